"""The vocabulary of ppsp-analysis (pure): every Indonesian word a user reads about the data.

- **Components** (:data:`KOMPONEN_LABEL`, :data:`IRS_LABEL`, defined beside the method in
  :mod:`ppsp_analysis.method` and imported from here by everything else).
- **Classes** (:class:`ClassScheme`): their number, their names and which of them are a
  priority, all taken from the method (``kelas``, ``area_berisiko.ambang_prioritas``), with
  the phrases the documents print (``kelas 3–4``).
- **Area units** (:class:`UnitNames`): whether the areas of a kabupaten/kota are desa,
  kelurahan or both, read from their Kemendagri codes (``PP.KK.CC.1xxx`` kelurahan,
  ``PP.KK.CC.2xxx`` desa), so a kota's outputs say *kelurahan* and counts say
  ``17 desa/kelurahan`` or ``17 kelurahan`` as fits.
- **Columns** (:data:`VOCABULARY`, :func:`resolve`): machine key → Indonesian title, unit,
  number format and meaning.

Numbers are written by :mod:`ppsp_analysis.fmt`, the one formatter.

One column definition serves ``tabel.xlsx``, ``skor_desa.xlsx`` (its *Keterangan Kolom*
sheet) and the report tables. Input columns reuse :data:`ppsp_analysis.schema.COLUMNS`
(label, unit, help), access-ladder rungs reuse :data:`ppsp_analysis.schema.LADDERS`; only
the output columns are defined here.

Number formats are *format kinds* (:data:`NUMBER_FORMATS`), each an Excel number-format code.
The codes are locale-neutral: ``#,##0.0`` shows ``1.234,5`` in an Indonesian Excel and
``1,234.5`` in an English one; the cell keeps the exact value, only the display is rounded.
Percentages are stored as 0–100 numbers (never fractions), so their format is a plain number
(``0.0``) and the ``%`` sits in the unit of the title.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from . import fmt
from .method import (  # noqa: F401 (COMPONENTS, IRS_LABEL, KOMPONEN_LABEL re-exported)
    COMPONENTS,
    IRS_LABEL,
    KOMPONEN_LABEL,
    class_labels,
    listed_changes,
)
from .schema import COLUMNS, LADDERS, ColumnInfo


# --------------------------------------------------------------------------- classes
@dataclass(frozen=True)
class ClassScheme:
    """The risk classes of a method: how many, their names, which are a priority.

    Build it with :meth:`from_method`; every document, map, table and summary that names a
    class or the priority threshold asks this object, so a ``metode.yaml`` with
    ``area_berisiko: {ambang_prioritas: 4}`` changes them all at once.

    Attributes
    ----------
    jumlah : int
        Number of classes (``kelas.jumlah``).
    nama : tuple of str
        Name of class 1, 2, … (``kelas.label``).
    ambang_prioritas : int
        Lowest priority class (``area_berisiko.ambang_prioritas``).

    Examples
    --------
    >>> s = ClassScheme(4, ("Rendah", "Sedang", "Tinggi", "Sangat tinggi"), 3)
    >>> s.prioritas, s.teks_prioritas, s.teks_bukan_prioritas
    ((3, 4), 'kelas 3–4', 'kelas 1–2')
    >>> ClassScheme(4, ("a", "b", "c", "d"), 4).teks_prioritas
    'kelas 4'
    >>> s.label(4), s.judul(4)
    ('Sangat tinggi', '4 Sangat tinggi')
    """

    jumlah: int
    nama: tuple[str, ...]
    ambang_prioritas: int

    @classmethod
    def from_method(cls, method: Mapping, kind: str = "area") -> ClassScheme:
        """The classes of a merged method (``ScoredResult.method``): area-berisiko classes,
        or with ``kind="irs"`` the IRS/EHRA classes (names from
        :func:`ppsp_analysis.method.class_labels`, the one definition)."""
        k = int(method["kelas"]["jumlah"])
        names = class_labels(dict(method), kind)
        threshold = int(method["area_berisiko"]["ambang_prioritas"])
        return cls(k, tuple(names.get(i, f"Kelas {i}") for i in range(1, k + 1)), threshold)

    @property
    def kelas(self) -> tuple[int, ...]:
        """Every class value, lowest first."""
        return tuple(range(1, self.jumlah + 1))

    @property
    def prioritas(self) -> tuple[int, ...]:
        """The priority classes."""
        return tuple(k for k in self.kelas if k >= self.ambang_prioritas)

    @property
    def bukan_prioritas(self) -> tuple[int, ...]:
        """The classes that are not a priority."""
        return tuple(k for k in self.kelas if k < self.ambang_prioritas)

    @property
    def teks_prioritas(self) -> str:
        """``kelas 3–4`` (``kelas 4`` when one class is a priority)."""
        return _class_range(self.prioritas)

    @property
    def teks_bukan_prioritas(self) -> str:
        """``kelas 1–2``."""
        return _class_range(self.bukan_prioritas)

    def label(self, k: int) -> str:
        """Name of class ``k``."""
        return self.nama[int(k) - 1]

    def judul(self, k: int) -> str:
        """``4 Berisiko sangat tinggi``: value and name, as table headers show a class."""
        return f"{int(k)} {self.label(k)}"

    def labels(self) -> dict[int, str]:
        """Class value → name."""
        return dict(zip(self.kelas, self.nama, strict=True))

    def is_priority(self, classes: pd.Series) -> pd.Series:
        """Boolean Series: the class is a priority (missing class: False)."""
        values = pd.to_numeric(classes, errors="coerce")
        return (values >= self.ambang_prioritas).fillna(False).astype(bool)


def _class_range(classes: tuple[int, ...]) -> str:
    if not classes:
        return "tidak ada kelas"
    if len(classes) == 1:
        return f"kelas {classes[0]}"
    return f"kelas {classes[0]}–{classes[-1]}"


# --------------------------------------------------------------------------- area units
_UNIT_WORD = re.compile(r"(?<![\w/])(DESA|Desa|desa)(/(?:KELURAHAN|Kelurahan|kelurahan))?"
                        r"(?![\w/])")


def unit_of_code(kode: object) -> str | None:
    """``desa`` or ``kelurahan`` from a Kemendagri code (``PP.KK.CC.1xxx`` kelurahan,
    ``PP.KK.CC.2xxx`` desa); ``None`` when the code does not say.

    Examples
    --------
    >>> unit_of_code("62.10.01.1001"), unit_of_code("62.10.01.2005"), unit_of_code("x")
    ('kelurahan', 'desa', None)
    """
    parts = str(kode or "").strip().split(".")
    if len(parts) != 4 or not parts[3][:1].isdigit():
        return None
    return {"1": "kelurahan", "2": "desa"}.get(parts[3][0])


@dataclass(frozen=True)
class UnitNames:
    """What the areas of one kabupaten/kota are called: desa, kelurahan or both.

    Texts of the toolkit are written with ``desa`` (or ``desa/kelurahan``) for "the smallest
    area"; :meth:`adapt` turns them into the words that fit the data, so a kota whose codes
    are all ``1xxx`` reads *kelurahan* everywhere.

    Attributes
    ----------
    desa, kelurahan : int
        How many codes are desa (``2xxx``) and kelurahan (``1xxx``).

    Examples
    --------
    >>> kota = UnitNames.from_codes(["99.03.01.1001", "99.03.01.1002"])
    >>> kota.kata, kota.n(17), kota.adapt("Jumlah desa per kelas; Dana Desa; kode_desa")
    ('kelurahan', '17 kelurahan', 'Jumlah kelurahan per kelas; Dana Desa; kode_desa')
    >>> campur = UnitNames(desa=101, kelurahan=13)
    >>> campur.n(1_234)
    '1.234 desa/kelurahan'
    >>> campur.adapt("INDEKS NOMOR DESA · Nama desa/kelurahan · Desa Prioritas")
    'INDEKS NOMOR DESA/KELURAHAN · Nama desa/kelurahan · Desa/Kelurahan Prioritas'
    >>> UnitNames(desa=5, kelurahan=0).adapt("Batas desa/kelurahan")
    'Batas desa'
    """

    desa: int = 0
    kelurahan: int = 0

    @classmethod
    def from_codes(cls, codes) -> UnitNames:
        """Count desa and kelurahan among Kemendagri codes (unknown codes count as desa)."""
        kinds = [unit_of_code(c) for c in codes]
        n_kel = sum(k == "kelurahan" for k in kinds)
        return cls(desa=len(kinds) - n_kel, kelurahan=n_kel)

    @classmethod
    def from_word(cls, kata: str | None) -> UnitNames:
        """The units named by a word (``desa``, ``kelurahan``, ``desa/kelurahan``; other or
        ``None``: both)."""
        return {"desa": cls(1, 0), "kelurahan": cls(0, 1)}.get(str(kata or ""), cls(1, 1))

    @property
    def kata(self) -> str:
        """``desa``, ``kelurahan`` or ``desa/kelurahan``."""
        if self.kelurahan and not self.desa:
            return "kelurahan"
        if self.desa and not self.kelurahan:
            return "desa"
        return "desa/kelurahan"

    @property
    def Kata(self) -> str:  # noqa: N802 - the capitalised word, as in a heading
        """``Desa``, ``Kelurahan`` or ``Desa/kelurahan`` (sentence start)."""
        return self.kata[:1].upper() + self.kata[1:]

    def n(self, count: object) -> str:
        """A count with the unit word: ``17 kelurahan``, ``1.234 desa/kelurahan``."""
        return f"{fmt.integer(count)} {self.kata}"

    def adapt(self, text: str) -> str:
        """Replace the generic word ``desa`` (and ``desa/kelurahan``) by the fitting one.

        Case follows the original (``DESA``, ``Desa``, ``desa``; ``Desa Prioritas`` in a
        title becomes ``Kelurahan Prioritas`` or ``Desa/Kelurahan Prioritas``). Identifiers
        (``kode_desa``) and the name of the fund *Dana Desa* are left alone.
        """
        if not text or "esa" not in text and "ESA" not in text:
            return text
        word = self.kata

        def repl(m: re.Match[str]) -> str:
            start = m.start()
            if text[max(0, start - 5):start] in ("Dana ", "DANA "):
                return m.group(0)
            found = m.group(1)
            if found == "DESA":
                return word.upper()
            if found == "Desa":
                after = text[m.end():m.end() + 2]
                titled = len(after) == 2 and after[0] == " " and after[1].isupper()
                return "/".join(w.capitalize() for w in word.split("/")) if titled else \
                    word[:1].upper() + word[1:]
            return word

        return _UNIT_WORD.sub(repl, text)


# --------------------------------------------------------------------------- columns

NUMBER_FORMATS: dict[str, str | None] = {
    "text": None,              # text as typed
    "general": None,           # Excel's General
    "flag": None,              # TRUE/FALSE (BENAR/SALAH in an Indonesian Excel)
    "kode": "@",               # codes stay text: 62.10.01.2001
    "count": "#,##0",          # people, households, desa: 1.234
    "int": "0",                # small whole numbers: strata 0–4, 0/1 criteria
    "year": "0",               # 2025, never 2.025
    "class": "0",              # risk class 1–4
    "pct": "0.0",              # 0–100 percent numbers: 31,5 (unit "%" in the title)
    "pct2": "0.00",            # small shares: 1,29 (% APBD)
    "score": "0.00",           # 1–4 scores and IMPACT × EXPOSURE
    "index": "0.0",            # IRS (sum of component percentages)
    "decimal": "#,##0.0",      # hectares, tonnes
    "number": "#,##0.00",      # other measures
    "rp": '"Rp" #,##0',        # Rupiah: Rp 1.721.434.000.000
}
"""Format kind → Excel number-format code (``None`` = General)."""


@dataclass(frozen=True)
class Label:
    """How one column is titled and shown.

    Parameters
    ----------
    title : str
        Title in Bahasa Indonesia, without the unit.
    unit : str
        Unit, shown in brackets after the title (``jiwa/ha``, ``Rp``, ``% KK``).
    fmt : str
        Format kind, a key of :data:`NUMBER_FORMATS`.
    meaning : str
        One or two sentences for the column dictionary.
    ident : bool
        Identifies the row (code/name of desa, kecamatan, unit): frozen in the workbook.
    """

    title: str
    unit: str = ""
    fmt: str = "text"
    meaning: str = ""
    ident: bool = False

    @property
    def heading(self) -> str:
        """``title (unit)``: the text of the title row."""
        return f"{self.title} ({self.unit})" if self.unit else self.title

    @property
    def number_format(self) -> str | None:
        """The Excel number-format code (``None`` = General)."""
        return NUMBER_FORMATS.get(self.fmt)



_SKOR = "1–4"
_KELAS_TEXT = "1 (paling rendah) sampai 4 (paling berisiko), nama kelas menurut metode"
_PRIORITAS = "kelas prioritas (opsi area_berisiko.ambang_prioritas)"


_LADDER_PREFIX = {"air_limbah": "Sanitasi", "air_minum": "Air minum", "persampahan": "Sampah"}


def lower_first(text: str) -> str:
    """``Belum layak`` → ``belum layak``; an acronym (``BABS …``, ``IRS``) is kept."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _schema_label(key: str, info: ColumnInfo) -> Label:
    """An input column's :class:`ColumnInfo` as an output :class:`Label`."""
    kind, unit = info.kind, info.unit
    if kind in ("kode", "text", "choice", "date"):
        return Label(info.label, "", "kode" if kind == "kode" else "text", info.help,
                     ident=key in _IDENT)
    if kind == "number":
        fmt = {"Rp": "rp", "ha": "decimal", "ton/tahun": "decimal"}.get(unit, "number")
    else:
        fmt = {"count": "count", "pct": "pct", "flag": "int", "urban": "int",
               "score": "general", "year": "year"}.get(kind, "general")
    if kind == "flag":
        unit = "1 ya / 0 tidak"
    return Label(info.label, unit, fmt, info.help, ident=key in _IDENT)


