"""Bounds on an ``.xlsx`` file checked *before* openpyxl loads it.

An ``.xlsx`` is a zip of XML parts; openpyxl inflates every part and builds one Python object
per cell, per merged cell, per row and per shared string. A small file can therefore hold an
unbounded amount of work (a 0.9 MB workbook whose shared strings expand to 20 million entries
kept ``ppsp validate`` busy for minutes and took 2 GB). :func:`check_xlsx_bounds` reads only the
zip directory and streams the worksheet and shared-string parts through expat, stopping as soon
as a bound is passed, so its own work is bounded too.

The bounds are far above any real Instrumen SSK (the largest kabupaten has under 1.000 desa;
its full workbook, five years of access data included, is estimated at under 300.000 cells)
and far below what exhausts a Pokja laptop (openpyxl: about 13 s and 260 MB per 500.000
cells, measured).
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .._errors import Problem

#: Total size of all parts once decompressed (bytes).
MAX_UNCOMPRESSED_BYTES = 200_000_000
#: Parts in the zip.
MAX_PARTS = 5_000
#: Cells of one sheet, merged cells counted one by one (openpyxl creates each of them).
MAX_SHEET_CELLS = 500_000
#: Cells of the whole workbook.
MAX_WORKBOOK_CELLS = 1_000_000
#: Row records of one sheet (``<row>`` elements, also empty formatted ones).
MAX_SHEET_ROWS = 500_000
#: Shared-string entries.
MAX_SHARED_STRINGS = 1_000_000
#: XML elements in all parts together (cells, values, text runs, styles...).
MAX_XML_ELEMENTS = 6_000_000
_CHUNK = 1 << 20
#: What a damaged or unusual zip raises while being read; openpyxl then reports the damage.
_DAMAGED = (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, RuntimeError,
            NotImplementedError, zlib.error, KeyError)
_HINT = ("salin hanya tabel datanya ke workbook baru (atau buat ulang dengan: ppsp template "
         "BATAS --kabupaten KODE), lalu simpan sebagai .xlsx")


class _Stop(Exception):
    """Raised inside an expat handler to stop a scan early (a bound was passed)."""


class _TooManyElements(Exception):
    """The XML parts hold more elements than :data:`MAX_XML_ELEMENTS`; carries the part."""


class _Dtd(Exception):
    """A part declares a DTD (entities could expand without bound); carries the part name."""


@dataclass
class XlsxStats:
    """What the scan counted (up to the first bound passed)."""

    uncompressed: int = 0
    cells: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    extent: dict[str, tuple[int, int]] = field(default_factory=dict)
    shared_strings: int = 0
    elements: int = 0
    has_formulas: bool = False


def _fmt(n: float, decimals: int = 0) -> str:
    """Indonesian number: ``1234567 -> '1.234.567'``, ``0.85, 1 -> '0,9'``."""
    return f"{n:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def _row_number(digits: str) -> int:
    """A row number; anything past Excel's 1.048.576 rows (up to thousands of digits in a
    crafted file) counts as 10 million, which passes every bound."""
    return int(digits) if len(digits) <= 7 else 10_000_000


def _cell_ref(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789").lstrip("$")
    digits = ref[len(ref.rstrip("0123456789")):]
    if not letters or not digits or len(letters) > 3 or not letters.isascii() \
            or not letters.isalpha():
        return None
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return _row_number(digits), col


def _range_area(ref: str) -> int:
    """Cells in an ``A1:C3`` reference (1 for a single cell, 0 when unreadable)."""
    first, _, last = ref.partition(":")
    a = _cell_ref(first.replace("$", ""))
    b = _cell_ref((last or first).replace("$", ""))
    if a is None or b is None:
        return 0
    return (abs(b[0] - a[0]) + 1) * (abs(b[1] - a[1]) + 1)


def _parse(zf: zipfile.ZipFile, name: str, start, stats: XlsxStats | None = None) -> None:
    """Stream one part through expat; handlers may raise :class:`_Stop`. With ``stats``,
    every element counts towards :data:`MAX_XML_ELEMENTS`."""
    parser = expat.ParserCreate(namespace_separator=" ")
    if stats is None:
        parser.StartElementHandler = start
    else:
        def counted(tag, attrs):
            stats.elements += 1
            if stats.elements > MAX_XML_ELEMENTS:
                raise _TooManyElements(name)
            start(tag, attrs)

        parser.StartElementHandler = counted

    def no_dtd(*_args):  # xlsx parts never declare a DTD; entities could expand
        raise _Dtd(name)

    parser.StartDoctypeDeclHandler = no_dtd
    with zf.open(name) as fh:
        while chunk := fh.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _sheet_names(zf: zipfile.ZipFile, stats: XlsxStats) -> dict[str, str]:
    """Zip part path of each worksheet → its sheet name (as the user sees it in Excel)."""
    names: dict[str, str] = {}
    rels: dict[str, str] = {}
    try:
        def rel(name, attrs):
            if _local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
                target = attrs["Target"]
                path = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join("xl", target))
                rels[attrs["Id"]] = path

        def sheet(name, attrs):
            if _local(name) == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
                if rid in rels and "name" in attrs:
                    names[rels[rid]] = attrs["name"]

        _parse(zf, "xl/_rels/workbook.xml.rels", rel, stats)
        _parse(zf, "xl/workbook.xml", sheet, stats)
    except _DAMAGED:
        pass  # damaged: openpyxl will say so; parts are then named by their path
    return names


def check_xlsx_bounds(src: Path, fname: str | None = None,
                      dense: bool = False) -> tuple[list[Problem], XlsxStats]:
    """Check an ``.xlsx`` against the bounds of this module without loading it.

    Parameters
    ----------
    src : Path
        The workbook.
    fname : str, optional
        File name used in messages (default ``src.name``).
    dense : bool
        Also bound each sheet's extent (last row × last column, from the cells and the
        ``<dimension>`` record), for readers that fill the gaps between cells, such as
        openpyxl's ``read_only`` ``iter_rows`` and ``pandas.read_excel``: two cells, A1 and
        XFD1048576, make them produce 17 billion values.

    Returns
    -------
    problems : list of Problem
        Empty when the workbook is within every bound. A damaged zip gives no problem here
        (openpyxl reports it with its own message).
    stats : XlsxStats
        Sizes and counts found (``has_formulas`` tells whether any cell holds a formula).
    """
    fname = fname or Path(src).name
    stats = XlsxStats()
    try:
        zf = zipfile.ZipFile(src)
    except _DAMAGED:
        return [], stats
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            return [Problem(fname, f"file berisi {_fmt(len(infos))} bagian (batas "
                            f"{_fmt(MAX_PARTS)}); ini bukan workbook Excel biasa", hint=_HINT)
                    ], stats
        stats.uncompressed = sum(i.file_size for i in infos)
        if stats.uncompressed > MAX_UNCOMPRESSED_BYTES:
            return [Problem(
                fname, f"isi file ini {_fmt(stats.uncompressed / 1e6)} MB setelah dibuka "
                       f"(ukuran file {_fmt(Path(src).stat().st_size / 1e6, 1)} MB; batas "
                       f"{_fmt(MAX_UNCOMPRESSED_BYTES / 1e6)} MB); terlalu besar untuk sebuah "
                       "instrumen", hint=_HINT)], stats
        names = {i.filename for i in infos}
        titles: dict[str, str] = {}
        try:
            titles = _sheet_names(zf, stats)
            sheets = sorted({n for n in names if n.startswith("xl/worksheets/")
                             and n.endswith(".xml")} | (set(titles) & names))
            for part in sheets:
                problem = _scan_sheet(zf, part, titles.get(part, part), fname, stats, titles,
                                      dense)
                if problem:
                    return [problem], stats
            if "xl/sharedStrings.xml" in names:
                problem = _scan_shared_strings(zf, "xl/sharedStrings.xml", fname, stats)
                if problem:
                    return [problem], stats
            done = {*sheets, "xl/sharedStrings.xml", "xl/workbook.xml",
                    "xl/_rels/workbook.xml.rels"}
            for part in sorted(names - done):
                if part.endswith((".xml", ".rels", ".vml")):
                    with contextlib.suppress(*_DAMAGED):  # openpyxl judges damaged parts
                        _parse(zf, part, lambda tag, attrs: None, stats)
        except _TooManyElements as exc:
            where = titles.get(exc.args[0], exc.args[0])
            return [Problem(fname, f"isi workbook terlalu besar untuk dibaca: lebih dari "
                                   f"{_fmt(MAX_XML_ELEMENTS)} unsur XML (terakhir di {where})",
                            hint=_HINT)], stats
        except _Dtd as exc:
            return [Problem(fname, f"bagian {exc.args[0]} berisi deklarasi DTD/entitas XML; "
                                   "ini bukan workbook Excel biasa", hint=_HINT)], stats
        except _DAMAGED:
            pass  # a damaged part: openpyxl reports it with its own message
    return [], stats


def _scan_sheet(zf: zipfile.ZipFile, part: str, title: str, fname: str, stats: XlsxStats,
                titles: dict[str, str], dense: bool) -> Problem | None:
    before = sum(stats.cells.values())
    cells = rows = last_row = last_col = 0
    found: list[Problem] = []

    def reach(ref: str) -> None:
        nonlocal last_row, last_col
        end = _cell_ref(ref.rpartition(":")[2].replace("$", ""))
        if end is not None:
            last_row, last_col = max(last_row, end[0]), max(last_col, end[1])

    def start(name, attrs):
        nonlocal cells, rows, last_row
        tag = _local(name)
        if tag == "c":
            cells += 1
            if dense and "r" in attrs:
                reach(attrs["r"])
        elif tag == "row":
            rows += 1
            if dense and attrs.get("r", "").isascii() and attrs["r"].isdigit():
                last_row = max(last_row, _row_number(attrs["r"]))
        elif tag == "mergeCell":
            cells += max(_range_area(attrs.get("ref", "")) - 1, 0)
        elif tag == "dimension":
            if not dense:
                return
            reach(attrs.get("ref", ""))
        elif tag == "f":
            stats.has_formulas = True
            return
        else:
            return
        if dense and last_row * last_col > MAX_SHEET_CELLS:
            found.append(Problem(
                fname, f"tabel di sheet ini terbentang sampai baris {_fmt(last_row)} dan kolom "
                       f"ke-{_fmt(last_col)} (lebih dari {_fmt(MAX_SHEET_CELLS)} sel bila dibaca "
                       "utuh); terlalu besar untuk dibaca", sheet=title,
                hint="hapus isi dan format sel jauh di luar tabel (Ctrl+End menunjukkan sel "
                     "terakhir yang dipakai), lalu simpan; atau " + _HINT))
        elif cells > MAX_SHEET_CELLS:
            found.append(Problem(
                fname, f"sheet ini berisi lebih dari {_fmt(MAX_SHEET_CELLS)} sel (termasuk sel "
                       "gabungan/merge dan sel kosong yang diberi format); terlalu besar untuk "
                       "dibaca", sheet=title,
                hint="hapus baris/kolom kosong yang diberi format atau sel gabungan yang sangat "
                     "besar; atau " + _HINT))
        elif rows > MAX_SHEET_ROWS:
            found.append(Problem(
                fname, f"sheet ini berisi lebih dari {_fmt(MAX_SHEET_ROWS)} baris (termasuk "
                       "baris kosong yang diberi format); terlalu besar untuk dibaca",
                sheet=title, hint="hapus baris kosong di bawah tabel (pilih barisnya, klik kanan "
                                  "> Delete); atau " + _HINT))
        elif before + cells > MAX_WORKBOOK_CELLS:
            big = sorted({**stats.cells, part: cells}.items(), key=lambda kv: -kv[1])[:3]
            listed = ", ".join(f"{titles.get(p, p)} ({_fmt(n)} sel)" for p, n in big)
            found.append(Problem(
                fname, f"workbook berisi lebih dari {_fmt(MAX_WORKBOOK_CELLS)} sel; terlalu "
                       f"besar untuk dibaca. Sheet terbesar: {listed}", sheet=title, hint=_HINT))
        if found:
            raise _Stop

    with contextlib.suppress(_Stop):
        _parse(zf, part, start, stats)
    stats.cells[part], stats.rows[part] = cells, rows
    stats.extent[part] = (last_row, last_col)
    return found[0] if found else None


def _scan_shared_strings(zf: zipfile.ZipFile, part: str, fname: str,
                         stats: XlsxStats) -> Problem | None:
    def start(name, _attrs):
        if _local(name) == "si":
            stats.shared_strings += 1
            if stats.shared_strings > MAX_SHARED_STRINGS:
                raise _Stop

    try:
        _parse(zf, part, start, stats)
    except _Stop:
        return Problem(fname, f"daftar teks (shared strings) workbook berisi lebih dari "
                              f"{_fmt(MAX_SHARED_STRINGS)} entri; terlalu besar untuk sebuah "
                              "instrumen", hint=_HINT)
    return None
