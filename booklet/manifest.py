"""The manifest: a YAML file that names a booklet's metadata, options and topics in order."""

from __future__ import annotations

import datetime as _dt
import difflib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BookletError, Reporter, SourceLocation
from .clippings import settings as clippings_settings
from .obsidian import settings as obsidian_settings, vault as obsidian_vault
from .printing import PRINT
from .schema import Field, Schema, validate
from .sources import read_text, resolve_inside
from .yamlsrc import Node, parse


# Tags known to be valid BCP 47 (tests/test_errors.py asks langcodes about each): the
# languages booklets are written in here, answered without loading langcodes' registry (~30 ms).
COMMON_LANGUAGES = frozenset({
    "en", "en-IN", "en-GB", "en-US", "hi", "hi-IN", "mr", "mr-IN", "ne", "ne-NP", "sa", "bn", "bn-IN",
    "gu", "gu-IN", "kn", "kn-IN", "ml", "ml-IN", "pa", "pa-IN", "ta", "ta-IN", "te", "te-IN", "ur", "ur-IN",
})


def language_problem(tag: str) -> str | None:
    if tag in COMMON_LANGUAGES:
        return None
    import langcodes

    if langcodes.tag_is_valid(tag):
        return None
    return f"'{tag}' is not a valid BCP 47 language tag (for example en, en-IN, hi)"


def _map_placement(value: str | bool) -> str | None:
    # YAML 1.1 reads a bare `off` as false; that is what the author meant.
    if value is False or value in ("start", "end", "off"):
        return None
    return f"must be one of 'start', 'end', 'off', not {value!r}"


def _date_problem(value: _dt.date | str) -> str | None:
    if isinstance(value, _dt.date):
        return None
    try:
        _dt.date.fromisoformat(value.strip())
    except ValueError:
        return f"'{value}' is not a date; write it as 2026-03-14"
    return None


def _texts_problem(value: list | str) -> str | None:
    items = [value] if isinstance(value, str) else value
    bad = next((item for item in items if not isinstance(item, str)), None)
    return None if bad is None else f"each entry must be text, not {bad!r}"


def _not_blank(value: str) -> str | None:
    return "must not be empty" if not str(value).strip() else None


BACK_MATTER = Schema({
    "revision_summary": Field((bool,), default=True, help="every topic's summary, with page numbers"),
    "key_figures": Field((bool,), default=True, help="index of every key figure"),
    "answer_key": Field((bool,), default=True, help="answers to every practice question"),
    "previous_year_questions": Field((bool,), default=True, help="table of questions by exam and year"),
    "mind_maps": Field((bool,), default=False, help="a part that collects every topic's mind map"),
})

PART = Schema({
    "title": Field((str,), required=True, check=_not_blank),
    "topics": Field((list,), required=True),
})

MANIFEST = Schema({
    "title": Field((str,), required=True, check=_not_blank, help="the booklet's title"),
    "subtitle": Field((str,), default=""),
    "language": Field((str,), default="en", check=language_problem, help="BCP 47 tag, e.g. en-IN"),
    "edition": Field((str, int), default=""),
    "date": Field((_dt.date, str), default=None, check=_date_problem),
    "authors": Field((list, str), default=[], check=_texts_problem),
    "institute": Field((str,), default=""),
    "description": Field((str,), default=""),
    "identifier": Field((str,), default=""),
    "brand": Field((str,), default=""),
    "layout": Field((str,), default="default"),
    "mindmaps": Field((str, bool), default="start", check=_map_placement,
                      help="start | end | off: a mind-map page at the start or end of each topic"),
    "front": Field((list,), default=[]),
    "parts": Field((list,), required=True),
    "back": Field((list,), default=[]),
    "back_matter": Field((dict,), schema=BACK_MATTER, default={}),
    "vault": Field((str,), default="", help="an Obsidian vault folder; topics may then be note names"),
    "obsidian": Field((dict,), schema=obsidian_settings.SCHEMA, default={}),
    "strict_line_breaks": Field((bool,), default=True,
                                help="topics outside an Obsidian vault: false makes a single newline a break"),
    "clippings": Field((dict,), schema=clippings_settings.SCHEMA, default={},
                       help="web clippings: detection (auto, on, off) and more boilerplate phrases"),
    "print": Field((dict,), schema=PRINT, default={}, help="page size, duplex, bleed, PDF standard, imposition"),
})


@dataclass(frozen=True)
class TopicRef:
    path: Path
    where: SourceLocation
    role: str
    name: str = ""  # a vault note's name: its title when the note gives none


@dataclass(frozen=True)
class PartSpec:
    title: str
    topics: tuple[TopicRef, ...]
    where: SourceLocation


@dataclass(frozen=True)
class ManifestSpec:
    path: Path
    values: dict[str, Any]
    front: tuple[TopicRef, ...]
    parts: tuple[PartSpec, ...]
    back: tuple[TopicRef, ...]

    @property
    def root(self) -> Path:
        return self.path.parent


