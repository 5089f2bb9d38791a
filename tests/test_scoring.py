"""Scoring rules (equal-interval scores, weights, area classes, perception) and one
hand-worked ``score_package`` on a 5-desa package built in memory.

Every expected number below is worked out by hand in the comments, from the rules in
docs/kontrak_data.md and the method reference (§3.4, §4.4, §5, §6.2–6.3).
"""

from __future__ import annotations

import math
import warnings
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from ppsp_analysis._errors import MethodError
from ppsp_analysis.io import read_default_method, read_package
from ppsp_analysis.method import active_indicators, merge_method, normalise_weights
from ppsp_analysis.package import InputPackage
from ppsp_analysis.persepsi import aggregate_perception
from ppsp_analysis.pipeline import score_package, score_tables
from ppsp_analysis.schema import SHEETS
from ppsp_analysis.scoring import (
    ConstantIndicatorWarning,
    class_of_area,
    combine_classes,
    compute_indicators,
    equal_interval_bounds,
    equal_interval_scores,
    grouped_equal_interval_scores,
    round_half_up,
    round_up,
    score_indicators,
    weighted_score,
)

# --------------------------------------------------------------------------------------------
# round_half_up
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("x", "decimals", "expected"), [
    (2.25, 1, 2.3),      # half goes up, not to even (Python's round gives 2.2)
    (2.35, 1, 2.4),      # 2.35 is 2.35000000000000008882 in binary; shown as 2.35 -> 2.4
    (2.675, 2, 2.68),    # binary 2.67499999999999982236; read at 15 digits: 2.675 -> 2.68
    (8.025, 2, 8.03),
    (0.5, 0, 1.0),
    (2.5, 0, 3.0),       # banker's rounding would give 2
    (-1.5, 0, -2.0),     # half AWAY from zero
    (-2.25, 1, -2.3),
    (1.04999, 1, 1.0),
    (7.0, 1, 7.0),
])
def test_round_half_up_hand_values(x, decimals, expected):
    assert round_half_up(x, decimals) == expected


def test_round_half_up_nan_and_none():
    assert math.isnan(round_half_up(float("nan"), 1))
    assert math.isnan(round_half_up(None, 1))


@settings(max_examples=100, deadline=None)
@given(digits=st.integers(-10**9, 10**9), scale=st.integers(0, 4), decimals=st.integers(0, 3))
def test_round_half_up_matches_decimal_on_short_decimals(digits, scale, decimals):
    # a short decimal such as 12.345 (at most 10 significant digits), typed as a float
    exact = Decimal(digits).scaleb(-scale)
    expected = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert round_half_up(float(exact), decimals) == float(expected)


# --------------------------------------------------------------------------------------------
# equal_interval_bounds / equal_interval_scores
# --------------------------------------------------------------------------------------------


def test_bounds_rounded_half_up_to_one_decimal():
    # min 0, max 9, k 4: width 9/4 = 2.25
    # exact boundaries 2.25, 4.5, 6.75 -> one decimal, half up: 2.3, 4.5, 6.8
    assert equal_interval_bounds(0, 9, k=4, decimals=1) == [2.3, 4.5, 6.8]
    assert equal_interval_bounds(0, 9, k=4, decimals=None) == [2.25, 4.5, 6.75]


@pytest.mark.parametrize(("x", "decimals", "expected"), [
    (2.325, 1, 2.4),     # ROUNDUP: any remainder goes away from zero
    (2.3, 1, 2.3),       # nothing to round
    (2.301, 1, 2.4),
    (0.1 + 0.2, 1, 0.3),  # 0.30000000000000004 is read at 15 digits: 0.3, not 0.4
    (-2.325, 1, -2.4),   # away from zero, as Excel
    (6.975, 1, 7.0),
    (4.65, 0, 5.0),
])
def test_round_up_hand_values(x, decimals, expected):
    assert round_up(x, decimals) == expected
    assert math.isnan(round_up(float("nan")))


def test_bounds_half_up_vs_roundup_hand():
    # min 0, max 9.3: width 9.3/4 = 2.325 -> exact 2.325, 4.65, 6.975
    #   half_up (Excel ROUND):   2.3, 4.7, 7.0
    #   roundup (Excel ROUNDUP): 2.4, 4.7, 7.0
    assert equal_interval_bounds(0, 9.3) == [2.3, 4.7, 7.0]
    assert equal_interval_bounds(0, 9.3, rounding="half_up") == [2.3, 4.7, 7.0]
    assert equal_interval_bounds(0, 9.3, rounding="roundup") == [2.4, 4.7, 7.0]
    # min 0, max 10.1: width 2.525 -> 2.525, 5.05, 7.575 -> half_up 2.5, 5.1, 7.6;
    # roundup 2.6, 5.1, 7.6
    assert equal_interval_bounds(0, 10.1) == [2.5, 5.1, 7.6]
    assert equal_interval_bounds(0, 10.1, rounding="roundup") == [2.6, 5.1, 7.6]
    # negative values: away from zero: -9.3..0 -> -6.975, -4.65, -2.325
    assert equal_interval_bounds(-9.3, 0, rounding="roundup") == [-7.0, -4.7, -2.4]
    assert equal_interval_bounds(-9.3, 0) == [-7.0, -4.7, -2.3]
    # exact boundaries are not rounded either way
    assert equal_interval_bounds(0, 9.3, decimals=None, rounding="roundup") == \
        pytest.approx([2.325, 4.65, 6.975])
    with pytest.raises(ValueError, match="half_up, roundup"):
        equal_interval_bounds(0, 9.3, rounding="up")


def test_scores_half_up_vs_roundup_hand():
    # 0..9.3 -> boundaries 2.3|4.7|7.0 (half_up) or 2.4|4.7|7.0 (roundup), upper inclusive
    s = pd.Series([0.0, 2.3, 2.31, 2.35, 2.4, 2.41, 4.7, 4.71, 7.0, 9.3])
    assert equal_interval_scores(s).tolist() == [1, 1, 2, 2, 2, 2, 2, 3, 3, 4]
    assert equal_interval_scores(s, rounding="roundup").tolist() == \
        [1, 1, 1, 1, 1, 2, 2, 3, 3, 4]
    # through the grouped scorer, the indicator scorer and the area class
    got, _ = grouped_equal_interval_scores(s, pd.Series(0, index=s.index), rounding="roundup")
    assert got.tolist() == [1, 1, 1, 1, 1, 2, 2, 3, 3, 4]
    sc, _ = score_indicators(pd.DataFrame({"ind_x": s}), {"x": {"arah": -1}},
                             rounding="roundup")
    assert sc["skor_x"].tolist() == [4, 4, 4, 4, 4, 3, 3, 2, 2, 1]
    assert class_of_area(s, rounding="roundup").tolist() == [1, 1, 1, 1, 1, 2, 2, 3, 3, 4]


