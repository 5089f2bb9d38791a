"""What the report notebooks call, so that a notebook stays a handful of lines.

A report notebook is the producer of its report: it reads and validates the package
(:func:`load`), scores it, gets its figures (:func:`map_images`, :func:`save_figures`), builds
the report model (:func:`ppsp_analysis.report.area.area_report` or
:func:`~ppsp_analysis.report.monev.monev_report`), saves the model beside itself
(:func:`save`) and displays it (:func:`show`). ``ppsp run`` renders the PDF, the Word
document and the slides from the saved model, so nothing in them is computed outside the
notebook's own run; the executed notebook is the audit log and re-runs on its own.

Paths the notebook writes or reads (figures, the model) are relative to its working
directory: the folder of the executed notebook (``ppsp run`` runs it there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..io.report_file import save_figures as _save_figures
from ..io.report_file import write_report
from .html import block_html, cover_html, figure_caption_html, section_heading_html
from .model import Figure, Report
from .params import ReportParams

__all__ = ["load", "map_images", "save", "save_figures", "show", "slide_images", "today"]

MAP_THEMES = ("gabungan", "air_limbah", "persampahan", "drainase", "irs", "strata",
              "kecamatan")
DRAFT_DPI = 120


def load(paket: str, metode: Mapping | None = None, **params):
    """Read and validate a package (every problem at once, in Bahasa Indonesia).

    Parameters
    ----------
    paket : str
        The input package folder.
    metode : mapping, optional
        Method options laid over the package's ``metode.yaml`` (same keys), e.g.
        ``{"area_berisiko": {"ambang_prioritas": 4}}``; checked like the file.
    **params
        The other notebook parameters (``tahun``, ``tanggal``, ``peta``), checked here.

    Returns
    -------
    InputPackage
    """
    from ..io.package import load_package
    from ..method import check_method, merge_method

    p = ReportParams.from_dict({"paket": paket, "metode": metode, **params})
    pkg = load_package(p.paket)
    if p.metode:
        pkg.method = check_method(merge_method(pkg.method, dict(p.metode)))
    return pkg


def today(tanggal: str | None = None) -> dt.date:
    """The report date: the ``tanggal`` parameter (ISO) or today."""
    return dt.date.fromisoformat(tanggal) if tanggal else dt.date.today()


def map_images(result, pkg, peta: str | None = None, *, tahun: int | None = None,
               folder: str = "gambar", tanggal: str | None = None) -> dict[str, Path]:
    """The report-size map images: those in ``peta`` when it holds them (drawn by
    ``ppsp run`` with the map sheets), else drawn here (A4, draft resolution) into
    ``folder``.

    Returns
    -------
    dict
        Figure name (``peta_<tema>``) → image path, relative to the working directory.
    """
    if peta:
        found = {f"peta_{t}": Path(peta) / f"peta_{t}.png" for t in MAP_THEMES}
        found = {k: v for k, v in found.items() if v.is_file()}
        if found:
            return found
    from ..io.map_files import write_sheet_set
    from .area import report_meta

    meta = report_meta(result, pkg, tahun, today(tanggal))
    from ..kecamatan import kecamatan_sheet_table

    files = write_sheet_set(result.desa, meta, folder, context=pkg.context, papers=("A4",),
                            formats=("png",), dpi=DRAFT_DPI,
                            theme_tables={"kecamatan": kecamatan_sheet_table(result, pkg)})
    out = {}
    for path in files:
        key = path.stem.removesuffix("_a4")
        target = path.with_name(f"{key}.png")
        path.replace(target)
        out[key] = target
    return out


def slide_images(peta: str | None = None) -> dict[str, Path]:
    """The maps drawn for the slides (``peta_<tema>_layar.png``, the ``LAYAR`` sheet) that
    ``ppsp run`` puts beside the report-size map images in ``peta``; empty without them (the
    slides then show the report-size image).
    """
    if not peta:
        return {}
    found = {f"peta_{t}": Path(peta) / f"peta_{t}_layar.png" for t in MAP_THEMES}
    return {k: v for k, v in found.items() if v.is_file()}


def save_figures(figures: Mapping, folder: str = "gambar", dpi: int = 150) -> dict[str, Path]:
    """Save matplotlib Figures as ``<folder>/<name>.png`` at ``dpi``; name → path."""
    return _save_figures(figures, folder, dpi=dpi)


def save(report: Report, path: str) -> None:
    """Save the report model (JSON) — the file ``ppsp run`` renders PDF, Word and slides
    from."""
    write_report(report, path)


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def _html(text: str) -> None:
    from IPython.display import HTML

    _display(HTML(text))


def show(report: Report) -> None:
    """Display the whole report: cover, then every section with its paragraphs, key numbers,
    tables and figures (numbered as in every other rendering). Every text is escaped."""
    from IPython.display import Image

    _html(cover_html(report))
    numbers = report.numbers()
    for n, section in enumerate(report.sections, start=1):
        parts = [section_heading_html(n, section)]
        for block in section.blocks:
            if isinstance(block, Figure):
                _html("".join(parts))
                parts = []
                _display(Image(filename=str(block.path), alt=block.caption))
                _html(figure_caption_html(block, numbers.get(id(block))))
            else:
                parts.append(block_html(report, block, numbers.get(id(block))))
        if parts:
            _html("".join(parts))
