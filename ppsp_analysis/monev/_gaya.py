"""Chart style shared by the monev charts: colours, Indonesian number formats, titles, footers."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

# Ladder colours, worst → best (ColorBrewer RdYlBu: safe for colour-blind readers).
WARNA_TANGGA_5 = ("#d73027", "#fc8d59", "#fee090", "#91bfdb", "#4575b4")
WARNA_TANGGA_3 = ("#d73027", "#fee090", "#4575b4")
# Risk classes 1..4: the palette of the risk maps (ppsp_analysis.maps.style.MapStyle), so a
# class has the same colour in every map of the report; the literal values are the fallback.
WARNA_KELAS = {1: "#d2ef9c", 2: "#fdbb30", 3: "#ec6a2c", 4: "#a81e2b"}
LABEL_KELAS = {1: "Kurang berisiko", 2: "Berisiko sedang", 3: "Berisiko tinggi",
               4: "Berisiko sangat tinggi"}
WARNA_TANPA_DATA, WARNA_ARSIR = "#ffffff", "#6e6e6e"
try:
    from ..maps.style import MapStyle as _MapStyle

    _gaya_peta = _MapStyle()
    WARNA_KELAS = dict(enumerate(_gaya_peta.risk_colors, start=1))
    LABEL_KELAS = dict(enumerate(_gaya_peta.risk_labels, start=1))
    WARNA_TANPA_DATA, WARNA_ARSIR = _gaya_peta.no_data_color, _gaya_peta.no_data_hatch_color
except (ImportError, AttributeError):  # maps layer absent or changed: keep the fallback
    pass
# Funding sources (Okabe–Ito palette + grey), fixed so every chart uses the same colour.
WARNA_SUMBER = {"APBD Kabupaten": "#0072B2", "APBD Provinsi": "#56B4E9", "APBN": "#009E73",
                "DAK": "#E69F00", "Dana Desa": "#F0E442", "Swasta/CSR": "#CC79A7",
                "Perbankan": "#D55E00", "Masyarakat": "#999999"}
WARNA_GARIS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WARNA_STATUS = {"sesuai jalur": "#1a9641", "berisiko": "#fdae61", "tidak sesuai jalur": "#d7191c"}
TEKS_GELAP = "#222222"


def angka(x: float, desimal: int = 0) -> str:
    """Format a number the Indonesian way: ``1234567.8 -> '1.234.567,8'``.

    Examples
    --------
    >>> angka(1234567.891, 1), angka(45.0, 1), angka(float("nan"))
    ('1.234.567,9', '45,0', '–')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{desimal}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def persen(x: float, desimal: int = 1) -> str:
    """``45.25 -> '45,3%'`` (PUEBI: decimal comma, no space before the sign)."""
    return f"{angka(x, desimal)}%"


def skala_rupiah(maks: float) -> tuple[float, str]:
    """Divisor and unit label for an axis of Rupiah amounts whose maximum is ``maks``."""
    if maks >= 1e12:
        return 1e12, "Rp triliun"
    if maks >= 1e9:
        return 1e9, "Rp miliar"
    if maks >= 1e6:
        return 1e6, "Rp juta"
    return 1.0, "Rp"


def rupiah(x: float, desimal: int = 1) -> str:
    """``1.25e9 -> 'Rp 1,3 miliar'``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    bagi, unit = skala_rupiah(abs(x))
    d = 0 if bagi == 1.0 else desimal
    return f"Rp {angka(x / bagi, d)} {unit.removeprefix('Rp').strip()}".strip()


def format_sumbu(desimal: int = 0, akhiran: str = "") -> FuncFormatter:
    """Axis tick formatter with Indonesian decimals and an optional suffix (e.g. ``"%"``)."""
    return FuncFormatter(lambda v, _: f"{angka(v, desimal)}{akhiran}")


def kanvas(ukuran: tuple[float, float] = (10.0, 6.0), **kw) -> tuple[Figure, plt.Axes]:
    """A figure with constrained layout and room at the bottom for the footer."""
    fig, ax = plt.subplots(figsize=ukuran, layout="constrained", **kw)
    return fig, ax


def judul(fig: Figure, teks: str, sub: str | None = None, lebar: int | None = None) -> None:
    """Bold left-aligned title, optional grey subtitle (wrapped at ``lebar`` characters)."""
    lebar = lebar or int(fig.get_figwidth() * 12)
    baris_sub = textwrap.wrap(sub, lebar) if sub else []
    fig.suptitle(teks + "\n" * (len(baris_sub)), x=0.01, ha="left", fontsize=14,
                 fontweight="bold", color=TEKS_GELAP)
    if baris_sub:
        fig.text(0.01, 1.0, "\n\n" + "\n".join(baris_sub), ha="left", va="top",
                 fontsize=10.5, color="#555555", transform=fig.transFigure, linespacing=1.5)


def kaki(fig: Figure, sumber: str | None = None, catatan: str | None = None) -> None:
    """Footer: data source (left) and a note such as ``DATA SINTETIS`` (right, red)."""
    lebar = int(fig.get_figwidth() * (12 if catatan else 15))
    baris = textwrap.wrap(f"Sumber: {sumber}", lebar) if sumber else []
    tinggi = (max(len(baris), 1) * 8.5 * 1.35 / 72 + 0.12) / fig.get_figheight()
    eng = fig.get_layout_engine()
    if eng is not None and (sumber or catatan):
        eng.set(rect=(0, tinggi, 1, 1 - tinggi))
    if baris:
        fig.text(0.01, 0.012, "\n".join(baris), ha="left", va="bottom", fontsize=8.5,
                 color="#555555", linespacing=1.35)
    if catatan:
        fig.text(0.99, 0.012, catatan, ha="right", va="bottom", fontsize=9, color="#b2182b",
                 fontweight="bold")


def rapikan(ax: plt.Axes, grid: str = "y") -> None:
    """Remove top/right spines and add a light grid on ``grid``."""
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)


def warna_teks(latar: str) -> str:
    """Black or white, whichever reads better on the colour ``latar``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(latar)
    return TEKS_GELAP if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"
