"""The build record: a build with nothing changed is answered without the pipeline; any change rebuilds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import booklet
from booklet import record
from booklet.cli import _parser
from booklet.layout import BUILTIN
from conftest import SCENARIOS

COMMAND = ["build", "basic.yml", "-f", "pdf,epub", "--out", "out", "--brand", "mine"]


def booklet_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`booklet ARGS` in a fresh process, as a user runs it; -X importtime lists every module it loaded."""
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "booklet", *args], cwd=cwd,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=600)


def loaded(result: subprocess.CompletedProcess) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def said(result: subprocess.CompletedProcess) -> str:
    return "\n".join(line for line in result.stderr.splitlines() if not line.startswith("import time:"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The basic scenario with a brand pack of its own (with its fonts), built once as PDF and EPUB."""
    root = tmp_path_factory.mktemp("noop") / "basic"
    shutil.copytree(SCENARIOS / "basic", root, ignore=shutil.ignore_patterns(".booklet-cache"))
    shutil.copytree(BUILTIN / "brands" / "aravalli", root / "layouts" / "brands" / "mine")
    first = booklet_cli(*COMMAND, cwd=root)
    assert first.returncode == 0, said(first)
    return root


def test_a_second_build_does_nothing_and_keeps_the_same_bytes(project):
    before = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    again = booklet_cli(*COMMAND, cwd=project)
    assert again.returncode == 0, said(again)
    assert "nothing changed since the last build" in said(again)
    assert "layout:" not in said(again)            # the engine never ran
    assert not {"weasyprint", "markdown", "ebooklib", "booklet.pipeline"} & loaded(again)
    assert "out/basic.pdf: " in again.stdout and "unchanged" in again.stdout and "out/basic.epub" in again.stdout
    assert {p.name: p.read_bytes() for p in (project / "out").iterdir()} == before


def test_quiet_prints_nothing_for_a_build_with_nothing_changed(project):
    quiet = booklet_cli(*COMMAND, "--quiet", cwd=project)
    assert quiet.returncode == 0 and quiet.stdout == "" and said(quiet) == ""


def test_an_edited_topic_is_built_again_and_then_recorded(project):
    note = project / "notes" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA sentence written after the first build.\n",
                    encoding="utf-8")
    edited = booklet_cli(*COMMAND, cwd=project)
    assert edited.returncode == 0, said(edited)
    assert "nothing changed" not in said(edited) and "layout:" in said(edited)
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(project / "out" / "basic.pdf").pages)
    assert "written after the first build" in text
    assert "nothing changed" in said(booklet_cli(*COMMAND, cwd=project))


def test_an_output_changed_or_deleted_is_built_again(project):
    pdf = project / "out" / "basic.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-10] + b"0123456789")          # same size, other bytes
    rebuilt = booklet_cli(*COMMAND, cwd=project)
    assert rebuilt.returncode == 0 and "nothing changed" not in said(rebuilt)
    assert pdf.read_bytes() == good
    (project / "out" / "basic.epub").unlink()
    rebuilt = booklet_cli(*COMMAND, cwd=project)
    assert "nothing changed" not in said(rebuilt) and (project / "out" / "basic.epub").is_file()


def test_no_cache_always_builds(project):
    result = booklet_cli(*COMMAND, "--no-cache", cwd=project)
    assert result.returncode == 0 and "nothing changed" not in said(result) and "layout:" in said(result)


# Each kind of input, against a record of the project as it is now: the decision `build` takes.

def _record(project: Path, *extra: str) -> record.Record:
    args = _parser().parse_args([*COMMAND, *extra])
    kept = record.Record.for_command(args, ["pdf", "epub"])
    assert kept is not None
    return kept


def _recorded_now(project: Path, monkeypatch) -> record.Record:
    """A fresh record of the project's present state and outputs, as a build would have left it."""
    monkeypatch.chdir(project)
    kept = _record(project)
    for _ in range(50):     # a file changed within the file system clock's last tick is not recorded
        kept.begin()
        time.sleep(0.02)
        if kept.keep([project.resolve(), BUILTIN], [Path("out/basic.pdf"), Path("out/basic.epub")], ["lines"]):
            break
    assert _record(project).unchanged() == ["lines"]
    return kept


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as stream:
        stream.write(data)


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: _append(p / "notes" / "gamma.md", b"\nMore.\n"), id="topic"),
    pytest.param(lambda p: _append(p / "notes" / "img" / os.listdir(p / "notes" / "img")[0], b"\0"), id="image"),
    pytest.param(lambda p: _append(p / "basic.yml", b"\n# a comment\n"), id="manifest"),
    pytest.param(lambda p: _append(p / "layouts" / "brands" / "mine" / "brand.yml", b"\n"), id="brand-pack"),
    pytest.param(lambda p: _append(next((p / "layouts" / "brands" / "mine" / "fonts").rglob("*.*tf")), b"\0"),
                 id="brand-font"),
    pytest.param(lambda p: (p / "layouts" / "brands" / "mine" / "brand.css").write_text("h1 { color: red }\n"),
                 id="a-new-file"),
    pytest.param(lambda p: os.utime(p / "notes" / "alpha.md"), id="touched"),
])
def test_any_change_to_what_a_build_may_read_builds_again(project, monkeypatch, edit):
    _recorded_now(project, monkeypatch)
    edit(project)
    assert _record(project).unchanged() is None


def test_another_option_or_environment_is_another_build(project, monkeypatch):
    _recorded_now(project, monkeypatch)
    assert _record(project, "--page-size", "A5").unchanged() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _record(project).unchanged() is None


def test_the_record_covers_booklets_code_and_layouts(project, monkeypatch, tmp_path):
    kept = _recorded_now(project, monkeypatch)
    roots = json.loads(kept.path.read_text(encoding="utf-8"))["roots"]
    assert record.CODE == Path(booklet.__file__).resolve().parent
    assert {str(record.CODE), str(BUILTIN), str(project.resolve())} <= set(roots)
    # A change to booklet's code: against a copy of it, as the installed package cannot be edited here.
    code = tmp_path / "booklet"
    shutil.copytree(record.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(record, "CODE", code)
    _recorded_now(project, monkeypatch)
    _append(code / "pipeline.py", b"\n# an edit\n")
    assert _record(project).unchanged() is None


def test_a_file_changed_while_the_build_ran_is_not_recorded(project, monkeypatch):
    monkeypatch.chdir(project)
    kept = _record(project)
    kept.begin()
    _append(project / "notes" / "gamma.md", b"\nWritten during the build.\n")
    assert not kept.keep([project.resolve(), BUILTIN], [Path("out/basic.pdf")], ["lines"])
    assert _record(project).unchanged() is None


def test_outputs_written_through_a_symlinked_folder_are_not_taken_for_inputs(project, monkeypatch, tmp_path):
    monkeypatch.chdir(project)
    (project / "real-out").mkdir()
    link = tmp_path / "link-to-project"
    link.symlink_to(project)
    args = _parser().parse_args(["build", "basic.yml", "-f", "pdf", "--out", str(link / "real-out")])
    kept = record.Record.for_command(args, ["pdf"])
    time.sleep(0.02)
    kept.begin()
    output = link / "real-out" / "basic.pdf"
    output.write_bytes(b"%PDF- written by the build, after its stamp")
    assert kept.keep([project.resolve(), BUILTIN], [output], ["lines"])
    assert record.Record.for_command(args, ["pdf"]).unchanged() == ["lines"]
    shutil.rmtree(project / "real-out")
