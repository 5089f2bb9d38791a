"""EHRA: survey planning (strata, sample size, allocation, selection) and the
Indeks Risiko Sanitasi (IRS) from household answers. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pandas as pd

from .method import IRS_COMPONENTS, normalise_weights


def krejcie_morgan(N: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05,
                   rounding: str = "nearest") -> int:
    """Required sample size by the Krejcie–Morgan formula.

    ``n = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P))`` (EHRA 2011 slides; Krejcie & Morgan 1970,
    *Determining sample size for research activities*, Educational and Psychological
    Measurement 30: 607–610).

    Parameters
    ----------
    N : int
        Population (households).
    chi2, p, d : float
        χ² for one degree of freedom (3.841 at α = 0.05), population proportion, accuracy.
    rounding : {"nearest", "up"}
        ``nearest`` (default, half up) reproduces the published 1970 table, which the EHRA
        guidance tells the Pokja to use (N = 50 → 44, 500 → 217); ``up`` always rounds up
        (50 → 45, 500 → 218).

    Examples
    --------
    >>> krejcie_morgan(50), krejcie_morgan(500), krejcie_morgan(10_000)
    (44, 217, 370)
    >>> krejcie_morgan(50, rounding="up"), krejcie_morgan(500, rounding="up")
    (45, 218)
    """
    if rounding not in ("nearest", "up"):
        raise ValueError(f"pembulatan Krejcie-Morgan tidak dikenal: {rounding!r} (nearest, up)")
    if N <= 0:
        return 0
    n = chi2 * N * p * (1 - p) / (d**2 * (N - 1) + chi2 * p * (1 - p))
    n = round(n, 9)  # 1.0000000002 is 1: no spurious round-up from float noise
    if rounding == "up":
        return math.ceil(n)
    return math.floor(n + 0.5)


def allocate_sample(counts: Mapping[object, int] | pd.Series, n: int,
                    minimum: int = 0) -> dict:
    """Allocate ``n`` sample desa to strata proportionally, by largest remainder.

    Quotas ``n·count/Σcount`` are floored and the remaining units go to the largest
    fractional parts (ties: the larger stratum, then the first key). When Σcount ≤ n
    every desa is taken.

    Parameters
    ----------
    counts : mapping or Series
        Stratum → number of desa.
    n : int
        Total sample size.
    minimum : int
        Floor per stratum that has desa (``proporsi_desa`` uses 1), applied when ``n``
        leaves room for it in every such stratum: each stratum first gets
        ``min(minimum, count)`` desa, and the rest of ``n`` is allocated by the same largest
        remainder rule to the desa not yet taken.

    Returns
    -------
    dict
        Stratum → number of desa; sums exactly to ``min(n, Σcount)``.

    Examples
    --------
    >>> allocate_sample({0: 10, 1: 20, 2: 30}, 10)
    {0: 2, 1: 3, 2: 5}
    >>> allocate_sample({"a": 1, "b": 1, "c": 1}, 2)
    {'a': 1, 'b': 1, 'c': 0}
    >>> allocate_sample({0: 1, 1: 30, 2: 30}, 6), allocate_sample({0: 1, 1: 30, 2: 30}, 6, 1)
    ({0: 0, 1: 3, 2: 3}, {0: 1, 1: 3, 2: 2})
    """
    counts = dict(counts.items() if isinstance(counts, pd.Series) else counts.items())
    total = sum(counts.values())
    if total <= n:
        return {k: int(v) for k, v in counts.items()}
    floors = {k: min(int(minimum), int(v)) for k, v in counts.items()}
    if minimum > 0 and sum(floors.values()) <= n:
        rest = allocate_sample({k: int(v) - floors[k] for k, v in counts.items()},
                               n - sum(floors.values()))
        return {k: floors[k] + rest[k] for k in counts}
    quotas = {k: Fraction(n * int(v), int(total)) for k, v in counts.items()}  # exact ties
    alloc = {k: math.floor(q) for k, q in quotas.items()}
    left = n - sum(alloc.values())
    order = sorted(counts, key=lambda k: (-(quotas[k] - alloc[k]), -counts[k],
                                          list(counts).index(k)))
    for k in order[:left]:
        alloc[k] += 1
    return alloc


def systematic_select(items: list, n: int, seed: int | list[int]) -> list:
    """Systematic random selection of ``n`` of ``items`` (kept in their order).

    Interval ``I = N/n``; first pick uniform in [0, I); then every I-th (Kemenkes 2021).

    Examples
    --------
    >>> systematic_select(list("abcdefghij"), 3, seed=1)
    ['b', 'f', 'i']
    """
    N = len(items)
    if n >= N:
        return list(items)
    if n <= 0:
        return []
    interval = N / n
    start = np.random.default_rng(seed).uniform(0, interval)
    picks = [int(math.floor(start + k * interval)) for k in range(n)]
    return [items[i] for i in picks]


def stratify(form2: pd.DataFrame, density_thr: float = 25.0,
             poverty_thr: float | None = None, groups: pd.Series | None = None) -> pd.DataFrame:
    """EHRA stratification: the number of the four criteria each desa meets (0–4).

    Criteria (weight 1 each): density > ``density_thr`` jiwa/ha; % KK miskin >
    ``poverty_thr`` (default: the kabupaten median [I]); river used for MCK; disruptive
    flooding.

    Parameters
    ----------
    groups : pandas.Series, optional
        Kabupaten of each desa, for the per-kabupaten poverty median when scoring many
        kabupaten at once.

    Returns
    -------
    pandas.DataFrame
        ``kriteria_kepadatan``, ``kriteria_kemiskinan``, ``kriteria_sungai``,
        ``kriteria_banjir`` (0/1) and ``strata``, same index as ``form2``.
    """
    density = form2["penduduk"].astype(float) / form2["luas_ha"].astype(float)
    poverty = form2["kk_miskin"].astype(float) / form2["jumlah_kk"].astype(float) * 100
    if poverty_thr is not None:
        thr = float(poverty_thr)
    elif groups is not None:
        thr = poverty.groupby(groups).transform("median")
    else:
        thr = float(poverty.median())
    out = pd.DataFrame({
        "kriteria_kepadatan": (density > density_thr).astype(int),
        "kriteria_kemiskinan": (poverty > thr).astype(int),
        "kriteria_sungai": (form2["sungai_mck"].astype(float) == 1).astype(int),
        "kriteria_banjir": (form2["banjir_mengganggu"].astype(float) == 1).astype(int),
    }, index=form2.index)
    out["strata"] = out.sum(axis=1).astype(int)
    return out


def sample_households(total_kk: int, sampling: dict) -> int:
    """Households to survey: Krejcie–Morgan on the kabupaten's KK, at least the minimum.

    Examples
    --------
    >>> s = {"chi2": 3.841, "p": 0.5, "d": 0.05, "minimum_responden": 400}
    >>> sample_households(10_000, s), sample_households(10_000, {**s, "minimum_responden": 1})
    (400, 370)
    """
    return max(krejcie_morgan(total_kk, sampling["chi2"], sampling["p"], sampling["d"],
                              sampling.get("pembulatan_krejcie_morgan", "nearest")),
               sampling["minimum_responden"])


def sample_size_desa(total_kk: int, n_desa: int, sampling: dict) -> int:
    """Number of desa to survey for a kabupaten under the chosen sampling method.

    ``ppsp2014``: ⌈households / responden_per_desa⌉ (households from
    :func:`sample_households`); ``kemenkes2021_30``: 30; ``proporsi_desa``: ⌈proporsi ·
    n_desa⌉, never fewer than ``ppsp2014`` gives (400 households and 40 per desa are floors).
    Never more than ``n_desa``.

    Examples
    --------
    >>> s = {"metode": "proporsi_desa", "proporsi": 0.25, "chi2": 3.841, "p": 0.5, "d": 0.05,
    ...      "minimum_responden": 400, "responden_per_desa": 40}
    >>> sample_size_desa(20_000, 114, s), sample_size_desa(20_000, 20, s)
    (29, 10)
    """
    if sampling["metode"] == "kemenkes2021_30":
        return min(30, n_desa)
    by_households = math.ceil(sample_households(total_kk, sampling)
                              / sampling["responden_per_desa"])
    if sampling["metode"] == "proporsi_desa":
        by_share = math.ceil(round(Fraction(str(sampling["proporsi"])) * n_desa, 9))
        return min(n_desa, max(by_share, by_households))
    return min(n_desa, by_households)


def minimum_per_stratum(sampling: dict) -> int:
    """Floor of desa per stratum with desa: 1 for ``proporsi_desa``, else 0 (pure largest
    remainder, as the Kemenkes 2021 slides allocate)."""
    return 1 if sampling["metode"] == "proporsi_desa" else 0


def plan_sample(strata: pd.Series, n: int, seed: int, minimum: int = 0) -> pd.DataFrame:
    """Choose ``n`` desa: proportional allocation to strata, systematic pick within each.

    Parameters
    ----------
    strata : pandas.Series
        Stratum per desa, indexed by ``kode_desa`` (order = listing order).
    n : int
        Number of desa.
    seed : int
        Seed; each stratum uses ``[seed, stratum]``.
    minimum : int
        Floor per stratum with desa (see :func:`allocate_sample`).

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``strata`` of the chosen desa, in listing order.
    """
    counts = strata.value_counts().sort_index()
    alloc = allocate_sample(counts, n, minimum)
    chosen = []
    for s, k in alloc.items():
        codes = list(strata.index[strata == s])
        chosen += systematic_select(codes, k, seed=[int(seed), int(s)])
    chosen_set = set(chosen)
    picked = strata[[c in chosen_set for c in strata.index]]
    return pd.DataFrame({"kode_desa": picked.index, "strata": picked.to_numpy()})


def household_flags(ehra: pd.DataFrame, mapping: dict) -> pd.DataFrame:
    """Per-household risk flags: 1 at risk, 0 not, NaN not answered.

    Parameters
    ----------
    ehra : pandas.DataFrame
        Household records with the questionnaire columns named in ``mapping``.
    mapping : dict
        ``{component: {code: {"kolom": column, "berisiko": [codes]}}}``.

    Returns
    -------
    pandas.DataFrame
        One float column per sub-indicator code, same index as ``ehra``.

    Examples
    --------
    >>> m = {"sumber_air": {"1a": {"kolom": "q1", "berisiko": [4, 6]}}}
    >>> household_flags(pd.DataFrame({"q1": [4, 1, None, "6", "x"]}), m)["1a"].tolist()
    [1.0, 0.0, nan, 1.0, nan]
    """
    specs = _specs(mapping)
    out = np.empty((len(ehra), len(specs)), dtype=float, order="F")
    for j, (_, spec) in enumerate(specs):
        values = _answers(ehra[spec["kolom"]])
        risky = np.isin(values, np.asarray(spec["berisiko"], dtype=float)).astype(float)
        risky[np.isnan(values)] = np.nan
        out[:, j] = risky
    return pd.DataFrame(out, index=ehra.index, columns=[code for code, _ in specs], copy=False)


def _specs(mapping: dict) -> list[tuple[str, dict]]:
    return [(str(code), spec) for subs in mapping.values() for code, spec in subs.items()]


def _answers(column: pd.Series) -> np.ndarray:
    """Answer codes as floats, NaN where not a number."""
    if not pd.api.types.is_numeric_dtype(column.dtype):
        column = pd.to_numeric(column, errors="coerce")
    return column.to_numpy(dtype=float, na_value=np.nan)


def _component_scores(pct: pd.DataFrame, mapping: dict, agg: str,
                      weights: dict | None) -> pd.DataFrame:
    comp = {}
    for c in IRS_COMPONENTS:
        codes = [str(k) for k in mapping.get(c, {})]
        if not codes:
            comp[f"irs_{c}"] = pd.Series(np.nan, index=pct.index)
            continue
        block = pct[codes]
        if agg == "sum":
            comp[f"irs_{c}"] = block.sum(axis=1, min_count=1)
        elif agg == "weighted":
            w = normalise_weights({k: float((weights or {}).get(k, 1)) for k in codes})
            comp[f"irs_{c}"] = (block * pd.Series(w)).sum(axis=1, min_count=1) / (
                block.notna() * pd.Series(w)).sum(axis=1)
        else:
            comp[f"irs_{c}"] = block.mean(axis=1)
    out = pd.DataFrame(comp, index=pct.index)
    out["irs_total"] = out.sum(axis=1, min_count=1)
    return out


def irs_by_unit(flags: pd.DataFrame, unit: pd.Series, mapping: dict, agg: str = "mean",
                weights: dict | None = None, empty: str = "abaikan") -> pd.DataFrame:
    """% households at risk per sub-indicator, component scores S and IRS per unit.

    ``p[u,j] = 100·(HH flagged on j)/(HH answering j)``; ``S[u,c]`` = mean (or sum, or
    weighted mean) of ``p`` over the component's sub-indicators; ``IRS[u] = Σ_c S[u,c]``.

    Parameters
    ----------
    flags : pandas.DataFrame
        Output of :func:`household_flags`.
    unit : pandas.Series
        The unit of each household (desa code or stratum), same index as ``flags``.
    empty : {"abaikan", "nol"}
        A sub-indicator no household of the unit answered (``p`` undefined): left out of its
        component (``abaikan``), or counted as 0 % (``nol``, as published EHRA tables print
        0.0). Option ``ehra.subindikator_kosong``; :func:`empty_sub_indicators` lists them.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit: ``p_<code>`` per sub-indicator, ``irs_<component>``,
        ``irs_total`` and ``n_rt`` (households).
    """
    grouped = flags.groupby(unit.to_numpy())
    return _irs_from_counts(grouped.sum(min_count=0), grouped.count(), grouped.size(),
                            mapping, agg, weights, empty)


def _unit_codes(unit: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Integer code per household and the sorted units (as ``groupby`` orders them)."""
    codes, uniques = pd.factorize(unit, sort=True)
    return codes, pd.Index(uniques)


