"""Long back matter printed in parts: a new page every ~100 KB of an answer key or index.

The answer key, the key-figures index, the revision summary and the previous-year table grow
with the booklet. Laid out as one flow, such a section is one layout whose time and memory grow
with the booklet too, and the PDF engine can only cut a section where a page ends anyway
(engine/split.py). So, in print only, a back-matter section over `PAGED_BYTES` of HTML ends a page
before a group heading (a topic's answers, a part) about every `PAGED_BYTES`: the one-pass writer
and the engine see the same page ends, and the engine cuts there. A table over the limit is first
made several tables at its row groups (the key-figures index: a topic; the previous-year table: a
year), each with its own column widths and header row. A booklet of a few dozen topics never
reaches the limit (the sample's answer key is ~30 KB, the 37-topic bench booklet's 113 KB; a
48-topic booklet with 7 questions a topic has a 104 KB previous-year table, but each exam's table
is still under the limit, so only a booklet about twice that size has its table cut at years).
"""

from __future__ import annotations

import copy

from lxml import etree, html as lxml_html

PAGED_BYTES = 100_000     # HTML of a back-matter section between two forced page ends, about
PAGE_END = "page-end"     # print.css: `.page-end { break-after: page; }`
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def page_long_back_matter(document: etree._Element, limit: int | None = None) -> None:
    limit = limit or PAGED_BYTES
    for section in document.xpath('//section[contains(concat(" ", @class, " "), " back-section ")]'):
        if _size(section) <= limit:
            continue
        for table in section.findall("table"):
            _split_table(table, limit)
        _end_pages(list(section), limit)


def _end_pages(children: list, limit: int) -> None:
    """A page end before a group heading once `limit` bytes have passed since the last one; past
    half as much again without a heading, before any block that does not follow a heading."""
    size = 0
    for i, child in enumerate(children):
        previous = children[i - 1] if i else None
        if previous is not None and previous.tag not in _HEADINGS and size >= limit and (
                child.tag in ("h2", "table") or size >= 1.5 * limit):
            previous.set("class", f"{previous.get('class') or ''} {PAGE_END}".strip())
            size = 0
        size += _size(child)


def _split_table(table: etree._Element, limit: int) -> None:
    """`table` as several tables at its `tbody` row groups, each over about `limit` bytes."""
    bodies = table.findall("tbody")
    runs: list[list] = [[]]
    size = 0
    for body in bodies:
        if runs[-1] and size >= limit:
            runs.append([])
            size = 0
        runs[-1].append(body)
        size += _size(body)
    if len(runs) < 2:
        return
    parent = table.getparent()
    position = parent.index(table)
    head = [child for child in table if child.tag in ("colgroup", "thead")]
    for body in bodies:
        table.remove(body)
    for run in runs[1:]:
        part = etree.Element(table.tag, {k: v for k, v in table.attrib.items() if k != "id"})
        part.extend(copy.deepcopy(child) for child in head)
        part.extend(run)
        position += 1
        parent.insert(position, part)
    table.extend(runs[0])


def _size(element: etree._Element) -> int:
    return len(lxml_html.tostring(element))
