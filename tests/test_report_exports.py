"""PDF (Typst) and PPTX exports of the area-berisiko report."""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

pypdf = pytest.importorskip("pypdf")
pptx = pytest.importorskip("pptx")
pytest.importorskip("typst")

from _text import pdf_pages  # noqa: E402

from ppsp_analysis import load_package, score_package  # noqa: E402
from ppsp_analysis.report.context import ReportContext, build_area_context  # noqa: E402
from ppsp_analysis.report.pdf import format_number, table_payload, write_pdf  # noqa: E402
from ppsp_analysis.report.slides import PRIORITAS_ROWS, write_pptx  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "99.03-kota-bandar-fiktif"
A4 = (595.28, 841.89)
HOSTILE = [
    "#set page(width: 1cm)",
    "<script>alert(1)</script>",
    "*tebal* _miring_ $x^2$ @label",
    "Desa \\ [kurung] ]b",
    "= bukan judul // bukan komentar",
    '#{panic("x")} `raw` "kutip"',
]


@pytest.fixture(scope="module")
def demo_ctx() -> ReportContext:
    pkg = load_package(DEMO)
    return build_area_context(score_package(pkg), pkg)


@pytest.fixture()
def ctx(demo_ctx: ReportContext) -> ReportContext:
    return copy.deepcopy(demo_ctx)


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two small stand-in map PNGs: one portrait, one landscape."""
    folder = tmp_path_factory.mktemp("peta")
    out = {}
    for key, size in (("peta_air_limbah", (4.0, 5.6)), ("peta_gabungan", (5.6, 4.0))):
        fig, ax = plt.subplots(figsize=size, dpi=60)
        ax.fill([0, 1, 1, 0], [0, 0, 1, 1], color="tab:red")
        ax.set_title(key)
        out[key] = folder / f"{key}.png"
        fig.savefig(out[key])
        plt.close(fig)
    return out


def _pages(path: Path) -> list[str]:
    return pdf_pages(path)


def _squash(text: str) -> str:
    """Text without whitespace and soft break characters (table cells may wrap)."""
    return re.sub(r"[\s\u200b\u00ad]+", "", text)


def _write_pdf(ctx: ReportContext, path: Path, **kwargs) -> Path:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = write_pdf(ctx, path, **kwargs)
    typst_warnings = [str(w.message) for w in caught if str(w.message).startswith("Typst")]
    assert not typst_warnings, typst_warnings
    return out


# --------------------------------------------------------------------------- PDF
def test_pdf_demo(ctx: ReportContext, maps: dict[str, Path], tmp_path: Path) -> None:
    ctx.figures.update(maps)
    ctx.figures["peta_drainase"] = tmp_path / "tidak-ada.png"  # absent: skipped
    out = _write_pdf(ctx, tmp_path / "laporan.pdf")
    assert out == tmp_path / "laporan.pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.pdf"]  # no temp file left
    reader = pypdf.PdfReader(out)
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=1)
        assert float(box.height) == pytest.approx(A4[1], abs=1)
    pages = _pages(out)
    total = int(re.search(r"Halaman 1 dari (\d+)", pages[1]).group(1))
    assert len(pages) == total + 1  # unnumbered cover + numbered pages
    for i, text in enumerate(pages[1:], start=1):
        assert f"Halaman {i} dari {total}" in text
    assert "Halaman" not in pages[0]

    cover = pages[0]
    for expected in ("Laporan Area Berisiko Sanitasi", "Kota Bandar Fiktif",
                     "Provinsi Nusantara Rekaan", "Tahun 2026", "Pokja PKP Kota Bandar Fiktif",
                     "DATA SINTETIS — bukan data resmi"):
        assert expected in cover
    assert "Daftar Isi" in pages[1]
    every = "\n".join(pages)
    for heading in ("Ringkasan Eksekutif", "Profil Wilayah", "Desa Prioritas", "Catatan",
                    "Metode dan Asumsi", "Sumber Data", "Peta Area Berisiko Air Limbah"):
        assert heading in every
    # key numbers in Indonesian format
    assert format_number(ctx.ringkasan["penduduk"]) in every
    assert "305.796" in every or ctx.ringkasan["penduduk"] != 305796
    # every map alone on its own page, with caption
    for n, title in ((1, "Peta Area Berisiko Air Limbah Domestik"),
                     (2, "Peta Area Berisiko Gabungan (Prioritas)")):
        [page] = [t for t in pages if f"Gambar {n}" in t]
        assert title in page  # heading, map and caption share the page
        assert "Jumlah baris" not in page and "Catatan" not in page
    assert sum("Gambar 3" in t for t in pages) == 0  # the absent map is not there


def test_pdf_not_synthetic_and_narrative(ctx: ReportContext, tmp_path: Path) -> None:
    ctx.meta["sintetis"] = False
    ctx.meta["sumber_data"] = [s for s in ctx.meta["sumber_data"] if "SINTETIS" not in s]
    ctx.tables = {k: ctx.tables[k] for k in ("Profil Wilayah", "Metode dan Asumsi")}
    out = _write_pdf(ctx, tmp_path / "resmi.pdf", judul="Laporan Uji",
                     sections=[("Pendahuluan", "Paragraf satu.\n\nParagraf dua.")])
    every = "\n".join(_pages(out))
    assert "DATA SINTETIS" not in every
    assert "Laporan Uji" in every and "Pendahuluan" in every and "Paragraf dua." in every


def test_pdf_hostile_strings_print_literally(ctx: ReportContext, tmp_path: Path) -> None:
    ctx.tables = {k: ctx.tables[k] for k in ("Desa Prioritas", "Area Berisiko")}
    pri = ctx.tables["Desa Prioritas"]
    for i, name in enumerate(HOSTILE):
        pri.loc[i, "Desa"] = name
    ctx.tables["Area Berisiko"].loc[0, "Desa"] = "x" * 120  # an unbreakable monster
    ctx.meta["nama_kabupaten"] = "Kota $Uji$ #emph[Bandar]"
    ctx.notes = ["Catatan [a](b) <b>tebal</b> #pagebreak()"]
    out = _write_pdf(ctx, tmp_path / "jahat.pdf",
                     sections=[("#heading[Sisipan]", "Teks @ref dan \\ garis miring.")])
    reader = pypdf.PdfReader(out)
    for page in reader.pages:  # `#set page(width: 1cm)` did not take effect
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
    every = _squash("\n".join(_pages(out)))
    for text in [*HOSTILE, "Kota $Uji$ #emph[Bandar]", "<b>tebal</b> #pagebreak()",
                 "#heading[Sisipan]", "Teks @ref dan \\ garis miring.", "x" * 120]:
        assert _squash(text) in every, text


def test_pdf_long_table_repeats_header(ctx: ReportContext, tmp_path: Path) -> None:
    n = 231
    ctx.tables = {"Tabel Panjang Uji": pd.DataFrame({
        "Kolom Uji": [f"Baris{i:03d}" for i in range(n)],
        **{f"Nilai {j}": [1000.5 * i + j for i in range(n)] for j in range(4)},
        "Keterangan": ["teks"] * n,
    })}
    out = _write_pdf(ctx, tmp_path / "panjang.pdf")
    pages = _pages(out)
    with_rows = [t for t in pages if "Baris" in t]
    assert len(with_rows) >= 3
    assert all("KolomUji" in _squash(t) for t in with_rows)  # header repeated per page
    every = "\n".join(pages)
    assert all(f"Baris{i:03d}" in every for i in range(n))
    assert "230.115,0" in every  # 1000.5 * 230 + 0, Indonesian format, 1 decimal
    assert "Jumlah baris: 231." in every


def test_pdf_failure_keeps_old_file(ctx: ReportContext, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import typst

    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"lama")

    def boom(*args, **kwargs):
        raise RuntimeError("rusak")

    monkeypatch.setattr(typst, "compile_with_warnings", boom)
    with pytest.raises(RuntimeError, match="Typst"):
        write_pdf(ctx, target)
    assert target.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.pdf"]


def test_table_payload_font_size() -> None:
    narrow = pd.DataFrame({"Desa": ["Suka Maju"], "Nilai": [1.5]})
    wide = pd.DataFrame({f"Kolom panjang {j}": [12345.67] for j in range(15)})
    assert table_payload("Sempit", narrow)["ukuran"] == 9
    assert table_payload("Lebar", wide)["ukuran"] <= 7
    t = table_payload("Kode", pd.DataFrame({"Kode": [2026], "Tahun": [2026], "N": [2026]}))
    assert t["baris"] == [["2026", "2026", "2.026"]]


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    (1234.5, {}, "1.234,5"), (305796, {}, "305.796"), (64.25, {"decimals": 1}, "64,2"),
    (float("nan"), {}, "–"), (None, {}, "–"), (-0.001, {"decimals": 1}, "0,0"),
    (1234567.891, {"decimals": 2}, "1.234.567,89"), (2026, {"grouping": False}, "2026"),
])
def test_format_number(value, kwargs, expected) -> None:
    assert format_number(value, **kwargs) == expected


# --------------------------------------------------------------------------- PPTX
def _slide_texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def test_pptx_demo(ctx: ReportContext, maps: dict[str, Path], tmp_path: Path) -> None:
    ctx.figures.update(maps)
    ctx.figures["peta_irs"] = tmp_path / "tidak-ada.png"
    out = write_pptx(ctx, tmp_path / "paparan.pptx")
    assert [p.name for p in tmp_path.iterdir()] == ["paparan.pptx"]
    prs = pptx.Presentation(out)
    assert prs.slide_width * 9 == prs.slide_height * 16
    slides = list(prs.slides)
    assert len(slides) == 3 + len(maps) + 1
    texts = [_slide_texts(s) for s in slides]
    assert "Kota Bandar Fiktif" in texts[0] and "2026" in texts[0]
    assert "Pokja PKP Kota Bandar Fiktif" in texts[0]
    assert all("DATA SINTETIS" in t for t in texts)
    assert "Angka Kunci" in texts[1] and "305.796" in texts[1]
    assert "Sebaran Kelas Risiko" in texts[2]
    assert "Peta Area Berisiko Air Limbah Domestik" in texts[3]
    assert any(s.shape_type == 13 for s in slides[3].shapes)  # a picture
    pri = ctx.tables["Desa Prioritas"]
    [table] = [s.table for s in slides[-1].shapes if s.has_table]
    assert len(table.rows) == min(PRIORITAS_ROWS, len(pri)) + 1
    assert "Desa Prioritas" in texts[-1]
    if len(pri) > PRIORITAS_ROWS:
        assert f"… dan {len(pri) - PRIORITAS_ROWS} desa lainnya" in texts[-1]


def test_pptx_no_maps_not_synthetic_hostile(ctx: ReportContext, tmp_path: Path) -> None:
    ctx.meta["sintetis"] = False
    ctx.meta["nama_kabupaten"] = "Kab. <Uji> & \x00 #set"
    ctx.tables["Desa Prioritas"] = ctx.tables["Desa Prioritas"].head(3)
    out = write_pptx(ctx, tmp_path / "paparan.pptx")
    slides = list(pptx.Presentation(out).slides)
    assert len(slides) == 4
    texts = "\n".join(_slide_texts(s) for s in slides)
    assert "DATA SINTETIS" not in texts
    assert "Kab. <Uji> &  #set" in texts
    assert "lainnya" not in _slide_texts(slides[-1])
