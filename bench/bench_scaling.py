"""Benchmark `scaling`: `ppsp batch` on the 14 Kalimantan Tengah kab/kota with 2 workers
against 1 worker, same packages, same run. Prints ``scaling_efficiency_2_workers`` last:
(1-worker time) / (2 × 2-worker time); 1.0 is perfect scaling on the 2 cores.
"""

from __future__ import annotations

from _common import CACHE, kalteng_packages
from bench_batch import batch


def main() -> None:
    root = kalteng_packages()
    n = len([p for p in root.iterdir() if p.is_dir()])
    t1 = batch(root, CACHE / "out_scaling_1", workers=1)
    t2 = batch(root, CACHE / "out_scaling_2", workers=2)
    print(f"batch_kabupaten: {n}")
    print(f"batch_workers1_seconds: {t1:.1f}")
    print(f"batch_workers2_seconds: {t2:.1f}")
    print(f"batch_seconds_per_kabupaten_1_worker: {t1 / n:.1f}")
    print(f"scaling_efficiency_2_workers: {t1 / (2 * t2):.2f}")


if __name__ == "__main__":
    main()
