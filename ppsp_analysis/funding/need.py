"""Funding need (*indikasi kebutuhan biaya*), program-driven and target-driven, and its O&M.

Every function returns rows of one long table (:data:`NEED_COLUMNS`), so the two ways of
estimating the need, and the O&M of what they build, add up and can be summed by year,
component, source and type:

* **program-driven** (:func:`program_need`): the SSK program list (sheet ``Program``, rows
  whose ``tahun`` falls in the SSK period). Cost of a row: ``rencana_rp`` when given, else
  ``volume × harga_satuan_rp`` (the Pokja's own price, taken in the row's year), else
  ``volume × nilai_rp[item_biaya] × (1 + e)^(tahun − tahun_harga)``.
* **target-driven** (:func:`households_to_serve`, :func:`target_need`): per desa and year,
  the households that must gain access so that the share follows a straight path from the
  latest ``Akses`` year to the targets, on households projected with growth g:
  ``KK[y] = KK[t0] × (1 + g)^(y − t0)``, ``dilayani[y] = share[y] × KK[y]``,
  ``KK_baru[y] = max(0, dilayani[y] − dilayani[y − 1])``; split by the technology mix
  (shares of households), ``unit = KK / kk_per_satuan``, ``biaya = unit × harga[y]``, and by
  the indicated sources.
* **O&M** (:func:`om_need`): for every investment built in year b, from year b + 1 on,
  ``om% × biaya_b × (1 + e)^(y − b)`` per year (the item's own rate, else the method's).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..monev.catalogue import evaluate_formula, indicator_catalogue
from ..monev.ladders import prepare_access
from ..schema import KOMPONEN_PROGRAM
from ._base import (
    MonevResult,
    MonevWarning,
    SSKPeriod,
    as_number,
    clean_text,
    columns_or_blank,
    normalise_shares,
)
from .catalogue import escalate

NEED_COLUMNS = ["tahun", "komponen", "sumber_dana", "jenis", "dasar", "nama_kegiatan",
                "kode_desa", "item_biaya", "volume", "satuan", "harga_satuan_rp",
                "kk_terlayani", "kebutuhan_rp", "indikator", "_baris"]
"""Columns of every need table. ``dasar``: ``program`` (the SSK list), ``target`` (households
to serve) or ``om`` (O&M of new assets); ``harga_satuan_rp`` is the unit cost in the row's
year prices."""

BASES = ("otomatis", "program", "target", "keduanya")
KOMPONEN_ORDER = KOMPONEN_PROGRAM


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c in (
        "tahun", "volume", "harga_satuan_rp", "kk_terlayani", "kebutuhan_rp") else object)
        for c in NEED_COLUMNS})


# --------------------------------------------------------------------------- program-driven
def program_need(program: pd.DataFrame | None, catalogue: pd.DataFrame, period: SSKPeriod,
                 escalation_pct: float) -> MonevResult:
    """Need from the SSK program list: the ``Program`` rows of the SSK period, costed.

    Parameters
    ----------
    program : pandas.DataFrame
        Sheet ``Program`` (with the optional columns ``item_biaya, volume, satuan,
        harga_satuan_rp``).
    catalogue : pandas.DataFrame
        Unit costs (:func:`~ppsp_analysis.funding.catalogue.unit_cost_catalogue`).
    period : SSKPeriod
        Rows of other years are left out (they are monev rows).
    escalation_pct : float
        Yearly escalation of catalogue prices, %.

    Returns
    -------
    MonevResult
        ``table``: :data:`NEED_COLUMNS`, ``dasar = "program"``; ``warnings``: rows without a
        cost (unknown item, item without a value, nothing to cost).

    Examples
    --------
    >>> from ppsp_analysis.funding.catalogue import default_unit_costs
    >>> prog = pd.DataFrame({"tahun": [2026, 2027, 2020], "nama_kegiatan": ["a", "b", "c"],
    ...     "komponen": "air_limbah", "sumber_dana": "DAK", "jenis": "investasi",
    ...     "kode_desa": None, "rencana_rp": [np.nan, 5e6, 1e6], "realisasi_rp": np.nan,
    ...     "item_biaya": ["tangki_septik_individual", None, None], "volume": [10, np.nan, 1],
    ...     "satuan": "SR", "harga_satuan_rp": np.nan})
    >>> t = program_need(prog, default_unit_costs(), SSKPeriod(2026, 2030, 2027), 0.0).table
    >>> t["kebutuhan_rp"].tolist(), t["kk_terlayani"].tolist()   # 10 SR × Rp10 juta; lump sum
    ([100000000.0, 5000000.0], [10.0, nan])
    """
    warnings: list[MonevWarning] = []
    if program is None or not len(program):
        return MonevResult(_empty(), warnings)
    df = columns_or_blank(program, ["tahun", "nama_kegiatan", "komponen", "sumber_dana",
                                    "jenis", "kode_desa", "rencana_rp", "item_biaya", "volume",
                                    "satuan", "harga_satuan_rp", "_baris"])
    df["tahun"] = as_number(df["tahun"])
    df = df[df["tahun"].between(period.awal, period.akhir)].copy()
    if not len(df):
        return MonevResult(_empty(), warnings)
    for c in ("rencana_rp", "volume", "harga_satuan_rp"):
        df[c] = as_number(df[c])
    for c in ("item_biaya", "kode_desa", "satuan", "nama_kegiatan", "komponen", "sumber_dana",
              "jenis"):
        df[c] = clean_text(df[c])
    items = df["item_biaya"]
    known = items.isin(catalogue.index)
    unknown = sorted(set(items[items.notna() & ~known]))
    if unknown:
        warnings.append(MonevWarning(
            "item_tidak_dikenal", "item biaya tidak ada di katalog maupun sheet BiayaSatuan: "
            + ", ".join(unknown), sheet="Program"))
    base_cost = items.map(catalogue["nilai_rp"]).astype(float)
    base_year = items.map(catalogue["tahun"]).astype(float)
    catalogue_price = escalate(base_cost, base_year, df["tahun"], escalation_pct)
    own_price = df["harga_satuan_rp"]
    price = own_price.where(own_price.notna(), catalogue_price)
    from_volume = df["volume"] * price
    cost = df["rencana_rp"].where(df["rencana_rp"].notna(), from_volume)
    df["harga_satuan_rp"] = price.where(price.notna(), df["rencana_rp"] / df["volume"])
    df["kebutuhan_rp"] = cost
    df["kk_terlayani"] = df["volume"] * items.map(catalogue["kk_per_satuan"]).astype(float)
    df["satuan"] = df["satuan"].where(df["satuan"].notna(), items.map(catalogue["satuan"]))
    missing = cost.isna()
    if missing.any():
        rows = df.loc[missing, "_baris"].dropna().astype(int).tolist()
        no_value = sorted(set(items[missing & known & base_cost.isna()]))
        extra = (f"; item tanpa nilai (isi sheet BiayaSatuan atau harga_satuan_rp): "
                 f"{', '.join(no_value)}" if no_value else "")
        warnings.append(MonevWarning(
            "biaya_tidak_dihitung", f"{int(missing.sum())} kegiatan SSK tanpa biaya (isi "
            f"rencana_rp, atau volume dengan harga_satuan_rp/item_biaya), baris "
            f"{', '.join(map(str, rows[:10]))}{extra}", sheet="Program"))
        df = df[~missing]
    df["dasar"] = "program"
    df["indikator"] = None
    df["tahun"] = df["tahun"].astype(float)
    return MonevResult(df[NEED_COLUMNS].reset_index(drop=True), warnings)


# --------------------------------------------------------------------------- target-driven
def served_share(access: pd.DataFrame | None, form2: pd.DataFrame,
                 indicator: str) -> MonevResult:
    """Households served per desa at the latest year each desa reported (the baseline).

    Parameters
    ----------
    access : pandas.DataFrame
        Sheet ``Akses``.
    form2 : pandas.DataFrame
        Sheet ``Form2`` (fallback when a desa has no ``Akses`` row: ``kk_jamban_layak`` for
        ``sanitasi_layak``, ``pct_sampah_terangkut`` for ``sampah_terlayani``).
    indicator : str
        A % KK indicator of the monev catalogue (numerator ÷ ``jumlah_kk``).

    Returns
    -------
    MonevResult
        ``table`` indexed by ``kode_desa``: ``tahun``, ``jumlah_kk``, ``kk_dilayani``,
        ``asal`` (``Akses`` or ``Form2``).
    """
    cat = indicator_catalogue()
    spec = cat.loc[indicator]
    warnings: list[MonevWarning] = []
    prepared = prepare_access(access, form2).table if access is not None and len(access) \
        else pd.DataFrame()
    rows = pd.DataFrame(columns=["tahun", "jumlah_kk", "kk_dilayani", "asal"])
    if len(prepared):
        p = prepared.copy()
        p["kk_dilayani"] = evaluate_formula(spec["pembilang"], p)
        p = p[p["kk_dilayani"].notna() & p["jumlah_kk"].notna() & (p["jumlah_kk"] > 0)]
        p = p.sort_values("tahun").drop_duplicates("kode_desa", keep="last")
        rows = p.set_index("kode_desa")[["tahun", "jumlah_kk", "kk_dilayani"]].assign(
            asal="Akses")
    codes = form2["kode_desa"].astype(str).str.strip()
    missing = [c for c in codes if c not in rows.index]
    if missing:
        fallback = _form2_served(form2.assign(kode_desa=codes).set_index("kode_desa")
                                 .loc[missing], indicator)
        if fallback is not None and len(fallback.dropna()):
            year = float(rows["tahun"].max()) if len(rows) else np.nan
            fb = fallback.dropna().assign(tahun=year, asal="Form2")
            warnings.append(MonevWarning(
                "akses_dari_form2", f"{indicator}: {len(fb)} desa tanpa data Akses; dipakai "
                "Form2 sebagai data dasar", sheet="Akses", code=indicator))
            rows = pd.concat([rows, fb[["tahun", "jumlah_kk", "kk_dilayani", "asal"]]])
        left = len(missing) - (0 if fallback is None else len(fallback.dropna()))
        if left > 0:
            warnings.append(MonevWarning(
                "akses_tidak_ada", f"{indicator}: {left} desa tanpa data dasar (Akses/Form2); "
                "kebutuhan desa ini tidak dihitung", sheet="Akses", code=indicator))
    rows.index.name = "kode_desa"
    return MonevResult(rows, warnings)


def _form2_served(f2: pd.DataFrame, indicator: str) -> pd.DataFrame | None:
    kk = as_number(f2.get("jumlah_kk", pd.Series(np.nan, index=f2.index)))
    if indicator == "sanitasi_layak" and "kk_jamban_layak" in f2:
        served = as_number(f2["kk_jamban_layak"])
    elif indicator == "sampah_terlayani" and "pct_sampah_terangkut" in f2:
        served = as_number(f2["pct_sampah_terangkut"]) / 100 * kk
    else:
        return None
    out = pd.DataFrame({"jumlah_kk": kk, "kk_dilayani": served})
    return out.where(kk > 0)


def kk_growth_rate(access: pd.DataFrame | None) -> float | None:
    """Yearly growth of the total households in sheet ``Akses`` (CAGR, %), or None.

    Only desa reported in both the first and the last year count, so a desa missing one year
    does not look like a fall.

    Examples
    --------
    >>> a = pd.DataFrame({"tahun": [2021, 2023, 2021, 2023], "kode_desa": ["a", "a", "b", "b"],
    ...                   "jumlah_kk": [100, 121, 200, 242]})
    >>> round(kk_growth_rate(a), 6)
    10.0
    """
    if access is None or not len(access) or "jumlah_kk" not in access:
        return None
    a = access.assign(tahun=as_number(access["tahun"]), jumlah_kk=as_number(access["jumlah_kk"]))
    a = a.dropna(subset=["tahun", "jumlah_kk"])
    years = sorted(set(a["tahun"]))
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    both = set(a.loc[a["tahun"] == first, "kode_desa"]) & set(a.loc[a["tahun"] == last,
                                                                     "kode_desa"])
    if not both:
        return None
    k0 = a[(a["tahun"] == first) & a["kode_desa"].isin(both)]["jumlah_kk"].sum()
    k1 = a[(a["tahun"] == last) & a["kode_desa"].isin(both)]["jumlah_kk"].sum()
    if k0 <= 0 or k1 <= 0:
        return None
    return float(((k1 / k0) ** (1.0 / (last - first)) - 1.0) * 100.0)


def households_to_serve(baseline: pd.DataFrame, targets: pd.DataFrame, indicator: str,
                        period: SSKPeriod, growth_pct: float) -> MonevResult:
    """Households each desa must newly serve per year of the SSK period.

    The share of a desa follows a straight line from its baseline (year ``t0``, share
    ``s0``) through every target of ``indicator`` after ``t0`` (never below ``s0``: a desa
    above the target holds its share), and stays at the last target afterwards. Households
    grow by ``growth_pct`` a year from ``t0``.

    Parameters
    ----------
    baseline : pandas.DataFrame
        :func:`served_share` table (index ``kode_desa``; ``tahun, jumlah_kk, kk_dilayani``).
    targets : pandas.DataFrame
        ``indikator, tahun, nilai`` (%), e.g. merged SSK and national targets.
    indicator : str
        Indicator code.
    period : SSKPeriod
        Years to compute.
    growth_pct : float
        Yearly growth of households, %.

    Returns
    -------
    MonevResult
        ``table``: ``kode_desa, tahun, jumlah_kk, pct_target_jalur, kk_dilayani,
        kk_baru`` (one row per desa and period year).

    Examples
    --------
    >>> base = pd.DataFrame({"tahun": [2025, 2025], "jumlah_kk": [100.0, 200.0],
    ...                      "kk_dilayani": [60.0, 180.0]}, index=pd.Index(["a", "b"],
    ...                      name="kode_desa"))
    >>> tg = pd.DataFrame({"indikator": ["sanitasi_layak"], "tahun": [2027], "nilai": [80.0]})
    >>> t = households_to_serve(base, tg, "sanitasi_layak", SSKPeriod(2026, 2027, 2027), 0).table
    >>> t.groupby("kode_desa")["kk_baru"].sum().to_dict()   # 60 → 70 → 80; b is above 80 %
    {'a': 20.0, 'b': 0.0}
    """
    warnings: list[MonevWarning] = []
    cols = ["kode_desa", "tahun", "jumlah_kk", "pct_target_jalur", "kk_dilayani", "kk_baru"]
    t = targets[targets["indikator"] == indicator].dropna(subset=["tahun", "nilai"])
    t = t.sort_values("tahun").drop_duplicates("tahun", keep="last")
    base = baseline.dropna(subset=["tahun", "jumlah_kk", "kk_dilayani"])
    if not len(base):
        return MonevResult(pd.DataFrame(columns=cols), warnings)
    later = t[t["tahun"] > base["tahun"].min()]
    if not len(later):
        warnings.append(MonevWarning(
            "target_tidak_ada", f"tidak ada target {indicator} sesudah tahun data "
            f"{int(base['tahun'].min())}: kebutuhan berbasis target tidak dihitung (isi sheet "
            "Target)", sheet="Target", code=indicator))
        return MonevResult(pd.DataFrame(columns=cols), warnings)
    g = 1.0 + growth_pct / 100.0
    years = np.array(period.years, dtype=float)
    out = []
    t_years, t_values = t["tahun"].to_numpy(float), t["nilai"].to_numpy(float) / 100.0
    for code, r in base.iterrows():
        t0, kk0 = float(r["tahun"]), float(r["jumlah_kk"])
        s0 = min(float(r["kk_dilayani"]) / kk0, 1.0)
        after = t_years > t0
        kx = np.concatenate([[t0], t_years[after]])
        ky = np.maximum.accumulate(np.concatenate([[s0], np.maximum(t_values[after], s0)]))
        prev_years = np.concatenate([[years[0] - 1], years[:-1]])

        def served(y: np.ndarray, kx=kx, ky=ky, t0=t0, kk0=kk0, s0=s0) -> np.ndarray:
            share = np.interp(y, kx, ky)          # holds the end values outside the knots
            kk = kk0 * g ** np.maximum(y - t0, 0.0)
            dil = share * kk
            return np.where(y <= t0, kk0 * s0, dil), share, kk

        now, share, kk = served(years)
        before, _, _ = served(prev_years)
        new = np.where(years <= t0, 0.0, np.maximum(now - before, 0.0))
        out.append(pd.DataFrame({"kode_desa": code, "tahun": years, "jumlah_kk": kk,
                                 "pct_target_jalur": share * 100.0, "kk_dilayani": now,
                                 "kk_baru": new}))
    table = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)
    return MonevResult(table[cols], warnings)


def target_need(households: pd.DataFrame, indicator: str, komponen: str,
                technology: Mapping[str, float], sources: Mapping[str, float],
                catalogue: pd.DataFrame, escalation_pct: float) -> MonevResult:
    """Cost of serving the households of :func:`households_to_serve` by a technology mix.

    Parameters
    ----------
    households : pandas.DataFrame
        ``kode_desa, tahun, kk_baru``.
    indicator, komponen : str
        For the output rows.
    technology : mapping
        Item of the unit-cost catalogue → share of the households it serves (normalised).
    sources : mapping
        Funding source → share of the cost (normalised).
    catalogue : pandas.DataFrame
        Unit costs (each item needs ``nilai_rp`` and ``kk_per_satuan``).
    escalation_pct : float
        Yearly escalation, %.

    Returns
    -------
    MonevResult
        ``table``: :data:`NEED_COLUMNS` with ``dasar = "target"``, one row per desa × year ×
        item × source (``volume`` = units, ``kk_terlayani`` = households).

    Examples
    --------
    >>> from ppsp_analysis.funding.catalogue import default_unit_costs
    >>> hh = pd.DataFrame({"kode_desa": ["a"], "tahun": [2024.0], "kk_baru": [10.0]})
    >>> t = target_need(hh, "sanitasi_layak", "air_limbah", {"tangki_septik_individual": 80,
    ...     "spald_s_komunal": 20}, {"APBD Kabupaten": 1}, default_unit_costs(), 0.0).table
    >>> t[["item_biaya", "kk_terlayani", "kebutuhan_rp"]].values.tolist()
    [['tangki_septik_individual', 8.0, 80000000.0], ['spald_s_komunal', 2.0, 20000000.0]]
    """
    warnings: list[MonevWarning] = []
    tech = normalise_shares(technology)
    src = normalise_shares(sources) or {"APBD Kabupaten": 1.0}
    usable = {}
    for item, share in tech.items():
        ok = (item in catalogue.index and pd.notna(catalogue.loc[item, "nilai_rp"])
              and pd.notna(catalogue.loc[item, "kk_per_satuan"])
              and catalogue.loc[item, "kk_per_satuan"] > 0)
        if ok:
            usable[item] = share
        else:
            warnings.append(MonevWarning(
                "teknologi_tanpa_biaya", f"{indicator}: item {item} tidak punya biaya satuan "
                "atau KK per satuan; bagiannya tidak dihitung (isi sheet BiayaSatuan)",
                sheet="BiayaSatuan", code=item))
    hh = households[households["kk_baru"] > 0]
    if not usable or not len(hh):
        return MonevResult(_empty(), warnings)
    parts = []
    for item, share in usable.items():
        row = catalogue.loc[item]
        kk = hh["kk_baru"].to_numpy(float) * share
        units = kk / float(row["kk_per_satuan"])
        price = escalate(float(row["nilai_rp"]), float(row["tahun"]),
                         hh["tahun"].to_numpy(float), escalation_pct)
        for source, s_share in src.items():
            parts.append(pd.DataFrame({
                "tahun": hh["tahun"].to_numpy(float), "komponen": komponen,
                "sumber_dana": source, "jenis": "investasi", "dasar": "target",
                "nama_kegiatan": str(row["nama_item"]), "kode_desa": hh["kode_desa"].to_numpy(),
                "item_biaya": item, "volume": units * s_share, "satuan": row["satuan"],
                "harga_satuan_rp": price, "kk_terlayani": kk * s_share,
                "kebutuhan_rp": units * price * s_share, "indikator": indicator,
                "_baris": np.nan}))
    return MonevResult(pd.concat(parts, ignore_index=True)[NEED_COLUMNS], warnings)


# --------------------------------------------------------------------------- O&M
def om_need(investment: pd.DataFrame, catalogue: pd.DataFrame, period: SSKPeriod,
            default_pct: float, escalation_pct: float, source: str) -> MonevResult:
    """O&M of the assets the SSK builds, per year after the build year (reported apart).

    ``OM[y] = Σ_{b < y} om%(item) / 100 × biaya_b × (1 + e)^(y − b)`` for y in the period,
    where ``om%`` is the item's ``om_persen`` in the catalogue, else ``default_pct``.

    Parameters
    ----------
    investment : pandas.DataFrame
        Need rows (:data:`NEED_COLUMNS`); only ``jenis == "investasi"`` rows count.
    catalogue : pandas.DataFrame
        Unit costs (``om_persen``).
    period : SSKPeriod
    default_pct, escalation_pct : float
        O&M rate and escalation, % per year.
    source : str
        Funding source of the O&M rows.

    Returns
    -------
    MonevResult
        ``table``: :data:`NEED_COLUMNS` rows with ``jenis = "O&M"``, ``dasar = "om"``, one
        per year and component.

    Examples
    --------
    >>> from ppsp_analysis.funding.catalogue import default_unit_costs
    >>> inv = pd.DataFrame({"tahun": [2026.0], "komponen": ["persampahan"],
    ...     "jenis": ["investasi"], "item_biaya": ["tps3r"], "kebutuhan_rp": [1e9]})
    >>> t = om_need(inv, default_unit_costs(), SSKPeriod(2026, 2028, 2027), 2.0, 0.0,
    ...             "APBD Kabupaten").table
    >>> t[["tahun", "kebutuhan_rp"]].values.tolist()     # 2 % of Rp1 miliar from 2027 on
    [[2027.0, 20000000.0], [2028.0, 20000000.0]]
    """
    inv = investment[investment["jenis"] == "investasi"]
    if not len(inv):
        return MonevResult(_empty(), [])
    item_pct = inv["item_biaya"].map(catalogue["om_persen"]).astype(float) \
        if "item_biaya" in inv else pd.Series(np.nan, index=inv.index)
    pct = item_pct.where(item_pct.notna(), default_pct)
    base = pd.DataFrame({"b": inv["tahun"].astype(float), "komponen": inv["komponen"],
                         "om": inv["kebutuhan_rp"].astype(float) * pct / 100.0})
    base = base.groupby(["b", "komponen"], as_index=False)["om"].sum()
    rows = []
    for y in period.years:
        built = base[base["b"] < y]
        if not len(built):
            continue
        yearly = built.assign(v=built["om"] * (1 + escalation_pct / 100.0) ** (y - built["b"]))
        for comp, v in yearly.groupby("komponen")["v"].sum().items():
            if v > 0:
                rows.append({"tahun": float(y), "komponen": comp, "sumber_dana": source,
                             "jenis": "O&M", "dasar": "om",
                             "nama_kegiatan": "O&M aset yang dibangun dalam periode SSK",
                             "kode_desa": None, "item_biaya": None, "volume": np.nan,
                             "satuan": None, "harga_satuan_rp": np.nan, "kk_terlayani": np.nan,
                             "kebutuhan_rp": float(v), "indikator": None, "_baris": np.nan})
    table = pd.DataFrame(rows, columns=NEED_COLUMNS) if rows else _empty()
    return MonevResult(table, [])


# --------------------------------------------------------------------------- combined
def combine_need(program_rows: pd.DataFrame, target_rows: pd.DataFrame,
                 basis: str = "otomatis") -> MonevResult:
    """The investment and O&M rows of the program list and/or the target-driven need.

    Parameters
    ----------
    program_rows, target_rows : pandas.DataFrame
        :func:`program_need` and :func:`target_need` rows.
    basis : {"otomatis", "program", "target", "keduanya"}
        ``program``: the program list only; ``target``: target-driven rows for the targeted
        components, the program list for the others; ``otomatis``: per component, the
        program list when it has investment rows of that component, else the target-driven
        rows; ``keduanya``: both.

    Returns
    -------
    MonevResult
        ``table``: the selected rows; ``table.attrs["dasar_komponen"]`` = component → basis
        used (``program`` / ``target`` / ``program + target``).

    Examples
    --------
    >>> p = pd.DataFrame({"komponen": ["drainase"], "jenis": ["investasi"], "kebutuhan_rp": [5.0]})
    >>> t = pd.DataFrame({"komponen": ["air_limbah", "drainase"], "jenis": "investasi",
    ...                   "kebutuhan_rp": [7.0, 9.0]})
    >>> r = combine_need(p, t, "otomatis").table
    >>> r["kebutuhan_rp"].tolist(), r.attrs["dasar_komponen"]
    ([5.0, 7.0], {'air_limbah': 'target', 'drainase': 'program'})
    """
    if basis not in BASES:
        raise ValueError(f"dasar kebutuhan tidak dikenal: {basis!r} ({', '.join(BASES)})")
    targeted = set(target_rows["komponen"]) if len(target_rows) else set()
    programmed = set(program_rows.loc[program_rows["jenis"] == "investasi", "komponen"]) \
        if len(program_rows) else set()
    if basis == "program":
        keep_p, keep_t = program_rows, target_rows.iloc[0:0]
    elif basis == "target":
        keep_p = program_rows[~program_rows["komponen"].isin(targeted)]
        keep_t = target_rows
    elif basis == "otomatis":
        keep_p = program_rows
        keep_t = target_rows[~target_rows["komponen"].isin(programmed)]
    else:
        keep_p, keep_t = program_rows, target_rows
    used: dict[str, str] = {}
    for comp in sorted(set(keep_p["komponen"]) | set(keep_t["komponen"]),
                       key=lambda c: (KOMPONEN_ORDER.index(c) if c in KOMPONEN_ORDER else 99,
                                      str(c))):
        kinds = [k for k, d in (("program", keep_p), ("target", keep_t))
                 if (d["komponen"] == comp).any()]
        used[str(comp)] = " + ".join(kinds)
    parts = [d for d in (keep_p, keep_t) if len(d)]
    table = pd.concat(parts, ignore_index=True) if parts else program_rows.iloc[0:0].copy()
    table.attrs["dasar_komponen"] = used
    return MonevResult(table, [])


def need_summary(need: pd.DataFrame, by: tuple[str, ...] = ("tahun", "komponen")
                 ) -> pd.DataFrame:
    """Need summed over ``by`` with the investment and O&M parts apart.

    Returns
    -------
    pandas.DataFrame
        ``<by>, kebutuhan_investasi_rp, kebutuhan_om_rp, kebutuhan_rp``.

    Examples
    --------
    >>> n = pd.DataFrame({"tahun": [2026.0, 2026.0], "komponen": ["a", "a"],
    ...                   "jenis": ["investasi", "O&M"], "kebutuhan_rp": [10.0, 1.0]})
    >>> need_summary(n).values.tolist()
    [[2026, 'a', 10.0, 1.0, 11.0]]
    """
    by = list(by)
    cols = [*by, "kebutuhan_investasi_rp", "kebutuhan_om_rp", "kebutuhan_rp"]
    if not len(need):
        return pd.DataFrame(columns=cols)
    d = need.assign(
        kebutuhan_investasi_rp=need["kebutuhan_rp"].where(need["jenis"] != "O&M", 0.0),
        kebutuhan_om_rp=need["kebutuhan_rp"].where(need["jenis"] == "O&M", 0.0))
    out = d.groupby(by, dropna=False)[cols[len(by):]].sum().reset_index()
    if "tahun" in out:
        out["tahun"] = out["tahun"].astype(int)
    return out[cols]
