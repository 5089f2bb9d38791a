"""Numbered steps with their elapsed time, for a long command: ``[1/7] membaca paket … 0,8 s``.

``ppsp run`` takes a minute or more; a newcomer who sees nothing for that long thinks it hangs.
Each step prints its number and name when it starts and its time when it ends, on stderr (the
results a command prints stay on stdout).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

from .. import fmt


class Steps:
    """Print numbered steps to ``stream`` (default: stderr); silent when ``enabled`` is False.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> steps = Steps(2, stream=buf, clock=iter([0.0, 0.84, 1.0, 3.5]).__next__)
    >>> with steps.step("membaca paket"):
    ...     pass
    >>> with steps.step("menghitung skor"):
    ...     pass
    >>> print(buf.getvalue(), end="")
    [1/2] membaca paket … 0,8 s
    [2/2] menghitung skor … 2,5 s
    """

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True,
                 clock=time.perf_counter):
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream, self.clock = stream, clock

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[None]:
        """One step: its line is started before the work and finished after it."""
        self.done += 1
        if not self.enabled:
            yield
            return
        out = self.stream or sys.stderr
        print(f"[{self.done}/{self.total}] {label} …", end="", file=out, flush=True)
        start = self.clock()
        try:
            yield
        except BaseException:
            print(f" gagal setelah {fmt.number(self.clock() - start, 1)} s", file=out,
                  flush=True)
            raise
        print(f" {fmt.number(self.clock() - start, 1)} s", file=out, flush=True)
