"""Collision-free placement of kecamatan names, desa names and desa number keys.

All work is in map units (UTM metres) with text sizes converted through the
view's scale, so the result is exact for the printed paper. Placement is
greedy, in this order:

1. kecamatan names (all of them, at the least-bad position),
2. names of neighbouring kabupaten (grey, only where they fit),
3. desa names, largest desa first, only where the name fits inside the desa,
4. numbers for the desa whose name does not fit: on the desa when there is
   room, otherwise moved outwards along a spiral with a leader line.

A sheet can have two views of the same kabupaten (the main map and an
enlarged detail); numbering is shared so one key serves both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextToPath
from shapely.geometry import box as shp_box
from shapely.geometry.base import BaseGeometry

from ..numbering import MAP_NUMBER
from .data import MapData, inscribed_circles
from .outline import join_outlines, text_outline
from .style import MapStyle

__all__ = [
    "Label",
    "KeyEntry",
    "LabelPlan",
    "ViewLabels",
    "name_view",
    "number_view",
    "place_labels",
    "key_entries",
    "text_size_pt",
    "split_two_lines",
    "LabelArt",
    "label_art",
]

_T2P = TextToPath()
LINE_SPACING = 1.2
#: Extra room around every label box, in points (halo + breathing space).
PAD_PT = 0.9

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Label:
    """One label on the map.

    Attributes
    ----------
    text : str
        The text, possibly with one line break.
    x, y : float
        Centre of the text in map units.
    kind : {"kecamatan", "konteks", "desa", "nomor"}
    size : float
        Font size in points.
    leader : tuple of float, optional
        ``(x0, y0, x1, y1)``: a leader line from the desa to its number.
    kode : str, optional
        ``kode_desa`` of a desa name or number.
    """

    text: str
    x: float
    y: float
    kind: str
    size: float
    leader: tuple[float, float, float, float] | None = None
    kode: str | None = None


@dataclass(frozen=True)
class KeyEntry:
    """One line of the desa number key."""

    number: int
    kode_desa: str
    nama_desa: str
    kode_kec: str
    nama_kec: str


@dataclass(frozen=True)
class LabelPlan:
    """Placed labels of the main map (and detail view) plus the number key."""

    labels: tuple[Label, ...]
    keys: tuple[KeyEntry, ...]
    detail_labels: tuple[Label, ...] = ()
    displaced: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> list[Label]:
        """Main-map labels of one kind."""
        return [lab for lab in self.labels if lab.kind == kind]


@lru_cache(maxsize=16384)
def text_size_pt(
    text: str, size: float, family: str, weight: str = "normal", stretch: str = "normal"
) -> tuple[float, float]:
    """Width and height in points of a (possibly multi-line) text.

    Examples
    --------
    >>> w, h = text_size_pt("Kapuas", 10.0, "DejaVu Sans")
    >>> 30 < w < 45 and 9 < h < 13
    True
    """
    prop = FontProperties(family=family, size=size, weight=weight, stretch=stretch)
    lines = text.split("\n")
    width = max(_T2P.get_text_width_height_descent(line, prop, ismath=False)[0] for line in lines)
    height = size * (1.0 + LINE_SPACING * (len(lines) - 1)) + 0.25 * size
    return width * 1.03, height


def split_two_lines(text: str) -> str | None:
    """Split a name over two lines at the space that balances the lines best.

    Examples
    --------
    >>> split_two_lines("Kahayan Hulu Utara")
    'Kahayan\\nHulu Utara'
    >>> split_two_lines("Selat") is None
    True
    """
    words = text.split()
    if len(words) < 2:
        return None
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _variants(text: str) -> list[str]:
    two = split_two_lines(text)
    return [text, two] if two else [text]


class _Boxes:
    """Growing set of axis-aligned boxes with a vectorised overlap test."""

    def __init__(self, boxes: Sequence[BBox] = ()) -> None:
        self._arr = np.array(boxes, dtype=float).reshape(-1, 4)

    def add(self, b: BBox) -> None:
        self._arr = np.vstack([self._arr, b])

    def hits(self, b: BBox) -> bool:
        a = self._arr
        if not len(a):
            return False
        return bool(np.any((a[:, 0] < b[2]) & (a[:, 2] > b[0])
                           & (a[:, 1] < b[3]) & (a[:, 3] > b[1])))


def _box(x: float, y: float, hw: float, hh: float) -> BBox:
    return (x - hw, y - hh, x + hw, y + hh)


def _inside(b: BBox, area: BBox) -> bool:
    return b[0] >= area[0] and b[1] >= area[1] and b[2] <= area[2] and b[3] <= area[3]


def _shrink(b: BBox, d: float) -> BBox:
    return (b[0] + d, b[1] + d, b[2] - d, b[3] - d)


def _frac_inside(geom: BaseGeometry, b: BBox) -> float:
    rect = shp_box(*b)
    return float(shapely.intersection(geom, rect).area / rect.area)


def _spread(geom: BaseGeometry, anchor: np.ndarray, hw: float, hh: float,
            limit: int = 40) -> list[tuple[float, float]]:
    """Offsets to more label positions inside a large polygon, nearest first.

    A grid of label-sized steps over the polygon's bounding box, kept where the
    point is inside; lets a name go beside a kecamatan name or a number that
    took the polygon's centre.
    """
    x0, y0, x1, y1 = geom.bounds
    if (x1 - x0) < 2 * hw or (y1 - y0) < 2 * hh:
        return []
    xs = np.arange(x0 + hw, x1 - hw + 1e-9, hw)
    ys = np.arange(y0 + hh, y1 - hh + 1e-9, hh * 1.5)
    if len(xs) * len(ys) > 4000:
        return []
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    keep = shapely.contains_xy(geom, gx, gy)
    gx, gy = gx[keep] - anchor[0], gy[keep] - anchor[1]
    order = np.argsort(np.hypot(gx, gy))[:limit]
    return [(float(gx[k]), float(gy[k])) for k in order]


def _offsets(hw: float, hh: float, rings: int = 3) -> list[tuple[float, float]]:
    out = [(0.0, 0.0)]
    for k in range(1, rings + 1):
        f = 0.5 * k
        out += [(f * hw, 0.0), (-f * hw, 0.0), (0.0, f * hh * 1.6), (0.0, -f * hh * 1.6),
                (f * hw, f * hh * 1.6), (-f * hw, f * hh * 1.6),
                (f * hw, -f * hh * 1.6), (-f * hw, -f * hh * 1.6)]
    return out


@dataclass
class ViewLabels:
    """Labels of one view while they are being placed (names first, then numbers).

    Attributes
    ----------
    extent : tuple of float
        The view's frame in map units.
    metres_per_pt : float
        Map units per typographic point at the view's scale.
    labels : list of Label
    unnamed : list of int
        Positions (in ``data.desa``) of desa in this view whose name did not fit.
    """

    extent: BBox
    metres_per_pt: float
    label_scale: float
    labels: list[Label] = field(default_factory=list)
    unnamed: list[int] = field(default_factory=list)
    placed: _Boxes = field(default_factory=_Boxes)

    @property
    def pad(self) -> float:
        """Label padding in map units."""
        return PAD_PT * self.metres_per_pt

    @property
    def inner(self) -> BBox:
        """Frame shrunk so labels keep clear of the neatline."""
        p = 2 * self.pad
        x0, y0, x1, y1 = self.extent
        return (x0 + p, y0 + p, x1 - p, y1 - p)


def name_view(
    data: MapData,
    extent: BBox,
    metres_per_pt: float,
    style: MapStyle,
    label_scale: float = 1.0,
    *,
    desa_mask: np.ndarray | None = None,
    kec_mask: np.ndarray | None = None,
    clip_kecamatan: bool = False,
    context_names: bool = True,
    obstacles: Sequence[BBox] = (),
) -> ViewLabels:
    """Place kecamatan names, neighbour names and the desa names that fit.

    Parameters
    ----------
    data : MapData
    extent : tuple of float
        View frame ``(xmin, ymin, xmax, ymax)`` in map units.
    metres_per_pt : float
        Map units per point at the view's scale.
    style : MapStyle
    label_scale : float
        Multiplier of label font sizes.
    desa_mask, kec_mask : numpy.ndarray of bool, optional
        Which desa / kecamatan this view labels (default: all).
    clip_kecamatan : bool
        Label the visible part of each kecamatan (for an enlarged detail).
    context_names : bool
        Name the neighbouring kabupaten.
    obstacles : sequence of boxes
        Areas labels must avoid (e.g. a detail's title box).

    Returns
    -------
    ViewLabels
    """
    view = ViewLabels(extent, metres_per_pt, label_scale, placed=_Boxes(obstacles))
    m, pad, inner = metres_per_pt, view.pad, view.inner
    fam, stretch = style.font_family, style.label_font_stretch
    frame = shp_box(*extent)

    # kecamatan: every one gets its name, at the least-bad position
    kec = data.kecamatan
    kec_geoms = kec.geometry.values
    anchors = data.kec_anchor
    if clip_kecamatan:
        kec_geoms = shapely.intersection(kec_geoms, shp_box(*inner))
        keep = ~shapely.is_empty(kec_geoms)
        anchors = np.full((len(kec_geoms), 2), np.nan)
        if keep.any():
            anchors[keep] = inscribed_circles(kec_geoms[keep], 10 * m)[0]
    size = style.kecamatan_label_size * label_scale
    todo = [int(i) for i in np.argsort(-shapely.area(kec_geoms), kind="stable")
            if (kec_mask is None or kec_mask[i]) and not np.isnan(anchors[i, 0])]
    names = {i: str(kec["nama_kec"].iloc[i]).upper() for i in todo}
    if clip_kecamatan:  # skip kecamatan of which only a sliver is in the view
        todo = [i for i in todo if kec_geoms[i].area >= 0.5 * np.prod(
            text_size_pt(names[i], size, fam, "bold")) * m * m]
    # centres of small desa (they will carry a number there): kecamatan names avoid them
    num_size = style.desa_number_size * label_scale
    small = data.desa_radius < 3.0 * num_size * m
    if desa_mask is not None:
        small &= desa_mask
    dots = np.array([_box(x, y, num_size * m, num_size * m)
                     for x, y in data.desa_anchor[small]]).reshape(-1, 4)
    callouts = []
    for i in todo:  # pass 1: inside the kecamatan (or mostly), clear of other labels
        if not _kecamatan_inside(view, i, names[i], kec_geoms[i], anchors[i], size, fam, dots):
            callouts.append(i)
    if callouts:  # pass 2: small kecamatan get their name outside, with a leader line
        kab = data.kabupaten
        shapely.prepare(kab)
        reserved = np.array([_box(*anchors[i], 1.5 * size * m, 1.5 * size * m)
                             for i in callouts])
        for k, i in enumerate(callouts):
            _kecamatan_callout(view, names[i], anchors[i], size, fam, kab,
                               np.delete(reserved, k, axis=0))

    # neighbouring kabupaten, grey, only where they fit
    if context_names and data.konteks is not None:
        size = style.context_label_size * label_scale
        own = data.kabupaten.buffer(3 * pad)
        for kode, nama, geom in zip(data.konteks["kode_kab"], data.konteks["nama_kab"],
                                    data.konteks.geometry.values, strict=True):
            if str(kode) == data.kode_kabupaten or not geom.intersects(frame):
                continue
            visible = shapely.difference(shapely.intersection(geom, shp_box(*inner)), own)
            if visible.is_empty or visible.area < (8 * size * m) ** 2:
                continue
            xy, _ = inscribed_circles(np.array([visible]), 10 * m)
            cx, cy = float(xy[0, 0]), float(xy[0, 1])
            for text in _variants(str(nama).upper()):
                w, h = text_size_pt(text, size, fam)
                b = _box(cx, cy, w * m / 2 + pad, h * m / 2 + pad)
                if visible.contains(shp_box(*b)) and not view.placed.hits(b):
                    view.placed.add(b)
                    view.labels.append(Label(text, cx, cy, "konteks", size))
                    break

    # desa names where they fit, largest desa first
    desa = data.desa
    geoms = desa.geometry.values
    shapely.prepare(geoms)
    dxy = data.desa_anchor
    names = desa["nama_desa"].astype(str).to_numpy()
    size = style.desa_label_size * label_scale
    for i in np.argsort(-shapely.area(geoms), kind="stable"):
        if desa_mask is not None and not desa_mask[i]:
            continue
        if not style.label_desa_names or data.desa_radius[i] < 0.5 * size * m:
            view.unnamed.append(int(i))
            continue
        if not _name_desa(view, i, names[i], geoms[i], dxy[i], size, fam, stretch,
                          str(desa.index[i])):
            view.unnamed.append(int(i))
    return view


def _kecamatan_inside(view: ViewLabels, i: int, name: str, geom: BaseGeometry,
                      anchor: np.ndarray, size: float, fam: str, dots: np.ndarray) -> bool:
    """Put a kecamatan name on the kecamatan where it fits without collision."""
    m, pad, inner = view.metres_per_pt, view.pad, view.inner
    shapely.prepare(geom)
    best: tuple[float, str, float, float, BBox] | None = None
    for text in _variants(name):
        w, h = text_size_pt(text, size, fam, "bold")
        hw, hh = w * m / 2 + pad, h * m / 2 + pad
        for dx, dy in _offsets(hw, hh, rings=4):
            x, y = anchor[0] + dx, anchor[1] + dy
            b = _box(x, y, hw, hh)
            if not _inside(b, inner) or view.placed.hits(b):
                continue
            frac = 1.0 if geom.contains(shp_box(*_shrink(b, pad))) else _frac_inside(geom, b)
            if frac < 0.55:
                continue
            cost = abs(dx) / hw + abs(dy) / hh + (0.5 if "\n" in text else 0.0) + 4 * (1 - frac)
            cost += 1.5 * _count_overlap(dots, b)
            if best is None or cost < best[0]:
                best = (cost, text, x, y, b)
    if best is None:
        return False
    _, text, x, y, b = best
    view.placed.add(b)
    view.labels.append(Label(text, x, y, "kecamatan", size))
    return True


def _kecamatan_callout(view: ViewLabels, name: str, anchor: np.ndarray, size: float, fam: str,
                       kab: BaseGeometry, reserved: np.ndarray) -> None:
    """Name a small kecamatan beside it with a leader line, preferably off the kabupaten."""
    m, pad, inner = view.metres_per_pt, view.pad, view.inner
    x0, y0, x1, y1 = inner
    angles = np.radians(np.arange(0, 360, 15.0))
    cos, sin = np.cos(angles), np.sin(angles)
    ax_, ay_ = float(anchor[0]), float(anchor[1])
    fallback = None
    for text in _variants(name)[::-1] + _variants(name):
        w, h = text_size_pt(text, size, fam, "bold")
        hw, hh = w * m / 2 + pad, h * m / 2 + pad
        for step in range(1, 80):
            r = step * 0.8 * size * m + hh
            cx, cy = ax_ + r * cos * (1 + hw / max(hh, 1e-9) * np.abs(cos) * 0.6), ay_ + r * sin
            ok = (cx - hw >= x0) & (cx + hw <= x1) & (cy - hh >= y0) & (cy + hh <= y1)
            ok &= ~_any_overlap(view.placed._arr, cx, cy, hw, hh)
            ok &= ~_any_overlap(reserved, cx, cy, hw, hh)
            if not ok.any():
                continue
            for j in np.flatnonzero(ok):
                b = _box(float(cx[j]), float(cy[j]), hw, hh)
                if not kab.intersects(shp_box(*b)):
                    _add_callout(view, text, b, ax_, ay_, size)
                    return
                if fallback is None:
                    fallback = (text, b)
        if fallback is not None:
            break
    if fallback is not None:
        _add_callout(view, fallback[0], fallback[1], ax_, ay_, size)


def _add_callout(view: ViewLabels, text: str, b: BBox, ax_: float, ay_: float,
                 size: float) -> None:
    x, y = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    view.placed.add(b)
    ex, ey = _edge_point(b, ax_, ay_)
    view.labels.append(Label(text, x, y, "kecamatan", size, leader=(ax_, ay_, ex, ey)))


def _name_desa(view: ViewLabels, i: int, name: str, geom: BaseGeometry, anchor: np.ndarray,
               size: float, fam: str, stretch: str, kode: str) -> bool:
    m, pad, inner = view.metres_per_pt, view.pad, view.inner
    for text in _variants(name):
        w, h = text_size_pt(text, size, fam, "normal", stretch)
        hw, hh = w * m / 2 + pad, h * m / 2 + pad
        offsets = _offsets(hw, hh, rings=2) + _spread(geom, anchor, hw, hh)
        for dx, dy in offsets:
            x, y = anchor[0] + dx, anchor[1] + dy
            b = _box(x, y, hw, hh)
            if not _inside(b, inner) or view.placed.hits(b):
                continue
            if geom.contains(shp_box(*_shrink(b, pad))):
                view.placed.add(b)
                view.labels.append(Label(text, x, y, "desa", size, kode=kode))
                return True
    return False


def number_view(
    view: ViewLabels,
    data: MapData,
    numbers: Mapping[str, int],
    style: MapStyle,
) -> list[str]:
    """Place the numbers of the view's unnamed desa; returns the displaced ``kode_desa``.

    A number sits on its desa when there is room; otherwise it moves outwards
    along a spiral (staying clear of other labels and of the centres of other
    numbered desa) and gets a leader line.
    """
    if not view.unnamed:
        return []
    m, pad, inner = view.metres_per_pt, view.pad, view.inner
    size = style.desa_number_size * view.label_scale
    fam = style.font_family
    desa = data.desa
    geoms = desa.geometry.values
    dxy = data.desa_anchor
    idx = sorted(view.unnamed, key=lambda j: numbers[str(desa.index[j])])
    dot = 0.6 * size * m
    res_arr = np.array([_box(dxy[i, 0], dxy[i, 1], dot, dot) for i in idx])
    res_pos = {i: k for k, i in enumerate(idx)}

    def free(b: BBox, own: int) -> bool:
        if not _inside(b, inner) or view.placed.hits(b):
            return False
        a = res_arr
        hit = (a[:, 0] < b[2]) & (a[:, 2] > b[0]) & (a[:, 1] < b[3]) & (a[:, 3] > b[1])
        hit[res_pos[own]] = False
        return not hit.any()

    half: dict[int, tuple[float, float]] = {}
    for i in idx:
        w, h = text_size_pt(str(numbers[str(desa.index[i])]), size, fam, "bold")
        half[i] = (w * m / 2 + pad, h * m / 2 + pad)
    out: dict[int, Label] = {}
    for i in idx:  # pass 1: numbers that sit on their own desa
        hw, hh = half[i]
        x, y = dxy[i]
        b = _box(x, y, hw, hh)
        if free(b, i):
            view.placed.add(b)
            out[i] = Label(str(numbers[str(desa.index[i])]), x, y, "nomor", size,
                           kode=str(desa.index[i]))
    angles = np.radians(np.arange(0, 360, 22.5))
    cos, sin = np.cos(angles), np.sin(angles)
    x0, y0, x1, y1 = inner
    displaced: list[str] = []
    for i in idx:  # pass 2: the others move out along a spiral, with a leader
        if i in out:
            continue
        hw, hh = half[i]
        ax, ay = dxy[i]
        others = np.delete(res_arr, res_pos[i], axis=0)
        chosen = None
        crossing = None  # first free spot whose leader crosses a label, if nothing better
        for step in range(1, 60):
            r = step * 0.8 * size * m + max(hw, hh)
            cx, cy = ax + r * cos, ay + r * sin
            ok = (cx - hw >= x0) & (cx + hw <= x1) & (cy - hh >= y0) & (cy + hh <= y1)
            if not ok.any():
                continue
            ok &= ~_any_overlap(view.placed._arr, cx, cy, hw, hh)
            ok &= ~_any_overlap(others, cx, cy, hw, hh)
            if not ok.any():
                continue
            own = shapely.contains_xy(geoms[i], cx, cy)
            clear = own | ~_segment_hits(view.placed._arr, ax, ay, cx, cy)
            for pick in (ok & own, ok & clear):
                if pick.any():
                    j = int(np.flatnonzero(pick)[0])
                    chosen = (float(cx[j]), float(cy[j]), bool(own[j]))
                    break
            if chosen:
                break
            if crossing is None:
                j = int(np.flatnonzero(ok)[0])
                crossing = (float(cx[j]), float(cy[j]), False)
            if step > 25:
                break
        chosen = chosen or crossing
        if chosen is None:  # pragma: no cover - only on absurdly crowded maps
            chosen = (float(ax), float(ay), True)
        x, y, own_desa = chosen
        b = _box(x, y, hw, hh)
        view.placed.add(b)
        leader = None
        kode = str(desa.index[i])
        if not own_desa:
            ex, ey = _edge_point(b, ax, ay)
            leader = (float(ax), float(ay), ex, ey)
            displaced.append(kode)
        out[i] = Label(str(numbers[kode]), x, y, "nomor", size, leader=leader, kode=kode)
    view.labels.extend(out[i] for i in idx)
    return displaced


def _any_overlap(boxes: np.ndarray, cx: np.ndarray, cy: np.ndarray, hw: float, hh: float
                 ) -> np.ndarray:
    """For each candidate centre, whether its box overlaps any of ``boxes``."""
    if not len(boxes):
        return np.zeros(len(cx), dtype=bool)
    a = boxes[:, None, :]
    hit = ((a[..., 0] < cx + hw) & (a[..., 2] > cx - hw) & (a[..., 1] < cy + hh)
           & (a[..., 3] > cy - hh))
    return hit.any(axis=0)


def _count_overlap(boxes: np.ndarray, b: BBox) -> int:
    """How many of ``boxes`` overlap box ``b``."""
    if not len(boxes):
        return 0
    return int(((boxes[:, 0] < b[2]) & (boxes[:, 2] > b[0]) & (boxes[:, 1] < b[3])
                & (boxes[:, 3] > b[1])).sum())


def _segment_hits(boxes: np.ndarray, x0: float, y0: float, x1: np.ndarray, y1: np.ndarray
                  ) -> np.ndarray:
    """For each segment (x0, y0)→(x1[k], y1[k]), whether it crosses any box (slab test).

    The last 15 % of the segment (where it meets its own label) is ignored.
    """
    if not len(boxes):
        return np.zeros(len(x1), dtype=bool)
    dx = ((x1 - x0) * 0.85)[None, :]
    dy = ((y1 - y0) * 0.85)[None, :]
    bx0, by0, bx1, by1 = (boxes[:, k][:, None] for k in range(4))
    with np.errstate(divide="ignore", invalid="ignore"):
        tx0, tx1 = (bx0 - x0) / dx, (bx1 - x0) / dx
        ty0, ty1 = (by0 - y0) / dy, (by1 - y0) / dy
    tmin_x = np.where(dx == 0, np.where((x0 >= bx0) & (x0 <= bx1), -np.inf, np.inf),
                      np.minimum(tx0, tx1))
    tmax_x = np.where(dx == 0, np.where((x0 >= bx0) & (x0 <= bx1), np.inf, -np.inf),
                      np.maximum(tx0, tx1))
    tmin_y = np.where(dy == 0, np.where((y0 >= by0) & (y0 <= by1), -np.inf, np.inf),
                      np.minimum(ty0, ty1))
    tmax_y = np.where(dy == 0, np.where((y0 >= by0) & (y0 <= by1), np.inf, -np.inf),
                      np.maximum(ty0, ty1))
    t_enter = np.maximum(np.maximum(tmin_x, tmin_y), 0.0)
    t_exit = np.minimum(np.minimum(tmax_x, tmax_y), 1.0)
    return (t_enter <= t_exit).any(axis=0)


def _edge_point(b: BBox, x: float, y: float) -> tuple[float, float]:
    """Point where the segment from the box centre to (x, y) leaves the box."""
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    hw, hh = (b[2] - b[0]) / 2, (b[3] - b[1]) / 2
    dx, dy = x - cx, y - cy
    t = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    return float(cx + dx * min(t, 1.0)), float(cy + dy * min(t, 1.0))


def number_desa(data: MapData, positions: Sequence[int]) -> dict[str, int]:
    """The map numbers of the given desa (``kode_desa`` → number).

    Numbers are not given per sheet: every desa has one map number per kabupaten (column
    ``no_peta``, :func:`ppsp_analysis.numbering.map_numbers`), so a desa numbered on the A3
    sheet carries the same number on the A4 sheet, a slide, the report tables and
    ``skor_desa``. A sheet shows the numbers of the desa whose name does not fit.
    """
    column = data.desa[MAP_NUMBER]
    return {str(data.desa.index[i]): int(column.iloc[i]) for i in sorted(set(positions))}


def key_entries(data: MapData, numbers: Mapping[str, int]) -> tuple[KeyEntry, ...]:
    """Key lines for numbered desa, in number order."""
    desa = data.desa
    out = []
    for kode, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        row = desa.loc[kode]
        out.append(KeyEntry(n, kode, str(row["nama_desa"]), str(row["kode_kec"]),
                            str(row["nama_kec"])))
    return tuple(out)


def place_labels(
    data: MapData,
    extent: BBox,
    metres_per_pt: float,
    style: MapStyle,
    label_scale: float = 1.0,
) -> LabelPlan:
    """Place every label of a single-view sheet without collisions.

    Parameters
    ----------
    data : MapData
        Projected layers.
    extent : tuple of float
        ``(xmin, ymin, xmax, ymax)`` of the map frame in map units.
    metres_per_pt : float
        Map units covered by one typographic point at the sheet's scale.
    style : MapStyle
        Font family, sizes, and whether desa are named / numbered.
    label_scale : float
        Multiplier for the label font sizes (A4 sheets use less than 1).

    Returns
    -------
    LabelPlan
    """
    view = name_view(data, extent, metres_per_pt, style, label_scale)
    if not style.number_small_desa or not view.unnamed:
        return LabelPlan(tuple(view.labels), ())
    numbers = number_desa(data, view.unnamed)
    displaced = number_view(view, data, numbers, style)
    return LabelPlan(tuple(view.labels), key_entries(data, numbers), (), tuple(displaced))


@dataclass(frozen=True)
class LabelArt:
    """Labels of one kind in one view, pre-rendered as a single outline path.

    Drawing a few compound paths instead of hundreds of text objects keeps a
    sheet fast to render; the paths are built once per plan and shared by all
    themes.
    """

    view: str
    kind: str
    path: Path
    leaders: tuple[tuple[float, float, float, float], ...]


def _font(kind: str, style: MapStyle) -> FontProperties:
    if kind == "kecamatan" or kind == "nomor":
        return FontProperties(family=style.font_family, weight="bold")
    return FontProperties(family=style.font_family, stretch=style.label_font_stretch)


def label_art(labels: Sequence[Label], view: str, metres_per_pt: float, style: MapStyle
              ) -> tuple[LabelArt, ...]:
    """Group labels by kind and turn each group into one outline path."""
    out = []
    for kind in ("konteks", "kecamatan", "desa", "nomor"):
        group = [lab for lab in labels if lab.kind == kind]
        if not group:
            continue
        prop = _font(kind, style)
        path = join_outlines(text_outline(lab.text, lab.x, lab.y, lab.size, prop, metres_per_pt)
                             for lab in group)
        leaders = tuple(lab.leader for lab in group if lab.leader is not None)
        out.append(LabelArt(view, kind, path, leaders))
    return tuple(out)
