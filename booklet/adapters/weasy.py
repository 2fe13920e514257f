"""WeasyPrint beyond its public API: the URL fetcher booklet subclasses, laid-out page boxes, and
/ActualText for complex-script text."""

from __future__ import annotations

import unicodedata
from typing import Any

from .. import native  # noqa: F401, I001  (before WeasyPrint: loads its libraries without helper processes)
import weasyprint.draw
from weasyprint.urls import FatalURLFetchingError, URLFetcher

__all__ = ["FatalURLFetchingError", "LockedFetcher", "install_actual_text", "page_box"]


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


def _draw_text_with_actual_text(stream, textbox, *args, **kwargs):
    text = getattr(textbox, "text", "")
    if not _reorders(text) or textbox.style["visibility"] != "visible":
        return _draw_text(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", f"<</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>>")
    try:
        return _draw_text(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


def _reorders(text: str) -> bool:
    # Combining vowel signs and viramas (Mn, Mc) are what reorder and merge glyphs.
    return any(unicodedata.category(char) in ("Mn", "Mc") for char in text)


def install_actual_text() -> None:
    """Route WeasyPrint's text drawing through the /ActualText wrapper (idempotent)."""
    weasyprint.draw.draw_text = _draw_text_with_actual_text
