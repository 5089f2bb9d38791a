"""Writing outputs atomically: a temporary sibling, renamed into place on success."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import numbers
import os
import re
import tempfile
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import yaml

from ..package import InputPackage
from .outdir import disk_error
from .outputs import OutputFolder, file_mode

if TYPE_CHECKING:
    from ..labels import Label
    from ..report.excel import ExcelChart

_FORMULA_START = ("=", "+", "-", "@")
DICTIONARY_SHEET = "Keterangan Kolom"
CONTENTS_SHEET = "Daftar Tabel"


def slug(text: str) -> str:
    """File-system friendly lower-case name: ``Kabupaten Kapuas`` → ``kabupaten-kapuas``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path`` (same suffix, for writers that pick the format by
    it); renamed onto ``path`` only when the block succeeds, removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                               dir=path.parent)
    os.close(fd)
    os.chmod(tmp, file_mode())  # mkstemp's 0600 would make outputs private to the user
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        disk = disk_error(exc, tmp)  # a library's own words for a full disk
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if disk is not None:
            raise disk from exc
        raise


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb", encoding: str = "utf-8") -> Iterator:
    """Open a temporary file next to ``path``; rename it onto ``path`` only on success.

    Text modes always name their encoding (UTF-8 unless told otherwise), so a Windows PC
    writes the same bytes as Linux instead of its cp1252 default.
    """
    kwargs = {} if "b" in mode else {"encoding": encoding}
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that start with ``= + - @`` by an apostrophe (formula injection)."""
    out = df.copy()
    for j in range(out.shape[1]):  # by position: duplicate column names are fine
        col = out.iloc[:, j]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out.isetitem(j, col.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v))
    return out


def write_excel(sheets: Mapping[str, pd.DataFrame], path: str | Path, *,
                labels: Mapping[str, Label] | None = None, charts: Sequence[ExcelChart] = (),
                layout: str = "tabel", contents: str | None = None,
                dictionary: str | None = None,
                sheet_labels: Mapping[str, Mapping[str, Label]] | None = None) -> Path:
    """Write DataFrames to one workbook (XlsxWriter), atomically.

    Layout ``"tabel"`` (the outputs ``tabel.xlsx`` and ``skor_desa.xlsx``), every sheet:

    * **row 1** — the column titles in Bahasa Indonesia with their unit, e.g. *Kepadatan
      (jiwa/ha)*, *Realisasi anggaran (Rp)* (bold, white on dark blue, wrapped);
    * **row 2** — the machine keys, e.g. ``kepadatan_jiwa_ha``, ``realisasi_rp`` (small grey
      text). Row 2 is the header row of an Excel Table (with its filter buttons), so a table
      reference such as ``=AVERAGE(T_skor_desa[irs_total])`` and
      ``pandas.read_excel(path, sheet_name=..., header=1)`` both see the keys;
    * **row 3 on** — the data, each column with its number format (counts ``#,##0``, Rupiah
      ``"Rp" #,##0``, percent numbers 0–100 ``0.0`` with ``%`` in the title, scores ``0.00``);
      the values stay exact, only the display is rounded;
    * rows 1–2 and the identifying columns (code/name of desa or wilayah) are frozen.

    Titles, units and formats come from :mod:`ppsp_analysis.labels`: a column named by a key
    takes the vocabulary's title; a column already titled in Bahasa Indonesia (the report
    tables) keeps its title and gets the vocabulary key of that title, or its slug. A sheet
    given as an empty DataFrame (no columns) is a canvas for ``charts``.

    Layout ``"data"`` (the input workbook ``instrumen.xlsx`` of a written package): the keys
    in row 1 (what :mod:`ppsp_analysis.io.workbook` reads), an autofilter, frozen header, the
    same number formats and widths; no Excel Table.

    Text cells that start with ``= + - @`` get a leading apostrophe (formula injection) and no
    text is ever written as a formula, number or link.

    Parameters
    ----------
    sheets : mapping
        Sheet title → DataFrame (``_baris`` and ``geometry`` columns are dropped). Sheet names
        longer than Excel's 31 characters are shortened at a word boundary.
    path : path
        The ``.xlsx`` to write.
    labels : mapping, optional
        More column labels (key → :class:`~ppsp_analysis.labels.Label`), e.g. those of the
        method's indicators (:func:`~ppsp_analysis.labels.method_labels`).
    charts : sequence of ExcelChart
        Native charts (:class:`ppsp_analysis.report.excel.ExcelChart`).
    layout : {"tabel", "data"}
        See above.
    contents : str, optional
        Name of a first sheet listing every sheet (link), its full title and row count.
    dictionary : str, optional
        Name of a last sheet explaining every column: sheet, key, title, unit, format, meaning.
    sheet_labels : mapping, optional
        Sheet title → {key → Label}: the labels of one sheet (the columns of a report table),
        taking precedence over ``labels``.

    Returns
    -------
    Path
    """
    import xlsxwriter

    from ..labels import column_dictionary

    if layout not in ("tabel", "data"):
        raise ValueError(f"layout tidak dikenal: {layout!r}")
    path = Path(path)
    labels = dict(labels or {})
    used: set[str] = set()
    reserved = [n for n in (contents, dictionary) if n]
    names = {n: _sheet_name(n, used) for n in reserved}
    names.update({key: _sheet_name(key, used) for key in sheets if key not in names})
    frames = {key: df.drop(columns=["_baris", "geometry"], errors="ignore")
              for key, df in sheets.items()}
    # built in memory, then written in one go: a full disk fails on a plain write, never
    # inside the zip library (which leaves an unclosed zip and a traceback at exit)
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True}) as wb:
        wb.set_properties({"title": path.stem, "author": "ppsp-analysis",
                           "comments": "Baris 1: judul kolom; baris 2: kunci kolom."
                           if layout == "tabel" else ""})
        styles = _Styles(wb)
        placed: dict[str, _Placed] = {}
        if contents:
            index = pd.DataFrame({
                "no": range(1, len(frames) + 1), "lembar": [names[k] for k in frames],
                "judul_tabel": list(frames),
                "jumlah_baris": [len(df) for df in frames.values()]})
            ws = wb.add_worksheet(names[contents])
            placed[contents] = _write_sheet(ws, index, labels, layout, styles, names[contents])
            col = placed[contents].columns["lembar"]
            for i, name in enumerate(index["lembar"]):
                quoted = name.replace("'", "''")
                ws.write_url(placed[contents].first_row + i, col, f"internal:'{quoted}'!A1",
                             styles.link, string=name)
        for key, df in frames.items():
            ws = wb.add_worksheet(names[key])
            own = {**labels, **dict((sheet_labels or {}).get(key, {}))}
            placed[key] = _write_sheet(ws, df, own, layout, styles, key)
        if dictionary:
            ws = wb.add_worksheet(names[dictionary])
            placed[dictionary] = _write_sheet(ws, column_dictionary(frames, labels), labels,
                                              layout, styles, names[dictionary])
        _draw_charts(wb, charts, placed, names, styles)
    with atomic_write(path) as fh:
        fh.write(buf.getbuffer())
    return path


@dataclass
class _Placed:
    """Where a sheet's table landed: worksheet, key → column index, first data row, rows."""

    ws: object
    columns: dict[str, int]
    first_row: int
    n_rows: int
    canvas: bool = False
    charts: int = 0


