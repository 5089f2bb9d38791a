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

from ppsp_analysis.monev import (  # noqa: E402
    ATURAN_STATUS,
    KELOMPOK,
    VERSI_KATALOG,
    MonevInput,
    anggaran_sanitasi,
    gabung_target,
    hitung_monev,
    katalog_indikator,
    laju_tren,
    monev_summary,
    prioritas_stunting,
    progres,
    rekap_komitmen,
    rekap_program,
    ringkasan_provinsi,
    sasaran_prioritas,
    seri_indikator,
    siapkan_akses,
    status_progres,
    tabel_drainase_stbm,
    tangga_akses,
    target_nasional,
)
from ppsp_analysis.monev.budget import basis_program  # noqa: E402
from ppsp_analysis.monev.catalogue import hitung_rumus, kolom_rumus  # noqa: E402
from ppsp_analysis.monev.targeting import basis_sasaran  # noqa: E402

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
SANITASI = {
    2021: [(100, 30, 40, 0, 20, 10), (300, 15, 200, 25, 40, 20), (200, 10, 100, 10, 50, 30),
           (400, 40, 250, 30, 50, 30)],
    2022: [(100, 40, 40, 0, 15, 5), (300, 21, 210, 24, 30, 15), (200, 14, 110, 16, 40, 20),
           (400, 48, 262, 30, 40, 20)],
    2024: [(100, 50, 40, 0, 10, 0), (300, 30, 230, 20, 20, 0), (200, 20, 130, 20, 20, 10), None],
}
GENANGAN = [0.0, 2.5, 4.0, 0.0]


def akses() -> pd.DataFrame:
    rows = []
    for th, lst in SANITASI.items():
        for i, (kode, v) in enumerate(zip(DESA, lst, strict=True)):
            if v is None:
                continue
            kk, am, ls, lb, bl, bb = v
            rows.append({
                "tahun": th, "kode_desa": kode, "penduduk": kk * 4, "jumlah_kk": kk,
                "sanitasi_aman": am, "sanitasi_layak_sendiri": ls, "sanitasi_layak_bersama": lb,
                "sanitasi_belum_layak": bl, "sanitasi_babs_terbuka": bb,
                "air_aman": kk * 0.2, "air_layak_dasar": kk * 0.5, "air_layak_terbatas": kk * 0.1,
                "air_tidak_layak": kk * 0.15, "air_tanpa_akses": kk * 0.05,
                "sampah_timbulan_ton": kk * 1.0, "sampah_dikurangi_ton": kk * 0.1,
                "sampah_ditangani_ton": kk * 0.4, "kk_sampah_terlayani": kk * 0.3,
                "genangan_ha": GENANGAN[i], "odf": int(am >= 30), "stbm": int(i == 0)})
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


def anggaran() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2021, 2022, 2024], "total_apbd_rp": [1000e9, 1100e9, 1000e9],
        "belanja_sanitasi_rp": [20e9, 25e9, 30e9], "dak_sanitasi_rp": [5e9, 6e9, 8e9],
        "pinjaman_hibah_rp": [0.0, 1e9, 2e9]})


def komitmen() -> pd.DataFrame:
    return pd.DataFrame({
        "tahun": [2024] * 4, "pihak": ["Kec. Hulu", "Desa Tanjung", "PT Sawit", "Bank Daerah"],
        "jenis_pihak": ["kecamatan", "desa", "swasta", "perbankan"],
        "komponen": ["air_limbah", "air_limbah", "persampahan", "air_limbah"],
        "nilai_rp": [50e6, 100e6, 750e6, 2e9],
        "status": ["disepakati", "terealisasi", "direncanakan", "disepakati"]})


def skor() -> pd.DataFrame:
    f = form2()
    return pd.DataFrame({
        "kode_desa": f["kode_desa"], "nama_desa": f["nama_desa"], "kode_kec": f["kode_kec"],
        "nama_kec": f["nama_kec"],
        "kelas_air_limbah": pd.array([4, 2, 3, 1], dtype="Int64"),
        "kelas_persampahan": pd.array([1, 3, 2, pd.NA], dtype="Int64"),
        "kelas_drainase": pd.array([2, 2, 4, 1], dtype="Int64"),
        "kelas_gabungan": pd.array([4, 3, 4, 1], dtype="Int64")}).set_index(
        "kode_desa", drop=False)


