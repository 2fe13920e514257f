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

# Generous: a real topic renders in well under a second and a whole booklet lays out in minutes;
# only pathological input (or a library bug) gets near these.
SECONDS = 120.0          # one topic's Markdown
LAYOUT_SECONDS = 900.0   # layout: without word from any engine worker, or a one-pass PDF in all
MEMORY = 2 * 1024 ** 3   # bytes the child may add to what it inherits

_OVER_MEMORY, _TOO_DEEP = "memory", "recursion"


def run(function: Callable[..., Any], *args: Any, what: str, where: SourceLocation | None = None,
        seconds: float = SECONDS, memory: int = MEMORY) -> Any:
    """`function(*args)` in a child process; its result, or a BookletError naming `what`.

    The child is forked, so `function` and its arguments need not pickle; the result and any
    BookletError or OSError it raises must. Over the time budget the child is stopped; over the
    memory cap (RLIMIT_AS) its allocations fail. Either way the caller gets a clean error at
    `where`, never a hang, a crash or a traceback. Where fork is unavailable it runs in-process.
    """
    with Runner(lambda _: function(*args), memory) as runner:
        return runner(None, what=what, where=where, seconds=seconds)


class Runner:
    """One forked child that runs `function(arg)` for each call, one at a time, each under the time
    budget, so many small jobs (a booklet's topics) pay for one fork, not one each. A child that
    goes over a limit is stopped and the next call forks a fresh one. `arg` must pickle; forking
    happens at the first call, so `function` sees the parent's state as it was then."""

    def __init__(self, function: Callable[[Any], Any], memory: int = MEMORY):
        self.function, self.memory = function, memory
        self.child: Any = None
        self.connection: Any = None
        self._waiting: Any = None   # where there is no fork: the argument sent, run at receive

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __call__(self, arg: Any, what: str, where: SourceLocation | None = None,
                 seconds: float = SECONDS) -> Any:
        self.send(arg)
        return self.receive(what, where, seconds)

    def send(self, arg: Any) -> None:
        """Start `function(arg)` in the child (forked now if there is none); `receive` gets its result.
        One call at a time: a runner holds at most one sent and not yet received."""
        if "fork" not in multiprocessing.get_all_start_methods():
            self._waiting = arg
            return
        if self.child is None:
            self._start()
        try:
            self.connection.send(arg)
        except (EOFError, BrokenPipeError):   # the child is gone: receive says so
            pass
        except BaseException:
            self.close()
            raise

    def receive(self, what: str, where: SourceLocation | None = None, seconds: float = SECONDS) -> Any:
        """The result of the call sent last, waited for up to `seconds`, or a BookletError naming `what`."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return _in_process(self.function, (self._waiting,), what, where)
        try:
            if not self.connection.poll(seconds):
                self.close()
                raise BookletError(f"{what} took longer than {seconds:g} s and was stopped; "
                                   "simplify or split it", where)
            kind, value = self.connection.recv()
        except (EOFError, BrokenPipeError, OSError):  # the child died without a word: killed, or crashed in C
            exitcode = self._stopped()
            raise BookletError(f"{what} could not be processed ({_death(exitcode)})", where) from None
        except BaseException:  # Ctrl-C, SIGTERM: stop the child before unwinding
            self.close()
            raise
        if kind == "ok":
            return value
        if kind != "error":
            self.close()   # after MemoryError or a library failure the child is not trusted again
        return _raise(kind, value, what, where, self.memory)

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        # Not a daemon: the work may start processes of its own (the PDF engine's workers).
        self.child = context.Process(target=_serve, args=(theirs, self.function, self.memory, os.getpid(),
                                                          self.connection))
        self.child.start()
        theirs.close()

    def _stopped(self) -> int | None:
        child = self.child
        self.close()
        return child.exitcode if child is not None else None

    def close(self) -> None:
        """Stop the child: SIGTERM first, so its `finally` blocks remove temporary files; then SIGKILL."""
        child, connection = self.child, self.connection
        self.child = self.connection = None
        if connection is not None:
            connection.close()   # an idle child sees EOF and exits
        if child is None:
            return
        child.join(0.5)
        if child.is_alive():
            child.terminate()
            child.join(5)
        if child.is_alive():
            child.kill()
        child.join()


def _raise(kind: str, value: Any, what: str, where: SourceLocation | None, memory: int) -> Any:
    if kind == "error":
        raise value
    if value == _OVER_MEMORY:
        raise BookletError(f"{what} needed more than {size(memory)} of memory and was "
                           "stopped; simplify or split it", where)
    if value == _TOO_DEEP:
        raise BookletError(f"{what} is nested too deeply to process; flatten its lists, quotes or HTML", where)
    raise BookletError(f"{what} could not be processed ({value})", where)


def size(memory: int) -> str:
    """A memory cap for messages: "2.0 GiB", or "64 MiB" for the small caps tests set."""
    return f"{memory / 1024 ** 3:.1f} GiB" if memory >= 1024 ** 3 else f"{memory / 1024 ** 2:.0f} MiB"


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _serve(connection, function: Callable[[Any], Any], memory: int, parent: int, ours=None) -> None:
    if ours is not None:
        # The fork copied the parent's end of the pipe too; while this copy is open, the parent
        # closing its own never reaches us as EOF, and every close waited out its grace period.
        ours.close()
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cap_memory(memory)
    while True:
        try:
            arg = connection.recv()
        except EOFError:
            return
        message = _attempt(function, arg)
        try:
            connection.send(message)
        except Exception as exc:  # an unpicklable result is a programming error: say so
            connection.send(("failed", f"internal error: cannot return the result: {exc}"))


def _attempt(function: Callable[[Any], Any], arg: Any) -> tuple[str, Any]:
    try:
        return ("ok", function(arg))
    except (BookletError, OSError) as exc:  # the caller words I/O errors: it knows which file is which
        return ("error", exc)
    except MemoryError:
        return ("failed", _OVER_MEMORY)
    except RecursionError:
        return ("failed", _TOO_DEEP)
    except Exception as exc:  # a library bug: report it, with the trace for a bug report
        return ("failed", f"internal error: {traceback.format_exception_only(exc)[-1].strip()}")


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when `parent` dies (SIGKILL leaves it no time to stop us), so
    no orphan keeps working, or keeps the build's pipes open, after the build is gone. Linux only."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # it died before the request took effect
        os._exit(1)


def cap_memory(extra: int) -> None:
    """Limit the address space to what the child has now plus `extra` bytes.

    Only children are capped, and they report every failure through their pipe. A child that hits
    the cap unwinds through finalisers that fail too, and CPython would print each of those as
    "Exception ignored in ..." on the terminal the user reads, so Python's stderr is closed here."""
    sys.stderr = None
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
