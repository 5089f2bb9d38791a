"""``OUT/index.html`` of a batch: status, every output, province overview map, comparison.

The page is what a province coordinator opens first: it says DATA SINTETIS when any package
of the batch is synthetic; it draws the province with *every* kabupaten/kota (those not in
the batch in grey, "belum diproses"; failed ones hatched) in discrete classes with a legend;
it links every output of every kabupaten (links relative to the page, only to files that
exist) and, for a failed one, its error and its log; its comparison table sorts by any
column with a few lines of inline script (no network).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import html
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pyogrio  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .. import fmt  # noqa: E402
from ..geo import utm_crs  # noqa: E402
from ..labels import ClassScheme  # noqa: E402
from ..plaintext import PlainTextFigure  # noqa: E402
from ..schema import normalise_kode  # noqa: E402
from .boundaries import _LAYER_ROLES, _recode, find_boundary_file  # noqa: E402
from .gpkg import read_desa_layer  # noqa: E402
from .writers import atomic_write  # noqa: E402

#: Upper bounds (%) of the overview map's classes of priority desa; the last class ends at 100.
PRIORITY_BINS = (25.0, 50.0, 75.0)
#: Class colours, light to dark (ColorBrewer OrRd, 4 classes; readable in greyscale).
CLASS_COLOURS = ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f")
NOT_RUN_COLOUR = "#d9d9d9"
FAILED_COLOUR = "#b71c1c"
NOT_RUN = "belum diproses"

#: Comparison table: ringkasan.json key (``monev.`` for the monev summary) → title, kind.
_COLUMNS = {"kode_kabupaten": ("Kode", "kode"),
            "nama_kabupaten": ("Kabupaten/kota", "text"),
            "tahun": ("Tahun analisis", "year"),
            "jumlah_desa": ("Desa/kelurahan", "count"),
            "penduduk": ("Penduduk (jiwa)", "count"),
            "jumlah_rumah_tangga_ehra": ("Rumah tangga EHRA", "count"),
            "kelas_prioritas": ("Kelas prioritas", "text"),
            "jumlah_desa_prioritas": ("Desa/kelurahan prioritas", "count"),
            "persen_desa_prioritas": ("Desa/kelurahan prioritas (%)", "pct"),
            "irs_rata_rata": ("IRS rata-rata", "index"),
            "monev.tahun_laporan": ("Tahun monev", "year"),
            "monev.sanitasi_layak": ("Sanitasi layak (%)", "pct"),
            "monev.sanitasi_aman": ("Sanitasi aman (%)", "pct"),
            "monev.apbd_murni_sanitasi": ("APBD murni sanitasi (%)", "pct")}

#: Outputs of one kabupaten, in the order a coordinator looks for them: group → (file, label).
_OUTPUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Laporan area berisiko", (("laporan_area_berisiko.html", "HTML"),
                               ("laporan_area_berisiko.pdf", "PDF"),
                               ("laporan_area_berisiko.docx", "Word"))),
    ("Laporan monev", (("laporan_monev.html", "HTML"), ("laporan_monev.pdf", "PDF"),
                       ("laporan_monev.docx", "Word"))),
    ("Paparan", (("paparan.pptx", "PowerPoint 16:9"),)),
    ("Lembar advokasi", (("lembar_advokasi.pdf", "PDF"),)),
    ("Peta interaktif", (("peta_interaktif.html", "HTML"),)),
    ("Tabel", (("tabel.xlsx", "tabel.xlsx"), ("skor_desa.xlsx", "skor_desa.xlsx"),
               ("skor_desa.csv", "skor_desa.csv"), ("ringkasan.json", "ringkasan.json"))),
    ("GIS", (("area_berisiko.gpkg", "area_berisiko.gpkg (QGIS)"),)),
)
_THEMES = {"gabungan": "Gabungan", "air_limbah": "Air limbah", "persampahan": "Persampahan",
           "drainase": "Drainase", "irs": "IRS", "strata": "Strata EHRA",
           "kecamatan": "Kecamatan"}

_SORT_JS = """(function () {
  "use strict";
  function key(td) {
    var v = td.getAttribute("data-v");
    return v === null || v === "" ? null : (isNaN(Number(v)) ? v : Number(v));
  }
  document.querySelectorAll("table.urut").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var up = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
          var c = typeof x === "number" && typeof y === "number" ? x - y
            : String(x).localeCompare(String(y), "id");
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  });
})();"""

_CSS = """body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1180px;margin:2em auto;
padding:0 1em;color:#1b1b1b}h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:2px solid #1f4e79}
table{border-collapse:collapse;font-size:12.5px}th{background:#1f4e79;color:#fff;padding:4px 6px;
text-align:left}td{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top}
td.n{text-align:right;white-space:nowrap}table.urut th{cursor:pointer}
table.urut th[aria-sort=ascending]::after{content:" \\25B2"}
table.urut th[aria-sort=descending]::after{content:" \\25BC"}
.gagal{color:#b71c1c;font-weight:bold}.ok,.dilewati{color:#1b5e20}
.sintetis{border:3px solid #b71c1c;color:#b71c1c;font-weight:bold;padding:.5em 1em;
font-size:1.1em}img{max-width:100%}.kab{margin:1em 0;padding:.5em 1em;border:1px solid #ccc;
border-radius:4px}.kab h3{margin:.2em 0 .4em}.kab dl{display:grid;grid-template-columns:
11em 1fr;gap:2px 1em;margin:0}.kab dt{font-weight:bold}.kab dd{margin:0}
pre.galat{white-space:pre-wrap;background:#fdecea;padding:.5em;font-size:12px}
.catatan{font-size:13px;color:#444}.lebar{overflow-x:auto}"""


@dataclass
class _Kab:
    """One entry of the batch, as the page shows it."""

    entry: object
    kode: str
    nama: str
    status: str
    folder: Path | None = None
    ringkasan: dict = field(default_factory=dict)
    provinsi: str = ""
    sintetis: bool = False


def _rel(target: Path, out: Path) -> str:
    try:  # a folder outside ``out`` (never written by batch) is still linked
        return Path(os.path.relpath(Path(target).resolve(), out.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(target).resolve().as_uri()


def _read_json(path: Path) -> dict:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    return {}


def _form1(paket: Path) -> dict:
    """Form 1 of a package that may not load (a failed kabupaten): {} when unreadable."""
    from .workbook import find_workbook, read_workbook

    with contextlib.suppress(Exception):  # a broken package: the page shows what it can
        src = find_workbook(paket)
        if src is not None:
            return read_workbook(src)[0] or {}
    return {}


def _collect(summary) -> list[_Kab]:
    kabs = []
    for e in summary.entries:
        paket = Path(e.paket)
        folder = Path(e.folder) if e.folder and Path(e.folder).is_dir() else None
        ring = _read_json(folder / "ringkasan.json") if folder is not None else {}
        kode, nama = e.kode, e.nama
        sintetis = bool(ring.get("data_sintetis"))
        provinsi = ""
        if folder is not None:
            meta = _read_json(folder / "notebook" / "laporan_area_berisiko.laporan.json")
            provinsi = str(meta.get("meta", {}).get("nama_provinsi") or "")
        if not ring:  # failed (or outputs gone): what the package itself says
            f1 = _form1(paket)
            kode = kode or str(f1.get("kode_kabupaten") or "")
            nama = nama or str(f1.get("nama_kabupaten") or "")
            provinsi = provinsi or str(f1.get("nama_provinsi") or "")
            sintetis = str(f1.get("data_sintetis", "")).strip().lower() in {"ya", "true", "1"}
        if not kode:
            m = re.match(r"(\d{2}\.\d{2})", paket.name)
            kode = m.group(1) if m else ""
        with contextlib.suppress(Exception):
            kode = normalise_kode(kode) if kode else kode
        kabs.append(_Kab(e, kode, nama, e.status, folder, ring, provinsi, sintetis))
    return kabs


# --- the overview map -----------------------------------------------------------------------

def _province_layer(paket: Path) -> gpd.GeoDataFrame | None:
    """Every kabupaten/kota of the province from a package's boundary file
    (``konteks_kabupaten``, else its ``kabupaten`` layer or a ``kabupaten.geojson`` beside it):
    ``kode_kab``, ``nama_kab``, geometry in EPSG:4326; None when there is none."""
    src = find_boundary_file(paket)
    if src is None:
        return None
    found = None
    with contextlib.suppress(Exception):
        if src.suffix.lower() == ".gpkg":
            names = {str(n).lower(): str(n) for n, _ in pyogrio.list_layers(src)}
            for role in ("konteks_kabupaten", "kabupaten"):
                hit = next((names[n] for n in _LAYER_ROLES[role] if n in names), None)
                if hit is not None:
                    found = gpd.read_file(src, layer=hit)
                    if role == "konteks_kabupaten" or len(found) > 1:
                        break
        if (found is None or len(found) < 2) and (paket / "kabupaten.geojson").is_file():
            found = gpd.read_file(paket / "kabupaten.geojson")
    if found is None or not len(found) or found.crs is None:
        return None
    found = _recode(found, "kab").to_crs(4326)
    return found[found["kode_kab"].notna()]


def _dissolved_outline(gpkg: Path):
    desa = read_desa_layer(gpkg, columns=["kode_desa"])
    # close the slivers between desa polygons that do not tile exactly
    metric = desa.to_crs(utm_crs(desa))
    return gpd.GeoSeries([metric.buffer(200).union_all().buffer(-200)],
                         crs=metric.crs).to_crs(4326).iloc[0]


def priority_class(percent: float | None) -> int:
    """Class (0–3) of a percentage of priority desa on the overview map; -1 when missing.

    >>> [priority_class(p) for p in (0, 25, 25.1, 60, 100, None)]
    [0, 0, 1, 2, 3, -1]
    """
    if percent is None or pd.isna(percent):
        return -1
    return sum(float(percent) > b for b in PRIORITY_BINS)


def class_labels() -> list[str]:
    """Legend labels of :data:`PRIORITY_BINS`: ``0–25%``, ``>25–50%`` …"""
    edges = (0.0, *PRIORITY_BINS, 100.0)
    return [f"{'' if i == 0 else '>'}{fmt.number(lo, 0)}–{fmt.percent(hi, 0)}"
            for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True))]


def overview_table(kabs: list[_Kab]) -> gpd.GeoDataFrame:
    """Every kabupaten/kota to draw: the province's (from the packages' boundary files) and
    those of the batch; ``kode_kab, nama, status (ok | gagal | belum), persen, kelas,
    provinsi`` and geometry (EPSG:4326)."""
    layers = {}
    for k in kabs:
        key = str(find_boundary_file(Path(k.entry.paket)) or k.entry.paket)
        if key not in layers:
            layers[key] = _province_layer(Path(k.entry.paket))
    known = [g for g in layers.values() if g is not None]
    base = (pd.concat(known, ignore_index=True).drop_duplicates("kode_kab")
            if known else gpd.GeoDataFrame({"kode_kab": [], "nama_kab": []},
                                           geometry=[], crs=4326))
    rows = {str(r.kode_kab): {"kode_kab": str(r.kode_kab), "nama": str(r.nama_kab or r.kode_kab),
                              "status": "belum", "persen": None, "geometry": r.geometry}
            for r in base.itertuples()}
    batch_prefixes = {k.kode[:2] for k in kabs if k.kode}
    rows = {c: r for c, r in rows.items() if not batch_prefixes or c[:2] in batch_prefixes}
    for k in kabs:
        if not k.kode:
            continue
        row = rows.get(k.kode)
        if row is None:  # not in any province layer: its own outline, when the run made one
            gpkg = k.folder / "area_berisiko.gpkg" if k.folder is not None else None
            if gpkg is None or not gpkg.is_file():
                continue
            row = rows[k.kode] = {"kode_kab": k.kode, "nama": k.nama, "geometry":
                                  _dissolved_outline(gpkg)}
        row["nama"] = k.nama or row["nama"]
        if k.status in ("ok", "dilewati") and k.ringkasan:
            row["status"], row["persen"] = "ok", k.ringkasan.get("persen_desa_prioritas")
        else:
            row["status"], row["persen"] = "gagal", None
    provinces = {k.kode[:2]: k.provinsi for k in kabs if k.kode and k.provinsi}
    out = gpd.GeoDataFrame(list(rows.values()) or None,
                           columns=["kode_kab", "nama", "status", "persen", "geometry"],
                           geometry="geometry", crs=4326)
    out["kelas"] = [priority_class(p) if s == "ok" else -1
                    for p, s in zip(out["persen"], out["status"], strict=True)]
    out["provinsi"] = [provinces.get(c[:2], f"Provinsi {c[:2]}") for c in out["kode_kab"]]
    return out.sort_values("kode_kab").reset_index(drop=True)


def _short(nama: str) -> str:
    return str(nama).removeprefix("Kabupaten ").removeprefix("Kota ")


def overview_figure(gdf: gpd.GeoDataFrame, title: str, priority_text: str,
                    synthetic: bool = False) -> PlainTextFigure:
    """The overview map of one province: outline, every kabupaten/kota in its class (grey:
    not processed; hatched: failed), name labels and a legend with counts."""
    fig = PlainTextFigure(figsize=(10, 6.6), dpi=110)
    ax = fig.add_axes((0.0, 0.0, 0.72, 0.93))
    metric = gdf.to_crs(utm_crs(gdf))
    for status, kw in (("belum", {"facecolor": NOT_RUN_COLOUR, "edgecolor": "#8a8a8a"}),
                       ("gagal", {"facecolor": "white", "edgecolor": FAILED_COLOUR,
                                  "hatch": "////"})):
        part = metric[metric["status"] == status]
        if len(part):
            part.plot(ax=ax, linewidth=0.6, **kw)
    done = metric[metric["status"] == "ok"]
    if len(done):
        done.plot(ax=ax, color=[CLASS_COLOURS[max(c, 0)] for c in done["kelas"]],
                  edgecolor="#333", linewidth=0.7)
    outline = metric.buffer(300).union_all().buffer(-300)
    gpd.GeoSeries([outline], crs=metric.crs).boundary.plot(ax=ax, color="#111", linewidth=1.6)
    for _, r in metric.iterrows():
        p = r.geometry.representative_point()
        second = (fmt.percent(r["persen"], 1) if r["status"] == "ok" else
                  "gagal" if r["status"] == "gagal" else NOT_RUN)
        done_ = r["status"] == "ok"
        ax.annotate(f"{_short(r['nama'])}\n{second}", (p.x, p.y), ha="center", va="center",
                    fontsize=7.5 if done_ else 6, zorder=4 if done_ else 3,
                    color="#4a4a4a" if r["status"] == "belum" else "#111",
                    fontweight="bold" if done_ else "normal",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "lw": 0,
                          "alpha": 0.0 if r["status"] == "belum" else 0.8})
    ax.set_axis_off()
    ax.set_aspect("equal")
    counts = metric[metric["status"] == "ok"]["kelas"].value_counts()
    handles = [Patch(facecolor=c, edgecolor="#333",
                     label=f"{lab}  ({fmt.integer(counts.get(i, 0))})")
               for i, (c, lab) in enumerate(zip(CLASS_COLOURS, class_labels(), strict=True))]
    handles.reverse()  # highest class first, as on the map sheets
    n_fail, n_not = (int((metric["status"] == s).sum()) for s in ("gagal", "belum"))
    if n_fail:
        handles.append(Patch(facecolor="white", edgecolor=FAILED_COLOUR, hatch="////",
                             label=f"gagal diproses  ({fmt.integer(n_fail)})"))
    if n_not:
        handles.append(Patch(facecolor=NOT_RUN_COLOUR, edgecolor="#8a8a8a",
                             label=f"{NOT_RUN}  ({fmt.integer(n_not)})"))
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.72, 0.5), fontsize=8.5,
               title=f"Desa/kelurahan prioritas\n({priority_text}), persen\n"
                     "(jumlah kabupaten/kota)", title_fontsize=9, frameon=False,
               alignment="left")
    fig.suptitle(title, fontsize=12, x=0.02, ha="left")
    if synthetic:
        fig.text(0.98, 0.97, "DATA SINTETIS", color=FAILED_COLOUR, fontsize=12,
                 fontweight="bold", ha="right", va="top")
    fig.text(0.98, 0.02, "Kelas: persentase desa/kelurahan prioritas hasil ppsp batch",
             fontsize=7, color="#555", ha="right")
    return fig


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


