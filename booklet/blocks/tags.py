"""Reading a question's title: exam, year, marks and word limit, with the raw title kept."""

from __future__ import annotations

import datetime as _dt
import re

from .model import QuestionTags

FIRST_YEAR = 1900
_SEPARATORS = re.compile(r"\s*(?:·|•|\||;|,|\s[-–—]\s)\s*")
_MARKS = re.compile(r"^(\d+)\s*marks?$", re.I)
_WORDS = re.compile(r"^(\d+)\s*words?$", re.I)
_YEARISH = re.compile(r"^\d{3,}$")  # one or two digits are more likely a paper number


def parse(title: str) -> tuple[QuestionTags, list[str]]:
    """The tags of `title`, and problems worth a warning (an implausible year).

    The exam is the first segment's words (`Mains`, `CSE Prelims`), less the year and the word
    `practice`; segments are separated by `·`, `|`, `;`, `,` or a spaced dash.
    """
    exam = ""
    year = marks = words = None
    practice = False
    problems: list[str] = []
    first = True
    for segment in filter(None, _SEPARATORS.split(title.strip())):
        if match := _MARKS.match(segment):
            marks = int(match.group(1))
            continue
        if match := _WORDS.match(segment):
            words = int(match.group(1))
            continue
        names = []
        for word in segment.split():
            if word.lower() == "practice":
                practice = True
            elif _YEARISH.match(word):
                if year is None and not problems:
                    year = _year(word, title, problems)
            else:
                names.append(word)
        if first:
            exam, first = " ".join(names), False
    return QuestionTags(title, exam, year, marks, words, practice), problems


def _year(word: str, title: str, problems: list[str]) -> int | None:
    if len(word) == 4 and plausible_year(int(word)):
        return int(word)
    problems.append(f"'{word}' in the question title '{title}' is not a plausible year "
                    f"({FIRST_YEAR}–{latest_year()}); the question is left out of the previous-year table")
    return None


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= latest_year()


def latest_year() -> int:
    # Next year's papers can be announced (and discussed) before the year turns.
    return _dt.date.today().year + 1
