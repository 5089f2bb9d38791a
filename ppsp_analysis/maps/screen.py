"""The info panel of the slide sheet (paper ``LAYAR``): a map made for a projected 16:9 slide.

The slide sheet is as wide as the slide and is placed at its own size, so its text sizes are
the sizes the audience sees. Compared with the A3 panel it keeps what a meeting reads from
the back of the room — a short title, the class legend with counts in large type, the other
map symbols in two columns, north arrow and scale bar — and puts projection, sources and
producer in one small line (they are printed in full on the A3 and A4 sheets).
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .data import MapData
from .elements import (
    LegendRow,
    draw_legend,
    draw_north_arrow,
    draw_scale_bar,
    true_north_angle,
)
from .layout import SheetPlan, wrap_text
from .sheet import _legend_rows, _line_h, _prefix, _text_lines, area_name, map_date, source_lines
from .style import MapStyle, Theme

__all__ = ["panel_screen", "CLASS_SCALE", "SYMBOL_SCALE"]

#: Size of the class rows of the legend relative to the A3 legend (text 7 pt → 11,2 pt).
CLASS_SCALE = 1.6
#: Size of the other legend rows (boundaries, river, numbers), in two columns.
SYMBOL_SCALE = 1.2
#: Height of one legend row at scale 1 (:func:`~ppsp_analysis.maps.elements.draw_legend`).
_ROW_MM = 5.6
#: Room kept under the legend for north arrow, scale bar and the small print (mm).
_BOTTOM_MM = 30.0


def panel_screen(fig: Figure, page: Axes, data: MapData, plan: SheetPlan, theme: Theme,
                 meta: Mapping[str, object], style: MapStyle,
                 counts: dict[int | None, int]) -> None:
    """Draw the slide sheet's panel (right of the map) on the page axes (mm)."""
    del fig  # no inset on the slide sheet: the room knows where the kabupaten is
    pn = plan.panel
    x0, w = pn.x + 4.0, pn.w - 8.0
    fam = style.font_family
    s = plan.text_scale
    y = pn.y1 - 3.0

    # title: theme, area and year (the slide title says it again, the PNG alone needs it)
    y = _text_lines(page, x0, y, [_prefix(theme, style)], style.small_size * s, "bold")
    theme_name = data.units.adapt(theme.name).upper()
    size = style.heading_size * s
    y = _text_lines(page, x0, y, wrap_text(theme_name, w, size, fam, "bold"), size, "bold",
                    color="#7f1d1d", gid="title-theme")
    y = _text_lines(page, x0, y, [f"{area_name(meta.get('nama_kabupaten', ''))} · Tahun "
                                  f"{meta.get('tahun', '')}"], style.small_size * s, "bold")
    if meta.get("sintetis"):
        y = _text_lines(page, x0, y, [style.watermark_note], style.small_size * s * 0.8,
                        "bold", color=style.watermark_color, gid="sintetis-banner")
    y -= 1.5
    page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)

    # legend: classes large, the other symbols smaller in two columns; both shrink together
    # when many classes (strata 0–4, marked desa) would push them into the scale bar
    rows = _legend_rows(data, plan, theme, style, counts)
    classes = [r for r in rows if r.kind in ("fill", "hatch", "mark")]
    symbols = [_short(r, data) for r in rows if r.kind not in ("fill", "hatch", "mark")]
    half = (len(symbols) + 1) // 2
    room = y - (pn.y + _BOTTOM_MM) - _line_h(style.small_size * s * 0.85) - 4.0
    need = _ROW_MM * (CLASS_SCALE * len(classes) + SYMBOL_SCALE * half)
    shrink = min(1.0, room / need) if need > 0 else 1.0
    class_scale, symbol_scale = CLASS_SCALE * shrink, SYMBOL_SCALE * max(shrink, 0.85)
    y -= 1.0
    unit = "kecamatan" if theme.unit == "kecamatan" else data.units.kata
    page.text(x0 + w, y, f"jumlah {unit}", ha="right", va="top",
              fontsize=style.small_size * s * 0.85, gid="legend-count-head")
    y -= _line_h(style.small_size * s * 0.85)
    classes = [LegendRow(r.kind, r.label, r.color, r.width, r.count, r.value, "")
               for r in classes]  # the count alone: its unit is in the heading above
    y -= draw_legend(page, x0, y, w, classes, style, class_scale, "")
    y -= 1.0
    col_w = (w - 3.0) / 2
    used = 0.0
    for k, part in enumerate((symbols[:half], symbols[half:])):
        if part:
            used = max(used, draw_legend(page, x0 + k * (col_w + 3.0), y, col_w, part, style,
                                         symbol_scale, data.units.kata))
    y -= used + 1.0
    page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)

    # small print at the bottom, measured first; north arrow and scale bar between
    size = style.small_size * 1.15
    epsg = data.crs.to_epsg()
    producer = style.producer or meta.get("nama_pokja") or "-"
    srcs = source_lines(meta)
    small = [f"UTM zona {data.utm_zone}, WGS 1984 (EPSG:{epsg}). Dibuat oleh {producer}, "
             f"{_date(meta)}." + (f" Sumber: {srcs[0]}; rincian sumber pada peta A3." if srcs
                                  else "")]
    lines = [ln for t in small for ln in wrap_text(t, w, size, fam)][:4]
    bottom = pn.y + 2.0 + len(lines) * _line_h(size)
    _text_lines(page, x0, bottom, lines, size, gid="info-made")
    room = y - bottom
    arrow_h = min(13.0, max(7.0, room - 13.0))
    yc = bottom + (room - 6.0) / 2
    draw_north_arrow(page, x0 + 6.0, yc - 1.0, arrow_h, true_north_angle(data.crs, plan.extent),
                     style, s)
    draw_scale_bar(page, x0 + 18.0, yc - 1.0, w - 18.0 - 6.0, plan.denominator, style, s)


def _short(row: LegendRow, data: MapData) -> LegendRow:
    """Shorter wording for the two-column symbol rows."""
    if row.kind == "number":
        return LegendRow("number", "Nomor (lihat indeks)")
    if row.kind == "note":
        return LegendRow("note", data.units.adapt("Nama desa: peta A3"))
    if row.kind == "context":
        return LegendRow("context", "Kab./kota lain", row.color)
    return row


def _date(meta: Mapping[str, object]) -> str:
    from .. import fmt

    return fmt.date(map_date(meta))
