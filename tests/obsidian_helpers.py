"""Small vault projects for the Obsidian tests: write notes, load, preprocess or render."""

from __future__ import annotations

from pathlib import Path

from booklet import loader, pipeline
from booklet.errors import Reporter
from booklet.model import Booklet


def vault_project(tmp_path: Path, notes: dict[str, str | bytes], topics: list[str],
                  extra: str = "") -> Path:
    """A project with a vault folder `vault/` holding `notes`, and a manifest listing `topics`."""
    for name, content in notes.items():
        path = tmp_path / "vault" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    listed = "\n".join(f"      - {t!r}" for t in topics)
    manifest = tmp_path / "book.yml"
    # Snippet notes seldom have an outline to map: mind-map pages are off (they have their own
    # tests), set last so that the lines of the keys above stay where the tests expect them.
    manifest.write_text(f"title: T\nvault: vault\n{extra}parts:\n  - title: One\n    topics:\n{listed}\n"
                        "mindmaps: off\n")
    return manifest


def load(manifest: Path, reporter: Reporter | None = None) -> Booklet:
    return loader.load_manifest(manifest, reporter or Reporter())


def preprocessed(manifest: Path, reporter: Reporter | None = None) -> Booklet:
    reporter = reporter or Reporter()
    return pipeline.preprocess(load(manifest, reporter), reporter)


def rendered_html(manifest: Path, reporter: Reporter | None = None) -> dict[str, str]:
    """Each topic's HTML fragment by topic id."""
    reporter = reporter or Reporter()
    prepared = pipeline.prepare(load(manifest, reporter), reporter)
    return {t.id: t.html for t in prepared.rendered.topics}


def messages(reporter: Reporter) -> list[str]:
    return [str(d) for d in reporter.diagnostics]
