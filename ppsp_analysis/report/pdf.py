"""PDF export of a report (area berisiko; also monev), typeset with Typst (no LaTeX, no
browser, no network).

Layout: A4 portrait; unnumbered cover (red *DATA SINTETIS* banner for synthetic data);
*Daftar Isi*; optional narrative; *Ringkasan Eksekutif*; one section per table of
``ctx.tables`` (long tables break across pages with a repeated header, wide ones shrink to
7 pt); each figure on its own page; *Catatan*; *Metode dan Asumsi*; *Sumber Data*. Footer
"Halaman N dari M" from the contents page on.

All numbers, tables and texts come from one :class:`~ppsp_analysis.report.context.ReportContext`.
User strings never touch Typst markup: :func:`report_payload` turns the context into plain JSON
(numbers already formatted the Indonesian way, ``1.234,5``), the template
``templates/laporan.typ`` reads it with ``json()`` and places every text as a string value, so
a desa called ``#set page(width: 1cm)`` prints exactly like that.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import warnings
from collections.abc import Sequence
from numbers import Real
from pathlib import Path
from typing import Any

import pandas as pd

from .._format import decimals_needed as _decimals_needed
from .._format import format_number
from .context import KOMPONEN_LABEL, ReportContext

__all__ = [
    "write_pdf",
    "report_payload",
    "table_payload",
    "format_table",
    "format_number",
    "format_date",
    "present_figures",
    "key_numbers",
    "SINTETIS_LABEL",
]

TEMPLATE = Path(__file__).with_name("templates") / "laporan.typ"

SINTETIS_LABEL = "DATA SINTETIS — bukan data resmi"
SINTETIS_NOTE = ("Seluruh angka dalam dokumen ini dibuat oleh generator ppsp-analysis untuk "
                 "peragaan dan tidak boleh dipakai sebagai dasar perencanaan.")

#: Tables shown in their own closing sections rather than in the per-table run.
_CLOSING_TABLES = {"metode dan asumsi", "sumber data"}

#: Known figure keys → Indonesian titles, in report order.
FIGURE_TITLES: dict[str, str] = {
    "peta_air_limbah": "Peta Area Berisiko Air Limbah Domestik",
    "peta_persampahan": "Peta Area Berisiko Persampahan",
    "peta_drainase": "Peta Area Berisiko Drainase",
    "peta_gabungan": "Peta Area Berisiko Gabungan (Prioritas)",
    "peta_irs": "Peta Indeks Risiko Sanitasi (IRS) Hasil EHRA",
    "peta_strata": "Peta Strata Desa/Kelurahan EHRA",
}
_RASTER = {".png", ".jpg", ".jpeg", ".gif"}
_IMAGE_SUFFIXES = _RASTER | {".svg"}

_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

# Page geometry of the template (A4 portrait), in millimetres.
_MARGINS_MM = {"kiri": 22, "kanan": 18, "atas": 24, "bawah": 22}
_TEXT_WIDTH_MM = 210 - _MARGINS_MM["kiri"] - _MARGINS_MM["kanan"]
_TEXT_HEIGHT_MM = 297 - _MARGINS_MM["atas"] - _MARGINS_MM["bawah"]
_FIGURE_RESERVE_MM = 24  # figure heading, caption and slack on a map page

_LONG_TOKEN = 28  # characters after which an unbroken token gets soft break points
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_ACRONYMS = {"kk": "KK", "tps": "TPS", "irs": "IRS", "opd": "OPD", "ehra": "EHRA",
             "phbs": "PHBS", "rt": "RT", "bab": "BAB", "babs": "BABS", "odf": "ODF",
             "stbm": "STBM", "apbd": "APBD", "dak": "DAK", "om": "O&M", "ssk": "SSK",
             "pct": "%", "rp": "(Rp)", "ha": "(ha)", "rata2": "rata-rata", "kab": "kab.",
             "kec": "kec."}
_NO_GROUPING = re.compile(r"^(kode|tahun|id)(?![a-z])", re.IGNORECASE)
#: Ringkasan keys that are identity, not numbers to show.
_IDENTITY_KEYS = re.compile(r"^(kode|nama|tanggal|versi|data_sintetis)", re.IGNORECASE)


# --------------------------------------------------------------------------- formatting
def format_date(iso: str | dt.date | None) -> str:
    """``"2026-11-22"`` → ``"22 November 2026"`` (input returned unchanged if not a date)."""
    if iso is None or iso == "":
        return "–"
    try:
        day = iso if isinstance(iso, dt.date) else dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{day.day} {_BULAN[day.month - 1]} {day.year}"


def _clean(text: Any) -> str:
    """A display string: no control characters, soft break points inside very long tokens."""
    s = _CONTROL.sub("", "" if text is None else str(text))
    if len(s) <= _LONG_TOKEN:
        return s
    step = _LONG_TOKEN // 2

    def soften(mt: re.Match[str]) -> str:
        token = mt.group(0)
        return "\u200b".join(token[i:i + step] for i in range(0, len(token), step))

    return re.sub(rf"\S{{{_LONG_TOKEN + 1},}}", soften, s)


def _pretty_header(name: Any) -> str:
    """Column header for display: raw identifiers (``kk_tanpa_jamban``) become words."""
    s = str(name)
    if not _IDENTIFIER.match(s):
        return _clean(s).replace("×", "×\u200b").replace("/", "/\u200b")
    words = [_ACRONYMS.get(w, w) for w in s.split("_") if w]
    if words and words[0].islower():
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


# --------------------------------------------------------------------------- tables
def _is_number_column(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _column_cells(s: pd.Series, name: str) -> tuple[list[str], str]:
    """Formatted cells and alignment of one column."""
    grouping = not _NO_GROUPING.match(str(name))
    if _is_number_column(s):
        vals = [None if pd.isna(v) else float(v) for v in s]
        integer = pd.api.types.is_integer_dtype(s)
        dec = 0 if integer else _decimals_needed([v for v in vals if v is not None])
        return [format_number(v, dec, grouping) for v in vals], "right"
    cells = []
    numeric = 0
    for v in s:
        if isinstance(v, bool):
            cells.append(format_number(v))
        elif isinstance(v, Real):
            numeric += 1
            cells.append(format_number(v, grouping=grouping))
        elif v is None or (not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v)):
            cells.append("–")
        else:
            cells.append(_clean(v))
    align = "right" if numeric and numeric == int(s.notna().sum()) else "left"
    return cells, align


_VOWELS = set("aiueoAIUEO")
_DIGRAPHS = ("ng", "ny", "kh", "sy")
_SHY = "\u00ad"
_FONT_FAMILIES = ("Liberation Sans", "DejaVu Sans")


class _Fonts:
    """The sans font Typst will use, and text widths measured with it (in em)."""

    def __init__(self) -> None:
        import matplotlib
        from matplotlib import font_manager
        from PIL import ImageFont

        self.dirs = [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]
        self.family = "DejaVu Sans"
        files = {}
        for family in _FONT_FAMILIES:
            try:
                for weight in ("normal", "bold"):
                    files[weight] = font_manager.findfont(
                        font_manager.FontProperties(family=family, weight=weight),
                        fallback_to_default=False)
            except ValueError:
                continue
            self.family = family
            break
        else:  # DejaVu Sans ships with matplotlib; should not happen
            files = {w: font_manager.findfont(font_manager.FontProperties(weight=w))
                     for w in ("normal", "bold")}
        self.dirs.insert(0, str(Path(files["normal"]).parent))
        self._regular = ImageFont.truetype(files["normal"], 100)
        self._bold = ImageFont.truetype(files["bold"], 100)
        self._cache: dict[tuple[str, bool], float] = {}

    def em(self, text: str, bold: bool = False) -> float:
        """Advance width of one line of ``text`` in em."""
        key = (text, bold)
        if key not in self._cache:
            face = self._bold if bold else self._regular
            self._cache[key] = face.getlength(text.replace(_SHY, "").replace("\u200b", "")) / 100
        return self._cache[key]


@functools.lru_cache(maxsize=1)
def _fonts() -> _Fonts:
    return _Fonts()


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\u200b]+", text.replace(_SHY, "")) if w]


def _syllables(word: str) -> list[str]:
    """Split an Indonesian word at syllable boundaries (V-CV, VC-CV), keeping ≥ 3 letters
    per piece; non-alphabetic words stay whole.

    Examples
    --------
    >>> _syllables("Persampahan")
    ['Per', 'sam', 'pahan']
    """
    if not word.isalpha() or len(word) < 7:
        return [word]
    units: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair.lower() in _DIGRAPHS:
            units.append(pair)
            i += 2
        else:
            units.append(word[i])
            i += 1
    is_v = [u[0] in _VOWELS for u in units]
    cuts = []
    j = 0
    while j < len(units):
        if is_v[j]:
            k = j + 1
            while k < len(units) and not is_v[k]:
                k += 1
            n_cons = k - j - 1
            if k < len(units) and n_cons >= 1:
                cuts.append(k - 1 if n_cons <= 2 else k - 2)
            j = k
        else:
            j += 1
    pieces, start = [], 0
    for c in cuts:
        piece = "".join(units[start:c])
        if len(piece) >= 3 and len("".join(units[c:])) >= 3:
            pieces.append(piece)
            start = c
    pieces.append("".join(units[start:]))
    return pieces


def _hyphenate(text: str) -> str:
    """Soft hyphens at Indonesian syllable boundaries of long words (header cells)."""
    return re.sub(r"[A-Za-z]{7,}", lambda mt: _SHY.join(_syllables(mt.group(0))), text)


def _two_lines(font: _Fonts, text: str) -> float:
    """Width (em) of ``text`` broken at the best word boundary into at most two lines."""
    words = _words(text)
    best = font.em(" ".join(words))
    for k in range(1, len(words)):
        best = min(best, max(font.em(" ".join(words[:k])), font.em(" ".join(words[k:]))))
    return best


def format_table(df: pd.DataFrame) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, formatted rows and column alignments (``"left"``/``"right"``) of a table.

    Numbers are formatted the Indonesian way; codes and years keep no thousands separator;
    raw identifier headers (``kk_tanpa_jamban``) become words (``KK tanpa jamban``).
    """
    headers = [_pretty_header(c) for c in df.columns]
    cols, aligns = [], []
    for j, name in enumerate(df.columns):
        cells, align = _column_cells(df.iloc[:, j], str(name))
        cols.append(cells)
        aligns.append(align)
    rows = [list(r) for r in zip(*cols, strict=True)] if cols else []
    return headers, rows, aligns


