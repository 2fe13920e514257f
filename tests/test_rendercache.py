"""The render cache: an EPUB after a build of the same inputs renders nothing, and is the same EPUB."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from booklet import pipeline
from conftest import SCENARIOS, epubcheck_messages


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "basic"
    shutil.copytree(SCENARIOS / "basic", root, ignore=shutil.ignore_patterns(".booklet-cache", "build", "out"))
    manifest = root / "basic.yml"   # with mind maps: their SVG goes through the entry's checks too
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("mindmaps: off", "mindmaps: end"),
                        encoding="utf-8")
    return root


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The booklets rendered (not taken from the cache) from here on, by title."""
    real, rendered = pipeline._rendered, []

    def counting(staged, *args, **kwargs):
        rendered.append(staged.booklet.meta.title)
        return real(staged, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_rendered", counting)
    return rendered


def entries(project: Path) -> list[Path]:
    return sorted((project / ".booklet-cache" / "rendered").glob("*.json"))


def uncached(run, project: Path, tmp_path: Path, manifest: str = "basic.yml") -> bytes:
    """The EPUB built without any cache, into a folder outside the project (which it would change)."""
    fresh = tmp_path / "fresh"
    assert run("build", manifest, "-f", "epub", "--out", fresh, "--no-cache", cwd=project).code == 0
    return (fresh / f"{Path(manifest).stem}.epub").read_bytes()


def test_an_epub_after_the_pdf_renders_nothing_is_the_same_epub_and_passes_epubcheck(project, run, renders,
                                                                                      tmp_path):
    assert run("build", "basic.yml", "-f", "pdf", "--out", "out", cwd=project).code == 0
    assert renders == ["Test Booklet: Pipeline"] and len(entries(project)) == 1
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 1                                    # taken from the entry
    epub = project / "out" / "basic.epub"
    assert epub.read_bytes() == uncached(run, project, tmp_path)
    assert len(renders) == 2                                    # --no-cache renders
    assert epubcheck_messages(epub) == []


def test_only_an_epub_alone_takes_an_entry(project, run, renders):
    for formats in ("html", "epub,html", "epub"):   # (the same command twice is the build record's)
        assert run("build", "basic.yml", "-f", formats, "--out", "out", cwd=project).code == 0
    assert len(renders) == 2 and len(entries(project)) == 1


@pytest.mark.parametrize("change", ["note", "new file", "layout", "option"])
def test_a_change_anywhere_renders_again(project, run, renders, change):
    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    options: list[str] = []
    if change == "note":
        note = project / "notes" / "beta.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    elif change == "new file":
        (project / "notes" / "unrelated.txt").write_text("not read by the build\n", encoding="utf-8")
    elif change == "layout":    # a project layout that shadows nothing yet: its folder alone is new
        manifest = project / "basic.yml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "layout: mine\n", encoding="utf-8")
        (project / "layouts" / "mine").mkdir(parents=True)
        shutil.copy(SCENARIOS.parent.parent / "layouts" / "default" / "epub-page.xhtml", project / "layouts" / "mine")
    else:
        options = ["--set", "edition=Second edition"]
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", *options, cwd=project).code == 0
    assert len(renders) == 2


def test_a_build_that_warned_keeps_nothing(project, run, renders):
    note = project / "notes" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nSee [nowhere](#no-such-heading).\n", encoding="utf-8")
    result = run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project)
    assert result.code == 0 and "warning" in result.err
    assert entries(project) == []
    result = run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project)
    assert len(renders) == 2 and "warning" in result.err        # rendered again: the warning is seen again


