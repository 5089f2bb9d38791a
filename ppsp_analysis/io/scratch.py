"""Temporary folders outside the output folder (kernel sockets, notebook figures).

Each is made in the system's temporary folder with a ledger file inside
(``.ppsp-sementara.json``: maker, process id and the process's start time), removed when the
process ends normally or is told to stop, and, should the process be killed outright, removed
by the next ppsp command that starts (:func:`sweep`): a folder is removed only when its ledger
says the toolkit made it and the process that made it is gone. Nothing is ever recognised by
its name alone.

Examples
--------
>>> d = scratch_dir("contoh")
>>> d.is_dir() and (d / LEDGER).is_file()
True
>>> remove(d)
>>> d.exists()
False
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path

LEDGER = ".ppsp-sementara.json"
_MAKER = "ppsp-analysis"
_MINE: set[Path] = set()


def _start_time(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).create_time()
    except Exception:  # no such process, or psutil missing
        return None


def scratch_dir(purpose: str) -> Path:
    """A new private temporary folder, recorded as this process's."""
    # a stop signal between making the folder and recording it would leave it unknown to
    # the cleanup: hold the signals until it is recorded
    held = {signal.SIGTERM, signal.SIGINT}
    old = _block(held)
    try:
        path = Path(tempfile.mkdtemp(prefix=f"ppsp-{purpose}-"))
        _MINE.add(path)
        (path / LEDGER).write_text(json.dumps({"dibuat_oleh": _MAKER, "pid": os.getpid(),
                                               "mulai": _start_time(os.getpid())}),
                                   encoding="utf-8")
    finally:
        _block(old, unblock=True)
    return path


def _block(signals: set, unblock: bool = False) -> set:
    """Block (or restore) signals in this thread; where unsupported, do nothing."""
    if not hasattr(signal, "pthread_sigmask"):
        return set()
    how = signal.SIG_SETMASK if unblock else signal.SIG_BLOCK
    return set(signal.pthread_sigmask(how, signals))


def remove(path: Path) -> None:
    """Remove one of this process's temporary folders."""
    shutil.rmtree(path, ignore_errors=True)
    _MINE.discard(path)


@atexit.register
def remove_all() -> None:
    """Remove every temporary folder of this process (at exit and on a stop signal)."""
    for path in list(_MINE):
        remove(path)


def sweep(root: str | Path | None = None) -> list[Path]:
    """Remove temporary folders left by ppsp processes that no longer run.

    Parameters
    ----------
    root : path, optional
        Where to look (default: the system's temporary folder).

    Returns
    -------
    list of Path
        The folders removed.
    """
    root = Path(root or tempfile.gettempdir())
    removed = []
    with contextlib.suppress(OSError):
        for path in root.iterdir():
            ledger = path / LEDGER
            if not ledger.is_file():
                continue
            try:
                data = json.loads(ledger.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict) or data.get("dibuat_oleh") != _MAKER:
                continue
            pid, started = data.get("pid"), data.get("mulai")
            alive = isinstance(pid, int) and _start_time(pid) is not None and (
                started is None or abs(_start_time(pid) - started) < 1.0)
            if not alive:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed
