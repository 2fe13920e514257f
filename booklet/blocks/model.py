"""What the revision blocks add to the data model: questions, key figures and summaries."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SourceLocation

# The block types (`!!! type` and `> [!type]`), here so that knowing them does not load Markdown.
REVISION_TYPES = ("summary", "figures", "question", "mcq", "answer")
OTHER_TYPES = ("mindmap",)  # rendered by another feature from `div.mindmap-block`
# Generic callouts: Python-Markdown's admonition types and Obsidian's callout types.
GENERIC_TYPES = (
    "note", "tip", "info", "warning", "example", "quote", "important", "abstract", "tldr", "todo",
    "hint", "success", "check", "done", "help", "faq", "caution", "attention", "failure", "fail",
    "missing", "danger", "error", "bug", "cite", "seealso",
)
KNOWN_TYPES = REVISION_TYPES + OTHER_TYPES + GENERIC_TYPES
FLAGS = ("multiple",)


@dataclass(frozen=True)
class QuestionTags:
    """What a question's title says: `Mains 2020 · 15 marks · 250 words`."""

    raw: str
    exam: str = ""            # Mains, Prelims, or whatever word names the exam
    year: int | None = None
    marks: int | None = None
    words: int | None = None
    practice: bool = False    # written for the booklet, not asked in an exam

    @property
    def previous_year(self) -> bool:
        return bool(self.exam and self.year)


@dataclass(frozen=True)
class Option:
    letter: str               # a, b, c…
    html: str
    correct: bool

    @property
    def label(self) -> str:
        return f"({self.letter})"


@dataclass(frozen=True)
class Question:
    id: str                   # the question's element id, prefixed by its topic's id
    answer_id: str            # the answer-key entry's id
    topic_id: str
    kind: str                 # "descriptive" or "mcq"
    tags: QuestionTags
    stem_html: str
    location: SourceLocation
    options: tuple[Option, ...] = ()
    multiple: bool = False
    answer_html: str = ""     # model-answer points
    explanation_html: str = ""
    number: int | None = None  # Q1…Qn through the booklet, set after every topic is rendered

    @property
    def label(self) -> str:
        return f"Q{self.number}" if self.number is not None else "Q"

    @property
    def correct(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    @property
    def has_answer(self) -> bool:
        return bool(self.correct or self.answer_html)

    def __str__(self) -> str:
        right = ", ".join(o.label for o in self.correct)
        return f"{self.label} {self.kind} [{self.tags.raw}]" + (f" → {right}" if right else "")


@dataclass(frozen=True)
class KeyFigure:
    id: str                   # the figure card's element id
    topic_id: str
    value: str                # the bold figure, as written: "65%", "13 April 1947"
    caption_html: str
    caption: str              # the caption as plain text
    source: str               # a trailing "(…)" of the item, shown as a small line; may be ""
    location: SourceLocation

    def __str__(self) -> str:
        return f"{self.value} — {self.caption}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True)
class Summary:
    id: str                   # the "In brief" box's element id
    topic_id: str
    html: str
    location: SourceLocation
    long: bool = False        # estimated longer than a page: may split in print
