"""Atomic output: every output is staged beside its target and all are renamed into place together."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator

# What a build leaves while it writes: `.NAME.pdf.x1y2z3.tmp` (and, inside that, a writer's own
# `..NAME.pdf.x1y2z3.tmp.a4b5c6.tmp`). A build killed with SIGKILL cannot remove them; the next
# build in the folder does, under the folder's lock, so it never removes a running build's files.
_TEMP = re.compile(r"^\..+\.(?:pdf|epub|html)\..+\.tmp$")


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o666 & ~umask)  # mkstemp makes 0600; outputs should be readable like any file
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


class Staging:
    """Outputs written to temporary files beside their targets, renamed into place together by
    `commit()`, so a failure anywhere (a later format, a later manifest) leaves every earlier
    output untouched."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []   # (staged file, target)
        self.committed = False

    def path(self, target: Path) -> Path:
        """Where to write `target`'s new content for now."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():   # a SIGTERM between creating and recording would leak the file
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            self.pending.append((Path(name), target))
        return Path(name)

    def commit(self) -> list[Path]:
        """Rename every staged file onto its target; the targets, in order. Ctrl-C and SIGTERM wait
        until the renames are done, so the outputs are all new or all old."""
        done = []
        with signals_held():
            try:
                for staged, target in self.pending:
                    os.replace(staged, target)
                    done.append(target)
            except OSError as exc:
                raise PartialCommit(done, target, exc) from None
            finally:
                self.committed = bool(done)
                self.discard()
        return done

    def discard(self) -> None:
        for staged, _ in self.pending:
            staged.unlink(missing_ok=True)
            for inner in staged.parent.glob(f".{staged.name}.*.tmp"):   # a writer's own, if it was killed
                inner.unlink(missing_ok=True)
        self.pending.clear()


class PartialCommit(OSError):
    """A rename failed part-way through `commit()`: say exactly what was and was not replaced."""

    def __init__(self, done: list[Path], failed: Path, cause: OSError):
        super().__init__(cause.errno, cause.strerror, str(failed))
        self.done, self.failed = done, failed


@contextmanager
def signals_held() -> Iterator[None]:
    """Defer SIGINT and SIGTERM (their handlers run after the block) where an interruption would
    leave a half-done state."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no pthread_sigmask on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def locked(folders: Iterable[Path]) -> Iterator[None]:
    """Hold an advisory lock on each output folder (serialising builds into it), after removing
    the temporary files an interrupted build left there."""
    with ExitStack() as stack:
        for folder in sorted({f.absolute() for f in folders}):
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"booklet: waiting for another build writing into {folder}", file=sys.stderr)
                fcntl.flock(fd, fcntl.LOCK_EX)
            remove_stale(folder)
        yield


def remove_stale(folder: Path) -> list[Path]:
    """Delete temporary output files left in `folder` by a build that was killed."""
    removed = []
    for path in folder.iterdir():
        if _TEMP.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
