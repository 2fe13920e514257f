"""The source model: a note's raw lines classified once (code, lists, quotes, block openers, headings).

Every stage that needs a note's Markdown structure asks this module; none matches fences, list
items, headings or block openers with a regex of its own. Fences follow CommonMark: a fence closes
on a line of the opening character only, at least as long as the opening fence, so a `~~~` inside a
```` ``` ```` fence is content. Container marks (indentation, `>` quote marks) are read through, as
Obsidian and the block syntax let a fence or a block sit inside a list item or a callout.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, overload

# The only Markdown line patterns in the package.
_PREFIX = re.compile(r"^(?P<indent>[ \t]*)(?P<marks>(?:>[ \t]?[ \t]*)*)")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*))?$")
_ATX = re.compile(r"^ {0,3}(?P<marks>#{1,6})[ \t]+")  # the text is cut by hand: linear on any line
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_ADMONITION = re.compile(r"^!!![ \t]*(?P<type>[\w-]*)(?P<rest>.*)$")
_CALLOUT = re.compile(r"^\[!(?P<type>[\w-]+)(?:\|[^\]]*)?\]")
_FRONT = "---"
_BLOCK_ID = r"(?:^|[ \t])\^{}[ \t]*$"
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))+")  # `> - > 1. ` on one line
_CONTAINER_MARK = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")

# Kinds of line.
BLANK, TEXT, HEADING, SETEXT, ITEM, QUOTE, FENCE, CODE, INDENTED, OPENER, FRONT = (
    "blank", "text", "heading", "setext", "item", "quote", "fence", "code", "indented", "opener", "front")


@dataclass(frozen=True)
class ListItem:
    """A list item's marker and text; `indent` and `content` are columns (tabs count four)."""

    indent: int
    marker: str
    text: str
    content: int  # the column where the item's text starts
    depth: int = 0  # nesting depth in its list, 0 for a top-level item

    @property
    def ordered(self) -> bool:
        return self.marker[:1].isdigit()


@dataclass(frozen=True)
class Opener:
    """The first line of a revision or callout block: `!!! type …` or `> [!type] …`."""

    form: str  # "admonition" or "callout"
    type: str  # lower-cased; "" when the header names none


@dataclass(frozen=True)
class SourceLine:
    number: int          # 1-based, in the text classified
    text: str
    kind: str
    quotes: int = 0      # `>` marks before the content
    indent: int = 0      # columns of whitespace before the content (after any quote marks)
    content: str = ""    # the text after indentation and quote marks
    item: ListItem | None = None
    level: int = 0       # heading level (ATX, or the paragraph line above a setext underline)
    title: str = ""      # heading text, without `#` marks
    opener: Opener | None = None

    @property
    def code(self) -> bool:
        """Whether the line belongs to a fenced code block, fences included."""
        return self.kind in (FENCE, CODE)

    @property
    def info(self) -> str:
        """A fence line's info string (`python` for ```` ```python ````); "" for other lines."""
        return self.content.strip().lstrip("`~").strip() if self.kind == FENCE else ""

    @property
    def quoted(self) -> bool:
        """Whether the line is part of a blockquote (or callout) outside code."""
        return self.quotes > 0 and not self.code and len(self.text) - len(self.text.lstrip(" ")) <= 3

    @property
    def atx(self) -> bool:
        return self.kind == HEADING and self.level > 0 and self.content.startswith("#")


@dataclass(frozen=True)
class Source:
    lines: tuple[SourceLine, ...]

    def __iter__(self):
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> SourceLine: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[SourceLine, ...]: ...

    def __getitem__(self, index: int | slice) -> SourceLine | tuple[SourceLine, ...]:
        return self.lines[index]

    def in_code(self) -> list[bool]:
        return [line.code for line in self.lines]

    def prose(self) -> list[SourceLine]:
        return [line for line in self.lines if not line.code and line.kind != FRONT]

    def headings(self, atx_only: bool = False) -> list[SourceLine]:
        return [line for line in self.lines if line.kind == HEADING and (line.atx or not atx_only)]

    def openers(self, form: str = "", kind: str = "") -> list[SourceLine]:
        return [line for line in self.lines if line.opener is not None
                and (not form or line.opener.form == form) and (not kind or line.opener.type == kind)]

    def body(self, number: int) -> list[tuple[int, str]]:
        """The body of the block opened on line `number`: (line, text) pairs with the block's
        indentation or `>` marks removed; trailing blank lines dropped."""
        header = self.lines[number - 1]
        if header.opener is not None and header.opener.form == "callout":
            found = self._quoted_body(number, header.quotes)
        else:
            found = self._indented_body(number, header.indent + 4)
        while found and not found[-1][1].strip():
            found.pop()
        return found

    def _indented_body(self, number: int, width: int) -> list[tuple[int, str]]:
        found = []
        for line in self.lines[number:]:
            expanded = line.text.expandtabs(4)
            if expanded.strip() and len(expanded) - len(expanded.lstrip()) < width:
                break
            found.append((line.number, expanded[width:] if expanded.strip() else ""))
        return found

    def _quoted_body(self, number: int, depth: int) -> list[tuple[int, str]]:
        found = []
        for line in self.lines[number:]:
            stripped = strip_quotes(line.text, depth)
            if stripped is None:
                break
            found.append((line.number, stripped))
        return found


