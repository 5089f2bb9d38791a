"""Output folders that may hold the user's own files.

The toolkit only ever creates, replaces or removes what it made itself. What it made is
identified positively, by a ledger in the folder (``.ppsp-keluaran.json``: every file the
toolkit wrote there, and every temporary folder it is using), never by a file-name pattern.
So ``--out`` may be an existing folder full of other things (``~/Dokumen``): those survive,
byte for byte, and a file of the user's that has the name of an output is never replaced
(the command stops with a message instead, before anything is written).

A command writes its outputs into a *staging* folder inside the output folder (same file
system, so moving is a rename), then :meth:`OutputFolder.commit` moves them into place. The
staging folder is in the ledger before it exists, so a run killed at any moment leaves
nothing that the next run into that folder cannot recognise and remove; a run interrupted
by a signal removes it at once.

While a command writes, it holds an exclusive lock on the folder (``flock`` on the folder
itself, so no lock file is left behind); a second run into the same folder stops with a
message naming the process that holds it.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "catatan saya.txt").write_text("punya saya", encoding="utf-8")
>>> with OutputFolder(root, "contoh") as out:
...     stage = out.stage()
...     _ = (stage / "hasil.txt").write_text("baru", encoding="utf-8")
...     _ = out.commit(stage)
>>> sorted(p.name for p in root.iterdir())
['.ppsp-keluaran.json', 'catatan saya.txt', 'hasil.txt']
>>> OutputFolder.owned_files(root)
['hasil.txt']
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from .._errors import PPSPError
from .outdir import check_out_folder, describe_os_error, disk_error

LEDGER = ".ppsp-keluaran.json"
_MAKER = "ppsp-analysis"
_STAGE_PREFIX = ".ppsp-sementara-"

# Staging folders of this process that are not committed yet: removed by the signal
# handlers of ppsp_analysis.process when the process is told to stop.
_ACTIVE_STAGES: set[Path] = set()


class OutputFolderError(PPSPError):
    """The output folder cannot be used (a file, read-only, in use, a user's file in the way)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """Mode of a new ordinary file under the current umask (``0o644`` under umask 022)."""
    return 0o666 & ~_umask()


def dir_mode() -> int:
    """Mode of a new ordinary folder under the current umask (``0o755`` under umask 022)."""
    return 0o777 & ~_umask()


class OutputFolder:
    """An output folder, locked and with a ledger of what the toolkit wrote into it.

    Parameters
    ----------
    path : path
        The folder (created with its parents when missing).
    command : str
        The command writing it (kept in the ledger, shown to a second run). It also names
        the output *set*: a commit replaces the files of its own set only, so ``ppsp score``
        and ``ppsp maps`` into one folder keep each other's files.
    """

    def __init__(self, path: str | Path, command: str):
        self.path = Path(path).absolute()
        self.command = command
        self._fd: int | None = None
        self._created = False
        self._mine: list[Path] = []
        self._had_ledger = False
        self.ledger: dict = {}

    # -- ledger ------------------------------------------------------------------------
    @staticmethod
    def read_ledger(path: str | Path) -> dict:
        """The ledger of ``path`` (empty when the toolkit never wrote there)."""
        src = Path(path) / LEDGER
        try:
            data = json.loads(src.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("dibuat_oleh") != _MAKER:
            return {}
        return data

    @classmethod
    def owned_files(cls, path: str | Path) -> list[str]:
        """Files (relative POSIX paths) the toolkit wrote into ``path`` and still owns."""
        return sorted(cls.read_ledger(path).get("berkas", {}))

    def _write_ledger(self) -> None:
        self.ledger.update(dibuat_oleh=_MAKER, versi=1)
        text = json.dumps(self.ledger, ensure_ascii=False, indent=1, sort_keys=True)
        tmp = self.path / f"{LEDGER}.{os.getpid()}"
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, file_mode())
        os.replace(tmp, self.path / LEDGER)

    # -- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        path = self.path
        check_out_folder(path)  # a file where the folder should be: refused, untouched
        try:
            existed = path.is_dir()
            path.mkdir(parents=True, exist_ok=True)
            self._created = not existed
        except OSError as exc:
            raise _os_error(exc, path) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise _os_error(OSError(errno.EACCES, os.strerror(errno.EACCES), str(path)), path)
        self._lock()
        self.ledger = self.read_ledger(path)
        self._had_ledger = bool(self.ledger)
        self._remove_leftovers()
        self.ledger["sedang_ditulis"] = {"pid": os.getpid(), "perintah": self.command,
                                         "mulai": _dt.datetime.now().isoformat(timespec="seconds")}
        try:
            self._write_ledger()
        except OSError as exc:
            self._unlock()
            raise _os_error(exc, path) from None
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            for stage in list(self._mine):
                self._drop_stage(stage)
            self.ledger.pop("sedang_ditulis", None)
            if not (self.ledger.get("berkas") or self.ledger.get("sementara")
                    or self._had_ledger):
                # nothing was committed: leave no trace (and no folder this run made)
                with contextlib.suppress(OSError):
                    (self.path / LEDGER).unlink()
                    if self._created:
                        self.path.rmdir()
            else:
                with contextlib.suppress(OSError):
                    self._write_ledger()
        finally:
            self._unlock()
        disk = disk_error(exc, self.path) if exc is not None else None
        if disk is not None and not isinstance(exc, PPSPError):
            # libraries report a full disk in their own words (GDAL: "no such table");
            # what the user needs to know is that the disk is full
            raise OutputFolderError(describe_os_error(disk, self.path)) from exc

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks on folders; runs are not guarded
            return
        self._fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            holder = self.read_ledger(self.path).get("sedang_ditulis", {})
            who = (f"proses {holder.get('pid')} (ppsp {holder.get('perintah')}, mulai "
                   f"{holder.get('mulai')})" if holder else "proses lain")
            raise OutputFolderError(
                f"folder {self.path} sedang ditulis oleh {who}. Tunggu sampai proses itu "
                "selesai, atau pilih folder keluaran lain dengan --out.") from None

    def _unlock(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def _remove_leftovers(self) -> None:
        """Remove the staging folders a killed run recorded in the ledger."""
        for rel in self.ledger.get("sementara", []):
            shutil.rmtree(self.path / rel, ignore_errors=True)
        self.ledger["sementara"] = []
        # files in the ledger that the user has deleted since are no longer ours
        berkas = self.ledger.get("berkas", {})
        if not isinstance(berkas, dict):
            berkas = {}
        self.ledger["berkas"] = {f: s for f, s in berkas.items() if (self.path / f).is_file()}

    # -- writing -----------------------------------------------------------------------
    def stage(self) -> Path:
        """A new, empty staging folder inside the output folder (recorded first)."""
        stage = self.path / f"{_STAGE_PREFIX}{secrets.token_hex(6)}"
        self.ledger.setdefault("sementara", []).append(stage.name)
        self._write_ledger()
        stage.mkdir(mode=dir_mode())
        self._mine.append(stage)
        _ACTIVE_STAGES.add(stage)
        return stage

    def _drop_stage(self, stage: Path) -> None:
        shutil.rmtree(stage, ignore_errors=True)
        _ACTIVE_STAGES.discard(stage)
        if stage in self._mine:
            self._mine.remove(stage)
        with contextlib.suppress(ValueError):
            self.ledger.get("sementara", []).remove(stage.name)

    def conflicts(self, names: list[str]) -> list[str]:
        """Of ``names`` (relative paths), those that exist and are not the toolkit's."""
        owned = self.ledger.get("berkas", {})
        out = []
        for name in names:
            target = self.path / name
            if name not in owned and (target.exists() or target.is_symlink()):
                out.append(name)
            else:  # a parent of the output that exists as a user's file
                for parent in Path(name).parents:
                    p = self.path / parent
                    if str(parent) != "." and p.exists() and not p.is_dir():
                        out.append(parent.as_posix())
        return sorted(set(out))

    def commit(self, stage: Path, replace: bool = True,
               overwrite: tuple[str, ...] | list[str] = ()) -> list[str]:
        """Move everything in ``stage`` into the folder.

        Parameters
        ----------
        stage : Path
            A folder from :meth:`stage`.
        replace : bool
            The staged files are the whole new output set: files the toolkit wrote here
            before and that are not in the new set are removed (never anything else).
        overwrite : sequence of str
            Files the user explicitly asked to replace even if they are not the toolkit's
            (``ppsp template --timpa``).

        Returns
        -------
        list of str
            The committed files, relative to the folder.

        Raises
        ------
        OutputFolderError
            A file of the user's has the name of an output (nothing is moved).
        """
        files = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                       if p.is_file() or p.is_symlink())
        clash = [c for c in self.conflicts(files) if c not in overwrite]
        if clash:
            shown = ", ".join(clash[:5]) + (f" (dan {len(clash) - 5} lagi)" if len(clash) > 5
                                            else "")
            raise OutputFolderError(
                f"di {self.path} sudah ada {shown}, bukan buatan ppsp-analysis; file itu "
                "tidak akan ditimpa. Pindahkan file itu atau pilih folder keluaran lain "
                "dengan --out.")
        berkas: dict[str, str] = self.ledger.setdefault("berkas", {})
        mine = {f for f, s in berkas.items() if s == self.command}
        # the ledger first: a crash while moving leaves every file attributed
        berkas.update(dict.fromkeys(files, self.command))
        self._write_ledger()
        made_dirs = set(self.ledger.get("folder", []))
        for rel in files:
            target = self.path / rel
            for parent in reversed(Path(rel).parents):
                if str(parent) != "." and not (self.path / parent).is_dir():
                    (self.path / parent).mkdir(mode=dir_mode())
                    made_dirs.add(parent.as_posix())
            os.replace(stage / rel, target)
        if replace:
            for rel in sorted(mine - set(files)):
                with contextlib.suppress(FileNotFoundError):
                    (self.path / rel).unlink()
                del berkas[rel]
            for rel in sorted(made_dirs, key=lambda d: -d.count("/")):
                with contextlib.suppress(OSError):  # only when empty
                    (self.path / rel).rmdir()
        self.ledger["folder"] = sorted(d for d in made_dirs if (self.path / d).is_dir())
        self._drop_stage(stage)
        self._write_ledger()
        return files

    @contextlib.contextmanager
    def replacing(self, name: str) -> Iterator[Path]:
        """Write one file of the folder: yields a staged path, committed without touching
        the folder's other outputs (``manifest.json``, ``index.html`` of a batch)."""
        stage = self.stage()
        try:
            yield stage / name
            self.commit(stage, replace=False)
        finally:
            if stage in self._mine:
                self._drop_stage(stage)
                self._write_ledger()


def active_stages() -> list[Path]:
    """Staging folders of this process not committed yet (for the signal handlers)."""
    return sorted(_ACTIVE_STAGES)


def _os_error(exc: OSError, path: Path) -> OutputFolderError:
    """An OSError at the output folder as a sentence."""
    return OutputFolderError(describe_os_error(exc, path))
