"""The one-page advocacy brief for the TAPD and the Bupati (``lembar_advokasi.pdf``, A4).

Headline: *Kebutuhan Rp A; APBD murni diperkirakan Rp B; celah Rp A − B; usulan Rp X pada
KUA-PPAS tahun Y* (:attr:`~ppsp_analysis.funding.FundingReport.headline`), then the funding
chart (expected sources per year against the need, the uncovered gap shaded), the priority ×
stunting-lokus map, access against targets in households, the five largest activities in desa
that are priority and lokus (Rp per household), what is lost without an APBD line (leverage),
the APBD sanitation share trend and the commitment pipeline; every block says its source and
year in small print.

Typeset with Typst like the reports (:mod:`ppsp_analysis.report.pdf`): user strings reach the
template only as JSON values (``templates/lembar_advokasi.typ`` reads ``data.json``), never as
markup; numbers are formatted the Indonesian way by :mod:`ppsp_analysis.fmt`.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from .. import fmt
from ..funding.charts import apbd_share_chart, funding_chart, lokus_map
from ..funding.lokus import BOTH
from ..funding.summary import FundingInput, FundingReport, compute_funding
from ..schema import STATUS_KOMITMEN
from .pdf import SINTETIS_LABEL, _clean, _fonts

TEMPLATE = Path(__file__).with_name("templates") / "lembar_advokasi.typ"
FILE_NAME = "lembar_advokasi.pdf"
TITLE = "Lembar Advokasi Pendanaan Sanitasi"
FIGURE_DPI = 220
_INDICATOR_SHORT = {"sanitasi_layak": "Sanitasi layak", "sanitasi_aman": "Sanitasi aman",
                    "sampah_terlayani": "Sampah terangkut", "babs_terbuka": "BABS terbuka"}


_NBSP = "\u00a0"


def _rp(value: float) -> str:
    """An amount that never breaks across lines: ``Rp 75,4 miliar`` with no-break spaces."""
    return fmt.rupiah(value).replace(" ", _NBSP)


def _pct(value: float, decimals: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else f"{fmt.number(value, decimals)}%"


def _kk(value: float) -> str:
    return ("–" if value is None or pd.isna(value)
            else f"{fmt.number(round(value), 0)}{_NBSP}KK")


def headline_text(fr: FundingReport) -> str:
    """The headline sentence as plain text (what the PDF prints, in one line).

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


# --------------------------------------------------------------------------- blocks
def _table(columns: list[str], rows: list[list[str]], align: list[str]) -> dict[str, Any]:
    return {"kolom": [_clean(c) for c in columns],
            "baris": [[_clean(c) for c in r] for r in rows], "rata": align}


def _access_block(fr: FundingReport) -> dict[str, Any]:
    rows = []
    for _, r in fr.access_gap.iterrows():
        target = ("–" if pd.isna(r["pct_target"]) else
                  f"{_pct(r['pct_target'], 0)} ({int(r['tahun_target'])})"
                  if pd.notna(r["tahun_target"]) else _pct(r["pct_target"], 0))
        name = _INDICATOR_SHORT.get(r["indikator"], r["nama"])
        now = f"{_pct(r['pct_capaian'])} ({int(r['tahun_data'])})" if pd.notna(
            r["tahun_data"]) else _pct(r["pct_capaian"])
        rows.append([name, now, target, _kk(r["kk_belum_terlayani"]),
                     _kk(r["kk_perlu_dilayani"])])
    return _table(["Indikator", "Capaian", "Target", "Belum terlayani",
                   f"Perlu dilayani {fr.period.label}"], rows,
                  ["left", "right", "right", "right", "right"])


def _short(name: str, limit: int = 42) -> str:
    """An activity name without its parenthesised or comma-separated detail, at most
    ``limit`` characters (the brief's table is narrow).

    Examples
    --------
    >>> _short("Tangki septik individual (SPALD-S), perdesaan, DAK swakelola KSM")
    'Tangki septik individual'
    """
    short = name.split(" (")[0].split(",")[0].strip() or name
    return short if len(short) <= limit else short[:limit - 1].rstrip() + "…"


