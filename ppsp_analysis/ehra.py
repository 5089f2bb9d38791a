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


def krejcie_morgan(N: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> int:
    """Required sample size by the Krejcie–Morgan formula, rounded up.

    ``n = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P))`` (EHRA 2011 slides).

    Examples
    --------
    >>> krejcie_morgan(100), krejcie_morgan(1000), krejcie_morgan(100_000)
    (80, 278, 383)
    """
    if N <= 0:
        return 0
    n = chi2 * N * p * (1 - p) / (d**2 * (N - 1) + chi2 * p * (1 - p))
    return math.ceil(round(n, 9))


def allocate_sample(counts: Mapping[object, int] | pd.Series, n: int) -> dict:
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
    """
    counts = dict(counts.items() if isinstance(counts, pd.Series) else counts.items())
    total = sum(counts.values())
    if total <= n:
        return {k: int(v) for k, v in counts.items()}
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


def sample_size_desa(total_kk: int, n_desa: int, sampling: dict) -> int:
    """Number of desa to survey for a kabupaten under the chosen sampling method."""
    if sampling["metode"] == "kemenkes2021_30":
        return min(30, n_desa)
    n_hh = max(krejcie_morgan(total_kk, sampling["chi2"], sampling["p"], sampling["d"]),
               sampling["minimum_responden"])
    return min(n_desa, math.ceil(n_hh / sampling["responden_per_desa"]))


def plan_sample(strata: pd.Series, n: int, seed: int) -> pd.DataFrame:
    """Choose ``n`` desa: proportional allocation to strata, systematic pick within each.

    Parameters
    ----------
    strata : pandas.Series
        Stratum per desa, indexed by ``kode_desa`` (order = listing order).
    n : int
        Number of desa.
    seed : int
        Seed; each stratum uses ``[seed, stratum]``.

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``strata`` of the chosen desa, in listing order.
    """
    counts = strata.value_counts().sort_index()
    alloc = allocate_sample(counts, n)
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
    """
    out = {}
    for subs in mapping.values():
        for code, spec in subs.items():
            answers = pd.to_numeric(ehra[spec["kolom"]], errors="coerce")
            risky = answers.isin([float(v) for v in spec["berisiko"]]).astype(float)
            out[str(code)] = risky.where(answers.notna())
    return pd.DataFrame(out, index=ehra.index)


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
                weights: dict | None = None) -> pd.DataFrame:
    """% households at risk per sub-indicator, component scores S and IRS per unit.

    ``p[u,j] = 100·(HH flagged on j)/(HH answering j)``; ``S[u,c]`` = mean (or sum, or
    weighted mean) of ``p`` over the component's sub-indicators; ``IRS[u] = Σ_c S[u,c]``.

    Parameters
    ----------
    flags : pandas.DataFrame
        Output of :func:`household_flags`.
    unit : pandas.Series
        The unit of each household (desa code or stratum), same index as ``flags``.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit: ``p_<code>`` per sub-indicator, ``irs_<component>``,
        ``irs_total`` and ``n_rt`` (households).
    """
    grouped = flags.groupby(unit.to_numpy())
    pct = grouped.mean() * 100
    out = _component_scores(pct, mapping, agg, weights)
    pct.columns = [f"p_{c}" for c in pct.columns]
    out = pd.concat([pct, out], axis=1)
    out["n_rt"] = grouped.size()
    return out


def irs_per_desa(ehra: pd.DataFrame, strata: pd.Series, mapping: dict, unit_irs: str = "desa",
                 agg: str = "mean", weights: dict | None = None,
                 groups: pd.Series | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
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

    Returns
    -------
    per_desa : pandas.DataFrame
        Indexed like ``strata``: ``disurvei``, ``unit_irs``, ``n_rt``, ``p_*``,
        ``irs_*``; NaN where the stratum has no surveyed desa.
    per_strata : pandas.DataFrame
        The stratum-level results (indexed by stratum, or ``"<kabupaten>|<stratum>"``).
    """
    flags = household_flags(ehra, mapping)
    hh_desa = ehra["kode_desa"].astype(str)
    key = strata if groups is None else groups.astype(str) + "|" + strata.astype(str)
    hh_key = hh_desa.map(key)
    by_desa = irs_by_unit(flags, hh_desa, mapping, agg, weights)
    known = hh_key.notna()
    hh_key = hh_key[known]
    by_strata = irs_by_unit(flags[known], hh_key.astype(int) if groups is None else hh_key,
                            mapping, agg, weights)
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


__all__ = [
    "allocate_sample",
    "household_flags",
    "irs_by_unit",
    "irs_per_desa",
    "krejcie_morgan",
    "plan_sample",
    "sample_size_desa",
    "stratify",
    "systematic_select",
]