_IDENT = {"kode_desa", "nama_desa", "kode_kec", "nama_kec", "no_peta", "kode_unit", "nama_unit",
          "tingkat", "kode", "nama", "komponen", "jenis_pihak", "opsi", "parameter", "kode_opd",
          "lembar", "kunci", "uraian", "item"}


def _output_labels() -> dict[str, Label]:
    """The output columns (scored table, report tables, monev tables)."""
    L = Label
    out: dict[str, Label] = {
        # identity
        "kode_desa": L("Kode desa", "", "kode", "Kode Kemendagri desa/kelurahan "
                       "(PP.KK.CC.DDDD).", True),
        "nama_desa": L("Nama desa/kelurahan", "", "text", "Nama desa atau kelurahan.", True),
        "kode_kec": L("Kode kecamatan", "", "kode", "Kode Kemendagri kecamatan (PP.KK.CC).",
                      True),
        "nama_kec": L("Nama kecamatan", "", "text", "Nama kecamatan.", True),
        "no_peta": L("No. peta", "", "int", "Nomor desa/kelurahan pada semua lembar peta (A3, "
                     "A4, paparan), peta interaktif dan tabel: satu nomor per kabupaten, urut "
                     "kode kecamatan lalu kode desa Kemendagri.", True),
        "kode": L("Kode", "", "kode", "Kode Kemendagri wilayah.", True),
        "tingkat": L("Tingkat wilayah", "", "text", "desa, kecamatan atau kabupaten.", True),
        "kode_unit": L("Kode wilayah", "", "kode", "Kode Kemendagri wilayah.", True),
        "nama_unit": L("Wilayah", "", "text", "Nama wilayah (kecamatan atau kabupaten).", True),
        "tahun": L("Tahun", "", "year", "Tahun data."),
        # stratification and EHRA
        "kriteria_kepadatan": L("Kriteria kepadatan", "1 ya / 0 tidak", "int",
                                "1 bila kepadatan penduduk desa di atas ambang stratifikasi."),
        "kriteria_kemiskinan": L("Kriteria kemiskinan", "1 ya / 0 tidak", "int",
                                 "1 bila persentase KK miskin di atas ambang stratifikasi."),
        "kriteria_sungai": L("Kriteria sungai", "1 ya / 0 tidak", "int",
                             "1 bila sungai dipakai untuk MCK."),
        "kriteria_banjir": L("Kriteria banjir", "1 ya / 0 tidak", "int",
                             "1 bila ada banjir yang mengganggu atau rob."),
        "strata": L("Strata EHRA", "0–4", "int", "Jumlah kriteria stratifikasi yang dipenuhi; "
                    "desa berstrata sama dianggap serupa kondisinya."),
        "disurvei": L("Disurvei EHRA", "", "flag", "Benar bila desa punya rumah tangga "
                      "responden EHRA."),
        # where a sub-indicator had no answer (option ehra.subindikator_kosong)
        "unit": L("Unit", "desa/strata", "text", "Kode desa yang disurvei, atau nomor strata."),
        "subindikator": L("Subindikator EHRA", "", "text", "Kode subindikator IRS (1a … 5g)."),
        "perlakuan": L("Perlakuan", "", "text", "diabaikan (komponen dirata-rata dari "
                       "subindikator lain) atau dianggap 0 % (opsi ehra.subindikator_kosong)."),
        # the EHRA survey plan (ppsp rencana-ehra)
        "sampel_ehra": L("Desa sampel EHRA", "", "flag", "Benar bila desa terpilih sebagai "
                         "sampel studi EHRA."),
        "urutan_sampel": L("Nomor urut sampel", "", "int", "Urutan desa sampel: strata demi "
                           "strata, tiap strata menurut urutan Form 2."),
        "rt_sampel": L("Rumah tangga sampel", "RT", "count",
                       "Rumah tangga yang diwawancarai (desa sampel × responden per desa)."),
        "kuota_proporsional": L("Kuota proporsional", "desa", "number",
                                "Jumlah sampel × desa strata ÷ semua desa, sebelum dibulatkan."),
        "desa_sampel": L("Desa sampel", "desa", "count",
                         "Desa sampel strata ini (pembulatan sisa terbesar)."),
        "unit_irs": L("Asal IRS", "", "text", "desa = dari jawaban rumah tangga desa itu "
                      "sendiri; strata N = mewarisi IRS strata N."),
        "irs_total": L("Indeks Risiko Sanitasi (IRS)", "jumlah %", "index",
                       "Jumlah nilai kelima komponen IRS (0–500); makin besar makin berisiko."),
        "n_rt": L("Rumah tangga EHRA", "RT", "count",
                  "Jumlah rumah tangga responden EHRA yang dipakai."),
        "kelas_irs": L("Kelas IRS", _SKOR, "class", f"Kelas risiko IRS: {_KELAS_TEXT}."),
        # IMPACT, perception, EXPOSURE
        "impact": L("IMPACT", "skor 1–4", "score", "Rata-rata berbobot skor jumlah penduduk, "
                    "kepadatan dan kemiskinan."),
        "n_opd": L("Jumlah OPD penilai", "", "count",
                   "Jumlah OPD yang memberi skor persepsi untuk desa ini."),
        "kelas_gabungan": L("Kelas gabungan", _SKOR, "class",
                            "Kelas area berisiko gabungan ketiga komponen (opsi metode): "
                            f"{_KELAS_TEXT}."),
        "area_tertinggi": L("IMPACT × EXPOSURE tertinggi", "1–16", "score",
                            "IMPACT × EXPOSURE terbesar dari ketiga komponen; mengurutkan desa "
                            "berkelas sama (makin besar makin berisiko)."),
        "prioritas_gabungan": L("Prioritas gabungan", "", "flag",
                                f"Benar bila kelas gabungan termasuk {_PRIORITAS}."),
        # report tables
        "jumlah_desa": L("Jumlah desa", "", "count", "Jumlah desa/kelurahan."),
        "kepadatan_jiwa_ha": L("Kepadatan", "jiwa/ha", "number",
                               "Penduduk dibagi luas wilayah."),
        "pct_kk_miskin": L("KK miskin", "%", "pct", "KK miskin dibagi jumlah KK × 100."),
        "desa_disurvei": L("Desa disurvei", "desa", "count", "Desa dengan responden EHRA."),
        "desa_tanpa_data": L("Tidak ada data", "desa", "count", "Desa tanpa kelas (data kurang)."),
        "desa_prioritas": L("Desa prioritas", "desa", "count", f"Desa pada {_PRIORITAS}."),
        "kelas_instrumen": L("Kelas instrumen", _SKOR, "class",
                             "Kelas menurut aturan metode, sebelum override Pokja."),
        "kelas_pokja": L("Kelas ditetapkan Pokja", _SKOR, "class",
                         "Kelas setelah verifikasi lapangan Pokja."),
        "alasan": L("Alasan", "", "text", "Alasan override (hasil verifikasi lapangan)."),
        "keputusan": L("Keputusan Pokja", "", "text", "diubah = kelas Pokja berbeda dari kelas "
                       "instrumen; dikonfirmasi tanpa perubahan = Pokja menetapkan kelas yang "
                       "sama dengan kelas instrumen."),
        "opsi": L("Opsi metode", "", "text", "Kunci opsi di metode.yaml.", True),
        "nilai": L("Nilai", "", "text", "Nilai yang dipakai."),
        "sumber_data": L("Sumber data", "", "text", "Asal data."),
        # monev: progress
        "nama": L("Indikator", "", "text", "Nama indikator monev (katalog).", True),
        "satuan": L("Satuan", "", "text", "Satuan nilai indikator."),
        "tahun_terakhir": L("Tahun data terakhir", "", "year", "Tahun terakhir yang ada datanya."),
        "nilai_terakhir": L("Nilai terakhir", "satuan indikator", "number",
                            "Nilai indikator pada tahun data terakhir."),
        "tahun_target": L("Tahun target", "", "year", "Tahun target yang dibandingkan."),
        "target": L("Target", "satuan indikator", "number", "Nilai target."),
        "sumber_target": L("Sumber target", "", "text", "Dokumen asal target (SSK, RPJMN …)."),
        "laju_diperlukan": L("Laju diperlukan", "satuan/tahun", "number",
                             "Kenaikan per tahun yang diperlukan untuk mencapai target."),
        "laju_teramati": L("Laju teramati", "satuan/tahun", "number",
                           "Tren per tahun dari data beberapa tahun terakhir."),
        "status": L("Status", "", "text", "Status capaian terhadap target atau status komitmen."),
        # monev: drainage and ODF/STBM
        "desa_genangan": L("Desa dengan genangan", "desa", "count",
                           "Desa yang melaporkan luas genangan > 0."),
        "desa_lapor_genangan": L("Desa melapor genangan", "desa", "count",
                                 "Desa yang mengisi data genangan."),
        "pct_desa_genangan": L("Desa dengan genangan", "% desa melapor", "pct",
                               "Desa dengan genangan ÷ desa yang melapor × 100."),
        "desa_odf": L("Desa ODF", "desa", "count", "Desa berstatus ODF (Stop BABS)."),
        "desa_lapor_odf": L("Desa melapor ODF", "desa", "count", "Desa yang mengisi status ODF."),
        "pct_desa_odf": L("Desa ODF", "% desa melapor", "pct",
                          "Desa ODF ÷ desa yang melapor × 100."),
        "desa_stbm": L("Desa STBM", "desa", "count", "Desa berstatus STBM 5 pilar."),
        "desa_lapor_stbm": L("Desa melapor STBM", "desa", "count",
                             "Desa yang mengisi status STBM."),
        "pct_desa_stbm": L("Desa STBM", "% desa melapor", "pct",
                           "Desa STBM ÷ desa yang melapor × 100."),
        "jumlah_desa_wilayah": L("Jumlah desa di wilayah", "desa", "count",
                                 "Semua desa di wilayah itu."),
        # monev: programme and budget
        "jumlah_kegiatan": L("Jumlah kegiatan", "kegiatan", "count", "Jumlah baris kegiatan."),
        "pct_realisasi": L("Realisasi", "% rencana", "pct", "Realisasi ÷ rencana × 100."),
        "apbd_murni_sanitasi_rp": L("APBD murni sanitasi", "Rp", "rp", "Belanja sanitasi "
                                    "dikurangi DAK sanitasi dan pinjaman/hibah."),
        "pct_belanja_sanitasi_apbd": L("Porsi belanja sanitasi", "% APBD", "pct2",
                                       "Belanja sanitasi ÷ total APBD × 100."),
        "pct_apbd_murni_sanitasi": L("Porsi APBD murni sanitasi", "% APBD", "pct2",
                                     "APBD murni sanitasi ÷ total APBD × 100."),
        "belanja_sanitasi_per_kapita": L("Belanja sanitasi per kapita", "Rp/jiwa", "rp",
                                         "Belanja sanitasi ÷ jumlah penduduk."),
        "apbd_murni_per_kapita": L("APBD murni sanitasi per kapita", "Rp/jiwa", "rp",
                                   "APBD murni sanitasi ÷ jumlah penduduk."),
        "pertumbuhan_belanja_sanitasi_pct": L("Pertumbuhan belanja sanitasi", "% per tahun",
                                              "pct", "Perubahan dari tahun sebelumnya."),
        "pertumbuhan_apbd_murni_pct": L("Pertumbuhan APBD murni sanitasi", "% per tahun", "pct",
                                        "Perubahan dari tahun sebelumnya."),
        # monev: commitments
        "label_komponen": L("Nama komponen", "", "text", "Komponen dalam kata-kata."),
        "jumlah_komitmen": L("Jumlah komitmen", "komitmen", "count", "Banyaknya komitmen."),
        "diusulkan_rp": L("Diusulkan", "Rp", "rp", "Nilai komitmen berstatus diusulkan "
                          "(baru diminta)."),
        "disepakati_rp": L("Disepakati", "Rp", "rp", "Nilai komitmen berstatus disepakati."),
        "kua_ppas_rp": L("Masuk KUA-PPAS", "Rp", "rp", "Nilai komitmen yang sudah masuk pagu "
                         "KUA-PPAS/RKPD."),
        "dpa_rp": L("Masuk DPA", "Rp", "rp", "Nilai komitmen yang sudah masuk DPA."),
        "terealisasi_rp": L("Terealisasi", "Rp", "rp", "Nilai komitmen berstatus terealisasi."),
        # funding: need, capacity, gap (SSK chapter 5; ppsp_analysis.funding)
        "dasar": L("Dasar kebutuhan", "", "text", "program = daftar kegiatan SSK (sheet Program);"
                   " target = KK yang perlu dilayani × biaya satuan; om = O&M aset baru."),
        "kebutuhan_rp": L("Kebutuhan biaya", "Rp", "rp", "Indikasi kebutuhan biaya (investasi + "
                          "O&M aset baru)."),
        "kebutuhan_investasi_rp": L("Kebutuhan investasi", "Rp", "rp",
                                    "Kebutuhan biaya pembangunan (investasi)."),
        "kebutuhan_om_rp": L("Kebutuhan O&M", "Rp", "rp", "Biaya operasi dan pemeliharaan aset "
                             "yang dibangun dalam periode SSK (dilaporkan terpisah)."),
        "apbd_murni_proyeksi_rp": L("APBD murni sanitasi (perkiraan)", "Rp", "rp",
                                    "Realisasi bila tahunnya sudah ada, selain itu proyeksi "
                                    "murni[n] × (1 + g)^(tahun − n)."),
        "komitmen_rp": L("Komitmen pendanaan", "Rp", "rp", "Komitmen para pihak berstatus "
                         "disepakati sampai terealisasi (opsi pendanaan.status_komitmen)."),
        "celah_1_rp": L("Celah pendanaan 1", "Rp", "rp", "Kebutuhan − APBD murni (perkiraan)."),
        "celah_2_rp": L("Celah pendanaan 2", "Rp", "rp", "Kebutuhan − komitmen pendanaan."),
        "dasar_nilai": L("Dasar nilai", "", "text", "realisasi (tahun sudah ada datanya) atau "
                         "proyeksi."),
        "tahun_dasar": L("Tahun dasar proyeksi", "", "year", "Tahun terakhir APBD murni "
                         "sanitasi yang diketahui (n)."),
        "pertumbuhan_pct": L("Pertumbuhan APBD murni", "% per tahun", "pct",
                             "Pertumbuhan g yang dipakai proyeksi (opsi pendanaan."
                             "pertumbuhan_apbd)."),
        "biaya_satuan_rp": L("Biaya satuan", "Rp/satuan", "rp", "Biaya satuan pada harga "
                             "tahun sumbernya."),
        "tahun_harga": L("Tahun harga", "", "year", "Tahun harga biaya satuan."),
        "wilayah": L("Wilayah acuan", "", "text", "Wilayah asal harga."),
        "biaya_satuan_eskalasi_rp": L("Biaya satuan tahun awal SSK", "Rp/satuan", "rp",
                                      "Biaya satuan × (1 + eskalasi)^(tahun awal SSK − tahun "
                                      "harga)."),
        "sumber_harga": L("Sumber harga", "", "text", "Dokumen/berita sumber biaya satuan."),
        "asal_harga": L("Asal biaya satuan", "", "text", "katalog = bawaan ppsp-analysis; "
                        "instrumen = sheet BiayaSatuan Pokja."),
        "pct_capaian": L("Capaian", "% KK", "pct", "Capaian indikator pada tahun data."),
        "kk_total": L("Jumlah KK", "KK", "count", "KK pada tahun data."),
        "kk_belum_terlayani": L("KK belum terlayani", "KK", "count",
                                "KK yang belum mendapat layanan (untuk BABS: KK yang masih "
                                "BABS)."),
        "pct_target": L("Target", "% KK", "pct", "Nilai target indikator."),
        "kk_perlu_dilayani": L("KK perlu dilayani dalam periode SSK", "KK", "count",
                               "KK baru yang harus dilayani agar sesuai jalur target (KK "
                               "bertambah menurut pertumbuhan KK)."),
        "kk_terlayani": L("KK terlayani", "KK", "count", "KK yang dilayani kegiatan."),
        "rp_per_kk": L("Biaya per KK", "Rp/KK", "rp", "Kebutuhan biaya ÷ KK terlayani."),
        "kategori": L("Kategori", "", "text", "Desa prioritas (kelas gabungan 3–4) × lokus "
                      "stunting."),
        "kk_belum_layak": L("KK belum akses layak", "KK", "count",
                            "Jumlah KK − KK akses sanitasi layak (termasuk aman)."),
        "biaya_tutup_celah_rp": L("Biaya menutup celah akses", "Rp", "rp",
                                  "KK belum akses layak × biaya per KK campuran teknologi."),
        "nilai_daya_ungkit_rp": L("Dana yang hilang tanpa APBD", "Rp", "rp",
                                  "Dana dari luar APBD kabupaten yang hanya cair bila ada pos "
                                  "APBD."),
        "syarat_apbd_rp": L("Pos APBD yang disyaratkan", "Rp", "rp",
                            "Dana APBD yang harus dianggarkan agar dana itu cair."),
        "syarat": L("Syarat", "", "text", "Aturan yang mengikat dana itu."),
        "uraian": L("Uraian", "", "text", "Uraian baris.", True),
        "dikomitmenkan_rp": L("Dikomitmenkan", "Rp", "rp", "Komitmen berstatus disepakati "
                              "sampai terealisasi."),
        "pct_terealisasi_dikomitmenkan": L("Terealisasi", "% dikomitmenkan", "pct",
                                           "Terealisasi ÷ dikomitmenkan × 100."),
        "pct_nilai": L("Porsi nilai", "% semua komitmen", "pct", "Nilai tahap ini ÷ nilai "
                       "semua komitmen × 100."),
        "hari_terlambat": L("Terlambat", "hari", "count", "Hari sejak tenggat tindak lanjut "
                            "atau sejak tahun anggaran berakhir."),
        "alasan_terlambat": L("Alasan terlambat", "", "text", "Tenggat tindak lanjut lewat, "
                              "atau tahun anggaran berakhir sebelum DPA."),
        "asal_sumber": L("Asal sumber dana", "", "text", "isian = ditulis di sheet Komitmen; "
                         "jenis pihak = diturunkan dari jenis pihak."),
        "tahun_data": L("Tahun data", "", "year", "Tahun data terakhir."),
        "total_rp": L("Jumlah", "Rp", "rp", "Jumlah nilai."),
        "pct_terealisasi": L("Terealisasi", "% nilai komitmen", "pct",
                             "Terealisasi ÷ jumlah komitmen × 100."),
        # monev: targeting and stunting
        "prioritas_rp": L("Di desa prioritas", "Rp", "rp", "Anggaran kegiatan di desa pada "
                          f"{_PRIORITAS} untuk komponennya."),
        "bukan_prioritas_rp": L("Di desa bukan prioritas", "Rp", "rp",
                                "Anggaran kegiatan di desa di bawah ambang prioritas."),
        "tingkat_kabupaten_rp": L("Tingkat kabupaten", "Rp", "rp",
                                  "Kegiatan tanpa lokasi desa (tidak dihitung dalam porsi)."),
        "tanpa_kelas_rp": L("Desa tanpa kelas", "Rp", "rp",
                            "Kegiatan di desa yang tidak punya kelas."),
        "pct_prioritas": L("Anggaran di desa prioritas", "% anggaran berlokasi desa", "pct",
                           "Di desa prioritas ÷ (prioritas + bukan prioritas) × 100."),
        "kegiatan_prioritas": L("Kegiatan di desa prioritas", "kegiatan", "count", ""),
        "kegiatan_bukan_prioritas": L("Kegiatan di desa bukan prioritas", "kegiatan", "count",
                                      ""),
        "kegiatan_tingkat_kabupaten": L("Kegiatan tingkat kabupaten", "kegiatan", "count", ""),
        "kegiatan_tanpa_kelas": L("Kegiatan di desa tanpa kelas", "kegiatan", "count", ""),
        "pct_kegiatan_prioritas": L("Kegiatan di desa prioritas", "% kegiatan berlokasi desa",
                                    "pct", "Kegiatan di desa prioritas ÷ kegiatan berlokasi "
                                    "desa × 100."),
        "desa_berkelas": L("Desa berkelas", "desa", "count", "Desa yang punya kelas 1–4."),
        "pct_desa_prioritas": L("Desa prioritas", "% desa berkelas", "pct",
                                "Desa prioritas ÷ desa berkelas × 100."),
        "pct_kk_prioritas": L("KK di desa prioritas", "% KK", "pct",
                              "Pembanding: porsi KK yang tinggal di desa prioritas."),
        "desa_lokus_stunting": L("Desa lokus stunting", "desa", "count",
                                 "Desa lokus stunting (Form2)."),
        "desa_prioritas_dan_lokus": L("Desa prioritas dan lokus stunting", "desa", "count",
                                      "Desa yang prioritas sekaligus lokus stunting."),
        "pct_prioritas_lokus": L("Desa prioritas yang lokus stunting", "% desa prioritas",
                                 "pct", "Prioritas dan lokus ÷ desa prioritas × 100."),
        "pct_lokus_tercakup": L("Lokus stunting yang prioritas", "% desa lokus", "pct",
                                "Prioritas dan lokus ÷ desa lokus stunting × 100."),
        "daftar_desa": L("Daftar desa", "", "text", "Nama desa prioritas yang lokus stunting."),
        "asal": L("Asal target", "", "text", "SSK (sheet Target) atau nasional."),
        # the workbook's own sheets
        "no": L("No.", "", "int", "Nomor urut."),
        "lembar": L("Lembar", "", "text", "Nama lembar kerja (sheet).", True),
        "judul_tabel": L("Judul tabel", "", "text", "Judul lengkap tabel."),
        "jumlah_baris": L("Jumlah baris", "", "count", "Banyaknya baris data."),
        "kunci": L("Kunci kolom", "", "text", "Nama kolom untuk mesin (baris 2 tiap lembar).",
                   True),
        "judul": L("Judul kolom", "", "text", "Judul kolom dalam Bahasa Indonesia (baris 1)."),
        "format_angka": L("Format angka", "", "text", "Kode format angka Excel."),
        "arti": L("Keterangan", "", "text", "Arti kolom."),
    }
    for c in COMPONENTS:
        name = KOMPONEN_LABEL[c].lower()
        out.update({
            f"skor_irs_{c}": L(f"Skor IRS {name}", _SKOR, "class",
                               f"IRS {name} dikelaskan 1–4 (masukan EXPOSURE)."),
            f"skor_sekunder_{c}": L(f"Skor sekunder {name}", _SKOR, "score",
                                    f"Rata-rata berbobot skor indikator sekunder {name}."),
            f"persepsi_{c}": L(f"Persepsi OPD {name}", _SKOR, "score",
                               f"Skor persepsi OPD {name}, dirata-rata (sebelum pembulatan)."),
            f"skor_persepsi_{c}": L(f"Skor persepsi {name}", _SKOR, "score",
                                    f"Skor persepsi {name} yang masuk EXPOSURE."),
            f"exposure_{c}": L(f"EXPOSURE {name}", _SKOR, "score",
                               f"Rata-rata berbobot skor sekunder, IRS dan persepsi {name}."),
            f"area_{c}": L(f"IMPACT × EXPOSURE {name}", "1–16", "score",
                           f"IMPACT dikali EXPOSURE {name}; dasar kelas area berisiko."),
            f"kelas_{c}_instrumen": L(f"Kelas {name} menurut instrumen", _SKOR, "class",
                                      f"Kelas {name} menurut aturan metode, sebelum override."),
            f"kelas_{c}": L(f"Kelas {name}", _SKOR, "class",
                            f"Kelas area berisiko {name} (setelah override Pokja): "
                            f"{_KELAS_TEXT}; kosong = tidak ada data."),
            f"override_{c}": L(f"Override Pokja {name}", "", "flag",
                               f"Benar bila Pokja menetapkan kelas {name} setelah verifikasi "
                               "lapangan (diubah, atau dikonfirmasi bila sama dengan kelas "
                               "instrumen)."),
            f"alasan_{c}": L(f"Alasan override {name}", "", "text",
                             "Hasil verifikasi lapangan Pokja."),
            f"prioritas_{c}": L(f"Prioritas {name}", "", "flag",
                                f"Benar bila kelas {name} termasuk {_PRIORITAS}."),
        })
    for c in (*COMPONENTS, "gabungan"):     # the kecamatan roll-up (ppsp_analysis.kecamatan)
        name = KOMPONEN_LABEL[c].lower()
        out.update({
            f"desa_prioritas_{c}": L(f"Desa prioritas {name}", "desa", "count",
                                     f"Desa kecamatan ini berkelas {name} 3 atau 4."),
            f"pct_penduduk_prioritas_{c}": L(
                f"Penduduk di desa prioritas {name}", "% penduduk", "pct",
                f"Penduduk desa berkelas {name} 3–4 ÷ penduduk desa yang punya kelas × 100."),
            f"kelas_kec_{c}": L(f"Kelas kecamatan {name}", _SKOR, "class",
                                f"Kelas kecamatan {name} menurut opsi kecamatan.metode: "
                                f"{_KELAS_TEXT}; kosong = tidak ada data."),
        })
        if c != "gabungan":
            out[f"ie_{c}"] = L(f"Rerata IMPACT × EXPOSURE {name}", "1–16", "score",
                               f"Rata-rata IMPACT × EXPOSURE {name} desa-desanya, "
                               "tertimbang jumlah penduduk.")
    out["nama_kelas_kec"] = L("Nama kelas kecamatan", "", "text",
                              "Nama kelas gabungan kecamatan (set label metode).")
    out["kelas_kecamatan"] = L("Kelas kecamatan", _SKOR, "class",
                               "Kelas gabungan kecamatan tempat desa berada (peta kecamatan).")
    for c, title in IRS_LABEL.items():
        out[f"irs_{c}"] = L(f"IRS {lower_first(title)}", "% RT", "pct",
                            f"Rata-rata persentase rumah tangga berisiko pada subindikator "
                            f"komponen {title.lower()}.")
    for comp, ladder in LADDERS.items():
        unit = "% KK" if ladder.unit == "KK" else "% timbulan"
        prefix = _LADDER_PREFIX.get(comp, "")
        for key, rung in ladder.rungs:
            title = f"{prefix} {lower_first(rung)}".strip()
            out[f"pct_{key}"] = L(title, unit, "pct", f"{ladder.title}: {lower_first(rung)} ÷ "
                                  f"{'jumlah KK' if ladder.unit == 'KK' else 'timbulan'} × 100.")
    out["sampah_tidak_terkelola_ton"] = L("Sampah tidak terkelola", "ton/tahun", "decimal",
                                          "Timbulan − dikurangi − ditangani.")
    return out


