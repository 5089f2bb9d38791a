"""The report context: every number, table and text a report shows, computed once (pure).

The notebooks, the PDF, the workbook, the JSON summary and the slides all read the same
:class:`ReportContext`, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..labels import IRS_LABEL, KOMPONEN_LABEL, method_labels
from ..method import COMPONENTS, class_labels
from ..package import InputPackage
from ..pipeline import ScoredResult, method_table


@dataclass
class ReportContext:
    """What one kabupaten's report shows.

    Attributes
    ----------
    meta : dict
        Identity and provenance: ``nama_kabupaten``, ``kode_kabupaten``, ``nama_provinsi``,
        ``tahun``, ``nama_pokja``, ``sintetis``, ``versi_metode``, ``sumber_data`` (list),
        ``tanggal`` (ISO date the report was made).
    ringkasan : dict
        Key numbers, JSON-serialisable (``ringkasan.json``).
    tables : dict
        Title (Bahasa Indonesia) → DataFrame, in report order (``tabel.xlsx``, PDF).
    figures : dict
        Key → PNG path (A4 maps ``peta_<tema>``, charts), filled by the runner.
    notes : list of str
        Cautions for the reader (constant indicators, strata without survey …).
    """

    meta: dict
    ringkasan: dict
    tables: dict[str, pd.DataFrame]
    figures: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Report title line."""
        return f"{self.meta['nama_kabupaten']} — Tahun {self.meta['tahun']}"


def _class_counts(desa: pd.DataFrame, col: str, k: int) -> dict[str, int]:
    counts = desa[col].value_counts(dropna=False)
    out = {str(c): int(counts.get(c, 0)) for c in range(1, k + 1)}
    out["tidak_ada_data"] = int(desa[col].isna().sum())
    return out


def _boundary_source(text: object, fname: str) -> str:
    text = str(text or "").strip()
    if not text:
        return f"Batas wilayah: {fname}"
    return text if text.lower().startswith("batas") else f"Batas wilayah: {text}"


def sources_of(pkg: InputPackage) -> list[str]:
    """The *Sumber Data* lines of a package."""
    f1 = pkg.form1
    lines = [
        _boundary_source(f1.get("sumber_batas"), pkg.files.get("batas", "batas.gpkg")),
        f"Data sekunder (Form 2): {f1.get('sumber_data_sekunder') or 'instrumen.xlsx'}",
        f"Studi EHRA: tahun {f1.get('tahun_ehra') or '-'}, "
        f"{0 if pkg.ehra is None else len(pkg.ehra)} rumah tangga",
        f"Persepsi OPD: {pkg.sheet('OPD')['kode_opd'].nunique()} OPD, tanggal "
        f"{f1.get('tanggal_persepsi') or '-'}",
    ]
    if pkg.sintetis:
        lines.append("DATA SINTETIS: angka dibuat oleh generator ppsp-analysis untuk peragaan, "
                     "bukan data resmi")
    return lines


