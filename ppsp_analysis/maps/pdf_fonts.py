"""Font subsets for vector sheets, made once per process instead of once per PDF.

Matplotlib embeds every TrueType font of a PDF as a subset (``pdf.fonttype`` 42): for each
font of each file it loads the whole font with fontTools, decompiles its layout tables and
subsets them. For DejaVu Sans that is ~0.3 s of pure Python per font and file, about half
the time of a map sheet's PDF. The sheets of a kabupaten (and of a batch) use the same few
fonts and nearly the same characters, so the subset is made once for a fixed character set
(printable ASCII and the symbols the sheets print, plus whatever a sheet needs beyond it)
and reused.

Each PDF still embeds a valid subset that holds every glyph it uses (a few more, of the
fixed set: ~20 KB per font), selectable and searchable as before; the output is the same
for the same input, whatever ran before in the process (the subset depends only on the
fixed set and on the glyphs the file needs beyond it).

:func:`install` wraps :func:`matplotlib.backends._backend_pdf_ps.get_glyphs_subset` (a
private function, so the wrapper checks the shape it knows and leaves matplotlib alone
otherwise).
"""

from __future__ import annotations

import functools
import io
import threading
from collections import OrderedDict

__all__ = ["COMMON_CHARS", "install"]

#: Characters every subset holds: printable ASCII and the few symbols the sheets print.
COMMON_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(
    chr(c) for c in (0xB0, 0xB2, 0xB3, 0xB7, 0xD7, 0xE9)) + "—–′″•…‘’“”→−≤≥"
_MAX_ENTRIES = 64
_lock = threading.Lock()
_cache: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()


def _fontpath_key(fontfile: object) -> tuple[str, int]:
    return str(fontfile), int(getattr(fontfile, "face_index", 0) or 0)


@functools.lru_cache(maxsize=32)
def _common_glyphs(path: str, face_index: int) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    if face_index:  # a face of a collection (.ttc): matplotlib's own way
        raise ValueError(face_index)
    font = FT2Font(path)
    ids = {font.get_char_index(ord(c)) for c in COMMON_CHARS}
    ids.discard(0)
    return frozenset(ids)


def _cached(key: tuple, make) -> tuple[bytes, dict]:
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    value = make()
    with _lock:
        _cache[key] = value
        while len(_cache) > _MAX_ENTRIES:
            _cache.popitem(last=False)
    return value


def install() -> bool:
    """Make matplotlib's PDF backend reuse font subsets in this process (idempotent).

    Returns
    -------
    bool
        True when the wrapper is in place (a matplotlib whose subsetting function has the
        shape this module knows), False when matplotlib is left as it is.
    """
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    original = getattr(pdf_ps, "get_glyphs_subset", None)
    if getattr(original, "_ppsp_reused_subsets", False):
        return True
    results = getattr(pdf_ps, "SubsetResults", None)
    if original is None or results is None or not hasattr(results, "_as_cm"):
        return False
    from fontTools.ttLib import TTFont

    def get_glyphs_subset(fontfile, glyphs):
        path, face = _fontpath_key(fontfile)
        wanted = frozenset(int(g) for g in glyphs)
        try:
            common = _common_glyphs(path, face)
        except Exception:  # a font FreeType cannot open here: matplotlib's own way
            return original(fontfile, wanted)
        full = common | wanted

        def make() -> tuple[bytes, dict]:
            with original(fontfile, full) as sub:
                buf = io.BytesIO()
                sub.font.save(buf, reorderTables=False)
                return buf.getvalue(), dict(sub.glyph_index_map)

        data, index_map = _cached((path, face, full), make)
        return results(TTFont(io.BytesIO(data)), dict(index_map))._as_cm()

    get_glyphs_subset.__wrapped__ = original  # type: ignore[attr-defined]
    get_glyphs_subset._ppsp_reused_subsets = True  # type: ignore[attr-defined]
    pdf_ps.get_glyphs_subset = get_glyphs_subset
    return True
