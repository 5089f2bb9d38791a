"""The advocacy brief's one A4 page (Typst), rendered from its report model (pure).

:func:`brief_payload` walks the model built by :func:`ppsp_analysis.report.brief.brief_report`
and gives the JSON the template ``templates/lembar_advokasi.typ`` prints: every string already
formatted the Indonesian way (amounts short, ``Rp 75,4 miliar``, with no-break spaces), user
strings only as JSON values, never as markup. :func:`ppsp_analysis.io.documents.write_brief`
compiles it and writes the file.

Each box of the page is filled from the section holding its table or figure, so the section
titles (fitted to *desa*/*kelurahan*) are the box headings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import fmt
from .brief import KIND
from .model import Bullets, Figure, Report, Section, Table
from .pdf import SINTETIS_LABEL, _clean, _fonts

__all__ = ["TEMPLATE", "brief_payload"]

TEMPLATE = Path(__file__).with_name("templates") / "lembar_advokasi.typ"

_NBSP = "\u00a0"
#: Column pairs printed in one cell of the page: key → (second key, pattern). The narrow
#: boxes show ``80,0% (2025)`` and ``Pulau Impian (Rantau Sandiwara)``.
_MERGE = {"pct_capaian": ("tahun_data", "{} ({})"), "pct_target": ("tahun_target", "{} ({})"),
          "nama_desa": ("nama_kec", "{} ({})"), "volume": ("satuan", "{} {}")}
#: Slots of the page → the table or figure whose section fills it.
_SLOTS = {"grafik": "grafik_pendanaan", "peta": "peta_lokus_stunting", "akses": "akses_kk",
          "kegiatan": "kegiatan_prioritas_lokus", "daya_ungkit": "daya_ungkit",
          "porsi": "grafik_porsi_apbd", "komitmen": "status_komitmen"}
_MAP_SECTION = 2
"""Index of the map's section in the model (its place when it holds no figure)."""


def _rp(value: object) -> str:
    """An amount that never breaks across lines: ``Rp 75,4 miliar`` with no-break spaces."""
    return fmt.rupiah(value).replace(" ", _NBSP)


def _cell(value: object, kind: str, unit: str = "") -> str:
    if kind == "rp":
        return _rp(value)
    text = fmt.cell(value, kind)
    return f"{text}%" if unit == "%" and text != fmt.MISSING else text


def _table(t: Table) -> dict[str, Any]:
    """Headers, formatted rows and alignment of a table, merged columns joined."""
    cols = {c.key: c for c in t.columns}
    keys = [c.key for c in t.columns if not any(c.key == b and a in cols
                                                for a, (b, _) in _MERGE.items())]
    heads, aligns, rows = [], [], [[] for _ in range(len(t))]
    for key in keys:
        col = cols[key]
        values = [_cell(v, col.kind, col.unit) for v in t.data[key]]
        second = _MERGE.get(key)
        if second and second[0] in cols:
            other = cols[second[0]]
            extra = [_cell(v, other.kind, other.unit) for v in t.data[second[0]]]
            values = [second[1].format(a, b) if b not in ("", fmt.MISSING) else a
                      for a, b in zip(values, extra, strict=True)]
            head = (f"{col.title} ({other.title.lower()})" if second[1] == "{} ({})" and
                    not col.unit else col.title)
        else:  # amounts and percentages carry their unit in every cell
            head = col.title if col.kind == "rp" or col.unit == "%" else col.heading
        heads.append(_clean(head))
        aligns.append("right" if col.numeric else "left")
        for row, v in zip(rows, values, strict=True):
            row.append(_clean(v))
    return {"kolom": heads, "baris": rows, "rata": aligns, "catatan": _clean(t.note)}


def _find(report: Report, name: str) -> tuple[Section | None, Any]:
    for s in report.sections:
        for b in s.blocks:
            if isinstance(b, (Table, Figure)) and b.name == name:
                return s, b
    return None, None


def _box(report: Report, name: str, base: Path) -> dict[str, Any]:
    section, block = _find(report, name)
    out: dict[str, Any] = {"judul": "", "teks": [], "tabel": None, "gambar": None,
                           "keterangan": ""}
    if section is None:
        return out
    out["judul"] = _clean(section.title)
    out["teks"] = [_clean(p) for p in section.paragraphs()]
    if isinstance(block, Table):
        out["tabel"] = _table(block)
    elif isinstance(block, Figure):
        out["gambar"] = (base / block.path).resolve().as_posix()
        out["keterangan"] = _clean(block.caption)
    return out


def _headline(report: Report) -> dict[str, str]:
    k = {n.key: n.value for n in report.key_numbers}
    gap = float(k.get("celah_1_rp") or 0.0)
    return {"kebutuhan": _rp(k.get("kebutuhan_rp")), "apbd": _rp(k.get("apbd_murni_rp")),
            "celah": _rp(gap) if gap > 0 else "", "lebih": _rp(-gap) if gap <= 0 else "",
            "usulan": _rp(k.get("usulan_rp")), "tahun_usulan": fmt.year(k.get("tahun_usulan"))}


def brief_payload(report: Report, base: Path | str = ".") -> dict[str, Any]:
    """Everything the brief's template prints, as JSON-ready strings.

    Parameters
    ----------
    report : Report
        The brief's model (kind :data:`~ppsp_analysis.report.brief.KIND`).
    base : path
        Folder the model's figure paths are relative to (image paths come out absolute).

    Raises
    ------
    ValueError
        ``report`` is not a brief.
    """
    if report.kind != KIND:
        raise ValueError(f"bukan model lembar advokasi: {report.kind!r}")
    base = Path(base)
    meta = report.meta
    head = report.sections[0]
    paragraphs = head.paragraphs()
    tail = report.sections[-1]
    sources = next((b.items for b in tail.blocks if isinstance(b, Bullets)), ())
    boxes = {slot: _box(report, name, base) for slot, name in _SLOTS.items()}
    if not boxes["peta"]["judul"] and len(report.sections) > _MAP_SECTION:
        # no map could be drawn: the box keeps its title and its counts sentence
        sec = report.sections[_MAP_SECTION]
        boxes["peta"].update(judul=_clean(sec.title), teks=[_clean(p) for p in
                                                            sec.paragraphs()])
    return {
        "font": list(dict.fromkeys([_fonts().family, "DejaVu Sans"])),
        "judul": _clean(report.title),
        "sintetis": bool(meta.get("sintetis")),
        "label_sintetis": SINTETIS_LABEL,
        "kabupaten": _clean(meta.get("nama_kabupaten", "")),
        "provinsi": _clean(meta.get("nama_provinsi", "")),
        "pokja": _clean(meta.get("nama_pokja", "")) or "Pokja",
        "tanggal": fmt.date(meta.get("tanggal")),
        "periode": _clean(meta.get("periode_ssk", "")),
        "kepala": {**_headline(report),
                   "teks": _clean(paragraphs[0] if paragraphs else "")},
        "kepala_catatan": _clean(paragraphs[1] if len(paragraphs) > 1 else ""),
        **boxes,
        "judul_sumber": _clean(tail.title),
        "sumber": [_clean(s) for s in sources],
        "kaki": _clean(f"{meta.get('nama_pokja', '')} · ppsp-analysis · "
                       f"{meta.get('versi_metode', '')} · dibuat {fmt.date(meta.get('tanggal'))}"),
    }

