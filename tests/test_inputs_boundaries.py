"""Boundary files as they arrive: GeoPackage with odd layers, shapefiles with and without
``.cpg``, GeoJSON with BIG column names, invalid geometries, missing outlines, and joins to
BPS tables through the explicit BPS↔Kemendagri crosswalk.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from _inputs_helpers import SHARED, SMALL, copy_small, run_cli
from shapely.geometry import Polygon

from ppsp_analysis.io import read_package
from ppsp_analysis.io.boundaries import read_boundaries, read_crosswalk
from ppsp_analysis.matching import bps_to_kemendagri
from ppsp_analysis.validation import check_location


@pytest.fixture(scope="module")
def desa() -> gpd.GeoDataFrame:
    return gpd.read_file(SMALL / "batas.gpkg", layer="desa")


def _replace_boundaries(pkg_dir, write) -> None:
    (pkg_dir / "batas.gpkg").unlink()
    write(pkg_dir)


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


def test_gpkg_layer_chosen_by_its_codes(tmp_path, desa):
    pkg = copy_small(tmp_path)

    def write(d):
        kec = desa.dissolve(by="kode_kec", aggfunc="first").reset_index()
        kec[["kode_kec", "nama_kec", "geometry"]].to_file(d / "batas.gpkg", layer="adm3_2025")
        desa.to_file(d / "batas.gpkg", layer="adm4_poligon_2025")
    _replace_boundaries(pkg, write)
    read, problems = read_package(pkg)
    assert _errors(problems) == []
    assert any("layer 'adm4_poligon_2025' dipakai sebagai layer desa" in p.message
               for p in problems)
    assert len(read.desa) == len(desa)


def test_shapefile_with_cpg_encodings(tmp_path, desa):
    for encoding, cpg in (("utf-8", "UTF-8"), ("cp1252", "1252")):
        pkg = copy_small(tmp_path, f"paket-{encoding}")
        d = desa.copy()
        d.loc[0, "nama_desa"] = "Désa Pélangi"

        def write(p, d=d, encoding=encoding, cpg=cpg):
            d.to_file(p / "batas.shp", encoding=encoding)
            (p / "batas.cpg").write_text(cpg)
        _replace_boundaries(pkg, write)
        read, problems = read_package(pkg)
        assert _errors(problems) == [], encoding
        assert read.desa.loc[0, "nama_desa"] == "Désa Pélangi", encoding


def test_shapefile_without_cpg_garbled_names_are_repaired(tmp_path, desa):
    pkg = copy_small(tmp_path)
    d = desa.copy()
    d.loc[0, "nama_desa"] = "Désa Pélangi"

    def write(p):
        d.to_file(p / "batas.shp", encoding="utf-8")
        (p / "batas.cpg").unlink()
    _replace_boundaries(pkg, write)
    read, problems = read_package(pkg)
    assert _errors(problems) == []
    assert read.desa.loc[0, "nama_desa"] == "Désa Pélangi"
    note = [p for p in problems if "pengodean yang salah" in p.message]
    assert note and "batas.cpg" in note[0].hint


def test_geojson_with_big_column_names(tmp_path, desa):
    pkg = copy_small(tmp_path)

    def write(p):
        big = desa.rename(columns={"kode_desa": "KDEPUM", "nama_desa": "WADMKD",
                                   "kode_kec": "KDCPUM", "nama_kec": "WADMKC"})
        big.to_file(p / "batas.geojson", driver="GeoJSON")
    _replace_boundaries(pkg, write)
    read, problems = read_package(pkg)
    assert _errors(problems) == []
    assert list(read.desa.columns[:4]) == ["kode_desa", "nama_desa", "kode_kec", "nama_kec"]


def test_outlines_are_dissolved_when_missing(tmp_path, desa):
    pkg = copy_small(tmp_path)
    _replace_boundaries(pkg, lambda p: desa.to_file(p / "batas.gpkg", layer="desa"))
    read, problems = read_package(pkg)
    assert _errors(problems) == []
    kec, kab = read.context["kecamatan"], read.context["kabupaten"]
    assert sorted(kec["kode_kec"]) == sorted(desa["kode_kec"].unique())
    assert (kec["asal"] == "dissolve").all() and kab["kode_kab"].tolist() == ["99.03"]
    assert kab.geometry.iloc[0].area == pytest.approx(desa.union_all().area, rel=1e-6)


def test_invalid_geometry_is_repaired_and_reported(tmp_path, desa):
    pkg = copy_small(tmp_path)
    d = desa.copy()
    x0, y0, x1, y1 = d.geometry.iloc[2].bounds
    d.loc[2, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])   # bow-tie
    _replace_boundaries(pkg, lambda p: d.to_file(p / "batas.gpkg", layer="desa"))
    code, _, err = run_cli("validate", pkg)
    assert code == 0, err
    assert "batas.gpkg, sheet desa, baris 3, kolom geometry: geometri tidak valid" in err
    assert "diperbaiki otomatis dengan make_valid" in err


def test_check_location_explains_swapped_and_wrong_crs(desa):
    swapped = desa.set_geometry(desa.geometry.map(
        lambda g: Polygon([(y, x) for x, y in g.exterior.coords])))
    assert "tertukar" in check_location(swapped, "b", "desa")[0].message
    metres = desa.to_crs(32750).set_crs(4326, allow_override=True)
    p = check_location(metres, "b", "desa")[0]
    assert "dalam meter tetapi CRS file tertulis derajat" in p.message
    assert "EPSG:32750" in p.hint
    degrees = desa.set_crs(32750, allow_override=True)
    assert "dalam derajat tetapi CRS" in check_location(degrees, "b", "desa")[0].message
    assert check_location(desa, "b", "desa") == []
    one = desa.copy()
    g = one.geometry.iloc[4]
    one.loc[4, "geometry"] = Polygon([(y, x) for x, y in g.exterior.coords])
    problems = check_location(one, "b", "desa")
    assert [(p.row, "tertukar" in p.message) for p in problems] == [(5, True)]


@pytest.mark.shared
def test_bps_join_goes_through_the_crosswalk():
    if not (SHARED / "kode_bps_kemendagri.csv").is_file():
        pytest.skip(f"../shared/data/kalteng not found: {SHARED} (crosswalk absent)")
    cw = read_crosswalk(SHARED / "kode_bps_kemendagri.csv")
    stats = pd.read_csv(SHARED / "statistik" / "kecamatan_gunung_mas_kapuas.csv", dtype=str)
    table = stats[["kode_bps", "nama"]].copy()
    table.loc[len(table)] = ["6299999", "Tidak ada"]
    joined, missing = bps_to_kemendagri(table, "kode_bps", cw, level="kecamatan")
    assert missing == ["6299999"]
    got = joined.dropna(subset=["kode_kemendagri"]).set_index("kode_bps")["kode_kemendagri"]
    assert (got == stats.set_index("kode_bps")["kode"]).all()
    kab, _ = bps_to_kemendagri(pd.DataFrame({"bps": [6211, "6210"]}), "bps", cw, "kabupaten")
    assert kab["kode_kemendagri"].tolist() == ["62.10", "62.11"]   # never by stripping dots


@pytest.mark.shared
def test_real_province_file_for_one_kabupaten():
    if not (SHARED / "desa.geojson").is_file():
        pytest.skip(f"../shared/data/kalteng not found: {SHARED} (real boundaries absent)")
    desa, context, info, problems = read_boundaries(SHARED / "desa.geojson", "62.10")
    assert len(desa) == 127 and _errors(problems) == []
    assert info["nama_kabupaten"] == "Kabupaten Gunung Mas"
    assert len(context["kecamatan"]) == 12 and len(context["konteks_kabupaten"]) == 14
