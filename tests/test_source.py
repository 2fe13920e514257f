"""The source model: each line of a note classified once, as CommonMark and the block syntax read it."""

from __future__ import annotations

from pathlib import Path

from booklet import source
from booklet.errors import Reporter
from booklet.loader import load_topic
from booklet.render import context_for, render_topic
from booklet.model import Booklet, Metadata, Options, Part

SETUP_NOTE = """\
Some commands to set up the lab machine.

```bash
# install the toolchain
sudo apt-get install build-essential
```

# Compiling

Run `make`.
"""

TILDES_IN_BACKTICKS = """\
## Writing fences

A Markdown cheat sheet shows both fence styles:

```markdown
~~~
# a level-one heading, shown as an example
~~~
```

## Real section

Text after the fence.

### Deeper
"""


def kinds(text: str) -> list[str]:
    return [line.kind for line in source.classify(text)]


def test_a_hash_comment_in_a_bash_fence_is_code_not_a_heading():
    structure = source.classify(SETUP_NOTE)
    assert [line.number for line in structure if line.code] == [3, 4, 5, 6]
    assert [(h.number, h.level, h.title) for h in structure.headings()] == [(8, 1, "Compiling")]


def test_a_topic_without_front_matter_title_takes_its_first_real_heading(tmp_path: Path):
    # The bug: "# install the toolchain" (a shell comment in a fence) became the topic's title.
    note = tmp_path / "lab-setup.md"
    note.write_text(SETUP_NOTE, encoding="utf-8")
    topic = load_topic(note, "topic", set())
    assert topic.title == "Compiling"
    assert "# install the toolchain" in topic.source
    assert "# Compiling" not in topic.source


def test_closing_fence_needs_the_opening_character_and_length():
    text = "~~~~\n```\n~~~\n# in code\n~~~~~\n# heading\n"
    assert kinds(text)[:5] == ["fence", "code", "code", "code", "fence"]
    assert kinds(text)[5] == "heading"
    # A closing fence takes no info string; an unclosed fence runs to the end.
    assert kinds("```\n``` python\n# x") == ["fence", "code", "code"]
    # A backtick fence's info string may not hold a backtick: that line is inline code.
    assert kinds("```a`b```\n# title") == ["text", "heading"]


def test_a_tilde_line_in_a_backtick_fence_does_not_demote_the_headings(tmp_path: Path):
    # The bug: `~~~` inside ``` toggled "in fence" and hid the note's `#`, so every heading
    # was shifted down a level.
    note = tmp_path / "fences.md"
    note.write_text("---\ntitle: Fence habits\n---\n" + TILDES_IN_BACKTICKS, encoding="utf-8")
    topic = load_topic(note, "topic", set())
    booklet = Booklet("b", tmp_path, None, Metadata("B"), Options(), (Part("p", "P", (topic,)),))
    rendered = render_topic(topic, context_for(booklet), Reporter())
    levels = [(h.level, h.text) for h in rendered.headings]
    assert levels == [(2, "Writing fences"), (2, "Real section"), (3, "Deeper")]
    assert "# a level-one heading" in rendered.html


def test_fences_inside_quotes_and_list_items():
    text = "> ```\n> # quoted code\n> ```\n- item\n\n    ```\n    # listed code\n    ```\n# after"
    structure = source.classify(text)
    assert [line.number for line in structure if line.code] == [1, 2, 3, 6, 7, 8]
    assert [h.title for h in structure.headings()] == ["after"]


def test_list_items_carry_marker_and_depth():
    text = "- Federalism\n    - Union list\n        1. Defence\n    - State list\n* Other\n"
    items = [(line.item.marker, line.item.depth, line.item.text) for line in source.classify(text) if line.item]
    assert items == [("-", 0, "Federalism"), ("-", 1, "Union list"), ("1.", 2, "Defence"),
                     ("-", 1, "State list"), ("*", 0, "Other")]


def test_indented_code_after_a_paragraph_is_code_but_list_children_are_not():
    text = "Para.\n\n    - not an item, code\n\n- item\n\n    - child\n"
    structure = source.classify(text)
    assert structure[2].kind == "indented" and structure[2].item is None
    assert structure[6].kind == "item" and structure[6].item.depth == 1


def test_setext_headings_and_blockquotes():
    structure = source.classify("Title\n=====\n\nSection\n---\n> quoted\n> - quoted item\n")
    assert [(h.number, h.level, h.title) for h in structure.headings()] == [(1, 1, "Title"), (4, 2, "Section")]
    assert [line.quoted for line in structure][5:7] == [True, True]
    assert structure[6].item.text == "quoted item"


def test_block_openers_and_their_bodies():
    text = (
        '!!! question "Federal features" multiple\n'
        "    - Written constitution\n"
        "    - Independent judiciary\n"
        "\n"
        "> [!mindmap]- Parliament\n"
        "> - Parliament\n"
        ">     - Lok Sabha\n"
        "after\n"
        "```\n!!! summary\n```\n"
    )
    structure = source.classify(text)
    openers = [(line.number, line.opener.form, line.opener.type) for line in structure.openers()]
    assert openers == [(1, "admonition", "question"), (5, "callout", "mindmap")]
    assert structure.body(1) == [(2, "- Written constitution"), (3, "- Independent judiciary")]
    assert structure.body(5) == [(6, "- Parliament"), (7, "    - Lok Sabha")]


def test_front_matter_is_its_own_kind():
    structure = source.classify("---\ntitle: X\n# not a heading\n---\n# Heading", front_matter=True)
    assert kinds_of(structure) == ["front", "front", "front", "front", "heading"]


def kinds_of(structure: source.Source) -> list[str]:
    return [line.kind for line in structure]


def test_helpers_for_rewriting_lines():
    assert source.container("> - see ![[Note]]") == ("> - ", ">     ")
    assert source.container("    text") == ("    ", "    ")
    assert source.set_heading_level("## Title ##", 4) == "#### Title ##"
    assert source.without_closing_marks("## C# ##  ") == "## C#"
    assert source.atx_heading("## C# ##") == (2, "C#") and source.atx_heading("### ###") == (3, "")
    assert source.atx_heading("#hashtag") is None and source.atx_heading("    # code") is None
    assert source.nesting("> - > 1. deep") == 4 and source.nesting("        text") == 2
    assert source.block_id_pattern("abc-1").search("A fact. ^abc-1")
    assert not source.block_id_pattern("abc").search("A fact. ^abc-1")
    assert source.strip_quotes(">> deep", 2) == "deep" and source.strip_quotes("> x", 2) is None
    assert [line.info for line in source.classify("``` Python {.x}\ncode\n```")] == ["Python {.x}", "", ""]


def test_classifying_a_hostile_line_takes_linear_time():
    import time
    lines = ["# x" + " " * 200_000 + "y", "- " + "> " * 50_000, "`" * 100_000, "#" * 100_000]
    start = time.process_time()
    source.classify(lines)
    assert time.process_time() - start < 2.0  # a backtracking pattern would take minutes
