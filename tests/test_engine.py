"""The engine's PDF (chunks laid out apart, in 1 or 2 processes) against one WeasyPrint pass of the same booklet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet import engine, loader, pipeline, press
from booklet.errors import Reporter
from booklet.writers import pdf as pdf_writer
from conftest import SCENARIOS, outline, page_texts, read_once, toc_entries



def prepare(manifest: Path, duplex: bool, page_size: str | None = None) -> pipeline.Prepared:
    reporter = Reporter()
    booklet = loader.load_manifest(manifest, reporter)
    overrides = press.Overrides(print={"duplex": duplex, "page_size": page_size})
    return pipeline.prepare(press.configure(booklet, reporter, overrides), reporter)


def single_pass(prepared: pipeline.Prepared, target: Path) -> Path:
    pdf_writer.write(prepared.rendered, prepared.sections, prepared.layout, target, prepared.extra_css)
    return target


def with_engine(prepared: pipeline.Prepared, target: Path, jobs: int, cache: bool = True) -> Path:
    with engine.Engine(jobs, cache=cache) as pdf_engine:
        pipeline.write(prepared, "pdf", target, pdf_engine)
    return target


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Single pass and engine builds, duplex off (A5, the manifest's) and on (Letter, from the command line).

    Each duplex setting gets its own project copy: 1 job with a cold cache, 2 jobs without any, then
    2 jobs and 1 job with the cache warm."""
    out = tmp_path_factory.mktemp("engine")
    result = {}
    for duplex, size in ((False, None), (True, "Letter")):
        name = "duplex" if duplex else "simplex"
        shutil.copytree(SCENARIOS / "engine", out / name, ignore=shutil.ignore_patterns(".booklet-cache"))
        prepared = prepare(out / name / "engine.yml", duplex, size)
        result[f"{name}-single"] = single_pass(prepared, out / f"{name}-single.pdf")
        result[f"{name}-1"] = with_engine(prepared, out / f"{name}-1.pdf", 1)
        result[f"{name}-2"] = with_engine(prepared, out / f"{name}-2.pdf", 2, cache=False)
        result[f"{name}-2-warm"] = with_engine(prepared, out / f"{name}-2-warm.pdf", 2)
        result[f"{name}-1-warm"] = with_engine(prepared, out / f"{name}-1-warm.pdf", 1)
    return result


@read_once
def link_targets(pdf: Path) -> list[list[tuple[tuple[int, ...], int]]]:
    """Every page's internal links: (rectangle rounded to points, page number the link leads to)."""
    reader = PdfReader(pdf)
    names = reader.named_destinations
    pages = []
    for page in reader.pages:
        links = []
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link" or "/Dest" not in annotation:
                continue
            dest = annotation["/Dest"]
            number = reader.get_destination_page_number(names[str(dest)]) if isinstance(dest, str) else \
                reader.get_page_number(dest[0].get_object())
            links.append((tuple(round(float(v)) for v in annotation["/Rect"]), number + 1))
        pages.append(sorted(links))
    return pages


def contents_page(pdf: Path) -> str:
    return next(t for t in page_texts(pdf) if t.strip().startswith("Contents"))


CASES = [(name, jobs) for name in ("simplex", "duplex") for jobs in ("1", "2", "2-warm", "1-warm")]


@pytest.mark.parametrize(("name", "jobs"), CASES)
def test_same_pages_and_text_as_one_pass(builds, name, jobs):
    single, chunked = page_texts(builds[f"{name}-single"]), page_texts(builds[f"{name}-{jobs}"])
    assert len(chunked) == len(single)
    for number, (expected, got) in enumerate(zip(single, chunked), 1):
        assert got == expected, f"page {number} differs"


