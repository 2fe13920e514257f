"""WeasyPrint adapter: complex-script text (Devanagari…) carries its Unicode as /ActualText.

A PDF maps each glyph to text once per font (ToUnicode). Shaped Devanagari breaks that: the
glyph of ल is the last of the cluster "लि" in one word and stands alone in the next, and the
vowel sign ि is drawn before the consonant it follows in the text. So WeasyPrint's ToUnicode
gives "लिागू" for "लागू". Each line of such text is wrapped in a marked-content span whose
/ActualText is the line's own text, which PDF readers (poppler, Acrobat, PDFium) use for
copying, searching and reading aloud. This touches WeasyPrint's internals: tests/test_hindi.py
fails loudly if an upgrade changes them.
"""

from __future__ import annotations

import unicodedata

import weasyprint.draw

_original = weasyprint.draw.draw_text


def draw_text(stream, textbox, *args, **kwargs):
    """weasyprint.draw.draw_text, with /ActualText around text whose glyphs do not follow its characters."""
    text = getattr(textbox, "text", "")
    if not _needs_actual_text(text) or textbox.style["visibility"] != "visible":
        return _original(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", f"<</ActualText <{_utf16_hex(text)}>>>")
    try:
        return _original(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


def _needs_actual_text(text: str) -> bool:
    # Combining vowel signs and viramas (Mn, Mc) are what reorder and merge glyphs.
    return any(unicodedata.category(char) in ("Mn", "Mc") for char in text)


def _utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def install() -> None:
    """Route WeasyPrint's text drawing through `draw_text` (idempotent)."""
    weasyprint.draw.draw_text = draw_text
