"""The tree a map shows: built from a topic's HTML or from an explicit list, pruned, and told as text."""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from lxml import etree, html as lxml_html

from ..source import list_item
from .options import MapOptions

LEAD_WORDS = 5  # "the first few words" of a list item without a bold run
LEAD_CHARS = 40
LEAD_MAX = 44  # a whole clause or phrase up to this long is a lead phrase: two lines of a narrow leaf
# Where a clause ends: a colon, a spaced dash, a semicolon, a full stop, a bracket, a comma.
BOLD_MAX = 70  # the longest lead phrase: two lines of the widest leaf
_CLAUSE = re.compile(r":\s|\s[–—]\s|;\s|\.\s|\s\(|,\s")
# Words that open a new phrase inside a clause: a lead phrase may stop just before them.
_PHRASE_STARTS = {"in", "on", "at", "by", "for", "from", "to", "with", "without", "through", "between",
                  "into", "than", "while", "which", "who", "whose", "that", "because", "since", "after",
                  "before", "during", "under", "over", "against", "as", "so", "but", "including", "where",
                  "when", "via", "despite", "although", "though", "unless", "until", "beyond", "across"}
# Words a shortened phrase should not end on: "Kudankulam nuclear plant in…" reads as broken.
_DANGLING = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
             "the", "to", "with", "between", "is", "are", "was", "were"}


@dataclass(frozen=True)
class MapNode:
    """One label of the map and its children, in reading order."""

    label: str
    children: tuple["MapNode", ...] = ()
    more: int = 0  # when > 0 this leaf stands for that many siblings left out: "+N more"
    collapsed: bool = False  # a branch whose leaves are drawn on another page of a split map

    def size(self) -> int:
        """Number of nodes in this subtree, itself included."""
        return 1 + sum(child.size() for child in self.children)


def more_node(count: int) -> MapNode:
    return MapNode(f"+{count} more", (), count)


class MapSyntaxError(ValueError):
    """A malformed explicit mindmap block; `line` is the source line of the fault."""

    def __init__(self, message: str, line: int | None):
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.message = message
        self.line = line


class MapSyntaxWarning(UserWarning):
    """An explicit block that is legal but makes a poor map (empty, flat)."""


Warn = Callable[[str, "int | None"], None]


def clean_label(text: str) -> str:
    """Collapse white space and drop characters XML cannot hold."""
    text = "".join(char if _xml_char(char) else " " if char.isspace() else "" for char in text)
    return " ".join(text.split())


