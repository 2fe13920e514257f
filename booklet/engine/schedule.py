"""Which chunks to lay out, where each lands, and rounds until every page reference is right.

A chunk is laid out with the page numbers of other chunks' anchors as far as they are known
(from the last build, or from chunks already placed). When every chunk is placed, a chunk whose
layout printed a page number that turned out wrong is laid out again, with the right one; so
are the chunks after one whose page count changed. Rounds repeat until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import weasy
from .chunks import Chunk
from .worker import Job, Result, Setup

MAX_ROUNDS = 6


class NoFixpoint(Exception):
    pass


@dataclass
class Placement:
    """What one round knows: page counts and starts of placed chunks, anchors' page numbers."""

    counts: dict[int, int] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    strings: dict[int, dict[str, str]] = field(default_factory=dict)   # running strings after each chunk


class Plan:
    def __init__(self, chunks: list[Chunk], setup: Setup, guesses: dict[str, int] | None = None):
        self.chunks = chunks
        self.setup = setup
        self.guesses = dict(guesses or {})     # anchor → page, from an earlier round or build
        self.results: dict[int, Result] = {}
        self.placement = Placement()
        self.start_guesses: dict[int, int] = {}   # chunk → first page, from an earlier build
        self.laid_out = 0                      # layouts run (for tests and the summary)

    # ---- one round ----

    def start_of(self, index: int) -> int | None:
        """The page the chunk starts on, once the chunk before it is placed."""
        if index == 0:
            return 1
        before = index - 1
        if before not in self.placement.counts:
            return None
        return self.placement.starts[before] + self.placement.counts[before]

    def job(self, index: int, dummies: int | None = None) -> Job:
        chunk = self.chunks[index]
        if dummies is None:
            dummies = 1 if chunk.sided else 0
        start = self.start_of(index) or self.start_guesses.get(index, 1)
        skipped = dummies + (1 if dummies == 1 and start % 2 == 1 else 0) if chunk.sided else 0
        known = {**self.guesses, **self.anchors()}
        return Job(self.setup, index, chunk.with_dummies(dummies), known, start - 1 - skipped, dummies)

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
        self.placement.starts[index] = start
        self.placement.counts[index] = len(laid.blanks) - keep
        entry = self.placement.strings.get(index - 1, {}) if index else {}
        return weasy.Binding(keep, start, 0, dict(entry))

    def done(self, result: Result) -> None:
        self.results[result.index] = result
        self.placement.strings[result.index] = {**self.placement.strings.get(result.index - 1, {}),
                                                **result.exit_strings}

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
        for index, chunk in enumerate(self.chunks):
            result = self.results.get(index)
            if result is None or result.start != self.start_of(index) or \
                    result.strings != (self.placement.strings.get(index - 1, {}) if index else {}):
                stale.append(index)
                continue
            if any(anchors.get(name) != value for name, value in result.asked.items()
                   if name in anchors or value is not None):
                stale.append(index)
        return stale


def run(plan: Plan, lay_out: Callable[[list[int]], None]) -> list[Result]:
    """Rounds of `lay_out(indexes)` until no chunk is stale; the results in order."""
    todo = list(range(len(plan.chunks)))
    for _ in range(MAX_ROUNDS):
        if not todo:
            return [plan.results[i] for i in range(len(plan.chunks))]
        plan.guesses.update(plan.anchors())
        for index in todo:
            plan.results.pop(index, None)
        # Chunks kept from the last round stay placed; the rest are placed again as they come.
        for index in todo:
            plan.placement.counts.pop(index, None)
            plan.placement.starts.pop(index, None)
        lay_out(todo)
        todo = plan.stale()
    raise NoFixpoint(f"page references still moving after {MAX_ROUNDS} rounds")