def masukan(**kw) -> MonevInput:
    d = dict(form2=form2(), akses=akses(), program=program(), anggaran=anggaran(),
             target=pd.DataFrame({"indikator": ["sanitasi_aman"], "tahun": [2027],
                                  "nilai": [25.0], "sumber": ["SSK 2023–2027"]}),
             komitmen=komitmen(), kode_kab="99.01", nama_kab="Kabupaten Sukamaju Rekaan")
    d.update(kw)
    return MonevInput(**d)


def jenis(peringatan) -> list[str]:
    return [p.jenis for p in peringatan]


# --------------------------------------------------------------------------- catalogue
def test_catalogue_is_complete_and_versioned():
    kat = katalog_indikator()
    assert kat.index.is_unique
    assert set(kat["arah"]) <= {"naik", "turun"}
    assert set(kat["basis"]) <= {"akses", "anggaran", "program", "sasaran"}
    assert set(kat["versi"]) == {VERSI_KATALOG}
    assert kat["nama"].str.len().min() > 3 and kat["rumus"].str.len().min() > 3
    basis_kolom = {
        "anggaran": set(anggaran_sanitasi(anggaran()).tabel.columns) | {"penduduk"},
        "program": set(basis_program(program()).tabel.columns),
        "sasaran": set(basis_sasaran(program(), skor()).tabel.columns),
    }
    for kode, d in kat.iterrows():
        kolom = {k for _, k in kolom_rumus(d["pembilang"])}
        if d["penyebut"]:
            kolom |= {k for _, k in kolom_rumus(d["penyebut"])}
        if d["basis"] == "akses":    # formula columns must belong to the completeness group
            assert kolom <= set(KELOMPOK[d["kelompok"]]) | {"desa_genangan", "jumlah_desa"}, kode
        else:
            assert kolom <= basis_kolom[d["basis"]], kode


def test_national_targets_with_sources():
    t = target_nasional().set_index(["indikator", "tahun"])
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
    assert set(t.index.get_level_values(0)) <= set(katalog_indikator().index)


def test_formula_parser():
    assert kolom_rumus("a + b - c") == [(1, "a"), (1, "b"), (-1, "c")]
    df = pd.DataFrame({"a": [10.0], "b": [2.0], "c": [5.0]})
    assert hitung_rumus("a + b - c", df).iloc[0] == 7.0
    assert hitung_rumus("", df).iloc[0] == 1.0
    for salah in ("a * b", "a b", "1 + a", "a +"):
        with pytest.raises(ValueError):
            kolom_rumus(salah)


def test_ssk_targets_override_same_year_only():
    ssk = pd.DataFrame({"indikator": ["sanitasi_aman", "sanitasi_layak", "tidak_ada",
                                      "babs_terbuka", "babs_terbuka"],
                        "tahun": [2024, 2029, 2029, 2029, 2029], "nilai": [12, 95, 1, 1, 0],
                        "sumber": ["SSK 2020–2024", "", "", "", "SSK revisi"]})
    t, p = gabung_target(ssk)
    t = t.set_index(["indikator", "tahun"])
    assert t.loc[("sanitasi_aman", 2024), "nilai"] == 12            # SSK replaces RPJMN 15
    assert t.loc[("sanitasi_aman", 2024), "asal"] == "SSK"
    assert t.loc[("sanitasi_aman", 2045), "nilai"] == 70            # RPJPN milestone kept
    assert t.loc[("sanitasi_layak", 2024), "asal"] == "nasional"
    assert t.loc[("sanitasi_layak", 2029), "sumber"] == "SSK"       # blank source → "SSK"
    assert t.loc[("babs_terbuka", 2029), "nilai"] == 0              # last duplicate wins
    assert jenis(p) == ["indikator_tidak_dikenal", "target_ganda"]


