"""Sheet layout: paper zones, the map scale, the map extent and the desa key.

Lengths are millimetres on paper, origin at the lower-left corner of the sheet.
The map frame is placed at an exact round scale (1 : 250.000, 1 : 1.250.000,
...), so the printed representative fraction is true for the paper size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .data import MapData
from .fmt import nice_scale
from .labels import KeyEntry, LabelPlan, place_labels, text_size_pt
from .style import PAPERS, MapStyle, Paper

__all__ = ["Box", "KeyLayout", "SheetPlan", "plan_sheet", "MM_PER_PT", "wrap_text"]

MM_PER_PT = 25.4 / 72.0
MARGIN = 10.0
#: Room between the map frame and its surroundings for graticule labels (mm).
GRAT_SPACE = 7.0
#: Map frame padding around the kabupaten, as a fraction of its extent.
FOOTPRINT_PAD = 0.03


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
class SheetPlan:
    """Everything about a sheet that does not depend on the theme.

    Computed once per kabupaten and paper, shared by the six themes.
    """

    paper: Paper
    denominator: int
    frame: Box
    extent: tuple[float, float, float, float]
    labels: LabelPlan
    keys: KeyLayout | None
    keys_dropped: bool
    text_scale: float
    label_scale: float
    map_zone: Box
    panel: Box
    title_box: Box | None

    @property
    def metres_per_mm(self) -> float:
        """Ground metres per paper millimetre."""
        return self.denominator / 1000.0


def _zones(paper: Paper) -> tuple[Box, Box, Box | None]:
    """Map zone, info panel and (A4 only) title band."""
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


def plan_sheet(data: MapData, paper: str | Paper = "A3", style: MapStyle | None = None) -> SheetPlan:
    """Choose scale, map frame, labels and key layout for one paper size.

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
    xmin, ymin, xmax, ymax = data.kabupaten.bounds
    fw_m = (xmax - xmin) * (1 + 2 * FOOTPRINT_PAD)
    fh_m = (ymax - ymin) * (1 + 2 * FOOTPRINT_PAD)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2

    frame_w = avail.w
    key_size = style.key_size * label_scale
    keys_dropped = False
    use_style = style
    result = None
    for _ in range(6):
        denom = nice_scale(max(fw_m * 1000 / frame_w, fh_m * 1000 / avail.h))
        mpm = denom / 1000.0
        extent = (cx - frame_w / 2 * mpm, cy - avail.h / 2 * mpm,
                  cx + frame_w / 2 * mpm, cy + avail.h / 2 * mpm)
        labels = place_labels(data, extent, mpm * MM_PER_PT, use_style, label_scale)
        if not labels.keys:
            result = (denom, frame_w, extent, labels, None)
            break
        columns, col_w, line_h = _key_columns(labels.keys, avail.h - 8.0, key_size, style)
        key_w = len(columns) * col_w
        needed = key_w + GRAT_SPACE + 3.0
        if frame_w + needed <= avail.w + 1e-6:
            key_box = Box(avail.x + frame_w + GRAT_SPACE + 3.0, avail.y, key_w, avail.h)
            result = (denom, frame_w, extent, labels,
                      KeyLayout(key_box, columns, col_w, line_h, key_size))
            break
        new_w = avail.w - needed
        if new_w < 0.45 * avail.w:
            # the key would squeeze the map too much: name what fits, drop the numbers
            use_style = replace(style, number_small_desa=False)
            keys_dropped = True
            frame_w = avail.w
            continue
        frame_w = new_w
    if result is None:  # pragma: no cover - loop always settles
        raise RuntimeError("tata letak peta tidak ditemukan")
    denom, frame_w, extent, labels, keys = result
    frame = Box(avail.x, avail.y, frame_w, avail.h)
    return SheetPlan(paper, denom, frame, extent, labels, keys, keys_dropped, text_scale,
                     label_scale, zone, panel, title_box)


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
    for row in rows:
        col = columns[-1]
        # never leave a kecamatan heading alone at the foot of a column
        if len(col) >= per_col or (row[0] == "kec" and len(col) >= per_col - 1):
            columns.append([])
            col = columns[-1]
        if not col and row[0] == "desa":
            heading = next(r for r in reversed(rows[: rows.index(row)]) if r[0] == "kec")
            col.append(("kec", "", heading[2] + " (lanj.)"))
        col.append(row)
    fam, stretch = style.font_family, style.label_font_stretch
    num_w = text_size_pt("000", size, fam, "bold", "normal")[0] * MM_PER_PT
    widest = 0.0
    for row in rows:
        if row[0] == "kec":
            w = text_size_pt(row[2] + " (lanj.)", size, fam, "bold", stretch)[0] * MM_PER_PT
        else:
            w = num_w + 1.2 + text_size_pt(row[2], size, fam, "normal", stretch)[0] * MM_PER_PT
        widest = max(widest, w)
    col_w = widest + 3.0
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
