"""Every kab/kota of Kalimantan Tengah: synthetic attributes on the real boundaries generate,
validate and score (regression: invalid source polygons, e.g. in 62.13, must not crash)."""

import json

import pytest
from conftest import require_shared

from ppsp_analysis.cli import main
from ppsp_analysis.io.package import load_package
from ppsp_analysis.pipeline import score_package

CODES = ["62.01", "62.02", "62.04", "62.05", "62.06", "62.07", "62.08", "62.09", "62.11",
         "62.12", "62.13", "62.71"]  # 62.03 and 62.10 are covered in test_cli_spine.py


@pytest.mark.shared
@pytest.mark.parametrize("code", CODES)
def test_every_kalteng_kabupaten_generates_validates_and_scores(code, tmp_path):
    shared = require_shared()
    features = json.loads((shared / "desa.geojson").read_text(encoding="utf-8"))["features"]
    n = sum(f["properties"]["kode"].startswith(code + ".") for f in features)
    out = tmp_path / code
    assert main(["demo-data", "--boundaries", str(shared / "desa.geojson"), "--kabupaten", code,
                 "--out", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    result = score_package(load_package(out))
    assert len(result.desa) == n
    assert result.desa["kelas_gabungan"].dropna().between(1, 4).all()
