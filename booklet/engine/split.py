"""A chunk too big to lay out in bounded memory, cut where the stylesheets end a page anyway.

Back matter grows with the booklet (the mind maps section holds every topic's map), and a
chunk's layout holds all of it at once. Such a section is cut between children that end their
page (`.X { break-after: page }` in the stylesheets, e.g. `.mindmap-page`), so every page breaks
where it breaks in one document; a continuation keeps the section's element (its classes, not its
id) with `break-before: auto`, and the booklet's running strings carry on into it as into any chunk.
"""

from __future__ import annotations

import copy
import re
from typing import Iterator

from lxml import html as lxml_html

SPLIT_BYTES = 100_000     # a chunk's HTML beyond which it is cut, where it can be
_ENDS_PAGE = re.compile(r"(?:^|[};/])\s*\.([\w-]+)\s*\{[^}]*break-after\s*:\s*page\b", re.M)


def page_enders(css: tuple[str, ...]) -> frozenset[str]:
    """Classes whose elements always end their page: a rule with that class alone as its selector."""
    return frozenset(name for text in css for name in _ENDS_PAGE.findall(text))


def split(tree, enders: frozenset[str], limit: int | None = None) -> Iterator:
    """`tree` (a chunk's whole document), or the documents it is cut into, made one at a time as
    they are asked for: a part serialised and dropped before the next is made holds less memory."""
    limit = limit or SPLIT_BYTES
    body = tree.find("body")
    if not enders or _size(body) <= limit:
        return iter([tree])
    for position, section in enumerate(body):
        if section.tag != "section":
            continue
        runs = _runs(list(section), enders, limit)
        if len(runs) > 1:
            return (_part(tree, position, run, k, len(runs)) for k, run in enumerate(runs))
    return iter([tree])


def _runs(children: list, enders: frozenset[str], limit: int) -> list[range]:
    """Children grouped into runs of about `limit` bytes, each ending after a page-ending child."""
    runs: list[range] = []
    start, size = 0, 0
    for i, child in enumerate(children):
        size += _size(child)
        ends = bool(enders & set((child.get("class") or "").split()))
        # The section's head ends the first run at its first page end: a head that lists what
        # follows with page numbers (the list of maps) is drawn only once all of it is placed,
        # at the very end of the build, so it should hold as little else as possible.
        if ends and (size >= limit or not runs) and i + 1 < len(children):
            runs.append(range(start, i + 1))
            start, size = i + 1, 0
    runs.append(range(start, len(children)))
    return runs


def _part(tree, position: int, run: range, k: int, count: int):
    # Only what the part keeps is copied: the rest is taken out of `tree` for the copy and put back
    # (copying the whole document for each part cost the parent ~0.8 s and ~60 MB at 500 pages).
    body = tree.find("body")
    section = body[position]
    siblings, children = list(body), list(section)
    kept = [i for i in range(len(siblings)) if not ((i < position and k > 0) or (i > position and k < count - 1))]
    try:
        section[:] = [children[i] for i in run]
        body[:] = [siblings[i] for i in kept]
        part = copy.deepcopy(tree)
    finally:
        body[:] = siblings
        section[:] = children
    if k > 0:
        section = part.find("body")[kept.index(position)]
        section.attrib.pop("id", None)
        style = section.get("style")
        section.set("style", f"{style}; break-before: auto" if style else "break-before: auto")
    return part


def _size(element) -> int:
    return len(lxml_html.tostring(element))
