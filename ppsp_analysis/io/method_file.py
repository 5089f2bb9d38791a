"""Reading and writing a ``metode.yaml`` for :class:`ppsp_analysis.Method`."""

from __future__ import annotations

from pathlib import Path

import yaml

from .._errors import MethodError
from .ehra_formats import yaml_problem
from .writers import atomic_write

_HEADER = """\
# metode.yaml — opsi metode yang berbeda dari bawaan ppsp-analysis
# (ppsp_analysis/data/metode_default.yaml). Opsi yang tidak ditulis memakai nilai bawaan.
# Ditulis oleh ppsp-analysis (Method.to_yaml).
"""


def read_method_file(path: str | Path) -> dict:
    """The options written in a ``metode.yaml`` (not yet merged or checked).

    Raises
    ------
    MethodError
        The file is missing, not UTF-8, not YAML, or not a mapping of options.
    """
    src = Path(path)
    if not src.is_file():
        raise MethodError(f"{src.name}: berkas metode tidak ditemukan ({src})")
    try:
        data = yaml.safe_load(src.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MethodError(str(yaml_problem(src.name, exc))) from None
    if not isinstance(data, dict):
        raise MethodError("isi metode.yaml harus berupa pasangan opsi: nilai")
    return data


def write_method_file(options: dict, path: str | Path, *, overwrite: bool = False,
                      changes: list[str] | None = None) -> Path:
    """Write method options as YAML (atomically); an existing file is kept unless
    ``overwrite``.

    Parameters
    ----------
    options : dict
        Plain nested options (what differs from the defaults).
    path : str or Path
        Target file.
    overwrite : bool
        Replace an existing file.
    changes : list of str, optional
        Lines listed in the header comment (``opsi: bawaan → nilai``).
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise MethodError(f"{target} sudah ada dan tidak ditimpa; pilih nama lain atau "
                          "tulis dengan overwrite=True")
    header = _HEADER
    if changes:
        header += "# Diubah dari bawaan:\n" + "".join(
            "#   " + " ".join(str(c).split()) + "\n" for c in changes)
    body = yaml.safe_dump(options, allow_unicode=True, sort_keys=False,
                          default_flow_style=False) if options else "{}\n"
    with atomic_write(target, "w", encoding="utf-8") as fh:
        fh.write(header + body)
    return target
