"""Lists and tables as Obsidian writes them, made into what Python-Markdown reads the same way.

Obsidian (CommonMark) lets a list or a table start right under a paragraph line and shows an empty
item (`-  `) as an empty bullet; Python-Markdown needs a blank line first and reads `-  ` under a
line as a heading underline. Tab-indented lists already work (a tab is four spaces).
"""

from __future__ import annotations

import re

from .lines import Line, in_code

_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^[ \t]*(?:#{1,6}(?:[ \t]|$)|>|\||<|!!!|```|~~~|\[\^[^\]]+\]:)")


def fix(lines: list[Line]) -> list[Line]:
    flags = in_code(lines)
    out: list[Line] = []
    in_list = False
    for index, (line, code) in enumerate(zip(lines, flags)):
        if code:
            out.append(line)
            continue
        text = line.text
        item = _ITEM.match(text)
        before = out[-1].text if out else ""
        if item and not (item.group(3) or "").strip():
            if not in_list and _is_paragraph(before):
                out.append(line)  # `Text` over `-` is a heading, in Obsidian too
                in_list = False
                continue
            if _has_children(lines, index, item.group(1)):
                out.append(line.with_text(text.rstrip() + " &nbsp;"))  # keep the bullet its children hang on
            in_list = True
            continue
        if item and not in_list and _is_paragraph(before) and _can_interrupt(item):
            out.append(line.with_text(""))
        elif _starts_table(lines, index) and _is_paragraph(before) and not before.lstrip().startswith("|"):
            out.append(line.with_text(""))
        out.append(line)
        in_list = _still_in_list(lines, index, in_list, bool(item))
    return out


def _is_paragraph(text: str) -> bool:
    return bool(text.strip()) and not _ITEM.match(text) and not _NOT_PARAGRAPH.match(text) \
        and not text.startswith(("    ", "\t"))


def _can_interrupt(item: re.Match) -> bool:
    # As in CommonMark: only a bullet or an ordered list starting at 1 may interrupt a paragraph.
    marker = item.group(2)
    return len(item.group(1).expandtabs(4)) < 4 and (marker in "-*+" or marker[:-1] == "1")


def _has_children(lines: list[Line], index: int, indent: str) -> bool:
    for line in lines[index + 1:]:
        if line.text.strip():
            width = len(line.text.expandtabs(4)) - len(line.text.expandtabs(4).lstrip())
            return width > len(indent.expandtabs(4))
    return False


def _starts_table(lines: list[Line], index: int) -> bool:
    text = lines[index].text.lstrip()
    return text.startswith("|") and index + 1 < len(lines) and "-" in lines[index + 1].text \
        and bool(_DELIMITER_ROW.match(lines[index + 1].text))


def _still_in_list(lines: list[Line], index: int, in_list: bool, is_item: bool) -> bool:
    text = lines[index].text
    if is_item:
        return True
    if not in_list or re.match(r"^ {0,3}#{1,6}[ \t]", text):
        return False
    if text.strip():
        return True  # an indented child or a lazy continuation line
    following = next((line.text for line in lines[index + 1:] if line.text.strip()), "")
    return following.startswith((" ", "\t")) or bool(_ITEM.match(following))
