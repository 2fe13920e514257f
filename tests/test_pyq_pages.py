"""The previous-year table in print when it runs over several pages (A5): each page it goes on to
names the year of its first row, and pages are not left half empty by the rules that keep rows together."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from booklet.cli import main

SUBJECTS = ("federalism", "the Governor's office", "the anti-defection law", "the Finance Commission",
            "parliamentary committees", "judicial review", "tribunals", "the Election Commission")


def _topic(number: int) -> str:
    questions = "".join(
        f'!!! question "Mains {2024 - (q + number) % 8} · 15 marks · 250 words"\n'
        f"    Critically examine the role of {SUBJECTS[(q * 3 + number) % 8]} in strengthening "
        "constitutional governance in India, with suitable examples from recent years.\n\n"
        for q in range(8))
    return f'---\ntitle: "Polity topic {number}"\n---\n\n## Notes\n\n- A point of topic {number}.\n\n{questions}'


@pytest.fixture(scope="module")
def table_pages(tmp_path_factory) -> list[tuple[str, float, float]]:
    """(text, bottom of the last line, page height) of each page of the previous-year table."""
    root = tmp_path_factory.mktemp("pyq-pages")
    names = []
    for number in range(1, 5):
        (root / f"t{number}.md").write_text(_topic(number), encoding="utf-8")
        names.append(f"t{number}.md")
    (root / "booklet.yml").write_text(
        'title: "PYQ"\nback_matter:\n  previous_year_questions: true\n'
        f'parts:\n  - title: "Polity"\n    topics: [{", ".join(names)}]\n', encoding="utf-8")
    assert main(["build", str(root / "booklet.yml"), "--format", "pdf", "--page-size", "A5",
                 "--out", str(root / "build")]) == 0
    with pdfplumber.open(root / "build" / "booklet.pdf") as pdf:
        # The lowest line of the page's text, its folio apart (the folio is the page's last word).
        pages = [(page.extract_text() or "", max((w["bottom"] for w in page.extract_words()[:-1]), default=0.0),
                  float(page.height)) for page in pdf.pages]
    start = next(i for i, (text, _, _) in enumerate(pages) if text.splitlines()[:2] == ["Previous-year questions"] * 2
                 or text.startswith("Previous-year questions\nPrevious-year questions"))
    return pages[start:]


def _rows(text: str) -> list[str]:
    """The table's lines after its header row ("Year Question Topic"), without the folio."""
    lines = text.splitlines()
    return lines[lines.index("Year Question Topic") + 1:]


def test_the_table_runs_over_several_pages(table_pages):
    assert len(table_pages) >= 3
    assert all("Year Question Topic" in text for text, _, _ in table_pages)   # the header on each page


def test_each_page_the_table_goes_on_to_starts_with_its_year(table_pages):
    for text, _, _ in table_pages[1:]:
        first = _rows(text)[0]
        assert re.match(r"20\d\d Q\d+, p\. \d+ ", first), first


def test_no_page_of_the_table_but_its_last_is_left_half_empty(table_pages):
    # A year's first two rows stay together and its last row never stands alone; with those rules
    # also between years, a page could end only before a year's third row: here at 51-53% of the page
    # (70-86% since, a page holding whole pairs of rows).
    for number, (_, bottom, height) in enumerate(table_pages[:-1], 1):
        assert bottom > 0.62 * height, f"page {number} of the table ends at {bottom / height:.0%}"
