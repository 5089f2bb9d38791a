"""The EHRA survey plan a Pokja needs *before* the survey (pure, no I/O).

Stratification of every desa (four criteria, method reference §2.3), the sample size
(Krejcie–Morgan on the kabupaten's households, at least ``sampel.minimum_responden``
households, ``sampel.responden_per_desa`` per desa; or 30 desa; or a share of all desa, per
``sampel.metode``), the allocation of sample desa to strata (largest remainder) and the seeded
systematic pick within each stratum. ``ppsp rencana-ehra`` writes it as a workbook and a map.

The pick is the one :func:`ppsp_analysis.demo.synthetic_package` uses for its EHRA records,
so a demo package's surveyed desa are exactly the plan's sample desa.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from .ehra import (
    allocate_sample,
    krejcie_morgan,
    minimum_per_stratum,
    plan_sample,
    sample_households,
    sample_size_desa,
    stratify,
)

_METODE_TEXT = {
    "ppsp2014": "ppsp2014 — Krejcie–Morgan atas jumlah KK, minimal {minimum} rumah tangga, "
                "{per} rumah tangga per desa",
    "kemenkes2021_30": "kemenkes2021_30 — 30 desa (semua desa bila 30 atau kurang)",
    "proporsi_desa": "proporsi_desa — {share} dari jumlah desa, minimal {minimum} rumah tangga "
                     "dan {per} rumah tangga per desa",
}


@dataclass
class SurveyPlan:
    """An EHRA survey plan.

    Attributes
    ----------
    desa : pandas.DataFrame
        Every desa in listing order (Form 2 rows): codes and names, ``penduduk``,
        ``jumlah_kk``, ``kepadatan_jiwa_ha``, ``pct_kk_miskin``, the four ``kriteria_*``,
        ``strata``, ``sampel_ehra`` (bool), ``urutan_sampel`` (1.. for the sample, else
        ``<NA>``) and ``rt_sampel`` (households to interview; 0 when not selected).
    alokasi : pandas.DataFrame
        Per stratum: ``strata``, ``jumlah_desa``, ``kuota_proporsional`` (the exact share of
        the sample), ``desa_sampel``, ``rt_sampel``.
    ringkasan : pandas.DataFrame
        ``parameter``, ``nilai``, ``keterangan``: the numbers and rules of the plan in words.
    n_desa, n_rumah_tangga : int
        Sample desa and households.
    notes : list of str
        Things the Pokja must know (strata without sample desa …).
    """

    desa: pd.DataFrame
    alokasi: pd.DataFrame
    ringkasan: pd.DataFrame
    n_desa: int
    n_rumah_tangga: int
    notes: list[str] = field(default_factory=list)

    @property
    def sample(self) -> pd.DataFrame:
        """The selected desa in pick order: ``urutan_sampel``, codes, names, stratum, households."""
        cols = ["urutan_sampel", "kode_desa", "nama_desa", "kode_kec", "nama_kec", "strata",
                "rt_sampel"]
        chosen = self.desa[self.desa["sampel_ehra"]]
        return chosen.sort_values("urutan_sampel")[cols].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The workbook sheets, titled in Bahasa Indonesia."""
        return {"Ringkasan Rencana": self.ringkasan, "Alokasi per Strata": self.alokasi,
                "Desa Sampel": self.sample, "Stratifikasi Desa": self.desa}


def _int(n: float) -> str:
    return f"{int(n):,}".replace(",", ".")


