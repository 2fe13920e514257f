"""Lead phrases: the few words of a list item, table row or heading that stand for it on a map."""

from __future__ import annotations

import re
from typing import Iterator

from lxml import etree

from .tree import clean_label

LEAD_WORDS = 5  # "the first few words" of a list item without a bold run
LEAD_CHARS = 40
LEAD_MAX = 44  # a whole clause or phrase up to this long is a lead phrase: two lines of a narrow leaf
BOLD_MAX = 70  # the longest lead phrase: two lines of the widest leaf
# Where a clause ends: a colon, a spaced dash, a semicolon, a full stop, a bracket, a comma.
_CLAUSE = re.compile(r":\s|\s[–—]\s|;\s|\.\s|\s\(|,\s")
# Words that open a new phrase inside a clause: a lead phrase may stop just before them.
_PHRASE_STARTS = {"in", "on", "at", "by", "for", "from", "to", "with", "without", "through", "between",
                  "into", "than", "while", "which", "who", "whose", "that", "because", "since", "after",
                  "before", "during", "under", "over", "against", "as", "so", "but", "including", "where",
                  "when", "via", "despite", "although", "though", "unless", "until", "beyond", "across"}
# Words a shortened phrase should not end on: "Kudankulam nuclear plant in…" reads as broken.
_DANGLING = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
             "the", "to", "with", "between", "is", "are", "was", "were"}

# Verbs that end a clause's subject: "Summits and agreements | have not yet fixed…".
_AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
                "may", "might", "must", "shall", "should", "does", "do", "did", "remains", "remain"}

_SKIP_CLASSES = {"headerlink", "footnote-ref", "footnote-backref"}


def own_text(element: etree._Element, skip_lists: bool = True) -> Iterator[str]:
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
            yield from own_text(child, skip_lists)
        yield child.tail or ""


def lead_phrase(li: etree._Element) -> str:
    """The bold run that opens a list item if it has one, else its first few words.

    A bold word further on ("Russia's share of **imports** fell…") marks emphasis, not the
    item's subject, so it does not stand for the item."""
    for strong in li.iter("strong", "b"):
        if not _inside_nested_list(strong, li):
            bold = clean_label("".join(own_text(strong)))
            if bold and _opens(strong, li):
                # The author's own lead: whole unless very long.
                return bold.rstrip(".:;,") if len(bold) <= BOLD_MAX else first_words(bold)
            break
    return first_words(clean_label("".join(own_text(li))))


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


def first_words(text: str) -> str:
    """The item's lead phrase: all of a short item; else its first clause (before a colon, dash,
    bracket, comma or full stop) when that is short enough to read as a label; else that clause
    cut before a word that starts a phrase ("Settle payments in national currencies | through
    …"); else the subject of the clause, cut before its verb ("Summits and agreements | have not
    yet…"); only failing all of these, its first few words and an ellipsis."""
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
    subject = _subject(clause.split(" "))
    if subject:
        return subject
    kept: list[str] = []
    for word in words[:LEAD_WORDS]:
        if kept and len(" ".join(kept + [word])) > LEAD_CHARS:
            break
        kept.append(word)
    while len(kept) > 1 and (kept[-1].lower().strip(",;:.(") in _DANGLING or _opens_bracket(kept)):
        kept.pop()
    return " ".join(kept)[:LEAD_CHARS].rstrip(" ,;:.–—-/(&") + "…"


def _subject(words: list[str]) -> str:
    """The words before the clause's first auxiliary verb, when they are two or more (a lone
    "Russia" says too little) and short enough for a label."""
    for cut in range(2, len(words)):
        head = " ".join(words[:cut])
        if len(head) > LEAD_MAX or _opens_bracket(words[:cut]):
            return ""
        if words[cut].lower() in _AUXILIARIES and words[cut - 1].lower() not in _DANGLING:
            return head
    return ""


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
