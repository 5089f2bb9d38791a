"""Kecamatan roll-up (issue 13, item 7) on a hand-worked 2-kecamatan example, its table labels
and the A3 kecamatan sheet.
"""

from __future__ import annotations

import doctest

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from ppsp_analysis import kecamatan as kec_module
from ppsp_analysis.io import read_default_method, read_package
from ppsp_analysis.kecamatan import kecamatan_rollup, kecamatan_table, with_kecamatan_class
from ppsp_analysis.labels import resolve
from ppsp_analysis.maps import class_counts, get_theme, map_sheet
from ppsp_analysis.method import merge_method
from ppsp_analysis.pipeline import score_package

# Two kecamatan, five desa (population, final classes, IMPACT x EXPOSURE):
#
#   kec   desa  penduduk  kelas al ps dr gab   area al  ps   dr
#   K1    a       1000         4  1  2   4         16   2    4
#   K1    b       3000         3  2  1   3          9   3    1
#   K1    c       1000         1  -  1   -          2   -    1     (persampahan: no class)
#   K2    d       2000         2  3  1   3          6  12    1
#   K2    e       2000         1  1  1   1          1   1    1
#
# persen_penduduk_prioritas (priority = class >= 3; share of the population of the desa that
# have a class; cut-offs 25 | 50 | 75 %, upper bounds inclusive):
#   K1 air limbah   (1000 + 3000) / 5000 = 80 %  -> 4      K2   0 / 4000 =   0 % -> 1
#   K1 persampahan       0 / 4000 (c left out) = 0 % -> 1  K2 2000 / 4000 = 50 % -> 2
#   K1 drainase          0 / 5000 = 0 % -> 1               K2 0 % -> 1
#   K1 gabungan     4000 / 4000 (c left out) = 100 % -> 4  K2 2000 / 4000 = 50 % -> 2
# rerata_ie_tertimbang (population-weighted mean of IMPACT x EXPOSURE):
#   K1 air limbah (1000*16 + 3000*9 + 1000*2) / 5000 = 9.0    K2 (2000*6 + 2000*1) / 4000 = 3.5
#   K1 persampahan (1000*2 + 3000*3) / 4000 = 2.75            K2 (2000*12 + 2000*1) / 4000 = 6.5
#   K1 drainase (1000*4 + 3000*1 + 1000*1) / 5000 = 1.6        K2 1.0
#   fixed cut-offs 4 | 8 | 12: K1 3, 1, 1 -> gabungan (maks) 3;  K2 1, 2, 1 -> 2
#   equal intervals over the two kecamatan: the lower one 1, the higher 4 ->
#   K1 4, 1, 4 -> 4;  K2 1, 4, 1 -> 4

CLASSES = {"a": (4, 1, 2, 4), "b": (3, 2, 1, 3), "c": (1, None, 1, None), "d": (2, 3, 1, 3),
           "e": (1, 1, 1, 1)}
AREAS = {"a": (16, 2, 4), "b": (9, 3, 1), "c": (2, np.nan, 1), "d": (6, 12, 1), "e": (1, 1, 1)}
POP = pd.Series({"a": 1000, "b": 3000, "c": 1000, "d": 2000, "e": 2000})
COMPS = ("air_limbah", "persampahan", "drainase", "gabungan")


def _desa() -> gpd.GeoDataFrame:
    codes = list(CLASSES)
    d = {"kode_desa": codes, "nama_desa": [f"Desa {c.upper()}" for c in codes],
         "kode_kec": ["K1", "K1", "K1", "K2", "K2"],
         "nama_kec": ["Tewah", "Tewah", "Tewah", "Kurun", "Kurun"]}
    for i, comp in enumerate(COMPS):
        d[f"kelas_{comp}"] = pd.array([CLASSES[c][i] for c in codes], dtype="Int64")
    for i, comp in enumerate(COMPS[:3]):
        d[f"area_{comp}"] = [AREAS[c][i] for c in codes]
    geoms = [box(113.0 + 0.05 * i, -1.05, 113.05 + 0.05 * i, -1.0) for i in range(5)]
    return gpd.GeoDataFrame(d, geometry=geoms, crs="EPSG:4326")


