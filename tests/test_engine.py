"""The engine's PDF (chunks laid out apart, in 1 or 2 processes) against one WeasyPrint pass of the same booklet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet import engine, loader, pipeline, press
from booklet.errors import Reporter
from booklet.writers import pdf as pdf_writer
from conftest import SCENARIOS, outline, page_texts, toc_entries

MANIFEST = SCENARIOS / "engine" / "engine.yml"


def prepare(duplex: bool, page_size: str | None = None) -> pipeline.Prepared:
    reporter = Reporter()
    booklet = loader.load_manifest(MANIFEST, reporter)
    overrides = press.Overrides(print={"duplex": duplex, "page_size": page_size})
    return pipeline.prepare(press.configure(booklet, reporter, overrides), reporter)


def single_pass(prepared: pipeline.Prepared, target: Path) -> Path:
    pdf_writer.write(prepared.rendered, prepared.sections, prepared.layout, target, prepared.extra_css)
    return target


def with_engine(prepared: pipeline.Prepared, target: Path, jobs: int) -> Path:
    with engine.Engine(jobs) as pdf_engine:
        pipeline.write(prepared, "pdf", target, pdf_engine)
    return target


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Single pass and engine builds, duplex off (A5, the manifest's) and on (Letter, from the command line)."""
    out = tmp_path_factory.mktemp("engine")
    result = {}
    for duplex, size in ((False, None), (True, "Letter")):
        prepared = prepare(duplex, size)
        name = "duplex" if duplex else "simplex"
        result[f"{name}-single"] = single_pass(prepared, out / f"{name}-single.pdf")
        for jobs in (1, 2):
            result[f"{name}-{jobs}"] = with_engine(prepared, out / f"{name}-{jobs}.pdf", jobs)
    return result


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


CASES = [(name, jobs) for name in ("simplex", "duplex") for jobs in (1, 2)]


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


def test_same_bytes_whatever_the_job_count(builds):
    for name in ("simplex", "duplex"):
        assert builds[f"{name}-1"].read_bytes() == builds[f"{name}-2"].read_bytes()
