"""Report notebook parameters, declared once and checked before any notebook runs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .._errors import ParameterError


@dataclass(frozen=True)
class ReportParams:
    """Parameters of the report notebooks (``laporan_area_berisiko``, ``laporan_monev``).

    Attributes
    ----------
    paket : str
        Input package folder.
    tahun : int or None
        Report year; None = the year in Form 1.
    konteks : str or None
        A context file written by the runner (so the notebook shows exactly what the
        exports show, without computing twice); None = compute in the notebook.
    """

    paket: str
    tahun: int | None = None
    konteks: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.paket, (str, Path)) or not str(self.paket).strip():
            raise ParameterError("parameter 'paket' harus berupa path folder paket masukan")
        if self.tahun is not None and (isinstance(self.tahun, bool)
                                       or not isinstance(self.tahun, int)
                                       or not 2000 <= self.tahun <= 2100):
            raise ParameterError(f"parameter 'tahun' harus bilangan bulat 2000–2100, bukan "
                                 f"{self.tahun!r}")
        if self.konteks is not None and not isinstance(self.konteks, (str, Path)):
            raise ParameterError("parameter 'konteks' harus path file atau None")

    @classmethod
    def from_dict(cls, values: dict) -> ReportParams:
        """Build from a dict; an unknown (e.g. misspelled) name is an error, not a warning.

        Examples
        --------
        >>> ReportParams.from_dict({"paket": "data/demo/x", "tahun": 2026}).tahun
        2026
        >>> ReportParams.from_dict({"paket": "x", "tahunn": 2026})
        Traceback (most recent call last):
        ...
        ppsp_analysis._errors.ParameterError: parameter tidak dikenal: tahunn (...)
        """
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise ParameterError(f"parameter tidak dikenal: {', '.join(unknown)} "
                                 f"(yang tersedia: {', '.join(names)})")
        return cls(**values)

    def as_dict(self) -> dict:
        """Plain dict for papermill."""
        return {k: (str(v) if isinstance(v, Path) else v)
                for k, v in dataclasses.asdict(self).items()}
