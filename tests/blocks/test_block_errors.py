"""Bad revision blocks: `path:line` errors (exit 1) and warnings (errors under --strict)."""

from __future__ import annotations

import pytest

HEAD = "---\ntitle: A topic\n---\n\nSome text.\n\n"  # the block starts on line 7
MANIFEST = "title: T\nparts:\n  - title: One\n    topics: [a.md]\n"


def _check(run, tmp_path, body: str, *flags: str):
    (tmp_path / "a.md").write_text(HEAD + body, encoding="utf-8")
    (tmp_path / "book.yml").write_text(MANIFEST, encoding="utf-8")
    result = run("check", "book.yml", *flags, cwd=tmp_path)
    assert "Traceback" not in result.err
    return result


ERRORS = [
    ('!!! mcq "Practice"\n    Q?\n\n    - [ ] a\n    - [ ] b\n', 7,
     "this mcq has no ticked option: mark the right one with '- [x]'"),
    ('> [!mcq] Practice\n> Q?\n>\n> - [x] a\n> - [x] b\n', 7,
     "this mcq has 2 ticked options ((a), (b)) but no 'multiple' flag"),
    ('!!! mcq "Prelims 2019"\n    Q without options.\n', 7, "this mcq has no options"),
    ("Text.\n\n!!! answer\n    - a point\n", 9, "an answer block must sit inside a question or mcq block"),
    ('!!! note "N"\n    !!! answer\n        - a point\n', 8, "an answer block must sit inside a question"),
    ("!!! sumary\n    Text.\n", 7, "unknown block type 'sumary'; did you mean 'summary'? known types: summary, "
                                "figures, question, mcq, answer, mindmap, and the callouts note, tip"),
    ('!!! question "Mains 2019\n    Q?\n', 7, "cannot read the block header '!!! question \"Mains 2019'"),
    ("Text.\n\n> [!note Unclosed\n> Body.\n", 9, "cannot read the block header '> [!note Unclosed'"),
    # A body left unindented (or a callout's body without '>') is text after an empty block.
    ('!!! question "Mains 2016"\nWhy does a Finance Commission exist?\n', 7,
     "this question block is empty: indent its lines by four spaces under the '!!!' line"),
    ("> [!question] Mains 2015\n\n> Why have a second chamber?\n", 7,
     "this question block is empty: start each line of its body with '>', blank lines too"),
]


@pytest.mark.parametrize("body, line, needle", ERRORS, ids=lambda v: v[:18] if isinstance(v, str) else None)
def test_block_error_is_reported_with_its_line(run, tmp_path, body, line, needle):
    result = _check(run, tmp_path, body)
    assert result.code == 1, result.err
    assert any(l.startswith(f"a.md:{line}: error: ") and needle in l for l in result.error_lines), result.err


def test_an_unindented_mcq_is_one_error_that_says_to_indent(run, tmp_path):
    result = _check(run, tmp_path, '!!! mcq "Prelims 2022"\nWhich river is longest?\n- [x] Ganga\n- [ ] Tapi\n')
    assert result.code == 1
    assert result.error_lines == ["a.md:7: error: this mcq block is empty: indent its lines by four spaces "
                                  "under the '!!!' line"], result.err


WARNINGS = [
    ("!!! figures\n", 7, "this figures block is empty"),
    ("> [!figures]\n> Nothing listed.\n", 7, "this figures block is empty"),
    ("!!! figures\n    - **65%** — fine\n    - 36% — no bold value\n", 9, "this figure has no bold value"),
    ("> [!figures]\n> - **65%** — fine\n>\n> - plain\n", 10, "this figure has no bold value"),
    ('!!! question "Mains 20201"\n    Q?\n', 7, "'20201' in the question title 'Mains 20201' is not a plausible year"),
    ("> [!question] Prelims 1850\n> Q?\n", 7, "'1850' in the question title 'Prelims 1850' is not a plausible year"),
    ('!!! question "Mains 2019" multiple\n    Q?\n', 7, "unknown flag 'multiple' after the title"),
]


@pytest.mark.parametrize("body, line, needle", WARNINGS, ids=lambda v: v[:18] if isinstance(v, str) else None)
def test_block_warning_is_reported_with_its_line_and_fails_under_strict(run, tmp_path, body, line, needle):
    result = _check(run, tmp_path, body)
    assert result.code == 0, result.err
    assert any(l.startswith(f"a.md:{line}: warning: ") and needle in l for l in result.err.splitlines()), result.err
    strict = _check(run, tmp_path, body, "--strict")
    assert strict.code == 1
    assert any(l.startswith(f"a.md:{line}: error: ") and needle in l for l in strict.error_lines), strict.err


def test_every_block_problem_is_reported_before_the_build_stops(run, tmp_path):
    body = ('!!! mcq "P"\n    Q?\n\n    - [ ] a\n\n'       # line 7: no tick
            "!!! answer\n    - stray\n\n"                   # line 12: answer outside a question
            "!!! figures\n    - plain\n\n"                  # line 15: warning, item on line 16
            "> [!mcq] P\n> Q?\n>\n> - [x] a\n> - [x] b\n")  # line 18: two ticks
    result = _check(run, tmp_path, body)
    assert result.code == 1
    assert [l.split(": ")[0] for l in result.error_lines] == ["a.md:7", "a.md:12", "a.md:18"]
    assert "a.md:16: warning: this figure has no bold value" in result.err
    assert "3 errors" in result.err


def test_summary_twice_is_a_warning_at_the_block(run, tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: A\nsummary: Front.\n---\n\n!!! summary\n    Block.\n")
    (tmp_path / "book.yml").write_text(MANIFEST)
    result = run("check", "book.yml", cwd=tmp_path)
    assert result.code == 0
    assert "a.md:6: warning: this topic has a summary block and 'summary:' in its front matter" in result.err


def test_build_writes_nothing_when_a_block_is_wrong(run, tmp_path):
    (tmp_path / "a.md").write_text(HEAD + '!!! mcq "P"\n    Q?\n\n    - [ ] a\n')
    (tmp_path / "book.yml").write_text(MANIFEST)
    result = run("build", "book.yml", "--out", "out", cwd=tmp_path)
    assert result.code == 1 and "nothing was written" in result.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
