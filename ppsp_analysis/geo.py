"""Small geometry helpers (pure)."""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS


def utm_crs(gdf: gpd.GeoDataFrame) -> CRS:
    """WGS 84 / UTM zone of the data's centre (EPSG 326xx north, 327xx south).

    Examples
    --------
    >>> import shapely
    >>> g = gpd.GeoDataFrame(geometry=[shapely.Point(113.9, -1.2)], crs=4326)
    >>> utm_crs(g).to_epsg()
    32749
    """
    minx, miny, maxx, maxy = gdf.to_crs(4326).total_bounds  # robust to invalid geometries
    lon, lat = (minx + maxx) / 2, (miny + maxy) / 2
    zone = int((lon + 180) // 6) + 1
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def repair(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy with invalid geometries repaired by ``make_valid`` (polygonal parts kept)."""
    out = gdf.copy()
    bad = ~out.geometry.is_valid
    if bad.any():
        fixed = out.geometry[bad].make_valid()
        out.loc[bad, out.geometry.name] = fixed.apply(_polygonal)
    return out


def _polygonal(geom):
    if geom.geom_type == "GeometryCollection":
        from shapely.ops import unary_union

        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        return unary_union(parts) if parts else geom
    return geom
