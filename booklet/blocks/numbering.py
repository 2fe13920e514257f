"""Numbering through the booklet: Q1…Qn in reading order, once every topic is rendered.

Topics render independently (and could render in parallel), so no topic can know how many
questions came before it; this booklet-level step fills the numbers in afterwards. It also
drops the links to answers when the manifest turns the answer key off.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from .. import fragment
from ..errors import Reporter
from ..model import RenderedBooklet, RenderedTopic
from . import tree as t
from .model import Question


def number_questions(rendered: RenderedBooklet, layout=None, reporter: Reporter | None = None) -> RenderedBooklet:
    """Post-render hook: every question gets its number, in its data and in its topic's HTML.

    `layout` is the post-render hooks' common argument; numbering does not need it."""
    count = 0
    topics = []
    keep_links = rendered.booklet.options.answer_key
    for topic in rendered.topics:
        questions = topic.extras.get("questions", ())
        numbered = tuple(replace(q, number=count + index) for index, q in enumerate(questions, 1))
        count += len(numbered)
        topics.append(_with_numbers(topic, numbered, keep_links) if numbered else topic)
    return replace(rendered, topics=tuple(topics))


def questions(rendered: RenderedBooklet) -> list[Question]:
    """Every question of the booklet, in reading order."""
    return [q for topic in rendered.topics for q in topic.extras.get("questions", ())]


def _with_numbers(topic: RenderedTopic, numbered: tuple[Question, ...], keep_links: bool) -> RenderedTopic:
    labels = {q.id: q.label for q in numbered}
    tree = fragment.parse(topic.html)
    for span in tree.xpath("//span[@data-question]"):
        span.text = labels.get(span.attrib.pop("data-question"), "")
    if not keep_links:
        for foot in tree.xpath("//p[@class='question-foot'][a[@class='answer-link']]"):
            t.detach(foot)
    extras = MappingProxyType({**topic.extras, "questions": numbered})
    return replace(topic, html=fragment.serialize(tree), extras=extras)
