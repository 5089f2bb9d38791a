"""The area-berisiko report: its words, its sections, its tables (pure).

:func:`area_report` is the one place where what this report says is written and where its
sections are chosen; the notebook ``laporan_area_berisiko.ipynb`` calls it and every
rendering (HTML, PDF, Word, slides, ``tabel.xlsx``, ``ringkasan.json``) walks its result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import fmt
from ..kecamatan import kecamatan_table
from ..labels import COMPONENTS, IRS_LABEL, KOMPONEN_LABEL, ClassScheme, UnitNames, method_labels
from ..method import active_indicators, class_labels, normalise_weights
from ..numbering import MAP_NUMBER, with_map_numbers
from ..package import InputPackage
from ..pipeline import ScoredResult, override_changes
from .method_text import class_bounds, method_sentences
from .model import (
    Bullets,
    Column,
    Figure,
    KeyNumber,
    KeyNumbers,
    Paragraph,
    Report,
    Section,
    Table,
    table_from_frame,
)

__all__ = ["AREA_FIGURES", "DIKONFIRMASI", "DIUBAH", "TITLE", "area_report", "method_rows",
           "pokja_decisions", "report_meta", "sources_of", "words_for"]

TITLE = "Laporan Area Berisiko Sanitasi"

AREA_FIGURES: dict[str, str] = {
    "peta_gabungan": "Peta area berisiko gabungan (prioritas)",
    "peta_air_limbah": "Peta area berisiko air limbah domestik",
    "peta_persampahan": "Peta area berisiko persampahan",
    "peta_drainase": "Peta area berisiko drainase",
    "peta_irs": "Peta Indeks Risiko Sanitasi (IRS) hasil studi EHRA",
    "peta_strata": "Peta strata desa EHRA",
    "peta_kecamatan": "Peta kelas kecamatan (gabungan)",
}
"""Figure name → caption (before the unit word is fitted); the map images are
``peta_<tema>.png``."""

SINTETIS = ("DATA SINTETIS — bukan data resmi. Seluruh angka dalam dokumen ini dibuat oleh "
            "generator ppsp-analysis untuk peragaan dan tidak boleh dipakai sebagai dasar "
            "perencanaan.")


# --------------------------------------------------------------------------- shared pieces
def words_for(result: ScoredResult) -> tuple[ClassScheme, UnitNames]:
    """The classes of the method and the unit word of the areas of a scored result."""
    return (ClassScheme.from_method(result.method),
            UnitNames.from_codes(result.desa["kode_desa"]))


def _boundary_source(text: object, fname: str) -> str:
    text = str(text or "").strip()
    if not text:
        return f"Batas wilayah: {fname}"
    return text if text.lower().startswith("batas") else f"Batas wilayah: {text}"


def sources_of(pkg: InputPackage, units: UnitNames | None = None) -> list[str]:
    """The *Sumber Data* lines of a package."""
    f1 = pkg.form1
    n_rt = 0 if pkg.ehra is None else len(pkg.ehra)
    tanggal = f1.get("tanggal_persepsi")
    lines = [
        _boundary_source(f1.get("sumber_batas"), pkg.files.get("batas", "batas.gpkg")),
        f"Data sekunder (Form 2): {f1.get('sumber_data_sekunder') or 'instrumen.xlsx'}",
        f"Studi EHRA: tahun {fmt.year(f1.get('tahun_ehra'))}, {fmt.integer(n_rt)} rumah tangga",
        f"Persepsi OPD: {fmt.integer(pkg.sheet('OPD')['kode_opd'].nunique())} OPD, tanggal "
        f"{fmt.date(tanggal) if tanggal else fmt.MISSING}",
    ]
    if pkg.sintetis:
        lines.append("DATA SINTETIS: angka dibuat oleh generator ppsp-analysis untuk peragaan, "
                     "bukan data resmi")
    return lines


def report_meta(result: ScoredResult, pkg: InputPackage, tahun: int | None = None,
                today: dt.date | None = None) -> dict:
    """Identity and provenance of a report (also what the map sheets print)."""
    _, units = words_for(result)
    today = today or dt.date.today()
    return {
        "nama_kabupaten": pkg.nama, "kode_kabupaten": pkg.kode,
        "nama_provinsi": str(pkg.form1.get("nama_provinsi", "")),
        "tahun": int(tahun or pkg.tahun), "nama_pokja": str(pkg.form1.get("nama_pokja", "")),
        "sintetis": bool(pkg.sintetis), "versi_metode": str(result.method["versi"]),
        "sumber_data": sources_of(pkg, units), "tanggal": today.isoformat(),
        "satuan_wilayah": units.kata,
        "label_kelas": class_labels(result.method, "area"),
        "label_kelas_irs": class_labels(result.method, "irs"),
        "ambang_prioritas": int(result.method["area_berisiko"]["ambang_prioritas"]),
        # options changed from the package's own method: every output marks a scenario
        "skenario": list(result.meta.get("skenario") or []),
    }


def adapt_table(table: Table, units: UnitNames) -> Table:
    """The table with ``desa`` in its title, column titles and note fitted to the units."""
    cols = [Column(c.key, units.adapt(c.title), units.adapt(c.unit), c.kind,
                   units.adapt(c.meaning)) for c in table.columns]
    return Table(table.name, units.adapt(table.title), cols, table.data,
                 units.adapt(table.note))


def _table(name: str, title: str, df: pd.DataFrame, units: UnitNames,
           labels: Mapping[str, tuple[str, str, str]] | None = None, note: str = "",
           extra: Mapping | None = None) -> Table:
    return adapt_table(table_from_frame(name, title, df.reset_index(drop=True), labels, note,
                                        extra), units)


def method_rows(method: Mapping) -> pd.DataFrame:
    """The method actually used, as rows ``opsi``/``nilai`` for *Metode dan Asumsi*.

    Weights are shown normalised, numbers the Indonesian way (``bobot 0,33``); indicators
    switched off (``aktif: false``) are left out.
    """
    rows = []
    for group, specs in active_indicators(dict(method)).items():
        w = normalise_weights({n: s.get("bobot", 1) for n, s in specs.items()})
        for name, spec in specs.items():
            rows.append((f"sekunder.{group}.{name}",
                         f"{spec['rumus']} (arah {int(spec.get('arah', 1)):+d}, bobot "
                         f"{fmt.number(w[name], 2)})"))
    for comp, weights in method["exposure"]["bobot"].items():
        w = normalise_weights(weights)
        rows.append((f"exposure.bobot.{comp}",
                     ", ".join(f"{k} {fmt.number(v, 2)}" for k, v in w.items())))
    for path in (("ehra", "unit_irs"), ("ehra", "agregasi"), ("ehra", "subindikator_kosong"),
                 ("persepsi", "agregasi"), ("persepsi", "pembulatan"),
                 ("exposure", "sumber_hilang"), ("area_berisiko", "metode_kelas"),
                 ("area_berisiko", "ambang_prioritas"), ("gabungan", "metode"),
                 ("stratifikasi", "ambang_kepadatan_jiwa_ha"),
                 ("stratifikasi", "ambang_kemiskinan_pct"), ("kelas", "jumlah"),
                 ("kelas", "desimal_batas"), ("kelas", "pembulatan_batas"), ("kelas", "label"),
                 ("kecamatan", "metode"), ("sampel", "metode"),
                 ("sampel", "pembulatan_krejcie_morgan")):
        value = method.get(path[0], {}).get(path[1], "–")
        if value is None:
            text = "median kabupaten"
        elif path == ("kelas", "pembulatan_batas"):
            text = _ROUNDING_TEXT.get(value, str(value))
        elif path == ("ehra", "subindikator_kosong"):
            text = _EMPTY_TEXT.get(value, str(value))
        elif path == ("kelas", "label"):
            area = "; ".join(f"{k} {v}" for k, v in class_labels(dict(method), "area").items())
            irs = "; ".join(f"{k} {v}" for k, v in class_labels(dict(method), "irs").items())
            text = f"{value} — area berisiko: {area}; IRS: {irs}"
        elif path == ("kecamatan", "metode") and value == "persen_penduduk_prioritas":
            cuts = ", ".join(f"{fmt.number(v)}%" for v in method["kecamatan"]["ambang_persen"])
            text = f"{value} (batas {cuts} penduduk di desa kelas prioritas)"
        elif path == ("sampel", "metode") and value == "proporsi_desa":
            text = f"{value} ({fmt.number(method['sampel']['proporsi'] * 100)}% dari jumlah desa)"
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            text = fmt.number(value)
        else:
            text = str(value)
        rows.append((".".join(path), text))
    return pd.DataFrame(rows, columns=["opsi", "nilai"])


_ROUNDING_TEXT = {"half_up": "half_up (seperti ROUND Excel)",
                  "roundup": "roundup (seperti ROUNDUP Excel)"}
_EMPTY_TEXT = {"abaikan": "abaikan (subindikator tanpa jawaban tidak ikut dirata-rata)",
               "nol": "nol (subindikator tanpa jawaban dihitung 0 %)"}


# --------------------------------------------------------------------------- words
def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " dan " + parts[-1]


def _summary_paragraphs(s: dict, meta: dict, cls: ClassScheme, units: UnitNames) -> list[str]:
    n = fmt.integer
    where = meta["nama_kabupaten"] + (f" ({meta['nama_provinsi']})"
                                      if meta.get("nama_provinsi") else "")
    first = (f"{where} terdiri atas {n(s['jumlah_kecamatan'])} kecamatan dan "
             f"{units.n(s['jumlah_desa'])} dengan jumlah penduduk {n(s['penduduk'])} jiwa.")
    if s["jumlah_rumah_tangga_ehra"]:
        first += (f" Studi EHRA mencakup {n(s['jumlah_rumah_tangga_ehra'])} rumah tangga di "
                  f"{units.n(s['jumlah_desa_disurvei'])}")
        first += (f", dan persepsi risiko diisi oleh {n(s['jumlah_opd'])} OPD."
                  if s["jumlah_opd"] else ".")
    else:
        first += " Data studi EHRA belum tersedia."
    pri = s["prioritas"]
    second = (f"Hasil penilaian menempatkan {units.n(pri['gabungan'])} "
              f"({fmt.percent(s['persen_desa_prioritas'])}) pada {cls.teks_prioritas} "
              f"({_join([cls.label(k).lower() for k in cls.prioritas])}) untuk gabungan "
              "komponen, sehingga menjadi prioritas penanganan. Per komponen: "
              + _join([f"{units.n(pri[c])} untuk {KOMPONEN_LABEL[c].lower()}"
                       for c in COMPONENTS]) + ".")
    out = [first, second]
    changed, kept = s["override"], s.get("override_tanpa_perubahan", 0)
    if changed:
        text = (f"Pokja menetapkan {n(changed)} perubahan kelas (override) terhadap hasil "
                "instrumen setelah verifikasi lapangan")
        if kept:
            text += f" dan mengonfirmasi {n(kept)} kelas tanpa perubahan"
        out.append(text + "; rincian dan alasannya ada pada bagian Override Pokja.")
    elif kept:
        out.append(f"Pokja tidak mengubah kelas hasil instrumen: {n(kept)} kelas dikonfirmasi "
                   "tanpa perubahan setelah verifikasi lapangan; rinciannya ada pada bagian "
                   "Override Pokja.")
    if meta.get("sintetis"):
        out.append(SINTETIS)
    if meta.get("skenario"):
        out.insert(0, scenario_text(meta))
    return out


def scenario_text(meta: Mapping) -> str:
    """The scenario sentence of a report's first page (empty list = not a scenario)."""
    from ..labels import SKENARIO_LABEL, scenario_lines

    return (f"{SKENARIO_LABEL}. Laporan ini dihitung dengan metode yang diubah dari metode "
            f"paket (metode.yaml), untuk uji coba: {'; '.join(scenario_lines(meta))}.")


