"""Load stage: a manifest (or a list of notes) becomes a Booklet of Topics."""

from __future__ import annotations

import datetime as _dt
import os.path
import re
from pathlib import Path
from types import MappingProxyType

from . import manifest as manifest_mod
from .errors import BookletError, Reporter, SourceLocation
from .frontmatter import split
from .model import Booklet, Metadata, Options, Part, Topic
from .obsidian import headings
from .slugs import slugify, unique
from .source import classify
from .sources import contained, read_text

_LINKS_ONLY = re.compile(r"^\s*(?:!?\[\[[^\]]*\]\]\s*)+$")


def load_manifest(path: Path, reporter: Reporter, overrides: dict | None = None) -> Booklet:
    spec = manifest_mod.read(_manifest_path(path), reporter)
    values = {**spec.values, **(overrides or {})}
    ids: set[str] = set()
    front = _topics(spec.front, ids, reporter)
    parts = []
    for part_spec in spec.parts:
        topics = _topics(part_spec.topics, ids, reporter)
        parts.append(Part(unique("part-" + slugify(part_spec.title), ids), part_spec.title, topics))
    back = _topics(spec.back, ids, reporter)
    reporter.check()
    return Booklet(
        name=path.stem, root=spec.root, manifest=spec.path,
        meta=_metadata(values, spec.path), options=_options(values),
        parts=tuple(parts), front=front, back=back,
    )


def _manifest_path(path: Path) -> Path:
    """The manifest in its (resolved) folder, the project root; a symlink out of that folder is refused."""
    root = path.absolute().parent.resolve()
    contained(root / path.name, (root,), SourceLocation(path, 1), f"the manifest {path.name}")
    return root / path.name


def load_notes(paths: list[Path], title: str, reporter: Reporter, name: str | None = None) -> Booklet:
    """The quick path: notes given on the command line, one part, in the order given."""
    files = [p.resolve() for p in paths]
    root = Path(_common_folder(files))
    ids: set[str] = set()
    refs = []
    for file in files:
        if not file.is_file():
            reporter.error(f"file not found: {file}", SourceLocation(file))
            continue
        refs.append(manifest_mod.TopicRef(file, SourceLocation(file), "topic"))
    topics = _topics(tuple(refs), ids, reporter)
    reporter.check()
    values = {"title": title, "language": "en"}
    return Booklet(
        name=name or slugify(title), root=root, manifest=None,
        meta=_metadata(values, None), options=Options(),
        parts=(Part(unique("part-" + slugify(title), ids), title, topics),),
    )


def _common_folder(files: list[Path]) -> str:
    return os.path.commonpath([str(f.parent) for f in files]) if files else "."


def _topics(refs, ids: set[str], reporter: Reporter) -> tuple[Topic, ...]:
    topics = []
    for ref in refs:
        try:
            topics.append(load_topic(ref.path, ref.role, ids, ref.where, ref.name))
        except BookletError as exc:
            reporter.add(exc)
    return tuple(topics)


def load_topic(path: Path, role: str, ids: set[str], where: SourceLocation | None = None,
               name: str = "") -> Topic:
    """`name`: a vault note's name, its title unless front matter or an opening `# heading` gives one."""
    note = split(read_text(path, SourceLocation(path)), path)
    title = note.meta.get("title")
    body, body_line = note.body, note.body_line
    if title is not None and not isinstance(title, str):
        title = str(title)
    if not title and name:
        title, body = _opening_heading(note.body) or (name, body)
    if not title:
        title, body, body_line = _title_from_heading(note.body, note.body_line, path)
    else:
        body = _without_repeated_title(body, title)
    topic_id = unique(slugify(note.meta.get("id") or path.stem), ids)
    key_locations = note.key_locations()
    return Topic(
        id=topic_id, path=path, title=title.strip(), source=body, body_line=body_line,
        meta=MappingProxyType(dict(note.meta)), role=role, where=where,
        meta_where=MappingProxyType(key_locations),
        lang=_language(note.meta.get("lang"), key_locations.get("lang") or SourceLocation(path, 1)),
    )


def _language(value, where: SourceLocation) -> str:
    """A topic's `lang:` (BCP 47), which sets its fonts, hyphenation and quotes like the manifest's `language:`."""
    if value is None:
        return ""
    problem = manifest_mod.language_problem(str(value))
    if problem or not isinstance(value, str):
        raise BookletError(f"lang: {problem or 'expected a language tag such as hi or en-IN'}", where)
    return value


def _title_from_heading(body: str, body_line: int, path: Path) -> tuple[str, str, int]:
    """Take the first `# heading` as the title and drop it from the body (the layout prints it)."""
    for line in classify(body):
        if line.atx and line.level == 1 and line.title.strip():
            return line.title, _without_line(body, line.number), body_line
    raise BookletError(
        "this topic has no title: add 'title:' to its front matter or start it with a '# Heading'",
        SourceLocation(path, 1),
    )


def _opening_heading(body: str) -> tuple[str, str] | None:
    """As Obsidian shows a note: a `# heading` before any text is its title; later ones are sections."""
    for line in classify(body):
        if line.atx and line.level == 1 and line.title.strip():
            title = headings.display(line.title)  # `# [[Note\|Note]]`, as publishing plugins write it
            return title, _without_line(body, line.number)
        if line.text.strip() and not _LINKS_ONLY.match(line.text):  # a date link may come first
            return None
    return None


def _without_repeated_title(body: str, title: str) -> str:
    """A first heading that repeats the front matter's title would print twice and centre the map twice."""
    for line in classify(body):
        if line.kind == "heading" and line.atx:
            same = headings.key(line.title) == headings.key(str(title))
            return _without_line(body, line.number) if same else body
        if line.text.strip():
            return body
    return body


def _without_line(body: str, number: int) -> str:
    lines = body.split("\n")
    return "\n".join(lines[:number - 1] + [""] + lines[number:])  # keep line numbers aligned


def _metadata(values: dict, manifest: Path | None) -> Metadata:
    authors = values.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    date = values.get("date")
    if isinstance(date, str):
        try:
            date = _dt.date.fromisoformat(date)
        except ValueError:
            date = None
    title, language = values["title"], values.get("language") or "en"
    return Metadata(
        title=title, subtitle=values.get("subtitle") or "", language=language,
        edition=str(values.get("edition") or ""), date=date,
        authors=tuple(str(a) for a in authors), institute=values.get("institute") or "",
        description=values.get("description") or "",
        identifier=values.get("identifier") or manifest_mod.stable_identifier(title, language, manifest),
    )


def _options(values: dict) -> Options:
    back = values.get("back_matter") or {}
    return Options(
        revision_summary=back.get("revision_summary", True),
        key_figures=back.get("key_figures", True),
        answer_key=back.get("answer_key", True),
        previous_year_questions=back.get("previous_year_questions", True),
        mind_maps=back.get("mind_maps", False),
        mindmaps="off" if values.get("mindmaps") is False else values.get("mindmaps") or "start",
        brand=values.get("brand") or "",
        layout=values.get("layout") or "default",
        vault=values.get("vault") or None,
        obsidian=MappingProxyType(dict(values.get("obsidian") or {})),
        clippings=MappingProxyType(dict(values.get("clippings") or {})),
        strict_line_breaks=values.get("strict_line_breaks", True) is not False,
    )
