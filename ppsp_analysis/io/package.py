"""Reading an input package folder: boundaries, instrumen workbook, EHRA records, method.

The parts are read by :mod:`.boundaries`, :mod:`.workbook` and :mod:`.ehra_formats`; this
module puts them together and resolves rows that carry a desa *name* but no code (matched
within the kecamatan, each match reported as a warning for a person to confirm).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import hashlib
import os
import pickle
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import yaml

from .._errors import InputError, MethodError, Problem, Problems
from ..ehra_mapping import apply_mapping, mapping_from_method
from ..matching import candidates_text, describe_match, match_desa_names, normalise_name
from ..method import check_method, merge_method
from ..package import InputPackage
from ..schema import SHEETS
from .boundaries import BOUNDARY_NAMES, find_boundary_file, read_boundaries, with_outlines
from .cells import is_blank
from .ehra_formats import (
    EHRA_NAMES,
    find_ehra_file,
    read_export,
    read_mapping_file,
    yaml_problem,
)
from .workbook import WORKBOOK_NAMES, find_workbook, read_workbook
from .writers import atomic_write

KODE_COLUMNS = ("kode_desa", "kode_kec")
_NAME_SHEETS = ("Form2", "Persepsi", "Akses", "Program", "Override", "LokusStunting")


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
        Missing files, sheets and columns, unreadable cells, missing CRS, bad method,
        and (as warnings) every desa found by name.
    """
    path = Path(path)
    problems: list[Problem] = []
    if not path.is_dir():
        what = "bukan folder" if path.exists() else "tidak ditemukan"
        return None, Problems([Problem(str(path), f"folder paket masukan {what}",
                                       hint="sebutkan folder yang berisi batas.gpkg dan "
                                            "instrumen.xlsx")])
    files: dict[str, str] = {}

    desa, context = _read_boundaries(path, files, problems)
    form1, sheets = _read_workbook(path, files, problems)
    method = _read_method(path, files, problems)
    ehra, pemetaan = _read_ehra(path, files, (method or read_default_method())["ehra"]
                                ["pemetaan"], problems)
    if desa is None or sheets is None:
        return None, Problems(problems)
    _resolve_sheet_names(sheets, desa, files.get("instrumen", "instrumen.xlsx"), problems)
    _contract_columns(sheets)
    if ehra is not None:
        found: list[Problem] = []
        _resolve_ehra_names(ehra, desa, files.get("ehra", "ehra.csv"), found)
        sheet = ehra.attrs.get("sheet")
        problems += [dataclasses.replace(p, sheet=sheet) if sheet and p.sheet is None else p
                     for p in found]
    method = method or read_default_method()
    if pemetaan is not method["ehra"]["pemetaan"]:
        method = dict(method)
        method["ehra"] = dict(method["ehra"], pemetaan=pemetaan)
    if desa.crs is not None and not any(p.severity == "error" and p.file == files.get("batas")
                                        for p in problems):
        context = with_outlines(desa, context, {"nama_kabupaten": form1.get("nama_kabupaten")})
    pkg = InputPackage(path=path, files=files, desa=desa, context=context, form1=form1,
                       sheets=sheets, ehra=ehra, method=method,
                       official_method=copy.deepcopy(method))
    return pkg, Problems(problems)


def load_package(path: str | Path) -> InputPackage:
    """Read and validate a package; raise :class:`InputError` listing every problem.

    The last valid package read by this process is kept with a digest of every file in its
    folder: asked again while none of them changed (the second
    report notebook of a ``ppsp run`` in the same warm kernel, a re-run in JupyterLab), a
    copy of it is returned instead of reading and validating the workbook again.
    """
    from ..validation import validate_package

    global _LAST_READ
    stamp = _folder_stamp(Path(path))
    if _LAST_READ is not None and _LAST_READ[0] == stamp:
        return copy.deepcopy(_LAST_READ[1])
    shared = _shared_package(stamp)
    if shared is not None:
        _LAST_READ = (stamp, shared)
        return copy.deepcopy(shared)
    pkg, problems = read_package(path)
    if pkg is not None:
        problems += validate_package(pkg)
    if any(p.severity == "error" for p in problems) or pkg is None:
        raise InputError(problems)
    _LAST_READ = (_folder_stamp(Path(path)), copy.deepcopy(pkg))
    if _LAST_READ[0] != stamp:  # changed while being read: not a state to reuse
        _LAST_READ = None
    return pkg


