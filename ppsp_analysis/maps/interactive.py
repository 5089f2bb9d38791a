"""Self-contained interactive map (``peta_interaktif.html``).

One HTML file with inline SVG (desa polygons projected to UTM) and a little
vanilla JavaScript: a layer per theme, hover and click information per desa,
the legend with counts, zoom and pan, and a search by name or map number (``no_peta``,
the number the printed sheets and tables give the desa). No CDN, no tiles, no
fonts to fetch: it opens with no network at all, and a Content-Security-Policy
forbids the page to load anything.

Every user-supplied string (desa and kecamatan names, titles, sources) is
HTML-escaped where it is written into markup, and the per-desa data travels as
JSON inside a ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, read with ``JSON.parse`` and shown with ``textContent``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .. import fmt
from ..labels import UnitNames
from ..numbering import MAP_NUMBER
from .data import MapData, prepare_map_data
from .sheet import area_name, class_counts, map_date, province_name, source_lines
from .style import THEMES, MapStyle, Theme, get_theme, theme_classes, with_class_names

__all__ = ["interactive_html"]

#: SVG user units per metre (1 unit = 10 m keeps coordinates short integers).
UNIT = 10.0
COMPONENTS = (("air_limbah", "Air limbah domestik"), ("persampahan", "Persampahan"),
              ("drainase", "Drainase"))


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _json_script(data: object) -> str:
    """JSON safe to embed in a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _path_d(geom: shapely.Geometry, x0: float, y1: float) -> str:
    """SVG path data (relative moves, integer units) of a (multi)polygon."""
    out = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = shapely.get_coordinates(ring)
            ix = np.round((xy[:, 0] - x0) / UNIT).astype(np.int64)
            iy = np.round((y1 - xy[:, 1]) / UNIT).astype(np.int64)
            keep = np.ones(len(ix), dtype=bool)
            keep[1:] = (np.diff(ix) != 0) | (np.diff(iy) != 0)
            ix, iy = ix[keep], iy[keep]
            if len(ix) < 3:
                continue
            dx, dy = np.diff(ix), np.diff(iy)
            rel = " ".join(f"{a} {b}" for a, b in zip(dx.tolist(), dy.tolist(), strict=True))
            out.append(f"M{ix[0]} {iy[0]}l{rel}z")
    return "".join(out)


def _lines_d(geoms: list[shapely.Geometry], x0: float, y1: float) -> str:
    out = []
    for geom in geoms:
        for line in shapely.get_parts(shapely.boundary(geom)):
            for part in shapely.get_parts(line):
                xy = shapely.get_coordinates(part)
                ix = np.round((xy[:, 0] - x0) / UNIT).astype(np.int64)
                iy = np.round((y1 - xy[:, 1]) / UNIT).astype(np.int64)
                rel = " ".join(f"{a} {b}" for a, b in
                               zip(np.diff(ix).tolist(), np.diff(iy).tolist(), strict=True))
                out.append(f"M{ix[0]} {iy[0]}l{rel}")
    return "".join(out)


def _value(v: object) -> object:
    """JSON-friendly value: None for missing, plain int/float/bool/str otherwise."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return round(float(v), 2)
    return str(v)


def _fields(desa: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, Indonesian label) of the scores shown in the info panel, if present."""
    wanted = [("impact", "IMPACT (1–4)")]
    for key, name in COMPONENTS:
        wanted += [(f"exposure_{key}", f"EXPOSURE {name.lower()}"),
                   (f"area_{key}", f"Skor area {name.lower()} (1–16)"),
                   (f"kelas_{key}", f"Kelas {name.lower()}"),
                   (f"prioritas_{key}", f"Prioritas {name.lower()}"),
                   (f"alasan_{key}", f"Alasan koreksi Pokja ({name.lower()})")]
    wanted += [("irs_total", "Indeks Risiko Sanitasi (0–500)"), ("kelas_irs", "Kelas IRS"),
               ("strata", "Strata desa EHRA"), ("kelas_gabungan", "Kelas gabungan"),
               ("prioritas_gabungan", "Prioritas gabungan")]
    return [(c, label) for c, label in wanted if c in desa.columns]