def test_bounds_two_decimals_2675():
    # min 0, max 10.7: width 2.675 -> boundaries 2.675, 5.35, 8.025
    # two decimals, half up on the decimal value: 2.68, 5.35, 8.03
    assert equal_interval_bounds(0, 10.7, k=4, decimals=2) == [2.68, 5.35, 8.03]


# values with min 0 and max 9 -> rounded boundaries 2.3 | 4.5 | 6.8 (see above);
# score = 1 + number of boundaries the value EXCEEDS (upper boundary inclusive)
HAND_VALUES = [0.0, 2.25, 2.3, 2.31, 4.5, 4.6, 6.75, 6.8, 6.81, 9.0]
HAND_SCORES = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4]
#   0    -> exceeds none                     -> 1
#   2.25 -> <= 2.3                           -> 1  (exceeds the exact 2.25? no either)
#   2.3  -> equal to the rounded boundary    -> 1  (goes to the LOWER class)
#   2.31 -> > 2.3                            -> 2
#   4.5  -> equal to 4.5                     -> 2
#   4.6  -> > 4.5                            -> 3
#   6.75 -> <= 6.8 (above the exact 6.75? no)-> 3
#   6.8  -> equal to the rounded boundary    -> 3
#   6.81 -> > 6.8                            -> 4
#   9    -> max                              -> 4


def test_equal_interval_scores_hand_example_higher_is_riskier():
    s = pd.Series(HAND_VALUES)
    assert equal_interval_scores(s, k=4, higher_is_riskier=True, decimals=1).tolist() == \
        HAND_SCORES


def test_equal_interval_scores_reversed_when_higher_is_safer():
    s = pd.Series(HAND_VALUES)
    got = equal_interval_scores(s, k=4, higher_is_riskier=False, decimals=1).tolist()
    assert got == [5 - x for x in HAND_SCORES]   # k + 1 - score
    assert got == [4, 4, 4, 3, 3, 2, 2, 2, 1, 1]


def test_equal_interval_scores_rounding_of_boundaries_matters():
    # exact boundaries 2.25 | 4.5 | 6.75 (decimals=None): 2.3 now exceeds 2.25 -> 2,
    # 6.8 exceeds 6.75 -> 4
    s = pd.Series([0.0, 2.25, 2.3, 6.75, 6.8, 9.0])
    assert equal_interval_scores(s, decimals=None).tolist() == [1, 1, 2, 3, 4, 4]
    # with one decimal (PPSP display) they stay in the lower class
    assert equal_interval_scores(s, decimals=1).tolist() == [1, 1, 1, 3, 3, 4]


def test_equal_interval_scores_two_decimals_2675():
    # min 0, max 10.7, two decimals: boundaries 2.68 | 5.35 | 8.03
    s = pd.Series([0.0, 2.675, 2.68, 2.69, 5.35, 5.36, 8.03, 8.031, 10.7])
    assert equal_interval_scores(s, decimals=2).tolist() == [1, 1, 1, 2, 2, 3, 3, 4, 4]


def test_equal_interval_scores_k5():
    # min 0, max 10, k 5: width 2 -> boundaries 2 | 4 | 6 | 8
    s = pd.Series([0, 2, 2.1, 4, 5, 6.5, 8, 8.01, 10])
    assert equal_interval_scores(s, k=5).tolist() == [1, 1, 2, 2, 3, 4, 4, 5, 5]


def test_equal_interval_scores_constant_warns_and_scores_one():
    s = pd.Series([3.5, 3.5, np.nan, 3.5], index=["a", "b", "c", "d"])
    for riskier in (True, False):
        with pytest.warns(ConstantIndicatorWarning):
            got = equal_interval_scores(s, higher_is_riskier=riskier)
        assert got.tolist() == [1, 1, pd.NA, 1]
        assert list(got.index) == ["a", "b", "c", "d"]


def test_equal_interval_scores_nan_stays_na_and_index_kept():
    idx = pd.Index(["99.01.01.2003", "99.01.01.2001", "99.01.01.2002", "x"])
    s = pd.Series([np.nan, 0.0, 9.0, 4.6], index=idx)
    got = equal_interval_scores(s)
    assert str(got.dtype) == "Int64"
    assert got.index.equals(idx)
    assert got.isna().tolist() == [True, False, False, False]
    assert got.iloc[1:].tolist() == [1, 4, 3]


def test_equal_interval_scores_all_missing():
    got = equal_interval_scores(pd.Series([np.nan, np.nan], index=[5, 7]))
    assert got.isna().all() and list(got.index) == [5, 7]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(finite, min_size=1, max_size=30), k=st.integers(2, 7),
       riskier=st.booleans(), decimals=st.sampled_from([None, 0, 1, 2]))
def test_property_scores_in_1_to_k_and_monotone(values, k, riskier, decimals):
    s = pd.Series(values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantIndicatorWarning)
        got = equal_interval_scores(s, k=k, higher_is_riskier=riskier, decimals=decimals)
    assert got.notna().all()
    assert got.between(1, k).all()
    assert got.index.equals(s.index)
    order = np.argsort(np.asarray(values), kind="stable")
    ranked = got.to_numpy(dtype=int)[order]
    steps = np.diff(ranked)
    # x <= y  =>  score(x) <= score(y) when higher is riskier, >= when higher is safer
    assert (steps >= 0).all() if riskier else (steps <= 0).all()


@settings(max_examples=100, deadline=None)
@given(values=st.lists(finite, min_size=2, max_size=30), k=st.integers(2, 7))
def test_property_exact_bounds_min_is_1_and_max_is_k(values, k):
    if min(values) == max(values):
        return
    got = equal_interval_scores(pd.Series(values), k=k, decimals=None)
    assert got[int(np.argmin(values))] == 1
    assert got[int(np.argmax(values))] == k


@settings(max_examples=100, deadline=None)
@given(data=st.lists(st.tuples(st.sampled_from("abc"), finite | st.just(float("nan"))),
                     min_size=1, max_size=40),
       riskier=st.booleans())
def test_property_grouped_scores_equal_scores_within_each_group(data, riskier):
    # scoring many kabupaten at once = scoring each kabupaten on its own
    groups = pd.Series([g for g, _ in data])
    values = pd.Series([v for _, v in data])
    got, constant = grouped_equal_interval_scores(values, groups, higher_is_riskier=riskier)
    for g in groups.unique():
        part = values[groups == g]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConstantIndicatorWarning)
            alone = equal_interval_scores(part, higher_is_riskier=riskier)
        pd.testing.assert_series_equal(got[groups == g], alone)
        assert (g in constant) == bool(caught)


# --------------------------------------------------------------------------------------------
# weights
# --------------------------------------------------------------------------------------------


