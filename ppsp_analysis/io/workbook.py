"""Reading the Instrumen SSK workbook (``instrumen.xlsx``) the way people really fill it.

Tolerated on purpose, each with a rule (and a message where a person should know):

* sheet names in any case/spacing (``form 2``, ``FORM2``), hidden sheets (read, warned),
  extra sheets (ignored);
* the header row anywhere in the first rows (title rows above it), a second header row of
  labels/units (the template's), repeated header rows and blank rows inside the data,
  ``Jumlah``/``Total`` rows (skipped, warned);
* header cells with units or different case (``Luas_ha (ha)``, ``Jumlah KK``);
* merged cells (a value merged down several rows is read on every row);
* formulas: the value Excel stored is used; a formula without a stored value is an error
  that says how to fix it;
* numbers typed the Indonesian way (``12,5``, ``1.234.567``, ``Rp 1.500.000``), percentages
  typed ``45%``, formatted as percent, or as fractions ``0,45``; codes with or without dots
  or typed as numbers; ``ya``/``tidak`` flags; stray spaces and case in names and choices.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import Problem
from ..schema import (
    AUX_SHEETS,
    FORM1_INFO,
    FORM1_KEYS,
    FORM1_YEARS,
    SHEET_ALIASES,
    SHEETS,
    SheetSpec,
    column_info,
    has_invisible,
    invisible_problem,
    normalise_kode,
)
from .cells import (
    fraction_column,
    header_aliases,
    is_blank,
    normalise_header,
    parse_cell,
    parse_number,
)
from .xlsx_guard import check_xlsx_bounds

WORKBOOK_NAMES = ("instrumen.xlsx", "instrumen.xlsm")
HEADER_SEARCH_ROWS = 20
_EXCEL_ERRORS = {"#div/0!", "#n/a", "#name?", "#null!", "#num!", "#ref!", "#value!",
                 "#spill!", "#calc!", "#getting_data"}
_TOTAL_WORDS = {"jumlah", "total", "jumlah total", "total kabupaten", "jumlah kabupaten",
                "jumlah kecamatan", "total kecamatan", "grand total", "sub total", "subtotal"}
_FORM1_ALIASES = {
    "kode_kabupaten_kota": "kode_kabupaten", "kode_kab": "kode_kabupaten",
    "kode_kota": "kode_kabupaten", "nama_kabupaten_kota": "nama_kabupaten",
    "kabupaten": "nama_kabupaten", "kabupaten_kota": "nama_kabupaten", "provinsi": "nama_provinsi",
    "tahun_analisis": "tahun", "pokja": "nama_pokja",
}
_HINTS = {
    "number": "isi dengan angka saja, mis. 12,5 atau 1.234 (tanpa satuan atau teks)",
    "count": "isi dengan bilangan bulat, mis. 1.234 (tanpa satuan atau teks)",
    "pct": "isi persen 0–100, mis. 45 atau 45%",
    "flag": "pilih ya atau tidak (boleh juga 1 atau 0)",
    "urban": "isi 1 (urban/perkotaan) atau 2 (rural/perdesaan)",
    "score": "pilih skor 1, 2, 3 atau 4",
    "year": "isi tahun empat angka, mis. 2025",
    "date": "isi tanggal, mis. 2026-03-15 atau 15/03/2026 (hari/bulan/tahun)",
}


@dataclass(frozen=True)
class _Formula:
    """A formula cell whose computed value was not stored in the file."""

    text: str

    def __str__(self) -> str:
        return self.text


class _Grid:
    """Cell values of one sheet: ``(row, col) → value`` and percent-formatted cells."""

    def __init__(self, values: dict[tuple[int, int], object], percent: set[tuple[int, int]],
                 merged: set[tuple[int, int]] | None = None):
        self.values = values
        self.percent = percent
        self.merged = merged or set()
        self._rows: dict[int, dict[int, object]] = {}
        for (r, c), v in values.items():
            self._rows.setdefault(r, {})[c] = v

    def rows(self) -> list[int]:
        return sorted(self._rows)

    def row(self, r: int) -> dict[int, object]:
        return dict(self._rows.get(r, {}))


def find_workbook(folder: Path) -> Path | None:
    """The instrumen workbook of a package folder (``instrumen.xlsx``/``.xlsm``), or None."""
    for name in WORKBOOK_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_workbook(src: Path) -> tuple[dict, dict[str, pd.DataFrame] | None, list[Problem]]:
    """Read every contract sheet of an instrumen workbook.

    Parameters
    ----------
    src : Path
        The ``.xlsx`` file.

    Returns
    -------
    form1 : dict
        Form 1 parameters (``kode_kabupaten`` normalised, ``tahun`` an int).
    sheets : dict or None
        Contract sheet name → DataFrame with the contract columns (numbers as float, codes
        normalised) and ``_baris`` (the Excel row). None when the file cannot be opened.
    problems : list of Problem
    """
    fname = src.name
    problems: list[Problem] = []
    wb, wbf = _open(src, problems)
    if wb is None:
        return {}, None, problems
    found = _map_sheets(wb, fname, problems)
    sheets: dict[str, pd.DataFrame] = {}
    form1: dict = {}
    for spec in SHEETS.values():
        ws = found.get(spec.name)
        if ws is None:
            if spec.required:
                present = ", ".join(w.title for w in wb.worksheets) or "(tidak ada)"
                problems.append(Problem(
                    fname, "sheet wajib tidak ada", sheet=spec.name,
                    hint=f"tambahkan sheet bernama '{spec.name}' (sheet yang ada: {present}); "
                         "atau buat ulang dengan: ppsp template BATAS --kabupaten KODE"))
            sheets[spec.name] = _empty(spec)
            continue
        grid = _grid(ws, None if wbf is None else wbf[ws.title])
        if spec.name == "Form1":
            form1, sheets[spec.name] = _read_form1(grid, spec, fname, problems)
        else:
            sheets[spec.name] = _read_table(grid, spec, fname, problems)
    return form1, sheets, problems


def _empty(spec: SheetSpec) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c in spec.numeric else object)
                         for c in (*spec.table_columns, "_baris")})


# --- opening ----------------------------------------------------------------------------------

def _open(src: Path, problems: list[Problem]):
    import openpyxl

    fname = src.name
    try:
        with open(src, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        problems.append(Problem(fname, f"file tidak dapat dibuka ({exc.strerror})",
                                hint="tutup file di Excel lalu periksa izin akses folder"))
        return None, None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        problems.append(Problem(
            fname, "file ini berformat Excel lama (.xls) atau dikunci dengan kata sandi",
            hint="buka di Excel lalu File > Save As > 'Excel Workbook (*.xlsx)', tanpa kata "
                 "sandi"))
        return None, None
    if not head.startswith(b"PK"):
        problems.append(Problem(
            fname, "isi file bukan format Excel .xlsx (mungkin CSV/teks yang diganti namanya)",
            hint="buka file sumbernya di Excel lalu simpan sebagai 'Excel Workbook (*.xlsx)'; "
                 "jangan hanya mengganti ekstensi nama file"))
        return None, None
    bounds, stats = check_xlsx_bounds(src, fname)
    if bounds:
        problems.extend(bounds)
        return None, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(src, data_only=True)
            wbf = openpyxl.load_workbook(src, data_only=False) if stats.has_formulas else None
    except Exception as exc:  # openpyxl/zipfile raise many types for damaged files
        problems.append(Problem(
            fname, f"file Excel rusak dan tidak dapat dibaca ({type(exc).__name__}: {exc})",
            hint="buka di Excel/LibreOffice; bila bisa dibuka, simpan ulang sebagai .xlsx"))
        return None, None
    return wb, wbf


def sheet_key(name: str) -> str:
    """Comparable sheet name: lower case, letters and digits only (``Form 2`` → ``form2``)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _map_sheets(wb, fname: str, problems: list[Problem]) -> dict:
    by_spec: dict[str, list] = {}
    lower = {s.lower(): s for s in SHEETS}
    aux = {sheet_key(a) for a in AUX_SHEETS}
    for ws in wb.worksheets:
        key = sheet_key(ws.title)
        name = SHEET_ALIASES.get(key) or lower.get(ws.title.strip().lower())
        if name is None or key in aux:
            continue
        by_spec.setdefault(name, []).append(ws)
    found = {}
    for name, sheets in by_spec.items():
        exact = [ws for ws in sheets if ws.title.strip().lower() == name.lower()]
        if len(sheets) > 1 and len(exact) != 1:
            titles = " dan ".join(f"'{ws.title}'" for ws in sheets)
            problems.append(Problem(fname, f"ada {len(sheets)} sheet yang sama-sama dibaca sebagai "
                                    f"{name}: {titles}", sheet=name,
                                    hint="hapus atau ganti nama sheet yang tidak dipakai"))
            continue
        ws = exact[0] if exact else sheets[0]
        if ws.sheet_state != "visible":
            problems.append(Problem(
                fname, "sheet ini tersembunyi (hidden) tetapi tetap dibaca", sheet=ws.title,
                hint="tampilkan (klik kanan tab > Unhide) dan periksa isinya; hapus bila bukan "
                     "data yang dimaksud", severity="warning"))
        found[name] = ws
    return found