_REPORT_TITLES: dict[str, str] = {
    "Kode": "kode", "Kecamatan": "nama_kec", "Desa": "nama_desa", "No. peta": "no_peta",
    "Jumlah desa": "jumlah_desa",
    "Penduduk (jiwa)": "penduduk", "KK": "jumlah_kk", "Luas (ha)": "luas_ha",
    "Kepadatan (jiwa/ha)": "kepadatan_jiwa_ha", "KK miskin (%)": "pct_kk_miskin",
    "Komponen": "komponen", "Tidak ada data": "desa_tanpa_data",
    "Persampahan": "irs_persampahan",
    "Strata": "strata",
    "Desa disurvei": "desa_disurvei", "IRS": "irs_total", "Rumah tangga": "n_rt",
    "Kelas IRS": "kelas_irs", "IMPACT": "impact", "Jumlah OPD": "n_opd",
    "Kelas gabungan": "kelas_gabungan", "Gabungan": "kelas_gabungan",
    "Kelas instrumen": "kelas_instrumen", "Kelas ditetapkan Pokja": "kelas_pokja",
    "Alasan": "alasan", "Keputusan Pokja": "keputusan", "Opsi": "opsi", "Nilai": "nilai",
    "Sumber data": "sumber_data",
    **{v: f"irs_{k}" for k, v in IRS_LABEL.items()},
    **{f"Skor sekunder {KOMPONEN_LABEL[c].lower()}": f"skor_sekunder_{c}" for c in COMPONENTS},
    **{f"Persepsi {KOMPONEN_LABEL[c].lower()}": f"persepsi_{c}" for c in COMPONENTS},
    **{f"EXPOSURE {KOMPONEN_LABEL[c]}": f"exposure_{c}" for c in COMPONENTS},
    **{f"IMPACT×EXPOSURE {KOMPONEN_LABEL[c]}": f"area_{c}" for c in COMPONENTS},
    **{f"Kelas {KOMPONEN_LABEL[c]}": f"kelas_{c}" for c in COMPONENTS},
}
"""Titles of the report tables (:mod:`ppsp_analysis.report.context`) → vocabulary key."""
_CLASS_TITLES: dict[str, str] = {KOMPONEN_LABEL[c]: f"kelas_{c}" for c in COMPONENTS}
"""Titles that name a class column when the values are whole numbers (*Desa Prioritas*);
``Persampahan`` with decimals is the IRS component (*Hasil EHRA per Strata*)."""

