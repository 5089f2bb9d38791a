"""The only layer of ppsp-analysis that touches disk."""

from .gpkg import read_desa_layer, write_gpkg
from .outputs import OutputFolder
from .package import find_packages, read_default_method, read_package
from .writers import atomic_write, write_scored

__all__ = [
    "OutputFolder",
    "atomic_write",
    "find_packages",
    "read_default_method",
    "read_desa_layer",
    "read_package",
    "write_gpkg",
    "write_scored",
]
