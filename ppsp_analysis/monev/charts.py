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

from . import _gaya as g
from ._base import bagi as g_bagi
from .budget import LABEL_KOMPONEN, SUMBER_DANA, rekap_program
from .catalogue import katalog_indikator
from .ladders import TANGGA


def grafik_tangga(tangga: pd.DataFrame, komponen: str = "air_limbah", tahun: int | None = None,
                  tangga_kab: pd.DataFrame | None = None, judul: str | None = None,
                  sumber: str | None = None, catatan: str | None = None) -> Figure:
    """Horizontal 100 % bars of an access ladder, one per unit (e.g. kecamatan).

    The best rung starts at the axis; the share of the worst rung (BABS, no access, waste not
    managed) is repeated in a column on the right, since it is the figure most often asked
    for. Units whose data cover only part of their desa are labelled ``(n/N desa)``.

    Parameters
    ----------
    tangga : pandas.DataFrame
        :func:`~ppsp_analysis.monev.ladders.tangga_akses` table (any ``tingkat``).
    komponen : {"air_limbah", "air_minum", "persampahan"}
        Ladder.
    tahun : int, optional
        Year to draw (default: the latest).
    tangga_kab : pandas.DataFrame, optional
        The kabupaten-level table: drawn as the first, bold bar.
    judul, sumber, catatan : str, optional
        Title (default from the ladder), data source, note (e.g. ``"DATA SINTETIS"``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = TANGGA[komponen]
    tahun = int(tangga["tahun"].max()) if tahun is None else tahun
    d = tangga[tangga["tahun"] == tahun].copy()
    kolom = t.kolom[::-1]                       # best rung first, from the axis
    warna = (g.WARNA_TANGGA_5 if len(kolom) == 5 else g.WARNA_TANGGA_3)[::-1]
    d["_urut"] = d[f"pct_{kolom[0]}"] + (d[f"pct_{kolom[1]}"] if len(kolom) > 3 else 0)
    d = d.sort_values("_urut", ascending=True)
    baris = [(_label_unit(r), r, False) for _, r in d.iterrows()]
    if tangga_kab is not None:
        k = tangga_kab[tangga_kab["tahun"] == tahun]
        if len(k):
            nama = str(k["nama_unit"].iloc[0])
            if not nama.lower().startswith(("kabupaten", "kota")):
                nama += " (kabupaten)"
            baris.append((nama, k.iloc[0], True))
    n = len(baris)
    fig, ax = g.kanvas((10.0, max(3.8, 2.2 + 0.42 * n)))
    y = np.arange(n, dtype=float)
    if n > 1 and baris[-1][2]:
        y[-1] += 0.6
    kiri = np.zeros(n)
    for k, w in zip(kolom, warna, strict=True):
        nilai = np.array([float(r[f"pct_{k}"]) if pd.notna(r[f"pct_{k}"]) else 0.0
                          for _, r, _ in baris])
        lebar = np.clip(np.minimum(nilai, 100.0 - kiri), 0.0, None)   # never past 100 %
        ax.barh(y, lebar, left=kiri, color=w, edgecolor="white", linewidth=0.6, height=0.72,
                label=t.label[k])
        for yi, le, ki, v in zip(y, lebar, kiri, nilai, strict=True):
            if le >= 6:
                ax.text(ki + le / 2, yi, g.angka(v, 0), ha="center", va="center", fontsize=8.5,
                        color=g.warna_teks(w))
        kiri = kiri + lebar
    terburuk = kolom[-1]
    ax.text(104, y[-1] + 0.5, "\n".join(textwrap.wrap(_PENDEK.get(terburuk, terburuk), 11)),
            ha="center", va="bottom", fontsize=7.5, color=warna[-1], fontweight="bold",
            linespacing=1.0)
    for yi, (_, r, tebal) in zip(y, baris, strict=True):
        ax.text(104, yi, g.persen(r[f"pct_{terburuk}"], 1), ha="center", va="center",
                fontsize=8.5, color=warna[-1], fontweight="bold" if tebal else "normal")
    ax.set_yticks(y, [b[0] for b in baris])
    for lab, (_, _, tebal) in zip(ax.get_yticklabels(), baris, strict=True):
        if tebal:
            lab.set_fontweight("bold")
    ax.set_xlim(0, 108)
    ax.set_ylim(-0.6, y[-1] + 0.6)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.xaxis.set_major_formatter(g.format_sumbu(0, "%"))
    basis = "timbulan sampah" if komponen == "persampahan" else "KK"
    ax.set_xlabel(f"Persentase {basis}")
    g.rapikan(ax, grid="x")
    ax.legend(ncols=len(kolom), loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=offset_copy(ax.transAxes, fig=fig, y=-0.5, units="inches"),
              frameon=False, fontsize=9, handlelength=1.2, columnspacing=1.4)
    tidak_cocok = any(abs(float(r["selisih"])) > 0.5 for _, r, _ in baris if "selisih" in r)
    sub = f"Tahun {tahun}; angka di batang = % {basis}"
    if tidak_cocok:
        sub += "; sebagian batang tidak 100% karena jumlah anak tangga ≠ total (lihat peringatan)"
    g.judul(fig, judul or t.judul, sub)
    g.kaki(fig, sumber, catatan)
    return fig


def grafik_tren(seri: pd.DataFrame, indikator: str | Sequence[str],
                target: pd.DataFrame | None = None, progres: pd.DataFrame | None = None,
                unit: str | None = None, judul: str | None = None, sumber: str | None = None,
                catatan: str | None = None, tahun_maks: int | None = None) -> Figure:
    """Trend lines of one or more indicators with their targets.

    Each target is a dashed horizontal line labelled with its value, year(s) and source; when
    the target year lies within the axis, a dotted "required path" runs from the latest value
    to the target (diamond). With ``progres`` the legend carries each indicator's status.

    Parameters
    ----------
    seri : pandas.DataFrame
        Long series (:func:`~ppsp_analysis.monev.progress.seri_indikator`).
    indikator : str or sequence of str
        Catalogue codes to draw (same unit, e.g. the sanitation ones).
    target : pandas.DataFrame, optional
        Merged targets (:func:`~ppsp_analysis.monev.catalogue.gabung_target`).
    progres : pandas.DataFrame, optional
        :func:`~ppsp_analysis.monev.progress.progres` table, for the status in the legend.
    unit : str, optional
        ``kode_unit`` to draw (default: the first, i.e. the kabupaten).
    tahun_maks : int, optional
        Right end of the x axis (default: latest data year + 3, stretched to a target year at
        most 6 years after the data).

    Returns
    -------
    matplotlib.figure.Figure
    """
    kat = katalog_indikator()
    kode = [indikator] if isinstance(indikator, str) else list(indikator)
    unit = unit if unit is not None else seri["kode_unit"].iloc[0]
    s = seri[(seri["kode_unit"] == unit) & seri["indikator"].isin(kode)].dropna(subset=["nilai"])
    nama_unit = s["nama_unit"].iloc[0] if len(s) else str(unit)
    t_min = int(s["tahun"].min()) if len(s) else 2020
    t_max = int(s["tahun"].max()) if len(s) else 2024
    tg = target[target["indikator"].isin(kode)] if target is not None else s.iloc[0:0]
    if tahun_maks is None:
        tahun_maks = t_max + (3 if len(tg) else 0)
        dekat = tg.loc[(tg["tahun"] >= t_max) & (tg["tahun"] <= t_max + 6), "tahun"] \
            if len(tg) else []
        if len(dekat):
            tahun_maks = max(tahun_maks, int(max(dekat)) + 1)
    status = {}
    if progres is not None and len(progres):
        p = progres[progres["kode_unit"] == unit]
        status = dict(zip(p["indikator"], p["status"], strict=True))
    fig, ax = g.kanvas((10.0, 6.0))
    satuan = kat.loc[kode[0], "satuan"]
    ymax, label_target, label_akhir, semua_sumber = 0.0, [], [], {}
    for i, k in enumerate(kode):
        w = g.WARNA_GARIS[i % len(g.WARNA_GARIS)]
        d = s[s["indikator"] == k].sort_values("tahun")
        if not len(d):
            continue
        lab = kat.loc[k, "nama"]
        if status.get(k) and status[k] != "tanpa target":
            lab += f" — {status[k]}"
        ax.plot(d["tahun"], d["nilai"], "-o", color=w, lw=2.2, ms=5.5, label=lab, zorder=4)
        ymax = max(ymax, float(d["nilai"].max()))
        akhir = d.iloc[-1]
        label_akhir.append((float(akhir["nilai"]), int(akhir["tahun"]),
                            _nilai(akhir["nilai"], satuan), w))
        for nilai, grp in tg[tg["indikator"] == k].groupby("nilai"):
            ymax = max(ymax, float(nilai))
            ax.axhline(nilai, color=w, lw=1.1, ls="--", alpha=0.8, zorder=2)
            asal = grp["asal"] if "asal" in grp else pd.Series("", index=grp.index)
            pendek = [("SSK" if a == "SSK" else str(s_).split(" (")[0])
                      for a, s_ in zip(asal, grp["sumber"], strict=True)]
            tahun_ = ", ".join(f"{int(x)} {p_}" for x, p_ in
                               sorted(zip(grp["tahun"], pendek, strict=True)))
            semua_sumber.update(dict.fromkeys(grp["sumber"]))
            label_target.append((float(nilai), f"{_nilai(nilai, satuan)}: {tahun_}", w))
            for th in grp["tahun"]:
                if t_max < th <= tahun_maks:
                    ax.plot([akhir["tahun"], th], [akhir["nilai"], nilai], ":", color=w, lw=1.6,
                            zorder=3)
                    ax.plot([th], [nilai], marker="D", color=w, ms=6, zorder=4)
    ax.set_xlim(t_min - 0.5, tahun_maks + 0.5)
    ax.set_xticks(range(t_min, tahun_maks + 1))
    ax.xaxis.set_major_formatter(lambda v, _: f"{int(v)}")
    if satuan.startswith("%"):
        atas = max(100.0, ymax) * 1.06 if ymax > 60 else max(ymax * 1.3, 10)
        ax.yaxis.set_major_formatter(g.format_sumbu(0, "%"))
    else:
        atas = ymax * 1.2 if ymax else 1
        ax.yaxis.set_major_formatter(g.format_sumbu(0))
    ax.set_ylim(0, atas)
    terakhir = -np.inf
    for y_, x_, teks, w in sorted(label_akhir):
        y_teks = max(y_ + atas * 0.025, terakhir + atas * 0.05)
        ax.text(x_, y_teks, teks, ha="center", va="bottom", fontsize=9, color=w,
                fontweight="bold", zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
        terakhir = y_teks
    jarak = atas * 0.04
    terakhir = -np.inf
    tepi = ax.get_yaxis_transform()             # x in axes fraction, y in data
    for y_, teks, w in sorted(label_target):
        y_teks = max(y_, terakhir + jarak)
        ax.text(1.01, y_teks, teks, color=w, fontsize=8, va="center", ha="left",
                transform=tepi, clip_on=False)
        if abs(y_teks - y_) > atas * 0.005:
            ax.plot([1.0, 1.008], [y_, y_teks], color=w, lw=0.8, transform=tepi, clip_on=False)
        terakhir = y_teks
    if label_target:
        ax.text(1.01, 1.0, "Target", transform=ax.transAxes, fontsize=8.5, fontweight="bold",
                va="bottom", ha="left")
    ax.set_ylabel(satuan)
    g.rapikan(ax, grid="y")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=min(2, len(kode)),
              frameon=False, fontsize=9.5)
    sub = f"{nama_unit}, {t_min}–{t_max}"
    if label_target:
        sub += ("; garis putus-putus = target, titik-titik = jalur yang diperlukan untuk "
                "mencapai target")
    g.judul(fig, judul or f"Tren {kat.loc[kode[0], 'nama'].lower()}", sub)
    if semua_sumber:
        teks_sumber = "; ".join(semua_sumber)
        sumber = f"{sumber}. Target: {teks_sumber}" if sumber else f"target: {teks_sumber}"
    g.kaki(fig, sumber, catatan)
    return fig


def grafik_sumber_dana(program: pd.DataFrame, nilai: str = "realisasi_rp",
                       judul: str | None = None, sumber: str | None = None,
                       catatan: str | None = None) -> Figure:
    """Stacked bars of programme spending per year by funding source, with yearly totals.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rek = rekap_program(program, per=("tahun", "sumber_dana")).tabel
    piv = rek.pivot_table(index="tahun", columns="sumber_dana", values=nilai, aggfunc="sum",
                          fill_value=0.0)
    urut = [s for s in SUMBER_DANA if s in piv.columns] + [s for s in piv.columns
                                                          if s not in SUMBER_DANA]
    piv = piv[urut]
    bagi, unit = g.skala_rupiah(float(piv.sum(axis=1).max()) if len(piv) else 0.0)
    fig, ax = g.kanvas((10.0, 6.0))
    x = np.arange(len(piv))
    bawah = np.zeros(len(piv))
    for s_ in urut:
        v = piv[s_].to_numpy() / bagi
        ax.bar(x, v, bottom=bawah, color=g.WARNA_SUMBER.get(s_, "#666666"), label=s_, width=0.65,
               edgecolor="white", linewidth=0.5)
        bawah += v
    for xi, tot in zip(x, bawah, strict=True):
        ax.text(xi, tot, g.angka(tot, 1), ha="center", va="bottom", fontsize=9,
                fontweight="bold")
    ax.set_xticks(x, [str(t) for t in piv.index])
    ax.yaxis.set_major_formatter(g.format_sumbu(1 if bawah.max() < 5 else 0))
    ax.set_ylabel(unit)
    ax.set_ylim(0, bawah.max() * 1.12 if len(bawah) and bawah.max() > 0 else 1)
    g.rapikan(ax, grid="y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9,
              title="Sumber dana", title_fontsize=9.5, reverse=True)
    jenis = "Realisasi" if nilai == "realisasi_rp" else "Rencana"
    g.judul(fig, judul or f"{jenis} anggaran sanitasi menurut sumber dana",
            f"{unit} per tahun; angka di atas batang = jumlah")
    g.kaki(fig, sumber, catatan)
    return fig


