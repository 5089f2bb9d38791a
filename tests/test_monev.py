"""Tests of ppsp_analysis.monev: every formula pinned on hand-worked numbers.

The fixture kabupaten "99.01" has 2 kecamatan × 2 desa, access data for 2021, 2022 and 2024
(2023 missing on purpose) and desa Pulau Baru missing in 2024 (on purpose).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

from ppsp_analysis.labels import ClassScheme  # noqa: E402
from ppsp_analysis.monev import (  # noqa: E402
    CATALOGUE_VERSION,
    COLUMN_GROUPS,
    STATUS_RULE,
    MonevInput,
    access_ladder,
    assess_progress,
    commitment_summary,
    compute_monev,
    drainage_stbm_table,
    indicator_catalogue,
    indicator_series,
    merge_targets,
    monev_summary,
    national_targets,
    prepare_access,
    priority_targeting,
    program_summary,
    progress_status,
    province_summary,
    sanitation_budget,
    stunting_overlap,
    trend_rate,
)
from ppsp_analysis.monev.budget import program_basis  # noqa: E402
from ppsp_analysis.monev.catalogue import evaluate_formula, parse_formula  # noqa: E402
from ppsp_analysis.monev.targeting import targeting_basis  # noqa: E402

DESA = ["99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.01.02.2002"]


# --------------------------------------------------------------------------- fixtures
def form2() -> pd.DataFrame:
    return pd.DataFrame({
        "kode_desa": DESA, "nama_desa": ["Sukamaju", "Mekarsari", "Tanjung", "Pulau Baru"],
        "kode_kec": ["99.01.01", "99.01.01", "99.01.02", "99.01.02"],
        "nama_kec": ["Hulu", "Hulu", "Hilir", "Hilir"],
        "penduduk": [400, 1200, 800, 1600], "jumlah_kk": [100, 300, 200, 400],
        "lokus_stunting": [1, 0, 1, 0]})


# (jumlah_kk, aman, layak_sendiri, layak_bersama, belum_layak, babs_terbuka) per desa
SANITATION = {
    2021: [(100, 30, 40, 0, 20, 10), (300, 15, 200, 25, 40, 20), (200, 10, 100, 10, 50, 30),
           (400, 40, 250, 30, 50, 30)],
    2022: [(100, 40, 40, 0, 15, 5), (300, 21, 210, 24, 30, 15), (200, 14, 110, 16, 40, 20),
           (400, 48, 262, 30, 40, 20)],
    2024: [(100, 50, 40, 0, 10, 0), (300, 30, 230, 20, 20, 0), (200, 20, 130, 20, 20, 10), None],
}
FLOOD_HA = [0.0, 2.5, 4.0, 0.0]


def access() -> pd.DataFrame:
    rows = []
    for yr, rows_of_year in SANITATION.items():
        for i, (code, v) in enumerate(zip(DESA, rows_of_year, strict=True)):
            if v is None:
                continue
            kk, safe, own, shared, unimproved, open_def = v
            rows.append({
                "tahun": yr, "kode_desa": code, "penduduk": kk * 4, "jumlah_kk": kk,
                "sanitasi_aman": safe, "sanitasi_layak_sendiri": own,
                "sanitasi_layak_bersama": shared,
                "sanitasi_belum_layak": unimproved, "sanitasi_babs_terbuka": open_def,
                "air_aman": kk * 0.2, "air_layak_dasar": kk * 0.5, "air_layak_terbatas": kk * 0.1,
                "air_tidak_layak": kk * 0.15, "air_tanpa_akses": kk * 0.05,
                "sampah_timbulan_ton": kk * 1.0, "sampah_dikurangi_ton": kk * 0.1,
                "sampah_ditangani_ton": kk * 0.4, "kk_sampah_terlayani": kk * 0.3,
                "genangan_ha": FLOOD_HA[i], "odf": int(safe >= 30), "stbm": int(i == 0)})
    return pd.DataFrame(rows)


def program() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2023, 2023, 2024, 2024, 2024, 2024],
        "nama_kegiatan": ["IPAL komunal", "Pemicuan STBM", "Tangki septik", "TPS3R",
                          "Saluran drainase", "Truk sampah"],
        "komponen": ["air_limbah", "phbs", "air_limbah", "persampahan", "drainase",
                     "persampahan"],
        "sumber_dana": ["DAK", "APBD Kabupaten", "Dana Desa", "apbn", "APBD Kabupaten",
                        "APBD Kabupaten"],
        "jenis": ["investasi", "O&M", "investasi", "investasi", "investasi", "O&M"],
        "kode_desa": [DESA[0], None, DESA[3], DESA[1], DESA[2], None],
        "rencana_rp": [500e6, 50e6, 300e6, 400e6, 200e6, 600e6],
        "realisasi_rp": [450e6, 50e6, 240e6, 400e6, 100e6, 600e6]})


def budget() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2021, 2022, 2024], "total_apbd_rp": [1000e9, 1100e9, 1000e9],
        "belanja_sanitasi_rp": [20e9, 25e9, 30e9], "dak_sanitasi_rp": [5e9, 6e9, 8e9],
        "pinjaman_hibah_rp": [0.0, 1e9, 2e9]})


def commitments() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2024] * 4, "pihak": ["Kec. Hulu", "Desa Tanjung", "PT Sawit", "Bank Daerah"],
        "jenis_pihak": ["kecamatan", "desa", "swasta", "perbankan"],
        "komponen": ["air_limbah", "air_limbah", "persampahan", "air_limbah"],
        "nilai_rp": [50e6, 100e6, 750e6, 2e9],
        "status": ["disepakati", "terealisasi", "direncanakan", "disepakati"]})


def scored() -> pd.DataFrame:
    f = form2()
    return pd.DataFrame({
        "kode_desa": f["kode_desa"], "nama_desa": f["nama_desa"], "kode_kec": f["kode_kec"],
        "nama_kec": f["nama_kec"],
        "kelas_air_limbah": pd.array([4, 2, 3, 1], dtype="Int64"),
        "kelas_persampahan": pd.array([1, 3, 2, pd.NA], dtype="Int64"),
        "kelas_drainase": pd.array([2, 2, 4, 1], dtype="Int64"),
        "kelas_gabungan": pd.array([4, 3, 4, 1], dtype="Int64")}).set_index(
        "kode_desa", drop=False)


def monev_input(**kw) -> MonevInput:
    d = dict(form2=form2(), access=access(), program=program(), budget=budget(),
             targets=pd.DataFrame({"indikator": ["sanitasi_aman"], "tahun": [2027],
                                   "nilai": [25.0], "sumber": ["SSK 2023–2027"]}),
             commitments=commitments(), kab_code="99.01", kab_name="Kabupaten Sukamaju Rekaan",
             ambang_prioritas=3)
    d.update(kw)
    return MonevInput(**d)


def kinds(warnings) -> list[str]:
    return [w.kind for w in warnings]


# --------------------------------------------------------------------------- catalogue
def test_catalogue_is_complete_and_versioned():
    cat = indicator_catalogue()
    assert cat.index.is_unique
    assert set(cat["arah"]) <= {"naik", "turun"}
    assert set(cat["basis"]) <= {"akses", "anggaran", "program", "sasaran"}
    assert set(cat["versi"]) == {CATALOGUE_VERSION}
    assert cat["nama"].str.len().min() > 3 and cat["rumus"].str.len().min() > 3
    basis_columns = {
        "anggaran": set(sanitation_budget(budget()).table.columns) | {"penduduk"},
        "program": set(program_basis(program()).table.columns),
        "sasaran": set(targeting_basis(program(), scored(), 3).table.columns),
    }
    for code, d in cat.iterrows():
        columns = {k for _, k in parse_formula(d["pembilang"])}
        if d["penyebut"]:
            columns |= {k for _, k in parse_formula(d["penyebut"])}
        if d["basis"] == "akses":    # formula columns must belong to the completeness group
            group = set(COLUMN_GROUPS[d["kelompok"]])
            assert columns <= group | {"desa_genangan", "jumlah_desa"}, code
        else:
            assert columns <= basis_columns[d["basis"]], code


def test_national_targets_with_sources():
    t = national_targets().set_index(["indikator", "tahun"])
    assert t.loc[("sanitasi_layak", 2024), "nilai"] == 90
    assert t.loc[("sanitasi_aman", 2024), "nilai"] == 15
    assert t.loc[("babs_terbuka", 2024), "nilai"] == 0
    assert t.loc[("air_minum_layak", 2024), "nilai"] == 100
    assert t.loc[("air_minum_aman", 2024), "nilai"] == 15
    assert t.loc[("sampah_dikurangi", 2025), "nilai"] == 30
    assert t.loc[("sampah_ditangani", 2025), "nilai"] == 70
    assert t.loc[("sanitasi_aman", 2045), "nilai"] == 70
    assert t.loc[("sanitasi_aman", 2045), "sumber"].startswith("RPJPN")
    assert t.loc[("sampah_ditangani", 2025), "sumber"].startswith("Jakstranas")
    assert set(t.index.get_level_values(0)) <= set(indicator_catalogue().index)


def test_formula_parser():
    assert parse_formula("a + b - c") == [(1, "a"), (1, "b"), (-1, "c")]
    df = pd.DataFrame({"a": [10.0], "b": [2.0], "c": [5.0]})
    assert evaluate_formula("a + b - c", df).iloc[0] == 7.0
    assert evaluate_formula("", df).iloc[0] == 1.0
    for bad in ("a * b", "a b", "1 + a", "a +"):
        with pytest.raises(ValueError):
            parse_formula(bad)


def test_ssk_targets_override_same_year_only():
    ssk = pd.DataFrame({"indikator": ["sanitasi_aman", "sanitasi_layak", "tidak_ada",
                                      "babs_terbuka", "babs_terbuka"],
                        "tahun": [2024, 2029, 2029, 2029, 2029], "nilai": [12, 95, 1, 1, 0],
                        "sumber": ["SSK 2020–2024", "", "", "", "SSK revisi"]})
    t, p = merge_targets(ssk)
    t = t.set_index(["indikator", "tahun"])
    assert t.loc[("sanitasi_aman", 2024), "nilai"] == 12            # SSK replaces RPJMN 15
    assert t.loc[("sanitasi_aman", 2024), "asal"] == "SSK"
    assert t.loc[("sanitasi_aman", 2045), "nilai"] == 70            # RPJPN milestone kept
    assert t.loc[("sanitasi_layak", 2024), "asal"] == "nasional"
    assert t.loc[("sanitasi_layak", 2029), "sumber"] == "SSK"       # blank source → "SSK"
    assert t.loc[("babs_terbuka", 2029), "nilai"] == 0              # last duplicate wins
    assert kinds(p) == ["indikator_tidak_dikenal", "target_ganda"]


# --------------------------------------------------------------------------- ladders
def test_ladder_rollup_is_population_weighted():
    table = access_ladder(access(), form2(), "air_limbah", "kecamatan").table
    hulu = table[(table["kode_unit"] == "99.01.01") & (table["tahun"] == 2024)].iloc[0]
    # Sukamaju 50/100 = 50 %, Mekarsari 30/300 = 10 %: (50 + 30) / 400 = 20 %, not 30 %
    assert hulu["pct_sanitasi_aman"] == pytest.approx(20.0)
    assert hulu["jumlah_kk"] == 400 and hulu["sanitasi_aman"] == 80
    kab = access_ladder(access(), form2(), "air_limbah", "kabupaten", "99.01", "Kab X").table
    k21 = kab[kab["tahun"] == 2021].iloc[0]
    assert k21["pct_sanitasi_aman"] == pytest.approx(9.5)          # 95 / 1000
    assert k21["pct_sanitasi_babs_terbuka"] == pytest.approx(9.0)  # 90 / 1000
    assert (k21["kode_unit"], k21["nama_unit"]) == ("99.01", "Kab X")


def test_ladder_shares_add_to_100_per_unit():
    for comp in ("air_limbah", "air_minum", "persampahan"):
        for level in ("desa", "kecamatan", "kabupaten"):
            table = access_ladder(access(), form2(), comp, level).table
            pct = table[[c for c in table.columns if c.startswith("pct_")]].sum(axis=1)
            assert np.allclose(pct, 100.0), (comp, level)
            assert np.allclose(table["selisih"], 0.0)


def test_missing_years_and_desa_are_reported_not_dropped_silently():
    r = access_ladder(access(), form2(), "air_limbah", "kecamatan")
    w = {p.kind: p for p in r.warnings}
    assert w["tahun_hilang"].year == 2023
    assert "2023" in w["tahun_hilang"].message
    assert w["desa_tanpa_data"].year == 2024 and "99.01.02.2002" in w["desa_tanpa_data"].message
    hilir = r.table[(r.table["kode_unit"] == "99.01.02") & (r.table["tahun"] == 2024)].iloc[0]
    assert (hilir["jumlah_desa_data"], hilir["jumlah_desa_wilayah"]) == (1, 2)


def test_ladder_that_does_not_add_up_is_reported():
    acc = access()
    acc.loc[0, "sanitasi_aman"] = 20            # Sukamaju 2021: rungs now 90 of 100 KK
    acc.loc[1, "kode_desa"] = "99.01.09.9999"   # unknown desa
    acc.loc[2, "air_aman"] = np.nan             # incomplete drinking-water ladder
    r = access_ladder(acc, form2(), "air_limbah", "desa")
    assert {"tangga_tidak_cocok", "desa_tidak_dikenal", "data_tidak_lengkap"} <= set(
        kinds(r.warnings))
    d = r.table.set_index(["kode_unit", "tahun"]).loc[(DESA[0], 2021)]
    assert d["selisih"] == 10 and d["pct_sanitasi_aman"] == 20.0
    drinking = access_ladder(acc, form2(), "air_minum", "kabupaten").table
    # 4 − unknown − blank
    assert drinking.loc[drinking["tahun"] == 2021, "jumlah_desa_data"].iloc[0] == 2


def test_waste_over_reported_is_floored_and_reported():
    acc = access()
    acc.loc[0, "sampah_ditangani_ton"] = 95.0   # 10 + 95 > 100 t
    r = access_ladder(acc, form2(), "persampahan", "desa")
    assert any("melebihi timbulan" in p.message for p in r.warnings)
    d = r.table.set_index(["kode_unit", "tahun"]).loc[(DESA[0], 2021)]
    assert d["sampah_tidak_terkelola_ton"] == 0 and d["selisih"] == pytest.approx(-5.0)


def test_genangan_and_odf_counts():
    t = drainage_stbm_table(access(), form2(), "kabupaten").table.set_index("tahun")
    assert t.loc[2021, "genangan_ha"] == 6.5
    assert t.loc[2021, "desa_genangan"] == 2 and t.loc[2021, "pct_desa_genangan"] == 50.0
    assert t.loc[2024, "desa_lapor_odf"] == 3
    assert t.loc[2024, "desa_odf"] == 2          # aman ≥ 30: Sukamaju, Mekarsari
    assert t.loc[2024, "pct_desa_odf"] == pytest.approx(200 / 3)
    assert t.loc[2024, "jumlah_desa_wilayah"] == 4


def test_empty_sheet_gives_empty_tables_and_a_warning():
    r = access_ladder(access().iloc[0:0], form2(), "air_limbah", "kecamatan")
    assert len(r.table) == 0 and kinds(r.warnings) == ["sheet_kosong"]
    m = compute_monev(MonevInput(form2=form2()))
    assert m.progress.empty and "sheet_kosong" in kinds(m.warnings)
    assert monev_summary(m)["sanitasi_aman"] is None


# --------------------------------------------------------------------------- progress rule
@pytest.mark.parametrize("needed, years_left, rate, expected", [
    (0.0, 5, -3.0, "sesuai jalur"),             # already reached, whatever the trend
    (-1.0, 0, float("nan"), "sesuai jalur"),    # beyond target at the deadline
    (10.0, 5, 2.0, "sesuai jalur"),             # ratio exactly 1
    (10.0, 5, 1.9999, "berisiko"),              # just below 1
    (10.0, 5, 1.0, "berisiko"),                 # ratio exactly 0.5
    (10.0, 5, 0.9999, "tidak sesuai jalur"),    # just below 0.5
    (10.0, 5, 0.0, "tidak sesuai jalur"),       # stagnant
    (10.0, 5, -1.0, "tidak sesuai jalur"),      # worsening
    (0.1, 0, 99.0, "tidak sesuai jalur"),       # target year reached, not met
    (5.0, -2, 99.0, "tidak sesuai jalur"),      # deadline passed
    (5.0, 3, float("nan"), "tidak dapat dinilai"),
])
def test_status_rule_boundaries(needed, years_left, rate, expected):
    assert progress_status(needed, years_left, rate) == expected


def test_status_rule_threshold_is_an_option_and_printed():
    assert progress_status(10, 5, 1.4, at_risk_threshold=0.7) == "berisiko"
    assert progress_status(10, 5, 1.39, at_risk_threshold=0.7) == "tidak sesuai jalur"
    for phrase in ("sesuai jalur", "berisiko", "tidak sesuai jalur", "0,5", "kuadrat terkecil"):
        assert phrase in STATUS_RULE


def test_trend_is_least_squares_slope():
    assert trend_rate([2020, 2021, 2023], [10.0, 12.0, 16.0]) == pytest.approx(2.0)
    # t̄ = 2021, v̄ = 4: Σ(t−t̄)(v−v̄) = (−1)(−4) + 0 + (1)(2) = 6, Σ(t−t̄)² = 2 → 3
    assert trend_rate([2020, 2021, 2022], [0.0, 6.0, 6.0]) == pytest.approx(3.0)
    assert math.isnan(trend_rate([2024], [5.0]))


def _series(code, year, value, unit="K"):
    return pd.DataFrame({"tingkat": "kabupaten", "kode_unit": unit, "nama_unit": unit,
                         "indikator": code, "tahun": year, "nilai": value})


def test_progress_against_targets_hand_worked():
    series = pd.concat([
        _series("sanitasi_layak", [2022, 2023, 2024], [80.0, 82.0, 84.0]),   # +2/yr
        _series("babs_terbuka", [2023, 2024], [6.0, 5.0]),                   # −1/yr
        _series("sanitasi_belum_layak", [2024], [9.0]),
    ])
    targets = pd.DataFrame({"indikator": ["sanitasi_layak", "sanitasi_layak", "babs_terbuka"],
                            "tahun": [2028, 2026, 2029], "nilai": [96.0, 99.0, 0.0],
                            "sumber": ["SSK", "RPJMN x", "SSK"],
                            "asal": ["SSK", "nasional", "SSK"]})
    p = assess_progress(series, targets).table.set_index("indikator")
    improved = p.loc["sanitasi_layak"]
    # SSK target (2028) preferred over the nearer national one (2026)
    assert (improved["tahun_target"], improved["target"],
            improved["asal_target"]) == (2028, 96.0, "SSK")
    assert improved["selisih"] == 12.0 and improved["sisa_tahun"] == 4
    assert improved["laju_diperlukan"] == pytest.approx(3.0)
    assert improved["laju_teramati"] == pytest.approx(2.0)
    assert improved["rasio_laju"] == pytest.approx(2 / 3)
    assert improved["proyeksi"] == pytest.approx(92.0)
    assert improved["status"] == "berisiko"
    babs = p.loc["babs_terbuka"]                  # lower is better: need −1/yr, trend −1/yr
    assert babs["laju_diperlukan"] == pytest.approx(-1.0)
    assert babs["rasio_laju"] == pytest.approx(1.0) and babs["status"] == "sesuai jalur"
    assert p.loc["sanitasi_belum_layak", "status"] == "tanpa target"
    # evaluated against a chosen year
    p26 = assess_progress(series, targets, target_year=2026).table.set_index("indikator")
    assert p26.loc["sanitasi_layak", "laju_diperlukan"] == pytest.approx(7.5)
    assert p26.loc["sanitasi_layak", "status"] == "tidak sesuai jalur"


def test_progress_reports_gaps_and_stale_data():
    series = _series("sanitasi_aman", [2020, 2021, 2023], [5.0, 6.0, 8.0])
    r = assess_progress(series, year=2025)
    assert {"tahun_hilang", "data_lama"} <= set(kinds(r.warnings))
    row = r.table.iloc[0]
    # nearest target ≥ 2023 is RPJMN 2024 (15 %): needs +7/yr, trend ≈ +1/yr
    assert row["tahun_target"] == 2024 and row["laju_diperlukan"] == pytest.approx(7.0)
    assert row["status"] == "tidak sesuai jalur"


def test_series_from_catalogue_match_ladders_and_hand_values():
    m = monev_input()
    s = indicator_series(m, "kabupaten", scored()).table.set_index(["indikator", "tahun"])
    kab = access_ladder(m.access, m.form2, "air_limbah", "kabupaten", "99.01").table
    k24 = kab[kab["tahun"] == 2024].iloc[0]
    assert s.loc[("sanitasi_aman", 2024), "nilai"] == pytest.approx(k24["pct_sanitasi_aman"])
    assert s.loc[("sanitasi_aman", 2024), "nilai"] == pytest.approx(100 / 6)
    assert s.loc[("sanitasi_aman", 2024), "jumlah_desa_data"] == 3
    assert s.loc[("sanitasi_layak", 2021), "nilai"] == pytest.approx(75.0)  # 750 / 1000
    assert s.loc[("sampah_terkelola", 2021), "nilai"] == pytest.approx(50.0)
    assert s.loc[("genangan_ha", 2021), "nilai"] == 6.5
    assert s.loc[("apbd_murni_sanitasi", 2024), "nilai"] == pytest.approx(2.0)
    assert s.loc[("realisasi_program", 2024), "nilai"] == pytest.approx(1340 / 15)
    assert s.loc[("porsi_om", 2024), "nilai"] == pytest.approx(600 / 13.4)
    # 2024 located spending: Pulau Baru (AL 1) 240, Mekarsari (sampah 3) 400, Tanjung (dr 4) 100
    assert s.loc[("anggaran_desa_prioritas", 2024), "nilai"] == pytest.approx(500 / 7.4)
    kec = indicator_series(m, "kecamatan").table
    assert set(kec["kode_unit"]) == {"99.01.01", "99.01.02"}
    assert "apbd_murni_sanitasi" not in set(kec["indikator"])


# --------------------------------------------------------------------------- budget
def test_apbd_murni_share_per_capita_and_growth():
    population = pd.DataFrame({"tahun": [2021, 2022, 2024], "penduduk": [4000, 4000, 5000]})
    r = sanitation_budget(budget(), population)
    t = r.table.set_index("tahun")
    # 2024: (30 − 8 − 2) / 1 000 miliar = 2,0 %
    assert t.loc[2024, "apbd_murni_sanitasi_rp"] == 20e9
    assert t.loc[2024, "pct_apbd_murni_sanitasi"] == pytest.approx(2.0)
    assert t.loc[2024, "pct_belanja_sanitasi_apbd"] == pytest.approx(3.0)
    assert t.loc[2021, "pct_apbd_murni_sanitasi"] == pytest.approx(1.5)
    assert t.loc[2024, "belanja_sanitasi_per_kapita"] == pytest.approx(6e6)
    assert t.loc[2024, "apbd_murni_per_kapita"] == pytest.approx(4e6)
    assert t.loc[2022, "pertumbuhan_belanja_sanitasi_pct"] == pytest.approx(25.0)
    assert math.isnan(t.loc[2024, "pertumbuhan_belanja_sanitasi_pct"])   # 2023 missing
    assert "tahun_hilang" in kinds(r.warnings)


def test_apbd_murni_negative_is_reported():
    a = budget().assign(dak_sanitasi_rp=[25e9, 6e9, 8e9])
    assert "apbd_murni_negatif" in kinds(sanitation_budget(a).warnings)


def test_program_plan_vs_realisation_and_categories():
    r = program_summary(program(), by=("tahun", "sumber_dana"))
    t = r.table.set_index(["tahun", "sumber_dana"])
    assert t.loc[(2024, "APBN"), "realisasi_rp"] == 400e6       # "apbn" normalised
    assert t.loc[(2024, "APBD Kabupaten"), "pct_realisasi"] == pytest.approx(700 / 8)
    prog = program()
    prog.loc[0, "sumber_dana"] = "Hibah luar negeri"
    r2 = program_summary(prog, by=("sumber_dana",))
    assert "nilai_tidak_dikenal" in kinds(r2.warnings)
    assert "Hibah luar negeri" in set(r2.table["sumber_dana"])


def test_commitments_recap():
    # the fixture uses the words of workbooks made before the commitment tracker: swasta,
    # perbankan, direncanakan are read as Swasta/CSR, Bank, diusulkan
    r = commitment_summary(commitments()).table
    assert r.loc["Jumlah", "total_rp"] == pytest.approx(2.9e9)
    assert r.loc["Bank", "disepakati_rp"] == 2e9
    assert r.loc["Swasta/CSR", "diusulkan_rp"] == 750e6
    assert r.loc["Jumlah", "pct_terealisasi"] == pytest.approx(100 / 29)
    assert list(r.index) == ["kecamatan", "desa", "Swasta/CSR", "Bank", "Jumlah"]
    assert {"kua_ppas_rp", "dpa_rp"} <= set(r.columns)


# --------------------------------------------------------------------------- targeting
def test_targeting_share_hand_worked():
    r = priority_targeting(program(), scored(), form2(), threshold=3)
    t = r.table.set_index("komponen")
    # air limbah: Sukamaju (kelas 4) 450 + Pulau Baru (kelas 1) 240 → 450 / 690
    assert t.loc["air_limbah", "pct_prioritas"] == pytest.approx(450 / 690 * 100)
    assert t.loc["air_limbah", "pct_kk_prioritas"] == pytest.approx(30.0)   # (100+200)/1000
    assert t.loc["air_limbah", "desa_prioritas"] == 2
    # persampahan: TPS3R in Mekarsari (kelas 3) 400; truck kabupaten-wide 600 kept apart
    assert t.loc["persampahan", "pct_prioritas"] == 100.0
    assert t.loc["persampahan", "tingkat_kabupaten_rp"] == 600e6
    assert t.loc["persampahan", "desa_berkelas"] == 3                       # one <NA>
    assert math.isnan(t.loc["phbs", "pct_prioritas"])                      # only kab-wide
    all_row = t.loc["semua"]
    assert all_row["pct_prioritas"] == pytest.approx(950 / 1190 * 100)
    assert all_row["kegiatan_prioritas"] == 3 and all_row["kegiatan_tingkat_kabupaten"] == 2


def test_targeting_reports_unknown_desa_and_missing_class():
    prog = program()
    prog.loc[2, "kode_desa"] = "99.01.09.9999"
    prog.loc[3, "kode_desa"] = DESA[3]           # persampahan class <NA> there
    r = priority_targeting(prog, scored(), threshold=3)
    assert {"desa_tidak_dikenal", "kelas_kosong"} <= set(kinds(r.warnings))
    assert r.table.set_index("komponen").loc["semua", "tanpa_kelas_rp"] == 640e6


def test_targeting_follows_the_method_threshold():
    """ambang_prioritas 4: only class 4 is a priority; the scored table's flags agree."""
    t4 = priority_targeting(program(), scored(), form2(), threshold=4).table.set_index(
        "komponen")
    # air limbah: Sukamaju (kelas 4) 450 stays; Mekarsari's persampahan class 3 drops out
    assert t4.loc["air_limbah", "desa_prioritas"] == 1
    assert t4.loc["persampahan", "pct_prioritas"] == 0.0
    flagged = scored().assign(**{f"prioritas_{c}": scored()[f"kelas_{c}"].fillna(0) >= 4
                                 for c in ("air_limbah", "persampahan", "drainase",
                                           "gabungan")})
    by_flags = priority_targeting(program(), flagged, form2()).table.set_index("komponen")
    pd.testing.assert_frame_equal(by_flags, t4)
    s4 = stunting_overlap(scored(), form2(), threshold=4).table.set_index("komponen")
    assert s4.loc["gabungan", "desa_prioritas"] == 2
    with pytest.raises(ValueError, match="ambang prioritas"):
        priority_targeting(program(), scored(), form2())


