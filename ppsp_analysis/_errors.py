"""Domain exceptions and the problem record used by validation."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Unicode categories never shown raw: controls, format characters (zero-width, BOM, bidi
#: overrides), line/paragraph separators, unassigned and private-use code points.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}


def visible(text: object, keep_newlines: bool = False) -> str:
    r"""User text made safe and readable in a terminal message.

    Terminal control characters (ESC sequences, carriage returns, …), zero-width and other
    format characters, the byte order mark and every space other than the plain space
    (NBSP, thin space, …) are shown as ``⟨U+XXXX⟩`` so that a person sees what is really in
    the cell, and nothing from an input file can move the cursor, recolour or clear the
    terminal.

    Parameters
    ----------
    text : object
        Any value (``str()`` is applied).
    keep_newlines : bool
        Keep ``\n`` (for multi-line texts made of already-safe lines).

    Examples
    --------
    >>> visible("99.03.01.1001\u200b"), visible("a\x1b[31mb"), visible("Sé 1.234")
    ('99.03.01.1001⟨U+200B⟩', 'a⟨U+001B⟩[31mb', 'Sé 1.234')
    >>> visible("x\u00a0y"), visible("a\nb"), visible("a\nb", keep_newlines=True)
    ('x⟨U+00A0⟩y', 'a⟨U+000A⟩b', 'a\nb')
    """
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch != " " and (unicodedata.category(ch) in _HIDDEN_CATEGORIES
                            or unicodedata.category(ch) == "Zs"):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """One problem found in the input, located as precisely as possible.

    Parameters
    ----------
    file : str
        File name inside the input package (e.g. ``instrumen.xlsx``).
    message : str
        What is wrong, in plain words.
    sheet : str, optional
        Sheet or layer name.
    row : int, optional
        Row as the user sees it (Excel row number, 1-based, header = row 1;
        CSV data line number; feature number in a layer).
    column : str, optional
        Column name.
    hint : str, optional
        How to fix it.
    severity : str
        ``"error"`` (blocks scoring) or ``"warning"``.
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """One line: ``file, sheet S, baris R, kolom C: message — hint``.

        Every part may hold text from the input (file, sheet and column names, cell values),
        so each is passed through :func:`visible`: this is the one place where problems
        become text.
        """
        where = [visible(self.file)]
        if self.sheet:
            where.append(f"sheet {visible(self.sheet)}")
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {visible(self.column)}")
        text = f"{', '.join(where)}: {visible(self.message)}"
        if self.hint:
            text += f" — {visible(self.hint)}"
        return text


class Problems(list):
    """The problems of a package (a ``list`` of :class:`Problem`) that JupyterLab shows as a
    table, errors first; ``repr`` is a count and the first few.

    Examples
    --------
    >>> ps = Problems([Problem("instrumen.xlsx", "kode tidak dikenal", "Form2", 7, "kode_desa"),
    ...                Problem("ehra.csv", "umur di luar 18–60", row=3, severity="warning")])
    >>> print(repr(ps))
    Problems(1 galat, 1 peringatan)
      - GALAT: instrumen.xlsx, sheet Form2, baris 7, kolom kode_desa: kode tidak dikenal
      - peringatan: ehra.csv, baris 3: umur di luar 18–60
    >>> ps.errors
    1
    """

    @property
    def errors(self) -> int:
        """Number of errors (problems that block scoring)."""
        return sum(p.severity == "error" for p in self)

    def __repr__(self) -> str:
        from .display import problems_text

        return problems_text(self)

    def _repr_html_(self) -> str:
        from .display import problems_html

        return problems_html(self)


class PPSPError(Exception):
    """Base class of every error the toolkit raises on purpose.

    Its text may quote user input, so it is shown through :func:`visible` (line breaks
    kept).
    """

    def __str__(self) -> str:
        return visible(super().__str__(), keep_newlines=True)


class InputError(PPSPError, ValueError):
    """Invalid input: carries every problem found, not just the first.

    Parameters
    ----------
    problems : list of Problem
        The problems; at least one has severity ``"error"``.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} masalah pada data masukan"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in errors))

    def __reduce__(self):  # crosses process boundaries (batch workers) with its problems
        return (type(self), (self.problems,))


class MethodError(PPSPError, ValueError):
    """Invalid method options (``metode.yaml``)."""


class ParameterError(PPSPError, ValueError):
    """Invalid report parameters (unknown name, wrong type or out of range)."""
