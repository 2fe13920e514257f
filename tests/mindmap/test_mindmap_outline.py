"""Trees from a topic's HTML and from explicit mindmap blocks, pruning, and the text alternative."""

from __future__ import annotations

import markdown
import pytest
from lxml import etree

from booklet.mindmap import (
    MapNode, MapOptions, MapSyntaxError, outline_from_html, outline_from_list, outline_html, prune,
)
from mindmap_support import INDIA_RUSSIA, numbered

NOTES = """\
Intro paragraph that is not on the map.

## Defence ties

- **S-400** deal signed in 2018 despite CAATSA
- BrahMos is a joint venture between DRDO and NPO Mashinostroyeniya
- Energy: Russia supplies a fifth of India's crude
- Kudankulam nuclear power plant in Tamil Nadu
    - Units 1 and 2 running

### Joint exercises

- INDRA
- AVIINDRA

## Energy *and* trade

1. Sakhalin-1
2. Rupee–rouble trade

## Trade
"""


def html(text: str) -> str:
    # As the booklet renders notes: permalinks add a "¶" link inside each heading.
    return markdown.markdown(text, extensions=["toc"], extension_configs={"toc": {"permalink": True}})


def labels(node: MapNode) -> list:
    return [node.label, [labels(child) for child in node.children]] if node.children else node.label


def test_headings_are_branches_and_list_lead_phrases_are_leaves():
    tree = outline_from_html("India–Russia", html(NOTES), MapOptions())
    assert labels(tree) == ["India–Russia", [
        ["Defence ties", [
            "S-400",  # the bold run
            "BrahMos is a joint venture",  # cut where a phrase starts ("between"), no fragment
            "Energy",  # a clause that ends early is a whole lead phrase
            "Kudankulam nuclear power plant in Tamil Nadu",  # a short whole clause stays whole
            "Joint exercises",  # ### heading; its list is below depth 2
        ]],
        ["Energy and trade", ["Sakhalin-1", "Rupee–rouble trade"]],
        "Trade",
    ]]


def test_a_bold_word_inside_an_item_is_emphasis_not_its_lead_phrase():
    notes = ("## Defence\n\n- SIPRI data show Russia's share of **imports** falling\n"
             "- “**Quoted** lead” keeps its bold run\n- **Deal:** signed in 2018\n")
    tree = outline_from_html("T", html(notes), MapOptions())
    assert labels(tree.children[0]) == ["Defence", ["SIPRI data show Russia's share of imports falling", "Quoted", "Deal"]]


def test_a_shortened_lead_phrase_does_not_end_inside_a_bracket():
    notes = ("## Way forward\n\n- Renew expiring frameworks early (the 1996 Ganga treaty first)\n"
             "- Climate talks (BASIC), WTO and other forums where both sit\n")
    tree = outline_from_html("T", html(notes), MapOptions())
    assert labels(tree.children[0]) == ["Way forward", ["Renew expiring frameworks early", "Climate talks"]]


def test_a_long_item_is_cut_where_a_phrase_starts_never_mid_phrase():
    notes = ("## Way forward\n\n- Settle payments in national currencies through sanctions-proof channels.\n"
             "- Keep diversifying without abrupt exits that would leave legacy fleets unsupported.\n"
             "- The foundation stone was laid in March 2019. The contract followed in 2021.\n"
             "- Summits and agreements have not yet fixed the trade imbalance or payment problems\n")
    tree = outline_from_html("T", html(notes), MapOptions())
    assert labels(tree.children[0]) == ["Way forward", [
        "Settle payments in national currencies",
        "Keep diversifying without abrupt exits",
        "The foundation stone was laid in March 2019",  # the first sentence, whole
        "Summits and agreements",  # no phrase boundary: the clause's subject, before its verb
    ]]


def test_only_an_item_with_no_boundary_at_all_gets_its_first_words_and_an_ellipsis():
    notes = "## Limits\n\n- Several overlapping bilateral frameworks together cover defence supplies and spares\n"
    tree = outline_from_html("T", html(notes), MapOptions())
    assert labels(tree.children[0]) == ["Limits", ["Several overlapping bilateral frameworks…"]]


