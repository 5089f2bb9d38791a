"""Domain exceptions and the problem record used by validation."""

from __future__ import annotations

from dataclasses import dataclass


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
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        text = f"{', '.join(where)}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class PPSPError(Exception):
    """Base class of every error the toolkit raises on purpose."""


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
