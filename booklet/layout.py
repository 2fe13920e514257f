"""Layouts: Jinja2 templates and stylesheets looked up through a folder stack."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from .errors import BookletError, SourceLocation


def _builtin() -> Path:
    """The layouts that ship with booklet: the repository's top-level `layouts/` folder, which
    pyproject.toml maps into the package as `booklet.layouts` (wheel, sdist and editable install)."""
    folder = resources.files("booklet.layouts")
    if not isinstance(folder, Path):  # e.g. imported from a zip: templates need real files
        raise RuntimeError(f"booklet's layouts must be installed as files, not in {folder}")
    return folder.resolve()


BUILTIN = _builtin()


class Layout:
    """A stack of folders, searched in order: the first file of a name wins.

    The stack is brand pack → the project's `layouts/<name>` → booklet's `layouts/<name>`
    → booklet's `layouts/default`, so any template or stylesheet can be overridden by
    dropping a file of the same name higher up, without code changes.
    """

    def __init__(self, folders: list[Path]):
        self.folders = [f.resolve() for f in dict.fromkeys(folders) if f.is_dir()]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    @classmethod
    def for_project(cls, root: Path, name: str = "default", extra: list[Path] | None = None,
                    where: SourceLocation | None = None) -> "Layout":
        candidates = [root / "layouts" / name, BUILTIN / name]
        if name != "default" and not any(c.is_dir() for c in candidates):
            known = sorted(p.name for p in BUILTIN.iterdir() if p.is_dir() and p.name != "brands")
            raise BookletError(f"unknown layout '{name}'; known layouts: {', '.join(known)}", where)
        return cls([*(extra or []), *candidates, BUILTIN / "default"])

    def find(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        raise BookletError(f"the layout has no file '{name}' (looked in {', '.join(map(str, self.folders))})")

    def render(self, template: str, **context) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise BookletError(f"template error: {exc.message}", SourceLocation(Path(exc.filename or template), exc.lineno)) from None
        except jinja2.TemplateError as exc:
            raise BookletError(f"template '{template}': {exc}") from None
