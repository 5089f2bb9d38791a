"""The monev report: its words, its sections, its tables and charts (pure).

:func:`monev_report` is the one place where what this report says is written and where its
sections are chosen; the notebook ``laporan_monev.ipynb`` calls it and every rendering walks
its result. :func:`compute_package_monev` computes the monev of a scored package and
:func:`monev_figures` draws its charts (matplotlib Figures; saving them is
:mod:`ppsp_analysis.io`'s job).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import fmt
from ..funding.lokus import class_lokus_table
from ..funding.summary import (
    FundingInput,
    FundingReport,
    compute_funding,
    tabel_5_1_table,
    tabel_5_2_table,
)
from ..monev import MonevInput, compute_monev, monev_summary
from ..monev.budget import COMPONENT_LABELS
from ..monev.catalogue import indicator_catalogue
from ..monev.summary import MonevReport
from ..package import InputPackage
from ..pipeline import ScoredResult
from .area import SINTETIS, adapt_table, report_meta, words_for
from .excel import BUDGET_SHEET, TREND_CHARTS, TREND_SHEET, budget_by_source, trend_table
from .model import (
    Bullets,
    Figure,
    KeyNumber,
    KeyNumbers,
    Paragraph,
    Report,
    Section,
    Table,
    table_from_frame,
)

__all__ = ["MONEV_FIGURES", "TITLE", "compute_package_funding", "compute_package_monev",
           "monev_figures", "monev_report", "monev_year"]

TITLE = "Laporan Monitoring dan Evaluasi Sanitasi"

MONEV_FIGURES: dict[str, str] = {
    "grafik_status": "Status capaian indikator terhadap target",
    "grafik_tren_sanitasi": "Tren akses sanitasi dan target",
    "grafik_tren_sampah": "Tren pengurangan dan penanganan sampah",
    "grafik_tangga_air_limbah": "Tangga akses air limbah domestik per kecamatan",
    "grafik_tangga_air_minum": "Tangga akses air minum per kecamatan",
    "grafik_tangga_persampahan": "Pengelolaan sampah per kecamatan",
    "grafik_realisasi": "Rencana dan realisasi program",
    "grafik_sumber_dana": "Realisasi menurut sumber dana",
    "grafik_sasaran": "Anggaran di desa prioritas",
    "peta_sasaran_air_limbah": "Sebaran anggaran air limbah domestik dan area berisiko",
}
"""Figure name → caption (before the unit word is fitted)."""

_LADDERS = (("air_limbah", "tangga_air_limbah",
             "Tangga Akses Air Limbah Domestik per Kecamatan"),
            ("air_minum", "tangga_air_minum", "Tangga Akses Air Minum per Kecamatan"),
            ("persampahan", "tangga_persampahan", "Pengelolaan Sampah per Kecamatan"))


def monev_year(pkg: InputPackage) -> int:
    """Reporting year of the monev: the latest year with access data, else Form 1's."""
    access = pkg.sheet("Akses")
    years = pd.to_numeric(access.get("tahun", pd.Series(dtype=float)), errors="coerce").dropna()
    return int(years.max()) if len(years) else pkg.tahun


def compute_package_monev(result: ScoredResult, pkg: InputPackage) -> MonevReport:
    """Every monev table of a scored package (priority threshold of ``result``'s method)."""
    inp = MonevInput.from_package(pkg, year=monev_year(pkg))
    threshold = int(result.method["area_berisiko"]["ambang_prioritas"])
    if inp.ambang_prioritas != threshold:  # the method actually used decides
        from dataclasses import replace

        inp = replace(inp, ambang_prioritas=threshold)
    return compute_monev(inp, result.desa)


