"""Writing outputs atomically: a temporary sibling, renamed into place on success."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import yaml

from ..package import InputPackage
from .outdir import disk_error

_FORMULA_START = ("=", "+", "-", "@")


def slug(text: str) -> str:
    """File-system friendly lower-case name: ``Kabupaten Kapuas`` → ``kabupaten-kapuas``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path`` (same suffix, for writers that pick the format by
    it); renamed onto ``path`` only when the block succeeds, removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                               dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        disk = disk_error(exc, tmp)  # a library's own words for a full disk
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if disk is not None:
            raise disk from exc
        raise


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb", encoding: str = "utf-8") -> Iterator:
    """Open a temporary file next to ``path``; rename it onto ``path`` only on success.

    Text modes always name their encoding (UTF-8 unless told otherwise), so a Windows PC
    writes the same bytes as Linux instead of its cp1252 default.
    """
    kwargs = {} if "b" in mode else {"encoding": encoding}
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Build a folder under a temporary name; swap it into ``path`` only on success.

    A previous folder at ``path`` is replaced whole. On failure (or interruption) the
    temporary folder is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield tmp
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        disk = disk_error(exc, tmp)  # a library's own words for a full disk
        shutil.rmtree(tmp, ignore_errors=True)
        if disk is not None:
            raise disk from exc
        raise


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that start with ``= + - @`` by an apostrophe (formula injection)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


def write_excel(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write DataFrames to one workbook: bold frozen header, widths fitted, formulas neutralised."""
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    used: set[str] = set()
    # built in memory, then written in one go: a full disk fails on a plain write, never in
    # the middle of openpyxl's zip (which then left an unclosed zip and a traceback at exit)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets.items():
            clean = neutralise_formulas(df.drop(columns=["_baris", "geometry"], errors="ignore"))
            sheet = _sheet_name(name, used)
            clean.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A2"
            for cell in ws[1]:
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F4E79")
            for i, col in enumerate(clean.columns, start=1):
                width = max([len(str(col))] + [len(str(v)) for v in clean[col].head(200)])
                ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width + 2, 60)
    with atomic_write(path) as fh:
        fh.write(buf.getbuffer())
    return path


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel-safe, unique sheet name (max 31 characters, no []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
    candidate, i = base, 2
    while candidate.lower() in used:
        suffix = f" ({i})"
        candidate, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(candidate.lower())
    return candidate


def write_package(pkg: InputPackage, out_dir: str | Path, method_text: str | None = None) -> Path:
    """Write an input package folder (boundaries, workbook, EHRA CSV, metode.yaml) atomically."""
    out_dir = Path(out_dir)
    with atomic_dir(out_dir) as tmp:
        pkg.desa.to_file(tmp / "batas.gpkg", layer="desa", driver="GPKG")
        for name, layer in pkg.context.items():
            if layer is not None and len(layer):
                layer.to_file(tmp / "batas.gpkg", layer=name, driver="GPKG")
        form1 = pd.DataFrame({"parameter": list(pkg.form1), "nilai": list(pkg.form1.values())})
        write_excel({"Form1": form1, **pkg.sheets}, tmp / "instrumen.xlsx")
        if pkg.ehra is not None:
            pkg.ehra.to_csv(tmp / "ehra.csv", index=False)
        (tmp / "metode.yaml").write_text(method_text or _DEFAULT_METHOD_NOTE, encoding="utf-8")
    return out_dir


_DEFAULT_METHOD_NOTE = """\
# Opsi metode untuk paket ini. Kunci yang tidak ditulis memakai nilai bawaan
# (ppsp_analysis/data/metode_default.yaml). Contoh: ubah bobot EXPOSURE air limbah.
exposure:
  bobot:
    air_limbah: {sekunder: 1, irs: 1, persepsi: 1}
area_berisiko:
  metode_kelas: equal_interval
"""


def write_scored(desa: gpd.GeoDataFrame, out_dir: str | Path, extra: dict | None = None) -> list:
    """Write the scored table as ``skor_desa.csv`` and ``skor_desa.xlsx`` (atomically).

    Parameters
    ----------
    desa : GeoDataFrame
        The scored table (geometry is dropped).
    out_dir : path
        Target folder (created).
    extra : dict, optional
        More sheets for the workbook (e.g. ``strata``, ``metode``).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame(desa.drop(columns="geometry"))
    csv, xlsx = out_dir / "skor_desa.csv", out_dir / "skor_desa.xlsx"
    # both files are written under temporary names first: a failure (full disk) leaves
    # neither a new half nor an old/new mix
    with atomic_path(csv) as tmp_csv, atomic_path(xlsx) as tmp_xlsx:
        with open(tmp_csv, "w", encoding="utf-8", newline="") as fh:
            neutralise_formulas(table).to_csv(fh, index=False)
        write_excel({"skor_desa": table, **(extra or {})}, tmp_xlsx)
    return [csv, xlsx]


def dump_yaml(data: dict) -> str:
    """YAML text of a dict, keys in insertion order, unicode kept."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
