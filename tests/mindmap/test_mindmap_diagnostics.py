"""Bad map input: warnings that let the build go on, errors for malformed blocks and options,
each at the note's path:line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

MANIFEST = "title: T\nparts:\n  - title: One\n    topics: [a.md]\n"
LONG_HEADING = "The long and winding history of Indo-Soviet cooperation in steel, oils and space"


def project(tmp_path: Path, note: str, manifest: str = MANIFEST) -> Path:
    (tmp_path / "a.md").write_text(note)
    (tmp_path / "book.yml").write_text(manifest)
    return tmp_path


def check(run, folder: Path, *flags: str):
    result = run("check", "book.yml", *flags, cwd=folder)
    assert "Traceback" not in result.err
    return result


def lines_of(result, severity: str) -> list[str]:
    return [line for line in result.err.splitlines() if f": {severity}: " in line]


def note(body: str, front: str = "") -> str:
    return f"---\ntitle: A topic\n{front}---\n{body}"


@pytest.mark.parametrize("body, front, line, needle", [
    ("\nOnly a paragraph, nothing to map.\n", "", 4,
     "topic 'A topic' has no headings, lists or tables to draw a mind map from; it gets no map"),
    ("\n## Branch\n\n- leaf\n\n## " + LONG_HEADING + "\n\n- leaf\n", "", 9,
     "label too long for the mind map, shortened to 'The long and winding history of"),
    ("\n!!! mindmap\n\nText.\n", "", 5, "mindmap block is empty"),
    ("\n!!! mindmap\n    - One\n    - Two\n    - Three\n", "", 7,
     "mindmap block is a flat list: indent the branches under the first item"),
    ("\n> [!mindmap]\n> - Centre only\n", "", 6, "mindmap block has only a centre"),
    ("\n!!! mindmap\n    - A\n        - B\n\n!!! mindmap\n    - C\n        - D\n", "", 9,
     "a topic has one mind map: this mindmap block is ignored (the first is on line 5)"),
    ("\n## Branch\n\n- leaf\n\n> Quoted:\n>\n> > [!mindmap]\n> > - A\n> >     - B\n", "", 11,
     "a mindmap block inside another block or a list is not drawn"),
])
def test_poor_map_input_is_a_warning_at_its_line(run, tmp_path, body, front, line, needle):
    result = check(run, project(tmp_path, note(body, front)))
    assert result.code == 0, result.err
    assert any(l.startswith(f"a.md:{line}: warning: ") and needle in l for l in lines_of(result, "warning")), result.err


def test_two_hundred_headings_are_pruned_with_a_warning_naming_the_topic(run, tmp_path):
    body = "\n" + "".join(f"## Heading number {n}\n\n- leaf {n}\n\n" for n in range(200))
    result = check(run, project(tmp_path, note(body)))
    assert result.code == 0, result.err
    [warning] = [l for l in lines_of(result, "warning") if "does not fit one page" in l]
    assert warning.startswith("a.md:4: warning: mind map 'A topic' does not fit one page at 7 pt")
    assert "shown as '+N more'" in warning


@pytest.mark.parametrize("body, line, needle", [
    ("\n!!! mindmap\n    - Centre\n            - Too deep\n", 7,
     "list item is nested deeper than its parent (line 6) allows: a level is missing"),
    ("\nText.\n\n> [!mindmap]\n> - Centre\n> Not an item\n", 9, "expected a list item"),
    ("\n!!! mindmap\n        - Centre\n    - Outdented\n", 7, "indented less than the first item"),
])
def test_malformed_block_is_an_error_at_its_line(run, tmp_path, body, line, needle):
    result = check(run, project(tmp_path, note(body)))
    assert result.code == 1, result.err
    assert any(l.startswith(f"a.md:{line}: error: ") and needle in l for l in lines_of(result, "error")), result.err


@pytest.mark.parametrize("front, line, needle", [
    ("mindmap: maybe\n", 3, "mindmap: expected true, false or a mapping"),
    ("mindmap:\n  depth: 9\n", 4, "mindmap.depth: 9 is out of range; use 1 to 3"),
    ("mindmap: {max_leaves: many}\n", 3, "mindmap.max_leaves: expected a whole number"),
    ("mindmap:\n  colour: red\n", 3, "mindmap: unknown option(s) colour"),
])
def test_bad_front_matter_option_is_an_error_at_its_key(run, tmp_path, front, line, needle):
    result = check(run, project(tmp_path, note("\n## Branch\n\n- leaf\n", front)))
    assert result.code == 1, result.err
    assert any(l.startswith(f"a.md:{line}:") and needle in l for l in lines_of(result, "error")), result.err


def test_strict_turns_map_warnings_into_errors(run, tmp_path):
    folder = project(tmp_path, note("\nOnly a paragraph.\n"))
    assert check(run, folder).code == 0
    result = check(run, folder, "--strict")
    assert result.code == 1 and "a.md:4: error: topic 'A topic' has no headings, lists or tables" in result.err


def test_no_warning_about_a_missing_map_when_maps_are_off(run, tmp_path):
    folder = project(tmp_path, note("\nOnly a paragraph.\n"), MANIFEST + "mindmaps: off\n")
    assert lines_of(check(run, folder, "--strict"), "error") == []


def test_malformed_block_is_reported_even_when_maps_are_off(run, tmp_path):
    folder = project(tmp_path, note("\n!!! mindmap\n    - Centre\n            - Too deep\n"),
                     MANIFEST + "mindmaps: off\n")
    result = check(run, folder)
    assert result.code == 1 and "a.md:7: error:" in result.err


def test_centre_option_replaces_a_long_title_on_the_map(run, tmp_path):
    title = "India–Russia: multilateral convergence, irritants and the way forward"
    body = "\n## Where they converge\n\n- SCO\n\n## Irritants\n\n- China\n"
    folder = project(tmp_path, f"---\ntitle: \"{title}\"\n---\n{body}")
    assert "a.md:2:1: warning: label too long for the mind map" in check(run, folder).err
    folder = project(tmp_path, f"---\ntitle: \"{title}\"\nmindmap: {{centre: Russia ties}}\n---\n{body}")
    assert lines_of(check(run, folder), "warning") == []