def compute_package_funding(result: ScoredResult, m: MonevReport,
                            today: dt.date | None = None) -> FundingReport | None:
    """The funding tables of a scored package (need, capacity, commitments, gaps, stunting
    overlay; :func:`ppsp_analysis.funding.compute_funding`) from the sheets the monev read and
    the method's ``pendanaan`` options; ``None`` when the package cannot give them.

    Parameters
    ----------
    result : ScoredResult
    m : MonevReport
        :func:`compute_package_monev` (its ``input`` carries the sheets).
    today : date, optional
        Date follow-ups are late against (default: today).
    """
    if getattr(m, "input", None) is None:
        return None
    try:
        return compute_funding(FundingInput.from_monev(m.input), result.desa,
                               result.method["pendanaan"], today)
    except (KeyError, ValueError):
        return None


def _has_values(series: pd.DataFrame, indicators: list[str]) -> bool:
    if series is None or series.empty or "indikator" not in series:
        return False
    rows = series[series["indikator"].isin(indicators)]
    return bool(len(rows)) and bool(rows["nilai"].notna().any())


def monev_figures(m: MonevReport, result: ScoredResult, pkg: InputPackage) -> dict:
    """The monev charts as matplotlib Figures, keyed by name (:data:`MONEV_FIGURES`)."""
    from ..monev import charts
    from ..monev.maps import targeting_map

    cls, units = words_for(result)
    note = "DATA SINTETIS — bukan data resmi" if pkg.sintetis else None
    figs = {}
    trends = {"grafik_tren_sanitasi": ["sanitasi_layak", "sanitasi_aman", "babs_terbuka"],
              "grafik_tren_sampah": ["sampah_dikurangi", "sampah_ditangani"]}
    if len(m.progress) and m.progress["target"].notna().any():
        figs["grafik_status"] = charts.status_chart(m.progress, note=note)
    for key, indicators in trends.items():
        if _has_values(m.series, indicators):
            figs[key] = charts.trend_chart(m.series, indicators, targets=m.targets,
                                           progress=m.progress, note=note)
    for comp in ("air_limbah", "air_minum", "persampahan"):
        kec = m.ladders[comp]["kecamatan"]
        if len(kec):
            figs[f"grafik_tangga_{comp}"] = charts.ladder_chart(
                kec, comp, kabupaten_ladder=m.ladders[comp]["kabupaten"], note=note,
                units=units)
    program = pkg.sheet("Program")
    if len(program) and program["realisasi_rp"].notna().any():
        figs["grafik_realisasi"] = charts.realisation_chart(program, note=note)
        figs["grafik_sumber_dana"] = charts.funding_source_chart(program, note=note)
    if m.targeting is not None and len(m.targeting):
        figs["grafik_sasaran"] = charts.targeting_chart(m.targeting, note=note, classes=cls,
                                                        units=units)
    if len(program) and program["realisasi_rp"].notna().any():
        figs["peta_sasaran_air_limbah"] = targeting_map(
            result.desa, program, "air_limbah", note=note, kab_name=pkg.nama, classes=cls,
            units=units)
    return figs


# --------------------------------------------------------------------------- words
def _value(s: dict, key: str, catalogue: pd.DataFrame) -> str:
    unit = str(catalogue.loc[key, "satuan"]) if key in catalogue.index else ""
    kind = "pct" if unit.startswith("%") else "rp" if unit.startswith("Rp") else "number"
    if unit.startswith("Rp/"):
        return f"{fmt.rupiah(s.get(key))} per {unit.split('/', 1)[1]}" if s.get(key) is not None \
            else fmt.MISSING
    return fmt.with_unit(s.get(key), unit, kind)


def _year_note(monev_year: int | None, analysis_year: int | None) -> list[str]:
    """Why the monev report's year differs from the area report's (same package, same run).

    >>> _year_note(2025, 2026)[0][:60]
    'Tahun laporan monev ini 2025, tahun terakhir yang sudah memi'
    >>> _year_note(2026, 2026)
    []
    """
    if monev_year is None or analysis_year is None or int(monev_year) == int(analysis_year):
        return []
    return [f"Tahun laporan monev ini {fmt.year(monev_year)}, tahun terakhir yang sudah "
            f"memiliki data capaian (sheet Akses). Laporan area berisiko dari paket yang sama "
            f"memakai tahun analisis {fmt.year(analysis_year)} (Form1): area berisiko "
            f"ditetapkan untuk tahun {fmt.year(analysis_year)}, sedangkan monev menilai "
            "capaian tahun yang sudah selesai dan tercatat."]


