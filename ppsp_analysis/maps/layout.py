"""Sheet layout: paper zones, the map scale, the map extent, the detail view and the key.

Lengths are millimetres on paper, origin at the lower-left corner of the sheet.
Every map frame is placed at an exact round scale (1 : 250.000, 1 : 1.500.000,
...), so the printed representative fraction is true for the paper size.

When many desa are too small for their number at the main scale (a crowded
town or coast), an A3 sheet gets an enlarged *detail* of that area beside the
main map; the key of numbered desa then flows in columns below the detail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import shapely
from shapely.geometry import box as shp_box

from .data import MapData
from .fmt import nice_scale
from .labels import (
    KeyEntry,
    LabelPlan,
    key_entries,
    name_view,
    number_desa,
    number_view,
    place_labels,
    text_size_pt,
)
from .style import PAPERS, MapStyle, Paper

__all__ = ["Box", "KeyLayout", "DetailView", "SheetPlan", "plan_sheet", "MM_PER_PT", "wrap_text"]

MM_PER_PT = 25.4 / 72.0
MARGIN = 10.0
#: Room between a map frame and its surroundings for graticule labels (mm).
GRAT_SPACE = 7.0
#: Map frame padding around the kabupaten, as a fraction of its extent.
FOOTPRINT_PAD = 0.03
#: A detail view is only drawn when at least this many numbers need leader lines.
DETAIL_MIN = 15
#: Height of the caption line above a detail frame (mm).
DETAIL_CAPTION = 9.0

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Box:
    """Axis-aligned rectangle in millimetres."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        """Right edge."""
        return self.x + self.w

    @property
    def y1(self) -> float:
        """Top edge."""
        return self.y + self.h


@dataclass(frozen=True)
class KeyLayout:
    """The numbered desa key, split into columns.

    ``columns`` hold rows ``(kind, number, text)`` with kind ``"kec"`` (a
    kecamatan heading) or ``"desa"``.
    """

    box: Box
    columns: tuple[tuple[tuple[str, str, str], ...], ...]
    column_width: float
    line_height: float
    size: float


@dataclass(frozen=True)
class DetailView:
    """An enlarged view of a crowded part of the kabupaten."""

    frame: Box
    extent: BBox
    denominator: int
    letter: str = "A"

    @property
    def metres_per_mm(self) -> float:
        """Ground metres per paper millimetre."""
        return self.denominator / 1000.0


@dataclass(frozen=True)
class SheetPlan:
    """Everything about a sheet that does not depend on the theme.

    Computed once per kabupaten and paper, shared by the six themes.
    """

    paper: Paper
    denominator: int
    frame: Box
    extent: BBox
    labels: LabelPlan
    keys: KeyLayout | None
    keys_dropped: bool
    text_scale: float
    label_scale: float
    map_zone: Box
    panel: Box
    title_box: Box | None
    detail: DetailView | None = None

    @property
    def metres_per_mm(self) -> float:
        """Ground metres per paper millimetre."""
        return self.denominator / 1000.0


def _zones(paper: Paper) -> tuple[Box, Box, Box | None]:
    """Map zone, info panel and (portrait only) title band."""
    inner = Box(MARGIN, MARGIN, paper.width - 2 * MARGIN, paper.height - 2 * MARGIN)
    if paper.width > paper.height:  # landscape: panel on the right
        panel_w = 110.0
        zone = Box(inner.x, inner.y, inner.w - panel_w, inner.h)
        panel = Box(zone.x1, inner.y, panel_w, inner.h)
        return zone, panel, None
    title_h, strip_h = 23.0, 88.0
    title = Box(inner.x, inner.y1 - title_h, inner.w, title_h)
    panel = Box(inner.x, inner.y, inner.w, strip_h)
    zone = Box(inner.x, panel.y1, inner.w, inner.h - title_h - strip_h)
    return zone, panel, title


def _centred(cx: float, cy: float, w_mm: float, h_mm: float, mpm: float) -> BBox:
    return (cx - w_mm / 2 * mpm, cy - h_mm / 2 * mpm, cx + w_mm / 2 * mpm, cy + h_mm / 2 * mpm)


def plan_sheet(data: MapData, paper: str | Paper = "A3", style: MapStyle | None = None) -> SheetPlan:
    """Choose scale, map frame, detail view, labels and key layout for one paper size.

    Parameters
    ----------
    data : MapData
        Prepared layers (:func:`~ppsp_analysis.maps.data.prepare_map_data`).
    paper : {"A3", "A4"} or Paper
        ``A3`` is landscape with the info panel on the right, ``A4`` portrait
        with the info strip below the map.
    style : MapStyle, optional

    Returns
    -------
    SheetPlan
    """
    style = style or MapStyle()
    paper = PAPERS[paper] if isinstance(paper, str) else paper
    landscape = paper.width > paper.height
    text_scale = 1.0 if landscape else style.a4_text_scale
    label_scale = 1.0 if landscape else style.a4_label_scale
    zone, panel, title_box = _zones(paper)
    avail = Box(zone.x + GRAT_SPACE, zone.y + GRAT_SPACE, zone.w - 2 * GRAT_SPACE,
                zone.h - 2 * GRAT_SPACE)
    common = (paper, text_scale, label_scale, zone, panel, title_box)
    if landscape and style.number_small_desa:
        detailed = _plan_with_detail(data, avail, style, label_scale, common)
        if detailed is not None:
            return detailed
    return _plan_single(data, avail, style, label_scale, common)


def _footprint(data: MapData) -> tuple[float, float, float, float]:
    xmin, ymin, xmax, ymax = data.kabupaten.bounds
    return ((xmax - xmin) * (1 + 2 * FOOTPRINT_PAD), (ymax - ymin) * (1 + 2 * FOOTPRINT_PAD),
            (xmin + xmax) / 2, (ymin + ymax) / 2)


def _plan_single(data: MapData, avail: Box, style: MapStyle, label_scale: float,
                 common: tuple) -> SheetPlan:
    """One map frame; the key (if any) in columns to its right."""
    fw_m, fh_m, cx, cy = _footprint(data)
    frame_w = avail.w
    key_size = style.key_size * label_scale
    keys_dropped = False
    use_style = style
    for _ in range(8):
        denom = nice_scale(max(fw_m * 1000 / frame_w, fh_m * 1000 / avail.h))
        mpm = denom / 1000.0
        extent = _centred(cx, cy, frame_w, avail.h, mpm)
        labels = place_labels(data, extent, mpm * MM_PER_PT, use_style, label_scale)
        if not labels.keys:
            return SheetPlan(common[0], denom, Box(avail.x, avail.y, frame_w, avail.h), extent,
                             labels, None, keys_dropped, *common[1:])
        columns, col_w, line_h = _key_columns(labels.keys, avail.h - 8.0, key_size, style)
        needed = len(columns) * col_w + GRAT_SPACE + 3.0
        if frame_w + needed <= avail.w + 1e-6:
            key_box = Box(avail.x + frame_w + GRAT_SPACE + 3.0, avail.y, avail.w - frame_w -
                          GRAT_SPACE - 3.0, avail.h)
            key = KeyLayout(key_box, columns, col_w, line_h, key_size)
            return SheetPlan(common[0], denom, Box(avail.x, avail.y, frame_w, avail.h), extent,
                             labels, key, keys_dropped, *common[1:])
        new_w = avail.w - needed
        if new_w < 0.45 * avail.w:
            # the key would squeeze the map too much: name what fits, drop the numbers
            use_style = replace(style, number_small_desa=False)
            keys_dropped = True
            frame_w = avail.w
            continue
        frame_w = new_w
    raise RuntimeError("tata letak peta tidak ditemukan")  # pragma: no cover


def _plan_with_detail(data: MapData, avail: Box, style: MapStyle, label_scale: float,
                      common: tuple) -> SheetPlan | None:
    """Main map at its footprint width, an enlarged detail and the key beside it.

    Returns None when no detail is worth drawing or it does not fit.
    """
    fw_m, fh_m, cx, cy = _footprint(data)
    denom = nice_scale(max(fw_m * 1000 / avail.w, fh_m * 1000 / avail.h))
    mpm = denom / 1000.0
    main_w = min(avail.w, fw_m / mpm + 2.0)
    right_x = avail.x + main_w + GRAT_SPACE
    right_w = avail.x1 - right_x
    if right_w < 80.0:
        return None
    extent = _centred(cx, cy, main_w, avail.h, mpm)
    trial = place_labels(data, extent, mpm * MM_PER_PT, style, label_scale)
    if len(trial.displaced) < DETAIL_MIN:
        return None
    key_size = style.key_size * label_scale
    columns, col_w, line_h = _key_columns(trial.keys, 1e6, key_size, style)
    n_lines = len(columns[0])
    n_cols = max(1, int(right_w // col_w))
    key_h = (math.ceil(n_lines / n_cols) + n_cols) * line_h + 8.0
    det_h = avail.h - key_h - GRAT_SPACE - DETAIL_CAPTION
    det_w = right_w - GRAT_SPACE
    if det_h < 60.0 or det_w < 60.0:
        return None

    pos = {str(k): i for i, k in enumerate(data.desa.index)}
    crowded = data.desa_anchor[[pos[k] for k in trial.displaced]]
    found = _detail_window(crowded, det_w, det_h, denom)
    if found is None:
        return None
    denom2, window = found
    xy = data.desa_anchor
    in_win = ((xy[:, 0] > window[0]) & (xy[:, 0] < window[2]) & (xy[:, 1] > window[1])
              & (xy[:, 1] < window[3]))
    geoms = data.desa.geometry.values[in_win]
    bx0, by0, bx1, by1 = shapely.intersection(shapely.union_all(geoms), shp_box(*window)).bounds
    pad_x, pad_y = (bx1 - bx0) * 0.03, (by1 - by0) * 0.03
    mpm2 = denom2 / 1000.0
    w2 = min(det_w, (bx1 - bx0 + 2 * pad_x) / mpm2)
    h2 = min(det_h, (by1 - by0 + 2 * pad_y) / mpm2)
    d_extent = _centred((bx0 + bx1) / 2, (by0 + by1) / 2, w2, h2, mpm2)
    d_frame = Box(right_x + GRAT_SPACE, avail.y1 - DETAIL_CAPTION - h2, w2, h2)
    detail = DetailView(d_frame, d_extent, denom2)

    # final labels: desa and kecamatan inside the detail are labelled there only
    de = d_extent
    in_detail = ((xy[:, 0] > de[0]) & (xy[:, 0] < de[2]) & (xy[:, 1] > de[1]) & (xy[:, 1] < de[3]))
    ka = data.kec_anchor
    kec_in = ((ka[:, 0] > de[0]) & (ka[:, 0] < de[2]) & (ka[:, 1] > de[1]) & (ka[:, 1] < de[3]))
    m1 = mpm * MM_PER_PT
    marker = _marker_box(de, m1, style)
    main = name_view(data, extent, m1, style, label_scale, desa_mask=~in_detail,
                     kec_mask=~kec_in, obstacles=[marker])
    det = name_view(data, de, mpm2 * MM_PER_PT, style, label_scale, desa_mask=in_detail,
                    clip_kecamatan=True)
    numbers = number_desa(data, main.unnamed + det.unnamed)
    displaced = number_view(main, data, numbers, style)
    displaced += number_view(det, data, numbers, style)
    keys = key_entries(data, numbers)
    key_top = d_frame.y - GRAT_SPACE - 1.0
    key_box_h = key_top - avail.y
    columns, col_w, line_h = _key_columns(keys, key_box_h - 8.0, key_size, style)
    if len(columns) * col_w > right_w + 1e-6:
        return None
    key = KeyLayout(Box(right_x, avail.y, right_w, key_box_h), columns, col_w, line_h, key_size)
    labels = LabelPlan(tuple(main.labels), keys, tuple(det.labels), tuple(displaced))
    return SheetPlan(common[0], denom, Box(avail.x, avail.y, main_w, avail.h), extent, labels,
                     key, False, *common[1:], detail=detail)


def _marker_box(extent: BBox, m: float, style: MapStyle) -> BBox:
    """Room for the detail letter at the upper-left corner of its outline on the main map."""
    size = style.heading_size
    half = size * m
    x, y = extent[0], extent[3]
    return (x - 2 * half, y - half * 0.5, x + half * 0.5, y + 2 * half)


def _detail_window(points: np.ndarray, w_mm: float, h_mm: float, denom: int
                   ) -> tuple[int, BBox] | None:
    """Detail scale and window (at most w_mm × h_mm on paper) over the crowded desa.

    Prefers the largest enlargement (from 4× down to 1.45× the main scale)
    whose window holds all crowded desa (95 %); failing that, 75 %; failing
    that, the window holding the most.
    """
    n = len(points)
    candidates = sorted({nice_scale(denom / f) for f in np.linspace(1.45, 4.0, 12)})
    candidates = [c for c in candidates if c <= denom / 1.4]
    found = []
    for d2 in candidates:  # largest enlargement first
        count, window = _best_window(points, w_mm * d2 / 1000, h_mm * d2 / 1000)
        found.append((count, d2, window))
    for share in (0.95, 0.75):
        for count, d2, window in found:
            if count >= share * n:
                return d2, window
    if not found:
        return None
    count, d2, window = max(found, key=lambda f: f[0])
    return (d2, window) if count >= DETAIL_MIN else None


def _best_window(points: np.ndarray, ww: float, wh: float) -> tuple[int, BBox]:
    """Axis-aligned ww × wh window holding the most points (centred on their bbox)."""
    best_count, best_x0, best_y0 = -1, 0.0, 0.0
    xs, ys = points[:, 0], points[:, 1]
    for x0 in np.unique(xs):
        sub = np.sort(ys[(xs >= x0) & (xs <= x0 + ww)])
        counts = np.searchsorted(sub, sub + wh, side="right") - np.arange(len(sub))
        j = int(np.argmax(counts))
        if counts[j] > best_count:
            best_count, best_x0, best_y0 = int(counts[j]), float(x0), float(sub[j])
    inside = ((xs >= best_x0) & (xs <= best_x0 + ww) & (ys >= best_y0) & (ys <= best_y0 + wh))
    px, py = xs[inside], ys[inside]
    cx, cy = (px.min() + px.max()) / 2, (py.min() + py.max()) / 2
    return best_count, (cx - ww / 2, cy - wh / 2, cx + ww / 2, cy + wh / 2)


def _key_columns(
    keys: tuple[KeyEntry, ...], height: float, size: float, style: MapStyle
) -> tuple[tuple[tuple[tuple[str, str, str], ...], ...], float, float]:
    """Flow the key (grouped by kecamatan) into columns of at most ``height`` mm."""
    line_h = size * 1.3 * MM_PER_PT
    per_col = max(4, int(height // line_h))
    rows: list[tuple[str, str, str]] = []
    current = None
    for k in keys:
        if k.kode_kec != current:
            current = k.kode_kec
            rows.append(("kec", "", f"KEC. {k.nama_kec.upper()}"))
        rows.append(("desa", str(k.number), k.nama_desa))
    columns: list[list[tuple[str, str, str]]] = [[]]
    heading = ""
    for row in rows:
        if row[0] == "kec":
            heading = row[2]
        col = columns[-1]
        # never leave a kecamatan heading alone at the foot of a column
        if len(col) >= per_col or (row[0] == "kec" and len(col) >= per_col - 1):
            columns.append([])
            col = columns[-1]
            if row[0] == "desa":
                col.append(("kec", "", heading + " (lanj.)"))
        col.append(row)
    fam, stretch = style.font_family, style.label_font_stretch
    num_w = text_size_pt("000", size, fam, "bold")[0] * MM_PER_PT
    widest = 0.0
    for row in rows:
        if row[0] == "kec":
            w = text_size_pt(row[2] + " (lanj.)", size, fam, "normal", stretch)[0] * MM_PER_PT
        else:
            w = num_w + 1.2 + text_size_pt(row[2], size, fam, "normal", stretch)[0] * MM_PER_PT
        widest = max(widest, w)
    col_w = widest + 2.5
    return tuple(tuple(c) for c in columns), col_w, line_h


def wrap_text(text: str, width_mm: float, size: float, family: str,
              weight: str = "normal") -> list[str]:
    """Greedy word wrap to a width on paper.

    Examples
    --------
    >>> wrap_text("satu dua tiga empat lima enam", 20.0, 7.0, "DejaVu Sans")
    ['satu dua tiga', 'empat lima enam']
    """
    lines: list[str] = []
    for para in str(text).split("\n"):
        current = ""
        for word in para.split():
            trial = f"{current} {word}".strip()
            if current and text_size_pt(trial, size, family, weight)[0] * MM_PER_PT > width_mm:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines
