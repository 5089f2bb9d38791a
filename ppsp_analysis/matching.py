"""Matching by name and joining by code crosswalk (pure helpers for users' messy tables).

Desa are keyed by the Kemendagri code; names are only for display. Two helpers bridge
tables that lack the code:

* :func:`match_desa_names` finds the code of rows that carry only a desa name, by normalised
  and then fuzzy (``difflib``) name matching *within the kecamatan*, and says how sure it is,
  so that every match can be shown to a person to confirm;
* :func:`bps_to_kemendagri` joins a BPS-coded table through an explicit BPS↔Kemendagri
  crosswalk (never by stripping dots: Gunung Mas is Kemendagri 62.10 but BPS 6211).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .schema import clean_invisible

#: Minimum similarity (0–1) for a fuzzy name match.
FUZZY_CUTOFF = 0.82
#: The best candidate must beat the runner-up by this much, otherwise the match is ambiguous.
FUZZY_MARGIN = 0.06

_PREFIX = re.compile(
    r"^(desa|kelurahan|kel|ds|dsa|kec|kecamatan|kab|kabupaten|kota|kampung|kmp)\b\.?\s*")


def normalise_name(text: object) -> str:
    """Comparable form of a place name.

    Lower case, accents removed, punctuation to spaces, repeated spaces collapsed, a leading
    ``Desa``/``Kelurahan``/``Kel.``/``Kecamatan`` … dropped.

    Examples
    --------
    >>> normalise_name("  Kel. Tampang   Tumbang-Anjir "), normalise_name("DESA Sépang Kota")
    ('tampang tumbang anjir', 'sepang kota')
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKD", clean_invisible(str(text)))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^0-9a-z]+", " ", s).strip()
    s = _PREFIX.sub("", s).strip()
    return re.sub(r"\s+", " ", s)


@dataclass
class NameMatch:
    """The outcome of matching one name.

    Attributes
    ----------
    kode : str or None
        The matched code (None when not found or ambiguous).
    nama : str or None
        The official name of the match.
    score : float
        Similarity 0–1 (1 = identical after normalisation).
    status : str
        ``"exact"`` (identical after normalisation), ``"fuzzy"``, ``"ambiguous"`` or
        ``"none"``.
    candidates : list of (kode, nama, score)
        The closest candidates (for the message).
    """

    kode: str | None
    nama: str | None
    score: float
    status: str
    candidates: list[tuple[str, str, float]] = field(default_factory=list)


def best_match(name: object, options: pd.DataFrame, code_col: str, name_col: str) -> NameMatch:
    """Match ``name`` against ``options[name_col]`` (normalised, then fuzzy).

    Parameters
    ----------
    name : str
        The name typed by the user.
    options : DataFrame
        Candidate rows with ``code_col`` and ``name_col``.

    Returns
    -------
    NameMatch

    Examples
    --------
    >>> opts = pd.DataFrame({"k": ["1", "2", "3"], "n": ["Sepang Kota", "Sepang Simin", "Rabauh"]})
    >>> m = best_match("sepang  KOTA ", opts, "k", "n"); (m.kode, m.status)
    ('1', 'exact')
    >>> m = best_match("Rabauhh", opts, "k", "n"); (m.kode, m.status)
    ('3', 'fuzzy')
    >>> best_match("Sepang", opts, "k", "n").status
    'none'
    """
    key = normalise_name(name)
    if not key or options.empty:
        return NameMatch(None, None, 0.0, "none")
    keys = options[name_col].map(normalise_name)
    exact = options[keys == key]
    if len(exact) == 1:
        r = exact.iloc[0]
        return NameMatch(str(r[code_col]), str(r[name_col]), 1.0, "exact",
                         [(str(r[code_col]), str(r[name_col]), 1.0)])
    if len(exact) > 1:
        cands = [(str(r[code_col]), str(r[name_col]), 1.0) for _, r in exact.iterrows()]
        return NameMatch(None, None, 1.0, "ambiguous", cands)
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, k).ratio(), i) for i, k in zip(
            options.index, keys, strict=False)), reverse=True)
    cands = [(str(options.at[i, code_col]), str(options.at[i, name_col]), round(s, 3))
             for s, i in scored[:3]]
    best = scored[0][0]
    if best < FUZZY_CUTOFF:
        return NameMatch(None, None, best, "none", cands)
    if len(scored) > 1 and scored[1][0] > best - FUZZY_MARGIN:
        return NameMatch(None, None, best, "ambiguous", cands)
    i = scored[0][1]
    return NameMatch(str(options.at[i, code_col]), str(options.at[i, name_col]), best, "fuzzy",
                     cands)


