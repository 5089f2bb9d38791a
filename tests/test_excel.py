"""The Excel hand-off: ``tabel.xlsx`` / ``skor_desa.xlsx`` layout (titles row, key row, Excel
Table, number formats, frozen ids, charts) and the input-workbook layout, read back with
openpyxl. Small DataFrames only; the full run is checked in test_report_run."""

from __future__ import annotations

from types import SimpleNamespace

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, LineChart
from shapely.geometry import box

from ppsp_analysis.io import read_default_method
from ppsp_analysis.io.writers import (
    CONTENTS_SHEET,
    DICTIONARY_SHEET,
    _sheet_name,
    write_excel,
    write_scored,
)
from ppsp_analysis.labels import VOCABULARY, UnitNames, method_labels, resolve
from ppsp_analysis.report.excel import BUDGET_SHEET, CHART_SHEET, TREND_SHEET, tabel_workbook
from ppsp_analysis.report.model import Report, Section, table_from_frame
from ppsp_analysis.report.monev import chart_tables

FORMULA = "+cmd|' /C calc'!A0"


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "kode_desa": ["62.10.01.2001", "62.10.01.2002", "62.10.02.2001"],
        "nama_desa": ["Sei Pasah", FORMULA, "=HYPERLINK(\"http://x\")"],
        "penduduk": [1234, 56789, 12],
        "pct_kk_miskin": [15.33742331288344, 0.5, 100.0],
        "realisasi_rp": [1721434000000, 0, None],
        "impact": [2.3333333333, 1.0, 4.0],
        "tahun": [2025, 2025, 2024],
        "catatan": ["@SUM(A1)", "-2+3", "biasa"],
    })


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xl") / "tabel.xlsx"
    report = pd.DataFrame({"Desa": ["A", "B"], "Kecamatan": ["K", "K"],
                           "Penduduk (jiwa)": [10, 20], "Anggaran lain (Rp)": [5.0, 6.0],
                           "Persampahan": [40.1, 48.7], "Drainase": [3, 4]})
    write_excel({"Data Desa": _frame(), "Tabel Laporan": report,
                 "Kosong": pd.DataFrame(columns=["kode_desa", "penduduk"])},
                path, contents=CONTENTS_SHEET)
    return path, openpyxl.load_workbook(path)


def test_titles_row_keys_row_and_number_formats(book):
    _, wb = book
    ws = wb["Data Desa"]
    keys = list(_frame().columns)
    assert [c.value for c in ws[2]] == keys
    titles = [c.value for c in ws[1]]
    assert titles[:3] == ["Kode desa", "Nama desa/kelurahan", "Jumlah penduduk (jiwa)"]
    assert titles[3] == "KK miskin (%)" and titles[4] == "Realisasi anggaran (Rp)"
    assert all(t == VOCABULARY[k].heading for t, k in zip(titles[:7], keys, strict=False))
    fmt = {k: ws.cell(3, j + 1).number_format for j, k in enumerate(keys)}
    assert fmt["penduduk"] == "#,##0"
    assert fmt["pct_kk_miskin"] == "0.0"
    assert fmt["realisasi_rp"] == '"Rp" #,##0'
    assert fmt["impact"] == "0.00"
    assert fmt["tahun"] == "0"  # a year never shows as 2.025
    assert fmt["kode_desa"] == "@"
    # values stay exact: only the display is rounded
    assert ws["D3"].value == 15.33742331288344
    assert ws["E3"].value == 1721434000000
    assert ws["E5"].value is None  # a missing amount is an empty cell, not 0 or "nan"
    assert ws["A3"].value == "62.10.01.2001"  # codes stay text


def test_excel_table_autofilter_and_frozen_ids(book):
    _, wb = book
    ws = wb["Data Desa"]
    (table,) = ws.tables.values()
    assert table.ref == "A2:H5"
    assert table.autoFilter is not None and table.autoFilter.ref == "A2:H5"
    assert [c.name for c in table.tableColumns] == list(_frame().columns)
    assert ws.freeze_panes == "C3"  # titles + keys rows, kode_desa + nama_desa columns
    assert wb["Tabel Laporan"].freeze_panes == "B3"  # the desa name only
    empty = wb["Kosong"]
    assert next(iter(empty.tables.values())).ref == "A2:B3"  # a table needs one (blank) row
    names = [t.name for s in wb for t in s.tables.values()]
    assert len(names) == len(set(names))


