"""Slides (paparan) of one or more reports: a 16:9 deck for the Coaching Clinic.

For each report, in order: a title slide; a contents slide (the section titles); one slide
per section (its title, its first paragraph, its key numbers or its table for the meeting);
one slide per figure. So the deck carries the same section titles, key numbers and figures as
the report in every other format. :func:`presentation` only walks the models; images come in
as bytes (:func:`ppsp_analysis.io.documents.write_pptx` reads them and saves the file).

Made for a projector: a map slide shows the map drawn for the slide (the figure's
:attr:`~ppsp_analysis.report.model.Figure.slide`, the ``LAYAR`` sheet) across the full slide
width; a section's table is shown in its meeting view (:data:`SLIDE_VIEWS`: the columns a
room reads, the highest-risk desa first); every text is set in :data:`FONT` at a size chosen
by measuring it (:func:`fit_text`), so a long title wraps or shrinks above the rule instead of
running into it, and a long key number never runs into its caption.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .. import fmt
from .brief import KIND as BRIEF_KIND
from .model import Bullets, Figure, KeyNumbers, Report, Section, Table
from .pdf import SINTETIS_LABEL

__all__ = ["FONT", "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "SLIDE_VIEWS", "TITLE_BOX", "fit_text",
           "presentation", "slide_table"]

FONT = "Arial"
"""Typeface of every slide text: present on every Windows and macOS machine; LibreOffice on
Linux shows its metric twin Liberation Sans (``fonts-liberation``) or, without it, the
system's sans-serif. Sizes are measured with the widest of these found
(:func:`_font_file`), so a text that fits when measured fits on screen."""
_MEASURE_FAMILIES = ("Arial", "Liberation Sans", "DejaVu Sans")
_SLACK = 0.94
"""Share of a box's width a measured line may use (renderers differ by a few per cent)."""
_LINE = 1.2
"""Line height as a multiple of the font size (single spacing)."""

MAX_ROWS = 12
"""Rows of a table shown on a slide (the rest: "… dan N baris lainnya")."""
MAX_COLUMNS = 9
"""A table with more columns is not put on a slide (it is in the PDF, Word and workbook)."""
MAX_CELL = 70
"""Nor is a table of sentences (a cell longer than this): a room does not read prose."""

_BIRU = RGBColor(0x1F, 0x4E, 0x79)
_BIRU_MUDA = RGBColor(0xDC, 0xE6, 0xF1)
_ZEBRA = RGBColor(0xF4, 0xF6, 0xF9)
_MERAH = RGBColor(0xC6, 0x28, 0x28)
_ABU = RGBColor(0x6E, 0x6E, 0x6E)
_HITAM = RGBColor(0x22, 0x22, 0x22)
_PUTIH = RGBColor(0xFF, 0xFF, 0xFF)

_W, _H = Emu(12192000), Emu(6858000)  # 13,333 × 7,5 in (16:9)
_MARGIN = Inches(0.5)
_BODY_TOP = Inches(1.3)
_BODY_BOTTOM = Inches(6.85)
_RULE_TOP = Inches(1.1)
_INSET = Inches(0.05)
TITLE_BOX = (Inches(0.18), Inches(0.88))
"""Top and height of the title box of a content slide: it ends above the rule."""
_MAP_TOP = Inches(1.2)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _txt(value: object) -> str:
    """A string python-pptx can store (XML-invalid control characters removed)."""
    return _CONTROL.sub("", "" if value is None else str(value))


