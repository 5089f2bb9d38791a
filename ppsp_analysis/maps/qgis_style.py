"""QGIS styles for ``area_berisiko.gpkg`` (pure: builds QML text and style rows, writes nothing).

A GeoPackage opened in QGIS loads the style marked ``useAsDefault`` in its ``layer_styles``
table (the table QGIS itself writes with *Save style → In database*), and lists the others
under *Styles*. This module builds, from the same palette, labels and themes as the printed
sheets (:mod:`ppsp_analysis.maps.style`):

- one categorised style per map theme on the desa layer, each class labelled with its value
  and number of desa (``Berisiko sangat tinggi (4) — 12 desa``), *tidak ada data* hatched as
  on the sheets; the combined (*gabungan*) style is the default;
- an outline style with names for the kecamatan and kabupaten layers;
- Indonesian field aliases (``<aliases>``) and class names in the attribute table
  (value-map widgets on the class columns).

:func:`ppsp_analysis.io.gpkg.write_gpkg` writes the layers and these rows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from matplotlib.colors import to_rgba

from .. import fmt
from ..labels import UnitNames
from ..method import IRS_COMPONENTS, IRS_LABEL, KOMPONEN_LABEL
from .gis_layers import summary_columns
from .sheet import _LABEL_LOOK, class_counts
from .style import (
    THEMES,
    MapStyle,
    Theme,
    get_theme,
    theme_classes,
    with_class_names,
)

__all__ = [
    "DEFAULT_THEME",
    "LayerStyle",
    "category_label",
    "categorized_qml",
    "field_aliases",
    "layer_styles",
    "outline_qml",
]

#: QGIS version written into the QML (the oldest LTR the styles were checked with).
QML_VERSION = "3.22.0"
#: Theme of the default desa style.
DEFAULT_THEME = "gabungan"
#: Hatch of *tidak ada data* on screen: line spacing and width (mm), angle (degrees).
HATCH_DISTANCE_MM = 1.6
HATCH_WIDTH_MM = 0.15
HATCH_ANGLE = 45
#: Label sizes on screen relative to the A3 sheet's (read at 96 dpi, not on paper).
SCREEN_TEXT_SCALE = 1.5


@dataclass(frozen=True)
class LayerStyle:
    """One row of QGIS's ``layer_styles`` table.

    Attributes
    ----------
    table : str
        Layer (table) name the style belongs to.
    name : str
        Style name shown in QGIS (*Styles* menu of the layer).
    qml : str
        The QML document.
    default : bool
        ``useAsDefault``: loaded when the layer is opened.
    description : str
        Free text shown by QGIS's style manager.
    """

    table: str
    name: str
    qml: str
    default: bool
    description: str


# --------------------------------------------------------------------------- aliases
_FIXED = {
    "kode_desa": "Kode desa", "nama_desa": "Desa/kelurahan", "kode_kec": "Kode kecamatan",
    "nama_kec": "Kecamatan", "kode_kab": "Kode kabupaten/kota", "nama_kab": "Kabupaten/kota",
    "nama_provinsi": "Provinsi", "tahun": "Tahun",
    "kriteria_kepadatan": "Kriteria strata: kepadatan penduduk",
    "kriteria_kemiskinan": "Kriteria strata: kemiskinan",
    "kriteria_sungai": "Kriteria strata: dilalui sungai",
    "kriteria_banjir": "Kriteria strata: rawan banjir",
    "strata": "Strata desa EHRA (0–4)", "disurvei": "Disurvei EHRA",
    "unit_irs": "Asal IRS (desa/strata)", "n_rt": "Jumlah rumah tangga EHRA",
    "irs_total": "Indeks Risiko Sanitasi (IRS, 0–500)", "kelas_irs": "Kelas IRS",
    "impact": "IMPACT (1–4)", "n_opd": "Jumlah OPD penilai",
    "jumlah_desa": "Jumlah desa", "jumlah_penduduk": "Jumlah penduduk (jiwa)",
    "desa_disurvei": "Desa disurvei EHRA", "rt_ehra": "Rumah tangga EHRA",
    "irs_rata_rata": "IRS rata-rata desa", "luas_km2": "Luas (km²)",
    "jumlah_kecamatan": "Jumlah kecamatan", "versi_metode": "Versi metode",
    "sintetis": "Data sintetis",
}
_COMPONENT_PATTERNS = (
    ("skor_irs_{}", "Skor IRS {} (1–4)"),
    ("skor_sekunder_{}", "Skor sekunder {} (1–4)"),
    ("skor_persepsi_{}", "Skor persepsi OPD {} (1–4)"),
    ("persepsi_{}", "Persepsi OPD {}"),
    ("exposure_{}", "EXPOSURE {} (1–4)"),
    ("area_{}", "IMPACT × EXPOSURE {} (1–16)"),
    ("kelas_{}_instrumen", "Kelas {} (instrumen)"),
    ("kelas_{}", "Kelas {}"),
    ("override_{}", "Koreksi Pokja {}"),
    ("alasan_{}", "Alasan koreksi Pokja {}"),
    ("prioritas_{}", "Prioritas {}"),
)


def _words(name: str) -> str:
    """``kk_tanpa_jamban`` → ``KK tanpa jamban``."""
    words = [{"kk": "KK", "tps": "TPS", "rt": "RT", "opd": "OPD"}.get(w, w)
             for w in name.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _ehra_names(method: Mapping | None) -> dict[str, str]:
    pemetaan = ((method or {}).get("ehra") or {}).get("pemetaan") or {}
    return {str(code): str(spec.get("nama", "")) for comp in pemetaan.values()
            for code, spec in (comp or {}).items() if isinstance(spec, Mapping)}


def _units(method: Mapping | None) -> dict[str, str]:
    sekunder = (method or {}).get("sekunder") or {}
    return {name: str(spec.get("satuan", "")) for group in sekunder.values()
            for name, spec in (group or {}).items() if isinstance(spec, Mapping)}


def field_aliases(columns: Iterable[str], method: Mapping | None = None,
                  style: MapStyle | None = None,
                  units: UnitNames | None = None) -> dict[str, str]:
    """Indonesian display names of the columns of the desa, kecamatan and kabupaten layers.

    Parameters
    ----------
    columns : iterable of str
        Column names (``geometry`` is skipped).
    method : mapping, optional
        The method used (``ScoredResult.method``): EHRA sub-indicator names and indicator
        units come from it.
    style : MapStyle, optional
        Class labels of the summary columns (default: those of ``method``).
    units : UnitNames, optional
        What the areas are called (``desa`` fitted to ``kelurahan`` …); default as written.

    Returns
    -------
    dict
        Column → alias, for every column given.

    Examples
    --------
    >>> kelas = {"kelas": {"jumlah": 4, "label": "pedoman2017"}}
    >>> field_aliases(["kelas_air_limbah", "area_drainase", "gabungan_kelas_4"], kelas)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'kelas_air_limbah': 'Kelas Air Limbah Domestik',
     'area_drainase': 'IMPACT × EXPOSURE Drainase (1–16)',
     'gabungan_kelas_4': 'Desa berisiko sangat tinggi (4) — Gabungan (Prioritas)'}
    """
    style = with_class_names(style, method=method)
    area_units = units
    ehra, units = _ehra_names(method), _units(method)
    summary = {col: (theme, what) for theme in THEMES if theme.kind == "risk"
               for col, what in summary_columns(theme, style)}
    labels = {t.key: dict((v, lab) for v, lab, _ in theme_classes(t, style)) for t in THEMES}
    comps = dict(KOMPONEN_LABEL)
    irs = {c: IRS_LABEL.get(c, _words(c)) for c in IRS_COMPONENTS}
    out: dict[str, str] = {}
    for col in columns:
        if col == "geometry":
            continue
        out[col] = _alias(col, ehra, units, summary, labels, comps, irs)
    return {k: area_units.adapt(v) for k, v in out.items()} if area_units else out


def _alias(col: str, ehra: dict, units: dict, summary: dict, labels: dict, comps: dict,
           irs: dict) -> str:
    if col in _FIXED:
        return _FIXED[col]
    if col in summary:
        theme, what = summary[col]
        if what is None:
            return f"Desa tanpa data — {theme.name}"
        if what == "prioritas":
            return f"Desa prioritas — {theme.name}"
        if what == "persen_prioritas":
            return f"% desa prioritas — {theme.name}"
        return f"Desa {labels[theme.key][what].lower()} ({what}) — {theme.name}"
    m = re.fullmatch(r"p_(\w+)", col)
    if m:
        code = m.group(1)
        return f"% RT berisiko {code}: {ehra[code]}" if ehra.get(code) else \
            f"% RT berisiko {code}"
    m = re.fullmatch(r"irs_(\w+)", col)
    if m and m.group(1) in irs:
        return f"IRS {irs[m.group(1)].lower()} (0–100)"
    for pattern, text in _COMPONENT_PATTERNS:
        m = re.fullmatch(pattern.format(r"(\w+?)"), col)
        if m and m.group(1) in comps:
            return text.format(comps[m.group(1)])
    m = re.fullmatch(r"ind_(\w+)", col)
    if m:
        unit = units.get(m.group(1))
        return f"{_words(m.group(1))} ({unit})" if unit else _words(m.group(1))
    m = re.fullmatch(r"skor_(\w+)", col)
    if m:
        return f"Skor {_words(m.group(1)).lower()} (1–4)"
    return _words(col)


# --------------------------------------------------------------------------- QML pieces
def _rgba(color: str) -> str:
    """``#a81e2b`` → ``168,30,43,255`` (QGIS colour text; any matplotlib colour)."""
    return ",".join(str(round(c * 255)) for c in to_rgba(color))


