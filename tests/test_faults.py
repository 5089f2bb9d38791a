"""Bad inputs and hostile environments (issue 10, families 3 and 4).

Family 3, unbounded work from small inputs: the formula grammar (``rumus``), workbook
decompression bombs, a per-kabupaten time limit in ``ppsp batch``.
Family 4, tracebacks where a sentence is due: formula syntax errors that ``validate`` let
through, user text read as mathtext, ``--out`` naming a file, read-only folders, full disks,
``--resume`` in a copied output folder. Every CLI case: exit status 2, a sentence, no
traceback, nothing half-written.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import shutil
import signal
import threading
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppsp_analysis import batch, schema
from ppsp_analysis._errors import MethodError, PPSPError
from ppsp_analysis.batch import Entry, input_hashes, run_many, run_one
from ppsp_analysis.cli import build_parser, main
from ppsp_analysis.io import cells, xlsx_guard
from ppsp_analysis.io.outdir import describe_os_error, disk_error
from ppsp_analysis.io.outputs import OutputFolder, OutputFolderError
from ppsp_analysis.io.package import read_default_method
from ppsp_analysis.io.xlsx_guard import check_xlsx_bounds
from ppsp_analysis.method import (
    MAX_FORMULA_CHARS,
    FormulaError,
    formula_columns,
    merge_method,
    parse_formula,
    validate_method,
)
from ppsp_analysis.plaintext import PlainTextFigure
from ppsp_analysis.report.runner import MapOptions
from ppsp_analysis.scoring import compute_indicators
from ppsp_analysis.timelimit import TimeLimitError, time_limit

matplotlib.use("Agg")

FAST_MAPS = MapOptions(papers=("A4",), dpi=50, formats=("png",))
SMALL = "99.03-kota-bandar-fiktif"


def cli(capsys, *args) -> tuple[int, str]:
    """Run ``ppsp ARGS`` in-process; return (status, stdout + stderr)."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_sentence(code: int, text: str, *fragments: str) -> None:
    assert code == 2, text
    assert "Traceback" not in text, text
    assert "GALAT" in text, text
    for fragment in fragments:
        assert fragment in text, (fragment, text)


@pytest.fixture
def pkg(tmp_path, tiny_packages) -> Path:
    """A private copy of the small tiny package (10 desa)."""
    src = next(p for p in tiny_packages if p.name == SMALL)
    return Path(shutil.copytree(src, tmp_path / "paket"))


def with_rumus(pkg: Path, rumus: str) -> Path:
    text = (pkg / "metode.yaml").read_text("utf-8")
    text += ("sekunder:\n  impact:\n    jumlah_penduduk: {rumus: " + json.dumps(rumus)
             + ", arah: 1, bobot: 1}\n")
    (pkg / "metode.yaml").write_text(text, encoding="utf-8")
    return pkg


# === family 3/4: the formula grammar ==========================================================

@pytest.mark.parametrize(("rumus", "reason"), [
    ("penduduk luas_ha", "tidak ada operator antara 'penduduk' dan 'luas_ha'"),
    ("(penduduk", "kurung '(' pada posisi 1 tidak ditutup"),
    ("penduduk)", "kurung ')' pada posisi 9 tidak punya pasangan"),
    ("penduduk * 9**9**9", "operator pangkat '**' tidak didukung"),
    ("penduduk ^ 2", "operator pangkat '^' tidak didukung"),
    ("penduduk /", "rumus berakhir setelah '/'"),
    ("* penduduk", "operator '*' pada posisi 1 tidak didahului nilai"),
    ("kk_miskin / jumlah_kk * 0,5", "karakter ','"),
    ("2penduduk", "'2penduduk' (posisi 1) bukan angka atau nama kolom"),
    ("penduduk.sum()", "karakter '.' (posisi 9) tidak boleh dipakai"),
    ("abs(penduduk)", "tidak ada operator antara 'abs' dan '('"),
    ("(" * 11 + "penduduk" + ")" * 11, "terlalu bersarang"),
    ("-" * 12 + "penduduk", "terlalu bersarang"),
    ("penduduk + " * 40 + "1", "terlalu panjang"),
    ("", "rumus kosong"),
])
def test_formula_outside_the_grammar_is_named_with_its_key(rumus, reason):
    method = merge_method(read_default_method(),
                          {"sekunder": {"impact": {"jumlah_penduduk": {"rumus": rumus}}}})
    problems = [p for p in validate_method(method) if ".rumus" in p]
    assert len(problems) == 1, problems
    assert problems[0].startswith("sekunder.impact.jumlah_penduduk.rumus = ")
    assert reason in problems[0]
    assert "\n" not in problems[0]
    with pytest.raises(FormulaError):
        parse_formula(rumus)


