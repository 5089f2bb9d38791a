"""Helpers the report notebooks call, so that notebooks stay a handful of lines.

Every user-supplied string is HTML-escaped before it is displayed.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..io import scratch
from .context import ReportContext, build_area_context
from .params import ReportParams


def area_context(paket: str, tahun: int | None = None, konteks: str | None = None
                 ) -> ReportContext:
    """Validate the parameters and return the report context of a package.

    When ``konteks`` names a context file written by the runner, it is loaded (the same
    numbers the PDF and workbook show); otherwise the package is read and scored here.
    """
    params = ReportParams.from_dict({"paket": paket, "tahun": tahun, "konteks": konteks})
    if params.konteks and Path(params.konteks).is_file():
        from ..io.context_file import read_context

        return read_context(params.konteks)
    from ..io.package import load_package
    from ..pipeline import score_package
    from .runner import MapOptions, render_outputs

    pkg = load_package(params.paket)
    result = score_package(pkg)
    ctx = build_area_context(result, pkg)
    if params.tahun:
        ctx.meta["tahun"] = params.tahun
    # run on its own (not by `ppsp run`): draw the A4 maps the report shows
    render_outputs(result, pkg, ctx, scratch.scratch_dir("notebook"),
                   MapOptions(papers=("A4",), dpi=150, formats=("png",)), interactive=False)
    return ctx


def monev_context(paket: str, tahun: int | None = None, konteks: str | None = None
                  ) -> ReportContext:
    """Validate the parameters and return the monev report context of a package."""
    params = ReportParams.from_dict({"paket": paket, "tahun": tahun, "konteks": konteks})
    if params.konteks and Path(params.konteks).is_file():
        from ..io.context_file import read_context

        return read_context(params.konteks)
    from ..io.package import load_package
    from ..pipeline import score_package
    from .context_monev import build_monev_context
    from .runner import render_monev

    pkg = load_package(params.paket)
    result = score_package(pkg)
    ctx, monev = build_monev_context(result, pkg)
    render_monev(monev, result, pkg, ctx, scratch.scratch_dir("notebook"))
    return ctx


def monev_paragraphs(ctx: ReportContext) -> list[str]:
    """Ringkasan of the monev in Bahasa Indonesia, from its summary row."""
    r = ctx.ringkasan

    def pct(key: str) -> str:
        v = r.get(key)
        return "–" if v is None else f"{_fmt(round(float(v), 1))} %"

    out = [
        f"Data akses terakhir tahun {r.get('tahun_data_akses') or '-'}: sanitasi layak "
        f"{pct('sanitasi_layak')} KK (status: {r.get('status_sanitasi_layak') or '-'}), sanitasi "
        f"aman {pct('sanitasi_aman')} ({r.get('status_sanitasi_aman') or '-'}), BABS terbuka "
        f"{pct('babs_terbuka')}.",
        f"Sampah dikurangi {pct('sampah_dikurangi')} dan ditangani {pct('sampah_ditangani')} "
        f"dari timbulan; desa ODF {pct('desa_odf')}.",
        f"APBD murni untuk sanitasi {pct('apbd_murni_sanitasi')} dari APBD; realisasi program "
        f"{pct('realisasi_program')}. Dari anggaran yang berlokasi di desa, "
        f"{pct('anggaran_desa_prioritas')} jatuh di desa prioritas (kelas 3–4).",
    ]
    if r.get("desa_prioritas_lokus_stunting") is not None:
        out.append(f"{r['desa_prioritas_lokus_stunting']} desa prioritas juga merupakan desa "
                   "lokus stunting.")
    return out


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def esc(value: object) -> str:
    """HTML-escaped text of a value."""
    return html.escape(str(value))


def show_html(text: str) -> None:
    """Display trusted HTML built by this module."""
    from IPython.display import HTML

    _display(HTML(text))


def show_cover(ctx: ReportContext, judul: str) -> None:
    """Title block: report title, kabupaten, province, year, producer, DATA SINTETIS mark."""
    m = ctx.meta
    banner = ('<p style="background:#b71c1c;color:white;padding:6px 10px;font-weight:bold">'
              "DATA SINTETIS — angka peragaan, bukan data resmi</p>") if m.get("sintetis") else ""
    show_html(f"<h1>{esc(judul)}</h1><h2>{esc(m['nama_kabupaten'])} ({esc(m['kode_kabupaten'])})"
              f" — {esc(m['nama_provinsi'])}</h2><p>Tahun {esc(m['tahun'])} · Disusun oleh "
              f"{esc(m['nama_pokja'])} · {esc(m['tanggal'])}</p>{banner}")


def show_table(ctx: ReportContext, name: str, max_rows: int | None = None) -> None:
    """Display one of the context's tables (escaped), optionally only the first rows."""
    table = ctx.tables.get(name, pd.DataFrame())
    if table.empty:
        show_html("<p><em>Tidak ada baris.</em></p>")
        return
    shown = table if max_rows is None else table.head(max_rows)
    text = shown.to_html(index=False, escape=True, na_rep="–", float_format=_fmt,
                         classes="tabel")
    if max_rows is not None and len(table) > max_rows:
        text += f"<p><em>… {len(table) - max_rows} baris lainnya ada di tabel.xlsx.</em></p>"
    show_html(text)


def _fmt(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def show_figure(ctx: ReportContext, key: str, caption: str) -> None:
    """Display a figure file of the context, with a caption."""
    path = ctx.figures.get(key)
    if not path or not Path(path).is_file():
        show_html(f"<p><em>{esc(caption)}: gambar tidak tersedia.</em></p>")
        return
    from IPython.display import Image

    _display(Image(filename=str(path)))
    show_html(f"<p class='caption'>{esc(caption)}</p>")


def show_paragraphs(paragraphs: list[str]) -> None:
    """Display narrative paragraphs (escaped)."""
    show_html("".join(f"<p>{esc(p)}</p>" for p in paragraphs))


def show_list(items: list[str]) -> None:
    """Display a bullet list (escaped)."""
    show_html("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


def summary_paragraphs(ctx: ReportContext) -> list[str]:
    """Ringkasan eksekutif in Bahasa Indonesia, from the key numbers."""
    r = ctx.ringkasan
    p = r["prioritas"]
    out = [
        f"{r['nama_kabupaten']} terdiri atas {r['jumlah_kecamatan']} kecamatan dan "
        f"{r['jumlah_desa']} desa/kelurahan. Studi EHRA mencakup {r['jumlah_rumah_tangga_ehra']} "
        f"rumah tangga di {r['jumlah_desa_disurvei']} desa; persepsi diberikan oleh "
        f"{r['jumlah_opd']} OPD.",
        f"Desa prioritas (kelas 3–4): air limbah domestik {p['air_limbah']} desa, persampahan "
        f"{p['persampahan']} desa, drainase {p['drainase']} desa. Secara gabungan "
        f"{p['gabungan']} desa ({_fmt(r['persen_desa_prioritas'])} %) menjadi prioritas.",
    ]
    if r["override"]:
        out.append(f"Pokja menetapkan {r['override']} perubahan kelas setelah verifikasi "
                   "lapangan; alasannya dicantumkan pada bagian Override Pokja.")
    return out
