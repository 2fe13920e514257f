"""Line breaks as Obsidian shows them: in a vault without strict line breaks, a single newline is a break."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import Reporter, SourceLocation
from ..model import Booklet, Topic
from ..sources import read_text


def preprocess(booklet: Booklet, reporter: Reporter) -> Booklet:
    """(booklet, reporter) → booklet with each topic's `hard_breaks` set from its vault or the manifest."""
    strict_elsewhere = booklet.options.strict_line_breaks
    vaults: dict[Path, bool | None] = {}

    def rewrite(topic: Topic) -> Topic:
        vault = _vault_of(topic.path, booklet.root)
        strict = strict_elsewhere if vault is None else _strict(vault, vaults, reporter)
        return topic if strict else replace(topic, hard_breaks=True)

    return booklet.with_topics(rewrite)


def _vault_of(path: Path, root: Path) -> Path | None:
    """The closest folder above `path`, inside the project, that holds an `.obsidian` settings folder."""
    for folder in path.parents:
        if (folder / ".obsidian").is_dir():
            return folder
        if folder == root or not folder.is_relative_to(root):
            return None
    return None


def _strict(vault: Path, cache: dict[Path, bool | None], reporter: Reporter) -> bool:
    if vault not in cache:
        cache[vault] = strict_line_breaks(vault, reporter)
    return bool(cache[vault])


def strict_line_breaks(vault: Path, reporter: Reporter) -> bool:
    """The vault's `strictLineBreaks` from `.obsidian/app.json`; Obsidian's default is off."""
    settings = vault / ".obsidian" / "app.json"
    if not settings.is_file():
        return False
    where = SourceLocation(settings)
    try:
        values = json.loads(read_text(settings, where))
    except json.JSONDecodeError as exc:
        reporter.warning(f"cannot read Obsidian's settings ({exc.msg}); line breaks follow Obsidian's default "
                         "(a single newline is a break)", SourceLocation(settings, exc.lineno))
        return False
    value = values.get("strictLineBreaks", False) if isinstance(values, dict) else False
    return value is True