def _props(parent: ET.Element, props: Mapping[str, object]) -> None:
    """Symbol-layer properties in both QML forms: ``<Option>`` map (QGIS ≥ 3.18) and
    ``<prop>`` (older readers)."""
    opt = ET.SubElement(parent, "Option", type="Map")
    for k, v in props.items():
        ET.SubElement(opt, "Option", name=k, value=str(v), type="QString")
    for k, v in props.items():
        ET.SubElement(parent, "prop", k=k, v=str(v))


def _layer(symbol: ET.Element, cls: str, props: Mapping[str, object]) -> ET.Element:
    el = ET.SubElement(symbol, "layer", {"class": cls, "enabled": "1", "locked": "0",
                                          "pass": "0"})
    _props(el, props)
    return el


def _symbol(parent: ET.Element, name: str, kind: str = "fill") -> ET.Element:
    return ET.SubElement(parent, "symbol", {"name": name, "type": kind, "alpha": "1",
                                            "clip_to_extent": "1", "force_rhr": "0"})


def _simple_fill(symbol: ET.Element, fill: str | None, edge: str, width_pt: float) -> None:
    _layer(symbol, "SimpleFill", {
        "color": _rgba(fill) if fill else "0,0,0,0", "style": "solid" if fill else "no",
        "outline_color": _rgba(edge), "outline_style": "solid",
        "outline_width": f"{width_pt:g}", "outline_width_unit": "Point",
        "joinstyle": "round", "offset": "0,0", "offset_unit": "MM"})


