"""Layouts: Jinja2 templates and stylesheets looked up through a folder stack."""

from __future__ import annotations

import re
import traceback
from importlib import resources
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import BookletError, Reporter, SourceLocation
from .sources import contained, inside, read_text


def _builtin() -> Path:
    """The layouts that ship with booklet: the repository's top-level `layouts/` folder, which
    pyproject.toml maps into the package as `booklet.layouts` (wheel, sdist and editable install)."""
    folder = resources.files("booklet.layouts")
    if not isinstance(folder, Path):  # e.g. imported from a zip: templates need real files
        raise RuntimeError(f"booklet's layouts must be installed as files, not in {folder}")
    return folder.resolve()


BUILTIN = _builtin()

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# What a template may not name: a file by absolute path or URL (the PDF would embed it, e.g.
# <a rel=attachment href=file:///…>), or a template outside the stack. WeasyPrint's fetcher
# refuses these anyway; finding them here gives `check` and `build` a template:line error.
_ABSOLUTE = re.compile(r"""(?:href|src|data|poster|srcset|url)\s*[=(]\s*["']?\s*(file:|[a-z][a-z0-9+.-]*://|//|/)""",
                       re.IGNORECASE)
_INCLUDE = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")


def roots(project: Path) -> tuple[Path, ...]:
    """The only places a build reads from: the project, and the layouts booklet ships."""
    return (project.resolve(), BUILTIN.resolve())


def folder(reference: str, project: Path, kind: str, where: SourceLocation | None) -> Path | None:
    """`layouts/<name>` or a project-relative folder, for `layout:` and `brand:`; None if none exists.

    A plain name is looked up in the project's `layouts/` (brands: `layouts/brands/`), then booklet's;
    anything else is a path relative to the project. Either way the folder, symlinks followed, must
    lie inside the project or booklet's layouts.
    """
    allowed = roots(project)
    if _NAME.fullmatch(reference) and reference not in (".", ".."):
        sub = ("brands",) if kind == "brand" else ()
        candidates = [project.joinpath("layouts", *sub, reference), BUILTIN.joinpath(*sub, reference)]
        found = next((c for c in candidates if c.is_dir()), None)
        return contained(found, allowed, where, f"the {kind} '{reference}'") if found else None
    found = contained(project / reference, (project.resolve(),), where, f"the {kind} '{reference}'",
                      relative=reference)
    return found if found.is_dir() else None


class Layout:
    """A stack of folders, searched in order: the first file of a name wins.

    The stack is brand pack → the project's `layouts/<name>` → booklet's `layouts/<name>`
    → booklet's `layouts/default`, so any template or stylesheet can be overridden by
    dropping a file of the same name higher up, without code changes.
    """

    def __init__(self, folders: list[Path], allowed: tuple[Path, ...] = ()):
        self.allowed = allowed or (BUILTIN.resolve(),)
        self.folders = [f.resolve() for f in dict.fromkeys(folders)
                        if f.is_dir() and inside(f, self.allowed)]
        # Templates are data: a brand pack from a designer must not run code, so the sandbox
        # refuses attribute tricks (`cycler.__init__.__globals__`), and includes come from the stack.
        self.env = SandboxedEnvironment(
            loader=_StackLoader(self.folders, self.allowed),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    @classmethod
    def for_project(cls, root: Path, name: str = "default", extra: list[Path] | None = None,
                    where: SourceLocation | None = None) -> "Layout":
        chosen = folder(name, root, "layout", where)
        if chosen is None and name != "default":
            known = sorted(p.name for p in BUILTIN.iterdir() if p.is_dir() and p.name != "brands")
            raise BookletError(f"unknown layout '{name}'; known layouts: {', '.join(known)}, or a folder "
                               "in the project", where)
        return cls([*(extra or []), *([chosen] if chosen else []), BUILTIN / "default"], roots(root))

    def find(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / name).is_file():
                return contained(folder / name, self.allowed, None, f"the layout file '{name}'")
        raise BookletError(f"the layout has no file '{name}' (looked in {', '.join(map(str, self.folders))})")

    def templates(self) -> list[Path]:
        """Every template file in the stack (the first of each name), inside the project or layouts."""
        found: dict[str, Path] = {}
        for folder in self.folders:
            for path in sorted([*folder.glob("*.html"), *folder.glob("*.xhtml")]):
                found.setdefault(path.name, path)
        return list(found.values())

    def check_templates(self, reporter: Reporter) -> None:
        """Report templates that name outside files or include from outside the stack, at their line."""
        for path in self.templates():
            try:
                real = contained(path, self.allowed, None, f"the template '{path.name}'")
                text = read_text(real, SourceLocation(path, 1))
            except BookletError as exc:
                reporter.add(exc)
                continue
            for number, line in enumerate(text.split("\n"), 1):
                if match := _ABSOLUTE.search(line):
                    reporter.error(f"templates may link only to files in the project, not to "
                                   f"'{match.group(1)}…' (an absolute path or URL)", SourceLocation(path, number))
                for name in _INCLUDE.findall(line):
                    if name.startswith("/") or ".." in name.split("/"):
                        reporter.error(f"templates may include only templates of the layout, by name, not "
                                       f"'{name}'", SourceLocation(path, number))

    def render(self, template: str, **context) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.exceptions.SecurityError as exc:
            raise BookletError(f"templates are data and may not do this: {exc}",
                               self._line(exc, template)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise BookletError(f"template error: {exc.message}", SourceLocation(Path(exc.filename or template), exc.lineno)) from None
        except jinja2.TemplateError as exc:
            raise BookletError(f"template '{template}': {exc}", self._line(exc, template)) from None

    def _line(self, exc: BaseException, template: str) -> SourceLocation | None:
        """The template line the error came from: Jinja puts template frames in the traceback."""
        files = {str(f / name) for f in self.folders for name in (template,)}
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.endswith((".html", ".xhtml")) and Path(f.filename).parent in self.folders]
        if frames:
            return SourceLocation(Path(frames[-1].filename), frames[-1].lineno)
        found = next((Path(f) for f in files if Path(f).is_file()), None)
        return SourceLocation(found, 1) if found else None


class _StackLoader(jinja2.FileSystemLoader):
    """Templates from the layout stack only: a symlink out of the project is refused, not followed."""

    def __init__(self, folders: list[Path], allowed: tuple[Path, ...]):
        super().__init__([str(f) for f in folders])
        self.allowed = allowed

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        contained(Path(filename), self.allowed, None, f"the template '{template}'")
        return source, filename, uptodate
