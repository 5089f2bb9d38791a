"""Benchmark `batch`: all 14 Kalimantan Tengah kab/kota through `ppsp batch --workers 2`,
against the naive way a user would do it — a shell loop calling the `papermill` CLI and then
`jupyter nbconvert` for each notebook of each kabupaten, sequentially — on the same notebooks
and data, in the same run. Prints `name: value` lines; the last is the headline ratio.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import CACHE, REPO, kalteng_packages

BIN = Path(sys.executable).parent
NOTEBOOKS = ["laporan_area_berisiko", "laporan_monev"]


def naive(root: Path, out: Path) -> float:
    """The shell loop: papermill CLI then nbconvert, one notebook at a time."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    lines = ["set -e"]
    for pkg in sorted(p for p in root.iterdir() if p.is_dir()):
        for nb in NOTEBOOKS:
            dst = out / f"{pkg.name}-{nb}.ipynb"
            lines.append(f"{BIN}/papermill -k python3 --no-progress-bar "
                         f"{REPO}/notebooks/{nb}.ipynb {dst} -p paket {pkg} >/dev/null 2>&1")
            lines.append(f"{BIN}/jupyter nbconvert --to html --no-input {dst} >/dev/null 2>&1")
    start = time.perf_counter()
    subprocess.run(["bash", "-c", "\n".join(lines)], check=True, cwd=REPO / "notebooks")
    return time.perf_counter() - start


def batch(root: Path, out: Path, extra: list[str] | None = None, workers: int = 2) -> float:
    """`ppsp batch --workers N` (fresh output folder); wall seconds."""
    return batch_cpu(root, out, extra, workers)[0]


def batch_cpu(root: Path, out: Path, extra: list[str] | None = None,
              workers: int = 2) -> tuple[float, float]:
    """`ppsp batch --workers N` (fresh output folder): wall seconds and CPU seconds (user +
    system of the whole process tree: workers, their threads, their Jupyter kernels)."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "ppsp"), "batch", str(root), "--out", str(out), "--workers",
                    str(workers), *(extra or [])], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    root = kalteng_packages()
    n = len([p for p in root.iterdir() if p.is_dir()])
    t_naive = naive(root, CACHE / "out_naive")
    t_batch = batch(root, CACHE / "out_batch")
    print(f"batch_kabupaten: {n}")
    print(f"naive_papermill_nbconvert_seconds: {t_naive:.1f}")
    print(f"batch_workers2_seconds: {t_batch:.1f}")
    print(f"batch_speedup_vs_naive: {t_naive / t_batch:.2f}")


if __name__ == "__main__":
    main()
