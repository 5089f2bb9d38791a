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


def write_tiny_packages(root: Path, n_desa: int = 10, n_kab: int | None = None) -> list[Path]:
    """Small synthetic kabupaten (the first ``n_desa`` desa of each fictional kabupaten), for
    tests that run the whole pipeline several times (batch, failure paths). With ``n_kab``:
    that many, coded 99.11, 99.12, … (the fictional kabupaten's desa, recoded, without the
    neighbouring-kabupaten layer), so each gets its own output folder."""
    from ppsp_analysis.demo import DEMO_KABUPATEN, PROVINSI, fictional_province, synthetic_package
    from ppsp_analysis.io.writers import slug, write_package

    geo = fictional_province(2026)
    if n_kab is None:
        kabupaten = [(kode, nama, kode) for kode, nama, *_ in DEMO_KABUPATEN]
    else:
        kabupaten = [(f"99.{11 + i:02d}", f"Kabupaten Uji Dask {i + 1}",
                      DEMO_KABUPATEN[i % len(DEMO_KABUPATEN)][0]) for i in range(n_kab)]
    out = []
    for kode, nama, base in kabupaten:
        desa = geo["desa"][geo["desa"]["kode_kab"] == base].sort_values("kode_desa")
        desa = desa.head(n_desa).copy()
        context = {"sungai": geo["sungai"]}
        if kode == base:
            context["konteks_kabupaten"] = geo["kabupaten"]
        else:
            for col in ("kode_desa", "kode_kec"):
                desa[col] = kode + desa[col].str.slice(len(base))
            desa["kode_kab"], desa["nama_kab"] = kode, nama
        pkg = synthetic_package(desa, kode, nama, PROVINSI[1], context, n_opd=5)
        out.append(write_package(pkg, root / f"{kode}-{slug(nama)}"))
    return out


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory) -> list[Path]:
    """Three small synthetic packages (10 desa each), written once per test session."""
    return write_tiny_packages(tmp_path_factory.mktemp("tiny"))