def test_normalise_weights_hand():
    # 50 + 25 + 25 = 100 -> 0.5, 0.25, 0.25
    assert normalise_weights({"a": 50, "b": 25, "c": 25}) == {"a": 0.5, "b": 0.25, "c": 0.25}
    assert normalise_weights({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}


@pytest.mark.parametrize("weights", [{"a": 0, "b": 0}, {"a": -1, "b": 2}])
def test_normalise_weights_rejects_zero_total_and_negative(weights):
    with pytest.raises(MethodError):
        normalise_weights(weights)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5),
                       st.floats(min_value=0, max_value=100, allow_nan=False),
                       min_size=1, max_size=8))
def test_property_normalised_weights_sum_to_one(weights):
    if sum(weights.values()) <= 0:
        return
    w = normalise_weights(weights)
    assert set(w) == set(weights)
    assert math.isclose(sum(w.values()), 1.0, rel_tol=1e-9)
    assert all(v >= 0 for v in w.values())


SCORES = pd.DataFrame({"a": [1.0, 4.0, 2.0, np.nan],
                       "b": [3.0, np.nan, 4.0, np.nan],
                       "c": [2.0, 2.0, np.nan, np.nan]})


def test_weighted_score_hand_tidak_ada_data():
    # weights 50/25/25 -> 0.5/0.25/0.25
    # row 0: 0.5*1 + 0.25*3 + 0.25*2 = 0.5 + 0.75 + 0.5 = 1.75
    # rows 1, 2: a score is missing -> NaN (tidak ada data); row 3: all missing -> NaN
    got = weighted_score(SCORES, {"a": 50, "b": 25, "c": 25})
    assert got[0] == pytest.approx(1.75)
    assert got[1:].isna().all()


def test_weighted_score_hand_normalisasi_ulang():
    # weights renormalised over the scores present
    # row 1: (0.5*4 + 0.25*2) / (0.5 + 0.25) = 2.5 / 0.75 = 3.3333
    # row 2: (0.5*2 + 0.25*4) / 0.75 = 2.0 / 0.75 = 2.6667
    # row 3: nothing -> NaN
    got = weighted_score(SCORES, {"a": 50, "b": 25, "c": 25}, missing="normalisasi_ulang")
    assert got[0] == pytest.approx(1.75)
    assert got[1] == pytest.approx(2.5 / 0.75)
    assert got[2] == pytest.approx(2.0 / 0.75)
    assert math.isnan(got[3])


@settings(max_examples=100, deadline=None)
@given(w=st.lists(st.floats(min_value=0.01, max_value=100), min_size=3, max_size=3),
       factor=st.floats(min_value=0.01, max_value=100))
def test_property_weighted_score_scale_free_and_within_range(w, factor):
    df = SCORES.iloc[:1]
    weights = dict(zip("abc", w, strict=True))
    scaled = {k: v * factor for k, v in weights.items()}
    got = weighted_score(df, weights)[0]
    assert got == pytest.approx(weighted_score(df, scaled)[0])
    assert 1.0 - 1e-9 <= got <= 3.0 + 1e-9   # a weighted mean of 1, 3, 2


# --------------------------------------------------------------------------------------------
# secondary indicators
# --------------------------------------------------------------------------------------------


def test_compute_indicators_division_by_zero_is_nan():
    form2 = pd.DataFrame({"penduduk": [100, 0, 50], "luas_ha": [10, 0, 0]},
                         index=["a", "b", "c"])
    specs = {"kepadatan": {"rumus": "penduduk / luas_ha", "arah": 1},
             "dua": {"rumus": "2", "arah": 1}}
    got = compute_indicators(form2, specs)
    # 100/10 = 10; 0/0 -> NaN; 50/0 = inf -> NaN (never infinity)
    assert got["ind_kepadatan"].tolist()[0] == 10.0
    assert got["ind_kepadatan"].iloc[1:].isna().all()
    assert got["ind_dua"].tolist() == [2.0, 2.0, 2.0]      # a constant formula broadcasts
    assert list(got.index) == ["a", "b", "c"]


def test_score_indicators_direction_and_constant_note():
    ind = pd.DataFrame({"ind_naik": [0.0, 9.0, 4.6], "ind_turun": [0.0, 9.0, 4.6],
                        "ind_sama": [5.0, 5.0, 5.0]})
    specs = {"naik": {"arah": 1}, "turun": {"arah": -1}, "sama": {"arah": 1}}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConstantIndicatorWarning)   # must not leak
        scores, notes = score_indicators(ind, specs)
    # boundaries 2.3 | 4.5 | 6.8 (min 0, max 9)
    assert scores["skor_naik"].tolist() == [1, 4, 3]
    assert scores["skor_turun"].tolist() == [4, 1, 2]
    assert scores["skor_sama"].tolist() == [1, 1, 1]
    assert len(notes) == 1 and "sama" in notes[0]


# --------------------------------------------------------------------------------------------
# area berisiko class and combined class
# --------------------------------------------------------------------------------------------


def test_class_of_area_equal_interval_hand():
    # min 1, max 16: width 15/4 = 3.75 -> 4.75 | 8.5 | 12.25 -> one decimal 4.8 | 8.5 | 12.3
    area = pd.Series([1.0, 4.75, 4.8, 4.81, 8.5, 9.0, 12.25, 12.3, 12.31, 16.0])
    assert class_of_area(area).tolist() == [1, 1, 1, 2, 2, 3, 3, 3, 4, 4]


def test_class_of_area_fixed_4_8_12_hand():
    # fixed upper-inclusive cut-offs 4 | 8 | 12 (independent of the observed range)
    area = pd.Series([1.0, 4.0, 4.01, 8.0, 8.5, 12.0, 12.01, 16.0, np.nan])
    got = class_of_area(area, method="tetap_4_8_12")
    assert got.tolist()[:8] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert pd.isna(got.iloc[8])
    # a narrow range stays low with fixed cut-offs, spreads with equal intervals
    narrow = pd.Series([1.0, 2.0, 3.0, 4.0])
    assert class_of_area(narrow, method="tetap_4_8_12").tolist() == [1, 1, 1, 1]
    assert class_of_area(narrow).tolist() == [1, 2, 3, 4]   # bounds 1.8 | 2.5 | 3.3
    assert class_of_area(narrow, method="tetap_4_8_12",
                         fixed_bounds=[1.5, 2.5, 3.5]).tolist() == [1, 2, 3, 4]


def test_class_of_area_constant_is_all_one_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert class_of_area(pd.Series([6.0, 6.0, 6.0])).tolist() == [1, 1, 1]


def test_combine_classes_maks_vs_rata_rata():
    df = pd.DataFrame({"air_limbah": [1, 2, 4, pd.NA, 2],
                       "persampahan": [4, 3, 1, 2, 3],
                       "drainase": [2, 2, 1, 3, 3]}, dtype="Int64")
    # maks: worst component; any <NA> -> <NA>
    assert combine_classes(df, "maks").tolist() == [4, 3, 4, pd.NA, 3]
    # rata_rata: (1+4+2)/3 = 2.33 -> 2; (2+3+2)/3 = 2.33 -> 2; (4+1+1)/3 = 2;
    # <NA>; (2+3+3)/3 = 2.67 -> 3
    assert combine_classes(df, "rata_rata").tolist() == [2, 2, 2, pd.NA, 3]
    # two components: 2.5 rounds half UP to 3 (banker's rounding would give 2); 1.5 -> 2
    two = pd.DataFrame({"a": [2, 1], "b": [3, 2]}, dtype="Int64")
    assert combine_classes(two, "rata_rata").tolist() == [3, 2]
    assert str(combine_classes(df).dtype) == "Int64"


