"""The build record: what a build read and wrote, so that a build with nothing changed is skipped.

After a build that succeeded without a warning, the command line keeps a record in
`.booklet-cache/builds/`, one per command: the manifests or notes, the formats and output paths,
the brand and print options, and the environment variables that change an output. It lists every
file under the places a build may read from (the containment rule's roots: each project folder
and booklet's layouts) and under booklet's own code, with its size, mtime, ctime and inode; the
installed distributions; and each output with its size, times and SHA-256. The next run of the
same command compares all of that before it imports WeasyPrint or Markdown; when everything is as
recorded, it prints the outputs as unchanged and stops.

Whole folders, not only the files a build opened: a build also depends on files it looked for and
did not find (a vault note added later, a brand pack's `brand.css` created), which a list of
opened files would miss. An edit elsewhere in the project folder costs a full build, never a
stale output. Stat, not a hash of every input: no program can set a file's ctime back, and any
write moves it; a file whose ctime is not older than the build's start (it changed while the
build read it) keeps the record from being written, so the next build runs in full.

This module imports nothing heavy: it runs before the pipeline is loaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path

FOLDER = ".booklet-cache"
SKIP = frozenset({".git", ".hg", ".svn", FOLDER, "__pycache__"})   # never read by a build
WRITTEN = (".pdf", ".epub", ".html")          # in an output folder: booklet's outputs, not inputs
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "PANGOCAIRO_BACKEND")
NOT_ASKED = frozenset({"run", "console", "staging", "quiet", "verbose", "diagnostics", "jobs", "no_cache"})
KEEP = 32                                     # records kept per project
MAX_FILES = 50_000                            # a bigger tree is not worth checking file by file
CODE = Path(__file__).resolve().parent        # booklet's own code: a change rebuilds


class Record:
    """One command's record, at `<project>/.booklet-cache/builds/<key>.json`."""

    def __init__(self, path: Path, request: dict):
        self.path = path
        self.request = request
        self.checked = 0          # files compared by `unchanged` (for the message)
        self.stamp: int | None = None

    @classmethod
    def for_command(cls, args, formats: list[str]) -> "Record | None":
        """The record of this `booklet build` command, or None when it cannot have one."""
        inputs = [Path(p) for p in args.inputs] or [p for p in map(Path, ("booklet.yml", "booklet.yaml"))
                                                    if p.is_file()][:1]
        if not inputs:
            return None
        request = {key: _plain(value) for key, value in sorted(vars(args).items()) if key not in NOT_ASKED}
        request.update(inputs=[_plain(p) for p in inputs], formats=formats, cwd=os.getcwd(),
                       environment={name: os.environ.get(name) for name in ENVIRONMENT},
                       python=sys.version, libraries=list(libraries()))
        key = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:32]
        home = inputs[0].absolute().parent.resolve()
        return cls(home / FOLDER / "builds" / f"{key}.json", request)

    def unchanged(self) -> list[str] | None:
        """The lines the last build printed, if nothing it depends on changed since; else None."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data["request"] != self.request:
                return None
            if any(_output_state(Path(path)) != state for path, state in data["outputs"].items()):
                return None
            files = scan([Path(r) for r in data["roots"]], [Path(f) for f in data["folders"]])
            if files is None or files != data["files"]:
                return None
            self.checked = len(files)
            return [str(line) for line in data["lines"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None       # no record, or a damaged one: build

    def begin(self) -> None:
        """Before the build reads anything: a stamp on the file system's own clock, and the old record gone."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _ignore(self.path.parent.parent)
            self.path.unlink(missing_ok=True)
            stamp = self.path.with_suffix(".stamp")
            stamp.write_text(str(os.getpid()), encoding="utf-8")
            self.stamp = stamp.stat().st_mtime_ns
        except OSError:
            self.stamp = None

    def keep(self, roots: list[Path], outputs: list[Path], lines: list[str]) -> bool:
        """Record a finished build; False (and no record) when an input changed while it ran."""
        if self.stamp is None:
            return False
        folders = sorted({p.absolute().parent.resolve() for p in outputs})   # as os.walk names them under resolved roots
        files = scan([*roots, CODE], folders)
        if files is None or any(state and state[2] >= self.stamp for state in files.values()):
            return False
        data = {"request": self.request, "roots": sorted({str(r) for r in [*roots, CODE]}),
                "folders": [str(f) for f in folders], "files": files, "lines": lines,
                "outputs": {str(p.absolute()): _output_state(p.absolute()) for p in outputs}}
        try:
            temp = self.path.with_suffix(".tmp")
            temp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            return False
        try:
            _prune(self.path.parent)
        except OSError:
            pass      # another build pruning at the same time
        return True


@functools.cache
def code_digest() -> str:
    """A hash of booklet's own code (every file of the package, by content): the caches' keys hold it,
    so that a change to booklet, released or not, is never answered from a cache."""
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(CODE):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as stream:
                digest.update(f"{os.path.relpath(path, CODE)}\0".encode())
                digest.update(hashlib.sha256(stream.read()).digest())
    return digest.hexdigest()


def _prune(folder: Path) -> None:
    """Keep the records of the most recent commands only (each output folder, format set and option is one)."""
    records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in records[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".stamp").unlink(missing_ok=True)


def scan(roots: list[Path], output_folders: list[Path]) -> dict[str, list | None] | None:
    """Every file under `roots` (symlinks followed for files, their targets noted for folders) with
    (size, mtime, ctime, inode); booklet's outputs in `output_folders` left out. None if too many."""
    files: dict[str, list | None] = {}
    outputs = {str(f) for f in output_folders}
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP)
            for name in dirs:
                if os.path.islink(os.path.join(folder, name)):   # which folder it leads to matters
                    files[os.path.join(folder, name)] = ["link", os.readlink(os.path.join(folder, name))]
            for name in names:
                path = os.path.join(folder, name)
                if folder in outputs and (name.endswith(WRITTEN) or name.endswith(".tmp")):
                    continue
                try:
                    info = os.stat(path)
                    files[path] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
                except OSError:
                    files[path] = None   # a broken link: its appearing target must rebuild
            if len(files) > MAX_FILES:
                return None
    return files


def _output_state(path: Path) -> list | None:
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, digest]


@functools.cache
def libraries() -> tuple[str, ...]:
    """The installed distributions with their versions, as their metadata folders name them."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            names.update(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return tuple(sorted(names))


def _plain(value):
    if isinstance(value, Path):
        return str(value.absolute())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None), dict)) else str(value)


def _ignore(folder: Path) -> None:
    """The cache is never committed: it carries its own .gitignore."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
