"""Content checks of an input package. Pure: takes an :class:`InputPackage`, returns problems."""

from __future__ import annotations

import pandas as pd
import shapely

from ._errors import Problem
from .geo import utm_crs
from .method import COMPONENTS
from .package import InputPackage
from .schema import (
    COUNT_COLUMNS,
    FLAG_COLUMNS,
    JENIS_BELANJA,
    KOMPONEN_PROGRAM,
    PERCENT_COLUMNS,
    SUMBER_DANA,
    is_kode_desa,
)

WB = "instrumen.xlsx"


def validate_package(pkg: InputPackage) -> list[Problem]:
    """Collect every content problem of a package (errors and warnings).

    Parameters
    ----------
    pkg : InputPackage
        As read by :func:`ppsp_analysis.io.read_package`.

    Returns
    -------
    list of Problem
        Each names file, sheet, row and column where it can.
    """
    problems: list[Problem] = []
    batas = pkg.files.get("batas", "batas.gpkg")
    known = _check_boundaries(pkg, batas, problems)
    form2_codes = _check_form2(pkg, known, batas, problems)
    _check_opd_and_persepsi(pkg, form2_codes, problems)
    _check_ehra(pkg, known, problems)
    _check_override(pkg, form2_codes, problems)
    _check_program(pkg, problems)
    return problems


def _p(problems, file, message, sheet=None, row=None, column=None, hint=None, severity="error"):
    problems.append(Problem(file, message, sheet=sheet, row=None if row is None else int(row),
                            column=column, hint=hint, severity=severity))


def _check_boundaries(pkg: InputPackage, fname: str, problems: list[Problem]) -> set[str]:
    desa = pkg.desa
    layer = "desa"
    for _, r in desa[desa["kode_desa"].duplicated(keep="first")].iterrows():
        _p(problems, fname, f"kode desa {r['kode_desa']} muncul lebih dari sekali", layer,
           r["_baris"], "kode_desa")
    for _, r in desa[~desa["kode_desa"].map(is_kode_desa)].iterrows():
        _p(problems, fname, f"kode desa '{r['kode_desa']}' tidak berformat PP.KK.CC.DDDD", layer,
           r["_baris"], "kode_desa")
    geoms = desa.geometry
    for idx in desa.index[geoms.isna() | geoms.is_empty]:
        _p(problems, fname, "geometri kosong", layer, desa.at[idx, "_baris"], "geometry")
    present = desa.index[geoms.notna() & ~geoms.is_empty]
    invalid = [i for i in present if not geoms[i].is_valid]
    for i in invalid:
        fixed = shapely.make_valid(geoms[i])
        polygonal = shapely.get_type_id(fixed) in (3, 6) or (
            fixed.geom_type == "GeometryCollection"
            and any(g.geom_type in ("Polygon", "MultiPolygon") for g in fixed.geoms))
        reason = shapely.is_valid_reason(geoms[i])
        if polygonal and fixed.area > 0:
            _p(problems, fname, f"geometri tidak valid ({reason}); diperbaiki otomatis dengan "
               "make_valid", layer, desa.at[i, "_baris"], "geometry", severity="warning")
        else:
            _p(problems, fname, f"geometri tidak valid dan tidak dapat diperbaiki ({reason})",
               layer, desa.at[i, "_baris"], "geometry",
               hint="perbaiki poligon di QGIS (Vector > Geometry Tools > Fix Geometries)")
    if pkg.desa.crs is not None and len(present):
        areas = pkg.desa.loc[present].to_crs(utm_crs(pkg.desa.loc[present])).area
        for i in areas.index[areas <= 0]:
            if i not in invalid:
                _p(problems, fname, "luas poligon nol", layer, desa.at[i, "_baris"], "geometry")
    kab = pkg.form1.get("kode_kabupaten")
    if kab:
        other = desa[~desa["kode_desa"].astype(str).str.startswith(f"{kab}.")]
        for _, r in other.head(20).iterrows():
            _p(problems, fname, f"desa {r['kode_desa']} bukan bagian dari kabupaten {kab} "
               "(Form1 kode_kabupaten)", layer, r["_baris"], "kode_desa")
    return set(desa["kode_desa"].dropna())