def _grid(ws, wsf) -> _Grid:
    cells = getattr(ws, "_cells", None)
    items = cells.items() if cells is not None else (
        ((c.row, c.column), c) for row in ws.iter_rows() for c in row)
    values: dict[tuple[int, int], object] = {}
    percent: set[tuple[int, int]] = set()
    for key, cell in items:
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        values[key] = value
        fmt = cell.number_format or ""
        if "%" in fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
            percent.add(key)
    if wsf is not None:
        fcells = getattr(wsf, "_cells", {})
        for key, cell in fcells.items():
            f = cell.value
            text = getattr(f, "text", f)
            if isinstance(text, str) and text.startswith("=") and key not in values:
                values[key] = _Formula(text)
    merged: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        if top not in values or rng.max_row == rng.min_row:
            continue
        for r in range(rng.min_row + 1, rng.max_row + 1):
            if (r, rng.min_col) not in values:
                values[(r, rng.min_col)] = values[top]
                merged.add((r, rng.min_col))
            if top in percent:
                percent.add((r, rng.min_col))
    return _Grid(values, percent, merged)


# --- tables -----------------------------------------------------------------------------------

def col_letter(c: int) -> str:
    """Excel column letter of a 1-based index (1 → A, 27 → AA)."""
    out = ""
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def _header(grid: _Grid, spec: SheetSpec, aliases: dict[str, str]):
    best_row, best_hits = None, 0
    for r in grid.rows()[:HEADER_SEARCH_ROWS]:
        hits = {aliases.get(normalise_header(v)) for v in grid.row(r).values()
                if isinstance(v, str)} - {None}
        if len(hits) > best_hits:
            best_row, best_hits = r, len(hits)
    need = min(2, len(spec.columns))
    return best_row if best_hits >= need else None