def _layout_columns(headers: list[str], cells: list[list[str]], aligns: list[str]
                    ) -> tuple[float, list[float]]:
    """Font size (pt) and relative column widths that fit the text width.

    Text widths are measured with the font Typst will use. Tries, from the most to the
    least comfortable: every cell on one line; names on at most two lines; headers
    hyphenated; both — first at 9 pt, then 8 and 7 pt. Spare room goes first to text
    columns that would wrap, then to headers that would hyphenate.
    """
    font = _fonts()
    nat, two, cell_min, head_full, head_hyph = [], [], [], [], []
    for h, col, align in zip(headers, cells, aligns, strict=True):
        words = _words(h)
        head_full.append(max((font.em(w, bold=True) for w in words), default=0.5))
        pieces = [p + ("-" if i < len(parts) - 1 else "")
                  for w in words for parts in [_syllables(w)] for i, p in enumerate(parts)]
        hy = max((font.em(p, bold=True) for p in pieces), default=0.5)
        head_hyph.append(max(hy, min(head_full[-1], 3.2)))
        uniq = set(col)
        longest = max((font.em(c) for c in uniq), default=0.5)
        if align == "right":
            nat.append(max(longest, 1.2))
            two.append(nat[-1])
            cell_min.append(nat[-1])
        else:
            cell_word = max((font.em(w) for c in uniq for w in _words(c)), default=0.5)
            cell_min.append(max(min(cell_word, 7.5), 1.5))
            nat.append(max(min(longest, 16.0), cell_min[-1]))
            if longest > 16.0:  # prose: wraps anyway
                two.append(max(cell_min[-1], 8.0))
            else:
                two.append(max(max((_two_lines(font, c) for c in uniq), default=0.5),
                               cell_min[-1]))
    levels = {  # a: one line; b: names on two lines; d: headers hyphenate; e: both; c: min
        "a": [max(n, h) for n, h in zip(nat, head_full, strict=True)],
        "b": [max(t, h) for t, h in zip(two, head_full, strict=True)],
        "d": [max(n, h) for n, h in zip(nat, head_hyph, strict=True)],
        "e": [max(t, h) for t, h in zip(two, head_hyph, strict=True)],
        "c": [max(c, h) for c, h in zip(cell_min, head_hyph, strict=True)],
    }
    plan = [(9.0, "a"), (8.0, "a"), (9.0, "b"), (8.0, "b"), (9.0, "d"), (8.0, "d"),
            (7.0, "a"), (7.0, "b"), (7.0, "d"), (8.0, "e"), (7.0, "e"), (6.5, "e"),
            (7.0, "c"), (6.0, "c")]
    if len(headers) > 8:
        plan = [p for p in plan if p[0] < 9]

    def room(size: float) -> float:
        """Text width available to cell contents, in em."""
        return (_TEXT_WIDTH_MM / 0.352778 - _cell_pad(size) * len(headers)) / size

    size, level = next(((z, lv) for z, lv in plan if sum(levels[lv]) <= room(z)), plan[-1])
    need = list(levels[level])
    for target in ([max(n, w) for n, w in zip(nat, need, strict=True)],
                   [max(n, h, w) for n, h, w in zip(nat, head_full, need, strict=True)]):
        want = [t - w for t, w in zip(target, need, strict=True)]
        spare, total = room(size) - sum(need), sum(want)
        if spare <= 0 or total <= 0:
            break
        need = [w + x * min(1.0, spare / total) for w, x in zip(need, want, strict=True)]
    return size, [round(w * size + _cell_pad(size), 2) for w in need]


