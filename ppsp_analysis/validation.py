"""Content checks of an input package. Pure: takes an :class:`InputPackage`, returns problems.

Every problem names the file, sheet (or layer), row and column where it can, says what is
wrong and, for errors, how to fix it (``hint``). Errors block scoring; warnings are shown.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from . import fmt
from ._errors import Problem, Problems
from .method import COMPONENTS, active_indicators, class_labels, formula_columns
from .package import InputPackage
from .schema import (
    COUNT_COLUMNS,
    FLAG_COLUMNS,
    JENIS_BELANJA,
    JENIS_PIHAK,
    KOMPONEN_PROGRAM,
    PERCENT_COLUMNS,
    STATUS_KOMITMEN,
    SUMBER_DANA,
    is_kode_desa,
    looks_like_bps_code,
    looks_like_scientific,
)

WB = "instrumen.xlsx"
#: Longitude/latitude box around Indonesia (with a margin), EPSG:4326.
INDONESIA_BBOX = (94.0, -11.5, 141.5, 6.5)
_UTM_CANDIDATES = tuple(range(32646, 32655)) + tuple(range(32746, 32755)) + tuple(
    range(23830, 23846))
_FIX_TEMPLATE = "periksa kode Kemendagri, atau buat ulang template: ppsp template BATAS " \
                "--kabupaten KODE"

#: The 1–4 perception scale in the words of the default class names.
_PERSEPSI_SCALE = " … ".join(f"{k} {v.lower()}" for k, v in class_labels(None, "area").items()
                             if k in (1, 4))


def validate_package(pkg: InputPackage) -> Problems:
    """Collect every content problem of a package (errors and warnings).

    Parameters
    ----------
    pkg : InputPackage
        As read by :func:`ppsp_analysis.io.read_package`.

    Returns
    -------
    Problems
        A list of :class:`Problem`, each naming file, sheet, row and column where it can
        (shown as a table in JupyterLab).

    Examples
    --------
    >>> from ppsp_analysis.io.resources import demo_dir
    >>> from ppsp_analysis.io import read_package
    >>> pkg, read_problems = read_package(demo_dir() / "99.02-kabupaten-tanjung-khayali")
    >>> validate_package(pkg).errors
    0
    """
    problems: list[Problem] = []
    batas = pkg.files.get("batas", "batas.gpkg")
    wb = pkg.files.get("instrumen", WB)
    known = _check_boundaries(pkg, batas, problems)
    form2_codes = _check_form2(pkg, known, batas, wb, problems)
    _check_opd_and_persepsi(pkg, form2_codes, wb, problems)
    _check_ehra(pkg, known, problems)
    _check_override(pkg, form2_codes, wb, problems)
    _check_program(pkg, form2_codes, wb, problems)
    _check_other_sheets(pkg, form2_codes, wb, problems)
    _check_funding(pkg, known, wb, problems)
    if not any(p.severity == "error" for p in problems):
        _check_override_changes(pkg, wb, problems)
    return Problems(problems)


def _p(problems, file, message, sheet=None, row=None, column=None, hint=None, severity="error"):
    problems.append(Problem(file, message, sheet=sheet, row=None if row is None else int(row),
                            column=column, hint=hint, severity=severity))


# --- boundaries -------------------------------------------------------------------------------

def check_location(gdf: gpd.GeoDataFrame, fname: str, layer: str | None,
                   crs_declared: bool = True) -> list[Problem]:
    """Check that the data lies in Indonesia; explain swapped axes or a wrong CRS.

    Parameters
    ----------
    gdf : GeoDataFrame
        Any layer with a CRS.
    fname, layer : str
        For the messages.
    crs_declared : bool
        False when the file does not state its CRS and the reader assumed WGS 84 (a GeoJSON
        without a ``crs`` member): the message then says so instead of "the file says".

    Returns
    -------
    list of Problem
        Empty when the layer is inside Indonesia. Otherwise one error saying whether
        longitude and latitude look swapped, whether the coordinates are metres while the
        CRS says degrees (with the likely UTM zones), degrees while the CRS says metres, or
        simply elsewhere; plus one error per feature lying outside while the rest is inside.
    """
    if gdf.crs is None or gdf.empty:
        return []
    bounds = gdf.geometry.bounds.dropna()
    if bounds.empty:
        return []
    x0, y0 = bounds["minx"].min(), bounds["miny"].min()
    x1, y1 = bounds["maxx"].max(), bounds["maxy"].max()
    crs = CRS.from_user_input(gdf.crs)
    cx = float(((bounds["minx"] + bounds["maxx"]) / 2).median())
    cy = float(((bounds["miny"] + bounds["maxy"]) / 2).median())
    lon, lat = _to_lonlat(crs, cx, cy)
    if _in_indonesia(lon, lat):
        return _outlying_features(gdf, bounds, crs, fname, layer)
    where = f"X {_fmt(x0)}…{_fmt(x1)}, Y {_fmt(y0)}…{_fmt(y1)}"
    degrees = max(abs(x0), abs(x1)) <= 180 and max(abs(y0), abs(y1)) <= 90
    swapped_range = max(abs(x0), abs(x1)) <= 90 and max(abs(y0), abs(y1)) <= 180
    if swapped_range and _in_indonesia(cy, cx):
        return [Problem(
            fname, f"koordinat tampaknya tertukar: lintang dan bujur terbalik ({where}; "
                   "untuk Indonesia X = bujur 95…141, Y = lintang −11…6)", sheet=layer,
            column="geometry",
            hint="tukar X dan Y (QGIS: Processing Toolbox > 'Swap X and Y coordinates'), atau "
                 "ekspor ulang dari sumber dengan urutan bujur, lintang")]
    if degrees and not crs.is_geographic and _in_indonesia(cx, cy):
        return [Problem(
            fname, f"koordinat dalam derajat tetapi CRS file tertulis {crs.name} (meter) "
                   f"({where})", sheet=layer, column="geometry",
            hint="tetapkan CRS ke EPSG:4326 tanpa transformasi (QGIS: klik kanan layer > Layer "
                 "CRS > Set Layer CRS), lalu simpan ulang")]
    if not degrees or not crs.is_geographic:
        fits = [e for e in _UTM_CANDIDATES if e != crs.to_epsg()
                and _in_indonesia(*_to_lonlat(CRS.from_epsg(e), cx, cy))]
        utm = [e for e in fits if e >= 32600]
        if utm:
            shown = "zona UTM mengikuti bujur wilayah: " + ", ".join(
                f"{(e % 100)}{'S' if e >= 32700 else 'N'} = EPSG:{e} "
                f"({(e % 100 - 31) * 6}–{(e % 100 - 30) * 6}°BT)" for e in utm)
        else:
            shown = ", ".join(f"EPSG:{e} ({CRS.from_epsg(e).name})" for e in fits[:4])
        what = ("koordinat dalam meter tetapi CRS file tertulis derajat "
                f"({crs.name})" if crs.is_geographic else
                f"dengan CRS {crs.name} lokasi jatuh di luar Indonesia")
        if not crs_declared and crs.is_geographic:
            what = ("koordinat dalam meter, padahal file GeoJSON tanpa keterangan CRS dianggap "
                    "WGS 84 (derajat)")
        hint = ("tetapkan CRS yang benar tanpa transformasi (QGIS: Set Layer CRS)"
                + (f"; yang cocok dengan koordinat ini: {shown}" if shown else
                   "; tanyakan CRS asli kepada penyedia data"))
        return [Problem(fname, f"{what} ({where})", sheet=layer, column="geometry", hint=hint)]
    return [Problem(
        fname, f"lokasi di luar Indonesia (bujur {_fmt(x0)}…{_fmt(x1)}, lintang "
               f"{_fmt(y0)}…{_fmt(y1)})", sheet=layer, column="geometry",
        hint="periksa bahwa file ini batas desa di Indonesia dan CRS-nya benar")]


def _outlying_features(gdf, bounds, crs, fname, layer) -> list[Problem]:
    out = []
    for i in bounds.index:
        b = bounds.loc[i]
        lon, lat = _to_lonlat(crs, (b["minx"] + b["maxx"]) / 2, (b["miny"] + b["maxy"]) / 2)
        if not _in_indonesia(lon, lat):
            row = gdf.at[i, "_baris"] if "_baris" in gdf else list(gdf.index).index(i) + 1
            swapped = _in_indonesia(lat, lon) if crs.is_geographic else False
            out.append(Problem(
                fname, "fitur ini terletak di luar Indonesia"
                       + (" (lintang dan bujur tertukar)" if swapped else ""),
                sheet=layer, row=int(row), column="geometry",
                hint="perbaiki koordinat fitur ini di QGIS atau hapus fitur yang salah"))
        if len(out) >= 20:
            break
    return out


def _to_lonlat(crs: CRS, x: float, y: float) -> tuple[float, float]:
    if crs.is_geographic and crs.to_epsg() in (4326, 4755, 4258, 4269, None):
        return x, y
    from pyproj import Transformer

    try:
        lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
    except Exception:  # pyproj raises ProjError for impossible points
        return float("nan"), float("nan")
    return lon, lat


def _in_indonesia(lon: float, lat: float) -> bool:
    if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
        return False
    a, b, c, d = INDONESIA_BBOX
    return a <= lon <= c and b <= lat <= d


def _fmt(v: float) -> str:
    """A coordinate in a message: 2 decimals for degrees, whole metres for projected values."""
    return fmt.number(v, 2 if abs(v) < 1000 else 0)


def _utm_of(gdf: gpd.GeoDataFrame) -> CRS:
    """UTM zone of the layer's bounding-box centre (robust to invalid geometries)."""
    x0, y0, x1, y1 = gdf.total_bounds
    lon, lat = _to_lonlat(CRS.from_user_input(gdf.crs), (x0 + x1) / 2, (y0 + y1) / 2)
    zone = int((lon + 180) // 6) + 1
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def _check_boundaries(pkg: InputPackage, fname: str, problems: list[Problem]) -> set[str]:
    desa = pkg.desa
    layer = "desa"
    for _, r in desa[desa["kode_desa"].notna() & desa["kode_desa"].duplicated(keep="first")
                     ].iterrows():
        _p(problems, fname, f"kode desa {r['kode_desa']} muncul lebih dari sekali", layer,
           r["_baris"], "kode_desa",
           hint="gabungkan poligon desa yang sama (QGIS: Dissolve) atau perbaiki kodenya")
    for _, r in desa[~desa["kode_desa"].map(is_kode_desa)].iterrows():
        _p(problems, fname, f"kode desa '{r['kode_desa']}' tidak berformat PP.KK.CC.DDDD", layer,
           r["_baris"], "kode_desa", hint=_code_hint(r["kode_desa"]))
    geoms = desa.geometry
    missing = pd.Series([g is None for g in geoms], index=desa.index)
    for idx in desa.index[missing | geoms.is_empty]:
        _p(problems, fname, "geometri kosong", layer, desa.at[idx, "_baris"], "geometry",
           hint="gambar ulang poligon desa ini atau hapus fiturnya di QGIS")
    present = desa.index[~missing & ~geoms.is_empty]
    invalid = [i for i in present if not geoms[i].is_valid]
    unrepairable = set()
    for i in invalid:
        fixed = shapely.make_valid(geoms[i])
        polygonal = shapely.get_type_id(fixed) in (3, 6) or (
            fixed.geom_type == "GeometryCollection"
            and any(g.geom_type in ("Polygon", "MultiPolygon") for g in fixed.geoms))
        reason = shapely.is_valid_reason(geoms[i])
        if polygonal and fixed.area > 0:
            _p(problems, fname, f"geometri tidak valid ({reason}); diperbaiki otomatis dengan "
               "make_valid", layer, desa.at[i, "_baris"], "geometry",
               hint="periksa hasilnya di peta; perbaiki permanen di QGIS (Fix Geometries)",
               severity="warning")
        else:
            unrepairable.add(i)
            _p(problems, fname, f"geometri tidak valid dan tidak dapat diperbaiki ({reason})",
               layer, desa.at[i, "_baris"], "geometry",
               hint="perbaiki poligon di QGIS (Vector > Geometry Tools > Fix Geometries)")
    if pkg.desa.crs is not None and len(present):
        ok = [i for i in present if i not in unrepairable]
        if ok:
            part = pkg.desa.loc[ok]
            geom = part.geometry.where(part.geometry.is_valid, part.geometry.make_valid())
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    projected = gpd.GeoSeries(geom, crs=part.crs).to_crs(_utm_of(part))
                    areas = projected.area
            except Exception:  # CRS problems are reported by check_location
                projected, areas = None, pd.Series(dtype=float)
            for i in areas.index[areas <= 0]:
                if i not in invalid:
                    _p(problems, fname, "luas poligon nol", layer, desa.at[i, "_baris"],
                       "geometry", hint="gambar ulang poligon desa ini di QGIS")
            if projected is not None:
                _check_overlaps(desa, projected, fname, layer, problems)
    kab = pkg.form1.get("kode_kabupaten")
    if kab:
        other = desa[~desa["kode_desa"].astype(str).str.startswith(f"{kab}.")]
        for _, r in other.head(20).iterrows():
            _p(problems, fname, f"desa {r['kode_desa']} bukan bagian dari kabupaten {kab} "
               "(Form1 kode_kabupaten)", layer, r["_baris"], "kode_desa",
               hint="periksa kode_kabupaten di Form1 (kode Kemendagri, bukan BPS) atau pakai "
                    "file batas kabupaten yang benar")
    return set(desa["kode_desa"].dropna())


#: Share of a desa's area lying inside another desa above which the pair is reported.
OVERLAP_SHARE = 0.5


def overlapping_pairs(geoms: gpd.GeoSeries, share: float = OVERLAP_SHARE
                      ) -> list[tuple[object, object, float]]:
    """Pairs of polygons of which more than ``share`` of the smaller one lies in the other.

    Parameters
    ----------
    geoms : GeoSeries
        Valid polygons in a projected CRS (areas in m²).
    share : float
        Threshold, 0–1.

    Returns
    -------
    list of (index, index, float)
        The smaller polygon's index first, then the other's, then the overlapping share of
        the smaller one's area; sorted by the first index.

    Notes
    -----
    Neighbours only touch along their common border, so candidates come from an STRtree of
    bounding boxes and a pair is intersected exactly only when the overlap of the two boxes
    could hold ``share`` of the smaller polygon: a whole kabupaten (1,571 desa of Kalimantan
    Tengah) takes a fraction of a second.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoSeries([box(0, 0, 10, 10), box(10, 0, 20, 10), box(2, 2, 9, 9),
    ...                    box(15, 0, 30, 10)])
    >>> [(int(a), int(b), round(s, 2)) for a, b, s in overlapping_pairs(g)]
    [(2, 0, 1.0)]
    """
    arr = np.asarray(geoms.values)
    with np.errstate(all="ignore"):
        area = shapely.area(arr)
        bounds = shapely.bounds(arr)
    usable = np.isfinite(area) & np.isfinite(bounds).all(axis=1) & (area > 0)
    if usable.sum() < 2:                # e.g. coordinates that did not project (wrong CRS)
        return []
    index = geoms.index[usable]
    arr, area, b = arr[usable], area[usable], bounds[usable]
    left, right = shapely.STRtree(arr).query(arr)
    keep = left < right
    left, right = left[keep], right[keep]
    dx = np.minimum(b[left, 2], b[right, 2]) - np.maximum(b[left, 0], b[right, 0])
    dy = np.minimum(b[left, 3], b[right, 3]) - np.maximum(b[left, 1], b[right, 1])
    smaller = np.minimum(area[left], area[right])
    cand = np.clip(dx, 0, None) * np.clip(dy, 0, None) > share * smaller
    left, right, smaller = left[cand], right[cand], smaller[cand]
    if not len(left):
        return []
    with np.errstate(all="ignore"):
        inter = shapely.area(shapely.intersection(arr[left], arr[right]))
    ratio = inter / smaller
    out = []
    for a, c, r in zip(left, right, ratio, strict=True):
        if r > share:
            small, big = (a, c) if area[a] <= area[c] else (c, a)
            out.append((index[small], index[big], float(r)))
    order = {k: i for i, k in enumerate(index)}
    return sorted(out, key=lambda t: (order[t[0]], t[2]))


def _check_overlaps(desa: gpd.GeoDataFrame, projected: gpd.GeoSeries, fname: str, layer: str,
                    problems: list[Problem]) -> None:
    pairs = overlapping_pairs(projected)
    for small, big, ratio in pairs[:30]:
        a, b = desa.loc[small], desa.loc[big]
        _p(problems, fname, f"poligon desa {a['kode_desa']} ({a['nama_desa']}) tumpang tindih "
           f"dengan desa {b['kode_desa']} ({b['nama_desa']}): "
           f"{fmt.number(round(100 * ratio, 1))}% luas desa {a['kode_desa']} berada di "
           "dalam desa itu", layer, a["_baris"], "geometry", severity="warning",
           hint="periksa batas kedua desa di QGIS; mungkin satu desa tergambar dua kali, "
                "kodenya tertukar, atau batas lama dan baru tercampur")
    if len(pairs) > 30:
        _p(problems, fname, f"… dan {len(pairs) - 30} pasang desa lain yang tumpang tindih",
           layer, column="geometry", severity="warning", hint="periksa batas desa di QGIS")


def _code_hint(code: object) -> str:
    if looks_like_scientific(str(code)):
        return ("Excel menulis kode ini dalam notasi ilmiah (E+09) sehingga digit terakhirnya "
                "hilang; di Excel format kolom kode_desa sebagai Text dan isi ulang kodenya "
                "(atau tulis bertitik, mis. 62.10.01.2001), lalu simpan ulang")
    if looks_like_bps_code(str(code)):
        return ("ini tampaknya kode BPS; pakai kode Kemendagri bertitik (lihat crosswalk "
                "BPS–Kemendagri), mis. 62.10.01.2001")
    return "tulis kode Kemendagri 10 angka, mis. 62.10.01.2001 atau 6210012001"


# --- Form 2 -----------------------------------------------------------------------------------

def _check_form2(pkg: InputPackage, known: set[str], batas: str, wb: str,
                 problems: list[Problem]) -> set[str]:
    f2 = pkg.sheet("Form2")
    sheet = "Form2"
    if f2.empty:
        _p(problems, wb, "sheet Form2 kosong: isi satu baris per desa", sheet,
           hint="buat template berisi semua desa: ppsp template BATAS --kabupaten KODE")
        return set()
    for _, r in f2[f2["kode_desa"].isna()].iterrows():
        _p(problems, wb, "kode desa kosong", sheet, r["_baris"], "kode_desa",
           hint="isi kode Kemendagri desa, atau isi nama_desa dan nama_kec agar dicocokkan")
    dup = f2["kode_desa"].notna() & f2["kode_desa"].duplicated(keep="first")
    for _, r in f2[dup].iterrows():
        first = f2.loc[f2["kode_desa"] == r["kode_desa"], "_baris"].iloc[0]
        _p(problems, wb, f"kode desa {r['kode_desa']} muncul lebih dari sekali (juga di baris "
           f"{first})", sheet, r["_baris"], "kode_desa",
           hint="hapus baris ganda; satu desa satu baris")
    for _, r in f2[f2["kode_desa"].notna() & ~f2["kode_desa"].isin(known)].iterrows():
        _p(problems, wb, f"kode desa {r['kode_desa']} tidak ada di file batas ({batas})", sheet,
           r["_baris"], "kode_desa",
           hint=_code_hint(r["kode_desa"]) if not is_kode_desa(r["kode_desa"]) else _FIX_TEMPLATE)
    codes = set(f2["kode_desa"].dropna())
    missing = pkg.desa[~pkg.desa["kode_desa"].isin(codes)]
    for _, r in missing.iterrows():
        _p(problems, batas, f"desa {r['kode_desa']} ({r['nama_desa']}) tidak ada di "
           f"{wb} sheet Form2", "desa", r["_baris"], "kode_desa",
           hint="tambahkan baris desa ini di Form2")
    absent = set(f2.attrs.get("kolom_hilang", ()))
    for col in ("luas_ha", "penduduk", "jumlah_kk", "kk_miskin"):
        if col in absent:
            continue
        for _, r in f2[f2[col].isna()].iterrows():
            _p(problems, wb, "nilai wajib kosong", sheet, r["_baris"], col,
               hint="isi angkanya; tulis 0 bila memang nol")
    for col in (*COUNT_COLUMNS, "luas_terbangun_ha", "genangan_ha", "luas_ha"):
        for _, r in f2[f2[col] < 0].iterrows():
            _p(problems, wb, f"nilai negatif ({_angka(r[col])})", sheet, r["_baris"], col,
               hint="isi angka 0 atau lebih")
    for col in COUNT_COLUMNS:
        bad = f2[col].notna() & (f2[col] >= 0) & (f2[col] % 1 != 0)
        for _, r in f2[bad].iterrows():
            _p(problems, wb, f"{col} {_angka(r[col])} bukan bilangan bulat", sheet, r["_baris"],
               col,
               hint="isi jumlah tanpa desimal (mis. 1.234 berarti seribu dua ratus tiga puluh "
                    "empat)")
    for _, r in f2[f2["luas_ha"] == 0].iterrows():
        _p(problems, wb, "luas wilayah nol", sheet, r["_baris"], "luas_ha",
           hint="isi luas administrasi desa dalam hektar")
    for _, r in f2[(f2["jumlah_kk"] == 0) & (f2["penduduk"] > 0)].iterrows():
        _p(problems, wb, "jumlah KK nol padahal ada penduduk", sheet, r["_baris"], "jumlah_kk",
           hint="isi jumlah kepala keluarga")
    for col in PERCENT_COLUMNS:
        for _, r in f2[(f2[col] < 0) | (f2[col] > 100)].iterrows():
            _p(problems, wb, f"persentase {_angka(r[col])} di luar 0–100", sheet, r["_baris"],
               col,
               hint="isi persen 0–100, mis. 45 atau 45%")
    for num in ("kk_miskin", "kk_tanpa_jamban", "kk_jamban_layak"):
        bad = f2[num] > f2["jumlah_kk"]
        for _, r in f2[bad].iterrows():
            pct = 100 * r[num] / r["jumlah_kk"] if r["jumlah_kk"] else float("inf")
            _p(problems, wb, f"{num} ({_angka(r[num])}) lebih besar dari jumlah_kk "
               f"({_angka(r['jumlah_kk'])}): "
               f"persentase {fmt.percent(pct, 0)} di luar 0–100", sheet, r["_baris"], num,
               hint=f"{num} adalah jumlah KK, tidak boleh melebihi jumlah_kk")
    both = f2["kk_tanpa_jamban"] + f2["kk_jamban_layak"] > f2["jumlah_kk"]
    for _, r in f2[both].iterrows():
        _p(problems, wb, "kk_tanpa_jamban + kk_jamban_layak lebih besar dari jumlah_kk", sheet,
           r["_baris"], "kk_jamban_layak", severity="warning",
           hint="periksa kembali; KK tanpa jamban tidak mungkin punya jamban layak")
    for _, r in f2[f2["luas_terbangun_ha"] > f2["luas_ha"]].iterrows():
        _p(problems, wb, "luas terbangun lebih besar dari luas wilayah", sheet, r["_baris"],
           "luas_terbangun_ha", hint="luas terbangun adalah bagian dari luas wilayah (ha)")
    for _, r in f2[f2["genangan_ha"] > f2["luas_ha"]].iterrows():
        _p(problems, wb, "luas genangan lebih besar dari luas wilayah", sheet, r["_baris"],
           "genangan_ha", hint="isi luas genangan dalam hektar, bukan persen")
    for col in FLAG_COLUMNS:
        for _, r in f2[f2[col].notna() & ~f2[col].isin([0, 1])].iterrows():
            _p(problems, wb, f"nilai {_angka(r[col])} harus 0 (tidak) atau 1 (ya)", sheet,
               r["_baris"],
               col, hint="pilih ya atau tidak")
    for col in ("urban_bps", "urban_rtrw"):
        for _, r in f2[f2[col].notna() & ~f2[col].isin([1, 2])].iterrows():
            _p(problems, wb, f"nilai {_angka(r[col])} harus 1 (urban) atau 2 (rural)", sheet,
               r["_baris"], col, hint="isi 1 untuk urban/perkotaan, 2 untuk rural/perdesaan")
    _check_formula_columns(pkg, f2, wb, problems)
    density = f2["penduduk"] / f2["luas_ha"].where(f2["luas_ha"] > 0)
    for _, r in f2[density > 1000].iterrows():
        _p(problems, wb, f"kepadatan {fmt.number(r['penduduk'] / r['luas_ha'], 0)} jiwa/ha "
           "tidak wajar",
           sheet, r["_baris"], "luas_ha", severity="warning",
           hint="luas harus dalam hektar (1 km² = 100 ha); periksa juga jumlah penduduk")
    return codes


def _check_formula_columns(pkg: InputPackage, f2: pd.DataFrame, wb: str,
                           problems: list[Problem]) -> None:
    """Columns used by the method's secondary-indicator formulas must exist and be numbers."""
    seen: set[str] = set()
    for group, specs in active_indicators(pkg.method).items():
        for name, spec in (specs or {}).items():
            for col in formula_columns(str(spec.get("rumus", ""))):
                if col in seen:
                    continue
                seen.add(col)
                if col not in f2:
                    _p(problems, wb, f"kolom '{col}' dipakai rumus sekunder.{group}.{name} "
                       "(metode.yaml) tetapi tidak ada", "Form2", column=col,
                       hint=f"tambahkan kolom '{col}' di Form2 atau ubah rumus di metode.yaml")
                    continue
                text = f2[f2[col].map(lambda v: isinstance(v, str))]
                for _, r in text.head(20).iterrows():
                    _p(problems, wb, f"nilai '{r[col]}' bukan angka (dipakai rumus "
                       f"sekunder.{group}.{name})", "Form2", r["_baris"], col,
                       hint="isi dengan angka, mis. 12,5 atau 1.234")


# --- OPD and perception -----------------------------------------------------------------------

def _check_opd_and_persepsi(pkg: InputPackage, codes: set[str], wb: str,
                            problems: list[Problem]) -> None:
    opd = pkg.sheet("OPD").dropna(subset=["kode_opd"])
    lo, hi = pkg.method["persepsi"]["min_opd"], pkg.method["persepsi"]["maks_opd"]
    n = opd["kode_opd"].nunique()
    if not lo <= n <= hi:
        _p(problems, wb, f"jumlah OPD {n}; Instrumen SSK meminta {lo} sampai {hi} OPD", "OPD",
           column="kode_opd",
           hint=f"isi {lo}–{hi} OPD anggota Pokja, satu per baris (kode_opd, nama_opd)")
    for _, r in opd[opd["kode_opd"].duplicated()].iterrows():
        _p(problems, wb, f"kode OPD {r['kode_opd']} muncul lebih dari sekali", "OPD", r["_baris"],
           "kode_opd", hint="setiap OPD cukup satu baris")
    per = pkg.sheet("Persepsi")
    sheet = "Persepsi"
    known_opd = set(opd["kode_opd"].astype(str))
    unknown = per[per["kode_opd"].notna() & ~per["kode_opd"].astype(str).isin(known_opd)]
    for _, r in unknown.head(30).iterrows():
        _p(problems, wb, f"OPD '{r['kode_opd']}' tidak ada di sheet OPD", sheet, r["_baris"],
           "kode_opd", hint=f"pakai salah satu kode di sheet OPD: {', '.join(sorted(known_opd))}"
           if known_opd else "isi daftar OPD di sheet OPD")
    for _, r in per[per["kode_opd"].isna()].head(30).iterrows():
        _p(problems, wb, "kode OPD kosong", sheet, r["_baris"], "kode_opd",
           hint="isi OPD yang memberi skor ini (pilih dari daftar)")
    for _, r in per[per["kode_desa"].notna() & ~per["kode_desa"].isin(codes)].head(30).iterrows():
        _p(problems, wb, f"kode desa {r['kode_desa']} tidak ada di Form2", sheet, r["_baris"],
           "kode_desa", hint=_FIX_TEMPLATE)
    for col in COMPONENTS:
        bad = per[col].notna() & ~per[col].isin([1, 2, 3, 4])
        for _, r in per[bad].iterrows():
            _p(problems, wb, f"skor {_angka(r[col])} di luar 1–4", sheet, r["_baris"], col,
               hint=f"skor persepsi: {_PERSEPSI_SCALE}")
    dup = per.duplicated(subset=["kode_desa", "kode_opd"], keep="first")
    for _, r in per[dup].iterrows():
        _p(problems, wb, f"skor OPD {r['kode_opd']} untuk desa {r['kode_desa']} diisi dua kali",
           sheet, r["_baris"], "kode_opd", hint="hapus salah satu baris")
    scored = set(per["kode_desa"].dropna())
    unscored = sorted(codes - scored)
    if codes and not scored:
        _p(problems, wb, "belum ada skor persepsi untuk desa mana pun", sheet, column="kode_desa",
           severity="warning", hint="tanpa skor persepsi, EXPOSURE dihitung dari sumber lain")
        unscored = []
    for code in unscored[:20]:
        _p(problems, wb, f"desa {code} belum mendapat skor persepsi dari OPD mana pun", sheet,
           column="kode_desa", severity="warning",
           hint="tanpa skor persepsi, EXPOSURE dihitung dari sumber lain saja")
    if len(unscored) > 20:
        _p(problems, wb, f"… dan {len(unscored) - 20} desa lain tanpa skor persepsi", sheet,
           column="kode_desa", severity="warning", hint="lengkapi sheet Persepsi")


# --- EHRA -------------------------------------------------------------------------------------

def _check_ehra(pkg: InputPackage, known: set[str], problems: list[Problem]) -> None:
    found: list[Problem] = []
    _check_ehra_records(pkg, known, found)
    sheet = None if pkg.ehra is None else pkg.ehra.attrs.get("sheet")     # XLSX exports
    problems += [dataclasses.replace(p, sheet=sheet) if sheet and p.sheet is None else p
                 for p in found]


def _check_ehra_records(pkg: InputPackage, known: set[str], problems: list[Problem]) -> None:
    ehra = pkg.ehra
    if ehra is None or "kode_desa" not in ehra or "id_rt" not in ehra:
        return
    fname = pkg.files.get("ehra", "ehra.csv")
    mapping = pkg.method["ehra"]["pemetaan"]
    for subs in mapping.values():
        for code, spec in subs.items():
            if spec["kolom"] not in ehra.columns:
                _p(problems, fname, f"kolom kuesioner untuk sub-indikator {code} tidak ada",
                   column=spec["kolom"],
                   hint="sesuaikan ehra.pemetaan di metode.yaml, atau buat pemetaan_ehra.yaml "
                        "untuk ekspor KoBo/SPSS")
    ids = ehra["id_rt"]
    for _, r in ehra[ids.notna() & ids.duplicated(keep="first")].head(30).iterrows():
        first = ehra.loc[ids == r["id_rt"], "_baris"].iloc[0]
        _p(problems, fname, f"id_rt {r['id_rt']} muncul lebih dari sekali (rumah tangga ganda; "
           f"pertama di baris {first})", row=r["_baris"], column="id_rt",
           hint="hapus rekaman ganda atau beri id_rt unik")
    for _, r in ehra[ids.isna()].head(10).iterrows():
        _p(problems, fname, "id_rt kosong", row=r["_baris"], column="id_rt",
           hint="setiap rumah tangga perlu id_rt unik")
    answers = [s["kolom"] for subs in mapping.values() for s in subs.values()
               if s["kolom"] in ehra.columns]
    if answers:
        same = ehra.duplicated(subset=["kode_desa", *answers, *[
            c for c in ("rt", "umur_responden") if c in ehra]], keep="first")
        for _, r in ehra[same & ~ids.duplicated(keep=False)].head(10).iterrows():
            _p(problems, fname, f"jawaban rumah tangga {r['id_rt']} identik dengan rekaman lain "
               "di desa yang sama (kemungkinan entri ganda)", row=r["_baris"], column="id_rt",
               severity="warning", hint="periksa apakah rumah tangga ini dimasukkan dua kali")
    missing_code = ehra[ehra["kode_desa"].isna()]
    for _, r in missing_code.head(10).iterrows():
        _p(problems, fname, "kode desa kosong", row=r["_baris"], column="kode_desa",
           hint="isi kode Kemendagri desa rumah tangga ini")
    unknown = ehra[ehra["kode_desa"].notna() & ~ehra["kode_desa"].isin(known)]
    groups = list(unknown.groupby("kode_desa", sort=False)["_baris"])
    for code, rows in groups[:30]:          # one message per code, not per household
        many = f" ({fmt.number(len(rows))} rumah tangga, baris pertama {rows.iloc[0]})" \
            if len(rows) > 1 else ""
        _p(problems, fname, f"kode desa {code} tidak ada di file batas{many}", row=rows.iloc[0],
           column="kode_desa", hint=_code_hint(code) if not is_kode_desa(code) else
           "periksa kode desa rumah tangga ini")
    if len(groups) > 30:
        rest = sum(len(r) for _, r in groups[30:])
        _p(problems, fname, f"… dan {len(groups) - 30} kode desa lain yang tidak dikenal "
           f"({fmt.number(rest)} rumah tangga)", column="kode_desa",
           hint="periksa kolom kode_desa")
    need = pkg.method["ehra"]["min_rt_per_desa"]
    counts = ehra[ehra["kode_desa"].isin(known)].groupby("kode_desa").size()
    for code, n in counts[counts < need].items():
        _p(problems, fname, f"desa {code} hanya {n} rumah tangga (diharapkan ≥ {need})",
           column="kode_desa", severity="warning",
           hint="hasil IRS desa ini kurang andal; tambah sampel bila memungkinkan")
    if "umur_responden" in ehra:
        lo, hi = pkg.method["ehra"]["umur_responden"]
        age = pd.to_numeric(ehra["umur_responden"], errors="coerce")
        bad = ehra[(age < lo) | (age > hi)]
        if len(bad):
            _p(problems, fname, f"{len(bad)} responden berumur di luar {lo}–{hi} tahun (baris "
               f"{', '.join(str(b) for b in bad['_baris'].head(10))}"
               f"{' …' if len(bad) > 10 else ''})", column="umur_responden", severity="warning",
               hint="pedoman EHRA: responden ibu/perempuan berumur 18–60 tahun")


# --- other sheets -----------------------------------------------------------------------------

def _check_override(pkg: InputPackage, codes: set[str], wb: str,
                    problems: list[Problem]) -> None:
    ov = pkg.sheet("Override")
    sheet = "Override"
    for _, r in ov.iterrows():
        if r["kode_desa"] not in codes:
            _p(problems, wb, f"kode desa {r['kode_desa']} tidak ada di Form2", sheet, r["_baris"],
               "kode_desa", hint=_FIX_TEMPLATE)
        if r["komponen"] not in COMPONENTS:
            _p(problems, wb, f"komponen '{r['komponen']}' tidak dikenal", sheet, r["_baris"],
               "komponen", hint=f"pilih {', '.join(COMPONENTS)}")
        if r["kelas_baru"] not in (1, 2, 3, 4):
            what = "kosong" if _num(r["kelas_baru"]) == "" else f"'{_num(r['kelas_baru'])}'"
            _p(problems, wb, f"kelas_baru {what}: harus 1–4", sheet,
               r["_baris"], "kelas_baru", hint="pilih kelas 1, 2, 3 atau 4")
        if not isinstance(r["alasan"], str) or not r["alasan"].strip():
            _p(problems, wb, "setiap perubahan kelas oleh Pokja wajib disertai alasan", sheet,
               r["_baris"], "alasan", hint="tulis hasil verifikasi lapangan")


def _check_override_changes(pkg: InputPackage, wb: str, problems: list[Problem]) -> None:
    """Warn about an override row that sets the class the instrument already gives.

    Needs the instrument's classes, so the package is scored (only when it has override
    rows and no errors). Such a row is kept: the reports list it as a confirmation
    (*dikonfirmasi tanpa perubahan*), not as a change of class.
    """
    ov = pkg.sheet("Override")
    if ov.empty:
        return
    from .pipeline import score_package

    desa = score_package(pkg).desa
    sheet = "Override"
    for _, r in ov.iterrows():
        code, comp = r["kode_desa"], r["komponen"]
        column = f"kelas_{comp}_instrumen"
        if code not in desa.index or column not in desa.columns:
            continue
        before = desa.at[code, column]
        if pd.isna(before) or int(before) != int(r["kelas_baru"]):
            continue
        name = desa.at[code, "nama_desa"]
        _p(problems, wb, f"override desa {name} ({code}) komponen {comp} tidak mengubah apa pun: "
           f"kelas_baru {int(r['kelas_baru'])} sama dengan kelas menurut instrumen",
           sheet, r["_baris"], "kelas_baru", severity="warning",
           hint="baris ini dicatat sebagai konfirmasi tanpa perubahan; hapus bila tidak "
                "dimaksudkan, atau isi kelas lain bila Pokja memang mengubahnya")


def _angka(v: object) -> str:
    """A number as Indonesians read it (:mod:`ppsp_analysis.fmt`), up to 4 decimals so the
    user recognises the value typed: ``12,5``, ``1.000.000``.

    Examples
    --------
    >>> _angka(12.5), _angka(1e6), _angka(-10.0), _angka(2.25), _angka(0.12345)
    ('12,5', '1.000.000', '-10', '2,25', '0,1235')
    """
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(f):
        return ""
    return fmt.number(f, fmt.decimals_needed([f], cap=4))


def _num(v: object) -> str:
    if isinstance(v, float) and (np.isnan(v) or v.is_integer()):
        return "" if np.isnan(v) else _angka(v)
    return "" if v is None else str(v)


def _check_program(pkg: InputPackage, codes: set[str], wb: str,
                   problems: list[Problem]) -> None:
    prog = pkg.sheet("Program")
    for _, r in prog.iterrows():
        if r["sumber_dana"] not in SUMBER_DANA:
            _p(problems, wb, f"sumber dana '{r['sumber_dana']}' tidak dikenal", "Program",
               r["_baris"], "sumber_dana", hint=f"pilih: {', '.join(SUMBER_DANA)}")
        if r["jenis"] not in JENIS_BELANJA:
            _p(problems, wb, f"jenis '{r['jenis']}' harus investasi atau O&M", "Program",
               r["_baris"], "jenis", hint="pilih investasi atau O&M")
        if r["komponen"] not in KOMPONEN_PROGRAM:
            _p(problems, wb, f"komponen '{r['komponen']}' tidak dikenal", "Program", r["_baris"],
               "komponen", hint=f"pilih: {', '.join(KOMPONEN_PROGRAM)}")
        if isinstance(r["kode_desa"], str) and r["kode_desa"] not in codes:
            _p(problems, wb, f"kode desa {r['kode_desa']} tidak ada di Form2", "Program",
               r["_baris"], "kode_desa",
               hint="kosongkan untuk kegiatan tingkat kabupaten, atau isi kode desa yang benar")
        for col in ("rencana_rp", "realisasi_rp"):
            if r[col] < 0:
                _p(problems, wb, f"nilai negatif ({_angka(r[col])})", "Program", r["_baris"], col,
                   hint="isi rupiah 0 atau lebih")


def _check_other_sheets(pkg: InputPackage, codes: set[str], wb: str,
                        problems: list[Problem]) -> None:
    kom = pkg.sheet("Komitmen")
    for _, r in kom.iterrows():
        if r["jenis_pihak"] not in JENIS_PIHAK:
            what = "kosong" if r["jenis_pihak"] is None else f"'{r['jenis_pihak']}' tidak dikenal"
            _p(problems, wb, f"jenis pihak {what}", "Komitmen",
               r["_baris"], "jenis_pihak", hint=f"pilih: {', '.join(JENIS_PIHAK)}")
        if r["status"] not in STATUS_KOMITMEN:
            what = "kosong" if r["status"] is None else f"'{r['status']}' tidak dikenal"
            _p(problems, wb, f"status {what}", "Komitmen", r["_baris"],
               "status", hint=f"pilih: {', '.join(STATUS_KOMITMEN)} (urutan tahap komitmen)")
    akses = pkg.sheet("Akses")
    if not akses.empty:
        unknown = akses[akses["kode_desa"].notna() & ~akses["kode_desa"].isin(codes)]
        for _, r in unknown.head(20).iterrows():
            _p(problems, wb, f"kode desa {r['kode_desa']} tidak ada di Form2", "Akses",
               r["_baris"], "kode_desa", hint=_FIX_TEMPLATE)
        for _, r in akses[akses["tahun"].isna()].head(20).iterrows():
            _p(problems, wb, "tahun kosong", "Akses", r["_baris"], "tahun",
               hint="isi tahun data, mis. 2025")


# --- funding (SSK chapter 5: ppsp_analysis.funding) -------------------------------------------

def _ssk_period(pkg: InputPackage, wb: str, problems: list[Problem]) -> tuple[int, int] | None:
    """The SSK period of Form 1 (checked), or None when the analysis year is unknown."""
    from .funding._base import SSK_YEARS, year_of

    f1 = pkg.form1
    tahun = year_of(f1.get("tahun"))
    start, end = year_of(f1.get("ssk_tahun_awal")), year_of(f1.get("ssk_tahun_akhir"))
    if start is not None and end is not None and not 0 <= end - start < 10:
        _p(problems, wb, f"periode SSK {start}–{end} tidak wajar (akhir harus sesudah awal, "
           "paling lama 10 tahun)", "Form1", column="ssk_tahun_akhir",
           hint="isi tahun awal dan akhir periode SSK, mis. 2026 dan 2030")
        return None
    if start is None:
        start = tahun if tahun is not None else (end - SSK_YEARS + 1 if end else None)
    if start is None:
        return None
    end = end if end is not None else start + SSK_YEARS - 1
    ask = year_of(f1.get("tahun_kua_ppas"))
    if ask is not None and not start <= ask <= end:
        _p(problems, wb, f"tahun_kua_ppas {ask} di luar periode SSK {start}–{end}", "Form1",
           column="tahun_kua_ppas", severity="warning",
           hint="usulan KUA-PPAS sebaiknya untuk salah satu tahun periode SSK")
    return start, end


def _check_funding(pkg: InputPackage, known: set[str], wb: str,
                   problems: list[Problem]) -> None:
    """Program plan rows (cost items, volumes, years), commitments, unit costs, lokus list."""
    from .funding.catalogue import unit_cost_catalogue
    from .schema import CAKUPAN_BIAYA, INSTRUMEN_KOMITMEN

    period = _ssk_period(pkg, wb, problems)
    own = pkg.sheet("BiayaSatuan")
    catalogue = unit_cost_catalogue(own).table
    span = f"{period[0]}–{period[1]}" if period else ""
    prog = pkg.sheet("Program")
    if len(prog) and "item_biaya" in prog:
        for _, r in prog.iterrows():
            item = r.get("item_biaya")
            plan = any(_filled(r.get(c)) for c in ("item_biaya", "volume", "harga_satuan_rp"))
            if _filled(item) and item not in catalogue.index:
                _p(problems, wb, f"item biaya '{item}' tidak dikenal", "Program", r["_baris"],
                   "item_biaya", hint="pakai kode katalog (mis. tangki_septik_individual, "
                   "spald_s_komunal, tps3r, iplt_25, drainase_per_m) atau tambahkan item itu "
                   "di sheet BiayaSatuan")
            elif (_filled(item) and pd.isna(catalogue.loc[item, "nilai_rp"])
                  and not _filled(r.get("harga_satuan_rp")) and not _filled(r.get("rencana_rp"))):
                _p(problems, wb, f"item biaya '{item}' belum punya nilai (tidak ada acuan "
                   "publik)", "Program", r["_baris"], "item_biaya",
                   hint="isi harga_satuan_rp di baris ini, atau nilai item itu di sheet "
                        "BiayaSatuan (dari HSPK/AHSP daerah)")
            for col in ("volume", "harga_satuan_rp"):
                v = r.get(col)
                if _filled(v) and v < 0:
                    _p(problems, wb, f"{col} negatif ({_angka(v)})", "Program", r["_baris"],
                       col, hint="isi 0 atau lebih")
            if plan and period and pd.notna(r["tahun"]) and not period[0] <= r["tahun"] <= \
                    period[1]:
                _p(problems, wb, f"tahun {_angka(r['tahun'])} di luar periode SSK {span}: "
                   "kegiatan ini tidak dihitung dalam kebutuhan biaya", "Program", r["_baris"],
                   "tahun", severity="warning",
                   hint="periksa tahun kegiatan, atau ssk_tahun_awal/ssk_tahun_akhir di Form1")
            if _filled(r.get("volume")) and not any(_filled(r.get(c)) for c in (
                    "item_biaya", "harga_satuan_rp", "rencana_rp")):
                _p(problems, wb, "volume diisi tetapi biayanya tidak dapat dihitung",
                   "Program", r["_baris"], "volume", severity="warning",
                   hint="isi item_biaya atau harga_satuan_rp (atau rencana_rp)")
    kom = pkg.sheet("Komitmen")
    for _, r in kom.iterrows():
        for col, valid in (("instrumen", INSTRUMEN_KOMITMEN), ("sumber_dana", SUMBER_DANA)):
            v = r.get(col)
            if _filled(v) and v not in valid:
                _p(problems, wb, f"{col} '{v}' tidak dikenal", "Komitmen", r["_baris"], col,
                   hint=f"pilih: {', '.join(valid)}")
        for col in ("nilai_rp", "target_fisik"):
            v = r.get(col)
            if _filled(v) and v < 0:
                _p(problems, wb, f"{col} negatif ({_angka(v)})", "Komitmen", r["_baris"], col,
                   hint="isi 0 atau lebih")
        codes = r.get("daftar_kode_desa")
        if _filled(codes):
            from .schema import normalise_kode

            for part in str(codes).replace(";", ",").split(","):
                code = normalise_kode(part.strip())
                if code and code not in known:
                    _p(problems, wb, f"kode desa sasaran {code} tidak ada di file batas",
                       "Komitmen", r["_baris"], "daftar_kode_desa", severity="warning",
                       hint="tulis kode Kemendagri desa sasaran, dipisah koma")
        if period and pd.notna(r["tahun"]) and r["tahun"] > period[1]:
            _p(problems, wb, f"tahun anggaran {_angka(r['tahun'])} sesudah periode SSK {span}: "
               "tidak dihitung dalam celah pendanaan 2", "Komitmen", r["_baris"], "tahun",
               severity="warning", hint="periksa tahun anggaran komitmen ini")
    for _, r in own.iterrows():
        if not _filled(r.get("item")):
            _p(problems, wb, "kode item kosong", "BiayaSatuan", r["_baris"], "item",
               hint="isi kode item, mis. drainase_per_m")
        for col in ("nilai_rp", "kk_per_satuan", "om_persen"):
            v = r.get(col)
            if _filled(v) and v < 0:
                _p(problems, wb, f"{col} negatif ({_angka(v)})", "BiayaSatuan", r["_baris"],
                   col, hint="isi 0 atau lebih")
        if _filled(r.get("item")) and not _filled(r.get("nilai_rp")):
            _p(problems, wb, "biaya satuan kosong", "BiayaSatuan", r["_baris"], "nilai_rp",
               severity="warning", hint="isi rupiah per satuan; baris tanpa nilai tidak dipakai")
        if _filled(r.get("nilai_rp")) and not _filled(r.get("tahun")):
            _p(problems, wb, "tahun harga kosong: biaya satuan tidak dieskalasi", "BiayaSatuan",
               r["_baris"], "tahun", severity="warning", hint="isi tahun harga, mis. 2025")
        v = r.get("cakupan")
        if _filled(v) and v not in CAKUPAN_BIAYA:
            _p(problems, wb, f"cakupan '{v}' tidak dikenal", "BiayaSatuan", r["_baris"],
               "cakupan", hint="pilih penuh atau stimulan")
    lok = pkg.sheet("LokusStunting")
    if len(lok):
        for _, r in lok[lok["kode_desa"].notna() & ~lok["kode_desa"].isin(known)].iterrows():
            _p(problems, wb, f"kode desa lokus stunting {r['kode_desa']} tidak ada di file "
               "batas", "LokusStunting", r["_baris"], "kode_desa", hint=_FIX_TEMPLATE)
        dup = lok["kode_desa"].notna() & lok.duplicated(
            subset=[c for c in ("kode_desa", "tahun") if c in lok], keep="first")
        for _, r in lok[dup].iterrows():
            _p(problems, wb, f"desa {r['kode_desa']} ditulis lebih dari sekali", "LokusStunting",
               r["_baris"], "kode_desa", severity="warning", hint="hapus baris ganda")


def _filled(value: object) -> bool:
    """True for a cell that holds something (not None, NaN or blank text)."""
    if value is None:
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    if isinstance(value, str):
        return bool(value.strip())
    return not pd.isna(value)
