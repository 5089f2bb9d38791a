"""Scoring rules of the PPSP instrument: equal-interval 1–k scores, secondary indicators,
IMPACT, EXPOSURE and the area-berisiko class. Pure functions, no I/O.
"""

from __future__ import annotations

import math
import warnings
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

import numpy as np
import pandas as pd

from ._errors import MethodError
from .method import (
    COMPONENTS,
    FormulaError,
    evaluate_formula,
    normalise_weights,
    parse_formula,
)


class ConstantIndicatorWarning(UserWarning):
    """All values of an indicator are equal: every unit gets score 1."""


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round half away from zero on the decimal value, as Excel's ROUND displays numbers.

    The float is first read at 15 significant digits (what Excel shows), so ``2.675``
    rounds to ``2.68`` although its binary value is 2.67499999….

    Examples
    --------
    >>> round_half_up(2.25, 1), round_half_up(2.675, 2), round_half_up(-1.5)
    (2.3, 2.68, -2.0)
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return float("nan")
    d = Decimal(format(float(x), ".15g"))
    return float(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def round_up(x: float, decimals: int = 0) -> float:
    """Round away from zero, as Excel's ROUNDUP does (on the 15-digit decimal value).

    Examples
    --------
    >>> round_up(2.21, 1), round_up(2.2, 1), round_up(-1.21, 1), round_up(0.1 + 0.2, 1)
    (2.3, 2.2, -1.3, 0.3)
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return float("nan")
    d = Decimal(format(float(x), ".15g"))
    return float(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_UP))


#: Rounding rules of the class boundaries (option ``kelas.pembulatan_batas``).
BOUND_ROUNDING = {"half_up": round_half_up, "roundup": round_up}


def equal_interval_bounds(vmin: float, vmax: float, k: int = 4,
                          decimals: int | None = 1, rounding: str = "half_up") -> list[float]:
    """Inner class boundaries ``vmin + m·(vmax − vmin)/k`` for m = 1..k−1, optionally rounded.

    Parameters
    ----------
    rounding : {"half_up", "roundup"}
        Excel ``ROUND`` (half away from zero) or ``ROUNDUP`` (away from zero) to ``decimals``.

    Examples
    --------
    >>> equal_interval_bounds(0, 10, k=4)
    [2.5, 5.0, 7.5]
    >>> equal_interval_bounds(1.0, 2.0, k=4)
    [1.3, 1.5, 1.8]
    >>> equal_interval_bounds(1.0, 2.0, k=4, rounding="roundup")
    [1.3, 1.5, 1.8]
    >>> equal_interval_bounds(0.0, 10.1, k=4, rounding="roundup")
    [2.6, 5.1, 7.6]
    """
    if rounding not in BOUND_ROUNDING:
        raise ValueError(f"pembulatan batas tidak dikenal: {rounding!r} "
                         f"({', '.join(BOUND_ROUNDING)})")
    width = (vmax - vmin) / k
    bounds = [vmin + m * width for m in range(1, k)]
    if decimals is not None:
        rnd = BOUND_ROUNDING[rounding]
        bounds = [rnd(b, decimals) for b in bounds]
    return bounds


def scores_from_bounds(values: pd.Series, bounds: list[float],
                       higher_is_riskier: bool = True) -> pd.Series:
    """Score each value 1 + number of boundaries it exceeds (upper boundaries inclusive).

    Missing values stay missing (``<NA>``). When ``higher_is_riskier`` is False the
    score is reversed (k + 1 − score).
    """
    values = pd.to_numeric(values, errors="coerce").astype(float)
    k = len(bounds) + 1
    arr = values.to_numpy()
    exceeded = (arr[:, None] > np.asarray(bounds, dtype=float)[None, :]).sum(axis=1) + 1
    if not higher_is_riskier:
        exceeded = k + 1 - exceeded
    out = pd.Series(exceeded, index=values.index, dtype="Int64")
    out[values.isna()] = pd.NA
    return out


def equal_interval_scores(values: pd.Series, k: int = 4, higher_is_riskier: bool = True,
                          decimals: int | None = 1, rounding: str = "half_up") -> pd.Series:
    """Score values 1..k by the PPSP equal-interval rule.

    Boundaries are ``min + m·(max − min)/k`` (m = 1..k−1), rounded to ``decimals`` half
    away from zero as the PPSP instrument (Excel) displays them; each upper boundary is
    inclusive; the score is reversed when higher values are safer. When max == min every
    unit scores 1 and a :class:`ConstantIndicatorWarning` is issued.

    Parameters
    ----------
    values : pandas.Series
        Raw indicator values; NaN stays missing.
    k : int
        Number of classes (4 in PPSP).
    higher_is_riskier : bool
        Direction of the indicator.
    decimals : int or None
        Rounding of the boundaries; None keeps them exact.
    rounding : {"half_up", "roundup"}
        How the boundaries are rounded (option ``kelas.pembulatan_batas``).

    Returns
    -------
    pandas.Series
        Nullable integer scores 1..k with the same index as ``values``.

    Examples
    --------
    >>> s = pd.Series([0.0, 2.5, 2.6, 7.5, 10.0])
    >>> equal_interval_scores(s).tolist()
    [1, 1, 2, 3, 4]
    >>> equal_interval_scores(s, higher_is_riskier=False).tolist()
    [4, 4, 3, 2, 1]
    """
    values = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    scores, constant = grouped_equal_interval_scores(
        values, pd.Series(0, index=values.index), k, higher_is_riskier, decimals, rounding)
    if constant:
        warnings.warn(
            f"semua nilai sama ({values.dropna().iloc[0]:g}): skor 1 untuk semua unit",
            ConstantIndicatorWarning, stacklevel=2,
        )
    return scores


def grouped_equal_interval_scores(values: pd.Series, groups: pd.Series, k: int = 4,
                                  higher_is_riskier: bool = True, decimals: int | None = 1,
                                  rounding: str = "half_up") -> tuple[pd.Series, list]:
    """The equal-interval rule applied within each group (e.g. each kabupaten) at once.

    Boundaries are computed and rounded once per group, then compared with every value in
    a single vectorised step, so a whole country scores in one call.

    Parameters
    ----------
    values : pandas.Series
        Raw values.
    groups : pandas.Series
        Group label of each value (same index).

    Returns
    -------
    scores : pandas.Series
        Nullable integer scores 1..k.
    constant : list
        Groups whose values are all equal (scored 1).
    """
    values = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    groups = pd.Series(groups, index=values.index)
    stats = values.groupby(groups, sort=False).agg(["min", "max"]).dropna()
    constant = list(stats.index[stats["min"] == stats["max"]])
    rows = {g: equal_interval_bounds(lo, hi, k, decimals, rounding)
            for g, lo, hi in zip(stats.index, stats["min"], stats["max"], strict=True) if lo != hi}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=range(1, k)) if rows else \
        pd.DataFrame(columns=range(1, k), dtype=float)
    bounds = table.reindex(groups.to_numpy()).to_numpy(dtype=float)
    arr = values.to_numpy()
    with np.errstate(invalid="ignore"):
        exceeded = (arr[:, None] > bounds).sum(axis=1) + 1
    if not higher_is_riskier:
        exceeded = k + 1 - exceeded
    exceeded = np.where(groups.isin(constant).to_numpy(), 1, exceeded)
    out = pd.Series(exceeded, index=values.index, dtype="Int64")
    out[values.isna()] = pd.NA
    return out, constant


def weighted_score(scores: pd.DataFrame, weights: dict[str, float],
                   missing: str = "tidak_ada_data") -> pd.Series:
    """Weighted mean of score columns, weights normalised to sum to 1.

    Parameters
    ----------
    scores : pandas.DataFrame
        One column per weight key.
    weights : dict
        Relative weights (any non-negative values, e.g. 0–100).
    missing : {"tidak_ada_data", "normalisasi_ulang"}
        A row with a missing score gets NaN, or the weights are renormalised over the
        scores it has (a provisional result).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 4], "b": [3, None]})
    >>> weighted_score(df, {"a": 1, "b": 1}).tolist()
    [2.0, nan]
    >>> weighted_score(df, {"a": 1, "b": 1}, missing="normalisasi_ulang").tolist()
    [2.0, 4.0]
    """
    w = normalise_weights(weights)
    data = scores[list(w)].astype(float)
    wv = pd.Series(w)
    total = (data * wv).sum(axis=1, min_count=1)
    if missing == "normalisasi_ulang":
        used = data.notna().mul(wv).sum(axis=1)
        return (total / used.where(used > 0)).astype(float)
    return total.where(data.notna().all(axis=1)).astype(float)


def compute_indicators(form2: pd.DataFrame, specs: dict[str, dict]) -> pd.DataFrame:
    """Evaluate secondary-indicator formulas (``rumus``) over Form 2 columns.

    Division by zero gives NaN (reported as missing data), never infinity. Formulas are
    parsed by :func:`ppsp_analysis.method.parse_formula`, the same parser that validates
    ``metode.yaml``; nothing is passed to ``eval``.

    Returns
    -------
    pandas.DataFrame
        One ``ind_<name>`` column per indicator, same index as ``form2``.

    Raises
    ------
    MethodError
        A formula outside the grammar, or one that uses a column Form 2 does not have.
    """
    out = {}
    for name, spec in specs.items():
        try:
            formula = parse_formula(spec["rumus"])
        except FormulaError as exc:
            raise FormulaError(f"metode.yaml: rumus indikator {name}: {exc}") from None
        missing = [c for c in formula.columns if c not in form2]
        if missing:
            raise MethodError(f"metode.yaml: rumus indikator {name} memakai kolom "
                              f"{', '.join(missing)} yang tidak ada di Form2")
        env = {c: pd.to_numeric(form2[c], errors="coerce").to_numpy(dtype=float)
               for c in formula.columns}
        value = np.array(np.broadcast_to(evaluate_formula(formula, env), (len(form2),)))
        out[f"ind_{name}"] = pd.Series(value, index=form2.index, dtype=float).replace(
            [np.inf, -np.inf], np.nan)
    return pd.DataFrame(out, index=form2.index)


def score_indicators(indicators: pd.DataFrame, specs: dict[str, dict], k: int = 4,
                     decimals: int | None = 1, groups: pd.Series | None = None,
                     rounding: str = "half_up") -> tuple[pd.DataFrame, list[str]]:
    """Score each ``ind_<name>`` column 1..k by the equal-interval rule, direction-aware.

    Parameters
    ----------
    groups : pandas.Series, optional
        Score within each group (kabupaten); default: all rows together.

    Returns
    -------
    scores : pandas.DataFrame
        ``skor_<name>`` columns.
    notes : list of str
        Indicators that were constant (every desa scored 1).
    """
    groups = pd.Series(0, index=indicators.index) if groups is None else groups
    out, notes = {}, []
    for name, spec in specs.items():
        out[f"skor_{name}"], constant = grouped_equal_interval_scores(
            indicators[f"ind_{name}"], groups, k=k, higher_is_riskier=spec.get("arah", 1) == 1,
            decimals=decimals, rounding=rounding)
        if constant:
            where = "" if len(constant) == 1 and constant[0] == 0 else \
                f" di {len(constant)} kabupaten"
            notes.append(f"indikator {name}: semua nilai sama{where}, semua desa diberi skor 1")
    return pd.DataFrame(out, index=indicators.index), notes


def class_of_area(area: pd.Series, method: str = "equal_interval", k: int = 4,
                  fixed_bounds: list[float] | None = None, decimals: int | None = 1,
                  groups: pd.Series | None = None, rounding: str = "half_up") -> pd.Series:
    """Map IMPACT × EXPOSURE (1..k²) back to a class 1..k.

    Parameters
    ----------
    area : pandas.Series
        The products.
    method : {"equal_interval", "tetap_4_8_12"}
        Equal intervals over the observed range (default [I]), or fixed upper-inclusive
        cut-offs (``fixed_bounds``, default 4/8/12).
    groups : pandas.Series, optional
        Equal intervals within each group (kabupaten).

    Examples
    --------
    >>> class_of_area(pd.Series([1.0, 4.0, 4.1, 12.0, 16.0]), method="tetap_4_8_12").tolist()
    [1, 1, 2, 3, 4]
    """
    if method == "tetap_4_8_12":
        return scores_from_bounds(area, list(fixed_bounds or [4, 8, 12]))
    groups = pd.Series(0, index=area.index) if groups is None else groups
    return grouped_equal_interval_scores(area, groups, k=k, decimals=decimals,
                                         rounding=rounding)[0]


def combine_classes(classes: pd.DataFrame, method: str = "maks") -> pd.Series:
    """Combined class over the components: the worst one, or the mean rounded half up.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2], "b": [4, 3]}, dtype="Int64")
    >>> combine_classes(df).tolist(), combine_classes(df, "rata_rata").tolist()
    ([4, 3], [3, 3])
    """
    data = classes.astype("Float64")
    if method == "maks":
        out = data.max(axis=1, skipna=False)
    else:
        mean = data.mean(axis=1, skipna=False)
        out = mean.map(lambda v: round_half_up(v) if pd.notna(v) else np.nan)
    return pd.Series(out, index=classes.index).astype("Float64").round().astype("Int64")


def exposure_columns(component: str) -> dict[str, str]:
    """The three score columns that feed EXPOSURE of one component."""
    return {src: f"skor_{src}_{component}" for src in ("sekunder", "irs", "persepsi")}


__all__ = [
    "COMPONENTS",
    "ConstantIndicatorWarning",
    "class_of_area",
    "combine_classes",
    "compute_indicators",
    "equal_interval_bounds",
    "equal_interval_scores",
    "grouped_equal_interval_scores",
    "exposure_columns",
    "round_half_up",
    "round_up",
    "score_indicators",
    "scores_from_bounds",
    "weighted_score",
]
