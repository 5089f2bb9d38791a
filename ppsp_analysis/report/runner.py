"""``ppsp run``: one kabupaten's package → the full output set, atomically.

The report notebooks are executed by Papermill (kept under ``notebook/`` as the audit log
of the run) and exported to HTML; the PDF, workbook, GeoPackage, JSON summary, slides and
map sheets are produced from the same :class:`ReportContext` the notebooks display.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .._errors import PPSPError
from ..io import resources
from ..io.context_file import write_context
from ..io.gpkg import write_gpkg
from ..io.outputs import OutputFolder
from ..io.package import load_package
from ..io.writers import CONTENTS_SHEET, atomic_write, slug, write_excel, write_scored
from ..package import InputPackage
from ..pipeline import ScoredResult, score_package
from .context import ReportContext, build_area_context
from .context_monev import build_monev_context
from .html import notebook_to_html
from .params import ReportParams

NOTEBOOKS = ("laporan_area_berisiko", "laporan_monev")
TITLES = {"laporan_area_berisiko": "Laporan Area Berisiko Sanitasi",
          "laporan_monev": "Laporan Monitoring dan Evaluasi Sanitasi"}
REPORT_PNG_WIDTH = 1400
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
    """The folder holding the report notebooks (see :mod:`ppsp_analysis.io.resources`)."""
    return resources.notebooks_dir()


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


@dataclass(frozen=True)
class MapOptions:
    """What map sheets a run draws: papers (A4 is always drawn: reports embed it) and the
    PNG resolution (300 dpi for print; lower for quick drafts and tests).
    """

    papers: tuple[str, ...] = ("A3", "A4")
    dpi: int = 300
    formats: tuple[str, ...] = ("pdf", "png")

    def __post_init__(self) -> None:
        if "png" not in self.formats or not set(self.formats) <= {"pdf", "png"}:
            raise PPSPError("format peta harus png atau pdf,png (PNG dipakai di laporan)")
        if "A4" not in self.papers or not set(self.papers) <= {"A3", "A4"}:
            raise PPSPError("kertas peta harus A4 atau A3,A4 (A4 dipakai di laporan)")
        if not 50 <= self.dpi <= 600:
            raise PPSPError("dpi peta harus 50–600")


def render_outputs(result: ScoredResult, pkg: InputPackage, ctx: ReportContext,
                   folder: Path, maps: MapOptions | None = None,
                   interactive: bool = True) -> None:
    """Map sheets (``peta/``), the interactive map, and report-size map images; fills
    ``ctx.figures`` with the images the reports embed.
    """
    from ..maps import write_interactive, write_sheet_set
    from ..maps.style import style_for_method

    meta = dict(ctx.meta)
    maps = maps or MapOptions()
    style = style_for_method(result.method)  # class names of the package's method
    files = write_sheet_set(result.desa, meta, folder / "peta", style, context=pkg.context,
                            papers=maps.papers, formats=maps.formats, dpi=maps.dpi)
    small = folder / "grafik"
    small.mkdir(exist_ok=True)
    for path in files:
        if path.name.endswith("_a4.png"):
            key = path.stem[: -len("_a4")]
            ctx.figures[key] = _downscale(path, small / f"{key}.png", REPORT_PNG_WIDTH)
    if interactive:
        write_interactive(result.desa, meta, folder / "peta_interaktif.html", style,
                          context=pkg.context)


def _downscale(src: Path, dst: Path, width: int) -> Path:
    from PIL import Image

    with Image.open(src) as im:
        if im.width <= width:  # draft resolution: keep as it is
            im.convert("RGB").save(dst, compress_level=3)
        else:
            size = (width, round(im.height * width / im.width))
            im.convert("RGB").resize(size, Image.LANCZOS).save(dst, compress_level=6)
    return dst


def render_monev(m, result: ScoredResult, pkg: InputPackage, ctx: ReportContext,
                 folder: Path) -> None:
    """Monev charts into ``grafik/`` (PNG, 150 dpi); fills ``ctx.figures``."""
    import matplotlib.pyplot as plt

    from .context_monev import monev_figures

    out = folder / "grafik"
    out.mkdir(exist_ok=True)
    for key, fig in monev_figures(m, result, pkg).items():
        path = out / f"{key}.png"
        fig.savefig(path, dpi=150)
        plt.close(fig)
        ctx.figures[key] = path


def run_report(pkg_dir: str | Path, out_root: str | Path, tahun: int | None = None,
               notebooks: tuple[str, ...] = NOTEBOOKS,
               maps: MapOptions | None = None) -> RunRecord:
    """Produce the whole output set of one package.

    Parameters
    ----------
    pkg_dir : path
        Input package folder.
    out_root : path
        Output root; results go to ``out_root/<tahun>/<kode>-<nama>/``.
    tahun : int, optional
        Report year (default: Form 1).
    notebooks : tuple of str
        Report notebooks to execute; ``()`` skips them (library-only exports).
    maps : MapOptions, optional
        Papers and PNG resolution of the map sheets.

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
    # absolute: the notebooks run with their own working directory
    final = output_folder(Path(out_root).absolute(), pkg, year)
    with OutputFolder(final, "run") as folder:
        tmp = folder.stage()
        result = score_package(pkg)
        area = build_area_context(result, pkg)
        area.meta["tahun"] = area.ringkasan["tahun"] = year
        render_outputs(result, pkg, area, tmp, maps)
        monev, m = build_monev_context(result, pkg)
        render_monev(m, result, pkg, monev, tmp)
        contexts = {"laporan_area_berisiko": area, "laporan_monev": monev}
        nb_dir = tmp / "notebook"
        nb_dir.mkdir()
        for name in notebooks:
            ctx = contexts[name]
            ctx_file = write_context(ctx, nb_dir / f"{name}.konteks.pkl")
            run_params = ReportParams(paket=params.paket, tahun=year, konteks=str(ctx_file))
            out_nb = nb_dir / f"{name}.ipynb"
            execute_notebook(name, notebooks_dir(), out_nb, run_params)
            page = notebook_to_html(nbformat.read(out_nb, as_version=4),
                                    title=f"{TITLES[name]} — {ctx.title}",
                                    footer=f"ppsp-analysis · metode {ctx.meta['versi_metode']}")
            with atomic_write(tmp / f"{name}.html", "w") as fh:
                fh.write(page)
            ctx_file.unlink()
        export_tables(result, area, monev, tmp, m)
        outputs = folder.commit(tmp)
    return RunRecord(pkg.kode, pkg.nama, final, outputs)


