"""Property test of the layout: from the real geometry, no label overlaps another, no connector
crosses a label, and everything lies inside the viewBox, for random outlines."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from booklet.mindmap import MIN_PT, MapNode, draw
from booklet.mindmap.layout import TIGHT, Geometry, fit, tier
from booklet.mindmap.metrics import face
from mindmap_support import FONTS, PALETTE

WORDS = st.one_of(
    st.text(alphabet=string.ascii_letters + "0123456789éüßøЖ–-'’()&", min_size=1, max_size=12),
    st.text(alphabet=string.ascii_letters, min_size=20, max_size=80),  # long unbroken words
)
LABELS = st.lists(WORDS, min_size=1, max_size=12).map(lambda words: " ".join(words)[:80].strip() or "x")
BOXES = st.sampled_from([(170.0, 247.0), (247.0, 170.0), (120.0, 90.0), (60.0, 60.0)])


@st.composite
def outlines(draw_value, max_nodes=60, max_depth=4):
    count = draw_value(st.integers(1, max_nodes))
    labels = draw_value(st.lists(LABELS, min_size=count, max_size=count))
    depth, children = [0], {0: []}
    for index in range(1, count):
        parent = draw_value(st.sampled_from([j for j in range(index) if depth[j] < max_depth]))
        depth.append(depth[parent] + 1)
        children[parent].append(index)
        children[index] = []

    def build(index: int) -> MapNode:
        return MapNode(labels[index], tuple(build(child) for child in children[index]))

    return build(0)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bezier(points, t):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    return (u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
            u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3)


def check_geometry(geometry: Geometry) -> None:
    labels = geometry.labels
    # Measured text fits its label's box.
    for label in labels:
        look = tier(label.depth)  # TIGHT differs in sizes and gaps only: the same paddings
        metrics = face(FONTS, label.bold)
        assert 1 <= len(label.lines) <= 2 and all(label.lines)
        for line in label.lines:
            assert metrics.width(line, label.size) <= label.width - 2 * look.pad_x + 1e-6, label
    # No two label boxes overlap.
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a.rect, b.rect), (a, b)
    # No connector passes through a label other than its two ends', strokes included.
    for connector in geometry.connectors:
        half = connector.width / 2
        samples = [_bezier(connector.points, step / 48) for step in range(49)]
        for index, label in enumerate(labels):
            if index in (connector.parent, connector.child):
                continue
            x0, y0, x1, y1 = label.rect
            for x, y in samples:
                assert not (x0 - half < x < x1 + half and y0 - half < y < y1 + half), (connector, label)
        # Each connector starts on its parent's box and ends on its child's.
        start, end = connector.points[0], connector.points[-1]
        for point, owner in ((start, labels[connector.parent]), (end, labels[connector.child])):
            x0, y0, x1, y1 = owner.rect
            assert x0 - 1e-6 <= point[0] <= x1 + 1e-6 and y0 - 1e-6 <= point[1] <= y1 + 1e-6
    # Everything inside the viewBox; a Bézier stays inside the hull of its control points.
    for label in labels:
        x0, y0, x1, y1 = label.rect
        assert 0 <= x0 and x1 <= geometry.width and 0 <= y0 and y1 <= geometry.height, label
    for connector in geometry.connectors:
        half = connector.width / 2
        for x, y in connector.points:
            assert half <= x <= geometry.width - half and half <= y <= geometry.height - half


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(root=outlines(), box=BOXES, rotate=st.booleans())
def test_random_maps_never_overlap_and_stay_inside(root, box, rotate):
    mind_map = draw(root, fonts=FONTS, palette=PALETTE, box_mm=box, id_prefix="p", title="t", rotate=rotate)
    geometry = mind_map.geometry
    event(f"nodes {(root.size() - 1) // 15 * 15}+, pruned {bool(mind_map.pruned)}, landscape {mind_map.landscape}")
    check_geometry(geometry)
    # One label per node kept, plus the "+N more" leaves; one connector per non-centre label.
    assert len(geometry.connectors) == len(geometry.labels) - 1
    assert sum(label.kind == "centre" for label in geometry.labels) == 1
    if mind_map.pruned:
        assert any(label.kind == "more" for label in geometry.labels)
        assert mind_map.warnings
    # It prints at the minimum size or better, unless the box is hopeless (then a warning says so).
    assert mind_map.leaf_pt >= MIN_PT - 1e-6 or any("too small" in w for w in mind_map.warnings)
    # The map is as wide as the box at its scale, and never taller.
    width_mm, height_mm = mind_map.box_mm
    assert abs(geometry.width * geometry.scale - width_mm * 72 / 25.4) < 1e-6
    assert geometry.height * geometry.scale <= height_mm * 72 / 25.4 + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(root=outlines(), box=BOXES, headless=st.booleans())
def test_tight_maps_never_overlap_either(root, box, headless):
    # The look a map takes before it is split: centre and branches smaller, less room after them.
    geometry = fit(root, FONTS, box, headless, tight=True)
    check_geometry(geometry)
    sizes = {label.depth: label.size for label in geometry.labels}
    assert all(sizes[depth] == TIGHT[depth].size for depth in sizes if depth < 2)


@pytest.mark.parametrize("tight", [False, True])
def test_a_headless_map_with_nothing_under_its_root_is_an_empty_drawing_not_a_crash(tight):
    # Found by the property test above: min() of no labels raised ValueError.
    geometry = fit(MapNode("Nothing here"), FONTS, (170.0, 247.0), True, tight=tight)
    assert geometry.labels == () and geometry.connectors == () and geometry.width > 0
