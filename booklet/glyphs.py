"""The missing-glyph check: a character that no face of the layout or brand pack has would print as a box."""

from __future__ import annotations

import unicodedata

from . import fontstack
from .errors import Reporter
from .layout import Layout
from .model import Booklet, RenderedBooklet, Topic

CODE = "missing-glyph"
# Never drawn, or drawn without a glyph of their own: controls, format characters (joiners),
# line and paragraph separators, variation selectors.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def check_coverage(rendered: RenderedBooklet, layout: Layout, reporter: Reporter) -> RenderedBooklet:
    """Post-render step: warn `path:line: warning: no font covers 'X' (U+XXXX)`, once per character and topic."""
    covered = _covered(rendered.booklet, layout)
    for rt in rendered.topics:
        for char, where in _uncovered(rt.topic, covered):
            reporter.warning(f"no font covers '{char}' (U+{ord(char):04X})", where, code=CODE)
    return rendered


def _covered(booklet: Booklet, layout: Layout) -> frozenset[int]:
    """Every code point some face has: the layout's @font-face files, and the brand pack's fonts."""
    files = {face.path for face in fontstack.declared_faces(layout)}
    brand = booklet.options.branding
    if brand is not None:
        files |= {path for face in (brand.body, brand.heading) if face for path in face.files.values()}
    return frozenset().union(*(fontstack.coverage(path) for path in files))


def _uncovered(topic: Topic, covered: frozenset[int]):
    seen: set[str] = set()
    lines = [(topic.meta_location("title"), topic.title)]
    lines += [(topic.location(n), text) for n, text in enumerate(topic.source.split("\n"), start=1)]
    for where, text in lines:
        for char in text:
            if char in seen or ord(char) in covered or not _drawn(char):
                continue
            seen.add(char)
            yield char, where


def _drawn(char: str) -> bool:
    if unicodedata.category(char) in _INVISIBLE or char.isspace():
        return False
    return not 0xFE00 <= ord(char) <= 0xFE0F and not 0xE0100 <= ord(char) <= 0xE01EF  # variation selectors