@pytest.mark.parametrize(("rumus", "expected"), [
    ("penduduk / luas_ha", [10.0, np.nan, np.nan]),
    ("-penduduk + 2 * luas_ha", [-80.0, 0.0, -50.0]),
    ("(penduduk - 50) / 2 / 5", [5.0, -5.0, 0.0]),
    ("1 / 0", [np.nan] * 3),                       # crashed eval before (ZeroDivisionError)
    ("2", [2.0] * 3),
])
def test_formula_values_follow_arithmetic(rumus, expected):
    form2 = pd.DataFrame({"penduduk": [100, 0, 50], "luas_ha": [10, 0, 0]})
    got = compute_indicators(form2, {"x": {"rumus": rumus}})["ind_x"]
    np.testing.assert_allclose(got.to_numpy(), expected, equal_nan=True)


def test_score_names_a_missing_column_instead_of_keyerror():
    with pytest.raises(MethodError, match="memakai kolom tidak_ada"):
        compute_indicators(pd.DataFrame({"a": [1.0]}), {"x": {"rumus": "a + tidak_ada"}})


@pytest.mark.parametrize(("rumus", "fragment"), [
    ("penduduk luas_ha", "tidak ada operator antara 'penduduk' dan 'luas_ha'"),
    ("(penduduk", "kurung '(' pada posisi 1 tidak ditutup"),
    ("penduduk * 9**9**9", "operator pangkat '**' tidak didukung"),
])
def test_validate_and_score_reject_the_same_formula(capsys, pkg, tmp_path, rumus, fragment):
    with_rumus(pkg, rumus)
    code, text = cli(capsys, "validate", pkg)
    assert_sentence(code, text, "metode.yaml", "sekunder.impact.jumlah_penduduk.rumus", fragment)
    start = time.perf_counter()
    code, text = cli(capsys, "score", pkg, "--out", tmp_path / "skor")
    assert time.perf_counter() - start < 60          # 9**9**9 ran for ever before
    assert_sentence(code, text, "metode.yaml", "sekunder.impact.jumlah_penduduk.rumus", fragment)
    assert not (tmp_path / "skor").exists()


# --- fuzz: random formulas → a clean result or our error; validate and score agree ----------

_NAMES = ["penduduk", "luas_ha", "kk_miskin", "tidak_ada", "_x", "__class__"]
_TOKENS = [*_NAMES, "0", "1", "2.5", "007", "1e3", "10" * 12, ".5", "+", "-", "*", "/", "(",
           ")", "**", "^", " ", ",", ".", "$", "abs(", "\n", "\t", "—"]
_FORM2 = pd.DataFrame({"penduduk": [100.0, 0.0, 50.0, np.nan, 3.0],
                       "luas_ha": [10.0, 0.0, 0.0, 2.0, -1.0],
                       "kk_miskin": [5.0, 1.0, np.nan, 0.0, 7.0],
                       "_x": [1.0, 2.0, 3.0, 4.0, 5.0],
                       "__class__": [0.5, 0.5, 0.5, 0.5, 0.5]})
_grammar = st.recursive(          # formulas inside the grammar: the arithmetic is checked
    st.sampled_from(["penduduk", "luas_ha", "kk_miskin", "_x", "0", "1", "2.5", "100"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from("+-*/"), inner).map(" ".join),
        inner.map(lambda e: f"({e})"), inner.map(lambda e: f"-{e}")),
    max_leaves=12)
_formulas = st.one_of(
    _grammar,
    st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join),
    st.lists(st.sampled_from(_TOKENS) | st.text(max_size=3), max_size=40).map(" ".join),
    st.text(max_size=MAX_FORMULA_CHARS + 20),
    st.integers(-10, 10), st.floats(allow_nan=False), st.none(), st.booleans(),
)