def _row(table: pd.DataFrame, kec: str) -> pd.Series:
    return table.set_index("kode_kec").loc[kec]


def test_persen_penduduk_prioritas_hand():
    t = kecamatan_rollup(_desa(), POP, read_default_method())
    assert t["kode_kec"].tolist() == ["K1", "K2"]
    assert t["nama_kec"].tolist() == ["Tewah", "Kurun"]
    assert t["jumlah_desa"].tolist() == [3, 2] and t["penduduk"].tolist() == [5000, 4000]
    k1, k2 = _row(t, "K1"), _row(t, "K2")
    assert [k1[f"pct_penduduk_prioritas_{c}"] for c in COMPS] == [80, 0, 0, 100]
    assert [k2[f"pct_penduduk_prioritas_{c}"] for c in COMPS] == [0, 50, 0, 50]
    assert [k1[f"desa_prioritas_{c}"] for c in COMPS] == [2, 0, 0, 2]
    assert [k2[f"desa_prioritas_{c}"] for c in COMPS] == [0, 1, 0, 1]
    assert [int(k1[f"kelas_kec_{c}"]) for c in COMPS] == [4, 1, 1, 4]
    assert [int(k2[f"kelas_kec_{c}"]) for c in COMPS] == [1, 2, 1, 2]
    assert t["nama_kelas_kec"].tolist() == ["Berisiko sangat tinggi", "Berisiko rendah"]
    # IMPACT x EXPOSURE means are in the table whatever the rule
    assert [k1[f"ie_{c}"] for c in COMPS[:3]] == pytest.approx([9.0, 2.75, 1.6])
    assert [k2[f"ie_{c}"] for c in COMPS[:3]] == pytest.approx([3.5, 6.5, 1.0])
    assert str(t["kelas_kec_gabungan"].dtype) == "Int64"


def test_persen_penduduk_prioritas_other_cut_offs_and_boundary():
    # cut-offs 50 | 80 | 90: K1 air limbah 80 % is ON the bound -> 2 (upper inclusive)
    m = merge_method(read_default_method(), {"kecamatan": {"ambang_persen": [50, 80, 90]}})
    t = kecamatan_rollup(_desa(), POP, m)
    assert int(_row(t, "K1")["kelas_kec_air_limbah"]) == 2
    assert int(_row(t, "K1")["kelas_kec_gabungan"]) == 4       # 100 % > 90
    assert int(_row(t, "K2")["kelas_kec_gabungan"]) == 1       # 50 % <= 50


def test_rerata_ie_tertimbang_hand():
    base = merge_method(read_default_method(), {"kecamatan": {"metode": "rerata_ie_tertimbang"}})
    fixed = merge_method(base, {"area_berisiko": {"metode_kelas": "tetap_4_8_12"}})
    t = kecamatan_rollup(_desa(), POP, fixed)
    assert [int(_row(t, "K1")[f"kelas_kec_{c}"]) for c in COMPS] == [3, 1, 1, 3]
    assert [int(_row(t, "K2")[f"kelas_kec_{c}"]) for c in COMPS] == [1, 2, 1, 2]
    t = kecamatan_rollup(_desa(), POP, base)                      # equal intervals
    assert [int(_row(t, "K1")[f"kelas_kec_{c}"]) for c in COMPS] == [4, 1, 4, 4]
    assert [int(_row(t, "K2")[f"kelas_kec_{c}"]) for c in COMPS] == [1, 4, 1, 4]
    # gabungan as the rounded mean of the component classes: K1 (4+1+4)/3 = 3; K2 2
    t = kecamatan_rollup(_desa(), POP, merge_method(base, {"gabungan": {"metode": "rata_rata"}}))
    assert t["kelas_kec_gabungan"].tolist() == [3, 2]