_LAST_READ: tuple[tuple[str, str], InputPackage] | None = None

SHARE_ENV = "PPSP_PAKET_BERSAMA"
"""Environment variable naming the folder in which ``ppsp run`` leaves the package it read
(:func:`share_last_read`) for the kernel that runs its notebooks."""
_SHARED_FILE = "paket.pickle"
_SHARED: dict[Path, tuple[str, str]] = {}  # folder → stamp of the package left there


def share_last_read(folder: Path) -> None:
    """Leave the package last read by :func:`load_package` in ``folder``, with the digest
    of the files it was read from, in place of the one left before. A process started with
    :data:`SHARE_ENV` naming that folder (the warm kernel of
    :mod:`ppsp_analysis.report.engine`, whose own temporary folder it is) takes it instead of
    reading the files again while the digest still matches them: the two report notebooks
    of a run do not each read and validate the workbook the runner has just read."""
    if _LAST_READ is None or _SHARED.get(Path(folder)) == _LAST_READ[0]:
        return
    with atomic_write(Path(folder) / _SHARED_FILE, "wb") as fh:
        pickle.dump(_LAST_READ, fh, protocol=pickle.HIGHEST_PROTOCOL)
    _SHARED[Path(folder)] = _LAST_READ[0]


def _shared_package(stamp: tuple[str, str]) -> InputPackage | None:
    folder = os.environ.get(SHARE_ENV)
    if not folder or not stamp[1]:
        return None
    try:
        with open(Path(folder) / _SHARED_FILE, "rb") as fh:
            shared_stamp, pkg = pickle.load(fh)  # written by this run's own process
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return pkg if shared_stamp == stamp else None


def _folder_stamp(path: Path) -> tuple[str, str]:
    """The folder and a digest of every file under it (names and contents: a few ms for a
    package, against a second or more to read and validate it)."""
    digest = hashlib.blake2b(digest_size=20)
    try:
        root = path.resolve()
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(folder, name)
                digest.update(os.path.relpath(full, root).encode("utf-8", "surrogateescape"))
                with open(full, "rb") as fh:
                    digest.update(hashlib.file_digest(fh, "blake2b").digest())
    except OSError:
        return ("", "")  # unreadable: never equal to the stamp of a package read
    return (str(root), digest.hexdigest())


# --- parts ------------------------------------------------------------------------------------

def _read_boundaries(path: Path, files: dict, problems: list[Problem]):
    src = find_boundary_file(path)
    if src is None:
        others = sorted(p.name for p in path.iterdir() if not p.name.startswith(".")  # hidden
                        and p.suffix.lower() in (".gpkg", ".shp", ".geojson", ".json", ".zip"))
        hint = f"letakkan salah satu dari {', '.join(BOUNDARY_NAMES)}"
        if others:
            hint += f"; ganti nama {others[0]} menjadi batas{Path(others[0]).suffix.lower()}"
        else:
            hint += "; unduh dengan: ppsp wilayah unduh KODE --out FOLDER"
        problems.append(Problem("batas.gpkg", "file batas wilayah tidak ditemukan", hint=hint))
        return None, {}
    files["batas"] = src.name
    desa, context, _info, found = read_boundaries(src, dissolve=False)
    problems += found
    return desa, context


def _read_workbook(path: Path, files: dict, problems: list[Problem]):
    src = find_workbook(path)
    if src is None:
        old = path / "instrumen.xls"
        hint = ("simpan ulang instrumen.xls sebagai .xlsx (Excel: File > Save As > Excel "
                "Workbook)" if old.is_file() else
                "buat dengan: ppsp template BATAS --kabupaten KODE --out instrumen.xlsx")
        problems.append(Problem("instrumen.xlsx", "file instrumen tidak ditemukan", hint=hint))
        return {}, None
    files["instrumen"] = src.name
    form1, sheets, found = read_workbook(src)
    problems += found
    return form1, sheets


