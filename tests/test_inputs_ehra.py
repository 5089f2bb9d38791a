"""EHRA household data in the formats it really arrives in: CSV (UTF-8/Windows-1252, comma or
semicolon), XLSX, SPSS ``.sav`` with value labels, KoBo exports (group/question names, label
answers), through the default contract columns or a ``pemetaan_ehra.yaml`` mapping file.

Every format must give the same per-household risk flags as the demo's clean ``ehra.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml
from _inputs_helpers import copy_small, run_cli

from ppsp_analysis.ehra import household_flags
from ppsp_analysis.io import read_default_method, read_package

DEFAULT = read_default_method()["ehra"]["pemetaan"]
QUESTIONS = [spec["kolom"] for subs in DEFAULT.values() for spec in subs.values()]
GROUP = {"sumber_air": "grp_air", "air_limbah": "grp_limbah", "persampahan": "grp_sampah",
         "genangan": "grp_genangan", "phbs": "grp_phbs"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Household flags of the clean demo export (the expected result)."""
    pkg, problems = read_package(copy_small(tmp_path_factory.mktemp("ref")))
    assert pkg is not None
    flags = household_flags(pkg.ehra, DEFAULT).set_axis(pkg.ehra["id_rt"])
    return pkg.ehra.drop(columns="_baris"), flags


def _flags(pkg) -> pd.DataFrame:
    return household_flags(pkg.ehra, pkg.method["ehra"]["pemetaan"]).set_axis(
        pkg.ehra["id_rt"].astype(str))


def _same_flags(pkg, reference_flags: pd.DataFrame) -> None:
    got = _flags(pkg)
    want = reference_flags.loc[got.index]
    for code in want.columns:
        np.testing.assert_array_equal(got[code].to_numpy(), want[code].to_numpy(), err_msg=code)


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("encoding,sep", [("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", "\t")])
def test_csv_encodings_and_separators(tmp_path, reference, encoding, sep):
    ehra, flags = reference
    pkg_dir = copy_small(tmp_path)
    df = ehra.copy()
    df["catatan"] = "Kecamatan Sé"                     # a non-ASCII text column
    df["kode_desa"] = df["kode_desa"].str.replace(".", "", regex=False)   # codes without dots
    df.to_csv(pkg_dir / "ehra.csv", sep=sep, index=False, encoding=encoding)
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    assert pkg.ehra["catatan"].iloc[0] == "Kecamatan Sé"
    _same_flags(pkg, flags)


def test_kobo_xlsx_with_group_names(tmp_path, reference):
    ehra, flags = reference
    pkg_dir = copy_small(tmp_path)
    (pkg_dir / "ehra.csv").unlink()
    df = ehra.rename(columns={spec["kolom"]: f"{GROUP[comp]}/{spec['kolom']}"
                             for comp, subs in DEFAULT.items() for spec in subs.values()})
    df = df.rename(columns={"id_rt": "_uuid", "kode_desa": "lokasi/kode_desa"})
    df["_submission_time"] = "2025-08-01T10:00:00"
    df.to_excel(pkg_dir / "ehra.xlsx", index=False, sheet_name="EHRA 2025")
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    assert any("'_uuid' dipakai sebagai id rumah tangga" in p.message for p in problems)
    _same_flags(pkg, flags)


def test_spss_sav_with_value_labels_and_mapping_file(tmp_path, reference):
    """A questionnaire with its own codes: answers named by their SPSS value labels."""
    ehra, flags = reference
    pkg_dir = copy_small(tmp_path)
    (pkg_dir / "ehra.csv").unlink()
    # the survey coded water sources differently (10 + contract code) and yes/no as 1/0
    sav = pd.DataFrame({
        "IDRT": ehra["id_rt"], "KDDESA": ehra["kode_desa"],
        "UMUR": pd.to_numeric(ehra["umur_responden"]),
        "Q301": pd.to_numeric(ehra["sumber_air_minum"]) + 10,
        "Q305": pd.to_numeric(ehra["kelangkaan_air"]).map({1: 1, 2: 0}),
        "Q410": pd.to_numeric(ehra["babs"]).map({1: 1, 2: 0}),
    })
    sources = {11: "Ledeng", 12: "Sumur bor", 13: "Sumur gali terlindungi",
               14: "Sumur gali tidak terlindungi", 15: "Mata air terlindungi",
               16: "Mata air tidak terlindungi", 17: "Air hujan", 18: "Air sungai",
               19: "Air kemasan"}
    yes_no = {1: "Ya", 0: "Tidak"}
    pyreadstat.write_sav(sav, str(pkg_dir / "ehra.sav"), variable_value_labels={
        "Q301": sources, "Q305": yes_no, "Q410": yes_no})
    mapping = {
        "kolom": {"id_rt": "IDRT", "kode_desa": "KDDESA", "umur_responden": "UMUR"},
        "subindikator": {
            "1a": {"kolom": "Q301", "berisiko": ["Sumur gali tidak terlindungi",
                                                 "Mata air tidak terlindungi", "Air sungai"]},
            "1c": {"kolom": "Q305", "berisiko": ["ya"]},
            "5g": {"kolom": "Q410", "berisiko": ["Ya"], "nama": "Praktik BABS"},
        },
    }
    (pkg_dir / "pemetaan_ehra.yaml").write_text(yaml.safe_dump(mapping), "utf-8")
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    assert set(pkg.method["ehra"]["pemetaan"]) == {"sumber_air", "phbs"}
    got = _flags(pkg)
    want = flags.loc[got.index]
    for code in ("1a", "1c", "5g"):
        np.testing.assert_array_equal(got[code].to_numpy(), want[code].to_numpy(), err_msg=code)
    code, stdout, err = run_cli("validate", pkg_dir)
    assert code == 0, err


