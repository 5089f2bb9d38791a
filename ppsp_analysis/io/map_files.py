"""Map files: the sheet set, single sheets and the interactive map, written atomically
(temporary file next to the target, renamed on success), so an interrupted run never leaves
a half-written map behind. The drawing itself is pure (:mod:`ppsp_analysis.maps`).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
from matplotlib.figure import Figure

from ..maps.interactive import interactive_html
from ..maps.render import SheetFiles, SheetOptions, figure_bytes, render_sheets
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
    theme_tables: Mapping[str, gpd.GeoDataFrame] | None = None,
    preview_dir: str | os.PathLike[str] | None = None,
    preview_width: int = 1400,
    preview_paper: str = "A4",
) -> list[Path]:
    """Write the map sheets of one kabupaten into ``out_dir`` (see
    :func:`ppsp_analysis.maps.render.sheet_set` for the parameters).

    Each sheet is planned once per paper, drawn once and saved in every format from that
    drawing; PNG encoding, the report-size previews and the file writes run in one
    background thread while the next sheet is drawn (zlib and Pillow release the GIL).

    Parameters
    ----------
    preview_dir : path, optional
        Also write a report-size image of every theme, ``preview_dir/peta_<tema>.png``,
        ``preview_width`` px wide, resampled from the ``preview_paper`` sheet's raster (no
        second drawing, no decoding of the written PNG). Needs PNG among ``formats``.

    Returns
    -------
    list of pathlib.Path
        Sheet files written, in theme → paper → format order (``peta_air_limbah_a3.pdf``
        …); previews are not listed.
    """
    out = Path(out_dir)
    written: list[Path] = []
    pending: list[cf.Future] = []

    def write(path: Path, data: bytes) -> None:
        with atomic_write(path) as fh:
            fh.write(data)

    def finish(sheet: SheetFiles) -> None:
        for name, data in sheet.files():  # PNG encoded here, in the writer thread
            write(out / name, data)
        if preview_dir is not None and sheet.raster is not None and \
                sheet.paper.upper() == preview_paper.upper():
            write(Path(preview_dir) / f"peta_{sheet.theme.key}.png",
                  sheet.raster.preview(preview_width))

    with cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ppsp-peta") as pool:
        try:
            for sheet in render_sheets(scored, meta, style, context, SheetOptions(
                    themes, papers, formats, dpi, theme_tables)):
                # at most one sheet waiting: a 300 dpi A3 raster is ~50 MB
                while len(pending) > 1:
                    pending.pop(0).result()
                pending.append(pool.submit(finish, sheet))
                written += [out / sheet.name(fmt) for fmt in sheet.formats]
            for fut in pending:
                fut.result()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
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
