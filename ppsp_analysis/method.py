"""Method options: merging a package's ``metode.yaml`` over the defaults, and checking them.

The defaults live in ``ppsp_analysis/data/metode_default.yaml`` (read by
:func:`ppsp_analysis.io.read_default_method`). Every convention the PPSP sources do not pin down
is an option there, with a comment naming its source ([C] confirmed, [I] inferred).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ._errors import MethodError

COMPONENTS = ("air_limbah", "persampahan", "drainase")
IRS_COMPONENTS = ("sumber_air", "air_limbah", "persampahan", "genangan", "phbs")
EXPOSURE_SOURCES = ("sekunder", "irs", "persepsi")
#: Display names (Bahasa Indonesia) of the exposure components and the combined class.
KOMPONEN_LABEL = {"air_limbah": "Air Limbah Domestik", "persampahan": "Persampahan",
                  "drainase": "Drainase", "gabungan": "Gabungan"}
#: Display names (Bahasa Indonesia) of the EHRA IRS components.
IRS_LABEL = {"sumber_air": "Sumber air", "air_limbah": "Air limbah domestik",
             "persampahan": "Persampahan", "genangan": "Genangan/drainase",
             "phbs": "Perilaku higiene (PHBS)"}

_CHOICES: dict[tuple[str, ...], tuple[Any, ...]] = {
    ("ehra", "unit_irs"): ("desa", "strata"),
    ("ehra", "agregasi"): ("mean", "sum", "weighted"),
    ("persepsi", "agregasi"): ("mean", "median", "mode"),
    ("persepsi", "pembulatan"): ("none", "half_up"),
    ("exposure", "sumber_hilang"): ("tidak_ada_data", "normalisasi_ulang"),
    ("area_berisiko", "metode_kelas"): ("equal_interval", "tetap_4_8_12"),
    ("gabungan", "metode"): ("maks", "rata_rata"),
    ("sampel", "metode"): ("ppsp2014", "kemenkes2021_30"),
}
_FORMULA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*|^[0-9]+(?:\.[0-9]+)?(?![0-9.A-Za-z_])|^[-+*/() ]")


def merge_method(defaults: dict, overrides: dict | None) -> dict:
    """Deep-merge ``overrides`` into a copy of ``defaults``.

    Parameters
    ----------
    defaults : dict
        The default method.
    overrides : dict or None
        The package's options; nested dicts merge, other values replace. An indicator set
        under ``sekunder.<group>`` replaces the whole group, so users can drop indicators.

    Returns
    -------
    dict
        A new dict; the inputs are not modified.

    Raises
    ------
    MethodError
        When ``overrides`` names a key the defaults do not have (a likely misspelling).
    """
    out = copy.deepcopy(defaults)
    if not overrides:
        return out
    _merge_into(out, overrides, path=())
    return out


_OPEN = {("kelas", "label"), ("ehra", "bobot_subindikator"), ("sekunder",), ("ehra", "pemetaan")}
_REPLACE = {("sekunder",), ("ehra", "pemetaan")}


def _merge_into(base: dict, new: dict, path: tuple[str, ...]) -> None:
    for key, value in new.items():
        key_path = (*path, key)
        if key not in base and path not in _OPEN:
            raise MethodError(
                f"metode.yaml: opsi tidak dikenal '{'.'.join(map(str, key_path))}' — periksa "
                "ejaannya; opsi yang tersedia ada di ppsp_analysis/data/metode_default.yaml"
            )
        if path not in _REPLACE and isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge_into(base[key], value, key_path)
        else:
            base[key] = copy.deepcopy(value)


def validate_method(method: dict) -> list[str]:
    """Check a merged method and return the list of problems (empty when valid).

    Parameters
    ----------
    method : dict
        A method as returned by :func:`merge_method`.

    Returns
    -------
    list of str
        One readable message per problem, naming the option.
    """
    problems: list[str] = []
    for path, choices in _CHOICES.items():
        value = _get(method, path)
        if value not in choices:
            problems.append(
                f"opsi {'.'.join(path)} = {value!r} tidak dikenal; pilihan: {', '.join(choices)}"
            )
    k = method["kelas"]["jumlah"]
    if not isinstance(k, int) or k < 2:
        problems.append("opsi kelas.jumlah harus bilangan bulat >= 2")
    for group, indicators in method["sekunder"].items():
        if group not in ("impact", *COMPONENTS):
            problems.append(f"sekunder.{group}: kelompok tidak dikenal (impact, {COMPONENTS})")
            continue
        if not indicators:
            problems.append(f"sekunder.{group}: minimal satu indikator")
            continue
        for name, spec in indicators.items():
            where = f"sekunder.{group}.{name}"
            if not isinstance(spec, dict) or "rumus" not in spec:
                problems.append(f"{where}: perlu 'rumus'")
                continue
            if not _formula_ok(str(spec["rumus"])):
                problems.append(f"{where}.rumus: hanya nama kolom, angka dan + - * / ( )")
            if spec.get("arah", 1) not in (1, -1):
                problems.append(f"{where}.arah harus 1 (makin tinggi makin berisiko) atau -1")
            problems += _weight_problems({name: spec.get("bobot", 1)}, where)
    for comp in COMPONENTS:
        weights = method["exposure"]["bobot"].get(comp)
        if not isinstance(weights, dict) or set(weights) != set(EXPOSURE_SOURCES):
            problems.append(f"exposure.bobot.{comp} harus berisi {', '.join(EXPOSURE_SOURCES)}")
        else:
            problems += _weight_problems(weights, f"exposure.bobot.{comp}", total=True)
        if method["exposure"]["komponen_irs"].get(comp) not in IRS_COMPONENTS:
            problems.append(f"exposure.komponen_irs.{comp} harus salah satu dari {IRS_COMPONENTS}")
    for comp, subs in method["ehra"]["pemetaan"].items():
        if comp not in IRS_COMPONENTS:
            problems.append(f"ehra.pemetaan.{comp}: komponen IRS tidak dikenal {IRS_COMPONENTS}")
        for code, spec in (subs or {}).items():
            if not isinstance(spec, dict) or "kolom" not in spec or "berisiko" not in spec:
                problems.append(f"ehra.pemetaan.{comp}.{code}: perlu 'kolom' dan 'berisiko'")
    if method["ehra"]["agregasi"] == "weighted":
        problems += _weight_problems(method["ehra"]["bobot_subindikator"],
                                     "ehra.bobot_subindikator", total=True)
    lo, hi = method["persepsi"]["min_opd"], method["persepsi"]["maks_opd"]
    if not (1 <= lo <= hi):
        problems.append("persepsi.min_opd/maks_opd tidak konsisten")
    bounds = method["area_berisiko"]["batas_tetap"]
    if len(bounds) != k - 1 or list(bounds) != sorted(bounds):
        problems.append(f"area_berisiko.batas_tetap harus {k - 1} angka menaik")
    return problems


def check_method(method: dict) -> dict:
    """Raise :class:`MethodError` listing every problem, or return ``method`` unchanged."""
    problems = validate_method(method)
    if problems:
        raise MethodError("metode.yaml tidak valid:\n" + "\n".join(f"  - {p}" for p in problems))
    return method


def normalise_weights(weights: dict[str, float]) -> dict[str, float]:
    """Scale non-negative weights so they sum to 1.

    Weights are relative: the 2017 Pedoman lets the Pokja choose any 0–100 values.

    Examples
    --------
    >>> normalise_weights({"sekunder": 50, "irs": 25, "persepsi": 25})
    {'sekunder': 0.5, 'irs': 0.25, 'persepsi': 0.25}
    """
    total = float(sum(weights.values()))
    if total <= 0 or any(w < 0 for w in weights.values()):
        raise MethodError(f"bobot harus >= 0 dan berjumlah > 0: {weights}")
    return {k: float(w) / total for k, w in weights.items()}


def _weight_problems(weights: dict, where: str, total: bool = False) -> list[str]:
    out = []
    for key, w in weights.items():
        if not isinstance(w, (int, float)) or isinstance(w, bool) or w < 0 or w > 100:
            out.append(f"{where}.{key}: bobot harus angka 0–100")
    if total and not out and sum(weights.values()) <= 0:
        out.append(f"{where}: jumlah bobot harus > 0")
    return out


def _formula_ok(text: str) -> bool:
    rest = text.strip()
    while rest:
        match = _FORMULA.match(rest)
        if not match:
            return False
        rest = rest[match.end():]
    return bool(text.strip())


def formula_columns(text: str) -> list[str]:
    """Column names used by an indicator formula (``rumus``)."""
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)


def _get(d: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        d = d[key]
    return d