def test_a_file_changed_while_the_build_ran_keeps_nothing(project, run, monkeypatch):
    real = pipeline._rendered

    def editing(staged, *args, **kwargs):
        result = real(staged, *args, **kwargs)
        note = project / "notes" / "gamma.md"      # after the build read it: its ctime is past the stamp
        note.write_text(note.read_text(encoding="utf-8") + "\nWritten during the build.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(pipeline, "_rendered", editing)
    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    assert entries(project) == []


def plant(entry: Path, change) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    change(data)
    entry.write_text(json.dumps(data), encoding="utf-8")


def _in_section(html: str):
    def change(data):
        section = next(s for s in data["sections"] if s["kind"] == "topic")
        section["html"] = section["html"].replace("</p>", html + "</p>", 1)
    return change


def _image(name: str):
    def change(data):
        data["topics"][1]["images"].append(name)
        section = next(s for s in data["sections"] if s["kind"] == "topic")
        section["html"] += f'<img src="{name}" alt="">'
    return change


def _section_id(data):
    data["sections"][1]["id"] = "../../escaped"


def _topic_html(data):
    data["topics"][0]["html"] += "<script>alert(1)</script>"


PLANTS = {
    "a script": _in_section("<script>alert(1)</script>"),
    "an event handler": _in_section('<span onclick="alert(1)">x</span>'),
    "a javascript link": _in_section('<a href="javascript:alert(1)">x</a>'),
    "a remote image": _in_section('<img src="https://tracker.example/p.png" alt="">'),
    "a style that loads": _in_section('<span style="background:url(https://tracker.example/p.png)">x</span>'),
    "an iframe": _in_section('<iframe src="https://example.org"></iframe>'),
    "an SVG use of a remote file": _in_section('<svg><use xlink:href="https://tracker.example/s.svg#a"/></svg>'),
    "an SVG fill that loads": _in_section('<svg><rect fill="URL(https://tracker.example/p.svg#g)"/></svg>'),
    "a comment": _in_section("<!-- planted -->"),
    "an image outside the project": _image("../../../etc/hostname"),
    "an image that is no file": _image("notes/img/missing.png"),
    "a section id that is a path": _section_id,
    "a script in a topic's fragment": _topic_html,
}


@pytest.mark.parametrize("name", PLANTS)
def test_a_planted_entry_is_not_taken(project, run, renders, tmp_path, name):
    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    [entry] = entries(project)
    plant(entry, PLANTS[name])
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 2                                    # rendered again
    assert (project / "out" / "basic.epub").read_bytes() == uncached(run, project, tmp_path)


def test_an_entry_that_is_not_json_is_not_taken(project, run, renders):
    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    [entry] = entries(project)
    entry.write_text("{not json", encoding="utf-8")
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 2


def test_an_entry_too_big_is_not_read(project, run, renders, monkeypatch):
    from booklet import rendercache

    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    [entry] = entries(project)
    monkeypatch.setattr(rendercache, "MAX_BYTES", entry.stat().st_size - 1)
    monkeypatch.setattr(rendercache, "_loaded", lambda *args: pytest.fail("read an entry over the limit"))
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 2


def test_the_entry_unchanged_is_taken(project, run, renders):
    """The planting above rewrites the entry through JSON: unchanged, that alone still hits."""
    assert run("build", "basic.yml", "-f", "html", "--out", "out", cwd=project).code == 0
    [entry] = entries(project)
    plant(entry, lambda data: None)
    assert run("build", "basic.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 1


# Scenarios that build without a warning (a warning keeps no entry): each one's sections, with
# their maths, maps of every size and Hindi, pass the entry's checks.
@pytest.mark.parametrize("name", ["bilingual", "engine", "hindi", "mapsizes", "mindmaps", "revision"])
def test_every_scenario_is_taken_and_is_the_same_epub(run, renders, tmp_path, name):
    project = tmp_path / name
    shutil.copytree(SCENARIOS / name, project, ignore=shutil.ignore_patterns(".booklet-cache", "build", "out"))
    result = run("build", f"{name}.yml", "-f", "html", "--out", "out", cwd=project)
    assert result.code == 0 and "warning" not in result.err, result.err
    assert run("build", f"{name}.yml", "-f", "epub", "--out", "out", cwd=project).code == 0
    assert len(renders) == 1, name
    assert (project / "out" / f"{name}.epub").read_bytes() == uncached(run, project, tmp_path, f"{name}.yml")


def test_no_entry_without_the_cache(project, run):
    assert run("build", "basic.yml", "-f", "html", "--out", "out", "--no-cache", cwd=project).code == 0
    assert not (project / ".booklet-cache" / "rendered").exists()
    assert os.listdir(project / "out") == ["basic.html"]