def _xml_char(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return False
    return not (0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or 0x7F <= code <= 0x9F)


# ---------------------------------------------------------------- automatic map from HTML

_SKIP_CLASSES = {"headerlink", "footnote-ref", "footnote-backref"}


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
                branches.append(_node(_lead_phrase(li), leaves, options))
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
            leads.append((_first_words(clean_label("".join(_own_text(cells[0])))), []))
    return [(label, subs) for label, subs in leads if label]


def _leads(lst: etree._Element, with_subs: bool) -> list[tuple[str, list[str]]]:
    """Lead phrases of a list's first-level items, each with its own items' leads if asked."""
    return [
        (_lead_phrase(li), [label for label, _ in _nested_leads(li, False)] if with_subs else [])
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
    return clean_label("".join(_own_text(element, skip_lists=False)))


def _own_text(element: etree._Element, skip_lists: bool = True) -> Iterator[str]:
    """Text of an element, leaving out nested lists and permalink/footnote marks."""
    yield element.text or ""
    for child in element:
        skipped = (
            not isinstance(child.tag, str)
            or (skip_lists and child.tag in ("ul", "ol"))
            or _SKIP_CLASSES & set((child.get("class") or "").split())
        )
        if not skipped:
            yield " " if child.tag in ("p", "br", "div") else ""
            yield from _own_text(child, skip_lists)
        yield child.tail or ""


def _lead_phrase(li: etree._Element) -> str:
    """The bold run that opens a list item if it has one, else its first few words.

    A bold word further on ("Russia's share of **imports** fell…") marks emphasis, not the
    item's subject, so it does not stand for the item."""
    for strong in li.iter("strong", "b"):
        if not _inside_nested_list(strong, li):
            bold = clean_label("".join(_own_text(strong)))
            if bold and _opens(strong, li):
                # The author's own lead: whole unless very long.
                return bold.rstrip(".:;,") if len(bold) <= BOLD_MAX else _first_words(bold)
            break
    return _first_words(clean_label("".join(_own_text(li))))


def _opens(element: etree._Element, li: etree._Element) -> bool:
    """Whether only white space and punctuation come before element in li."""
    before = "".join(
        text for text in element.xpath("preceding::text()")
        if _within(text.getparent(), li) and not (text.is_tail and text.getparent() is li)
    )
    return not before.strip(" \t\n\"'“‘([:–—-")


def _within(element: etree._Element | None, ancestor: etree._Element) -> bool:
    while element is not None:
        if element is ancestor:
            return True
        element = element.getparent()
    return False


def _inside_nested_list(element: etree._Element, li: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not li:
        if parent.tag in ("ul", "ol"):
            return True
        parent = parent.getparent()
    return False


def _first_words(text: str) -> str:
    """The item's lead phrase: all of a short item; else its first clause (before a colon, dash,
    bracket, comma or full stop) when that is short enough to read as a label; else that clause
    cut before a word that starts a phrase ("Settle payments in national currencies | through
    …"); only failing all of these, its first few words and an ellipsis."""
    words = text.split(" ")
    if len(words) <= LEAD_WORDS and len(text) <= LEAD_CHARS:
        return text.rstrip(".:;,")
    clause = _CLAUSE.split(text, maxsplit=1)[0].rstrip(".:;,")
    for limit in (LEAD_MAX, BOLD_MAX):  # short if possible; a longer whole phrase over a fragment
        if len(clause) <= limit and clause.strip():
            return clause
        phrase = _phrase(clause.split(" "), limit)
        if phrase:
            return phrase
    kept: list[str] = []
    for word in words[:LEAD_WORDS]:
        if kept and len(" ".join(kept + [word])) > LEAD_CHARS:
            break
        kept.append(word)
    while len(kept) > 1 and (kept[-1].lower().strip(",;:.(") in _DANGLING or _opens_bracket(kept)):
        kept.pop()
    return " ".join(kept)[:LEAD_CHARS].rstrip(" ,;:.–—-/(&") + "…"


def _phrase(words: list[str], limit: int) -> str:
    """The longest opening of a clause that ends where a new phrase begins, short enough."""
    for cut in range(len(words) - 1, 1, -1):
        head = " ".join(words[:cut])
        if (words[cut].lower() in _PHRASE_STARTS and len(head) <= limit
                and words[cut - 1].lower().strip(",;:.") not in _DANGLING and not _opens_bracket(words[:cut])):
            return head.rstrip(".:;,")
    return ""


def _opens_bracket(words: list[str]) -> bool:
    # "frameworks early (the…" reads as broken: a phrase does not end inside a bracket it opened.
    text = " ".join(words)
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


# ---------------------------------------------------------------- explicit map from a list


@dataclass
class _Open:
    """A list item still open for children while the block is read."""

    indent: int
    content: int  # column where the item's text starts
    label: str
    line: int
    children: list["_Open"] = field(default_factory=list)

    def freeze(self) -> MapNode:
        return MapNode(clean_label(_plain(self.label)), tuple(child.freeze() for child in self.children))


def outline_from_list(lines: Iterable[tuple[int, str]], warn: Warn | None = None) -> MapNode | None:
    """Tree of an explicit mindmap block: a nested Markdown list whose first item is the centre.

    lines are (source line number, raw text). Raises MapSyntaxError for a malformed list;
    reports an empty or flat list through warn(message, line) (default: warnings.warn).
    Returns None for an empty block.
    """
    warn = warn or _python_warning
    lines = [(number, text.expandtabs(4).rstrip()) for number, text in lines]
    stack: list[_Open] = []
    root: _Open | None = None
    unit = None  # indentation step of the block, learnt from its first nested item
    flat_reported = False
    for number, text in lines:
        if not text.strip():
            continue
        match = list_item(text)
        if match is None:
            if stack and _indent(text) > stack[-1].indent:
                stack[-1].label += " " + text.strip()  # continuation of the item above
                continue
            raise MapSyntaxError("expected a list item such as '- Label' in a mindmap block", number)
        indent, label = match.indent, match.text.strip()
        if not clean_label(_plain(label)):
            raise MapSyntaxError("empty list item in a mindmap block", number)
        item = _Open(indent, match.content, label, number)
        if root is None:
            root = item
            stack = [item]
            continue
        if indent < root.indent:
            raise MapSyntaxError("list item is indented less than the first item (the centre)", number)
        while stack and stack[-1].indent >= indent:
            stack.pop()
        if not stack:
            # A sibling of the centre: keep it as a branch, but the author meant something else.
            if not flat_reported:
                warn("mindmap block is a flat list: indent the branches under the first item, "
                     "which is the centre", number)
                flat_reported = True
            stack = [root]
        parent = stack[-1]
        step = indent - parent.indent
        # Two levels at once under an item with no children yet: a level is missing. Before the
        # block's indentation step is known, Markdown's rule serves: four columns past the
        # parent's text is a code block, not a child.
        too_deep = step >= 2 * unit if unit else indent >= parent.content + 4
        if not parent.children and too_deep:
            raise MapSyntaxError(
                f"list item is nested deeper than its parent (line {parent.line}) allows: "
                "a level is missing", number)
        unit = unit or step
        parent.children.append(item)
        stack.append(item)
    if root is None:
        warn("mindmap block is empty", lines[0][0] if lines else None)
        return None
    if not root.children and not flat_reported:
        warn("mindmap block has only a centre: indent branches under the first item", root.line)
    return root.freeze()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _python_warning(message: str, line: int | None) -> None:
    warnings.warn(MapSyntaxWarning(f"line {line}: {message}" if line else message), stacklevel=3)


def _plain(text: str) -> str:
    """Markdown inline markup to plain text: a label shows words, not asterisks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return html.unescape(text)


# ---------------------------------------------------------------- pruning

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


# ---------------------------------------------------------------- text alternative

def outline_html(root: MapNode) -> str:
    """The map as a nested <ul>: its text alternative for screen readers and plain reading."""
    return f'<ul class="mindmap-outline">{_item_html(root)}</ul>'


def _item_html(node: MapNode) -> str:
    text = html.escape(clean_label(node.label), quote=False)
    if not node.children:
        return f"<li>{text}</li>"
    return f"<li>{text}<ul>{''.join(_item_html(child) for child in node.children)}</ul></li>"
