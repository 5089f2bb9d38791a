"""Compact displays for JupyterLab: the ``_repr_html_`` and short ``repr`` of the objects an
analyst holds (package, problems, scored result, method, monev report, comparison) and the
inline interactive map of :meth:`ppsp_analysis.ScoredResult.explore` (pure; no I/O).

Every display is a self-contained HTML fragment: inline styles, no scripts (the inline map
runs in a sandboxed ``<iframe srcdoc>``), no external resources, every user string escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import fmt
from .labels import SKENARIO_COLOR, SKENARIO_LABEL, UnitNames, scenario_lines  # noqa: F401 (re-exported)
from .palette import RISK_COLORS

if TYPE_CHECKING:
    from ._errors import Problem
    from .package import InputPackage
    from .pipeline import ScoredResult

__all__ = ["MapView", "SKENARIO_LABEL", "comparison_html", "explore_map", "method_html",
           "monev_html", "monev_text", "package_html", "package_text", "problems_html",
           "problems_text", "scenario_lines", "scored_html", "scored_text"]

SINTETIS_COLOR = "#b71c1c"
COMPONENT_COLUMNS = (("air_limbah", "Air limbah"), ("persampahan", "Persampahan"),
                     ("drainase", "Drainase"), ("gabungan", "Gabungan"))
MAX_ROWS = 200

_CSS = """<style>
.ppsp-v{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;line-height:1.35;color:#111;
max-width:980px}
.ppsp-v h4{margin:0 0 4px;font-size:15px}
.ppsp-v .sub{color:#444;margin:0 0 6px}
.ppsp-v table{border-collapse:collapse;margin:4px 0 8px;font-size:12.5px}
div.ppsp-v.ppsp-v table th,div.ppsp-v.ppsp-v table td{border:1px solid #ccc;padding:2px 7px;
text-align:left;vertical-align:top}
div.ppsp-v.ppsp-v table th{background:#f2f2f2}
div.ppsp-v.ppsp-v table td.n{text-align:right;font-variant-numeric:tabular-nums}
.ppsp-v .sw{display:inline-block;width:14px;height:11px;border:1px solid #555;
margin-right:6px;vertical-align:-1px}
.ppsp-v .nd{background:repeating-linear-gradient(45deg,#fff 0 3px,#6e6e6e 3px 4px)}
.ppsp-v .badge{display:inline-block;padding:1px 8px;margin:2px 6px 4px 0;color:#fff;
font-weight:bold;font-size:12px}
.ppsp-v .err{color:#b71c1c;font-weight:bold}.ppsp-v .warn{color:#8a5a00;font-weight:bold}
.ppsp-v .ok{color:#1b5e20;font-weight:bold}
.ppsp-v ul{margin:2px 0 6px 18px;padding:0}
.ppsp-v .hint{color:#555;font-size:12px}
.ppsp-v code{background:#f4f4f4;padding:0 3px}
</style>"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _wrap(body: str) -> str:
    return f'<div class="ppsp-v">{_CSS}{body}</div>'


def _badge(text: str, color: str) -> str:
    return f'<span class="badge" style="background:{color}">{_e(text)}</span>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
           raw: bool = False) -> str:
    """A table of already-formatted cells (escaped unless ``raw``)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for j, cell in enumerate(row):
            text = cell if raw else _e(cell)
            cls = ' class="n"' if j in numeric else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _list(items: Iterable[str], limit: int = 20) -> str:
    items = list(items)
    shown = "".join(f"<li>{_e(i)}</li>" for i in items[:limit])
    if len(items) > limit:
        shown += f"<li>… dan {fmt.integer(len(items) - limit)} lainnya</li>"
    return f"<ul>{shown}</ul>" if items else ""


def _scenario_block(meta: Mapping[str, object]) -> str:
    lines = scenario_lines(meta)
    if not lines:
        return ""
    return (f'<div>{_badge(SKENARIO_LABEL, SKENARIO_COLOR)}'
            f'<span class="hint">opsi metode yang diubah dari metode paket:</span>'
            f"{_list(lines)}</div>")


# --------------------------------------------------------------------------- package
def package_text(pkg: InputPackage) -> str:
    """One line: ``InputPackage(99.01 Kabupaten X, 2026: 72 desa, 9 kecamatan, …)``."""
    n_kec = pkg.desa["kode_kec"].nunique() if "kode_kec" in pkg.desa else 0
    units = UnitNames.from_codes(pkg.desa["kode_desa"]) if "kode_desa" in pkg.desa \
        else UnitNames.from_word(None)
    n_rt = 0 if pkg.ehra is None else len(pkg.ehra)
    extra = ", DATA SINTETIS" if pkg.sintetis else ""
    return (f"InputPackage({pkg.kode} {pkg.nama}, {pkg.tahun}: {units.n(len(pkg.desa))}, "
            f"{fmt.integer(n_kec)} kecamatan, {fmt.integer(n_rt)} rumah tangga EHRA, "
            f"{fmt.integer(len(pkg.sheets))} sheet{extra}; folder {pkg.path})")


def package_html(pkg: InputPackage) -> str:
    """Name, folder, files read, counts per sheet and the method options the package sets."""
    from .method_object import method_changes

    units = UnitNames.from_codes(pkg.desa["kode_desa"]) if "kode_desa" in pkg.desa \
        else UnitNames.from_word(None)
    n_kec = pkg.desa["kode_kec"].nunique() if "kode_kec" in pkg.desa else 0
    ehra = pkg.ehra
    n_rt = 0 if ehra is None else len(ehra)
    n_surv = 0 if ehra is None or "kode_desa" not in ehra else ehra["kode_desa"].nunique()
    opd = pkg.sheet("OPD")
    counts = [
        (units.Kata, units.n(len(pkg.desa))),
        ("Kecamatan", fmt.integer(n_kec)),
        ("Rumah tangga EHRA", f"{fmt.integer(n_rt)} di {units.n(n_surv)}"),
        ("OPD pengisi persepsi", fmt.integer(opd["kode_opd"].nunique()) if "kode_opd" in opd
         else fmt.MISSING),
    ]
    files = [(role, name) for role, name in pkg.files.items()]
    sheets = [(name, fmt.integer(len(df))) for name, df in pkg.sheets.items()]
    base = _default_method()
    own = method_changes(base, pkg.method) if base is not None else []
    method = (f"<p>Metode: <code>{_e(pkg.method.get('versi', ''))}</code> — "
              + (f"metode.yaml paket mengubah {fmt.integer(len(own))} opsi bawaan:</p>"
                 + _list(own, 10) if own else "semua opsi bawaan.</p>"))
    head = (f"<h4>Paket masukan — {_e(pkg.nama)} ({_e(pkg.kode)})</h4>"
            f'<p class="sub">Tahun {_e(pkg.tahun)} · {_e(pkg.form1.get("nama_provinsi", ""))}'
            f" · folder <code>{_e(pkg.path)}</code></p>")
    badge = _badge("DATA SINTETIS — bukan data resmi", SINTETIS_COLOR) if pkg.sintetis else ""
    body = (head + badge
            + '<div style="display:flex;gap:18px;flex-wrap:wrap">'
            + "<div>" + _table(["Isi", "Jumlah"], counts, numeric=(1,)) + "</div>"
            + "<div>" + _table(["Peran", "Berkas"], files) + "</div>"
            + "<div>" + _table(["Sheet", "Baris"], sheets, numeric=(1,)) + "</div></div>"
            + method
            + '<p class="hint">Periksa: <code>validate_package(pkg)</code> · skor: '
              "<code>score_package(pkg)</code></p>")
    return _wrap(body)


def _default_method() -> dict | None:
    from .method_object import _default_dict

    try:
        return _default_dict()
    except Exception:  # noqa: BLE001 - a display never fails on the defaults
        return None


# --------------------------------------------------------------------------- problems
def _where(p: Problem) -> list[str]:
    from ._errors import visible

    return [visible(p.file), visible(p.sheet or ""), "" if p.row is None else str(p.row),
            visible(p.column or "")]


def problems_text(problems: Sequence[Problem], limit: int = 5) -> str:
    """``Problems(1 galat, 2 peringatan)`` and the first few, one per line."""
    errors = sum(p.severity == "error" for p in problems)
    head = f"Problems({fmt.integer(errors)} galat, {fmt.integer(len(problems) - errors)} " \
           "peringatan)"
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    lines = [f"  - {'GALAT' if p.severity == 'error' else 'peringatan'}: {p}"
             for p in ordered[:limit]]
    if len(problems) > limit:
        lines.append(f"  … dan {fmt.integer(len(problems) - limit)} lainnya")
    return "\n".join([head, *lines])


def problems_html(problems: Sequence[Problem]) -> str:
    """Errors first, each with file, sheet, row, column, message and hint."""
    from ._errors import visible

    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return _wrap('<p class="ok">Tidak ada masalah: paket siap diskor.</p>')
    head = (f"<h4>Masalah data: <span class=\"err\">{fmt.integer(errors)} galat</span>, "
            f"<span class=\"warn\">{fmt.integer(warnings)} peringatan</span></h4>")
    verdict = ('<p class="sub">Galat harus diperbaiki sebelum skor dihitung; peringatan perlu '
               "diperiksa.</p>" if errors else
               '<p class="sub">Tidak ada galat: paket dapat diskor; periksa peringatannya.</p>')
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    rows = []
    for p in ordered[:MAX_ROWS]:
        level = ('<span class="err">galat</span>' if p.severity == "error"
                 else '<span class="warn">peringatan</span>')
        rows.append([level, *(_e(c) for c in _where(p)), _e(visible(p.message)),
                     _e(visible(p.hint or ""))])
    more = (f'<p class="hint">… dan {fmt.integer(len(problems) - MAX_ROWS)} masalah lain '
            "(semua: <code>list(problems)</code>)</p>" if len(problems) > MAX_ROWS else "")
    return _wrap(head + verdict + _table(["Tingkat", "Berkas", "Sheet", "Baris", "Kolom",
                                          "Masalah", "Saran"], rows, numeric=(3,), raw=True)
                 + more)


# --------------------------------------------------------------------------- scored result
def _counts(desa: pd.DataFrame, column: str) -> dict[int | None, int]:
    if column not in desa:
        return {}
    values = pd.to_numeric(desa[column], errors="coerce")
    out: dict[int | None, int] = {int(k): int(v) for k, v in values.value_counts().items()}
    out[None] = int(values.isna().sum())
    return out


def _labels(meta: Mapping[str, object], key: str, kind: str) -> dict[int, str]:
    from .method import class_labels

    given = meta.get(key)
    if isinstance(given, Mapping) and given:
        return {int(k): str(v) for k, v in given.items()}
    return class_labels(None, kind)


def scored_text(result: ScoredResult) -> str:
    """One line: kabupaten, desa, classes of the combined theme, priorities, notes, method."""
    m = result.meta
    d = result.desa
    units = UnitNames.from_codes(d["kode_desa"])
    c = _counts(d, "kelas_gabungan")
    classes = "/".join(fmt.integer(c.get(k, 0)) for k in sorted(_labels(m, "label_kelas",
                                                                        "area")))
    pri = int(d["prioritas_gabungan"].astype(bool).sum()) if "prioritas_gabungan" in d else 0
    skenario = m.get("skenario") or []
    method = (f"SKENARIO ({fmt.integer(len(skenario))} opsi diubah)" if skenario
              else "metode paket")
    return (f"ScoredResult({m.get('kode_kabupaten', '')} {m.get('nama_kabupaten', '')}, "
            f"{m.get('tahun', '')}: {units.n(len(d))}; kelas gabungan 1/2/3/4 = {classes}, "
            f"tidak ada data {fmt.integer(c.get(None, 0))}; prioritas {fmt.integer(pri)}; "
            f"{fmt.integer(len(result.notes))} catatan; {method})")


def scored_html(result: ScoredResult) -> str:
    """Kabupaten, counts, class table with colours per component, notes, scenario mark."""
    m = result.meta
    d = result.desa
    units = UnitNames.from_codes(d["kode_desa"])
    labels = _labels(m, "label_kelas", "area")
    threshold = int(m.get("ambang_prioritas", 3) or 3)
    cols = [(key, name) for key, name in COMPONENT_COLUMNS if f"kelas_{key}" in d]
    counts = {key: _counts(d, f"kelas_{key}") for key, _ in cols}
    rows = []
    for k in sorted(labels, reverse=True):
        color = RISK_COLORS[k - 1] if 0 < k <= len(RISK_COLORS) else "#999"
        name = f'<span class="sw" style="background:{color}"></span>{k} {_e(labels[k])}'
        rows.append([name, *(fmt.integer(counts[key].get(k, 0)) for key, _ in cols)])
    rows.append(['<span class="sw nd"></span>Tidak ada data',
                 *(fmt.integer(counts[key].get(None, 0)) for key, _ in cols)])
    pri = [fmt.integer(int(d[f"prioritas_{key}"].astype(bool).sum()))
           if f"prioritas_{key}" in d else fmt.MISSING for key, _ in cols]
    rows.append([f"<b>Prioritas (kelas ≥ {threshold})</b>", *(f"<b>{p}</b>" for p in pri)])
    table = _table(["Kelas", *(n for _, n in cols)], rows, numeric=range(1, len(cols) + 1),
                   raw=True)
    irs = _counts(d, "kelas_irs")
    irs_labels = _labels(m, "label_kelas_irs", "irs")
    irs_line = ""
    if irs and irs.get(None, 0) < len(d):
        parts = [f"{k} {irs_labels.get(k, '')}: {fmt.integer(irs.get(k, 0))}"
                 for k in sorted(irs_labels)]
        irs_line = (f"<p>Kelas IRS (EHRA): {_e('; '.join(parts))}; tidak ada data "
                    f"{fmt.integer(irs.get(None, 0))}</p>")
    surveyed = int(d["disurvei"].astype(bool).sum()) if "disurvei" in d else 0
    head = (f"<h4>Hasil skor — {_e(m.get('nama_kabupaten', ''))} "
            f"({_e(m.get('kode_kabupaten', ''))})</h4>"
            f'<p class="sub">Tahun {_e(m.get("tahun", ""))} · {_e(units.n(len(d)))} · '
            f"{fmt.integer(d['kode_kec'].nunique())} kecamatan · "
            f"{_e(units.n(surveyed))} disurvei EHRA · metode "
            f"<code>{_e(m.get('versi_metode', ''))}</code></p>")
    badges = _badge("DATA SINTETIS — bukan data resmi", SINTETIS_COLOR) if m.get("sintetis") \
        else ""
    notes = (f"<p><b>Catatan</b> ({fmt.integer(len(result.notes))})</p>"
             + _list(result.notes, 8)) if result.notes else "<p>Tidak ada catatan.</p>"
    hint = ('<p class="hint">Tabel per desa: <code>hasil.desa</code> · peta interaktif: '
            "<code>hasil.explore()</code> · bandingkan: <code>compare(a, b)</code></p>")
    return _wrap(head + badges + _scenario_block(m) + table + irs_line + notes + hint)


# --------------------------------------------------------------------------- method
def method_html(method: Any) -> str:
    """What differs from the defaults, then the whole method in plain Indonesian (folded)."""
    changes = method.changes()
    head = f"<h4>Metode <code>{_e(method.versi)}</code></h4>"
    if changes:
        diff = method.diff()
        rows = [[r.opsi, _value(r.pembanding), _value(r.nilai)] for r in diff.itertuples()]
        top = (f'<p class="sub">{fmt.integer(len(changes))} opsi berbeda dari bawaan '
               "(metode_default.yaml):</p>"
               + _table(["Opsi", "Bawaan", "Metode ini"], rows))
    else:
        top = '<p class="sub">Semua opsi bawaan (metode_default.yaml).</p>'
    t = method.table()
    full = _table(list(t.columns), t.astype(str).values.tolist())
    return _wrap(head + top + f"<details><summary>Seluruh opsi utama ({fmt.integer(len(t))})"
                 f"</summary>{full}</details>")


def _value(v: object) -> str:
    from .method import _show

    return _show(v)


# --------------------------------------------------------------------------- monev
def monev_text(report: Any) -> str:
    """One line: kabupaten, year, indicators per status, warnings."""
    status = report.progress["status"].value_counts() if "status" in report.progress \
        else pd.Series(dtype=int)
    parts = ", ".join(f"{k} {fmt.integer(v)}" for k, v in status.items())
    return (f"MonevReport({report.kab_code} {report.kab_name}, {report.year}: "
            f"{fmt.integer(len(report.progress))} indikator ({parts}); "
            f"{fmt.integer(len(report.warnings))} peringatan)")


_STATUS_COLORS = {"tercapai": "#1b5e20", "sesuai jalur": "#2e7d32", "berisiko": "#e65100",
                  "tidak sesuai jalur": "#b71c1c"}


def monev_html(report: Any) -> str:
    """Progress of each indicator against its target, with status colours, and warnings."""
    p = report.progress
    rows = []
    for r in p.itertuples():
        status = str(getattr(r, "status", ""))
        color = _STATUS_COLORS.get(status, "#555")
        unit = str(getattr(r, "satuan", "") or "")
        rows.append([_e(getattr(r, "nama", r.indikator)),
                     _e(fmt.with_unit(getattr(r, "nilai_terakhir", None), unit)),
                     _e(fmt.year(getattr(r, "tahun_terakhir", None))),
                     _e(fmt.with_unit(getattr(r, "target", None), unit)),
                     _e(fmt.year(getattr(r, "tahun_target", None))),
                     f'<b style="color:{color}">{_e(status)}</b>',
                     _e(getattr(r, "keterangan", "") or "")])
    head = (f"<h4>Monev — {_e(report.kab_name)} ({_e(report.kab_code)})</h4>"
            f'<p class="sub">Tahun {_e(report.year)} · {fmt.integer(len(p))} indikator · '
            f"katalog {_e(report.catalogue_version)}</p>")
    table = _table(["Indikator", "Nilai terakhir", "Tahun", "Target", "Tahun target", "Status",
                    "Keterangan"], rows, numeric=(1, 2, 3, 4), raw=True)
    warns = ""
    if report.warnings:
        warns = (f"<p><b>Peringatan</b> ({fmt.integer(len(report.warnings))})</p>"
                 + _list([str(w) for w in report.warnings], 10))
    return _wrap(head + table + f'<p class="hint">{_e(report.status_rule)}</p>' + warns)


# --------------------------------------------------------------------------- comparison
def comparison_html(comp: Any) -> str:
    """Method changes, desa changing class per component, and the list with the reason."""
    head = (f"<h4>Perbandingan skenario — {_e(comp.nama_kabupaten)}</h4>"
            f'<p class="sub">{_e(comp.label_a)} → {_e(comp.label_b)}</p>')
    changes = (f"<p>Opsi metode yang berbeda ({fmt.integer(len(comp.method_changes))}):</p>"
               + _list(comp.method_changes, 12)) if comp.method_changes else \
        "<p>Metode kedua hasil sama.</p>"
    summary = _table(["Komponen", "Naik kelas", "Turun kelas", "Jumlah berubah"],
                     comp.summary().astype(str).values.tolist(), numeric=(1, 2, 3))
    t = comp.table
    if len(t):
        shown = t.head(MAX_ROWS)
        rows = [[r.nama_desa, r.nama_kec, r.komponen.replace("_", " "), fmt.integer(r.kelas_a),
                 fmt.integer(r.kelas_b), r.sebab] for r in shown.itertuples()]
        detail = _table(["Desa", "Kecamatan", "Komponen", f"Kelas ({comp.label_a})",
                         f"Kelas ({comp.label_b})", "Sebab"], rows, numeric=(3, 4))
        if len(t) > MAX_ROWS:
            detail += f'<p class="hint">… dan {fmt.integer(len(t) - MAX_ROWS)} lainnya</p>'
    else:
        detail = '<p class="ok">Tidak ada desa yang berubah kelas.</p>'
    return _wrap(head + changes + summary + detail)


# --------------------------------------------------------------------------- inline map
class MapView:
    """The interactive map shown inline in a notebook (a sandboxed ``<iframe srcdoc>``).

    Attributes
    ----------
    html : str
        The whole self-contained map document (as in ``peta_interaktif.html``).
    height : int
        Height of the frame in pixels.
    """

    def __init__(self, document: str, height: int = 640):
        self.html = document
        self.height = int(height)

    def __repr__(self) -> str:
        return f"MapView(peta interaktif, {fmt.integer(len(self.html))} karakter)"

    def _repr_html_(self) -> str:
        return (f'<iframe class="ppsp-peta" sandbox="allow-scripts" srcdoc="{_e(self.html)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #bbb" '
                'title="Peta interaktif ppsp-analysis"></iframe>')


def explore_map(result: ScoredResult, theme: str = "gabungan", height: int = 640,
                style: Any = None) -> MapView:
    """The offline interactive map of ``result`` for a notebook (see
    :meth:`ppsp_analysis.ScoredResult.explore`)."""
    from .maps.interactive import interactive_html

    return MapView(interactive_html(result.desa, result.meta, style, result.context or None,
                                    theme=theme), height)
