"""Report notebook parameters, declared once and checked before any notebook runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .._errors import ParameterError


@dataclass(frozen=True)
class ReportParams:
    """Parameters of the report notebooks (``laporan_area_berisiko``, ``laporan_monev``).

    Attributes
    ----------
    paket : str
        Input package folder (absolute when ``ppsp run`` gives it).
    tahun : int or None
        Report year; None = the year in Form 1 (area-berisiko report only).
    metode : dict or None
        Method options laid over the package's ``metode.yaml`` (same keys).
    peta : str or None
        Folder holding the report-size map images drawn by ``ppsp run`` (relative to the
        notebook's folder); None or empty = the notebook draws them.
    tanggal : str or None
        Report date (ISO ``2026-12-01``); None = today. ``ppsp run`` fixes it, so a re-run
        of the executed notebook gives the same report.
    """

    paket: str
    tahun: int | None = None
    metode: Mapping | None = None
    peta: str | None = None
    tanggal: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.paket, (str, Path)) or not str(self.paket).strip():
            raise ParameterError("parameter 'paket' harus berupa path folder paket masukan")
        if self.tahun is not None and (isinstance(self.tahun, bool)
                                       or not isinstance(self.tahun, int)
                                       or not 2000 <= self.tahun <= 2100):
            raise ParameterError(f"parameter 'tahun' harus bilangan bulat 2000–2100, bukan "
                                 f"{self.tahun!r}")
        if self.metode is not None and not isinstance(self.metode, Mapping):
            raise ParameterError("parameter 'metode' harus berupa dict opsi metode atau None")
        if self.peta is not None and not isinstance(self.peta, (str, Path)):
            raise ParameterError("parameter 'peta' harus path folder atau None")
        if self.tanggal is not None:
            try:
                dt.date.fromisoformat(str(self.tanggal))
            except ValueError:
                raise ParameterError(f"parameter 'tanggal' harus tanggal ISO (2026-12-01), "
                                     f"bukan {self.tanggal!r}") from None

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

    def as_dict(self, names: tuple[str, ...] | None = None) -> dict:
        """Plain dict for papermill (only ``names`` when given)."""
        out = {k: (str(v) if isinstance(v, Path) else dict(v) if isinstance(v, Mapping) else v)
               for k, v in dataclasses.asdict(self).items()}
        return out if names is None else {k: out[k] for k in names}
