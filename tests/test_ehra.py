"""EHRA survey planning (sample size, strata, allocation, selection) and the IRS, checked on
tables small enough to work by hand (method reference §2.2–2.3, §3.3).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppsp_analysis.ehra import (
    allocate_sample,
    empty_cells,
    household_flags,
    irs_by_unit,
    irs_per_desa,
    krejcie_morgan,
    minimum_per_stratum,
    plan_sample,
    sample_size_desa,
    stratify,
    systematic_select,
)
from ppsp_analysis.io import read_default_method

# --------------------------------------------------------------------------------------------
# sample size
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("N", "expected"), [
    # n = chi2*N*P(1-P) / (d^2*(N-1) + chi2*P(1-P)), chi2 3.841, P 0.5, d 0.05
    (100, 80),      # 96.025 / (0.0025*99 + 0.96025 = 1.20775) = 79.51 -> 80
    (1000, 278),    # 960.25 / (2.4975 + 0.96025 = 3.45775) = 277.71 -> 278
    (10, 10),       # 9.6025 / (0.0225 + 0.96025 = 0.98275) = 9.77 -> 10
    (1, 1),         # 0.96025 / 0.96025 = 1 exactly -> 1 (no spurious round-up to 2)
    (100_000, 383),  # 96025 / (249.9975 + 0.96025) = 382.63 -> 383
    (0, 0),
])
def test_krejcie_morgan_hand(N, expected):
    assert krejcie_morgan(N) == expected


# Krejcie, R. V. & Morgan, D. W. (1970). Determining sample size for research activities.
# Educational and Psychological Measurement 30(3): 607-610, Table 1 ("Table for determining
# sample size from a given population"), the table the EHRA guidance tells the Pokja to use.
# Rows N -> S, with the formula's exact value worked by hand:
KM_TABLE = [
    (10, 10),        #  9.6025 / 0.98275  =   9.77
    (15, 14),        # 14.40375 / 0.99525 =  14.47  (up: 15)
    (50, 44),        # 48.0125 / 1.08275  =  44.34  (up: 45)
    (100, 80),       # 96.025 / 1.20775   =  79.51
    (200, 132),      # 192.05 / 1.45775   = 131.75
    (220, 140),      # 211.255 / 1.50775  = 140.11  (up: 141)
    (500, 217),      # 480.125 / 2.20775  = 217.47  (up: 218)
    (1000, 278),     # 960.25 / 3.45775   = 277.71
    (1200, 291),     # 1152.3 / 3.95775   = 291.15  (up: 292)
    (2800, 338),     # 2688.7 / 7.95775   = 337.87
    (9000, 368),     # 8642.25 / 23.45775 = 368.41  (up: 369)
    (10_000, 370),   # 9602.5 / 25.95775  = 369.93
]


@pytest.mark.parametrize(("N", "table"), KM_TABLE)
def test_krejcie_morgan_reproduces_the_published_table(N, table):
    assert krejcie_morgan(N) == table                  # default: nearest
    assert krejcie_morgan(N, rounding="nearest") == table


def test_krejcie_morgan_round_up_disagrees_with_the_table():
    up = {N: krejcie_morgan(N, rounding="up") for N, _ in KM_TABLE}
    assert [N for N, t in KM_TABLE if up[N] != t] == [15, 50, 220, 500, 1200, 9000]
    assert all(up[N] in (t, t + 1) for N, t in KM_TABLE)
    # the table prints 384 for N = 100 000, which its own formula does not give (382.63):
    # both roundings give 383, the limit chi2*P(1-P)/d^2 = 384.16 is only reached as N grows
    assert krejcie_morgan(100_000) == krejcie_morgan(100_000, rounding="up") == 383
    with pytest.raises(ValueError, match="nearest, up"):
        krejcie_morgan(100, rounding="ceil")


def test_krejcie_morgan_other_constants():
    # d = 0.1: 960.25 / (0.01*999 + 0.96025 = 10.95025) = 87.69 -> 88
    assert krejcie_morgan(1000, d=0.1) == 88
    # P = 0.1: P(1-P) = 0.09; 3.841*1000*0.09 = 345.69; / (2.4975 + 0.34569) = 121.59 -> 122
    assert krejcie_morgan(1000, p=0.1) == 122


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 2_000_000))
def test_property_krejcie_morgan_bounded_and_monotone(N):
    n = krejcie_morgan(N)
    assert 1 <= n <= N
    assert n <= krejcie_morgan(N + 1)
    assert n <= 385           # the limit chi2*P(1-P)/d^2 = 384.1 as N grows, rounded up


def test_sample_size_desa():
    sampling = read_default_method()["sampel"]
    # ppsp2014: max(KM(10 000 KK) = 370, minimum 400) = 400 HH / 40 per desa = 10 desa
    assert sample_size_desa(10_000, 72, sampling) == 10
    assert sample_size_desa(10_000, 6, sampling) == 6          # never more than there are
    # 30 HH per desa: ceil(400 / 30) = 14
    assert sample_size_desa(10_000, 72, {**sampling, "responden_per_desa": 30}) == 14
    # kemenkes2021_30: 30 desa, or all of them when fewer
    assert sample_size_desa(10_000, 72, {**sampling, "metode": "kemenkes2021_30"}) == 30
    assert sample_size_desa(10_000, 28, {**sampling, "metode": "kemenkes2021_30"}) == 28


def test_sample_size_desa_proporsi_desa():
    sampling = {**read_default_method()["sampel"], "metode": "proporsi_desa"}
    assert sampling["proporsi"] == 0.25
    # 25 % of 114 desa = 28.5 -> 29 (rounded up: never below the share)
    assert sample_size_desa(30_000, 114, sampling) == 29
    # 25 % of 20 desa = 5, but 400 HH / 40 per desa = 10 desa is the floor
    assert sample_size_desa(30_000, 20, sampling) == 10
    assert sample_size_desa(30_000, 8, sampling) == 8          # never more than there are
    # 38.5 % of 125 desa = 48.125 -> 49 (Samosir 2014 took 48 desa = 38.5 %)
    assert sample_size_desa(30_000, 125, {**sampling, "proporsi": 0.385}) == 49
    # the floor by households follows Krejcie-Morgan when the minimum is lower:
    # KM(10 000 KK) = 370 HH / 40 = 9.25 -> 10 desa; 30 HH per desa: 370 / 30 = 12.3 -> 13
    low = {**sampling, "minimum_responden": 1, "proporsi": 0.01}
    assert sample_size_desa(10_000, 114, low) == 10
    assert sample_size_desa(10_000, 114, {**low, "responden_per_desa": 30}) == 13
    # the Krejcie-Morgan rounding option reaches the plan: KM(9 000) 368.41 -> 368 or 369,
    # 368 / 8 = 46 desa, 369 / 8 = 46.1 -> 47
    km = {**low, "responden_per_desa": 8}
    assert sample_size_desa(9_000, 114, km) == 46
    assert sample_size_desa(9_000, 114, {**km, "pembulatan_krejcie_morgan": "up"}) == 47


# --------------------------------------------------------------------------------------------
# allocation and selection
# --------------------------------------------------------------------------------------------


def test_allocate_sample_hand():
    # quotas 10*10/60 = 1.67, 10*20/60 = 3.33, 10*30/60 = 5 -> floors 1, 3, 5 (9);
    # the one left goes to the largest remainder (0.67, stratum 0)
    assert allocate_sample({0: 10, 1: 20, 2: 30}, 10) == {0: 2, 1: 3, 2: 5}
    # quotas 30*12/72 = 5, 30*40/72 = 16.67, 30*20/72 = 8.33 -> 5, 16, 8 (29) + 1 to stratum 1
    assert allocate_sample({0: 12, 1: 40, 2: 20}, 30) == {0: 5, 1: 17, 2: 8}
    # exact tie (0.67 each): first keys
    assert allocate_sample({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}


def test_allocate_sample_takes_everything_when_small():
    assert allocate_sample({0: 3, 1: 4}, 7) == {0: 3, 1: 4}
    assert allocate_sample({0: 3, 1: 4}, 30) == {0: 3, 1: 4}
    assert allocate_sample(pd.Series({2: 5, 4: 1}), 6) == {2: 5, 4: 1}


def test_allocate_sample_tie_goes_to_larger_stratum():
    # quotas 2*1/6 = 1/3, 2*1/6 = 1/3, 2*4/6 = 4/3 -> floors 0, 0, 1 (1), one left;
    # the three remainders are all exactly 1/3 -> tie -> the larger stratum, c
    # (float: 4/3 - 1 = 0.33333333333333326 < 1/3 = 0.3333333333333333, so 'a' wins)
    assert allocate_sample({"a": 1, "b": 1, "c": 4}, 2) == {"a": 0, "b": 0, "c": 2}


def test_allocate_sample_with_one_desa_floor_per_stratum():
    counts = {0: 5, 1: 60, 2: 40, 3: 8, 4: 1}
    # plain largest remainder, n 29 of 114: quotas 1.27, 15.26, 10.18, 2.04, 0.25 -> floors
    # 1, 15, 10, 2, 0 (28); the one left goes to stratum 0 (.27) -> stratum 4 gets none
    assert allocate_sample(counts, 29) == {0: 2, 1: 15, 2: 10, 3: 2, 4: 0}
    # floor 1: each stratum first gets 1 (5), the other 24 go to the 109 desa not yet taken
    # (4, 59, 39, 7, 0): quotas 0.88, 12.99, 8.59, 1.54, 0 -> floors 0, 12, 8, 1, 0 (21);
    # the 3 left go to .99 (1), .88 (0), .59 (2) -> 1, 13, 9, 1, 0 -> + 1 each
    assert allocate_sample(counts, 29, minimum=1) == {0: 2, 1: 14, 2: 10, 3: 2, 4: 1}
    # no room for one per stratum (n 3 < 5 strata): the floor is dropped, plain rule
    assert allocate_sample(counts, 3, minimum=1) == allocate_sample(counts, 3)
    # an empty stratum stays empty
    assert allocate_sample({0: 0, 1: 10, 2: 1}, 3, minimum=1) == {0: 0, 1: 2, 2: 1}


@settings(max_examples=150, deadline=None)
@given(counts=st.lists(st.integers(0, 120), min_size=1, max_size=5),
       share=st.floats(0.01, 1.0), total_kk=st.integers(1, 200_000),
       per_desa=st.integers(20, 60), seed=st.integers(0, 2**31))
def test_property_proporsi_desa_plan(counts, share, total_kk, per_desa, seed):
    sampling = {**read_default_method()["sampel"], "metode": "proporsi_desa",
                "proporsi": share, "responden_per_desa": per_desa}
    n_desa = sum(counts)
    n = sample_size_desa(total_kk, n_desa, sampling)
    # the number of desa: the share of all desa, with 400 households as the floor
    hh_floor = math.ceil(max(krejcie_morgan(total_kk), 400) / per_desa)
    assert n == min(n_desa, max(math.ceil(share * n_desa - 1e-9), hh_floor))
    assert n == n_desa or n * per_desa >= 400                  # households floor
    assert n >= min(n_desa, math.ceil(share * n_desa - 1e-9))  # share floor
    strata = pd.Series([s for s, c in enumerate(counts) for _ in range(c)],
                       index=[f"62.10.01.{2001 + i}" for i in range(n_desa)], dtype=int)
    plan = plan_sample(strata, n, seed, minimum=minimum_per_stratum(sampling))
    got = plan["strata"].value_counts().to_dict()
    assert len(plan) == n and plan["kode_desa"].is_unique        # totals
    assert all(got.get(s, 0) <= c for s, c in enumerate(counts))
    with_desa = [s for s, c in enumerate(counts) if c]
    if n >= len(with_desa):                                      # every stratum gets one
        assert all(got.get(s, 0) >= 1 for s in with_desa)
    assert plan.equals(plan_sample(strata, n, seed, minimum=1))  # reproducible


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(st.integers(0, 500), min_size=1, max_size=6), n=st.integers(0, 400),
       minimum=st.sampled_from([0, 1, 2]))
def test_property_allocation_with_floor_sums_to_n(counts, n, minimum):
    strata = dict(enumerate(counts))
    alloc = allocate_sample(strata, n, minimum)
    assert sum(alloc.values()) == min(n, sum(counts))
    assert all(0 <= alloc[k] <= strata[k] for k in strata)
    floors = {k: min(minimum, c) for k, c in strata.items()}
    if sum(floors.values()) <= n:
        assert all(alloc[k] >= floors[k] for k in strata)


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(st.integers(0, 500), min_size=1, max_size=6), n=st.integers(0, 400))
def test_property_allocation_sums_to_n_and_respects_counts(counts, n):
    strata = dict(enumerate(counts))
    alloc = allocate_sample(strata, n)
    assert set(alloc) == set(strata)
    assert sum(alloc.values()) == min(n, sum(counts))
    assert all(0 <= alloc[k] <= strata[k] for k in strata)
    if sum(counts) > n:
        # largest remainder: each stratum within one of its exact quota
        for k, c in strata.items():
            q = Fraction(n * c, sum(counts))
            assert math.floor(q) <= alloc[k] <= math.floor(q) + 1


def test_systematic_select_hand():
    # N 10, n 3: interval I = 10/3 = 3.33; with seed 1 the start is 1.7 ->
    # picks floor(1.7), floor(5.0), floor(8.4) = 1, 5, 8 -> b, f, i
    assert systematic_select(list("abcdefghij"), 3, seed=1) == ["b", "f", "i"]
    assert systematic_select(list("abc"), 5, seed=1) == ["a", "b", "c"]     # n >= N: all
    assert systematic_select(list("abc"), 0, seed=1) == []


@settings(max_examples=100, deadline=None)
@given(N=st.integers(1, 300), frac=st.floats(0.01, 1.0), seed=st.integers(0, 2**31))
def test_property_systematic_select(N, frac, seed):
    items = list(range(N))
    n = max(1, int(N * frac))
    picked = systematic_select(items, n, seed)
    assert picked == systematic_select(items, n, seed)          # reproducible
    assert len(picked) == min(n, N) and len(set(picked)) == len(picked)
    assert picked == sorted(picked)                             # listing order kept
    if n < N:
        interval = N / n
        assert picked[0] < interval                             # start in [0, I)
        gaps = np.diff(picked)
        assert all(math.floor(interval) <= g <= math.ceil(interval) for g in gaps)


# --------------------------------------------------------------------------------------------
# stratification
# --------------------------------------------------------------------------------------------


def _form2_strata() -> pd.DataFrame:
    return pd.DataFrame({
        "penduduk": [3000, 2500, 1000, 2600, 500],     # / 100 ha = 30, 25, 10, 26, 5 jiwa/ha
        "luas_ha": [100.0] * 5,
        "kk_miskin": [60, 20, 30, 40, 10],             # / 100 KK = 60, 20, 30, 40, 10 %
        "jumlah_kk": [100] * 5,
        "sungai_mck": [1, 0, 0, 1, 1],
        "banjir_mengganggu": [1, 0, 1, 0, 1],
    }, index=["d1", "d2", "d3", "d4", "d5"])


def test_stratify_hand():
    got = stratify(_form2_strata())
    # density > 25 (strict): 30 yes, 25 no, 10 no, 26 yes, 5 no
    assert got["kriteria_kepadatan"].tolist() == [1, 0, 0, 1, 0]
    # % miskin > median (median of 60, 20, 30, 40, 10 = 30): 60 yes, 40 yes
    assert got["kriteria_kemiskinan"].tolist() == [1, 0, 0, 1, 0]
    assert got["kriteria_sungai"].tolist() == [1, 0, 0, 1, 1]
    assert got["kriteria_banjir"].tolist() == [1, 0, 1, 0, 1]
    # d1 1+1+1+1 = 4, d2 0, d3 banjir = 1, d4 1+1+1 = 3, d5 sungai+banjir = 2
    assert got["strata"].tolist() == [4, 0, 1, 3, 2]
    assert list(got.index) == ["d1", "d2", "d3", "d4", "d5"]


def test_stratify_thresholds():
    # poverty threshold 15 %: 20 and 30 now count as well
    assert stratify(_form2_strata(), poverty_thr=15)["strata"].tolist() == [4, 1, 2, 3, 2]
    # density threshold 20: 25 jiwa/ha now counts
    assert stratify(_form2_strata(), density_thr=20)["strata"].tolist() == [4, 1, 1, 3, 2]


def test_plan_sample_proportional_and_systematic():
    strata = pd.Series([0] * 10 + [1] * 20 + [2] * 30,
                       index=[f"62.03.01.{2001 + i}" for i in range(60)])
    plan = plan_sample(strata, 10, seed=2026)
    # allocation {0: 2, 1: 3, 2: 5} (see test_allocate_sample_hand)
    assert plan["strata"].value_counts().sort_index().to_dict() == {0: 2, 1: 3, 2: 5}
    assert plan["kode_desa"].is_unique
    assert list(plan["kode_desa"]) == sorted(plan["kode_desa"])       # listing order
    assert plan.equals(plan_sample(strata, 10, seed=2026))            # reproducible


# --------------------------------------------------------------------------------------------
# household flags and IRS on a tiny table
# --------------------------------------------------------------------------------------------

MAPPING = {
    "sumber_air": {"1a": {"kolom": "air", "berisiko": [4, 6]}},
    "air_limbah": {"2a": {"kolom": "tangki", "berisiko": [3, 4]},
                   "2b": {"kolom": "lumpur", "berisiko": [2]}},
    "genangan": {"4a": {"kolom": "genangan", "berisiko": [1]}},
}


def _ehra() -> pd.DataFrame:
    # answers as read from a CSV (text); blank = not answered
    return pd.DataFrame({
        "id_rt": [f"h{i}" for i in range(8)],
        "kode_desa": ["A"] * 4 + ["B"] * 4,
        "air":      ["4", "1", "6", "1",     "1", "1", "1", "4"],
        "tangki":   ["3", "3", "1", "1",     "4", "4", "4", "1"],
        "lumpur":   ["2", None, "1", "1",    "2", "2", "1", "1"],
        "genangan": ["1", "2", "2", "2",     "1", "1", "2", "2"],
    })


# strata: A, B surveyed in stratum 1; C not surveyed, stratum 1; D not surveyed, stratum 2
STRATA = pd.Series({"A": 1, "B": 1, "C": 1, "D": 2})


def test_household_flags():
    f = household_flags(_ehra(), MAPPING)
    assert list(f.columns) == ["1a", "2a", "2b", "4a"]
    assert f["1a"].tolist() == [1, 0, 1, 0, 0, 0, 0, 1]
    assert f["2a"].tolist() == [1, 1, 0, 0, 1, 1, 1, 0]
    assert f["2b"].iloc[[0, 2, 3]].tolist() == [1, 0, 0]
    assert math.isnan(f["2b"].iloc[1])                 # not answered: not 0
    assert f["4a"].tolist() == [1, 0, 0, 0, 1, 1, 0, 0]
    # numeric answers give the same flags
    numeric = _ehra().assign(air=[4, 1, 6, 1, 1, 1, 1, 4])
    assert household_flags(numeric, MAPPING)["1a"].tolist() == f["1a"].tolist()


def test_irs_by_unit_hand():
    e = _ehra()
    got = irs_by_unit(household_flags(e, MAPPING), e["kode_desa"], MAPPING)
    # p = 100 * flagged / answering
    #   A: 1a 2/4 = 50; 2a 2/4 = 50; 2b 1/3 = 33.33 (one blank); 4a 1/4 = 25
    #   B: 1a 1/4 = 25; 2a 3/4 = 75; 2b 2/4 = 50;                 4a 2/4 = 50
    assert got.loc["A", ["p_1a", "p_2a", "p_2b", "p_4a"]].tolist() == \
        pytest.approx([50, 50, 100 / 3, 25])
    assert got.loc["B", ["p_1a", "p_2a", "p_2b", "p_4a"]].tolist() == \
        pytest.approx([25, 75, 50, 50])
    # S = mean of the component's p: A air_limbah (50 + 33.33)/2 = 41.67; B (75 + 50)/2 = 62.5
    assert got.loc["A", "irs_sumber_air"] == 50
    assert got.loc["A", "irs_air_limbah"] == pytest.approx(125 / 3)
    assert got.loc["B", "irs_air_limbah"] == pytest.approx(62.5)
    assert got.loc["A", "irs_genangan"] == 25
    # components without sub-indicators stay missing; IRS = sum of the others
    assert got[["irs_persampahan", "irs_phbs"]].isna().all().all()
    # A 50 + 41.67 + 25 = 116.67; B 25 + 62.5 + 50 = 137.5
    assert got["irs_total"].tolist() == pytest.approx([50 + 125 / 3 + 25, 137.5])
    assert got["n_rt"].tolist() == [4, 4]


def test_irs_per_desa_inherits_pooled_stratum():
    per_desa, per_strata = irs_per_desa(_ehra(), STRATA, MAPPING)
    assert per_desa["disurvei"].tolist() == [True, True, False, False]
    assert per_desa["unit_irs"].tolist() == ["desa", "desa", "strata 1", "strata 2"]
    assert per_desa["n_rt"].tolist() == [4, 4, 0, 0]
    # stratum 1 pools the 8 households of A and B (not the mean of the two desa):
    #   1a 3/8 = 37.5; 2a 5/8 = 62.5; 2b 3/7 = 42.86 (7 answered); 4a 3/8 = 37.5
    #   S air_limbah (62.5 + 42.86)/2 = 52.68; IRS 37.5 + 52.68 + 37.5 = 127.68
    c = per_desa.loc["C"]
    assert [c["p_1a"], c["p_2a"], c["p_2b"], c["p_4a"]] == \
        pytest.approx([37.5, 62.5, 300 / 7, 37.5])
    assert c["irs_air_limbah"] == pytest.approx((62.5 + 300 / 7) / 2)
    assert c["irs_total"] == pytest.approx(75 + (62.5 + 300 / 7) / 2)
    # surveyed desa keep their own values
    assert per_desa.loc["A", "irs_air_limbah"] == pytest.approx(125 / 3)
    # stratum 2 has no surveyed desa: tidak ada data
    assert per_desa.loc["D", ["irs_sumber_air", "irs_air_limbah", "irs_total"]].isna().all()
    assert list(per_strata.index) == [1]
    assert per_strata.loc[1, "n_rt"] == 8


def test_irs_per_desa_unit_strata():
    per_desa, _ = irs_per_desa(_ehra(), STRATA, MAPPING, unit_irs="strata")
    assert per_desa["unit_irs"].tolist() == ["strata 1"] * 3 + ["strata 2"]
    pooled = (62.5 + 300 / 7) / 2
    assert per_desa["irs_air_limbah"].iloc[:3].tolist() == pytest.approx([pooled] * 3)
    assert per_desa["disurvei"].tolist() == [True, True, False, False]


def test_irs_agregasi_sum():
    per_desa, _ = irs_per_desa(_ehra(), STRATA, MAPPING, agg="sum")
    # S = sum of p: A air_limbah 50 + 33.33 = 83.33; B 75 + 50 = 125;
    # C (pooled) 62.5 + 42.86 = 105.36
    assert per_desa["irs_air_limbah"].iloc[:3].tolist() == \
        pytest.approx([50 + 100 / 3, 125, 62.5 + 300 / 7])
    # IRS A 50 + 83.33 + 25 = 158.33
    assert per_desa.loc["A", "irs_total"] == pytest.approx(75 + 50 + 100 / 3)


def test_irs_agregasi_weighted():
    weights = {"2a": 3, "2b": 1}      # normalised 0.75 / 0.25; the others default to 1
    per_desa, _ = irs_per_desa(_ehra(), STRATA, MAPPING, agg="weighted", weights=weights)
    # A 0.75*50 + 0.25*33.33 = 45.83; B 0.75*75 + 0.25*50 = 68.75
    assert per_desa["irs_air_limbah"].iloc[:2].tolist() == \
        pytest.approx([37.5 + 25 / 3, 68.75])
    # a single-sub-indicator component is unchanged by weighting
    assert per_desa.loc["A", "irs_sumber_air"] == 50


def test_irs_weighted_renormalises_over_answered_sub_indicators():
    e = _ehra()
    e.loc[e["kode_desa"] == "B", "lumpur"] = None       # nobody in B answered 2b
    per_desa, _ = irs_per_desa(e, STRATA, MAPPING, agg="weighted", weights={"2a": 3, "2b": 1})
    # B: only 2a is known -> S = p_2a = 75 (not 0.75*75)
    assert per_desa.loc["B", "irs_air_limbah"] == pytest.approx(75)
    per_desa, _ = irs_per_desa(e, STRATA, MAPPING)       # mean: also over what is known
    assert per_desa.loc["B", "irs_air_limbah"] == pytest.approx(75)


def test_subindikator_kosong_nol_vs_abaikan_on_a_hand_worked_stratum():
    e = _ehra()
    e["lumpur"] = None                         # nobody in stratum 1 (A, B) answered 2b
    # abaikan: 2b has no value; air limbah averages what is known -> p_2a alone
    #   A 2a 2/4 = 50 -> S 50; B 3/4 = 75 -> S 75; stratum 1 (A+B pooled) 5/8 = 62.5 -> S 62.5
    per_desa, per_strata = irs_per_desa(e, STRATA, MAPPING)
    assert per_desa["irs_air_limbah"].iloc[:3].tolist() == pytest.approx([50, 75, 62.5])
    assert per_strata.loc[1, "p_2b"] != per_strata.loc[1, "p_2b"]          # NaN
    # nol: 2b counts as 0 %, as the published tables print 0.0 -> S halves
    #   A (50 + 0)/2 = 25; B (75 + 0)/2 = 37.5; stratum 1 (62.5 + 0)/2 = 31.25
    per_desa, per_strata = irs_per_desa(e, STRATA, MAPPING, empty="nol")
    assert per_desa["irs_air_limbah"].iloc[:3].tolist() == pytest.approx([25, 37.5, 31.25])
    assert per_strata.loc[1, "p_2b"] == 0
    # IRS of C (inherits stratum 1): 1a 3/8 = 37.5, 4a 3/8 = 37.5 -> 37.5 + 31.25 + 37.5
    assert per_desa.loc["C", "irs_total"] == pytest.approx(106.25)
    # the other sub-indicators are not touched
    assert per_desa.loc["A", "irs_sumber_air"] == 50
    # where it applied: both surveyed desa and the stratum, sub-indicator 2b
    cells = empty_cells(e, STRATA, MAPPING, empty="nol")
    assert cells[["tingkat", "unit", "komponen", "subindikator", "n_rt"]].values.tolist() == [
        ["desa", "A", "air_limbah", "2b", 4], ["desa", "B", "air_limbah", "2b", 4],
        ["strata", 1, "air_limbah", "2b", 8]]
    assert set(cells["perlakuan"]) == {"dianggap 0 %"}
    assert set(empty_cells(e, STRATA, MAPPING)["perlakuan"]) == {"diabaikan"}
    # with unit_irs = strata the desa values are not used: only the stratum is listed
    assert empty_cells(e, STRATA, MAPPING, unit_irs="strata")["tingkat"].tolist() == ["strata"]
    # nothing empty, nothing listed
    assert empty_cells(_ehra(), STRATA, MAPPING).empty


def test_subindikator_kosong_nol_only_touches_empty_cells():
    # B alone did not answer 2b: A keeps its mean over the answered 2b (1/3)
    e = _ehra()
    e.loc[e["kode_desa"] == "B", "lumpur"] = None
    per_desa, _ = irs_per_desa(e, STRATA, MAPPING, empty="nol")
    assert per_desa.loc["A", "irs_air_limbah"] == pytest.approx((50 + 100 / 3) / 2)
    assert per_desa.loc["B", "irs_air_limbah"] == pytest.approx(37.5)
    with pytest.raises(ValueError, match="abaikan, nol"):
        irs_per_desa(e, STRATA, MAPPING, empty="0")


def test_default_mapping_matches_the_data_contract():
    # risk codes in bold in docs/kontrak_data.md §1.3, column -> (sub-indicator, codes)
    contract = {
        "sumber_air_minum": ("1a", [4, 6, 8]), "sumber_air_lain": ("1b", [4, 6, 8]),
        "kelangkaan_air": ("1c", [1]), "pengurasan_tangki": ("2a", [3, 4, 5, 6]),
        "buang_lumpur": ("2b", [2, 3, 4]), "spal": ("2c", [3, 4]),
        "pengelolaan_sampah": ("3a", [3, 4, 5]), "frekuensi_angkut": ("3b", [3]),
        "ketepatan_angkut": ("3c", [2]), "pilah_sampah": ("3d", [2]),
        "genangan": ("4a", [1]), "ctps_5_waktu": ("5a", [2]),
        "jamban_bebas_tinja": ("5b", [2]), "jamban_bebas_lalat": ("5c", [2]),
        "penggelontor_berfungsi": ("5d", [2]), "sabun_dekat_jamban": ("5e", [2]),
        "air_minum_tercemar": ("5f", [1]), "babs": ("5g", [1]),
    }
    mapping = read_default_method()["ehra"]["pemetaan"]
    got = {spec["kolom"]: (str(code), sorted(spec["berisiko"]))
           for subs in mapping.values() for code, spec in subs.items()}
    assert got == contract
    assert list(mapping) == ["sumber_air", "air_limbah", "persampahan", "genangan", "phbs"]


def test_ehra_doctests():
    import doctest

    import ppsp_analysis.ehra as module

    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted >= 14


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCD"),
                          *[st.one_of(st.none(), st.integers(1, 6)) for _ in range(4)]),
                min_size=1, max_size=40),
       st.sampled_from(["mean", "sum", "weighted"]), st.sampled_from(["abaikan", "nol"]))
def test_counts_path_equals_flags_path(rows, agg, empty):
    """irs_per_desa counts answers column by column (no household × sub-indicator table):
    the same numbers as irs_by_unit over household_flags, for any answers and gaps."""
    from ppsp_analysis.ehra import _irs_from_counts, answer_counts

    e = pd.DataFrame(rows, columns=["kode_desa", "air", "tangki", "lumpur", "genangan"])
    weights = {"1a": 2, "2a": 1, "2b": 3, "4a": 1}
    by_flags = irs_by_unit(household_flags(e, MAPPING), e["kode_desa"], MAPPING, agg,
                           weights, empty)
    by_counts = _irs_from_counts(*answer_counts(e, MAPPING, e["kode_desa"]), MAPPING, agg,
                                 weights, empty)
    pd.testing.assert_frame_equal(by_counts, by_flags, check_dtype=False)
