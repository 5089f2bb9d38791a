"""The unit-cost catalogue: shipped defaults with their sources, the Pokja's overrides, escalation.

``biaya_satuan.csv`` ships with the package (reference/funding.md (b)): one row per item with
``item, nama_item, komponen, satuan, nilai_rp, tahun, wilayah, cakupan`` (``penuh`` = the
full cost of the asset, ``stimulan`` = a grant covering part of it, e.g. Hibah ALS),
``kk_per_satuan`` (households one unit serves), ``om_persen`` (yearly O&M as % of the
investment; blank = the method's rate), ``hibah_als`` (item eligible for the Hibah ALS
reimbursement), ``hitungan`` (the figure is a division of published totals), ``sumber``,
``url`` and ``catatan``. Drainage per metre has no public reference: its value is blank and
must be entered (sheet ``BiayaSatuan`` or the Program column ``harga_satuan_rp``).

Every figure is escalated from its price year to the activity year,
``nilai × (1 + e)^(tahun − tahun_harga)``, and a warning names every item used that is older
than the method's ``pendanaan.umur_harga_maks_tahun`` at the first SSK year.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from ..schema import normalise_header
from ._base import MonevResult, MonevWarning, as_number, clean_text

CATALOGUE_FILE = "biaya_satuan.csv"
CATALOGUE_COLUMNS = ["item", "nama_item", "komponen", "satuan", "nilai_rp", "tahun", "wilayah",
                     "cakupan", "kk_per_satuan", "om_persen", "hibah_als", "hitungan", "sumber",
                     "url", "catatan"]
_NUMERIC = ("nilai_rp", "tahun", "kk_per_satuan", "om_persen")
_FLAGS = ("hibah_als", "hitungan")


@lru_cache(maxsize=1)
def _read() -> pd.DataFrame:
    with resources.files(__package__).joinpath(CATALOGUE_FILE).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def default_unit_costs() -> pd.DataFrame:
    """The shipped unit-cost catalogue (a fresh copy), indexed by ``item``.

    Returns
    -------
    pandas.DataFrame
        :data:`CATALOGUE_COLUMNS` (without ``item``, the index); numbers as float (``tahun``
        too, NaN when blank), ``hibah_als``/``hitungan`` as bool, ``asal = "katalog"``.

    Examples
    --------
    >>> cat = default_unit_costs()
    >>> row = cat.loc["tangki_septik_individual"]
    >>> float(row["nilai_rp"]), int(row["tahun"]), row["satuan"]
    (10000000.0, 2024, 'SR')
    >>> bool(np.isnan(cat.loc["drainase_per_m", "nilai_rp"]))   # no public reference
    True
    """
    cat = _read().copy()
    for c in _NUMERIC:
        cat[c] = as_number(cat[c].replace("", np.nan))
    for c in _FLAGS:
        cat[c] = cat[c].str.strip().str.lower().isin(["ya", "1", "true"])
    cat["asal"] = "katalog"
    return cat.set_index("item")


def unit_cost_catalogue(overrides: pd.DataFrame | None = None,
                        base: pd.DataFrame | None = None) -> MonevResult:
    """The catalogue with the Pokja's own unit costs (sheet ``BiayaSatuan``) applied.

    A row whose ``item`` is in the catalogue replaces the fields it fills (value, year, source
    …) and keeps the others (households per unit, O&M rate …); a new ``item`` is added. The
    source of an overriding row defaults to "instrumen.xlsx, sheet BiayaSatuan".

    Parameters
    ----------
    overrides : pandas.DataFrame, optional
        Sheet ``BiayaSatuan``: ``item, satuan, nilai_rp, tahun`` and optionally ``nama_item,
        komponen, wilayah, cakupan, kk_per_satuan, om_persen, sumber``.
    base : pandas.DataFrame, optional
        The catalogue to start from (default :func:`default_unit_costs`).

    Returns
    -------
    MonevResult
        ``table`` indexed by ``item`` (columns of :func:`default_unit_costs`, ``asal`` =
        ``katalog`` or ``instrumen``); ``warnings``: rows without item or value, duplicates.

    Examples
    --------
    >>> own = pd.DataFrame({"item": ["drainase_per_m"], "satuan": ["m"],
    ...                     "nilai_rp": [1.2e6], "tahun": [2025], "sumber": ["HSPK 2025"]})
    >>> cat = unit_cost_catalogue(own).table
    >>> row = cat.loc["drainase_per_m"]
    >>> float(row["nilai_rp"]), int(row["tahun"]), row["asal"], row["komponen"]
    (1200000.0, 2025, 'instrumen', 'drainase')
    """
    cat = (default_unit_costs() if base is None else base.copy())
    warnings: list[MonevWarning] = []
    if overrides is None or not len(overrides) or "item" not in overrides:
        return MonevResult(cat, warnings)
    own = overrides.copy()
    own["item"] = clean_text(own["item"]).map(lambda v: normalise_header(v) if v else None)
    no_item = own["item"].isna()
    if no_item.any():
        warnings.append(MonevWarning("item_kosong", f"{int(no_item.sum())} baris tanpa kode item "
                                     "diabaikan", sheet="BiayaSatuan"))
        own = own[~no_item]
    dup = own["item"].duplicated(keep="last")
    if dup.any():
        warnings.append(MonevWarning(
            "item_ganda", "item ditulis lebih dari sekali, dipakai baris terakhir: "
            + ", ".join(sorted(set(own.loc[dup, "item"]))), sheet="BiayaSatuan"))
        own = own[~dup]
    for c in _NUMERIC:
        if c in own:
            own[c] = as_number(own[c])
    own = own.set_index("item")
    for item, row in own.iterrows():
        new = item not in cat.index
        if new:
            cat = cat.astype({c: object for c in _FLAGS})
            cat.loc[item] = pd.Series({c: np.nan for c in cat.columns}, dtype=object)
            cat.loc[item, list(_FLAGS)] = False
            cat.loc[item, "cakupan"] = "penuh"
        for c in ("nama_item", "komponen", "satuan", "nilai_rp", "tahun", "wilayah", "cakupan",
                  "kk_per_satuan", "om_persen", "sumber"):
            if c in row.index and not _blank(row[c]):
                cat.loc[item, c] = row[c]
        if _blank(row.get("sumber")):
            cat.loc[item, "sumber"] = "instrumen.xlsx, sheet BiayaSatuan"
        cat.loc[item, ["url", "catatan"]] = ["", "biaya satuan Pokja (sheet BiayaSatuan)"]
        cat.loc[item, "hitungan"] = False
        cat.loc[item, "asal"] = "instrumen"
        if new and _blank(cat.loc[item, "nama_item"]):
            cat.loc[item, "nama_item"] = str(item).replace("_", " ")
    for c in _NUMERIC:
        cat[c] = as_number(cat[c])
    for c in _FLAGS:
        cat[c] = cat[c].astype(bool)
    return MonevResult(cat, warnings)


def escalate(value: float | np.ndarray | pd.Series, from_year: float | np.ndarray | pd.Series,
             to_year: float | np.ndarray | pd.Series, rate_pct: float):
    """A price of ``from_year`` in ``to_year`` prices: ``value × (1 + rate)^(to − from)``.

    A blank price year means "no escalation" (the value is taken as given).

    Examples
    --------
    >>> round(escalate(10e6, 2024, 2026, 3.0))
    10609000
    >>> escalate(10e6, float("nan"), 2026, 3.0)
    10000000.0
    """
    years = np.asarray(to_year, dtype=float) - np.asarray(from_year, dtype=float)
    years = np.where(np.isnan(years), 0.0, years)
    out = np.asarray(value, dtype=float) * (1.0 + rate_pct / 100.0) ** years
    if isinstance(value, pd.Series):
        return pd.Series(out, index=value.index)
    return float(out) if np.ndim(out) == 0 else out


def unit_cost(catalogue: pd.DataFrame, item: str, year: int, rate_pct: float) -> float:
    """Cost of one unit of ``item`` in ``year`` prices (NaN when the item has no value).

    Examples
    --------
    >>> round(unit_cost(default_unit_costs(), "tps3r", 2021, 3.0))
    618000000
    """
    row = catalogue.loc[item]
    return escalate(float(row["nilai_rp"]), float(row["tahun"]), year, rate_pct)


def stale_cost_warnings(catalogue: pd.DataFrame, items: Iterable[str], plan_year: int,
                        max_age: int) -> list[MonevWarning]:
    """One warning per item used whose price year is more than ``max_age`` years before
    ``plan_year`` (naming its year and source).

    Examples
    --------
    >>> w = stale_cost_warnings(default_unit_costs(), ["tps3r", "tangki_septik_individual"],
    ...                         2026, 3)
    >>> [x.code for x in w]
    ['tps3r']
    """
    out = []
    for item in sorted(set(items)):
        if item not in catalogue.index:
            continue
        year = catalogue.loc[item, "tahun"]
        if pd.isna(year) or plan_year - year <= max_age:
            continue
        age = int(plan_year - year)
        source = catalogue.loc[item, "sumber"]
        out.append(MonevWarning(
            "harga_usang", f"biaya satuan {item} berasal dari tahun {int(year)} ({age} tahun "
            f"sebelum {plan_year}, lebih dari {max_age} tahun): periksa dengan HSPK/AHSP "
            f"terbaru. Sumber: {source}", sheet="BiayaSatuan", code=item))
    return out


def catalogue_table(catalogue: pd.DataFrame, items: Iterable[str] | None = None,
                    plan_year: int | None = None, rate_pct: float = 0.0) -> pd.DataFrame:
    """The catalogue rows to print (those used, or all), with the escalated value.

    Returns
    -------
    pandas.DataFrame
        ``item, nama_item, satuan, biaya_satuan_rp, tahun_harga, biaya_satuan_eskalasi_rp``
        (in ``plan_year`` prices), ``cakupan, kk_per_satuan, wilayah, sumber_harga,
        asal_harga``.
    """
    cat = catalogue if items is None else catalogue.loc[[i for i in dict.fromkeys(items)
                                                         if i in catalogue.index]]
    out = cat.reset_index().rename(columns={"tahun": "tahun_harga", "nilai_rp": "biaya_satuan_rp",
                                            "sumber": "sumber_harga", "asal": "asal_harga"})
    out["biaya_satuan_eskalasi_rp"] = (escalate(out["biaya_satuan_rp"], out["tahun_harga"],
                                                plan_year, rate_pct) if plan_year is not None
                                       else out["biaya_satuan_rp"])
    return out[["item", "nama_item", "satuan", "biaya_satuan_rp", "tahun_harga",
                "biaya_satuan_eskalasi_rp", "cakupan", "kk_per_satuan", "wilayah",
                "sumber_harga", "asal_harga"]]


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return bool(np.isnan(value))
    return isinstance(value, str) and not value.strip()
