"""The automatic map of a topic: its outline (headings, list items, table rows) read from its HTML."""

from __future__ import annotations

from typing import Iterator

from lxml import etree, html as lxml_html

from .leads import first_words, lead_phrase, own_text
from .options import MapOptions
from .tree import MapNode, clean_label, more_node


def outline_from_html(title: str, fragment_html: str, options: MapOptions) -> MapNode | None:
    """Map of a topic: title at the centre, headings as branches, list lead phrases as leaves."""
    if not options.enabled or not fragment_html.strip():
        return None
    root = lxml_html.fragment_fromstring(fragment_html, create_parent="div")
    blocks = list(_blocks(root))
    level = next((n for n in (2, 3, 4) if any(el.tag == f"h{n}" for el in blocks)), None)
    if level is None:
        branches = _branches_from_lists(blocks, options)
    else:
        branches = _branches_from_headings(blocks, f"h{level}", f"h{level + 1}", options)
    if not branches:
        return None
    return MapNode(clean_label(options.centre or title) or "Topic", tuple(branches))


def _blocks(element: etree._Element) -> Iterator[etree._Element]:
    # Top-level blocks in order; plain <section> wrappers are looked through, other containers
    # (admonitions, tables) hold detail, not outline. A section with a class is a feature's
    # own (the practice questions gathered at the end of a topic), not the author's outline.
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "section" and not child.get("class"):
            yield from _blocks(child)
        else:
            yield child


def _branches_from_headings(blocks, branch_tag: str, leaf_tag: str, options: MapOptions) -> list[MapNode]:
    branches: list[tuple[str, list]] = []  # (label, leaves); a leaf is (label, [sub-leaf labels])
    heading_leaf: tuple[str, list] | None = None
    for element in blocks:
        if element.tag == branch_tag:
            branches.append((_heading_text(element), []))
            heading_leaf = None
        elif not branches or options.depth < 2:
            continue  # introduction before the first branch heading, or branches only
        elif element.tag == leaf_tag:
            heading_leaf = (_heading_text(element), [])
            branches[-1][1].append(heading_leaf)
        elif element.tag in ("ul", "ol", "table"):
            leads = _table_leads(element) if element.tag == "table" else _leads(element, options.depth >= 3)
            if heading_leaf is None:
                branches[-1][1].extend(leads)
            elif options.depth >= 3:
                heading_leaf[1].extend(label for label, _ in leads)
    return [_node(label, leaves, options) for label, leaves in branches if label]


def _branches_from_lists(blocks, options: MapOptions) -> list[MapNode]:
    # A topic without headings: its top-level list items (or table rows) are the branches.
    branches = []
    for element in blocks:
        if element.tag in ("ul", "ol"):
            for li in _items(element):
                leaves = _nested_leads(li, options.depth >= 3) if options.depth >= 2 else []
                branches.append(_node(lead_phrase(li), leaves, options))
        elif element.tag == "table":
            branches.extend(_node(label, [], options) for label, _ in _table_leads(element))
    return [branch for branch in branches if branch.label]


def _table_leads(table: etree._Element) -> list[tuple[str, list[str]]]:
    """A table's rows stand for it as list items do: each row's first cell, as a lead phrase.
    Header rows (all <th>) name the columns, not things to revise, and are left out."""
    leads: list[tuple[str, list]] = []
    for row in table.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        if cells and any(cell.tag == "td" for cell in cells):
            leads.append((first_words(clean_label("".join(own_text(cells[0])))), []))
    return [(label, subs) for label, subs in leads if label]


def _leads(lst: etree._Element, with_subs: bool) -> list[tuple[str, list[str]]]:
    """Lead phrases of a list's first-level items, each with its own items' leads if asked."""
    return [
        (lead_phrase(li), [label for label, _ in _nested_leads(li, False)] if with_subs else [])
        for li in _items(lst)
    ]


def _nested_leads(li: etree._Element, with_subs: bool) -> list[tuple[str, list[str]]]:
    return [lead for lst in li if lst.tag in ("ul", "ol") for lead in _leads(lst, with_subs)]


def _node(label: str, leaves: list, options: MapOptions) -> MapNode:
    children = [MapNode(text, tuple(MapNode(sub) for sub in subs if sub)) for text, subs in leaves if text]
    kept = children[: options.max_leaves]
    if len(children) > len(kept):
        kept.append(more_node(len(children) - len(kept)))
    return MapNode(label, tuple(kept))


def _items(lst: etree._Element) -> list[etree._Element]:
    return [child for child in lst if child.tag == "li"]


def _heading_text(element: etree._Element) -> str:
    return clean_label("".join(own_text(element, skip_lists=False)))
