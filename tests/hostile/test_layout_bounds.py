"""Every layout is bounded: with one job, one chunk or one pass, a runaway layout is stopped by the
time budget or the memory cap, with a path:line error naming the topic, and the outputs stay as they were.

The budget and the cap are the module values booklet/bounded.py reads at each layout; the tests
shorten them. The layout workers and the one-pass child are forked after the patch, so they see it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from booklet import bounded
from conftest import Result

MANIFEST = """\
title: "Ledger notes"
date: 2026-01-15
mindmaps: off
parts:
  - title: "Accounts"
    topics:
      - notes/ledger.md
"""

HEAD = "# Ledger\n\nA register copied from a spreadsheet, one line per entry.\n\n| Entry | Debit | Credit |\n|---|---|---|\n"


def _rows(count: int) -> str:
    return "".join(f"| entry {n} | {n * 7} | {n * 3} |\n" for n in range(count))


def _project(folder: Path, extra: str = "") -> Path:
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "ledger.md").write_text(HEAD + _rows(3), encoding="utf-8")
    manifest = folder / "booklet.yml"
    manifest.write_text(MANIFEST + extra, encoding="utf-8")
    return manifest


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _runaway(tmp_path: Path, run, extra: str = "") -> tuple[Path, Path, dict[str, bytes]]:
    """A booklet built once, then its topic grown into a table far too long to lay out in the
    shortened budget (2 s; the 3,000-row table takes about 15 CPU-seconds, 97 pages). The first
    build fills the layout cache, so the title chunk (the same HTML) comes from it and only the
    topic is laid out again: the one that goes over."""
    manifest, out = _project(tmp_path, extra), tmp_path / "build"
    assert run("build", manifest, "--format", "pdf", "--out", out, "--jobs", "1", cwd=tmp_path).code == 0
    before = _snapshot(out)
    (tmp_path / "notes" / "ledger.md").write_text(HEAD + _rows(3000), encoding="utf-8")
    return manifest, out, before


def _assert_refused(result, started: float, located: str, out: Path, before: dict[str, bytes]) -> None:
    assert time.monotonic() - started < 90
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert re.search(located, result.err, re.MULTILINE), result.err
    assert "nothing was written" in result.err
    assert _snapshot(out) == before       # byte for byte, and no temporary file left beside them


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_layout_over_its_time_budget_is_stopped_with_one_job_or_one_chunk(jobs, tmp_path, run, monkeypatch):
    # With --jobs 2 the booklet still has a single chunk to lay out (the title's is cached).
    manifest, out, before = _runaway(tmp_path, run)
    monkeypatch.setattr(bounded, "LAYOUT_SECONDS", 2.0)
    started = time.monotonic()
    result = run("build", manifest, "--format", "pdf", "--out", out, "--jobs", jobs, cwd=tmp_path)
    _assert_refused(result, started, r"^\S*notes/ledger\.md:1: error: laying out 'Ledger' failed: "
                                     r"no progress for 2 s; it was stopped$", out, before)


# The cap is what a worker may add to the address space it inherits. In a fresh command, as a
# user runs it, that is small; a test process that has built many booklets hands its forked
# workers a large heap with room in it, so the cap is tried in a process of its own.
CAPPED = """
import sys
from booklet import bounded
from booklet.cli import main
bounded.MEMORY = 48 * 1024 ** 2
sys.exit(main(sys.argv[1:]))
"""


def test_a_layout_over_its_memory_cap_is_stopped_with_one_job(tmp_path, run):
    manifest, out, before = _runaway(tmp_path, run)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CAPPED, "build", str(manifest), "--format", "pdf",
                             "--out", str(out), "--jobs", "1"], cwd=tmp_path, capture_output=True, text=True)
    # Python's allocations fail with MemoryError; one failing inside a C library may end the
    # worker instead. Either way the error names the topic at its file.
    _assert_refused(Result(result.returncode, result.stdout, result.stderr), started,
                    r"^\S*notes/ledger\.md:1: error: laying out 'Ledger' failed: "
                    r"(needed more than 48 MiB of memory|the worker process was .+)$", out, before)


def test_a_one_pass_layout_over_its_time_budget_is_stopped(tmp_path, run, monkeypatch):
    # With a WeasyPrint whose layout steps the engine does not know, a PDF (here a PDF standard's)
    # goes through WeasyPrint in one pass, in a bounded child process.
    from booklet.engine import weasy

    manifest, out, before = _runaway(tmp_path, run, "print:\n  pdf_variant: pdf/a-2b\n")
    monkeypatch.setattr(weasy, "supported", lambda: False)
    monkeypatch.setattr(bounded, "LAYOUT_SECONDS", 2.0)
    started = time.monotonic()
    result = run("build", manifest, "--format", "pdf", "--out", out, cwd=tmp_path)
    _assert_refused(result, started, r"^\S*booklet\.yml:1: error: laying out 'Ledger notes' took longer "
                                     r"than 2 s and was stopped; simplify or split it$", out, before)


def test_page_references_that_never_settle_are_an_error_at_the_manifest(tmp_path, run, monkeypatch):
    from booklet.engine import schedule

    manifest, out = _project(tmp_path), tmp_path / "build"
    monkeypatch.setattr(schedule, "MAX_ROUNDS", 0)   # as if every round moved a page reference again
    result = run("build", manifest, "--format", "pdf", "--out", out, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert re.search(r"^\S*booklet\.yml:1: error: cannot lay out the booklet: page references still moving "
                     r"after 0 rounds$", result.err, re.MULTILINE), result.err
    assert not out.exists() or not any(out.iterdir())
