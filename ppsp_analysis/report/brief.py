"""The one-page advocacy brief for the TAPD and the Bupati: what it says (pure).

:func:`brief_report` is the one place where the brief's words and numbers are written. The
monev notebook (``notebooks/laporan_monev.ipynb``) builds it next to the monev report and saves
it as ``lembar_advokasi.laporan.json``; ``ppsp run`` renders ``lembar_advokasi.pdf`` (one A4
page: :mod:`ppsp_analysis.report.brief_pdf`, ``templates/lembar_advokasi.typ``, written by
:func:`ppsp_analysis.io.documents.write_brief`) and a slide of the deck
(:mod:`ppsp_analysis.report.slides`) from that model.

The model is a :class:`~ppsp_analysis.report.model.Report` of kind :data:`KIND`; its sections,
in this order (the PDF places each in its box, found by the table or figure it holds):

1. the headline — *Kebutuhan Rp A; APBD murni diperkirakan Rp B; celah Rp A − B; usulan Rp X
   pada KUA-PPAS tahun Y* (:attr:`~ppsp_analysis.funding.FundingReport.headline`), how A, B
   and X are computed, and the key numbers;
2. the funding chart (``grafik_pendanaan``: expected sources per year against the need, the
   uncovered gap shaded);
3. the priority × stunting-lokus map (``peta_lokus_stunting``) with the households and cost
   in desa that are both;
4. access against targets in households (``akses_kk``);
5. the five largest activities in desa that are priority and lokus, Rp per household
   (``kegiatan_prioritas_lokus``);
6. what is lost without an APBD line (``daya_ungkit``);
7. the APBD sanitation share trend (``grafik_porsi_apbd``);
8. the commitment pipeline (``status_komitmen``) and late follow-ups;
9. sources and how every figure is computed, with years (small print).

Every text says *desa*, *kelurahan* or *desa/kelurahan* as the codes say
(:class:`~ppsp_analysis.labels.UnitNames`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import fmt
from ..funding.lokus import BOTH, CATEGORIES
from ..funding.summary import FundingReport
from ..labels import UnitNames
from ..package import InputPackage
from ..pipeline import ScoredResult
from ..schema import STATUS_KOMITMEN
from .area import report_meta, words_for
from .model import Bullets, Figure, KeyNumber, KeyNumbers, Paragraph, Report, Section, Table
from .model import table_from_frame as _frame

__all__ = ["BRIEF_FIGURES", "FILE_NAME", "KIND", "MODEL_FILE", "TITLE", "brief_figures",
           "brief_report", "headline_text"]

KIND = "advokasi"
"""Kind of the brief's report model."""
TITLE = "Lembar Advokasi Pendanaan Sanitasi"
FILE_NAME = "lembar_advokasi.pdf"
MODEL_FILE = "lembar_advokasi.laporan.json"
"""Where the monev notebook saves the brief's model (beside itself)."""
FIGURE_DPI = 220
"""Resolution the brief's charts are saved at (they are printed small on A4)."""

BRIEF_FIGURES: dict[str, str] = {
    "grafik_pendanaan": "Sumber pendanaan terhadap kebutuhan per tahun",
    "peta_lokus_stunting": "Desa prioritas dan lokus stunting",
    "grafik_porsi_apbd": "Porsi APBD murni untuk sanitasi",
}
"""Figure name → section title (before the unit word is fitted)."""

_INDICATOR_SHORT = {"sanitasi_layak": "Sanitasi layak", "sanitasi_aman": "Sanitasi aman",
                    "sampah_terlayani": "Sampah terangkut", "babs_terbuka": "BABS terbuka"}
_TOTAL_LEVER = "Jumlah daya ungkit"


