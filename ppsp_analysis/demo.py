"""Synthetic input packages: fictional kabupaten (codes 99.xx), and synthetic attributes on
real boundaries. Deterministic from a seed; everything is marked DATA SINTETIS. Pure: the
io layer writes the result (:func:`ppsp_analysis.io.write_package`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon

from . import fmt
from .ehra import plan_sample, sample_size_desa, stratify
from .geo import repair, utm_crs
from .package import InputPackage
from .schema import SUMBER_DANA

PROVINSI = ("99", "Provinsi Nusantara Rekaan")
DEMO_KABUPATEN = (
    # kode, nama, kecamatan, desa, share of kelurahan, OPD
    ("99.01", "Kabupaten Sukamaju Rekaan", 8, 72, 0.12, 7),
    ("99.02", "Kabupaten Tanjung Khayali", 6, 54, 0.08, 5),
    ("99.03", "Kota Bandar Fiktif", 4, 28, 1.0, 9),   # a kota: kelurahan only
)
_PREFIX = ("Sungai", "Tanjung", "Bukit", "Teluk", "Muara", "Pasir", "Lubuk", "Padang", "Karang",
           "Tumbang", "Kuala", "Rantau", "Batu", "Danau", "Pulau", "Talang")
_ROOT = ("Rekaan", "Khayal", "Semu", "Maya", "Angan", "Impian", "Andai", "Contoh", "Ilusi",
         "Mimpi", "Dongeng", "Bayang", "Fana", "Kira", "Umpama", "Rupa", "Tiruan", "Sandiwara",
         "Lamunan", "Khayali")
_SUFFIX = ("", "", " Jaya", " Baru", " Hilir", " Hulu", " Makmur", " Permai", " Indah", " Lestari")
OPD_NAMES = (
    ("BAPPEDA", "Bappeda"), ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DINKES", "Dinas Kesehatan"), ("DLH", "Dinas Lingkungan Hidup"),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"), ("DINSOS", "Dinas Sosial"),
    ("PDAM", "Perumda Air Minum"),
)
KEGIATAN = {
    "air_limbah": ("Pembangunan jamban sehat individual", "Pembangunan IPAL komunal",
                   "Layanan lumpur tinja terjadwal", "Rehabilitasi IPLT"),
    "persampahan": ("Pembangunan TPS3R", "Pengadaan gerobak dan motor sampah",
                    "Operasional pengangkutan sampah", "Bank sampah desa"),
    "drainase": ("Normalisasi saluran drainase", "Pembangunan saluran drainase lingkungan",
                 "Pemeliharaan drainase kota"),
    "phbs": ("Pemicuan STBM", "Kampanye CTPS di sekolah", "Verifikasi desa ODF"),
}


@dataclass(frozen=True)
class DemoOptions:
    """Settings of the synthetic attributes."""

    tahun: int = 2026
    tahun_awal_monev: int = 2021
    seed: int = 2026
    #: Official population of the kabupaten (e.g. Kepmendagri): the synthetic desa
    #: populations are scaled to sum to it exactly; None keeps the generator's own total.
    penduduk_total: int | None = None
    #: Where ``penduduk_total`` comes from (written to Form 1's data sources).
    sumber_penduduk: str | None = None


# --- fictional geography ----------------------------------------------------------------------

def _blob(center: tuple[float, float], radius: float, rng: np.random.Generator,
          n: int = 180, roughness: float = 0.22) -> Polygon:
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones(n)
    for harmonic in range(2, 9):
        r += roughness / harmonic * rng.normal() * np.cos(harmonic * theta + rng.uniform(0, 6.3))
    pts = [(center[0] + radius * ri * math.cos(t), center[1] + radius * ri * math.sin(t) * 0.8)
           for ri, t in zip(r, theta, strict=False)]
    return shapely.make_valid(Polygon(pts)).buffer(0)


def _points_in(poly: Polygon, n: int, rng: np.random.Generator,
               attract: Point | None = None, scale: float = 0.0) -> list[Point]:
    minx, miny, maxx, maxy = poly.bounds
    pts: list[Point] = []
    while len(pts) < n:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not poly.contains(p):
            continue
        if (attract is not None and scale > 0
                and rng.uniform() > math.exp(-p.distance(attract) / scale) + 0.25):
            continue
        pts.append(p)
    return pts


def _voronoi_cells(points: list[Point], clip: Polygon) -> list[Polygon]:
    regions = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=clip.buffer(1))
    cells = []
    for p in points:
        cell = next(g for g in regions.geoms if g.contains(p))
        cells.append(cell.intersection(clip))
    return cells


def _river(province: Polygon, rng: np.random.Generator, start_x: float,
           mouth: Point) -> LineString:
    minx, miny, maxx, maxy = province.bounds
    ys = np.linspace(maxy + 0.2, mouth.y - 0.3, 70)
    xs = np.linspace(start_x, mouth.x, len(ys)) + np.cumsum(rng.normal(0, 0.012, len(ys)))
    xs += 0.06 * np.sin(np.linspace(0, 6 * np.pi, len(ys)))
    return LineString(zip(xs, ys, strict=False)).intersection(province)


def _names(n: int, rng: np.random.Generator, used: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        name = (f"{rng.choice(_PREFIX)} {rng.choice(_ROOT)}{rng.choice(_SUFFIX)}").strip()
        if name not in used:
            used.add(name)
            out.append(name)
    return out


def fictional_province(seed: int = 2026) -> dict[str, gpd.GeoDataFrame]:
    """Boundaries of the fictional province: kabupaten, kecamatan, desa and a river.

    The province sits in the Flores Sea (around 117.5° E, 5.5° S), where no real land is,
    so it can never be mistaken for a real place.

    Returns
    -------
    dict
        ``desa``, ``kecamatan``, ``kabupaten`` (all three fictional kabupaten) and
        ``sungai`` GeoDataFrames in EPSG:4326.
    """
    rng = np.random.default_rng(seed)
    province = _blob((117.5, -5.5), 0.85, rng, roughness=0.35)
    town = Point(117.62, -5.86)
    kota = _blob((town.x, town.y), 0.16, rng, roughness=0.15).intersection(province)
    rest = province.difference(kota)
    seeds = [Point(117.0, -5.4), Point(118.05, -5.35)]
    kab_geoms = [g.intersection(rest) for g in _voronoi_cells(seeds, rest)] + [kota]
    rivers = [_river(province, rng, 116.85, town), _river(province, rng, 118.35, town)]
    south = shapely.box(province.bounds[0] - 1, province.bounds[1] - 1,
                        province.bounds[2] + 1, -5.75)
    coast = province.exterior.intersection(south)
    desa_rows, kec_rows, kab_rows = [], [], []
    used: set[str] = set()
    for (kode, nama, n_kec, n_desa, kel_share, _), geom in zip(DEMO_KABUPATEN, kab_geoms,
                                                              strict=True):
        geom = max(geom.geoms, key=lambda g: g.area) if geom.geom_type == "MultiPolygon" else geom
        kab_rows.append({"kode_kab": kode, "nama_kab": nama, "geometry": geom})
        core = town if kode == "99.03" else geom.representative_point()
        pts = _points_in(geom, n_desa, rng, attract=core, scale=0.12)
        cells = _voronoi_cells(pts, geom)
        kec_seeds = _points_in(geom, n_kec, rng)
        kec_of = [int(np.argmin([p.distance(s) for s in kec_seeds])) for p in pts]
        present = sorted(set(kec_of), key=lambda i: kec_seeds[i].distance(core))
        kec_names = _names(len(present), rng, used)
        for rank, k in enumerate(present, start=1):
            members = [i for i, kk in enumerate(kec_of) if kk == k]
            members.sort(key=lambda i: pts[i].distance(core))
            n_kel = int(round(kel_share * len(members)))
            names = _names(len(members), rng, used)
            kode_kec = f"{kode}.{rank:02d}"
            for j, i in enumerate(members):
                is_kel = j < n_kel
                num = (1001 + j) if is_kel else (2001 + j - n_kel)
                desa_rows.append({"kode_desa": f"{kode_kec}.{num}", "nama_desa": names[j],
                                  "kode_kec": kode_kec, "nama_kec": kec_names[rank - 1],
                                  "kode_kab": kode, "nama_kab": nama, "geometry": cells[i]})
            kec_rows.append({"kode_kec": kode_kec, "nama_kec": kec_names[rank - 1],
                             "kode_kab": kode,
                             "geometry": shapely.union_all([cells[i] for i in members])})
    crs = "EPSG:4326"
    desa = gpd.GeoDataFrame(desa_rows, crs=crs).sort_values("kode_desa", ignore_index=True)
    return {
        "desa": repair(desa),
        "kecamatan": gpd.GeoDataFrame(kec_rows, crs=crs).sort_values("kode_kec",
                                                                     ignore_index=True),
        "kabupaten": gpd.GeoDataFrame(kab_rows, crs=crs),
        "sungai": gpd.GeoDataFrame({"nama": ["Sungai Rekaan Besar", "Sungai Khayal Kecil"]},
                                   geometry=rivers, crs=crs),
        "garis_pantai": gpd.GeoDataFrame(geometry=[coast], crs=crs),
    }


# --- synthetic attributes (fictional or real boundaries) --------------------------------------

def synthetic_package(desa: gpd.GeoDataFrame, kode_kab: str, nama_kab: str, nama_provinsi: str,
                      context: dict[str, gpd.GeoDataFrame] | None = None, n_opd: int = 7,
                      options: DemoOptions | None = None, method: dict | None = None,
                      path: str | Path = ".", sumber_batas: str | None = None) -> InputPackage:
    """Attach synthetic but structured attributes to desa polygons.

    Density and poverty vary (kelurahan and desa near the largest town are denser and less
    poor); desa on a river or the coast flood more; EHRA answers, OPD perception, access
    ladders and programs follow those latent risks with noise; OPD disagree.

    Parameters
    ----------
    desa : GeoDataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``, geometry.
    kode_kab, nama_kab, nama_provinsi : str
        Identity written to Form 1.
    context : dict, optional
        ``sungai`` lines (used for river and flood attributes), ``garis_pantai`` lines (rob),
        and any layers to pass through to the package (``kecamatan``, ``kabupaten``,
        ``konteks_kabupaten``).
    n_opd : int
        5–9 OPD.
    method : dict
        The method (defaults) used to stratify and plan the EHRA sample.

    Returns
    -------
    InputPackage
        A package ready for :func:`ppsp_analysis.io.write_package`.
    """
    from .io.package import read_default_method  # defaults only; no package files are read

    opts = options or DemoOptions()
    method = method or read_default_method()
    context = dict(context or {})
    rng = np.random.default_rng([opts.seed, int(kode_kab.replace(".", ""))])
    desa = repair(desa.sort_values("kode_desa").reset_index(drop=True))
    utm = desa.to_crs(utm_crs(desa))
    area_ha = utm.area.to_numpy() / 1e4
    cent = utm.geometry.centroid
    is_kel = desa["kode_desa"].str[-4:].str.startswith("1").to_numpy()
    core_pts = cent[is_kel] if is_kel.any() else cent[[int(np.argmin(area_ha))]]
    core = core_pts.union_all().centroid
    dist_km = cent.distance(core).to_numpy() / 1000
    remote = np.clip(dist_km / max(dist_km.max(), 1), 0, 1)
    urban = is_kel | (dist_km < 4)

    river = context.get("sungai")
    near_river = (utm.distance(river.to_crs(utm.crs).union_all()).to_numpy() < 1500
                  if river is not None and len(river) else np.zeros(len(desa), bool))
    if near_river.mean() < 0.05:  # river layer incomplete here: riverside desa drawn at random
        near_river = near_river | (rng.uniform(size=len(desa)) < 0.3)
    coast = context.get("garis_pantai")  # kept: maps tell sea from land with it
    coastal = (utm.distance(coast.to_crs(utm.crs).union_all()).to_numpy() < 3000
               if coast is not None and len(coast) else np.zeros(len(desa), bool))

    n = len(desa)
    dens = np.where(urban, rng.uniform(12, 95, n), 0)
    pop_rural = rng.lognormal(math.log(1400), 0.45, n)
    pop_urban = np.clip(area_ha * dens, 2500 * rng.uniform(0.7, 1.6, n),
                        rng.uniform(6000, 24000, n))
    penduduk = np.where(urban, pop_urban, pop_rural)
    penduduk = np.round(np.minimum(penduduk, area_ha * 160)).astype(int) + 50
    if opts.penduduk_total:
        penduduk = scale_to_total(penduduk, opts.penduduk_total)
    jumlah_kk = np.round(penduduk / rng.uniform(3.4, 4.2, n)).astype(int)
    poverty = np.clip(6 + 24 * remote + 6 * near_river + rng.normal(0, 5, n)
                      - 5 * urban, 2, 60)
    kk_miskin = np.round(jumlah_kk * poverty / 100).astype(int)
    flood = (near_river & (rng.uniform(size=n) < 0.65)) | (coastal & (rng.uniform(size=n) < 0.5))
    risk_al = np.clip(0.25 + 0.5 * poverty / 60 + 0.15 * near_river + rng.normal(0, 0.08, n), 0, 1)
    tanpa_jamban = np.clip(risk_al * 35 - 8 + rng.normal(0, 3, n), 0, 70)
    layak = np.clip(95 - tanpa_jamban - risk_al * 40 + rng.normal(0, 4, n), 5, 100 - tanpa_jamban)
    terangkut = np.clip(np.where(urban, rng.uniform(45, 95, n), rng.uniform(0, 25, n)), 0, 100)
    form2 = pd.DataFrame({
        "kode_desa": desa["kode_desa"], "nama_desa": desa["nama_desa"],
        "kode_kec": desa["kode_kec"], "nama_kec": desa["nama_kec"],
        "luas_ha": np.round(area_ha, 1),
        "luas_terbangun_ha": np.round(area_ha * np.where(urban, rng.uniform(0.25, 0.7, n),
                                                         rng.uniform(0.005, 0.04, n)), 1),
        "penduduk": penduduk, "jumlah_kk": jumlah_kk, "kk_miskin": kk_miskin,
        "urban_bps": np.where(urban, 1, 2), "urban_rtrw": np.where(urban | (dist_km < 8), 1, 2),
        "cbd": (dist_km < 1.5).astype(int), "sungai_mck": (near_river &
                                                        (rng.uniform(size=n) < 0.8)).astype(int),
        "banjir_mengganggu": flood.astype(int), "rob": coastal.astype(int),
        "genangan_ha": np.round(np.where(flood, area_ha * rng.uniform(0.005, 0.06, n), 0), 1),
        "air_tanah_dangkal": (near_river | coastal).astype(int),
        "kemiringan_pct": np.round(rng.uniform(0, 12, n) * remote, 1),
        "kk_tanpa_jamban": np.round(jumlah_kk * tanpa_jamban / 100).astype(int),
        "kk_jamban_layak": np.round(jumlah_kk * layak / 100).astype(int),
        "pct_sampah_terangkut": np.round(terangkut, 1),
        "jumlah_tps": np.where(urban, rng.integers(1, 7, n), rng.integers(0, 2, n)),
        "lokus_stunting": (rng.uniform(size=n) < 0.1 + 0.5 * poverty / 60).astype(int),
    })
    latent = pd.DataFrame({
        "air_limbah": risk_al,
        "persampahan": np.clip(0.2 + 0.55 * (1 - terangkut / 100) + 0.1 * urban
                               + rng.normal(0, 0.08, n), 0, 1),
        "drainase": np.clip(0.15 + 0.45 * flood + 0.15 * urban + 0.1 * near_river
                            + rng.normal(0, 0.08, n), 0, 1),
    }, index=form2["kode_desa"])

    opd = pd.DataFrame(OPD_NAMES[:n_opd], columns=["kode_opd", "nama_opd"])
    persepsi = _perception(latent, opd, rng)
    ehra = _ehra(form2, latent, poverty, method, opts.seed, rng)
    tahun = opts.tahun
    years = list(range(opts.tahun_awal_monev, tahun))
    akses = _access(form2, latent, years, rng)
    program = _programs(form2, latent, years, rng)
    anggaran = _budget(program, years, penduduk.sum(), rng)
    kec_names = form2.drop_duplicates("kode_kec").set_index("kode_kec")["nama_kec"]
    komitmen = _commitments(kec_names, years, rng)
    override = _overrides(form2, latent, rng)
    ssk = f"SSK {tahun}–{tahun + 4} (sintetis)"
    target = pd.DataFrame([
        ("sanitasi_layak", tahun + 3, 95.0, ssk),
        ("sanitasi_aman", tahun + 3, 20.0, ssk),
        ("babs_terbuka", tahun + 3, 0.0, ssk),
        ("air_minum_layak", tahun + 3, 100.0, ssk),
        ("sampah_terlayani", tahun + 3, 80.0, ssk),
    ], columns=["indikator", "tahun", "nilai", "sumber"])
    # the funding inputs (SSK plan, own unit costs, commitment tracker, lokus list) draw from
    # their own generator, so the sheets above stay as they were before these existed
    frng = np.random.default_rng([opts.seed, int(kode_kab.replace(".", "")), 15])
    program = pd.concat([program, _ssk_plan(form2, latent, flood, tahun, frng)],
                        ignore_index=True)
    biaya = _unit_costs(nama_kab, tahun, frng)
    komitmen = _tracker(komitmen, form2, latent, anggaran, tahun, frng)
    sk = f"SK Bupati {nama_kab} No. 188.45/{int(frng.integers(100, 400))}/{tahun - 1}"
    lokus = pd.DataFrame({"kode_desa": form2.loc[form2["lokus_stunting"] == 1, "kode_desa"],
                          "tahun": tahun - 1, "sumber": f"{sk} (sintetis)"})
    form1 = {
        "nama_pokja": f"Pokja PKP {nama_kab}", "kode_kabupaten": kode_kab,
        "nama_kabupaten": nama_kab, "nama_provinsi": nama_provinsi, "tahun": tahun,
        "tahun_ehra": tahun - 1,
        "sumber_data_sekunder": _secondary_source(opts),
        "sumber_batas": sumber_batas or "Batas fiktif buatan generator ppsp-analysis",
        "tanggal_persepsi": f"{tahun}-03-15", "data_sintetis": "ya",
        "ssk_tahun_awal": tahun, "ssk_tahun_akhir": tahun + 4, "tahun_kua_ppas": tahun + 1,
    }
    sheets = {"OPD": opd, "Form2": form2, "Persepsi": persepsi, "Akses": akses,
              "Program": program, "Anggaran": anggaran, "Target": target, "Komitmen": komitmen,
              "BiayaSatuan": biaya, "LokusStunting": lokus,
              "Override": override}
    boundaries = desa[["kode_desa", "nama_desa", "kode_kec", "nama_kec", "geometry"]]
    return InputPackage(path=Path(path), files={}, desa=boundaries, context=context, form1=form1,
                        sheets=sheets, ehra=ehra, method=method)


def scale_to_total(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers proportional to ``values`` that sum exactly to ``total`` (largest
    remainder), each at least 1.

    >>> scale_to_total(np.array([1, 1, 2]), 10).tolist()
    [3, 3, 4]
    """
    values = np.asarray(values, dtype=float)
    if total < len(values):
        raise ValueError(f"total {total} kurang dari jumlah desa {len(values)}")
    share = 1 + values / values.sum() * (total - len(values))
    out = np.floor(share).astype(int)
    rest = total - int(out.sum())
    out[np.argsort(-(share - out), kind="stable")[:rest]] += 1
    return out


