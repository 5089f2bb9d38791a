"""Programs, budget and commitments (sheets ``Program``, ``Anggaran``, ``Komitmen``).

APBD murni untuk sanitasi (Juknis-01/-03 *Perkiraan Kemampuan Daerah untuk Pendanaan
Sanitasi*) = belanja sanitasi − DAK sanitasi − pinjaman/hibah; its share is taken of the
total APBD (the formula is read from the indicator catalogue, ``apbd_murni_sanitasi``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..schema import (
    JENIS_BELANJA,
    JENIS_PIHAK,
    JENIS_PIHAK_ALIAS,
    KOMPONEN_PROGRAM,
    STATUS_KOMITMEN,
    STATUS_KOMITMEN_ALIAS,
    SUMBER_DANA,
    canonical_choice,
    status_key,
)
from ._base import (
    MonevResult,
    MonevWarning,
    check_columns,
    coerce_numeric,
    divide,
    has_rows,
    missing_years,
    short_list,
)
from .catalogue import evaluate_formula, indicator_catalogue

# the contract's vocabularies, defined once in ppsp_analysis.schema
FUNDING_SOURCES = SUMBER_DANA
ACTIVITY_TYPES = JENIS_BELANJA
PROGRAM_COMPONENTS = KOMPONEN_PROGRAM
COMPONENT_LABELS = {"air_limbah": "Air limbah domestik", "persampahan": "Persampahan",
                    "drainase": "Drainase lingkungan", "phbs": "PHBS", "semua": "Semua komponen",
                    "air_minum": "Air minum"}
PARTY_TYPES = JENIS_PIHAK
COMMITMENT_STATUSES = STATUS_KOMITMEN
_PROGRAM_COLUMNS = ["tahun", "nama_kegiatan", "komponen", "sumber_dana", "jenis", "kode_desa",
                    "rencana_rp", "realisasi_rp"]
_BUDGET_COLUMNS = ["tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                   "pinjaman_hibah_rp"]


def prepare_program(program: pd.DataFrame | None) -> MonevResult:
    """Validate sheet ``Program`` and normalise its categories.

    Category values are matched case-insensitively to :data:`FUNDING_SOURCES`,
    :data:`ACTIVITY_TYPES` and :data:`PROGRAM_COMPONENTS`; unknown values are kept as written and
    reported. ``kode_desa`` blank means kabupaten-wide (``NaN`` in the output).

    Returns
    -------
    MonevResult
        ``table``: the cleaned rows (``tahun`` int, amounts float). ``warnings``: empty
        sheet, unknown categories, blank amounts, gaps in the years, realisation above plan.
    """
    warnings: list[MonevWarning] = []
    if not has_rows(program):
        warnings.append(MonevWarning("sheet_kosong", "sheet Program kosong: rencana dan "
                                     "realisasi program tidak dapat dihitung", sheet="Program"))
        return MonevResult(pd.DataFrame(columns=_PROGRAM_COLUMNS), warnings)
    check_columns(program, _PROGRAM_COLUMNS, "Program")
    df = coerce_numeric(program, ["tahun", "rencana_rp", "realisasi_rp"], "Program", warnings)
    no_year = df["tahun"].isna()
    if no_year.any():
        warnings.append(MonevWarning("tahun_kosong", f"{int(no_year.sum())} kegiatan tanpa tahun "
                                     "diabaikan", sheet="Program"))
        df = df[~no_year].copy()
    df["tahun"] = df["tahun"].astype(int)
    realised = df.loc[df["realisasi_rp"].notna(), "tahun"]
    if len(realised):       # rows after the last realised year are the SSK plan ahead
        plan = (df["tahun"] > realised.max()) & df["realisasi_rp"].isna()
        if plan.any():
            yrs = sorted(set(df.loc[plan, "tahun"]))
            span = f"{yrs[0]}–{yrs[-1]}" if len(yrs) > 1 else str(yrs[0])
            warnings.append(MonevWarning(
                "rencana_ke_depan", f"{int(plan.sum())} kegiatan tahun {span} belum punya "
                "realisasi (rencana SSK ke depan): tidak dihitung dalam rencana vs realisasi, "
                "dipakai untuk kebutuhan biaya", sheet="Program"))
            df = df[~plan].copy()
    for column, valid in (("sumber_dana", FUNDING_SOURCES), ("jenis", ACTIVITY_TYPES),
                          ("komponen", PROGRAM_COMPONENTS)):
        df[column], p = _normalise(df[column], valid, column, "Program")
        warnings += p
    code = df["kode_desa"].astype("string").str.strip()
    df["kode_desa"] = code.where(code.notna() & (code != ""), None).astype(object)
    for k in ("rencana_rp", "realisasi_rp"):
        if df[k].isna().any():
            warnings.append(MonevWarning(
                "nilai_kosong", f"{int(df[k].isna().sum())} kegiatan tanpa {k} (dihitung 0)",
                sheet="Program"))
    over = df["realisasi_rp"] > df["rencana_rp"]
    if over.any():
        warnings.append(MonevWarning(
            "realisasi_lebih", f"{int(over.sum())} kegiatan realisasinya melebihi rencana: "
            f"{short_list(df.loc[over, 'nama_kegiatan'], 5)}", sheet="Program"))
    for yr in missing_years(df["tahun"]):
        warnings.append(MonevWarning("tahun_hilang", f"tidak ada kegiatan tercatat tahun {yr}",
                                     sheet="Program", year=yr))
    return MonevResult(df.reset_index(drop=True), warnings)


def program_summary(program: pd.DataFrame | None,
                    by: Sequence[str] = ("tahun", "komponen", "sumber_dana", "jenis"),
                    ) -> MonevResult:
    """Plan vs realisation summed over the categories ``by``.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    by : sequence of str
        Any of ``tahun, komponen, sumber_dana, jenis, kode_desa``.

    Returns
    -------
    MonevResult
        ``table``: ``<by>..., jumlah_kegiatan, rencana_rp, realisasi_rp, pct_realisasi``
        (realisasi ÷ rencana × 100, NaN when nothing was planned).
    """
    prepared = prepare_program(program)
    df = prepared.table
    by = list(by)
    if not len(df):
        cols = [*by, "jumlah_kegiatan", "rencana_rp", "realisasi_rp", "pct_realisasi"]
        return MonevResult(pd.DataFrame(columns=cols), prepared.warnings)
    g = df.groupby(by, dropna=False, sort=True)
    out = g[["rencana_rp", "realisasi_rp"]].sum(min_count=1).fillna(0.0)
    out.insert(0, "jumlah_kegiatan", g.size())
    out = out.reset_index()
    out["pct_realisasi"] = divide(out["realisasi_rp"], out["rencana_rp"], 100.0)
    return MonevResult(out, prepared.warnings)


def program_basis(program: pd.DataFrame | None) -> MonevResult:
    """Per-year sums used by the programme indicators of the catalogue.

    Returns
    -------
    MonevResult
        ``table``: ``tahun, rencana_rp, realisasi_rp, realisasi_investasi_rp,
        realisasi_om_rp``.
    """
    prepared = prepare_program(program)
    df = prepared.table
    cols = ["tahun", "rencana_rp", "realisasi_rp", "realisasi_investasi_rp", "realisasi_om_rp"]
    if not len(df):
        return MonevResult(pd.DataFrame(columns=cols), prepared.warnings)
    d = df.assign(realisasi_investasi_rp=df["realisasi_rp"].where(df["jenis"] == "investasi", 0),
                  realisasi_om_rp=df["realisasi_rp"].where(df["jenis"] == "O&M", 0))
    out = d.groupby("tahun")[cols[1:]].sum().reset_index()
    return MonevResult(out, prepared.warnings)


def annual_population(prepared_access: pd.DataFrame, form2: pd.DataFrame,
                      years: Sequence[int]) -> MonevResult:
    """Kabupaten population per year for per-capita indicators.

    The sum of ``penduduk`` in sheet ``Akses`` is used when every desa of ``Form2`` reported it
    that year; otherwise the ``Form2`` total is used and the substitution is reported.

    Parameters
    ----------
    prepared_access : pandas.DataFrame
        Output table of :func:`~ppsp_analysis.monev.ladders.prepare_access`.
    form2 : pandas.DataFrame
        Sheet ``Form2`` (``penduduk`` used as fallback).
    years : sequence of int
        Years needed.

    Returns
    -------
    MonevResult
        ``table``: ``tahun, penduduk, sumber_penduduk`` (``"Akses"``, ``"Form2"`` or ``""``).
    """
    n_desa = form2["kode_desa"].nunique()
    f2_total = (pd.to_numeric(form2["penduduk"], errors="coerce").sum(min_count=1)
                if "penduduk" in form2 else np.nan)
    rows, warnings = [], []
    for yr in sorted({int(t) for t in years}):
        g = prepared_access[(prepared_access["tahun"] == yr)
                            & prepared_access["penduduk"].notna()]
        if len(g) and g["kode_desa"].nunique() == n_desa:
            rows.append((yr, float(g["penduduk"].sum()), "Akses"))
        elif pd.notna(f2_total):
            rows.append((yr, float(f2_total), "Form2"))
            warnings.append(MonevWarning(
                "penduduk_pengganti", f"tahun {yr}: penduduk di sheet Akses tidak lengkap "
                f"({g['kode_desa'].nunique()} dari {n_desa} desa); per kapita memakai penduduk "
                "Form2", sheet="Akses", year=yr))
        else:
            rows.append((yr, np.nan, ""))
            warnings.append(MonevWarning(
                "penduduk_hilang", f"tahun {yr}: jumlah penduduk tidak diketahui; nilai per "
                "kapita tidak dihitung", sheet="Akses", year=yr))
    return MonevResult(pd.DataFrame(rows, columns=["tahun", "penduduk", "sumber_penduduk"]),
                       warnings)


def sanitation_budget(budget: pd.DataFrame | None,
                      population: pd.DataFrame | None = None) -> MonevResult:
    """APBD-murni sanitation spending, its share of the APBD, per-capita values and growth.

    Parameters
    ----------
    budget : pandas.DataFrame
        Sheet ``Anggaran``: ``tahun, total_apbd_rp, belanja_sanitasi_rp, dak_sanitasi_rp,
        pinjaman_hibah_rp``.
    population : pandas.DataFrame, optional
        ``tahun, penduduk`` (see :func:`annual_population`); per-capita columns are NaN without.

    Returns
    -------
    MonevResult
        ``table`` per year: the inputs, ``apbd_murni_sanitasi_rp`` (belanja − DAK −
        pinjaman/hibah), ``pct_belanja_sanitasi_apbd``, ``pct_apbd_murni_sanitasi`` (both
        ÷ total APBD × 100), ``penduduk``, ``belanja_sanitasi_per_kapita``,
        ``apbd_murni_per_kapita`` (Rp/jiwa), ``pertumbuhan_belanja_sanitasi_pct`` and
        ``pertumbuhan_apbd_murni_pct`` (growth over the previous calendar year; NaN when that
        year is missing).

    Examples
    --------
    >>> a = pd.DataFrame({"tahun": [2024], "total_apbd_rp": [1_000e9],
    ...     "belanja_sanitasi_rp": [30e9], "dak_sanitasi_rp": [8e9], "pinjaman_hibah_rp": [2e9]})
    >>> float(sanitation_budget(a).table["pct_apbd_murni_sanitasi"].iloc[0])
    2.0
    """
    warnings: list[MonevWarning] = []
    if not has_rows(budget):
        warnings.append(MonevWarning("sheet_kosong", "sheet Anggaran kosong: APBD murni sanitasi "
                                     "tidak dapat dihitung", sheet="Anggaran"))
        return MonevResult(pd.DataFrame(columns=_BUDGET_COLUMNS), warnings)
    check_columns(budget, _BUDGET_COLUMNS, "Anggaran")
    df = coerce_numeric(budget, _BUDGET_COLUMNS, "Anggaran", warnings)
    df = df.dropna(subset=["tahun"]).copy()
    df["tahun"] = df["tahun"].astype(int)
    if df["tahun"].duplicated().any():
        warnings.append(MonevWarning("baris_ganda", "tahun ganda di sheet Anggaran; dipakai baris "
                                     "pertama", sheet="Anggaran"))
        df = df.drop_duplicates("tahun")
    df = df.sort_values("tahun").reset_index(drop=True)
    for k in ("dak_sanitasi_rp", "pinjaman_hibah_rp"):
        blank = df[k].isna()
        if blank.any():
            warnings.append(MonevWarning(
                "nilai_kosong", f"{k} kosong tahun {short_list(df.loc[blank, 'tahun'])} "
                "(dihitung 0)", sheet="Anggaran"))
            df[k] = df[k].fillna(0.0)
    for k in ("total_apbd_rp", "belanja_sanitasi_rp"):
        if df[k].isna().any():
            warnings.append(MonevWarning(
                "nilai_kosong", f"{k} kosong tahun {short_list(df.loc[df[k].isna(), 'tahun'])}",
                sheet="Anggaran"))
    cat = indicator_catalogue()
    df["apbd_murni_sanitasi_rp"] = evaluate_formula(cat.loc["apbd_murni_sanitasi", "pembilang"], df)
    neg = df["apbd_murni_sanitasi_rp"] < 0
    if neg.any():
        warnings.append(MonevWarning(
            "apbd_murni_negatif", "DAK + pinjaman/hibah melebihi belanja sanitasi tahun "
            f"{short_list(df.loc[neg, 'tahun'])}; periksa angka", sheet="Anggaran"))
    df["pct_belanja_sanitasi_apbd"] = divide(df["belanja_sanitasi_rp"], df["total_apbd_rp"], 100.0)
    df["pct_apbd_murni_sanitasi"] = divide(df["apbd_murni_sanitasi_rp"], df["total_apbd_rp"], 100.0)
    if population is not None and len(population):
        df = df.merge(population[["tahun", "penduduk"]], on="tahun", how="left")
    else:
        df["penduduk"] = np.nan
    df["belanja_sanitasi_per_kapita"] = divide(df["belanja_sanitasi_rp"], df["penduduk"])
    df["apbd_murni_per_kapita"] = divide(df["apbd_murni_sanitasi_rp"], df["penduduk"])
    df["pertumbuhan_belanja_sanitasi_pct"] = _growth(df, "belanja_sanitasi_rp")
    df["pertumbuhan_apbd_murni_pct"] = _growth(df, "apbd_murni_sanitasi_rp")
    for yr in missing_years(df["tahun"]):
        warnings.append(MonevWarning("tahun_hilang", f"tidak ada data anggaran tahun {yr}; "
                                     "pertumbuhan tahun berikutnya tidak dihitung",
                                     sheet="Anggaran", year=yr))
    return MonevResult(df, warnings)


def mean_growth(table: pd.DataFrame,
                column: str = "pertumbuhan_belanja_sanitasi_pct") -> float:
    """Average of the year-on-year growth rates (the SSK budget-table convention), in %.

    Examples
    --------
    >>> mean_growth(pd.DataFrame({"g": [np.nan, 10.0, 30.0]}), "g")
    20.0
    """
    v = table[column].dropna()
    return float(v.mean()) if len(v) else float("nan")


def commitment_table(commitments: pd.DataFrame | None) -> MonevResult:
    """Who committed what: the cleaned ``Komitmen`` rows, sorted by year, party type and amount.

    Returns
    -------
    MonevResult
        ``table``: ``tahun, pihak, jenis_pihak, komponen, nilai_rp, status`` plus
        ``label_komponen``; unknown party types / statuses are kept and reported.
    """
    cols = ["tahun", "pihak", "jenis_pihak", "komponen", "nilai_rp", "status"]
    warnings: list[MonevWarning] = []
    if not has_rows(commitments):
        warnings.append(MonevWarning("sheet_kosong", "sheet Komitmen kosong: belum ada komitmen "
                                     "tercatat", sheet="Komitmen"))
        return MonevResult(pd.DataFrame(columns=[*cols, "label_komponen"]), warnings)
    check_columns(commitments, cols, "Komitmen")
    df = coerce_numeric(commitments, ["tahun", "nilai_rp"], "Komitmen", warnings)[cols].copy()
    for column, aliases in (("jenis_pihak", JENIS_PIHAK_ALIAS),
                            ("status", STATUS_KOMITMEN_ALIAS)):     # words of older workbooks
        df[column] = df[column].map(lambda v, c=column, a=aliases: canonical_choice(
            v, PARTY_TYPES if c == "jenis_pihak" else COMMITMENT_STATUSES, a))
    for column, valid in (("jenis_pihak", PARTY_TYPES), ("status", COMMITMENT_STATUSES),
                          ("komponen", PROGRAM_COMPONENTS)):
        df[column], p = _normalise(df[column], valid, column, "Komitmen")
        warnings += p
    if df["nilai_rp"].isna().any():
        warnings.append(MonevWarning("nilai_kosong", f"{int(df['nilai_rp'].isna().sum())} "
                                     "komitmen tanpa nilai_rp", sheet="Komitmen"))
    df["label_komponen"] = df["komponen"].map(COMPONENT_LABELS).fillna(df["komponen"])
    df["tahun"] = df["tahun"].round().astype("Int64")
    order = {p: i for i, p in enumerate(PARTY_TYPES)}
    df = df.assign(_u=df["jenis_pihak"].map(order).fillna(len(order))).sort_values(
        ["tahun", "_u", "nilai_rp"], ascending=[True, True, False]).drop(columns="_u")
    return MonevResult(df.reset_index(drop=True), warnings)


def commitment_summary(commitments: pd.DataFrame | None) -> MonevResult:
    """Commitments summed per party type and status, with a total row.

    Returns
    -------
    MonevResult
        ``table`` indexed by ``jenis_pihak`` (+ ``"Jumlah"``): ``jumlah_komitmen``, one
        ``<status>_rp`` column per status of the pipeline (``diusulkan_rp, disepakati_rp,
        kua_ppas_rp, dpa_rp, terealisasi_rp``), ``total_rp`` and ``pct_terealisasi``
        (terealisasi ÷ total × 100).
    """
    detail = commitment_table(commitments)
    df = detail.table
    status_columns = [f"{status_key(s)}_rp" for s in COMMITMENT_STATUSES]
    if not len(df):
        out = pd.DataFrame(columns=["jumlah_komitmen", *status_columns, "total_rp",
                                    "pct_terealisasi"])
        return MonevResult(out, detail.warnings)
    piv = df.pivot_table(index="jenis_pihak", columns="status", values="nilai_rp",
                         aggfunc="sum", fill_value=0.0)
    piv.columns = [f"{status_key(c)}_rp" for c in piv.columns]
    for k in status_columns:
        if k not in piv:
            piv[k] = 0.0
    piv = piv[[*status_columns, *[c for c in piv.columns if c not in status_columns]]]
    piv.insert(0, "jumlah_komitmen", df.groupby("jenis_pihak").size())
    piv["total_rp"] = piv.drop(columns="jumlah_komitmen").sum(axis=1)
    order = [p for p in PARTY_TYPES if p in piv.index] + [p for p in piv.index
                                                          if p not in PARTY_TYPES]
    piv = piv.loc[order]
    piv.loc["Jumlah"] = piv.sum()
    piv["pct_terealisasi"] = divide(piv["terealisasi_rp"], piv["total_rp"], 100.0)
    piv.index.name = "jenis_pihak"
    return MonevResult(piv, detail.warnings)


# --------------------------------------------------------------------------- helpers
def _normalise(values: pd.Series, valid: Sequence[str], column: str,
               sheet: str) -> tuple[pd.Series, list[MonevWarning]]:
    """Match ``values`` case-insensitively to ``valid``; report unknown and blank values."""
    mapping = {s.lower(): s for s in valid}
    text = values.astype("string").str.strip()
    out = text.str.lower().map(mapping)
    unknown = sorted(set(text[out.isna()].dropna()))
    out = out.fillna(text).astype(object)
    p = []
    if unknown:
        p.append(MonevWarning("nilai_tidak_dikenal", f"nilai {column} tidak dikenal (dipakai apa "
                              f"adanya): {short_list(unknown)}; yang sah: {', '.join(valid)}",
                              sheet=sheet, code=column))
    if out.isna().any():
        p.append(MonevWarning("nilai_kosong", f"{int(out.isna().sum())} baris tanpa {column}",
                              sheet=sheet, code=column))
        out = out.fillna("(kosong)")
    return out, p


def _growth(df: pd.DataFrame, column: str) -> pd.Series:
    """Growth over the previous calendar year, in % (NaN when that year is missing)."""
    s = df.set_index("tahun")[column]
    current = s.to_numpy(dtype=float)
    previous = s.reindex(s.index - 1).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (current - previous) / np.where(previous == 0, np.nan, previous) * 100.0
    return pd.Series(g, index=df.index)
