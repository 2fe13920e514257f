"""Pruning a tree that does not fit: leaves of the largest branches cut first, counted in "+N more"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .tree import MapNode, more_node


@dataclass
class _Cut:
    """Mutable copy of a tree while nodes are cut from it."""

    label: str
    children: list["_Cut"]
    more: int = 0  # children already cut from this node
    collapsed: bool = False

    @classmethod
    def of(cls, node: MapNode) -> "_Cut":
        # "+N more" leaves already in the tree fold into their parent's count.
        children = [cls.of(child) for child in node.children if not child.more]
        return cls(node.label, children, sum(child.more for child in node.children), node.collapsed)

    def size(self) -> int:
        return 1 + sum(child.size() for child in self.children)

    def freeze(self) -> MapNode:
        children = tuple(child.freeze() for child in self.children)
        if self.more:
            children += (more_node(self.more),)
        return MapNode(self.label, children, collapsed=self.collapsed)


def prune(root: MapNode, steps: int) -> tuple[MapNode, int]:
    """Cut `steps` times, leaves of the largest branches first; return the tree and nodes cut.

    Each parent that loses children gets one "+N more" leaf counting the children it lost.
    """
    work = _Cut.of(root)
    cut = 0
    for path in _cut_sequence(root)[:steps]:
        parent = work
        for index in path:
            parent = parent.children[index]
        child = parent.children.pop()
        parent.more += 1  # "+N more" counts siblings left out, as a reader of that list expects
        cut += child.size()
    return work.freeze(), cut


@lru_cache(maxsize=8)
def _cut_sequence(root: MapNode) -> tuple[tuple[int, ...], ...]:
    """Where each successive cut happens, as paths of child indexes from the centre. Worked out
    once per tree: fitting bisects over the number of cuts, replaying a prefix each time."""
    work = _Cut.of(root)
    paths: list = []
    while True:
        found = _parent_to_cut(work, _saves_room) or _parent_to_cut(work, lambda node: bool(node.children))
        if found is None:
            return tuple(paths)
        parent, path = found
        parent.children.pop()
        parent.more += 1
        paths.append(path)


def _saves_room(node: _Cut) -> bool:
    # Swapping a lone child for "+1 more" frees nothing; a cut pays once a "+N more" is there
    # to absorb it, or will pay on the next cut.
    return len(node.children) >= 2 or (bool(node.children) and node.more > 0)


def _parent_to_cut(root: _Cut, allowed):
    """Deepest allowed parent in the largest branch that has one, else the centre if allowed;
    with its path."""
    best, best_key = None, None
    for index, branch in enumerate(root.children):
        found = _deepest(branch, (index,), allowed)
        # Largest branch first; on a tie the later one, so earlier (usually key) branches stay whole.
        key = (branch.size(), index)
        if found is not None and (best_key is None or key > best_key):
            best, best_key = found, key
    if best is None and allowed(root):
        return root, ()
    return best


def _deepest(branch: _Cut, path: tuple[int, ...], allowed):
    # The deepest parent has only leaves below it: cutting there removes one leaf.
    best, best_key = None, None
    pending = [(branch, path)]
    for order, (node, node_path) in enumerate(pending):  # grows while read: breadth first
        if allowed(node):
            key = (len(node_path), len(node.children), order)
            if best_key is None or key > best_key:
                best, best_key = (node, node_path), key
        pending.extend((child, node_path + (i,)) for i, child in enumerate(node.children))
    return best
