"""Questions: lettered options, answers kept out of the topic, a practice section, booklet numbering."""

from __future__ import annotations

import re

import pdfplumber
from pypdf import PdfReader

from conftest import epub_files, epubcheck_messages, outline, page_texts
from block_support import revision_prepared, section, snippet, tree, write_project  # noqa: F401 (fixtures)


def _topic(prepared, topic_id):
    return prepared.rendered.topic(topic_id)


def test_questions_are_numbered_through_the_booklet_in_reading_order(revision_prepared):
    found = [(t.id, q.number, q.id) for t in revision_prepared.rendered.topics for q in t.extras.get("questions", ())]
    assert [n for _, n, _ in found] == list(range(1, 8))
    assert [topic for topic, _, _ in found] == ["rights"] * 3 + ["parliament"] * 3 + ["budget"]
    for topic_id, number, question_id in found:
        assert question_id.startswith(f"{topic_id}--")
        heads = tree(_topic(revision_prepared, topic_id).html).xpath(f"//*[@id='{question_id}']//span[@class='question-number']")
        assert [h.text for h in heads] == [f"Q{number}"]


def test_each_topic_ends_with_its_questions_in_the_order_written(revision_prepared):
    html = _topic(revision_prepared, "rights").html
    fragment = tree(html)
    practice = fragment[-1]
    assert practice.tag == "section" and practice.get("class") == "practice-questions"
    assert practice[0].tag == "h2" and practice[0].text == "Practice questions"
    assert [q.get("id") for q in practice.xpath("div[contains(@class, 'question')]")] == \
        ["rights--q-1", "rights--q-2", "rights--q-3"]
    assert not fragment.xpath("//div[contains(@class, 'question')][not(ancestor::section)]")
    # The text written between two questions stays where it was.
    assert "Text between the questions." in fragment.xpath("string(.)")
    assert "Practice questions" in [h.text for h in _topic(revision_prepared, "rights").headings]


def test_answers_never_appear_next_to_their_questions(revision_prepared):
    rights = _topic(revision_prepared, "rights").html
    for answer_text in ("Produce the body", "Ambedkar called", "Explanation"):
        assert answer_text not in rights
    key = section(revision_prepared, "answer-key").html
    assert "Produce the body" in key and "Ambedkar called Article 32" in key


def test_mcq_options_are_lettered_without_a_mark_of_the_right_one(revision_prepared):
    (question,) = tree(_topic(revision_prepared, "rights").html).xpath("//*[@id='rights--q-2']")
    options = question.xpath(".//ol[@class='mcq-options']/li")
    assert [li.findtext("span[@class='option-letter']") for li in options] == ["(a)", "(b)", "(c)", "(d)"]
    assert [" ".join(li.text_content().split()) for li in options] == \
        ["(a) Article 14", "(b) Article 32", "(c) Article 19", "(d) Article 21"]
    assert not question.xpath(".//input") and "checked" not in _topic(revision_prepared, "rights").html
    assert len({li.get("class") for li in options}) == 1


def test_each_question_links_forward_to_its_answer_and_back(revision_prepared):
    key = tree(section(revision_prepared, "answer-key").html)
    for topic in revision_prepared.rendered.topics:
        fragment = tree(topic.html)
        for question in topic.extras.get("questions", ()):
            links = fragment.xpath(f"//*[@id='{question.id}']//a[@class='answer-link']/@href")
            entry = key.xpath(f"//*[@id='{question.answer_id}']")
            assert len(entry) == 1
            assert entry[0].xpath(".//a[contains(@class, 'question-ref')]/@href") == [f"#{question.id}"]
            assert entry[0].xpath("string(.//a[contains(@class, 'question-ref')])") == question.label
            assert links == ([f"#{question.answer_id}"] if question.has_answer else [])


def test_answer_key_gives_right_options_points_and_explanations(revision_prepared):
    key = tree(section(revision_prepared, "answer-key").html)

    def entry(answer_id):
        return " ".join(key.xpath(f"string(//*[@id='{answer_id}'])").split())

    assert entry("rights--answer-2").startswith("Q2 (b) Article 32 Ambedkar called Article 32")
    assert entry("rights--answer-3") == "Q3 (a) Mandamus; (c) Certiorari"
    assert entry("rights--answer-1") == ("Q1 Mains 2019 · 10 marks · 150 words Produce the body: a detained "
                                         "person is brought before the court. Available against private persons too.")
    assert entry("parliament--answer-1").endswith("Represents the states. Special powers: Articles 249 and 312.")
    assert entry("parliament--answer-2") == "Q5 (a) The Speaker Article 118(4)."
    assert entry("parliament--answer-3") == "Q6 Mains 2004 No model answer in this booklet."
    groups = [h.text_content() for h in key.xpath("//h2")]
    assert groups == ["Fundamental rights", "Parliament", "The Union budget"]


def test_title_tags_are_parsed_and_the_raw_title_shown(revision_prepared):
    (question, *_) = _topic(revision_prepared, "rights").extras["questions"]
    assert (question.tags.exam, question.tags.year, question.tags.marks, question.tags.words) == ("Mains", 2019, 10, 150)
    head = tree(_topic(revision_prepared, "rights").html).xpath("//*[@id='rights--q-1']/p[@class='question-head']")[0]
    assert " ".join(head.text_content().split()) == "Q1 Mains 2019 · 10 marks · 150 words"


