"""Monev charts (matplotlib, Bahasa Indonesia): each function returns a new Figure.

The figures are sized for a report page or a 16:9 slide (10 × 6 in); save them with
``fig.savefig(path, dpi=200)``. Nothing is written to disk here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from ..labels import ClassScheme, UnitNames
from . import _style as style
from ._base import divide
from .budget import COMPONENT_LABELS, FUNDING_SOURCES, program_summary
from .catalogue import indicator_catalogue
from .ladders import LADDERS


def ladder_chart(ladder: pd.DataFrame, component: str = "air_limbah", year: int | None = None,
                 kabupaten_ladder: pd.DataFrame | None = None, title: str | None = None,
                 source: str | None = None, note: str | None = None,
                 units: UnitNames | None = None) -> Figure:
    """Horizontal 100 % bars of an access ladder, one per unit (e.g. kecamatan).

    The best rung starts at the axis; the share of the worst rung (BABS, no access, waste not
    managed) is repeated in a column on the right, since it is the figure most often asked
    for. Units whose data cover only part of their desa are labelled ``(n/N desa)``.

    Parameters
    ----------
    ladder : pandas.DataFrame
        :func:`~ppsp_analysis.monev.ladders.access_ladder` table (any ``level``).
    component : {"air_limbah", "air_minum", "persampahan"}
        Ladder.
    year : int, optional
        Year to draw (default: the latest).
    kabupaten_ladder : pandas.DataFrame, optional
        The kabupaten-level table: drawn as the first, bold bar.
    title, source, note : str, optional
        Title (default from the ladder), data source, note (e.g. ``"DATA SINTETIS"``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = LADDERS[component]
    year = int(ladder["tahun"].max()) if year is None else year
    d = ladder[ladder["tahun"] == year].copy()
    columns = t.columns[::-1]                       # best rung first, from the axis
    colors = (style.LADDER_COLORS_5 if len(columns) == 5 else style.LADDER_COLORS_3)[::-1]
    d["_urut"] = d[f"pct_{columns[0]}"] + (d[f"pct_{columns[1]}"] if len(columns) > 3 else 0)
    d = d.sort_values("_urut", ascending=True)
    rows = [(_unit_label(r, units), r, False) for _, r in d.iterrows()]
    if kabupaten_ladder is not None:
        k = kabupaten_ladder[kabupaten_ladder["tahun"] == year]
        if len(k):
            name = str(k["nama_unit"].iloc[0])
            if not name.lower().startswith(("kabupaten", "kota")):
                name += " (kabupaten)"
            rows.append((name, k.iloc[0], True))
    n = len(rows)
    fig, ax = style.canvas((10.0, max(3.8, 2.2 + 0.42 * n)))
    y = np.arange(n, dtype=float)
    if n > 1 and rows[-1][2]:
        y[-1] += 0.6
    left = np.zeros(n)
    for k, w in zip(columns, colors, strict=True):
        values = np.array([float(r[f"pct_{k}"]) if pd.notna(r[f"pct_{k}"]) else 0.0
                           for _, r, _ in rows])
        widths = np.clip(np.minimum(values, 100.0 - left), 0.0, None)   # never past 100 %
        ax.barh(y, widths, left=left, color=w, edgecolor="white", linewidth=0.6, height=0.72,
                label=t.labels[k])
        for yi, wi, li, v in zip(y, widths, left, values, strict=True):
            if wi >= 6:
                ax.text(li + wi / 2, yi, style.number(v, 0), ha="center", va="center",
                        fontsize=8.5, color=style.text_color(w))
        left = left + widths
    worst = columns[-1]
    ax.text(104, y[-1] + 0.5, "\n".join(textwrap.wrap(_SHORT_LABELS.get(worst, worst), 11)),
            ha="center", va="bottom", fontsize=7.5, color=colors[-1], fontweight="bold",
            linespacing=1.0)
    for yi, (_, r, bold) in zip(y, rows, strict=True):
        ax.text(104, yi, style.percent(r[f"pct_{worst}"], 1), ha="center", va="center",
                fontsize=8.5, color=colors[-1], fontweight="bold" if bold else "normal")
    ax.set_yticks(y, [b[0] for b in rows])
    for lab, (_, _, bold) in zip(ax.get_yticklabels(), rows, strict=True):
        if bold:
            lab.set_fontweight("bold")
    ax.set_xlim(0, 108)
    ax.set_ylim(-0.6, y[-1] + 0.6)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.xaxis.set_major_formatter(style.axis_formatter(0, "%"))
    basis = "timbulan sampah" if component == "persampahan" else "KK"
    ax.set_xlabel(f"Persentase {basis}")
    style.tidy_axes(ax, grid="x")
    ax.legend(ncols=len(columns), loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=offset_copy(ax.transAxes, fig=fig, y=-0.5, units="inches"),
              frameon=False, fontsize=9, handlelength=1.2, columnspacing=1.4)
    mismatch = any(abs(float(r["selisih"])) > 0.5 for _, r, _ in rows if "selisih" in r)
    sub = f"Tahun {year}; angka di batang = % {basis}"
    if mismatch:
        sub += "; sebagian batang tidak 100% karena jumlah anak tangga ≠ total (lihat peringatan)"
    style.title(fig, title or t.title, sub)
    style.footer(fig, source, note)
    return fig


def trend_chart(series: pd.DataFrame, indicators: str | Sequence[str],
                targets: pd.DataFrame | None = None, progress: pd.DataFrame | None = None,
                unit: str | None = None, title: str | None = None, source: str | None = None,
                note: str | None = None, max_year: int | None = None) -> Figure:
    """Trend lines of one or more indicators with their targets.

    Each target is a dashed horizontal line labelled with its value, year(s) and source; when
    the target year lies within the axis, a dotted "required path" runs from the latest value
    to the target (diamond). With ``progress`` the legend carries each indicator's status.

    Parameters
    ----------
    series : pandas.DataFrame
        Long series (:func:`~ppsp_analysis.monev.progress.indicator_series`).
    indicators : str or sequence of str
        Catalogue codes to draw (same unit, e.g. the sanitation ones).
    targets : pandas.DataFrame, optional
        Merged targets (:func:`~ppsp_analysis.monev.catalogue.merge_targets`).
    progress : pandas.DataFrame, optional
        :func:`~ppsp_analysis.monev.progress.assess_progress` table, for the status in the
        legend.
    unit : str, optional
        ``kode_unit`` to draw (default: the first, i.e. the kabupaten).
    title, source, note : str, optional
        Title (default from the first indicator), data source, note (``DATA SINTETIS``).
    max_year : int, optional
        Right end of the x axis (default: latest data year + 3, stretched to a target year at
        most 6 years after the data).

    Returns
    -------
    matplotlib.figure.Figure
    """
    cat = indicator_catalogue()
    codes = [indicators] if isinstance(indicators, str) else list(indicators)
    unit = unit if unit is not None else series["kode_unit"].iloc[0]
    s = series[(series["kode_unit"] == unit)
               & series["indikator"].isin(codes)].dropna(subset=["nilai"])
    unit_name = s["nama_unit"].iloc[0] if len(s) else str(unit)
    t_min = int(s["tahun"].min()) if len(s) else 2020
    t_max = int(s["tahun"].max()) if len(s) else 2024
    tgt = targets[targets["indikator"].isin(codes)] if targets is not None else s.iloc[0:0]
    if max_year is None:
        max_year = t_max + (3 if len(tgt) else 0)
        near = tgt.loc[(tgt["tahun"] >= t_max) & (tgt["tahun"] <= t_max + 6), "tahun"] \
            if len(tgt) else []
        if len(near):
            max_year = max(max_year, int(max(near)) + 1)
    statuses = {}
    if progress is not None and len(progress):
        p = progress[progress["kode_unit"] == unit]
        statuses = dict(zip(p["indikator"], p["status"], strict=True))
    fig, ax = style.canvas((10.0, 6.0))
    value_unit = cat.loc[codes[0], "satuan"]
    ymax, target_labels, end_labels, all_sources = 0.0, [], [], {}
    for i, k in enumerate(codes):
        w = style.LINE_COLORS[i % len(style.LINE_COLORS)]
        d = s[s["indikator"] == k].sort_values("tahun")
        if not len(d):
            continue
        lab = cat.loc[k, "nama"]
        if statuses.get(k) and statuses[k] != "tanpa target":
            lab += f" — {statuses[k]}"
        ax.plot(d["tahun"], d["nilai"], "-o", color=w, lw=2.2, ms=5.5, label=lab, zorder=4)
        ymax = max(ymax, float(d["nilai"].max()))
        last = d.iloc[-1]
        end_labels.append((float(last["nilai"]), int(last["tahun"]),
                           _format_value(last["nilai"], value_unit), w))
        for value, grp in tgt[tgt["indikator"] == k].groupby("nilai"):
            ymax = max(ymax, float(value))
            ax.axhline(value, color=w, lw=1.1, ls="--", alpha=0.8, zorder=2)
            origin = grp["asal"] if "asal" in grp else pd.Series("", index=grp.index)
            short = [("SSK" if a == "SSK" else str(s_).split(" (")[0])
                     for a, s_ in zip(origin, grp["sumber"], strict=True)]
            years_text = ", ".join(f"{int(x)} {p_}" for x, p_ in
                                   sorted(zip(grp["tahun"], short, strict=True)))
            all_sources.update(dict.fromkeys(grp["sumber"]))
            target_labels.append((float(value),
                                  f"{_format_value(value, value_unit)}: {years_text}", w))
            for yr in grp["tahun"]:
                if t_max < yr <= max_year:
                    ax.plot([last["tahun"], yr], [last["nilai"], value], ":", color=w, lw=1.6,
                            zorder=3)
                    ax.plot([yr], [value], marker="D", color=w, ms=6, zorder=4)
    ax.set_xlim(t_min - 0.5, max_year + 0.5)
    ax.set_xticks(range(t_min, max_year + 1))
    ax.xaxis.set_major_formatter(lambda v, _: f"{int(v)}")
    if value_unit.startswith("%"):
        y_top = max(100.0, ymax) * 1.06 if ymax > 60 else max(ymax * 1.3, 10)
        ax.yaxis.set_major_formatter(style.axis_formatter(0, "%"))
    else:
        y_top = ymax * 1.2 if ymax else 1
        ax.yaxis.set_major_formatter(style.axis_formatter(0))
    ax.set_ylim(0, y_top)
    last_y = -np.inf
    for y_, x_, text, w in sorted(end_labels):
        y_text = max(y_ + y_top * 0.025, last_y + y_top * 0.05)
        ax.text(x_, y_text, text, ha="center", va="bottom", fontsize=9, color=w,
                fontweight="bold", zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
        last_y = y_text
    gap = y_top * 0.04
    last_y = -np.inf
    edge = ax.get_yaxis_transform()             # x in axes fraction, y in data
    for y_, text, w in sorted(target_labels):
        y_text = max(y_, last_y + gap)
        ax.text(1.01, y_text, text, color=w, fontsize=8, va="center", ha="left",
                transform=edge, clip_on=False)
        if abs(y_text - y_) > y_top * 0.005:
            ax.plot([1.0, 1.008], [y_, y_text], color=w, lw=0.8, transform=edge, clip_on=False)
        last_y = y_text
    if target_labels:
        ax.text(1.01, 1.0, "Target", transform=ax.transAxes, fontsize=8.5, fontweight="bold",
                va="bottom", ha="left")
    ax.set_ylabel(value_unit)
    style.tidy_axes(ax, grid="y")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=min(2, len(codes)),
              frameon=False, fontsize=9.5)
    sub = f"{unit_name}, {t_min}–{t_max}"
    if target_labels:
        sub += ("; garis putus-putus = target, titik-titik = jalur yang diperlukan untuk "
                "mencapai target")
    style.title(fig, title or f"Tren {cat.loc[codes[0], 'nama'].lower()}", sub)
    if all_sources:
        sources_text = "; ".join(all_sources)
        source = f"{source}. Target: {sources_text}" if source else f"target: {sources_text}"
    style.footer(fig, source, note)
    return fig


def funding_source_chart(program: pd.DataFrame, value: str = "realisasi_rp",
                         title: str | None = None, source: str | None = None,
                         note: str | None = None) -> Figure:
    """Stacked bars of programme spending per year by funding source, with yearly totals.

    Returns
    -------
    matplotlib.figure.Figure
    """
    recap = program_summary(program, by=("tahun", "sumber_dana")).table
    piv = recap.pivot_table(index="tahun", columns="sumber_dana", values=value, aggfunc="sum",
                            fill_value=0.0)
    order = [s for s in FUNDING_SOURCES if s in piv.columns] + [s for s in piv.columns
                                                                if s not in FUNDING_SOURCES]
    piv = piv[order]
    divisor, unit = style.rupiah_scale(float(piv.sum(axis=1).max()) if len(piv) else 0.0)
    fig, ax = style.canvas((10.0, 6.0))
    x = np.arange(len(piv))
    bottom = np.zeros(len(piv))
    for s_ in order:
        v = piv[s_].to_numpy() / divisor
        ax.bar(x, v, bottom=bottom, color=style.SOURCE_COLORS.get(s_, "#666666"), label=s_,
               width=0.65, edgecolor="white", linewidth=0.5)
        bottom += v
    for xi, tot in zip(x, bottom, strict=True):
        ax.text(xi, tot, style.number(tot, 1), ha="center", va="bottom", fontsize=9,
                fontweight="bold")
    ax.set_xticks(x, [str(t) for t in piv.index])
    ax.yaxis.set_major_formatter(style.axis_formatter(1 if bottom.max() < 5 else 0))
    ax.set_ylabel(unit)
    ax.set_ylim(0, bottom.max() * 1.12 if len(bottom) and bottom.max() > 0 else 1)
    style.tidy_axes(ax, grid="y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9,
              title="Sumber dana", title_fontsize=9.5, reverse=True)
    kind = "Realisasi" if value == "realisasi_rp" else "Rencana"
    style.title(fig, title or f"{kind} anggaran sanitasi menurut sumber dana",
                f"{unit} per tahun; angka di atas batang = jumlah")
    style.footer(fig, source, note)
    return fig


def realisation_chart(program: pd.DataFrame, title: str | None = None,
                      source: str | None = None, note: str | None = None) -> Figure:
    """Plan (outline) vs realisation (filled) per year and component, with the realisation rate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    recap = program_summary(program, by=("tahun", "komponen")).table
    years = sorted(recap["tahun"].unique())
    comps = [k for k in COMPONENT_LABELS if k in set(recap["komponen"])]
    comps += sorted(set(recap["komponen"]) - set(comps))
    divisor, unit = style.rupiah_scale(float(recap["rencana_rp"].max()) if len(recap) else 0.0)
    fig, ax = style.canvas((10.0, 6.0))
    width = 0.8 / max(len(comps), 1)
    for j, k in enumerate(comps):
        w = style.LINE_COLORS[j % len(style.LINE_COLORS)]
        d = recap[recap["komponen"] == k].set_index("tahun").reindex(years)
        x = np.arange(len(years)) - 0.4 + width * (j + 0.5)
        planned = d["rencana_rp"].fillna(0).to_numpy() / divisor
        realised = d["realisasi_rp"].fillna(0).to_numpy() / divisor
        ax.bar(x, planned, width=width * 0.9, facecolor="white", edgecolor=w, linewidth=1.4)
        ax.bar(x, realised, width=width * 0.9, color=w, label=COMPONENT_LABELS.get(k, k))
        for xi, a, b, p in zip(x, planned, realised, d["pct_realisasi"], strict=True):
            if pd.notna(p) and a > 0:
                ax.text(xi, max(a, b), f"{p:.0f}%", ha="center", va="bottom", fontsize=7.5,
                        rotation=90 if len(comps) * len(years) > 14 else 0)
    per_year = recap.groupby("tahun")[["rencana_rp", "realisasi_rp"]].sum()
    pct_year = divide(per_year["realisasi_rp"], per_year["rencana_rp"], 100.0)
    ax.set_xticks(np.arange(len(years)), [f"{t}\n(total {style.percent(pct_year.get(t), 0)})"
                                          for t in years])
    ax.set_ylabel(unit)
    top = float(recap["rencana_rp"].max() / divisor) if len(recap) else 1.0
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.yaxis.set_major_formatter(style.axis_formatter(1 if top < 5 else 0))
    style.tidy_axes(ax, grid="y")
    handles, lab = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor="#444444", label="Rencana (garis)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=9, title="Realisasi (isi)", title_fontsize=9.5)
    style.title(fig, title or "Rencana dan realisasi program sanitasi per komponen",
                f"{unit}; persentase = realisasi ÷ rencana")
    style.footer(fig, source, note)
    return fig


def targeting_chart(targeting: pd.DataFrame, title: str | None = None,
                    source: str | None = None, note: str | None = None,
                    period: str | None = None, classes: ClassScheme | None = None,
                    units: UnitNames | None = None) -> Figure:
    """Share of located spending in priority desa vs the priority desa's share of KK (or desa).

    Parameters
    ----------
    targeting : pandas.DataFrame
        :func:`~ppsp_analysis.monev.targeting.priority_targeting` table (``by=("komponen",)``).
    period : str, optional
        Years covered, for the subtitle (e.g. ``"2021–2025"``).
    classes : ClassScheme, optional
        The method's classes (the priority threshold named in the subtitle).
    units : UnitNames, optional
        What the areas are called (``desa``, ``kelurahan``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    say = units.adapt if units is not None else str
    order = {k: i for i, k in enumerate(COMPONENT_LABELS)}
    d = targeting[targeting["komponen"] != "semua"].copy()
    d = d.sort_values("komponen", key=lambda c: c.map(order).fillna(99))
    all_row = targeting[targeting["komponen"] == "semua"]
    baseline = "pct_kk_prioritas" if "pct_kk_prioritas" in d else "pct_desa_prioritas"
    baseline_label = say("Porsi KK yang tinggal di desa prioritas (pembanding)"
                         if baseline == "pct_kk_prioritas" else "Porsi desa yang berstatus "
                         "prioritas (pembanding)")
    fig, ax = style.canvas((10.0, max(3.8, 2.4 + 0.8 * len(d))))
    y = np.arange(len(d))[::-1]
    ax.barh(y + 0.18, d["pct_prioritas"].fillna(0), height=0.34, color="#0072B2",
            label=say("Porsi realisasi berlokasi yang jatuh di desa prioritas"))
    ax.barh(y - 0.18, d[baseline].fillna(0), height=0.34, color="#bdbdbd", label=baseline_label)
    for yi, a, b in zip(y, d["pct_prioritas"], d[baseline], strict=True):
        ax.text((a if pd.notna(a) else 0) + 1, yi + 0.18, style.percent(a, 0) if pd.notna(a)
                else say("tidak ada kegiatan berlokasi di desa"), va="center", fontsize=9.5,
                fontweight="bold", color="#0072B2" if pd.notna(a) else "#555555")
        ax.text((b if pd.notna(b) else 0) + 1, yi - 0.18, style.percent(b, 0), va="center",
                fontsize=8.5, color="#555555")
    ax.set_yticks(y, [COMPONENT_LABELS.get(k, k) for k in d["komponen"]])
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.xaxis.set_major_formatter(style.axis_formatter(0, "%"))
    style.tidy_axes(ax, grid="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=1, frameon=False,
              fontsize=9)
    where = classes.teks_prioritas if classes is not None else "prioritas"
    sub = say(f"Desa prioritas = area berisiko {where} untuk komponen kegiatan (PHBS: kelas "
              "gabungan)")
    if period:
        sub = f"Realisasi {period}. " + sub
    if len(all_row) and pd.notna(all_row["pct_prioritas"].iloc[0]):
        sub += say(f". Semua komponen: {style.percent(all_row['pct_prioritas'].iloc[0], 0)} "
                   "dari realisasi berlokasi di desa")
        kab_rp = all_row["tingkat_kabupaten_rp"].iloc[0]
        if kab_rp > 0:
            sub += f"; {style.rupiah(kab_rp)} kegiatan tingkat kabupaten tidak dihitung"
    style.title(fig, title or say("Apakah anggaran sampai ke desa prioritas?"), sub)
    style.footer(fig, source, note)
    return fig


def status_chart(progress: pd.DataFrame, title: str | None = None,
                 source: str | None = None, note: str | None = None) -> Figure:
    """Table-like chart of the progress status of every indicator with a target (for slides).

    Returns
    -------
    matplotlib.figure.Figure
    """
    d = progress[progress["target"].notna()].reset_index(drop=True)
    fig, ax = style.canvas((10.0, max(2.8, 1.6 + 0.42 * len(d))))
    ax.set_axis_off()
    col_x = (0.0, 0.33, 0.47, 0.66, 0.85)
    headers = ("Indikator", "Nilai terakhir", "Target (sumber)", "Per tahun: perlu / tren",
               "Status")
    n = max(len(d), 1)
    row_height = 1.0 / (n + 1)
    for x, h in zip(col_x, headers, strict=True):
        ax.text(x, 1.0 - row_height / 2, h, fontweight="bold", fontsize=9, va="center",
                transform=ax.transAxes)
    ax.plot([0, 1], [1.0 - row_height, 1.0 - row_height], color="#888888", lw=0.8,
            transform=ax.transAxes)
    for i, r in d.iterrows():
        yy = 1.0 - row_height * (i + 1.5)
        unit = r["satuan"]
        if r["tercapai"]:
            required = "sudah tercapai"
        elif r["sisa_tahun"] == 0:
            required = "tahun target = tahun ini"
        elif r["sisa_tahun"] < 0:
            required = "tahun target lewat"
        elif pd.isna(r["laju_teramati"]):
            required = f"{_format_value(r['laju_diperlukan'], unit, True, rate=True)} / –"
        else:
            required = (f"{_format_value(r['laju_diperlukan'], unit, True, rate=True)} / "
                        f"{_format_value(r['laju_teramati'], unit, True, rate=True)}")
        origin = "SSK" if r["asal_target"] == "SSK" else str(r["sumber_target"]).split()[0]
        cells = (r["nama"],
                 f"{_format_value(r['nilai_terakhir'], unit)} ({int(r['tahun_terakhir'])})",
                 f"{_format_value(r['target'], unit)} ({int(r['tahun_target'])}, {origin})",
                 required)
        for x, text in zip(col_x[:4], cells, strict=True):
            ax.text(x, yy, text, fontsize=8.8, va="center", transform=ax.transAxes)
        w = style.STATUS_COLORS.get(r["status"], "#d9d9d9")
        ax.text(col_x[-1], yy, f" {r['status']} ", fontsize=8.8, va="center",
                transform=ax.transAxes, color=style.text_color(w),
                bbox={"boxstyle": "round,pad=0.25", "facecolor": w, "edgecolor": "none"})
    style.title(fig, title or "Capaian terhadap target", "Target SSK bila ada, selain itu target "
                "nasional; laju dalam poin persen per tahun; aturan status di bagian Metode")
    style.footer(fig, source, note)
    return fig


# --------------------------------------------------------------------------- helpers
_SHORT_LABELS = {"sanitasi_babs_terbuka": "BABS terbuka", "air_tanpa_akses": "Tanpa akses",
                 "sampah_tidak_terkelola_ton": "Tidak terkelola"}


def _unit_label(r: pd.Series, units: UnitNames | None = None) -> str:
    """Unit name, with ``(n/N desa)`` when only part of its desa have data."""
    lab = str(r["nama_unit"])
    n, tot = r.get("jumlah_desa_data"), r.get("jumlah_desa_wilayah")
    if pd.notna(n) and pd.notna(tot) and n < tot:
        word = units.kata if units is not None else "desa"
        lab += f" ({int(n)}/{int(tot)} {word})"
    return lab


def _format_value(v: float, unit: str, signed: bool = False, rate: bool = False) -> str:
    """Value with its unit (``%``, Rupiah or other); ``rate`` writes percentages as points."""
    if v is None or pd.isna(v):
        return "–"
    sign = "+" if signed and v > 0 else ""
    if unit.startswith("%"):
        return f"{sign}{style.number(v, 1)}{' poin' if rate else '%'}"
    if unit.startswith("Rp"):
        return f"{sign}{style.rupiah(v)}"
    return f"{sign}{style.number(v, 1)} {unit}"
