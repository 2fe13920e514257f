"""`booklet init --from-vault`: a starter manifest from a vault's folders, or from a map-of-content note."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BookletError, Reporter, SourceLocation
from ..frontmatter import split
from ..sources import read_text
from . import cleanup, headings, syntax
from .lines import of_text, prose
from .vault import NOTE_SUFFIX, Vault


@dataclass
class PartPlan:
    title: str
    topics: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    title: str
    parts: list[PartPlan]

    @property
    def topic_count(self) -> int:
        return sum(len(p.topics) for p in self.parts)


def manifest(folder: Path, moc: str | None, out: Path, reporter: Reporter) -> tuple[Plan, str]:
    """The plan and the manifest's text for `booklet init --from-vault folder [--moc moc]`."""
    vault = Vault.scan(folder)
    where = SourceLocation(folder)
    if moc:
        found = vault.resolve(moc)
        if found.path is None or found.path.suffix.lower() != NOTE_SUFFIX:
            raise BookletError(f"no note named '{moc}' in the vault {folder}", where)
        plan = from_map(vault, found.path, reporter)
        command = f"booklet init --from-vault {folder} --moc {_quoted(moc)}"
    else:
        plan = from_folders(vault)
        command = f"booklet init --from-vault {folder}"
    if not plan.topic_count:
        raise BookletError("found no notes to put in a booklet" + (f" in {moc}'s links" if moc else ""), where)
    return plan, manifest_text(plan, vault, out, command)


def from_folders(vault: Vault) -> Plan:
    """One topic per note in name order; notes in the vault's top folder first, then one part per folder."""
    skipped = _skipped_folders(vault)
    folders: dict[str, list[Path]] = {}
    for note in vault.notes():
        folder = note.parent.relative_to(vault.root)
        if _is_drawing(note) or any(folder == s or folder.is_relative_to(s) for s in skipped):
            continue
        folders.setdefault(folder.as_posix(), []).append(note)
    title = _map_title(vault, folders) or vault_name(vault.root)
    parts = []
    for key in sorted(folders, key=lambda f: (f != ".", _natural(f))):
        name = title if key == "." else " / ".join(Path(key).parts)
        parts.append(PartPlan(name, sorted(folders[key], key=lambda p: _natural(p.stem))))
    return Plan(title, parts)


def from_map(vault: Vault, moc: Path, reporter: Reporter) -> Plan:
    """The notes a map-of-content note links to, in order; its headings become the parts."""
    note = split(read_text(moc, SourceLocation(moc)), moc)
    lines = cleanup.remove_comments(of_text(note.body, moc, note.body_line), reporter)
    found = headings.scan(lines)
    title_heading = found[0] if found and found[0].level == 1 and sum(h.level == 1 for h in found) == 1 else None
    title = str(note.meta.get("title") or (headings.display(title_heading.text) if title_heading else moc.stem))
    levels = [h.level for h in found if h is not title_heading]
    part_level = min(levels) if levels else 0
    by_index = {h.index: h for h in found}
    parts, seen = [PartPlan(title)], {moc}
    for index, line in prose(lines):
        heading = by_index.get(index)
        if heading is not None and heading.level == part_level:
            parts.append(PartPlan(headings.display(heading.text)))
            continue
        for match in syntax.ANY.finditer(line.text):
            path = _linked_note(vault, syntax.parse(match.group(1)), line, reporter)
            if path is not None and path not in seen:
                seen.add(path)
                parts[-1].topics.append(path)
    return Plan(title, [p for p in parts if p.topics])


def _linked_note(vault: Vault, link: syntax.Link, line, reporter: Reporter) -> Path | None:
    if not link.note:
        return None
    found = vault.resolve(link.note, line.path)
    if found.path is None:
        reporter.warning(f"[[{link.written}]]: no note named '{link.note}' in the vault; left out", line.where)
        return None
    return found.path if found.path.suffix.lower() == NOTE_SUFFIX and not _is_drawing(found.path) else None


def manifest_text(plan: Plan, vault: Vault, manifest: Path, command: str) -> str:
    folder = Path(os.path.relpath(vault.root, manifest.parent.resolve())).as_posix()
    out = [
        f"# Written by `{command}`; edit it freely.",
        "# Topics are note names, found in the vault the way Obsidian finds [[links]]; a path works too.",
        f"title: {_quoted(plan.title)}",
        "language: en",
        f"vault: {_quoted(folder)}",
        "parts:",
    ]
    for part in plan.parts:
        out.append(f"  - title: {_quoted(part.title)}")
        out.append("    topics:")
        out += [f"      - {_quoted(vault.link_text(path))}" for path in part.topics]
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _natural(text: str) -> list:
    """Name order as people expect it: "2 Rights" before "10 Duties", case ignored."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


# A note named like one of these, at the top of the vault, is its map of content (its title titles the booklet).
_MAP_NAMES = re.compile(r"^(?:.*\bMOC\b.*|.*map of contents?.*|index|home|start here|overview)$", re.I)
def vault_name(root: Path) -> str:
    """The vault's name for a title. A folder such as `_notes` (where site generators keep a vault's
    notes) is not one: the project folder above names it."""
    if root.name.startswith(("_", ".")) and root.parent.name.strip("_. "):
        return root.parent.name
    return root.name


def _map_title(vault: Vault, folders: dict[str, list[Path]]) -> str | None:
    """The title of the vault's map-of-content note, when its top folder has exactly one."""
    maps = [note for note in folders.get(".", []) if _MAP_NAMES.match(note.stem)]
    if len(maps) != 1:
        return None
    note = split(read_text(maps[0], SourceLocation(maps[0])), maps[0])
    if note.meta.get("title"):
        return str(note.meta["title"])
    lines = of_text(note.body, maps[0], note.body_line)
    first = next((h for h in headings.scan(lines) if h.level == 1), None)
    return headings.display(first.text) if first else maps[0].stem


def _is_drawing(note: Path) -> bool:
    """Excalidraw drawings are `.excalidraw.md` notes; a booklet cannot draw them."""
    return note.name.lower().endswith(".excalidraw.md")


def _skipped_folders(vault: Vault) -> list[Path]:
    """The templates and daily-notes folders Obsidian's settings name (or a folder named Templates):
    not booklet content."""
    skipped = [Path(f.name) for f in vault.root.iterdir() if f.is_dir() and f.name.casefold() == "templates"]
    for settings in ("templates.json", "daily-notes.json"):
        path = vault.root / ".obsidian" / settings
        try:
            folder = json.loads(path.read_text(encoding="utf-8")).get("folder", "")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(folder, str) and folder.strip("/ "):
            skipped.append(Path(folder.strip("/ ")))
    return skipped