def _secondary_source(opts: DemoOptions) -> str:
    synthetic = "Data sintetis buatan ppsp-analysis (bukan data resmi)"
    if not opts.penduduk_total:
        return synthetic
    return (f"Penduduk kabupaten {fmt.integer(opts.penduduk_total)} jiwa dari "
            f"{opts.sumber_penduduk or 'data resmi'}, dibagi ke desa secara sintetis; "
            f"atribut lain: {synthetic[0].lower()}{synthetic[1:]}")


def _perception(latent: pd.DataFrame, opd: pd.DataFrame, rng) -> pd.DataFrame:
    rows = []
    bias = rng.normal(0, 0.45, len(opd))
    for (kode_opd, _), b in zip(opd.itertuples(index=False), bias, strict=False):
        noise = rng.normal(0, 0.5, latent.shape)
        scores = np.clip(np.rint(1 + 3 * latent.to_numpy() + b + noise), 1, 4).astype(int)
        part = pd.DataFrame(scores, columns=latent.columns)
        part.insert(0, "kode_opd", kode_opd)
        part.insert(0, "kode_desa", latent.index)
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def _ehra(form2, latent, poverty, method, seed, rng) -> pd.DataFrame:
    f2 = form2.set_index("kode_desa")
    strata = stratify(f2, method["stratifikasi"]["ambang_kepadatan_jiwa_ha"],
                      method["stratifikasi"]["ambang_kemiskinan_pct"])["strata"]
    n_desa = sample_size_desa(int(f2["jumlah_kk"].sum()), len(f2), method["sampel"])
    chosen = plan_sample(strata, n_desa, seed)
    per_desa = method["sampel"]["responden_per_desa"]
    rows = []
    for code in chosen["kode_desa"]:
        r_al, r_s, r_d = latent.loc[code]
        pov = poverty[list(f2.index).index(code)] / 60
        m = per_desa + int(rng.integers(0, 3))
        def pick(p, risky, safe, size=m):
            return np.where(rng.uniform(size=size) < p, rng.choice(risky, size),
                            rng.choice(safe, size))
        collected = rng.uniform(size=m) > 0.2 + 0.6 * r_s
        emptied = rng.uniform(size=m) < 0.5 - 0.3 * r_al
        rt = rng.integers(1, 13, m)
        d = {
            "kode_desa": code, "rt": rt,
            "umur_responden": np.clip(rng.normal(38, 9, m).round(), 19, 60).astype(int),
            "sumber_air_minum": pick(0.1 + 0.4 * pov, [4, 6, 8], [1, 2, 3, 5, 7, 9]),
            "sumber_air_lain": pick(0.15 + 0.5 * pov, [4, 6, 8], [1, 2, 3, 5, 7]),
            "kelangkaan_air": pick(0.1 + 0.3 * pov, [1], [2]),
            "pengurasan_tangki": pick(0.3 + 0.6 * r_al, [3, 4, 5, 6], [1, 2]),
            "buang_lumpur": np.where(emptied, pick(0.2 + 0.6 * r_al, [2, 3, 4], [1]), np.nan),
            "spal": pick(0.15 + 0.6 * r_al, [3, 4], [1, 2]),
            "pengelolaan_sampah": np.where(collected, 1, pick(0.6 + 0.3 * r_s, [3, 4, 5], [2])),
            "frekuensi_angkut": np.where(collected, pick(0.1 + 0.5 * r_s, [3], [1, 2]), np.nan),
            "ketepatan_angkut": np.where(collected, pick(0.1 + 0.5 * r_s, [2], [1]), np.nan),
            "pilah_sampah": pick(0.5 + 0.4 * r_s, [2], [1]),
            "genangan": pick(0.05 + 0.7 * r_d, [1], [2]),
            "ctps_5_waktu": pick(0.5 + 0.4 * pov, [2], [1]),
            "jamban_bebas_tinja": pick(0.1 + 0.4 * r_al, [2], [1]),
            "jamban_bebas_lalat": pick(0.15 + 0.4 * r_al, [2], [1]),
            "penggelontor_berfungsi": pick(0.1 + 0.3 * r_al, [2], [1]),
            "sabun_dekat_jamban": pick(0.2 + 0.4 * pov, [2], [1]),
            "air_minum_tercemar": pick(0.05 + 0.3 * pov, [1], [2]),
            "babs": pick(0.02 + 0.35 * r_al * pov, [1], [2]),
        }
        rows.append(pd.DataFrame(d))
    ehra = pd.concat(rows, ignore_index=True)
    ehra.insert(0, "id_rt", [f"{c}-{i:03d}" for c, i in
                             zip(ehra["kode_desa"], ehra.groupby("kode_desa").cumcount() + 1,
                                 strict=True)])
    for col in ("buang_lumpur", "frekuensi_angkut", "ketepatan_angkut"):
        ehra[col] = ehra[col].astype("Int64")
    return ehra


