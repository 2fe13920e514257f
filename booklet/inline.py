"""Inline spans other stages must not look inside: code spans and maths (`$R[[x]]$` is no wikilink)."""

from __future__ import annotations

import re

CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# $$…$$ and \[…\] on one line (display); $…$ with Pandoc's currency rule (an opening $ before a
# non-space, a closing $ after a non-space and not before a digit: "$5 and $10" is text); \(…\).
MATH_SPAN = re.compile(
    r"(?<![\\$])\$\$(?P<d1>[^$]+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|(?<![\\$\w])\$(?=[^\s$])(?P<i1>(?:[^$\\]|\\.)+?)(?<=\S)(?<!\\)\$(?![\d$])"
    r"|\\\((?P<i2>.+?)\\\)"
)
MASK = "\x00"


def mask_code_spans(text: str) -> str:
    """`text` with inline code spans blanked out, same length."""
    return CODE_SPAN.sub(lambda m: MASK * len(m.group(0)), text)


def mask_code_and_maths(text: str) -> str:
    """`text` with code spans and maths blanked out, same length, so matches never start inside them."""
    return MATH_SPAN.sub(lambda m: MASK * len(m.group(0)), mask_code_spans(text))
