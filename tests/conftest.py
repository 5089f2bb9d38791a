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