def _hatch(symbol: ET.Element, color: str) -> None:
    """*Tidak ada data* hatch: diagonal lines over the fill, as on the printed sheets."""
    el = _layer(symbol, "LinePatternFill", {
        "angle": HATCH_ANGLE, "color": _rgba(color), "distance": HATCH_DISTANCE_MM,
        "distance_unit": "MM", "line_width": HATCH_WIDTH_MM, "line_width_unit": "MM",
        "offset": 0, "offset_unit": "MM", "outline_width_unit": "MM"})
    line = _symbol(el, "@0@1", "line")
    _layer(line, "SimpleLine", {
        "line_color": _rgba(color), "line_style": "solid", "line_width": HATCH_WIDTH_MM,
        "line_width_unit": "MM", "capstyle": "flat", "joinstyle": "bevel"})


def _value_map(theme: Theme, style: MapStyle) -> list[tuple[str, str]]:
    """(shown text, stored value) of a class column's value-map widget."""
    return [(category_label(v, lab), str(v)) for v, lab, _ in theme_classes(theme, style)]


def _class_theme(col: str) -> Theme | None:
    """The theme whose classes a column holds (``kelas_drainase_instrumen`` → drainase)."""
    for theme in THEMES:
        if col in (theme.column, f"{theme.column}_instrumen"):
            return theme
    return None


