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

from . import _gaya as g
from .budget import LABEL_KOMPONEN
from .targeting import KOLOM_KELAS, anggaran_per_desa, kode_skor

WARNA_LINGKARAN = "#08306b"


def peta_sasaran(skor, program: pd.DataFrame, komponen: str = "air_limbah",
                 tahun: int | Sequence[int] | None = None, judul: str | None = None,
                 sumber: str | None = None, catatan: str | None = None,
                 nama_kab: str | None = None) -> Figure:
    """Map of the risk classes of ``komponen`` with circles sized by spending per desa.

    Parameters
    ----------
    skor : geopandas.GeoDataFrame
        Scored table with geometry, ``kode_desa``, ``kode_kec`` and ``kelas_<komponen>``.
    program : pandas.DataFrame
        Sheet ``Program``.
    komponen : {"air_limbah", "persampahan", "drainase", "phbs"}
        Programme component (PHBS uses ``kelas_gabungan``).
    tahun : int or list of int, optional
        Restrict the programmes to these years (default: all years).
    judul, sumber, catatan, nama_kab : str, optional
        Title, data source, note (``DATA SINTETIS``) and kabupaten name for the title.

    Returns
    -------
    matplotlib.figure.Figure
        Circle **area** is proportional to realised spending; kabupaten-wide spending (no
        desa) is stated in the subtitle; a north arrow and a scale bar are drawn in a metric
        (UTM) projection.
    """
    kol = KOLOM_KELAS[komponen]
    prog = program
    if tahun is not None and program is not None and len(program):
        th = [tahun] if isinstance(tahun, int) else list(tahun)
        prog = program[pd.to_numeric(program["tahun"], errors="coerce").isin(th)]
    per_desa = anggaran_per_desa(prog, skor, komponen).tabel
    gdf = skor.copy()
    gdf["kode_desa"] = kode_skor(skor).to_numpy()
    if gdf.crs is not None and gdf.crs.is_geographic:
        gdf = gdf.to_crs(gdf.estimate_utm_crs())
    kelas = pd.array(gdf[kol], dtype="Int64") if kol in gdf else pd.array([pd.NA] * len(gdf),
                                                                          dtype="Int64")
    gdf["_kelas"] = kelas
    fig, (ax, ax_leg) = g.kanvas((10.0, 8.0), ncols=2,
                                 gridspec_kw={"width_ratios": [3.0, 1.0]})
    ax_leg.set_axis_off()
    for k, w in g.WARNA_KELAS.items():
        sub = gdf[gdf["_kelas"] == k]
        if len(sub):
            sub.plot(ax=ax, color=w, edgecolor="white", linewidth=0.4)
    na = gdf[gdf["_kelas"].isna()]
    if len(na):
        na.plot(ax=ax, facecolor=g.WARNA_TANPA_DATA, edgecolor=g.WARNA_ARSIR, hatch="////",
                linewidth=0.4)
    if "kode_kec" in gdf:
        kec = gdf[["kode_kec", "geometry"]].dissolve("kode_kec")
        kec.boundary.plot(ax=ax, color="#555555", linewidth=1.0)
        if "nama_kec" in gdf:
            nama = gdf.groupby("kode_kec")["nama_kec"].first()
            halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
            for kode_kec, geom in kec.geometry.items():
                p = geom.representative_point()
                teks = "\n".join(textwrap.wrap(str(nama.get(kode_kec, kode_kec)).upper(), 13))
                ax.annotate(teks, (p.x, p.y), ha="center", va="center", fontsize=6.8,
                            color="#333333", fontweight="bold", path_effects=halo, zorder=7,
                            linespacing=0.95)
    gdf.dissolve().boundary.plot(ax=ax, color="#222222", linewidth=1.4)
    titik = gdf.set_index("kode_desa").join(per_desa, how="inner")
    maks = float(titik["nilai_rp"].max()) if len(titik) else 0.0
    bagi, unit = g.skala_rupiah(maks)
    luas_maks = 900.0                     # points² of the largest circle
    if maks > 0:
        pts = titik.geometry.representative_point()
        ukuran = titik["nilai_rp"].clip(lower=0) / maks * luas_maks
        ax.scatter(pts.x, pts.y, s=ukuran, facecolor=WARNA_LINGKARAN, alpha=0.7,
                   edgecolor="white", linewidth=0.9, zorder=5)
    ax.set_axis_off()
    ax.set_aspect("equal")
    _panah_utara(ax)
    _skala(ax, gdf.crs.name if gdf.crs is not None else None)
    leg_kelas = [Patch(facecolor=w, edgecolor="#888888",
                       label=f"{k} {g.LABEL_KELAS[k]} ({int((gdf['_kelas'] == k).sum())} desa)")
                 for k, w in g.WARNA_KELAS.items()][::-1]
    if len(na):
        leg_kelas.append(Patch(facecolor=g.WARNA_TANPA_DATA, edgecolor=g.WARNA_ARSIR, hatch="////",
                               label=f"Tidak ada data ({len(na)} desa)"))
    l1 = ax_leg.legend(handles=leg_kelas, loc="upper left", bbox_to_anchor=(0.0, 1.0),
                   frameon=False, fontsize=8.5, title=f"Kelas area berisiko\n"
                   f"{LABEL_KOMPONEN.get(komponen, komponen).lower()}", title_fontsize=9)
    l1._legend_box.align = "left"
    ax_leg.add_artist(l1)
    if maks > 0:
        contoh = _contoh_lingkaran(maks)
        h = [Line2D([], [], ls="", marker="o", markersize=math.sqrt(v / maks * luas_maks),
                    markerfacecolor=WARNA_LINGKARAN, alpha=0.7, markeredgecolor="white",
                    label=g.angka(v / bagi, 1 if v / bagi < 10 else 0)) for v in contoh]
        l2 = ax_leg.legend(handles=h, loc="upper left", bbox_to_anchor=(0.0, 0.62),
                           frameon=False, fontsize=8.5, title=f"Realisasi per desa\n({unit})",
                           title_fontsize=9, labelspacing=1.3, borderpad=1.0)
        l2._legend_box.align = "left"
    pr = titik[titik["_kelas"] >= 3]["nilai_rp"].sum() if len(titik) else 0.0
    lokasi = titik[titik["_kelas"].notna()]["nilai_rp"].sum() if len(titik) else 0.0
    kab = per_desa.attrs.get("tingkat_kabupaten_rp", 0.0)
    bag = [f"{g.persen(pr / lokasi * 100, 0)} realisasi berlokasi jatuh di desa kelas 3–4"
           if lokasi > 0 else "belum ada kegiatan berlokasi di desa"]
    if kab > 0:
        bag.append(f"{g.rupiah(kab)} kegiatan tingkat kabupaten tidak dipetakan")
    th_prog = sorted(pd.to_numeric(prog["tahun"], errors="coerce").dropna().astype(int).unique()) \
        if prog is not None and len(prog) else []
    if th_prog:
        bag.insert(0, f"Realisasi {th_prog[0]}–{th_prog[-1]}" if len(th_prog) > 1
                   else f"Realisasi {th_prog[0]}")
    kom = LABEL_KOMPONEN.get(komponen, komponen)
    judul = judul or (f"Sebaran anggaran {kom.lower()} dan area berisiko"
                      + (f" — {nama_kab}" if nama_kab else ""))
    g.judul(fig, judul, "; ".join(bag))
    g.kaki(fig, sumber, catatan)
    return fig


