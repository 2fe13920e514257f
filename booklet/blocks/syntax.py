"""Block syntax: `!!! type "title" [flags]` and `> [!type] title` become the same HTML element.

Both forms produce one intermediate element that later stages read (`transform.py`):

    <div class="admonition TYPE" data-block="TYPE" data-form="admonition|callout"
         data-line="N" data-title="raw title" data-flags="multiple">
      <p class="admonition-title">Title</p> … body …
    </div>

`data-line` is the header's line in `topic.source` (1-based; `topic.location(N)` gives the
file line). Python-Markdown does not track lines, so a preprocessor tags every block header
in the raw text with its line before the parser sees it, and a postprocessor removes any tag
that did not end up in a header (a header shown inside a code block, say).

In a `question`, the lines after a line `Answer:` become an implicit `answer` element; in an
`mcq`, the lines from a line `Explanation:` on become an `explanation` element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..source import classify
from .model import FLAGS as FLAGS, GENERIC_TYPES as GENERIC_TYPES, KNOWN_TYPES as KNOWN_TYPES
from .model import OTHER_TYPES as OTHER_TYPES, REVISION_TYPES as REVISION_TYPES

_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: never in real notes
_MARK = f"{_MARK_OPEN}(?P<line>\\d+){_MARK_CLOSE}"
MARK_RE = re.compile(f"{_MARK_OPEN}\\d+{_MARK_CLOSE}")

# A header line, once the parser has removed any container indentation or `>` prefix.
ADMONITION_LOOSE = re.compile(r"(?:^|\n)!!!(?P<rest>[^\n]*)(?:\n|$)")
ADMONITION = re.compile(
    r"^[ \t]*(?P<type>[\w-]+)(?P<pre>(?:[ \t]+[\w-]+)*)(?:[ \t]+\"(?P<title>.*)\")?"
    rf"(?P<post>(?:[ \t]+[\w-]+)*)[ \t]*(?:{_MARK})?[ \t]*$"
)
CALLOUT = re.compile(
    r"^>[ \t]?\[!(?P<type>[\w-]+)(?:\|(?P<meta>[^\]]*))?\](?P<fold>[+-])?"
    rf"(?:[ \t]+(?P<title>[^\n]*?))?[ \t]*(?:{_MARK})?[ \t]*$"
)
_CALLOUT_START = re.compile(r"^>[ \t]?\[![\w-]+")
_QUOTE_PREFIX = re.compile(r"^>[ \t]?")
_LABELS = {"question": ("answer", "Answer"), "mcq": ("explanation", "Explanation")}


class LineTagger(Preprocessor):
    """Append `<U+E000>N<U+E001>` to every block header line: its line in the source."""

    def run(self, lines: list[str]) -> list[str]:
        # The headers the source model found: under list indentation or `>` marks, never in code.
        return [f"{line.text.rstrip()}{_MARK_OPEN}{line.number}{_MARK_CLOSE}" if line.opener else line.text
                for line in classify(lines)]


class TagRemover(Postprocessor):
    """Drop line tags left in the output (a header shown as code, or invalid syntax)."""

    def run(self, text: str) -> str:
        return MARK_RE.sub("", text)


def _element(parent: etree.Element, kind: str, form: str, line: str | None, title: str | None,
             flags: list[str], raw_title: str = "") -> etree.Element:
    div = etree.SubElement(parent, "div")
    div.set("class", f"admonition {kind}")
    div.set("data-block", kind)
    div.set("data-form", form)
    if line:
        div.set("data-line", line)
    div.set("data-title", raw_title)
    if flags:
        div.set("data-flags", " ".join(flags))
    if title:
        p = etree.SubElement(div, "p")
        p.set("class", "admonition-title")
        p.text = title
    return div


def _display_title(kind: str, title: str | None) -> str | None:
    # As Python-Markdown does: no title → the type, capitalised; an explicit "" → no title.
    if title is None:
        return kind.capitalize()
    return title or None


class _Filling:
    """Parses a block's body, splitting off `Answer:` / `Explanation:` parts."""

    parser: Any = None  # set by BlockProcessor

    def fill(self, div: etree.Element, text: str) -> None:
        label = _LABELS.get(div.get("data-block", ""))
        if label:
            match = re.search(rf"(?im)^{label[1]}[ \t]*:[ \t]*(?P<rest>.*)$", text)
            if match:
                self.parser.parseChunk(div, text[:match.start()])
                part = _element(div, label[0], "implicit", div.get("data-line"), None, [])
                part.set("data-implicit", "1")
                self.parser.parseChunk(part, match.group("rest") + text[match.end():])
                return
        self.parser.parseChunk(div, text)