# --- the page -------------------------------------------------------------------------------

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


def _value(r: dict, key: str):
    if key.startswith("monev."):
        return (r.get("monev") or {}).get(key.removeprefix("monev."))
    if key == "jumlah_desa_prioritas":
        return (r.get("prioritas") or {}).get("gabungan")
    if key == "kelas_prioritas":
        return _class_text(r)
    return r.get(key)


def _comparison(rows: list[dict]) -> str:
    if not rows:
        return "<p>Belum ada kabupaten/kota yang selesai diproses.</p>"
    head, cols = [], []
    for key, (title, kind) in _COLUMNS.items():
        values = [_value(r, key) for r in rows]
        if all(v is None for v in values) and key.startswith("monev."):
            continue
        head.append(f"<th scope='col'>{html.escape(title)}</th>")
        shown = fmt.column(values, kind)
        numeric = kind not in ("kode", "text")
        cols.append([(v, s, numeric) for v, s in zip(values, shown, strict=True)])
    body = []
    for i in range(len(rows)):
        cells = []
        for col in cols:
            v, s, numeric = col[i]
            raw = "" if v is None or (numeric and pd.isna(v)) else str(v)
            cells.append(f"<td{' class=n' if numeric else ''} data-v=\"{html.escape(raw)}\">"
                         f"{html.escape(s)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<div class='lebar'><table class='urut'><thead><tr>{''.join(head)}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
            "<p class='catatan'>Klik judul kolom untuk mengurutkan.</p>")


