"""An Obsidian vault's files, and names resolved as Obsidian resolves them (case-insensitive, shortest path)."""

from __future__ import annotations

import difflib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import BookletError, SourceLocation
from ..frontmatter import split
from ..sources import inside, read_text

NOTE_SUFFIX = ".md"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"})
# Folders Obsidian and its tools keep beside the notes; never content.
_SKIPPED = frozenset({"node_modules", "__pycache__"})


def fold(text: str) -> str:
    """The form Obsidian compares names in: case-insensitive, and NFC so macOS names match typed ones."""
    return unicodedata.normalize("NFC", text).casefold()


@dataclass(frozen=True)
class Resolution:
    """What a link names: the file, and every candidate when several files had that name."""

    path: Path | None
    candidates: tuple[Path, ...] = ()
    guessed: bool = False  # several matched and none was nearer the linking note: the shortest path won

    @property
    def found(self) -> bool:
        return self.path is not None


class Vault:
    """Every file under a vault folder, indexed by vault-relative path and by file name."""

    def __init__(self, root: Path, files: list[Path]):
        self.root = root.resolve()
        self.files = tuple(sorted(files, key=lambda p: (len(p.parts), fold(p.as_posix()))))
        self._by_path = {fold(self.relative(f)): f for f in self.files}
        self._by_name: dict[str, list[Path]] = {}
        self._aliases: dict[str, Path] | None = None  # read on the first link no name resolves
        for file in self.files:
            self._by_name.setdefault(fold(file.name), []).append(file)

    @classmethod
    def scan(cls, root: Path) -> "Vault":
        root = root.resolve()
        files = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
            for name in names:
                path = Path(folder) / name
                if not name.startswith(".") and inside(path, (root,)) and path.is_file():
                    files.append(path.resolve() if path.is_symlink() else path)
        return cls(root, files)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def notes(self) -> list[Path]:
        return [f for f in self.files if f.suffix.lower() == NOTE_SUFFIX]

    def resolve(self, link: str, source: Path | None = None) -> Resolution:
        """The file `link` names, as in `[[link]]` written in `source`: a note (.md implied) or any file."""
        link = link.strip().strip("/")
        if not link:
            return Resolution(None)
        forms = [link] if link.lower().endswith(NOTE_SUFFIX) else [link + NOTE_SUFFIX, link]
        for form in forms:
            result = self._resolve(form, source)
            if result.found:
                return result
        return Resolution(self.aliases().get(fold(link)))

    def aliases(self) -> dict[str, Path]:
        """Front matter `aliases:` of every note, folded: other names a `[[link]]` may use."""
        if self._aliases is None:
            self._aliases = {}
            for note in self.notes():
                for alias in _aliases_of(note):
                    self._aliases.setdefault(fold(alias), note)
        return self._aliases

    def _resolve(self, link: str, source: Path | None) -> Resolution:
        if source is not None and link.startswith(("./", "../")):
            target = Path(os.path.normpath(source.parent / link))
            found = self._by_path.get(fold(self.relative(target))) if target.is_relative_to(self.root) else None
            return Resolution(found)
        if fold(link) in self._by_path:
            return Resolution(self._by_path[fold(link)])
        if source is not None and source.parent.is_relative_to(self.root):
            near = fold(self.relative(source.parent / link))
            if near in self._by_path:
                return Resolution(self._by_path[near])
        wanted = fold(link)
        name = wanted.rsplit("/", 1)[-1]
        matches = [f for f in self._by_name.get(name, ()) if fold(self.relative(f)).endswith("/" + wanted)]
        if len(matches) <= 1:
            return Resolution(matches[0] if matches else None)
        if source is not None:
            beside = [f for f in matches if f.parent == source.parent]
            if len(beside) == 1:
                return Resolution(beside[0], tuple(matches))
        return Resolution(matches[0], tuple(matches), guessed=True)  # files are sorted shortest path first

    def link_text(self, path: Path) -> str:
        """The shortest name that resolves to `path` alone, as Obsidian writes links ("shortest path")."""
        parts = PurePosixPath(self.relative(path)).with_suffix("" if path.suffix.lower() == NOTE_SUFFIX
                                                              else path.suffix).parts
        for start in range(len(parts) - 1, -1, -1):
            text = "/".join(parts[start:])
            result = self.resolve(text)
            if result.path == path and not result.guessed:
                return text
        return "/".join(parts)

    def similar(self, link: str) -> list[str]:
        names = {f.stem: f for f in self.notes()}
        return difflib.get_close_matches(link, list(names), n=1, cutoff=0.6)


def _aliases_of(note: Path) -> list[str]:
    try:
        text = read_text(note)
        meta = split(text, note).meta if text.startswith("---") else {}
    except BookletError:
        return []  # reported when the note itself is read as a topic
    aliases = meta.get("aliases") or meta.get("alias") or []
    if not isinstance(aliases, list):   # text (or a number), typed in front matter: `aliases: a, b`
        aliases = str(aliases).split(",")
    return [str(a).strip() for a in aliases if str(a).strip()]


def topic_file(vault: Vault, name: str, where: SourceLocation) -> Path:
    """A manifest's topic given by note name: exactly one note, or a `path:line` error that says why."""
    result = vault.resolve(name)
    shown = os.path.relpath(vault.root)
    if result.path is None or result.path.suffix.lower() != NOTE_SUFFIX:
        message = f"no note named '{name}' in the vault ({shown}/)"
        close = vault.similar(name)
        raise BookletError(message + (f"; did you mean '{close[0]}'?" if close else ""), where)
    if result.guessed:
        options = ", ".join(f"'{vault.link_text(p)}'" for p in result.candidates)
        raise BookletError(f"'{name}' names {len(result.candidates)} notes in the vault; write one of {options}",
                           where)
    return result.path
