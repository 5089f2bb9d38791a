"""APBD capacity: APBD murni sanitasi per year, its growth and its projection over the SSK.

APBD murni sanitasi = belanja sanitasi − DAK sanitasi − pinjaman/hibah (Juknis *Perkiraan
Kemampuan Daerah untuk Pendanaan Sanitasi*; computed by
:func:`ppsp_analysis.monev.sanitation_budget`). Growth ``g`` is either the mean of the
year-on-year rates (``rata_rata``, the SSK table's *Rata2 pertumbuhan*) or the compound
annual rate between the first and the last year (``cagr``). The projection for a year ``y``
after the last observed year ``n`` is ``murni[n] × (1 + g)^(y − n)``; an SSK year already
observed keeps its observed value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..monev.budget import sanitation_budget
from ._base import MonevResult, MonevWarning, SSKPeriod

GROWTH_METHODS = ("rata_rata", "cagr")
GROWTH_LABEL = {"rata_rata": "rata-rata pertumbuhan tahunan",
                "cagr": "pertumbuhan majemuk tahunan (CAGR)"}


def apbd_murni(budget: pd.DataFrame | None) -> MonevResult:
    """APBD murni sanitasi and its share of the APBD per year (sheet ``Anggaran``).

    Returns
    -------
    MonevResult
        ``table``: ``tahun, total_apbd_rp, belanja_sanitasi_rp, dak_sanitasi_rp,
        pinjaman_hibah_rp, apbd_murni_sanitasi_rp, pct_apbd_murni_sanitasi,
        pct_belanja_sanitasi_apbd, pertumbuhan_apbd_murni_pct``.
    """
    r = sanitation_budget(budget)
    cols = ["tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
            "pinjaman_hibah_rp", "apbd_murni_sanitasi_rp", "pct_apbd_murni_sanitasi",
            "pct_belanja_sanitasi_apbd", "pertumbuhan_apbd_murni_pct"]
    t = r.table
    if not len(t):
        return MonevResult(pd.DataFrame(columns=cols), r.warnings)
    return MonevResult(t[cols].reset_index(drop=True), r.warnings)


def growth_rate(murni: pd.Series, method: str = "rata_rata") -> MonevResult:
    """Growth of APBD murni sanitasi, % per year.

    Parameters
    ----------
    murni : pandas.Series
        APBD murni sanitasi indexed by year.
    method : {"rata_rata", "cagr"}
        ``rata_rata``: mean of ``murni[t] / murni[t − 1] − 1`` over consecutive years;
        ``cagr``: ``(murni[n] / murni[first])^(1 / (n − first)) − 1``.

    Returns
    -------
    MonevResult
        ``table``: one row ``metode, pertumbuhan_pct, tahun_awal, tahun_akhir,
        jumlah_tahun``; 0 % with a warning when it cannot be computed (fewer than two years,
        values ≤ 0).

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 132.0], index=[2022, 2023, 2024])
    >>> round(float(growth_rate(s, "rata_rata").table["pertumbuhan_pct"].iloc[0]), 6)
    15.0
    >>> round(float(growth_rate(s, "cagr").table["pertumbuhan_pct"].iloc[0]), 4)  # 1,32^½ − 1
    14.8913
    """
    if method not in GROWTH_METHODS:
        raise ValueError(f"metode pertumbuhan tidak dikenal: {method!r}")
    warnings: list[MonevWarning] = []
    s = murni.dropna().sort_index()
    s.index = s.index.astype(int)
    g = np.nan
    if len(s) >= 2:
        if method == "cagr":
            first, last = s.iloc[0], s.iloc[-1]
            if first > 0 and last > 0:
                g = ((last / first) ** (1.0 / (s.index[-1] - s.index[0])) - 1.0) * 100.0
        else:
            prev = s.reindex(s.index - 1).to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                rates = np.where(prev > 0, s.to_numpy() / prev - 1.0, np.nan)
            rates = rates[~np.isnan(rates)]
            if len(rates):
                g = float(rates.mean()) * 100.0
    if np.isnan(g):
        warnings.append(MonevWarning(
            "pertumbuhan_tidak_dihitung", "pertumbuhan APBD murni sanitasi tidak dapat dihitung "
            f"({len(s)} tahun data, perlu ≥ 2 tahun berurutan bernilai positif); proyeksi "
            "memakai pertumbuhan 0 %", sheet="Anggaran"))
        g = 0.0
    row = {"metode": method, "pertumbuhan_pct": float(g),
           "tahun_awal": int(s.index[0]) if len(s) else None,
           "tahun_akhir": int(s.index[-1]) if len(s) else None, "jumlah_tahun": int(len(s))}
    return MonevResult(pd.DataFrame([row]), warnings)


def project_capacity(murni: pd.Series, period: SSKPeriod,
                     method: str = "rata_rata") -> MonevResult:
    """APBD murni sanitasi for every year of the SSK period: observed, else projected.

    Parameters
    ----------
    murni : pandas.Series
        APBD murni sanitasi indexed by year.
    period : SSKPeriod
    method : {"rata_rata", "cagr"}
        Growth rule (:func:`growth_rate`).

    Returns
    -------
    MonevResult
        ``table``: ``tahun, apbd_murni_proyeksi_rp, dasar_nilai`` (``realisasi`` or ``proyeksi``),
        ``tahun_dasar``, ``pertumbuhan_pct``. ``table.attrs["pertumbuhan"]`` holds the
        :func:`growth_rate` row.

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 121.0], index=[2023, 2024, 2025])
    >>> t = project_capacity(s, SSKPeriod(2025, 2027, 2026)).table
    >>> [round(v, 4) for v in t["apbd_murni_proyeksi_rp"]]   # 121 observed, × 1,1, × 1,1²
    [121.0, 133.1, 146.41]
    """
    growth = growth_rate(murni, method)
    g = float(growth.table["pertumbuhan_pct"].iloc[0])
    s = murni.dropna().sort_index()
    cols = ["tahun", "apbd_murni_proyeksi_rp", "dasar_nilai", "tahun_dasar", "pertumbuhan_pct"]
    warnings = list(growth.warnings)
    if not len(s):
        warnings.append(MonevWarning(
            "apbd_murni_kosong", "APBD murni sanitasi belum ada (sheet Anggaran): kapasitas "
            "APBD dihitung 0", sheet="Anggaran"))
        table = pd.DataFrame({"tahun": period.years, "apbd_murni_proyeksi_rp": 0.0,
                              "dasar_nilai": "tidak ada data", "tahun_dasar": None,
                              "pertumbuhan_pct": g})
        table.attrs["pertumbuhan"] = growth.table.iloc[0].to_dict()
        return MonevResult(table[cols], warnings)
    n = int(s.index[-1])
    last = float(s.iloc[-1])
    rows = []
    for y in period.years:
        if y in s.index:
            rows.append((y, float(s.loc[y]), "realisasi", y, g))
        else:
            rows.append((y, last * (1.0 + g / 100.0) ** (y - n), "proyeksi", n, g))
    table = pd.DataFrame(rows, columns=cols)
    table.attrs["pertumbuhan"] = growth.table.iloc[0].to_dict()
    return MonevResult(table, warnings)