def _link(rel: str, name: str, label: str) -> str:
    return f'<a href="{html.escape(rel)}/{html.escape(name)}">{html.escape(label)}</a>'


def output_links(folder: Path, rel: str) -> list[tuple[str, list[str]]]:
    """(group, links) of every output in ``folder`` that exists (``rel``: the folder's
    address from the page)."""
    groups = []
    for group, files in _OUTPUTS:
        links = [_link(rel, f, label) for f, label in files if (folder / f).is_file()]
        if group == "Peta interaktif":
            groups += _sheet_links(folder, rel)
        if links:
            groups.append((group, links))
    return groups


def _sheet_links(folder: Path, rel: str) -> list[tuple[str, list[str]]]:
    out = []
    for paper in ("a3", "a4"):
        links = []
        for theme, label in _THEMES.items():
            files = [f"peta/peta_{theme}_{paper}.{ext}" for ext in ("pdf", "png")]
            have = [f for f in files if (folder / f).is_file()]
            if have:
                links.append(" ".join(
                    [_link(rel, have[0], label)] +
                    [_link(rel, f, f"({Path(f).suffix[1:].upper()})") for f in have[1:]]))
        if links:
            out.append((f"Peta {paper.upper()}", links))
        if paper == "a3" and links:
            break  # A3 sheets are the ones to print; A4 are in the reports
    return out


