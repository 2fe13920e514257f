"""Worker processes, and the handing out of work: chunks laid out into pages, then placed and drawn.

A worker lays a chunk out into pages ("lay") and keeps it, parked, until the parent sends its
Binding ("bind"): where it lands and the final page numbers of the anchors it prints, known once
every chunk those anchors are in is placed. Meanwhile the worker lays out further chunks. The
parent talks to a worker only while that worker waits for a message, so neither side blocks on
a full pipe. A worker keeps at most PARKED laid-out pages: past that, it drops its oldest parked
layouts, keeping their jobs, and lays such a chunk out again when its binding comes, with the
final numbers from the start. So a worker's memory is bounded by PARKED pages and one chunk,
whatever the booklet's size. While the booklet's chunks can take their page numbers in place
(engine/stamps.py, `Plan.stamping`), a chunk is bound as soon as it is placed, and a worker draws
what it holds placed before it lays out more, so it keeps about one chunk. A crash or a kill is
an error naming the chunk.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import traceback
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from .. import bounded
from ..errors import BookletError
from . import fonts, weasy
from .schedule import Plan
from .worker import Job, begin, finish

COLLECT_EVERY = 4   # drawings between full garbage collections in a worker
PARKED = 150     # laid-out pages a worker keeps while they wait for their numbers (~1.7 MB each)


class WorkerDied(Exception):
    """A worker crashed, was killed, or failed: names the chunk it was laying out."""

    def __init__(self, index: int, title: str, why: str):
        super().__init__(f"laying out '{title}' failed: {why}")
        self.index = index
        self.title = title


class Desk:
    """The worker's side: chunks laid out and parked, then drawn when their binding comes."""

    def __init__(self) -> None:
        self.parked: dict[int, tuple[Job, weasy.Open | None]] = {}   # None: dropped, laid out again when bound
        self.pages: dict[int, int] = {}   # laid-out pages of each parked layout still held
        self.sent: set[str] = set()      # full font files already sent
        self.drawn = 0

    def handle(self, kind: str, payload: Any) -> tuple[str, int, Any]:
        if kind == "lay":
            job: Job = payload
            self.forget(job.index)
            opened = begin(job)
            self.parked[job.index] = (job, opened)
            laid = opened.laid()
            self.pages[job.index] = len(laid.blanks)
            self.drop_over(PARKED)
            return ("laid", job.index, laid)
        index, binding = payload
        job, held = self.parked.pop(index)
        self.pages.pop(index, None)
        dropped = held is None
        if held is None:   # dropped to bound memory: laid out again, the final numbers known from the start
            job = replace(job, known={**job.known, **binding.numbers})
            held = begin(job)
        result = finish(job, held, binding)
        result.layouts += dropped
        del held
        # A full collection costs ~0.4 s with 70 pages parked: after every 4th drawing, not each one.
        self.drawn += 1
        release(collect=self.drawn % COLLECT_EVERY == 0)
        # Each full font file crosses to the parent once: it keeps them for every booklet of the pool.
        result.font_files = {sha: data for sha, data in result.font_files.items() if sha not in self.sent}
        self.sent.update(result.font_files)
        return ("done", index, result)

    def forget(self, index: int) -> None:
        self.parked.pop(index, None)
        self.pages.pop(index, None)

    def drop_over(self, limit: int) -> None:
        """Drop the oldest parked layouts (never the newest) until at most `limit` pages are held."""
        held = list(self.pages)   # in the order they were laid out
        dropped = False
        while sum(self.pages.values()) > limit and len(held) > 1:
            oldest = held.pop(0)
            self.parked[oldest] = (self.parked[oldest][0], None)
            del self.pages[oldest]
            dropped = True
        if dropped:
            release()

    def clear(self) -> None:
        self.parked.clear()
        self.pages.clear()


def release(collect: bool = True) -> None:
    """Give freed memory back to the system: a layout's boxes hold cycles, and malloc keeps freed pages."""
    if collect:
        gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):   # not glibc
        pass


