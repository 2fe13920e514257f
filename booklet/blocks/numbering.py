"""Numbering through the booklet: Q1…Qn in reading order, once every topic is rendered.

Topics render independently (and could render in parallel), so no topic can know how many
questions came before it; this booklet-level step fills the numbers in afterwards, from the
rendered topics' data: each question's place in its HTML is a token (`questions.number_token`)
replaced by its label, and no HTML is parsed again.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from ..errors import Reporter
from ..model import RenderedBooklet, RenderedTopic
from .model import Question
from .questions import number_token


def number_questions(rendered: RenderedBooklet, layout=None, reporter: Reporter | None = None) -> RenderedBooklet:
    """Post-render hook: every question gets its number, in its data and in its topic's HTML.

    `layout` is the post-render hooks' common argument; numbering does not need it."""
    count = 0
    topics = []
    for topic in rendered.topics:
        questions = topic.extras.get("questions", ())
        numbered = tuple(replace(q, number=count + index) for index, q in enumerate(questions, 1))
        count += len(numbered)
        topics.append(_with_numbers(topic, numbered) if numbered else topic)
    return replace(rendered, topics=tuple(topics))


def questions(rendered: RenderedBooklet) -> list[Question]:
    """Every question of the booklet, in reading order."""
    return [q for topic in rendered.topics for q in topic.extras.get("questions", ())]


def _with_numbers(topic: RenderedTopic, numbered: tuple[Question, ...]) -> RenderedTopic:
    html = topic.html
    for question in numbered:
        html = html.replace(number_token(question.id), question.label)
    extras = MappingProxyType({**topic.extras, "questions": numbered})
    return replace(topic, html=html, extras=extras)