def _ehra_text(method: Mapping, units: UnitNames) -> str:
    k = units
    text = (f"Indeks Risiko Sanitasi (IRS) per strata dan per {k.kata} yang disurvei. Skor "
            "komponen adalah persentase rumah tangga berisiko (0–100); IRS adalah jumlah skor "
            "komponen, jadi makin besar makin berisiko.")
    if method["ehra"]["unit_irs"] == "strata":
        text += (f" Setiap {k.kata} memakai IRS strata-nya (gabungan jawaban semua rumah "
                 f"tangga {k.kata} disurvei dengan strata yang sama).")
    else:
        text += (f" {k.Kata} yang disurvei memakai IRS dari jawaban rumah tangganya sendiri; "
                 f"{k.kata} yang tidak disurvei memakai IRS strata-nya (gabungan jawaban rumah "
                 f"tangga {k.kata} disurvei dengan strata yang sama).")
    return text


def _interval_text(method: Mapping, kab: str) -> str:
    k = method["kelas"]["jumlah"]
    dec = method["kelas"].get("desimal_batas")
    rounding = ("" if dec is None else
                f"; batas kelas dibulatkan ke {fmt.integer(dec)} angka di belakang koma")
    return (f"Setiap indikator diberi skor 1–{k} dengan interval sama: rentang antara nilai "
            f"terkecil dan terbesar di {kab} dibagi {k} sama lebar{rounding}. Untuk indikator "
            "yang makin kecil makin berisiko (misalnya KK dengan jamban layak) urutannya "
            "dibalik. Indikator yang nilainya sama di semua wilayah tidak membedakan risiko dan "
            "dicatat pada bagian Catatan.")