def _paragraphs(s: dict, meta: dict, catalogue: pd.DataFrame, cls, units) -> list[str]:
    v = lambda key: _value(s, key, catalogue)  # noqa: E731
    st = lambda key: s.get(f"status_{key}") or "tanpa target"  # noqa: E731
    out = [
        f"Data akses terakhir tahun {fmt.year(s.get('tahun_data_akses'))}: akses sanitasi "
        f"layak {v('sanitasi_layak')} (status: {st('sanitasi_layak')}), sanitasi aman "
        f"{v('sanitasi_aman')} ({st('sanitasi_aman')}), BABS di tempat terbuka "
        f"{v('babs_terbuka')} ({st('babs_terbuka')}). Air minum layak {v('air_minum_layak')} "
        f"({st('air_minum_layak')}), air minum aman {v('air_minum_aman')} "
        f"({st('air_minum_aman')}).",
        units.adapt(
            f"Sampah dikurangi {v('sampah_dikurangi')} dan ditangani {v('sampah_ditangani')}; "
            f"KK terlayani pengangkutan sampah {v('sampah_terlayani')}. Desa ODF "
            f"{v('desa_odf')}, desa STBM {v('desa_stbm')}; luas genangan {v('genangan_ha')}."),
        f"APBD murni untuk sanitasi {v('apbd_murni_sanitasi')}, belanja sanitasi "
        f"{v('belanja_sanitasi_per_kapita')}; realisasi program {v('realisasi_program')}, "
        f"dengan porsi O&M {v('porsi_om')}.",
    ]
    if s.get("anggaran_desa_prioritas") is not None:
        out.append(units.adapt(
            f"Dari realisasi anggaran yang berlokasi di desa, "
            f"{fmt.percent(s['anggaran_desa_prioritas'])} jatuh di "
            f"desa prioritas ({cls.teks_prioritas} untuk komponen kegiatannya)."))
    if s.get("desa_prioritas_lokus_stunting") is not None:
        out.append(units.adapt(
            f"{units.n(s['desa_prioritas_lokus_stunting'])} dari "
            f"{units.n(s.get('desa_prioritas_gabungan'))} prioritas (gabungan) juga merupakan "
            "desa lokus stunting."))
    if s.get("komitmen_total_rp") is not None:
        out.append(f"Komitmen pendanaan yang tercatat {fmt.rupiah(s['komitmen_total_rp'])}, "
                   f"{fmt.rupiah(s.get('komitmen_terealisasi_rp'))} di antaranya terealisasi.")
    counts = (s.get("jumlah_sesuai_jalur"), s.get("jumlah_berisiko"),
              s.get("jumlah_tidak_sesuai_jalur"))
    if any(counts):
        out.append(f"Dari indikator yang punya target, {fmt.integer(counts[0])} sesuai jalur, "
                   f"{fmt.integer(counts[1])} berisiko dan {fmt.integer(counts[2])} tidak "
                   "sesuai jalur.")
    if meta.get("sintetis"):
        out.append(SINTETIS)
    return out


def _key_numbers(s: dict, catalogue: pd.DataFrame, units) -> list[KeyNumber]:
    out = []
    for key in ("sanitasi_layak", "sanitasi_aman", "babs_terbuka", "air_minum_layak",
                "sampah_ditangani", "desa_odf", "apbd_murni_sanitasi", "realisasi_program",
                "anggaran_desa_prioritas"):
        if s.get(key) is None:
            continue
        name = str(catalogue.loc[key, "nama"]) if key in catalogue.index else key
        unit = str(catalogue.loc[key, "satuan"]) if key in catalogue.index else ""
        out.append(KeyNumber(key, units.adapt(name), s[key], units.adapt(unit),
                             "pct" if unit.startswith("%") else "number"))
    return out