# --------------------------------------------------------------------------- primitives
@lru_cache(maxsize=4)
def _font_file(bold: bool) -> str:
    """The font file used to measure texts: Arial, else Liberation Sans, else DejaVu Sans
    (shipped with matplotlib, wider than Arial: a text measured with it fits in Arial)."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    for family in _MEASURE_FAMILIES:
        try:
            return font_manager.findfont(FontProperties(family=family,
                                                        weight="bold" if bold else "normal"),
                                         fallback_to_default=False)
        except ValueError:
            continue
    return font_manager.findfont(FontProperties(weight="bold" if bold else "normal"))


@lru_cache(maxsize=16)
def _face(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(_font_file(bold), 100)


def text_width(text: str, size: float, bold: bool = False) -> int:
    """Width of one line of ``text`` at ``size`` points, in EMU."""
    return int(_face(bold).getlength(text) * size / 100 * 12700)


def _wrap(text: str, width: int, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        if text_width(para, size, bold) <= width:  # fits: kept exactly as written
            lines.append(para)
            continue
        current = ""
        for word in para.split():
            trial = f"{current} {word}".strip()
            if current and text_width(trial, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


def fit_text(text: str, width: int, height: int, *, max_size: float, min_size: float,
             bold: bool = False, max_lines: int | None = None) -> tuple[float, list[str]]:
    """The largest size (points, in steps of 1) at which ``text`` wrapped to ``width`` (EMU,
    inner width of the box) fits ``height`` (EMU) in at most ``max_lines`` lines, and those
    lines. When nothing fits at ``min_size``, the lines that fit at ``min_size``, the last
    one ending in "…".

    Examples
    --------
    >>> size, lines = fit_text("Judul pendek", Inches(10), Inches(0.8), max_size=26,
    ...                        min_size=14)
    >>> size, lines
    (26, ['Judul pendek'])
    >>> size, lines = fit_text("kata " * 200, Inches(10), Inches(0.8), max_size=26,
    ...                        min_size=14, max_lines=2)
    >>> size, len(lines), lines[-1].endswith("…")
    (14, 2, True)
    """
    usable = int(width * _SLACK)
    size = float(max_size)
    while True:
        lines = _wrap(text, usable, size, bold)
        room = int(height // (size * _LINE * 12700))
        limit = room if max_lines is None else min(room, max_lines)
        if len(lines) <= limit or size <= min_size:
            break
        size -= 1
    if len(lines) > limit:
        lines = lines[:max(limit, 1)]
        last = lines[-1]
        while last and text_width(last + " …", size, bold) > usable:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return (int(size) if size == int(size) else size), lines


def _text(slide, left: int, top: int, width: int, height: int, text: str, *,
          size: float = 14, bold: bool = False, color: RGBColor = _HITAM,
          align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
          fit: float | None = None, max_lines: int | None = None):
    """A text box with one paragraph per line of ``text``.

    With ``fit`` (the smallest size allowed) the text is measured and set at the largest
    size from ``size`` down that fits the box, wrapped into explicit lines.
    """
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = _INSET
    tf.margin_top = tf.margin_bottom = _INSET
    lines = _txt(text).split("\n")
    if fit is not None:
        size, lines = fit_text(_txt(text), width - 2 * _INSET, height - 2 * _INSET,
                               max_size=size, min_size=fit, bold=bold, max_lines=max_lines)
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = align
        para.space_before = para.space_after = Pt(0)
        _run(para, line, size, bold, color)
    return box


def _run(para, text: str, size: float, bold: bool, color: RGBColor):
    run = para.add_run()
    run.text = _txt(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    return run


def _rect(slide, left: int, top: int, width: int, height: int, fill: RGBColor,
          shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE):
    box = slide.shapes.add_shape(shape, left, top, width, height)
    box.fill.solid()
    box.fill.fore_color.rgb = fill
    box.line.fill.background()
    box.shadow.inherit = False
    return box


def _frame(prs, report: Report, title: str):
    """A content slide: title, rule, footer, synthetic-data mark."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    meta = report.meta
    mark_w = Inches(4.5) if meta.get("sintetis") else 0
    top, height = TITLE_BOX
    _text(slide, _MARGIN, top, _W - 2 * _MARGIN - mark_w, height, title, size=26, bold=True,
          color=_BIRU, anchor=MSO_ANCHOR.MIDDLE, fit=14, max_lines=2).name = "judul"
    _rect(slide, _MARGIN, _RULE_TOP, _W - 2 * _MARGIN, Emu(Pt(1.5)), _BIRU).name = "garis"
    if meta.get("sintetis"):
        mark = _rect(slide, _W - _MARGIN - Inches(4.3), Inches(0.45), Inches(4.3),
                     Inches(0.45), _MERAH, MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(mark, SINTETIS_LABEL, 13, _PUTIH)
    footer = (f"{meta.get('nama_kabupaten', '')} · {report.title} "
              f"{fmt.year(meta.get('tahun'))} · {meta.get('nama_pokja', '')}")
    _text(slide, _MARGIN, Inches(7.0), Inches(10), Inches(0.35), footer, size=10, color=_ABU,
          fit=8, max_lines=1)
    _text(slide, _W - _MARGIN - Inches(1.5), Inches(7.0), Inches(1.5), Inches(0.35),
          str(len(prs.slides)), size=10, color=_ABU, align=PP_ALIGN.RIGHT)
    return slide


def _fill_shape_text(shape, text: str, size: float, color: RGBColor,
                     bold: bool = True) -> None:
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    para = tf.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    _run(para, text, size, bold, color)


def _table(slide, headers: Sequence[str], rows: Sequence[Sequence[str]],
           aligns: Sequence[str], left: int, top: int, width: int, *,
           size: float = 12, row_height: int = Inches(0.34), header_height: int | None = None):
    """A styled table. Column widths are measured: every column gets its longest header word
    (bold) and, when room allows, its longest cell on one line; the rest of the width is
    shared in proportion to what the columns still lack."""
    n_rows, n_cols = len(rows) + 1, len(headers)
    header_height = header_height or row_height
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width,
                                   header_height + row_height * len(rows))
    table = shape.table
    pad = 2 * Inches(0.06) + Inches(0.04)
    floor = [max((text_width(w, size, True) for w in str(h).split()), default=0) + pad
             for h in headers]
    want = [max([text_width(str(r[j]), size) for r in rows] + [0]) + pad
            for j in range(n_cols)]
    want = [max(f, w) for f, w in zip(floor, want, strict=True)]
    if sum(floor) >= width:
        widths = [width * f / sum(floor) for f in floor]
    else:
        extra = [w - f for f, w in zip(floor, want, strict=True)]
        spare = width - sum(floor)
        share = min(1.0, spare / sum(extra)) if sum(extra) else 0.0
        widths = [f + x * share for f, x in zip(floor, extra, strict=True)]
        rest = width - sum(widths)
        widths = [w + rest * w / sum(widths) for w in widths]
    for j, w in enumerate(widths):
        table.columns[j].width = int(w)
    for i in range(n_rows):
        table.rows[i].height = header_height if i == 0 else row_height
        for j in range(n_cols):
            cell = table.cell(i, j)
            text = headers[j] if i == 0 else rows[i - 1][j]
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.BOTTOM if i == 0 else MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = _BIRU if i == 0 else (_ZEBRA if i % 2 == 0 else _PUTIH)
            para = cell.text_frame.paragraphs[0]
            para.alignment = PP_ALIGN.RIGHT if aligns[j] == "right" else PP_ALIGN.LEFT
            _run(para, text, size, i == 0, _PUTIH if i == 0 else _HITAM)
    return table


