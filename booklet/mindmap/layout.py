"""Two-sided tidy-tree geometry of a map, in points at natural size, measured with real font metrics."""

# Why nothing can overlap: every subtree is laid out as a block, a horizontal band that holds
# its label and, further out, its children's blocks; sibling blocks are stacked with a gap, so
# their bands never meet. A connector runs from its parent's outer edge across the empty gap
# before the children's column, and its y stays between its two ends, inside the parent's band,
# where no other label can be.

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import fragcache

from .metrics import MapFonts, face, wrap
from .tree import MapNode, clean_label

PT_PER_MM = 72 / 25.4
LINE = 1.22  # line pitch, in em
MARGIN = 5.0  # around the drawing, room for strokes
SLACK = 1.1  # how far past its wrap width a label may run before it is wrapped
MAX_SCALE = 1.2  # a small map is not blown up past 12 pt leaves
ONE_SIDED_COST = 1.15  # every branch on one side only when that prints text this much larger


@dataclass(frozen=True)
class Tier:
    """The look of labels at one depth."""

    size: float
    bold: bool
    pad_x: float
    pad_top: float
    pad_bottom: float
    boxed: bool  # a rounded box (centre, branches) or text on an underline (leaves)
    stroke: float  # width of the connector that reaches the label
    gap_after: float  # horizontal gap to the label's children
    gap_between: float  # vertical gap between this label's block and its siblings'


TIERS = (
    # Boxed text sits a little above the middle: lower-case letters would look low otherwise.
    Tier(15.0, True, 10.0, 5.5, 7.0, True, 0.0, 28.0, 0.0),  # centre
    Tier(11.5, True, 7.0, 3.2, 4.3, True, 2.4, 20.0, 12.0),  # branches
    Tier(10.0, False, 2.0, 1.0, 3.0, False, 1.4, 16.0, 4.0),  # leaves
    Tier(9.5, False, 2.0, 1.0, 3.0, False, 1.1, 14.0, 3.0),  # deeper leaves
)

# A map that misses the minimum print size by a little is drawn tight before it is split: the
# centre and branches closer to the leaves' size, with less room after them. Paddings stay, so
# a label's box is laid out the same way at either look.
TIGHT = (replace(TIERS[0], size=12.0, gap_after=20.0), replace(TIERS[1], size=10.5, gap_after=15.0),
         *TIERS[2:])

# Wrap widths in em of (centre, branch, leaf) tried when fitting: narrow labels make a taller,
# thinner map, which suits a portrait box; wide labels suit a landscape one.
WRAPS = (
    (7.0, 6.5, 8.0), (8.0, 7.5, 9.5), (9.0, 8.0, 11.0),
    (10.0, 9.0, 13.0), (11.0, 10.0, 15.0), (12.0, 11.0, 18.0),
)
# The widest wrap (em) of (centre, branch, leaf) a label may take rather than lose words: a long
# title or heading stays whole on two lines, at some cost in scale; only longer ones are shortened.
LONGEST = (16.0, 13.5, 18.0)


def tier(depth: int, tiers: tuple[Tier, ...] = TIERS) -> Tier:
    return tiers[min(depth, len(tiers) - 1)]


@dataclass(frozen=True)
class Label:
    """A placed label: its box (the rectangle nothing else may enter) and its lines of text."""

    kind: str  # "centre", "branch", "leaf", "more" or "collapsed" (a branch continued elsewhere)
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    baselines: tuple[float, ...]
    text_x: float
    anchor: str  # SVG text-anchor: "start", "middle" or "end"
    size: float
    bold: bool
    boxed: bool
    branch: int  # index of the branch it belongs to, -1 for the centre and "+N more" branches
    side: int  # 1 right, -1 left, 0 centre
    depth: int
    truncated: bool

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.width, self.y + self.height)


@dataclass(frozen=True)
class Connector:
    """A cubic Bézier from a parent's outer edge to its child's inner edge."""

    points: tuple[tuple[float, float], ...]  # P0, P1, P2, P3
    parent: int  # index into Geometry.labels
    child: int
    branch: int
    width: float


@dataclass(frozen=True)
class Geometry:
    """Everything drawn, in viewBox units; one unit prints as `scale` pt."""

    labels: tuple[Label, ...]
    connectors: tuple[Connector, ...]
    width: float
    height: float
    scale: float
    box_mm: tuple[float, float]

    @property
    def min_text_pt(self) -> float:
        """Printed size of the smallest text, the measure of legibility."""
        return self.scale * min((label.size for label in self.labels), default=TIERS[0].size)

    @property
    def truncated(self) -> int:
        return sum(label.truncated for label in self.labels)


# ---------------------------------------------------------------- measuring and blocks

