"""Reading EHRA household exports: CSV, XLSX, SPSS ``.sav`` and KoBo exports.

* text (``.csv``/``.txt``): UTF-8 with or without BOM, UTF-16 LE/BE (Excel's "Unicode Text",
  tab separated), Windows-1252; comma, semicolon, tab or ``|`` separated (Excel's ``sep=;``
  first line honoured); quoted cells may span lines — every message names the line of the
  text file where the record starts;
* XLSX: the first visible sheet (or one named ``ehra``/``data``), header found among the
  first rows (title rows above it are skipped, with a warning); KoBo XLSX exports work as
  they are;
* SPSS ``.sav`` (pyreadstat): codes are kept, value labels are returned so that a mapping
  file may name answers by label;
* KoBo column names ``group/question`` are matched by the question part
  (:func:`ppsp_analysis.ehra_mapping.resolve_column`).

Every format: column names that are equal once spaces and case are ignored are an error
naming both columns; invisible characters pasted into cells (zero-width space, NBSP, a BOM)
are removed with a warning naming the first cell; a file with a header and no records is an
error.

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
from ..ehra_mapping import IDENTITY, MAPPING_NAMES, EhraMapping, parse_mapping
from ..schema import (
    BLANK_TEXTS,
    EHRA_ANSWER_CODES,
    clean_invisible,
    has_invisible,
    invisible_problem,
)
from .cells import is_blank
from .workbook import _TOTAL_WORDS, col_letter

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
        One row per record; ``_baris`` is the line of the text file where the record starts
        (a quoted cell may span several lines), the Excel row, or the SPSS case number.
    labels : dict
        SPSS value labels ``{column: {code: label}}``.
    problems : list of Problem
        Unreadable files, a header without records, duplicated column names, ragged lines;
        as warnings: invisible characters removed from cells, a non-Unicode encoding.
    """
    suffix = src.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            raw, labels, problems = _read_csv(src)
        elif suffix == ".xlsx":
            raw, labels, problems = _read_xlsx(src)
        elif suffix == ".sav":
            raw, labels, problems = _read_sav(src)
        else:
            return None, {}, [Problem(src.name, f"format {suffix} tidak dikenal",
                                      hint="pakai .csv, .xlsx atau .sav")]
    except Exception as exc:  # parsers raise many types for corrupt files
        return None, {}, [Problem(src.name, f"file EHRA tidak dapat dibaca ({exc})",
                                  hint="buka di Excel/SPSS dan simpan ulang; atau ekspor ulang "
                                       "dari KoBo sebagai CSV/XLSX")]
    if raw is not None and raw.empty and not any(p.severity == "error" for p in problems):
        problems.append(Problem(
            src.name, "file EHRA hanya berisi baris judul kolom, tanpa satu pun rumah tangga",
            sheet=raw.attrs.get("sheet"), row=raw.attrs.get("baris_judul"),
            hint="ekspor ulang data rumah tangga (periksa filter di KoBo/Excel); bila survei "
                 "EHRA belum ada, pindahkan file ini dari folder paket"))
        return None, {}, problems
    return raw, labels, problems


#: Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_LEGACY = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}


