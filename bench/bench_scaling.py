"""Benchmark `scaling`: `ppsp batch` on the 14 Kalimantan Tengah kab/kota with 2 workers
against 1 worker, same packages, same run. Prints ``scaling_efficiency_2_workers`` last:
(1-worker time) / (2 × 2-worker time); 1.0 is perfect scaling on the 2 cores. The CPU
seconds of each run (whole process tree) are printed too: a single worker already keeps part
of the second core busy (its background thread rasterises and encodes the map sheets while
the next sheet is drawn), which the wall-time ratio counts against the 2-worker run.
"""

from __future__ import annotations

from _common import CACHE, kalteng_packages
from bench_batch import batch_cpu


def main() -> None:
    root = kalteng_packages()
    n = len([p for p in root.iterdir() if p.is_dir()])
    t1, cpu1 = batch_cpu(root, CACHE / "out_scaling_1", workers=1)
    t2, cpu2 = batch_cpu(root, CACHE / "out_scaling_2", workers=2)
    print(f"batch_kabupaten: {n}")
    print(f"batch_workers1_seconds: {t1:.1f}")
    print(f"batch_workers1_cpu_seconds: {cpu1:.1f}")
    print(f"batch_workers1_cores_busy: {cpu1 / t1:.2f}")
    print(f"batch_workers2_seconds: {t2:.1f}")
    print(f"batch_workers2_cpu_seconds: {cpu2:.1f}")
    print(f"batch_workers2_cores_busy: {cpu2 / t2:.2f}")
    print(f"batch_seconds_per_kabupaten_1_worker: {t1 / n:.1f}")
    print(f"scaling_efficiency_2_workers: {t1 / (2 * t2):.2f}")


if __name__ == "__main__":
    main()
