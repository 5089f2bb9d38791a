"""Method options: merging metode.yaml over the defaults and checking the result."""

from __future__ import annotations

import copy
import shutil

import pytest

from ppsp_analysis._errors import MethodError
from ppsp_analysis.io import read_default_method, read_package
from ppsp_analysis.method import check_method, merge_method, validate_method


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
                                "kelas": {"label": {1: "Risiko rendah"}}})
    assert m["ehra"]["bobot_subindikator"] == {"2a": 2}
    assert m["kelas"]["label"][1] == "Risiko rendah"
    assert m["kelas"]["label"][4] == defaults["kelas"]["label"][4]


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
    (("sampel", "metode"), "kemenkes", ["ppsp2014", "kemenkes2021_30"]),
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