@pytest.mark.parametrize(("name", "jobs"), CASES)
def test_same_outline_links_and_contents(builds, name, jobs):
    single, chunked = builds[f"{name}-single"], builds[f"{name}-{jobs}"]
    assert outline(chunked) == outline(single)
    assert link_targets(chunked) == link_targets(single)
    contents = toc_entries(contents_page(chunked))
    assert contents == toc_entries(contents_page(single))
    assert [title for title, _ in contents][:3] == ["Read me first", "Rivers", "Ganga basin"]


def test_cross_topic_references_print_the_target_page(builds):
    texts = page_texts(builds["duplex-2"])
    monsoon = next(n for n, t in enumerate(texts, 1) if "seasonal reversal of winds" in t)
    ganga = next(t for t in texts if "Floods on these rivers" in t)
    assert f"(p. {monsoon})" in ganga.replace("\u00a0", " ")
    answers = next(n for n, t in enumerate(texts, 1) if t.strip().startswith("Answer key"))
    assert any(f"See answer on p. {answers}" in t.replace("\u00a0", " ") for t in texts)


def test_duplex_topics_start_on_right_hand_pages_after_blank_versos(builds):
    texts = page_texts(builds["duplex-2"])
    numbers = dict(toc_entries(contents_page(builds["duplex-2"])))
    assert all(page % 2 == 1 for page in numbers.values()), numbers
    blanks = [n for n, t in enumerate(texts, 1) if not t.strip()]
    assert blanks and all(n % 2 == 0 for n in blanks)


def test_same_bytes_whatever_the_job_count_and_cache(builds):
    for name in ("simplex", "duplex"):
        first = builds[f"{name}-1"].read_bytes()
        for other in ("2", "2-warm", "1-warm"):
            assert builds[f"{name}-{other}"].read_bytes() == first, other


def test_each_font_embedded_once_and_the_file_near_the_one_pass_size(builds):
    for name in ("simplex", "duplex"):
        fonts = embedded_fonts(builds[f"{name}-1"])
        assert sorted(fonts) == sorted(embedded_fonts(builds[f"{name}-single"]))
        assert all(count == 1 for count in fonts.values()), fonts
        assert builds[f"{name}-1"].stat().st_size <= 1.1 * builds[f"{name}-single"].stat().st_size


def test_layouts_dropped_to_bound_a_workers_memory_are_laid_out_again_to_the_same_bytes(builds, monkeypatch):
    """With no room to park (PARKED 0), a worker drops every parked layout but its newest and lays each
    out again once its numbers are known: more layouts, the same PDF, byte for byte."""
    from booklet.engine import pool

    monkeypatch.setattr(pool, "PARKED", 0)     # before the workers fork, so they see it
    project = builds["duplex-1"].parent / "duplex"
    prepared = prepare(project / "engine.yml", True, "Letter")
    target = builds["duplex-1"].parent / "duplex-dropped.pdf"
    with engine.Engine(2, cache=False) as pdf_engine:
        pipeline.write(prepared, "pdf", target, pdf_engine)
    assert pdf_engine.layouts > pdf_engine.chunks     # some chunks were dropped and laid out again
    assert target.read_bytes() == builds["duplex-1"].read_bytes()


def embedded_fonts(pdf: Path) -> dict[str, int]:
    """Font files in the PDF by font name (without the subset tag), counted once per file object."""
    reader = PdfReader(pdf)
    files: dict[str, set] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            ref = descriptor.raw_get("/FontFile2")
            files.setdefault(str(font["/BaseFont"]).split("+", 1)[-1], set()).add(ref.idnum)
    return {name: len(refs) for name, refs in files.items()}