def decode_text(raw: bytes) -> tuple[str, str]:
    r"""Decode a text export whatever program saved it.

    A byte order mark decides (UTF-8, UTF-16 LE/BE — Excel's "Unicode Text" —, UTF-32);
    without one, UTF-16 is recognised by its zero bytes, then UTF-8 is tried, then
    Windows-1252 (Excel's "CSV (Comma delimited)" on Indonesian Windows), then Latin-1.

    Returns
    -------
    text : str
        Without the byte order mark.
    encoding : str
        The codec used (``utf-8``, ``utf-16-le``, ``cp1252`` …).

    Examples
    --------
    >>> decode_text("a\tb".encode("utf-16-le")), decode_text("a\tb".encode("utf-16-be"))
    (('a\tb', 'utf-16-le'), ('a\tb', 'utf-16-be'))
    >>> decode_text(b"\xef\xbb\xbfkode"), decode_text("Sé".encode("cp1252"))
    (('kode', 'utf-8'), ('Sé', 'cp1252'))
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace"), enc
    head = raw[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        return raw[: len(raw) // 2 * 2].decode(enc, errors="replace"), enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak"}


def sniff_delimiter(text: str) -> str:
    r"""The field delimiter of a delimited text: the one that splits the first lines into the
    same, largest number of fields (comma, semicolon, tab or ``|``).

    Examples
    --------
    >>> sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), sniff_delimiter("a\tb\n1\t2\n")
    (';', '\t')
    >>> sniff_delimiter('Data EHRA 2025\nid,kode\n1,"62.10; x"\n2,6210\n')
    ','
    """
    lines = text.splitlines()
    sample = "\n".join(lines[:60])
    truncated = len(lines) > 60
    best, best_key = ",", None
    for d in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d)
                    if any(f.strip() for f in r)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]              # may be cut inside a quoted cell
        if not rows:
            continue
        counts = [len(r) for r in rows]
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        key = (mode > 1, counts.count(mode) / len(counts), mode)
        if best_key is None or key > best_key:
            best, best_key = d, key
    return best


def _read_csv(src: Path):
    text, encoding = decode_text(src.read_bytes())
    problems: list[Problem] = []
    if not text.strip():
        return None, {}, [Problem(src.name, "file EHRA kosong",
                                  hint="ekspor ulang data rumah tangga")]
    sep = None
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).strip().strip('"')
    if re.fullmatch(r"sep=.", first, flags=re.IGNORECASE):      # Excel's "sep=;" line
        sep = first[-1]
        text = "" if first_end < 0 else "\n" + text[first_end + 1:]
    sep = sep or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records: list[tuple[int, list[str]]] = []
    spans: set[int] = set()
    previous = 0
    try:
        for fields in reader:
            start, previous = previous + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            records.append((start, fields))
            if previous > start:
                spans.add(start)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):       # a quote never closed
            return None, {}, [Problem(
                src.name, "tanda kutip (\") di rekaman ini tidak ditutup: sisa file terbaca "
                          "sebagai isi satu sel", row=previous + 1,
                hint="hapus tanda kutip itu atau tambahkan tanda kutip penutup")]
        return None, {}, [Problem(src.name, f"file teks rusak ({exc})", row=previous + 1,
                                  hint="buka di Excel lalu simpan ulang sebagai 'CSV UTF-8'")]
    if not records:
        return None, {}, [Problem(src.name, "file EHRA kosong",
                                  hint="ekspor ulang data rumah tangga")]
    hidx = _header_index([f for _, f in records])
    hline, header = records[hidx]
    width = len(header)
    swallowed = _unclosed_quote(records, spans, sep, width)
    if swallowed is not None:
        line, col, n = swallowed
        return None, {}, [Problem(
            src.name, f"tanda kutip (\") di sel ini tidak ditutup: {n} baris berikutnya terbaca "
                      "sebagai isi satu sel", row=line,
            column=str(header[col]).strip() if col < width else None,
            hint="hapus tanda kutip itu atau tambahkan tanda kutip penutup; teks yang memuat "
                 "tanda kutip ditulis dengan dua tanda kutip (\"\")")]
    rows, ragged = [], []
    for line, fields in records[hidx + 1:]:
        if len(fields) > width and any(f.strip() for f in fields[width:]):
            ragged.append((line, len(fields)))
        else:
            rows.append((line, fields[:width] + [""] * (width - len(fields))))
    for line, saw in ragged[:10]:
        problems.append(Problem(
            src.name, f"baris ini punya {saw} kolom, padahal judul punya {width}", row=line,
            hint=("ada tanda kutip (\") yang tidak ditutup sehingga beberapa baris terbaca "
                  "sebagai satu; periksa tanda kutip mulai baris ini" if line in spans else
                  f"periksa tanda pemisah ({_DELIMITER_NAMES[sep]}) di dalam isian: apit teks "
                  "yang berisi pemisah dengan tanda kutip")))
    if len(ragged) > 10:
        problems.append(Problem(src.name, f"… dan {len(ragged) - 10} baris lain dengan jumlah "
                                "kolom berbeda dari judul",
                                hint="periksa tanda pemisah dan tanda kutip"))
    if ragged:
        return None, {}, problems
    df, found = _table(src.name, header, rows, hline, letters=False)
    problems += found
    if hidx:
        problems.append(_header_moved(src.name, None, hline))
    multi = sorted(s for s in spans if s > hline)
    if multi:
        problems.append(Problem(
            src.name, "sel bertanda kutip berisi ganti baris (Enter): rekaman yang mulai di "
                      "baris ini memakai lebih dari satu baris file"
                      + (f" (juga {len(multi) - 1} rekaman lain)" if len(multi) > 1 else ""),
            row=multi[0],
            severity="warning",
            hint="nomor baris dalam pesan adalah nomor baris file teks (editor teks/Notepad); "
                 "di Excel rekaman seperti ini tampil dalam satu baris"))
    if encoding in _LEGACY:
        problems.append(Problem(src.name, f"file dibaca dengan pengodean {_LEGACY[encoding]} "
                                "(bukan UTF-8)", severity="warning",
                                hint="periksa huruf khusus pada nama; simpan sebagai 'CSV UTF-8' "
                                     "bila ada yang salah"))
    return df, {}, problems


def _unclosed_quote(records: list[tuple[int, list[str]]], spans: set[int], sep: str,
                    width: int) -> tuple[int, int, int] | None:
    """A cell whose opening quote is never closed swallows the following lines: its text
    holds line breaks and at least a whole row's worth of delimiters. Returns (line of the
    record, column index, lines swallowed) of the first such cell."""
    for line, fields in records:
        if line not in spans:
            continue
        for i, f in enumerate(fields):
            if "\n" in f or "\r" in f:
                inner = f.splitlines()
                if sum(part.count(sep) >= max(1, width - 2) for part in inner[1:]):
                    return line, i, len(inner) - 1
    return None


#: Column names that mark the header row of an EHRA export (compared by their last part).
_KNOWN_HEADERS = frozenset({*IDENTITY, *EHRA_ANSWER_CODES, "_uuid", "_index", "_id",
                            "instanceid", "kode_rt", "no_rt"})


def _row_hits(row) -> int:
    return sum(1 for v in row if isinstance(v, str)
               and re.split(r"[/:]", clean_invisible(v).lower())[-1] in _KNOWN_HEADERS)


def _known_hits(rows) -> int:
    """The most known EHRA column names found in one of ``rows``."""
    return max((_row_hits(r) for r in rows), default=0)


def _header_index(rows: list[list]) -> int:
    """Index of the header among the first rows: the row naming the most known columns, else
    the first row filled at least half as wide as the widest (title rows are skipped)."""
    head = rows[:20]
    filled = [sum(1 for v in r if v is not None and str(v).strip()) for r in head]
    hits = [_row_hits(r) for r in head]
    if hits and max(hits) >= 2:
        return hits.index(max(hits))
    widest = max(filled, default=0)
    return next((i for i, n in enumerate(filled) if n >= 2 and n * 2 >= widest), 0)


def _header_moved(fname: str, sheet: str | None, row: int) -> Problem:
    return Problem(fname, f"judul kolom dibaca dari baris {row}; baris di atasnya (judul "
                          "tabel/keterangan) dilewati", sheet=sheet, row=row, severity="warning",
                   hint="periksa bahwa baris ini memang baris judul kolom")


def _table(fname: str, header: list, rows: list[tuple[int, list]], hrow: int,
           letters: bool, sheet: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The raw EHRA table from a header and ``(row number, values)`` records.

    Header names are cleaned (invisible characters, repeated spaces); two columns whose
    names are equal once spaces and case are ignored are an error naming both. Text cells
    lose invisible characters (warned once per column, naming the first cell) and
    surrounding spaces; blank cells become missing; blank records are dropped.
    """
    problems: list[Problem] = []
    totals = [r for r, v in rows if _is_total(v)]
    if totals:
        rows = [(r, v) for r, v in rows if r not in set(totals)]
        problems.append(Problem(fname, "baris jumlah/total dilewati (bukan data rumah tangga)",
                                sheet=sheet, row=totals[0], severity="warning",
                                hint="hapus baris jumlah dari data rumah tangga"))
    keep: list[tuple[int, str]] = []
    seen: dict[str, tuple[int, str]] = {}
    for i, raw_name in enumerate(header):
        name = "" if raw_name is None else re.sub(r"\s+", " ", clean_invisible(str(raw_name)))
        if not name:
            if not any(i < len(r) and not is_blank(r[i]) for _, r in rows):
                continue
            name = f"kolom_{col_letter(i + 1)}"
        key = name.casefold()
        if key in seen:
            j, first = seen[key]
            what = (f"kolom '{first}' muncul dua kali" if str(header[j]) == str(raw_name) else
                    f"judul kolom '{header[j]}' dan '{raw_name}' sama bila spasi dan huruf "
                    "besar/kecil diabaikan")
            problems.append(Problem(
                fname, f"{what}: {_positions(j, i, letters)}",
                sheet=sheet, row=hrow, column=first,
                hint="hapus atau ganti nama salah satu kolom; setiap judul kolom harus unik"))
            continue
        seen[key] = (i, name)
        keep.append((i, name))
    df = pd.DataFrame({name: [r[i] if i < len(r) else None for _, r in rows]
                       for i, name in keep}, columns=[n for _, n in keep], dtype=object)
    df["_baris"] = [line for line, _ in rows]
    for i, col in keep:
        values = df[col]
        text = values.map(lambda v: isinstance(v, str))
        if not text.any():
            continue
        strings = values[text]
        if strings.str.startswith('="').any():              # Excel's ="0123" text idiom
            strings = strings.str.replace(r'^="(.*)"$', r"\1", regex=True)
        if not has_invisible("".join(strings)):              # the common case, fast
            cleaned = strings.str.strip()
            df.loc[text, col] = cleaned.where(~cleaned.str.lower().isin(BLANK_TEXTS), None)
            continue
        hidden = text & values.map(has_invisible)
        if hidden.any():
            first = df.index[hidden][0]
            problems.append(invisible_problem(
                fname, values[first], sheet, int(df.at[first, "_baris"]), col,
                f"{col_letter(i + 1)}{df.at[first, '_baris']}" if letters else None,
                int(hidden.sum())))
        cleaned = strings.map(clean_invisible)
        df.loc[text, col] = cleaned.where(~cleaned.str.lower().isin(BLANK_TEXTS), None)
    body = df.drop(columns="_baris")
    df = df[body.notna().any(axis=1)] if len(body.columns) else df.iloc[0:0]
    df = df.reset_index(drop=True)
    df.attrs.update(sheet=sheet, baris_judul=hrow)
    return df, problems