def test_pandas_reads_the_keys_with_header_1(book):
    path, _ = book
    back = pd.read_excel(path, sheet_name="Data Desa", header=1, dtype={"kode_desa": str})
    assert list(back.columns) == list(_frame().columns)
    assert back["penduduk"].tolist() == [1234, 56789, 12]
    assert back["pct_kk_miskin"].iloc[0] == 15.33742331288344


def test_report_titles_keep_their_wording_and_get_keys(book):
    _, wb = book
    ws = wb["Tabel Laporan"]
    assert [c.value for c in ws[1]] == ["Desa", "Kecamatan", "Penduduk (jiwa)",
                                        "Anggaran lain (Rp)", "Persampahan", "Drainase"]
    # known titles get the vocabulary key, unknown ones their slug; decimals vs whole
    # numbers tell the IRS component from the class column of the same name
    assert [c.value for c in ws[2]] == ["nama_desa", "nama_kec", "penduduk", "anggaran_lain_rp",
                                        "irs_persampahan", "kelas_drainase"]
    assert ws["C3"].number_format == "#,##0"
    assert ws["D3"].number_format == '"Rp" #,##0'
    assert ws["E3"].number_format == "0.0" and ws["F3"].number_format == "0"


def test_formula_injection_neutralised(book):
    _, wb = book
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    ws = wb["Data Desa"]
    names = [ws.cell(r, 2).value for r in range(3, 6)]
    assert names[1] == "'" + FORMULA and names[2].startswith("'=")
    assert [ws.cell(r, 8).value for r in range(3, 6)] == ["'@SUM(A1)", "'-2+3", "biasa"]


def test_contents_sheet_links_every_sheet(book):
    _, wb = book
    assert wb.sheetnames[0] == CONTENTS_SHEET
    ws = wb[CONTENTS_SHEET]
    assert [c.value for c in ws[2]] == ["no", "lembar", "judul_tabel", "jumlah_baris"]
    listed = [ws.cell(r, 2).value for r in range(3, 6)]
    assert listed == ["Data Desa", "Tabel Laporan", "Kosong"]
    assert ws.cell(3, 2).hyperlink.location == "'Data Desa'!A1"
    assert [ws.cell(r, 4).value for r in range(3, 6)] == [3, 2, 0]


def test_sheet_names_shortened_at_word_boundaries():
    used: set[str] = set()
    long_names = ["Monev Status Capaian terhadap Target",
                  "Monev Tangga Akses Air Limbah Domestik per Kecamatan",
                  "Monev Drainase dan Desa ODF/STBM", "Monev Program: Rencana dan Realisasi"]
    got = [_sheet_name(n, used) for n in long_names]
    assert got == ["Monev Status Capaian Target", "Monev Tangga Akses Air Limbah",
                   "Monev Drainase Desa ODF-STBM", "Monev Program Rencana Realisasi"]
    for name, short in zip(long_names, got, strict=True):
        assert len(short) <= 31
        words = set(name.replace("/", "-").replace(":", "").split()) | {"ODF-STBM"}
        assert set(short.split()) <= words  # whole words only
    again = _sheet_name("Monev Status Capaian terhadap Target", used)
    assert again == "Monev Status Capaian Target (2)"
    assert _sheet_name("Ringkasan", used) == "Ringkasan"


def _fake_monev():
    years = [2021, 2022, 2023, 2024, 2025]
    rows = []
    for code, start in (("sanitasi_layak", 70.0), ("sanitasi_aman", 8.0), ("desa_odf", 20.0)):
        rows += [{"kode_unit": "99.03", "indikator": code, "tahun": t, "nilai": start + i}
                 for i, t in enumerate(years)]
    targets = pd.DataFrame({"indikator": ["sanitasi_layak", "sanitasi_aman", "sanitasi_aman"],
                            "tahun": [2029, 2029, 2045], "nilai": [95.0, 20.0, 70.0],
                            "sumber": ["SSK", "SSK", "RPJPN"], "asal": ["SSK", "SSK", "nasional"]})
    program = pd.DataFrame({"tahun": [2024, 2024, 2025], "komponen": ["air_limbah"] * 3,
                            "sumber_dana": ["APBD Kabupaten", "DAK", "APBD Kabupaten"],
                            "jenis": ["investasi"] * 3, "jumlah_kegiatan": [1, 1, 2],
                            "rencana_rp": [2e9, 1e9, 3e9], "realisasi_rp": [1.5e9, 1e9, 2.5e9],
                            "pct_realisasi": [75.0, 100.0, 83.3]})
    return SimpleNamespace(series=pd.DataFrame(rows), targets=targets, program=program)