def _class_text(method: Mapping, cls: ClassScheme, units: UnitNames, kab: str) -> str:
    area = method["area_berisiko"]
    if area["metode_kelas"] == "tetap_4_8_12":
        bounds = ", ".join(fmt.number(b) for b in area["batas_tetap"])
        rule = f"dengan batas tetap {bounds}"
    else:
        rule = (f"dengan interval sama antara nilai terkecil dan terbesar di {kab}")
    names = "; ".join(cls.judul(k) for k in cls.kelas)
    combined = {"maks": "kelas tertinggi dari ketiga komponen",
                "rata_rata": "rata-rata kelas ketiga komponen, dibulatkan"}.get(
        method["gabungan"]["metode"], f"aturan {method['gabungan']['metode']}")
    return (f"Skor area berisiko = IMPACT × EXPOSURE (1–16), dikelompokkan ke dalam "
            f"{cls.jumlah} kelas {rule}: {names}. {units.Kata} pada {cls.teks_prioritas} "
            f"menjadi prioritas. Kelas gabungan adalah {combined}.")


def _method_paragraphs(method: Mapping, cls: ClassScheme, units: UnitNames,
                       kab: str) -> list[str]:
    missing = method["exposure"]["sumber_hilang"]
    miss = (f"Bila salah satu sumber EXPOSURE tidak ada datanya, {units.kata} itu tidak diberi "
            "kelas (tidak ada data)." if missing == "tidak_ada_data" else
            "Bila salah satu sumber EXPOSURE tidak ada datanya, bobot sumber yang ada "
            "dinormalkan ulang.")
    agg = {"mean": "rata-rata", "median": "median", "mode": "modus"}.get(
        method["persepsi"]["agregasi"], method["persepsi"]["agregasi"])
    rounding = (", dibulatkan ke bilangan bulat" if method["persepsi"]["pembulatan"] == "half_up"
                else "")
    return [
        f"Analisis mengikuti metode {method['versi']}. Skor IMPACT dihitung dari data sekunder "
        "(jumlah penduduk, kepadatan, kemiskinan) dan dikalikan dengan skor EXPOSURE tiap "
        "komponen (air limbah domestik, persampahan, drainase), yang menggabungkan skor data "
        "sekunder, Indeks Risiko Sanitasi (IRS) hasil studi EHRA dan persepsi risiko OPD "
        "dengan bobot pada tabel di bawah. " + miss,
        _class_text(method, cls, units, kab),
        _interval_text(method, kab),
        _ehra_text(method, units),
        f"Skor persepsi tiap {units.kata} adalah {agg} skor OPD (1 kurang berisiko … 4 sangat "
        f"berisiko){rounding}.",
        "Aturan dan asumsi yang dipakai tercantum pada tabel berikut, satu kalimat per aturan "
        "(bobot sudah dinormalkan).",
    ]


