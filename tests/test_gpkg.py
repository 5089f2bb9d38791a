"""``area_berisiko.gpkg``: layers, summaries and QGIS styles, read back without QGIS.

(QGIS itself opens the file in tests/test_qgis.py.)
"""

from __future__ import annotations

import doctest
import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from ppsp_analysis import score_package
from ppsp_analysis.io import read_package
from ppsp_analysis.io.gpkg import read_desa_layer, write_gpkg
from ppsp_analysis.labels import UnitNames
from ppsp_analysis.maps import gis_layers, qgis_style
from ppsp_analysis.maps.style import THEMES, MapStyle, get_theme

RISK_THEMES = [t for t in THEMES if t.kind == "risk"]


@pytest.fixture(scope="module")
def scored(tiny_packages):
    pkg, _ = read_package(tiny_packages[0])
    result = score_package(pkg)
    desa = result.desa.copy()
    # one desa without a combined class, to see "tidak ada data" counted
    desa.loc[desa.index[0], "kelas_gabungan"] = pd.NA
    result.desa = desa
    return result


@pytest.fixture(scope="module")
def gpkg(scored, tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "area_berisiko.gpkg"
    write_gpkg(scored.desa, path, scored.meta, scored.method)
    return path


def _styles(path) -> pd.DataFrame:
    with sqlite3.connect(path) as con:
        return pd.read_sql("SELECT * FROM layer_styles ORDER BY id", con)


def _qml_colors(root: ET.Element) -> dict[str, str]:
    """Category value → fill colour (``r,g,b,a``) of its symbol's first layer."""
    colors = {}
    symbols = {s.get("name"): s for s in root.find("renderer-v2/symbols")}
    for cat in root.iter("category"):
        layer = symbols[cat.get("symbol")].find("layer")
        colors[cat.get("value")] = layer.find("prop[@k='color']").get("v")
    return colors


def _rgba(hex_color: str) -> str:
    return ",".join(str(int(hex_color[i:i + 2], 16)) for i in (1, 3, 5)) + ",255"


def test_layers_and_desa_table(gpkg, scored):
    assert [n for n, _ in pyogrio.list_layers(gpkg)] == [
        "desa", "kecamatan", "kabupaten", "layer_styles"]
    desa = gpd.read_file(gpkg, layer="desa")
    src = scored.desa.reset_index(drop=True)
    assert [c for c in desa.columns if c != "geometry"] == [c for c in src.columns
                                                             if c != "geometry"]
    assert desa.crs == src.crs
    for theme in THEMES:
        assert desa[theme.column].astype("Float64").equals(src[theme.column].astype("Float64"))
    assert read_desa_layer(gpkg, columns=["kode_desa"])["kode_desa"].tolist() == \
        src["kode_desa"].tolist()


def test_kecamatan_and_kabupaten_summaries(gpkg, scored):
    desa = scored.desa
    kec = gpd.read_file(gpkg, layer="kecamatan")
    kab = gpd.read_file(gpkg, layer="kabupaten")
    assert sorted(kec["kode_kec"]) == sorted(desa["kode_kec"].unique())
    assert kec.set_index("kode_kec")["nama_kec"].to_dict() == \
        desa.groupby("kode_kec")["nama_kec"].first().to_dict()
    assert kec["jumlah_desa"].sum() == len(desa) == kab["jumlah_desa"].iloc[0]
    for theme in RISK_THEMES:
        for kode, part in desa.groupby("kode_kec"):
            row = kec.set_index("kode_kec").loc[kode]
            for value in (1, 2, 3, 4):
                assert row[f"{theme.key}_kelas_{value}"] == (part[theme.column] == value).sum()
            assert row[f"{theme.key}_tanpa_data"] == part[theme.column].isna().sum()
        total = sum(kab[f"{theme.key}_kelas_{v}"].iloc[0] for v in (1, 2, 3, 4))
        assert total + kab[f"{theme.key}_tanpa_data"].iloc[0] == len(desa)
    assert kab["gabungan_tanpa_data"].iloc[0] == 1
    assert kab["gabungan_prioritas"].iloc[0] == desa["prioritas_gabungan"].sum()
    assert "irs_prioritas" not in kab.columns  # IRS classes have no priority flag
    row = kab.iloc[0]
    assert (row["kode_kab"], row["nama_kab"], row["tahun"], row["jumlah_kecamatan"]) == (
        "99.01", "Kabupaten Sukamaju Rekaan", 2026, desa["kode_kec"].nunique())
    # dissolved outlines cover the desa (slivers closed, nothing lost)
    metric = gis_layers.utm_crs(desa)
    union = shapely.union_all(desa.to_crs(metric).geometry.values)
    kab_area = kab.to_crs(metric).geometry.iloc[0].area
    assert kab_area == pytest.approx(union.area, rel=1e-3)
    assert kec.to_crs(metric).area.sum() == pytest.approx(kab_area, rel=1e-3)


def test_layer_styles_table(gpkg, scored):
    styles = _styles(gpkg)
    assert {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
            "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner",
            "ui", "update_time"} <= set(styles.columns)
    with sqlite3.connect(gpkg) as con:
        geom_cols = dict(con.execute(
            "SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
        kind = con.execute("SELECT data_type FROM gpkg_contents WHERE table_name = "
                           "'layer_styles'").fetchone()[0]
    assert kind == "attributes"
    for _, row in styles.iterrows():
        assert row["f_geometry_column"] == geom_cols[row["f_table_name"]]
    defaults = styles[styles["useAsDefault"] == 1]
    assert sorted(defaults["f_table_name"]) == ["desa", "kabupaten", "kecamatan"]
    assert defaults.set_index("f_table_name").loc["desa", "styleName"] == \
        get_theme("gabungan").name
    desa_styles = styles[styles["f_table_name"] == "desa"]
    units = UnitNames.from_codes(scored.desa["kode_desa"])  # desa and kelurahan here
    assert list(desa_styles["styleName"]) == [units.adapt(t.name) for t in THEMES]
    assert "Strata Desa/Kelurahan EHRA" in list(desa_styles["styleName"])


@pytest.mark.parametrize("theme", THEMES, ids=[t.key for t in THEMES])
def test_desa_style_qml(gpkg, scored, theme):
    style = MapStyle()
    units = UnitNames.from_codes(scored.desa["kode_desa"])
    styles = _styles(gpkg).set_index("styleName")
    root = ET.fromstring(styles.loc[units.adapt(theme.name), "styleQML"].split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert (renderer.get("type"), renderer.get("attr")) == ("categorizedSymbol", theme.column)
    values = [c.get("value") for c in root.iter("category")]
    first = 0 if theme.kind == "strata" else 1
    assert values == [str(v) for v in range(first, 5)] + [""]
    colors = style.strata_colors if theme.kind == "strata" else style.risk_colors
    expected = {str(v): _rgba(c) for v, c in zip(range(first, 5), colors, strict=True)}
    assert _qml_colors(root) == {**expected, "": _rgba(style.no_data_color)}
    column = scored.desa[theme.column]
    labels = {c.get("value"): c.get("label") for c in root.iter("category")}
    for value in range(first, 5):
        assert labels[str(value)].endswith(f" — {(column == value).sum()} {units.kata}")
    assert labels[""] == f"Tidak ada data — {column.isna().sum()} {units.kata}"
    if theme.kind == "risk":
        assert labels["4"].startswith("Berisiko sangat tinggi (4) — ")
    aliases = {a.get("field"): a.get("name") for a in root.iter("alias")}
    assert set(aliases) == set(scored.desa.columns) - {"geometry"}
    assert all(aliases.values())
    assert aliases["kelas_gabungan"] == "Kelas Gabungan"
    assert aliases["p_1a"] == "% RT berisiko 1a: Air minum dari sumber tidak terlindungi"
    assert aliases["ind_kepadatan"] == "Kepadatan (jiwa/ha)"
    value_map = root.find("fieldConfiguration/field[@name='kelas_air_limbah']/editWidget")
    assert value_map.get("type") == "ValueMap"
    assert [(o.get("name"), o.get("value")) for o in value_map.iter("Option")
            if o.get("type") == "QString"][0] == ("Berisiko sangat rendah (1)", "1")
    # IRS classes keep their own (EHRA) wording
    value_map = root.find("fieldConfiguration/field[@name='kelas_irs']/editWidget")
    assert [(o.get("name"), o.get("value")) for o in value_map.iter("Option")
            if o.get("type") == "QString"][0] == ("Kurang berisiko (1)", "1")
    if theme.kind == "risk":
        first_label = "Kurang berisiko (1)" if theme.key == "irs" else \
            "Berisiko sangat rendah (1)"
        assert labels["1"].startswith(first_label + " — ")


def test_gpkg_class_names_follow_the_method(scored, tmp_path):
    # kelas.label: lama -> the older wording on the area-berisiko classes as well
    from ppsp_analysis.method import merge_method

    method = merge_method(scored.method, {"kelas": {"label": "lama",
                                                    "label_area": {4: "Amat tinggi"}}})
    path = tmp_path / "lama.gpkg"
    write_gpkg(scored.desa, path, scored.meta, method)
    styles = _styles(path).set_index("styleName")
    root = ET.fromstring(styles.loc["Air Limbah Domestik", "styleQML"].split("\n", 1)[1])
    labels = {c.get("value"): c.get("label") for c in root.iter("category")}
    assert labels["1"].startswith("Kurang berisiko (1) — ")
    assert labels["2"].startswith("Berisiko sedang (2) — ")
    assert labels["4"].startswith("Amat tinggi (4) — ")
    kec = ET.fromstring(_styles(path).set_index("f_table_name").loc["kecamatan", "styleQML"]
                        .split("\n", 1)[1])
    aliases = {a.get("field"): a.get("name") for a in kec.iter("alias")}
    # the unit word follows the package's codes (desa, kelurahan or both)
    assert aliases["gabungan_kelas_2"].endswith(" berisiko sedang (2) — Gabungan (Prioritas)")


def test_boundary_styles_have_names_and_aliases(gpkg):
    styles = _styles(gpkg).set_index("f_table_name")
    kec = ET.fromstring(styles.loc["kecamatan", "styleQML"].split("\n", 1)[1])
    assert kec.get("labelsEnabled") == "1"
    assert kec.find("labeling/settings/text-style").get("fieldName") == "nama_kec"
    fill = kec.find("renderer-v2/symbols/symbol/layer")
    assert fill.find("prop[@k='style']").get("v") == "no"
    aliases = {a.get("field"): a.get("name") for a in kec.iter("alias")}
    # this kabupaten has desa and kelurahan: the aliases say both
    assert aliases["gabungan_kelas_4"] == ("Desa/kelurahan berisiko sangat tinggi (4) — "
                                           "Gabungan (Prioritas)")
    assert aliases["jumlah_desa"] == "Jumlah desa/kelurahan"


def test_failed_write_keeps_the_previous_file(gpkg, scored, tmp_path):
    target = tmp_path / "area_berisiko.gpkg"
    target.write_bytes(gpkg.read_bytes())
    before = target.read_bytes()
    with pytest.raises(ValueError, match="CRS"):
        write_gpkg(scored.desa.set_crs(None, allow_override=True), target, scored.meta)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["area_berisiko.gpkg"]


def test_old_output_layer_name_is_still_read(scored, tmp_path):
    old = tmp_path / "area_berisiko.gpkg"
    scored.desa.to_file(old, layer="area_berisiko", driver="GPKG", index=False)
    assert len(read_desa_layer(old, columns=["kode_desa"])) == len(scored.desa)


def test_category_label_formats_counts():
    assert qgis_style.category_label(3, "Berisiko tinggi", 12) == "Berisiko tinggi (3) — 12 desa"
    assert qgis_style.category_label(1, "Kurang berisiko", 1571) == \
        "Kurang berisiko (1) — 1.571 desa"
    assert qgis_style.category_label(0, "Strata 0", 7) == "Strata 0 — 7 desa"


@pytest.mark.parametrize("module", [gis_layers, qgis_style], ids=["gis_layers", "qgis_style"])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
