"""Reading an input package folder: boundaries, instrumen workbook, EHRA records, method."""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import yaml

from .._errors import InputError, MethodError, Problem
from ..method import check_method, merge_method
from ..package import InputPackage
from ..schema import EHRA_ID_COLUMNS, FORM1_KEYS, SHEETS, normalise_kode, parse_number

BOUNDARY_NAMES = ("batas.gpkg", "batas.geojson", "batas.shp")
EHRA_NAMES = ("ehra.csv", "ehra.xlsx", "ehra.sav")
KODE_COLUMNS = ("kode_desa", "kode_kec")


def read_default_method() -> dict:
    """The default method shipped with the package (``data/metode_default.yaml``)."""
    text = resources.files("ppsp_analysis").joinpath("data/metode_default.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def find_packages(root: str | Path) -> list[Path]:
    """Every input package (a folder holding ``instrumen.xlsx``) under ``root``, sorted."""
    root = Path(root)
    if (root / "instrumen.xlsx").is_file():
        return [root]
    return sorted(p.parent for p in root.rglob("instrumen.xlsx") if not p.name.startswith("~$"))


def read_package(path: str | Path) -> tuple[InputPackage | None, list[Problem]]:
    """Read an input package leniently and collect every structural problem.

    Parameters
    ----------
    path : str or Path
        The package folder.

    Returns
    -------
    package : InputPackage or None
        None when a part needed to build it (boundaries, workbook) cannot be read at all.
    problems : list of Problem
        Missing files, sheets and columns, unreadable cells, missing CRS, bad method.
    """
    path = Path(path)
    problems: list[Problem] = []
    if not path.is_dir():
        return None, [Problem(str(path), "folder paket masukan tidak ditemukan")]
    files: dict[str, str] = {}

    desa, context = _read_boundaries(path, files, problems)
    form1, sheets = _read_workbook(path, files, problems)
    ehra = _read_ehra(path, files, problems)
    method = _read_method(path, files, problems)
    if desa is None or sheets is None:
        return None, problems
    pkg = InputPackage(path=path, files=files, desa=desa, context=context, form1=form1,
                       sheets=sheets, ehra=ehra, method=method or read_default_method())
    return pkg, problems


def load_package(path: str | Path) -> InputPackage:
    """Read and validate a package; raise :class:`InputError` listing every problem."""
    from ..validation import validate_package

    pkg, problems = read_package(path)
    if pkg is not None:
        problems += validate_package(pkg)
    if any(p.severity == "error" for p in problems) or pkg is None:
        raise InputError(problems)
    return pkg


# --- boundaries -------------------------------------------------------------------------------

def _first_existing(path: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        if (path / name).is_file():
            return path / name
    return None


def _read_boundaries(path: Path, files: dict, problems: list[Problem]):
    src = _first_existing(path, BOUNDARY_NAMES)
    if src is None:
        problems.append(Problem("batas.gpkg", "file batas wilayah tidak ditemukan",
                                hint=f"letakkan salah satu dari {', '.join(BOUNDARY_NAMES)}"))
        return None, {}
    files["batas"] = src.name
    try:
        layers = [name for name, _ in pyogrio.list_layers(src)]
    except Exception as exc:  # pyogrio raises several DataSourceError types
        problems.append(Problem(src.name, f"file batas tidak dapat dibaca ({exc})"))
        return None, {}
    desa_layer = "desa" if "desa" in layers else layers[0]
    desa = gpd.read_file(src, layer=desa_layer)
    if desa.crs is None:
        problems.append(Problem(
            src.name, "sistem koordinat (CRS) tidak diketahui", sheet=desa_layer,
            hint="simpan ulang dengan CRS (mis. EPSG:4326 di QGIS: Layer > Set CRS), atau "
                 "lengkapi file .prj untuk shapefile"))
    missing = [c for c in ("kode_desa", "nama_desa", "kode_kec", "nama_kec") if c not in desa]
    for col in missing:
        problems.append(Problem(src.name, "kolom wajib tidak ada", sheet=desa_layer, column=col))
    if missing:
        return None, {}
    for col in KODE_COLUMNS:
        desa[col] = desa[col].map(normalise_kode)
    desa["_baris"] = np.arange(1, len(desa) + 1)
    context = {}
    for name in ("kecamatan", "kabupaten", "konteks_kabupaten", "sungai"):
        if name in layers:
            context[name] = gpd.read_file(src, layer=name)
    return desa, context


# --- workbook ---------------------------------------------------------------------------------

def _read_workbook(path: Path, files: dict, problems: list[Problem]):
    src = path / "instrumen.xlsx"
    if not src.is_file():
        problems.append(Problem("instrumen.xlsx", "file instrumen tidak ditemukan",
                                hint="buat dengan: ppsp template BATAS --kabupaten KODE"))
        return {}, None
    files["instrumen"] = src.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = pd.read_excel(src, sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for corrupt files
        problems.append(Problem(src.name, f"file Excel tidak dapat dibaca ({exc})"))
        return {}, None
    by_lower = {name.strip().lower(): df for name, df in raw.items()}
    sheets: dict[str, pd.DataFrame] = {}
    for spec in SHEETS.values():
        df = by_lower.get(spec.name.lower())
        if df is None:
            if spec.required:
                problems.append(Problem(src.name, "sheet wajib tidak ada", sheet=spec.name))
            sheets[spec.name] = pd.DataFrame(columns=[*spec.columns, "_baris"])
            continue
        sheets[spec.name] = _clean_sheet(df, spec, src.name, problems)
    form1 = _form1(sheets["Form1"], src.name, problems)
    return form1, sheets


def _clean_sheet(df: pd.DataFrame, spec, fname: str, problems: list[Problem]) -> pd.DataFrame:
    df = df.copy()
    df.columns = [str(c).strip().lower() for c in df.columns]
    df["_baris"] = np.arange(2, len(df) + 2)
    df = df.dropna(how="all", subset=[c for c in df.columns if c != "_baris"])
    for col in spec.columns:
        if col not in df.columns:
            problems.append(Problem(fname, "kolom wajib tidak ada", sheet=spec.name, column=col))
            df[col] = np.nan
    for col in spec.numeric:
        df[col] = _numeric_column(df, col, spec.name, fname, problems)
    for col in KODE_COLUMNS:
        if col in df.columns:
            df[col] = df[col].map(normalise_kode)
    for col in df.columns:
        if df[col].dtype == object and col not in spec.numeric:
            df[col] = df[col].map(lambda v: v.strip() if isinstance(v, str) else v)
    return df.reset_index(drop=True)


def _numeric_column(df, col, sheet, fname, problems) -> pd.Series:
    values = []
    for value, row in zip(df[col], df["_baris"], strict=False):
        try:
            values.append(parse_number(value))
        except ValueError:
            problems.append(Problem(fname, f"nilai '{value}' bukan angka", sheet=sheet,
                                    row=int(row), column=col,
                                    hint="isi dengan angka, mis. 12,5 atau 1.234"))
            values.append(np.nan)
    return pd.Series(values, index=df.index, dtype=float)


def _form1(df: pd.DataFrame, fname: str, problems: list[Problem]) -> dict:
    form1 = {}
    for _, r in df.iterrows():
        key = str(r.get("parameter", "")).strip().lower()
        if key and key != "nan":
            value = r.get("nilai")
            form1[key] = value.strip() if isinstance(value, str) else value
    if not df.empty or "parameter" in df:
        for key in FORM1_KEYS:
            if form1.get(key) in (None, "") or (isinstance(form1.get(key), float)
                                                and np.isnan(form1[key])):
                problems.append(Problem(fname, f"parameter '{key}' belum diisi", sheet="Form1",
                                        column="nilai"))
    if "kode_kabupaten" in form1:
        form1["kode_kabupaten"] = normalise_kode(form1["kode_kabupaten"])
    if form1.get("tahun") not in (None, ""):
        try:
            form1["tahun"] = int(parse_number(form1["tahun"]))
        except ValueError:
            problems.append(Problem(fname, f"tahun '{form1['tahun']}' bukan angka", sheet="Form1",
                                    column="nilai"))
    return form1


# --- EHRA -------------------------------------------------------------------------------------

def _read_ehra(path: Path, files: dict, problems: list[Problem]) -> pd.DataFrame | None:
    src = _first_existing(path, EHRA_NAMES)
    if src is None:
        problems.append(Problem("ehra.csv", "data rumah tangga EHRA tidak ditemukan",
                                hint=f"letakkan salah satu dari {', '.join(EHRA_NAMES)}",
                                severity="warning"))
        return None
    files["ehra"] = src.name
    try:
        if src.suffix == ".csv":
            df = _read_csv_any(src)
        elif src.suffix == ".xlsx":
            df = pd.read_excel(src, dtype=object, engine="openpyxl")
        else:
            import pyreadstat

            df, _ = pyreadstat.read_sav(str(src), apply_value_formats=False)
    except Exception as exc:  # parsers raise many types for corrupt files
        problems.append(Problem(src.name, f"file EHRA tidak dapat dibaca ({exc})"))
        return None
    df.columns = [str(c).strip().lower() for c in df.columns]
    df["_baris"] = np.arange(2, len(df) + 2)
    for col in EHRA_ID_COLUMNS:
        if col not in df.columns:
            problems.append(Problem(src.name, "kolom wajib tidak ada", column=col))
    if "kode_desa" in df:
        df["kode_desa"] = df["kode_desa"].map(normalise_kode)
    return df


def _read_csv_any(src: Path) -> pd.DataFrame:
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    from io import StringIO

    return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=True)


# --- method -----------------------------------------------------------------------------------

def _read_method(path: Path, files: dict, problems: list[Problem]) -> dict | None:
    src = path / "metode.yaml"
    if not src.is_file():
        return None
    files["metode"] = src.name
    try:
        user = yaml.safe_load(src.read_text("utf-8")) or {}
        if not isinstance(user, dict):
            raise MethodError("isi metode.yaml harus berupa pasangan opsi: nilai")
        return check_method(merge_method(read_default_method(), user))
    except yaml.YAMLError as exc:
        problems.append(Problem(src.name, f"YAML tidak valid: {exc}"))
    except MethodError as exc:
        problems.append(Problem(src.name, str(exc)))
    return None
