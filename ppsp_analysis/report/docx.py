"""Word rendering of a report (python-docx), for Pokja members who paste chapters into the
SSK document.

A4 portrait; a cover; a real table-of-contents field (pre-filled with the section titles,
updated by Word when the document is opened); every section a *Heading 1* (numbered
``1.``, ``2.`` … as in every rendering); paragraphs in *Normal*; bullet lists in
*List Bullet*; key numbers as a small table of cards; tables as Word tables whose header
row repeats on every page, numbered *Tabel n.* by a ``SEQ Tabel`` field in a *Caption*
paragraph, wide ones on a landscape page; figures as wide as the text, never taller than
the page, numbered *Gambar n.* (``SEQ Gambar``). Footer ``Halaman X dari Y``.

:func:`docx_document` only walks the model; images come in as bytes
(:func:`ppsp_analysis.io.documents.write_docx` reads them and saves the file).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .. import fmt
from .model import Bullets, Figure, KeyNumbers, Paragraph, Report, Table

__all__ = ["WIDE_TABLE_COLUMNS", "docx_document"]

WIDE_TABLE_COLUMNS = 8
"""Tables with more columns than this go on a landscape page."""

_BIRU = RGBColor(0x1F, 0x4E, 0x79)
_MERAH = "C62828"
_BIRU_MUDA = "DCE6F1"
_ZEBRA = "F4F6F9"
_A4 = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(2.0)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SINTETIS = "DATA SINTETIS — bukan data resmi"


def _txt(value: object) -> str:
    """A string Word can store (XML-invalid control characters removed)."""
    return _CONTROL.sub("", "" if value is None else str(value))


# --------------------------------------------------------------------------- XML helpers
def _field(paragraph, instruction: str, result: str = "") -> None:
    """A complex field (``PAGE``, ``SEQ Tabel``, ``TOC``) with a pre-filled result."""
    def char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)
        return run

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(_txt(result))
    char("end")


def _shade(cell, color: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    props.append(shd)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    props.append(el)
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    props.append(cant)


def _paragraph_shade(paragraph, color: str) -> None:
    props = paragraph._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    props.append(shd)


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


def _language(doc) -> None:
    """Bahasa Indonesia as the proofing language of the default style."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    rpr.append(lang)


# --------------------------------------------------------------------------- document
def _setup(doc, report: Report) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = _A4
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 15), (2, 12)):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(size)
        style.font.color.rgb = _BIRU
        style.font.bold = True
    cap = doc.styles["Caption"]
    cap.font.size = Pt(9)
    cap.font.italic = False
    cap.font.bold = True
    cap.font.color.rgb = _BIRU
    _language(doc)
    meta = report.meta
    props = doc.core_properties
    props.title = _txt(f"{report.title} — {meta.get('nama_kabupaten', '')} "
                       f"{fmt.year(meta.get('tahun'))}")
    props.author = _txt(meta.get("nama_pokja", ""))
    props.language = "id-ID"
    props.subject = "Program Percepatan Pembangunan Sanitasi Permukiman"
    _update_fields_on_open(doc)


def _header_footer(section, report: Report) -> None:
    meta = report.meta
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    head = section.header.paragraphs[0]
    head.text = ""
    run = head.add_run(_txt(f"{meta.get('nama_kabupaten', '')} — {report.title} "
                            f"{fmt.year(meta.get('tahun'))}"))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x6E, 0x6E, 0x6E)
    if meta.get("sintetis"):
        mark = head.add_run(f"   {_SINTETIS}")
        mark.font.size = Pt(8)
        mark.font.bold = True
        mark.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
    foot = section.footer.paragraphs[0]
    foot.text = ""
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot.add_run(_txt(f"{meta.get('nama_pokja', '')} · Halaman "))
    _field(foot, "PAGE", "1")
    foot.add_run(" dari ")
    _field(foot, "NUMPAGES", "1")
    for r in foot.runs:
        r.font.size = Pt(8)


