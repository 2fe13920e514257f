"""Smart quotes that Python-Markdown's smarty gets wrong next to inline elements."""

from __future__ import annotations

import re

from lxml import etree

from .errors import Reporter
from .model import Topic

# smarty sees each text node alone: a quote that starts the text after an element
# (`<abbr>SCO</abbr>"`, a closing `</strong>` then `"`) is taken for an opening one. Such a
# quote closes when the text before it ends on a letter, digit or closing bracket and what
# follows it is not the start of a word.
_OPEN = {"“": "”", "‘": "’"}
_CLOSES_AFTER = re.compile(r"[\w)\]}.,;:!?%’”]$")
_CLOSES_BEFORE = re.compile(r"^(?:$|[\s)\]}.,;:!?—–-])")


def fix_quotes(topic: Topic, tree: etree._Element, reporter: Reporter, context: object = None) -> dict:
    """Finisher: turn opening quotes that close a phrase into closing ones."""
    previous = ""
    for node, attribute in _text_nodes(tree):
        text = getattr(node, attribute) or ""
        if text:
            setattr(node, attribute, _fixed(previous, text))
            previous = getattr(node, attribute)
    return {}


def _text_nodes(element: etree._Element):
    """(element, "text" | "tail") in document order, so each chunk knows the one before it.
    Code keeps its straight quotes; only the prose around it is looked at."""
    if isinstance(element.tag, str) and element.tag not in ("code", "pre", "kbd", "samp"):
        yield element, "text"
        for child in element:
            yield from _text_nodes(child)
            yield child, "tail"


def _fixed(before: str, text: str) -> str:
    chars = list(text)
    for index, char in enumerate(chars):
        if char not in _OPEN:
            continue
        left = (before + "".join(chars[:index]))[-1:]
        right = "".join(chars[index + 1:index + 2])
        if left and _CLOSES_AFTER.search(left) and _CLOSES_BEFORE.match(right):
            chars[index] = _OPEN[char]
    return "".join(chars)