_DEFAULTS = read_default_method()


def _reference(text: str) -> np.ndarray | None:
    """Python's own arithmetic on the same text, when Python can evaluate it."""
    env = {c: _FORM2[c].to_numpy() for c in _FORM2}
    try:
        with np.errstate(all="ignore"):
            value = eval(text, {"__builtins__": {}}, env)  # noqa: S307 - test oracle
        return np.broadcast_to(np.asarray(value, dtype=float), (len(_FORM2),))
    except (SyntaxError, ZeroDivisionError, OverflowError, TypeError, ValueError, NameError):
        return None


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(rumus=_formulas)
def test_fuzz_formula_grammar_validate_and_score_agree(rumus):
    try:
        parsed = parse_formula(rumus)
    except PPSPError as exc:  # our error type, nothing else
        assert isinstance(exc, FormulaError)
        parsed = None
    assert parsed is None or isinstance(parsed.columns, tuple)
    problems = [p for p in validate_method(merge_method(
        _DEFAULTS, {"sekunder": {"impact": {"x": {"rumus": rumus}}}})) if ".rumus" in p]
    missing = [c for c in formula_columns(rumus) if c not in _FORM2]  # validation's own check
    validate_ok = not problems and not missing
    assert (parsed is not None) == (not problems)
    try:
        got = compute_indicators(_FORM2, {"x": {"rumus": rumus}})["ind_x"].to_numpy()
        score_ok = True
    except MethodError:
        score_ok = False
    assert validate_ok == score_ok, (rumus, problems, missing)
    if score_ok:
        assert not np.isinf(got).any()
        ref = _reference(str(rumus))
        if ref is not None:
            np.testing.assert_allclose(got, np.where(np.isinf(ref), np.nan, ref), rtol=1e-9,
                                       equal_nan=True)


# === family 3: workbook bounds =================================================================

_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org'
       b'/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
       b'relationships"><sheets><sheet name="Form2" sheetId="1" r:id="rId1"/></sheets></workbook>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlfor'
         b'mats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.open'
         b'xmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.'
         b'xml"/></Relationships>')
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlfor'
               b'mats.org/spreadsheetml/2006/main">')


def _xlsx(path: Path, sheet_body: bytes = b"<sheetData/>", sst: bytes | None = None,
          extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        zf.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + sheet_body + b"</worksheet>")
        if sst is not None:
            zf.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main">' + sst + b"</sst>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def _rows(n: int, cells_per_row: int = 1) -> bytes:
    cols = [chr(65 + i) for i in range(cells_per_row)]
    return b"<sheetData>" + b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c.encode(), r) for c in cols)
        + b"</row>" for r in range(1, n + 1)) + b"</sheetData>"


def test_real_instrumen_is_within_bounds(demo_dir):
    for src in sorted(demo_dir.glob("*/instrumen.xlsx")):
        problems, stats = check_xlsx_bounds(src)
        assert problems == []
        assert 0 < sum(stats.cells.values()) < xlsx_guard.MAX_WORKBOOK_CELLS / 20


def test_shared_string_bomb_is_refused_before_openpyxl(tmp_path):
    n = xlsx_guard.MAX_SHARED_STRINGS + 1            # the real bound: 1.000.001 entries
    path = _xlsx(tmp_path / "instrumen.xlsx", sst=b"<si><t>x</t></si>" * n)
    assert path.stat().st_size < 200_000             # a small file ...
    start = time.perf_counter()
    problems, _ = check_xlsx_bounds(path)
    assert time.perf_counter() - start < 10          # ... refused quickly
    assert len(problems) == 1 and "shared strings" in problems[0].message
    assert problems[0].file == "instrumen.xlsx" and problems[0].hint


def test_decompressed_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    path = _xlsx(tmp_path / "instrumen.xlsx", extra={"xl/media/padding.bin": b"\0" * 1_100_000})
    problems, _ = check_xlsx_bounds(path)
    assert len(problems) == 1
    assert "MB setelah dibuka" in problems[0].message and "batas 1 MB" in problems[0].message


