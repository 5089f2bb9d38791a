"""Text as outline paths.

Map labels and the desa key are drawn as filled glyph outlines rather than
text objects: a few compound paths render much faster than hundreds of text
objects, look identical, and are what GIS packages export for print (QGIS
"always export text as paths"). Panel text stays real text.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath

__all__ = ["text_outline", "join_outlines", "LINE_STEP"]

#: Baseline-to-baseline distance of multi-line labels, in font sizes.
LINE_STEP = 1.08

Outline = tuple[np.ndarray, np.ndarray]


def text_outline(text: str, x: float, y: float, size: float, prop: FontProperties,
                 scale: float, ha: str = "center", va: str = "center") -> Outline:
    """Glyph outlines of a (multi-line) text, in target units.

    Parameters
    ----------
    text : str
        Text; ``\\n`` separates lines.
    x, y : float
        Anchor point in target units.
    size : float
        Font size in points.
    prop : FontProperties
        Font (family, weight, stretch, style).
    scale : float
        Target units per point.
    ha : {"center", "left", "right"}
        Horizontal alignment of each line on ``x`` (ink extent for center and
        right, pen origin for left).
    va : {"center", "baseline"}
        ``center`` centres the block's capitals on ``y``; ``baseline`` puts the
        first line's baseline on ``y``.

    Returns
    -------
    tuple of numpy.ndarray
        Vertices ``(n, 2)`` and path codes ``(n,)``.
    """
    lines = text.split("\n")
    n = len(lines)
    verts, codes = [], []
    for k, line in enumerate(lines):
        tp = TextPath((0, 0), line, size=size, prop=prop)
        if not len(tp.vertices):
            continue
        # control-point bounds: as good as the exact Bezier extents for aligning, and fast
        xmin, xmax = float(tp.vertices[:, 0].min()), float(tp.vertices[:, 0].max())
        if ha == "center":
            dx = -(xmin + xmax) / 2
        elif ha == "right":
            dx = -xmax
        else:
            dx = 0.0
        if va == "center":
            dy = ((n - 1) / 2 - k) * LINE_STEP * size - 0.36 * size
        else:
            dy = -k * LINE_STEP * size
        v = np.empty_like(tp.vertices)
        v[:, 0] = x + (tp.vertices[:, 0] + dx) * scale
        v[:, 1] = y + (tp.vertices[:, 1] + dy) * scale
        verts.append(v)
        codes.append(tp.codes)
    if not verts:
        return np.empty((0, 2)), np.empty(0, dtype=np.uint8)
    return np.concatenate(verts), np.concatenate(codes)


def join_outlines(parts: Iterable[Outline]) -> Path:
    """One compound path from many outlines."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    return Path(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
