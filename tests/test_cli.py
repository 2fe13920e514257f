"""The command line: help, version, exit codes, quick builds from notes, summaries."""

from __future__ import annotations

from pypdf import PdfReader

from booklet import __version__
from conftest import SCENARIOS, copy_scenario


def test_version_and_help(run):
    assert run("--version").out.strip() == f"booklet {__version__}"
    for command in ([], ["build"], ["check"]):
        result = run(*command, "--help")
        assert result.code == 0 and "usage: booklet" in result.out


def test_usage_errors_exit_2(run, tmp_path):
    bare = run(cwd=tmp_path)
    assert bare.code == 2 and "usage: booklet" in bare.err + bare.out and "build" in bare.err + bare.out
    nothing = run("build")
    assert nothing.code == 2 and "no booklet.yml in" in nothing.err and "booklet new" in nothing.err
    wrong_kind = run("build", "notes.txt")
    assert wrong_kind.code == 2 and "notes.txt: expected a manifest (.yml) or a note (.md)" in wrong_kind.err
    untitled = run("build", "a.md")  # notes need --title
    assert untitled.code == 2 and "building from notes needs --title" in untitled.err
    assert not (tmp_path / "build").exists()  # a usage error writes nothing
    result = run("build", str(SCENARIOS / "basic" / "basic.yml"), "--format", "docx")
    assert result.code == 2 and "unknown format 'docx'" in result.err


def test_quick_build_from_notes(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    result = run("build", "notes/gamma.md", "notes/alpha.md", "--title", "Quick notes", "-o", "out/quick.pdf",
                 cwd=project)
    assert result.code == 0, result.err
    pdf = project / "out" / "quick.pdf"
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    assert "Quick notes" in texts[0]
    gamma = next(i for i, t in enumerate(texts) if "Gamma is short" in t)
    alpha = next(i for i, t in enumerate(texts) if "Alpha opens" in t)
    assert gamma < alpha  # the order given
    assert not (project / "out" / "quick.epub").exists()


def test_non_terminal_output_is_one_summary_line_per_file(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    result = run("build", "basic.yml", "-f", "pdf,epub", cwd=project)
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("build/basic.pdf: 11 pages, ") and lines[0].endswith(" s")
    assert lines[1].startswith("build/basic.epub: ") and "KiB" in lines[1]
    # Progress outside a terminal: one line per phase of the PDF engine, on standard error.
    phases = [line.split(":")[2].strip() for line in result.err.splitlines()]
    assert phases == ["layout", "join"], result.err
    assert "chunks" in result.err and "11 pages" in result.err


def test_quiet_shows_no_progress(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    result = run("build", "basic.yml", "-f", "pdf", "--quiet", cwd=project)
    assert result.code == 0 and result.out == "" and result.err == ""


def test_check_does_not_write(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    assert run("check", "basic.yml", cwd=project).code == 0
    assert not (project / "build").exists()


def test_strict_turns_warnings_into_errors(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    (project / "notes" / "gamma.md").write_text("---\ntitle: Gamma\n---\n\nSee [elsewhere](other.md).\n")
    (project / "notes" / "other.md").write_text("# Other\n")
    relaxed = run("check", "basic.yml", cwd=project)
    assert relaxed.code == 0 and "notes/gamma.md:5: warning: link to 'other.md'" in relaxed.err
    strict = run("check", "--strict", "basic.yml", cwd=project)
    assert strict.code == 1 and "notes/gamma.md:5: error: link to 'other.md'" in strict.err
    # check never writes, so its last line says how many errors and nothing of outputs
    assert strict.err.splitlines()[-1] == "booklet: 1 error"
