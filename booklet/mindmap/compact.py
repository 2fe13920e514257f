"""Compact maps: a small outline's map drawn in a band above the topic's text, not on a page of its own."""

from __future__ import annotations

from typing import Sequence

from .drawing import MindMap, draw
from .metrics import MapFonts
from .tree import MapNode

# A threshold decides: at most this many labels, drawn in this share of the page's height, with
# the smallest text at least this large there.
COMPACT_LABELS = 8
COMPACT_SHARE = 0.4
COMPACT_PT = 8.5


def compact_map(root: MapNode, *, fonts: MapFonts, palette: Sequence[str], page_mm: tuple[float, float],
                ids: tuple[str, str], title: str) -> MindMap | None:
    """The map of a small outline for a band of a page whose text area is `page_mm`, if it is
    small enough and still prints at COMPACT_PT there; else None (it gets a page of its own)."""
    if root.size() - 1 > COMPACT_LABELS:
        return None
    width, height = page_mm
    mind_map = draw(root, fonts=fonts, palette=palette, box_mm=(width, round(height * COMPACT_SHARE, 1)),
                    id_prefix=ids[0], described_by=ids[1], title=title, rotate=False)
    return mind_map if not mind_map.pruned and mind_map.leaf_pt >= COMPACT_PT else None
