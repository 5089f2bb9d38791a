"""Map style (palette, fonts, sizes, texts) and the map themes.

A :class:`MapStyle` is a frozen dataclass: override what you need with
:func:`dataclasses.replace`, e.g. ``replace(MapStyle(), producer="Bappeda Kapuas")``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MapStyle", "Theme", "THEMES", "get_theme", "theme_classes", "PAPERS", "Paper"]


@dataclass(frozen=True)
class MapStyle:
    """Everything that decides how a map looks.

    Colours are hex strings, sizes are points (1 pt = 1/72 inch) for text and
    line widths. Texts are Bahasa Indonesia by default.

    The four risk colours run green (class 1, *kurang berisiko*) → yellow →
    orange → red (class 4), with lightness falling monotonically (CIELAB L* ≈ 92,
    80, 60, 37), so the classes stay apart in greyscale print and for readers with
    red-green colour blindness. Strata 0–4 use ColorBrewer YlGnBu (a different
    hue family, so a strata map is never mistaken for a risk map).
    """

    # --- class colours -------------------------------------------------------
    risk_colors: tuple[str, ...] = ("#d2ef9c", "#fdbb30", "#ec6a2c", "#a81e2b")
    risk_labels: tuple[str, ...] = (
        "Kurang berisiko",
        "Berisiko sedang",
        "Berisiko tinggi",
        "Berisiko sangat tinggi",
    )
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
    """

    key: str
    column: str
    name: str
    kind: str = "risk"


THEMES: tuple[Theme, ...] = (
    Theme("air_limbah", "kelas_air_limbah", "Air Limbah Domestik"),
    Theme("persampahan", "kelas_persampahan", "Persampahan"),
    Theme("drainase", "kelas_drainase", "Drainase"),
    Theme("gabungan", "kelas_gabungan", "Gabungan (Prioritas)"),
    Theme("irs", "kelas_irs", "Indeks Risiko Sanitasi (EHRA)"),
    Theme("strata", "strata", "Strata Desa EHRA", kind="strata"),
)


def get_theme(theme: str | Theme) -> Theme:
    """Look a theme up by key (``"air_limbah"``) or pass a :class:`Theme` through.

    Examples
    --------
    >>> get_theme("drainase").column
    'kelas_drainase'
    """
    if isinstance(theme, Theme):
        return theme
    for item in THEMES:
        if item.key == theme:
            return item
    keys = ", ".join(t.key for t in THEMES)
    raise ValueError(f"Tema peta tidak dikenal: {theme!r} (pilihan: {keys})")


def theme_classes(theme: Theme, style: MapStyle) -> list[tuple[int, str, str]]:
    """Class values with their label and colour, lowest class first.

    Examples
    --------
    >>> theme_classes(get_theme("air_limbah"), MapStyle())[3][:2]
    (4, 'Berisiko sangat tinggi')
    """
    if theme.kind == "strata":
        return [(i, lab, col) for i, (lab, col) in
                enumerate(zip(style.strata_labels, style.strata_colors, strict=True))]
    return [(i + 1, lab, col) for i, (lab, col) in
            enumerate(zip(style.risk_labels, style.risk_colors, strict=True))]


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