# --------------------------------------------------------------------------- tables
def _class_counts(d: pd.DataFrame, col: str, k: int) -> dict[str, int]:
    counts = d[col].value_counts(dropna=False)
    out = {str(c): int(counts.get(c, 0)) for c in range(1, k + 1)}
    out["tidak_ada_data"] = int(d[col].isna().sum())
    return out


def _counts_table(d: pd.DataFrame, cls: ClassScheme, units: UnitNames) -> Table:
    rows = []
    for comp in (*COMPONENTS, "gabungan"):
        cc = _class_counts(d, f"kelas_{comp}", cls.jumlah)
        n_pri = int(d[f"prioritas_{comp}"].sum())
        rows.append({"komponen": KOMPONEN_LABEL[comp],
                     **{f"kelas_{k}": cc[str(k)] for k in cls.kelas},
                     "desa_tanpa_data": cc["tidak_ada_data"], "desa_prioritas": n_pri,
                     "pct_desa_prioritas": round(100 * n_pri / len(d), 1) if len(d) else None})
    labels = {"komponen": ("Komponen", "", "text"),
              **{f"kelas_{k}": (cls.judul(k), units.kata, "count") for k in cls.kelas},
              "desa_tanpa_data": ("Tidak ada data", units.kata, "count"),
              "desa_prioritas": (f"Prioritas ({cls.teks_prioritas})", units.kata, "count"),
              "pct_desa_prioritas": ("Prioritas", f"% {units.kata}", "pct")}
    return _table("sebaran_kelas", "Jumlah Desa per Kelas", pd.DataFrame(rows), units, labels,
                  note=f"Prioritas = {cls.teks_prioritas}; kelas gabungan menurut opsi metode.")


#: What the Pokja did with a class (column ``keputusan`` of the override table).
DIUBAH = "diubah"
DIKONFIRMASI = "dikonfirmasi tanpa perubahan"


#: The columns that name a desa in every table: its map number, name and code (two desa can
#: share a name).
DESA_IDS = (MAP_NUMBER, "nama_desa", "kode_desa")


def pokja_decisions(d: pd.DataFrame) -> pd.DataFrame:
    """Every Pokja decision on a class (the Override sheet), a change or a confirmation.

    One row per desa and component the Pokja decided: ``no_peta``, ``nama_desa``,
    ``kode_desa``, ``nama_kec``, ``komponen``, ``kelas_instrumen``, ``kelas_pokja``,
    ``keputusan`` (:data:`DIUBAH` when the class differs from the instrument's,
    :data:`DIKONFIRMASI` when the Pokja kept it) and ``alasan``.
    """
    d = with_map_numbers(d)
    rows = []
    for comp in COMPONENTS:
        changed = override_changes(d, comp)
        for kode, r in d[d[f"override_{comp}"].astype(bool)].iterrows():
            rows.append({MAP_NUMBER: r[MAP_NUMBER], "nama_desa": r["nama_desa"],
                         "kode_desa": r["kode_desa"], "nama_kec": r["nama_kec"],
                         "komponen": KOMPONEN_LABEL[comp],
                         "kelas_instrumen": r[f"kelas_{comp}_instrumen"],
                         "kelas_pokja": r[f"kelas_{comp}"],
                         "keputusan": DIUBAH if changed.loc[kode] else DIKONFIRMASI,
                         "alasan": r[f"alasan_{comp}"]})
    return pd.DataFrame(rows, columns=[*DESA_IDS, "nama_kec", "komponen",
                                       "kelas_instrumen", "kelas_pokja", "keputusan",
                                       "alasan"])


