"""Chart style shared by the monev charts: colours, Indonesian number formats, titles, footers."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import fmt
from ..palette import NO_DATA_COLOR, NO_DATA_HATCH_COLOR, RISK_COLORS  # noqa: F401
from ..plaintext import PlainTextFigure

# Ladder colours, worst → best (ColorBrewer RdYlBu: safe for colour-blind readers).
LADDER_COLORS_5 = ("#d73027", "#fc8d59", "#fee090", "#91bfdb", "#4575b4")
LADDER_COLORS_3 = ("#d73027", "#fee090", "#4575b4")
# Risk classes 1..4: the palette of the risk maps, so a class has the same colour in every
# map and chart of the report.
CLASS_COLORS = dict(enumerate(RISK_COLORS, start=1))
# Funding sources (Okabe–Ito palette + grey), fixed so every chart uses the same colour.
SOURCE_COLORS = {"APBD Kabupaten": "#0072B2", "APBD Provinsi": "#56B4E9", "APBN": "#009E73",
                 "DAK": "#E69F00", "Dana Desa": "#F0E442", "Swasta/CSR": "#CC79A7",
                 "Perbankan": "#D55E00", "Masyarakat": "#999999"}
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
STATUS_COLORS = {"sesuai jalur": "#1a9641", "berisiko": "#fdae61",
                 "tidak sesuai jalur": "#d7191c"}
DARK_TEXT = "#222222"


def number(x: float, decimals: int = 0) -> str:
    """A number the Indonesian way (:func:`ppsp_analysis.fmt.number`).

    Examples
    --------
    >>> number(1234567.891, 1), number(45.0, 1), number(float("nan"))
    ('1.234.567,9', '45,0', '–')
    """
    return fmt.number(x, decimals)


def percent(x: float, decimals: int = 1) -> str:
    """``45.25 -> '45,3%'`` (:func:`ppsp_analysis.fmt.percent`)."""
    return fmt.percent(x, decimals)


def rupiah_scale(maximum: float) -> tuple[float, str]:
    """Divisor and unit label for an axis of Rupiah amounts whose maximum is ``maximum``."""
    if maximum >= 1e12:
        return 1e12, "Rp triliun"
    if maximum >= 1e9:
        return 1e9, "Rp miliar"
    if maximum >= 1e6:
        return 1e6, "Rp juta"
    return 1.0, "Rp"


def rupiah(x: float) -> str:
    """``1.25e9 -> 'Rp 1,25 miliar'`` (:func:`ppsp_analysis.fmt.rupiah`)."""
    return fmt.rupiah(x)


def axis_formatter(decimals: int = 0, suffix: str = "") -> FuncFormatter:
    """Axis tick formatter with Indonesian decimals and an optional suffix (e.g. ``"%"``)."""
    return FuncFormatter(lambda v, _: f"{number(v, decimals)}{suffix}")


def canvas(size: tuple[float, float] = (10.0, 6.0), **kw) -> tuple[Figure, plt.Axes]:
    """A figure with constrained layout and room at the bottom for the footer; its texts
    are drawn literally (:class:`~ppsp_analysis.plaintext.PlainTextFigure`)."""
    fig, ax = plt.subplots(figsize=size, layout="constrained", FigureClass=PlainTextFigure,
                           **kw)
    return fig, ax


def title(fig: Figure, text: str, sub: str | None = None, width: int | None = None) -> None:
    """Bold left-aligned title, optional grey subtitle (wrapped at ``width`` characters)."""
    width = width or int(fig.get_figwidth() * 12)
    sub_lines = textwrap.wrap(sub, width) if sub else []
    fig.suptitle(text + "\n" * (len(sub_lines)), x=0.01, ha="left", fontsize=14,
                 fontweight="bold", color=DARK_TEXT)
    if sub_lines:
        fig.text(0.01, 1.0, "\n\n" + "\n".join(sub_lines), ha="left", va="top",
                 fontsize=10.5, color="#555555", transform=fig.transFigure, linespacing=1.5)


def footer(fig: Figure, source: str | None = None, note: str | None = None) -> None:
    """Footer: data source (left) and a note such as ``DATA SINTETIS`` (right, red)."""
    width = int(fig.get_figwidth() * (12 if note else 15))
    lines = textwrap.wrap(f"Sumber: {source}", width) if source else []
    height = (max(len(lines), 1) * 8.5 * 1.35 / 72 + 0.12) / fig.get_figheight()
    engine = fig.get_layout_engine()
    if engine is not None and (source or note):
        engine.set(rect=(0, height, 1, 1 - height))
    if lines:
        fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=8.5,
                 color="#555555", linespacing=1.35)
    if note:
        fig.text(0.99, 0.012, note, ha="right", va="bottom", fontsize=9, color="#b2182b",
                 fontweight="bold")


def tidy_axes(ax: plt.Axes, grid: str = "y") -> None:
    """Remove top/right spines and add a light grid on ``grid``."""
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)


def text_color(background: str) -> str:
    """Black or white, whichever reads better on the colour ``background``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(background)
    return DARK_TEXT if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"
