"""Inline `#tags` as small labels (or hidden); tags that only mark a paragraph's role are removed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# As Obsidian reads tags: after a space or at the start, letters, digits, _ - and / (nesting),
# and not only digits (`#1` is not a tag). Code, links' URLs and `## headings` never reach here.
TAG = r"(?<!\S)#([\w-][\w/-]*)"


class TagProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, hidden: bool, structural: frozenset[str], md: Markdown):
        super().__init__(TAG, md)
        self.hidden, self.structural = hidden, structural

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (the Markdown API's name)
        name = m.group(1).rstrip("/-")
        if not name or name.replace("/", "").isdigit() or name.isdigit():
            return None, None, None
        end = m.start(0) + 1 + len(name)
        # A PYQ tag the questions stage could not place (inside a longer paragraph) still never prints raw.
        if name.casefold() in self.structural or self.hidden or name.casefold() in ("pymq", "pypq"):
            if data[end:end + 1] == " " and (m.start(0) == 0 or data[m.start(0) - 1] == "\n"):
                end += 1  # at a line's start, the space after it too: the sentence starts cleanly
            return "", m.start(0), end
        label = etree.Element("span", {"class": "tag"})
        label.text = AtomicString("#" + name)
        return label, m.start(0), end


class EmptyParagraphs(Treeprocessor):
    """A paragraph that held only removed tags would leave an empty box; drop it."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "p" and len(child) == 0 and not (child.text or "").strip():
                    if child.tail and child.tail.strip():
                        continue
                    parent.remove(child)


class TagExtension(Extension):
    def __init__(self, hidden: bool = False, structural: frozenset[str] = frozenset()):
        super().__init__()
        self.hidden, self.structural = hidden, frozenset(t.casefold() for t in structural)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # After raw HTML and entities (90, 80), before emphasis, so `#gs_2` stays one tag.
        md.inlinePatterns.register(TagProcessor(self.hidden, self.structural, md), "obsidian-tag", 75)
        md.treeprocessors.register(EmptyParagraphs(md), "obsidian-empty-paragraphs", 1)
