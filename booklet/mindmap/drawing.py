"""Drawing a map for a page box: orientation, pruning to the minimum print size, SVG and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .layout import Geometry, fit
from .metrics import MapFonts
from .prune import prune
from .tree import MapNode, outline_html
from .svg import check_id_prefix, check_palette, render

MIN_PT = 7.0  # smallest text printed; below it a map is pruned
COMFORTABLE_PT = 8.5  # below it a map turns sideways if that makes its text clearly larger
LANDSCAPE_GAIN = 1.2


@dataclass(frozen=True)
class MindMap:
    """A drawn map, ready to inline, with its text alternative and what drawing it cost."""

    svg: str  # the <svg> element (no XML declaration), for HTML or XHTML
    outline_html: str  # nested <ul> text alternative, unpruned
    landscape: bool  # drawn for the box turned sideways (width > height)
    pruned: int  # labels left out to reach MIN_PT
    warnings: tuple[str, ...]
    box_mm: tuple[float, float] = (0.0, 0.0)  # the box it was drawn for, after any turn
    leaf_pt: float = 0.0  # printed size of its smallest text when the box is filled
    geometry: Geometry | None = field(default=None, repr=False, compare=False)


def draw(
    root: MapNode,
    *,
    fonts: MapFonts,
    palette: Sequence[str],
    box_mm: tuple[float, float],
    id_prefix: str,
    title: str | None = None,
    rotate: bool = True,
    turned_mm: tuple[float, float] | None = None,
    described_by: str | None = None,
    headless: bool = False,
) -> MindMap:
    """Lay out and draw root to fill a box of box_mm (width, height) at width 100%.

    With rotate, the box may be turned sideways when that prints the text clearly larger or
    spares pruning; `landscape` then tells the caller to give the map a landscape page.
    turned_mm is the box on that sideways page when it is not box_mm's sides swapped (a
    landscape page has its own margins and heading). described_by is the id of the text
    alternative on the page, if any. A `headless` map leaves out the centre (a continuation
    page of a split map).
    """
    check_palette(palette)
    check_id_prefix(id_prefix)
    width, height = (float(side) for side in box_mm)
    if width <= 0 or height <= 0:
        raise ValueError(f"mind map box must have a positive size, got {box_mm!r}")
    boxes = [(width, height)]
    turned = (height, width) if turned_mm is None else (float(turned_mm[0]), float(turned_mm[1]))
    if turned[0] <= 0 or turned[1] <= 0:
        raise ValueError(f"mind map box must have a positive size, got {turned_mm!r}")
    if rotate and turned != boxes[0]:
        boxes.append(turned)
    geometry, tree, cut = _choose(root, fonts, boxes, headless)
    warnings = []
    if cut:
        warnings.append(
            f"mind map '{root.label}' does not fit one page at {MIN_PT:g} pt: "
            f"{cut} of {root.size() - 1} labels left out, shown as '+N more'"
        )
    if geometry.min_text_pt < MIN_PT - 1e-6:
        warnings.append(
            f"mind map '{root.label}' prints at {geometry.min_text_pt:.1f} pt even when pruned: "
            "the box is too small"
        )
    svg = render(geometry, palette=palette, family=fonts.css_family, id_prefix=id_prefix,
                 title=title if title is not None else root.label, described_by=described_by)
    return MindMap(
        svg=svg,
        outline_html=outline_html(root),
        landscape=len(boxes) > 1 and geometry.box_mm == boxes[1],
        pruned=cut,
        warnings=tuple(warnings),
        box_mm=geometry.box_mm,
        leaf_pt=round(geometry.min_text_pt, 2),
        geometry=geometry,
    )


def _choose(root: MapNode, fonts: MapFonts, boxes, headless: bool = False) -> tuple[Geometry, MapNode, int]:
    fits = [fit(root, fonts, box, headless) for box in boxes]
    given = fits[0]
    other = fits[1] if len(fits) > 1 else None
    if given.min_text_pt >= MIN_PT:
        clearly_better = other and other.min_text_pt >= LANDSCAPE_GAIN * given.min_text_pt
        if clearly_better and given.min_text_pt < COMFORTABLE_PT:
            return other, root, 0
        return given, root, 0
    if other and other.min_text_pt >= MIN_PT:
        return other, root, 0
    # Drawn tight, the centre and branches smaller, it may still fit whole: better than splitting.
    tight = next((g for g in (fit(root, fonts, box, headless, tight=True) for box in boxes)
                  if g.min_text_pt >= MIN_PT), None)
    if tight is not None:
        return tight, root, 0
    # Neither fits whole: prune for each box and keep the one that loses least (the given on a tie).
    results = [_pruned(root, fonts, box, headless) for box in boxes]
    return min(results, key=lambda result: result[2])


def _pruned(root: MapNode, fonts: MapFonts, box, headless: bool = False) -> tuple[Geometry, MapNode, int]:
    """Fewest pruning steps that reach MIN_PT, found by bisection (more steps, smaller map)."""

    def attempt(steps: int):
        tree, cut = prune(root, steps)
        return fit(tree, fonts, box, headless), tree, cut

    low, high = 0, root.size() - 1
    best = attempt(high)
    if best[0].min_text_pt < MIN_PT:
        return best  # not even the centre alone fits; the caller warns
    while high - low > 1:
        middle = (low + high) // 2
        result = attempt(middle)
        if result[0].min_text_pt >= MIN_PT:
            high, best = middle, result
        else:
            low = middle
    return best