def test_a_previous_year_question_without_marks_or_answer(snippet):
    # The form the Obsidian-notes importer writes: exam and year only, the question indented.
    prepared, reporter = snippet('!!! question "Mains 2004"\n    Discuss the role of the Speaker.\n')
    assert reporter.diagnostics == []
    (question,) = prepared.rendered.topics[0].extras["questions"]
    assert (question.tags.exam, question.tags.year, question.has_answer) == ("Mains", 2004, False)
    assert "answer-link" not in prepared.rendered.topics[0].html
    pyq = section(prepared, "previous-year-questions").html
    assert re.search(r"2004</td>\s*<td[^>]*><a [^>]*>Q1</a> Discuss the role of the Speaker", pyq)


def test_question_ids_never_clash_with_heading_ids(snippet):
    prepared, _ = snippet('## Q 1\n\n## Practice questions\n\n!!! question "Mains 2019"\n    Why?\n')
    ids = tree(prepared.rendered.topics[0].html).xpath("//@id")
    assert len(ids) == len(set(ids))
    assert "topic--q-1" in ids and "topic--q-1-2" in ids and "topic--practice-questions-2" in ids


def test_options_right_under_the_stem_are_options_in_both_forms(run, tmp_path):
    # Written as Obsidian shows it: no blank line between the stem and the task list.
    mcqs = ('!!! mcq "Prelims 2019"\n    Which of these is a directive principle?\n'
            '    - [x] Equal pay for equal work\n    - [ ] Freedom of speech\n\n'
            '> [!mcq] Prelims 2018\n> Which of these is a fundamental duty?\n'
            '> - [ ] Voting in every election\n> - [x] Protecting the natural environment\n'
            '>\n> Explanation: Article 51A(g) asks citizens to protect it.\n\n'
            '!!! question "Mains 2019"\n    Why does India need a second chamber?\n\n'
            '    !!! answer\n        Points to make:\n        - it speaks for the States\n        - it revises in haste\n')
    manifest = write_project(tmp_path, {"duties.md": f"---\ntitle: Duties\n---\n\n{mcqs}"})
    result = run("build", manifest.name, "-f", "pdf", cwd=tmp_path)
    assert result.code == 0, result.err
    with pdfplumber.open(tmp_path / "build" / "book.pdf") as pdf:  # in reading position: letter, then option
        text = "\n".join(" ".join(line.split()) for page in pdf.pages for line in page.extract_text().splitlines())
    for option in ("(a) Equal pay for equal work", "(b) Freedom of speech",
                   "(a) Voting in every election", "(b) Protecting the natural environment"):
        assert option in text.splitlines(), option
    assert "[x]" not in text and "[ ]" not in text
    key = text[text.rindex("Answer key"):]
    assert re.search(r"Q1\b.*\(a\) Equal pay", key) and re.search(r"Q2\b.*\(b\) Protecting", key), key
    # The same inside a nested answer block: its points are a list, not run into the line above.
    lines = [line.lstrip("• ") for line in key.splitlines()]
    assert "Points to make:" in lines and "it speaks for the States" in lines, key


def test_a_heading_over_nothing_but_questions_goes_and_its_links_land_on_the_practice_section(run, tmp_path):
    # A student's habit: the topic's questions gathered under a heading of their own.
    note = ("---\ntitle: Finance Commission\n---\n\n"
            "Set up every five years under Article 280; see [my questions](#questions-to-revise).\n\n"
            "## Debates\n\nWhether cesses should be shared with the States.\n\n"
            '!!! question "Mains 2021"\n    Should cesses and surcharges enter the divisible pool?\n\n'
            "## Questions to revise\n\n"
            '!!! question "Mains 2018"\n    What criteria did the Fifteenth Finance Commission use?\n\n'
            '!!! mcq "Prelims 2020"\n    Which article provides for the Finance Commission?\n\n'
            "    - [x] Article 280\n    - [ ] Article 356\n")
    manifest = write_project(tmp_path, {"fc.md": note})
    result = run("build", manifest.name, "-f", "pdf,epub", "--strict", cwd=tmp_path)
    assert result.code == 0, result.err
    pdf, epub = tmp_path / "build" / "book.pdf", tmp_path / "build" / "book.epub"
    text = "\n".join(page_texts(pdf))
    assert "Questions to revise" not in text
    assert "Debates" in text and "Whether cesses should be shared" in text  # a heading with text stays
    assert text.count("Practice questions") == 1
    assert "What criteria did the Fifteenth" in text and "Which article provides" in text
    def titles_of(entries):
        return [title for title, _, children in entries for title in (title, *titles_of(children))]

    titles = titles_of(outline(pdf))
    assert "Debates" in titles and "Questions to revise" not in titles and "Practice questions" in titles
    nav = next(body for name, body in epub_files(epub).items() if name.endswith("nav.xhtml"))
    assert "Questions to revise" not in nav and "Practice questions" in nav
    assert epubcheck_messages(epub) == []
    # The link written to the old heading leads to the page where the questions now are.
    reader = PdfReader(pdf)
    practice_page = next(n for n, page in enumerate(reader.pages)
                         if "Practice questions" in (page.extract_text() or "") and "What criteria" in page.extract_text())
    targets = [reader.get_destination_page_number(reader.named_destinations[str(a.get_object()["/Dest"])])
               for page in reader.pages for a in page.get("/Annots", [])
               if isinstance(a.get_object().get("/Dest"), str) and "questions-to-revise" in a.get_object()["/Dest"]]
    assert targets and set(targets) == {practice_page}  # (a link over two lines has two areas)
