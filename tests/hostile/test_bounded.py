"""booklet.bounded: work in a child process under a time budget and a memory cap."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from booklet import bounded
from booklet.errors import BookletError, SourceLocation

WHERE = SourceLocation(Path("notes/economy.md"), 4)


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _hog() -> int:
    chunks = [bytearray(64 * 1024 ** 2) for _ in range(64)]  # 4 GiB, far over the cap
    return len(chunks)


def _recurse(depth: int = 0) -> int:
    return _recurse(depth + 1)


def _refuse() -> None:
    raise BookletError("bad value", SourceLocation(Path("notes/trade.md"), 9))


def test_result_comes_back():
    assert bounded.run(sorted, [3, 1, 2], what="a list") == [1, 2, 3]


def test_over_time_is_an_error_naming_the_work_and_the_child_is_gone():
    started = time.monotonic()
    with pytest.raises(BookletError) as caught:
        bounded.run(_sleep, 30, what="the topic 'Economy'", where=WHERE, seconds=1)
    assert time.monotonic() - started < 10
    assert "the topic 'Economy' took longer than 1 s" in caught.value.message
    assert caught.value.location == WHERE


def test_over_memory_is_an_error_not_a_crash():
    with pytest.raises(BookletError) as caught:
        bounded.run(_hog, what="the topic 'Economy'", where=WHERE, memory=256 * 1024 ** 2)
    assert "needed more than 256 MiB of memory" in caught.value.message
    assert caught.value.location == WHERE


def test_recursion_is_reported_as_nesting():
    with pytest.raises(BookletError, match="nested too deeply") as caught:
        bounded.run(_recurse, what="the topic 'Economy'", where=WHERE)
    assert caught.value.location == WHERE


def test_a_booklet_error_keeps_its_own_location():
    with pytest.raises(BookletError) as caught:
        bounded.run(_refuse, what="the topic 'Trade'", where=WHERE)
    assert caught.value.message == "bad value"
    assert caught.value.location == SourceLocation(Path("notes/trade.md"), 9)


def test_a_killed_child_is_reported():
    with pytest.raises(BookletError, match="the topic 'Trade' could not be processed .stopped by SIGKILL"):
        bounded.run(_suicide, what="the topic 'Trade'")


def _suicide() -> None:
    os.kill(os.getpid(), 9)


def test_a_runner_serves_many_calls_and_recovers_after_one_goes_over():
    jobs = {"quick": 0.0, "slow": 30.0, "again": 0.0}
    with bounded.Runner(lambda name: (_sleep(jobs[name]), name, os.getpid())) as runner:
        _, _, first = runner("quick", what="topic 'Quick'")
        assert runner("quick", what="topic 'Quick'")[2] == first          # the same child serves both
        with pytest.raises(BookletError, match="topic 'Slow' took longer than 0.5 s"):
            runner("slow", what="topic 'Slow'", seconds=0.5)
        _, name, pid = runner("again", what="topic 'Again'")
        assert name == "again" and pid != first                           # a fresh child after the stop
