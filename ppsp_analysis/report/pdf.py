"""PDF rendering of a report, typeset with Typst (no LaTeX, no browser, no network).

Layout: A4 portrait; unnumbered cover (red *DATA SINTETIS* banner for synthetic data);
*Daftar Isi*; then the report's sections in order, numbered, each with its paragraphs,
key-number cards, tables (*Tabel n.*, long tables break across pages with a repeated
header; header words never break inside) and figures (*Gambar n.*, as wide as the text, never
taller than the page). Footer "Halaman N dari M" from the contents page on.

Wide tables, for a Pokja member checking rows by hand: a table that does not fit the
portrait page at 7 pt or more goes on a landscape A4 page (with the heading and paragraphs
right before it, so no heading is left alone); one too wide even there is printed in two to
four parts that each repeat the naming columns (nama/kode desa, kecamatan, komponen) and
split where the unit changes. Only a table that fits none of these gets hyphenated headers.

Everything comes from one :class:`~ppsp_analysis.report.model.Report`: :func:`report_payload`
turns it into plain JSON (every cell already formatted by :mod:`ppsp_analysis.fmt`), the
template ``templates/laporan.typ`` reads it from ``sys.inputs`` and places every text as a
string value, never as markup, so a desa called ``#set page(width: 1cm)`` prints exactly like
that. Compiling and writing the file is :func:`ppsp_analysis.io.documents.write_pdf`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import fmt
from .model import Bullets, Figure, KeyNumbers, Paragraph, Report, Table

__all__ = ["SINTETIS_LABEL", "TEMPLATE", "report_payload", "table_payload"]

TEMPLATE = Path(__file__).with_name("templates") / "laporan.typ"

SINTETIS_LABEL = "DATA SINTETIS — bukan data resmi"
SINTETIS_NOTE = ("Seluruh angka dalam dokumen ini dibuat oleh generator ppsp-analysis untuk "
                 "peragaan dan tidak boleh dipakai sebagai dasar perencanaan.")

# Page geometry of the template (A4 portrait), in millimetres.
_MARGINS_MM = {"kiri": 22, "kanan": 18, "atas": 24, "bawah": 22}
_TEXT_WIDTH_MM = 210 - _MARGINS_MM["kiri"] - _MARGINS_MM["kanan"]
_TEXT_HEIGHT_MM = 297 - _MARGINS_MM["atas"] - _MARGINS_MM["bawah"]
# A landscape page (``page(flipped: true)``) for tables too wide for portrait, same margins.
_WIDE_WIDTH_MM = 297 - _MARGINS_MM["kiri"] - _MARGINS_MM["kanan"]
_WIDE_HEIGHT_MM = 210 - _MARGINS_MM["atas"] - _MARGINS_MM["bawah"]
_MAX_PARTS = 4
_FIGURE_RESERVE_MM = 24  # caption and slack under a figure

_LONG_TOKEN = 28  # characters after which an unbroken token gets soft break points
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def _head_words(text: str) -> list[str]:
    """Pieces of a header that never break inside: words, split also after a slash
    before a letter (``desa/`` ``kelurahan``; Typst breaks there too, not in ``TPS/1.000``)."""
    return [p for w in _words(text) for p in re.split(r"(?<=/)(?=[^\W\d_])", w) if p]


# Layout plans, most comfortable first: (font size pt, level). Levels: a every cell on one
# line; b names on at most two lines; w cells at their narrowest; d/e/c the same with
# hyphenated headers (last resort).
_PLAN_PORTRAIT = [(9.0, "a"), (8.0, "a"), (9.0, "b"), (8.0, "b"), (7.0, "a"), (7.0, "b"),
                  (8.0, "w"), (7.0, "w")]
_PLAN_SMALL = [(6.5, "w"), (6.0, "w")]
_PLAN_HYPHEN = [(7.0, "e"), (6.5, "e"), (7.0, "c"), (6.0, "c")]


def _measure(headers: list[str], cells: list[list[str]], aligns: list[str]
             ) -> dict[str, list[float]]:
    """Column widths (em) per layout level, measured with the font Typst will use."""
    font = _fonts()
    nat, two, cell_min, head_full, head_hyph = [], [], [], [], []
    for h, col, align in zip(headers, cells, aligns, strict=True):
        words = _head_words(h)
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
    return {
        "a": [max(n, h) for n, h in zip(nat, head_full, strict=True)],
        "b": [max(t, h) for t, h in zip(two, head_full, strict=True)],
        "w": [max(c, h) for c, h in zip(cell_min, head_full, strict=True)],
        "d": [max(n, h) for n, h in zip(nat, head_hyph, strict=True)],
        "e": [max(t, h) for t, h in zip(two, head_hyph, strict=True)],
        "c": [max(c, h) for c, h in zip(cell_min, head_hyph, strict=True)],
        "nat": nat, "head": head_full,
    }


def _room(size: float, n_cols: int, width_mm: float) -> float:
    """Width available to cell contents (em) at a font size."""
    return (width_mm / 0.352778 - _cell_pad(size) * n_cols) / size


def _fit(levels: dict[str, list[float]], plan: list[tuple[float, str]], width_mm: float
         ) -> tuple[float, str] | None:
    """The first (size, level) of ``plan`` whose columns fit ``width_mm``."""
    n = len(levels["a"])
    return next(((z, lv) for z, lv in plan if sum(levels[lv]) <= _room(z, n, width_mm)), None)


def _widths(levels: dict[str, list[float]], size: float, level: str, width_mm: float
            ) -> list[float]:
    """Column widths (pt) of a chosen layout; spare room goes first to text columns that
    would wrap, then to headers."""
    nat, head_full = levels["nat"], levels["head"]
    need = list(levels[level])
    room = _room(size, len(need), width_mm)
    for target in ([max(n, w) for n, w in zip(nat, need, strict=True)],
                   [max(n, h, w) for n, h, w in zip(nat, head_full, need, strict=True)]):
        want = [t - w for t, w in zip(target, need, strict=True)]
        spare, total = room - sum(need), sum(want)
        if spare <= 0 or total <= 0:
            break
        need = [w + x * min(1.0, spare / total) for w, x in zip(need, want, strict=True)]
    return [round(w * size + _cell_pad(size), 2) for w in need]


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
                        cols: list[list[str]], width_mm: float = _TEXT_WIDTH_MM) -> float:
    """Rough height of a laid-out table (mm) from measured text widths."""
    font = _fonts()
    full = width_mm / 0.352778
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



def _id_columns(table: Table) -> int:
    """How many leading columns name a row (nama/kode desa, kecamatan, komponen, tahun):
    repeated in every part of a split table."""
    n = 0
    for c in table.columns:
        if c.kind not in ("text", "kode", "year") or n == 3:
            break
        n += 1
    return max(n, 1)


def _split(levels: dict[str, list[float]], units: list[str], n_id: int,
           plan: list[tuple[float, str]]) -> tuple[list[list[int]], float, str] | None:
    """Column parts of a table split for landscape pages, or ``None`` when even
    :data:`_MAX_PARTS` parts do not fit.

    Every part starts with the ``n_id`` naming columns and holds a run of the others. The
    fewest parts win, then the most comfortable common layout, then cuts where the unit
    changes (Rupiah apart from counts of kegiatan), then parts of even width.
    """
    n = len(units)
    rest = list(range(n_id, n))
    ids = list(range(n_id))
    for k in range(2, _MAX_PARTS + 1):
        if len(rest) < k:
            return None
        best: tuple[tuple[int, int, float], list[list[int]]] | None = None
        for cuts in itertools.combinations(range(1, len(rest)), k - 1):
            bounds = (0, *cuts, len(rest))
            parts = [ids + rest[a:b] for a, b in itertools.pairwise(bounds)]
            rank = next((j for j, (z, lv) in enumerate(plan)
                         if all(sum(levels[lv][i] for i in part)
                                <= _room(z, len(part), _WIDE_WIDTH_MM) for part in parts)),
                        None)
            if rank is None:
                continue
            same_unit = sum(units[rest[c - 1]] == units[rest[c]] for c in cuts)
            spread = max(sum(levels["a"][i] for i in part) for part in parts)
            key = (rank, same_unit, spread)
            if best is None or key < best[0]:
                best = (key, parts)
        if best is not None:
            size, level = plan[best[0][0]]
            return best[1], size, level
    return None


def _plan(n_cols: int, plan: list[tuple[float, str]]) -> list[tuple[float, str]]:
    return [p for p in plan if p[0] < 9] if n_cols > 8 else plan


def _arrange(table: Table, headers: list[str], cols: list[list[str]], aligns: list[str]
             ) -> tuple[str, list[list[int]], float, str]:
    """Orientation, column parts, font size and level of a table.

    In order of preference, for a Pokja member checking rows by hand: the table on the
    portrait page (≥ 7 pt, header words whole); alone on a landscape page; on landscape
    pages in two to four parts that each repeat the naming columns (kode, nama); only
    then with hyphenated headers on a landscape page.
    """
    n = len(headers)
    every = list(range(n))
    full = _measure(headers, cols, aligns)
    hit = _fit(full, _plan(n, _PLAN_PORTRAIT), _TEXT_WIDTH_MM)
    if hit:
        return "potret", [every], *hit
    hit = _fit(full, _plan(n, _PLAN_PORTRAIT), _WIDE_WIDTH_MM)
    if hit:
        return "lanskap", [every], *hit
    units = [c.unit for c in table.columns]
    split = _split(full, units, _id_columns(table), _plan(n, _PLAN_PORTRAIT))
    if split:
        return "lanskap", *split
    hit = _fit(full, _PLAN_SMALL + _PLAN_HYPHEN, _WIDE_WIDTH_MM)
    return "lanskap", [every], *(hit or _PLAN_HYPHEN[-1])


def _split_mode(height: float, page_mm: float) -> str:
    if height < 0.45 * page_mm:
        return "tidak"
    if height > 1.4 * page_mm:
        return "ya"
    return "ukur"


def table_payload(table: Table, number: int | None = None) -> dict[str, Any]:
    """One model table as the template's table record (all cells pre-formatted strings).

    Returns
    -------
    dict
        ``judul`` (``Tabel n. …``), ``kolom``, ``baris``, ``rata``, ``ukuran``, ``lebar``
        (relative column widths), ``inset``, ``keterangan``, ``pecah`` (``"tidak"``: never
        split, ``"ya"``: split across pages, ``"ukur"``: the template measures),
        ``pisah_judul`` (headers may hyphenate), ``lanskap`` (on a landscape page),
        ``lebar_mm`` (text width of its page) and ``bagian``: the parts of a table printed
        in several column groups (each a record like this one, without ``bagian``;
        ``kolom`` and ``baris`` of the record itself are then the whole table).
    """
    headers = [_clean(h) for h in table.headers()]
    rows = [[_clean(c) for c in r] for r in table.cells()]
    aligns = table.aligns()
    cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in headers]
    label = f"Tabel {number}. " if number is not None else ""
    title = _clean(label + table.title)
    note = _clean(table.note) if table.note else None
    if headers:
        orientation, parts, size, level = _arrange(table, headers, cols, aligns)
    else:
        orientation, parts, size, level = "potret", [[]], 9.0, "a"
    wide = orientation == "lanskap"
    width_mm = _WIDE_WIDTH_MM if wide else _TEXT_WIDTH_MM
    hyphen = level in ("d", "e", "c")

    def record(idx: list[int], part_title: str) -> dict[str, Any]:
        heads = [headers[i] for i in idx]
        part_cols = [cols[i] for i in idx]
        widths = (_widths(_measure(heads, part_cols, [aligns[i] for i in idx]), size, level,
                          width_mm) if idx else [])
        height = _estimate_height_mm(size, widths, heads, part_cols, width_mm) if idx else 0.0
        return {
            "tipe": "tabel", "judul": part_title,
            "kolom": [_hyphenate(h) if hyphen else h for h in heads],
            "baris": [[r[i] for i in idx] for r in rows],
            "rata": [aligns[i] for i in idx], "pisah_judul": hyphen,
            "ukuran": size, "lebar": widths, "inset": _cell_inset(size),
            "keterangan": note, "pecah": _split_mode(height, _WIDE_HEIGHT_MM if wide
                                                      else _TEXT_HEIGHT_MM),
            "tinggi_mm": round(height, 1), "lanskap": wide, "lebar_mm": float(width_mm),
        }

    if len(parts) == 1:
        return record(parts[0], title) | {"bagian": []}
    k = len(parts)
    pieces = [record(p, _clean(f"{title} (bagian {i} dari {k})"))
              for i, p in enumerate(parts, start=1)]
    for piece in pieces[:-1]:
        piece["keterangan"] = None
    whole = record(list(range(len(headers))), title)
    return whole | {"bagian": pieces, "lebar": None}


def _block(report: Report, block, numbers: dict[int, int], base: Path) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"tipe": "paragraf", "teks": _clean(block.text)}
    if isinstance(block, Bullets):
        return {"tipe": "butir", "isi": [_clean(i) for i in block.items]}
    if isinstance(block, KeyNumbers):
        return {"tipe": "angka",
                "isi": [[_clean(k.label), _clean(k.text)] for k in report.key_numbers]}
    if isinstance(block, Table):
        return table_payload(block, numbers.get(id(block)))
    if isinstance(block, Figure):
        return {"tipe": "gambar", "path": (base / block.path).resolve().as_posix(),
                "keterangan": _clean(f"Gambar {numbers.get(id(block))}. {block.caption}"),
                "lebar_mm": float(_TEXT_WIDTH_MM),
                "tinggi_maks_mm": float(_TEXT_HEIGHT_MM - _FIGURE_RESERVE_MM)}
    raise TypeError(f"blok tidak dikenal: {block!r}")


def report_payload(report: Report, base: Path | str = ".") -> dict[str, Any]:
    """The JSON document the Typst template renders.

    Parameters
    ----------
    report : Report
    base : path
        Folder the figure paths of the model are relative to (where the model was saved);
        figure paths in the payload are absolute.

    Returns
    -------
    dict
        JSON-serialisable; every text is a plain string.
    """
    m = report.meta
    numbers = report.numbers()
    base = Path(base)
    return {
        "judul": _clean(report.title),
        "halaman": dict(_MARGINS_MM),
        "font": list(dict.fromkeys([_fonts().family, "DejaVu Sans"])),
        "label_seri": "Program Percepatan Pembangunan Sanitasi Permukiman",
        "label_sintetis": SINTETIS_LABEL,
        "keterangan_sintetis": SINTETIS_NOTE,
        "label_skenario": "SKENARIO — bukan hasil resmi",
        "label_kosong": "Tidak ada data untuk tabel ini.",
        "meta": {
            "kabupaten": _clean(m.get("nama_kabupaten", "")),
            "provinsi": _clean(m.get("nama_provinsi", "")),
            "kode": _clean(m.get("kode_kabupaten", "")),
            "tahun": fmt.year(m.get("tahun")),
            "pokja": _clean(m.get("nama_pokja", "")) or fmt.MISSING,
            "tanggal": fmt.date(m.get("tanggal")),
            "versi_metode": _clean(m.get("versi_metode") or fmt.MISSING),
            "sintetis": bool(m.get("sintetis")),
            "skenario": [_clean(s) for s in _scenario_lines(m)],
        },
        "bagian": [{"judul": _clean(s.title),
                    "isi": [_block(report, b, numbers, base) for b in s.blocks]}
                   for s in report.sections],
    }


def _scenario_lines(meta) -> list[str]:
    from ..labels import scenario_lines

    return scenario_lines(meta)
