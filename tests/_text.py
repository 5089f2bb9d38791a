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
