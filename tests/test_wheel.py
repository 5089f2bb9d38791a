"""The wheel is complete: installed into a fresh venv outside the source tree, with the
versions of uv.lock, ``ppsp demo`` and ``ppsp run`` work from it alone.

The runs use an ASCII locale with UTF-8 mode and locale coercion off (``LC_ALL=C
PYTHONUTF8=0 PYTHONCOERCECLOCALE=0``): like cp1252 on a Windows PC, any text file opened
without ``encoding=`` then fails or writes other bytes, so every text output read back as
UTF-8 proves the encoding is named everywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ["--kertas", "A4", "--dpi", "60", "--format-peta", "png"]


def _uv() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv not installed (make installs it into .venv)")
    return uv


@pytest.mark.slow
def test_wheel_installs_and_runs_the_demo_outside_the_checkout(tmp_path):
    uv = _uv()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(UV_PYTHON_DOWNLOADS="never", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0",
               LC_ALL="C", LANG="C")

    def run(*cmd, cwd=tmp_path, check=True, **kw):
        r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                           text=True, encoding="utf-8", **kw)
        if check:
            assert r.returncode == 0, f"{cmd}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        return r

    # sdist first, then the wheel built from the sdist: both must carry notebooks + demo
    run(uv, "build", "-q", "--out-dir", tmp_path / "dist", ROOT)
    [wheel] = (tmp_path / "dist").glob("ppsp_analysis-*.whl")
    run(uv, "export", "-q", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
        "--format", "requirements-txt", "-o", tmp_path / "req.txt", cwd=ROOT)
    run(uv, "venv", "-q", "--python", sys.executable, tmp_path / "venv")
    py = tmp_path / "venv" / "bin" / "python"
    run(uv, "pip", "install", "-q", "--python", py, "-r", tmp_path / "req.txt", wheel)

    where = run(py, "-c", "import ppsp_analysis, sys; print(ppsp_analysis.__file__)").stdout
    assert str(tmp_path / "venv") in where and str(ROOT) not in where
    run(py, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3")

    ppsp = tmp_path / "venv" / "bin" / "ppsp"
    run(ppsp, "demo", "--out", "keluaran", *DRAFT)
    manifest = json.loads((tmp_path / "keluaran" / "manifest.json").read_text("utf-8"))
    statuses = {e["paket"]: e["status"] for e in manifest["kabupaten"]}
    assert len(statuses) == 3 and set(statuses.values()) == {"ok"}, statuses
    assert (tmp_path / "keluaran" / "index.html").is_file()

    # ppsp run on one packaged demo kabupaten, via python -m
    demo = run(py, "-c", "from ppsp_analysis.io.resources import demo_dir; print(demo_dir())"
               ).stdout.strip()
    assert str(tmp_path / "venv") in demo
    run(py, "-m", "ppsp_analysis", "run", Path(demo) / "99.03-kota-bandar-fiktif",
        "--out", "satu", *DRAFT)
    [folder] = (tmp_path / "satu").glob("*/99.03-*")
    for name in ("laporan_area_berisiko.html", "laporan_area_berisiko.pdf", "ringkasan.json",
                 "notebook/laporan_area_berisiko.ipynb"):
        assert (folder / name).is_file(), name

    texts = [p for p in tmp_path.glob("keluaran/**/*") if p.suffix in TEXT_SUFFIXES]
    texts += [p for p in folder.rglob("*") if p.suffix in TEXT_SUFFIXES]
    assert {p.suffix for p in texts} == TEXT_SUFFIXES
    non_ascii = 0
    for path in texts:
        text = path.read_bytes().decode("utf-8")  # raises on any non-UTF-8 byte
        non_ascii += any(ord(c) > 127 for c in text)
    assert non_ascii >= len(texts) // 2  # the check has teeth: most outputs carry non-ASCII


TEXT_SUFFIXES = {".html", ".json", ".csv", ".ipynb"}
