"""Access ladders per desa, kecamatan and kabupaten, per year (sheet ``Akses``).

Roll-ups always **sum counts, then divide**: a kecamatan's share of KK with safe sanitation is
Σ KK aman / Σ KK over its desa, which is the population-weighted mean of the desa shares and
never their plain average. A desa-year counts for a component only when every column of that
component is filled; incomplete rows, desa without data, desa unknown to ``Form2``, gaps in the
years and ladders whose rungs do not add up to the total are all reported as
:class:`~ppsp_analysis.monev._base.MonevWarning`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import LADDERS, Ladder  # noqa: F401 (re-exported)
from ._base import (
    MonevResult,
    MonevWarning,
    check_columns,
    coerce_numeric,
    divide,
    missing_years,
    short_list,
)

LEVELS = ("desa", "kecamatan", "kabupaten")
KK_TOLERANCE = 0.5
"""Absolute difference (KK or tonnes) above which a ladder is reported as not adding up."""


COLUMN_GROUPS: dict[str, tuple[str, ...]] = {
    "air_limbah": (*LADDERS["air_limbah"].columns, "jumlah_kk"),
    "air_minum": (*LADDERS["air_minum"].columns, "jumlah_kk"),
    "persampahan": ("sampah_timbulan_ton", "sampah_dikurangi_ton", "sampah_ditangani_ton"),
    "sampah_terlayani": ("kk_sampah_terlayani", "jumlah_kk"),
    "drainase": ("genangan_ha",),
    "odf": ("odf",),
    "stbm": ("stbm",),
}
"""Column groups of sheet ``Akses``: a desa-year counts for a group only when all are filled."""

NUMERIC_COLUMNS = sorted({k for g in COLUMN_GROUPS.values() for k in g} | {"penduduk"})
_GROUP_NAMES = {"air_limbah": "sanitasi", "air_minum": "air minum",
                "persampahan": "timbulan/pengurangan/penanganan sampah",
                "sampah_terlayani": "KK terlayani sampah", "drainase": "genangan",
                "odf": "status ODF", "stbm": "status STBM"}


def prepare_access(access: pd.DataFrame, form2: pd.DataFrame) -> MonevResult:
    """Validate sheet ``Akses`` against ``Form2`` and add the derived columns.

    Parameters
    ----------
    access : pandas.DataFrame
        Sheet ``Akses`` (desa × year, contract columns).
    form2 : pandas.DataFrame
        Sheet ``Form2`` (``kode_desa``, ``kode_kec`` required; names optional).

    Returns
    -------
    MonevResult
        ``table``: one row per known desa and year, with ``kode_kec``, ``nama_desa``,
        ``nama_kec`` attached and the derived columns ``sampah_tidak_terkelola_ton``
        (timbulan − dikurangi − ditangani, floored at 0), ``desa_genangan`` (1 when
        ``genangan_ha`` > 0) and ``jumlah_desa`` (1). ``warnings``: empty sheet, unknown or
        duplicated desa, missing desa per year, gaps in the years, incomplete column groups,
        ladders whose rungs do not add up to the total.
    """
    check_columns(form2, ["kode_desa", "kode_kec"], "Form2")
    warnings: list[MonevWarning] = []
    areas = _areas(form2)
    if access is None or len(access) == 0:
        warnings.append(MonevWarning("sheet_kosong", "sheet Akses kosong: tangga akses dan "
                                     "indikator capaian tidak dapat dihitung", sheet="Akses"))
        return MonevResult(_empty_access(areas), warnings)
    check_columns(access, ["tahun", "kode_desa"], "Akses")
    df = coerce_numeric(access, ["tahun", *NUMERIC_COLUMNS], "Akses", warnings)
    df["kode_desa"] = df["kode_desa"].astype(str).str.strip()
    no_year = df["tahun"].isna()
    if no_year.any():
        warnings.append(MonevWarning("tahun_kosong", f"{int(no_year.sum())} baris tanpa "
                                     "tahun diabaikan", sheet="Akses"))
        df = df[~no_year]
    df["tahun"] = df["tahun"].astype(int)
    for k in NUMERIC_COLUMNS:
        if k not in df.columns:
            df[k] = np.nan
    unknown = sorted(set(df["kode_desa"]) - set(areas["kode_desa"]))
    if unknown:
        warnings.append(MonevWarning(
            "desa_tidak_dikenal", f"{len(unknown)} kode desa tidak ada di Form2 dan tidak "
            f"dihitung: {short_list(unknown)}", sheet="Akses"))
        df = df[df["kode_desa"].isin(areas["kode_desa"])]
    dup = df.duplicated(["tahun", "kode_desa"], keep="first")
    if dup.any():
        pairs = [f"{d} ({t})" for d, t in zip(df.loc[dup, "kode_desa"],
                                              df.loc[dup, "tahun"], strict=True)]
        warnings.append(MonevWarning(
            "baris_ganda", f"{int(dup.sum())} baris desa-tahun ganda, dipakai baris pertama: "
            f"{short_list(pairs)}", sheet="Akses"))
        df = df[~dup]
    warnings += _check_coverage(df, areas)
    df = df.merge(areas, on="kode_desa", how="left")
    df["sampah_tidak_terkelola_ton"] = (df["sampah_timbulan_ton"] - df["sampah_dikurangi_ton"]
                                        - df["sampah_ditangani_ton"]).clip(lower=0)
    df["desa_genangan"] = (df["genangan_ha"] > 0).astype(float).where(df["genangan_ha"].notna())
    df["jumlah_desa"] = 1.0
    warnings += _check_groups(df)
    warnings += _check_ladders(df)
    df = df.sort_values(["tahun", "kode_desa"]).reset_index(drop=True)
    return MonevResult(df, warnings)


def sum_by_level(desa: pd.DataFrame, columns: list[str], level: str, group: str,
                 form2: pd.DataFrame | None = None, kab_code: str = "",
                 kab_name: str = "") -> pd.DataFrame:
    """Sum ``columns`` over the complete desa-years of ``group``, per unit of ``level``.

    Parameters
    ----------
    desa : pandas.DataFrame
        Output of :func:`prepare_access`.
    columns : list of str
        Columns to sum.
    level : {"desa", "kecamatan", "kabupaten"}
        Unit of the roll-up.
    group : str
        Key of :data:`COLUMN_GROUPS`; rows with a blank in that group are left out.
    form2 : pandas.DataFrame, optional
        When given, adds ``jumlah_desa_wilayah`` (desa per unit in Form2).
    kab_code, kab_name : str
        Identity of the kabupaten row.

    Returns
    -------
    pandas.DataFrame
        ``tingkat, kode_unit, nama_unit, tahun, <columns>..., jumlah_desa_data`` (+
        ``jumlah_desa_wilayah``).
    """
    if level not in LEVELS:
        raise ValueError(f"tingkat harus salah satu dari {LEVELS}, bukan {level!r}")
    complete = desa.dropna(subset=list(COLUMN_GROUPS[group]))
    unit = _with_unit_columns(complete, level, kab_code, kab_name)
    grouped = unit.groupby(["kode_unit", "nama_unit", "tahun"], sort=True)
    out = grouped[columns].sum().reset_index()
    out["jumlah_desa_data"] = grouped.size().to_numpy()
    out.insert(0, "tingkat", level)
    if form2 is not None:
        areas = _with_unit_columns(_areas(form2), level, kab_code, kab_name)
        n = areas.groupby("kode_unit").size().rename("jumlah_desa_wilayah")
        out = out.merge(n, left_on="kode_unit", right_index=True, how="left")
    return out


def access_ladder(access: pd.DataFrame, form2: pd.DataFrame, component: str = "air_limbah",
                  level: str = "kecamatan", kab_code: str = "", kab_name: str = "",
                  prepared: MonevResult | None = None) -> MonevResult:
    """Access ladder of one component per unit and year.

    Parameters
    ----------
    access, form2 : pandas.DataFrame
        Sheets ``Akses`` and ``Form2``.
    component : {"air_limbah", "air_minum", "persampahan"}
        Ladder (see :data:`LADDERS`).
    level : {"desa", "kecamatan", "kabupaten"}
        Unit.
    kab_code, kab_name : str
        Identity of the kabupaten row.
    prepared : MonevResult, optional
        :func:`prepare_access` of the same sheets, when already computed (skips validation;
        its warnings are returned again).

    Returns
    -------
    MonevResult
        ``table``: ``tingkat, kode_unit, nama_unit, tahun``, the total (``jumlah_kk`` or
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
    >>> t = access_ladder(ak, f2, "air_limbah", "kecamatan").table
    >>> float(t["pct_sanitasi_aman"].iloc[0])   # (50 + 30) / 400, not mean(50 %, 10 %)
    20.0
    """
    if component not in LADDERS:
        raise ValueError(f"komponen tangga harus salah satu dari {tuple(LADDERS)}")
    t = LADDERS[component]
    prepared = prepared if prepared is not None else prepare_access(access, form2)
    table = sum_by_level(prepared.table, [t.total, *t.columns], level, component, form2,
                         kab_code, kab_name)
    for k in t.columns:
        table[f"pct_{k}"] = divide(table[k], table[t.total], 100.0)
    table["selisih"] = table[t.total] - table[t.columns].sum(axis=1)
    return MonevResult(table, prepared.warnings)


def drainage_stbm_table(access: pd.DataFrame, form2: pd.DataFrame, level: str = "kecamatan",
                        kab_code: str = "", kab_name: str = "",
                        prepared: MonevResult | None = None) -> MonevResult:
    """Genangan and ODF/STBM status per unit and year (counts of desa, not averages).

    Parameters are those of :func:`access_ladder`.

    Returns
    -------
    MonevResult
        ``table``: ``tingkat, kode_unit, nama_unit, tahun, genangan_ha, desa_genangan,
        desa_lapor_genangan, pct_desa_genangan, desa_odf, desa_lapor_odf, pct_desa_odf,
        desa_stbm, desa_lapor_stbm, pct_desa_stbm, jumlah_desa_wilayah``. Each percentage
        uses the desa that reported that item as denominator.
    """
    prepared = prepared if prepared is not None else prepare_access(access, form2)
    d = prepared.table
    keys = ["tingkat", "kode_unit", "nama_unit", "tahun"]
    flood = sum_by_level(d, ["genangan_ha", "desa_genangan"], level, "drainase", form2,
                         kab_code, kab_name).rename(
        columns={"jumlah_desa_data": "desa_lapor_genangan"})
    odf = sum_by_level(d, ["odf"], level, "odf", None, kab_code, kab_name).rename(
        columns={"odf": "desa_odf", "jumlah_desa_data": "desa_lapor_odf"})
    stbm = sum_by_level(d, ["stbm"], level, "stbm", None, kab_code, kab_name).rename(
        columns={"stbm": "desa_stbm", "jumlah_desa_data": "desa_lapor_stbm"})
    n_desa = flood.pop("jumlah_desa_wilayah")
    flood["jumlah_desa_wilayah"] = n_desa
    out = flood.merge(odf, on=keys, how="outer").merge(stbm, on=keys, how="outer")
    for name, reported in (("desa_genangan", "desa_lapor_genangan"),
                           ("desa_odf", "desa_lapor_odf"), ("desa_stbm", "desa_lapor_stbm")):
        out[f"pct_{name}"] = divide(out[name], out[reported], 100.0)
    order = [*keys, "genangan_ha", "desa_genangan", "desa_lapor_genangan", "pct_desa_genangan",
             "desa_odf", "desa_lapor_odf", "pct_desa_odf", "desa_stbm", "desa_lapor_stbm",
             "pct_desa_stbm", "jumlah_desa_wilayah"]
    return MonevResult(out[order].sort_values(["kode_unit", "tahun"]).reset_index(drop=True),
                       prepared.warnings)


def ladder_to_long(ladder: pd.DataFrame, component: str) -> pd.DataFrame:
    """Reshape a :func:`access_ladder` table to long form for charts and Excel.

    Returns
    -------
    pandas.DataFrame
        ``kode_unit, nama_unit, tahun, anak_tangga, label, urutan, jumlah, persen``
        (``urutan`` 0 = worst rung).
    """
    t = LADDERS[component]
    parts = []
    for i, (k, lab) in enumerate(t.rungs):
        b = ladder[["kode_unit", "nama_unit", "tahun"]].copy()
        b["anak_tangga"], b["label"], b["urutan"] = k, lab, i
        b["jumlah"], b["persen"] = ladder[k].to_numpy(), ladder[f"pct_{k}"].to_numpy()
        parts.append(b)
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- helpers
def _areas(form2: pd.DataFrame) -> pd.DataFrame:
    """Desa and kecamatan codes and names of Form2 (names default to the codes)."""
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


def _with_unit_columns(df: pd.DataFrame, level: str, kab_code: str,
                       kab_name: str) -> pd.DataFrame:
    """Add ``kode_unit`` and ``nama_unit`` for the roll-up ``level``."""
    out = df.copy()
    if level == "desa":
        out["kode_unit"], out["nama_unit"] = out["kode_desa"], out["nama_desa"]
    elif level == "kecamatan":
        out["kode_unit"], out["nama_unit"] = out["kode_kec"], out["nama_kec"]
    else:
        out["kode_unit"], out["nama_unit"] = kab_code or "kabupaten", kab_name or kab_code
        out["nama_unit"] = out["nama_unit"].replace("", "Kabupaten")
    return out


def _empty_access(areas: pd.DataFrame) -> pd.DataFrame:
    """An empty prepared-access table with the right columns and dtypes."""
    cols = ["tahun", "kode_desa", *NUMERIC_COLUMNS, "kode_kec", "nama_desa", "nama_kec",
            "sampah_tidak_terkelola_ton", "desa_genangan", "jumlah_desa"]
    return pd.DataFrame({k: pd.Series(dtype=float) for k in cols}).astype(
        {"kode_desa": str, "kode_kec": str, "nama_desa": str, "nama_kec": str, "tahun": int})


def _check_coverage(df: pd.DataFrame, areas: pd.DataFrame) -> list[MonevWarning]:
    """Warnings for missing years and for desa without data in a year."""
    out = []
    all_desa = set(areas["kode_desa"])
    for yr in missing_years(df["tahun"]):
        out.append(MonevWarning("tahun_hilang", f"tidak ada data akses tahun {yr} (di antara "
                                f"{df['tahun'].min()} dan {df['tahun'].max()})", sheet="Akses",
                                year=yr))
    for yr, g in df.groupby("tahun"):
        missing = sorted(all_desa - set(g["kode_desa"]))
        if missing:
            out.append(MonevWarning(
                "desa_tanpa_data", f"tahun {yr}: {len(missing)} dari {len(all_desa)} desa tanpa "
                f"data akses (tidak ikut agregasi): {short_list(missing)}", sheet="Akses",
                year=int(yr)))
    return out


def _check_groups(df: pd.DataFrame) -> list[MonevWarning]:
    """Warnings for column groups left blank entirely or for some desa-years."""
    out = []
    for group, columns in COLUMN_GROUPS.items():
        blank = df[list(columns)].isna().to_numpy()
        if blank.all():
            out.append(MonevWarning("kelompok_kosong", f"data {_GROUP_NAMES[group]} tidak diisi "
                                    "sama sekali", sheet="Akses", code=group))
            continue
        bad = blank.any(axis=1)
        if not bad.any():
            continue
        for yr, g in df[bad].groupby("tahun"):
            out.append(MonevWarning(
                "data_tidak_lengkap", f"tahun {yr}: data {_GROUP_NAMES[group]} tidak lengkap di "
                f"{len(g)} desa (tidak ikut agregasi {_GROUP_NAMES[group]}): "
                f"{short_list(sorted(g['kode_desa']))}", sheet="Akses", code=group,
                year=int(yr)))
    return out


def _check_ladders(df: pd.DataFrame) -> list[MonevWarning]:
    """Warnings for ladders whose rungs do not add up to their total."""
    out = []
    for comp in ("air_limbah", "air_minum"):
        t = LADDERS[comp]
        complete = df.dropna(subset=list(COLUMN_GROUPS[comp]))
        diff = complete[t.total] - complete[t.columns].sum(axis=1)
        bad = complete[diff.abs() > KK_TOLERANCE]
        if len(bad):
            examples = [f"{d} ({yr}: selisih {s:+.0f} KK)" for d, yr, s in
                        zip(bad["kode_desa"], bad["tahun"], diff[bad.index], strict=True)]
            out.append(MonevWarning(
                "tangga_tidak_cocok", f"{t.title}: jumlah anak tangga ≠ jumlah_kk di {len(bad)} "
                f"desa-tahun: {short_list(examples, 5)}", sheet="Akses", code=comp))
    complete = df.dropna(subset=list(COLUMN_GROUPS["persampahan"]))
    excess = complete[complete["sampah_dikurangi_ton"] + complete["sampah_ditangani_ton"]
                      > complete["sampah_timbulan_ton"] + KK_TOLERANCE]
    if len(excess):
        examples = [f"{d} ({yr})" for d, yr in zip(excess["kode_desa"], excess["tahun"],
                                                    strict=True)]
        out.append(MonevWarning(
            "tangga_tidak_cocok", "sampah dikurangi + ditangani melebihi timbulan di "
            f"{len(excess)} desa-tahun (sisa tidak terkelola dibuat 0): {short_list(examples, 5)}",
            sheet="Akses", code="persampahan"))
    return out
