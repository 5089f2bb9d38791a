"""Benchmark of the map module on the real Kapuas boundaries (62.03, 231 desa).

Not a test. Prints ``name: value`` lines: wall and CPU seconds per step and per
sheet (PDF + PNG at 300 dpi), against the 3 s per sheet target. CPU seconds
are given next to wall seconds because other work on a shared 2-core machine
inflates wall time.

Usage::

    .venv/bin/python bench/bench_maps.py [--kode 62.03] [--themes 6]

Reads ../shared/data/kalteng (never copied into the repo); writes under
bench/.cache/maps (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ppsp_analysis.io.map_files import (  # noqa: E402
    save_figure,
    write_interactive,
    write_sheet_set,
)
from ppsp_analysis.maps import (  # noqa: E402
    THEMES,
    MapStyle,
    draw_sheet,
    plan_sheet,
    prepare_map_data,
)

KALTENG = ROOT.parent / "shared" / "data" / "kalteng"
TARGET_S = 3.0


def load(kode: str):
    """Real desa with deterministic random classes, their meta and context layers."""
    desa = gpd.read_file(KALTENG / "desa.geojson")
    d = desa[desa["kode_kab"] == kode].rename(columns={"kode": "kode_desa", "nama": "nama_desa"})
    d = d.set_index("kode_desa", drop=False)
    rng = np.random.default_rng(1)
    for col in ("kelas_air_limbah", "kelas_persampahan", "kelas_drainase", "kelas_gabungan",
                "kelas_irs"):
        values = pd.array(rng.integers(1, 5, len(d)), dtype="Int64")
        values[rng.random(len(d)) < 0.05] = pd.NA
        d[col] = values
    d["strata"] = pd.array(rng.integers(0, 5, len(d)), dtype="Int64")
    kec = gpd.read_file(KALTENG / "kecamatan.geojson")
    kab = gpd.read_file(KALTENG / "kabupaten.geojson")
    context = {"kecamatan": kec[kec["kode_kab"] == kode], "kabupaten": kab[kab["kode"] == kode],
               "konteks_kabupaten": kab,
               "sungai": gpd.read_file(KALTENG / "konteks" / "sungai_gshhg_wdbii.geojson")}
    nama = str(d["nama_kab"].iloc[0])
    meta = {"nama_kabupaten": nama, "kode_kabupaten": kode, "nama_provinsi": "Kalimantan Tengah",
            "tahun": 2026, "nama_pokja": f"Pokja PKP {nama}", "sintetis": True,
            "versi_metode": "bench", "tanggal_peta": dt.date(2026, 11, 22),
            "sumber_data": ["Batas administrasi: cahyadsn/wilayah_boundaries (MIT)"]}
    return d, meta, context


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.w
        self.cpu = time.process_time() - self.c


def emit(name: str, value: float | int | str) -> None:
    """Print one ``name: value`` line."""
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kode", default="62.03")
    parser.add_argument("--themes", type=int, default=len(THEMES))
    args = parser.parse_args()
    if not (KALTENG / "desa.geojson").exists():
        sys.exit(f"boundaries not found at {KALTENG}")
    out = ROOT / "bench" / ".cache" / "maps"
    out.mkdir(parents=True, exist_ok=True)
    gdf, meta, context = load(args.kode)
    style = MapStyle()
    tag = "kab_" + args.kode.replace(".", "")
    emit(f"{tag}_desa", len(gdf))
    emit("cpu_count", os.cpu_count() or 0)
    emit("load_average_1min", os.getloadavg()[0])

    with Clock() as c:
        data = prepare_map_data(gdf, meta, context)
    emit(f"{tag}_prepare_wall_s", c.wall)
    themes = THEMES[: args.themes]
    for paper in ("A3", "A4"):
        p = paper.lower()
        with Clock() as c:
            plan = plan_sheet(data, paper, style)
        emit(f"{tag}_{p}_plan_wall_s", c.wall)
        emit(f"{tag}_{p}_plan_cpu_s", c.cpu)
        emit(f"{tag}_{p}_scale", f"1:{plan.denominator}")
        emit(f"{tag}_{p}_detail_scale", f"1:{plan.detail.denominator}" if plan.detail else "none")
        emit(f"{tag}_{p}_numbered_desa", len(plan.labels.keys))
        emit(f"{tag}_{p}_named_desa", sum(lab.kind == "desa" for lab in
                                          plan.labels.labels + plan.labels.detail_labels))
        parts: dict[str, list[float]] = {k: [] for k in
                                         ("draw", "pdf", "png", "sheet", "sheet_cpu")}
        for theme in themes:
            with Clock() as cd:
                fig = draw_sheet(data, plan, theme, meta, style)
            with Clock() as cp:
                save_figure(fig, out / f"{theme.key}_{p}.pdf", style=style)
            with Clock() as cg:
                save_figure(fig, out / f"{theme.key}_{p}.png", dpi=300, style=style)
            parts["draw"].append(cd.wall)
            parts["pdf"].append(cp.wall)
            parts["png"].append(cg.wall)
            parts["sheet"].append(cd.wall + cp.wall + cg.wall)
            parts["sheet_cpu"].append(cd.cpu + cp.cpu + cg.cpu)
        for key, values in parts.items():
            unit = "cpu_s" if key.endswith("cpu") else "wall_s"
            emit(f"{tag}_{p}_{key.removesuffix('_cpu')}_mean_{unit}", statistics.mean(values))
        emit(f"{tag}_{p}_sheet_max_wall_s", max(parts["sheet"]))
        emit(f"{tag}_{p}_sheet_wall_vs_target", statistics.mean(parts["sheet"]) / TARGET_S)
        emit(f"{tag}_{p}_sheet_cpu_vs_target", statistics.mean(parts["sheet_cpu"]) / TARGET_S)
        emit(f"{tag}_{p}_pdf_kb", (out / f"{themes[0].key}_{p}.pdf").stat().st_size // 1024)
        emit(f"{tag}_{p}_png_kb", (out / f"{themes[0].key}_{p}.png").stat().st_size // 1024)

    with Clock() as c:
        html = write_interactive(gdf, meta, out / "peta_interaktif.html", style, context)
    emit(f"{tag}_interactive_wall_s", c.wall)
    emit(f"{tag}_interactive_kb", html.stat().st_size // 1024)

    with Clock() as c:  # headline last: the full sheet set, per sheet, against the 3 s target
        paths = write_sheet_set(gdf, meta, out / "set", style, context, themes=themes)
    sheets = len(paths) // 2
    emit(f"{tag}_sheet_set_files", len(paths))
    emit(f"{tag}_sheet_set_wall_s", c.wall)
    emit(f"{tag}_sheet_set_cpu_s", c.cpu)
    emit(f"{tag}_sheet_set_per_sheet_wall_s", c.wall / sheets)
    emit(f"{tag}_sheet_set_per_sheet_cpu_s", c.cpu / sheets)
    emit(f"{tag}_sheet_set_per_sheet_wall_vs_target", c.wall / sheets / TARGET_S)



if __name__ == "__main__":
    main()
