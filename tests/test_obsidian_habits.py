"""Vault habits: previous-year questions in every form, and Obsidian's line breaks (strict on and off)."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.obsidian import pyq
from booklet.obsidian.lines import of_text
from conftest import SCENARIOS, build_scenario, copy_scenario, epubcheck_messages, page_texts

QUESTIONS = [
    ("Mains 2017", "Examine the role of Japanese aid in India’s north-east."),
    ("Mains 1981", "When was the India-Japan peace treaty signed, and what did it settle?"),
    ("Mains 2020", "What makes the defence equipment deals between the two significant?"),
    ("Prelims 2019", "Which of these is a Japanese-funded project? (a) Delhi Metro (b) Bhakra dam"),
    ("Mains 2015", "Discuss the Act East policy with reference to Japan."),
    ("Mains 2018", "Explain the Asia-Africa Growth Corridor."),
]


@pytest.fixture(scope="session")
def habits_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "habits")


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "strict")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_pyq_form_reaches_practice_questions(habits_build):
    pages = page_texts(habits_build["pdf"])
    topic = _flat(next(p for p in pages if "Practice questions" in p))
    for number, (exam, text) in enumerate(QUESTIONS, 1):
        assert f"Q{number} {exam} {text}" in topic
    assert "#PY" not in "\n".join(pages).upper()


def test_every_pyq_form_reaches_the_answer_key_and_the_pyq_table(habits_build):
    pages = page_texts(habits_build["pdf"])
    key = _flat(next(p for p in pages if p.startswith("Answer key")))
    table = _flat(next(p for p in pages if p.startswith("Previous-year questions")))
    for number, (exam, text) in enumerate(QUESTIONS, 1):
        assert f"Q{number}, p. 4 {exam}" in key
        assert f"{exam.split()[1]} Q{number}, p. 4" in table


def test_the_list_around_the_questions_stays_whole(habits_build):
    html = habits_build["html"].read_text()
    assert "<li>Another plain point" in html
    assert "<li>The plain sibling stays in the list</li>" in html
    assert "&gt;" not in html.split("Practice questions")[0].split("India-Japan PYQs")[-1]


def test_obsidian_line_breaks_follow_the_vault(habits_build, strict_build):
    loose = _flat(next(p for p in page_texts(habits_build["pdf"]) if "Polity MCQs" in p and "(a)" in p))
    lines = next(p for p in page_texts(habits_build["pdf"]) if "(a) The President" in p).splitlines()
    assert "(a) The President" in lines and "(d) The Speaker" in lines, loose
    strict = next(p for p in page_texts(strict_build["pdf"]) if "(a) The President" in p)
    assert "Who is the head of the Union executive? (a) The President (b) The Prime Minister" in _flat(strict)
    assert "(a) The President" not in strict.splitlines()


def test_the_manifest_key_sets_breaks_outside_a_vault(strict_build):
    page = next(p for p in page_texts(strict_build["pdf"]) if "Dakshin" in p)
    assert "(a) Godavari" in page.splitlines() and "(b) Krishna" in page.splitlines()


def test_habit_epubs_pass_epubcheck(habits_build, strict_build):
    assert epubcheck_messages(habits_build["epub"]) == []
    assert epubcheck_messages(strict_build["epub"]) == []


def _convert(text: str) -> list[str]:
    return [line.text for line in pyq.convert(of_text(text, Path("n.md"), 1))]


def test_year_before_the_tag_and_spaces_for_nesting():
    assert pyq.exam_title("x 2019 #PYPQ") == "Prelims 2019"
    assert pyq.exam_title("x #PYPQ 2019") == "Prelims 2019"
    out = _convert("- Parent\n    - > Asked as a nested item? 2011 #pymq\n- Next")
    assert out == ["- Parent", "- Next", "", '!!! question "Mains 2011"', "    Asked as a nested item?", "", ""]


def test_list_items_keep_their_source_lines():
    lines = pyq.convert(of_text("- >Q one? #PYMQ 2001\n- plain", Path("n.md"), 10))
    header = next(line for line in lines if line.text.startswith("!!!"))
    assert header.where.line == 10


def test_tags_in_code_are_not_questions():
    assert _convert("- `#PYMQ 2004` is the tag") == ["- `#PYMQ 2004` is the tag"]


def _topic_page(build, title: str) -> str:
    return next(p for p in page_texts(build["pdf"]) if f"\n{title}\n" in p and "Contents" not in p
                and not p.startswith("PART"))


def test_callout_under_a_paragraph_tags_aliases_and_links_without_md(habits_build):
    page = _topic_page(habits_build, "Constitution basics")
    lines = page.splitlines()
    assert "B. R. AMBEDKAR" in lines and "[!quote]" not in page  # a callout, not a quote with raw syntax
    assert "#polity #gs2" in lines  # front-matter tags, as tag labels under the title
    html = habits_build["html"].read_text()
    # A Markdown link to a note without .md; an internal link, printed with its page (f4e2632).
    assert '<a href="#polity-mcqs" class="internal-link">the MCQs</a>' in html
    assert "the amendment limits (p.\xa0" in page  # a wikilink through the note's alias


def test_a_first_heading_equal_to_the_title_is_not_repeated(habits_build):
    page = _topic_page(habits_build, "Constitution basics")
    body = page.split("#polity #gs2", 1)[1]
    assert "Constitution basics" not in body.rsplit("Practice", 1)[0]


def test_scripts_are_named_in_a_warning(run):
    result = run("check", SCENARIOS / "habits" / "habits.yml")
    assert result.code == 0
    assert ("notes/Polity/Constitution basics.md:16: warning: a <script> block is left out: a booklet runs no "
            "scripts") in result.err


def test_init_skips_templates_and_drawings_and_takes_the_map_title(run, tmp_path):
    vault = copy_scenario("habits", tmp_path) / "notes"
    manifest = tmp_path / "habits" / "new.yml"
    result = run("init", "--from-vault", vault, "--out", manifest)
    assert result.code == 0, result.err
    text = manifest.read_text()
    assert 'title: "Polity and IR revision"' in text  # from Home.md, the vault's map of content
    assert "Topic template" not in text and "Sketch" not in text and "canvas" not in text
    assert '"Constitution basics"' in text and '"India-Japan PYQs"' in text


def test_init_names_an_underscore_notes_folder_after_its_project(run, tmp_path):
    vault = tmp_path / "upsc-garden" / "_notes"
    vault.mkdir(parents=True)
    (vault / "Federalism.md").write_text("# Federalism\n\nText.\n")
    result = run("init", "--from-vault", vault, "--out", tmp_path / "upsc-garden" / "booklet.yml")
    assert result.code == 0, result.err
    assert 'title: "upsc-garden"' in (tmp_path / "upsc-garden" / "booklet.yml").read_text()


def test_excalidraw_topics_are_named_in_a_warning(run, tmp_path):
    project = copy_scenario("habits", tmp_path)
    (project / "draw.yml").write_text('title: D\nvault: notes\nparts:\n  - title: P\n    topics:\n'
                                      '      - Sketch.excalidraw\n')
    result = run("check", project / "draw.yml")
    assert "Sketch.excalidraw.md:1: warning: 'Sketch.excalidraw' is an Excalidraw drawing" in result.err


def test_unreadable_obsidian_settings_are_a_warning_and_obsidian_s_default(tmp_path):
    from booklet.errors import Reporter
    from booklet.obsidian.linebreaks import strict_line_breaks

    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text('{"strictLineBreaks": true,\n}')
    reporter = Reporter()
    assert strict_line_breaks(tmp_path, reporter) is False
    assert [str(d).split(": warning: ")[0].endswith("app.json:2") for d in reporter.warnings] == [True]


def test_the_repeated_title_heading_leaves_the_source_so_the_map_cannot_repeat_it(tmp_path):
    from booklet.loader import load_topic

    note = tmp_path / "n.md"
    note.write_text('---\ntitle: "Fiscal *deficit*"\n---\n\n# Fiscal deficit\n\n## Meaning\n\nText.\n')
    topic = load_topic(note, "topic", set())
    assert "# Fiscal deficit" not in topic.source and "## Meaning" in topic.source
    assert topic.location(topic.source.split("\n").index("## Meaning") + 1).line == 7  # lines stay aligned
    other = tmp_path / "o.md"
    other.write_text('---\ntitle: "Fiscal deficit"\n---\n\nIntro first.\n\n# Fiscal deficit\n')
    assert "# Fiscal deficit" in load_topic(other, "topic", set()).source  # not the first thing: kept


def test_a_one_line_paragraph_with_a_tag_is_a_question_and_no_tag_prints_raw():
    out = _convert("Intro.\n\nExplain the Look East policy. #PYMQ 2015\n\nAfter")
    assert out[2:4] == ['!!! question "Mains 2015"', "    Explain the Look East policy."]
    import markdown

    from booklet.obsidian.tags import TagExtension
    html = markdown.markdown("Two lines of a paragraph\nwith a tag #PYMQ 2015 inside", extensions=[TagExtension()])
    assert "PYMQ" not in html and 'class="tag"' not in html
