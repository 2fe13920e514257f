"""Every Markdown example in docs/authoring.md builds without a warning; its error list is real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from block_support import ROOT, prepare, write_project
from booklet import loader, pipeline
from booklet.errors import BuildFailed, Reporter

AUTHORING = ROOT / "docs" / "authoring.md"
EXAMPLES = re.findall(r"```markdown\n(.*?)```", AUTHORING.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_examples():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.split("\n")[0][:30] for e in EXAMPLES])
def test_example_builds_cleanly(example, tmp_path: Path):
    topic = example if example.startswith("---") else f"---\ntitle: Example\n---\n\n{example}"
    prepared, reporter = prepare(write_project(tmp_path, {"example.md": topic}))
    assert reporter.diagnostics == []
    assert "!!!" not in prepared.rendered.topics[0].html and "[!" not in prepared.rendered.topics[0].html


MISTAKES = {
    "a.md": '!!! mcq "P"\n    Q?\n\n    - [ ] a\n\n'
            '!!! mcq "P"\n    Q?\n\n    - [x] a\n    - [ ] b\n    - [x] c\n\n'
            '!!! mcq "P"\n    Q?\n\n'
            "!!! answer\n    - stray\n\n"
            "!!! sumary\n    x\n\n"
            '!!! question "Mains 2019\n    Q?\n\n'
            "!!! figures\n\n"
            "!!! figures\n    - plain\n\n"
            '!!! question "Mains 20201" multple\n    Q?\n\n'
            '!!! mcq "P"\nQ left unindented\n',
    "b.md": "---\ntitle: B\nsummary: S.\n---\n\n!!! summary\n    Block.\n",
}


def test_every_documented_message_is_one_the_code_gives(tmp_path: Path):
    topics = {name: text if text.startswith("---") else f"---\ntitle: {name}\n---\n\n{text}"
              for name, text in MISTAKES.items()}
    reporter = Reporter()
    with pytest.raises(BuildFailed):
        pipeline.prepare(loader.load_manifest(write_project(tmp_path, topics), reporter), reporter)
    given = [f"{d.severity}: {d.message}" for d in reporter.diagnostics]
    documented = re.findall(r"^notes/defence\.md:\d+: ((?:error|warning): .*)$", AUTHORING.read_text(), re.M)
    assert len(documented) == 12
    for message in documented:
        pattern = ".*".join(re.escape(part) for part in message.split("…"))
        assert any(re.fullmatch(pattern, g) for g in given), message