def test_sections_added_by_features_are_not_outline():
    fragment_html = (html(NOTES) + '<section class="practice-questions"><h2>Practice questions</h2>'
                     "<ul><li>Q1</li></ul></section><section><h2>Plain section</h2></section>")
    tree = outline_from_html("T", fragment_html, MapOptions())
    assert [branch.label for branch in tree.children] == ["Defence ties", "Energy and trade", "Trade", "Plain section"]


def test_table_rows_are_leaves_like_list_items():
    notes = ("## Timeline\n\n| Year | Event |\n|---|---|\n| 1971 | **Treaty** of friendship |\n"
             "| 2000 | Strategic partnership |\n\n## Rights\n\n- Equality\n")
    tree = outline_from_html("T", markdown.markdown(notes, extensions=["tables"]), MapOptions())
    assert labels(tree) == ["T", [["Timeline", ["1971", "2000"]], ["Rights", ["Equality"]]]]
    only_table = "| Right | Articles |\n|---|---|\n| Equality | 14–18 |\n| Freedom | 19–22 |\n"
    tree = outline_from_html("T", markdown.markdown(only_table, extensions=["tables"]), MapOptions())
    assert labels(tree) == ["T", ["Equality", "Freedom"]]


def test_centre_option_names_the_centre():
    assert outline_from_html("A very long title", html(NOTES), MapOptions(centre="Short")).label == "Short"


def test_depth_one_keeps_branches_only_and_depth_three_adds_sub_items():
    assert labels(outline_from_html("T", html(NOTES), MapOptions(depth=1))) == [
        "T", ["Defence ties", "Energy and trade", "Trade"]]
    deep = outline_from_html("T", html(NOTES), MapOptions(depth=3))
    defence = deep.children[0]
    assert labels(defence.children[3]) == ["Kudankulam nuclear power plant in Tamil Nadu", ["Units 1 and 2 running"]]
    assert labels(defence.children[4]) == ["Joint exercises", ["INDRA", "AVIINDRA"]]


def test_max_leaves_adds_a_more_leaf():
    tree = outline_from_html("T", html(NOTES), MapOptions(max_leaves=2))
    defence = tree.children[0]
    assert [child.label for child in defence.children] == ["S-400", "BrahMos is a joint venture", "+3 more"]
    assert defence.children[-1].more == 3


def test_disabled_or_empty_topics_have_no_map():
    assert outline_from_html("T", html(NOTES), MapOptions(enabled=False)) is None
    assert outline_from_html("T", "", MapOptions()) is None
    assert outline_from_html("T", "<p>Only prose.</p>", MapOptions()) is None


def test_topic_without_h2_uses_its_highest_headings_or_its_lists():
    assert labels(outline_from_html("T", html("### A\n\n- a1\n\n### B"), MapOptions())) == [
        "T", [["A", ["a1"]], "B"]]
    assert labels(outline_from_html("T", html("- **A** one\n    - a1\n- B"), MapOptions())) == [
        "T", [["A", ["a1"]], "B"]]


def test_explicit_block_builds_the_nested_tree():
    block = """\
    - India–Russia
        - Defence
            - S-400
            - **BrahMos**
        - Energy
          continues on the next line
"""
    tree = outline_from_list(numbered(block, first=12))
    assert labels(tree) == ["India–Russia", [["Defence", ["S-400", "BrahMos"]], "Energy continues on the next line"]]


def test_realistic_block_has_eight_branches():
    tree = outline_from_list(numbered(INDIA_RUSSIA))
    assert len(tree.children) == 8 and tree.size() == 1 + 8 + 33


