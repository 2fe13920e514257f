"""Clipping detection and conversion on lines, without a build."""

from __future__ import annotations

from pathlib import Path

from booklet.clippings import convert, shapes
from booklet.clippings.settings import DEFAULT_BOILERPLATE
from booklet.obsidian.lines import of_text


def _lines(text: str):
    return of_text(text, Path("clip.md"), 1)


def _convert(text: str, title: str = "Title") -> convert.Clipped:
    return convert.convert(_lines(text), title, DEFAULT_BOILERPLATE)


def test_detection_is_conservative():
    assert convert.looks_clipped(_lines("Intro line\n• one\n• two"))
    assert convert.looks_clipped(_lines("Mains level: GS 3 economy\nSome text."))
    assert not convert.looks_clipped(_lines("# Heading\n• one\n• two"))
    assert not convert.looks_clipped(_lines("Text\n\n- one\n• two\n• three"))
    assert not convert.looks_clipped(_lines("Text\n\n1. first\n• two\n• three"))
    assert not convert.looks_clipped(_lines("A plain note.\n\nWith two paragraphs."))
    assert not convert.looks_clipped(_lines("```\n• one\n• two\n```"))


def test_nesting_follows_indentation_and_returns():
    out = _convert("Points\n  • a\n    ◦ b\n      ▪ c\n  • d\n• e").lines
    assert [line.text for line in out] == ["## Points", "", "- a", "    - b", "        - c", "- d", "- e"]


def test_lines_keep_their_source_line_numbers():
    out = _convert("Points\n• a\nSUBSCRIBE\n• b").lines
    assert [(line.text, line.where.line) for line in out if line.text] == [("## Points", 1), ("- a", 2),
                                                                          ("- b", 4)]


def test_headings_need_a_body_and_no_full_stop():
    out = [line.text for line in _convert("Short line.\nAnother short\nLast").lines if line.text]
    assert out == ["Short line.", "Another short", "Last"]
    out = [line.text for line in _convert("Why it matters\nBecause the long explanation goes on for a while.").lines
           if line.text]
    assert out[0] == "## Why it matters"


def test_syllabus_breadcrumbs_and_boilerplate():
    clipped = _convert("Prelims level: Ramsar sites\nEnvironment > Conservation > Wetlands\nShare on WhatsApp\n"
                       "Mar 3, 2024\n• point one\n• point two")
    assert clipped.syllabus == ["Prelims: Ramsar sites", "Environment › Conservation › Wetlands"]
    assert shapes.syllabus("For Mains: Challenges of translocation") == ["Mains: Challenges of translocation"]
    assert shapes.syllabus("Tags: GS Paper 3, Conservation") == ["GS Paper 3", "Conservation"]
    # The paper a coaching site files an article under, in the forms they print it.
    assert shapes.syllabus("GS Paper 3: Indian Economy, Government Budgeting") == \
        ["GS Paper 3: Indian Economy, Government Budgeting"]
    assert shapes.syllabus("GS-II:  Polity") == ["GS-II: Polity"]
    assert shapes.syllabus("General Studies 1: Art and culture") == ["General Studies 1: Art and culture"]
    assert shapes.syllabus("Syllabus: Federalism") == ["Federalism"]
    assert shapes.syllabus("GS Paper 5: not a paper") == [] and shapes.syllabus("Gsp: x") == []
    assert shapes.breadcrumb("Home / Daily Updates / News") is None and shapes.boilerplate("Home / Daily Updates / News", ())
    assert [line.text for line in clipped.lines if line.text] == ["- point one", "- point two"]


def test_shapes():
    assert shapes.caps_lead("GDP GROWTH: it slowed") == "**GDP GROWTH:** it slowed"
    assert shapes.caps_lead("Note: lower case") is None
    assert shapes.bullet("3) third").numbered
    assert shapes.bullet("– dash point").text == "dash point"
    assert shapes.bullet("-5 degrees") is None
    assert shapes.breadcrumb("> a quote > with > signs") is None
    assert shapes.breadcrumb("x > y") is None


def test_blocks_quotes_and_code_are_kept_as_written():
    text = "• a\n• b\n\n!!! summary\n    • kept as written\n\n> • quoted\n\n```\n• code\n```"
    out = [line.text for line in _convert(text).lines]
    assert "    • kept as written" in out and "> • quoted" in out and "• code" in out


def test_a_markdown_heading_in_a_clipping_converted_anyway_stays_a_heading():
    # `clippings: {detect: on}` converts notes that already have some Markdown: their `#` headings
    # printed as "# RBI keeps …" text before.
    text = "Home > Economy > Banking\n\n# RBI keeps repo rate unchanged\n\n• The MPC has six members\n• SDF is the floor"
    out = [line.text for line in _convert(text).lines]
    assert "# RBI keeps repo rate unchanged" in out
    assert "- The MPC has six members" in out and "## # RBI keeps repo rate unchanged" not in out