def test_merged_cell_bomb_names_the_sheet(tmp_path):
    body = (b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
            b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    problems, _ = check_xlsx_bounds(_xlsx(tmp_path / "instrumen.xlsx", body))
    assert len(problems) == 1
    assert problems[0].sheet == "Form2" and "sel gabungan" in problems[0].message


@pytest.mark.parametrize(("limit", "rows", "per_row", "fragment"), [
    ("MAX_SHEET_CELLS", 300, 2, "lebih dari 500 sel"),
    ("MAX_SHEET_ROWS", 600, 0, "lebih dari 500 baris"),
    ("MAX_WORKBOOK_CELLS", 300, 2, "workbook berisi lebih dari 500 sel"),
])
def test_cell_and_row_counts_are_bounded(tmp_path, monkeypatch, limit, rows, per_row,
                                         fragment):
    monkeypatch.setattr(xlsx_guard, limit, 500)
    problems, _ = check_xlsx_bounds(_xlsx(tmp_path / "instrumen.xlsx", _rows(rows, per_row)))
    assert len(problems) == 1 and fragment in problems[0].message, problems
    assert problems[0].sheet == "Form2"


def test_xml_elements_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "MAX_XML_ELEMENTS", 1000)
    path = _xlsx(tmp_path / "instrumen.xlsx",
                 extra={"xl/styles.xml": b"<styleSheet>" + b"<x/>" * 2000 + b"</styleSheet>"})
    problems, _ = check_xlsx_bounds(path)
    assert len(problems) == 1 and "unsur XML" in problems[0].message


def test_sparse_extent_is_bounded_for_dense_readers_only(tmp_path):
    body = b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>' \
           b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = _xlsx(tmp_path / "ehra.xlsx", body)
    assert check_xlsx_bounds(path)[0] == []          # openpyxl's normal mode stores 2 cells
    problems, _ = check_xlsx_bounds(path, dense=True)
    assert len(problems) == 1 and "baris 1.048.576" in problems[0].message


def test_xml_entities_are_refused(tmp_path):
    path = tmp_path / "instrumen.xlsx"
    with zipfile.ZipFile(path, "w") as zf:           # a DTD with an entity in the sheet
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        zf.writestr("xl/worksheets/sheet1.xml",
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
                    b"<worksheet><sheetData/></worksheet>")
    problems, _ = check_xlsx_bounds(path)
    assert len(problems) == 1 and "DTD" in problems[0].message


_ref = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
                 st.from_regex(r"\$?[A-Z]{1,4}\$?[0-9]{1,12}", fullmatch=True),
                 st.just("A1:" + "Z" + "9" * 5000))
_element = st.one_of(
    st.builds(lambda r: f'<c r="{r}"><v>1</v></c>', _ref),
    st.builds(lambda r: f'<row r="{r}"/>', _ref),
    st.builds(lambda a, b: f'<mergeCell ref="{a}:{b}"/>', _ref, _ref),
    st.builds(lambda r: f'<dimension ref="{r}"/>', _ref),
    st.sampled_from(["<f>SUM(A1)</f>", "<x:c/>", "<si><t>x</t></si>", "<<", "&amp;", "&bad;"]),
)


@settings(max_examples=150, deadline=2000,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.lists(_element, max_size=30), dense=st.booleans())
def test_fuzz_workbook_guard_never_raises(tmp_path, parts, dense):
    from xml.sax.saxutils import escape

    body = "<sheetData>" + "".join(parts) + "</sheetData>"
    for text in (body, escape(body)):                # as markup (maybe malformed), as text
        path = _xlsx(tmp_path / "instrumen.xlsx", text.encode("utf-8"))
        problems, stats = check_xlsx_bounds(path, dense=dense)
        assert all(p.file == "instrumen.xlsx" and p.hint for p in problems)


def test_damaged_zip_is_left_to_the_reader(tmp_path):
    path = tmp_path / "instrumen.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert check_xlsx_bounds(path)[0] == []


