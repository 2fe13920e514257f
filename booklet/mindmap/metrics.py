"""Label widths from text shaped with HarfBuzz, and label wrapping and shortening measured with them."""

from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from ..fontstack import coverage

ELLIPSIS = "…"
# Characters stripped before an ellipsis so that "Treaty, …" becomes "Treaty…".
_TRAILING = " ,;:.–—-/(&"


@dataclass(frozen=True)
class MapFonts:
    """The faces a map is drawn with: regular and bold, then (regular, bold) faces for the scripts
    they lack (Devanagari…), tried character by character as the renderer does; and the family
    names the SVG and the printed labels ask for, in the same order."""

    regular: str
    bold: str
    family: str = "Noto Sans"
    fallbacks: tuple[tuple[str, str], ...] = ()
    fallback_families: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Paths may arrive as pathlib.Path; str keeps the dataclass hashable and comparable.
        object.__setattr__(self, "regular", os.fspath(self.regular))
        object.__setattr__(self, "bold", os.fspath(self.bold))
        object.__setattr__(self, "fallbacks", tuple((os.fspath(r), os.fspath(b)) for r, b in self.fallbacks))

    @property
    def css_family(self) -> str:
        """The font-family list for CSS and SVG: the map's faces, then the generic family."""
        return ", ".join(f"'{name}'" for name in (self.family, *self.fallback_families)) + ", sans-serif"


@dataclass(frozen=True, eq=False)  # compared by identity: the cache holds one per chain of files
class FontMetrics:
    """Faces tried in order for each character, shaped with HarfBuzz; vertical metrics of the first, in em."""

    faces: tuple["_Face", ...]
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        return _width(self, text) * size


@dataclass(frozen=True, eq=False)
class _Face:
    font: hb.Font
    units: int
    cmap: frozenset[int]


@lru_cache(maxsize=None)
def load_metrics(path: str, *fallbacks: str) -> FontMetrics:
    """Read faces once per process; every label of every map is measured against them."""
    faces = tuple(_load_face(p) for p in (path, *fallbacks))
    first = faces[0].font.face
    ascent, descent = _hhea(first)
    return FontMetrics(faces, ascent / first.upem, -descent / first.upem)


def _hhea(face: hb.Face) -> tuple[int, int]:
    """The hhea table's ascender and descender, in font units (as CSS's line box uses them)."""
    table = face.reference_table("hhea").data
    if len(table) < 8:
        raise ValueError("a font without an hhea table cannot be measured")
    ascent, descent = struct.unpack(">hh", table[4:8])
    return ascent, descent


def _load_face(path: str) -> _Face:
    face = hb.Face(hb.Blob.from_file_path(path))
    return _Face(hb.Font(face), face.upem, coverage(Path(path)))


def face(fonts: MapFonts, bold: bool) -> FontMetrics:
    if bold:
        return load_metrics(fonts.bold, *(b for _, b in fonts.fallbacks))
    return load_metrics(fonts.regular, *(r for r, _ in fonts.fallbacks))


@lru_cache(maxsize=65536)
def _width(metrics: FontMetrics, text: str) -> float:
    # Labels are printed as HTML text, which Pango shapes with HarfBuzz: shaping each run of
    # one face the same way gives the printed width, conjuncts, matras and kerning included.
    return sum(_shaped_width(metrics.faces[index], run) if index is not None else _unknown(run)
               for index, run in _runs(text, metrics.faces))


def _runs(text: str, faces: tuple[_Face, ...]) -> list[tuple[int | None, str]]:
    """Split text where the face changes: each character in the first face that has it; marks and
    joiners stay with their base, so that a cluster is shaped whole."""
    runs: list[tuple[int | None, str]] = []
    for char in text:
        index = next((i for i, f in enumerate(faces) if ord(char) in f.cmap), None)
        attached = unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf")
        if runs and (index == runs[-1][0] or (attached and runs[-1][0] is not None
                                               and ord(char) in faces[runs[-1][0]].cmap)):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((index, char))
    return runs


def _shaped_width(face: _Face, run: str) -> float:
    buffer = hb.Buffer()
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(face.font, buffer)
    return sum(position.x_advance for position in buffer.glyph_positions) / face.units


def _unknown(run: str) -> float:
    # Characters no face has come from a system font whose widths we cannot know (the build
    # warns about them: booklet/glyphs.py).
    return sum(_fallback(char) for char in run)


def _fallback(char: str) -> float:
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