def match_desa_names(rows: pd.DataFrame, desa: pd.DataFrame) -> list[NameMatch]:
    """Find the desa code of rows that carry only names.

    Parameters
    ----------
    rows : DataFrame
        ``nama_desa`` and optionally ``kode_kec`` and/or ``nama_kec`` (the kecamatan narrows
        the search; without it the whole kabupaten is searched).
    desa : DataFrame
        The boundaries' desa: ``kode_desa``, ``nama_desa``, ``kode_kec``, ``nama_kec``.

    Returns
    -------
    list of NameMatch
        One per row, in order. A kecamatan that cannot be found gives status ``"none"``
        with the kecamatan candidates.
    """
    kec = desa[["kode_kec", "nama_kec"]].drop_duplicates("kode_kec").reset_index(drop=True)
    out = []
    for _, r in rows.iterrows():
        pool = desa
        kode_kec = r.get("kode_kec")
        nama_kec = r.get("nama_kec")
        if isinstance(kode_kec, str) and kode_kec in set(kec["kode_kec"]):
            pool = desa[desa["kode_kec"] == kode_kec]
        elif isinstance(nama_kec, str) and nama_kec.strip():
            km = best_match(nama_kec, kec, "kode_kec", "nama_kec")
            if km.kode is None:
                out.append(NameMatch(None, None, km.score, "none",
                                     [(c, f"Kecamatan {n}", s) for c, n, s in km.candidates]))
                continue
            pool = desa[desa["kode_kec"] == km.kode]
        out.append(best_match(r.get("nama_desa"), pool.reset_index(drop=True), "kode_desa",
                              "nama_desa"))
    return out


def describe_match(match: NameMatch, typed: object) -> str:
    """One-line Bahasa Indonesia description of a match, for the confirmation report.

    Examples
    --------
    >>> describe_match(NameMatch("62.10.01.2002", "Sepang Kota", 0.93, "fuzzy"), "Sepang Kta")
    "nama 'Sepang Kta' dicocokkan dengan 62.10.01.2002 Sepang Kota (kemiripan 93%)"
    """
    how = "sama persis setelah dinormalkan" if match.status == "exact" else (
        f"kemiripan {match.score:.0%}")
    return f"nama '{typed}' dicocokkan dengan {match.kode} {match.nama} ({how})"


def candidates_text(match: NameMatch) -> str:
    """``'A' (62.10.01.2001), 'B' (…)``: the closest candidates, for a message."""
    return ", ".join(f"'{n}' ({c})" for c, n, _ in match.candidates[:3])


def bps_to_kemendagri(table: pd.DataFrame, bps_column: str, crosswalk: pd.DataFrame,
                      level: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Add ``kode_kemendagri`` to a BPS-coded table through an explicit crosswalk.

    Parameters
    ----------
    table : DataFrame
        Rows keyed by a BPS code (``bps_column``), e.g. a *Kecamatan Dalam Angka* table.
    bps_column : str
        The column holding the BPS code (digits; typed as number or text).
    crosswalk : DataFrame
        ``kode_bps``, ``kode_kemendagri`` and optionally ``level``
        (``kabupaten``/``kecamatan``), e.g. ``kode_bps_kemendagri.csv``.
    level : str, optional
        Keep only crosswalk rows of this level.

    Returns
    -------
    joined : DataFrame
        ``table`` with ``kode_kemendagri`` (None where the code is not in the crosswalk).
    unmatched : list of str
        The BPS codes not found. Nothing is ever guessed by stripping or adding dots.

    Examples
    --------
    >>> cw = pd.DataFrame({"kode_bps": ["6211", "6210"], "kode_kemendagri": ["62.10", "62.11"]})
    >>> t = pd.DataFrame({"bps": [6211, "6210", "6299"], "x": [1, 2, 3]})
    >>> j, miss = bps_to_kemendagri(t, "bps", cw)
    >>> j["kode_kemendagri"].tolist(), miss
    (['62.10', '62.11', None], ['6299'])
    """
    cw = crosswalk
    if level is not None and "level" in cw:
        cw = cw[cw["level"] == level]
    lookup = dict(zip(cw["kode_bps"].map(_digits), cw["kode_kemendagri"].astype(str),
                      strict=False))
    keys = table[bps_column].map(_digits)
    out = table.copy()
    out["kode_kemendagri"] = pd.Series([lookup.get(k) for k in keys], index=out.index,
                                       dtype=object)
    unmatched = sorted({k for k in keys if k and k not in lookup})
    return out, unmatched


def _digits(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            value = int(value)
    return re.sub(r"\s+", "", str(value))
