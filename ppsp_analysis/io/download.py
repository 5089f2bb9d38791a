"""``ppsp wilayah unduh``: official boundaries of a province or kabupaten from the internet.

Source: **cahyadsn/wilayah_boundaries** (MIT, Copyright (c) 2024 Cahya DSN), boundaries of
Indonesian administrative units with Kepmendagri 300.2.2-2138/2025 codes, stored as MySQL
``INSERT`` statements::

    INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES
        ('62.10.01.1001','Sepang Simin',-1.48,113.83,'[[[-1.457,113.912],[…]]]'),
        …;

where ``path`` is a JSON polygon (``[[[lat, lng], …]]``) or multipolygon (one more level)
with coordinates in **[lat, lng]** order (swapped here to x = longitude, y = latitude).
Files: ``db/kab/wilayah_boundaries_kab_PP.sql``, ``db/kec/wilayah_boundaries_kec_PP.sql``
and ``db/kel/PP/wilayah_boundaries_kel_PP.KK.sql``.

The base URL is configurable (``PPSP_WILAYAH_URL``, default the public raw GitHub URL), every
file is cached (``PPSP_CACHE_DIR``, default ``~/.cache/ppsp-analysis/wilayah``) so a second
run needs no network, and without network the command fails at the first request with a
message that says what to do. The GeoPackage is written atomically: nothing on failure.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from shapely.geometry import MultiPolygon, Polygon

from .._errors import PPSPError
from ..schema import normalise_kode

DEFAULT_URL = "https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/main"
ENV_URL = "PPSP_WILAYAH_URL"
ENV_CACHE = "PPSP_CACHE_DIR"
TIMEOUT_S = 20.0
ATTRIBUTION = ("Batas administrasi: cahyadsn/wilayah_boundaries (MIT, Copyright (c) 2024 Cahya "
               "DSN), kode wilayah Kepmendagri 300.2.2-2138/2025. Batas desa bersifat indikatif, "
               "bukan batas hukum.")


class DownloadError(PPSPError):
    """The boundaries could not be fetched (no network, not found, unreadable)."""


@dataclass
class SqlRecord:
    """One row of a wilayah_boundaries ``INSERT``."""

    kode: str
    nama: str
    lat: float | None
    lng: float | None
    path: str


def base_url(url: str | None = None) -> str:
    """The source URL: argument, else ``$PPSP_WILAYAH_URL``, else :data:`DEFAULT_URL`."""
    return (url or os.environ.get(ENV_URL) or DEFAULT_URL).rstrip("/")


def cache_root(cache: str | Path | None = None) -> Path:
    """The cache folder: argument, else ``$PPSP_CACHE_DIR``, else ``~/.cache/ppsp-analysis``."""
    if cache:
        return Path(cache)
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env) / "wilayah"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ppsp-analysis" / "wilayah"


def source_files(kode_prov: str, kabupaten: list[str]) -> list[str]:
    """Relative paths of the SQL files for a province and some of its kabupaten.

    Examples
    --------
    >>> source_files("62", ["62.10"])
    ['db/kab/wilayah_boundaries_kab_62.sql', 'db/kec/wilayah_boundaries_kec_62.sql', \
'db/kel/62/wilayah_boundaries_kel_62.10.sql']
    """
    return [f"db/kab/wilayah_boundaries_kab_{kode_prov}.sql",
            f"db/kec/wilayah_boundaries_kec_{kode_prov}.sql",
            *[f"db/kel/{kode_prov}/wilayah_boundaries_kel_{k}.sql" for k in kabupaten]]


# --- parsing (pure) ---------------------------------------------------------------------------

_INSERT = re.compile(r"INSERT\s+INTO\s+[`\"]?\w+[`\"]?\s*\(([^)]*)\)\s*VALUES", re.IGNORECASE)


def parse_boundary_sql(text: str) -> list[SqlRecord]:
    """Parse the ``INSERT … VALUES (…), (…);`` statements of a wilayah_boundaries file.

    Quotes inside names may be escaped as ``''`` or ``\\'``.

    Examples
    --------
    >>> sql = "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\\n" \\
    ...       "('62.10','Gunung Ma''s',-1.1,113.5,'[[[-1,113],[-1,114],[-2,114],[-1,113]]]');"
    >>> r = parse_boundary_sql(sql)[0]; (r.kode, r.nama, r.lat)
    ('62.10', "Gunung Ma's", -1.1)
    """
    out: list[SqlRecord] = []
    for match in _INSERT.finditer(text):
        names = [c.strip().strip("`\"").lower() for c in match.group(1).split(",")]
        i = match.end()
        n = len(text)
        while i < n:
            while i < n and text[i] in " \t\r\n,":
                i += 1
            if i >= n or text[i] != "(":
                break
            fields, i = _tuple(text, i + 1)
            rec = dict(zip(names, fields, strict=False))
            if "kode" in rec and "path" in rec:
                out.append(SqlRecord(str(rec["kode"]).strip(), str(rec.get("nama") or "").strip(),
                                     _float(rec.get("lat")), _float(rec.get("lng")),
                                     str(rec["path"] or "")))
    return out


def _tuple(text: str, i: int) -> tuple[list, int]:
    fields: list = []
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == "'":
            value, i = _quoted(text, i + 1)
            fields.append(value)
        else:
            j = i
            while j < n and text[j] not in ",)":
                j += 1
            token = text[i:j].strip()
            fields.append(None if token.upper() == "NULL" else token)
            i = j
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == ")":
            return fields, i + 1
    raise ValueError("pernyataan SQL terpotong (tanda kurung tidak ditutup)")


def _quoted(text: str, i: int) -> tuple[str, int]:
    buf = []
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "'":
            if i + 1 < n and text[i + 1] == "'":
                buf.append("'")
                i += 2
                continue
            return "".join(buf), i + 1
        buf.append(ch)
        i += 1
    raise ValueError("pernyataan SQL terpotong (tanda kutip tidak ditutup)")


def _float(v: object) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def path_to_geometry(path: str) -> Polygon | MultiPolygon | None:
    """Geometry of a ``path`` JSON in ``[lat, lng]`` order (x = longitude after the swap).

    The order is checked on the data: a first value beyond ±90 means the file is already
    ``[lng, lat]`` and nothing is swapped.

    Examples
    --------
    >>> g = path_to_geometry("[[[-1,113],[-1,114],[-2,114],[-1,113]]]")
    >>> g.geom_type, g.bounds
    ('Polygon', (113.0, -2.0, 114.0, -1.0))
    """
    try:
        data = json.loads(path)
    except (json.JSONDecodeError, TypeError):
        return None
    depth, probe = 0, data
    while isinstance(probe, list) and probe:
        depth += 1
        probe = probe[0]
    if depth == 2:
        data, depth = [data], 3
    if depth == 3:
        polys = [data]
    elif depth == 4:
        polys = data
    else:
        return None
    first = polys[0][0][0]
    swap = abs(float(first[0])) <= 90 and abs(float(first[1])) > 90
    built = []
    for rings in polys:
        rings = [[(float(p[1]), float(p[0])) if swap else (float(p[0]), float(p[1]))
                  for p in ring] for ring in rings if len(ring) >= 3]
        if rings and len(rings[0]) >= 3:
            built.append(Polygon(rings[0], rings[1:]))
    if not built:
        return None
    return built[0] if len(built) == 1 else MultiPolygon(built)


def records_to_frame(records: list[SqlRecord], level: str) -> gpd.GeoDataFrame:
    """GeoDataFrame ``kode_<level>``, ``nama_<level>``, geometry (EPSG:4326) of SQL records."""
    rows = [(normalise_kode(r.kode), r.nama, path_to_geometry(r.path)) for r in records]
    rows = [r for r in rows if r[2] is not None]
    return gpd.GeoDataFrame({f"kode_{level}": [r[0] for r in rows],
                             f"nama_{level}": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs="EPSG:4326")


# --- fetching ---------------------------------------------------------------------------------

def fetch(rel: str, url: str, cache: Path, refresh: bool = False,
          timeout: float = TIMEOUT_S) -> str:
    """Text of ``url/rel``, from the cache when present (written there after a download).

    Raises
    ------
    DownloadError
        No network (fails at once, no retries), HTTP error (404 = not in the source).
    """
    target = cache / _slug(url) / rel
    if target.is_file() and not refresh:
        return target.read_text("utf-8")
    full = f"{url}/{rel}"
    req = urllib.request.Request(full, headers={"User-Agent": "ppsp-analysis"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise FileNotFoundError(full) from None
        raise DownloadError(f"server menjawab HTTP {exc.code} untuk {full} — coba lagi nanti, "
                            f"atau atur {ENV_URL} ke sumber lain") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"tidak dapat mengunduh {full} ({reason}) — periksa koneksi internet/proxy; tanpa "
            f"internet pakai file batas yang sudah ada (ppsp template FILE_BATAS --kabupaten "
            f"KODE …), atau atur {ENV_URL} ke salinan lokal sumber") from None
    text = data.decode("utf-8", errors="replace")
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".unduh.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    return text


def _slug(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:12]


def download_wilayah(kode: str, out_dir: str | Path, url: str | None = None,
                     cache: str | Path | None = None, refresh: bool = False,
                     overwrite: bool = False, timeout: float = TIMEOUT_S,
                     log: Callable[[str], None] | None = None) -> Path:
    """Fetch a province's or kabupaten's boundaries and write ``OUT/batas.gpkg``.

    Parameters
    ----------
    kode : str
        Kemendagri code of a province (``62``) or kabupaten (``62.10``/``6210``).
    out_dir : path
        Output folder; receives ``batas.gpkg`` (layers ``desa``, ``kecamatan``,
        ``kabupaten``, ``konteks_kabupaten``) and ``SUMBER_BATAS.txt``.
    url : str, optional
        Base URL of the source (default ``$PPSP_WILAYAH_URL`` or the raw GitHub URL).
    cache : path, optional
        Cache folder.
    refresh : bool
        Download again even when cached.
    overwrite : bool
        Replace an existing ``batas.gpkg``.
    timeout : float
        Seconds per request.
    log : callable, optional
        Receives progress lines.

    Returns
    -------
    Path
        The GeoPackage written.

    Raises
    ------
    PPSPError
        Bad code, no network, code not in the source, target exists.
    """
    log = log or (lambda _m: None)
    code = normalise_kode(str(kode).strip())
    if not code or not re.fullmatch(r"\d{2}(\.\d{2})?", code):
        raise PPSPError(f"kode wilayah '{kode}' tidak dikenal — tulis kode Kemendagri provinsi "
                        "(mis. 62) atau kabupaten/kota (mis. 62.10)")
    out_dir = Path(out_dir)
    target = out_dir / "batas.gpkg"
    if target.exists() and not overwrite:
        raise PPSPError(f"{target} sudah ada — pilih folder lain, hapus file itu, atau tambahkan "
                        "--timpa")
    src, root = base_url(url), cache_root(cache)
    prov = code[:2]
    files = source_files(prov, [])
    log(f"sumber: {src}")
    try:
        kab_all = records_to_frame(parse_boundary_sql(fetch(files[0], src, root, refresh,
                                                            timeout)), "kab")
    except FileNotFoundError:
        raise PPSPError(f"provinsi {prov} tidak ada di sumber ({src}/{files[0]} tidak "
                        "ditemukan) — periksa kode provinsi Kemendagri") from None
    except ValueError as exc:
        raise PPSPError(f"{files[0]}: isi tidak dapat dibaca ({exc})") from None
    kab_codes = sorted(kab_all["kode_kab"].dropna())
    wanted = kab_codes if len(code) == 2 else [code]
    if code not in kab_codes and len(code) == 5:
        raise PPSPError(f"kabupaten/kota {code} tidak ada di sumber; kode di provinsi {prov}: "
                        f"{', '.join(kab_codes)}")
    try:
        kec = records_to_frame(parse_boundary_sql(fetch(files[1], src, root, refresh, timeout)),
                               "kec")
        parts = []
        for k in wanted:
            rel = source_files(prov, [k])[2]
            log(f"mengunduh desa {k} …")
            parts += parse_boundary_sql(fetch(rel, src, root, refresh, timeout))
    except FileNotFoundError as exc:
        raise PPSPError(f"berkas {exc} tidak ada di sumber — sumber mungkin belum lengkap untuk "
                        "wilayah ini") from None
    except ValueError as exc:
        raise PPSPError(f"berkas sumber tidak dapat dibaca ({exc})") from None
    desa = records_to_frame(parts, "desa")
    desa = desa[desa["kode_desa"].str.count(r"\.") == 3].reset_index(drop=True)
    if desa.empty:
        raise PPSPError(f"sumber tidak berisi desa untuk {code}")
    desa["kode_kec"] = desa["kode_desa"].str[:8]
    desa["kode_kab"] = desa["kode_desa"].str[:5]
    kec = kec[kec["kode_kec"].str[:5].isin(wanted)].reset_index(drop=True)
    desa = desa.merge(kec[["kode_kec", "nama_kec"]], on="kode_kec", how="left")
    desa = desa.merge(kab_all[["kode_kab", "nama_kab"]], on="kode_kab", how="left")
    desa = gpd.GeoDataFrame(desa[["kode_desa", "nama_desa", "kode_kec", "nama_kec", "kode_kab",
                                  "nama_kab", "geometry"]], geometry="geometry", crs="EPSG:4326")
    layers = {
        "desa": desa,
        "kecamatan": kec,
        "kabupaten": kab_all[kab_all["kode_kab"].isin(wanted)].reset_index(drop=True),
        "konteks_kabupaten": kab_all,
    }
    _write_layers(layers, target)
    note = out_dir / "SUMBER_BATAS.txt"
    with contextlib.suppress(OSError):
        note.write_text(
            f"{ATTRIBUTION}\nSumber: {src} (diunduh {_dt.date.today().isoformat()} oleh "
            f"ppsp-analysis)\nBerkas: {', '.join(source_files(prov, wanted))}\nLisensi MIT: "
            "https://github.com/cahyadsn/wilayah_boundaries/blob/main/LICENSE\n", "utf-8")
    invalid = int((~desa.geometry.is_valid).sum())
    log(f"ditulis: {target} ({len(desa)} desa, {len(kec)} kecamatan, "
        f"{len(layers['kabupaten'])} kabupaten/kota"
        + (f"; {invalid} geometri tidak valid akan diperbaiki saat dibaca" if invalid else "")
        + ")")
    return target


def _write_layers(layers: dict[str, gpd.GeoDataFrame], target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".gpkg")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise PPSPError(f"{target.parent}: folder tidak dapat ditulis ({exc.strerror})") from None
    try:
        for name, gdf in layers.items():
            gdf.to_file(tmp, layer=name, driver="GPKG")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
