"""The report model (pure): what a report says, independent of how it is rendered.

A :class:`Report` is its metadata, its key numbers and an ordered list of
:class:`Section`; a section is a list of blocks — :class:`Paragraph`, :class:`Table`,
:class:`Figure`, :class:`Bullets` and the :class:`KeyNumbers` marker (where the key numbers
are shown). The words are written, and the sections chosen, in exactly one place per report
(:func:`ppsp_analysis.report.area.area_report`,
:func:`ppsp_analysis.report.monev.monev_report`); every rendering — the notebook's display
(HTML), PDF, Word, slides, ``tabel.xlsx``, ``ringkasan.json`` — walks the same model, so they
carry the same titles, numbers and sentences.

Tables keep their raw values (one column per machine key) and a :class:`Column` per key
(Indonesian title, unit, format kind of :mod:`ppsp_analysis.fmt`); renderers print cells with
:meth:`Table.cells`, the workbook writes the raw values. Figures name an image file by a path
relative to the folder of the saved model.

A report round-trips through plain JSON (:meth:`Report.to_dict`, :meth:`Report.from_dict`):
the notebook that builds it saves it beside itself and the exports are rendered from that
file (reading and writing are in :mod:`ppsp_analysis.io.report_file`).

Examples
--------
>>> import pandas as pd
>>> t = Table("uji", "Tabel Uji", [Column("penduduk", "Penduduk", "jiwa", "count")],
...           pd.DataFrame({"penduduk": [1234, None]}))
>>> r = Report("uji", "Laporan Uji", {"nama_kabupaten": "Kota X", "tahun": 2026},
...            [KeyNumber("penduduk", "Penduduk", 1234, "jiwa", "count")],
...            [Section("Ringkasan", [Paragraph("Satu kalimat."), KeyNumbers(), t])])
>>> r.table("uji").headers(), r.table("uji").cells()
(['Penduduk (jiwa)'], [['1.234'], ['–']])
>>> r.key_numbers[0].text
'1.234 jiwa'
>>> Report.from_dict(r.to_dict()).to_dict() == r.to_dict()
True
>>> r.table("tidak_ada")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ppsp_analysis.report.model.UnknownPartError: laporan 'uji' tidak punya tabel 'tidak_ada' ...
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from .. import fmt
from .._errors import PPSPError

__all__ = [
    "Bullets",
    "Column",
    "Figure",
    "KeyNumber",
    "KeyNumbers",
    "Paragraph",
    "Report",
    "Section",
    "Table",
    "UnknownPartError",
    "MODEL_VERSION",
]

MODEL_VERSION = 1
"""Version of the JSON form; a file of another version is refused."""


class UnknownPartError(PPSPError, KeyError):
    """A table or figure was asked for by a name the report does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Column:
    """How one table column is titled and printed.

    Parameters
    ----------
    key : str
        Machine key (the DataFrame column; the key row of ``tabel.xlsx``).
    title : str
        Title in Bahasa Indonesia, without the unit.
    unit : str
        Unit, printed in brackets after the title.
    kind : str
        Format kind (:data:`ppsp_analysis.fmt.KINDS`).
    meaning : str
        What the column holds (the workbook's column dictionary).
    """

    key: str
    title: str
    unit: str = ""
    kind: str = "general"
    meaning: str = ""

    @property
    def heading(self) -> str:
        """``Title (unit)``."""
        return f"{self.title} ({self.unit})" if self.unit else self.title

    @property
    def numeric(self) -> bool:
        """Right-aligned (a number column)."""
        return self.kind not in ("text", "kode", "general", "flag")