def _access(form2, latent, years, rng) -> pd.DataFrame:
    rows = []
    base_pop = form2["penduduk"].to_numpy()
    for t, year in enumerate(years):
        growth = (1.014 ** t)
        pop = np.round(base_pop * growth).astype(int)
        kk = np.maximum(np.round(form2["jumlah_kk"].to_numpy() * growth).astype(int), 1)
        r = latent["air_limbah"].to_numpy()
        babs = np.clip(0.30 * r - 0.05 - 0.012 * t, 0, 1)
        belum = np.clip(0.30 * r + 0.03 - 0.01 * t, 0, 1)
        bersama = np.clip(0.05 + 0.03 * r, 0, 1)
        aman = np.clip(0.03 + 0.10 * (1 - r) + 0.012 * t, 0, 1)
        sendiri = np.clip(1 - babs - belum - bersama - aman, 0, 1)
        san = _split(kk, [aman, sendiri, bersama, belum, babs], rng)
        wr = latent["persampahan"].to_numpy() * 0.5 + r * 0.5
        w_tanpa = np.clip(0.08 * wr - 0.005 * t, 0, 1)
        w_tidak = np.clip(0.25 * wr - 0.01 * t, 0, 1)
        w_terbatas = np.clip(0.08 + 0.02 * wr, 0, 1)
        w_aman = np.clip(0.05 + 0.12 * (1 - wr) + 0.01 * t, 0, 1)
        w_dasar = np.clip(1 - w_tanpa - w_tidak - w_terbatas - w_aman, 0, 1)
        air = _split(kk, [w_aman, w_dasar, w_terbatas, w_tidak, w_tanpa], rng)
        timbulan = pop * 0.55 * 365 / 1000
        served = np.clip(form2["pct_sampah_terangkut"].to_numpy() / 100 + 0.03 * t, 0, 1)
        rows.append(pd.DataFrame({
            "tahun": year, "kode_desa": form2["kode_desa"], "penduduk": pop, "jumlah_kk": kk,
            "sanitasi_aman": san[0], "sanitasi_layak_sendiri": san[1],
            "sanitasi_layak_bersama": san[2], "sanitasi_belum_layak": san[3],
            "sanitasi_babs_terbuka": san[4],
            "air_aman": air[0], "air_layak_dasar": air[1], "air_layak_terbatas": air[2],
            "air_tidak_layak": air[3], "air_tanpa_akses": air[4],
            "sampah_timbulan_ton": np.round(timbulan, 1),
            "sampah_dikurangi_ton": np.round(timbulan * np.clip(0.05 + 0.02 * t + 0.05 * served,
                                                                0, 1), 1),
            "sampah_ditangani_ton": np.round(timbulan * np.clip(
                np.minimum(served * 0.9, 0.95 - np.clip(0.05 + 0.02 * t + 0.05 * served, 0, 1)),
                0, 1), 1),
            "kk_sampah_terlayani": np.round(kk * served).astype(int),
            "genangan_ha": np.round(form2["genangan_ha"].to_numpy() * (1 - 0.05 * t), 1),
            "odf": (rng.uniform(size=len(kk)) < 0.1 + 0.12 * t + 0.3 * (1 - r)).astype(int),
            "stbm": (rng.uniform(size=len(kk)) < 0.2 + 0.15 * t).astype(int),
        }))
    return pd.concat(rows, ignore_index=True)


