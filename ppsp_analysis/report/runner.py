"""``ppsp run``: one kabupaten's package → the full output set, atomically.

The report notebooks are the producers. The runner draws the expensive, shared pictures
first (the map sheets, the report-size map images, the interactive map), then executes each
report notebook with Papermill in ``notebook/`` of the staging folder. The notebook reads and
validates the package, scores it, builds its report model and saves it beside itself
(``notebook/laporan_<jenis>.laporan.json``); the runner then renders everything else *from
that model*: the HTML page (the executed notebook, without code), the PDF, the Word document,
the slides, ``tabel.xlsx`` and ``ringkasan.json``. No number or sentence of a report is
produced outside its notebook's run. The executed notebooks stay under ``notebook/`` as the
audit log: re-run with Papermill or JupyterLab from the package, they give the same model.

How the three meet::

    notebooks/laporan_*.ipynb --papermill--> notebook/laporan_*.ipynb  (executed: the audit log)
          |  nb.load → score_package → area_report / monev_report → nb.save → nb.show
          v
    notebook/laporan_*.laporan.json  (the report model, report/model.py)
          |  io.report_file.read_report
          v
    report/html.py (the executed notebook) · report/pdf.py + templates/laporan.typ ·
    report/docx.py · report/slides.py · report/excel.py  --io.documents / io.writers--> files
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .._errors import PPSPError
from ..io import resources
from ..io.documents import write_brief, write_docx, write_pdf, write_pptx
from ..io.gpkg import write_gpkg
from ..io.map_files import write_interactive, write_sheet_set
from ..io.outputs import OutputFolder
from ..io.package import load_package
from ..io.report_file import read_report, report_path, save_figures, write_report
from ..io.writers import CONTENTS_SHEET, atomic_write, slug, write_excel, write_scored
from ..kecamatan import kecamatan_sheet_table
from ..package import InputPackage
from ..pipeline import ScoredResult, score_package
from . import brief
from .area import area_report, report_meta
from .excel import tabel_workbook
from .html import notebook_to_html
from .model import Report
from .monev import compute_package_funding, compute_package_monev, monev_figures, monev_report
from .params import ReportParams

NOTEBOOKS = ("laporan_area_berisiko", "laporan_monev")
KINDS = {"laporan_area_berisiko": "area_berisiko", "laporan_monev": "monev"}
NOTEBOOK_PARAMS = {"laporan_area_berisiko": ("paket", "tahun", "metode", "peta", "tanggal"),
                   "laporan_monev": ("paket", "metode", "tanggal")}
"""The parameters each notebook declares (checked before it runs)."""
MAP_FOLDER = "grafik"
"""Report-size map images (``grafik/peta_<tema>.png``) and the maps drawn for the slides
(``grafik/peta_<tema>_layar.png``), relative to the output folder."""
REPORT_PNG_WIDTH = 1400
SLIDE_DPI = 200
"""Resolution of the slide maps (2.667 px across a 13,33-in slide: sharp on any projector)."""
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
                     warm: bool = True, cwd: Path | None = None,
                     names: tuple[str, ...] | None = None) -> None:
    """Run one notebook with Papermill; a failing cell raises :class:`ReportError`.

    With ``warm`` the notebook runs in this process's pre-warmed kernel
    (:mod:`ppsp_analysis.report.engine`); otherwise Papermill starts a fresh kernel. The
    notebook's working directory is ``cwd`` (default: the folder of ``out_path``), where it
    saves what it makes.
    """
    import papermill as pm

    from .engine import ENGINE_NAME

    src = src_dir / f"{name}.ipynb"
    values = params.as_dict(names)
    declared = set(pm.inspect_notebook(str(src)))
    unknown = set(values) - declared
    if unknown:
        raise ReportError(f"{name}.ipynb tidak mendeklarasikan parameter {sorted(unknown)}")
    try:
        pm.execute_notebook(str(src), str(out_path), parameters=values,
                            kernel_name=KERNEL, cwd=str(cwd or Path(out_path).parent),
                            progress_bar=False, log_output=False,
                            engine_name=ENGINE_NAME if warm else None)
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


def render_maps(result: ScoredResult, pkg: InputPackage, meta: dict, folder: Path,
                maps: MapOptions | None = None, interactive: bool = True) -> dict[str, Path]:
    """Map sheets (``peta/``), report-size map images (``grafik/peta_<tema>.png``) and the
    interactive map.

    Returns
    -------
    dict
        Figure name → report-size image.
    """
    maps = maps or MapOptions()
    small = folder / MAP_FOLDER
    small.mkdir(exist_ok=True)
    # one call: one layout per paper for all seven themes (the kecamatan sheet colours every
    # desa by its kecamatan's class, kecamatan.metode); the report-size images come from the
    # A4 rasters of the same drawing
    tables = {"kecamatan": kecamatan_sheet_table(result, pkg)}
    files = write_sheet_set(result.desa, meta, folder / "peta", context=pkg.context,
                            papers=maps.papers, formats=maps.formats, dpi=maps.dpi,
                            theme_tables=tables, preview_dir=small,
                            preview_width=REPORT_PNG_WIDTH)
    # the same maps drawn for the 16:9 slides (paper LAYAR: the slide's width, large legend)
    write_sheet_set(result.desa, meta, small, context=pkg.context, papers=("LAYAR",),
                    formats=("png",), dpi=min(maps.dpi, SLIDE_DPI), theme_tables=tables)
    figures = {}
    for path in files:
        if path.name.endswith("_a4.png"):
            key = path.stem[: -len("_a4")]
            figures[key] = small / f"{key}.png"
    if interactive:
        write_interactive(result.desa, meta, folder / "peta_interaktif.html",
                          context=pkg.context)
    return figures


def build_reports(result: ScoredResult, pkg: InputPackage, folder: Path, year: int,
                  day: dt.date) -> dict[str, Report]:
    """The two report models built in this process by the same library calls the notebooks
    make, saved in ``folder`` (``notebooks=()``: the library-only floor of the benchmarks;
    no executed notebook, no HTML)."""
    maps = {k: Path("..") / MAP_FOLDER / f"{k}.png" for k in
            ("peta_gabungan", "peta_air_limbah", "peta_persampahan", "peta_drainase",
             "peta_irs", "peta_strata")}
    maps = {k: v for k, v in maps.items() if (folder / v).is_file()}
    slides = {k: v.with_name(f"{k}_layar.png") for k, v in maps.items()}
    slides = {k: v for k, v in slides.items() if (folder / v).is_file()}
    area = area_report(result, pkg, tahun=year, figures=maps, slides=slides, today=day)
    m = compute_package_monev(result, pkg)
    fr = compute_package_funding(result, m, day)
    figs = save_figures(monev_figures(m, result, pkg), folder / "gambar")
    monev = monev_report(result, pkg, m, funding=fr, figures={k: v.relative_to(folder)
                                                              for k, v in figs.items()},
                         today=day)
    for r in (area, monev):
        write_report(r, report_path(folder, r.kind))
    out = {"area_berisiko": area, "monev": monev}
    if fr is not None:
        figs = save_figures(brief.brief_figures(fr, result, pkg), folder / "gambar",
                            dpi=brief.FIGURE_DPI)
        out[brief.KIND] = brief.brief_report(result, pkg, fr, figures={
            k: v.relative_to(folder) for k, v in figs.items()}, tahun=m.year, today=day)
        write_report(out[brief.KIND], folder / brief.MODEL_FILE)
    return out


def _check_agrees(area: Report, result: ScoredResult) -> None:
    """The notebook's model and the maps drawn here come from the same scoring."""
    prio = int(result.desa["prioritas_gabungan"].astype(bool).sum())
    if area.summary.get("prioritas", {}).get("gabungan") != prio or \
            area.summary.get("jumlah_desa") != len(result.desa):
        raise ReportError("laporan dari notebook tidak cocok dengan peta (jumlah desa atau "
                          "desa prioritas berbeda): paket berubah selama run?")


