"""The map-sheet path before issue 16, kept as the baseline of ``sheet_set_speedup_vs_per_sheet``
and of the pixel comparison in ``tests/test_sheet_reuse.py``: every sheet on its own, from
scratch — layers prepared, layout planned and labels placed, sheet drawn, then PDF (fonts
subset by matplotlib for this file alone) and PNG (rasterised and encoded in line by Pillow,
adaptive row filters) — one
theme and paper after another, the kecamatan sheet from its own table.

Not a test and not the library: the library's path is
:func:`ppsp_analysis.io.map_files.write_sheet_set`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ppsp_analysis.io.writers import atomic_write  # noqa: E402
from ppsp_analysis.maps import THEMES, get_theme, map_sheet, sheet_title  # noqa: E402
from ppsp_analysis.maps.render import figure_bytes, raster, sheet_filename  # noqa: E402
from ppsp_analysis.maps.style import MapStyle, with_class_names  # noqa: E402


@contextlib.contextmanager
def per_file_font_subsets() -> Iterator[None]:
    """Matplotlib's own font subsetting (one subset per font and PDF), as before."""
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    from ppsp_analysis.maps import pdf_fonts

    pdf_fonts.install()  # installed now, so that figure_bytes finds it in place and keeps out
    current = pdf_ps.get_glyphs_subset
    pdf_ps.get_glyphs_subset = getattr(current, "__wrapped__", current)
    try:
        yield
    finally:
        pdf_ps.get_glyphs_subset = current


def old_pdf(fig, dpi: int, title: str, author: str, style: MapStyle) -> bytes:
    """PDF as before: matplotlib's default stream compression (zlib 6)."""
    import io

    import matplotlib as mpl

    from ppsp_analysis.maps.sheet import rc_params

    buf = io.BytesIO()
    with mpl.rc_context({**rc_params(style), "pdf.compression": 6}):
        fig.savefig(buf, format="pdf", dpi=dpi, metadata={
            "Title": title, "Author": author, "Creator": "ppsp-analysis",
            "Subject": "Peta area berisiko sanitasi"})
    return buf.getvalue()


def old_png(fig, dpi: int, title: str, author: str, style: MapStyle) -> bytes:
    """PNG as before: Agg raster, then Pillow's encoder (adaptive row filters, zlib 2)."""
    import io

    from PIL.PngImagePlugin import PngInfo

    image = raster(fig, dpi, style).image
    info = PngInfo()
    info.add_text("Title", title)
    info.add_text("Author", author)
    info.add_text("Software", "ppsp-analysis")
    buf = io.BytesIO()
    image.save(buf, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=2)
    return buf.getvalue()


def per_sheet_files(tables: Mapping[str, object], meta: Mapping[str, object], out_dir: Path,
                    context=None, *, papers: Sequence[str] = ("A3", "A4"),
                    formats: Sequence[str] = ("pdf", "png"), dpi: int = 300,
                    style: MapStyle | None = None) -> list[Path]:
    """Write the sheets of ``tables`` (theme key → scored table) the per-sheet way."""
    style = with_class_names(style, meta)
    author = str(style.producer or meta.get("nama_pokja") or "")
    written = []
    with per_file_font_subsets():
        for key, table in tables.items():
            theme = get_theme(key)
            title = sheet_title(theme, meta, style)
            for paper in papers:
                fig = map_sheet(table, theme, meta, paper=paper, style=style, context=context)
                for fmt in formats:
                    if fmt == "png":
                        data = old_png(fig, dpi, title, author, style)
                    elif fmt == "pdf":
                        data = old_pdf(fig, dpi, title, author, style)
                    else:
                        data = figure_bytes(fig, fmt, dpi=dpi, title=title, author=author,
                                            style=style)
                    path = Path(out_dir) / sheet_filename(theme, paper, fmt)
                    with atomic_write(path) as fh:
                        fh.write(data)
                    written.append(path)
                fig.clear()
    return written


def theme_tables(scored, kecamatan_table=None) -> dict[str, object]:
    """Theme key → table: every theme whose column is in ``scored``, then ``kecamatan``."""
    tables = {t.key: scored for t in THEMES if t.column in scored.columns}
    if kecamatan_table is not None:
        tables["kecamatan"] = kecamatan_table
    return tables


def kecamatan_table(scored):
    """A kecamatan sheet's table for the comparisons: every desa with a made-up class of its
    kecamatan (1–4 in code order; the library's own comes from
    :func:`ppsp_analysis.kecamatan.kecamatan_sheet_table`)."""
    import pandas as pd

    out = scored.copy()
    codes = sorted(out["kode_kec"].astype(str).unique())
    out["kelas_kecamatan"] = pd.array(
        out["kode_kec"].astype(str).map({c: 1 + i % 4 for i, c in enumerate(codes)}),
        dtype="Int64")
    return out