def test_validate_refuses_a_workbook_bomb_quickly(capsys, pkg, monkeypatch):
    """The probe's 0,9 MB workbook (20 million shared strings) kept validate busy > 120 s."""
    src = pkg / "instrumen.xlsx"
    bomb = pkg / "bom.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(200):
                fh.write(b"<si><t>x</t></si>" * 100_000)
            fh.write(b"</sst>")
    os.replace(bomb, src)
    assert src.stat().st_size < 1_500_000
    start = time.perf_counter()
    code, text = cli(capsys, "validate", pkg)
    assert time.perf_counter() - start < 30
    assert_sentence(code, text, "instrumen.xlsx", "MB setelah dibuka", "ppsp template")


# --- fuzz: workbook cell parsers ---------------------------------------------------------------

_KINDS = sorted({info.kind for cols in schema.SHEET_COLUMNS.values() for info in cols.values()}
                | {info.kind for info in schema.COLUMNS.values()} | {"kode", "text", "choice"})
_cells = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(), st.text(max_size=60),
    st.text(alphabet="0123456789.,-+%eE() RpjutaIDR", max_size=40),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(),
    st.sampled_from(["1" * 400, "9" * 400 + "e9999", "1e308", "-", "(1.000)", "Rp 1,5 juta",
                     "45%", " ya ", "#DIV/0!", "x" * 5000]),
)


@settings(max_examples=600, deadline=1000)
@given(value=_cells, kind=st.sampled_from(_KINDS), pct=st.booleans())
def test_fuzz_cell_parsers_give_a_clean_value_or_valueerror(value, kind, pct):
    try:
        out = cells.parse_cell(value, kind, schema.SUMBER_DANA, pct)
    except ValueError as exc:          # the reader turns it into a located Problem
        assert str(exc)
        return
    if kind in ("kode", "text", "choice", "date"):   # dates are kept as ISO text
        assert out is None or isinstance(out, str)
    else:
        assert isinstance(out, float) and (math.isnan(out) or math.isfinite(out)), out


def test_a_huge_integer_cell_is_a_located_problem(capsys, pkg):
    src = pkg / "instrumen.xlsx"
    patched = pkg / "x.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":      # Form2
                head, sep, tail = data.partition(b'<c r="E3"')
                value_at = tail.index(b"<v>") + 3
                end = tail.index(b"</v>")
                data = head + sep + tail[:value_at] + b"1" + b"0" * 400 + tail[end:]
            zo.writestr(item, data)
    os.replace(patched, src)
    code, text = cli(capsys, "validate", pkg)
    assert_sentence(code, text, "sheet Form2, baris 3", "bukan angka terhingga (sel E3)")


# === family 3: time limit per kabupaten in a batch ============================================

def test_time_limit_interrupts_and_restores_the_signal_state():
    before = signal.getsignal(signal.SIGALRM)
    start = time.perf_counter()
    with pytest.raises(TimeLimitError, match="terlalu lama"), time_limit(0.2, "terlalu lama"):
        time.sleep(10)
    assert time.perf_counter() - start < 5
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(5, "x"):                         # finishing in time leaves no timer
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_survives_libraries_that_wrap_or_swallow_it(monkeypatch):
    import ppsp_analysis.timelimit as timelimit

    monkeypatch.setattr(timelimit, "REPEAT_S", 0.1)
    with pytest.raises(TimeLimitError, match="habis") as info, time_limit(0.1, "habis"):
        try:
            time.sleep(5)
        except Exception as exc:  # a library wrapping it ("PDF gagal disusun: ...")
            raise RuntimeError("PDF gagal disusun") from exc
    assert isinstance(info.value.__cause__, RuntimeError)
    start = time.perf_counter()
    with pytest.raises(TimeLimitError), time_limit(0.1, "habis"):
        with contextlib.suppress(Exception):  # a library swallowing it
            time.sleep(5)
        time.sleep(5)
    assert time.perf_counter() - start < 3
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_outside_the_main_thread_runs_unlimited():
    done = []

    def work():
        with time_limit(0.05, "x"):
            time.sleep(0.2)
        done.append(True)

    t = threading.Thread(target=work)
    t.start()
    t.join(5)
    assert done == [True]