@dataclass
class Table:
    """A table of the report.

    Parameters
    ----------
    name : str
        Stable identifier (``desa_prioritas``), the name it is asked for by.
    title : str
        Title printed above it (and the sheet name in ``tabel.xlsx``).
    columns : list of Column
        One per column of ``data``, in order.
    data : pandas.DataFrame
        Raw values; column names are the keys of ``columns``.
    note : str
        Small print under the table.
    """

    name: str
    title: str
    columns: list[Column]
    data: pd.DataFrame
    note: str = ""

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if keys != [str(c) for c in self.data.columns]:
            raise ValueError(f"tabel {self.name!r}: kolom {keys} tidak sama dengan data "
                             f"{list(self.data.columns)}")

    def headers(self) -> list[str]:
        """Column headings ``Title (unit)``."""
        return [c.heading for c in self.columns]

    def aligns(self) -> list[str]:
        """``right`` for number columns, else ``left``."""
        return ["right" if _numeric_column(c, self.data[c.key]) else "left"
                for c in self.columns]

    def cells(self, max_rows: int | None = None) -> list[list[str]]:
        """The rows as printed (:func:`ppsp_analysis.fmt.column` per column)."""
        data = self.data if max_rows is None else self.data.head(max_rows)
        cols = [fmt.column([_plain(v) for v in data[c.key]], c.kind) for c in self.columns]
        return [list(r) for r in zip(*cols, strict=True)] if cols else []

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Figure:
    """An image of the report.

    Parameters
    ----------
    name : str
        Stable identifier (``peta_gabungan``).
    caption : str
        Caption (the renderers number it: *Gambar 3.*).
    path : str
        Image file, relative to the folder of the saved model (POSIX separators).
    slide : str
        The same picture made for a 16:9 slide (a map's ``LAYAR`` sheet, as wide as the
        slide), relative like ``path``; empty: the slides show ``path``.
    """

    name: str
    caption: str
    path: str
    slide: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bullet list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyNumbers:
    """Marker: the report's key numbers are shown here."""


Block = Paragraph | Bullets | KeyNumbers | Table | Figure


@dataclass(frozen=True)
class KeyNumber:
    """One key number: a labelled value with its unit.

    Parameters
    ----------
    key : str
        Machine key (as in ``ringkasan.json``).
    label : str
        What it counts, in Bahasa Indonesia.
    value : number or None
    unit : str
        ``jiwa``, ``%``, ``% KK``, ``Rp`` …
    kind : str
        Format kind (:data:`ppsp_analysis.fmt.KINDS`).
    """

    key: str
    label: str
    value: Any
    unit: str = ""
    kind: str = "general"

    @property
    def text(self) -> str:
        """The value with its unit: ``305.796 jiwa``, ``31,5%``, ``Rp 1,72 triliun``."""
        return fmt.with_unit(self.value, self.unit, self.kind)


