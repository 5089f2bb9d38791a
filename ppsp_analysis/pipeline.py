"""From an input package to the scored table: the whole PPSP computation in one call (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from .ehra import empty_cells, irs_per_desa, stratify
from .geo import repair
from .method import COMPONENTS, active_indicators, class_labels, method_changes, plain
from .numbering import MAP_NUMBER, with_map_numbers
from .package import InputPackage
from .persepsi import aggregate_perception
from .scoring import (
    class_of_area,
    combine_classes,
    compute_indicators,
    grouped_equal_interval_scores,
    score_indicators,
    weighted_score,
)

ID_COLUMNS = ["kode_desa", "nama_desa", "kode_kec", "nama_kec"]
EMPTY_CELL_COLUMNS = ["tingkat", "unit", "nama_desa", "komponen", "subindikator", "n_rt",
                      "perlakuan"]


@dataclass
class ScoredResult:
    """The result of :func:`score_package`.

    Attributes
    ----------
    desa : GeoDataFrame
        One row per desa with every intermediate score (see docs/kontrak_data.md §2).
    strata : DataFrame
        EHRA results per stratum (``p_*``, ``irs_*``, ``n_rt``).
    notes : list of str
        Things the reader must know (constant indicators, strata without survey …).
    method : dict
        The method used.
    meta : dict
        Form 1 general data plus ``sintetis``.
    subindikator_kosong : DataFrame
        Where option ``ehra.subindikator_kosong`` applied: every surveyed desa (``tingkat``
        ``desa``) or stratum (``strata``) with a sub-indicator no household answered —
        ``tingkat``, ``unit``, ``nama_desa``, ``komponen``, ``subindikator``, ``n_rt``,
        ``perlakuan``. Empty when every unit answered everything (or there is no EHRA).
    context : dict
        The package's context layers (kecamatan, kabupaten outlines …) for the maps.

    Notes
    -----
    ``meta["skenario"]`` lists the options of ``method`` that differ from the method the
    package declares (empty for an official result); maps, reports and slides made from a
    scenario carry the mark ``SKENARIO — bukan hasil resmi`` and that list.
    """

    desa: gpd.GeoDataFrame
    strata: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    method: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    subindikator_kosong: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=EMPTY_CELL_COLUMNS))
    context: dict = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        from .display import scored_text

        return scored_text(self)

    def _repr_html_(self) -> str:
        from .display import scored_html

        return scored_html(self)

    @property
    def is_scenario(self) -> bool:
        """True when scored with a method other than the package's own (a scenario)."""
        return bool(self.meta.get("skenario"))

    def explore(self, theme: str = "gabungan", height: int = 640, style=None):
        """The project's offline interactive map, inline in the notebook.

        The same map as ``peta_interaktif.html`` (one layer per theme, search by name,
        IMPACT and EXPOSURE of a desa on click), in a sandboxed frame: nothing is fetched
        from the network.

        Parameters
        ----------
        theme : str
            The layer shown first: ``gabungan``, ``air_limbah``, ``persampahan``,
            ``drainase``, ``irs`` or ``strata``.
        height : int
            Height of the frame in pixels.
        style : MapStyle, optional
            Colours and labels of the maps.

        Returns
        -------
        MapView
            Displays itself; ``.html`` is the whole document.
        """
        from .display import explore_map

        return explore_map(self, theme, height, style)

    def class_counts(self, column: str) -> dict:
        """Number of desa per class (and ``None`` for tidak ada data) of a class column."""
        counts = self.desa[column].value_counts(dropna=False)
        return {(None if pd.isna(k) else int(k)): int(v) for k, v in counts.items()}


def override_changes(desa: pd.DataFrame, comp: str) -> pd.Series:
    """Whether the Pokja's override of component ``comp`` really changed the class.

    An override row (``override_<comp>``) that sets the class the instrument already gave is
    a confirmation, not a change; a class given where the instrument had none (tidak ada
    data) is a change.

    Examples
    --------
    >>> d = pd.DataFrame({"override_drainase": [True, True, True, False],
    ...                   "kelas_drainase": pd.array([2, 3, 2, 4], dtype="Int64"),
    ...                   "kelas_drainase_instrumen": pd.array([2, 2, None, 1], dtype="Int64")})
    >>> override_changes(d, "drainase").tolist()
    [False, True, True, False]
    """
    final = pd.to_numeric(desa[f"kelas_{comp}"], errors="coerce").astype("Float64")
    before = pd.to_numeric(desa[f"kelas_{comp}_instrumen"], errors="coerce").astype("Float64")
    differs = (final != before).fillna(True) | before.isna()
    return (desa[f"override_{comp}"].astype(bool) & differs).astype(bool)


