"""A map too big for one page at the minimum print size, split over several pages.

The first page is the overview: the centre and every branch, the first few drawn with their
leaves and the others collapsed (a dashed box). The pages after it continue the map: the
remaining branches with their leaves, one under another, without the centre (the page's title
is the topic). Each leaf is drawn on exactly one page, in the branches' order: a branch too big
for a page of its own goes on over the next, its label repeated with "(continued)"."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from .drawing import MIN_PT, MindMap, draw
from .layout import fit
from .metrics import MapFonts
from .tree import MapNode

Ids = Callable[[int], tuple[str, str]]  # page number → (SVG id prefix, text alternative id)
Boxes = tuple[tuple[float, float], ...]
CONTINUED = "(continued)"  # the English label; a build passes its language's (labels.yml)


@dataclass(frozen=True)
class _Piece:
    """What a continuation page draws of one branch: all of it, or a run of its leaves."""

    branch: int  # index among the centre's branches
    node: MapNode
    whole: bool


def draw_pages(root: MapNode, *, fonts: MapFonts, palette: Sequence[str], box_mm: tuple[float, float],
               turned_mm: tuple[float, float] | None, rotate: bool, title: str, ids: Ids,
               note_mm: float = 0.0, continued: str = CONTINUED) -> tuple[MindMap, ...]:
    """One map if the whole tree fits a page at MIN_PT; else an overview and continuation
    pages, each drawn `note_mm` shorter to leave room for a line saying where the rest is. A branch
    split over pages is labelled `branch {continued}` after its first run (labels.yml's word)."""
    turned_mm = turned_mm or (box_mm[1], box_mm[0])

    def page(tree: MapNode, number: int, boxes, headless: bool = False) -> MindMap:
        prefix, text_id = ids(number)
        return draw(tree, fonts=fonts, palette=palette, box_mm=boxes[0], turned_mm=boxes[-1], rotate=rotate,
                    id_prefix=prefix, described_by=text_id, title=title, headless=headless)

    whole = page(root, 1, [box_mm, turned_mm])
    if not whole.pruned or not any(branch.children and not branch.more for branch in root.children):
        return (whole,)
    boxes = tuple((box[0], box[1] - note_mm) for box in (box_mm, turned_mm))[: 2 if rotate else 1]
    drawn, groups = _plan(root, _pieces(root, fonts, boxes, continued), fonts, boxes)
    first = page(_page_tree(root, range(drawn)), 1, boxes)
    rest = (_recoloured(page(_continued(root, group), number, boxes, headless=True), group)
            for number, group in enumerate(groups, 2))
    return (first, *rest)


def _recoloured(mind_map: MindMap, group: Sequence[_Piece]) -> MindMap:
    """A continuation page's branches keep the colours they have on the overview: its branch
    indexes are mapped back to the branches they continue. (Its SVG is not used: paper sets the
    map from the geometry, and screens show the whole map.)"""
    geometry = mind_map.geometry
    own = [piece.branch for piece in group]
    labels = tuple(replace(label, branch=own[label.branch]) if label.branch >= 0 else label
                   for label in geometry.labels)
    connectors = tuple(replace(c, branch=own[c.branch]) if c.branch >= 0 else c for c in geometry.connectors)
    return replace(mind_map, geometry=replace(geometry, labels=labels, connectors=connectors), svg="")


def _pieces(root: MapNode, fonts: MapFonts, boxes: Boxes, continued: str) -> list[_Piece]:
    """Every branch as one piece, or, when it does not fit a page of its own, as runs of its
    leaves that each do: no leaf is left out for want of room."""
    pieces = []
    for index, branch in enumerate(root.children):
        if _fits(MapNode(root.label, (branch,)), fonts, boxes, headless=True) or len(branch.children) < 2:
            pieces.append(_Piece(index, branch, True))
            continue
        leaves, start = branch.children, 0
        while start < len(leaves):
            label = branch.label if start == 0 else f"{branch.label} {continued}"
            end = start + 1
            while end < len(leaves) and _fits(MapNode(root.label, (MapNode(label, leaves[start:end + 1]),)),
                                              fonts, boxes, headless=True):
                end += 1
            pieces.append(_Piece(index, MapNode(label, leaves[start:end]), False))
            start = end
    return pieces


def _plan(root: MapNode, pieces: list[_Piece], fonts: MapFonts, boxes: Boxes) -> tuple[int, list[list[_Piece]]]:
    """How many branches the overview draws whole, and the pieces of each continuation page.

    Fewest pages first; among the ways to fill that many, the one whose emptiest page holds
    the most labels, so that no page is left with a lone branch of three leaves while another
    is crowded; on a tie, the earlier pages fuller."""
    runs = _Runs(root, tuple(pieces), fonts, boxes)
    overviews = [0]
    while (overviews[-1] < len(pieces) and pieces[overviews[-1]].whole
           and _fits(_page_tree(root, range(overviews[-1] + 1)), fonts, boxes)):
        overviews.append(overviews[-1] + 1)
    best = None
    for drawn in overviews:
        count, weakest, groups = runs.balanced(drawn)
        emptiest = min(weakest, _page_tree(root, range(drawn)).size())
        key = (-count, emptiest, drawn)
        if best is None or key > best[0]:
            best = (key, drawn, groups)
    assert best is not None  # one piece to a page always fits, pruned if it must
    return best[1], best[2]


class _Runs:
    """Continuation pages of consecutive pieces, each fitting a page at MIN_PT."""

    def __init__(self, root: MapNode, pieces: tuple[_Piece, ...], fonts: MapFonts, boxes: Boxes):
        self.root, self.pieces = root, pieces
        # reach[i]: the end of the longest run from piece i that fits one page. A run's pages
        # stack its branches one under another, so a shorter run fits wherever a longer one
        # does: the reach never falls, and one pass finds it with a fit per piece or so.
        self.reach, end = [], 0
        for first in range(len(pieces)):
            end = max(end, first + 1)  # one piece always has a page (pruned if even that is too much)
            while end < len(pieces) and _fits(self.tree(first, end + 1), fonts, boxes, headless=True):
                end += 1
            self.reach.append(end)
        self.best = self._best()

    def tree(self, start: int, end: int) -> MapNode:
        return MapNode(self.root.label, tuple(piece.node for piece in self.pieces[start:end]))

    def balanced(self, start: int) -> tuple[int, int, list[list[_Piece]]]:
        """Pieces from `start` on in the fewest pages, the emptiest as full as can be: (pages,
        labels on the emptiest, the pages)."""
        pages, weakest, ends = self.best[start]
        groups, first = [], start
        for end in ends:
            groups.append(list(self.pieces[first:end]))
            first = end
        return pages, -weakest, groups

    def _best(self) -> list[tuple[int, int, tuple[int, ...]]]:
        """For each first piece, the best way to page the pieces from it on, worked back from
        the last: (pages, minus the labels on the emptiest page, the end of each page)."""
        count = len(self.pieces)
        labels = [0]
        for piece in self.pieces:
            labels.append(labels[-1] + piece.node.size())
        Best = tuple[int, int, tuple[int, ...]]
        none: Best = (0, -(1 << 30), ())  # past the last piece: no page, and none empty
        best: list[Best] = [none] * (count + 1)
        for first in range(count - 1, -1, -1):
            options = []
            for end in range(first + 1, self.reach[first] + 1):
                pages, weakest, ends = best[end]
                options.append((pages + 1, max(weakest, labels[first] - labels[end]), (end, *ends)))
            # Fewest pages, then the fullest emptiest page, then the earlier pages fuller.
            best[first] = min(options, key=lambda option: (option[0], option[1], tuple(-e for e in option[2])))
        return best


def _fits(tree: MapNode, fonts: MapFonts, boxes: Boxes, headless: bool = False) -> bool:
    """Whether draw() would draw tree whole on a page: at either look, in either box."""
    return any(fit(tree, fonts, box, headless, tight).min_text_pt >= MIN_PT
               for tight in (False, True) for box in boxes)


def _continued(root: MapNode, group: Sequence[_Piece]) -> MapNode:
    """A continuation page: only its pieces, under an undrawn centre."""
    return MapNode(root.label, tuple(piece.node for piece in group))


def _page_tree(root: MapNode, drawn: range) -> MapNode:
    """The centre with every branch: those in `drawn` whole, the others as a collapsed label."""
    branches = tuple(
        branch if index in drawn or not branch.children or branch.more
        else MapNode(branch.label, (), collapsed=True)
        for index, branch in enumerate(root.children)
    )
    return MapNode(root.label, branches)
