"""YAML read with libyaml's parser and PyYAML's composer: the same nodes and the same errors as SafeLoader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from booklet import yamlsrc
from booklet.errors import BookletError

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    """Every manifest, labels.yml and brand.yml in the repository, and every note's front matter."""
    files = sorted(path for folder in ("content", "layouts", "docs", "tests") for pattern in ("**/*.yml", "**/*.yaml")
                   for path in (ROOT / folder).glob(pattern) if ".booklet-cache" not in path.parts)
    texts = [path.read_text(encoding="utf-8") for path in files]
    for note in sorted(ROOT.glob("*/**/*.md")):
        if ".venv" in note.parts or ".booklet-cache" in note.parts:
            continue
        text = note.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "\n---" in text[4:]:
            texts.append(text[4:text.index("\n---", 4)])
    return texts


def _signature(node):
    marks = (node.tag, node.start_mark.line, node.start_mark.column)   # yamlsrc reads no end mark
    if isinstance(node, yaml.MappingNode):
        return ("map", marks, [(_signature(k), _signature(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return ("seq", marks, [_signature(v) for v in node.value])
    return ("scalar", marks, node.value)


@pytest.mark.skipif(yamlsrc.CParser is None, reason="PyYAML without libyaml")
def test_the_fast_loader_composes_what_safeloader_composes():
    texts = _texts()
    assert len(texts) > 50
    extra = ["a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}, e: 2}\n", "when: 2026-02-30\n", "'quoted': \"x\\ty\"\n", "", "- |\n  text\n"]
    for text in texts + extra:
        assert _signature_of(yaml.compose(text, Loader=yamlsrc._Fast)) == _signature_of(
            yaml.compose(text, Loader=yaml.SafeLoader)), text[:200]


def _signature_of(node):
    return None if node is None else _signature(node)


@pytest.mark.parametrize("text", [
    "title: India–Russia: an overview\n",      # a colon in a plain value
    "a:\n\tb: 1\n",                             # a tab
    'title: "never closed\n',
    "a: 1\n---\nb: 2\n",                        # two documents
    "[" * 2000 + "]" * 2000,                    # deeper than libyaml's limit and Python's recursion
    "[" * 500 + "]" * 500,                      # deeper than Python's recursion, within libyaml's
])
def test_an_error_is_the_one_safeloader_gives(text):
    with pytest.raises(BookletError) as fast:
        yamlsrc.parse(text, Path("x.yml"))
    original, yamlsrc.CParser = yamlsrc.CParser, None
    try:
        with pytest.raises(BookletError) as pure:
            yamlsrc.parse(text, Path("x.yml"))
    finally:
        yamlsrc.CParser = original
    assert str(fast.value) == str(pure.value)
