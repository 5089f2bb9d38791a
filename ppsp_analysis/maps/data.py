"""Prepare a scored GeoDataFrame (and optional context layers) for drawing.

Everything is projected to the kabupaten's UTM zone (WGS 84 / UTM, EPSG 326xx
north or 327xx south) so distances, the scale bar and the representative
fraction are in metres.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from .._errors import PPSPError
from ..labels import UnitNames
from ..numbering import MAP_NUMBER, map_numbers

__all__ = ["MapData", "MapInputError", "prepare_map_data", "utm_crs", "inscribed_circles",
           "sea_in_frame"]

REQUIRED = ("nama_desa", "kode_kec", "nama_kec")


class MapInputError(PPSPError, ValueError):
    """The table given to a map function cannot be drawn."""


@dataclass(frozen=True)
class MapData:
    """Projected layers of one kabupaten, ready to draw.

    Attributes
    ----------
    desa : geopandas.GeoDataFrame
        One row per desa, index ``kode_desa`` (string), in :attr:`crs`, with the map number
        ``no_peta`` (:mod:`ppsp_analysis.numbering`; computed when the table lacks it).
    kecamatan : geopandas.GeoDataFrame
        ``kode_kec``, ``nama_kec``, geometry, in :attr:`crs`.
    kabupaten : shapely geometry
        The kabupaten outline, in :attr:`crs`.
    konteks : geopandas.GeoDataFrame or None
        Every kabupaten of the province (``kode_kab``, ``nama_kab``), for the
        neighbours drawn in grey and the locator inset.
    sungai : geopandas.GeoSeries or None
        River lines.
    provinsi : shapely geometry or None
        Union of :attr:`konteks` (the province outline), for the inset.
    desa_anchor, kec_anchor : numpy.ndarray
        ``(n, 2)`` centres of the largest circle inside each desa / kecamatan
        (where labels go first).
    desa_radius : numpy.ndarray
        Radius of that circle per desa, in metres.
    crs : pyproj.CRS
        The UTM CRS.
    kode_kabupaten : str
        Kemendagri code of the kabupaten (``62.03``).
    pantai : geopandas.GeoDataFrame or None
        Coastline lines (context layer ``garis_pantai``; ``gshhg_level`` kept when given:
        1 sea/land, 2 lake), for telling sea from land around the province
        (:func:`sea_in_frame`). None: unknown, nothing outside the province is drawn.
    """

    @property
    def units(self) -> UnitNames:
        """What the areas are called (desa, kelurahan or both), from their codes."""
        return UnitNames.from_codes(self.desa.index)

    desa: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    kabupaten: BaseGeometry
    konteks: gpd.GeoDataFrame | None
    sungai: gpd.GeoSeries | None
    provinsi: BaseGeometry | None
    crs: pyproj.CRS
    kode_kabupaten: str
    desa_anchor: np.ndarray
    desa_radius: np.ndarray
    kec_anchor: np.ndarray
    pantai: gpd.GeoDataFrame | None = None

    @property
    def utm_zone(self) -> str:
        """UTM zone label such as ``50S``."""
        code = self.crs.to_epsg() or 0
        return f"{code % 100}{'S' if code // 100 == 327 else 'N'}"


def utm_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pyproj.CRS:
    """WGS 84 / UTM CRS of the zone holding the centroid of ``gdf``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoSeries([box(114.0, -3.0, 114.2, -2.8)], crs=4326)
    >>> utm_crs(g).to_epsg()
    32750
    """
    lonlat = gdf.to_crs(4326) if gdf.crs is not None and not gdf.crs.equals("EPSG:4326") else gdf
    xmin, ymin, xmax, ymax = lonlat.total_bounds
    lon, lat = (xmin + xmax) / 2, (ymin + ymax) / 2
    zone = min(60, max(1, int((lon + 180) // 6) + 1))
    return pyproj.CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def _valid(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    bad = ~geoms.is_valid
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad].values)
        # keep the polygonal part only (make_valid may add stray lines)
        geoms[bad] = geoms[bad].apply(_polygonal)
    return geoms


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", [geom])
             if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _check(scored: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not isinstance(scored, gpd.GeoDataFrame):
        raise MapInputError("Peta butuh GeoDataFrame (tabel hasil skor dengan geometri desa).")
    if scored.crs is None:
        raise MapInputError("GeoDataFrame tidak punya CRS; tetapkan dulu, mis. gdf.set_crs(4326).")
    missing = [c for c in REQUIRED if c not in scored.columns]
    if missing:
        raise MapInputError(f"Kolom wajib tidak ada: {', '.join(missing)}")
    desa = scored.copy()
    if "kode_desa" in desa.columns:
        desa = desa.set_index(desa["kode_desa"].astype(str), drop=True)
        desa = desa.drop(columns="kode_desa")
    desa.index = desa.index.astype(str)
    desa.index.name = "kode_desa"
    if desa.index.duplicated().any():
        dup = ", ".join(sorted(set(desa.index[desa.index.duplicated()]))[:5])
        raise MapInputError(f"kode_desa ganda: {dup}")
    empty = desa.geometry.isna() | desa.geometry.is_empty
    if empty.any():
        raise MapInputError(
            f"{int(empty.sum())} desa tanpa geometri: {', '.join(desa.index[empty][:5])}"
        )
    if len(desa) == 0:
        raise MapInputError("Tabel desa kosong.")
    if MAP_NUMBER not in desa.columns:  # a table not from score_package: same rule
        desa[MAP_NUMBER] = map_numbers(desa.index.to_series()).to_numpy()
    return desa


def _named(layer: gpd.GeoDataFrame | None, level: str) -> gpd.GeoDataFrame | None:
    """Accept generic ``kode``/``nama`` columns as ``kode_<level>``/``nama_<level>``."""
    if layer is None:
        return None
    renames = {src: f"{src}_{level}" for src in ("kode", "nama")
               if src in layer.columns and f"{src}_{level}" not in layer.columns}
    return layer.rename(columns=renames) if renames else layer


def _pick(layer: gpd.GeoDataFrame | None, column: str, values: set[str]) -> gpd.GeoDataFrame | None:
    if layer is None or len(layer) == 0:
        return None
    if column in layer.columns and len(layer) > 1:
        layer = layer[layer[column].astype(str).isin(values)]
    return layer if len(layer) else None


def prepare_map_data(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object] | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
    *,
    boundaries_from_desa: bool = True,
) -> MapData:
    """Validate and project a scored table and its context layers.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        The scored table (docs/kontrak_data.md §2), any CRS.
    meta : mapping, optional
        Only ``kode_kabupaten`` is used here (to pick the kabupaten out of
        context layers holding several).
    context : mapping, optional
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``, ``garis_pantai``.
        Missing ``kecamatan``/``kabupaten`` are dissolved from the desa.
    boundaries_from_desa : bool
        Dissolve kecamatan and kabupaten from the desa even when layers are
        given, so their lines coincide exactly with the desa edges (separately
        simplified layers otherwise cross the desa they bound). Gaps smaller
        than 0.5 km² between desa are closed.

    Returns
    -------
    MapData
    """
    meta = meta or {}
    context = context or {}
    desa = _check(scored)
    crs = utm_crs(desa)
    desa = desa.to_crs(crs)
    desa = desa.set_geometry(_valid(desa.geometry))
    kode_kab = str(meta.get("kode_kabupaten") or _kab_code(desa))

    kecs = set(desa["kode_kec"].astype(str))
    kec = _pick(_named(context.get("kecamatan"), "kec"), "kode_kec", kecs)
    if kec is None or boundaries_from_desa:
        kec = _dissolve(desa)
    else:
        kec = kec.to_crs(crs)
        kec = kec.set_geometry(_valid(kec.geometry))
    kec = kec[["kode_kec", "nama_kec", "geometry"]].reset_index(drop=True)

    kab_layer = _pick(_named(context.get("kabupaten"), "kab"), "kode_kab", {kode_kab})
    if kab_layer is None or boundaries_from_desa:
        kab_geom = _fill_gaps(shapely.union_all(kec.geometry.values, grid_size=GRID))
    else:
        kab_geom = shapely.union_all(_valid(kab_layer.to_crs(crs).geometry).values)

    konteks = _named(context.get("konteks_kabupaten"), "kab")
    if konteks is not None and len(konteks):
        konteks = konteks.to_crs(crs)
        konteks = konteks.set_geometry(_valid(konteks.geometry))
        for col in ("kode_kab", "nama_kab"):
            if col not in konteks.columns:
                konteks[col] = ""
        konteks = konteks[["kode_kab", "nama_kab", "geometry"]].reset_index(drop=True)
        konteks["kode_kab"] = konteks["kode_kab"].astype(str)
        if not (konteks["kode_kab"] == kode_kab).any():
            # codes differ (e.g. BPS codes): the kabupaten is the one covering most of it
            overlap = shapely.area(shapely.intersection(konteks.geometry.values, kab_geom))
            konteks.loc[int(np.argmax(overlap)), "kode_kab"] = kode_kab
    else:
        konteks = None

    sungai = context.get("sungai")
    if sungai is not None and len(sungai):
        sungai = (sungai.geometry if isinstance(sungai, gpd.GeoDataFrame) else sungai).to_crs(crs)
    else:
        sungai = None

    provinsi = None
    if konteks is not None:  # outline only: slivers between kabupaten are not holes
        union = shapely.union_all(konteks.geometry.values, grid_size=GRID)
        provinsi = shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in
                                         shapely.get_parts(union) if p.geom_type == "Polygon"])
    d_anchor, d_radius = inscribed_circles(desa.geometry.values)
    k_anchor, _ = inscribed_circles(kec.geometry.values)
    pantai = context.get("garis_pantai")
    if pantai is not None and len(pantai):
        pantai = gpd.GeoDataFrame(geometry=pantai.geometry.values, crs=pantai.crs).assign(
            gshhg_level=pantai["gshhg_level"].to_numpy() if "gshhg_level" in pantai.columns
            else 1).to_crs(crs)
    else:
        pantai = None
    return MapData(desa, kec, kab_geom, konteks, sungai, provinsi, crs, kode_kab,
                   d_anchor, d_radius, k_anchor, pantai)


def sea_in_frame(data: MapData, extent: tuple[float, float, float, float]
                 ) -> BaseGeometry | None:
    """The sea (and lakes) inside a map frame, from the coastline layer.

    The frame is cut into faces by the coastline; a face is land when it holds the centre of
    a desa or of a kabupaten of the province, lies on an island (a closed level-1 shoreline)
    or is mostly covered by the province; every other face is water. Land outside the
    province (a neighbouring province) is therefore land, not sea.

    Parameters
    ----------
    data : MapData
    extent : tuple of float
        ``(xmin, ymin, xmax, ymax)`` of the frame, map units.

    Returns
    -------
    shapely geometry or None
        The water inside the frame (empty when the coast does not cross it); None when no
        coastline layer was given (sea and land outside the province unknown).
    """
    if data.pantai is None:
        return None
    frame = shapely.box(*extent)
    lines = data.pantai.geometry.values
    hit = shapely.intersects(lines, frame)
    if not hit.any():
        return shapely.Polygon()
    clipped = shapely.intersection(lines[hit], frame)
    noded = shapely.union_all([frame.boundary, *clipped])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    points = [data.desa_anchor]
    if data.konteks is not None:
        points.append(shapely.get_coordinates(
            shapely.point_on_surface(data.konteks.geometry.values)))
    xy = np.concatenate(points)
    level = data.pantai["gshhg_level"].to_numpy()
    rings = lines[shapely.is_closed(lines) & (level == 1)]
    islands = shapely.union_all([shapely.Polygon(shapely.get_coordinates(r)) for r in rings
                                 if len(shapely.get_coordinates(r)) >= 4])
    land_area = data.provinsi if data.provinsi is not None else data.kabupaten
    water = []
    for face in faces:
        if shapely.contains_xy(face, xy[:, 0], xy[:, 1]).any():
            continue
        inside = shapely.point_on_surface(face)
        if not islands.is_empty and islands.contains(inside):
            continue
        if shapely.area(shapely.intersection(face, land_area)) > 0.5 * face.area:
            continue
        water.append(face)
    return shapely.union_all(water) if water else shapely.Polygon()

def inscribed_circles(geoms: np.ndarray, tolerance: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """Centres ``(n, 2)`` and radii ``(n,)`` of the maximum inscribed circles."""
    mic = shapely.maximum_inscribed_circle(np.asarray(geoms), tolerance=tolerance)
    return shapely.get_coordinates(shapely.get_point(mic, 0)), shapely.length(mic)


#: Precision (m) of dissolved boundaries; snapping closes hairline gaps between desa.
GRID = 1.0
#: Holes smaller than this (m²) in dissolved areas are slivers between desa, not features.
MIN_HOLE = 5e5


def _fill_gaps(geom: BaseGeometry) -> BaseGeometry:
    """Drop interior rings smaller than :data:`MIN_HOLE`."""
    polys = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon":
            continue
        holes = [r for r in part.interiors if shapely.Polygon(r).area >= MIN_HOLE]
        polys.append(shapely.Polygon(part.exterior, holes))
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def _dissolve(desa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Kecamatan polygons as the union of their desa (snapped, slivers closed)."""
    rows = []
    for kode, part in desa.groupby("kode_kec", sort=True):
        geom = shapely.union_all(part.geometry.values, grid_size=GRID)
        rows.append((str(kode), str(part["nama_kec"].iloc[0]), _fill_gaps(geom)))
    return gpd.GeoDataFrame(rows, columns=["kode_kec", "nama_kec", "geometry"], crs=desa.crs)


def _kab_code(desa: pd.DataFrame) -> str:
    if "kode_kab" in desa.columns:
        return str(desa["kode_kab"].iloc[0])
    return ".".join(str(desa.index[0]).split(".")[:2])
