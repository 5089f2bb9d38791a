"""HTML of a report (pure): the pieces the notebook displays, and the executed notebook as one
offline page without code cells (nbconvert).

Every text of the model is HTML-escaped here; nothing a user typed (a desa called
``<script>``) reaches the page as markup.
"""

from __future__ import annotations

import functools
import html

import nbformat

from .. import fmt
from .model import Bullets, Figure, KeyNumbers, Paragraph, Report, Section, Table

__all__ = ["block_html", "cover_html", "figure_caption_html", "notebook_to_html",
           "section_heading_html", "table_html"]

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1b1b1b;line-height:1.45}
h1{color:#1f4e79;border-bottom:3px solid #1f4e79}h2{color:#1f4e79;margin-top:1.6em}
table.tabel,table.dataframe{border-collapse:collapse;font-size:12px;margin:.6em 0}
table.tabel th,table.dataframe th{background:#1f4e79;color:#fff;padding:4px 6px;text-align:left;
vertical-align:bottom}
table.tabel td,table.dataframe td{border-bottom:1px solid #ddd;padding:3px 6px}
table.tabel td.r{text-align:right;white-space:nowrap}
table.tabel caption{caption-side:top;text-align:left;font-weight:bold;padding:.3em 0}
.kartu{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin:1em 0}
.kartu div{background:#f4f6f9;border-left:4px solid #1f4e79;padding:8px 10px}
.kartu b{display:block;font-size:20px;color:#1f4e79}
.kartu span{font-size:12px;color:#333}
.wilayah{font-size:22px;font-weight:bold;color:#1f4e79;margin:.4em 0}
.sintetis{background:#b71c1c;color:white;padding:6px 10px;font-weight:bold}
img{max-width:100%;height:auto;border:1px solid #ccc}
.caption,.catatan-tabel{font-style:italic;color:#444;margin-top:.2em;font-size:12px}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none}
footer{margin-top:3em;font-size:11px;color:#666}
"""


def esc(value: object) -> str:
    """HTML-escaped text of a value."""
    return html.escape(str(value))


def cover_html(report: Report) -> str:
    """Title block: report title, kabupaten, province, year, producer, date, DATA SINTETIS."""
    m = report.meta
    banner = ('<p class="sintetis">DATA SINTETIS — angka peragaan, bukan data resmi</p>'
              if m.get("sintetis") else "")
    if m.get("skenario"):
        from ..labels import SKENARIO_LABEL, scenario_lines

        banner += (f'<p class="sintetis skenario" style="background:#5b2a86">{SKENARIO_LABEL}'
                   f" — opsi diubah: {esc('; '.join(scenario_lines(m)))}</p>")
    return (f"<h1>{esc(report.title)}</h1><p class='wilayah'>"
            f"{esc(m.get('nama_kabupaten', ''))} ({esc(m.get('kode_kabupaten', ''))}) — "
            f"{esc(m.get('nama_provinsi', ''))}</p>"
            f"<p>Tahun {esc(fmt.year(m.get('tahun')))} · Disusun oleh "
            f"{esc(m.get('nama_pokja', '') or fmt.MISSING)} · {esc(fmt.date(m.get('tanggal')))}"
            f" · metode {esc(m.get('versi_metode', ''))}</p>{banner}")


def section_heading_html(number: int, section: Section) -> str:
    """``<h2>1. Ringkasan Eksekutif</h2>``."""
    return f"<h2>{number}. {esc(section.title)}</h2>"


def table_html(table: Table, number: int | None = None) -> str:
    """A table with its numbered caption, right-aligned numbers and its note."""
    label = f"Tabel {number}. " if number is not None else ""
    head = "".join(f"<th>{esc(h)}</th>" for h in table.headers())
    aligns = table.aligns()
    rows = "".join(
        "<tr>" + "".join(f'<td class="r">{esc(c)}</td>' if a == "right" else f"<td>{esc(c)}</td>"
                         for c, a in zip(row, aligns, strict=True)) + "</tr>"
        for row in table.cells())
    note = f'<p class="catatan-tabel">{esc(table.note)}</p>' if table.note else ""
    return (f'<table class="tabel"><caption>{esc(label + table.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}")


def key_numbers_html(report: Report) -> str:
    """The key numbers as cards (value with unit, label)."""
    cards = "".join(f"<div><b>{esc(k.text)}</b><span>{esc(k.label)}</span></div>"
                    for k in report.key_numbers)
    return f'<div class="kartu">{cards}</div>'


def figure_caption_html(figure: Figure, number: int | None = None) -> str:
    """``Gambar 3. …`` under an image."""
    label = f"Gambar {number}. " if number is not None else ""
    return f"<p class='caption'>{esc(label + figure.caption)}</p>"


def block_html(report: Report, block, number: int | None = None) -> str:
    """HTML of one non-figure block."""
    if isinstance(block, Paragraph):
        return f"<p>{esc(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, KeyNumbers):
        return key_numbers_html(report)
    if isinstance(block, Table):
        return table_html(block, number)
    if isinstance(block, Figure):
        return figure_caption_html(block, number)
    raise TypeError(f"blok tidak dikenal: {block!r}")


@functools.lru_cache(maxsize=1)
def _exporter():
    """One exporter per process (its templates are loaded once)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from traitlets.config import Config

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its closing accessibility pass: a BeautifulSoup
        parse and re-serialisation of the whole page (1.4 of 1.6 s for Kapuas' 9 MB area
        report) that gives images without alt text an English placeholder and makes the lab
        template's input and output wrappers focusable. Here every image carries its
        caption as alt text (:func:`ppsp_analysis.report.nb.show`) and the ``basic``
        template has no such wrappers; the rest is ``HTMLExporter.from_notebook_node``
        (nbconvert 7.17)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(parent=self)))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {NOTEBOOK_ONLY}
    config.TagRemovePreprocessor.enabled = True
    return ReportExporter(config=config, template_name="basic", exclude_input=True,
                          exclude_input_prompt=True, exclude_output_prompt=True,
                          embed_images=True)


NOTEBOOK_ONLY = "hanya-notebook"
"""Cell tag: shown in the notebook (how to re-run it), left out of the HTML report."""


def notebook_to_html(nb: nbformat.NotebookNode, title: str, footer: str = "") -> str:
    """Render an executed notebook as a self-contained page: no code, images embedded (each
    with its figure caption as alt text), no external script or stylesheet, no cell tagged
    :data:`NOTEBOOK_ONLY`.
    """
    exporter = _exporter()
    body, _ = exporter.from_notebook_node(nb)
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"{body}<footer>{html.escape(footer)}</footer></body></html>\n")
