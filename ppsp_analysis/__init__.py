"""ppsp-analysis: sanitation risk-priority maps and monev reports for Indonesian kabupaten.

The curated public API: read a package with :func:`load_package`, score it with
:func:`score_package`; the computation modules (:mod:`~ppsp_analysis.scoring`,
:mod:`~ppsp_analysis.ehra`, …) are pure functions over DataFrames.
"""

from importlib.metadata import PackageNotFoundError, version

# first: defers a 0.9 s grammar that nbformat's jsonschema would build (ppsp_analysis._startup)
from . import _startup  # noqa: F401
from ._errors import InputError, MethodError, ParameterError, PPSPError, Problem
from .io.package import load_package, read_package
from .pipeline import ScoredResult, score_package

try:
    __version__ = version("ppsp-analysis")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "InputError",
    "MethodError",
    "PPSPError",
    "ParameterError",
    "Problem",
    "ScoredResult",
    "load_package",
    "read_package",
    "score_package",
]
