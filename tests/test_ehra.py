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
    household_flags,
    irs_by_unit,
    irs_per_desa,
    krejcie_morgan,
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
