"""The CommonMark spec corpus: each of the 652 examples builds, or fails cleanly, and every EPUB passes EPUBCheck.

The examples are topics of a few batched booklets, so EPUBCheck and the writers run a few times,
not 652. Examples that `check` refuses must be refused with a path:line error and no traceback;
the rest must build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import epubcheck_messages

SPEC = Path(__file__).parent.parent / "commonmark" / "commonmark.json"
BATCHES = 3
_LOCATED = re.compile(r"^(\S+?\.md):\d+(?::\d+)?: error: ")


def _write_batch(folder: Path, number: int, examples: list[dict]) -> Path:
    topics = []
    for example in examples:
        name = f"notes/example-{example['example']:03}.md"
        (folder / name).write_text(f"---\ntitle: \"Example {example['example']}: {example['section']}\"\n---\n"
                                   f"{example['markdown']}", encoding="utf-8")
        topics.append(f"      - {name}")
    manifest = folder / f"spec-{number}.yml"
    manifest.write_text(
        f'title: "CommonMark examples, batch {number}"\ndate: 2026-01-15\nmindmaps: off\n'
        "back_matter: {revision_summary: false, key_figures: false, answer_key: false, "
        "previous_year_questions: false}\n"
        f'parts:\n  - title: "Examples"\n    topics:\n' + "\n".join(topics) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    assert len(examples) == 652
    folder = tmp_path_factory.mktemp("commonmark")
    (folder / "notes").mkdir()
    size = -(-len(examples) // BATCHES)
    return folder, [_write_batch(folder, n + 1, examples[n * size:(n + 1) * size]) for n in range(BATCHES)]


def test_every_example_builds_or_fails_cleanly_and_every_epub_passes_epubcheck(corpus, run):
    folder, manifests = corpus
    out = folder / "out"
    result = run("build", *manifests, "--format", "epub,html", "--out", out, cwd=folder)
    assert "Traceback" not in result.err
    refused = set()
    for line in result.error_lines:
        match = _LOCATED.match(line)
        assert match, f"an error without path:line: {line}"
        refused.add(Path(match.group(1)).name)
    # Refusals are for what the booklet's rules forbid (links to files, images), never a crash.
    assert len(refused) < 40, sorted(refused)
    if refused:
        assert result.code == 1 and not out.exists() or not any(out.iterdir())
        for manifest in manifests:
            text = manifest.read_text(encoding="utf-8")
            kept = "\n".join(line for line in text.split("\n") if not any(name in line for name in refused))
            manifest.write_text(kept, encoding="utf-8")
        result = run("build", *manifests, "--format", "epub,html", "--out", out, cwd=folder)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    for manifest in manifests:
        assert epubcheck_messages(out / f"{manifest.stem}.epub") == []
