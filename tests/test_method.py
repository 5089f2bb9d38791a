"""Method options: merging metode.yaml over the defaults and checking the result."""

from __future__ import annotations

import copy
import shutil

import pytest

from ppsp_analysis._errors import MethodError
from ppsp_analysis.io import read_default_method, read_package
from ppsp_analysis.method import (
    active_indicators,
    check_method,
    class_labels,
    merge_method,
    validate_method,
)


@pytest.fixture()
def defaults() -> dict:
    return read_default_method()


def test_defaults_are_valid(defaults):
    assert validate_method(defaults) == []
    assert check_method(defaults) is defaults


def test_merge_is_deep_and_does_not_mutate(defaults):
    before = copy.deepcopy(defaults)
    user = {"exposure": {"bobot": {"air_limbah": {"sekunder": 50}}},
            "persepsi": {"agregasi": "median"}}
    user_before = copy.deepcopy(user)
    m = merge_method(defaults, user)
    assert m["exposure"]["bobot"]["air_limbah"] == {"sekunder": 50, "irs": 1, "persepsi": 1}
    assert m["exposure"]["bobot"]["drainase"] == before["exposure"]["bobot"]["drainase"]
    assert m["persepsi"] == {**before["persepsi"], "agregasi": "median"}
    assert defaults == before and user == user_before
    assert merge_method(defaults, None) == defaults
    assert merge_method(defaults, {}) is not defaults


def test_merge_sekunder_group_replaces_whole_group(defaults):
    # an indicator group written by the user replaces the default group (so indicators can
    # be dropped); the groups not written keep their defaults
    m = merge_method(defaults, {"sekunder": {"impact": {
        "kepadatan": {"rumus": "penduduk / luas_ha", "arah": 1, "bobot": 2}}}})
    assert list(m["sekunder"]["impact"]) == ["kepadatan"]
    assert m["sekunder"]["air_limbah"] == defaults["sekunder"]["air_limbah"]
    assert validate_method(m) == []


def test_merge_open_sections_accept_new_keys(defaults):
    m = merge_method(defaults, {"ehra": {"bobot_subindikator": {"2a": 2}},
                                "kelas": {"label_area": {1: "Risiko rendah"}}})
    assert m["ehra"]["bobot_subindikator"] == {"2a": 2}
    assert m["kelas"]["label_area"] == {1: "Risiko rendah"}
    assert validate_method(m) == []
    # the Pokja's own wording of one class; the others keep the named set
    assert class_labels(m) == {1: "Risiko rendah", 2: "Berisiko rendah", 3: "Berisiko tinggi",
                               4: "Berisiko sangat tinggi"}
    assert class_labels(m, "irs") == class_labels(defaults, "irs")


def test_class_label_sets(defaults):
    # default pedoman2017: area-berisiko classes in the 2017 Pedoman wording, IRS classes in
    # the EHRA-report wording; "lama" is the older wording for both
    assert defaults["kelas"]["label"] == "pedoman2017"
    assert class_labels(defaults) == {1: "Berisiko sangat rendah", 2: "Berisiko rendah",
                                      3: "Berisiko tinggi", 4: "Berisiko sangat tinggi"}
    assert class_labels(defaults, "irs") == {1: "Kurang berisiko", 2: "Berisiko sedang",
                                             3: "Berisiko tinggi", 4: "Berisiko sangat tinggi"}
    lama = merge_method(defaults, {"kelas": {"label": "lama"}})
    assert validate_method(lama) == []
    assert class_labels(lama) == class_labels(lama, "irs") == class_labels(defaults, "irs")
    assert class_labels(None) == class_labels(defaults)
    with pytest.raises(ValueError, match="jenis label"):
        class_labels(defaults, "strata")


def test_old_style_label_dict_is_an_error_naming_the_new_keys(defaults):
    m = merge_method(defaults, {"kelas": {"label": {1: "Risiko rendah"}}})
    problems = validate_method(m)
    assert len(problems) == 1
    assert "kelas.label" in problems[0] and "pedoman2017, lama" in problems[0]
    assert "kelas.label_area" in problems[0]


@pytest.mark.parametrize(("user", "named"), [
    ({"persepsi": {"agregsi": "mean"}}, "persepsi.agregsi"),
    ({"expsure": {"bobot": {}}}, "expsure"),
    ({"exposure": {"bobot": {"air_limbah": {"sekundr": 1}}}},
     "exposure.bobot.air_limbah.sekundr"),
    ({"area_berisiko": {"metode": "tetap_4_8_12"}}, "area_berisiko.metode"),
])
def test_misspelled_option_raises_method_error_naming_it(defaults, user, named):
    with pytest.raises(MethodError) as exc:
        merge_method(defaults, user)
    assert f"'{named}'" in str(exc.value)
    assert "metode.yaml" in str(exc.value)


