"""A Papermill engine that reuses one pre-warmed kernel per worker process.

Papermill stays the executor (same notebooks, same parameter injection, same executed
notebooks as audit log); only the kernel lifecycle changes. The first notebook of a worker
starts a kernel and imports the toolkit and its heavy dependencies once; every later
notebook runs in that kernel after ``%reset -f`` (a clean namespace, modules stay loaded).
This removes the kernel start-up and import cost that dominates small reports.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import os
import signal

from jupyter_client import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from ..io import package as package_io
from ..io import scratch

ENGINE_NAME = "ppsp-warm"
WARM_UP = ("import ppsp_analysis.report.nb, ppsp_analysis.report.area, "
           "ppsp_analysis.report.monev, ppsp_analysis.pipeline, ppsp_analysis.io.map_files, "
           "geopandas, pandas, matplotlib.pyplot, IPython.display")
# The kernel's first code (IPython exec_lines, run before the kernel starts serving): when
# the worker that started it dies (even by SIGKILL), the kernel removes its temporary folder
# (connection file, sockets) and exits. It takes the place of ipykernel's own parent poller
# (created, not yet started, at that point), so exactly one watcher decides, and survives the
# ``%reset -f`` between notebooks (a thread, not a name).
_WATCH_PARENT = """
def _ppsp_watch_parent(folder={folder!r}):
    import os, shutil, time
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    shutil.rmtree(folder, ignore_errors=True)
    os._exit(1)
from ipykernel.kernelapp import IPKernelApp as _a
_p = getattr(_a.instance(), "poller", None)
if _p is not None and hasattr(_p, "parent_pid"):
    _p.run = _ppsp_watch_parent
else:
    import threading as _t
    _t.Thread(target=_ppsp_watch_parent, name="ppsp-parent-watch", daemon=True).start()
del _a, _p, _ppsp_watch_parent
"""
_KERNELS: dict[str, tuple[AsyncKernelManager, BlockingKernelClient]] = {}
_FOLDERS: dict[str, os.PathLike] = {}
_STARTING: dict[str, AsyncKernelManager] = {}  # launched, not warmed up yet


def _run(kc: BlockingKernelClient, code: str, timeout: float = 120) -> None:
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel warm-up failed: {reply['content'].get('evalue')}")


def warm_kernel(kernel_name: str = "python3") -> AsyncKernelManager:
    """The worker's kernel, started and warmed on first use, reset on every later use."""
    if kernel_name in _KERNELS and _KERNELS[kernel_name][0].has_kernel:
        km, kc = _KERNELS[kernel_name]
        # the last notebook's folder may be gone (a committed staging folder): step into the
        # kernel's own folder first, then clear the namespace
        _run(kc, f"import os as _os\n_os.chdir({str(_FOLDERS[kernel_name])!r})\ndel _os\n"
                 "get_ipython().run_line_magic('reset', '-f')\nimport matplotlib.pyplot as _p\n"
                 "_p.close('all')\ndel _p")
        return km
    km = AsyncKernelManager(kernel_name=kernel_name)
    # the connection file (and, on POSIX, the IPC sockets: no TCP port race between parallel
    # workers) in a temporary folder of this process, removed with it or by the next sweep
    folder = scratch.scratch_dir("kernel")
    km.connection_file = str(folder / "kernel.json")
    if os.name == "posix":
        km.transport = "ipc"
        km.ip = str(folder / "k")
    _FOLDERS[kernel_name] = folder
    _STARTING[kernel_name] = km
    # the parent watcher runs as the kernel's first code (IPython exec_lines), before the
    # warm-up imports: the window in which a killed worker leaves the folder is the kernel's
    # own start-up only (the next ppsp command sweeps that case, io.scratch.sweep)
    code = _WATCH_PARENT.format(folder=str(folder))
    line = f"exec(__import__('base64').b64decode({base64.b64encode(code.encode())!r}))"
    try:
        # the kernel takes the package the runner has just read from its own folder instead
        # of reading it again (io.package.share_last_read, before each notebook); the folder,
        # and the package in it, go when the kernel or the worker goes
        env = {**os.environ, package_io.SHARE_ENV: str(folder)}
        run_sync(km.start_kernel)(extra_arguments=[f"--IPKernelApp.exec_lines={line}"],
                                  env=env)
        # parent=km: readiness checks ask the kernel process, not the heartbeat, which misses
        # beats on a loaded machine ("Kernel died before replying to kernel_info")
        kc = BlockingKernelClient(parent=km)
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        _run(kc, WARM_UP)
    except BaseException:  # interrupted (time limit, Ctrl+C) or failed: no orphan kernel
        kill_kernels()
        raise
    _KERNELS[kernel_name] = (km, kc)
    _STARTING.pop(kernel_name, None)
    return km


@atexit.register
def shutdown_kernels() -> None:
    """Stop the warm kernels of this process and remove their temporary folders."""
    for km, kc in _KERNELS.values():
        kc.stop_channels()
        with contextlib.suppress(Exception):  # already gone (process group killed)
            run_sync(km.shutdown_kernel)(now=True)
    kill_kernels()


def kill_kernels() -> None:
    """Kill the warm kernels at once (from a signal handler: no event loop, no waiting).

    A kernel runs in a session of its own (jupyter_client), so a signal to the worker's
    process group does not reach it; its whole process group is killed here.
    """
    managers = [km for km, _ in _KERNELS.values()] + list(_STARTING.values())
    for km in managers:
        pid = getattr(km.provisioner, "pid", None) if km.provisioner else None
        if pid:
            with contextlib.suppress(OSError):
                os.killpg(os.getpgid(pid), signal.SIGKILL)
            # gone before its folder goes: a starting kernel rewrites its connection file
            # (and would re-create the folder) until it dies
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
    _KERNELS.clear()
    _STARTING.clear()
    for folder in _FOLDERS.values():
        scratch.remove(folder)
    _FOLDERS.clear()


class WarmEngine(NBClientEngine):
    """Papermill engine: the NBClient engine with a reused, pre-warmed kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                             kernel_name=kernel_name, log=logger, log_output=log_output,
                             stdout_file=stdout_file, stderr_file=stderr_file)
        final.pop("cwd", None)
        km = warm_kernel(kernel_name)
        package_io.share_last_read(_FOLDERS[kernel_name])
        # papermill changed this process's directory to the notebook's ``cwd``: the warm
        # kernel follows, so relative paths in the notebook mean the same as in a fresh kernel
        chdir = f"import os as _os\n_os.chdir({os.getcwd()!r})\ndel _os"
        _run(_KERNELS[kernel_name][1], chdir)
        try:
            return PapermillNotebookClient(nb_man, km=km, **final).execute()
        except RuntimeError as exc:
            # Seen on busy machines: the warm kernel is gone when the notebook's client
            # starts ("Kernel died before replying to kernel_info"); no cell has run yet,
            # so start a fresh kernel once and run the notebook in it.
            if "Kernel died" not in str(exc):
                raise
            logger.warning("kernel hilang sebelum notebook mulai; kernel baru dijalankan")
            kill_kernels()
            km = warm_kernel(kernel_name)
            package_io.share_last_read(_FOLDERS[kernel_name])
            _run(_KERNELS[kernel_name][1], chdir)
            return PapermillNotebookClient(nb_man, km=km, **final).execute()


papermill_engines.register(ENGINE_NAME, WarmEngine)