def build_area_context(result: ScoredResult, pkg: InputPackage,
                       today: dt.date | None = None) -> ReportContext:
    """Tables and key numbers of the area-berisiko report.

    Parameters
    ----------
    result : ScoredResult
        Output of :func:`ppsp_analysis.score_package`.
    pkg : InputPackage
        The package it was computed from.
    today : date, optional
        Report date (default: today).
    """
    d = pd.DataFrame(result.desa.drop(columns="geometry"))
    k = result.method["kelas"]["jumlah"]
    labels = class_labels(result.method, "area")
    f2 = pkg.sheet("Form2").set_index("kode_desa")
    f2 = f2[~f2.index.duplicated()].reindex(d.index)
    d["penduduk"] = f2["penduduk"]
    d["jumlah_kk"] = f2["jumlah_kk"]
    d["kk_miskin"] = f2["kk_miskin"]
    d["luas_ha"] = f2["luas_ha"]

    prof = d.groupby(["kode_kec", "nama_kec"]).agg(
        jumlah_desa=("kode_desa", "size"), penduduk=("penduduk", "sum"),
        jumlah_kk=("jumlah_kk", "sum"), kk_miskin=("kk_miskin", "sum"), luas_ha=("luas_ha", "sum"),
    ).reset_index()
    prof["kepadatan_jiwa_ha"] = (prof["penduduk"] / prof["luas_ha"]).round(2)
    prof["pct_kk_miskin"] = (100 * prof["kk_miskin"] / prof["jumlah_kk"]).round(1)
    prof = prof.drop(columns="kk_miskin").rename(columns={
        "kode_kec": "Kode", "nama_kec": "Kecamatan", "jumlah_desa": "Jumlah desa",
        "penduduk": "Penduduk (jiwa)", "jumlah_kk": "KK", "luas_ha": "Luas (ha)",
        "kepadatan_jiwa_ha": "Kepadatan (jiwa/ha)", "pct_kk_miskin": "KK miskin (%)"})

    irs_cols = [f"irs_{c}" for c in IRS_LABEL]
    strata = result.strata.copy()
    if len(strata):
        strata_tab = strata[[*irs_cols, "irs_total", "n_rt"]].round(1).reset_index(names="Strata")
        n_desa = d.groupby("strata").agg(desa=("kode_desa", "size"), disurvei=("disurvei", "sum"))
        strata_tab.insert(1, "Jumlah desa", strata_tab["Strata"].map(n_desa["desa"]))
        strata_tab.insert(2, "Desa disurvei", strata_tab["Strata"].map(n_desa["disurvei"]))
    else:
        strata_tab = pd.DataFrame(columns=["Strata"])
    strata_tab = strata_tab.rename(columns={**{f"irs_{c}": v for c, v in IRS_LABEL.items()},
                                            "irs_total": "IRS", "n_rt": "Rumah tangga"})

    surveyed = d[d["disurvei"].astype(bool)]
    irs_desa = surveyed[["nama_desa", "nama_kec", "strata", "n_rt", *irs_cols, "irs_total",
                         "kelas_irs"]].round(1).rename(columns={
        "nama_desa": "Desa", "nama_kec": "Kecamatan", "strata": "Strata", "n_rt": "Rumah tangga",
        **{f"irs_{c}": v for c, v in IRS_LABEL.items()}, "irs_total": "IRS",
        "kelas_irs": "Kelas IRS"})

    ind_cols = [c for c in d.columns if c.startswith("ind_")]
    sek = d[["nama_desa", "nama_kec", *ind_cols, "impact",
             *[f"skor_sekunder_{c}" for c in COMPONENTS]]].round(2)
    ind_labels = method_labels(result.method)
    sek.columns = ["Desa", "Kecamatan",
                   *[ind_labels[c].heading if c in ind_labels else c[4:] for c in ind_cols],
                   "IMPACT",
                   *[f"Skor sekunder {KOMPONEN_LABEL[c].lower()}" for c in COMPONENTS]]

    per = d[["nama_desa", "nama_kec", "n_opd", *[f"persepsi_{c}" for c in COMPONENTS]]].round(2)
    per.columns = ["Desa", "Kecamatan", "Jumlah OPD",
                   *[f"Persepsi {KOMPONEN_LABEL[c].lower()}" for c in COMPONENTS]]

    area = d[["nama_desa", "nama_kec", "impact",
              *[x for c in COMPONENTS for x in (f"exposure_{c}", f"area_{c}", f"kelas_{c}")],
              "kelas_gabungan"]].round(2)
    area.columns = ["Desa", "Kecamatan", "IMPACT",
                    *[x for c in COMPONENTS for x in (f"EXPOSURE {KOMPONEN_LABEL[c]}",
                                                      f"IMPACT×EXPOSURE {KOMPONEN_LABEL[c]}",
                                                      f"Kelas {KOMPONEN_LABEL[c]}")],
                    "Kelas gabungan"]

    counts_rows = []
    for comp in (*COMPONENTS, "gabungan"):
        cc = _class_counts(d, f"kelas_{comp}", k)
        counts_rows.append({"Komponen": KOMPONEN_LABEL[comp],
                            **{f"{c} {labels[c]}": cc[str(c)] for c in range(1, k + 1)},
                            "Tidak ada data": cc["tidak_ada_data"],
                            "Prioritas (kelas 3–4)": int(d[f"prioritas_{comp}"].sum())})
    counts = pd.DataFrame(counts_rows)

    pri = d[d["prioritas_gabungan"].astype(bool)].sort_values(
        ["nama_kec", "kelas_gabungan", "nama_desa"], ascending=[True, False, True])
    prioritas = pri[["nama_kec", "nama_desa", "kode_desa", *[f"kelas_{c}" for c in COMPONENTS],
                     "kelas_gabungan"]]
    prioritas.columns = ["Kecamatan", "Desa", "Kode", *[KOMPONEN_LABEL[c] for c in COMPONENTS],
                         "Gabungan"]

    ov_rows = []
    for comp in COMPONENTS:
        for _, r in d[d[f"override_{comp}"].astype(bool)].iterrows():
            ov_rows.append({"Desa": r["nama_desa"], "Kecamatan": r["nama_kec"],
                            "Komponen": KOMPONEN_LABEL[comp],
                            "Kelas instrumen": r[f"kelas_{comp}_instrumen"],
                            "Kelas ditetapkan Pokja": r[f"kelas_{comp}"],
                            "Alasan": r[f"alasan_{comp}"]})
    overrides = pd.DataFrame(ov_rows, columns=["Desa", "Kecamatan", "Komponen", "Kelas instrumen",
                                               "Kelas ditetapkan Pokja", "Alasan"])
    metode = method_table(result.method).rename(columns={"opsi": "Opsi", "nilai": "Nilai"})
    sources = sources_of(pkg)
    sumber = pd.DataFrame({"Sumber data": sources})

    tables = {
        "Profil Wilayah": prof, "Jumlah Desa per Kelas": counts,
        "Hasil EHRA per Strata": strata_tab, "IRS Desa Disurvei": irs_desa,
        "Data Sekunder": sek, "Persepsi OPD": per, "Area Berisiko": area,
        "Desa Prioritas": prioritas, "Override Pokja": overrides,
        "Metode dan Asumsi": metode, "Sumber Data": sumber,
    }
    tables = {name: t.reset_index(drop=True) for name, t in tables.items()}
    today = today or dt.date.today()
    meta = {
        "nama_kabupaten": pkg.nama, "kode_kabupaten": pkg.kode,
        "nama_provinsi": str(pkg.form1.get("nama_provinsi", "")),
        "tahun": pkg.tahun, "nama_pokja": str(pkg.form1.get("nama_pokja", "")),
        "sintetis": pkg.sintetis, "versi_metode": result.method["versi"],
        "sumber_data": sources, "tanggal": today.isoformat(),
    }
    ringkasan = {
        "kode_kabupaten": pkg.kode, "nama_kabupaten": pkg.nama, "tahun": pkg.tahun,
        "data_sintetis": pkg.sintetis, "versi_metode": result.method["versi"],
        "jumlah_desa": int(len(d)), "jumlah_kecamatan": int(d["kode_kec"].nunique()),
        "penduduk": int(d["penduduk"].sum()),
        "jumlah_rumah_tangga_ehra": int(0 if pkg.ehra is None else len(pkg.ehra)),
        "jumlah_desa_disurvei": int(d["disurvei"].astype(bool).sum()),
        "jumlah_opd": int(pkg.sheet("OPD")["kode_opd"].nunique()),
        "irs_rata_rata": None if d["irs_total"].isna().all() else round(
            float(d["irs_total"].mean()), 1),
        "kelas": {comp: _class_counts(d, f"kelas_{comp}", k) for comp in (*COMPONENTS,
                                                                          "gabungan")},
        "prioritas": {comp: int(d[f"prioritas_{comp}"].sum()) for comp in (*COMPONENTS,
                                                                           "gabungan")},
        "persen_desa_prioritas": round(100 * float(d["prioritas_gabungan"].mean()), 1),
        "override": int(len(overrides)),
        "tanggal": today.isoformat(),
    }
    return ReportContext(meta=meta, ringkasan=ringkasan, tables=tables, notes=list(result.notes))