def classify(text: str | Sequence[str], front_matter: bool = False) -> Source:
    """Each line of `text` (a string or its lines) with its kind; `front_matter`: a leading
    `---` … `---` block is front matter (a topic's source has had it removed already)."""
    return _classified(tuple(text.split("\n") if isinstance(text, str) else text), front_matter)


@functools.lru_cache(maxsize=256)
def _classified(texts: tuple[str, ...], front_matter: bool) -> Source:
    # Remembered: the stages ask again about lines they did not change (the sample's EPUB
    # classified 43 distinct texts 236 times); a Source is frozen, so sharing one is safe.
    return Source(tuple(_Classifier(list(texts)).run(front_matter)))


def list_item(text: str) -> ListItem | None:
    """`text` as a list item (`- x`, `* x`, `1. x`, `2) x`), at any indentation, else None."""
    match = _ITEM.match(text)
    if not match:
        return None
    indent = len(match.group("indent").expandtabs(4))
    body = match.group("text")
    content = len(text[:match.start("text")].expandtabs(4)) if body is not None else len(text.expandtabs(4))
    return ListItem(indent, match.group("marker"), body or "", content)


def _prefix(text: str) -> re.Match[str]:
    """Indentation and quote marks; every string has them, if only empty."""
    match = _PREFIX.match(text)
    assert match is not None  # the pattern matches the empty string
    return match


def container(text: str) -> tuple[str, str]:
    """What `text` is nested in: its indentation, quote marks and list marker; and the prefix the
    lines that continue it take (the marker turned into indentation)."""
    prefix = _prefix(text).group(0)
    item = _ITEM.match(text[len(prefix):])
    if item and item.group("text") is not None:
        return text[:len(prefix) + item.start("text")], prefix + " " * 4
    return prefix, prefix