def _top_block(fr: FundingReport) -> dict[str, Any]:
    rows = []
    top = fr.top_activities if fr.top_activities is not None else pd.DataFrame()
    for _, r in top.iterrows():
        vol = ("–" if pd.isna(r["volume"]) else
               f"{fmt.number(round(r['volume']), 0)} {r['satuan'] or ''}".strip())
        rows.append([_short(str(r["nama_kegiatan"])), f"{r['nama_desa']} ({r['nama_kec']})", vol,
                     "–" if pd.isna(r["kk_terlayani"]) else fmt.number(
                         round(r["kk_terlayani"]), 0),
                     _rp(r["kebutuhan_rp"]),
                     "–" if pd.isna(r["rp_per_kk"]) else _rp(r["rp_per_kk"])])
    return _table(["Kegiatan", "Desa (kecamatan)", "Volume", "KK", "Biaya", "Rp/KK"], rows,
                  ["left", "left", "right", "right", "right", "right"])


def _leverage_block(fr: FundingReport) -> dict[str, Any]:
    lv = fr.leverage
    rows = [[str(r["uraian"]), _rp(r["nilai_daya_ungkit_rp"]), str(r["syarat"]),
             _rp(r["syarat_apbd_rp"])]
            for _, r in lv.iterrows() if r["uraian"] != "Jumlah daya ungkit"]
    total = lv[lv["uraian"] == "Jumlah daya ungkit"]
    return {"baris": [[_clean(c) for c in r] for r in rows],
            "jumlah": _rp(float(total["nilai_daya_ungkit_rp"].iloc[0])) if len(total) else "–",
            "syarat_jumlah": _rp(float(total["syarat_apbd_rp"].iloc[0])) if len(total) else "–"}


def _commitment_block(fr: FundingReport) -> dict[str, Any]:
    p = fr.pipeline
    rows = [[str(r["status"]), fmt.number(int(r["jumlah_komitmen"])), _rp(r["nilai_rp"])]
            for _, r in p.iterrows() if r["status"] in STATUS_KOMITMEN]
    parties = fr.parties
    committed = float(parties.loc["Jumlah", "dikomitmenkan_rp"]) if "Jumlah" in parties.index \
        else 0.0
    realised = float(parties.loc["Jumlah", "terealisasi_rp"]) if "Jumlah" in parties.index \
        else 0.0
    late = fr.overdue
    late_text = "Tidak ada tindak lanjut yang terlambat."
    if len(late):
        first = late.iloc[0]
        late_text = (f"{fmt.number(len(late))} tindak lanjut terlambat; terlama: "
                     f"{first['pihak']} ({fmt.number(int(first['hari_terlambat']))} hari, "
                     f"{first['alasan_terlambat']}).")
    return {"tabel": _table(["Tahap", "Komitmen", "Nilai"], rows, ["left", "right", "right"]),
            "ringkas": (f"Dikomitmenkan {_rp(committed)}; terealisasi {_rp(realised)}"
                        + (f" ({_pct(realised / committed * 100, 0)})" if committed else "")
                        + "."),
            "terlambat": _clean(late_text)}


