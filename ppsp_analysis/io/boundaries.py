"""Reading boundary files (GeoPackage, shapefile, GeoJSON) into the package's desa layer.

What is handled, and how it is reported:

* GeoPackage with several layers: the ``desa`` layer, else the one polygon layer that holds
  desa codes (a warning names the layer chosen; an ambiguous choice is an error that lists
  the layers);
* a zipped shapefile/GeoPackage/GeoJSON (``batas.zip``, as e-mailed or downloaded) is read
  inside the zip (GDAL ``/vsizip/``), nothing is extracted;
* shapefile: a missing ``.prj`` is an error that says how to set the CRS; the ``.cpg``
  encoding is honoured, and names garbled by a wrong encoding are repaired and reported;
* column names of common sources (``kode``/``nama`` of cahyadsn/wilayah_boundaries, BIG's
  ``KDEPUM``/``WADMKD``/``WADMKC`` …) in any case;
* coordinates swapped or in the wrong CRS (the data is not inside Indonesia): an error that
  explains which and how to fix it (:func:`ppsp_analysis.validation.check_location`);
* kecamatan and kabupaten outlines dissolved from the desa when the file does not have them
  (invalid geometries are repaired first; validation reports them).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from .._errors import InputError, Problem
from ..schema import clean_invisible, has_invisible, invisible_problem, normalise_kode
from ..validation import check_location

BOUNDARY_NAMES = ("batas.gpkg", "batas.geojson", "batas.json", "batas.shp", "batas.zip")
#: Boundary formats looked for inside a zip.
_ZIPPED_FORMATS = (".shp", ".gpkg", ".geojson", ".json")
DESA_COLUMNS = ("kode_desa", "nama_desa", "kode_kec", "nama_kec")
CONTEXT_LAYERS = ("kecamatan", "kabupaten", "konteks_kabupaten", "sungai", "garis_pantai")

#: Column names used by common boundary sources → contract name (compared in lower case).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "kode_desa": ("kode_desa", "kd_desa", "kode_kel", "kode_desa_kel", "kdepum", "kode",
                  "kode_kemendagri", "kd_kel"),
    "nama_desa": ("nama_desa", "nm_desa", "nama_kel", "wadmkd", "nama", "desa", "namobj",
                  "desa_kel", "kelurahan"),
    "kode_kec": ("kode_kec", "kd_kec", "kdcpum", "kode_kecamatan"),
    "nama_kec": ("nama_kec", "nm_kec", "wadmkc", "kecamatan", "nama_kecamatan"),
    "kode_kab": ("kode_kab", "kd_kab", "kdpkab", "kode_kabupaten"),
    "nama_kab": ("nama_kab", "nm_kab", "wadmkk", "kabupaten", "nama_kabupaten"),
    "nama_prov": ("nama_prov", "nm_prov", "wadmpr", "provinsi", "nama_provinsi"),
}
_DESA_LAYER_NAMES = ("desa", "kelurahan", "desa_kelurahan", "adm4", "village", "batas_desa")
_LAYER_ROLES = {
    "kecamatan": ("kecamatan", "kec", "adm3", "district"),
    "kabupaten": ("kabupaten", "kab", "adm2", "regency"),
    "konteks_kabupaten": ("konteks_kabupaten",),
    "sungai": ("sungai", "river", "rivers"),
    "garis_pantai": ("garis_pantai", "pantai", "coastline"),
}
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")
_POLYGONAL = ("Polygon", "MultiPolygon")


def find_boundary_file(folder: Path) -> Path | None:
    """The boundary file of a package folder (first of :data:`BOUNDARY_NAMES`), or None."""
    for name in BOUNDARY_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_boundaries(src: str | Path, kode_kab: str | None = None, layer: str | None = None,
                    dissolve: bool = True) -> tuple[gpd.GeoDataFrame | None, dict, dict,
                                                    list[Problem]]:
    """Read the desa polygons (and context layers) of a boundary file.

    Parameters
    ----------
    src : path
        GeoPackage, shapefile or GeoJSON.
    kode_kab : str, optional
        Keep only the desa of this kabupaten (``PP.KK``), for province-wide files.
    layer : str, optional
        The desa layer (default: chosen as described in the module docstring).
    dissolve : bool
        Derive missing ``kecamatan`` and ``kabupaten`` outlines from the desa.

    Returns
    -------
    desa : GeoDataFrame or None
        ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``, geometry (+ ``_baris``, the
        feature number); None when unusable.
    context : dict
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai`` (those available).
    info : dict
        ``nama_kabupaten``, ``nama_provinsi``, ``layer`` (when known).
    problems : list of Problem
    """
    src = Path(src)
    fname = src.name
    problems: list[Problem] = []
    info: dict = {}
    if not src.is_file():
        return None, {}, info, [Problem(str(src), "file batas tidak ditemukan",
                                        hint="periksa nama dan lokasi file")]
    gdal: str | Path = src                        # what GDAL opens
    stem = src.stem                               # the data file's stem, for hints
    if src.suffix.lower() == ".zip":
        member = _zip_member(src, problems)
        if member is None:
            return None, {}, info, problems
        gdal, stem = f"/vsizip/{src.resolve().as_posix()}/{member}", PurePosixPath(member).stem
        if member.lower().endswith(".shp") and not _shapefile_parts(
                src, problems, PurePosixPath(member), _zip_names(src)):
            return None, {}, info, problems
    elif src.suffix.lower() == ".shp" and not _shapefile_parts(src, problems):
        return None, {}, info, problems
    try:
        layers = [(str(n), str(g)) for n, g in pyogrio.list_layers(gdal)]
    except Exception as exc:  # pyogrio raises several DataSourceError types
        return None, {}, info, [Problem(fname, f"file batas tidak dapat dibaca ({exc})",
                                        hint="pastikan file GeoPackage/shapefile/GeoJSON utuh; "
                                             "buka di QGIS untuk memeriksa")]
    chosen = _choose_layer(src, layers, layer, problems, gdal)
    if chosen is None:
        return None, {}, info, problems
    info["layer"] = chosen
    desa = _read_layer(src, chosen, problems, gdal, stem)
    if desa is None:
        return None, {}, info, problems
    if desa.empty:
        problems.append(Problem(fname, "layer desa tidak berisi fitur", sheet=chosen,
                                hint="pilih layer yang berisi poligon desa"))
        return None, {}, info, problems
    types = set(desa.geometry.dropna().geom_type)
    if types and not types <= set(_POLYGONAL):
        problems.append(Problem(
            fname, f"layer desa harus berisi poligon, bukan {', '.join(sorted(types))}",
            sheet=chosen, column="geometry",
            hint="gunakan layer batas desa (poligon), bukan titik pusat atau garis batas"))
        return None, {}, info, problems
    desa = _rename(desa)
    for col in (*DESA_COLUMNS, "kode_kab", "nama_kab"):
        if col in desa:
            hidden = desa[col].map(has_invisible)
            if hidden.any():
                first = desa.index[hidden.to_numpy()][0]
                problems.append(invisible_problem(fname, desa.at[first, col], chosen,
                                                  int(first) + 1, col, count=int(hidden.sum())))
                desa.loc[hidden, col] = desa.loc[hidden, col].map(clean_invisible)
    if "kode_desa" in desa:
        desa["kode_desa"] = desa["kode_desa"].map(normalise_kode)
    if "kode_kec" not in desa and "kode_desa" in desa:
        desa["kode_kec"] = desa["kode_desa"].map(lambda k: k[:8] if isinstance(k, str) else None)
    elif "kode_kec" in desa:
        desa["kode_kec"] = desa["kode_kec"].map(normalise_kode)
    context = _context_layers(src, layers, chosen, kode_kab, gdal)
    if "nama_kec" not in desa and "kecamatan" in context and "kode_kec" in desa:
        names = context["kecamatan"].set_index("kode_kec")["nama_kec"]
        desa["nama_kec"] = desa["kode_kec"].map(names)
    missing = [c for c in DESA_COLUMNS if c not in desa]
    for col in missing:
        problems.append(Problem(
            fname, "kolom wajib tidak ada", sheet=chosen, column=col,
            hint=f"kolom yang ada: {', '.join(c for c in desa.columns if c != 'geometry')}; "
                 f"ganti nama kolom yang sesuai menjadi '{col}'"))
    if missing:
        return None, {}, info, problems
    if kode_kab:
        typed = str(kode_kab).strip()
        kode_kab = normalise_kode(kode_kab)
        clash = _bps_clash(desa, typed, kode_kab)
        if clash:
            problems.append(Problem(fname, clash, sheet=chosen, column="kode_kab",
                                    hint="tulis kode Kemendagri bertitik, mis. --kabupaten "
                                         f"{kode_kab} bila memang itu yang dimaksud"))
            return None, {}, info, problems
        keep = desa["kode_desa"].astype(str).str.startswith(f"{kode_kab}.")
        if not keep.any():
            problems.append(_no_kabupaten(fname, chosen, desa, kode_kab))
            return None, {}, info, problems
        desa = desa[keep]
    if desa.crs is None:
        problems.append(Problem(
            fname, "sistem koordinat (CRS) tidak diketahui", sheet=chosen,
            hint="simpan ulang dengan CRS (QGIS: Layer > Set CRS, biasanya EPSG:4326), atau "
                 "lengkapi file .prj untuk shapefile"))
    else:
        problems += check_location(desa, fname, chosen, _crs_declared(src, gdal))
    for col in ("nama_desa", "nama_kec"):
        desa[col] = desa[col].map(lambda v: re.sub(r"\s+", " ", v).strip()
                                  if isinstance(v, str) else v)
    info.update(_names(desa, context, kode_kab))
    cols = [*DESA_COLUMNS, *[c for c in ("kode_kab", "nama_kab") if c in desa]]
    out = gpd.GeoDataFrame(desa[cols].copy(), geometry=desa.geometry.to_numpy(), crs=desa.crs)
    out["_baris"] = desa.index.to_numpy() + 1
    out = out.reset_index(drop=True)
    if dissolve and out.crs is not None and not any(p.severity == "error" for p in problems):
        context = with_outlines(out, context, info)
    return out, context, info, problems


def read_boundaries_or_raise(src: str | Path, kode_kab: str | None = None,
                             layer: str | None = None) -> tuple[gpd.GeoDataFrame, dict, dict,
                                                                list[Problem]]:
    """:func:`read_boundaries`, raising :class:`InputError` when anything is an error."""
    desa, context, info, problems = read_boundaries(src, kode_kab, layer)
    if desa is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return desa, context, info, problems


def with_outlines(desa: gpd.GeoDataFrame, context: dict, info: dict | None = None) -> dict:
    """Add ``kecamatan`` and ``kabupaten`` layers dissolved from the desa when missing.

    Invalid geometries are repaired (``make_valid``, polygonal parts kept) before the
    dissolve. The dissolved layers carry ``asal = "dissolve"``.
    """
    info = info or {}
    context = dict(context)
    need_kec = context.get("kecamatan") is None or context["kecamatan"].empty
    need_kab = context.get("kabupaten") is None or context["kabupaten"].empty
    if not (need_kec or need_kab):
        return context
    base = desa[["kode_desa", "kode_kec", "nama_kec", "geometry"]].copy()
    base["geometry"] = [_polygonal(shapely.make_valid(g)) if g is not None and not g.is_valid
                        else g for g in base.geometry]
    if need_kec:
        kec = base.dissolve(by="kode_kec", aggfunc={"nama_kec": "first"}).reset_index()
        kec["asal"] = "dissolve"
        context["kecamatan"] = kec[["kode_kec", "nama_kec", "asal", "geometry"]]
    if need_kab:
        base["kode_kab"] = base["kode_desa"].astype(str).str[:5]
        kab = base.dissolve(by="kode_kab", aggfunc={"kode_desa": "count"}).reset_index()
        kab["nama_kab"] = [info.get("nama_kabupaten") or f"Kabupaten {k}" for k in kab["kode_kab"]]
        kab["asal"] = "dissolve"
        context["kabupaten"] = kab[["kode_kab", "nama_kab", "asal", "geometry"]]
    return context


def _polygonal(geom):
    if geom is None or geom.geom_type in _POLYGONAL:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in _POLYGONAL]
    return shapely.union_all(parts) if parts else geom


def _crs_declared(src: Path, gdal: str | Path) -> bool:
    """False for a GeoJSON without a ``crs`` member (GDAL then assumes WGS 84)."""
    if not str(gdal).lower().endswith((".geojson", ".json")):
        return True
    try:
        if src.suffix.lower() == ".zip":
            member = str(gdal).split(src.resolve().as_posix() + "/", 1)[1]
            with zipfile.ZipFile(src) as zf, zf.open(member) as fh:
                head = fh.read(1 << 16)
        else:
            with open(src, "rb") as fh:
                head = fh.read(1 << 16)
    except (OSError, KeyError, IndexError, zipfile.BadZipFile):
        return True
    return re.search(rb'"crs"\s*:', head) is not None


def _zip_names(src: Path) -> list[str]:
    """Member files of a zip, without folders and the ``__MACOSX``/hidden files of macOS."""
    with zipfile.ZipFile(src) as zf:
        names = zf.namelist()
    return [n for n in names if not n.endswith("/") and not n.startswith("__MACOSX/")
            and not PurePosixPath(n).name.startswith(".")]


def _zip_member(src: Path, problems: list[Problem]) -> str | None:
    """The boundary file inside a zip (shapefile, GeoPackage or GeoJSON, in any folder).

    One candidate is taken; among several, the one named ``batas``/``desa`` (or the only
    GeoPackage); otherwise an error lists them.
    """
    try:
        names = _zip_names(src)
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(Problem(src.name, f"file zip rusak dan tidak dapat dibuka ({exc})",
                                hint="kompres ulang folder shapefile (.shp, .shx, .dbf, .prj) "
                                     "sebagai .zip, atau kirim batas.gpkg"))
        return None
    cands = [n for n in names if PurePosixPath(n).suffix.lower() in _ZIPPED_FORMATS]
    if len(cands) > 1:
        named = ("batas", *_DESA_LAYER_NAMES)
        preferred = [n for n in cands if PurePosixPath(n).stem.lower() in named]
        gpkg = [n for n in cands if n.lower().endswith(".gpkg")]
        cands = preferred if len(preferred) == 1 else gpkg if len(gpkg) == 1 else cands
    if len(cands) == 1:
        return cands[0]
    if cands:
        problems.append(Problem(src.name, f"zip berisi beberapa file batas ({', '.join(cands)}); "
                                "tidak jelas mana batas desa",
                                hint="sisakan satu file batas desa di dalam zip, atau beri nama "
                                     "batas.shp/batas.gpkg"))
    else:
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "") or "(kosong)"
        problems.append(Problem(src.name, "zip tidak berisi file batas (.shp, .gpkg atau "
                                f".geojson); isinya: {shown}",
                                hint="kompres folder shapefile batas desa (.shp, .shx, .dbf, "
                                     ".prj) sebagai batas.zip"))
    return None


def _shapefile_parts(src: Path, problems: list[Problem], member: PurePosixPath | None = None,
                     names: list[str] | None = None) -> bool:
    """Check the parts of a shapefile on disk, or of ``member`` among a zip's ``names``."""
    stem = src.stem if member is None else member.stem
    where = "" if member is None else f" di dalam {src.name}"
    lower = {n.lower() for n in names or []}

    def present(ext: str) -> bool:
        if member is None:
            return _sibling(src, ext) is not None
        return str(member.with_suffix(ext)).lower() in lower

    ok = True
    for ext, what in ((".shx", "indeks geometri"), (".dbf", "tabel atribut")):
        if not present(ext):
            problems.append(Problem(src.name, f"file {stem}{ext} ({what}) tidak ada{where}",
                                    hint="salin semua file shapefile bersama-sama (.shp, .shx, "
                                         ".dbf, .prj, .cpg), atau kirim sebagai GeoPackage"))
            ok = False
    if not present(".prj"):
        problems.append(Problem(
            src.name, f"file {stem}.prj tidak ada{where}: sistem koordinat (CRS) tidak "
                      "diketahui",
            hint=f"salin file .prj dari sumber data dengan nama {stem}.prj; atau di QGIS: "
                 "klik kanan layer > Layer CRS > Set Layer CRS (EPSG:4326 bila koordinat dalam "
                 "derajat, EPSG:327xx UTM bila dalam meter), lalu Export > Save Features As "
                 "GeoPackage (batas.gpkg)"))
        ok = False
    return ok