@pytest.mark.parametrize(("path", "bad", "choices"), [
    (("ehra", "unit_irs"), "kabupaten", ["desa", "strata"]),
    (("ehra", "agregasi"), "median", ["mean", "sum", "weighted"]),
    (("persepsi", "agregasi"), "rata", ["mean", "median", "mode"]),
    (("persepsi", "pembulatan"), "round", ["none", "half_up"]),
    (("exposure", "sumber_hilang"), "nol", ["tidak_ada_data", "normalisasi_ulang"]),
    (("area_berisiko", "metode_kelas"), "fixed_4_8_12", ["equal_interval", "tetap_4_8_12"]),
    (("gabungan", "metode"), "max", ["maks", "rata_rata"]),
    (("sampel", "metode"), "kemenkes", ["ppsp2014", "kemenkes2021_30", "proporsi_desa"]),
    (("sampel", "pembulatan_krejcie_morgan"), "ceil", ["nearest", "up"]),
    (("kelas", "label"), "pedoman2016", ["pedoman2017", "lama"]),
    (("kelas", "pembulatan_batas"), "round_up", ["half_up", "roundup"]),
    (("ehra", "subindikator_kosong"), "nan", ["abaikan", "nol"]),
    (("kecamatan", "metode"), "rata_rata", ["persen_penduduk_prioritas",
                                           "rerata_ie_tertimbang"]),
])
def test_bad_choice_is_listed_with_the_valid_choices(defaults, path, bad, choices):
    m = merge_method(defaults, {path[0]: {path[1]: bad}})
    problems = validate_method(m)
    assert len(problems) == 1
    text = problems[0]
    assert ".".join(path) in text and repr(bad) in text
    assert all(c in text for c in choices)
    with pytest.raises(MethodError, match="metode.yaml tidak valid"):
        check_method(m)


def test_every_problem_is_reported_at_once(defaults):
    m = merge_method(defaults, {"persepsi": {"agregasi": "rata", "min_opd": 10},
                                "gabungan": {"metode": "max"}})
    problems = validate_method(m)
    assert len(problems) == 3
    with pytest.raises(MethodError) as exc:
        check_method(m)
    assert all(p in str(exc.value) for p in problems)


@pytest.mark.parametrize(("user", "fragment"), [
    ({"kelas": {"jumlah": 1}}, "kelas.jumlah"),
    ({"kelas": {"jumlah": 5}}, "area_berisiko.batas_tetap"),          # 3 bounds for 5 classes
    ({"area_berisiko": {"batas_tetap": [8, 4, 12]}}, "area_berisiko.batas_tetap"),
    ({"exposure": {"bobot": {"persampahan": {"sekunder": 150}}}},
     "exposure.bobot.persampahan.sekunder"),
    ({"exposure": {"bobot": {"persampahan": {"irs": -1}}}}, "exposure.bobot.persampahan.irs"),
    ({"exposure": {"bobot": {"drainase": {"irs": "tinggi"}}}}, "exposure.bobot.drainase.irs"),
    ({"exposure": {"bobot": {"drainase": {"sekunder": 0, "irs": 0, "persepsi": 0}}}},
     "exposure.bobot.drainase"),
    ({"exposure": {"komponen_irs": {"drainase": "banjir"}}}, "exposure.komponen_irs.drainase"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk; 1"}}}}, "sekunder.impact.x.rumus"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk[0]"}}}}, "sekunder.impact.x.rumus"),
    ({"sekunder": {"impact": {"x": {"arah": 1}}}}, "sekunder.impact.x"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk", "arah": 0}}}},
     "sekunder.impact.x.arah"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk", "bobot": 101}}}},
     "sekunder.impact.x"),
    ({"sekunder": {"impact": {}}}, "sekunder.impact"),
    ({"sekunder": {"sanitasi": {"x": {"rumus": "penduduk"}}}}, "sekunder.sanitasi"),
    ({"ehra": {"pemetaan": {"phbs": {"5a": {"kolom": "ctps_5_waktu"}}}}},
     "ehra.pemetaan.phbs.5a"),
    ({"ehra": {"pemetaan": {"perilaku": {}}}}, "ehra.pemetaan.perilaku"),
    ({"ehra": {"agregasi": "weighted", "bobot_subindikator": {"2a": 0}}},
     "ehra.bobot_subindikator"),
    ({"persepsi": {"min_opd": 10}}, "persepsi.min_opd"),
    ({"sampel": {"proporsi": 0}}, "sampel.proporsi"),
    ({"sampel": {"proporsi": 25}}, "sampel.proporsi"),          # a share, not a percent
    ({"sampel": {"proporsi": "25%"}}, "sampel.proporsi"),
    ({"sampel": {"responden_per_desa": 0}}, "sampel.responden_per_desa"),
    ({"kelas": {"label_area": {5: "Lebih"}}}, "kelas.label_area.5"),
    ({"kelas": {"label_irs": {1: ""}}}, "kelas.label_irs.1"),
    ({"kelas": {"label_irs": "kurang"}}, "kelas.label_irs"),
    ({"kecamatan": {"ambang_persen": [50, 25, 75]}}, "kecamatan.ambang_persen"),
    ({"kecamatan": {"ambang_persen": [25, 50]}}, "kecamatan.ambang_persen"),
    ({"kecamatan": {"ambang_persen": [25, 50, 175]}}, "kecamatan.ambang_persen"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk", "aktif": "ya"}}}},
     "sekunder.impact.x.aktif"),
    ({"sekunder": {"impact": {"x": {"rumus": "penduduk", "aktif": False}}}},
     "sekunder.impact: minimal satu indikator aktif"),
])
def test_validate_method_names_the_bad_option(defaults, user, fragment):
    problems = validate_method(merge_method(defaults, user))
    assert problems, f"{user} accepted"
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize("rumus", ["penduduk.__class__", "penduduk.sum()", "1.2.3"])
def test_formula_grammar_rejects_attribute_access(defaults, rumus):
    m = merge_method(defaults, {"sekunder": {"impact": {"x": {"rumus": rumus}}}})
    assert any("sekunder.impact.x.rumus" in p for p in validate_method(m))


