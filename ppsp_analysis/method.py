"""Method options: merging a package's ``metode.yaml`` over the defaults, and checking them.

The defaults live in ``ppsp_analysis/data/metode_default.yaml`` (read by
:func:`ppsp_analysis.io.read_default_method`). Every convention the PPSP sources do not pin down
is an option there, with a comment naming its source ([C] confirmed, [I] inferred).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import fmt
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

#: Named wordings of the risk classes 1..4, one set for the area-berisiko classes (components,
#: gabungan, kecamatan) and one for the IRS/EHRA classes. ``pedoman2017`` (default): the 2017
#: *Pedoman Pemutakhiran SSK* (p.138) and the Banjarbaru/Cimahi/Sikka documents name the
#: area-berisiko classes 1 sangat rendah / 2 rendah / 3 tinggi / 4 sangat tinggi [C]; IRS
#: classes keep the usual EHRA-report wording [I]. ``lama``: the toolkit's earlier wording (one
#: older document's) for both.
CLASS_LABEL_SETS: dict[str, dict[str, tuple[str, ...]]] = {
    "pedoman2017": {
        "area": ("Berisiko sangat rendah", "Berisiko rendah", "Berisiko tinggi",
                 "Berisiko sangat tinggi"),
        "irs": ("Kurang berisiko", "Berisiko sedang", "Berisiko tinggi",
                "Berisiko sangat tinggi"),
    },
    "lama": {
        "area": ("Kurang berisiko", "Berisiko sedang", "Berisiko tinggi",
                 "Berisiko sangat tinggi"),
        "irs": ("Kurang berisiko", "Berisiko sedang", "Berisiko tinggi",
                "Berisiko sangat tinggi"),
    },
}
DEFAULT_LABEL_SET = "pedoman2017"
#: Which label set a class column uses: IRS classes vs area-berisiko classes.
LABEL_KINDS = ("area", "irs")

_CHOICES: dict[tuple[str, ...], tuple[Any, ...]] = {
    ("ehra", "unit_irs"): ("desa", "strata"),
    ("ehra", "agregasi"): ("mean", "sum", "weighted"),
    ("persepsi", "agregasi"): ("mean", "median", "mode"),
    ("persepsi", "pembulatan"): ("none", "half_up"),
    ("exposure", "sumber_hilang"): ("tidak_ada_data", "normalisasi_ulang"),
    ("area_berisiko", "metode_kelas"): ("equal_interval", "tetap_4_8_12"),
    ("gabungan", "metode"): ("maks", "rata_rata"),
    ("sampel", "metode"): ("ppsp2014", "kemenkes2021_30", "proporsi_desa"),
    ("sampel", "pembulatan_krejcie_morgan"): ("nearest", "up"),
    ("kelas", "label"): tuple(CLASS_LABEL_SETS),
    ("kelas", "pembulatan_batas"): ("half_up", "roundup"),
    ("ehra", "subindikator_kosong"): ("abaikan", "nol"),
    ("kecamatan", "metode"): ("persen_penduduk_prioritas", "rerata_ie_tertimbang"),
}
#: Bounds of an indicator formula (``rumus``): evaluation work is linear in the formula's
#: size, so a short formula can never keep ``score`` busy.
MAX_FORMULA_CHARS = 200
MAX_FORMULA_DEPTH = 10
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?)(?![0-9A-Za-z_.])"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<pow>\*\*|\^)|(?P<op>[-+*/()]))")

#: Choices of the funding options (``pendanaan``; checked only when the section is present).
_FUNDING_CHOICES: dict[str, tuple[str, ...]] = {
    "dasar_kebutuhan": ("otomatis", "program", "target", "keduanya"),
    "pertumbuhan_apbd": ("rata_rata", "cagr"),
    "alokasi_apbd_komponen": ("realisasi", "kebutuhan"),
    "usulan": ("apbd_kabupaten", "celah_1"),
}


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
    out = plain(defaults)
    if not overrides:
        return out
    _merge_into(out, plain(overrides), path=())
    return out


_OPEN = {("kelas", "label_area"), ("kelas", "label_irs"), ("ehra", "bobot_subindikator"),
         ("sekunder",), ("ehra", "pemetaan")}
_REPLACE = {("sekunder",), ("ehra", "pemetaan"), ("pendanaan",)}


def plain(value: Any) -> Any:
    """A deep plain-``dict``/``list`` copy of a method or any part of it (a
    :class:`~ppsp_analysis.Method` becomes the nested dict of ``metode.yaml``).

    Examples
    --------
    >>> plain({"a": ({"b": 1},)})
    {'a': [{'b': 1}]}
    """
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


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
        if isinstance(value, (dict, list)) or value not in choices:
            extra = ""
            if path == ("kelas", "label") and isinstance(value, dict):
                extra = (" (kelas.label kini nama set label; kata-kata sendiri per kelas ditulis "
                         "di kelas.label_area atau kelas.label_irs)")
            problems.append(
                f"opsi {'.'.join(path)} = {value!r} tidak dikenal; pilihan: "
                f"{', '.join(choices)}{extra}"
            )
    k = method["kelas"]["jumlah"]
    if not isinstance(k, int) or k < 2:
        problems.append("opsi kelas.jumlah harus bilangan bulat >= 2")
    for group, indicators in method["sekunder"].items():
        if group not in ("impact", *COMPONENTS):
            problems.append(f"sekunder.{group}: kelompok tidak dikenal (impact, {COMPONENTS})")
            continue
        if not indicators or not any(isinstance(spec, dict) and spec.get("aktif", True)
                                     for spec in indicators.values()):
            problems.append(f"sekunder.{group}: minimal satu indikator aktif")
            continue
        for name, spec in indicators.items():
            where = f"sekunder.{group}.{name}"
            if not isinstance(spec, dict) or "rumus" not in spec:
                problems.append(f"{where}: perlu 'rumus'")
                continue
            if not isinstance(spec.get("aktif", True), bool):
                problems.append(f"{where}.aktif harus true atau false")
            try:
                parse_formula(spec["rumus"])
            except FormulaError as exc:
                problems.append(f"{where}.rumus = {_quote(spec['rumus'])}: {exc}")
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
    problems += _sampling_problems(method["sampel"])
    if isinstance(method.get("pendanaan"), dict):
        problems += funding_option_problems(method["pendanaan"])
    problems += _label_problems(method["kelas"], k)
    pct = method["kecamatan"]["ambang_persen"]
    if (not isinstance(pct, list) or len(pct) != k - 1 or not all(_is_number(v) and 0 <= v <= 100
                                                                  for v in pct)
            or list(pct) != sorted(pct)):
        problems.append(f"kecamatan.ambang_persen harus {k - 1} angka menaik antara 0 dan 100")
    return problems


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sampling_problems(sampel: dict) -> list[str]:
    out = []
    share = sampel["proporsi"]
    if not _is_number(share) or not 0 < share <= 1:
        out.append(f"opsi sampel.proporsi = {share!r} harus angka > 0 dan <= 1 (mis. 0.25 "
                   "untuk 25 % desa)")
    for key in ("minimum_responden", "responden_per_desa"):
        value = sampel[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            out.append(f"opsi sampel.{key} = {value!r} harus bilangan bulat >= 1")
    return out


def funding_option_problems(opts: dict) -> list[str]:
    """Problems of the funding options (section ``pendanaan``), one message each.

    Examples
    --------
    >>> funding_option_problems({"usulan": "semua", "eskalasi_persen_per_tahun": 3})
    ["opsi pendanaan.usulan = 'semua' tidak dikenal; pilihan: apbd_kabupaten, celah_1"]
    """
    from .monev.catalogue import indicator_catalogue
    from .schema import KOMPONEN_PROGRAM, STATUS_KOMITMEN, SUMBER_DANA

    out = []
    for key, choices in _FUNDING_CHOICES.items():
        if key in opts and opts[key] not in choices:
            out.append(f"opsi pendanaan.{key} = {opts[key]!r} tidak dikenal; pilihan: "
                       f"{', '.join(choices)}")
    for key, lo, hi in (("eskalasi_persen_per_tahun", -10, 50), ("om_persen_per_tahun", 0, 100),
                        ("pendamping_dak_persen", 0, 100), ("operasional_dak_persen", 0, 100),
                        ("umur_harga_maks_tahun", 0, 50)):
        if key in opts and not (_is_number(opts[key]) and lo <= opts[key] <= hi):
            out.append(f"opsi pendanaan.{key} = {opts[key]!r} harus angka {lo}–{hi}")
    g = opts.get("pertumbuhan_kk_persen")
    if g is not None and not (_is_number(g) and -10 <= g <= 20):
        out.append(f"opsi pendanaan.pertumbuhan_kk_persen = {g!r} harus kosong (null) atau "
                   "angka −10–20")
    for key in ("sumber_kebutuhan_target",):
        shares = opts.get(key)
        if shares is None:
            continue
        if not isinstance(shares, dict) or not shares:
            out.append(f"opsi pendanaan.{key} harus berisi sumber dana: bagian, mis. "
                       "{\"APBD Kabupaten\": 100}")
            continue
        for src in shares:
            if src not in SUMBER_DANA:
                out.append(f"opsi pendanaan.{key}: sumber dana '{src}' tidak dikenal; pilihan: "
                           f"{', '.join(SUMBER_DANA)}")
        out += _weight_problems(shares, f"pendanaan.{key}", total=True)
    if "sumber_om" in opts and opts["sumber_om"] not in SUMBER_DANA:
        out.append(f"opsi pendanaan.sumber_om = {opts['sumber_om']!r} tidak dikenal; pilihan: "
                   f"{', '.join(SUMBER_DANA)}")
    status = opts.get("status_komitmen", [])
    if not isinstance(status, list) or any(s not in STATUS_KOMITMEN for s in status):
        out.append(f"opsi pendanaan.status_komitmen = {status!r} harus daftar tahap dari: "
                   f"{', '.join(STATUS_KOMITMEN)}")
    targets = opts.get("target_kebutuhan") or {}
    if not isinstance(targets, dict):
        return out + ["opsi pendanaan.target_kebutuhan harus berisi indikator: {komponen, "
                      "teknologi}"]
    catalogue = indicator_catalogue()
    for code, spec in targets.items():
        where = f"pendanaan.target_kebutuhan.{code}"
        if code not in catalogue.index or catalogue.loc[code, "penyebut"] != "jumlah_kk" \
                or catalogue.loc[code, "arah"] != "naik":
            out.append(f"{where}: harus indikator katalog monev ber-% KK yang makin tinggi makin "
                       "baik, mis. sanitasi_layak, sanitasi_aman, sampah_terlayani")
        if not isinstance(spec, dict):
            out.append(f"{where}: perlu 'komponen' dan 'teknologi'")
            continue
        if not isinstance(spec.get("aktif", True), bool):
            out.append(f"{where}.aktif harus true atau false")
        if spec.get("komponen") not in KOMPONEN_PROGRAM:
            out.append(f"{where}.komponen harus salah satu dari {', '.join(KOMPONEN_PROGRAM)}")
        tech = spec.get("teknologi")
        if not isinstance(tech, dict) or not tech:
            out.append(f"{where}.teknologi harus berisi item biaya: bagian, mis. "
                       "{tangki_septik_individual: 80}")
        else:
            out += _weight_problems(tech, f"{where}.teknologi", total=True)
    return out


def _label_problems(kelas: dict, k: int) -> list[str]:
    out = []
    for kind in LABEL_KINDS:
        key = f"label_{kind}"
        own = kelas.get(key) or {}
        if not isinstance(own, dict):
            out.append(f"opsi kelas.{key} harus berisi pasangan kelas: label, mis. {{1: ...}}")
            continue
        for cls, text in own.items():
            if _class_key(cls) not in range(1, k + 1) or not isinstance(text, str) \
                    or not text.strip():
                out.append(f"opsi kelas.{key}.{cls}: kelas harus 1–{k} dan label berupa teks")
    return out


def _class_key(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def class_labels(method: dict | None = None, kind: str = "area") -> dict[int, str]:
    """The wording of the risk classes 1..k: the one definition every output reads.

    Parameters
    ----------
    method : dict, optional
        A merged method; ``None`` gives the default set (``pedoman2017``).
    kind : {"area", "irs"}
        ``area`` for the area-berisiko classes (components, gabungan, kecamatan), ``irs``
        for the IRS/EHRA classes.

    Returns
    -------
    dict
        Class → label. The set named by ``kelas.label``, then the Pokja's own wording in
        ``kelas.label_area`` / ``kelas.label_irs``; classes beyond the set read ``Kelas N``.

    Examples
    --------
    >>> class_labels()[1], class_labels(kind="irs")[1]
    ('Berisiko sangat rendah', 'Kurang berisiko')
    >>> class_labels({"kelas": {"jumlah": 4, "label": "lama"}})[2]
    'Berisiko sedang'
    """
    if kind not in LABEL_KINDS:
        raise ValueError(f"jenis label tidak dikenal: {kind!r} ({', '.join(LABEL_KINDS)})")
    kelas = (method or {}).get("kelas") or {}
    k = int(kelas.get("jumlah", 4))
    name = kelas.get("label", DEFAULT_LABEL_SET)
    words = CLASS_LABEL_SETS.get(name if isinstance(name, str) else DEFAULT_LABEL_SET,
                                 CLASS_LABEL_SETS[DEFAULT_LABEL_SET])[kind]
    out = {i: (words[i - 1] if i <= len(words) else f"Kelas {i}") for i in range(1, k + 1)}
    for cls, text in (kelas.get(f"label_{kind}") or {}).items():
        key = _class_key(cls)
        if key in out and isinstance(text, str) and text.strip():
            out[key] = text.strip()
    return out


def class_label_text(method: dict | None = None, kind: str = "area") -> str:
    """``1 berisiko sangat rendah, 2 …, 4 berisiko sangat tinggi`` (for column meanings).

    Examples
    --------
    >>> class_label_text(kind="irs")
    '1 kurang berisiko, 2 berisiko sedang, 3 berisiko tinggi, 4 berisiko sangat tinggi'
    """
    return ", ".join(f"{k} {v[:1].lower() + v[1:]}" for k, v in class_labels(method, kind).items())


def active_indicators(method: dict) -> dict[str, dict[str, dict]]:
    """The secondary indicators that are switched on (``aktif`` true or absent), per group.

    An indicator written with ``aktif: false`` (e.g. the optional urban/rural IMPACT
    indicator) is documented in the method but neither computed nor printed.
    """
    return {group: {name: spec for name, spec in (specs or {}).items()
                    if not isinstance(spec, dict) or spec.get("aktif", True) is not False}
            for group, specs in (method.get("sekunder") or {}).items()}


def check_method(method: dict) -> dict:
    """Raise :class:`MethodError` listing every problem, or return ``method`` unchanged
    (a dict or a :class:`~ppsp_analysis.Method`)."""
    problems = validate_method(method if type(method) is dict else plain(method))
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


class FormulaError(MethodError):
    """An indicator formula (``rumus``) that is not in the grammar or exceeds its bounds."""


@dataclass(frozen=True)
class Formula:
    """A parsed indicator formula.

    Attributes
    ----------
    text : str
        The formula as written.
    tree : tuple
        ``("num", float)``, ``("col", name)``, ``("neg", node)`` or ``(op, left, right)``
        with ``op`` one of ``+ - * /``.
    columns : tuple of str
        Column names used, in order of first use.
    """

    text: str
    tree: tuple
    columns: tuple[str, ...]


_POW_HINT = ("operator pangkat '{}' tidak didukung: rumus hanya boleh memakai nama kolom, angka, "
             "+ - * / dan kurung; tulis perkaliannya, mis. luas_ha * luas_ha")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """``(kind, value, position)`` tokens; position is 1-based as users count characters."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:
            rest = text[pos:].lstrip()
            if not rest:
                break
            at = len(text) - len(rest) + 1
            word = re.match(r"[0-9][0-9A-Za-z_.,]*", rest)
            if word:
                raise FormulaError(
                    f"'{word.group()}' (posisi {at}) bukan angka atau nama kolom yang sah; angka "
                    "desimal ditulis dengan titik (0.5) dan nama kolom tidak diawali angka")
            raise FormulaError(f"karakter '{rest[0]}' (posisi {at}) tidak boleh dipakai; rumus "
                               "hanya boleh memakai nama kolom, angka, + - * / dan kurung")
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "pow":
            raise FormulaError(_POW_HINT.format(value))
        out.append((kind, value, m.start(kind) + 1))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over ``expr := term (+|- term)*``, ``term := unary (*|/ unary)*``,
    ``unary := (+|-) unary | number | name | ( expr )``, with a nesting bound."""

    def __init__(self, tokens: list[tuple[str, str, int]]):
        self.tokens, self.i, self.columns = tokens, 0, {}

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expr(self, depth: int) -> tuple:
        node = self.term(depth)
        while (tok := self.peek()) and tok[1] in "+-" and tok[0] == "op":
            self.take()
            node = (tok[1], node, self.term(depth))
        return node

    def term(self, depth: int) -> tuple:
        node = self.unary(depth)
        while (tok := self.peek()) and tok[1] in "*/" and tok[0] == "op":
            self.take()
            node = (tok[1], node, self.unary(depth))
        return node

    def unary(self, depth: int) -> tuple:
        if depth > MAX_FORMULA_DEPTH:
            raise FormulaError(f"rumus terlalu bersarang (lebih dari {MAX_FORMULA_DEPTH} tingkat "
                               "kurung atau tanda); sederhanakan rumusnya")
        tok = self.peek()
        if tok is None:
            prev = self.tokens[self.i - 1] if self.i else None
            if prev is None:
                raise FormulaError("rumus kosong")
            raise FormulaError(f"rumus berakhir setelah '{prev[1]}' (posisi {prev[2]}); "
                               "lengkapi dengan nama kolom atau angka")
        kind, value, at = self.take()
        if kind == "num":
            return ("num", float(value))
        if kind == "name":
            self.columns.setdefault(value, None)
            return ("col", value)
        if value in "+-":
            inner = self.unary(depth + 1)
            return ("neg", inner) if value == "-" else inner
        if value == "(":
            node = self.expr(depth + 1)
            close = self.peek()
            if close is None:
                raise FormulaError(f"kurung '(' pada posisi {at} tidak ditutup; tambahkan ')'")
            if close[1] != ")":
                raise _missing_operator(self.tokens[self.i - 1], close)
            self.take()
            return node
        if value == ")":
            raise FormulaError(f"kurung ')' pada posisi {at} datang sebelum nilai; periksa "
                               "pasangan kurungnya")
        raise FormulaError(f"operator '{value}' pada posisi {at} tidak didahului nilai")


def _missing_operator(left: tuple[str, str, int], right: tuple[str, str, int]) -> FormulaError:
    if right[1] == ")":
        return FormulaError(f"kurung ')' pada posisi {right[2]} tidak punya pasangan '('")
    return FormulaError(f"tidak ada operator antara '{left[1]}' dan '{right[1]}' (posisi "
                        f"{right[2]}); sisipkan + - * atau /")


def parse_formula(text: object) -> Formula:
    """Parse an indicator formula (``rumus``): column names, numbers, ``+ - * /`` and
    parentheses; at most :data:`MAX_FORMULA_CHARS` characters and
    :data:`MAX_FORMULA_DEPTH` levels of nesting. No power operator, no function calls.

    This is the only parser of ``rumus``: :func:`validate_method` (``ppsp validate``) and
    :func:`ppsp_analysis.scoring.compute_indicators` (``ppsp score``) both use it, so a
    formula that validates always scores.

    Raises
    ------
    FormulaError
        With the reason in Bahasa Indonesia (the caller adds which ``rumus`` it was).

    Examples
    --------
    >>> parse_formula("kk_miskin / jumlah_kk * 100").columns
    ('kk_miskin', 'jumlah_kk')
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise FormulaError("rumus harus berupa teks, mis. \"penduduk / luas_ha\"")
    text = str(text)
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"rumus terlalu panjang ({len(text)} karakter, batas "
                           f"{MAX_FORMULA_CHARS}); pecah menjadi beberapa indikator")
    tokens = _tokens(text)
    parser = _Parser(tokens)
    tree = parser.expr(0)
    if parser.i < len(tokens):
        raise _missing_operator(tokens[parser.i - 1], tokens[parser.i])
    return Formula(text, tree, tuple(parser.columns))


