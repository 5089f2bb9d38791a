"""Targeting: how much of the spending and of the programs lands in priority desa.

A desa is a **priority** for a programme when its area-berisiko class for the programme's
component (``kelas_<komponen>`` of the scored table) is 3 or 4. PHBS programmes, which have no
area-berisiko component of their own, use ``kelas_gabungan``. The one number for the TAPD is
``pct_prioritas``: spending in priority desa ÷ spending located in any classed desa × 100;
kabupaten-wide activities (no ``kode_desa``) are shown apart, never mixed into that share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ._base import MonevResult, Peringatan, bagi, daftar_singkat
from .budget import siapkan_program

KOLOM_KELAS: dict[str, str] = {"air_limbah": "kelas_air_limbah",
                               "persampahan": "kelas_persampahan",
                               "drainase": "kelas_drainase",
                               "phbs": "kelas_gabungan"}
"""Which scored-table class decides priority for a programme component."""
KELAS_PRIORITAS = 3
"""Lowest priority class (PPSP 2017: classes 3 and 4 are priority)."""
KATEGORI = ("prioritas", "bukan prioritas", "tingkat kabupaten", "tanpa kelas")


def kode_skor(skor: pd.DataFrame) -> pd.Series:
    """``kode_desa`` of the scored table, from the column or else from the index."""
    kode = skor["kode_desa"] if "kode_desa" in skor.columns else pd.Series(skor.index,
                                                                            index=skor.index)
    return kode.astype(str).str.strip()


def lokasi_program(program: pd.DataFrame | None, skor: pd.DataFrame,
                   kolom_kelas: Mapping[str, str] = KOLOM_KELAS) -> MonevResult:
    """Attach to every programme row the class of its desa and a targeting category.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    skor : pandas.DataFrame or geopandas.GeoDataFrame
        Scored table (``kode_desa`` + ``kelas_<komponen>``, nullable 1–4).
    kolom_kelas : mapping
        Programme component → class column (default :data:`KOLOM_KELAS`).

    Returns
    -------
    MonevResult
        ``tabel``: the programme rows plus ``kelas`` and ``kategori`` (one of
        :data:`KATEGORI`). Desa codes unknown to the scored table and components without a
        class column are reported and fall in ``"tanpa kelas"``.
    """
    siap = siapkan_program(program)
    df = siap.tabel.copy()
    peringatan = list(siap.peringatan)
    df["kelas"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["kategori"] = "tanpa kelas"
    if not len(df):
        return MonevResult(df, peringatan)
    kode = kode_skor(skor)
    dikenal = df["kode_desa"].isin(set(kode))
    asing = sorted(set(df.loc[df["kode_desa"].notna() & ~dikenal, "kode_desa"]))
    if asing:
        peringatan.append(Peringatan(
            "desa_tidak_dikenal", f"{len(asing)} kode desa kegiatan tidak ada di tabel skor "
            f"(dihitung 'tanpa kelas'): {daftar_singkat(asing)}", sheet="Program"))
    for kom in sorted(set(df["komponen"])):
        baris = df["komponen"] == kom
        kol = kolom_kelas.get(kom)
        if kol is None or kol not in skor.columns:
            if (baris & df["kode_desa"].notna()).any():
                peringatan.append(Peringatan(
                    "kelas_tidak_ada", f"komponen {kom}: kolom kelas {kol or '(tidak ada)'} tidak "
                    "ada di tabel skor; kegiatannya dihitung 'tanpa kelas'", sheet="Program",
                    kode=kom))
            continue
        peta = pd.Series(pd.array(skor[kol], dtype="Int64"), index=kode.to_numpy())
        peta = peta[~peta.index.duplicated()]
        df.loc[baris, "kelas"] = df.loc[baris, "kode_desa"].map(peta).astype("Int64").to_numpy()
    kelas = df["kelas"]
    df.loc[kelas.notna() & (kelas >= KELAS_PRIORITAS), "kategori"] = "prioritas"
    df.loc[kelas.notna() & (kelas < KELAS_PRIORITAS), "kategori"] = "bukan prioritas"
    df.loc[df["kode_desa"].isna(), "kategori"] = "tingkat kabupaten"
    tanpa = (df["kategori"] == "tanpa kelas") & dikenal
    if tanpa.any():
        peringatan.append(Peringatan(
            "kelas_kosong", f"{int(tanpa.sum())} kegiatan berlokasi di desa yang kelasnya "
            f"'tidak ada data': {daftar_singkat(sorted(set(df.loc[tanpa, 'kode_desa'])))}",
            sheet="Program"))
    return MonevResult(df, peringatan)


def sasaran_prioritas(program: pd.DataFrame | None, skor: pd.DataFrame,
                      form2: pd.DataFrame | None = None, nilai: str = "realisasi_rp",
                      per: Sequence[str] = ("komponen",),
                      kolom_kelas: Mapping[str, str] = KOLOM_KELAS) -> MonevResult:
    """Share of spending and of activities located in priority desa, per component.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program``.
    skor : pandas.DataFrame
        Scored table.
    form2 : pandas.DataFrame, optional
        With ``jumlah_kk``: adds the share of households living in priority desa, the
        baseline against which ``pct_prioritas`` should be read.
    nilai : {"realisasi_rp", "rencana_rp"}
        Amount to count.
    per : sequence of str
        Grouping, ``("komponen",)`` or ``("tahun", "komponen")``. A ``"semua"`` component row
        (each activity judged by its own component) is added per group.
    kolom_kelas : mapping
        Programme component → class column.

    Returns
    -------
    MonevResult
        ``tabel``: ``<per>``, ``<kategori>_rp`` for each of :data:`KATEGORI`, ``total_rp``,
        ``pct_prioritas`` = prioritas ÷ (prioritas + bukan prioritas) × 100,
        ``kegiatan_<kategori>`` counts, ``pct_kegiatan_prioritas``, ``desa_prioritas``,
        ``desa_berkelas``, ``pct_desa_prioritas`` and (with ``form2``) ``pct_kk_prioritas``.

    Examples
    --------
    >>> skor = pd.DataFrame({"kode_desa": ["a", "b"], "kelas_air_limbah": [4, 1]})
    >>> prog = pd.DataFrame({"tahun": 2024, "nama_kegiatan": ["x", "y", "z"],
    ...     "komponen": "air_limbah", "sumber_dana": "DAK", "jenis": "investasi",
    ...     "kode_desa": ["a", "b", None], "rencana_rp": 100.0,
    ...     "realisasi_rp": [60.0, 20.0, 50.0]})
    >>> t = sasaran_prioritas(prog, skor).tabel.set_index("komponen")
    >>> float(t.loc["air_limbah", "pct_prioritas"])   # 60 / (60 + 20); the 50 is kabupaten-wide
    75.0
    """
    lok = lokasi_program(program, skor, kolom_kelas)
    df = lok.tabel
    per = list(per)
    if not len(df):
        return MonevResult(pd.DataFrame(columns=[*per, "pct_prioritas"]), lok.peringatan)
    semua = df.assign(komponen="semua")
    df = pd.concat([df, semua], ignore_index=True)
    df[nilai] = df[nilai].fillna(0.0)
    uang = df.pivot_table(index=per, columns="kategori", values=nilai, aggfunc="sum",
                          fill_value=0.0)
    keg = df.pivot_table(index=per, columns="kategori", values=nilai, aggfunc="size",
                         fill_value=0)
    out = pd.DataFrame(index=uang.index)
    for k in KATEGORI:
        out[f"{_s(k)}_rp"] = uang.get(k, 0.0)
    out["total_rp"] = out[[f"{_s(k)}_rp" for k in KATEGORI]].sum(axis=1)
    out["pct_prioritas"] = bagi(out["prioritas_rp"], out["prioritas_rp"]
                                + out["bukan_prioritas_rp"], 100.0)
    for k in KATEGORI:
        out[f"kegiatan_{_s(k)}"] = keg.get(k, pd.Series(0, index=keg.index)).astype(int)
    out["pct_kegiatan_prioritas"] = bagi(out["kegiatan_prioritas"], out["kegiatan_prioritas"]
                                         + out["kegiatan_bukan_prioritas"], 100.0)
    out = out.reset_index()
    dasar = _dasar_desa(skor, form2, kolom_kelas)
    out = out.merge(dasar, on="komponen", how="left")
    return MonevResult(out, lok.peringatan)


def basis_sasaran(program: pd.DataFrame | None, skor: pd.DataFrame | None) -> MonevResult:
    """Per-year sums for the catalogue indicator ``anggaran_desa_prioritas``.

    Returns
    -------
    MonevResult
        ``tabel``: ``tahun, realisasi_prioritas_rp, realisasi_berlokasi_rp``.
    """
    kol = ["tahun", "realisasi_prioritas_rp", "realisasi_berlokasi_rp"]
    if skor is None:
        return MonevResult(pd.DataFrame(columns=kol), [])
    lok = lokasi_program(program, skor)
    df = lok.tabel
    if not len(df):
        return MonevResult(pd.DataFrame(columns=kol), lok.peringatan)
    r = df["realisasi_rp"].fillna(0.0)
    d = df.assign(realisasi_prioritas_rp=r.where(df["kategori"] == "prioritas", 0.0),
                  realisasi_berlokasi_rp=r.where(df["kategori"].isin(KATEGORI[:2]), 0.0))
    return MonevResult(d.groupby("tahun")[kol[1:]].sum().reset_index(), lok.peringatan)


def anggaran_per_desa(program: pd.DataFrame | None, skor: pd.DataFrame,
                      komponen: str | None = None, nilai: str = "realisasi_rp") -> MonevResult:
    """Spending per desa (for the targeting map), optionally for one component.

    Returns
    -------
    MonevResult
        ``tabel`` indexed by ``kode_desa``: ``nilai_rp``, ``jumlah_kegiatan`` — only desa with
        at least one located activity. Kabupaten-wide spending is reported as a warning-free
        attribute ``tabel.attrs["tingkat_kabupaten_rp"]``.
    """
    lok = lokasi_program(program, skor)
    df = lok.tabel
    if komponen is not None:
        df = df[df["komponen"] == komponen]
    kab = float(df.loc[df["kode_desa"].isna(), nilai].fillna(0).sum()) if len(df) else 0.0
    d = df[df["kode_desa"].notna()]
    out = d.groupby("kode_desa").agg(nilai_rp=(nilai, "sum"), jumlah_kegiatan=(nilai, "size"))
    out.attrs["tingkat_kabupaten_rp"] = kab
    return MonevResult(out, lok.peringatan)


def prioritas_stunting(skor: pd.DataFrame, form2: pd.DataFrame,
                       komponen: Sequence[str] = ("air_limbah", "persampahan", "drainase",
                                                  "gabungan")) -> MonevResult:
    """How many priority desa are also stunting focus desa (``lokus_stunting`` in Form2).

    Returns
    -------
    MonevResult
        ``tabel`` per component: ``desa_prioritas``, ``desa_lokus_stunting``,
        ``desa_prioritas_dan_lokus`` (both), ``pct_prioritas_lokus`` (÷ priority desa × 100),
        ``pct_lokus_tercakup`` (÷ stunting desa × 100), ``daftar_desa`` (names of desa in both).
    """
    peringatan: list[Peringatan] = []
    kode = kode_skor(skor)
    if "lokus_stunting" not in form2.columns:
        peringatan.append(Peringatan("kolom_hilang", "Form2 tidak punya kolom lokus_stunting",
                                     sheet="Form2"))
        return MonevResult(pd.DataFrame(columns=["komponen", "desa_prioritas"]), peringatan)
    f2 = form2.assign(kode_desa=form2["kode_desa"].astype(str).str.strip())
    lokus = pd.to_numeric(f2["lokus_stunting"], errors="coerce")
    if lokus.isna().any():
        peringatan.append(Peringatan(
            "nilai_kosong", f"lokus_stunting kosong untuk {int(lokus.isna().sum())} desa "
            "(dianggap bukan lokus)", sheet="Form2"))
    lokus_set = set(f2.loc[lokus.fillna(0) == 1, "kode_desa"])
    nama = f2.set_index("kode_desa")["nama_desa"] if "nama_desa" in f2 else None
    baris = []
    for kom in komponen:
        kol = f"kelas_{kom}"
        if kol not in skor.columns:
            peringatan.append(Peringatan("kelas_tidak_ada", f"kolom {kol} tidak ada di tabel skor",
                                         kode=kom))
            continue
        kelas = pd.Series(pd.array(skor[kol], dtype="Int64"), index=kode.to_numpy())
        prio = set(kelas.index[(kelas >= KELAS_PRIORITAS).fillna(False).to_numpy()])
        both = sorted(prio & lokus_set)
        nm = [str(nama.get(k, k)) if nama is not None else k for k in both]
        baris.append({"komponen": kom, "desa_prioritas": len(prio),
                      "desa_lokus_stunting": len(lokus_set), "desa_prioritas_dan_lokus": len(both),
                      "pct_prioritas_lokus": bagi(len(both), len(prio), 100.0),
                      "pct_lokus_tercakup": bagi(len(both), len(lokus_set), 100.0),
                      "daftar_desa": ", ".join(nm)})
    return MonevResult(pd.DataFrame(baris), peringatan)


# --------------------------------------------------------------------------- helpers
def _s(kategori: str) -> str:
    return kategori.replace(" ", "_")


def _dasar_desa(skor: pd.DataFrame, form2: pd.DataFrame | None,
                kolom_kelas: Mapping[str, str]) -> pd.DataFrame:
    kode = kode_skor(skor)
    kk = None
    if form2 is not None and "jumlah_kk" in form2.columns:
        kk = pd.to_numeric(form2.set_index(form2["kode_desa"].astype(str).str.strip())
                           ["jumlah_kk"], errors="coerce")
    baris = []
    for kom, kol in kolom_kelas.items():
        if kol not in skor.columns:
            continue
        kelas = pd.Series(pd.array(skor[kol], dtype="Int64"), index=kode.to_numpy())
        berkelas = kelas.dropna()
        prio = berkelas[berkelas >= KELAS_PRIORITAS]
        b = {"komponen": kom, "desa_prioritas": len(prio), "desa_berkelas": len(berkelas),
             "pct_desa_prioritas": bagi(len(prio), len(berkelas), 100.0)}
        if kk is not None:
            w = kk.reindex(berkelas.index)
            b["pct_kk_prioritas"] = bagi(float(w.reindex(prio.index).sum()), float(w.sum()),
                                         100.0)
        baris.append(b)
    kol = ["komponen", "desa_prioritas", "desa_berkelas", "pct_desa_prioritas"]
    if kk is not None:
        kol.append("pct_kk_prioritas")
    return pd.DataFrame(baris, columns=kol) if baris else pd.DataFrame(columns=kol).astype(
        {"komponen": object})