def score_package(pkg: InputPackage, method: Mapping | None = None) -> ScoredResult:
    """Score every desa of a (validated) package by the PPSP method.

    Parameters
    ----------
    pkg : InputPackage
        A package that passed validation.
    method : Method or dict, optional
        Replaces ``pkg.method`` (e.g. weights being tuned in a notebook). A method that
        differs from the package's own makes the result a scenario (``meta["skenario"]``).

    Returns
    -------
    ScoredResult

    Examples
    --------
    >>> from ppsp_analysis import Method, load_package
    >>> from ppsp_analysis.io.resources import demo_dir
    >>> pkg = load_package(demo_dir() / "99.02-kabupaten-tanjung-khayali")
    >>> official = score_package(pkg)
    >>> official.is_scenario, official.class_counts("kelas_gabungan")[4] > 0
    (False, True)
    >>> tuned = score_package(pkg, Method(pkg.method).with_weights(air_limbah={"irs": 3}))
    >>> tuned.meta["skenario"]
    ['exposure.bobot.air_limbah.irs: 1 → 3']
    """
    m = method if method is not None and len(method) else pkg.method
    m = m if type(m) is dict else plain(m)
    form2 = pkg.sheet("Form2").drop(columns="_baris", errors="ignore").set_index("kode_desa")
    form2 = form2[~form2.index.duplicated()]
    desa = repair(pkg.desa.drop(columns="_baris", errors="ignore")).set_index("kode_desa",
                                                                              drop=False)
    desa = desa.loc[desa.index.intersection(form2.index)]
    details: dict = {}
    table, strata, notes = score_tables(
        form2.loc[desa.index].assign(kode_desa=desa.index), pkg.ehra, pkg.sheet("Persepsi"),
        pkg.sheet("Override"), m, details=details)
    out = gpd.GeoDataFrame(table, geometry=desa.geometry.reindex(table.index).to_numpy(),
                           crs=desa.crs)
    out = out[["kode_desa", "nama_desa", MAP_NUMBER, "kode_kec", "nama_kec", "geometry",
               *[c for c in table.columns if c not in (*ID_COLUMNS, MAP_NUMBER)]]]
    meta = dict(pkg.form1)
    meta["sintetis"] = pkg.sintetis
    meta["versi_metode"] = m["versi"]
    # how the classes are named and which are a priority (maps print them)
    meta["label_kelas"] = class_labels(m, "area")
    meta["label_kelas_irs"] = class_labels(m, "irs")
    meta["ambang_prioritas"] = int(m["area_berisiko"]["ambang_prioritas"])
    official = pkg.official_method if pkg.official_method is not None else pkg.method
    meta["skenario"] = method_changes(official, m)
    empty = details.get("subindikator_kosong")
    if empty is None:
        empty = pd.DataFrame(columns=EMPTY_CELL_COLUMNS)
    return ScoredResult(desa=out, strata=strata, notes=notes, method=m, meta=meta,
                        subindikator_kosong=empty, context=dict(pkg.context))


