"""PPTX export: a short 16:9 presentation (paparan) of the area-berisiko report.

Slides, in order: title; key numbers; class distribution per component (with the notes);
one slide per map present in ``ctx.figures`` (``peta_*``); the priority desa list.
So a deck has ``3 + number of maps + 1`` slides. All text is Bahasa Indonesia and comes
from the same :class:`~ppsp_analysis.report.context.ReportContext` as the PDF.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .context import KOMPONEN_LABEL, ReportContext
from .pdf import (
    SINTETIS_LABEL,
    _image_size,
    format_date,
    format_number,
    format_table,
    key_numbers,
    present_figures,
)

__all__ = ["write_pptx", "PRIORITAS_ROWS"]

#: Rows of the priority table shown on its slide.
PRIORITAS_ROWS = 15

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
_MAP_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")


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


def _frame(prs, ctx: ReportContext, title: str):
    """A content slide: title, rule, footer, synthetic-data mark."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    meta = ctx.meta
    _text(slide, _MARGIN, Inches(0.3), _W - 2 * _MARGIN - Inches(4.5), Inches(0.8), title,
          size=26, bold=True, color=_BIRU, anchor=MSO_ANCHOR.MIDDLE)
    _rect(slide, _MARGIN, Inches(1.1), _W - 2 * _MARGIN, Emu(Pt(1.5)), _BIRU)
    if meta.get("sintetis"):
        mark = _rect(slide, _W - _MARGIN - Inches(4.3), Inches(0.45), Inches(4.3),
                     Inches(0.45), _MERAH, MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(mark, SINTETIS_LABEL, 13, _PUTIH)
    footer = (f"{meta.get('nama_kabupaten', '')} · Laporan Area Berisiko Sanitasi "
              f"{meta.get('tahun', '')} · {meta.get('nama_pokja', '')}")
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
def _title_slide(prs, ctx: ReportContext) -> None:
    meta = ctx.meta
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _rect(slide, 0, 0, _W, Inches(3.2), _BIRU)
    _text(slide, Inches(0.8), Inches(0.7), Inches(11.5), Inches(0.5),
          "PROGRAM PERCEPATAN PEMBANGUNAN SANITASI PERMUKIMAN", size=14, color=_PUTIH)
    _text(slide, Inches(0.8), Inches(1.3), Inches(11.5), Inches(1.0),
          "Laporan Area Berisiko Sanitasi", size=40, bold=True, color=_PUTIH)
    _text(slide, Inches(0.8), Inches(3.6), Inches(11.5), Inches(0.8),
          str(meta.get("nama_kabupaten", "")), size=34, bold=True, color=_BIRU)
    _text(slide, Inches(0.8), Inches(4.4), Inches(11.5), Inches(0.5),
          f"{meta.get('nama_provinsi', '')} · Tahun {meta.get('tahun', '')}", size=20)
    _text(slide, Inches(0.8), Inches(6.2), Inches(8.5), Inches(0.8),
          f"Disusun oleh {meta.get('nama_pokja', '') or '–'}\n"
          f"{format_date(meta.get('tanggal'))} · metode {meta.get('versi_metode', '–')}",
          size=14, color=_ABU)
    if meta.get("sintetis"):
        box = _rect(slide, Inches(0.8), Inches(5.15), Inches(7.2), Inches(0.7), _MERAH,
                    MSO_SHAPE.ROUNDED_RECTANGLE)
        _fill_shape_text(box, SINTETIS_LABEL, 22, _PUTIH)


def _numbers_slide(prs, ctx: ReportContext) -> None:
    slide = _frame(prs, ctx, "Angka Kunci")
    items = key_numbers(ctx)[:9] or [("Data", "tidak tersedia")]
    cols = 3
    gap = Inches(0.3)
    card_w = (_W - 2 * _MARGIN - gap * (cols - 1)) // cols
    card_h = Inches(1.6)
    for i, (label, value) in enumerate(items):
        left = _MARGIN + (i % cols) * (card_w + gap)
        top = _BODY_TOP + Inches(0.2) + (i // cols) * (card_h + gap)
        _rect(slide, left, top, card_w, card_h, _ZEBRA)
        _rect(slide, left, top, Inches(0.08), card_h, _BIRU)
        _text(slide, left + Inches(0.25), top + Inches(0.15), card_w - Inches(0.4),
              Inches(0.8), value, size=32, bold=True, color=_BIRU)
        _text(slide, left + Inches(0.25), top + Inches(0.95), card_w - Inches(0.4),
              Inches(0.55), label, size=14, color=_HITAM)


def _classes_slide(prs, ctx: ReportContext) -> None:
    slide = _frame(prs, ctx, "Sebaran Kelas Risiko per Komponen")
    df = ctx.tables.get("Jumlah Desa per Kelas")
    if df is None or df.empty:
        rows = []
        for comp, label in KOMPONEN_LABEL.items():
            counts = (ctx.ringkasan.get("kelas") or {}).get(comp)
            if counts:
                rows.append({"Komponen": label, **{f"Kelas {k}": v for k, v in counts.items()
                                                   if str(k).isdigit()},
                             "Prioritas": (ctx.ringkasan.get("prioritas") or {}).get(comp)})
        df = pd.DataFrame(rows)
    top = _BODY_TOP + Inches(0.2)
    if df.empty:
        _text(slide, _MARGIN, top, Inches(12), Inches(0.6), "Data kelas tidak tersedia.",
              size=18, color=_ABU)
    else:
        headers, rows, aligns = format_table(df)
        _table(slide, headers, rows, aligns, _MARGIN, top, _W - 2 * _MARGIN, size=16,
               row_height=Inches(0.55))
        top += Inches(0.55) * (len(rows) + 1) + Inches(0.4)
    pct = ctx.ringkasan.get("persen_desa_prioritas")
    lines = []
    if pct is not None:
        lines.append(f"Desa/kelurahan prioritas (kelas 3–4, gabungan): "
                     f"{format_number(pct, 1)}% dari seluruh desa/kelurahan.")
    lines += [f"Catatan: {n}" for n in (ctx.notes or [])[:4]]
    if len(ctx.notes or []) > 4:
        lines.append(f"… dan {len(ctx.notes) - 4} catatan lainnya (lihat laporan PDF).")
    if lines:
        _text(slide, _MARGIN, top, _W - 2 * _MARGIN, _BODY_BOTTOM - top, "\n".join(lines),
              size=14, color=_HITAM)


def _map_slide(prs, ctx: ReportContext, title: str, path: Path) -> None:
    slide = _frame(prs, ctx, title)
    area_w = _W - 2 * _MARGIN
    area_h = _BODY_BOTTOM - _BODY_TOP - Inches(0.1)
    size = _image_size(path) or (4, 3)
    ratio = size[1] / size[0]
    width, height = area_w, int(area_w * ratio)
    if height > area_h:
        height, width = area_h, int(area_h / ratio)
    left = _MARGIN + (area_w - width) // 2
    slide.shapes.add_picture(str(path), left, _BODY_TOP + Inches(0.05), width, height)


def _priority_slide(prs, ctx: ReportContext) -> None:
    slide = _frame(prs, ctx, "Desa Prioritas")
    df = ctx.tables.get("Desa Prioritas")
    top = _BODY_TOP + Inches(0.15)
    if df is None or df.empty:
        _text(slide, _MARGIN, top, Inches(12), Inches(0.6),
              "Tidak ada desa/kelurahan prioritas (kelas 3–4).", size=18, color=_ABU)
        return
    headers, rows, aligns = format_table(df.head(PRIORITAS_ROWS))
    _table(slide, headers, rows, aligns, _MARGIN, top, _W - 2 * _MARGIN, size=11,
           row_height=Inches(0.28), header_height=Inches(0.55))
    rest = len(df) - len(rows)
    note = (f"… dan {format_number(rest)} desa lainnya (daftar lengkap di laporan PDF)."
            if rest > 0 else f"Seluruhnya {format_number(len(df))} desa/kelurahan prioritas.")
    _text(slide, _MARGIN, Inches(6.5), Inches(12), Inches(0.4), note, size=13, color=_ABU)


# --------------------------------------------------------------------------- writer
def write_pptx(ctx: ReportContext, path: str | os.PathLike[str]) -> Path:
    """Write the 16:9 presentation of the report.

    Parameters
    ----------
    ctx : ReportContext
        What the report shows.
    path : path-like
        Target ``.pptx``; written to a temporary file first, then renamed.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    meta = ctx.meta
    prs.core_properties.title = _txt(f"Laporan Area Berisiko Sanitasi — "
                                     f"{meta.get('nama_kabupaten', '')} {meta.get('tahun', '')}")
    prs.core_properties.author = _txt(ctx.meta.get("nama_pokja", ""))
    prs.core_properties.language = "id-ID"
    _title_slide(prs, ctx)
    _numbers_slide(prs, ctx)
    _classes_slide(prs, ctx)
    for _key, title, fig in present_figures(ctx, maps_only=True, suffixes=_MAP_SUFFIXES):
        if _image_size(fig) is not None:
            _map_slide(prs, ctx, title, fig)
    _priority_slide(prs, ctx)
    from ..io.writers import atomic_path

    with atomic_path(path) as tmp:
        prs.save(tmp)
    return path