def run_report(pkg_dir: str | Path, out_root: str | Path, tahun: int | None = None,
               notebooks: tuple[str, ...] = NOTEBOOKS,
               maps: MapOptions | None = None, progress: bool = False) -> RunRecord:
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
        Report notebooks to execute (both, normally); ``()`` builds the models in this
        process instead (benchmark floor: no executed notebook, no HTML).
    maps : MapOptions, optional
        Papers and PNG resolution of the map sheets.
    progress : bool
        Print each step with its elapsed time on stderr (``ppsp run``).

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
    from .steps import Steps

    steps = Steps(5 + (len(notebooks) or 1), enabled=progress)
    with steps.step("membaca dan memeriksa paket"):
        pkg = load_package(pkg_dir)  # the notebooks' warm kernel takes it from this process
    year = int(tahun or pkg.tahun)
    day = dt.date.today()
    params = ReportParams(paket=str(Path(pkg_dir).resolve()), tahun=year,
                          peta=f"../{MAP_FOLDER}", tanggal=day.isoformat())
    # absolute: the notebooks run in their own working directory
    final = output_folder(Path(out_root).absolute(), pkg, year)
    with OutputFolder(final, "run") as folder:
        tmp = folder.stage()
        with steps.step("menghitung skor dan kelas"):
            result = score_package(pkg)
        with steps.step("menggambar peta"):
            render_maps(result, pkg, report_meta(result, pkg, year, day), tmp, maps)
        nb_dir = tmp / "notebook"
        nb_dir.mkdir()
        if notebooks:
            reports = {}
            for name in notebooks:
                out_nb = nb_dir / f"{name}.ipynb"
                with steps.step(f"menjalankan notebook {name}"):
                    execute_notebook(name, notebooks_dir(), out_nb, params, cwd=nb_dir,
                                     names=NOTEBOOK_PARAMS.get(name))
                report = read_report(report_path(nb_dir, KINDS[name]))
                reports[report.kind] = report
                page = notebook_to_html(nbformat.read(out_nb, as_version=4),
                                        title=f"{report.title} — {report.heading}",
                                        footer=f"ppsp-analysis · metode "
                                               f"{report.meta['versi_metode']}")
                with atomic_write(tmp / f"{name}.html", "w") as fh:
                    fh.write(page)
            if (nb_dir / brief.MODEL_FILE).is_file():  # the monev notebook's advocacy brief
                reports[brief.KIND] = read_report(nb_dir / brief.MODEL_FILE)
        else:
            with steps.step("menyusun laporan"):
                reports = build_reports(result, pkg, nb_dir, year, day)
        if "area_berisiko" in reports:
            _check_agrees(reports["area_berisiko"], result)
        with steps.step("menulis PDF, Word, paparan, lembar advokasi dan tabel"):
            export_outputs(result, reports, tmp, nb_dir)
        with steps.step("menyimpan keluaran"):
            outputs = folder.commit(tmp)
    return RunRecord(pkg.kode, pkg.nama, final, outputs)


