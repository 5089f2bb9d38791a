"""`make bench`: run every benchmark in turn (never part of the tests)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for name in ("bench_national", "bench_maps", "bench_sheets", "bench_batch", "bench_floor",
             "bench_scaling"):
    script = HERE / f"{name}.py"
    if script.is_file():
        print(f"# {name}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, cwd=HERE)
