"""Sheets as file contents (pure): a drawn sheet rendered to PDF or PNG bytes, and the whole
sheet set of a kabupaten as ``(file name, bytes)`` pairs.

Writing them is :mod:`ppsp_analysis.io.map_files`' job (atomically: temporary file, rename).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from . import pdf_fonts
from .data import prepare_map_data
from .layout import plan_sheet
from .sheet import _rc, draw_sheet, sheet_title
from .style import THEMES, MapStyle, Theme, get_theme, with_class_names

__all__ = ["figure_bytes", "sheet_filename", "sheet_set"]


def figure_bytes(fig: Figure, fmt: str, *, dpi: int = 300, title: str = "", author: str = "",
                 style: MapStyle | None = None) -> bytes:
    """A sheet as PDF (vector), PNG (raster at ``dpi``) or SVG.

    PNG is rendered with Agg as opaque RGB (a map sheet has no transparency: a quarter less
    data to compress, light zlib level, the same pixels); its pHYs chunk records the
    resolution.
    """
    fmt = fmt.lower()
    style = style or MapStyle()
    if fmt == "png":
        return _png(fig, dpi, title, author, style)
    kwargs: dict[str, object] = {}
    if fmt == "pdf":
        pdf_fonts.install()  # font subsets made once per process, not once per file
        kwargs["metadata"] = {"Title": title, "Author": author, "Creator": "ppsp-analysis",
                              "Subject": "Peta area berisiko sanitasi"}
    buf = io.BytesIO()
    with _rc(style):
        fig.savefig(buf, format=fmt, dpi=dpi, **kwargs)
    return buf.getvalue()


def _png(fig: Figure, dpi: int, title: str, author: str, style: MapStyle) -> bytes:
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
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=2)
    return buf.getvalue()


def sheet_filename(theme: Theme, paper: str, fmt: str) -> str:
    """File name of a sheet, e.g. ``peta_air_limbah_a3.pdf``."""
    return f"peta_{theme.key}_{paper.lower()}.{fmt}"


def sheet_set(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object],
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
    *,
    themes: Iterable[str | Theme] | None = None,
    papers: Sequence[str] = ("A3", "A4"),
    formats: Sequence[str] = ("pdf", "png"),
    dpi: int = 300,
) -> Iterator[tuple[str, bytes]]:
    """The map sheets of one kabupaten, one ``(file name, bytes)`` at a time.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        Scored table (``docs/kontrak_data.md`` §2), any CRS.
    meta : mapping
        ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``, ``tahun``,
        ``nama_pokja``, ``sintetis``, ``versi_metode``, ``sumber_data``;
        optional ``tanggal_peta``, ``label_kelas``.
    style : MapStyle, optional
    context : mapping, optional
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``.
    themes : iterable of str, optional
        Default: every theme whose class column is in ``scored`` (all six for a complete
        scored table). A theme named explicitly whose column is missing raises ``KeyError``.
    papers : sequence of {"A3", "A4"}
        A3 landscape (print) and A4 portrait (reports).
    formats : sequence of {"pdf", "png", "svg"}
    dpi : int
        Resolution of the PNG files.

    Yields
    ------
    (str, bytes)
        In theme → paper → format order; names like ``peta_air_limbah_a3.pdf``.
    """
    style = with_class_names(style, meta)
    if themes is None:
        chosen = [t for t in THEMES if t.column in scored.columns]
    else:
        chosen = [get_theme(t) for t in themes]
    data = prepare_map_data(scored, meta, context,
                            boundaries_from_desa=style.boundaries_from_desa)
    plans = {paper: plan_sheet(data, paper, style) for paper in papers}
    author = str(style.producer or meta.get("nama_pokja") or "")
    for theme in chosen:
        title = sheet_title(theme, meta, style)
        for paper in papers:
            fig = draw_sheet(data, plans[paper], theme, meta, style)
            for fmt in formats:
                yield (sheet_filename(theme, paper, fmt),
                       figure_bytes(fig, fmt, dpi=dpi, title=title, author=author, style=style))
            fig.clear()