def _split(total: np.ndarray, shares: list[np.ndarray], rng) -> list[np.ndarray]:
    s = np.vstack(shares) * rng.uniform(0.9, 1.1, (len(shares), len(total)))
    s = s / s.sum(axis=0)
    counts = np.floor(s * total).astype(int)
    counts[1] += total - counts.sum(axis=0)
    return list(counts)


def _programs(form2, latent, years, rng) -> pd.DataFrame:
    rows = []
    codes = form2["kode_desa"].to_numpy()
    weights = {c: latent[c].to_numpy() ** 1.5 + 0.15 for c in latent.columns}
    sources = list(SUMBER_DANA)
    src_p = np.array([0.34, 0.1, 0.1, 0.16, 0.14, 0.07, 0.03, 0.06])
    for year in years:
        for _ in range(int(rng.integers(12, 20))):
            comp = rng.choice(list(KEGIATAN), p=[0.38, 0.27, 0.2, 0.15])
            w = weights.get(comp, np.ones(len(codes)))
            code = rng.choice(codes, p=w / w.sum()) if rng.uniform() < 0.85 else None
            plan = float(rng.choice([75, 150, 250, 400, 650, 900, 1500])) * 1e6 * rng.uniform(0.8,
                                                                                             1.3)
            rows.append({
                "tahun": year, "nama_kegiatan": str(rng.choice(KEGIATAN[comp])),
                "komponen": str(comp), "sumber_dana": str(rng.choice(sources, p=src_p)),
                "jenis": "O&M" if rng.uniform() < 0.25 else "investasi", "kode_desa": code,
                "rencana_rp": round(plan, -5),
                "realisasi_rp": round(plan * min(1.0, rng.uniform(0.55, 1.05)), -5),
            })
    return pd.DataFrame(rows)


