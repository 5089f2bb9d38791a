"""The map number of every desa/kelurahan (pure): one number per kabupaten, used everywhere.

A desa whose name does not fit on a map sheet carries a number instead, explained in the
sheet's key. So that "desa nomor 12" means the same place on the A3 poster, the A4 sheet in
the printed report, a slide, ``skor_desa.xlsx``, ``tabel.xlsx`` and the interactive map, the
number is not given by a sheet but once, here, to **every** desa of the kabupaten, and
stored in the scored table as the column :data:`MAP_NUMBER` (``no_peta``).

The order is the Kemendagri code order: kecamatan code, then desa code within the kecamatan
(codes compared part by part as numbers, so ``62.10.10`` follows ``62.10.09``). It depends on
nothing but the codes: it is stable across papers, themes, method options and runs, and it
keeps the desa of one kecamatan together (the key of a sheet is grouped by kecamatan). Within a
kecamatan the kelurahan (``1xxx``) come before the desa (``2xxx``), as in the Kemendagri list.
Numbers run 1…n within each kabupaten (the first two parts of the code), so a table holding
several kabupaten numbers each of them from 1.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["MAP_NUMBER", "code_order_key", "map_numbers", "with_map_numbers"]

#: Column of the scored table holding the map number.
MAP_NUMBER = "no_peta"


def code_order_key(kode: object) -> tuple:
    """Sort key of a Kemendagri code: its dotted parts, numeric parts compared as numbers.

    Examples
    --------
    >>> sorted(["62.10.10.2001", "62.10.09.2003", "62.10.09.1001"], key=code_order_key)
    ['62.10.09.1001', '62.10.09.2003', '62.10.10.2001']
    """
    parts = str(kode).strip().split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _kabupaten_of(kode: str) -> str:
    return ".".join(str(kode).split(".")[:2])


def map_numbers(kode_desa: Iterable[object]) -> pd.Series:
    """Map number (1…n per kabupaten) of each desa code, in Kemendagri code order.

    Parameters
    ----------
    kode_desa : iterable of str
        Kemendagri desa/kelurahan codes ``PP.KK.CC.DDDD`` (a Series keeps its index).

    Returns
    -------
    pandas.Series of int
        Aligned with the input (same index for a Series, 0…n-1 otherwise), dtype int64.

    Examples
    --------
    >>> map_numbers(["62.10.02.2001", "62.10.01.2002", "62.10.01.1001", "62.03.01.2001"]
    ...             ).tolist()
    [3, 2, 1, 1]
    """
    codes = kode_desa if isinstance(kode_desa, pd.Series) else pd.Series(list(kode_desa))
    text = codes.astype(str)
    if text.duplicated().any():
        raise ValueError("kode desa ganda: " + ", ".join(sorted(set(text[text.duplicated()]))[:5]))
    values = text.tolist()
    keys = [code_order_key(v) for v in values]
    numbers = [0] * len(values)
    counter: dict[str, int] = {}
    for i in sorted(range(len(values)), key=keys.__getitem__):
        kab = _kabupaten_of(values[i])
        counter[kab] = counter.get(kab, 0) + 1
        numbers[i] = counter[kab]
    return pd.Series(numbers, index=codes.index, dtype="int64", name=MAP_NUMBER)


def with_map_numbers(desa: pd.DataFrame, *, after: str = "nama_desa") -> pd.DataFrame:
    """The table with a :data:`MAP_NUMBER` column (placed after ``after``).

    A table that already has the column keeps it (a subset of a kabupaten keeps the
    numbers of the whole kabupaten). The codes come from ``kode_desa`` or the index.

    Examples
    --------
    >>> df = pd.DataFrame({"kode_desa": ["99.01.02.2001", "99.01.01.2001"],
    ...                    "nama_desa": ["B", "A"], "nama_kec": ["K2", "K1"]})
    >>> with_map_numbers(df).columns.tolist(), with_map_numbers(df)["no_peta"].tolist()
    (['kode_desa', 'nama_desa', 'no_peta', 'nama_kec'], [2, 1])
    """
    if MAP_NUMBER in desa.columns:
        return desa
    codes = desa["kode_desa"] if "kode_desa" in desa.columns else desa.index.to_series()
    numbers = map_numbers(codes.astype(str)).to_numpy()
    out = desa.copy()
    pos = out.columns.get_loc(after) + 1 if after in out.columns else len(out.columns)
    out.insert(pos, MAP_NUMBER, numbers)
    return out
