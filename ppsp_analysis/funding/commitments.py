"""The commitment tracker (sheet ``Komitmen``), keyed by event, along a status pipeline.

A commitment row names the event (``acara``: a Coaching Clinic, a TAPD meeting, an audience
with the Bupati — provinces number their Coaching Clinics differently, so the event is named,
not numbered), its date, the stakeholder and its type, the instrument, the amount, the
physical target, the desa, the fiscal year, the status and the next action with its date.
The status runs along the pipeline :data:`PIPELINE`: diusulkan → disepakati → KUA-PPAS → DPA →
terealisasi. Workbooks made before the tracker (``direncanakan``, ``swasta``, ``perbankan``)
still read: the reader maps those words to the new ones.

Outputs: the pipeline (how much sits at each stage), committed vs realised per stakeholder
type, overdue follow-ups, and the committed amounts per year, source and component that feed
Gap 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..monev._base import divide
from ..schema import (
    INSTRUMEN_ALIAS,
    INSTRUMEN_KOMITMEN,
    JENIS_PIHAK,
    JENIS_PIHAK_ALIAS,
    KOMPONEN_PROGRAM,
    STATUS_KOMITMEN,
    STATUS_KOMITMEN_ALIAS,
    SUMBER_DANA,
    canonical_choice,
    normalise_kode,
    parse_date,
    status_key,
)
from ._base import MonevResult, MonevWarning, as_number, clean_text, columns_or_blank

PIPELINE = STATUS_KOMITMEN
"""The status pipeline, in order."""
STAGE = {s: i for i, s in enumerate(PIPELINE)}
#: The funding source a stakeholder type stands for, when the row names none.
PARTY_SOURCE = {"Bupati": "APBD Kabupaten", "TAPD": "APBD Kabupaten", "OPD": "APBD Kabupaten",
                "DPRD": "APBD Kabupaten", "kecamatan": "APBD Kabupaten",
                "Provinsi": "APBD Provinsi", "K/L": "APBN", "desa": "Dana Desa",
                "Swasta/CSR": "Swasta/CSR", "BAZNAS": "Swasta/CSR", "Bank": "Perbankan",
                "masyarakat": "Masyarakat"}
OTHER_SOURCE = "Lainnya"
COMMITMENT_COLUMNS = ["acara", "tanggal", "tahun", "pihak", "jenis_pihak", "instrumen",
                      "komponen", "sumber_dana", "nilai_rp", "target_fisik", "satuan_fisik",
                      "daftar_kode_desa", "status", "bukti", "penanggung_jawab", "tindak_lanjut",
                      "tanggal_tindak_lanjut"]


def prepare_commitments(commitments: pd.DataFrame | None,
                        known_codes: Iterable[str] | None = None) -> MonevResult:
    """Clean sheet ``Komitmen``: canonical words, the source filled in, the stage number.

    Parameters
    ----------
    commitments : pandas.DataFrame
        Sheet ``Komitmen`` (old files with only ``tahun, pihak, jenis_pihak, komponen,
        nilai_rp, status`` are read too).
    known_codes : iterable of str, optional
        Desa codes of the kabupaten; unknown codes in ``daftar_kode_desa`` are reported.

    Returns
    -------
    MonevResult
        ``table``: :data:`COMMITMENT_COLUMNS` plus ``tahap`` (0–4, NaN when the status is
        not in the pipeline), ``asal_sumber`` (``isian`` or ``jenis pihak``) and
        ``kode_desa_list`` (list of normalised codes); ``warnings``: unknown words, blank
        amounts, unknown desa.

    Examples
    --------
    >>> k = pd.DataFrame({"tahun": [2027], "pihak": ["Bank Daerah"],
    ...                   "jenis_pihak": ["perbankan"], "komponen": ["air_limbah"],
    ...                   "nilai_rp": [1e9], "status": ["direncanakan"]})
    >>> t = prepare_commitments(k).table
    >>> t[["jenis_pihak", "status", "sumber_dana", "tahap"]].values.tolist()
    [['Bank', 'diusulkan', 'Perbankan', 0]]
    """
    warnings: list[MonevWarning] = []
    cols = [*COMMITMENT_COLUMNS, "tahap", "asal_sumber", "kode_desa_list", "_baris"]
    if commitments is None or not len(commitments):
        return MonevResult(pd.DataFrame(columns=cols), warnings)
    df = columns_or_blank(commitments, [*COMMITMENT_COLUMNS, "_baris"])
    for c in ("tahun", "nilai_rp", "target_fisik"):
        df[c] = as_number(df[c])
    for c, choices, aliases in (("jenis_pihak", JENIS_PIHAK, JENIS_PIHAK_ALIAS),
                                ("status", STATUS_KOMITMEN, STATUS_KOMITMEN_ALIAS),
                                ("instrumen", INSTRUMEN_KOMITMEN, INSTRUMEN_ALIAS),
                                ("sumber_dana", SUMBER_DANA, ()),
                                ("komponen", KOMPONEN_PROGRAM, ())):
        df[c] = clean_text(df[c]).map(lambda v, ch=choices, al=aliases:
                                      canonical_choice(v, ch, al))
        bad = sorted({str(v) for v in df[c].dropna() if v not in choices})
        if bad:
            warnings.append(MonevWarning(
                "nilai_tidak_dikenal", f"{c} tidak dikenal (dipakai apa adanya): "
                f"{', '.join(bad)}; yang sah: {', '.join(choices)}", sheet="Komitmen", code=c))
    for c in ("tanggal", "tanggal_tindak_lanjut"):
        df[c] = df[c].map(_date_or_none)
    for c in ("acara", "pihak", "satuan_fisik", "bukti", "penanggung_jawab", "tindak_lanjut",
              "daftar_kode_desa"):
        df[c] = clean_text(df[c])
    given = df["sumber_dana"].notna()
    df["sumber_dana"] = df["sumber_dana"].where(
        given, df["jenis_pihak"].map(PARTY_SOURCE).fillna(OTHER_SOURCE))
    df["asal_sumber"] = np.where(given, "isian", "jenis pihak")
    df["tahap"] = df["status"].map(STAGE)
    df["kode_desa_list"] = df["daftar_kode_desa"].map(_codes)
    if df["nilai_rp"].isna().any():
        warnings.append(MonevWarning("nilai_kosong", f"{int(df['nilai_rp'].isna().sum())} "
                                     "komitmen tanpa nilai_rp (dihitung 0)", sheet="Komitmen"))
    if known_codes is not None:
        known = set(known_codes)
        unknown = sorted({c for lst in df["kode_desa_list"] for c in lst if c not in known})
        if unknown:
            warnings.append(MonevWarning(
                "desa_tidak_dikenal", "kode desa komitmen tidak ada di batas wilayah: "
                + ", ".join(unknown[:10]), sheet="Komitmen"))
    df["tahun"] = df["tahun"].round().astype("Int64")
    return MonevResult(df[cols].reset_index(drop=True), warnings)


def _date_or_none(value: object) -> str | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _codes(text: object) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return []
    parts = [p for p in (x.strip() for x in text.replace(";", ",").split(",")) if p]
    return [normalise_kode(p) or p for p in parts]


def pipeline_table(prepared: pd.DataFrame) -> pd.DataFrame:
    """How many commitments, and how much, sit at each stage of the pipeline.

    Returns
    -------
    pandas.DataFrame
        One row per status of :data:`PIPELINE` (then any unknown status): ``status,
        jumlah_komitmen, nilai_rp, pct_nilai`` (÷ all commitments × 100).

    Examples
    --------
    >>> p = prepare_commitments(pd.DataFrame({"tahun": [2027, 2027], "pihak": ["a", "b"],
    ...     "jenis_pihak": "TAPD", "komponen": None, "nilai_rp": [3e9, 1e9],
    ...     "status": ["DPA", "diusulkan"]})).table
    >>> pipeline_table(p).set_index("status")["nilai_rp"].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'diusulkan': 1000000000.0, 'disepakati': 0.0, 'KUA-PPAS': 0.0, 'DPA': 3000000000.0,
     'terealisasi': 0.0}
    """
    statuses = list(PIPELINE) + sorted({str(s) for s in prepared["status"].dropna()
                                        if s not in PIPELINE})
    value = prepared["nilai_rp"].fillna(0.0)
    total = float(value.sum())
    rows = [{"status": s, "jumlah_komitmen": int((prepared["status"] == s).sum()),
             "nilai_rp": float(value[prepared["status"] == s].sum())} for s in statuses]
    out = pd.DataFrame(rows, columns=["status", "jumlah_komitmen", "nilai_rp"])
    out["pct_nilai"] = divide(out["nilai_rp"], total, 100.0) if total else np.nan
    return out


def party_table(prepared: pd.DataFrame,
                counted: Sequence[str] = ("disepakati", "KUA-PPAS", "DPA", "terealisasi"),
                ) -> pd.DataFrame:
    """Committed vs realised per stakeholder type, with a total row.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``jenis_pihak`` (+ ``Jumlah``): ``jumlah_komitmen``, ``<status>_rp`` for
        every status of the pipeline (``diusulkan_rp`` … ``terealisasi_rp``, keys of
        :func:`~ppsp_analysis.schema.status_key`), ``dikomitmenkan_rp`` (statuses in
        ``counted``) and ``pct_terealisasi_dikomitmenkan`` (terealisasi ÷ dikomitmenkan
        × 100).

    Examples
    --------
    >>> p = prepare_commitments(pd.DataFrame({"tahun": 2027, "pihak": ["a", "b", "c"],
    ...     "jenis_pihak": ["TAPD", "TAPD", "desa"], "komponen": None,
    ...     "nilai_rp": [4e9, 1e9, 2e8], "status": ["DPA", "terealisasi", "diusulkan"]})).table
    >>> t = party_table(p)
    >>> t.loc["TAPD", ["dikomitmenkan_rp", "terealisasi_rp",
    ...                "pct_terealisasi_dikomitmenkan"]].tolist()
    [5000000000.0, 1000000000.0, 20.0]
    """
    keys = [f"{status_key(s)}_rp" for s in PIPELINE]
    cols = ["jumlah_komitmen", *keys, "dikomitmenkan_rp", "pct_terealisasi_dikomitmenkan"]
    if not len(prepared):
        return pd.DataFrame(columns=cols, index=pd.Index([], name="jenis_pihak"))
    d = prepared.assign(nilai=prepared["nilai_rp"].fillna(0.0),
                        jenis=prepared["jenis_pihak"].fillna("(kosong)"))
    rows = {}
    order = [p for p in JENIS_PIHAK if p in set(d["jenis"])] + sorted(
        set(d["jenis"]) - set(JENIS_PIHAK))
    for party in order:
        g = d[d["jenis"] == party]
        row = {"jumlah_komitmen": len(g)}
        for s, k in zip(PIPELINE, keys, strict=True):
            row[k] = float(g.loc[g["status"] == s, "nilai"].sum())
        row["dikomitmenkan_rp"] = float(g.loc[g["status"].isin(counted), "nilai"].sum())
        rows[party] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.loc["Jumlah"] = out.sum()
    out["pct_terealisasi_dikomitmenkan"] = divide(out["terealisasi_rp"],
                                                  out["dikomitmenkan_rp"], 100.0)
    out["jumlah_komitmen"] = out["jumlah_komitmen"].astype(int)
    out.index.name = "jenis_pihak"
    return out[cols]


def overdue_followups(prepared: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Commitments whose follow-up is late.

    A commitment not yet ``terealisasi`` is late when its next-action date
    (``tanggal_tindak_lanjut``) is before ``today`` (*tenggat tindak lanjut lewat*), or when
    its fiscal year has ended before reaching the DPA (*tahun anggaran berakhir sebelum
    DPA*).

    Returns
    -------
    pandas.DataFrame
        ``acara, pihak, jenis_pihak, nilai_rp, tahun, status, tindak_lanjut,
        tanggal_tindak_lanjut, penanggung_jawab, hari_terlambat, alasan_terlambat`` sorted by the
        longest delay.

    Examples
    --------
    >>> p = prepare_commitments(pd.DataFrame({"tahun": [2027, 2025, 2027], "pihak": ["a", "b", "c"],
    ...     "jenis_pihak": "TAPD", "komponen": None, "nilai_rp": 1e9,
    ...     "status": ["disepakati", "KUA-PPAS", "terealisasi"],
    ...     "tanggal_tindak_lanjut": ["2026-10-01", None, "2026-01-01"]})).table
    >>> o = overdue_followups(p, dt.date(2026, 11, 1))
    >>> o[["pihak", "hari_terlambat"]].values.tolist()
    [['b', 305], ['a', 31]]
    """
    cols = ["acara", "pihak", "jenis_pihak", "nilai_rp", "tahun", "status", "tindak_lanjut",
            "tanggal_tindak_lanjut", "penanggung_jawab", "hari_terlambat", "alasan_terlambat"]
    if not len(prepared):
        return pd.DataFrame(columns=cols)
    open_ = prepared["status"] != "terealisasi"
    due = pd.to_datetime(prepared["tanggal_tindak_lanjut"], errors="coerce")
    today_ts = pd.Timestamp(today)
    late_action = open_ & due.notna() & (due < today_ts)
    year = prepared["tahun"].astype("Float64")
    year_end = pd.to_datetime(year.astype("Int64").astype("string") + "-12-31", errors="coerce")
    before_dpa = prepared["tahap"].isna() | (prepared["tahap"] < STAGE["DPA"])
    late_year = open_ & before_dpa & year_end.notna() & (year_end < today_ts)
    late = late_action | late_year
    out = prepared[late].copy()
    days_action = (today_ts - due[late]).dt.days
    days_year = (today_ts - year_end[late]).dt.days
    out["hari_terlambat"] = pd.concat([days_action.where(late_action[late]),
                                       days_year.where(late_year[late])], axis=1).max(axis=1)
    out["hari_terlambat"] = out["hari_terlambat"].astype(int)
    reasons = []
    for a, y in zip(late_action[late], late_year[late], strict=True):
        parts = (["tenggat tindak lanjut lewat"] if a else []) + (
            ["tahun anggaran berakhir sebelum DPA"] if y else [])
        reasons.append("; ".join(parts))
    out["alasan_terlambat"] = reasons
    return out.sort_values("hari_terlambat", ascending=False)[cols].reset_index(drop=True)


