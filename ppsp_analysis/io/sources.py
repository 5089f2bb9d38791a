"""Reading boundary sources that are not input packages (e.g. a province's desa GeoJSON)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from ..schema import normalise_kode
from .boundaries import read_boundaries_or_raise, read_province_name

#: Rivers and coastline kept around a kabupaten: this fraction of its longer side on every
#: side (a map frame of another shape than the kabupaten shows that much beside it).
LINE_MARGIN = 0.75


def read_desa_source(path: str | Path, kode_kab: str,
                     layer: str | None = None) -> tuple[gpd.GeoDataFrame, dict, dict]:
    """Desa of one kabupaten from a boundary file, plus context layers beside it.

    Understands the Kemendagri-coded layout of cahyadsn/wilayah_boundaries (``kode``,
    ``nama``, ``kode_kec``, ``nama_kec``, ``kode_kab``, ``nama_kab``), the package layout
    (``kode_desa`` …), BIG's ``KDEPUM``/``WADMKD``/``WADMKC`` and the GeoPackage written by
    ``ppsp wilayah unduh``. Sibling files ``kecamatan.geojson``, ``kabupaten.geojson``,
    ``provinsi.geojson`` and ``konteks/sungai*.geojson``, ``konteks/garis_pantai*.geojson``
    are used when present; kecamatan and kabupaten outlines are dissolved when missing.

    Parameters
    ----------
    path : path
        The boundary file.
    kode_kab : str
        Kemendagri kabupaten code (``62.10`` or ``6210``).
    layer : str, optional
        The desa layer of a GeoPackage.

    Returns
    -------
    desa : GeoDataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``, geometry.
    context : dict
        ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``, ``garis_pantai``.
    info : dict
        ``nama_kabupaten``, ``nama_provinsi``.

    Raises
    ------
    InputError
        Unreadable file, missing columns, no desa of that kabupaten, no CRS, not in Indonesia.
    """
    path = Path(path)
    desa, context, info, _warnings = read_boundaries_or_raise(path, str(kode_kab), layer)
    kode_kab = normalise_kode(kode_kab)
    info.setdefault("nama_kabupaten", kode_kab)
    info["nama_provinsi"] = read_province_name(path) or info.get("nama_provinsi") or (
        f"Provinsi {kode_kab[:2]}")
    folder = path.parent
    attribution = _attribution(folder)
    if attribution:
        info["sumber_batas"] = attribution
    found = sorted((folder / "konteks").glob("garis_pantai*.geojson"))
    if found and "garis_pantai" not in context:
        coast = gpd.read_file(found[0])
        context["garis_pantai"] = coast[[c for c in ("gshhg_level", "geometry") if c in coast]]
    for name in ("sungai", "garis_pantai"):
        lines = context.get(name)
        if lines is not None and len(lines) and lines.crs is not None:
            # lines near the kabupaten, as far as a landscape A3 frame reaches beside it
            bbox = desa.to_crs(lines.crs).total_bounds
            m = LINE_MARGIN * max(bbox[2] - bbox[0], bbox[3] - bbox[1], 0.3)
            near = lines.cx[bbox[0] - m:bbox[2] + m, bbox[1] - m:bbox[3] + m]
            context[name] = near[[c for c in ("gshhg_level", "geometry") if c in near]]
    if "konteks_kabupaten" in context:
        context["konteks_kabupaten"] = context["konteks_kabupaten"].reset_index(drop=True)
    cols = ["kode_desa", "nama_desa", "kode_kec", "nama_kec", "geometry"]
    return desa[cols].reset_index(drop=True), context, info


def _attribution(folder: Path) -> str | None:
    """Attribution of a boundary source: ``SUMBER_BATAS.txt`` (written by ``ppsp wilayah
    unduh``) or the "Attribution text to show on maps" section of a ``SOURCE.md``."""
    txt = folder / "SUMBER_BATAS.txt"
    if txt.is_file():
        return " ".join(txt.read_text(encoding="utf-8").split()) or None
    source = folder / "SOURCE.md"
    marker = "## Attribution text to show on maps"
    if not source.is_file() or marker not in (text := source.read_text(encoding="utf-8")):
        return None
    body = text.split(marker, 1)[1].strip().split("\n\n")[0]
    return " ".join(body.split()).strip('"') or None


#: Columns of a per-kabupaten statistics table (``ppsp demo-data --statistik``).
STATISTICS_COLUMNS = ("kode", "penduduk_total")
STATISTICS_OPTIONAL = ("nama", "jumlah_kecamatan", "jumlah_kelurahan", "jumlah_desa")


def read_kabupaten_statistics(path: str | Path, kode_kab: str) -> dict:
    """One kabupaten's official figures from a CSV with one row per kabupaten.

    The layout of ``statistik/kabupaten_kepmendagri2025.csv`` (Kepmendagri 2025 annex):
    ``kode`` (Kemendagri, ``62.10``), ``penduduk_total`` and optionally ``nama``,
    ``jumlah_kecamatan``, ``jumlah_kelurahan``, ``jumlah_desa``.

    Returns
    -------
    dict
        ``penduduk_total`` and the optional columns present (whole numbers), ``sumber``
        (the file and row, for Form 1's data sources).

    Raises
    ------
    PPSPError
        Unreadable file, a missing column, no row for ``kode_kab``, a value that is not a
        whole number; the message names the file, row and column.
    """
    import pandas as pd

    from .._errors import PPSPError

    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise PPSPError(f"{path}: tabel statistik tidak bisa dibaca ({exc}); harus CSV "
                        "berkolom kode, penduduk_total") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in STATISTICS_COLUMNS if c not in table.columns]
    if missing:
        raise PPSPError(f"{path}: kolom {', '.join(missing)} tidak ada (kolom yang ada: "
                        f"{', '.join(table.columns)})")
    kode = normalise_kode(kode_kab)
    codes = table["kode"].map(lambda v: normalise_kode(v) if isinstance(v, str) else v)
    rows = table.index[codes == kode]
    if not len(rows):
        raise PPSPError(f"{path}, kolom kode: tidak ada baris untuk kabupaten {kode} (kode "
                        "Kemendagri, mis. 62.10)")
    i = rows[0]
    out: dict = {}
    for col in (*STATISTICS_COLUMNS[1:], *STATISTICS_OPTIONAL):
        if col not in table.columns or pd.isna(table.at[i, col]):
            continue
        raw = str(table.at[i, col]).strip()
        if col == "nama":
            out[col] = raw
            continue
        try:
            value = float(raw)
            if value != int(value) or value < 0:
                raise ValueError(raw)
        except ValueError:
            raise PPSPError(f"{path}, baris {i + 2}, kolom {col}: '{raw}' bukan bilangan "
                            "bulat") from None
        out[col] = int(value)
    out["sumber"] = f"{path.name} (baris {i + 2}, kode {kode})"
    return out
