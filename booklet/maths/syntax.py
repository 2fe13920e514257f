"""Finding maths in a note's lines and shielding it from Markdown (emphasis, smart quotes, attribute lists).

Each formula becomes a stashed placeholder element holding its source and line; the finisher
(`draw.py`) turns it into drawings once the fragment is sanitised. The currency rule follows
Pandoc: an opening `$` has a non-space after it, a closing `$` a non-space before it and no digit
after it, so "$5 and $10" stays text.
"""

from __future__ import annotations

import html

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..inline import MASK, mask_code_spans, math_spans
from ..source import classify

_OPEN_DISPLAY = {"$$": "$$", "\\[": "\\]"}


class MathsPreprocessor(Preprocessor):
    """Replaces every formula outside code with a placeholder the rest of Markdown leaves alone."""

    def run(self, lines: list[str]) -> list[str]:
        model = classify(lines)
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = model[index]
            if line.code or line.kind == "indented" or "$" not in line.text and "\\" not in line.text:
                out.append(lines[index])
                index += 1
                continue
            closing = self._display_end(lines, index)
            if closing is not None:
                out.append(self._display_block(lines, index, closing))
                index = closing + 1
                continue
            out.append(self._inline(lines[index], index + 1))
            index += 1
        return out

    def _display_end(self, lines: list[str], start: int) -> int | None:
        """The closing line of a `$$`/`\\[` block that opens alone on line `start`, if any."""
        text = lines[start].strip().lstrip("> ").strip()
        close = _OPEN_DISPLAY.get(text[:2])
        if close is None or text[2:].strip().endswith(close) and len(text) > 2:
            return None
        for end in range(start + 1, min(len(lines), start + 60)):
            if lines[end].strip().lstrip("> ").rstrip().endswith(close):
                return end
            if not lines[end].strip():
                return None
        return None

    def _display_block(self, lines: list[str], start: int, end: int) -> str:
        first = lines[start]
        prefix = first[:len(first) - len(first.lstrip(" \t>"))]
        body = [line.strip().lstrip("> ").strip() if n else line.strip().lstrip("> ").strip()[2:]
                for n, line in enumerate(lines[start:end + 1])]
        body[-1] = body[-1][:-2] if body[-1].endswith(("$$", "\\]")) else body[-1]
        source = "\n".join(part for part in body if part.strip())
        return prefix + self._stash(source, "display", start + 1)

    def _inline(self, text: str, number: int) -> str:
        masked = mask_code_spans(text)
        out, last = [], 0
        for match in math_spans(masked):
            if MASK in match.group(0):
                continue
            display = match.group("d1") or match.group("d2")
            source = text[match.start(match.lastgroup):match.end(match.lastgroup)]
            out.append(text[last:match.start()])
            out.append(self._stash(source, "display" if display else "inline", number))
            last = match.end()
        out.append(text[last:])
        return "".join(out)

    def _stash(self, source: str, mode: str, line: int) -> str:
        tag = "div" if mode == "display" else "span"
        element = (f'<{tag} class="math-source" data-math="{mode}" data-line="{line}">'
                   f"{html.escape(source.strip())}</{tag}>")
        return self.md.htmlStash.store(element)


class MathsExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (the Markdown API's name)
        md.registerExtension(self)
        # After the blocks' line tagger (40), so its line numbers stay right, and after the
        # whitespace normalisation (30), which would strip the stash's placeholder marks; before
        # everything that reads text (fences at 25, raw HTML at 20, inline patterns later).
        md.preprocessors.register(MathsPreprocessor(md), "booklet-maths", 29)
        # `\$5` is how Obsidian (and Pandoc) write a dollar that must not open maths: print `$`.
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
