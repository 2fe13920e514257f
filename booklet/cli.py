"""Command line: `booklet build`, `check`, `new`, `init` and `completion`."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from types import ModuleType
from typing import TYPE_CHECKING

# Only light modules here: a build with nothing changed (booklet/record.py) is answered before
# the pipeline, WeasyPrint and Markdown are imported; each command imports what it needs.
from . import FORMATS, __version__, printing, record
from .atomic import PartialCommit, replacing
from .console import Console
from .errors import BookletError, BuildFailed, Reporter, SourceLocation

if TYPE_CHECKING:
    from .model import Booklet

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
MANIFEST_SUFFIXES = (".yml", ".yaml")
NOTE_SUFFIXES = (".md", ".markdown")
# shtab's shells, named here so that only `booklet completion` imports shtab (with importlib.metadata
# and email, ~10% of a build's imports); tests/test_cli_output.py checks the list against shtab's.
SHELLS = ("bash", "zsh", "tcsh", "fish", "powershell")


class UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    reporter = Reporter(strict=getattr(args, "strict", False))
    args.console = Console.for_args(args)
    previous = _on_sigterm(_terminate)
    try:
        return args.run(args, reporter)
    except UsageError as exc:
        parser.error(str(exc))  # exits with 2
    except BuildFailed:
        return _finish(reporter, EXIT_CONTENT, args.console)
    except BookletError as exc:
        reporter.add(exc)
        return _finish(reporter, EXIT_CONTENT, args.console)
    except PartialCommit as exc:  # a rename failed part-way: the one case where some outputs changed
        replaced = ", ".join(map(str, exc.done)) or "none"
        reporter.error(f"cannot replace {exc.failed}: {exc.strerror}; replaced already: {replaced}; "
                       "the others are untouched")
        return _finish(reporter, EXIT_CONTENT, args.console, partial=True)
    except OSError as exc:  # e.g. an output folder that cannot be created
        name = f" {exc.filename}" if exc.filename else ""
        reporter.error(f"cannot create or write{name}: {exc.strerror or exc}")
        return _finish(reporter, EXIT_CONTENT, args.console)
    except (KeyboardInterrupt, Terminated) as exc:
        staging = getattr(args, "staging", None)
        outcome = ("after every output was written" if staging is not None and staging.committed
                   else "nothing was written and earlier outputs are untouched")
        print(f"booklet: {'terminated' if isinstance(exc, Terminated) else 'interrupted'}; {outcome}",
              file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        _on_sigterm(previous)
    return EXIT_CONTENT


def _on_sigterm(handler):
    """Install a SIGTERM handler; the previous one. Only the main thread may (not an API caller's thread)."""
    try:
        return signal.signal(signal.SIGTERM, handler) if handler is not None else None
    except ValueError:
        return None


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that every `finally` cleans up as for Ctrl-C."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def _parser(shtab: ModuleType | None = None) -> argparse.ArgumentParser:
    """The command line; with `shtab`, its file and folder arguments carry shtab's completion hooks."""
    parser = argparse.ArgumentParser(
        prog="booklet", description="Turn Markdown study notes into print-ready PDF and EPUB revision booklets.")
    parser.add_argument("--version", action="version", version=f"booklet {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build booklets from manifests, or one booklet from notes",
        description="Build each MANIFEST (.yml) into --out, or build one booklet from NOTE.md files "
                    "given directly (needs --title). With neither, build ./booklet.yml.")
    _complete(build.add_argument("inputs", nargs="*", metavar="MANIFEST|NOTE.md", type=Path,
                                 help="default: booklet.yml in the current folder"), shtab, "FILE")
    build.add_argument("--format", "-f", default="all",
                       help="pdf, epub, html, all, or a comma list such as pdf,epub (default: all but html)")
    build.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build)")
    build.add_argument("-o", "--output", type=Path, help="output file, for a single booklet")
    build.add_argument("--title", help="the booklet's title when building from notes")
    build.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                       help="lay out PDF pages in N processes (default: the number of cores)")
    build.add_argument("--no-cache", action="store_true",
                       help="lay out every page again, ignoring and not filling .booklet-cache/")
    _common_options(build)
    build.set_defaults(run=_run_build)

    check = commands.add_parser("check", help="validate everything a build would, without rendering",
                                description="Check manifests or notes and report every problem. "
                                            "With neither, check ./booklet.yml.")
    _complete(check.add_argument("inputs", nargs="*", metavar="MANIFEST|NOTE.md", type=Path,
                                 help="default: booklet.yml in the current folder"), shtab, "FILE")
    check.add_argument("--title", help="the booklet's title when checking notes")
    _common_options(check)
    check.set_defaults(run=_run_check)

    init = commands.add_parser(
        "init", help="write a manifest for an Obsidian vault",
        description="Write a manifest that builds a booklet from an Obsidian vault: one topic per note in "
                    "name order with sub-folders as parts, or, with --moc, the notes a map-of-content note "
                    "links to, in order, with its headings as parts.")
    init.add_argument("--from-vault", required=True, type=Path, metavar="DIR", help="the vault folder")
    init.add_argument("--moc", metavar="NOTE", help="a map-of-content note, by name or path in the vault")
    init.add_argument("--out", type=Path, default=Path("booklet.yml"), metavar="MANIFEST",
                      help="the manifest to write, in the vault's folder or above it (default: booklet.yml)")
    init.add_argument("--force", action="store_true", help="overwrite MANIFEST if it exists")
    _common_options(init)
    init.set_defaults(run=_run_init)

    new = commands.add_parser(
        "new", help="start a project: a manifest, two example topics and a brand-pack stub",
        description="Write a starter project into DIR (a new or empty folder) that builds as it is: "
                    "booklet.yml, two topics that use every revision block, and a brand-pack stub.")
    _complete(new.add_argument("folder", type=Path, metavar="DIR"), shtab, "DIRECTORY")
    _output_options(new)
    new.set_defaults(run=_run_new)

    completion = commands.add_parser(
        "completion", help="print a shell completion script",
        description="Print a completion script for SHELL, e.g. "
                    "`booklet completion bash > ~/.local/share/bash-completion/completions/booklet`.")
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))
    completion.set_defaults(run=lambda args, reporter: _run_completion(args))
    return parser