# --------------------------------------------------------------------------- ladders
def test_ladder_rollup_is_population_weighted():
    tab = tangga_akses(akses(), form2(), "air_limbah", "kecamatan").tabel
    hulu = tab[(tab["kode_unit"] == "99.01.01") & (tab["tahun"] == 2024)].iloc[0]
    # Sukamaju 50/100 = 50 %, Mekarsari 30/300 = 10 %: (50 + 30) / 400 = 20 %, not 30 %
    assert hulu["pct_sanitasi_aman"] == pytest.approx(20.0)
    assert hulu["jumlah_kk"] == 400 and hulu["sanitasi_aman"] == 80
    kab = tangga_akses(akses(), form2(), "air_limbah", "kabupaten", "99.01", "Kab X").tabel
    k21 = kab[kab["tahun"] == 2021].iloc[0]
    assert k21["pct_sanitasi_aman"] == pytest.approx(9.5)          # 95 / 1000
    assert k21["pct_sanitasi_babs_terbuka"] == pytest.approx(9.0)  # 90 / 1000
    assert (k21["kode_unit"], k21["nama_unit"]) == ("99.01", "Kab X")


def test_ladder_shares_add_to_100_per_unit():
    for kom in ("air_limbah", "air_minum", "persampahan"):
        for tingkat in ("desa", "kecamatan", "kabupaten"):
            tab = tangga_akses(akses(), form2(), kom, tingkat).tabel
            pct = tab[[c for c in tab.columns if c.startswith("pct_")]].sum(axis=1)
            assert np.allclose(pct, 100.0), (kom, tingkat)
            assert np.allclose(tab["selisih"], 0.0)


def test_missing_years_and_desa_are_reported_not_dropped_silently():
    r = tangga_akses(akses(), form2(), "air_limbah", "kecamatan")
    w = {p.jenis: p for p in r.peringatan}
    assert w["tahun_hilang"].tahun == 2023
    assert "2023" in w["tahun_hilang"].pesan
    assert w["desa_tanpa_data"].tahun == 2024 and "99.01.02.2002" in w["desa_tanpa_data"].pesan
    hilir = r.tabel[(r.tabel["kode_unit"] == "99.01.02") & (r.tabel["tahun"] == 2024)].iloc[0]
    assert (hilir["jumlah_desa_data"], hilir["jumlah_desa_wilayah"]) == (1, 2)


def test_ladder_that_does_not_add_up_is_reported():
    ak = akses()
    ak.loc[0, "sanitasi_aman"] = 20            # Sukamaju 2021: rungs now 90 of 100 KK
    ak.loc[1, "kode_desa"] = "99.01.09.9999"   # unknown desa
    ak.loc[2, "air_aman"] = np.nan             # incomplete drinking-water ladder
    r = tangga_akses(ak, form2(), "air_limbah", "desa")
    assert {"tangga_tidak_cocok", "desa_tidak_dikenal", "data_tidak_lengkap"} <= set(
        jenis(r.peringatan))
    d = r.tabel.set_index(["kode_unit", "tahun"]).loc[(DESA[0], 2021)]
    assert d["selisih"] == 10 and d["pct_sanitasi_aman"] == 20.0
    am = tangga_akses(ak, form2(), "air_minum", "kabupaten").tabel
    assert am.loc[am["tahun"] == 2021, "jumlah_desa_data"].iloc[0] == 2   # 4 − unknown − blank


def test_waste_over_reported_is_floored_and_reported():
    ak = akses()
    ak.loc[0, "sampah_ditangani_ton"] = 95.0   # 10 + 95 > 100 t
    r = tangga_akses(ak, form2(), "persampahan", "desa")
    assert any("melebihi timbulan" in p.pesan for p in r.peringatan)
    d = r.tabel.set_index(["kode_unit", "tahun"]).loc[(DESA[0], 2021)]
    assert d["sampah_tidak_terkelola_ton"] == 0 and d["selisih"] == pytest.approx(-5.0)


def test_genangan_and_odf_counts():
    t = tabel_drainase_stbm(akses(), form2(), "kabupaten").tabel.set_index("tahun")
    assert t.loc[2021, "genangan_ha"] == 6.5
    assert t.loc[2021, "desa_genangan"] == 2 and t.loc[2021, "pct_desa_genangan"] == 50.0
    assert t.loc[2024, "desa_lapor_odf"] == 3
    assert t.loc[2024, "desa_odf"] == 2          # aman ≥ 30: Sukamaju, Mekarsari
    assert t.loc[2024, "pct_desa_odf"] == pytest.approx(200 / 3)
    assert t.loc[2024, "jumlah_desa_wilayah"] == 4


