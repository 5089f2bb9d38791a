"""The one Indonesian number formatter of the toolkit: ``1234.5`` → ``"1.234,5"``.

Used by every text a person reads — validation messages, reports, tables, slides — so that
numbers are always written the Indonesian way (thousands ``.``, decimal ``,``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import pandas as pd

__all__ = ["decimals_needed", "format_number", "format_rupiah"]


def format_number(value: Any, decimals: int | None = None, grouping: bool = True) -> str:
    """Format a number the Indonesian way: ``1234.5`` → ``"1.234,5"``.

    Parameters
    ----------
    value : number, str or None
        Value to format; strings pass through, missing values become ``"–"``.
    decimals : int, optional
        Digits after the comma (default: 0 for integers, up to 2 for floats).
    grouping : bool
        Use ``.`` as thousands separator (off for codes and years).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(1234.5)
    '1.234,5'
    >>> format_number(305796)
    '305.796'
    >>> format_number(None)
    '–'
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, str):
        return value
    if isinstance(value, Integral) and decimals is None:
        decimals = 0
    if not isinstance(value, Real):
        return str(value)
    x = float(value)
    if math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if decimals is None:
        decimals = decimals_needed([x])
    text = f"{x:,.{decimals}f}" if grouping else f"{x:.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text.translate(str.maketrans({",": ".", ".": ","}))


def decimals_needed(values: Sequence[float], cap: int = 2) -> int:
    """Fewest decimals (≤ ``cap``) that show every value without loss."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    for d in range(cap + 1):
        if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v)) for v in finite):
            return d
    return cap


_RUPIAH_SCALES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def format_rupiah(value: Any, digits: int = 3) -> str:
    """A Rupiah amount in words for people: ``1.72e12`` → ``"Rp 1,72 triliun"``.

    Amounts of a million or more are written in *juta*, *miliar* or *triliun* with about
    ``digits`` significant digits (trailing zeros dropped); smaller amounts in full. Numbers go
    through :func:`format_number`, so the separators are Indonesian.

    Parameters
    ----------
    value : number or None
        Amount in Rupiah; missing values become ``"–"``.
    digits : int
        Significant digits of a scaled amount (at least the whole part is kept).

    Returns
    -------
    str

    Examples
    --------
    >>> format_rupiah(1.72e12), format_rupiah(350e6), format_rupiah(12_480_000_000)
    ('Rp 1,72 triliun', 'Rp 350 juta', 'Rp 12,5 miliar')
    >>> format_rupiah(850_000), format_rupiah(-2.5e9), format_rupiah(None), format_rupiah(0)
    ('Rp 850.000', '-Rp 2,5 miliar', '–', 'Rp 0')
    """
    if value is None or value is pd.NA or isinstance(value, (str, bool)):
        return format_number(value)
    x = float(value)
    if math.isnan(x):
        return "–"
    sign, x = ("-" if x < 0 else ""), abs(x)
    for scale, word in _RUPIAH_SCALES:
        if round(x / scale, max(digits - 1, 0)) >= 1:
            v = x / scale
            whole = len(str(int(v))) if v >= 1 else 1
            d = max(digits - whole, 0)
            text = format_number(round(v, d), d)
            if "," in text:
                text = text.rstrip("0").rstrip(",")
            return f"{sign}Rp {text} {word}"
    return f"{sign}Rp {format_number(round(x), 0)}"
