"""Both block syntaxes parse to the same HTML; generic callouts, mind maps and code stay right."""

from __future__ import annotations

from block_support import section, snippet, tree  # noqa: F401 (fixtures)

ADMONITION = '''Intro.

!!! summary
    The **short** version.

!!! figures
    - **65%** — share of something (Source, 2024)

!!! question "Mains 2020 · 15 marks · 250 words"
    Discuss the question.

    !!! answer
        - First point.
        - Second point.

!!! mcq "Prelims 2019"
    Pick one.

    - [ ] Wrong
    - [x] Right

    Explanation: Because it is right.
'''

CALLOUT = '''Intro.

> [!summary]
> The **short** version.

> [!figures]
> - **65%** — share of something (Source, 2024)

> [!question] Mains 2020 · 15 marks · 250 words
> Discuss the question.
>
> Answer:
> - First point.
> - Second point.

> [!mcq]+ Prelims 2019
> Pick one.
>
> - [ ] Wrong
> - [x] Right
>
> Explanation: Because it is right.
'''


def test_admonition_and_callout_forms_render_the_same(snippet):
    first, first_reporter = snippet(ADMONITION)
    second, second_reporter = snippet(CALLOUT)
    assert first_reporter.diagnostics == second_reporter.diagnostics == []
    assert first.rendered.topics[0].html == second.rendered.topics[0].html
    assert section(first, "answer-key").html == section(second, "answer-key").html
    html = first.rendered.topics[0].html
    for expected in ('class="summary-box"', 'class="figure-card"', 'class="question question-descriptive"',
                     'class="question question-mcq"'):
        assert expected in html


def test_the_multiple_flag_is_read_in_both_forms(snippet):
    for text in ('!!! mcq "Practice" multiple\n    Pick two.\n\n    - [x] A\n    - [ ] B\n    - [x] C\n',
                 "> [!mcq|multiple] Practice\n> Pick two.\n>\n> - [x] A\n> - [ ] B\n> - [x] C\n"):
        prepared, reporter = snippet(text)
        assert reporter.diagnostics == [], text
        (question,) = prepared.rendered.topics[0].extras["questions"]
        assert question.multiple and [o.letter for o in question.correct] == ["a", "c"]
        assert question.tags.raw == "Practice"


def test_generic_callouts_are_boxes_with_their_titles(snippet):
    prepared, reporter = snippet(
        '!!! note "Remember this"\n    Body one.\n\n'
        "> [!info] Did you know\n> Body two.\n\n"
        "!!! warning\n    Body three.\n\n"
        '!!! tip ""\n    Body four.\n\n'
        "> [!whatever]\n> Obsidian shows unknown callout types as notes.\n")
    assert reporter.diagnostics == []
    boxes = tree(prepared.rendered.topics[0].html).xpath("//div[contains(@class, 'admonition')]")
    seen = [(b.get("class"), (b.findtext("p[@class='admonition-title']") or None)) for b in boxes]
    assert seen == [("admonition note", "Remember this"), ("admonition info", "Did you know"),
                    ("admonition warning", "Warning"), ("admonition tip", None),
                    ("admonition whatever", "Whatever")]
    assert not any(b.get("data-block") for b in boxes)


def test_a_header_inside_a_code_block_stays_code(snippet):
    prepared, reporter = snippet('```\n!!! mcq "Practice"\n> [!note] Title\n```\n\n    !!! note\n')
    html = prepared.rendered.topics[0].html
    assert reporter.diagnostics == []
    assert '!!! mcq "Practice"' in html.replace("&quot;", '"') and "[!note] Title" in html
    assert "\ue000" not in html and "\ue001" not in html
    assert "admonition" not in html


def test_mindmap_blocks_are_left_for_the_mind_map_feature(snippet):
    prepared, reporter = snippet("Text.\n\n!!! mindmap\n    - Centre\n        - Branch\n")
    assert reporter.diagnostics == []
    rendered = prepared.rendered.topics[0]
    # The mind-map feature takes the block out of the text and draws it as the topic's map.
    assert not tree(rendered.html).xpath("//div[contains(@class, 'mindmap')]")
    source = rendered.extras["mindmap_source"]
    assert source.where.line == 7
    assert rendered.topic.path.read_text().split("\n")[source.where.line - 1] == "!!! mindmap"
    assert (source.root.label, [b.label for b in source.root.children]) == ("Centre", ["Branch"])


def test_answer_line_without_a_blank_line_before_the_points(snippet):
    prepared, _ = snippet("> [!question] Mains 2017\n> The question.\n>\n> Answer:\n> - **Intro:** one\n> - two\n")
    (question,) = prepared.rendered.topics[0].extras["questions"]
    points = tree(question.answer_html)
    assert [" ".join(li.text_content().split()) for li in points.iter("li")] == ["Intro: one", "two"]
    assert "Answer:" not in question.stem_html and "Intro" not in prepared.rendered.topics[0].html


def test_admonition_answer_with_loose_points_stays_in_the_answer(snippet):
    prepared, _ = snippet('!!! question "Q"\n    Stem.\n\n    Answer:\n\n    - one\n\n    - two\n\nAfter.\n')
    (question,) = prepared.rendered.topics[0].extras["questions"]
    assert [li.text_content().strip() for li in tree(question.answer_html).iter("li")] == ["one", "two"]
    assert "After." in prepared.rendered.topics[0].html
