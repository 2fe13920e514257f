"""The page numbers a drawn chunk prints, found so that they can be changed without laying it out again.

An edit that changes one topic's page count moves every chunk after it: their folios change, and
so do the numbers they print of anchors further on (a question's "on p. N" in the answer key).
Laying all of them out again for that would cost nearly a cold build. So when a chunk is drawn,
every page number it prints is found in the laid-out boxes (`find`): the folio of each page
(`counter(page)` in a margin box) and each `target-counter(…, page)`. Each text box that shows
one is drawn inside a marked-content span named by its stamp (adapters/weasy.py), and the
chunk keeps, per stamp, the box's text, where each number sits in it and the font's digit
glyphs (`check`). engine/restamp.py later puts other numbers in those spans, glyph for glyph.

That is exact only when the new number has as many digits as the old, and its font gives every
digit the same advance with no kerning against a digit (tabular figures, as the bundled Noto
faces have): the line then breaks and is positioned as it was. Otherwise, or when a number is
printed in a way this cannot find (a roman folio, a number split over two lines, text drawn
inside a group), the chunk is not stampable and is laid out again, as before.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..adapters.weasy import page_box

FOLIO = "#page"     # a slot holding the page's own number (counter(page))
TOTAL = "#pages"    # counter(pages): the booklet's page count (also worker.PAGES, as if an anchor)

# {"page": int, "text": str, "slots": [[name, start, end]] (characters), "glyphs": [[start, end]] (the
# slots' glyphs in the drawn text), "digits": [gid × 10]}
Stamp = dict


def find(pages: list, first_folio: int, asked: dict[str, int | None], total: int) -> tuple[list[Stamp], list] | None:
    """Every page number printed on the drawn pages (WeasyPrint `Page`s), its text box marked for
    drawing (adapters/weasy.py), and those boxes; None if one is printed in a way a stamp cannot hold."""
    stamps: list[Stamp] = []
    marked = []
    for number, page in enumerate(pages):
        values = {FOLIO: first_folio + number, TOTAL: total, **asked}
        for owner, boxes in _owners(page_box(page)):
            found = _slots(owner, boxes, values)
            if found is None:
                return None
            for box, slots in found:
                box.booklet_stamp = len(stamps)
                marked.append(box)
                stamps.append({"page": number, "text": box.text, "slots": slots, "glyphs": [], "digits": []})
    return stamps, marked


def check(stamps: list[Stamp], boxes: list, fonts: dict) -> bool:
    """After drawing (`boxes`: the text boxes `find` marked, `fonts`: WeasyPrint's fonts by hash):
    every stamp drawn in one font with tabular digits, each number's glyphs found. Records each stamp's
    digit glyphs, and adds the ten digits to the font's glyphs (so the joined font has them, whatever
    number a later build stamps in); False if a stamp could not be changed glyph for glyph."""
    drawn = {box.booklet_stamp: box for box in boxes}
    for number, stamp in enumerate(stamps):
        box = drawn.get(number)
        if box is None:
            continue          # not drawn (hidden): nothing to change
        drawn_glyphs = getattr(box, "booklet_drawn", None)
        if not drawn_glyphs:
            return False      # drawn in a group
        # The numbers' glyphs: runs of one font's digit glyphs, one per slot, in order (a Devanagari
        # label beside a number has another font, and more or fewer glyphs than characters).
        fonts_used = {fonts.get(name) for name, gid in drawn_glyphs if gid in _plain_digits(fonts.get(name))}
        if len(fonts_used) != 1 or None in fonts_used:
            return False      # no digits found, or digits in two fonts
        font = fonts_used.pop()
        digits = _digits(_file(font), font.index, _neighbours(stamp))
        if digits is None:
            return False
        gids = [gid if name == font.hash else -1 for name, gid in drawn_glyphs]
        text = stamp["text"]
        runs = _runs(gids, set(digits))
        if len(runs) != len(stamp["slots"]) or any(
                "".join(str(digits.index(g)) for g in gids[begin:end]) != text[start:stop]
                for (begin, end), (_, start, stop) in zip(runs, stamp["slots"])):
            return False      # other digits in the box, or not the font's plain digits (old-style figures)
        stamp["glyphs"] = [list(run) for run in runs]
        stamp["digits"] = digits
        width = font.widths[gids[runs[0][0]]]
        for char, gid in zip(DIGITS, digits):
            font.widths.setdefault(gid, width)
            font.to_unicode.setdefault(gid, char)
    return True


DIGITS = "0123456789"
_fonts: dict[tuple, object] = {}                  # HarfBuzz fonts, by file and face index
_tabular: dict[tuple, list[int] | None] = {}       # `_digits`'s answers


def _file(font) -> bytes:
    return font.full_content if getattr(font, "full_content", None) else font.file_content


def _hb(data: bytes, index: int):
    key = (hash(data), index)
    if key not in _fonts:
        import uharfbuzz as hb

        _fonts[key] = hb.Font(hb.Face(hb.Blob(data), index))
    return _fonts[key]


def _nominal(data: bytes, index: int) -> list[int]:
    """The font's glyphs for 0-9 by its cmap (0: none)."""
    font = _hb(data, index)
    return [font.get_nominal_glyph(ord(char)) or 0 for char in DIGITS]


def _plain_digits(font) -> set[int]:
    """The digit glyphs of a WeasyPrint font (none for no font, or a bitmap one)."""
    if font is None or font.bitmap:
        return set()
    return set(_nominal(_file(font), font.index)) - {0}