# --------------------------------------------------------------------------------------------
# OPD perception
# --------------------------------------------------------------------------------------------


def _persepsi_table() -> pd.DataFrame:
    # desa a: 4 OPD; desa b: 4 OPD, one blank air_limbah, every drainase blank
    return pd.DataFrame({
        "kode_desa": ["a"] * 4 + ["b"] * 4,
        "kode_opd": ["W", "X", "Y", "Z"] * 2,
        "air_limbah": [1, 2, 2, 4, 1, 1, 2, np.nan],
        "persampahan": [3, 3, 4, 4, 1, 2, 2, 1],
        "drainase": [1, 2, 3, 4, np.nan, np.nan, np.nan, np.nan],
    })


@pytest.mark.parametrize(("agg", "rounding", "expected"), [
    # a.air_limbah [1,2,2,4]: mean 9/4 = 2.25, median 2, mode 2
    # a.persampahan [3,3,4,4]: mean 3.5, median 3.5, mode tie 3/4 -> the riskier 4
    # a.drainase [1,2,3,4]: mean 2.5, median 2.5, mode 4-way tie -> 4
    # b.air_limbah [1,1,2] (blank ignored): mean 4/3, median 1, mode 1
    # b.persampahan [1,2,2,1]: mean 1.5, median 1.5, mode tie -> 2
    ("mean", "none", {"a": [2.25, 3.5, 2.5], "b": [4 / 3, 1.5]}),
    ("mean", "half_up", {"a": [2.0, 4.0, 3.0], "b": [1.0, 2.0]}),
    ("median", "none", {"a": [2.0, 3.5, 2.5], "b": [1.0, 1.5]}),
    ("median", "half_up", {"a": [2.0, 4.0, 3.0], "b": [1.0, 2.0]}),
    ("mode", "none", {"a": [2.0, 4.0, 4.0], "b": [1.0, 2.0]}),
    ("mode", "half_up", {"a": [2.0, 4.0, 4.0], "b": [1.0, 2.0]}),
])
def test_aggregate_perception_hand(agg, rounding, expected):
    got = aggregate_perception(_persepsi_table(), agg, rounding)
    cols = ["skor_persepsi_air_limbah", "skor_persepsi_persampahan", "skor_persepsi_drainase"]
    assert got.loc["a", cols].tolist() == pytest.approx(expected["a"])
    assert got.loc["b", cols[:2]].tolist() == pytest.approx(expected["b"])
    assert math.isnan(got.loc["b", "skor_persepsi_drainase"])   # no OPD scored it
    assert got["n_opd"].tolist() == [4, 4]


def test_aggregate_perception_keeps_value_before_rounding():
    got = aggregate_perception(_persepsi_table(), "mean", "half_up")
    assert got.loc["a", "persepsi_air_limbah"] == 2.25
    assert got.loc["a", "skor_persepsi_air_limbah"] == 2.0


# --------------------------------------------------------------------------------------------
# score_package, worked by hand on 5 desa
# --------------------------------------------------------------------------------------------
#
# Desa A..E (kode 99.09.01.2001..2005), all luas_ha 100.
#
#            penduduk  jumlah_kk  kk_miskin  %miskin  kepadatan  sungai  banjir  rob
#   A          1000       250        25        10        10        1       0      0
#   B          2000       500       200        40        20        0       0      0
#   C          3000       750       150        20        30        1       0      0
#   D          5000      1250       500        40        50        0       1      1
#   E          1000       250        25        10        10        0       1      1
#
# Strata (density > 25; %miskin > median 20; sungai; banjir):
#   A 0+0+1+0 = 1, B 0+1+0+0 = 1, C 1+0+1+0 = 2, D 1+1+0+1 = 3, E 0+0+0+1 = 1
#
# IMPACT (equal interval, one-decimal boundaries, upper inclusive):
#   jumlah_penduduk 1000..5000, bounds 2000|3000|4000 -> A1 B1 C2 D4 E1
#   kepadatan 10..50, bounds 20|30|40                 -> A1 B1 C2 D4 E1
#   kemiskinan 10..40, bounds 17.5|25|32.5            -> A1 B4 C2 D4 E1
#   IMPACT = mean                                     -> A1 B2 C2 D4 E1
#
# Secondary EXPOSURE:
#   air limbah  kk_tanpa_jamban %: 0,20,10,40,0, bounds 10|20|30 -> 1,2,1,4,1
#               jamban_layak % (safer): 100,60,80,40,100, bounds 55|70|85
#               -> raw 4,2,3,1,4 -> reversed 1,3,2,4,1
#               mean -> A1 B2.5 C1.5 D4 E1
#   persampahan sampah_terangkut % (safer): 100,60,20,0,100, bounds 25|50|75
#               -> raw 4,3,1,1,4 -> reversed 1,2,4,4,1
#               tps_per_1000 (safer): 1,2,0,1,2, bounds 0.5|1|1.5
#               -> raw 2,4,1,2,4 -> reversed 3,1,4,3,1
#               mean -> A2 B1.5 C4 D3.5 E1
#   drainase    genangan % luas: 0,10,20,40,30, bounds 10|20|30 -> 1,1,2,4,3
#               rob 0,0,0,1,1: bounds 0.25|0.5|0.75 -> 0.3|0.5|0.8 -> 1,1,1,4,4
#               mean -> A1 B1 C1.5 D4 E3.5
#
# EHRA (A 4 households, B 2, C 4, D 4, E not surveyed; sumber air and PHBS all safe).
# In each component every sub-indicator is risky for the same households:
#   risky HH     air_limbah  persampahan  genangan
#   A (4 HH)        0            4           0
#   B (2 HH)        2            0           1
#   C (4 HH)        2            1           4
#   D (4 HH)        4            2           3
# S = mean of the sub-indicator p's = % of the component's risky households:
#   A: 0, 100, 0     B: 100, 0, 50     C: 50, 25, 100     D: 100, 50, 75
#   E inherits stratum 1 = households of A and B pooled (6 HH):
#      air_limbah 2/6 = 33.33, persampahan 4/6 = 66.67, genangan 1/6 = 16.67
#   IRS = sum: A 100, B 150, C 175, D 225, E 116.67
#   kelas_irs: 100..225, width 31.25, bounds 131.25|162.5|193.75 -> 131.3|162.5|193.8
#              -> A1 B2 C3 D4 E1
# IRS scores (each 0..100 with min 0 and max 100 -> bounds 25|50|75):
#   air_limbah  0,100,50,100,33.3 -> A1 B4 C2 D4 E2
#   persampahan 100,0,25,50,66.7  -> A4 B1 C1 D2 E3
#   genangan    0,50,100,75,16.7  -> A1 B2 C4 D3 E1   (feeds drainase)
#
# OPD perception (5 OPD, mean, not rounded):
#   air_limbah  A 1, B 4, C (2+2+2+2+3)/5 = 2.2, D 4, E 3
#   persampahan A 3, B 2, C 4, D 2, E 1
#   drainase    A 1, B 3, C (2+2+3+3+3)/5 = 2.6, D 2, E (blank for every OPD)
#
# EXPOSURE = (sekunder + irs + persepsi) / 3:
#   air_limbah  A (1+1+1)/3 = 1, B (2.5+4+4)/3 = 3.5, C (1.5+2+2.2)/3 = 1.9,
#               D (4+4+4)/3 = 4, E (1+2+3)/3 = 2
#   persampahan A (2+4+3)/3 = 3, B (1.5+1+2)/3 = 1.5, C (4+1+4)/3 = 3,
#               D (3.5+2+2)/3 = 2.5, E (1+3+1)/3 = 5/3
#   drainase    A (1+1+1)/3 = 1, B (1+2+3)/3 = 2, C (1.5+4+2.6)/3 = 2.7,
#               D (4+3+2)/3 = 3, E: no persepsi -> tidak ada data
#
# AREA = IMPACT x EXPOSURE and its class (equal interval over the observed areas):
#   air_limbah  1, 7, 3.8, 16, 2; 1..16 -> bounds 4.75|8.5|12.25 -> 4.8|8.5|12.3
#               -> A1 B2 C1 D4 E1
#   persampahan 3, 3, 6, 10, 5/3; width (10 - 5/3)/4 = 25/12
#               -> bounds 3.75|5.83|7.92 -> 3.8|5.8|7.9 -> A1 B1 C3 D4 E1
#   drainase    1, 4, 5.4, 12, NaN; 1..12 -> bounds 3.75|6.5|9.25 -> 3.8|6.5|9.3
#               -> A1 B2 C2 D4 E<NA>
#
# Override: B air_limbah -> 4 ("Verifikasi lapangan: ...").
# Priority (class >= 3): air_limbah B, D; persampahan C, D; drainase D.
# Combined (maks): A1 B4 C3 D4 E<NA> -> priority B, C, D.