def _tables(result: ScoredResult, pkg: InputPackage, cls: ClassScheme,
            units: UnitNames) -> tuple[dict[str, Table], pd.DataFrame]:
    d = with_map_numbers(pd.DataFrame(result.desa.drop(columns="geometry")))
    f2 = pkg.sheet("Form2").set_index("kode_desa")
    f2 = f2[~f2.index.duplicated()].reindex(d.index)
    for col in ("penduduk", "jumlah_kk", "kk_miskin", "luas_ha"):
        d[col] = pd.to_numeric(f2[col], errors="coerce")

    prof = d.groupby(["kode_kec", "nama_kec"]).agg(
        jumlah_desa=("kode_desa", "size"), penduduk=("penduduk", "sum"),
        jumlah_kk=("jumlah_kk", "sum"), kk_miskin=("kk_miskin", "sum"),
        luas_ha=("luas_ha", "sum")).reset_index()
    prof["kepadatan_jiwa_ha"] = (prof["penduduk"] / prof["luas_ha"]).round(2)
    prof["pct_kk_miskin"] = (100 * prof["kk_miskin"] / prof["jumlah_kk"]).round(1)
    prof = prof.drop(columns="kk_miskin")
    for col in ("jumlah_desa", "penduduk", "jumlah_kk"):
        prof[col] = prof[col].round().astype("int64")

    irs_cols = [f"irs_{c}" for c in IRS_LABEL]
    strata = result.strata
    if len(strata):
        st = strata[[*irs_cols, "irs_total", "n_rt"]].round(1).reset_index(names="strata")
        n_desa = d.groupby("strata").agg(desa=("kode_desa", "size"),
                                         disurvei=("disurvei", "sum"))
        st.insert(1, "jumlah_desa", st["strata"].map(n_desa["desa"]).fillna(0).astype("int64"))
        st.insert(2, "desa_disurvei",
                  st["strata"].map(n_desa["disurvei"]).fillna(0).astype("int64"))
        st["n_rt"] = st["n_rt"].fillna(0).astype("int64")
    else:
        st = pd.DataFrame({"strata": pd.Series(dtype="int64")})

    surveyed = d[d["disurvei"].astype(bool)]
    irs = surveyed[[*DESA_IDS, "nama_kec", "strata", "n_rt", *irs_cols, "irs_total",
                    "kelas_irs"]].copy()
    irs[[*irs_cols, "irs_total"]] = irs[[*irs_cols, "irs_total"]].round(1)

    ind_cols = [c for c in d.columns if c.startswith("ind_")]
    sek = d[[*DESA_IDS, "nama_kec", *ind_cols, "impact",
             *[f"skor_sekunder_{c}" for c in COMPONENTS]]].round(2)
    ind_labels = {k: (v.title, v.unit, v.fmt) for k, v in method_labels(result.method).items()}

    per = d[[*DESA_IDS, "nama_kec", "n_opd",
             *[f"persepsi_{c}" for c in COMPONENTS]]].round(2)

    area = d[[*DESA_IDS, "nama_kec", "impact",
              *[x for c in COMPONENTS for x in (f"exposure_{c}", f"area_{c}", f"kelas_{c}")],
              "kelas_gabungan"]].round(2)

    # highest risk first: combined class, then the largest IMPACT × EXPOSURE of the components
    pri = d[d["prioritas_gabungan"].astype(bool)].copy()
    pri["area_tertinggi"] = pri[[f"area_{c}" for c in COMPONENTS]].max(axis=1).round(2)
    pri = pri.sort_values(["kelas_gabungan", "area_tertinggi", "nama_kec", "nama_desa"],
                          ascending=[False, False, True, True])
    prioritas = pri[[*DESA_IDS, "nama_kec", "kelas_gabungan", "area_tertinggi",
                     *[f"kelas_{c}" for c in COMPONENTS]]]

    overrides = pokja_decisions(d)
    komponen = {"komponen": ("Komponen", "", "text")}
    kelas_pokja = {"kelas_instrumen": ("Kelas menurut instrumen", "1–4", "class"),
                   "kelas_pokja": ("Kelas ditetapkan Pokja", "1–4", "class"),
                   "keputusan": ("Keputusan Pokja", "", "text"),
                   **komponen}
    return {
        "sebaran_kelas": _counts_table(d, cls, units),
        "profil_wilayah": _table("profil_wilayah", "Profil Wilayah", prof, units,
                                 {"jumlah_desa": ("Jumlah desa", units.kata, "count")}),
        "ehra_strata": _table("ehra_strata", "Hasil EHRA per Strata", st, units,
                              {"jumlah_desa": ("Jumlah desa", units.kata, "count"),
                               "desa_disurvei": ("Desa disurvei", units.kata, "count")}),
        "irs_desa": _table("irs_desa", "IRS Desa Disurvei", irs, units),
        "data_sekunder": _table("data_sekunder", "Data Sekunder", sek, units, ind_labels),
        "persepsi_opd": _table("persepsi_opd", "Persepsi OPD", per, units,
                               {"n_opd": ("Jumlah OPD penilai", "OPD", "count")}),
        "area_berisiko": _table("area_berisiko", "Area Berisiko", area, units,
                                extra=method_labels(result.method)),
        "desa_prioritas": _table(
            "desa_prioritas", "Desa Prioritas", prioritas, units,
            note=f"{units.Kata} dengan kelas gabungan {cls.teks_prioritas}, yang paling "
                 "berisiko lebih dulu: kelas gabungan, lalu IMPACT × EXPOSURE tertinggi dari "
                 "ketiga komponen.",
            extra=method_labels(result.method)),
        "override": _table("override", "Override Pokja", overrides, units, kelas_pokja),
        "kecamatan": _kecamatan(result, pkg, cls, units),
        "subindikator_kosong": _table(
            "subindikator_kosong", "Subindikator EHRA tanpa Jawaban",
            result.subindikator_kosong.reindex(columns=["tingkat", "unit", "nama_desa",
                                                         "komponen", "subindikator", "n_rt",
                                                         "perlakuan"]), units,
            {"tingkat": ("Tingkat", "", "text"), "unit": ("Desa/strata", "", "text"),
             "komponen": ("Komponen", "", "text"), "subindikator": ("Subindikator", "", "text"),
             "n_rt": ("Rumah tangga", "RT", "count"), "perlakuan": ("Perlakuan", "", "text")}),
        "metode": _table("metode", "Metode dan Asumsi", method_sentences(result.method, units),
                         units, {"aspek": ("Aspek", "", "text"),
                                 "ketentuan": ("Ketentuan yang dipakai", "", "text"),
                                 "opsi": ("Opsi metode.yaml", "", "kode")},
                         note="Bobot sudah dinormalkan (jumlahnya 1). Kolom terakhir: nama opsi "
                              "di metode.yaml bagi analis yang ingin mengubahnya."),
        "batas_kelas": _bounds_table(result, units),
    }, d


