"""Benchmark `sheets`: the Kapuas sheet set (62.03, 231 desa; 7 themes incl. the kecamatan
sheet × A3/A4 × PDF/PNG at 300 dpi, plus the 7 report-size images) by the library's path
against the per-sheet path it replaced (bench/baseline_sheets.py: every sheet planned, drawn
and saved on its own, fonts subset per PDF, report images re-read from the written PNG).
Same files, same run. Prints ``name: value`` lines; the last is the headline ratio
``sheet_set_speedup_vs_per_sheet`` (wall time; the CPU-time ratio is printed too, since a
busy machine stretches wall time and the new path overlaps PNG encoding with drawing).

Usage::

    .venv/bin/python bench/bench_sheets.py [--kode 62.03] [--dpi 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from baseline_sheets import kecamatan_table, per_sheet_files, theme_tables
from bench_maps import KALTENG, ROOT, Clock, emit, load
from PIL import Image

from ppsp_analysis.io.map_files import write_sheet_set
from ppsp_analysis.io.writers import atomic_write

PREVIEW_WIDTH = 1400  # ppsp_analysis.report.runner.REPORT_PNG_WIDTH


def old_previews(files: list[Path], folder: Path) -> None:
    """Report-size images the old way: each A4 PNG read back and resampled."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        if path.name.endswith("_a4.png"):
            with Image.open(path) as im, atomic_write(folder / f"{path.stem[:-3]}.png") as fh:
                size = (PREVIEW_WIDTH, round(im.height * PREVIEW_WIDTH / im.width))
                im.convert("RGB").resize(size, Image.LANCZOS).save(fh, format="png",
                                                                   compress_level=6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kode", default="62.03")
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    if not (KALTENG / "desa.geojson").exists():
        sys.exit(f"boundaries not found at {KALTENG}")
    out = ROOT / "bench" / ".cache" / "sheets"
    shutil.rmtree(out, ignore_errors=True)
    gdf, meta, context = load(args.kode)
    kec = kecamatan_table(gdf)
    tag = "kab_" + args.kode.replace(".", "")
    emit(f"{tag}_desa", len(gdf))
    emit("cpu_count", os.cpu_count() or 0)
    emit("load_average_1min_before", os.getloadavg()[0])

    with Clock() as old:
        files_old = per_sheet_files(theme_tables(gdf, kec), meta, out / "old" / "peta", context,
                                    dpi=args.dpi)
        old_previews(files_old, out / "old" / "grafik")
    with Clock() as new:
        files_new = write_sheet_set(gdf, meta, out / "new" / "peta", context=context,
                                    dpi=args.dpi, theme_tables={"kecamatan": kec},
                                    preview_dir=out / "new" / "grafik",
                                    preview_width=PREVIEW_WIDTH)
    assert [p.name for p in files_old] == [p.name for p in files_new]
    assert sorted(p.name for p in (out / "old" / "grafik").iterdir()) == \
        sorted(p.name for p in (out / "new" / "grafik").iterdir())
    emit("load_average_1min_after", os.getloadavg()[0])
    emit(f"{tag}_sheet_files", len(files_new))
    emit(f"{tag}_per_sheet_path_wall_s", old.wall)
    emit(f"{tag}_per_sheet_path_cpu_s", old.cpu)
    emit(f"{tag}_new_path_wall_s", new.wall)
    emit(f"{tag}_new_path_cpu_s", new.cpu)
    emit("sheet_set_cpu_ratio_vs_per_sheet", old.cpu / new.cpu)
    emit("sheet_set_speedup_vs_per_sheet", old.wall / new.wall)


if __name__ == "__main__":
    main()
