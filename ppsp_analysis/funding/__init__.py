"""Funding of the SSK (reference/funding.md; SSK chapter 5): need, capacity, gap, commitments.

Pure functions: DataFrames of the contract sheets (``Program``, ``Anggaran``, ``Komitmen``,
``BiayaSatuan``, ``LokusStunting``, ``Akses``, ``Target``, ``Form2``) and the scored table in,
new DataFrames out, each wrapped in a :class:`~ppsp_analysis.monev.MonevResult` whose
``warnings`` say what was assumed or left out. One module per topic:

:mod:`.catalogue`
    the unit-cost catalogue (``biaya_satuan.csv``, every figure with its source and year),
    the Pokja's overrides, escalation, stale-price warnings;
:mod:`.need`
    program-driven and target-driven need, O&M of new assets;
:mod:`.capacity`
    APBD murni sanitasi, its growth (mean annual or CAGR) and projection;
:mod:`.commitments`
    the commitment tracker: pipeline, committed vs realised, late follow-ups;
:mod:`.gap`
    Gap 1 (need − projected APBD murni) and Gap 2 (need − commitments), tables 5.1 and 5.2;
:mod:`.lokus`
    the stunting overlay (risk priority × desa lokus);
:mod:`.summary`
    everything in one call (:func:`compute_funding`) and the printed tables.

Examples
--------
>>> from ppsp_analysis.funding import default_unit_costs, escalate
>>> round(escalate(default_unit_costs().loc["tps3r", "nilai_rp"], 2020, 2026, 3.0) / 1e6, 1)
716.4
"""

from .capacity import apbd_murni, growth_rate, project_capacity
from .catalogue import (
    default_unit_costs,
    escalate,
    stale_cost_warnings,
    unit_cost,
    unit_cost_catalogue,
)
from .commitments import (
    PIPELINE,
    committed_amounts,
    overdue_followups,
    party_table,
    pipeline_table,
    prepare_commitments,
)
from .gap import gap_by_component, gap_by_source, gap_by_year, tabel_5_1, tabel_5_2
from .lokus import (
    class_lokus_table,
    lokus_desa,
    lokus_overlay,
    overlay_summary,
    top_activities,
    unserved_households,
)
from .need import (
    NEED_COLUMNS,
    combine_need,
    households_to_serve,
    need_summary,
    om_need,
    program_need,
    served_share,
    target_need,
)
from .summary import (
    FundingInput,
    FundingReport,
    compute_funding,
    funding_tables,
    tabel_5_1_table,
    tabel_5_2_table,
)

__all__ = [
    "NEED_COLUMNS", "PIPELINE", "FundingInput", "FundingReport", "apbd_murni", "class_lokus_table",
    "combine_need",
    "committed_amounts", "compute_funding", "default_unit_costs", "escalate", "funding_tables",
    "gap_by_component", "gap_by_source", "gap_by_year", "growth_rate", "households_to_serve",
    "lokus_desa", "lokus_overlay", "need_summary", "om_need", "overdue_followups",
    "overlay_summary", "party_table", "pipeline_table", "prepare_commitments", "program_need",
    "project_capacity", "served_share", "stale_cost_warnings", "tabel_5_1", "tabel_5_1_table",
    "tabel_5_2", "tabel_5_2_table", "target_need", "top_activities", "unit_cost",
    "unit_cost_catalogue", "unserved_households",
]
