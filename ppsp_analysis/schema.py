"""Column specifications of the input package (the data contract).

Pure: nothing here touches disk. The io layer uses these to parse sheets (the cell rules
below live beside the workbook reader, in :mod:`ppsp_analysis.io.cells`) and to write the
blank template; validation uses them to name what is missing.

Every column has a :class:`ColumnInfo`: a human label, a unit, a help note (shown in the
template) and a *kind* that decides how a cell is read:

========== ==================================================================================
kind       cell rule
========== ==================================================================================
``kode``   Kemendagri code, normalised to the dotted form (:func:`normalise_kode`)
``text``   string, surrounding spaces removed
``choice`` one of ``choices``, matched without regard to case and spaces
``number`` Indonesian or English number (:func:`ppsp_analysis.io.cells.parse_number`)
``count``  number (a whole number is expected)
``pct``    percentage 0–100; ``45%``, a percent-formatted cell and ``0,45`` are all 45
``flag``   0/1; ``ya``/``tidak`` accepted
``urban``  1/2; ``urban``/``rural``/``perkotaan``/``perdesaan`` accepted
``score``  a number (1–4 is checked by validation)
``year``   a year
``date``   a date, kept as ISO text ``YYYY-MM-DD`` (:func:`parse_date`)
========== ==================================================================================
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from ._errors import Problem
from .method import class_labels


@dataclass(frozen=True)
class ColumnInfo:
    """How one column is labelled in the template and read back.

    Parameters
    ----------
    label : str
        Human label (Bahasa Indonesia), written in the template's second header row.
    unit : str
        Unit or allowed values, shown in brackets after the label.
    help : str
        The help note of the column (a comment on its header cell).
    kind : str
        Cell rule, see the module docstring.
    choices : tuple of str
        Allowed values of a ``choice`` column (canonical spelling).
    aliases : tuple of (str, str)
        Other spellings of a ``choice`` value → its canonical spelling (older workbooks, field
        usage), matched like the choices themselves.
    """

    label: str
    unit: str = ""
    help: str = ""
    kind: str = "text"
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def heading(self) -> str:
        """``label (unit)``: the text of the template's second header row."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class SheetSpec:
    """What one sheet of ``instrumen.xlsx`` must hold.

    Attributes
    ----------
    name : str
        Sheet name (matched without regard to case, spaces and underscores).
    columns : tuple of str
        Required columns (contract names, header row).
    numeric : tuple of str
        Columns read as numbers.
    required : bool
        Whether the sheet must exist.
    help : dict
        Unused legacy field (kept for compatibility); see :data:`COLUMNS`.
    optional : tuple of str
        Extra columns understood when present (e.g. ``nama_desa`` beside ``kode_desa``).
    prefilled : tuple of str
        Columns the template fills in; a row with nothing but these is an unused row.
    title : str
        The matching part of the official Instrumen SSK.
    added : tuple of str
        Columns added by later versions of the contract: optional on read (a workbook made
        before them still reads), always present in the parsed table (blank when absent) and
        written by the template.
    """

    name: str
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    required: bool = True
    help: dict[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()
    prefilled: tuple[str, ...] = ()
    title: str = ""
    added: tuple[str, ...] = ()

    @property
    def table_columns(self) -> tuple[str, ...]:
        """The columns of the parsed table: required, then added by later versions."""
        return self.columns + tuple(c for c in self.added if c not in self.columns)

    @property
    def all_columns(self) -> tuple[str, ...]:
        """Required, added and optional columns."""
        return self.table_columns + tuple(c for c in self.optional
                                          if c not in self.table_columns)


FORM1_KEYS = ("nama_pokja", "kode_kabupaten", "nama_kabupaten", "nama_provinsi", "tahun")
FORM1_OPTIONAL = ("tahun_ehra", "sumber_data_sekunder", "sumber_batas", "tanggal_persepsi",
                  "data_sintetis", "ssk_tahun_awal", "ssk_tahun_akhir", "tahun_kua_ppas")
#: Form 1 parameters read as years.
FORM1_YEARS = ("tahun", "tahun_ehra", "ssk_tahun_awal", "ssk_tahun_akhir", "tahun_kua_ppas")

FORM2_NUMERIC = (
    "luas_ha", "luas_terbangun_ha", "penduduk", "jumlah_kk", "kk_miskin", "urban_bps",
    "urban_rtrw", "cbd", "sungai_mck", "banjir_mengganggu", "rob", "genangan_ha",
    "air_tanah_dangkal", "kemiringan_pct", "kk_tanpa_jamban", "kk_jamban_layak",
    "pct_sampah_terangkut", "jumlah_tps", "lokus_stunting",
)
FLAG_COLUMNS = ("cbd", "sungai_mck", "banjir_mengganggu", "rob", "air_tanah_dangkal",
                "lokus_stunting")
PERCENT_COLUMNS = ("pct_sampah_terangkut", "kemiringan_pct")
COUNT_COLUMNS = ("penduduk", "jumlah_kk", "kk_miskin", "kk_tanpa_jamban", "kk_jamban_layak",
                 "jumlah_tps")

AKSES_LADDER = {
    "sanitasi": ("sanitasi_aman", "sanitasi_layak_sendiri", "sanitasi_layak_bersama",
                 "sanitasi_belum_layak", "sanitasi_babs_terbuka"),
    "air_minum": ("air_aman", "air_layak_dasar", "air_layak_terbatas", "air_tidak_layak",
                  "air_tanpa_akses"),
}
@dataclass(frozen=True)
class Ladder:
    """Definition of one access ladder of sheet ``Akses``: rungs from worst to best and the
    unit total (used by :mod:`ppsp_analysis.monev.ladders` and the column vocabulary)."""

    component: str
    title: str
    rungs: tuple[tuple[str, str], ...]
    total: str
    unit: str

    @property
    def columns(self) -> list[str]:
        """Rung columns, worst first."""
        return [k for k, _ in self.rungs]

    @property
    def labels(self) -> dict[str, str]:
        """Column → Bahasa Indonesia label."""
        return dict(self.rungs)


LADDERS: dict[str, Ladder] = {
    "air_limbah": Ladder(
        "air_limbah", "Akses sanitasi (air limbah domestik)",
        (("sanitasi_babs_terbuka", "BABS di tempat terbuka"),
         ("sanitasi_belum_layak", "Belum layak"),
         ("sanitasi_layak_bersama", "Layak bersama"),
         ("sanitasi_layak_sendiri", "Layak sendiri"),
         ("sanitasi_aman", "Aman")),
        "jumlah_kk", "KK"),
    "air_minum": Ladder(
        "air_minum", "Akses air minum",
        (("air_tanpa_akses", "Tanpa akses (air permukaan)"),
         ("air_tidak_layak", "Tidak layak"),
         ("air_layak_terbatas", "Layak terbatas"),
         ("air_layak_dasar", "Layak dasar"),
         ("air_aman", "Aman")),
        "jumlah_kk", "KK"),
    "persampahan": Ladder(
        "persampahan", "Pengelolaan sampah (ton/tahun)",
        (("sampah_tidak_terkelola_ton", "Tidak terkelola"),
         ("sampah_ditangani_ton", "Ditangani"),
         ("sampah_dikurangi_ton", "Dikurangi")),
        "sampah_timbulan_ton", "ton/tahun"),
}

AKSES_NUMERIC = ("tahun", "penduduk", "jumlah_kk", *AKSES_LADDER["sanitasi"],
                 *AKSES_LADDER["air_minum"], "sampah_timbulan_ton", "sampah_dikurangi_ton",
                 "sampah_ditangani_ton", "kk_sampah_terlayani", "genangan_ha", "odf", "stbm")

SUMBER_DANA = ("APBD Kabupaten", "APBD Provinsi", "APBN", "DAK", "Dana Desa", "Swasta/CSR",
               "Perbankan", "Masyarakat")
JENIS_BELANJA = ("investasi", "O&M")
KOMPONEN_PROGRAM = ("air_limbah", "persampahan", "drainase", "phbs")
KOMPONEN_AREA = ("air_limbah", "persampahan", "drainase")
#: Who commits (the commitment tracker, reference/funding.md (d)); events are keyed by name and
#: date, not by a fixed Coaching Clinic number.
JENIS_PIHAK = ("Bupati", "TAPD", "OPD", "DPRD", "Provinsi", "K/L", "kecamatan", "desa",
               "Swasta/CSR", "Bank", "BAZNAS", "masyarakat", "lainnya")
#: Spellings of earlier workbooks (``swasta``, ``perbankan``) and of the field → canonical.
JENIS_PIHAK_ALIAS = (("swasta", "Swasta/CSR"), ("csr", "Swasta/CSR"), ("perbankan", "Bank"),
                     ("kementerian", "K/L"), ("kementerian/lembaga", "K/L"), ("kl", "K/L"),
                     ("pemerintah provinsi", "Provinsi"), ("pemprov", "Provinsi"),
                     ("tim anggaran pemerintah daerah", "TAPD"), ("dunia usaha", "Swasta/CSR"))
#: The commitment pipeline, in order: proposed → agreed → in the KUA-PPAS → in the DPA →
#: realised (reference/funding.md (d)).
STATUS_KOMITMEN = ("diusulkan", "disepakati", "KUA-PPAS", "DPA", "terealisasi")
STATUS_KOMITMEN_ALIAS = (("direncanakan", "diusulkan"), ("usulan", "diusulkan"),
                         ("sepakat", "disepakati"), ("kua ppas", "KUA-PPAS"),
                         ("kuappas", "KUA-PPAS"), ("rkpd", "KUA-PPAS"),
                         ("rkpd/kua-ppas", "KUA-PPAS"), ("masuk rkpd/kua-ppas", "KUA-PPAS"),
                         ("pagu kua-ppas", "KUA-PPAS"), ("dpa-skpd", "DPA"),
                         ("realisasi", "terealisasi"))


def status_key(status: str) -> str:
    """Column-name form of a commitment status: ``KUA-PPAS`` → ``kua_ppas``.

    Examples
    --------
    >>> [status_key(s) for s in STATUS_KOMITMEN]
    ['diusulkan', 'disepakati', 'kua_ppas', 'dpa', 'terealisasi']
    """
    return str(status).lower().replace("-", "_").replace(" ", "_")


#: Instruments that carry a commitment.
INSTRUMEN_KOMITMEN = ("SK", "Perbup", "surat komitmen", "MoU/PKS", "pagu KUA-PPAS", "DPA",
                      "APBDes", "lainnya")
INSTRUMEN_ALIAS = (("mou", "MoU/PKS"), ("pks", "MoU/PKS"), ("kua-ppas", "pagu KUA-PPAS"),
                   ("kua ppas", "pagu KUA-PPAS"), ("perbup", "Perbup"),
                   ("peraturan bupati", "Perbup"), ("sk bupati", "SK"),
                   ("surat pernyataan komitmen", "surat komitmen"), ("apbdes", "APBDes"))
#: Scope of a unit cost: the full cost of the asset, or a stimulus that covers part of it.
CAKUPAN_BIAYA = ("penuh", "stimulan")

SHEETS: dict[str, SheetSpec] = {
    s.name: s for s in (
        SheetSpec("Form1", ("parameter", "nilai"), optional=("keterangan",),
                  title="Form 1 – Data umum kabupaten/kota"),
        SheetSpec("OPD", ("kode_opd", "nama_opd"),
                  title="Form 1 – Daftar OPD anggota Pokja (5–9 OPD)"),
        SheetSpec("Form2", ("kode_desa", "nama_desa", "kode_kec", "nama_kec", *FORM2_NUMERIC),
                  FORM2_NUMERIC, title="Form 2 – Data per desa/kelurahan"),
        SheetSpec("Persepsi", ("kode_desa", "kode_opd", "air_limbah", "persampahan", "drainase"),
                  ("air_limbah", "persampahan", "drainase"), optional=("nama_desa", "nama_kec"),
                  prefilled=("kode_desa", "nama_desa", "nama_kec", "kode_opd"),
                  title="Form persepsi SKPD/OPD – skor risiko per desa"),
        SheetSpec("Akses", ("kode_desa", *AKSES_NUMERIC), AKSES_NUMERIC, required=False,
                  optional=("nama_desa", "nama_kec"),
                  prefilled=("kode_desa", "nama_desa", "nama_kec", "tahun"),
                  title="Data akses layanan sanitasi dan air minum per desa per tahun"),
        SheetSpec("Program", ("tahun", "nama_kegiatan", "komponen", "sumber_dana", "jenis",
                              "kode_desa", "rencana_rp", "realisasi_rp"),
                  ("tahun", "rencana_rp", "realisasi_rp", "volume", "harga_satuan_rp"),
                  required=False, optional=("nama_desa", "nama_kec"),
                  added=("item_biaya", "volume", "satuan", "harga_satuan_rp"),
                  title="Program dan kegiatan sanitasi (rencana SSK, indikasi biaya dan "
                        "realisasi)"),
        SheetSpec("Anggaran", ("tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                               "pinjaman_hibah_rp"),
                  ("tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                   "pinjaman_hibah_rp"), required=False, title="Anggaran sanitasi per tahun"),
        SheetSpec("Target", ("indikator", "tahun", "nilai", "sumber"), ("tahun", "nilai"),
                  required=False, title="Target indikator monev"),
        SheetSpec("Komitmen", ("tahun", "pihak", "jenis_pihak", "komponen", "nilai_rp", "status"),
                  ("tahun", "nilai_rp", "target_fisik"), required=False,
                  added=("acara", "tanggal", "instrumen", "sumber_dana", "target_fisik",
                         "satuan_fisik", "daftar_kode_desa", "bukti", "penanggung_jawab",
                         "tindak_lanjut", "tanggal_tindak_lanjut"),
                  title="Pelacak komitmen para pihak (per acara: Coaching Clinic, rapat TAPD, "
                        "audiensi)"),
        SheetSpec("BiayaSatuan", ("item", "satuan", "nilai_rp", "tahun"),
                  ("nilai_rp", "tahun", "kk_per_satuan", "om_persen"), required=False,
                  added=("nama_item", "komponen", "wilayah", "cakupan", "kk_per_satuan",
                         "om_persen", "sumber"),
                  title="Biaya satuan setempat (menggantikan atau menambah katalog bawaan)"),
        SheetSpec("LokusStunting", ("kode_desa",), ("tahun",), required=False,
                  optional=("nama_desa", "nama_kec"), added=("tahun", "sumber"),
                  title="Daftar desa lokus stunting (SK Bupati)"),
        SheetSpec("Override", ("kode_desa", "komponen", "kelas_baru", "alasan"), ("kelas_baru",),
                  required=False, optional=("nama_desa", "nama_kec"),
                  title="Perubahan kelas oleh Pokja setelah verifikasi lapangan"),
    )
}

#: Sheets the template writes besides the contract sheets (ignored on read).
AUX_SHEETS = ("Petunjuk", "Daftar")

#: Other spellings of sheet names seen in the field (normalised key → contract name).
SHEET_ALIASES = {
    "form1": "Form1", "formi": "Form1", "dataumum": "Form1", "umum": "Form1",
    "opd": "OPD", "daftaropd": "OPD", "skpd": "OPD", "form1opd": "OPD",
    "form2": "Form2", "formii": "Form2", "datadesa": "Form2",
    "persepsi": "Persepsi", "persepsiopd": "Persepsi", "skorpersepsi": "Persepsi",
    "persepsiskpd": "Persepsi",
    "akses": "Akses", "program": "Program", "anggaran": "Anggaran", "target": "Target",
    "komitmen": "Komitmen", "override": "Override", "perubahankelas": "Override",
    "biayasatuan": "BiayaSatuan", "hargasatuan": "BiayaSatuan", "unitcost": "BiayaSatuan",
    "katalogbiaya": "BiayaSatuan", "lokusstunting": "LokusStunting",
    "desalokusstunting": "LokusStunting", "lokus": "LokusStunting",
}

_YA_TIDAK = "ya/tidak"
_SKOR = "1–4"
# the perception scale: the default area-berisiko class names (2017 Pedoman: 4 sangat tinggi,
# 3 tinggi, 2 rendah, 1 sangat rendah), from the one definition in ppsp_analysis.method
_PERSEPSI_HELP = ", ".join(f"{k} = {v[:1].lower() + v[1:]}"
                           for k, v in class_labels(None, "area").items()) + "."

#: Label, unit, help and reading rule of every column (all sheets).
COLUMNS: dict[str, ColumnInfo] = {
    # identity
    "kode_desa": ColumnInfo("Kode desa/kelurahan", "Kemendagri PP.KK.CC.DDDD",
                            "Kode Kemendagri desa/kelurahan. Terisi otomatis; jangan diubah.",
                            "kode"),
    "nama_desa": ColumnInfo("Nama desa/kelurahan", "",
                            "Nama resmi desa/kelurahan. Terisi otomatis.", "text"),
    "kode_kec": ColumnInfo("Kode kecamatan", "PP.KK.CC", "Kode Kemendagri kecamatan.", "kode"),
    "nama_kec": ColumnInfo("Nama kecamatan", "", "Nama kecamatan.", "text"),
    "parameter": ColumnInfo("Parameter", "", "Nama parameter; jangan diubah.", "text"),
    "nilai": ColumnInfo("Nilai", "", "Isi nilai parameter.", "text"),
    "keterangan": ColumnInfo("Keterangan", "", "Penjelasan parameter.", "text"),
    "kode_opd": ColumnInfo("Kode OPD", "singkatan", "Singkatan OPD, mis. BAPPEDA, PUPR, DINKES. "
                           "Harus sama dengan sheet OPD.", "text"),
    "nama_opd": ColumnInfo("Nama OPD", "", "Nama lengkap perangkat daerah.", "text"),
    # Form 2
    "luas_ha": ColumnInfo("Luas wilayah", "ha", "Luas administrasi desa dalam hektar "
                          "(1 km² = 100 ha). Boleh 12,5 atau 1.234,5.", "number"),
    "luas_terbangun_ha": ColumnInfo("Luas terbangun", "ha", "Luas kawasan terbangun/permukiman, "
                                    "hektar; tidak boleh melebihi luas wilayah.", "number"),
    "penduduk": ColumnInfo("Jumlah penduduk", "jiwa", "Jumlah penduduk (jiwa), mis. dari "
                           "Kecamatan Dalam Angka atau data desa.", "count"),
    "jumlah_kk": ColumnInfo("Jumlah KK", "KK", "Jumlah kepala keluarga.", "count"),
    "kk_miskin": ColumnInfo("KK miskin", "KK", "Jumlah KK miskin (DTKS/pra-sejahtera); "
                            "tidak boleh melebihi jumlah KK.", "count"),
    "urban_bps": ColumnInfo("Klasifikasi BPS", "1 urban / 2 rural",
                            "Klasifikasi desa BPS: 1 = perkotaan (urban), 2 = perdesaan (rural).",
                            "urban"),
    "urban_rtrw": ColumnInfo("Fungsi kawasan menurut RTRW", "1 perkotaan / 2 perdesaan",
                             "Menurut RTRW: 1 = kawasan perkotaan, 2 = kawasan perdesaan.",
                             "urban"),
    "cbd": ColumnInfo("Pusat kegiatan (CBD)", _YA_TIDAK,
                      "Ya bila desa termasuk pusat kota/kegiatan ekonomi.", "flag"),
    "sungai_mck": ColumnInfo("Sungai dipakai untuk MCK", _YA_TIDAK,
                             "Ya bila warga memakai sungai untuk mandi, cuci, kakus.", "flag"),
    "banjir_mengganggu": ColumnInfo("Banjir yang mengganggu", _YA_TIDAK,
                                    "Ya bila banjir rutin mengganggu kegiatan warga.", "flag"),
    "rob": ColumnInfo("Rob", _YA_TIDAK, "Ya bila terjadi genangan air pasang laut (rob).",
                      "flag"),
    "genangan_ha": ColumnInfo("Luas genangan", "ha", "Luas genangan/banjir tahunan, hektar; "
                              "isi 0 bila tidak ada.", "number"),
    "air_tanah_dangkal": ColumnInfo("Air tanah dangkal (< 2 m)", _YA_TIDAK,
                                    "Ya bila muka air tanah kurang dari 2 m.", "flag"),
    "kemiringan_pct": ColumnInfo("Kemiringan lahan", "%", "Kemiringan rata-rata lahan, persen "
                                 "(45% atau 0,45 dibaca 45).", "pct"),
    "kk_tanpa_jamban": ColumnInfo("KK tanpa jamban", "KK", "Jumlah KK yang tidak punya akses "
                                  "jamban (BABS).", "count"),
    "kk_jamban_layak": ColumnInfo("KK dengan jamban layak", "KK",
                                  "Jumlah KK dengan jamban layak (sendiri atau bersama).",
                                  "count"),
    "pct_sampah_terangkut": ColumnInfo("Sampah terangkut", "% rumah tangga",
                                       "Persentase rumah tangga yang sampahnya diangkut, 0–100 "
                                       "(45% atau 0,45 dibaca 45).", "pct"),
    "jumlah_tps": ColumnInfo("Jumlah TPS/TPS3R", "unit", "Jumlah tempat penampungan sampah "
                             "sementara di desa.", "count"),
    "lokus_stunting": ColumnInfo("Lokus stunting", _YA_TIDAK,
                                 "Ya bila desa ditetapkan lokus stunting.", "flag"),
    # Persepsi
    "air_limbah": ColumnInfo("Skor persepsi air limbah", _SKOR,
                             _PERSEPSI_HELP,
                             "score"),
    "persampahan": ColumnInfo("Skor persepsi persampahan", _SKOR,
                              _PERSEPSI_HELP,
                              "score"),
    "drainase": ColumnInfo("Skor persepsi drainase", _SKOR,
                           _PERSEPSI_HELP,
                           "score"),
    # Akses
    "tahun": ColumnInfo("Tahun", "YYYY", "Tahun data, mis. 2025.", "year"),
    "sanitasi_aman": ColumnInfo("Sanitasi aman", "KK", "KK dengan akses sanitasi aman.", "count"),
    "sanitasi_layak_sendiri": ColumnInfo("Sanitasi layak milik sendiri", "KK",
                                         "KK dengan jamban layak milik sendiri (belum aman).",
                                         "count"),
    "sanitasi_layak_bersama": ColumnInfo("Sanitasi layak bersama", "KK",
                                         "KK yang memakai jamban layak bersama.", "count"),
    "sanitasi_belum_layak": ColumnInfo("Sanitasi belum layak", "KK",
                                       "KK dengan jamban belum layak (termasuk BABS tertutup).",
                                       "count"),
    "sanitasi_babs_terbuka": ColumnInfo("BABS di tempat terbuka", "KK",
                                        "KK yang buang air besar di tempat terbuka.", "count"),
    "air_aman": ColumnInfo("Air minum aman", "KK", "KK dengan akses air minum aman.", "count"),
    "air_layak_dasar": ColumnInfo("Air minum layak dasar", "KK", "KK dengan akses air minum "
                                  "layak dasar.", "count"),
    "air_layak_terbatas": ColumnInfo("Air minum layak terbatas", "KK", "KK dengan akses air "
                                     "minum layak terbatas.", "count"),
    "air_tidak_layak": ColumnInfo("Air minum tidak layak", "KK", "KK dengan sumber air tidak "
                                  "layak.", "count"),
    "air_tanpa_akses": ColumnInfo("Tanpa akses air minum", "KK", "KK yang memakai air "
                                  "permukaan langsung.", "count"),
    "sampah_timbulan_ton": ColumnInfo("Timbulan sampah", "ton/tahun", "Timbulan sampah desa "
                                      "per tahun.", "number"),
    "sampah_dikurangi_ton": ColumnInfo("Sampah dikurangi", "ton/tahun", "Sampah yang dikurangi "
                                       "(3R, bank sampah).", "number"),
    "sampah_ditangani_ton": ColumnInfo("Sampah ditangani", "ton/tahun", "Sampah yang ditangani "
                                       "(diangkut ke TPA/diolah).", "number"),
    "kk_sampah_terlayani": ColumnInfo("KK terlayani pengangkutan sampah", "KK",
                                      "KK yang sampahnya terangkut.", "count"),
    "odf": ColumnInfo("Desa ODF", _YA_TIDAK, "Ya bila desa sudah terverifikasi ODF/SBS.", "flag"),
    "stbm": ColumnInfo("Desa STBM 5 pilar", _YA_TIDAK, "Ya bila desa sudah STBM 5 pilar.",
                       "flag"),
    # Program / anggaran
    "nama_kegiatan": ColumnInfo("Nama kegiatan", "", "Nama kegiatan/sub-kegiatan.", "text"),
    "komponen": ColumnInfo("Komponen", "air_limbah/persampahan/drainase/phbs",
                           "Pilih dari daftar.", "choice", KOMPONEN_PROGRAM),
    "sumber_dana": ColumnInfo("Sumber dana", "pilih dari daftar",
                              "Pilih: " + ", ".join(SUMBER_DANA) + ".", "choice", SUMBER_DANA),
    "jenis": ColumnInfo("Jenis belanja", "investasi/O&M", "investasi = pembangunan baru; O&M = "
                        "operasi dan pemeliharaan.", "choice", JENIS_BELANJA),
    "rencana_rp": ColumnInfo("Rencana anggaran", "Rp", "Rupiah, mis. 1.500.000 atau "
                             "Rp 1,5 juta.", "number"),
    "realisasi_rp": ColumnInfo("Realisasi anggaran", "Rp", "Rupiah; kosongkan bila belum ada.",
                               "number"),
    "total_apbd_rp": ColumnInfo("Total APBD", "Rp", "Total belanja APBD kabupaten/kota.",
                                "number"),
    "belanja_sanitasi_rp": ColumnInfo("Belanja sanitasi", "Rp", "Belanja sanitasi APBD.",
                                      "number"),
    "dak_sanitasi_rp": ColumnInfo("DAK sanitasi", "Rp", "DAK bidang sanitasi.", "number"),
    "pinjaman_hibah_rp": ColumnInfo("Pinjaman/hibah", "Rp", "Pinjaman dan hibah untuk "
                                    "sanitasi.", "number"),
    # Target / komitmen / override
    "indikator": ColumnInfo("Kode indikator", "katalog monev", "Kode indikator dari katalog "
                            "monev, mis. sanitasi_layak.", "text"),
    "sumber": ColumnInfo("Sumber target", "", "Dokumen sumber target, mis. SSK 2025–2029.",
                         "text"),
    "pihak": ColumnInfo("Pihak", "", "Nama pihak yang berkomitmen, mis. Bupati Kapuas, "
                        "Dinas PUPR, PT Sawit Lestari.", "text"),
    "jenis_pihak": ColumnInfo("Jenis pihak", "pilih dari daftar",
                              "Pilih: " + ", ".join(JENIS_PIHAK) + ".", "choice", JENIS_PIHAK,
                              JENIS_PIHAK_ALIAS),
    "nilai_rp": ColumnInfo("Nilai komitmen", "Rp", "Nilai yang dijanjikan dalam rupiah, mis. "
                           "1500000000 atau 1.500.000.000; masuk celah pendanaan 2 bila "
                           "statusnya disepakati atau lebih.", "number"),
    "status": ColumnInfo("Status", "diusulkan → disepakati → KUA-PPAS → DPA → terealisasi",
                         "Tahap komitmen: diusulkan (baru diminta), disepakati (ada kesepakatan/"
                         "surat), KUA-PPAS (masuk pagu KUA-PPAS/RKPD), DPA (masuk DPA), "
                         "terealisasi (dana sudah dibelanjakan).", "choice", STATUS_KOMITMEN,
                         STATUS_KOMITMEN_ALIAS),
    "acara": ColumnInfo("Acara", "", "Acara tempat komitmen dibuat, mis. Coaching Clinic 2 "
                        "Provinsi, Rapat TAPD, audiensi Bupati (bukan nomor CC saja).", "text"),
    "tanggal": ColumnInfo("Tanggal acara", "YYYY-MM-DD", "Tanggal komitmen dibuat, mis. "
                          "2026-03-15 atau 15/03/2026.", "date"),
    "instrumen": ColumnInfo("Instrumen", "pilih dari daftar",
                            "Bentuk komitmen: " + ", ".join(INSTRUMEN_KOMITMEN) + ".",
                            "choice", INSTRUMEN_KOMITMEN, INSTRUMEN_ALIAS),
    "target_fisik": ColumnInfo("Target fisik", "KK/unit", "Jumlah KK atau unit yang dijanjikan, "
                               "mis. 250 (KK).", "number"),
    "satuan_fisik": ColumnInfo("Satuan target fisik", "", "Satuan target fisik, mis. KK, unit, "
                               "lokasi, m.", "text"),
    "daftar_kode_desa": ColumnInfo("Kode desa sasaran", "PP.KK.CC.DDDD, dipisah koma",
                                   "Kode Kemendagri desa sasaran komitmen, dipisah koma; "
                                   "kosongkan bila tingkat kabupaten.", "text"),
    "bukti": ColumnInfo("Bukti", "", "Dokumen bukti: nomor surat/SK/MoU, nama file, tautan.",
                        "text"),
    "penanggung_jawab": ColumnInfo("Penanggung jawab", "", "Anggota Pokja yang menindaklanjuti.",
                                   "text"),
    "tindak_lanjut": ColumnInfo("Tindak lanjut berikutnya", "", "Langkah berikutnya, mis. "
                                "kirim surat ke TAPD, cek pagu KUA-PPAS.", "text"),
    "tanggal_tindak_lanjut": ColumnInfo("Tenggat tindak lanjut", "YYYY-MM-DD",
                                        "Tanggal tindak lanjut harus selesai; lewat tenggat dan "
                                        "belum terealisasi = terlambat.", "date"),
    # Program: indikasi biaya (SSK chapter 5)
    "item_biaya": ColumnInfo("Item biaya satuan", "kode katalog",
                             "Kode item biaya satuan (katalog bawaan atau sheet BiayaSatuan), "
                             "mis. tangki_septik_individual, tps3r, iplt_25.", "text"),
    "volume": ColumnInfo("Volume", "satuan item", "Jumlah unit kegiatan, mis. 250 (SR), 2 "
                         "(lokasi), 1.500 (m).", "number"),
    "satuan": ColumnInfo("Satuan", "", "Satuan volume/biaya, mis. SR, KK, unit, lokasi, m.",
                         "text"),
    "harga_satuan_rp": ColumnInfo("Harga satuan", "Rp/satuan", "Harga satuan setempat "
                                  "(HSPK/AHSP) pada harga tahun kegiatan; kosongkan untuk "
                                  "memakai item_biaya.", "number"),
    # BiayaSatuan
    "item": ColumnInfo("Kode item", "huruf kecil_garis bawah", "Kode item biaya; sama dengan "
                       "kode katalog untuk mengganti nilainya, kode baru untuk menambah item.",
                       "text"),
    "nama_item": ColumnInfo("Nama item", "", "Uraian item, mis. Saluran drainase lingkungan "
                            "pasangan batu.", "text"),
    "wilayah": ColumnInfo("Wilayah acuan", "", "Wilayah asal harga, mis. Kab. Kapuas.", "text"),
    "cakupan": ColumnInfo("Cakupan biaya", "penuh/stimulan", "penuh = biaya seluruh aset; "
                          "stimulan = bantuan sebagian (mis. Hibah ALS).", "choice",
                          CAKUPAN_BIAYA),
    "kk_per_satuan": ColumnInfo("KK terlayani per satuan", "KK", "Jumlah KK yang dilayani satu "
                                "satuan, mis. 1 untuk tangki septik individual, 200 untuk "
                                "TPS3R.", "number"),
    "om_persen": ColumnInfo("Biaya O&M per tahun", "% biaya investasi", "Biaya operasi dan "
                            "pemeliharaan per tahun sebagai persen biaya investasi; kosongkan "
                            "untuk nilai metode.", "number"),
    "kelas_baru": ColumnInfo("Kelas baru", _SKOR, "Kelas area berisiko hasil verifikasi "
                             "lapangan, 1–4.", "score"),
    "alasan": ColumnInfo("Alasan", "", "Wajib: hasil verifikasi lapangan.", "text"),
}

#: Per-sheet differences from :data:`COLUMNS`.
SHEET_COLUMNS: dict[str, dict[str, ColumnInfo]] = {
    "Komitmen": {
        "tahun": ColumnInfo("Tahun anggaran", "YYYY", "Tahun anggaran komitmen, mis. 2027.",
                            "year"),
        "sumber_dana": ColumnInfo("Sumber dana", "pilih dari daftar",
                                  "Kosongkan untuk mengikuti jenis pihak (mis. TAPD → APBD "
                                  "Kabupaten, desa → Dana Desa). Pilih: "
                                  + ", ".join(SUMBER_DANA) + ".", "choice", SUMBER_DANA),
        "komponen": ColumnInfo("Komponen", "air_limbah/persampahan/drainase/phbs",
                               "Kosongkan bila komitmen untuk semua komponen.", "choice",
                               KOMPONEN_PROGRAM),
    },
    "BiayaSatuan": {
        "nilai_rp": ColumnInfo("Biaya satuan", "Rp/satuan", "Rupiah per satuan pada harga "
                               "tahun di kolom tahun.", "number"),
        "tahun": ColumnInfo("Tahun harga", "YYYY", "Tahun harga biaya satuan (dieskalasi ke "
                            "tahun kegiatan).", "year"),
        "sumber": ColumnInfo("Sumber harga", "", "Dokumen sumber, mis. HSPK Kab. Kapuas 2025, "
                             "Perbup No. ...", "text"),
        "komponen": ColumnInfo("Komponen", "air_limbah/persampahan/drainase/phbs",
                               "Pilih dari daftar.", "choice", KOMPONEN_PROGRAM),
    },
    "LokusStunting": {
        "tahun": ColumnInfo("Tahun penetapan", "YYYY", "Tahun SK lokus stunting.", "year"),
        "sumber": ColumnInfo("Dasar penetapan", "", "Nomor SK Bupati lokus stunting.", "text"),
    },
    "Target": {"nilai": ColumnInfo("Nilai target", "satuan indikator", "Angka target, satuan "
                                   "mengikuti katalog (umumnya %).", "number")},
    "Override": {"komponen": ColumnInfo("Komponen", "air_limbah/persampahan/drainase",
                                        "Pilih dari daftar.", "choice", KOMPONEN_AREA)},
    "Akses": {"penduduk": ColumnInfo("Jumlah penduduk", "jiwa", "Penduduk pada tahun itu.",
                                     "count"),
              "genangan_ha": ColumnInfo("Luas genangan", "ha", "Luas genangan pada tahun itu.",
                                        "number")},
}

#: Form 1 parameters: label and help.
FORM1_INFO: dict[str, tuple[str, str]] = {
    "nama_pokja": ("Nama Pokja", "Nama Pokja PKP/AMPL/Sanitasi kabupaten/kota."),
    "kode_kabupaten": ("Kode kabupaten/kota", "Kode Kemendagri PP.KK (bukan kode BPS)."),
    "nama_kabupaten": ("Nama kabupaten/kota", "Nama resmi, mis. Kabupaten Gunung Mas."),
    "nama_provinsi": ("Nama provinsi", "Nama provinsi."),
    "tahun": ("Tahun analisis", "Tahun penyusunan peta area berisiko, mis. 2026."),
    "tahun_ehra": ("Tahun survei EHRA", "Tahun pelaksanaan studi EHRA."),
    "sumber_data_sekunder": ("Sumber data sekunder", "Mis. Kecamatan Dalam Angka 2025, data "
                             "Dinkes 2025."),
    "sumber_batas": ("Sumber batas wilayah", "Asal peta batas desa dan lisensinya, mis. BIG "
                     "2024 atau cahyadsn/wilayah_boundaries (MIT)."),
    "tanggal_persepsi": ("Tanggal penilaian persepsi", "Tanggal rapat penilaian persepsi OPD."),
    "data_sintetis": ("Data sintetis?", "Isi 'ya' hanya untuk data latihan/buatan."),
    "ssk_tahun_awal": ("Tahun awal SSK", "Tahun pertama periode SSK, mis. 2026 (kosong = "
                       "tahun analisis)."),
    "ssk_tahun_akhir": ("Tahun akhir SSK", "Tahun terakhir periode SSK, mis. 2030 (kosong = "
                        "tahun awal + 4)."),
    "tahun_kua_ppas": ("Tahun KUA-PPAS yang diusulkan", "Tahun anggaran usulan ke TAPD, mis. "
                       "2027 (kosong = tahun analisis + 1)."),
}

EHRA_ID_COLUMNS = ("id_rt", "kode_desa")

#: Valid answer codes of the default EHRA questionnaire columns (docs/kontrak_data.md §1.3).
EHRA_ANSWER_CODES: dict[str, tuple[int, ...]] = {
    "sumber_air_minum": tuple(range(1, 10)), "sumber_air_lain": tuple(range(1, 10)),
    "kelangkaan_air": (1, 2), "pengurasan_tangki": tuple(range(1, 7)),
    "buang_lumpur": (1, 2, 3, 4), "spal": (1, 2, 3, 4), "pengelolaan_sampah": (1, 2, 3, 4, 5),
    "frekuensi_angkut": (1, 2, 3), "ketepatan_angkut": (1, 2), "pilah_sampah": (1, 2),
    "genangan": (1, 2), "ctps_5_waktu": (1, 2), "jamban_bebas_tinja": (1, 2),
    "jamban_bebas_lalat": (1, 2), "penggelontor_berfungsi": (1, 2), "sabun_dekat_jamban": (1, 2),
    "air_minum_tercemar": (1, 2), "babs": (1, 2),
}

_KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_SCIENTIFIC = re.compile(r"(\d)[.,](\d+)[eE]\+?(\d+)")
_KODE_PARTS = (2, 2, 2, 4)
_BLANK = {"", "-", "nan", "none", "n/a", "na", "#n/a", "—", "–"}
#: Cell texts that mean "no value" (compared in lower case).
BLANK_TEXTS = frozenset(_BLANK)
#: Invisible format characters that copy-paste (WhatsApp, web pages, PDF, Word) leaves in
#: cells: soft hyphen, zero-width space/joiners, direction marks and overrides, word joiner,
#: byte order mark.
_FORMAT_CHARS = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
#: Spaces other than the plain space (NBSP, thin and narrow spaces, line separators, …).
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVISIBLE = re.compile(f"[{_FORMAT_CHARS}{_ODD_SPACES}]")
_FORMAT_RE = re.compile(f"[{_FORMAT_CHARS}]")
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]")


def has_invisible(text: object) -> bool:
    """True when ``text`` holds an invisible format character or an unusual space.

    Examples
    --------
    >>> has_invisible("62.10.01.2001\u200b"), has_invisible("Desa\u00a0Baru"), has_invisible("a b")
    (True, True, False)
    """
    return isinstance(text, str) and _INVISIBLE.search(text) is not None


def clean_invisible(text: str) -> str:
    """``text`` without invisible format characters, odd spaces made plain, trimmed.

    Examples
    --------
    >>> clean_invisible("\ufeff 62.10.01.2001\u200b "), clean_invisible("Desa\u00a0Baru")
    ('62.10.01.2001', 'Desa Baru')
    """
    return _ODD_SPACE_RE.sub(" ", _FORMAT_RE.sub("", text)).strip()


def invisible_problem(fname: str, raw: str, sheet: str | None, row: int | None,
                      column: str, cell: str | None = None, count: int = 1) -> Problem:
    """Warning for cells whose invisible characters were removed, naming the first cell.

    Parameters
    ----------
    raw : str
        The first such cell as it was (shown with :func:`~ppsp_analysis._errors.visible`).
    cell : str, optional
        Excel reference (``A5``).
    count : int
        How many cells of the column had them.

    Examples
    --------
    >>> p = invisible_problem("instrumen.xlsx", "99.03.01.1001\u200b", "Form2", 5, "kode_desa",
    ...                       "A5")
    >>> p.severity, p.message  # doctest: +ELLIPSIS
    ('warning', "isian '99.03.01.1001\\u200b' (sel A5) ... (U+200B ZERO WIDTH SPACE) ...")
    """
    where = f" (sel {cell})" if cell else ""
    more = f"; {count} sel di kolom ini dibersihkan dengan cara yang sama" if count > 1 else ""
    return Problem(fname, f"isian '{raw}'{where} berisi karakter tak terlihat "
                          f"({describe_invisible(raw)}) yang dihapus: dibaca "
                          f"'{clean_invisible(raw)}'{more}",
                   sheet=sheet, row=row, column=column, severity="warning",
                   hint="karakter ini biasanya terbawa saat menyalin dari WhatsApp, web atau "
                        "PDF; bersihkan atau ketik ulang di data sumber")


def describe_invisible(text: str) -> str:
    """The invisible characters of ``text``, named: ``U+200B ZERO WIDTH SPACE``.

    Examples
    --------
    >>> describe_invisible("a\u200bb\u00a0c\u200b")
    'U+200B ZERO WIDTH SPACE, U+00A0 NO-BREAK SPACE'
    """
    found = dict.fromkeys(_INVISIBLE.findall(text))
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in found)


def column_info(sheet: str, column: str) -> ColumnInfo:
    """The :class:`ColumnInfo` of ``column`` in ``sheet`` (a plain text column if unknown)."""
    return SHEET_COLUMNS.get(sheet, {}).get(column) or COLUMNS.get(column) or ColumnInfo(column)


def normalise_kode(value: object) -> str | None:
    """Normalise a Kemendagri code to its dotted form ``PP.KK.CC.DDDD``.

    Accepts codes with or without dots, typed as numbers, with spaces or invisible
    characters (:func:`clean_invisible`), with parts whose leading zero was lost
    (``62.10.1.2001``), and a kabupaten code that Excel turned into a number (``62.1``
    typed as ``62.10``). Anything else is returned stripped, unchanged, so that validation
    can name it.

    Examples
    --------
    >>> normalise_kode("6210012001"), normalise_kode(6210012001), normalise_kode(" 62.10.01.2001 ")
    ('62.10.01.2001', '62.10.01.2001', '62.10.01.2001')
    >>> normalise_kode("62.10.01"), normalise_kode(62.1), normalise_kode("62.10.1.2001")
    ('62.10.01', '62.10', '62.10.01.2001')
    >>> normalise_kode(None), normalise_kode("  "), normalise_kode("abc")
    (None, None, 'abc')
    >>> normalise_kode("6,210012001E+09"), normalise_kode("6.21001E+09")  # Excel's notation
    ('62.10.01.2001', '6.21001E+09')
    """
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        if float(value).is_integer():
            value = int(value)
        else:
            text = f"{float(value):.2f}"
            return text if re.fullmatch(r"\d{2}\.\d{2}", text) else str(value)
    if isinstance(value, (int, np.integer)):
        value = str(int(value))
    text = clean_invisible(str(value)).replace(" ", "")
    if not text or text.lower() in _BLANK:
        return None
    sci = _SCIENTIFIC.fullmatch(text)
    if sci and len(sci.group(1) + sci.group(2)) == int(sci.group(3)) + 1:   # exact: no digit lost
        text = sci.group(1) + sci.group(2)
    if text.isascii() and text.isdigit():
        parts = {2: 1, 4: 2, 6: 3, 10: 4}.get(len(text))
        if parts:
            out, i = [], 0
            for n in _KODE_PARTS[:parts]:
                out.append(text[i:i + n])
                i += n
            return ".".join(out)
        return text
    pieces = text.split(".")
    if 1 < len(pieces) <= 4 and all(p.isascii() and p.isdigit() for p in pieces) and all(
            0 < len(p) <= n for p, n in zip(pieces, _KODE_PARTS, strict=False)):
        return ".".join(p.zfill(n) for p, n in zip(pieces, _KODE_PARTS, strict=False))
    return text


def is_kode_desa(text: str | None) -> bool:
    """True for a well-formed desa code ``PP.KK.CC.DDDD``."""
    return bool(text) and bool(_KODE_DESA.match(str(text)))


def looks_like_scientific(text: str | None) -> bool:
    """True for a code Excel wrote in scientific notation (``6.21001E+09``), digits lost.

    Examples
    --------
    >>> looks_like_scientific("6,21001E+09"), looks_like_scientific("62.10.01.2001")
    (True, False)
    """
    return bool(text) and _SCIENTIFIC.fullmatch(str(text)) is not None


def looks_like_bps_code(text: str | None) -> bool:
    """True for a 7- or 10-digit code without dots (BPS kecamatan/desa style)."""
    return bool(text) and str(text).isdigit() and len(str(text)) in (7, 10)


def normalise_header(value: object) -> str:
    """Contract-style column name of a header cell.

    Lower case, spaces and dashes to ``_``, a unit in brackets and a trailing ``*`` removed.

    Examples
    --------
    >>> normalise_header(" Luas_ha (ha) "), normalise_header("Jumlah KK"), normalise_header(None)
    ('luas_ha', 'jumlah_kk', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = re.sub(r"[\(\[].*?[\)\]]", "", text).strip().rstrip("*").strip()
    text = re.sub(r"[\s\-/\.]+", "_", text)
    return text.strip("_")


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y/%m/%d")
_BULAN_ID = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3,
             "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
             "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "oktober": 10,
             "okt": 10, "november": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12}


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, or text that is only spaces or a dash."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    if isinstance(value, str):
        return clean_invisible(value).lower() in _BLANK
    return False


def canonical_choice(value: object, choices: tuple[str, ...],
                     aliases: tuple[tuple[str, str], ...] = ()) -> object:
    """The canonical spelling of ``value`` among ``choices`` (case, spaces, ``_``/``-`` ignored).

    ``aliases`` maps other spellings (e.g. of earlier workbooks) to a choice. Returns the
    stripped value unchanged when it matches none (validation names it).

    Examples
    --------
    >>> canonical_choice(" apbd  kabupaten ", SUMBER_DANA), canonical_choice("o&m", JENIS_BELANJA)
    ('APBD Kabupaten', 'O&M')
    >>> canonical_choice("Air Limbah", KOMPONEN_PROGRAM)
    'air_limbah'
    >>> canonical_choice("direncanakan", STATUS_KOMITMEN, STATUS_KOMITMEN_ALIAS)
    'diusulkan'
    >>> canonical_choice("kua ppas", STATUS_KOMITMEN), canonical_choice("Perbankan", JENIS_PIHAK,
    ...                                                                 JENIS_PIHAK_ALIAS)
    ('KUA-PPAS', 'Bank')
    """
    if is_blank(value):
        return None
    text = str(value).strip()
    key = _choice_key(text)
    for choice in choices:
        if _choice_key(choice) == key:
            return choice
    for other, choice in aliases:
        if _choice_key(other) == key:
            return choice
    return text


def _choice_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def parse_date(value: object) -> str | None:
    """A date cell as ISO text ``YYYY-MM-DD``; None for blank, ``ValueError`` otherwise.

    Accepts Excel dates, ``2026-03-15``, ``15/03/2026`` (day first, the Indonesian order),
    ``15-03-2026``, ``15.03.2026``, ``15 Maret 2026`` and an Excel serial number.

    Examples
    --------
    >>> [parse_date(v) for v in ["2026-03-15", "15/03/2026", "5 Mei 2026", None, 46096]]
    ['2026-03-15', '2026-03-15', '2026-05-05', None, '2026-03-15']
    """
    if is_blank(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if not 20000 <= value <= 80000:
            raise ValueError("bukan tanggal")
        if float(value).is_integer():                                  # Excel serial day
            return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(value))).isoformat()
        raise ValueError("bukan tanggal")
    text = clean_invisible(str(value))
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
    if m and m.group(2).lower() in _BULAN_ID:
        try:
            return _dt.date(int(m.group(3)), _BULAN_ID[m.group(2).lower()],
                            int(m.group(1))).isoformat()
        except ValueError:
            pass
    raise ValueError("bukan tanggal")
