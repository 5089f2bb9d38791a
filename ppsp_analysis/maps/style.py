"""Map style (palette, fonts, sizes, texts) and the map themes.

A :class:`MapStyle` is a frozen dataclass: override what you need with
:func:`dataclasses.replace`, e.g. ``replace(MapStyle(), producer="Bappeda Kapuas")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..method import class_labels
from ..palette import NO_DATA_COLOR, NO_DATA_HATCH_COLOR, RISK_COLORS, STRATA_COLORS

__all__ = ["MapStyle", "Theme", "THEMES", "EXTRA_THEMES", "get_theme", "theme_classes",
           "style_for_method", "with_class_names", "PAPERS", "Paper", "SCREEN_PAPER",
           "SCREEN_TEXT_SCALE", "SCREEN_LABEL_SCALE", "SCREEN_PANEL_W"]


@dataclass(frozen=True)
class MapStyle:
    """Everything that decides how a map looks.

    Colours are hex strings, sizes are points (1 pt = 1/72 inch) for text and
    line widths. Texts are Bahasa Indonesia by default. The colours are those of
    :mod:`ppsp_analysis.palette`.

    Class names come from the method (:func:`ppsp_analysis.method.class_labels`, the one
    definition): ``risk_labels`` for the area-berisiko classes, ``irs_labels`` for the IRS
    classes; ``None`` (the default) means "as the method names them", filled in by
    :func:`with_class_names` from the method or from ``meta["label_kelas"]``.
    """

    # --- class colours -------------------------------------------------------
    risk_colors: tuple[str, ...] = RISK_COLORS
    risk_labels: tuple[str, ...] | None = None
    irs_labels: tuple[str, ...] | None = None
    mark_color: str = "#c2185b"      # marked desa (EHRA sample): magenta, apart from YlGnBu
    mark_width: float = 1.5
    mark_hatch: str = "xx"
    strata_colors: tuple[str, ...] = STRATA_COLORS
    strata_labels: tuple[str, ...] = ("Strata 0", "Strata 1", "Strata 2", "Strata 3", "Strata 4")
    no_data_label: str = "Tidak ada data"
    no_data_color: str = NO_DATA_COLOR
    no_data_hatch: str = "/////"
    no_data_hatch_color: str = NO_DATA_HATCH_COLOR

    # --- lines and context ---------------------------------------------------
    desa_edge_color: str = "#4a4a4a"
    desa_edge_width: float = 0.2
    kecamatan_edge_color: str = "#111111"
    kecamatan_edge_width: float = 0.9
    kabupaten_edge_color: str = "#000000"
    kabupaten_edge_width: float = 1.8
    context_fill: str = "#eeeeee"
    context_edge: str = "#b0b0b0"
    context_label_color: str = "#8c8c8c"
    land_fill: str = "#f1eee4"       # land outside the province (neighbouring provinces)
    sea_fill: str = "#dbe8f3"        # sea and lakes (when a coastline layer is given)
    river_color: str = "#3d85c6"
    river_width: float = 0.6
    graticule_color: str = "#8a8a8a"
    graticule_width: float = 0.3
    locator_highlight: str = "#c62828"
    watermark_color: str = "#c62828"
    watermark_alpha: float = 0.55

    # --- fonts and sizes (A3; A4 sheets multiply panel text by a4_text_scale) --
    font_family: str = "DejaVu Sans"
    label_font_stretch: str = "condensed"
    title_size: float = 13.0
    theme_size: float = 17.0
    heading_size: float = 8.5
    body_size: float = 7.0
    small_size: float = 6.0
    kecamatan_label_size: float = 8.0
    desa_label_size: float = 5.5
    desa_number_size: float = 5.0
    context_label_size: float = 7.0
    graticule_label_size: float = 6.0
    key_size: float = 5.5
    a4_text_scale: float = 0.8
    a4_label_scale: float = 0.9

    # --- texts -----------------------------------------------------------------
    title_prefix: str = "PETA AREA BERISIKO SANITASI"
    producer: str | None = None
    watermark_text: str = "DATA SINTETIS"
    watermark_note: str = "DATA SINTETIS — hanya untuk demonstrasi, bukan data resmi"
    label_desa_names: bool = True
    number_small_desa: bool = True
    boundaries_from_desa: bool = True


@dataclass(frozen=True)
class Theme:
    """One map theme: which column colours the desa and how it is named.

    Parameters
    ----------
    key : str
        Short identifier used in file names (``air_limbah``).
    column : str
        Column of the scored table holding the class (nullable Int64).
    name : str
        Theme name printed in the title and legend.
    kind : {"risk", "strata"}
        ``risk`` uses classes 1–4 and the risk palette; ``strata`` uses 0–4.
    labels : {"area", "irs"}
        Which class names a risk theme shows: area-berisiko or IRS classes.
    unit : {"desa", "kecamatan"}
        What the legend counts per class (a kecamatan sheet counts kecamatan).
    mark : str, optional
        Boolean column whose desa are marked on top of the fill (the selected EHRA sample
        desa of :data:`EXTRA_THEMES` ``rencana_ehra``).
    mark_label : str
        Legend text of the mark.
    title : str, optional
        Title line instead of :attr:`MapStyle.title_prefix` (a survey plan is not a risk map).
    """

    key: str
    column: str
    name: str
    kind: str = "risk"
    labels: str = "area"
    unit: str = "desa"
    mark: str | None = None
    mark_label: str = ""
    title: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns the theme needs in the scored table."""
        return (self.column,) if self.mark is None else (self.column, self.mark)


