"""Sheets as file contents (pure): a drawn sheet rendered to PDF or PNG bytes, and the whole
sheet set of a kabupaten as ``(file name, bytes)`` pairs.

How a sheet set is made (issue 16): the layers are prepared once, one layout per paper
(scale, frame, detail view, label placement, numbering) is planned once and used by every
theme — also by a theme drawn from another table of the same desa (``theme_tables``: the
kecamatan sheet); each theme and paper is drawn once (:func:`~ppsp_analysis.maps.sheet.
draw_sheet`, which keeps its per-element drawing functions) and that one drawing gives the
PDF, the 300 dpi raster (:class:`Raster`), and from the A4 raster the report-size image.
When the PDF is written anyway, the PNG is that PDF rasterised by pdfium (:func:`pdf_raster`:
C code that releases the GIL, so it runs in the writer thread while the next sheet is drawn,
and the PNG shows exactly what the PDF prints); a PNG-only set is rasterised by Agg.
PDF font subsets are made once per process (:mod:`~ppsp_analysis.maps.pdf_fonts`); PNG rows
are deflated unfiltered (:func:`encode_png`). The old per-sheet path is kept in
``bench/baseline_sheets.py``; ``tests/test_sheet_reuse.py`` compares both pixel by pixel.

Writing them is :mod:`ppsp_analysis.io.map_files`' job (atomically: temporary file, rename;
PNG encoding and writes in a background thread).
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import pdf_fonts
from .data import prepare_map_data
from .layout import plan_sheet
from .sheet import _rc, draw_sheet, sheet_title
from .style import THEMES, MapStyle, Theme, get_theme, with_class_names

__all__ = ["Raster", "SheetFiles", "SheetOptions", "encode_png", "figure_bytes", "pdf_raster",
           "raster", "raster_size", "render_sheets", "sheet_filename", "sheet_set"]


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
    return raster(fig, dpi, style).png(title=title, author=author)


@dataclass
class Raster:
    """A sheet's pixels (opaque RGB), not yet encoded: rasterised by Agg (``image``), or
    to be rasterised from the sheet's PDF (``pdf``, ``size``) on first use of
    :attr:`image`. PNG encoding, the report-size preview and the PDF rasterisation are
    pure pixel work (no matplotlib), so a caller may run them in another thread while the
    next sheet is drawn (:func:`ppsp_analysis.io.map_files.write_sheet_set` does).
    """

    _image: Image.Image | None
    dpi: int
    pdf: bytes | None = None
    size: tuple[int, int] | None = None

    @property
    def image(self) -> Image.Image:
        """The pixels (rasterising the PDF on first use)."""
        if self._image is None:
            assert self.pdf is not None and self.size is not None
            self._image = pdf_raster(self.pdf, self.dpi, self.size)
            self.pdf = None
        return self._image

    def png(self, *, title: str = "", author: str = "") -> bytes:
        """PNG bytes: resolution in the pHYs chunk, title, author and software as text
        (:func:`encode_png`)."""
        return encode_png(self.image, self.dpi, {"Title": title, "Author": author,
                                                 "Software": "ppsp-analysis"})

    def preview(self, width: int) -> bytes:
        """Report-size PNG ``width`` px wide (Lanczos; the image as it is when narrower)."""
        im = self.image
        buf = io.BytesIO()
        if im.width <= width:  # draft resolution: keep as it is
            im.save(buf, format="png", compress_level=3)
        else:
            size = (width, round(im.height * width / im.width))
            im.resize(size, Image.LANCZOS, reducing_gap=3.0).save(buf, format="png",
                                                                   compress_level=6)
        return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF))


def encode_png(image: Image.Image, dpi: int, text: Mapping[str, str] | None = None,
               level: int = 1) -> bytes:
    """An RGB image as PNG, every row unfiltered, deflated at ``level``.

    A map sheet is mostly flat colour: Pillow's per-row adaptive filtering costs two thirds
    of its encoding time (0.22 of 0.33 s for a 300 dpi A3 sheet) and gives a larger file
    than no filtering at all; zlib on the plain rows is three times faster and ~8 % smaller.
    The pixels are the same (PNG is lossless). ``text`` goes into ``tEXt`` chunks (``iTXt``,
    UTF-8, when a value is not Latin-1), the resolution into ``pHYs``.
    """
    if image.mode != "RGB":
        image = image.convert("RGB")
    width, height = image.size
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None
    rows[:, 1:] = np.asarray(image).reshape(height, 3 * width)
    ppm = int(dpi / 0.0254 + 0.5)
    out = [b"\x89PNG\r\n\x1a\n",
           _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
           _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))]
    for key, value in (text or {}).items():
        try:
            out.append(_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1")))
        except UnicodeEncodeError:
            out.append(_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0"
                              + value.encode("utf-8")))
    data = zlib.compress(rows, level)
    step = 1 << 22
    out += [_chunk(b"IDAT", data[i:i + step]) for i in range(0, len(data), step)]
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


_PDFIUM = threading.Lock()  # pdfium is not thread-safe: one call at a time per process


def pdf_raster(pdf: bytes, dpi: int, size: tuple[int, int]) -> Image.Image:
    """The first page of a PDF rasterised by pdfium at ``dpi`` as opaque RGB, cut to
    ``size`` px (Agg's size for the same sheet: whole pixels, rounded down, where pdfium
    rounds up).

    A 300 dpi Kapuas A3 sheet takes 0.34 s, against 0.45 s for Agg to draw the figure again
    (plus its RGBA → RGB conversion); pdfium runs with the GIL released.
    """
    import pypdfium2 as pdfium

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            page = doc[0]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, draw_annots=False,
                                 may_draw_forms=False)
            pixels = bitmap.to_numpy()
            width, height = size
            image = Image.fromarray(np.ascontiguousarray(pixels[:height, :width, :3]), "RGB")
            bitmap.close()
            page.close()
        finally:
            doc.close()
    return image


def raster_size(fig: Figure, dpi: int) -> tuple[int, int]:
    """Pixel size of a figure rasterised at ``dpi`` (as Agg sizes its canvas)."""
    width, height = fig.get_size_inches() * dpi
    return int(width), int(height)


def raster(fig: Figure, dpi: int = 300, style: MapStyle | None = None) -> Raster:
    """Rasterise a sheet with Agg at ``dpi`` as an opaque RGB image (a map sheet has no
    transparency: a quarter less data to compress, the same pixels)."""
    with _rc(style or MapStyle()):
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
    return Raster(image, dpi)


def sheet_filename(theme: Theme, paper: str, fmt: str) -> str:
    """File name of a sheet, e.g. ``peta_air_limbah_a3.pdf``."""
    return f"peta_{theme.key}_{paper.lower()}.{fmt}"


@dataclass
class SheetFiles:
    """One drawn sheet (a theme on a paper): its vector files as bytes and, when PNG is
    asked for, its raster (encode with :meth:`Raster.png`)."""

    theme: Theme
    paper: str
    title: str
    author: str
    formats: tuple[str, ...]
    vector: dict[str, bytes]
    raster: Raster | None

    def name(self, fmt: str) -> str:
        """File name in format ``fmt``, e.g. ``peta_air_limbah_a3.pdf``."""
        return sheet_filename(self.theme, self.paper, fmt)

    def files(self) -> Iterator[tuple[str, bytes]]:
        """``(file name, bytes)`` in the order of ``formats`` (PNG encoded here)."""
        for fmt in self.formats:
            if fmt == "png":
                assert self.raster is not None
                yield self.name(fmt), self.raster.png(title=self.title, author=self.author)
            else:
                yield self.name(fmt), self.vector[fmt]


@dataclass(frozen=True)
class SheetOptions:
    """What a sheet set holds (the keyword parameters of :func:`sheet_set`, which
    :func:`ppsp_analysis.io.map_files.write_sheet_set` shares)."""

    themes: Iterable[str | Theme] | None = None
    papers: Sequence[str] = ("A3", "A4")
    formats: Sequence[str] = ("pdf", "png")
    dpi: int = 300
    theme_tables: Mapping[str, gpd.GeoDataFrame] | None = None


def render_sheets(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object],
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
    options: SheetOptions = SheetOptions(),
) -> Iterator[SheetFiles]:
    """Draw the sheets of one kabupaten, one :class:`SheetFiles` per theme and paper.

    One layout per paper (scale, frame, detail view, label placement, numbering, inset)
    is planned once and used by every theme, including those drawn from another table
    of the same desa (``theme_tables``, e.g. the kecamatan sheet); each sheet is drawn
    once and saved in every format from that one drawing. Parameters as in
    :func:`sheet_set`.
    """
    themes, papers, formats, dpi = options.themes, options.papers, options.formats, options.dpi
    style = with_class_names(style, meta)
    tables = dict(options.theme_tables or {})
    if themes is None:
        chosen = [t for t in THEMES if t.column in scored.columns]
        chosen += [get_theme(k) for k in tables if get_theme(k) not in chosen]
    else:
        chosen = [get_theme(t) for t in themes]
    data = prepare_map_data(scored, meta, context,
                            boundaries_from_desa=style.boundaries_from_desa)
    prepared = {}
    plans = {paper: plan_sheet(data, paper, style) for paper in papers}
    author = str(style.producer or meta.get("nama_pokja") or "")
    for theme in chosen:
        theme_data = data
        if theme.key in tables:
            if theme.key not in prepared:
                prepared[theme.key] = prepare_map_data(
                    tables[theme.key], meta, context,
                    boundaries_from_desa=style.boundaries_from_desa)
            theme_data = prepared[theme.key]
            if not theme_data.desa.index.equals(data.desa.index):
                raise ValueError(f"tabel tema {theme.key!r} tidak memuat desa yang sama")
        title = sheet_title(theme, meta, style)
        for paper in papers:
            fig = draw_sheet(theme_data, plans[paper], theme, meta, style)
            vector = {fmt: figure_bytes(fig, fmt, dpi=dpi, title=title, author=author,
                                        style=style)
                      for fmt in formats if fmt != "png"}
            image = None
            if "png" in formats:
                image = Raster(None, dpi, vector["pdf"], raster_size(fig, dpi)) \
                    if "pdf" in vector else raster(fig, dpi, style)
            fig.clear()
            yield SheetFiles(theme, paper, title, author, tuple(formats), vector, image)


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
    theme_tables: Mapping[str, gpd.GeoDataFrame] | None = None,
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
        scored table), then the themes of ``theme_tables``. A theme named explicitly whose
        column is missing raises ``KeyError``.
    papers : sequence of {"A3", "A4"}
        A3 landscape (print) and A4 portrait (reports).
    formats : sequence of {"pdf", "png", "svg"}
    dpi : int
        Resolution of the PNG files.
    theme_tables : mapping, optional
        Theme key → table of the same desa to draw that theme from (e.g. ``kecamatan`` →
        :func:`ppsp_analysis.kecamatan.kecamatan_sheet_table`), with the same layout.

    Yields
    ------
    (str, bytes)
        In theme → paper → format order; names like ``peta_air_limbah_a3.pdf``.
    """
    for sheet in render_sheets(scored, meta, style, context,
                               SheetOptions(themes, papers, formats, dpi, theme_tables)):
        yield from sheet.files()
