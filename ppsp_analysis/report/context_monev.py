"""The monev report's context: tables and key numbers from :mod:`ppsp_analysis.monev` (pure).

Charts are drawn by :func:`monev_figures` (returns Figures; the runner saves them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..monev import MonevInput, hitung_monev, monev_summary
from ..package import InputPackage
from ..pipeline import ScoredResult
from .context import ReportContext, sources_of

_LADDER_TITLES = {"air_limbah": "Tangga Akses Air Limbah Domestik per Kecamatan",
                  "air_minum": "Tangga Akses Air Minum per Kecamatan",
                  "persampahan": "Pengelolaan Sampah per Kecamatan"}


def monev_year(pkg: InputPackage) -> int:
    """Reporting year of the monev: the latest year with access data, else Form 1's."""
    akses = pkg.sheet("Akses")
    years = pd.to_numeric(akses.get("tahun", pd.Series(dtype=float)), errors="coerce").dropna()
    return int(years.max()) if len(years) else pkg.tahun


def build_monev_context(result: ScoredResult, pkg: InputPackage,
                        today: dt.date | None = None):
    """Compute the monev of a package and collect its report tables.

    Returns
    -------
    ctx : ReportContext
        Tables titled in Bahasa Indonesia; ``ringkasan`` = the comparable summary row.
    monev : MonevLengkap
        The full monev result (for charts).
    """
    year = monev_year(pkg)
    m = hitung_monev(MonevInput.dari_paket(pkg, tahun=year), result.desa)
    summary = monev_summary(m)
    tables: dict[str, pd.DataFrame] = {
        "Status Capaian terhadap Target": m.progres[[
            "nama", "satuan", "tahun_terakhir", "nilai_terakhir", "tahun_target", "target",
            "sumber_target", "laju_diperlukan", "laju_teramati", "status"]].round(2),
    }
    for comp, title in _LADDER_TITLES.items():
        t = m.tangga[comp]["kecamatan"]
        t = t[t["tahun"] == t["tahun"].max()] if len(t) else t
        cols = ["nama_unit", "tahun", *[c for c in t.columns if c.startswith("pct_")]]
        tables[title] = t[cols].round(1)
    tables["Drainase dan Desa ODF/STBM"] = m.drainase_stbm["kecamatan"].round(1)
    tables["Program: Rencana dan Realisasi"] = m.program.round(1)
    tables["Anggaran Sanitasi dan APBD Murni"] = m.anggaran.drop(
        columns="_baris", errors="ignore").round(2)
    tables["Komitmen Pendanaan"] = m.komitmen
    tables["Rekap Komitmen"] = m.rekap_komitmen.reset_index().round(1)
    if m.sasaran is not None:
        tables["Anggaran di Desa Prioritas"] = m.sasaran.round(1)
    if m.stunting is not None:
        tables["Desa Prioritas dan Lokus Stunting"] = m.stunting.round(1)
    tables["Target yang Dipakai"] = m.target
    tables["Sumber Data"] = pd.DataFrame({"Sumber data": sources_of(pkg)})
    tables = {k: v.reset_index(drop=True) for k, v in tables.items()}
    today = today or dt.date.today()
    meta = {
        "nama_kabupaten": pkg.nama, "kode_kabupaten": pkg.kode,
        "nama_provinsi": str(pkg.form1.get("nama_provinsi", "")), "tahun": year,
        "nama_pokja": str(pkg.form1.get("nama_pokja", "")), "sintetis": pkg.sintetis,
        "versi_metode": f"{result.method['versi']}; katalog monev {m.versi_katalog}",
        "sumber_data": sources_of(pkg), "tanggal": today.isoformat(),
        "aturan_status": m.aturan_status,
    }
    notes = [p.pesan for p in m.peringatan]
    return ReportContext(meta=meta, ringkasan=summary, tables=tables, notes=notes), m


def monev_figures(m, result: ScoredResult, pkg: InputPackage) -> dict:
    """The monev charts as matplotlib Figures, keyed by file stem."""
    from ..monev import charts
    from ..monev.peta import peta_sasaran

    note = "DATA SINTETIS — bukan data resmi" if pkg.sintetis else None
    figs = {}
    for comp in ("air_limbah", "air_minum", "persampahan"):
        kec = m.tangga[comp]["kecamatan"]
        if len(kec):
            figs[f"grafik_tangga_{comp}"] = charts.grafik_tangga(
                kec, comp, tangga_kab=m.tangga[comp]["kabupaten"], catatan=note)
    figs["grafik_tren_sanitasi"] = charts.grafik_tren(
        m.seri, ["sanitasi_layak", "sanitasi_aman", "babs_terbuka"], target=m.target,
        progres=m.progres, catatan=note)
    figs["grafik_tren_sampah"] = charts.grafik_tren(
        m.seri, ["sampah_dikurangi", "sampah_ditangani"], target=m.target, progres=m.progres,
        catatan=note)
    figs["grafik_status"] = charts.grafik_status(m.progres, catatan=note)
    program = pkg.sheet("Program")
    if len(program):
        figs["grafik_sumber_dana"] = charts.grafik_sumber_dana(program, catatan=note)
        figs["grafik_realisasi"] = charts.grafik_realisasi(program, catatan=note)
        figs["peta_sasaran_air_limbah"] = peta_sasaran(result.desa, program, "air_limbah",
                                                      catatan=note, nama_kab=pkg.nama)
    if m.sasaran is not None and len(m.sasaran):
        figs["grafik_sasaran"] = charts.grafik_sasaran(m.sasaran, catatan=note)
    return figs
