"""Slides (paparan) of one or more reports: a 16:9 deck for the Coaching Clinic.

For each report, in order: a title slide; a contents slide (the section titles); one slide
per section (its title, its first paragraph, its key numbers or its first table that fits);
one slide per figure. So the deck carries the same section titles, key numbers and figures as
the report in every other format. :func:`presentation` only walks the models; images come in
as bytes (:func:`ppsp_analysis.io.documents.write_pptx` reads them and saves the file).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .. import fmt
from .brief import KIND as BRIEF_KIND
from .model import Bullets, Figure, KeyNumbers, Report, Section, Table
from .pdf import SINTETIS_LABEL

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "presentation"]

MAX_ROWS = 12
"""Rows of a table shown on a slide (the rest: "… dan N baris lainnya")."""
MAX_COLUMNS = 9
"""A table with more columns is not put on a slide (it is in the PDF, Word and workbook)."""

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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _txt(value: object) -> str:
    """A string python-pptx can store (XML-invalid control characters removed)."""
    return _CONTROL.sub("", "" if value is None else str(value))


# --------------------------------------------------------------------------- primitives
def _text(slide, left: int, top: int, width: int, height: int, text: str, *,
          size: float = 14, bold: bool = False, color: RGBColor = _HITAM,
          align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP):
    """A text box with one paragraph per line of ``text``."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    for i, line in enumerate(_txt(text).split("\n")):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
    return box


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
    _text(slide, _MARGIN, Inches(0.3), _W - 2 * _MARGIN - Inches(4.5), Inches(0.8), title,
          size=26, bold=True, color=_BIRU, anchor=MSO_ANCHOR.MIDDLE)
    _rect(slide, _MARGIN, Inches(1.1), _W - 2 * _MARGIN, Emu(Pt(1.5)), _BIRU)
    if meta.get("sintetis"):
        mark = _rect(slide, _W - _MARGIN - Inches(4.3), Inches(0.45), Inches(4.3),
                     Inches(0.45), _MERAH, MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(mark, SINTETIS_LABEL, 13, _PUTIH)
    footer = (f"{meta.get('nama_kabupaten', '')} · {report.title} "
              f"{fmt.year(meta.get('tahun'))} · {meta.get('nama_pokja', '')}")
    _text(slide, _MARGIN, Inches(7.0), Inches(10), Inches(0.35), footer, size=10, color=_ABU)
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
    run = para.add_run()
    run.text = _txt(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color


def _table(slide, headers: Sequence[str], rows: Sequence[Sequence[str]],
           aligns: Sequence[str], left: int, top: int, width: int, *,
           size: float = 12, row_height: int = Inches(0.34), header_height: int | None = None):
    """A styled table; column widths follow the longest text of each column."""
    n_rows, n_cols = len(rows) + 1, len(headers)
    header_height = header_height or row_height
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width,
                                   header_height + row_height * len(rows))
    table = shape.table
    weights = []
    for j, h in enumerate(headers):
        longest = max([len(str(r[j])) for r in rows] + [max(len(w) for w in
                                                             (str(h).split() or [""]))])
        weights.append(max(longest, 4))
    total = sum(weights)
    for j, w in enumerate(weights):
        table.columns[j].width = int(width * w / total)
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
            run = para.add_run()
            run.text = _txt(text)
            run.font.size = Pt(size)
            run.font.bold = i == 0
            run.font.color.rgb = _PUTIH if i == 0 else _HITAM
    return table


# --------------------------------------------------------------------------- slides
def _title_slide(prs, report: Report) -> None:
    meta = report.meta
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, _W, Inches(3.2), _BIRU)
    _text(slide, Inches(0.8), Inches(0.7), Inches(11.5), Inches(0.5),
          "PROGRAM PERCEPATAN PEMBANGUNAN SANITASI PERMUKIMAN", size=14, color=_PUTIH)
    _text(slide, Inches(0.8), Inches(1.3), Inches(11.5), Inches(1.6), report.title,
          size=36, bold=True, color=_PUTIH)
    _text(slide, Inches(0.8), Inches(3.6), Inches(11.5), Inches(0.8),
          str(meta.get("nama_kabupaten", "")), size=34, bold=True, color=_BIRU)
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


def _contents_slide(prs, report: Report) -> None:
    slide = _frame(prs, report, "Daftar Isi")
    lines = [f"{i}. {s.title}" for i, s in enumerate(report.sections, start=1)]
    half = (len(lines) + 1) // 2
    for k, part in enumerate((lines[:half], lines[half:])):
        if part:
            _text(slide, _MARGIN + k * Inches(6.2), _BODY_TOP + Inches(0.2), Inches(6.0),
                  _BODY_BOTTOM - _BODY_TOP, "\n".join(part), size=20, color=_HITAM)