class _Styles:
    """The workbook's cell formats, created once each."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self._cache: dict[tuple, object] = {}
        self.title = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79",
                                    "text_wrap": True, "valign": "top", "font_size": 10,
                                    "border": 1, "border_color": "#BFBFBF"})
        self.key = wb.add_format({"font_size": 8, "font_color": "#7F7F7F", "bg_color": "#F2F2F2",
                                  "bold": False, "border": 1, "border_color": "#D9D9D9"})
        self.data_head = wb.add_format({"bold": True, "font_color": "#FFFFFF",
                                        "bg_color": "#1F4E79"})
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1})
        self.heading = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E79"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.date = self.cell("yyyy-mm-dd")
        self._tables: set[str] = set()

    def table_name(self, title: str) -> str:
        """An Excel Table name from a sheet title, unique in the workbook: ``T_skor_desa``."""
        from ..labels import slug_key

        base = f"T_{slug_key(title)[:200]}"
        name, i = base, 2
        while name.lower() in self._tables:
            name, i = f"{base}_{i}", i + 1
        self._tables.add(name.lower())
        return name

    def cell(self, number_format: str | None):
        """The data-cell format of a number format (``None`` = General)."""
        key = ("cell", number_format)
        if key not in self._cache:
            props = {"num_format": number_format} if number_format else {}
            self._cache[key] = self.wb.add_format(props) if props else None
        return self._cache[key]


_MAX_WIDTH = 60
_TITLE_WRAP = 24
_TITLE_WRAP_NUMBER = 14


def _write_sheet(ws, df: pd.DataFrame, labels: Mapping[str, Label], layout: str,
                 styles: _Styles, title: str) -> _Placed:
    """One sheet in the chosen layout; returns where its table landed."""
    from ..labels import resolve

    if not len(df.columns):
        ws.write(0, 0, title, styles.heading)
        ws.hide_gridlines(2)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 1)
        return _Placed(ws, {}, 3, 0, canvas=True)
    clean = neutralise_formulas(df)
    columns = [clean.iloc[:, j] for j in range(clean.shape[1])]  # positional: duplicates ok
    resolved = [resolve(c, v, labels) for c, v in zip(clean.columns, columns, strict=True)]
    keys = _unique_keys([k for k, _ in resolved])
    head = 1 if layout == "tabel" else 0
    first = head + 1
    n = len(clean)
    for j, (values, (_, label)) in enumerate(zip(columns, resolved, strict=True)):
        fmt = styles.cell(label.number_format)
        for i, value in enumerate(values.tolist()):
            _write_value(ws, first + i, j, value, fmt, styles)
    last_col = len(keys) - 1
    if layout == "tabel":
        headings = [_safe_text(label.heading) for _, label in resolved]
        ws.add_table(head, 0, first + max(n, 1) - 1, last_col, {
            "name": styles.table_name(title), "style": "Table Style Light 1",
            "columns": [{"header": k, "header_format": styles.key} for k in keys]})
        for j, text in enumerate(headings):
            ws.write_string(0, j, text, styles.title)
    else:
        headings = keys
        for j, k in enumerate(keys):
            ws.write_string(0, j, k, styles.data_head)
        ws.autofilter(0, 0, max(n, 1), last_col)
    widths, lines = [], 1
    for j, (values, (_, label)) in enumerate(zip(columns, resolved, strict=True)):
        data = max([_display_len(v, label.number_format) for v in values.head(500).tolist()],
                   default=0)
        width = max(data, len(keys[j]) * (0.8 if layout == "tabel" else 1.1), 5.0) + 2
        if layout == "tabel":
            text = headings[j]
            longest = max((len(w) for w in text.split()), default=0)
            wrap = _TITLE_WRAP if label.fmt == "text" else _TITLE_WRAP_NUMBER
            width = max(width, min(len(text), wrap) + 2, longest + 2)
            width = min(width, _MAX_WIDTH)
            lines = max(lines, len(textwrap.wrap(text, max(int(width - 2), 1))) or 1)
        widths.append(min(width, _MAX_WIDTH))
        ws.set_column(j, j, widths[-1])
    if layout == "tabel":
        ws.set_row(0, 13 * min(lines, 6) + 4)
        ws.set_row(1, 12)
    frozen = _frozen_columns(keys, [label for _, label in resolved])
    if layout == "tabel":
        _print_setup(ws, first, frozen, sum(widths))
    ws.freeze_panes(first, frozen)
    return _Placed(ws, dict(zip(keys, range(len(keys)), strict=True)), first, n)


def _print_setup(ws, header_rows: int, id_columns: int, width: float) -> None:
    """A4 landscape; title and key rows, and the identifying columns, repeated on every
    page; one page wide when that stays legible (up to about 220 characters of columns)."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0, header_rows - 1)
    if id_columns:
        ws.repeat_columns(0, id_columns - 1)
    if width <= 220:
        ws.fit_to_pages(1, 0)


