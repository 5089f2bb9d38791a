"""Targeting map: spending per desa (circles) over the area-berisiko classes (fill)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..labels import ClassScheme, UnitNames
from . import _style as style
from .budget import COMPONENT_LABELS
from .targeting import CLASS_COLUMNS, priority_mask, scored_codes, spending_per_desa

CIRCLE_COLOR = "#08306b"


def targeting_map(scored, program: pd.DataFrame, component: str = "air_limbah",
                  year: int | Sequence[int] | None = None, title: str | None = None,
                  source: str | None = None, note: str | None = None,
                  kab_name: str | None = None, classes: ClassScheme | None = None,
                  units: UnitNames | None = None) -> Figure:
    """Map of the risk classes of ``component`` with circles sized by spending per desa.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        Scored table with geometry, ``kode_desa``, ``kode_kec`` and ``kelas_<komponen>``.
    program : pandas.DataFrame
        Sheet ``Program``.
    component : {"air_limbah", "persampahan", "drainase", "phbs"}
        Programme component (PHBS uses ``kelas_gabungan``).
    year : int or list of int, optional
        Restrict the programmes to these years (default: all years).
    title, source, note, kab_name : str, optional
        Title, data source, note (``DATA SINTETIS``) and kabupaten name for the title.
    classes : ClassScheme, optional
        Class names and priority threshold of the method (without it: ``Kelas 1`` … and the
        scored table's ``prioritas_<komponen>`` flags).
    units : UnitNames, optional
        What the areas are called (default: from the codes of ``scored``).

    Returns
    -------
    matplotlib.figure.Figure
        Circle **area** is proportional to realised spending; kabupaten-wide spending (no
        desa) is stated in the subtitle; a north arrow and a scale bar are drawn in a metric
        (UTM) projection.
    """
    col = CLASS_COLUMNS[component]
    prog = program
    if year is not None and program is not None and len(program):
        years = [year] if isinstance(year, int) else list(year)
        prog = program[pd.to_numeric(program["tahun"], errors="coerce").isin(years)]
    threshold = classes.ambang_prioritas if classes is not None else None
    units = units or UnitNames.from_codes(scored_codes(scored))
    per_desa = spending_per_desa(prog, scored, component, threshold=threshold).table
    gdf = scored.copy()
    gdf["kode_desa"] = scored_codes(scored).to_numpy()
    if gdf.crs is not None and gdf.crs.is_geographic:
        gdf = gdf.to_crs(gdf.estimate_utm_crs())
    class_values = (pd.array(gdf[col], dtype="Int64") if col in gdf
                    else pd.array([pd.NA] * len(gdf), dtype="Int64"))
    gdf["_kelas"] = class_values
    gdf["_prioritas"] = priority_mask(scored, col, threshold).to_numpy() if col in gdf else False
    fig, (ax, ax_leg) = style.canvas((10.0, 8.0), ncols=2,
                                     gridspec_kw={"width_ratios": [3.0, 1.0]})
    ax_leg.set_axis_off()
    for k, w in style.CLASS_COLORS.items():
        sub = gdf[gdf["_kelas"] == k]
        if len(sub):
            sub.plot(ax=ax, color=w, edgecolor="white", linewidth=0.4)
    na = gdf[gdf["_kelas"].isna()]
    if len(na):
        na.plot(ax=ax, facecolor=style.NO_DATA_COLOR, edgecolor=style.NO_DATA_HATCH_COLOR,
                hatch="////", linewidth=0.4)
    if "kode_kec" in gdf:
        kec = gdf[["kode_kec", "geometry"]].dissolve("kode_kec")
        kec.boundary.plot(ax=ax, color="#555555", linewidth=1.0)
        if "nama_kec" in gdf:
            names = gdf.groupby("kode_kec")["nama_kec"].first()
            halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
            for kec_code, geom in kec.geometry.items():
                p = geom.representative_point()
                text = "\n".join(textwrap.wrap(str(names.get(kec_code, kec_code)).upper(), 13))
                ax.annotate(text, (p.x, p.y), ha="center", va="center", fontsize=6.8,
                            color="#333333", fontweight="bold", path_effects=halo, zorder=7,
                            linespacing=0.95)
    gdf.dissolve().boundary.plot(ax=ax, color="#222222", linewidth=1.4)
    points = gdf.set_index("kode_desa").join(per_desa, how="inner")
    max_rp = float(points["nilai_rp"].max()) if len(points) else 0.0
    divisor, unit = style.rupiah_scale(max_rp)
    max_area = 900.0                     # points² of the largest circle
    if max_rp > 0:
        pts = points.geometry.representative_point()
        sizes = points["nilai_rp"].clip(lower=0) / max_rp * max_area
        ax.scatter(pts.x, pts.y, s=sizes, facecolor=CIRCLE_COLOR, alpha=0.7,
                   edgecolor="white", linewidth=0.9, zorder=5)
    ax.set_axis_off()
    ax.set_aspect("equal")
    _north_arrow(ax)
    _scale_bar(ax, gdf.crs.name if gdf.crs is not None else None)
    class_handles = [Patch(facecolor=w, edgecolor="#888888",
                           label=f"{k} {classes.label(k) if classes else f'Kelas {k}'} "
                                 f"({units.n(int((gdf['_kelas'] == k).sum()))})")
                     for k, w in style.CLASS_COLORS.items()][::-1]
    if len(na):
        class_handles.append(Patch(facecolor=style.NO_DATA_COLOR,
                                   edgecolor=style.NO_DATA_HATCH_COLOR, hatch="////",
                                   label=f"Tidak ada data ({units.n(len(na))})"))
    l1 = ax_leg.legend(handles=class_handles, loc="upper left", bbox_to_anchor=(0.0, 1.0),
                       frameon=False, fontsize=8.5, title=f"Kelas area berisiko\n"
                       f"{COMPONENT_LABELS.get(component, component).lower()}", title_fontsize=9)
    l1._legend_box.align = "left"
    ax_leg.add_artist(l1)
    if max_rp > 0:
        examples = _legend_circle_values(max_rp)
        h = [Line2D([], [], ls="", marker="o", markersize=math.sqrt(v / max_rp * max_area),
                    markerfacecolor=CIRCLE_COLOR, alpha=0.7, markeredgecolor="white",
                    label=style.number(v / divisor, 1 if v / divisor < 10 else 0))
             for v in examples]
        l2 = ax_leg.legend(handles=h, loc="upper left", bbox_to_anchor=(0.0, 0.62),
                           frameon=False, fontsize=8.5,
                           title=f"Realisasi per {units.kata}\n({unit})",
                           title_fontsize=9, labelspacing=1.3, borderpad=1.0)
        l2._legend_box.align = "left"
    priority_rp = points[points["_prioritas"]]["nilai_rp"].sum() if len(points) else 0.0
    located_rp = points[points["_kelas"].notna()]["nilai_rp"].sum() if len(points) else 0.0
    kab_rp = per_desa.attrs.get("tingkat_kabupaten_rp", 0.0)
    where = classes.teks_prioritas if classes else "prioritas"
    parts = [f"{style.percent(priority_rp / located_rp * 100, 0)} realisasi berlokasi jatuh di "
             f"{units.kata} {where}" if located_rp > 0
             else f"belum ada kegiatan berlokasi di {units.kata}"]
    if kab_rp > 0:
        parts.append(f"{style.rupiah(kab_rp)} kegiatan tingkat kabupaten tidak dipetakan")
    program_years = (sorted(pd.to_numeric(prog["tahun"], errors="coerce").dropna().astype(int)
                            .unique()) if prog is not None and len(prog) else [])
    if program_years:
        parts.insert(0, f"Realisasi {program_years[0]}–{program_years[-1]}"
                     if len(program_years) > 1 else f"Realisasi {program_years[0]}")
    comp_label = COMPONENT_LABELS.get(component, component)
    title = title or (f"Sebaran anggaran {comp_label.lower()} dan area berisiko"
                      + (f" — {kab_name}" if kab_name else ""))
    style.title(fig, title, "; ".join(parts))
    style.footer(fig, source, note)
    return fig


def _legend_circle_values(maximum: float) -> list[float]:
    """Three consecutive round values (1–2–5 series) ≤ ``maximum``, largest first.

    Examples
    --------
    >>> _legend_circle_values(2.4e9), _legend_circle_values(7e6)
    ([2000000000.0, 1000000000.0, 500000000.0], [5000000.0, 2000000.0, 1000000.0])
    """
    power = 10.0 ** math.floor(math.log10(maximum))
    series = [v * power * f for f in (0.01, 0.1, 1.0) for v in (1, 2, 5)]
    series = [v for v in series if v <= maximum]
    return series[-3:][::-1]


def _north_arrow(ax) -> None:
    """North arrow ("U" = utara) in the top-left corner."""
    ax.annotate("U", xy=(0.04, 0.97), xytext=(0.04, 0.88), xycoords="axes fraction",
                ha="center", va="center", fontsize=11, fontweight="bold",
                arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.5})


def _scale_bar(ax, projection: str | None = None) -> None:
    """Scale bar (1–2–5 round length) in the bottom-left corner, with the projection name."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width = (x1 - x0) / 4
    power = 10 ** math.floor(math.log10(width))
    length = max(v * power for v in (1, 2, 5) if v * power <= width)
    xs, ys = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    for i in range(2):
        ax.add_patch(Rectangle(
            (xs + i * length / 2, ys), length / 2, (y1 - y0) * 0.008,
            facecolor="#222222" if i == 0 else "white", edgecolor="#222222", lw=0.8, zorder=6))
    text = f"{style.number(length / 1000, 0)} km" if length >= 1000 else f"{length:.0f} m"
    ax.text(xs, ys + (y1 - y0) * 0.016, "0", fontsize=8, ha="center", va="bottom")
    ax.text(xs + length, ys + (y1 - y0) * 0.016, text, fontsize=8, ha="center", va="bottom")
    if projection:
        ax.text(xs, ys - (y1 - y0) * 0.012, f"Proyeksi: {projection}", fontsize=7, ha="left",
                va="top", color="#555555")
