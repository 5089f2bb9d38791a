"""From a raw EHRA export (CSV/XLSX/SPSS/KoBo) to the package's household table (pure).

Two ways in:

* **the contract columns** (``docs/kontrak_data.md`` §1.3, the method's ``ehra.pemetaan``):
  the export already holds the default questionnaire columns with the default answer codes
  (KoBo ``group/question`` names are matched by the question part);
* **a mapping file** ``pemetaan_ehra.yaml`` in the package, for any other questionnaire::

      kolom:                       # identity columns of the export (optional)
        id_rt: _uuid
        kode_desa: lokasi/kode_desa      # or nama_desa (+ nama_kec): matched by name
        umur_responden: responden/umur
      tidak_dijawab: [99, "tidak tahu"]   # answers counted as not answered (optional)
      subindikator:
        1a: {kolom: air/q301, berisiko: [4, 6, 8], aman: [1, 2, 3, 5, 7, 9]}
        1c: {kolom: air/q305, berisiko: ["ya"], aman: ["tidak"]}

  ``berisiko``/``aman`` hold answer codes or answer labels (SPSS value labels and KoBo
  label exports are honoured); with ``aman`` (or SPSS value labels) every other answer is
  reported as out of range. The sub-indicator's component comes from its first digit
  (1 sumber air … 5 PHBS) or from a nesting ``subindikator: {sumber_air: {1a: …}}``.
  Each mapped sub-indicator becomes a column ``risiko_<code>`` (1 at risk, 0 not, blank not
  answered) and the method's ``ehra.pemetaan`` is replaced to read those columns.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._errors import Problem
from .method import IRS_COMPONENTS
from .schema import EHRA_ANSWER_CODES, normalise_kode

MAPPING_NAMES = ("pemetaan_ehra.yaml", "pemetaan_ehra.yml", "ehra_pemetaan.yaml")
IDENTITY = ("id_rt", "kode_desa", "nama_desa", "nama_kec", "rt", "umur_responden")
_COMPONENT_BY_DIGIT = dict(zip("12345", IRS_COMPONENTS, strict=True))
_ID_FALLBACKS = ("_uuid", "_index", "_id", "meta/instanceid", "instanceid", "kode_rt", "no_rt",
                 "id")


@dataclass
class SubIndicator:
    """One sub-indicator of a mapping."""

    code: str
    component: str
    kolom: str
    berisiko: list
    aman: list | None = None
    nama: str = ""


@dataclass
class EhraMapping:
    """Which export columns feed the household table and the sub-indicators."""

    identity: dict[str, str] = field(default_factory=dict)
    subs: list[SubIndicator] = field(default_factory=list)
    tidak_dijawab: list = field(default_factory=list)
    from_file: bool = False


def mapping_from_method(pemetaan: dict) -> EhraMapping:
    """The mapping implied by the method's ``ehra.pemetaan`` (contract column names)."""
    subs = []
    for comp, items in pemetaan.items():
        for code, spec in (items or {}).items():
            valid = spec.get("jawaban") or EHRA_ANSWER_CODES.get(spec["kolom"])
            subs.append(SubIndicator(str(code), comp, spec["kolom"], list(spec["berisiko"]),
                                     None if valid is None else [
                                         v for v in valid if v not in spec["berisiko"]],
                                     spec.get("nama", "")))
    return EhraMapping(subs=subs)


