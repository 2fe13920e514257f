"""A block's printed length, estimated from its text: does it fit on one page?

A block that fits on a page must never split, so the print stylesheet keeps blocks whole
(`break-inside: avoid`). WeasyPrint moves a block that is kept whole but taller than a page to
a new page before splitting it, leaving a blank gap behind; blocks estimated at more than a page
are therefore marked `block-long` and allowed to flow. Only the order of magnitude matters here.
"""

from __future__ import annotations

import math

from lxml import etree

LONG_CLASS = "block-long"
CHARS_PER_LINE = 85      # A4 text column inside a box, 10.5 pt serif
LINES_PER_PAGE = 42      # 249 mm at 10.5 pt × 1.5, less a margin for the box itself
CARD_ROW_LINES = 4.5     # one row of three figure cards
_BLOCKS = ("p", "li", "tr", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre")


def lines(element: etree._Element) -> float:
    """Estimated printed lines of the element."""
    cards = [li for li in element.iter("li") if "figure-card" in (li.get("class") or "")]
    if cards:
        return math.ceil(len(cards) / 3) * CARD_ROW_LINES + 2
    total = 2.0  # title and padding
    for block in element.iter(*_BLOCKS):
        own = "".join(block.text or "") + "".join(
            "".join(child.itertext()) + (child.tail or "") for child in block if child.tag not in _BLOCKS)
        total += max(1, math.ceil(len(" ".join(own.split())) / CHARS_PER_LINE)) + 0.5
    return total


def is_long(element: etree._Element) -> bool:
    return lines(element) > LINES_PER_PAGE


def mark(element: etree._Element) -> bool:
    """Add the `block-long` class to an element estimated longer than a page."""
    if not is_long(element):
        return False
    element.set("class", f"{element.get('class', '')} {LONG_CLASS}".strip())
    return True
