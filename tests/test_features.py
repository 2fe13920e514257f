"""The feature set: declared in order, built for each build, and a build can take a subset or add one."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet import bounded, loader, pipeline
from booklet.errors import Reporter
from booklet.features import Feature, FeatureSet

NOTES = {
    "federalism.md": (
        "# Federalism\n\nSee [[emergency]] for when the Union takes over.\n\n"
        "## Features\n\n- Written constitution\n- Independent judiciary\n\n"
        '!!! question "Mains 2019"\n    Is India a quasi-federal state?\n\n    Answer: Yes, with a strong centre.\n'
    ),
    "emergency.md": "# Emergency provisions\n\n## Article 352\n\nNational emergency. #polity\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in NOTES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    listing = "".join(f"      - {name}\n" for name in NOTES)
    manifest = tmp_path / "book.yml"
    manifest.write_text(f"title: Polity\nmindmaps: off\nparts:\n  - title: Part\n    topics:\n{listing}",
                        encoding="utf-8")
    return manifest


def prepare(manifest: Path, features: FeatureSet | None = None) -> pipeline.Prepared:
    reporter = Reporter()
    return pipeline.prepare(loader.load_manifest(manifest, reporter), reporter, features=features)


def test_the_standard_order_is_declared_and_fresh_for_each_build():
    first, second = pipeline.standard_features(), pipeline.standard_features()
    order = [first.names.index(name) for name in ("obsidian", "clippings", "blocks", "mindmaps", "quotes")]
    assert order == sorted(order)
    assert first == second and first is not second


def test_a_build_without_revision_blocks_leaves_questions_as_plain_callouts(project):
    full = prepare(project)
    assert [q.number for q in full.rendered.topics[0].extras["questions"]] == [1]
    assert "answer-key" in [s.id for s in full.sections]

    partial = prepare(project, pipeline.standard_features().only(["obsidian"]))
    federalism = partial.rendered.topics[0]
    assert "questions" not in federalism.extras
    assert "Is India a quasi-federal state?" in federalism.html
    assert "answer-key" not in [s.id for s in partial.sections]
    assert 'href="#emergency' in federalism.html  # the wikilink still resolves


def test_a_build_without_obsidian_keeps_wikilinks_as_text(project):
    prepared = prepare(project, pipeline.standard_features().only(["blocks"]))
    assert "[[emergency]]" in prepared.rendered.topics[0].html
    assert 'href="#emergency' not in prepared.rendered.topics[0].html


class _InProcess:
    """bounded.Runner without the child process, so the test sees the factory's calls."""

    def __init__(self, function, memory=0):
        self.function = function

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def __call__(self, arg, **limits):
        return self.function(arg)

    def send(self, arg):
        self.arg = arg

    def receive(self, **limits):
        return self.function(self.arg)

    def close(self):
        pass


def test_a_feature_added_for_one_build_gets_a_fresh_extension_per_topic(project, monkeypatch):
    # Markdown runs in a bounded child process; here in this one, so the factory's calls are seen.
    monkeypatch.setattr(bounded, "run", lambda function, *args, **limits: function(*args))
    monkeypatch.setattr(bounded, "Runner", _InProcess)
    made = []

    def extensions(options):
        from markdown.extensions.abbr import AbbrExtension
        made.append(AbbrExtension())
        return [made[-1]]

    def finish(topic, tree, reporter, context):
        return {"words": len("".join(tree.itertext()).split())}

    extra = Feature("count", extensions=extensions, finish=finish)
    features = FeatureSet((*pipeline.standard_features(), extra))
    prepared = prepare(project, features)
    assert len(made) == 2 and made[0] is not made[1]
    assert [t.extras["words"] > 2 for t in prepared.rendered.topics] == [True, True]
    assert "words" not in prepare(project).rendered.topics[0].extras  # nothing leaks into later builds


def test_feature_names_are_checked():
    with pytest.raises(ValueError, match="no such feature: sudoku"):
        pipeline.standard_features().only(["sudoku"])
    with pytest.raises(ValueError, match="listed twice"):
        FeatureSet((Feature("a"), Feature("a")))
