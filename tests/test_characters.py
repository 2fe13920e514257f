"""Every character prints: emoji and symbols from bundled faces, code as typed, highlighting for paper."""

from __future__ import annotations

import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from booklet.layout import BUILTIN
from conftest import page_texts

FONTS = BUILTIN / "default" / "fonts"


def _page_index(pdf, needle: str) -> int:
    return next(i for i, text in enumerate(page_texts(pdf)) if needle in text)


def _fonts_of(page) -> set[str]:
    return {str(f.get_object()["/BaseFont"]) for f in (page["/Resources"].get("/Font") or {}).values()}


def test_emoji_arrows_and_symbols_print_from_bundled_faces(outside_build):
    pdf = outside_build["pdf"]
    index = _page_index(pdf, "Revision checklist")
    text = page_texts(pdf)[index]
    for char in "📚→✓≠≤≥₹💰★🔥✅":
        assert char in text, char
    fonts = _fonts_of(PdfReader(pdf).pages[index])
    for family in ("Booklet-Emoji", "Booklet-Math", "Booklet-Symbols"):  # the @font-face names
        assert any(family in name for name in fonts), (family, fonts)


def test_running_heads_and_titles_keep_their_emoji(outside_build):
    text = page_texts(outside_build["pdf"])[_page_index(outside_build["pdf"], "Revision checklist")]
    assert text.count("Emoji and symbols 📌") == 2  # the title and the running head


def _glyph(char: str) -> bytes:
    font = TTFont(FONTS / "FiraCode-Regular.ttf", lazy=True)
    return font.getGlyphID(font.getBestCmap()[ord(char)]).to_bytes(2, "big")


def test_code_shows_operators_as_typed_without_ligatures(outside_build):
    pdf = outside_build["pdf"]
    page = PdfReader(pdf).pages[_page_index(pdf, "Code as typed")]
    shown: list[bytes] = []

    def visit(operator, operands, cm, tm):
        if operator == b"TJ":
            shown.append(b"".join(part for part in operands[0] if isinstance(part, bytes)))
        elif operator == b"Tj":
            shown.append(operands[0])

    page.extract_text(visitor_operand_before=visit)
    drawn = b"|".join(shown)
    # A ligature would swap `>` (and `!`, `-`) for the ligature's own glyphs.
    for pair in (">=", "!=", "->"):
        assert _glyph(pair[0]) + _glyph(pair[1]) in drawn, pair


def test_fenced_code_with_a_language_is_highlighted(outside_build):
    html = outside_build["html"].read_text()
    block = html[html.index('<div class="highlight">'):]
    assert '<span class="k">if</span>' in block and '<span class="c1"># a comment</span>' in block
    assert '<span class="ow">and</span>' in block


def test_highlight_colours_read_in_black_and_white_print():
    css = (BUILTIN / "default" / "print.css").read_text()
    rules = re.findall(r"(\.highlight [^{]+)\{([^}]*)\}", css)
    assert len(rules) >= 6
    for selector, body in rules:
        colour = re.search(r"color:\s*#([0-9a-f]{6})", body)
        if colour is None:
            continue
        r, g, b = (int(colour.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4))
        luminance = sum(w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
                        for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b)))
        assert (1.05 / (luminance + 0.05)) >= 4.5, selector  # legible on white once printed in grey
    keywords = next(body for selector, body in rules if ".highlight .k," in selector)
    comments = next(body for selector, body in rules if ".highlight .c," in selector)
    assert "bold" in keywords and "italic" in comments


def test_harfbuzz_reads_every_layout_font_as_fonttools_does():
    """Coverage (the missing-glyph check, mind-map fallback) and the maps' vertical metrics are read
    with HarfBuzz; fontTools, the reference reader, must agree on every bundled face."""
    from booklet import fontstack
    from booklet.mindmap import metrics

    fonts = sorted(FONTS.glob("*.ttf"))
    assert len(fonts) >= 10
    for path in fonts:
        with TTFont(path, lazy=True) as font:
            assert fontstack.coverage(path) == frozenset(font.getBestCmap()), path.name
            units, hhea = font["head"].unitsPerEm, font["hhea"]
            measured = metrics.load_metrics(str(path))
            assert (measured.ascent, measured.descent) == (hhea.ascent / units, -hhea.descent / units), path.name
