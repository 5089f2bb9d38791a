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

from ._base import Peringatan, ada, periksa_kolom

VERSI_KATALOG = "1.0"
"""Version of the shipped catalogue tables (the ``versi`` column of both CSVs)."""

ARAH = ("naik", "turun")
BASIS = ("akses", "anggaran", "program", "sasaran")
_TOKEN = re.compile(r"\s*([+-])?\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


@lru_cache(maxsize=1)
def _baca_csv(nama: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath(nama).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def katalog_indikator() -> pd.DataFrame:
    """Return the indicator catalogue (a fresh copy), indexed by ``kode``.

    Returns
    -------
    pandas.DataFrame
        Columns ``nama, komponen, rumus, pembilang, penyebut, skala, satuan, arah, basis,
        kelompok, versi, catatan``; ``skala`` is float, empty ``penyebut`` means "no
        denominator" (a sum, e.g. hectares of genangan).

    Examples
    --------
    >>> kat = katalog_indikator()
    >>> kat.loc["sanitasi_aman", "arah"], kat.loc["babs_terbuka", "arah"]
    ('naik', 'turun')
    """
    kat = _baca_csv("indikator.csv").copy()
    kat["skala"] = kat["skala"].astype(float)
    return kat.set_index("kode")


def target_nasional() -> pd.DataFrame:
    """Return the national targets shipped with the catalogue (a fresh copy).

    Returns
    -------
    pandas.DataFrame
        Columns ``indikator, tahun (int), nilai (float), sumber, asal`` with
        ``asal = "nasional"``.
    """
    t = _baca_csv("target_nasional.csv").copy()
    t["tahun"] = t["tahun"].astype(int)
    t["nilai"] = t["nilai"].astype(float)
    t["asal"] = "nasional"
    return t[["indikator", "tahun", "nilai", "sumber", "asal"]]


def kolom_rumus(rumus: str) -> list[tuple[int, str]]:
    """Parse a linear formula ``"a + b - c"`` into ``[(+1, "a"), (+1, "b"), (-1, "c")]``.

    Raises
    ------
    ValueError
        When the text is not a sum/difference of column names.

    Examples
    --------
    >>> kolom_rumus("belanja_sanitasi_rp - dak_sanitasi_rp")
    [(1, 'belanja_sanitasi_rp'), (-1, 'dak_sanitasi_rp')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    rumus = rumus.strip()
    while pos < len(rumus):
        m = _TOKEN.match(rumus, pos)
        if not m or (out and not m.group(1)):
            raise ValueError(f"rumus tidak dikenal: {rumus!r}")
        out.append((-1 if m.group(1) == "-" else 1, m.group(2)))
        pos = m.end()
    if not out:
        raise ValueError("rumus kosong")
    return out


def hitung_rumus(rumus: str, df: pd.DataFrame) -> pd.Series:
    """Evaluate a linear formula on the columns of ``df`` (NaN propagates).

    An empty formula evaluates to 1 (used for "no denominator").
    """
    if not rumus.strip():
        return pd.Series(1.0, index=df.index)
    hasil = pd.Series(0.0, index=df.index)
    for tanda, kolom in kolom_rumus(rumus):
        hasil = hasil + tanda * df[kolom].astype(float)
    return hasil


def gabung_target(target_ssk: pd.DataFrame | None = None,
                  katalog: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Peringatan]]:
    """Merge the kabupaten's SSK targets (sheet ``Target``) over the national targets.

    A target of the SSK replaces the national one for the same indicator **and year**; other
    national targets stay as milestones (e.g. the SSK sets 2029, RPJPN still sets 2045).

    Parameters
    ----------
    target_ssk : pandas.DataFrame, optional
        Sheet ``Target``: ``indikator, tahun, nilai, sumber``.
    katalog : pandas.DataFrame, optional
        Indicator catalogue (default: :func:`katalog_indikator`).

    Returns
    -------
    (pandas.DataFrame, list of Peringatan)
        Columns ``indikator, tahun, nilai, sumber, asal`` (``"SSK"`` or ``"nasional"``),
        sorted by indicator and year; issues (unknown codes, blank values, duplicates).
    """
    katalog = katalog_indikator() if katalog is None else katalog
    nas = target_nasional()
    peringatan: list[Peringatan] = []
    if not ada(target_ssk):
        return nas.sort_values(["indikator", "tahun"]).reset_index(drop=True), peringatan
    periksa_kolom(target_ssk, ["indikator", "tahun", "nilai"], "Target")
    ssk = target_ssk.copy()
    if "sumber" not in ssk:
        ssk["sumber"] = ""
    ssk["indikator"] = ssk["indikator"].astype(str).str.strip()
    ssk["tahun"] = pd.to_numeric(ssk["tahun"], errors="coerce")
    ssk["nilai"] = pd.to_numeric(ssk["nilai"], errors="coerce")
    ssk["sumber"] = ssk["sumber"].fillna("").astype(str).str.strip().replace("", "SSK")
    kosong = ssk["tahun"].isna() | ssk["nilai"].isna()
    if kosong.any():
        peringatan.append(Peringatan(
            "target_kosong", f"{int(kosong.sum())} baris target tanpa tahun atau nilai diabaikan",
            sheet="Target"))
    tak_dikenal = sorted(set(ssk.loc[~ssk["indikator"].isin(katalog.index), "indikator"]))
    for kode in tak_dikenal:
        peringatan.append(Peringatan(
            "indikator_tidak_dikenal",
            f"kode indikator '{kode}' tidak ada di katalog monev; target diabaikan",
            sheet="Target", kode=kode))
    ssk = ssk[~kosong & ssk["indikator"].isin(katalog.index)].copy()
    ssk["tahun"] = ssk["tahun"].astype(int)
    dup = ssk.duplicated(["indikator", "tahun"], keep="last")
    for _, r in ssk[dup].iterrows():
        peringatan.append(Peringatan(
            "target_ganda", f"target {r['indikator']} tahun {r['tahun']} ditulis lebih dari "
            "sekali; dipakai baris terakhir", sheet="Target", kode=r["indikator"],
            tahun=int(r["tahun"])))
    ssk = ssk[~dup]
    ssk["asal"] = "SSK"
    kunci = set(zip(ssk["indikator"], ssk["tahun"], strict=True))
    nas = nas[[(i, t) not in kunci for i, t in zip(nas["indikator"], nas["tahun"], strict=True)]]
    cols = ["indikator", "tahun", "nilai", "sumber", "asal"]
    out = pd.concat([nas[cols], ssk[cols]], ignore_index=True)
    return out.sort_values(["indikator", "tahun"]).reset_index(drop=True), peringatan
