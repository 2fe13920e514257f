"""The fragment cache: each topic's Markdown is converted once, whichever format asks first."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from booklet import loader, pipeline, render
from booklet.errors import BookletError, BuildFailed, Reporter
from booklet.fragcache import Fragments
from conftest import SCENARIOS


def prepared(project: Path, cache: bool = True) -> pipeline.Prepared:
    reporter = Reporter()
    return pipeline.prepare(loader.load_manifest(project / "basic.yml", reporter), reporter, cache=cache)


def html_of(result: pipeline.Prepared) -> list[str]:
    return [topic.html for topic in result.rendered.topics]


def refuse_to_convert(allowed: set[str]):
    """A stand-in for the Markdown conversion that fails the build for any topic not in `allowed`."""
    real = render._convert

    def convert(topic, context):
        if topic.id not in allowed:
            raise BookletError(f"converted {topic.id} again")
        return real(topic, context)
    return convert


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "basic"
    shutil.copytree(SCENARIOS / "basic", root, ignore=shutil.ignore_patterns(".booklet-cache"))
    return root


def test_a_second_build_converts_no_markdown_and_renders_the_same(project, monkeypatch):
    first = prepared(project)
    assert list((project / ".booklet-cache" / "fragments").glob("*/*.html"))
    monkeypatch.setattr(render, "_convert", refuse_to_convert(set()))
    assert html_of(prepared(project)) == html_of(first)
    with pytest.raises(BuildFailed):   # the stand-in is really in the way of an uncached build
        prepared(project, cache=False)


def test_an_edited_topic_alone_is_converted_again(project, monkeypatch):
    prepared(project)
    note = project / "notes" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    monkeypatch.setattr(render, "_convert", refuse_to_convert({"beta"}))
    again = prepared(project)
    assert any("A line added later." in html for html in html_of(again))


def test_a_planted_entry_is_not_taken(project):
    first = prepared(project)
    for entry in (project / ".booklet-cache" / "fragments").glob("*/*.html"):
        entry.write_text('<p>planted</p><script>alert("x")</script>', encoding="utf-8")
    again = prepared(project)
    assert html_of(again) == html_of(first)
    assert not any("planted" in html for html in html_of(again))


def test_the_key_follows_the_text_the_options_and_the_features(project):
    reporter = Reporter()
    booklet = loader.load_manifest(project / "basic.yml", reporter)
    staged = pipeline.stage(booklet, reporter, pipeline.standard_features())
    topic = staged.booklet.topics()[1]
    fragments = Fragments(project)
    key = fragments.key(topic, staged.context)
    assert fragments.key(topic, staged.context) == key
    assert fragments.key(replace(topic, source=topic.source + "x"), staged.context) != key
    fewer = pipeline.stage(booklet, reporter, pipeline.standard_features().only(["blocks"]))
    assert fragments.key(topic, fewer.context) != key


def test_the_epub_after_a_pdf_is_the_epub_without_the_cache(project, run):
    assert run("build", "basic.yml", "-f", "pdf", "--out", "out", cwd=project).code == 0
    assert run("build", "basic.yml", "-f", "epub,html", "--out", "out", cwd=project).code == 0
    assert run("build", "basic.yml", "-f", "epub,html", "--out", "fresh", "--no-cache", cwd=project).code == 0
    for name in ("basic.epub", "basic.html"):
        assert (project / "out" / name).read_bytes() == (project / "fresh" / name).read_bytes()


def test_conversions_the_cache_cannot_answer_run_in_two_children_each_topic_its_own(project, monkeypatch):
    real = render._convert

    def convert(topic, context):   # runs in the child: its pid tells which one converted the topic
        return real(topic, context) + f"<p>converted-by {os.getpid()} for {topic.id}</p>"

    monkeypatch.setattr(render, "_convert", convert)
    result = prepared(project, cache=False)
    marks = [re.search(r"converted-by (\d+) for ([\w-]+)", topic.html) for topic in result.rendered.topics]
    assert [m.group(2) for m in marks] == [topic.topic.id for topic in result.rendered.topics]
    assert len(result.rendered.topics) >= 2 and len({m.group(1) for m in marks}) == 2
    assert str(os.getpid()) not in {m.group(1) for m in marks}


def test_a_topic_refused_before_conversion_is_reported_and_the_others_still_convert(project):
    victim = sorted((project / "notes").glob("*.md"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\n" + "[" * 1200 + "\n", encoding="utf-8")
    # Converted ahead, the topics after it come back in order; the refused one is reported alone.
    with pytest.raises(BuildFailed) as failed:
        prepared(project, cache=False)
    problems = [str(d) for d in failed.value.diagnostics]
    assert len(problems) == 1 and victim.name in problems[0] and "'['" in problems[0], problems


def with_summary(project: Path, text: str = "Short *sessions* beat ==long== ones.") -> None:
    note = project / "notes" / "alpha.md"
    lines = [line for line in note.read_text(encoding="utf-8").split("\n") if not line.startswith("summary:")]
    lines.insert(lines.index("tags: [test]") + 1, f"summary: {text}")
    note.write_text("\n".join(lines), encoding="utf-8")


def summary_boxes(result: pipeline.Prepared) -> list[str]:
    return [html[html.index('<div class="summary-box"'):html.index("</div>", html.index('<div class="summary-box"'))]
            for html in html_of(result) if '<div class="summary-box"' in html]


def test_a_front_matter_summary_is_converted_once_and_a_planted_one_is_not_taken(project, monkeypatch):
    from booklet.blocks import finisher

    with_summary(project)
    first = prepared(project)
    assert len(summary_boxes(first)) == 1 and "<mark>long</mark>" in summary_boxes(first)[0]
    real, converted = finisher._summary_html, []

    def counting(text):
        converted.append(text)
        return real(text)

    monkeypatch.setattr(finisher, "_summary_html", counting)
    assert summary_boxes(prepared(project)) == summary_boxes(first) and converted == []   # from the cache
    assert summary_boxes(prepared(project, cache=False)) == summary_boxes(first) and len(converted) == 1
    with_summary(project, "Another *summary*.")      # an edited summary misses
    assert "<em>summary</em>" in summary_boxes(prepared(project))[0] and len(converted) == 2
    for entry in (project / ".booklet-cache" / "fragments").glob("*/*.html"):
        entry.write_text('<p>planted</p><script>alert("x")</script>', encoding="utf-8")
    again = prepared(project)
    assert len(converted) == 3 and not any("planted" in html for html in html_of(again))


def test_the_epub_after_a_pdf_with_a_summary_is_the_epub_without_the_cache_and_passes_epubcheck(project, run):
    from conftest import epubcheck_messages

    with_summary(project)
    assert run("build", "basic.yml", "-f", "pdf", "--out", "out", cwd=project).code == 0
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert run("build", "basic.yml", "-f", "epub", "--out", "fresh", "--no-cache", cwd=project).code == 0
    assert (project / "out" / "basic.epub").read_bytes() == (project / "fresh" / "basic.epub").read_bytes()
    assert epubcheck_messages(project / "out" / "basic.epub") == []


def test_a_mind_maps_fit_is_chosen_once_and_a_planted_choice_is_not_taken(project, monkeypatch):
    from booklet.mindmap import layout

    manifest = project / "basic.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("mindmaps: off", "mindmaps: end"),
                        encoding="utf-8")
    real, plans, fits = layout._plan, [], []
    monkeypatch.setattr(layout, "_plan", lambda *args, **kwargs: plans.append(1) or real(*args, **kwargs))
    real_choice = Fragments.choice
    monkeypatch.setattr(Fragments, "choice", lambda self, kind, *args: (kind == "mindmap-fit" and fits.append(1))
                        or real_choice(self, kind, *args))

    def sections(**kwargs) -> tuple[list[str], int, int]:
        plans.clear()
        fits.clear()
        return [s.html for s in prepared(project, **kwargs).sections], len(plans), len(fits)

    cold, cold_plans, count = sections()
    entries = list((project / ".booklet-cache" / "fragments").glob("*/*.choice"))
    assert count and len(entries) and cold_plans > 2 * count   # every wrap width and side split tried
    warm, warm_plans, _ = sections()
    assert warm == cold and warm_plans == count                # one plan per fit: the one chosen before
    uncached, uncached_plans, _ = sections(cache=False)
    assert uncached == cold and uncached_plans == cold_plans
    for entry in entries:
        entry.write_text("999", encoding="ascii")              # out of range: decided again
    planted, planted_plans, _ = sections()
    assert planted == cold and planted_plans == cold_plans
