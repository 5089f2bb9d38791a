"""Reading boundary sources that are not input packages (e.g. a province's desa GeoJSON)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from .._errors import InputError, Problem
from ..schema import normalise_kode

_RENAME = {"kode": "kode_desa", "nama": "nama_desa"}


def read_desa_source(path: str | Path, kode_kab: str) -> tuple[gpd.GeoDataFrame, dict, dict]:
    """Desa of one kabupaten from a province boundary file, plus context layers beside it.

    Understands the Kemendagri-coded layout (``kode``, ``nama``, ``kode_kec``, ``nama_kec``,
    ``kode_kab``, ``nama_kab``) and the package layout (``kode_desa`` …). Sibling files
    ``kecamatan.geojson``, ``kabupaten.geojson``, ``provinsi.geojson`` and
    ``konteks/sungai*.geojson``, ``konteks/garis_pantai*.geojson`` are used when present.

    Returns
    -------
    desa : GeoDataFrame
    context : dict
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``, ``garis_pantai``.
    info : dict
        ``nama_kabupaten``, ``nama_provinsi``.
    """
    path = Path(path)
    kode_kab = normalise_kode(kode_kab)
    if not path.is_file():
        raise InputError([Problem(str(path), "file batas tidak ditemukan")])
    gdf = gpd.read_file(path).rename(columns=_RENAME)
    if "kode_kab" not in gdf:
        gdf["kode_kab"] = gdf["kode_desa"].str[:5]
    desa = gdf[gdf["kode_kab"] == kode_kab].copy()
    if desa.empty:
        raise InputError([Problem(path.name, f"tidak ada desa dengan kode kabupaten {kode_kab}",
                                  column="kode_kab")])
    info = {"nama_kabupaten": str(desa["nama_kab"].iloc[0]) if "nama_kab" in desa else kode_kab,
            "nama_provinsi": f"Provinsi {kode_kab[:2]}"}
    folder = path.parent
    context: dict[str, gpd.GeoDataFrame] = {}
    kec = folder / "kecamatan.geojson"
    if kec.is_file():
        k = _recode(gpd.read_file(kec), "kec")
        context["kecamatan"] = k[k["kode_kec"].str.startswith(kode_kab + ".")]
    kab = folder / "kabupaten.geojson"
    if kab.is_file():
        k = _recode(gpd.read_file(kab), "kab")
        context["konteks_kabupaten"] = k
        context["kabupaten"] = k[k["kode_kab"] == kode_kab]
    prov = folder / "provinsi.geojson"
    if prov.is_file():
        p = gpd.read_file(prov)
        if "nama" in p and len(p):
            info["nama_provinsi"] = f"Provinsi {p['nama'].iloc[0]}"
    for name, pattern in (("sungai", "sungai*.geojson"), ("garis_pantai", "garis_pantai*.geojson")):
        found = sorted((folder / "konteks").glob(pattern))
        if found:
            lines = gpd.read_file(found[0])
            bbox = desa.to_crs(lines.crs).total_bounds
            context[name] = lines.cx[bbox[0] - 0.3:bbox[2] + 0.3, bbox[1] - 0.3:bbox[3] + 0.3][
                ["geometry"]]
    cols = ["kode_desa", "nama_desa", "kode_kec", "nama_kec", "geometry"]
    return desa[cols].reset_index(drop=True), context, info


def _recode(gdf: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """Keep ``kode_<level>``, ``nama_<level>``, geometry (from ``kode``/``nama`` if present)."""
    kode = gdf["kode"] if "kode" in gdf else gdf[f"kode_{level}"]
    nama = gdf["nama"] if "nama" in gdf else gdf[f"nama_{level}"]
    return gpd.GeoDataFrame({f"kode_{level}": kode.map(normalise_kode), f"nama_{level}": nama},
                            geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
