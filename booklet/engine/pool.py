"""Worker processes: each lays out a chunk, asks where it lands, then draws it.

The parent hands out chunks in booklet order. A worker reports its page count once the chunk
is laid out and waits to hear where the chunk starts (that needs every chunk before it placed),
then makes the margins and sends the drawn pages back. Chunks are handed out in order, so the
chunk everybody waits for is always being laid out somewhere: nothing deadlocks.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from .. import bounded
from ..errors import BookletError
from . import weasy
from .schedule import Plan
from .worker import Job, lay_out


class WorkerDied(Exception):
    """A worker crashed, was killed, or failed: names the chunk it was laying out."""

    def __init__(self, index: int, title: str, why: str):
        super().__init__(f"laying out '{title}' failed: {why}")
        self.index = index
        self.title = title


def _serve(conn: Connection, parent: int) -> None:
    """The worker's loop: jobs in, results out, until told to stop."""
    bounded.die_with_parent(parent)      # after SIGKILL of the build, no orphan lingers
    bounded.cap_memory(bounded.MEMORY)   # a runaway layout fails with MemoryError, reported with its chunk
    while True:
        message = conn.recv()
        if message is None:
            return
        job: Job = message
        if job.probe:
            conn.send(("probe", job.index, None))
            if conn.recv() == "cached":
                continue
        while True:
            def bind(laid: weasy.Laid, job: Job = job) -> weasy.Binding:
                conn.send(("laid", job.index, laid))
                answer = conn.recv()
                if isinstance(answer, Job):
                    raise _Again(answer)
                return answer
            try:
                result = lay_out(job, bind)
            except _Again as again:
                job = again.job
                continue
            except MemoryError:
                conn.send(("error", job.index, f"needed more than {bounded.size(bounded.MEMORY)} of memory"))
                break
            except BookletError as exc:   # the input's fault, located: the parent raises it as it is
                conn.send(("booklet", job.index, exc))
                break
            except OSError as exc:   # the disk, not the chunk: the parent reports it as such
                conn.send(("oserror", job.index, exc.strerror or str(exc)))
                break
            except Exception:  # noqa: BLE001 - reported to the parent, which names the chunk
                conn.send(("error", job.index, traceback.format_exc(limit=3)))
                break
            conn.send(("done", job.index, result))
            break


class _Again(Exception):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job


class Pool:
    """`jobs` worker processes, shared by every booklet of one command."""

    def __init__(self, jobs: int):
        context = multiprocessing.get_context("fork")
        self.workers: list[tuple[Any, Connection]] = []
        for _ in range(jobs):
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True)
            process.start()
            child.close()
            self.workers.append((process, parent))

    def close(self) -> None:
        for _process, conn in self.workers:
            try:
                conn.send(None)
            except OSError:
                pass
        for process, conn in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
            conn.close()
        self.workers = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lay_out(self, plan: Plan, indexes: list[int]) -> None:
        """Lay out `indexes` (in order) across the workers; results go into `plan`."""
        queue = list(indexes)
        busy: dict[Connection, int] = {}
        jobs: dict[int, Job] = {}
        parked: dict[int, tuple[Connection, weasy.Laid | None]] = {}   # None: a probe
        idle = [conn for _, conn in self.workers]
        processes = {conn: process for process, conn in self.workers}

        def hand_out() -> None:
            while idle and queue:
                conn = idle.pop(0)
                index = queue.pop(0)
                jobs[index] = plan.job(index)
                busy[conn] = index
                conn.send(jobs[index])

        def answer(index: int) -> None:
            conn, laid = parked.pop(index)
            job = jobs[index]
            if laid is None:
                if plan.from_cache(index):
                    conn.send("cached")
                    del busy[conn]
                    idle.append(conn)
                else:
                    conn.send("go")
                return
            try:
                conn.send(plan.bind(index, laid, job.dummies))
            except weasy.Redo as redo:
                plan.laid_out += 1
                jobs[index] = plan.job(index, redo.dummies)
                conn.send(jobs[index])

        hand_out()
        while busy:
            ready = cast(list[Connection], wait(list(busy), timeout=bounded.LAYOUT_SECONDS))
            if not ready:   # no worker has said anything for that long: a layout that never ends
                index = min(busy.values())
                for conn in busy:   # stopped now: closing the pool would wait for them in vain
                    processes[conn].kill()
                raise WorkerDied(index, plan.chunks[index].title,
                                 f"no progress for {bounded.LAYOUT_SECONDS:g} s; it was stopped")
            for conn in ready:
                index = busy[conn]
                try:
                    kind, _, payload = cast(tuple[str, int, Any], conn.recv())
                except (EOFError, OSError):
                    process = processes[conn]
                    process.join(timeout=1)
                    raise WorkerDied(index, plan.chunks[index].title,
                                     f"the worker process was {bounded._death(process.exitcode)}") from None
                if kind == "booklet":
                    raise payload
                if kind == "oserror":
                    raise OSError(payload)
                if kind == "error":
                    raise WorkerDied(index, plan.chunks[index].title, payload.strip().splitlines()[-1])
                if kind in ("laid", "probe"):
                    parked[index] = (conn, payload)
                elif kind == "done":
                    plan.done(payload)
                    del busy[conn]
                    idle.append(conn)
                # Answer every parked chunk whose predecessor is now placed, in order.
                for waiting in sorted(parked):
                    if plan.start_of(waiting) is not None:
                        answer(waiting)
                hand_out()
