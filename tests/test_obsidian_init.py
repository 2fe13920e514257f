"""`booklet init --from-vault`: a manifest that builds, from a vault's folders or from a map-of-content note."""

from __future__ import annotations

import shutil

import yaml
from pypdf import PdfReader

from conftest import SCENARIOS, epubcheck_messages, outline


def _vault(tmp_path):
    shutil.copytree(SCENARIOS / "vault" / "notes", tmp_path / "notes")
    return tmp_path


def test_from_folders_one_topic_per_note_with_folders_as_parts(run, tmp_path):
    project = _vault(tmp_path)
    result = run("init", "--from-vault", "notes", cwd=project)
    assert result.code == 0, result.err
    assert "booklet.yml: 8 topics in 5 parts" in result.out
    manifest = yaml.safe_load((project / "booklet.yml").read_text())
    assert manifest["vault"] == "notes"
    parts = [(p["title"], p["topics"]) for p in manifest["parts"]]
    assert parts == [
        ("notes", ["Unlisted Note"]),
        ("International Relations", ["Defence Cooperation", "India-Russia Relations",
                                     "International Relations/Overview"]),
        ("Maps", ["UPSC Map"]),
        ("Polity", ["Polity/Overview", "Parliament"]),
        ("Shared", ["S-400 Deal"]),
    ]  # name order; the templates and daily-notes folders of .obsidian/ are left out
    built = run("build", "booklet.yml", "-f", "pdf,epub", cwd=project)
    assert built.code == 0, built.err
    tree = outline(project / "build" / "booklet.pdf")
    assert [t for t, _, _ in tree][1:len(parts) + 1] == [p[0] for p in parts]  # then the back matter
    assert epubcheck_messages(project / "build" / "booklet.epub") == []


def test_from_a_map_of_content_its_links_in_order_and_its_headings_as_parts(run, tmp_path):
    project = _vault(tmp_path)
    result = run("init", "--from-vault", "notes", "--moc", "UPSC Map", "--out", "gs2.yml", cwd=project)
    assert result.code == 0, result.err
    assert "notes/Maps/UPSC Map.md:12: warning: [[Missing Note]]: no note named 'Missing Note'" in result.err
    manifest = yaml.safe_load((project / "gs2.yml").read_text())
    assert manifest["title"] == "GS Paper 2 map"
    assert [(p["title"], p["topics"]) for p in manifest["parts"]] == [
        ("International Relations", ["India-Russia Relations", "Defence Cooperation"]),
        ("Polity", ["Polity/Overview", "Parliament"]),
    ]
    built = run("build", "gs2.yml", "-f", "pdf,epub", cwd=project)
    assert built.code == 0, built.err
    texts = [p.extract_text() for p in PdfReader(project / "build" / "gs2.pdf").pages]
    assert "GS Paper 2 map" in texts[0]
    assert epubcheck_messages(project / "build" / "gs2.epub") == []


def test_an_existing_manifest_is_kept_unless_forced(run, tmp_path):
    project = _vault(tmp_path)
    (project / "booklet.yml").write_text("title: mine\n")
    result = run("init", "--from-vault", "notes", cwd=project)
    assert result.code == 2 and "booklet.yml exists; use --force" in result.err
    assert (project / "booklet.yml").read_text() == "title: mine\n"
    assert run("init", "--from-vault", "notes", "--force", cwd=project).code == 0
    assert "vault: \"notes\"" in (project / "booklet.yml").read_text()


def test_usage_problems(run, tmp_path):
    project = _vault(tmp_path)
    (project / "elsewhere").mkdir()
    result = run("init", "--from-vault", "notes", "--out", "elsewhere/b.yml", cwd=project)
    assert result.code == 2 and "must be in notes or a folder above it" in result.err
    assert run("init", "--from-vault", "nothing-here", cwd=project).code == 2
    assert run("init", "--from-vault", "notes", "--out", "b.txt", cwd=project).code == 2
    missing = run("init", "--from-vault", "notes", "--moc", "No Such Map", cwd=project)
    assert missing.code == 1 and "no note named 'No Such Map'" in missing.err
    assert not (project / "booklet.yml").exists()


def test_init_help(run):
    result = run("init", "--help")
    assert result.code == 0 and "--from-vault DIR" in result.out and "--moc NOTE" in result.out
