"""Well-filled pages: the sample at A4 and at A5 (the README's home-printing recipe). No body page
is under a third full unless it ends a section, is a part page or a deliberate blank; a
section's last page is rarely under a quarter full: at most one section in 40 ends on such a page
(one of the A4 sample's 58 section ends, one of the A5 sample's 72; both have none today)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from block_support import SAMPLE, sample_build  # noqa: F401 (fixture)
from booklet.cli import main
from conftest import build_once, page_texts
from pagefill import pages, short_pages


@pytest.fixture(scope="module")
def a5_build(tmp_path_factory):
    def make(out):
        assert main(["build", str(SAMPLE), "--format", "pdf", "--out", str(out), "--page-size", "A5", "--duplex",
                     "--impose", "saddle", "--signatures", "3", "--strict"]) == 0  # --strict: no sheet warning

    out = build_once(tmp_path_factory, "sample-a5", make)
    return out / f"{SAMPLE.stem}.pdf", out / f"{SAMPLE.stem}-print.pdf"


# "Rarely": at most one section in this many may end on a page under a quarter full.
RARELY = 40


def _report(found) -> list[tuple[int, float]]:
    return [(page.number, page.fill) for page in found]


def _quarter_full_ends(pdf) -> tuple[list, int]:
    """Section last pages under a quarter full (part pages and blanks aside), and how many
    sections end in all."""
    ends = [page for page in pages(pdf) if page.last_of_section and not (page.blank or page.part)]
    return [page for page in ends if page.fill < 0.25], len(ends)


def test_no_body_page_of_the_a4_sample_is_under_a_third_full(sample_build):
    pdf = sample_build["pdf"]
    assert _report(short_pages(pdf)) == []
    short, sections = _quarter_full_ends(pdf)
    assert len(short) <= sections // RARELY, f"section last pages under 25 %: {_report(short)}"


def test_no_body_page_of_the_a5_sample_is_under_a_third_full(a5_build):
    pdf, _ = a5_build
    assert _report(short_pages(pdf)) == []
    short, sections = _quarter_full_ends(pdf)
    assert len(short) <= sections // RARELY, f"section last pages under 25 %: {_report(short)}"


def test_the_a5_sample_folds_as_three_signatures_of_at_most_twelve_sheets(a5_build):
    pdf, imposed = a5_build
    count = len(PdfReader(pdf).pages)
    sheets = len(PdfReader(imposed).pages) // 2
    assert sheets == -(-count // 4) and sheets <= 36
    # Folded as three runs: every run of 12 sheets or fewer (--strict above: no warning either).
    from booklet.impose import signature_sheets
    assert max(signature_sheets(count, 3)) <= 12


def test_the_fill_measure_sees_a_short_page(tmp_path):
    import weasyprint

    short = tmp_path / "short.pdf"
    weasyprint.HTML(string="<style>@page{size:A5;margin:17mm 14mm} p{break-after:page}</style>"
                    "<p>Title.</p><p>A short page inside a section.</p><p>Last.</p>").write_pdf(short)
    title, middle, last = pages(short)
    assert middle.fill < 0.15 and not middle.last_of_section and last.last_of_section
    assert short_pages(short) == [middle]  # the first page is the title page; the last ends a section


def test_hyphenation_breaks_only_long_words_after_five_letters(sample_build):
    # print.css: hyphenate-limit-chars 7 5 3 ("Afghan-istan", never "Afgh-anistan" or "ques-tion").
    breaks = []
    for text in page_texts(sample_build["pdf"]):
        lines = text.split("\n")
        for line, following in zip(lines, lines[1:]):
            if line.endswith("\u2010") and following.split():
                head = re.sub(r"\W", "", line.split()[-1])
                breaks.append((head, head + re.sub(r"\W", "", following.split()[0])))
    assert breaks  # long words are still hyphenated where a line would otherwise be short
    assert [(head, word) for head, word in breaks if len(head) < 5 or len(word) < 7] == []