def _common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _output_options(command)
    _press_options(command)


def _output_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("messages")
    loudness = group.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also say what each stage did")
    group.add_argument("--diagnostics", choices=("text", "json"), default="text",
                       help="problems as 'path:line: error: message' lines (default), or as JSON objects, "
                            "one a line, with file, line, column, severity, code and message")


def _press_options(command: argparse.ArgumentParser) -> None:
    """Brand and print options; each overrides the manifest's `brand:` or `print:` key (docs/print.md)."""
    group = command.add_argument_group("brand and print (override the manifest)")
    group.add_argument("--brand", metavar="NAME", help="brand pack from layouts/brands/NAME")
    group.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                       type=_setting, help='a value for templates, e.g. --set student="A. Kumar"')
    group.add_argument("--page-size", metavar="SIZE", type=_checked(printing.parse_page_size),
                       help="A4 (default), A5, B5, Letter, or '170mm 240mm'")
    group.add_argument("--duplex", action=argparse.BooleanOptionalAction, default=None,
                       help="mirrored margins; topics start on right-hand pages")
    group.add_argument("--bleed", metavar="LENGTH", type=_checked(printing.parse_bleed), help="e.g. 3mm")
    group.add_argument("--marks", metavar="MARKS", type=_checked(printing.parse_marks), help="crop, cross or none")
    group.add_argument("--pdf-variant", metavar="STANDARD", type=_checked(printing.parse_variant),
                       help=f"none, {', '.join(printing.VARIANTS)}")
    group.add_argument("--impose", metavar="KIND", type=_checked(printing.parse_impose),
                       help="saddle: also write NAME-print.pdf to fold and staple")
    group.add_argument("--signatures", metavar="N", type=_checked(printing.parse_signatures),
                       help="with --impose saddle: fold in N signatures of at most ~12 sheets each")


