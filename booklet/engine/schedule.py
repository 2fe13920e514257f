"""Which chunks to lay out, where each lands, and rounds until every page reference is right.

A chunk is laid out into pages first, with the page numbers of other chunks' anchors as far as
they are known (placed chunks, an earlier round, the last build) and an estimate otherwise. Its
page count places it (chunks are placed in order). It is drawn once every anchor it prints a
number for is placed: the worker stamps the final numbers in by re-making only the pages that
print them. A chunk drawn before that (the parked layouts a worker may hold are bounded) may
print a wrong number: when every chunk is drawn, such a chunk, or one that moved, is laid out
again, in rounds until nothing changes. A chunk whose key, start and printed numbers match a
cache entry is not laid out at all.

Where the chunks' page numbers can be changed in place (engine/stamps.py), a chunk is drawn as
soon as it is placed, and a chunk that moved or printed a number that changed, keeping its digit
count, has its numbers changed in the join instead of being laid out again; so does a cache entry
drawn at another page of the same side.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from . import restamp, weasy
from .cache import Cache
from .chunks import Chunk
from .worker import PAGES, Job, Result, Setup

MAX_ROUNDS = 6
BYTES_PER_PAGE = 8000     # a chunk's HTML per printed page, roughly: only for the first guess of a page number


class NoFixpoint(Exception):
    pass


@dataclass
class Placement:
    """Page counts and starts of placed chunks, the running strings in force after each, their anchors."""

    counts: dict[int, int] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)
    strings: dict[int, dict[str, str]] = field(default_factory=dict)
    keep: dict[int, int] = field(default_factory=dict)               # first kept laid-out page
    anchors: dict[int, dict[str, int]] = field(default_factory=dict)  # anchor → page, per chunk

    def forget(self, index: int) -> None:
        for table in (self.counts, self.starts, self.strings, self.keep, self.anchors):
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
        self.owner = {name: chunk.index for chunk in chunks for name in sorted(chunk.ids)}
        self.laid: dict[int, weasy.Laid] = {}  # laid out, not drawn yet
        self.font_files: dict[str, bytes] = {}  # full font files the workers sent, by hash
        self.counts_pages = False              # the margins print counter(pages): the booklet's total
        self.stamping = not setup.variant      # every chunk drawn so far can take other numbers in place

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
        start = self.start_guess(index)
        skipped = dummies + (1 if dummies == 1 and start % 2 == 1 else 0) if chunk.sided else 0
        probe = self.cache is not None and bool(self.cache.entries(self.keys[index]))
        known = {name: self.number(name) for name in sorted(chunk.refs - chunk.ids) if name in self.owner}
        return Job(self.setup, index, chunk.with_dummies(dummies), known, start - 1 - skipped, dummies,
                   probe and dummies == (1 if chunk.sided else 0))

    def start_guess(self, index: int) -> int:
        known = self.start_of(index) or self.guesses.get(f"#chunk-{index}")
        if known:
            return known
        before = sum(len(chunk.html) for chunk in self.chunks[:index])
        return 1 + before // BYTES_PER_PAGE

    def number(self, name: str) -> int:
        """An anchor's page: placed, else known from before, else the estimated start of its chunk."""
        owner = self.owner[name]
        placed = self.placement.anchors.get(owner, {}).get(name)
        return placed or self.guesses.get(name) or self.start_guess(owner)

    def known(self) -> dict[str, int]:
        return {**self.guesses, **self.anchors()}

    def place(self, index: int, laid: weasy.Laid, dummies: int) -> None:
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
        self._place(index, start, len(laid.blanks) - keep, {**self.entry_strings(index), **laid.assigned})
        self.placement.keep[index] = keep
        anchors: dict[str, int] = {}
        for offset, names in enumerate(laid.anchors[keep:]):
            for name in names:
                anchors.setdefault(name, start + offset)
        self.placement.anchors[index] = anchors
        self.laid[index] = laid

    def ready(self, index: int) -> bool:
        """Placed, and either every other chunk it prints a page number of is placed (its numbers are
        final), or the booklet's chunks so far could all have their numbers changed in place once
        known (engine/stamps.py): then it is drawn as soon as it is placed, and leaves its worker."""
        if index not in self.placement.keep or index not in self.laid:
            return False
        if self.counts_pages and len(self.placement.counts) < len(self.chunks):
            return False
        if self.stamping:
            return True
        return all(self.owner.get(name, index) in self.placement.anchors for name in self.laid[index].asked)

    def total(self) -> int:
        """The booklet's page count: the placed chunks' pages, the others' as last known or estimated."""
        last = len(self.chunks) - 1
        if last in self.placement.counts:
            return self.placement.starts[last] + self.placement.counts[last] - 1
        return self.guesses.get(PAGES) or self.start_guess(last) + 1

    def binding(self, index: int) -> weasy.Binding:
        laid = self.laid.pop(index)
        numbers = {name: self.number(name) for name in laid.asked if self.owner.get(name, index) != index}
        return weasy.Binding(self.placement.keep[index], self.placement.starts[index],
                             self.total() if self.counts_pages else 0, self.entry_strings(index), numbers)

    def from_cache(self, index: int) -> bool:
        """Place the chunk from the cache if an entry fits where it lands; its predecessor must be placed.

        An entry drawn at another page (same side) or with other numbers fits if its numbers can be
        changed in place (engine/stamps.py): an earlier topic that grew moves the chunk, not its layout."""
        if self.cache is None:
            return False
        start = self.start_of(index)
        assert start is not None
        entry = self.entry_strings(index)
        result = self.cache.find(self.keys[index], entry, lambda found: self._moved(found, start, self.known()))
        if result is None:
            return False
        result = self._moved(result, start, self.known())
        assert result is not None
        result = replace(result, index=index)
        self._place(index, start, len(result.pages), {**entry, **result.assigned})
        self.placement.keep[index] = 0
        self.placement.anchors[index] = _anchors(result)
        self.results[index] = result
        if self.progress:
            self.progress(index, True)
        return True

    def _moved(self, result: Result, start: int, anchors: dict[str, int]) -> Result | None:
        """`result` landing at `start` and printing `anchors`' numbers (as far as they know the
        anchors it prints): as it is, with its numbers changed in place, or None if neither can be."""
        asked = {name: anchors.get(name, value) for name, value in result.asked.items()}
        if result.start == start and asked == result.asked:
            return result
        if result.dummies and (start - result.start) % 2:
            return None       # laid out for the other page side
        values = {name: value for name, value in asked.items() if value is not None}
        changes = restamp.wanted(result, start, values, values.get(PAGES, 0))
        return None if changes is None else restamp.apply(result, start, changes, asked)

    def _place(self, index: int, start: int, count: int, strings: dict[str, str]) -> None:
        self.placement.starts[index] = start
        self.placement.counts[index] = count
        self.placement.strings[index] = strings

    def done(self, result: Result) -> None:
        self.laid_out += result.layouts
        self.stamping = self.stamping and result.stamps is not None
        self.results[result.index] = result
        # Stamping numbers in may, rarely, change the page count: the chunks after it then moved.
        self.placement.counts[result.index] = len(result.pages)
        self.placement.anchors[result.index] = _anchors(result)
        if self.cache is not None:
            self.cache.put(self.keys[result.index], result)
        for sha, data in result.font_files.items():
            self.font_files.setdefault(sha, data)   # one copy of each, not one per chunk
        result.font_files = {}
        if self.progress:
            self.progress(result.index, False)

    def anchors(self) -> dict[str, int]:
        pages: dict[str, int] = {}
        for index in sorted(self.results):
            for name, page in _anchors(self.results[index]).items():
                pages.setdefault(name, page)
        last = self.results.get(len(self.chunks) - 1)
        if self.counts_pages and last is not None:
            pages[PAGES] = last.start + len(last.pages) - 1
        return pages

    # ---- between rounds ----

    def stale(self) -> list[int]:
        """Chunks to lay out again: a wrong page number printed, or moved since they were drawn, where
        the numbers cannot be changed in place (those are changed here, for the join)."""
        starts, page = {}, 1
        for index in range(len(self.chunks)):
            result = self.results.get(index)
            if result is None:
                break
            starts[index] = page
            page += len(result.pages)
        anchors: dict[str, int] = {}
        for index, start in starts.items():
            for offset, info in enumerate(self.results[index].pages):
                for name in info.anchors:
                    anchors.setdefault(name, start + offset)
        if self.counts_pages and len(starts) == len(self.chunks):
            anchors[PAGES] = page - 1
        stale = []
        for index in range(len(self.chunks)):
            result = self.results.get(index)
            if result is None or index not in starts or result.strings != self.entry_strings(index):
                stale.append(index)
                continue
            moved = self._moved(result, starts[index], anchors)
            if moved is None or any(moved.asked.get(name) != anchors.get(name) for name in moved.asked
                                    if name in anchors or moved.asked[name] is not None):
                stale.append(index)
            else:
                self.results[index] = moved
                self.placement.starts[index] = starts[index]
        return stale


def _anchors(result: Result) -> dict[str, int]:
    pages: dict[str, int] = {}
    for offset, page in enumerate(result.pages):
        for name in page.anchors:
            pages.setdefault(name, result.start + offset)
    return pages


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
            plan.laid.pop(index, None)
        lay_out(todo)
        todo = plan.stale()
    raise NoFixpoint(f"page references still moving after {MAX_ROUNDS} rounds")
