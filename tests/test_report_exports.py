"""The report model and its renderings: PDF (Typst), Word (python-docx) and slides (PPTX),
each opened and read back; the model's words, numbers and lookups."""

from __future__ import annotations

import copy
import json
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
docx = pytest.importorskip("docx")
pytest.importorskip("typst")

from _text import pdf_pages  # noqa: E402

from ppsp_analysis import fmt, load_package, score_package  # noqa: E402
from ppsp_analysis.io.documents import write_docx, write_pdf, write_pptx  # noqa: E402
from ppsp_analysis.io.report_file import read_report, write_report  # noqa: E402
from ppsp_analysis.report.area import area_report  # noqa: E402
from ppsp_analysis.report.model import (  # noqa: E402
    Column,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    UnknownPartError,
    table_from_frame,
)
from ppsp_analysis.report.pdf import table_payload  # noqa: E402

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
def scored():
    pkg = load_package(DEMO)
    return pkg, score_package(pkg)


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """Two small stand-in map PNGs (one portrait, one landscape) in ``base/gambar``."""
    base = tmp_path_factory.mktemp("model")
    (base / "gambar").mkdir()
    out = {}
    for key, size in (("peta_air_limbah", (4.0, 5.6)), ("peta_gabungan", (5.6, 4.0))):
        fig, ax = plt.subplots(figsize=size, dpi=60)
        ax.fill([0, 1, 1, 0], [0, 0, 1, 1], color="tab:red")
        ax.set_title(key)
        fig.savefig(base / "gambar" / f"{key}.png")
        plt.close(fig)
        out[key] = Path("gambar") / f"{key}.png"
    return base, out


@pytest.fixture(scope="module")
def demo_report(scored, maps) -> Report:
    pkg, result = scored
    return area_report(result, pkg, figures=maps[1])


@pytest.fixture()
def report(demo_report: Report) -> Report:
    return copy.deepcopy(demo_report)


def _squash(text: str) -> str:
    """Text without whitespace and soft break characters (table cells may wrap)."""
    return re.sub(r"[\s\u200b\u00ad]+", "", text)


