"""Programs, budget and commitments (sheets ``Program``, ``Anggaran``, ``Komitmen``).

APBD murni untuk sanitasi (Juknis-01/-03 *Perkiraan Kemampuan Daerah untuk Pendanaan
Sanitasi*) = belanja sanitasi − DAK sanitasi − pinjaman/hibah; its share is taken of the
total APBD (the formula is read from the indicator catalogue, ``apbd_murni_sanitasi``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._base import (
    MonevResult,
    Peringatan,
    ada,
    bagi,
    daftar_singkat,
    ke_angka,
    periksa_kolom,
    tahun_hilang,
)
from .catalogue import hitung_rumus, katalog_indikator

SUMBER_DANA = ("APBD Kabupaten", "APBD Provinsi", "APBN", "DAK", "Dana Desa", "Swasta/CSR",
               "Perbankan", "Masyarakat")
JENIS_KEGIATAN = ("investasi", "O&M")
KOMPONEN_PROGRAM = ("air_limbah", "persampahan", "drainase", "phbs")
LABEL_KOMPONEN = {"air_limbah": "Air limbah domestik", "persampahan": "Persampahan",
                  "drainase": "Drainase lingkungan", "phbs": "PHBS", "semua": "Semua komponen",
                  "air_minum": "Air minum"}
JENIS_PIHAK = ("kecamatan", "desa", "swasta", "perbankan", "lainnya")
STATUS_KOMITMEN = ("direncanakan", "disepakati", "terealisasi")
_KOLOM_PROGRAM = ["tahun", "nama_kegiatan", "komponen", "sumber_dana", "jenis", "kode_desa",
                  "rencana_rp", "realisasi_rp"]
_KOLOM_ANGGARAN = ["tahun", "total_apbd_rp", "belanja_sanitasi_rp", "dak_sanitasi_rp",
                   "pinjaman_hibah_rp"]


def siapkan_program(program: pd.DataFrame | None) -> MonevResult:
    """Validate sheet ``Program`` and normalise its categories.

    Category values are matched case-insensitively to :data:`SUMBER_DANA`,
    :data:`JENIS_KEGIATAN` and :data:`KOMPONEN_PROGRAM`; unknown values are kept as written and
    reported. ``kode_desa`` blank means kabupaten-wide (``NaN`` in the output).

    Returns
    -------
    MonevResult
        ``tabel``: the cleaned rows (``tahun`` int, amounts float). ``peringatan``: empty
        sheet, unknown categories, blank amounts, gaps in the years, realisation above plan.
    """
    peringatan: list[Peringatan] = []
    if not ada(program):
        peringatan.append(Peringatan("sheet_kosong", "sheet Program kosong: rencana dan "
                                     "realisasi program tidak dapat dihitung", sheet="Program"))
        return MonevResult(pd.DataFrame(columns=_KOLOM_PROGRAM), peringatan)
    periksa_kolom(program, _KOLOM_PROGRAM, "Program")
    df = ke_angka(program, ["tahun", "rencana_rp", "realisasi_rp"], "Program", peringatan)
    tanpa = df["tahun"].isna()
    if tanpa.any():
        peringatan.append(Peringatan("tahun_kosong", f"{int(tanpa.sum())} kegiatan tanpa tahun "
                                     "diabaikan", sheet="Program"))
        df = df[~tanpa].copy()
    df["tahun"] = df["tahun"].astype(int)
    for kolom, sah in (("sumber_dana", SUMBER_DANA), ("jenis", JENIS_KEGIATAN),
                       ("komponen", KOMPONEN_PROGRAM)):
        df[kolom], p = _normalkan(df[kolom], sah, kolom, "Program")
        peringatan += p
    kode = df["kode_desa"].astype("string").str.strip()
    df["kode_desa"] = kode.where(kode.notna() & (kode != ""), None).astype(object)
    for k in ("rencana_rp", "realisasi_rp"):
        if df[k].isna().any():
            peringatan.append(Peringatan(
                "nilai_kosong", f"{int(df[k].isna().sum())} kegiatan tanpa {k} (dihitung 0)",
                sheet="Program"))
    lebih = df["realisasi_rp"] > df["rencana_rp"]
    if lebih.any():
        peringatan.append(Peringatan(
            "realisasi_lebih", f"{int(lebih.sum())} kegiatan realisasinya melebihi rencana: "
            f"{daftar_singkat(df.loc[lebih, 'nama_kegiatan'], 5)}", sheet="Program"))
    for th in tahun_hilang(df["tahun"]):
        peringatan.append(Peringatan("tahun_hilang", f"tidak ada kegiatan tercatat tahun {th}",
                                     sheet="Program", tahun=th))
    return MonevResult(df.reset_index(drop=True), peringatan)


def rekap_program(program: pd.DataFrame | None,
                  per: Sequence[str] = ("tahun", "komponen", "sumber_dana", "jenis"),
                  ) -> MonevResult:
    """Plan vs realisation summed over the categories ``per``.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    per : sequence of str
        Any of ``tahun, komponen, sumber_dana, jenis, kode_desa``.

    Returns
    -------
    MonevResult
        ``tabel``: ``<per>..., jumlah_kegiatan, rencana_rp, realisasi_rp, pct_realisasi``
        (realisasi ÷ rencana × 100, NaN when nothing was planned).
    """
    siap = siapkan_program(program)
    df = siap.tabel
    per = list(per)
    if not len(df):
        kol = [*per, "jumlah_kegiatan", "rencana_rp", "realisasi_rp", "pct_realisasi"]
        return MonevResult(pd.DataFrame(columns=kol), siap.peringatan)
    g = df.groupby(per, dropna=False, sort=True)
    out = g[["rencana_rp", "realisasi_rp"]].sum(min_count=1).fillna(0.0)
    out.insert(0, "jumlah_kegiatan", g.size())
    out = out.reset_index()
    out["pct_realisasi"] = bagi(out["realisasi_rp"], out["rencana_rp"], 100.0)
    return MonevResult(out, siap.peringatan)


def basis_program(program: pd.DataFrame | None) -> MonevResult:
    """Per-year sums used by the programme indicators of the catalogue.

    Returns
    -------
    MonevResult
        ``tabel``: ``tahun, rencana_rp, realisasi_rp, realisasi_investasi_rp,
        realisasi_om_rp``.
    """
    siap = siapkan_program(program)
    df = siap.tabel
    kol = ["tahun", "rencana_rp", "realisasi_rp", "realisasi_investasi_rp", "realisasi_om_rp"]
    if not len(df):
        return MonevResult(pd.DataFrame(columns=kol), siap.peringatan)
    d = df.assign(realisasi_investasi_rp=df["realisasi_rp"].where(df["jenis"] == "investasi", 0),
                  realisasi_om_rp=df["realisasi_rp"].where(df["jenis"] == "O&M", 0))
    out = d.groupby("tahun")[kol[1:]].sum().reset_index()
    return MonevResult(out, siap.peringatan)


def penduduk_tahunan(akses_siap: pd.DataFrame, form2: pd.DataFrame,
                     tahun: Sequence[int]) -> MonevResult:
    """Kabupaten population per year for per-capita indicators.

    The sum of ``penduduk`` in sheet ``Akses`` is used when every desa of ``Form2`` reported it
    that year; otherwise the ``Form2`` total is used and the substitution is reported.

    Parameters
    ----------
    akses_siap : pandas.DataFrame
        Output table of :func:`~ppsp_analysis.monev.ladders.siapkan_akses`.
    form2 : pandas.DataFrame
        Sheet ``Form2`` (``penduduk`` used as fallback).
    tahun : sequence of int
        Years needed.

    Returns
    -------
    MonevResult
        ``tabel``: ``tahun, penduduk, sumber_penduduk`` (``"Akses"``, ``"Form2"`` or ``""``).
    """
    n_desa = form2["kode_desa"].nunique()
    f2_total = (pd.to_numeric(form2["penduduk"], errors="coerce").sum(min_count=1)
                if "penduduk" in form2 else np.nan)
    baris, peringatan = [], []
    for th in sorted({int(t) for t in tahun}):
        g = akses_siap[(akses_siap["tahun"] == th) & akses_siap["penduduk"].notna()]
        if len(g) and g["kode_desa"].nunique() == n_desa:
            baris.append((th, float(g["penduduk"].sum()), "Akses"))
        elif pd.notna(f2_total):
            baris.append((th, float(f2_total), "Form2"))
            peringatan.append(Peringatan(
                "penduduk_pengganti", f"tahun {th}: penduduk di sheet Akses tidak lengkap "
                f"({g['kode_desa'].nunique()} dari {n_desa} desa); per kapita memakai penduduk "
                "Form2", sheet="Akses", tahun=th))
        else:
            baris.append((th, np.nan, ""))
            peringatan.append(Peringatan(
                "penduduk_hilang", f"tahun {th}: jumlah penduduk tidak diketahui; nilai per "
                "kapita tidak dihitung", sheet="Akses", tahun=th))
    return MonevResult(pd.DataFrame(baris, columns=["tahun", "penduduk", "sumber_penduduk"]),
                       peringatan)


def anggaran_sanitasi(anggaran: pd.DataFrame | None,
                      penduduk: pd.DataFrame | None = None) -> MonevResult:
    """APBD-murni sanitation spending, its share of the APBD, per-capita values and growth.

    Parameters
    ----------
    anggaran : pandas.DataFrame
        Sheet ``Anggaran``: ``tahun, total_apbd_rp, belanja_sanitasi_rp, dak_sanitasi_rp,
        pinjaman_hibah_rp``.
    penduduk : pandas.DataFrame, optional
        ``tahun, penduduk`` (see :func:`penduduk_tahunan`); per-capita columns are NaN without.

    Returns
    -------
    MonevResult
        ``tabel`` per year: the inputs, ``apbd_murni_sanitasi_rp`` (belanja − DAK −
        pinjaman/hibah), ``pct_belanja_sanitasi_apbd``, ``pct_apbd_murni_sanitasi`` (both
        ÷ total APBD × 100), ``penduduk``, ``belanja_sanitasi_per_kapita``,
        ``apbd_murni_per_kapita`` (Rp/jiwa), ``pertumbuhan_belanja_sanitasi_pct`` and
        ``pertumbuhan_apbd_murni_pct`` (growth over the previous calendar year; NaN when that
        year is missing).

    Examples
    --------
    >>> a = pd.DataFrame({"tahun": [2024], "total_apbd_rp": [1_000e9],
    ...     "belanja_sanitasi_rp": [30e9], "dak_sanitasi_rp": [8e9], "pinjaman_hibah_rp": [2e9]})
    >>> float(anggaran_sanitasi(a).tabel["pct_apbd_murni_sanitasi"].iloc[0])
    2.0
    """
    peringatan: list[Peringatan] = []
    if not ada(anggaran):
        peringatan.append(Peringatan("sheet_kosong", "sheet Anggaran kosong: APBD murni sanitasi "
                                     "tidak dapat dihitung", sheet="Anggaran"))
        return MonevResult(pd.DataFrame(columns=_KOLOM_ANGGARAN), peringatan)
    periksa_kolom(anggaran, _KOLOM_ANGGARAN, "Anggaran")
    df = ke_angka(anggaran, _KOLOM_ANGGARAN, "Anggaran", peringatan)
    df = df.dropna(subset=["tahun"]).copy()
    df["tahun"] = df["tahun"].astype(int)
    if df["tahun"].duplicated().any():
        peringatan.append(Peringatan("baris_ganda", "tahun ganda di sheet Anggaran; dipakai baris "
                                     "pertama", sheet="Anggaran"))
        df = df.drop_duplicates("tahun")
    df = df.sort_values("tahun").reset_index(drop=True)
    for k in ("dak_sanitasi_rp", "pinjaman_hibah_rp"):
        kosong = df[k].isna()
        if kosong.any():
            peringatan.append(Peringatan(
                "nilai_kosong", f"{k} kosong tahun {daftar_singkat(df.loc[kosong, 'tahun'])} "
                "(dihitung 0)", sheet="Anggaran"))
            df[k] = df[k].fillna(0.0)
    for k in ("total_apbd_rp", "belanja_sanitasi_rp"):
        if df[k].isna().any():
            peringatan.append(Peringatan(
                "nilai_kosong", f"{k} kosong tahun {daftar_singkat(df.loc[df[k].isna(), 'tahun'])}",
                sheet="Anggaran"))
    kat = katalog_indikator()
    df["apbd_murni_sanitasi_rp"] = hitung_rumus(kat.loc["apbd_murni_sanitasi", "pembilang"], df)
    neg = df["apbd_murni_sanitasi_rp"] < 0
    if neg.any():
        peringatan.append(Peringatan(
            "apbd_murni_negatif", "DAK + pinjaman/hibah melebihi belanja sanitasi tahun "
            f"{daftar_singkat(df.loc[neg, 'tahun'])}; periksa angka", sheet="Anggaran"))
    df["pct_belanja_sanitasi_apbd"] = bagi(df["belanja_sanitasi_rp"], df["total_apbd_rp"], 100.0)
    df["pct_apbd_murni_sanitasi"] = bagi(df["apbd_murni_sanitasi_rp"], df["total_apbd_rp"], 100.0)
    if penduduk is not None and len(penduduk):
        df = df.merge(penduduk[["tahun", "penduduk"]], on="tahun", how="left")
    else:
        df["penduduk"] = np.nan
    df["belanja_sanitasi_per_kapita"] = bagi(df["belanja_sanitasi_rp"], df["penduduk"])
    df["apbd_murni_per_kapita"] = bagi(df["apbd_murni_sanitasi_rp"], df["penduduk"])
    df["pertumbuhan_belanja_sanitasi_pct"] = _tumbuh(df, "belanja_sanitasi_rp")
    df["pertumbuhan_apbd_murni_pct"] = _tumbuh(df, "apbd_murni_sanitasi_rp")
    for th in tahun_hilang(df["tahun"]):
        peringatan.append(Peringatan("tahun_hilang", f"tidak ada data anggaran tahun {th}; "
                                     "pertumbuhan tahun berikutnya tidak dihitung",
                                     sheet="Anggaran", tahun=th))
    return MonevResult(df, peringatan)


def pertumbuhan_rata2(tabel: pd.DataFrame,
                      kolom: str = "pertumbuhan_belanja_sanitasi_pct") -> float:
    """Average of the year-on-year growth rates (the SSK budget-table convention), in %.

    Examples
    --------
    >>> pertumbuhan_rata2(pd.DataFrame({"g": [np.nan, 10.0, 30.0]}), "g")
    20.0
    """
    v = tabel[kolom].dropna()
    return float(v.mean()) if len(v) else float("nan")


def tabel_komitmen(komitmen: pd.DataFrame | None) -> MonevResult:
    """Who committed what: the cleaned ``Komitmen`` rows, sorted by year, party type and amount.

    Returns
    -------
    MonevResult
        ``tabel``: ``tahun, pihak, jenis_pihak, komponen, nilai_rp, status`` plus
        ``label_komponen``; unknown party types / statuses are kept and reported.
    """
    kol = ["tahun", "pihak", "jenis_pihak", "komponen", "nilai_rp", "status"]
    peringatan: list[Peringatan] = []
    if not ada(komitmen):
        peringatan.append(Peringatan("sheet_kosong", "sheet Komitmen kosong: belum ada komitmen "
                                     "tercatat", sheet="Komitmen"))
        return MonevResult(pd.DataFrame(columns=[*kol, "label_komponen"]), peringatan)
    periksa_kolom(komitmen, kol, "Komitmen")
    df = ke_angka(komitmen, ["tahun", "nilai_rp"], "Komitmen", peringatan)[kol].copy()
    for kolom, sah in (("jenis_pihak", JENIS_PIHAK), ("status", STATUS_KOMITMEN),
                       ("komponen", KOMPONEN_PROGRAM)):
        df[kolom], p = _normalkan(df[kolom], sah, kolom, "Komitmen")
        peringatan += p
    if df["nilai_rp"].isna().any():
        peringatan.append(Peringatan("nilai_kosong", f"{int(df['nilai_rp'].isna().sum())} "
                                     "komitmen tanpa nilai_rp", sheet="Komitmen"))
    df["label_komponen"] = df["komponen"].map(LABEL_KOMPONEN).fillna(df["komponen"])
    df["tahun"] = df["tahun"].round().astype("Int64")
    urut = {p: i for i, p in enumerate(JENIS_PIHAK)}
    df = df.assign(_u=df["jenis_pihak"].map(urut).fillna(len(urut))).sort_values(
        ["tahun", "_u", "nilai_rp"], ascending=[True, True, False]).drop(columns="_u")
    return MonevResult(df.reset_index(drop=True), peringatan)


def rekap_komitmen(komitmen: pd.DataFrame | None) -> MonevResult:
    """Commitments summed per party type and status, with a total row.

    Returns
    -------
    MonevResult
        ``tabel`` indexed by ``jenis_pihak`` (+ ``"Jumlah"``): ``jumlah_komitmen``, one
        ``<status>_rp`` column per status, ``total_rp`` and ``pct_terealisasi`` (terealisasi ÷
        total × 100).
    """
    det = tabel_komitmen(komitmen)
    df = det.tabel
    kolom_status = [f"{s}_rp" for s in STATUS_KOMITMEN]
    if not len(df):
        out = pd.DataFrame(columns=["jumlah_komitmen", *kolom_status, "total_rp",
                                    "pct_terealisasi"])
        return MonevResult(out, det.peringatan)
    piv = df.pivot_table(index="jenis_pihak", columns="status", values="nilai_rp",
                         aggfunc="sum", fill_value=0.0)
    piv.columns = [f"{c}_rp" for c in piv.columns]
    for k in kolom_status:
        if k not in piv:
            piv[k] = 0.0
    piv = piv[[*kolom_status, *[c for c in piv.columns if c not in kolom_status]]]
    piv.insert(0, "jumlah_komitmen", df.groupby("jenis_pihak").size())
    piv["total_rp"] = piv.drop(columns="jumlah_komitmen").sum(axis=1)
    urut = [p for p in JENIS_PIHAK if p in piv.index] + [p for p in piv.index
                                                           if p not in JENIS_PIHAK]
    piv = piv.loc[urut]
    piv.loc["Jumlah"] = piv.sum()
    piv["pct_terealisasi"] = bagi(piv["terealisasi_rp"], piv["total_rp"], 100.0)
    piv.index.name = "jenis_pihak"
    return MonevResult(piv, det.peringatan)


# --------------------------------------------------------------------------- helpers
def _normalkan(nilai: pd.Series, sah: Sequence[str], kolom: str,
               sheet: str) -> tuple[pd.Series, list[Peringatan]]:
    peta = {s.lower(): s for s in sah}
    teks = nilai.astype("string").str.strip()
    out = teks.str.lower().map(peta)
    asing = sorted(set(teks[out.isna()].dropna()))
    out = out.fillna(teks).astype(object)
    p = []
    if asing:
        p.append(Peringatan("nilai_tidak_dikenal", f"nilai {kolom} tidak dikenal (dipakai apa "
                            f"adanya): {daftar_singkat(asing)}; yang sah: {', '.join(sah)}",
                            sheet=sheet, kode=kolom))
    if out.isna().any():
        p.append(Peringatan("nilai_kosong", f"{int(out.isna().sum())} baris tanpa {kolom}",
                            sheet=sheet, kode=kolom))
        out = out.fillna("(kosong)")
    return out, p


def _tumbuh(df: pd.DataFrame, kolom: str) -> pd.Series:
    s = df.set_index("tahun")[kolom]
    kini = s.to_numpy(dtype=float)
    lalu = s.reindex(s.index - 1).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (kini - lalu) / np.where(lalu == 0, np.nan, lalu) * 100.0
    return pd.Series(g, index=df.index)
