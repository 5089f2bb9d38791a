"""``area_berisiko.gpkg``: the GIS hand-off (desa, kecamatan, kabupaten layers + QGIS styles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from ..maps.gis_layers import gpkg_layers
from ..maps.qgis_style import layer_styles
from ..maps.style import MapStyle, style_for_method
from .writers import atomic_path

__all__ = ["DESA_LAYER", "GEOMETRY_COLUMN", "STYLE_TABLE", "read_desa_layer", "write_gpkg"]

#: Geometry column name of every layer (GDAL's GeoPackage default, named in ``layer_styles``).
GEOMETRY_COLUMN = "geom"
#: QGIS's style table.
STYLE_TABLE = "layer_styles"
#: The desa layer; earlier outputs had one layer named ``area_berisiko``.
DESA_LAYER = "desa"
_OLD_DESA_LAYER = "area_berisiko"
#: GeoPackage 1.3: read without warnings by the GDAL of older QGIS LTR releases.
_GPKG_VERSION = "1.3"


def write_gpkg(desa: gpd.GeoDataFrame, path: str | Path, meta: Mapping | None = None,
               method: Mapping | None = None, style: MapStyle | None = None) -> Path:
    """Write ``area_berisiko.gpkg`` atomically: layers ``desa``, ``kecamatan``, ``kabupaten``
    and QGIS's ``layer_styles`` table.

    Opened in QGIS, the desa layer shows the combined classes (*gabungan*) in the colours and
    labels of the printed maps, with the desa count of each class in the legend; the other
    themes are under the layer's *Styles* menu; the attribute table shows Indonesian field
    names.

    Parameters
    ----------
    desa : geopandas.GeoDataFrame
        The scored table (``ScoredResult.desa``).
    path : path
        Target file; replaced whole on success, untouched on failure.
    meta : mapping, optional
        ``ScoredResult.meta`` (kabupaten code, names, year on the kabupaten layer).
    method : mapping, optional
        ``ScoredResult.method`` (EHRA sub-indicator names and units in the field aliases).
    style : MapStyle, optional
        Palette and class names (default: those of the printed sheets, class names from
        ``method`` via :func:`ppsp_analysis.maps.style.style_for_method`).

    Returns
    -------
    Path
    """
    path = Path(path)
    style = style if style is not None else style_for_method(method)
    layers = gpkg_layers(desa, meta, style)
    styles = layer_styles(layers, method, style)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    table = pd.DataFrame({
        "f_table_catalog": "", "f_table_schema": "",
        "f_table_name": [s.table for s in styles],
        "f_geometry_column": GEOMETRY_COLUMN,
        "styleName": [s.name for s in styles],
        "styleQML": [s.qml for s in styles],
        "styleSLD": "",
        "useAsDefault": [s.default for s in styles],
        "description": [s.description for s in styles],
        "owner": "", "ui": None,
        "update_time": pd.Series([now] * len(styles), dtype="datetime64[s]")})
    table["ui"] = table["ui"].astype(object)
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL creates the GeoPackage itself
        for i, (name, layer) in enumerate(layers.items()):
            pyogrio.write_dataframe(
                layer, tmp, layer=name, driver="GPKG",
                dataset_options={"VERSION": _GPKG_VERSION} if i == 0 else None,
                layer_options={"GEOMETRY_NAME": GEOMETRY_COLUMN})
        pyogrio.write_dataframe(table, tmp, layer=STYLE_TABLE, driver="GPKG",
                                layer_options={"FID": "id"})
    return path


def read_desa_layer(path: str | Path, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """The desa layer of an ``area_berisiko.gpkg`` (also of outputs that named it
    ``area_berisiko``)."""
    names = [n for n, _ in pyogrio.list_layers(path)]
    layer = DESA_LAYER if DESA_LAYER in names else _OLD_DESA_LAYER
    return gpd.read_file(path, layer=layer, columns=columns)
