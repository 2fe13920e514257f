"""The pathological corpus: odd and hostile input ends in a clean path:line error, in bounded time.

No traceback, no hang, no crash: each case runs `check` and `build` within the time budget.
"""

from __future__ import annotations

import os

import pytest

from conftest import epub_files, epubcheck_messages, outline, page_texts
from hostile_helpers import MANIFEST, project, refused_by_check_and_build  # noqa: F401 (fixture)


def _note(p, body: str, front: str = "") -> None:
    head = f"---\n{front}---\n" if front else ""
    p.write("notes/polity.md", f"{head}# Rights\n\n{body}\n")


def brackets(p):
    _note(p, "Open brackets pasted from a broken export: " + "[" * 30000)
    return "polity.md:3", "'[' characters"


def embeds(p):
    _note(p, "![[" * 30000)
    return "polity.md:3", "'[' characters"


def open_links(p):
    _note(p, "[a](" * 30000)
    return "polity.md:3", "'[' characters"


def emphasis(p):
    _note(p, "*_" * 50000)
    return "polity.md:3", "'*' and '_'"


def deep_lists(p):
    _note(p, "".join("\t" * depth + "- level\n" for depth in range(1000)))
    # Line 43 holds the 41st level (40 tabs, then its own marker): the first more than 40 deep.
    return "polity.md:43", "nested more than"


def deep_quotes(p):
    _note(p, "> " * 5000 + "quoted")
    return "polity.md:3", "nested more than"


def deep_html(p):
    _note(p, "<div>" * 3000 + "deep" + "</div>" * 3000)
    return "polity.md:1", "nested more than"


def billion_laughs(p):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    p.write("booklet.yml", MANIFEST + "\n".join(levels) + "\n")
    return "booklet.yml", "YAML too large"


def deep_yaml(p):
    p.write("booklet.yml", MANIFEST + "description: " + "[" * 5000 + "]" * 5000 + "\n")
    return "booklet.yml", "nested too deeply"


def huge_integer(p):
    p.manifest_with("edition: " + "9" * 5000)
    return "booklet.yml:4", "5000 digits"


def python_tag(p):
    p.manifest_with("subtitle: !!python/object/apply:os.system ['echo pwned']")
    return "booklet.yml:4", "unsupported YAML tag"


def impossible_date(p):
    p.write("booklet.yml", MANIFEST.replace("2026-01-15", "2026-02-30"))
    return "booklet.yml:2", "not a valid date"


def impossible_date_text(p):
    p.write("booklet.yml", MANIFEST.replace("2026-01-15", '"2026-02-30"'))
    return "booklet.yml:2", "is not a date"


def front_matter_date(p):
    _note(p, "Text.", front="created: 2026-02-30\n")
    return "polity.md:2", "not a valid date"


def numeric_id(p):
    _note(p, "Text.", front="id: 12\n")
    return "polity.md:2", "'id' must be text"


def list_id(p):
    _note(p, "Text.", front="id: [1, 2]\n")
    return "polity.md:2", "'id' must be text"


def list_title(p):
    _note(p, "Text.", front="title: {a: 1}\n")
    return "polity.md:2", "'title' must be text"


def tags_not_text(p):
    _note(p, "Text.", front="tags: {polity: 1}\n")
    return "polity.md:2", "front matter 'tags' must be text or a list of text"


def alias_entry_not_text(p):
    _note(p, "Text.", front="aliases:\n  - Rights\n  - [1, 2]\n")
    return "polity.md:4", "each entry of front matter 'aliases' must be text"


def clipping_not_a_flag(p):
    _note(p, "Text.", front='clipping: "maybe"\n')
    return "polity.md:2", "front matter 'clipping' must be true or false"


def authors_not_text(p):
    p.manifest_with("authors: [[1, 2]]")
    return "booklet.yml:4", "each entry must be text"


def fifo_manifest(p):
    p.manifest.unlink()
    os.mkfifo(p.manifest)
    return "booklet.yml:1", "not a regular file"


def fifo_topic(p):
    (p.root / "notes" / "polity.md").unlink()
    os.mkfifo(p.root / "notes" / "polity.md")
    return "booklet.yml:7", "not found"


def dev_zero_topic(p):
    (p.root / "notes" / "polity.md").unlink()
    p.link("notes/polity.md", "/dev/zero")
    return "booklet.yml:7", "outside the project"


def huge_note(p):
    p.write("notes/polity.md", "# Rights\n\n" + "word " * 300_000)
    return "polity.md:1", "limited to 1 MiB"


def not_utf8(p):
    (p.root / "notes" / "polity.md").write_bytes(b"# Rights\n\nLatin-1 caf\xe9\n")
    return "polity.md:3", "not valid UTF-8"


CASES = [brackets, embeds, open_links, emphasis, deep_lists, deep_quotes, deep_html, billion_laughs, deep_yaml,
         huge_integer, python_tag, impossible_date, impossible_date_text, front_matter_date, numeric_id, list_id,
         list_title, tags_not_text, alias_entry_not_text, clipping_not_a_flag, authors_not_text, fifo_manifest,
         fifo_topic, dev_zero_topic, huge_note, not_utf8]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_pathological_input_fails_cleanly_and_quickly(case, project, run):
    where, message = case(project)
    out = refused_by_check_and_build(project, run, where, message)
    assert not out.exists() or not any(out.iterdir())


def test_an_empty_heading_with_a_trailing_space_prints_nothing_and_gets_no_entry(project, run):
    # `## ` (a space after the marks) is a heading with no text: it once came out as "{#section}".
    _note(project, "Writs protect the rights.\n\n## \n\nText under the empty heading.\n\n## Remedies\n\nCourts.")
    out = project.root / "build"
    result = run("build", project.manifest, "--format", "pdf,epub,html", "--out", out, cwd=project.root)
    assert result.code == 0, result.err
    pdf_text = "\n".join(page_texts(out / "booklet.pdf"))
    assert "Text under the empty heading." in pdf_text and "{#" not in pdf_text
    assert [title for title, _, children in outline(out / "booklet.pdf")[-1][2]] == ["Rights"]
    assert [title for title, _, _ in outline(out / "booklet.pdf")[-1][2][0][2]] == ["Remedies"]
    html = (out / "booklet.html").read_text(encoding="utf-8")
    assert "Text under the empty heading." in html and "{#" not in html
    files = epub_files(out / "booklet.epub")
    assert not any("{#" in text for text in files.values())
    nav = files["EPUB/nav.xhtml"]
    assert "Remedies</a>" in nav and "></a>" not in nav       # no empty entry
    assert epubcheck_messages(out / "booklet.epub") == []


def test_a_number_as_a_vault_notes_alias_is_an_alias(tmp_path, run):
    # `aliases: 1950` (YAML reads a number) once crashed the link index with a TypeError.
    from obsidian_helpers import vault_project

    manifest = vault_project(tmp_path, {"Republic.md": "---\naliases: 1950\n---\n# Republic\n\nIn force.\n",
                                        "Preamble.md": "# Preamble\n\nSee [[1950]] for the date.\n"},
                             ["Preamble", "Republic"])
    result = run("check", manifest, cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "[[1950]]" not in result.err   # resolved, no warning
