"""Every funding table of one kabupaten in one call (:func:`compute_funding`), and the tables
to print (:func:`funding_tables`, :func:`tabel_5_1_table`, :func:`tabel_5_2_table`).

The headline the brief prints — *Kebutuhan Rp A; APBD murni diperkirakan Rp B; celah
Rp A − B; usulan Rp X pada KUA-PPAS tahun Y* — is :attr:`FundingReport.headline`:

* A = need over the SSK period (investment + O&M of new assets),
* B = APBD murni sanitasi over the period (observed years, else projected),
* A − B = Gap 1 over the period,
* X = by option ``pendanaan.usulan``: the need indicated for APBD Kabupaten in year Y minus
  the APBD Kabupaten commitments of year Y already at KUA-PPAS, DPA or terealisasi
  (``apbd_kabupaten``), or Gap 1 of year Y (``celah_1``); never below 0,
* Y = Form 1 ``tahun_kua_ppas`` (default: the analysis year + 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import fmt
from ..monev.catalogue import indicator_catalogue, merge_targets
from ._base import MonevResult, MonevWarning, SSKPeriod, normalise_shares
from .capacity import GROWTH_LABEL, apbd_murni, project_capacity
from .catalogue import catalogue_table, escalate, stale_cost_warnings, unit_cost_catalogue
from .commitments import (
    STAGE,
    committed_amounts,
    overdue_followups,
    party_table,
    pipeline_table,
    prepare_commitments,
)
from .gap import (
    APBD_SOURCE,
    apbd_component_shares,
    gap_by_component,
    gap_by_source,
    gap_by_year,
    tabel_5_1,
    tabel_5_2,
)
from .lokus import (
    BOTH,
    lokus_desa,
    lokus_overlay,
    overlay_summary,
    top_activities,
    unserved_households,
)
from .need import (
    combine_need,
    households_to_serve,
    kk_growth_rate,
    need_summary,
    om_need,
    program_need,
    served_share,
    target_need,
)

#: Access indicators shown against their targets in households (the brief's access block).
ACCESS_INDICATORS = ("sanitasi_layak", "sanitasi_aman", "sampah_terlayani")


@dataclass(frozen=True)
class FundingInput:
    """The sheets the funding computation reads, as parsed DataFrames.

    Parameters
    ----------
    form1 : dict
        Form 1 (``tahun``; ``ssk_tahun_awal``, ``ssk_tahun_akhir``, ``tahun_kua_ppas``).
    form2 : pandas.DataFrame
        Sheet ``Form2``.
    access, program, budget, targets, commitments, unit_costs, lokus : pandas.DataFrame
        Sheets ``Akses``, ``Program``, ``Anggaran``, ``Target``, ``Komitmen``,
        ``BiayaSatuan`` and ``LokusStunting`` (``None`` or empty = not given).
    kab_code, kab_name : str
        Kabupaten code and name.
    """

    form1: dict
    form2: pd.DataFrame
    access: pd.DataFrame | None = None
    program: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    commitments: pd.DataFrame | None = None
    unit_costs: pd.DataFrame | None = None
    lokus: pd.DataFrame | None = None
    kab_code: str = ""
    kab_name: str = ""

    @classmethod
    def from_package(cls, package) -> FundingInput:
        """Build from a loaded input package (duck-typed: ``sheet()``, ``form1``, ``kode``)."""
        s = package.sheet
        return cls(form1=dict(package.form1), form2=s("Form2"), access=s("Akses"),
                   program=s("Program"), budget=s("Anggaran"), targets=s("Target"),
                   commitments=s("Komitmen"), unit_costs=s("BiayaSatuan"),
                   lokus=s("LokusStunting"), kab_code=str(package.kode),
                   kab_name=str(package.nama))

    @classmethod
    def from_monev(cls, m) -> FundingInput:
        """Build from a :class:`~ppsp_analysis.monev.MonevInput` (which carries the sheets)."""
        return cls(form1=dict(m.form1 or {}), form2=m.form2, access=m.access,
                   program=m.program, budget=m.budget, targets=m.targets,
                   commitments=m.commitments, unit_costs=m.unit_costs, lokus=m.lokus,
                   kab_code=m.kabupaten_code, kab_name=m.kabupaten_name)


@dataclass
class FundingReport:
    """Every funding table of one kabupaten (see the module docstring for the headline).

    Attributes
    ----------
    period : SSKPeriod
    options : dict
        The ``pendanaan`` options used.
    need : pandas.DataFrame
        Every need row (:data:`~ppsp_analysis.funding.need.NEED_COLUMNS`): program, target
        and O&M rows.
    basis : dict
        Component → where its need came from.
    households : dict
        Indicator → :func:`~ppsp_analysis.funding.need.households_to_serve` table.
    budget, capacity : pandas.DataFrame
        APBD murni per observed year; observed/projected APBD murni per SSK year.
    growth : dict
        Growth rule, rate (%) and years.
    commitments, pipeline, parties, overdue, committed : pandas.DataFrame
        The tracker (cleaned rows), the pipeline, committed vs realised per stakeholder type,
        late follow-ups, committed amounts per year × source × component in the period.
    gap_year, gap_component, gap_source : pandas.DataFrame
        Gap 1 and Gap 2 per year, per year × component, per year × source.
    apbd_shares : dict
        Component → share of projected APBD murni (and ``aturan``, the rule used).
    overlay, overlay_summary, top_activities : pandas.DataFrame or None
        Stunting overlay per desa, per category, and the five largest activities in desa
        that are priority and lokus (``None`` without a scored table).
    access_gap : pandas.DataFrame
        Access indicators: achievement, target and households still to serve.
    leverage : pandas.DataFrame
        Money that needs an APBD line in year Y (DAK, Hibah ALS).
    headline : dict
        ``kebutuhan_rp, kebutuhan_om_rp, apbd_murni_rp, celah_1_rp, celah_2_rp,
        komitmen_rp, usulan_rp, tahun_usulan, usulan_aturan, periode``.
    catalogue : pandas.DataFrame
        The unit costs used (escalated to the first SSK year), with sources.
    warnings : list of MonevWarning
    """

    kab_code: str
    kab_name: str
    period: SSKPeriod
    options: dict
    need: pd.DataFrame
    basis: dict
    households: dict
    budget: pd.DataFrame
    capacity: pd.DataFrame
    growth: dict
    commitments: pd.DataFrame
    pipeline: pd.DataFrame
    parties: pd.DataFrame
    overdue: pd.DataFrame
    committed: pd.DataFrame
    gap_year: pd.DataFrame
    gap_component: pd.DataFrame
    gap_source: pd.DataFrame
    apbd_shares: dict
    overlay: pd.DataFrame | None
    overlay_summary: pd.DataFrame | None
    top_activities: pd.DataFrame | None
    access_gap: pd.DataFrame
    leverage: pd.DataFrame
    headline: dict
    catalogue: pd.DataFrame
    warnings: list[MonevWarning] = field(default_factory=list)


def compute_funding(fi: FundingInput, scored: pd.DataFrame | None = None,
                    options: dict | None = None, today: dt.date | None = None,
                    ) -> FundingReport:
    """Funding need, capacity, commitments, gaps, stunting overlay and the brief's numbers.

    Parameters
    ----------
    fi : FundingInput
        The kabupaten's sheets.
    scored : pandas.DataFrame, optional
        Scored table (``kelas_gabungan``): enables the stunting overlay.
    options : dict
        The method's ``pendanaan`` section (``ScoredResult.method["pendanaan"]``; a merged
        method always has it).
    today : datetime.date, optional
        Date against which follow-ups are late (default: today).

    Returns
    -------
    FundingReport
    """
    if options is None:
        raise ValueError("compute_funding: opsi pendanaan dari metode wajib diberikan")
    opts = dict(options)
    today = today or dt.date.today()
    collected: list[MonevWarning] = []

    def take(r: MonevResult) -> pd.DataFrame:
        collected.extend(r.warnings)
        return r.table

    period, w = SSKPeriod.from_form1(fi.form1)
    collected += w
    esc = float(opts["eskalasi_persen_per_tahun"])
    catalogue = take(unit_cost_catalogue(fi.unit_costs))
    targets, w = merge_targets(fi.targets)
    collected += w

    # need ---------------------------------------------------------------------------------
    prog = take(program_need(fi.program, catalogue, period, esc))
    growth_kk = opts.get("pertumbuhan_kk_persen")
    if growth_kk is None:
        growth_kk = kk_growth_rate(fi.access)
        if growth_kk is None:
            growth_kk = 0.0
            collected.append(MonevWarning(
                "pertumbuhan_kk", "pertumbuhan KK tidak dapat dihitung dari sheet Akses (perlu "
                "≥ 2 tahun); proyeksi KK memakai 0 % per tahun", sheet="Akses"))
    households: dict[str, pd.DataFrame] = {}
    target_parts = []
    sources = opts.get("sumber_kebutuhan_target") or {APBD_SOURCE: 1}
    for code, spec in (opts.get("target_kebutuhan") or {}).items():
        if not isinstance(spec, dict) or spec.get("aktif", True) is False:
            continue
        base = take(served_share(fi.access, fi.form2, code))
        hh = take(households_to_serve(base, targets, code, period, float(growth_kk)))
        households[code] = hh
        target_parts.append(take(target_need(hh, code, spec["komponen"], spec["teknologi"],
                                             sources, catalogue, esc)))
    tgt = (pd.concat([t for t in target_parts if len(t)], ignore_index=True)
           if any(len(t) for t in target_parts) else prog.iloc[0:0].copy())
    combined = combine_need(prog, tgt, opts.get("dasar_kebutuhan", "otomatis")).table
    basis = dict(combined.attrs.get("dasar_komponen", {}))
    om = take(om_need(combined, catalogue, period, float(opts["om_persen_per_tahun"]), esc,
                      str(opts.get("sumber_om") or APBD_SOURCE)))
    need = pd.concat([d for d in (combined, om) if len(d)], ignore_index=True) \
        if len(combined) or len(om) else combined
    if not len(need):
        collected.append(MonevWarning(
            "kebutuhan_kosong", f"belum ada kebutuhan biaya untuk periode SSK {period.label}: "
            "isi kegiatan SSK di sheet Program (tahun, volume, item_biaya/harga_satuan_rp atau "
            "rencana_rp) atau target di sheet Target", sheet="Program"))
    used_items = need["item_biaya"].dropna().unique() if len(need) else []
    collected += stale_cost_warnings(catalogue, used_items, period.awal,
                                     int(opts["umur_harga_maks_tahun"]))

    # capacity -----------------------------------------------------------------------------
    budget = take(apbd_murni(fi.budget))
    murni = (budget.set_index("tahun")["apbd_murni_sanitasi_rp"] if len(budget)
             else pd.Series(dtype=float))
    method = opts.get("pertumbuhan_apbd", "rata_rata")
    capacity = take(project_capacity(murni, period, method))
    growth = dict(capacity.attrs.get("pertumbuhan", {}))
    growth["label"] = GROWTH_LABEL[method]

    # commitments --------------------------------------------------------------------------
    codes = set(fi.form2["kode_desa"].astype(str)) if len(fi.form2) else None
    prepared = take(prepare_commitments(fi.commitments, codes))
    counted = list(opts.get("status_komitmen") or [])
    committed = committed_amounts(prepared, counted, period.years)
    pipeline = pipeline_table(prepared)
    parties = party_table(prepared, counted)
    overdue = overdue_followups(prepared, today)

    # gaps ---------------------------------------------------------------------------------
    gap_year = gap_by_year(need, capacity, committed)
    shares, rule = apbd_component_shares(fi.program, need,
                                         opts.get("alokasi_apbd_komponen", "realisasi"))
    gap_comp = gap_by_component(need, capacity, committed, shares)
    gap_src = gap_by_source(need, capacity, committed)

    # stunting overlay ---------------------------------------------------------------------
    overlay = summary_overlay = top = None
    if scored is not None and "kelas_gabungan" in scored.columns:
        lk = take(lokus_desa(fi.form2, fi.lokus, codes))
        cost_kk = cost_per_household(catalogue, opts, period.awal, esc)
        overlay = take(lokus_overlay(scored, lk, unserved_households(fi.access, fi.form2),
                                     cost_kk))
        overlay.attrs["rp_per_kk"] = cost_kk
        summary_overlay = overlay_summary(overlay)
        top = top_activities(need, overlay)

    access_gap = access_gap_table(fi, targets, period, float(growth_kk), households)
    leverage = leverage_table(need, catalogue, period.tahun_usulan, opts)
    headline = _headline(need, capacity, committed, gap_year, prepared, period, opts)
    used = catalogue_table(catalogue, used_items, period.awal, esc) if len(used_items) \
        else catalogue_table(catalogue.iloc[0:0])
    seen, unique = set(), []
    for w in collected:
        if w not in seen:
            seen.add(w)
            unique.append(w)
    return FundingReport(
        kab_code=fi.kab_code, kab_name=fi.kab_name, period=period, options=opts, need=need,
        basis=basis, households=households, budget=budget, capacity=capacity, growth=growth,
        commitments=prepared, pipeline=pipeline, parties=parties, overdue=overdue,
        committed=committed, gap_year=gap_year, gap_component=gap_comp, gap_source=gap_src,
        apbd_shares={**shares, "aturan": rule}, overlay=overlay,
        overlay_summary=summary_overlay, top_activities=top, access_gap=access_gap,
        leverage=leverage, headline=headline, catalogue=used, warnings=unique)


def cost_per_household(catalogue: pd.DataFrame, opts: dict, year: int, esc: float,
                       indicator: str = "sanitasi_layak") -> float:
    """Rp per household of the technology mix of ``indicator`` in ``year`` prices.

    ``Σ share_t × nilai_t × (1 + e)^(year − tahun_t) / kk_per_satuan_t`` over the items with
    a value (shares re-normalised over them); NaN when none has one.

    Examples
    --------
    >>> from ppsp_analysis.funding.catalogue import default_unit_costs
    >>> o = {"target_kebutuhan": {"sanitasi_layak": {"teknologi": {
    ...     "tangki_septik_individual": 1, "tangki_septik_bilik": 1}}}}
    >>> cost_per_household(default_unit_costs(), o, 2024, 0.0)   # (10 + 12 × 1,0⁻¹) / 2 juta
    11000000.0
    """
    spec = (opts.get("target_kebutuhan") or {}).get(indicator) or {}
    tech = normalise_shares(spec.get("teknologi") or {})
    ok = {k: v for k, v in tech.items() if k in catalogue.index
          and pd.notna(catalogue.loc[k, "nilai_rp"])
          and pd.notna(catalogue.loc[k, "kk_per_satuan"]) and catalogue.loc[k, "kk_per_satuan"] > 0}
    ok = normalise_shares(ok)
    if not ok:
        return float("nan")
    return float(sum(share * escalate(float(catalogue.loc[k, "nilai_rp"]),
                                      float(catalogue.loc[k, "tahun"]), year, esc)
                     / float(catalogue.loc[k, "kk_per_satuan"]) for k, share in ok.items()))


def access_gap_table(fi: FundingInput, targets: pd.DataFrame, period: SSKPeriod,
                     growth_pct: float, households: dict | None = None) -> pd.DataFrame:
    """Access against targets in households: achievement, target and households to serve.

    Returns
    -------
    pandas.DataFrame
        One row per indicator of :data:`ACCESS_INDICATORS` with data, then open defecation:
        ``indikator, nama, tahun_data, pct_capaian, kk_total, kk_belum_terlayani,
        tahun_target, pct_target, kk_perlu_dilayani`` (households to newly serve over the SSK
        period to be on the path to the target; for open defecation, households that must
        stop).
    """
    cat = indicator_catalogue()
    households = households or {}
    rows = []
    for code in ACCESS_INDICATORS:
        base = served_share(fi.access, fi.form2, code).table.dropna(
            subset=["jumlah_kk", "kk_dilayani"])
        if not len(base):
            continue
        kk, served = float(base["jumlah_kk"].sum()), float(base["kk_dilayani"].sum())
        year = int(base["tahun"].max()) if base["tahun"].notna().any() else None
        tg = _target_for(targets, code, year, period)
        hh = households.get(code)
        if hh is None and tg is not None:
            hh = households_to_serve(base, targets, code, period, growth_pct).table
        rows.append({"indikator": code, "nama": cat.loc[code, "nama"], "tahun_data": year,
                     "pct_capaian": served / kk * 100 if kk else np.nan, "kk_total": kk,
                     "kk_belum_terlayani": kk - served,
                     "tahun_target": None if tg is None else int(tg[0]),
                     "pct_target": np.nan if tg is None else float(tg[1]),
                     "kk_perlu_dilayani": (float(hh["kk_baru"].sum()) if hh is not None
                                           and len(hh) else np.nan)})
    babs = _open_defecation(fi, targets, period)
    if babs is not None:
        rows.append(babs)
    cols = ["indikator", "nama", "tahun_data", "pct_capaian", "kk_total", "kk_belum_terlayani",
            "tahun_target", "pct_target", "kk_perlu_dilayani"]
    return pd.DataFrame(rows, columns=cols)


def _target_for(targets: pd.DataFrame, code: str, year: int | None,
                period: SSKPeriod) -> tuple[int, float] | None:
    """The target the path aims at: the last one within the SSK period, else the first after
    the data year."""
    t = targets[(targets["indikator"] == code)].dropna(subset=["tahun", "nilai"])
    if year is not None:
        t = t[t["tahun"] > year]
    if not len(t):
        return None
    inside = t[t["tahun"] <= period.akhir]
    row = (inside.sort_values("tahun").iloc[-1] if len(inside)
           else t.sort_values("tahun").iloc[0])
    return int(row["tahun"]), float(row["nilai"])


def _open_defecation(fi: FundingInput, targets: pd.DataFrame, period: SSKPeriod) -> dict | None:
    a = fi.access
    if a is None or not len(a) or "sanitasi_babs_terbuka" not in a:
        return None
    d = a.assign(tahun=pd.to_numeric(a["tahun"], errors="coerce"),
                 babs=pd.to_numeric(a["sanitasi_babs_terbuka"], errors="coerce"),
                 kk=pd.to_numeric(a["jumlah_kk"], errors="coerce")).dropna(subset=["babs", "kk"])
    if not len(d):
        return None
    year = int(d["tahun"].max())
    d = d[d["tahun"] == year]
    kk, babs = float(d["kk"].sum()), float(d["babs"].sum())
    tg = _target_for(targets, "babs_terbuka", year, period)
    target_pct = 0.0 if tg is None else tg[1]
    return {"indikator": "babs_terbuka", "nama": "BABS di tempat terbuka", "tahun_data": year,
            "pct_capaian": babs / kk * 100 if kk else np.nan, "kk_total": kk,
            "kk_belum_terlayani": babs, "tahun_target": None if tg is None else tg[0],
            "pct_target": target_pct,
            "kk_perlu_dilayani": max(babs - target_pct / 100 * kk, 0.0)}


def leverage_table(need: pd.DataFrame, catalogue: pd.DataFrame, year: int,
                   opts: dict) -> pd.DataFrame:
    """Money of year ``year`` that is lost when the APBD line is missing (reference (a)6).

    * DAK indicated in the need: it needs an APBD matching fund (``pendamping_dak_persen``)
      and operations money (``operasional_dak_persen``) — without them the DAK is lost;
    * Hibah ALS: reimburses the APBD Kabupaten's household septic tanks after they are built
      (Rp per KK of the catalogue item ``hibah_als``) — without the APBD building first, none
      is paid.

    Returns
    -------
    pandas.DataFrame
        ``uraian, nilai_daya_ungkit_rp, syarat_apbd_rp, syarat`` — one row per lever, then
        ``Jumlah daya ungkit``.

    Examples
    --------
    >>> from ppsp_analysis.funding.catalogue import default_unit_costs
    >>> need = pd.DataFrame({"tahun": [2027.0, 2027.0], "sumber_dana": ["DAK", "APBD Kabupaten"],
    ...     "jenis": "investasi", "item_biaya": ["iplt_25", "tangki_septik_individual"],
    ...     "kk_terlayani": [np.nan, 100.0], "kebutuhan_rp": [4e9, 1e9]})
    >>> t = leverage_table(need, default_unit_costs(), 2027,
    ...                    {"pendamping_dak_persen": 10, "operasional_dak_persen": 5})
    >>> t[["nilai_daya_ungkit_rp", "syarat_apbd_rp"]].values.tolist()
    [[4000000000.0, 600000000.0], [300000000.0, 1000000000.0], [4300000000.0, 1600000000.0]]
    """
    cols = ["uraian", "nilai_daya_ungkit_rp", "syarat_apbd_rp", "syarat"]
    d = need[(need["tahun"] == year) & (need["jenis"] == "investasi")] if len(need) else need
    dak = float(d.loc[d["sumber_dana"] == "DAK", "kebutuhan_rp"].sum()) if len(d) else 0.0
    p_pct, o_pct = float(opts["pendamping_dak_persen"]), float(opts["operasional_dak_persen"])
    rows = [{"uraian": f"DAK sanitasi yang direncanakan tahun {year}", "nilai_daya_ungkit_rp": dak,
             "syarat_apbd_rp": dak * (p_pct + o_pct) / 100,
             "syarat": f"dana pendamping APBD ≥ {fmt.number(p_pct)}% dan biaya operasional "
                       f"≥ {fmt.number(o_pct)}% dari DAK (Juklak DAK SLBM 2014)"}]
    eligible = set(catalogue.index[catalogue["hibah_als"].astype(bool)])
    # the grant is a nominal programme amount per KK (TA2021), not escalated
    grant = (float(catalogue.loc["hibah_als", "nilai_rp"]) if "hibah_als" in catalogue.index
             else np.nan)
    als = d[(d["sumber_dana"] == APBD_SOURCE) & d["item_biaya"].isin(eligible)] if len(d) \
        else d
    kk = float(als["kk_terlayani"].sum()) if len(als) else 0.0
    if not np.isnan(grant):
        rows.append({"uraian": f"Hibah ALS untuk {fmt.number(kk, 0)} KK tangki septik APBD",
                     "nilai_daya_ungkit_rp": kk * grant,
                     "syarat_apbd_rp": float(als["kebutuhan_rp"].sum()) if len(als) else 0.0,
                     "syarat": "APBD membangun lebih dulu; hibah dibayar setelah verifikasi "
                               "(Hibah ALS; juga perlu SSK/RISPALD, IPLT dan LLTT)"})
    out = pd.DataFrame(rows, columns=cols)
    total = {"uraian": "Jumlah daya ungkit",
             "nilai_daya_ungkit_rp": float(out["nilai_daya_ungkit_rp"].sum()),
             "syarat_apbd_rp": float(out["syarat_apbd_rp"].sum()), "syarat": ""}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _headline(need, capacity, committed, gap_year, prepared, period, opts) -> dict:
    y = period.tahun_usulan
    total_need = float(gap_year["kebutuhan_rp"].sum())
    apbd = float(gap_year["apbd_murni_proyeksi_rp"].sum())
    rule = opts.get("usulan", "apbd_kabupaten")
    need_apbd_y = float(need.loc[(need["tahun"] == y) & (need["sumber_dana"] == APBD_SOURCE),
                                 "kebutuhan_rp"].sum()) if len(need) else 0.0
    in_budget = 0.0
    if len(prepared):
        ok = (prepared["tahun"] == y) & (prepared["sumber_dana"] == APBD_SOURCE) & (
            prepared["tahap"] >= STAGE["KUA-PPAS"])
        in_budget = float(prepared.loc[ok.fillna(False), "nilai_rp"].fillna(0).sum())
    gy = gap_year.set_index("tahun")
    if rule == "celah_1":
        ask = float(gy.loc[y, "celah_1_rp"]) if y in gy.index else 0.0
    else:
        ask = need_apbd_y - in_budget
    return {"periode": period.label, "tahun_awal": period.awal, "tahun_akhir": period.akhir,
            "kebutuhan_rp": total_need,
            "kebutuhan_investasi_rp": float(gap_year["kebutuhan_investasi_rp"].sum()),
            "kebutuhan_om_rp": float(gap_year["kebutuhan_om_rp"].sum()),
            "apbd_murni_rp": apbd, "celah_1_rp": total_need - apbd,
            "komitmen_rp": float(gap_year["komitmen_rp"].sum()),
            "celah_2_rp": float(gap_year["celah_2_rp"].sum()),
            "usulan_rp": max(ask, 0.0), "tahun_usulan": y, "usulan_aturan": rule,
            "kebutuhan_apbd_tahun_usulan_rp": need_apbd_y,
            "komitmen_apbd_dianggarkan_rp": in_budget}


# --------------------------------------------------------------------------- printed tables
def tabel_5_1_table(fr: FundingReport) -> pd.DataFrame:
    """SSK table 5.1 of the kabupaten (Indonesian titles; see :func:`.gap.tabel_5_1`)."""
    return tabel_5_1(fr.gap_year, fr.gap_component)


def tabel_5_2_table(fr: FundingReport) -> pd.DataFrame:
    """SSK table 5.2 of the kabupaten (Indonesian titles; see :func:`.gap.tabel_5_2`)."""
    return tabel_5_2(fr.gap_source)


def funding_tables(fr: FundingReport) -> dict[str, pd.DataFrame]:
    """The funding tables for ``tabel.xlsx`` and the monev report, titled in Bahasa Indonesia.

    Columns carry the vocabulary keys of :mod:`ppsp_analysis.labels` (titles, units and
    number formats come from there); tables 5.1 and 5.2 are already titled.
    """
    t: dict[str, pd.DataFrame] = {
        "Tabel 5.1 Rekapitulasi Indikasi Kebutuhan Biaya": tabel_5_1_table(fr),
        "Tabel 5.2 Kebutuhan, Komitmen dan Celah per Sumber Dana": tabel_5_2_table(fr),
        "Celah Pendanaan per Tahun": fr.gap_year,
        "Celah Pendanaan per Komponen": fr.gap_component,
        "Celah Pendanaan per Sumber Dana": fr.gap_source,
        "Kebutuhan Biaya per Tahun dan Komponen": need_summary(
            fr.need, ("tahun", "komponen", "sumber_dana")),
        "APBD Murni Sanitasi dan Proyeksinya": fr.capacity,
        "Biaya Satuan yang Dipakai": fr.catalogue,
        "Akses terhadap Target (KK)": fr.access_gap,
        "Pelacak Komitmen": fr.commitments.drop(columns=["kode_desa_list", "tahap",
                                                         "_baris"], errors="ignore"),
        "Komitmen per Tahap": fr.pipeline,
        "Komitmen per Jenis Pihak": fr.parties.reset_index(),
        "Tindak Lanjut Komitmen Terlambat": fr.overdue,
        "Daya Ungkit yang Hilang tanpa APBD": fr.leverage,
    }
    if fr.overlay_summary is not None:
        t["Desa Prioritas dan Lokus Stunting"] = fr.overlay_summary
        t["Kegiatan Terbesar di Desa Prioritas dan Lokus"] = fr.top_activities
    return {k: v.reset_index(drop=True) for k, v in t.items()}


__all__ = ["ACCESS_INDICATORS", "BOTH", "FundingInput", "FundingReport", "access_gap_table",
           "compute_funding", "cost_per_household", "funding_tables",
           "leverage_table", "tabel_5_1_table", "tabel_5_2_table"]
