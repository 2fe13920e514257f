"""Headings left with nothing under them once their questions moved to "Practice questions".

A student often gathers a topic's questions under a heading of their own (`## Questions`). The
questions move to the practice section at the end of the topic, which would leave that heading
over nothing: an empty heading in print, an entry in the contents and the outline, a bare branch
on the mind map. Such a heading goes; its id stays, on the practice section's title, so a link
to it (from this topic, another one, or a wikilink) lands on the questions it used to head.
Headings that were empty as written are the author's business and stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..fragment import detach

_LEVELS = {f"h{n}": n for n in range(1, 7)}


@dataclass
class _Open:
    level: int
    element: etree._Element
    content: bool = False    # something stays under it
    questions: bool = False  # a question under it moves away


def emptied_headings(root: etree._Element, moving: list[etree._Element]) -> list[etree._Element]:
    """The top-level headings of `root` whose sections hold only elements of `moving` (and
    headings emptied the same way), and at least one of them."""
    leaving = {id(e) for e in moving}
    stack: list[_Open] = []
    emptied: list[etree._Element] = []

    def close(down_to: int) -> None:
        while stack and stack[-1].level >= down_to:
            done = stack.pop()
            if done.questions and not done.content:
                emptied.append(done.element)
            elif stack:
                stack[-1].content = True  # a subheading that stays is content of its parent

    for child in root:
        level = _LEVELS.get(child.tag) if isinstance(child.tag, str) else None
        if level:
            close(level)
            stack.append(_Open(level, child))
            continue
        moved = id(child) in leaving
        for heading in stack:
            if moved:
                heading.questions = True
            elif _shows(child):
                heading.content = True
    close(0)
    return emptied


def drop(headings: list[etree._Element], title: etree._Element) -> None:
    """Remove each heading, keeping its id as an anchor inside `title`."""
    for heading in headings:
        if heading.get("id"):
            anchor = etree.Element("span", id=heading.get("id"))
            anchor.tail, title.text = title.text, None
            title.insert(0, anchor)
        detach(heading)


def _shows(element: etree._Element) -> bool:
    """Whether an element prints something (an empty paragraph left by Markdown does not)."""
    if not isinstance(element.tag, str):
        return False  # a comment
    if element.tag in ("img", "svg", "hr", "table", "figure"):
        return True
    return bool("".join(element.itertext()).strip()) or any(
        isinstance(e.tag, str) and e.tag in ("img", "svg") for e in element.iter())