@dataclass(frozen=True)
class _Measure:
    lines: tuple[str, ...]
    truncated: bool
    width: float
    height: float
    attach: float  # y of the connector's end, from the top of the label
    baseline: float  # y of the first baseline, from the top of the label


@lru_cache(maxsize=32768)
def _measure(label: str, depth: int, em: float, fonts: MapFonts, tiers: tuple[Tier, ...] = TIERS) -> _Measure:
    look = tier(depth, tiers)
    metrics = face(fonts, look.bold)
    text = clean_label(label) or "?"
    lines: tuple[str, ...] = (text,)
    truncated = False
    # A label barely over the wrap width stays whole: a stubby second line reads worse.
    if metrics.width(text, look.size) > SLACK * em * look.size:
        # A label that two lines of `em` cannot hold whole (every word kept, none broken) may
        # take a wider wrap; only what the widest wrap cannot hold is broken or shortened.
        widths = {wraps[min(depth, 2)] for wraps in WRAPS} | {LONGEST[min(depth, 2)]}
        for width in sorted({em, *(width for width in widths if width > em)}):
            lines, truncated = wrap(text, metrics, look.size, width * look.size)
            if not truncated and " ".join(lines) == text:
                break
    text_width = max(metrics.width(line, look.size) for line in lines)
    pitch = LINE * look.size
    height = look.pad_top + len(lines) * pitch + look.pad_bottom
    width = text_width + 2 * look.pad_x
    # Half-leading model, as CSS: the ascent-descent box of each line is centred in its pitch.
    baseline = look.pad_top + (pitch - (metrics.ascent + metrics.descent) * look.size) / 2
    baseline += metrics.ascent * look.size
    return _Measure(lines, truncated, width, height, height / 2 if look.boxed else height, baseline)


@dataclass(frozen=True)
class _Block:
    """A subtree laid out relative to its own band: top at 0, inner edge at 0."""

    node: MapNode
    depth: int
    measure: _Measure
    top: float  # of the label within the band
    height: float
    width: float  # from the inner edge of the label to the outer edge of the deepest label
    children: tuple[tuple[float, "_Block"], ...]  # (top of the child's band, child)


def _block(node: MapNode, depth: int, wraps: tuple[float, ...], fonts: MapFonts,
           tiers: tuple[Tier, ...] = TIERS) -> _Block:
    measure = _measure(node.label, depth, wraps[min(depth, 2)], fonts, tiers)
    if not node.children:
        return _Block(node, depth, measure, 0.0, measure.height, measure.width, ())
    kids = [_block(child, depth + 1, wraps, fonts, tiers) for child in node.children]
    gap = tier(depth + 1, tiers).gap_between
    tops, y = [], 0.0
    for kid in kids:
        tops.append(y)
        y += kid.height + gap
    span = y - gap
    first = tops[0] + kids[0].top + kids[0].measure.attach
    last = tops[-1] + kids[-1].top + kids[-1].measure.attach
    # The parent sits centred on its children's connector ends; if it is taller than they
    # are, the children move down instead of the parent poking out of the band.
    top = (first + last) / 2 - measure.attach
    shift = max(0.0, -top)
    top += shift
    height = max(top + measure.height, span + shift)
    width = measure.width + tier(depth, tiers).gap_after + max(kid.width for kid in kids)
    children = tuple((t + shift, kid) for t, kid in zip(tops, kids))
    return _Block(node, depth, measure, top, height, width, children)


# ---------------------------------------------------------------- splitting into two sides

@dataclass(frozen=True)
class _Plan:
    """Blocks of each side and the size of the whole drawing, before placing."""

    centre: _Measure
    right: tuple[tuple[int, _Block], ...]  # (branch index, block), top to bottom
    left: tuple[tuple[int, _Block], ...]
    width: float
    height: float
    headless: bool = False
    tiers: tuple[Tier, ...] = TIERS


_NO_CENTRE = _Measure((), False, 0.0, 0.0, 0.0, 0.0)


def _side_size(blocks) -> tuple[float, float]:
    if not blocks:
        return 0.0, 0.0
    gap = TIERS[1].gap_between
    height = sum(block.height for _, block in blocks) + gap * (len(blocks) - 1)
    return max(block.width for _, block in blocks), height