VOCABULARY: dict[str, Label] = {
    **{k: _schema_label(k, info) for k, info in COLUMNS.items()},
    **_output_labels(),
}
"""Every known column key → :class:`Label` (input columns, then output columns)."""

_DEFAULT_INDICATOR_TITLES = {
    "jumlah_penduduk": "Jumlah penduduk", "kepadatan": "Kepadatan penduduk",
    "kemiskinan": "KK miskin", "kk_tanpa_jamban": "KK tanpa jamban",
    "jamban_layak": "KK dengan jamban layak", "sampah_terangkut": "Sampah terangkut",
    "tps_per_1000": "TPS per 1.000 jiwa", "genangan": "Luas genangan", "rob": "Rob",
}


def indicator_title(name: str) -> str:
    """Title of a secondary indicator of the method (``kk_tanpa_jamban`` → ``KK tanpa jamban``)."""
    if name in _DEFAULT_INDICATOR_TITLES:
        return _DEFAULT_INDICATOR_TITLES[name]
    words = name.replace("_", " ").strip()
    words = re.sub(r"\bkk\b", "KK", words)
    return words[:1].upper() + words[1:]


def _unit_format(unit: str) -> str:
    """Format kind for a free-text unit (method indicators)."""
    u = unit.strip().lower()
    if u.startswith("%"):
        return "pct"
    if u.startswith("rp"):
        return "rp"
    if u in ("jiwa", "kk", "rt", "unit", "desa"):
        return "count"
    if u in ("0/1", "1/0"):
        return "int"
    return "number"


