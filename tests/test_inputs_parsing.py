"""Cell-level rules: Indonesian numbers, percentages, codes, flags, headers and name matching."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ppsp_analysis.io.cells import (
    canonical_choice,
    fraction_column,
    normalise_header,
    parse_cell,
    parse_flag,
    parse_number,
)
from ppsp_analysis.matching import best_match, match_desa_names, normalise_name
from ppsp_analysis.schema import normalise_kode


@pytest.mark.parametrize("text,value", [
    ("12,5", 12.5), ("1.234.567", 1234567), ("1.234.567,89", 1234567.89), ("Rp 1.500.000", 1.5e6),
    ("Rp1.500.000,-", 1.5e6), ("Rp. 2.000", 2000), ("IDR 750", 750), ("1,5 juta", 1.5e6),
    ("Rp 2,3 miliar", 2.3e9), ("45%", 45), ("0,45", 0.45), ("1,234,567.5", 1234567.5),
    ("1,234.5", 1234.5), ("3.5", 3.5), ("0.450", 0.45), ("(1.000)", -1000), ("-12", -12),
    ("\u22127", -7), (" 7 ", 7), ("1\u00a0234", 1234), ("", math.nan), ("-", math.nan),
    (None, math.nan), (42, 42), (2.5, 2.5), ("1e3", 1000),
])
def test_indonesian_numbers(text, value):
    got = parse_number(text)
    assert (math.isnan(got) and math.isnan(value)) or got == pytest.approx(value)


@pytest.mark.parametrize("text", ["seribu", "12 KK", "1.2.3", "#REF!", True, dt.date(2025, 1, 1),
                                  "1,2,3", "--5"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.integers(0, 10**12))
def test_thousands_grouping_round_trips(n):
    assert parse_number(f"{n:,}".replace(",", ".")) == n
    assert parse_number(f"Rp {n:,}".replace(",", ".") + ",-") == n


@pytest.mark.parametrize("value,kode", [
    ("6210012001", "62.10.01.2001"), (6210012001, "62.10.01.2001"),
    (6210012001.0, "62.10.01.2001"), (" 62.10.01.2001 ", "62.10.01.2001"),
    ("62.10.1.2001", "62.10.01.2001"), (62.1, "62.10"), (62.01, "62.01"), ("6210", "62.10"),
    (621001, "62.10.01"), ("62", "62"), ("", None), (None, None), ("abc", "abc"),
    ("6211030", "6211030"),                  # a BPS kecamatan code stays visible as such
])
def test_codes(value, kode):
    assert normalise_kode(value) == kode


def test_flags_percent_and_choices():
    assert [parse_flag(v) for v in ("Ya", " TIDAK ", 1, 0.0, "y", "t")] == [1, 0, 1, 0, 1, 0]
    with pytest.raises(ValueError, match="harus 1/ya atau 0/tidak"):
        parse_flag("mungkin")
    assert parse_cell(0.45, "pct", percent_format=True) == 45
    assert parse_cell("45%", "pct") == 45
    assert parse_cell("urban", "urban") == 1 and parse_cell("Perdesaan", "urban") == 2
    assert canonical_choice("swasta / csr", ("Swasta/CSR",)) == "swasta / csr"
    assert canonical_choice("dana  desa", ("Dana Desa",)) == "Dana Desa"
    assert fraction_column([0.45, 0.9, 0.0]) and not fraction_column([45, 0.5])


@pytest.mark.parametrize("header,name", [
    ("Luas_ha (ha)", "luas_ha"), ("Jumlah KK", "jumlah_kk"), (" PENDUDUK [jiwa] ", "penduduk"),
    ("kode-desa*", "kode_desa"), ("Kode desa/kelurahan", "kode_desa_kelurahan"),
])
def test_headers(header, name):
    assert normalise_header(header) == name


def test_name_matching_within_kecamatan():
    desa = pd.DataFrame({
        "kode_desa": ["62.10.01.2001", "62.10.01.2002", "62.10.02.2001", "62.10.02.2002"],
        "nama_desa": ["Tumbang Talaken", "Sepang Kota", "Tumbang Talaken", "Rabambang"],
        "kode_kec": ["62.10.01", "62.10.01", "62.10.02", "62.10.02"],
        "nama_kec": ["Sepang", "Sepang", "Manuhing", "Manuhing"],
    })
    rows = pd.DataFrame({"nama_desa": ["tumbang  TALAKEN", "Desa Tumbang Talaken",
                                       "Rabambbang", "Kelurahan Sepang Kota", "Entah"],
                         "nama_kec": ["Manuhing", None, "manuhing", None, "Sepang"]})
    got = match_desa_names(rows, desa)
    assert [(m.kode, m.status) for m in got] == [
        ("62.10.02.2001", "exact"), (None, "ambiguous"), ("62.10.02.2002", "fuzzy"),
        ("62.10.01.2002", "exact"), (None, "none")]
    assert normalise_name("Kel. Sépang-Kota") == "sepang kota"
    assert best_match("x", desa.iloc[:0], "kode_desa", "nama_desa").status == "none"
