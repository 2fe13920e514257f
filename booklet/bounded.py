"""Bounded work: run a function in a child process under a wall-clock budget and a memory cap."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import traceback
from typing import Any, Callable

from .errors import BookletError, SourceLocation

# Generous: a real topic renders in well under a second and a whole booklet lays out in under a
# minute; only pathological input (or a library bug) gets near these.
SECONDS = 120.0
MEMORY = 2 * 1024 ** 3   # bytes the child may add to what it inherits

_OVER_MEMORY, _TOO_DEEP = "memory", "recursion"


def run(function: Callable[..., Any], *args: Any, what: str, where: SourceLocation | None = None,
        seconds: float = SECONDS, memory: int = MEMORY) -> Any:
    """`function(*args)` in a child process; its result, or a BookletError naming `what`.

    The child is forked, so `function` and its arguments need not pickle; the result and any
    BookletError it raises must. Over the time budget the child is killed; over the memory cap
    (RLIMIT_AS) its allocations fail. Either way the caller gets a clean error at `where`,
    never a hang, a crash or a traceback. Where fork is unavailable the function runs in-process.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return _in_process(function, args, what, where)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, memory), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise BookletError(f"{what} took longer than {seconds:.0f} s and was stopped; "
                               "simplify or split it", where)
        try:
            kind, value = receiver.recv()
        except EOFError:  # the child died without a word: killed, or crashed in a C library
            child.join(5)
            raise BookletError(f"{what} could not be processed ({_death(child.exitcode)})", where) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    if value == _OVER_MEMORY:
        raise BookletError(f"{what} needed more than {memory / 1024 ** 3:.1f} GiB of memory and was "
                           "stopped; simplify or split it", where)
    if value == _TOO_DEEP:
        raise BookletError(f"{what} is nested too deeply to process; flatten its lists, quotes or HTML", where)
    raise BookletError(f"{what} could not be processed ({value})", where)


def _child(sender, function: Callable[..., Any], args: tuple, memory: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent handles Ctrl-C and kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _cap_memory(memory)
    try:
        message = ("ok", function(*args))
    except BookletError as exc:
        message = ("error", exc)
    except MemoryError:
        message = ("failed", _OVER_MEMORY)
    except RecursionError:
        message = ("failed", _TOO_DEEP)
    except Exception as exc:  # a library bug: report it, with the trace for a bug report
        detail = traceback.format_exception_only(exc)[-1].strip()
        message = ("failed", f"internal error: {detail}")
    try:
        sender.send(message)
    except Exception as exc:  # an unpicklable result is a programming error: say so
        sender.send(("failed", f"internal error: cannot return the result: {exc}"))
    sender.close()


def _cap_memory(extra: int) -> None:
    """Limit the address space to what the child has now plus `extra` bytes."""
    try:
        limit = _address_space() + extra
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):  # no /proc, or a platform without RLIMIT_AS: the time budget still holds
        pass


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"stopped by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"stopped by signal {-exitcode}"
    return f"exit status {exitcode}"


def _in_process(function: Callable[..., Any], args: tuple, what: str, where: SourceLocation | None) -> Any:
    limit = sys.getrecursionlimit()
    try:
        return function(*args)
    except RecursionError:
        raise BookletError(f"{what} is nested too deeply to process; flatten its lists, quotes or HTML",
                           where) from None
    except MemoryError:
        raise BookletError(f"{what} needs too much memory", where) from None
    finally:
        sys.setrecursionlimit(limit)
