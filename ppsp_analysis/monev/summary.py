"""All monev tables of one kabupaten in one call, and a comparable one-row summary."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ._base import MonevInput, MonevResult, Peringatan
from .budget import (
    anggaran_sanitasi,
    penduduk_tahunan,
    pertumbuhan_rata2,
    rekap_komitmen,
    rekap_program,
    tabel_komitmen,
)
from .catalogue import VERSI_KATALOG, gabung_target
from .ladders import TANGGA, TINGKAT, siapkan_akses, tabel_drainase_stbm, tangga_akses
from .progress import BATAS_BERISIKO, JENDELA_TAHUN, aturan_status, progres, seri_indikator
from .targeting import prioritas_stunting, sasaran_prioritas

INDIKATOR_RINGKASAN = ("sanitasi_aman", "sanitasi_layak", "babs_terbuka", "air_minum_aman",
                       "air_minum_layak", "sampah_dikurangi", "sampah_ditangani",
                       "sampah_terlayani", "genangan_ha", "desa_odf", "desa_stbm",
                       "apbd_murni_sanitasi", "belanja_sanitasi_per_kapita",
                       "realisasi_program", "porsi_om", "anggaran_desa_prioritas")


@dataclass
class MonevLengkap:
    """Every monev table of one kabupaten (the report's context), with all issues collected.

    Attributes
    ----------
    tangga : dict
        ``tangga[komponen][tingkat]`` = ladder table (:func:`tangga_akses`).
    drainase_stbm : dict
        ``drainase_stbm[tingkat]`` = genangan and ODF/STBM table.
    seri, progres, target : pandas.DataFrame
        Kabupaten indicator series, progress table, merged targets.
    progres_kecamatan : pandas.DataFrame
        Progress of the access indicators per kecamatan.
    program, anggaran, komitmen, rekap_komitmen : pandas.DataFrame
        Plan vs realisation (year × component × source × type), APBD-murni table,
        commitments (detail and recap).
    sasaran, stunting : pandas.DataFrame or None
        Targeting tables (``None`` without a scored table).
    aturan_status : str
        The status rule, to print.
    peringatan : list of Peringatan
        Every issue, de-duplicated.
    """

    kode_kab: str
    nama_kab: str
    tahun: int | None
    tangga: dict[str, dict[str, pd.DataFrame]]
    drainase_stbm: dict[str, pd.DataFrame]
    seri: pd.DataFrame
    target: pd.DataFrame
    progres: pd.DataFrame
    progres_kecamatan: pd.DataFrame
    program: pd.DataFrame
    anggaran: pd.DataFrame
    komitmen: pd.DataFrame
    rekap_komitmen: pd.DataFrame
    sasaran: pd.DataFrame | None
    stunting: pd.DataFrame | None
    aturan_status: str
    versi_katalog: str = VERSI_KATALOG
    peringatan: list[Peringatan] = field(default_factory=list)


def hitung_monev(masukan: MonevInput, skor: pd.DataFrame | None = None,
                 jendela_tahun: int | None = JENDELA_TAHUN,
                 batas_berisiko: float = BATAS_BERISIKO) -> MonevLengkap:
    """Compute every monev table of one kabupaten.

    Parameters
    ----------
    masukan : MonevInput
        The kabupaten's sheets.
    skor : pandas.DataFrame or geopandas.GeoDataFrame, optional
        Scored table (for targeting and the stunting overlap).
    jendela_tahun, batas_berisiko
        Options of the progress rule (:func:`~ppsp_analysis.monev.progress.status_progres`).

    Returns
    -------
    MonevLengkap
    """
    kab, nama = masukan.kode_kabupaten, masukan.nama_kabupaten
    f2 = masukan.form2
    kumpul: list[Peringatan] = []

    def ambil(r: MonevResult) -> pd.DataFrame:
        kumpul.extend(r.peringatan)
        return r.tabel

    siap = siapkan_akses(masukan.akses, f2)
    kumpul += siap.peringatan
    tangga = {k: {t: tangga_akses(masukan.akses, f2, k, t, kab, nama, siap).tabel
                  for t in TINGKAT} for k in TANGGA}
    dst = {t: tabel_drainase_stbm(masukan.akses, f2, t, kab, nama, siap).tabel for t in TINGKAT}
    target, p = gabung_target(masukan.target)
    kumpul += p
    seri = ambil(seri_indikator(masukan, "kabupaten", skor, siap=siap))
    prog = ambil(progres(seri, target, masukan.tahun, None, jendela_tahun, batas_berisiko))
    seri_kec = ambil(seri_indikator(masukan, "kecamatan", siap=siap))
    prog_kec = ambil(progres(seri_kec, target, masukan.tahun, None, jendela_tahun,
                             batas_berisiko))
    program = ambil(rekap_program(masukan.program))
    tahun_ang = ([] if masukan.anggaran is None or not len(masukan.anggaran)
                 else pd.to_numeric(masukan.anggaran["tahun"], errors="coerce").dropna())
    pend = ambil(penduduk_tahunan(siap.tabel, f2, tahun_ang))
    anggaran = ambil(anggaran_sanitasi(masukan.anggaran, pend))
    komitmen = ambil(tabel_komitmen(masukan.komitmen))
    rekap = ambil(rekap_komitmen(masukan.komitmen))
    sasaran = stunting = None
    if skor is not None:
        sasaran = ambil(sasaran_prioritas(masukan.program, skor, f2))
        stunting = ambil(prioritas_stunting(skor, f2))
    seen, unik = set(), []
    for w in kumpul:
        if w not in seen:
            seen.add(w)
            unik.append(w)
    return MonevLengkap(kab, nama, masukan.tahun, tangga, dst, seri, target, prog, prog_kec,
                        program, anggaran, komitmen, rekap, sasaran, stunting,
                        aturan_status(batas_berisiko, jendela_tahun), VERSI_KATALOG, unik)


def monev_summary(masukan: MonevInput | MonevLengkap, skor: pd.DataFrame | None = None) -> dict:
    """One flat row of comparable figures for a province roll-up.

    Parameters
    ----------
    masukan : MonevInput or MonevLengkap
        The kabupaten's sheets, or an already computed :class:`MonevLengkap`.
    skor : pandas.DataFrame, optional
        Scored table (ignored when ``masukan`` is a :class:`MonevLengkap`).

    Returns
    -------
    dict
        ``kode_kab, nama_kab, tahun_laporan, tahun_data_akses``; for each code of
        :data:`INDIKATOR_RINGKASAN` its latest value (``<kode>``) and, when it has a target,
        ``status_<kode>``; ``pertumbuhan_belanja_sanitasi_rata2_pct``,
        ``desa_prioritas_gabungan``, ``desa_prioritas_lokus_stunting``,
        ``komitmen_total_rp``, ``komitmen_terealisasi_rp``, counts of statuses and
        ``jumlah_peringatan``, ``versi_katalog``. Missing values are ``None`` (JSON-ready).
    """
    m = masukan if isinstance(masukan, MonevLengkap) else hitung_monev(masukan, skor)
    p = m.progres.set_index("indikator") if len(m.progres) else pd.DataFrame()
    akses = m.seri[m.seri["indikator"] == "sanitasi_layak"]
    out: dict = {"kode_kab": m.kode_kab, "nama_kab": m.nama_kab,
                 "tahun_laporan": m.tahun if m.tahun is not None else _maks(m.seri["tahun"]),
                 "tahun_data_akses": _maks(akses["tahun"]) if len(akses) else None}
    for kode in INDIKATOR_RINGKASAN:
        ada_ = kode in p.index
        out[kode] = float(p.loc[kode, "nilai_terakhir"]) if ada_ else None
        if ada_ and pd.notna(p.loc[kode, "target"]):
            out[f"status_{kode}"] = p.loc[kode, "status"]
    out["pertumbuhan_belanja_sanitasi_rata2_pct"] = (
        pertumbuhan_rata2(m.anggaran) if "pertumbuhan_belanja_sanitasi_pct" in m.anggaran
        else None)
    stunt = (m.stunting.set_index("komponen") if m.stunting is not None and len(m.stunting)
             else pd.DataFrame())
    kom = "gabungan" if "gabungan" in stunt.index else (stunt.index[0] if len(stunt) else None)
    out["desa_prioritas_gabungan"] = int(stunt.loc[kom, "desa_prioritas"]) if kom else None
    out["desa_prioritas_lokus_stunting"] = (int(stunt.loc[kom, "desa_prioritas_dan_lokus"])
                                            if kom else None)
    rk = m.rekap_komitmen
    ada_rk = len(rk) and "Jumlah" in rk.index
    out["komitmen_total_rp"] = float(rk.loc["Jumlah", "total_rp"]) if ada_rk else None
    out["komitmen_terealisasi_rp"] = float(rk.loc["Jumlah", "terealisasi_rp"]) if ada_rk else None
    status = m.progres["status"] if len(m.progres) else pd.Series(dtype=object)
    for s, kunci in (("sesuai jalur", "jumlah_sesuai_jalur"), ("berisiko", "jumlah_berisiko"),
                     ("tidak sesuai jalur", "jumlah_tidak_sesuai_jalur")):
        out[kunci] = int((status == s).sum())
    out["jumlah_peringatan"] = len(m.peringatan)
    out["versi_katalog"] = m.versi_katalog
    return {k: _bersih(v) for k, v in out.items()}


def ringkasan_provinsi(baris: list[dict]) -> pd.DataFrame:
    """Stack :func:`monev_summary` rows of several kabupaten into one table (one row each)."""
    return pd.DataFrame(baris).set_index("kode_kab").sort_index()


def _maks(s: pd.Series) -> int | None:
    return int(s.max()) if len(s) else None


def _bersih(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return v
