"""The PDF: page references in the back matter and on questions are the pages where things are."""

from __future__ import annotations

from block_support import REVISION, SAMPLE, built, prepared
from booklet.blocks import questions

import re

import pytest

from conftest import outline, page_texts, toc_entries

HEAD = re.compile(r"^Q(\d+)(?: |$)")
REF = re.compile(r"^(.+?), p\.\s(\d+)\b")
SEE = re.compile(r"^See answer on p\.\s(\d+)$")
BACK = ["Revision summary", "Key figures index", "Answer key", "Previous-year questions"]
MAPS = "Mind maps"  # the mind-map feature's back-matter part, after these


class Book:
    """A built PDF read back: page texts, where each back-matter section runs, question heads."""

    def __init__(self, manifest, tmp_path_factory):
        pdf = built(tmp_path_factory, manifest)["pdf"]
        self.answered = {q.number for q in questions(prepared(manifest).rendered) if q.has_answer}
        self.texts = page_texts(pdf)
        self.lines = [[line.strip() for line in text.splitlines()] for text in self.texts]
        self.outline = outline(pdf)
        starts = {title: page for title, page, _ in self.outline}
        self.back = {title: starts[title] for title in BACK}
        self.starts = sorted(starts.values())  # every top-level entry, the Mind maps part included
        self.first_back = min(self.back.values())
        # The Mind maps part lists topics by title too: their pages are the topics' own.
        self.topics = {child: page for title, _, children in self.outline if title != MAPS
                       for child, page, _ in children}
        self.topics |= {title: page for title, page, _ in self.outline if title not in BACK}

    def section_pages(self, title: str) -> range:
        start = self.back[title]
        later = [p for p in self.starts if p > start]
        return range(start, min(later) if later else len(self.texts) + 1)

    def section_lines(self, title: str):
        for page in self.section_pages(title):
            for line in self.lines[page - 1]:
                yield page, line

    def question_pages(self) -> dict[int, int]:
        """Question number → the page where its head is printed, before the back matter."""
        found = {}
        for page in range(1, self.first_back):
            for line in self.lines[page - 1]:
                if match := HEAD.match(line):
                    assert int(match.group(1)) not in found, f"Q{match.group(1)} printed twice"
                    found[int(match.group(1))] = page
        return found


@pytest.fixture(scope="module", params=[REVISION, SAMPLE], ids=["revision", "sample"])
def book(request, tmp_path_factory):
    return Book(request.param, tmp_path_factory)


def test_back_matter_is_in_the_outline_and_the_contents(book):
    assert [title for title, _, _ in book.outline if title != MAPS][-4:] == BACK
    contents = dict(toc_entries(book.texts[1]))
    for title in BACK:
        assert contents[title] == book.back[title]
        assert book.lines[book.back[title] - 1][0] == title


def test_questions_are_numbered_one_to_n_in_page_order(book):
    pages = book.question_pages()
    assert sorted(pages) == list(range(1, len(pages) + 1))
    assert [pages[n] for n in sorted(pages)] == sorted(pages.values())


def test_answer_key_gives_the_page_of_every_question(book):
    questions = book.question_pages()
    refs = {}
    for _, line in book.section_lines("Answer key"):
        if (match := REF.match(line)) and HEAD.match(match.group(1)):
            refs[int(match.group(1)[1:])] = int(match.group(2))
    assert refs == questions


def test_each_question_names_the_page_of_its_answer(book):
    answers = {}
    for page, line in book.section_lines("Answer key"):
        if (match := REF.match(line)) and HEAD.match(match.group(1)):
            answers[int(match.group(1)[1:])] = page
    heads, links = [], []
    for page in range(1, book.first_back):
        heads += [(int(m.group(1)), page) for line in book.lines[page - 1] if (m := HEAD.match(line))
                  and int(m.group(1)) in book.answered]
        links += [(int(m.group(1)), page) for line in book.lines[page - 1] if (m := SEE.match(line))]
    # Heads and links alternate in reading order; a long MCQ may go on over a page (print.css),
    # so its link is on its head's page or the next.
    assert len(heads) == len(links)
    checked = 0
    for (number, head_page), (target, link_page) in zip(heads, links):
        assert link_page - head_page in (0, 1), (number, head_page, link_page)
        assert answers[number] == target
        checked += 1
    assert checked == len(book.answered) and book.answered <= set(answers)


def test_revision_summary_gives_each_topics_first_page(book):
    refs = [REF.match(line) for _, line in book.section_lines("Revision summary")]
    refs = [(m.group(1), int(m.group(2))) for m in refs if m]
    assert refs and all(book.topics[title] == page for title, page in refs)


def test_key_figures_index_gives_the_page_of_each_figure(book):
    refs = [REF.match(line) for _, line in book.section_lines("Key figures index")]
    refs = [(m.group(1), int(m.group(2))) for m in refs if m]
    assert len(refs) >= 6
    for value, page in refs:
        assert value in book.lines[page - 1], (value, page)
        assert "KEY FIGURES" in book.texts[page - 1] or "NUMBERS" in book.texts[page - 1]


def test_previous_year_table_gives_the_page_of_each_question(book):
    questions = book.question_pages()
    refs = []
    for _, line in book.section_lines("Previous-year questions"):
        for match in re.finditer(r"\bQ(\d+), p\.\s(\d+)\b", line):
            refs.append((int(match.group(1)), int(match.group(2))))
    assert refs
    assert all(questions[number] == page for number, page in refs)


def test_practice_heading_is_never_the_last_line_of_a_page(book):
    for page in range(1, book.first_back):
        lines = book.lines[page - 1]
        if "Practice questions" in lines:
            after = lines[lines.index("Practice questions") + 1:]
            assert any(HEAD.match(line) for line in after), page