def _plan(root: MapNode, wraps, fonts: MapFonts, one_sided: bool = False, headless: bool = False,
          tiers: tuple[Tier, ...] = TIERS, blocks: tuple[tuple[int, _Block], ...] | None = None) -> _Plan:
    """The clockwise split of the branches that best balances the two sides: the first k on
    the right, top to bottom, the rest on the left, bottom to top, as XMind and most
    hand-drawn maps read. Both sides are used as soon as there are two branches, unless
    `one_sided`: every branch on the right, for a box too narrow for two sides (an A5 page).
    A `headless` plan has no centre: its branches stand one under another, on one side (the
    continuation pages of a split map, whose page title is the centre)."""
    centre = _NO_CENTRE if headless else _measure(root.label, 0, wraps[0], fonts, tiers)
    one_sided = one_sided or headless
    if blocks is None:
        blocks = _branches(root, wraps, fonts, tiers)
    gap = TIERS[1].gap_between
    heights = [block.height + gap for _, block in blocks]
    total = sum(heights)
    best_k, best_key, above = len(blocks), None, 0.0
    for k in range(1, 1 if one_sided else len(blocks)):
        above += heights[k - 1]
        right_h, left_h = above - gap, total - above - gap
        # The shorter the taller side the better, then the more even, then more on the right.
        # Width is left out on purpose: minimising it piles every wide branch on one side,
        # and a lopsided map reads worse than a slightly smaller one.
        key = (round(max(right_h, left_h), 6), round(abs(right_h - left_h), 6), -k)
        if best_key is None or key < best_key:
            best_k, best_key = k, key
    right, left = tuple(blocks[:best_k]), tuple(reversed(blocks[best_k:]))
    (right_w, right_h), (left_w, left_h) = _side_size(right), _side_size(left)
    reach = centre.width / 2 + (tiers[0].gap_after if not headless else 0.0)
    width = (reach + right_w if right else centre.width / 2) + (reach + left_w if left else centre.width / 2)
    height = max(centre.height, right_h, left_h)
    return _Plan(centre, right, left, width + 2 * MARGIN, height + 2 * MARGIN, headless, tiers)


@lru_cache(maxsize=256)
def _branches(root: MapNode, wraps, fonts: MapFonts, tiers: tuple[Tier, ...]) -> tuple[tuple[int, _Block], ...]:
    # Remembered: a map is fitted to the portrait and the landscape box (and a split map's trees
    # again), and its blocks do not depend on the box. Blocks are frozen, and so is what is kept.
    return tuple((index, _block(child, 1, wraps, fonts, tiers)) for index, child in enumerate(root.children))


def _scale(plan: _Plan, box_pt: tuple[float, float]) -> float:
    return min(MAX_SCALE, box_pt[0] / plan.width, box_pt[1] / plan.height)


def fit(root: MapNode, fonts: MapFonts, box_mm: tuple[float, float], headless: bool = False,
        tight: bool = False) -> Geometry:
    """The best layout of root for a box: wrap width and side split chosen for the largest text;
    `headless` leaves the centre out (see _plan); `tight` draws it with the TIGHT look."""
    tiers = TIGHT if tight else TIERS
    box_pt = (box_mm[0] * PT_PER_MM, box_mm[1] * PT_PER_MM)
    candidates = [(one_sided, wraps) for one_sided in ((True, False) if len(root.children) > 1 and not headless
                                                       else (headless,)) for wraps in WRAPS]

    def plan(n: int) -> _Plan:
        one_sided, wraps = candidates[n]
        return _plan(root, wraps, fonts, one_sided, headless, tiers, _branches(root, wraps, fonts, tiers))

    def best() -> int:
        chosen, top = 0, None
        for n, (one_sided, _) in enumerate(candidates):
            made = plan(n)
            # Every label cut short costs: the student loses words, not just a little size.
            # Wider wraps win ties (later in WRAPS): fewer lines read more easily, and two sides
            # win ties with one (tried last): a balanced map reads better.
            score = _scale(made, box_pt) * 0.85 ** _count_truncated(made)
            if one_sided and not headless:
                score /= ONE_SIDED_COST
            if top is None or score >= top - 1e-9:
                chosen, top = n, score
        return chosen

    # The choice is kept in the build's cache: the EPUB after the PDF lays out one candidate, not 12.
    chosen = fragcache.active().choice("mindmap-fit", _fit_inputs(root, fonts, box_mm, headless, tight),
                                       len(candidates), best)
    return _place(plan(chosen), box_pt, box_mm)


def _fit_inputs(root: MapNode, fonts: MapFonts, box_mm: tuple[float, float], headless: bool,
                tight: bool) -> tuple[str, ...]:
    """What a fit reads: the tree, the box, the look, and the font files (as the chunk cache keys
    the layout's files: path, size and modification time)."""
    files = []
    for path in (fonts.regular, fonts.bold, *(p for pair in fonts.fallbacks for p in pair)):
        try:
            info = os.stat(path)
            files.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            files.append(f"{path}:missing")
    return (repr(root), repr(fonts), *files, repr(tuple(box_mm)), str(headless), str(tight))


def _count_truncated(plan: _Plan) -> int:
    def count(block: _Block) -> int:
        return block.measure.truncated + sum(count(kid) for _, kid in block.children)

    return plan.centre.truncated + sum(count(block) for _, block in plan.right + plan.left)


# ---------------------------------------------------------------- placing

