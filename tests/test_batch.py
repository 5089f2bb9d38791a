"""ppsp batch: failures isolated, manifest, resume, SIGKILL safety, Dask executor."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from _text import assert_offline_links_resolve, english_numbers, html_text

from ppsp_analysis.batch import run_many
from ppsp_analysis.report.runner import MapOptions

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
# maps themselves are tested in test_maps.py; here: small draft maps, PNG only
DRAFT = MapOptions(papers=("A4",), dpi=60, formats=("png",))
DRAFT_FLAGS = ["--kertas", "A4", "--dpi", "60", "--format-peta", "png"]
REQUIRED = ("laporan_area_berisiko.html", "tabel.xlsx", "area_berisiko.gpkg", "ringkasan.json",
            "notebook/laporan_area_berisiko.ipynb")


@pytest.fixture
def batch_root(tmp_path, tiny_packages):
    """Three small packages: two good ones and one whose Form2 sheet was deleted."""
    root = tmp_path / "paket"
    by_code = {p.name[:5]: p for p in tiny_packages}
    shutil.copytree(by_code["99.03"], root / "99.03-kota-bandar-fiktif")
    shutil.copytree(by_code["99.02"], root / "99.02-kabupaten-tanjung-khayali")
    broken = root / "99.01-rusak"
    shutil.copytree(by_code["99.01"], broken)
    wb = openpyxl.load_workbook(broken / "instrumen.xlsx")
    del wb["Form2"]
    wb.save(broken / "instrumen.xlsx")
    return root


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in REQUIRED)


def _packages(root):
    return sorted(p for p in root.iterdir() if p.is_dir())


def test_one_failure_does_not_stop_the_others_and_rerun_skips(batch_root, tmp_path):
    out = tmp_path / "out"
    lines = []
    summary = run_many(_packages(batch_root), out, workers=2, report=lines.append,
                       maps=DRAFT)
    status = {Path(e.paket).name: e for e in summary.entries}
    assert status["99.03-kota-bandar-fiktif"].status == "ok"
    assert status["99.02-kabupaten-tanjung-khayali"].status == "ok"
    bad = status["99.01-rusak"]
    assert bad.status == "gagal"
    assert "sheet wajib tidak ada" in bad.galat and "Form2" in bad.galat
    assert len(lines) == 3 and lines[-1].startswith("[3/3]")
    manifest = json.loads((out / "manifest.json").read_text())
    assert {e["status"] for e in manifest["kabupaten"]} == {"ok", "gagal"}
    for e in manifest["kabupaten"]:
        assert e["hash_masukan"] and e["hash_metode"] and e["detik"] > 0
    folders = sorted(p.name for p in (out / "2026").iterdir())
    assert folders == ["99.02-kabupaten-tanjung-khayali", "99.03-kota-bandar-fiktif"]
    assert all(_complete(out / "2026" / f) for f in folders)
    index = (out / "index.html").read_text()
    assert "gagal" in index and "data:image/png;base64," in index
    assert_offline_links_resolve(out / "index.html")
    words = html_text(out / "index.html")
    assert "kelas 3–4" in words  # the method's threshold, from the summaries
    assert "DATA SINTETIS" in words  # the tiny packages are synthetic
    assert not english_numbers(words, allowed=["99.02", "99.03", "99.01"]), words
    # every output of a kabupaten is linked; the failed one shows its error and its log
    for name in ("laporan_area_berisiko.pdf", "laporan_monev.docx", "paparan.pptx",
                 "peta_interaktif.html", "skor_desa.xlsx", "peta/peta_gabungan_a4.png"):
        assert f'href="2026/99.02-kabupaten-tanjung-khayali/{name}"' in index, name
    assert bad.log and (out / bad.log).is_file() and f'href="{bad.log}"' in index
    assert "Form2" in (out / bad.log).read_text("utf-8")

    # rerun: the two good ones are skipped, the broken one is tried again
    again = run_many(_packages(batch_root), out, workers=2, resume=True, report=lines.append,
                     maps=DRAFT)
    status = {Path(e.paket).name: e.status for e in again.entries}
    assert status == {"99.03-kota-bandar-fiktif": "dilewati",
                      "99.02-kabupaten-tanjung-khayali": "dilewati", "99.01-rusak": "gagal"}

    # a changed input is run again
    ehra = batch_root / "99.03-kota-bandar-fiktif" / "ehra.csv"
    ehra.write_text(ehra.read_text() + "\n")
    third = run_many(_packages(batch_root), out, workers=1, resume=True, report=lines.append,
                     maps=DRAFT)
    assert {Path(e.paket).name: e.status for e in third.entries}["99.03-kota-bandar-fiktif"] == "ok"


def test_cli_exit_status_says_some_failed(batch_root, tmp_path):
    out = tmp_path / "out"
    shutil.rmtree(batch_root / "99.02-kabupaten-tanjung-khayali")
    proc = subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", "batch", str(batch_root),
                           "--out", str(out), "--workers", "1", *DRAFT_FLAGS],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "1 berhasil" in proc.stdout and "1 gagal" in proc.stdout
    assert "GAGAL" in proc.stderr and "Traceback" not in proc.stderr


def test_sigkill_midway_then_rerun_leaves_complete_folders_only(batch_root, tmp_path):
    out = tmp_path / "out"
    shutil.rmtree(batch_root / "99.01-rusak")
    cmd = [sys.executable, "-m", "ppsp_analysis.cli", "batch", str(batch_root), "--out", str(out),
           "--workers", "2", *DRAFT_FLAGS]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:  # kill while a kabupaten is being written
        if any(out.glob("2026/*/.ppsp-sementara-*")):
            break
        time.sleep(0.05)
    else:
        pytest.fail("no kabupaten was ever being written")
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    year = out / "2026"
    for folder in year.iterdir():  # complete, or holding only the ledger and staging
        visible = [p for p in folder.rglob("*") if not any(
            part.startswith(".") for part in p.relative_to(folder).parts)]
        assert _complete(folder) or not visible, f"{folder} is half-written"
    subprocess.run([*cmd, "--resume"], check=True, capture_output=True)
    names = sorted(p.name for p in year.iterdir())
    assert names == ["99.02-kabupaten-tanjung-khayali", "99.03-kota-bandar-fiktif"]
    assert all(_complete(year / n) for n in names)
    assert not list(out.rglob(".ppsp-sementara-*"))  # the rerun removed the killed staging


def test_dask_local_cluster_runs_the_same_path(tmp_path, tiny_packages):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = run_many([tiny_packages[2]], out,
                           scheduler=cluster.scheduler_address, report=lambda s: None,
                           maps=DRAFT)
    assert [e.status for e in summary.entries] == ["ok"], summary.entries[0].galat
    assert _complete(out / "2026" / "99.03-kota-bandar-fiktif")