def test_back_matter_too_big_for_one_chunk_is_cut_between_pages_and_joins_as_one_pass(tmp_path, monkeypatch):
    """The mind maps section (every topic's map, so it grows with the booklet) cut into chunks at its
    page ends lays out as in one document: same pages, text, outline and links."""
    from booklet.engine import split
    from booklet.engine.chunks import cut as cut_chunks

    shutil.copytree(SCENARIOS / "mindmaps", tmp_path / "maps")
    prepared = prepare(tmp_path / "maps" / "mindmaps.yml", duplex=True, page_size="Letter")
    single = single_pass(prepared, tmp_path / "single.pdf")
    monkeypatch.setattr(split, "SPLIT_BYTES", 2_000)    # every map page a chunk of its own
    with engine.Engine(2, cache=False) as pdf_engine:
        pipeline.write(prepared, "pdf", tmp_path / "cut.pdf", pdf_engine)
    cut = tmp_path / "cut.pdf"
    monkeypatch.setattr(split, "SPLIT_BYTES", 10 ** 9)
    css = (prepared.layout.find("print.css").read_text(encoding="utf-8"), *prepared.extra_css)
    whole = cut_chunks(prepared.rendered, prepared.sections, prepared.layout, css)
    assert pdf_engine.chunks >= len(whole) + 2     # the maps section in three pieces or more
    assert page_texts(cut) == page_texts(single)
    assert outline(cut) == outline(single) and link_targets(cut) == link_targets(single)


def test_counter_pages_in_the_margins_prints_the_booklets_total_on_every_page(tmp_path):
    """A brand's "page N of M" footer: M is the whole booklet's page count, as in one pass."""
    from dataclasses import replace

    shutil.copytree(SCENARIOS / "engine", tmp_path / "total", ignore=shutil.ignore_patterns(".booklet-cache"))
    prepared = prepare(tmp_path / "total" / "engine.yml", duplex=False)
    footer = '@page { @bottom-left { content: "of " counter(pages) " in all" } }'
    prepared = replace(prepared, extra_css=(*prepared.extra_css, footer))
    single = single_pass(prepared, tmp_path / "single.pdf")
    chunked = with_engine(prepared, tmp_path / "chunked.pdf", 2, cache=False)
    texts, expected = page_texts(chunked), page_texts(single)
    assert texts == expected
    total = len(expected)
    assert total > 9 and sum(f"of {total} in all" in text for text in texts) >= total - 4   # blank versos have none


def test_a_long_answer_key_and_index_go_to_a_new_page_in_parts_and_the_engine_cuts_them_there(tmp_path, monkeypatch):
    """Back matter that grows with the booklet (answer key, key-figures index, revision summary) ends
    a page every PAGED_BYTES, in the one pass as in the engine, which lays each part out apart."""
    from booklet.engine import split
    from booklet.engine.chunks import cut as cut_chunks
    from booklet.writers import paging

    shutil.copytree(SCENARIOS / "engine", tmp_path / "long", ignore=shutil.ignore_patterns(".booklet-cache"))
    prepared = prepare(tmp_path / "long" / "engine.yml", duplex=False)
    css = (prepared.layout.find("print.css").read_text(encoding="utf-8"), *prepared.extra_css)
    whole = len(cut_chunks(prepared.rendered, prepared.sections, prepared.layout, css))
    plain = page_texts(single_pass(prepared, tmp_path / "plain.pdf"))
    monkeypatch.setattr(paging, "PAGED_BYTES", 300)     # this small booklet's back matter "long"
    monkeypatch.setattr(split, "SPLIT_BYTES", 300)
    single = single_pass(prepared, tmp_path / "single.pdf")
    with engine.Engine(2, cache=False) as pdf_engine:
        pipeline.write(prepared, "pdf", tmp_path / "cut.pdf", pdf_engine)
    cut = tmp_path / "cut.pdf"
    assert pdf_engine.chunks >= whole + 2            # back matter in more pieces than sections
    texts = page_texts(single)
    assert len(texts) > len(plain)                   # the page ends are real: more, emptier pages
    assert page_texts(cut) == texts
    assert outline(cut) == outline(single) and link_targets(cut) == link_targets(single)
    # Every entry is still there, in order: only paged differently.
    assert back_matter_lines(texts) == back_matter_lines(plain)
    assert len([t for t in texts if t.split("\n")[-2:-1] == ["Answer key"]]) == 4   # a page per topic's answers


