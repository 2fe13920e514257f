"""What the engine shows while it works: a live line on a terminal, one line per phase elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Silent: the base for both kinds, and what --quiet gets."""

    def phase(self, name: str, total: int) -> None:
        pass

    def round(self, number: int, total: int) -> None:
        """Another round of layouts (page references that moved): `total` chunks this time."""

    def step(self, title: str, cached: bool) -> None:
        pass

    def done(self, summary: str) -> None:
        pass


class Lines(Progress):
    """Outside a terminal (CI, logs): a line when a phase ends, never a line per topic."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.name = ""

    def phase(self, name: str, total: int) -> None:
        self.name = name
        self.began = time.perf_counter()

    def done(self, summary: str) -> None:
        print(f"booklet: {self.name}: {summary} ({time.perf_counter() - self.began:.1f} s)",
              file=self.stream, flush=True)


class Live(Lines):
    """On a terminal: one line rewritten per chunk, with how many are left and an estimate of the time."""

    def phase(self, name: str, total: int) -> None:
        super().phase(name, total)
        self.label = name
        self.total, self.count, self.laid, self.layout_time = total, 0, 0, 0.0
        self.round_began = self.began

    def round(self, number: int, total: int) -> None:
        if number > 1:
            self.label = f"{self.name} (round {number}: page references that moved)"
            self.total, self.count, self.laid, self.layout_time = total, 0, 0, 0.0
            self.round_began = time.perf_counter()

    def step(self, title: str, cached: bool) -> None:
        now = time.perf_counter()
        self.count += 1
        if not cached:
            self.laid += 1
            self.layout_time = now - self.round_began
        left = max(0, self.total - self.count)
        eta = f", about {self.layout_time / self.laid * left:.0f} s left" if self.laid and left else ""
        print(f"\r\033[K  {self.label} [{min(self.count, self.total)}/{self.total}] {title[:50]}{eta}", end="",
              file=self.stream, flush=True)

    def done(self, summary: str) -> None:
        print("\r\033[K", end="", file=self.stream, flush=True)
        super().done(summary)
