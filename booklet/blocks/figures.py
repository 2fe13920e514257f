"""Key figures: `- **65%** — caption (source)` items become a grid of figure cards."""

from __future__ import annotations

import re

from lxml import etree

from ..errors import Reporter, SourceLocation
from . import tree as t
from .model import KeyFigure

_SEPARATOR = re.compile(r"^\s*[—–:=-]?\s*")
LONG_VALUE = 9  # characters; longer values ("21 October 2024") get a smaller type size
EXAMPLE = "- **65%** — what the figure is (source, year)"


def build(block: etree._Element, topic_id: str, box_id: str, card_ids: list[str], locate,
          reporter: Reporter, title: str = "Key figures") -> tuple[etree._Element | None, list[KeyFigure]]:
    """The cards element replacing `block`, and its figures; None when the block is empty.
    `title`: the box's title when the block gives none (the booklet's label)."""
    where = locate(block)
    found_items = items(block)
    if not found_items:
        reporter.warning(f"this figures block is empty: list each figure as '{EXAMPLE}'", where)
        return None, []
    box = t.new("div", "key-figures", id=box_id)
    box.append(t.new("p", "key-figures-title", block.get("data-title") or title))
    cards = t.new("ul", "figure-cards")
    figures = []
    lines = locate.item_lines(block)
    for index, item in enumerate(found_items):
        line = lines[index] if index < len(lines) else where
        figure, card = _card(item, topic_id, card_ids[index], line, reporter)
        cards.append(card)
        figures.append(figure)
    intro = [c for c in block if c.tag not in ("ul", "ol") and c.get("class") != "admonition-title"]
    for element in intro:
        box.append(element)
    box.append(cards)
    return box, figures


def items(block: etree._Element) -> list[etree._Element]:
    for child in block:
        if child.tag in ("ul", "ol"):
            return [li for li in child if li.tag == "li"]
    return []


def _card(item: etree._Element, topic_id: str, card_id: str, where: SourceLocation,
          reporter: Reporter) -> tuple[KeyFigure, etree._Element]:
    holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
    value_element = holder[0] if len(holder) and not (holder.text or "").strip() else None
    card = t.new("li", "figure-card", id=card_id)
    caption = t.new("p", "figure-caption")
    value = ""
    if value_element is not None and value_element.tag in ("strong", "b"):
        value = t.text_of(value_element)
        caption.text = _SEPARATOR.sub("", value_element.tail or "", count=1)
        value_element.tail = None
        holder.remove(value_element)
        for child in list(holder):
            caption.append(child)
    else:
        reporter.warning(f"this figure has no bold value: start the item with the figure in bold, "
                         f"as in '{EXAMPLE}'", where)
        t.move_content(holder, caption)
    if holder is not item:
        for extra in list(item)[1:]:
            caption.append(extra)
    source = _split_source(caption)
    if value:
        long = " figure-value-long" if len(value) > LONG_VALUE else ""
        card.append(t.new("p", "figure-value" + long, value))
    card.append(caption)
    if source:
        card.append(t.new("p", "figure-source", source))
    figure = KeyFigure(card_id, topic_id, value, t.inner_html(caption), t.text_of(caption), source, where)
    return figure, card


def _split_source(caption: etree._Element) -> str:
    """Take a trailing "(…)" off the caption: the figure's source, shown on its own line."""
    text = "".join(caption.itertext()).rstrip()
    if not text.endswith(")"):
        return ""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            break
    else:
        return ""
    source = " ".join(text[index + 1:-1].split())
    full = "".join(caption.itertext())
    t.trim_end(caption, len(full) - index)
    t.trim_end(caption, len("".join(caption.itertext())) - len("".join(caption.itertext()).rstrip()))
    return source