def test_formula_grammar_accepts_arithmetic(defaults):
    m = merge_method(defaults, {"sekunder": {"impact": {"x": {
        "rumus": "(kk_miskin + 0.5) / (jumlah_kk - 1) * 100"}}}})
    assert validate_method(m) == []


def test_bad_metode_yaml_in_a_package_is_a_located_problem(tmp_path, demo_dir):
    pkg_dir = tmp_path / "paket"
    shutil.copytree(demo_dir / "99.03-kota-bandar-fiktif", pkg_dir)
    (pkg_dir / "metode.yaml").write_text("persepsi:\n  agregsi: median\n", encoding="utf-8")
    pkg, problems = read_package(pkg_dir)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].file == "metode.yaml" and "persepsi.agregsi" in errors[0].message

    (pkg_dir / "metode.yaml").write_text("gabungan: {metode: max}\n", encoding="utf-8")
    _, problems = read_package(pkg_dir)
    assert [p.file for p in problems if p.severity == "error"] == ["metode.yaml"]
    assert "maks, rata_rata" in problems[0].message

    (pkg_dir / "metode.yaml").write_text("gabungan: [maks\n", encoding="utf-8")
    _, problems = read_package(pkg_dir)
    assert problems[0].file == "metode.yaml" and "YAML" in problems[0].message


def test_new_options_have_documented_defaults(defaults):
    # issue 13: every new option has its default in metode_default.yaml
    assert defaults["sampel"]["pembulatan_krejcie_morgan"] == "nearest"
    assert defaults["sampel"]["metode"] == "ppsp2014"
    assert defaults["sampel"]["proporsi"] == 0.25
    assert defaults["kelas"]["pembulatan_batas"] == "half_up"
    assert defaults["ehra"]["subindikator_kosong"] == "abaikan"
    assert defaults["kecamatan"] == {"metode": "persen_penduduk_prioritas",
                                     "ambang_persen": [25, 50, 75]}
    # the urban/rural IMPACT indicator is documented but off
    urban = defaults["sekunder"]["impact"]["fungsi_urban"]
    assert urban["aktif"] is False and urban["rumus"] == "2 - urban_bps"
    assert "fungsi_urban" not in active_indicators(defaults)["impact"]
    assert list(active_indicators(defaults)["impact"]) == ["jumlah_penduduk", "kepadatan",
                                                           "kemiskinan"]
    on = copy.deepcopy(defaults)
    on["sekunder"]["impact"]["fungsi_urban"]["aktif"] = True
    assert validate_method(on) == []
    assert "fungsi_urban" in active_indicators(on)["impact"]


def test_method_table_prints_the_new_options(defaults):
    from ppsp_analysis.report.area import method_rows as method_table

    table = dict(method_table(defaults).itertuples(index=False))
    assert table["kelas.pembulatan_batas"].startswith("half_up")
    assert table["ehra.subindikator_kosong"].startswith("abaikan")
    assert table["sampel.pembulatan_krejcie_morgan"] == "nearest"
    assert "1 Berisiko sangat rendah" in table["kelas.label"]
    assert "1 Kurang berisiko" in table["kelas.label"]
    assert table["kecamatan.metode"].startswith("persen_penduduk_prioritas (batas 25%, 50%, 75%")
    assert not any(k.endswith("fungsi_urban") for k in table)   # off: not printed
    m = merge_method(defaults, {"kelas": {"pembulatan_batas": "roundup"},
                                "ehra": {"subindikator_kosong": "nol"},
                                "sampel": {"metode": "proporsi_desa", "proporsi": 0.3}})
    table = dict(method_table(m).itertuples(index=False))
    assert table["kelas.pembulatan_batas"].startswith("roundup")
    assert table["ehra.subindikator_kosong"].startswith("nol")
    assert table["sampel.metode"] == "proporsi_desa (30% dari jumlah desa)"
    m["sampel"]["proporsi"] = 0.125
    assert dict(method_table(m).itertuples(index=False))["sampel.metode"] == \
        "proporsi_desa (12,5% dari jumlah desa)"
