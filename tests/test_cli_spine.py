"""The spine through the command line: demo data, ``ppsp validate``, ``ppsp score``.

User errors must exit 2 with a plain message, never a traceback (cli.py docstring).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ppsp_analysis.cli import main
from ppsp_analysis.demo import demo_packages
from ppsp_analysis.io.writers import CSV_OPTIONS

CSV_READ = {"sep": CSV_OPTIONS["sep"], "decimal": CSV_OPTIONS["decimal"]}

SMALL = "99.03-kota-bandar-fiktif"
DEMO_PACKAGES = ["99.01-kabupaten-sukamaju-rekaan", "99.02-kabupaten-tanjung-khayali", SMALL]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def check_scored(out_dir: Path, codes: list[str]) -> pd.DataFrame:
    """skor_desa.csv/.xlsx hold every desa once; every kelas column is 1..4 or empty."""
    csv = pd.read_csv(out_dir / "skor_desa.csv", dtype={"kode_desa": str}, **CSV_READ)
    assert sorted(csv["kode_desa"]) == sorted(codes)
    assert csv["kode_desa"].is_unique
    kelas = [c for c in csv.columns if c.startswith("kelas_")]
    assert {"kelas_irs", "kelas_air_limbah", "kelas_persampahan", "kelas_drainase",
            "kelas_gabungan", "kelas_air_limbah_instrumen"} <= set(kelas)
    for c in kelas:
        values = csv[c].dropna()
        assert values.isin([1, 2, 3, 4]).all(), (c, sorted(values.unique()))
    xlsx = pd.read_excel(out_dir / "skor_desa.xlsx", sheet_name="skor_desa", header=1,
                         dtype={"kode_desa": str})  # row 1: titles, row 2: keys
    assert sorted(xlsx["kode_desa"]) == sorted(codes)
    assert list(xlsx.columns) == list(csv.columns)
    return csv


# --- committed demo packages ------------------------------------------------------------------


@pytest.mark.parametrize("name", DEMO_PACKAGES)
def test_committed_demo_packages_validate(demo_dir, name, capsys):
    assert main(["validate", str(demo_dir / name)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ")


def test_validate_demo_subprocess_exit_0(demo_dir):
    r = run_cli("validate", demo_dir / SMALL)
    assert r.returncode == 0, r.stderr
    assert "OK: Kota Bandar Fiktif (99.03)" in r.stdout
    assert "Traceback" not in r.stderr


def test_score_demo_package(demo_dir, tmp_path, capsys):
    out = tmp_path / "skor"
    assert main(["score", str(demo_dir / SMALL), "--out", str(out)]) == 0
    assert "skor_desa.csv" in capsys.readouterr().out
    form2 = pd.read_excel(demo_dir / SMALL / "instrumen.xlsx", sheet_name="Form2",
                          dtype={"kode_desa": str})
    csv = check_scored(out, list(form2["kode_desa"]))
    # the committed Override sheet is applied and its reason kept
    ov = pd.read_excel(demo_dir / SMALL / "instrumen.xlsx", sheet_name="Override",
                       dtype={"kode_desa": str})
    table = csv.set_index("kode_desa")
    for _, r in ov.iterrows():
        assert table.loc[r["kode_desa"], f"kelas_{r['komponen']}"] == r["kelas_baru"]
        assert bool(table.loc[r["kode_desa"], f"override_{r['komponen']}"])
        assert table.loc[r["kode_desa"], f"alasan_{r['komponen']}"] == r["alasan"]
    sheets = pd.read_excel(out / "skor_desa.xlsx", sheet_name=None)
    assert {"skor_desa", "strata", "metode", "Keterangan Kolom"} <= set(sheets)


def test_demo_is_deterministic():
    a, b = demo_packages(2026), demo_packages(2026)
    assert [p.form1["kode_kabupaten"] for p in a] == ["99.01", "99.02", "99.03"]
    for pa, pb in zip(a, b, strict=True):
        for sheet in ("Form2", "Persepsi", "OPD", "Override"):
            pd.testing.assert_frame_equal(pa.sheets[sheet], pb.sheets[sheet])
        pd.testing.assert_frame_equal(pa.ehra, pb.ehra)
        assert pa.desa.geometry.geom_equals_exact(pb.desa.geometry, 0).all()
        assert pa.sintetis
    other = demo_packages(7)
    assert not other[2].sheets["Form2"]["penduduk"].equals(a[2].sheets["Form2"]["penduduk"])


# --- user errors exit 2 without a traceback ---------------------------------------------------


@pytest.fixture()
def small_copy(tmp_path, demo_dir) -> Path:
    target = tmp_path / SMALL
    shutil.copytree(demo_dir / SMALL, target)
    return target


def test_misspelled_method_option_exits_2(small_copy, tmp_path):
    (small_copy / "metode.yaml").write_text("persepsi:\n  agregsi: median\n", encoding="utf-8")
    assert main(["validate", str(small_copy)]) == 2
    assert main(["score", str(small_copy), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


def test_score_refuses_invalid_package(small_copy, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(small_copy / "instrumen.xlsx")
    ws = wb["Form2"]
    col = [c.value for c in ws[1]].index("penduduk") + 1
    ws.cell(row=3, column=col).value = -1
    wb.save(small_copy / "instrumen.xlsx")
    assert main(["score", str(small_copy), "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o" / "skor_desa.csv").exists()


def test_demo_data_boundaries_without_kabupaten_exits_2(tmp_path):
    assert main(["demo-data", "--boundaries", str(tmp_path / "desa.geojson"),
                 "--out", str(tmp_path / "o")]) == 2


def test_demo_data_missing_boundaries_file_exits_2(tmp_path):
    assert main(["demo-data", "--boundaries", str(tmp_path / "tidak-ada.geojson"),
                 "--kabupaten", "62.03", "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


def test_formula_with_unknown_column_is_a_user_error(small_copy, tmp_path):
    (small_copy / "metode.yaml").write_text(
        "sekunder:\n  impact:\n    jumlah_penduduk: {rumus: pendudukk, arah: 1, bobot: 1}\n",
        encoding="utf-8")
    # in-process: an exception escaping main() is the traceback the user would see
    assert main(["validate", str(small_copy)]) == 2
    assert main(["score", str(small_copy), "--out", str(tmp_path / "o")]) == 2


def test_problems_go_to_the_current_stderr(tmp_path):
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        assert main(["validate", str(tmp_path / "tidak-ada")]) == 2
    assert "GALAT" in buf.getvalue()


# --- synthetic attributes on the real Kalimantan Tengah boundaries -----------------------------


@pytest.fixture(scope="module")
def kalteng_counts(shared_dir) -> dict[str, int]:
    data = json.loads((shared_dir / "desa.geojson").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for f in data["features"]:
        kab = f["properties"].get("kode_kab") or f["properties"]["kode"][:5]
        counts[kab] = counts.get(kab, 0) + 1
    return counts


@pytest.mark.shared
@pytest.mark.parametrize(("kode", "nama"), [("62.03", "Kapuas"), ("62.10", "Gunung Mas")])
def test_demo_data_on_real_boundaries_validates_and_scores(shared_dir, kalteng_counts,
                                                           tmp_path, kode, nama, capsys):
    pkg = tmp_path / kode
    assert main(["demo-data", "--boundaries", str(shared_dir / "desa.geojson"),
                 "--kabupaten", kode, "--out", str(pkg)]) == 0
    n = kalteng_counts[kode]
    if kode == "62.03":
        assert n == 231
    assert f"({n} desa" in capsys.readouterr().out
    assert main(["validate", str(pkg)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and nama in out and f"{n} desa" in out
    assert main(["score", str(pkg), "--out", str(tmp_path / "skor")]) == 0
    form2 = pd.read_excel(pkg / "instrumen.xlsx", sheet_name="Form2", dtype={"kode_desa": str})
    assert len(form2) == n
    csv = check_scored(tmp_path / "skor", list(form2["kode_desa"]))
    assert csv["kode_desa"].str.startswith(kode + ".").all()
    # synthetic attributes must still spread over the classes
    assert csv["kelas_gabungan"].nunique() >= 3
