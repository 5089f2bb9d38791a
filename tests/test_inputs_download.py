"""``ppsp wilayah unduh`` against a local HTTP server (127.0.0.1 only) serving fixture files
the test writes in the format of cahyadsn/wilayah_boundaries (MySQL INSERTs, rings as
``[lat, lng]``), built from the demo's fictional province 99.
"""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
import time
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from _inputs_helpers import SMALL, run_cli

from ppsp_analysis.io.download import parse_boundary_sql, path_to_geometry


def _path(geom) -> str:
    """A geometry as the source stores it: JSON rings of [lat, lng]."""
    polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    rings = [[[[round(y, 7), round(x, 7)] for x, y in ring.coords]
              for ring in (p.exterior, *p.interiors)] for p in polys]
    return json.dumps(rings[0] if len(rings) == 1 else rings, separators=(",", ":"))


def _sql(rows) -> str:
    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"
    body = ",\n".join(f"\t({q(k)},{q(n)},{g.centroid.y},{g.centroid.x},{q(_path(g))})"
                      for k, n, g in rows)
    return ("/*\nfilename  : fixture\nMIT License\n*/\n"
            f"INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n{body};\n")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the source repository layout for province 99 (kabupaten 99.03)."""
    root = tmp_path_factory.mktemp("sumber")
    desa = gpd.read_file(SMALL / "batas.gpkg", layer="desa")
    desa.loc[0, "nama_desa"] = "Ma'u Rekaan"                 # a quote inside a name
    kec = desa.dissolve(by="kode_kec", aggfunc="first").reset_index()
    kab = desa.union_all()
    for rel, rows in {
        "db/kab/wilayah_boundaries_kab_99.sql": [("99.03", "Kota Bandar Fiktif", kab)],
        "db/kec/wilayah_boundaries_kec_99.sql": list(zip(kec["kode_kec"], kec["nama_kec"],
                                                         kec.geometry, strict=True)),
        "db/kel/99/wilayah_boundaries_kel_99.03.sql": list(zip(
            desa["kode_desa"], desa["nama_desa"], desa.geometry, strict=True)),
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(_sql(rows), "utf-8")
    return root


@pytest.fixture()
def server(source):
    handler = functools.partial(_QuietHandler, directory=str(source))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture()
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("PPSP_CACHE_DIR", str(tmp_path / "cache"))
    return monkeypatch


def test_sql_parser_and_axis_order():
    text = ("INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
            "('62.10.01.2001','Tumbang Ma\\'u',-1.5,113.8,'[[[-1,113],[-1,114],[-2,114],"
            "[-1,113]]]'),\n('62.10.01.2002','A''B',NULL,NULL,'[[[[-1,113],[-1,114],[-2,114],"
            "[-1,113]]],[[[-3,113],[-3,114],[-4,114],[-3,113]]]]');")
    recs = parse_boundary_sql(text)
    assert [(r.kode, r.nama, r.lat) for r in recs] == [
        ("62.10.01.2001", "Tumbang Ma'u", -1.5), ("62.10.01.2002", "A'B", None)]
    geom = path_to_geometry(recs[1].path)
    assert geom.geom_type == "MultiPolygon" and geom.bounds == (113.0, -4.0, 114.0, -1.0)


def test_download_kabupaten_to_geopackage_then_template(server, env, tmp_path):
    env.setenv("PPSP_WILAYAH_URL", server)
    out = tmp_path / "unduhan"
    code, stdout, err = run_cli("wilayah", "unduh", "99.03", "--out", out)
    assert code == 0, err
    assert "28 desa, 4 kecamatan, 1 kabupaten/kota" in stdout
    gpkg = out / "batas.gpkg"
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert layers == {"desa", "kecamatan", "kabupaten", "konteks_kabupaten"}
    got = gpd.read_file(gpkg, layer="desa").set_index("kode_desa")
    ref = gpd.read_file(SMALL / "batas.gpkg", layer="desa").set_index("kode_desa")
    assert got.crs.to_epsg() == 4326 and sorted(got.index) == sorted(ref.index)
    assert got.loc[ref.index[0], "nama_desa"] == "Ma'u Rekaan"
    a, b = got.to_crs(32750), ref.to_crs(32750).loc[got.index]
    assert a.geometry.centroid.distance(b.geometry.centroid).max() < 0.1   # [lat, lng] swapped
    assert "cahyadsn/wilayah_boundaries (MIT" in (out / "SUMBER_BATAS.txt").read_text("utf-8")
    code, _, err = run_cli("template", gpkg, "--kabupaten", "99.03", "--out",
                           out / "instrumen.xlsx")
    assert code == 0, err


def test_cache_serves_a_second_run_without_network(server, env, tmp_path, source):
    env.setenv("PPSP_WILAYAH_URL", server)
    assert run_cli("wilayah", "unduh", "99", "--out", tmp_path / "a")[0] == 0
    moved = source.with_name(source.name + "-pergi")
    source.rename(moved)                     # the server now answers 404 for everything
    try:
        code, _, err = run_cli("wilayah", "unduh", "99", "--out", tmp_path / "b")
        assert code == 0, err
        code, _, err = run_cli("wilayah", "unduh", "99", "--out", tmp_path / "c", "--segarkan")
        assert code == 2 and "provinsi 99 tidak ada di sumber" in err
        assert not (tmp_path / "c").exists()
    finally:
        moved.rename(source)


def test_no_network_fails_fast_and_writes_nothing(env, tmp_path):
    with socket.socket() as s:                  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env.setenv("PPSP_WILAYAH_URL", f"http://127.0.0.1:{port}")
    start = time.monotonic()
    code, _, err = run_cli("wilayah", "unduh", "62.10", "--out", tmp_path / "keluar")
    assert code == 2 and time.monotonic() - start < 10
    assert "GALAT: tidak dapat mengunduh" in err and "periksa koneksi internet" in err
    assert "PPSP_WILAYAH_URL" in err and "Traceback" not in err
    assert not (tmp_path / "keluar").exists()
