"""ppsp-analysis: sanitation risk-priority maps and monev reports for Indonesian kabupaten.

The verbs an analyst needs, from one import (``import ppsp_analysis as pa``):

========================  ==============================================================
:func:`read_package`      read an input folder leniently: ``(pkg, problems)``
:func:`validate_package`  every content problem (file, sheet, row, column)
:func:`load_package`      read and validate; raise :class:`InputError` listing everything
:class:`Method`           the method options (``metode.yaml``) as a frozen object
:func:`score_package`     IMPACT × EXPOSURE classes per desa: a :class:`ScoredResult`
:func:`compare`           desa that change class between two scorings, and why
:func:`map_sheet`         a printed map sheet (A3/A4) of one theme
:func:`area_report`       the area-berisiko report model (HTML, PDF, Word, slides)
:func:`monev_report`      the monev report model
========================  ==============================================================

The subpackages (:mod:`~ppsp_analysis.maps`, :mod:`~ppsp_analysis.monev`,
:mod:`~ppsp_analysis.report`, :mod:`~ppsp_analysis.funding`, :mod:`~ppsp_analysis.io`) are
imported on first use, so ``import ppsp_analysis`` stays quick.

Examples
--------
>>> import ppsp_analysis as pa
>>> from ppsp_analysis.io.resources import demo_dir
>>> pkg, problems = pa.read_package(demo_dir() / "99.02-kabupaten-tanjung-khayali")
>>> problems.errors, pa.validate_package(pkg).errors
(0, 0)
>>> hasil = pa.score_package(pkg)
>>> print(repr(hasil))  # doctest: +ELLIPSIS
ScoredResult(99.02 Kabupaten Tanjung Khayali, 2026: ...; metode paket)
>>> skenario = pa.score_package(pkg, pa.Method(pkg.method).with_weights(drainase={"irs": 3}))
>>> skenario.meta["skenario"]
['exposure.bobot.drainase.irs: 1 → 3']
>>> perubahan = pa.compare(hasil, skenario)
>>> set(perubahan.table["komponen"]) <= {"drainase", "gabungan"}
True
>>> fig = pa.map_sheet(skenario.desa, "drainase", skenario.meta, paper="A4")
>>> "skenario-banner" in {t.get_gid() for t in fig.findobj()}
True
>>> laporan = pa.area_report(skenario, pkg)
>>> laporan.sections[0].blocks[0].text.startswith("SKENARIO — bukan hasil resmi")
True
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

# first: defers a 0.9 s grammar that nbformat's jsonschema would build (ppsp_analysis._startup)
from . import _startup  # noqa: F401
from ._errors import InputError, MethodError, ParameterError, PPSPError, Problem, Problems
from .io.package import load_package, read_package
from .method_object import Method
from .pipeline import ScoredResult, score_package
from .validation import validate_package

if TYPE_CHECKING:  # imported on first use (matplotlib and the report stack are slow)
    from .maps import map_sheet
    from .report.area import area_report
    from .report.monev import monev_report
    from .scenario import Comparison, compare

try:
    __version__ = version("ppsp-analysis")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Comparison",
    "InputError",
    "Method",
    "MethodError",
    "PPSPError",
    "ParameterError",
    "Problem",
    "Problems",
    "ScoredResult",
    "area_report",
    "compare",
    "load_package",
    "map_sheet",
    "monev_report",
    "read_package",
    "score_package",
    "validate_package",
]

#: Names imported on first use: name → module.
_LAZY = {
    "map_sheet": "ppsp_analysis.maps",
    "area_report": "ppsp_analysis.report.area",
    "monev_report": "ppsp_analysis.report.monev",
    "compare": "ppsp_analysis.scenario",
    "Comparison": "ppsp_analysis.scenario",
}
#: Subpackages and modules reachable as attributes (``pa.maps``), imported on first use.
_SUBMODULES = ("batch", "display", "ehra", "explore", "fmt", "funding", "io", "maps",
               "method", "monev", "report", "scenario", "scoring", "validation")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(_SUBMODULES) | {"__version__"})