class AdmonitionForm(_Filling, AdmonitionProcessor):
    """`!!! type "title" [multiple]` with an indented body; replaces Python-Markdown's own."""

    RE = ADMONITION_LOOSE

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        if match:
            if match.start() > 0:
                self.parser.parseBlocks(parent, [block[:match.start()]])
            body, rest = self.detab(block[match.end():])
            div = self._open(parent, match.group("rest"))
        else:
            sibling, body, rest = self.parse_content(parent, block)
            if sibling.tag in ("li", "dd") and sibling.text:
                p = etree.SubElement(sibling, "p")
                p.text, sibling.text = sibling.text, ""
            div = _last_implicit(sibling)
        self.fill(div, body)
        if rest:
            blocks.insert(0, rest)

    def _open(self, parent: etree.Element, header: str) -> etree.Element:
        match = ADMONITION.match(header)
        if not match:
            line = re.search(_MARK, header)
            div = _element(parent, "invalid", "admonition", line.group("line") if line else None, None, [],
                           MARK_RE.sub("", "!!!" + header).strip())
            return div
        kind = match.group("type").lower()
        flags = (match.group("pre") + " " + match.group("post")).split()
        title = match.group("title")
        display = _display_title(kind, title)
        return _element(parent, kind, "admonition", match.group("line"), display, flags, title or "")


class CalloutForm(_Filling, BlockProcessor):
    """Obsidian's `> [!type]± title` with a `>`-prefixed body; the fold marker is ignored."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_CALLOUT_START.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        match = CALLOUT.match(lines[0])
        end = next((i for i, line in enumerate(lines[1:], 1) if not line.startswith(">")), len(lines))
        if end < len(lines):
            blocks.insert(0, "\n".join(lines[end:]))  # Obsidian ends a callout at the first bare line
        body = "\n".join(_QUOTE_PREFIX.sub("", line) for line in lines[1:end])
        if not match:
            line = re.search(_MARK, lines[0])
            div = _element(parent, "invalid", "callout", line.group("line") if line else None, None, [],
                           MARK_RE.sub("", lines[0]))
            self.parser.parseChunk(div, body)
            return
        kind = match.group("type").lower()
        title = (match.group("title") or "").strip()
        flags = [f.strip().lower() for f in (match.group("meta") or "").split("|") if f.strip()]
        display = title or kind.capitalize()
        div = _element(parent, kind, "callout", match.group("line"), display, flags, title)
        self.fill(div, body)


def _last_implicit(div: etree.Element) -> etree.Element:
    """Continuation blocks after `Answer:` belong to the answer, not to the question."""
    last = div[-1] if len(div) else None
    if last is not None and last.tag == "div" and last.get("data-implicit"):
        return last
    return div


class BlocksExtension(Extension):
    """Registers both block forms, the line tagger and the tag remover."""

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.preprocessors.register(LineTagger(md), "booklet-block-lines", 40)
        # Same name as Python-Markdown's admonition processor: ours replaces it.
        md.parser.blockprocessors.register(AdmonitionForm(md.parser), "admonition", 105)
        md.parser.blockprocessors.register(CalloutForm(md.parser), "booklet-callout", 104)
        md.postprocessors.register(TagRemover(md), "booklet-block-lines", 1)
