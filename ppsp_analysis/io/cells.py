"""Cell rules of the workbook reader: blank cells, Indonesian and English numbers, yes/no,
urban/rural, choices, headers (what :mod:`ppsp_analysis.io.workbook` applies to every cell of
``instrumen.xlsx``; the kinds are those of :class:`ppsp_analysis.schema.ColumnInfo`).
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import numpy as np

from ..schema import (  # noqa: F401 (choice tuples: used by the examples)
    _BLANK,
    JENIS_BELANJA,
    JENIS_PIHAK,
    JENIS_PIHAK_ALIAS,
    KOMPONEN_PROGRAM,
    STATUS_KOMITMEN,
    STATUS_KOMITMEN_ALIAS,
    SUMBER_DANA,
    SheetSpec,
    canonical_choice,
    clean_invisible,
    column_info,
    is_blank,
    normalise_header,
    normalise_kode,
    parse_date,
)

_NUM_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_NUM_SUFFIX = re.compile(r"(,-|\.-|,—|-)$")
_MULTIPLIERS = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
                "triliun": 1e12}
_MULT_RE = re.compile(r"^(.*?)(ribu|rb|juta|jt|miliar|milyar|triliun)\.?$", re.IGNORECASE)
_YES = {"1", "ya", "y", "yes", "iya", "ada", "true", "benar", "v", "x", "✓"}
_NO = {"0", "tidak", "tdk", "t", "no", "n", "tak", "tidak ada", "false", "salah", "-"}
_URBAN = {"1": 1, "urban": 1, "perkotaan": 1, "kota": 1, "2": 2, "rural": 2, "perdesaan": 2,
          "pedesaan": 2, "desa": 2}


def parse_number(value: object) -> float:
    """Parse a cell typed the Indonesian (or English) way; NaN for blank, ``ValueError`` for text.

    Handles ``12,5``, ``1.234.567``, ``1.234.567,5``, ``Rp 1.500.000,-``, ``Rp 1,5 juta``,
    ``45%`` (→ 45), ``1,234.5``, ``(1.000)`` (accounting negative), non-breaking spaces.
    A lone dot followed by exactly three digits is a thousands separator (``1.234`` →
    1234, the Indonesian reading); a lone comma is always the decimal mark.

    Examples
    --------
    >>> [parse_number(v) for v in ["12,5", "1.234.567", "Rp 1.500.000", "45%", 7, "", "3.5"]]
    [12.5, 1234567.0, 1500000.0, 45.0, 7.0, nan, 3.5]
    >>> [parse_number(v) for v in ["Rp1.500.000,-", "1,5 juta", "0.450", "(1.000)", "1,234"]]
    [1500000.0, 1500000.0, 0.45, -1000.0, 1.234]
    """
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        raise ValueError("berisi TRUE/FALSE, bukan angka")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        raise ValueError("berisi tanggal/jam, bukan angka")
    if isinstance(value, (int, float, np.integer, np.floating)):
        try:
            out = float(value)
        except OverflowError:  # an integer of hundreds of digits (a crafted cell)
            raise ValueError("bukan angka terhingga") from None
        if math.isinf(out):
            raise ValueError("bukan angka terhingga")
        return out
    text = str(value).strip().replace("\u00a0", " ").replace("\u2212", "-")
    if text.lower() in _BLANK:
        return float("nan")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _NUM_PREFIX.sub("", text).strip()
    text = _NUM_SUFFIX.sub("", text).strip() if len(text) > 1 else text
    multiplier = 1.0
    match = _MULT_RE.match(text)
    if match:
        text, multiplier = match.group(1).strip(), _MULTIPLIERS[match.group(2).lower()]
    text = text.replace(" ", "").rstrip("%")
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+(,\d+)?", text):   # 1.234.567,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"(0|[1-9]\d{0,2})(,\d{3}){2,}(\.\d+)?", text) or re.fullmatch(
            r"(0|[1-9]\d{0,2})(,\d{3})+\.\d+", text):               # 1,234,567.5
        text = text.replace(",", "")
    elif re.fullmatch(r"\d*,\d+", text):                         # 12,5
        text = text.replace(",", ".")
    if not re.fullmatch(r"(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise ValueError("bukan angka")
    out = float(text) * multiplier
    if math.isinf(out):
        raise ValueError("bukan angka terhingga")
    return -out if negative else out


def parse_flag(value: object) -> float:
    """0/1 flag from ``1``/``0``, ``ya``/``tidak`` (and similar); NaN for blank.

    Examples
    --------
    >>> [parse_flag(v) for v in ["Ya", "tidak", 1, 0.0, " YA ", None]]
    [1.0, 0.0, 1.0, 0.0, 1.0, nan]
    """
    if is_blank(value):
        return float("nan")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _YES:
            return 1.0
        if key in _NO:
            return 0.0
    try:
        number = parse_number(value)
    except ValueError:
        number = float("nan")
    if number in (0.0, 1.0):
        return number
    raise ValueError("harus 1/ya atau 0/tidak")


def parse_urban(value: object) -> float:
    """1 (urban/perkotaan) or 2 (rural/perdesaan); NaN for blank.

    Examples
    --------
    >>> [parse_urban(v) for v in [1, "2", "Urban", "perdesaan", None]]
    [1.0, 2.0, 1.0, 2.0, nan]
    """
    if is_blank(value):
        return float("nan")
    if isinstance(value, str) and value.strip().lower() in _URBAN:
        return float(_URBAN[value.strip().lower()])
    try:
        number = parse_number(value)
    except ValueError:
        number = float("nan")
    if number in (1.0, 2.0):
        return number
    raise ValueError("harus 1 (urban/perkotaan) atau 2 (rural/perdesaan)")





def header_aliases(spec: SheetSpec) -> dict[str, str]:
    """Header spellings understood for ``spec`` → contract column name.

    The contract name itself, its template label (with or without the unit) and the
    normalised forms of both.
    """
    out: dict[str, str] = {}
    for col in spec.all_columns:
        info = column_info(spec.name, col)
        for text in (col, info.label, info.heading):
            out[normalise_header(text)] = col
    return out


def parse_cell(value: object, kind: str, choices: tuple[str, ...] = (),
               percent_format: bool = False,
               aliases: tuple[tuple[str, str], ...] = ()) -> object:
    """Read one cell by its column kind (see the module docstring).

    Parameters
    ----------
    value : object
        The cell value as openpyxl/pandas gives it.
    kind : str
        Column kind.
    choices : tuple of str
        For ``choice`` columns.
    percent_format : bool
        The cell is formatted as a percentage in Excel (``0.45`` shows as ``45%``).
    aliases : tuple of (str, str)
        Other spellings of ``choice`` values (:func:`canonical_choice`).

    Returns
    -------
    object
        float (NaN for blank) for numeric kinds, str or None otherwise.

    Raises
    ------
    ValueError
        With a short Bahasa Indonesia reason when the cell cannot be read.

    Examples
    --------
    >>> parse_cell("45%", "pct"), parse_cell(0.45, "pct", percent_format=True)
    (45.0, 45.0)
    >>> parse_cell(6210012001, "kode"), parse_cell("ya", "flag"), parse_cell("3", "score")
    ('62.10.01.2001', 1.0, 3.0)
    """
    if kind == "kode":
        return normalise_kode(value)
    if kind == "text":
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, _dt.datetime):
            return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        return re.sub(r"\s+", " ", clean_invisible(str(value))).strip()
    if kind == "choice":
        return canonical_choice(value, choices, aliases)
    if kind == "date":
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError(f"'{_show(value)}' bukan tanggal (tulis mis. 2026-03-15 atau "
                             "15/03/2026)") from None
    if kind == "flag":
        return parse_flag(value)
    if kind == "urban":
        return parse_urban(value)
    number = parse_number(value)
    if percent_format and not math.isnan(number):
        number = round(number * 100, 10)
        if math.isinf(number):
            raise ValueError("bukan angka terhingga")
    if kind == "year" and not math.isnan(number) and (
            not number.is_integer() or not 1900 <= number <= 2100):
        raise ValueError(f"'{_show(value)}' bukan tahun (1900–2100)")
    return number


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def fraction_column(values: list[float]) -> bool:
    """True when a percentage column was typed as fractions (all values within 0–1).

    Examples
    --------
    >>> fraction_column([0.45, 0.5, 1.0]), fraction_column([45.0, 0.5]), fraction_column([0, 1])
    (True, False, False)
    """
    present = [v for v in values if v is not None and not math.isnan(v)]
    return bool(present) and all(0 <= v <= 1 for v in present) and any(
        0 < v < 1 for v in present)
