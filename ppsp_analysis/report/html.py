"""Executed notebook → one offline HTML page without code cells (nbconvert)."""

from __future__ import annotations

import html

import nbformat
from nbconvert import HTMLExporter

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1b1b1b;line-height:1.45}
h1{color:#1f4e79;border-bottom:3px solid #1f4e79}h2{color:#1f4e79;margin-top:1.6em}
table.tabel,table.dataframe{border-collapse:collapse;font-size:12px;margin:.6em 0}
table.tabel th,table.dataframe th{background:#1f4e79;color:#fff;padding:4px 6px;text-align:left}
table.tabel td,table.dataframe td{border-bottom:1px solid #ddd;padding:3px 6px}
img{max-width:100%;height:auto;border:1px solid #ccc}
.caption{font-style:italic;color:#444;margin-top:.2em}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none}
footer{margin-top:3em;font-size:11px;color:#666}
"""


def notebook_to_html(nb: nbformat.NotebookNode, title: str, footer: str = "") -> str:
    """Render an executed notebook as a self-contained page: no code, images embedded,
    no external script or stylesheet.
    """
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"{body}<footer>{html.escape(footer)}</footer></body></html>\n")
