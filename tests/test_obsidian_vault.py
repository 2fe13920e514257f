"""Note and file names resolve as Obsidian resolves them; manifests may name topics by note name."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.errors import BookletError, BuildFailed, Reporter, SourceLocation
from booklet.obsidian.vault import Vault, topic_file
from obsidian_helpers import load, vault_project


@pytest.fixture
def vault(tmp_path) -> Vault:
    for name in ("Home.md", "IR/India-Russia Relations.md", "IR/Overview.md", "Polity/Overview.md",
                 "Polity/Deep/Overview.md", "Attachments/map.png", ".obsidian/app.json", ".trash/Old.md",
                 "v1.2 notes.md"):
        path = tmp_path / "vault" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return Vault.scan(tmp_path / "vault")


def _rel(vault: Vault, path: Path | None) -> str | None:
    return vault.relative(path) if path else None


def test_names_are_case_insensitive_and_md_is_implied(vault):
    assert _rel(vault, vault.resolve("india-russia relations").path) == "IR/India-Russia Relations.md"
    assert _rel(vault, vault.resolve("India-Russia Relations.md").path) == "IR/India-Russia Relations.md"
    assert _rel(vault, vault.resolve("v1.2 notes").path) == "v1.2 notes.md"


def test_files_are_found_by_name_anywhere(vault):
    assert _rel(vault, vault.resolve("map.png").path) == "Attachments/map.png"
    assert not vault.resolve("nowhere.png").found


def test_hidden_folders_are_not_content(vault):
    assert not vault.resolve("Old").found
    assert not vault.resolve("app.json").found


def test_a_path_suffix_picks_one_of_several_notes_with_a_name(vault):
    assert _rel(vault, vault.resolve("Polity/Overview").path) == "Polity/Overview.md"
    assert _rel(vault, vault.resolve("ir/overview").path) == "IR/Overview.md"
    assert _rel(vault, vault.resolve("Deep/Overview").path) == "Polity/Deep/Overview.md"


def test_an_ambiguous_name_prefers_the_linking_notes_folder(vault):
    source = vault.root / "Polity" / "Deep" / "Other.md"
    result = vault.resolve("Overview", source)
    assert _rel(vault, result.path) == "Polity/Deep/Overview.md" and not result.guessed


def test_an_ambiguous_name_elsewhere_is_a_guess_of_the_shortest_path(vault):
    result = vault.resolve("Overview", vault.root / "Home.md")
    assert result.guessed and len(result.candidates) == 3
    assert _rel(vault, result.path) in ("IR/Overview.md", "Polity/Overview.md")


def test_relative_links(vault):
    source = vault.root / "Polity" / "Deep" / "Other.md"
    assert _rel(vault, vault.resolve("../Overview", source).path) == "Polity/Overview.md"


def test_link_text_is_the_shortest_unique_path(vault):
    assert vault.link_text(vault.root / "IR" / "India-Russia Relations.md") == "India-Russia Relations"
    assert vault.link_text(vault.root / "Polity" / "Overview.md") == "Polity/Overview"
    assert vault.link_text(vault.root / "Polity" / "Deep" / "Overview.md") == "Deep/Overview"


def test_topic_names_that_name_nothing_or_several_notes_are_errors(vault):
    where = SourceLocation(Path("book.yml"), 7)
    with pytest.raises(BookletError, match="no note named 'India Russia Relations'.*did you mean 'India-Russia Rel"):
        topic_file(vault, "India Russia Relations", where)
    with pytest.raises(BookletError, match="'Overview' names 3 notes in the vault; write one of .*'Polity/Overview'"):
        topic_file(vault, "Overview", where)


def test_manifest_topics_by_name_and_by_path(tmp_path):
    manifest = vault_project(tmp_path, {"IR/India Russia.md": "Text.\n", "Polity/Parliament.md": "# Parliament\n"},
                             ["india russia", "vault/Polity/Parliament.md"])
    booklet = load(manifest)
    assert [t.path.name for t in booklet.topics()] == ["India Russia.md", "Parliament.md"]
    assert [t.title for t in booklet.topics()] == ["India Russia", "Parliament"]  # note name; opening heading


def test_manifest_name_errors_point_at_the_manifest_line(tmp_path, run):
    manifest = vault_project(tmp_path, {"A/Overview.md": "x\n", "B/Overview.md": "y\n"}, ["Overview", "Nothing"])
    result = run("check", manifest.name, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert any(l.startswith("book.yml:6:") and "'Overview' names 2 notes" in l for l in result.error_lines), result.err
    assert any(l.startswith("book.yml:7:") and "no note named 'Nothing'" in l for l in result.error_lines)


@pytest.mark.parametrize("vault_key, needle", [
    ("missing", "vault folder not found: missing"),
    ("../elsewhere", "points outside the project"),
])
def test_a_bad_vault_folder_is_an_error(tmp_path, vault_key, needle):
    manifest = vault_project(tmp_path, {"a.md": "x\n"}, ["vault/a.md"])
    manifest.write_text(manifest.read_text().replace("vault: vault", f"vault: {vault_key}"))
    reporter = Reporter()
    with pytest.raises(BuildFailed):
        load(manifest, reporter)
    assert any(needle in d.message and d.location.line == 2 for d in reporter.errors), reporter.diagnostics


def test_a_vault_note_without_a_title_is_named_after_its_file(tmp_path):
    notes = {"Plain note.md": "[[12-04-2021-Monday]]\n\nText with # sections later.\n\n# Section\n",
             "Titled.md": "[[12-04-2021-Monday]]\n\n# Opening heading\n\n# Second\n",
             "Published.md": "# [[Folder/Published\\|Published title]]\n\nBody.\n"}
    booklet = load(vault_project(tmp_path, notes, ["Plain note", "Titled", "Published"]))
    assert [t.title for t in booklet.topics()] == ["Plain note", "Opening heading", "Published title"]
    titled = booklet.topics()[1]
    assert "# Second" in titled.source and "Opening heading" not in titled.source