def _checked(parser):
    """An argparse type: keep what the user wrote, after checking it parses."""
    def check(text: str) -> str:
        try:
            parser(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text
    return check


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, not {text!r}")
    return int(text)


def _setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE with a plain name as KEY, not {text!r}")
    return key.strip(), value


def _overrides(args):
    from . import press

    keys = ("page_size", "duplex", "bleed", "marks", "pdf_variant", "impose", "signatures")
    return press.Overrides(brand=getattr(args, "brand", None), settings=dict(getattr(args, "settings", [])),
                           print={k: getattr(args, k, None) for k in keys})


def _formats(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        return ["pdf", "epub"]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"unknown format '{','.join(unknown) or value}'; choose from pdf, epub, html, all")
    return names


def _booklets(args, reporter: Reporter) -> list[Booklet]:
    """Manifests build one booklet each; notes given directly build one booklet together."""
    from . import loader

    inputs: list[Path] = args.inputs or [_discover()]
    manifests = [p for p in inputs if p.suffix.lower() in MANIFEST_SUFFIXES]
    notes = [p for p in inputs if p.suffix.lower() in NOTE_SUFFIXES]
    if len(manifests) + len(notes) != len(inputs):
        odd = next(p for p in inputs if p not in manifests and p not in notes)
        raise UsageError(f"{odd}: expected a manifest (.yml) or a note (.md)")
    if manifests and notes:
        raise UsageError("give either manifests or notes, not both")
    if notes:
        if not args.title:
            raise UsageError("building from notes needs --title")
        name = args.output.stem if getattr(args, "output", None) else None
        return _configured([loader.load_notes(notes, args.title, reporter, name)], args, reporter)
    booklets = []
    for manifest in manifests:
        try:
            booklets.append(loader.load_manifest(manifest, reporter))
        except BuildFailed:
            continue  # keep going: report every manifest's problems
        except BookletError as exc:
            reporter.add(exc)
    reporter.check()
    return _configured(booklets, args, reporter)


def _discover() -> Path:
    """The manifest a bare `booklet build` or `booklet check` means: booklet.yml here."""
    from . import api

    try:
        return api.find_manifest()
    except BookletError as exc:
        raise UsageError(exc.message) from None


def _configured(booklets: list[Booklet], args, reporter: Reporter) -> list[Booklet]:
    """Each booklet with its brand pack and print settings (manifest, then the command line)."""
    from . import press

    configured = []
    for booklet in booklets:
        try:
            configured.append(press.configure(booklet, reporter, _overrides(args)))
        except BuildFailed:
            continue  # report every booklet's problems
    reporter.check()
    return configured


def _run_check(args, reporter: Reporter) -> int:
    from . import pipeline

    args.output = None
    args.console.writes = False   # its failure line says nothing of files
    for booklet in _booklets(args, reporter):
        prepared = pipeline.prepare(booklet, reporter)
        clipped = [t for t in prepared.rendered.booklet.topics() if t.clipping]
        for topic in clipped:
            args.console.result(f"{SourceLocation(topic.path)}: treated as a web clipping ({topic.title})")
        args.console.info(f"{booklet.label}: {len(booklet.topics())} topics checked")
    return _finish(reporter, EXIT_OK, args.console)


def _run_build(args, reporter: Reporter) -> int:
    formats = _formats(args.format)
    if args.output and len(args.inputs) > 1 and not all(p.suffix in NOTE_SUFFIXES for p in args.inputs):
        raise UsageError("-o/--output names one file; use --out DIR for several manifests")
    if args.output and args.format == "all" and args.output.suffix.lstrip(".") in FORMATS:
        formats = [args.output.suffix.lstrip(".")]
    console = args.console
    kept = None if args.no_cache else record.Record.for_command(args, formats)
    lines = kept.unchanged() if kept is not None else None
    if lines is not None and kept is not None:   # nothing changed: no pipeline, no WeasyPrint
        if not (console.quiet or console.json):
            print(f"booklet: nothing changed since the last build ({kept.checked} files compared)", file=sys.stderr)
        for line in lines:
            console.result(line)
        return EXIT_OK
    if kept is not None:
        kept.begin()
    from . import building    # the pipeline, from here on

    booklets = _booklets(args, reporter)
    written = building.write_all(args, booklets, formats, reporter)
    lines = [building.summary(output, is_imposed) for output, is_imposed in written]
    if kept is not None and not reporter.diagnostics:
        kept.keep(building.roots(booklets), [output.path for output, _ in written],
                  [building.summary(output, is_imposed, unchanged=True) for output, is_imposed in written])
    for line in lines:
        console.result(line)
    return _finish(reporter, EXIT_OK, args.console)


def _run_init(args, reporter: Reporter) -> int:
    vault_dir, out = args.from_vault, args.out
    if out.suffix.lower() not in MANIFEST_SUFFIXES:
        raise UsageError(f"{out}: a manifest is a .yml file")
    if not vault_dir.is_dir():
        raise UsageError(f"{vault_dir}: no such folder")
    if not vault_dir.resolve().is_relative_to(out.resolve().parent):
        raise UsageError(f"{out} must be in {vault_dir} or a folder above it: builds read only inside the "
                         "manifest's folder (use --out)")
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists; use --force to overwrite it")
    from .obsidian import scaffold

    plan, text = scaffold.manifest(vault_dir, args.moc, out, reporter)
    reporter.check()
    with replacing(out) as temp:
        temp.write_text(text, encoding="utf-8")
    args.console.result(f"{out}: {plan.topic_count} topics in {len(plan.parts)} parts; "
                        f"build it with `booklet build {out}`")
    return _finish(reporter, EXIT_OK, args.console)


def _run_new(args, reporter: Reporter) -> int:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: not an empty folder; `booklet new` writes only into a new or empty one")
    from . import starter

    written = starter.scaffold(folder)
    for path in written:
        args.console.info(f"wrote {path}")
    args.console.result(f"{folder}: a starter booklet ({len(written)} files); build it with "
                        f"`cd {folder} && booklet build`")
    return _finish(reporter, EXIT_OK, args.console)


def _complete(action: argparse.Action, shtab: ModuleType | None, kind: str) -> None:
    if shtab is not None:
        action.complete = getattr(shtab, kind)  # type: ignore[attr-defined]  # shtab's hook


def _run_completion(args) -> int:
    import shtab

    print(shtab.complete(_parser(shtab), args.shell))
    return EXIT_OK


def _finish(reporter: Reporter, code: int, console: Console, partial: bool = False) -> int:
    console.problems(reporter.diagnostics)
    if reporter.errors:
        console.failed(len(reporter.errors), partial)
        return EXIT_CONTENT
    return code