def _check_form2(pkg: InputPackage, known: set[str], batas: str,
                 problems: list[Problem]) -> set[str]:
    f2 = pkg.sheet("Form2")
    sheet = "Form2"
    if f2.empty:
        _p(problems, WB, "sheet Form2 kosong: isi satu baris per desa", sheet)
        return set()
    for _, r in f2[f2["kode_desa"].isna()].iterrows():
        _p(problems, WB, "kode desa kosong", sheet, r["_baris"], "kode_desa")
    dup = f2["kode_desa"].notna() & f2["kode_desa"].duplicated(keep="first")
    for _, r in f2[dup].iterrows():
        _p(problems, WB, f"kode desa {r['kode_desa']} muncul lebih dari sekali", sheet,
           r["_baris"], "kode_desa")
    for _, r in f2[f2["kode_desa"].notna() & ~f2["kode_desa"].isin(known)].iterrows():
        _p(problems, WB, f"kode desa {r['kode_desa']} tidak ada di file batas ({batas})", sheet,
           r["_baris"], "kode_desa", hint="periksa kode Kemendagri, atau buat ulang template")
    codes = set(f2["kode_desa"].dropna())
    missing = pkg.desa[~pkg.desa["kode_desa"].isin(codes)]
    for _, r in missing.iterrows():
        _p(problems, batas, f"desa {r['kode_desa']} ({r['nama_desa']}) tidak ada di "
           f"{WB} sheet Form2", "desa", r["_baris"], "kode_desa",
           hint="tambahkan baris desa ini di Form2")
    for col in ("luas_ha", "penduduk", "jumlah_kk", "kk_miskin"):
        for _, r in f2[f2[col].isna()].iterrows():
            _p(problems, WB, "nilai wajib kosong", sheet, r["_baris"], col)
    for col in COUNT_COLUMNS + ("luas_terbangun_ha", "genangan_ha"):
        for _, r in f2[f2[col] < 0].iterrows():
            _p(problems, WB, f"nilai negatif ({r[col]:g})", sheet, r["_baris"], col)
    for _, r in f2[f2["luas_ha"] == 0].iterrows():
        _p(problems, WB, "luas wilayah nol", sheet, r["_baris"], "luas_ha",
           hint="isi luas administrasi desa dalam hektar")
    for col in PERCENT_COLUMNS:
        for _, r in f2[(f2[col] < 0) | (f2[col] > 100)].iterrows():
            _p(problems, WB, f"persentase {r[col]:g} di luar 0–100", sheet, r["_baris"], col)
    for num in ("kk_miskin", "kk_tanpa_jamban", "kk_jamban_layak"):
        bad = f2[num] > f2["jumlah_kk"]
        for _, r in f2[bad].iterrows():
            pct = 100 * r[num] / r["jumlah_kk"] if r["jumlah_kk"] else float("inf")
            _p(problems, WB, f"{num} ({r[num]:g}) lebih besar dari jumlah_kk ({r['jumlah_kk']:g}): "
               f"persentase {pct:.0f}% di luar 0–100", sheet, r["_baris"], num)
    for _, r in f2[f2["luas_terbangun_ha"] > f2["luas_ha"]].iterrows():
        _p(problems, WB, "luas terbangun lebih besar dari luas wilayah", sheet, r["_baris"],
           "luas_terbangun_ha")
    for col in FLAG_COLUMNS:
        for _, r in f2[f2[col].notna() & ~f2[col].isin([0, 1])].iterrows():
            _p(problems, WB, f"nilai {r[col]:g} harus 0 (tidak) atau 1 (ya)", sheet, r["_baris"],
               col)
    for col in ("urban_bps", "urban_rtrw"):
        for _, r in f2[f2[col].notna() & ~f2[col].isin([1, 2])].iterrows():
            _p(problems, WB, f"nilai {r[col]:g} harus 1 (urban) atau 2 (rural)", sheet,
               r["_baris"], col)
    return codes


def _check_opd_and_persepsi(pkg: InputPackage, codes: set[str], problems: list[Problem]) -> None:
    opd = pkg.sheet("OPD").dropna(subset=["kode_opd"])
    lo, hi = pkg.method["persepsi"]["min_opd"], pkg.method["persepsi"]["maks_opd"]
    n = opd["kode_opd"].nunique()
    if not lo <= n <= hi:
        _p(problems, WB, f"jumlah OPD {n}; Instrumen SSK meminta {lo} sampai {hi} OPD", "OPD",
           column="kode_opd")
    for _, r in opd[opd["kode_opd"].duplicated()].iterrows():
        _p(problems, WB, f"kode OPD {r['kode_opd']} muncul lebih dari sekali", "OPD", r["_baris"],
           "kode_opd")
    per = pkg.sheet("Persepsi")
    sheet = "Persepsi"
    known_opd = set(opd["kode_opd"].astype(str))
    for _, r in per[~per["kode_opd"].astype(str).isin(known_opd)].iterrows():
        _p(problems, WB, f"OPD '{r['kode_opd']}' tidak ada di sheet OPD", sheet, r["_baris"],
           "kode_opd")
    for _, r in per[per["kode_desa"].notna() & ~per["kode_desa"].isin(codes)].iterrows():
        _p(problems, WB, f"kode desa {r['kode_desa']} tidak ada di Form2", sheet, r["_baris"],
           "kode_desa")
    for col in COMPONENTS:
        bad = per[col].notna() & ~per[col].isin([1, 2, 3, 4])
        for _, r in per[bad].iterrows():
            _p(problems, WB, f"skor {r[col]:g} di luar 1–4", sheet, r["_baris"], col,
               hint="skor persepsi: 1 kurang berisiko … 4 sangat berisiko")
    dup = per.duplicated(subset=["kode_desa", "kode_opd"], keep="first")
    for _, r in per[dup].iterrows():
        _p(problems, WB, f"skor OPD {r['kode_opd']} untuk desa {r['kode_desa']} diisi dua kali",
           sheet, r["_baris"], "kode_opd")
    scored = set(per["kode_desa"].dropna())
    for code in sorted(codes - scored)[:50]:
        _p(problems, WB, f"desa {code} belum mendapat skor persepsi dari OPD mana pun", sheet,
           column="kode_desa", severity="warning")


