"""How full each page of a built PDF is, and which pages may be short: a section's last page,
a part page, a blank page (shared by the page-fill tests)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    fill: float  # share of the text area's height used, from its top to the lowest mark
    last_of_section: bool  # the page before a bookmarked section starts, or the last page
    part: bool  # a part's title page
    blank: bool


@functools.cache
def _starts(pdf: Path) -> tuple[frozenset[int], frozenset[int]]:
    """Pages (0-based) where a bookmarked section starts, and where a part starts."""
    reader = PdfReader(pdf)
    starts, parts = set(), set()

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            page = reader.get_destination_page_number(item)
            starts.add(page)
            if depth == 0 and re.match(r"\s*PART \d", reader.pages[page].extract_text() or ""):
                parts.add(page)

    walk(reader.outline, 0)
    return frozenset(starts), frozenset(parts)


@functools.cache  # each built PDF is read once: its layout takes seconds over a 129-page booklet
def pages(pdf: Path) -> tuple[Page, ...]:
    starts, parts = _starts(pdf)
    found = []
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
        for index, page in enumerate(document.pages):
            height = float(page.height)
            margin = max(12.0, round(height / MM * 24 / 297, 1)) * MM  # printing.margins
            top, bottom = margin, height - margin
            lowest = _lowest_mark(page.layout, height, top, bottom)
            fill = 0.0 if lowest is None else max(0.0, min(1.0, (lowest - top) / (bottom - top)))
            last = index == count - 1 or (index + 1) in starts
            found.append(Page(index + 1, round(fill, 3), last, index in parts, lowest is None))
    return tuple(found)


def _lowest_mark(objects, height: float, top: float, bottom: float) -> float | None:
    """The lowest bottom (from the page's top) of the marks wholly inside the text area: glyphs
    other than spaces, rectangles, lines, curves, images. The same objects as pdfplumber's
    `chars`, `rects`, `lines`, `curves` and `images`, read from the page's pdfminer layout, as
    pdfplumber reads them, without making a dictionary of each (that took half the time)."""
    lowest = None
    for obj in objects:
        if hasattr(obj, "_objs"):    # a form XObject's figure: its marks, as pdfplumber lists them
            found = _lowest_mark(obj, height, top, bottom)
        elif hasattr(obj, "get_text") and not obj.get_text().strip():
            continue                 # a space
        else:
            found = height - obj.y0 if height - obj.y1 >= top - 2 and height - obj.y0 <= bottom + 2 else None
        if found is not None and (lowest is None or found > lowest):
            lowest = found
    return lowest


def short_pages(pdf: Path, below: float = 1 / 3) -> list[Page]:
    """Body pages under `below` full that no exception covers; pages before the first section
    (the title page) are not body pages."""
    starts, _ = _starts(pdf)
    first = min(starts, default=0)
    return [page for page in pages(pdf) if page.number > first + 1 and page.fill < below
            and not (page.last_of_section or page.part or page.blank)]
