"""The install is locked: uv.lock matches pyproject.toml, and the conda files mirror both."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import sync_environment  # noqa: E402


def test_environment_files_mirror_pyproject_and_lock():
    stale = [p.name for p, text in sync_environment.expected().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"{stale} out of date with pyproject.toml/uv.lock: run `make lock`"


def test_environment_pins_locked_versions():
    """A hand-checked sample: typst comes from conda-forge as typst-py at the locked version."""
    import tomllib

    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    typst = {p["version"] for p in lock["package"] if p["name"] == "typst"}
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert len(typst) == 1 and f"  - typst-py=={typst.pop()}\n" in env
    assert "pytest" not in env  # dev tools live in environment-dev.yml only
    assert "  - pytest==" in (ROOT / "environment-dev.yml").read_text(encoding="utf-8")


def test_pre_1_0_and_internal_api_dependencies_have_upper_bounds():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["dependencies"]
    for name in ("typst", "papermill"):
        [spec] = [d for d in deps if d.startswith(name)]
        assert "<" in spec, f"{name} needs an upper bound: {spec}"


def test_lock_matches_pyproject():
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv not installed (make installs it into .venv)")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    r = subprocess.run([uv, "lock", "--check", "--offline", "--python", sys.executable],
                       cwd=ROOT, capture_output=True, text=True, env=env)
    assert r.returncode == 0, f"uv.lock is out of date with pyproject.toml: {r.stderr}"