def _read_ehra(path: Path, files: dict, pemetaan: dict,
               problems: list[Problem]) -> tuple[pd.DataFrame | None, dict]:
    src = find_ehra_file(path)
    if src is None:
        problems.append(Problem("ehra.csv", "data rumah tangga EHRA tidak ditemukan",
                                hint=f"letakkan salah satu dari {', '.join(EHRA_NAMES[:3])}",
                                severity="warning"))
        return None, pemetaan
    files["ehra"] = src.name
    mapping, mname, found = read_mapping_file(path)
    problems += found
    if mname:
        files["pemetaan_ehra"] = mname
        if mapping is None:
            return None, pemetaan
    raw, labels, found = read_export(src)
    problems += found
    if raw is None:
        return None, pemetaan
    if mapping is None:
        mapping = mapping_from_method(pemetaan)
    ehra, new_pemetaan, found = apply_mapping(raw, labels, mapping, pemetaan, src.name)
    sheet = raw.attrs.get("sheet")                # the sheet of an XLSX export, for messages
    problems += [dataclasses.replace(p, sheet=sheet) if sheet and p.sheet is None else p
                 for p in found]
    if ehra is not None:
        ehra.attrs["sheet"] = sheet
    return ehra, new_pemetaan


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
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(yaml_problem(src.name, exc))
    except MethodError as exc:
        problems += _method_problems(src.name, str(exc))
    return None


def _method_problems(fname: str, text: str) -> list[Problem]:
    """One problem per line of a :class:`MethodError` text, message and hint split at "—"."""
    default_hint = "opsi dan nilai yang sah ada di ppsp_analysis/data/metode_default.yaml"
    lines = [ln.strip().lstrip("-").strip() for ln in text.splitlines()]
    if len(lines) > 1 and lines[0].endswith(":"):
        lines = lines[1:]
    out = []
    for line in filter(None, lines):
        line = line.removeprefix(f"{fname}:").strip()
        message, _, hint = line.partition(" — ")
        out.append(Problem(fname, message, hint=hint or default_hint))
    return out


# --- names → codes ----------------------------------------------------------------------------