def grafik_realisasi(program: pd.DataFrame, judul: str | None = None, sumber: str | None = None,
                     catatan: str | None = None) -> Figure:
    """Plan (outline) vs realisation (filled) per year and component, with the realisation rate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rek = rekap_program(program, per=("tahun", "komponen")).tabel
    tahun = sorted(rek["tahun"].unique())
    komp = [k for k in LABEL_KOMPONEN if k in set(rek["komponen"])]
    komp += sorted(set(rek["komponen"]) - set(komp))
    bagi, unit = g.skala_rupiah(float(rek["rencana_rp"].max()) if len(rek) else 0.0)
    fig, ax = g.kanvas((10.0, 6.0))
    lebar = 0.8 / max(len(komp), 1)
    for j, k in enumerate(komp):
        w = g.WARNA_GARIS[j % len(g.WARNA_GARIS)]
        d = rek[rek["komponen"] == k].set_index("tahun").reindex(tahun)
        x = np.arange(len(tahun)) - 0.4 + lebar * (j + 0.5)
        ren = d["rencana_rp"].fillna(0).to_numpy() / bagi
        rea = d["realisasi_rp"].fillna(0).to_numpy() / bagi
        ax.bar(x, ren, width=lebar * 0.9, facecolor="white", edgecolor=w, linewidth=1.4)
        ax.bar(x, rea, width=lebar * 0.9, color=w, label=LABEL_KOMPONEN.get(k, k))
        for xi, a, b, p in zip(x, ren, rea, d["pct_realisasi"], strict=True):
            if pd.notna(p) and a > 0:
                ax.text(xi, max(a, b), f"{p:.0f}%", ha="center", va="bottom", fontsize=7.5,
                        rotation=90 if len(komp) * len(tahun) > 14 else 0)
    per_tahun = rek.groupby("tahun")[["rencana_rp", "realisasi_rp"]].sum()
    pct_tahun = g_bagi(per_tahun["realisasi_rp"], per_tahun["rencana_rp"], 100.0)
    ax.set_xticks(np.arange(len(tahun)), [f"{t}\n(total {g.persen(pct_tahun.get(t), 0)})"
                                          for t in tahun])
    ax.set_ylabel(unit)
    top = float(rek["rencana_rp"].max() / bagi) if len(rek) else 1.0
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.yaxis.set_major_formatter(g.format_sumbu(1 if top < 5 else 0))
    g.rapikan(ax, grid="y")
    tangan, lab = ax.get_legend_handles_labels()
    tangan.append(Patch(facecolor="white", edgecolor="#444444", label="Rencana (garis)"))
    ax.legend(handles=tangan, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=9, title="Realisasi (isi)", title_fontsize=9.5)
    g.judul(fig, judul or "Rencana dan realisasi program sanitasi per komponen",
            f"{unit}; persentase = realisasi ÷ rencana")
    g.kaki(fig, sumber, catatan)
    return fig


def grafik_sasaran(sasaran: pd.DataFrame, judul: str | None = None, sumber: str | None = None,
                   catatan: str | None = None, periode: str | None = None) -> Figure:
    """Share of located spending in priority desa vs the priority desa's share of KK (or desa).

    Parameters
    ----------
    sasaran : pandas.DataFrame
        :func:`~ppsp_analysis.monev.targeting.sasaran_prioritas` table (``per=("komponen",)``).
    periode : str, optional
        Years covered, for the subtitle (e.g. ``"2021–2025"``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    urut = {k: i for i, k in enumerate(LABEL_KOMPONEN)}
    d = sasaran[sasaran["komponen"] != "semua"].copy()
    d = d.sort_values("komponen", key=lambda c: c.map(urut).fillna(99))
    semua = sasaran[sasaran["komponen"] == "semua"]
    dasar = "pct_kk_prioritas" if "pct_kk_prioritas" in d else "pct_desa_prioritas"
    lab_dasar = ("Porsi KK yang tinggal di desa prioritas (pembanding)"
                 if dasar == "pct_kk_prioritas" else "Porsi desa yang berstatus prioritas "
                 "(pembanding)")
    fig, ax = g.kanvas((10.0, max(3.8, 2.4 + 0.8 * len(d))))
    y = np.arange(len(d))[::-1]
    ax.barh(y + 0.18, d["pct_prioritas"].fillna(0), height=0.34, color="#0072B2",
            label="Porsi realisasi berlokasi yang jatuh di desa prioritas")
    ax.barh(y - 0.18, d[dasar].fillna(0), height=0.34, color="#bdbdbd", label=lab_dasar)
    for yi, a, b in zip(y, d["pct_prioritas"], d[dasar], strict=True):
        ax.text((a if pd.notna(a) else 0) + 1, yi + 0.18, g.persen(a, 0) if pd.notna(a)
                else "tidak ada kegiatan berlokasi di desa", va="center", fontsize=9.5,
                fontweight="bold", color="#0072B2" if pd.notna(a) else "#555555")
        ax.text((b if pd.notna(b) else 0) + 1, yi - 0.18, g.persen(b, 0), va="center",
                fontsize=8.5, color="#555555")
    ax.set_yticks(y, [LABEL_KOMPONEN.get(k, k) for k in d["komponen"]])
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.xaxis.set_major_formatter(g.format_sumbu(0, "%"))
    g.rapikan(ax, grid="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=1, frameon=False,
              fontsize=9)
    sub = ("Desa prioritas = area berisiko kelas 3–4 untuk komponen kegiatan (PHBS: kelas "
           "gabungan)")
    if periode:
        sub = f"Realisasi {periode}. " + sub
    if len(semua) and pd.notna(semua["pct_prioritas"].iloc[0]):
        sub += (f". Semua komponen: {g.persen(semua['pct_prioritas'].iloc[0], 0)} dari realisasi "
                "berlokasi di desa")
        kab = semua["tingkat_kabupaten_rp"].iloc[0]
        if kab > 0:
            sub += f"; {g.rupiah(kab)} kegiatan tingkat kabupaten tidak dihitung"
    g.judul(fig, judul or "Apakah anggaran sampai ke desa prioritas?", sub)
    g.kaki(fig, sumber, catatan)
    return fig


def grafik_status(progres: pd.DataFrame, judul: str | None = None, sumber: str | None = None,
                  catatan: str | None = None) -> Figure:
    """Table-like chart of the progress status of every indicator with a target (for slides).

    Returns
    -------
    matplotlib.figure.Figure
    """
    d = progres[progres["target"].notna()].reset_index(drop=True)
    fig, ax = g.kanvas((10.0, max(2.8, 1.6 + 0.42 * len(d))))
    ax.set_axis_off()
    kol_x = (0.0, 0.33, 0.47, 0.66, 0.85)
    kepala = ("Indikator", "Nilai terakhir", "Target (sumber)", "Per tahun: perlu / tren",
              "Status")
    n = max(len(d), 1)
    tinggi = 1.0 / (n + 1)
    for x, h in zip(kol_x, kepala, strict=True):
        ax.text(x, 1.0 - tinggi / 2, h, fontweight="bold", fontsize=9, va="center",
                transform=ax.transAxes)
    ax.plot([0, 1], [1.0 - tinggi, 1.0 - tinggi], color="#888888", lw=0.8,
            transform=ax.transAxes)
    for i, r in d.iterrows():
        yy = 1.0 - tinggi * (i + 1.5)
        st = r["satuan"]
        if r["tercapai"]:
            perlu = "sudah tercapai"
        elif r["sisa_tahun"] == 0:
            perlu = "tahun target = tahun ini"
        elif r["sisa_tahun"] < 0:
            perlu = "tahun target lewat"
        elif pd.isna(r["laju_teramati"]):
            perlu = f"{_nilai(r['laju_diperlukan'], st, True, laju=True)} / –"
        else:
            perlu = (f"{_nilai(r['laju_diperlukan'], st, True, laju=True)} / "
                     f"{_nilai(r['laju_teramati'], st, True, laju=True)}")
        asal = "SSK" if r["asal_target"] == "SSK" else str(r["sumber_target"]).split()[0]
        isi = (r["nama"], f"{_nilai(r['nilai_terakhir'], st)} ({int(r['tahun_terakhir'])})",
               f"{_nilai(r['target'], st)} ({int(r['tahun_target'])}, {asal})", perlu)
        for x, teks in zip(kol_x[:4], isi, strict=True):
            ax.text(x, yy, teks, fontsize=8.8, va="center", transform=ax.transAxes)
        w = g.WARNA_STATUS.get(r["status"], "#d9d9d9")
        ax.text(kol_x[-1], yy, f" {r['status']} ", fontsize=8.8, va="center",
                transform=ax.transAxes, color=g.warna_teks(w),
                bbox={"boxstyle": "round,pad=0.25", "facecolor": w, "edgecolor": "none"})
    g.judul(fig, judul or "Capaian terhadap target", "Target SSK bila ada, selain itu target "
            "nasional; laju dalam poin persen per tahun; aturan status di bagian Metode")
    g.kaki(fig, sumber, catatan)
    return fig


# --------------------------------------------------------------------------- helpers
_PENDEK = {"sanitasi_babs_terbuka": "BABS terbuka", "air_tanpa_akses": "Tanpa akses",
           "sampah_tidak_terkelola_ton": "Tidak terkelola"}


def _label_unit(r: pd.Series) -> str:
    lab = str(r["nama_unit"])
    n, tot = r.get("jumlah_desa_data"), r.get("jumlah_desa_wilayah")
    if pd.notna(n) and pd.notna(tot) and n < tot:
        lab += f" ({int(n)}/{int(tot)} desa)"
    return lab


def _nilai(v: float, satuan: str, tanda: bool = False, laju: bool = False) -> str:
    if v is None or pd.isna(v):
        return "–"
    tanda_ = "+" if tanda and v > 0 else ""
    if satuan.startswith("%"):
        return f"{tanda_}{g.angka(v, 1)}{' poin' if laju else '%'}"
    if satuan.startswith("Rp"):
        return f"{tanda_}{g.rupiah(v)}"
    return f"{tanda_}{g.angka(v, 1)} {satuan}"