def read(path: Path, reporter: Reporter) -> ManifestSpec:
    """Parse and check a manifest, reporting every problem before the build aborts."""
    where = SourceLocation(path, 1)
    text = read_text(path, where)
    root_node = parse(text, path)
    if root_node is None:
        raise BookletError("the manifest is empty; it needs at least a title and parts", SourceLocation(path, 1))
    values = validate(root_node, MANIFEST, reporter, "")
    seen: dict[Path, SourceLocation] = {}
    body = root_node.value if isinstance(root_node.value, dict) else {}
    vault = _vault(body.get("vault"), values, path, reporter)
    front = _topic_list(body.get("front"), "front", path, reporter, seen, vault)
    parts = _parts(body.get("parts"), path, reporter, seen, vault)
    back = _topic_list(body.get("back"), "back", path, reporter, seen, vault)
    reporter.check()
    return ManifestSpec(path, values, front, parts, back)


def _vault(node: Node | None, values: dict, path: Path, reporter: Reporter) -> obsidian_vault.Vault | None:
    """The `vault:` folder, inside the project; values["vault"] becomes its absolute path."""
    if node is None or not values.get("vault"):
        values["vault"] = None
        return None
    try:
        folder = resolve_inside(values["vault"].strip(), path.parent, (path.parent,), node.where)
    except BookletError as exc:
        reporter.add(exc)
        folder = None
    if folder is not None and not folder.is_dir():
        reporter.error(f"vault folder not found: {values['vault']}", node.where)
        folder = None
    values["vault"] = folder
    return obsidian_vault.Vault.scan(folder) if folder else None


def _parts(node: Node | None, path: Path, reporter: Reporter, seen: dict,
           vault: obsidian_vault.Vault | None = None) -> tuple[PartSpec, ...]:
    if node is None or not isinstance(node.value, list):
        return ()
    if not node.value:
        reporter.error("'parts' is empty: a booklet needs at least one part with topics", node.where)
    parts = []
    for index, part_node in enumerate(node.value, 1):
        values = validate(part_node, PART, reporter, f"parts[{index}]")
        topics_node = part_node.value.get("topics") if isinstance(part_node.value, dict) else None
        topics = _topic_list(topics_node, "topic", path, reporter, seen, vault)
        if topics_node is not None and isinstance(topics_node.value, list) and not topics_node.value:
            reporter.error(f"part '{values.get('title', index)}' has no topics", topics_node.where)
        parts.append(PartSpec(values.get("title", ""), topics, part_node.where))
    return tuple(parts)


def _topic_list(node: Node | None, role: str, path: Path, reporter: Reporter, seen: dict,
                vault: obsidian_vault.Vault | None = None) -> tuple[TopicRef, ...]:
    if node is None or not isinstance(node.value, list):
        return ()
    refs = []
    for item in node.value:
        ref = _topic_ref(item, role, path, reporter, seen, vault)
        if ref is not None:
            refs.append(ref)
    return tuple(refs)


def _topic_ref(item: Node, role: str, path: Path, reporter: Reporter, seen: dict,
               vault: obsidian_vault.Vault | None = None) -> TopicRef | None:
    if not isinstance(item.value, str) or not item.value.strip():
        reporter.error(f"a topic must be a file path, not {item.plain()!r}", item.where)
        return None
    try:
        file = resolve_inside(item.value.strip(), path.parent, (path.parent,), item.where)
        if vault is not None and not file.is_file():  # a note name, resolved as Obsidian does
            file = obsidian_vault.topic_file(vault, item.value.strip(), item.where)
    except BookletError as exc:
        reporter.add(exc)
        return None
    if not file.is_file():
        reporter.error(_not_found(file, item.value.strip()), item.where)
        return None
    if file in seen:
        reporter.error(f"'{item.value}' is listed twice (first on line {seen[file].line})", item.where)
        return None
    seen[file] = item.where
    in_vault = vault is not None and file.is_relative_to(vault.root)
    return TopicRef(file, item.where, role, file.stem if in_vault else "")


def _not_found(file: Path, written: str) -> str:
    """What is wrong with a topic path, and the file it most likely means (case, a missing `.md`, a typo)."""
    if file.is_dir():
        return f"'{written}' is a folder; list each topic file in it, as '{written.rstrip('/')}/<note>.md'"
    names = sorted(p.name for p in file.parent.glob("*.md") if p.is_file()) if file.parent.is_dir() else []
    folded = {name.casefold(): name for name in names}
    close = folded.get(file.name.casefold()) or folded.get(file.name.casefold() + ".md") or next(
        iter(difflib.get_close_matches(file.name, names, n=1, cutoff=0.75)), None)
    hint = f"; did you mean '{written[:len(written) - len(file.name)]}{close}'?" if close and written.endswith(file.name) else ""
    return f"topic file not found: {written}{hint}"


def stable_identifier(title: str, language: str, manifest: Path | None) -> str:
    """A URN that stays the same for the same manifest, so readers keep notes and progress."""
    name = manifest.name if manifest else ""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"booklet:{name}:{title}:{language}").urn