def _sibling(src: Path, ext: str) -> Path | None:
    for cand in (src.with_suffix(ext), src.with_suffix(ext.upper())):
        if cand.is_file():
            return cand
    return None


def _choose_layer(src: Path, layers: list[tuple[str, str]], wanted: str | None,
                  problems: list[Problem], gdal: str | Path | None = None) -> str | None:
    fname = src.name
    names = [n for n, _ in layers]
    if not names:
        problems.append(Problem(fname, "file batas tidak berisi layer apa pun",
                                hint="ekspor ulang batas desa dari QGIS"))
        return None
    if wanted:
        if wanted in names:
            return wanted
        problems.append(Problem(fname, f"layer '{wanted}' tidak ada",
                                hint=f"layer yang ada: {', '.join(names)}"))
        return None
    lower = {n.lower(): n for n in names}
    for cand in _DESA_LAYER_NAMES:
        if cand in lower:
            return lower[cand]
    if len(names) == 1:
        return names[0]
    poly = [n for n, g in layers if any(t in g for t in ("Polygon", "Unknown"))]
    coded = []
    for n in poly:
        try:
            cols = [c.lower() for c in pyogrio.read_info(gdal or src, layer=n)["fields"]]
        except Exception:  # unreadable layer: not a candidate
            continue
        if any(a in cols for a in COLUMN_ALIASES["kode_desa"] if a != "kode") or (
                "kode" in cols and any(a in cols for a in ("kode_kec", "nama_kec"))):
            coded.append(n)
    if len(coded) == 1:
        problems.append(Problem(fname, f"layer '{coded[0]}' dipakai sebagai layer desa",
                                sheet=coded[0], severity="warning",
                                hint="beri nama layer 'desa' agar pilihan ini pasti"))
        return coded[0]
    problems.append(Problem(
        fname, f"tidak jelas layer mana yang berisi batas desa (layer: {', '.join(names)})",
        hint="beri nama layer desa 'desa' (QGIS: Export > Save Features As, Layer name = desa), "
             "atau sebutkan layer-nya"))
    return None


