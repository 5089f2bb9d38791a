"""``ppsp batch``: many kabupaten through the same pipeline as ``ppsp run``.

Parallel workers (a local process pool, or Dask distributed with ``--scheduler``), a
manifest that lets a rerun skip unchanged kabupaten and resume after a crash, one failure
never stopping the others, and atomic output folders.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import fmt

MANIFEST = "manifest.json"
#: Default wall-clock limit of one kabupaten in a batch (minutes); ``ppsp batch --batas-waktu``.
DEFAULT_TIME_LIMIT_MIN = 30.0


@dataclass
class Entry:
    """One kabupaten in the manifest."""

    paket: str
    status: str = "menunggu"          # ok | gagal | dilewati | menunggu
    kode: str = ""
    nama: str = ""
    detik: float = 0.0
    galat: str = ""
    keluaran: list[str] = field(default_factory=list)
    folder: str = ""
    hash_masukan: str = ""
    hash_metode: str = ""
    log: str = ""                     # a failed one: its log, relative to the output root


@dataclass
class BatchSummary:
    """What a batch did."""

    entries: list[Entry]
    detik: float

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if e.status == "gagal"]


def input_hashes(pkg_dir: str | Path) -> tuple[str, str]:
    """SHA-256 of the package's files (all but ``metode.yaml``) and of its method file.

    The toolkit version is part of the method hash, so upgrading re-runs everything.
    """
    from . import __version__

    pkg_dir = Path(pkg_dir)
    data = hashlib.sha256()
    method = hashlib.sha256(__version__.encode())
    from .io.outputs import LEDGER

    for path in sorted(p for p in pkg_dir.rglob("*") if p.is_file() and p.name != LEDGER):
        target = method if path.name == "metode.yaml" else data
        target.update(path.relative_to(pkg_dir).as_posix().encode())
        target.update(path.read_bytes())
    return data.hexdigest()[:16], method.hexdigest()[:16]


def run_one(pkg_dir: str, out_root: str, tahun: int | None,
            options: dict | None = None, time_limit_s: float | None = None) -> dict:
    """Worker: run one package; never raises (the error travels as text).

    ``time_limit_s`` stops the package after that many seconds (see
    :mod:`ppsp_analysis.timelimit`); it is then marked failed and nothing of it is written.
    """
    from .timelimit import time_limit

    start = time.perf_counter()
    entry = Entry(paket=str(pkg_dir))
    entry.hash_masukan, entry.hash_metode = input_hashes(pkg_dir)
    trace = ""
    try:
        from .report.runner import run_report

        m = (time_limit_s or 0) / 60
        minutes = (f"{m:.1f}".removesuffix(".0") if m >= 1 else f"{m:.2g}").replace(".", ",")
        message = (f"dihentikan: melebihi batas waktu {minutes} menit per kabupaten; tidak ada "
                   "keluaran yang ditulis untuk kabupaten ini. Periksa ukuran datanya, jalankan "
                   "sendiri dengan: ppsp run PAKET, atau naikkan batasnya: ppsp batch "
                   "--batas-waktu MENIT")
        with _RUN_LOCK, time_limit(time_limit_s, message):
            rec = run_report(pkg_dir, out_root, tahun, **(options or {}))
        entry.status, entry.kode, entry.nama = "ok", rec.kode, rec.nama
        entry.keluaran, entry.folder = rec.outputs, str(rec.folder)
    except Exception as exc:  # one failure must never stop the batch
        import traceback

        from .io.outdir import describe_os_error

        entry.status = "gagal"
        entry.galat = (describe_os_error(exc, out_root) if isinstance(exc, OSError) else
                       str(exc).strip() or type(exc).__name__)
        trace = traceback.format_exc()
    entry.detik = round(time.perf_counter() - start, 2)
    return {**asdict(entry), _TRACE: trace} if entry.status == "gagal" else asdict(entry)


_TRACE = "_jejak"
"""Key of a failed worker's traceback in its result (written to the log, not the manifest)."""