def score_tables(form2: pd.DataFrame, ehra: pd.DataFrame | None, persepsi: pd.DataFrame,
                 overrides: pd.DataFrame, method: dict, group: str | None = None,
                 details: dict | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The PPSP computation on plain tables, for one kabupaten or many at once.

    Every relative rule (equal intervals, the poverty median, strata pooling) applies
    within ``group`` (e.g. ``kode_kab``), so a whole country scores in one vectorised pass.

    Parameters
    ----------
    form2 : pandas.DataFrame
        Form 2 rows with ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec`` (and
        ``group``), indexed by ``kode_desa``.
    ehra : pandas.DataFrame or None
        Household records.
    persepsi, overrides : pandas.DataFrame
        The ``Persepsi`` and ``Override`` sheets.
    method : dict
        The method.
    group : str, optional
        Column of ``form2`` naming each desa's kabupaten; None = one kabupaten.
    details : dict, optional
        When given, filled with ``subindikator_kosong`` (see
        :attr:`ScoredResult.subindikator_kosong`).

    Returns
    -------
    table : pandas.DataFrame
        One row per desa, the scored-table columns except geometry.
    strata : pandas.DataFrame
        EHRA results per stratum.
    notes : list of str
    """
    m = method if type(method) is dict else plain(method)
    k = m["kelas"]["jumlah"]
    dec = m["kelas"]["desimal_batas"]
    rnd = m["kelas"]["pembulatan_batas"]
    empty = m["ehra"]["subindikator_kosong"]
    notes: list[str] = []
    groups = (pd.Series(0, index=form2.index) if group is None
              else form2[group].astype(str))
    out = form2[ID_COLUMNS].copy()

    # EHRA strata and IRS
    strat = stratify(form2, m["stratifikasi"]["ambang_kepadatan_jiwa_ha"],
                     m["stratifikasi"]["ambang_kemiskinan_pct"],
                     None if group is None else groups)
    out = out.join(strat)
    irs_names = ("sumber_air", "air_limbah", "persampahan", "genangan", "phbs", "total")
    if ehra is not None and len(ehra):
        per_desa, per_strata = irs_per_desa(
            ehra[ehra["kode_desa"].isin(out.index)], strat["strata"], m["ehra"]["pemetaan"],
            m["ehra"]["unit_irs"], m["ehra"]["agregasi"], m["ehra"]["bobot_subindikator"],
            None if group is None else groups, empty)
        out = out.join(per_desa)
        if details is not None:
            cells = empty_cells(ehra[ehra["kode_desa"].isin(out.index)], strat["strata"],
                                m["ehra"]["pemetaan"], m["ehra"]["unit_irs"],
                                None if group is None else groups, empty)
            cells.insert(2, "nama_desa", cells["unit"].map(
                lambda u: out["nama_desa"].get(u, "") if isinstance(u, str) else ""))
            details["subindikator_kosong"] = cells
            if len(cells):
                what = "dianggap 0 %" if empty == "nol" else "diabaikan (komponen dirata-rata " \
                    "dari subindikator lain)"
                n_desa = int((cells["tingkat"] == "desa").sum())
                n_str = int((cells["tingkat"] == "strata").sum())
                notes.append(f"subindikator EHRA tanpa jawaban: {n_desa} di desa disurvei, "
                             f"{n_str} di strata — {what} (opsi ehra.subindikator_kosong = "
                             f"{empty})")
        n_missing_strata = int(out["irs_total"].isna().groupby(out["strata"]).all().sum())
        if group is None:
            missing = sorted(set(strat["strata"]) - set(per_strata.index))
            if missing:
                notes.append("strata tanpa desa yang disurvei (IRS tidak ada data): "
                             + ", ".join(str(s) for s in missing))
        elif n_missing_strata:
            notes.append(f"{int(out['irs_total'].isna().sum())} desa di strata tanpa survei "
                         "(IRS tidak ada data)")
    else:
        per_strata = pd.DataFrame()
        out["disurvei"], out["unit_irs"], out["n_rt"] = False, "tidak ada", 0
        for c in irs_names:
            out[f"irs_{c}"] = np.nan
        notes.append("data EHRA belum tersedia: IRS tidak ada data")
    out["kelas_irs"] = _scores(out["irs_total"], groups, k, dec, rnd)
    for comp in COMPONENTS:
        out[f"skor_irs_{comp}"] = _scores(out[f"irs_{m['exposure']['komponen_irs'][comp]}"],
                                          groups, k, dec, rnd)

    # secondary data (indicators switched off with aktif: false are skipped)
    for grp, specs in active_indicators(m).items():
        ind = compute_indicators(form2, specs)
        sc, n = score_indicators(ind, specs, k=k, decimals=dec, groups=groups, rounding=rnd)
        notes += n
        out = out.join(ind).join(sc)
        weights = {f"skor_{name}": spec.get("bobot", 1) for name, spec in specs.items()}
        target = "impact" if grp == "impact" else f"skor_sekunder_{grp}"
        out[target] = weighted_score(sc, weights)

    # OPD perception
    out = out.join(aggregate_perception(persepsi, m["persepsi"]["agregasi"],
                                        m["persepsi"]["pembulatan"]))

    # EXPOSURE, area berisiko, override, priority
    threshold = m["area_berisiko"]["ambang_prioritas"]
    for comp in COMPONENTS:
        frame = pd.DataFrame({src: pd.to_numeric(out[f"skor_{src}_{comp}"], errors="coerce")
                              for src in ("sekunder", "irs", "persepsi")})
        out[f"exposure_{comp}"] = weighted_score(frame, m["exposure"]["bobot"][comp],
                                                 m["exposure"]["sumber_hilang"])
        out[f"area_{comp}"] = out["impact"] * out[f"exposure_{comp}"]
        cls = class_of_area(out[f"area_{comp}"], m["area_berisiko"]["metode_kelas"], k,
                            m["area_berisiko"]["batas_tetap"], dec, groups, rnd)
        out[f"kelas_{comp}_instrumen"] = cls
        ov = overrides[(overrides["komponen"] == comp) & overrides["kode_desa"].isin(out.index)]
        ov = ov.drop_duplicates("kode_desa", keep="last").set_index("kode_desa")
        final = cls.copy()
        final.loc[ov.index] = ov["kelas_baru"].astype(int).to_numpy()
        out[f"kelas_{comp}"] = final
        out[f"override_{comp}"] = out.index.isin(ov.index)
        out[f"alasan_{comp}"] = ov["alasan"].astype(str).reindex(out.index).fillna("")
        out[f"prioritas_{comp}"] = (final >= threshold).fillna(False).astype(bool)
    out["kelas_gabungan"] = combine_classes(out[[f"kelas_{c}" for c in COMPONENTS]],
                                            m["gabungan"]["metode"])
    out["prioritas_gabungan"] = (out["kelas_gabungan"] >= threshold).fillna(False).astype(bool)
    for comp in COMPONENTS:
        n_missing = int(out[f"kelas_{comp}"].isna().sum())
        if n_missing:
            notes.append(f"{n_missing} desa tanpa kelas {comp} (tidak ada data)")
    out.index = pd.Index(out["kode_desa"].to_numpy())
    out = with_map_numbers(out)
    return out, per_strata, notes


def _scores(values: pd.Series, groups: pd.Series, k: int, dec: int | None,
            rounding: str = "half_up") -> pd.Series:
    return grouped_equal_interval_scores(values, groups, k=k, decimals=dec,
                                         rounding=rounding)[0]