def export_outputs(result: ScoredResult, reports: dict[str, Report], folder: Path,
                   base: Path) -> None:
    """Everything rendered from the report models (``base``: the folder they were saved in,
    their figure paths are relative to it): ``laporan_*.pdf``, ``laporan_*.docx``,
    ``paparan.pptx``, ``tabel.xlsx``, ``ringkasan.json``, ``lembar_advokasi.pdf`` (the
    one-page brief for the TAPD and the Bupati, also a slide of the deck); and the scored
    table's ``skor_desa.*`` and ``area_berisiko.gpkg``.
    """
    area, monev = reports.get("area_berisiko"), reports.get("monev")
    lembar = reports.get(brief.KIND)
    for report in (r for r in reports.values() if r.kind != brief.KIND):
        write_pdf(report, folder / f"laporan_{report.kind}.pdf", base)
        write_docx(report, folder / f"laporan_{report.kind}.docx", base)
    write_pptx([r for r in (area, monev, lembar) if r is not None], folder / "paparan.pptx",
               base)
    if lembar is not None:
        write_brief(lembar, folder / brief.FILE_NAME, base)
    if area is not None:
        sheets, charts, labels = tabel_workbook(area, monev)
        write_excel(sheets, folder / "tabel.xlsx", charts=charts, contents=CONTENTS_SHEET,
                    sheet_labels=labels)
        summary = {**area.to_dict()["ringkasan"],
                   "monev": monev.to_dict()["ringkasan"] if monev is not None else None}
        with atomic_write(folder / "ringkasan.json", "w") as fh:
            json.dump(summary, fh, ensure_ascii=False, indent=2)
    write_scored(result.desa, folder, method=result.method)
    write_gpkg(result.desa, folder / "area_berisiko.gpkg", result.meta, result.method)