def headline_text(fr: FundingReport) -> str:
    """The headline sentence as plain text.

    Examples
    --------
    >>> class F:  # the fields the sentence reads
    ...     headline = {"kebutuhan_rp": 1.72e12, "apbd_murni_rp": 3.5e11, "celah_1_rp": 1.37e12,
    ...                 "usulan_rp": 4.5e10, "tahun_usulan": 2027}
    >>> import textwrap
    >>> print(textwrap.fill(headline_text(F()), 80))
    Kebutuhan Rp 1,72 triliun; APBD murni diperkirakan Rp 350 miliar; celah Rp 1,37
    triliun; usulan Rp 45 miliar pada KUA-PPAS tahun 2027.
    """
    h = fr.headline
    gap = h["celah_1_rp"]
    rp = fmt.rupiah
    gap_text = (f"celah {rp(gap)}" if gap > 0 else
                f"tidak ada celah (APBD murni lebih {rp(-gap)})")
    return (f"Kebutuhan {rp(h['kebutuhan_rp'])}; APBD murni diperkirakan "
            f"{rp(h['apbd_murni_rp'])}; {gap_text}; usulan {rp(h['usulan_rp'])} pada "
            f"KUA-PPAS tahun {h['tahun_usulan']}.")


def short_name(name: str, limit: int = 42) -> str:
    """An activity name without its parenthesised or comma-separated detail, at most
    ``limit`` characters (the brief's table is narrow).

    Examples
    --------
    >>> short_name("Tangki septik individual (SPALD-S), perdesaan, DAK swakelola KSM")
    'Tangki septik individual'
    """
    short = name.split(" (")[0].split(",")[0].strip() or name
    return short if len(short) <= limit else short[:limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- figures
def brief_figures(fr: FundingReport, result: ScoredResult, pkg: InputPackage) -> dict:
    """The brief's charts as matplotlib Figures: ``grafik_pendanaan`` (sources vs need),
    ``grafik_porsi_apbd`` (APBD share trend) and, with desa polygons and an overlay,
    ``peta_lokus_stunting`` (priority × lokus). Save them at :data:`FIGURE_DPI`."""
    from ..funding.charts import apbd_share_chart, funding_chart, lokus_map

    note = "DATA SINTETIS" if pkg.sintetis else None
    figs = {"grafik_pendanaan": funding_chart(fr, note=note),
            "grafik_porsi_apbd": apbd_share_chart(fr.budget)}
    desa = result.desa
    if fr.overlay is not None and "geometry" in getattr(desa, "columns", []):
        _, units = words_for(result)
        figs["peta_lokus_stunting"] = lokus_map(desa, fr.overlay, note=note, units=units)
    return figs


# --------------------------------------------------------------------------- blocks
def _headline_section(fr: FundingReport, units: UnitNames) -> Section:
    h = fr.headline
    rp = fmt.rupiah
    rule = (f"celah pendanaan 1 tahun {h['tahun_usulan']} (opsi pendanaan.usulan = celah_1)"
            if h["usulan_aturan"] == "celah_1" else
            f"kebutuhan bersumber APBD Kabupaten tahun {h['tahun_usulan']} "
            f"({rp(h['kebutuhan_apbd_tahun_usulan_rp'])}) dikurangi komitmen APBD yang sudah "
            f"masuk KUA-PPAS/DPA ({rp(h['komitmen_apbd_dianggarkan_rp'])})")
    note = (f"Periode SSK {fr.period.label}. A = investasi {rp(h['kebutuhan_investasi_rp'])} + "
            f"O&M aset baru {rp(h['kebutuhan_om_rp'])}; B = APBD murni sanitasi (realisasi/"
            f"proyeksi); celah = A − B; komitmen para pihak {rp(h['komitmen_rp'])} (celah "
            f"setelah komitmen {rp(h['celah_2_rp'])}). X = {rule}.")
    return Section("Kebutuhan, Kapasitas dan Celah Pendanaan",
                   [Paragraph(headline_text(fr)), Paragraph(note), KeyNumbers()])


def _key_numbers(fr: FundingReport) -> list[KeyNumber]:
    h = fr.headline
    p = fr.period.label
    return [KeyNumber("kebutuhan_rp", f"Kebutuhan SSK {p} (A)", h["kebutuhan_rp"], "Rp", "rp"),
            KeyNumber("apbd_murni_rp", f"APBD murni sanitasi {p}, perkiraan (B)",
                      h["apbd_murni_rp"], "Rp", "rp"),
            KeyNumber("celah_1_rp", "Celah pendanaan (A − B)", h["celah_1_rp"], "Rp", "rp"),
            KeyNumber("usulan_rp", f"Usulan pada KUA-PPAS tahun {h['tahun_usulan']} (X)",
                      h["usulan_rp"], "Rp", "rp"),
            KeyNumber("tahun_usulan", "Tahun KUA-PPAS (Y)", h["tahun_usulan"], "", "year"),
            KeyNumber("komitmen_rp", "Komitmen para pihak", h["komitmen_rp"], "Rp", "rp"),
            KeyNumber("celah_2_rp", "Celah setelah komitmen", h["celah_2_rp"], "Rp", "rp")]


def _classes(cls) -> str:
    """``kelas gabungan 3–4`` (the method's priority classes)."""
    return f"kelas gabungan {cls.teks_prioritas.removeprefix('kelas ')}"


def _overlay_numbers(fr: FundingReport) -> dict:
    s = fr.overlay_summary
    if s is None:
        return {}
    both = s[s["kategori"] == BOTH]
    return {"desa_prioritas": int(s.loc[s["kategori"].isin(CATEGORIES[:2]),
                                        "jumlah_desa"].sum()),
            "desa_prioritas_lokus": int(both["jumlah_desa"].sum()),
            "kk_belum_layak_prioritas_lokus": float(both["kk_belum_layak"].sum()),
            "biaya_prioritas_lokus_rp": float(both["biaya_tutup_celah_rp"].sum())}


def _map_section(fr: FundingReport, figures: Mapping[str, str], units: UnitNames,
                 cls) -> Section:
    say = units.adapt
    n = _overlay_numbers(fr)
    blocks: list = []
    if "peta_lokus_stunting" in figures:
        blocks.append(Figure("peta_lokus_stunting", say(
            f"Desa prioritas ({_classes(cls)}) × desa lokus stunting. "
            "Sumber: skor area berisiko; Form2 dan sheet LokusStunting (SK Bupati)."),
            figures["peta_lokus_stunting"]))
    if n:
        text = (f"{units.n(n['desa_prioritas'])} prioritas ({_classes(cls)}), "
                f"{fmt.integer(n['desa_prioritas_lokus'])} di antaranya lokus stunting: "
                f"{fmt.integer(round(n['kk_belum_layak_prioritas_lokus']))} KK belum akses "
                f"sanitasi layak, perlu {fmt.rupiah(n['biaya_prioritas_lokus_rp'])}.")
    else:
        text = "Tabel skor tidak tersedia: tumpang susun lokus stunting tidak dapat dihitung."
    blocks.append(Paragraph(text))
    return Section(say(BRIEF_FIGURES["peta_lokus_stunting"]), blocks)


def _access_table(fr: FundingReport) -> Table:
    a = fr.access_gap
    df = pd.DataFrame({
        "indikator": [_INDICATOR_SHORT.get(c, n) for c, n in zip(a["indikator"], a["nama"],
                                                                  strict=True)],
        "pct_capaian": a["pct_capaian"].astype(float).round(1),
        "tahun_data": a["tahun_data"], "pct_target": a["pct_target"].astype(float),
        "tahun_target": a["tahun_target"],
        "kk_belum_terlayani": a["kk_belum_terlayani"].astype(float).round(0),
        "kk_perlu_dilayani": a["kk_perlu_dilayani"].astype(float).round(0)})
    labels = {"indikator": ("Indikator", "", "text"), "pct_capaian": ("Capaian", "%", "pct"),
              "tahun_data": ("Tahun data", "", "year"), "pct_target": ("Target", "%", "pct"),
              "tahun_target": ("Tahun target", "", "year"),
              "kk_belum_terlayani": ("Belum terlayani", "KK", "count"),
              "kk_perlu_dilayani": (f"Perlu dilayani {fr.period.label}", "KK", "count")}
    return _frame("akses_kk", "Akses terhadap Target (KK)", df, labels, note=(
        "Sumber: sheet Akses (tahun data), sheet Target (SSK) atau target nasional. Perlu "
        "dilayani = KK baru agar sesuai jalur target, termasuk pertumbuhan KK."))


def _top_table(fr: FundingReport, units: UnitNames) -> Table:
    top = fr.top_activities if fr.top_activities is not None else pd.DataFrame(
        columns=["nama_kegiatan", "nama_desa", "nama_kec", "volume", "satuan",
                 "kk_terlayani", "kebutuhan_rp", "rp_per_kk"])
    df = pd.DataFrame({
        "kegiatan": [short_name(str(x)) for x in top["nama_kegiatan"]],
        "nama_desa": top["nama_desa"].astype(object), "nama_kec": top["nama_kec"].astype(object),
        "volume": pd.to_numeric(top["volume"], errors="coerce").round(0),
        "satuan": top["satuan"].astype(object),
        "kk_terlayani": pd.to_numeric(top["kk_terlayani"], errors="coerce").round(0),
        "kebutuhan_rp": pd.to_numeric(top["kebutuhan_rp"], errors="coerce"),
        "rp_per_kk": pd.to_numeric(top["rp_per_kk"], errors="coerce")})
    labels = {"kegiatan": ("Kegiatan", "", "text"), "nama_desa": (units.Kata, "", "text"),
              "nama_kec": ("Kecamatan", "", "text"), "volume": ("Volume", "", "count"),
              "satuan": ("Satuan", "", "text"), "kk_terlayani": ("KK", "", "count"),
              "kebutuhan_rp": ("Biaya", "Rp", "rp"), "rp_per_kk": ("Rp/KK", "", "rp")}
    return _frame("kegiatan_prioritas_lokus", units.adapt(
        "Lima Kegiatan Terbesar di Desa Prioritas dan Lokus Stunting"), df, labels,
        note=units.adapt("Sumber: kebutuhan periode SSK per kegiatan dan desa (sheet Program, "
                         "kebutuhan berbasis target). Rp/KK = biaya ÷ KK terlayani."))


def _leverage_section(fr: FundingReport) -> Section:
    lv = fr.leverage
    rows = lv[lv["uraian"] != _TOTAL_LEVER]
    total = lv[lv["uraian"] == _TOTAL_LEVER]
    df = rows[["uraian", "nilai_daya_ungkit_rp", "syarat", "syarat_apbd_rp"]]
    table = _frame("daya_ungkit", "Yang Hilang bila Pos APBD Tidak Ada", df, {
        "uraian": ("Uraian", "", "text"), "nilai_daya_ungkit_rp": ("Nilai", "Rp", "rp"),
        "syarat": ("Syarat", "", "text"), "syarat_apbd_rp": ("Pos APBD", "Rp", "rp")})
    amount = float(total["nilai_daya_ungkit_rp"].iloc[0]) if len(total) else 0.0
    return Section("Yang hilang bila pos APBD tidak ada", [
        table, Paragraph(f"Jumlah yang hilang: {fmt.rupiah(amount)}")])


def _share_section(fr: FundingReport, figures: Mapping[str, str]) -> Section:
    share = (fr.budget.dropna(subset=["pct_apbd_murni_sanitasi"]) if len(fr.budget)
             else fr.budget)
    text = "Data sheet Anggaran belum ada."
    if len(share):
        first, last = share.iloc[0], share.iloc[-1]
        text = (f"{fmt.percent(first['pct_apbd_murni_sanitasi'], 2)} ({int(first['tahun'])}) "
                f"→ {fmt.percent(last['pct_apbd_murni_sanitasi'], 2)} ({int(last['tahun'])}) "
                "dari total APBD; kisaran umum kab/kota 1–4% (bukan target). Sumber: sheet "
                "Anggaran.")
    blocks: list = ([Figure("grafik_porsi_apbd", text, figures["grafik_porsi_apbd"])]
                    if "grafik_porsi_apbd" in figures else [Paragraph(text)])
    return Section(BRIEF_FIGURES["grafik_porsi_apbd"], blocks)


def _commitment_section(fr: FundingReport) -> Section:
    p = fr.pipeline[fr.pipeline["status"].isin(STATUS_KOMITMEN)]
    table = _frame("status_komitmen", "Status Komitmen", p[["status", "jumlah_komitmen",
                                                            "nilai_rp"]],
                   {"status": ("Tahap", "", "text"),
                    "jumlah_komitmen": ("Komitmen", "", "count"),
                    "nilai_rp": ("Nilai", "Rp", "rp")},
                   note="Sumber: sheet Komitmen (pelacak komitmen per acara).")
    parties = fr.parties
    committed = float(parties.loc["Jumlah", "dikomitmenkan_rp"]) if "Jumlah" in parties.index \
        else 0.0
    realised = float(parties.loc["Jumlah", "terealisasi_rp"]) if "Jumlah" in parties.index \
        else 0.0
    summary = (f"Dikomitmenkan {fmt.rupiah(committed)}; terealisasi {fmt.rupiah(realised)}"
               + (f" ({fmt.percent(realised / committed * 100, 0)})" if committed else "") + ".")
    late = fr.overdue
    late_text = "Tidak ada tindak lanjut yang terlambat."
    if len(late):
        first = late.iloc[0]
        late_text = (f"{fmt.integer(len(late))} tindak lanjut terlambat; terlama: "
                     f"{first['pihak']} ({fmt.integer(int(first['hari_terlambat']))} hari, "
                     f"{first['alasan_terlambat']}).")
    return Section("Status komitmen", [table, Paragraph(summary), Paragraph(late_text)])


def _sources(fr: FundingReport, cls, units: UnitNames, method_version: str,
             today: dt.date) -> list[str]:
    g = fr.growth
    opts = fr.options
    items = []
    for _, r in fr.catalogue.iterrows():
        year = "" if pd.isna(r["tahun_harga"]) else f" {int(r['tahun_harga'])}"
        where = (str(r["sumber_harga"]) if r["asal_harga"] == "instrumen"
                 else f"{r['wilayah']}{year}" if "wilayah" in r and str(r["wilayah"]).strip()
                 else f"katalog{year}")
        items.append(f"{r['item']} {fmt.rupiah(r['biaya_satuan_rp'])}/{r['satuan']} ({where})")
    basis = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in fr.basis.items()) or "–"
    years = (f"{int(fr.budget['tahun'].min())}–{int(fr.budget['tahun'].max())}"
             if len(fr.budget) else "–")
    cost_kk = fr.overlay.attrs.get("rp_per_kk") if fr.overlay is not None else None
    lines = [
        f"A: kegiatan SSK (sheet Program) dan KK menuju target (sheet Target; data dasar "
        f"sheet Akses) × biaya satuan, harga berjalan; dasar: {basis}. Eskalasi "
        f"{fmt.number(opts['eskalasi_persen_per_tahun'])}%/tahun; O&M aset baru "
        f"{fmt.number(opts['om_persen_per_tahun'])}%/tahun dari investasi.",
        "Biaya satuan: " + ("; ".join(items) if items else "–") + ".",
        f"B = belanja sanitasi − DAK − pinjaman/hibah (sheet Anggaran {years}); proyeksi "
        f"{g.get('label', '')} {fmt.number(g.get('pertumbuhan_pct', 0.0), 1)}%/tahun dari "
        f"{g.get('tahun_akhir', '–')}.",
        f"Komitmen: sheet Komitmen ({fmt.integer(len(fr.commitments))} baris), dihitung "
        f"berstatus {', '.join(opts.get('status_komitmen') or [])}; keterlambatan per "
        f"{fmt.date(today)}.",
        units.adapt(f"Prioritas: {_classes(cls)} "
                    f"({method_version}); lokus: Form2 dan sheet LokusStunting (SK Bupati); "
                    "biaya per KK sanitasi layak ")
        + (fmt.rupiah(cost_kk) if cost_kk is not None else fmt.MISSING) + ".",
        f"Daya ungkit: Juklak DAK SLBM 2014 (pendamping ≥ "
        f"{fmt.number(opts['pendamping_dak_persen'])}%, operasional ≥ "
        f"{fmt.number(opts['operasional_dak_persen'])}% dari DAK); Hibah ALS TA2021 "
        "(stimulan per KK setelah APBD membangun).",
    ]
    stale = [w for w in fr.warnings if w.kind == "harga_usang"]
    if stale:
        lines.append("Perhatian: biaya satuan berumur lebih dari "
                     f"{opts['umur_harga_maks_tahun']} tahun — "
                     + ", ".join(w.code for w in stale) + "; periksa HSPK/AHSP terbaru.")
    return lines


