"""The fixture vault (tests/scenarios/vault) built as a whole: links in the PDF and EPUB, warnings, markup."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet import loader, pipeline
from booklet.cli import main
from booklet.errors import Reporter
from conftest import SCENARIOS, build_scenario, copy_scenario, epub_files, epubcheck_messages, page_texts

VAULT = SCENARIOS / "vault" / "notes"
RUSSIA = VAULT / "International Relations" / "India-Russia Relations.md"
DEFENCE = VAULT / "International Relations" / "Defence Cooperation.md"


@pytest.fixture(scope="session")
def vault_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "vault")


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if needle in line)


def _links(reader: PdfReader, page_index: int) -> list[tuple[str, int]]:
    """(destination name, 1-based target page) of every internal link on a page."""
    found = []
    for annotation in reader.pages[page_index].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
            name = str(annotation["/Dest"])
            found.append((name, reader.get_destination_page_number(reader.named_destinations[name]) + 1))
    return found


def _page_with(texts: list[str], pattern: str) -> int:
    return next(n for n, text in enumerate(texts, 1) if re.search(pattern, text, re.M))


def test_wikilinks_are_pdf_links_to_the_pages_of_their_notes_and_headings(vault_build):
    reader = PdfReader(vault_build["pdf"])
    texts = page_texts(vault_build["pdf"])
    russia = _page_with(texts, r"^India and Russia call their tie")
    defence = _page_with(texts, r"^Defence is the oldest pillar")
    deliveries = _page_with(texts, r"^S-400 deliveries$")
    question_hour = _page_with(texts, r"^Question Hour$")
    assert russia < defence < deliveries < question_hour  # the heading is not on its topic's first page
    links = dict(_links(reader, russia - 1))
    assert links["defence-cooperation"] == defence
    assert links["defence-cooperation--s-400-deliveries"] == deliveries
    assert dict(_links(reader, defence - 1))["parliament--question-hour"] == question_hour
    # and the text tells the reader the page
    assert f"Defence Cooperation (p.\xa0{defence})" in texts[russia - 1]
    assert f"the S-400 story (p.\xa0{deliveries})" in texts[russia - 1]


def test_wikilinks_are_epub_links_to_the_right_file_and_anchor(vault_build):
    files = epub_files(vault_build["epub"])
    russia = files["EPUB/india-russia-relations.xhtml"]
    hrefs = re.findall(r'<a class="internal-link" href="([^"]+)"', russia)
    assert hrefs == ["defence-cooperation.xhtml#defence-cooperation",
                     "defence-cooperation.xhtml#defence-cooperation--s-400-deliveries",
                     "#india-russia-relations--pillars-of-the-partnership",
                     "#india-russia-relations--energy-and-trade",
                     "defence-cooperation.xhtml#defence-cooperation",
                     "overview.xhtml#overview"]
    for href in hrefs:
        file, anchor = href.split("#")
        assert f'id="{anchor}"' in files[f"EPUB/{file or 'india-russia-relations.xhtml'}"], href


def test_the_vault_booklet_passes_epubcheck(vault_build):
    assert epubcheck_messages(vault_build["epub"]) == []


def test_check_lists_every_link_and_embed_that_cannot_be_shown(run):
    result = run("check", SCENARIOS / "vault" / "vault.yml")
    assert result.code == 0, result.err
    warnings = [l for l in result.err.splitlines() if ": warning: " in l]
    expected = [
        (DEFENCE, "![[S-400 Deal#Costs]]", "no heading 'Costs'"),
        (DEFENCE, "![[sukhoi-diagram.png|250]]", "nothing named 'sukhoi-diagram.png' in the vault"),
        (RUSSIA, "[[Energy Security", "no note named 'Energy Security' in the vault"),
        (RUSSIA, "[[Unlisted Note]]", "links to Unlisted Note.md, which is not in this booklet"),
        (VAULT / "Polity" / "Overview.md", "[[International Relations/Overview", "not in this booklet"),
        (VAULT / "Polity" / "Parliament.md", "[[Missing Note]]", "no note named 'Missing Note'"),
    ]
    for path, needle, message in expected:
        prefix = f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:{_line(path, needle)}:"
        assert any(w.startswith(prefix) and message in w for w in warnings), (prefix, message, result.err)
    assert len(warnings) == len(expected), result.err
    assert "Daily" not in result.err  # a date link is a stamp, not a dead link


def test_strict_turns_the_vault_warnings_into_errors(run, tmp_path):
    project = copy_scenario("vault", tmp_path)
    result = run("build", "vault.yml", "--strict", cwd=project)
    assert result.code == 1 and "nothing was written" in result.err


def test_vault_markup_renders_as_in_obsidian(vault_build):
    html = vault_build["html"].read_text()
    russia = html[html.index('id="india-russia-relations"'):html.index('id="defence-cooperation"')]
    assert "dg-publish" not in html and "permalink" not in html          # JSON front matter
    assert '<p class="note-date">12-04-2021-Monday</p>' in russia       # the date link on the first line
    assert "<mark>Rupee-rouble settlement</mark>" in russia and "<del>barter trade</del>" in russia
    assert "%%" not in html and "comment" not in russia and "commerce ministry" not in russia
    assert 'type="checkbox" disabled checked' in russia                 # task lists
    assert re.search(r'class="admonition note[^"]*">\s*<p class="admonition-title">Fold marker callout', russia)
    assert re.search(r"<li>discounted crude since 2022<ul>\s*<li>paid partly", russia)  # tab-indented list
    assert re.search(r"Trade goals of the two governments:</p>\s*<ul>", russia)          # list under a line
    assert "<h2>- " not in russia and "<li></li>" not in russia          # the empty item
    assert "transclusion" not in html and "markdown-embed" not in html   # published embed wrapper
    assert "Published embed: Soviet legacy</h3>" in russia and "<strong>most platforms</strong>" in russia
    assert '<span class="tag">#gs2/ir</span>' in russia and '<span class="tag">#exercise</span>' in russia
    assert "#introduction" not in html and "#conclusion" not in html
    assert "India and Russia call their tie" in russia and "Each side values the tie" in russia


def test_pyq_blockquotes_become_numbered_practice_questions_with_exam_and_year():
    reporter = Reporter()
    prepared = pipeline.prepare(loader.load_manifest(SCENARIOS / "vault" / "vault.yml", reporter), reporter)
    questions = [q for t in prepared.rendered.topics for q in t.extras.get("questions", ())]
    parliament = VAULT / "Polity" / "Parliament.md"
    assert [(q.number, q.tags.exam, q.tags.year, q.location.path.name, q.location.line) for q in questions] == [
        (1, "Mains", 2004, RUSSIA.name, _line(RUSSIA, "#PYMQ 2004")),
        (2, "Prelims", 2019, RUSSIA.name, _line(RUSSIA, "> Which one of the following groupings")),
        (3, "Mains", 2013, parliament.name, _line(parliament, "#PYMQ 2013")),
    ]  # numbered through the booklet, and each knows the line it came from
    assert "strategic partnership with Russia in a changing world order." in questions[0].stem_html
    assert "#PYMQ" not in questions[0].stem_html and "(a) G7 (b) SCO" in questions[1].stem_html


def test_pyq_blockquotes_reach_the_answer_key_and_the_pyq_table(vault_build):
    texts = page_texts(vault_build["pdf"])
    flat = [re.sub(r"[ \n]+", " ", t) for t in texts]
    q1 = _page_with(texts, r"^Q1 Mains 2004$")
    q2 = _page_with(texts, r"^Q2 Prelims 2019$")
    q3 = _page_with(texts, r"^Q3 Mains 2013$")
    assert "Practice questions" in texts[q1 - 1] and "Practice questions" in texts[q3 - 1]
    key = flat[_page_with(texts, r"^Answer key\n") - 1]
    for number, page, tags in ((1, q1, "Mains 2004"), (2, q2, "Prelims 2019"), (3, q3, "Mains 2013")):
        assert f"Q{number}, p.\xa0{page} {tags}" in key, key
    table = flat[_page_with(texts, r"^Previous-year questions\n") - 1]
    mains, prelims = table.split(" Prelims ")
    assert f"2013 Q3, p.\xa0{q3} Discuss the role of the Rajya Sabha" in mains
    assert f"2004 Q1, p.\xa0{q1} Explain the significance of India’s strategic partnership" in mains
    assert f"2019 Q2, p.\xa0{q2} Which one of the following groupings" in prelims
    html = vault_build["html"].read_text()
    assert "#PYMQ" not in html and "#PYPQ" not in html


def test_the_documented_example_vault_builds_without_a_warning(run):
    result = run("check", Path(__file__).parent.parent / "docs" / "examples" / "obsidian" / "booklet.yml")
    assert result.code == 0 and result.err == ""


def test_image_file_names_with_spaces_work_in_every_format(run, tmp_path):
    # Obsidian names pasted images "Pasted image 2021….png"; an EPUB must not have spaces in its names.
    (tmp_path / "img").mkdir()
    shutil.copy(VAULT / "Attachments" / "trade-basket.png", tmp_path / "img" / "Pasted image 1.png")
    shutil.copy(VAULT / "Attachments" / "trade-basket.png", tmp_path / "img" / "Pasted-image-1.png")
    (tmp_path / "a.md").write_text("# A\n\n![one](img/Pasted%20image%201.png) ![two](img/Pasted-image-1.png)\n")
    (tmp_path / "b.yml").write_text("title: T\nparts:\n  - title: P\n    topics: [a.md]\n")
    assert run("build", "b.yml", "-f", "pdf,epub,html", cwd=tmp_path).code == 0
    files = epub_files(tmp_path / "build" / "b.epub")
    images = sorted(name for name in files if name.startswith("EPUB/images/"))
    assert images == ["EPUB/images/img/Pasted-image-1-2.png", "EPUB/images/img/Pasted-image-1.png"]
    assert epubcheck_messages(tmp_path / "build" / "b.epub") == []
    assert (tmp_path / "build" / "b.html").read_text().count("data:image/png;base64,") == 2
