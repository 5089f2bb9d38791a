"""Map style (palette, fonts, sizes, texts) and the map themes.

A :class:`MapStyle` is a frozen dataclass: override what you need with
:func:`dataclasses.replace`, e.g. ``replace(MapStyle(), producer="Bappeda Kapuas")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..method import CLASS_LABEL_SETS, DEFAULT_LABEL_SET, class_labels

__all__ = ["MapStyle", "Theme", "THEMES", "EXTRA_THEMES", "get_theme", "theme_classes",
           "style_for_method", "PAPERS", "Paper"]


@dataclass(frozen=True)
class MapStyle:
    """Everything that decides how a map looks.

    Colours are hex strings, sizes are points (1 pt = 1/72 inch) for text and
    line widths. Texts are Bahasa Indonesia by default.

    The four risk colours run green (class 1, the lowest risk) → yellow →
    orange → red (class 4), with lightness falling monotonically (CIELAB L* ≈ 92,
    80, 60, 37), so the classes stay apart in greyscale print and for readers with
    red-green colour blindness. Strata 0–4 use ColorBrewer YlGnBu (a different
    hue family, so a strata map is never mistaken for a risk map).

    Class names come from the method (:func:`ppsp_analysis.method.class_labels`):
    ``risk_labels`` for the area-berisiko classes, ``irs_labels`` for the IRS classes;
    :func:`style_for_method` sets both from a package's method.
    """

    # --- class colours -------------------------------------------------------
    risk_colors: tuple[str, ...] = ("#d2ef9c", "#fdbb30", "#ec6a2c", "#a81e2b")
    risk_labels: tuple[str, ...] = CLASS_LABEL_SETS[DEFAULT_LABEL_SET]["area"]
    irs_labels: tuple[str, ...] = CLASS_LABEL_SETS[DEFAULT_LABEL_SET]["irs"]
    mark_color: str = "#c2185b"      # marked desa (EHRA sample): magenta, apart from YlGnBu
    mark_width: float = 1.5
    mark_hatch: str = "xx"
    strata_colors: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
    strata_labels: tuple[str, ...] = ("Strata 0", "Strata 1", "Strata 2", "Strata 3", "Strata 4")
    no_data_label: str = "Tidak ada data"
    no_data_color: str = "#ffffff"
    no_data_hatch: str = "/////"
    no_data_hatch_color: str = "#6e6e6e"

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


def theme_classes(theme: Theme, style: MapStyle) -> list[tuple[int, str, str]]:
    """Class values with their label and colour, lowest class first.

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
    labels = style.irs_labels if theme.labels == "irs" else style.risk_labels
    return [(i + 1, lab, col) for i, (lab, col) in
            enumerate(zip(labels, style.risk_colors, strict=True))]


def style_for_method(method: Mapping | None, style: MapStyle | None = None) -> MapStyle:
    """``style`` (default :class:`MapStyle`) with the class names of ``method``.

    Examples
    --------
    >>> style_for_method({"kelas": {"jumlah": 4, "label": "lama"}}).risk_labels[1]
    'Berisiko sedang'
    """
    style = style or MapStyle()
    if not method:
        return style
    area = class_labels(dict(method), "area")
    irs = class_labels(dict(method), "irs")
    n = len(style.risk_colors)
    return replace(style, risk_labels=tuple(area.get(i, f"Kelas {i}") for i in range(1, n + 1)),
                   irs_labels=tuple(irs.get(i, f"Kelas {i}") for i in range(1, n + 1)))


@dataclass(frozen=True)
class Paper:
    """A sheet size in millimetres."""

    name: str
    width: float
    height: float


PAPERS: dict[str, Paper] = {
    "A3": Paper("A3", 420.0, 297.0),
    "A4": Paper("A4", 210.0, 297.0),
}