def test_empty_sheet_gives_empty_tables_and_a_warning():
    r = tangga_akses(akses().iloc[0:0], form2(), "air_limbah", "kecamatan")
    assert len(r.tabel) == 0 and jenis(r.peringatan) == ["sheet_kosong"]
    m = hitung_monev(MonevInput(form2=form2()))
    assert m.progres.empty and "sheet_kosong" in jenis(m.peringatan)
    assert monev_summary(m)["sanitasi_aman"] is None


# --------------------------------------------------------------------------- progress rule
@pytest.mark.parametrize("kebutuhan, sisa, laju, harap", [
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
def test_status_rule_boundaries(kebutuhan, sisa, laju, harap):
    assert status_progres(kebutuhan, sisa, laju) == harap


def test_status_rule_threshold_is_an_option_and_printed():
    assert status_progres(10, 5, 1.4, batas_berisiko=0.7) == "berisiko"
    assert status_progres(10, 5, 1.39, batas_berisiko=0.7) == "tidak sesuai jalur"
    for kata in ("sesuai jalur", "berisiko", "tidak sesuai jalur", "0,5", "kuadrat terkecil"):
        assert kata in ATURAN_STATUS


def test_trend_is_least_squares_slope():
    assert laju_tren([2020, 2021, 2023], [10.0, 12.0, 16.0]) == pytest.approx(2.0)
    # t̄ = 2021, v̄ = 4: Σ(t−t̄)(v−v̄) = (−1)(−4) + 0 + (1)(2) = 6, Σ(t−t̄)² = 2 → 3
    assert laju_tren([2020, 2021, 2022], [0.0, 6.0, 6.0]) == pytest.approx(3.0)
    assert math.isnan(laju_tren([2024], [5.0]))


def _seri(kode, tahun, nilai, unit="K"):
    return pd.DataFrame({"tingkat": "kabupaten", "kode_unit": unit, "nama_unit": unit,
                         "indikator": kode, "tahun": tahun, "nilai": nilai})


def test_progress_against_targets_hand_worked():
    seri = pd.concat([
        _seri("sanitasi_layak", [2022, 2023, 2024], [80.0, 82.0, 84.0]),   # +2/yr
        _seri("babs_terbuka", [2023, 2024], [6.0, 5.0]),                   # −1/yr
        _seri("sanitasi_belum_layak", [2024], [9.0]),
    ])
    target = pd.DataFrame({"indikator": ["sanitasi_layak", "sanitasi_layak", "babs_terbuka"],
                           "tahun": [2028, 2026, 2029], "nilai": [96.0, 99.0, 0.0],
                           "sumber": ["SSK", "RPJMN x", "SSK"],
                           "asal": ["SSK", "nasional", "SSK"]})
    p = progres(seri, target).tabel.set_index("indikator")
    lay = p.loc["sanitasi_layak"]
    # SSK target (2028) preferred over the nearer national one (2026)
    assert (lay["tahun_target"], lay["target"], lay["asal_target"]) == (2028, 96.0, "SSK")
    assert lay["selisih"] == 12.0 and lay["sisa_tahun"] == 4
    assert lay["laju_diperlukan"] == pytest.approx(3.0)
    assert lay["laju_teramati"] == pytest.approx(2.0)
    assert lay["rasio_laju"] == pytest.approx(2 / 3)
    assert lay["proyeksi"] == pytest.approx(92.0)
    assert lay["status"] == "berisiko"
    babs = p.loc["babs_terbuka"]                  # lower is better: need −1/yr, trend −1/yr
    assert babs["laju_diperlukan"] == pytest.approx(-1.0)
    assert babs["rasio_laju"] == pytest.approx(1.0) and babs["status"] == "sesuai jalur"
    assert p.loc["sanitasi_belum_layak", "status"] == "tanpa target"
    # evaluated against a chosen year
    p26 = progres(seri, target, tahun_target=2026).tabel.set_index("indikator")
    assert p26.loc["sanitasi_layak", "laju_diperlukan"] == pytest.approx(7.5)
    assert p26.loc["sanitasi_layak", "status"] == "tidak sesuai jalur"


def test_progress_reports_gaps_and_stale_data():
    seri = _seri("sanitasi_aman", [2020, 2021, 2023], [5.0, 6.0, 8.0])
    r = progres(seri, tahun=2025)
    assert {"tahun_hilang", "data_lama"} <= set(jenis(r.peringatan))
    row = r.tabel.iloc[0]
    # nearest target ≥ 2023 is RPJMN 2024 (15 %): needs +7/yr, trend ≈ +1/yr
    assert row["tahun_target"] == 2024 and row["laju_diperlukan"] == pytest.approx(7.0)
    assert row["status"] == "tidak sesuai jalur"


def test_series_from_catalogue_match_ladders_and_hand_values():
    m = masukan()
    s = seri_indikator(m, "kabupaten", skor()).tabel.set_index(["indikator", "tahun"])
    kab = tangga_akses(m.akses, m.form2, "air_limbah", "kabupaten", "99.01").tabel
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
    kec = seri_indikator(m, "kecamatan").tabel
    assert set(kec["kode_unit"]) == {"99.01.01", "99.01.02"}
    assert "apbd_murni_sanitasi" not in set(kec["indikator"])


# --------------------------------------------------------------------------- budget
def test_apbd_murni_share_per_capita_and_growth():
    pend = pd.DataFrame({"tahun": [2021, 2022, 2024], "penduduk": [4000, 4000, 5000]})
    r = anggaran_sanitasi(anggaran(), pend)
    t = r.tabel.set_index("tahun")
    # 2024: (30 − 8 − 2) / 1 000 miliar = 2,0 %
    assert t.loc[2024, "apbd_murni_sanitasi_rp"] == 20e9
    assert t.loc[2024, "pct_apbd_murni_sanitasi"] == pytest.approx(2.0)
    assert t.loc[2024, "pct_belanja_sanitasi_apbd"] == pytest.approx(3.0)
    assert t.loc[2021, "pct_apbd_murni_sanitasi"] == pytest.approx(1.5)
    assert t.loc[2024, "belanja_sanitasi_per_kapita"] == pytest.approx(6e6)
    assert t.loc[2024, "apbd_murni_per_kapita"] == pytest.approx(4e6)
    assert t.loc[2022, "pertumbuhan_belanja_sanitasi_pct"] == pytest.approx(25.0)
    assert math.isnan(t.loc[2024, "pertumbuhan_belanja_sanitasi_pct"])   # 2023 missing
    assert "tahun_hilang" in jenis(r.peringatan)


def test_apbd_murni_negative_is_reported():
    a = anggaran().assign(dak_sanitasi_rp=[25e9, 6e9, 8e9])
    assert "apbd_murni_negatif" in jenis(anggaran_sanitasi(a).peringatan)


def test_program_plan_vs_realisation_and_categories():
    r = rekap_program(program(), per=("tahun", "sumber_dana"))
    t = r.tabel.set_index(["tahun", "sumber_dana"])
    assert t.loc[(2024, "APBN"), "realisasi_rp"] == 400e6       # "apbn" normalised
    assert t.loc[(2024, "APBD Kabupaten"), "pct_realisasi"] == pytest.approx(700 / 8)
    prog = program()
    prog.loc[0, "sumber_dana"] = "Hibah luar negeri"
    r2 = rekap_program(prog, per=("sumber_dana",))
    assert "nilai_tidak_dikenal" in jenis(r2.peringatan)
    assert "Hibah luar negeri" in set(r2.tabel["sumber_dana"])


def test_commitments_recap():
    r = rekap_komitmen(komitmen()).tabel
    assert r.loc["Jumlah", "total_rp"] == pytest.approx(2.9e9)
    assert r.loc["perbankan", "disepakati_rp"] == 2e9
    assert r.loc["Jumlah", "pct_terealisasi"] == pytest.approx(100 / 29)
    assert list(r.index) == ["kecamatan", "desa", "swasta", "perbankan", "Jumlah"]


# --------------------------------------------------------------------------- targeting
def test_targeting_share_hand_worked():
    r = sasaran_prioritas(program(), skor(), form2())
    t = r.tabel.set_index("komponen")
    # air limbah: Sukamaju (kelas 4) 450 + Pulau Baru (kelas 1) 240 → 450 / 690
    assert t.loc["air_limbah", "pct_prioritas"] == pytest.approx(450 / 690 * 100)
    assert t.loc["air_limbah", "pct_kk_prioritas"] == pytest.approx(30.0)   # (100+200)/1000
    assert t.loc["air_limbah", "desa_prioritas"] == 2
    # persampahan: TPS3R in Mekarsari (kelas 3) 400; truck kabupaten-wide 600 kept apart
    assert t.loc["persampahan", "pct_prioritas"] == 100.0
    assert t.loc["persampahan", "tingkat_kabupaten_rp"] == 600e6
    assert t.loc["persampahan", "desa_berkelas"] == 3                       # one <NA>
    assert math.isnan(t.loc["phbs", "pct_prioritas"])                      # only kab-wide
    semua = t.loc["semua"]
    assert semua["pct_prioritas"] == pytest.approx(950 / 1190 * 100)
    assert semua["kegiatan_prioritas"] == 3 and semua["kegiatan_tingkat_kabupaten"] == 2


def test_targeting_reports_unknown_desa_and_missing_class():
    prog = program()
    prog.loc[2, "kode_desa"] = "99.01.09.9999"
    prog.loc[3, "kode_desa"] = DESA[3]           # persampahan class <NA> there
    r = sasaran_prioritas(prog, skor())
    assert {"desa_tidak_dikenal", "kelas_kosong"} <= set(jenis(r.peringatan))
    assert r.tabel.set_index("komponen").loc["semua", "tanpa_kelas_rp"] == 640e6


def test_priority_desa_that_are_stunting_focus():
    t = prioritas_stunting(skor(), form2()).tabel.set_index("komponen")
    assert t.loc["air_limbah", "desa_prioritas_dan_lokus"] == 2
    assert t.loc["air_limbah", "daftar_desa"] == "Sukamaju, Tanjung"
    assert t.loc["persampahan", "desa_prioritas_dan_lokus"] == 0
    assert t.loc["gabungan", "pct_prioritas_lokus"] == pytest.approx(200 / 3)
    assert t.loc["gabungan", "pct_lokus_tercakup"] == 100.0


# --------------------------------------------------------------------------- summary
def test_summary_row_is_flat_comparable_and_json_ready():
    m = hitung_monev(masukan(), skor())
    s = monev_summary(m)
    json.dumps(s)
    assert s["kode_kab"] == "99.01" and s["tahun_data_akses"] == 2024
    assert s["sanitasi_aman"] == pytest.approx(100 / 6)
    assert s["status_sanitasi_aman"] == "berisiko"      # SSK 25 % in 2027: 2.78/yr vs 2.36/yr
    assert s["apbd_murni_sanitasi"] == pytest.approx(2.0)
    assert s["desa_prioritas_lokus_stunting"] == 2 and s["komitmen_total_rp"] == 2.9e9
    assert s["jumlah_peringatan"] == len(m.peringatan) > 0
    s2 = dict(s, kode_kab="99.02", nama_kab="Kab Y")
    prov = ringkasan_provinsi([s2, s])
    assert list(prov.index) == ["99.01", "99.02"]


# --------------------------------------------------------------------------- properties
_desa = st.lists(
    st.tuples(st.integers(0, 3),                              # kecamatan
              st.lists(st.integers(0, 500), min_size=5, max_size=5)),  # rung counts
    min_size=1, max_size=12)


def _dari(desa):
    kode = [f"99.01.0{k + 1}.{2001 + i}" for i, (k, _) in enumerate(desa)]
    f2 = pd.DataFrame({"kode_desa": kode, "kode_kec": [f"99.01.0{k + 1}" for k, _ in desa]})
    ak = pd.DataFrame({"tahun": 2024, "kode_desa": kode,
                       **{c: [r[j] for _, r in desa] for j, c in enumerate(
                           ["sanitasi_aman", "sanitasi_layak_sendiri", "sanitasi_layak_bersama",
                            "sanitasi_belum_layak", "sanitasi_babs_terbuka"])}})
    ak["jumlah_kk"] = ak[[c for c in ak.columns if c.startswith("sanitasi")]].sum(axis=1)
    return ak, f2


@settings(max_examples=20, deadline=None)
@given(_desa)
def test_property_shares_sum_to_100(desa):
    ak, f2 = _dari(desa)
    siap = siapkan_akses(ak, f2)
    for tingkat in ("desa", "kecamatan", "kabupaten"):
        tab = tangga_akses(ak, f2, "air_limbah", tingkat, siap=siap).tabel
        pct = tab[[c for c in tab.columns if c.startswith("pct_")]].sum(axis=1)
        ada = tab["jumlah_kk"] > 0
        assert np.allclose(pct[ada], 100.0)
        assert pct[~ada].isna().all() or (pct[~ada] == 0).all()


@settings(max_examples=20, deadline=None)
@given(_desa)
def test_property_rollup_is_kk_weighted_mean_of_desa_shares(desa):
    ak, f2 = _dari(desa)
    siap = siapkan_akses(ak, f2)
    d = tangga_akses(ak, f2, "air_limbah", "desa", siap=siap).tabel.merge(
        f2, left_on="kode_unit", right_on="kode_desa")
    kec = tangga_akses(ak, f2, "air_limbah", "kecamatan", siap=siap).tabel.set_index("kode_unit")
    kab = tangga_akses(ak, f2, "air_limbah", "kabupaten", siap=siap).tabel.iloc[0]
    for kode_kec, g in d[d["jumlah_kk"] > 0].groupby("kode_kec"):
        w = g["jumlah_kk"] / g["jumlah_kk"].sum()
        assert kec.loc[kode_kec, "pct_sanitasi_aman"] == pytest.approx(
            (w * g["pct_sanitasi_aman"]).sum())
    assert kab["jumlah_kk"] == kec["jumlah_kk"].sum() == ak["jumlah_kk"].sum()
    assert kab["sanitasi_aman"] == kec["sanitasi_aman"].sum()


# --------------------------------------------------------------------------- charts
def _gdf():
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import box

    g = skor()
    geom = [box(113.0 + 0.05 * (i % 2), -1.0 + 0.05 * (i // 2), 113.05 + 0.05 * (i % 2),
                -0.95 + 0.05 * (i // 2)) for i in range(len(g))]
    return geopandas.GeoDataFrame(g, geometry=geom, crs="EPSG:4326")


def test_every_chart_renders_to_png(tmp_path: Path):
    from ppsp_analysis.monev import charts, peta

    m = hitung_monev(masukan(), skor())
    figs = {
        "tangga": charts.grafik_tangga(m.tangga["air_limbah"]["kecamatan"], "air_limbah",
                                       tangga_kab=m.tangga["air_limbah"]["kabupaten"],
                                       sumber="uji", catatan="DATA SINTETIS"),
        "tangga_sampah": charts.grafik_tangga(m.tangga["persampahan"]["desa"], "persampahan"),
        "tren": charts.grafik_tren(m.seri, ["sanitasi_layak", "sanitasi_aman", "babs_terbuka"],
                                   m.target, m.progres, sumber="uji"),
        "tren_rp": charts.grafik_tren(m.seri, "belanja_sanitasi_per_kapita"),
        "sumber_dana": charts.grafik_sumber_dana(program()),
        "realisasi": charts.grafik_realisasi(program()),
        "sasaran": charts.grafik_sasaran(m.sasaran, periode="2023–2024"),
        "status": charts.grafik_status(m.progres),
        "peta": peta.peta_sasaran(_gdf(), program(), "air_limbah", nama_kab="Kab X"),
        "peta_tahun": peta.peta_sasaran(_gdf(), program(), "persampahan", tahun=2024),
    }
    import matplotlib.pyplot as plt

    for nama, fig in figs.items():
        path = tmp_path / f"{nama}.png"
        fig.savefig(path, dpi=50)
        plt.close(fig)
        assert path.stat().st_size > 4000, nama
    txt = [t.get_text() for t in figs["tangga"].texts]
    assert "DATA SINTETIS" in txt


def test_demo_package_if_available():
    root = Path(__file__).resolve().parents[1] / "data" / "demo"
    paket = sorted(root.glob("99.01-*"))
    if not paket:
        pytest.skip("demo data not generated")
    pytest.importorskip("ppsp_analysis.pipeline")
    from ppsp_analysis import load_package, score_package

    pkg = load_package(paket[0])
    sk = score_package(pkg).desa
    m = hitung_monev(MonevInput.dari_paket(pkg), sk)
    s = monev_summary(m)
    assert s["kode_kab"] == pkg.kode and s["sanitasi_layak"] is not None
    kab = m.tangga["air_limbah"]["kabupaten"]
    pct = kab[[c for c in kab.columns if c.startswith("pct_")]].sum(axis=1)
    assert np.allclose(pct, 100.0)
    assert 0 <= s["anggaran_desa_prioritas"] <= 100