def answer_counts(ehra: pd.DataFrame, mapping: dict, unit: pd.Series
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Per unit and sub-indicator: households at risk and households answering; and the
    households per unit — what :func:`irs_by_unit` derives from :func:`household_flags`,
    counted column by column without the household × sub-indicator table (3.4 M households
    × 18 sub-indicators would be a 490 MB float table).

    Returns
    -------
    at_risk, answered : pandas.DataFrame
        Indexed by unit (sorted), one column per sub-indicator code.
    n_rt : pandas.Series
        Households per unit.

    Examples
    --------
    >>> m = {"sumber_air": {"1a": {"kolom": "q1", "berisiko": [4]}}}
    >>> e = pd.DataFrame({"q1": [4, 1, None, 4], "desa": ["A", "A", "B", "B"]})
    >>> risk, answered, n = answer_counts(e, m, e["desa"])
    >>> risk["1a"].tolist(), answered["1a"].tolist(), n.tolist()
    ([1.0, 1.0], [2.0, 1.0], [2, 2])
    """
    codes, units = _unit_codes(unit.to_numpy())
    keep = codes >= 0
    codes = codes[keep]
    size = len(units)
    at_risk, answered = {}, {}
    for code, spec in _specs(mapping):
        values = _answers(ehra[spec["kolom"]])[keep]
        mask = ~np.isnan(values)
        answered[code] = np.bincount(codes[mask], minlength=size).astype(float)
        risky = np.isin(values, np.asarray(spec["berisiko"], dtype=float))
        at_risk[code] = np.bincount(codes[risky], minlength=size).astype(float)
    n_rt = pd.Series(np.bincount(codes, minlength=size), index=units)
    return (pd.DataFrame(at_risk, index=units), pd.DataFrame(answered, index=units), n_rt)


def _irs_from_counts(at_risk: pd.DataFrame, answered: pd.DataFrame, n_rt: pd.Series,
                     mapping: dict, agg: str, weights: dict | None, empty: str
                     ) -> pd.DataFrame:
    """:func:`irs_by_unit` from the counts of :func:`answer_counts`."""
    if empty not in ("abaikan", "nol"):
        raise ValueError(f"subindikator_kosong tidak dikenal: {empty!r} (abaikan, nol)")
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = (at_risk / answered.where(answered > 0)) * 100
    if empty == "nol":
        pct = pct.fillna(0.0)
    out = _component_scores(pct, mapping, agg, weights)
    pct.columns = [f"p_{c}" for c in pct.columns]
    out = pd.concat([pct, out], axis=1)
    out["n_rt"] = n_rt
    return out


def _empty_from_counts(answered: pd.DataFrame, n_rt: pd.Series, mapping: dict
                       ) -> pd.DataFrame:
    component = {str(code): comp for comp, subs in mapping.items() for code in subs}
    rows = [(u, component.get(str(code), ""), str(code), int(n_rt[u]))
            for u in answered.index for code in answered.columns
            if answered.at[u, code] == 0]
    return pd.DataFrame(rows, columns=["unit", "komponen", "subindikator", "n_rt"])


def empty_sub_indicators(flags: pd.DataFrame, unit: pd.Series, mapping: dict) -> pd.DataFrame:
    """Every (unit, sub-indicator) that no household of the unit answered.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``komponen``, ``subindikator``, ``n_rt`` (households of the unit), in unit
        order; empty when every unit answered every sub-indicator.

    Examples
    --------
    >>> f = pd.DataFrame({"1a": [1.0, None, None], "1b": [0.0, 1.0, None]})
    >>> empty_sub_indicators(f, pd.Series(["A", "B", "B"]),
    ...                      {"sumber_air": {"1a": {}, "1b": {}}}).to_dict("records")
    [{'unit': 'B', 'komponen': 'sumber_air', 'subindikator': '1a', 'n_rt': 2}]
    """
    grouped = flags.groupby(unit.to_numpy())
    return _empty_from_counts(grouped.count(), grouped.size(), mapping)


def _desa_and_strata_counts(ehra: pd.DataFrame, strata: pd.Series, mapping: dict,
                            groups: pd.Series | None):
    """The stratum key of every desa, and :func:`answer_counts` per desa and per stratum
    (a stratum's counts are the sums over its desa: its pooled households)."""
    key = strata if groups is None else groups.astype(str) + "|" + strata.astype(str)
    by_desa = answer_counts(ehra, mapping, ehra["kode_desa"].astype(str))
    desa_key = by_desa[2].index.to_series().map(key)
    known = desa_key.notna().to_numpy()
    unit = desa_key[known]
    unit = (unit.astype(int) if groups is None else unit).to_numpy()
    by_strata = tuple(part[known].groupby(unit).sum() for part in by_desa)
    return key, by_desa, by_strata


def irs_per_desa(ehra: pd.DataFrame, strata: pd.Series, mapping: dict, unit_irs: str = "desa",
                 agg: str = "mean", weights: dict | None = None,
                 groups: pd.Series | None = None, empty: str = "abaikan"
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """IRS for every desa: surveyed desa from their own households, the others inherit
    their stratum's (pooled households of the stratum's surveyed desa) — or every desa
    its stratum's when ``unit_irs="strata"``.

    Parameters
    ----------
    ehra : pandas.DataFrame
        Household records with ``kode_desa``.
    strata : pandas.Series
        Stratum per desa, indexed by ``kode_desa`` (every desa of the kabupaten).
    groups : pandas.Series, optional
        Kabupaten of each desa (same index as ``strata``) when many kabupaten are scored at
        once: strata are then pooled within each kabupaten only.
    empty : {"abaikan", "nol"}
        Sub-indicators nobody of a unit answered (see :func:`irs_by_unit`).

    Returns
    -------
    per_desa : pandas.DataFrame
        Indexed like ``strata``: ``disurvei``, ``unit_irs``, ``n_rt``, ``p_*``,
        ``irs_*``; NaN where the stratum has no surveyed desa.
    per_strata : pandas.DataFrame
        The stratum-level results (indexed by stratum, or ``"<kabupaten>|<stratum>"``).

    See Also
    --------
    empty_cells : where a sub-indicator had no answer (what ``empty`` applied to).
    """
    key, by_desa_counts, by_strata_counts = _desa_and_strata_counts(ehra, strata, mapping,
                                                                     groups)
    by_desa = _irs_from_counts(*by_desa_counts, mapping, agg, weights, empty)
    by_strata = _irs_from_counts(*by_strata_counts, mapping, agg, weights, empty)
    cols = list(by_desa.columns)
    from_strata = by_strata.reindex(key.to_numpy())
    from_strata.index = strata.index
    surveyed = strata.index.isin(by_desa.index)
    if unit_irs == "desa":
        own = by_desa.reindex(strata.index)
        result = own.where(pd.Series(surveyed, index=strata.index), from_strata, axis=0)
        label = np.where(surveyed, "desa", "strata " + strata.astype(str))
    else:
        result = from_strata
        label = "strata " + strata.astype(str)
    result = result[cols].copy()
    result["n_rt"] = by_desa["n_rt"].reindex(strata.index).fillna(0).astype(int)
    result.insert(0, "unit_irs", label)
    result.insert(0, "disurvei", surveyed)
    return result, by_strata


def empty_cells(ehra: pd.DataFrame, strata: pd.Series, mapping: dict, unit_irs: str = "desa",
                groups: pd.Series | None = None, empty: str = "abaikan") -> pd.DataFrame:
    """Where option ``ehra.subindikator_kosong`` applied: the sub-indicators no household of a
    surveyed desa (when ``unit_irs="desa"``) or of a stratum answered.

    Parameters are those of :func:`irs_per_desa`.

    Returns
    -------
    pandas.DataFrame
        ``tingkat`` (``desa``/``strata``), ``unit`` (desa code or stratum, ``"<kab>|<s>"``
        with ``groups``), ``komponen``, ``subindikator``, ``n_rt``, ``perlakuan``
        (``diabaikan`` or ``dianggap 0 %``).
    """
    _, (_, desa_answered, desa_n), (_, strata_answered, strata_n) = _desa_and_strata_counts(
        ehra, strata, mapping, groups)
    parts = [_empty_from_counts(strata_answered, strata_n, mapping).assign(tingkat="strata")]
    if unit_irs == "desa":
        in_kab = desa_n.index.isin(strata.index)
        parts.insert(0, _empty_from_counts(desa_answered[in_kab], desa_n[in_kab], mapping)
                     .assign(tingkat="desa"))
    listed = pd.concat(parts, ignore_index=True)
    listed["perlakuan"] = "dianggap 0 %" if empty == "nol" else "diabaikan"
    return listed[["tingkat", "unit", "komponen", "subindikator", "n_rt", "perlakuan"]]


__all__ = [
    "allocate_sample",
    "answer_counts",
    "empty_cells",
    "empty_sub_indicators",
    "household_flags",
    "irs_by_unit",
    "irs_per_desa",
    "krejcie_morgan",
    "minimum_per_stratum",
    "plan_sample",
    "sample_households",
    "sample_size_desa",
    "stratify",
    "systematic_select",
]
