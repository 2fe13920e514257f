"""Explicit mindmap blocks: found in the raw lines with their numbers, removed from the HTML in
every form they render to (stock admonition, callout blockquote, revision-blocks div)."""

from __future__ import annotations

import markdown
from lxml import html as lxml_html

from booklet import fragment, sanitize
from booklet.mindmap import outline_from_list
from booklet.mindmap.blocks import find, remove_rendered

NOTE = """\
Intro.

!!! mindmap "Optional title"
    - Centre
        - Branch
\t\t\t- Tabbed leaf

        - Second branch after a blank line
Back to text.

```markdown
!!! mindmap
    - Inside a fence: an example, not a block
```

> [!mindmap]+ Folded title
> - Callout centre
>     - Callout branch
>
>     - After a quoted blank line
Not quoted: the callout ended.

- A list item
    !!! mindmap
        - Nested centre
            - Nested branch
"""


def test_blocks_are_found_outside_fences_with_their_source_lines():
    blocks = find(NOTE)
    assert [(b.line, b.syntax) for b in blocks] == [(3, "admonition"), (16, "callout"), (24, "admonition")]
    first, callout, nested = blocks
    assert first.lines == (
        (4, "- Centre"), (5, "    - Branch"), (6, "        - Tabbed leaf"), (7, ""),
        (8, "    - Second branch after a blank line"),
    )
    assert callout.lines == (
        (17, "- Callout centre"), (18, "    - Callout branch"), (19, ""), (20, "    - After a quoted blank line"),
    )
    assert nested.lines == ((25, "- Nested centre"), (26, "    - Nested branch"))


def test_found_lines_make_the_tree():
    first = outline_from_list(find(NOTE)[0].lines)
    assert first.label == "Centre"
    assert [child.label for child in first.children] == ["Branch", "Second branch after a blank line"]
    assert [leaf.label for leaf in first.children[0].children] == ["Tabbed leaf"]


def test_a_block_at_the_end_of_the_note_and_an_empty_block():
    assert find("!!! mindmap\n    - A\n        - B")[0].lines == ((2, "- A"), (3, "    - B"))
    assert find("!!! mindmap\n\nText.\n")[0].lines == ()
    assert find("> [!MINDMAP]\n")[0].lines == ()


def test_lookalikes_are_not_blocks():
    assert find("!!! mindmaps\n    - A\n") == []
    assert find("!!! note\n    - A\n") == []
    assert find("    > [!mindmap]\n") == []  # indented code, not a callout
    assert find("~~~\n!!! mindmap\n~~~\n") == []


def rendered(source: str):
    md = markdown.Markdown(extensions=["extra", "admonition"])
    return fragment.parse(sanitize.clean(md.convert(source)))


def test_stock_renderings_are_removed_and_the_rest_kept():
    tree = rendered("Before.\n\n!!! mindmap\n    - A\n        - B\n\n!!! note\n    Kept.\n\n"
                    "> [!mindmap]\n>\n> - C\n>     - D\n\n> An ordinary quote.\n\nAfter.\n")
    assert remove_rendered(tree) == [None, None]
    text = fragment.serialize(tree)
    for kept in ("Before.", "Kept.", "After."):
        assert kept in text
    # Python-Markdown joins the two quotes into one blockquote: the plain quote stays.
    assert "<blockquote><p>An ordinary quote.</p></blockquote>" in "".join(text.split("\n"))
    assert "mindmap" not in text and "<li>A" not in text and "C" not in text.replace("Kept", "")


def test_callout_without_a_blank_line_renders_as_one_paragraph_and_goes_whole():
    tree = rendered("> [!mindmap]\n> - A\n>     - B\n\nAfter.\n")
    assert remove_rendered(tree) == [None]
    assert fragment.serialize(tree) == "<p>After.</p>"


def test_revision_blocks_rendering_is_removed_keeping_the_text_after_it():
    tree = lxml_html.fragment_fromstring(
        '<p>One</p><div class="mindmap-block" data-line="3"><ul><li>A</li></ul></div>tail<p>Two</p>',
        create_parent="div")
    assert remove_rendered(tree) == [3]
    assert lxml_html.tostring(tree, encoding="unicode") == "<div><p>One</p>tail<p>Two</p></div>"