def test_run_one_past_its_limit_is_failed_with_a_sentence_and_writes_nothing(pkg, tmp_path):
    out = tmp_path / "out"
    result = run_one(str(pkg), str(out), None, {"notebooks": (), "maps": FAST_MAPS},
                     time_limit_s=0.05)
    assert result.pop(batch._TRACE)  # the traceback goes to the log, not the manifest
    entry = Entry(**result)
    assert entry.status == "gagal"
    assert "melebihi batas waktu 0,00083 menit" in entry.galat, entry.galat
    assert "--batas-waktu" in entry.galat
    assert not (out / "2026").exists() or not any((out / "2026").iterdir())
    # the same process goes on with the next package normally
    entry = Entry(**run_one(str(pkg), str(out), None, {"notebooks": (), "maps": FAST_MAPS},
                            time_limit_s=600))
    assert entry.status == "ok", entry.galat


def test_batch_marks_the_slow_kabupaten_failed_and_finishes(tiny_packages, tmp_path):
    lines = []
    summary = run_many(tiny_packages[:2], tmp_path / "out", workers=1, report=lines.append,
                       time_limit_min=0.001, notebooks=(), maps=FAST_MAPS)
    assert [e.status for e in summary.entries] == ["gagal", "gagal"]
    assert all("batas waktu 0,001 menit" in e.galat for e in summary.entries), summary.entries
    assert (tmp_path / "out" / "index.html").is_file() and len(lines) == 2


def test_batas_waktu_option(capsys):
    parser = build_parser()
    assert parser.parse_args(["batch", "x"]).batas_waktu == 30
    assert parser.parse_args(["batch", "x", "--batas-waktu", "0,5"]).batas_waktu == 0.5
    assert parser.parse_args(["demo", "--batas-waktu", "0"]).batas_waktu == 0
    code, text = cli(capsys, "batch", "x", "--batas-waktu", "lama")
    assert code == 2 and "bukan angka menit" in text and "Traceback" not in text


# === family 4: user text in matplotlib ========================================================

def _draw(fig) -> None:
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def test_plain_text_figure_draws_dollars_literally():
    fig = PlainTextFigure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.bar([0, 1], [1, 2])
    ax.set_xticks([0, 1], labels=["Kec. $\\x$", "Rp $5$ juta"])
    ax.set_title("Renstra $\\x$ 2025")
    ax.legend(["$\\frac{a}{b}$"])
    fig.text(0.1, 0.1, "$x^2$ dan \\$")
    _draw(fig)                      # invalid TeX crashed here before
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert len(texts) >= 5
    for t in texts:
        assert t.get_parse_math() is False and t.get_usetex() is False
        assert t._preprocess_math(t.get_text()) == (t.get_text(), False)   # never typeset


def test_every_toolkit_figure_is_plain_text():
    from ppsp_analysis.maps.sheet import SheetFigure
    from ppsp_analysis.monev import _style

    fig, _ = _style.canvas()
    assert isinstance(fig, PlainTextFigure) and issubclass(SheetFigure, PlainTextFigure)
    matplotlib.pyplot.close(fig)


