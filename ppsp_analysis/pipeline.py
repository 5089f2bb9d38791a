"""From an input package to the scored table: the whole PPSP computation in one call (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from .ehra import irs_per_desa, stratify
from .geo import repair
from .method import COMPONENTS, normalise_weights
from .package import InputPackage
from .persepsi import aggregate_perception
from .scoring import (
    class_of_area,
    combine_classes,
    compute_indicators,
    equal_interval_scores,
    score_indicators,
    weighted_score,
)

ID_COLUMNS = ["kode_desa", "nama_desa", "kode_kec", "nama_kec"]


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
    """

    desa: gpd.GeoDataFrame
    strata: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    method: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def class_counts(self, column: str) -> dict:
        """Number of desa per class (and ``None`` for tidak ada data) of a class column."""
        counts = self.desa[column].value_counts(dropna=False)
        return {(None if pd.isna(k) else int(k)): int(v) for k, v in counts.items()}


def score_package(pkg: InputPackage, method: dict | None = None) -> ScoredResult:
    """Score every desa of a (validated) package by the PPSP method.

    Parameters
    ----------
    pkg : InputPackage
        A package that passed validation.
    method : dict, optional
        Overrides ``pkg.method`` (e.g. weights being tuned in a notebook).

    Returns
    -------
    ScoredResult
    """
    m = method or pkg.method
    k = m["kelas"]["jumlah"]
    dec = m["kelas"]["desimal_batas"]
    notes: list[str] = []
    form2 = pkg.sheet("Form2").drop(columns="_baris").set_index("kode_desa")
    form2 = form2[~form2.index.duplicated()]
    desa = repair(pkg.desa.drop(columns="_baris")).set_index("kode_desa", drop=False)
    desa = desa.loc[desa.index.intersection(form2.index)]
    form2 = form2.loc[desa.index]
    out = desa[[*ID_COLUMNS, "geometry"]].copy()

    # EHRA strata and IRS
    strat = stratify(form2, m["stratifikasi"]["ambang_kepadatan_jiwa_ha"],
                     m["stratifikasi"]["ambang_kemiskinan_pct"])
    out = out.join(strat)
    if pkg.ehra is not None and len(pkg.ehra):
        per_desa, per_strata = irs_per_desa(
            pkg.ehra[pkg.ehra["kode_desa"].isin(out.index)], strat["strata"],
            m["ehra"]["pemetaan"], m["ehra"]["unit_irs"], m["ehra"]["agregasi"],
            m["ehra"]["bobot_subindikator"])
        out = out.join(per_desa)
        missing = sorted(set(strat["strata"]) - set(per_strata.index))
        if missing:
            notes.append("strata tanpa desa yang disurvei (IRS tidak ada data): "
                         + ", ".join(str(s) for s in missing))
    else:
        per_strata = pd.DataFrame()
        out["disurvei"], out["unit_irs"] = False, "tidak ada"
        for c in ("sumber_air", "air_limbah", "persampahan", "genangan", "phbs", "total"):
            out[f"irs_{c}"] = np.nan
        notes.append("data EHRA belum tersedia: IRS tidak ada data")
    out["kelas_irs"] = equal_interval_scores(out["irs_total"], k=k, decimals=dec) \
        if out["irs_total"].notna().any() else pd.Series(pd.NA, index=out.index, dtype="Int64")
    for comp in COMPONENTS:
        src = out[f"irs_{m['exposure']['komponen_irs'][comp]}"]
        out[f"skor_irs_{comp}"] = (equal_interval_scores(src, k=k, decimals=dec)
                                   if src.notna().any() else pd.NA)

    # secondary data
    for group, specs in m["sekunder"].items():
        ind = compute_indicators(form2, specs)
        sc, n = score_indicators(ind, specs, k=k, decimals=dec)
        notes += n
        out = out.join(ind).join(sc)
        weights = {f"skor_{name}": spec.get("bobot", 1) for name, spec in specs.items()}
        target = "impact" if group == "impact" else f"skor_sekunder_{group}"
        out[target] = weighted_score(sc, weights)

    # OPD perception
    per = aggregate_perception(pkg.sheet("Persepsi"), m["persepsi"]["agregasi"],
                               m["persepsi"]["pembulatan"])
    out = out.join(per)

    # EXPOSURE, area berisiko, override, priority
    overrides = pkg.sheet("Override")
    for comp in COMPONENTS:
        cols = {src: f"skor_{src}_{comp}" for src in ("sekunder", "irs", "persepsi")}
        frame = pd.DataFrame({src: pd.to_numeric(out[c], errors="coerce")
                              for src, c in cols.items()})
        out[f"exposure_{comp}"] = weighted_score(frame, m["exposure"]["bobot"][comp],
                                                 m["exposure"]["sumber_hilang"])
        out[f"area_{comp}"] = out["impact"] * out[f"exposure_{comp}"]
        cls = class_of_area(out[f"area_{comp}"], m["area_berisiko"]["metode_kelas"], k,
                            m["area_berisiko"]["batas_tetap"], dec)
        out[f"kelas_{comp}_instrumen"] = cls
        final = cls.copy()
        flag = pd.Series(False, index=out.index)
        reason = pd.Series("", index=out.index, dtype=object)
        for _, r in overrides[overrides["komponen"] == comp].iterrows():
            if r["kode_desa"] in final.index:
                final[r["kode_desa"]] = int(r["kelas_baru"])
                flag[r["kode_desa"]] = True
                reason[r["kode_desa"]] = str(r["alasan"])
        out[f"kelas_{comp}"] = final
        out[f"override_{comp}"] = flag
        out[f"alasan_{comp}"] = reason
        out[f"prioritas_{comp}"] = (final >= m["area_berisiko"]["ambang_prioritas"]).fillna(False)
    out["kelas_gabungan"] = combine_classes(out[[f"kelas_{c}" for c in COMPONENTS]],
                                            m["gabungan"]["metode"])
    out["prioritas_gabungan"] = (out["kelas_gabungan"]
                                 >= m["area_berisiko"]["ambang_prioritas"]).fillna(False)
    for comp in COMPONENTS:
        n_missing = int(out[f"kelas_{comp}"].isna().sum())
        if n_missing:
            notes.append(f"{n_missing} desa tanpa kelas {comp} (tidak ada data)")
    out = gpd.GeoDataFrame(out.drop(columns="kode_desa").reset_index(), geometry="geometry",
                           crs=desa.crs)
    out.index = pd.Index(out["kode_desa"].to_numpy())
    meta = dict(pkg.form1)
    meta["sintetis"] = pkg.sintetis
    meta["versi_metode"] = m["versi"]
    return ScoredResult(desa=out, strata=per_strata, notes=notes, method=m, meta=meta)


