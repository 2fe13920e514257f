"""Map pages in the booklet: one per topic at its start or end, landscape when the map is, a
Mind maps back-matter part, real text in the PDF, valid SVG in the EPUB, the same bytes twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import epub_files, epubcheck_messages, outline, page_texts, toc_entries
from mindmap_support import (
    is_landscape, map_lines, prepare_scenario, shows_map, svg_boxes, topic_pages, write,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
MAPPED = ["The Quad", "Tall topic", "Wide topic", "India's neighbourhood policy", "SCO at a glance"]


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    prepared, reporter = prepare_scenario()
    out = tmp_path_factory.mktemp("mindmaps-start")
    return prepared, reporter, write(prepared, "pdf", out / "m.pdf"), write(prepared, "epub", out / "m.epub")


def maps_by_title(prepared) -> dict:
    return {rt.topic.title: rt.extras["mindmap"] for rt in prepared.rendered.topics if "mindmap" in rt.extras}


def svg_pages(prepared) -> dict[str, list[int]]:
    """The pages each topic's map SVG is laid out on, by topic title (a topic page's copy only)."""
    titles = {f"mindmap-{rt.id}-svg-title": rt.topic.title for rt in prepared.rendered.topics}
    pages: dict[str, list[int]] = {}
    for page, labelled_by, *_ in svg_boxes(prepared):
        if labelled_by in titles:
            pages.setdefault(titles[labelled_by], []).append(page)
    return pages


def test_every_body_topic_has_a_map_and_front_back_and_switched_off_topics_do_not(start):
    prepared, reporter, _, _ = start
    assert list(maps_by_title(prepared)) == MAPPED
    assert reporter.diagnostics == []


def test_map_page_opens_each_topic_landscape_when_the_map_is(start):
    prepared, _, pdf, _ = start
    reader = PdfReader(pdf)
    texts = page_texts(pdf)
    maps = maps_by_title(prepared)
    pages = topic_pages(reader, MAPPED + ["A topic without a map"])
    drawn_on = svg_pages(prepared)
    for title, mind_map in maps.items():
        first, *rest = pages[title]
        assert shows_map(texts[first - 1], mind_map), title
        assert title in texts[first - 1]
        assert drawn_on[title] == [first], title  # one map, on the topic's first page
        assert is_landscape(reader.pages[first - 1]) == mind_map.landscape, title
        assert not any(is_landscape(reader.pages[page - 1]) for page in rest), title
    # At A4 the wide topic fits upright with its branches on one side (10 pt, not 8 pt on two
    # sides); the A5 test below has landscape maps, so both page shapes are checked.
    assert not maps["Wide topic"].landscape and maps["Wide topic"].leaf_pt >= 10
    # The body follows the map on a page of its own.
    quad = pages["The Quad"]
    assert "Quad prose for the body page" in texts[quad[1] - 1]
    assert "Quad prose" not in texts[quad[0] - 1]
    no_map = pages["A topic without a map"]
    assert "This topic turned its map off." in texts[no_map[0] - 1]


def test_maps_are_real_text_set_in_the_booklet_sans(start):
    prepared, _, pdf, _ = start
    texts = " ".join(" ".join(page_texts(pdf)).split())
    for mind_map in maps_by_title(prepared).values():
        for line in map_lines(mind_map):
            assert " ".join(line.split()) in texts


def test_map_prints_as_wide_as_the_box_it_was_drawn_for(start):
    """At that width its smallest text prints at leaf_pt; and it fits the page below its heading."""
    prepared, _, _, _ = start
    maps = {f"mindmap-{rt.id}-svg-title": rt.extras["mindmap"] for rt in prepared.rendered.topics
            if "mindmap" in rt.extras}
    seen = set()
    for _, labelled_by, width_mm, bottom_mm, page_bottom_mm in svg_boxes(prepared):
        if labelled_by in maps:
            seen.add(labelled_by)
            assert width_mm == pytest.approx(maps[labelled_by].box_mm[0], abs=0.05)
        assert bottom_mm <= page_bottom_mm + 0.01
    assert seen == set(maps)


def test_maps_at_the_end_of_each_topic(tmp_path):
    prepared, _ = prepare_scenario(mindmaps="end", back_matter={"mind_maps": False})
    pdf = write(prepared, "pdf", tmp_path / "end.pdf")
    reader = PdfReader(pdf)
    texts = page_texts(pdf)
    pages = topic_pages(reader, MAPPED)
    drawn_on = svg_pages(prepared)
    compact = {rt.topic.title for rt in prepared.rendered.topics
               if "mindmap_figure" in rt.extras and rt.extras["mindmap_figure"].compact}
    assert compact == {"SCO at a glance"}  # three labels: a compact map after the text, on its page
    for title, mind_map in maps_by_title(prepared).items():
        *body, last = pages[title]
        assert (body or title in compact) and shows_map(texts[last - 1], mind_map), title
        assert "MIND MAP" in texts[last - 1] and title in texts[last - 1]
        assert drawn_on[title] == [last], title  # one map, on the topic's last page
        assert is_landscape(reader.pages[last - 1]) == mind_map.landscape
    assert "Quad prose for the body page" in texts[pages["The Quad"][0] - 1]
    assert "Mind maps" not in [title for title, _, _ in outline(pdf)]


def test_no_map_pages_when_switched_off(tmp_path):
    prepared, _ = prepare_scenario(mindmaps="off", back_matter={"mind_maps": False})
    assert maps_by_title(prepared) == {}  # nothing shows a map, so none is drawn
    pdf = write(prepared, "pdf", tmp_path / "off.pdf")
    reader = PdfReader(pdf)
    assert not any(is_landscape(page) for page in reader.pages)
    quad = topic_pages(reader, ["The Quad"])["The Quad"]
    assert "Quad prose for the body page" in page_texts(pdf)[quad[0] - 1]
    assert "<svg" not in "".join(s.html for s in prepared.sections)


def test_mind_maps_part_collects_every_map_with_bookmarks_and_contents(start):
    prepared, _, pdf, _ = start
    reader = PdfReader(pdf)
    texts = page_texts(pdf)
    maps = maps_by_title(prepared)
    tree = outline(pdf)
    part = next(entry for entry in tree if entry[0] == "Mind maps")
    assert tree[-1] is part  # after the back topics
    assert [title for title, _, _ in part[2]] == MAPPED
    assert "Mind maps" in texts[part[1] - 1]
    contents = dict(toc_entries(texts[1]))
    assert contents["Mind maps"] == part[1]
    for title, page, _ in part[2]:
        assert shows_map(texts[page - 1], maps[title]), title
        assert title in texts[page - 1]
        assert is_landscape(reader.pages[page - 1]) == maps[title].landscape
    # The part's own list of maps gives each one's page.
    listed = dict(toc_entries(texts[part[1] - 1]))
    assert [listed[title] for title in MAPPED] == [page for _, page, _ in part[2]]


def test_epub_embeds_each_map_as_svg_with_title_and_text_alternative(start):
    prepared, _, _, epub = start
    assert epubcheck_messages(epub) == []
    files = epub_files(epub)
    opf = etree.fromstring(files["EPUB/content.opf"].encode())
    with_svg_property = {item.get("href") for item in opf.iter("{http://www.idpf.org/2007/opf}item")
                         if "svg" in (item.get("properties") or "").split()}
    holding_svg = set()
    for rt in prepared.rendered.topics:
        document = etree.fromstring(files[f"EPUB/{rt.id}.xhtml"].encode())
        svgs = list(document.iter(SVG + "svg"))
        if "mindmap" not in rt.extras:
            assert svgs == [], rt.id
            continue
        holding_svg.add(f"{rt.id}.xhtml")
        [svg] = svgs
        assert svg.get("role") == "img"
        assert svg.get("viewBox"), "viewBox must keep its case in XHTML"
        assert svg.get("width") == "100%" and svg.get("height") is None
        title = svg.find(SVG + "title")
        assert title.text == rt.topic.title and svg.get("aria-labelledby") == title.get("id")
        [alternative] = [e for e in document.iter() if e.get("id") == svg.get("aria-describedby")]
        items = ["".join(li.itertext()) for li in alternative.iter(XHTML + "li")]
        assert items[0].startswith(rt.extras["mindmap_source"].root.label)
        assert alternative.getparent().tag == XHTML + "details"
    assert holding_svg | {"mind-maps.xhtml"} == with_svg_property


def test_same_input_gives_the_same_svg_bytes_through_the_pipeline(start, tmp_path):
    prepared, _, _, epub = start
    again, _ = prepare_scenario()
    assert [s.html for s in again.sections] == [s.html for s in prepared.sections]
    for first, second in zip(prepared.rendered.topics, again.rendered.topics):
        if "mindmap" in first.extras:
            assert first.extras["mindmap"].svg == second.extras["mindmap"].svg
    rewritten = write(again, "epub", tmp_path / "again.epub")
    assert epub_files(rewritten) == epub_files(epub)


def test_map_ids_are_unique_where_a_map_appears_twice(start):
    _, _, _, epub = start
    files = epub_files(epub)
    ids = []
    for name, text in files.items():
        if name.endswith(".xhtml"):
            ids += [e.get("id") for e in etree.fromstring(text.encode()).iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    part = files["EPUB/mind-maps.xhtml"]
    assert part.count("<svg") == len(MAPPED)


def test_explicit_blocks_replace_the_outline_and_leave_the_text(start):
    prepared, _, pdf, _ = start
    topics = {rt.id: rt for rt in prepared.rendered.topics}
    hand = topics["admonition"].extras["mindmap_source"].root
    assert hand.label == "Neighbourhood First"
    assert [branch.label for branch in hand.children] == ["Principles", "Partners", "Tools"]
    callout = topics["callout"].extras["mindmap_source"].root
    assert callout.label == "Shanghai Cooperation Organisation"
    for rt in (topics["admonition"], topics["callout"]):
        assert "mindmap" not in rt.html.replace("mindmap-", "")
        assert "Non-reciprocity" not in rt.html and "RATS counter-terror body" not in rt.html
    texts = page_texts(pdf)
    pages = topic_pages(PdfReader(pdf), MAPPED)
    # A three-label map is compact: the text follows it on the same page.
    body = texts[pages["SCO at a glance"][0] - 1]
    assert "Callout prose for the body page" in body and body.count("RATS") == 1  # the map's label only


def test_svg_names_lowercased_by_the_html_parser_are_restored():
    from booklet.writers.foreign import restore_svg_case_in

    page = (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            b'<body><p viewbox="kept: not SVG"/><svg xmlns="http://www.w3.org/2000/svg" viewbox="0 0 1 1">'
            b'<lineargradient gradientunits="userSpaceOnUse"/></svg></body></html>')
    fixed = restore_svg_case_in(page)
    assert b"<!DOCTYPE html>" in fixed
    assert b'<p viewbox="kept: not SVG"/>' in fixed
    assert b'viewBox="0 0 1 1"' in fixed and b'<linearGradient gradientUnits="userSpaceOnUse"/>' in fixed
    assert restore_svg_case_in(b"<html/>") == b"<html/>"


@pytest.fixture
def scenario_copy(tmp_path):
    from conftest import copy_scenario

    def with_manifest(extra: str) -> Path:
        folder = copy_scenario("mindmaps", tmp_path)
        manifest = folder / "mindmaps.yml"
        manifest.write_text(manifest.read_text() + extra)
        return manifest

    return with_manifest


def test_map_pages_follow_the_page_size(scenario_copy, tmp_path):
    from booklet import printing
    from booklet.mindmap.pages import map_pages

    prepared, reporter = prepare_scenario(scenario_copy("print:\n  page_size: A5\n"))
    pages = map_pages(printing.geometry(prepared.rendered.booklet.options.printing))
    assert pages.landscape_size == (210, 148)
    maps = maps_by_title(prepared)
    assert {m.box_mm[0] for m in maps.values()} <= {pages.portrait[0], pages.landscape[0]}
    pdf = write(prepared, "pdf", tmp_path / "a5.pdf")
    reader = PdfReader(pdf)
    sizes = {(round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72))
             for p in reader.pages}
    assert sizes == {(148, 210), (210, 148)}
    for _, labelled_by, width_mm, bottom_mm, page_bottom_mm in svg_boxes(prepared):
        assert bottom_mm <= page_bottom_mm + 0.01
    assert any(m.landscape for m in maps.values())


def test_imposed_booklets_keep_maps_upright(scenario_copy, tmp_path):
    prepared, _ = prepare_scenario(scenario_copy("print:\n  page_size: A5\n  impose: saddle\n"))
    assert not any(m.landscape for m in maps_by_title(prepared).values())


def test_maps_take_the_brand_packs_palette_and_heading_face(scenario_copy):
    prepared, _ = prepare_scenario(scenario_copy("brand: aravalli\n"))
    brand = prepared.rendered.booklet.options.branding
    for mind_map in maps_by_title(prepared).values():
        assert "font-family=\"'Aravalli Slab', 'Booklet Sans Devanagari', 'Booklet Math'" in mind_map.svg
        strokes = set(re.findall(r'stroke="(#[0-9a-f]{6})"', mind_map.svg))
        assert strokes & set(brand.palette)
        assert not strokes & {"#1d4e6f", "#b5472b"}  # not the default palette's