def _bounds_table(result: ScoredResult, units: UnitNames) -> Table:
    """The class boundaries actually used (:func:`~.method_text.class_bounds`)."""
    k = int(result.method["kelas"]["jumlah"])
    labels = {"variabel": ("Variabel", "", "text"), "satuan": ("Satuan", "", "text"),
              "arah": ("Arah", "", "text"),
              "nilai_terkecil": ("Nilai terkecil", "satuan variabel", "number"),
              "nilai_terbesar": ("Nilai terbesar", "satuan variabel", "number"),
              **{f"skor_{i}": (f"Skor/kelas {i}", "satuan variabel", "text")
                 for i in range(1, k + 1)}}
    return _table("batas_kelas", "Batas Kelas yang Dipakai",
                  class_bounds(result.desa, result.method), units, labels,
                  note="Batas atas termasuk kelasnya (≤); \"> a s.d. b\" berarti lebih dari a "
                       "sampai dengan b. Nilai terkecil dan terbesar: seluruh desa kabupaten.")


def _kecamatan(result: ScoredResult, pkg: InputPackage, cls: ClassScheme,
               units: UnitNames) -> Table:
    """The kecamatan roll-up (:func:`ppsp_analysis.kecamatan.kecamatan_table`), gabungan."""
    kec = kecamatan_table(result, pkg)
    cols = [c for c in ("kode_kec", "nama_kec", "penduduk", "desa_prioritas_gabungan",
                        "pct_penduduk_prioritas_gabungan", "kelas_kec_gabungan",
                        "nama_kelas_kec") if c in kec.columns]
    kec = kec[cols].sort_values(["kelas_kec_gabungan", "kode_kec"], ascending=[False, True])
    return _table("kecamatan", "Kelas Kecamatan", kec, units,
                  extra=method_labels(result.method),
                  note=f"Desa prioritas: kelas gabungan {cls.teks_prioritas}.")


def _kecamatan_text(method: Mapping, cls: ClassScheme) -> str:
    """How the kecamatan classes were found (option ``kecamatan.metode``)."""
    opt = method.get("kecamatan", {})
    if opt.get("metode") == "rerata_ie_tertimbang":
        return ("Kelas kecamatan: rata-rata IMPACT × EXPOSURE desa-desanya, tertimbang jumlah "
                "penduduk, dikelaskan dengan aturan kelas desa; kelas gabungan menurut opsi "
                "gabungan.metode (opsi kecamatan.metode rerata_ie_tertimbang).")
    cuts = [fmt.number(v) for v in opt.get("ambang_persen", [25, 50, 75])]
    return (f"Kelas kecamatan: persentase penduduk kecamatan yang tinggal di desa "
            f"{cls.teks_prioritas} (gabungan); kelas 1 sampai {cuts[0]}%, kelas 2 sampai "
            f"{cuts[1]}%, kelas 3 sampai {cuts[2]}%, kelas 4 di atasnya (opsi kecamatan.metode "
            "persen_penduduk_prioritas, aturan rekaan [I]).")