def _is_total(values: list) -> bool:
    """A ``Jumlah``/``Total`` row added under the data in Excel (first filled cell)."""
    first = next((v for v in values if not is_blank(v)), None)
    return isinstance(first, str) and re.sub(r"\s+", " ", first.strip().lower()).rstrip(
        ":") in _TOTAL_WORDS


def _positions(i: int, j: int, letters: bool) -> str:
    """Where two columns are: ``kolom B dan W`` (Excel) or ``kolom ke-2 dan ke-23 (B dan W
    di Excel)`` (text file); ``i``, ``j`` are 0-based."""
    a, b = col_letter(i + 1), col_letter(j + 1)
    return f"kolom {a} dan {b}" if letters else \
        f"kolom ke-{i + 1} dan ke-{j + 1} ({a} dan {b} di Excel)"


def _read_xlsx(src: Path):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(src, data_only=True, read_only=True)
    try:
        sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets
        named = [ws for ws in sheets
                 if ws.title.strip().lower() in ("ehra", "data", "rumah_tangga")]
        ws = (named or sheets)[0]
        chosen_note = None
        if not named and len(sheets) > 1:          # e.g. a "Petunjuk" sheet before the data
            hits = [_known_hits(ws.iter_rows(max_row=20, values_only=True)) for ws in sheets]
            if max(hits) >= 2:
                ws = sheets[hits.index(max(hits))]
                others = [s.title for s, h in zip(sheets, hits, strict=True)
                          if h >= 2 and s is not ws]
                if others:
                    chosen_note = others
        title = ws.title
        records = [(r, list(row)) for r, row in enumerate(ws.iter_rows(values_only=True),
                                                          start=1)
                   if any(v is not None and str(v).strip() for v in row)]
    finally:
        wb.close()
    if not records:
        return None, {}, [Problem(src.name, "sheet data EHRA kosong", sheet=title,
                                  hint="baris pertama: nama kolom; baris berikutnya: satu rumah "
                                       "tangga per baris")]
    hidx = _header_index([v for _, v in records])
    hrow, header = records[hidx]
    names = [None if v is None else str(v).strip() for v in header]
    rows = [(r, v) for r, v in records[hidx + 1:]
            if not all(str(v[i]).strip() == n for i, n in enumerate(names)
                       if n and i < len(v))]          # a repeated header row
    df, problems = _table(src.name, names, rows, hrow, letters=True, sheet=title)
    if chosen_note:
        problems.append(Problem(
            src.name, f"ada beberapa sheet berisi data EHRA ({', '.join([title, *chosen_note])}); "
                      f"yang dibaca hanya sheet '{title}'", sheet=title, severity="warning",
            hint="beri nama sheet data 'ehra', atau pindahkan sheet lain ke file terpisah"))
    if hidx:
        problems.append(_header_moved(src.name, title, hrow))
    return df, {}, problems


def _read_sav(src: Path):
    import pyreadstat

    df, meta = pyreadstat.read_sav(str(src), apply_value_formats=False)
    df.columns = [str(c).strip() for c in df.columns]
    df["_baris"] = np.arange(1, len(df) + 1)
    df.attrs.update(sheet=None, baris_judul=None)
    labels = {str(k).strip(): dict(v) for k, v in (meta.variable_value_labels or {}).items()}
    return df, labels, []
