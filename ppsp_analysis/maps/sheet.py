"""Compose one printed map sheet (A3 landscape or A4 portrait) as a matplotlib Figure."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import geopandas as gpd
import matplotlib as mpl
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from shapely.geometry import box as shp_box

from .. import fmt
from ..labels import SKENARIO_COLOR, SKENARIO_LABEL, UnitNames, scenario_lines
from ..plaintext import PlainTextFigure
from .data import MapData, prepare_map_data, sea_in_frame
from .elements import (
    LegendRow,
    draw_graticule,
    draw_inset,
    draw_key,
    draw_legend,
    draw_north_arrow,
    draw_scale_bar,
    geom_path,
    graticule,
    halo,
    line_segments,
    true_north_angle,
)
from .labels import LabelArt
from .layout import MARGIN, MM_PER_PT, Box, SheetPlan, plan_sheet, wrap_text
from .style import (
    SCREEN_PAPER,
    MapStyle,
    Paper,
    Theme,
    get_theme,
    theme_classes,
    with_class_names,
)

__all__ = [
    "map_sheet",
    "draw_sheet",
    "sheet_title",
    "source_lines",
    "class_counts",
    "area_name",
    "province_name",
    "map_date",
    "rc_params",
    "SheetFigure",
]


class SheetFigure(PlainTextFigure):
    """A matplotlib Figure that shows itself in notebooks even without pyplot; its texts
    (area names, sources) are drawn literally, never as mathtext.

    Sheets are built without :mod:`matplotlib.pyplot` (no global figure
    registry, no leaks in batch runs); ``_repr_png_`` lets Jupyter display
    them inline anyway.
    """

    repr_dpi: float = 110.0

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=self.repr_dpi)
        return buf.getvalue()


def rc_params(style: MapStyle) -> dict[str, object]:
    """Matplotlib settings used while drawing and saving sheets."""
    return {
        "font.family": style.font_family,
        "pdf.fonttype": 42,
        "svg.fonttype": "none",
        "hatch.linewidth": 0.45,
        "axes.linewidth": 0.8,
        "path.simplify": True,
        "text.parse_math": False,
        # zlib level of PDF streams: 3 writes a Kapuas A3 sheet in 0.34 s instead of 0.48-0.66
        # s at matplotlib's 6, for a file 10 % larger (1.89 MB instead of 1.72 MB)
        "pdf.compression": 3,
    }


@contextmanager
def _rc(style: MapStyle) -> Iterator[None]:
    with mpl.rc_context(rc_params(style)):
        yield


def area_name(nama: object) -> str:
    """Official-looking area name: adds "Kabupaten" when no level is given.

    Examples
    --------
    >>> area_name("Kapuas")
    'Kabupaten Kapuas'
    >>> area_name("Kota Palangka Raya")
    'Kota Palangka Raya'
    """
    text = str(nama).strip()
    if re.match(r"(?i)^(kabupaten|kota|kab\.)\s", text):
        return text
    return f"Kabupaten {text}"


def province_name(nama: object) -> str:
    """Province name with its level ("Provinsi ..."), empty when unknown.

    Examples
    --------
    >>> province_name("Kalimantan Tengah")
    'Provinsi Kalimantan Tengah'
    """
    text = str(nama or "").strip()
    if not text:
        return ""
    return text if text.lower().startswith("provinsi") else f"Provinsi {text}"


def map_date(meta: Mapping[str, object]) -> dt.date:
    """Production date of the map: ``meta["tanggal_peta"]`` (date or ISO text) or today."""
    value = meta.get("tanggal_peta")
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def source_lines(meta: Mapping[str, object]) -> list[str]:
    """Data sources printed on a map: ``meta["sumber_data"]`` (list or text).

    Without it, lines are built from the Form 1 keys ``sumber_data_sekunder``,
    ``tahun_ehra`` and ``tanggal_persepsi`` when present.

    Examples
    --------
    >>> source_lines({"tahun_ehra": 2025, "sumber_data_sekunder": "BPS 2025"})
    ['Data sekunder: BPS 2025', 'Survei EHRA 2025']
    """
    given = meta.get("sumber_data")
    if isinstance(given, str):
        given = [given]
    lines = [str(s) for s in (given or []) if str(s).strip()]
    if lines:
        return lines
    if meta.get("sumber_data_sekunder"):
        lines.append(f"Data sekunder: {meta['sumber_data_sekunder']}")
    if meta.get("tahun_ehra"):
        lines.append(f"Survei EHRA {meta['tahun_ehra']}")
    if meta.get("tanggal_persepsi"):
        try:
            when = fmt.date(dt.date.fromisoformat(str(meta["tanggal_persepsi"])[:10]))
        except ValueError:
            when = str(meta["tanggal_persepsi"])
        lines.append(f"Penilaian persepsi OPD: {when}")
    return lines


def sheet_title(theme: str | Theme, meta: Mapping[str, object], style: MapStyle | None = None
                ) -> str:
    """One-line title: theme, area and year.

    Examples
    --------
    >>> sheet_title("air_limbah", {"nama_kabupaten": "Kapuas", "tahun": 2026})
    'PETA AREA BERISIKO SANITASI — AIR LIMBAH DOMESTIK / KABUPATEN KAPUAS / TAHUN 2026'
    """
    style = style or MapStyle()
    theme = get_theme(theme)
    name = UnitNames.from_word(meta.get("satuan_wilayah") or "desa").adapt(theme.name)
    return (f"{_prefix(theme, style)} — {name.upper()} / "
            f"{area_name(meta.get('nama_kabupaten', '')).upper()} / TAHUN {meta.get('tahun', '')}")


def _prefix(theme: Theme, style: MapStyle) -> str:
    return theme.title or style.title_prefix


def class_counts(scored: pd.DataFrame, theme: str | Theme, style: MapStyle | None = None
                 ) -> dict[int | None, int]:
    """Number of desa (of kecamatan, for a kecamatan theme) per class of a theme; key
    ``None`` counts *tidak ada data*.

    Values outside the theme's classes count as *tidak ada data* too.

    Examples
    --------
    >>> df = pd.DataFrame({"kelas_drainase": pd.array([1, 3, 3, None], dtype="Int64")})
    >>> class_counts(df, "drainase")
    {1: 1, 2: 0, 3: 2, 4: 0, None: 1}
    """
    style = style or MapStyle()
    theme = get_theme(theme)
    if theme.unit == "kecamatan" and "kode_kec" in scored.columns:
        scored = scored.drop_duplicates("kode_kec")
    values = pd.to_numeric(scored[theme.column], errors="coerce").astype("Float64")
    counts: dict[int | None, int] = {}
    known = 0
    for value, _, _ in theme_classes(theme, style):
        n = int((values == value).fillna(False).sum())
        counts[value] = n
        known += n
    counts[None] = len(values) - known
    return counts


def _class_colors(values: pd.Series, theme: Theme, style: MapStyle) -> list[str | None]:
    lookup = {value: color for value, _, color in theme_classes(theme, style)}
    out: list[str | None] = []
    for v in pd.to_numeric(values, errors="coerce").astype("Float64"):
        out.append(None if pd.isna(v) else lookup.get(int(v)) if float(v).is_integer() else None)
    return out


def map_sheet(
    scored: gpd.GeoDataFrame,
    theme: str | Theme = "gabungan",
    meta: Mapping[str, object] | None = None,
    *,
    paper: str = "A3",
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
) -> Figure:
    """Draw one map sheet and return it as a matplotlib Figure.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        Scored table (one row per desa, any CRS), see ``docs/kontrak_data.md``.
    theme : str or Theme
        ``air_limbah``, ``persampahan``, ``drainase``, ``gabungan``, ``irs`` or
        ``strata``.
    meta : mapping
        ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``, ``tahun``,
        ``nama_pokja``, ``sintetis``, ``versi_metode``, ``sumber_data`` (list of
        str); optional ``tanggal_peta`` (date; default today).
    paper : {"A3", "A4"}
        A3 landscape (print, meetings) or A4 portrait (reports).
    style : MapStyle, optional
        Palette, fonts, sizes, texts.
    context : mapping, optional
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``.

    Returns
    -------
    matplotlib.figure.Figure
        Sized to the paper (A3 = 420 × 297 mm). Not attached to pyplot, so it
        does not leak; notebooks display it inline.
    """
    style = style or MapStyle()
    meta = meta or {}
    data = prepare_map_data(scored, meta, context,
                            boundaries_from_desa=style.boundaries_from_desa)
    plan = plan_sheet(data, paper, style)
    return draw_sheet(data, plan, get_theme(theme), meta, style)


def draw_sheet(data: MapData, plan: SheetPlan, theme: Theme, meta: Mapping[str, object],
               style: MapStyle) -> Figure:
    """Draw a sheet from prepared data and a plan (what :func:`map_sheet` does after planning).

    Use it to draw several themes of one kabupaten without re-planning.
    """
    style = with_class_names(style, meta)
    for column in theme.columns:
        if column not in data.desa.columns:
            raise KeyError(f"Kolom {column!r} untuk tema {theme.name!r} tidak ada di tabel.")
    paper = plan.paper
    with _rc(style):
        fig = SheetFigure(figsize=(paper.width / 25.4, paper.height / 25.4), dpi=100)
        fig.set_gid(f"sheet:{theme.key}:{paper.name}")
        page = fig.add_axes((0, 0, 1, 1))
        page.set_xlim(0, paper.width)
        page.set_ylim(0, paper.height)
        page.set_axis_off()
        page.set_gid("page")
        ax = _map_axes(fig, plan.frame, plan.extent, plan.paper, "map")
        _draw_map(ax, data, plan.extent, theme, style, "desa")
        draw_graticule(ax, page, graticule(data.crs, plan.frame, plan.extent,
                                           plan.metres_per_mm), style, plan.text_scale)
        _draw_labels(ax, [a for a in plan.art if a.view == "main"], style)
        if plan.detail is not None:
            _draw_detail(fig, page, ax, data, plan, theme, style)
        _neatline(page, plan)
        counts = class_counts(data.desa, theme, style)
        if plan.paper.name == SCREEN_PAPER:
            from .screen import panel_screen

            panel_screen(fig, page, data, plan, theme, meta, style, counts)
        elif plan.paper.width > plan.paper.height:
            _panel_landscape(fig, page, data, plan, theme, meta, style, counts)
        else:
            _panel_portrait(fig, page, data, plan, theme, meta, style, counts)
        if plan.keys is not None:
            heading = "INDEKS NOMOR" if paper.name == SCREEN_PAPER else \
                f"INDEKS NOMOR {data.units.kata.upper()}"  # the slide's key column is narrow
            draw_key(page, plan.keys, heading, style)
        if meta.get("sintetis"):
            _watermark([a for a in fig.axes if a.get_gid() in ("map", "detail")], style)
    return fig


# --- map frame ------------------------------------------------------------------------


def _map_axes(fig: Figure, f: Box, extent: tuple[float, float, float, float], p: Paper,
              gid: str) -> Axes:
    ax = fig.add_axes((f.x / p.width, f.y / p.height, f.w / p.width, f.h / p.height))
    x0, y0, x1, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_gid(gid)
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_zorder(20)
    return ax


def _draw_map(ax: Axes, data: MapData, extent: tuple[float, float, float, float], theme: Theme,
              style: MapStyle, gid: str) -> None:
    frame = shp_box(*extent)
    sea = sea_in_frame(data, extent)
    if sea is not None:  # coastline known: what is not sea is land (a neighbouring province)
        ax.set_facecolor(style.land_fill)
        if not sea.is_empty:
            ax.add_artist(PathPatch(geom_path(sea), facecolor=style.sea_fill, edgecolor="none",
                                    lw=0, zorder=0.5, gid=f"{gid}-laut"))
    if data.konteks is not None:
        for geom, kode in zip(data.konteks.geometry.values, data.konteks["kode_kab"], strict=True):
            if str(kode) == data.kode_kabupaten or not geom.intersects(frame):
                continue
            ax.add_artist(PathPatch(geom_path(shapely.intersection(geom, frame.buffer(1000))),
                                    facecolor=style.context_fill, edgecolor=style.context_edge,
                                    lw=0.6, zorder=1))
    colors = _class_colors(data.desa[theme.column], theme, style)
    visible = shapely.intersects(data.desa.geometry.values, frame)
    for kode, geom, color, vis in zip(data.desa.index, data.desa.geometry.values, colors,
                                      visible, strict=True):
        if not vis:
            continue
        kw: dict[str, object] = {"facecolor": color, "hatch": None}
        if color is None:
            kw = {"facecolor": style.no_data_color, "hatch": style.no_data_hatch,
                  "hatchcolor": style.no_data_hatch_color}
        ax.add_artist(PathPatch(geom_path(geom), edgecolor=style.desa_edge_color,
                               lw=style.desa_edge_width, zorder=2, gid=f"{gid}:{kode}", **kw))
    if theme.mark is not None:
        marked = data.desa[theme.mark].fillna(False).astype(bool).to_numpy() & visible
        for kode, geom in zip(data.desa.index[marked], data.desa.geometry.values[marked],
                              strict=True):
            ax.add_artist(PathPatch(geom_path(geom), facecolor="none",
                                    edgecolor=style.mark_color, lw=style.mark_width,
                                    hatch=style.mark_hatch, hatchcolor=style.mark_color,
                                    zorder=6, gid=f"{gid}-mark:{kode}"))
    if data.sungai is not None:
        rivers = [g for g in data.sungai.values if g is not None and g.intersects(frame)]
        segs = line_segments(shapely.intersection(rivers, frame.buffer(1000)))
        ax.add_collection(LineCollection(segs, colors=style.river_color,
                                         linewidths=style.river_width, zorder=3, gid="sungai"))
    kec = [g for g in data.kecamatan.geometry.values if g.intersects(frame)]
    ax.add_collection(LineCollection(line_segments(kec),
                                     colors=style.kecamatan_edge_color,
                                     linewidths=style.kecamatan_edge_width, zorder=4,
                                     capstyle="round", joinstyle="round", gid="kecamatan"))
    ax.add_collection(LineCollection(line_segments([data.kabupaten]),
                                     colors=style.kabupaten_edge_color,
                                     linewidths=style.kabupaten_edge_width, zorder=5,
                                     joinstyle="round", gid="kabupaten"))


#: Halo width (pt) and text colour per label kind.
_LABEL_LOOK = {"kecamatan": (2.4, "black"), "desa": (1.5, "#1a1a1a"), "nomor": (1.6, "black"),
               "konteks": (0.0, None)}


def _draw_labels(ax: Axes, art: Sequence[LabelArt], style: MapStyle) -> None:
    """Draw pre-rendered label outlines: white halo first, then the letters."""
    leaders = [np.array([(x0, y0), (x1, y1)]) for a in art for (x0, y0, x1, y1) in a.leaders]
    if leaders:
        ax.add_collection(LineCollection(leaders, colors="black", linewidths=0.35, zorder=10,
                                         gid="leaders"), autolim=False)
        xy = np.array([seg[0] for seg in leaders])
        ax.scatter(xy[:, 0], xy[:, 1], s=1.2, color="black", zorder=10, linewidths=0)
    for a in art:
        halo_w, color = _LABEL_LOOK[a.kind]
        color = color or style.context_label_color
        if halo_w:
            ax.add_artist(PathPatch(a.path, facecolor="none", edgecolor="white", lw=halo_w,
                                    joinstyle="round", zorder=11, gid=f"label-halo-{a.kind}"))
        ax.add_artist(PathPatch(a.path, facecolor=color, edgecolor="none", lw=0, zorder=12,
                                gid=f"label-{a.kind}"))


def _draw_detail(fig: Figure, page: Axes, main_ax: Axes, data: MapData, plan: SheetPlan,
                 theme: Theme, style: MapStyle) -> None:
    """Enlarged detail: its own frame, graticule, labels, caption; outline on the main map."""
    det = plan.detail
    assert det is not None
    x0, y0, x1, y1 = det.extent
    main_ax.add_artist(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="black",
                                lw=1.0, ls=(0, (4, 2)), zorder=13, gid="detail-outline"))
    m = plan.metres_per_mm * MM_PER_PT
    main_ax.text(x0 - 0.6 * m, y1 + 0.6 * m, det.letter, ha="right", va="bottom",
                 fontsize=style.heading_size * 1.2, fontweight="bold", zorder=13,
                 path_effects=halo(2.0), gid="detail-letter")
    ax = _map_axes(fig, det.frame, det.extent, plan.paper, "detail")
    for spine in ax.spines.values():
        spine.set_linewidth(1.0)
    _draw_map(ax, data, det.extent, theme, style, "detail-desa")
    grat = graticule(data.crs, det.frame, det.extent, det.metres_per_mm, max_lines=6)
    draw_graticule(ax, page, grat, style, plan.text_scale, sides=("bottom", "left", "right"))
    _draw_labels(ax, [a for a in plan.art if a.view == "detail"], style)
    f = det.frame
    page.text(f.x, f.y1 + 7.0, f"DETAIL {det.letter}  ·  SKALA {fmt.scale(det.denominator)}",
              ha="left", va="bottom", fontsize=style.heading_size, fontweight="bold",
              gid="detail-caption")
    draw_scale_bar(page, f.x, f.y1 + 1.5, min(45.0, f.w - 12.0), det.denominator, style, 0.85)


def _neatline(page: Axes, plan: SheetPlan) -> None:
    p = plan.paper
    page.add_artist(Rectangle((MARGIN, MARGIN), p.width - 2 * MARGIN, p.height - 2 * MARGIN,
                             fill=False, lw=1.4, edgecolor="black", gid="neatline"))
    page.add_artist(Rectangle((MARGIN - 1.5, MARGIN - 1.5), p.width - 2 * MARGIN + 3,
                             p.height - 2 * MARGIN + 3, fill=False, lw=0.4, edgecolor="black"))
    z, pn = plan.map_zone, plan.panel
    if p.width > p.height:
        page.plot([pn.x, pn.x], [pn.y, pn.y1], color="black", lw=0.9)
    else:
        page.plot([z.x, z.x1], [z.y, z.y], color="black", lw=0.9)
        if plan.title_box is not None:
            page.plot([z.x, z.x1], [z.y1, z.y1], color="black", lw=0.9)


def _watermark(axes: Sequence[Axes], style: MapStyle) -> None:
    """Hollow DATA SINTETIS lettering across each map frame.

    Outline only, so the class colours underneath stay true; drawn above the
    fills and below the labels, so every label stays readable.
    """
    for ax in axes:
        bbox = ax.get_position()
        fig = ax.get_figure()
        w_mm = bbox.width * fig.get_figwidth() * 25.4
        h_mm = bbox.height * fig.get_figheight() * 25.4
        angle = float(np.degrees(np.arctan2(h_mm, w_mm)))
        size = float(np.hypot(w_mm, h_mm)) / (0.72 * len(style.watermark_text)) / MM_PER_PT
        ax.text(0.5, 0.5, style.watermark_text, transform=ax.transAxes, ha="center",
                va="center", rotation=angle, rotation_mode="anchor", fontsize=size,
                fontweight="bold", color=(1, 1, 1, 0), zorder=9, gid="watermark",
                path_effects=[pe.withStroke(linewidth=1.1, foreground=mpl.colors.to_rgba(
                    style.watermark_color, style.watermark_alpha))])


# --- info panel -------------------------------------------------------------------------


def _line_h(size: float) -> float:
    return size * 1.3 * MM_PER_PT


def _text_lines(page: Axes, x: float, y: float, lines: list[str], size: float,
                weight: str = "normal", ha: str = "left", **kw: object) -> float:
    for line in lines:
        page.text(x, y, line, ha=ha, va="top", fontsize=size, fontweight=weight, **kw)
        y -= _line_h(size)
    return y


def _legend_rows(data: MapData, plan: SheetPlan, theme: Theme, style: MapStyle,
                 counts: dict[int | None, int]) -> list[LegendRow]:
    say = data.units.adapt
    rows = [LegendRow("fill", label, color, count=counts[value], value=value, unit=theme.unit)
            for value, label, color in reversed(theme_classes(theme, style))]
    rows.append(LegendRow("hatch", style.no_data_label, style.no_data_color, count=counts[None],
                          value=-1, unit=theme.unit))
    if theme.mark is not None:
        n_marked = int(data.desa[theme.mark].fillna(False).astype(bool).sum())
        rows.insert(0, LegendRow("mark", theme.mark_label, style.mark_color, style.mark_width,
                                 count=n_marked))
    rows.append(LegendRow("line", "Batas kabupaten", style.kabupaten_edge_color,
                          style.kabupaten_edge_width))
    rows.append(LegendRow("line", "Batas kecamatan", style.kecamatan_edge_color,
                          style.kecamatan_edge_width))
    rows.append(LegendRow("line", say("Batas desa/kelurahan"), style.desa_edge_color, 0.5))
    if data.sungai is not None:
        rows.append(LegendRow("line", "Sungai", style.river_color, style.river_width * 1.5))
    if data.konteks is not None:
        rows.append(LegendRow("context", "Kabupaten/kota lain", style.context_fill))
    sea = sea_in_frame(data, plan.extent)
    if sea is not None:
        frame = shp_box(*plan.extent)
        province = data.provinsi if data.provinsi is not None else data.kabupaten
        other = shapely.difference(shapely.difference(frame, province), sea)
        if other.area > 0.005 * frame.area:
            rows.append(LegendRow("context", "Provinsi lain", style.land_fill))
        if sea.area > 0.005 * frame.area:
            rows.append(LegendRow("context", "Laut", style.sea_fill))
    if plan.keys is not None:
        rows.append(LegendRow("number", say("Nomor desa (lihat indeks)")))
    if plan.keys_dropped:
        rows.append(LegendRow("note", say("Desa tanpa nama: lihat peta A3 atau tabel")))
    return rows


def _legend_caption(theme: Theme, data: MapData) -> str:
    if theme.kind == "strata":
        return data.units.adapt("Strata desa (jumlah kriteria EHRA)")
    if theme.labels == "irs":
        return "Kelas Indeks Risiko Sanitasi"
    if theme.unit == "kecamatan":
        return "Kelas kecamatan (dari desa-desanya)"
    return f"Area berisiko: {theme.name}"


def _info_texts(data: MapData, plan: SheetPlan, meta: Mapping[str, object], style: MapStyle,
                grat_step: int) -> dict[str, list[str]]:
    epsg = data.crs.to_epsg()
    proj = [
        f"Proyeksi: Transverse Mercator, UTM zona {data.utm_zone}",
        f"Datum: WGS 1984 (EPSG:{epsg})",
        f"Grid geografis: interval {grid_interval(grat_step)}",
    ]
    if plan.paper.true_scale:
        proj.append(f"Skala {fmt.scale(plan.denominator)} benar untuk cetak "
                    f"{plan.paper.name} ({fmt.integer(int(plan.paper.width))} × "
                    f"{fmt.integer(int(plan.paper.height))} mm)")
    else:
        proj.append("Jarak diukur dengan skala batang (gambar dapat diperkecil)")
    sources = [f"• {s}" for s in source_lines(meta)]
    if indicative_boundaries(meta):
        sources.insert(0, INDICATIVE_NOTE)
    versi = meta.get("versi_metode")
    sources.append(f"• Metode: PPSP/EHRA, ppsp-analysis versi metode {versi or '-'}")
    producer = style.producer or meta.get("nama_pokja") or "-"
    made = [f"Dibuat oleh: {producer}", f"Tanggal: {fmt.date(map_date(meta))}"]
    return {"proj": proj, "sources": sources, "made": made}


#: Caveat printed when the boundary source marks desa lines as indicative.
INDICATIVE_NOTE = "Catatan: batas desa/kelurahan bersifat indikatif, bukan batas hukum."
#: Boundary sources whose desa lines are indicative (the source says so; see
#: :data:`ppsp_analysis.io.download.ATTRIBUTION` and ``../shared/data/kalteng/SOURCE.md``).
INDICATIVE_SOURCES = ("wilayah_boundaries",)


def indicative_boundaries(meta: Mapping[str, object]) -> bool:
    """Whether the boundary source marks desa lines as indicative.

    True when ``meta["batas_indikatif"]`` says so, or when a source line says *indikatif*
    or names a source known for it (:data:`INDICATIVE_SOURCES`, e.g. cahyadsn/
    wilayah_boundaries, the source of ``ppsp wilayah unduh``).

    Examples
    --------
    >>> indicative_boundaries({"sumber_data": ["Batas wilayah: cahyadsn/wilayah_boundaries"]})
    True
    >>> indicative_boundaries({"sumber_data": ["Batas wilayah: BIG 1:5.000"]})
    False
    """
    given = meta.get("batas_indikatif")
    if given is not None:
        return bool(given)
    text = " ".join(source_lines(meta)).lower()
    return "indikatif" in text or any(s in text for s in INDICATIVE_SOURCES)


def grid_interval(minutes: int) -> str:
    """The graticule interval in minutes of arc below one degree, in degrees above.

    Examples
    --------
    >>> grid_interval(15), grid_interval(60), grid_interval(120)
    ('15′', '1°', '2°')
    """
    return f"{minutes}′" if minutes < 60 else f"{fmt.integer(minutes // 60)}°"


def _title_lines(theme: Theme, meta: Mapping[str, object], data: MapData
                 ) -> tuple[str, str, str, str]:
    return (data.units.adapt(theme.name).upper(), area_name(meta.get("nama_kabupaten", "")).upper(),
            province_name(meta.get("nama_provinsi")).upper(), f"TAHUN {meta.get('tahun', '')}")


def _scale_heading(plan: SheetPlan) -> str:
    """``SKALA 1 : N`` on a sheet printed at its paper size, ``SKALA`` (bar only) otherwise."""
    return f"SKALA {fmt.scale(plan.denominator)}" if plan.paper.true_scale else "SKALA"


def _panel_landscape(fig: Figure, page: Axes, data: MapData, plan: SheetPlan, theme: Theme,
                     meta: Mapping[str, object], style: MapStyle,
                     counts: dict[int | None, int]) -> None:
    pn = plan.panel
    x0, w = pn.x + 4.0, pn.w - 8.0
    xc = pn.x + pn.w / 2
    fam = style.font_family
    y = pn.y1 - 4.0

    # title
    theme_name, area, prov, year = _title_lines(theme, meta, data)
    y = _text_lines(page, xc, y, [_prefix(theme, style)], style.title_size * 0.9, "bold",
                    "center")
    y -= 1.0
    y = _text_lines(page, xc, y, wrap_text(theme_name, w, style.theme_size, fam, "bold"),
                    style.theme_size, "bold", "center", color="#7f1d1d", gid="title-theme")
    y -= 1.0
    y = _text_lines(page, xc, y, [area], style.title_size, "bold", "center")
    if prov:
        y = _text_lines(page, xc, y, [prov], style.body_size * 1.2, "normal", "center")
    y = _text_lines(page, xc, y, [year], style.title_size, "bold", "center")
    if meta.get("sintetis"):
        y -= 1.0
        bh = 7.0
        page.add_artist(Rectangle((x0, y - bh), w, bh, facecolor=style.watermark_color,
                                 edgecolor="none", gid="sintetis-banner"))
        page.text(xc, y - bh / 2, style.watermark_text, ha="center", va="center",
                  fontsize=style.heading_size * 1.4, fontweight="bold", color="white")
        y -= bh + 1.0
        y = _text_lines(page, xc, y, wrap_text(style.watermark_note, w, style.small_size, fam),
                        style.small_size, "normal", "center", color=style.watermark_color)
    y = _scenario_banner(page, meta, style, x0, w, y)
    y -= 2.0
    page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)

    # north arrow + scale
    sec_h = 25.0
    draw_north_arrow(page, x0 + 9.0, y - sec_h / 2 - 1.5, 15.0,
                     true_north_angle(data.crs, plan.extent), style, 1.0)
    sx = x0 + 24.0
    page.text(sx, y - 3.0, _scale_heading(plan), ha="left", va="top",
              fontsize=style.heading_size * 1.15, fontweight="bold", gid="scale-text")
    draw_scale_bar(page, sx, y - 15.0, w - 24.0 - 8.0, plan.denominator, style, 1.0)
    if plan.paper.true_scale:
        page.text(sx, y - 18.5, f"Skala benar pada kertas {plan.paper.name}", ha="left",
                  va="top", fontsize=style.small_size, gid="scale-note")
    y -= sec_h
    page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)

    # bottom sections, measured first
    grat = graticule(data.crs, plan.frame, plan.extent, plan.metres_per_mm)
    info = _info_texts(data, plan, meta, style, grat.step_minutes)
    size = style.small_size
    wrapped = {k: [ln for s in v for ln in wrap_text(s, w - 2.5, size, fam)]
               for k, v in info.items()}
    heads = {"proj": "SISTEM PROYEKSI", "sources": "SUMBER DATA", "made": "PEMBUAT PETA"}
    sec_heights = {k: 4.0 + _line_h(style.heading_size) + len(v) * _line_h(size) + 1.0
                   for k, v in wrapped.items()}
    bottom_total = sum(sec_heights.values())

    # legend
    y -= 3.0
    y = _text_lines(page, x0, y, ["LEGENDA"], style.heading_size, "bold")
    y = _text_lines(page, x0, y, [_legend_caption(theme, data)], style.small_size, "normal")
    y -= 0.8
    rows = _legend_rows(data, plan, theme, style, counts)
    y -= draw_legend(page, x0, y, w, rows, style, 1.0, data.units.kata)
    y -= 1.5
    page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)

    # inset takes the remaining height
    inset_top = y
    inset_bottom = pn.y + bottom_total
    y -= 3.0
    y = _text_lines(page, x0, y, ["DIAGRAM LOKASI"], style.heading_size, "bold")
    cap = province_name(meta.get("nama_provinsi")) or "Lokasi kabupaten"
    cap_h = _line_h(style.small_size) + 1.5
    box_h = y - inset_bottom - cap_h - 2.0
    if box_h > 10:
        draw_inset(fig, Box(x0, inset_bottom + cap_h + 1.0, w, box_h), plan.paper.width,
                   plan.paper.height, data, plan.extent, style)
    page.text(xc, inset_bottom + 1.5, cap, ha="center", va="bottom", fontsize=style.small_size)
    del inset_top

    # projection, sources, producer
    y = inset_bottom
    for key in ("proj", "sources", "made"):
        page.plot([pn.x, pn.x1], [y, y], color="black", lw=0.6)
        y -= 3.0
        y = _text_lines(page, x0, y, [heads[key]], style.heading_size, "bold")
        y = _text_lines(page, x0, y, wrapped[key], size, gid=f"info-{key}")
        y = y - 1.0


def _scenario_banner(page: Axes, meta: Mapping[str, object], style: MapStyle, x0: float,
                     w: float, y: float) -> float:
    """The SKENARIO mark and the changed options under the title; returns the new y."""
    lines = scenario_lines(meta)
    if not lines:
        return y
    y -= 1.0
    bh = 6.5
    page.add_artist(Rectangle((x0, y - bh), w, bh, facecolor=SKENARIO_COLOR, edgecolor="none",
                              gid="skenario-banner"))
    page.text(x0 + w / 2, y - bh / 2, SKENARIO_LABEL, ha="center", va="center",
              fontsize=style.heading_size * 1.2, fontweight="bold", color="white")
    y -= bh + 1.0
    text = ["Opsi metode yang diubah dari metode paket:", *lines]
    wrapped = [ln for t in text for ln in wrap_text(t, w, style.small_size, style.font_family)]
    return _text_lines(page, x0 + w / 2, y, wrapped, style.small_size, "normal", "center",
                       color=SKENARIO_COLOR, gid="skenario-opsi")


def _panel_portrait(fig: Figure, page: Axes, data: MapData, plan: SheetPlan, theme: Theme,
                    meta: Mapping[str, object], style: MapStyle,
                    counts: dict[int | None, int]) -> None:
    s = plan.text_scale
    fam = style.font_family
    tb = plan.title_box
    assert tb is not None
    theme_name, area, prov, year = _title_lines(theme, meta, data)
    xc = tb.x + tb.w / 2
    y = tb.y1 - 3.0
    y = _text_lines(page, xc, y, [f"{_prefix(theme, style)} — {theme_name}"],
                    style.title_size * s * 1.05, "bold", "center", gid="title-theme")
    y -= 0.8
    sub = ", ".join(v for v in (area, prov) if v) + f" — {year}"
    y = _text_lines(page, xc, y, [sub], style.title_size * s * 0.85, "bold", "center")
    if meta.get("sintetis"):
        page.text(xc, y - 0.5, f"{style.watermark_text}: hanya untuk demonstrasi, bukan data resmi",
                  ha="center", va="top", fontsize=style.body_size * s, fontweight="bold",
                  color=style.watermark_color, gid="sintetis-banner")
        y -= _line_h(style.body_size * s) + 0.5
    if scenario_lines(meta):
        text = f"{SKENARIO_LABEL} · opsi diubah: {'; '.join(scenario_lines(meta))}"
        lines = wrap_text(text, tb.w - 6.0, style.body_size * s, fam, "bold")
        _text_lines(page, xc, y - 0.3, lines[:2], style.body_size * s, "bold", "center",
                    color=SKENARIO_COLOR, gid="skenario-banner")

    pn = plan.panel
    bottom_h = 24.0
    top = Box(pn.x, pn.y + bottom_h, pn.w, pn.h - bottom_h)
    cols = (Box(top.x, top.y, 70.0, top.h), Box(top.x + 70.0, top.y, 55.0, top.h),
            Box(top.x + 125.0, top.y, top.w - 125.0, top.h))
    for c in cols[1:]:
        page.plot([c.x, c.x], [top.y, top.y1], color="black", lw=0.6)
    page.plot([pn.x, pn.x1], [top.y, top.y], color="black", lw=0.6)

    # legend
    c = cols[0]
    y = c.y1 - 2.5
    y = _text_lines(page, c.x + 3, y, ["LEGENDA"], style.heading_size * s, "bold")
    y = _text_lines(page, c.x + 3, y, [_legend_caption(theme, data)], style.small_size * s)
    rows = _legend_rows(data, plan, theme, style, counts)
    draw_legend(page, c.x + 3, y - 0.5, c.w - 6, rows, style, s * 0.92, data.units.kata)

    # north arrow, scale, projection
    c = cols[1]
    y = c.y1 - 2.5
    draw_north_arrow(page, c.x + 8.0, y - 10.0, 12.0, true_north_angle(data.crs, plan.extent),
                     style, s)
    page.text(c.x + 17.0, y - 1.0, _scale_heading(plan), ha="left",
              va="top", fontsize=style.heading_size * s, fontweight="bold", gid="scale-text")
    draw_scale_bar(page, c.x + 17.0, y - 12.0, c.w - 17.0 - 7.0, plan.denominator, style, s)
    grat = graticule(data.crs, plan.frame, plan.extent, plan.metres_per_mm)
    info = _info_texts(data, plan, meta, style, grat.step_minutes)
    size = style.small_size * s
    y -= 22.0
    y = _text_lines(page, c.x + 3, y, ["SISTEM PROYEKSI"], style.heading_size * s, "bold")
    lines = [ln for t in info["proj"] for ln in wrap_text(t, c.w - 6, size, fam)]
    _text_lines(page, c.x + 3, y, lines, size, gid="info-proj")

    # inset
    c = cols[2]
    y = c.y1 - 2.5
    y = _text_lines(page, c.x + 3, y, ["DIAGRAM LOKASI"], style.heading_size * s, "bold")
    cap = province_name(meta.get("nama_provinsi")) or "Lokasi kabupaten"
    draw_inset(fig, Box(c.x + 3, c.y + 6.0, c.w - 6, y - c.y - 7.5), plan.paper.width,
               plan.paper.height, data, plan.extent, style)
    page.text(c.x + c.w / 2, c.y + 2.0, cap, ha="center", va="bottom", fontsize=size)

    # sources and producer
    left = Box(pn.x, pn.y, 125.0, bottom_h)
    right = Box(pn.x + 125.0, pn.y, pn.w - 125.0, bottom_h)
    page.plot([right.x, right.x], [pn.y, pn.y + bottom_h], color="black", lw=0.6)
    y = left.y1 - 2.0
    y = _text_lines(page, left.x + 3, y, ["SUMBER DATA"], style.heading_size * s, "bold")
    lines = [ln for t in info["sources"] for ln in wrap_text(t, left.w - 6, size, fam)]
    _text_lines(page, left.x + 3, y, lines, size, gid="info-sources")
    y = right.y1 - 2.0
    y = _text_lines(page, right.x + 3, y, ["PEMBUAT PETA"], style.heading_size * s, "bold")
    lines = [ln for t in info["made"] for ln in wrap_text(t, right.w - 6, size, fam)]
    _text_lines(page, right.x + 3, y, lines, size, gid="info-made")
