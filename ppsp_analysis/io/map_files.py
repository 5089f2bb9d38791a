"""Map files: the sheet set, single sheets and the interactive map, written atomically
(temporary file next to the target, renamed on success), so an interrupted run never leaves
a half-written map behind. The drawing itself is pure (:mod:`ppsp_analysis.maps`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
from matplotlib.figure import Figure

from ..maps.interactive import interactive_html
from ..maps.render import figure_bytes, sheet_set
from ..maps.style import MapStyle, Theme
from .writers import atomic_write

__all__ = ["save_figure", "write_interactive", "write_sheet_set"]


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int = 300, title: str = "",
                author: str = "", style: MapStyle | None = None) -> Path:
    """Save a sheet atomically as PDF (vector), PNG (raster at ``dpi``) or SVG, by suffix."""
    path = Path(path)
    data = figure_bytes(fig, path.suffix.lstrip("."), dpi=dpi, title=title, author=author,
                        style=style)
    with atomic_write(path) as fh:
        fh.write(data)
    return path


def write_sheet_set(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object],
    out_dir: str | os.PathLike[str],
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
    *,
    themes: Iterable[str | Theme] | None = None,
    papers: Sequence[str] = ("A3", "A4"),
    formats: Sequence[str] = ("pdf", "png"),
    dpi: int = 300,
) -> list[Path]:
    """Write the map sheets of one kabupaten into ``out_dir`` (see
    :func:`ppsp_analysis.maps.render.sheet_set` for the parameters).

    Returns
    -------
    list of pathlib.Path
        Files written, in theme → paper → format order (``peta_air_limbah_a3.pdf`` …).
    """
    out = Path(out_dir)
    written: list[Path] = []
    for name, data in sheet_set(scored, meta, style, context, themes=themes, papers=papers,
                                formats=formats, dpi=dpi):
        with atomic_write(out / name) as fh:
            fh.write(data)
        written.append(out / name)
    return written


def write_interactive(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object],
    out_path: str | os.PathLike[str],
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
) -> Path:
    """Write :func:`~ppsp_analysis.maps.interactive_html` atomically to ``out_path``."""
    text = interactive_html(scored, meta, style, context)
    with atomic_write(out_path, "w") as fh:
        fh.write(text)
    return Path(out_path)