def back_matter_lines(pages: list[str]) -> list[str]:
    """The key-figures index and the answer key as lines, without the pages' running heads and folios
    (their two last lines) or the key-figures header row a continuation table repeats."""
    start = next(n for n, t in enumerate(pages) if t.startswith("Key figures index"))
    end = next(n for n, t in enumerate(pages) if t.startswith("Previous-year questions"))
    lines = [line for page in pages[start:end] for line in page.split("\n")[:-2]]
    return [line for n, line in enumerate(lines) if line != "Figure What it is" or n == 1]


def test_a_long_key_figures_table_is_cut_at_its_row_groups_each_part_with_its_header():
    from lxml import html as lxml_html

    from booklet.writers import paging

    rows = "".join(f'<tbody><tr class="index-topic"><th colspan="2">Topic {g}</th></tr>'
                   + "".join(f"<tr><td>{g}.{r} lakh</td><td>{'words ' * 20}</td></tr>" for r in range(10))
                   + "</tbody>" for g in range(12))
    document = lxml_html.document_fromstring(
        '<html><body><section class="back-section key-figures-index" id="kf"><h1>Key figures index</h1>'
        '<table class="figures-index" id="t"><colgroup><col class="index-value-col"/><col/></colgroup>'
        f"<thead><tr><th>Figure</th><th>What it is</th></tr></thead>{rows}</table></section></body></html>")
    paging.page_long_back_matter(document, limit=6_000)
    tables = document.findall(".//table")
    assert len(tables) >= 3
    assert [t.get("id") for t in tables] == ["t"] + [None] * (len(tables) - 1)
    assert all(t.find("thead") is not None and t.find("colgroup") is not None for t in tables)
    groups = [th.text for t in tables for th in t.xpath(".//tr[@class='index-topic']/th")]
    assert groups == [f"Topic {g}" for g in range(12)]                  # every row group, in order
    ends = [t for t in tables if "page-end" in (t.get("class") or "").split()]
    assert ends == tables[:-1]                                           # a page ends after each but the last



def test_a_long_previous_year_table_is_cut_at_its_years_each_part_with_its_header(tmp_path):
    """The previous-year table grows with the booklet like the answer key: over PAGED_BYTES it is
    cut at a year (one row group per year), so the engine can lay it out in parts."""
    from lxml import html as lxml_html

    from booklet.writers import paging

    questions = "".join(f'!!! question "Mains {year}"\n    Discuss the {topic} budget of {year}.\n\n'
                        for year in (2021, 2020, 2019) for topic in ("railway", "defence"))
    (tmp_path / "fiscal.md").write_text(f"---\ntitle: Fiscal policy\n---\n\nNotes.\n\n{questions}")
    (tmp_path / "pyq.yml").write_text("title: PYQ\nparts:\n  - title: Economy\n    topics: [fiscal.md]\n"
                                      "back_matter:\n  previous_year_questions: true\n")
    prepared = prepare(tmp_path / "pyq.yml", duplex=False)
    section = next(s for s in prepared.sections if s.id == "previous-year-questions")
    document = lxml_html.document_fromstring(f"<html><body>{section.html}</body></html>")
    before = [" ".join(row.text_content().split()) for row in document.xpath("//tbody/tr")]
    assert len(before) == 6
    paging.page_long_back_matter(document, limit=300)
    tables = document.findall(".//table")
    assert len(tables) == 3                                              # one part per year
    assert all(t.find("thead") is not None and t.find("colgroup") is not None for t in tables)
    assert [" ".join(row.text_content().split()) for row in document.xpath("//tbody/tr")] == before
    assert [t.xpath("string(.//td[@class='pyq-year'])").strip() for t in tables] == ["2021", "2020", "2019"]
