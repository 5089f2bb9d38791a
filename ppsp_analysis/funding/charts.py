"""Charts of the funding brief (matplotlib, Bahasa Indonesia): each function returns a Figure.

Sized for the one-page brief (A4): save with ``fig.savefig(path, dpi=200)``. Nothing is
written to disk here. User text (names) is never parsed as mathtext: every figure is drawn
with ``text.parse_math`` off.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import fmt
from ..labels import UnitNames
from ..monev import _style as style
from ..schema import SUMBER_DANA
from .gap import APBD_SOURCE
from .lokus import CATEGORIES

#: Colours of the sources (the monev charts' palette) plus the brief's own layers.
APBD_COLOR = style.SOURCE_COLORS[APBD_SOURCE]
GAP_COLOR = "#c62828"
NEED_COLOR = "#222222"
OTHER_COLOR = "#666666"
_RC = {"text.parse_math": False, "font.size": 7.5, "axes.titlesize": 8,
       "axes.labelsize": 7.5, "xtick.labelsize": 7.5, "ytick.labelsize": 7,
       "legend.fontsize": 6.8, "hatch.linewidth": 0.6, "pdf.fonttype": 42}


@contextmanager
def _rc() -> Iterator[None]:
    with mpl.rc_context(_RC):
        yield


def _scale(maximum: float) -> tuple[float, str]:
    """Divisor and unit word for an axis of Rupiah (``miliar`` up to a trillion)."""
    divisor, unit = style.rupiah_scale(maximum)
    return divisor, unit


def funding_stack(fr) -> pd.DataFrame:
    """The layers of the funding chart per year (Rp): projected APBD murni, APBD commitments
    above it, other sources' commitments, the uncovered gap, and the need.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``APBD murni (perkiraan)``, ``Komitmen APBD (tambahan)`` (APBD
        commitments above the projection), ``Komitmen <sumber>`` per other source with
        commitments, ``Celah`` and ``kebutuhan``. Stack + gap = need wherever the need is
        larger.
    """
    years = [int(y) for y in fr.capacity["tahun"]]
    out = pd.DataFrame(index=pd.Index(years, name="tahun"))
    out["APBD murni (perkiraan)"] = fr.capacity.set_index(
        fr.capacity["tahun"].astype(int))["apbd_murni_proyeksi_rp"].reindex(years).fillna(0.0)
    c = fr.committed
    per = (c.groupby(["tahun", "sumber_dana"])["komitmen_rp"].sum().unstack(fill_value=0.0)
           if len(c) else pd.DataFrame(index=years))
    per = per.reindex(years).fillna(0.0)
    apbd_c = per.pop(APBD_SOURCE) if APBD_SOURCE in per else pd.Series(0.0, index=years)
    out["Komitmen APBD (tambahan)"] = (apbd_c - out["APBD murni (perkiraan)"]).clip(lower=0.0)
    order = [s for s in SUMBER_DANA if s in per.columns] + sorted(
        set(per.columns) - set(SUMBER_DANA))
    for s in order:
        if per[s].sum() > 0:
            out[f"Komitmen {s}"] = per[s]
    need = fr.gap_year.set_index(fr.gap_year["tahun"].astype(int))["kebutuhan_rp"].reindex(
        years).fillna(0.0)
    stack = out.sum(axis=1)
    out["Celah"] = (need - stack).clip(lower=0.0)
    out["kebutuhan"] = need
    return out


def funding_chart(fr, note: str | None = None, size: tuple[float, float] = (4.6, 2.4)
                  ) -> Figure:
    """Stacked bars of the expected sources per SSK year against the need line; the part of
    the need no source covers yet is shaded (hatched red).

    Parameters
    ----------
    fr : FundingReport
    note : str, optional
        E.g. ``DATA SINTETIS``, written in the corner.
    size : (float, float)
        Inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = funding_stack(fr)
    need = data.pop("kebutuhan")
    gap = data.pop("Celah")
    top = max(float(need.max()) if len(need) else 0.0,
              float(data.sum(axis=1).max()) if len(data) else 0.0)
    divisor, unit = _scale(top)
    with _rc():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        x = np.arange(len(data))
        bottom = np.zeros(len(data))
        for col in data.columns:
            v = data[col].to_numpy() / divisor
            if not v.any():
                continue
            src = col.removeprefix("Komitmen ")
            if col.startswith("APBD murni"):
                color, hatch = APBD_COLOR, None
            elif col.startswith("Komitmen APBD"):
                color, hatch = "#6baed6", None
            else:
                color, hatch = style.SOURCE_COLORS.get(src, OTHER_COLOR), None
            label = col if col.startswith(("APBD", "Komitmen APBD")) else f"Komitmen {src}"
            ax.bar(x, v, bottom=bottom, width=0.62, color=color, edgecolor="white",
                   linewidth=0.4, label=label, hatch=hatch)
            bottom += v
        g = gap.to_numpy() / divisor
        ax.bar(x, g, bottom=bottom, width=0.62, facecolor="#fbe3e3", edgecolor=GAP_COLOR,
               linewidth=0.6, hatch="////", label="Celah (belum ada sumber)")
        n_items = sum(1 for c in data.columns if data[c].to_numpy().any()) + 2
        n = need.to_numpy() / divisor
        ax.plot(x, n, color=NEED_COLOR, marker="o", markersize=3.2, linewidth=1.3,
                label="Kebutuhan", zorder=5)
        for xi, v in zip(x, n, strict=True):
            ax.annotate(fmt.number(v, 1 if v < 100 else 0), (xi, v), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom", fontsize=6.8,
                        fontweight="bold", color=NEED_COLOR)
        ax.set_xticks(x, [str(y) for y in data.index])
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(style.axis_formatter(0))
        ymax = max(float(n.max()) if len(n) else 0.0, float(bottom.max()) if len(bottom)
                   else 0.0)
        ax.set_ylim(0, ymax * 1.2 if ymax > 0 else 1)
        style.tidy_axes(ax, grid="y")
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False,
                   handlelength=1.1, columnspacing=0.8,
                   fontsize=6.3 if n_items > 6 else 6.8)
        if note:
            ax.text(0.99, 0.98, note, transform=ax.transAxes, ha="right", va="top",
                    fontsize=6.5, color="#b2182b", fontweight="bold")
    return fig


