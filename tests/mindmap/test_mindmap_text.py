"""Font measuring, wrapping and shortening of labels, and the front-matter options."""

from __future__ import annotations

import pytest

from booklet.mindmap import MapOptions, parse_options
from booklet.mindmap.metrics import ELLIPSIS, load_metrics, shorten, wrap
from mindmap_support import FONTS

REGULAR = load_metrics(FONTS.regular)
BOLD = load_metrics(FONTS.bold)


def test_metrics_are_read_once_and_match_the_font():
    assert load_metrics(FONTS.regular) is load_metrics(FONTS.regular)
    # Noto Sans: "A" advances 639 units of 1000, in bold 690.
    assert REGULAR.width("A", 10) == pytest.approx(6.39)
    assert BOLD.width("AA", 10) == pytest.approx(13.8)
    assert REGULAR.ascent == pytest.approx(1.069) and REGULAR.descent == pytest.approx(0.293)


def test_short_label_stays_on_one_line():
    assert wrap("BrahMos", REGULAR, 10, 100) == (("BrahMos",), False)


def test_two_lines_are_balanced_and_within_the_width():
    lines, cut = wrap("Special and Privileged Strategic Partnership", REGULAR, 10, 140)
    assert not cut and len(lines) == 2
    assert " ".join(lines) == "Special and Privileged Strategic Partnership"
    assert all(REGULAR.width(line, 10) <= 140 for line in lines)


def test_80_character_heading_wraps_then_shortens_with_an_ellipsis():
    heading = "The long and winding history of Indo-Soviet cooperation in steel, oils and space"
    assert len(heading) == 80
    lines, cut = wrap(heading, BOLD, 11.5, 100)
    assert cut and len(lines) == 2
    assert lines[1].endswith(ELLIPSIS) and not lines[0].endswith(ELLIPSIS)
    assert heading.startswith(lines[0])
    assert all(BOLD.width(line, 11.5) <= 100 for line in lines)
    # Cut at a word boundary, with no dangling comma or space before the ellipsis.
    assert lines[1][:-1] in heading and lines[1][-2] not in " ,;:"


def test_unbroken_word_is_broken_across_lines_then_shortened():
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    lines, cut = wrap(word, REGULAR, 10, 60)
    assert cut and len(lines) == 2
    assert word.startswith(lines[0]) and lines[1].endswith(ELLIPSIS)
    assert all(REGULAR.width(line, 10) <= 60 for line in lines)


def test_shorten_keeps_at_least_one_character():
    assert shorten("WWWW", BOLD, 20, 1) == "W" + ELLIPSIS


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, MapOptions()),
        (True, MapOptions()),
        (False, MapOptions(enabled=False)),
        ({"depth": 1}, MapOptions(depth=1)),
        ({"depth": 2, "max_leaves": 6}, MapOptions(depth=2, max_leaves=6)),
        ({"enabled": False}, MapOptions(enabled=False)),
        ({"centre": "  Russia   ties "}, MapOptions(centre="Russia ties")),
    ],
)
def test_parse_options_accepts_front_matter_forms(value, expected):
    assert parse_options(value) == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("yes", "expected true, false or a mapping"),
        ({"depth": 0}, "mindmap.depth: 0 is out of range"),
        ({"depth": True}, "mindmap.depth: expected a whole number"),
        ({"max_leaves": "6"}, "mindmap.max_leaves: expected a whole number"),
        ({"max_leaves": 500}, "out of range"),
        ({"enabled": "no"}, "mindmap.enabled: expected true or false"),
        ({"depht": 2}, "unknown option(s) depht"),
        ({"centre": ""}, "mindmap.centre: expected the centre's label as text"),
        ({"centre": 3}, "mindmap.centre: expected the centre's label as text"),
    ],
)
def test_parse_options_says_what_is_wrong(value, words):
    with pytest.raises(ValueError) as raised:
        parse_options(value)
    assert words in str(raised.value)
