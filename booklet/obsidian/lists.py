"""Lists and tables as Obsidian writes them, made into what Python-Markdown reads the same way.

Obsidian (CommonMark) lets a list, a table or a callout start right under a paragraph line and shows an empty
item (`-  `) as an empty bullet; Python-Markdown needs a blank line first and reads `-  ` under a
line as a heading underline. Tab-indented lists already work (a tab is four spaces).
"""

from __future__ import annotations

import re

from ..source import HEADING, QUOTE, TEXT, ListItem, SourceLine, classify
from .lines import Line, structure

_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^[ \t]*(?:\||<|\[\^[^\]]+\]:)")  # tables, HTML, footnote definitions


def fix(lines: list[Line]) -> list[Line]:
    parsed = structure(lines)
    out: list[Line] = []
    in_list = False
    for index, (line, info) in enumerate(zip(lines, parsed)):
        if info.code:
            out.append(line)
            continue
        text = line.text
        item = None if info.quotes else info.item
        before = out[-1].text if out else ""
        if item and not item.text.strip():
            if not in_list and _is_paragraph(before):
                out.append(line)  # `Text` over `-` is a heading, in Obsidian too
                in_list = False
                continue
            if _has_children(lines, index, item.indent):
                out.append(line.with_text(text.rstrip() + " &nbsp;"))  # keep the bullet its children hang on
            in_list = True
            continue
        if item and not in_list and _is_paragraph(before) and _can_interrupt(item):
            out.append(line.with_text(""))
        elif info.item and _ends_block_lead(parsed, index):
            out.append(line.with_text(_container(text, info)))  # an mcq's options right under its stem
        elif _starts_table(lines, index) and _is_paragraph(before) and not before.lstrip().startswith("|"):
            out.append(line.with_text(""))
        elif info.opener is not None and info.opener.form == "callout" and info.quotes == 1 and _is_paragraph(before):
            out.append(line.with_text(""))  # a callout right under a paragraph line, as Obsidian allows
        out.append(line)
        in_list = _still_in_list(parsed, index, in_list, bool(item))
    return out


def _ends_block_lead(parsed, index: int) -> bool:
    """Whether this item comes right under the paragraph that opens a block's body (`!!! mcq`, `> [!mcq]`),
    which Obsidian and CommonMark end there and Python-Markdown would run the options into."""
    item: SourceLine = parsed[index]
    assert item.item is not None
    if item.quotes and item.item.indent >= 4:
        return False  # indented code inside a quote
    back = index - 1
    while back >= 0 and _same_paragraph(parsed[back], item):
        back -= 1
    if back == index - 1 or back < 0:
        return False
    opener = parsed[back]
    if opener.opener is None or opener.quotes != item.quotes:
        return False
    return item.quotes > 0 or (opener.opener.form == "admonition" and item.indent == opener.indent + 4)


def _same_paragraph(line: SourceLine, item: SourceLine) -> bool:
    """A text line of the block body the item is in: in the same quote, or at the item's indentation."""
    if item.quotes:
        return line.kind == QUOTE and line.quotes == item.quotes and line.content.strip() != ""
    return line.kind == TEXT and line.indent == item.indent


def _container(text: str, info: SourceLine) -> str:
    """An empty line of the container `text` is in: its quote marks, or nothing for an indented body."""
    return text[:len(text) - len(info.content)].rstrip() if info.quotes else ""


def _is_paragraph(text: str) -> bool:
    return classify([text])[0].kind == TEXT and not _NOT_PARAGRAPH.match(text)


def _can_interrupt(item: ListItem) -> bool:
    # As in CommonMark: only a bullet or an ordered list starting at 1 may interrupt a paragraph.
    return item.indent < 4 and (not item.ordered or item.marker[:-1] == "1")


def _has_children(lines: list[Line], index: int, indent: int) -> bool:
    for line in lines[index + 1:]:
        if line.text.strip():
            width = len(line.text.expandtabs(4)) - len(line.text.expandtabs(4).lstrip())
            return width > indent
    return False


def _starts_table(lines: list[Line], index: int) -> bool:
    text = lines[index].text.lstrip()
    return text.startswith("|") and index + 1 < len(lines) and "-" in lines[index + 1].text \
        and bool(_DELIMITER_ROW.match(lines[index + 1].text))


def _still_in_list(parsed, index: int, in_list: bool, is_item: bool) -> bool:
    line: SourceLine = parsed[index]
    if is_item:
        return True
    if not in_list or (line.kind == HEADING and line.atx):
        return False
    if line.text.strip():
        return True  # an indented child or a lazy continuation line
    following = next((other for other in parsed.lines[index + 1:] if other.text.strip()), None)
    return following is not None and (following.text.startswith((" ", "\t")) or _is_item(following))


def _is_item(line: SourceLine) -> bool:
    return line.item is not None and not line.quotes
