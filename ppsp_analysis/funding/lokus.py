"""The stunting overlay: every desa classified risk priority × *desa lokus stunting*.

The lokus list is the SK Bupati list: sheet ``LokusStunting`` (codes) and/or the Form 2
column ``lokus_stunting`` (a desa is lokus when either says so). Every desa falls in one of
:data:`CATEGORIES` by its area-berisiko class (priority = class ≥ 3, as in
:mod:`ppsp_analysis.monev.targeting`) and its lokus flag. For the desa that are both, the
households still without *akses layak* and the cost to serve them (households × the cost per
household of the technology mix) are what the brief puts before the TAPD; the monev's
:func:`~ppsp_analysis.monev.stunting_overlap` counts the same desa per component.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..monev.targeting import scored_codes
from ._base import MonevResult, MonevWarning, as_number

CATEGORIES = ("prioritas dan lokus", "prioritas saja", "lokus saja", "bukan keduanya",
              "tanpa kelas")
BOTH = CATEGORIES[0]


def lokus_desa(form2: pd.DataFrame, lokus: pd.DataFrame | None = None,
               known_codes: set[str] | None = None) -> MonevResult:
    """Which desa are *lokus stunting*, and where that comes from.

    Parameters
    ----------
    ambang_prioritas : int
        Lowest priority class, used only when the scored table has no
        ``prioritas_<component>`` flags (those follow the method's threshold).
    form2 : pandas.DataFrame
        Sheet ``Form2`` (``kode_desa``, optional ``lokus_stunting`` 0/1).
    lokus : pandas.DataFrame, optional
        Sheet ``LokusStunting`` (``kode_desa``; ``tahun`` — only the latest year's list is
        used when several years are given).
    known_codes : set of str, optional
        Desa of the boundaries; listed codes not among them are reported and left out.

    Returns
    -------
    MonevResult
        ``table`` indexed by ``kode_desa`` (every Form 2 desa): ``lokus`` (bool), ``asal``
        (``Form2``, ``LokusStunting``, ``Form2 dan LokusStunting`` or ``""``).

    Examples
    --------
    >>> f2 = pd.DataFrame({"kode_desa": ["a", "b", "c"], "lokus_stunting": [1, 0, 0]})
    >>> t = lokus_desa(f2, pd.DataFrame({"kode_desa": ["b"]})).table
    >>> t["lokus"].tolist(), t["asal"].tolist()
    ([True, True, False], ['Form2', 'LokusStunting', ''])
    """
    warnings: list[MonevWarning] = []
    codes = form2["kode_desa"].astype(str).str.strip()
    flag = (as_number(form2["lokus_stunting"]).fillna(0) == 1).to_numpy() \
        if "lokus_stunting" in form2 else np.zeros(len(form2), bool)
    from_form2 = pd.Series(flag, index=codes.to_numpy())
    listed: set[str] = set()
    if lokus is not None and len(lokus) and "kode_desa" in lokus:
        lst = lokus.dropna(subset=["kode_desa"])
        if "tahun" in lst and as_number(lst["tahun"]).notna().any():
            year = as_number(lst["tahun"])
            latest = year.max()
            lst = lst[(year == latest) | year.isna()]
        listed = set(lst["kode_desa"].astype(str).str.strip())
        known = set(codes) if known_codes is None else set(known_codes)
        unknown = sorted(listed - known)
        if unknown:
            warnings.append(MonevWarning(
                "desa_tidak_dikenal", f"{len(unknown)} kode desa lokus stunting tidak ada di "
                f"batas wilayah: {', '.join(unknown[:10])}", sheet="LokusStunting"))
            listed -= set(unknown)
    from_sheet = pd.Series([c in listed for c in codes], index=codes.to_numpy())
    asal = np.select([from_form2 & from_sheet, from_form2, from_sheet],
                     ["Form2 dan LokusStunting", "Form2", "LokusStunting"], "")
    table = pd.DataFrame({"lokus": (from_form2 | from_sheet).to_numpy(), "asal": asal},
                         index=pd.Index(codes.to_numpy(), name="kode_desa"))
    return MonevResult(table[~table.index.duplicated()], warnings)


def unserved_households(access: pd.DataFrame | None, form2: pd.DataFrame) -> pd.Series:
    """Households per desa still without *akses sanitasi layak* at the latest data year.

    ``jumlah_kk − (aman + layak sendiri + layak bersama)`` from the latest ``Akses`` year of
    each desa; else ``jumlah_kk − kk_jamban_layak`` from Form 2.

    Examples
    --------
    >>> f2 = pd.DataFrame({"kode_desa": ["a", "b"], "jumlah_kk": [100, 50],
    ...                    "kk_jamban_layak": [70, 45]})
    >>> unserved_households(None, f2).to_dict()
    {'a': 30.0, 'b': 5.0}
    """
    codes = form2["kode_desa"].astype(str).str.strip()
    out = pd.Series(np.nan, index=codes.to_numpy(), dtype=float)
    if "jumlah_kk" in form2 and "kk_jamban_layak" in form2:
        out[:] = (as_number(form2["jumlah_kk"]) - as_number(form2["kk_jamban_layak"])
                  ).clip(lower=0).to_numpy()
    if access is not None and len(access):
        layak = ["sanitasi_aman", "sanitasi_layak_sendiri", "sanitasi_layak_bersama"]
        if all(c in access for c in [*layak, "jumlah_kk", "tahun"]):
            a = access.assign(kode_desa=access["kode_desa"].astype(str).str.strip(),
                              tahun=as_number(access["tahun"]))
            nums = a[[*layak, "jumlah_kk"]].apply(as_number)
            a = a.assign(belum=(nums["jumlah_kk"] - nums[layak].sum(axis=1, min_count=3)))
            a = a[a["belum"].notna()].sort_values("tahun").drop_duplicates("kode_desa",
                                                                          keep="last")
            latest = a.set_index("kode_desa")["belum"].clip(lower=0)
            hit = latest.index.intersection(out.index)
            out.loc[hit] = latest.loc[hit].to_numpy()
    out.index.name = "kode_desa"
    return out


def lokus_overlay(scored: pd.DataFrame, lokus: pd.DataFrame, unserved: pd.Series,
                  cost_per_household: float, component: str = "gabungan",
                  ambang_prioritas: int = 3) -> MonevResult:
    """Every desa classified priority × lokus, with households unserved and the cost to serve
    them.

    Parameters
    ----------
    scored : pandas.DataFrame
        Scored table (``kode_desa``, ``nama_desa``, ``nama_kec``, ``kelas_<component>``).
    lokus : pandas.DataFrame
        :func:`lokus_desa` table.
    unserved : pandas.Series
        :func:`unserved_households`.
    cost_per_household : float
        Rp per household of the technology mix (escalated to the first SSK year).
    component : str
        Whose class decides priority (``gabungan`` by default, or ``air_limbah`` …).

    Returns
    -------
    MonevResult
        ``table``: ``kode_desa, nama_desa, nama_kec, kelas, prioritas, lokus, kategori,
        kk_belum_layak, biaya_tutup_celah_rp``.

    Examples
    --------
    >>> sc = pd.DataFrame({"kode_desa": ["a", "b", "c"], "nama_desa": ["A", "B", "C"],
    ...     "nama_kec": "K", "kelas_gabungan": pd.array([4, 1, 3], dtype="Int64")})
    >>> lk = pd.DataFrame({"lokus": [True, True, False]}, index=["a", "b", "c"])
    >>> t = lokus_overlay(sc, lk, pd.Series({"a": 30.0, "b": 5.0, "c": 8.0}), 1e7).table
    >>> t[["kategori", "biaya_tutup_celah_rp"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['prioritas dan lokus', 300000000.0], ['lokus saja', 50000000.0],
     ['prioritas saja', 80000000.0]]
    """
    warnings: list[MonevWarning] = []
    codes = scored_codes(scored)
    col = f"kelas_{component}"
    if col not in scored.columns:
        raise KeyError(f"kolom {col} tidak ada di tabel skor")
    classes = pd.array(scored[col], dtype="Int64")
    table = pd.DataFrame({
        "kode_desa": codes.to_numpy(),
        "nama_desa": scored["nama_desa"].to_numpy() if "nama_desa" in scored else codes,
        "nama_kec": scored["nama_kec"].to_numpy() if "nama_kec" in scored else "",
        "kelas": classes})
    flag = f"prioritas_{component}"
    if flag in scored.columns:  # the method's own threshold (area_berisiko.ambang_prioritas)
        table["prioritas"] = pd.array(scored[flag].to_numpy(), dtype="boolean")
        table.loc[table["kelas"].isna(), "prioritas"] = pd.NA
    else:
        table["prioritas"] = (table["kelas"] >= ambang_prioritas).astype("boolean")
    table["lokus"] = table["kode_desa"].map(lokus["lokus"]).fillna(False).astype(bool)
    prio = table["prioritas"].fillna(False).astype(bool)
    table["kategori"] = np.select(
        [table["kelas"].isna().to_numpy(dtype=bool), prio & table["lokus"], prio,
         table["lokus"]], [CATEGORIES[4], CATEGORIES[0], CATEGORIES[1], CATEGORIES[2]],
        CATEGORIES[3])
    table["kk_belum_layak"] = table["kode_desa"].map(unserved).astype(float)
    table["biaya_tutup_celah_rp"] = table["kk_belum_layak"] * cost_per_household
    if table["kk_belum_layak"].isna().any():
        warnings.append(MonevWarning(
            "kk_tidak_diketahui", f"{int(table['kk_belum_layak'].isna().sum())} desa tanpa data "
            "KK belum layak (Akses/Form2)", sheet="Akses"))
    return MonevResult(table, warnings)


def overlay_summary(overlay: pd.DataFrame) -> pd.DataFrame:
    """Desa, households without akses layak and cost per category of the overlay.

    Returns
    -------
    pandas.DataFrame
        One row per category of :data:`CATEGORIES`: ``kategori, jumlah_desa,
        kk_belum_layak, biaya_tutup_celah_rp``.
    """
    rows = []
    for cat in CATEGORIES:
        part = overlay[overlay["kategori"] == cat]
        rows.append({"kategori": cat, "jumlah_desa": int(len(part)),
                     "kk_belum_layak": float(part["kk_belum_layak"].sum()),
                     "biaya_tutup_celah_rp": float(part["biaya_tutup_celah_rp"].sum())})
    return pd.DataFrame(rows)


def class_lokus_table(overlay: pd.DataFrame, classes: int = 4,
                      ambang_prioritas: int = 3) -> pd.DataFrame:
    """Risk class × lokus: desa per class, how many are lokus, and their households without
    akses layak and the cost to serve them.

    Parameters
    ----------
    overlay : pandas.DataFrame
        :func:`lokus_overlay` table (``kelas``, ``prioritas``, ``lokus``, ``kk_belum_layak``,
        ``biaya_tutup_celah_rp``).
    classes : int
        Number of classes of the method (one row each, also when empty).
    ambang_prioritas : int
        Lowest priority class (``area_berisiko.ambang_prioritas``).

    Returns
    -------
    pandas.DataFrame
        One row per class ``1 … classes`` (then ``tanpa kelas`` when some desa have none):
        ``kelas`` (``None`` for the unclassed), ``prioritas`` (class ≥ ``ambang_prioritas``),
        ``jumlah_desa``, ``desa_lokus``, ``desa_bukan_lokus``, ``kk_belum_layak`` (all desa
        of the class), ``kk_belum_layak_lokus`` and ``biaya_tutup_celah_lokus_rp`` (lokus desa
        only). Sums of a column over the rows equal the overlay's totals.

    Examples
    --------
    >>> ov = pd.DataFrame({"kelas": pd.array([4, 4, 3, 1, None], dtype="Int64"),
    ...     "lokus": [True, False, True, True, False],
    ...     "kk_belum_layak": [30.0, 10.0, 5.0, 2.0, 1.0],
    ...     "biaya_tutup_celah_rp": [3e8, 1e8, 5e7, 2e7, 1e7]})
    >>> t = class_lokus_table(ov)
    >>> t[["jumlah_desa", "desa_lokus"]].values.tolist(), t["kk_belum_layak_lokus"].tolist()
    ([[1, 1], [0, 0], [1, 1], [2, 1], [1, 0]], [2.0, 0.0, 5.0, 30.0, 0.0])
    >>> t["prioritas"].tolist()
    [False, False, True, True, None]
    >>> float(t["biaya_tutup_celah_lokus_rp"].sum()) == 3e8 + 5e7 + 2e7
    True
    """
    cols = ["kelas", "prioritas", "jumlah_desa", "desa_lokus", "desa_bukan_lokus",
            "kk_belum_layak", "kk_belum_layak_lokus", "biaya_tutup_celah_lokus_rp"]
    kelas = pd.array(overlay["kelas"], dtype="Int64")
    lokus = overlay["lokus"].fillna(False).astype(bool).to_numpy()
    kk = overlay["kk_belum_layak"].astype(float).to_numpy()
    cost = overlay["biaya_tutup_celah_rp"].astype(float).to_numpy()
    groups: list[tuple[int | None, np.ndarray]] = [
        (k, (kelas == k).fillna(False).to_numpy(dtype=bool)) for k in range(1, classes + 1)]
    unclassed = np.asarray(kelas.isna(), dtype=bool)
    if unclassed.any():
        groups.append((None, unclassed))
    rows = []
    for k, mask in groups:
        both = mask & lokus
        rows.append({"kelas": k, "prioritas": None if k is None else k >= ambang_prioritas,
                     "jumlah_desa": int(mask.sum()), "desa_lokus": int(both.sum()),
                     "desa_bukan_lokus": int((mask & ~lokus).sum()),
                     "kk_belum_layak": float(np.nansum(kk[mask])),
                     "kk_belum_layak_lokus": float(np.nansum(kk[both])),
                     "biaya_tutup_celah_lokus_rp": float(np.nansum(cost[both]))})
    return pd.DataFrame(rows, columns=cols)


def top_activities(need: pd.DataFrame, overlay: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest activities of the need located in desa that are priority and lokus.

    An activity is one kind of work (``nama_kegiatan``, ``item_biaya``) in one desa, summed
    over the SSK years and sources.

    Returns
    -------
    pandas.DataFrame
        ``nama_kegiatan, kode_desa, nama_desa, nama_kec, sumber_dana, volume, satuan,
        kk_terlayani, kebutuhan_rp, rp_per_kk`` (``rp_per_kk`` NaN when the activity serves
        no counted household), largest first.

    Examples
    --------
    >>> ov = pd.DataFrame({"kode_desa": ["a", "b"], "nama_desa": ["A", "B"], "nama_kec": "K",
    ...                    "kategori": ["prioritas dan lokus", "lokus saja"]})
    >>> nd = pd.DataFrame({"nama_kegiatan": ["Tangki", "Tangki", "TPS3R"],
    ...     "item_biaya": ["t", "t", "s"], "kode_desa": ["a", "a", "b"],
    ...     "sumber_dana": "DAK", "volume": [2.0, 3.0, 1.0], "satuan": "SR",
    ...     "kk_terlayani": [2.0, 3.0, 200.0], "kebutuhan_rp": [2e7, 3e7, 6e8]})
    >>> top_activities(nd, ov)[["nama_desa", "kk_terlayani", "rp_per_kk"]].values.tolist()
    [['A', 5.0, 10000000.0]]
    """
    cols = ["nama_kegiatan", "kode_desa", "nama_desa", "nama_kec", "sumber_dana", "volume",
            "satuan", "kk_terlayani", "kebutuhan_rp", "rp_per_kk"]
    both = overlay[overlay["kategori"] == BOTH].set_index("kode_desa")
    d = need[need["kode_desa"].isin(both.index)] if len(need) else need
    if not len(d):
        return pd.DataFrame(columns=cols)
    d = d.assign(item_biaya=d["item_biaya"].fillna(""), satuan=d["satuan"].fillna(""))
    g = d.groupby(["nama_kegiatan", "item_biaya", "kode_desa", "satuan"], as_index=False).agg(
        volume=("volume", "sum"), kk_terlayani=("kk_terlayani", lambda s: s.sum(min_count=1)),
        kebutuhan_rp=("kebutuhan_rp", "sum"),
        sumber_dana=("sumber_dana", lambda s: ", ".join(dict.fromkeys(map(str, s)))))
    g["nama_desa"] = g["kode_desa"].map(both["nama_desa"])
    g["nama_kec"] = g["kode_desa"].map(both["nama_kec"])
    kk = g["kk_terlayani"].where(g["kk_terlayani"] > 0)
    g["rp_per_kk"] = g["kebutuhan_rp"] / kk
    g = g.sort_values("kebutuhan_rp", ascending=False).head(n)
    return g[cols].reset_index(drop=True)