def _field_configuration(root: ET.Element, columns: list[str], style: MapStyle) -> None:
    conf = ET.SubElement(root, "fieldConfiguration")
    for col in columns:
        field = ET.SubElement(conf, "field", name=col, configurationFlags="None")
        theme = _class_theme(col)
        widget = ET.SubElement(field, "editWidget", type="ValueMap" if theme else "")
        config = ET.SubElement(widget, "config")
        if theme is None:
            ET.SubElement(config, "Option")
            continue
        opt = ET.SubElement(config, "Option", type="Map")
        entries = ET.SubElement(opt, "Option", name="map", type="List")
        for text, value in _value_map(theme, style):
            entry = ET.SubElement(entries, "Option", type="Map")
            ET.SubElement(entry, "Option", name=text, value=value, type="QString")


def _aliases(root: ET.Element, columns: list[str], aliases: Mapping[str, str]) -> None:
    el = ET.SubElement(root, "aliases")
    # index counts QGIS's fields, where the GeoPackage ``fid`` comes first
    for i, col in enumerate(columns, start=1):
        ET.SubElement(el, "alias", field=col, index=str(i), name=aliases.get(col, ""))


def _document(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            + ET.tostring(root, encoding="unicode") + "\n")


def _root(labels: bool = False) -> ET.Element:
    return ET.Element("qgis", {"version": QML_VERSION, "styleCategories": "AllStyleCategories",
                               "labelsEnabled": "1" if labels else "0",
                               "hasScaleBasedVisibilityFlag": "0", "readOnly": "0",
                               "minScale": "100000000", "maxScale": "0"})


def _finish(root: ET.Element, columns: list[str], aliases: Mapping[str, str], style: MapStyle,
            preview: str) -> str:
    _field_configuration(root, columns, style)
    _aliases(root, columns, aliases)
    ET.SubElement(root, "previewExpression").text = f'"{preview}"' if preview else ""
    ET.SubElement(root, "layerGeometryType").text = "2"  # polygon
    return _document(root)


# --------------------------------------------------------------------------- styles
def _units_of(desa: pd.DataFrame) -> UnitNames:
    codes = desa["kode_desa"] if "kode_desa" in desa.columns else desa.index
    return UnitNames.from_codes(codes)


def category_label(value: int, label: str, count: int | None = None, unit: str = "desa"
                   ) -> str:
    """Legend text of one class: label, value (unless the label names it), count of areas.

    Examples
    --------
    >>> category_label(4, "Berisiko sangat tinggi", 1234)
    'Berisiko sangat tinggi (4) — 1.234 desa'
    >>> category_label(2, "Strata 2")
    'Strata 2'
    """
    text = label if re.search(rf"\b{value}\b", label) else f"{label} ({value})"
    return text if count is None else f"{text} — {fmt.integer(count)} {unit}"


