"""Gap 1 and Gap 2 (SSK chapter 5, tables 5.1 and 5.2).

* ``celah_1 = kebutuhan − APBD murni proyeksi`` (need against business as usual),
* ``celah_2 = kebutuhan − komitmen`` (need against what stakeholders have committed),

per year, per component and per source. Capacity per component is the projected APBD murni
split by the option ``pendanaan.alokasi_apbd_komponen``; per source, the projected APBD murni
is the capacity of ``APBD Kabupaten`` (the other sources have none of their own in Gap 1).
Rows of every table sum to the yearly totals (commitments naming no component sit in a row
``lintas komponen``; sources only commitments name, e.g. ``Lainnya``, get their own row).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..schema import KOMPONEN_PROGRAM, SUMBER_DANA
from .commitments import CROSS_COMPONENT

APBD_SOURCE = "APBD Kabupaten"
GAP_COLUMNS = ["kebutuhan_investasi_rp", "kebutuhan_om_rp", "kebutuhan_rp",
               "apbd_murni_proyeksi_rp", "komitmen_rp", "celah_1_rp", "celah_2_rp"]
COMPONENT_TITLES = {"air_limbah": "Air limbah domestik", "persampahan": "Persampahan",
                    "drainase": "Drainase lingkungan", "phbs": "PHBS",
                    CROSS_COMPONENT: "Lintas komponen"}


def _need_parts(need: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    cols = [*by, "kebutuhan_investasi_rp", "kebutuhan_om_rp", "kebutuhan_rp"]
    if not len(need):
        return pd.DataFrame(columns=cols)
    d = need.assign(tahun=need["tahun"].astype(int),
                    kebutuhan_investasi_rp=need["kebutuhan_rp"].where(need["jenis"] != "O&M",
                                                                      0.0),
                    kebutuhan_om_rp=need["kebutuhan_rp"].where(need["jenis"] == "O&M", 0.0))
    return d.groupby(by, as_index=False)[cols[len(by):]].sum()


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    for c in GAP_COLUMNS[:5]:
        out[c] = out[c].astype(float).fillna(0.0)
    out["celah_1_rp"] = out["kebutuhan_rp"] - out["apbd_murni_proyeksi_rp"]
    out["celah_2_rp"] = out["kebutuhan_rp"] - out["komitmen_rp"]
    return out


def gap_by_year(need: pd.DataFrame, capacity: pd.DataFrame,
                committed: pd.DataFrame) -> pd.DataFrame:
    """Need, projected APBD murni, commitments, Gap 1 and Gap 2 per year.

    Parameters
    ----------
    need : pandas.DataFrame
        Need rows (``tahun, jenis, kebutuhan_rp``).
    capacity : pandas.DataFrame
        ``tahun, apbd_murni_proyeksi_rp`` (every year of the period).
    committed : pandas.DataFrame
        ``tahun, komitmen_rp``.

    Returns
    -------
    pandas.DataFrame
        ``tahun`` + :data:`GAP_COLUMNS`, one row per year of ``capacity``.

    Examples
    --------
    >>> need = pd.DataFrame({"tahun": [2026, 2026], "jenis": ["investasi", "O&M"],
    ...                      "kebutuhan_rp": [100.0, 10.0]})
    >>> cap = pd.DataFrame({"tahun": [2026], "apbd_murni_proyeksi_rp": [30.0]})
    >>> com = pd.DataFrame({"tahun": [2026], "komitmen_rp": [50.0]})
    >>> gap_by_year(need, cap, com)[["kebutuhan_rp", "celah_1_rp", "celah_2_rp"]].values.tolist()
    [[110.0, 80.0, 60.0]]
    """
    years = capacity[["tahun", "apbd_murni_proyeksi_rp"]].assign(
        tahun=capacity["tahun"].astype(int))
    n = _need_parts(need, ["tahun"])
    c = (committed.assign(tahun=committed["tahun"].astype(int)).groupby("tahun", as_index=False)
         ["komitmen_rp"].sum() if len(committed) else pd.DataFrame(columns=["tahun",
                                                                              "komitmen_rp"]))
    out = years.merge(n, on="tahun", how="left").merge(c, on="tahun", how="left")
    return _finish(out)[["tahun", *GAP_COLUMNS]]


def apbd_component_shares(program: pd.DataFrame | None, need: pd.DataFrame,
                          rule: str = "realisasi") -> tuple[dict[str, float], str]:
    """How projected APBD murni is split over components for Gap 1 per component.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program`` (the ``APBD Kabupaten`` realisation per component).
    need : pandas.DataFrame
        Need rows (fallback: each component's share of the whole need).
    rule : {"realisasi", "kebutuhan"}

    Returns
    -------
    (dict, str)
        Component → share (sums to 1), and the rule actually used.

    Examples
    --------
    >>> prog = pd.DataFrame({"sumber_dana": ["APBD Kabupaten", "APBD Kabupaten", "DAK"],
    ...     "komponen": ["air_limbah", "drainase", "air_limbah"],
    ...     "realisasi_rp": [30.0, 10.0, 99.0]})
    >>> apbd_component_shares(prog, pd.DataFrame(), "realisasi")
    ({'air_limbah': 0.75, 'drainase': 0.25}, 'realisasi')
    """
    if rule == "realisasi" and program is not None and len(program) and \
            "realisasi_rp" in program:
        apbd = program[program["sumber_dana"] == APBD_SOURCE]
        s = pd.to_numeric(apbd["realisasi_rp"], errors="coerce").groupby(
            apbd["komponen"]).sum()
        s = s[s > 0]
        if s.sum() > 0:
            return {str(k): float(v / s.sum()) for k, v in s.items()}, "realisasi"
    if len(need):
        s = need.groupby("komponen")["kebutuhan_rp"].sum()
        s = s[s > 0]
        if s.sum() > 0:
            return {str(k): float(v / s.sum()) for k, v in s.items()}, "kebutuhan"
    return {}, "kebutuhan"


def gap_by_component(need: pd.DataFrame, capacity: pd.DataFrame, committed: pd.DataFrame,
                     shares: Mapping[str, float]) -> pd.DataFrame:
    """Gap 1 and Gap 2 per year and component.

    The projected APBD murni of a year is split by ``shares`` (:func:`apbd_component_shares`);
    commitments without a component sit in a row ``lintas komponen``.

    Returns
    -------
    pandas.DataFrame
        ``tahun, komponen`` + :data:`GAP_COLUMNS`.
    """
    n = _need_parts(need, ["tahun", "komponen"])
    years = [int(y) for y in capacity["tahun"]]
    comps = set(n["komponen"]) | set(shares) | (set(committed["komponen"])
                                                if len(committed) else set())
    order = [k for k in (*KOMPONEN_PROGRAM, CROSS_COMPONENT) if k in comps] + sorted(
        comps - set(KOMPONEN_PROGRAM) - {CROSS_COMPONENT})
    grid = pd.DataFrame([(y, k) for y in years for k in order], columns=["tahun", "komponen"])
    cap = capacity.assign(tahun=capacity["tahun"].astype(int)).set_index("tahun")[
        "apbd_murni_proyeksi_rp"]
    grid["apbd_murni_proyeksi_rp"] = [float(cap.get(y, 0.0)) * float(shares.get(k, 0.0))
                                      for y, k in zip(grid["tahun"], grid["komponen"],
                                                      strict=True)]
    c = (committed.assign(tahun=committed["tahun"].astype(int)).groupby(
        ["tahun", "komponen"], as_index=False)["komitmen_rp"].sum() if len(committed)
        else pd.DataFrame(columns=["tahun", "komponen", "komitmen_rp"]))
    out = grid.merge(n, on=["tahun", "komponen"], how="left").merge(
        c, on=["tahun", "komponen"], how="left")
    return _finish(out)[["tahun", "komponen", *GAP_COLUMNS]]


def gap_by_source(need: pd.DataFrame, capacity: pd.DataFrame,
                  committed: pd.DataFrame) -> pd.DataFrame:
    """Gap 1 and Gap 2 per year and funding source (table 5.2).

    Projected APBD murni is the capacity of ``APBD Kabupaten``; every source named by the
    need or by a commitment gets a row.

    Returns
    -------
    pandas.DataFrame
        ``tahun, sumber_dana`` + :data:`GAP_COLUMNS`.

    Examples
    --------
    >>> need = pd.DataFrame({"tahun": [2026, 2026], "jenis": "investasi",
    ...     "sumber_dana": ["APBD Kabupaten", "DAK"], "kebutuhan_rp": [60.0, 40.0]})
    >>> cap = pd.DataFrame({"tahun": [2026], "apbd_murni_proyeksi_rp": [25.0]})
    >>> com = pd.DataFrame({"tahun": [2026], "sumber_dana": ["DAK"], "komitmen_rp": [30.0]})
    >>> gap_by_source(need, cap, com)[["sumber_dana", "celah_1_rp", "celah_2_rp"]].values.tolist()
    [['APBD Kabupaten', 35.0, 60.0], ['DAK', 40.0, 10.0]]
    """
    n = _need_parts(need, ["tahun", "sumber_dana"])
    years = [int(y) for y in capacity["tahun"]]
    sources = {APBD_SOURCE} | set(n["sumber_dana"]) | (set(committed["sumber_dana"])
                                                       if len(committed) else set())
    order = [s for s in SUMBER_DANA if s in sources] + sorted(sources - set(SUMBER_DANA))
    grid = pd.DataFrame([(y, s) for y in years for s in order], columns=["tahun", "sumber_dana"])
    cap = capacity.assign(tahun=capacity["tahun"].astype(int)).set_index("tahun")[
        "apbd_murni_proyeksi_rp"]
    grid["apbd_murni_proyeksi_rp"] = np.where(grid["sumber_dana"] == APBD_SOURCE,
                                              grid["tahun"].map(cap).astype(float), 0.0)
    c = (committed.assign(tahun=committed["tahun"].astype(int)).groupby(
        ["tahun", "sumber_dana"], as_index=False)["komitmen_rp"].sum() if len(committed)
        else pd.DataFrame(columns=["tahun", "sumber_dana", "komitmen_rp"]))
    out = grid.merge(n, on=["tahun", "sumber_dana"], how="left").merge(
        c, on=["tahun", "sumber_dana"], how="left")
    return _finish(out)[["tahun", "sumber_dana", *GAP_COLUMNS]]


def tabel_5_1(gap_year: pd.DataFrame, gap_component: pd.DataFrame) -> pd.DataFrame:
    """SSK table 5.1 *Rekapitulasi Indikasi Kebutuhan Biaya*, wide, with Indonesian titles.

    Rows: one per component (need), ``Jumlah kebutuhan (a)`` and its O&M part, ``Perkiraan
    APBD murni untuk sanitasi (b)``, ``Perkiraan komitmen pendanaan sanitasi (c)``, ``Celah
    pendanaan 1 (a − b)``, ``Celah pendanaan 2 (a − c)``. Columns: ``Uraian``, one
    ``<tahun> (Rp)`` per year and ``Jumlah (Rp)``.
    """
    years = [int(y) for y in gap_year["tahun"]]
    rows: list[tuple[str, list[float]]] = []
    comp_need = gap_component[gap_component["komponen"] != CROSS_COMPONENT]
    for comp in dict.fromkeys(comp_need["komponen"]):
        part = comp_need[comp_need["komponen"] == comp].set_index("tahun")["kebutuhan_rp"]
        if part.sum() == 0:
            continue
        rows.append((f"Kebutuhan {COMPONENT_TITLES.get(comp, comp).lower()}",
                     [float(part.get(y, 0.0)) for y in years]))
    g = gap_year.set_index("tahun")
    for title, col in (("Jumlah kebutuhan (a)", "kebutuhan_rp"),
                       ("  di antaranya O&M aset baru", "kebutuhan_om_rp"),
                       ("Perkiraan APBD murni untuk sanitasi (b)", "apbd_murni_proyeksi_rp"),
                       ("Perkiraan komitmen pendanaan sanitasi (c)", "komitmen_rp"),
                       ("Celah pendanaan 1 (a − b)", "celah_1_rp"),
                       ("Celah pendanaan 2 (a − c)", "celah_2_rp")):
        rows.append((title, [float(g.loc[y, col]) for y in years]))
    return _wide(rows, years)


def tabel_5_2(gap_source: pd.DataFrame) -> pd.DataFrame:
    """SSK table 5.2 (need, commitments and Gap 2 per source), wide, with Indonesian titles.

    Rows: per source ``<sumber>: kebutuhan``, ``<sumber>: komitmen``, ``<sumber>: celah 2``
    (sources with nothing are left out). Columns as :func:`tabel_5_1`.
    """
    years = sorted({int(y) for y in gap_source["tahun"]})
    rows: list[tuple[str, list[float]]] = []
    for src in dict.fromkeys(gap_source["sumber_dana"]):
        part = gap_source[gap_source["sumber_dana"] == src].set_index("tahun")
        if part[["kebutuhan_rp", "komitmen_rp"]].abs().to_numpy().sum() == 0:
            continue
        for label, col in (("kebutuhan", "kebutuhan_rp"), ("komitmen", "komitmen_rp"),
                           ("celah 2 (kebutuhan − komitmen)", "celah_2_rp")):
            rows.append((f"{src}: {label}", [float(part[col].get(y, 0.0)) for y in years]))
    return _wide(rows, years)


def _wide(rows: list[tuple[str, list[float]]], years: list[int]) -> pd.DataFrame:
    cols = ["Uraian", *[f"{y} (Rp)" for y in years], "Jumlah (Rp)"]
    data = [[title, *values, float(sum(values))] for title, values in rows]
    return pd.DataFrame(data, columns=cols)
