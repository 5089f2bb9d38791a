"""Issue 16: the sheet set drawn the new way (one layout per paper for every theme, each sheet
drawn once, PNG encoded off the drawing thread, report-size images from the same raster,
font subsets reused) gives the same files as the old per-sheet path kept in bench/."""

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_maps import KALTENG, needs_kalteng, real_kabupaten, synthetic_kabupaten

from ppsp_analysis.io.map_files import write_sheet_set

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from baseline_sheets import kecamatan_table, per_sheet_files, theme_tables  # noqa: E402

DPI = 50


def _same_pixels(a: Path, b: Path) -> None:
    with Image.open(a) as ia, Image.open(b) as ib:
        assert ia.size == ib.size and ia.mode == ib.mode == "RGB", (a.name, ia.size, ib.size)
        assert ia.info["dpi"] == pytest.approx(ib.info["dpi"])
        assert ia.text == ib.text
        x = np.asarray(ia, dtype=np.int16)
        y = np.asarray(ib, dtype=np.int16)
    diff = np.abs(x - y).max(axis=2)
    # anti-aliasing noise only: no pixel off by much, very few off at all
    assert (diff > 48).mean() < 1e-4, (a.name, int(diff.max()), float((diff > 48).mean()))
    assert (diff > 0).mean() < 0.01, (a.name, float((diff > 0).mean()))


def _colour_shares(x: np.ndarray) -> dict[int, float]:
    flat = x.reshape(-1, 3).astype(np.int32)
    keys, counts = np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2],
                             return_counts=True)
    return dict(zip(keys.tolist(), (counts / len(flat)).tolist(), strict=True))


def _same_look(a: Path, b: Path) -> None:
    """A sheet rasterised from its PDF by pdfium (new path) against the same sheet drawn by
    Agg (old path). The renderers differ at every edge (Agg snaps lines to pixel centres
    and hints glyph advances; pdfium draws the PDF's exact positions: letters a little
    wider; anti-aliased text in other greys), so pixels are compared at map-reading scale:
    every class or map colour covering 0.2 % of the sheet or more covers the same share
    (±3 % of it), and the sheet reduced to ~12 dpi has almost no cell off by much."""
    with Image.open(a) as ia, Image.open(b) as ib:
        assert ia.size == ib.size and ia.mode == ib.mode == "RGB", (a.name, ia.size, ib.size)
        assert ia.info["dpi"] == pytest.approx(ib.info["dpi"])
        assert ia.text == ib.text
        _similar_map_pixels(np.asarray(ia, dtype=np.int16), np.asarray(ib, dtype=np.int16),
                            ia.info["dpi"][0], a.name)


def _similar_map_pixels(x: np.ndarray, y: np.ndarray, dpi: float, name: str) -> None:
    old, new = _colour_shares(x), _colour_shares(y)
    for colour, share in old.items():
        rgb = ((colour >> 16) & 255, (colour >> 8) & 255, colour & 255)
        if share >= 0.002 and max(rgb) - min(rgb) > 24:  # class and map colours, not greys
            assert abs(new.get(colour, 0.0) - share) <= 0.03 * share, (
                name, hex(colour), share, new.get(colour, 0.0))
    k = max(1, round(dpi / 12))
    h, w = x.shape[0] // k * k, x.shape[1] // k * k

    def coarse(z):
        return z[:h, :w].reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3))

    diff = np.abs(coarse(x) - coarse(y)).max(axis=2)
    assert (diff > 64).mean() < 0.004, (name, float((diff > 64).mean()))


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(PdfReader(path).pages[0].extract_text().split())


def _same_pdf(a: Path, b: Path, text: bool) -> None:
    from pypdf import PdfReader

    ra, rb = PdfReader(a), PdfReader(b)
    assert len(ra.pages) == len(rb.pages) == 1
    assert ra.pages[0].mediabox == rb.pages[0].mediabox
    assert ra.metadata.title == rb.metadata.title and ra.metadata.author == rb.metadata.author
    if text:  # slow with pypdf: two sheets
        assert _pdf_text(a) == _pdf_text(b), a.name