def categorized_qml(desa: pd.DataFrame, theme: str | Theme, aliases: Mapping[str, str],
                    style: MapStyle | None = None) -> str:
    """QML of a categorised desa style: one class per theme value, plus *tidak ada data*.

    Parameters
    ----------
    desa : DataFrame
        The desa layer (class counts are taken from it; its columns get ``aliases``).
    theme : str or Theme
        Map theme (``"gabungan"``, ``"air_limbah"`` …).
    aliases : mapping
        Column → Indonesian alias (:func:`field_aliases`).
    style : MapStyle, optional
        Colours, labels, desa edge line.

    Returns
    -------
    str
        The QML document.
    """
    style = style or MapStyle()
    theme = get_theme(theme)
    counts = class_counts(desa, theme, style)
    unit = _units_of(desa).kata
    columns = [c for c in desa.columns if c != "geometry"]
    labels = "nama_desa" in columns
    root = _root(labels)
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "categorizedSymbol", "attr": theme.column, "symbollevels": "0",
        "enableorderby": "0", "forceraster": "0", "referencescale": "-1"})
    cats = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    classes = theme_classes(theme, style)
    for i, (value, label, color) in enumerate(classes):
        ET.SubElement(cats, "category", symbol=str(i), value=str(value), render="true",
                      label=category_label(value, label, counts[value], unit))
        _simple_fill(_symbol(symbols, str(i)), color, style.desa_edge_color,
                     style.desa_edge_width)
    n = len(classes)
    # an empty value is QGIS's "all other values": NULL and anything outside the classes
    ET.SubElement(cats, "category", symbol=str(n), value="", render="true",
                  label=f"{style.no_data_label} — {fmt.integer(counts[None])} {unit}")
    nodata = _symbol(symbols, str(n))
    _simple_fill(nodata, style.no_data_color, style.desa_edge_color, style.desa_edge_width)
    _hatch(nodata, style.no_data_hatch_color)
    if labels:  # desa names where they fit inside the desa (all of them once zoomed in)
        _labeling(root, "nama_desa", "desa", style.desa_label_size, style, bold=False,
                  uppercase=False, priority=4, inside_only=True)
    return _finish(root, columns, aliases, style, "nama_desa")


def outline_qml(layer: pd.DataFrame, level: str, aliases: Mapping[str, str],
                style: MapStyle | None = None) -> str:
    """QML of a hollow boundary style with names (kecamatan or kabupaten layer).

    Parameters
    ----------
    layer : DataFrame
        The kecamatan or kabupaten layer.
    level : {"kecamatan", "kabupaten"}
        Decides line width/colour (:class:`MapStyle`) and the name field.
    aliases : mapping
        Column → alias.
    style : MapStyle, optional

    Returns
    -------
    str
    """
    style = style or MapStyle()
    if level == "kecamatan":
        edge, width, field, size = (style.kecamatan_edge_color, style.kecamatan_edge_width,
                                    "nama_kec", style.kecamatan_label_size)
    elif level == "kabupaten":
        edge, width, field, size = (style.kabupaten_edge_color, style.kabupaten_edge_width,
                                    "nama_kab", style.title_size)
    else:
        raise ValueError(f"level harus 'kecamatan' atau 'kabupaten', bukan {level!r}")
    columns = [c for c in layer.columns if c != "geometry"]
    labels = level == "kecamatan"
    root = _root(labels)
    renderer = ET.SubElement(root, "renderer-v2", {
        "type": "singleSymbol", "symbollevels": "0", "enableorderby": "0", "forceraster": "0",
        "referencescale": "-1"})
    symbols = ET.SubElement(renderer, "symbols")
    _simple_fill(_symbol(symbols, "0"), None, edge, width)
    if labels:  # kecamatan names as on the printed sheets: bold capitals, above desa names
        _labeling(root, field, "kecamatan", size, style, bold=True, uppercase=True,
                  priority=9, inside_only=False)
    return _finish(root, columns, aliases, style, field)