def _contoh_lingkaran(maks: float) -> list[float]:
    """Three consecutive round values (1–2–5 series) ≤ ``maks``, largest first.

    Examples
    --------
    >>> _contoh_lingkaran(2.4e9), _contoh_lingkaran(7e6)
    ([2000000000.0, 1000000000.0, 500000000.0], [5000000.0, 2000000.0, 1000000.0])
    """
    pangkat = 10.0 ** math.floor(math.log10(maks))
    deret = [v * pangkat * f for f in (0.01, 0.1, 1.0) for v in (1, 2, 5)]
    deret = [v for v in deret if v <= maks]
    return deret[-3:][::-1]


def _panah_utara(ax) -> None:
    ax.annotate("U", xy=(0.04, 0.97), xytext=(0.04, 0.88), xycoords="axes fraction",
                ha="center", va="center", fontsize=11, fontweight="bold",
                arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.5})


def _skala(ax, proyeksi: str | None = None) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lebar = (x1 - x0) / 4
    pangkat = 10 ** math.floor(math.log10(lebar))
    panjang = max(v * pangkat for v in (1, 2, 5) if v * pangkat <= lebar)
    xs, ys = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    for i in range(2):
        ax.add_patch(Rectangle(
            (xs + i * panjang / 2, ys), panjang / 2, (y1 - y0) * 0.008,
            facecolor="#222222" if i == 0 else "white", edgecolor="#222222", lw=0.8, zorder=6))
    teks = f"{g.angka(panjang / 1000, 0)} km" if panjang >= 1000 else f"{panjang:.0f} m"
    ax.text(xs, ys + (y1 - y0) * 0.016, "0", fontsize=8, ha="center", va="bottom")
    ax.text(xs + panjang, ys + (y1 - y0) * 0.016, teks, fontsize=8, ha="center", va="bottom")
    if proyeksi:
        ax.text(xs, ys - (y1 - y0) * 0.012, f"Proyeksi: {proyeksi}", fontsize=7, ha="left",
                va="top", color="#555555")