def _cards(slide, report: Report, top: int) -> int:
    items = report.key_numbers[:9]
    cols, gap = 3, Inches(0.3)
    card_w = (_W - 2 * _MARGIN - gap * (cols - 1)) // cols
    card_h = Inches(1.15)
    for i, k in enumerate(items):
        left = _MARGIN + (i % cols) * (card_w + gap)
        y = top + (i // cols) * (card_h + Inches(0.15))
        _rect(slide, left, y, card_w, card_h, _ZEBRA)
        _rect(slide, left, y, Inches(0.08), card_h, _BIRU)
        _text(slide, left + Inches(0.25), y + Inches(0.05), card_w - Inches(0.4),
              Inches(0.6), k.text, size=24 if len(k.text) <= 14 else 19 if len(k.text) <= 18
              else 16, bold=True,
              color=_BIRU)
        _text(slide, left + Inches(0.25), y + Inches(0.62), card_w - Inches(0.4),
              Inches(0.5), k.label, size=12, color=_HITAM)
    rows = (len(items) + cols - 1) // cols
    return top + rows * (card_h + Inches(0.15))


def _slide_table(slide, table: Table, number: int | None, top: int) -> None:
    headers, aligns = table.headers(), table.aligns()
    rows = table.cells(MAX_ROWS)
    _text(slide, _MARGIN, top, _W - 2 * _MARGIN, Inches(0.4),
          f"Tabel {number}. {table.title}" if number else table.title, size=14, bold=True,
          color=_BIRU)
    top += Inches(0.45)
    room = _BODY_BOTTOM - top - Inches(0.45)
    row_h = min(Inches(0.34), int(room / (len(rows) + 2))) if rows else Inches(0.34)
    size = 12 if row_h >= Inches(0.3) else 10
    _table(slide, headers, rows, aligns, _MARGIN, top, _W - 2 * _MARGIN, size=size,
           row_height=row_h, header_height=Inches(0.6))
    rest = len(table) - len(rows)
    if rest > 0:
        _text(slide, _MARGIN, _BODY_BOTTOM - Inches(0.4), Inches(12), Inches(0.4),
              f"… dan {fmt.integer(rest)} baris lainnya (lengkap di laporan PDF/Word dan "
              "tabel.xlsx).", size=12, color=_ABU)


def _section_slide(prs, report: Report, n: int, section: Section,
                   numbers: dict[int, int]) -> None:
    slide = _frame(prs, report, f"{n}. {section.title}")
    top = _BODY_TOP + Inches(0.1)
    paragraphs = section.paragraphs()
    has_cards = any(isinstance(b, KeyNumbers) for b in section.blocks)
    table = next((t for t in section.tables() if 0 < len(t.columns) <= MAX_COLUMNS
                  and len(t)), None)
    bullets = next((b for b in section.blocks if isinstance(b, Bullets)), None)
    if paragraphs:
        lead = paragraphs[0]
        size = 16 if len(lead) < 260 else 14 if len(lead) < 420 else 12
        height = Inches(0.35) * (1 + len(lead) // (110 if size == 16 else 130))
        _text(slide, _MARGIN, top, _W - 2 * _MARGIN, height, lead, size=size)
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
              "\n".join(f"• {i}" for i in items), size=14)


def _figure_slide(prs, report: Report, title: str, fig: Figure, number: int | None,
                  data: bytes) -> None:
    from PIL import Image

    slide = _frame(prs, report, title)
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    area_w = _W - 2 * _MARGIN
    area_h = _BODY_BOTTOM - _BODY_TOP - Inches(0.5)
    ratio = h / w if w else 0.75
    width, height = area_w, int(area_w * ratio)
    if height > area_h:
        height, width = area_h, int(area_h / ratio)
    left = _MARGIN + (area_w - width) // 2
    slide.shapes.add_picture(io.BytesIO(data), left, _BODY_TOP + Inches(0.05), width, height)
    _text(slide, _MARGIN, _BODY_TOP + height + Inches(0.1), area_w, Inches(0.4),
          f"Gambar {number}. {fig.caption}" if number else fig.caption, size=12,
          color=_ABU, align=PP_ALIGN.CENTER)


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
                              numbers.get(id(fig)), images[fig.path])
    return prs
