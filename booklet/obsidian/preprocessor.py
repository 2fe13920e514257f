"""The Obsidian stage: every topic's vault syntax rewritten into the Markdown the render stage reads."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Reporter
from ..model import Booklet, Part, Topic
from . import cleanup, lists, pyq
from .embeds import Embedder
from .lines import Line, of_topic, to_source
from .settings import Settings
from .vault import Vault
from .wikilinks import Index, Linker, with_ids


def preprocess(booklet: Booklet, reporter: Reporter) -> Booklet:
    """(booklet, reporter) → booklet: embeds inlined, links resolved, comments and PYQ tags converted."""
    settings = Settings.of(booklet.options.obsidian)
    topics = list(booklet.topics())
    vault = Vault.scan(booklet.options.vault or booklet.root) if _links_anything(topics) else Vault(booklet.root, [])
    expanded = {t.id: _expand(t, vault, settings, reporter) for t in topics}
    index = Index(topics, expanded)
    linked = {t.id: Linker(vault, index, t, reporter).rewrite(expanded[t.id]) for t in topics}
    final = {t.id: cleanup.strip_block_ids(with_ids(linked[t.id], t.id, index)) for t in topics}
    return _with_sources(booklet, final)


def _links_anything(topics: list[Topic]) -> bool:
    return any("[[" in t.source for t in topics)


def _expand(topic: Topic, vault: Vault, settings: Settings, reporter: Reporter) -> list[Line]:
    lines = of_topic(topic)
    lines = cleanup.unwrap_published_embeds(cleanup.remove_comments(lines, reporter))
    lines = Embedder(vault, topic.path, reporter, settings.embed_depth).expand(lines)
    return lists.fix(pyq.convert(lines))


def _with_sources(booklet: Booklet, lines: dict[str, list[Line]]) -> Booklet:
    def rewrite(topic: Topic) -> Topic:
        source, where = to_source(lines[topic.id])
        return replace(topic, source=source, lines=where)

    return replace(
        booklet,
        front=tuple(rewrite(t) for t in booklet.front),
        parts=tuple(Part(p.id, p.title, tuple(rewrite(t) for t in p.topics)) for p in booklet.parts),
        back=tuple(rewrite(t) for t in booklet.back),
    )
