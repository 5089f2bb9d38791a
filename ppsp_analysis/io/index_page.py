"""``OUT/index.html`` of a batch: status, links, province overview map, comparison table."""

from __future__ import annotations

import base64
import html
import io
import json
import os
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import fmt  # noqa: E402
from ..geo import utm_crs  # noqa: E402
from ..labels import ClassScheme  # noqa: E402
from ..plaintext import PlainTextFigure  # noqa: E402
from .gpkg import read_desa_layer  # noqa: E402
from .writers import atomic_write  # noqa: E402

_COLUMNS = {"nama_kabupaten": ("Kabupaten/kota", "text"),
            "jumlah_desa": ("Desa/kelurahan", "count"),
            "jumlah_rumah_tangga_ehra": ("Rumah tangga EHRA", "count"),
            "kelas_prioritas": ("Kelas prioritas", "text"),
            "persen_desa_prioritas": ("Desa/kelurahan prioritas (%)", "pct"),
            "irs_rata_rata": ("IRS rata-rata", "index")}


def _priority_text(rows: list[dict]) -> str:
    """``kelas 3–4`` when every kabupaten uses that threshold, else ``kelas prioritas``."""
    texts = {_class_text(r) for r in rows}
    return texts.pop() if len(texts) == 1 else "kelas prioritas"


def _class_text(r: dict) -> str:
    k, t = r.get("jumlah_kelas"), r.get("ambang_prioritas")
    if k is None or t is None:
        return "kelas prioritas"
    return ClassScheme(int(k), tuple(f"Kelas {i}" for i in range(1, int(k) + 1)),
                       int(t)).teks_prioritas


def _overview_png(rows: list[dict]) -> str | None:
    shapes = []
    for r in rows:
        gpkg = Path(r["folder"]) / "area_berisiko.gpkg"
        if gpkg.is_file():
            desa = read_desa_layer(gpkg, columns=["kode_desa"])
            # close the slivers between desa polygons that do not tile exactly
            metric = desa.to_crs(utm_crs(desa))
            outline = gpd.GeoSeries([metric.buffer(200).union_all().buffer(-200)],
                                    crs=metric.crs).to_crs(4326).iloc[0]
            short = str(r["nama"]).removeprefix("Kabupaten ").removeprefix("Kota ")
            shapes.append({"kode": r["kode"], "nama": short,
                           "persen": r["persen_desa_prioritas"], "geometry": outline})
    if not shapes:
        return None
    gdf = gpd.GeoDataFrame(shapes, crs=4326)
    fig, ax = plt.subplots(figsize=(9, 7), dpi=110, FigureClass=PlainTextFigure)
    gdf.plot(column="persen", cmap="OrRd", vmin=0, vmax=100, edgecolor="#333", linewidth=0.6,
             ax=ax, legend=True,
             legend_kwds={"label": f"Desa/kelurahan prioritas ({_priority_text(rows)}), %",
                          "shrink": 0.7,
                          "format": FuncFormatter(lambda v, _: fmt.number(v, 0))})
    for _, r in gdf.iterrows():
        p = r.geometry.representative_point()
        ax.annotate(f"{r['nama']}\n{fmt.percent(r['persen'], 0)}", (p.x, p.y),
                    ha="center", va="center", fontsize=6.5,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.75, "lw": 0})
    ax.set_axis_off()
    ax.set_title("Persentase desa/kelurahan prioritas per kabupaten/kota", fontsize=12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def write_index(summary, out: Path, path: Path | None = None) -> Path:
    """Write ``out/index.html`` for a batch summary (links relative to ``out``)."""
    rows, status_rows = [], []
    for e in summary.entries:
        link = ""
        if e.status in ("ok", "dilewati") and e.folder and Path(e.folder).is_dir():
            try:  # a folder outside ``out`` (never written by batch) is still linked
                rel = Path(os.path.relpath(Path(e.folder).resolve(), out.resolve())).as_posix()
            except ValueError:  # another drive (Windows)
                rel = Path(e.folder).resolve().as_uri()
            files = [f for f in ("laporan_area_berisiko.html", "laporan_area_berisiko.pdf",
                                 "laporan_monev.html", "peta_interaktif.html", "tabel.xlsx")
                     if (Path(e.folder) / f).is_file()]
            link = " · ".join(f'<a href="{html.escape(rel)}/{f}">{f}</a>' for f in files)
            summ = Path(e.folder) / "ringkasan.json"
            if summ.is_file():
                rows.append({**json.loads(summ.read_text("utf-8")), "folder": e.folder,
                             "kode": e.kode, "nama": e.nama})
        status_rows.append(
            f"<tr><td>{html.escape(e.kode or Path(e.paket).name)}</td>"
            f"<td>{html.escape(e.nama)}</td><td class='{e.status}'>{html.escape(e.status)}</td>"
            f"<td>{fmt.number(e.detik, 1)}</td><td>{link}</td><td>{html.escape(e.galat)}</td>"
            "</tr>")
    png = _overview_png(rows)
    table = ""
    if rows:
        for r in rows:
            r["kelas_prioritas"] = _class_text(r)
        df = pd.DataFrame(rows).reindex(columns=["kode_kabupaten", *_COLUMNS])
        shown = pd.DataFrame({"Kode": df["kode_kabupaten"].astype(str)})
        for key, (title, kind) in _COLUMNS.items():
            shown[title] = fmt.column(list(df[key]), kind)
        table = shown.to_html(index=False, escape=True, na_rep=fmt.MISSING)
    page = f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Laporan PPSP — ringkasan batch</title><style>
body{{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;color:#1b1b1b}}
table{{border-collapse:collapse;font-size:13px}}th{{background:#1f4e79;color:#fff;padding:4px 8px}}
td{{border-bottom:1px solid #ddd;padding:3px 8px}}.gagal{{color:#b71c1c;font-weight:bold}}
.ok{{color:#1b5e20}}img{{max-width:100%}}</style></head><body>
<h1>Laporan area berisiko sanitasi — semua kabupaten/kota</h1>
<p>{fmt.integer(len(summary.entries))} paket · {fmt.integer(len(summary.failed))} gagal ·
{fmt.integer(summary.detik)} detik</p>
<table><tr><th>Kode</th><th>Nama</th><th>Status</th><th>Detik</th><th>Keluaran</th>
<th>Galat</th></tr>{''.join(status_rows)}</table>
{f'<h2>Peta ringkasan provinsi</h2><img alt="peta ringkasan" src="data:image/png;base64,{png}">'
 if png else ''}
<h2>Perbandingan antar kabupaten/kota</h2>{table}
</body></html>
"""
    path = path or out / "index.html"
    with atomic_write(path, "w") as fh:
        fh.write(page)
    return path
