"""Writers: the only functions of :mod:`ppsp_analysis.maps` that touch the disk.

Every file is written to a temporary name in the target folder first and then
renamed, so an interrupted run never leaves a half-written map behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ..io.writers import atomic_path
from .data import prepare_map_data
from .layout import plan_sheet
from .sheet import _rc, draw_sheet, sheet_title
from .style import THEMES, MapStyle, Theme, get_theme

__all__ = ["write_sheet_set", "save_figure", "atomic_write", "sheet_filename"]


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it to ``path``."""
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def save_figure(fig: Figure, path: Path, *, dpi: int = 300, title: str = "",
                author: str = "", style: MapStyle | None = None) -> Path:
    """Save a sheet atomically as PDF (vector) or PNG (raster at ``dpi``).

    The format follows the suffix (``.pdf``, ``.png``, ``.svg``).
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    style = style or MapStyle()
    if fmt == "pdf":
        metadata = {"Title": title, "Author": author, "Creator": "ppsp-analysis",
                    "Subject": "Peta area berisiko sanitasi"}
        kwargs: dict[str, object] = {"metadata": metadata}
    elif fmt == "png":
        return atomic_write(path, lambda tmp: _write_png(fig, tmp, dpi, title, author, style))
    else:
        kwargs = {}

    def write(tmp: Path) -> None:
        with _rc(style):
            fig.savefig(tmp, format=fmt, dpi=dpi, **kwargs)

    return atomic_write(path, write)


def _write_png(fig: Figure, path: Path, dpi: int, title: str, author: str,
               style: MapStyle) -> None:
    """Render with Agg and write an RGB PNG (no alpha: a map sheet is opaque).

    Faster than ``savefig`` (a quarter less data to compress, light zlib level)
    and the same pixels; the pHYs chunk records the resolution.
    """
    with _rc(style):
        canvas = FigureCanvasAgg(fig)
        original = fig.dpi
        fig.set_dpi(dpi)
        try:
            canvas.draw()
            width, height = canvas.get_width_height(physical=True)
            image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw",
                                     "RGBA", 0, 1).convert("RGB")
        finally:
            fig.set_dpi(original)
    info = PngInfo()
    info.add_text("Title", title)
    info.add_text("Author", author)
    info.add_text("Software", "ppsp-analysis")
    image.save(path, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=2)


def sheet_filename(theme: Theme, paper: str, fmt: str) -> str:
    """File name of a sheet, e.g. ``peta_air_limbah_a3.pdf``."""
    return f"peta_{theme.key}_{paper.lower()}.{fmt}"


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
    """Write the map sheets of one kabupaten.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        Scored table (``docs/kontrak_data.md`` §2), any CRS.
    meta : mapping
        ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``, ``tahun``,
        ``nama_pokja``, ``sintetis``, ``versi_metode``, ``sumber_data``;
        optional ``tanggal_peta``.
    out_dir : path
        Folder for the sheets (created if missing), typically ``.../peta``.
    style : MapStyle, optional
    context : mapping, optional
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``.
    themes : iterable of str, optional
        Default: every theme whose class column is in ``scored`` (all six for
        a complete scored table). A theme named explicitly whose column is
        missing raises ``KeyError``.
    papers : sequence of {"A3", "A4"}
        A3 landscape (print) and A4 portrait (reports).
    formats : sequence of {"pdf", "png", "svg"}
    dpi : int
        Resolution of the PNG files.

    Returns
    -------
    list of pathlib.Path
        Files written, in theme → paper → format order; names like
        ``peta_air_limbah_a3.pdf``.
    """
    style = style or MapStyle()
    out = Path(out_dir)
    if themes is None:
        chosen = [t for t in THEMES if t.column in scored.columns]
    else:
        chosen = [get_theme(t) for t in themes]
    data = prepare_map_data(scored, meta, context,
                            boundaries_from_desa=style.boundaries_from_desa)
    plans = {paper: plan_sheet(data, paper, style) for paper in papers}
    author = str(style.producer or meta.get("nama_pokja") or "")
    written: list[Path] = []
    for theme in chosen:
        title = sheet_title(theme, meta, style)
        for paper in papers:
            fig = draw_sheet(data, plans[paper], theme, meta, style)
            for fmt in formats:
                path = out / sheet_filename(theme, paper, fmt)
                written.append(save_figure(fig, path, dpi=dpi, title=title, author=author,
                                           style=style))
            fig.clear()
    return written
