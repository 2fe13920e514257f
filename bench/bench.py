"""`make bench`: how long booklet takes against a plain single-pass WeasyPrint render of the same HTML.

Both are measured in the same run on the same machine, so the ratio is what matters, not the
seconds. The baseline is the floor: booklet cannot render the PDF faster than WeasyPrint renders
the exact HTML and CSS that booklet hands it, in one pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from booklet import loader, pipeline
from booklet.errors import Reporter

ROOT = Path(__file__).resolve().parent.parent


def _time(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def bench(manifest: Path, runs: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="booklet-bench-"))

    def full_build():
        reporter = Reporter()
        prepared = pipeline.prepare(loader.load_manifest(manifest, reporter), reporter)
        pipeline.write(prepared, "pdf", out / "booklet.pdf")

    reporter = Reporter()
    prepared = pipeline.prepare(loader.load_manifest(manifest, reporter), reporter)
    html = prepared.pdf_setup().source

    def baseline():
        # The same render setup as the PDF writer, given the HTML already made: one WeasyPrint pass.
        single = prepared.pdf_setup(html)
        single.render().write_pdf(out / "baseline.pdf", **single.pdf_options)

    def front_end():
        reporter = Reporter()
        pipeline.prepare(loader.load_manifest(manifest, reporter), reporter)

    full_build()  # warm caches (fonts, imports) for both sides alike
    rows = [("booklet build (PDF)", _time(full_build, runs)),
            ("  of which load+render+sections", _time(front_end, runs)),
            ("WeasyPrint single pass, same HTML", _time(baseline, runs))]
    print(f"{manifest.relative_to(ROOT)}: {runs} runs each, median seconds")
    for name, times in rows:
        print(f"  {name:<36} {statistics.median(times):7.2f}   (min {min(times):.2f}, max {max(times):.2f})")
    ratio = statistics.median(rows[0][1]) / statistics.median(rows[2][1])
    print(f"  booklet / baseline: {ratio:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifests", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    manifests = args.manifests or sorted((ROOT / "content").glob("*.yml"))
    for manifest in manifests:
        bench(manifest.resolve(), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