def _sources(fr: FundingReport, meta: dict, today: dt.date) -> list[str]:
    g = fr.growth
    opts = fr.options
    cat = fr.catalogue
    items = []
    for _, r in cat.iterrows():
        year = "" if pd.isna(r["tahun_harga"]) else f" {int(r['tahun_harga'])}"
        where = (str(r["sumber_harga"]) if r["asal_harga"] == "instrumen"
                 else f"{r['wilayah']}{year}" if "wilayah" in r and str(r["wilayah"]).strip()
                 else f"katalog{year}")
        items.append(f"{r['item']} {_rp(r['biaya_satuan_rp'])}/{r['satuan']} ({where})")
    basis = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in fr.basis.items()) or "–"
    budget_years = (f"{int(fr.budget['tahun'].min())}–{int(fr.budget['tahun'].max())}"
                    if len(fr.budget) else "–")
    cost_kk = fr.overlay.attrs.get("rp_per_kk") if fr.overlay is not None else None
    lines = [
        f"A: kegiatan SSK (sheet Program) dan KK menuju target (sheet Target; data dasar "
        f"sheet Akses) × biaya satuan, harga berjalan; dasar: {basis}. Eskalasi "
        f"{fmt.number(opts['eskalasi_persen_per_tahun'])}%/tahun; O&M aset baru "
        f"{fmt.number(opts['om_persen_per_tahun'])}%/tahun dari investasi.",
        "Biaya satuan: " + ("; ".join(items) if items else "–") + ".",
        f"B = belanja sanitasi − DAK − pinjaman/hibah (sheet Anggaran {budget_years}); "
        f"proyeksi {g.get('label', '')} {fmt.number(g.get('pertumbuhan_pct', 0.0), 1)}%/"
        f"tahun dari {g.get('tahun_akhir', '–')}.",
        f"Komitmen: sheet Komitmen ({fmt.number(len(fr.commitments))} baris), dihitung "
        f"berstatus {', '.join(opts.get('status_komitmen') or [])}; keterlambatan per "
        f"{fmt.date(today)}.",
        f"Prioritas: kelas gabungan 3–4 ({meta.get('versi_metode', '')}); lokus: Form2 dan "
        "sheet LokusStunting (SK Bupati); biaya per KK sanitasi layak "
        + (_rp(cost_kk) if cost_kk is not None else "–") + ".",
        f"Daya ungkit: Juklak DAK SLBM 2014 (pendamping ≥ "
        f"{fmt.number(opts['pendamping_dak_persen'])}%, operasional ≥ "
        f"{fmt.number(opts['operasional_dak_persen'])}% dari DAK); Hibah ALS TA2021 "
        "(stimulan per KK setelah APBD membangun).",
    ]
    stale = [w for w in fr.warnings if w.kind == "harga_usang"]
    if stale:
        lines.append("Perhatian: biaya satuan berumur lebih dari "
                     f"{opts['umur_harga_maks_tahun']} tahun — "
                     + ", ".join(f"{w.code}" for w in stale) + "; periksa HSPK/AHSP terbaru.")
    return [_clean(s) for s in lines]


def _usulan_rule(fr: FundingReport) -> str:
    h = fr.headline
    y = h["tahun_usulan"]
    if h["usulan_aturan"] == "celah_1":
        return f"celah pendanaan 1 tahun {y} (opsi pendanaan.usulan = celah_1)"
    return (f"kebutuhan bersumber APBD Kabupaten tahun {y} "
            f"({_rp(h['kebutuhan_apbd_tahun_usulan_rp'])}) dikurangi komitmen APBD yang sudah "
            f"masuk KUA-PPAS/DPA ({_rp(h['komitmen_apbd_dianggarkan_rp'])})")