def _summary(result: ScoredResult, pkg: InputPackage, d: pd.DataFrame, meta: dict,
             cls: ClassScheme) -> dict:
    k = cls.jumlah
    return {
        "kode_kabupaten": pkg.kode, "nama_kabupaten": pkg.nama, "tahun": meta["tahun"],
        "data_sintetis": bool(pkg.sintetis), "versi_metode": str(result.method["versi"]),
        "satuan_wilayah": meta["satuan_wilayah"],
        "jumlah_desa": int(len(d)), "jumlah_kecamatan": int(d["kode_kec"].nunique()),
        "penduduk": int(d["penduduk"].sum()),
        "jumlah_rumah_tangga_ehra": int(0 if pkg.ehra is None else len(pkg.ehra)),
        "jumlah_desa_disurvei": int(d["disurvei"].astype(bool).sum()),
        "jumlah_opd": int(pkg.sheet("OPD")["kode_opd"].nunique()),
        "irs_rata_rata": None if d["irs_total"].isna().all() else round(
            float(d["irs_total"].mean()), 1),
        "jumlah_kelas": k, "ambang_prioritas": cls.ambang_prioritas,
        "label_kelas": {str(i): cls.label(i) for i in cls.kelas},
        "kelas": {comp: _class_counts(d, f"kelas_{comp}", k)
                  for comp in (*COMPONENTS, "gabungan")},
        "prioritas": {comp: int(d[f"prioritas_{comp}"].sum())
                      for comp in (*COMPONENTS, "gabungan")},
        "desa_prioritas": sorted(d.loc[d["prioritas_gabungan"].astype(bool), "kode_desa"]
                                 .astype(str)),
        "persen_desa_prioritas": round(100 * float(d["prioritas_gabungan"].mean()), 1),
        # a Pokja row that keeps the instrument's class is a confirmation, not a change
        "override": int(sum(override_changes(d, c).sum() for c in COMPONENTS)),
        "override_tanpa_perubahan": int(sum((d[f"override_{c}"].astype(bool)
                                             & ~override_changes(d, c)).sum()
                                            for c in COMPONENTS)),
        "tanggal": meta["tanggal"],
    }


def _key_numbers(s: dict, cls: ClassScheme, units: UnitNames) -> list[KeyNumber]:
    out = [
        KeyNumber("jumlah_kecamatan", "Kecamatan", s["jumlah_kecamatan"], "kecamatan", "count"),
        KeyNumber("jumlah_desa", units.Kata, s["jumlah_desa"], units.kata, "count"),
        KeyNumber("penduduk", "Penduduk", s["penduduk"], "jiwa", "count"),
        KeyNumber("jumlah_rumah_tangga_ehra", "Rumah tangga responden EHRA",
                  s["jumlah_rumah_tangga_ehra"], "rumah tangga", "count"),
        KeyNumber("jumlah_desa_disurvei", f"{units.Kata} disurvei EHRA",
                  s["jumlah_desa_disurvei"], units.kata, "count"),
        KeyNumber("jumlah_opd", "OPD pengisi persepsi risiko", s["jumlah_opd"], "OPD", "count"),
    ]
    if s["irs_rata_rata"] is not None:
        out.append(KeyNumber("irs_rata_rata", "Rata-rata Indeks Risiko Sanitasi (0–500)",
                             s["irs_rata_rata"], "", "index"))
    out += [
        KeyNumber("prioritas.gabungan", f"{units.Kata} prioritas (gabungan, "
                  f"{cls.teks_prioritas})", s["prioritas"]["gabungan"], units.kata, "count"),
        KeyNumber("persen_desa_prioritas", f"Porsi {units.kata} prioritas",
                  s["persen_desa_prioritas"], "%", "pct"),
    ]
    return out


