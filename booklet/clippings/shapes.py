"""What each line of a clipped article is: a bullet, a syllabus line, a breadcrumb, site boilerplate, text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The glyphs sites and word processors put before points; "1)" numbering too. `-` and `*` are
# Markdown's own, and a note that uses them is not treated as a clipping.
# Coaching sites also bullet with emoji (🔹 ✅ 👉 📌), some followed by the emoji variation selector.
_BULLET = re.compile(r"^([ \t\u00a0]*)(?:([•●▪◦➢➤►▸‣○■□✓✔–—◆◇❖➔➜→⇒🔹🔸🔷🔶✅☑▶👉📌⭐])\ufe0f?|(\d{1,2})\))"
                     r"[ \t\u00a0]*(\S.*)$")
_SYLLABUS = re.compile(r"^\s*(?:(prelims|mains)\s+level|for\s+(prelims|mains))\s*:\s*(.*?)\s*$", re.I)
_SITE_TAGS = re.compile(r"^\s*tags\s*:\s*(.+?)\s*$", re.I)
# "GS Paper 3: Indian Economy", "GS-II: Polity", "General Studies 1: Art and culture", "Syllabus: …".
_PAPER = re.compile(r"^\s*((?:gs|general\s+studies)(?:[\s-]*paper)?[\s-]*(?:[1-4]|iv|i{1,3})|syllabus)\s*:\s*(\S.*?)\s*$",
                    re.I)
_CRUMB_SEP = re.compile(r"\s+(?:>|»|›|/)\s+")
_DATE = re.compile(
    r"^\s*(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\s*$", re.I)
_HOME_CRUMB = re.compile(r"^home\s+(?:>|»|›|/)\s+\S")
# Linear on hostile lines ("[a](" 30,000 times took 3 minutes): the text stops at the next "[", the
# address at "(" unless it is a balanced pair, as in Wikipedia's "Mercator_(projection)".
_MD_LINK = re.compile(r"!?\[([^\][]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_LINKED_CRUMB = re.compile(r"\]\([^()\s]*\)\s*(?:>|»|›|/)\s*\S")   # `[Home](…) > [Explained](…) > Science`
_EMPHASIS = re.compile(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}")
_MD_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
_DATELINE = re.compile(r"^(?:last\s+)?(?:updated|published|posted|first\s+published)(?:\s+on|\s+at)?\s*[:\-]?\s*\S")
_CAPTION = re.compile(r"^(?:photo|image|picture|photograph|file photo|representational image)(?:\s+credit)?\s*:"
                      r"|\((?:[\w .&-]*\s)?(?:photo|photograph|file photo|file|representational image)\)\.?$")
# Words that make no site line on their own ("Read more" is a phrase of its own).
_FILLER_WORDS = frozenset("this article story post page on via with to our us the now and or more read news".split())
_BYLINE_DATE = re.compile(r"\b(?:updated|published|posted|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                          r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
_TIME_WORDS = frozenset({"am", "pm", "ist", "utc", "gmt", "hrs"})
_DATE_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\b\d{4}\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# The words of a site's own lines: share buttons, comment counts, subscribe prompts. A line made only
# of these (and numbers) is the site's; a one-word boilerplate phrase in any other line is the article's.
SITE_WORDS = frozenset(
    "share shares shared sharing this article story post page on via with to our us the now and or "
    "facebook twitter x whatsapp telegram linkedin reddit email e-mail mail print copy link pdf "
    "subscribe subscriber subscribers subscription newsletter newsletters login comment comments "
    "advertisement advertisements ad ads sponsored follow read more app news".split())
_CAPS_LEAD = re.compile(r"^([A-Z0-9][A-Z0-9 &/'’().,-]*[A-Z)])\s*:\s+(\S.*)$")


@dataclass(frozen=True)
class Bullet:
    indent: int      # width of the leading space, tabs as four
    numbered: bool
    text: str


def bullet(text: str) -> Bullet | None:
    match = _BULLET.match(text)
    if not match:
        return None
    indent = len(match.group(1).replace("\u00a0", " ").expandtabs(4))
    return Bullet(indent, match.group(3) is not None, match.group(4).rstrip())


def syllabus(text: str) -> list[str]:
    """["Prelims: Malabar exercise"] for "Prelims level: Malabar exercise" (or "For Prelims: …"),
    ["GS Paper 3: Indian Economy"] for that line as a site prints it (or "GS-III: …", "Syllabus: …"),
    the site's own tags for "Tags: GS Paper 3, Conservation"; [] for other lines."""
    match = _SYLLABUS.match(text)
    if match and match.group(3):
        return [f"{(match.group(1) or match.group(2)).capitalize()}: {match.group(3)}"]
    paper = _PAPER.match(text)
    if paper and len(text) <= 160:
        head = " ".join(paper.group(1).split())
        return [paper.group(2) if head.casefold() == "syllabus" else f"{head}: {paper.group(2)}"]
    tags = _SITE_TAGS.match(text)
    if tags and len(text) <= 160:
        return [t.strip() for t in tags.group(1).split(",") if t.strip()]
    return []


