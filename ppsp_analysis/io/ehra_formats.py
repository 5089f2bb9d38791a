"""Reading EHRA household exports: CSV, XLSX, SPSS ``.sav`` and KoBo exports.

* CSV: UTF-8 (with or without BOM) or Windows-1252; comma, semicolon or tab separated;
* XLSX: the first visible sheet (or one named ``ehra``/``data``), header in its first
  non-empty row; KoBo XLSX exports work as they are;
* SPSS ``.sav`` (pyreadstat): codes are kept, value labels are returned so that a mapping
  file may name answers by label;
* KoBo column names ``group/question`` are matched by the question part
  (:func:`ppsp_analysis.ehra_mapping.resolve_column`).

The mapping file ``pemetaan_ehra.yaml`` (see :mod:`ppsp_analysis.ehra_mapping`) is read here
too. Only reading happens in this module; the mapping itself is pure.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .._errors import Problem
from ..ehra_mapping import MAPPING_NAMES, EhraMapping, parse_mapping

EHRA_NAMES = ("ehra.csv", "ehra.xlsx", "ehra.sav", "ehra.txt")


def find_ehra_file(folder: Path) -> Path | None:
    """The EHRA export of a package folder (first of :data:`EHRA_NAMES`), or None."""
    for name in EHRA_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_mapping_file(folder: Path) -> tuple[EhraMapping | None, str | None, list[Problem]]:
    """Read ``pemetaan_ehra.yaml`` of a package folder when present.

    Returns
    -------
    mapping : EhraMapping or None
    name : str or None
        The file name read.
    problems : list of Problem
    """
    for name in MAPPING_NAMES:
        src = folder / name
        if src.is_file():
            try:
                data = yaml.safe_load(src.read_text("utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                return None, name, [yaml_problem(name, exc)]
            mapping, problems = parse_mapping(data, name)
            return mapping, name, problems
    return None, None, []


def yaml_problem(fname: str, exc: Exception) -> Problem:
    """One-line problem for a YAML file that does not parse (with its line number)."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(fname, "file bukan teks UTF-8", hint=f"simpan ulang {fname} sebagai UTF-8")
    mark = getattr(exc, "problem_mark", None)
    what = " ".join(str(getattr(exc, "problem", None) or exc).split())
    return Problem(fname, f"YAML tidak valid: {what}",
                   row=None if mark is None else mark.line + 1,
                   hint="periksa indentasi (spasi, bukan tab), tanda titik dua dan tanda kurung "
                        "yang belum ditutup")


def read_export(src: Path) -> tuple[pd.DataFrame | None, dict[str, dict], list[Problem]]:
    """Read an EHRA export as raw text/number cells, with ``_baris``.

    Parameters
    ----------
    src : Path
        ``.csv``/``.txt``, ``.xlsx`` or ``.sav``.

    Returns
    -------
    raw : DataFrame or None
        One row per record; ``_baris`` is the CSV line, Excel row or SPSS case number.
    labels : dict
        SPSS value labels ``{column: {code: label}}``.
    problems : list of Problem
    """
    suffix = src.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(src)
        if suffix == ".xlsx":
            return _read_xlsx(src)
        if suffix == ".sav":
            return _read_sav(src)
    except Exception as exc:  # parsers raise many types for corrupt files
        return None, {}, [Problem(src.name, f"file EHRA tidak dapat dibaca ({exc})",
                                  hint="buka di Excel/SPSS dan simpan ulang; atau ekspor ulang "
                                       "dari KoBo sebagai CSV/XLSX")]
    return None, {}, [Problem(src.name, f"format {suffix} tidak dikenal",
                              hint="pakai .csv, .xlsx atau .sav")]


def _decode(raw: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1", errors="replace"), "latin-1"


def _read_csv(src: Path):
    text, encoding = _decode(src.read_bytes())
    problems: list[Problem] = []
    if not text.strip():
        return None, {}, [Problem(src.name, "file EHRA kosong",
                                  hint="ekspor ulang data rumah tangga")]
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = lines[0]
        sep = max((",", ";", "\t"), key=first.count)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            want, line, saw = match.groups()
            return None, {}, [Problem(
                src.name, f"baris ini punya {saw} kolom, padahal judul punya {want}",
                row=int(line), hint=f"periksa tanda pemisah '{sep}' di dalam isian (apit teks "
                                    "yang berisi pemisah dengan tanda kutip)")]
        raise
    df.columns = [str(c).strip() for c in df.columns]
    for col in df.columns:
        stripped = df[col].astype(str).str.strip()
        df[col] = stripped.mask(stripped == "")
    df["_baris"] = np.arange(2, len(df) + 2)
    df = df[df.drop(columns="_baris").notna().any(axis=1)]
    if encoding != "utf-8-sig":
        problems.append(Problem(src.name, f"file dibaca dengan pengodean {encoding} (bukan UTF-8)",
                                severity="warning",
                                hint="periksa huruf khusus pada nama; simpan sebagai 'CSV UTF-8' "
                                     "bila ada yang salah"))
    return df.reset_index(drop=True), {}, problems


def _read_xlsx(src: Path):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(src, data_only=True, read_only=True)
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets
    named = [ws for ws in sheets if ws.title.strip().lower() in ("ehra", "data", "rumah_tangga")]
    ws = (named or sheets)[0]
    header: list | None = None
    hrow = 0
    records = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if header is None:
            if sum(v is not None and str(v).strip() != "" for v in row) >= 2:
                header, hrow = [str(v).strip() if v is not None else "" for v in row], r
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        rec = dict(zip(header, row, strict=False))
        if all(str(rec.get(h, "")).strip() == h for h in header if h):
            continue
        rec["_baris"] = r
        records.append(rec)
    wb.close()
    if header is None:
        return None, {}, [Problem(src.name, "sheet data EHRA kosong", sheet=ws.title,
                                  hint="baris pertama: nama kolom; baris berikutnya: satu rumah "
                                       "tangga per baris")]
    cols = [h for h in header if h]
    df = pd.DataFrame.from_records(records, columns=[*cols, "_baris"])
    for col in cols:
        df[col] = df[col].map(lambda v: v.strip() if isinstance(v, str) else v)
        df[col] = df[col].map(lambda v: np.nan if isinstance(v, str) and not v else v)
    del hrow
    return df, {}, []


def _read_sav(src: Path):
    import pyreadstat

    df, meta = pyreadstat.read_sav(str(src), apply_value_formats=False)
    df.columns = [str(c).strip() for c in df.columns]
    df["_baris"] = np.arange(1, len(df) + 1)
    labels = {str(k).strip(): dict(v) for k, v in (meta.variable_value_labels or {}).items()}
    return df, labels, []
