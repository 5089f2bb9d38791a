"""*Metode dan Asumsi* for a Pokja member who checks a score by hand (pure).

Two tables of the area report, built from the method and the scored table:

- :func:`method_sentences`: every rule and option of the method actually used, one plain
  Indonesian sentence each (the ``metode.yaml`` option name is kept in a last column for the
  analyst who wants to change it);
- :func:`class_bounds`: the class boundaries actually used for every indicator, the IRS and
  IMPACT × EXPOSURE of each component, with the smallest and largest value they come from,
  so any score 1–4 in the report can be recomputed from the report alone.

Examples
--------
>>> range_texts([2.5, 5.0, 7.5], 1, 1)
['≤ 2,5', '> 2,5 s.d. 5,0', '> 5,0 s.d. 7,5', '> 7,5']
>>> range_texts([2.5, 5.0, 7.5], 1, -1)
['> 7,5', '> 5,0 s.d. 7,5', '> 2,5 s.d. 5,0', '≤ 2,5']
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import fmt
from ..labels import COMPONENTS, IRS_LABEL, KOMPONEN_LABEL, UnitNames, indicator_title
from ..method import active_indicators, class_labels, normalise_weights
from ..scoring import equal_interval_bounds

__all__ = ["BOUND_COLUMNS", "class_bounds", "method_sentences", "range_texts"]

_SOURCE_NAME = {"sekunder": "skor data sekunder", "irs": "skor IRS",
                "persepsi": "skor persepsi OPD"}
_GROUP_NAME = {"impact": "IMPACT", **{c: f"skor sekunder {KOMPONEN_LABEL[c].lower()}"
                                      for c in COMPONENTS}}


def _n(value: float, decimals: int | None = None) -> str:
    return fmt.number(value, decimals) if decimals is not None else fmt.number(value)


def range_texts(bounds: list[float], decimals: int | None, direction: int) -> list[str]:
    """What values get score 1..k: upper boundaries inclusive; reversed for indicators that
    are riskier when smaller (``direction`` −1)."""
    b = [_n(x, decimals) for x in bounds]
    texts = [f"≤ {b[0]}", *[f"> {b[i - 1]} s.d. {b[i]}" for i in range(1, len(b))],
             f"> {b[-1]}"]
    return texts if direction >= 0 else texts[::-1]


BOUND_COLUMNS = ("variabel", "satuan", "arah", "nilai_terkecil", "nilai_terbesar")
"""Leading columns of :func:`class_bounds`; then ``skor_1`` … ``skor_k``."""


def class_bounds(desa: pd.DataFrame, method: Mapping) -> pd.DataFrame:
    """The class boundaries used for one kabupaten's scored table.

    One row per scored quantity: each active secondary indicator (IMPACT and each
    component), the IRS total (IRS class), each IRS component feeding EXPOSURE, and IMPACT ×
    EXPOSURE of each component (area class). Boundaries are recomputed from the values with
    the method's rule (:func:`ppsp_analysis.scoring.equal_interval_bounds`), exactly as the
    scoring does.

    Returns
    -------
    pandas.DataFrame
        :data:`BOUND_COLUMNS` and ``skor_1`` … ``skor_k`` (text ranges such as
        ``> 2,5 s.d. 5,0``).
    """
    k = int(method["kelas"]["jumlah"])
    dec = method["kelas"].get("desimal_batas")
    rnd = method["kelas"].get("pembulatan_batas", "half_up")
    rows: list[dict] = []

    def add(name: str, unit: str, values: pd.Series, direction: int = 1,
            fixed: list[float] | None = None) -> None:
        v = pd.to_numeric(values, errors="coerce").dropna().astype(float)
        row = {"variabel": name, "satuan": unit,
               "arah": "makin besar makin berisiko" if direction >= 0 else
               "makin kecil makin berisiko",
               "nilai_terkecil": float(v.min()) if len(v) else np.nan,
               "nilai_terbesar": float(v.max()) if len(v) else np.nan}
        if fixed is not None:
            texts = range_texts(list(fixed), None, 1)
            row["arah"] = "batas tetap"
        elif not len(v):
            texts = ["tidak ada data"] * k
        elif v.min() == v.max():
            texts = ["semua nilai sama: skor 1"] + ["–"] * (k - 1)
        else:
            texts = range_texts(equal_interval_bounds(v.min(), v.max(), k, dec, rnd), dec,
                                direction)
        row.update({f"skor_{i}": t for i, t in enumerate(texts, start=1)})
        rows.append(row)

    for group, specs in active_indicators(dict(method)).items():
        for name, spec in specs.items():
            col = f"ind_{name}"
            if col in desa.columns:
                add(f"{indicator_title(name)} ({_GROUP_NAME.get(group, group)})",
                    str(spec.get("satuan", "")), desa[col], int(spec.get("arah", 1)))
    if "irs_total" in desa.columns:
        add("IRS total (kelas IRS)", "0–500", desa["irs_total"])
    for comp in COMPONENTS:
        src = method["exposure"]["komponen_irs"][comp]
        if f"irs_{src}" in desa.columns:
            add(f"IRS {IRS_LABEL.get(src, src).lower()} (skor IRS untuk EXPOSURE "
                f"{KOMPONEN_LABEL[comp].lower()})", "0–100", desa[f"irs_{src}"])
    area = method["area_berisiko"]
    fixed = list(area.get("batas_tetap", [4, 8, 12])) if area["metode_kelas"] == \
        "tetap_4_8_12" else None
    for comp in COMPONENTS:
        if f"area_{comp}" in desa.columns:
            add(f"IMPACT × EXPOSURE {KOMPONEN_LABEL[comp].lower()} (kelas area berisiko)",
                "1–16", desa[f"area_{comp}"], fixed=fixed)
    cols = [*BOUND_COLUMNS, *[f"skor_{i}" for i in range(1, k + 1)]]
    return pd.DataFrame(rows, columns=cols)


def method_sentences(method: Mapping, units: UnitNames | None = None) -> pd.DataFrame:
    """Every rule of the method actually used, as ``aspek`` / ``ketentuan`` (a plain
    Indonesian sentence) / ``opsi`` (the ``metode.yaml`` option it comes from).

    Weights are shown normalised, numbers the Indonesian way; indicators switched off
    (``aktif: false``) are left out.
    """
    m = dict(method)
    u = units or UnitNames.from_word("desa")
    rows: list[tuple[str, str, str]] = []
    for group, specs in active_indicators(m).items():
        w = normalise_weights({n: s.get("bobot", 1) for n, s in specs.items()})
        for name, spec in specs.items():
            arah = ("makin besar makin berisiko" if int(spec.get("arah", 1)) >= 0 else
                    "makin kecil makin berisiko (skor dibalik)")
            unit = f" ({spec['satuan']})" if spec.get("satuan") else ""
            rows.append((f"Indikator {indicator_title(name).lower()}{unit}",
                         f"Dihitung dari kolom Form 2: {spec['rumus']}; {arah}; bobot "
                         f"{fmt.number(w[name], 2)} dalam {_GROUP_NAME.get(group, group)}.",
                         f"sekunder.{group}.{name}"))
    for comp, weights in m["exposure"]["bobot"].items():
        w = normalise_weights(weights)
        parts = " + ".join(f"{fmt.number(v, 2)} × {_SOURCE_NAME.get(s, s)}"
                           for s, v in w.items())
        rows.append((f"EXPOSURE {KOMPONEN_LABEL[comp].lower()}", f"EXPOSURE = {parts}.",
                     f"exposure.bobot.{comp}"))
    irs_src = ", ".join(f"{KOMPONEN_LABEL[c].lower()} memakai IRS "
                        f"{IRS_LABEL.get(s, s).lower()}"
                        for c, s in m["exposure"]["komponen_irs"].items())
    rows.append(("IRS untuk EXPOSURE", f"Skor IRS tiap komponen: {irs_src}.",
                 "exposure.komponen_irs"))
    missing = m["exposure"]["sumber_hilang"]
    rows.append(("Sumber EXPOSURE yang kosong",
                 u.adapt(f"{u.Kata} yang salah satu sumber EXPOSURE-nya kosong tidak diberi "
                         "kelas (tidak ada data).") if missing == "tidak_ada_data" else
                 "Bobot sumber yang ada dinormalkan ulang (hasil sementara).",
                 f"exposure.sumber_hilang = {missing}"))
    ehra = m["ehra"]
    rows.append(("Unit IRS",
                 u.adapt(f"{u.Kata} yang disurvei memakai IRS dari rumah tangganya sendiri; "
                         f"{u.kata} lain memakai IRS strata-nya.") if ehra["unit_irs"] == "desa"
                 else u.adapt(f"Setiap {u.kata} memakai IRS strata-nya (gabungan rumah tangga "
                              f"{u.kata} disurvei dengan strata yang sama)."),
                 f"ehra.unit_irs = {ehra['unit_irs']}"))
    agg = {"mean": "rata-rata", "sum": "jumlah", "weighted": "rata-rata berbobot"}.get(
        ehra["agregasi"], str(ehra["agregasi"]))
    rows.append(("Skor komponen EHRA",
                 f"Persentase rumah tangga berisiko tiap subindikator, digabung per komponen "
                 f"dengan {agg}; IRS total = jumlah kelima komponen (0–500).",
                 f"ehra.agregasi = {ehra['agregasi']}"))
    rows.append(("Subindikator tanpa jawaban",
                 "Tidak ikut dihitung (komponen dirata-rata dari subindikator lain)."
                 if ehra.get("subindikator_kosong", "abaikan") == "abaikan" else
                 "Dihitung 0% rumah tangga berisiko.",
                 f"ehra.subindikator_kosong = {ehra.get('subindikator_kosong', 'abaikan')}"))
    p = m["persepsi"]
    pagg = {"mean": "rata-rata", "median": "median", "mode": "modus"}.get(p["agregasi"],
                                                                          str(p["agregasi"]))
    rounding = ("lalu dibulatkan ke bilangan bulat terdekat (0,5 ke atas)"
                if p["pembulatan"] == "half_up" else "tanpa pembulatan")
    rows.append(("Skor persepsi OPD",
                 u.adapt(f"Skor OPD (1–4) tiap {u.kata} dan komponen digabung dengan {pagg}, "
                         f"{rounding}."),
                 f"persepsi.agregasi = {p['agregasi']}; persepsi.pembulatan = "
                 f"{p['pembulatan']}"))
    k = int(m["kelas"]["jumlah"])
    dec = m["kelas"].get("desimal_batas")
    rnd = m["kelas"].get("pembulatan_batas", "half_up")
    how = ("dibulatkan seperti ROUND Excel (0,5 ke atas)" if rnd == "half_up" else
           "dibulatkan ke atas seperti ROUNDUP Excel")
    bound_text = ("tidak dibulatkan" if dec is None else
                  f"{how} ke {fmt.integer(dec)} angka di belakang koma")
    rows.append(("Skor 1–4 (interval sama)",
                 u.adapt(f"Rentang nilai terkecil–terbesar di kabupaten dibagi {k} sama lebar; "
                         f"batas kelas {bound_text}; nilai tepat pada batas masuk kelas bawah; "
                         "skor dibalik untuk indikator yang makin kecil makin berisiko. Batas "
                         "yang dipakai ada pada tabel Batas Kelas."),
                 f"kelas.jumlah = {k}; kelas.desimal_batas = {dec}; kelas.pembulatan_batas = "
                 f"{rnd}"))
    area = m["area_berisiko"]
    if area["metode_kelas"] == "tetap_4_8_12":
        rule = ("batas tetap " + ", ".join(fmt.number(b) for b in area["batas_tetap"])
                + " (nilai tepat pada batas masuk kelas bawah)")
    else:
        rule = "interval sama antara nilai terkecil dan terbesar di kabupaten (seperti di atas)"
    rows.append(("Kelas area berisiko",
                 f"IMPACT × EXPOSURE (1–16) tiap komponen dikelaskan 1–{k} dengan {rule}.",
                 f"area_berisiko.metode_kelas = {area['metode_kelas']}"))
    combined = {"maks": "kelas tertinggi dari ketiga komponen",
                "rata_rata": "rata-rata kelas ketiga komponen, dibulatkan 0,5 ke atas"}.get(
        m["gabungan"]["metode"], str(m["gabungan"]["metode"]))
    rows.append(("Kelas gabungan", f"Kelas gabungan = {combined}.",
                 f"gabungan.metode = {m['gabungan']['metode']}"))
    thr = int(area["ambang_prioritas"])
    rows.append(("Prioritas", u.adapt(f"{u.Kata} dengan kelas {thr} ke atas menjadi prioritas."),
                 f"area_berisiko.ambang_prioritas = {thr}"))
    names = "; ".join(f"{key} {val}" for key, val in class_labels(m, "area").items())
    irs_names = "; ".join(f"{key} {val}" for key, val in class_labels(m, "irs").items())
    rows.append(("Nama kelas", f"Area berisiko: {names}. IRS: {irs_names}.",
                 f"kelas.label = {m['kelas'].get('label', '')}"))
    st = m["stratifikasi"]
    poverty = ("median persentase KK miskin di kabupaten" if st["ambang_kemiskinan_pct"] is None
               else f"{fmt.number(st['ambang_kemiskinan_pct'])}% KK miskin")
    rows.append(("Strata EHRA",
                 u.adapt(f"Strata {u.kata} = jumlah kriteria yang dipenuhi (0–4); ambang "
                         f"kepadatan {fmt.number(st['ambang_kepadatan_jiwa_ha'])} jiwa/ha, "
                         f"ambang kemiskinan {poverty}."),
                 "stratifikasi.ambang_kepadatan_jiwa_ha; stratifikasi.ambang_kemiskinan_pct"))
    kec = m.get("kecamatan", {})
    if kec.get("metode") == "persen_penduduk_prioritas":
        cuts = [fmt.number(v) for v in kec.get("ambang_persen", [25, 50, 75])]
        text = (u.adapt(f"Persentase penduduk kecamatan yang tinggal di {u.kata} prioritas: "
                        f"kelas 1 sampai {cuts[0]}%, kelas 2 sampai {cuts[1]}%, kelas 3 sampai "
                        f"{cuts[2]}%, kelas 4 di atasnya."))
    else:
        text = u.adapt(f"Rata-rata IMPACT × EXPOSURE {u.kata}-{u.kata}nya, tertimbang jumlah "
                       f"penduduk, dikelaskan dengan aturan kelas {u.kata}.")
    rows.append(("Kelas kecamatan", text, f"kecamatan.metode = {kec.get('metode', '')}"))
    return pd.DataFrame(rows, columns=["aspek", "ketentuan", "opsi"])
