"""Obsidian markup, line by line: comments, block ids, published embeds, lists, PYQ blockquotes, headings."""

from __future__ import annotations

from pathlib import Path

import markdown

from booklet.errors import Reporter
from booklet.obsidian import cleanup, headings, lists, pyq
from booklet.obsidian.lines import Line, of_text, to_source
from booklet.obsidian.tags import TagExtension

NOTE = Path("note.md")


def _lines(text: str) -> list[Line]:
    return of_text(text, NOTE, 1)


def _text(lines: list[Line]) -> str:
    return to_source(lines)[0]


def _numbers(lines: list[Line]) -> list[int]:
    return [line.where.line for line in lines]


# Comments

def test_inline_comments_are_removed():
    lines = cleanup.remove_comments(_lines("Keep %%drop%% this.%%and this%%\nNext"), Reporter())
    assert _text(lines) == "Keep  this.\nNext"


def test_a_comment_across_lines_is_removed_and_later_lines_keep_their_numbers():
    source = "Before\n%%\nhidden\nhidden too\n%%\nAfter %% x %% end\nText %%open\nstill\nclosed%% tail"
    lines = cleanup.remove_comments(_lines(source), Reporter())
    assert _text(lines) == "Before\n\nAfter  end\nText tail"
    assert _numbers(lines) == [1, 2, 6, 7]


def test_percent_signs_in_code_are_not_comments():
    source = "Use `%%` in code.\n```\n%% not a comment\n```\n"
    assert _text(cleanup.remove_comments(_lines(source), Reporter())) == source


def test_an_unclosed_comment_hides_the_rest_and_warns_at_its_line():
    reporter = Reporter()
    lines = cleanup.remove_comments(_lines("One\nTwo %%never\nclosed\n"), reporter)
    assert _text(lines) == "One\nTwo "
    assert [(d.severity, d.location.line) for d in reporter.diagnostics] == [("warning", 2)]


# Block ids and published embeds

def test_block_ids_are_not_shown():
    source = "A paragraph. ^abc-123\n\n^tableid\nx^2 stays\n`code ^id`"
    assert _text(cleanup.strip_block_ids(_lines(source))) == "A paragraph.\n\n\nx^2 stays\n`code ^id`"


def test_published_embed_wrappers_are_dropped_and_their_content_kept():
    source = ('Intro\n<div class="transclusion internal-embed is-loaded"><a class="markdown-embed-link" '
              'href="/x/" aria-label="Open link"><svg viewBox="0 0 24 24"><path d="M1"></path></svg></a>'
              '<div class="markdown-embed">\n\n<div class="markdown-embed-title">\n\n# Title\n\n</div>\n\n'
              '<div class="callout">kept</div>\n\n- **content**\n\n</div></div>\n\nAfter')
    text = _text(cleanup.unwrap_published_embeds(_lines(source)))
    assert "transclusion" not in text and "markdown-embed" not in text and "svg" not in text
    assert '<div class="callout">kept</div>' in text
    assert "# Title" in text and "- **content**" in text and text.count("</div>") == 1
    assert text.startswith("Intro\n") and text.endswith("After")


# Lists and tables as Obsidian reads them

def _html(text: str) -> str:
    return markdown.markdown(_text(lists.fix(_lines(text))), extensions=["extra", "sane_lists"])


def test_a_list_right_under_a_paragraph_is_a_list():
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in _html("Points:\n- one\n- two\n")
    assert "<ol>\n<li>first</li>" in _html("Steps:\n1. first\n2. second\n")


def test_a_year_starting_a_wrapped_line_is_not_a_list():
    assert "<ol>" not in _html("The treaty was signed in\n1971. It lasted twenty years.\n")


def test_empty_list_items_are_dropped_not_read_as_a_heading():
    html = _html("- one\n-  \n- three\n")
    assert "<h2>" not in html and html.count("<li>") == 2


def test_an_empty_item_with_children_keeps_its_bullet():
    html = _html("- one\n- \n\t- child\n")
    assert html.count("<li>") == 3 and "child" in html


