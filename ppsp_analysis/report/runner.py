"""``ppsp run``: one kabupaten's package → the full output set, atomically.

The report notebooks are executed by Papermill (kept under ``notebook/`` as the audit log
of the run) and exported to HTML; the PDF, workbook, GeoPackage, JSON summary, slides and
map sheets are produced from the same :class:`ReportContext` the notebooks display.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import nbformat

from .._errors import PPSPError
from ..io.context_file import write_context
from ..io.package import load_package
from ..io.writers import atomic_dir, atomic_write, slug, write_excel, write_scored
from ..package import InputPackage
from ..pipeline import ScoredResult, score_package
from .context import ReportContext, build_area_context
from .html import notebook_to_html
from .params import ReportParams

NOTEBOOKS = ("laporan_area_berisiko",)
KERNEL = "python3"


class ReportError(PPSPError):
    """A report notebook failed; names the notebook, the cell and the error."""


@dataclass
class RunRecord:
    """What one run produced."""

    kode: str
    nama: str
    folder: Path
    outputs: list[str]


def notebooks_dir() -> Path:
    """The folder holding the report notebooks (``notebooks/`` of the source tree)."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    if here.is_dir():
        return here
    return Path(str(resources.files("ppsp_analysis").joinpath("notebooks")))


def output_folder(out_root: Path, pkg: InputPackage, tahun: int) -> Path:
    """``OUT/<tahun>/<kode>-<nama>``."""
    return Path(out_root) / str(tahun) / f"{pkg.kode}-{slug(pkg.nama)}"


def execute_notebook(name: str, src_dir: Path, out_path: Path, params: ReportParams,
                     warm: bool = True) -> None:
    """Run one notebook with Papermill; a failing cell raises :class:`ReportError`.

    With ``warm`` the notebook runs in this process's pre-warmed kernel
    (:mod:`ppsp_analysis.report.engine`); otherwise Papermill starts a fresh kernel.
    """
    import papermill as pm

    from .engine import ENGINE_NAME

    src = src_dir / f"{name}.ipynb"
    declared = set(pm.inspect_notebook(str(src)))
    unknown = set(params.as_dict()) - declared
    if unknown:
        raise ReportError(f"{name}.ipynb tidak mendeklarasikan parameter {sorted(unknown)}")
    try:
        pm.execute_notebook(str(src), str(out_path), parameters=params.as_dict(),
                            kernel_name=KERNEL, cwd=str(src_dir), progress_bar=False,
                            log_output=False, engine_name=ENGINE_NAME if warm else None)
    except pm.PapermillExecutionError as exc:
        raise ReportError(f"notebook {name}.ipynb gagal di sel {exc.exec_count or exc.cell_index}"
                          f": {exc.ename}: {exc.evalue}") from None


def render_outputs(result: ScoredResult, pkg: InputPackage, ctx: ReportContext,
                   folder: Path) -> None:
    """Map sheets, interactive map and charts; fills ``ctx.figures``."""
    try:
        from ..maps import render_report_maps
    except ImportError:  # maps module not available in this build
        return
    ctx.figures.update(render_report_maps(result, pkg, folder))


def run_report(pkg_dir: str | Path, out_root: str | Path, tahun: int | None = None,
               notebooks: tuple[str, ...] = NOTEBOOKS) -> RunRecord:
    """Produce the whole output set of one package.

    Parameters
    ----------
    pkg_dir : path
        Input package folder.
    out_root : path
        Output root; results go to ``out_root/<tahun>/<kode>-<nama>/``.
    tahun : int, optional
        Report year (default: Form 1).

    Returns
    -------
    RunRecord

    Raises
    ------
    InputError
        Invalid input (nothing is written).
    ReportError
        A notebook cell failed (nothing is written).
    """
    params = ReportParams.from_dict({"paket": str(Path(pkg_dir).resolve()), "tahun": tahun})
    pkg = load_package(pkg_dir)
    year = tahun or pkg.tahun
    final = output_folder(Path(out_root), pkg, year)
    with atomic_dir(final) as tmp:
        result = score_package(pkg)
        ctx = build_area_context(result, pkg)
        ctx.meta["tahun"] = ctx.ringkasan["tahun"] = year
        render_outputs(result, pkg, ctx, tmp)
        nb_dir = tmp / "notebook"
        nb_dir.mkdir()
        ctx_file = write_context(ctx, nb_dir / "konteks.pkl")
        run_params = ReportParams(paket=params.paket, tahun=year, konteks=str(ctx_file))
        for name in notebooks:
            out_nb = nb_dir / f"{name}.ipynb"
            execute_notebook(name, notebooks_dir(), out_nb, run_params)
            page = notebook_to_html(nbformat.read(out_nb, as_version=4),
                                    title=f"{name.replace('_', ' ').title()} — {ctx.title}",
                                    footer=f"ppsp-analysis · metode {ctx.meta['versi_metode']}")
            with atomic_write(tmp / f"{name}.html", "w") as fh:
                fh.write(page)
        ctx_file.unlink()
        export_tables(result, ctx, tmp)
    outputs = sorted(str(p.relative_to(final)) for p in final.rglob("*") if p.is_file())
    return RunRecord(pkg.kode, pkg.nama, final, outputs)


def export_tables(result: ScoredResult, ctx: ReportContext, folder: Path) -> None:
    """``tabel.xlsx``, ``area_berisiko.gpkg``, ``ringkasan.json``, ``skor_desa.*``, PDF, PPTX."""
    write_excel(ctx.tables, folder / "tabel.xlsx")
    write_scored(result.desa, folder)
    gpkg = folder / "area_berisiko.gpkg"
    result.desa.to_file(gpkg, layer="area_berisiko", driver="GPKG", index=False)
    with atomic_write(folder / "ringkasan.json", "w") as fh:
        json.dump(ctx.ringkasan, fh, ensure_ascii=False, indent=2)
    try:
        from .pdf import write_pdf
        from .slides import write_pptx
    except ImportError:
        return
    write_pdf(ctx, folder / "laporan_area_berisiko.pdf")
    write_pptx(ctx, folder / "paparan.pptx")
