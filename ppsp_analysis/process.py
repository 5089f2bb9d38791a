"""Process hygiene: nothing of a run outlives it.

Workers (the batch's process pool, the child that does the work of ``ppsp run``) die with
their parent: on Linux the kernel sends them SIGTERM when the parent dies
(``PR_SET_PDEATHSIG``), and a watcher thread checks the parent as a fallback everywhere. On
SIGTERM or SIGINT a worker shuts its Jupyter kernels down, removes its temporary folders
(:mod:`ppsp_analysis.io.scratch`) and uncommitted staging folders
(:mod:`ppsp_analysis.io.outputs`) and exits.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def cleanup() -> None:
    """Stop this process's kernels; remove its temporary and staging folders."""
    import shutil

    from .io import outputs, scratch

    engine = sys.modules.get("ppsp_analysis.report.engine")
    if engine is not None:
        with contextlib.suppress(Exception):
            engine.kill_kernels()
    for stage in outputs.active_stages():
        shutil.rmtree(stage, ignore_errors=True)
    scratch.remove_all()


def _stop(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    # the parent-death signal and the watcher thread may both ask: clean up once
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        cleanup()
    finally:
        os._exit(128 + signum)


def die_with_parent() -> None:
    """Make this (worker) process clean up and exit when its parent dies or stops it.

    Used as the ``initializer`` of worker processes.
    """
    parent = os.getppid()
    signal.signal(signal.SIGTERM, _stop)
    # Ctrl-C reaches the whole foreground process group; the parent decides and stops the
    # workers with SIGTERM, so a worker never dies half-way through its own cleanup.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        _stop(signal.SIGTERM, None)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="ppsp-parent-watch", daemon=True).start()


def worker_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A process pool whose workers die with this process (see :func:`die_with_parent`)."""
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                  initializer=die_with_parent)


def stop_workers(executor: cf.Executor) -> None:
    """Stop a pool's workers now (SIGTERM: each cleans up after itself) and wait for them."""
    procs = list((getattr(executor, "_processes", None) or {}).values())
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.join(30)


def run_in_worker(fn, /, *args, **kwargs):
    """Run ``fn(*args, **kwargs)`` in a child process that dies with this one.

    Returns its result or raises its exception; on Ctrl-C (or any error here) the child is
    stopped and has cleaned up before this returns.
    """
    executor = worker_pool(1)
    try:
        return executor.submit(fn, *args, **kwargs).result()
    except BaseException:
        stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
