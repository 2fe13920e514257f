"""The sample booklet uses every revision block, in both syntaxes, across several topics."""

from __future__ import annotations

import re

from block_support import sample_prepared  # noqa: F401 (fixture)
from booklet.blocks import questions


def _topics(prepared):
    return [t for t in prepared.rendered.topics if t.topic.role == "topic"]


def test_sample_has_the_practice_questions_the_issue_asks_for(sample_prepared):
    found = questions(sample_prepared.rendered)
    mcqs = [q for q in found if q.kind == "mcq"]
    descriptive = [q for q in found if q.kind == "descriptive"]
    assert (len(mcqs), len(descriptive)) == (20, 11)
    assert all(q.answer_html for q in descriptive)
    assert all(q.correct and q.explanation_html for q in mcqs)
    assert any(q.multiple and len(q.correct) > 1 for q in mcqs)
    assert [q.number for q in found] == list(range(1, 32))
    assert len({q.topic_id for q in mcqs}) == len({q.topic_id for q in descriptive}) == 9


def test_every_topic_has_a_summary_and_key_figures(sample_prepared):
    for topic in _topics(sample_prepared):
        assert len(topic.extras["summaries"]) == 1, topic.id
        assert len(topic.extras["key_figures"]) >= 5, topic.id
        assert all(f.value for f in topic.extras["key_figures"])
    assert {"defence", "neighbourhood-first"} == {t.id for t in _topics(sample_prepared)
                                                  if t.topic.meta.get("summary")}


def test_every_block_is_written_in_both_syntaxes_somewhere(sample_prepared):
    sources = "\n".join(t.topic.source for t in _topics(sample_prepared))
    for kind in ("summary", "figures", "question", "mcq"):
        assert re.search(rf"^!!! {kind}\b", sources, re.M), kind
        assert re.search(rf"^> \[!{kind}\]", sources, re.M), kind
    assert re.search(r"^    !!! answer$", sources, re.M) and re.search(r"^> Answer:$", sources, re.M)


def test_previous_year_questions_come_from_the_titles(sample_prepared):
    years = sorted((q.tags.exam, q.tags.year) for q in questions(sample_prepared.rendered) if q.tags.previous_year)
    assert years == [("Mains", 2017), ("Mains", 2020), ("Mains", 2020), ("Mains", 2022)]
