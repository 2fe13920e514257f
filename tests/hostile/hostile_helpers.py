"""Hostile-input helpers: a small project beside an 'outside' folder holding a marker string."""

from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

MARKER = "OUTSIDE-SECRET-5b1e7c"          # must never appear in any output
BUDGET = 60.0                               # seconds; generous, for a loaded 2-core machine
_LOCATED = re.compile(r"^\S+:\d+(?::\d+)?: error: ", re.MULTILINE)

MANIFEST = """\
title: "Hostile test"
date: 2026-01-15
mindmaps: off
parts:
  - title: "Only part"
    topics:
      - notes/polity.md
"""

NOTE = """\
# Fundamental Rights

Part III of the Constitution lists the rights a citizen can take to court.

- Article 14: equality before law
- Article 21: life and personal liberty
"""


@dataclass
class Project:
    root: Path
    outside: Path

    @property
    def manifest(self) -> Path:
        return self.root / "booklet.yml"

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def link(self, name: str, target: Path) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
        return path

    def manifest_with(self, extra: str) -> Path:
        return self.write("booklet.yml", MANIFEST.replace("mindmaps: off\n", f"mindmaps: off\n{extra}\n"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """`proj/` (manifest + one note) and `outside/`, whose every file holds MARKER."""
    outside = tmp_path / "outside"
    (outside / "layout").mkdir(parents=True)
    (outside / "pack").mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\n{MARKER}\n", encoding="utf-8")
    (outside / "secret.txt").write_text(MARKER, encoding="utf-8")
    (outside / "secret.css").write_text(f'body::after {{ content: "{MARKER}"; }}\n', encoding="utf-8")
    (outside / "layout" / "topic.html").write_text(f"<section>{MARKER}</section>\n", encoding="utf-8")
    (outside / "pack" / "brand.yml").write_text(f'name: "{MARKER}"\n', encoding="utf-8")
    (outside / "pack" / "topic.html").write_text(f"<section>{MARKER}</section>\n", encoding="utf-8")
    root = tmp_path / "proj"
    root.mkdir()
    result = Project(root, outside)
    result.write("booklet.yml", MANIFEST)
    result.write("notes/polity.md", NOTE)
    return result


def no_marker_in(folder: Path) -> None:
    """No output (PDF text, EPUB members, HTML) holds the outside marker."""
    from pypdf import PdfReader

    for path in folder.rglob("*") if folder.exists() else ():
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        if path.suffix == ".pdf":
            text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
            assert MARKER not in text, path
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    assert MARKER.encode() not in archive.read(name), f"{path}!{name}"


def assert_refused(result, started: float, where: str, message: str) -> None:
    """Exit 1, a path:line error at `where` (file name and line) saying `message`, no traceback, in time."""
    assert time.monotonic() - started < BUDGET
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert _LOCATED.search(result.err), result.err
    located = [line for line in result.error_lines
               if re.search(re.escape(where) + r"(?::\d+){0,2}$", line.split(": error: ")[0])]
    assert located, f"no error at {where}:\n{result.err}"
    assert any(message in line for line in located), result.err


def refused_by_check_and_build(project: Project, run, where: str, message: str) -> Path:
    """`check` and `build` (every format) both refuse at `where`; the output folder, for more checks."""
    out = project.root / "build"
    for command in (["check", project.manifest],
                    ["build", project.manifest, "--format", "pdf,epub,html", "--out", out]):
        started = time.monotonic()
        assert_refused(run(*command, cwd=project.root), started, where, message)
    no_marker_in(out)
    return out
