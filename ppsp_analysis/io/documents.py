"""Report documents on disk: PDF (Typst), Word (python-docx) and slides (python-pptx), each
rendered from a saved report model and written atomically.

The renderers (:mod:`ppsp_analysis.report.pdf`, :mod:`~ppsp_analysis.report.docx`,
:mod:`~ppsp_analysis.report.slides`) only walk the model; this module reads the images the
model names (relative to the folder the model was saved in), compiles, and writes.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from .._errors import PPSPError
from ..report.model import Report
from .writers import atomic_path, atomic_write

__all__ = ["read_images", "write_brief", "write_docx", "write_pdf", "write_pptx"]


def read_images(report: Report | Sequence[Report], base: str | os.PathLike[str]
                ) -> dict[str, bytes]:
    """The bytes of every image the report(s) name, keyed by the path as written in the model.

    Raises
    ------
    PPSPError
        An image is missing (the model and its folder do not belong together).
    """
    reports = [report] if isinstance(report, Report) else list(report)
    out: dict[str, bytes] = {}
    for r in reports:
        for fig in r.figures():
            for name in (fig.path, fig.slide):
                if not name:
                    continue
                path = Path(base) / name
                try:
                    out[name] = path.read_bytes()
                except OSError as exc:
                    raise PPSPError(f"gambar {fig.name!r} laporan {r.kind} tidak ditemukan: "
                                    f"{path} ({exc.strerror})") from None
    return out


def write_pdf(report: Report, path: str | os.PathLike[str],
              base: str | os.PathLike[str] = ".") -> Path:
    """Typeset the report as an A4 PDF (Typst) and write it atomically.

    Parameters
    ----------
    report : Report
    path : path
        Target ``.pdf`` (an existing file is only replaced when the new one is complete).
    base : path
        Folder the model's figure paths are relative to.

    Raises
    ------
    RuntimeError
        Typst could not compile the document (the message says why).
    """
    from ..report.pdf import TEMPLATE, report_payload

    base = Path(base).resolve()
    read_images(report, base)  # every image is there (clear message otherwise)
    payload = report_payload(report, base)
    images = [(b, "path") for s in payload["bagian"] for b in s["isi"] if b["tipe"] == "gambar"]
    return _typeset(TEMPLATE, payload, images, base, path, "PDF")


def write_docx(report: Report, path: str | os.PathLike[str],
               base: str | os.PathLike[str] = ".") -> Path:
    """Write the report as a Word document (A4, heading styles, contents field, numbered
    tables and figures), atomically."""
    from ..report.docx import docx_document

    doc = docx_document(report, read_images(report, base))
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def write_pptx(reports: Sequence[Report], path: str | os.PathLike[str],
               base: str | os.PathLike[str] = ".") -> Path:
    """Write the 16:9 presentation of one or more reports, atomically."""
    from ..report.slides import presentation

    prs = presentation(list(reports), read_images(list(reports), base))
    with atomic_path(path) as tmp:
        prs.save(str(tmp))
    return Path(path)


def write_brief(report: Report, path: str | os.PathLike[str],
                base: str | os.PathLike[str] = ".") -> Path:
    """Typeset the advocacy brief (one A4 page, ``lembar_advokasi.pdf``) from its model and
    write it atomically.

    Parameters
    ----------
    report : Report
        The brief's model (:func:`ppsp_analysis.report.brief.brief_report`).
    path : path
        Target ``.pdf``.
    base : path
        Folder the model's figure paths are relative to.

    Raises
    ------
    RuntimeError
        Typst could not compile the page (the message says why).
    """
    from ..report.brief_pdf import TEMPLATE, brief_payload

    base = Path(base).resolve()
    read_images(report, base)  # every image is there (clear message otherwise)
    payload = brief_payload(report, base)
    images = [(b, "gambar") for b in payload.values() if isinstance(b, dict) and b.get("gambar")]
    return _typeset(TEMPLATE, payload, images, base, path, "lembar advokasi")


def _typeset(template: Path, payload: dict, images: list[tuple[dict, str]], base: Path,
             path: str | os.PathLike[str], what: str) -> Path:
    """Compile a Typst template over ``payload`` (passed as ``sys.inputs.data``) and write the
    PDF atomically. ``images`` name the payload entries holding image paths: they are made
    relative to one root (Typst reads ``/x`` as relative to its root)."""
    import typst

    from ..report.pdf import _fonts

    paths = [Path(entry[key]) for entry, key in images]
    root = Path(os.path.commonpath([str(base), *map(str, paths)])) if paths else base
    for entry, key in images:
        entry[key] = "/" + Path(entry[key]).relative_to(root).as_posix()
    try:
        pdf, notes = typst.compile_with_warnings(
            template.read_bytes(), root=str(root), font_paths=_fonts().dirs,
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False)})
    except Exception as exc:  # typst raises its own error types
        raise RuntimeError(f"{what} gagal disusun oleh Typst: {exc}") from exc
    for note in notes:
        warnings.warn(f"Typst: {note}", RuntimeWarning, stacklevel=3)
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(pdf)
    return path
