"""Inputs people really have (issue 10, family 5): files as Excel, WhatsApp, e-mail and QGIS
leave them. Each test reads such a file and checks the *data* that comes out (the same
households, flags and desa as the clean demo) or the exact message a person gets; the
bad-input corpus (``test_inputs_corpus.py``, families ``ehra``, ``teks``, ``batas``) checks
the messages end to end through the CLI.
"""

from __future__ import annotations

import json
import re
import time
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from _inputs_helpers import SHARED, SMALL, copy_small, edit_workbook, run_cli
from shapely.affinity import scale, translate

from ppsp_analysis._errors import InputError, PPSPError, Problem, visible
from ppsp_analysis.ehra import household_flags
from ppsp_analysis.io import read_default_method, read_package
from ppsp_analysis.io.boundaries import read_boundaries
from ppsp_analysis.io.ehra_formats import decode_text, read_export, sniff_delimiter
from ppsp_analysis.io.sources import read_desa_source
from ppsp_analysis.schema import clean_invisible, normalise_kode
from ppsp_analysis.validation import overlapping_pairs, validate_package

DEFAULT = read_default_method()["ehra"]["pemetaan"]


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


def _warnings(problems):
    return [p for p in problems if p.severity == "warning"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The clean demo export and its per-household flags (the expected result)."""
    pkg, _ = read_package(copy_small(tmp_path_factory.mktemp("ref")))
    flags = household_flags(pkg.ehra, DEFAULT).set_axis(pkg.ehra["id_rt"])
    raw = pd.read_csv(SMALL / "ehra.csv", dtype=str, keep_default_na=False)
    return raw, flags


def _same_flags(pkg, flags: pd.DataFrame) -> None:
    got = household_flags(pkg.ehra, pkg.method["ehra"]["pemetaan"]).set_axis(pkg.ehra["id_rt"])
    assert len(got) == len(flags)
    want = flags.loc[got.index]
    for code in want.columns:
        np.testing.assert_array_equal(got[code].to_numpy(), want[code].to_numpy(), err_msg=code)


# --- EHRA: encodings and delimiters -----------------------------------------------------------

@pytest.mark.parametrize("name,encode,first_line", [
    ("ehra.txt", lambda t: t.replace(",", "\t").encode("utf-16"), 2),          # Unicode Text
    ("ehra.txt", lambda t: b"\xfe\xff" + t.replace(",", "\t").encode("utf-16-be"), 2),
    ("ehra.csv", lambda t: t.replace(",", ";").encode("utf-16-le"), 2),         # no BOM
    ("ehra.csv", lambda t: ("sep=;\r\n" + t.replace(",", ";")).encode("utf-8-sig"), 3),
    ("ehra.csv", lambda t: t.replace("\n", "\r").encode("utf-8"), 2),           # old Mac
], ids=["utf16-le-bom-tab", "utf16-be-bom-tab", "utf16-no-bom", "sep-line", "cr-only"])
def test_ehra_saved_by_excel_in_other_encodings(tmp_path, reference, name, encode, first_line):
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    text = (SMALL / "ehra.csv").read_text("utf-8").replace("\r\n", "\n")
    (pkg_dir / "ehra.csv").unlink()
    (pkg_dir / name).write_bytes(encode(text))
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == [] and _warnings(problems) == [], problems
    _same_flags(pkg, flags)
    assert pkg.ehra["_baris"].iloc[0] == first_line


def test_windows_1252_with_semicolons_and_decimal_commas(tmp_path, reference):
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    df = raw.copy()
    df["nama_kec"] = "Kecamatan Sé"
    df["umur_responden"] = df["umur_responden"].map(lambda v: f"{v},0" if v else v)
    (pkg_dir / "ehra.csv").write_bytes(df.to_csv(sep=";", index=False).encode("cp1252"))
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    assert [p.message for p in _warnings(problems)] == [
        "file dibaca dengan pengodean Windows-1252 (bukan UTF-8)"]
    assert pkg.ehra["nama_kec"].iloc[0] == "Kecamatan Sé"
    assert pkg.ehra["umur_responden"].iloc[0] == float(raw["umur_responden"].iloc[0])
    _same_flags(pkg, flags)


def test_decode_and_sniff():
    assert decode_text("a\tb".encode("utf-16"))[0] == "a\tb"
    assert decode_text("\ufeffx".encode("utf-32"))[1] == "utf-32-le"
    assert decode_text("Sé".encode()) == ("Sé", "utf-8")
    assert decode_text("Sé".encode("cp1252")) == ("Sé", "cp1252")
    assert sniff_delimiter("a;b;c\n1,5;2,5;3\n") == ";"
    assert sniff_delimiter('a,b\n"x; y; z",2\n') == ","
    assert sniff_delimiter("a|b|c\n1|2|3\n") == "|"


# --- EHRA: structure ----------------------------------------------------------------------------

def test_line_numbers_follow_the_text_file(tmp_path, reference):
    """Quoted cells with line breaks and blank lines: every message names the physical line."""
    raw, _ = reference
    pkg_dir = copy_small(tmp_path)
    df = raw.copy()
    df["catatan"] = ""
    df.loc[[1, 6], "catatan"] = ["rumah di\nbantaran", "dua\nbaris\nlagi"]
    df.loc[[4, 9], "sumber_air_minum"] = "12"
    text = df.to_csv(index=False).replace("\n", "\n\n", 1)           # a blank line after header
    (pkg_dir / "ehra.csv").write_text(text, "utf-8")
    lines = text.split("\n")
    expected = [i + 1 for i, ln in enumerate(lines) if ln.startswith(
        (df.loc[4, "id_rt"] + ",", df.loc[9, "id_rt"] + ","))]
    pkg, problems = read_package(pkg_dir)
    bad = [p for p in _errors(problems) if p.column == "sumber_air_minum"]
    assert [p.row for p in bad] == expected == [8, 15]
    assert pkg is not None
    note = [p for p in _warnings(problems) if "ganti baris" in p.message]
    assert [p.row for p in note] == [4] and "juga 1 rekaman lain" in note[0].message
    raw_read, _, _ = read_export(pkg_dir / "ehra.csv")
    for i, line in zip(raw_read["id_rt"], raw_read["_baris"], strict=True):
        assert lines[line - 1].startswith(f"{i},")


def test_header_only_exports_are_errors_naming_the_file(tmp_path, reference):
    raw, _ = reference
    for name, write in (
            ("ehra.csv", lambda p: p.write_text(",".join(raw.columns) + "\n", "utf-8")),
            ("ehra.xlsx", lambda p: pd.DataFrame(columns=raw.columns).to_excel(p, index=False)),
            ("ehra.csv", lambda p: p.write_text(",".join(raw.columns) + "\n,,,\n\n", "utf-8"))):
        pkg_dir = copy_small(tmp_path, f"p{len(list(tmp_path.iterdir()))}")
        (pkg_dir / "ehra.csv").unlink()
        write(pkg_dir / name)
        _, problems = read_package(pkg_dir)
        errors = _errors(problems)
        assert len(errors) == 1 and errors[0].file == name
        assert errors[0].message.startswith("file EHRA hanya berisi baris judul kolom")
        assert errors[0].row == 1


def test_duplicate_headers_name_both_columns(tmp_path, reference):
    raw, _ = reference
    pkg_dir = copy_small(tmp_path)
    df = raw.copy()
    df.insert(3, "Kode_Desa", df["kode_desa"])
    df.to_csv(pkg_dir / "ehra.csv", index=False)
    _, problems = read_package(pkg_dir)
    (err,) = _errors(problems)
    assert err.message == ("judul kolom 'kode_desa' dan 'Kode_Desa' sama bila spasi dan huruf "
                           "besar/kecil diabaikan: kolom ke-2 dan ke-4 (B dan D di Excel)")
    assert (err.file, err.row, err.column) == ("ehra.csv", 1, "kode_desa")
    (pkg_dir / "ehra.csv").unlink()
    df.to_excel(pkg_dir / "ehra.xlsx", index=False, sheet_name="Data")
    _, problems = read_package(pkg_dir)
    (err,) = _errors(problems)
    assert err.message.endswith(": kolom B dan D") and err.sheet == "Data"


def test_unclosed_quote_is_an_error_not_a_short_file(tmp_path):
    pkg_dir = copy_small(tmp_path)
    lines = (pkg_dir / "ehra.csv").read_text("utf-8").splitlines()
    fields = lines[9].split(",")
    fields[4] = '"' + fields[4]
    lines[9] = ",".join(fields)
    (pkg_dir / "ehra.csv").write_text("\n".join(lines) + "\n", "utf-8")
    _, problems = read_package(pkg_dir)
    (err,) = _errors(problems)
    assert (err.row, err.column) == (10, "sumber_air_minum")
    assert f"{len(lines) - 10} baris berikutnya terbaca sebagai isi satu sel" in err.message
    clean = (SMALL / "ehra.csv").read_text("utf-8").splitlines()[1:]
    big = lines + clean * 30                        # > 128 kB swallowed: csv's field limit
    (pkg_dir / "ehra.csv").write_text("\n".join(big) + "\n", "utf-8")
    _, problems = read_package(pkg_dir)
    (err,) = _errors(problems)
    assert err.row == 10 and "tidak ditutup: sisa file terbaca" in err.message


def test_xlsx_data_behind_instructions_title_rows_and_total_row(tmp_path, reference):
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    (pkg_dir / "ehra.csv").unlink()
    df = raw.copy()
    df.loc[len(df)] = ["TOTAL", *[""] * (df.shape[1] - 1)]
    with pd.ExcelWriter(pkg_dir / "ehra.xlsx") as xw:
        pd.DataFrame({"Petunjuk": ["satu baris per rumah tangga", "kode_desa: Kemendagri"],
                      "Catatan": ["-", "-"]}).to_excel(xw, index=False, sheet_name="Petunjuk")
        df.to_excel(xw, index=False, startrow=2, sheet_name="Sheet2")
    edit_workbook(pkg_dir / "ehra.xlsx", lambda wb: wb["Sheet2"].cell(1, 1, "Data EHRA 2025"))
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    assert sorted((p.sheet, p.row, p.message[:22]) for p in _warnings(problems)) == [
        ("Sheet2", 3, "judul kolom dibaca dar"),
        ("Sheet2", len(raw) + 4, "baris jumlah/total dil")]
    _same_flags(pkg, flags)


def test_not_answered_markers_and_excel_text_idiom(tmp_path, reference):
    """``NA``, ``-``, ``N/A`` mean not answered; ``="9903011001"`` is Excel's way of keeping a
    code as text in a CSV."""
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    lines = (SMALL / "ehra.csv").read_text("utf-8").splitlines()
    header = lines[0].split(",")
    out = [lines[0]]
    markers = iter(["NA", "-", "N/A", "#N/A", "na"] * len(lines))
    for line in lines[1:]:
        fields = line.split(",")
        fields[1] = '="' + fields[1].replace(".", "") + '"'
        fields = [next(markers) if f == "" and i > 1 else f for i, f in enumerate(fields)]
        out.append(",".join(fields))
    assert len(out[1].split(",")) == len(header) and "NA" in "".join(out)
    (pkg_dir / "ehra.csv").write_text("\n".join(out) + "\n", "utf-8")
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == [], problems
    _same_flags(pkg, flags)
    assert pkg.ehra["kode_desa"].iloc[0] == normalise_kode(raw["kode_desa"].iloc[0])


def test_invisible_characters_are_removed_and_named(tmp_path, reference):
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    df = raw.copy()
    df["kode_desa"] = df["kode_desa"].str.replace(".01.", ".01.\u200b", regex=False)
    df.loc[3, "id_rt"] = "\ufeff" + df.loc[3, "id_rt"] + "\u00a0"
    answered = df.index[df["babs"] != ""][0]
    df.loc[answered, "babs"] += "\u2060"
    df.rename(columns={"spal": "spal\u200b"}).to_csv(pkg_dir / "ehra.csv", index=False)
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    warned = {p.column: p for p in _warnings(problems)}
    assert set(warned) == {"kode_desa", "id_rt", "babs"}
    first = int(df.index[df["kode_desa"].str.contains("\u200b")][0]) + 2
    assert warned["kode_desa"].row == first
    assert "U+200B ZERO WIDTH SPACE" in warned["kode_desa"].message
    assert "⟨U+200B⟩" in str(warned["kode_desa"]) and "\u200b" not in str(warned["kode_desa"])
    assert "U+FEFF" in warned["id_rt"].message and warned["id_rt"].row == 5
    assert warned["babs"].row == answered + 2 and "U+2060 WORD JOINER" in warned["babs"].message
    _same_flags(pkg, flags)


def test_header_case_spaces_and_invisible_characters(tmp_path, reference):
    """``\ufeffID_RT``, ``Kode_Desa `` (XLSX export) and an upper-case Form2 header row."""
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    (pkg_dir / "ehra.csv").unlink()
    raw.rename(columns={"id_rt": "\ufeffID_RT", "kode_desa": "Kode_Desa ", "babs": "BABS"}
               ).to_excel(pkg_dir / "ehra.xlsx", index=False)

    def upper(wb):
        for cell in wb["Form2"][1]:
            cell.value = None if cell.value is None else str(cell.value).upper()
    edit_workbook(pkg_dir / "instrumen.xlsx", upper)
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == [], problems
    _same_flags(pkg, flags)


def test_codes_in_excel_scientific_notation(tmp_path, reference):
    raw, flags = reference
    pkg_dir = copy_small(tmp_path)
    df = raw.copy()
    exact = df["kode_desa"].str.replace(".", "", regex=False).map(
        lambda k: f"{k[0]},{k[1:]}E+09")                      # Excel id-ID: all digits kept
    df["kode_desa"] = exact
    df.to_csv(pkg_dir / "ehra.csv", index=False)
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == []
    _same_flags(pkg, flags)
    df["kode_desa"] = raw["kode_desa"].str.replace(".", "", regex=False).map(
        lambda k: f"{float(k):.5E}")                          # digits lost: 9.90301E+09
    df.to_csv(pkg_dir / "ehra.csv", index=False)
    pkg, problems = read_package(pkg_dir)
    errors = validate_package(pkg)
    codes = df["kode_desa"].unique()
    assert len(_errors(errors)) == len(codes)                  # one per code, not per household
    assert all("notasi ilmiah" in p.hint for p in _errors(errors))


def test_name_of_another_desa_in_ehra_is_warned(tmp_path, reference):
    raw, _ = reference
    pkg_dir = copy_small(tmp_path)
    desa = gpd.read_file(pkg_dir / "batas.gpkg", layer="desa")
    names = dict(zip(desa["kode_desa"], desa["nama_desa"], strict=True))
    df = raw.copy()
    df["nama_desa"] = df["kode_desa"].map(names)
    swapped = df["kode_desa"] == df["kode_desa"].iloc[-1]
    df.loc[swapped, "nama_desa"] = names[df["kode_desa"].iloc[0]]
    df.to_csv(pkg_dir / "ehra.csv", index=False)
    _, problems = read_package(pkg_dir)
    (w,) = [p for p in _warnings(problems) if p.column == "nama_desa"]
    assert w.row == int(df.index[swapped][0]) + 2
    assert f"nama itu milik desa {df['kode_desa'].iloc[0]}" in w.message
    assert f"({int(swapped.sum())} rumah tangga" in w.message


# --- boundaries ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def desa() -> gpd.GeoDataFrame:
    return gpd.read_file(SMALL / "batas.gpkg", layer="desa")


def _zip(target, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def _shapefile_bytes(tmp_path, d: gpd.GeoDataFrame, stem: str = "batas") -> dict[str, bytes]:
    folder = tmp_path / f"shp-{stem}"
    folder.mkdir()
    d.to_file(folder / f"{stem}.shp")
    return {f.name: f.read_bytes() for f in folder.iterdir()}


def test_zipped_shapefile_reads_like_the_geopackage(tmp_path, desa):
    pkg_dir = copy_small(tmp_path)
    (pkg_dir / "batas.gpkg").unlink()
    parts = _shapefile_bytes(tmp_path, desa, "Batas Desa Bandar")
    _zip(pkg_dir / "batas.zip", {**{f"SHP/{k}": v for k, v in parts.items()},
                                 "__MACOSX/SHP/._Batas Desa Bandar.shp": b"\0"})
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == [] and pkg.files["batas"] == "batas.zip"
    assert sorted(pkg.desa["kode_desa"]) == sorted(desa["kode_desa"])
    assert pkg.desa.crs == desa.crs
    assert _errors(validate_package(pkg)) == []
    got, _, _ = read_desa_source(pkg_dir / "batas.zip", "99.03")      # ppsp template too
    assert len(got) == len(desa)
    code, out, err = run_cli("validate", pkg_dir)
    assert code == 0, err


def test_zipped_geopackage_and_zip_problems(tmp_path, desa):
    pkg_dir = copy_small(tmp_path)
    gpkg = (pkg_dir / "batas.gpkg").read_bytes()
    (pkg_dir / "batas.gpkg").unlink()
    _zip(pkg_dir / "batas.zip", {"batas.gpkg": gpkg, "LICENSE.txt": b"MIT"})
    pkg, problems = read_package(pkg_dir)
    assert _errors(problems) == [] and len(pkg.desa) == len(desa)
    shp = _shapefile_bytes(tmp_path, desa)
    cases = {
        "without .prj": ({k: v for k, v in shp.items() if not k.endswith(".prj")},
                         "file batas.prj tidak ada di dalam batas.zip: sistem koordinat"),
        "without .dbf": ({k: v for k, v in shp.items() if not k.endswith(".dbf")},
                         "file batas.dbf (tabel atribut) tidak ada di dalam batas.zip"),
        "two files": ({**shp, "lama.geojson": desa.to_json().encode()},
                      None),                                       # batas.shp is preferred
        "two others": ({"a.geojson": b"{}", "b.geojson": b"{}"},
                       "zip berisi beberapa file batas (a.geojson, b.geojson)"),
        "nothing": ({"peta.pdf": b"%PDF"}, "zip tidak berisi file batas"),
    }
    for what, (files, message) in cases.items():
        (pkg_dir / "batas.zip").unlink()
        _zip(pkg_dir / "batas.zip", files)
        _, problems = read_package(pkg_dir)
        got = [p.message for p in _errors(problems) if p.file == "batas.zip"]
        assert (got == []) if message is None else got[0].startswith(message), (what, got)
    (pkg_dir / "batas.zip").write_bytes(b"PK\x03\x04 not really")
    _, problems = read_package(pkg_dir)
    assert _errors(problems)[0].message.startswith("file zip rusak")


def test_geojson_without_crs(tmp_path, desa):
    data = json.loads(desa.to_json())
    data.pop("crs", None)
    path = tmp_path / "batas.geojson"
    path.write_text(json.dumps(data), "utf-8")
    got, _, _, problems = read_boundaries(path)
    assert _errors(problems) == [] and got.crs.to_epsg() == 4326     # RFC 7946: WGS 84
    data = json.loads(desa.to_crs(32750).to_json())
    data.pop("crs", None)
    path.write_text(json.dumps(data), "utf-8")
    _, _, _, problems = read_boundaries(path)
    (err,) = _errors(problems)
    assert err.message.startswith("koordinat dalam meter, padahal file GeoJSON tanpa keterangan")
    assert "EPSG:32750" in err.hint


def test_overlapping_desa_are_warned_with_both_names_and_the_share(tmp_path, desa):
    pkg_dir = copy_small(tmp_path)
    d = desa.copy()
    d.loc[3, "geometry"] = d.geometry.iloc[0]                          # drawn twice
    g = d.geometry.iloc[5]
    d.loc[6, "geometry"] = translate(g, (g.bounds[2] - g.bounds[0]) * 0.25, 0)   # 75 % on 5
    d.loc[8, "geometry"] = scale(d.geometry.iloc[8], 1.02, 1.02)                # a sliver
    layers = {n: gpd.read_file(pkg_dir / "batas.gpkg", layer=n) for n in ("kecamatan",
                                                                          "kabupaten")}
    (pkg_dir / "batas.gpkg").unlink()
    d.to_file(pkg_dir / "batas.gpkg", layer="desa")
    for n, layer in layers.items():
        layer.to_file(pkg_dir / "batas.gpkg", layer=n)
    pkg, _ = read_package(pkg_dir)
    found = [p for p in validate_package(pkg) if "tumpang tindih" in p.message]
    assert [p.severity for p in found] == ["warning", "warning"]
    rows = sorted(p.row for p in found)
    assert rows[0] in (1, 4) and rows[1] in (6, 7)
    twice = next(p for p in found if p.row in (1, 4))
    assert d.loc[0, "kode_desa"] in twice.message and d.loc[3, "kode_desa"] in twice.message
    assert "100% luas desa" in twice.message
    shifted = next(p for p in found if p.row in (6, 7))
    share = re.search(r": (\d+(?:,\d)?)% luas desa", shifted.message).group(1)
    assert 60 <= float(share.replace(",", ".")) <= 80 and "." not in share


def test_overlapping_pairs_projected_and_vectorised():
    from shapely.geometry import box
    g = gpd.GeoSeries([box(0, 0, 10, 10), box(10, 0, 20, 10), box(4, 0, 14, 10),
                       box(100, 100, 101, 101)], index=["a", "b", "c", "d"])
    assert [(a, b, round(s, 2)) for a, b, s in overlapping_pairs(g)] == [("a", "c", 0.6)]
    assert [(a, b, round(s, 2)) for a, b, s in overlapping_pairs(g, share=0.3)] == [
        ("a", "c", 0.6), ("b", "c", 0.4)]
    assert overlapping_pairs(g.iloc[:1]) == []


@pytest.mark.shared
def test_overlap_check_is_fast_and_quiet_on_real_kalimantan_tengah():
    if not (SHARED / "desa.geojson").is_file():
        pytest.skip(f"../shared/data/kalteng not found: {SHARED} (real boundaries absent)")
    d = gpd.read_file(SHARED / "desa.geojson")
    g = d.geometry.where(d.geometry.is_valid, d.geometry.make_valid()).to_crs(32750)
    start = time.perf_counter()
    pairs = overlapping_pairs(g)
    seconds = time.perf_counter() - start
    assert len(d) == 1571 and pairs == []
    assert seconds < 3, seconds


# --- messages -----------------------------------------------------------------------------------

def test_visible_escapes_what_a_terminal_would_obey_or_hide():
    assert visible("a\x1b[2Jb\x07\r\t") == "a⟨U+001B⟩[2Jb⟨U+0007⟩⟨U+000D⟩⟨U+0009⟩"
    assert visible("x\u202egnp.exe") == "x⟨U+202E⟩gnp.exe"            # bidi override
    assert visible("\u0085\u00a0\u2028") == "⟨U+0085⟩⟨U+00A0⟩⟨U+2028⟩"
    assert visible("Désa Sé — 1.234,5 ≥ 40 … ²") == "Désa Sé — 1.234,5 ≥ 40 … ²"
    assert clean_invisible("\ufeff\u00a062.10\u200b.01.2001\u2009") == "62.10.01.2001"


def test_every_part_of_a_problem_is_shown_safely():
    p = Problem("eh\x1bra.csv", "kode '1\u200b'", sheet="S\x9b2J", row=3, column="k\u00a0d",
                hint="isi \x1b[31m")
    text = str(p)
    assert text == ("eh⟨U+001B⟩ra.csv, sheet S⟨U+009B⟩2J, baris 3, kolom k⟨U+00A0⟩d: kode "
                    "'1⟨U+200B⟩' — isi ⟨U+001B⟩[31m")
    err = InputError([p])
    assert "\x1b" not in str(err) and str(err).count("\n") == 1
    assert str(PPSPError("baris 1\nnama \x1b[2J")) == "baris 1\nnama ⟨U+001B⟩[2J"


def test_numbers_in_messages_are_indonesian(tmp_path):
    pkg_dir = copy_small(tmp_path)

    def edit(wb):
        ws = wb["Form2"]
        head = [c.value for c in ws[1]]
        ws.cell(3, head.index("luas_ha") + 1, 1.5)
        ws.cell(3, head.index("luas_terbangun_ha") + 1, 0.5)
        ws.cell(3, head.index("penduduk") + 1, 14131)
        ws.cell(4, head.index("kk_miskin") + 1, 1234567)
        ws.cell(5, head.index("jumlah_kk") + 1, 1234.25)
    edit_workbook(pkg_dir / "instrumen.xlsx", edit)
    code, _, err = run_cli("validate", pkg_dir)
    assert code == 2
    assert "kepadatan 9.421 jiwa/ha tidak wajar" in err
    assert "kk_miskin (1.234.567) lebih besar dari jumlah_kk" in err
    assert "jumlah_kk 1.234,25 bukan bilangan bulat" in err
    assert not re.search(r"\d,\d{3}\b", err), err                 # no English 9,421
