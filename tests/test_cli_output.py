"""Command-line conventions: --quiet, --verbose, --diagnostics json, colour and NO_COLOR, completion."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MANIFEST = ('title: "Geography drills"\nparts:\n  - title: Rivers\n    topics:\n      - notes/rivers.md\n'
            '      - notes/missing.md\n')
RIVERS = "# Rivers\n\n## Himalayan\n\n- Ganga\n- Indus\n\nSee [the monsoon](monsoon.md).\n"


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "rivers.md").write_text(RIVERS)
    (tmp_path / "booklet.yml").write_text(MANIFEST)
    return tmp_path


def _objects(err: str) -> list[dict]:
    return [json.loads(line) for line in err.splitlines()]


def test_json_diagnostics_one_object_per_problem(run, project):
    result = run("check", "--diagnostics", "json", cwd=project)
    assert result.code == 1
    problem, = _objects(result.err)  # nothing but JSON on stderr: no summary line
    assert problem == {"file": "booklet.yml", "line": 6, "column": problem["column"], "severity": "error",
                       "code": problem["code"], "message": problem["message"]}
    assert "missing.md" in problem["message"] and problem["code"]


def test_json_diagnostics_keep_warnings_and_their_lines(run, project):
    (project / "booklet.yml").write_text(MANIFEST.replace("      - notes/missing.md\n", ""))
    result = run("check", "--diagnostics", "json", cwd=project)
    assert result.code == 0
    warning, = _objects(result.err)
    assert (warning["file"], warning["line"], warning["severity"]) == (str(Path("notes/rivers.md")), 8, "warning")
    assert "monsoon.md" in warning["message"]
    strict = _objects(run("check", "--strict", "--diagnostics", "json", cwd=project).err)
    assert [p["severity"] for p in strict] == ["error"]


def test_quiet_prints_only_problems(run, project):
    (project / "booklet.yml").write_text(MANIFEST.replace("      - notes/missing.md\n", ""))
    result = run("build", "--format", "html", "--quiet", cwd=project)
    assert result.code == 0 and result.out == ""
    assert "warning:" in result.err and "monsoon.md" in result.err
    assert (project / "build" / "booklet.html").is_file()


def test_verbose_says_what_was_built(run, project):
    (project / "booklet.yml").write_text(MANIFEST.replace("      - notes/missing.md\n", ""))
    result = run("build", "--format", "html", "--verbose", cwd=project)
    assert result.code == 0
    assert "booklet: booklet.yml: 1 topic, language en" in result.err and "brand default" in result.err
    assert "booklet: booklet:" not in result.err    # the booklet is named by its manifest, not as `booklet`
    assert "booklet.html" in result.out


def test_progress_names_the_booklet_by_its_manifest_without_a_double_prefix(run, project):
    (project / "booklet.yml").write_text(MANIFEST.replace("      - notes/missing.md\n", ""))
    result = run("build", "--format", "pdf", cwd=project)     # not a terminal: one line per phase
    assert result.code == 0, result.err
    assert "booklet: booklet.yml: layout: " in result.err and "booklet: booklet.yml: join: " in result.err
    assert "booklet: booklet:" not in result.err


def test_quiet_and_verbose_exclude_each_other(run, project):
    assert run("check", "-q", "-v", cwd=project).code == 2


def _cli(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "booklet", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_colour_only_when_asked_and_no_color_wins(project, monkeypatch):
    from booklet import console

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    class Tty:
        def isatty(self):
            return True

    assert console.colour_wanted(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.colour_wanted(Tty())
    monkeypatch.delenv("NO_COLOR")
    assert not console.colour_wanted(sys.stderr) or sys.stderr.isatty()
    painted = console.Console(colour=True)._line(__import__("booklet").Diagnostic("error", "bad", None))
    assert painted.startswith("\033[1mbooklet:\033[0m \033[1;31merror:\033[0m bad")
    # a pipe is not a terminal: plain text, byte for byte what tools parse
    plain = _cli("check", cwd=project, env={"PATH": "/usr/bin:/bin", "TERM": "xterm"}).stderr
    assert "\033[" not in plain and "booklet.yml:6:" in plain


def test_completion_scripts(run):
    bash = run("completion", "bash")
    assert bash.code == 0 and "complete" in bash.out and "--diagnostics" in bash.out and "new" in bash.out
    assert run("completion", "zsh").out.startswith("#compdef booklet")
    assert run("completion", "ksh").code == 2


def test_the_shells_offered_are_shtabs_and_a_build_does_not_import_it(tmp_path):
    import shtab

    from booklet import cli

    assert cli.SHELLS == tuple(shtab.SUPPORTED_SHELLS)
    code = "import sys, booklet.cli; booklet.cli._parser().parse_args(['build']); print('shtab' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert loaded.stdout.strip() == "False"