def _labeling(root: ET.Element, field: str, kind: str, size: float, style: MapStyle, *,
              bold: bool, uppercase: bool, priority: int, inside_only: bool) -> None:
    """Simple labels of a polygon layer over the polygon's inside point, with the text colour
    and white halo of the printed sheets' ``kind`` labels (``kecamatan``, ``desa``)."""
    halo, color = _LABEL_LOOK[kind]
    lab = ET.SubElement(root, "labeling", type="simple")
    settings = ET.SubElement(lab, "settings", calloutType="simple")
    text = ET.SubElement(settings, "text-style", {
        "fieldName": field, "isExpression": "0", "fontFamily": style.font_family,
        "fontSize": f"{size * SCREEN_TEXT_SCALE:g}",
        "fontSizeUnit": "Point", "fontWeight": "75" if bold else "50",
        "namedStyle": "Bold" if bold else "Book", "textColor": _rgba(color),
        "textOpacity": "1", "multilineHeight": "1", "capitalization": "1" if uppercase else "0"})
    ET.SubElement(text, "text-buffer", {
        "bufferDraw": "1", "bufferSize": f"{halo / 2 * SCREEN_TEXT_SCALE:g}",
        "bufferSizeUnits": "Point",
        "bufferColor": "255,255,255,255", "bufferOpacity": "1", "bufferNoFill": "1",
        "bufferJoinStyle": "128"})
    ET.SubElement(settings, "text-format", {"wrapChar": "", "autoWrapLength": "14",
                                            "useMaxLineLengthForAutoWrap": "1",
                                            "multilineAlign": "1"})
    # placement 1 = over the centroid; centroidInside keeps it inside the polygon
    ET.SubElement(settings, "placement", {
        "placement": "1", "centroidInside": "1", "centroidWhole": "0",
        "fitInPolygonOnly": "1" if inside_only else "0", "priority": str(priority),
        "dist": "0", "distUnits": "MM"})
    # polygons filling the map must not be obstacles, or they hide each other's labels
    ET.SubElement(settings, "rendering", {"drawLabels": "1", "obstacle": "0",
                                          "displayAll": "0", "upsidedownLabels": "0",
                                          "labelPerPart": "0", "mergeLines": "0",
                                          "scaleVisibility": "0", "limitNumLabels": "0"})


def layer_styles(layers: Mapping[str, pd.DataFrame], method: Mapping | None = None,
                 style: MapStyle | None = None) -> list[LayerStyle]:
    """Every style of ``area_berisiko.gpkg``: one per map theme on ``desa`` (default:
    :data:`DEFAULT_THEME`), an outline on ``kecamatan`` and ``kabupaten``.

    Parameters
    ----------
    layers : mapping
        ``desa`` (required), ``kecamatan`` and ``kabupaten`` (optional), as from
        :func:`ppsp_analysis.maps.gis_layers.gpkg_layers`.
    method : mapping, optional
        Method used (names of EHRA sub-indicators and indicator units in the aliases).
    style : MapStyle, optional
        Default: the printed sheets' style with the class names of ``method``.

    Returns
    -------
    list of LayerStyle
        Exactly one ``default`` per layer.
    """
    style = with_class_names(style, method=method)
    desa = layers["desa"]
    units = _units_of(desa)
    columns = [c for name in layers for c in layers[name].columns]
    aliases = field_aliases(dict.fromkeys(columns), method, style, units)
    themes = [t for t in THEMES if t.column in desa.columns]
    default = DEFAULT_THEME if any(t.key == DEFAULT_THEME for t in themes) else (
        themes[0].key if themes else None)
    out = []
    for theme in themes:
        out.append(LayerStyle(
            "desa", units.adapt(theme.name), categorized_qml(desa, theme, aliases, style),
            theme.key == default,
            units.adapt(f"Kelas {theme.name.lower()} per desa ({theme.column}), jumlah desa "
                        "per kelas dalam legenda")))
    for level in ("kecamatan", "kabupaten"):
        if level in layers:
            out.append(LayerStyle(
                level, f"Batas {level}", outline_qml(layers[level], level, aliases, style),
                True, units.adapt(f"Batas {level} (dilebur dari desa) dengan nama")))
    return out
