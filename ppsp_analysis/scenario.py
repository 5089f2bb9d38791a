"""Scenarios: what changes when the method changes, and why (pure).

:func:`compare` puts two scored results of one kabupaten side by side (typically the
package's own method and a scenario made with :meth:`ppsp_analysis.Method.with_weights`)
and lists every desa whose class changes, with the scores that moved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from . import fmt
from .method import COMPONENTS, method_changes

if TYPE_CHECKING:
    from .pipeline import ScoredResult

__all__ = ["Comparison", "compare"]

_SOURCES = (("sekunder", "skor data sekunder"), ("irs", "skor IRS EHRA"),
            ("persepsi", "skor persepsi OPD"))
_NAMES = {"air_limbah": "air limbah", "persampahan": "persampahan", "drainase": "drainase",
          "gabungan": "gabungan"}
COLUMNS = ["kode_desa", "nama_desa", "nama_kec", "komponen", "kelas_a", "kelas_b", "arah",
           "impact_a", "impact_b", "exposure_a", "exposure_b", "area_a", "area_b", "sebab"]


@dataclass
class Comparison:
    """Desa that change class between two scorings, with why.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per desa and component (``air_limbah``, ``persampahan``, ``drainase``,
        ``gabungan``) whose class differs: ``kode_desa``, ``nama_desa``, ``nama_kec``,
        ``komponen``, ``kelas_a``, ``kelas_b``, ``arah`` (``naik``/``turun``), IMPACT,
        EXPOSURE and IMPACT × EXPOSURE of both (``*_a``, ``*_b``) and ``sebab`` (which scores
        moved, in Bahasa Indonesia).
    method_changes : list of str
        Options of B's method that differ from A's (``opsi: a → b``).
    matrices : dict
        Component → cross table of classes (rows A, columns B).
    nama_kabupaten, label_a, label_b : str
        For the display.
    """

    table: pd.DataFrame
    method_changes: list[str]
    matrices: dict[str, pd.DataFrame] = field(default_factory=dict)
    nama_kabupaten: str = ""
    label_a: str = "A"
    label_b: str = "B"

    def summary(self) -> pd.DataFrame:
        """Per component: desa moving up a class, down, and in all."""
        rows = []
        for comp in self.matrices:
            t = self.table[self.table["komponen"] == comp]
            up = int((t["arah"] == "naik").sum())
            down = int((t["arah"] == "turun").sum())
            rows.append((_NAMES.get(comp, comp), up, down, len(t)))
        return pd.DataFrame(rows, columns=["komponen", "naik", "turun", "jumlah"])

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        parts = ", ".join(f"{r.komponen} {r.jumlah}" for r in self.summary().itertuples())
        return (f"Comparison({self.label_a} → {self.label_b}: {len(self.method_changes)} opsi "
                f"metode berbeda; desa berubah kelas: {parts})")

    def _repr_html_(self) -> str:
        from .display import comparison_html

        return comparison_html(self)


def compare(result_a: ScoredResult, result_b: ScoredResult,
            components: Sequence[str] = (*COMPONENTS, "gabungan"),
            labels: tuple[str, str] | None = None) -> Comparison:
    """The desa whose class differs between two scored results, and why.

    Parameters
    ----------
    result_a, result_b : ScoredResult
        Two scorings of the same kabupaten (e.g. the package's method and a scenario).
    components : sequence of str
        Which classes to compare: ``air_limbah``, ``persampahan``, ``drainase``,
        ``gabungan``.
    labels : (str, str), optional
        Names of the two results (default: ``metode paket`` / ``skenario`` from their marks).

    Returns
    -------
    Comparison
        ``.table`` lists each change with the scores that moved (``sebab``).

    Examples
    --------
    >>> from ppsp_analysis import Method, load_package, score_package
    >>> from ppsp_analysis.io.resources import demo_dir
    >>> pkg = load_package(demo_dir() / "99.02-kabupaten-tanjung-khayali")
    >>> a = score_package(pkg)
    >>> b = score_package(pkg, Method(pkg.method).with_weights(air_limbah={"irs": 3}))
    >>> c = compare(a, b, components=["air_limbah"])
    >>> c.method_changes
    ['exposure.bobot.air_limbah.irs: 1 → 3']
    >>> row = c.table.iloc[0]
    >>> "EXPOSURE" in row["sebab"], bool(row["exposure_a"] != row["exposure_b"])
    (True, True)
    >>> print(row["sebab"])  # doctest: +ELLIPSIS
    EXPOSURE ... → ... (bobot EXPOSURE air limbah berubah); IMPACT × EXPOSURE ... → ...
    """
    da, db = result_a.desa, result_b.desa
    codes = da.index.intersection(db.index)
    da, db = da.loc[codes], db.loc[codes]
    ma, mb = result_a.method, result_b.method
    changes = method_changes(ma, mb)
    rows: list[dict] = []
    matrices = {}
    for comp in components:
        col = f"kelas_{comp}"
        if col not in da or col not in db:
            continue
        ka = pd.to_numeric(da[col], errors="coerce")
        kb = pd.to_numeric(db[col], errors="coerce")
        matrices[comp] = pd.crosstab(ka.rename("kelas_a"), kb.rename("kelas_b"))
        moved = ~((ka == kb) | (ka.isna() & kb.isna()))
        for code in codes[moved.to_numpy()]:
            a, b = da.loc[code], db.loc[code]
            if comp == "gabungan":
                why = _why_combined(a, b, ma, mb)
                impact = exposure = area = (math.nan, math.nan)
            else:
                why = _why(comp, a, b, ma, mb, da, db)
                impact = (_f(a.get("impact")), _f(b.get("impact")))
                exposure = (_f(a.get(f"exposure_{comp}")), _f(b.get(f"exposure_{comp}")))
                area = (_f(a.get(f"area_{comp}")), _f(b.get(f"area_{comp}")))
            kla, klb = _f(a[col]), _f(b[col])
            rows.append({
                "kode_desa": str(code), "nama_desa": a.get("nama_desa", ""),
                "nama_kec": a.get("nama_kec", ""), "komponen": comp,
                "kelas_a": kla, "kelas_b": klb,
                "arah": "" if math.isnan(kla) or math.isnan(klb) else
                ("naik" if klb > kla else "turun"),
                "impact_a": impact[0], "impact_b": impact[1],
                "exposure_a": exposure[0], "exposure_b": exposure[1],
                "area_a": area[0], "area_b": area[1], "sebab": why})
    table = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("kelas_a", "kelas_b"):
        table[c] = table[c].astype("Int64")
    if labels is None:
        labels = (_label(result_a), _label(result_b))
    return Comparison(table, changes, matrices,
                      str(result_a.meta.get("nama_kabupaten", "")), *labels)


def _label(result: ScoredResult) -> str:
    n = len(result.meta.get("skenario") or [])
    return f"skenario ({n} opsi diubah)" if n else "metode paket"


def _f(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def _n(value: float) -> str:
    return fmt.MISSING if math.isnan(value) else fmt.number(value, 2)


def _differs(x: float, y: float) -> bool:
    if math.isnan(x) and math.isnan(y):
        return False
    return math.isnan(x) or math.isnan(y) or abs(x - y) > 1e-9


def _section(method: Mapping, *path: str) -> object:
    node: object = method
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _why(comp: str, a: pd.Series, b: pd.Series, ma: Mapping, mb: Mapping,
         da: pd.DataFrame, db: pd.DataFrame) -> str:
    parts = []
    if bool(a.get(f"override_{comp}")) or bool(b.get(f"override_{comp}")):
        parts.append("koreksi Pokja (override) pada salah satu hasil")
    ia, ib = _f(a.get("impact")), _f(b.get("impact"))
    if _differs(ia, ib):
        parts.append(f"IMPACT {_n(ia)} → {_n(ib)}")
    ea, eb = _f(a.get(f"exposure_{comp}")), _f(b.get(f"exposure_{comp}"))
    if _differs(ea, eb):
        inner = [f"{name} {_n(_f(a.get(f'skor_{src}_{comp}')))} → "
                 f"{_n(_f(b.get(f'skor_{src}_{comp}')))}"
                 for src, name in _SOURCES
                 if _differs(_f(a.get(f"skor_{src}_{comp}")), _f(b.get(f"skor_{src}_{comp}")))]
        wa = _section(ma, "exposure", "bobot", comp)
        wb = _section(mb, "exposure", "bobot", comp)
        if wa != wb:
            inner.append("bobot EXPOSURE " + _NAMES[comp] + " berubah")
        text = f"EXPOSURE {_n(ea)} → {_n(eb)}"
        parts.append(text + (f" ({'; '.join(inner)})" if inner else ""))
    aa, ab = _f(a.get(f"area_{comp}")), _f(b.get(f"area_{comp}"))
    ka, kb = _f(a.get(f"kelas_{comp}")), _f(b.get(f"kelas_{comp}"))
    if _differs(aa, ab):
        parts.append(f"IMPACT × EXPOSURE {_n(aa)} → {_n(ab)}")
        if (ab - aa) * (kb - ka) < 0:  # the score moved one way, the class the other
            parts.append("batas kelas bergeser (skor desa lain ikut berubah)")
    else:
        rule = "batas kelas bergeser"
        if _section(ma, "area_berisiko") != _section(mb, "area_berisiko") or \
                _section(ma, "kelas") != _section(mb, "kelas"):
            rule = "aturan kelas berubah"
        elif _section(ma, "area_berisiko", "metode_kelas") == "equal_interval":
            lo_a, hi_a = da[f"area_{comp}"].min(), da[f"area_{comp}"].max()
            lo_b, hi_b = db[f"area_{comp}"].min(), db[f"area_{comp}"].max()
            rule += (f" (interval sama lebar dari skor terendah–tertinggi kabupaten: "
                     f"{_n(_f(lo_a))}–{_n(_f(hi_a))} → {_n(_f(lo_b))}–{_n(_f(hi_b))})")
        parts.append(f"IMPACT × EXPOSURE tetap {_n(aa)}; {rule}")
    return "; ".join(parts)


def _why_combined(a: pd.Series, b: pd.Series, ma: Mapping, mb: Mapping) -> str:
    moved = [f"kelas {_NAMES[c]} {fmt.integer(_f(a.get(f'kelas_{c}')))} → "
             f"{fmt.integer(_f(b.get(f'kelas_{c}')))}"
             for c in COMPONENTS
             if _differs(_f(a.get(f"kelas_{c}")), _f(b.get(f"kelas_{c}")))]
    rule = _section(ma, "gabungan", "metode"), _section(mb, "gabungan", "metode")
    if rule[0] != rule[1]:
        moved.append(f"aturan gabungan {rule[0]} → {rule[1]}")
    return "; ".join(moved) or "aturan kelas gabungan"
