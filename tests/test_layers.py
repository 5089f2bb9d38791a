"""The package's layering holds: imports only go down the pipeline's stages, and only io/ (and
the app layer, through io/) touches files.

Stages, lowest first (docs: README "Layout"):

base → contract → checks → scoring → results (monev | maps | explore, siblings that do not
import each other) → report (model, words, renderers) → io → lab → app (cli, batch, the runner,
the Papermill engine, the notebook helpers), with lab (the Method object, notebook displays,
scenarios) between io and app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "ppsp_analysis"

STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("_startup", "_errors", "fmt", "palette", "plaintext")),
    ("contract", ("schema", "method", "package", "labels", "numbering")),
    ("checks", ("validation", "matching", "ehra_mapping")),
    ("scoring", ("geo", "ehra", "scoring", "persepsi", "pipeline", "kecamatan",
                 "rencana_ehra")),
    ("results", ("monev", "maps", "explore")),
    ("funding", ("funding",)),
    ("report", ("report",)),
    ("io", ("io",)),
    ("lab", ("method_object", "display", "scenario")),
    ("app", ("report.runner", "report.engine", "report.nb", "cli", "batch", "process", "demo",
             "timelimit", "__init__", "__main__")),
]
#: Known upward imports, each with its reason; the fix is to move the shipped catalogues
#: (monev indicators, unit costs, SSK year rules) to the contract stage. Nothing else may
#: join this list without the same kind of reason.
ALLOWED_UPWARD = {
    ("method", "monev.catalogue"),      # option check: target names are catalogue indicators
    ("validation", "funding._base"),    # input check: SSK period rules of the funding inputs
    ("validation", "funding.catalogue"),  # input check: cost items exist in the catalogue
    ("validation", "pipeline"),         # input check: an override row that keeps the class the
                                        # instrument gives (needs the instrument's classes)
}
#: Notebook display hooks: a type shows itself through the lab stage (``display``), imported
#: lazily inside these methods only, as pandas imports its formatters.
DISPLAY_HOOKS = {"__repr__", "__str__", "_repr_html_", "_repr_mimebundle_", "explore"}
SIBLINGS = {"results"}
"""Stages whose packages must not import each other (maps ↛ monev, monev ↛ maps)."""

FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir",
              "unlink", "rmdir", "rename", "replace", "touch", "to_file", "to_csv",
              "to_excel", "read_file", "read_csv", "read_excel"}
"""Calls that touch files; only io/ and the app layer make them."""
FILE_EXCEPTIONS = {
    # the indicator catalogue and national targets are package data read with
    # importlib.resources (read-only, shipped in the wheel), not user files
    "monev.catalogue",
    "funding.catalogue",  # the shipped unit-cost catalogue, likewise
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _stage(module: str) -> tuple[int, str]:
    """(stage index, owning top-level name) by the longest matching prefix."""
    best: tuple[int, int, str] | None = None
    for i, (_, names) in enumerate(STAGES):
        for name in names:
            if (module == name or module.startswith(name + ".")) and \
                    (best is None or len(name) > best[1]):
                best = (i, len(name), name)
    assert best is not None, f"module {module} belongs to no stage: add it to STAGES"
    return best[0], best[2]


def _imports(path: Path) -> list[tuple[str, int]]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hooked = {id(n) for f in ast.walk(tree)
              if isinstance(f, ast.FunctionDef) and f.name in DISPLAY_HOOKS
              for n in ast.walk(f)}
    for node in ast.walk(tree):
        if id(node) in hooked and isinstance(node, ast.ImportFrom) and \
                (node.module or "").endswith("display"):
            continue  # a display hook (DISPLAY_HOOKS)
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
                if not node.module:  # from . import x, y
                    for alias in node.names:
                        out.append((f"{target}.{alias.name}".strip("."), node.lineno))
                    continue
            elif node.module and node.module.startswith("ppsp_analysis"):
                target = node.module.removeprefix("ppsp_analysis").lstrip(".")
            else:
                continue
            out.append((target or "__init__", node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ppsp_analysis."):
                    out.append((alias.name.removeprefix("ppsp_analysis."), node.lineno))
    return out


def _resolve(target: str) -> str:
    """The module a dotted import target names (``monev.maps.x`` → an existing module; a
    name of the package root, ``__version__``, → ``__init__``)."""
    parts = target.split(".")
    while parts:
        candidate = PKG.joinpath(*parts)
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return ".".join(parts)
        parts = parts[:-1]
    return "__init__"


SOURCES = sorted(PKG.rglob("*.py"))


def test_every_module_has_a_stage():
    for path in SOURCES:
        _stage(_module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: _module_name(p))
def test_imports_go_down_the_stages(path):
    module = _module_name(path)
    stage, owner = _stage(module)
    wrong = []
    for target, line in _imports(path):
        target = _resolve(target)
        t_stage, t_owner = _stage(target)
        upward = t_stage > stage
        sibling = (t_stage == stage and STAGES[stage][0] in SIBLINGS
                   and t_owner.split(".")[0] != owner.split(".")[0])
        if (upward or sibling) and (module, target) not in ALLOWED_UPWARD:
            wrong.append(f"{module}:{line} imports {target} "
                         f"({STAGES[stage][0]} → {STAGES[t_stage][0]})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", [p for p in SOURCES
                                  if _stage(_module_name(p))[0] < _stage("io")[0]],
                         ids=lambda p: _module_name(p))
def test_only_io_touches_files(path):
    module = _module_name(path)
    if module in FILE_EXCEPTIONS:
        pytest.skip("package data read with importlib.resources")
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) \
            else None
        if name not in FILE_CALLS:
            continue
        if name in ("replace", "rename") and not (isinstance(f, ast.Attribute) and
                                      isinstance(f.value, ast.Name) and
                                      f.value.id in ("os", "shutil")):
            continue  # str.replace, DataFrame.rename, dataclasses.replace
        if name == "open" and isinstance(f, ast.Attribute):
            continue  # Image.open(BytesIO), not the builtin
        calls.append(f"{module}:{node.lineno} {name}()")
    assert not calls, "\n".join(calls)


def test_a_wrong_import_is_caught(tmp_path, monkeypatch):
    """The checker is not vacuous: a maps module importing io, or monev importing maps."""
    fake = PKG / "maps" / "data.py"
    tree = [("io.writers", 1), ("monev.targeting", 2)]
    monkeypatch.setattr(__import__(__name__), "_imports", lambda p: tree if p == fake else [])
    with pytest.raises(AssertionError, match="maps.data:1 imports io.writers"):
        test_imports_go_down_the_stages(fake)
