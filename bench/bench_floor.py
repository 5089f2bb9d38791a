"""Benchmark `floor`: the same outputs produced by calling the library directly (no notebooks),
on the same 2 workers, against the full `ppsp batch`. Prints `batch_overhead_vs_floor`
(batch wall time over floor wall time) last.
"""

from __future__ import annotations

import shutil
import time

from _common import CACHE, kalteng_packages
from bench_batch import batch

from ppsp_analysis.batch import run_many


def floor(root, out) -> float:
    """Every export of `ppsp run` except the notebooks, same pool of 2 workers."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    summary = run_many(sorted(p for p in root.iterdir() if p.is_dir()), out, workers=2,
                       notebooks=(), report=lambda s: None)
    assert not summary.failed, summary.failed[0].galat
    return time.perf_counter() - start


def main() -> None:
    root = kalteng_packages()
    t_floor = floor(root, CACHE / "out_floor")
    t_batch = batch(root, CACHE / "out_batch")
    print(f"floor_library_only_seconds: {t_floor:.1f}")
    print(f"batch_workers2_seconds: {t_batch:.1f}")
    print(f"batch_overhead_vs_floor: {t_batch / t_floor:.2f}")


if __name__ == "__main__":
    main()