def test_monev_charts_with_tex_in_user_text(pkg, tmp_path):
    """Sources, kecamatan and kabupaten names with $…$ (``ppsp run`` crashed on the target
    source ``Renstra $\\x$ 2025``)."""
    import matplotlib.pyplot as plt
    import openpyxl

    from ppsp_analysis.io.package import load_package
    from ppsp_analysis.pipeline import score_package
    from ppsp_analysis.report.monev import compute_package_monev, monev_figures

    wb = openpyxl.load_workbook(pkg / "instrumen.xlsx")
    ws = wb["Target"]
    col = [c.value for c in ws[1]].index("sumber") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col).value = "Renstra $\\x$ 2025"
    ws = wb["Form1"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "nama_kabupaten":
            row[1].value = "Kota $\\x$ Fiktif"
    wb.save(pkg / "instrumen.xlsx")
    desa = gpd.read_file(pkg / "batas.gpkg", layer="desa")
    desa["nama_kec"] = "Kec. $\\alpha$"
    desa.to_file(pkg / "batas.gpkg", layer="desa", driver="GPKG")

    p = load_package(pkg)
    result = score_package(p)
    m = compute_package_monev(result, p)
    figs = monev_figures(m, result, p)
    assert len(figs) >= 5
    shown = []
    for fig in figs.values():
        _draw(fig)                                   # ParseFatalException before
        for t in fig.findobj(matplotlib.text.Text):
            assert t._preprocess_math(t.get_text())[1] is False, t.get_text()
            shown.append(t.get_text())
        plt.close(fig)
    text = " ".join(shown)
    assert "Renstra $\\x$ 2025" in text and "Kota $\\x$ Fiktif" in text


def test_index_overview_map_with_tex_in_kabupaten_name(pkg, tmp_path):
    from ppsp_analysis.batch import BatchSummary
    from ppsp_analysis.io.index_page import write_index

    out = tmp_path / "out"
    folder = out / "2026" / "99.03-x"
    folder.mkdir(parents=True)
    desa = gpd.read_file(pkg / "batas.gpkg", layer="desa")
    desa[["kode_desa", "geometry"]].to_file(folder / "area_berisiko.gpkg", driver="GPKG")
    (folder / "ringkasan.json").write_text(json.dumps(
        {"kode_kabupaten": "99.03", "nama_kabupaten": "Kota $\\x$", "jumlah_desa": 10,
         "jumlah_rumah_tangga_ehra": 400, "persen_desa_prioritas": 40.0,
         "irs_rata_rata": 2.1}), encoding="utf-8")
    entry = Entry(paket=str(pkg), status="ok", kode="99.03", nama="Kota $\\x$",
                  folder=str(folder))
    page = write_index(BatchSummary([entry], 1.0), out).read_text("utf-8")
    assert "data:image/png;base64," in page


# === family 4: output folders, permissions, full disks =========================================

@pytest.mark.parametrize("command", [
    ["score", "{pkg}"], ["maps", "{pkg}"], ["run", "{pkg}"], ["batch", "{root}"],
    ["demo-data"], ["wilayah", "unduh", "62"],
])
def test_out_naming_an_existing_file_is_refused_and_the_file_kept(capsys, pkg, tmp_path,
                                                                  command):
    user_file = tmp_path / "catatan.txt"
    user_file.write_text("punya pengguna", encoding="utf-8")
    args = [a.format(pkg=pkg, root=pkg.parent) for a in command]
    code, text = cli(capsys, *args, "--out", user_file)
    assert_sentence(code, text, f"--out {user_file}", "sudah ada sebagai file, bukan folder")
    assert user_file.read_text("utf-8") == "punya pengguna"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catatan.txt", "paket"]


def test_out_under_a_file_is_refused(capsys, pkg, tmp_path):
    (tmp_path / "berkas").write_text("x", encoding="utf-8")
    code, text = cli(capsys, "score", pkg, "--out", tmp_path / "berkas" / "skor")
    assert_sentence(code, text, "berkas adalah file, bukan folder")


@pytest.mark.parametrize(("err", "fragment"), [
    (errno.ENOSPC, "disk penuh saat menulis"),
    (errno.EROFS, "hanya-baca (read-only)"),
    (errno.EACCES, "akses ditolak ke"),
])
def test_score_os_errors_are_sentences_and_nothing_is_half_written(capsys, pkg, tmp_path,
                                                                   monkeypatch, err, fragment):
    import ppsp_analysis.io.writers as writers

    out = tmp_path / "skor"
    out.mkdir()
    (out / "milik_pengguna.txt").write_text("tetap", encoding="utf-8")

    def failing(_sheets, path, **_options):
        Path(path).write_bytes(b"PK half")       # a partial write before the failure
        raise OSError(err, os.strerror(err), str(path))

    monkeypatch.setattr(writers, "write_excel", failing)
    code, text = cli(capsys, "score", pkg, "--out", out)
    assert_sentence(code, text, fragment, "--out")
    assert sorted(p.name for p in out.iterdir()) == ["milik_pengguna.txt"]


def test_os_error_sentences():
    tmp = "/data/laporan/.peta.abcd1234.tmp"
    assert describe_os_error(OSError(errno.ENOSPC, "x", tmp)).startswith(
        "disk penuh saat menulis folder /data/laporan — ")
    assert "reports" in describe_os_error(OSError(errno.ENOSPC, "x"), "reports")
    assert "hanya-baca" in describe_os_error(OSError(errno.EROFS, "x", "/mnt/cd"))
    assert describe_os_error(OSError(errno.EXDEV, "Invalid cross-device link", "/a")) \
        .startswith("galat sistem berkas pada /a: Invalid cross-device link")


def test_a_library_write_failure_on_a_full_disk_becomes_enospc(tmp_path, monkeypatch):
    """GDAL reports a full disk as "Failed to commit transaction" (no errno)."""
    real = os.statvfs

    def full(path):
        st = real(path)
        return os.statvfs_result((st.f_bsize, st.f_frsize, st.f_blocks, 0, 0, st.f_files,
                                  st.f_ffree, st.f_favail, st.f_flag, st.f_namemax))

    monkeypatch.setattr(os, "statvfs", full)
    with pytest.raises(OutputFolderError, match="disk penuh"), \
            OutputFolder(tmp_path / "peta", "maps") as out:
        out.stage()
        raise RuntimeError("Failed to commit transaction")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(os, "statvfs", real)         # a healthy disk: the error is left alone
    with pytest.raises(RuntimeError), OutputFolder(tmp_path / "peta", "maps"):
        raise RuntimeError("a bug")
    assert disk_error(KeyboardInterrupt(), tmp_path) is None


# === family 4: --resume in a copied output folder =============================================

def _fake_batch_output(out: Path, pkg: Path) -> Path:
    """What a finished batch leaves: a kabupaten folder and the manifest, in the ledger."""
    folder = out / "2026" / f"99.03-{pkg.name}"
    with OutputFolder(folder, "run") as target:
        stage = target.stage()
        (stage / "laporan_area_berisiko.html").write_text("<html></html>", encoding="utf-8")
        target.commit(stage)
    h_in, h_m = input_hashes(pkg)
    entry = Entry(paket=str(pkg.resolve()), status="ok", kode="99.03", nama="Kota Fiktif",
                  folder=str(folder.resolve()), hash_masukan=h_in, hash_metode=h_m)
    with OutputFolder(out, "batch") as root, root.replacing("manifest.json") as path:
        path.write_text(json.dumps({"kabupaten": [entry.__dict__]}), encoding="utf-8")
    return folder


@pytest.mark.parametrize("keep_original", [True, False])
def test_resume_in_a_copied_output_folder_uses_the_copy(pkg, tmp_path, keep_original):
    first = tmp_path / "hasil"
    _fake_batch_output(first, pkg)
    copy = tmp_path / "salinan"
    shutil.copytree(first, copy)
    if not keep_original:
        shutil.rmtree(first)
    summary = run_many([pkg], copy, resume=True, report=lambda s: None)
    (entry,) = summary.entries
    assert entry.status == "dilewati"
    assert Path(entry.folder).is_relative_to(copy.resolve())
    page = (copy / "index.html").read_text("utf-8")
    assert f'href="2026/99.03-{pkg.name}/laporan_area_berisiko.html"' in page
    saved = json.loads((copy / "manifest.json").read_text("utf-8"))["kabupaten"][0]
    assert Path(saved["folder"]).is_relative_to(copy.resolve())


def test_resume_reruns_when_the_recorded_folder_is_gone(pkg, tmp_path):
    out = tmp_path / "hasil"
    folder = _fake_batch_output(out, pkg)
    shutil.rmtree(folder)
    # nothing to skip: the package is run again (here it fails fast on a tiny time limit)
    summary = run_many([pkg], out, resume=True, report=lambda s: None, workers=1,
                       time_limit_min=0.0001, notebooks=(), maps=FAST_MAPS)
    assert summary.entries[0].status == "gagal"


@pytest.mark.parametrize("content", ['{"kabupaten": 3', '{"lain": []}', "[1, 2]"])
def test_a_broken_manifest_is_a_sentence(capsys, pkg, tmp_path, content):
    out = tmp_path / "hasil"
    out.mkdir()
    (out / "manifest.json").write_text(content, encoding="utf-8")
    code, text = cli(capsys, "batch", pkg.parent, "--out", out, "--resume")
    assert_sentence(code, text, "manifest.json rusak atau bukan catatan ppsp batch")
    assert (out / "manifest.json").read_text("utf-8") == content
