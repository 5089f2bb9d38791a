"""Issue 16: ``ppsp batch`` on Dask — a LocalCluster of 2 worker processes runs 14 kab/kota;
one worker is killed midway; the batch still finishes (the lost package runs again on a
worker), every output folder is complete (none half-written), and a rerun with ``--resume``
skips them all.

The full path (notebooks in a warm kernel on a Dask worker) is tested with one package in
``test_batch.py``; here the packages run the library-only path with draft maps (the kill
and the retry are what is tested, and 14 full runs would not fit the suite's time).
"""

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import write_tiny_packages

from ppsp_analysis.batch import run_many
from ppsp_analysis.report.runner import MapOptions

distributed = pytest.importorskip("distributed")

DRAFT = MapOptions(papers=("A4",), dpi=50, formats=("png",))
REQUIRED = ("tabel.xlsx", "area_berisiko.gpkg", "ringkasan.json", "laporan_area_berisiko.pdf",
            "peta/peta_gabungan_a4.png")
N_KAB = 14


@pytest.fixture(scope="module")
def many_packages(tmp_path_factory) -> list[Path]:
    return write_tiny_packages(tmp_path_factory.mktemp("dask14"), n_desa=5, n_kab=N_KAB)


def _visible(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*")
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)]


@pytest.mark.slow
def test_dask_two_workers_one_killed_midway_then_resume(many_packages, tmp_path):
    out = tmp_path / "out"
    year = out / "2026"
    lines: list[str] = []
    result: dict = {}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        assert len(pids) == 2

        def batch() -> None:
            try:
                result["summary"] = run_many(many_packages, out,
                                             scheduler=cluster.scheduler_address,
                                             report=lines.append, notebooks=(), maps=DRAFT)
            except BaseException as exc:  # noqa: BLE001 - reported by the test thread
                result["error"] = exc

        runner = threading.Thread(target=batch)
        runner.start()
        deadline = time.time() + 300
        while time.time() < deadline:  # midway: some done, one being written now
            if len(lines) >= 2 and any(year.glob("*/.ppsp-sementara-*")):
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the batch never got midway: {lines}")
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        done_at_kill = len(lines)
        runner.join(600)
        assert not runner.is_alive(), "the batch did not finish after a worker was killed"
        assert "error" not in result, result.get("error")
        summary = result["summary"]
        assert done_at_kill < N_KAB
        assert [e.status for e in summary.entries] == ["ok"] * N_KAB, \
            [(Path(e.paket).name, e.galat) for e in summary.entries if e.status != "ok"]
        folders = sorted(year.iterdir())
        assert len(folders) == N_KAB
        for folder in folders:  # complete, never half-written
            assert all((folder / f).is_file() for f in REQUIRED), _visible(folder)
        assert not list(out.rglob(".ppsp-sementara-*"))  # the retry removed the lost staging
        # the cluster lost a worker process (the nanny started a new one)
        assert victim not in client.run(os.getpid).values()

        again = run_many(many_packages, out, scheduler=cluster.scheduler_address, resume=True,
                         report=lambda s: None, notebooks=(), maps=DRAFT)
    assert [e.status for e in again.entries] == ["dilewati"] * N_KAB
