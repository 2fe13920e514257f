"""Project discovery: a bare `booklet build` or `booklet check` means ./booklet.yml, as mkdocs finds mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

MANIFEST = 'title: "Economy notes"\nparts:\n  - title: Money\n    topics: [notes/inflation.md]\n'
NOTE = "# Inflation\n\n## Measures\n\n- CPI (combined)\n- WPI\n\n## Targets\n\nThe 4% target, with a band of 2%.\n"


def _project(folder: Path, manifest_name: str = "booklet.yml") -> Path:
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "inflation.md").write_text(NOTE)
    (folder / manifest_name).write_text(MANIFEST)
    return folder


def test_bare_check_finds_booklet_yml(run, tmp_path):
    _project(tmp_path)
    result = run("check", cwd=tmp_path)
    assert result.code == 0, result.err


def test_bare_check_reports_problems_of_the_found_manifest(run, tmp_path):
    _project(tmp_path)
    (tmp_path / "notes" / "inflation.md").unlink()
    result = run("check", cwd=tmp_path)
    assert result.code == 1
    assert result.error_lines and result.error_lines[0].startswith("booklet.yml:4:"), result.err


def test_booklet_yaml_is_found_too(run, tmp_path):
    _project(tmp_path, "booklet.yaml")
    assert run("check", cwd=tmp_path).code == 0


def test_bare_build_without_a_manifest_is_a_usage_error(run, tmp_path):
    (tmp_path / "other.yml").write_text(MANIFEST)  # only booklet.yml is implied
    result = run("build", cwd=tmp_path)
    assert result.code == 2
    assert "no booklet.yml in" in result.err and "booklet new" in result.err
    assert not (tmp_path / "build").exists()


def test_bare_build_builds_booklet_yml(run, tmp_path):
    _project(tmp_path)
    result = run("build", "--format", "html", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Inflation" in (tmp_path / "build" / "booklet.html").read_text()