def _dec(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def plan_survey(form2: pd.DataFrame, method: dict) -> SurveyPlan:
    """Plan the EHRA survey of one kabupaten from its Form 2.

    Parameters
    ----------
    form2 : pandas.DataFrame
        Form 2 rows (``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``, ``penduduk``,
        ``luas_ha``, ``jumlah_kk``, ``kk_miskin``, ``sungai_mck``, ``banjir_mengganggu``);
        their order is the listing order of the systematic pick.
    method : dict
        The merged method (options ``stratifikasi`` and ``sampel``).

    Returns
    -------
    SurveyPlan

    Examples
    --------
    >>> from ppsp_analysis.io import read_default_method
    >>> f2 = pd.DataFrame({"kode_desa": [f"99.01.01.{2001 + i}" for i in range(12)],
    ...                    "nama_desa": [f"D{i}" for i in range(12)], "kode_kec": "99.01.01",
    ...                    "nama_kec": "K", "penduduk": 1000, "luas_ha": 100.0,
    ...                    "jumlah_kk": 250, "kk_miskin": 25, "sungai_mck": [1, 0] * 6,
    ...                    "banjir_mengganggu": 0})
    >>> plan = plan_survey(f2, read_default_method())
    >>> plan.n_desa, plan.n_rumah_tangga, plan.alokasi["desa_sampel"].tolist()
    (10, 400, [5, 5])
    """
    m = method
    sampling = m["sampel"]
    f2 = form2.drop(columns="_baris", errors="ignore")
    f2 = f2[~f2["kode_desa"].astype(str).duplicated()].copy()
    f2.index = pd.Index(f2["kode_desa"].astype(str).to_numpy(), name="kode_desa")
    strat = stratify(f2, m["stratifikasi"]["ambang_kepadatan_jiwa_ha"],
                     m["stratifikasi"]["ambang_kemiskinan_pct"])
    total_kk = int(pd.to_numeric(f2["jumlah_kk"], errors="coerce").fillna(0).sum())
    n_all = len(f2)
    n = sample_size_desa(total_kk, n_all, sampling)
    minimum = minimum_per_stratum(sampling)
    seed = int(sampling["seed"])
    chosen = plan_sample(strat["strata"], n, seed, minimum)
    per_desa = int(sampling["responden_per_desa"])

    desa = f2[["kode_desa", "nama_desa", "kode_kec", "nama_kec"]].copy()
    pop = pd.to_numeric(f2["penduduk"], errors="coerce")
    kk = pd.to_numeric(f2["jumlah_kk"], errors="coerce")
    desa["penduduk"] = pop
    desa["jumlah_kk"] = kk
    desa["kepadatan_jiwa_ha"] = (pop / pd.to_numeric(f2["luas_ha"], errors="coerce")).round(2)
    desa["pct_kk_miskin"] = (100 * pd.to_numeric(f2["kk_miskin"], errors="coerce") / kk).round(1)
    desa = desa.join(strat)
    order = {code: i + 1 for i, code in enumerate(_pick_order(chosen))}
    desa["sampel_ehra"] = desa.index.isin(list(order))
    desa["urutan_sampel"] = pd.array([order.get(c) for c in desa.index], dtype="Int64")
    desa["rt_sampel"] = desa["sampel_ehra"].astype(int) * per_desa
    desa = desa.reset_index(drop=True)

    counts = strat["strata"].value_counts().sort_index()
    alloc = allocate_sample(counts, n, minimum)
    total = int(counts.sum())
    alokasi = pd.DataFrame({
        "strata": counts.index.astype(int),
        "jumlah_desa": counts.to_numpy().astype(int),
        "kuota_proporsional": [round(float(Fraction(n * int(c), total)), 2) if total else 0.0
                               for c in counts],
        "desa_sampel": [int(alloc[s]) for s in counts.index],
    })
    alokasi["rt_sampel"] = alokasi["desa_sampel"] * per_desa

    notes = []
    missing = [int(s) for s in alokasi["strata"][alokasi["desa_sampel"] == 0]]
    if missing:
        notes.append("strata tanpa desa sampel (IRS-nya tidak akan ada data kecuali metode "
                     f"dinaikkan): {', '.join(map(str, missing))}")
    n_hh = n * per_desa
    ringkasan = _summary(m, f2, strat, total_kk, n_all, n, n_hh, minimum)
    return SurveyPlan(desa=desa, alokasi=alokasi, ringkasan=ringkasan, n_desa=n,
                      n_rumah_tangga=n_hh, notes=notes)


def _pick_order(chosen: pd.DataFrame) -> list[str]:
    """Sample desa stratum by stratum, each in listing order (the order of the pick)."""
    return list(chosen.sort_values("strata", kind="stable")["kode_desa"].astype(str))


def _summary(m: dict, f2: pd.DataFrame, strat: pd.DataFrame, total_kk: int, n_all: int,
             n: int, n_hh: int, minimum: int) -> pd.DataFrame:
    s = m["sampel"]
    share = f"{_dec(float(s['proporsi']) * 100, 1).rstrip('0').rstrip(',')} %"
    metode = _METODE_TEXT[s["metode"]].format(minimum=_int(s["minimum_responden"]),
                                              per=_int(s["responden_per_desa"]), share=share)
    km = krejcie_morgan(total_kk, s["chi2"], s["p"], s["d"], s["pembulatan_krejcie_morgan"])
    poverty = m["stratifikasi"]["ambang_kemiskinan_pct"]
    if poverty is None:
        pct = 100 * pd.to_numeric(f2["kk_miskin"], errors="coerce") / pd.to_numeric(
            f2["jumlah_kk"], errors="coerce")
        poverty_text = f"median kabupaten = {_dec(float(pct.median()), 1)} % KK miskin"
    else:
        poverty_text = f"{_dec(float(poverty), 1)} % KK miskin"
    rows = [
        ("Metode penentuan jumlah sampel", metode, "opsi sampel.metode"),
        ("Jumlah desa/kelurahan", _int(n_all), "Form 2"),
        ("Jumlah KK kabupaten", _int(total_kk), "Form 2, kolom jumlah_kk"),
        ("Rumah tangga menurut Krejcie–Morgan", _int(km),
         f"χ² {_dec(s['chi2'], 3)}, P {_dec(s['p'], 2)}, d {_dec(s['d'], 2)}, pembulatan "
         f"{s['pembulatan_krejcie_morgan']} (Krejcie & Morgan 1970)"),
        ("Rumah tangga minimal", _int(sample_households(total_kk, s)),
         f"terbesar dari Krejcie–Morgan dan {_int(s['minimum_responden'])}"),
        ("Rumah tangga per desa", _int(s["responden_per_desa"]),
         "minimal 8 RT dipilih acak, minimal 5 responden per RT"),
    ]
    if s["metode"] == "proporsi_desa":
        rows.append(("Proporsi desa", share,
                     f"{share} × {_int(n_all)} desa = "
                     f"{_int(math.ceil(round(Fraction(str(s['proporsi'])) * n_all, 9)))} desa "
                     "(dibulatkan ke atas)"))
    rows += [
        ("Jumlah desa sampel", _int(n), "tidak lebih dari jumlah desa"),
        ("Jumlah rumah tangga sampel", _int(n_hh), "desa sampel × rumah tangga per desa"),
        ("Kriteria stratifikasi",
         f"kepadatan > {_dec(m['stratifikasi']['ambang_kepadatan_jiwa_ha'], 1)} jiwa/ha; "
         f"KK miskin > {poverty_text}; sungai dipakai MCK; banjir mengganggu",
         "strata = jumlah kriteria yang dipenuhi (0–4)"),
        ("Alokasi ke strata", "proporsional, sisa terbesar (largest remainder)"
         + (f"; minimal {minimum} desa per strata yang berdesa bila jumlah sampel cukup"
            if minimum else ""), "Kemenkes 2021"),
        ("Pemilihan desa", "sistematik acak di tiap strata, urutan Form 2",
         "interval = desa strata ÷ desa sampel strata; awal acak"),
        ("Seed acak", str(int(s["seed"])), "opsi sampel.seed: seed sama, pilihan sama"),
    ]
    return pd.DataFrame(rows, columns=["parameter", "nilai", "keterangan"])


__all__ = ["SurveyPlan", "plan_survey"]
