"""Never lose a user's file; nothing of a run outlives it.

Fault injection for every command that writes (run, batch, maps, score, demo-data, template):
an output folder full of the user's own files (they survive byte for byte, whatever their
names), ``--out`` naming a file, a read-only folder, a full disk (a small tmpfs), two runs into
one folder; SIGKILL and SIGINT at several points, then no process of the run alive and the
temporary folder left as found.
"""

from __future__ import annotations

import contextlib
import doctest
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ppsp_analysis.io import outputs, scratch
from ppsp_analysis.io.outputs import LEDGER, OutputFolder, OutputFolderError

DRAFT = ["--kertas", "A4", "--dpi", "50", "--format-peta", "png"]
PKG_NAME = "99.03-kota-bandar-fiktif"

# The user's own files, with names that the toolkit's old cleanup patterns matched.
USER_FILES = {
    "surat.docx": b"dokumen penting",
    ".catatan.tmp": b"punya pengguna",
    ".draf.old": b"versi lama saya",
    ".gambar.abc.tmp.png": b"\x89PNG pengguna",
    "foto/rapat.jpg": b"\xff\xd8 foto",
    "peta/peta saya.pdf": b"%PDF peta buatan sendiri",
    "2026/catatan tahun ini.txt": b"tulisan pengguna",
}


def _plant(folder: Path) -> dict[str, str]:
    for rel, data in USER_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return _digest(folder, USER_FILES)


def _digest(folder: Path, names) -> dict[str, str]:
    return {rel: hashlib.sha256((folder / rel).read_bytes()).hexdigest()
            for rel in names if (folder / rel).is_file()}


def _ppsp(*args, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ppsp_analysis", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout)


def _no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-2000:]


@pytest.fixture(scope="module")
def tiny_pkg(tiny_packages) -> Path:
    return next(p for p in tiny_packages if p.name == PKG_NAME)


@pytest.fixture(scope="module")
def pkg(tiny_pkg, tmp_path_factory) -> Path:
    """The small kota package, alone in its folder (a batch over its folder runs just it)."""
    root = tmp_path_factory.mktemp("satu-paket")
    shutil.copytree(tiny_pkg, root / tiny_pkg.name)
    return root / tiny_pkg.name


@pytest.fixture(scope="module")
def boundaries(tiny_pkg) -> Path:
    return tiny_pkg / "batas.gpkg"


def _commands(pkg: Path, boundaries: Path, out: Path) -> dict[str, list]:
    """Each writing command with ``out`` as its output folder (``pkg`` alone in its folder,
    see ``batch_root``, so that the batch runs one kabupaten)."""
    return {
        "run": ["run", pkg, "--out", out, *DRAFT],
        "batch": ["batch", pkg.parent, "--out", out, "--workers", "1", *DRAFT],
        "maps": ["maps", pkg, "--out", out, *DRAFT],
        "score": ["score", pkg, "--out", out],
        "demo-data": ["demo-data", "--boundaries", boundaries, "--kabupaten", "99.03",
                      "--out", out],
        "template": ["template", boundaries, "--kabupaten", "99.03", "--out",
                     out / "instrumen.xlsx", "--dengan-batas"],
    }


COMMANDS = ["run", "batch", "maps", "score", "demo-data", "template"]


# -- the ledger, unit level ------------------------------------------------------------------


def test_doctests_of_the_safety_modules():
    for mod in (outputs, scratch):
        assert doctest.testmod(mod).failed == 0


