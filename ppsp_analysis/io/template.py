"""The blank Instrumen SSK workbook, pre-filled from boundaries (``ppsp template``).

Sheets mirror the official Instrumen SSK: Form 1 (general data) and the OPD list, Form 2
(per-desa data), the OPD perception scores, access, program and budget, targets and
commitments, plus the Pokja's class overrides. Every contract sheet has

* row 1: the contract column names (what :mod:`.workbook` reads), with a help note per column
  (a cell comment, and the input message of the column's validation);
* row 2: the human label with its unit, e.g. ``Luas wilayah (ha)`` (skipped on read);
* frozen header rows (and frozen code/name columns), codes and names pre-filled and locked
  (sheet protection without password), drop-downs for scores 1–4, ya/tidak flags, funding
  sources, components, OPD and desa codes.

A filled template reads back as exactly what was typed (see ``tests/test_inputs_template.py``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .._errors import PPSPError
from ..schema import (
    FORM1_INFO,
    FORM1_KEYS,
    SHEETS,
    ColumnInfo,
    column_info,
)
from .outdir import describe_os_error
from .outputs import OutputFolder
from .writers import atomic_write

#: The usual members of a Pokja PPSP (kode, nama); 5–9 are required.
DEFAULT_OPD = (
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DINKES", "Dinas Kesehatan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
)
MAX_OPD = 9
FREE_ROWS = 300          # blank input rows offered in the free-form sheets
_HEAD_FILL, _HEAD_FONT = "1F4E79", "FFFFFF"
_LABEL_FILL = "DDEBF7"
_LOCKED_FILL = "EDEDED"
_INPUT_FILL = "FFFDE7"
_IDENTITY = ("kode_desa", "nama_desa", "kode_kec", "nama_kec")


def opd_list(text: str | None) -> list[tuple[str, str]]:
    """Parse ``--opd``: ``KODE=Nama,KODE2=Nama 2`` or ``KODE,KODE2`` (names left blank).

    Examples
    --------
    >>> opd_list("BAPPEDA=Bappeda, dinkes")
    [('BAPPEDA', 'Bappeda'), ('DINKES', '')]
    >>> opd_list(None)[0]
    ('BAPPEDA', 'Badan Perencanaan Pembangunan Daerah')
    """
    if not text:
        return list(DEFAULT_OPD)
    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        code, _, name = part.partition("=")
        out.append((code.strip().upper(), name.strip()))
    return out


def build_template(desa: gpd.GeoDataFrame | pd.DataFrame, form1: dict,
                   opd: list[tuple[str, str]] | None = None, tahun_akses: int | None = None):
    """Build the template workbook in memory.

    Parameters
    ----------
    desa : DataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec`` of the kabupaten.
    form1 : dict
        Pre-filled Form 1 values (``kode_kabupaten``, ``nama_kabupaten``, ``nama_provinsi``,
        ``tahun`` …).
    opd : list of (kode, nama), optional
        The OPD of the Pokja (default :data:`DEFAULT_OPD`); the Persepsi sheet gets one row
        per OPD and desa.
    tahun_akses : int, optional
        Year pre-filled on the Akses rows (default: Form 1 ``tahun`` − 1).

    Returns
    -------
    openpyxl.Workbook
    """
    from openpyxl import Workbook

    opd = list(opd if opd is not None else DEFAULT_OPD)
    if not 1 <= len(opd) <= MAX_OPD:
        raise PPSPError(f"daftar OPD berisi {len(opd)} OPD — Instrumen SSK meminta 5 sampai 9 "
                        "OPD; tulis --opd KODE=Nama,KODE2=Nama2")
    rows = pd.DataFrame(desa)[list(_IDENTITY)].sort_values("kode_desa").reset_index(drop=True)
    n = len(rows)
    tahun = form1.get("tahun")
    tahun_akses = tahun_akses or (int(tahun) - 1 if tahun else None)
    wb = Workbook()
    wb.remove(wb.active)
    _register_styles(wb)
    _petunjuk(wb.create_sheet("Petunjuk"), form1, n)
    _form1(wb.create_sheet("Form1"), form1)
    _opd(wb.create_sheet("OPD"), opd)
    desa_range = f"Form2!$A$3:$A${n + 2}"
    opd_range = f"OPD!$A$3:$A${MAX_OPD + 2}"
    _form2(wb.create_sheet("Form2"), rows)
    _persepsi(wb.create_sheet("Persepsi"), rows, opd, opd_range)
    _akses(wb.create_sheet("Akses"), rows, tahun_akses, desa_range)
    for name in SHEETS:
        if name not in ("Form1", "OPD", "Form2", "Persepsi", "Akses"):
            _free_sheet(wb.create_sheet(name), name, desa_range)
    _daftar(wb.create_sheet("Daftar"))
    wb.properties.title = f"Instrumen SSK {form1.get('nama_kabupaten', '')}".strip()
    wb.properties.creator = "ppsp-analysis"
    return wb


def write_template(desa: gpd.GeoDataFrame, out: str | Path, form1: dict,
                   opd: list[tuple[str, str]] | None = None, overwrite: bool = False,
                   boundaries_out: str | Path | None = None,
                   context: dict | None = None) -> list[Path]:
    """Write the template (and optionally the kabupaten's ``batas.gpkg``) atomically.

    Parameters
    ----------
    desa : GeoDataFrame
        Desa of the kabupaten.
    out : path
        The ``.xlsx`` to write.
    form1 : dict
        Pre-filled Form 1 values.
    opd : list of (kode, nama), optional
    overwrite : bool
        Replace existing files (default: refuse, so a filled workbook is never lost).
    boundaries_out : path, optional
        Also write the desa (and ``context`` layers) as a GeoPackage here.
    context : dict, optional
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai`` layers.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    PPSPError
        The target exists (without ``overwrite``), is not ``.xlsx``, or cannot be written.
    """
    out = Path(out)
    targets = [out] + ([Path(boundaries_out)] if boundaries_out else [])
    if out.suffix.lower() != ".xlsx":
        raise PPSPError(f"{out}: nama file keluaran harus berakhiran .xlsx — mis. "
                        "--out instrumen.xlsx")
    for t in targets:
        if t.exists() and not overwrite:
            raise PPSPError(f"{t} sudah ada; tidak ditimpa agar isian tidak hilang — pilih nama "
                            "lain, hapus file itu, atau tambahkan --timpa")
        if t.exists() and t.is_dir():
            raise PPSPError(f"{t} adalah folder — sebutkan nama file, mis. {t / 'instrumen.xlsx'}")
    if boundaries_out and Path(boundaries_out).parent.absolute() != out.parent.absolute():
        raise PPSPError(f"{boundaries_out}: batas.gpkg ditulis di folder yang sama dengan {out}")
    wb = build_template(desa, form1, opd)
    # staged in the target folder, moved in only when both files are complete; a user's
    # file is replaced only when named with --timpa (io.outputs.OutputFolder)
    with OutputFolder(out.parent, "template") as folder:
        stage = folder.stage()
        try:
            if boundaries_out:
                _write_gpkg(desa, context or {}, stage / Path(boundaries_out).name)
            buf = io.BytesIO()  # zip built in memory: a full disk fails on a plain write
            wb.save(buf)
            with atomic_write(stage / out.name) as fh:
                fh.write(buf.getbuffer())
        except OSError as exc:
            raise PPSPError(describe_os_error(exc, out)) from None
        names = [out.name] + ([Path(boundaries_out).name] if boundaries_out else [])
        folder.commit(stage, replace=False, overwrite=names if overwrite else ())
    return [out.parent / n for n in names]


def _write_gpkg(desa: gpd.GeoDataFrame, context: dict, path: Path) -> None:
    cols = [c for c in (*_IDENTITY, "geometry") if c in desa]
    desa[cols].to_file(path, layer="desa", driver="GPKG")
    for name in ("kecamatan", "kabupaten", "konteks_kabupaten", "sungai", "garis_pantai"):
        layer = context.get(name)
        if layer is not None and len(layer):
            layer.to_file(path, layer=name, driver="GPKG")


# --- sheets -----------------------------------------------------------------------------------

def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="BFBFBF")
    return {
        "head_font": Font(bold=True, color=_HEAD_FONT),
        "head_fill": PatternFill("solid", fgColor=_HEAD_FILL),
        "label_font": Font(italic=True, color="1F3864", size=9),
        "label_fill": PatternFill("solid", fgColor=_LABEL_FILL),
        "locked_fill": PatternFill("solid", fgColor=_LOCKED_FILL),
        "input_fill": PatternFill("solid", fgColor=_INPUT_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "unlocked": Protection(locked=False),
        "locked": Protection(locked=True),
    }


def _header(ws, sheet: str, columns: tuple[str, ...], label_row: bool = True) -> None:
    from openpyxl.comments import Comment

    st = _styles()
    for i, col in enumerate(columns, start=1):
        info = column_info(sheet, col)
        cell = ws.cell(row=1, column=i, value=col)
        cell.font, cell.fill = st["head_font"], st["head_fill"]
        note = f"{info.heading}\n{info.help}".strip()
        cell.comment = Comment(note, "ppsp-analysis", width=260, height=110)
        if label_row:
            lab = ws.cell(row=2, column=i, value=info.heading)
            lab.font, lab.fill, lab.alignment = st["label_font"], st["label_fill"], st["wrap"]
        width = max(len(col), min(len(info.heading), 28)) + 2
        ws.column_dimensions[cell.column_letter].width = min(max(width, 9), 40)
    if label_row:
        ws.row_dimensions[2].height = 30


def _protect(ws) -> None:
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.sort = False


def _validation(ws, info: ColumnInfo, ref: str, list_source: str | None = None) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    prompt = info.help[:250]
    kind = info.kind
    dv = None
    if list_source:
        dv = DataValidation(type="list", formula1=list_source, allow_blank=True)
    elif kind == "flag":
        dv = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    elif kind == "urban":
        dv = DataValidation(type="list", formula1='"1,2"', allow_blank=True)
    elif kind == "score":
        dv = DataValidation(type="list", formula1='"1,2,3,4"', allow_blank=True)
    elif kind == "choice":
        dv = DataValidation(type="list", formula1='"' + ",".join(info.choices) + '"',
                            allow_blank=True)
    elif kind == "pct":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                            allow_blank=True, errorStyle="warning")
    elif kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, errorStyle="warning")
    elif kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, errorStyle="warning")
    elif kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                            allow_blank=True, errorStyle="warning")
    elif kind == "date":      # 2000-01-01 … 2100-12-31 as Excel serial days
        dv = DataValidation(type="date", operator="between", formula1="36526",
                            formula2="73415", allow_blank=True, errorStyle="warning")
    if dv is None:
        dv = DataValidation(allow_blank=True)
    dv.promptTitle = info.label[:32]
    dv.prompt = prompt
    dv.showInputMessage = True
    dv.errorTitle = "Isian tidak sesuai"
    dv.error = f"{info.heading}: {prompt}"[:250]
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _register_styles(wb) -> None:
    from openpyxl.styles import NamedStyle

    st = _styles()
    for name, locked, text in (("ppsp_kunci", True, False), ("ppsp_kunci_teks", True, True),
                               ("ppsp_isian", False, False), ("ppsp_isian_teks", False, True)):
        style = NamedStyle(name=name)
        style.protection = st["locked"] if locked else st["unlocked"]
        style.fill = st["locked_fill"] if locked else st["input_fill"]
        style.border = st["border"]
        if text:
            style.number_format = "@"
        wb.add_named_style(style)
    wb.add_named_style(NamedStyle(name="ppsp_teks", number_format="@"))


def _fill(ws, r1: int, r2: int, c: int, locked: bool, text: bool = False) -> None:
    name = ("ppsp_kunci" if locked else "ppsp_isian") + ("_teks" if text else "")
    for r in range(r1, r2 + 1):
        ws.cell(row=r, column=c).style = name


def _text(ws, r: int, c: int, value: object) -> None:
    ws.cell(row=r, column=c, value=value)


def _petunjuk(ws, form1: dict, n_desa: int) -> None:
    from openpyxl.styles import Font

    lines = [
        (f"INSTRUMEN SSK – {form1.get('nama_kabupaten', '')} ({form1.get('kode_kabupaten', '')})",
         True),
        (f"Dibuat oleh ppsp-analysis pada {_dt.date.today().isoformat()}; {n_desa} "
         "desa/kelurahan dari file batas.", False),
        ("", False),
        ("Cara mengisi:", True),
        ("1. Sel kuning diisi; sel abu-abu (kode dan nama wilayah) terkunci dan tidak boleh "
         "diubah.", False),
        ("2. Baris 1 tiap sheet adalah nama kolom yang dibaca program — jangan diubah. Baris 2 "
         "menjelaskan isi dan satuannya. Arahkan kursor ke judul kolom untuk petunjuk.", False),
        ("3. Angka boleh ditulis cara Indonesia (12,5; 1.234.567; Rp 1.500.000). Persen boleh "
         "45 atau 45%. Pilihan ya/tidak, skor 1–4, sumber dana dan komponen tersedia di daftar "
         "pilihan sel.", False),
        ("4. Sheet OPD: 5–9 OPD anggota Pokja. Sheet Persepsi sudah berisi satu baris per OPD "
         "per desa; bila kode OPD diubah di sheet OPD, ubah juga kolom kode_opd di Persepsi.",
         False),
        ("5. Akses, Program, Anggaran, Target, Komitmen, BiayaSatuan, LokusStunting dan Override "
         "boleh dikosongkan. Tambah baris untuk tahun lain di sheet Akses.", False),
        ("   Kegiatan SSK (indikasi biaya): di sheet Program isi tahun periode SSK, volume dan "
         "item_biaya (daftar biaya satuan bawaan, bersumber) atau harga_satuan_rp setempat. "
         "Biaya satuan sendiri (HSPK/AHSP) ditulis di sheet BiayaSatuan.", False),
        ("   Komitmen: satu baris per komitmen per acara (Coaching Clinic, rapat TAPD …), "
         "dengan status diusulkan → disepakati → KUA-PPAS → DPA → terealisasi dan tanggal "
         "tindak lanjut.", False),
        ("6. Kunci sheet tanpa kata sandi (Review > Unprotect Sheet) hanya bila benar-benar "
         "perlu memperbaiki nama.", False),
        ("7. Periksa isian dengan: ppsp validate FOLDER_PAKET", False),
        ("", False),
        ("Sheet dan bagian Instrumen SSK:", True),
    ]
    lines += [(f"• {spec.name}: {spec.title}", False) for spec in SHEETS.values()]
    for i, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=text)
        if bold:
            cell.font = Font(bold=True, size=12 if i == 1 else 11)
    ws.column_dimensions["A"].width = 120


def _form1(ws, form1: dict) -> None:
    st = _styles()
    _header(ws, "Form1", ("parameter", "nilai", "keterangan"), label_row=False)
    keys = [*FORM1_KEYS, "tahun_ehra", "sumber_data_sekunder", "sumber_batas",
            "tanggal_persepsi", "ssk_tahun_awal", "ssk_tahun_akhir", "tahun_kua_ppas"]
    for r, key in enumerate(keys, start=2):
        label, help_ = FORM1_INFO[key]
        _text(ws, r, 1, key)
        value = form1.get(key)
        if key == "kode_kabupaten" and value is not None:
            _text(ws, r, 2, str(value))
        else:
            ws.cell(row=r, column=2, value=value)
        ws.cell(row=r, column=3, value=f"{label}. {help_}" + (" (wajib)" if key in FORM1_KEYS
                                                             else ""))
        _fill(ws, r, r, 1, True, text=True)
        _fill(ws, r, r, 2, False, text=key == "kode_kabupaten")
        _fill(ws, r, r, 3, True)
        ws.cell(row=r, column=3).alignment = st["wrap"]
    year = column_info("Form1", "tahun")
    _validation(ws, year, f"B{2 + keys.index('tahun')}:B{2 + keys.index('tahun_ehra')}")
    _validation(ws, year, f"B{2 + keys.index('ssk_tahun_awal')}:"
                          f"B{2 + keys.index('tahun_kua_ppas')}")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 42
    ws.column_dimensions["C"].width = 70
    ws.freeze_panes = "A2"
    _protect(ws)


def _opd(ws, opd: list[tuple[str, str]]) -> None:
    _header(ws, "OPD", ("kode_opd", "nama_opd"))
    for r in range(3, MAX_OPD + 3):
        code, name = opd[r - 3] if r - 3 < len(opd) else (None, None)
        _text(ws, r, 1, code)
        ws.cell(row=r, column=2, value=name or None)
        _fill(ws, r, r, 1, False, text=True)
        _fill(ws, r, r, 2, False, text=True)
    ws.column_dimensions["B"].width = 50
    ws.freeze_panes = "A3"
    _protect(ws)


def _form2(ws, rows: pd.DataFrame) -> None:
    spec = SHEETS["Form2"]
    _header(ws, "Form2", spec.columns)
    n = len(rows)
    for i, r in enumerate(rows.itertuples(index=False), start=3):
        for c, col in enumerate(_IDENTITY, start=1):
            _text(ws, i, c, getattr(r, col))
    for c, col in enumerate(spec.columns, start=1):
        locked = col in _IDENTITY
        _fill(ws, 3, n + 2, c, locked, text=locked)
        if not locked:
            letter = ws.cell(row=1, column=c).column_letter
            _validation(ws, column_info("Form2", col), f"{letter}3:{letter}{n + 2}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 11
    ws.column_dimensions["D"].width = 22
    ws.freeze_panes = "E3"
    _protect(ws)


def _persepsi(ws, rows: pd.DataFrame, opd: list[tuple[str, str]], opd_range: str) -> None:
    cols = ("kode_desa", "nama_desa", "nama_kec", "kode_opd", "air_limbah", "persampahan",
            "drainase")
    _header(ws, "Persepsi", cols)
    r = 3
    for code, _ in opd:
        for d in rows.itertuples(index=False):
            _text(ws, r, 1, d.kode_desa)
            ws.cell(row=r, column=2, value=d.nama_desa)
            ws.cell(row=r, column=3, value=d.nama_kec)
            _text(ws, r, 4, code)
            r += 1
    last = max(r - 1, 3)
    for c in range(1, 8):
        _fill(ws, 3, last, c, c <= 3, text=c <= 4)
    _validation(ws, column_info("Persepsi", "kode_opd"), f"D3:D{last}", opd_range)
    for c, col in enumerate(cols[4:], start=5):
        letter = ws.cell(row=1, column=c).column_letter
        _validation(ws, column_info("Persepsi", col), f"{letter}3:{letter}{last}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 20
    ws.freeze_panes = "E3"
    _protect(ws)


def _akses(ws, rows: pd.DataFrame, tahun: int | None, desa_range: str) -> None:
    spec = SHEETS["Akses"]
    cols = ("kode_desa", "nama_desa", *[c for c in spec.columns if c != "kode_desa"])
    _header(ws, "Akses", cols)
    n = len(rows)
    for i, d in enumerate(rows.itertuples(index=False), start=3):
        _text(ws, i, 1, d.kode_desa)
        ws.cell(row=i, column=2, value=d.nama_desa)
        ws.cell(row=i, column=3, value=tahun)
    extra = n + 2 + max(2 * n, 50)
    for c, col in enumerate(cols, start=1):
        ident = col in ("kode_desa", "nama_desa")
        _fill(ws, 3, n + 2, c, ident, text=ident)
        _fill(ws, n + 3, extra, c, False, text=ident)
        letter = ws.cell(row=1, column=c).column_letter
        if col == "kode_desa":
            _validation(ws, column_info("Akses", col), f"A{n + 3}:A{extra}", desa_range)
        elif col != "nama_desa":
            _validation(ws, column_info("Akses", col), f"{letter}3:{letter}{extra}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 26
    ws.freeze_panes = "D3"
    _protect(ws)


#: Where the hidden list sheet keeps the unit-cost items (the item_biaya drop-down).
ITEM_RANGE = "Daftar!$E$2:$E$80"


def _free_sheet(ws, name: str, desa_range: str) -> None:
    spec = SHEETS[name]
    cols = spec.table_columns
    if "kode_desa" in cols:
        i = cols.index("kode_desa")
        cols = (*cols[:i + 1], "nama_desa", *cols[i + 1:])
    _header(ws, name, cols)
    last = FREE_ROWS + 2
    for c, col in enumerate(cols, start=1):
        letter = ws.cell(row=1, column=c).column_letter
        info = column_info(name, col)
        if col == "kode_desa":
            _validation(ws, info, f"{letter}3:{letter}{last}", desa_range)
        elif col == "indikator":
            _validation(ws, info, f"{letter}3:{letter}{last}", "Daftar!$A$2:$A$60")
        elif col == "item_biaya":
            _validation(ws, info, f"{letter}3:{letter}{last}", ITEM_RANGE)
        elif col != "nama_desa":
            _validation(ws, info, f"{letter}3:{letter}{last}")
        if info.kind in ("kode", "text", "choice"):
            for r in range(3, last + 1):
                ws.cell(row=r, column=c).style = "ppsp_teks"
    ws.freeze_panes = "A3"


def _daftar(ws) -> None:
    """Hidden list sheet: the monev indicator catalogue for the Target drop-down and the
    unit-cost items (with unit, value, price year and source) for the Program drop-down."""
    ws.cell(row=1, column=1, value="indikator")
    ws.cell(row=1, column=2, value="nama")
    ws.cell(row=1, column=3, value="satuan")
    try:
        text = resources.files("ppsp_analysis").joinpath("monev/indikator.csv").read_text("utf-8")
        rows = list(csv.DictReader(text.splitlines()))
    except (FileNotFoundError, OSError):
        rows = []
    for r, row in enumerate(rows, start=2):
        ws.cell(row=r, column=1, value=row.get("kode"))
        ws.cell(row=r, column=2, value=row.get("nama"))
        ws.cell(row=r, column=3, value=row.get("satuan"))
    for c, title in enumerate(("item_biaya", "nama_item", "satuan", "nilai_rp", "tahun_harga",
                               "sumber"), start=5):
        ws.cell(row=1, column=c, value=title)
    try:
        text = resources.files("ppsp_analysis").joinpath("funding/biaya_satuan.csv").read_text(
            "utf-8")
        items = list(csv.DictReader(text.splitlines()))
    except (FileNotFoundError, OSError):
        items = []
    for r, row in enumerate(items, start=2):
        for c, key in enumerate(("item", "nama_item", "satuan", "nilai_rp", "tahun", "sumber"),
                                start=5):
            value = row.get(key) or None
            if key in ("nilai_rp", "tahun") and value:
                value = float(value) if key == "nilai_rp" else int(value)
            ws.cell(row=r, column=c, value=value)
    ws.sheet_state = "hidden"