def exam_line(text: str) -> bool:
    """A "Prelims level: …" or "For Mains: …" line: only coaching sites write them."""
    match = _SYLLABUS.match(text)
    return bool(match and match.group(3))


def breadcrumb(text: str) -> str | None:
    """"Mains › International relations › India and Global Powers" for a `A > B > C` trail."""
    stripped = text.strip()
    if stripped.startswith(">") or len(stripped) > 160:
        return None
    parts = _CRUMB_SEP.split(stripped)
    if len(parts) < 3 or not all(p.strip() and len(p) <= 60 for p in parts):
        return None
    if parts[0].strip().casefold() == "home":
        return None  # the site's navigation, not a syllabus: boilerplate
    return " › ".join(" ".join(p.split()) for p in parts)


def visible(text: str) -> str:
    """The words a reader sees on a line: Markdown links as their text, no emphasis or list marker."""
    line = _MD_LINK.sub(r"\1", text)
    return " ".join(_MD_LIST_MARKER.sub("", _EMPHASIS.sub("", line), count=1).split())


def boilerplate(text: str, phrases: tuple[str, ...]) -> bool:
    """A short line that only a site would print: subscribe prompts, share buttons, a bare date.
    A one-word built-in phrase ("share", "comments") drops a line only when every word on it is a
    site's ("Share on WhatsApp", "Comments (12)"): "India's share of exports" is the article's."""
    line = visible(text).casefold()
    if not line:
        return False
    if _DATE.match(line) or _HOME_CRUMB.match(line) or _dateline(line) or _byline(line):
        return True
    if len(line) > 90:
        return False
    words = _WORD.findall(line)
    only_site_words = set(words) <= SITE_WORDS
    if only_site_words and len(words) <= 4 and not set(words) <= _FILLER_WORDS:
        return True   # a row of buttons: "Copy link", "Print", "Email"
    return any(phrase in line for phrase in phrases if phrase not in SITE_WORDS) or (
        only_site_words and any(phrase in SITE_WORDS for phrase in phrases if phrase in line))


def _byline(line: str) -> bool:
    """"By Staff Reporter | New Delhi | Updated: May 21, 2026": a byline with its place and date."""
    return line.startswith("by ") and len(line) <= 160 and (" | " in line or " · " in line) and bool(
        _BYLINE_DATE.search(line))


def caption(text: str) -> bool:
    """A picture's caption as sites print it: "Photo: …", "… (Express Photo)", "(File photo)"."""
    line = visible(text).casefold()
    return len(line) <= 240 and bool(_CAPTION.search(line))


def _dateline(line: str) -> bool:
    """"Updated: Nov 28, 2026 09:15 IST", "Published: 28 Nov 2026 | By Staff": a date and little else."""
    match = _DATELINE.match(line)
    if not match or not _DATE_WORD.search(line) or len(line) > 60:
        return False
    rest = _DATE_WORD.sub(" ", line[match.end() - 1:])
    return len([word for word in _WORD.findall(rest) if word not in _TIME_WORDS]) <= 3


def site_mark(text: str, phrases: tuple[str, ...]) -> str | None:
    """What kind of site mark a line is, for telling an article a clipper saved as Markdown from a
    note: "crumb" (`Home > …`, or a trail of links), "date" (`Updated: Nov 28, 2026`) or "site" (a
    whole line of share buttons, "Also read: …", "Advertisement"); None for anything a student
    might write too (`A > B > C` is a note's flow, `GS Paper 2: Polity` a note's tag line)."""
    line = visible(text).casefold()
    if _HOME_CRUMB.match(line) or len(_LINKED_CRUMB.findall(text)) >= 2:
        return "crumb"
    if _DATE.match(line) or _dateline(line):
        return "date"
    if len(line) <= 60 and boilerplate(text, phrases) and (
            set(_WORD.findall(line)) <= SITE_WORDS or any(line.startswith(p) for p in phrases if " " in p)):
        return "site"
    return None


def caps_lead(text: str) -> str | None:
    """`**MILITARY PACTS:** the rest` for a line opening with an ALL-CAPS phrase and a colon."""
    match = _CAPS_LEAD.match(text.strip())
    if not match or sum(c.isalpha() for c in match.group(1)) < 3:
        return None
    return f"**{match.group(1)}:** {match.group(2)}"


def heading_like(text: str) -> bool:
    """Short, standalone-looking text: a few words, no closing full stop, not starting in lower case."""
    stripped = text.strip()
    words = stripped.split()
    return (0 < len(words) <= 12 and len(stripped) <= 90 and not stripped.endswith((".", ",", ";", "…"))
            and not stripped[0].islower() and not stripped.startswith(("!", ">", "|", "<", "[", "$")))