def _write_log(root, entry: Entry, trace: str) -> str:
    """``log/<paket>.log`` of a failed kabupaten: what failed, in words, and the traceback."""
    from .io.writers import slug

    name = f"log/{slug(Path(entry.paket).name) or 'paket'}.log"
    text = (f"ppsp batch — kabupaten/kota gagal diproses\n"
            f"paket   : {entry.paket}\n"
            f"kode    : {entry.kode or '-'}\n"
            f"waktu   : {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
            f"lama    : {fmt.number(entry.detik, 1)} detik\n\n"
            f"GALAT:\n{entry.galat}\n\n"
            "Jejak program (untuk pengembang, bila galat di atas tidak cukup jelas):\n"
            f"{trace}")
    with root.replacing(name) as path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return name


def _read_manifest(out: Path) -> dict[str, Entry]:
    path = out / MANIFEST
    if not path.is_file():
        return {}
    known = set(Entry.__dataclass_fields__)
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = [Entry(**{k: v for k, v in e.items() if k in known})
                   for e in data["kabupaten"]]
        return {e.paket: e for e in entries}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        from ._errors import PPSPError

        raise PPSPError(
            f"{path} rusak atau bukan catatan ppsp batch ({type(exc).__name__}) — pindahkan "
            "atau hapus file itu (keluaran yang sudah ada tidak terpengaruh), atau pilih "
            "folder --out lain, lalu jalankan ulang") from None


def _folder_in(out: Path, folder: str) -> Path | None:
    """The entry's output folder inside ``out``: as recorded, or, for an output root that
    was copied or moved (the manifest then names the old place), the same
    ``<tahun>/<kode>-<nama>`` under ``out``; None when it is not there."""
    if not folder:
        return None
    recorded = Path(folder)
    with contextlib.suppress(ValueError, OSError):
        recorded.resolve().relative_to(out.resolve())
        return recorded if recorded.is_dir() else None
    moved = out / recorded.parent.name / recorded.name
    return moved if moved.is_dir() else None


def _write_manifest(root, entries: dict[str, Entry]) -> None:
    payload = {"kabupaten": [asdict(e) for e in entries.values()]}
    with root.replacing(MANIFEST) as path:
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


#: ``--scheduler`` value that starts a Dask cluster on this machine (``--workers`` processes).
LOCAL_DASK = "local"
# One package at a time per process: the warm Jupyter kernel and matplotlib's settings are
# per process, so a Dask worker started with several threads runs its tasks one by one.
_RUN_LOCK = threading.Lock()


def make_executor(workers: int, scheduler: str | None) -> cf.Executor:
    """A local process pool, or a Dask distributed executor.

    ``scheduler`` is the address of a running Dask scheduler (``tcp://host:8786``; its
    workers must see the packages and the output folder at the same paths), or
    ``"local"``: a Dask ``LocalCluster`` of ``workers`` processes of one thread each on
    this machine, closed with the executor.
    """
    if scheduler:
        from distributed import Client

        cluster = None
        if scheduler == LOCAL_DASK:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            scheduler = cluster.scheduler_address
        client = Client(scheduler, set_as_default=False)
        executor = client.get_executor()
        executor._ppsp_client = client  # closed with the executor
        executor._ppsp_cluster = cluster
        return executor
    from .process import worker_pool

    return worker_pool(workers)