def _serve(conn: Connection, parent: int) -> None:
    """The worker's loop: messages in, one answer out for each, until told to stop."""
    bounded.die_with_parent(parent)      # after SIGKILL of the build, no orphan lingers
    bounded.cap_memory(bounded.MEMORY)   # a runaway layout fails with MemoryError, reported with its chunk
    # Each chunk's fonts are embedded by the join, subset once over the booklet: none here.
    fonts.keep_full_files(stubs=True)
    desk = Desk()
    while True:
        message = conn.recv()
        if message is None:
            return
        kind, payload = message
        index = payload.index if kind == "lay" else payload[0]
        try:
            answer = desk.handle(kind, payload)
        except MemoryError:
            answer = ("error", index, f"needed more than {bounded.size(bounded.MEMORY)} of memory")
        except BookletError as exc:   # the input's fault, located: the parent raises it as it is
            answer = ("booklet", index, exc)
        except OSError as exc:   # the disk, not the chunk: the parent reports it as such
            answer = ("oserror", index, exc.strerror or str(exc))
        except Exception:  # noqa: BLE001 - reported to the parent, which names the chunk
            answer = ("error", index, traceback.format_exc(limit=3))
        if answer[0] != "laid" and answer[0] != "done":
            desk.clear()
        conn.send(answer)


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
        """Lay out `indexes` across the workers; results go into `plan`."""
        processes = {conn: process for process, conn in self.workers}
        Dispatch(plan, indexes, [conn for _, conn in self.workers], processes).run()


