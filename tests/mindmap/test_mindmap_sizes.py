"""Mind maps at every page size: each map page read back from the PDF as a student's search,
copy and eyes meet it. Every branch is there as words, no text under 7 pt, no glyphs overlap;
a map too big for a small page is split, never cut."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import loader, pipeline
from booklet.cli import main
from booklet.errors import Reporter
from booklet.mindmap import MapNode

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "mapsizes"
SIZES = {"A4": "A4", "A5": "A5", "Letter": "Letter", "A5 landscape": "210mm 148mm"}
# Lead phrases as a student would want them on the map: bold leads, a clause before a dash or
# a colon, a first cell of a table, a sentence cut where a phrase starts.
LEADS = ("SAGAR (2015)", "Mauritius", "Strait of Hormuz", "String of pearls", "IORA",
         "Deep Ocean Mission approved in 2021", "Net security provider", "Varuna with France")


@pytest.fixture(scope="session")
def size_builds(tmp_path_factory) -> dict[str, Path]:
    """The scenario's PDF at each size (about 3 s each)."""
    builds = {}
    for name, size in SIZES.items():
        out = tmp_path_factory.mktemp("mapsizes-" + name.replace(" ", "-"))
        assert main(["build", str(SCENARIO / "mapsizes.yml"), "--format", "pdf", "--out", str(out),
                     "--page-size", size]) == 0
        builds[name] = out / "mapsizes.pdf"
    return builds


def _branches(note: str) -> list[str]:
    """The `##` headings of a note: what its map's branches must say."""
    text = (SCENARIO / "notes" / note).read_text(encoding="utf-8")
    return re.findall(r"^## (.+)$", text, flags=re.M)


def _flat(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def _read(pdf: Path) -> tuple[list[str], list[int]]:
    """Each page's text (white space flattened) and the map pages' indexes."""
    return [_flat(page.extract_text() or "") for page in PdfReader(pdf).pages], _map_pages(pdf)


def _map_pages(pdf: Path) -> list[int]:
    """Pages drawn with connectors: the map pages (body pages have no curves)."""
    with pdfplumber.open(pdf) as document:
        return [number for number, page in enumerate(document.pages) if len(page.curves) >= 2]


@functools.cache
def _outline(title: str) -> MapNode:
    """The tree a topic's map must show, every leaf of it: the outline read from its notes."""
    reporter = Reporter()
    prepared = pipeline.prepare(loader.load_manifest(SCENARIO / "mapsizes.yml", reporter), reporter)
    topic = next(rt for rt in prepared.rendered.topics if rt.topic.title == title)
    return topic.extras["mindmap_source"].root


def test_the_scenario_has_a_branch_of_more_than_eight_leaves():
    # Eight was once the cap past which leaves became "+N more": the map must draw them all.
    root = _outline("Ports and the Indian Ocean")
    assert max(len(branch.children) for branch in root.children) > 8
    assert not any(leaf.more for branch in root.children for leaf in branch.children)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("title", ["India and the Indian Ocean Region", "Ports and the Indian Ocean"])
def test_every_leaf_of_the_outline_is_on_a_map_page_as_words(size_builds, size, title):
    texts, pages = _read(size_builds[size])
    drawn = " | ".join(texts[n] for n in pages if title in texts[n])
    root = _outline(title)
    missing = [leaf.label for branch in root.children for leaf in branch.children if leaf.label not in drawn]
    assert drawn and missing == [], (size, missing)


@pytest.mark.parametrize("size", SIZES)
def test_every_branch_and_lead_phrase_is_on_a_map_page_as_words(size_builds, size):
    texts, pages = _read(size_builds[size])
    ocean = [n for n in pages if "Indian Ocean" in texts[n]]
    panchsheel = [n for n in pages if "Panchsheel" in texts[n] and n not in ocean]
    assert ocean and panchsheel, size
    # The overview (the map's first page) names every branch, as words with spaces.
    for branch in _branches("indian-ocean.md"):
        assert branch in texts[ocean[0]], (size, branch)
    for branch in _branches("panchsheel.md"):
        assert branch in texts[panchsheel[0]], (size, branch)
    drawn = " | ".join(texts[n] for n in ocean)
    for lead in LEADS:
        assert lead in drawn, (size, lead)
    assert "…" not in drawn, size  # no label cut short
    assert not re.search(r"\+\d+ more", drawn), size  # no leaf left out


def test_a_small_page_splits_the_big_map_and_a_big_page_does_not(size_builds):
    counts = {}
    for size, pdf in size_builds.items():
        texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        counts[size] = sum("of this map" in texts[n] for n in _map_pages(pdf))
    assert counts["A4"] == 0 and counts["Letter"] == 0
    assert counts["A5"] >= 2  # an overview and at least one continuation page


@pytest.mark.parametrize("size", SIZES)
def test_map_text_is_never_under_7_pt_and_glyphs_do_not_overlap(size_builds, size):
    with pdfplumber.open(size_builds[size]) as document:
        for number in _map_pages(size_builds[size]):
            chars = [c for c in document.pages[number].chars if c["text"].strip()]
            assert min(c["size"] for c in chars) >= 7 - 0.05, (size, number + 1)
            assert not _overlapping(chars), (size, number + 1, _overlapping(chars)[:3])


def _overlapping(chars: list[dict]) -> list[tuple[str, str]]:
    """Pairs of glyphs that cover more than half of each other's width and height: labels set
    over one another. Neighbours in a word touch, but never overlap that much."""
    found = []
    rows: dict[int, list[dict]] = {}
    for char in chars:
        rows.setdefault(int(char["top"] // 10), []).append(char)
    for key, row in rows.items():
        near = row + rows.get(key + 1, [])
        for i, a in enumerate(row):
            for b in near[i + 1:]:
                wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if (wide > 0.5 * min(a["width"], b["width"]) and
                        high > 0.5 * min(a["height"], b["height"])):
                    found.append((a["text"], b["text"]))
    return found


def test_the_overlap_check_sees_labels_set_over_one_another():
    glyph = {"text": "a", "x0": 10.0, "x1": 15.0, "top": 20.0, "bottom": 28.0, "width": 5.0, "height": 8.0}
    neighbour = {**glyph, "text": "b", "x0": 14.6, "x1": 19.6}  # kerned into its neighbour a little
    over = {**glyph, "text": "c", "x0": 11.0, "x1": 16.0, "top": 22.0, "bottom": 30.0}
    assert _overlapping([glyph, neighbour]) == []
    assert _overlapping([glyph, neighbour, over]) == [("a", "c")]


@pytest.mark.parametrize("size", SIZES)
def test_a_small_outline_gets_a_compact_map_on_the_page_of_its_text(size_builds, size):
    texts, pages = _read(size_builds[size])
    small = [n for n in pages if "Five principles" in texts[n]]
    assert len(small) == 1, size  # one map, not a page of its own plus the text
    # The page goes on with the topic's notes: its list under the map ("Non-aggression" is a leaf
    # and an item), and on a tall page its paragraphs too.
    assert texts[small[0]].count("Non-aggression") == 2, size
    assert ("Panchsheel was signed by India and China" in texts[small[0]]) == (size != "A5 landscape"), size
    big = [n for n in pages if "SAGAR and the doctrine" in texts[n]]
    assert big and "Notes from class" not in texts[big[0]], size  # a full outline keeps its own page
