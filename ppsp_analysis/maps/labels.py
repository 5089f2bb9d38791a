"""Collision-free placement of kecamatan names, desa names and desa number keys.

All work is in map units (UTM metres) with text sizes converted through the
sheet's scale, so the result is exact for the printed paper. Placement is
greedy: kecamatan names first (they must all appear), then names of
neighbouring kabupaten, then desa names where they fit inside the desa, then
numbers for the desa whose name does not fit, moved off the desa with a leader
line when the desa is too small for its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from shapely.geometry import box as shp_box
from shapely.geometry.base import BaseGeometry

from .data import MapData
from .style import MapStyle

__all__ = ["Label", "KeyEntry", "LabelPlan", "place_labels", "text_size_pt", "split_two_lines"]

_T2P = TextToPath()
LINE_SPACING = 1.2
#: Extra room around every label box, in points (halo + breathing space).
PAD_PT = 0.9


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
        ``(x0, y0, x1, y1)``: a leader line from the desa to the number.
    kode : str, optional
        ``kode_desa`` of a desa label or number.
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
    """Placed labels and the number key."""

    labels: tuple[Label, ...]
    keys: tuple[KeyEntry, ...]

    def of_kind(self, kind: str) -> list[Label]:
        """Labels of one kind."""
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


class _Boxes:
    """Growing set of axis-aligned boxes with a vectorised overlap test."""

    def __init__(self) -> None:
        self._arr = np.empty((0, 4))

    def add(self, b: tuple[float, float, float, float]) -> None:
        self._arr = np.vstack([self._arr, b])

    def hits(self, b: tuple[float, float, float, float]) -> bool:
        a = self._arr
        if not len(a):
            return False
        return bool(np.any((a[:, 0] < b[2]) & (a[:, 2] > b[0]) & (a[:, 1] < b[3]) & (a[:, 3] > b[1])))


def _box(x: float, y: float, hw: float, hh: float) -> tuple[float, float, float, float]:
    return (x - hw, y - hh, x + hw, y + hh)


def _inside(b: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> bool:
    return b[0] >= area[0] and b[1] >= area[1] and b[2] <= area[2] and b[3] <= area[3]


def _anchors(geoms: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres and radii of the maximum inscribed circles."""
    mic = shapely.maximum_inscribed_circle(geoms, tolerance=tol)
    start = shapely.get_point(mic, 0)
    xy = shapely.get_coordinates(start)
    radius = shapely.length(mic)
    return xy, radius


@dataclass(frozen=True)
class _Fonts:
    family: str
    stretch: str


