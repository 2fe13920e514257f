"""`make bench`: booklet's PDF engine against a plain single-pass WeasyPrint render of the same HTML.

Every figure is measured in this run, on this machine, in fresh processes (wall time, and the
peak memory of the whole process tree, workers included: RSS summed, and PSS beside it). The baseline is one WeasyPrint pass
over the exact HTML and CSS that booklet's one-pass writer would hand it.

  P1  full build, cold cache: the sample, and a generated ~300-page booklet   target <= 0.6x single pass
  P2  rebuild after editing one of ~40 topics                                  target <= 0.2x full build
  P3  no-op build                                                              target <= 0.5 s
  P4  EPUB of the sample                                                       target <= 0.5 s
  P5  peak memory, a generated ~500-page booklet (single pass beside it)       target <= 300 MB
  P6  a generated ~3,000-page booklet (about 600 topics), with --p6            target <= 10 min, 500 MB

The table is printed and the figures are written to build/bench.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "gs2-international-relations.yml"
BOOKLET = [sys.executable, "-m", "booklet"]

# One WeasyPrint pass over the booklet's own HTML and CSS, in a process of its own.
SINGLE = """
import sys
from pathlib import Path
from booklet import loader, pipeline
from booklet.errors import Reporter
reporter = Reporter()
prepared = pipeline.prepare(loader.load_manifest(Path(sys.argv[1]), reporter), reporter)
setup = prepared.pdf_setup()
setup.render().write_pdf(sys.argv[2], **setup.pdf_options)
"""


def measure(command: list[str], cwd: Path) -> dict:
    """Wall seconds, CPU seconds (user + system, the process and its children) and the peak resident
    memory of the process and its children, polled every 20 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]

    def watch() -> None:
        while process.poll() is None:
            rss, pss = _tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    watcher.join()
    if process.returncode:
        raise SystemExit(f"bench: {' '.join(map(str, command))} failed:\n{err.decode(errors='replace')}")
    pages = re.search(rb"(\d+) pages", err)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak[0] / 2**20),
            "peak_pss_mb": round(peak[1] / 2**20), "pages": int(pages[1]) if pages else None}


def _tree_memory(pid: int) -> tuple[int, int]:
    """Resident bytes of `pid` and all its descendants (Linux /proc), summed: RSS, and PSS.

    RSS counts a page shared by forked processes once in each (the targets are written in it);
    PSS splits it between them, so their sum is what the tree really holds."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, proportional, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        proportional += _pss(current)
        todo.extend(children.get(current, []))
    return total, proportional


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:")), 0)
    except (OSError, ValueError):
        return 0


def build(project: Path, manifest: str, *flags: str) -> dict:
    result = measure([*BOOKLET, "build", manifest, "-f", "pdf", "--out", "out", *flags], project)
    if result["pages"] is None:
        from pypdf import PdfReader
        result["pages"] = len(PdfReader(project / "out" / f"{Path(manifest).stem}.pdf").pages)
    return result


def single(project: Path, manifest: str) -> dict:
    result = measure([sys.executable, "-c", SINGLE, manifest, "single.pdf"], project)
    from pypdf import PdfReader
    result["pages"] = len(PdfReader(project / "single.pdf").pages)
    return result


# What earlier builds in content/ leave there (`make pdf`, tests that build in place): copied along,
# a warm cache (fragments, page-number guesses, font subsets) would make the "cold" builds warm.
_LEFT_BEHIND = shutil.ignore_patterns(".booklet-cache", "build", "out")


def generated(folder: Path, copies: int) -> Path:
    """A booklet of the sample's topics `copies` times over (each copy its own part), in `folder`."""
    source = ROOT / "content"
    manifest = (source / "gs2-international-relations.yml").read_text(encoding="utf-8")
    head, _, rest = manifest.partition("parts:\n")
    parts_text, _, tail = rest.partition("back_matter:")
    parts = []
    for copy in range(1, copies + 1):
        shutil.copytree(source / "gs2-ir", folder / f"copy{copy}", ignore=_LEFT_BEHIND)
        text = parts_text.replace("gs2-ir/", f"copy{copy}/").replace('title: "', f'title: "{copy}. ')
        parts.append(text)
    head = head.replace("gs2-ir/", "copy1/")
    (folder / "generated.yml").write_text(head + "parts:\n" + "".join(parts) + "back_matter:" + tail, encoding="utf-8")
    return folder / "generated.yml"


