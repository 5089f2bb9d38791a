"""The monev indicator catalogue: indicator definitions and national targets, kept as data.

The catalogue ships with the package as two versioned CSV tables:

``indikator.csv``
    One row per indicator: ``kode``, ``nama`` (Bahasa Indonesia), ``komponen``, ``rumus``
    (the formula as printed in the report), ``pembilang`` / ``penyebut`` (machine formula:
    sums and differences of column names of the ``basis`` table), ``skala`` (100 for a
    percentage), ``satuan``, ``arah`` (``naik`` = higher is better, ``turun`` = lower is
    better), ``basis`` (``akses``, ``anggaran``, ``program`` or ``sasaran``), ``kelompok``
    (the column group that must be complete for a desa-year to count), ``versi``, ``catatan``.
``target_nasional.csv``
    National targets: ``indikator``, ``tahun``, ``nilai``, ``sumber``, ``versi``.

Every indicator is a **ratio of sums**: ``Σ pembilang / Σ penyebut × skala`` over the desa (or
years) of a unit, so roll-ups are weighted by the denominator (KK, tonnes, desa) and never an
average of percentages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pandas as pd

from ._base import MonevWarning, check_columns, has_rows

CATALOGUE_VERSION = "1.0"
"""Version of the shipped catalogue tables (the ``versi`` column of both CSVs)."""

DIRECTIONS = ("naik", "turun")
BASES = ("akses", "anggaran", "program", "sasaran")
_TOKEN = re.compile(r"\s*([+-])?\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


@lru_cache(maxsize=1)
def _read_csv(name: str) -> pd.DataFrame:
    """Read a catalogue CSV shipped with the package (all columns as text)."""
    with resources.files(__package__).joinpath(name).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def indicator_catalogue() -> pd.DataFrame:
    """Return the indicator catalogue (a fresh copy), indexed by ``kode``.

    Returns
    -------
    pandas.DataFrame
        Columns ``nama, komponen, rumus, pembilang, penyebut, skala, satuan, arah, basis,
        kelompok, versi, catatan``; ``skala`` is float, empty ``penyebut`` means "no
        denominator" (a sum, e.g. hectares of genangan).

    Examples
    --------
    >>> cat = indicator_catalogue()
    >>> cat.loc["sanitasi_aman", "arah"], cat.loc["babs_terbuka", "arah"]
    ('naik', 'turun')
    """
    cat = _read_csv("indikator.csv").copy()
    cat["skala"] = cat["skala"].astype(float)
    return cat.set_index("kode")


def national_targets() -> pd.DataFrame:
    """Return the national targets shipped with the catalogue (a fresh copy).

    Returns
    -------
    pandas.DataFrame
        Columns ``indikator, tahun (int), nilai (float), sumber, asal`` with
        ``asal = "nasional"``.
    """
    t = _read_csv("target_nasional.csv").copy()
    t["tahun"] = t["tahun"].astype(int)
    t["nilai"] = t["nilai"].astype(float)
    t["asal"] = "nasional"
    return t[["indikator", "tahun", "nilai", "sumber", "asal"]]


def parse_formula(formula: str) -> list[tuple[int, str]]:
    """Parse a linear formula ``"a + b - c"`` into ``[(+1, "a"), (+1, "b"), (-1, "c")]``.

    Raises
    ------
    ValueError
        When the text is not a sum/difference of column names.

    Examples
    --------
    >>> parse_formula("belanja_sanitasi_rp - dak_sanitasi_rp")
    [(1, 'belanja_sanitasi_rp'), (-1, 'dak_sanitasi_rp')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    formula = formula.strip()
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if not m or (out and not m.group(1)):
            raise ValueError(f"rumus tidak dikenal: {formula!r}")
        out.append((-1 if m.group(1) == "-" else 1, m.group(2)))
        pos = m.end()
    if not out:
        raise ValueError("rumus kosong")
    return out


def evaluate_formula(formula: str, df: pd.DataFrame) -> pd.Series:
    """Evaluate a linear formula on the columns of ``df`` (NaN propagates).

    An empty formula evaluates to 1 (used for "no denominator").
    """
    if not formula.strip():
        return pd.Series(1.0, index=df.index)
    result = pd.Series(0.0, index=df.index)
    for sign, column in parse_formula(formula):
        result = result + sign * df[column].astype(float)
    return result


def merge_targets(ssk_targets: pd.DataFrame | None = None,
                  catalogue: pd.DataFrame | None = None,
                  ) -> tuple[pd.DataFrame, list[MonevWarning]]:
    """Merge the kabupaten's SSK targets (sheet ``Target``) over the national targets.

    A target of the SSK replaces the national one for the same indicator **and year**; other
    national targets stay as milestones (e.g. the SSK sets 2029, RPJPN still sets 2045).

    Parameters
    ----------
    ssk_targets : pandas.DataFrame, optional
        Sheet ``Target``: ``indikator, tahun, nilai, sumber``.
    catalogue : pandas.DataFrame, optional
        Indicator catalogue (default: :func:`indicator_catalogue`).

    Returns
    -------
    (pandas.DataFrame, list of MonevWarning)
        Columns ``indikator, tahun, nilai, sumber, asal`` (``"SSK"`` or ``"nasional"``),
        sorted by indicator and year; issues (unknown codes, blank values, duplicates).
    """
    catalogue = indicator_catalogue() if catalogue is None else catalogue
    national = national_targets()
    warnings: list[MonevWarning] = []
    if not has_rows(ssk_targets):
        return national.sort_values(["indikator", "tahun"]).reset_index(drop=True), warnings
    check_columns(ssk_targets, ["indikator", "tahun", "nilai"], "Target")
    ssk = ssk_targets.copy()
    if "sumber" not in ssk:
        ssk["sumber"] = ""
    ssk["indikator"] = ssk["indikator"].astype(str).str.strip()
    ssk["tahun"] = pd.to_numeric(ssk["tahun"], errors="coerce")
    ssk["nilai"] = pd.to_numeric(ssk["nilai"], errors="coerce")
    ssk["sumber"] = ssk["sumber"].fillna("").astype(str).str.strip().replace("", "SSK")
    blank = ssk["tahun"].isna() | ssk["nilai"].isna()
    if blank.any():
        warnings.append(MonevWarning(
            "target_kosong", f"{int(blank.sum())} baris target tanpa tahun atau nilai diabaikan",
            sheet="Target"))
    unknown = sorted(set(ssk.loc[~ssk["indikator"].isin(catalogue.index), "indikator"]))
    for code in unknown:
        warnings.append(MonevWarning(
            "indikator_tidak_dikenal",
            f"kode indikator '{code}' tidak ada di katalog monev; target diabaikan",
            sheet="Target", code=code))
    ssk = ssk[~blank & ssk["indikator"].isin(catalogue.index)].copy()
    ssk["tahun"] = ssk["tahun"].astype(int)
    dup = ssk.duplicated(["indikator", "tahun"], keep="last")
    for _, r in ssk[dup].iterrows():
        warnings.append(MonevWarning(
            "target_ganda", f"target {r['indikator']} tahun {r['tahun']} ditulis lebih dari "
            "sekali; dipakai baris terakhir", sheet="Target", code=r["indikator"],
            year=int(r["tahun"])))
    ssk = ssk[~dup]
    ssk["asal"] = "SSK"
    keys = set(zip(ssk["indikator"], ssk["tahun"], strict=True))
    national = national[[(i, t) not in keys for i, t in
                         zip(national["indikator"], national["tahun"], strict=True)]]
    cols = ["indikator", "tahun", "nilai", "sumber", "asal"]
    out = pd.concat([national[cols], ssk[cols]], ignore_index=True)
    return out.sort_values(["indikator", "tahun"]).reset_index(drop=True), warnings