KODE = {d: f"99.09.01.200{i}" for i, d in enumerate("ABCDE", start=1)}
SAFE = {"sumber_air_minum": 1, "sumber_air_lain": 1, "kelangkaan_air": 2,
        "pengurasan_tangki": 1, "buang_lumpur": 1, "spal": 1,
        "pengelolaan_sampah": 1, "frekuensi_angkut": 1, "ketepatan_angkut": 1, "pilah_sampah": 1,
        "genangan": 2, "ctps_5_waktu": 1, "jamban_bebas_tinja": 1, "jamban_bebas_lalat": 1,
        "penggelontor_berfungsi": 1, "sabun_dekat_jamban": 1, "air_minum_tercemar": 2,
        "babs": 2}
RISKY = {"air_limbah": {"pengurasan_tangki": 4, "buang_lumpur": 2, "spal": 3},
         "persampahan": {"pengelolaan_sampah": 3, "frekuensi_angkut": 3, "ketepatan_angkut": 2,
                         "pilah_sampah": 2},
         "genangan": {"genangan": 1}}


def _ehra_rows() -> pd.DataFrame:
    # desa: (households, risky air_limbah, risky persampahan, risky genangan)
    plan = {"A": (4, 0, 4, 0), "B": (2, 2, 0, 1), "C": (4, 2, 1, 4), "D": (4, 4, 2, 3)}
    rows = []
    for d, (n, al, ps, gn) in plan.items():
        for i in range(n):
            row = {"id_rt": f"{KODE[d]}-{i + 1:03d}", "kode_desa": KODE[d], "rt": 1 + i,
                   "umur_responden": 35, **SAFE}
            for comp, risky_n in (("air_limbah", al), ("persampahan", ps), ("genangan", gn)):
                if i < risky_n:
                    row.update(RISKY[comp])
            rows.append(row)
    df = pd.DataFrame(rows)
    df["_baris"] = np.arange(2, len(df) + 2)
    return df


def tiny_package(method: dict | None = None) -> InputPackage:
    """The 5-desa package worked by hand above."""
    names = list("ABCDE")
    geoms = [box(114.0 + 0.01 * i, -1.01, 114.01 + 0.01 * i, -1.0) for i in range(5)]
    desa = gpd.GeoDataFrame({
        "kode_desa": [KODE[d] for d in names], "nama_desa": [f"Desa {d}" for d in names],
        "kode_kec": "99.09.01", "nama_kec": "Kecamatan Uji",
        "_baris": np.arange(1, 6)}, geometry=geoms, crs="EPSG:4326")
    form2 = pd.DataFrame({c: 0 for c in SHEETS["Form2"].columns}, index=range(5))
    form2["kode_desa"] = [KODE[d] for d in names]
    form2["nama_desa"] = [f"Desa {d}" for d in names]
    form2["kode_kec"], form2["nama_kec"] = "99.09.01", "Kecamatan Uji"
    form2["urban_bps"], form2["urban_rtrw"] = 2, 2
    form2["luas_ha"] = 100.0
    form2["penduduk"] = [1000, 2000, 3000, 5000, 1000]
    form2["jumlah_kk"] = [250, 500, 750, 1250, 250]
    form2["kk_miskin"] = [25, 200, 150, 500, 25]
    form2["sungai_mck"] = [1, 0, 1, 0, 0]
    form2["banjir_mengganggu"] = [0, 0, 0, 1, 1]
    form2["rob"] = [0, 0, 0, 1, 1]
    form2["genangan_ha"] = [0, 10, 20, 40, 30]
    form2["kk_tanpa_jamban"] = [0, 100, 75, 500, 0]
    form2["kk_jamban_layak"] = [250, 300, 600, 500, 250]
    form2["pct_sampah_terangkut"] = [100, 60, 20, 0, 100]
    form2["jumlah_tps"] = [1, 4, 0, 5, 2]
    form2["_baris"] = np.arange(2, 7)
    opd = pd.DataFrame({"kode_opd": [f"OPD{i}" for i in range(1, 6)],
                        "nama_opd": [f"Dinas {i}" for i in range(1, 6)]})
    opd["_baris"] = np.arange(2, 7)
    per_opd = {  # desa: (air_limbah, persampahan, drainase) for OPD1..OPD5
        "A": ([1] * 5, [3] * 5, [1] * 5),
        "B": ([4] * 5, [2] * 5, [3] * 5),
        "C": ([2, 2, 2, 2, 3], [4] * 5, [2, 2, 3, 3, 3]),
        "D": ([4] * 5, [2] * 5, [2] * 5),
        "E": ([3] * 5, [1] * 5, [np.nan] * 5),
    }
    rows = [{"kode_desa": KODE[d], "kode_opd": f"OPD{j + 1}", "air_limbah": al[j],
             "persampahan": ps[j], "drainase": dr[j]}
            for d, (al, ps, dr) in per_opd.items() for j in range(5)]
    persepsi = pd.DataFrame(rows)
    persepsi["_baris"] = np.arange(2, len(persepsi) + 2)
    override = pd.DataFrame({"kode_desa": [KODE["B"]], "komponen": ["air_limbah"],
                             "kelas_baru": [4.0],
                             "alasan": ["Verifikasi lapangan: IPAL komunal rusak"],
                             "_baris": [2]})
    form1 = {"nama_pokja": "Pokja Uji", "kode_kabupaten": "99.09",
             "nama_kabupaten": "Kabupaten Uji", "nama_provinsi": "Provinsi Uji", "tahun": 2026,
             "data_sintetis": "ya"}
    return InputPackage(path=Path("."), files={}, desa=desa, form1=form1,
                        sheets={"OPD": opd, "Form2": form2, "Persepsi": persepsi,
                                "Override": override},
                        ehra=_ehra_rows(), method=method or read_default_method())