def apbd_share_chart(budget: pd.DataFrame, size: tuple[float, float] = (2.3, 1.55)
                     ) -> Figure:
    """Share of APBD murni sanitasi in the APBD per year (bars, values in %).

    Parameters
    ----------
    budget : pandas.DataFrame
        ``tahun, pct_apbd_murni_sanitasi`` (:func:`~ppsp_analysis.funding.capacity.apbd_murni`).
    """
    with _rc():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        d = budget.dropna(subset=["pct_apbd_murni_sanitasi"]) if len(budget) else budget
        if not len(d):
            ax.text(0.5, 0.5, "Data sheet Anggaran\nbelum ada", ha="center", va="center",
                    transform=ax.transAxes, fontsize=7, color="#555555")
            ax.set_axis_off()
            return fig
        x = np.arange(len(d))
        v = d["pct_apbd_murni_sanitasi"].to_numpy(float)
        ax.bar(x, v, width=0.6, color=APBD_COLOR)
        for xi, vi in zip(x, v, strict=True):
            ax.annotate(fmt.number(vi, 2) + "%", (xi, vi), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=6.2)
        ax.set_xticks(x, [str(int(t)) for t in d["tahun"]], fontsize=6.5)
        ax.set_ylim(0, max(float(v.max()) * 1.3, 0.5))
        ax.yaxis.set_major_formatter(style.axis_formatter(1, "%"))
        ax.tick_params(axis="y", labelsize=6.2)
        style.tidy_axes(ax, grid="y")
    return fig


#: Fill colours of the overlay map's categories.
OVERLAY_COLORS: Mapping[str, str] = {
    CATEGORIES[0]: style.CLASS_COLORS.get(4, "#a81e2b"),
    CATEGORIES[1]: style.CLASS_COLORS.get(3, "#ec6a2c"),
    CATEGORIES[2]: "#bdd7e7",
    CATEGORIES[3]: "#f0f0f0",
    CATEGORIES[4]: "#ffffff",
}
OVERLAY_LABELS = {CATEGORIES[0]: "Prioritas dan lokus stunting",
                  CATEGORIES[1]: "Prioritas, bukan lokus",
                  CATEGORIES[2]: "Lokus, bukan prioritas",
                  CATEGORIES[3]: "Bukan keduanya", CATEGORIES[4]: "Tidak ada data"}


def lokus_map(desa, overlay: pd.DataFrame, size: tuple[float, float] = (2.6, 2.6),
              note: str | None = None, units: UnitNames | None = None) -> Figure:
    """Map of the stunting overlay: desa coloured by priority × lokus (counts in the legend).

    Parameters
    ----------
    desa : geopandas.GeoDataFrame
        Desa polygons with ``kode_desa``.
    overlay : pandas.DataFrame
        :func:`~ppsp_analysis.funding.lokus.lokus_overlay` table.
    units : UnitNames, optional
        What the areas are called in the legend counts (``12 kelurahan``); default from the
        codes of ``desa``.
    """
    units = units or UnitNames.from_codes(desa["kode_desa"])
    gdf = desa[["kode_desa", "geometry"]].copy()
    gdf = gdf.reset_index(drop=True)
    if gdf.crs is not None and gdf.crs.is_geographic:
        gdf = gdf.to_crs(gdf.estimate_utm_crs())
    cat = gdf["kode_desa"].map(overlay.set_index("kode_desa")["kategori"]).fillna(CATEGORIES[4])
    with _rc():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        handles = []
        for c in (CATEGORIES[0], CATEGORIES[1], CATEGORIES[2], CATEGORIES[3], CATEGORIES[4]):
            part = gdf[cat == c]
            if not len(part):
                continue
            hatch = "...." if c == CATEGORIES[4] else None
            part.plot(ax=ax, color=OVERLAY_COLORS[c], edgecolor="white", linewidth=0.25,
                      hatch=hatch)
            handles.append(Patch(facecolor=OVERLAY_COLORS[c], edgecolor="#999999",
                                 linewidth=0.4, hatch=hatch,
                                 label=f"{OVERLAY_LABELS[c]} ({units.n(len(part))})"))
        outline = gdf.dissolve() if len(gdf) else gdf
        outline.boundary.plot(ax=ax, color="#333333", linewidth=0.6)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=1,
                  frameon=False, fontsize=6.2, handlelength=1.1)
        _north_arrow(ax)
        if note:
            ax.text(0.0, 1.0, note, transform=ax.transAxes, ha="left", va="top",
                    fontsize=6, color="#b2182b", fontweight="bold")
    return fig


def _north_arrow(ax) -> None:
    ax.annotate("U", xy=(0.96, 0.98), xytext=(0.96, 0.84), xycoords="axes fraction",
                ha="center", va="center", fontsize=6.5, fontweight="bold",
                arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 0.8})
