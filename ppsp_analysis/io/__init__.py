"""The only layer of ppsp-analysis that touches disk."""

from .outputs import OutputFolder
from .package import find_packages, read_default_method, read_package
from .writers import atomic_write, write_scored

__all__ = [
    "OutputFolder",
    "atomic_write",
    "find_packages",
    "read_default_method",
    "read_package",
    "write_scored",
]
