"""Kecamatan roll-up: a risk class per kecamatan from the classes of its desa (pure, no I/O).

SSK updates report risk at kecamatan level too (Gunung Mas's 2023 SSK names six kecamatan
"berisiko sangat tinggi"), but no published rule for it was found, so the rule is a method
option (``kecamatan.metode``, method reference §13):

``persen_penduduk_prioritas`` (default) [I]
    The share of the kecamatan's population living in priority desa (class ≥
    ``area_berisiko.ambang_prioritas``), among the desa that have a class; classed 1–4 by
    ``kecamatan.ambang_persen`` (default 25 | 50 | 75 %, upper bounds inclusive: ≤ 25 % → 1,
    ≤ 50 % → 2, ≤ 75 % → 3, above → 4). Done for each component and for *gabungan*.
``rerata_ie_tertimbang`` [I]
    The population-weighted mean IMPACT × EXPOSURE of its desa (desa with a value), per
    component, classed by the desa rule over the kecamatan (``area_berisiko.metode_kelas``:
    equal intervals over the kecamatan values, or the fixed cut-offs); *gabungan* combines the
    three component classes by ``gabungan.metode`` as for desa.

Pokja overrides of desa classes count (the final ``kelas_<komponen>``); IMPACT × EXPOSURE is the
instrument's value before any override.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .method import COMPONENTS, class_labels
from .scoring import class_of_area, combine_classes, scores_from_bounds

#: The components of the roll-up, combined class last.
ROLLUP_COMPONENTS = (*COMPONENTS, "gabungan")


def kecamatan_rollup(desa: pd.DataFrame, penduduk: pd.Series, method: dict) -> pd.DataFrame:
    """One row per kecamatan: population, priority desa, the rolled-up values and classes.

    Parameters
    ----------
    desa : pandas.DataFrame
        The scored table (``ScoredResult.desa``): ``kode_desa`` (column or index),
        ``kode_kec``, ``nama_kec``, ``kelas_<komponen>``, ``kelas_gabungan`` and (for
        ``rerata_ie_tertimbang``) ``area_<komponen>``.
    penduduk : pandas.Series
        Population per desa, indexed by ``kode_desa`` (Form 2 ``penduduk``); a desa without
        a number weighs nothing.
    method : dict
        The merged method (options ``kecamatan``, ``area_berisiko``, ``gabungan``,
        ``kelas``).

    Returns
    -------
    pandas.DataFrame
        In kecamatan-code order: ``kode_kec``, ``nama_kec``, ``jumlah_desa``, ``penduduk``;
        per component *c* (and ``gabungan``) ``desa_prioritas_<c>``,
        ``pct_penduduk_prioritas_<c>`` (% of the population of the desa with a class);
        per component ``ie_<c>`` (population-weighted mean IMPACT × EXPOSURE);
        ``kelas_kec_<c>`` for each (nullable Int64, ``<NA>`` = tidak ada data) and
        ``nama_kelas_kec`` (the name of the combined class, from the method's labels).

    Examples
    --------
    >>> from ppsp_analysis.io import read_default_method
    >>> d = pd.DataFrame({"kode_desa": ["a", "b", "c"], "kode_kec": ["K1", "K1", "K2"],
    ...                   "nama_kec": ["Satu", "Satu", "Dua"],
    ...                   **{f"kelas_{c}": [4, 1, 2] for c in ROLLUP_COMPONENTS},
    ...                   **{f"area_{c}": [16.0, 1.0, 6.0] for c in COMPONENTS}})
    >>> t = kecamatan_rollup(d, pd.Series({"a": 300, "b": 100, "c": 500}),
    ...                      read_default_method())
    >>> t[["kode_kec", "pct_penduduk_prioritas_gabungan", "kelas_kec_gabungan"]].values.tolist()
    [['K1', 75.0, 3], ['K2', 0.0, 1]]
    """
    m = method
    threshold = m["area_berisiko"]["ambang_prioritas"]
    k = m["kelas"]["jumlah"]
    d = pd.DataFrame(desa.drop(columns="geometry", errors="ignore")).copy()
    codes = d["kode_desa"].astype(str) if "kode_desa" in d.columns else d.index.astype(str)
    d.index = pd.Index(codes.to_numpy(), name="kode_desa")
    pop = pd.to_numeric(pd.Series(penduduk), errors="coerce")
    pop.index = pop.index.astype(str)
    d["_pop"] = pop.reindex(d.index).fillna(0.0).astype(float).to_numpy()
    d["kode_kec"] = d["kode_kec"].astype(str)
    groups = d.groupby("kode_kec", sort=True)
    out = pd.DataFrame({"nama_kec": groups["nama_kec"].first(),
                        "jumlah_desa": groups.size(),
                        "penduduk": groups["_pop"].sum()})
    for comp in ROLLUP_COMPONENTS:
        cls = pd.to_numeric(d[f"kelas_{comp}"], errors="coerce").astype(float)
        known = cls.notna()
        prio = (cls >= threshold) & known
        out[f"desa_prioritas_{comp}"] = prio.groupby(d["kode_kec"]).sum().astype(int)
        pop_known = d["_pop"].where(known, 0.0).groupby(d["kode_kec"]).sum()
        pop_prio = d["_pop"].where(prio, 0.0).groupby(d["kode_kec"]).sum()
        out[f"pct_penduduk_prioritas_{comp}"] = (100.0 * pop_prio / pop_known.where(
            pop_known > 0)).astype(float)
    for comp in COMPONENTS:
        area = pd.to_numeric(d.get(f"area_{comp}"), errors="coerce").astype(float) \
            if f"area_{comp}" in d.columns else pd.Series(np.nan, index=d.index)
        weight = d["_pop"].where(area.notna(), 0.0)
        num = (area.fillna(0.0) * weight).groupby(d["kode_kec"]).sum()
        den = weight.groupby(d["kode_kec"]).sum()
        out[f"ie_{comp}"] = (num / den.where(den > 0)).astype(float)
    rule = m["kecamatan"]["metode"]
    if rule == "persen_penduduk_prioritas":
        cuts = [float(v) for v in m["kecamatan"]["ambang_persen"]]
        for comp in ROLLUP_COMPONENTS:
            out[f"kelas_kec_{comp}"] = scores_from_bounds(
                out[f"pct_penduduk_prioritas_{comp}"], cuts)
    elif rule == "rerata_ie_tertimbang":
        for comp in COMPONENTS:
            out[f"kelas_kec_{comp}"] = class_of_area(
                out[f"ie_{comp}"], m["area_berisiko"]["metode_kelas"], k,
                m["area_berisiko"]["batas_tetap"], m["kelas"]["desimal_batas"],
                rounding=m["kelas"]["pembulatan_batas"])
        out["kelas_kec_gabungan"] = combine_classes(
            out[[f"kelas_kec_{c}" for c in COMPONENTS]], m["gabungan"]["metode"])
    else:
        raise ValueError(f"kecamatan.metode tidak dikenal: {rule!r}")
    for comp in ROLLUP_COMPONENTS:
        out[f"kelas_kec_{comp}"] = out[f"kelas_kec_{comp}"].astype("Int64")
    names = class_labels(m, "area")
    out["nama_kelas_kec"] = out["kelas_kec_gabungan"].map(
        lambda v: "Tidak ada data" if pd.isna(v) else names.get(int(v), f"Kelas {int(v)}"))
    ordered = ["nama_kec", "jumlah_desa", "penduduk",
               *[f"{p}_{c}" for c in ROLLUP_COMPONENTS
                 for p in ("desa_prioritas", "pct_penduduk_prioritas")],
               *[f"ie_{c}" for c in COMPONENTS],
               *[f"kelas_kec_{c}" for c in ROLLUP_COMPONENTS], "nama_kelas_kec"]
    out = out[ordered].reset_index()
    out["penduduk"] = out["penduduk"].round().astype("int64")
    return out


def kecamatan_table(result, pkg) -> pd.DataFrame:
    """:func:`kecamatan_rollup` of a scored package, population from its Form 2.

    Parameters
    ----------
    result : ScoredResult
        Output of :func:`ppsp_analysis.score_package`.
    pkg : InputPackage
        The package it was computed from.
    """
    f2 = pkg.sheet("Form2")
    f2 = f2[~f2["kode_desa"].duplicated()]
    penduduk = pd.Series(pd.to_numeric(f2["penduduk"], errors="coerce").to_numpy(),
                         index=f2["kode_desa"].astype(str))
    return kecamatan_rollup(result.desa, penduduk, result.method)


def with_kecamatan_class(desa: gpd.GeoDataFrame, table: pd.DataFrame,
                         component: str = "gabungan") -> gpd.GeoDataFrame:
    """The desa table with ``kelas_kecamatan`` (its kecamatan's class), for the kecamatan sheet.

    The map theme ``kecamatan`` (:data:`ppsp_analysis.maps.style.EXTRA_THEMES`) colours every
    desa by its kecamatan's class and counts kecamatan in the legend.

    Parameters
    ----------
    desa : geopandas.GeoDataFrame
        The scored table.
    table : pandas.DataFrame
        Output of :func:`kecamatan_rollup`.
    component : str
        ``gabungan`` (default) or a component.
    """
    classes = table.set_index(table["kode_kec"].astype(str))[f"kelas_kec_{component}"]
    out = desa.copy()
    out["kelas_kecamatan"] = pd.array(out["kode_kec"].astype(str).map(classes), dtype="Int64")
    return out


__all__ = ["ROLLUP_COMPONENTS", "kecamatan_rollup", "kecamatan_table", "with_kecamatan_class"]


def kecamatan_sheet_table(result, pkg) -> gpd.GeoDataFrame:
    """The scored desa with ``kelas_kecamatan``: what the map theme ``kecamatan`` draws.

    Parameters
    ----------
    result : ScoredResult
        Output of :func:`ppsp_analysis.score_package`.
    pkg : InputPackage
        The package it was computed from.
    """
    return with_kecamatan_class(result.desa, kecamatan_table(result, pkg))