def evaluate_formula(formula: Formula, columns: dict[str, np.ndarray]) -> np.ndarray | float:
    """Evaluate a parsed formula on float arrays (division by zero gives ±inf or NaN).

    Parameters
    ----------
    formula : Formula
    columns : dict
        Column name → float array (all the same length).

    Returns
    -------
    numpy.ndarray or float
        A float when the formula uses no column.
    """
    def ev(node: tuple):
        kind = node[0]
        if kind == "num":
            return np.float64(node[1])
        if kind == "col":
            return columns[node[1]]
        if kind == "neg":
            return -ev(node[1])
        left, right = ev(node[1]), ev(node[2])
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        return left / right

    with np.errstate(all="ignore"):
        return ev(formula.tree)


def formula_columns(text: str) -> list[str]:
    """Column names used by an indicator formula (``rumus``); for a formula outside the
    grammar, every name-like word in it (so validation can still name missing columns)."""
    try:
        return list(parse_formula(text).columns)
    except FormulaError:
        return list(dict.fromkeys(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", str(text))))


def _quote(value: object, limit: int = 60) -> str:
    """The value on one line (problems are one per line), shortened, " — " kept for hints."""
    text = " ".join(str(value).split()).replace(" — ", " - ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _get(d: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        d = d[key]
    return d


# ---------------------------------------------------------------- differences between methods
#: How many changed options a scenario mark lists before "dan N opsi lain".
MAX_LISTED = 6

_NO = object()


def _differences(old: Any, new: Any, path: tuple) -> list[tuple[str, Any, Any]]:
    """``(dotted key, old, new)`` of every option that differs; an option or section present
    on one side only is one row (``_NO`` on the other side)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in dict.fromkeys([*old, *new]):
            out += _differences(old.get(key, _NO), new.get(key, _NO), (*path, key))
        return out
    if old == new:
        return []
    return [(".".join(map(str, path)), old, new)]


def _show(value: Any) -> str:
    if value is _NO:
        return fmt.MISSING
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, (list, tuple, Mapping)):
        text = json.dumps(plain(value), ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def method_changes(base: Mapping, used: Mapping) -> list[str]:
    """The options of ``used`` that differ from ``base``, one line each (``opsi: a → b``).

    This is what a scenario mark lists: empty when ``used`` is ``base``.

    Examples
    --------
    >>> base = {"gabungan": {"metode": "maks"}, "exposure": {"bobot": {"air_limbah": {
    ...     "sekunder": 1, "irs": 1, "persepsi": 1}}}}
    >>> used = {"gabungan": {"metode": "maks"}, "exposure": {"bobot": {"air_limbah": {
    ...     "sekunder": 1, "irs": 1.5, "persepsi": 1}}}}
    >>> method_changes(base, used)
    ['exposure.bobot.air_limbah.irs: 1 → 1,5']
    """
    out = []
    for key, old, new in _differences(plain(base), plain(used), ()):
        if new is _NO:
            out.append(f"{key}: dihapus")
        elif old is _NO:
            out.append(f"{key}: ditambahkan ({_show(new)})")
        else:
            out.append(f"{key}: {_show(old)} → {_show(new)}")
    return out


def listed_changes(changes: list[str], limit: int = MAX_LISTED) -> list[str]:
    """At most ``limit`` lines, the rest counted (``… dan 3 opsi lain``)."""
    if len(changes) <= limit:
        return list(changes)
    return [*changes[: limit - 1], f"… dan {fmt.integer(len(changes) - limit + 1)} opsi lain"]