def _desa_table(desa: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(desa[["kode_desa", "nama_desa", "kode_kec", "nama_kec"]]).dropna(
        subset=["kode_desa"]).drop_duplicates("kode_desa").reset_index(drop=True)


def _resolve_sheet_names(sheets: dict[str, pd.DataFrame], desa: gpd.GeoDataFrame, fname: str,
                         problems: list[Problem]) -> None:
    table = _desa_table(desa)
    by_code = table.set_index("kode_desa")
    for name in _NAME_SHEETS:
        df = sheets.get(name)
        if df is None or df.empty or "nama_desa" not in df:
            continue
        todo = df.index[df["kode_desa"].map(is_blank) & ~df["nama_desa"].map(is_blank)]
        if len(todo):
            rows = df.loc[todo, [c for c in ("nama_desa", "kode_kec", "nama_kec") if c in df]]
            for i, m in zip(todo, match_desa_names(rows, table), strict=True):
                typed = df.at[i, "nama_desa"]
                if m.kode is not None:
                    df.at[i, "kode_desa"] = m.kode
                    problems.append(Problem(
                        fname, f"kode_desa kosong; {describe_match(m, typed)}", sheet=name,
                        row=int(df.at[i, "_baris"]), column="nama_desa", severity="warning",
                        hint="periksa; bila keliru, isi kode_desa yang benar di baris ini"))
                else:
                    problems.append(_unmatched(m, typed, fname, name, int(df.at[i, "_baris"])))
        if name == "Form2":
            _fill_from_boundaries(df, by_code, fname, problems)


def _contract_columns(sheets: dict[str, pd.DataFrame]) -> None:
    """Keep only the contract columns (+ ``_baris``); Form 2 keeps extra columns for formulas."""
    for name, spec in SHEETS.items():
        df = sheets.get(name)
        if df is None or name in ("Form1", "Form2"):
            continue
        attrs = dict(df.attrs)
        sheets[name] = df[[*spec.table_columns, "_baris"]].copy()
        sheets[name].attrs.update(attrs)


def _unmatched(m, typed, fname: str, sheet: str | None, row: int | None,
               extra: str = "") -> Problem:
    near = candidates_text(m)
    if m.status == "ambiguous":
        msg = f"nama desa '{typed}' cocok dengan lebih dari satu desa{extra}"
        hint = f"isi kode_desa (atau nama_kec) agar pasti; calon: {near}"
    else:
        msg = f"nama desa '{typed}' tidak ditemukan di file batas{extra}"
        hint = (f"isi kode_desa; nama terdekat: {near}" if near else
                "isi kode_desa Kemendagri desa ini")
    return Problem(fname, msg, sheet=sheet, row=row, column="nama_desa", hint=hint)


def _fill_from_boundaries(f2: pd.DataFrame, by_code: pd.DataFrame, fname: str,
                          problems: list[Problem]) -> None:
    for i in f2.index:
        code = f2.at[i, "kode_desa"]
        if not isinstance(code, str) or code not in by_code.index:
            continue
        ref = by_code.loc[code]
        for col in ("nama_desa", "kode_kec", "nama_kec"):
            if is_blank(f2.at[i, col]):
                f2.at[i, col] = ref[col]
        typed, official = normalise_name(f2.at[i, "nama_desa"]), normalise_name(ref["nama_desa"])
        if typed and official and typed != official and difflib.SequenceMatcher(
                None, typed, official).ratio() < 0.5:
            problems.append(Problem(
                fname, f"nama_desa '{f2.at[i, 'nama_desa']}' berbeda jauh dengan nama di file "
                       f"batas untuk kode {code} ('{ref['nama_desa']}')", sheet="Form2",
                row=int(f2.at[i, "_baris"]), column="nama_desa", severity="warning",
                hint="periksa apakah baris ini bergeser atau kodenya salah"))


def _resolve_ehra_names(ehra: pd.DataFrame, desa: gpd.GeoDataFrame, fname: str,
                        problems: list[Problem]) -> None:
    if "nama_desa" not in ehra:
        return
    if "kode_desa" not in ehra:
        ehra["kode_desa"] = None
    table = _desa_table(desa)
    _check_ehra_name_vs_code(ehra, table, fname, problems)
    todo = ehra["kode_desa"].map(is_blank) & ~ehra["nama_desa"].map(is_blank)
    if not todo.any():
        return
    keys = [c for c in ("nama_kec", "nama_desa") if c in ehra]
    groups = ehra[todo].groupby(keys, dropna=False, sort=False)
    for _, part in groups:
        first = part.iloc[[0]][keys]
        m = match_desa_names(first, table)[0]
        typed = first["nama_desa"].iloc[0]
        extra = f" ({len(part)} rumah tangga, baris pertama {int(part['_baris'].iloc[0])})"
        if m.kode is not None:
            ehra.loc[part.index, "kode_desa"] = m.kode
            problems.append(Problem(
                fname, f"kode_desa kosong; {describe_match(m, typed)}{extra}",
                row=int(part["_baris"].iloc[0]), column="nama_desa", severity="warning",
                hint="periksa; bila keliru, isi kode_desa rumah tangga ini"))
        else:
            problems.append(_unmatched(m, typed, fname, None, int(part["_baris"].iloc[0]),
                                       extra))


def _check_ehra_name_vs_code(ehra: pd.DataFrame, table: pd.DataFrame, fname: str,
                             problems: list[Problem]) -> None:
    """Warn when households carry a desa code and a name of another desa (rows shifted, codes
    copied from the wrong desa): one warning per (code, name) pair."""
    official = table.set_index("kode_desa")["nama_desa"]
    both = ehra["kode_desa"].isin(official.index) & ~ehra["nama_desa"].map(is_blank)
    if not both.any():
        return
    names = table["nama_desa"].map(normalise_name)
    for (code, typed), part in ehra[both].groupby(["kode_desa", "nama_desa"], sort=False):
        a, b = normalise_name(typed), normalise_name(official[code])
        other = table.loc[names == a, "kode_desa"] if a != b else table.iloc[0:0]["kode_desa"]
        if a and b and a != b and (len(other) or difflib.SequenceMatcher(
                None, a, b).ratio() < 0.5):
            also = f"; nama itu milik desa {', '.join(other)}" if len(other) else ""
            problems.append(Problem(
                fname, f"nama_desa '{typed}' tidak cocok dengan nama di file batas untuk kode "
                       f"{code} ('{official[code]}'){also} ({len(part)} rumah tangga, baris "
                       f"pertama {int(part['_baris'].iloc[0])})",
                row=int(part["_baris"].iloc[0]), column="nama_desa", severity="warning",
                hint="periksa apakah kode desa rumah tangga ini tersalin dari desa lain"))


__all__ = ["BOUNDARY_NAMES", "EHRA_NAMES", "WORKBOOK_NAMES", "find_packages", "load_package",
           "read_default_method", "read_package"]