def _pdf(report: Report, path: Path, base: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_pdf(report, path, base)
    typst_warnings = [str(w.message) for w in caught if str(w.message).startswith("Typst")]
    assert not typst_warnings, typst_warnings
    return pdf_pages(path)


# --------------------------------------------------------------------------- model
def test_model_words_units_and_lookups(demo_report: Report) -> None:
    r = demo_report
    assert [s.title for s in r.sections][:3] == ["Ringkasan Eksekutif", "Profil Wilayah",
                                                 "Hasil Studi EHRA"]
    # the demo kota has only kelurahan: the words say so
    assert r.meta["satuan_wilayah"] == "kelurahan"
    first = r.sections[0].paragraphs()[0]
    assert f"{r.summary['jumlah_desa']} kelurahan" in first
    assert fmt.integer(r.summary["penduduk"]) + " jiwa" in first
    # every table column has an Indonesian title, never a snake_case key
    for t in r.tables():
        for c in t.columns:
            assert not re.fullmatch(r"[a-z0-9_]+", c.title) or c.title == c.key == "opsi", c
    assert r.table("profil_wilayah").headers()[2] == "Jumlah kelurahan (kelurahan)"
    with pytest.raises(UnknownPartError, match="tidak punya tabel 'salah_ketik'"):
        r.table("salah_ketik")
    with pytest.raises(UnknownPartError, match="tidak punya gambar 'peta_irs'"):
        r.figure("peta_irs")
    assert r.figure("peta_gabungan").caption.startswith("Peta area berisiko gabungan")
    numbers = [k.text for k in r.key_numbers]
    assert fmt.integer(r.summary["penduduk"]) + " jiwa" in numbers
    assert fmt.percent(r.summary["persen_desa_prioritas"]) in numbers
    # the method table writes weights the Indonesian way
    method = r.table("metode").data
    assert method["ketentuan"].str.contains(r"bobot 0,33").any()
    assert not method["ketentuan"].str.contains(r"\d\.\d").any()


def test_model_json_round_trip(demo_report: Report, tmp_path: Path) -> None:
    path = write_report(demo_report, tmp_path / "laporan.laporan.json")
    again = read_report(path)
    assert again.to_dict() == demo_report.to_dict()
    assert again.table("desa_prioritas").cells() == demo_report.table("desa_prioritas").cells()
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["versi_model"] = 99
    with pytest.raises(ValueError, match="bukan berkas laporan"):
        Report.from_dict(raw)


def test_model_json_round_trip_keeps_missing_whole_numbers(tmp_path: Path) -> None:
    """An integer column with a gap (a class the instrument did not give) reads back as
    Int64 with <NA>, not as an error (the batch of the 14 Kalteng kab/kota failed on 62.08 so)."""
    data = pd.DataFrame({"nama_desa": ["A", "B", "C"],
                         "kelas_instrumen": pd.array([2, None, 4], dtype="Int64")})
    t = table_from_frame("t", "T", data, {"kelas_instrumen": ("Kelas", "1–4", "class")})
    report = Report("area_berisiko", "Judul", {}, sections=[Section("S", [t])])
    again = read_report(write_report(report, tmp_path / "t.laporan.json"))
    back = again.table("t").data["kelas_instrumen"]
    assert back.dtype == "Int64" and back.isna().tolist() == [False, True, False]
    assert back.dropna().tolist() == [2, 4]


def test_threshold_four_changes_every_word(scored) -> None:
    pkg, _ = scored
    method = copy.deepcopy(pkg.method)
    method["area_berisiko"]["ambang_prioritas"] = 4
    result = score_package(pkg, method)
    r = area_report(result, pkg)
    text = " ".join(p for s in r.sections for p in s.paragraphs())
    assert "kelas 4" in text and "kelas 3–4" not in text
    assert r.summary["ambang_prioritas"] == 4
    assert r.summary["prioritas"]["gabungan"] == int((result.desa["kelas_gabungan"] == 4).sum())
    assert "Prioritas (kelas 4)" in " ".join(r.table("sebaran_kelas").headers())


# --------------------------------------------------------------------------- PDF
def test_pdf_demo(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    out = tmp_path / "laporan.pdf"
    pages = _pdf(report, out, base)
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.pdf"]  # no temp file left
    reader = pypdf.PdfReader(out)
    for page in reader.pages:  # A4, portrait or (a wide table) landscape
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted(A4), abs=1)
    wide = {f"Tabel {report.numbers()[id(t)]}. {t.title}" for t in report.tables()
            if table_payload(t)["lanskap"]}
    previous = False
    for page, text in zip(reader.pages, pages, strict=True):
        landscape = float(page.mediabox.width) > float(page.mediabox.height)
        if any(_squash(w) in _squash(text) for w in wide):
            assert landscape, text[:80]
        elif landscape:  # a wide table running on from the page before
            assert previous, text[:80]
        previous = landscape
    total = int(re.search(r"Halaman 1 dari (\d+)", pages[1]).group(1))
    assert len(pages) == total + 1  # unnumbered cover + numbered pages
    for i, text in enumerate(pages[1:], start=1):
        assert f"Halaman {i} dari {total}" in text
    cover = pages[0]
    for expected in ("Laporan Area Berisiko Sanitasi", "Kota Bandar Fiktif",
                     "Provinsi Nusantara Rekaan", "Tahun 2026", "Pokja PKP Kota Bandar Fiktif",
                     "DATA SINTETIS — bukan data resmi"):
        assert expected in cover
    assert "Daftar Isi" in pages[1]
    every = "\n".join(pages)
    for i, s in enumerate(report.sections, start=1):
        assert f"{i}. {s.title}" in every, s.title
    for k in report.key_numbers:
        assert k.text in every, k.text
    assert "Gambar 1. Peta area berisiko gabungan" in every
    assert "Tabel 1. Jumlah Kelurahan per Kelas" in every


def test_pdf_hostile_strings_print_literally(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    pri = report.table("desa_prioritas").data
    for i, name in enumerate(HOSTILE[: len(pri)]):
        pri.loc[i, "nama_desa"] = name
    report.table("area_berisiko").data.loc[0, "nama_desa"] = "x" * 120  # unbreakable
    report.meta["nama_kabupaten"] = "Kota $Uji$ #emph[Bandar]"
    report.sections.append(Section("#heading[Sisipan]",
                                   [Paragraph("Teks @ref dan \\ garis miring.")]))
    pages = _pdf(report, tmp_path / "jahat.pdf", base)
    for page in pypdf.PdfReader(tmp_path / "jahat.pdf").pages:  # `#set page` had no effect
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted(A4), abs=1)
    every = _squash("\n".join(pages))
    for text in [*HOSTILE[: len(pri)], "Kota $Uji$ #emph[Bandar]", "#heading[Sisipan]",
                 "Teks @ref dan \\ garis miring.", "x" * 120]:
        assert _squash(text) in every, text


def test_pdf_long_table_repeats_header(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    n = 231
    data = pd.DataFrame({"baris": [f"Baris{i:03d}" for i in range(n)],
                         **{f"nilai_{j}": [1000.5 * i + j for i in range(n)] for j in range(4)},
                         "catatan": ["teks"] * n})
    cols = [Column("baris", "Kolom Uji", "", "text"),
            *[Column(f"nilai_{j}", f"Nilai {j}", "ha", "decimal") for j in range(4)],
            Column("catatan", "Keterangan", "", "text")]
    report.sections = [Section("Uji", [Table("panjang", "Tabel Panjang Uji", cols, data)])]
    pages = _pdf(report, tmp_path / "panjang.pdf", base)
    with_rows = [t for t in pages if "Baris" in t]
    assert len(with_rows) >= 3
    assert all("KolomUji" in _squash(t) for t in with_rows)  # header repeated per page
    every = "\n".join(pages)
    assert all(f"Baris{i:03d}" in every for i in range(n))
    assert "230.115,0" in every  # 1000.5 * 230 + 0, Indonesian format, 1 decimal


def test_pdf_failure_keeps_old_file(report: Report, maps, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import typst

    base, _ = maps
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"lama")

    def boom(*args, **kwargs):
        raise RuntimeError("rusak")

    monkeypatch.setattr(typst, "compile_with_warnings", boom)
    with pytest.raises(RuntimeError, match="Typst"):
        write_pdf(report, target, base)
    assert target.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.pdf"]


def test_table_payload_font_size() -> None:
    def table(n_cols: int, value: float) -> Table:
        cols = [Column(f"k{j}", f"Kolom panjang {j}", "", "number") for j in range(n_cols)]
        return Table("t", "T", cols, pd.DataFrame({c.key: [value] for c in cols}))

    assert table_payload(table(2, 1.5))["ukuran"] == 9
    wide = table_payload(table(15, 12345.67))  # too wide for portrait: landscape, smaller
    assert wide["lanskap"] and 7 <= wide["ukuran"] < 9 and not table_payload(table(2, 1))["lanskap"]
    t = Table("k", "K", [Column("kode", "Kode", "", "kode"), Column("tahun", "Tahun", "", "year"),
                         Column("n", "N", "", "count")],
              pd.DataFrame({"kode": ["62.10"], "tahun": [2026], "n": [2026]}))
    assert table_payload(t, 3)["baris"] == [["62.10", "2026", "2.026"]]
    assert table_payload(t, 3)["judul"] == "Tabel 3. K"


# --------------------------------------------------------------------------- Word
def test_docx_demo(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    out = write_docx(report, tmp_path / "laporan.docx", base)
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.docx"]
    doc = docx.Document(out)
    section = doc.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {s.title}" for i, s in enumerate(report.sections, start=1)]
    xml = doc.element.xml
    assert "TOC \\o" in xml and "SEQ Tabel" in xml and "SEQ Gambar" in xml
    assert "w:tblHeader" in xml  # header rows repeat on every page
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Tabel 1. Jumlah Kelurahan per Kelas" in captions
    assert "Gambar 1. Peta area berisiko gabungan (prioritas) — Kota Bandar Fiktif, 2026" in \
        captions
    assert len(doc.inline_shapes) == len(report.figures())
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for k in report.key_numbers:
        assert k.text in cells
    pri = report.table("desa_prioritas")
    [word] = [t for t in doc.tables if t.rows[0].cells[0].text == pri.headers()[0]
              and len(t.rows) == len(pri) + 1]
    assert [c.text for c in word.rows[1].cells] == pri.cells()[0]
    wide = [s for s in doc.sections if s.page_width > s.page_height]
    assert wide, "a wide table is set on a landscape page"


# --------------------------------------------------------------------------- slides
def _slide_texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def test_pptx_demo(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    out = write_pptx([report], tmp_path / "paparan.pptx", base)
    assert [p.name for p in tmp_path.iterdir()] == ["paparan.pptx"]
    prs = pptx.Presentation(out)
    assert prs.slide_width * 9 == prs.slide_height * 16
    slides = list(prs.slides)
    # title, contents, one per section, one per figure
    assert len(slides) == 2 + len(report.sections) + len(report.figures())
    texts = [_slide_texts(s) for s in slides]
    assert "Kota Bandar Fiktif" in texts[0] and "2026" in texts[0]
    assert all("DATA SINTETIS" in t for t in texts)
    for i, s in enumerate(report.sections, start=1):
        assert any(t.startswith(f"{i}. {s.title}") for t in texts), s.title
    every = "\n".join(texts)
    for k in report.key_numbers:
        assert k.text in every
    pictures = [s for s in slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert len(pictures) == len(report.figures())


def test_pptx_not_synthetic_hostile(report: Report, maps, tmp_path: Path) -> None:
    base, _ = maps
    report.meta["sintetis"] = False
    report.meta["nama_kabupaten"] = "Kab. <Uji> & \x00 #set"
    out = write_pptx([report], tmp_path / "paparan.pptx", base)
    slides = list(pptx.Presentation(out).slides)
    marks = [sh for s in slides for sh in s.shapes
             if sh.has_text_frame and sh.text_frame.text == "DATA SINTETIS — bukan data resmi"]
    assert not marks  # no red mark on any slide
    texts = "\n".join(_slide_texts(s) for s in slides)
    assert "Kab. <Uji> &  #set" in texts


# --------------------------------------------------------------------------- issue 12
def _wide_png(base: Path, name: str) -> str:
    """A stand-in slide map: the LAYAR sheet's proportions (338,67 × 139,7 mm)."""
    fig = plt.figure(figsize=(338.67 / 25.4 / 4, 139.7 / 25.4 / 4), dpi=50)
    fig.patch.set_facecolor("tab:orange")
    path = Path("gambar") / f"{name}_layar.png"
    fig.savefig(base / path)
    plt.close(fig)
    return path.as_posix()


def test_pptx_map_slides_fill_the_width_fonts_and_titles(report: Report, maps,
                                                         tmp_path: Path) -> None:
    from dataclasses import replace as dc_replace

    from ppsp_analysis.report import slides as sl

    base, _ = maps
    for s in report.sections:
        s.blocks = [dc_replace(b, slide=_wide_png(base, b.name)) if isinstance(b, Figure)
                    else b for b in s.blocks]
    long_title = "Judul yang sangat panjang sekali " * 8
    report.sections.append(Section(long_title.strip(), [Paragraph("Isi.")]))
    out = write_pptx([report], tmp_path / "paparan.pptx", base)
    prs = pptx.Presentation(out)
    rule_top = prs.slides[2].shapes[1].top
    n_maps = 0
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.shape_type == 13:  # a picture: every map picture spans the slide
                n_maps += 1
                assert sh.left == 0 and sh.width == prs.slide_width, sh.name
            if sh.has_text_frame:
                for p in sh.text_frame.paragraphs:
                    assert all(r.font.name == sl.FONT for r in p.runs)
            if sh.name == "judul":  # the title ends above the rule, its lines fit its box
                assert sh.top + sh.height <= rule_top
                paras = sh.text_frame.paragraphs
                size = paras[0].runs[0].font.size.pt
                assert len(paras) * size * 1.2 * 12700 <= sh.height
    assert n_maps == len(report.figures())
    last = prs.slides[len(prs.slides) - 1]
    title = next(sh for sh in last.shapes if sh.name == "judul")
    assert len(title.text_frame.paragraphs) <= 2
    assert title.text_frame.paragraphs[0].runs[0].font.size.pt < 26  # shrunk to fit


def test_pptx_key_number_captions_below_long_values(report: Report, maps,
                                                    tmp_path: Path) -> None:
    from ppsp_analysis.report.model import KeyNumber

    base, _ = maps
    report.key_numbers[0] = KeyNumber("x", "Keterangan angka", 1234567890123.4,
                                      "rumah tangga belum terlayani", "count")
    prs = pptx.Presentation(write_pptx([report], tmp_path / "p.pptx", base))
    slide = next(s for s in prs.slides if any(sh.name == "angka" for sh in s.shapes))
    values = [sh for sh in slide.shapes if sh.name == "angka"]
    captions = [sh for sh in slide.shapes if sh.name == "keterangan"]
    for v, c in zip(values, captions, strict=True):
        assert c.top >= v.top + v.height  # the caption starts under the value
        lines = len(v.text_frame.paragraphs)
        assert lines * v.text_frame.paragraphs[0].runs[0].font.size.pt * 1.2 * 12700 \
            <= v.height
    assert len(values[0].text_frame.paragraphs) == 2  # the long value wrapped, not overflowed


def test_priority_list_sorted_highest_risk_first(report: Report, maps,
                                                 tmp_path: Path) -> None:
    t = report.table("desa_prioritas")
    key = list(zip(-t.data["kelas_gabungan"].astype(int), -t.data["area_tertinggi"],
                   strict=True))
    assert key == sorted(key) and len(t) > 3
    assert {"nama_kec", "kode_desa"} <= set(t.data.columns)
    base, _ = maps
    prs = pptx.Presentation(write_pptx([report], tmp_path / "p.pptx", base))
    shown = next(sh.table for s in prs.slides for sh in s.shapes
                 if sh.has_table and "Prioritas" in _slide_texts(s))
    header = [c.text for c in shown.rows[0].cells]
    col = next(j for j, h in enumerate(header) if h.startswith("Nama") and "kecamatan" not in h)
    names = [shown.cell(i, col).text for i in range(1, len(shown.rows))]
    assert names == list(t.data["nama_desa"][:len(names)])
    assert "Nama kecamatan" in header and "No. peta" in header


def test_pdf_prints_every_class_boundary_and_plain_method(report: Report, scored, maps,
                                                          tmp_path: Path) -> None:
    from ppsp_analysis.method import active_indicators
    from ppsp_analysis.scoring import equal_interval_bounds

    _, result = scored
    base, _ = maps
    text = _squash(" ".join(_pdf(report, tmp_path / "l.pdf", base)))
    m = result.method
    dec = m["kelas"]["desimal_batas"]
    cols = [f"ind_{n}" for specs in active_indicators(m).values() for n in specs]
    cols += ["irs_total", *[f"area_{c}" for c in ("air_limbah", "persampahan", "drainase")]]
    checked = 0
    for col in cols:
        v = result.desa[col].dropna()
        if v.min() == v.max():
            continue
        for b in equal_interval_bounds(v.min(), v.max(), m["kelas"]["jumlah"], dec,
                                       m["kelas"]["pembulatan_batas"]):
            assert _squash(f"≤{fmt.number(b, dec)}") in text or \
                _squash(f">{fmt.number(b, dec)}") in text, (col, b)
            checked += 1
    assert checked >= 3 * len(cols) - 3
    assert "persepsi.pembulatannone" not in text  # sentences, not bare option keys
    assert _squash("tanpa pembulatan") in text


def test_pdf_headers_not_hyphenated(report: Report) -> None:
    for t in report.tables():  # every table fits with whole header words
        payload = table_payload(t)
        assert not payload["pisah_judul"], t.name
        assert all("\u00ad" not in h for p in [payload, *payload["bagian"]]
                   for h in p["kolom"]), t.name
    for name in ("profil_wilayah", "desa_prioritas", "kecamatan", "metode", "batas_kelas",
                 "persepsi_opd", "override"):  # narrow enough for portrait pages
        assert not table_payload(report.table(name))["lanskap"], name
    assert table_payload(report.table("area_berisiko"))["lanskap"]  # 14 columns


WIDE_HEADERS = [
    ("kepadatan", "Kepadatan penduduk", "jiwa/ha", "decimal"),
    ("jamban", "KK tanpa jamban", "% KK", "pct"),
    ("terangkut", "Sampah terangkut", "%", "pct"),
    ("skor_sampah", "Skor sekunder persampahan", "1–4", "score"),
    ("exposure", "EXPOSURE drainase lingkungan", "1–4", "score"),
    ("ie", "IMPACT × EXPOSURE drainase lingkungan", "1–16", "score"),
    ("gabungan", "Kelas gabungan", "1–4", "class"),
    ("melapor", "Desa/kelurahan melapor genangan", "desa/kelurahan", "count"),
    ("belanja", "Belanja sanitasi", "Rp", "rp"),
    ("tps", "TPS per 1.000 jiwa", "TPS/1.000 jiwa", "number"),
    ("miskin", "KK miskin", "% KK", "pct"),
    ("rob", "Rob", "0/1", "int"),
    ("genangan", "Luas genangan", "% luas", "pct"),
]


def _wide_table(n_extra: int = 0, rows: int = 24) -> Table:
    """A table of 16 (+ ``n_extra``) columns: names, code, kecamatan, then long headers
    and full Rupiah numbers."""
    cols = [Column("nama_desa", "Nama desa/kelurahan", "", "text"),
            Column("kode_desa", "Kode desa/kelurahan", "", "kode"),
            Column("nama_kec", "Nama kecamatan", "", "text")]
    cols += [Column(k, t, u, kind) for k, t, u, kind in WIDE_HEADERS]
    cols += [Column(f"tambahan_{j}", f"Anggaran tambahan sanitasi {j}", "Rp", "rp")
             for j in range(n_extra)]
    data = {"nama_desa": [f"Sungai Pinang Hulu Seberang {i}" for i in range(rows)],
            "kode_desa": [f"62.03.01.{2001 + i}" for i in range(rows)],
            "nama_kec": ["Kapuas Kuala Tengah"] * rows}
    for c in cols[3:]:
        data[c.key] = ([1_234_567_890 + i * 100_003 for i in range(rows)] if c.kind == "rp"
                       else [3.75 + i for i in range(rows)])
    return Table("lebar", "Data Lebar Uji", cols, pd.DataFrame(data), note="Catatan uji.")


def _text_runs(page) -> list[tuple[float, float, float, str]]:
    """Text runs of a PDF page: (baseline y, x start, x end, text); the end from the font
    Typst used (the same files the layout measures)."""
    from ppsp_analysis.report.pdf import _fonts

    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            runs.append((round(y, 1), x, x + _fonts().em(text, bold) * size * tm[0] * cm[0],
                         text))

    page.extract_text(visitor_text=visit)
    return sorted(runs)


def _overlaps(page) -> list[tuple[str, str]]:
    """Pairs of text runs on one line where the second starts inside the first."""
    runs = _text_runs(page)
    out = [(a[3], b[3]) for a, b in zip(runs, runs[1:], strict=False)
           if a[0] == b[0] and b[1] < a[2] - 0.5]
    right = float(page.mediabox.width)
    return out + [(r[3], "tepi kanan") for r in runs if r[2] > right - 10]


def _wide_report(table: Table) -> Report:
    return Report("uji", "Laporan Uji", {"nama_kabupaten": "Kabupaten Uji", "tahun": 2026},
                  [], [Section("Pengantar", [Paragraph("Satu kalimat.")]),
                       Section("Data Lebar", [Paragraph("Tabel berikut lebar."), table]),
                       Section("Penutup", [Paragraph("Kalimat penutup.")])])


def test_pdf_sixteen_columns_landscape_whole_header_words(tmp_path: Path) -> None:
    table = _wide_table()
    payload = table_payload(table, 1)
    assert payload["lanskap"] and not payload["pisah_judul"] and payload["ukuran"] >= 7
    assert payload["bagian"] == []  # fits one landscape page width
    out = tmp_path / "lebar.pdf"
    pages = _pdf(_wide_report(table), out, tmp_path)
    reader = pypdf.PdfReader(out)
    first = next(i for i, t in enumerate(pages) if "Tabel 1. Data Lebar Uji" in t)
    table_pages = [i for i, t in enumerate(pages) if "Sungai Pinang" in t]
    for i in table_pages:
        page = reader.pages[i]
        assert float(page.mediabox.width) > float(page.mediabox.height), i  # landscape
        assert not _overlaps(page), _overlaps(page)[:5]
    # the section heading and its paragraph went with the table, not left alone behind
    assert "2. Data Lebar" in pages[first] and "Tabel berikut lebar." in pages[first]
    assert "3. Penutup" not in pages[first] or first == table_pages[-1]
    tokens = pages[first].split()  # a line may end after a slash: "desa/" "kelurahan"
    words = set(tokens) | {a + b for a, b in zip(tokens, tokens[1:], strict=False)
                           if a.endswith("/")}
    for c in table.columns:  # every header word whole: no "kelu-rahan", "EXPO-SURE"
        for word in c.heading.split():
            if len(word) >= 5:
                assert word in words, word
    portrait_after = reader.pages[table_pages[-1] + 1]
    assert float(portrait_after.mediabox.width) < float(portrait_after.mediabox.height)


def test_pdf_too_wide_for_landscape_splits_repeating_names(tmp_path: Path) -> None:
    table = _wide_table(n_extra=10, rows=6)
    payload = table_payload(table, 4)
    parts = payload["bagian"]
    assert len(parts) >= 2 and payload["lanskap"]
    heads = table.headers()
    covered = []
    for i, part in enumerate(parts, start=1):
        assert part["judul"] == f"Tabel 4. Data Lebar Uji (bagian {i} dari {len(parts)})"
        assert part["kolom"][:3] == heads[:3]  # names and code in every part
        assert not part["pisah_judul"] and part["ukuran"] >= 7
        covered += part["kolom"][3:]
        assert [r[:3] for r in part["baris"]] == [r[:3] for r in payload["baris"]]
    assert covered == heads[3:]
    out = tmp_path / "terbagi.pdf"
    pages = _pdf(_wide_report(table), out, tmp_path)
    reader = pypdf.PdfReader(out)
    for i, text in enumerate(pages):
        if "Sungai Pinang" in text:
            assert not _overlaps(reader.pages[i]), _overlaps(reader.pages[i])[:5]
    every = " ".join(pages)
    assert every.count("Catatan uji.") == 1  # the note once, under the last part
    for i in range(1, len(parts) + 1):
        assert f"(bagian {i} dari {len(parts)})" in every
