"""Pokja overrides: a row that keeps the instrument's class is a confirmation, not a change.

Counted apart in the executive summary and ``ringkasan``, listed as *dikonfirmasi tanpa
perubahan* in the override table, and warned about (not an error) by ``ppsp validate``.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import DEMO_DIR

from ppsp_analysis import load_package, score_package
from ppsp_analysis.report.area import DIKONFIRMASI, DIUBAH, area_report
from ppsp_analysis.validation import validate_package

PKG = DEMO_DIR / "99.03-kota-bandar-fiktif"


@pytest.fixture(scope="module")
def package():
    """The demo kota with one override that changes a class and one that keeps it."""
    pkg = load_package(PKG)
    instrumen = score_package(pkg).desa
    keep, change = instrumen.index[3], instrumen.index[7]
    kept = int(instrumen.at[keep, "kelas_drainase_instrumen"])
    before = int(instrumen.at[change, "kelas_air_limbah_instrumen"])
    override = pd.DataFrame({
        "kode_desa": [keep, change], "komponen": ["drainase", "air_limbah"],
        "kelas_baru": [kept, 4 if before != 4 else 1],
        "alasan": ["Verifikasi lapangan: kelas sesuai", "Verifikasi lapangan: genangan"],
        "_baris": [2, 3]})
    pkg = dataclasses.replace(pkg, sheets={**pkg.sheets, "Override": override})
    return pkg, keep, change


def test_summary_counts_real_changes_and_names_the_confirmation(package):
    pkg, keep, change = package
    report = area_report(score_package(pkg), pkg)
    assert report.summary["override"] == 1
    assert report.summary["override_tanpa_perubahan"] == 1
    text = " ".join(report.sections[0].paragraphs())
    assert "Pokja menetapkan 1 perubahan kelas (override)" in text
    assert "mengonfirmasi 1 kelas tanpa perubahan" in text
    table = report.table("override").data.set_index("komponen")
    assert table.loc["Drainase", "keputusan"] == DIKONFIRMASI
    assert table.loc["Drainase", "kelas_pokja"] == table.loc["Drainase", "kelas_instrumen"]
    assert table.loc["Air Limbah Domestik", "keputusan"] == DIUBAH
    assert table["no_peta"].notna().all()


def test_only_confirmations_say_no_class_changed(package):
    pkg, keep, _ = package
    only = pkg.sheet("Override").iloc[:1]
    pkg = dataclasses.replace(pkg, sheets={**pkg.sheets, "Override": only})
    report = area_report(score_package(pkg), pkg)
    assert report.summary["override"] == 0
    text = " ".join(report.sections[0].paragraphs())
    assert "perubahan kelas (override)" not in text
    assert "Pokja tidak mengubah kelas hasil instrumen: 1 kelas dikonfirmasi" in text


def test_validate_warns_about_an_override_that_changes_nothing(package):
    pkg, keep, change = package
    problems = validate_package(pkg)
    assert not [p for p in problems if p.severity == "error"]
    warned = [p for p in problems if p.sheet == "Override"]
    assert len(warned) == 1
    p = warned[0]
    assert p.severity == "warning" and p.row == 2 and p.column == "kelas_baru"
    assert p.file == "instrumen.xlsx" and keep in p.message
    assert "tidak mengubah apa pun" in str(p)