def _theme_payload(desa: pd.DataFrame, theme: Theme, style: MapStyle,
                   units: UnitNames) -> dict[str, object]:
    classes = theme_classes(theme, style)
    counts = class_counts(desa, theme, style)
    values = pd.to_numeric(desa[theme.column], errors="coerce").astype("Float64")
    lookup = {v: k for k, (v, _, _) in enumerate(classes)}
    codes = [lookup.get(int(v), -1) if not pd.isna(v) and float(v).is_integer() else -1
             for v in values]
    return {
        "key": theme.key,
        "name": units.adapt(theme.name),
        "classes": [{"label": lab, "color": col, "count": counts[v], "n": units.n(counts[v])}
                    for v, lab, col in classes],
        "nodata": {"label": style.no_data_label, "count": counts[None],
                   "n": units.n(counts[None])},
        "codes": codes,
    }


def interactive_html(
    scored: gpd.GeoDataFrame,
    meta: Mapping[str, object],
    style: MapStyle | None = None,
    context: Mapping[str, gpd.GeoDataFrame | gpd.GeoSeries | None] | None = None,
    theme: str | None = None,
) -> str:
    """Build the interactive map as one self-contained HTML string.

    Parameters
    ----------
    scored : geopandas.GeoDataFrame
        Scored table (``docs/kontrak_data.md`` §2), any CRS.
    meta : mapping
        Same keys as for the printed sheets (``nama_kabupaten``, ``tahun``,
        ``nama_provinsi``, ``nama_pokja``, ``sintetis``, ``versi_metode``,
        ``sumber_data``, optional ``tanggal_peta``).
    style : MapStyle, optional
        Colours and labels.
    context : mapping, optional
        As for :func:`~ppsp_analysis.maps.map_sheet` (kecamatan, kabupaten
        lines; neighbours and rivers are not drawn here).
    theme : str, optional
        Key of the layer shown first (default: the first theme present).

    Returns
    -------
    str
        The HTML document.
    """
    style = with_class_names(style, meta)
    data = prepare_map_data(scored, meta, context, boundaries_from_desa=style.boundaries_from_desa)
    return _render(data, meta, style, theme)


