"""One bad input per validation rule. Each case copies the small demo package
(Kota Bandar Fiktif, 28 desa) into tmp_path, breaks exactly one thing, and checks that

* the problem names file, sheet, row and column (the ``Problem`` fields and its text), and
* ``ppsp validate DIR`` exits 2 with a plain message, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import Polygon

from ppsp_analysis._errors import Problem
from ppsp_analysis.cli import main
from ppsp_analysis.io import read_package
from ppsp_analysis.validation import validate_package

SMALL = "99.03-kota-bandar-fiktif"
WB = "instrumen.xlsx"
BATAS = "batas.gpkg"


@pytest.fixture()
def pkg_dir(tmp_path, demo_dir) -> Path:
    target = tmp_path / SMALL
    shutil.copytree(demo_dir / SMALL, target)
    return target


# --- helpers ----------------------------------------------------------------------------------


def problems_of(pkg_dir: Path) -> list[Problem]:
    pkg, problems = read_package(pkg_dir)
    if pkg is not None:
        problems += validate_package(pkg)
    return problems


def edit_workbook(pkg_dir: Path, edit) -> None:
    path = pkg_dir / WB
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)


def col_index(ws, name: str) -> int:
    header = [c.value for c in ws[1]]
    return header.index(name) + 1


def set_cell(pkg_dir: Path, sheet: str, row: int, column: str, value) -> None:
    def edit(wb):
        ws = wb[sheet]
        ws.cell(row=row, column=col_index(ws, column)).value = value    # None clears it
    edit_workbook(pkg_dir, edit)


def get_cell(pkg_dir: Path, sheet: str, row: int, column: str):
    ws = openpyxl.load_workbook(pkg_dir / WB, read_only=True)[sheet]
    return next(ws.iter_rows(min_row=row, max_row=row, values_only=True))[
        col_index(ws, column) - 1]


def rewrite_boundaries(pkg_dir: Path, edit) -> None:
    """Rewrite batas.gpkg as the desa layer with ``edit(desa)`` applied (the optional context
    layers are left out: they are not checked)."""
    path = pkg_dir / BATAS
    desa = edit(gpd.read_file(path, layer="desa"))
    path.unlink()
    desa.to_file(path, layer="desa", driver="GPKG")


def located(problems, *, file, sheet, row, column, text, severity="error") -> Problem:
    """The one problem at this place, checked field by field and in its printed form."""
    hits = [p for p in problems if p.file == file and p.sheet == sheet and p.row == row
            and p.column == column and text in p.message and p.severity == severity]
    assert hits, "no problem at {}/{}/{}/{} containing {!r}; got:\n{}".format(
        file, sheet, row, column, text, "\n".join(f"{p!r}" for p in problems))
    shown = str(hits[0])
    assert shown.startswith(file)
    if sheet:
        assert f"sheet {sheet}" in shown
    if row is not None:
        assert f"baris {row}" in shown
    if column:
        assert f"kolom {column}" in shown
    return hits[0]


@pytest.fixture()
def cli_validate(monkeypatch):
    """Run ``ppsp validate DIR`` in-process and return the problems it found.

    An exception escaping ``main`` (a traceback for the user) fails the test; the exit
    status is checked. The problems are recorded by spying on ``read_package`` and
    ``validate_package``, so the package is read only once (re-read if the spies missed).
    """
    import ppsp_analysis.io.package as io_package
    import ppsp_analysis.validation as validation

    def run(pkg_dir: Path, expect: int = 2) -> list[Problem]:
        read, checked = [], []
        original_read, original_check = io_package.read_package, validation.validate_package

        def spy_read(path):
            pkg, problems = original_read(path)
            read.append((pkg, list(problems)))
            return pkg, problems

        def spy_check(pkg):
            problems = original_check(pkg)
            checked.append(list(problems))
            return problems

        with monkeypatch.context() as m:
            m.setattr(io_package, "read_package", spy_read)
            m.setattr(validation, "validate_package", spy_check)
            assert main(["validate", str(pkg_dir)]) == expect
        if len(read) != 1 or (read[0][0] is not None and len(checked) != 1):
            return problems_of(pkg_dir)
        return read[0][1] + (checked[0] if checked else [])

    return run


def cli_validate_subprocess(pkg_dir: Path, expect: int = 2) -> str:
    """Run ``python -m ppsp_analysis.cli validate`` in a fresh interpreter; return stderr."""
    r = subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", "validate", str(pkg_dir)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == expect, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    return r.stderr


# --- the unmodified copy is clean -------------------------------------------------------------


def test_unmodified_copy_has_no_errors(pkg_dir, cli_validate):
    assert [p for p in cli_validate(pkg_dir, expect=0) if p.severity == "error"] == []


# --- workbook structure -----------------------------------------------------------------------


@pytest.mark.parametrize("sheet", ["OPD", "Form2", "Persepsi"])
def test_missing_sheet(pkg_dir, sheet, cli_validate):
    edit_workbook(pkg_dir, lambda wb: wb.remove(wb[sheet]))
    located(cli_validate(pkg_dir), file=WB, sheet=sheet, row=None, column=None,
                text="sheet wajib tidak ada")


def test_missing_column(pkg_dir, cli_validate):
    def edit(wb):
        ws = wb["Form2"]
        ws.delete_cols(col_index(ws, "penduduk"))
    edit_workbook(pkg_dir, edit)
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=None, column="penduduk",
                text="kolom wajib tidak ada")


def test_missing_column_in_boundaries(pkg_dir, cli_validate):
    rewrite_boundaries(pkg_dir, lambda d: d.drop(columns="nama_desa"))
    located(cli_validate(pkg_dir), file=BATAS, sheet="desa", row=None, column="nama_desa",
            text="kolom wajib tidak ada")


def test_text_in_numeric_cell(pkg_dir, cli_validate):
    set_cell(pkg_dir, "Form2", 4, "jumlah_kk", "seribu")
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=4, column="jumlah_kk",
            text="bukan angka")


# --- desa codes -------------------------------------------------------------------------------


def test_unknown_desa_code(pkg_dir, cli_validate):
    set_cell(pkg_dir, "Form2", 5, "kode_desa", "99.03.09.9999")
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=5, column="kode_desa",
                text="99.03.09.9999 tidak ada di file batas")


def test_duplicate_desa_code_in_form2(pkg_dir, cli_validate):
    def edit(wb):
        ws = wb["Form2"]
        ws.append([c.value for c in ws[2]])          # a copy of the first desa at row 30
    edit_workbook(pkg_dir, edit)
    code = get_cell(pkg_dir, "Form2", 2, "kode_desa")
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=30, column="kode_desa",
                text=f"kode desa {code} muncul lebih dari sekali")


def test_duplicate_desa_code_in_boundaries(pkg_dir, cli_validate):
    def edit(d):
        d.loc[2, "kode_desa"] = d.loc[1, "kode_desa"]   # feature 3 repeats feature 2's code
        return d
    rewrite_boundaries(pkg_dir, edit)
    located(cli_validate(pkg_dir), file=BATAS, sheet="desa", row=3, column="kode_desa",
            text="muncul lebih dari sekali")


def test_desa_in_boundaries_but_not_in_workbook(pkg_dir, cli_validate):
    code = get_cell(pkg_dir, "Form2", 6, "kode_desa")
    edit_workbook(pkg_dir, lambda wb: wb["Form2"].delete_rows(6))
    feature = gpd.read_file(pkg_dir / BATAS, layer="desa")["kode_desa"].tolist().index(code) + 1
    p = located(cli_validate(pkg_dir), file=BATAS, sheet="desa", row=feature,
                column="kode_desa", text=f"desa {code}")
    assert "Form2" in p.message


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [5, 2.5])
def test_perception_score_outside_1_to_4(pkg_dir, score, cli_validate):
    set_cell(pkg_dir, "Persepsi", 7, "air_limbah", score)
    located(cli_validate(pkg_dir), file=WB, sheet="Persepsi", row=7, column="air_limbah",
                text="di luar 1–4")


def test_fewer_than_5_opd(pkg_dir, cli_validate):
    edit_workbook(pkg_dir, lambda wb: wb["OPD"].delete_rows(6, 5))     # 9 OPD -> 4
    p = located(cli_validate(pkg_dir), file=WB, sheet="OPD", row=None, column="kode_opd",
                text="jumlah OPD 4")
    assert "5 sampai 9" in p.message


def test_more_than_9_opd(pkg_dir, cli_validate):
    edit_workbook(pkg_dir, lambda wb: wb["OPD"].append(["BAPENDA", "Badan Pendapatan Daerah"]))
    located(cli_validate(pkg_dir), file=WB, sheet="OPD", row=None, column="kode_opd",
                text="jumlah OPD 10")


@pytest.mark.parametrize("value", [120, -5])
def test_percentage_outside_0_100(pkg_dir, value, cli_validate):
    set_cell(pkg_dir, "Form2", 6, "pct_sampah_terangkut", value)
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=6,
                column="pct_sampah_terangkut", text="di luar 0–100")


def test_count_larger_than_jumlah_kk_is_a_percentage_outside_0_100(pkg_dir, cli_validate):
    kk = get_cell(pkg_dir, "Form2", 3, "jumlah_kk")
    set_cell(pkg_dir, "Form2", 3, "kk_miskin", kk + 1)
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=3, column="kk_miskin",
            text="di luar 0–100")


def test_negative_population(pkg_dir):
    set_cell(pkg_dir, "Form2", 8, "penduduk", -10)
    p = located(problems_of(pkg_dir), file=WB, sheet="Form2", row=8, column="penduduk",
                text="nilai negatif (-10)")
    assert str(p) in cli_validate_subprocess(pkg_dir)


def test_area_zero(pkg_dir, cli_validate):
    set_cell(pkg_dir, "Form2", 9, "luas_ha", 0)
    located(cli_validate(pkg_dir), file=WB, sheet="Form2", row=9, column="luas_ha",
                text="luas wilayah nol")


def test_override_without_reason(pkg_dir, cli_validate):
    set_cell(pkg_dir, "Override", 2, "alasan", None)
    located(cli_validate(pkg_dir), file=WB, sheet="Override", row=2, column="alasan",
            text="wajib disertai alasan")


def test_ehra_unknown_desa_code(pkg_dir, cli_validate):
    path = pkg_dir / "ehra.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[3].split(",")                          # data line 3 = CSV line 4
    cells[head.index("kode_desa")] = "99.03.09.9999"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    located(cli_validate(pkg_dir), file="ehra.csv", sheet=None, row=4, column="kode_desa",
            text="99.03.09.9999 tidak ada di file batas")


# --- boundaries -------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_missing_crs(pkg_dir):
    rewrite_boundaries(pkg_dir, lambda d: d.set_crs(None, allow_override=True))
    p = located(problems_of(pkg_dir), file=BATAS, sheet="desa", row=None, column=None,
                text="(CRS) tidak diketahui")
    assert p.hint and "EPSG:4326" in p.hint
    assert str(p) in cli_validate_subprocess(pkg_dir)


def _bounds_of_feature(d, i):
    return d.geometry.iloc[i].bounds


def test_invalid_geometry_unrepairable_is_an_error(pkg_dir):
    def edit(d):
        x0, y0, x1, _ = _bounds_of_feature(d, 3)
        # a "polygon" whose vertices are all on one line: nothing polygonal to repair
        d.loc[3, "geometry"] = Polygon([(x0, y0), (x1, y0), ((x0 + x1) / 2, y0), (x0, y0)])
        return d
    rewrite_boundaries(pkg_dir, edit)
    p = located(problems_of(pkg_dir), file=BATAS, sheet="desa", row=4, column="geometry",
                text="tidak dapat diperbaiki")
    assert "QGIS" in p.hint
    assert "baris 4, kolom geometry" in cli_validate_subprocess(pkg_dir)


def test_invalid_geometry_repairable_bow_tie_is_only_a_warning(pkg_dir, cli_validate):
    def edit(d):
        x0, y0, x1, y1 = _bounds_of_feature(d, 3)
        d.loc[3, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])   # bow-tie
        return d
    rewrite_boundaries(pkg_dir, edit)
    # the CLI must not crash; a warning leaves exit 0
    problems = cli_validate(pkg_dir, expect=0)
    located(problems, file=BATAS, sheet="desa", row=4, column="geometry",
            text="diperbaiki otomatis", severity="warning")
    assert [p for p in problems if p.severity == "error"] == []


def test_every_problem_is_reported_at_once(pkg_dir, cli_validate):
    set_cell(pkg_dir, "Form2", 5, "penduduk", -1)
    set_cell(pkg_dir, "Form2", 7, "pct_sampah_terangkut", 150)
    set_cell(pkg_dir, "Persepsi", 10, "drainase", 9)
    problems = [p for p in cli_validate(pkg_dir) if p.severity == "error"]
    assert {(p.sheet, p.row, p.column) for p in problems} >= {
        ("Form2", 5, "penduduk"), ("Form2", 7, "pct_sampah_terangkut"),
        ("Persepsi", 10, "drainase")}


def test_missing_folder_exits_2(tmp_path, cli_validate):
    problems = cli_validate(tmp_path / "tidak-ada")
    assert "tidak ditemukan" in problems[0].message


def test_load_package_reuses_an_unchanged_package_and_rereads_a_changed_one(tmp_path):
    """The second notebook of a run gets the package its warm kernel read for the first
    one (a copy: changing it changes nothing kept); any file changed → read again."""
    import os
    import shutil

    from conftest import write_tiny_packages

    from ppsp_analysis.io import package as package_io

    src = write_tiny_packages(tmp_path / "src", n_desa=6)[0]
    pkg_dir = tmp_path / "paket"
    shutil.copytree(src, pkg_dir)
    calls = []
    original = package_io.read_package

    def counted(path):
        calls.append(path)
        return original(path)

    package_io.read_package = counted
    try:
        first = package_io.load_package(pkg_dir)
        first.method["kelas"]["jumlah"] = 99  # a notebook's own override
        first.form1["nama_pokja"] = "diubah"
        second = package_io.load_package(pkg_dir)
        assert len(calls) == 1
        assert second.method["kelas"]["jumlah"] != 99
        assert second.form1["nama_pokja"] != "diubah"
        assert second.desa.equals(first.desa)
        workbook = pkg_dir / "instrumen.xlsx"
        st = workbook.stat()
        os.utime(workbook, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        package_io.load_package(pkg_dir)
        assert len(calls) == 1  # touched, same contents: still the same package
        (pkg_dir / "ehra.csv").write_bytes((pkg_dir / "ehra.csv").read_bytes() + b"\n")
        package_io.load_package(pkg_dir)
        assert len(calls) == 2
        (pkg_dir / "catatan.txt").write_text("baru")
        package_io.load_package(pkg_dir)
        assert len(calls) == 3
    finally:
        package_io.read_package = original


def test_a_kernel_takes_the_package_the_runner_shared(tmp_path, monkeypatch):
    """ppsp run leaves the package it read in its warm kernel's folder; the kernel, started
    with SHARE_ENV naming that folder, takes it while the files are unchanged, and reads the
    files once they changed."""
    import shutil

    from conftest import write_tiny_packages

    from ppsp_analysis.io import package as package_io

    pkg_dir = tmp_path / "paket"
    shutil.copytree(write_tiny_packages(tmp_path / "src", n_desa=5)[0], pkg_dir)
    runner_pkg = package_io.load_package(pkg_dir)
    kernel_folder = tmp_path / "kernel"  # the warm kernel's own temporary folder
    kernel_folder.mkdir()
    package_io.share_last_read(kernel_folder)
    # the kernel: another process, nothing read yet, its folder in its environment
    monkeypatch.setattr(package_io, "_LAST_READ", None)
    monkeypatch.setenv(package_io.SHARE_ENV, str(kernel_folder))
    calls = []
    original = package_io.read_package
    monkeypatch.setattr(package_io, "read_package", lambda p: calls.append(p) or original(p))
    kernel_pkg = package_io.load_package(pkg_dir)
    assert calls == [] and kernel_pkg.desa.equals(runner_pkg.desa)
    assert kernel_pkg.sheets.keys() == runner_pkg.sheets.keys()
    monkeypatch.setattr(package_io, "_LAST_READ", None)
    (pkg_dir / "ehra.csv").write_bytes((pkg_dir / "ehra.csv").read_bytes() + b"\n")
    package_io.load_package(pkg_dir)
    assert len(calls) == 1