def method_labels(method: Mapping | None) -> dict[str, Label]:
    """Labels of the columns that depend on the method: EHRA sub-indicators ``p_<kode>``,
    secondary indicators ``ind_<nama>`` and their scores ``skor_<nama>``.

    Parameters
    ----------
    method : dict or None
        The merged method (``ScoredResult.method``); ``None`` gives an empty dict. The class
        columns get the method's class names when they differ from the default set.

    Returns
    -------
    dict
        Key → :class:`Label`.
    """
    out: dict[str, Label] = {}
    if not method:
        return out
    try:
        cls = ClassScheme.from_method(method)
    except (KeyError, TypeError, ValueError):
        cls = None
    if cls is not None:  # the class columns say which names and which classes are a priority
        names = ", ".join(cls.judul(k).lower() for k in cls.kelas)
        irs = ClassScheme.from_method(method, "irs")
        irs_names = ", ".join(irs.judul(k).lower() for k in irs.kelas)
        for key in [*(f"kelas_{c}" for c in COMPONENTS), "kelas_gabungan", "kelas_irs",
                    *(f"kelas_kec_{c}" for c in (*COMPONENTS, "gabungan"))]:
            if key not in VOCABULARY:
                continue
            base = VOCABULARY[key]
            text = irs_names if key == "kelas_irs" else names
            out[key] = replace(base, meaning=base.meaning.replace(_KELAS_TEXT, text))
        for key in [*(f"prioritas_{c}" for c in COMPONENTS), "prioritas_gabungan",
                    "desa_prioritas", "prioritas_rp"]:
            base = VOCABULARY[key]
            out[key] = replace(base, meaning=base.meaning.replace(_PRIORITAS,
                                                                  cls.teks_prioritas))
    for comp, subs in (method.get("ehra", {}).get("pemetaan") or {}).items():
        comp_title = IRS_LABEL.get(comp, comp).lower()
        for code, spec in (subs or {}).items():
            nama = str((spec or {}).get("nama") or code)
            out[f"p_{code}"] = Label(f"{code} {nama}", "% RT", "pct",
                                     f"Persentase rumah tangga berisiko, subindikator EHRA {code} "
                                     f"(komponen {comp_title}).")
    groups = method.get("sekunder") or {}
    for group, specs in groups.items():
        where = "IMPACT" if group == "impact" else \
            f"EXPOSURE {KOMPONEN_LABEL.get(group, group).lower()}"
        for name, spec in (specs or {}).items():
            spec = spec or {}
            unit = str(spec.get("satuan") or "")
            title = indicator_title(name)
            arah = "makin besar makin berisiko" if spec.get("arah", 1) >= 0 else \
                "makin kecil makin berisiko"
            out[f"ind_{name}"] = Label(title, unit, _unit_format(unit) if unit else "number",
                                       f"Indikator sekunder ({where}): {spec.get('rumus', '')}; "
                                       f"{arah}.")
            out[f"skor_{name}"] = Label(f"Skor {lower_first(title)}", _SKOR, "class",
                                        f"Indikator {title.lower()} dikelaskan 1–4 dengan "
                                        "interval sama.")
    return out


