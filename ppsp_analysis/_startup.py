"""Start-up cost of every ``ppsp`` process and batch worker, cut where it is ours to cut.

``nbformat`` (imported by Papermill and by the runner) imports ``jsonschema``, whose format
checkers import the optional ``rfc3987_syntax`` package when it is installed: that package
builds a Lark grammar at import, ~0.9 s of every process that reads or writes a notebook,
for the ``iri`` format check that notebook validation never uses. :func:`defer_iri_grammar`
puts a stand-in module in its place whose functions load the real package on first call,
so the grammar is built only by a process that really checks an IRI.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

__all__ = ["defer_iri_grammar"]

_NAME = "rfc3987_syntax"
_lock = threading.Lock()


class _Deferred(types.ModuleType):
    """Stand-in for ``rfc3987_syntax``: any public attribute loads the real module (dunder
    names do not: tools that scan ``sys.modules`` for ``__file__`` must not build it)."""

    def __getattr__(self, attr: str) -> object:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_load_real(), attr)


def _load_real() -> types.ModuleType:
    with _lock:
        current = sys.modules.get(_NAME)
        if current is not None and not isinstance(current, _Deferred):
            return current
        sys.modules.pop(_NAME, None)
        try:
            return importlib.import_module(_NAME)
        except BaseException:
            if current is not None:
                sys.modules[_NAME] = current
            raise


def _is_valid_syntax(*args: object, **kwargs: object) -> object:
    return _load_real().is_valid_syntax(*args, **kwargs)


def defer_iri_grammar() -> bool:
    """Defer the import of ``rfc3987_syntax`` until one of its functions is called.

    Does nothing when the package is not installed or was already imported (or jsonschema
    already was: it then holds the real functions).

    Returns
    -------
    bool
        True when the stand-in is in place.
    """
    if _NAME in sys.modules or "jsonschema._format" in sys.modules:
        return isinstance(sys.modules.get(_NAME), _Deferred)
    try:
        spec = importlib.util.find_spec(_NAME)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    stand_in = _Deferred(_NAME, "ppsp-analysis: loaded on first use (see ppsp_analysis._startup)")
    stand_in.__spec__ = spec
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in
    return True


defer_iri_grammar()  # at import: ``ppsp_analysis`` imports this module before anything else