def project_of(copies: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"booklet-bench-{copies}-"))
    if copies == 0:
        shutil.copytree(ROOT / "content", folder, dirs_exist_ok=True, ignore=_LEFT_BEHIND)
        return folder
    generated(folder, copies)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--p6", action="store_true", help="also the ~3,000-page booklet (long)")
    parser.add_argument("--jobs", default=None, help="--jobs for booklet (default: the number of cores)")
    args = parser.parse_args()
    jobs = ["--jobs", args.jobs] if args.jobs else []
    rows: list[tuple[str, str, str, str]] = []
    figures: dict = {"cores": os.cpu_count(), "jobs": args.jobs or "default"}

    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    # booklet's modules byte-compiled first, as pip compiles an installed package: an editable
    # install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile ~100 modules in every build
    # timed (~0.2 s of CPU, a third of P4's).
    compileall.compile_dir(ROOT / "booklet", quiet=1)

    def row(name: str, value: str, target: str, ok: bool | None) -> None:
        rows.append((name, value, target, "" if ok is None else ("ok" if ok else "MISSED")))
        print(f"  {name:<58} {value:<34} {target:<12} {rows[-1][3]}", flush=True)
        # Written after every row: a long run stopped halfway keeps what it measured.
        (out / "bench.json").write_text(json.dumps({"rows": rows, "figures": figures}, indent=2), encoding="utf-8")

    print(f"make bench: {os.cpu_count()} cores; every build in a fresh process", flush=True)
    # P1, P3, P4: the sample.
    sample = project_of(0)
    base = single(sample, SAMPLE.name)
    cold = build(sample, SAMPLE.name, *jobs)
    warm = build(sample, SAMPLE.name, *jobs)
    epub = measure([*BOOKLET, "build", SAMPLE.name, "-f", "epub", "--out", "out"], sample)
    figures["sample"] = {"single_pass": base, "cold": cold, "no_op": warm, "epub": epub}
    ratio = cold["seconds"] / base["seconds"]
    row(f"P1 sample ({cold['pages']} pages), cold", f"{cold['seconds']} s vs {base['seconds']} s = {ratio:.2f}x",
        "<= 0.6x", ratio <= 0.6)
    row("   peak memory, sample", f"{cold['peak_mb']} MB (single pass {base['peak_mb']} MB)", "", None)
    row("P3 no-op build, sample", f"{warm['seconds']} s", "<= 0.5 s", warm["seconds"] <= 0.5)
    row("P4 EPUB, sample", f"{epub['seconds']} s (CPU {epub['cpu_seconds']} s)", "<= 0.5 s", epub["seconds"] <= 0.5)
    # P1 and P2: ~300 pages, 4 copies of the sample's 9 topics (+ front matter): 37 topics.
    big = project_of(4)
    base = single(big, "generated.yml")
    cold = build(big, "generated.yml", *jobs)
    note = big / "copy2" / "india-china.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n\nOne more line, added to measure an edit.\n",
                    encoding="utf-8")
    edit = build(big, "generated.yml", *jobs)
    figures["generated_300"] = {"single_pass": base, "cold": cold, "after_edit": edit}
    ratio = cold["seconds"] / base["seconds"]
    row(f"P1 generated ({cold['pages']} pages), cold", f"{cold['seconds']} s vs {base['seconds']} s = {ratio:.2f}x",
        "<= 0.6x", ratio <= 0.6)
    ratio = edit["seconds"] / cold["seconds"]
    row("P2 edit one of 37 topics, rebuild", f"{edit['seconds']} s = {ratio:.2f}x the full build",
        "<= 0.2x", ratio <= 0.2)
    # P5: ~500 pages.
    large = project_of(7)
    base = single(large, "generated.yml")
    cold = build(large, "generated.yml", *jobs)
    figures["generated_500"] = {"single_pass": base, "cold": cold}
    row(f"P5 peak memory, generated ({cold['pages']} pages)",
        f"{cold['peak_mb']} MB, PSS {cold['peak_pss_mb']} MB (single pass {base['peak_mb']} MB)",
        "<= 300 MB", cold["peak_mb"] <= 300)
    row(f"   time, generated ({cold['pages']} pages)",
        f"{cold['seconds']} s vs {base['seconds']} s = {cold['seconds'] / base['seconds']:.2f}x", "", None)
    if args.p6:
        huge = project_of(40)
        cold = build(huge, "generated.yml", *jobs)
        figures["generated_3000"] = {"cold": cold}
        row(f"P6 generated ({cold['pages']} pages)", f"{cold['seconds']} s, {cold['peak_mb']} MB (PSS {cold['peak_pss_mb']} MB)",
            "<= 600 s, 500 MB", cold["seconds"] <= 600 and cold["peak_mb"] <= 500)
    print(f"figures written to {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
