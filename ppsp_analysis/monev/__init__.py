"""Monitoring & evaluation (monev) computations of the SSK (method reference §7).

Pure functions: DataFrames of the contract sheets (``Form2``, ``Akses``, ``Program``,
``Anggaran``, ``Target``, ``Komitmen``) and the scored table in, new DataFrames out, each
wrapped in a :class:`MonevResult` whose ``warnings`` list missing years, missing desa and
inconsistent data instead of dropping them silently. Indicator definitions and national
targets are data (``indikator.csv``, ``target_nasional.csv``), see :mod:`.catalogue`.

Charts live in :mod:`ppsp_analysis.monev.charts` and :mod:`ppsp_analysis.monev.maps` and are
imported lazily (matplotlib is only needed when drawing).
"""

from ._base import MonevInput, MonevResult, MonevWarning
from .budget import (
    FUNDING_SOURCES,
    annual_population,
    commitment_summary,
    commitment_table,
    mean_growth,
    prepare_program,
    program_basis,
    program_summary,
    sanitation_budget,
)
from .catalogue import (
    CATALOGUE_VERSION,
    indicator_catalogue,
    merge_targets,
    national_targets,
)
from .ladders import (
    COLUMN_GROUPS,
    LADDERS,
    access_ladder,
    drainage_stbm_table,
    ladder_to_long,
    prepare_access,
)
from .progress import (
    STATUS,
    STATUS_RULE,
    assess_progress,
    indicator_series,
    progress_status,
    status_rule,
    trend_rate,
)
from .summary import MonevReport, compute_monev, monev_summary, province_summary
from .targeting import (
    CLASS_COLUMNS,
    locate_programs,
    priority_targeting,
    spending_per_desa,
    stunting_overlap,
)

__all__ = [
    "CATALOGUE_VERSION", "CLASS_COLUMNS", "COLUMN_GROUPS", "FUNDING_SOURCES", "LADDERS",
    "STATUS", "STATUS_RULE", "MonevInput", "MonevReport", "MonevResult", "MonevWarning",
    "access_ladder", "annual_population", "assess_progress", "commitment_summary",
    "commitment_table", "compute_monev", "drainage_stbm_table", "indicator_catalogue",
    "indicator_series", "ladder_to_long", "locate_programs", "mean_growth", "merge_targets",
    "monev_summary", "national_targets", "prepare_access", "prepare_program",
    "priority_targeting", "program_basis", "program_summary", "progress_status",
    "province_summary", "sanitation_budget", "spending_per_desa", "status_rule",
    "stunting_overlap", "trend_rate",
]
