"""Limits on what one topic may ask of the Markdown and layout engines, with path:line errors."""

from __future__ import annotations

from lxml import etree

from .errors import BookletError
from .model import Topic
from .source import nesting

# Python-Markdown matches brackets and emphasis by rescanning a paragraph: time grows with the
# square of their number (30,000 '[' take minutes; 1,000 take half a second). No real paragraph
# comes near these counts; a pasted log or a broken export does.
MAX_BRACKETS = 1000      # '[' in one paragraph
MAX_EMPHASIS = 4000      # '*' and '_' in one paragraph
MAX_NESTING = 40         # quote and list levels at one line; fragment elements inside each other
MAX_HTML_DEPTH = 120     # elements inside each other in a rendered topic (raw HTML, nested lists…)


def check_source(topic: Topic) -> None:
    """Refuse a topic whose Markdown would take the engines too long or too deep, at its line."""
    paragraph_start, brackets, emphasis = 1, 0, 0
    for line in topic.structure:
        if line.code:
            continue
        number = line.number
        if not line.text.strip():
            paragraph_start, brackets, emphasis = number + 1, 0, 0
            continue
        if nesting(line.text) > MAX_NESTING:
            raise BookletError(f"lists or quotes nested more than {MAX_NESTING} levels deep; flatten them",
                               topic.location(number))
        brackets += line.text.count("[")
        emphasis += line.text.count("*") + line.text.count("_")
        if brackets > MAX_BRACKETS:
            raise BookletError(f"this paragraph has more than {MAX_BRACKETS} '[' characters; "
                               "put such text in a code block (```) or split it", topic.location(paragraph_start))
        if emphasis > MAX_EMPHASIS:
            raise BookletError(f"this paragraph has more than {MAX_EMPHASIS} '*' and '_' characters; "
                               "put such text in a code block (```) or split it", topic.location(paragraph_start))


def check_tree(topic: Topic, tree: etree._Element) -> None:
    """Refuse rendered HTML nested deeper than the layout engine can take (raw <div> inside <div>…)."""
    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_HTML_DEPTH:
            line = next((e.get("data-line") for e in element.iterancestors() if e.get("data-line")), None)
            raise BookletError(f"elements nested more than {MAX_HTML_DEPTH} levels deep; flatten the note's "
                               "lists, quotes or HTML", topic.location(int(line) if line and line.isdigit() else None))