# --------------------------------------------------------------------------- the report
def area_report(result: ScoredResult, pkg: InputPackage, *, tahun: int | None = None,
                figures: Mapping[str, str | Path] | None = None,
                slides: Mapping[str, str | Path] | None = None,
                today: dt.date | None = None) -> Report:
    """The area-berisiko report of a scored package.

    Parameters
    ----------
    result : ScoredResult
        :func:`ppsp_analysis.score_package` of ``pkg``.
    pkg : InputPackage
        The package.
    tahun : int, optional
        Report year (default: Form 1).
    figures : mapping, optional
        Figure name (:data:`AREA_FIGURES`) → image path, relative to where the report will be
        saved; figures not given are left out.
    slides : mapping, optional
        Figure name → the same map drawn for a slide (``LAYAR`` sheet,
        :func:`ppsp_analysis.report.nb.slide_images`), relative like ``figures``.
    today : date, optional
        Report date (default: today).

    Returns
    -------
    Report
    """
    cls, units = words_for(result)
    meta = report_meta(result, pkg, tahun, today)
    tables, d = _tables(result, pkg, cls, units)
    summary = _summary(result, pkg, d, meta, cls)
    figures = {k: Path(v).as_posix() for k, v in (figures or {}).items()}
    slides = {k: Path(v).as_posix() for k, v in (slides or {}).items()}
    kab = pkg.nama
    say = units.adapt

    def fig(name: str) -> list[Figure]:
        if name not in figures:
            return []
        return [Figure(name, say(f"{AREA_FIGURES[name]} — {kab}, {meta['tahun']}"),
                       figures[name], slides.get(name, ""))]

    def table_or(name: str, empty: str) -> list:
        t = tables[name]
        return [t] if len(t) else [Paragraph(say(empty))]

    notes = [say(n) for n in result.notes]
    sections = [
        Section("Ringkasan Eksekutif", [
            *[Paragraph(p) for p in _summary_paragraphs(summary, meta, cls, units)],
            KeyNumbers(), tables["sebaran_kelas"], *fig("peta_gabungan")]),
        Section("Profil Wilayah", [
            Paragraph(say(f"Jumlah desa, penduduk, kepadatan dan proporsi KK miskin per "
                          f"kecamatan di {kab} (Form 2 Instrumen SSK).")),
            tables["profil_wilayah"]]),
        Section("Hasil Studi EHRA", [
            Paragraph(_ehra_text(result.method, units)),
            *table_or("ehra_strata", "Data EHRA belum tersedia: IRS tidak ada data."),
            *table_or("irs_desa", "Tidak ada desa yang disurvei EHRA."),
            *fig("peta_irs"), *fig("peta_strata")]),
        Section("Data Sekunder", [
            Paragraph(say("Indikator turunan Form 2 per desa dan skornya. ")
                      + _interval_text(result.method, kab) + " IMPACT adalah rata-rata "
                      "berbobot skor jumlah penduduk, kepadatan dan kemiskinan."),
            tables["data_sekunder"]]),
        Section("Persepsi OPD", [
            Paragraph(say("Rata-rata skor persepsi OPD anggota Pokja per desa dan komponen "
                          "(1 kurang berisiko … 4 sangat berisiko).")),
            tables["persepsi_opd"]]),
        Section("Area Berisiko per Komponen", [
            Paragraph(_class_text(result.method, cls, units, kab)),
            *fig("peta_air_limbah"), *fig("peta_persampahan"), *fig("peta_drainase"),
            tables["area_berisiko"]]),
        Section(say("Daftar Desa Prioritas"), [
            Paragraph(say(f"Desa dengan kelas gabungan {cls.teks_prioritas} "
                          f"({units.n(summary['prioritas']['gabungan'])}), yang paling berisiko "
                          "lebih dulu: menurut kelas gabungan, lalu menurut IMPACT × EXPOSURE "
                          "tertinggi dari ketiga komponen; kecamatannya di kolom ketiga.")),
            *table_or("desa_prioritas", f"Tidak ada desa prioritas ({cls.teks_prioritas}).")]),
        Section("Kecamatan Berisiko", [
            Paragraph(say(_kecamatan_text(result.method, cls))),
            *fig("peta_kecamatan"),
            *table_or("kecamatan", "Tabel kecamatan tidak dapat disusun.")]),
        Section("Override Pokja", [
            Paragraph("Kelas yang diubah atau dikonfirmasi Pokja setelah verifikasi lapangan, "
                      "dengan alasannya. Nomor peta (No. peta) sama dengan nomor pada lembar "
                      "peta."),
            *table_or("override", "Pokja tidak mengubah kelas mana pun.")]),
        Section("Catatan", [Bullets(tuple(notes)) if notes
                            else Paragraph("Tidak ada catatan."),
                            *([Paragraph(say(
                                "Subindikator EHRA yang tidak dijawab satu pun rumah tangga "
                                "di desa atau strata berikut, dan perlakuannya (opsi "
                                "ehra.subindikator_kosong):")), tables["subindikator_kosong"]]
                              if len(tables["subindikator_kosong"]) else [])]),
        Section("Metode dan Asumsi", [
            *[Paragraph(p) for p in _method_paragraphs(result.method, cls, units, kab)],
            tables["metode"],
            Paragraph(say("Batas kelas yang benar-benar dipakai untuk setiap indikator, IRS dan "
                          "IMPACT × EXPOSURE: dengan tabel ini setiap skor dan kelas dalam "
                          "laporan dapat dihitung ulang dengan tangan. Contoh: desa dengan nilai "
                          "di kolom Skor 3 suatu indikator mendapat skor 3 untuk indikator "
                          "itu.")),
            tables["batas_kelas"]]),
        Section("Sumber Data", [Bullets(tuple(meta["sumber_data"]))]),
    ]
    sources = table_from_frame("sumber_data", "Sumber Data",
                               pd.DataFrame({"sumber_data": meta["sumber_data"]}),
                               {"sumber_data": ("Sumber data", "", "text")})
    return Report("area_berisiko", TITLE, meta, _key_numbers(summary, cls, units), sections,
                  summary, extra_tables=[sources])