def brief_payload(fr: FundingReport, meta: dict, figures: dict[str, str],
                  today: dt.date | None = None) -> dict[str, Any]:
    """Everything the template prints, as JSON-ready strings (numbers already formatted).

    Parameters
    ----------
    fr : FundingReport
    meta : dict
        ``nama_kabupaten, nama_provinsi, nama_pokja, sintetis, versi_metode, tanggal``.
    figures : dict
        ``pendanaan``, ``porsi``, ``peta`` → image file names inside the Typst root.
    today : datetime.date, optional
    """
    today = today or dt.date.today()
    h = fr.headline
    gap = h["celah_1_rp"]
    prio = fr.overlay_summary
    n_both = (int(prio.loc[prio["kategori"] == BOTH, "jumlah_desa"].sum())
              if prio is not None else 0)
    n_prio = (int(prio.loc[prio["kategori"].isin([BOTH, "prioritas saja"]),
                           "jumlah_desa"].sum()) if prio is not None else 0)
    kk_both = (float(prio.loc[prio["kategori"] == BOTH, "kk_belum_layak"].sum())
               if prio is not None else float("nan"))
    cost_both = (float(prio.loc[prio["kategori"] == BOTH, "biaya_tutup_celah_rp"].sum())
                 if prio is not None else float("nan"))
    share = fr.budget.dropna(subset=["pct_apbd_murni_sanitasi"]) if len(fr.budget) else \
        fr.budget
    share_text = "Data sheet Anggaran belum ada."
    if len(share):
        first, last = share.iloc[0], share.iloc[-1]
        share_text = (f"{_pct(first['pct_apbd_murni_sanitasi'], 2)} ({int(first['tahun'])}) → "
                      f"{_pct(last['pct_apbd_murni_sanitasi'], 2)} ({int(last['tahun'])}) dari "
                      "total APBD; kisaran umum kab/kota 1–4% (bukan target).")
    return {
        "font": list(dict.fromkeys([_fonts().family, "DejaVu Sans"])),
        "judul": TITLE,
        "sintetis": bool(meta.get("sintetis")),
        "label_sintetis": SINTETIS_LABEL,
        "kabupaten": _clean(meta.get("nama_kabupaten", fr.kab_name)),
        "provinsi": _clean(meta.get("nama_provinsi", "")),
        "pokja": _clean(meta.get("nama_pokja", "")) or "Pokja",
        "tanggal": fmt.date(meta.get("tanggal") or today.isoformat()),
        "periode": fr.period.label,
        "kepala": {"kebutuhan": _rp(h["kebutuhan_rp"]), "apbd": _rp(h["apbd_murni_rp"]),
                   "celah": _rp(gap) if gap > 0 else "",
                   "lebih": _rp(-gap) if gap <= 0 else "",
                   "usulan": _rp(h["usulan_rp"]), "tahun_usulan": str(h["tahun_usulan"]),
                   "teks": _clean(headline_text(fr))},
        "kepala_catatan": _clean(
            f"Periode SSK {fr.period.label}. A = investasi {_rp(h['kebutuhan_investasi_rp'])} + "
            f"O&M aset baru {_rp(h['kebutuhan_om_rp'])}; B = APBD murni sanitasi (realisasi/"
            f"proyeksi); celah = A − B; komitmen para pihak {_rp(h['komitmen_rp'])} (celah "
            f"setelah komitmen {_rp(h['celah_2_rp'])}). X = {_usulan_rule(fr)}."),
        "gambar": figures,
        "peta_catatan": _clean(
            f"{fmt.number(n_prio)} desa prioritas (kelas gabungan 3–4), "
            f"{fmt.number(n_both)} di antaranya lokus stunting: {_kk(kk_both)} belum akses "
            f"sanitasi layak, perlu {_rp(cost_both)}." if prio is not None else
            "Tabel skor tidak tersedia."),
        "akses": _access_block(fr),
        "kegiatan": _top_block(fr),
        "daya_ungkit": _leverage_block(fr),
        "komitmen": _commitment_block(fr),
        "porsi": _clean(share_text),
        "sumber": _sources(fr, meta, today),
        "kaki": _clean(f"{meta.get('nama_pokja', '')} · ppsp-analysis · "
                       f"{meta.get('versi_metode', '')} · dibuat {fmt.date(today)}"),
    }


# --------------------------------------------------------------------------- figures
def brief_figures(fr: FundingReport, desa=None, sintetis: bool = False) -> dict:
    """The brief's Figures: ``pendanaan`` (sources vs need), ``porsi`` (APBD share trend) and,
    with desa polygons and an overlay, ``peta`` (priority × lokus)."""
    note = "DATA SINTETIS" if sintetis else None
    figs = {"pendanaan": funding_chart(fr, note=note), "porsi": apbd_share_chart(fr.budget)}
    if desa is not None and fr.overlay is not None and "geometry" in getattr(desa, "columns",
                                                                             []):
        figs["peta"] = lokus_map(desa, fr.overlay, note=note)
    return figs


