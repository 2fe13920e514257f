"""A block's printed length, estimated from its text: does it fit on one page?

A block that fits on a page must never split, so the print stylesheet keeps blocks whole
(`break-inside: avoid`). WeasyPrint moves a block that is kept whole but taller than a page to
a new page before splitting it, leaving a blank gap behind; blocks estimated at more than a page
are therefore marked `block-long` and allowed to flow. Only the order of magnitude matters here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from ..printing import PageGeometry

LONG_CLASS = "block-long"
CHARS_PER_MM = 85 / 166  # 85 characters in A4's 166 mm text column inside a box, 10.5 pt serif
LINES_PER_MM = 42 / 249  # 42 lines in A4's 249 mm text height at 10.5 pt × 1.5, less the box's margin
CARD_ROW_LINES = 4.5     # one row of three figure cards
_BLOCKS = ("p", "li", "tr", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre")


@dataclass(frozen=True)
class Fit:
    """What fits on the booklet's page: its text area in characters per line and lines per page."""

    chars_per_line: int
    lines_per_page: int

    @classmethod
    def of(cls, page: PageGeometry) -> "Fit":
        return cls(max(20, round(page.text_width * CHARS_PER_MM)), max(10, round(page.text_height * LINES_PER_MM)))

    def lines(self, element: etree._Element) -> float:
        return lines(element, self.chars_per_line)

    def is_long(self, element: etree._Element) -> bool:
        return self.lines(element) > self.lines_per_page

    def mark(self, element: etree._Element) -> bool:
        """Add the `block-long` class to an element estimated longer than a page."""
        if not self.is_long(element):
            return False
        element.set("class", f"{element.get('class', '')} {LONG_CLASS}".strip())
        return True


def lines(element: etree._Element, chars_per_line: int) -> float:
    """Estimated printed lines of the element."""
    cards = [li for li in element.iter("li") if "figure-card" in (li.get("class") or "")]
    if cards:
        return math.ceil(len(cards) / 3) * CARD_ROW_LINES + 2
    total = 2.0  # title and padding
    for block in element.iter(*_BLOCKS):
        own = "".join(block.text or "") + "".join(
            "".join(child.itertext()) + (child.tail or "") for child in block if child.tag not in _BLOCKS)
        total += max(1, math.ceil(len(" ".join(own.split())) / chars_per_line)) + 0.5
    return total
