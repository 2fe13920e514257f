"""Back matter from the revision blocks: revision summary, key-figures index, answer key, PYQ table.

Each producer is `(rendered booklet, layout) → [Section]`, the feature's `back_matter` in `pipeline.py`,
switched by the manifest's `back_matter:` keys, and left out when it would be empty. Page numbers
are never computed here: print.css adds them to `a.page-ref` links with `target-counter()`, and
the EPUB shows the links.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from lxml import html as lxml_html

from ..layout import Layout
from ..model import RenderedBooklet, RenderedTopic
from ..sections import Section, common_context
from ..slugs import unique
from .model import Question

EXCERPT = 160  # characters of a question shown in the previous-year table


@dataclass(frozen=True)
class TopicGroup:
    topic: RenderedTopic
    items: tuple

    @property
    def title(self) -> str:
        return self.topic.topic.title

    @property
    def id(self) -> str:
        return self.topic.id


@dataclass(frozen=True)
class PartGroup:
    title: str                 # "" for front and back topics
    topics: tuple[TopicGroup, ...]


@dataclass(frozen=True)
class YearRow:
    year: int
    question: Question
    topic: RenderedTopic
    excerpt: str


def revision_summary(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    if not rendered.booklet.options.revision_summary:
        return []
    parts = [p for p in _by_part(rendered, "summaries") if p.topics]
    return _section(rendered, layout, "revision-summary", rendered.booklet.options.labels["revision_summary"], "revision-summary.html",
                    parts=parts) if parts else []


def key_figures_index(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    if not rendered.booklet.options.key_figures:
        return []
    groups = _by_topic(rendered, "key_figures")
    return _section(rendered, layout, "key-figures", rendered.booklet.options.labels["key_figures_index"], "key-figures-index.html",
                    groups=groups) if groups else []


def answer_key(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    if not rendered.booklet.options.answer_key:
        return []
    groups = _by_topic(rendered, "questions")
    return _section(rendered, layout, "answer-key", rendered.booklet.options.labels["answer_key"], "answer-key.html",
                    groups=groups) if groups else []


def previous_year_questions(rendered: RenderedBooklet, layout: Layout) -> list[Section]:
    if not rendered.booklet.options.previous_year_questions:
        return []
    rows = [(q.tags.exam, YearRow(q.tags.year, q, topic, _excerpt(q)))
            for topic in rendered.topics for q in topic.extras.get("questions", ()) if q.tags.previous_year]
    if not rows:
        return []
    rows.sort(key=lambda r: (r[0].casefold(), -r[1].year, r[1].question.number or 0))
    exams = [(exam, [row for _, row in group]) for exam, group in groupby(rows, key=lambda r: r[0])]
    return _section(rendered, layout, "previous-year-questions", rendered.booklet.options.labels["previous_year_questions"],
                    "previous-year-questions.html", exams=exams)


PRODUCERS = (revision_summary, key_figures_index, answer_key, previous_year_questions)


def _section(rendered: RenderedBooklet, layout: Layout, base_id: str, title: str, template: str,
             **data) -> list[Section]:
    section_id = unique(base_id, _taken_ids(rendered))
    html = layout.render(template, section_id=section_id, title=title, **data, **common_context(rendered))
    return [Section(section_id, title, "back", html, 1)]


def _taken_ids(rendered: RenderedBooklet) -> set[str]:
    booklet = rendered.booklet
    return {t.id for t in booklet.topics()} | {p.id for p in booklet.parts} | {"title-page", "contents"}


def _by_topic(rendered: RenderedBooklet, key: str) -> list[TopicGroup]:
    return [TopicGroup(t, tuple(t.extras[key])) for t in rendered.topics if t.extras.get(key)]


def _by_part(rendered: RenderedBooklet, key: str) -> list[PartGroup]:
    booklet = rendered.booklet
    groups = {g.id: g for g in _by_topic(rendered, key)}
    parts = [PartGroup("", tuple(groups[t.id] for t in booklet.front if t.id in groups))]
    parts += [PartGroup(p.title, tuple(groups[t.id] for t in p.topics if t.id in groups)) for p in booklet.parts]
    parts.append(PartGroup("", tuple(groups[t.id] for t in booklet.back if t.id in groups)))
    return parts


def _excerpt(question: Question) -> str:
    text = " ".join(lxml_html.fragment_fromstring(question.stem_html or "<p></p>", create_parent="div")
                    .text_content().split())
    if len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + " …"