def _render(data: MapData, meta: Mapping[str, object], style: MapStyle,
            theme: str | None = None) -> str:
    desa = data.desa
    x0, y0, x1, y1 = data.kabupaten.bounds
    pad = 0.02 * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    width, height = int(np.ceil((x1 - x0) / UNIT)), int(np.ceil((y1 - y0) / UNIT))
    themes = [t for t in THEMES if t.column in desa.columns]
    if theme is not None:  # the layer asked for comes first
        themes.sort(key=lambda t: t.key != get_theme(theme).key)
    units = data.units
    say = units.adapt
    payload_themes = [_theme_payload(desa, t, style, units) for t in themes]
    fields = [(c, say(label)) for c, label in _fields(desa)]
    risk = {v: lab for v, lab, _ in theme_classes(THEMES[0], style)}
    irs = {v: lab for v, lab, _ in theme_classes(get_theme("irs"), style)}
    strata = dict(enumerate(style.strata_labels))
    records = []
    for kode, row in desa.iterrows():
        values = []
        for c, _ in fields:
            v = _value(row[c])
            names = irs if c == "kelas_irs" else risk
            if v is not None and c.startswith("kelas_") and v in names:
                v = f"{v} – {names[v]}"
            elif v is not None and c == "strata" and v in strata:
                v = strata[v]
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                v = fmt.number(v)  # the one formatter: 1.234,5
            values.append(v)
        records.append({"kode": str(kode), "nama": str(row["nama_desa"]),
                        "kec": str(row["nama_kec"]), "no": int(row[MAP_NUMBER]), "v": values})
    payload = {"themes": payload_themes, "fields": [label for _, label in fields],
               "desa": records, "nodataColor": style.no_data_color}

    first = payload_themes[0] if payload_themes else None
    paths = []
    for i, (kode, geom) in enumerate(zip(desa.index, desa.geometry.values, strict=True)):
        if first is not None and first["codes"][i] >= 0:
            fill = first["classes"][first["codes"][i]]["color"]
        else:
            fill = "url(#nodata)"
        name = _esc(desa["nama_desa"].iloc[i])
        kec = _esc(desa["nama_kec"].iloc[i])
        number = int(desa[MAP_NUMBER].iloc[i])
        paths.append(f'<path class="desa" data-i="{i}" id="desa-{_esc(kode)}" fill="{fill}" '
                     f'd="{_path_d(geom, x0, y1)}">'
                     f'<title>{number}. {name} (Kec. {kec})</title></path>')
    kec_lines = _lines_d(list(data.kecamatan.geometry.values), x0, y1)
    kab_lines = _lines_d([data.kabupaten], x0, y1)
    font = max(width, height) / 75
    kec_labels = []
    for (ax, ay), name in zip(data.kec_anchor, data.kecamatan["nama_kec"], strict=True):
        kec_labels.append(f'<text x="{(ax - x0) / UNIT:.0f}" y="{(y1 - ay) / UNIT:.0f}">'
                          f"{_esc(str(name).upper())}</text>")

    title = f"{style.title_prefix} — {area_name(meta.get('nama_kabupaten', '')).upper()}"
    subtitle = " · ".join(str(v) for v in (
        province_name(meta.get("nama_provinsi")) or None,
        f"Tahun {meta.get('tahun', '')}",
        units.n(len(desa))) if v)
    radios = "".join(
        f'<label><input type="radio" name="layer" value="{k}"{" checked" if k == 0 else ""}> '
        f"{_esc(t['name'])}</label>" for k, t in enumerate(payload_themes))
    legend0 = _legend_html(first) if first else ""
    sources = "".join(f"<li>{_esc(s)}</li>" for s in source_lines(meta))
    producer = style.producer or meta.get("nama_pokja") or "-"
    synthetic = (f'<div class="sintetis">{_esc(style.watermark_note)}</div>'
                 if meta.get("sintetis") else "")
    synthetic += _scenario_html(meta)
    epsg = data.crs.to_epsg()
    footer = (f"Proyeksi UTM zona {_esc(data.utm_zone)}, datum WGS 1984 (EPSG:{epsg}) · "
              f"Dibuat oleh {_esc(producer)}, {_esc(fmt.date(map_date(meta)))} · "
              f"Metode: versi {_esc(meta.get('versi_metode') or '-')}")
    return _TEMPLATE.format(
        title=_esc(title), subtitle=_esc(subtitle), synthetic=synthetic, radios=radios,
        legend=legend0, width=width, height=height, paths="\n".join(paths),
        kec_d=kec_lines, kab_d=kab_lines, kec_labels="".join(kec_labels),
        font=f"{font:.0f}", kec_w=f"{max(width, height) / 700:.1f}",
        kab_w=f"{max(width, height) / 350:.1f}",
        hatch=f"{max(width, height) / 250:.0f}", hatch_color=style.no_data_hatch_color,
        sources=sources, footer=footer, data=_json_script(payload),
        watermark=_esc(style.watermark_text) if meta.get("sintetis") else "",
        cari=_esc(say("Cari desa")), cari_isi=_esc(say("Nama atau nomor peta desa, lalu Enter")),
        info_judul=_esc(say("Informasi desa")),
        info_awal=_esc(say("Arahkan atau klik sebuah desa pada peta.")),
        wm_font=f"{max(width, height) / 12:.0f}", cx=width // 2, cy=height // 2,
        angle=f"{-np.degrees(np.arctan2(height, width)):.0f}",
    )


def _scenario_html(meta: Mapping[str, object]) -> str:
    """The SKENARIO mark and the changed options (empty for the package's own method)."""
    from ..labels import SKENARIO_LABEL, scenario_lines

    lines = scenario_lines(meta)
    if not lines:
        return ""
    return (f'<div class="sintetis skenario" style="background:#5b2a86;margin-left:6px">'
            f'{_esc(SKENARIO_LABEL)}</div><p class="skenario-opsi">Opsi metode yang diubah: '
            f"{_esc('; '.join(lines))}</p>")


def _legend_html(theme: Mapping[str, object]) -> str:
    rows = []
    for c in reversed(theme["classes"]):  # type: ignore[call-overload]
        rows.append(f'<li><span class="sw" style="background:{c["color"]}"></span>'
                    f'{_esc(c["label"])}<span class="n">{_esc(c["n"])}</span></li>')
    nd: dict = theme["nodata"]  # type: ignore[assignment]
    rows.append(f'<li><span class="sw nodata"></span>{_esc(nd["label"])}'
                f'<span class="n">{_esc(nd["n"])}</span></li>')
    return "".join(rows)


