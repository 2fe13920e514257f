"""Font metrics read from TrueType files, and label wrapping and shortening measured with them."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTFont

ELLIPSIS = "…"
# Characters stripped before an ellipsis so that "Treaty, …" becomes "Treaty…".
_TRAILING = " ,;:.–—-/(&"


@dataclass(frozen=True)
class MapFonts:
    """The two faces a map is drawn with, and the family name the SVG asks the renderer for."""

    regular: str
    bold: str
    family: str = "Noto Sans"

    def __post_init__(self) -> None:
        # Paths may arrive as pathlib.Path; str keeps the dataclass hashable and comparable.
        object.__setattr__(self, "regular", os.fspath(self.regular))
        object.__setattr__(self, "bold", os.fspath(self.bold))


@dataclass(frozen=True, eq=False)  # compared by identity: the cache holds one per file
class FontMetrics:
    """Advance widths and vertical metrics of one face, in em."""

    advances: dict[int, float]
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        return _width(self, text) * size


@lru_cache(maxsize=None)
def load_metrics(path: str) -> FontMetrics:
    """Read a face once per process; every label of every map is measured against it."""
    font = TTFont(path, lazy=True)
    try:
        units = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        advances = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
        hhea = font["hhea"]
        return FontMetrics(advances, hhea.ascent / units, -hhea.descent / units)
    finally:
        font.close()


def face(fonts: MapFonts, bold: bool) -> FontMetrics:
    return load_metrics(fonts.bold if bold else fonts.regular)


@lru_cache(maxsize=65536)
def _width(metrics: FontMetrics, text: str) -> float:
    # WeasyPrint draws SVG text one glyph at a time, so plain advances (no kerning) are exact
    # there; browsers kern, which only makes text narrower than measured.
    return sum(metrics.advances.get(ord(char)) or _fallback(char) for char in text)


def _fallback(char: str) -> float:
    # A character the face lacks comes from a fallback font whose widths we cannot know.
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.62


def shorten(text: str, metrics: FontMetrics, size: float, max_width: float) -> str:
    """Cut text at a word boundary (or inside an overlong word) so that text + "…" fits."""
    if metrics.width(text, size) <= max_width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(_TRAILING)
        if candidate and metrics.width(candidate + ELLIPSIS, size) <= max_width:
            return candidate + ELLIPSIS
    head = _fitting_prefix(words[0], metrics, size, max_width - metrics.width(ELLIPSIS, size))
    return head.rstrip(_TRAILING) + ELLIPSIS


def _fitting_prefix(word: str, metrics: FontMetrics, size: float, max_width: float) -> str:
    # Binary search: the widths of prefixes grow monotonically.
    low, high = 0, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.width(word[:middle], size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return word[: max(low, 1)]  # one character at least, so that a label is never empty


def wrap(text: str, metrics: FontMetrics, size: float, max_width: float) -> tuple[tuple[str, ...], bool]:
    """Lay text on at most two lines of max_width; return the lines and whether "…" was added."""
    if metrics.width(text, size) <= max_width:
        return (text,), False
    words = text.split(" ")
    best = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        widest = max(metrics.width(first, size), metrics.width(second, size))
        # Balanced lines read better than a full first line and an orphan word.
        if widest <= max_width and (best is None or widest < best[0]):
            best = (widest, first, second)
    if best:
        return (best[1], best[2]), False
    first, rest = _fill_line(words, metrics, size, max_width)
    second = shorten(rest, metrics, size, max_width)
    return (first, second), second != rest


def _fill_line(words: list[str], metrics: FontMetrics, size: float, max_width: float) -> tuple[str, str]:
    taken = 0
    while taken < len(words) and metrics.width(" ".join(words[: taken + 1]), size) <= max_width:
        taken += 1
    if taken:
        return " ".join(words[:taken]), " ".join(words[taken:])
    # An unbroken word wider than the line (a URL, a chemical name) is broken where it overflows.
    head = _fitting_prefix(words[0], metrics, size, max_width)
    return head, " ".join([words[0][len(head):], *words[1:]]).strip()
