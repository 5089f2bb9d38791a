"""Targeting: how much of the spending and of the programs lands in priority desa.

A desa is a **priority** for a programme when its area-berisiko class for the programme's
component (``kelas_<komponen>`` of the scored table) is at least the method's priority
threshold (``area_berisiko.ambang_prioritas``; PPSP 2017: classes 3 and 4). The threshold is
given as ``threshold``; without it, the scored table's own ``prioritas_<komponen>`` flags
(computed with the method's threshold) decide. PHBS programmes, which have no area-berisiko
component of their own, use ``kelas_gabungan``. The one number for the TAPD is
``pct_prioritas``: spending in priority desa ÷ spending located in any classed desa × 100;
kabupaten-wide activities (no ``kode_desa``) are shown apart, never mixed into that share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ._base import MonevResult, MonevWarning, divide, short_list
from .budget import prepare_program

CLASS_COLUMNS: dict[str, str] = {"air_limbah": "kelas_air_limbah",
                                 "persampahan": "kelas_persampahan",
                                 "drainase": "kelas_drainase",
                                 "phbs": "kelas_gabungan"}
"""Which scored-table class decides priority for a programme component."""
CATEGORIES = ("prioritas", "bukan prioritas", "tingkat kabupaten", "tanpa kelas")


def scored_codes(scored: pd.DataFrame) -> pd.Series:
    """``kode_desa`` of the scored table, from the column or else from the index."""
    codes = (scored["kode_desa"] if "kode_desa" in scored.columns
             else pd.Series(scored.index, index=scored.index))
    return codes.astype(str).str.strip()


def priority_mask(scored: pd.DataFrame, column: str, threshold: int | None = None
                  ) -> pd.Series:
    """Which desa of the scored table are a priority by the class column ``column``.

    Parameters
    ----------
    scored : pandas.DataFrame
        Scored table.
    column : str
        Class column (``kelas_air_limbah``).
    threshold : int, optional
        Lowest priority class (the method's ``area_berisiko.ambang_prioritas``). Without it
        the table's flag column (``prioritas_air_limbah``) is used.

    Returns
    -------
    pandas.Series
        Boolean, indexed by ``kode_desa``; a missing class is never a priority.

    Raises
    ------
    ValueError
        Neither a threshold nor the flag column.

    Examples
    --------
    >>> t = pd.DataFrame({"kode_desa": ["a", "b", "c"], "kelas_drainase": [4, 3, None]})
    >>> priority_mask(t, "kelas_drainase", 4).tolist()
    [True, False, False]
    """
    codes = scored_codes(scored).to_numpy()
    if threshold is None:
        flag = column.replace("kelas_", "prioritas_", 1)
        if flag not in scored.columns:
            raise ValueError(f"ambang prioritas tidak diketahui: beri threshold atau kolom {flag}")
        return pd.Series(scored[flag].fillna(False).astype(bool).to_numpy(), index=codes)
    classes = pd.to_numeric(pd.Series(scored[column].to_numpy(), index=codes), errors="coerce")
    return (classes >= threshold).fillna(False).astype(bool)


def locate_programs(program: pd.DataFrame | None, scored: pd.DataFrame,
                    class_columns: Mapping[str, str] = CLASS_COLUMNS,
                    threshold: int | None = None) -> MonevResult:
    """Attach to every programme row the class of its desa and a targeting category.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    scored : pandas.DataFrame or geopandas.GeoDataFrame
        Scored table (``kode_desa`` + ``kelas_<komponen>``, nullable 1–4).
    class_columns : mapping
        Programme component → class column (default :data:`CLASS_COLUMNS`).
    threshold : int, optional
        Lowest priority class (see :func:`priority_mask`).

    Returns
    -------
    MonevResult
        ``table``: the programme rows plus ``kelas`` and ``kategori`` (one of
        :data:`CATEGORIES`). Desa codes unknown to the scored table and components without a
        class column are reported and fall in ``"tanpa kelas"``.
    """
    prepared = prepare_program(program)
    df = prepared.table.copy()
    warnings = list(prepared.warnings)
    df["kelas"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["kategori"] = "tanpa kelas"
    prio = pd.Series(False, index=df.index)
    if not len(df):
        return MonevResult(df, warnings)
    codes = scored_codes(scored)
    known = df["kode_desa"].isin(set(codes))
    unknown = sorted(set(df.loc[df["kode_desa"].notna() & ~known, "kode_desa"]))
    if unknown:
        warnings.append(MonevWarning(
            "desa_tidak_dikenal", f"{len(unknown)} kode desa kegiatan tidak ada di tabel skor "
            f"(dihitung 'tanpa kelas'): {short_list(unknown)}", sheet="Program"))
    for comp in sorted(set(df["komponen"])):
        mask = df["komponen"] == comp
        col = class_columns.get(comp)
        if col is None or col not in scored.columns:
            if (mask & df["kode_desa"].notna()).any():
                warnings.append(MonevWarning(
                    "kelas_tidak_ada", f"komponen {comp}: kolom kelas {col or '(tidak ada)'} "
                    "tidak ada di tabel skor; kegiatannya dihitung 'tanpa kelas'", sheet="Program",
                    code=comp))
            continue
        lookup = pd.Series(pd.array(scored[col], dtype="Int64"), index=codes.to_numpy())
        lookup = lookup[~lookup.index.duplicated()]
        df.loc[mask, "kelas"] = df.loc[mask, "kode_desa"].map(lookup).astype("Int64").to_numpy()
        flags = priority_mask(scored, col, threshold)
        flags = flags[~flags.index.duplicated()]
        prio[mask] = df.loc[mask, "kode_desa"].map(flags).fillna(False).astype(bool)
    classes = df["kelas"]
    df.loc[classes.notna() & prio, "kategori"] = "prioritas"
    df.loc[classes.notna() & ~prio, "kategori"] = "bukan prioritas"
    df.loc[df["kode_desa"].isna(), "kategori"] = "tingkat kabupaten"
    unclassed = (df["kategori"] == "tanpa kelas") & known
    if unclassed.any():
        warnings.append(MonevWarning(
            "kelas_kosong", f"{int(unclassed.sum())} kegiatan berlokasi di desa yang kelasnya "
            f"'tidak ada data': {short_list(sorted(set(df.loc[unclassed, 'kode_desa'])))}",
            sheet="Program"))
    return MonevResult(df, warnings)


def priority_targeting(program: pd.DataFrame | None, scored: pd.DataFrame,
                       form2: pd.DataFrame | None = None, value: str = "realisasi_rp",
                       by: Sequence[str] = ("komponen",),
                       class_columns: Mapping[str, str] = CLASS_COLUMNS,
                       threshold: int | None = None) -> MonevResult:
    """Share of spending and of activities located in priority desa, per component.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    scored : pandas.DataFrame
        Scored table.
    form2 : pandas.DataFrame, optional
        With ``jumlah_kk``: adds the share of households living in priority desa, the
        baseline against which ``pct_prioritas`` should be read.
    value : {"realisasi_rp", "rencana_rp"}
        Amount to count.
    by : sequence of str
        Grouping, ``("komponen",)`` or ``("tahun", "komponen")``. A ``"semua"`` component row
        (each activity judged by its own component) is added per group.
    class_columns : mapping
        Programme component → class column.
    threshold : int, optional
        Lowest priority class (see :func:`priority_mask`).

    Returns
    -------
    MonevResult
        ``table``: ``<by>``, ``<kategori>_rp`` for each of :data:`CATEGORIES`, ``total_rp``,
        ``pct_prioritas`` = prioritas ÷ (prioritas + bukan prioritas) × 100,
        ``kegiatan_<kategori>`` counts, ``pct_kegiatan_prioritas``, ``desa_prioritas``,
        ``desa_berkelas``, ``pct_desa_prioritas`` and (with ``form2``) ``pct_kk_prioritas``.

    Examples
    --------
    >>> scored = pd.DataFrame({"kode_desa": ["a", "b"], "kelas_air_limbah": [4, 1]})
    >>> prog = pd.DataFrame({"tahun": 2024, "nama_kegiatan": ["x", "y", "z"],
    ...     "komponen": "air_limbah", "sumber_dana": "DAK", "jenis": "investasi",
    ...     "kode_desa": ["a", "b", None], "rencana_rp": 100.0,
    ...     "realisasi_rp": [60.0, 20.0, 50.0]})
    >>> t = priority_targeting(prog, scored, threshold=3).table.set_index("komponen")
    >>> float(t.loc["air_limbah", "pct_prioritas"])   # 60 / (60 + 20); the 50 is kabupaten-wide
    75.0
    """
    located = locate_programs(program, scored, class_columns, threshold)
    df = located.table
    by = list(by)
    if not len(df):
        return MonevResult(pd.DataFrame(columns=[*by, "pct_prioritas"]), located.warnings)
    all_comp = df.assign(komponen="semua")
    df = pd.concat([df, all_comp], ignore_index=True)
    df[value] = df[value].fillna(0.0)
    money = df.pivot_table(index=by, columns="kategori", values=value, aggfunc="sum",
                           fill_value=0.0)
    counts = df.pivot_table(index=by, columns="kategori", values=value, aggfunc="size",
                            fill_value=0)
    out = pd.DataFrame(index=money.index)
    for k in CATEGORIES:
        out[f"{_slug(k)}_rp"] = money.get(k, 0.0)
    out["total_rp"] = out[[f"{_slug(k)}_rp" for k in CATEGORIES]].sum(axis=1)
    out["pct_prioritas"] = divide(out["prioritas_rp"], out["prioritas_rp"]
                                  + out["bukan_prioritas_rp"], 100.0)
    for k in CATEGORIES:
        out[f"kegiatan_{_slug(k)}"] = counts.get(k, pd.Series(0, index=counts.index)).astype(int)
    out["pct_kegiatan_prioritas"] = divide(out["kegiatan_prioritas"], out["kegiatan_prioritas"]
                                           + out["kegiatan_bukan_prioritas"], 100.0)
    out = out.reset_index()
    baseline = _desa_baseline(scored, form2, class_columns, threshold)
    out = out.merge(baseline, on="komponen", how="left")
    return MonevResult(out, located.warnings)


def targeting_basis(program: pd.DataFrame | None, scored: pd.DataFrame | None,
                    threshold: int | None = None) -> MonevResult:
    """Per-year sums for the catalogue indicator ``anggaran_desa_prioritas``.

    Returns
    -------
    MonevResult
        ``table``: ``tahun, realisasi_prioritas_rp, realisasi_berlokasi_rp``.
    """
    cols = ["tahun", "realisasi_prioritas_rp", "realisasi_berlokasi_rp"]
    if scored is None:
        return MonevResult(pd.DataFrame(columns=cols), [])
    located = locate_programs(program, scored, threshold=threshold)
    df = located.table
    if not len(df):
        return MonevResult(pd.DataFrame(columns=cols), located.warnings)
    r = df["realisasi_rp"].fillna(0.0)
    d = df.assign(realisasi_prioritas_rp=r.where(df["kategori"] == "prioritas", 0.0),
                  realisasi_berlokasi_rp=r.where(df["kategori"].isin(CATEGORIES[:2]), 0.0))
    return MonevResult(d.groupby("tahun")[cols[1:]].sum().reset_index(), located.warnings)


def spending_per_desa(program: pd.DataFrame | None, scored: pd.DataFrame,
                      component: str | None = None, value: str = "realisasi_rp",
                      threshold: int | None = None) -> MonevResult:
    """Spending per desa (for the targeting map), optionally for one component.

    Returns
    -------
    MonevResult
        ``table`` indexed by ``kode_desa``: ``nilai_rp``, ``jumlah_kegiatan`` — only desa with
        at least one located activity. Kabupaten-wide spending is reported as a warning-free
        attribute ``table.attrs["tingkat_kabupaten_rp"]``.
    """
    located = locate_programs(program, scored, threshold=threshold)
    df = located.table
    if component is not None:
        df = df[df["komponen"] == component]
    kab_rp = float(df.loc[df["kode_desa"].isna(), value].fillna(0).sum()) if len(df) else 0.0
    d = df[df["kode_desa"].notna()]
    out = d.groupby("kode_desa").agg(nilai_rp=(value, "sum"), jumlah_kegiatan=(value, "size"))
    out.attrs["tingkat_kabupaten_rp"] = kab_rp
    return MonevResult(out, located.warnings)


def stunting_overlap(scored: pd.DataFrame, form2: pd.DataFrame,
                     components: Sequence[str] = ("air_limbah", "persampahan", "drainase",
                                                  "gabungan"),
                     threshold: int | None = None) -> MonevResult:
    """How many priority desa are also stunting focus desa (``lokus_stunting`` in Form2).

    Returns
    -------
    MonevResult
        ``table`` per component: ``desa_prioritas``, ``desa_lokus_stunting``,
        ``desa_prioritas_dan_lokus`` (both), ``pct_prioritas_lokus`` (÷ priority desa × 100),
        ``pct_lokus_tercakup`` (÷ stunting desa × 100), ``daftar_desa`` (names of desa in both).
        A desa is a priority by ``threshold`` or the scored table's flags
        (:func:`priority_mask`).
    """
    warnings: list[MonevWarning] = []
    if "lokus_stunting" not in form2.columns:
        warnings.append(MonevWarning("kolom_hilang", "Form2 tidak punya kolom lokus_stunting",
                                     sheet="Form2"))
        return MonevResult(pd.DataFrame(columns=["komponen", "desa_prioritas"]), warnings)
    f2 = form2.assign(kode_desa=form2["kode_desa"].astype(str).str.strip())
    locus = pd.to_numeric(f2["lokus_stunting"], errors="coerce")
    if locus.isna().any():
        warnings.append(MonevWarning(
            "nilai_kosong", f"lokus_stunting kosong untuk {int(locus.isna().sum())} desa "
            "(dianggap bukan lokus)", sheet="Form2"))
    locus_set = set(f2.loc[locus.fillna(0) == 1, "kode_desa"])
    names = f2.set_index("kode_desa")["nama_desa"] if "nama_desa" in f2 else None
    rows = []
    for comp in components:
        col = f"kelas_{comp}"
        if col not in scored.columns:
            warnings.append(MonevWarning("kelas_tidak_ada",
                                         f"kolom {col} tidak ada di tabel skor", code=comp))
            continue
        flags = priority_mask(scored, col, threshold)
        prio = set(flags.index[flags.to_numpy()])
        both = sorted(prio & locus_set)
        both_names = [str(names.get(k, k)) if names is not None else k for k in both]
        rows.append({"komponen": comp, "desa_prioritas": len(prio),
                     "desa_lokus_stunting": len(locus_set), "desa_prioritas_dan_lokus": len(both),
                     "pct_prioritas_lokus": divide(len(both), len(prio), 100.0),
                     "pct_lokus_tercakup": divide(len(both), len(locus_set), 100.0),
                     "daftar_desa": ", ".join(both_names)})
    return MonevResult(pd.DataFrame(rows), warnings)


# --------------------------------------------------------------------------- helpers
def _slug(category: str) -> str:
    """Category as a column-name part: ``"bukan prioritas" -> "bukan_prioritas"``."""
    return category.replace(" ", "_")


def _desa_baseline(scored: pd.DataFrame, form2: pd.DataFrame | None,
                   class_columns: Mapping[str, str], threshold: int | None) -> pd.DataFrame:
    """Priority desa per component and their share of classed desa (and of KK)."""
    codes = scored_codes(scored)
    kk = None
    if form2 is not None and "jumlah_kk" in form2.columns:
        kk = pd.to_numeric(form2.set_index(form2["kode_desa"].astype(str).str.strip())
                           ["jumlah_kk"], errors="coerce")
    rows = []
    for comp, col in class_columns.items():
        if col not in scored.columns:
            continue
        classes = pd.Series(pd.array(scored[col], dtype="Int64"), index=codes.to_numpy())
        classed = classes.dropna()
        flags = priority_mask(scored, col, threshold)
        flags = flags[~flags.index.duplicated()]
        prio = classed[flags.reindex(classed.index).fillna(False).astype(bool).to_numpy()]
        b = {"komponen": comp, "desa_prioritas": len(prio), "desa_berkelas": len(classed),
             "pct_desa_prioritas": divide(len(prio), len(classed), 100.0)}
        if kk is not None:
            w = kk.reindex(classed.index)
            b["pct_kk_prioritas"] = divide(float(w.reindex(prio.index).sum()), float(w.sum()),
                                           100.0)
        rows.append(b)
    cols = ["komponen", "desa_prioritas", "desa_berkelas", "pct_desa_prioritas"]
    if kk is not None:
        cols.append("pct_kk_prioritas")
    return pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols).astype(
        {"komponen": object})

