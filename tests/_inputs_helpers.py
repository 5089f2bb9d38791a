"""Helpers shared by the ``test_inputs_*`` tests (real, messy inputs)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from ppsp_analysis.cli import main

REPO = Path(__file__).resolve().parents[1]
SMALL = REPO / "data" / "demo" / "99.03-kota-bandar-fiktif"
SHARED = REPO.parent / "shared" / "data" / "kalteng"


def copy_small(tmp_path: Path, name: str = "paket") -> Path:
    """A fresh copy of the small demo package (28 desa) to corrupt."""
    target = tmp_path / name
    shutil.copytree(SMALL, target)
    return target


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``ppsp ARGS`` in-process; return (status, stdout, stderr). Exceptions propagate."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:          # argparse errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def edit_workbook(path: Path, edit) -> None:
    """Load, ``edit(wb)``, save an ``.xlsx``."""
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)


def col_of(ws, name: str, header_row: int = 1) -> int:
    """1-based column of a header name."""
    return [c.value for c in ws[header_row]].index(name) + 1


def set_cell(path: Path, sheet: str, row: int, column: str, value) -> None:
    """Set one cell by sheet, Excel row and header name."""
    def edit(wb):
        ws = wb[sheet]
        ws.cell(row=row, column=col_of(ws, column)).value = value
    edit_workbook(path, edit)


def set_cached_formula(path: Path, sheet: str, cell: str, formula: str, value: float) -> None:
    """Make ``cell`` a formula with a stored result, as Excel saves it.

    openpyxl cannot write cached results, so the sheet XML is patched: the cell becomes
    ``<c r="E5"><f>formula</f><v>value</v></c>``.
    """
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet) + 1
    wb.close()
    member = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as zin:
        items = {n: zin.read(n) for n in zin.namelist()}
    xml = items[member].decode("utf-8")
    new = f'<c r="{cell}"><f>{formula.lstrip("=")}</f><v>{value}</v></c>'
    pattern = re.compile(rf'<c r="{cell}"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    xml, n = pattern.subn(new, xml, count=1)
    assert n == 1, f"cell {cell} not found in {member}"
    items[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)


def problem_line(stderr: str, *fragments: str, pattern: str | None = None) -> str:
    """The stderr line holding every fragment (and matching ``pattern``), else fail."""
    for line in stderr.splitlines():
        if all(f in line for f in fragments) and (pattern is None or re.search(pattern, line)):
            return line
    raise AssertionError(f"no line with {fragments!r} / {pattern!r} in:\n{stderr}")
