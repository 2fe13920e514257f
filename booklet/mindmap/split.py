"""A map too big for one page at the minimum print size, split over several pages.

The first page is the overview: the centre and every branch, the first few drawn with their
leaves and the others collapsed (a dashed box). The pages after it continue the map: the
remaining branches with their leaves, one under another, without the centre (the page's title
is the topic). Each branch's leaves are drawn on exactly one page, in the branches' order."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from .drawing import MIN_PT, MindMap, draw
from .layout import fit
from .metrics import MapFonts
from .tree import MapNode

Ids = Callable[[int], tuple[str, str]]  # page number → (SVG id prefix, text alternative id)


def draw_pages(root: MapNode, *, fonts: MapFonts, palette: Sequence[str], box_mm: tuple[float, float],
               turned_mm: tuple[float, float] | None, rotate: bool, title: str, ids: Ids,
               note_mm: float = 0.0) -> tuple[MindMap, ...]:
    """One map if the whole tree fits a page at MIN_PT; else one page per group of branches,
    each drawn `note_mm` shorter to leave room for a line saying where the rest is."""
    turned_mm = turned_mm or (box_mm[1], box_mm[0])

    def page(tree: MapNode, number: int, boxes, headless: bool = False) -> MindMap:
        prefix, text_id = ids(number)
        return draw(tree, fonts=fonts, palette=palette, box_mm=boxes[0], turned_mm=boxes[-1], rotate=rotate,
                    id_prefix=prefix, described_by=text_id, title=title, headless=headless)

    whole = page(root, 1, [box_mm, turned_mm])
    if not whole.pruned or len(root.children) < 2:
        return (whole,)
    boxes = [(box[0], box[1] - note_mm) for box in (box_mm, turned_mm)][: 2 if rotate else 1]
    groups = _groups(root, fonts, boxes)
    first = page(_page_tree(root, groups[0]), 1, boxes)
    rest = (_recoloured(page(_continued(root, group), number, boxes, headless=True), group.start)
            for number, group in enumerate(groups[1:], 2))
    return (first, *rest)


def _recoloured(mind_map: MindMap, first: int) -> MindMap:
    """A continuation page's branches keep the colours they have on the overview: its branch
    indexes count from the first branch it draws. (Its SVG is not used: paper sets the map
    from the geometry, and screens show the whole map.)"""
    geometry = mind_map.geometry
    labels = tuple(replace(label, branch=label.branch + first) if label.branch >= 0 else label
                   for label in geometry.labels)
    connectors = tuple(replace(c, branch=c.branch + first) if c.branch >= 0 else c for c in geometry.connectors)
    return replace(mind_map, geometry=replace(geometry, labels=labels, connectors=connectors), svg="")


def _groups(root: MapNode, fonts: MapFonts, boxes) -> list[range]:
    """Consecutive branches packed greedily: each page draws as many as fit at MIN_PT. The first
    page (the overview) may draw none whole; a later page draws at least one, pruned if needs be."""
    count = len(root.children)
    end = 0
    while end < count and _fits(_page_tree(root, range(0, end + 1)), fonts, boxes):
        end += 1
    groups, start = [range(0, end)], end
    while start < count:
        end = start + 1
        while end < count and _fits(_continued(root, range(start, end + 1)), fonts, boxes, headless=True):
            end += 1
        groups.append(range(start, end))
        start = end
    return groups


def _fits(tree: MapNode, fonts: MapFonts, boxes, headless: bool = False) -> bool:
    return any(fit(tree, fonts, box, headless).min_text_pt >= MIN_PT for box in boxes)


def _continued(root: MapNode, drawn: range) -> MapNode:
    """A continuation page: only the branches in `drawn`, under an undrawn centre."""
    return MapNode(root.label, tuple(root.children[index] for index in drawn))


def _page_tree(root: MapNode, drawn: range) -> MapNode:
    """The centre with every branch: those in `drawn` whole, the others as a collapsed label."""
    branches = tuple(
        branch if index in drawn or not branch.children or branch.more
        else MapNode(branch.label, (), collapsed=True)
        for index, branch in enumerate(root.children)
    )
    return MapNode(root.label, branches)
