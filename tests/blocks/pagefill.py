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


@functools.cache  # each built PDF is read once: pdfplumber takes seconds over a 129-page booklet
def pages(pdf: Path) -> tuple[Page, ...]:
    starts, parts = _starts(pdf)
    found = []
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
        for index, page in enumerate(document.pages):
            height = float(page.height)
            margin = max(12.0, round(height / MM * 24 / 297, 1)) * MM  # printing.margins
            top, bottom = margin, height - margin
            marks = [obj for obj in (*page.chars, *page.rects, *page.curves, *page.lines, *page.images)
                     if obj["top"] >= top - 2 and obj["bottom"] <= bottom + 2 and obj.get("text", "x").strip()]
            lowest = max((obj["bottom"] for obj in marks), default=top)
            fill = max(0.0, min(1.0, (lowest - top) / (bottom - top)))
            last = index == count - 1 or (index + 1) in starts
            found.append(Page(index + 1, round(fill, 3), last, index in parts, not marks))
    return tuple(found)


def short_pages(pdf: Path, below: float = 1 / 3) -> list[Page]:
    """Body pages under `below` full that no exception covers; pages before the first section
    (the title page) are not body pages."""
    starts, _ = _starts(pdf)
    first = min(starts, default=0)
    return [page for page in pages(pdf) if page.number > first + 1 and page.fill < below
            and not (page.last_of_section or page.part or page.blank)]
