"""Quotes after inline elements, and the print-only passes that keep words whole and lines full."""

from collections import defaultdict

import pdfplumber
import pytest
from lxml import html

from booklet.cli import main
from booklet.quotes import fix_quotes
from booklet.writers.print_html import breakable_urls, keep_last_words, plain_abbreviations


def _fixed(fragment: str) -> str:
    tree = html.fragment_fromstring(fragment, create_parent="div")
    fix_quotes(None, tree, None)
    return tree.text_content()


def test_a_quote_after_an_abbreviation_or_bold_closes():
    # smarty opened it: the text after </abbr> starts with the quote.
    assert _fixed("<p>Theme <strong>“Towards a SECURE <abbr>SCO</abbr>“</strong>, built</p>") == \
        "Theme “Towards a SECURE SCO”, built"
    assert _fixed("<p>the <em>“G20</em>“ summit and <b>(2023)</b>“.</p>") == "the “G20” summit and (2023)”."
    assert _fixed("<p>‘<abbr>RIC</abbr>‘ format</p>") == "‘RIC’ format"


def test_opening_quotes_and_code_stay():
    assert _fixed("<p>the <em>word</em> “quoted” and <b>x</b> “Bold”</p>") == "the word “quoted” and x “Bold”"
    assert _fixed("<p><abbr>SCO</abbr> “new”<code>a“</code></p>") == "SCO “new”a“"


def _print(fragment: str) -> str:
    tree = html.fragment_fromstring(fragment, create_parent="div")
    plain_abbreviations(tree)
    keep_last_words(tree)
    return html.tostring(tree, encoding="unicode")


def test_the_last_long_word_of_each_block_is_kept_whole():
    out = _print("<p>A question about <strong>international</strong> relations.</p>"
                 "<ul><li>Item on cooperation<ul><li>nested sentence</li></ul></li></ul>"
                 "<p>ends on <a href='#x'>partnership</a>.</p><p>short end.</p>")
    assert '<span class="last-word">relations.</span>' in out
    assert '<span class="last-word">cooperation</span><ul>' in out
    assert '<span class="last-word">sentence</span>' in out
    assert '<a href="#x"><span class="last-word">partnership</span></a>.' in out
    assert out.count("last-word") == 4  # "end." is too short to hyphenate anyway


def test_abbreviations_print_as_plain_text():
    assert _print("<p>six <abbr title='x'>VVER</abbr>-1000 units</p>") == \
        '<div><p>six VVER-1000 <span class="last-word">units</span></p></div>'.replace(
            '<span class="last-word">units</span>', "units")


def test_web_addresses_in_the_text_get_places_to_break_and_links_that_show_theirs_are_marked():
    tree = html.fragment_fromstring(
        "<p>See https://example.org/a_long_name/page.html, then <a href='https://x.org/p'>https://x.org/p</a>"
        " and <a href='https://y.org'>the site</a> and <code>https://z.org/code</code>.</p>", create_parent="div")
    breakable_urls(tree)
    out = html.tostring(tree, encoding="unicode")
    assert ('<span class="url">https://<wbr>example.<wbr>org/<wbr>a_<wbr>long_<wbr>name/<wbr>page.<wbr>html</span>,'
            in out.replace("</wbr>", ""))
    assert '<a href="https://x.org/p" class="url">https://<wbr>' in out
    assert '<a href="https://y.org">the site</a>' in out  # its address is printed after it by print.css
    assert "<code>https://z.org/code</code>" in out


SOURCES = """---
title: "Where the numbers come from"
---

## Reading

Before the exam read the chapter on the neighbourhood in the [yearly report of the foreign ministry for
2023 and 2024](https://www.mea.gov.in/Uploads/PublicationDocs/37250_MEA_Annual_Report_2023_English.pdf)
and set its tone beside the earlier editions of the same report.

The treaty text sits at https://www.mea.gov.in/bilateral-documents.htm?dtl/5139/Agreement_on_Trade_and_Intercourse_between_Tibet_Region_of_China_and_India
and repays a slow reading of its preamble, which is where the five principles were first written down.

The conduct rules are at <https://www.mea.gov.in/Images/CPV/Rules_for_the_conduct_of_bilateral_talks_and_visits.pdf>,
an address long enough that a student copying it by hand wants it whole and without a hyphen in it.

Trade totals by year and by country come from the [Export Import Data Bank](https://tradestat.commerce.gov.in/eidb/default.asp)
kept by the commerce department, which also gives totals by commodity group for every partner.
"""


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_no_gappy_line_next_to_a_link_or_a_web_address(tmp_path, size):
    (tmp_path / "sources.md").write_text(SOURCES, encoding="utf-8")
    (tmp_path / "book.yml").write_text("title: Links\nmindmaps: off\nparts:\n  - title: Part\n    topics:\n"
                                       "      - sources.md\n", encoding="utf-8")
    assert main(["build", str(tmp_path / "book.yml"), "--format", "pdf", "--out", str(tmp_path / "out"),
                 "--page-size", size]) == 0
    with pdfplumber.open(tmp_path / "out" / "book.pdf") as pdf:
        lines = [line for page in pdf.pages for line in _body_lines(page)]
    text = "".join(line["text"] for line in lines)
    assert "Agreement_on_Trade_and_Intercourse_between_Tibet_Region_of_China_and_India" in text
    assert "Rules_for_the_conduct_of_bilateral_talks_and_visits.pdf" in text  # whole, no hyphen added
    assert text.count("Rules_for_the_conduct") == 1  # an address shown as a link is not printed twice
    gappy = [(line["text"], round(line["fill"], 2)) for line, following in zip(lines, lines[1:])
             if not _ends_paragraph(line, following) and line["fill"] < 0.6]
    assert gappy == [], size


def _body_lines(page) -> list[dict]:
    """The page's lines of body text (set in the body's size: no headings, no running heads), top
    to bottom, each with its share of the text column's width."""
    rows = defaultdict(list)
    for char in page.chars:
        rows[round(page.height - char["matrix"][5])].append(char)  # by baseline: 8 pt addresses share it
    lines = []
    for bottom, chars in sorted(rows.items()):
        chars.sort(key=lambda char: char["x0"])
        size = round(max(char["size"] for char in chars), 1)
        lines.append({"bottom": bottom, "x0": chars[0]["x0"], "x1": chars[-1]["x1"], "size": size,
                      "text": "".join(char["text"] for char in chars)})
    sizes = [line["size"] for line in lines]
    body = max(set(sizes), key=sizes.count) if sizes else 0
    lines = [line for line in lines if line["size"] == body]
    left = min((line["x0"] for line in lines), default=0)
    right = max((line["x1"] for line in lines), default=1)
    for line in lines:
        line["fill"] = (line["x1"] - line["x0"]) / (right - left)
    return lines


def _ends_paragraph(line: dict, following: dict) -> bool:
    # The next line of a paragraph follows at one line's pitch; a new block is further down
    # (a paragraph's margin) or on another page (higher up).
    return not 0 < following["bottom"] - line["bottom"] < 1.6 * line["size"]
