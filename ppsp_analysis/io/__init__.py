"""The only layer of ppsp-analysis that touches disk."""

from .package import find_packages, read_default_method, read_package
from .writers import atomic_dir, atomic_write, write_scored

__all__ = [
    "atomic_dir",
    "atomic_write",
    "find_packages",
    "read_default_method",
    "read_package",
    "write_scored",
]