def _cover(doc, report: Report) -> None:
    meta = report.meta
    p = doc.add_paragraph()
    r = p.add_run("PROGRAM PERCEPATAN PEMBANGUNAN SANITASI PERMUKIMAN")
    r.font.size = Pt(10)
    r.font.color.rgb = _BIRU
    p.paragraph_format.space_before = Pt(80)
    title = doc.add_paragraph(style="Title")
    title.add_run(_txt(report.title))
    for text, size, bold in ((meta.get("nama_kabupaten", ""), 22, True),
                             (meta.get("nama_provinsi", ""), 14, False),
                             (f"Tahun {fmt.year(meta.get('tahun'))}", 16, False)):
        q = doc.add_paragraph()
        run = q.add_run(_txt(text))
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _BIRU if bold else RGBColor(0x22, 0x22, 0x22)
    if meta.get("sintetis"):
        q = doc.add_paragraph()
        q.paragraph_format.space_before = Pt(18)
        _paragraph_shade(q, _MERAH)
        run = q.add_run(f" {_SINTETIS} ")
        run.font.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if meta.get("skenario"):
        from ..labels import SKENARIO_LABEL, scenario_lines

        q = doc.add_paragraph()
        _paragraph_shade(q, "5B2A86")
        run = q.add_run(f" {SKENARIO_LABEL} ")
        run.font.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        doc.add_paragraph(_txt("Opsi metode yang diubah dari metode paket: "
                               + "; ".join(scenario_lines(meta))))
    info = doc.add_table(rows=0, cols=2)
    for label, value in (("Disusun oleh", meta.get("nama_pokja") or fmt.MISSING),
                         ("Tanggal", fmt.date(meta.get("tanggal"))),
                         ("Kode wilayah", meta.get("kode_kabupaten", "")),
                         ("Metode", meta.get("versi_metode", ""))):
        cells = info.add_row().cells
        cells[0].text = label
        cells[1].text = _txt(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc, report: Report) -> None:
    doc.add_paragraph("Daftar Isi", style="TOC Heading" if "TOC Heading" in
                      [s.name for s in doc.styles] else "Heading 1")
    p = doc.add_paragraph()
    entries = "\n".join(f"{i}. {s.title}" for i, s in enumerate(report.sections, start=1))
    _field(p, 'TOC \\o "1-2" \\h \\z \\u', "")
    # the field's result: the section titles (Word replaces them with the page numbers)
    result_runs = p.runs[3:4]
    if result_runs:
        lines = entries.split("\n")
        run = result_runs[0]
        run.text = _txt(lines[0]) if lines else ""
        for line in lines[1:]:
            run.add_break()
            run.add_text(_txt(line))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _caption(doc, kind: str, number: int | None, text: str):
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{kind} ")
    _field(p, f"SEQ {kind} \\* ARABIC", str(number or ""))
    p.add_run(_txt(f". {text}"))
    return p


def _cell_text(cell, text: str, *, bold: bool = False, size: float = 8.5,
               right: bool = False, color: RGBColor | None = None) -> None:
    """Text of a table cell: one run in its first paragraph, no space after.

    Written as XML directly (the same elements python-docx's paragraph and run properties
    write): a desa table has thousands of cells, and the property setters walk the XML
    tree on every call (~0.2 ms a cell).
    """
    text = _txt(text)
    if "\t" in text or "\n" in text or "\r" in text:  # python-docx maps these to tab/break
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        return
    p = cell._tc.p_lst[0]
    ppr = p.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "right" if right else "left")
    ppr.append(spacing)
    ppr.append(jc)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    b = OxmlElement("w:b")
    if not bold:
        b.set(qn("w:val"), "0")
    rpr.append(b)
    if color is not None:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), str(color))
        rpr.append(c)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(round(size * 2))))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)


def _landscape(doc, on: bool, report: Report):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    w, h = _A4
    section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if on else (w, h)
    _header_footer(section, report)
    return section


def _widths(headers: list[str], rows: list[list[str]], aligns: list[str],
            total_cm: float, size: float) -> list[float]:
    """Column widths (cm): a number column exactly as wide as its longest number and header
    word (numbers never wrap); text columns share the rest by their text length (capped,
    they wrap)."""
    char_cm = size * 0.0205  # average digit/letter width at ``size`` pt, in cm
    pad = 0.42               # cell margins
    fixed: dict[int, float] = {}
    weights: dict[int, float] = {}
    for j, h in enumerate(headers):
        word = max((len(w) for w in h.split()), default=4)
        cells = [len(r[j]) for r in rows] or [0]
        if aligns[j] == "right":
            fixed[j] = max(max(cells), min(word, 12) * 1.2, 2) * char_cm + pad  # bold head
        else:
            weights[j] = max(min(max(cells), 24), min(word, 14), 4)
    rest = max(total_cm - sum(fixed.values()), 0.25 * total_cm)
    total_w = sum(weights.values()) or 1.0
    out = [fixed[j] if j in fixed else rest * weights[j] / total_w for j in range(len(headers))]
    scale = min(1.0, total_cm / sum(out))
    return [w * scale for w in out]


