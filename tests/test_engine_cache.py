"""`.booklet-cache/`: a no-op build lays out nothing; an edit lays out only the topic edited."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet import engine, loader, pipeline
from booklet.errors import Reporter
from conftest import SCENARIOS


def build(project: Path, target: Path, jobs: int, cache: bool = True) -> engine.Engine:
    reporter = Reporter()
    prepared = pipeline.prepare(loader.load_manifest(project / "engine.yml", reporter), reporter)
    with engine.Engine(jobs, cache=cache) as pdf_engine:
        pipeline.write(prepared, "pdf", target, pdf_engine)
    return pdf_engine


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """One project built cold (2 jobs), again unchanged (1 job), then after an edit to one topic."""
    project = tmp_path_factory.mktemp("cached") / "engine"
    shutil.copytree(SCENARIOS / "engine", project, ignore=shutil.ignore_patterns(".booklet-cache"))
    out = project / "build"
    cold = build(project, out / "cold.pdf", jobs=2)
    warm = build(project, out / "warm.pdf", jobs=1)
    note = project / "notes" / "Climate" / "Cyclones.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Gati and Tej", "Gati, Tej and Asani"),
                    encoding="utf-8")
    edited = build(project, out / "edited.pdf", jobs=2)
    again = build(project, out / "again.pdf", jobs=2)
    # A topic grows by pages: every chunk after it moves, and the numbers they print change (all past
    # page 9 already: a number that gains a digit would need its chunk laid out again).
    first = project / "notes" / "Climate" / "Monsoon.md"
    first.write_text(first.read_text(encoding="utf-8") + "\n\n## Revising the monsoon again\n\n" + "\n\n".join(
        f"Round {n}: the onset over Kerala comes in the first days of June, the Bay of Bengal branch turns west "
        "along the Himalaya, and a break in July brings dry spells that worry farmers across the plains."
        for n in range(1, 13)), encoding="utf-8")
    grown = build(project, out / "grown.pdf", jobs=2)
    return {"project": project, "out": out, "cold": cold, "warm": warm, "edited": edited, "again": again,
            "grown": grown}


def test_a_cold_build_lays_out_every_chunk_and_fills_the_cache(history):
    cold = history["cold"]
    assert cold.hits == 0 and cold.layouts >= 9     # title and contents, 2 parts, 5 topics, back matter
    cache = history["project"] / ".booklet-cache"
    assert (cache / ".gitignore").read_text() == "*\n"
    assert list(cache.glob("chunks/*/*/*.pdf"))


def test_a_build_with_nothing_changed_lays_out_nothing_and_writes_the_same_bytes(history):
    warm = history["warm"]
    assert warm.layouts == 0 and warm.hits == history["cold"].layouts - _redone(history["cold"])
    assert (history["out"] / "warm.pdf").read_bytes() == (history["out"] / "cold.pdf").read_bytes()


def test_an_edit_lays_out_only_the_edited_topic(history):
    edited, again = history["edited"], history["again"]
    assert edited.layouts == 1
    assert edited.hits == history["warm"].hits - 1
    text = (history["out"] / "edited.pdf").read_bytes()
    assert text != (history["out"] / "cold.pdf").read_bytes()
    assert again.layouts == 0 and (history["out"] / "again.pdf").read_bytes() == text


def test_a_topic_that_grows_by_pages_moves_the_rest_without_laying_them_out(history):
    """Folios and page references of the chunks after it are changed in place (engine/stamps.py)."""
    grown, out = history["grown"], history["out"]
    assert grown.layouts == 1 and grown.hits == grown.chunks - 1
    before, after = PdfReader(out / "again.pdf"), PdfReader(out / "grown.pdf")
    assert len(after.pages) > len(before.pages)
    # The same last page, moved on: its folio and the pages it points at in the grown topic are new.
    last, old = after.pages[-1].extract_text(), before.pages[-1].extract_text()
    assert re.sub(r"\d+", "#", last) == re.sub(r"\d+", "#", old) and last != old
    assert last.split()[-1] == str(len(after.pages)) and old.split()[-1] == str(len(before.pages))


def test_no_cache_builds_the_same_bytes_and_leaves_no_cache(tmp_path, history):
    project = tmp_path / "engine"
    shutil.copytree(history["project"], project, ignore=shutil.ignore_patterns(".booklet-cache", "build"))
    uncached = build(project, tmp_path / "uncached.pdf", jobs=1, cache=False)
    assert uncached.hits == 0 and not (project / ".booklet-cache").exists()
    # The grown booklet, every chunk after the first topic changed in place, is the one a cold build makes.
    assert (tmp_path / "uncached.pdf").read_bytes() == (history["out"] / "grown.pdf").read_bytes()


def _redone(pdf_engine: engine.Engine) -> int:
    """Layouts a cold build repeats: chunks whose page references were unknown the first time."""
    return pdf_engine.layouts - pdf_engine.chunks


def test_a_worker_killed_mid_chunk_is_an_error_naming_the_topic_and_keeps_the_old_pdf(run, tmp_path, monkeypatch):
    import os
    import signal

    from booklet.engine import pool

    project = tmp_path / "engine"
    shutil.copytree(SCENARIOS / "engine", project, ignore=shutil.ignore_patterns(".booklet-cache"))
    assert run("build", "engine.yml", "-f", "pdf", "--no-cache", cwd=project).code == 0
    before = (project / "build" / "engine.pdf").read_bytes()
    real = pool.begin

    def killed_on_monsoon(job):
        if "seasonal reversal of winds" in job.html:
            os.kill(os.getpid(), signal.SIGKILL)    # as the kernel's out-of-memory killer would
        return real(job)

    monkeypatch.setattr(pool, "begin", killed_on_monsoon)
    result = run("build", "engine.yml", "-f", "pdf", "--no-cache", "--jobs", "2", cwd=project)
    assert result.code == 1
    assert "laying out 'Monsoon' failed: the worker process was stopped by SIGKILL" in result.err, result.err
    assert "Traceback" not in result.err
    assert (project / "build" / "engine.pdf").read_bytes() == before
    assert [p.name for p in (project / "build").iterdir()] == ["engine.pdf"]


def test_the_cache_key_holds_a_hash_of_booklets_code_not_only_its_version(tmp_path, monkeypatch):
    from booklet import record
    from booklet.engine.cache import setup_key

    code = tmp_path / "booklet"     # a copy of booklet's code to edit: the installed one is shared
    shutil.copytree(record.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(record, "CODE", code)
    record.code_digest.cache_clear()
    try:
        before = setup_key(("p { margin: 0 }",), ())
        with (code / "render.py").open("a", encoding="utf-8") as stream:
            stream.write("\n# a change that keeps the version number\n")
        record.code_digest.cache_clear()
        assert setup_key(("p { margin: 0 }",), ()) != before
    finally:
        record.code_digest.cache_clear()


def test_a_hindi_topic_that_grows_moves_the_rest_in_place(tmp_path):
    """', पृ. 5' is drawn in two fonts, with more glyphs than characters: its number is still found."""
    project = tmp_path / "hindi"
    shutil.copytree(SCENARIOS / "hindi", project, ignore=shutil.ignore_patterns(".booklet-cache"))

    def hindi(target: Path, cache: bool = True) -> engine.Engine:
        reporter = Reporter()
        prepared = pipeline.prepare(loader.load_manifest(project / "hindi.yml", reporter), reporter)
        with engine.Engine(2, cache=cache) as pdf_engine:
            pipeline.write(prepared, "pdf", target, pdf_engine)
        return pdf_engine

    hindi(tmp_path / "before.pdf")
    note = project / "notes" / "maulik-adhikar.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\n## दोहराव\n\n" + "\n\n".join(
        f"बिंदु {n}: अनुच्छेद 32 को डॉ. आंबेडकर ने संविधान का हृदय और आत्मा कहा था, क्योंकि इसी से बाकी "
        "अधिकार लागू होते हैं।" for n in range(1, 15)), encoding="utf-8")
    grown = hindi(tmp_path / "grown.pdf")
    hindi(tmp_path / "cold.pdf", cache=False)
    # Laid out: the grown topic, and what prints a number that went from one digit to two (9 to 10 and
    # more); the other 5 of 7 chunks come from the cache, moved, with their numbers changed in place.
    assert grown.hits == 5 and grown.layouts == 3
    assert len(PdfReader(tmp_path / "grown.pdf").pages) > len(PdfReader(tmp_path / "before.pdf").pages)
    assert (tmp_path / "grown.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()
