"""Maps of sanitation risk-priority areas (*peta area berisiko sanitasi*).

Printed sheets (A3 landscape for print and meetings, A4 portrait for reports;
vector PDF and 300 dpi PNG) and a self-contained interactive HTML map, drawn
from the scored table (``docs/kontrak_data.md`` §2), following the Indonesian
*peta tematik* conventions (title with theme, area and year; legend with desa
counts and a *tidak ada data* hatch; north arrow; scale bar and a
representative fraction true for the paper; locator inset; graticule;
projection and datum; sources, method version, producer and date).

Public API
----------
map_sheet(scored, theme="gabungan", meta=None, *, paper="A3", style=None, context=None)
    -> matplotlib Figure (a :class:`SheetFigure`, shown inline in notebooks).
sheet_set(scored, meta, style=None, context=None, *, themes=None,
          papers=("A3", "A4"), formats=("pdf", "png"), dpi=300) -> iterator
    ``(peta_<theme>_<a3|a4>.<pdf|png>, bytes)`` for every theme whose column is
    present (``air_limbah``, ``persampahan``, ``drainase``, ``gabungan``,
    ``irs``, ``strata``); :func:`ppsp_analysis.io.map_files.write_sheet_set`
    writes them (atomically), as ``write_interactive`` writes the interactive map.
interactive_html(scored, meta, style=None, context=None) -> str
    ``peta_interaktif.html``: one file, no network (inline SVG + vanilla JS).
gpkg_layers(scored, meta=None, style=None) -> dict of GeoDataFrame
    The layers of ``area_berisiko.gpkg``: ``desa``, ``kecamatan`` and ``kabupaten``
    (dissolved from the desa, with names and desa counts per class).
layer_styles(layers, method=None, style=None) -> list[LayerStyle]
    QGIS styles (QML) of those layers: one categorised style per theme on the desa
    (default: gabungan), boundary outlines with names; Indonesian field aliases.
    :func:`ppsp_analysis.io.gpkg.write_gpkg` writes layers and styles.
MapStyle
    Frozen dataclass of palette, fonts, sizes and texts; override with
    :func:`dataclasses.replace`.
prepare_map_data, plan_sheet, draw_sheet
    The three steps inside :func:`map_sheet`, for drawing many themes of one
    kabupaten with one plan (what :func:`write_sheet_set` does).

Nothing here touches the disk (see :mod:`ppsp_analysis.io.map_files`).

``meta`` keys: ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``,
``tahun``, ``nama_pokja``, ``sintetis`` (bool: DATA SINTETIS marks),
``label_kelas`` (class names of the method),
``versi_metode``, ``sumber_data`` (list of str; falls back to
``sumber_data_sekunder``/``tahun_ehra``/``tanggal_persepsi``), optional
``tanggal_peta`` (date printed as production date; default today).

``context`` keys (all optional GeoDataFrames, any CRS): ``kecamatan``,
``kabupaten``, ``konteks_kabupaten`` (all kabupaten of the province: grey
neighbours and the locator inset), ``sungai`` (lines). Kecamatan and kabupaten
lines are dissolved from the desa by default so they coincide with the desa
edges (``MapStyle.boundaries_from_desa``).

Examples
--------
>>> from ppsp_analysis.maps import map_sheet  # doctest: +SKIP
>>> fig = map_sheet(result.desa, "air_limbah", result.meta, context=pkg.context)  # doctest: +SKIP
>>> from ppsp_analysis.io.map_files import write_sheet_set  # doctest: +SKIP
>>> write_sheet_set(result.desa, result.meta, "reports/2026/99.01/peta")  # doctest: +SKIP
"""

from __future__ import annotations

from .data import MapData, MapInputError, prepare_map_data, utm_crs
from .gis_layers import gpkg_layers
from .interactive import interactive_html
from .layout import SheetPlan, plan_sheet
from .qgis_style import LayerStyle, field_aliases, layer_styles
from .render import figure_bytes, sheet_filename, sheet_set
from .sheet import SheetFigure, class_counts, draw_sheet, map_sheet, sheet_title, source_lines
from .style import PAPERS, THEMES, MapStyle, Theme, get_theme, theme_classes, with_class_names

__all__ = [
    "LayerStyle",
    "MapData",
    "MapInputError",
    "MapStyle",
    "PAPERS",
    "SheetFigure",
    "SheetPlan",
    "THEMES",
    "Theme",
    "class_counts",
    "draw_sheet",
    "field_aliases",
    "get_theme",
    "gpkg_layers",
    "interactive_html",
    "layer_styles",
    "map_sheet",
    "plan_sheet",
    "prepare_map_data",
    "figure_bytes",
    "sheet_filename",
    "sheet_set",
    "sheet_title",
    "source_lines",
    "theme_classes",
    "utm_crs",
    "with_class_names",
]