def test_commit_keeps_user_files_and_replaces_only_its_own_set(tmp_path):
    before = _plant(tmp_path)
    with OutputFolder(tmp_path, "maps") as out:
        stage = out.stage()
        (stage / "peta").mkdir()
        (stage / "peta" / "a.png").write_bytes(b"a1")
        (stage / "b.html").write_bytes(b"b1")
        assert sorted(out.commit(stage)) == ["b.html", "peta/a.png"]
    with OutputFolder(tmp_path, "score") as out:
        stage = out.stage()
        (stage / "skor.csv").write_bytes(b"s")
        out.commit(stage)
    with OutputFolder(tmp_path, "maps") as out:  # the new maps set no longer has b.html
        stage = out.stage()
        (stage / "peta").mkdir()
        (stage / "peta" / "a.png").write_bytes(b"a2")
        out.commit(stage)
    assert _digest(tmp_path, USER_FILES) == before
    assert (tmp_path / "peta" / "a.png").read_bytes() == b"a2"
    assert not (tmp_path / "b.html").exists()       # its own old output: removed
    assert (tmp_path / "skor.csv").read_bytes() == b"s"  # another command's set: kept
    assert OutputFolder.owned_files(tmp_path) == ["peta/a.png", "skor.csv"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ppsp-sementara")]


def test_a_user_file_with_an_output_name_is_never_replaced(tmp_path):
    (tmp_path / "b.html").write_bytes(b"milik pengguna")
    with OutputFolder(tmp_path, "maps") as out:
        stage = out.stage()
        (stage / "b.html").write_bytes(b"baru")
        (stage / "c.html").write_bytes(b"baru")
        with pytest.raises(OutputFolderError, match="b.html.*bukan buatan ppsp"):
            out.commit(stage)
    assert (tmp_path / "b.html").read_bytes() == b"milik pengguna"
    assert not (tmp_path / "c.html").exists()  # nothing moved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html"]  # no ledger left behind


def test_a_file_the_user_deleted_or_replaced_is_no_longer_ours(tmp_path):
    with OutputFolder(tmp_path, "maps") as out:
        stage = out.stage()
        (stage / "a.png").write_bytes(b"a")
        out.commit(stage)
    (tmp_path / "a.png").unlink()
    with OutputFolder(tmp_path, "maps") as out:
        assert "a.png" not in out.ledger["berkas"]


def test_leftover_staging_of_a_killed_run_is_removed_by_the_next_run(tmp_path):
    with OutputFolder(tmp_path, "run") as out:
        stage = out.stage()
        (stage / "setengah.pdf").write_bytes(b"half")
        # a SIGKILL here: the ledger already names the staging folder
        ledger = OutputFolder.read_ledger(tmp_path)
        assert ledger["sementara"] == [stage.name]
        out._mine.clear()  # simulate: the killed process never cleans up
    assert stage.is_dir()
    with OutputFolder(tmp_path, "run"):
        assert not stage.exists()


def test_second_writer_is_told_who_holds_the_folder(tmp_path):
    with OutputFolder(tmp_path, "batch"), pytest.raises(OutputFolderError) as err:
        OutputFolder(tmp_path, "run").__enter__()
    assert f"proses {os.getpid()} (ppsp batch" in str(err.value)
    with OutputFolder(tmp_path, "run"):  # released
        pass


def test_outputs_get_the_users_ordinary_modes(tmp_path):
    from ppsp_analysis.io.writers import atomic_write

    for mask, fmode, dmode in ((0o022, 0o644, 0o755), (0o027, 0o640, 0o750)):
        old = os.umask(mask)
        try:
            target = tmp_path / f"m{mask:o}"
            with OutputFolder(target, "x") as out:
                stage = out.stage()
                (stage / "sub").mkdir()
                with atomic_write(stage / "sub" / "f.json", "w") as fh:
                    fh.write("{}")
                out.commit(stage)
        finally:
            os.umask(old)
        assert (target / "sub" / "f.json").stat().st_mode & 0o777 == fmode
        assert (target / "sub").stat().st_mode & 0o777 == dmode
        assert target.stat().st_mode & 0o777 == dmode


def test_scratch_sweep_removes_only_folders_of_dead_ppsp_processes(tmp_path):
    dead = tmp_path / "ppsp-kernel-x"
    dead.mkdir()
    (dead / scratch.LEDGER).write_text('{"dibuat_oleh": "ppsp-analysis", "pid": 999999999}',
                                       encoding="utf-8")
    alive = tmp_path / "ppsp-kernel-y"
    alive.mkdir()
    (alive / scratch.LEDGER).write_text(
        f'{{"dibuat_oleh": "ppsp-analysis", "pid": {os.getpid()}, '
        f'"mulai": {psutil.Process().create_time()}}}', encoding="utf-8")
    foreign = tmp_path / "ppsp-kernel-z"  # same name pattern, no ledger: not ours
    foreign.mkdir()
    (foreign / "data").write_text("x", encoding="utf-8")
    assert scratch.sweep(tmp_path) == [dead]
    assert alive.is_dir() and foreign.is_dir()


# -- every command against a folder full of the user's files ---------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_user_files_survive_every_command(command, pkg, boundaries, tmp_path):
    out = tmp_path / "Dokumen"
    out.mkdir()
    before = _plant(out)
    proc = _ppsp(*_commands(pkg, boundaries, out)[command])
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    _no_traceback(proc)
    assert _digest(out, USER_FILES) == before
    new = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - set(USER_FILES)
    assert new, "the command wrote nothing"
    leftovers = [p for p in out.rglob("*") if ".ppsp-sementara" in p.as_posix()
                 or p.name.startswith(".") and p.name not in (LEDGER, *map(
                     lambda r: Path(r).name, USER_FILES))]
    assert not leftovers, leftovers
    if command in ("run", "batch"):  # slow; their second run is covered by the kill tests
        return
    # run again: the command's own outputs are replaced, the user's still untouched
    again = _ppsp(*_commands(pkg, boundaries, out)[command]
                  + (["--timpa"] if command == "template" else []))
    assert again.returncode in (0, 1), again.stderr[-3000:]
    assert _digest(out, USER_FILES) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_out_naming_an_existing_file(command, pkg, boundaries, tmp_path):
    target = tmp_path / "laporan.txt"
    target.write_bytes(b"isi pengguna")
    args = _commands(pkg, boundaries, target)[command]
    if command == "template":  # its --out is a file: the folder part is the file here
        args = ["template", boundaries, "--kabupaten", "99.03", "--out", target / "i.xlsx"]
    proc = _ppsp(*args)
    assert proc.returncode == 2, proc.stderr[-2000:]
    _no_traceback(proc)
    assert "GALAT" in proc.stderr and "laporan.txt" in proc.stderr
    assert target.read_bytes() == b"isi pengguna"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.txt"]


def _mount(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@contextlib.contextmanager
def _tmpfs(path: Path, options: str):
    if not _mount(path, options):
        pytest.skip("cannot mount a tmpfs here (needs root and mount): "
                    "read-only/full-disk cases are covered where it can")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_output_folder(command, pkg, boundaries, tmp_path):
    with _tmpfs(tmp_path / "ro", "ro,size=64k") as ro:
        proc = _ppsp(*_commands(pkg, boundaries, ro / "keluaran")[command])
        assert proc.returncode == 2, proc.stderr[-2000:]
        _no_traceback(proc)
        assert "hanya-baca" in proc.stderr, proc.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_full_disk(command, pkg, boundaries, tmp_path):
    with _tmpfs(tmp_path / "penuh", "size=48k") as full:
        before = _plant(full) if command != "template" else {}
        proc = _ppsp(*_commands(pkg, boundaries, full)[command])
        # a batch goes on with the other kabupaten and says which failed (exit 1), or stops
        # with 2 when not even its own records (log, manifest, index page) can be written
        assert proc.returncode in ((1, 2) if command == "batch" else (2,)), proc.stderr[-2000:]
        _no_traceback(proc)
        assert "disk penuh" in proc.stderr, proc.stderr[-2000:]
        assert _digest(full, USER_FILES) == before
        complete = {"manifest.json", "index.html"} if command == "batch" else set()
        left = [p for p in full.rglob("*") if p.is_file()
                and p.relative_to(full).as_posix() not in {*USER_FILES, *complete, LEDGER}
                and not (command == "batch" and p.parent.name == "log")]
        assert not left, f"half-written: {left}"


# -- two runs, kills, and what they leave ----------------------------------------------------


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _wait_for(cond, timeout=180.0) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def _notebook_running(out: Path) -> bool:
    """The kernel has executed a cell of a report notebook (Papermill saves after each)."""
    for nb in out.rglob(".ppsp-sementara*/notebook/*.ipynb"):
        with contextlib.suppress(OSError):
            if '"execution_count": 1' in nb.read_text(encoding="utf-8"):
                return True
    return False


def _staging_exists(out: Path) -> bool:
    return any(".ppsp-sementara" in p.name for p in out.rglob(".ppsp-sementara*"))


def _start(args, tmpdir: Path) -> tuple[subprocess.Popen, dict]:
    tmpdir.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    proc = subprocess.Popen([sys.executable, "-m", "ppsp_analysis", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    return proc, env


def _all_gone(procs: list[psutil.Process], timeout=15.0) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    return alive


@pytest.mark.slow
def test_two_runs_into_one_folder(pkg, tmp_path):
    out = tmp_path / "out"
    first, _ = _start(["batch", pkg.parent, "--out", out, "--workers", "1", *DRAFT],
                      tmp_path / "tmp1")
    try:
        assert _wait_for(lambda: (out / LEDGER).is_file())
        second = _ppsp("batch", pkg.parent, "--out", out, "--workers", "1", *DRAFT)
        assert second.returncode == 2
        assert "sedang ditulis oleh proses" in second.stderr and str(first.pid) in second.stderr
        _no_traceback(second)
    finally:
        first.wait(timeout=600)
    assert first.returncode == 0, first.stderr.read().decode()[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("command,how,when", [
    ("run", "kill-parent", "staging"),     # `kill -9 PID` of the command while maps are drawn
    ("run", "kill-parent", "notebook"),    # ... while a notebook runs in the worker's kernel
    ("run", "kill-group", "notebook"),     # the whole process group (kernels have their own)
    ("run", "interrupt", "notebook"),      # Ctrl-C in the terminal
    ("batch", "kill-parent", "notebook"),  # a batch: pool workers and their kernels
    ("batch", "interrupt", "staging"),
])
def test_kill_leaves_no_process_and_no_temporary_folder(command, how, when, pkg, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = _plant(out)
    args = (["run", pkg, "--out", out, *DRAFT] if command == "run" else
            ["batch", pkg.parent, "--out", out, "--workers", "1", *DRAFT])
    tmpdir = tmp_path / "tmpdir"
    proc, _ = _start(args, tmpdir)
    ready = _staging_exists if when == "staging" else _notebook_running
    assert _wait_for(lambda: ready(out) or proc.poll() is not None), "never reached the point"
    assert proc.poll() is None, "finished before the kill"
    family = [psutil.Process(proc.pid), *_descendants(proc.pid)]
    if how == "kill-parent":
        os.kill(proc.pid, signal.SIGKILL)
    elif how == "kill-group":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    alive = _all_gone(family)
    assert not alive, [p.cmdline() for p in alive]
    assert sorted(tmpdir.iterdir()) == [], sorted(tmpdir.iterdir())
    assert _digest(out, USER_FILES) == before
    if how == "interrupt":
        assert proc.returncode == 130
        assert "Traceback" not in proc.stderr.read().decode()
    if how != "kill-group":  # a run that could clean up left no staging folder
        assert not _staging_exists(out)
    if how == "kill-group":  # the next run removes what a group kill left, and completes
        again = _ppsp(*args, env={**os.environ, "TMPDIR": str(tmpdir)})
        assert again.returncode == 0, again.stderr[-2000:]
        assert not _staging_exists(out)
        assert _digest(out, USER_FILES) == before