def _cell_inset(size: float) -> float:
    """Horizontal cell padding (pt) at a font size: tighter for small print."""
    return 3.2 if size >= 8 else 2.0


def _cell_pad(size: float) -> float:
    return 2 * _cell_inset(size) + 0.8


def _line_count(font: _Fonts, text: str, width_em: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped greedily at spaces into ``width_em``."""
    lines, used = 1, 0.0
    space = font.em(" ", bold)
    for word in _words(text):
        w = font.em(word, bold)
        if used and used + space + w > width_em:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
        while used > width_em * 1.02:  # an overlong word breaks (soft break points)
            lines, used = lines + 1, used - width_em
    return lines


def _estimate_height_mm(size: float, widths: list[float], headers: list[str],
                        cols: list[list[str]]) -> float:
    """Rough height of a laid-out table (mm) from measured text widths."""
    font = _fonts()
    full = _TEXT_WIDTH_MM / 0.352778
    scale = full / (sum(widths) or 1.0)
    inner = [max(w * scale - _cell_pad(size), 1.0) / size for w in widths]
    line_pt = size * 1.17
    pad_y = 2 * (2.4 if size < 8 else 3.2) + 0.4

    def row_pt(cells: Sequence[str], bold: bool = False) -> float:
        n = max((_line_count(font, c, w, bold)
                 for c, w in zip(cells, inner, strict=True)), default=1)
        return n * line_pt - size * 0.45 + pad_y

    total = row_pt(headers, bold=True) + sum(row_pt(r) for r in zip(*cols, strict=True))
    return total * 0.352778


def table_payload(title: str, df: pd.DataFrame, note: str | None = None) -> dict[str, Any]:
    """One DataFrame as the template's table record (all cells pre-formatted strings).

    Parameters
    ----------
    title : str
        Section heading.
    df : DataFrame
        Table to show; columns in display order.
    note : str, optional
        Small print under the table.

    Returns
    -------
    dict
        ``judul``, ``kolom``, ``baris``, ``rata``, ``ukuran``, ``lebar`` (relative column
        widths), ``inset``, ``keterangan``, ``pecah`` (``"tidak"``: never split, ``"ya"``:
        split across pages, ``"ukur"``: the template measures) and ``halaman_baru``.
    """
    headers, rows, aligns = format_table(df)
    cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in headers]
    if note is None and len(df) > 20:
        note = f"Jumlah baris: {format_number(len(df))}."
    size, widths = _layout_columns(headers, cols, aligns) if headers else (9.0, [])
    height = _estimate_height_mm(size, widths, headers, cols) if headers else 0.0
    if height < 0.45 * _TEXT_HEIGHT_MM:
        split = "tidak"
    elif height > 1.4 * _TEXT_HEIGHT_MM:
        split = "ya"
    else:
        split = "ukur"
    return {
        "judul": _clean(title), "kolom": [_hyphenate(h) for h in headers], "baris": rows,
        "rata": aligns, "ukuran": size, "lebar": widths, "inset": _cell_inset(size),
        "keterangan": None if note is None else _clean(note), "pecah": split,
        "tinggi_mm": round(height, 1), "halaman_baru": False,
    }


# --------------------------------------------------------------------------- key numbers
def key_numbers(ctx: ReportContext) -> list[tuple[str, str]]:
    """Key numbers of the executive summary as (label, formatted value) pairs.

    Keys missing from ``ctx.ringkasan`` are skipped.
    """
    r = ctx.ringkasan
    out: list[tuple[str, str]] = []

    def add(label: str, key: str, decimals: int | None = None) -> None:
        if r.get(key) is not None:
            out.append((label, format_number(r[key], decimals)))

    add("Kecamatan", "jumlah_kecamatan")
    add("Desa/kelurahan", "jumlah_desa")
    add("Penduduk (jiwa)", "penduduk")
    add("Rumah tangga responden EHRA", "jumlah_rumah_tangga_ehra")
    add("Desa/kelurahan disurvei EHRA", "jumlah_desa_disurvei")
    add("OPD pengisi persepsi risiko", "jumlah_opd")
    add("Rata-rata IRS desa disurvei", "irs_rata_rata", 1)
    pri = (r.get("prioritas") or {}).get("gabungan")
    if pri is not None:
        pct = r.get("persen_desa_prioritas")
        value = format_number(pri) + ("" if pct is None else f" ({format_number(pct, 1)}%)")
        out.append(("Desa/kelurahan prioritas (gabungan)", value))
    add("Penetapan kelas oleh Pokja (override)", "override")
    if not out:  # not an area-berisiko summary: every scalar entry, labelled from its key
        for key, value in r.items():
            if _IDENTITY_KEYS.match(str(key)) or isinstance(value, (dict, list, tuple)):
                continue
            grouping = not _NO_GROUPING.match(str(key))
            out.append((_pretty_header(key), format_number(value, grouping=grouping)))
    return out


def _summary_paragraphs(ctx: ReportContext) -> list[str]:
    r, m = ctx.ringkasan, ctx.meta
    f = format_number
    paras = []
    if r.get("jumlah_desa") is not None:
        s = f"{m.get('nama_kabupaten', '')}"
        if m.get("nama_provinsi"):
            s += f" ({m['nama_provinsi']})"
        s += " terdiri atas "
        if r.get("jumlah_kecamatan") is not None:
            s += f"{f(r['jumlah_kecamatan'])} kecamatan dan "
        s += f"{f(r['jumlah_desa'])} desa/kelurahan"
        if r.get("penduduk") is not None:
            s += f" dengan jumlah penduduk {f(r['penduduk'])} jiwa"
        s += "."
        if r.get("jumlah_rumah_tangga_ehra"):
            s += (f" Studi EHRA mencakup {f(r['jumlah_rumah_tangga_ehra'])} rumah tangga di "
                  f"{f(r.get('jumlah_desa_disurvei'))} desa/kelurahan")
            s += (f", dan persepsi risiko diisi oleh {f(r['jumlah_opd'])} OPD."
                  if r.get("jumlah_opd") else ".")
        paras.append(s)
    pri = r.get("prioritas") or {}
    if pri.get("gabungan") is not None:
        s = (f"Hasil penilaian menempatkan {f(pri['gabungan'])} desa/kelurahan")
        if r.get("persen_desa_prioritas") is not None:
            s += f" ({f(r['persen_desa_prioritas'], 1)}%)"
        s += (" pada kelas berisiko tinggi atau sangat tinggi (kelas 3–4) untuk gabungan "
              "komponen, sehingga menjadi prioritas penanganan")
        parts = [f"{f(pri[c])} untuk {KOMPONEN_LABEL[c].lower()}" for c in KOMPONEN_LABEL
                 if c != "gabungan" and pri.get(c) is not None]
        if parts:
            s += ". Per komponen: " + (", ".join(parts[:-1]) + " dan " + parts[-1]
                                       if len(parts) > 1 else parts[0])
        paras.append(s + ".")
    if r.get("override"):
        paras.append(f"Pokja menetapkan {f(r['override'])} perubahan kelas (override) terhadap "
                     "hasil instrumen; rinciannya ada pada bagian Override Pokja.")
    if m.get("sintetis"):
        paras.append(f"{SINTETIS_LABEL}. {SINTETIS_NOTE}")
    return [_clean(p) for p in paras]


def _priority_table(ctx: ReportContext) -> dict[str, Any] | None:
    r = ctx.ringkasan
    pri = r.get("prioritas") or {}
    kelas = r.get("kelas") or {}
    n = r.get("jumlah_desa")
    rows = []
    for comp, label in KOMPONEN_LABEL.items():
        if pri.get(comp) is None:
            continue
        row = {"Komponen": label}
        counts = kelas.get(comp) or {}
        for k in sorted((k for k in counts if str(k).isdigit()), key=int):
            row[f"Kelas {k}"] = int(counts[k])
        if counts.get("tidak_ada_data"):
            row["Tidak ada data"] = int(counts["tidak_ada_data"])
        row["Prioritas (kelas 3–4)"] = int(pri[comp])
        if n:
            row["Prioritas (%)"] = round(100 * pri[comp] / n, 1)
        rows.append(row)
    if not rows:
        return None
    df = pd.DataFrame(rows)
    if "Tidak ada data" in df:
        df["Tidak ada data"] = df["Tidak ada data"].fillna(0).astype(int)
    return table_payload("Sebaran desa/kelurahan per kelas risiko", df)


# --------------------------------------------------------------------------- figures
def _figure_title(key: str) -> str:
    if key in FIGURE_TITLES:
        return FIGURE_TITLES[key]
    words = key.replace("-", "_").split("_")
    if words and words[0].lower() == "peta":
        return "Peta " + " ".join(w.capitalize() for w in words[1:] if w)
    return " ".join(w for w in words if w).capitalize()


def present_figures(ctx: ReportContext, maps_only: bool = False,
                    suffixes: Sequence[str] = tuple(_IMAGE_SUFFIXES)
                    ) -> list[tuple[str, str, Path]]:
    """Figures of ``ctx`` whose file exists, as (key, Indonesian title, path).

    Known map keys come first in report order, then other ``peta_*`` keys, then charts.
    Absent, empty or unsupported files are skipped.

    Parameters
    ----------
    ctx : ReportContext
    maps_only : bool
        Keep only ``peta_*`` keys.
    suffixes : sequence of str
        Accepted file suffixes (lower case, with dot).
    """
    figs = dict(ctx.figures or {})
    order = [k for k in FIGURE_TITLES if k in figs]
    order += sorted(k for k in figs if k not in FIGURE_TITLES and str(k).startswith("peta"))
    if not maps_only:
        order += [k for k in figs if k not in order]
    out = []
    for key in order:
        raw = figs[key]
        if raw is None or raw == "":
            continue
        path = Path(raw)
        if path.suffix.lower() not in suffixes or not path.is_file() or not path.stat().st_size:
            continue
        out.append((str(key), _figure_title(str(key)), path))
    return out


def _image_size(path: Path) -> tuple[int, int] | None:
    """Pixel size of a raster image, ``None`` if unreadable."""
    try:
        from PIL import Image

        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            return im.size
    except Exception:  # noqa: BLE001 - any decoding problem means "skip this figure"
        return None


def _figure_payloads(ctx: ReportContext, folder: Path) -> list[dict[str, Any]]:
    kab = ctx.meta.get("nama_kabupaten", "")
    tahun = ctx.meta.get("tahun", "")
    items = []
    fig_dir = folder / "gambar"
    fig_dir.mkdir()
    maps_seen = charts_seen = False
    for i, (key, title, path) in enumerate(present_figures(ctx)):
        suffix = path.suffix.lower()
        is_map = key.startswith("peta")
        width = float(_TEXT_WIDTH_MM)
        height = float(_TEXT_HEIGHT_MM - _FIGURE_RESERVE_MM)
        if suffix in _RASTER:
            size = _image_size(path)
            if size is None or min(size) <= 0:
                warnings.warn(f"gambar {key!r} tidak dapat dibaca, dilewati", stacklevel=3)
                continue
            ratio = size[1] / size[0]
            if width * ratio <= height:
                height = width * ratio
            else:
                width = height / ratio
        target = fig_dir / f"{i:02d}{suffix}"
        shutil.copyfile(path, target)
        section = None
        if is_map and not maps_seen:
            maps_seen = True
            section = {"judul": "Peta", "paragraf": _clean(
                f"Peta berikut menunjukkan hasil analisis per desa/kelurahan di {kab}. "
                "Setiap peta dimuat pada halaman tersendiri selebar bidang teks.")}
        elif not is_map and not charts_seen:
            charts_seen = True
            section = {"judul": "Grafik", "paragraf": _clean(
                "Grafik berikut merangkum hasil analisis; setiap grafik dimuat pada halaman "
                "tersendiri.")}
        items.append({
            "bagian": section, "judul": _clean(title), "path": f"gambar/{target.name}",
            "keterangan": _clean(f"{title} — {kab}, {tahun}"),
            "lebar_mm": round(width, 2), "tinggi_mm": round(height, 2),
        })
    return items


# --------------------------------------------------------------------------- payload
def _narrative(sections: Sequence[tuple[str, str]] | None) -> list[dict[str, Any]]:
    out = []
    for item in sections or ():
        try:
            heading, body = item
        except (TypeError, ValueError):
            raise ValueError("sections harus berupa daftar pasangan (judul, teks)") from None
        paras = [p.strip() for p in re.split(r"\n\s*\n", str(body or "")) if p.strip()]
        out.append({"judul": _clean(heading),
                    "paragraf": [_clean(" ".join(p.split())) for p in paras]})
    return out


def _method_paragraphs(ctx: ReportContext, has_table: bool) -> list[str]:
    """Method text: the area-berisiko method when the summary is one, plus ``aturan_*`` rules
    from ``meta`` (e.g. the monev status rules), one paragraph per line."""
    m, r = ctx.meta, ctx.ringkasan
    versi = m.get("versi_metode") or "–"
    paras = [f"Analisis mengikuti metode {versi}."]
    if "prioritas" in r or "kelas" in r:
        n_kelas = len([k for k in ((r.get("kelas") or {}).get("gabungan") or {})
                       if str(k).isdigit()]) or 4
        paras[0] += (
            " Skor IMPACT dihitung dari data sekunder (Form 2) dan dikalikan dengan skor "
            "EXPOSURE tiap komponen (air limbah domestik, persampahan, drainase), yang "
            "menggabungkan skor data sekunder, Indeks Risiko Sanitasi (IRS) hasil studi EHRA "
            f"dan persepsi risiko OPD. Hasilnya dikelompokkan ke dalam {n_kelas} kelas "
            "risiko; desa/kelurahan pada kelas 3–4 menjadi prioritas.")
    for key, value in m.items():
        if str(key).startswith("aturan") and value:
            paras += [line.strip() for line in str(value).splitlines() if line.strip()]
    if has_table:
        paras.append("Opsi dan asumsi yang dipakai tercantum pada tabel berikut.")
    return [_clean(p) for p in paras]


def report_payload(ctx: ReportContext, judul: str = "Laporan Area Berisiko Sanitasi",
                   sections: Sequence[tuple[str, str]] | None = None,
                   figure_dir: Path | None = None) -> dict[str, Any]:
    """The JSON document the Typst template renders.

    Parameters
    ----------
    ctx : ReportContext
    judul : str
        Report title.
    sections : sequence of (str, str), optional
        Narrative (heading, text) shown before the executive summary; blank lines split
        paragraphs.
    figure_dir : Path, optional
        Working folder; figures are copied into ``figure_dir/gambar`` (no figures if omitted).

    Returns
    -------
    dict
        JSON-serialisable; every text is a plain string.
    """
    m = ctx.meta
    sintetis = bool(m.get("sintetis"))
    tables = ctx.tables or {}
    body_tables = [table_payload(name, df) for name, df in tables.items()
                   if str(name).strip().casefold() not in _CLOSING_TABLES]
    method_df = next((df for name, df in tables.items()
                      if str(name).strip().casefold() == "metode dan asumsi"), None)
    sources = [str(s) for s in (m.get("sumber_data") or [])]
    if not sources:
        src_df = next((df for name, df in tables.items()
                       if str(name).strip().casefold() == "sumber data"), None)
        if src_df is not None and len(src_df.columns):
            sources = [str(v) for v in src_df.iloc[:, 0].dropna()]
    versi = m.get("versi_metode") or "–"
    tanggal = str(m.get("tanggal") or "")
    numbers = key_numbers(ctx)
    return {
        "judul": _clean(judul),
        "halaman": dict(_MARGINS_MM),
        "font": list(dict.fromkeys([_fonts().family, "DejaVu Sans"])),
        "label_seri": "Program Percepatan Pembangunan Sanitasi Permukiman",
        "label_sintetis": SINTETIS_LABEL,
        "keterangan_sintetis": SINTETIS_NOTE,
        "label_kosong": "Tidak ada data untuk tabel ini.",
        "meta": {
            "kabupaten": _clean(m.get("nama_kabupaten", "")),
            "provinsi": _clean(m.get("nama_provinsi", "")),
            "kode": _clean(m.get("kode_kabupaten", "")),
            "tahun": _clean(m.get("tahun", "")),
            "pokja": _clean(m.get("nama_pokja", "")) or "–",
            "tanggal": format_date(tanggal),
            "versi_metode": _clean(versi),
            "sintetis": sintetis,
        },
        "narasi": _narrative(sections),
        "ringkasan": {
            "judul": "Ringkasan Eksekutif",
            "paragraf": _summary_paragraphs(ctx) or ["Angka ringkasan tidak tersedia."],
            "angka": [[_clean(a), _clean(b)] for a, b in numbers] if len(numbers) <= 9 else [],
            "tabel": _priority_table(ctx) if len(numbers) <= 9 else table_payload(
                "Angka ringkasan", pd.DataFrame(numbers, columns=["Indikator", "Nilai"])),
        },
        "tabel": body_tables,
        "gambar": [] if figure_dir is None else _figure_payloads(ctx, figure_dir),
        "catatan": {"judul": "Catatan", "isi": [_clean(n) for n in (ctx.notes or [])],
                    "kosong": "Tidak ada catatan."},
        "metode": {
            "judul": "Metode dan Asumsi",
            "paragraf": _method_paragraphs(ctx, has_table=method_df is not None),
            "tabel": None if method_df is None else table_payload("Metode dan Asumsi",
                                                                  method_df),
        },
        "sumber": {"judul": "Sumber Data",
                   "isi": [_clean(s) for s in sources] or ["Tidak tercatat."]},
    }


# --------------------------------------------------------------------------- writer
def write_pdf(ctx: ReportContext, path: str | os.PathLike[str],
              judul: str = "Laporan Area Berisiko Sanitasi",
              sections: Sequence[tuple[str, str]] | None = None) -> Path:
    """Write the report as an A4 PDF (cover, contents, summary, tables, maps, notes).

    Parameters
    ----------
    ctx : ReportContext
        What the report shows.
    path : path-like
        Target ``.pdf``; written to a temporary file first, then renamed.
    judul : str
        Report title (cover, running header).
    sections : sequence of (str, str), optional
        Narrative (heading, text) placed before the executive summary.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    RuntimeError
        Typst could not compile the document (the message says why).
    """
    import typst

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    from ..io import scratch

    folder = scratch.scratch_dir("pdf")
    try:
        payload = report_payload(ctx, judul, sections, figure_dir=folder)
        (folder / "data.json").write_text(json.dumps(payload, ensure_ascii=False),
                                          encoding="utf-8")
        shutil.copyfile(TEMPLATE, folder / "laporan.typ")
        try:
            pdf, notes = typst.compile_with_warnings(
                str(folder / "laporan.typ"), root=str(folder), font_paths=_fonts().dirs)
        except Exception as exc:  # typst raises its own error types
            raise RuntimeError(f"PDF gagal disusun oleh Typst: {exc}") from exc
    finally:
        scratch.remove(folder)
    for note in notes:
        warnings.warn(f"Typst: {note}", RuntimeWarning, stacklevel=2)
    _atomic_bytes(path, pdf)
    return path


def _atomic_bytes(path: Path, data: bytes) -> None:
    from ..io.writers import atomic_write

    with atomic_write(path) as fh:
        fh.write(data)