def test_rollup_without_classes_is_tidak_ada_data():
    d = _desa()
    d.loc[d["kode_kec"] == "K2", "kelas_gabungan"] = pd.NA
    t = kecamatan_rollup(d, POP, read_default_method())
    assert pd.isna(_row(t, "K2")["kelas_kec_gabungan"])
    assert np.isnan(_row(t, "K2")["pct_penduduk_prioritas_gabungan"])
    assert t["nama_kelas_kec"].tolist()[1] == "Tidak ada data"
    # a desa without a population number weighs nothing
    t = kecamatan_rollup(_desa(), POP.drop("b"), read_default_method())
    assert _row(t, "K1")["pct_penduduk_prioritas_air_limbah"] == 50.0     # 1000 / 2000


def test_class_names_follow_the_label_set():
    m = merge_method(read_default_method(), {"kelas": {"label": "lama"}})
    assert kecamatan_rollup(_desa(), POP, m)["nama_kelas_kec"].tolist() == [
        "Berisiko sangat tinggi", "Berisiko sedang"]


def test_table_columns_have_indonesian_titles():
    t = kecamatan_rollup(_desa(), POP, read_default_method())
    for col in t.columns:
        key, label = resolve(col, t[col])
        assert key == col and label.title != col, col
    assert resolve("pct_penduduk_prioritas_gabungan")[1].heading == \
        "Penduduk di desa prioritas gabungan (% penduduk)"


def test_kecamatan_table_of_a_scored_package(demo_dir):
    pkg, _ = read_package(demo_dir / "99.03-kota-bandar-fiktif")
    result = score_package(pkg)
    t = kecamatan_table(result, pkg)
    assert t["jumlah_desa"].sum() == len(result.desa)
    assert t["kode_kec"].is_unique and t["kode_kec"].tolist() == sorted(t["kode_kec"])
    f2 = pkg.sheet("Form2")
    assert t["penduduk"].sum() == int(pd.to_numeric(f2["penduduk"]).sum())
    assert t["kelas_kec_gabungan"].dropna().isin([1, 2, 3, 4]).all()


def test_kecamatan_sheet_counts_kecamatan(tmp_path):
    desa = _desa()
    table = kecamatan_rollup(desa, POP, read_default_method())
    gdf = with_kecamatan_class(desa, table)
    assert gdf["kelas_kecamatan"].tolist() == [4, 4, 4, 2, 2]
    theme = get_theme("kecamatan")
    assert class_counts(gdf, theme) == {1: 0, 2: 1, 3: 0, 4: 1, None: 0}
    meta = {"nama_kabupaten": "Uji", "kode_kabupaten": "99.09", "tahun": 2026,
            "sintetis": True}
    fig = map_sheet(gdf, "kecamatan", meta, paper="A3")
    assert fig.get_size_inches()[0] * 25.4 == pytest.approx(420)
    texts = [t.get_text() for t in fig.axes[0].texts]
    counts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts
              if str(t.get_gid()).startswith("legend-count:")}
    assert counts["legend-count:4"] == "1 kecamatan" and counts["legend-count:2"] == "1 kecamatan"
    assert "Berisiko sangat tinggi" in texts and "Berisiko rendah" in texts
    assert any("KECAMATAN BERISIKO" in t for t in texts)


def test_docstring_examples():
    assert doctest.testmod(kec_module).failed == 0


def test_area_report_has_the_kecamatan_section(tiny_packages):
    """The roll-up reaches the report: a section with the rule in words, one row per
    kecamatan (highest class first) and the kecamatan map when it was drawn."""
    from ppsp_analysis.io.package import load_package
    from ppsp_analysis.report.area import area_report

    pkg = load_package(tiny_packages[0])
    result = score_package(pkg)
    report = area_report(result, pkg, figures={"peta_kecamatan": "grafik/peta_kecamatan.png"})
    section = report.section("Kecamatan Berisiko")
    assert "persen_penduduk_prioritas" in " ".join(section.paragraphs())
    table = report.table("kecamatan")
    expected = kecamatan_table(result, pkg)
    assert len(table) == len(expected) == result.desa["kode_kec"].nunique()
    classes = table.data["kelas_kec_gabungan"].astype(float).tolist()
    assert classes == sorted(classes, reverse=True)
    assert [f.name for f in section.figures()] == ["peta_kecamatan"]
