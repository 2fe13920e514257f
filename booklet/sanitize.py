"""Allow-list cleaning of rendered Markdown: raw HTML in notes must not reach the writers unchecked."""

from __future__ import annotations

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul", "var", "aside", "nav", "header", "footer", "article", "label",
}
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


def clean(html: str) -> str:
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
