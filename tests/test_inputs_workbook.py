"""Robust reading of the instrumen workbook: the messy ways Pokja members really fill it.

The base is the small demo package (Kota Bandar Fiktif, 28 desa). Its Form2 is rewritten in
a messy but valid way and must read back as the same numbers; then the hypothesis test feeds
random cell contents and accepts only clean results or the toolkit's own error type.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from _inputs_helpers import copy_small, edit_workbook, run_cli, set_cached_formula
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppsp_analysis import PPSPError
from ppsp_analysis.io import read_package
from ppsp_analysis.io.workbook import read_workbook
from ppsp_analysis.schema import FORM2_NUMERIC, SHEETS

ID = ["kode_desa", "nama_desa", "kode_kec", "nama_kec"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The demo workbook as read (the reference)."""
    pkg = copy_small(tmp_path_factory.mktemp("ref"))
    _, sheets, problems = read_workbook(pkg / "instrumen.xlsx")
    assert not [p for p in problems if p.severity == "error"]
    return sheets


def _indonesian(v: float) -> str:
    """1234567.5 → '1.234.567,5' (Indonesian grouping and decimal comma)."""
    whole, _, frac = f"{v:.10g}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


def _messy_form2(wb: openpyxl.Workbook, f2: pd.DataFrame) -> None:
    """Replace Form2 by a messy version of ``f2`` (same meaning)."""
    del wb["Form2"]
    ws = wb.create_sheet("form 2 ", 2)                     # other spelling of the sheet name
    ws.append(["FORMULIR 2 – DATA DESA/KELURAHAN"])        # title row above the header
    ws.append([])
    header = []
    for col in f2.columns:
        header.append({"kode_desa": "Kode Desa", "jumlah_kk": "Jumlah KK",
                       "luas_ha": "Luas_ha (ha)", "penduduk": "PENDUDUK (jiwa)",
                       "pct_sampah_terangkut": "pct_sampah_terangkut (%)"}.get(col, col))
    ws.append(header)                                      # header on row 3
    ws.append([f"({c})" for c in f2.columns])              # a units row
    for i, r in enumerate(f2.itertuples(index=False)):
        row = []
        for col, v in zip(f2.columns, r, strict=True):
            if col == "kode_desa":
                v = int(v.replace(".", "")) if i % 2 else v.replace(".", "")
            elif col == "nama_desa":
                v = f"  {v.upper() if i % 3 == 0 else v}   "
            elif col == "luas_ha":
                v = _indonesian(v)
            elif col == "penduduk":
                v = _indonesian(v) if i % 2 else f"{int(v):,}".replace(",", ".")
            elif col == "pct_sampah_terangkut":
                v = f"{_indonesian(v)}%" if i % 2 else v / 100       # 45% or 0,45
            elif col in ("cbd", "rob"):
                v = ["tidak", "ya"][int(v)] if i % 2 else ["Tidak", "YA"][int(v)]
            elif col == "kk_miskin" and i == 0:
                v = -1                                     # replaced by a formula below
            row.append(v)
        ws.append(row)
        if i == 9:
            ws.append(header)                              # a repeated header row
            ws.append([])                                  # and a blank row
    ws.append([None, "JUMLAH", None, None, f2["luas_ha"].sum()])   # total row
    # pct column typed as fractions on even rows: format those cells as percent
    pct_col = list(f2.columns).index("pct_sampah_terangkut") + 1
    for r in range(5, ws.max_row + 1):
        cell = ws.cell(row=r, column=pct_col)
        if isinstance(cell.value, float):
            cell.number_format = "0.0%"
    # nama_kec merged down over the desa of the first kecamatan
    kec_col = list(f2.columns).index("nama_kec") + 1
    first = f2["kode_kec"].iloc[0]
    n_first = int((f2["kode_kec"] == first).sum())
    if n_first > 1:
        letter = ws.cell(row=5, column=kec_col).column_letter
        ws.merge_cells(f"{letter}5:{letter}{4 + n_first}")
    hidden = wb.create_sheet("Catatan lama")               # hidden extra sheet
    hidden.append(["catatan", "abaikan"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Rekap").append(["apa saja", 1, 2, 3])  # visible extra sheet
    wb["Akses"].sheet_state = "hidden"                     # a contract sheet, hidden


def test_messy_form2_reads_as_the_clean_values(tmp_path, clean):
    pkg = copy_small(tmp_path)
    f2 = clean["Form2"].drop(columns="_baris")
    edit_workbook(pkg / "instrumen.xlsx", lambda wb: _messy_form2(wb, f2))
    kk_col = openpyxl.utils.get_column_letter(list(f2.columns).index("kk_miskin") + 1)
    jkk_col = openpyxl.utils.get_column_letter(list(f2.columns).index("jumlah_kk") + 1)
    value = float(f2["kk_miskin"].iloc[0])
    ratio = value / float(f2["jumlah_kk"].iloc[0])
    set_cached_formula(pkg / "instrumen.xlsx", "form 2 ", f"{kk_col}5",
                       f"={jkk_col}5*{ratio!r}", value)
    read, problems = read_package(pkg)
    errors = [p for p in problems if p.severity == "error"]
    assert errors == [], errors
    got = read.sheet("Form2").set_index("kode_desa")
    want = f2.set_index("kode_desa")
    assert list(got.index) == list(want.index)
    for col in FORM2_NUMERIC:
        np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float),
                                   rtol=1e-9, err_msg=col)
    for col in ("nama_desa", "nama_kec", "kode_kec"):
        assert [str(v).lower() for v in got[col]] == [str(v).lower() for v in want[col]], col
    warned = {p.message.split(";")[0] for p in problems if p.severity == "warning"}
    assert any("tersembunyi" in w for w in warned)          # hidden Akses read, reported
    assert len(read.sheet("Akses")) == 140
    assert any("jumlah/total" in w for w in warned)         # total row skipped, reported


