"""All monev tables of one kabupaten in one call, and a comparable one-row summary."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ._base import MonevInput, MonevResult, MonevWarning
from .budget import (
    annual_population,
    commitment_summary,
    commitment_table,
    mean_growth,
    program_summary,
    sanitation_budget,
)
from .catalogue import CATALOGUE_VERSION, merge_targets
from .ladders import LADDERS, LEVELS, access_ladder, drainage_stbm_table, prepare_access
from .progress import (
    AT_RISK_THRESHOLD,
    TREND_WINDOW_YEARS,
    assess_progress,
    indicator_series,
    status_rule,
)
from .targeting import priority_targeting, stunting_overlap

SUMMARY_INDICATORS = ("sanitasi_aman", "sanitasi_layak", "babs_terbuka", "air_minum_aman",
                      "air_minum_layak", "sampah_dikurangi", "sampah_ditangani",
                      "sampah_terlayani", "genangan_ha", "desa_odf", "desa_stbm",
                      "apbd_murni_sanitasi", "belanja_sanitasi_per_kapita",
                      "realisasi_program", "porsi_om", "anggaran_desa_prioritas")


@dataclass
class MonevReport:
    """Every monev table of one kabupaten (the report's context), with all issues collected.

    Attributes
    ----------
    kab_code, kab_name : str
        Kabupaten code and name.
    year : int or None
        Reporting year.
    ladders : dict
        ``ladders[component][level]`` = ladder table (:func:`access_ladder`).
    drainage_stbm : dict
        ``drainage_stbm[level]`` = genangan and ODF/STBM table.
    series, progress, targets : pandas.DataFrame
        Kabupaten indicator series, progress table, merged targets.
    progress_kecamatan : pandas.DataFrame
        Progress of the access indicators per kecamatan.
    program, budget, commitments, commitment_summary : pandas.DataFrame
        Plan vs realisation (year × component × source × type), APBD-murni table,
        commitments (detail and recap).
    targeting, stunting : pandas.DataFrame or None
        Targeting tables (``None`` without a scored table).
    status_rule : str
        The status rule, to print.
    catalogue_version : str
        Version of the indicator catalogue used.
    warnings : list of MonevWarning
        Every issue, de-duplicated.
    input : MonevInput, optional
        The sheets the report was computed from (the funding brief reads them too).
    """

    kab_code: str
    kab_name: str
    year: int | None
    ladders: dict[str, dict[str, pd.DataFrame]]
    drainage_stbm: dict[str, pd.DataFrame]
    series: pd.DataFrame
    targets: pd.DataFrame
    progress: pd.DataFrame
    progress_kecamatan: pd.DataFrame
    program: pd.DataFrame
    budget: pd.DataFrame
    commitments: pd.DataFrame
    commitment_summary: pd.DataFrame
    targeting: pd.DataFrame | None
    stunting: pd.DataFrame | None
    status_rule: str
    catalogue_version: str = CATALOGUE_VERSION
    warnings: list[MonevWarning] = field(default_factory=list)
    input: MonevInput | None = None

    def __repr__(self) -> str:
        from ..display import monev_text

        return monev_text(self)

    def _repr_html_(self) -> str:
        from ..display import monev_html

        return monev_html(self)


def compute_monev(monev_input: MonevInput, scored: pd.DataFrame | None = None,
                  window_years: int | None = TREND_WINDOW_YEARS,
                  at_risk_threshold: float = AT_RISK_THRESHOLD) -> MonevReport:
    """Compute every monev table of one kabupaten.

    Parameters
    ----------
    monev_input : MonevInput
        The kabupaten's sheets.
    scored : pandas.DataFrame or geopandas.GeoDataFrame, optional
        Scored table (for targeting and the stunting overlap).
    window_years, at_risk_threshold
        Options of the progress rule (:func:`~ppsp_analysis.monev.progress.progress_status`).

    Returns
    -------
    MonevReport
    """
    kab, name = monev_input.kabupaten_code, monev_input.kabupaten_name
    f2 = monev_input.form2
    collected: list[MonevWarning] = []

    def take(r: MonevResult) -> pd.DataFrame:
        collected.extend(r.warnings)
        return r.table

    prepared = prepare_access(monev_input.access, f2)
    collected += prepared.warnings
    ladders = {k: {t: access_ladder(monev_input.access, f2, k, t, kab, name, prepared).table
                   for t in LEVELS} for k in LADDERS}
    drain_stbm = {t: drainage_stbm_table(monev_input.access, f2, t, kab, name, prepared).table
                  for t in LEVELS}
    targets, p = merge_targets(monev_input.targets)
    collected += p
    series = take(indicator_series(monev_input, "kabupaten", scored, prepared=prepared))
    progress = take(assess_progress(series, targets, monev_input.year, None, window_years,
                                    at_risk_threshold))
    series_kec = take(indicator_series(monev_input, "kecamatan", prepared=prepared))
    progress_kec = take(assess_progress(series_kec, targets, monev_input.year, None, window_years,
                                        at_risk_threshold))
    program = take(program_summary(monev_input.program))
    budget_years = ([] if monev_input.budget is None or not len(monev_input.budget)
                    else pd.to_numeric(monev_input.budget["tahun"], errors="coerce").dropna())
    population = take(annual_population(prepared.table, f2, budget_years))
    budget = take(sanitation_budget(monev_input.budget, population))
    commitments = take(commitment_table(monev_input.commitments))
    commitment_sum = take(commitment_summary(monev_input.commitments))
    targeting = stunting = None
    if scored is not None:
        threshold = monev_input.ambang_prioritas
        targeting = take(priority_targeting(monev_input.program, scored, f2,
                                            threshold=threshold))
        stunting = take(stunting_overlap(scored, f2, threshold=threshold))
    seen, unique = set(), []
    for w in collected:
        if w not in seen:
            seen.add(w)
            unique.append(w)
    return MonevReport(kab, name, monev_input.year, ladders, drain_stbm, series, targets,
                       progress, progress_kec, program, budget, commitments, commitment_sum,
                       targeting, stunting,
                       status_rule(at_risk_threshold, window_years), CATALOGUE_VERSION, unique,
                       monev_input)


def monev_summary(monev: MonevInput | MonevReport, scored: pd.DataFrame | None = None) -> dict:
    """One flat row of comparable figures for a province roll-up.

    Parameters
    ----------
    monev : MonevInput or MonevReport
        The kabupaten's sheets, or an already computed :class:`MonevReport`.
    scored : pandas.DataFrame, optional
        Scored table (ignored when ``monev`` is a :class:`MonevReport`).

    Returns
    -------
    dict
        ``kode_kab, nama_kab, tahun_laporan, tahun_data_akses``; for each code of
        :data:`SUMMARY_INDICATORS` its latest value (``<kode>``) and, when it has a target,
        ``status_<kode>``; ``pertumbuhan_belanja_sanitasi_rata2_pct``,
        ``desa_prioritas_gabungan``, ``desa_prioritas_lokus_stunting``,
        ``komitmen_total_rp``, ``komitmen_terealisasi_rp``, counts of statuses and
        ``jumlah_peringatan``, ``versi_katalog``. Missing values are ``None`` (JSON-ready).
    """
    m = monev if isinstance(monev, MonevReport) else compute_monev(monev, scored)
    p = m.progress.set_index("indikator") if len(m.progress) else pd.DataFrame()
    access = m.series[m.series["indikator"] == "sanitasi_layak"]
    out: dict = {"kode_kab": m.kab_code, "nama_kab": m.kab_name,
                 "tahun_laporan": m.year if m.year is not None else _max_int(m.series["tahun"]),
                 "tahun_data_akses": _max_int(access["tahun"]) if len(access) else None}
    for code in SUMMARY_INDICATORS:
        present = code in p.index
        out[code] = float(p.loc[code, "nilai_terakhir"]) if present else None
        if present and pd.notna(p.loc[code, "target"]):
            out[f"status_{code}"] = p.loc[code, "status"]
    out["pertumbuhan_belanja_sanitasi_rata2_pct"] = (
        mean_growth(m.budget) if "pertumbuhan_belanja_sanitasi_pct" in m.budget
        else None)
    stunt = (m.stunting.set_index("komponen") if m.stunting is not None and len(m.stunting)
             else pd.DataFrame())
    comp = "gabungan" if "gabungan" in stunt.index else (stunt.index[0] if len(stunt) else None)
    out["desa_prioritas_gabungan"] = int(stunt.loc[comp, "desa_prioritas"]) if comp else None
    out["desa_prioritas_lokus_stunting"] = (int(stunt.loc[comp, "desa_prioritas_dan_lokus"])
                                            if comp else None)
    recap = m.commitment_summary
    has_recap = len(recap) and "Jumlah" in recap.index
    out["komitmen_total_rp"] = float(recap.loc["Jumlah", "total_rp"]) if has_recap else None
    out["komitmen_terealisasi_rp"] = (float(recap.loc["Jumlah", "terealisasi_rp"]) if has_recap
                                      else None)
    status = m.progress["status"] if len(m.progress) else pd.Series(dtype=object)
    for s, key in (("sesuai jalur", "jumlah_sesuai_jalur"), ("berisiko", "jumlah_berisiko"),
                   ("tidak sesuai jalur", "jumlah_tidak_sesuai_jalur")):
        out[key] = int((status == s).sum())
    out["jumlah_peringatan"] = len(m.warnings)
    out["versi_katalog"] = m.catalogue_version
    return {k: _json_ready(v) for k, v in out.items()}


def province_summary(rows: list[dict]) -> pd.DataFrame:
    """Stack :func:`monev_summary` rows of several kabupaten into one table (one row each)."""
    return pd.DataFrame(rows).set_index("kode_kab").sort_index()


def _max_int(s: pd.Series) -> int | None:
    """Largest value as ``int``, ``None`` when empty."""
    return int(s.max()) if len(s) else None


def _json_ready(v):
    """NaN → ``None`` and numpy scalars → Python scalars (for JSON)."""
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return v
