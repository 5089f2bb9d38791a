"""Monitoring & evaluation (monev) computations of the SSK (method reference §7).

Pure functions: DataFrames of the contract sheets (``Form2``, ``Akses``, ``Program``,
``Anggaran``, ``Target``, ``Komitmen``) and the scored table in, new DataFrames out, each
wrapped in a :class:`MonevResult` whose ``peringatan`` lists missing years, missing desa and
inconsistent data instead of dropping them silently. Indicator definitions and national
targets are data (``indikator.csv``, ``target_nasional.csv``), see :mod:`.catalogue`.

Charts live in :mod:`ppsp_analysis.monev.charts` and :mod:`ppsp_analysis.monev.peta` and are
imported lazily (matplotlib is only needed when drawing).
"""

from ._base import MonevInput, MonevResult, Peringatan
from .budget import (
    SUMBER_DANA,
    anggaran_sanitasi,
    basis_program,
    penduduk_tahunan,
    pertumbuhan_rata2,
    rekap_komitmen,
    rekap_program,
    siapkan_program,
    tabel_komitmen,
)
from .catalogue import (
    VERSI_KATALOG,
    gabung_target,
    katalog_indikator,
    target_nasional,
)
from .ladders import KELOMPOK, TANGGA, ke_panjang, siapkan_akses, tabel_drainase_stbm, tangga_akses
from .progress import (
    ATURAN_STATUS,
    STATUS,
    aturan_status,
    laju_tren,
    progres,
    seri_indikator,
    status_progres,
)
from .summary import MonevLengkap, hitung_monev, monev_summary, ringkasan_provinsi
from .targeting import (
    KOLOM_KELAS,
    anggaran_per_desa,
    lokasi_program,
    prioritas_stunting,
    sasaran_prioritas,
)

__all__ = [
    "ATURAN_STATUS", "KELOMPOK", "KOLOM_KELAS", "STATUS", "SUMBER_DANA", "TANGGA",
    "VERSI_KATALOG", "MonevInput", "MonevLengkap", "MonevResult", "Peringatan",
    "anggaran_per_desa", "anggaran_sanitasi", "aturan_status", "basis_program", "gabung_target",
    "hitung_monev", "katalog_indikator", "ke_panjang", "laju_tren", "lokasi_program",
    "monev_summary", "penduduk_tahunan", "pertumbuhan_rata2", "prioritas_stunting", "progres",
    "rekap_komitmen", "rekap_program", "ringkasan_provinsi", "sasaran_prioritas",
    "seri_indikator", "siapkan_akses", "siapkan_program", "status_progres", "tabel_drainase_stbm",
    "tabel_komitmen", "tangga_akses", "target_nasional",
]
