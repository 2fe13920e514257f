"""The clippings scenario built once: clipped articles read as structured notes in the PDF and EPUB."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from lxml import html as lxml_html

from conftest import SCENARIOS, build_scenario, epubcheck_messages, page_texts

CLIPPED = ("Why the Quad matters to Tokyo", "India and the Arctic Council", "Cheetah reintroduction",
           "Green hydrogen mission explained")


@pytest.fixture(scope="session")
def clippings_build(tmp_path_factory) -> dict[str, Path]:
    return build_scenario(tmp_path_factory, "clippings")


@pytest.fixture(scope="session")
def pages(clippings_build) -> list[str]:
    return page_texts(clippings_build["pdf"])


@pytest.fixture(scope="session")
def articles(clippings_build) -> dict[str, lxml_html.HtmlElement]:
    tree = lxml_html.fromstring(clippings_build["html"].read_bytes())
    return {a.findtext(".//h1"): a for a in tree.iter("article")}


def test_glyph_bullets_are_separate_list_items_under_headings(articles, pages):
    quad = articles["Why the Quad matters to Tokyo"]
    section = quad.xpath(".//h2[contains(., 'Why in the news?')]/following-sibling::ul[1]")[0]
    items = [" ".join(li.text_content().split()) for li in section.xpath("./li")]
    assert len(items) == 3
    assert items[0] == "Japan joined the Malabar exercise as a permanent member in 2015."
    nested = section.xpath("./li[2]/ul/li")
    assert [" ".join(li.text_content().split()) for li in nested] == [
        "A foreign and defence ministers’ 2+2 dialogue, running since 2019.",
        "A fresh push for the bullet-train corridor.",
    ]
    text = "\n".join(pages)
    # Printed as list items on lines of their own (after the list marker), not one paragraph of glyphs.
    lines = [" ".join(line.split()).lstrip("•–◦▪ ") for line in text.splitlines()]
    assert "Japan joined the Malabar exercise as a permanent member in 2015." in lines
    assert "Key outcomes of the last summit:" in lines
    assert "Observers attend meetings but cannot vote." in lines
    assert not any("➢" in line or "●" in line for line in lines)


def test_numbered_and_tab_nested_points(articles):
    arctic = articles["India and the Arctic Council"]
    ordered = arctic.xpath(".//h2[contains(., 'stake in the Arctic')]/following-sibling::ol[1]/li")
    assert len(ordered) == 3 and ordered[0].text_content().startswith("Melting ice")
    hydrogen = articles["Green hydrogen mission explained"]
    uses = hydrogen.xpath(".//li[starts-with(normalize-space(.), 'Uses it is meant for')]/ul/li")
    assert [li.text_content().strip() for li in uses] == [
        "Fertiliser plants that now burn natural gas", "Steel making", "Long-haul trucks and ships"]


def test_caps_lead_in_is_a_bold_lead_phrase(articles):
    strong = articles["Why the Quad matters to Tokyo"].xpath(".//p/strong")
    assert "MILITARY PACTS:" in [s.text for s in strong]


def test_each_article_has_a_map(pages, articles):
    for title in CLIPPED:
        assert articles[title].xpath(".//svg|.//*[local-name()='svg']"), title
    # In the PDF each section heading prints twice: in the text and as a branch of the topic's map.
    flat = " ".join("\n".join(pages).split())
    for branch in ("Where the ties are weak", "What is the Arctic Council?", "Hurdles ahead", "Way Forward"):
        assert flat.count(branch) == 2, branch


def test_syllabus_lines_are_tags_not_text(articles, pages):
    quad = articles["Why the Quad matters to Tokyo"]
    tags = [" ".join(t.text_content().split()) for t in quad.xpath(".//*[@class='syllabus-tag']")]
    assert tags == ["Prelims: Malabar naval exercise", "Mains: Paper 2- India-Japan relations",
                    "Mains › International relations › India and Global Powers"]
    body = " ".join(quad.xpath(".//div[@class='topic-body']")[0].text_content().split())
    assert "level:" not in body and "Global Powers" not in body
    cheetah = articles["Cheetah reintroduction"]
    tags = [" ".join(t.text_content().split()) for t in cheetah.xpath(".//*[@class='syllabus-tag']")]
    assert tags == ["GS Paper 3", "Conservation", "Biodiversity",
                    "Prelims: Project Cheetah, Kuno National Park, IUCN status", "Mains: Challenges of translocation"]
    text = "\n".join(pages)
    assert "Prelims: Malabar naval exercise" in text
    assert "Prelims level" not in text and "Mains level" not in text


def test_boilerplate_is_gone(pages):
    text = " ".join("\n".join(pages).split()).casefold()
    for phrase in ("subscribe", "log in", "share this", "read more", "newsletter", "telegram",
                   "from upsc perspective", "jul 14", "join our mentorship", "daily updates", "print pdf",
                   "facebook"):
        assert phrase not in text, phrase


def test_the_title_line_is_not_repeated(articles):
    body = articles["Green hydrogen mission explained"].xpath(".//div[@class='topic-body']")[0]
    assert "Green hydrogen mission explained" not in body.text_content()


def test_revision_blocks_work_in_a_clipping(pages):
    text = "\n".join(pages)
    assert "India watches the Arctic for its monsoon" in text.replace("\n", " ")
    practice = [t for t in pages if "Practice questions" in t]
    assert any("green hydrogen" in t for t in practice)


def test_written_notes_and_opted_out_notes_are_left_alone(articles):
    written = articles["Monetary policy basics"]
    assert len(written.xpath(".//div[@class='topic-body']//ul/li")) == 2 and not written.xpath(".//*[@class='topic-syllabus']")
    pasted = articles["Pasted press release"]
    assert not pasted.xpath(".//div[@class='topic-body']//li")
    assert "• These bullets stay" in pasted.text_content()


def test_check_lists_the_clippings(run):
    result = run("check", SCENARIOS / "clippings" / "clippings.yml")
    assert result.code == 0, result.err
    listed = re.findall(r"notes/(.+?)\.md: treated as a web clipping", result.out)
    assert listed == list(CLIPPED)


def test_epub_passes_epubcheck(clippings_build):
    assert epubcheck_messages(clippings_build["epub"]) == []


def test_a_pipe_table_in_a_clipping_stays_a_table(articles, clippings_build):
    cheetah = articles["Cheetah reintroduction"]
    rows = [[" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")] for tr in cheetah.xpath(".//table//tr")]
    assert rows == [["Batch", "Source country", "Animals"], ["First", "Namibia", "8"], ["Second", "South Africa", "12"]]
    with pdfplumber.open(clippings_build["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "South Africa" in (p.extract_text() or ""))
        text = page.extract_text()
        # Printed as a table: cells side by side on a row, no pipes or dashes of the source.
        assert "Second South Africa 12" in " ".join(text.split())
        assert "|" not in text and "---" not in text


def test_emoji_bullets_are_list_items(articles, pages):
    hydrogen = articles["Green hydrogen mission explained"]
    items = hydrogen.xpath(".//h2[contains(., 'What India has done so far')]/following-sibling::ul[1]/li")
    assert [(li.text or "").strip() for li in items] == [  # each item's own text, before any nested list
        "Incentives for making electrolysers at home.", "Hydrogen hubs planned at large ports.",
        "A standard that says how little carbon “green” may carry."]
    assert [li.text_content().strip() for li in items[1].xpath("./ul/li")] == ["Kandla and Paradip were named first."]
    text = "\n".join(pages)
    assert "Kandla and Paradip were named first." in text
    assert not any(glyph in text for glyph in "🔹✅▶")


def test_an_article_saved_as_markdown_by_a_web_clipper_is_treated_as_a_clipping(run, tmp_path):
    from test_clippings_convert import CLIPPED_MARKDOWN, WRITTEN_MARKDOWN

    (tmp_path / "notes").mkdir()
    (tmp_path / "booklet.yml").write_text(
        'title: "Clipped"\nparts:\n  - title: "Notes"\n    topics:\n      - notes/smr.md\n      - notes/federalism.md\n', encoding="utf-8")
    (tmp_path / "notes" / "smr.md").write_text(
        '---\ntitle: "Why India is betting on small modular reactors"\n'
        'source: "https://news.example.in/explained/smr-1234"\ntags: [clippings]\n---\n' + CLIPPED_MARKDOWN,
        encoding="utf-8")
    (tmp_path / "notes" / "federalism.md").write_text(WRITTEN_MARKDOWN, encoding="utf-8")
    result = run("check", "booklet.yml", cwd=tmp_path)
    assert result.code == 0, result.err
    assert re.findall(r"notes/(.+?)\.md: treated as a web clipping", result.out) == ["smr"]
    assert run("build", "--format", "html", cwd=tmp_path).code == 0
    tree = lxml_html.fromstring((tmp_path / "build" / "booklet.html").read_bytes())
    smr, federalism = tree.iter("article")
    text = " ".join(smr.text_content().split())
    assert "Share on" not in text and "Advertisement" not in text and "Also Read" not in text
    assert [" ".join(li.text_content().split()) for li in smr.xpath(".//div[@class='topic-body']//ul/li")] == [
        "Reactors of up to 300 MW(e) a unit.", "India’s share of nuclear power in its electricity is about 3%."]
    assert len(smr.xpath(".//h1")) == 1   # the clipper's `# Title` is not printed under the topic's
    assert "Share of states in central taxes: 41%" in federalism.text_content()
