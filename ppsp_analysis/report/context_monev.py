"""The monev report's context: tables and key numbers from :mod:`ppsp_analysis.monev` (pure).

Charts are drawn by :func:`monev_figures` (returns Figures; the runner saves them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..monev import MonevInput, compute_monev, monev_summary
from ..package import InputPackage
from ..pipeline import ScoredResult
from .context import ReportContext, sources_of

_LADDER_TITLES = {"air_limbah": "Tangga Akses Air Limbah Domestik per Kecamatan",
                  "air_minum": "Tangga Akses Air Minum per Kecamatan",
                  "persampahan": "Pengelolaan Sampah per Kecamatan"}


def monev_year(pkg: InputPackage) -> int:
    """Reporting year of the monev: the latest year with access data, else Form 1's."""
    access = pkg.sheet("Akses")
    years = pd.to_numeric(access.get("tahun", pd.Series(dtype=float)), errors="coerce").dropna()
    return int(years.max()) if len(years) else pkg.tahun


def build_monev_context(result: ScoredResult, pkg: InputPackage,
                        today: dt.date | None = None):
    """Compute the monev of a package and collect its report tables.

    Returns
    -------
    ctx : ReportContext
        Tables titled in Bahasa Indonesia; ``ringkasan`` = the comparable summary row.
    monev : MonevReport
        The full monev result (for charts).
    """
    year = monev_year(pkg)
    m = compute_monev(MonevInput.from_package(pkg, year=year), result.desa)
    summary = monev_summary(m)
    tables: dict[str, pd.DataFrame] = {
        "Status Capaian terhadap Target": m.progress[[
            "nama", "satuan", "tahun_terakhir", "nilai_terakhir", "tahun_target", "target",
            "sumber_target", "laju_diperlukan", "laju_teramati", "status"]].round(2),
    }
    for comp, title in _LADDER_TITLES.items():
        t = m.ladders[comp]["kecamatan"]
        t = t[t["tahun"] == t["tahun"].max()] if len(t) else t
        cols = ["nama_unit", "tahun", *[c for c in t.columns if c.startswith("pct_")]]
        tables[title] = t[cols].round(1)
    tables["Drainase dan Desa ODF/STBM"] = m.drainage_stbm["kecamatan"].round(1)
    tables["Program: Rencana dan Realisasi"] = m.program.round(1)
    tables["Anggaran Sanitasi dan APBD Murni"] = m.budget.drop(
        columns="_baris", errors="ignore").round(2)
    tables["Komitmen Pendanaan"] = m.commitments
    tables["Rekap Komitmen"] = m.commitment_summary.reset_index().round(1)
    if m.targeting is not None:
        tables["Anggaran di Desa Prioritas"] = m.targeting.round(1)
    if m.stunting is not None:
        tables["Desa Prioritas dan Lokus Stunting"] = m.stunting.round(1)
    tables["Target yang Dipakai"] = m.targets
    tables["Sumber Data"] = pd.DataFrame({"Sumber data": sources_of(pkg)})
    tables = {k: v.reset_index(drop=True) for k, v in tables.items()}
    today = today or dt.date.today()
    meta = {
        "nama_kabupaten": pkg.nama, "kode_kabupaten": pkg.kode,
        "nama_provinsi": str(pkg.form1.get("nama_provinsi", "")), "tahun": year,
        "nama_pokja": str(pkg.form1.get("nama_pokja", "")), "sintetis": pkg.sintetis,
        "versi_metode": f"{result.method['versi']}; katalog monev {m.catalogue_version}",
        "sumber_data": sources_of(pkg), "tanggal": today.isoformat(),
        "aturan_status": m.status_rule,
    }
    notes = [w.message for w in m.warnings]
    return ReportContext(meta=meta, ringkasan=summary, tables=tables, notes=notes), m


def monev_figures(m, result: ScoredResult, pkg: InputPackage) -> dict:
    """The monev charts as matplotlib Figures, keyed by file stem."""
    from ..method import class_labels
    from ..monev import charts
    from ..monev.maps import targeting_map

    note = "DATA SINTETIS — bukan data resmi" if pkg.sintetis else None
    figs = {}
    for comp in ("air_limbah", "air_minum", "persampahan"):
        kec = m.ladders[comp]["kecamatan"]
        if len(kec):
            figs[f"grafik_tangga_{comp}"] = charts.ladder_chart(
                kec, comp, kabupaten_ladder=m.ladders[comp]["kabupaten"], note=note)
    trends = {"grafik_tren_sanitasi": ["sanitasi_layak", "sanitasi_aman", "babs_terbuka"],
              "grafik_tren_sampah": ["sampah_dikurangi", "sampah_ditangani"]}
    for key, indicators in trends.items():
        if _has_values(m.series, indicators):
            figs[key] = charts.trend_chart(m.series, indicators, targets=m.targets,
                                           progress=m.progress, note=note)
    if len(m.progress) and m.progress["target"].notna().any():
        figs["grafik_status"] = charts.status_chart(m.progress, note=note)
    program = pkg.sheet("Program")
    if len(program) and program["realisasi_rp"].notna().any():
        figs["grafik_sumber_dana"] = charts.funding_source_chart(program, note=note)
        figs["grafik_realisasi"] = charts.realisation_chart(program, note=note)
        figs["peta_sasaran_air_limbah"] = targeting_map(
            result.desa, program, "air_limbah", note=note, kab_name=pkg.nama,
            labels=class_labels(result.method))
    if m.targeting is not None and len(m.targeting):
        figs["grafik_sasaran"] = charts.targeting_chart(m.targeting, note=note)
    return figs


def _has_values(series: pd.DataFrame, indicators: list[str]) -> bool:
    """True when the indicator series has at least one value for these indicators."""
    if series is None or series.empty or "indikator" not in series:
        return False
    rows = series[series["indikator"].isin(indicators)]
    return bool(len(rows)) and bool(rows["nilai"].notna().any())
