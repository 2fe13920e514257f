"""The PDF engine: the booklet laid out in chunks, in parallel worker processes, joined into one PDF."""

from __future__ import annotations

import time
from pathlib import Path

from ..atomic import replacing
from ..layout import Layout
from ..model import RenderedBooklet
from ..sections import Section
from ..writers import Output
from . import weasy
from .chunks import cut
from .join import join
from .pool import Pool
from .schedule import Plan, run
from .worker import Setup, lay_out


def write_pdf(rendered: RenderedBooklet, sections: list[Section], layout: Layout, target: Path,
              extra_css: tuple[str, ...] = (), jobs: int = 1, pool: Pool | None = None) -> Output:
    start = time.perf_counter()
    setup = Setup(rendered.booklet.root, tuple(layout.folders), layout.find("print.css"), tuple(extra_css))
    css = (setup.print_css.read_text(encoding="utf-8"), *extra_css)
    plan = Plan(cut(rendered, sections, layout, css), setup)
    if pool is not None:
        results = run(plan, lambda indexes: pool.lay_out(plan, indexes))
    elif jobs > 1:
        with Pool(jobs) as own:
            results = run(plan, lambda indexes: own.lay_out(plan, indexes))
    else:
        results = run(plan, _local(plan))
    with replacing(target) as temp:
        pages = join(results, temp)
    return Output(target, pages, target.stat().st_size, time.perf_counter() - start)


def _local(plan: Plan):
    """Lay chunks out one after another in this process."""
    def lay_out_all(indexes: list[int]) -> None:
        for index in indexes:
            dummies = None
            while True:
                job = plan.job(index, dummies)
                try:
                    result = lay_out(job, lambda laid: plan.bind(index, laid, job.dummies))
                except weasy.Redo as redo:
                    plan.laid_out += 1
                    dummies = redo.dummies
                    continue
                plan.laid_out += 1
                plan.done(result)
                break
    return lay_out_all
