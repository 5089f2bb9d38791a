"""Indicator series from the catalogue, and progress against targets with a printed rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._base import MonevInput, MonevResult, Peringatan, bagi, daftar_singkat, tahun_hilang
from .budget import anggaran_sanitasi, basis_program, penduduk_tahunan
from .catalogue import gabung_target, hitung_rumus, katalog_indikator
from .ladders import jumlahkan, siapkan_akses
from .targeting import basis_sasaran

STATUS_SESUAI = "sesuai jalur"
STATUS_BERISIKO = "berisiko"
STATUS_TIDAK_SESUAI = "tidak sesuai jalur"
STATUS_TIDAK_DINILAI = "tidak dapat dinilai"
STATUS_TANPA_TARGET = "tanpa target"
STATUS = (STATUS_SESUAI, STATUS_BERISIKO, STATUS_TIDAK_SESUAI, STATUS_TIDAK_DINILAI,
          STATUS_TANPA_TARGET)
BATAS_BERISIKO = 0.5
"""Default lower bound of the trend/required-rate ratio for "berisiko"."""
JENDELA_TAHUN = 5
"""Default number of most recent calendar years the observed trend is fitted on."""
_EPS = 1e-9


def aturan_status(batas_berisiko: float = BATAS_BERISIKO,
                  jendela_tahun: int | None = JENDELA_TAHUN) -> str:
    """The status rule in Bahasa Indonesia, for the report's *Metode dan Asumsi* section.

    Examples
    --------
    >>> print(aturan_status().splitlines()[1][:40])
    1. Laju teramati = kemiringan garis tren
    """
    jendela = (f"{jendela_tahun} tahun terakhir" if jendela_tahun else "semua tahun data")
    b = f"{batas_berisiko:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return (
        "Status capaian tiap indikator dinilai terhadap target SSK kabupaten bila ada, selain "
        "itu target nasional, pada tahun target terdekat yang belum lewat (tahun target ≥ tahun "
        "data terakhir; bila semua sudah lewat, tahun target terakhir):\n"
        "1. Laju teramati = kemiringan garis tren (kuadrat terkecil) atas nilai "
        f"{jendela}; laju diperlukan = (target − nilai terakhir) ÷ (tahun target − tahun data "
        "terakhir); keduanya dibaca searah perbaikan (naik atau turun sesuai indikator).\n"
        f"2. \"{STATUS_SESUAI}\": target sudah tercapai, atau laju teramati ≥ laju diperlukan "
        "(rasio ≥ 1).\n"
        f"3. \"{STATUS_BERISIKO}\": rasio laju teramati ÷ laju diperlukan ≥ {b} dan < 1.\n"
        f"4. \"{STATUS_TIDAK_SESUAI}\": rasio < {b} (termasuk stagnan atau memburuk), atau "
        "tahun target sudah tiba/lewat dan target belum tercapai.\n"
        f"5. \"{STATUS_TIDAK_DINILAI}\": target belum tercapai dan data kurang dari dua tahun "
        f"sehingga tren tidak dapat dihitung; \"{STATUS_TANPA_TARGET}\": tidak ada target "
        "nasional maupun SSK.")


ATURAN_STATUS = aturan_status()
"""The default status rule as printed in the report."""


def status_progres(kebutuhan: float, sisa_tahun: float, laju: float,
                   batas_berisiko: float = BATAS_BERISIKO) -> str:
    """Progress status of one indicator (the rule of :data:`ATURAN_STATUS`).

    Parameters
    ----------
    kebutuhan : float
        Improvement still needed, in the direction of improvement: ``(target − nilai)`` for a
        higher-is-better indicator, ``(nilai − target)`` for lower-is-better. ≤ 0 = reached.
    sisa_tahun : float
        Target year − year of the latest value.
    laju : float
        Observed improvement per year (same direction convention); NaN when unknown.
    batas_berisiko : float
        Lowest ratio ``laju ÷ (kebutuhan / sisa_tahun)`` still called "berisiko".

    Returns
    -------
    str
        One of ``"sesuai jalur"``, ``"berisiko"``, ``"tidak sesuai jalur"``,
        ``"tidak dapat dinilai"``.

    Examples
    --------
    >>> status_progres(10, 5, 2.0), status_progres(10, 5, 1.0), status_progres(10, 5, 0.99)
    ('sesuai jalur', 'berisiko', 'tidak sesuai jalur')
    >>> status_progres(0, 5, -3.0), status_progres(5, 0, 9.0), status_progres(5, 3, float("nan"))
    ('sesuai jalur', 'tidak sesuai jalur', 'tidak dapat dinilai')
    """
    if kebutuhan <= _EPS:
        return STATUS_SESUAI
    if sisa_tahun <= 0:
        return STATUS_TIDAK_SESUAI
    if laju is None or math.isnan(laju):
        return STATUS_TIDAK_DINILAI
    rasio = laju / (kebutuhan / sisa_tahun)
    if rasio >= 1 - _EPS:
        return STATUS_SESUAI
    if rasio >= batas_berisiko - _EPS:
        return STATUS_BERISIKO
    return STATUS_TIDAK_SESUAI


def laju_tren(tahun: np.ndarray | pd.Series, nilai: np.ndarray | pd.Series) -> float:
    """Least-squares slope of ``nilai`` on ``tahun`` (units per year); NaN with < 2 years.

    Examples
    --------
    >>> laju_tren([2020, 2021, 2023], [10.0, 12.0, 16.0])
    2.0
    """
    t = np.asarray(tahun, dtype=float)
    v = np.asarray(nilai, dtype=float)
    ok = ~np.isnan(v)
    t, v = t[ok], v[ok]
    if len(np.unique(t)) < 2:
        return float("nan")
    tm = t - t.mean()
    return float(np.round((tm * (v - v.mean())).sum() / (tm**2).sum(), 10)) + 0.0


def seri_indikator(masukan: MonevInput, tingkat: str = "kabupaten",
                   skor: pd.DataFrame | None = None, indikator: list[str] | None = None,
                   siap: MonevResult | None = None) -> MonevResult:
    """Compute every catalogue indicator per unit and year, as ratios of sums.

    Access indicators (basis ``akses``) are computed at any ``tingkat``; budget, programme and
    targeting indicators only for the kabupaten (``sasaran`` needs ``skor``).

    Parameters
    ----------
    masukan : MonevInput
        The kabupaten's sheets.
    tingkat : {"desa", "kecamatan", "kabupaten"}
        Unit.
    skor : pandas.DataFrame, optional
        Scored table, for ``anggaran_desa_prioritas``.
    indikator : list of str, optional
        Subset of catalogue codes (default: all).
    siap : MonevResult, optional
        :func:`~ppsp_analysis.monev.ladders.siapkan_akses` of ``masukan``, if already computed.

    Returns
    -------
    MonevResult
        Long ``tabel``: ``tingkat, kode_unit, nama_unit, indikator, tahun, pembilang,
        penyebut, nilai, jumlah_desa_data`` (``nilai = pembilang / penyebut × skala``;
        ``jumlah_desa_data`` = desa that entered the access sums, NaN for budget indicators).
    """
    kat = katalog_indikator()
    if indikator is not None:
        kat = kat.loc[indikator]
    kab, nama = masukan.kode_kabupaten, masukan.nama_kabupaten
    siap = siap if siap is not None else siapkan_akses(masukan.akses, masukan.form2)
    peringatan = list(siap.peringatan)
    bagian = []
    for kode, d in kat[kat["basis"] == "akses"].iterrows():
        desa = siap.tabel.assign(_p=hitung_rumus(d["pembilang"], siap.tabel),
                                 _q=hitung_rumus(d["penyebut"], siap.tabel))
        t = jumlahkan(desa, ["_p", "_q"], tingkat, d["kelompok"], None, kab, nama)
        bagian.append(_jadi_seri(t, kode, d))
    if tingkat == "kabupaten":
        basis: dict[str, pd.DataFrame] = {}
        if (kat["basis"] == "anggaran").any() or (kat["basis"] == "program").any():
            tahun = set()
            for df in (masukan.anggaran, masukan.program):
                if df is not None and len(df) and "tahun" in df:
                    tahun |= set(pd.to_numeric(df["tahun"], errors="coerce").dropna().astype(int))
            pend = penduduk_tahunan(siap.tabel, masukan.form2, sorted(tahun))
            ang = anggaran_sanitasi(masukan.anggaran, pend.tabel)
            prog = basis_program(masukan.program)
            basis["anggaran"], basis["program"] = ang.tabel, prog.tabel
            if len(ang.tabel):
                peringatan += pend.peringatan
            peringatan += ang.peringatan + prog.peringatan
        if (kat["basis"] == "sasaran").any() and skor is not None:
            sas = basis_sasaran(masukan.program, skor)
            basis["sasaran"] = sas.tabel
            peringatan += [p for p in sas.peringatan if p not in peringatan]
        for kode, d in kat[kat["basis"] != "akses"].iterrows():
            df = basis.get(d["basis"])
            if df is None or not len(df):
                continue
            t = pd.DataFrame({"tingkat": tingkat, "kode_unit": kab, "nama_unit": nama,
                              "tahun": df["tahun"].astype(int),
                              "_p": hitung_rumus(d["pembilang"], df),
                              "_q": hitung_rumus(d["penyebut"], df)})
            bagian.append(_jadi_seri(t, kode, d))
    kol = ["tingkat", "kode_unit", "nama_unit", "indikator", "tahun", "pembilang", "penyebut",
           "nilai", "jumlah_desa_data"]
    bagian = [b for b in bagian if len(b)]
    out = pd.concat(bagian, ignore_index=True)[kol] if bagian else pd.DataFrame(columns=kol)
    return MonevResult(out, _unik(peringatan))


def progres(seri: pd.DataFrame, target: pd.DataFrame | None = None, tahun: int | None = None,
            tahun_target: int | None = None, jendela_tahun: int | None = JENDELA_TAHUN,
            batas_berisiko: float = BATAS_BERISIKO) -> MonevResult:
    """Latest value, gap, required vs observed annual rate and status per unit and indicator.

    Parameters
    ----------
    seri : pandas.DataFrame
        Long series (:func:`seri_indikator`): ``kode_unit, nama_unit, indikator, tahun, nilai``.
    target : pandas.DataFrame, optional
        Merged targets (:func:`~ppsp_analysis.monev.catalogue.gabung_target`); default: the
        national targets only.
    tahun : int, optional
        Reporting year: data after it are ignored.
    tahun_target : int, optional
        Evaluate against this target year only; default: the SSK target with the nearest
        year ≥ the latest data year, else such a national target, else the latest target year
        (deadline passed; SSK first).
    jendela_tahun : int or None
        Fit the trend on this many most recent calendar years (None = all).
    batas_berisiko : float
        See :func:`status_progres`.

    Returns
    -------
    MonevResult
        ``tabel``: ``kode_unit, nama_unit, indikator, nama, satuan, arah, tahun_awal,
        tahun_terakhir, jumlah_tahun, nilai_awal, nilai_terakhir, desa_data_terakhir,
        tahun_target, target,
        sumber_target, asal_target, selisih`` (target − latest), ``sisa_tahun``,
        ``laju_diperlukan``, ``laju_teramati`` (units/year, signed), ``rasio_laju``,
        ``proyeksi`` (latest + trend × years left), ``tercapai``, ``status``, ``keterangan``.
    """
    kat = katalog_indikator()
    if target is None:
        target, _ = gabung_target(None)
    peringatan: list[Peringatan] = []
    s = seri.dropna(subset=["nilai"])
    if tahun is not None:
        s = s[s["tahun"] <= tahun]
    baris = []
    celah: dict[tuple[int, ...], set[tuple[str, str]]] = {}
    lama: dict[int, set[tuple[str, str]]] = {}
    for (unit, nama_unit, kode), g in s.groupby(["kode_unit", "nama_unit", "indikator"],
                                                sort=False):
        g = g.sort_values("tahun")
        d = kat.loc[kode]
        arah = 1.0 if d["arah"] == "naik" else -1.0
        t_akhir, v_akhir = int(g["tahun"].iloc[-1]), float(g["nilai"].iloc[-1])
        jen = g[g["tahun"] > t_akhir - jendela_tahun] if jendela_tahun else g
        laju = laju_tren(jen["tahun"], jen["nilai"])
        hilang = tuple(tahun_hilang(g["tahun"]))
        if hilang:
            celah.setdefault(hilang, set()).add((nama_unit, d["nama"]))
        if tahun is not None and t_akhir < tahun:
            lama.setdefault(t_akhir, set()).add((nama_unit, d["nama"]))
        b = {"kode_unit": unit, "nama_unit": nama_unit, "indikator": kode, "nama": d["nama"],
             "satuan": d["satuan"], "arah": d["arah"], "tahun_awal": int(g["tahun"].iloc[0]),
             "tahun_terakhir": t_akhir, "jumlah_tahun": int(g["tahun"].nunique()),
             "nilai_awal": float(g["nilai"].iloc[0]), "nilai_terakhir": v_akhir,
             "desa_data_terakhir": (g["jumlah_desa_data"].iloc[-1] if "jumlah_desa_data" in g
                                    else np.nan),
             "laju_teramati": laju}
        tg = _pilih_target(target[target["indikator"] == kode], t_akhir, tahun_target)
        if tg is None:
            b.update(status=STATUS_TANPA_TARGET, keterangan="tidak ada target nasional/SSK")
            baris.append(b)
            continue
        sisa = int(tg["tahun"]) - t_akhir
        selisih = float(tg["nilai"]) - v_akhir
        kebutuhan = selisih * arah
        perlu = selisih / sisa if sisa > 0 else float("nan")
        b.update(tahun_target=int(tg["tahun"]), target=float(tg["nilai"]),
                 sumber_target=tg["sumber"], asal_target=tg["asal"], selisih=selisih,
                 sisa_tahun=sisa, laju_diperlukan=perlu,
                 rasio_laju=bagi(laju, perlu) if sisa > 0 and kebutuhan > _EPS else float("nan"),
                 proyeksi=v_akhir + laju * sisa if sisa > 0 else float("nan"),
                 tercapai=bool(kebutuhan <= _EPS),
                 status=status_progres(kebutuhan, sisa, laju * arah, batas_berisiko))
        b["keterangan"] = _keterangan(b, d["satuan"], arah)
        baris.append(b)
    for hilang, isi in celah.items():
        unit_ = sorted({u for u, _ in isi})
        ind_ = sorted({i for _, i in isi})
        peringatan.append(Peringatan(
            "tahun_hilang", f"tidak ada nilai tahun {daftar_singkat(hilang)} untuk {len(ind_)} "
            f"indikator di {len(unit_)} wilayah ({daftar_singkat(unit_, 4)}); tren dihitung dari "
            "tahun yang ada", tahun=hilang[0]))
    for t_akhir, isi in sorted(lama.items()):
        ind_ = sorted({i for _, i in isi})
        peringatan.append(Peringatan(
            "data_lama", f"data terakhir tahun {t_akhir}, bukan tahun laporan {tahun}, untuk "
            f"{len(ind_)} indikator: {daftar_singkat(ind_, 4)}", tahun=t_akhir))
    ada_data = set(s["indikator"])
    tanpa = sorted(set(target["indikator"]) - ada_data)
    if tanpa:
        peringatan.append(Peringatan("target_tanpa_data", "ada target tetapi tidak ada data "
                                     f"capaian untuk: {daftar_singkat(tanpa)}"))
    kol = ["kode_unit", "nama_unit", "indikator", "nama", "satuan", "arah", "tahun_awal",
           "tahun_terakhir", "jumlah_tahun", "nilai_awal", "nilai_terakhir",
           "desa_data_terakhir", "tahun_target",
           "target", "sumber_target", "asal_target", "selisih", "sisa_tahun", "laju_diperlukan",
           "laju_teramati", "rasio_laju", "proyeksi", "tercapai", "status", "keterangan"]
    return MonevResult(pd.DataFrame(baris, columns=kol), peringatan)


# --------------------------------------------------------------------------- helpers
def _jadi_seri(t: pd.DataFrame, kode: str, d: pd.Series) -> pd.DataFrame:
    out = t[["tingkat", "kode_unit", "nama_unit", "tahun"]].copy()
    out["indikator"] = kode
    out["jumlah_desa_data"] = (t["jumlah_desa_data"].to_numpy() if "jumlah_desa_data" in t
                               else np.nan)
    out["pembilang"], out["penyebut"] = t["_p"].to_numpy(), t["_q"].to_numpy()
    if d["penyebut"].strip():
        out["nilai"] = bagi(out["pembilang"], out["penyebut"], d["skala"])
    else:
        out["penyebut"] = np.nan
        out["nilai"] = out["pembilang"] * d["skala"]
    return out


def _pilih_target(t: pd.DataFrame, tahun_data: int, tahun_target: int | None) -> pd.Series | None:
    """Nearest target year ≥ the data year, SSK before national; else the latest one passed."""
    if not len(t):
        return None
    t = t.assign(_nas=(t["asal"] != "SSK").astype(int))
    if tahun_target is not None:
        pilih = t[t["tahun"] == tahun_target].sort_values("_nas")
        return pilih.iloc[0] if len(pilih) else None
    depan = t[t["tahun"] >= tahun_data].sort_values(["_nas", "tahun"])
    if len(depan):
        return depan.iloc[0]
    return t.sort_values(["_nas", "tahun"], ascending=[True, False]).iloc[0]


def _angka(x: float, desimal: int = 1) -> str:
    return f"{x:+,.{desimal}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _keterangan(b: dict, satuan: str, arah: float) -> str:
    unit = "poin" if satuan.startswith("%") else satuan
    if b["tercapai"]:
        return f"target {b['tahun_target']} sudah tercapai"
    if b["sisa_tahun"] <= 0:
        return f"tahun target {b['tahun_target']} sudah tiba/lewat, target belum tercapai"
    if math.isnan(b["laju_teramati"]):
        return "baru satu tahun data; tren belum dapat dihitung"
    pct = b["rasio_laju"] * 100
    return (f"perlu {_angka(b['laju_diperlukan'])} {unit}/tahun sampai {b['tahun_target']}, tren "
            f"{_angka(b['laju_teramati'])} {unit}/tahun ({pct:.0f} % dari yang diperlukan)")


def _unik(peringatan: list[Peringatan]) -> list[Peringatan]:
    seen, out = set(), []
    for p in peringatan:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
