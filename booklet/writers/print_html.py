"""Print-only HTML adjustments: footnotes move to the foot of the page where they are called,
abbreviations become plain text, web addresses break anywhere but never take a hyphen, and a
paragraph's last word is never hyphenated; long back matter ends a page every ~100 KB (paging.py)."""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

from ..fragment import detach
from .paging import page_long_back_matter


def adjust(document: etree._Element) -> None:
    """Every print-only adjustment, in order: what the one-pass writer and the engine's chunks share."""
    place_footnotes(document)
    plain_abbreviations(document)
    breakable_urls(document)
    keep_last_words(document)
    page_long_back_matter(document)


def place_footnotes(document: etree._Element) -> None:
    """Turn Python-Markdown's end-of-topic footnote list into CSS footnotes (`float: footnote`)."""
    for block in document.xpath('//div[contains(concat(" ", @class, " "), " footnote ")]'):
        notes = {li.get("id"): li for li in block.iter("li") if li.get("id")}
        scope = block.getparent()
        for ref in scope.xpath('.//sup[a[contains(@class, "footnote-ref")]]'):
            target = ref[0].get("href", "")[1:]
            if target in notes:
                _replace_call(ref, notes[target])
        scope.remove(block)


def _replace_call(ref: etree._Element, note: etree._Element) -> None:
    for back in note.xpath('.//a[contains(@class, "footnote-backref")]'):
        detach(back)
    call = lxml_html.Element("span", {"class": "footnote-call", "id": note.get("id")})
    paragraphs = list(note)
    # Leading white space would push the note's text below its marker.
    call.text = (note.text or "").strip() or None
    for index, child in enumerate(paragraphs):
        # Paragraphs inside an inline footnote become runs of text separated by a space.
        if child.tag == "p":
            child.tag = "span"
            if index:
                child.text = " " + (child.text or "")
        child.tail = (child.tail or "").strip() or None
        call.append(child)
    call.tail = ref.tail
    ref.getparent().replace(ref, call)


def plain_abbreviations(document: etree._Element) -> None:
    """Paper cannot show an <abbr>'s title, and WeasyPrint breaks the line before the text after
    an inline element too eagerly ("six VVER-1000 | units", a line 40 % empty): print plain text."""
    for abbr in document.iter("abbr"):
        abbr.drop_tag()


# A web address in running text, without the punctuation that ends the sentence around it.
_URL = re.compile(r"""https?://[^\s<>"]*[^\s<>".,;:!?)\]'’”]""")
# An address in pieces, each ending after a separator or after twelve characters without one.
_SEPARATED = re.compile(r"[^/._?&=#-]{1,12}[/._?&=#-]*|[/._?&=#-]+")
_NOT_TEXT = {"a", "code", "pre", "kbd", "samp", "script", "style", "svg"}


def breakable_urls(document: etree._Element) -> None:
    """A web address is one long word to the line breaker: it can only be hyphenated, which
    changes it ("Agree-ment_on_Trade"), and leaves the line before it half empty. Addresses in
    the text are marked `url` (print.css breaks them anywhere, without a hyphen), and so are
    links whose text is their address, which print.css then does not print twice."""
    for link in list(document.iter("a")):
        href = link.get("href") or ""
        if href.startswith(("http://", "https://")) and len(link) == 0 and (link.text or "").strip() == href:
            link.set("class", " ".join(filter(None, (link.get("class"), "url"))))
            _breakable(link, href)
    for node, attribute in [chunk for element in document.iter() if _has_address(element)
                            for chunk in _text_chunks(element)]:
        _mark_urls(node, attribute)


def _has_address(element: etree._Element) -> bool:
    """Cheaply, whether the element's text or tail could hold an address (most hold none, and
    `_text_chunks` walks the element's ancestors)."""
    return "http" in (element.text or "") or "http" in (element.tail or "")


def _breakable(element: etree._Element, url: str) -> None:
    """Set url as element's text with a <wbr> after each of its separators. WeasyPrint breaks
    a word only when it must, whatever `word-break` says (Kozea/WeasyPrint#2267), so the
    places a line may end are given: print.css makes each <wbr> a zero-width space."""
    pieces = _SEPARATED.findall(url)
    element.text = pieces[0]
    for piece in pieces[1:]:
        etree.SubElement(element, "wbr").tail = piece


def _text_chunks(element: etree._Element):
    """The element's own text and its tail, where they are running text."""
    if not isinstance(element.tag, str):
        return
    inside = {ancestor.tag for ancestor in element.iterancestors()}
    if element.tag not in _NOT_TEXT and not inside & _NOT_TEXT and element.text:
        yield element, "text"
    if element.tail and not inside & _NOT_TEXT:
        yield element, "tail"


def _mark_urls(node: etree._Element, attribute: str) -> None:
    text = getattr(node, attribute)
    found = list(_URL.finditer(text))
    if not found:
        return
    parent, index = (node, 0) if attribute == "text" else (node.getparent(), node.getparent().index(node) + 1)
    setattr(node, attribute, text[:found[0].start()] or None)
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        span = lxml_html.Element("span", {"class": "url"})
        _breakable(span, match.group())
        span.tail = text[match.end():end] or None
        parent.insert(index + number, span)


# Blocks whose last word is kept whole; nested blocks are handled as blocks of their own.
_ENDS = ("p", "li", "dd", "td", "th", "figcaption", "summary")
_NESTED = {"ul", "ol", "p", "div", "table", "blockquote", "dl", "pre", "figure", "section", "details"}
_LETTER = re.compile(r"[^\W\d_]")
_LAST_WORD = re.compile(r"(\S*[^\W\d_]{7,}\S*)(\s*)$")


def keep_last_words(document: etree._Element) -> None:
    """A paragraph never ends on a hyphenated fragment ("ques- / tion."): its last word, if long
    enough to be hyphenated at all, is wrapped in a span that print.css does not hyphenate."""
    for block in list(document.iter(*_ENDS)):
        # The last of the block's own runs of text that has a letter: looked for from the end.
        last = next((chunk for chunk in reversed(list(_own_chunks(block))) if _LETTER.search(getattr(*chunk) or "")),
                    None)
        if last is not None:
            _wrap_last_word(block, *last)


def _own_chunks(block: etree._Element):
    yield block, "text"
    for child in block:
        if not isinstance(child.tag, str) or child.tag not in _NESTED:
            if isinstance(child.tag, str) and child.tag not in ("code", "span", "svg"):
                yield from _inline_chunks(child)
            yield child, "tail"
        else:
            return  # what follows a nested block belongs to no line of this block's text


def _inline_chunks(element: etree._Element):
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str) and child.tag not in ("code", "span", "svg"):
            yield from _inline_chunks(child)
        yield child, "tail"


def _last_run(text: str) -> int:
    """Where the text's last run of non-space characters starts: the only place `_LAST_WORD` can
    match (searching for it from every position cost ~1 s per 500 pages in long paragraphs)."""
    end = len(text.rstrip())   # rstrip and the pattern's \s agree on what a space is
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _wrap_last_word(block: etree._Element, node: etree._Element, attribute: str) -> None:
    text = getattr(node, attribute)
    match = _LAST_WORD.match(text, _last_run(text))
    if not match:
        return
    span = lxml_html.Element("span", {"class": "last-word"})
    span.text = match.group(1)
    span.tail = match.group(2) or None
    setattr(node, attribute, text[:match.start()] or None)
    if attribute == "text":
        node.insert(0, span)
    else:
        parent = node.getparent()
        parent.insert(parent.index(node) + 1, span)
