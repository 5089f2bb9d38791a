"""Sheet layout: paper zones, the map scale, the map extent, the detail view and the key.

Lengths are millimetres on paper, origin at the lower-left corner of the sheet.
Every map frame is placed at an exact round scale (1 : 250.000, 1 : 1.500.000,
...), so the printed representative fraction is true for the paper size.

When many desa are too small for their number at the main scale (a crowded
town or coast), an A3 sheet gets an enlarged *detail* of that area beside the
main map; the key of numbered desa then flows in columns below the detail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import shapely
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path

from .data import MapData
from .labels import (
    KeyEntry,
    LabelArt,
    LabelPlan,
    key_entries,
    label_art,
    name_view,
    number_desa,
    number_view,
    place_labels,
    text_size_pt,
)
from .outline import join_outlines, text_outline
from .style import (
    PAPERS,
    SCREEN_LABEL_SCALE,
    SCREEN_PANEL_W,
    SCREEN_PAPER,
    SCREEN_TEXT_SCALE,
    MapStyle,
    Paper,
)

__all__ = ["Box", "KeyColumn", "KeyLayout", "key_outlines", "DetailView", "SheetPlan",
           "plan_sheet", "MM_PER_PT", "wrap_text"]

MM_PER_PT = 25.4 / 72.0
MARGIN = 10.0
#: Room between a map frame and its surroundings for graticule labels (mm).
GRAT_SPACE = 7.0
#: Map frame padding around the kabupaten, as a fraction of its extent.
FOOTPRINT_PAD = 0.03
#: A detail view is only drawn when at least this many numbers need leader lines.
DETAIL_MIN = 15
#: Height of the caption line above a detail frame (mm).
DETAIL_CAPTION = 12.0
#: Height of the key heading (mm).
KEY_HEADING = 6.5

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
class KeyColumn:
    """One column of the key: left edge and top (mm) and its rows.

    Rows are ``(kind, number, text)`` with kind ``"kec"`` (a kecamatan
    heading) or ``"desa"``.
    """

    x: float
    top: float
    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class KeyLayout:
    """The numbered desa key: a heading and columns (they may start at different heights)."""

    heading_x: float
    heading_top: float
    columns: tuple[KeyColumn, ...]
    column_width: float
    line_height: float
    size: float
    bold: Path | None = None
    regular: Path | None = None

    @property
    def entries(self) -> list[tuple[str, str]]:
        """``(number, name)`` of every desa row, in column order."""
        return [(num, text) for col in self.columns for kind, num, text in col.rows
                if kind == "desa"]


def key_outlines(key: KeyLayout, style: MapStyle) -> KeyLayout:
    """Add the glyph outlines of the key (page millimetres) to a key layout.

    Headings and numbers are bold, names condensed; numbers are right-aligned
    in a fixed-width column so the names line up.
    """
    size, scale = key.size, MM_PER_PT
    bold = FontProperties(family=style.font_family, weight="bold")
    regular = FontProperties(family=style.font_family, stretch=style.label_font_stretch)
    digits = max([3, *(len(num) for col in key.columns for kind, num, _ in col.rows
                       if kind == "desa")])
    num_w = text_size_pt("0" * digits, size, style.font_family, "bold")[0] * MM_PER_PT
    b_parts, r_parts = [], []
    for col in key.columns:
        for r, (kind, number, text) in enumerate(col.rows):
            y = col.top - key.line_height * (0.8 + r)
            if kind == "kec":
                b_parts.append(text_outline(text, col.x, y, size, bold, scale, "left", "baseline"))
            else:
                b_parts.append(text_outline(number, col.x + num_w, y, size, bold, scale, "right",
                                            "baseline"))
                r_parts.append(text_outline(text, col.x + num_w + 1.2, y, size, regular, scale,
                                            "left", "baseline"))
    return replace(key, bold=join_outlines(b_parts), regular=join_outlines(r_parts))


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
    art: tuple[LabelArt, ...] = ()

    @property
    def metres_per_mm(self) -> float:
        """Ground metres per paper millimetre."""
        return self.denominator / 1000.0


def _zones(paper: Paper) -> tuple[Box, Box, Box | None]:
    """Map zone, info panel and (portrait only) title band."""
    inner = Box(MARGIN, MARGIN, paper.width - 2 * MARGIN, paper.height - 2 * MARGIN)
    if paper.width > paper.height:  # landscape: panel on the right
        panel_w = SCREEN_PANEL_W if paper.name == SCREEN_PAPER else 110.0
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


def plan_sheet(data: MapData, paper: str | Paper = "A3", style: MapStyle | None = None
               ) -> SheetPlan:
    """Choose scale, map frame, detail view, labels and key layout for one paper size.

    Parameters
    ----------
    data : MapData
        Prepared layers (:func:`~ppsp_analysis.maps.data.prepare_map_data`).
    paper : {"A3", "A4", "LAYAR"} or Paper
        ``A3`` is landscape with the info panel on the right, ``A4`` portrait
        with the info strip below the map, ``LAYAR`` the wide picture of a slide (panel on
        the right, larger text, no detail view).
    style : MapStyle, optional

    Returns
    -------
    SheetPlan
    """
    style = style or MapStyle()
    paper = PAPERS[paper] if isinstance(paper, str) else paper
    landscape = paper.width > paper.height
    screen = paper.name == SCREEN_PAPER
    text_scale = SCREEN_TEXT_SCALE if screen else 1.0 if landscape else style.a4_text_scale
    label_scale = SCREEN_LABEL_SCALE if screen else 1.0 if landscape else style.a4_label_scale
    zone, panel, title_box = _zones(paper)
    avail = Box(zone.x + GRAT_SPACE, zone.y + GRAT_SPACE, zone.w - 2 * GRAT_SPACE,
                zone.h - 2 * GRAT_SPACE)
    common = (paper, text_scale, label_scale, zone, panel, title_box)
    plan = None
    if landscape and not screen and style.number_small_desa:
        plan = _plan_with_detail(data, avail, style, label_scale, common)
    if plan is None:
        plan = _plan_single(data, avail, style, label_scale, common)
    art = label_art(plan.labels.labels, "main", plan.metres_per_mm * MM_PER_PT, style)
    if plan.detail is not None:
        art += label_art(plan.labels.detail_labels, "detail",
                         plan.detail.metres_per_mm * MM_PER_PT, style)
    keys = key_outlines(plan.keys, style) if plan.keys is not None else None
    return replace(plan, art=art, keys=keys)


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
        rows, col_w, line_h = _key_rows(labels.keys, key_size, style)
        per_col = int((avail.h - KEY_HEADING) // line_h)
        n_cols = _n_columns(rows, per_col)
        needed = n_cols * col_w + GRAT_SPACE + 3.0
        if frame_w + needed <= avail.w + 1e-6:
            kx = avail.x + frame_w + GRAT_SPACE + 3.0
            slots = [(kx + c * col_w, avail.y1 - KEY_HEADING, avail.h - KEY_HEADING)
                     for c in range(n_cols)]
            key = _flow_key(rows, slots, col_w, line_h, key_size, (kx, avail.y1))
            assert key is not None
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

    The detail sits at the top left of the space right of the main map; key
    columns run beside the detail at full height and below it. The largest
    enlargement whose detail and key both fit wins. Returns None when no
    detail is worth drawing or none fits.
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
    m1 = mpm * MM_PER_PT
    trial = place_labels(data, extent, m1, style, label_scale)
    if len(trial.displaced) < DETAIL_MIN:
        return None
    pos = {str(k): i for i, k in enumerate(data.desa.index)}
    crowded = data.desa_anchor[[pos[k] for k in trial.displaced]]
    key_size = style.key_size * label_scale
    rows0, col_w0, line_h = _key_rows(trial.keys, key_size, style)
    max_w, max_h = right_w - GRAT_SPACE, avail.h - DETAIL_CAPTION

    # every detail scale: the window (as large as the space allows) holding the most
    # crowded desa, shrunk to the desa around them; keep those whose key still fits
    options = []
    candidates = sorted({nice_scale(denom / f) for f in np.linspace(1.45, 4.0, 12)})
    for denom2 in [c for c in candidates if c <= denom / 1.4]:
        mpm2 = denom2 / 1000.0
        count, window = _best_window(crowded, max_w * mpm2, max_h * mpm2)
        if count < DETAIL_MIN:
            continue
        bcx, bcy, bw, bh = _detail_area(data, crowded, window)
        w2, h2 = bw / mpm2, bh / mpm2
        if w2 > max_w or h2 > max_h:
            continue
        d_frame = Box(right_x + GRAT_SPACE, avail.y1 - DETAIL_CAPTION - h2, w2, h2)
        slots = _detail_key_slots(d_frame, right_x, avail, col_w0)
        if _flow_key(rows0, slots, col_w0, line_h, key_size, (0.0, 0.0)) is None:
            continue
        options.append((count, denom2, DetailView(d_frame, _centred(bcx, bcy, w2, h2, mpm2),
                                                  denom2)))
    if not options:
        return None
    most = max(o[0] for o in options)
    for count, _, detail in sorted(options, key=lambda o: o[1]):  # largest enlargement first
        if count < 0.9 * most:
            continue
        plan = _final_detail_plan(data, extent, m1, detail, style, label_scale, right_x, avail,
                                  key_size)
        if plan is not None:
            labels, key = plan
            return SheetPlan(common[0], denom, Box(avail.x, avail.y, main_w, avail.h), extent,
                             labels, key, False, *common[1:], detail=detail)
    return None


def _detail_area(data: MapData, crowded: np.ndarray, window: BBox
                 ) -> tuple[float, float, float, float]:
    """Centre and size (map units) of the desa around the crowded points in ``window``."""
    inside = ((crowded[:, 0] >= window[0]) & (crowded[:, 0] <= window[2])
              & (crowded[:, 1] >= window[1]) & (crowded[:, 1] <= window[3]))
    cw = crowded[inside]
    xy = data.desa_anchor
    near = ((xy[:, 0] >= cw[:, 0].min()) & (xy[:, 0] <= cw[:, 0].max())
            & (xy[:, 1] >= cw[:, 1].min()) & (xy[:, 1] <= cw[:, 1].max()))
    x0, y0, x1, y1 = shapely.union_all(data.desa.geometry.values[near]).bounds
    return (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 1.04, (y1 - y0) * 1.04


def _detail_key_slots(d_frame: Box, right_x: float, avail: Box, col_w: float
                      ) -> list[tuple[float, float, float]]:
    """Key column slots ``(x, top, height)``: below the detail, then beside it."""
    slots = []
    below_top = d_frame.y - GRAT_SPACE - 1.0 - KEY_HEADING
    below_h = below_top - avail.y
    beside_x = d_frame.x1 + GRAT_SPACE + 2.0
    if below_h > 20.0:
        x = right_x
        while x + col_w <= beside_x - 1.0 + 1e-6:
            slots.append((x, below_top, below_h))
            x += col_w
    x = beside_x
    while x + col_w <= avail.x1 + 1e-6:
        slots.append((x, avail.y1 - KEY_HEADING, avail.h - KEY_HEADING))
        x += col_w
    return slots


def _final_detail_plan(data: MapData, extent: BBox, m1: float, detail: DetailView,
                       style: MapStyle, label_scale: float, right_x: float, avail: Box,
                       key_size: float) -> tuple[LabelPlan, KeyLayout] | None:
    """Labels of main map and detail with shared numbering, and the key flowed around."""
    de = detail.extent
    xy = data.desa_anchor
    in_detail = ((xy[:, 0] > de[0]) & (xy[:, 0] < de[2]) & (xy[:, 1] > de[1]) & (xy[:, 1] < de[3]))
    ka = data.kec_anchor
    kec_in = ((ka[:, 0] > de[0]) & (ka[:, 0] < de[2]) & (ka[:, 1] > de[1]) & (ka[:, 1] < de[3]))
    main = name_view(data, extent, m1, style, label_scale, desa_mask=~in_detail,
                     kec_mask=~kec_in, obstacles=[_marker_box(de, m1, style)])
    det = name_view(data, de, detail.metres_per_mm * MM_PER_PT, style, label_scale,
                    desa_mask=in_detail, clip_kecamatan=True)
    numbers = number_desa(data, main.unnamed + det.unnamed)
    displaced = number_view(main, data, numbers, style)
    displaced += number_view(det, data, numbers, style)
    keys = key_entries(data, numbers)
    rows, col_w, line_h = _key_rows(keys, key_size, style)
    slots = _detail_key_slots(detail.frame, right_x, avail, col_w)
    if not slots:
        return None
    key = _flow_key(rows, slots, col_w, line_h, key_size,
                    (slots[0][0], slots[0][1] + KEY_HEADING))
    if key is None:
        return None
    labels = LabelPlan(tuple(main.labels), keys, tuple(det.labels), tuple(displaced))
    return labels, key


def _marker_box(extent: BBox, m: float, style: MapStyle) -> BBox:
    """Room for the detail letter at the upper-left corner of its outline on the main map."""
    size = style.heading_size
    half = size * m
    x, y = extent[0], extent[3]
    return (x - 2 * half, y - half * 0.5, x + half * 0.5, y + 2 * half)


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


def _key_rows(keys: tuple[KeyEntry, ...], size: float, style: MapStyle
              ) -> tuple[list[tuple[str, str, str]], float, float]:
    """Key rows grouped by kecamatan, the column width and the line height (mm)."""
    line_h = size * 1.3 * MM_PER_PT
    rows: list[tuple[str, str, str]] = []
    current = None
    for k in keys:
        if k.kode_kec != current:
            current = k.kode_kec
            rows.append(("kec", "", f"Kec. {k.nama_kec}"))
        rows.append(("desa", str(k.number), k.nama_desa))
    fam, stretch = style.font_family, style.label_font_stretch
    digits = max([3, *(len(str(k.number)) for k in keys)])
    num_w = text_size_pt("0" * digits, size, fam, "bold")[0] * MM_PER_PT
    widest = 0.0
    for kind, _, text in rows:
        if kind == "kec":
            w = text_size_pt(text, size, fam, "bold")[0] * MM_PER_PT
        else:
            w = num_w + 1.2 + text_size_pt(text, size, fam, "normal", stretch)[0] * MM_PER_PT
        widest = max(widest, w)
    return rows, widest + 2.5, line_h


def _n_columns(rows: list[tuple[str, str, str]], per_col: int) -> int:
    """Columns needed when every column holds ``per_col`` rows."""
    slots = [(0.0, 0.0, per_col)] * (len(rows) + 1)
    key = _flow_key(rows, slots, 1.0, 1.0, 1.0, (0.0, 0.0))
    assert key is not None
    return len(key.columns)


def _flow_key(rows: list[tuple[str, str, str]], slots: list[tuple[float, float, float]],
              col_w: float, line_h: float, size: float, heading: tuple[float, float]
              ) -> KeyLayout | None:
    """Flow key rows into column slots ``(x, top, height)``; None if they do not fit.

    A kecamatan heading never ends a column; a column that starts inside a
    kecamatan repeats its heading.
    """
    columns: list[KeyColumn] = []
    i, heading_text = 0, ""
    for x, top, height in slots:
        if i >= len(rows):
            break
        cap = int(height // line_h)
        if cap < 3:
            continue
        col: list[tuple[str, str, str]] = []
        if rows[i][0] == "desa":
            col.append(("kec", "", heading_text))
        while i < len(rows) and len(col) < cap:
            kind, _, text = rows[i]
            if kind == "kec" and len(col) >= cap - 1:
                break
            if kind == "kec":
                heading_text = text
            col.append(rows[i])
            i += 1
        columns.append(KeyColumn(x, top, tuple(col)))
    if i < len(rows):
        return None
    return KeyLayout(heading[0], heading[1], tuple(columns), col_w, line_h, size)


def wrap_text(text: str, width_mm: float, size: float, family: str,
              weight: str = "normal") -> list[str]:
    """Greedy word wrap to a width on paper.

    Examples
    --------
    >>> wrap_text("satu dua tiga empat lima enam", 25.0, 7.0, "DejaVu Sans")
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


def nice_scale(minimum: float) -> int:
    """Smallest "round" scale denominator that is at least ``minimum``.

    The series is 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 times a power of ten, the
    denominators printed map series use.

    Examples
    --------
    >>> nice_scale(333_000)
    400000
    >>> nice_scale(1_180_000)
    1250000
    """
    steps = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0)
    power = 10 ** int(f"{max(minimum, 1):e}".split("e")[1])
    for step in steps:
        if step * power >= minimum - 1e-6:
            return int(round(step * power))
    return int(10 * power)  # pragma: no cover - unreachable, 10.0 is in steps