def test_priority_desa_that_are_stunting_focus():
    t = stunting_overlap(scored(), form2(), threshold=3).table.set_index("komponen")
    assert t.loc["air_limbah", "desa_prioritas_dan_lokus"] == 2
    assert t.loc["air_limbah", "daftar_desa"] == "Sukamaju, Tanjung"
    assert t.loc["persampahan", "desa_prioritas_dan_lokus"] == 0
    assert t.loc["gabungan", "pct_prioritas_lokus"] == pytest.approx(200 / 3)
    assert t.loc["gabungan", "pct_lokus_tercakup"] == 100.0


# --------------------------------------------------------------------------- summary
def test_summary_row_is_flat_comparable_and_json_ready():
    m = compute_monev(monev_input(), scored())
    s = monev_summary(m)
    json.dumps(s)
    assert s["kode_kab"] == "99.01" and s["tahun_data_akses"] == 2024
    assert s["sanitasi_aman"] == pytest.approx(100 / 6)
    assert s["status_sanitasi_aman"] == "berisiko"      # SSK 25 % in 2027: 2.78/yr vs 2.36/yr
    assert s["apbd_murni_sanitasi"] == pytest.approx(2.0)
    assert s["desa_prioritas_lokus_stunting"] == 2 and s["komitmen_total_rp"] == 2.9e9
    assert s["jumlah_peringatan"] == len(m.warnings) > 0
    s2 = dict(s, kode_kab="99.02", nama_kab="Kab Y")
    prov = province_summary([s2, s])
    assert list(prov.index) == ["99.01", "99.02"]


