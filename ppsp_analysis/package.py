"""The in-memory input package of one kabupaten (built by :mod:`ppsp_analysis.io`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd


@dataclass
class InputPackage:
    """Everything read from one kabupaten's input folder.

    Tables keep a ``_baris`` column: the row number the user sees in the file (Excel row,
    CSV line), so that every message can point at it.

    Attributes
    ----------
    path : Path
        The folder.
    files : dict
        Role → file name actually read (``batas``, ``instrumen``, ``ehra``, ``metode``).
    desa : GeoDataFrame
        Desa polygons with ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``.
    context : dict
        Optional layers: ``kecamatan``, ``kabupaten``, ``konteks_kabupaten``, ``sungai``.
    form1 : dict
        General data (``nama_pokja``, ``kode_kabupaten``, ``nama_kabupaten``, ``tahun`` …).
    sheets : dict
        Sheet name → DataFrame (``OPD``, ``Form2``, ``Persepsi``, ``Akses``, …).
    ehra : DataFrame
        Household records.
    method : dict
        The merged method options (a :class:`~ppsp_analysis.Method` is accepted too).
    official_method : dict, optional
        The method the package itself declares (defaults + its ``metode.yaml``), as read.
        A result scored with any other method is a *scenario*: its outputs say
        ``SKENARIO — bukan hasil resmi`` and list the changed options. None = ``method``.
    """

    path: Path
    files: dict[str, str]
    desa: gpd.GeoDataFrame
    context: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    form1: dict[str, object] = field(default_factory=dict)
    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    ehra: pd.DataFrame | None = None
    method: dict = field(default_factory=dict)
    official_method: dict | None = None

    def __repr__(self) -> str:
        from .display import package_text

        return package_text(self)

    def _repr_html_(self) -> str:
        from .display import package_html

        return package_html(self)

    @property
    def kode(self) -> str:
        """Kemendagri code of the kabupaten (``PP.KK``)."""
        return str(self.form1.get("kode_kabupaten", ""))

    @property
    def nama(self) -> str:
        """Name of the kabupaten as written in Form 1."""
        return str(self.form1.get("nama_kabupaten", ""))

    @property
    def tahun(self) -> int:
        """Analysis year from Form 1."""
        return int(self.form1.get("tahun", 0) or 0)

    @property
    def sintetis(self) -> bool:
        """True for synthetic (demo) data: every output then says DATA SINTETIS."""
        return str(self.form1.get("data_sintetis", "")).strip().lower() in {"ya", "true", "1"}

    def sheet(self, name: str) -> pd.DataFrame:
        """A sheet by name (empty DataFrame when absent)."""
        return self.sheets.get(name, pd.DataFrame())
