"""WeasyPrint beyond its public API: the URL fetcher booklet subclasses, laid-out page boxes,
/ActualText for complex-script text, and the layout steps and font hook the PDF engine uses
(booklet/engine/weasy.py, fonts.py): tests/test_adapters.py fails if an upgrade changes them."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .. import native  # noqa: F401, I001  (before WeasyPrint: loads its libraries without helper processes)
import weasyprint.draw
from weasyprint.urls import FatalURLFetchingError, URLFetcher

# The PDF engine's layout steps: WeasyPrint 70's `layout_document`, taken apart (engine/weasy.py).
import weasyprint.document
from weasyprint import DEFAULT_OPTIONS, Document, Page
from weasyprint.css import targets
from weasyprint.css.counters import CounterStyle
from weasyprint.formatting_structure.build import build_formatting_structure
from weasyprint.html import get_html_metadata
from weasyprint.layout import initialize_page_maker, layout_fixed_boxes, make_margin_boxes
from weasyprint.layout.background import layout_backgrounds
from weasyprint.layout.page import make_all_pages
from weasyprint.pdf import VARIANTS as PDF_VARIANTS, fonts as pdf_fonts
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.urls import get_url_tuple

__all__ = ["DEFAULT_OPTIONS", "CounterStyle", "Document", "DocumentMetadata", "FatalURLFetchingError",
           "LockedFetcher", "Page", "build_formatting_structure", "get_html_metadata", "get_url_tuple",
           "initialize_page_maker", "install_actual_text", "keep_full_font_files", "layout_backgrounds",
           "layout_context", "layout_fixed_boxes", "make_all_pages", "make_margin_boxes", "page_box", "stand_in",
           "tagged", "targets"]

LAYOUT_VERSION = "70"      # the WeasyPrint whose layout internals the engine is written against


def layout_context(html, fonts, counter_style, options: dict, collector) -> Any:
    """WeasyPrint's layout context for `html`, with `collector` as its TargetCollector (which knows
    other chunks' anchors)."""
    original = weasyprint.document.TargetCollector
    weasyprint.document.TargetCollector = lambda: collector
    try:
        return Document._build_layout_context(html, fonts, counter_style, {}, options)   # {}: no color profiles
    finally:
        weasyprint.document.TargetCollector = original


def tagged(variant: str) -> bool:
    """Whether WeasyPrint writes a PDF standard with a tag tree (PDF/UA, PDF/A level A)."""
    return bool(variant) and bool(PDF_VARIANTS[variant][1].get("pdf_tags"))


_STUBS: list[bool] = [False]


def keep_full_font_files(stubs: bool = False) -> None:
    """Make WeasyPrint keep each font's full file (`full_content`) beside the subset it embeds.

    With `stubs` (the PDF engine's workers only), an outline font the join embeds itself, subset
    once over the whole booklet (engine/fonts.py `record` and `Merge`), is not subset here at all: the chunk
    gets a 4-byte stand-in (its first bytes say TrueType or CFF), which the join replaces."""
    _STUBS[0] = _STUBS[0] or stubs
    if getattr(pdf_fonts.Font.clean, "_booklet", False):
        return
    original = pdf_fonts.Font.clean

    def clean(self, to_unicode, hinting):
        self.full_content = self.file_content
        if _STUBS[0] and stand_in(self):
            self.file_content = self.file_content[:4]
            return None
        return original(self, to_unicode, hinting)

    setattr(clean, "_booklet", True)  # noqa: B010 (a function attribute the type checker cannot see)
    pdf_fonts.Font.clean = clean


def stand_in(font) -> bool:
    """Whether the join embeds this font from its full file (an outline font: no bitmaps, no variable
    axes, no colour glyphs), so the chunk's own copy can be a stand-in."""
    return not (font.bitmap or "fvar" in font.tables or font.png or font.svg or font.colr)


class LockedFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to `file:` and `data:` URLs, no redirects, a short timeout and
    every failure fatal; subclasses decide which files (`allow`) before anything is read."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None):
        self.allow(url)
        return super().fetch(url, headers)

    def allow(self, url: str) -> None:
        """Raise FatalURLFetchingError for a URL that must not be read."""


def page_box(page) -> Any:
    """The laid-out box of a rendered page (`Document.pages[n]`), for tests of what WeasyPrint placed."""
    return page._page_box


# ---------------------------------------------------------------- /ActualText
# A PDF maps each glyph to text once per font (ToUnicode). Shaped Devanagari breaks that: the
# glyph of ल is the last of the cluster "लि" in one word and stands alone in the next, and the
# vowel sign ि is drawn before the consonant it follows in the text, so WeasyPrint's ToUnicode
# gives "लिागू" for "लागू". Each line of such text is wrapped in a marked-content span whose
# /ActualText is the line's own text, which PDF readers (poppler, Acrobat, PDFium) use to copy,
# search and read aloud.

_draw_text = weasyprint.draw.draw_text
_paint = weasyprint.document.Page.paint
_painting: list = []     # the page stream being painted (text drawn into another stream is in a group)


def _draw_text_with_actual_text(stream, textbox, *args, **kwargs):
    stamp = getattr(textbox, "booklet_stamp", None)
    if stamp is None:
        return _draw_actual_text(stream, textbox, *args, **kwargs)
    # A page number the PDF engine may change later (engine/stamps.py): marked, and how it was drawn kept.
    begin = len(stream.stream)
    stream.begin_marked_content("BkStamp", f"<</N {stamp}>>")
    try:
        return _draw_actual_text(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()
        textbox.booklet_drawn = _drawn(stream.stream[begin:]) if _painting and stream is _painting[-1] else None


def _draw_actual_text(stream, textbox, *args, **kwargs):
    text = getattr(textbox, "text", "")
    if not _reorders(text) or textbox.style["visibility"] != "visible":
        return _draw_text(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", f"<</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>>")
    try:
        return _draw_text(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


def _drawn(operations: list) -> list[tuple[str, int]] | None:
    """The glyphs of a text box's drawing, each with its font (WeasyPrint's hash): None unless every
    glyph is in plain TJ arrays (no rise)."""
    font, glyphs = "", []
    for operation in operations:
        line = operation.encode() if isinstance(operation, str) else bytes(operation)
        if line.endswith(b" Tf"):
            font = line[1:].split(b" ")[0].decode()
        elif line.endswith(b" Ts"):
            return None
        elif line.endswith(b"] TJ"):
            for run in re.findall(rb"<([0-9a-f]*)>", line):
                if len(run) % 4:
                    return None
                glyphs += [(font, int(run[i:i + 4], 16)) for i in range(0, len(run), 4)]
    return glyphs


def _paint_page(self, stream, *args, **kwargs):
    _painting.append(stream)
    try:
        return _paint(self, stream, *args, **kwargs)
    finally:
        _painting.pop()


def _reorders(text: str) -> bool:
    # Combining vowel signs and viramas (Mn, Mc) are what reorder and merge glyphs.
    return any(unicodedata.category(char) in ("Mn", "Mc") for char in text)


def install_actual_text() -> None:
    """Route WeasyPrint's text drawing through the /ActualText wrapper (idempotent)."""
    weasyprint.draw.draw_text = _draw_text_with_actual_text
    weasyprint.document.Page.paint = _paint_page