def _read_layer(src: Path, layer: str, problems: list[Problem], gdal: str | Path | None = None,
                stem: str | None = None) -> gpd.GeoDataFrame | None:
    fname, gdal, stem = src.name, gdal or src, stem or src.stem
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = gpd.read_file(gdal, layer=layer)
    except UnicodeDecodeError:
        gdf = gpd.read_file(gdal, layer=layer, encoding="cp1252")
        problems.append(Problem(fname, "teks atribut bukan UTF-8; dibaca sebagai Windows-1252",
                                sheet=layer, severity="warning",
                                hint=f"tambahkan file {stem}.cpg berisi 'CP1252' (atau "
                                     "simpan ulang sebagai GeoPackage)"))
    except Exception as exc:  # pyogrio raises several types for broken files
        problems.append(Problem(fname, f"layer tidak dapat dibaca ({exc})", sheet=layer,
                                hint="buka di QGIS untuk memeriksa; simpan ulang sebagai "
                                     "GeoPackage"))
        return None
    fixed = 0
    for col in gdf.columns:
        if col == gdf.geometry.name or not (gdf[col].dtype == object
                                            or pd.api.types.is_string_dtype(gdf[col])):
            continue
        bad = gdf[col].map(lambda v: isinstance(v, str) and bool(_MOJIBAKE.search(v)))
        if bad.any():
            gdf.loc[bad, col] = gdf.loc[bad, col].map(_unmojibake)
            fixed += int(bad.sum())
    if fixed:
        problems.append(Problem(
            fname, f"{fixed} teks atribut terbaca dengan pengodean yang salah (mis. 'Ã©'); "
                   "diperbaiki sebagai UTF-8", sheet=layer, severity="warning",
            hint=f"tambahkan file {stem}.cpg berisi 'UTF-8' di samping file .shp"))
    return gdf