def _is_heading_row(cells: dict[int, object], columns: dict[int, str],
                    aliases: dict[str, str]) -> bool:
    filled = [(c, v) for c, v in cells.items() if not is_blank(v)]
    if not filled:
        return False
    own = 0
    for c, v in filled:
        if not isinstance(v, str):
            continue
        text = v.strip()
        if (text.startswith("(") and text.endswith(")")) or aliases.get(
                normalise_header(text)) == columns.get(c):
            own += 1
    return own >= max(1, math.ceil(len(filled) / 2))


def _read_table(grid: _Grid, spec: SheetSpec, fname: str,
                problems: list[Problem]) -> pd.DataFrame:
    aliases = header_aliases(spec)
    hrow = _header(grid, spec, aliases)
    if hrow is None:
        if grid.values:
            problems.append(Problem(
                fname, "baris judul kolom tidak ditemukan", sheet=spec.name, row=1,
                hint="baris 1 harus berisi nama kolom: " + ", ".join(spec.columns[:6])
                     + (" …" if len(spec.columns) > 6 else "")))
        elif spec.required:
            problems.append(Problem(fname, "sheet kosong", sheet=spec.name,
                                    hint="isi sheet ini; buat ulang dengan ppsp template bila "
                                         "perlu"))
        return _empty(spec)
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    for c, v in sorted(grid.row(hrow).items()):
        name = aliases.get(normalise_header(v)) or normalise_header(v)
        if not name:
            continue
        if name in seen:
            problems.append(Problem(
                fname, f"kolom '{name}' muncul dua kali (kolom {col_letter(seen[name])} dan "
                       f"{col_letter(c)})", sheet=spec.name, row=hrow, column=name,
                hint="hapus atau ganti nama salah satu kolom"))
            continue
        seen[name] = c
        columns[c] = name
    for col in spec.columns:
        if col not in seen:
            problems.append(Problem(
                fname, "kolom wajib tidak ada", sheet=spec.name, column=col,
                hint=f"tambahkan kolom berjudul '{col}' di baris judul (baris {hrow})"))
    records: list[dict] = []
    percent_cells: list[set[str]] = []
    for r in grid.rows():
        if r <= hrow:
            continue
        cells = {c: v for c, v in grid.row(r).items() if c in columns}
        if all(is_blank(v) or (r, c) in grid.merged for c, v in cells.items()):
            continue
        if _is_heading_row(cells, columns, aliases):
            continue
        named = {columns[c]: v for c, v in cells.items()}
        if _is_total_row(named):
            problems.append(Problem(fname, "baris jumlah/total dilewati (bukan data desa)",
                                    sheet=spec.name, row=r, severity="warning",
                                    hint="hapus baris jumlah bila tidak diperlukan"))
            continue
        if spec.prefilled and all(is_blank(v) for k, v in named.items()
                                  if k not in spec.prefilled):
            continue
        rec, pct = _parse_row(named, {columns[c]: c for c in cells}, r, grid, spec, fname,
                              problems)
        records.append(rec)
        percent_cells.append(pct)
    df = pd.DataFrame.from_records(records, columns=[*columns.values(), "_baris"])
    for col in spec.table_columns:          # missing required ones were reported above
        if col not in df:
            df[col] = np.nan if col in spec.numeric else None
    for col in spec.numeric:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    _fractions(df, percent_cells, spec, fname, problems)
    for col in df.columns:
        if col in spec.numeric or col == "_baris":
            continue
        if col not in spec.all_columns and df[col].map(
                lambda v: v is None or isinstance(v, float)).all():
            df[col] = df[col].astype(float)
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    df["_baris"] = df["_baris"].astype(int)
    df = df.reset_index(drop=True)
    df.attrs["kolom_hilang"] = tuple(c for c in spec.columns if c not in seen)
    return df