def test_kobo_csv_label_answers_with_mapping(tmp_path, reference):
    ehra, flags = reference
    pkg_dir = copy_small(tmp_path)
    labels = {1: "Ya", 2: "Tidak"}
    df = pd.DataFrame({
        "_index": range(1, len(ehra) + 1),
        "identitas/id": ehra["id_rt"],
        "identitas/desa": ehra["kode_desa"],
        "phbs/ctps": pd.to_numeric(ehra["ctps_5_waktu"]).map(labels),
        "phbs/jamban_lalat": pd.to_numeric(ehra["jamban_bebas_lalat"]).map(labels),
    })
    df.loc[df.index[::7], "phbs/ctps"] = "tidak tahu"          # treated as not answered
    df.to_csv(pkg_dir / "ehra.csv", sep=";", index=False)
    mapping = {"kolom": {"id_rt": "identitas/id", "kode_desa": "desa"},
               "tidak_dijawab": ["tidak tahu"],
               "subindikator": {"phbs": {
                   "5a": {"kolom": "ctps", "berisiko": ["Tidak"], "aman": ["Ya"]},
                   "5c": {"kolom": "jamban_lalat", "berisiko": ["Tidak"], "aman": ["Ya"]}}}}
    (pkg_dir / "pemetaan_ehra.yaml").write_text(yaml.safe_dump(mapping), "utf-8")
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    got = _flags(pkg)
    want = flags.loc[got.index]
    assert got["5a"].isna().sum() == len(df.index[::7])
    keep = got["5a"].notna()
    np.testing.assert_array_equal(got.loc[keep, "5a"], want.loc[keep, "5a"])
    np.testing.assert_array_equal(got["5c"], want["5c"])


def test_ehra_warnings_few_households_duplicates_age(tmp_path, reference):
    ehra, _ = reference
    pkg_dir = copy_small(tmp_path)
    df = ehra.copy()
    first = df["kode_desa"].iloc[0]
    df = df.drop(df.index[(df["kode_desa"] == first)][:16])         # 25 households left
    clone = df.iloc[[30]].copy()
    clone["id_rt"] = "salinan-1"                                    # same answers, new id
    df = pd.concat([df, clone])
    df.loc[df.index[40], "umur_responden"] = 72
    df.to_csv(pkg_dir / "ehra.csv", index=False)
    code, _, err = run_cli("validate", pkg_dir)
    assert code == 0, err
    assert f"desa {first} hanya 25 rumah tangga (diharapkan ≥ 40)" in err
    assert "identik dengan rekaman lain" in err
    assert "1 responden berumur di luar 18–60 tahun" in err


def test_desa_given_by_name_only_is_matched_once_per_name(tmp_path, reference):
    ehra, flags = reference
    pkg_dir = copy_small(tmp_path)
    desa = read_package(pkg_dir)[0].desa.set_index("kode_desa")
    df = ehra.copy()
    df["nama_kec"] = df["kode_desa"].map(desa["nama_kec"]).str.upper()
    df["nama_desa"] = "Desa " + df["kode_desa"].map(desa["nama_desa"]) + " "
    df = df.drop(columns="kode_desa")
    df.to_excel(pkg_dir / "ehra.xlsx", index=False)
    (pkg_dir / "ehra.csv").unlink()
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    notes = [p for p in problems if "dicocokkan dengan" in p.message]
    assert len(notes) == ehra["kode_desa"].nunique()                 # one note per desa name
    assert (pkg.ehra["kode_desa"].to_numpy() == ehra["kode_desa"].to_numpy()).all()
    _same_flags(pkg, flags)