def place_labels(
    data: MapData,
    extent: tuple[float, float, float, float],
    metres_per_pt: float,
    style: MapStyle,
    label_scale: float = 1.0,
) -> LabelPlan:
    """Place every label of a sheet without collisions.

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
    m = metres_per_pt
    pad = PAD_PT * m
    fam, stretch = style.font_family, style.label_font_stretch
    frame = extent
    inner = (frame[0] + 2 * pad, frame[1] + 2 * pad, frame[2] - 2 * pad, frame[3] - 2 * pad)
    placed = _Boxes()
    labels: list[Label] = []

    # --- kecamatan names: all of them, least-bad position ------------------------
    kec_size = style.kecamatan_label_size * label_scale
    kec = data.kecamatan
    kec_geoms = kec.geometry.values
    kxy, _ = _anchors(kec_geoms, tol=10 * m)
    for i in np.argsort(-shapely.area(kec_geoms)):
        name = str(kec["nama_kec"].iloc[i]).upper()
        variants = [name] + [v for v in [split_two_lines(name)] if v]
        geom = kec_geoms[i]
        shapely.prepare(geom)
        best: tuple[float, str, float, float, tuple] | None = None
        for text in variants:
            w, h = text_size_pt(text, kec_size, fam, "bold", "normal")
            hw, hh = w * m / 2 + pad, h * m / 2 + pad
            for dx, dy in _offsets(hw, hh):
                x, y = kxy[i, 0] + dx, kxy[i, 1] + dy
                b = _box(x, y, hw, hh)
                cost = abs(dx) / hw + abs(dy) / hh + (0.5 if "\n" in text else 0.0)
                if not _inside(b, inner):
                    cost += 1000
                if placed.hits(b):
                    cost += 100
                if not geom.contains(shp_box(*_shrink(b, pad))):
                    cost += 10 * (1 - _frac_inside(geom, b))
                if best is None or cost < best[0]:
                    best = (cost, text, x, y, b)
        assert best is not None
        _, text, x, y, b = best
        placed.add(b)
        labels.append(Label(text, x, y, "kecamatan", kec_size))

    # --- neighbouring kabupaten (grey, only where they fit) -------------------------
    if data.konteks is not None:
        size = style.context_label_size * label_scale
        frame_box = shp_box(*inner)
        for _, row in data.konteks.iterrows():
            if str(row["kode_kab"]) == data.kode_kabupaten:
                continue
            visible = shapely.intersection(row.geometry, frame_box)
            if visible.is_empty:
                continue
            visible = shapely.difference(visible, data.kabupaten.buffer(3 * pad))
            if visible.is_empty or visible.area < (8 * size * m) ** 2:
                continue
            xy, _ = _anchors(np.array([visible]), tol=10 * m)
            cx, cy = float(xy[0, 0]), float(xy[0, 1])
            name = str(row["nama_kab"]).upper()
            for text in [name] + [v for v in [split_two_lines(name)] if v]:
                w, h = text_size_pt(text, size, fam, "normal", "normal")
                b = _box(cx, cy, w * m / 2 + pad, h * m / 2 + pad)
                if visible.contains(shp_box(*b)) and not placed.hits(b):
                    placed.add(b)
                    labels.append(Label(text, cx, cy, "konteks", size))
                    break

    # --- desa names where they fit -------------------------------------------------
    desa = data.desa
    geoms = desa.geometry.values
    shapely.prepare(geoms)
    dxy, _ = _anchors(geoms, tol=5 * m)
    names = desa["nama_desa"].astype(str).to_numpy()
    unnamed: list[int] = []
    d_size = style.desa_label_size * label_scale
    order = np.argsort(-shapely.area(geoms), kind="stable")
    for i in order:
        if not style.label_desa_names:
            unnamed.append(i)
            continue
        done = False
        for text in [names[i]] + [v for v in [split_two_lines(names[i])] if v]:
            w, h = text_size_pt(text, d_size, fam, "normal", stretch)
            hw, hh = w * m / 2 + pad, h * m / 2 + pad
            for dx, dy in _offsets(hw, hh, rings=2):
                x, y = dxy[i, 0] + dx, dxy[i, 1] + dy
                b = _box(x, y, hw, hh)
                if not _inside(b, inner) or placed.hits(b):
                    continue
                if geoms[i].contains(shp_box(*_shrink(b, pad))):
                    placed.add(b)
                    labels.append(Label(text, x, y, "desa", d_size, kode=desa.index[i]))
                    done = True
                    break
            if done:
                break
        if not done:
            unnamed.append(i)

    keys: list[KeyEntry] = []
    if style.number_small_desa and unnamed:
        labels_n, keys = _place_numbers(data, sorted(unnamed, key=lambda j: desa.index[j]),
                                        dxy, placed, inner, m, pad,
                                        style.desa_number_size * label_scale, fam)
        labels.extend(labels_n)
    return LabelPlan(tuple(labels), tuple(keys))


def _place_numbers(
    data: MapData,
    idx: list[int],
    dxy: np.ndarray,
    placed: _Boxes,
    inner: tuple[float, float, float, float],
    m: float,
    pad: float,
    size: float,
    fam: str,
) -> tuple[list[Label], list[KeyEntry]]:
    desa = data.desa
    geoms = desa.geometry.values
    numbers = {i: n + 1 for n, i in enumerate(idx)}
    # keep the centre of every numbered desa free of other numbers
    dot = 0.6 * size * m
    reserved = {i: _box(dxy[i, 0], dxy[i, 1], dot, dot) for i in idx}
    res_arr = np.array([reserved[i] for i in idx])
    res_pos = {i: k for k, i in enumerate(idx)}
    labels: dict[int, Label] = {}

    def free(b: tuple, own: int) -> bool:
        if not _inside(b, inner) or placed.hits(b):
            return False
        a = res_arr
        hit = (a[:, 0] < b[2]) & (a[:, 2] > b[0]) & (a[:, 1] < b[3]) & (a[:, 3] > b[1])
        hit[res_pos[own]] = False
        return not hit.any()

    sizes = {}
    for i in idx:
        w, h = text_size_pt(str(numbers[i]), size, fam, "bold", "normal")
        sizes[i] = (w * m / 2 + pad, h * m / 2 + pad)
    # pass 1: numbers that sit on their own desa
    for i in idx:
        hw, hh = sizes[i]
        x, y = dxy[i]
        b = _box(x, y, hw, hh)
        if free(b, i):
            placed.add(b)
            labels[i] = Label(str(numbers[i]), x, y, "nomor", size, kode=desa.index[i])
    # pass 2: the rest move out along a spiral, with a leader line
    angles = np.radians(np.arange(0, 360, 22.5))
    for i in idx:
        if i in labels:
            continue
        hw, hh = sizes[i]
        ax, ay = dxy[i]
        chosen = None
        for step in range(1, 40):
            r = step * 0.8 * size * m + max(hw, hh)
            cands = [(ax + r * np.cos(t), ay + r * np.sin(t)) for t in angles]
            inside = [c for c in cands if geoms[i].contains(shapely.Point(c))]
            for x, y in inside + [c for c in cands if c not in inside]:
                b = _box(x, y, hw, hh)
                if free(b, i):
                    chosen = (x, y, b, (x, y) in inside)
                    break
            if chosen:
                break
        if chosen is None:  # pragma: no cover - only on absurdly crowded maps
            chosen = (ax, ay, _box(ax, ay, hw, hh), True)
        x, y, b, own = chosen
        placed.add(b)
        leader = None
        if not own:
            ex, ey = _edge_point(b, ax, ay)
            leader = (ax, ay, ex, ey)
        labels[i] = Label(str(numbers[i]), x, y, "nomor", size, leader=leader, kode=desa.index[i])
    keys = [
        KeyEntry(numbers[i], desa.index[i], str(desa["nama_desa"].iloc[i]),
                 str(desa["kode_kec"].iloc[i]), str(desa["nama_kec"].iloc[i]))
        for i in idx
    ]
    return [labels[i] for i in idx], keys


def _edge_point(b: tuple, x: float, y: float) -> tuple[float, float]:
    """Point where the segment from the box centre to (x, y) leaves the box."""
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    hw, hh = (b[2] - b[0]) / 2, (b[3] - b[1]) / 2
    dx, dy = x - cx, y - cy
    t = min(hw / abs(dx) if dx else np.inf, hh / abs(dy) if dy else np.inf)
    return cx + dx * min(t, 1.0), cy + dy * min(t, 1.0)


def _offsets(hw: float, hh: float, rings: int = 3) -> list[tuple[float, float]]:
    out = [(0.0, 0.0)]
    for k in range(1, rings + 1):
        f = 0.5 * k
        out += [(f * hw, 0.0), (-f * hw, 0.0), (0.0, f * hh * 1.6), (0.0, -f * hh * 1.6),
                (f * hw, f * hh * 1.6), (-f * hw, f * hh * 1.6),
                (f * hw, -f * hh * 1.6), (-f * hw, -f * hh * 1.6)]
    return out


def _shrink(b: tuple, d: float) -> tuple[float, float, float, float]:
    return (b[0] + d, b[1] + d, b[2] - d, b[3] - d)


def _frac_inside(geom: BaseGeometry, b: tuple) -> float:
    rect = shp_box(*b)
    return float(shapely.intersection(geom, rect).area / rect.area)
