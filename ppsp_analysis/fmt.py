"""The one formatter of ppsp-analysis: numbers, percentages, Rupiah, dates and years the
Indonesian way (pure, no dependencies).

Everything a user reads goes through here — maps, reports (HTML, PDF, Word), slides,
workbook labels, validation messages, the batch index and the interactive map — so a number
looks the same wherever it is printed: ``1.234,5``, ``31,5%``, ``Rp 1,72 triliun``,
``1 Desember 2026``, ``2029``.

Table cells are formatted by *format kind* (the kinds of :data:`KINDS`, shared with the
column vocabulary :mod:`ppsp_analysis.labels`): :func:`cell` for one value, :func:`column`
for a whole column (same number of decimals on every row).

Examples
--------
>>> number(1234.5), number(305796), percent(31.48), year(2029)
('1.234,5', '305.796', '31,5%', '2029')
>>> rupiah(1.721e12), date("2026-12-01")
('Rp 1,72 triliun', '1 Desember 2026')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real

__all__ = [
    "BULAN",
    "KINDS",
    "MISSING",
    "angle",
    "cell",
    "column",
    "date",
    "decimals_needed",
    "integer",
    "number",
    "percent",
    "rupiah",
    "rupiah_full",
    "scale",
    "signed",
    "with_unit",
    "year",
]

MISSING = "–"
"""What a missing value prints as."""

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")

KINDS: dict[str, int | None] = {
    "count": 0,      # people, households, desa: 1.234
    "int": 0,        # small whole numbers without grouping: strata 0–4
    "year": 0,       # 2025, never 2.025
    "class": 0,      # risk class 1–4
    "kode": None,    # codes stay text
    "text": None,
    "general": None,
    "flag": None,    # Ya / Tidak
    "pct": 1,        # 0–100 percent numbers: 31,5 (the % is in the unit)
    "pct2": 2,       # small shares: 1,29
    "score": 2,      # 1–4 scores and IMPACT × EXPOSURE
    "index": 1,      # IRS
    "decimal": 1,    # hectares, tonnes
    "number": None,  # other measures: as many decimals (≤ 2) as the column needs
    "rp": 0,         # Rupiah in full: 1.721.434.000
}
"""Format kind → fixed decimals (``None``: decided by the values)."""

_UNGROUPED = {"int", "year", "class"}


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return isinstance(value, Real) and not isinstance(value, Integral) and math.isnan(
        float(value))


def decimals_needed(values: Iterable[float | None], cap: int = 2) -> int:
    """Fewest decimals (≤ ``cap``) that show every value without loss.

    Examples
    --------
    >>> decimals_needed([1.0, 2.5, 3.25]), decimals_needed([0.333333])
    (2, 2)
    """
    finite = [float(v) for v in values if v is not None and not _missing(v)
              and math.isfinite(float(v))]
    for d in range(cap + 1):
        if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v)) for v in finite):
            return d
    return cap


def number(value: object, decimals: int | None = None, grouping: bool = True) -> str:
    """A number the Indonesian way: ``1234.5`` → ``"1.234,5"``.

    Parameters
    ----------
    value : number, str or None
        Strings pass through; missing values print :data:`MISSING`; booleans ``Ya``/``Tidak``.
    decimals : int, optional
        Digits after the comma (default: 0 for integers, as many as needed up to 2 otherwise).
    grouping : bool
        ``.`` between thousands (off for codes and years).

    Examples
    --------
    >>> number(1234567.891, 2), number(-0.001, 1), number(None), number(2026, grouping=False)
    ('1.234.567,89', '0,0', '–', '2026')
    >>> number(2.675, 2), number(0.5, 0), number(-1.25, 1)   # half away from zero
    ('2,68', '1', '-1,3')
    >>> number(float("inf")), number(True)
    ('∞', 'Ya')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, str):
        return value
    if not isinstance(value, Real):
        return str(value)
    if isinstance(value, Integral) and decimals is None:
        decimals = 0
    x = float(value)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if decimals is None:
        decimals = decimals_needed([x])
    # half away from zero on the shortest decimal text of x, as Excel and people round
    q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{q:,.{decimals}f}" if grouping else f"{q:.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text.translate(str.maketrans({",": ".", ".": ","}))


def integer(value: object) -> str:
    """A whole number with thousands dots: ``1250000`` → ``"1.250.000"``.

    Examples
    --------
    >>> integer(1250000), integer(-42), integer(7.6)
    ('1.250.000', '-42', '8')
    """
    return number(value if _missing(value) else round(float(value)), 0)


def signed(value: object, decimals: int = 1) -> str:
    """A number with its sign: ``+1,5`` / ``-0,3`` (rates of change).

    Examples
    --------
    >>> signed(1.5), signed(-0.25, 2), signed(0)
    ('+1,5', '-0,25', '+0,0')
    """
    text = number(value, decimals)
    return text if text == MISSING or text.startswith("-") else "+" + text


def percent(value: object, decimals: int = 1) -> str:
    """A 0–100 percentage: ``31.48`` → ``"31,5%"`` (PUEBI: no space before the sign).

    Examples
    --------
    >>> percent(31.48), percent(100, 0), percent(None)
    ('31,5%', '100%', '–')
    """
    text = number(value, decimals)
    return text if text == MISSING else f"{text}%"


_RP_SCALES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def rupiah(value: object, decimals: int | None = None) -> str:
    """Rupiah, short: ``1.721e12`` → ``"Rp 1,72 triliun"``; below a million in full.

    A million or more is written in *juta*, *miliar* or *triliun* with three significant
    digits (the whole part always kept, trailing zeros dropped); an amount that rounds up
    into the next word takes it (``999,6 juta`` → ``Rp 1 miliar``).

    Parameters
    ----------
    decimals : int, optional
        Digits after the comma of the scaled amount (default: three significant digits).

    Examples
    --------
    >>> rupiah(1.721e12), rupiah(17.26e9), rupiah(172e6), rupiah(950000), rupiah(None)
    ('Rp 1,72 triliun', 'Rp 17,3 miliar', 'Rp 172 juta', 'Rp 950.000', '–')
    >>> rupiah(999_600_000), rupiah(1.5e9), rupiah(-2.5e9)
    ('Rp 1 miliar', 'Rp 1,5 miliar', '-Rp 2,5 miliar')
    """
    if _missing(value):
        return MISSING
    x = float(value)
    if math.isnan(x):
        return MISSING
    sign, x = ("-" if x < 0 else ""), abs(x)
    for divisor, word in _RP_SCALES:
        if round(x / divisor, 2) >= 1:
            scaled = x / divisor
            whole = len(str(int(scaled))) if scaled >= 1 else 1
            d = decimals if decimals is not None else max(3 - whole, 0)
            text = number(round(scaled, d), d)
            if decimals is None and "," in text:
                text = text.rstrip("0").rstrip(",")
            return f"{sign}Rp {text} {word}"
    return f"{sign}Rp {number(round(x), 0)}"


def rupiah_full(value: object) -> str:
    """Rupiah in full: ``1721434000`` → ``"Rp 1.721.434.000"``.

    Examples
    --------
    >>> rupiah_full(1721434000)
    'Rp 1.721.434.000'
    """
    text = number(value, 0)
    return text if text == MISSING else f"Rp {text}"


def year(value: object) -> str:
    """A year, never grouped: ``2029`` → ``"2029"``.

    Examples
    --------
    >>> year(2029.0), year(None), year("2026")
    ('2029', '–', '2026')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, str):
        return value
    return str(int(round(float(value))))


def date(value: dt.date | str | None) -> str:
    """``2026-12-01`` → ``"1 Desember 2026"`` (a non-date string is returned unchanged).

    Examples
    --------
    >>> date(dt.date(2026, 1, 5)), date("2026-11-22T10:00"), date(None), date("kemarin")
    ('5 Januari 2026', '22 November 2026', '–', 'kemarin')
    """
    if value is None or value == "":
        return MISSING
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def scale(denominator: int) -> str:
    """Representative fraction: ``350000`` → ``"1 : 350.000"``.

    Examples
    --------
    >>> scale(350000)
    '1 : 350.000'
    """
    return f"1 : {integer(denominator)}"


def angle(value: float, axis: str) -> str:
    """Longitude or latitude in degrees and minutes, Indonesian hemispheres.

    Parameters
    ----------
    value : float
        Decimal degrees.
    axis : {"lon", "lat"}
        ``lon`` gives BT/BB (bujur timur/barat), ``lat`` LU/LS (lintang utara/selatan).

    Examples
    --------
    >>> angle(113.5, "lon"), angle(-2.25, "lat"), angle(0.0, "lat")
    ('113°30′ BT', '2°15′ LS', '0°00′')
    """
    minutes_total = round(abs(value) * 60)
    degrees, minutes = divmod(minutes_total, 60)
    text = f"{degrees}°{minutes:02d}′"
    if minutes_total == 0:
        return text
    if axis == "lon":
        return f"{text} {'BT' if value > 0 else 'BB'}"
    return f"{text} {'LU' if value > 0 else 'LS'}"


def cell(value: object, kind: str = "general", decimals: int | None = None) -> str:
    """One table cell by format kind (see :data:`KINDS`).

    Examples
    --------
    >>> cell(2029, "year"), cell(1234.5, "count"), cell(31.25, "pct"), cell(3, "class")
    ('2029', '1.235', '31,3', '3')
    >>> cell(1721434000, "rp"), cell(True, "flag"), cell("62.10", "kode"), cell(None, "pct")
    ('1.721.434.000', 'Ya', '62.10', '–')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, bool) or kind == "flag":
        if isinstance(value, (bool, Real)):
            return "Ya" if bool(value) else "Tidak"
        return str(value)
    if kind in ("kode", "text") or not isinstance(value, Real):
        return number(value)
    if kind == "year":
        return year(value)
    fixed = KINDS.get(kind)
    d = decimals if decimals is not None else fixed
    return number(value, d, grouping=kind not in _UNGROUPED)