def parse_mapping(data: object, fname: str) -> tuple[EhraMapping | None, list[Problem]]:
    """Check and read the content of ``pemetaan_ehra.yaml``.

    Returns
    -------
    mapping : EhraMapping or None
    problems : list of Problem
        Each names the key that is wrong and how to write it.
    """
    problems: list[Problem] = []

    def bad(key: str, what: str, hint: str) -> None:
        problems.append(Problem(fname, f"{key}: {what}", column=key, hint=hint))

    if not isinstance(data, dict):
        bad("(isi)", "harus berupa pasangan kunci: nilai", "lihat contoh di dokumentasi")
        return None, problems
    unknown = set(data) - {"kolom", "tidak_dijawab", "subindikator"}
    for key in sorted(unknown, key=str):
        bad(str(key), "kunci tidak dikenal", "kunci yang dikenal: kolom, tidak_dijawab, "
            "subindikator")
    identity = data.get("kolom") or {}
    if not isinstance(identity, dict):
        bad("kolom", "harus berisi pasangan nama: kolom_ekspor", "mis. kolom: {id_rt: _uuid}")
        identity = {}
    for key in identity:
        if key not in IDENTITY:
            bad(f"kolom.{key}", "nama identitas tidak dikenal", f"pilih: {', '.join(IDENTITY)}")
    missing = data.get("tidak_dijawab") or []
    if not isinstance(missing, list):
        bad("tidak_dijawab", "harus berupa daftar", "mis. tidak_dijawab: [99]")
        missing = []
    raw = data.get("subindikator")
    if not isinstance(raw, dict) or not raw:
        bad("subindikator", "harus berisi minimal satu sub-indikator",
            "mis. subindikator: {1a: {kolom: q301, berisiko: [4, 6, 8]}}")
        return None, problems
    flat: list[tuple[str, str | None, object]] = []
    for key, value in raw.items():
        if str(key) in IRS_COMPONENTS and isinstance(value, dict) and all(
                isinstance(v, dict) for v in value.values()):
            flat += [(str(k), str(key), v) for k, v in value.items()]
        else:
            flat.append((str(key), None, value))
    subs = []
    for code, comp, spec in flat:
        where = f"subindikator.{code}"
        comp = comp or _COMPONENT_BY_DIGIT.get(code[:1])
        if comp is None:
            bad(where, "komponen tidak diketahui", "awali kode dengan 1–5 (mis. 2a) atau "
                "kelompokkan di bawah sumber_air/air_limbah/persampahan/genangan/phbs")
            continue
        if not isinstance(spec, dict) or "kolom" not in spec or "berisiko" not in spec:
            bad(where, "perlu 'kolom' dan 'berisiko'", "mis. {kolom: q301, berisiko: [4, 6, 8]}")
            continue
        risky, safe = spec["berisiko"], spec.get("aman")
        if not isinstance(risky, list) or not risky:
            bad(f"{where}.berisiko", "harus daftar jawaban berisiko", "mis. berisiko: [4, 6, 8]")
            continue
        if safe is not None and not isinstance(safe, list):
            bad(f"{where}.aman", "harus daftar jawaban", "mis. aman: [1, 2, 3]")
            continue
        subs.append(SubIndicator(code, comp, str(spec["kolom"]), risky, safe,
                                 str(spec.get("nama", ""))))
    if problems:
        return None, problems
    return EhraMapping(identity={k: str(v) for k, v in identity.items()}, subs=subs,
                       tidak_dijawab=missing, from_file=True), problems


def resolve_column(columns: list[str], wanted: str) -> tuple[str | None, list[str]]:
    """Find ``wanted`` among an export's columns.

    Exact, then case-insensitive, then by the question part of KoBo names
    (``group/question``, ``group-question`` or ``group.question``).

    Returns
    -------
    column : str or None
        The column, or None when absent or ambiguous.
    candidates : list of str
        Ambiguous matches, or close spellings when absent.

    Examples
    --------
    >>> resolve_column(["grp_air/sumber_air_minum", "_uuid"], "sumber_air_minum")
    ('grp_air/sumber_air_minum', [])
    >>> resolve_column(["a/x", "b/x"], "x")
    (None, ['a/x', 'b/x'])
    """
    if wanted in columns:
        return wanted, []
    low = wanted.strip().lower()
    hits = [c for c in columns if c.strip().lower() == low]
    if len(hits) == 1:
        return hits[0], []
    leaf = _leaf(low)
    hits = [c for c in columns if _leaf(c.strip().lower()) == leaf]
    if len(hits) == 1:
        return hits[0], []
    if hits:
        return None, hits
    close = difflib.get_close_matches(low, [c.lower() for c in columns], n=3, cutoff=0.75)
    return None, [c for c in columns if c.lower() in close]


def _leaf(name: str) -> str:
    return re.split(r"[/:]|(?<=\w)-(?=\w)|\.(?=[a-z_])", name)[-1]