def _check_ehra(pkg: InputPackage, known: set[str], problems: list[Problem]) -> None:
    ehra = pkg.ehra
    if ehra is None or "kode_desa" not in ehra or "id_rt" not in ehra:
        return
    fname = pkg.files.get("ehra", "ehra.csv")
    mapping = pkg.method["ehra"]["pemetaan"]
    for subs in mapping.values():
        for code, spec in subs.items():
            if spec["kolom"] not in ehra.columns:
                _p(problems, fname, f"kolom kuesioner untuk sub-indikator {code} tidak ada",
                   column=spec["kolom"], hint="sesuaikan ehra.pemetaan di metode.yaml")
    for _, r in ehra[ehra["id_rt"].duplicated(keep="first")].iterrows():
        _p(problems, fname, f"id_rt {r['id_rt']} muncul lebih dari sekali (rumah tangga ganda)",
           row=r["_baris"], column="id_rt")
    unknown = ehra[~ehra["kode_desa"].isin(known)]
    for _, r in unknown.head(30).iterrows():
        _p(problems, fname, f"kode desa {r['kode_desa']} tidak ada di file batas", row=r["_baris"],
           column="kode_desa")
    if len(unknown) > 30:
        _p(problems, fname, f"… dan {len(unknown) - 30} rumah tangga lain dengan kode desa tidak "
           "dikenal", column="kode_desa")
    need = pkg.method["ehra"]["min_rt_per_desa"]
    counts = ehra[ehra["kode_desa"].isin(known)].groupby("kode_desa").size()
    for code, n in counts[counts < need].items():
        _p(problems, fname, f"desa {code} hanya {n} rumah tangga (diharapkan ≥ {need})",
           column="kode_desa", severity="warning")
    if "umur_responden" in ehra:
        lo, hi = pkg.method["ehra"]["umur_responden"]
        age = pd.to_numeric(ehra["umur_responden"], errors="coerce")
        bad = ehra[(age < lo) | (age > hi)]
        if len(bad):
            _p(problems, fname, f"{len(bad)} responden berumur di luar {lo}–{hi} tahun (baris "
               f"{', '.join(str(b) for b in bad['_baris'].head(10))}"
               f"{' …' if len(bad) > 10 else ''})", column="umur_responden", severity="warning")


def _check_override(pkg: InputPackage, codes: set[str], problems: list[Problem]) -> None:
    ov = pkg.sheet("Override")
    sheet = "Override"
    for _, r in ov.iterrows():
        if r["kode_desa"] not in codes:
            _p(problems, WB, f"kode desa {r['kode_desa']} tidak ada di Form2", sheet, r["_baris"],
               "kode_desa")
        if r["komponen"] not in COMPONENTS:
            _p(problems, WB, f"komponen '{r['komponen']}' tidak dikenal", sheet, r["_baris"],
               "komponen", hint=f"pilih {', '.join(COMPONENTS)}")
        if r["kelas_baru"] not in (1, 2, 3, 4):
            _p(problems, WB, f"kelas_baru '{r['kelas_baru']}' harus 1–4", sheet, r["_baris"],
               "kelas_baru")
        if not isinstance(r["alasan"], str) or not r["alasan"].strip():
            _p(problems, WB, "setiap perubahan kelas oleh Pokja wajib disertai alasan", sheet,
               r["_baris"], "alasan", hint="tulis hasil verifikasi lapangan")


def _check_program(pkg: InputPackage, problems: list[Problem]) -> None:
    prog = pkg.sheet("Program")
    for _, r in prog.iterrows():
        if r["sumber_dana"] not in SUMBER_DANA:
            _p(problems, WB, f"sumber dana '{r['sumber_dana']}' tidak dikenal", "Program",
               r["_baris"], "sumber_dana", hint=f"pilih: {', '.join(SUMBER_DANA)}")
        if r["jenis"] not in JENIS_BELANJA:
            _p(problems, WB, f"jenis '{r['jenis']}' harus investasi atau O&M", "Program",
               r["_baris"], "jenis")
        if r["komponen"] not in KOMPONEN_PROGRAM:
            _p(problems, WB, f"komponen '{r['komponen']}' tidak dikenal", "Program", r["_baris"],
               "komponen", hint=f"pilih: {', '.join(KOMPONEN_PROGRAM)}")