# --------------------------------------------------------------------------- the brief
def brief_report(result: ScoredResult, pkg: InputPackage, funding: FundingReport, *,
                 figures: Mapping[str, str | Path] | None = None, tahun: int | None = None,
                 today: dt.date | None = None) -> Report:
    """The advocacy brief of a scored package as a report model (kind :data:`KIND`).

    Parameters
    ----------
    result : ScoredResult
        :func:`ppsp_analysis.score_package` of ``pkg``.
    pkg : InputPackage
    funding : FundingReport
        :func:`ppsp_analysis.report.monev.compute_package_funding` of the package.
    figures : mapping, optional
        Figure name (:data:`BRIEF_FIGURES`) → image path relative to where the model will be
        saved; figures not given are left out.
    tahun : int, optional
        Report year (default: the package's).
    today : date, optional
        Report date, also the date follow-ups are late against (default: today).

    Returns
    -------
    Report
    """
    today = today or dt.date.today()
    fr = funding
    cls, units = words_for(result)
    say = units.adapt
    meta = report_meta(result, pkg, tahun, today)
    meta["periode_ssk"] = fr.period.label
    figures = {k: Path(v).as_posix() for k, v in (figures or {}).items()}
    chart = ([Figure("grafik_pendanaan", "Batang: APBD murni sanitasi (realisasi/proyeksi) dan "
                     "komitmen para pihak yang sudah disepakati; garis: kebutuhan; arsiran merah: "
                     "kebutuhan yang belum ada sumbernya. Rp miliar per tahun, harga berjalan. "
                     "Sumber: sheet Program, Target, Anggaran dan Komitmen.",
                     figures["grafik_pendanaan"])] if "grafik_pendanaan" in figures else
             [Paragraph("Grafik pendanaan tidak tersedia.")])
    sections = [
        _headline_section(fr, units),
        Section(BRIEF_FIGURES["grafik_pendanaan"], chart),
        _map_section(fr, figures, units, cls),
        Section("Akses terhadap target (rumah tangga)", [_access_table(fr)]),
        Section(say("Lima kegiatan terbesar di desa prioritas dan lokus stunting"),
                [_top_table(fr, units)]),
        _leverage_section(fr),
        _share_section(fr, figures),
        _commitment_section(fr),
        Section("Sumber dan cara hitung", [Bullets(tuple(
            _sources(fr, cls, units, meta["versi_metode"], today)))]),
    ]
    summary = {**{k: v for k, v in fr.headline.items()}, **_overlay_numbers(fr),
               "satuan_wilayah": units.kata, "daya_ungkit_rp": float(
                   fr.leverage.loc[fr.leverage["uraian"] == _TOTAL_LEVER,
                                   "nilai_daya_ungkit_rp"].sum()),
               "tindak_lanjut_terlambat": int(len(fr.overdue))}
    return Report(KIND, TITLE, meta, _key_numbers(fr), sections, summary)
