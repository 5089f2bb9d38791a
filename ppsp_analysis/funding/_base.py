"""Shared types of the funding subpackage: the SSK period and small helpers (no I/O).

Results reuse :class:`~ppsp_analysis.monev.MonevResult` (a table plus the issues found) and
:class:`~ppsp_analysis.monev.MonevWarning`, so the monev report and the funding tables print
their cautions the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..monev._base import MonevResult, MonevWarning

__all__ = ["MonevResult", "MonevWarning", "SSKPeriod", "as_number", "year_of"]

#: Length of an SSK period when Form 1 gives only its first year (SSK are five-year plans).
SSK_YEARS = 5


@dataclass(frozen=True)
class SSKPeriod:
    """The SSK period and the budget year the brief asks for.

    Parameters
    ----------
    awal, akhir : int
        First and last year of the SSK (inclusive).
    tahun_usulan : int
        The fiscal year whose KUA-PPAS the ask is for.

    Examples
    --------
    >>> p = SSKPeriod.from_form1({"tahun": 2026})[0]
    >>> p.years, p.tahun_usulan
    ([2026, 2027, 2028, 2029, 2030], 2027)
    """

    awal: int
    akhir: int
    tahun_usulan: int

    @property
    def years(self) -> list[int]:
        """Every year of the period."""
        return list(range(self.awal, self.akhir + 1))

    @property
    def label(self) -> str:
        """``2026–2030``."""
        return f"{self.awal}–{self.akhir}"

    @classmethod
    def from_form1(cls, form1: Mapping) -> tuple[SSKPeriod, list[MonevWarning]]:
        """The period from Form 1 (``ssk_tahun_awal``, ``ssk_tahun_akhir``,
        ``tahun_kua_ppas``), defaulting to ``tahun`` … ``tahun + 4`` and ``tahun + 1``.

        An inconsistent period (end before start, longer than 10 years) falls back to the
        default, with a warning; validation reports it as an error beforehand.
        """
        warnings: list[MonevWarning] = []
        tahun = year_of(form1.get("tahun"))
        start = year_of(form1.get("ssk_tahun_awal"))
        end = year_of(form1.get("ssk_tahun_akhir"))
        if start is None:
            start = tahun if tahun is not None else end - SSK_YEARS + 1 if end else None
        if start is None:
            raise ValueError("Form1: tahun analisis tidak diketahui; periode SSK tidak dapat "
                             "ditentukan")
        if end is None:
            end = start + SSK_YEARS - 1
        if not 0 <= end - start < 10:
            warnings.append(MonevWarning(
                "periode_ssk", f"periode SSK {start}–{end} tidak wajar; dipakai {start}–"
                f"{start + SSK_YEARS - 1}", sheet="Form1"))
            end = start + SSK_YEARS - 1
        ask = year_of(form1.get("tahun_kua_ppas"))
        if ask is None:
            ask = (tahun + 1) if tahun is not None else start
            ask = min(max(ask, start), end)
        return cls(int(start), int(end), int(ask)), warnings


def year_of(value: object) -> int | None:
    """A year from a Form 1 value (int, float, numeric text), None when blank or not a year.

    Examples
    --------
    >>> year_of(2026.0), year_of("2027"), year_of(None), year_of("x")
    (2026, 2027, None, None)
    """
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if math.isnan(number) or not number.is_integer() or not 1900 <= number <= 2100:
        return None
    return int(number)


def as_number(series: pd.Series) -> pd.Series:
    """A column as float (text that is not a number → NaN)."""
    return pd.to_numeric(series, errors="coerce").astype(float)


def blank_text(series: pd.Series) -> pd.Series:
    """True where a text column is empty (None, NaN, spaces)."""
    text = series.astype("string").str.strip()
    return text.isna() | (text == "")


def clean_text(series: pd.Series) -> pd.Series:
    """A text column stripped, blanks as None (object dtype).

    Examples
    --------
    >>> clean_text(pd.Series([" a ", "", None, float("nan")])).tolist()
    ['a', None, None, None]
    """
    text = series.astype("string").str.strip()
    return pd.Series([None if pd.isna(v) or v == "" else str(v) for v in text],
                     index=series.index, dtype=object)


def columns_or_blank(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """A copy of ``df`` with every column of ``columns`` (missing ones blank)."""
    out = pd.DataFrame() if df is None else df.copy()
    for c in columns:
        if c not in out.columns:
            out[c] = np.nan
    return out


def normalise_shares(shares: Mapping[str, float]) -> dict[str, float]:
    """Positive shares scaled to sum to 1 (zero shares dropped).

    Examples
    --------
    >>> normalise_shares({"a": 80, "b": 20, "c": 0})
    {'a': 0.8, 'b': 0.2}
    """
    items = {k: float(v) for k, v in shares.items() if v is not None and float(v) > 0}
    total = sum(items.values())
    if total <= 0:
        return {}
    return {k: v / total for k, v in items.items()}