def test_a_dash_under_a_paragraph_is_still_a_heading_underline():
    assert "<h2>Title</h2>" in _html("Title\n-\n")


def test_a_table_right_under_a_paragraph_is_a_table():
    assert "<table>" in _html("Compare:\n| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_lazy_continuation_lines_stay_in_their_list_item():
    html = _html("- item\ncontinued\n- next\n")
    assert html.count("<li>") == 2 and "item\ncontinued" in html


# Previous-year-question blockquotes

def test_a_pymq_blockquote_becomes_a_mains_question():
    lines = pyq.convert(_lines("Text\n>Explain the tie with Russia. #PYMQ 2004\nAfter"))
    assert _text(lines) == 'Text\n\n!!! question "Mains 2004"\n    Explain the tie with Russia.\n\nAfter'
    assert _numbers(lines) == [1, 2, 2, 2, 2, 3]


def test_a_pypq_blockquote_over_several_lines_becomes_a_prelims_question():
    source = "> Which grouping has both as members?\n> (a) G7 (b) SCO #PYPQ 2019\n"
    assert _text(pyq.convert(_lines(source))) == (
        '!!! question "Prelims 2019"\n    Which grouping has both as members?\n    (a) G7 (b) SCO\n\n')


def test_pyq_tag_forms():
    assert pyq.exam_title("x #PYMQ2013") == "Mains 2013"
    assert pyq.exam_title("x #pypq-2020.") == "Prelims 2020"
    assert pyq.exam_title("x #PYMQ") == "Mains"
    assert pyq.exam_title("x #PYMQ 2004 #PYMQ 2013") == "Mains 2004 · Mains 2013"
    assert pyq.exam_title("x #PYMQS 2004") is None
    assert pyq.exam_title("no tag") is None


def test_callouts_and_plain_quotes_are_left_alone():
    source = "> [!note]- Fold\n> Text #PYMQ 2004\n\n> Just a quote.\n"
    assert _text(pyq.convert(_lines(source))) == source


def test_pyq_tags_in_code_are_left_alone():
    source = "```\n> x #PYMQ 2004\n```\n"
    assert _text(pyq.convert(_lines(source))) == source


# Headings

def test_heading_keys_match_obsidian_links():
    assert headings.key("Q: **What** is [[Note\\|it]]?") == headings.key("Q What is it?")
    assert headings.key("India's  ties") == "india's ties"


def test_heading_ids_are_unique_and_explicit_ids_are_kept():
    found = headings.scan(_lines("# A\n## Background\n## Background\n## Given {#own-id}\n```\n# code\n```"))
    assert [(h.level, h.id) for h in found] == [(1, "a"), (2, "background"), (2, "background-2"), (2, "own-id")]


def test_nested_heading_paths_find_the_right_section():
    found = headings.scan(_lines("# One\n## Notes\n# Two\n## Notes\n"))
    assert headings.find(found, ["Two", "Notes"]).index == 3
    assert headings.find(found, ["One", "Missing"]) is None


# Tags

def _tagged(text: str, hidden: bool = False) -> str:
    return markdown.markdown(text, extensions=["extra", "pymdownx.saneheaders",
                                               TagExtension(hidden, frozenset({"introduction", "conclusion"}))])


def test_tags_render_as_labels():
    html = _tagged("Ties are old. #gs2/ir and #exercise")
    assert '<span class="tag">#gs2/ir</span>' in html and '<span class="tag">#exercise</span>' in html


def test_structural_tags_are_removed():
    assert _tagged("#introduction India and Russia.") == "<p>India and Russia.</p>"
    assert _tagged("Para.\n\n#conclusion\n\nNext.") == "<p>Para.</p>\n<p>Next.</p>"


def test_hidden_tags_leave_the_text():
    assert _tagged("Ties are old. #gs2/ir", hidden=True) == "<p>Ties are old. </p>"


def test_hashes_that_are_not_tags():
    html = _tagged("Code `#not` and [a link](http://x.org/#frag) and C#sharp, issue #12, &#169;\n\n## Heading")
    assert 'class="tag"' not in html
    assert "<h2>Heading</h2>" in html and "#12" in html and "#not" in html
