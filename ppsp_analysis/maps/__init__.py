"""Maps of sanitation risk-priority areas (*peta area berisiko sanitasi*).

Printed sheets (A3 landscape, A4 portrait; PDF and PNG) and a self-contained
interactive HTML map, drawn from the scored table (``docs/kontrak_data.md``).

Public API
----------
map_sheet(scored, theme, meta, *, paper, style, context) -> Figure
    One sheet as a matplotlib Figure (shows inline in notebooks).
write_sheet_set(scored, meta, out_dir, style=None, context=None, ...) -> list[Path]
    Every theme × paper × format, written atomically.
interactive_html(scored, meta, style=None, context=None) -> str
write_interactive(scored, meta, out_path, style=None, context=None) -> Path
MapStyle, THEMES, get_theme, class_counts, sheet_title
"""

from __future__ import annotations

from .data import MapData, MapInputError, prepare_map_data, utm_crs
from .interactive import interactive_html, write_interactive
from .layout import SheetPlan, plan_sheet
from .sheet import class_counts, draw_sheet, map_sheet, sheet_title
from .style import PAPERS, THEMES, MapStyle, Theme, get_theme, theme_classes
from .writer import save_figure, sheet_filename, write_sheet_set

__all__ = [
    "MapData",
    "MapInputError",
    "MapStyle",
    "PAPERS",
    "SheetPlan",
    "THEMES",
    "Theme",
    "class_counts",
    "draw_sheet",
    "get_theme",
    "interactive_html",
    "map_sheet",
    "plan_sheet",
    "prepare_map_data",
    "save_figure",
    "sheet_filename",
    "sheet_title",
    "theme_classes",
    "utm_crs",
    "write_interactive",
    "write_sheet_set",
]