def slug_key(text: object) -> str:
    """A machine key from a title: ``Penduduk (jiwa)`` → ``penduduk_jiwa``."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", t.lower()).strip("_")
    return key or "kolom"


_UNIT_IN_TITLE = re.compile(r"\(([^()]*)\)\s*$")


def _guess(title: str, values: pd.Series | None) -> str:
    """Format kind of an unknown column, from the unit in its title and its values."""
    m = _UNIT_IN_TITLE.search(title)
    if m:
        unit = m.group(1).strip().lower()
        if unit.startswith("%"):
            return "pct"
        if unit.startswith("rp"):
            return "rp"
        if unit in ("ha", "ton/tahun"):
            return "decimal"
    if values is None:
        return "general"
    if pd.api.types.is_bool_dtype(values):
        return "flag"
    if pd.api.types.is_integer_dtype(values):
        return "count"
    if pd.api.types.is_float_dtype(values):
        v = values.dropna()
        if len(v) and bool((v == v.round()).all()) and float(v.abs().max()) < 1e15:
            return "count"
        return "number"
    return "text"


def resolve(column: object, values: pd.Series | None = None,
            extra: Mapping[str, Label] | None = None) -> tuple[str, Label]:
    """Machine key and :class:`Label` of a table column.

    A column named by a key (``kepadatan_jiwa_ha``) takes its label from ``extra`` or the
    vocabulary. A column already titled in Bahasa Indonesia (the report tables) keeps its
    title; its key and format come from the vocabulary when the title is known, else the key is
    the title's slug and the format is guessed from the unit in brackets and the values.

    Parameters
    ----------
    column : str
        Column name of the DataFrame.
    values : pandas.Series, optional
        The column's values (used to guess an unknown column's format, and so that a text
        format is never forced on numbers).
    extra : mapping, optional
        More labels (e.g. :func:`method_labels`), taking precedence over the vocabulary.

    Returns
    -------
    (str, Label)
    """
    name = str(column)
    extra = extra or {}
    numeric = values is not None and (pd.api.types.is_numeric_dtype(values)
                                      and not pd.api.types.is_bool_dtype(values))
    if name in extra or name in VOCABULARY:
        key, label = name, extra.get(name) or VOCABULARY[name]
    else:
        key = _title_index(extra).get(name)
        if name in _CLASS_TITLES and values is not None and \
                pd.api.types.is_integer_dtype(values):
            key = _CLASS_TITLES[name]
        if key is not None:
            base = extra.get(key) or VOCABULARY[key]
            label = replace(base, title=name, unit="")
        else:
            key, label = slug_key(name), Label(name, "", _guess(name, values))
    if numeric and label.fmt in ("text", "kode"):
        label = replace(label, fmt=_guess(label.heading, values))
    elif (not numeric and values is not None
          and label.fmt not in ("text", "kode", "flag", "general")
          and not (pd.api.types.is_bool_dtype(values) or _numeric_objects(values))):
        label = replace(label, fmt="text")
    return key, label


def _numeric_objects(values: pd.Series) -> bool:
    """True when an object column holds only numbers (or blanks)."""
    v = values.dropna()
    return bool(len(v)) and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                and not (isinstance(x, float) and math.isnan(x)) for x in v)


def _title_index(extra: Mapping[str, Label]) -> dict[str, str]:
    """Title or ``title (unit)`` → key, for vocabulary, report titles and ``extra``."""
    index: dict[str, str] = {}
    for source in (VOCABULARY, extra):
        for key, label in source.items():
            index.setdefault(label.heading, key)
    index.update(_REPORT_TITLES)
    for key, label in extra.items():
        index[label.heading] = key
    return index


def fitted_labels(sheets: Mapping[str, pd.DataFrame], units: UnitNames,
                  extra: Mapping[str, Label] | None = None) -> dict[str, Label]:
    """The label of every column of ``sheets``, with ``desa`` fitted to ``units``.

    Examples
    --------
    >>> df = pd.DataFrame({"kode_desa": ["99.03.01.1001"], "jumlah_desa": [3]})
    >>> labs = fitted_labels({"x": df}, UnitNames(kelurahan=1))
    >>> labs["kode_desa"].title, labs["jumlah_desa"].title
    ('Kode kelurahan', 'Jumlah kelurahan')
    """
    out: dict[str, Label] = {}
    for df in sheets.values():
        for j, col in enumerate(df.columns):
            if col in ("_baris", "geometry"):
                continue
            key, label = resolve(col, df.iloc[:, j], extra)
            out[str(col)] = replace(label, title=units.adapt(label.title),
                                    unit=units.adapt(label.unit),
                                    meaning=units.adapt(label.meaning))
    return out


def column_dictionary(sheets: Mapping[str, pd.DataFrame],
                      extra: Mapping[str, Label] | None = None) -> pd.DataFrame:
    """One row per column of every sheet: sheet, key, title, unit, number format, meaning.

    Parameters
    ----------
    sheets : mapping
        Sheet name → DataFrame (as given to the workbook writer).
    extra : mapping, optional
        More labels (see :func:`resolve`).

    Returns
    -------
    pandas.DataFrame
        Columns ``lembar, kunci, judul, satuan, format_angka, arti``.
    """
    rows = []
    for sheet, df in sheets.items():
        for j, col in enumerate(df.columns):
            if col in ("_baris", "geometry"):
                continue
            key, label = resolve(col, df.iloc[:, j], extra)
            code = label.number_format
            shown = "General" if code is None else "Teks (@)" if code == "@" else code
            rows.append({"lembar": sheet, "kunci": key, "judul": label.title,
                         "satuan": label.unit, "format_angka": shown, "arti": label.meaning})
    return pd.DataFrame(rows, columns=["lembar", "kunci", "judul", "satuan", "format_angka",
                                       "arti"])


# ---------------------------------------------------------------- scenario mark
SKENARIO_LABEL = "SKENARIO — bukan hasil resmi"
"""The mark every output made with a changed method carries."""
SKENARIO_COLOR = "#5b2a86"


def scenario_lines(meta: Mapping[str, object]) -> list[str]:
    """The changed options a scenario mark lists (empty for the package's own method).

    Examples
    --------
    >>> scenario_lines({"skenario": ["gabungan.metode: maks → rata_rata"]})
    ['gabungan.metode: maks → rata_rata']
    >>> scenario_lines({})
    []
    """
    return listed_changes([str(s) for s in (meta.get("skenario") or [])])
