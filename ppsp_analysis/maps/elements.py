"""Map furniture: geometry → paths, graticule, north arrow, scale bar, legend, inset, key.

Functions that draw on the *page* axes work in millimetres on paper (the page
axes spans the whole sheet with data limits ``0..width`` and ``0..height``);
functions that draw on the *map* axes work in UTM metres.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import matplotlib.patheffects as pe
import numpy as np
import pyproj
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from shapely.geometry import LineString
from shapely.geometry import box as shp_box
from shapely.geometry.base import BaseGeometry

from .. import fmt
from .data import MapData
from .layout import MM_PER_PT, Box, KeyLayout
from .style import MapStyle

__all__ = [
    "geom_path",
    "line_segments",
    "Graticule",
    "graticule",
    "draw_graticule",
    "true_north_angle",
    "draw_north_arrow",
    "scalebar_spec",
    "draw_scale_bar",
    "LegendRow",
    "draw_legend",
    "draw_inset",
    "draw_key",
    "halo",
]


def halo(width: float = 1.6, color: str = "white") -> list[pe.AbstractPathEffect]:
    """White outline behind text so it reads over any fill."""
    return [pe.withStroke(linewidth=width, foreground=color)]


# --- geometry ------------------------------------------------------------------------


def _polygons(geom: BaseGeometry) -> Iterable[BaseGeometry]:
    if geom.geom_type == "Polygon":
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)


def geom_path(geom: BaseGeometry) -> Path:
    """Matplotlib path of a (multi)polygon, holes included.

    Rings are oriented (shells counter-clockwise, holes clockwise) so the
    non-zero fill rule leaves holes empty.
    """
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in _polygons(shapely.orient_polygons(geom)):
        for ring in (poly.exterior, *poly.interiors):
            xy = shapely.get_coordinates(ring)
            if len(xy) < 4:
                continue
            code = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            code[0], code[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(code)
    if not verts:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    return Path(np.concatenate(verts), np.concatenate(codes))


def line_segments(geoms: Iterable[BaseGeometry]) -> list[np.ndarray]:
    """Coordinate arrays of every line part (polygon boundaries included)."""
    out: list[np.ndarray] = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            geom = geom.boundary if geom.geom_type != "GeometryCollection" else shapely.union_all(
                [g.boundary for g in _polygons(geom)])
        for part in shapely.get_parts(geom):
            if part.geom_type in ("LineString", "LinearRing"):
                out.append(shapely.get_coordinates(part))
            elif hasattr(part, "geoms"):
                out.extend(shapely.get_coordinates(p) for p in part.geoms)
    return out


# --- graticule -------------------------------------------------------------------------


@dataclass(frozen=True)
class Graticule:
    """Graticule lines (map units) and their frame-edge label positions (mm)."""

    step_minutes: int
    lines: tuple[np.ndarray, ...]
    ticks: tuple[tuple[str, float, float, str], ...]  # (side, x_mm, y_mm, text)


_STEPS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600)


def graticule(crs: pyproj.CRS, frame_box: Box, extent: Sequence[float], metres_per_mm: float,
              max_lines: int = 8) -> Graticule:
    """Lines of constant longitude/latitude across a map frame, and edge labels.

    Parameters
    ----------
    crs : pyproj.CRS
        CRS of the map (UTM).
    frame_box : Box
        The frame on paper (mm).
    extent : sequence of float
        The frame in map units.
    metres_per_mm : float
        Scale of the frame.
    max_lines : int
        At most this many lines per direction (the interval is chosen from
        1′, 2′, 5′, 10′, 15′, 20′, 30′, 1°, 2°, 3°, 5°, 10°).
    """
    x0, y0, x1, y1 = extent
    to_ll = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    to_xy = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    t = np.linspace(0, 1, 60)
    ex = np.concatenate([x0 + t * (x1 - x0), np.full(60, x1), x1 - t * (x1 - x0), np.full(60, x0)])
    ey = np.concatenate([np.full(60, y0), y0 + t * (y1 - y0), np.full(60, y1), y1 - t * (y1 - y0)])
    lon, lat = to_ll.transform(ex, ey)
    lo0, lo1, la0, la1 = lon.min(), lon.max(), lat.min(), lat.max()
    for step in _STEPS:
        lons = np.arange(np.ceil(lo0 * 60 / step) * step, lo1 * 60 + 1e-9, step) / 60
        lats = np.arange(np.ceil(la0 * 60 / step) * step, la1 * 60 + 1e-9, step) / 60
        if len(lons) <= max_lines and len(lats) <= max_lines:
            break
    frame = shp_box(x0, y0, x1, y1)
    edges = {
        "bottom": LineString([(x0, y0), (x1, y0)]),
        "top": LineString([(x0, y1), (x1, y1)]),
        "left": LineString([(x0, y0), (x0, y1)]),
        "right": LineString([(x1, y0), (x1, y1)]),
    }
    mpm = metres_per_mm
    fx, fy = frame_box.x, frame_box.y
    corner = 6.0 * mpm
    lines: list[np.ndarray] = []
    ticks: list[tuple[str, float, float, str]] = []
    pad = 0.5
    for axis, values in (("lon", lons), ("lat", lats)):
        for v in values:
            if axis == "lon":
                px, py = to_xy.transform(np.full(300, v), np.linspace(la0 - pad, la1 + pad, 300))
            else:
                px, py = to_xy.transform(np.linspace(lo0 - pad, lo1 + pad, 300), np.full(300, v))
            line = shapely.intersection(LineString(np.column_stack([px, py])), frame)
            if line.is_empty:
                continue
            lines.extend(shapely.get_coordinates(p) for p in shapely.get_parts(line)
                         if p.geom_type == "LineString")
            sides = ("bottom", "top") if axis == "lon" else ("left", "right")
            full = LineString(np.column_stack([px, py]))
            for side in sides:
                hit = shapely.intersection(full, edges[side])
                for pt in shapely.get_parts(hit):
                    if pt.geom_type != "Point":
                        continue
                    hx, hy = pt.x, pt.y
                    if axis == "lon" and (hx - x0 < corner or x1 - hx < corner):
                        continue
                    if axis == "lat" and (hy - y0 < corner or y1 - hy < corner):
                        continue
                    ticks.append((side, fx + (hx - x0) / mpm, fy + (hy - y0) / mpm,
                                  fmt.angle(float(v), axis)))
    return Graticule(step, tuple(lines), tuple(ticks))


def draw_graticule(ax: Axes, page: Axes, grat: Graticule, style: MapStyle, scale: float,
                   sides: Sequence[str] = ("bottom", "top", "left", "right")) -> None:
    """Draw graticule lines on the map and ticks with degree labels around the frame."""
    ax.add_collection(LineCollection(list(grat.lines), colors=style.graticule_color,
                                     linewidths=style.graticule_width, linestyles=(0, (4, 3)),
                                     zorder=6, gid="graticule"))
    size = style.graticule_label_size * scale
    tick = 1.6
    for side, x, y, text in grat.ticks:
        if side not in sides:
            continue
        if side == "bottom":
            page.plot([x, x], [y, y - tick], color="black", lw=0.5)
            page.text(x, y - tick - 0.6, text, ha="center", va="top", fontsize=size)
        elif side == "top":
            page.plot([x, x], [y, y + tick], color="black", lw=0.5)
            page.text(x, y + tick + 0.6, text, ha="center", va="bottom", fontsize=size)
        elif side == "left":
            page.plot([x, x - tick], [y, y], color="black", lw=0.5)
            page.text(x - tick - 0.6, y, text, ha="center", va="bottom", rotation=90,
                      fontsize=size, rotation_mode="anchor")
        else:
            page.plot([x, x + tick], [y, y], color="black", lw=0.5)
            page.text(x + tick + 0.6, y, text, ha="center", va="top", rotation=90,
                      fontsize=size, rotation_mode="anchor")


# --- north arrow and scale -------------------------------------------------------------


def true_north_angle(crs: pyproj.CRS, extent: Sequence[float]) -> float:
    """Angle (degrees, counter-clockwise from grid north) of true north at the map centre."""
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    to_ll = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    to_xy = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    lon, lat = to_ll.transform(cx, cy)
    nx, ny = to_xy.transform(lon, lat + 0.05)
    return float(np.degrees(np.arctan2(-(nx - cx), ny - cy)))


def draw_north_arrow(page: Axes, x: float, y: float, height: float, angle: float,
                     style: MapStyle, scale: float) -> None:
    """North arrow centred at (x, y) mm, pointing to true north, with the letter U (utara)."""
    h, w = height, height * 0.42
    left = np.array([(0, h / 2), (-w / 2, -h / 2), (0, -h / 4)])
    right = np.array([(0, h / 2), (w / 2, -h / 2), (0, -h / 4)])
    a = np.radians(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    for pts, fill in ((left, "black"), (right, "white")):
        xy = pts @ rot.T + (x, y)
        page.add_artist(Polygon(xy, closed=True, facecolor=fill, edgecolor="black", lw=0.7,
                               gid="north-arrow"))
    tip = np.array([0, h / 2 + 1.2]) @ rot.T + (x, y)
    page.text(tip[0], tip[1], "U", ha="center", va="bottom", fontsize=style.heading_size * 1.4
              * scale, fontweight="bold", rotation=angle)


def scalebar_spec(denominator: int, max_mm: float) -> tuple[float, int]:
    """Nice total length (km) and number of segments of a scale bar at most ``max_mm`` long.

    Examples
    --------
    >>> scalebar_spec(1_250_000, 70.0)
    (75.0, 3)
    >>> scalebar_spec(400_000, 70.0)
    (25.0, 5)
    """
    best = (0.1, 4)
    for power in (0.1, 1.0, 10.0, 100.0, 1000.0):
        for lead, seg in ((1.0, 5), (2.0, 4), (2.5, 5), (4.0, 4), (5.0, 5), (7.5, 3)):
            total = lead * power
            if total * 1e6 / denominator <= max_mm and total > best[0]:
                best = (total, seg)
    return best


def draw_scale_bar(page: Axes, x: float, y: float, max_mm: float, denominator: int,
                   style: MapStyle, scale: float) -> float:
    """Alternating black/white scale bar in km with its labels; returns its length in mm."""
    total, nseg = scalebar_spec(denominator, max_mm)
    length = total * 1e6 / denominator
    seg = length / nseg
    bar_h = 1.6
    size = style.small_size * scale
    for i in range(nseg):
        page.add_artist(Rectangle((x + i * seg, y), seg, bar_h, facecolor="black" if i % 2 == 0
                                 else "white", edgecolor="black", lw=0.5, gid="scale-bar"))
    for i in range(nseg + 1):
        value = total / nseg * i
        text = fmt.number(value, 1) if value % 1 else fmt.integer(int(round(value)))
        page.text(x + i * seg, y + bar_h + 0.8, text, ha="center", va="bottom", fontsize=size)
    page.text(x + length + 1.8, y + bar_h / 2, "km", ha="left", va="center", fontsize=size)
    return length


# --- legend ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendRow:
    """One legend row: ``kind`` is ``fill``, ``hatch``, ``line``, ``number``, ``context``,
    ``mark`` (outline + hatch of marked desa) or ``note`` (text only); ``unit`` names what
    ``count`` counts (``desa``, ``kecamatan``)."""

    kind: str
    label: str
    color: str = "black"
    width: float = 1.0
    count: int | None = None
    value: int | None = None
    unit: str = "desa"


def draw_legend(page: Axes, x: float, y_top: float, width: float, rows: Sequence[LegendRow],
                style: MapStyle, scale: float, unit: str = "desa") -> float:
    """Draw legend rows from ``y_top`` downwards; returns the height used (mm). Counts are
    written with ``unit`` (``12 desa``, ``12 kelurahan``, ``12 desa/kelurahan``)."""
    size = style.body_size * scale
    sw, sh = 8.0 * scale, 4.2 * scale
    row_h = 5.6 * scale
    y = y_top
    for row in rows:
        yc = y - row_h / 2
        if row.kind in ("fill", "hatch", "context"):
            kw = {}
            if row.kind == "hatch":
                kw = {"hatch": style.no_data_hatch, "hatchcolor": style.no_data_hatch_color}
            page.add_artist(Rectangle((x, yc - sh / 2), sw, sh, facecolor=row.color,
                                     edgecolor=style.desa_edge_color, lw=0.4,
                                     gid=f"legend-patch:{row.value}" if row.value is not None
                                     else None, **kw))
        elif row.kind == "mark":
            page.add_artist(Rectangle((x, yc - sh / 2), sw, sh, facecolor="none",
                                     edgecolor=row.color, lw=row.width, hatch=style.mark_hatch,
                                     hatchcolor=row.color, gid="legend-mark"))
        elif row.kind == "line":
            page.plot([x, x + sw], [yc, yc], color=row.color, lw=row.width, solid_capstyle="butt")
        elif row.kind == "number":
            page.text(x + sw / 2, yc, "12", ha="center", va="center",
                      fontsize=style.desa_number_size * scale * 1.2, fontweight="bold",
                      path_effects=halo())
        if row.kind == "note":
            page.text(x, yc, row.label, ha="left", va="center", fontsize=size * 0.9)
            y -= row_h
            continue
        page.text(x + sw + 2.5, yc, row.label, ha="left", va="center", fontsize=size)
        if row.count is not None:
            shown = unit if row.unit == "desa" else row.unit  # the area unit, or kecamatan
            page.text(x + width, yc, f"{fmt.integer(row.count)} {shown}", ha="right",
                      va="center", fontsize=size, gid=f"legend-count:{row.value}")
        y -= row_h
    return y_top - y


# --- inset ----------------------------------------------------------------------------


def draw_inset(fig: Figure, box: Box, paper_w: float, paper_h: float, data: MapData,
               extent: Sequence[float], style: MapStyle) -> Axes:
    """Locator map ("Diagram Lokasi"): the province with the kabupaten highlighted."""
    ax = fig.add_axes((box.x / paper_w, box.y / paper_h, box.w / paper_w, box.h / paper_h))
    ax.set_axis_off()
    ax.set_gid("inset")
    if data.konteks is not None:
        for geom, kode in zip(data.konteks.geometry.values, data.konteks["kode_kab"], strict=True):
            own = str(kode) == data.kode_kabupaten
            ax.add_artist(PathPatch(geom_path(geom), facecolor=style.locator_highlight if own
                                   else "#e3e3e3", edgecolor="white", lw=0.4,
                                   zorder=2 if own else 1))
        if data.provinsi is not None:
            ax.add_collection(LineCollection(line_segments([data.provinsi]), colors="#444444",
                                             linewidths=0.7, zorder=3))
        bounds = data.provinsi.bounds if data.provinsi is not None else data.konteks.total_bounds
    else:
        ax.add_artist(PathPatch(geom_path(data.kabupaten), facecolor=style.locator_highlight,
                               edgecolor="black", lw=0.5))
        bounds = data.kabupaten.bounds
    x0, y0, x1, y1 = extent
    ax.add_artist(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="black", lw=0.6,
                           ls=(0, (3, 2)), zorder=4))
    bx0, by0, bx1, by1 = bounds
    bx0, by0, bx1, by1 = min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1)
    dx, dy = (bx1 - bx0) * 0.04, (by1 - by0) * 0.04
    # fill the box keeping the aspect ratio
    cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
    half_w, half_h = (bx1 - bx0) / 2 + dx, (by1 - by0) / 2 + dy
    ratio = box.w / box.h
    if half_w / half_h > ratio:
        half_h = half_w / ratio
    else:
        half_w = half_h * ratio
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    return ax


# --- desa key --------------------------------------------------------------------------


def draw_key(page: Axes, key: KeyLayout, heading: str, style: MapStyle) -> None:
    """Numbered key of the desa whose names do not fit on the map (pre-built outlines).

    The heading shrinks to the width of the key's columns when it is longer
    ("INDEKS NOMOR DESA/KELURAHAN" over one narrow column), never into the panel beside it.
    """
    size = key.size * 1.3
    room = max(c.x for c in key.columns) + key.column_width - key.heading_x if key.columns \
        else key.column_width
    width = TextPath((0, 0), heading, size=size,
                     prop=FontProperties(weight="bold")).get_extents().width * MM_PER_PT
    if width > room > 0:
        size *= room / width
    page.text(key.heading_x, key.heading_top, heading, ha="left", va="top",
              fontsize=size, fontweight="bold", gid="key-heading")
    for path, gid in ((key.bold, "key-bold"), (key.regular, "key-names")):
        if path is not None:
            page.add_artist(PathPatch(path, facecolor="black", edgecolor="none", lw=0, gid=gid))
