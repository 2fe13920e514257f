"""Allow-list cleaning of rendered Markdown: raw HTML in notes must not reach the writers unchecked."""

from __future__ import annotations

import re

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul", "var", "aside", "nav", "header", "footer", "article", "label",
}
ALLOWED_TAGS = frozenset(_TAGS)   # what a note's HTML may hold (rendercache.py checks kept sections against it)
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "abbr": {"title"},
}
# data-* attributes carry source lines and block data from our own Markdown extensions.
_PREFIXES = {"data-"}


# XML 1.0 (EPUB's XHTML, lxml) has no place for NUL, most C0 controls, surrogates or U+FFFE/U+FFFF,
# written raw or as references (`&#0;`): CommonMark replaces them with U+FFFD, and so do we.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _reference(match: re.Match) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    valid = code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if valid else "&#xFFFD;"


def clean(html: str) -> str:
    html = _REFERENCE.sub(_reference, _BAD_CHARACTER.sub("\ufffd", html))
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes=_PREFIXES,
        # file: and data: survive only so the link and image checks can name them as errors.
        url_schemes={"http", "https", "mailto", "file", "data"},
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