def _is_total_row(named: dict[str, object]) -> bool:
    if not is_blank(named.get("kode_desa")):
        return False
    return any(isinstance(v, str) and re.sub(r"[^a-z ]", "", v.lower()).strip() in _TOTAL_WORDS
               for v in named.values())


def _parse_row(named: dict, letters: dict, r: int, grid: _Grid, spec: SheetSpec, fname: str,
               problems: list[Problem]) -> tuple[dict, set[str]]:
    rec: dict[str, object] = {"_baris": r}
    explicit_pct: set[str] = set()
    for col, raw in named.items():
        info = column_info(spec.name, col)
        kind = info.kind if (col in spec.numeric
                             or info.kind in ("kode", "choice", "date")) else "text"
        if col not in spec.all_columns:
            rec[col] = _extra_value(raw)
            continue
        cell = f"{col_letter(letters[col])}{r}"
        pct_fmt = (r, letters[col]) in grid.percent
        if isinstance(raw, _Formula):
            problems.append(Problem(
                fname, f"sel {cell} berisi rumus '{raw.text}' tanpa hasil yang tersimpan",
                sheet=spec.name, row=r, column=col,
                hint="buka file di Excel/LibreOffice lalu simpan (Ctrl+S) agar hasil rumus ikut "
                     "tersimpan, atau ganti rumus dengan nilainya (Paste Special > Values)"))
            rec[col] = np.nan if col in spec.numeric else None
            continue
        if isinstance(raw, str) and raw.strip().lower() in _EXCEL_ERRORS:
            problems.append(Problem(
                fname, f"sel {cell} berisi galat rumus {raw.strip()}", sheet=spec.name, row=r,
                column=col, hint="perbaiki rumus di sel itu atau ganti dengan nilai"))
            rec[col] = np.nan if col in spec.numeric else None
            continue
        try:
            rec[col] = parse_cell(raw, kind, info.choices, pct_fmt, info.aliases)
        except ValueError as exc:
            reason = str(exc)
            hint = _HINTS.get(kind, "periksa isi sel")
            shown = f"'{_show(raw)}'"
            if isinstance(raw, (_dt.date, _dt.datetime, _dt.time)):
                if isinstance(raw, _dt.datetime) and raw.time() == _dt.time():
                    raw = raw.date()
                shown, reason = f"tanggal {raw.isoformat()}", "bukan angka"
                hint = ("Excel mengubah ketikan menjadi tanggal; format sel sebagai Number lalu "
                        "ketik ulang angkanya")
            problems.append(Problem(fname, f"nilai {shown} {reason} (sel {cell})",
                                    sheet=spec.name, row=r, column=col, hint=hint))
            rec[col] = np.nan
            continue
        if kind == "kode" and has_invisible(raw):
            problems.append(invisible_problem(fname, raw, spec.name, r, col, cell))
        if info.kind == "pct" and (pct_fmt or (isinstance(raw, str) and "%" in raw)):
            explicit_pct.add(col)
    return rec, explicit_pct


