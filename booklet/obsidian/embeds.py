"""`![[…]]` embeds: a note or one heading's section inlined, images found by name anywhere in the vault."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import quote

from ..errors import BookletError, Reporter, SourceLocation
from ..frontmatter import split
from ..sources import read_text
from . import cleanup, headings, syntax
from ..source import block_id_pattern, container, list_item, set_heading_level
from .lines import Line, mask_code, of_text, structure
from .vault import IMAGE_SUFFIXES, NOTE_SUFFIX, Vault

_SIZE = re.compile(r"^\s*(\d{1,4})(?:\s*x\s*(\d{1,4}))?\s*$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!-])")  # what Python-Markdown lets a backslash escape

Key = tuple[Path, tuple[str, ...], str]  # note, heading path, block id: one thing an embed inlines


def placeholder(text: str) -> str:
    """A visible mark where something could not be shown, safe from Markdown and HTML."""
    return f'<span class="embed-missing">{_escape(html.escape(text, quote=False))}</span>'


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


class Embedder:
    """Expands the embeds of one topic; each embedded note is read once."""

    def __init__(self, vault: Vault, topic_path: Path, reporter: Reporter, depth: int):
        self.vault, self.topic_path, self.reporter, self.depth = vault, topic_path, reporter, depth
        self._notes: dict[Path, list[Line] | None] = {}

    def expand(self, lines: list[Line], chain: tuple[Key, ...] | None = None) -> list[Line]:
        chain = chain or ((self.topic_path, (), ""),)
        out: list[Line] = []
        level = 0  # the heading level the text has reached: embedded headings go below it
        for line, parsed in zip(lines, structure(lines)):
            if parsed.atx:
                level = parsed.level
            if parsed.code or "![[" not in line.text:
                out.append(line)
            else:
                out += self._expand_line(line, chain, level)
        return out

    def _expand_line(self, line: Line, chain: tuple[Key, ...], level: int) -> list[Line]:
        text, masked = line.text, mask_code(line.text)
        pieces: list[str | list[Line]] = []
        last = 0
        for match in syntax.EMBED.finditer(masked):
            if "\x00" in match.group(0):
                continue
            pieces.append(text[last:match.start()])
            pieces.append(self._embed(syntax.parse(match.group(1)), line, chain, level))
            last = match.end()
        pieces.append(text[last:])
        if all(isinstance(piece, str) for piece in pieces):
            return [line.with_text("".join(piece for piece in pieces if isinstance(piece, str)))]
        return _as_blocks(pieces, line)

    def _embed(self, link: syntax.Link, line: Line, chain: tuple[Key, ...], level: int) -> str | list[Line]:
        if link.note:
            found = self.vault.resolve(link.note, line.path)
            if found.path is None:
                self.reporter.warning(f"![[{link.written}]]: nothing named '{link.note}' in the vault", line.where)
                return placeholder(f"not found: {link.target()}")
            if found.guessed:
                self._ambiguous(link, found.candidates, line)
            path = found.path
        else:
            path = line.path  # ![[#Heading]]: a section of the note the embed is written in
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            return self._image(path, link)
        if suffix != NOTE_SUFFIX:
            self.reporter.warning(f"![[{link.written}]]: a {suffix or 'file'} embed cannot be printed; "
                                  "shown as its name", line.where)
            return placeholder(path.name)
        inlined = self._note(path, link, line, chain)
        return inlined if isinstance(inlined, str) else _below(inlined, level)

    def _note(self, path: Path, link: syntax.Link, line: Line, chain: tuple[Key, ...]) -> str | list[Line]:
        key: Key = (path, tuple(headings.key(h) for h in link.headings), link.block)
        if key in chain:
            names = " → ".join(self._name(k) for k in (*chain[chain.index(key):], key))
            self.reporter.error(f"embed cycle: {names}; a note cannot embed itself, even through others",
                                line.where)
            return placeholder(f"embed cycle: {link.target()}")
        if len(chain) > self.depth:
            self.reporter.warning(f"![[{link.written}]] is nested {len(chain)} embeds deep; the limit is "
                                  f"{self.depth} (obsidian: embed_depth in the manifest)", line.where)
            return placeholder(f"nested too deep: {link.target()}")
        note = self._read(path)
        if note is None:
            return placeholder(f"unreadable: {link.target()}")
        part = self._part(note, link, line)
        if part is None:
            return placeholder(f"not found: {link.target()}")
        return self.expand(part, (*chain, key))

    def _part(self, note: list[Line], link: syntax.Link, line: Line) -> list[Line] | None:
        if link.block:
            found = _block(note, link.block)
            if found is None:
                self.reporter.warning(f"![[{link.written}]]: no block ^{link.block} in that note", line.where)
            return found
        if not link.headings:
            return note
        heading = headings.find(headings.scan(note), list(link.headings))
        if heading is None:
            self.reporter.warning(f"![[{link.written}]]: no heading '{' › '.join(link.headings)}' in that note",
                                  line.where)
            return None
        return note[heading.index:headings.section_end(headings.scan(note), heading)]

    def _read(self, path: Path) -> list[Line] | None:
        if path not in self._notes:
            try:
                note = split(read_text(path, SourceLocation(path)), path)
            except BookletError as exc:
                self.reporter.add(exc)
                self._notes[path] = None
            else:
                lines = of_text(note.body, path, note.body_line)
                lines = cleanup.remove_comments(lines, self.reporter)
                self._notes[path] = cleanup.unwrap_published_embeds(lines)
        return self._notes[path]

    def _image(self, path: Path, link: syntax.Link) -> str:
        src = quote(Path(os.path.relpath(path, self.topic_path.parent)).as_posix())
        size = _SIZE.match(link.alias)
        alt = "" if size else _escape(link.alias.strip())
        attributes = ""
        if size:
            attributes = f'{{ width="{size.group(1)}"' + (f' height="{size.group(2)}"' if size.group(2) else "") + " }"
        return f"![{alt}]({src}){attributes}"

    def _ambiguous(self, link: syntax.Link, candidates: tuple[Path, ...], line: Line) -> None:
        names = ", ".join(self.vault.relative(p) for p in candidates)
        self.reporter.warning(f"[[{link.written}]] could mean {names}; used the first. Write more of the path "
                              "to choose", line.where)

    def _name(self, key: Key) -> str:
        path, heads, block = key
        name = self.vault.link_text(path) if path.is_relative_to(self.vault.root) else path.stem
        return name + "".join(f"#{h}" for h in heads) + (f"#^{block}" if block else "")


def _below(lines: list[Line], level: int) -> list[Line]:
    """Shift an embed's headings so the biggest sits one level under the heading it is embedded below:
    the outline and the EPUB contents then show it inside that section, as the reader meant."""
    found = structure(lines).headings(atx_only=True)
    shift = level + 1 - min(h.level for h in found) if found else 0
    if shift <= 0:
        return lines
    out = list(lines)
    for heading in found:
        out[heading.number - 1] = out[heading.number - 1].with_text(
            set_heading_level(heading.text, heading.level + shift))
    return out


def _block(note: list[Line], block_id: str) -> list[Line] | None:
    """The paragraph or list item that ends with `^block_id` (or the block above a lone `^block_id`)."""
    marker = block_id_pattern(block_id)
    for index, line in enumerate(note):
        if not marker.search(line.text):
            continue
        end = index + 1
        if not marker.sub("", line.text).strip():
            end = index
        start = end - 1
        if not list_item(note[start].text):
            while start > 0 and note[start - 1].text.strip():
                start -= 1
        return note[start:end] if start < end else None
    return None


def _as_blocks(pieces: list, line: Line) -> list[Line]:
    """A line holding note embeds becomes its text and the embedded lines, inside the line's container."""
    lead = pieces[0]
    first, continuation = container(lead)  # quote marks, indentation and a list marker
    pieces[0] = lead[len(first):]
    out: list[Line] = []
    pending = ""

    def prefix() -> str:
        return first if not out else continuation

    for piece in pieces:
        if isinstance(piece, str):
            pending += piece
            continue
        if pending.strip():
            out.append(line.with_text(prefix() + pending.strip()))
        pending = ""
        if out:
            out.append(line.with_text(continuation.rstrip()))
        piece = _trimmed(piece)
        for index, inner in enumerate(piece):
            lead_text = prefix() if index == 0 else continuation
            out.append(inner.with_text((lead_text + inner.text) if inner.text.strip() else continuation.rstrip()))
        out.append(line.with_text(continuation.rstrip()))
    if pending.strip():
        out.append(line.with_text(continuation + pending.strip()))
    return out


def _trimmed(lines: list[Line]) -> list[Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]
