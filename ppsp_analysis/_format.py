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

__all__ = ["decimals_needed", "format_number"]


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
