"""A map split over pages: every leaf drawn once, none as "+N more", a branch too big for a page
going on over the next, and the pages shared out so that none is left nearly empty."""

from __future__ import annotations

from booklet.mindmap import MIN_PT, MapNode
from booklet.mindmap.split import CONTINUED, draw_pages
from mindmap_support import FONTS, PALETTE

A5_BOX = (117.0, 131.0)  # an A5 page's map box under its heading


def pages(root: MapNode, box=A5_BOX):
    return draw_pages(root, fonts=FONTS, palette=PALETTE, box_mm=box, turned_mm=None, rotate=False,
                      title=root.label, ids=lambda n: (f"m-{n}-svg", f"m-{n}-text"), note_mm=10.0)


def leaves_drawn(maps) -> list[str]:
    return [" ".join(label.lines) for page in maps for label in page.geometry.labels if label.kind == "leaf"]


def test_a_branch_too_big_for_a_page_goes_on_over_the_next_with_every_leaf():
    leaves = tuple(MapNode(f"Summit number {n} and its joint statement") for n in range(1, 61))
    root = MapNode("Annual summits", (MapNode("Every summit", leaves), MapNode("Outlook", (MapNode("Calm"),))))
    maps = pages(root)
    assert len(maps) >= 3
    assert sorted(leaves_drawn(maps)) == sorted([leaf.label for leaf in leaves] + ["Calm"])
    assert not any(page.pruned or page.warnings for page in maps)
    assert min(page.leaf_pt for page in maps) >= MIN_PT
    branches = [" ".join(label.lines) for page in maps[1:] for label in page.geometry.labels
                if label.kind == "branch"]
    assert branches[0] == "Every summit"
    assert f"Every summit {CONTINUED}" in branches
    # A continued branch keeps its colour: the colour of the branch it goes on from.
    continued = [label for page in maps[1:] for label in page.geometry.labels
                 if label.kind == "branch" and CONTINUED in " ".join(label.lines)]
    assert {label.branch for label in continued} == {0}


def test_no_continuation_page_is_left_with_a_lone_small_branch():
    # Four big branches and a small last one: filled greedily, two pages would hold two big
    # branches each and a third the small one alone.
    big = [MapNode(f"Theme {n}", tuple(MapNode(f"Point {n}.{k} on the theme") for k in range(11)))
           for n in range(1, 5)]
    small = MapNode("Limits", tuple(MapNode(f"Limit {k}") for k in range(3)))
    maps = pages(MapNode("A topic of five themes", (*big, small)))
    assert len(maps) >= 2
    drawn = [sum(label.kind in ("branch", "leaf") for label in page.geometry.labels) for page in maps[1:]]
    assert min(drawn) > 4, drawn  # more than the small branch and its three leaves
    assert sorted(leaves_drawn(maps)) == sorted(leaf.label for branch in (*big, small) for leaf in branch.children)