# --------------------------------------------------------------------------- tables
def _komponen(df: pd.DataFrame) -> pd.DataFrame:
    if "komponen" in df.columns:
        df = df.copy()
        df["komponen"] = df["komponen"].map(lambda c: COMPONENT_LABELS.get(c, c))
    return df


def _t(name: str, title: str, df: pd.DataFrame, units, labels=None, note: str = "") -> Table:
    return adapt_table(table_from_frame(name, title, _komponen(df).reset_index(drop=True),
                                        labels, note), units)


_PARTY_LABELS = {"jenis_pihak": ("Jenis pihak", "", "text")}
_CLASS_LOKUS_LABELS = {
    "kelas": ("Kelas area berisiko (gabungan)", "", "text"),
    "prioritas": ("Prioritas", "", "text"),
    "jumlah_desa": ("Jumlah desa", "", "count"),
    "desa_lokus": ("Desa lokus stunting", "", "count"),
    "desa_bukan_lokus": ("Desa bukan lokus", "", "count"),
    "kk_belum_layak": ("KK belum akses layak", "KK", "count"),
    "kk_belum_layak_lokus": ("KK belum akses layak di desa lokus", "KK", "count"),
    "biaya_tutup_celah_lokus_rp": ("Biaya menutup celah di desa lokus", "Rp", "rp")}


def _funding_tables(result: ScoredResult, fr: FundingReport | None, units,
                    cls) -> dict[str, Table]:
    """The funding tables of the monev report (:mod:`ppsp_analysis.funding`): SSK tables 5.1
    and 5.2, the commitment tracker (committed vs realised per stakeholder type, late
    follow-ups) and the stunting overlay (priority × lokus, risk class × lokus); empty when the
    funding need cannot be computed from the package."""
    if fr is None:
        return {}
    out = {"tabel_5_1": _t("tabel_5_1", "Rekapitulasi Indikasi Kebutuhan Biaya (setara "
                           "tabel 5.1 SSK)", tabel_5_1_table(fr), units),
           "tabel_5_2": _t("tabel_5_2", "Kebutuhan, Komitmen dan Celah per Sumber Dana "
                           "(setara tabel 5.2 SSK)", tabel_5_2_table(fr), units),
           "komitmen_per_pihak": _t(
               "komitmen_per_pihak", "Komitmen dan Realisasi per Jenis Pihak",
               fr.parties.reset_index().round(1), units, _PARTY_LABELS,
               note="Dikomitmenkan = komitmen berstatus "
                    f"{', '.join(fr.options.get('status_komitmen') or [])} (opsi "
                    "pendanaan.status_komitmen); nilai per tahap pipeline."),
           "tindak_lanjut_terlambat": _t(
               "tindak_lanjut_terlambat", "Tindak Lanjut Komitmen yang Terlambat",
               fr.overdue, units,
               note="Terlambat: tenggat tindak lanjut sudah lewat, atau tahun anggaran berakhir "
                    "sebelum komitmen masuk DPA (belum terealisasi).")}
    if fr.overlay is not None:
        summary = fr.overlay_summary.copy()
        out["lokus_kategori"] = _t(
            "lokus_kategori", "Desa Prioritas × Lokus Stunting: KK Belum Layak dan Biaya",
            summary, units, note=f"Prioritas = {cls.teks_prioritas} kelas gabungan; biaya = KK "
            "belum akses sanitasi layak × biaya per KK campuran teknologi (opsi "
            "pendanaan.target_kebutuhan).")
        by_class = class_lokus_table(fr.overlay, cls.jumlah, cls.ambang_prioritas)
        by_class["kelas"] = [cls.judul(int(k)) if pd.notna(k) else "Tanpa kelas"
                             for k in by_class["kelas"]]
        by_class["prioritas"] = by_class["prioritas"].map(
            {True: "ya", False: "tidak"}).fillna(fmt.MISSING)
        out["kelas_lokus"] = _t("kelas_lokus", "Kelas Area Berisiko × Lokus Stunting",
                                by_class, units, _CLASS_LOKUS_LABELS)
    return out


