"""`ppsp run`: Papermill notebooks and every export, opened and checked.

One run on a small demo kabupaten whose desa names are hostile (HTML and formula injection),
one on the real Kapuas boundaries (synthetic attributes), plus the failure paths.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import nbformat
import openpyxl
import pandas as pd
import pyogrio
import pytest
from _text import pdf_pages
from conftest import DEMO_DIR, require_shared
from pptx import Presentation
from pypdf import PdfReader

from ppsp_analysis._errors import ParameterError
from ppsp_analysis.io.writers import CSV_OPTIONS
from ppsp_analysis.report import runner
from ppsp_analysis.report.params import ReportParams

CSV_READ = {"sep": CSV_OPTIONS["sep"], "decimal": CSV_OPTIONS["decimal"]}

HOSTILE = "<script>alert(1)</script>"
FORMULA = "+cmd|' /C calc'!A0"  # DDE-style injection typed as a name
EXPECTED = ["laporan_area_berisiko.html", "laporan_area_berisiko.pdf", "laporan_monev.html",
            "laporan_monev.pdf", "tabel.xlsx", "area_berisiko.gpkg", "ringkasan.json",
            "paparan.pptx", "peta_interaktif.html", "skor_desa.csv",
            "notebook/laporan_area_berisiko.ipynb", "notebook/laporan_monev.ipynb",
            "peta/peta_gabungan_a3.pdf", "peta/peta_gabungan_a3.png",
            "peta/peta_air_limbah_a4.pdf"]


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
    return rec


def test_every_output_is_written(small_run):
    for name in EXPECTED:
        assert name in small_run.outputs, name
    assert not [o for o in small_run.outputs if ".tmp" in o or o.endswith(".pkl")]


def test_html_is_offline_escaped_and_without_code(small_run):
    for name in ("laporan_area_berisiko.html", "laporan_monev.html"):
        page = (small_run.folder / name).read_text(encoding="utf-8")
        assert "<script" not in page.lower().replace("&lt;script", "")
        assert "src=\"http" not in page and "href=\"http" not in page
        assert "nb.show_" not in page and "from ppsp_analysis" not in page  # no code cells
        assert "data:image/png;base64," in page
        assert "DATA SINTETIS" in page
    area = (small_run.folder / "laporan_area_berisiko.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in area
    assert HOSTILE not in area
    for title in ("Ringkasan Eksekutif", "Profil Wilayah", "Hasil Studi EHRA", "Data Sekunder",
                  "Persepsi OPD", "Area Berisiko per Komponen", "Daftar Desa Prioritas",
                  "Override Pokja", "Metode dan Asumsi", "Sumber Data"):
        assert title in area


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
    for sheet, frozen in (("Profil Wilayah", "C3"), ("Area Berisiko", "B3"),
                          ("Desa Prioritas", "C3"), ("Metode dan Asumsi", "B3")):
        assert sheet in wb.sheetnames
        assert wb[sheet].freeze_panes == frozen
        (table,) = wb[sheet].tables.values()
        assert table.ref.startswith("A2:") and table.autoFilter is not None
    assert [c.value for c in wb["Area Berisiko"][1]][:3] == ["Desa", "Kecamatan", "IMPACT"]
    assert [c.value for c in wb["Area Berisiko"][2]][:3] == ["nama_desa", "nama_kec", "impact"]
    assert wb["Area Berisiko"]["C3"].number_format == "0.00"
    assert wb["Profil Wilayah"]["D3"].number_format == "#,##0"
    monev = [s for s in wb.sheetnames if s.startswith("Monev")]
    assert "Monev Grafik" in monev and all(len(s) <= 31 for s in wb.sheetnames)
    assert len(wb["Monev Grafik"]._charts) >= 2  # access trends and budget by source
    program = wb["Monev Program Rencana Realisasi"]
    rp = [c.value for c in program[2]].index("realisasi_rp") + 1
    assert program.cell(3, rp).number_format == '"Rp" #,##0'
    names = [r[0].value for r in wb["Area Berisiko"].iter_rows(min_row=3)]
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
                "monev"):
        assert key in summary
    assert summary["jumlah_desa"] == 28
    assert "sanitasi_layak" in summary["monev"]
    slides = Presentation(small_run.folder / "paparan.pptx").slides
    n_maps = len([o for o in small_run.outputs if o.startswith("grafik/peta_")
                  and not o.startswith("grafik/peta_sasaran")])
    assert len(slides) == 3 + n_maps + 1


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
        "air_limbah", "persampahan", "drainase", "gabungan", "irs", "strata"))
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