def write_brief(fr: FundingReport, meta: dict, path: str | Path, desa=None,
                map_png: str | Path | None = None, figure_dir: str | Path | None = None,
                today: dt.date | None = None) -> Path:
    """Write ``lembar_advokasi.pdf`` (one A4 page).

    Parameters
    ----------
    fr : FundingReport
    meta : dict
        ``nama_kabupaten, nama_provinsi, nama_pokja, sintetis, versi_metode``.
    path : path
        Target PDF (written to a temporary file first, then renamed).
    desa : geopandas.GeoDataFrame, optional
        Scored desa with geometry: the brief draws the priority × lokus map.
    map_png : path, optional
        A priority map image used when no overlay map can be drawn
        (e.g. ``grafik/peta_gabungan.png``).
    figure_dir : path, optional
        Also save the brief's charts here as PNG (``grafik_pendanaan.png``,
        ``grafik_porsi_apbd.png``, ``grafik_lokus_stunting.png``).
    today : datetime.date, optional

    Returns
    -------
    Path
    """
    import typst

    from ..io import scratch

    path = Path(path)
    today = today or dt.date.today()
    folder = scratch.scratch_dir("lembar")
    try:
        figs = brief_figures(fr, desa, bool(meta.get("sintetis")))
        names = {"pendanaan": "grafik_pendanaan.png", "porsi": "grafik_porsi_apbd.png",
                 "peta": "grafik_lokus_stunting.png"}
        files: dict[str, str] = {}
        for key, fig in figs.items():
            fig.savefig(folder / names[key], dpi=FIGURE_DPI)
            files[key] = names[key]
            if figure_dir is not None:
                Path(figure_dir).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / names[key], Path(figure_dir) / names[key])
        if "peta" not in files and map_png is not None and Path(map_png).is_file():
            shutil.copyfile(map_png, folder / "peta.png")
            files["peta"] = "peta.png"
        payload = brief_payload(fr, meta, files, today)
        (folder / "data.json").write_text(json.dumps(payload, ensure_ascii=False),
                                          encoding="utf-8")
        shutil.copyfile(TEMPLATE, folder / "lembar.typ")
        try:
            pdf, notes = typst.compile_with_warnings(
                str(folder / "lembar.typ"), root=str(folder), font_paths=_fonts().dirs)
        except Exception as exc:  # typst raises its own error types
            raise RuntimeError(f"lembar advokasi gagal disusun oleh Typst: {exc}") from exc
    finally:
        scratch.remove(folder)
    for note in notes:
        warnings.warn(f"Typst: {note}", RuntimeWarning, stacklevel=2)
    from ..io.writers import atomic_write

    with atomic_write(path) as fh:
        fh.write(pdf)
    return path


def funding_of_run(result, m, today: dt.date | None = None) -> FundingReport | None:
    """The funding tables of a run: the sheets the monev read, the scored desa, the method's
    ``pendanaan`` options (``None`` without a monev result carrying its input).

    For the report code: ``funding_tables(funding_of_run(result, m))`` gives the tables 5.1/5.2
    and the tracker titled in Bahasa Indonesia, for ``tabel.xlsx`` and the monev report.
    """
    if m is None or getattr(m, "input", None) is None:
        return None
    fi = FundingInput.from_monev(m.input)
    return compute_funding(fi, result.desa, (result.method or {}).get("pendanaan"), today)


def write_brief_for_run(result, meta: dict, folder: Path, m=None,
                        today: dt.date | None = None,
                        fr: FundingReport | None = None) -> Path | None:
    """The runner's hook: compute the funding tables of the run and write the brief.

    Parameters
    ----------
    result : ScoredResult
        Scored desa (with geometry) and the method (``pendanaan`` options).
    meta : dict
        Identity of the kabupaten and the run (``report.area.report_meta``).
    folder : Path
        The run's (staging) output folder: ``lembar_advokasi.pdf`` goes there, its charts to
        ``grafik/``.
    m : MonevReport, optional
        The monev result; its ``input`` carries the sheets. Without it nothing is written.
    fr : FundingReport, optional
        Already computed (:func:`funding_of_run`); computed here otherwise.

    Returns
    -------
    Path or None
    """
    fr = fr if fr is not None else funding_of_run(result, m, today)
    if fr is None:
        return None
    meta = dict(meta)
    meta.setdefault("sintetis", bool(result.meta.get("sintetis")))
    return write_brief(fr, meta, Path(folder) / FILE_NAME, desa=result.desa,
                       map_png=Path(folder) / "grafik" / "peta_gabungan.png",
                       figure_dir=Path(folder) / "grafik", today=today)