def _unmojibake(text: str) -> str:
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            return text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text


def _rename(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    lower = {c.lower(): c for c in gdf.columns if c != gdf.geometry.name}
    rename: dict[str, str] = {}
    for target, aliases in COLUMN_ALIASES.items():
        if target in gdf.columns:
            continue
        for alias in aliases:
            src = lower.get(alias)
            if src is not None and src not in rename:
                rename[src] = target
                break
    return gdf.rename(columns=rename)


def _bps_clash(desa: gpd.GeoDataFrame, typed: str, kode_kab: str) -> str | None:
    """Message when a dot-less kabupaten code is also another kabupaten's BPS code."""
    if "." in typed or not typed.isdigit() or "kode_bps_kab" not in desa:
        return None
    bps = desa.dropna(subset=["kode_bps_kab"]).drop_duplicates("kode_bps_kab")
    hit = bps[bps["kode_bps_kab"].astype(str) == typed]
    if hit.empty:
        return None
    other = str(hit["kode_desa"].iloc[0])[:5]
    if other == kode_kab:
        return None
    name = hit["nama_kab"].iloc[0] if "nama_kab" in hit else None
    what = f"{name} (Kemendagri {other})" if isinstance(name, str) and name else \
        f"Kemendagri {other}"
    return (f"kode {typed} ambigu: sebagai kode Kemendagri berarti {kode_kab}, tetapi {typed} "
            f"juga kode BPS untuk {what}; kode BPS ≠ kode Kemendagri")


def _no_kabupaten(fname: str, layer: str, desa: gpd.GeoDataFrame, kode_kab: str) -> Problem:
    codes = sorted({str(k)[:5] for k in desa["kode_desa"].dropna()})
    shown = ", ".join(codes[:20]) + (" …" if len(codes) > 20 else "")
    hint = f"kode kabupaten yang ada di file ini: {shown}"
    digits = kode_kab.replace(".", "")
    if "kode_bps_kab" in desa:
        bps = desa.drop_duplicates("kode_bps_kab")
        hit = bps[bps["kode_bps_kab"].astype(str) == digits]
        if len(hit):
            hint += (f"; {digits} adalah kode BPS untuk Kemendagri "
                     f"{str(hit['kode_desa'].iloc[0])[:5]} — pakai kode Kemendagri bertitik")
    return Problem(fname, f"tidak ada desa dengan kode kabupaten {kode_kab}", sheet=layer,
                   column="kode_desa", hint=hint)


def _context_layers(src: Path, layers: list[tuple[str, str]], chosen: str,
                    kode_kab: str | None, gdal: str | Path | None = None) -> dict:
    context: dict[str, gpd.GeoDataFrame] = {}
    lower = {n.lower(): n for n, _ in layers if n != chosen}
    for role, names in _LAYER_ROLES.items():
        for name in names:
            if name in lower:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    context[role] = gpd.read_file(gdal or src, layer=lower[name])
                break
    folder = src.parent
    for role, fname in (("kecamatan", "kecamatan.geojson"), ("kabupaten", "kabupaten.geojson")):
        if role not in context and (folder / fname).is_file() and src.name != fname:
            context[role] = gpd.read_file(folder / fname)
    for role, level in (("kecamatan", "kec"), ("kabupaten", "kab"),
                        ("konteks_kabupaten", "kab")):
        if role in context:
            context[role] = _recode(context[role], level)
    if "kabupaten" in context and "konteks_kabupaten" not in context and kode_kab:
        context["konteks_kabupaten"] = context["kabupaten"]
    if kode_kab:
        kode_kab = normalise_kode(kode_kab)
        if "kecamatan" in context:
            kec = context["kecamatan"]
            context["kecamatan"] = kec[kec["kode_kec"].astype(str).str.startswith(kode_kab + ".")]
        if "kabupaten" in context:
            kab = context["kabupaten"]
            context["kabupaten"] = kab[kab["kode_kab"] == kode_kab]
    for role in ("kecamatan", "kabupaten"):
        if role in context and context[role].empty:
            del context[role]
    konteks = folder / "konteks"
    for role in ("sungai", "garis_pantai"):
        if role not in context and konteks.is_dir():
            found = sorted(konteks.glob(f"{role}*.geojson"))
            if found:
                layer = gpd.read_file(found[0])
                context[role] = layer[[c for c in ("gshhg_level", "geometry") if c in layer]]
    return context


_RECODE = {
    "kec": (("kode", "kode_kec", "kdcpum", "kd_kec"), ("nama", "nama_kec", "wadmkc", "kecamatan")),
    "kab": (("kode", "kode_kab", "kdpkab", "kd_kab"), ("nama", "nama_kab", "wadmkk", "kabupaten")),
}


def _recode(gdf: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """Keep ``kode_<level>``, ``nama_<level>`` and geometry, whatever the source calls them."""
    lower = {c.lower(): c for c in gdf.columns if c != gdf.geometry.name}
    kode_names, nama_names = _RECODE[level]
    kode = next((gdf[lower[n]] for n in kode_names if n in lower), None)
    nama = next((gdf[lower[n]] for n in nama_names if n in lower), None)
    empty = pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
    kode = empty if kode is None else kode.map(normalise_kode)
    nama = empty if nama is None else nama
    return gpd.GeoDataFrame({f"kode_{level}": kode.to_numpy(), f"nama_{level}": nama.to_numpy()},
                            geometry=gdf.geometry.to_numpy(), crs=gdf.crs)


def _names(desa: gpd.GeoDataFrame, context: dict, kode_kab: str | None) -> dict:
    info: dict = {}
    if "nama_kab" in desa and desa["nama_kab"].notna().any():
        info["nama_kabupaten"] = str(desa["nama_kab"].dropna().iloc[0])
    elif "kabupaten" in context and len(context["kabupaten"]) == 1:
        name = context["kabupaten"]["nama_kab"].iloc[0]
        if isinstance(name, str) and name:
            info["nama_kabupaten"] = name
    return info


def read_province_name(src: str | Path) -> str | None:
    """``Provinsi <nama>`` from a ``provinsi.geojson`` beside ``src`` (cahyadsn layout)."""
    prov = Path(src).parent / "provinsi.geojson"
    if not prov.is_file():
        return None
    p = gpd.read_file(prov)
    if "nama" in p and len(p):
        return f"Provinsi {p['nama'].iloc[0]}"
    return None


def read_crosswalk(path: str | Path) -> pd.DataFrame:
    """Read a BPS↔Kemendagri crosswalk CSV (``kode_bps``, ``kode_kemendagri``, ``level``).

    Raises
    ------
    InputError
        When the file is missing or lacks the two code columns.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), "file crosswalk kode BPS–Kemendagri tidak ditemukan",
                                  hint="periksa nama file")])
    df = pd.read_csv(path, dtype=str)
    missing = [c for c in ("kode_bps", "kode_kemendagri") if c not in df]
    if missing:
        raise InputError([Problem(path.name, "kolom wajib tidak ada", column=c,
                                  hint="crosswalk perlu kolom kode_bps dan kode_kemendagri")
                          for c in missing])
    return df
