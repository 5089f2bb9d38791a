"""environment.yml must mirror pyproject.toml (the source of truth)."""

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)$", req)
    return m.group(1).lower(), m.group(3).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    wanted = dict(_split(r) for r in reqs)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = {}
    for dep in env["dependencies"]:
        for item in dep["pip"] if isinstance(dep, dict) else [dep]:
            name, spec = _split(item)
            have[name] = spec
    # dask[distributed] on PyPI is dask + distributed on conda-forge
    if "dask" in wanted:
        assert have.get("distributed") == wanted["dask"]
    missing = {n: s for n, s in wanted.items() if have.get(n) != s}
    assert not missing, f"environment.yml differs from pyproject.toml for: {missing}"
    extra = set(have) - set(wanted) - {"python", "pip", "distributed"}
    assert not extra, f"environment.yml lists packages pyproject.toml does not: {extra}"
