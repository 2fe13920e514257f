"""Which chunks to lay out, where each lands, and rounds until every page reference is right.

A chunk is laid out with the page numbers of other chunks' anchors as far as they are known
(from chunks already placed, or from an earlier round). When every chunk is placed, a chunk
whose layout printed a page number that turned out wrong is laid out again with the right one;
so is a chunk that moved since it was drawn. Rounds repeat until nothing changes. A chunk whose
key, start and printed numbers match a cache entry is not laid out at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from . import weasy
from .cache import Cache
from .chunks import Chunk
from .worker import Job, Result, Setup

MAX_ROUNDS = 6


class NoFixpoint(Exception):
    pass


@dataclass
class Placement:
    """Page counts and starts of placed chunks, and the running strings in force after each."""

    counts: dict[int, int] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    strings: dict[int, dict[str, str]] = field(default_factory=dict)

    def forget(self, index: int) -> None:
        for table in (self.counts, self.starts, self.strings):
            table.pop(index, None)


class Plan:
    def __init__(self, chunks: list[Chunk], setup: Setup, keys: list[str] | None = None,
                 cache: Cache | None = None):
        self.chunks = chunks
        self.setup = setup
        self.keys = keys or []
        self.cache = cache
        self.guesses: dict[str, int] = {}      # anchor → page, from an earlier round
        self.results: dict[int, Result] = {}
        self.placement = Placement()
        self.laid_out = 0                      # layouts run (tests count them)
        self.progress: Callable[[int, bool], None] | None = None   # (chunk, from cache)

    # ---- placing chunks ----

    def start_of(self, index: int) -> int | None:
        """The page the chunk starts on, once the chunk before it is placed."""
        if index == 0:
            return 1
        if index - 1 not in self.placement.counts:
            return None
        return self.placement.starts[index - 1] + self.placement.counts[index - 1]

    def entry_strings(self, index: int) -> dict[str, str]:
        return dict(self.placement.strings.get(index - 1, {})) if index else {}

    def job(self, index: int, dummies: int | None = None) -> Job:
        chunk = self.chunks[index]
        if dummies is None:
            dummies = 1 if chunk.sided else 0
        start = self.start_of(index) or self.guesses.get(f"#chunk-{index}", 1)
        skipped = dummies + (1 if dummies == 1 and start % 2 == 1 else 0) if chunk.sided else 0
        probe = self.cache is not None and bool(self.cache.entries(self.keys[index]))
        return Job(self.setup, index, chunk.with_dummies(dummies), self.known(), start - 1 - skipped, dummies,
                   probe and dummies == (1 if chunk.sided else 0))

    def known(self) -> dict[str, int]:
        return {**self.guesses, **self.anchors()}

    def bind(self, index: int, laid: weasy.Laid, dummies: int) -> weasy.Binding:
        """Place a laid-out chunk (its predecessor must be placed); Redo if it was laid on the wrong side."""
        start = self.start_of(index)
        assert start is not None
        keep = 0
        if dummies == 1:
            if len(laid.blanks) > 1 and laid.blanks[1]:
                keep = 2 if start % 2 == 1 else 1          # recto start: the blank verso only if needed
            elif start % 2 == 1:
                raise weasy.Redo(2)
            else:
                keep = 1
        elif dummies == 2:
            if start % 2 == 0:
                raise weasy.Redo(1)
            keep = 2
        entry = self.entry_strings(index)
        self._place(index, start, len(laid.blanks) - keep, {**entry, **laid.assigned})
        return weasy.Binding(keep, start, 0, entry)

    def from_cache(self, index: int) -> bool:
        """Place the chunk from the cache if an entry fits where it lands; its predecessor must be placed."""
        if self.cache is None:
            return False
        start = self.start_of(index)
        entry = self.entry_strings(index)
        result = self.cache.find(self.keys[index], start, entry, self.known())
        if result is None:
            return False
        result = replace(result, index=index)
        self._place(index, start, len(result.pages), {**entry, **result.assigned})
        self.results[index] = result
        if self.progress:
            self.progress(index, True)
        return True

    def _place(self, index: int, start: int, count: int, strings: dict[str, str]) -> None:
        self.placement.starts[index] = start
        self.placement.counts[index] = count
        self.placement.strings[index] = strings

    def done(self, result: Result) -> None:
        self.laid_out += 1
        self.results[result.index] = result
        if self.cache is not None:
            self.cache.put(self.keys[result.index], result)
        if self.progress:
            self.progress(result.index, False)

    def anchors(self) -> dict[str, int]:
        pages: dict[str, int] = {}
        for index in sorted(self.results):
            result = self.results[index]
            for offset, page in enumerate(result.pages):
                for name in page.anchors:
                    pages.setdefault(name, result.start + offset)
        return pages

    # ---- between rounds ----

    def stale(self) -> list[int]:
        """Chunks to lay out again: a wrong page number printed, or moved since they were drawn."""
        anchors = self.anchors()
        stale = []
        for index in range(len(self.chunks)):
            result = self.results.get(index)
            if result is None or result.start != self.start_of(index) or result.strings != self.entry_strings(index):
                stale.append(index)
            elif any(anchors.get(name) != value for name, value in result.asked.items()
                     if name in anchors or value is not None):
                stale.append(index)
        return stale


def run(plan: Plan, lay_out: Callable[[list[int]], None],
        on_round: Callable[[int, int], None] | None = None) -> list[Result]:
    """Rounds of `lay_out(indexes)` until no chunk is stale; the results in order."""
    todo = list(range(len(plan.chunks)))
    for number in range(1, MAX_ROUNDS + 1):
        if on_round and todo:
            on_round(number, len(todo))
        if not todo:
            return [plan.results[i] for i in range(len(plan.chunks))]
        plan.guesses.update(plan.anchors())
        plan.guesses.update({f"#chunk-{i}": r.start for i, r in plan.results.items()})
        for index in todo:
            plan.results.pop(index, None)
            plan.placement.forget(index)
        lay_out(todo)
        todo = plan.stale()
    raise NoFixpoint(f"page references still moving after {MAX_ROUNDS} rounds")
