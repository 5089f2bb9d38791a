"""Column specifications of the input package and the cell-level cleaning rules.

Pure: nothing here touches disk. The io layer uses these to parse sheets; validation uses
them to name what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SheetSpec:
    """What one sheet of ``instrumen.xlsx`` must hold."""

    name: str
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    required: bool = True
    help: dict[str, str] = field(default_factory=dict)


FORM1_KEYS = ("nama_pokja", "kode_kabupaten", "nama_kabupaten", "nama_provinsi", "tahun")
FORM1_OPTIONAL = ("tahun_ehra", "sumber_data_sekunder", "tanggal_persepsi", "data_sintetis")

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
AKSES_NUMERIC = ("tahun", "penduduk", "jumlah_kk", *AKSES_LADDER["sanitasi"],
                 *AKSES_LADDER["air_minum"], "sampah_timbulan_ton", "sampah_dikurangi_ton",
                 "sampah_ditangani_ton", "kk_sampah_terlayani", "genangan_ha", "odf", "stbm")

SUMBER_DANA = ("APBD Kabupaten", "APBD Provinsi", "APBN", "DAK", "Dana Desa", "Swasta/CSR",
               "Perbankan", "Masyarakat")
JENIS_BELANJA = ("investasi", "O&M")
KOMPONEN_PROGRAM = ("air_limbah", "persampahan", "drainase", "phbs")
JENIS_PIHAK = ("kecamatan", "desa", "swasta", "perbankan", "lainnya")
STATUS_KOMITMEN = ("direncanakan", "disepakati", "terealisasi")

SHEETS: dict[str, SheetSpec] = {
    s.name: s for s in (
        SheetSpec("Form1", ("parameter", "nilai")),
        SheetSpec("OPD", ("kode_opd", "nama_opd")),
        SheetSpec("Form2", ("kode_desa", "nama_desa", "kode_kec", "nama_kec", *FORM2_NUMERIC),
                  FORM2_NUMERIC),
        SheetSpec("Persepsi", ("kode_desa", "kode_opd", "air_limbah", "persampahan", "drainase"),
                  ("air_limbah", "persampahan", "drainase")),
        SheetSpec("Akses", ("kode_desa", *AKSES_NUMERIC), AKSES_NUMERIC, required=False),
        SheetSpec("Program", ("tahun", "nama_kegiatan", "komponen", "sumber_dana", "jenis",
                              "kode_desa", "rencana_rp", "realisasi_rp"),
                  ("tahun", "rencana_rp", "realisasi_rp"), required=False),
        SheetSpec("Anggaran", ("tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                               "pinjaman_hibah_rp"),
                  ("tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                   "pinjaman_hibah_rp"), required=False),
        SheetSpec("Target", ("indikator", "tahun", "nilai", "sumber"), ("tahun", "nilai"),
                  required=False),
        SheetSpec("Komitmen", ("tahun", "pihak", "jenis_pihak", "komponen", "nilai_rp", "status"),
                  ("tahun", "nilai_rp"), required=False),
        SheetSpec("Override", ("kode_desa", "komponen", "kelas_baru", "alasan"), ("kelas_baru",),
                  required=False),
    )
}

EHRA_ID_COLUMNS = ("id_rt", "kode_desa")

_KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_NUM_CLEAN = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)


def normalise_kode(value: object) -> str | None:
    """Normalise a Kemendagri code to its dotted form ``PP.KK.CC.DDDD``.

    Accepts codes with or without dots, typed as numbers, with spaces.

    Examples
    --------
    >>> normalise_kode("6210012001"), normalise_kode(6210012001), normalise_kode(" 62.10.01.2001 ")
    ('62.10.01.2001', '62.10.01.2001', '62.10.01.2001')
    >>> normalise_kode("62.10.01")
    '62.10.01'
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    digits = text.replace(".", "")
    if digits.isdigit() and "." not in text:
        parts = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}.get(len(digits))
        if parts:
            out, i = [], 0
            for n in parts:
                out.append(digits[i:i + n])
                i += n
            return ".".join(out)
    return text


def is_kode_desa(text: str | None) -> bool:
    """True for a well-formed desa code ``PP.KK.CC.DDDD``."""
    return bool(text) and bool(_KODE_DESA.match(text))


def parse_number(value: object) -> float:
    """Parse a cell typed the Indonesian way; NaN for blank, ``ValueError`` for text.

    Handles ``12,5``, ``1.234.567``, ``Rp 1.500.000``, ``45%`` (→ 45), ``1,234.5``.

    Examples
    --------
    >>> [parse_number(v) for v in ["12,5", "1.234.567", "Rp 1.500.000", "45%", 7, "", "3.5"]]
    [12.5, 1234567.0, 1500000.0, 45.0, 7.0, nan, 3.5]
    """
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        raise ValueError("bukan angka")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = _NUM_CLEAN.sub("", str(value).strip()).replace(" ", "").replace("\u00a0", "")
    if text in {"", "-", "nan", "NaN"}:
        return float("nan")
    text = text.rstrip("%")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", text):      # 1.234.567,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):    # 1,234,567.5
        text = text.replace(",", "")
    elif re.fullmatch(r"[-+]?\d+,\d+", text):                     # 12,5
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError as exc:
        raise ValueError("bukan angka") from exc
