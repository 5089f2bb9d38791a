"""Real QGIS opens ``area_berisiko.gpkg``: default styles, colours, aliases, a rendered map.

QGIS runs in Debian's ``/usr/bin/python3`` (package ``python3-qgis``, installed by
``make test`` as root); the test is skipped with a message when it is not there.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from ppsp_analysis import score_package
from ppsp_analysis.io import read_package
from ppsp_analysis.io.gpkg import write_gpkg
from ppsp_analysis.labels import UnitNames
from ppsp_analysis.maps.qgis_style import field_aliases
from ppsp_analysis.maps.style import THEMES, MapStyle, get_theme, with_class_names

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("_qgis_check.py")


def _env(runtime: Path) -> dict[str, str]:
    """Headless Qt, a private runtime folder, nothing of the project's virtualenv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {**env, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}


def _qgis_missing(env: dict[str, str]) -> str | None:
    if not shutil.which(SYSTEM_PYTHON):
        return f"{SYSTEM_PYTHON} not found"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], env=env,
                           capture_output=True, text=True, timeout=120)
    if probe.returncode:
        last = (probe.stderr.strip().splitlines() or [""])[-1]
        return (f"{SYSTEM_PYTHON} cannot import qgis.core (install Debian's python3-qgis, "
                f"e.g. `make test` as root): {last}")
    return None


@pytest.fixture(scope="module")
def qgis_report(tiny_packages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("qgis")
    env = _env(folder / "runtime")
    missing = _qgis_missing(env)
    if missing:
        pytest.skip(missing)
    pkg, _ = read_package(tiny_packages[1])
    result = score_package(pkg)
    result.desa.loc[result.desa.index[0], "kelas_gabungan"] = None  # one hatched desa
    gpkg = write_gpkg(result.desa, folder / "area_berisiko.gpkg", result.meta, result.method)
    png = folder / "qgis_render.png"
    run = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(gpkg), str(png)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return report, result, png


def test_default_desa_style_is_the_combined_classes(qgis_report):
    report, result, _ = qgis_report
    desa = report["desa"]
    assert desa["valid"] and desa["features"] == len(result.desa)
    assert desa["renderer"] == "QgsCategorizedSymbolRenderer"
    assert desa["attribute"] == "kelas_gabungan"
    style, theme = with_class_names(None, method=result.method), get_theme("gabungan")
    units = UnitNames.from_codes(result.desa["kode_desa"])
    cats = desa["categories"]
    assert [str(c["value"]) for c in cats] == ["1", "2", "3", "4", ""]
    assert [c["color"] for c in cats[:4]] == list(style.risk_colors)
    assert cats[4]["symbol_layers"] == ["SimpleFill", "LinePatternFill"]  # hatched no-data
    column = result.desa[theme.column]
    for cat, label in zip(cats[:4], style.risk_labels, strict=True):
        n = int((column == int(cat["value"])).sum())
        assert cat["label"] == f"{label} ({cat['value']}) — {n} {units.kata}"
    assert cats[4]["label"] == f"Tidak ada data — 1 {units.kata}"
    assert desa["labels"] and desa["label_field"] == "nama_desa"
    assert set(desa["styles_in_database"]) >= {units.adapt(t.name) for t in THEMES}


def test_aliases_and_class_names_in_the_attribute_table(qgis_report):
    report, result, _ = qgis_report
    units = UnitNames.from_codes(result.desa["kode_desa"])
    expected = field_aliases(result.desa.columns, result.method, units=units)
    aliases = report["desa"]["aliases"]
    assert {k: v for k, v in aliases.items() if k != "fid"} == expected
    assert aliases["kelas_air_limbah"] == "Kelas Air Limbah Domestik"
    assert report["desa"]["value_maps"]["kelas_gabungan"] == {
        "1": "Berisiko sangat rendah (1)", "4": "Berisiko sangat tinggi (4)"}
    kec = report["kecamatan"]
    assert kec["renderer"] == "QgsSingleSymbolRenderer"
    assert kec["labels"] and kec["label_field"] == "nama_kec"
    assert kec["aliases"]["jumlah_desa"] == units.adapt("Jumlah desa")
    assert report["kabupaten"]["valid"] and report["kabupaten"]["features"] == 1


def test_rendered_map_shows_each_desa_in_its_class_colour(qgis_report):
    report, result, png = qgis_report
    assert report["saved"] and not report["render_errors"]
    style = MapStyle()
    colors = dict(zip(range(1, 5), style.risk_colors, strict=True))
    image = Image.open(png).convert("RGB")
    assert image.size == (1000, 1000)
    desa = result.desa.set_index("kode_desa")
    wrong = []
    for kode, (x, y) in report["pixels"].items():
        patch = [image.getpixel((i, j)) for i in range(x - 7, x + 8) for j in range(y - 7, y + 8)
                 if 0 <= i < 1000 and 0 <= j < 1000]
        r, g, b = collections.Counter(patch).most_common(1)[0][0]
        seen = f"#{r:02x}{g:02x}{b:02x}"
        value = desa.loc[kode, "kelas_gabungan"]
        want = style.no_data_color if pd.isna(value) else colors[int(value)]
        if seen != want:
            wrong.append((kode, seen, want))
    assert not wrong
