"""The SVG: well-formed, EPUB-friendly, deterministic, real text; pruning and orientation."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from booklet.mindmap import MapFonts, MapNode, MapOptions, draw, outline_from_html
from conftest import epubcheck_messages
from mindmap_support import FONTS, PALETTE, india_russia

SVG_NS = "http://www.w3.org/2000/svg"
SVG = f"{{{SVG_NS}}}"
# Every attribute the emitter may write, all plain SVG 1.1 / SVG 2 or ARIA.
ALLOWED = {
    "svg": {"viewBox", "width", "role", "aria-labelledby", "aria-describedby", "class", "font-family"},
    "title": {"id"},
    "g": {"fill", "stroke-linecap"},
    "path": {"d", "stroke", "stroke-width"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "stroke", "stroke-width", "stroke-dasharray"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-linecap"},
    "text": {"x", "y", "fill", "font-size", "font-weight", "text-anchor"},
    "tspan": {"x", "y"},
}


def drawn(root=None, **kwargs):
    options = dict(fonts=FONTS, palette=PALETTE, box_mm=(247, 170), id_prefix="topic-3-map", title="Mind map")
    options.update(kwargs)
    return draw(root or india_russia(), **options)


def texts(svg: str) -> list[str]:
    tree = etree.fromstring(svg.encode())
    return [" ".join(element.itertext()) for element in tree.iter(SVG + "text")]


def test_svg_is_well_formed_and_fit_for_epub_xhtml():
    svg = drawn().svg
    assert not svg.startswith("<?xml")
    tree = etree.fromstring(svg.encode())
    assert tree.tag == SVG + "svg" and tree.nsmap == {None: SVG_NS}
    assert "xlink" not in svg
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", tree.get("viewBox"))
    assert tree.get("width") == "100%" and tree.get("height") is None
    assert tree.get("role") == "img"
    title = tree.find(SVG + "title")
    assert title is not None and title.text == "Mind map" and tree.index(title) == 0
    assert tree.get("aria-labelledby") == title.get("id") == "topic-3-map-title"
    for element in tree.iter():
        name = etree.QName(element).localname
        assert set(element.attrib) <= ALLOWED[name], (name, element.attrib)
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert all(value.startswith("topic-3-map-") for value in ids)


def test_two_runs_give_the_same_bytes():
    # Cold caches are the next test's case: each of its runs is a fresh process.
    first = drawn().svg
    again = drawn(india_russia())
    assert again.svg == first
    # Numbers have at most two decimals: no float noise to differ between platforms.
    assert not re.search(r"\d\.\d{3}", first)


def test_same_bytes_across_processes_whatever_the_hash_seed():
    script = (
        "import hashlib, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from booklet.mindmap import draw\n"
        "from mindmap_support import FONTS, PALETTE, india_russia\n"
        "svg = draw(india_russia(), fonts=FONTS, palette=PALETTE, box_mm=(170, 247), id_prefix='m').svg\n"
        "print(hashlib.sha256(svg.encode()).hexdigest())\n"
    )
    here = Path(__file__).resolve().parent
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(here.parents[1]), str(here)],
            env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    # And the same as this process draws with its caches warm from the tests before.
    warm = draw(india_russia(), fonts=FONTS, palette=PALETTE, box_mm=(170, 247), id_prefix="m").svg
    assert digests == {hashlib.sha256(warm.encode()).hexdigest() + "\n"}


def test_centre_alone_is_still_a_map():
    mind_map = drawn(MapNode("Just a title"))
    assert texts(mind_map.svg) == ["Just a title"] and not mind_map.warnings


def test_text_elements_hold_the_labels():
    found = texts(drawn().svg)
    for label in ("India–Russia relations", "Defence", "BrahMos cruise missile", "Kudankulam nuclear plant"):
        assert label in found
    # A wrapped label is one <text> with a <tspan> per line.
    assert "Special and Privileged Strategic Partnership" in found


def test_80_character_heading_wraps_then_shortens():
    heading = "The long and winding history of Indo-Soviet cooperation in steel, oils and space"
    root = MapNode("Centre", (MapNode(heading, (MapNode("leaf"),)), MapNode("Other")))
    mind_map = drawn(root)
    branch = next(label for label in mind_map.geometry.labels if label.kind == "branch" and label.branch == 0)
    assert len(branch.lines) == 2 and branch.truncated and branch.lines[1].endswith("…")
    assert heading.startswith(branch.lines[0])
    tree = etree.fromstring(mind_map.svg.encode())
    spans = [[span.text for span in text.iter(SVG + "tspan")] for text in tree.iter(SVG + "text")]
    assert list(branch.lines) in spans


def test_two_hundred_headings_are_pruned_with_more_leaves_and_a_warning():
    fragment = "".join(f"<h2>Heading number {i}</h2><ul><li>point {i}</li></ul>" for i in range(200))
    root = outline_from_html("Everything", fragment, MapOptions())
    assert len(root.children) == 200
    mind_map = drawn(root, box_mm=(170, 247))
    assert mind_map.pruned > 0
    assert any("+" in text and "more" in text for text in texts(mind_map.svg))
    assert any("left out" in warning for warning in mind_map.warnings)
    assert mind_map.leaf_pt >= 7
    kept = sum(label.kind != "more" for label in mind_map.geometry.labels)
    assert kept + mind_map.pruned == root.size()


def test_many_leaves_are_cut_from_the_largest_branches():
    root = MapNode("C", tuple(
        MapNode(f"Branch {b}", tuple(MapNode(f"Leaf {b}.{i} with some words") for i in range(40 if b < 2 else 5)))
        for b in range(6)
    ))
    mind_map = drawn(root, box_mm=(170, 247))
    assert mind_map.pruned and mind_map.leaf_pt >= 7
    more = [label for label in mind_map.geometry.labels if label.kind == "more"]
    assert {label.branch for label in more} >= {0, 1}  # the two big branches lost leaves
    small = [label for label in mind_map.geometry.labels if label.kind == "leaf" and label.branch == 5]
    assert len(small) == 5  # a small branch keeps all of them


def test_large_map_turns_landscape_unless_told_not_to():
    # Upright it fits at 9 pt with every branch on one side, comfortable enough not to turn; in
    # a narrower box it would print under 8.5 pt and turns.
    upright = drawn(box_mm=(170, 247))
    assert not upright.landscape and upright.leaf_pt >= 8.5
    turned = drawn(box_mm=(130, 200))
    assert turned.landscape and turned.box_mm == (200.0, 130.0)
    kept = drawn(box_mm=(130, 200), rotate=False)
    assert not kept.landscape and kept.box_mm == (130.0, 200.0) and kept.leaf_pt < turned.leaf_pt
    small = drawn(MapNode("C", (MapNode("a"), MapNode("b"))), box_mm=(170, 247))
    assert not small.landscape


def test_a_landscape_page_may_offer_a_box_of_its_own():
    # A landscape page has its own margins and heading: not the portrait box turned.
    turned = drawn(box_mm=(166, 220), turned_mm=(249, 150))
    assert turned.landscape and turned.box_mm == (249.0, 150.0)
    assert drawn(box_mm=(166, 220), turned_mm=(249, 150), rotate=False).box_mm == (166.0, 220.0)
    with pytest.raises(ValueError, match="positive size"):
        drawn(turned_mm=(0, 150))


def test_svg_names_its_text_alternative():
    tree = etree.fromstring(drawn(described_by="topic-3-map-text").svg.encode())
    assert tree.get("aria-describedby") == "topic-3-map-text"
    assert etree.fromstring(drawn().svg.encode()).get("aria-describedby") is None
    with pytest.raises(ValueError, match="not a valid XML id"):
        drawn(described_by="no spaces allowed")


def test_both_sides_are_used_and_branches_have_their_own_colour():
    mind_map = drawn()
    sides = {label.side for label in mind_map.geometry.labels if label.kind == "branch"}
    assert sides == {-1, 1}
    strokes = re.findall(r'<rect fill="[^"]+" height="[^"]+" rx="4" stroke="(#[0-9a-f]{6})"', mind_map.svg)
    assert set(strokes) == set(PALETTE)


def test_outline_alternative_is_unpruned_and_escaped():
    root = MapNode("R&D <lab>", tuple(MapNode(f"b{i}", tuple(MapNode(f"l{j}") for j in range(30))) for i in range(8)))
    mind_map = drawn(root, box_mm=(100, 100))
    assert mind_map.pruned
    assert mind_map.outline_html.count("<li>") == root.size()
    assert "R&amp;D &lt;lab&gt;" in mind_map.outline_html


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"id_prefix": "1bad id"}, "not a valid XML id"),
        ({"palette": ()}, "palette is empty"),
        ({"palette": ("red",)}, "not a hex colour"),
        ({"box_mm": (0, 100)}, "positive size"),
    ],
)
def test_bad_arguments_are_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        drawn(**kwargs)


def test_fonts_are_taken_from_the_given_paths(tmp_path: Path):
    fonts = MapFonts(FONTS.bold, FONTS.bold, family="Test Sans")  # bold metrics for every label
    wide = drawn(fonts=fonts)
    assert "font-family=\"'Test Sans', sans-serif\"" in wide.svg
    assert wide.svg != drawn().svg
    # The regular labels were measured with the bold face given: each is at least as wide, some wider.
    regular = {label.lines: label.width for label in drawn().geometry.labels if not label.bold}
    measured = {label.lines: label.width for label in wide.geometry.labels if label.lines in regular}
    assert measured and all(width >= regular[lines] - 0.01 for lines, width in measured.items())
    assert any(width > regular[lines] + 0.5 for lines, width in measured.items())


def test_svg_inside_epub_passes_epubcheck(tmp_path: Path):
    mind_map = drawn()
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">'
        f"<head><title>Map</title></head><body><figure>{mind_map.svg}"
        f"<details><summary>Outline</summary>{mind_map.outline_html}</details></figure></body></html>"
    )
    nav = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">'
        '<head><title>Nav</title></head><body><nav epub:type="toc"><ol><li><a href="map.xhtml">Map</a></li></ol>'
        "</nav></body></html>"
    )
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="en">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:0f4b3c7e-1a2b-4c3d-8e9f-001122334455</dc:identifier>'
        '<dc:title>Map test</dc:title><dc:language>en</dc:language>'
        '<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>'
        '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="map" href="map.xhtml" media-type="application/xhtml+xml" properties="svg"/></manifest>'
        '<spine><itemref idref="map"/></spine></package>'
    )
    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    epub = tmp_path / "map.epub"
    with zipfile.ZipFile(epub, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("EPUB/package.opf", opf)
        archive.writestr("EPUB/nav.xhtml", nav)
        archive.writestr("EPUB/map.xhtml", page)
    assert epubcheck_messages(epub) == []
