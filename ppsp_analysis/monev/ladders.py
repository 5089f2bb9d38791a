"""Access ladders per desa, kecamatan and kabupaten, per year (sheet ``Akses``).

Roll-ups always **sum counts, then divide**: a kecamatan's share of KK with safe sanitation is
Σ KK aman / Σ KK over its desa, which is the population-weighted mean of the desa shares and
never their plain average. A desa-year counts for a component only when every column of that
component is filled; incomplete rows, desa without data, desa unknown to ``Form2``, gaps in the
years and ladders whose rungs do not add up to the total are all reported as
:class:`~ppsp_analysis.monev._base.Peringatan`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._base import (
    MonevResult,
    Peringatan,
    bagi,
    daftar_singkat,
    ke_angka,
    periksa_kolom,
    tahun_hilang,
)

TINGKAT = ("desa", "kecamatan", "kabupaten")
TOLERANSI_KK = 0.5
"""Absolute difference (KK or tonnes) above which a ladder is reported as not adding up."""


@dataclass(frozen=True)
class Tangga:
    """Definition of one access ladder: rungs from worst to best and the unit total."""

    komponen: str
    judul: str
    anak_tangga: tuple[tuple[str, str], ...]
    total: str
    satuan: str

    @property
    def kolom(self) -> list[str]:
        """Rung columns, worst first."""
        return [k for k, _ in self.anak_tangga]

    @property
    def label(self) -> dict[str, str]:
        """Column → Bahasa Indonesia label."""
        return dict(self.anak_tangga)


TANGGA: dict[str, Tangga] = {
    "air_limbah": Tangga(
        "air_limbah", "Akses sanitasi (air limbah domestik)",
        (("sanitasi_babs_terbuka", "BABS di tempat terbuka"),
         ("sanitasi_belum_layak", "Belum layak"),
         ("sanitasi_layak_bersama", "Layak bersama"),
         ("sanitasi_layak_sendiri", "Layak sendiri"),
         ("sanitasi_aman", "Aman")),
        "jumlah_kk", "KK"),
    "air_minum": Tangga(
        "air_minum", "Akses air minum",
        (("air_tanpa_akses", "Tanpa akses (air permukaan)"),
         ("air_tidak_layak", "Tidak layak"),
         ("air_layak_terbatas", "Layak terbatas"),
         ("air_layak_dasar", "Layak dasar"),
         ("air_aman", "Aman")),
        "jumlah_kk", "KK"),
    "persampahan": Tangga(
        "persampahan", "Pengelolaan sampah (ton/tahun)",
        (("sampah_tidak_terkelola_ton", "Tidak terkelola"),
         ("sampah_ditangani_ton", "Ditangani"),
         ("sampah_dikurangi_ton", "Dikurangi")),
        "sampah_timbulan_ton", "ton/tahun"),
}

KELOMPOK: dict[str, tuple[str, ...]] = {
    "air_limbah": (*TANGGA["air_limbah"].kolom, "jumlah_kk"),
    "air_minum": (*TANGGA["air_minum"].kolom, "jumlah_kk"),
    "persampahan": ("sampah_timbulan_ton", "sampah_dikurangi_ton", "sampah_ditangani_ton"),
    "sampah_terlayani": ("kk_sampah_terlayani", "jumlah_kk"),
    "drainase": ("genangan_ha",),
    "odf": ("odf",),
    "stbm": ("stbm",),
}
"""Column groups of sheet ``Akses``: a desa-year counts for a group only when all are filled."""

KOLOM_ANGKA = sorted({k for g in KELOMPOK.values() for k in g} | {"penduduk"})
_NAMA_KELOMPOK = {"air_limbah": "sanitasi", "air_minum": "air minum",
                  "persampahan": "timbulan/pengurangan/penanganan sampah",
                  "sampah_terlayani": "KK terlayani sampah", "drainase": "genangan",
                  "odf": "status ODF", "stbm": "status STBM"}


def siapkan_akses(akses: pd.DataFrame, form2: pd.DataFrame) -> MonevResult:
    """Validate sheet ``Akses`` against ``Form2`` and add the derived columns.

    Parameters
    ----------
    akses : pandas.DataFrame
        Sheet ``Akses`` (desa × year, contract columns).
    form2 : pandas.DataFrame
        Sheet ``Form2`` (``kode_desa``, ``kode_kec`` required; names optional).

    Returns
    -------
    MonevResult
        ``tabel``: one row per known desa and year, with ``kode_kec``, ``nama_desa``,
        ``nama_kec`` attached and the derived columns ``sampah_tidak_terkelola_ton``
        (timbulan − dikurangi − ditangani, floored at 0), ``desa_genangan`` (1 when
        ``genangan_ha`` > 0) and ``jumlah_desa`` (1). ``peringatan``: empty sheet, unknown or
        duplicated desa, missing desa per year, gaps in the years, incomplete column groups,
        ladders whose rungs do not add up to the total.
    """
    periksa_kolom(form2, ["kode_desa", "kode_kec"], "Form2")
    peringatan: list[Peringatan] = []
    wil = _wilayah(form2)
    if akses is None or len(akses) == 0:
        peringatan.append(Peringatan("sheet_kosong", "sheet Akses kosong: tangga akses dan "
                                     "indikator capaian tidak dapat dihitung", sheet="Akses"))
        return MonevResult(_kosong(wil), peringatan)
    periksa_kolom(akses, ["tahun", "kode_desa"], "Akses")
    df = ke_angka(akses, ["tahun", *KOLOM_ANGKA], "Akses", peringatan)
    df["kode_desa"] = df["kode_desa"].astype(str).str.strip()
    tanpa_tahun = df["tahun"].isna()
    if tanpa_tahun.any():
        peringatan.append(Peringatan("tahun_kosong", f"{int(tanpa_tahun.sum())} baris tanpa "
                                     "tahun diabaikan", sheet="Akses"))
        df = df[~tanpa_tahun]
    df["tahun"] = df["tahun"].astype(int)
    for k in KOLOM_ANGKA:
        if k not in df.columns:
            df[k] = np.nan
    asing = sorted(set(df["kode_desa"]) - set(wil["kode_desa"]))
    if asing:
        peringatan.append(Peringatan(
            "desa_tidak_dikenal", f"{len(asing)} kode desa tidak ada di Form2 dan tidak "
            f"dihitung: {daftar_singkat(asing)}", sheet="Akses"))
        df = df[df["kode_desa"].isin(wil["kode_desa"])]
    dup = df.duplicated(["tahun", "kode_desa"], keep="first")
    if dup.any():
        pasangan = [f"{d} ({t})" for d, t in zip(df.loc[dup, "kode_desa"],
                                                  df.loc[dup, "tahun"], strict=True)]
        peringatan.append(Peringatan(
            "baris_ganda", f"{int(dup.sum())} baris desa-tahun ganda, dipakai baris pertama: "
            f"{daftar_singkat(pasangan)}", sheet="Akses"))
        df = df[~dup]
    peringatan += _periksa_cakupan(df, wil)
    df = df.merge(wil, on="kode_desa", how="left")
    df["sampah_tidak_terkelola_ton"] = (df["sampah_timbulan_ton"] - df["sampah_dikurangi_ton"]
                                        - df["sampah_ditangani_ton"]).clip(lower=0)
    df["desa_genangan"] = (df["genangan_ha"] > 0).astype(float).where(df["genangan_ha"].notna())
    df["jumlah_desa"] = 1.0
    peringatan += _periksa_kelompok(df)
    peringatan += _periksa_tangga(df)
    df = df.sort_values(["tahun", "kode_desa"]).reset_index(drop=True)
    return MonevResult(df, peringatan)


def jumlahkan(desa: pd.DataFrame, kolom: list[str], tingkat: str, kelompok: str,
              form2: pd.DataFrame | None = None, kode_kab: str = "",
              nama_kab: str = "") -> pd.DataFrame:
    """Sum ``kolom`` over the complete desa-years of ``kelompok``, per unit of ``tingkat``.

    Parameters
    ----------
    desa : pandas.DataFrame
        Output of :func:`siapkan_akses`.
    kolom : list of str
        Columns to sum.
    tingkat : {"desa", "kecamatan", "kabupaten"}
        Unit of the roll-up.
    kelompok : str
        Key of :data:`KELOMPOK`; rows with a blank in that group are left out.
    form2 : pandas.DataFrame, optional
        When given, adds ``jumlah_desa_wilayah`` (desa per unit in Form2).
    kode_kab, nama_kab : str
        Identity of the kabupaten row.

    Returns
    -------
    pandas.DataFrame
        ``tingkat, kode_unit, nama_unit, tahun, <kolom>..., jumlah_desa_data`` (+
        ``jumlah_desa_wilayah``).
    """
    if tingkat not in TINGKAT:
        raise ValueError(f"tingkat harus salah satu dari {TINGKAT}, bukan {tingkat!r}")
    lengkap = desa.dropna(subset=list(KELOMPOK[kelompok]))
    unit = _kolom_unit(lengkap, tingkat, kode_kab, nama_kab)
    grup = unit.groupby(["kode_unit", "nama_unit", "tahun"], sort=True)
    out = grup[kolom].sum().reset_index()
    out["jumlah_desa_data"] = grup.size().to_numpy()
    out.insert(0, "tingkat", tingkat)
    if form2 is not None:
        wil = _kolom_unit(_wilayah(form2), tingkat, kode_kab, nama_kab)
        n = wil.groupby("kode_unit").size().rename("jumlah_desa_wilayah")
        out = out.merge(n, left_on="kode_unit", right_index=True, how="left")
    return out


def tangga_akses(akses: pd.DataFrame, form2: pd.DataFrame, komponen: str = "air_limbah",
                 tingkat: str = "kecamatan", kode_kab: str = "", nama_kab: str = "",
                 siap: MonevResult | None = None) -> MonevResult:
    """Access ladder of one component per unit and year.

    Parameters
    ----------
    akses, form2 : pandas.DataFrame
        Sheets ``Akses`` and ``Form2``.
    komponen : {"air_limbah", "air_minum", "persampahan"}
        Ladder (see :data:`TANGGA`).
    tingkat : {"desa", "kecamatan", "kabupaten"}
        Unit.
    kode_kab, nama_kab : str
        Identity of the kabupaten row.
    siap : MonevResult, optional
        :func:`siapkan_akses` of the same sheets, when already computed (skips validation;
        its warnings are returned again).

    Returns
    -------
    MonevResult
        ``tabel``: ``tingkat, kode_unit, nama_unit, tahun``, the total (``jumlah_kk`` or
        ``sampah_timbulan_ton``), one count column per rung, ``pct_<rung>`` = rung / total ×
        100, ``selisih`` = total − Σ rungs, ``jumlah_desa_data``, ``jumlah_desa_wilayah``.
        The ``pct_`` columns add up to 100 whenever ``selisih`` is 0.

    Examples
    --------
    >>> f2 = pd.DataFrame({"kode_desa": ["1", "2"], "kode_kec": ["K", "K"]})
    >>> ak = pd.DataFrame({"tahun": [2024, 2024], "kode_desa": ["1", "2"],
    ...     "jumlah_kk": [100, 300], "sanitasi_aman": [50, 30],
    ...     "sanitasi_layak_sendiri": [50, 270], "sanitasi_layak_bersama": [0, 0],
    ...     "sanitasi_belum_layak": [0, 0], "sanitasi_babs_terbuka": [0, 0]})
    >>> t = tangga_akses(ak, f2, "air_limbah", "kecamatan").tabel
    >>> float(t["pct_sanitasi_aman"].iloc[0])   # (50 + 30) / 400, not mean(50 %, 10 %)
    20.0
    """
    if komponen not in TANGGA:
        raise ValueError(f"komponen tangga harus salah satu dari {tuple(TANGGA)}")
    t = TANGGA[komponen]
    siap = siap if siap is not None else siapkan_akses(akses, form2)
    tab = jumlahkan(siap.tabel, [t.total, *t.kolom], tingkat, komponen, form2, kode_kab,
                    nama_kab)
    for k in t.kolom:
        tab[f"pct_{k}"] = bagi(tab[k], tab[t.total], 100.0)
    tab["selisih"] = tab[t.total] - tab[t.kolom].sum(axis=1)
    return MonevResult(tab, siap.peringatan)


def tabel_drainase_stbm(akses: pd.DataFrame, form2: pd.DataFrame, tingkat: str = "kecamatan",
                        kode_kab: str = "", nama_kab: str = "",
                        siap: MonevResult | None = None) -> MonevResult:
    """Genangan and ODF/STBM status per unit and year (counts of desa, not averages).

    Parameters are those of :func:`tangga_akses`.

    Returns
    -------
    MonevResult
        ``tabel``: ``tingkat, kode_unit, nama_unit, tahun, genangan_ha, desa_genangan,
        desa_lapor_genangan, pct_desa_genangan, desa_odf, desa_lapor_odf, pct_desa_odf,
        desa_stbm, desa_lapor_stbm, pct_desa_stbm, jumlah_desa_wilayah``. Each percentage
        uses the desa that reported that item as denominator.
    """
    siap = siap if siap is not None else siapkan_akses(akses, form2)
    d = siap.tabel
    kunci = ["tingkat", "kode_unit", "nama_unit", "tahun"]
    gen = jumlahkan(d, ["genangan_ha", "desa_genangan"], tingkat, "drainase", form2,
                    kode_kab, nama_kab).rename(columns={"jumlah_desa_data": "desa_lapor_genangan"})
    odf = jumlahkan(d, ["odf"], tingkat, "odf", None, kode_kab, nama_kab).rename(
        columns={"odf": "desa_odf", "jumlah_desa_data": "desa_lapor_odf"})
    stbm = jumlahkan(d, ["stbm"], tingkat, "stbm", None, kode_kab, nama_kab).rename(
        columns={"stbm": "desa_stbm", "jumlah_desa_data": "desa_lapor_stbm"})
    wil = gen.pop("jumlah_desa_wilayah")
    gen["jumlah_desa_wilayah"] = wil
    out = gen.merge(odf, on=kunci, how="outer").merge(stbm, on=kunci, how="outer")
    for nama, lapor in (("desa_genangan", "desa_lapor_genangan"), ("desa_odf", "desa_lapor_odf"),
                        ("desa_stbm", "desa_lapor_stbm")):
        out[f"pct_{nama}"] = bagi(out[nama], out[lapor], 100.0)
    urut = [*kunci, "genangan_ha", "desa_genangan", "desa_lapor_genangan", "pct_desa_genangan",
            "desa_odf", "desa_lapor_odf", "pct_desa_odf", "desa_stbm", "desa_lapor_stbm",
            "pct_desa_stbm", "jumlah_desa_wilayah"]
    return MonevResult(out[urut].sort_values(["kode_unit", "tahun"]).reset_index(drop=True),
                       siap.peringatan)


def ke_panjang(tangga: pd.DataFrame, komponen: str) -> pd.DataFrame:
    """Reshape a :func:`tangga_akses` table to long form for charts and Excel.

    Returns
    -------
    pandas.DataFrame
        ``kode_unit, nama_unit, tahun, anak_tangga, label, urutan, jumlah, persen``
        (``urutan`` 0 = worst rung).
    """
    t = TANGGA[komponen]
    baris = []
    for i, (k, lab) in enumerate(t.anak_tangga):
        b = tangga[["kode_unit", "nama_unit", "tahun"]].copy()
        b["anak_tangga"], b["label"], b["urutan"] = k, lab, i
        b["jumlah"], b["persen"] = tangga[k].to_numpy(), tangga[f"pct_{k}"].to_numpy()
        baris.append(b)
    return pd.concat(baris, ignore_index=True)


# --------------------------------------------------------------------------- helpers
def _wilayah(form2: pd.DataFrame) -> pd.DataFrame:
    w = form2.copy()
    w["kode_desa"] = w["kode_desa"].astype(str).str.strip()
    w["kode_kec"] = w["kode_kec"].astype(str).str.strip()
    if "nama_desa" not in w:
        w["nama_desa"] = w["kode_desa"]
    if "nama_kec" not in w:
        w["nama_kec"] = w["kode_kec"]
    w["nama_desa"] = w["nama_desa"].fillna(w["kode_desa"]).astype(str)
    w["nama_kec"] = w["nama_kec"].fillna(w["kode_kec"]).astype(str)
    return w[["kode_desa", "nama_desa", "kode_kec", "nama_kec"]].drop_duplicates("kode_desa")


def _kolom_unit(df: pd.DataFrame, tingkat: str, kode_kab: str, nama_kab: str) -> pd.DataFrame:
    out = df.copy()
    if tingkat == "desa":
        out["kode_unit"], out["nama_unit"] = out["kode_desa"], out["nama_desa"]
    elif tingkat == "kecamatan":
        out["kode_unit"], out["nama_unit"] = out["kode_kec"], out["nama_kec"]
    else:
        out["kode_unit"], out["nama_unit"] = kode_kab or "kabupaten", nama_kab or kode_kab
        out["nama_unit"] = out["nama_unit"].replace("", "Kabupaten")
    return out


def _kosong(wil: pd.DataFrame) -> pd.DataFrame:
    kol = ["tahun", "kode_desa", *KOLOM_ANGKA, "kode_kec", "nama_desa", "nama_kec",
           "sampah_tidak_terkelola_ton", "desa_genangan", "jumlah_desa"]
    return pd.DataFrame({k: pd.Series(dtype=float) for k in kol}).astype(
        {"kode_desa": str, "kode_kec": str, "nama_desa": str, "nama_kec": str, "tahun": int})


def _periksa_cakupan(df: pd.DataFrame, wil: pd.DataFrame) -> list[Peringatan]:
    out = []
    semua = set(wil["kode_desa"])
    for th in tahun_hilang(df["tahun"]):
        out.append(Peringatan("tahun_hilang", f"tidak ada data akses tahun {th} (di antara "
                              f"{df['tahun'].min()} dan {df['tahun'].max()})", sheet="Akses",
                              tahun=th))
    for th, g in df.groupby("tahun"):
        hilang = sorted(semua - set(g["kode_desa"]))
        if hilang:
            out.append(Peringatan(
                "desa_tanpa_data", f"tahun {th}: {len(hilang)} dari {len(semua)} desa tanpa data "
                f"akses (tidak ikut agregasi): {daftar_singkat(hilang)}", sheet="Akses",
                tahun=int(th)))
    return out


def _periksa_kelompok(df: pd.DataFrame) -> list[Peringatan]:
    out = []
    for kel, kolom in KELOMPOK.items():
        kurang = df[list(kolom)].isna().to_numpy()
        if kurang.all():
            out.append(Peringatan("kelompok_kosong", f"data {_NAMA_KELOMPOK[kel]} tidak diisi "
                                  "sama sekali", sheet="Akses", kode=kel))
            continue
        salah = kurang.any(axis=1)
        if not salah.any():
            continue
        for th, g in df[salah].groupby("tahun"):
            out.append(Peringatan(
                "data_tidak_lengkap", f"tahun {th}: data {_NAMA_KELOMPOK[kel]} tidak lengkap di "
                f"{len(g)} desa (tidak ikut agregasi {_NAMA_KELOMPOK[kel]}): "
                f"{daftar_singkat(sorted(g['kode_desa']))}", sheet="Akses", kode=kel,
                tahun=int(th)))
    return out


def _periksa_tangga(df: pd.DataFrame) -> list[Peringatan]:
    out = []
    for kom in ("air_limbah", "air_minum"):
        t = TANGGA[kom]
        lengkap = df.dropna(subset=list(KELOMPOK[kom]))
        selisih = lengkap[t.total] - lengkap[t.kolom].sum(axis=1)
        salah = lengkap[selisih.abs() > TOLERANSI_KK]
        if len(salah):
            contoh = [f"{d} ({th}: selisih {s:+.0f} KK)" for d, th, s in
                      zip(salah["kode_desa"], salah["tahun"], selisih[salah.index], strict=True)]
            out.append(Peringatan(
                "tangga_tidak_cocok", f"{t.judul}: jumlah anak tangga ≠ jumlah_kk di {len(salah)} "
                f"desa-tahun: {daftar_singkat(contoh, 5)}", sheet="Akses", kode=kom))
    lengkap = df.dropna(subset=list(KELOMPOK["persampahan"]))
    lebih = lengkap[lengkap["sampah_dikurangi_ton"] + lengkap["sampah_ditangani_ton"]
                    > lengkap["sampah_timbulan_ton"] + TOLERANSI_KK]
    if len(lebih):
        contoh = [f"{d} ({th})" for d, th in zip(lebih["kode_desa"], lebih["tahun"], strict=True)]
        out.append(Peringatan(
            "tangga_tidak_cocok", f"sampah dikurangi + ditangani melebihi timbulan di {len(lebih)} "
            f"desa-tahun (sisa tidak terkelola dibuat 0): {daftar_singkat(contoh, 5)}",
            sheet="Akses", kode="persampahan"))
    return out