@dataclass
class Section:
    """A numbered section: a title and its blocks, in order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]


@dataclass
class Report:
    """One report of one kabupaten/kota.

    Parameters
    ----------
    kind : str
        ``area_berisiko`` or ``monev`` (the output file stem is ``laporan_<kind>``).
    title : str
        ``Laporan Area Berisiko Sanitasi``.
    meta : dict
        ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``, ``tahun``, ``nama_pokja``,
        ``sintetis``, ``versi_metode``, ``tanggal`` (ISO date), ``sumber_data`` (list of str),
        ``satuan_wilayah`` (``desa``, ``kelurahan`` or ``desa/kelurahan``).
    key_numbers : list of KeyNumber
    sections : list of Section
    summary : dict
        Machine-readable key numbers (``ringkasan.json``).
    extra_tables : list of Table
        Tables for ``tabel.xlsx`` only (the data behind its native charts).
    """

    kind: str
    title: str
    meta: dict
    key_numbers: list[KeyNumber] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    extra_tables: list[Table] = field(default_factory=list)

    # -- lookup ------------------------------------------------------------------------
    def blocks(self) -> Iterator[tuple[Section, Block]]:
        """Every block with its section, in reading order."""
        for s in self.sections:
            for b in s.blocks:
                yield s, b

    def tables(self) -> list[Table]:
        """Tables in reading order."""
        return [b for _, b in self.blocks() if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """Figures in reading order."""
        return [b for _, b in self.blocks() if isinstance(b, Figure)]

    def table(self, name: str) -> Table:
        """The table called ``name`` (also the workbook-only ones).

        Raises
        ------
        UnknownPartError
            No table has that name.
        """
        for t in [*self.tables(), *self.extra_tables]:
            if t.name == name:
                return t
        known = ", ".join(t.name for t in [*self.tables(), *self.extra_tables])
        raise UnknownPartError(f"laporan {self.kind!r} tidak punya tabel {name!r} "
                               f"(yang ada: {known})")

    def figure(self, name: str) -> Figure:
        """The figure called ``name``.

        Raises
        ------
        UnknownPartError
            No figure has that name.
        """
        for f in self.figures():
            if f.name == name:
                return f
        known = ", ".join(f.name for f in self.figures()) or "tidak ada"
        raise UnknownPartError(f"laporan {self.kind!r} tidak punya gambar {name!r} "
                               f"(yang ada: {known})")

    def section(self, title: str) -> Section:
        """The section titled ``title``."""
        for s in self.sections:
            if s.title == title:
                return s
        known = ", ".join(s.title for s in self.sections)
        raise UnknownPartError(f"laporan {self.kind!r} tidak punya bagian {title!r} "
                               f"(yang ada: {known})")

    def numbers(self) -> dict[int, int]:
        """``id(block)`` → its number: tables and figures are numbered separately, in
        reading order (*Tabel 1*, *Gambar 1*), the same in every rendering."""
        out: dict[int, int] = {}
        n_tab = n_fig = 0
        for _, b in self.blocks():
            if isinstance(b, Table):
                n_tab += 1
                out[id(b)] = n_tab
            elif isinstance(b, Figure):
                n_fig += 1
                out[id(b)] = n_fig
        return out

    @property
    def heading(self) -> str:
        """``Kota Bandar Fiktif — Tahun 2026``."""
        return f"{self.meta.get('nama_kabupaten', '')} — Tahun {fmt.year(self.meta.get('tahun'))}"

    # -- JSON --------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain JSON-ready form (numbers stay numbers; NaN → ``None``)."""
        return {
            "versi_model": MODEL_VERSION, "jenis": self.kind, "judul": self.title,
            "meta": _jsonable(self.meta),
            "angka_kunci": [{"kunci": k.key, "label": k.label, "nilai": _plain(k.value),
                             "satuan": k.unit, "format": k.kind} for k in self.key_numbers],
            "bagian": [{"judul": s.title, "isi": [_block_dict(b) for b in s.blocks]}
                       for s in self.sections],
            "ringkasan": _jsonable(self.summary),
            "tabel_tambahan": [_table_dict(t) for t in self.extra_tables],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Report:
        """The report of :meth:`to_dict`.

        Raises
        ------
        ValueError
            Not a report of this model version.
        """
        if not isinstance(data, Mapping) or data.get("versi_model") != MODEL_VERSION:
            raise ValueError(f"bukan berkas laporan ppsp-analysis versi {MODEL_VERSION}")
        return cls(
            kind=data["jenis"], title=data["judul"], meta=dict(data["meta"]),
            key_numbers=[KeyNumber(k["kunci"], k["label"], k["nilai"], k["satuan"], k["format"])
                         for k in data["angka_kunci"]],
            sections=[Section(s["judul"], [_block_from(b) for b in s["isi"]])
                      for s in data["bagian"]],
            summary=dict(data["ringkasan"]),
            extra_tables=[_table_from(t) for t in data.get("tabel_tambahan", [])],
        )


# --------------------------------------------------------------------------- helpers
def _numeric_column(col: Column, values: pd.Series) -> bool:
    if col.kind in ("text", "kode", "flag"):
        return False
    if col.kind != "general":
        return True
    v = values.dropna()
    return bool(len(v)) and all(isinstance(x, Real) and not isinstance(x, bool)
                                for x in map(_plain, v))


def _plain(value: Any) -> Any:
    """A JSON scalar: numpy → Python, NaN/NA → None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp,)):
        return value.date().isoformat()
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return _plain(value)


def _dtype(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "bool"
    if pd.api.types.is_integer_dtype(values):
        return "int"
    if pd.api.types.is_float_dtype(values):
        return "float"
    return "object"


def _table_dict(t: Table) -> dict:
    return {
        "tipe": "tabel", "nama": t.name, "judul": t.title, "catatan": t.note,
        "kolom": [{"kunci": c.key, "judul": c.title, "satuan": c.unit, "format": c.kind,
                   "arti": c.meaning, "dtype": _dtype(t.data[c.key])} for c in t.columns],
        "baris": [[_plain(v) for v in row] for row in t.data.itertuples(index=False)],
    }


def _table_from(d: Mapping) -> Table:
    cols = [Column(c["kunci"], c["judul"], c["satuan"], c["format"], c.get("arti", ""))
            for c in d["kolom"]]
    data = pd.DataFrame(d["baris"], columns=[c.key for c in cols])
    for spec in d["kolom"]:
        key, kind = spec["kunci"], spec.get("dtype")
        if kind == "int":
            data[key] = pd.array([None if pd.isna(v) else int(v) for v in data[key]],
                                 dtype="Int64") if data[key].isna().any() else \
                data[key].astype("int64")
        elif kind == "float":
            data[key] = pd.to_numeric(data[key], errors="coerce").astype(float)
        elif kind == "bool" and not data[key].isna().any():
            data[key] = data[key].astype(bool)
    return Table(d["nama"], d["judul"], cols, data, d.get("catatan", ""))


def _block_dict(b: Block) -> dict:
    if isinstance(b, Paragraph):
        return {"tipe": "paragraf", "teks": b.text}
    if isinstance(b, Bullets):
        return {"tipe": "butir", "isi": list(b.items)}
    if isinstance(b, KeyNumbers):
        return {"tipe": "angka_kunci"}
    if isinstance(b, Figure):
        out = {"tipe": "gambar", "nama": b.name, "keterangan": b.caption, "berkas": b.path}
        if b.slide:
            out["berkas_layar"] = b.slide
        return out
    if isinstance(b, Table):
        return _table_dict(b)
    raise TypeError(f"blok tidak dikenal: {b!r}")


def _block_from(d: Mapping) -> Block:
    kind = d["tipe"]
    if kind == "paragraf":
        return Paragraph(d["teks"])
    if kind == "butir":
        return Bullets(tuple(d["isi"]))
    if kind == "angka_kunci":
        return KeyNumbers()
    if kind == "gambar":
        return Figure(d["nama"], d["keterangan"], d["berkas"], d.get("berkas_layar", ""))
    if kind == "tabel":
        return _table_from(d)
    raise ValueError(f"blok laporan tidak dikenal: {kind!r}")


def integer_or_none(value: Any) -> int | None:
    """``int(value)``, ``None`` for missing values (for summaries)."""
    v = _plain(value)
    return None if v is None else int(v) if isinstance(v, (Integral, Real)) else None


def table_from_frame(name: str, title: str, df: pd.DataFrame,
                     labels: Mapping[str, tuple[str, str, str]] | None = None,
                     note: str = "", extra: Mapping | None = None) -> Table:
    """A :class:`Table` from a DataFrame whose columns are vocabulary keys.

    Titles, units and format kinds come from ``labels`` (key → (title, unit, kind)) when
    given, else from :func:`ppsp_analysis.labels.resolve` (with ``extra`` labels, e.g.
    :func:`~ppsp_analysis.labels.method_labels`).
    """
    from ..labels import resolve

    cols: list[Column] = []
    for j, key in enumerate(df.columns):
        if labels and key in labels:
            title_, unit, kind = labels[key]
            cols.append(Column(str(key), title_, unit, kind))
            continue
        k, label = resolve(key, df.iloc[:, j], extra)
        cols.append(Column(str(key), label.title, label.unit, label.fmt, label.meaning))
    data = df.copy()
    data.columns = [c.key for c in cols]
    return Table(name, title, cols, data.reset_index(drop=True), note)


def column_order(keys: Sequence[str], df: pd.DataFrame) -> list[str]:
    """Those of ``keys`` that are columns of ``df``, in that order."""
    return [k for k in keys if k in df.columns]
