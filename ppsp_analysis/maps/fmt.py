"""Indonesian formatting of numbers, dates, scales and coordinates for map text."""

from __future__ import annotations

import datetime as dt

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_int(value: int) -> str:
    """Format an integer with Indonesian thousands separators.

    Examples
    --------
    >>> format_int(1250000)
    '1.250.000'
    >>> format_int(-42)
    '-42'
    """
    return f"{int(value):,}".replace(",", ".")


def format_decimal(value: float, digits: int = 1) -> str:
    """Format a number with a decimal comma and thousands dots.

    Examples
    --------
    >>> format_decimal(1234.56, 1)
    '1.234,6'
    """
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_scale(denominator: int) -> str:
    """Representative fraction in Indonesian style.

    Examples
    --------
    >>> format_scale(350000)
    '1 : 350.000'
    """
    return f"1 : {format_int(denominator)}"


def format_date(day: dt.date) -> str:
    """Format a date as ``22 November 2026``.

    Examples
    --------
    >>> format_date(dt.date(2026, 1, 5))
    '5 Januari 2026'
    """
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def format_angle(value: float, axis: str) -> str:
    """Format a longitude or latitude in degrees and minutes, Indonesian hemispheres.

    Parameters
    ----------
    value : float
        Decimal degrees.
    axis : {"lon", "lat"}
        ``lon`` gives BT/BB (bujur timur/barat), ``lat`` LU/LS (lintang utara/selatan).

    Examples
    --------
    >>> format_angle(113.5, "lon")
    '113°30′ BT'
    >>> format_angle(-2.25, "lat")
    '2°15′ LS'
    >>> format_angle(0.0, "lat")
    '0°00′'
    """
    minutes_total = round(abs(value) * 60)
    degrees, minutes = divmod(minutes_total, 60)
    text = f"{degrees}°{minutes:02d}′"
    if minutes_total == 0:
        return text
    if axis == "lon":
        return f"{text} {'BT' if value > 0 else 'BB'}"
    return f"{text} {'LU' if value > 0 else 'LS'}"


def nice_scale(minimum: float) -> int:
    """Smallest "round" scale denominator that is at least ``minimum``.

    The series is 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 times a power of ten, the
    denominators printed map series use.

    Examples
    --------
    >>> nice_scale(333_000)
    400000
    >>> nice_scale(1_180_000)
    1250000
    """
    steps = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0)
    power = 10 ** int(f"{max(minimum, 1):e}".split("e")[1])
    for step in steps:
        if step * power >= minimum - 1e-6:
            return int(round(step * power))
    return int(10 * power)  # pragma: no cover - unreachable, 10.0 is in steps