def _col(result, column) -> list:
    return [result.desa.loc[KODE[d], column] for d in "ABCDE"]


def _ints(result, column) -> list:
    return [None if pd.isna(v) else int(v) for v in _col(result, column)]


@pytest.fixture(scope="module")
def scored():
    return score_package(tiny_package())


def test_score_package_identity_and_contract_columns(scored):
    d = scored.desa
    assert isinstance(d, gpd.GeoDataFrame) and d.crs.to_epsg() == 4326
    assert list(d.index) == [KODE[x] for x in "ABCDE"]
    assert d["kode_desa"].tolist() == list(d.index)
    expected = ["kode_desa", "nama_desa", "kode_kec", "nama_kec", "geometry", "strata",
                "disurvei", "unit_irs", "irs_total", "kelas_irs", "impact",
                "kelas_gabungan", "prioritas_gabungan"]
    expected += [f"irs_{c}" for c in ("sumber_air", "air_limbah", "persampahan", "genangan",
                                      "phbs")]
    for group in active_indicators(read_default_method()).values():
        expected += [f"{p}_{name}" for name in group for p in ("ind", "skor")]
    for c in ("air_limbah", "persampahan", "drainase"):
        expected += [f"{p}_{c}" for p in ("skor_sekunder", "skor_irs", "skor_persepsi",
                                          "persepsi", "exposure", "area", "kelas", "override",
                                          "alasan", "prioritas")]
        expected.append(f"kelas_{c}_instrumen")
    assert [c for c in expected if c not in d.columns] == []
    assert "ind_fungsi_urban" not in d.columns          # optional indicator, off by default
    for c in ("kelas_irs", "kelas_air_limbah", "kelas_air_limbah_instrumen", "kelas_gabungan"):
        assert str(d[c].dtype) == "Int64", c


def test_score_package_strata_and_irs(scored):
    assert _ints(scored, "strata") == [1, 1, 2, 3, 1]
    assert _col(scored, "disurvei") == [True, True, True, True, False]
    assert _col(scored, "unit_irs") == ["desa", "desa", "desa", "desa", "strata 1"]
    assert _ints(scored, "n_rt") == [4, 2, 4, 4, 0]
    assert _col(scored, "irs_air_limbah") == pytest.approx([0, 100, 50, 100, 100 / 3])
    assert _col(scored, "irs_persampahan") == pytest.approx([100, 0, 25, 50, 200 / 3])
    assert _col(scored, "irs_genangan") == pytest.approx([0, 50, 100, 75, 100 / 6])
    assert _col(scored, "irs_sumber_air") == pytest.approx([0] * 5)
    assert _col(scored, "irs_total") == pytest.approx([100, 150, 175, 225, 700 / 6])
    assert _ints(scored, "kelas_irs") == [1, 2, 3, 4, 1]
    assert _ints(scored, "skor_irs_air_limbah") == [1, 4, 2, 4, 2]
    assert _ints(scored, "skor_irs_persampahan") == [4, 1, 1, 2, 3]
    assert _ints(scored, "skor_irs_drainase") == [1, 2, 4, 3, 1]


def test_score_package_impact(scored):
    assert _ints(scored, "skor_jumlah_penduduk") == [1, 1, 2, 4, 1]
    assert _ints(scored, "skor_kepadatan") == [1, 1, 2, 4, 1]
    assert _col(scored, "ind_kemiskinan") == pytest.approx([10, 40, 20, 40, 10])
    assert _ints(scored, "skor_kemiskinan") == [1, 4, 2, 4, 1]
    assert _col(scored, "impact") == pytest.approx([1, 2, 2, 4, 1])


def test_score_package_exposure(scored):
    assert _col(scored, "skor_sekunder_air_limbah") == pytest.approx([1, 2.5, 1.5, 4, 1])
    assert _col(scored, "skor_sekunder_persampahan") == pytest.approx([2, 1.5, 4, 3.5, 1])
    assert _col(scored, "skor_sekunder_drainase") == pytest.approx([1, 1, 1.5, 4, 3.5])
    assert _col(scored, "persepsi_air_limbah") == pytest.approx([1, 4, 2.2, 4, 3])
    assert _col(scored, "exposure_air_limbah") == pytest.approx([1, 3.5, 1.9, 4, 2])
    assert _col(scored, "exposure_persampahan") == pytest.approx([3, 1.5, 3, 2.5, 5 / 3])
    dr = _col(scored, "exposure_drainase")
    assert dr[:4] == pytest.approx([1, 2, 2.7, 3]) and math.isnan(dr[4])


def test_score_package_area_and_class(scored):
    assert _col(scored, "area_air_limbah") == pytest.approx([1, 7, 3.8, 16, 2])
    assert _col(scored, "area_persampahan") == pytest.approx([3, 3, 6, 10, 5 / 3])
    assert _col(scored, "area_drainase")[:4] == pytest.approx([1, 4, 5.4, 12])
    assert _ints(scored, "kelas_air_limbah_instrumen") == [1, 2, 1, 4, 1]
    assert _ints(scored, "kelas_persampahan_instrumen") == [1, 1, 3, 4, 1]
    assert _ints(scored, "kelas_drainase_instrumen") == [1, 2, 2, 4, None]
    assert _ints(scored, "kelas_drainase") == [1, 2, 2, 4, None]
    assert any("drainase" in n and "tidak ada data" in n for n in scored.notes)