class _Placer:
    """Turns blocks into absolute labels and connectors, centre of the centre label at (0, 0)."""

    def __init__(self, tiers: tuple[Tier, ...]) -> None:
        self.labels: list[Label] = []
        self.connectors: list[Connector] = []
        self.tiers = tiers

    def label(self, measure: _Measure, depth: int, kind: str, x: float, y: float, branch: int, side: int) -> int:
        look = tier(depth, self.tiers)
        baselines = tuple(y + measure.baseline + i * LINE * look.size for i in range(len(measure.lines)))
        if look.boxed:
            text_x, anchor = x + measure.width / 2, "middle"
        elif side < 0:
            text_x, anchor = x + measure.width - look.pad_x, "end"
        else:
            text_x, anchor = x + look.pad_x, "start"
        self.labels.append(Label(
            kind, measure.lines, x, y, measure.width, measure.height, baselines, text_x, anchor,
            look.size, look.bold, look.boxed, branch, side, depth, measure.truncated,
        ))
        return len(self.labels) - 1

    def connect(self, parent: int, child: int, start, end, branch: int, depth: int) -> None:
        if parent < 0:
            return  # a headless map's branches hang from nothing
        middle = (start[0] + end[0]) / 2
        points = (start, (middle, start[1]), (middle, end[1]), end)
        self.connectors.append(Connector(points, parent, child, branch, tier(depth).stroke))

    def block(self, block: _Block, side: int, inner: float, top: float, branch: int, parent: int, start) -> None:
        """Place a block whose label's inner edge is `inner` units out from the centre."""
        measure = block.measure
        x = inner if side > 0 else -inner - measure.width
        y = top + block.top
        kind = "more" if block.node.more else ("branch" if block.depth == 1 else "leaf")
        if block.node.collapsed:
            kind = "collapsed"
        if block.node.more and block.depth == 1:
            branch = -1
        index = self.label(measure, block.depth, kind, x, y, branch, side)
        attach = y + measure.attach
        inner_edge, outer_edge = (x, x + measure.width) if side > 0 else (x + measure.width, x)
        self.connect(parent, index, start, (inner_edge, attach), branch, block.depth)
        out = (outer_edge, attach)
        outer = inner + measure.width + tier(block.depth, self.tiers).gap_after
        for child_top, kid in block.children:
            self.block(kid, side, outer, top + child_top, branch, index, out)


def _place(plan: _Plan, box_pt: tuple[float, float], box_mm: tuple[float, float]) -> Geometry:
    placer = _Placer(plan.tiers)
    centre = plan.centre
    centre_index = -1 if plan.headless else placer.label(
        centre, 0, "centre", -centre.width / 2, -centre.height / 2, -1, 0)
    inner = 0.0 if plan.headless else centre.width / 2 + plan.tiers[0].gap_after
    for side, blocks in ((1, plan.right), (-1, plan.left)):
        _, height = _side_size(blocks)
        top = -height / 2
        # Fan the branch connectors out along the centre's edge, in the order of their ends:
        # curves over the same gap with ordered ends never cross, and do not bundle into a rope.
        spread = max(0.0, min(centre.height / 2 - 6.0, 2.5 * (len(blocks) - 1)))
        for rank, (branch, block) in enumerate(blocks):
            y = -spread + 2 * spread * rank / (len(blocks) - 1) if len(blocks) > 1 else 0.0
            placer.block(block, side, inner, top, branch, centre_index, (side * centre.width / 2, y))
            top += block.height + TIERS[1].gap_between
    return _frame(placer, plan, box_pt, box_mm)


def _frame(placer: _Placer, plan: _Plan, box_pt, box_mm) -> Geometry:
    """Move the drawing into a viewBox at the origin, as wide as the box at the chosen scale, so
    that a width of 100% of the box prints it at exactly that scale and never too tall."""
    scale = _scale(plan, box_pt)
    # A headless map of a childless root (a continuation left with nothing) draws nothing at all.
    left = min((label.x for label in placer.labels), default=0.0)
    right = max((label.x + label.width for label in placer.labels), default=0.0)
    top = min((label.y for label in placer.labels), default=0.0)
    width = box_pt[0] / scale
    dx = (width - (right - left)) / 2 - left
    dy = MARGIN - top
    labels = tuple(_moved_label(label, dx, dy) for label in placer.labels)
    connectors = tuple(
        Connector(tuple((px + dx, py + dy) for px, py in c.points), c.parent, c.child, c.branch, c.width)
        for c in placer.connectors
    )
    return Geometry(labels, connectors, width, plan.height, scale, tuple(box_mm))


def _moved_label(label: Label, dx: float, dy: float) -> Label:
    return replace(
        label, x=label.x + dx, y=label.y + dy, text_x=label.text_x + dx,
        baselines=tuple(baseline + dy for baseline in label.baselines),
    )
