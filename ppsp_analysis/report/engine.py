"""A Papermill engine that reuses one pre-warmed kernel per worker process.

Papermill stays the executor (same notebooks, same parameter injection, same executed
notebooks as audit log); only the kernel lifecycle changes. The first notebook of a worker
starts a kernel and imports the toolkit and its heavy dependencies once; every later
notebook runs in that kernel after ``%reset -f`` (a clean namespace, modules stay loaded).
This removes the kernel start-up and import cost that dominates small reports.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile

from jupyter_client import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

ENGINE_NAME = "ppsp-warm"
WARM_UP = ("import ppsp_analysis.report.nb, ppsp_analysis.pipeline, geopandas, pandas, "
           "matplotlib.pyplot, IPython.display")
_KERNELS: dict[str, tuple[AsyncKernelManager, BlockingKernelClient]] = {}


def _run(kc: BlockingKernelClient, code: str, timeout: float = 120) -> None:
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel warm-up failed: {reply['content'].get('evalue')}")


def warm_kernel(kernel_name: str = "python3") -> AsyncKernelManager:
    """The worker's kernel, started and warmed on first use, reset on every later use."""
    if kernel_name in _KERNELS and _KERNELS[kernel_name][0].has_kernel:
        km, kc = _KERNELS[kernel_name]
        _run(kc, "get_ipython().run_line_magic('reset', '-f')\nimport matplotlib.pyplot as _p\n"
                 "_p.close('all')\ndel _p")
        return km
    km = AsyncKernelManager(kernel_name=kernel_name)
    if os.name == "posix":  # IPC sockets: no TCP port race between parallel workers
        km.transport = "ipc"
        km.ip = os.path.join(tempfile.mkdtemp(prefix="ppsp-kernel-"), "k")
    try:
        run_sync(km.start_kernel)()
        # parent=km: readiness checks ask the kernel process, not the heartbeat, which misses
        # beats on a loaded machine ("Kernel died before replying to kernel_info")
        kc = BlockingKernelClient(parent=km)
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        _run(kc, WARM_UP)
    except BaseException:  # interrupted (time limit, Ctrl+C) or failed: no orphan kernel
        _kill(km)
        raise
    _KERNELS[kernel_name] = (km, kc)
    return km


def _kill(km: AsyncKernelManager) -> None:
    """Stop a kernel that is not (yet) registered, whatever state its start reached."""
    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
            process.wait(timeout=10)
    if km.transport == "ipc":
        shutil.rmtree(os.path.dirname(km.ip), ignore_errors=True)


@atexit.register
def shutdown_kernels() -> None:
    """Stop the warm kernels of this process."""
    for km, kc in _KERNELS.values():
        kc.stop_channels()
        with contextlib.suppress(Exception):  # already gone (process group killed)
            run_sync(km.shutdown_kernel)(now=True)
        if km.transport == "ipc":
            shutil.rmtree(os.path.dirname(km.ip), ignore_errors=True)
    _KERNELS.clear()


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
        final.pop("cwd", None)  # the warm kernel keeps its working directory
        km = warm_kernel(kernel_name)
        return PapermillNotebookClient(nb_man, km=km, **final).execute()


papermill_engines.register(ENGINE_NAME, WarmEngine)