# --------------------------------------------------------------------------- slides
def _title_slide(prs, report: Report) -> None:
    meta = report.meta
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, _W, Inches(3.2), _BIRU)
    _text(slide, Inches(0.8), Inches(0.7), Inches(11.5), Inches(0.5),
          "PROGRAM PERCEPATAN PEMBANGUNAN SANITASI PERMUKIMAN", size=14, color=_PUTIH)
    _text(slide, Inches(0.8), Inches(1.3), Inches(11.5), Inches(1.6), report.title,
          size=36, bold=True, color=_PUTIH, fit=20)
    _text(slide, Inches(0.8), Inches(3.5), Inches(11.5), Inches(0.9),
          str(meta.get("nama_kabupaten", "")), size=34, bold=True, color=_BIRU, fit=18)
    _text(slide, Inches(0.8), Inches(4.4), Inches(11.5), Inches(0.5),
          f"{meta.get('nama_provinsi', '')} · Tahun {fmt.year(meta.get('tahun'))}", size=20)
    _text(slide, Inches(0.8), Inches(6.2), Inches(8.5), Inches(0.8),
          f"Disusun oleh {meta.get('nama_pokja', '') or fmt.MISSING}\n"
          f"{fmt.date(meta.get('tanggal'))} · metode {meta.get('versi_metode', fmt.MISSING)}",
          size=14, color=_ABU)
    if meta.get("sintetis"):
        box = _rect(slide, Inches(0.8), Inches(5.15), Inches(7.2), Inches(0.7), _MERAH,
                    MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(box, SINTETIS_LABEL, 22, _PUTIH)
    if meta.get("skenario"):
        from ..labels import SKENARIO_LABEL, scenario_lines

        box = _rect(slide, Inches(8.2), Inches(5.15), Inches(4.5), Inches(0.7),
                    RGBColor(0x5B, 0x2A, 0x86), MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(box, SKENARIO_LABEL, 18, _PUTIH)
        _text(slide, Inches(8.2), Inches(5.9), Inches(4.5), Inches(0.5),
              "Opsi diubah: " + "; ".join(scenario_lines(meta)), size=10,
              color=RGBColor(0x5B, 0x2A, 0x86))


def _contents_slide(prs, report: Report) -> None:
    slide = _frame(prs, report, "Daftar Isi")
    lines = [f"{i}. {s.title}" for i, s in enumerate(report.sections, start=1)]
    half = (len(lines) + 1) // 2
    for k, part in enumerate((lines[:half], lines[half:])):
        if part:
            _text(slide, _MARGIN + k * Inches(6.2), _BODY_TOP + Inches(0.2), Inches(6.0),
                  _BODY_BOTTOM - _BODY_TOP - Inches(0.2), "\n".join(part), size=20,
                  color=_HITAM, fit=12)


def _cards(slide, report: Report, top: int) -> int:
    """Key-number cards, three to a row: the value measured to fit its card (on two lines
    when even the smallest size does not fit one), the caption below the value's height."""
    items = report.key_numbers[:9]
    cols, gap = 3, Inches(0.3)
    card_w = (_W - 2 * _MARGIN - gap * (cols - 1)) // cols
    card_h = Inches(1.15)
    inner = card_w - Inches(0.4)
    for i, k in enumerate(items):
        left = _MARGIN + (i % cols) * (card_w + gap)
        y = top + (i // cols) * (card_h + Inches(0.15))
        _rect(slide, left, y, card_w, card_h, _ZEBRA)
        _rect(slide, left, y, Inches(0.08), card_h, _BIRU)
        size, lines = fit_text(k.text, inner - 2 * _INSET, Inches(0.6) - 2 * _INSET,
                               max_size=24, min_size=16, bold=True, max_lines=1)
        if lines[-1].endswith("…"):  # too long for one line: two smaller lines
            size, lines = fit_text(k.text, inner - 2 * _INSET, Inches(0.72) - 2 * _INSET,
                                   max_size=16, min_size=11, bold=True, max_lines=2)
        value_h = int(len(lines) * size * _LINE * 12700) + 2 * _INSET
        box = _text(slide, left + Inches(0.25), y + Inches(0.04), inner, value_h,
                    "\n".join(lines), size=size, bold=True, color=_BIRU)
        box.name = "angka"
        cap_top = y + Inches(0.04) + value_h
        _text(slide, left + Inches(0.25), cap_top, inner, y + card_h - cap_top, k.label,
              size=12, color=_HITAM, fit=8).name = "keterangan"
    rows = (len(items) + cols - 1) // cols
    return top + rows * (card_h + Inches(0.15))


# --------------------------------------------------------------------------- meeting views
@dataclass(frozen=True)
class SlideView:
    """How a report table is shown on a slide: the columns a room reads and which rows.

    The cells keep the table's own titles, units and formats (the same words as the PDF);
    ``rows`` filters, ``caption`` names what the rows are ("desa prioritas").
    """

    columns: tuple[str, ...]
    rows: Callable | None = None
    caption: str = "baris"


def _with_target(data):
    return data[data["target"].notna()] if "target" in data else data


SLIDE_VIEWS: dict[str, SlideView] = {
    # area report: the highest-risk desa first (the model's order), with kecamatan
    "desa_prioritas": SlideView(("no_peta", "nama_desa", "nama_kec", "kelas_gabungan",
                                 "area_tertinggi", "kelas_air_limbah", "kelas_persampahan",
                                 "kelas_drainase"), caption="desa prioritas"),
    # monev: status against targets, budget share and trend, targeting, commitments
    "status_capaian": SlideView(("nama", "tahun_terakhir", "nilai_terakhir", "target",
                                 "tahun_target", "laju_diperlukan", "laju_teramati", "status"),
                                _with_target, "indikator bertarget"),
    "anggaran": SlideView(("tahun", "belanja_sanitasi_rp", "apbd_murni_sanitasi_rp",
                           "pct_belanja_sanitasi_apbd", "pct_apbd_murni_sanitasi",
                           "apbd_murni_per_kapita", "pertumbuhan_apbd_murni_pct"),
                          caption="tahun"),
    "sasaran": SlideView(("komponen", "prioritas_rp", "bukan_prioritas_rp",
                          "tingkat_kabupaten_rp", "pct_prioritas", "pct_desa_prioritas",
                          "pct_kk_prioritas"), caption="komponen"),
    "rekap_komitmen": SlideView(("jenis_pihak", "jumlah_komitmen", "diusulkan_rp",
                                 "disepakati_rp", "kua_ppas_rp", "dpa_rp", "terealisasi_rp",
                                 "total_rp"), caption="jenis pihak"),
}
"""Table name → its meeting view (tables not named here are shown whole when they fit)."""


def slide_table(table: Table) -> tuple[Table, str]:
    """The table as shown on a slide (:data:`SLIDE_VIEWS`) and what its rows are called."""
    view = SLIDE_VIEWS.get(table.name)
    if view is None:
        return table, "baris"
    keys = [k for k in view.columns if k in table.data.columns]
    data = view.rows(table.data) if view.rows is not None else table.data
    cols = [c for c in table.columns if c.key in keys]
    cols.sort(key=lambda c: keys.index(c.key))
    return Table(table.name, table.title, cols, data[[c.key for c in cols]]
                 .reset_index(drop=True), table.note), view.caption


def _slide_table(slide, table: Table, number: int | None, top: int) -> None:
    shown, caption = slide_table(table)
    headers, aligns = shown.headers(), shown.aligns()
    rows = shown.cells(MAX_ROWS)
    _text(slide, _MARGIN, top, _W - 2 * _MARGIN, Inches(0.4),
          f"Tabel {number}. {table.title}" if number else table.title, size=14, bold=True,
          color=_BIRU, fit=10, max_lines=1)
    top += Inches(0.45)
    room = _BODY_BOTTOM - top - Inches(0.45)
    header_h = Inches(0.6)
    row_h = min(Inches(0.34), int((room - header_h) / max(len(rows), 1))) if rows \
        else Inches(0.34)
    size = 12 if row_h >= Inches(0.3) else 10
    _table(slide, headers, rows, aligns, _MARGIN, top, _W - 2 * _MARGIN, size=size,
           row_height=row_h, header_height=header_h)
    rest = len(shown) - len(rows)
    if rest > 0:
        _text(slide, _MARGIN, _BODY_BOTTOM - Inches(0.4), Inches(12), Inches(0.4),
              f"… dan {fmt.integer(rest)} {caption} lainnya (lengkap di laporan PDF/Word dan "
              "tabel.xlsx).", size=12, color=_ABU)


def _slide_candidate(section: Section) -> Table | None:
    """The table a section slide shows: one with a meeting view first, else the first that
    fits (at most :data:`MAX_COLUMNS` columns, at least one row)."""
    tables = [t for t in section.tables() if len(t)]
    viewed = [t for t in tables if t.name in SLIDE_VIEWS and len(slide_table(t)[0])]
    if viewed:
        return viewed[0]
    return next((t for t in tables if 0 < len(t.columns) <= MAX_COLUMNS
                 and max((len(c) for r in t.cells(MAX_ROWS) for c in r), default=0)
                 <= MAX_CELL and _natural_width(t) <= 1.3 * (_W - 2 * _MARGIN)), None)


def _natural_width(table: Table, size: float = 12) -> int:
    """Width of the table with every cell on one line (EMU): a much wider table would wrap
    every row into a height the slide does not have."""
    rows = table.cells(MAX_ROWS)
    return sum(max([text_width(r[j], size) for r in rows] + [0]) + Inches(0.16)
               for j in range(len(table.columns)))


def _section_slide(prs, report: Report, n: int, section: Section,
                   numbers: dict[int, int]) -> None:
    slide = _frame(prs, report, f"{n}. {section.title}")
    top = _BODY_TOP + Inches(0.1)
    paragraphs = section.paragraphs()
    has_cards = any(isinstance(b, KeyNumbers) for b in section.blocks)
    table = _slide_candidate(section)
    bullets = next((b for b in section.blocks if isinstance(b, Bullets)), None)
    if paragraphs:
        lead = paragraphs[0]
        limit = Inches(1.3) if (has_cards or table is not None) else Inches(2.5)
        size, lines = fit_text(lead, _W - 2 * _MARGIN - 2 * _INSET, limit - 2 * _INSET,
                               max_size=16, min_size=11)
        height = int(len(lines) * size * _LINE * 12700) + 2 * _INSET
        _text(slide, _MARGIN, top, _W - 2 * _MARGIN, height, "\n".join(lines), size=size)
        top += height + Inches(0.15)
    if has_cards:
        top = _cards(slide, report, top) + Inches(0.1)
    elif table is not None and top < _BODY_BOTTOM - Inches(1.5):
        _slide_table(slide, table, numbers.get(id(table)), top)
    elif bullets is not None:
        items = list(bullets.items[:8])
        if len(bullets.items) > 8:
            items.append(f"… dan {fmt.integer(len(bullets.items) - 8)} lainnya")
        _text(slide, _MARGIN, top, _W - 2 * _MARGIN, _BODY_BOTTOM - top,
              "\n".join(f"• {i}" for i in items), size=14, fit=10)


def _figure_slide(prs, report: Report, title: str, fig: Figure, number: int | None,
                  images: Mapping[str, bytes]) -> None:
    """One figure. A map drawn for the slide (``fig.slide``) spans the full slide width
    under the title; any other picture is fitted into the body."""
    from PIL import Image

    slide = _frame(prs, report, title)
    wide = bool(fig.slide) and fig.slide in images
    data = images[fig.slide] if wide else images[fig.path]
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    ratio = h / w if w else 0.75
    caption_h = Inches(0.3)
    if wide:
        left, top, width = 0, _MAP_TOP, _W
        height = int(_W * ratio)
        room = Inches(7.0) - caption_h - _MAP_TOP
        if height > room:  # a slide sheet of another shape: keep it inside the body
            height, width = room, int(room / ratio)
            left = (_W - width) // 2
    else:
        area_w = _W - 2 * _MARGIN
        area_h = _BODY_BOTTOM - _BODY_TOP - Inches(0.5)
        width, height = area_w, int(area_w * ratio)
        if height > area_h:
            height, width = area_h, int(area_h / ratio)
        left, top = _MARGIN + (area_w - width) // 2, _BODY_TOP + Inches(0.05)
    pic = slide.shapes.add_picture(io.BytesIO(data), left, top, width, height)
    pic.name = f"gambar:{fig.name}"
    _text(slide, _MARGIN, top + height + Inches(0.02), _W - 2 * _MARGIN, caption_h,
          f"Gambar {number}. {fig.caption}" if number else fig.caption, size=12,
          color=_ABU, align=PP_ALIGN.CENTER, fit=9, max_lines=1)


def _picture(slide, data: bytes, left: int, top: int, max_w: int, max_h: int) -> int:
    """An image fitted into a box (aspect kept, centred horizontally); its height."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    ratio = h / w if w else 0.75
    width, height = max_w, int(max_w * ratio)
    if height > max_h:
        height, width = max_h, int(max_h / ratio)
    slide.shapes.add_picture(io.BytesIO(data), left + (max_w - width) // 2, top, width, height)
    return height


def _brief_slide(prs, report: Report, images: Mapping[str, bytes]) -> None:
    """One slide of the advocacy brief (:mod:`ppsp_analysis.report.brief`): the headline
    with its amounts in bold, the funding chart, the priority × lokus map and the asks."""
    slide = _frame(prs, report, report.title)
    paragraphs = report.sections[0].paragraphs()
    headline = paragraphs[0] if paragraphs else ""
    top = _BODY_TOP + Inches(0.05)
    width = _W - 2 * _MARGIN
    _rect(slide, _MARGIN, top, width, Inches(0.95), _ZEBRA)
    _rect(slide, _MARGIN, top, Inches(0.08), Inches(0.95), _BIRU)
    box = _text(slide, _MARGIN + Inches(0.2), top + Inches(0.05), width - Inches(0.3),
                Inches(0.85), "", size=19, anchor=MSO_ANCHOR.MIDDLE)
    para = box.text_frame.paragraphs[0]
    para.runs[0].text = ""
    amounts = [k.text for k in report.key_numbers
               if (k.unit == "Rp" or k.key == "tahun_usulan") and k.text in headline]
    gap = next((k.text for k in report.key_numbers if k.key == "celah_1_rp"), None)
    pattern = "(" + "|".join(re.escape(a) for a in sorted(amounts, key=len, reverse=True)) \
        + ")" if amounts else None
    for part in (re.split(pattern, headline) if pattern else [headline]):
        if not part:
            continue
        run = para.add_run()
        run.text = _txt(part)
        run.font.size = Pt(19)
        run.font.bold = part in amounts
        run.font.color.rgb = (_MERAH if part == gap else _BIRU) if part in amounts else _HITAM
    figures = {f.name: f for f in report.figures()}
    top += Inches(1.1)
    room = _BODY_BOTTOM - top
    left_w = Inches(7.4)
    if "grafik_pendanaan" in figures:
        _picture(slide, images[figures["grafik_pendanaan"].path], _MARGIN, top, left_w, room)
    right = _MARGIN + left_w + Inches(0.25)
    right_w = _W - _MARGIN - right
    y = top
    if "peta_lokus_stunting" in figures:
        y += _picture(slide, images[figures["peta_lokus_stunting"].path], right, y, right_w,
                      Inches(2.45)) + Inches(0.05)
    lines = [p for s in report.sections[2:-1] for p in s.paragraphs()]
    _text(slide, right, y, right_w, _BODY_BOTTOM - y, "\n".join(f"• {t}" for t in lines),
          size=12)


# --------------------------------------------------------------------------- deck
def presentation(reports: Sequence[Report], images: Mapping[str, bytes]):
    """The 16:9 deck of ``reports`` (a python-pptx ``Presentation``).

    Parameters
    ----------
    reports : sequence of Report
        Usually the area-berisiko report, then the monev report.
    images : mapping
        Figure path (as written in the models) → image bytes.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    first = reports[0]
    meta = first.meta
    prs.core_properties.title = _txt(" · ".join(r.title for r in reports) + " — "
                                     f"{meta.get('nama_kabupaten', '')} "
                                     f"{fmt.year(meta.get('tahun'))}")
    prs.core_properties.author = _txt(meta.get("nama_pokja", ""))
    prs.core_properties.language = "id-ID"
    for report in reports:
        if report.kind == BRIEF_KIND:  # the one-page brief: one slide
            _brief_slide(prs, report, images)
            continue
        numbers = report.numbers()
        _title_slide(prs, report)
        _contents_slide(prs, report)
        for n, section in enumerate(report.sections, start=1):
            _section_slide(prs, report, n, section, numbers)
            for fig in section.figures():
                _figure_slide(prs, report, f"{n}. {section.title}", fig,
                              numbers.get(id(fig)), images)
    return prs