def _extra_value(raw: object) -> object:
    """A column outside the contract: a number when it reads as one, else the text."""
    if isinstance(raw, _Formula) or is_blank(raw):
        return None
    try:
        return parse_number(raw)
    except ValueError:
        return re.sub(r"\s+", " ", str(raw)).strip()


def _show(value: object) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "…"


def _fractions(df: pd.DataFrame, explicit: list[set[str]], spec: SheetSpec, fname: str,
               problems: list[Problem]) -> None:
    for col in spec.numeric:
        if column_info(spec.name, col).kind != "pct" or df.empty:
            continue
        implicit = pd.Series([col not in e for e in explicit], index=df.index)
        values = df.loc[implicit, col]
        if fraction_column(values.tolist()):
            df.loc[implicit & df[col].notna(), col] = (values * 100).round(10)
            rows = df.loc[implicit & df[col].notna(), "_baris"].tolist()
            problems.append(Problem(
                fname, f"semua nilai di kolom ini antara 0 dan 1; dibaca sebagai pecahan dan "
                       f"dikali 100 (0,45 → 45%) pada {len(rows)} baris", sheet=spec.name,
                row=rows[0] if rows else None, column=col, severity="warning",
                hint="bila maksudnya memang kurang dari 1%, tulis dengan tanda %, mis. 0,45%"))


# --- Form 1 -----------------------------------------------------------------------------------

def _form1_key(value: object) -> str:
    key = normalise_header(value)
    if key in FORM1_INFO:
        return key
    if key in _FORM1_ALIASES:
        return _FORM1_ALIASES[key]
    for k, (label, _) in FORM1_INFO.items():
        if normalise_header(label) == key:
            return k
    return key


