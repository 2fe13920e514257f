"""Topics render independently: any order, or one at a time in a fresh process, gives the same bytes."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from booklet import loader, pipeline
from booklet.blocks import numbering
from booklet.errors import Reporter
from booklet.render import render_booklet, render_topic
from obsidian_helpers import preprocessed, vault_project

SCENARIOS = Path(__file__).parent / "scenarios"
# One topic of a booklet rendered in a process of its own: what a parallel worker would do.
ONE_TOPIC = """
import sys
from pathlib import Path
from booklet import loader, pipeline
from booklet.errors import Reporter
from booklet.render import render_booklet, render_topic
reporter = Reporter()
staged = pipeline.stage(loader.load_manifest(Path(sys.argv[1]), reporter), reporter, pipeline.standard_features())
topic = next(t for t in staged.booklet.topics() if t.id == sys.argv[2])
sys.stdout.buffer.write(render_topic(topic, staged.context, reporter).html.encode("utf-8"))
"""


def _staged(manifest: Path) -> pipeline.Staged:
    reporter = Reporter()
    return pipeline.stage(loader.load_manifest(manifest, reporter), reporter, pipeline.standard_features())


def _fragments(staged: pipeline.Staged, order: list) -> dict[str, str]:
    return {topic.id: render_topic(topic, staged.context, Reporter()).html for topic in order}


@pytest.mark.parametrize("name", ["vault", "revision"])
def test_topics_render_the_same_in_any_order_and_each_in_a_fresh_process(name):
    manifest = SCENARIOS / name / f"{name}.yml"
    staged = _staged(manifest)
    topics = list(staged.booklet.topics())
    in_order = _fragments(staged, topics)
    shuffled, rng = topics[:], random.Random(9)
    while shuffled == topics:
        rng.shuffle(shuffled)
    assert _fragments(staged, shuffled) == in_order
    assert _fragments(_staged(manifest), list(reversed(topics))) == in_order
    if name != "vault":
        return  # fresh processes for the booklet whose topics link to each other; each costs an import
    for topic in topics:
        alone = subprocess.run([sys.executable, "-c", ONE_TOPIC, str(manifest), topic.id],
                               capture_output=True, check=True).stdout.decode("utf-8")
        assert alone == in_order[topic.id], topic.id


def test_a_link_from_another_topic_does_not_change_the_linked_topic(tmp_path):
    notes = {"A.md": "# Alpha\n\nSee [[B#Treaty of Peace]].\n",
             "B.md": "# Beta\n\n## Treaty of Peace\n\nSigned in 1971.\n\n## Later years\n"}
    both = {t.id: t.source for t in preprocessed(vault_project(tmp_path / "1", notes, ["A", "B"])).topics()}
    alone = {t.id: t.source for t in preprocessed(vault_project(tmp_path / "2", notes, ["B"])).topics()}
    assert both["b"] == alone["b"]
    assert "(B.md#treaty-of-peace)" in both["a"] and "## Treaty of Peace {#treaty-of-peace}" in both["b"]


def test_question_numbers_come_from_the_rendered_data_without_parsing_html(monkeypatch):
    reporter = Reporter()
    staged = _staged(SCENARIOS / "revision" / "revision.yml")
    rendered = render_booklet(staged.booklet, staged.context, reporter)

    def no_parsing(*args, **kwargs):
        raise AssertionError("numbering parsed a topic's HTML")

    monkeypatch.setattr("booklet.fragment.parse", no_parsing)
    monkeypatch.setattr("lxml.html.fragment_fromstring", no_parsing)
    numbered = numbering.number_questions(rendered)
    labels = [q.label for q in numbering.questions(numbered)]
    assert labels == [f"Q{n}" for n in range(1, len(labels) + 1)] and len(labels) >= 3
    html = "".join(t.html for t in numbered.topics)
    assert all(f'<span class="question-number">{label}</span>' in html for label in labels)
    assert "\ue010" not in html


def test_the_booklet_index_is_read_only_and_rendering_leaves_it_as_it_was():
    staged = _staged(SCENARIOS / "vault" / "vault.yml")
    index = staged.context.index
    before = (dict(index.ids), dict(index.titles))
    assert len(before[0]) == len(staged.booklet.topics()) >= 2
    for topic in staged.booklet.topics():
        render_topic(topic, staged.context, Reporter())
    assert (dict(index.ids), dict(index.titles)) == before
    some_file = next(iter(index.ids))
    with pytest.raises(TypeError):
        index.ids[some_file] = "elsewhere"  # type: ignore[index]
    with pytest.raises(AttributeError):
        index.ids = {}  # type: ignore[misc]
    # A link written without `.md`, as Obsidian writes it, names the same topic.
    assert index.topic_of(some_file.with_suffix("")) == index.ids[some_file]