@pytest.fixture(scope="module")
def charted(tmp_path_factory):
    units = UnitNames(kelurahan=3)
    area = Report("area_berisiko", "A", {}, sections=[Section("Profil Wilayah", [
        table_from_frame("profil_wilayah", "Profil Wilayah", pd.DataFrame(
            {"kode_kec": ["99.03.01"], "nama_kec": ["K"], "penduduk": [100]}))])])
    monev = Report("monev", "M", {}, sections=[Section("Capaian", [
        table_from_frame("status_capaian", "Status Capaian terhadap Target", pd.DataFrame(
            {"nama": ["Akses sanitasi aman"], "target": [20.0]}))])],
        extra_tables=chart_tables(_fake_monev(), units, ["x"]))
    sheets, charts, labels = tabel_workbook(area, monev)
    path = tmp_path_factory.mktemp("xlc") / "tabel.xlsx"
    write_excel(sheets, path, charts=charts, contents=CONTENTS_SHEET, sheet_labels=labels)
    return sheets, openpyxl.load_workbook(path)


def test_monev_chart_sheets(charted):
    sheets, wb = charted
    assert list(sheets)[:3] == ["Profil Wilayah", CHART_SHEET, "Monev Status Capaian terhadap "
                                "Target"]
    assert "Monev Sumber Data" not in sheets
    trend = wb[TREND_SHEET]
    keys = [c.value for c in trend[2]]
    assert keys[:3] == ["tahun", "nilai_sanitasi_layak", "target_sanitasi_layak"]
    years = [trend.cell(r, 1).value for r in range(3, trend.max_row + 1)]
    assert years == list(range(2021, 2030))  # up to the 2029 target; 2045 is too far ahead
    col = keys.index("target_sanitasi_aman") + 1
    assert trend.cell(3 + 2029 - 2021, col).value == 20.0
    assert trend.cell(1, col).value == "Target akses sanitasi aman (% KK)"
    budget = wb[BUDGET_SHEET]
    assert [c.value for c in budget[2]] == ["tahun", "apbd_kabupaten_rp", "dak_rp", "total_rp"]
    assert [budget.cell(r, 4).value for r in (3, 4)] == [2.5e9, 2.5e9]
    assert budget["B3"].number_format == '"Rp" #,##0'


def test_native_charts_drawn_from_the_data_cells(charted):
    _, wb = charted
    charts = wb[CHART_SHEET]._charts
    lines = [c for c in charts if isinstance(c, LineChart)]
    bars = [c for c in charts if isinstance(c, BarChart)]
    # access (air limbah) and ODF/STBM trends; budget by source
    assert len(lines) == 2 and len(bars) == 1
    assert bars[0].grouping == "stacked"
    assert [s.val.numRef.f for s in bars[0].series] == [
        f"'{BUDGET_SHEET}'!$B$3:$B$4", f"'{BUDGET_SHEET}'!$C$3:$C$4"]
    sanitasi = lines[0]
    refs = [s.val.numRef.f for s in sanitasi.series]
    # value and target of layak, then aman (BABS has no data here)
    assert refs == [f"'{TREND_SHEET}'!${c}$3:${c}$11" for c in "BCDE"]
    assert sanitasi.series[0].cat.numRef.f == f"'{TREND_SHEET}'!$A$3:$A$11"
    target = sanitasi.series[1]
    assert target.spPr.ln.noFill and target.marker.symbol == "diamond"


