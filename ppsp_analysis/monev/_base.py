"""Shared types and small helpers of the monev subpackage (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class MonevWarning:
    """One issue found while computing monev tables (a warning, never silent).

    Parameters
    ----------
    kind : str
        Machine-readable kind, e.g. ``"desa_tanpa_data"``, ``"tahun_hilang"``,
        ``"tangga_tidak_cocok"``, ``"nilai_tidak_dikenal"``.
    message : str
        Message in Bahasa Indonesia, ready to print in the report.
    sheet : str, optional
        Input sheet the issue comes from (``Akses``, ``Program``, ...).
    code : str, optional
        Area code (desa/kecamatan) or indicator code concerned.
    year : int, optional
        Year concerned.
    """

    kind: str
    message: str
    sheet: str | None = None
    code: str | None = None
    year: int | None = None

    def __str__(self) -> str:
        return f"[{self.sheet}] {self.message}" if self.sheet else self.message


@dataclass
class MonevResult:
    """A result table plus the issues found while computing it.

    Attributes
    ----------
    table : pandas.DataFrame
        The result (a new DataFrame; inputs are never modified).
    warnings : list of MonevWarning
        Missing years, missing desa, inconsistent ladders, unknown codes, ...
    """

    table: pd.DataFrame
    warnings: list[MonevWarning] = field(default_factory=list)

    def __iter__(self):
        """Allow ``table, warnings = result``."""
        return iter((self.table, self.warnings))


@dataclass(frozen=True)
class MonevInput:
    """The monev sheets of one kabupaten, as parsed DataFrames with the contract columns.

    Parameters
    ----------
    form2 : pandas.DataFrame
        One row per desa: at least ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``;
        ``penduduk`` and ``lokus_stunting`` are used when present.
    access, program, budget, targets, commitments : pandas.DataFrame, optional
        The sheets ``Akses``, ``Program``, ``Anggaran``, ``Target`` and ``Komitmen`` of
        ``instrumen.xlsx`` (``None`` or header-only = empty).
    kab_code, kab_name : str, optional
        Kabupaten code (``PP.KK``) and name; the code defaults to the first five
        characters of the first ``kode_desa``.
    year : int, optional
        Reporting year; defaults to the latest year found in the data.
    ambang_prioritas : int, optional
        Lowest priority class of the method (``area_berisiko.ambang_prioritas``); without
        it the scored table's ``prioritas_<komponen>`` flags decide.
    unit_costs, lokus : pandas.DataFrame, optional
        Sheets ``BiayaSatuan`` and ``LokusStunting`` (read by :mod:`ppsp_analysis.funding`).
    form1 : dict, optional
        Form 1 (the SSK period and KUA-PPAS year of :mod:`ppsp_analysis.funding`).
    """

    form2: pd.DataFrame
    access: pd.DataFrame | None = None
    program: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    commitments: pd.DataFrame | None = None
    kab_code: str | None = None
    kab_name: str | None = None
    year: int | None = None
    ambang_prioritas: int | None = None
    unit_costs: pd.DataFrame | None = None
    lokus: pd.DataFrame | None = None
    form1: dict | None = None

    @classmethod
    def from_package(cls, package, year: int | None = None) -> MonevInput:
        """Build from a loaded input package (anything with ``sheet(name)``, ``kode``, ``nama``).

        Parameters
        ----------
        package : ppsp_analysis.package.InputPackage
            The loaded package (duck-typed; nothing is read from disk here).
        year : int, optional
            Reporting year (default: the package's ``tahun``, i.e. Form 1).
        """
        sheets = {s: package.sheet(s) for s in ("Form2", "Akses", "Program", "Anggaran",
                                                "Target", "Komitmen", "BiayaSatuan",
                                                "LokusStunting")}
        return cls(form2=sheets["Form2"], access=sheets["Akses"], program=sheets["Program"],
                   budget=sheets["Anggaran"], targets=sheets["Target"],
                   commitments=sheets["Komitmen"],
                   kab_code=getattr(package, "kode", None) or None,
                   kab_name=getattr(package, "nama", None) or None,
                   year=year if year is not None else (getattr(package, "tahun", None) or None),
                   ambang_prioritas=_threshold(getattr(package, "method", None)),
                   unit_costs=sheets["BiayaSatuan"], lokus=sheets["LokusStunting"],
                   form1=dict(getattr(package, "form1", {}) or {}))

    @property
    def kabupaten_code(self) -> str:
        """Kabupaten code, given or derived from the desa codes (``PP.KK``)."""
        if self.kab_code:
            return str(self.kab_code)
        if len(self.form2) and "kode_desa" in self.form2:
            return ".".join(str(self.form2["kode_desa"].iloc[0]).split(".")[:2])
        return "?"

    @property
    def kabupaten_name(self) -> str:
        """Kabupaten name (or its code when no name was given)."""
        return str(self.kab_name) if self.kab_name else self.kabupaten_code


def _threshold(method) -> int | None:
    try:
        return int(method["area_berisiko"]["ambang_prioritas"])
    except (TypeError, KeyError, ValueError):
        return None


def has_rows(df: pd.DataFrame | None) -> bool:
    """True when ``df`` is a DataFrame with at least one row."""
    return df is not None and len(df) > 0


def short_list(items: Iterable[object], limit: int = 8) -> str:
    """Join items for a message, shortening long lists: ``a, b, c dan 5 lainnya``."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" dan {len(items) - limit} lainnya"


def check_columns(df: pd.DataFrame, columns: Sequence[str], sheet: str) -> None:
    """Raise ``KeyError`` naming the sheet when contract columns are missing."""
    missing = [k for k in columns if k not in df.columns]
    if missing:
        raise KeyError(f"Sheet {sheet}: kolom tidak ada: {', '.join(missing)}")


def coerce_numeric(df: pd.DataFrame, columns: Sequence[str], sheet: str,
                   warnings: list[MonevWarning]) -> pd.DataFrame:
    """Return a copy with ``columns`` as float; values that are not numbers become NaN, reported
    (appended to ``warnings``)."""
    out = df.copy()
    for k in columns:
        if k not in out.columns:
            continue
        raw = out[k]
        if raw.dtype == np.float64:
            continue
        numbers = pd.to_numeric(raw, errors="coerce").astype(float)
        bad = numbers.isna() & raw.notna()
        if bad.any():
            warnings.append(MonevWarning(
                "bukan_angka",
                f"{int(bad.sum())} nilai kolom {k} bukan angka dan diabaikan",
                sheet=sheet))
        out[k] = numbers
    return out


def missing_years(years: Iterable[int]) -> list[int]:
    """Years missing inside the observed span, e.g. ``[2020, 2022] -> [2021]``."""
    present = sorted({int(t) for t in years})
    if not present:
        return []
    return [t for t in range(present[0], present[-1] + 1) if t not in set(present)]


def divide(numerator: pd.Series | float, denominator: pd.Series | float,
           scale: float = 1.0) -> pd.Series | float:
    """``numerator / denominator * scale`` with NaN (not inf) where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if isinstance(denominator, pd.Series):
            return numerator / denominator.where(denominator != 0) * scale
        if denominator == 0 or pd.isna(denominator):
            return float("nan")
        return numerator / denominator * scale