def test_score_package_override_and_priority(scored):
    # the Pokja's class replaces the rule's, the rule's class and the reason are kept
    assert _ints(scored, "kelas_air_limbah") == [1, 4, 1, 4, 1]
    assert _ints(scored, "kelas_air_limbah_instrumen") == [1, 2, 1, 4, 1]
    assert _col(scored, "override_air_limbah") == [False, True, False, False, False]
    assert _col(scored, "alasan_air_limbah") == ["", "Verifikasi lapangan: IPAL komunal rusak",
                                                  "", "", ""]
    assert not any(_col(scored, "override_persampahan"))
    assert _col(scored, "prioritas_air_limbah") == [False, True, False, True, False]
    assert _col(scored, "prioritas_persampahan") == [False, False, True, True, False]
    assert _col(scored, "prioritas_drainase") == [False, False, False, True, False]
    assert _ints(scored, "kelas_gabungan") == [1, 4, 3, 4, None]
    assert _col(scored, "prioritas_gabungan") == [False, True, True, True, False]
    assert scored.class_counts("kelas_drainase") == {1: 1, 2: 2, 4: 1, None: 1}
    assert scored.meta["sintetis"] is True


def test_score_package_method_options():
    base = read_default_method()
    # fixed cut-offs 4|8|12: persampahan areas 3, 3, 6, 10, 1.67 -> 1, 1, 2, 3, 1
    r = score_package(tiny_package(), merge_method(base, {
        "area_berisiko": {"metode_kelas": "tetap_4_8_12"}}))
    assert _ints(r, "kelas_persampahan_instrumen") == [1, 1, 2, 3, 1]
    assert _ints(r, "kelas_air_limbah_instrumen") == [1, 2, 1, 4, 1]   # 1, 7, 3.8, 16, 2

    # combined class as the rounded mean: A 1; B (4+1+2)/3 = 2.33 -> 2; C (1+3+2)/3 = 2;
    # D (4+4+4)/3 = 4; E <NA>
    r = score_package(tiny_package(), merge_method(base, {"gabungan": {"metode": "rata_rata"}}))
    assert _ints(r, "kelas_gabungan") == [1, 2, 2, 4, None]

    # provisional EXPOSURE: E drainase from sekunder 3.5 and IRS 1 only -> 2.25, area 2.25,
    # class over 1, 4, 5.4, 12, 2.25 (bounds 3.8 | 6.5 | 9.3) -> 1
    r = score_package(tiny_package(), merge_method(base, {
        "exposure": {"sumber_hilang": "normalisasi_ulang"}}))
    assert _col(r, "exposure_drainase")[4] == pytest.approx(2.25)
    assert _ints(r, "kelas_drainase") == [1, 2, 2, 4, 1]

    # unit_irs strata: A, B, E all take stratum 1 (A+B pooled); C, D alone in theirs
    r = score_package(tiny_package(), merge_method(base, {"ehra": {"unit_irs": "strata"}}))
    assert _col(r, "irs_air_limbah") == pytest.approx([100 / 3, 100 / 3, 50, 100, 100 / 3])
    assert _col(r, "unit_irs") == ["strata 1", "strata 1", "strata 2", "strata 3", "strata 1"]

    # EXPOSURE weights 2:1:1 for air limbah: B (2*2.5 + 4 + 4)/4 = 3.25
    r = score_package(tiny_package(), merge_method(base, {
        "exposure": {"bobot": {"air_limbah": {"sekunder": 50, "irs": 25, "persepsi": 25}}}}))
    assert _col(r, "exposure_air_limbah")[1] == pytest.approx(3.25)


def test_score_package_pembulatan_batas_reaches_the_indicators():
    # drainase replaced by one indicator, genangan % luas = genangan_ha (luas 100 ha):
    #   0, 2.31, 2.35, 9.3, 2.41 -> min 0, max 9.3, width 2.325
    #   half_up bounds 2.3|4.7|7.0 -> 1, 2, 2, 4, 2
    #   roundup bounds 2.4|4.7|7.0 -> 1, 1, 1, 4, 2
    base = merge_method(read_default_method(), {"sekunder": {"drainase": {
        "genangan": {"rumus": "genangan_ha / luas_ha * 100", "arah": 1, "bobot": 1}}}})
    pkg = tiny_package()
    pkg.sheets["Form2"]["genangan_ha"] = [0, 2.31, 2.35, 9.3, 2.41]
    r = score_package(pkg, base)
    assert _ints(r, "skor_genangan") == [1, 2, 2, 4, 2]
    r = score_package(pkg, merge_method(base, {"kelas": {"pembulatan_batas": "roundup"}}))
    assert _ints(r, "skor_genangan") == [1, 1, 1, 4, 2]


def test_score_package_subindikator_kosong_nol_vs_abaikan():
    # nobody in C (alone in stratum 2) answered buang_lumpur (2b); C's 4 households have 2
    # risky on 2a and 2c: p_2a = p_2c = 50
    #   abaikan: S air limbah = (50 + 50)/2 = 50 (as before); IRS 175, kelas_irs 3
    #   nol:     S air limbah = (50 + 0 + 50)/3 = 33.33;       IRS 158.33
    #            kelas_irs: bounds 131.3|162.5|193.8 -> 2
    pkg = tiny_package()
    pkg.ehra.loc[pkg.ehra["kode_desa"] == KODE["C"], "buang_lumpur"] = np.nan
    r = score_package(pkg)
    assert _col(r, "irs_air_limbah")[2] == pytest.approx(50)
    assert _ints(r, "kelas_irs")[2] == 3
    empty = r.subindikator_kosong
    assert empty[["tingkat", "unit", "nama_desa", "subindikator", "perlakuan"]].values.tolist() \
        == [["desa", KODE["C"], "Desa C", "2b", "diabaikan"], ["strata", 2, "", "2b", "diabaikan"]]
    assert any("subindikator EHRA tanpa jawaban: 1 di desa disurvei, 1 di strata" in n
               and "abaikan" in n for n in r.notes)

    r = score_package(pkg, merge_method(read_default_method(),
                                        {"ehra": {"subindikator_kosong": "nol"}}))
    assert _col(r, "irs_air_limbah")[2] == pytest.approx(100 / 3)
    assert _col(r, "irs_total")[2] == pytest.approx(25 + 100 / 3 + 100)
    assert _ints(r, "kelas_irs") == [1, 2, 2, 4, 1]
    assert set(r.subindikator_kosong["perlakuan"]) == {"dianggap 0 %"}
    # nothing empty in the untouched package: nothing listed, no note
    plain = score_package(tiny_package())
    assert plain.subindikator_kosong.empty
    assert not any("subindikator" in n for n in plain.notes)