def atx_heading(text: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (`## Text ##`), else None."""
    match = _ATX.match(text)
    if not match:
        return None
    rest = text[match.end():]
    return len(match.group("marks")), "" if not rest.strip(" \t#") else without_closing_marks(rest)


def set_heading_level(text: str, level: int) -> str:
    """An ATX heading line with its `#` marks changed to `level` (1–6)."""
    return re.sub(r"^( {0,3})#{1,6}", lambda m: m.group(1) + "#" * max(1, min(6, level)), text, count=1)


def without_closing_marks(text: str) -> str:
    """An ATX heading line (or its text) without trailing space and the optional closing `#`s."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare and bare[-1] in " \t":
        return bare.rstrip(" \t")
    return text


def nesting(text: str) -> int:
    """How many containers a line opens or continues: quote marks and list markers at its start
    (`> - > 1. x` is four), and every four columns of indentation."""
    prefix = _CONTAINERS.match(text)
    indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
    marks = sum(1 for mark in _CONTAINER_MARK.finditer(text) if mark.start() < prefix.end()) if prefix else 0
    return marks + indent // 4


def strip_quotes(text: str, depth: int) -> str | None:
    """`text` without `depth` leading quote marks (and one space after each), None if it has fewer."""
    rest = text.lstrip()
    for _ in range(depth):
        if not rest.startswith(">"):
            return None
        rest = rest[1:]
        if rest[:1] in (" ", "\t"):
            rest = rest[1:]
    return rest


def block_id_pattern(block_id: str = "") -> re.Pattern:
    """A `^block-id` marker at the end of a line: a given one, else any."""
    return re.compile(_BLOCK_ID.format(re.escape(block_id) if block_id else "[A-Za-z0-9-]+"))


class _Classifier:
    """One pass over the lines; CommonMark's fence rules, a tolerant reading of the rest."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.fence = ""        # the open fence's run of ` or ~, "" when none is open
        self.in_list = False   # a list or block is open, so indented lines are not code
        self.stack: list[int] = []  # indents of the open list items, for their depth
        self.margin = 0        # the current line's indentation before any quote mark

    def run(self, front_matter: bool) -> Iterable[SourceLine]:
        out: list[SourceLine] = []
        start = _front_matter_end(self.texts) if front_matter else 0
        for number in range(1, start + 1):
            out.append(SourceLine(number, self.texts[number - 1], FRONT))
        for number in range(start + 1, len(self.texts) + 1):
            line = self._line(number, self.texts[number - 1], out[-1] if out else None)
            if line.kind == SETEXT and out:
                above = out[-1]
                out[-1] = SourceLine(above.number, above.text, HEADING, above.quotes, above.indent,
                                     above.content, None, 1 if line.content.lstrip().startswith("=") else 2,
                                     above.content.strip())
            out.append(line)
        return out

    def _line(self, number: int, text: str, previous: SourceLine | None) -> SourceLine:
        match = _prefix(text)
        quotes = match.group("marks").count(">")
        content = text[match.end():]
        indent = len((match.group("indent") if not quotes else _trailing_space(match.group("marks")))
                     .expandtabs(4))
        fence = _FENCE.match(content)
        args: dict[str, Any] = dict(quotes=quotes, indent=indent, content=content)
        self.margin = len(match.group("indent").expandtabs(4))  # before any quote mark
        if self.fence:
            if fence and fence.group("fence")[0] == self.fence[0] and len(fence.group("fence")) >= len(self.fence) \
                    and not fence.group("info").strip():
                self.fence = ""
                return SourceLine(number, text, FENCE, **args)
            return SourceLine(number, text, CODE, **args)
        if fence and not (fence.group("fence")[0] == "`" and "`" in fence.group("info")):
            self.fence = fence.group("fence")
            return SourceLine(number, text, FENCE, **args)
        if not text.strip():
            return SourceLine(number, text, BLANK, **args)
        return self._structure(number, text, previous, args)

    def _structure(self, number: int, text: str, previous: SourceLine | None, args: dict[str, Any]) -> SourceLine:
        quotes, content = args["quotes"], args["content"]
        after_blank = previous is None or previous.kind in (BLANK, INDENTED, FRONT)
        if self.margin >= 4 and after_blank and not self.in_list:
            return SourceLine(number, text, INDENTED, **args)
        opener = _opener(content, quotes)
        if opener is not None:
            self.in_list = True
            return SourceLine(number, text, OPENER, opener=opener, **args)
        heading = None if quotes else atx_heading(text)
        if heading:
            self.in_list, self.stack = False, []
            return SourceLine(number, text, HEADING, level=heading[0], title=heading[1], **args)
        if not quotes and _SETEXT.match(text) and previous is not None and previous.kind == TEXT:
            return SourceLine(number, text, SETEXT, item=list_item(text), **args)
        item = list_item(content if quotes else text)
        if item is not None:
            self.in_list = True
            return SourceLine(number, text, ITEM, item=self._nested(item), **args)
        if quotes:
            return SourceLine(number, text, QUOTE, **args)
        if after_blank and args["indent"] < 4:
            self.in_list, self.stack = False, []
        return SourceLine(number, text, TEXT, **args)

    def _nested(self, item: ListItem) -> ListItem:
        while self.stack and self.stack[-1] >= item.indent:
            self.stack.pop()
        depth = len(self.stack)
        self.stack.append(item.indent)
        return ListItem(item.indent, item.marker, item.text, item.content, depth)


def _opener(content: str, quotes: int) -> Opener | None:
    if content.startswith("!!!"):
        match = _ADMONITION.match(content)
        return Opener("admonition", match.group("type").lower() if match else "")
    if quotes and content.startswith("[!"):
        match = _CALLOUT.match(content)
        return Opener("callout", match.group("type").lower() if match else "")
    return None


def _trailing_space(marks: str) -> str:
    # After quote marks, the whitespace past the one optional space is indentation.
    tail = marks[len(marks.rstrip(" \t")):]
    return tail[1:] if tail else ""


def _front_matter_end(texts: list[str]) -> int:
    if not texts or texts[0].strip() != _FRONT:
        return 0
    for index in range(1, len(texts)):
        if texts[index].strip() in (_FRONT, "..."):
            return index + 1
    return 0
