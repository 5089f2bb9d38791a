"""A wall-clock limit for one piece of work in the current process (``ppsp batch`` uses it to
stop a kabupaten that runs too long, so the others still get their turn).

The limit is a ``SIGALRM`` timer: the exception is raised in the main thread wherever it is,
including while it waits for a notebook kernel. It therefore needs POSIX and the main thread
(a local ``ppsp batch`` worker process); elsewhere (Windows, Dask worker threads) the work
runs without a limit. Work stuck inside one C call is only stopped when that call returns;
the toolkit's own inputs are bounded (formula grammar, workbook size) so that no input can
cause such a call to run for long.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator

from ._errors import PPSPError


class TimeLimitError(PPSPError):
    """The work ran past its time limit and was stopped."""


def can_limit() -> bool:
    """True when :func:`time_limit` can enforce a limit here (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


#: After the first expiry the alarm repeats at this interval (seconds), in case a library
#: caught the first exception and went on working.
REPEAT_S = 30.0


@contextlib.contextmanager
def time_limit(seconds: float | None, message: str) -> Iterator[None]:
    """Raise :class:`TimeLimitError` (``message``) if the block runs longer than ``seconds``.

    ``None`` or ``0`` means no limit. Where no limit can be enforced (see :func:`can_limit`)
    the block simply runs. An error that a library raised while handling the expiry (it
    wrapped ours, e.g. "PDF gagal disusun: …") also comes out as :class:`TimeLimitError`.
    After a timeout, the notebook kernels this process keeps warm are stopped, so the next
    piece of work starts with a fresh one.
    """
    if not seconds or seconds <= 0 or not can_limit():
        yield
        return
    armed, fired = True, False

    def _expired(_signum, _frame):
        nonlocal fired
        if armed:
            fired = True
            raise TimeLimitError(message)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    try:
        yield
    except Exception as exc:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not fired:
            raise
        _reset_kernels()
        if isinstance(exc, TimeLimitError):
            raise
        raise TimeLimitError(message) from exc
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _reset_kernels() -> None:
    """Cancel the notebook tasks the timeout interrupted and stop the warm kernels."""
    engine = sys.modules.get("ppsp_analysis.report.engine")
    if engine is None:
        return
    import asyncio

    from jupyter_core.utils import ensure_event_loop

    with contextlib.suppress(Exception):  # best effort: the next run starts a new kernel
        loop = ensure_event_loop()
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    with contextlib.suppress(Exception):
        engine.shutdown_kernels()