def _budget(program, years, penduduk, rng) -> pd.DataFrame:
    rows = []
    for t, year in enumerate(years):
        total = penduduk * rng.uniform(4.5, 5.5) * 1e6 * (1.05 ** t)
        prog = program[program["tahun"] == year]
        apbd = prog[prog["sumber_dana"].isin(["APBD Kabupaten", "DAK"])]["realisasi_rp"].sum()
        dak = prog[prog["sumber_dana"] == "DAK"]["realisasi_rp"].sum()
        rows.append({"tahun": year, "total_apbd_rp": round(total, -6),
                     "belanja_sanitasi_rp": round(apbd * 1.6 + total * 0.006, -5),
                     "dak_sanitasi_rp": round(dak, -5),
                     "pinjaman_hibah_rp": round(total * rng.uniform(0, 0.0008), -5)})
    return pd.DataFrame(rows)


def _commitments(kec_names: pd.Series, years, rng) -> pd.DataFrame:
    parties = [(f"Kecamatan {kec_names.iloc[i]}", "kecamatan") for i in range(min(3,
                                                                                  len(kec_names)))]
    parties += [("PT Sawit Rekaan Lestari (CSR)", "swasta"), ("Bank Daerah Fiktif", "perbankan"),
                ("BUMDes Angan Jaya", "desa"), ("Koperasi Mimpi Sejahtera", "lainnya")]
    status = ["direncanakan", "disepakati", "terealisasi"]
    rows = []
    for pihak, jenis in parties:
        rows.append({"tahun": int(rng.choice(years[-3:])), "pihak": pihak, "jenis_pihak": jenis,
                     "komponen": str(rng.choice(list(KEGIATAN)[:3])),
                     "nilai_rp": round(float(rng.uniform(50, 900)) * 1e6, -6),
                     "status": str(rng.choice(status, p=[0.3, 0.4, 0.3]))})
    return pd.DataFrame(rows)


