"""Benchmark `national`: scoring only, a synthetic country of 84,000 desa in 514 kabupaten
and 3.4 million EHRA households, in one vectorised pass (`score_tables` grouped by kabupaten).

The synthetic tables are generated once and cached in bench/.cache/. Prints `name: value`
lines; the last is the headline. Targets: under 10 s and under 3 GB peak memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(__file__).resolve().parent / ".cache" / "national"
N_KAB, N_DESA, N_HH, N_OPD = 514, 84_000, 3_400_000, 7


def generate(seed: int = 1) -> None:
    """Write the synthetic country's Form2, EHRA and Persepsi tables to the cache."""
    from ppsp_analysis.io.package import read_default_method

    rng = np.random.default_rng(seed)
    kab = np.sort(rng.integers(0, N_KAB, N_DESA))
    kode_kab = np.array([f"{11 + k // 40:02d}.{k % 40 + 1:02d}" for k in range(N_KAB)])[kab]
    per_kab = pd.Series(kab).groupby(kab).cumcount().to_numpy()
    kec = per_kab // 12
    kode_kec = np.char.add(np.char.add(kode_kab.astype(str), "."),
                           np.char.zfill((kec + 1).astype(str), 2))
    kode_desa = np.array([f"{c}.{2001 + i:04d}" for c, i in zip(kode_kec, per_kab, strict=True)])
    area = rng.lognormal(6.5, 1.0, N_DESA)
    pop = rng.lognormal(7.5, 0.6, N_DESA).astype(int) + 100
    kk = (pop / 3.8).astype(int) + 1
    form2 = pd.DataFrame({
        "kode_desa": kode_desa, "nama_desa": "Desa " + pd.Series(per_kab).astype(str),
        "kode_kec": kode_kec, "nama_kec": "Kec " + pd.Series(kec).astype(str),
        "kode_kab": kode_kab, "luas_ha": area.round(1),
        "luas_terbangun_ha": (area * 0.05).round(1), "penduduk": pop, "jumlah_kk": kk,
        "kk_miskin": (kk * rng.uniform(0.02, 0.5, N_DESA)).astype(int),
        "urban_bps": rng.integers(1, 3, N_DESA), "urban_rtrw": rng.integers(1, 3, N_DESA),
        "cbd": rng.integers(0, 2, N_DESA), "sungai_mck": rng.integers(0, 2, N_DESA),
        "banjir_mengganggu": rng.integers(0, 2, N_DESA), "rob": rng.integers(0, 2, N_DESA),
        "genangan_ha": (area * rng.uniform(0, 0.05, N_DESA)).round(1),
        "air_tanah_dangkal": rng.integers(0, 2, N_DESA),
        "kemiringan_pct": rng.uniform(0, 15, N_DESA),
        "kk_tanpa_jamban": (kk * rng.uniform(0, 0.3, N_DESA)).astype(int),
        "kk_jamban_layak": (kk * rng.uniform(0.3, 0.7, N_DESA)).astype(int),
        "pct_sampah_terangkut": rng.uniform(0, 100, N_DESA).round(1),
        "jumlah_tps": rng.integers(0, 5, N_DESA), "lokus_stunting": rng.integers(0, 2, N_DESA),
    })
    method = read_default_method()
    hh_desa = np.sort(rng.integers(0, N_DESA, N_HH))
    risk = rng.uniform(0.05, 0.8, N_DESA)[hh_desa]
    ehra = {"id_rt": np.arange(N_HH), "kode_desa": kode_desa[hh_desa]}
    for subs in method["ehra"]["pemetaan"].values():
        for spec in subs.values():
            risky = np.asarray(spec["berisiko"], dtype=np.int8)
            safe = np.setdiff1d(np.arange(1, 10, dtype=np.int8), risky)
            at_risk = rng.uniform(size=N_HH) < risk
            ehra[spec["kolom"]] = np.where(at_risk, risky[rng.integers(0, len(risky), N_HH)],
                                           safe[rng.integers(0, len(safe), N_HH)]).astype(np.int8)
    ehra = pd.DataFrame(ehra)
    opd = np.repeat(np.arange(N_OPD), N_DESA)
    persepsi = pd.DataFrame({"kode_desa": np.tile(kode_desa, N_OPD),
                             "kode_opd": np.char.add("OPD", opd.astype(str)),
                             "air_limbah": rng.integers(1, 5, N_DESA * N_OPD),
                             "persampahan": rng.integers(1, 5, N_DESA * N_OPD),
                             "drainase": rng.integers(1, 5, N_DESA * N_OPD)})
    CACHE.mkdir(parents=True, exist_ok=True)
    form2.to_pickle(CACHE / "form2.pkl")
    ehra.to_pickle(CACHE / "ehra.pkl")
    persepsi.to_pickle(CACHE / "persepsi.pkl")


def score_once() -> None:
    """Child process: load the cached country, score it, print figures."""
    from ppsp_analysis.io.package import read_default_method
    from ppsp_analysis.pipeline import score_tables

    method = read_default_method()
    t0 = time.perf_counter()
    form2 = pd.read_pickle(CACHE / "form2.pkl").set_index("kode_desa", drop=False)
    ehra = pd.read_pickle(CACHE / "ehra.pkl")
    persepsi = pd.read_pickle(CACHE / "persepsi.pkl")
    t_load = time.perf_counter() - t0
    overrides = pd.DataFrame(columns=["kode_desa", "komponen", "kelas_baru", "alasan"])
    t1 = time.perf_counter()
    table, _, _ = score_tables(form2, ehra, persepsi, overrides, method, group="kode_kab")
    t_score = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert len(table) == N_DESA and table["kelas_gabungan"].notna().mean() > 0.99
    print(f"national_desa: {len(table)}")
    print(f"national_kabupaten: {table['kode_desa'].str[:5].nunique()}")
    print(f"national_households: {len(ehra)}")
    print(f"national_load_seconds: {t_load:.2f}")
    print(f"national_peak_memory_mb: {peak_mb:.0f}")
    print(f"national_scoring_seconds: {t_score:.2f}")
    print(f"national_seconds_vs_target_10s: {t_score / 10:.2f}")


def main() -> None:
    if not (CACHE / "ehra.pkl").is_file():
        t = time.perf_counter()
        generate()
        print(f"national_generate_seconds: {time.perf_counter() - t:.1f}")
    subprocess.run([sys.executable, __file__, "--child"], check=True)


if __name__ == "__main__":
    score_once() if "--child" in sys.argv else main()