# --------------------------------------------------------------------------- properties
_desa_lists = st.lists(
    st.tuples(st.integers(0, 3),                              # kecamatan
              st.lists(st.integers(0, 500), min_size=5, max_size=5)),  # rung counts
    min_size=1, max_size=12)


def _from_desa(desa):
    codes = [f"99.01.0{k + 1}.{2001 + i}" for i, (k, _) in enumerate(desa)]
    f2 = pd.DataFrame({"kode_desa": codes, "kode_kec": [f"99.01.0{k + 1}" for k, _ in desa]})
    acc = pd.DataFrame({"tahun": 2024, "kode_desa": codes,
                       **{c: [r[j] for _, r in desa] for j, c in enumerate(
                           ["sanitasi_aman", "sanitasi_layak_sendiri", "sanitasi_layak_bersama",
                            "sanitasi_belum_layak", "sanitasi_babs_terbuka"])}})
    acc["jumlah_kk"] = acc[[c for c in acc.columns if c.startswith("sanitasi")]].sum(axis=1)
    return acc, f2


@settings(max_examples=20, deadline=None)
@given(_desa_lists)
def test_property_shares_sum_to_100(desa):
    acc, f2 = _from_desa(desa)
    prepared = prepare_access(acc, f2)
    for level in ("desa", "kecamatan", "kabupaten"):
        table = access_ladder(acc, f2, "air_limbah", level, prepared=prepared).table
        pct = table[[c for c in table.columns if c.startswith("pct_")]].sum(axis=1)
        has_kk = table["jumlah_kk"] > 0
        assert np.allclose(pct[has_kk], 100.0)
        assert pct[~has_kk].isna().all() or (pct[~has_kk] == 0).all()


