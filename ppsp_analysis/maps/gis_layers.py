"""The layers of the GIS hand-off (``area_berisiko.gpkg``): desa, kecamatan, kabupaten (pure).

The kecamatan and kabupaten polygons are dissolved from the scored desa exactly as on the
printed sheets (snapped, slivers between desa closed), so the three layers coincide; each
carries names and per-theme class counts of its desa, so a Pokja can map or tabulate them
in QGIS without a join.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import shapely

from .data import GRID, _dissolve, _fill_gaps, _kab_code, _valid, utm_crs
from .sheet import area_name, class_counts
from .style import THEMES, MapStyle, Theme, theme_classes

__all__ = ["LAYER_NAMES", "gpkg_layers", "summary_columns", "summary_themes"]

#: Layer names of ``area_berisiko.gpkg``, in the order they are written.
LAYER_NAMES = ("desa", "kecamatan", "kabupaten")


def summary_themes(desa: pd.DataFrame) -> list[Theme]:
    """The risk themes (classes 1–4) whose class column is in ``desa``, in :data:`THEMES` order."""
    return [t for t in THEMES if t.kind == "risk" and t.column in desa.columns]


def summary_columns(theme: Theme, style: MapStyle | None = None) -> list[tuple[str, object]]:
    """Names of a theme's summary columns with what they count.

    Returns
    -------
    list of (column, what)
        ``what`` is a class value (int), ``None`` (*tidak ada data*), ``"prioritas"`` (number
        of priority desa) or ``"persen_prioritas"`` (their share, %); the last two only
        count where the desa table has ``prioritas_<theme>``.

    Examples
    --------
    >>> from ppsp_analysis.maps.style import get_theme
    >>> [c for c, _ in summary_columns(get_theme("drainase"))][:2]
    ['drainase_kelas_1', 'drainase_kelas_2']
    """
    style = style or MapStyle()
    cols: list[tuple[str, object]] = [(f"{theme.key}_kelas_{v}", v)
                                      for v, _, _ in theme_classes(theme, style)]
    cols.append((f"{theme.key}_tanpa_data", None))
    cols.append((f"{theme.key}_prioritas", "prioritas"))
    cols.append((f"{theme.key}_persen_prioritas", "persen_prioritas"))
    return cols


def _summary(part: pd.DataFrame, themes: list[Theme], style: MapStyle) -> dict[str, object]:
    """Counts and means of one group of desa."""
    n = len(part)
    row: dict[str, object] = {"jumlah_desa": n}
    if "ind_jumlah_penduduk" in part.columns:
        row["jumlah_penduduk"] = int(round(pd.to_numeric(part["ind_jumlah_penduduk"]).sum()))
    if "disurvei" in part.columns:
        row["desa_disurvei"] = int(part["disurvei"].astype(bool).sum())
    if "n_rt" in part.columns:
        row["rt_ehra"] = int(pd.to_numeric(part["n_rt"]).fillna(0).sum())
    if "irs_total" in part.columns:
        mean = pd.to_numeric(part["irs_total"]).mean()
        row["irs_rata_rata"] = None if pd.isna(mean) else round(float(mean), 1)
    for theme in themes:
        counts = class_counts(part, theme, style)
        flag = f"prioritas_{theme.key}"
        for col, what in summary_columns(theme, style):
            if what in ("prioritas", "persen_prioritas") and flag not in part.columns:
                continue  # e.g. the IRS classes have no priority flag
            if what == "prioritas":
                row[col] = int(part[flag].astype(bool).sum())
            elif what == "persen_prioritas":
                row[col] = round(100.0 * int(row[f"{theme.key}_prioritas"]) / n, 1)
            else:
                row[col] = counts[what]
    return row


def gpkg_layers(desa: gpd.GeoDataFrame, meta: Mapping[str, object] | None = None,
                style: MapStyle | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The three layers of ``area_berisiko.gpkg``, all in the CRS of ``desa``.

    Parameters
    ----------
    desa : geopandas.GeoDataFrame
        The scored table (docs/kontrak_data.md §2), with a CRS.
    meta : mapping, optional
        ``kode_kabupaten``, ``nama_kabupaten``, ``nama_provinsi``, ``tahun``,
        ``versi_metode``, ``sintetis`` (copied onto the kabupaten layer when given).
    style : MapStyle, optional
        Decides the classes counted (default :class:`MapStyle`).

    Returns
    -------
    dict of str to GeoDataFrame
        ``desa`` (the scored table as is, index dropped), ``kecamatan`` (one row per
        ``kode_kec``: ``kode_kec``, ``nama_kec``, ``luas_km2`` and the summary fields) and
        ``kabupaten`` (one row: ``kode_kab``, ``nama_kab``, ``nama_provinsi``, ``tahun``,
        ``jumlah_kecamatan``, ``luas_km2``, the summary fields, ``versi_metode``,
        ``sintetis``). Summary fields: ``jumlah_desa``, ``jumlah_penduduk``,
        ``desa_disurvei``, ``rt_ehra``, ``irs_rata_rata`` (when their desa columns exist)
        and, per risk theme, the columns of :func:`summary_columns`.
    """
    meta = meta or {}
    style = style or MapStyle()
    if desa.crs is None:
        raise ValueError("Tabel desa tidak punya CRS: area_berisiko.gpkg butuh sistem koordinat")
    themes = summary_themes(desa)
    table = desa.reset_index(drop=True)
    metric = table.to_crs(utm_crs(table))
    metric = metric.set_geometry(_valid(metric.geometry))

    kec = _dissolve(metric)
    rows = []
    for kode, part in metric.groupby(metric["kode_kec"].astype(str), sort=True):
        rows.append({"kode_kec": kode, **_summary(part, themes, style)})
    kec = kec.merge(pd.DataFrame(rows), on="kode_kec", how="left")
    kec.insert(2, "luas_km2", (kec.geometry.area / 1e6).round(2))
    kab_geom = _fill_gaps(shapely.union_all(kec.geometry.values, grid_size=GRID))
    kec = kec.to_crs(table.crs)

    nama = meta.get("nama_kabupaten")
    kode = meta.get("kode_kabupaten") or _kab_code(desa)
    kab_row = {"kode_kab": str(kode),
               "nama_kab": area_name(nama) if nama else "",
               "nama_provinsi": str(meta.get("nama_provinsi") or ""),
               "tahun": int(meta["tahun"]) if meta.get("tahun") is not None else None,
               "jumlah_kecamatan": int(table["kode_kec"].nunique()),
               "luas_km2": round(float(kab_geom.area) / 1e6, 2),
               **_summary(metric, themes, style),
               "versi_metode": str(meta.get("versi_metode") or ""),
               "sintetis": bool(meta.get("sintetis", False))}
    kab = gpd.GeoDataFrame([kab_row], geometry=[kab_geom], crs=metric.crs).to_crs(table.crs)
    return {"desa": table, "kecamatan": kec, "kabupaten": kab}
