"""Tests of ppsp_analysis.funding and the one-page brief: every formula on hand-worked numbers.

Need (program- and target-driven), O&M, growth and projection, Gap 1 and Gap 2 per year,
component and source, the commitment pipeline and its overdue rule, the stunting overlay;
property tests (gap = need − capacity exactly; rows sum to the totals); the inputs (reader,
validation, template, method options); the brief is one A4 page with the headline numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import importlib
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppsp_analysis import fmt
from ppsp_analysis.funding import (
    FundingInput,
    class_lokus_table,
    combine_need,
    committed_amounts,
    compute_funding,
    default_unit_costs,
    escalate,
    funding_tables,
    gap_by_component,
    gap_by_source,
    gap_by_year,
    growth_rate,
    households_to_serve,
    lokus_desa,
    lokus_overlay,
    om_need,
    overdue_followups,
    party_table,
    pipeline_table,
    prepare_commitments,
    program_need,
    project_capacity,
    served_share,
    tabel_5_1_table,
    tabel_5_2_table,
    target_need,
    top_activities,
    unit_cost_catalogue,
)
from ppsp_analysis.funding._base import SSKPeriod
from ppsp_analysis.funding.gap import apbd_component_shares
from ppsp_analysis.funding.summary import cost_per_household, leverage_table

P = SSKPeriod(2026, 2030, 2027)
CAT = default_unit_costs()


def test_doctests_of_the_funding_modules():
    for name in ("ppsp_analysis.fmt", "ppsp_analysis.funding", "ppsp_analysis.funding._base",
                 "ppsp_analysis.funding.catalogue", "ppsp_analysis.funding.need",
                 "ppsp_analysis.funding.capacity", "ppsp_analysis.funding.commitments",
                 "ppsp_analysis.funding.gap", "ppsp_analysis.funding.lokus",
                 "ppsp_analysis.funding.summary", "ppsp_analysis.report.brief"):
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, name
        assert result.attempted > 0, name


# --------------------------------------------------------------------------- formatter
def test_rupiah_words():
    assert fmt.rupiah(1.72e12) == "Rp 1,72 triliun"
    assert fmt.rupiah(350e6) == "Rp 350 juta"
    assert fmt.rupiah(999_600_000) == "Rp 1 miliar"         # rounds up into the next word
    assert fmt.rupiah(75_399_316_059.8) == "Rp 75,4 miliar"
    assert fmt.rupiah(12_345) == "Rp 12.345"
    assert fmt.rupiah(float("nan")) == "–"


# --------------------------------------------------------------------------- catalogue
def test_catalogue_has_sources_years_and_no_invented_drainage_cost():
    cat = default_unit_costs()
    assert cat["sumber"].str.len().gt(0).all() and cat["cakupan"].isin(["penuh", "stimulan"]).all()
    assert cat.loc["hibah_als", "cakupan"] == "stimulan"
    assert cat.loc["tps3r", ["nilai_rp", "tahun", "kk_per_satuan"]].tolist() == [6e8, 2020, 200]
    assert cat.loc["tangki_septik_kalimantan", "nilai_rp"] == 7e6           # Kapuas DAK 2021
    assert math.isnan(cat.loc["drainase_per_m", "nilai_rp"])
    assert cat.drop(index="drainase_per_m")["tahun"].notna().all()


def test_workbook_unit_costs_override_and_extend_the_catalogue():
    own = pd.DataFrame({"item": ["Tangki_Septik_Individual", "saluran_u_ditch", None],
                        "satuan": ["SR", "m", "m"], "nilai_rp": [8.5e6, 2.1e6, 1.0],
                        "tahun": [2025, 2025, 2025], "sumber": [None, "HSPK 2025", None],
                        "kk_per_satuan": [np.nan, np.nan, np.nan]})
    r = unit_cost_catalogue(own)
    cat = r.table
    row = cat.loc["tangki_septik_individual"]
    assert (row["nilai_rp"], row["tahun"], row["asal"]) == (8.5e6, 2025, "instrumen")
    assert row["kk_per_satuan"] == 1 and row["sumber"] == "instrumen.xlsx, sheet BiayaSatuan"
    assert cat.loc["saluran_u_ditch", "sumber"] == "HSPK 2025"
    assert {w.kind for w in r.warnings} == {"item_kosong"}


def test_escalation_and_stale_warning():
    assert escalate(10e6, 2024, 2026, 3.0) == pytest.approx(10e6 * 1.03 ** 2)
    assert escalate(10e6, 2026, 2024, 3.0) == pytest.approx(10e6 / 1.03 ** 2)


# --------------------------------------------------------------------------- program-driven
def _program() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2026, 2027, 2028, 2020, 2029, 2026],
        "nama_kegiatan": ["Tangki", "TPS3R", "IPLT", "lama", "Drainase", "Kampanye"],
        "komponen": ["air_limbah", "persampahan", "air_limbah", "air_limbah", "drainase", "phbs"],
        "sumber_dana": ["DAK", "APBD Kabupaten", "APBN", "DAK", "APBD Kabupaten", "Dana Desa"],
        "jenis": "investasi", "kode_desa": ["a", "b", None, "a", "c", None],
        "rencana_rp": [np.nan, np.nan, 5e9, 1e9, np.nan, 2e8], "realisasi_rp": np.nan,
        "item_biaya": ["tangki_septik_individual", "tps3r", None, None, "drainase_per_m", None],
        "volume": [100.0, 2.0, 1.0, np.nan, 500.0, np.nan], "satuan": [None, None, "unit", None,
                                                                   "m", None],
        "harga_satuan_rp": [np.nan, 650e6, np.nan, np.nan, np.nan, np.nan], "_baris": range(2, 8)})


def test_program_driven_need_hand_worked():
    r = program_need(_program(), CAT, P, 3.0)
    t = r.table.set_index("nama_kegiatan")
    # catalogue price, escalated from 2024 to 2026: 100 SR × Rp10 juta × 1,03²
    assert t.loc["Tangki", "kebutuhan_rp"] == pytest.approx(100 * 10e6 * 1.03 ** 2)
    assert t.loc["Tangki", "kk_terlayani"] == 100 and t.loc["Tangki", "satuan"] == "SR"
    # the Pokja's own price is taken as given: 2 × Rp650 juta
    assert t.loc["TPS3R", "kebutuhan_rp"] == 1.3e9 and t.loc["TPS3R", "kk_terlayani"] == 400
    assert t.loc["IPLT", "kebutuhan_rp"] == 5e9                       # rencana_rp as written
    assert t.loc["Kampanye", "kebutuhan_rp"] == 2e8
    assert "lama" not in t.index                                      # before the SSK period
    assert "Drainase" not in t.index                                  # no drainage price
    (w,) = [w for w in r.warnings if w.kind == "biaya_tidak_dihitung"]
    assert "baris 6" in w.message and "drainase_per_m" in w.message


# --------------------------------------------------------------------------- target-driven
def _form2() -> pd.DataFrame:
    return pd.DataFrame({"kode_desa": ["a", "b", "c"], "nama_desa": ["A", "B", "C"],
                         "kode_kec": ["k1", "k1", "k2"], "nama_kec": ["K1", "K1", "K2"],
                         "jumlah_kk": [100, 200, 50], "kk_jamban_layak": [60, 180, 10],
                         "lokus_stunting": [1, 0, 1]})


def _access() -> pd.DataFrame:
    rows = []
    for year, layak_a in ((2024, 50), (2025, 60)):
        for code, kk, layak in (("a", 100, layak_a), ("b", 200, 180)):
            rows.append({"tahun": year, "kode_desa": code, "jumlah_kk": kk,
                         "sanitasi_aman": 10, "sanitasi_layak_sendiri": layak - 10,
                         "sanitasi_layak_bersama": 0, "sanitasi_belum_layak": kk - layak,
                         "sanitasi_babs_terbuka": 0})
    return pd.DataFrame(rows)


def test_baseline_from_akses_with_form2_fallback():
    r = served_share(_access(), _form2(), "sanitasi_layak")
    t = r.table
    assert t.loc["a", ["tahun", "jumlah_kk", "kk_dilayani", "asal"]].tolist() == [2025, 100, 60,
                                                                                 "Akses"]
    assert t.loc["c", ["jumlah_kk", "kk_dilayani", "asal"]].tolist() == [50, 10, "Form2"]
    assert "akses_dari_form2" in {w.kind for w in r.warnings}


def test_households_to_serve_hand_worked_with_growth():
    base = pd.DataFrame({"tahun": [2025.0], "jumlah_kk": [100.0], "kk_dilayani": [60.0]},
                        index=pd.Index(["a"], name="kode_desa"))
    targets = pd.DataFrame({"indikator": ["sanitasi_layak"], "tahun": [2027], "nilai": [80.0]})
    t = households_to_serve(base, targets, "sanitasi_layak", SSKPeriod(2026, 2028, 2027),
                            10.0).table.set_index("tahun")
    # 2026: 70 % of 110 KK = 77 (17 new); 2027: 80 % of 121 = 96,8 (19,8 new);
    # 2028: target held, 80 % of 133,1 = 106,48 (9,68 new: growth only)
    assert t["pct_target_jalur"].tolist() == pytest.approx([70.0, 80.0, 80.0])
    assert t["kk_baru"].tolist() == pytest.approx([17.0, 19.8, 9.68])


def test_target_driven_need_splits_by_technology_and_source():
    hh = pd.DataFrame({"kode_desa": ["a", "a"], "tahun": [2026.0, 2027.0], "kk_baru": [17.0, 0]})
    t = target_need(hh, "sanitasi_layak", "air_limbah",
                    {"tangki_septik_individual": 1, "tangki_septik_bilik": 1},
                    {"APBD Kabupaten": 3, "DAK": 1}, CAT, 0.0).table
    # 8,5 KK × Rp10 juta + 8,5 KK × Rp12 juta = Rp187 juta, 3/4 APBD, 1/4 DAK
    assert t["kebutuhan_rp"].sum() == pytest.approx(187e6)
    by_src = t.groupby("sumber_dana")["kebutuhan_rp"].sum()
    assert by_src["APBD Kabupaten"] == pytest.approx(187e6 * 0.75)
    assert t["kk_terlayani"].sum() == pytest.approx(17.0)
    assert set(t["tahun"]) == {2026.0}                      # no row for a year with nothing new


def test_technology_without_cost_is_reported_not_invented():
    hh = pd.DataFrame({"kode_desa": ["a"], "tahun": [2026.0], "kk_baru": [10.0]})
    r = target_need(hh, "x", "air_limbah", {"ipal_komunal_sanimas": 1}, {"DAK": 1}, CAT, 0.0)
    assert not len(r.table) and r.warnings[0].kind == "teknologi_tanpa_biaya"


def test_om_reported_apart_hand_worked():
    inv = pd.DataFrame({"tahun": [2026.0, 2027.0, 2027.0],
                        "komponen": ["persampahan", "air_limbah", "persampahan"],
                        "jenis": ["investasi", "investasi", "O&M"],
                        "item_biaya": ["tps3r", "tangki_septik_individual", None],
                        "kebutuhan_rp": [1e9, 5e8, 3e8]})
    t = om_need(inv, CAT, SSKPeriod(2026, 2028, 2027), 2.0, 3.0, "APBD Kabupaten").table
    # only the TPS3R (2 %/year from 2027, escalated); household tanks carry O&M 0 %; an O&M
    # row of the program list earns no further O&M
    assert t["tahun"].tolist() == [2027.0, 2028.0]
    assert t["kebutuhan_rp"].tolist() == pytest.approx([2e7 * 1.03, 2e7 * 1.03 ** 2])
    assert set(t["jenis"]) == {"O&M"} and set(t["dasar"]) == {"om"}


def test_basis_of_the_need_per_component():
    p = pd.DataFrame({"komponen": ["air_limbah", "drainase"], "jenis": ["O&M", "investasi"],
                      "kebutuhan_rp": [1.0, 2.0]})
    t = pd.DataFrame({"komponen": ["air_limbah", "drainase"], "jenis": "investasi",
                      "kebutuhan_rp": [10.0, 20.0]})
    total = {b: combine_need(p, t, b).table["kebutuhan_rp"].sum() for b in
             ("otomatis", "program", "target", "keduanya")}
    # otomatis: drainase has investment rows in the list (2), air limbah only O&M (1 + 10)
    assert total == {"otomatis": 13.0, "program": 3.0, "target": 30.0, "keduanya": 33.0}


# --------------------------------------------------------------------------- capacity
def test_growth_rules_and_projection_hand_worked():
    s = pd.Series([100.0, 120.0, 150.0, 180.0], index=[2021, 2022, 2024, 2025])
    mean = growth_rate(s, "rata_rata").table["pertumbuhan_pct"].iloc[0]
    cagr = growth_rate(s, "cagr").table["pertumbuhan_pct"].iloc[0]
    assert mean == pytest.approx((20.0 + 20.0) / 2)          # 2023 missing: 2022→24 skipped
    assert cagr == pytest.approx(((180 / 100) ** 0.25 - 1) * 100)
    t = project_capacity(s, SSKPeriod(2025, 2027, 2026), "rata_rata").table
    assert t["apbd_murni_proyeksi_rp"].tolist() == pytest.approx([180.0, 216.0, 259.2])
    assert t["dasar_nilai"].tolist() == ["realisasi", "proyeksi", "proyeksi"]


def test_growth_without_enough_years_is_zero_with_a_warning():
    r = growth_rate(pd.Series([100.0], index=[2025]))
    assert r.table["pertumbuhan_pct"].iloc[0] == 0.0 and r.warnings


# --------------------------------------------------------------------------- gaps
def _need_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2026.0, 2026.0, 2026.0, 2027.0],
        "komponen": ["air_limbah", "persampahan", "air_limbah", "drainase"],
        "sumber_dana": ["APBD Kabupaten", "DAK", "APBD Kabupaten", "APBD Kabupaten"],
        "jenis": ["investasi", "investasi", "O&M", "investasi"],
        "kebutuhan_rp": [600.0, 300.0, 50.0, 400.0]})


def test_gap_1_and_gap_2_per_year_component_and_source_hand_worked():
    cap = pd.DataFrame({"tahun": [2026, 2027], "apbd_murni_proyeksi_rp": [500.0, 550.0]})
    com = pd.DataFrame({"tahun": [2026, 2026, 2027], "sumber_dana": ["DAK", "Lainnya",
                                                                     "APBD Kabupaten"],
                        "komponen": ["persampahan", "lintas komponen", "drainase"],
                        "komitmen_rp": [200.0, 30.0, 100.0]})
    y = gap_by_year(_need_rows(), cap, com).set_index("tahun")
    assert y.loc[2026, ["kebutuhan_rp", "kebutuhan_om_rp", "celah_1_rp", "celah_2_rp"]].tolist() \
        == [950.0, 50.0, 450.0, 720.0]
    assert y.loc[2027, ["celah_1_rp", "celah_2_rp"]].tolist() == [-150.0, 300.0]
    s = gap_by_source(_need_rows(), cap, com).set_index(["tahun", "sumber_dana"])
    assert s.loc[(2026, "APBD Kabupaten"), ["kebutuhan_rp", "apbd_murni_proyeksi_rp",
                                            "celah_1_rp", "celah_2_rp"]].tolist() == \
        [650.0, 500.0, 150.0, 650.0]
    assert s.loc[(2026, "DAK"), ["celah_1_rp", "celah_2_rp"]].tolist() == [300.0, 100.0]
    assert s.loc[(2026, "Lainnya"), "celah_2_rp"] == -30.0    # a commitment no need asked for
    shares = {"air_limbah": 0.6, "persampahan": 0.4}
    c = gap_by_component(_need_rows(), cap, com, shares).set_index(["tahun", "komponen"])
    assert c.loc[(2026, "air_limbah"), ["apbd_murni_proyeksi_rp", "celah_1_rp"]].tolist() == \
        [300.0, 350.0]
    assert c.loc[(2027, "drainase"), ["celah_1_rp", "celah_2_rp"]].tolist() == [400.0, 300.0]
    t51 = tabel_5_1_from(y, c)
    assert t51.loc["Celah pendanaan 1 (a − b)", "Jumlah (Rp)"] == 300.0


def tabel_5_1_from(gap_year: pd.DataFrame, gap_comp: pd.DataFrame) -> pd.DataFrame:
    from ppsp_analysis.funding import tabel_5_1

    return tabel_5_1(gap_year.reset_index(), gap_comp.reset_index()).set_index("Uraian")


def test_apbd_split_over_components_follows_apbd_realisation():
    prog = pd.DataFrame({"sumber_dana": ["APBD Kabupaten"] * 2, "komponen": ["drainase",
                                                                          "air_limbah"],
                         "realisasi_rp": [1.0, 3.0]})
    assert apbd_component_shares(prog, _need_rows(), "realisasi") == (
        {"air_limbah": 0.75, "drainase": 0.25}, "realisasi")
    shares, rule = apbd_component_shares(None, _need_rows(), "realisasi")
    assert rule == "kebutuhan" and shares["drainase"] == pytest.approx(400 / 1350)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([2026, 2027, 2028]),
                          st.sampled_from(["air_limbah", "persampahan", "drainase"]),
                          st.sampled_from(["APBD Kabupaten", "DAK", "Dana Desa"]),
                          st.sampled_from(["investasi", "O&M"]),
                          st.floats(0, 1e12, allow_nan=False)), min_size=1, max_size=25),
       st.lists(st.floats(0, 1e12, allow_nan=False), min_size=3, max_size=3),
       st.lists(st.tuples(st.sampled_from([2026, 2027, 2028]),
                          st.sampled_from(["APBD Kabupaten", "Swasta/CSR", "Lainnya"]),
                          st.sampled_from(["air_limbah", "lintas komponen"]),
                          st.floats(0, 1e11, allow_nan=False)), max_size=8))
def test_gaps_are_need_minus_capacity_and_rows_sum_to_totals(rows, cap, coms):
    need = pd.DataFrame(rows, columns=["tahun", "komponen", "sumber_dana", "jenis",
                                       "kebutuhan_rp"])
    capacity = pd.DataFrame({"tahun": [2026, 2027, 2028], "apbd_murni_proyeksi_rp": cap})
    committed = pd.DataFrame(coms, columns=["tahun", "sumber_dana", "komponen", "komitmen_rp"])
    y = gap_by_year(need, capacity, committed)
    assert (y["celah_1_rp"] == y["kebutuhan_rp"] - y["apbd_murni_proyeksi_rp"]).all()
    assert (y["celah_2_rp"] == y["kebutuhan_rp"] - y["komitmen_rp"]).all()
    assert np.allclose(y["kebutuhan_rp"], y["kebutuhan_investasi_rp"] + y["kebutuhan_om_rp"])
    shares, _ = apbd_component_shares(None, need, "kebutuhan")
    for table, key in ((gap_by_source(need, capacity, committed), "sumber_dana"),
                       (gap_by_component(need, capacity, committed, shares), "komponen")):
        summed = table.groupby("tahun")[["kebutuhan_rp", "komitmen_rp", "celah_2_rp"]].sum()
        for col in summed:
            assert np.allclose(summed[col].to_numpy(), y.set_index("tahun")[col].to_numpy(),
                               rtol=1e-12, atol=1e-3), (key, col)
        if key == "sumber_dana" or need["kebutuhan_rp"].sum() > 0:
            cap_sum = table.groupby("tahun")["apbd_murni_proyeksi_rp"].sum()
            assert np.allclose(cap_sum.to_numpy(), capacity["apbd_murni_proyeksi_rp"], rtol=1e-9)


# --------------------------------------------------------------------------- commitments
def _commitments() -> pd.DataFrame:
    return pd.DataFrame({
        "acara": ["CC 2 Provinsi", "Rapat TAPD", "Audiensi", "CC 2 Provinsi", None],
        "tanggal": ["2026-03-18", "15/07/2026", None, "2026-03-18", None],
        "tahun": [2027, 2027, 2027, 2025, 2023],
        "pihak": ["Bank Daerah", "TAPD", "Bupati", "PT Sawit", "Kec. Hulu"],
        "jenis_pihak": ["perbankan", "TAPD", "Bupati", "swasta", "kecamatan"],
        "komponen": ["air_limbah", None, None, "air_limbah", "drainase"],
        "sumber_dana": [None, None, None, None, "APBD Kabupaten"],
        "nilai_rp": [2e9, 5e9, 1e9, 3e8, 1e8],
        "status": ["direncanakan", "KUA-PPAS", "disepakati", "terealisasi", "disepakati"],
        "tanggal_tindak_lanjut": ["2026-12-01", "2027-01-31", "2026-09-30", "2026-01-01", None],
        "daftar_kode_desa": ["a, 99.01.01.2001", None, None, None, None]})


def test_tracker_reads_old_words_and_fills_sources():
    r = prepare_commitments(_commitments(), known_codes={"a"})
    t = r.table
    assert t["jenis_pihak"].tolist()[:4] == ["Bank", "TAPD", "Bupati", "Swasta/CSR"]
    assert t["status"].tolist()[0] == "diusulkan" and t["tahap"].tolist() == [0, 2, 1, 4, 1]
    assert t["sumber_dana"].tolist() == ["Perbankan", "APBD Kabupaten", "APBD Kabupaten",
                                         "Swasta/CSR", "APBD Kabupaten"]
    assert t["tanggal"].tolist()[:2] == ["2026-03-18", "2026-07-15"]
    assert t["kode_desa_list"].iloc[0] == ["a", "99.01.01.2001"]
    assert "desa_tidak_dikenal" in {w.kind for w in r.warnings}


def test_pipeline_committed_vs_realised_and_overdue_rule():
    t = prepare_commitments(_commitments()).table
    p = pipeline_table(t).set_index("status")
    assert list(p.index) == ["diusulkan", "disepakati", "KUA-PPAS", "DPA", "terealisasi"]
    assert p["nilai_rp"].tolist() == [2e9, 1.1e9, 5e9, 0.0, 3e8]
    parties = party_table(t, ("disepakati", "KUA-PPAS", "DPA", "terealisasi"))
    assert parties.loc["Bank", "dikomitmenkan_rp"] == 0.0                   # only proposed
    assert parties.loc["Jumlah", ["dikomitmenkan_rp", "terealisasi_rp"]].tolist() == [6.4e9,
                                                                                      3e8]
    assert parties.loc["Jumlah", "pct_terealisasi_dikomitmenkan"] == pytest.approx(300 / 64)
    late = overdue_followups(t, dt.date(2026, 12, 1)).set_index("pihak")
    # Bupati: due 30 Sep (62 days); Kec. Hulu: FY 2023 ended before the DPA (1066 days);
    # Bank: due today, not yet late; PT Sawit realised: never late; TAPD due in 2027
    assert late["hari_terlambat"].to_dict() == {"Kec. Hulu": 1066, "Bupati": 62}
    assert late.loc["Kec. Hulu", "alasan_terlambat"] == "tahun anggaran berakhir sebelum DPA"
    got = committed_amounts(t, ("disepakati", "KUA-PPAS", "DPA", "terealisasi"), [2027])
    assert got.set_index("sumber_dana")["komitmen_rp"].to_dict() == {"APBD Kabupaten": 6e9}
    assert set(got["komponen"]) == {"lintas komponen"}


# --------------------------------------------------------------------------- stunting overlay
def _scored() -> pd.DataFrame:
    return pd.DataFrame({"kode_desa": ["a", "b", "c", "d"], "nama_desa": list("ABCD"),
                         "nama_kec": ["K1", "K1", "K2", "K2"],
                         "kelas_gabungan": pd.array([4, 1, 3, pd.NA], dtype="Int64")})


def test_lokus_overlay_hand_worked():
    f2 = pd.concat([_form2(), pd.DataFrame([{"kode_desa": "d", "jumlah_kk": 10,
                                             "kk_jamban_layak": 10, "lokus_stunting": 0}])],
                   ignore_index=True)
    sheet = pd.DataFrame({"kode_desa": ["b", "99.99.99.9999"], "tahun": [2025, 2025]})
    lk = lokus_desa(f2, sheet, known_codes={"a", "b", "c", "d"})
    assert lk.table["lokus"].to_dict() == {"a": True, "b": True, "c": True, "d": False}
    assert lk.warnings[0].kind == "desa_tidak_dikenal"
    unserved = pd.Series({"a": 40.0, "b": 20.0, "c": 40.0, "d": 0.0})
    ov = lokus_overlay(_scored(), lk.table, unserved, 9e6).table.set_index("kode_desa")
    assert ov["kategori"].to_dict() == {"a": "prioritas dan lokus", "b": "lokus saja",
                                        "c": "prioritas dan lokus", "d": "tanpa kelas"}
    both = ov[ov["kategori"] == "prioritas dan lokus"]
    assert both["kk_belum_layak"].sum() == 80 and both["biaya_tutup_celah_rp"].sum() == 720e6
    need = pd.DataFrame({"nama_kegiatan": ["T", "T", "S", "X"], "item_biaya": ["t", "t", "s", "x"],
                         "kode_desa": ["a", "a", "c", "b"], "sumber_dana": ["DAK", "APBD Kabupaten",
                                                                           "DAK", "DAK"],
                         "volume": [3.0, 1.0, 1.0, 9.0], "satuan": "SR",
                         "kk_terlayani": [3.0, 1.0, np.nan, 9.0],
                         "kebutuhan_rp": [3e7, 1e7, 5e8, 9e9]})
    top = top_activities(need, ov.reset_index())
    assert top["nama_kegiatan"].tolist() == ["S", "T"]           # b is not a priority desa
    assert top.loc[1, ["kk_terlayani", "rp_per_kk", "sumber_dana"]].tolist() == [
        4.0, 1e7, "DAK, APBD Kabupaten"]
    assert math.isnan(top.loc[0, "rp_per_kk"])
    # risk class × lokus: a (4, lokus, 40 KK), b (1, lokus, 20), c (3, lokus, 40), d (none)
    by_class = class_lokus_table(ov.reset_index(), 4, 3).set_index(
        pd.Index(["1", "2", "3", "4", "-"]))
    assert by_class["jumlah_desa"].tolist() == [1, 0, 1, 1, 1]
    assert by_class["desa_lokus"].tolist() == [1, 0, 1, 1, 0]
    assert by_class["kk_belum_layak_lokus"].tolist() == [20.0, 0.0, 40.0, 40.0, 0.0]
    assert by_class["biaya_tutup_celah_lokus_rp"].tolist() == [180e6, 0.0, 360e6, 360e6, 0.0]
    assert by_class["prioritas"].tolist() == [False, False, True, True, None]
    # threshold 4: class 3 is no longer a priority class
    assert class_lokus_table(ov.reset_index(), 4, 4)["prioritas"].tolist()[:4] == [
        False, False, False, True]


# --------------------------------------------------------------------------- everything at once
def _input(**kw) -> FundingInput:
    d = dict(
        form1={"tahun": 2026, "ssk_tahun_awal": 2026, "ssk_tahun_akhir": 2027},
        form2=_form2(), access=_access(),
        program=_program(),
        budget=pd.DataFrame({"tahun": [2024, 2025], "total_apbd_rp": [1e12, 1e12],
                             "belanja_sanitasi_rp": [12e9, 14e9], "dak_sanitasi_rp": [2e9, 3e9],
                             "pinjaman_hibah_rp": [0.0, 0.0]}),
        targets=pd.DataFrame({"indikator": ["sanitasi_layak"], "tahun": [2027], "nilai": [80.0],
                              "sumber": ["SSK"]}),
        commitments=_commitments(), kab_code="99.01", kab_name="Kabupaten Uji")
    d.update(kw)
    return FundingInput(**d)


OPTS = {"dasar_kebutuhan": "otomatis", "eskalasi_persen_per_tahun": 0.0,
        "umur_harga_maks_tahun": 3, "pertumbuhan_apbd": "rata_rata",
        "pertumbuhan_kk_persen": 0.0,
        "target_kebutuhan": {"sanitasi_layak": {"komponen": "air_limbah",
                                                "teknologi": {"tangki_septik_individual": 1}}},
        "sumber_kebutuhan_target": {"APBD Kabupaten": 100}, "om_persen_per_tahun": 0.0,
        "sumber_om": "APBD Kabupaten", "alokasi_apbd_komponen": "kebutuhan",
        "status_komitmen": ["disepakati", "KUA-PPAS", "DPA", "terealisasi"],
        "usulan": "apbd_kabupaten", "pendamping_dak_persen": 10, "operasional_dak_persen": 5}


def test_headline_hand_worked():
    fr = compute_funding(_input(), options=OPTS, today=dt.date(2026, 12, 1))
    # program rows in 2026–2027: tangki 100 SR × Rp10 juta (DAK) = Rp1 miliar (2026); TPS3R
    # 2 × Rp650 juta (APBD) = Rp1,3 miliar (2027); Kampanye Rp200 juta (Dana Desa, 2026);
    # air limbah has investment rows in the list, so no target-driven need (otomatis)
    assert fr.basis == {"air_limbah": "program", "persampahan": "program", "phbs": "program"}
    h = fr.headline
    assert h["kebutuhan_rp"] == pytest.approx(2.5e9)
    # APBD murni 10 → 11 miliar: +10 %; 2026 = 12,1; 2027 = 13,31 miliar
    assert h["apbd_murni_rp"] == pytest.approx(12.1e9 + 13.31e9)
    assert h["celah_1_rp"] == pytest.approx(2.5e9 - 25.41e9)
    # ask for 2027: APBD need 1,3 miliar − APBD commitments at KUA-PPAS or later (TAPD 5)
    assert (h["usulan_rp"], h["tahun_usulan"]) == (0.0, 2027)
    assert h["komitmen_rp"] == pytest.approx(6e9)            # TAPD 5 + Bupati 1 (in 2027)
    tables = funding_tables(fr)
    assert tables["Tabel 5.1 Rekapitulasi Indikasi Kebutuhan Biaya"].columns.tolist() == [
        "Uraian", "2026 (Rp)", "2027 (Rp)", "Jumlah (Rp)"]
    t51 = tabel_5_1_table(fr).set_index("Uraian")
    assert t51.loc["Jumlah kebutuhan (a)", "Jumlah (Rp)"] == pytest.approx(2.5e9)
    t52 = tabel_5_2_table(fr).set_index("Uraian")
    assert t52.loc["DAK: kebutuhan", "2026 (Rp)"] == pytest.approx(1e9)


def test_target_driven_need_in_the_whole_computation():
    prog = _program()
    prog = prog[prog["komponen"] != "air_limbah"]
    fr = compute_funding(_input(program=prog), options=OPTS, today=dt.date(2026, 12, 1))
    assert fr.basis["air_limbah"] == "target"
    air = fr.need[fr.need["komponen"] == "air_limbah"]
    # desa a: 60 → 70 → 80 of 100 KK; b above target; c (Form2) 10/50 → 45 % → 80 %
    assert air["kk_terlayani"].sum() == pytest.approx(20 + 30)
    assert air["kebutuhan_rp"].sum() == pytest.approx(50 * 10e6)
    assert fr.access_gap.set_index("indikator").loc["sanitasi_layak", "kk_perlu_dilayani"] == \
        pytest.approx(50)


def test_leverage_rules():
    need = pd.DataFrame({"tahun": [2027.0] * 3, "sumber_dana": ["DAK", "APBD Kabupaten", "APBN"],
                         "jenis": "investasi", "item_biaya": [None, "tangki_septik_bilik", None],
                         "kk_terlayani": [np.nan, 10.0, np.nan],
                         "kebutuhan_rp": [2e9, 1.2e8, 5e9]})
    t = leverage_table(need, CAT, 2027, OPTS).set_index("uraian")
    assert t.iloc[0][["nilai_daya_ungkit_rp", "syarat_apbd_rp"]].tolist() == [2e9, 3e8]
    assert t.iloc[1]["nilai_daya_ungkit_rp"] == 3e7                     # 10 KK × Rp3 juta
    assert t.loc["Jumlah daya ungkit", "nilai_daya_ungkit_rp"] == 2.03e9


def test_cost_per_household_of_the_mix():
    assert cost_per_household(CAT, OPTS, 2024, 0.0) == 10e6
    assert math.isnan(cost_per_household(CAT, {"target_kebutuhan": {}}, 2024, 0.0))


# --------------------------------------------------------------------------- inputs
def test_method_options_are_validated():
    from ppsp_analysis.io.package import read_default_method
    from ppsp_analysis.method import merge_method, validate_method

    method = merge_method(read_default_method(), {"pendanaan": {
        "pertumbuhan_apbd": "median", "status_komitmen": ["dibayar"],
        "sumber_kebutuhan_target": {"APBD": 1}, "eskalasi_persen_per_tahun": 80}})
    problems = validate_method(method)
    assert any("pendanaan.pertumbuhan_apbd = 'median'" in p for p in problems)
    assert any("pendanaan.status_komitmen" in p for p in problems)
    assert any("sumber dana 'APBD'" in p for p in problems)
    assert any("eskalasi_persen_per_tahun" in p for p in problems)
    # writing the section replaces only the options written; the rest keep their defaults
    ok = merge_method(read_default_method(), {"pendanaan": {"usulan": "celah_1"}})
    assert validate_method(ok) == [] and ok["pendanaan"]["pertumbuhan_apbd"] == "rata_rata"


@pytest.fixture()
def pkg_copy(tmp_path):
    from _inputs_helpers import copy_small

    return copy_small(tmp_path)


def _problems(path):
    from ppsp_analysis.io import read_package
    from ppsp_analysis.validation import validate_package

    pkg, problems = read_package(path)
    return problems + (validate_package(pkg) if pkg is not None else [])


def test_validate_names_file_sheet_row_column_of_funding_problems(pkg_copy):
    import openpyxl
    from _inputs_helpers import col_of

    wb = openpyxl.load_workbook(pkg_copy / "instrumen.xlsx")
    ws = wb["Program"]
    plan = [r for r in range(2, ws.max_row + 1)
            if ws.cell(r, col_of(ws, "item_biaya")).value == "tps3r"]
    r1, r2 = plan[0], plan[1]
    ws.cell(r1, col_of(ws, "item_biaya")).value = "tangki_emas"
    ws.cell(r2, col_of(ws, "volume")).value = -3
    ws.cell(plan[2], col_of(ws, "tahun")).value = 2035
    ws = wb["Komitmen"]
    ws.cell(3, col_of(ws, "status")).value = "dibayar"
    ws = wb["LokusStunting"]
    ws.cell(2, col_of(ws, "kode_desa")).value = "99.03.09.9999"
    wb.save(pkg_copy / "instrumen.xlsx")
    found = {(p.sheet, p.row, p.column, p.severity): p.message for p in _problems(pkg_copy)}
    assert found[("Program", r1, "item_biaya", "error")] == "item biaya 'tangki_emas' tidak dikenal"
    assert found[("Program", r2, "volume", "error")] == "volume negatif (-3)"
    assert "di luar periode SSK 2026–2030" in found[("Program", plan[2], "tahun", "warning")]
    assert found[("Komitmen", 3, "status", "error")] == "status 'dibayar' tidak dikenal"
    assert "tidak ada di file batas" in found[("LokusStunting", 2, "kode_desa", "error")]


def test_old_commitment_sheet_still_reads(pkg_copy):
    import openpyxl

    wb = openpyxl.load_workbook(pkg_copy / "instrumen.xlsx")
    del wb["Komitmen"], wb["BiayaSatuan"], wb["LokusStunting"]
    ws = wb.create_sheet("Komitmen")
    ws.append(["tahun", "pihak", "jenis_pihak", "komponen", "nilai_rp", "status"])
    ws.append([2027, "Bank Daerah", "perbankan", "air_limbah", "Rp 1.500.000.000",
               "direncanakan"])
    wb.save(pkg_copy / "instrumen.xlsx")
    from ppsp_analysis.io import read_package

    pkg, problems = read_package(pkg_copy)
    assert not [p for p in problems if p.severity == "error"]
    row = pkg.sheet("Komitmen").iloc[0]
    assert (row["jenis_pihak"], row["status"], row["nilai_rp"]) == ("Bank", "diusulkan", 1.5e9)
    assert row["acara"] is None and pkg.sheet("BiayaSatuan").empty


def test_template_has_the_funding_columns_and_drop_downs():
    from ppsp_analysis.io.template import ITEM_RANGE, build_template
    from ppsp_analysis.schema import SHEETS

    desa = pd.DataFrame({"kode_desa": ["99.03.01.2001"], "nama_desa": ["A"],
                         "kode_kec": ["99.03.01"], "nama_kec": ["K"]})
    wb = build_template(desa, {"kode_kabupaten": "99.03", "nama_kabupaten": "Kota Uji",
                               "tahun": 2026})
    head = [c.value for c in wb["Program"][1]]
    assert {"item_biaya", "volume", "satuan", "harga_satuan_rp"} <= set(head)
    lists = {dv.formula1 for dv in wb["Program"].data_validations.dataValidation}
    assert ITEM_RANGE in lists
    assert [c.value for c in wb["Komitmen"][1]] == list(SHEETS["Komitmen"].table_columns)
    status = {dv.formula1 for dv in wb["Komitmen"].data_validations.dataValidation}
    assert '"diusulkan,disepakati,KUA-PPAS,DPA,terealisasi"' in status
    assert "LokusStunting" in wb.sheetnames and "BiayaSatuan" in wb.sheetnames
    items = [wb["Daftar"].cell(r, 5).value for r in range(2, 20)]
    assert "tangki_septik_individual" in items and "drainase_per_m" in items
    f1 = [wb["Form1"].cell(r, 1).value for r in range(2, wb["Form1"].max_row + 1)]
    assert {"ssk_tahun_awal", "ssk_tahun_akhir", "tahun_kua_ppas"} <= set(f1)


def test_template_helps_and_constrains_every_funding_column():
    """Item 6 of the funding issue: every new column has its help (header comment) and the
    right drop-down or number rule, so ``ppsp validate`` sees few surprises."""
    from ppsp_analysis.io.template import ITEM_RANGE, build_template
    from ppsp_analysis.schema import column_info

    desa = pd.DataFrame({"kode_desa": ["99.03.01.2001", "99.03.01.2002"], "nama_desa": ["A", "B"],
                         "kode_kec": ["99.03.01"] * 2, "nama_kec": ["K"] * 2})
    wb = build_template(desa, {"kode_kabupaten": "99.03", "nama_kabupaten": "Kota Uji",
                               "tahun": 2026})
    new = {"Program": ("item_biaya", "volume", "satuan", "harga_satuan_rp"),
           "Komitmen": ("acara", "tanggal", "tahun", "pihak", "jenis_pihak", "instrumen",
                        "sumber_dana", "komponen", "nilai_rp", "target_fisik", "satuan_fisik",
                        "daftar_kode_desa", "status", "bukti", "tindak_lanjut",
                        "tanggal_tindak_lanjut", "penanggung_jawab"),
           "BiayaSatuan": ("item", "nama_item", "satuan", "nilai_rp", "tahun", "wilayah",
                           "cakupan", "kk_per_satuan", "om_persen", "sumber"),
           "LokusStunting": ("kode_desa", "tahun", "sumber")}
    for sheet, cols in new.items():
        ws = wb[sheet]
        head = {c.value: c for c in ws[1] if c.value}
        rules = ws.data_validations.dataValidation
        for col in cols:
            cell = head[col]
            info = column_info(sheet, col)
            assert info.help and len(info.help) > 15, (sheet, col)
            assert info.help in cell.comment.text, (sheet, col)
            mine = [dv for dv in rules if any(r.min_col == cell.column for r in dv.sqref.ranges)]
            assert len(mine) == 1, (sheet, col)
            dv = mine[0]
            if info.kind == "choice":
                assert dv.type == "list" and dv.formula1 == '"' + ",".join(info.choices) + '"'
            elif col == "kode_desa":
                assert dv.type == "list" and dv.formula1.startswith("Form2!$A$3:$A$4")
            elif col == "item_biaya":
                assert dv.formula1 == ITEM_RANGE
            elif col == "tahun":
                assert (dv.type, dv.formula1, dv.formula2) == ("whole", "2000", "2100")
            elif col.endswith("_rp") or col in ("volume", "target_fisik", "kk_per_satuan",
                                                "om_persen"):
                assert dv.type == "decimal" and dv.formula1 == "0", (sheet, col)
            assert dv.prompt, (sheet, col)   # the help also shows when the cell is selected
    f2 = {c.value: c for c in wb["Form2"][1] if c.value}
    lokus = [dv for dv in wb["Form2"].data_validations.dataValidation
             if any(r.min_col == f2["lokus_stunting"].column for r in dv.sqref.ranges)]
    assert [dv.formula1 for dv in lokus] == ['"ya,tidak"']


# --------------------------------------------------------------------------- the brief
@pytest.fixture(scope="module")
def demo_funding():
    from conftest import DEMO_DIR

    from ppsp_analysis import load_package, score_package
    from ppsp_analysis.funding import FundingInput

    pkg = load_package(DEMO_DIR / "99.03-kota-bandar-fiktif")
    result = score_package(pkg)
    fr = compute_funding(FundingInput.from_package(pkg), result.desa, pkg.method["pendanaan"],
                         today=dt.date(2026, 12, 1))
    return pkg, result, fr


def test_demo_funding_is_consistent(demo_funding):
    _, _, fr = demo_funding
    h = fr.headline
    assert h["kebutuhan_rp"] == pytest.approx(fr.need["kebutuhan_rp"].sum())
    assert h["celah_1_rp"] == pytest.approx(h["kebutuhan_rp"] - h["apbd_murni_rp"])
    assert h["kebutuhan_rp"] > 0 and h["apbd_murni_rp"] > 0 and len(fr.top_activities) == 5
    assert fr.overlay is not None and set(fr.overlay["kategori"]) <= {
        "prioritas dan lokus", "prioritas saja", "lokus saja", "bukan keduanya", "tanpa kelas"}
    assert len(fr.overdue) and len(fr.commitments) == 16


def _brief(demo_funding, folder, **meta):
    """The brief's model of the demo kota, its figures saved in ``folder`` (as the monev
    notebook does), read back from JSON."""
    from ppsp_analysis.io.report_file import read_report, save_figures, write_report
    from ppsp_analysis.report.brief import FIGURE_DPI, brief_figures, brief_report

    pkg, result, fr = demo_funding
    pkg = dataclasses.replace(pkg, form1={**pkg.form1, **meta})  # Form 1 entries changed
    figs = save_figures(brief_figures(fr, result, pkg), folder / "gambar", dpi=FIGURE_DPI)
    report = brief_report(result, pkg, fr, today=dt.date(2026, 12, 1),
                          figures={k: v.relative_to(folder) for k, v in figs.items()})
    write_report(report, folder / "lembar_advokasi.laporan.json")
    return read_report(folder / "lembar_advokasi.laporan.json")


def test_brief_model_carries_the_headline_in_the_units_of_the_codes(demo_funding, tmp_path):
    from ppsp_analysis.report.brief import KIND, headline_text

    _, _, fr = demo_funding
    model = _brief(demo_funding, tmp_path)
    assert model.kind == KIND and model.meta["periode_ssk"] == fr.period.label
    assert model.sections[0].paragraphs()[0] == headline_text(fr)
    values = {k.key: k.value for k in model.key_numbers}
    h = fr.headline
    assert values["celah_1_rp"] == pytest.approx(values["kebutuhan_rp"] - values["apbd_murni_rp"])
    assert (values["usulan_rp"], values["tahun_usulan"]) == (h["usulan_rp"], h["tahun_usulan"])
    assert {f.name for f in model.figures()} == {"grafik_pendanaan", "grafik_porsi_apbd",
                                                   "peta_lokus_stunting"}
    top = model.table("kegiatan_prioritas_lokus").data
    assert top["kebutuhan_rp"].tolist() == pytest.approx(fr.top_activities["kebutuhan_rp"].tolist())
    assert top["rp_per_kk"].tolist() == pytest.approx(fr.top_activities["rp_per_kk"].tolist())
    # the demo kota has only kelurahan: the brief's own words never say "desa"
    own = [s.title for s in model.sections] + [
        p for s in model.sections for p in s.paragraphs() if "terlambat" not in p] + [
        c.heading for t in model.tables() for c in t.columns] + [
        t.note for t in model.tables()] + [f.caption for f in model.figures()]
    text = " ".join(own)
    assert "kelurahan" in text.lower()
    assert not re.findall(r"(?i)(?<![\w/])desa(?![\w/])", text.replace("Dana Desa", ""))


def test_brief_is_one_a4_page_with_the_headline(demo_funding, tmp_path):
    from _text import pdf_pages
    from pypdf import PdfReader

    from ppsp_analysis.io.documents import write_brief

    _, _, fr = demo_funding
    path = write_brief(_brief(demo_funding, tmp_path), tmp_path / "lembar_advokasi.pdf",
                       tmp_path)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
    assert len(reader.pages[0].images) == 3   # funding chart, lokus map, APBD share
    (text,) = pdf_pages(path)
    h = fr.headline
    for amount in (h["kebutuhan_rp"], h["apbd_murni_rp"], h["celah_1_rp"], h["usulan_rp"]):
        assert fmt.rupiah(amount) in text, fmt.rupiah(amount)
    assert "APBD murni diperkirakan" in text and f"KUA-PPAS tahun {h['tahun_usulan']}" in text
    assert "Kota Bandar Fiktif" in text and "DATA SINTETIS" in text
    for block in ("Sumber dan cara hitung", "Akses terhadap target", "Status komitmen",
                  "Yang hilang bila pos APBD tidak ada", "Kelurahan prioritas dan lokus"):
        assert block.upper() in text.upper(), block
    assert "Desa prioritas" not in text and "(kecamatan)" in text


def test_brief_renders_only_a_brief(demo_funding, tmp_path):
    from ppsp_analysis.report.brief_pdf import brief_payload
    from ppsp_analysis.report.model import Report

    with pytest.raises(ValueError, match="bukan model lembar advokasi"):
        brief_payload(Report("monev", "Laporan", {}))
    payload = brief_payload(_brief(demo_funding, tmp_path), tmp_path)
    akses = payload["akses"]["tabel"]
    # percent and its year in one cell of the narrow box: "80,0% (2025)"
    assert akses["kolom"][:3] == ["Indikator", "Capaian", "Target"]
    assert re.fullmatch(r"\d+,\d% \(\d{4}\)", akses["baris"][0][1])
    assert payload["kegiatan"]["tabel"]["kolom"][1] == "Kelurahan (kecamatan)"


def test_brief_survives_hostile_names(demo_funding, tmp_path):
    from _text import pdf_pages

    from ppsp_analysis.io.documents import write_brief

    hostile = '#set page(width: 1cm) $x$ *tebal* "kutip" \\ [a]'
    model = _brief(demo_funding, tmp_path, nama_kabupaten=hostile, nama_pokja="_x_")
    path = write_brief(model, tmp_path / "l.pdf", tmp_path)
    (text,) = pdf_pages(path)
    assert "#set page(width: 1cm) $x$ *tebal*" in text


def test_funding_tables_have_titles_and_formats_in_the_workbook(demo_funding, tmp_path):
    import openpyxl

    from ppsp_analysis.io.writers import write_excel
    from ppsp_analysis.labels import VOCABULARY

    _, _, fr = demo_funding
    tables = funding_tables(fr)
    for title, df in tables.items():
        if not title.startswith("Tabel 5"):
            assert set(df.columns) <= set(VOCABULARY), title   # every column has a label
    path = write_excel(tables, tmp_path / "pendanaan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = next(wb[s] for s in wb.sheetnames if s.startswith("Celah Pendanaan per Tahun"))
    titles = {k.value: t.value for k, t in zip(ws[2], ws[1], strict=True)}
    assert titles["celah_1_rp"] == "Celah pendanaan 1 (Rp)"
    col = [c.value for c in ws[2]].index("celah_1_rp") + 1
    assert ws.cell(3, col).number_format == '"Rp" #,##0'
    back = pd.read_excel(path, sheet_name=ws.title, header=1)
    assert back["celah_1_rp"].tolist() == pytest.approx(fr.gap_year["celah_1_rp"].tolist())