def column(values: Sequence[object], kind: str = "general") -> list[str]:
    """Cells of one column, with the same decimals on every row.

    ``number`` and ``general`` columns take the fewest decimals (≤ 2) that show every value.

    Examples
    --------
    >>> column([1.5, 2.0, 1000.25], "number")
    ['1,50', '2,00', '1.000,25']
    >>> column([2024, 2025.0], "year")
    ['2024', '2025']
    """
    d = None
    if KINDS.get(kind) is None and kind not in ("kode", "text", "flag"):
        nums = [float(v) for v in values if isinstance(v, Real) and not isinstance(v, bool)
                and not _missing(v)]
        if nums:
            d = decimals_needed(nums)
    return [cell(v, kind, d) for v in values]


def with_unit(value: object, unit: str = "", kind: str = "general") -> str:
    """A value with its unit, as a sentence prints it.

    ``%`` sticks to the number, Rupiah is written short (``Rp 1,72 triliun``), other units
    follow after a space.

    Examples
    --------
    >>> with_unit(31.48, "%", "pct"), with_unit(305796, "jiwa", "count")
    ('31,5%', '305.796 jiwa')
    >>> with_unit(1.721e12, "Rp", "rp"), with_unit(None, "jiwa", "count")
    ('Rp 1,72 triliun', '–')
    """
    if _missing(value):
        return MISSING
    if kind == "rp" or unit.strip().lower() == "rp":
        return rupiah(value)
    text = cell(value, kind)
    if not unit:
        return text
    if unit.startswith("%"):
        return f"{text}{unit}" if unit == "%" else f"{text}{unit[0]} {unit[1:].strip()}"
    return f"{text} {unit}"