def _ssk_plan(form2, latent, flood, tahun: int, rng) -> pd.DataFrame:
    """SSK program list for the years ``tahun`` … ``tahun + 4`` (indikasi biaya): TPS3R in
    desa with poor waste service, trucks, a TPST, drainage channels in flooded desa, desludging
    (O&M) and STBM triggering. Household septic tanks are left to the target-driven need."""
    codes = form2["kode_desa"].to_numpy()
    w_waste = latent["persampahan"].to_numpy() ** 2 + 0.05
    w_drain = np.where(flood, 1.0, 0.05) * (latent["drainase"].to_numpy() + 0.1)
    rows = []

    def add(year, name, comp, source, kind, code, item=None, volume=np.nan, unit=None,
            price=np.nan, plan=np.nan):
        rows.append({"tahun": year, "nama_kegiatan": name, "komponen": comp,
                     "sumber_dana": source, "jenis": kind, "kode_desa": code,
                     "rencana_rp": plan, "realisasi_rp": np.nan, "item_biaya": item,
                     "volume": volume, "satuan": unit, "harga_satuan_rp": price})

    scale = max(1, round(len(codes) / 30))
    for k, year in enumerate(range(tahun, tahun + 5)):
        for _ in range(int(rng.integers(1, 2 + scale))):
            code = rng.choice(codes, p=w_waste / w_waste.sum())
            add(year, "Pembangunan TPS3R", "persampahan",
                str(rng.choice(["APBD Kabupaten", "DAK", "APBN"], p=[0.5, 0.3, 0.2])),
                "investasi", code, "tps3r", 1.0, "lokasi")
        if k in (0, 2, 4):
            add(year, "Pengadaan truk compactor", "persampahan", "APBD Kabupaten", "investasi",
                None, "truk_compactor", float(rng.integers(1, 3)), "unit")
        if k == 1:
            add(year, "Pembangunan TPST kabupaten", "persampahan", "APBN", "investasi", None,
                "tpst_kabupaten", 1.0, "unit")
        for _ in range(int(rng.integers(1, 2 + scale))):
            code = rng.choice(codes, p=w_drain / w_drain.sum())
            add(year, "Pembangunan saluran drainase lingkungan", "drainase",
                str(rng.choice(["APBD Kabupaten", "DAK"], p=[0.7, 0.3])), "investasi", code,
                "drainase_per_m", float(rng.integers(4, 16)) * 100, "m")
        add(year, "Layanan lumpur tinja terjadwal (LLTT)", "air_limbah", "APBD Kabupaten", "O&M",
            None, plan=round(float(rng.uniform(250, 600)) * 1e6 * (1.05 ** k), -6))
        add(year, "Pemicuan STBM di desa lokus stunting", "phbs",
            str(rng.choice(["APBD Kabupaten", "Dana Desa"])), "investasi", None,
            plan=round(float(rng.uniform(150, 400)) * 1e6, -6))
    return pd.DataFrame(rows)