def _first_lines(text: str, n: int = 8) -> str:
    """The first ``n`` lines of an error (the whole of it is in the log)."""
    lines = (text or "tidak ada keterangan").splitlines()
    if len(lines) <= n + 1:
        return "\n".join(lines)
    return "\n".join([*lines[:n], f"… dan {fmt.integer(len(lines) - n)} baris lagi: lihat log"])


def _kab_block(k: _Kab, out: Path, log: str | None) -> str:
    e = k.entry
    state = {"ok": "selesai", "dilewati": "tidak berubah, dilewati", "gagal": "gagal"}.get(
        k.status, k.status)
    title = (f"<h3 id='kab-{html.escape(k.kode or Path(e.paket).name)}'>"
             f"{html.escape(k.kode)} {html.escape(k.nama)} — <span class='{html.escape(k.status)}'>"
             f"{html.escape(state)}</span> ({fmt.number(e.detik, 1)} detik)</h3>")
    parts = [f"<div class='kab'>{title}"]
    if k.status == "gagal" or e.galat:
        parts.append(f"<pre class='galat'>{html.escape(_first_lines(e.galat))}</pre>")
    items = []
    if k.folder is not None and k.status in ("ok", "dilewati"):
        rel = _rel(k.folder, out)
        items += [(g, links) for g, links in output_links(k.folder, rel)]
    if log and (out / log).is_file():
        items.append(("Log", [f'<a href="{html.escape(log)}">{html.escape(log)}</a>']))
    items.append(("Paket masukan", [html.escape(str(e.paket))]))
    parts.append("<dl>" + "".join(f"<dt>{html.escape(g)}</dt><dd>{' · '.join(links)}</dd>"
                                  for g, links in items) + "</dl></div>")
    return "".join(parts)