def export_tables(result: ScoredResult, area: ReportContext, monev: ReportContext,
                  folder: Path, m=None) -> None:
    """``tabel.xlsx``, ``area_berisiko.gpkg``, ``ringkasan.json``, ``skor_desa.*``, the two
    PDF reports and ``paparan.pptx``.

    ``m`` (the :class:`~ppsp_analysis.monev.summary.MonevReport`) adds the native Excel
    charts of the monev series to ``tabel.xlsx``.
    """
    from .excel import tabel_workbook
    from .pdf import write_pdf
    from .slides import write_pptx

    sheets, charts, labels = tabel_workbook(area, monev, m, result.method)
    write_excel(sheets, folder / "tabel.xlsx", labels=labels, charts=charts,
                contents=CONTENTS_SHEET)
    write_scored(result.desa, folder, method=result.method)
    write_gpkg(result.desa, folder / "area_berisiko.gpkg", result.meta, result.method)
    summary = {**area.ringkasan, "monev": monev.ringkasan}
    with atomic_write(folder / "ringkasan.json", "w") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2, default=_json_default)
    write_pdf(area, folder / "laporan_area_berisiko.pdf", judul=TITLES["laporan_area_berisiko"])
    write_pdf(monev, folder / "laporan_monev.pdf", judul=TITLES["laporan_monev"])
    write_pptx(area, folder / "paparan.pptx")
    from .brief import write_brief_for_run  # lembar_advokasi.pdf: funding brief for the TAPD
    write_brief_for_run(result, monev, folder, m)


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)