@pytest.mark.parametrize(
    "block, line, words",
    [
        ("- Centre\n    - ok\nA paragraph", 3, "expected a list item"),
        ("- Centre\n            - too deep", 2, "nested deeper than its parent"),
        ("- Centre\n    - A\n            - too deep", 3, "nested deeper than its parent"),
        ("    - Centre\n        - B\n  - less than the centre", 3, "indented less than the first item"),
        ("- Centre\n    - \n", 2, "empty list item"),
        ("Not a list\n- Centre", 1, "expected a list item"),
    ],
)
def test_malformed_blocks_raise_with_the_line_number(block, line, words):
    with pytest.raises(MapSyntaxError) as raised:
        outline_from_list(numbered(block, first=1))
    assert raised.value.line == line
    assert words in raised.value.message
    assert str(raised.value).startswith(f"line {line}: ")


def test_malformed_block_line_numbers_are_the_source_lines():
    with pytest.raises(MapSyntaxError) as raised:
        outline_from_list([(40, "- Centre"), (41, "    - B"), (43, "stray text")])
    assert raised.value.line == 43


def test_empty_and_flat_blocks_are_warnings():
    seen = []
    warn = lambda message, line: seen.append((line, message))  # noqa: E731
    assert outline_from_list([(5, ""), (6, "   ")], warn=warn) is None
    assert seen[-1][0] == 5 and "empty" in seen[-1][1]
    flat = outline_from_list(numbered("- A\n- B\n- C", first=20), warn=warn)
    assert labels(flat) == ["A", ["B", "C"]]
    assert seen[-1][0] == 21 and "flat list" in seen[-1][1]
    alone = outline_from_list([(9, "- Only a centre")], warn=warn)
    assert alone == MapNode("Only a centre") and seen[-1][0] == 9


def test_warnings_default_to_python_warnings():
    with pytest.warns(UserWarning, match="line 3: mindmap block is a flat list"):
        outline_from_list(numbered("- A\n    - a\n- B"))


def test_prune_cuts_leaves_of_the_largest_branch_first():
    tree = MapNode("C", (
        MapNode("big", tuple(MapNode(f"b{i}") for i in range(5))),
        MapNode("small", (MapNode("s0"), MapNode("s1"))),
    ))
    pruned, cut = prune(tree, 3)
    assert cut == 3
    assert labels(pruned) == ["C", [["big", ["b0", "b1", "+3 more"]], ["small", ["s0", "s1"]]]]
    pruned, cut = prune(tree, 5)  # the branches tie at 2 leaves: the later one loses first
    assert labels(pruned) == ["C", [["big", ["b0", "+4 more"]], ["small", ["s0", "+1 more"]]]]


def test_prune_never_swaps_a_lone_leaf_for_a_more_leaf():
    tree = MapNode("C", (MapNode("A", (MapNode("a"),)), MapNode("B", (MapNode("b"),)), MapNode("D")))
    pruned, cut = prune(tree, 1)  # no room saved by "A: +1 more": a branch goes instead
    assert labels(pruned) == ["C", [["A", ["a"]], ["B", ["b"]], "+1 more"]] and cut == 1
    pruned, cut = prune(tree, 2)
    assert labels(pruned) == ["C", [["A", ["a"]], "+2 more"]] and cut == 3


def test_prune_keeps_counting_into_existing_more_leaves_and_then_cuts_branches():
    tree = MapNode("C", (MapNode("A", (MapNode("a"), MapNode("+4 more", (), 4))), MapNode("B")))
    pruned, cut = prune(tree, 1)
    assert labels(pruned) == ["C", [["A", ["+5 more"]], "B"]] and cut == 1
    pruned, cut = prune(tree, 3)  # then whole branches go, counted as branches
    assert labels(pruned) == ["C", ["+2 more"]] and cut == 3


def test_outline_html_is_nested_escaped_list():
    tree = MapNode("A & B <c>", (MapNode("x", (MapNode("y"),)), MapNode("z")))
    text = outline_html(tree)
    assert text == ('<ul class="mindmap-outline"><li>A &amp; B &lt;c&gt;<ul><li>x<ul><li>y</li></ul></li>'
                    "<li>z</li></ul></li></ul>")
    etree.fromstring(text)  # well-formed XHTML too