def _table(doc, table: Table, number: int | None, width_cm: float) -> None:
    _keep_with_next(_caption(doc, "Tabel", number, table.title))
    headers, rows, aligns = table.headers(), table.cells(), table.aligns()
    size = 8.5 if len(headers) <= 6 else 7.5 if len(headers) <= 10 else 6.5
    t = doc.add_table(rows=1 + len(rows), cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Cm(w) for w in _widths(headers, rows, aligns, width_cm, size)]
    for j, w in enumerate(widths):
        t.columns[j].width = w
    # one pass over the rows (indexing t.rows[i] or t.columns[j].cells rebuilds the grid)
    for i, (row, values) in enumerate(zip(t.rows, [headers, *rows], strict=True)):
        cells = row.cells
        if i == 0:
            _repeat_header(row)
        for j, value in enumerate(values):
            cells[j].width = widths[j]
            _cell_text(cells[j], value, bold=i == 0, size=size, right=aligns[j] == "right",
                       color=_BIRU if i == 0 else None)
            if i == 0:
                _shade(cells[j], _BIRU_MUDA)
            elif i % 2 == 0:
                _shade(cells[j], _ZEBRA)
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(_txt(table.note))
        run.font.size = Pt(8)
        run.font.italic = True
    else:
        doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _figure(doc, fig: Figure, number: int | None, images: Mapping[str, bytes],
            width_cm: float, max_h: float = 21.0) -> None:
    from PIL import Image

    data = images[fig.path]
    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    width = min(width_cm, max_h * w / h) if h else width_cm
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _keep_with_next(p)
    p.add_run().add_picture(io.BytesIO(data), width=Cm(width))
    cap = _caption(doc, "Gambar", number, fig.caption)
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _key_numbers(doc, report: Report) -> None:
    items = report.key_numbers
    if not items:
        return
    cols = 3
    t = doc.add_table(rows=(len(items) + cols - 1) // cols, cols=cols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, k in enumerate(items):
        cell = t.rows[i // cols].cells[i % cols]
        _shade(cell, _ZEBRA)
        _cell_text(cell, k.text, bold=True, size=14, color=_BIRU)
        p = cell.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        run = p.add_run(_txt(k.label))
        run.font.size = Pt(8.5)
    doc.add_paragraph()


def docx_document(report: Report, images: Mapping[str, bytes]):
    """The report as a python-docx ``Document``.

    Parameters
    ----------
    report : Report
    images : mapping
        Figure path (as written in the model) → image bytes.
    """
    doc = Document()
    _setup(doc, report)
    _cover(doc, report)
    _header_footer(doc.sections[0], report)
    _toc(doc, report)
    numbers = report.numbers()
    portrait_cm = (_A4[0] - 2 * _MARGIN) / Cm(1)
    landscape_cm = (_A4[1] - 2 * _MARGIN) / Cm(1)
    for n, section in enumerate(report.sections, start=1):
        # a section with a wide table and no figure is set on landscape pages, heading and
        # all; in a section with figures only the wide table gets its landscape page
        has_wide = any(len(t.columns) > WIDE_TABLE_COLUMNS for t in section.tables())
        wide = has_wide and not section.figures()
        if wide:
            _landscape(doc, True, report)
        width_cm = landscape_cm if wide else portrait_cm
        doc.add_heading(_txt(f"{n}. {section.title}"), level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                doc.add_paragraph(_txt(block.text))
            elif isinstance(block, Bullets):
                for item in block.items:
                    doc.add_paragraph(_txt(item), style="List Bullet")
            elif isinstance(block, KeyNumbers):
                _key_numbers(doc, report)
            elif isinstance(block, Table) and not wide and \
                    len(block.columns) > WIDE_TABLE_COLUMNS:
                _landscape(doc, True, report)
                _table(doc, block, numbers.get(id(block)), landscape_cm)
                _landscape(doc, False, report)
            elif isinstance(block, Table):
                _table(doc, block, numbers.get(id(block)), width_cm)
            elif isinstance(block, Figure):
                _figure(doc, block, numbers.get(id(block)), images,
                        min(width_cm, portrait_cm))
        if wide:
            _landscape(doc, False, report)
    return doc