def _scored() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "kode_desa": ["99.03.01.1001", "99.03.01.1002"], "nama_desa": ["Satu", FORMULA],
        "p_1a": [17.07317073170732, 0.0], "irs_total": [208.5079, 150.1],
        "ind_kepadatan": [3.61, 12.5], "kelas_air_limbah": pd.array([3, pd.NA], dtype="Int64"),
        "prioritas_air_limbah": [True, False], "alasan_air_limbah": [None, "=1+1"],
    }, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")


def test_skor_desa_workbook_and_column_dictionary(tmp_path):
    method = read_default_method()
    csv, xlsx = write_scored(_scored(), tmp_path, {"metode": pd.DataFrame(
        {"opsi": ["a"], "nilai": ["b"]})}, method=method)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["skor_desa", "metode", DICTIONARY_SHEET]
    ws = wb["skor_desa"]
    titles = {k.value: t.value for k, t in zip(ws[2], ws[1], strict=True)}
    assert titles["p_1a"] == "1a Air minum dari sumber tidak terlindungi (% RT)"
    assert titles["ind_kepadatan"] == "Kepadatan penduduk (jiwa/ha)"
    assert titles["kelas_air_limbah"] == "Kelas air limbah domestik (1–4)"
    assert ws.freeze_panes == "C3"
    assert ws["C3"].number_format == "0.0" and ws["C3"].value == 17.07317073170732
    assert ws["F4"].value is None and ws["G3"].value is True
    assert ws["H4"].value == "'=1+1"
    d = pd.read_excel(xlsx, sheet_name=DICTIONARY_SHEET, header=1)
    assert list(d.columns) == ["lembar", "kunci", "judul", "satuan", "format_angka", "arti"]
    rows = d[d["lembar"] == "skor_desa"].set_index("kunci")
    assert list(rows.index) == [c for c in _scored().columns if c != "geometry"]
    assert rows.loc["ind_kepadatan", "satuan"] == "jiwa/ha"
    assert rows.loc["kode_desa", "format_angka"] == "Teks (@)"
    assert rows["arti"].notna().all()  # every column is explained
    assert method_labels(method)["ind_kepadatan"].meaning in set(rows["arti"])
    assert "'" + FORMULA in set(pd.read_csv(csv, sep=";", decimal=",")["nama_desa"])


def test_resolve_prefers_extra_labels_and_never_forces_text_on_numbers():
    key, label = resolve("nilai", pd.Series([15, 100]))
    assert key == "nilai" and label.number_format == "#,##0"
    key, label = resolve("Kelas Drainase", pd.Series([1, 4]))
    assert key == "kelas_drainase" and label.title == "Kelas Drainase" and label.fmt == "class"
    key, label = resolve("penduduk", pd.Series(["banyak"]))
    assert label.fmt == "text"


def test_input_layout_stays_readable(tmp_path):
    from ppsp_analysis.io.workbook import read_workbook

    form2 = pd.DataFrame({"kode_desa": ["62.10.01.2001"], "nama_desa": ["Sei Pasah"],
                          "kode_kec": ["62.10.01"], "penduduk": [1500], "luas_ha": [12.5],
                          "pct_sampah_terangkut": [45.0]})
    form1 = pd.DataFrame({"parameter": ["kode_kabupaten", "tahun"], "nilai": ["62.10", 2026]})
    path = write_excel({"Form1": form1, "Form2": form2}, tmp_path / "instrumen.xlsx",
                       layout="data")
    ws = openpyxl.load_workbook(path)["Form2"]
    assert [c.value for c in ws[1]] == list(form2.columns)  # keys in row 1, no title row
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:F2" and not ws.tables
    assert ws["D2"].number_format == "#,##0"
    info, sheets, problems = read_workbook(path)
    assert sheets is not None
    got = sheets["Form2"]
    assert got.loc[0, "penduduk"] == 1500 and got.loc[0, "pct_sampah_terangkut"] == 45.0
    assert got.loc[0, "kode_desa"] == "62.10.01.2001"


def test_duplicate_column_names_get_unique_table_keys(tmp_path):
    df = pd.DataFrame([[1, "=x"], [3, "b"]], columns=["penduduk", "penduduk"])
    ws = openpyxl.load_workbook(write_excel({"a": df}, tmp_path / "d.xlsx"))["a"]
    assert [c.value for c in ws[2]] == ["penduduk", "penduduk_2"]
    assert [c.value for c in ws[3]] == [1, "'=x"]
