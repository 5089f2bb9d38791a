"""Small helpers for the analysts' exploration notebook (pure)."""

from __future__ import annotations

import copy

import pandas as pd

from ._errors import Problem
from .method import check_method
from .package import InputPackage
from .validation import validate_package


def problems_table(pkg: InputPackage | None, problems: list[Problem]) -> pd.DataFrame:
    """Every problem of a package (read + content checks) as a table, errors first."""
    every = list(problems) + (validate_package(pkg) if pkg is not None else [])
    rows = [{"tingkat": p.severity, "file": p.file, "sheet": p.sheet, "baris": p.row,
             "kolom": p.column, "masalah": p.message, "saran": p.hint} for p in every]
    table = pd.DataFrame(rows, columns=["tingkat", "file", "sheet", "baris", "kolom", "masalah",
                                        "saran"])
    return table.sort_values("tingkat", kind="stable").reset_index(drop=True)


def with_weights(method: dict, exposure: dict[str, dict[str, float]]) -> dict:
    """A copy of ``method`` with some EXPOSURE weights replaced (checked).

    Examples
    --------
    >>> from ppsp_analysis.io import read_default_method
    >>> m = with_weights(read_default_method(), {"air_limbah": {"sekunder": 2, "irs": 1,
    ...                                                         "persepsi": 1}})
    >>> m["exposure"]["bobot"]["air_limbah"]["sekunder"]
    2
    """
    out = copy.deepcopy(method)
    for comp, weights in exposure.items():
        out["exposure"]["bobot"][comp] = dict(weights)
    return check_method(out)


def compare_classes(before: pd.DataFrame, after: pd.DataFrame, column: str) -> pd.DataFrame:
    """Desa whose class changed between two scorings, with a count matrix in ``attrs``."""
    joined = pd.DataFrame({"nama_desa": before["nama_desa"], "nama_kec": before["nama_kec"],
                           "sebelum": before[column], "sesudah": after[column]})
    changed = joined[joined["sebelum"].astype("Float64") != joined["sesudah"].astype("Float64")]
    changed = changed.reset_index(drop=True)
    changed.attrs["matriks"] = pd.crosstab(joined["sebelum"], joined["sesudah"])
    return changed
