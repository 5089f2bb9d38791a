"""What ``tabel.xlsx`` holds (pure): the tables of the two report models as sheets, their
column labels, and the native Excel charts of the monev series.

The charts are descriptions (:class:`ExcelChart`); :func:`ppsp_analysis.io.writers.write_excel`
draws them with XlsxWriter from the cells of their data sheet, so the Pokja can restyle or
extend them in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..labels import NUMBER_FORMATS, Label, lower_first, slug_key
from ..monev._style import LINE_COLORS, SOURCE_COLORS
from ..monev.budget import FUNDING_SOURCES
from .model import Report, Table

TREND_SHEET = "Monev Tren Indikator"
BUDGET_SHEET = "Monev Anggaran per Sumber Dana"
CHART_SHEET = "Monev Grafik"

TREND_CHARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "air_limbah": ("Akses sanitasi (air limbah domestik)",
                   ("sanitasi_layak", "sanitasi_aman", "babs_terbuka")),
    "air_minum": ("Akses air minum", ("air_minum_layak", "air_minum_aman",
                                      "air_minum_tanpa_akses")),
    "persampahan": ("Pengelolaan sampah", ("sampah_ditangani", "sampah_dikurangi")),
    "stbm": ("Desa ODF dan STBM", ("desa_odf", "desa_stbm")),
}
"""Component → (chart title, catalogue indicators drawn), one line chart each."""

TARGET_YEARS_AHEAD = 6
"""Targets up to this many years after the latest data are drawn (as the report's charts)."""


@dataclass(frozen=True)
class ChartSeries:
    """One series of an :class:`ExcelChart`.

    Attributes
    ----------
    column : str
        Key of the value column in the chart's data sheet.
    name : str
        Legend text.
    color : str, optional
        ``#RRGGBB``.
    kind : {"line", "target", "column"}
        ``line``: solid line with dots; ``target``: diamonds only, labelled with their value;
        ``column``: a bar segment.
    """

    column: str
    name: str
    color: str | None = None
    kind: str = "line"


@dataclass(frozen=True)
class ExcelChart:
    """A native Excel chart drawn from one data sheet.

    Attributes
    ----------
    kind : {"line", "stacked_column"}
        Chart type.
    title : str
        Chart title.
    data_sheet : str
        Sheet (as keyed in the workbook's ``sheets``) holding the data.
    categories : str
        Key of the category column (the years).
    series : tuple of ChartSeries
        The series.
    y_title : str
        Value-axis title (the unit).
    y_format : str, optional
        Value-axis number format (e.g. ``#,##0.0,,,`` = miliar).
    y_max : float, optional
        Value-axis maximum (100 for percentages).
    anchor_sheet : str, optional
        Sheet the chart is drawn on (default: the data sheet, below its table).
    """

    kind: str
    title: str
    data_sheet: str
    categories: str
    series: tuple[ChartSeries, ...]
    y_title: str = ""
    y_format: str | None = None
    y_max: float | None = None
    anchor_sheet: str | None = None


def trend_table(series: pd.DataFrame, targets: pd.DataFrame | None,
                catalogue: pd.DataFrame, codes: list[str]) -> tuple[pd.DataFrame, dict]:
    """Kabupaten indicator values per year, each with a target column.

    Parameters
    ----------
    series : pandas.DataFrame
        Long indicator series (``kode_unit, indikator, tahun, nilai``); the first unit is used.
    targets : pandas.DataFrame, optional
        Merged targets (``indikator, tahun, nilai, sumber``).
    catalogue : pandas.DataFrame
        Indicator catalogue indexed by code (``nama``, ``satuan``).
    codes : list of str
        Indicators wanted (those without any value are left out).

    Returns
    -------
    (pandas.DataFrame, dict)
        Columns ``tahun``, then ``nilai_<kode>`` and ``target_<kode>`` per indicator (the
        prefixes keep indicator codes apart from table keys such as ``desa_odf``), one row per
        year from the first data year to the last target year drawn (≤ latest data year +
        :data:`TARGET_YEARS_AHEAD`); and the :class:`~ppsp_analysis.labels.Label` of each
        column.
    """
    if series is None or series.empty:
        return pd.DataFrame(columns=["tahun"]), {}
    unit = series["kode_unit"].iloc[0]
    s = series[(series["kode_unit"] == unit) & series["indikator"].isin(codes)]
    s = s.dropna(subset=["nilai"])
    codes = [c for c in codes if c in set(s["indikator"])]
    if not codes:
        return pd.DataFrame(columns=["tahun"]), {}
    t_min, t_max = int(s["tahun"].min()), int(s["tahun"].max())
    tgt = pd.DataFrame(columns=["indikator", "tahun", "nilai", "sumber"])
    if targets is not None and len(targets):
        tgt = targets[targets["indikator"].isin(codes) & (targets["tahun"] >= t_min)
                      & (targets["tahun"] <= t_max + TARGET_YEARS_AHEAD)]
    last = max([t_max, *[int(t) for t in tgt["tahun"]]])
    out = pd.DataFrame({"tahun": list(range(t_min, last + 1))})
    labels: dict[str, Label] = {}
    for code in codes:
        values = s[s["indikator"] == code].groupby("tahun")["nilai"].last()
        out[f"nilai_{code}"] = out["tahun"].map(values).astype(float)
        t = tgt[tgt["indikator"] == code]
        out[f"target_{code}"] = out["tahun"].map(t.groupby("tahun")["nilai"].last()).astype(float)
        nama = str(catalogue.loc[code, "nama"]) if code in catalogue.index else code
        satuan = str(catalogue.loc[code, "satuan"]) if code in catalogue.index else ""
        fmt = "pct" if satuan.startswith("%") else "number"
        sources = ", ".join(dict.fromkeys(str(x) for x in t["sumber"]))
        labels[f"nilai_{code}"] = Label(nama, satuan, fmt, f"Nilai indikator {code} "
                                        "kabupaten/kota per tahun (katalog monev).")
        labels[f"target_{code}"] = Label(f"Target {lower_first(nama)}", satuan, fmt,
                                         "Target pada tahun itu" + (f" ({sources})."
                                                                    if sources else "."))
    return out, labels


def budget_by_source(program: pd.DataFrame) -> tuple[pd.DataFrame, dict, str]:
    """Programme spending per year and funding source (realisation, else plan).

    Parameters
    ----------
    program : pandas.DataFrame
        Monev programme table (``tahun, sumber_dana, rencana_rp, realisasi_rp``).

    Returns
    -------
    (pandas.DataFrame, dict, str)
        Columns ``tahun``, ``<sumber>_rp`` per source (in the order of
        :data:`~ppsp_analysis.monev.budget.FUNDING_SOURCES`) and ``total_rp``; the labels of
        the source columns (``total_rp`` is in the vocabulary); ``"Realisasi"`` or
        ``"Rencana"``.
    """
    if program is None or program.empty or "sumber_dana" not in program:
        return pd.DataFrame(columns=["tahun"]), {}, "Realisasi"
    value, kind = "realisasi_rp", "Realisasi"
    if program.get("realisasi_rp") is None or program["realisasi_rp"].isna().all():
        value, kind = "rencana_rp", "Rencana"
    piv = program.pivot_table(index="tahun", columns="sumber_dana", values=value,
                              aggfunc="sum", fill_value=0.0)
    order = [s for s in FUNDING_SOURCES if s in piv.columns] + \
        [s for s in piv.columns if s not in FUNDING_SOURCES]
    out = pd.DataFrame({"tahun": [int(t) for t in piv.index]})
    labels: dict[str, Label] = {}
    for src in order:
        key = f"{slug_key(src)}_rp"
        out[key] = piv[src].to_numpy()
        labels[key] = Label(str(src), "Rp", "rp", f"{kind} anggaran program sanitasi dari "
                            f"{src}.")
    out["total_rp"] = out[[c for c in out.columns if c != "tahun"]].sum(axis=1)
    return out, labels, kind


def rupiah_axis(maximum: float) -> tuple[str, str]:
    """Value-axis format and title for Rupiah amounts up to ``maximum``.

    The format scales with trailing commas (``#,##0.0,,,`` shows billions) so the cells keep
    exact Rupiah.
    """
    if maximum >= 1e12:
        return "#,##0.0,,,,", "Triliun Rp"
    if maximum >= 1e9:
        return "#,##0.0,,,", "Miliar Rp"
    if maximum >= 1e6:
        return "#,##0.0,,", "Juta Rp"
    return "#,##0", "Rp"


def _label(col) -> Label:
    from ..labels import VOCABULARY

    base = VOCABULARY.get(col.key)
    return Label(col.title, col.unit, col.kind if col.kind in NUMBER_FORMATS else "general",
                 col.meaning or (base.meaning if base else ""),
                 ident=bool(base and base.ident))


def table_labels(table: Table) -> dict[str, Label]:
    """The workbook labels of a model table's columns (title, unit, format, meaning)."""
    return {c.key: _label(c) for c in table.columns}


def monev_charts(trend: Table | None, budget: Table | None) -> list[ExcelChart]:
    """The native charts of the monev data tables (trend per indicator, budget by source).

    Parameters
    ----------
    trend : Table, optional
        The monev report's ``tren_indikator`` table (:func:`trend_table`).
    budget : Table, optional
        Its ``anggaran_per_sumber`` table (:func:`budget_by_source`).

    Returns
    -------
    list of ExcelChart
        Anchored on :data:`CHART_SHEET`; data on :data:`TREND_SHEET` and
        :data:`BUDGET_SHEET`.
    """
    charts: list[ExcelChart] = []
    if trend is not None and len(trend.columns) > 1:
        titles = {c.key: c for c in trend.columns}
        for title, cs in TREND_CHARTS.values():
            present = [c for c in cs if f"nilai_{c}" in titles]
            if not present:
                continue
            series = []
            for i, code in enumerate(present):
                color = LINE_COLORS[i % len(LINE_COLORS)]
                series.append(ChartSeries(f"nilai_{code}", titles[f"nilai_{code}"].title,
                                          color, "line"))
                if trend.data[f"target_{code}"].notna().any():
                    series.append(ChartSeries(f"target_{code}",
                                              titles[f"target_{code}"].title, color, "target"))
            unit = titles[f"nilai_{present[0]}"].unit
            charts.append(ExcelChart(
                "line", f"{title}: tren dan target", TREND_SHEET, "tahun", tuple(series),
                y_title=unit, y_format="0", y_max=100.0 if unit.startswith("%") else None,
                anchor_sheet=CHART_SHEET))
    if budget is not None and len(budget.columns) > 2:
        sources = [c for c in budget.columns if c.key not in ("tahun", "total_rp")]
        total = budget.data.get("total_rp")
        y_format, y_title = rupiah_axis(float(total.max()) if total is not None and len(total)
                                        else 0.0)
        kind = budget.note.split(" ", 1)[0] if budget.note else "Realisasi"
        charts.append(ExcelChart(
            "stacked_column", f"{kind} anggaran sanitasi menurut sumber dana", BUDGET_SHEET,
            "tahun", tuple(ChartSeries(c.key, c.title, SOURCE_COLORS.get(c.title), "column")
                           for c in sources),
            y_title=y_title, y_format=y_format, anchor_sheet=CHART_SHEET))
    return charts


def tabel_workbook(area: Report, monev: Report | None = None
                   ) -> tuple[dict[str, pd.DataFrame], list[ExcelChart],
                              dict[str, dict[str, Label]]]:
    """Sheets, charts and per-sheet column labels of ``tabel.xlsx``, from the report models.

    Order: the area-berisiko tables (in report order, then *Sumber Data*), then (with monev
    charts) the chart sheet :data:`CHART_SHEET`, then every monev table prefixed ``Monev``,
    then the chart data sheets. Every sheet's columns are the model's keys (row 2) and titles
    with units (row 1).

    Parameters
    ----------
    area : Report
        The area-berisiko report.
    monev : Report, optional
        The monev report.

    Returns
    -------
    (dict, list, dict)
        Sheet title → DataFrame; charts; sheet title → {key → Label} for
        :func:`ppsp_analysis.io.writers.write_excel`.
    """
    sheets: dict[str, pd.DataFrame] = {}
    labels: dict[str, dict[str, Label]] = {}

    def add(title: str, table: Table) -> None:
        sheets[title] = table.data
        labels[title] = table_labels(table)

    for t in [*area.tables(), *[x for x in area.extra_tables
                                if x.name not in (TREND, BUDGET)]]:
        add(t.title, t)
    charts: list[ExcelChart] = []
    if monev is not None:
        data = {t.name: t for t in monev.extra_tables}
        charts = monev_charts(data.get(TREND), data.get(BUDGET))
        if charts:
            sheets[CHART_SHEET] = pd.DataFrame()
        for t in monev.tables():
            add(f"Monev {t.title}", t)
        for name in (TREND, BUDGET):
            if name in data:
                add(data[name].title, data[name])
    return sheets, charts, labels


TREND = "tren_indikator"
BUDGET = "anggaran_per_sumber"
