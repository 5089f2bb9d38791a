"""Saving and loading a report context between the runner and its notebooks."""

from __future__ import annotations

import pickle
from pathlib import Path

from ..report.context import ReportContext


def write_context(ctx: ReportContext, path: str | Path) -> Path:
    """Write a context file (pickle; produced and read by this toolkit only)."""
    from .writers import atomic_write

    with atomic_write(path) as fh:
        pickle.dump(ctx, fh)
    return Path(path)


def read_context(path: str | Path) -> ReportContext:
    """Read a context file written by :func:`write_context`."""
    with open(path, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - our own file, written by the runner
