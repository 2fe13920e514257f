"""Labels: the fixed words a booklet prints ("Contents", "Answer key"…), in the booklet's language.

They are data, not code: `labels.yml` in each folder of the layout stack maps a label to its text
in each language. Higher folders (brand pack, project layout) override single labels; the booklet's
language picks the text, and English stands in for a label the language lacks.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from .errors import BookletError, Reporter, SourceLocation
from .sources import contained, read_text
from .yamlsrc import Node, parse

if TYPE_CHECKING:
    from .layout import Layout
    from .model import Booklet, Options

FILE = "labels.yml"
FALLBACK = "en"
MONTHS = 12


def _english_table() -> Mapping[str, str]:
    return english().table


@dataclass(frozen=True)
class Labels:
    """One language's labels. Templates read `labels.contents`; Python reads `labels["contents"]`."""

    language: str = FALLBACK
    table: Mapping[str, str] = field(default_factory=_english_table)

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def fill(self, key: str, **values: object) -> str:
        """The label with its `{name}` places filled: `fill("map_page_of", page=2, pages=3)`."""
        text = self.table[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def date(self, day: datetime.date) -> str:
        """A date as the title page prints it: `1 February 2026`, the month in the booklet's language."""
        return f"{day.day} {self.table['months'].split()[day.month - 1]} {day.year}"


def _builtin_file() -> Path:
    return Path(str(resources.files("booklet.layouts").joinpath("default", FILE)))


@cache
def _builtin() -> dict[str, dict[str, str]]:
    """booklet's own table: every label there is, in every language booklet ships."""
    path = _builtin_file()
    reporter = Reporter()
    tables = _read(path, None, reporter)
    reporter.check()
    return tables


@cache
def english() -> Labels:
    """The labels of a booklet nothing configured (tests, or a build before its layout is known)."""
    return Labels(FALLBACK, MappingProxyType({k: v[FALLBACK] for k, v in _builtin().items()}))


def load(layout: Layout, language: str, reporter: Reporter) -> Labels:
    """The labels for `language`, from every labels.yml in the stack, the highest folder winning."""
    tables = {key: dict(texts) for key, texts in _builtin().items()}
    for folder in reversed(layout.folders):
        path = folder / FILE
        if path.is_file() and path.resolve() != _builtin_file().resolve():
            for key, texts in _read(path, layout, reporter).items():
                tables[key].update(texts)
    return Labels(language, MappingProxyType({key: _pick(texts, language) for key, texts in tables.items()}))


def configured(booklet: Booklet, layout: Layout, reporter: Reporter) -> Booklet:
    """The booklet with its options carrying the labels of its language (the manifest's `language:`)."""
    labels = load(layout, booklet.meta.language, reporter)
    return replace(booklet, options=replace(booklet.options, labels=labels))


def _pick(texts: Mapping[str, str], language: str) -> str:
    tag = language.lower()
    for candidate in (tag, tag.split("-")[0], FALLBACK):
        if candidate in texts:
            return texts[candidate]
    return next(iter(texts.values()))


def _read(path: Path, layout: Layout | None, reporter: Reporter) -> dict[str, dict[str, str]]:
    """One labels.yml as {label: {language: text}}; problems reported at their line."""
    where = SourceLocation(path, 1)
    try:
        real = contained(path, layout.allowed, where, f"the layout file '{FILE}'") if layout else path
        root = parse(read_text(real, where), path)
    except BookletError as exc:
        reporter.add(exc)
        return {}
    if root is None:
        return {}
    if root.kind != "mapping":
        reporter.error("labels.yml maps each label to its texts, as 'contents: {hi: विषय-सूची}'", root.where)
        return {}
    known = _builtin() if layout else None
    return {key: texts for key, node in root.value.items()
            if (texts := _texts(key, node, root.key_where.get(key, root.where), known, reporter))}


def _texts(key: str, node: Node, where: SourceLocation, known: Mapping | None,
           reporter: Reporter) -> dict[str, str]:
    if known is not None and key not in known:
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        reporter.error(f"unknown label '{key}'; {hint}labels are: {', '.join(known)}", where)
        return {}
    if node.kind != "mapping" or not all(isinstance(v.value, str) for v in node.value.values()):
        reporter.error(f"the label '{key}' needs a text per language, as '{key}: {{hi: …, en: …}}'", node.where)
        return {}
    for language, text in node.value.items():
        if key == "months" and len(text.value.split()) != MONTHS:
            reporter.error(f"the label 'months' needs the {MONTHS} month names, separated by spaces; "
                           f"its '{language}' text has {len(text.value.split())}", text.where)
            return {}
    return {str(language).lower(): text.value for language, text in node.value.items()}


# print.css prints these words with `content:`; a booklet whose labels differ from the English
# ones gets the same rules again with its own words (selectors and shapes as in print.css).
_CSS_RULES = (
    ("contents", '.contents-title {{ bookmark-label: {0}; }}'),
    ("on_page", '.answer-link::after {{ content: " " {0} "\\00a0" target-counter(attr(href url), page); }}'),
    ("page", 'a.page-ref::after {{ content: ", " {0} "\\00a0" target-counter(attr(href url), page); }}\n'
             'a.internal-link::after {{ content: " (" {0} "\\00a0" target-counter(attr(href url), page) ")"; }}'),
)


def page_css(options: Options) -> str:
    """The print-CSS hook: print.css's label strings in the booklet's language, when not English."""
    labels, default = options.labels, english()
    return "\n".join(rule.format(_css_string(labels[key])) for key, rule in _CSS_RULES
                     if labels[key] != default[key])


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'
