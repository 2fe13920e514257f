"""Explicit `mindmap` blocks: found in a note's raw lines (for line numbers), removed from its HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..source import Source, classify

_CALLOUT_TEXT = re.compile(r"^\s*\[!mindmap\]", re.IGNORECASE)  # in rendered text, not the source


@dataclass(frozen=True)
class Block:
    """One explicit block: where it opens and its list lines, as (source line, text)."""

    line: int  # line of the opener in the topic's source (1-based)
    syntax: str  # "admonition" or "callout"
    lines: tuple[tuple[int, str], ...]


def find(text: str | Source) -> list[Block]:
    """Every mindmap block of a note body outside code fences, in order (`!!! mindmap` or
    `> [!mindmap]`, an optional title after it)."""
    structure = text if isinstance(text, Source) else classify(text)
    blocks: list[Block] = []
    for opener in structure.openers(kind="mindmap"):
        if opener.quotes != (opener.opener.form == "callout"):
            continue  # a callout inside a quote: drawn by nobody, reported by the finisher
        if blocks and blocks[-1].lines and opener.number <= blocks[-1].lines[-1][0]:
            continue  # inside the block before
        blocks.append(Block(opener.number, opener.opener.form, tuple(structure.body(opener.number))))
    return blocks


def remove_rendered(tree: etree._Element) -> list[int | None]:
    """Take the rendered mindmap blocks out of a fragment, whichever way they were rendered:
    a revision-blocks `mindmap-block` div, a stock `admonition mindmap` div, or a top-level
    blockquote that opens with `[!mindmap]`. Returns each one's source line where the
    renderer recorded it (`data-line`), else None."""
    found = [element for element in tree.iter("div") if _is_block_div(element)]
    lines = [int(e.get("data-line")) if (e.get("data-line") or "").isdigit() else None for e in found]
    for element in found:
        _remove(element)
    callouts = [element for element in tree if element.tag == "blockquote" and _is_callout(element)]
    for element in callouts:
        _remove_callout(element)
    return lines + [None] * len(callouts)


def _remove_callout(quote: etree._Element) -> None:
    """Python-Markdown joins quotes that only a blank line parts, so a quote after the callout
    may share its blockquote: take out the callout's paragraph and its lists, keep the rest."""
    children = [child for child in quote if isinstance(child.tag, str)]
    taken = 1 if quote.text and quote.text.strip() else 0
    if not taken and children:
        taken = 1
        while taken < len(children) and children[taken].tag in ("ul", "ol", "pre"):
            taken += 1
    rest = children[taken:]
    if not rest or (quote.text and quote.text.strip()):
        _remove(quote)
        return
    quote.text = None
    for child in children[:taken]:
        _remove(child)


def _is_block_div(element: etree._Element) -> bool:
    classes = set((element.get("class") or "").split())
    return "mindmap-block" in classes or {"admonition", "mindmap"} <= classes


def _is_callout(element: etree._Element) -> bool:
    first = next((child for child in element if isinstance(child.tag, str)), None)
    text = (element.text or "").strip() or ("".join(first.itertext()) if first is not None else "")
    return bool(text) and bool(_CALLOUT_TEXT.match(text))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