_TEMPLATE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
html,body{{margin:0;height:100%;font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#111}}
body{{display:flex;flex-direction:column}}
header{{padding:8px 14px;border-bottom:2px solid #222}}
header h1{{font-size:18px;margin:0}} header p{{margin:2px 0 0;font-size:13px}}
.sintetis{{display:inline-block;
  margin-top:4px;
  padding:2px 8px;
  background:#c62828;
  color:#fff;
  font-weight:bold;
  font-size:13px}}
main{{flex:1;display:flex;min-height:0}}
#mapbox{{flex:1;position:relative;background:#f4f4f4;min-width:0}}
svg{{width:100%;height:100%;display:block;cursor:grab;touch-action:none}}
svg.drag{{cursor:grabbing}}
.desa{{stroke:#4a4a4a;stroke-width:.5px;vector-effect:non-scaling-stroke}}
.desa:hover{{stroke:#000;stroke-width:2.5px}}
.desa.sel{{stroke:#0047ab;stroke-width:3.5px}}
.kec{{fill:none;
  stroke:#111;
  stroke-width:1.4px;
  vector-effect:non-scaling-stroke;
  pointer-events:none}}
.kab{{fill:none;
  stroke:#000;
  stroke-width:2.6px;
  vector-effect:non-scaling-stroke;
  pointer-events:none}}
.labels text{{font-size:{font}px;
  font-weight:bold;
  text-anchor:middle;
  dominant-baseline:middle;
  paint-order:stroke;
  stroke:#fff;
  stroke-width:{kec_w}px;
  pointer-events:none}}
.wm{{font-size:{wm_font}px;
  font-weight:bold;
  fill:none;
  stroke:#c62828;
  stroke-opacity:.5;
  stroke-width:2px;
  vector-effect:non-scaling-stroke;
  text-anchor:middle;
  dominant-baseline:middle;
  pointer-events:none}}
aside{{width:330px;
  overflow:auto;
  border-left:1px solid #bbb;
  padding:10px 12px;
  font-size:13px;
  background:#fff}}
aside h2{{font-size:13px;margin:12px 0 4px;text-transform:uppercase}}
aside label{{display:block;margin:2px 0}}
ul.legend{{list-style:none;
  padding:0;
  margin:0}} ul.legend li{{display:flex;
  align-items:center;
  margin:3px 0}}
.sw{{width:22px;height:13px;border:1px solid #555;margin-right:8px;flex:none}}
.sw.nodata{{background:repeating-linear-gradient(45deg,#fff 0 3px,{hatch_color} 3px 4px)}}
.n{{margin-left:auto;padding-left:8px;color:#333}}
#info table{{border-collapse:collapse;
  width:100%}} #info td{{border-bottom:1px solid #e3e3e3;
  padding:2px 3px;
  vertical-align:top}}
#info td:last-child{{text-align:right;font-weight:bold}}
ul.hits{{list-style:none;padding:0;margin:4px 0}} ul.hits button{{width:100%;text-align:left;
  margin:1px 0;cursor:pointer}}
#tip{{position:absolute;
  pointer-events:none;
  background:rgba(255,255,255,.95);
  border:1px solid #333;
  padding:3px 6px;
  font-size:12px;
  display:none;
  white-space:nowrap}}
.tools{{position:absolute;left:10px;top:10px;display:flex;flex-direction:column;gap:4px}}
.tools button{{width:30px;
  height:30px;
  font-size:18px;
  background:#fff;
  border:1px solid #555;
  cursor:pointer}}
#q{{width:100%;box-sizing:border-box;padding:4px}}
footer{{font-size:11px;padding:4px 14px;border-top:1px solid #bbb;background:#fafafa}}
footer ul{{margin:0;padding-left:16px}}
</style>
</head>
<body>
<header><h1>{title}</h1><p>{subtitle}</p>{synthetic}</header>
<main>
<div id="mapbox">
<svg id="map" viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet"
 role="img" aria-label="{title}">
<defs>
<pattern id="nodata" patternUnits="userSpaceOnUse" width="{hatch}" height="{hatch}"
 patternTransform="rotate(45)">
<rect width="{hatch}" height="{hatch}" fill="#fff"/>
<line x1="0" y1="0" x2="0" y2="{hatch}" stroke="{hatch_color}" stroke-width="{kec_w}"/>
</pattern>
</defs>
<g id="vp">
<g id="desa">
{paths}
</g>
<path class="kec" d="{kec_d}"/>
<path class="kab" d="{kab_d}"/>
<text class="wm" x="{cx}" y="{cy}" transform="rotate({angle} {cx} {cy})">{watermark}</text>
<g class="labels">{kec_labels}</g>
</g>
</svg>
<div class="tools">
<button type="button" id="zin" title="Perbesar">+</button>
<button type="button" id="zout" title="Perkecil">&#8722;</button>
<button type="button" id="zreset" title="Tampilan awal">&#8634;</button>
</div>
<div id="tip"></div>
</div>
<aside>
<h2>Lapisan</h2>
<div id="layers">{radios}</div>
<h2>Legenda</h2>
<ul class="legend" id="legend">{legend}</ul>
<h2>{cari}</h2>
<input id="q" type="search" placeholder="{cari_isi}">
<h2>{info_judul}</h2>
<div id="info">{info_awal}</div>
<h2>Sumber data</h2>
<ul>{sources}</ul>
</aside>
</main>
<footer>{footer}</footer>
<script type="application/json" id="ppsp-data">{data}</script>
<script>
(function () {{
  "use strict";
  var D = JSON.parse(document.getElementById("ppsp-data").textContent);
  var svg = document.getElementById("map"), vp = document.getElementById("vp");
  var paths = Array.prototype.slice.call(document.querySelectorAll("path.desa"));
  var tip = document.getElementById("tip"), info = document.getElementById("info");
  var layer = 0, selected = null;
  function fmt(v) {{
    if (v === null || v === undefined) return "tidak ada data";
    if (v === "") return "–";
    if (v === true) return "Ya";
    if (v === false) return "Tidak";
    if (typeof v === "number") return String(v);  // numbers come formatted from Python
    return String(v);
  }}
  function classOf(i) {{
    var t = D.themes[layer], c = t.codes[i];
    return c < 0 ? t.nodata.label : t.classes[c].label;
  }}
  function el(tag, text) {{
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
    }}
  function setLayer(k) {{
    layer = k;
    var t = D.themes[k];
    paths.forEach(function (p, i) {{
      var c = t.codes[i];
      p.setAttribute("fill", c < 0 ? "url(#nodata)" : t.classes[c].color);
    }});
    var ul = document.getElementById("legend");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    t.classes.slice().reverse().concat([t.nodata]).forEach(function (c, j, all) {{
      var li = el("li"), sw = el("span");
      sw.className = "sw" + (j === all.length - 1 ? " nodata" : "");
      if (c.color) sw.style.background = c.color;
      li.appendChild(sw); li.appendChild(document.createTextNode(c.label));
      var n = el("span", c.n);
        n.className = "n";
        li.appendChild(n);
      ul.appendChild(li);
    }});
    if (selected !== null) showInfo(selected);
  }}
  function showInfo(i) {{
    var d = D.desa[i];
    while (info.firstChild) info.removeChild(info.firstChild);
    info.appendChild(el("strong", d.nama));
    info.appendChild(el("div", "No. peta " + d.no + " · Kec. " + d.kec + " · " + d.kode));
    info.appendChild(el("div", D.themes[layer].name + ": " + classOf(i)));
    var tb = el("table");
    D.fields.forEach(function (label, j) {{
      var tr = el("tr"); tr.appendChild(el("td", label)); tr.appendChild(el("td", fmt(d.v[j])));
      tb.appendChild(tr);
    }});
    info.appendChild(tb);
  }}
  function select(i) {{
    if (selected !== null) paths[selected].classList.remove("sel");
    selected = i; paths[i].classList.add("sel"); showInfo(i);
  }}
  document.getElementById("layers").addEventListener("change", function (e) {{
    if (e.target.name === "layer") setLayer(Number(e.target.value));
  }});
  paths.forEach(function (p, i) {{
    p.addEventListener("mousemove", function (e) {{
      var d = D.desa[i], box = svg.parentNode.getBoundingClientRect();
      tip.textContent = d.no + ". " + d.nama + " (Kec. " + d.kec + "): " + classOf(i);
      tip.style.left = (e.clientX - box.left + 14) + "px";
      tip.style.top = (e.clientY - box.top + 10) + "px";
      tip.style.display = "block";
    }});
    p.addEventListener("mouseleave", function () {{ tip.style.display = "none"; }});
    p.addEventListener("click", function () {{ if (!moved) select(i); }});
  }});
  document.getElementById("q").addEventListener("keydown", function (e) {{
    if (e.key !== "Enter") return;
    var q = this.value.trim().toLowerCase();
    if (!q) return;
    var no = /^(no\\.?\\s*)?\\d+$/.test(q) ? Number(q.replace(/\\D/g, "")) : null;
    for (var i = 0; i < D.desa.length; i++) {{
      if (no !== null && D.desa[i].no === no) {{ select(i); return; }}
    }}
    var hits = [];
    for (i = 0; i < D.desa.length; i++) {{
      if (D.desa[i].nama.toLowerCase().indexOf(q) >= 0) hits.push(i);
    }}
    if (hits.length === 1) {{ select(hits[0]); return; }}
    if (!hits.length) {{ info.textContent = "Desa tidak ditemukan."; return; }}
    // several (two desa may share a name): every one, with its kecamatan, to pick from
    while (info.firstChild) info.removeChild(info.firstChild);
    info.appendChild(el("div", hits.length + " nama cocok; pilih satu:"));
    var ul = el("ul");
    ul.className = "hits";
    hits.forEach(function (i) {{
      var d = D.desa[i], li = el("li");
      var b = el("button", d.no + ". " + d.nama + " (Kec. " + d.kec + ")");
      b.type = "button";
      b.addEventListener("click", function () {{ select(i); }});
      li.appendChild(b); ul.appendChild(li);
    }});
    info.appendChild(ul);
  }});
  // zoom and pan
  var s = 1, tx = 0, ty = 0, moved = false, drag = null;
  var labels = document.querySelector("g.labels"), fontBase = {font}, haloBase = {kec_w};
  function apply() {{
    vp.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + s + ")");
    // kecamatan names keep their size on screen, so they separate when zooming in
    labels.style.fontSize = (fontBase / Math.sqrt(s)) + "px";
    labels.style.strokeWidth = (haloBase / Math.sqrt(s)) + "px";
  }}
  function toUser(cx, cy) {{
    var pt = svg.createSVGPoint(); pt.x = cx; pt.y = cy;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }}
  function zoom(f, cx, cy) {{
    var p = toUser(cx, cy), ns = Math.min(60, Math.max(1, s * f));
    tx = p.x - (p.x - tx) * ns / s; ty = p.y - (p.y - ty) * ns / s; s = ns;
    if (s === 1) {{ tx = 0; ty = 0; }}
    apply();
  }}
  svg.addEventListener("wheel", function (e) {{
    e.preventDefault(); zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX, e.clientY);
  }}, {{ passive: false }});
  svg.addEventListener("pointerdown", function (e) {{
    drag = {{
      x: e.clientX, y: e.clientY, tx: tx, ty: ty }};
      moved = false;
      svg.classList.add("drag");
  }});
  window.addEventListener("pointermove", function (e) {{
    if (!drag) return;
    var a = toUser(drag.x, drag.y), b = toUser(e.clientX, e.clientY);
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) moved = true;
    tx = drag.tx + (b.x - a.x); ty = drag.ty + (b.y - a.y); apply();
  }});
  window.addEventListener("pointerup", function () {{
    drag = null;
    svg.classList.remove("drag");
    }});
  function centre() {{
    var r = svg.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
    }}
  document.getElementById("zin").addEventListener("click", function () {{
    var c = centre();
    zoom(1.5, c[0], c[1]);
    }});
  document.getElementById("zout").addEventListener("click", function () {{
    var c = centre();
    zoom(1 / 1.5, c[0], c[1]);
    }});
  document.getElementById("zreset").addEventListener("click", function () {{
    s = 1;
    tx = 0;
    ty = 0;
    apply();
    }});
  document.documentElement.setAttribute("data-ready", "1");
}})();
</script>
</body>
</html>
"""