def _tables(m: MonevReport, units) -> dict[str, Table]:
    out: dict[str, Table] = {}
    progress = m.progress[["nama", "satuan", "tahun_terakhir", "nilai_terakhir", "tahun_target",
                           "target", "sumber_target", "laju_diperlukan", "laju_teramati",
                           "status"]].round(2) if len(m.progress) else pd.DataFrame(
        columns=["nama", "satuan", "nilai_terakhir", "status"])
    for col in ("nama", "satuan"):  # catalogue words ("Desa ODF", "% desa") fitted
        if col in progress:
            progress[col] = progress[col].map(lambda v: units.adapt(v) if isinstance(v, str)
                                              else v)
    out["status_capaian"] = _t("status_capaian", "Status Capaian terhadap Target", progress,
                               units)
    for comp, name, title in _LADDERS:
        t = m.ladders[comp]["kecamatan"]
        t = t[t["tahun"] == t["tahun"].max()] if len(t) else t
        cols = ["nama_unit", "tahun", *[c for c in t.columns if c.startswith("pct_")]]
        out[name] = _t(name, title, t[cols].round(1) if len(t) else
                       pd.DataFrame(columns=["nama_unit", "tahun"]), units)
    ds = m.drainage_stbm["kecamatan"]
    ds = ds[[c for c in ds.columns if c not in ("tingkat", "kode_unit")]].round(1)
    out["drainase_stbm"] = _t("drainase_stbm", "Drainase dan Desa ODF/STBM", ds, units)
    out["program"] = _t("program", "Program: Rencana dan Realisasi", m.program.round(1), units)
    out["anggaran"] = _t("anggaran", "Anggaran Sanitasi dan APBD Murni",
                         m.budget.drop(columns="_baris", errors="ignore").round(2), units)
    out["rekap_komitmen"] = _t("rekap_komitmen", "Rekap Komitmen",
                               m.commitment_summary.reset_index().round(1), units)
    com = m.commitments.drop(columns=["label_komponen"], errors="ignore")
    out["komitmen"] = _t("komitmen", "Komitmen Pendanaan", com, units)
    if m.targeting is not None:
        out["sasaran"] = _t("sasaran", "Anggaran di Desa Prioritas", m.targeting.round(1), units)
    if m.stunting is not None:
        out["stunting"] = _t("stunting", "Desa Prioritas dan Lokus Stunting",
                             m.stunting.round(1), units)
    targets = m.targets.copy()
    out["target"] = _t("target", "Target yang Dipakai", targets, units,
                       {"indikator": ("Kode indikator", "", "kode"),
                        "nilai": ("Nilai target", "satuan indikator", "number"),
                        "sumber": ("Sumber target", "", "text")})
    return out


def chart_tables(m: MonevReport, units, sources: list[str]) -> list[Table]:
    """The workbook-only tables of the monev report: indicator trends and budget by source
    (the data of the native charts of ``tabel.xlsx``) and the sources."""
    catalogue = indicator_catalogue()
    codes = [c for _, cs in TREND_CHARTS.values() for c in cs]
    out = []
    trend, labels = trend_table(m.series, m.targets, catalogue, codes)
    if len(trend.columns) > 1:
        lab = {k: (v.title, v.unit, v.fmt) for k, v in labels.items()}
        lab["tahun"] = ("Tahun", "", "year")
        out.append(_t("tren_indikator", TREND_SHEET, trend, units, lab))
    budget, blabels, kind = budget_by_source(m.program)
    if len(budget.columns) > 2:
        lab = {k: (v.title, v.unit, v.fmt) for k, v in blabels.items()}
        lab["tahun"] = ("Tahun", "", "year")
        out.append(_t("anggaran_per_sumber", BUDGET_SHEET, budget, units, lab,
                      note=f"{kind} anggaran program sanitasi per sumber dana."))
    out.append(_t("sumber_data", "Sumber Data", pd.DataFrame({"sumber_data": sources}), units,
                  {"sumber_data": ("Sumber data", "", "text")}))
    return out