@settings(max_examples=20, deadline=None)
@given(_desa_lists)
def test_property_rollup_is_kk_weighted_mean_of_desa_shares(desa):
    acc, f2 = _from_desa(desa)
    prepared = prepare_access(acc, f2)
    d = access_ladder(acc, f2, "air_limbah", "desa", prepared=prepared).table.merge(
        f2, left_on="kode_unit", right_on="kode_desa")
    kec = access_ladder(acc, f2, "air_limbah", "kecamatan",
                        prepared=prepared).table.set_index("kode_unit")
    kab = access_ladder(acc, f2, "air_limbah", "kabupaten", prepared=prepared).table.iloc[0]
    for kec_code, g in d[d["jumlah_kk"] > 0].groupby("kode_kec"):
        w = g["jumlah_kk"] / g["jumlah_kk"].sum()
        assert kec.loc[kec_code, "pct_sanitasi_aman"] == pytest.approx(
            (w * g["pct_sanitasi_aman"]).sum())
    assert kab["jumlah_kk"] == kec["jumlah_kk"].sum() == acc["jumlah_kk"].sum()
    assert kab["sanitasi_aman"] == kec["sanitasi_aman"].sum()


# --------------------------------------------------------------------------- charts
SCHEME = ClassScheme(4, ("Rendah", "Sedang", "Tinggi", "Sangat tinggi"), 3)