def method_table(method: dict) -> pd.DataFrame:
    """The method actually used, as rows ``opsi``/``nilai`` for *Metode dan Asumsi*."""
    rows = []
    for group, specs in method["sekunder"].items():
        w = normalise_weights({n: s.get("bobot", 1) for n, s in specs.items()})
        for name, spec in specs.items():
            rows.append((f"sekunder.{group}.{name}",
                         f"{spec['rumus']} (arah {spec.get('arah', 1):+d}, bobot {w[name]:.2f})"))
    for comp, weights in method["exposure"]["bobot"].items():
        w = normalise_weights(weights)
        rows.append((f"exposure.bobot.{comp}", ", ".join(f"{k} {v:.2f}" for k, v in w.items())))
    for path in (("ehra", "unit_irs"), ("ehra", "agregasi"), ("persepsi", "agregasi"),
                 ("persepsi", "pembulatan"), ("exposure", "sumber_hilang"),
                 ("area_berisiko", "metode_kelas"), ("gabungan", "metode"),
                 ("stratifikasi", "ambang_kepadatan_jiwa_ha"),
                 ("stratifikasi", "ambang_kemiskinan_pct"), ("kelas", "desimal_batas")):
        value = method[path[0]][path[1]]
        rows.append((".".join(path), "median kabupaten" if value is None else str(value)))
    return pd.DataFrame(rows, columns=["opsi", "nilai"])
