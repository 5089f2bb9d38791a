"""Shared set-up of the benchmarks: the 14 Kalimantan Tengah packages (real boundaries from
../shared, synthetic attributes from `ppsp demo-data`), generated once into bench/.cache/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "kalteng"
CACHE = REPO / "bench" / ".cache"


def kalteng_codes() -> list[str]:
    """Kemendagri codes of the 14 kab/kota of Kalimantan Tengah."""
    data = json.loads((SHARED / "kabupaten.geojson").read_text())
    return sorted(f["properties"]["kode"] for f in data["features"])


def kalteng_packages(codes: list[str] | None = None) -> Path:
    """Folder holding one input package per kabupaten (created on first use)."""
    if not SHARED.is_dir():
        sys.exit(f"benchmark needs {SHARED} (real boundaries); not found")
    root = CACHE / "kalteng"
    for code in codes or kalteng_codes():
        target = root / code
        if not (target / "instrumen.xlsx").is_file():
            subprocess.run([sys.executable, "-m", "ppsp_analysis.cli", "demo-data",
                            "--boundaries", str(SHARED / "desa.geojson"), "--kabupaten", code,
                            "--out", str(target)], check=True, stdout=subprocess.DEVNULL)
    return root