def _write_value(ws, r: int, c: int, value: object, fmt, styles: _Styles) -> None:
    """One data cell, typed: number, boolean, date or text (never a formula)."""
    if value is None or value is pd.NA or value is pd.NaT:
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
        return
    if isinstance(value, (bool, np.bool_)):
        ws.write_boolean(r, c, bool(value), fmt)
    elif isinstance(value, (numbers.Number, np.number)):
        x = float(value)
        if math.isfinite(x):
            ws.write_number(r, c, x, fmt)
        elif fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        stamp = pd.Timestamp(value)
        ws.write_datetime(r, c, stamp.to_pydatetime().replace(tzinfo=None), styles.date)
    else:
        ws.write_string(r, c, _safe_text(value)[:32767], fmt)


def _safe_text(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _display_len(value: object, number_format: str | None) -> float:
    """Approximate characters a value takes when shown with ``number_format``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return 0
    if isinstance(value, (bool, np.bool_)):
        return 5
    if isinstance(value, (numbers.Number, np.number)):
        x = float(value)
        if not math.isfinite(x):
            return 0
        if not number_format:
            return min(len(f"{x:.10g}"), 11)
        core = re.sub(r'"[^"]*"', "", number_format)
        decimals = len(core.split(".", 1)[1].rstrip(",")) if "." in core else 0
        grouped = "," in core.split(".")[0].rstrip(",")
        text = f"{x:,.{decimals}f}" if grouped else f"{x:.{decimals}f}"
        literal = sum(len(t) for t in re.findall(r'"([^"]*)"', number_format))
        return len(text) + literal + (1 if literal else 0)
    return len(str(value))


def _unique_keys(keys: list[str]) -> list[str]:
    """Keys made unique (Excel Table headers must be): ``kode``, ``kode_2`` …"""
    out: list[str] = []
    seen: set[str] = set()
    for k in keys:
        k = k[:255] or "kolom"
        cand, i = k, 2
        while cand.lower() in seen:
            cand, i = f"{k}_{i}", i + 1
        seen.add(cand.lower())
        out.append(cand)
    return out


def _frozen_columns(keys: list[str], labels: list[Label]) -> int:
    """How many leading columns to freeze: the identifying ones (code/name), and when desa
    columns (code, name, map number) are among them, only up to the last desa column."""
    n = 0
    for label in labels:
        if not label.ident:
            break
        n += 1
    desa = [i for i, k in enumerate(keys[:n]) if k in ("kode_desa", "nama_desa", "no_peta")]
    return desa[-1] + 1 if desa else min(n, 3)


def _draw_charts(wb, charts: Sequence[ExcelChart], placed: dict[str, _Placed],
                 names: dict[str, str], styles: _Styles) -> None:
    """Draw native charts from their data sheets' cells onto their anchor sheets."""
    notes: dict[str, list[str]] = {}
    for spec in charts:
        data = placed.get(spec.data_sheet)
        if data is None or not data.n_rows or spec.categories not in data.columns:
            continue
        sheet = names[spec.data_sheet]
        r1, r2 = data.first_row, data.first_row + data.n_rows - 1
        cat = data.columns[spec.categories]
        if spec.kind == "stacked_column":
            chart = wb.add_chart({"type": "column", "subtype": "stacked"})
        else:
            chart = wb.add_chart({"type": "line"})
        drawn = 0
        for s in spec.series:
            if s.column not in data.columns:
                continue
            col = data.columns[s.column]
            opts: dict = {"name": s.name, "categories": [sheet, r1, cat, r2, cat],
                          "values": [sheet, r1, col, r2, col]}
            if s.kind == "column":
                opts.update({"fill": {"color": s.color or "#7F7F7F"},
                             "border": {"color": "#FFFFFF", "width": 0.5}, "gap": 60})
            elif s.kind == "target":
                opts.update({"line": {"none": True},
                             "marker": {"type": "diamond", "size": 9,
                                        "fill": {"color": s.color or "#000000"},
                                        "border": {"color": "#FFFFFF", "width": 0.75}},
                             "data_labels": {"value": True, "position": "above",
                                             "num_format": "0",
                                             "font": {"color": s.color or "#000000",
                                                      "size": 8}}})
            else:
                opts.update({"line": {"color": s.color or "#000000", "width": 2.25},
                             "marker": {"type": "circle", "size": 6,
                                        "fill": {"color": s.color or "#000000"},
                                        "border": {"color": s.color or "#000000"}}})
            chart.add_series(opts)
            drawn += 1
        if not drawn:
            continue
        chart.set_title({"name": spec.title, "name_font": {"size": 11, "bold": True}})
        chart.set_x_axis({"name": "Tahun", "num_font": {"size": 9}})
        y: dict = {"name": spec.y_title, "min": 0, "num_font": {"size": 9},
                   "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        if spec.y_format:
            y["num_format"] = spec.y_format
        if spec.y_max is not None:
            y["max"] = spec.y_max
        chart.set_y_axis(y)
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 620, "height": 380})
        anchor_key = spec.anchor_sheet if spec.anchor_sheet in placed else spec.data_sheet
        anchor = placed[anchor_key]
        i = anchor.charts
        if anchor.canvas:
            row, col = 3 + (i // 2) * 20, (i % 2) * 10
        else:
            row, col = anchor.first_row + anchor.n_rows + 2, i * 10
        anchor.ws.insert_chart(row, col, chart, {"x_offset": 8, "y_offset": 4})
        anchor.charts += 1
        if anchor.canvas:
            notes.setdefault(anchor_key, [])
            if sheet not in notes[anchor_key]:
                notes[anchor_key].append(sheet)
    for key, sheets_used in notes.items():
        listed = ", ".join(f"'{s}'" for s in sheets_used)
        placed[key].ws.write_string(1, 0, f"Grafik Excel dari data di lembar {listed}; "
                                    "angka dapat diubah di sana.", styles.note)


_SHORT_WORDS = {"dan", "di", "per", "terhadap", "yang", "untuk", "ke", "dari", "atau", "-"}


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel-safe, unique sheet name: at most 31 characters, never cut mid-word.

    ``/ \\ [ ]`` become ``-``, ``: * ?`` are dropped, no apostrophe at either end. A longer
    name first loses its short words (*dan, di, per, terhadap* …), then is cut at a word
    boundary: ``Monev Status Capaian terhadap Target`` → ``Monev Status Capaian Target``.
    """
    base = re.sub(r"[\[\]/\\]", "-", str(name))
    base = re.sub(r"\s+", " ", re.sub(r"[:*?]", "", base)).strip().strip("'") or "Lembar"
    base = _shorten(base, 31)
    candidate, i = base, 2
    while candidate.lower() in used:
        suffix = f" ({i})"
        candidate, i = _shorten(base, 31 - len(suffix)) + suffix, i + 1
    used.add(candidate.lower())
    return candidate


def _shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: short words dropped, then cut at a word boundary
    (mid-word only when the first word alone is too long)."""
    if len(text) <= limit:
        return text
    words = text.split()
    words = words[:1] + [w for w in words[1:] if w.lower() not in _SHORT_WORDS]
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    out: list[str] = []
    for w in words:
        if len(" ".join([*out, w])) > limit:
            break
        out.append(w)
    while len(out) > 1 and out[-1].lower() in _SHORT_WORDS:
        out.pop()
    return " ".join(out) if out else text[:limit].rstrip()


def write_package(pkg: InputPackage, out_dir: str | Path, method_text: str | None = None) -> Path:
    """Write an input package folder (boundaries, workbook, EHRA CSV, metode.yaml).

    The files are built in a staging folder and moved in only when all are written; the
    user's other files in ``out_dir`` are kept, and a user's file with the name of one of
    these is never replaced (:class:`~ppsp_analysis.io.outputs.OutputFolder`).
    """
    out_dir = Path(out_dir)
    with OutputFolder(out_dir, "demo-data") as folder:
        tmp = folder.stage()
        _write_package_files(pkg, tmp, method_text)
        folder.commit(tmp)
    return out_dir


def _write_package_files(pkg: InputPackage, tmp: Path, method_text: str | None) -> None:
    pkg.desa.to_file(tmp / "batas.gpkg", layer="desa", driver="GPKG")
    for name, layer in pkg.context.items():
        if layer is not None and len(layer):
            layer.to_file(tmp / "batas.gpkg", layer=name, driver="GPKG")
    form1 = pd.DataFrame({"parameter": list(pkg.form1), "nilai": list(pkg.form1.values())})
    write_excel({"Form1": form1, **pkg.sheets}, tmp / "instrumen.xlsx", layout="data")
    if pkg.ehra is not None:
        pkg.ehra.to_csv(tmp / "ehra.csv", index=False, encoding="utf-8")
    (tmp / "metode.yaml").write_text(method_text or _DEFAULT_METHOD_NOTE, encoding="utf-8")


_DEFAULT_METHOD_NOTE = """\
# Opsi metode untuk paket ini. Kunci yang tidak ditulis memakai nilai bawaan
# (ppsp_analysis/data/metode_default.yaml). Contoh: ubah bobot EXPOSURE air limbah.
exposure:
  bobot:
    air_limbah: {sekunder: 1, irs: 1, persepsi: 1}
area_berisiko:
  metode_kelas: equal_interval
"""


#: How CSV outputs are written: for Excel with Indonesian regional settings.
CSV_OPTIONS = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}


