"""Colours shared by every drawing of the toolkit (pure constants).

The four risk colours run green (class 1, *kurang berisiko*) → yellow → orange → red
(class 4), with lightness falling monotonically (CIELAB L* ≈ 92, 80, 60, 37), so the classes
stay apart in greyscale print and for readers with red-green colour blindness. Strata 0–4 use
ColorBrewer YlGnBu (a different hue family, so a strata map is never mistaken for a risk map).
Maps (:mod:`ppsp_analysis.maps.style`) and monev charts (:mod:`ppsp_analysis.monev.charts`)
both read them here, so a class has the same colour everywhere.
"""

RISK_COLORS: tuple[str, ...] = ("#d2ef9c", "#fdbb30", "#ec6a2c", "#a81e2b")
"""Risk class 1 … 4."""
STRATA_COLORS: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""EHRA strata 0 … 4."""
NO_DATA_COLOR = "#ffffff"
NO_DATA_HATCH_COLOR = "#6e6e6e"
