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


# An article as a web clipper saves it (MarkDownload, Obsidian Web Clipper): already Markdown, with
# a `#` title and `*   ` points, and the site's trail, share buttons, dateline, caption and promotions.
CLIPPED_MARKDOWN = """\
[Home](https://news.example.in/) > [Explained](https://news.example.in/explained/) > Science

# Why India is betting on small modular reactors

*   [Share on Facebook](https://facebook.com/sharer?u=x)
*   [Share on X](https://x.com/intent/tweet?u=x)

Updated: Nov 28, 2026 09:15 IST

![A model of a small modular reactor](https://img.news.example.in/smr.jpg)
A model of a small modular reactor at an expo. (File photo)

The Budget set up a Nuclear Energy Mission for research on small modular reactors.

## What are SMRs?

*   Reactors of up to 300 MW(e) a unit.
*   India's share of nuclear power in its electricity is about 3%.

**Also Read:** [India's nuclear liability law, explained](https://news.example.in/explained/liability)

Advertisement
"""

# A note a student wrote in Markdown, with the things a student writes too: a syllabus tag line,
# a cause-and-effect flow with `>`, a point that starts with "Share", and the page it came from.
WRITTEN_MARKDOWN = """\
# Fiscal federalism

GS Paper 2: Polity and governance
For Mains: link with cooperative federalism

*   Share of states in central taxes: 41% (15th Finance Commission)
*   Cess and surcharge > smaller divisible pool > states lose
*   Comments of the Commission on grants

## Grants

*   Revenue deficit grants under Article 275
"""


def test_an_article_a_clipper_saved_as_markdown_is_detected():
    assert convert.looks_clipped(_lines(CLIPPED_MARKDOWN))
    # Its front matter alone (`source:` a web address) and one mark of the page are enough.
    body = "# Title\n\n* A point\n* Another\n\nAdvertisement\n"
    assert not convert.looks_clipped(_lines(body))
    assert convert.looks_clipped(_lines(body), {"source": "https://news.example.in/a", "tags": ["clippings"]})


def test_a_written_markdown_note_with_a_tag_line_a_flow_and_its_source_is_not_a_clipping():
    assert not convert.looks_clipped(_lines(WRITTEN_MARKDOWN))
    assert not convert.looks_clipped(_lines(WRITTEN_MARKDOWN), {"source": "https://pib.gov.in/release"})


def test_a_markdown_clipping_keeps_its_lists_and_drops_the_sites_lines():
    out = [line.text for line in _convert(CLIPPED_MARKDOWN, "Why India is betting on small modular reactors").lines]
    text = "\n".join(out)
    for gone in ("Share on", "Updated:", "Also Read", "Advertisement", "Home", "# Why India"):
        assert gone not in text, gone
    # The points stay one tight list (no blank line between them), the caption is not a heading.
    at = out.index("*   Reactors of up to 300 MW(e) a unit.")
    assert out[at + 1] == "*   India's share of nuclear power in its electricity is about 3%."
    assert "*A model of a small modular reactor at an expo. (File photo)*" in out
    assert "## What are SMRs?" in out


def test_a_one_word_site_phrase_drops_only_a_line_of_site_words():
    for site in ("Share", "Share on WhatsApp", "Comments (12)", "Facebook Twitter WhatsApp", "Subscribe to our newsletter"):
        assert shapes.boilerplate(site, DEFAULT_BOILERPLATE), site
    for point in ("• India's share of global exports is 2%", "Share of services in GDP: 55%",
                  "➤ Comments by the Court were critical", "Facebook's parent was fined under the DPDP Act"):
        assert not shapes.boilerplate(point, DEFAULT_BOILERPLATE), point


def test_a_news_sites_byline_buttons_and_a_left_behind_caption_are_dropped_and_its_headline_is_no_heading():
    # A news page pasted as text into a note saved as "Heatwave action plans" (no front matter).
    text = ("Home > Explained > Climate\n"
            "Heatwave action plans: why most Indian cities are not ready\n"
            "By Staff Reporter | New Delhi | Updated: May 21, 2026 07:40 IST\n"
            "Share\nCopy link\n"
            "India recorded over 40,000 suspected heatstroke cases in the summer of 2024, the ministry said.\n"
            "Photo: Workers rest under a flyover in Delhi on a hot afternoon. (Express Photo)\n"
            "What is a heat action plan?\n"
            "• A city's plan for a heatwave.\n• Ahmedabad made the first one in 2013.\n"
            "By 2030, every district is to have one | the NDMA says\n")
    out = [line.text for line in _convert(text, "Heatwave action plans").lines if line.text]
    assert out[0] == "*Heatwave action plans: why most Indian cities are not ready*"   # a line, not a heading
    assert not any(gone in line for line in out for gone in ("By Staff", "Copy link", "Photo:", "Share"))
    assert "## What is a heat action plan?" in out and "- A city's plan for a heatwave." in out
    assert "By 2030, every district is to have one | the NDMA says" in out   # no date word: a sentence
    # A caption right under its picture stays, as the picture's caption.
    pictured = _convert("![Workers](https://img.example.in/a.jpg)\nWorkers rest under a flyover. (File photo)\n"
                        "Some text of the article that is long enough to be its body paragraph here.")
    assert "*Workers rest under a flyover. (File photo)*" in [line.text for line in pictured.lines]