def test_score_package_urban_rural_impact_indicator():
    # fungsi_urban = 2 - urban_bps (perkotaan 1 -> 1, perdesaan 2 -> 0), higher is riskier.
    # A, B perkotaan; C, D, E perdesaan: values 1, 1, 0, 0, 0 -> bounds 0.3|0.5|0.8
    #   -> scores 4, 4, 1, 1, 1
    # IMPACT = mean of jumlah_penduduk 1,1,2,4,1; kepadatan 1,1,2,4,1; kemiskinan 1,4,2,4,1;
    #   fungsi_urban 4,4,1,1,1 -> A 7/4 = 1.75, B 10/4 = 2.5, C 7/4 = 1.75, D 13/4 = 3.25, E 1
    # air limbah area = IMPACT x EXPOSURE (1, 3.5, 1.9, 4, 2) = 1.75, 8.75, 3.325, 13, 2;
    #   1.75..13, width 2.8125 -> bounds 4.5625|7.375|10.1875 -> 4.6|7.4|10.2 -> 1, 3, 1, 4, 1
    base = read_default_method()
    on = merge_method(base, {"sekunder": {"impact": {
        **base["sekunder"]["impact"],
        "fungsi_urban": {**base["sekunder"]["impact"]["fungsi_urban"], "aktif": True}}}})
    pkg = tiny_package()
    pkg.sheets["Form2"]["urban_bps"] = [1, 1, 2, 2, 2]
    r = score_package(pkg, on)
    assert _col(r, "ind_fungsi_urban") == [1, 1, 0, 0, 0]
    assert _ints(r, "skor_fungsi_urban") == [4, 4, 1, 1, 1]
    assert _col(r, "impact") == pytest.approx([1.75, 2.5, 1.75, 3.25, 1])
    assert _col(r, "area_air_limbah") == pytest.approx([1.75, 8.75, 3.325, 13, 2])
    assert _ints(r, "kelas_air_limbah_instrumen") == [1, 3, 1, 4, 1]
    # off (the default): same package, three IMPACT indicators, IMPACT as before
    assert _col(score_package(pkg), "impact") == pytest.approx([1, 2, 2, 4, 1])
    # every desa rural: the indicator is constant, every desa scores 1 and a note says so
    r = score_package(tiny_package(), on)
    assert _ints(r, "skor_fungsi_urban") == [1] * 5
    assert any("fungsi_urban" in n and "semua nilai sama" in n for n in r.notes)


def test_score_package_without_ehra_has_no_irs_and_no_class():
    pkg = tiny_package()
    pkg.ehra = None
    r = score_package(pkg)
    assert r.desa["irs_total"].isna().all()
    assert r.desa["kelas_irs"].isna().all()
    assert r.desa["kelas_air_limbah_instrumen"].isna().all()   # tidak ada data, no guess
    assert any("EHRA" in n for n in r.notes)
    # provisional result from sekunder + persepsi when the method asks for it
    r = score_package(pkg, merge_method(read_default_method(), {
        "exposure": {"sumber_hilang": "normalisasi_ulang"}}))
    # air_limbah A: (1 + 1)/2 = 1; B: (2.5 + 4)/2 = 3.25
    assert _col(r, "exposure_air_limbah")[:2] == pytest.approx([1, 3.25])
    assert r.desa["kelas_air_limbah"].notna().all()


def test_score_tables_many_kabupaten_at_once_equals_one_by_one(demo_dir):
    # the hand-worked kabupaten 99.09 and the demo Kota Bandar Fiktif 99.03, scored together
    # with group="kode_kab", must give exactly what each gives alone
    m = read_default_method()
    a = tiny_package()
    b, problems = read_package(demo_dir / "99.03-kota-bandar-fiktif")
    assert not [p for p in problems if p.severity == "error"]
    alone = pd.concat([pd.DataFrame(score_package(p, m).desa.drop(columns="geometry"))
                       for p in (a, b)])
    form2 = pd.concat([p.sheet("Form2").drop(columns="_baris") for p in (a, b)])
    form2["kode_kab"] = form2["kode_desa"].str[:5]
    form2 = form2.set_index("kode_desa", drop=False)
    table, _, _ = score_tables(
        form2, pd.concat([a.ehra, b.ehra], ignore_index=True),
        pd.concat([a.sheet("Persepsi"), b.sheet("Persepsi")], ignore_index=True),
        pd.concat([a.sheet("Override"), b.sheet("Override")], ignore_index=True),
        m, group="kode_kab")
    assert sorted(table.index) == sorted(alone.index)
    table = table.loc[alone.index]
    for col in alone.columns:
        left, right = table[col], alone[col]
        if pd.api.types.is_numeric_dtype(right) and not pd.api.types.is_bool_dtype(right):
            pd.testing.assert_series_equal(left.astype("Float64"), right.astype("Float64"),
                                           check_names=False, rtol=1e-9, obj=col)
        else:
            assert left.tolist() == right.tolist(), col


def test_ppsp_score_lists_where_subindikator_kosong_applied(tiny_packages, tmp_path, capsys):
    import shutil

    from ppsp_analysis.cli import main

    pkg = tmp_path / "paket"
    shutil.copytree(tiny_packages[0], pkg)
    ehra = pd.read_csv(pkg / "ehra.csv", dtype=str)
    first = sorted(ehra["kode_desa"].unique())[0]
    ehra.loc[ehra["kode_desa"] == first, "buang_lumpur"] = None   # nobody there answered 2b
    ehra.to_csv(pkg / "ehra.csv", index=False)
    (pkg / "metode.yaml").write_text("ehra: {subindikator_kosong: nol}\n", encoding="utf-8")
    assert main(["score", str(pkg), "--out", str(tmp_path / "o")]) == 0
    assert "subindikator EHRA tanpa jawaban: 1 di desa disurvei" in capsys.readouterr().out
    sheet = pd.read_excel(tmp_path / "o" / "skor_desa.xlsx", sheet_name="subindikator_kosong",
                          header=1, dtype={"unit": str})
    assert sheet[["tingkat", "unit", "subindikator", "perlakuan"]].values.tolist()[0] == [
        "desa", first, "2b", "dianggap 0 %"]
    metode = pd.read_excel(tmp_path / "o" / "skor_desa.xlsx", sheet_name="metode", header=1)
    assert dict(zip(metode["opsi"], metode["nilai"], strict=True))[
        "ehra.subindikator_kosong"].startswith("nol")


def test_report_tables_name_classes_as_the_method_does():
    from ppsp_analysis.report.area import area_report

    def class_headers(report):
        return [c.title for c in report.table("sebaran_kelas").columns if c.title[0].isdigit()]

    pkg = tiny_package()
    assert class_headers(area_report(score_package(pkg), pkg)) == [
        "1 Berisiko sangat rendah", "2 Berisiko rendah", "3 Berisiko tinggi",
        "4 Berisiko sangat tinggi"]
    lama = merge_method(read_default_method(), {"kelas": {"label": "lama"}})
    report = area_report(score_package(pkg, lama), pkg)
    assert class_headers(report)[:2] == ["1 Kurang berisiko", "2 Berisiko sedang"]
    metode = report.table("metode").data
    row = metode[metode.iloc[:, -1].astype(str).str.contains("kelas.label", regex=False)]
    assert len(row) == 1 and "1 Kurang berisiko" in row.iloc[0, 1]