def write_index(summary, out: Path, path: Path | None = None) -> Path:
    """Write ``out/index.html`` for a batch summary (links relative to ``out``)."""
    out = Path(out)
    kabs = _collect(summary)
    rows = [{**k.ringkasan, "kode_kabupaten": k.ringkasan.get("kode_kabupaten", k.kode),
             "nama_kabupaten": k.ringkasan.get("nama_kabupaten", k.nama)}
            for k in kabs if k.ringkasan and k.status in ("ok", "dilewati")]
    synthetic = [k for k in kabs if k.sintetis]
    provinces = sorted({k.provinsi for k in kabs if k.provinsi})
    where = provinces[0] if len(provinces) == 1 else "semua provinsi"
    maps, not_run = [], []
    table = overview_table(kabs) if kabs else None
    if table is not None:  # a failed package that says nothing: its name on the map
        names = dict(zip(table["kode_kab"], table["nama"], strict=True))
        for k in kabs:
            k.nama = k.nama or names.get(k.kode, "") or Path(k.entry.paket).name
    if table is not None and len(table):
        for prov, part in table.groupby("provinsi", sort=True):
            fig = overview_figure(part, f"{prov}: desa/kelurahan prioritas per kabupaten/kota",
                                  _priority_text(rows), synthetic=bool(synthetic))
            maps.append((prov, _png(fig)))
            not_run += list(part.loc[part["status"] == "belum", "nama"])
    banner = ""
    if synthetic:
        names = ", ".join(html.escape(k.nama) for k in synthetic)
        banner = (f"<p class='sintetis'>DATA SINTETIS — {fmt.integer(len(synthetic))} dari "
                  f"{fmt.integer(len(kabs))} paket memakai data sintetis buatan ppsp-analysis "
                  f"(bukan data resmi): {names}. Angka di halaman ini dan di semua keluarannya "
                  "hanya untuk peragaan.</p>")
    map_html = "".join(
        f"<img alt=\"Peta ringkasan {html.escape(p)}: persentase desa/kelurahan prioritas per "
        f"kabupaten/kota\" src=\"data:image/png;base64,{png}\">" for p, png in maps)
    if not_run:
        map_html += (f"<p class='catatan'>Belum diproses ({fmt.integer(len(not_run))}): "
                     f"{html.escape(', '.join(not_run))}.</p>")
    blocks = "".join(_kab_block(k, out, getattr(k.entry, "log", "") or None) for k in kabs)
    done = sum(k.status in ("ok", "dilewati") for k in kabs)
    page = f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Laporan PPSP — {html.escape(where)}</title><style>{_CSS}</style></head><body>
<h1>Laporan area berisiko sanitasi — {html.escape(where)}</h1>
{banner}
<p>{fmt.integer(len(kabs))} paket · {fmt.integer(done)} selesai ·
{fmt.integer(len(summary.failed))} gagal · waktu batch {fmt.integer(summary.detik)} detik ·
halaman dibuat {fmt.date(_dt.date.today())}</p>
<h2>Peta ringkasan provinsi</h2>{map_html or '<p>Tidak ada batas wilayah untuk digambar.</p>'}
<h2>Perbandingan antar kabupaten/kota</h2>{_comparison(rows)}
<h2>Keluaran per kabupaten/kota</h2>{blocks}
<script>{_SORT_JS}</script>
</body></html>
"""
    path = path or out / "index.html"
    with atomic_write(path, "w") as fh:
        fh.write(page)
    return path
