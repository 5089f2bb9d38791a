"""Files that ship with the toolkit: report notebooks and the embedded demo packages.

In a source checkout they are ``notebooks/`` and ``data/demo/`` at the top of the tree (where
users look for them); an installed wheel carries the same files as ``ppsp_analysis/notebooks``
and ``ppsp_analysis/demo_data`` (``[tool.setuptools.package-dir]`` in pyproject.toml).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _shipped(tree_path: str, installed_name: str) -> Path:
    here = _SOURCE_ROOT / tree_path
    if here.is_dir() and (_SOURCE_ROOT / "pyproject.toml").is_file():
        return here
    return Path(str(resources.files("ppsp_analysis").joinpath(installed_name)))


def notebooks_dir() -> Path:
    """The folder holding the report notebooks (``laporan_*.ipynb``, ``eksplorasi.ipynb``).

    >>> (notebooks_dir() / "laporan_area_berisiko.ipynb").is_file()
    True
    """
    return _shipped("notebooks", "notebooks")


def demo_dir() -> Path:
    """The folder holding the embedded synthetic demo packages (province 99).

    >>> sorted(p.name for p in demo_dir().iterdir() if p.is_dir())[0]
    '99.01-kabupaten-sukamaju-rekaan'
    """
    return _shipped("data/demo", "demo_data")