def committed_amounts(prepared: pd.DataFrame, counted: Sequence[str],
                      years: Iterable[int] | None = None) -> pd.DataFrame:
    """Committed amounts per fiscal year, source and component (they feed Gap 2).

    Parameters
    ----------
    prepared : pandas.DataFrame
        :func:`prepare_commitments` table.
    counted : sequence of str
        Statuses that count as a commitment (e.g. everything from ``disepakati`` on).
    years : iterable of int, optional
        Keep only these fiscal years (the SSK period).

    Returns
    -------
    pandas.DataFrame
        ``tahun, sumber_dana, komponen, komitmen_rp`` (``komponen`` ``lintas komponen``
        when the row names none).
    """
    cols = ["tahun", "sumber_dana", "komponen", "komitmen_rp"]
    if not len(prepared):
        return pd.DataFrame(columns=cols)
    d = prepared[prepared["status"].isin(counted) & prepared["tahun"].notna()].copy()
    if years is not None:
        d = d[d["tahun"].astype(int).isin(list(years))]
    if not len(d):
        return pd.DataFrame(columns=cols)
    d["komponen"] = d["komponen"].fillna(CROSS_COMPONENT)
    d["komitmen_rp"] = d["nilai_rp"].fillna(0.0)
    d["tahun"] = d["tahun"].astype(int)
    return d.groupby(["tahun", "sumber_dana", "komponen"], as_index=False)["komitmen_rp"].sum()


CROSS_COMPONENT = "lintas komponen"
