"""Output-folder checks made before anything is written, and operating-system errors
(full disk, read-only folder, no permission) told as one sentence in Bahasa Indonesia.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .._errors import PPSPError


class OutputPathError(PPSPError):
    """An output path that cannot be used (a file where a folder is needed, or the reverse)."""


def check_out_folder(path: str | Path, option: str = "--out") -> Path:
    """Refuse an output *folder* path that is, or lies under, an existing file.

    Nothing is written. The toolkit never replaces a user's file with a folder.

    Raises
    ------
    OutputPathError
        Naming the file and what to do.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputPathError(
            f"{option} {path}: sudah ada sebagai file, bukan folder; file itu tidak diubah — "
            f"pilih nama folder keluaran yang lain, mis. {option} "
            f"{path.with_name(path.stem + '_keluaran')}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputPathError(
                    f"{option} {path}: {parent} adalah file, bukan folder — pilih folder "
                    "keluaran di tempat lain")
            break
    return path


_TEXT = {
    errno.ENOSPC: ("disk penuh saat menulis {target}",
                   "kosongkan ruang disk atau pilih folder keluaran di disk lain (--out); "
                   "keluaran yang belum selesai tidak ditinggalkan"),
    errno.EROFS: ("{target} berada di disk atau folder hanya-baca (read-only)",
                  "pilih folder keluaran yang dapat ditulis dengan --out"),
    errno.EACCES: ("akses ditolak ke {target}",
                   "periksa izin folder/file itu, tutup file yang sedang dibuka di Excel, atau "
                   "pilih folder keluaran lain dengan --out"),
    errno.ENOTDIR: ("{target}: salah satu bagian jalurnya adalah file, bukan folder",
                    "pilih jalur folder yang lain"),
    errno.EISDIR: ("{target} adalah folder, padahal yang dibutuhkan file",
                   "tulis nama file, bukan nama folder"),
    errno.EEXIST: ("{target} sudah ada", "pilih nama lain; file yang ada tidak diubah"),
    errno.ENOENT: ("{target} tidak ditemukan", "periksa ejaan jalurnya"),
    errno.EMFILE: ("terlalu banyak file terbuka", "kurangi --workers lalu jalankan ulang"),
    errno.EIO: ("galat baca/tulis perangkat pada {target}",
                "periksa disk atau flashdisk itu lalu jalankan ulang"),
}
_TEXT[errno.EDQUOT] = ("kuota disk habis saat menulis {target}", _TEXT[errno.ENOSPC][1])
_TEXT[errno.EPERM] = _TEXT[errno.EACCES]
_TEXT[errno.ENFILE] = _TEXT[errno.EMFILE]


def describe_os_error(exc: OSError, where: str | Path | None = None) -> str:
    """One Indonesian sentence for an operating-system error: what happened where, and what
    to do (``"disk penuh saat menulis reports/2026 — kosongkan ruang disk ..."``).

    A temporary name made by the toolkit (``.name.xxxx.tmp``) is shown as its folder; an
    error without a file name is placed at ``where`` (the output folder).
    """
    target = _shown(exc.filename if exc.filename is not None else where)
    what, hint = _TEXT.get(exc.errno, ("galat sistem berkas pada {target}: "
                                       f"{exc.strerror or exc}", "periksa jalur dan disknya"))
    return f"{what.format(target=target)} — {hint}"


def _shown(filename: object) -> str:
    if filename is None:
        return "folder keluaran"
    text = os.fsdecode(filename) if isinstance(filename, (str, bytes, os.PathLike)) else \
        str(filename)
    name = os.path.basename(text.rstrip("/\\"))
    if name.startswith(".") and ".tmp" in name:
        return f"folder {os.path.dirname(text) or '.'}"
    return text


#: Free space below which a disk counts as full when a library reports a write failure in
#: its own words (GDAL: "Failed to commit transaction", SQLite: "database or disk is full").
FULL_BELOW_BYTES = 1 << 20


def disk_error(exc: BaseException, path: str | Path) -> OSError | None:
    """The operating-system error behind a library's write failure, if the disk holding
    ``path`` is full or read-only (checked while the failed write's temporary file still
    exists); None for an :class:`OSError` (already one), an interruption, or a healthy disk.
    """
    if isinstance(exc, OSError) or not isinstance(exc, Exception):
        return None
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # Windows has no statvfs
        return None
    if st.f_flag & getattr(os, "ST_RDONLY", 1):
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
    if st.f_bavail * st.f_frsize < FULL_BELOW_BYTES:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return None