def _runs(gids: list[int], digits: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index, gid in enumerate(gids):
        if gid in digits:
            if runs and runs[-1][1] == index:
                runs[-1] = (runs[-1][0], index + 1)
            else:
                runs.append((index, index + 1))
    return runs


def _neighbours(stamp: Stamp) -> str:
    text = stamp["text"]
    around = {text[start - 1] for _, start, _ in stamp["slots"] if start > 0}
    around |= {text[end] for _, _, end in stamp["slots"] if end < len(text)}
    return "".join(sorted(around - set(DIGITS)))


def _digits(data: bytes, index: int, neighbours: str) -> list[int] | None:
    """The font's glyphs for 0-9 if any number of so many digits sets exactly as wide, beside these
    characters: one advance for every digit, and no kerning or substitution among them or beside them."""
    key = (hash(data), index, neighbours)
    if key not in _tabular:
        _tabular[key] = _measure(data, index, neighbours)
    return _tabular[key]


def _measure(data: bytes, index: int, neighbours: str) -> list[int] | None:
    import uharfbuzz as hb

    font = _hb(data, index)
    gids = _nominal(data, index)
    if not all(gids):
        return None
    advance = font.get_glyph_h_advance(gids[0])
    if any(font.get_glyph_h_advance(gid) != advance for gid in gids):
        return None
    tests = ["".join(a + b for a in DIGITS for b in DIGITS)]
    tests += [n + d for n in neighbours for d in DIGITS] + [d + n for n in neighbours for d in DIGITS]
    for text in tests:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        expected = [gids[int(c)] if c in DIGITS else font.get_nominal_glyph(ord(c)) for c in text]
        if [info.codepoint for info in buffer.glyph_infos] != expected:
            return None
        for char, position in zip(text, buffer.glyph_positions):
            plain = advance if char in DIGITS else font.get_glyph_h_advance(font.get_nominal_glyph(ord(char)) or 0)
            if (position.x_advance, position.x_offset, position.y_offset) != (plain, 0, 0):
                return None
    return gids


def _owners(page_box):
    """Boxes whose `content` prints a page number, with the text boxes under them, grouped per page:
    an inline split over lines is one owner."""
    groups: dict[tuple, tuple] = {}
    order: list[tuple] = []
    todo = [page_box]
    while todo:
        box = todo.pop()
        style = getattr(box, "style", None)
        content = style["content"] if style is not None else None
        if content not in (None, "normal", "none", "inhibit") and _prints_pages(content):
            key = (id(box),) if not hasattr(box, "element_tag") or box.element is None else (
                id(box.element), box.element_tag)
            if key not in groups:
                groups[key] = (box, [])
                order.append(key)
            groups[key][1].extend(_texts(box))
            continue
        todo.extend(reversed(getattr(box, "children", ())))
    return [groups[key] for key in order]


def _texts(box) -> list:
    out, todo = [], [box]
    while todo:
        current = todo.pop()
        if hasattr(current, "text") and not getattr(current, "children", None):
            out.append(current)
        todo.extend(reversed(getattr(current, "children", ())))
    return out


def _prints_pages(content) -> bool:
    for kind, value in content:
        if kind in ("counter()", "counters()") and value[0] in ("page", "pages"):
            return True
        if kind in ("target-counter()", "target-counters()") and value[1] in ("page", "pages"):
            return True
    return False


def _slots(owner, boxes: list, values: dict) -> list[tuple] | None:
    """Where each page number sits in the owner's text boxes: [(box, [[name, start, end]])]."""
    pattern, names = "", []
    for kind, value in owner.style["content"]:
        if kind == "string":
            pattern += "".join(r"\s*" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", value) if part)
        elif kind in ("counter()", "counters()") and value[0] in ("page", "pages"):
            name = FOLIO if value[0] == "page" else TOTAL
            if kind != "counter()" or value[1] != "decimal" or values.get(name) is None:
                return None
            pattern += f"({values[name]})"
            names.append(name)
        elif kind == "target-counter()" and value[1] in ("page", "pages"):
            name = _anchor(value[0], owner)
            if name is None or value[1] != "page" or value[2] != "decimal" or values.get(name) is None:
                return None
            pattern += f"({values[name]})"
            names.append(name)
        elif kind == "target-counters()" and value[1] in ("page", "pages"):
            return None
        else:
            pattern += "(?:.*?)"
    text = "".join(box.text for box in boxes)
    match = re.fullmatch(pattern, text, re.DOTALL)
    if match is None:
        return None
    found: dict[int, list] = {}
    offset, spans = 0, []
    for box in boxes:
        spans.append((offset, offset + len(box.text), box))
        offset += len(box.text)
    for group, name in enumerate(names, 1):
        start, end = match.span(group)
        holder = next(((s, b) for s, e, b in spans if s <= start and end <= e), None)
        if holder is None:
            return None     # a number split between two boxes
        found.setdefault(id(holder[1]), [holder[1], []])[1].append([name, start - holder[0], end - holder[0]])
    return [(box, slots) for box, slots in found.values()]


def _anchor(token, box) -> str | None:
    if token[0] == "attr()" and box.element is not None:
        value = box.element.get(token[1][0], "")
        return unquote(value[1:]) if value.startswith("#") else None
    if token[0] == "url" and isinstance(token[1], tuple) and token[1][0] == "internal":
        return unquote(token[1][1])
    return None