class Dispatch:
    """One round's chunks handed out to the workers until all are drawn."""

    def __init__(self, plan: Plan, indexes: list[int], workers: list, processes: dict):
        self.plan = plan
        self.queue = sorted(indexes)
        self.waiting: list[int] = []          # cache candidates, until their start is known
        self.workers = workers
        self.processes = processes
        self.busy: dict[Any, int] = {}         # worker → chunk it is working on
        self.parked: dict[int, Any] = {}       # chunk → worker holding it laid out
        self.jobs: dict[int, Job] = {}
        self.pages: dict[Any, int] = {worker: 0 for worker in workers}   # parked pages per worker
        self.again: dict[int, Any] = {}        # chunk → worker that lays it out again (other page side)

    def run(self) -> None:
        while True:
            self.place()
            self.hand_out()
            if not self.busy:
                break
            for worker in self.ready():
                self.receive(worker)
        assert not (self.queue or self.waiting or self.parked or self.again), "chunks left over"

    def ready(self) -> list:
        ready = wait(list(self.busy), timeout=bounded.LAYOUT_SECONDS)
        if not ready:   # no worker has said anything for that long: a layout that never ends
            index = min(self.busy.values())
            for conn in self.busy:   # stopped now: closing the pool would wait for them in vain
                self.processes[conn].kill()
            raise WorkerDied(index, self.plan.chunks[index].title,
                             f"no progress for {bounded.LAYOUT_SECONDS:g} s; it was stopped")
        return ready

    def receive(self, worker) -> None:
        plan = self.plan
        index = self.busy.pop(worker)
        try:
            kind, _, payload = cast(tuple[str, int, Any], worker.recv())
        except (EOFError, OSError):
            process = self.processes[worker]
            process.join(timeout=1)
            raise WorkerDied(index, plan.chunks[index].title,
                             f"the worker process was {bounded._death(process.exitcode)}") from None
        if kind == "booklet":
            raise payload
        if kind == "oserror":
            raise OSError(payload)
        if kind == "error":
            raise WorkerDied(index, plan.chunks[index].title, payload.strip().splitlines()[-1])
        if kind == "laid":
            plan.laid[index] = payload
            self.parked[index] = worker
            self.pages[worker] += len(payload.blanks)
        elif kind == "done":
            plan.done(payload)

    def place(self) -> None:
        """Place chunks in booklet order as far as their predecessors allow."""
        plan = self.plan
        index = 0
        while index < len(plan.chunks):
            if index in plan.placement.counts:
                index += 1
                continue
            if index in self.waiting and plan.start_of(index) is not None:
                self.waiting.remove(index)
                if plan.from_cache(index):
                    continue
                self.queue.insert(0, index)
            elif index in self.parked and index in plan.laid and plan.start_of(index) is not None:
                try:
                    plan.place(index, plan.laid[index], self.jobs[index].dummies)
                    continue
                except weasy.Redo as redo:      # laid out for the wrong page side: again, by the same worker
                    plan.laid_out += 1
                    worker = self.parked.pop(index)
                    self.pages[worker] -= len(plan.laid.pop(index).blanks)
                    self.jobs[index] = plan.job(index, redo.dummies)
                    self.again[index] = worker
            return

    def send(self, worker, message: tuple[str, Any], index: int) -> None:
        self.busy[worker] = index
        worker.send(message)

    def hand_out(self) -> None:
        """Give every idle worker its next task: a chunk to lay out, else a chunk to draw."""
        for worker in self.workers:
            if worker not in self.busy:
                self.next_task(worker)
        if not self.busy and (self.queue or self.parked):
            # Nothing in flight and nothing could start: draw a placed chunk with the numbers
            # known so far, or lay out past the parking limit.
            if not any(self.bind(worker, forced=True) for worker in self.workers) and self.queue:
                self.lay(self.workers[0])

    def next_task(self, worker) -> None:
        again = next((index for index, w in sorted(self.again.items()) if w is worker), None)
        if again is not None:
            del self.again[again]
            self.send(worker, ("lay", self.jobs[again]), again)
            return
        # Laying out comes before drawing: a layout places chunks and so readies others' bindings,
        # while a drawing readies nothing; drawings left for the end spread over every worker, but
        # a layout left for the end (the last map pages) is a tail the other worker waits out.
        # Past PARKED pages, a drawing comes first: the worker would drop a parked layout to make room.
        # While chunks are drawn as soon as they are placed (Plan.stamping), a worker draws what it
        # holds placed before laying out more: it keeps little more than the chunk it works on.
        if self.plan.stamping and self.bind(worker):
            return
        full = self.pages[worker] >= PARKED
        if self.plan.stamping and self.pages[worker] >= PARKED // 2 and self.bind(worker, forced=True):
            # Half way to PARKED (the next layout could pass it, and the worker would drop one), a
            # chunk that waits for its numbers is drawn with those known so far: they are changed
            # in place if they keep their digit count, where a dropped layout is always laid out
            # again. (A 1,440-page booklet whose answer key was guessed near page 1,000 made every
            # topic wait: 84 of 236 chunks were dropped and laid out twice.)
            return
        if not full and self.lay(worker):
            return
        if not self.bind(worker) and full:
            self.lay(worker)     # nothing to draw yet: the worker drops its oldest layouts (Desk.drop_over)

    def bind(self, worker, forced: bool = False) -> bool:
        """Send the binding of one of `worker`'s placed chunks: ready ones, or the first when forced."""
        plan = self.plan
        mine = sorted(i for i, w in self.parked.items() if w is worker and i in plan.placement.keep)
        chosen = next((i for i in mine if plan.ready(i)), mine[0] if forced and mine else None)
        if chosen is None:
            return False
        self.pages[worker] -= len(plan.laid[chosen].blanks)
        del self.parked[chosen]
        self.send(worker, ("bind", (chosen, plan.binding(chosen))), chosen)
        return True

    def lay(self, worker) -> bool:
        """Send `worker` the next chunk to lay out; False if none could start."""
        plan = self.plan
        while self.queue:
            index = self.queue.pop(0)
            if plan.start_of(index) is not None and plan.from_cache(index):
                self.place()
                continue
            job = self.jobs[index] = plan.job(index)
            if job.probe and plan.start_of(index) is None:
                self.waiting.append(index)    # a cached layout may do, once we know where it lands
                continue
            self.send(worker, ("lay", job), index)
            return True
        return False