def run_many(pkg_dirs: Iterable[str | Path], out_root: str | Path, workers: int = 2,
             scheduler: str | None = None, resume: bool = False, tahun: int | None = None,
             report: Callable[[str], None] | None = None,
             time_limit_min: float | None = DEFAULT_TIME_LIMIT_MIN,
             **options) -> BatchSummary:
    """Run every package; see module docstring.

    Parameters
    ----------
    pkg_dirs : iterable of path
        Input package folders.
    out_root : path
        Output root (``OUT/<tahun>/<kode>-<nama>/``, ``OUT/manifest.json``, ``OUT/index.html``).
    workers : int
        Local worker processes (with ``scheduler="local"``: Dask worker processes; ignored
        with a scheduler address).
    scheduler : str, optional
        Dask scheduler address, e.g. ``tcp://127.0.0.1:8786``, or ``"local"`` (a Dask
        cluster of ``workers`` processes on this machine); see :func:`make_executor` and
        ``docs/skala_nasional.md``. A task lost with a dying Dask worker is run again on
        another (its half-written staging folder is removed by the next run of that
        kabupaten); the manifest is written here, as results come in.
    resume : bool
        Skip packages whose manifest entry is ``ok`` with unchanged input and method hashes
        and whose output folder still exists.
    report : callable, optional
        Receives one progress line per finished package (default: a progress bar on a
        terminal, plain lines otherwise).
    time_limit_min : float, optional
        Wall-clock limit of one package in minutes (default 30; ``None`` or 0: none). A
        package past it is stopped and marked failed; the others go on. Enforced in local
        worker processes on POSIX; not with ``scheduler`` (Dask runs tasks in threads).
    **options
        Passed to :func:`ppsp_analysis.report.runner.run_report` (``notebooks``, ``maps``);
        ``notebooks=()`` produces the exports only (the ``floor`` benchmark).
    """
    from .io.outputs import OutputFolder

    out = Path(out_root).absolute()
    with OutputFolder(out, "batch") as root:
        return _run_many(root, pkg_dirs, workers, scheduler, resume, tahun, report,
                         time_limit_min, options)


def _run_many(root, pkg_dirs, workers, scheduler, resume, tahun, report, time_limit_min,
              options) -> BatchSummary:
    from .io.index_page import write_index
    from .process import stop_workers

    out = root.path
    start = time.perf_counter()
    previous = _read_manifest(out)
    entries: dict[str, Entry] = {}
    todo: list[str] = []
    for d in pkg_dirs:
        key = str(Path(d).resolve())
        old = previous.get(key)
        folder = _folder_in(out, old.folder) if resume and old else None
        if folder is not None and old.status in ("ok", "dilewati") \
                and (old.hash_masukan, old.hash_metode) == input_hashes(d):
            old.status, old.folder = "dilewati", str(folder.resolve())
            entries[key] = old
        else:
            entries[key] = Entry(paket=key)
            todo.append(key)
    _write_manifest(root, entries)
    progress = _Progress(len(todo), report)
    if todo:
        executor = make_executor(workers, scheduler)
        try:
            limit_s = time_limit_min * 60 if time_limit_min else None
            futures = {executor.submit(run_one, d, str(out), tahun, options, limit_s): d
                       for d in todo}
            for fut in cf.as_completed(futures):
                result = fut.result()
                trace = result.pop(_TRACE, None)
                entry = Entry(**result)
                if trace is not None:
                    entry.log = _write_log(root, entry, trace)
                entries[entry.paket] = entry
                _write_manifest(root, entries)
                progress.step(entry)
        except BaseException:  # Ctrl-C, or the batch itself failed: stop the workers now
            stop_workers(executor)
            raise
        finally:
            client = getattr(executor, "_ppsp_client", None)
            if client is not None:
                executor.shutdown(wait=True)
                client.close()
                if executor._ppsp_cluster is not None:
                    executor._ppsp_cluster.close()
            else:
                executor.shutdown(wait=True, cancel_futures=True)
    progress.close()
    summary = BatchSummary(list(entries.values()), round(time.perf_counter() - start, 2))
    with root.replacing("index.html") as path:
        write_index(summary, out, path)
    return summary


class _Progress:
    def __init__(self, total: int, report: Callable[[str], None] | None):
        self.total, self.done, self.start = total, 0, time.perf_counter()
        self.report = report
        self.bar = None
        if report is None and sys.stderr.isatty() and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="kab", desc="ppsp batch")

    def step(self, entry: Entry) -> None:
        self.done += 1
        label = (f"{entry.kode or Path(entry.paket).name} {entry.status} "
                 f"({fmt.number(entry.detik, 1)} s)")
        if self.bar is not None:
            self.bar.set_postfix_str(label)
            self.bar.update(1)
            return
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        line = f"[{self.done}/{self.total}] {label}, sisa perkiraan {fmt.integer(eta)} s"
        (self.report or (lambda s: print(s, file=sys.stderr, flush=True)))(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