THEMES: tuple[Theme, ...] = (
    Theme("air_limbah", "kelas_air_limbah", "Air Limbah Domestik"),
    Theme("persampahan", "kelas_persampahan", "Persampahan"),
    Theme("drainase", "kelas_drainase", "Drainase"),
    Theme("gabungan", "kelas_gabungan", "Gabungan (Prioritas)"),
    Theme("irs", "kelas_irs", "Indeks Risiko Sanitasi (EHRA)", labels="irs"),
    Theme("strata", "strata", "Strata Desa EHRA", kind="strata"),
)
"""The themes of every run (one sheet each, in this order)."""

EXTRA_THEMES: tuple[Theme, ...] = (
    Theme("kecamatan", "kelas_kecamatan", "Kecamatan Berisiko (Gabungan)", unit="kecamatan"),
    Theme("rencana_ehra", "strata", "Strata Desa dan Desa Sampel", kind="strata",
          mark="sampel_ehra", mark_label="Desa sampel EHRA (terpilih)",
          title="PETA RENCANA STUDI EHRA"),
)
"""Themes drawn on request only: the kecamatan sheet (column ``kelas_kecamatan``, see
:func:`ppsp_analysis.kecamatan.with_kecamatan_class`) and the EHRA survey plan (strata with the
selected desa marked, ``ppsp rencana-ehra``)."""


def get_theme(theme: str | Theme) -> Theme:
    """Look a theme up by key (``"air_limbah"``) or pass a :class:`Theme` through.

    Examples
    --------
    >>> get_theme("drainase").column
    'kelas_drainase'
    """
    if isinstance(theme, Theme):
        return theme
    for item in (*THEMES, *EXTRA_THEMES):
        if item.key == theme:
            return item
    keys = ", ".join(t.key for t in (*THEMES, *EXTRA_THEMES))
    raise ValueError(f"Tema peta tidak dikenal: {theme!r} (pilihan: {keys})")