def _gdf():
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import box

    g = scored()
    geom = [box(113.0 + 0.05 * (i % 2), -1.0 + 0.05 * (i // 2), 113.05 + 0.05 * (i % 2),
                -0.95 + 0.05 * (i // 2)) for i in range(len(g))]
    return geopandas.GeoDataFrame(g, geometry=geom, crs="EPSG:4326")


def test_every_chart_renders_to_png(tmp_path: Path):
    from ppsp_analysis.monev import charts, maps

    m = compute_monev(monev_input(), scored())
    figs = {
        "tangga": charts.ladder_chart(m.ladders["air_limbah"]["kecamatan"], "air_limbah",
                                      kabupaten_ladder=m.ladders["air_limbah"]["kabupaten"],
                                      source="uji", note="DATA SINTETIS"),
        "tangga_sampah": charts.ladder_chart(m.ladders["persampahan"]["desa"], "persampahan"),
        "tren": charts.trend_chart(m.series, ["sanitasi_layak", "sanitasi_aman", "babs_terbuka"],
                                   m.targets, m.progress, source="uji"),
        "tren_rp": charts.trend_chart(m.series, "belanja_sanitasi_per_kapita"),
        "sumber_dana": charts.funding_source_chart(program()),
        "realisasi": charts.realisation_chart(program()),
        "sasaran": charts.targeting_chart(m.targeting, period="2023–2024"),
        "status": charts.status_chart(m.progress),
        "peta": maps.targeting_map(_gdf(), program(), "air_limbah", kab_name="Kab X",
                                   classes=SCHEME),
        "peta_tahun": maps.targeting_map(_gdf(), program(), "persampahan", year=2024,
                                         classes=SCHEME),
    }
    import matplotlib.pyplot as plt

    for name, fig in figs.items():
        path = tmp_path / f"{name}.png"
        fig.savefig(path, dpi=50)
        plt.close(fig)
        assert path.stat().st_size > 4000, name
    txt = [t.get_text() for t in figs["tangga"].texts]
    assert "DATA SINTETIS" in txt


def test_demo_package_if_available():
    root = Path(__file__).resolve().parents[1] / "data" / "demo"
    packages = sorted(root.glob("99.01-*"))
    if not packages:
        pytest.skip("demo data not generated")
    pytest.importorskip("ppsp_analysis.pipeline")
    from ppsp_analysis import load_package, score_package

    pkg = load_package(packages[0])
    scored_desa = score_package(pkg).desa
    m = compute_monev(MonevInput.from_package(pkg), scored_desa)
    s = monev_summary(m)
    assert s["kode_kab"] == pkg.kode and s["sanitasi_layak"] is not None
    kab = m.ladders["air_limbah"]["kabupaten"]
    pct = kab[[c for c in kab.columns if c.startswith("pct_")]].sum(axis=1)
    assert np.allclose(pct, 100.0)
    assert 0 <= s["anggaran_desa_prioritas"] <= 100
