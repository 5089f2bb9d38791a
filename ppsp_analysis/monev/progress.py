"""Indicator series from the catalogue, and progress against targets with a printed rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import fmt
from ._base import MonevInput, MonevResult, MonevWarning, divide, missing_years, short_list
from .budget import annual_population, program_basis, sanitation_budget
from .catalogue import evaluate_formula, indicator_catalogue, merge_targets
from .ladders import prepare_access, sum_by_level
from .targeting import targeting_basis

STATUS_ON_TRACK = "sesuai jalur"
STATUS_AT_RISK = "berisiko"
STATUS_OFF_TRACK = "tidak sesuai jalur"
STATUS_NOT_ASSESSABLE = "tidak dapat dinilai"
STATUS_NO_TARGET = "tanpa target"
STATUS = (STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK, STATUS_NOT_ASSESSABLE,
          STATUS_NO_TARGET)
AT_RISK_THRESHOLD = 0.5
"""Default lower bound of the trend/required-rate ratio for "berisiko"."""
TREND_WINDOW_YEARS = 5
"""Default number of most recent calendar years the observed trend is fitted on."""
_EPS = 1e-9


def status_rule(at_risk_threshold: float = AT_RISK_THRESHOLD,
                window_years: int | None = TREND_WINDOW_YEARS) -> str:
    """The status rule in Bahasa Indonesia, for the report's *Metode dan Asumsi* section.

    Examples
    --------
    >>> print(status_rule().splitlines()[1][:40])
    1. Laju teramati = kemiringan garis tren
    """
    window = (f"{window_years} tahun terakhir" if window_years else "semua tahun data")
    b = fmt.number(at_risk_threshold)
    return (
        "Status capaian tiap indikator dinilai terhadap target SSK kabupaten bila ada, selain "
        "itu target nasional, pada tahun target terdekat yang belum lewat (tahun target ≥ tahun "
        "data terakhir; bila semua sudah lewat, tahun target terakhir):\n"
        "1. Laju teramati = kemiringan garis tren (kuadrat terkecil) atas nilai "
        f"{window}; laju diperlukan = (target − nilai terakhir) ÷ (tahun target − tahun data "
        "terakhir); keduanya dibaca searah perbaikan (naik atau turun sesuai indikator).\n"
        f"2. \"{STATUS_ON_TRACK}\": target sudah tercapai, atau laju teramati ≥ laju diperlukan "
        "(rasio ≥ 1).\n"
        f"3. \"{STATUS_AT_RISK}\": rasio laju teramati ÷ laju diperlukan ≥ {b} dan < 1.\n"
        f"4. \"{STATUS_OFF_TRACK}\": rasio < {b} (termasuk stagnan atau memburuk), atau "
        "tahun target sudah tiba/lewat dan target belum tercapai.\n"
        f"5. \"{STATUS_NOT_ASSESSABLE}\": target belum tercapai dan data kurang dari dua tahun "
        f"sehingga tren tidak dapat dihitung; \"{STATUS_NO_TARGET}\": tidak ada target "
        "nasional maupun SSK.")


STATUS_RULE = status_rule()
"""The default status rule as printed in the report."""


def progress_status(needed: float, years_left: float, rate: float,
                    at_risk_threshold: float = AT_RISK_THRESHOLD) -> str:
    """Progress status of one indicator (the rule of :data:`STATUS_RULE`).

    Parameters
    ----------
    needed : float
        Improvement still needed, in the direction of improvement: ``(target − value)`` for a
        higher-is-better indicator, ``(value − target)`` for lower-is-better. ≤ 0 = reached.
    years_left : float
        Target year − year of the latest value.
    rate : float
        Observed improvement per year (same direction convention); NaN when unknown.
    at_risk_threshold : float
        Lowest ratio ``rate ÷ (needed / years_left)`` still called "berisiko".

    Returns
    -------
    str
        One of ``"sesuai jalur"``, ``"berisiko"``, ``"tidak sesuai jalur"``,
        ``"tidak dapat dinilai"``.

    Examples
    --------
    >>> progress_status(10, 5, 2.0), progress_status(10, 5, 1.0), progress_status(10, 5, 0.99)
    ('sesuai jalur', 'berisiko', 'tidak sesuai jalur')
    >>> progress_status(0, 5, -3.0), progress_status(5, 0, 9.0)
    ('sesuai jalur', 'tidak sesuai jalur')
    >>> progress_status(5, 3, float("nan"))
    'tidak dapat dinilai'
    """
    if needed <= _EPS:
        return STATUS_ON_TRACK
    if years_left <= 0:
        return STATUS_OFF_TRACK
    if rate is None or math.isnan(rate):
        return STATUS_NOT_ASSESSABLE
    ratio = rate / (needed / years_left)
    if ratio >= 1 - _EPS:
        return STATUS_ON_TRACK
    if ratio >= at_risk_threshold - _EPS:
        return STATUS_AT_RISK
    return STATUS_OFF_TRACK


def trend_rate(years: np.ndarray | pd.Series, values: np.ndarray | pd.Series) -> float:
    """Least-squares slope of ``values`` on ``years`` (units per year); NaN with < 2 years.

    Examples
    --------
    >>> trend_rate([2020, 2021, 2023], [10.0, 12.0, 16.0])
    2.0
    """
    t = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    ok = ~np.isnan(v)
    t, v = t[ok], v[ok]
    if len(np.unique(t)) < 2:
        return float("nan")
    tm = t - t.mean()
    return float(np.round((tm * (v - v.mean())).sum() / (tm**2).sum(), 10)) + 0.0


def indicator_series(monev_input: MonevInput, level: str = "kabupaten",
                     scored: pd.DataFrame | None = None, indicators: list[str] | None = None,
                     prepared: MonevResult | None = None) -> MonevResult:
    """Compute every catalogue indicator per unit and year, as ratios of sums.

    Access indicators (basis ``akses``) are computed at any ``level``; budget, programme and
    targeting indicators only for the kabupaten (basis ``sasaran`` needs ``scored``).

    Parameters
    ----------
    monev_input : MonevInput
        The kabupaten's sheets.
    level : {"desa", "kecamatan", "kabupaten"}
        Unit.
    scored : pandas.DataFrame, optional
        Scored table, for ``anggaran_desa_prioritas``.
    indicators : list of str, optional
        Subset of catalogue codes (default: all).
    prepared : MonevResult, optional
        :func:`~ppsp_analysis.monev.ladders.prepare_access` of ``monev_input``, if already
        computed.

    Returns
    -------
    MonevResult
        Long ``table``: ``tingkat, kode_unit, nama_unit, indikator, tahun, pembilang,
        penyebut, nilai, jumlah_desa_data`` (``nilai = pembilang / penyebut × skala``;
        ``jumlah_desa_data`` = desa that entered the access sums, NaN for budget indicators).
    """
    cat = indicator_catalogue()
    if indicators is not None:
        cat = cat.loc[indicators]
    kab, name = monev_input.kabupaten_code, monev_input.kabupaten_name
    if prepared is None:
        prepared = prepare_access(monev_input.access, monev_input.form2)
    warnings = list(prepared.warnings)
    parts = []
    for code, d in cat[cat["basis"] == "akses"].iterrows():
        desa = prepared.table.assign(_p=evaluate_formula(d["pembilang"], prepared.table),
                                     _q=evaluate_formula(d["penyebut"], prepared.table))
        t = sum_by_level(desa, ["_p", "_q"], level, d["kelompok"], None, kab, name)
        parts.append(_to_series(t, code, d))
    if level == "kabupaten":
        basis: dict[str, pd.DataFrame] = {}
        if (cat["basis"] == "anggaran").any() or (cat["basis"] == "program").any():
            years = set()
            for df in (monev_input.budget, monev_input.program):
                if df is not None and len(df) and "tahun" in df:
                    years |= set(pd.to_numeric(df["tahun"], errors="coerce").dropna().astype(int))
            population = annual_population(prepared.table, monev_input.form2, sorted(years))
            budget = sanitation_budget(monev_input.budget, population.table)
            prog = program_basis(monev_input.program)
            basis["anggaran"], basis["program"] = budget.table, prog.table
            if len(budget.table):
                warnings += population.warnings
            warnings += budget.warnings + prog.warnings
        if (cat["basis"] == "sasaran").any() and scored is not None:
            targeting = targeting_basis(monev_input.program, scored,
                                        monev_input.ambang_prioritas)
            basis["sasaran"] = targeting.table
            warnings += [p for p in targeting.warnings if p not in warnings]
        for code, d in cat[cat["basis"] != "akses"].iterrows():
            df = basis.get(d["basis"])
            if df is None or not len(df):
                continue
            t = pd.DataFrame({"tingkat": level, "kode_unit": kab, "nama_unit": name,
                              "tahun": df["tahun"].astype(int),
                              "_p": evaluate_formula(d["pembilang"], df),
                              "_q": evaluate_formula(d["penyebut"], df)})
            parts.append(_to_series(t, code, d))
    cols = ["tingkat", "kode_unit", "nama_unit", "indikator", "tahun", "pembilang", "penyebut",
            "nilai", "jumlah_desa_data"]
    parts = [b for b in parts if len(b)]
    out = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    return MonevResult(out, _unique(warnings))


def assess_progress(series: pd.DataFrame, targets: pd.DataFrame | None = None,
                    year: int | None = None, target_year: int | None = None,
                    window_years: int | None = TREND_WINDOW_YEARS,
                    at_risk_threshold: float = AT_RISK_THRESHOLD) -> MonevResult:
    """Latest value, gap, required vs observed annual rate and status per unit and indicator.

    Parameters
    ----------
    series : pandas.DataFrame
        Long series (:func:`indicator_series`): ``kode_unit, nama_unit, indikator, tahun, nilai``.
    targets : pandas.DataFrame, optional
        Merged targets (:func:`~ppsp_analysis.monev.catalogue.merge_targets`); default: the
        national targets only.
    year : int, optional
        Reporting year: data after it are ignored.
    target_year : int, optional
        Evaluate against this target year only; default: the SSK target with the nearest
        year ≥ the latest data year, else such a national target, else the latest target year
        (deadline passed; SSK first).
    window_years : int or None
        Fit the trend on this many most recent calendar years (None = all).
    at_risk_threshold : float
        See :func:`progress_status`.

    Returns
    -------
    MonevResult
        ``table``: ``kode_unit, nama_unit, indikator, nama, satuan, arah, tahun_awal,
        tahun_terakhir, jumlah_tahun, nilai_awal, nilai_terakhir, desa_data_terakhir,
        tahun_target, target,
        sumber_target, asal_target, selisih`` (target − latest), ``sisa_tahun``,
        ``laju_diperlukan``, ``laju_teramati`` (units/year, signed), ``rasio_laju``,
        ``proyeksi`` (latest + trend × years left), ``tercapai``, ``status``, ``keterangan``.
    """
    cat = indicator_catalogue()
    if targets is None:
        targets, _ = merge_targets(None)
    warnings: list[MonevWarning] = []
    s = series.dropna(subset=["nilai"])
    if year is not None:
        s = s[s["tahun"] <= year]
    rows = []
    gaps: dict[tuple[int, ...], set[tuple[str, str]]] = {}
    stale: dict[int, set[tuple[str, str]]] = {}
    for (unit, unit_name, code), g in s.groupby(["kode_unit", "nama_unit", "indikator"],
                                                sort=False):
        g = g.sort_values("tahun")
        d = cat.loc[code]
        direction = 1.0 if d["arah"] == "naik" else -1.0
        last_year, last_value = int(g["tahun"].iloc[-1]), float(g["nilai"].iloc[-1])
        window_data = g[g["tahun"] > last_year - window_years] if window_years else g
        rate = trend_rate(window_data["tahun"], window_data["nilai"])
        missing = tuple(missing_years(g["tahun"]))
        if missing:
            gaps.setdefault(missing, set()).add((unit_name, d["nama"]))
        if year is not None and last_year < year:
            stale.setdefault(last_year, set()).add((unit_name, d["nama"]))
        b = {"kode_unit": unit, "nama_unit": unit_name, "indikator": code, "nama": d["nama"],
             "satuan": d["satuan"], "arah": d["arah"], "tahun_awal": int(g["tahun"].iloc[0]),
             "tahun_terakhir": last_year, "jumlah_tahun": int(g["tahun"].nunique()),
             "nilai_awal": float(g["nilai"].iloc[0]), "nilai_terakhir": last_value,
             "desa_data_terakhir": (g["jumlah_desa_data"].iloc[-1] if "jumlah_desa_data" in g
                                    else np.nan),
             "laju_teramati": rate}
        tgt = _pick_target(targets[targets["indikator"] == code], last_year, target_year)
        if tgt is None:
            b.update(status=STATUS_NO_TARGET, keterangan="tidak ada target nasional/SSK")
            rows.append(b)
            continue
        years_left = int(tgt["tahun"]) - last_year
        gap = float(tgt["nilai"]) - last_value
        needed = gap * direction
        required = gap / years_left if years_left > 0 else float("nan")
        b.update(tahun_target=int(tgt["tahun"]), target=float(tgt["nilai"]),
                 sumber_target=tgt["sumber"], asal_target=tgt["asal"], selisih=gap,
                 sisa_tahun=years_left, laju_diperlukan=required,
                 rasio_laju=(divide(rate, required) if years_left > 0 and needed > _EPS
                             else float("nan")),
                 proyeksi=last_value + rate * years_left if years_left > 0 else float("nan"),
                 tercapai=bool(needed <= _EPS),
                 status=progress_status(needed, years_left, rate * direction, at_risk_threshold))
        b["keterangan"] = _explanation(b, d["satuan"], direction)
        rows.append(b)
    for missing, items in gaps.items():
        units = sorted({u for u, _ in items})
        inds = sorted({i for _, i in items})
        warnings.append(MonevWarning(
            "tahun_hilang", f"tidak ada nilai tahun {short_list(missing)} untuk {len(inds)} "
            f"indikator di {len(units)} wilayah ({short_list(units, 4)}); tren dihitung dari "
            "tahun yang ada", year=missing[0]))
    for last_year, items in sorted(stale.items()):
        inds = sorted({i for _, i in items})
        warnings.append(MonevWarning(
            "data_lama", f"data terakhir tahun {last_year}, bukan tahun laporan {year}, untuk "
            f"{len(inds)} indikator: {short_list(inds, 4)}", year=last_year))
    with_data = set(s["indikator"])
    without = sorted(set(targets["indikator"]) - with_data)
    if without:
        warnings.append(MonevWarning("target_tanpa_data", "ada target tetapi tidak ada data "
                                     f"capaian untuk: {short_list(without)}"))
    cols = ["kode_unit", "nama_unit", "indikator", "nama", "satuan", "arah", "tahun_awal",
            "tahun_terakhir", "jumlah_tahun", "nilai_awal", "nilai_terakhir",
            "desa_data_terakhir", "tahun_target",
            "target", "sumber_target", "asal_target", "selisih", "sisa_tahun", "laju_diperlukan",
            "laju_teramati", "rasio_laju", "proyeksi", "tercapai", "status", "keterangan"]
    return MonevResult(pd.DataFrame(rows, columns=cols), warnings)


# --------------------------------------------------------------------------- helpers
def _to_series(t: pd.DataFrame, code: str, d: pd.Series) -> pd.DataFrame:
    """Series rows of indicator ``code`` from the summed numerator ``_p`` and denominator ``_q``."""
    out = t[["tingkat", "kode_unit", "nama_unit", "tahun"]].copy()
    out["indikator"] = code
    out["jumlah_desa_data"] = (t["jumlah_desa_data"].to_numpy() if "jumlah_desa_data" in t
                               else np.nan)
    out["pembilang"], out["penyebut"] = t["_p"].to_numpy(), t["_q"].to_numpy()
    if d["penyebut"].strip():
        out["nilai"] = divide(out["pembilang"], out["penyebut"], d["skala"])
    else:
        out["penyebut"] = np.nan
        out["nilai"] = out["pembilang"] * d["skala"]
    return out


def _pick_target(t: pd.DataFrame, data_year: int, target_year: int | None) -> pd.Series | None:
    """Nearest target year ≥ the data year, SSK before national; else the latest one passed."""
    if not len(t):
        return None
    t = t.assign(_nas=(t["asal"] != "SSK").astype(int))
    if target_year is not None:
        chosen = t[t["tahun"] == target_year].sort_values("_nas")
        return chosen.iloc[0] if len(chosen) else None
    ahead = t[t["tahun"] >= data_year].sort_values(["_nas", "tahun"])
    if len(ahead):
        return ahead.iloc[0]
    return t.sort_values(["_nas", "tahun"], ascending=[True, False]).iloc[0]


def _signed(x: float, decimals: int = 1) -> str:
    """Signed number with Indonesian separators: ``1234.5 -> '+1.234,5'``."""
    return fmt.signed(x, decimals)


def _explanation(b: dict, unit: str, direction: float) -> str:
    """One-sentence explanation of a progress row (Bahasa Indonesia, for the report)."""
    rate_unit = "poin" if unit.startswith("%") else unit
    if b["tercapai"]:
        return f"target {fmt.year(b['tahun_target'])} sudah tercapai"
    if b["sisa_tahun"] <= 0:
        return f"tahun target {fmt.year(b['tahun_target'])} sudah tiba/lewat, target belum tercapai"
    if math.isnan(b["laju_teramati"]):
        return "baru satu tahun data; tren belum dapat dihitung"
    pct = b["rasio_laju"] * 100
    return (f"perlu {_signed(b['laju_diperlukan'])} {rate_unit}/tahun sampai "
            f"{fmt.year(b['tahun_target'])}, tren {_signed(b['laju_teramati'])} {rate_unit}/tahun "
            f"({fmt.percent(pct, 0)} dari yang diperlukan)")


def _unique(warnings: list[MonevWarning]) -> list[MonevWarning]:
    """Drop repeated warnings, keeping the first occurrence."""
    seen, out = set(), []
    for p in warnings:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