def write_scored(desa: gpd.GeoDataFrame, out_dir: str | Path, extra: dict | None = None,
                 method: dict | None = None) -> list:
    """Write the scored table as ``skor_desa.csv`` and ``skor_desa.xlsx`` (atomically).

    The CSV is written for Excel in the Indonesian locale, which is how a Pokja opens it
    (double-click): UTF-8 with a byte-order mark, ``;`` between fields, decimal comma
    (``CSV_OPTIONS``; read it back with ``pandas.read_csv(path, sep=";", decimal=",")``).

    The workbook has the layout ``"tabel"`` of :func:`write_excel` (titles in row 1, keys in
    row 2, data from row 3) and ends with a sheet *Keterangan Kolom* that explains every
    column: key, Indonesian title, unit, number format, meaning.

    Parameters
    ----------
    desa : GeoDataFrame
        The scored table (geometry is dropped).
    out_dir : path
        Target folder (created).
    extra : dict, optional
        More sheets for the workbook (e.g. ``strata``, ``metode``).
    method : dict, optional
        The method used: titles of its EHRA sub-indicators and secondary indicators.

    Titles say *desa*, *kelurahan* or *desa/kelurahan* as the codes of the table say
    (:class:`~ppsp_analysis.labels.UnitNames`).
    """
    from ..labels import UnitNames, fitted_labels, method_labels

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(desa.drop(columns="geometry"))
    csv = out_dir / "skor_desa.csv"
    with atomic_write(csv, "w", encoding="utf-8-sig") as fh:
        neutralise_formulas(table).to_csv(fh, index=False, sep=CSV_OPTIONS["sep"],
                                          decimal=CSV_OPTIONS["decimal"])
    sheets = {"skor_desa": table, **(extra or {})}
    units = UnitNames.from_codes(table["kode_desa"]) if "kode_desa" in table else UnitNames()
    xlsx = write_excel(sheets, out_dir / "skor_desa.xlsx",
                       labels=fitted_labels(sheets, units, method_labels(method)),
                       dictionary=DICTIONARY_SHEET)
    return [csv, xlsx]


def dump_yaml(data: dict) -> str:
    """YAML text of a dict, keys in insertion order, unicode kept."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