def _compare(gdf, meta, context, tmp_path, formats=("png",), themes=None, dpi=DPI):
    kec = kecamatan_table(gdf)
    tables = theme_tables(gdf, kec)
    if themes is not None:
        tables = {k: v for k, v in tables.items() if k in themes}
    old = per_sheet_files(tables, meta, tmp_path / "old", context, formats=formats, dpi=dpi)
    new = write_sheet_set(gdf, meta, tmp_path / "new", context=context, formats=formats,
                          dpi=dpi, theme_tables={"kecamatan": kec}, themes=themes,
                          preview_dir=tmp_path / "grafik", preview_width=300)
    assert [p.name for p in new] == [p.name for p in old]
    assert len(new) == len(tables) * 2 * len(formats)
    for a, b in zip(old, new, strict=True):
        if a.suffix == ".png" and "pdf" in formats:  # rasterised from the new PDF
            _same_look(a, b)
        elif a.suffix == ".png":
            _same_pixels(a, b)
        else:
            _same_pdf(a, b, text=a.stem in ("peta_gabungan_a3", "peta_kecamatan_a4"))
    # report-size images: from the A4 raster, 300 px wide, one per theme
    previews = sorted(p.name for p in (tmp_path / "grafik").iterdir())
    assert previews == sorted(f"{p.stem.removesuffix('_a4')}.png" for p in new
                              if p.name.endswith("_a4.png"))
    with Image.open(tmp_path / "grafik" / "peta_kecamatan.png") as im, \
            Image.open(tmp_path / "new" / "peta_kecamatan_a4.png") as a4:
        assert im.width == 300 and im.mode == "RGB"
        assert im.height == round(a4.height * 300 / a4.width)
    return old, new


def test_new_path_same_pixels_as_per_sheet_path_synthetic(tmp_path):
    """All seven themes (the kecamatan sheet from its own table, with the same layout)."""
    gdf, meta = synthetic_kabupaten(8)
    assert len(theme_tables(gdf, kecamatan_table(gdf))) == 7
    _compare(gdf, meta, None, tmp_path)


def test_new_path_same_pdf_as_per_sheet_path(tmp_path):
    gdf, meta = synthetic_kabupaten(6)
    old, new = _compare(gdf, meta, None, tmp_path, formats=("pdf", "png"),
                        themes=["gabungan", "kecamatan"], dpi=150)
    sizes = {p.name: p.stat().st_size for p in new if p.suffix == ".pdf"}
    for p in old:  # reused font subsets hold a few more glyphs: a little bigger, not more
        if p.suffix == ".pdf":
            assert sizes[p.name] <= p.stat().st_size + 80_000, p.name


@needs_kalteng
def test_new_path_same_pixels_as_per_sheet_path_real_kabupaten(tmp_path):
    """Kota Palangka Raya (real boundaries, detail view, numbered kelurahan, rivers)."""
    assert (KALTENG / "desa.geojson").exists()
    gdf, meta, context = real_kabupaten("62.71")
    _compare(gdf, meta, context, tmp_path)


def test_font_subsets_are_reused_and_complete(tmp_path):
    """Two PDFs with different texts: the second reuses the first's subset when its glyphs
    are in the common set, and a glyph beyond it still gets into its file."""
    from matplotlib.figure import Figure
    from pypdf import PdfReader

    from ppsp_analysis.maps import pdf_fonts
    from ppsp_analysis.maps.render import figure_bytes

    assert pdf_fonts.install()
    texts = ["Peta Kabupaten Sukamaju 1:250.000", "Kecamatan Harapan — 12,5% ≥ 3", "Ωmega ŋ"]
    for i, text in enumerate(texts):
        fig = Figure(figsize=(3, 1))
        fig.text(0.1, 0.5, text)
        path = tmp_path / f"f{i}.pdf"
        path.write_bytes(figure_bytes(fig, "pdf"))
        assert " ".join(PdfReader(path).pages[0].extract_text().split()) == text