def test_formula_without_stored_value_is_an_error_with_a_fix(tmp_path):
    pkg = copy_small(tmp_path)

    def edit(wb):
        ws = wb["Form2"]
        ws["G4"] = "=G3*2"                                  # openpyxl stores no result
    edit_workbook(pkg / "instrumen.xlsx", edit)
    code, _, err = run_cli("validate", pkg)
    assert code == 2
    assert "sel G4 berisi rumus '=G3*2' tanpa hasil yang tersimpan" in err
    assert "simpan (Ctrl+S)" in err


def test_name_only_rows_are_matched_and_reported(tmp_path, clean):
    pkg = copy_small(tmp_path)
    f2 = clean["Form2"]
    target = f2.iloc[[3, 7]]

    def edit(wb):
        ws = wb["Form2"]
        for _, r in target.iterrows():
            ws.cell(row=int(r["_baris"]), column=1).value = None          # no code
            ws.cell(row=int(r["_baris"]), column=3).value = None          # no kecamatan code
        # a typo and a case change in the names
        r0 = int(target.iloc[0]["_baris"])
        ws.cell(row=r0, column=2).value = target.iloc[0]["nama_desa"].upper() + " "
        r1 = int(target.iloc[1]["_baris"])
        name = target.iloc[1]["nama_desa"]
        ws.cell(row=r1, column=2).value = "desa " + name[:-1] + name[-1] * 2
    edit_workbook(pkg / "instrumen.xlsx", edit)
    read, problems = read_package(pkg)
    assert not [p for p in problems if p.severity == "error"]
    got = read.sheet("Form2").set_index("_baris")
    for _, r in target.iterrows():
        assert got.at[int(r["_baris"]), "kode_desa"] == r["kode_desa"]
    notes = [p for p in problems if "dicocokkan dengan" in p.message]
    assert len(notes) == 2 and all(p.severity == "warning" and p.column == "nama_desa"
                                   for p in notes)
    assert "sama persis setelah dinormalkan" in notes[0].message
    assert "kemiripan" in notes[1].message
    code, _, err = run_cli("validate", pkg)
    assert code == 0 and "dicocokkan dengan" in err                # shown to the person


def test_unknown_name_is_an_error_with_candidates(tmp_path, clean):
    pkg = copy_small(tmp_path)
    row = int(clean["Form2"].iloc[2]["_baris"])

    def edit(wb):
        ws = wb["Form2"]
        ws.cell(row=row, column=1).value = None
        ws.cell(row=row, column=2).value = "Kampung Entah Berantah"
    edit_workbook(pkg / "instrumen.xlsx", edit)
    code, _, err = run_cli("validate", pkg)
    assert code == 2
    assert (f"instrumen.xlsx, sheet Form2, baris {row}, kolom nama_desa: nama desa 'Kampung "
            "Entah Berantah' tidak ditemukan") in err


def test_header_row_missing_column_is_located(tmp_path):
    pkg = copy_small(tmp_path)
    edit_workbook(pkg / "instrumen.xlsx", lambda wb: wb["Form2"].delete_cols(5))
    code, _, err = run_cli("validate", pkg)
    assert code == 2
    assert "instrumen.xlsx, sheet Form2, kolom luas_ha: kolom wajib tidak ada" in err


