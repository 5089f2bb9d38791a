"""Every text the toolkit draws with matplotlib is drawn literally.

Names, sources and titles come from the user's workbook; matplotlib would read ``$…$`` in
them as mathtext (``Renstra $\\x$ 2025`` made ``ppsp run`` crash, ``Rp $5$ juta`` was quietly
typeset in italics) and, with ``text.usetex`` on, hand them to LaTeX. A
:class:`PlainTextFigure` switches both off for all its texts, whenever and wherever it is
drawn (saved to a file, shown in a notebook), including the tick labels matplotlib creates
while drawing. Every figure the toolkit makes is one (monev charts, map sheets, the batch
index map), so no call site has to remember to escape.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Matplotlib settings under which texts are drawn literally.
PLAIN_TEXT_RC = {"text.parse_math": False, "text.usetex": False}


class PlainTextFigure(Figure):
    """A Figure whose texts are never parsed as mathtext or TeX (see module docstring)."""

    def draw(self, renderer) -> None:
        with mpl.rc_context(PLAIN_TEXT_RC):  # texts created while drawing (tick labels)
            for text in self.findobj(Text):
                text.set_parse_math(False)
                text.set_usetex(False)
            super().draw(renderer)