# --------------------------------------------------------------------------- the report
def monev_report(result: ScoredResult, pkg: InputPackage, monev: MonevReport | None = None,
                 *, funding: FundingReport | None = None,
                 figures: Mapping[str, str | Path] | None = None,
                 today: dt.date | None = None) -> Report:
    """The monev report of a scored package.

    Parameters
    ----------
    result : ScoredResult
        :func:`ppsp_analysis.score_package` of ``pkg``.
    pkg : InputPackage
        The package.
    monev : MonevReport, optional
        :func:`compute_package_monev` (computed here when not given).
    funding : FundingReport, optional
        :func:`compute_package_funding` (computed here when not given).
    figures : mapping, optional
        Figure name (:data:`MONEV_FIGURES`) → image path, relative to where the report will be
        saved; figures not given are left out.
    today : date, optional
        Report date (default: today).

    Returns
    -------
    Report
    """
    m = monev if monev is not None else compute_package_monev(result, pkg)
    cls, units = words_for(result)
    meta = report_meta(result, pkg, m.year, today)
    meta["versi_metode"] = f"{result.method['versi']}; katalog monev {m.catalogue_version}"
    summary = monev_summary(m)
    summary["ambang_prioritas"] = cls.ambang_prioritas
    summary["satuan_wilayah"] = units.kata
    catalogue = indicator_catalogue()
    tables = _tables(m, units)
    figures = {k: Path(v).as_posix() for k, v in (figures or {}).items()}
    say = units.adapt
    kab = pkg.nama

    def fig(name: str) -> list[Figure]:
        if name not in figures:
            return []
        return [Figure(name, say(f"{MONEV_FIGURES[name]} — {kab}"), figures[name])]

    def tab(name: str, empty: str = "Tidak ada data untuk tabel ini.") -> list:
        t = tables.get(name)
        if t is not None and len(t):
            return [t]
        return [Paragraph(say(empty))]

    fr = funding if funding is not None else compute_package_funding(result, m, today)
    funding_tables = _funding_tables(result, fr, units, cls)
    status_lines = [line.strip() for line in str(m.status_rule).splitlines() if line.strip()]
    warns = list(m.warnings)  # then the funding's own cautions (stale prices, unknown codes …)
    for w in fr.warnings if fr is not None else []:
        if (w.sheet, w.message) not in {(x.sheet, x.message) for x in warns}:
            warns.append(w)
    notes = [say(w.message if not w.sheet else f"[{w.sheet}] {w.message}") for w in warns]
    sections = [
        Section("Ringkasan", [
            *[Paragraph(p) for p in _year_note(m.year, pkg.tahun)],
            *[Paragraph(p) for p in _paragraphs(summary, meta, catalogue, cls, units)],
            KeyNumbers(), *fig("grafik_status")]),
        Section("Capaian terhadap Target", [
            Paragraph("Nilai terakhir tiap indikator, target (SSK bila ada, selain itu target "
                      "nasional) dan laju per tahun yang diperlukan dibandingkan dengan tren "
                      "yang teramati."),
            *tab("status_capaian", "Belum ada indikator dengan data (sheet Akses kosong)."),
            *fig("grafik_tren_sanitasi"), *fig("grafik_tren_sampah")]),
        Section("Tangga Akses per Kecamatan", [
            Paragraph(say("Persentase KK per anak tangga akses, dijumlahkan dari desa "
                          "(tertimbang jumlah KK, bukan rata-rata persentase), tahun data "
                          "terakhir.")),
            *fig("grafik_tangga_air_limbah"),
            *tab("tangga_air_limbah", "Data akses sanitasi belum tersedia."),
            *fig("grafik_tangga_air_minum"),
            *tab("tangga_air_minum", "Data akses air minum belum tersedia."),
            *fig("grafik_tangga_persampahan"),
            *tab("tangga_persampahan", "Data pengelolaan sampah belum tersedia."),
            *tab("drainase_stbm", "Data genangan dan ODF/STBM belum tersedia.")]),
        Section("Program dan Anggaran", [
            Paragraph("Rencana dan realisasi per tahun, komponen, sumber dana dan jenis "
                      "belanja; APBD murni untuk sanitasi = belanja sanitasi − DAK sanitasi − "
                      "pinjaman/hibah."),
            *fig("grafik_realisasi"), *fig("grafik_sumber_dana"),
            *tab("anggaran", "Sheet Anggaran kosong."),
            *tab("program", "Sheet Program kosong.")]),
        Section("Komitmen Pendanaan", [
            Paragraph("Komitmen pendanaan para pihak per acara, menurut tahap (diusulkan → "
                      "disepakati → KUA-PPAS → DPA → terealisasi): yang dikomitmenkan dan yang "
                      "terealisasi per jenis pihak, tindak lanjut yang terlambat, dan daftar "
                      "lengkapnya."),
            *([funding_tables["komitmen_per_pihak"]] if funding_tables
              else tab("rekap_komitmen", "Sheet Komitmen kosong.")),
            *([funding_tables["tindak_lanjut_terlambat"]]
              if funding_tables and len(funding_tables["tindak_lanjut_terlambat"]) else []),
            *tab("komitmen", "Belum ada komitmen yang tercatat.")]),
        Section("Kebutuhan, Kapasitas dan Celah Pendanaan", [
            Paragraph("Indikasi kebutuhan biaya SSK per tahun dan komponen, kapasitas APBD murni "
                      "sanitasi dan proyeksinya, komitmen para pihak, dan celahnya (setara tabel "
                      "5.1 dan 5.2 SSK): celah 1 = kebutuhan − proyeksi APBD murni; celah 2 = "
                      "kebutuhan − komitmen. Rincian dan sumber biaya satuan ada di "
                      "lembar_advokasi.pdf dan tabel.xlsx."),
            *([funding_tables["tabel_5_1"], funding_tables["tabel_5_2"]] if funding_tables else
              [Paragraph("Kebutuhan pendanaan belum dapat dihitung (data Program, Target atau "
                         "Anggaran belum cukup).")])]),
        Section("Ketepatan Sasaran", [
            Paragraph(say(f"Berapa bagian anggaran yang berlokasi di desa jatuh di desa "
                          f"prioritas ({cls.teks_prioritas} untuk komponen kegiatan; PHBS "
                          "memakai kelas gabungan), dan berapa desa prioritas yang juga desa "
                          "lokus stunting.")),
            *fig("grafik_sasaran"), *fig("peta_sasaran_air_limbah"),
            *tab("sasaran", "Belum ada kegiatan berlokasi di desa."),
            *tab("stunting", "Data lokus stunting belum tersedia."),
            *[funding_tables[k] for k in ("lokus_kategori", "kelas_lokus")
              if k in funding_tables]]),
        Section("Catatan Data", [Bullets(tuple(notes)) if notes
                                 else Paragraph("Tidak ada catatan.")]),
        Section("Metode dan Asumsi", [
            Paragraph(f"Analisis mengikuti metode {meta['versi_metode']}. "
                      + say(f"Desa prioritas adalah desa dengan area berisiko "
                            f"{cls.teks_prioritas} (opsi area_berisiko.ambang_prioritas).")),
            *[Paragraph(line) for line in status_lines],
            *tab("target", "Tidak ada target yang dipakai.")]),
        Section("Sumber Data", [Bullets(tuple(meta["sumber_data"]))]),
    ]
    return Report("monev", TITLE, meta, _key_numbers(summary, catalogue, units), sections,
                  summary, extra_tables=chart_tables(m, units, meta["sumber_data"]))