def _unit_costs(nama_kab: str, tahun: int, rng) -> pd.DataFrame:
    """The Pokja's own unit costs (sheet BiayaSatuan): drainage per metre (no public
    reference) and a local septic-tank price, both from a synthetic HSPK."""
    hspk = f"HSPK {nama_kab} {tahun - 1} (sintetis)"
    return pd.DataFrame([
        {"item": "drainase_per_m", "satuan": "m",
         "nilai_rp": round(float(rng.uniform(1.1, 1.6)) * 1e6, -4), "tahun": tahun - 1,
         "nama_item": "Saluran drainase lingkungan pasangan batu 40 × 60 cm",
         "komponen": "drainase", "wilayah": nama_kab, "cakupan": "penuh",
         "kk_per_satuan": np.nan, "om_persen": np.nan, "sumber": hspk},
        {"item": "tangki_septik_individual", "satuan": "SR",
         "nilai_rp": round(float(rng.uniform(8.5, 11.5)) * 1e6, -5), "tahun": tahun - 1,
         "nama_item": "Tangki septik individual fabrikasi (SPALD-S)", "komponen": "air_limbah",
         "wilayah": nama_kab, "cakupan": "penuh", "kk_per_satuan": 1.0, "om_persen": 0.0,
         "sumber": hspk},
    ])