def _read_form1(grid: _Grid, spec: SheetSpec, fname: str,
                problems: list[Problem]) -> tuple[dict, pd.DataFrame]:
    aliases = header_aliases(spec)
    hrow = _header(grid, spec, aliases)
    if hrow is not None:
        header = {aliases.get(normalise_header(v)): c for c, v in grid.row(hrow).items()}
        kcol, vcol = header.get("parameter"), header.get("nilai")
    else:
        hrow = 0
        kcol, vcol = 1, 2
        known = sum(1 for (_, c), v in grid.values.items()
                    if c == 1 and _form1_key(v) in FORM1_INFO)
        if known < 2:
            problems.append(Problem(
                fname, "baris judul kolom tidak ditemukan" if grid.values else "sheet kosong",
                sheet="Form1", row=1,
                hint="baris 1: 'parameter' dan 'nilai'; di bawahnya satu parameter per baris "
                     "(nama_pokja, kode_kabupaten, nama_kabupaten, nama_provinsi, tahun)"))
            return {}, _empty(spec)
    if kcol is None or vcol is None:
        for col, c in (("parameter", kcol), ("nilai", vcol)):
            if c is None:
                problems.append(Problem(fname, "kolom wajib tidak ada", sheet="Form1", row=hrow,
                                        column=col, hint=f"tambahkan kolom berjudul '{col}'"))
        return {}, _empty(spec)
    form1: dict = {}
    rows: dict[str, int] = {}
    records = []
    for r in grid.rows():
        if r <= hrow:
            continue
        cells = grid.row(r)
        key = _form1_key(cells.get(kcol))
        if not key:
            continue
        raw = cells.get(vcol)
        if isinstance(raw, _Formula):
            problems.append(Problem(
                fname, f"sel {col_letter(vcol)}{r} berisi rumus '{raw.text}' tanpa hasil yang "
                       "tersimpan", sheet="Form1", row=r, column="nilai",
                hint="buka file di Excel/LibreOffice lalu simpan agar hasil rumus ikut tersimpan"))
            raw = None
        if key in rows:
            problems.append(Problem(fname, f"parameter '{key}' diisi dua kali (baris {rows[key]} "
                                    f"dan {r})", sheet="Form1", row=r, column="parameter",
                                    hint="hapus salah satu baris"))
            continue
        rows[key] = r
        value = _form1_value(key, raw, r, fname, problems)
        form1[key] = value
        records.append({"parameter": key, "nilai": value, "_baris": r})
    for key in FORM1_KEYS:
        if form1.get(key) in (None, ""):
            problems.append(Problem(
                fname, f"parameter '{key}' belum diisi", sheet="Form1", row=rows.get(key),
                column="nilai",
                hint=f"isi {FORM1_INFO[key][0].lower()} di kolom nilai" if key in rows else
                f"tambahkan baris dengan parameter '{key}' dan nilainya"))
    df = pd.DataFrame.from_records(records, columns=["parameter", "nilai", "_baris"])
    return form1, df


def _form1_value(key: str, raw: object, r: int, fname: str, problems: list[Problem]) -> object:
    if is_blank(raw):
        return None
    if key == "kode_kabupaten":
        return normalise_kode(raw)
    if key in FORM1_YEARS:
        try:
            number = parse_number(raw)
        except ValueError:
            number = float("nan")
        if math.isnan(number) or not number.is_integer() or not 1900 <= number <= 2100:
            problems.append(Problem(fname, f"{key} '{_show(raw)}' bukan tahun", sheet="Form1",
                                    row=r, column="nilai",
                                    hint="isi tahun empat angka, mis. 2026",
                                    severity="error" if key in FORM1_KEYS else "warning"))
            return None
        return int(number)
    if isinstance(raw, _dt.datetime):
        return raw.date().isoformat() if raw.time() == _dt.time() else raw.isoformat()
    if isinstance(raw, _dt.date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return re.sub(r"\s+", " ", str(raw)).strip()
