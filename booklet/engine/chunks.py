"""The booklet cut into chunks laid out on their own: the title with the contents, then one section each."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import html as lxml_html

from ..errors import SourceLocation
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section, common_context, contents
from ..writers.print_html import adjust
from .split import page_enders, split

# A forced break to a page side, or a rule for one side: then a chunk's layout depends on the
# side it starts on, and chunks start after a dummy page that puts them on the side they need.
_SIDED = re.compile(r"@page[^{]*:(left|right)|break-(before|after)\s*:\s*(left|right|recto|verso)")
_FIRST = re.compile(r"@page[^{]*:first")
_BODY = re.compile(r"<body[^>]*>")
_DUMMY = '<div class="booklet-dummy-page" style="break-after: page"></div>'


@dataclass(frozen=True)
class Chunk:
    index: int
    title: str               # for progress and errors: the section's title
    html: str                # a whole HTML document: the booklet's head, these sections
    key: str                 # hash of the HTML (with the stylesheets, in the engine's key)
    sided: bool              # lays out after a dummy page (page sides or :first matter)
    ids: frozenset[str] = frozenset()     # its anchors
    refs: frozenset[str] = frozenset()    # anchors its links point at (page references among them)
    where: SourceLocation | None = None   # for errors: the topic's file, else the manifest

    def with_dummies(self, count: int) -> str:
        """The HTML with `count` empty pages first: they put the chunk on the side it needs."""
        if not count:
            return self.html
        start = _BODY.search(self.html).end()
        return self.html[:start] + _DUMMY * count + self.html[start:]


def cut(rendered: RenderedBooklet, sections: list[Section], layout: Layout, css: tuple[str, ...]) -> list[Chunk]:
    groups: list[list[Section]] = []
    for section in sections:
        # A part page is a page of titles: it rides with the part's first topic, which saves a
        # document's fixed cost (styles, fonts) for one page.
        if groups and groups[-1][-1].kind == "part":
            groups[-1].append(section)
        else:
            groups.append([section])
    toc = contents(sections)
    sided = any(_SIDED.search(text) for text in css)
    first = any(_FIRST.search(text) for text in css)
    footnotes = 0
    chunks: list[Chunk] = []
    common = common_context(rendered)
    enders = page_enders(css)
    for number, group in enumerate(groups):
        last = number == len(groups) - 1
        context = {**common, "brand": common["brand"] if last else None}
        page = layout.render("booklet.html", sections=group, contents=toc if number == 0 else [],
                             stylesheets=[], **context)
        whole = lxml_html.document_fromstring(page)
        adjust(whole)
        # Only back matter grows with the booklet; a topic's own maps may share their page.
        for tree in split(whole, enders) if all(s.kind == "back" for s in group) else [whole]:
            index = len(chunks)
            body = tree.find("body")
            if footnotes:
                # Footnote numbers run on through the booklet, as in one document.
                body.set("style", f"counter-reset: footnote {footnotes}")
            footnotes += len(body.xpath('.//*[contains(concat(" ", @class, " "), " footnote-call ")]'))
            dummy = index > 0 and (sided or first)
            text = lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
            # Plain strings: lxml's "smart" results keep their element, and so the chunk's whole tree, alive.
            ids = frozenset(tree.xpath("//@id", smart_strings=False))
            refs = frozenset(unquote(href[1:]) for href in tree.xpath("//@href")
                             if href.startswith("#") and len(href) > 1)
            chunks.append(Chunk(index, group[-1].title, text, hashlib.sha256(text.encode()).hexdigest(), dummy,
                                ids, refs, _where(rendered, group)))
    return chunks


def _where(rendered: RenderedBooklet, group: list[Section]) -> SourceLocation | None:
    """The file a chunk's layout error points at: its topic's (first line), else the manifest's."""
    topics = {t.id: t.topic for t in rendered.topics}
    for section in reversed(group):
        if section.kind in ("front", "topic", "back") and section.id in topics:
            return topics[section.id].location(None)
    manifest = rendered.booklet.manifest
    return SourceLocation(manifest, 1) if manifest is not None else None