def _tracker(old: pd.DataFrame, form2, latent, budget, tahun: int, rng) -> pd.DataFrame:
    """The commitment tracker: the earlier commitments with their events filled in, and the
    commitments of this year's Coaching Clinic, audience and TAPD meeting along the pipeline."""
    total = float(budget["total_apbd_rp"].iloc[-1])
    old = old.assign(status=old["status"].replace({"direncanakan": "diusulkan"}),
                     jenis_pihak=old["jenis_pihak"].replace({"swasta": "Swasta/CSR",
                                                             "perbankan": "Bank"}))
    old["acara"] = [f"Coaching Clinic {int(t) - 2020} Provinsi {int(t)}" for t in old["tahun"]]
    old["tanggal"] = [f"{int(t) - 1}-{int(rng.integers(3, 11)):02d}-{int(rng.integers(1, 28)):02d}"
                      for t in old["tahun"]]
    old["instrumen"] = old["jenis_pihak"].map({"kecamatan": "surat komitmen",
                                               "desa": "APBDes", "Swasta/CSR": "MoU/PKS",
                                               "Bank": "MoU/PKS"}).fillna("surat komitmen")
    prio = form2.loc[latent["air_limbah"].to_numpy() > np.quantile(
        latent["air_limbah"].to_numpy(), 0.75), "kode_desa"].tolist()
    lokus = form2.loc[form2["lokus_stunting"] == 1, "kode_desa"].tolist()

    def desa(n: int, pool: list) -> str:
        pool = pool or form2["kode_desa"].tolist()
        return ", ".join(sorted(rng.choice(pool, size=min(n, len(pool)), replace=False)))

    y1 = tahun + 1
    cc = f"Coaching Clinic 2 Provinsi {tahun}"
    new = [
        ("Rapat TAPD penyusunan KUA-PPAS", f"{tahun}-07-14", y1, "Sekretaris Daerah (Ketua TAPD)",
         "TAPD", "pagu KUA-PPAS", "air_limbah", 0.0042, 800, "KK", prio, "KUA-PPAS",
         "Bappeda", "Pastikan pagu masuk DPA", f"{tahun + 1}-01-31"),
        ("Audiensi Bupati", f"{tahun}-05-20", y1, "Bupati", "Bupati", "surat komitmen",
         None, 0.0015, np.nan, None, [], "disepakati", "Ketua Pokja",
         "Terbitkan Perbup komitmen pendanaan sanitasi", f"{tahun}-09-30"),
        (cc, f"{tahun}-03-18", y1, "Dinas PUPR", "OPD", "DPA", "persampahan", 0.0011, 2,
         "lokasi", [], "disepakati", "Dinas PUPR", "Masukkan TPS3R ke Renja OPD",
         f"{tahun + 1}-01-31"),
        (cc, f"{tahun}-03-18", y1, "Komisi III DPRD", "DPRD", "surat komitmen", None, 0.0,
         np.nan, None, [], "disepakati", "Bappeda", "Kawal pembahasan RAPBD",
         f"{tahun}-12-15"),
        (cc, f"{tahun}-03-18", y1, "Pemerintah Provinsi (Dinas PUPRPKP)", "Provinsi",
         "MoU/PKS", "air_limbah", 0.0008, 300, "KK", lokus, "disepakati", "Bappeda",
         "Usulkan lokasi bantuan keuangan provinsi", f"{tahun + 1}-01-31"),
        (cc, f"{tahun}-03-18", y1, "Kementerian PU (DAK Sanitasi)", "K/L", "DPA",
         "air_limbah", 0.0012, 250, "KK", prio, "diusulkan", "Dinas PUPR",
         "Unggah usulan DAK di KRISNA", f"{tahun}-02-28"),
        ("Musrenbang kabupaten", f"{tahun}-04-08", y1, "Forum kepala desa", "desa", "APBDes",
         "phbs", 0.0003, 40, "desa", lokus, "DPA", "DPMD", "Pantau APBDes",
         f"{tahun + 1}-03-31"),
        (cc, f"{tahun}-03-18", y1, "PT Sawit Rekaan Lestari (CSR)", "Swasta/CSR", "MoU/PKS",
         "air_limbah", 0.0002, 100, "KK", lokus, "disepakati", "Bappeda",
         "Tanda tangan PKS", f"{tahun}-06-30"),
        (cc, f"{tahun}-03-18", y1, "BAZNAS kabupaten", "BAZNAS", "surat komitmen",
         "air_limbah", 0.0001, 60, "KK", lokus, "diusulkan", "Dinas Kesehatan",
         "Kirim proposal jamban keluarga miskin", f"{tahun + 1}-01-15"),
    ]
    rows = []
    for (acara, tgl, year, pihak, jenis, instr, comp, share, fisik, unit, pool, status, pj,
         next_, due) in new:
        rows.append({"tahun": year, "pihak": pihak, "jenis_pihak": jenis, "komponen": comp,
                     "nilai_rp": round(total * share * float(rng.uniform(0.8, 1.2)), -6),
                     "status": status, "acara": acara, "tanggal": tgl, "instrumen": instr,
                     "sumber_dana": None, "target_fisik": fisik, "satuan_fisik": unit,
                     "daftar_kode_desa": desa(3, pool) if pool else None,
                     "bukti": f"Notulen {acara} {tgl}", "penanggung_jawab": pj,
                     "tindak_lanjut": next_, "tanggal_tindak_lanjut": due})
    return pd.concat([old, pd.DataFrame(rows)], ignore_index=True)


def _overrides(form2, latent, rng) -> pd.DataFrame:
    picks = rng.choice(len(form2), size=2, replace=False)
    reasons = ["Verifikasi lapangan Pokja: genangan permanen di sekitar pasar",
               "Verifikasi lapangan Pokja: sudah ada IPAL komunal berfungsi sejak 2024"]
    comps = ["drainase", "air_limbah"]
    kelas = [4, 2]
    return pd.DataFrame({"kode_desa": form2["kode_desa"].iloc[picks].to_numpy(),
                         "komponen": comps, "kelas_baru": kelas, "alasan": reasons})


def demo_packages(seed: int = 2026, options: DemoOptions | None = None,
                  method: dict | None = None) -> list[InputPackage]:
    """The embedded demo: one package per fictional kabupaten."""
    geo = fictional_province(seed)
    pkgs = []
    for kode, nama, _, _, _, n_opd in DEMO_KABUPATEN:
        desa = geo["desa"][geo["desa"]["kode_kab"] == kode]
        context = {
            "kecamatan": geo["kecamatan"][geo["kecamatan"]["kode_kab"] == kode],
            "kabupaten": geo["kabupaten"][geo["kabupaten"]["kode_kab"] == kode],
            "konteks_kabupaten": geo["kabupaten"],
            "sungai": geo["sungai"],
            "garis_pantai": geo["garis_pantai"],
        }
        pkgs.append(synthetic_package(desa, kode, nama, PROVINSI[1], context, n_opd,
                                      options or DemoOptions(seed=seed), method))
    return pkgs
