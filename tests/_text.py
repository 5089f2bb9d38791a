"""Reading text back from outputs, independent of incidental typography.

PDF engines choose their own spaces (Typst puts a non-breaking space in "Gambar 1"; a newer
release may use a thin one); tests compare words, so every run of Unicode whitespace becomes one
ordinary space.
"""

from __future__ import annotations

import re
from pathlib import Path


def normalise_space(text: str) -> str:
    """Every run of whitespace (incl. non-breaking and thin spaces) as one space.

    >>> normalise_space("Gambar\\xa01\\u202f dan  2")
    'Gambar 1 dan 2'
    """
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: str | Path) -> list[str]:
    """Text of every page of a PDF, whitespace normalised."""
    from pypdf import PdfReader

    return [normalise_space(page.extract_text() or "") for page in PdfReader(path).pages]


def html_text(path: str | Path) -> str:
    """Visible text of an HTML page (tags, scripts and styles dropped, entities decoded)."""
    import html as _html

    text = Path(path).read_text(encoding="utf-8")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    return normalise_space(_html.unescape(text))


def html_headings(path: str | Path, level: int = 2) -> list[str]:
    """Text of the ``<hN>`` headings of an HTML page, in order."""
    import html as _html

    text = Path(path).read_text(encoding="utf-8")
    found = re.findall(rf"(?is)<h{level}\b[^>]*>(.*?)</h{level}>", text)
    return [normalise_space(_html.unescape(re.sub(r"<[^>]+>", "", h))).strip("¶ ").strip()
            for h in found]


def docx_text(path: str | Path) -> str:
    """Paragraphs, table cells, headers and footers of a Word document."""
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return normalise_space("\n".join(parts))


def pptx_text(path: str | Path) -> str:
    """Text frames and table cells of every slide."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
    return normalise_space("\n".join(parts))


def xlsx_labels(path: str | Path) -> str:
    """What a reader sees as words in a workbook: sheet names, the title row (row 1) of every
    sheet and every text cell of its contents and dictionary sheets (no data cells; not the
    dictionary's Excel number-format codes such as ``#,##0.0``, which are codes)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    parts = list(wb.sheetnames)
    for ws in wb.worksheets:
        skip = None
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i == 1 and "format_angka" in row:
                skip = row.index("format_angka")
            if i == 0 or ws.title in ("Daftar Tabel", "Keterangan Kolom"):
                parts += [str(v) for j, v in enumerate(row) if isinstance(v, str) and j != skip]
            if i > 0 and ws.title not in ("Daftar Tabel", "Keterangan Kolom"):
                break
    return normalise_space("\n".join(parts))


ENGLISH_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])"  # 1,500 / 1,234.5
    r"|(?<![\w.,])\d+\.\d{1,2}(?![\w.])"                  # 0.33 / 31.5
    r"|(?i:tahun)\s+\d\.\d{3}\b"                          # tahun 2.029
    r"|\d\s%"                                             # 31,5 % (space before %)
)
"""Numbers written the English way where Indonesian is expected."""


def english_numbers(text: str, allowed: list[str] = ()) -> list[str]:
    """English-style numbers in ``text`` once the ``allowed`` strings (codes, versions) are
    taken out.

    >>> english_numbers("Skor 0.33 dan 1,500 jiwa; kode 62.10; Tahun 2.029; 31,5 %",
    ...                 allowed=["62.10"])
    ['0.33', '1,500', 'Tahun 2.029', '5 %']
    >>> english_numbers("1.234,5 jiwa; 31,5%; Rp 1,72 triliun; 2029")
    []
    """
    for a in sorted(allowed, key=len, reverse=True):
        text = text.replace(a, " ")
    return [m.group(0) for m in ENGLISH_NUMBER.finditer(text)]


def assert_offline_links_resolve(page: str | Path) -> None:
    """Every ``href``/``src`` of an HTML page is an existing file relative to it (or inline
    ``data:``), and its scripts are inline: the page works from a copied folder, offline."""
    import html as _html
    from urllib.parse import unquote

    page = Path(page)
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", text), "no external script"
    links = [_html.unescape(u) for u in re.findall(r'(?:href|src)="([^"]*)"', text)]
    assert links, "the page links something"
    for url in links:
        if url.startswith("data:") or url.startswith("#"):
            continue
        assert "://" not in url, f"absolute address {url}"
        assert (page.parent / unquote(url)).is_file(), f"link does not resolve: {url}"
