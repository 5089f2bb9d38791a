"""Shared fixtures: where the demo packages and the shared Kalimantan Tengah data live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO_DIR = REPO / "data" / "demo"
SHARED_DIR = REPO.parent / "shared" / "data" / "kalteng"


def require_shared() -> Path:
    """``../shared/data/kalteng``, or skip the calling test with a clear message."""
    if not (SHARED_DIR / "desa.geojson").is_file():
        pytest.skip(f"../shared/data/kalteng not found: {SHARED_DIR} (real boundaries absent)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """``data/demo``: the committed synthetic input packages."""
    return DEMO_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared/data/kalteng`` (real boundaries); the test is skipped when absent."""
    return require_shared()


def write_tiny_packages(root: Path, n_desa: int = 10) -> list[Path]:
    """Small synthetic kabupaten (the first ``n_desa`` desa of each fictional kabupaten), for
    tests that run the whole pipeline several times (batch, failure paths)."""
    from ppsp_analysis.demo import DEMO_KABUPATEN, PROVINSI, fictional_province, synthetic_package
    from ppsp_analysis.io.writers import slug, write_package

    geo = fictional_province(2026)
    out = []
    for kode, nama, *_ in DEMO_KABUPATEN:
        desa = geo["desa"][geo["desa"]["kode_kab"] == kode].sort_values("kode_desa").head(n_desa)
        pkg = synthetic_package(desa, kode, nama, PROVINSI[1],
                                {"konteks_kabupaten": geo["kabupaten"], "sungai": geo["sungai"]},
                                n_opd=5)
        out.append(write_package(pkg, root / f"{kode}-{slug(nama)}"))
    return out


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory) -> list[Path]:
    """Three small synthetic packages (10 desa each), written once per test session."""
    return write_tiny_packages(tmp_path_factory.mktemp("tiny"))