def _norm(v: object) -> object:
    """Answer as a comparable value: an int for integral numbers, lower-case text otherwise."""
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return int(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return None
        return int(v) if float(v).is_integer() else float(v)
    text = re.sub(r"\s+", " ", str(v)).strip().lower()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def apply_mapping(raw: pd.DataFrame, labels: dict[str, dict], mapping: EhraMapping,
                  method_pemetaan: dict, fname: str) -> tuple[pd.DataFrame | None, dict,
                                                              list[Problem]]:
    """Build the household table from a raw export.

    Parameters
    ----------
    raw : DataFrame
        The export as read, with ``_baris`` (the row a person finds it at).
    labels : dict
        SPSS value labels ``{column: {code: label}}`` (empty for other formats).
    mapping : EhraMapping
        From :func:`parse_mapping` or :func:`mapping_from_method`.
    method_pemetaan : dict
        The method's ``ehra.pemetaan`` (kept when the mapping does not come from a file).
    fname : str
        The export's file name, for messages.

    Returns
    -------
    ehra : DataFrame or None
        ``id_rt``, ``kode_desa`` (or ``nama_desa``/``nama_kec``), ``rt``,
        ``umur_responden``, the answer or ``risiko_<code>`` columns and ``_baris``.
    pemetaan : dict
        The ``ehra.pemetaan`` the scoring must use with this table.
    problems : list of Problem
    """
    problems: list[Problem] = []
    columns = [c for c in raw.columns if c != "_baris"]
    out = pd.DataFrame({"_baris": raw["_baris"].to_numpy()}, index=raw.index)
    for key in IDENTITY:
        wanted = mapping.identity.get(key, key)
        col, cands = resolve_column(columns, wanted)
        if col is None and key == "id_rt" and key not in mapping.identity:
            col = next((c for c in columns if c.lower() in _ID_FALLBACKS), None)
            if col is not None:
                problems.append(Problem(fname, f"kolom id_rt tidak ada; kolom '{col}' dipakai "
                                        "sebagai id rumah tangga", column="id_rt",
                                        severity="warning",
                                        hint="tambahkan kolom id_rt, atau tulis kolom.id_rt di "
                                             "pemetaan_ehra.yaml"))
        if col is None:
            if key in mapping.identity or (cands and key in ("id_rt", "kode_desa")):
                problems.append(_missing_column(fname, wanted, cands, key))
            continue
        out[key] = raw[col].to_numpy()
    if "id_rt" not in out:
        problems.append(Problem(fname, "kolom wajib tidak ada", column="id_rt",
                                hint="tambahkan kolom id_rt (id unik rumah tangga)"))
    if "kode_desa" not in out and "nama_desa" not in out:
        problems.append(Problem(fname, "kolom wajib tidak ada", column="kode_desa",
                                hint="tambahkan kolom kode_desa (kode Kemendagri), atau "
                                     "nama_desa dan nama_kec"))
    if "id_rt" in out:
        out["id_rt"] = out["id_rt"].map(lambda v: None if _norm(v) is None else
                                        (str(_norm(v)) if not isinstance(v, str) else v.strip()))
    if "kode_desa" in out:
        out["kode_desa"] = out["kode_desa"].map(normalise_kode)
    for key in ("rt", "umur_responden"):
        if key in out:
            out[key] = pd.to_numeric(out[key].map(_norm), errors="coerce")
    missing = {_norm(v) for v in mapping.tidak_dijawab}
    pemetaan: dict = {}
    for sub in mapping.subs:
        col, cands = resolve_column(columns, sub.kolom)
        if col is None:
            if mapping.from_file:
                problems.append(_missing_column(fname, sub.kolom, cands,
                                                f"subindikator.{sub.code}.kolom"))
            elif cands:
                problems.append(_missing_column(fname, sub.kolom, cands, sub.kolom))
            continue
        values, bad = _answers(raw[col], labels.get(col, {}), sub, missing, mapping.from_file)
        if bad is not None and bad.any():
            problems += _out_of_range(raw, bad, col, sub, labels.get(col, {}), fname)
        if mapping.from_file:
            name = f"risiko_{sub.code}"
            out[name] = values
            pemetaan.setdefault(sub.component, {})[sub.code] = {
                "kolom": name, "berisiko": [1], "nama": sub.nama or sub.code}
        else:
            out[sub.kolom] = values
    if not mapping.from_file:
        pemetaan = method_pemetaan
    used = set(mapping.identity.values()) | {s.kolom for s in mapping.subs}
    for col in columns:
        if col not in out and col not in used:
            out[col] = raw[col].to_numpy()
    if any(p.severity == "error" and p.column in ("id_rt", "kode_desa") for p in problems):
        return None, pemetaan, problems
    return out, pemetaan, problems


def _missing_column(fname: str, wanted: str, cands: list[str], key: str) -> Problem:
    if len(cands) > 1 and all(_leaf(c.lower()) == _leaf(wanted.lower()) for c in cands):
        return Problem(fname, f"kolom '{wanted}' ambigu: ada di beberapa grup "
                       f"({', '.join(cands)})", column=key,
                       hint="tulis nama lengkap grup/pertanyaan di pemetaan_ehra.yaml")
    hint = f"mungkin maksudnya: {', '.join(cands)}" if cands else \
        "periksa nama kolom di baris judul ekspor"
    return Problem(fname, f"kolom '{wanted}' tidak ada di data", column=key,
                   hint=hint + "; sesuaikan pemetaan_ehra.yaml")


def _answers(series: pd.Series, labels: dict, sub: SubIndicator, missing: set,
             from_file: bool) -> tuple[pd.Series, pd.Series | None]:
    norm_labels = {_norm(k): _norm(v) for k, v in labels.items()}
    risky = {_norm(v) for v in sub.berisiko}
    safe = None if sub.aman is None else {_norm(v) for v in sub.aman}
    valid = None if safe is None else risky | safe
    if valid is None and norm_labels:
        valid = set(norm_labels) | set(norm_labels.values())
    numeric = pd.to_numeric(series, errors="coerce")
    text = series.notna() & numeric.isna()
    answers = numeric.astype(object).where(numeric.notna(), None)
    if text.any():
        answers[text] = series[text].map(_norm)
    if missing:
        answers = answers.where(~answers.isin(list(missing)), None)
    label_of = (answers.map(lambda a: norm_labels.get(a)) if norm_labels
                else pd.Series(None, index=answers.index, dtype=object))
    present = answers.notna()
    if valid is not None:
        bad = present & ~(answers.isin(valid) | label_of.isin(valid))
    else:
        bad = present & text
    if from_file:
        flag = (answers.isin(risky) | label_of.isin(risky)).astype(float)
        flag = flag.where(present & ~bad)
        return flag.to_numpy(), bad
    codes = pd.to_numeric(answers.where(~bad), errors="coerce")
    return codes.to_numpy(), bad


def _out_of_range(raw: pd.DataFrame, bad: pd.Series, col: str, sub: SubIndicator,
                  labels: dict, fname: str) -> list[Problem]:
    rows = raw.loc[bad, "_baris"].tolist()
    values = raw.loc[bad, col].tolist()
    allowed = [*sub.berisiko, *(sub.aman or [])] if sub.aman is not None else list(labels)
    if all(isinstance(v, (int, float)) for v in allowed):
        allowed = sorted(allowed)
    shown = ", ".join(str(v) for v in allowed[:12])
    out = []
    for row, value in list(zip(rows, values, strict=False))[:10]:
        out.append(Problem(
            fname, f"jawaban '{value}' di luar kode yang sah untuk sub-indikator {sub.code}",
            row=int(row), column=col,
            hint=f"kode yang sah: {shown}; kosongkan bila tidak dijawab, atau tambahkan kode "
                 "itu ke tidak_dijawab/aman di pemetaan_ehra.yaml"))
    if len(rows) > 10:
        out.append(Problem(fname, f"… dan {len(rows) - 10} jawaban lain di luar kode yang sah",
                           column=col, hint=f"kode yang sah: {shown}"))
    return out