def test_excel_date_in_a_number_cell(tmp_path):
    pkg = copy_small(tmp_path)

    def edit(wb):
        wb["Form2"]["E6"] = dt.datetime(2025, 5, 1)         # "1.5" auto-converted by Excel
    edit_workbook(pkg / "instrumen.xlsx", edit)
    code, _, err = run_cli("validate", pkg)
    assert code == 2
    assert "kolom luas_ha: nilai tanggal 2025-05-01 bukan angka (sel E6)" in err
    assert "format sel sebagai Number" in err


# --- hypothesis: random cell contents ---------------------------------------------------------

_ILLEGAL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"}
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).filter(
    lambda s: not (set(s) & _ILLEGAL))
_cell = st.one_of(
    st.none(), _text, st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)),
    st.sampled_from(["12,5", "1.234.567", "Rp 1.500.000", "45%", "0,45", "ya", "tidak",
                     "6210012001", "-", "#DIV/0!", "=A1+1", "(1.000)", "1,5 juta", " 7 "]),
)


def _small_workbook(path: Path, cells: list, header_noise: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(["parameter", "nilai"])
    for k, v in (("nama_pokja", "Pokja"), ("kode_kabupaten", cells[0]),
                 ("nama_kabupaten", "Kab"), ("nama_provinsi", "Prov"), ("tahun", cells[1])):
        ws.append([k, v])
    ws = wb.create_sheet("OPD")
    ws.append(["kode_opd", "nama_opd"])
    ws.append([cells[2], cells[3]])
    ws = wb.create_sheet("Form2")
    cols = list(SHEETS["Form2"].columns)
    ws.append([header_noise if i == 7 else c for i, c in enumerate(cols)])
    k = 4
    for _ in range(3):
        row = []
        for _c in cols:
            row.append(cells[k % len(cells)])
            k += 1
        ws.append(row)
    ws = wb.create_sheet("Persepsi")
    ws.append(list(SHEETS["Persepsi"].columns))
    ws.append(cells[-5:])
    wb.save(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cells=st.lists(_cell, min_size=8, max_size=30), header_noise=_text)
def test_random_cells_give_clean_results_or_our_error(tmp_path, cells, header_noise):
    path = tmp_path / "instrumen.xlsx"
    try:
        _small_workbook(path, cells, header_noise)
    except Exception:                  # openpyxl refuses some values: not our reader's concern
        return
    try:
        form1, sheets, problems = read_workbook(path)
    except PPSPError:
        return
    assert sheets is not None
    for name, spec in SHEETS.items():
        df = sheets[name]
        assert "_baris" in df
        for col in spec.numeric:
            assert df[col].dtype == float, (name, col)
            assert all(math.isnan(v) or math.isfinite(v) for v in df[col]), (name, col)
        for col in ("kode_desa", "kode_kec"):
            if col in df:
                assert all(v is None or isinstance(v, str) for v in df[col]), (name, col)
    assert form1.get("tahun") is None or isinstance(form1["tahun"], int)
    assert form1.get("kode_kabupaten") is None or isinstance(form1["kode_kabupaten"], str)
    for p in problems:
        assert p.file == "instrumen.xlsx" and p.message
        if p.severity == "error":
            assert p.hint, p


def test_percent_typed_as_fractions_is_read_as_percent_and_reported(tmp_path, clean):
    pkg = copy_small(tmp_path)
    f2 = clean["Form2"]

    def edit(wb):
        ws = wb["Form2"]
        col = [c.value for c in ws[1]].index("pct_sampah_terangkut") + 1
        for r, v in zip(f2["_baris"], f2["pct_sampah_terangkut"], strict=True):
            ws.cell(row=int(r), column=col).value = f"{v / 100:.4f}".replace(".", ",")
    edit_workbook(pkg / "instrumen.xlsx", edit)
    read, problems = read_package(pkg)
    np.testing.assert_allclose(read.sheet("Form2")["pct_sampah_terangkut"],
                               f2["pct_sampah_terangkut"], atol=1e-9)
    note = [p for p in problems if p.column == "pct_sampah_terangkut"]
    assert len(note) == 1 and note[0].severity == "warning" and "dikali 100" in note[0].message


def test_form1_without_header_with_labels_and_numeric_code(tmp_path):
    pkg = copy_small(tmp_path)

    def edit(wb):
        ws = wb["Form1"]
        ws.delete_rows(1)                                   # no header row at all
        ws["A2"] = "Kode kabupaten/kota"                    # the template's label
        ws["B2"] = 99.03                                    # typed as a number
        ws["A5"] = "Tahun analisis"
        ws["B5"] = "2.026"                                  # Indonesian thousands dot
    edit_workbook(pkg / "instrumen.xlsx", edit)
    read, problems = read_package(pkg)
    assert [p for p in problems if p.severity == "error"] == []
    assert read.form1["kode_kabupaten"] == "99.03" and read.form1["tahun"] == 2026
