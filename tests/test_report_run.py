"""`ppsp run`: the notebooks produce the reports; every rendering is opened and checked.

One run on the demo kota (kelurahan only) whose names are hostile (HTML and formula
injection): same sections and key numbers in HTML, PDF, Word and slides; the executed
notebook re-runs alone and gives the same ``ringkasan.json``; no kelurahan is called a desa;
no English-style number. One run with ``ambang_prioritas: 4``; one on the real Kapuas
boundaries (synthetic attributes); the failure paths.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import geopandas as gpd
import nbformat
import openpyxl
import pandas as pd
import pyogrio
import pytest
from _text import (
    docx_text,
    english_numbers,
    html_headings,
    html_text,
    pdf_pages,
    pptx_text,
    xlsx_labels,
)
from conftest import DEMO_DIR, require_shared
from pptx import Presentation
from pypdf import PdfReader

from ppsp_analysis import load_package
from ppsp_analysis._errors import ParameterError
from ppsp_analysis.io.report_file import read_report
from ppsp_analysis.io.writers import CSV_OPTIONS
from ppsp_analysis.report import runner
from ppsp_analysis.report.params import ReportParams

CSV_READ = {"sep": CSV_OPTIONS["sep"], "decimal": CSV_OPTIONS["decimal"]}

HOSTILE = "<script>alert(1)</script>"
FORMULA = "+cmd|' /C calc'!A0"  # DDE-style injection typed as a name
EXPECTED = ["laporan_area_berisiko.html", "laporan_area_berisiko.pdf",
            "laporan_area_berisiko.docx", "laporan_monev.html", "laporan_monev.pdf",
            "laporan_monev.docx", "tabel.xlsx", "area_berisiko.gpkg", "ringkasan.json",
            "paparan.pptx", "peta_interaktif.html", "skor_desa.csv", "lembar_advokasi.pdf",
            "notebook/laporan_area_berisiko.ipynb", "notebook/laporan_monev.ipynb",
            "notebook/laporan_area_berisiko.laporan.json", "notebook/laporan_monev.laporan.json",
            "notebook/lembar_advokasi.laporan.json", "notebook/gambar/grafik_pendanaan.png",
            "peta/peta_gabungan_a3.pdf", "peta/peta_gabungan_a3.png",
            "peta/peta_kecamatan_a3.pdf", "peta/peta_kecamatan_a4.png",
            "peta/peta_air_limbah_a4.pdf"]
KINDS = ("area_berisiko", "monev")


def _rename_desa(pkg: Path, code: str, name: str) -> None:
    desa = gpd.read_file(pkg / "batas.gpkg", layer="desa")
    desa.loc[desa["kode_desa"] == code, "nama_desa"] = name
    layers = {n: gpd.read_file(pkg / "batas.gpkg", layer=n)
              for n, _ in pyogrio.list_layers(pkg / "batas.gpkg") if n != "desa"}
    (pkg / "batas.gpkg").unlink()
    desa.to_file(pkg / "batas.gpkg", layer="desa")
    for n, layer in layers.items():
        layer.to_file(pkg / "batas.gpkg", layer=n)
    wb = openpyxl.load_workbook(pkg / "instrumen.xlsx")
    ws = wb["Form2"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("kode_desa")].value == code:
            row[head.index("nama_desa")].value = name
    wb.save(pkg / "instrumen.xlsx")


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("run")
    pkg = base / "paket"
    shutil.copytree(DEMO_DIR / "99.03-kota-bandar-fiktif", pkg)
    _rename_desa(pkg, "99.03.01.1001", HOSTILE)
    _rename_desa(pkg, "99.03.01.1002", FORMULA)
    rec = runner.run_report(pkg, base / "out")
    rec.paket = pkg
    return rec


def _model(run, kind: str):
    return read_report(run.folder / "notebook" / f"laporan_{kind}.laporan.json")


def test_every_output_is_written(small_run):
    for name in EXPECTED:
        assert name in small_run.outputs, name
    assert not [o for o in small_run.outputs if ".tmp" in o or o.endswith(".pkl")]


def test_every_rendering_carries_the_same_sections_and_numbers(small_run):
    """HTML, PDF, Word and slides of one run: the same section titles, in the same order,
    and the same key numbers (with units), read back from each file."""
    folder = small_run.folder
    slides = pptx_text(folder / "paparan.pptx")
    for kind in KINDS:
        model = _model(small_run, kind)
        titles = [f"{i}. {s.title}" for i, s in enumerate(model.sections, start=1)]
        assert html_headings(folder / f"laporan_{kind}.html") == titles
        word = docx.Document(str(folder / f"laporan_{kind}.docx"))
        assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == titles
        pages = pdf_pages(folder / f"laporan_{kind}.pdf")
        body = " ".join(pages[2:])  # after the cover and the contents
        where = [body.find(t) for t in titles]
        assert -1 not in where and where == sorted(where), list(zip(titles, where, strict=True))
        where = [slides.find(t, slides.find(model.title)) for t in titles]
        assert -1 not in where and where == sorted(where)
        texts = {"html": html_text(folder / f"laporan_{kind}.html"), "pdf": " ".join(pages),
                 "docx": docx_text(folder / f"laporan_{kind}.docx"), "pptx": slides}
        assert model.key_numbers
        for k in model.key_numbers:
            for fmt_name, text in texts.items():
                assert k.text in text, (kind, fmt_name, k.label, k.text)


def test_executed_notebook_reruns_alone_and_reproduces_ringkasan(small_run, tmp_path):
    """The audit log: papermill on the executed notebooks, in an empty folder, gives the
    key numbers of ringkasan.json again (the figures are redrawn there when absent)."""
    import papermill as pm

    summary = json.loads((small_run.folder / "ringkasan.json").read_text(encoding="utf-8"))
    empty = tmp_path / "ulang"
    empty.mkdir()
    for kind in KINDS:
        pm.execute_notebook(str(small_run.folder / "notebook" / f"laporan_{kind}.ipynb"),
                            str(empty / f"laporan_{kind}.ipynb"), cwd=str(empty),
                            kernel_name="python3", progress_bar=False)
    area = json.loads((empty / "laporan_area_berisiko.laporan.json").read_text("utf-8"))
    monev = json.loads((empty / "laporan_monev.laporan.json").read_text("utf-8"))
    assert {**area["ringkasan"], "monev": monev["ringkasan"]} == summary
    assert sorted(p.name for p in (empty / "gambar").iterdir())  # maps drawn here


def test_html_is_offline_escaped_and_without_code(small_run):
    for name in ("laporan_area_berisiko.html", "laporan_monev.html"):
        page = (small_run.folder / name).read_text(encoding="utf-8")
        assert "<script" not in page.lower().replace("&lt;script", "")
        assert "src=\"http" not in page and "href=\"http" not in page
        assert "nb.show" not in page and "from ppsp_analysis" not in page  # no code cells
        assert "jejak audit" not in page  # the notebook-only cell is left out
        assert "data:image/png;base64," in page
        assert "DATA SINTETIS" in page
        # every picture says what it shows: its caption as alt text, not nbconvert's English
        # placeholder
        from ppsp_analysis.io.report_file import read_report
        from ppsp_analysis.report.model import Figure

        report = read_report(small_run.folder / "notebook" / name.replace(
            ".html", ".laporan.json"))
        captions = [b.caption for sec in report.sections for b in sec.blocks
                    if isinstance(b, Figure)]
        alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
        assert len(alts) == page.count("<img ") == len(captions) > 0, name
        assert alts == captions, name
        assert "No description" not in page
    area = (small_run.folder / "laporan_area_berisiko.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in area
    assert HOSTILE not in area
    for title in ("Ringkasan Eksekutif", "Profil Wilayah", "Hasil Studi EHRA", "Data Sekunder",
                  "Persepsi OPD", "Area Berisiko per Komponen",
                  "Daftar Kelurahan Prioritas", "Override Pokja",
                  "Metode dan Asumsi", "Sumber Data"):
        assert title in area


def _texts(run) -> dict[str, str]:
    """Every text output of a run, as words."""
    f = run.folder
    out = {name: html_text(f / name) for name in ("laporan_area_berisiko.html",
                                                   "laporan_monev.html", "peta_interaktif.html")}
    for kind in KINDS:
        out[f"laporan_{kind}.pdf"] = " ".join(pdf_pages(f / f"laporan_{kind}.pdf"))
        out[f"laporan_{kind}.docx"] = docx_text(f / f"laporan_{kind}.docx")
    out["paparan.pptx"] = pptx_text(f / "paparan.pptx")
    out["lembar_advokasi.pdf"] = " ".join(pdf_pages(f / "lembar_advokasi.pdf"))
    out["tabel.xlsx"] = xlsx_labels(f / "tabel.xlsx")
    out["skor_desa.xlsx"] = xlsx_labels(f / "skor_desa.xlsx")
    page = (f / "peta_interaktif.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="ppsp-data">(.*?)</script>', page, re.S).group(1))
    out["peta_interaktif.html (data)"] = " ".join(
        str(v) for d in data["desa"] for v in d["v"] if v is not None) + " " + " ".join(
        c["n"] for t in data["themes"] for c in t["classes"])
    return out


def _user_strings(pkg_dir: Path) -> list[str]:
    """Every text the user typed in the package (names, parties, reasons …)."""
    pkg = load_package(pkg_dir)
    words = {str(v) for df in pkg.sheets.values() for col in df.columns
             if df[col].dtype == object for v in df[col].dropna()}
    words |= {str(v) for v in pkg.form1.values() if isinstance(v, str)}
    words |= set(pkg.desa["nama_desa"].astype(str))
    return sorted((w for w in words if len(w) > 2), key=len, reverse=True)


def test_the_kota_never_calls_a_kelurahan_desa(small_run):
    """The demo kota has only kelurahan (codes PP.KK.CC.1xxx): no text the toolkit writes
    says "desa" (the names users typed, and the fund *Dana Desa*, aside)."""
    user = _user_strings(small_run.paket)
    for name, text in _texts(small_run).items():
        for w in user:
            text = text.replace(w, " ")
        text = text.replace("Dana Desa", " ")
        found = re.findall(r"(?i)(?<![\w/])desa(?:/kelurahan)?(?![\w])", text)
        assert not found, (name, found[:5],
                           re.findall(r"(?i).{40}(?<![\w/])desa(?![\w]).{20}", text)[:3])
        assert "kelurahan" in text.lower(), name


def test_no_english_style_number_in_any_text_output(small_run):
    pkg = load_package(small_run.paket)
    codes = [pkg.kode, *pkg.desa["kode_desa"], *pkg.desa["kode_kec"],
             *[_model(small_run, k).meta["versi_metode"] for k in KINDS]]
    for name, text in _texts(small_run).items():
        # SSK chapter-5 table numbers are written as in the SSK document ("tabel 5.1")
        ssk_tables = ["tabel 5.1 SSK", "tabel 5.2 SSK", "tabel 5.1 dan 5.2", "Tabel 5.1",
                      "Tabel 5.2"]
        found = english_numbers(text, allowed=codes + ["katalog monev 1.0", *ssk_tables])
        assert not found, (name, found[:10])


def test_executed_notebooks_are_the_audit_log(small_run):
    nb = nbformat.read(small_run.folder / "notebook/laporan_area_berisiko.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert ["injected-parameters"] in tags
    assert all(c.get("outputs") is not None for c in nb.cells if c.cell_type == "code")
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)


def test_pdf_reports(small_run):
    for name, title in (("laporan_area_berisiko.pdf", "Laporan Area Berisiko Sanitasi"),
                        ("laporan_monev.pdf", "Monitoring dan Evaluasi")):
        reader = PdfReader(small_run.folder / name)
        assert len(reader.pages) >= 5
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
        text = "\n".join(pdf_pages(small_run.folder / name))
        assert title in text and "Kota Bandar Fiktif" in text and "Daftar Isi" in text
        assert "DATA SINTETIS" in text and "Halaman 1" in text


def test_workbook_gpkg_json_slides(small_run):
    wb = openpyxl.load_workbook(small_run.folder / "tabel.xlsx")
    assert wb.sheetnames[0] == "Daftar Tabel"
    # row 1 titles, row 2 keys (the Excel Table's header), data from row 3, ids frozen
    for sheet, frozen in (("Profil Wilayah", "C3"), ("Area Berisiko", "D3"),
                          ("Kelurahan Prioritas", "D3"), ("Metode dan Asumsi", "A3")):
        assert sheet in wb.sheetnames
        assert wb[sheet].freeze_panes == frozen
        (table,) = wb[sheet].tables.values()
        assert table.ref.startswith("A2:") and table.autoFilter is not None
    assert [c.value for c in wb["Area Berisiko"][1]][:4] == [
        "No. peta", "Nama kelurahan", "Kode kelurahan", "Nama kecamatan"]
    assert [c.value for c in wb["Area Berisiko"][2]][:5] == ["no_peta", "nama_desa", "kode_desa",
                                                             "nama_kec", "impact"]
    # kode_desa beside every desa name (two desa can share a name)
    for ws in wb.worksheets:
        keys = [c.value for c in ws[2]] if ws.max_row > 1 else []
        if "nama_desa" in keys:
            assert keys[keys.index("nama_desa") + 1] == "kode_desa", ws.title
    assert wb["Area Berisiko"]["E3"].number_format == "0.00"  # IMPACT, after the ids
    assert wb["Profil Wilayah"]["D3"].number_format == "#,##0"
    monev = [s for s in wb.sheetnames if s.startswith("Monev")]
    assert "Monev Grafik" in monev and all(len(s) <= 31 for s in wb.sheetnames)
    assert len(wb["Monev Grafik"]._charts) >= 2  # access trends and budget by source
    program = wb["Monev Program Rencana Realisasi"]
    rp = [c.value for c in program[2]].index("realisasi_rp") + 1
    assert program.cell(3, rp).number_format == '"Rp" #,##0'
    names = [r[1].value for r in wb["Area Berisiko"].iter_rows(min_row=3)]  # after no_peta
    assert "'" + FORMULA in names and FORMULA not in names  # formula injection neutralised
    skor = openpyxl.load_workbook(small_run.folder / "skor_desa.xlsx")
    assert skor.sheetnames == ["skor_desa", "Keterangan Kolom"]
    csv = pd.read_csv(small_run.folder / "skor_desa.csv", **CSV_READ)
    assert "'" + FORMULA in set(csv["nama_desa"])
    assert [n for n, _ in pyogrio.list_layers(small_run.folder / "area_berisiko.gpkg")] == [
        "desa", "kecamatan", "kabupaten", "layer_styles"]
    gpkg = gpd.read_file(small_run.folder / "area_berisiko.gpkg", layer="desa")
    assert len(gpkg) == 28 and gpkg["kode_desa"].is_unique and gpkg.crs is not None
    kec = gpd.read_file(small_run.folder / "area_berisiko.gpkg", layer="kecamatan")
    assert kec["jumlah_desa"].sum() == 28 and set(kec["kode_kec"]) == set(gpkg["kode_kec"])
    summary = json.loads((small_run.folder / "ringkasan.json").read_text())
    for key in ("kode_kabupaten", "jumlah_desa", "kelas", "prioritas", "persen_desa_prioritas",
                "ambang_prioritas", "monev"):
        assert key in summary
    assert summary["jumlah_desa"] == 28 and summary["satuan_wilayah"] == "kelurahan"
    assert "sanitasi_layak" in summary["monev"]
    slides = Presentation(small_run.folder / "paparan.pptx").slides
    models = [_model(small_run, k) for k in KINDS]
    # each report's slides, then one slide of the advocacy brief
    assert len(slides) == sum(2 + len(m.sections) + len(m.figures()) for m in models) + 1
    last = " ".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    brief = read_report(small_run.folder / "notebook" / "lembar_advokasi.laporan.json")
    assert brief.title in last and brief.sections[0].paragraphs()[0] in last
    assert sum(sh.shape_type == 13 for sh in slides[-1].shapes) == 2  # chart and map
    # the funding tables of the monev model are sheets of tabel.xlsx (titles in Daftar Tabel)
    contents = {r[2] for r in wb["Daftar Tabel"].iter_rows(min_row=3, values_only=True)}
    for name in ("tabel_5_1", "tabel_5_2", "komitmen_per_pihak", "tindak_lanjut_terlambat",
                 "lokus_kategori", "kelas_lokus"):
        table = _model(small_run, "monev").table(name)
        assert len(table) and f"Monev {table.title}" in contents, name
    pihak = _model(small_run, "monev").table("komitmen_per_pihak").data
    assert pihak["jenis_pihak"].iloc[-1] == "Jumlah"
    assert pihak["dikomitmenkan_rp"].iloc[-1] == pytest.approx(
        pihak["dikomitmenkan_rp"].iloc[:-1].sum())
    kelas = _model(small_run, "monev").table("kelas_lokus")
    assert kelas.data["jumlah_desa"].sum() == 28
    assert kelas.columns[3].title == "Kelurahan lokus stunting"


def test_unknown_parameter_fails_before_execution(tmp_path):
    with pytest.raises(ParameterError, match="tahunn"):
        ReportParams.from_dict({"paket": "x", "tahunn": 2026})
    with pytest.raises(ParameterError):
        ReportParams.from_dict({"paket": "x", "tahun": "2026"})
    src = tmp_path / "nb"
    src.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("paket = None")])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, src / "x.ipynb")
    with pytest.raises(runner.ReportError, match="tidak mendeklarasikan parameter"):
        runner.execute_notebook("x", src, tmp_path / "out.ipynb",
                                ReportParams(paket="p", tahun=2026))
    assert not (tmp_path / "out.ipynb").exists()


DRAFT = runner.MapOptions(papers=("A4",), dpi=60, formats=("png",))


def test_failing_cell_names_notebook_cell_error_and_writes_nothing(tmp_path, monkeypatch,
                                                                    tiny_packages):
    nbs = tmp_path / "notebooks"
    shutil.copytree(runner.notebooks_dir(), nbs, ignore=shutil.ignore_patterns("kernel-*"))
    nb = nbformat.read(nbs / "laporan_monev.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, nbs / "laporan_monev.ipynb")
    monkeypatch.setattr(runner, "notebooks_dir", lambda: nbs)
    out = tmp_path / "out"
    with pytest.raises(runner.ReportError) as err:
        runner.run_report(tiny_packages[2], out, maps=DRAFT)
    msg = str(err.value)
    assert "laporan_monev.ipynb" in msg and "ZeroDivisionError" in msg and "sel" in msg
    assert not (out / "2026" / "99.03-kota-bandar-fiktif").exists()
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_cli_run_reports_errors_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", "run",
                           str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.shared
def test_kapuas_real_boundaries_full_run(tmp_path):
    shared = require_shared()
    pkg = tmp_path / "62.03"
    subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", "demo-data", "--boundaries",
                    str(shared / "desa.geojson"), "--kabupaten", "62.03", "--out", str(pkg)],
                   check=True, capture_output=True)
    # the full A3/A4 sheet set of Kapuas is drawn and checked in test_maps.py
    rec = runner.run_report(pkg, tmp_path / "out",
                            maps=runner.MapOptions(papers=("A4",), dpi=100, formats=("png",)))
    for name in EXPECTED:
        if not name.startswith("peta/"):
            assert name in rec.outputs, name
    assert "peta/peta_gabungan_a4.png" in rec.outputs
    summary = json.loads((rec.folder / "ringkasan.json").read_text())
    assert summary["jumlah_desa"] == 231 and summary["nama_kabupaten"] == "Kabupaten Kapuas"
    text = "".join(pdf_pages(rec.folder / "laporan_area_berisiko.pdf")[:3])
    assert "Kabupaten Kapuas" in text


def test_package_without_ehra_or_monev_sheets_still_reports(tmp_path, tiny_packages):
    """Akses/Program/Anggaran/Target/Komitmen/Override may be empty and EHRA absent."""
    pkg = tmp_path / "paket"
    shutil.copytree(tiny_packages[2], pkg)
    wb = openpyxl.load_workbook(pkg / "instrumen.xlsx")
    for name in ("Akses", "Program", "Anggaran", "Target", "Komitmen", "Override"):
        wb[name].delete_rows(2, wb[name].max_row)
    wb.save(pkg / "instrumen.xlsx")
    (pkg / "ehra.csv").unlink()
    rec = runner.run_report(pkg, tmp_path / "out", maps=DRAFT)
    monev = (rec.folder / "laporan_monev.html").read_text(encoding="utf-8")
    assert "sheet Akses kosong" in monev
    area = (rec.folder / "laporan_area_berisiko.html").read_text(encoding="utf-8")
    assert "data EHRA belum tersedia" in area


def test_cli_maps_writes_the_sheet_set(tmp_path, tiny_packages):
    from ppsp_analysis.cli import main

    out = tmp_path / "peta_out"
    assert main(["maps", str(tiny_packages[1]), "--out", str(out), "--kertas", "A4",
                 "--dpi", "60", "--format-peta", "png"]) == 0
    names = sorted(p.name for p in (out / "peta").iterdir())
    assert names == sorted(f"peta_{t}_a4.png" for t in (
        "air_limbah", "persampahan", "drainase", "gabungan", "irs", "strata", "kecamatan"))
    assert (out / "peta_interaktif.html").is_file()


def test_exploration_notebook_runs(tmp_path, tiny_packages):
    """eksplorasi.ipynb (for analysts) executes end to end on a small package."""
    import papermill as pm

    out = tmp_path / "eksplorasi.ipynb"
    pm.execute_notebook(str(runner.notebooks_dir() / "eksplorasi.ipynb"), str(out),
                        parameters={"paket": str(tiny_packages[0])}, kernel_name="python3",
                        cwd=str(runner.notebooks_dir()), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the map is shown


def test_threshold_four_every_output_agrees(tmp_path, tiny_packages):
    """``ambang_prioritas: 4`` in metode.yaml: the scored table, the summary, the monev
    targeting, the workbook, the GeoPackage, the interactive map and every document agree on
    the smaller priority set, and no text says "kelas 3–4"."""
    pkg = tmp_path / "paket"
    shutil.copytree(tiny_packages[0], pkg)
    (pkg / "metode.yaml").write_text("area_berisiko:\n  ambang_prioritas: 4\n",
                                     encoding="utf-8")
    rec = runner.run_report(pkg, tmp_path / "out", maps=DRAFT)
    scored = pd.read_csv(rec.folder / "skor_desa.csv", dtype={"kode_desa": str}, **CSV_READ)
    expected = sorted(scored.loc[scored["kelas_gabungan"] == 4, "kode_desa"])
    assert expected and len(expected) < int((scored["kelas_gabungan"] >= 3).sum())
    assert sorted(scored.loc[scored["prioritas_gabungan"], "kode_desa"]) == expected
    summary = json.loads((rec.folder / "ringkasan.json").read_text(encoding="utf-8"))
    assert summary["ambang_prioritas"] == 4 and summary["desa_prioritas"] == expected
    assert summary["prioritas"]["gabungan"] == len(expected)
    assert summary["monev"]["ambang_prioritas"] == 4
    assert summary["monev"]["desa_prioritas_gabungan"] == len(expected)
    wb = openpyxl.load_workbook(rec.folder / "tabel.xlsx")
    [sheet] = [ws for ws in wb.worksheets if ws.title.endswith("Prioritas")
               and not ws.title.startswith("Monev")]
    keys = [c.value for c in sheet[2]]
    codes = [r[keys.index("kode_desa")] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(c for c in codes if c) == expected
    gpkg = gpd.read_file(rec.folder / "area_berisiko.gpkg", layer="desa")
    assert sorted(gpkg.loc[gpkg["prioritas_gabungan"].astype(bool), "kode_desa"]) == expected
    sasaran = _model(rec, "monev").table("sasaran").data
    kelas = scored.set_index("kode_desa")
    for label, comp in (("Air limbah domestik", "air_limbah"), ("Persampahan", "persampahan")):
        row = sasaran[sasaran["komponen"] == label]
        if len(row):
            assert int(row["desa_prioritas"].iloc[0]) == int((kelas[f"kelas_{comp}"] == 4).sum())
    page = (rec.folder / "peta_interaktif.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="ppsp-data">(.*?)</script>', page, re.S).group(1))
    j = data["fields"].index("Prioritas gabungan")
    assert sum(d["v"][j] is True for d in data["desa"]) == len(expected)
    for name, text in _texts(rec).items():
        assert "kelas 3–4" not in text and "3–4)" not in text, name
        if name.startswith(("laporan_area", "paparan")):
            assert "kelas 4" in text, name
