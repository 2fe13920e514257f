"""Bad input: one clear `path:line: error:` per problem, exit code 1, no traceback, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_scenario

TOPIC = "---\ntitle: A topic\n---\n\nSome text.\n"


def _project(tmp_path: Path, manifest: str, files: dict[str, str | bytes] | None = None) -> Path:
    for name, content in (files or {"a.md": TOPIC}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "book.yml").write_text(manifest)
    return tmp_path / "book.yml"


def _check(run, manifest: Path):
    result = run("check", manifest.name, cwd=manifest.parent)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return result


GOOD_PARTS = "parts:\n  - title: One\n    topics: [a.md]\n"


@pytest.mark.parametrize("manifest, line, needle", [
    ("title: T\nlanguag: en\n" + GOOD_PARTS, 2, "unknown key 'languag'; did you mean 'language'?"),
    ("title: T\nsubtitle: [a, b]\n" + GOOD_PARTS, 2, "'subtitle' must be text, not a list"),
    ("title: T\nlanguage: english-please\n" + GOOD_PARTS, 2, "not a valid BCP 47 language tag"),
    ("title: T\nparts:\n  - title: One\n    topics: [a.md, missing.md]\n", 4, "topic file not found: missing.md"),
    ("title: T\nparts:\n  - title: One\n    topics: [A.md]\n", 4, "topic file not found: A.md; did you mean 'a.md'?"),
    ("title: T\nparts:\n  - title: One\n    topics: [a]\n", 4, "topic file not found: a; did you mean 'a.md'?"),
    ("title: T\nparts:\n  - title: One\n    topics: [notes/a.md, notes]\n", 4,
     "'notes' is a folder; list each topic file in it, as 'notes/<note>.md'"),
    ("title: T\nparts:\n  - title: One\n    topics: [notes/rigths.md]\n", 4,
     "topic file not found: notes/rigths.md; did you mean 'notes/rights.md'?"),
    ("title: T\nparts:\n  - title: One\n    topics:\n      - a.md\n      - a.md\n", 6, "listed twice (first on line 5)"),
    ("title: T\nparts:\n  - title: One\n    topics: []\n", 4, "part 'One' has no topics"),
    ("title: T\nparts: []\n", 2, "'parts' is empty"),
    ("subtitle: S\n" + GOOD_PARTS, 1, "missing required key 'title'"),
    ("title: T\nparts:\n  - title: One\n    topics: [../outside.md]\n", 4, "points outside the project"),
    ("title: T\nparts:\n  - title: One\n    topics: [a.md]\nback_matter:\n  answer_keys: false\n", 6,
     "unknown key 'back_matter.answer_keys'; did you mean 'answer_key'?"),
    ("title: T\nmindmaps: middle\n" + GOOD_PARTS, 2, "'mindmaps': must be one of 'start', 'end', 'off'"),
])
def test_manifest_problem_is_reported_with_its_line(run, tmp_path, manifest, line, needle):
    result = _check(run, _project(tmp_path, manifest, {"a.md": TOPIC, "notes/a.md": TOPIC, "notes/rights.md": TOPIC}))
    assert any(l.startswith(f"book.yml:{line}:") and needle in l for l in result.error_lines), result.err


def test_every_problem_is_reported_before_aborting(run, tmp_path):
    manifest = "title: T\nlanguag: en\nsubtitle: [x]\nparts:\n  - title: One\n    topics: [a.md, nope.md]\n"
    result = _check(run, _project(tmp_path, manifest))
    assert len(result.error_lines) == 3, result.err
    assert "3 errors" in result.err


def test_yaml_syntax_error_names_line_and_column(run, tmp_path):
    result = _check(run, _project(tmp_path, "title: T\nparts:\n  - title: [One\n    topics: [a.md]\n"))
    line = result.error_lines[0]
    assert line.startswith("book.yml:4:") and "YAML syntax error" in line, result.err
    assert line.split(":")[2].isdigit()  # the column


@pytest.mark.parametrize("manifest, line, needle", [
    # The slips a student makes in a hand-written manifest, each with what to do about it.
    ("title: T\nparts:\n  - title: One\n    topics:\n\t- a.md\n", 5, "never tabs: replace the tab with spaces"),
    ("title: Polity: the basics\n" + GOOD_PARTS, 1, "a value that holds ': ' must be in quotes"),
    ("title: \"Polity\nsubtitle: S\n" + GOOD_PARTS, 1, "this quote is never closed"),
    ("title: \"Polity\" notes\n" + GOOD_PARTS, 1, "text follows a closing quote"),
    ("title: T\nparts:\n  - title: One\n    topics:\n      - a.md\n     - b.md\n", 6,
     "this line is not indented like the lines above it"),
])
def test_yaml_slip_gets_a_hint_at_its_line(run, tmp_path, manifest, line, needle):
    result = _check(run, _project(tmp_path, manifest))
    first = result.error_lines[0]
    assert first.startswith(f"book.yml:{line}:") and "YAML syntax error" in first and needle in first, result.err


def test_unclosed_quote_in_front_matter_names_the_quote(run, tmp_path):
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": "---\nid: a\ntitle: \"A topic\n---\n\nText\n"})
    assert _check(run, manifest).error_lines[0].startswith("a.md:3:8: error: YAML syntax error: this quote is never closed")


def test_empty_manifest(run, tmp_path):
    result = _check(run, _project(tmp_path, "# nothing here\n"))
    assert result.error_lines == ["book.yml:1: error: the manifest is empty; it needs at least a title and parts"]


def test_missing_manifest(run, tmp_path):
    result = run("check", "nope.yml", cwd=tmp_path)
    assert result.code == 1 and "file not found" in result.err and "Traceback" not in result.err


def test_topic_not_utf8_names_the_line(run, tmp_path):
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": b"---\ntitle: A\n---\n\nok\ncaf\xe9\n"})
    assert _check(run, manifest).error_lines == ["a.md:6: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_topic_without_title_or_heading(run, tmp_path):
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": "Just text, no heading.\n\n## A section\n"})
    result = _check(run, manifest)
    assert result.error_lines[0].startswith("a.md:1: error: this topic has no title")


def test_topic_too_large(run, tmp_path):
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": "# Big\n" + "word " * 230_000})
    assert "source files are limited to 1 MiB" in _check(run, manifest).error_lines[0]


def test_front_matter_yaml_error_names_the_file_line(run, tmp_path):
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": "---\ntitle: A\ntags: [x\n---\nText\n"})
    line = _check(run, manifest).error_lines[0]
    assert line.startswith("a.md:3:") and "YAML syntax error" in line  # the unclosed list


@pytest.mark.parametrize("markdown, needle", [
    # (A remote image is a warning and a placeholder: tests/test_outside_images.py.)
    ("![map](data:image/png;base64,iVBORw0K)", "is not a local file; builds never use the network"),
    ("![secret](../../../../etc/passwd)", "points outside the project"),
    ("![gone](img/none.png)", "image not found: img/none.png"),
    ("[passwords](file:///etc/passwd)", "is not allowed"),
])
def test_unsafe_or_missing_references_are_errors_with_lines(run, tmp_path, markdown, needle):
    topic = f"---\ntitle: A\n---\n\nIntro.\n\n{markdown}\n"
    manifest = _project(tmp_path, "title: T\n" + GOOD_PARTS, {"a.md": topic})
    lines = _check(run, manifest).error_lines
    assert len(lines) == 1 and lines[0].startswith("a.md:7: error:") and needle in lines[0], lines


def test_remote_stylesheet_in_a_layout_is_refused_without_network(run, tmp_path):
    project = _project(tmp_path, "title: T\n" + GOOD_PARTS)
    layout = tmp_path / "layouts" / "default"
    layout.mkdir(parents=True)
    (layout / "print.css").write_text('@import url("https://fonts.example.com/x.css");\nbody { color: red }\n')
    (layout / "epub.css").write_text("body {\n  background: url(../../../../etc/passwd);\n}\n")
    result = run("build", project.name, "-f", "pdf", cwd=tmp_path)
    assert result.code == 1
    assert result.error_lines == [
        "layouts/default/print.css:1: error: 'https://fonts.example.com/x.css' is not a local file; "
        "builds never use the network: put the file in the layout",
        "layouts/default/epub.css:2: error: '../../../../etc/passwd' points outside the layouts",
    ], result.err
    assert not (tmp_path / "build" / "book.pdf").exists()


def test_the_pdf_fetcher_refuses_what_the_checks_did_not_see(tmp_path):
    """Defence in depth: even a reference no check knew about cannot reach the network or escape."""
    from weasyprint.urls import FatalURLFetchingError

    from booklet.fetcher import OfflineFetcher

    fetcher = OfflineFetcher((tmp_path,))
    for url in ("https://example.com/a.png", "file:///etc/passwd"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    (tmp_path / "ok.css").write_text("p {}")
    assert fetcher.fetch((tmp_path / "ok.css").as_uri()).read() == b"p {}"


def test_a_failed_build_leaves_the_previous_output_untouched(run, tmp_path):
    project = copy_scenario("basic", tmp_path)
    assert run("build", "basic.yml", "-f", "pdf,epub", cwd=project).code == 0
    before = {p.name: p.read_bytes() for p in (project / "build").iterdir()}
    (project / "notes" / "gamma.md").write_text("---\ntitle: Gamma\n---\n\n![x](missing.png)\n")
    result = run("build", "basic.yml", "-f", "pdf,epub", cwd=project)
    assert result.code == 1 and "nothing was written" in result.err
    after = {p.name: p.read_bytes() for p in (project / "build").iterdir()}
    assert after == before  # byte for byte, and no temp files left beside them


def test_a_writer_failure_leaves_no_temp_file(run, tmp_path, monkeypatch):
    project = copy_scenario("basic", tmp_path)
    assert run("build", "basic.yml", "-f", "pdf", cwd=project).code == 0
    before = (project / "build" / "basic.pdf").read_bytes()
    import weasyprint.document

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", explode)
    result = run("build", "basic.yml", "-f", "pdf", "--no-cache", cwd=project)   # else nothing is drawn again
    assert result.code == 1 and "booklet: error: cannot write build/basic.pdf: disk full" in result.err
    assert "Traceback" not in result.err
    assert [p.name for p in (project / "build").iterdir()] == ["basic.pdf"]
    assert (project / "build" / "basic.pdf").read_bytes() == before


def test_the_languages_answered_without_langcodes_are_valid_and_others_still_ask_it():
    import langcodes

    from booklet import manifest

    assert all(langcodes.tag_is_valid(tag) for tag in manifest.COMMON_LANGUAGES)
    assert manifest.language_problem("en-IN") is None and manifest.language_problem("sw") is None
    assert manifest.language_problem("jp") is not None and manifest.language_problem("english-please") is not None
