"""Back matter: revision summary, key-figures index, answer key, previous-year table; the switches."""

from __future__ import annotations

from block_support import prepare, revision_prepared, section, tree, write_project  # noqa: F401 (fixtures)

BACK = ["revision-summary", "key-figures", "answer-key", "previous-year-questions"]


def test_back_matter_sections_follow_the_topics_in_order(revision_prepared):
    sections = revision_prepared.sections
    assert [s.id for s in sections[-4:]] == BACK
    assert [s.title for s in sections[-4:]] == ["Revision summary", "Key figures index", "Answer key",
                                                "Previous-year questions"]
    assert all(s.kind == "back" and s.level == 1 and s.in_contents for s in sections[-4:])
    for s in sections[-4:]:
        (root,) = tree(s.html)
        assert root.get("id") == s.id and "back-section" in root.get("class")


def test_revision_summary_lists_every_summary_by_part_with_links(revision_prepared):
    page = tree(section(revision_prepared, "revision-summary").html)
    assert [h.text for h in page.xpath("//h2")] == ["Polity", "Economy"]
    entries = page.xpath("//div[@class='revision-entry']")
    assert [e.xpath("string(h3)") for e in entries] == ["Fundamental rights", "Parliament", "The Union budget"]
    assert [e.xpath("h3/a/@href")[0] for e in entries] == ["#rights", "#parliament", "#budget"]
    texts = [" ".join(e.xpath("string(div)").split()) for e in entries]
    assert texts == ["Six groups of rights, enforceable through Article 32.",
                     "Two Houses and the President; money bills start in the Lok Sabha.",
                     "The annual financial statement (Article 112), passed as a money bill."]


def test_front_matter_summary_is_an_in_brief_box_at_the_top(revision_prepared):
    first = tree(revision_prepared.rendered.topic("parliament").html)[0]
    assert first.get("class") == "summary-box" and first.get("id") == "parliament--in-brief"
    assert first.findtext("p[@class='summary-title']") == "In brief"
    assert "<strong>Lok Sabha</strong>" in revision_prepared.rendered.topic("parliament").html
    titled = tree(revision_prepared.rendered.topic("budget").html).xpath("//div[@class='summary-box']")[0]
    assert titled.findtext("p[@class='summary-title']") == "The short version"


def test_key_figures_index_lists_figure_caption_and_topic(revision_prepared):
    index = tree(section(revision_prepared, "key-figures").html)
    groups = index.xpath("//tbody")
    assert [g.xpath("string(tr[@class='index-topic'])").strip() for g in groups] == \
        ["Fundamental rights", "Parliament", "The Union budget"]
    rows = [[" ".join(td.text_content().split()) for td in tr.findall("td")] for tr in groups[0].xpath("tr[td]")]
    assert rows == [["6", "groups of fundamental rights"], ["13 April 1947", "a date in words"],
                    ["64% → 45%", "a fall, written with an arrow"]]
    links = index.xpath("//td[@class='index-value']/a")
    assert [a.get("href") for a in links][:3] == ["#rights--figure-1", "#rights--figure-2", "#rights--figure-3"]
    assert all("page-ref" in a.get("class") for a in links)


def test_previous_year_table_groups_by_exam_then_year(revision_prepared):
    table = tree(section(revision_prepared, "previous-year-questions").html)
    assert [h.text for h in table.xpath("//h2")] == ["Mains", "Prelims"]
    grouped = []   # per exam (a table after its h2), per year (a row group: print may cut there)
    for exam in table.xpath("//table"):
        years = []
        for body in exam.findall("tbody"):
            rows, year = [], None
            for tr in body.findall("tr"):
                year = tr.xpath("string(td[1])").strip() or year
                rows.append((year, tr.xpath("string(td[2]/a)"), tr.xpath("string(td[3])")))
            years.append(rows)
        grouped.append(years)
    assert grouped == [
        [[("2019", "Q1", "Fundamental rights"), ("2019", "Q4", "Parliament")], [("2004", "Q6", "Parliament")]],
        [[("2021", "Q2", "Fundamental rights")], [("2020", "Q5", "Parliament"), ("2020", "Q7", "The Union budget")]],
    ]
    # "Practice" questions have no exam year and stay out.
    assert "Q3" not in table.text_content()


def test_back_matter_switches_in_the_manifest(tmp_path):
    topic = '---\ntitle: T\nsummary: S.\n---\n\n!!! mcq "Prelims 2020"\n    Q?\n\n    - [x] A\n    - [ ] B\n\n' \
            "!!! figures\n    - **1** — one\n"
    off = "back_matter:\n  revision_summary: false\n  key_figures: false\n  answer_key: false\n" \
          "  previous_year_questions: false\n"
    prepared, _ = prepare(write_project(tmp_path, {"t.md": topic}, off))
    assert not [s for s in prepared.sections if s.kind == "back"]
    # With no answers to give, a question still gets no link to a missing answer key.
    assert "answer-link" not in prepared.rendered.topics[0].html
    prepared, _ = prepare(write_project(tmp_path, {"t.md": topic}, "back_matter:\n  answer_key: false\n"))
    assert [s.id for s in prepared.sections if s.kind == "back"] == ["revision-summary", "key-figures",
                                                                     "previous-year-questions"]


def test_empty_back_matter_sections_are_left_out(tmp_path):
    prepared, _ = prepare(write_project(tmp_path, {"t.md": "---\ntitle: T\n---\n\nJust text.\n"}))
    assert [s.kind for s in prepared.sections].count("back") == 0


def test_back_matter_ids_never_clash_with_topic_ids(tmp_path):
    prepared, _ = prepare(write_project(tmp_path, {"answer-key.md": '---\ntitle: Key\n---\n\n!!! mcq "P"\n    Q?\n\n'
                                                                    "    - [x] A\n    - [ ] B\n"}))
    ids = [s.id for s in prepared.sections]
    assert len(ids) == len(set(ids)) and "answer-key-2" in ids
