"""Shared types and small helpers of the monev subpackage (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Peringatan:
    """One issue found while computing monev tables (a warning, never silent).

    Parameters
    ----------
    jenis : str
        Machine-readable kind, e.g. ``"desa_tanpa_data"``, ``"tahun_hilang"``,
        ``"tangga_tidak_cocok"``, ``"nilai_tidak_dikenal"``.
    pesan : str
        Message in Bahasa Indonesia, ready to print in the report.
    sheet : str, optional
        Input sheet the issue comes from (``Akses``, ``Program``, ...).
    kode : str, optional
        Kode wilayah (desa/kecamatan) or indicator code concerned.
    tahun : int, optional
        Year concerned.
    """

    jenis: str
    pesan: str
    sheet: str | None = None
    kode: str | None = None
    tahun: int | None = None

    def __str__(self) -> str:
        return f"[{self.sheet}] {self.pesan}" if self.sheet else self.pesan


@dataclass
class MonevResult:
    """A result table plus the issues found while computing it.

    Attributes
    ----------
    tabel : pandas.DataFrame
        The result (a new DataFrame; inputs are never modified).
    peringatan : list of Peringatan
        Missing years, missing desa, inconsistent ladders, unknown codes, ...
    """

    tabel: pd.DataFrame
    peringatan: list[Peringatan] = field(default_factory=list)

    def __iter__(self):
        """Allow ``tabel, peringatan = result``."""
        return iter((self.tabel, self.peringatan))


@dataclass(frozen=True)
class MonevInput:
    """The monev sheets of one kabupaten, as parsed DataFrames with the contract columns.

    Parameters
    ----------
    form2 : pandas.DataFrame
        One row per desa: at least ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``;
        ``penduduk`` and ``lokus_stunting`` are used when present.
    akses, program, anggaran, target, komitmen : pandas.DataFrame, optional
        The sheets of ``instrumen.xlsx`` (``None`` or header-only = empty).
    kode_kab, nama_kab : str, optional
        Kabupaten code (``PP.KK``) and name; the code defaults to the first five
        characters of the first ``kode_desa``.
    tahun : int, optional
        Reporting year; defaults to the latest year found in the data.
    """

    form2: pd.DataFrame
    akses: pd.DataFrame | None = None
    program: pd.DataFrame | None = None
    anggaran: pd.DataFrame | None = None
    target: pd.DataFrame | None = None
    komitmen: pd.DataFrame | None = None
    kode_kab: str | None = None
    nama_kab: str | None = None
    tahun: int | None = None

    @classmethod
    def dari_paket(cls, paket, tahun: int | None = None) -> MonevInput:
        """Build from a loaded input package (anything with ``sheet(name)``, ``kode``, ``nama``).

        Parameters
        ----------
        paket : ppsp_analysis.package.InputPackage
            The loaded package (duck-typed; nothing is read from disk here).
        tahun : int, optional
            Reporting year (default: the package's ``tahun``, i.e. Form 1).
        """
        lembar = {s: paket.sheet(s) for s in ("Form2", "Akses", "Program", "Anggaran", "Target",
                                              "Komitmen")}
        return cls(form2=lembar["Form2"], akses=lembar["Akses"], program=lembar["Program"],
                   anggaran=lembar["Anggaran"], target=lembar["Target"],
                   komitmen=lembar["Komitmen"], kode_kab=getattr(paket, "kode", None) or None,
                   nama_kab=getattr(paket, "nama", None) or None,
                   tahun=tahun if tahun is not None else (getattr(paket, "tahun", None) or None))

    @property
    def kode_kabupaten(self) -> str:
        """Kabupaten code, given or derived from the desa codes (``PP.KK``)."""
        if self.kode_kab:
            return str(self.kode_kab)
        if len(self.form2) and "kode_desa" in self.form2:
            return ".".join(str(self.form2["kode_desa"].iloc[0]).split(".")[:2])
        return "?"

    @property
    def nama_kabupaten(self) -> str:
        """Kabupaten name (or its code when no name was given)."""
        return str(self.nama_kab) if self.nama_kab else self.kode_kabupaten


def ada(df: pd.DataFrame | None) -> bool:
    """True when ``df`` is a DataFrame with at least one row."""
    return df is not None and len(df) > 0


def daftar_singkat(items: Iterable[object], maks: int = 8) -> str:
    """Join items for a message, shortening long lists: ``a, b, c dan 5 lainnya``."""
    items = [str(i) for i in items]
    if len(items) <= maks:
        return ", ".join(items)
    return ", ".join(items[:maks]) + f" dan {len(items) - maks} lainnya"


def periksa_kolom(df: pd.DataFrame, kolom: Sequence[str], sheet: str) -> None:
    """Raise ``KeyError`` naming the sheet when contract columns are missing."""
    hilang = [k for k in kolom if k not in df.columns]
    if hilang:
        raise KeyError(f"Sheet {sheet}: kolom tidak ada: {', '.join(hilang)}")


def ke_angka(df: pd.DataFrame, kolom: Sequence[str], sheet: str,
             peringatan: list[Peringatan]) -> pd.DataFrame:
    """Return a copy with ``kolom`` as float; values that are not numbers become NaN, reported."""
    out = df.copy()
    for k in kolom:
        if k not in out.columns:
            continue
        asli = out[k]
        if asli.dtype == np.float64:
            continue
        angka = pd.to_numeric(asli, errors="coerce").astype(float)
        rusak = angka.isna() & asli.notna()
        if rusak.any():
            peringatan.append(Peringatan(
                "bukan_angka",
                f"{int(rusak.sum())} nilai kolom {k} bukan angka dan diabaikan",
                sheet=sheet))
        out[k] = angka
    return out


def tahun_hilang(tahun: Iterable[int]) -> list[int]:
    """Years missing inside the observed span, e.g. ``[2020, 2022] -> [2021]``."""
    ada_ = sorted({int(t) for t in tahun})
    if not ada_:
        return []
    return [t for t in range(ada_[0], ada_[-1] + 1) if t not in set(ada_)]


def bagi(pembilang: pd.Series | float, penyebut: pd.Series | float,
         skala: float = 1.0) -> pd.Series | float:
    """``pembilang / penyebut * skala`` with NaN (not inf) where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if isinstance(penyebut, pd.Series):
            return pembilang / penyebut.where(penyebut != 0) * skala
        if penyebut == 0 or pd.isna(penyebut):
            return float("nan")
        return pembilang / penyebut * skala