def with_class_names(style: MapStyle | None, meta: Mapping | None = None,
                     method: Mapping | None = None) -> MapStyle:
    """The style, naming the classes as the method does where it names none itself.

    The names come from ``method`` (:func:`ppsp_analysis.method.class_labels`), else from
    ``meta["label_kelas"]`` / ``meta["label_kelas_irs"]`` (set by
    :func:`ppsp_analysis.score_package`), else the default label set.

    Examples
    --------
    >>> s = with_class_names(None, {"label_kelas": {1: "a", 2: "b", 3: "c", 4: "d"}})
    >>> s.risk_labels, s.irs_labels[0]
    (('a', 'b', 'c', 'd'), 'Kurang berisiko')
    """
    style = style or MapStyle()
    n = len(style.risk_colors)
    found = {}
    for kind, field, key in (("area", "risk_labels", "label_kelas"),
                             ("irs", "irs_labels", "label_kelas_irs")):
        if getattr(style, field) is not None:
            continue
        if method:
            names = class_labels(dict(method), kind)
        elif meta is not None and meta.get(key):
            names = {int(k): str(v) for k, v in meta[key].items()}
        else:
            names = class_labels(None, kind)
        found[field] = tuple(names.get(k, f"Kelas {k}") for k in range(1, n + 1))
    return replace(style, **found) if found else style


def theme_classes(theme: Theme, style: MapStyle) -> list[tuple[int, str, str]]:
    """Class values with their label and colour, lowest class first.

    Risk classes are named by ``style.risk_labels`` (see :func:`with_class_names`), else
    ``Kelas 1`` … ``Kelas 4``.

    Examples
    --------
    >>> theme_classes(get_theme("air_limbah"), MapStyle())[0][:2]
    (1, 'Berisiko sangat rendah')
    >>> theme_classes(get_theme("irs"), MapStyle())[0][:2]
    (1, 'Kurang berisiko')
    """
    if theme.kind == "strata":
        return [(i, lab, col) for i, (lab, col) in
                enumerate(zip(style.strata_labels, style.strata_colors, strict=True))]
    kind = "irs" if theme.labels == "irs" else "area"
    labels = style.irs_labels if kind == "irs" else style.risk_labels
    if labels is None:
        names = class_labels(None, kind)
        labels = tuple(names.get(i, f"Kelas {i}") for i in range(1, len(style.risk_colors) + 1))
    return [(i + 1, lab, col) for i, (lab, col) in
            enumerate(zip(labels, style.risk_colors, strict=True))]


def style_for_method(method: Mapping | None, style: MapStyle | None = None) -> MapStyle:
    """``style`` (default :class:`MapStyle`) with the class names of ``method``.

    Examples
    --------
    >>> style_for_method({"kelas": {"jumlah": 4, "label": "lama"}}).risk_labels[1]
    'Berisiko sedang'
    """
    return with_class_names(style, method=method)


@dataclass(frozen=True)
class Paper:
    """A sheet size in millimetres.

    ``true_scale``: the sheet is printed at this size (the A3 poster), so it prints its
    representative fraction (``SKALA 1 : 750.000``) and says it holds on this paper. A sheet
    made to be placed smaller (the A4 sheet inside a report, a sheet on a slide) shows only
    the scale bar, which stays true at any size.
    """

    name: str
    width: float
    height: float
    true_scale: bool = False


PAPERS: dict[str, Paper] = {
    "A3": Paper("A3", 420.0, 297.0, true_scale=True),
    "A4": Paper("A4", 210.0, 297.0),
    "LAYAR": Paper("LAYAR", 338.67, 139.7),
}
"""Paper sizes. ``LAYAR`` is the map picture of a 16:9 slide (the full slide width, 13,33 in,
by the 5,5 in below the slide title; :mod:`ppsp_analysis.report.slides` places it at 100 %),
drawn with :data:`SCREEN_TEXT_SCALE` so its legend reads from the back of a meeting room."""

SCREEN_PAPER = "LAYAR"
#: Panel text (legend, scale, north arrow) and map label sizes of the slide sheet, relative to
#: the A3 sheet's: the slide picture is shown at its own size on a projected 13,33-in slide.
SCREEN_TEXT_SCALE = 1.45
SCREEN_LABEL_SCALE = 1.45
#: Width of the slide sheet's info panel (mm).
SCREEN_PANEL_W = 104.0
