"""The finisher: turns a topic's block elements into their final HTML and collects their data.

It runs on each topic's fragment on its own (the revision-blocks feature's `finish` hook). Questions leave the place
where they were written for a "Practice questions" section at the end of the topic; their
answers leave the topic altogether (the answer key prints them). Numbers come later, once every
topic is rendered (`numbering.py`).
"""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING, Any, Callable

from lxml import etree

from .. import fragment, sanitize
from ..errors import Reporter, SourceLocation
from ..labels import Labels
from ..model import Options, Topic
from ..slugs import unique
from ..source import list_item
from . import emptied, figures as figures_mod, length, questions as questions_mod, tree as t
from .model import KeyFigure, Question, Summary
from .model import GENERIC_TYPES, KNOWN_TYPES

if TYPE_CHECKING:
    from ..render import RenderContext

class Locator:
    """Source locations of block elements, from the line each header was tagged with."""

    def __init__(self, topic: Topic):
        self.topic = topic

    def line(self, block: etree._Element) -> int | None:
        value = block.get("data-line", "")
        return int(value) if value.isdigit() else None

    def __call__(self, block: etree._Element) -> SourceLocation:
        line = self.line(block)
        return self.topic.location(line) if line else fragment.line_of(self.topic, "!!!")

    def item_lines(self, block: etree._Element) -> list[SourceLocation]:
        line = self.line(block)
        if not line or block.get("data-form") == "implicit":
            return []
        # The list items at the top level of the block's body.
        return [self.topic.location(n) for n, text in self.topic.structure.body(line)
                if list_item(text) is not None and not text[:1].isspace()]


class _Ids:
    """Booklet-unique ids: the topic's prefix, and never one already in the fragment."""

    def __init__(self, tree: etree._Element):
        self.taken = {e.get("id") for e in tree.iter() if e.get("id")}

    def __call__(self, base: str) -> str:
        return unique(base, self.taken)


class _InLineOrder(Reporter):
    """Holds the problems found (innermost block first) and reports them in source order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, SourceLocation | None, str]] = []

    def error(self, message: str, location: SourceLocation | None = None, code: str = "") -> None:
        self.found.append(("error", message, location, code or _module(sys._getframe(1))))

    def warning(self, message: str, location: SourceLocation | None = None, code: str = "") -> None:
        self.found.append(("warning", message, location, code or _module(sys._getframe(1))))

    def replay(self, reporter: Reporter) -> None:
        for severity, message, location, code in sorted(self.found, key=lambda f: (f[2] and f[2].line) or 0):
            getattr(reporter, severity)(message, location, code=code)


def _module(frame) -> str:
    # The code a diagnostic gets when none is given: the reporting module (as errors.Reporter does).
    return frame.f_globals.get("__name__", "").removeprefix("booklet.") or "booklet"


def finish(topic: Topic, tree: etree._Element, reporter: Reporter, context: RenderContext) -> dict:
    """Finisher hook: final HTML for every block; questions, key figures and summaries as extras."""
    problems = _InLineOrder()
    extras = _finish(topic, tree, problems, length.Fit.of(context.geometry), context.options,
                     lambda text: context.fragments.converted("summary", text, _summary_html))
    problems.replay(reporter)
    return extras


def _finish(topic: Topic, tree: etree._Element, reporter: Reporter, fit: length.Fit, options: Options,
            convert: Callable[[str], str]) -> dict:
    locate, labels = Locator(topic), options.labels
    answer_link = labels["see_answer"] if options.answer_key else None
    blocks = [e for e in tree.iter("div") if e.get("data-block")]
    names = _name_blocks(topic, blocks, _Ids(tree))
    questions: list[tuple[int, etree._Element, Question]] = []
    figures: list[tuple[int, list[KeyFigure]]] = []
    summaries: list[tuple[int, Summary]] = []
    # Innermost first, so a box inside an answer is final before the answer is taken out.
    for order, block in reversed(list(enumerate(blocks))):
        kind = block.get("data-block")
        if kind in ("question", "mcq"):
            question_id, answer_id = names[order]
            element, question = questions_mod.build(block, topic.id, question_id, answer_id, locate, reporter,
                                                    answer_link)
            fit.mark(element)
            t.replace_with(block, element)
            questions.append((order, element, question))
        elif kind == "figures":
            box_id, card_ids = names[order]
            box, found = figures_mod.build(block, topic.id, box_id, card_ids, locate, reporter,
                                           labels["key_figures"])
            if box is not None:
                fit.mark(box)
            _replace_or_drop(block, box)
            figures.append((order, found))
        elif kind == "summary":
            summaries.append((order, _summary(block, topic, names[order], locate, fit, labels)))
        elif kind == "mindmap":
            _mindmap(block)
        elif kind == "answer":
            _check_answer(block, locate, reporter, fit)
        elif kind != "explanation":  # an explanation is taken by its mcq
            _check_type(block, locate, reporter)
            _generic(block, fit, labels)
    summary_list = [s for _, s in sorted(summaries, key=lambda pair: pair[0])]
    front = _front_matter_summary(topic, tree, _Ids(tree), summary_list, reporter, fit, labels, convert)
    questions.sort(key=lambda triple: triple[0])
    if questions:
        _practice_section(tree, topic, _Ids(tree), [element for _, element, _ in questions],
                          labels["practice_questions"])
    return {
        "questions": tuple(q for _, _, q in questions),
        "key_figures": tuple(f for _, found in sorted(figures, key=lambda pair: pair[0]) for f in found),
        "summaries": tuple(front or summary_list),
    }


def _name_blocks(topic: Topic, blocks: list[etree._Element], ids: _Ids) -> dict[int, Any]:
    """Ids for the elements each block becomes, given in reading order so they read Q1, Q2…"""
    names: dict[int, Any] = {}
    questions = cards = 0
    for order, block in enumerate(blocks):
        kind = block.get("data-block")
        if kind in ("question", "mcq"):
            questions += 1
            names[order] = (ids(f"{topic.id}--q-{questions}"), ids(f"{topic.id}--answer-{questions}"))
        elif kind == "figures":
            count = len(figures_mod.items(block))
            names[order] = (ids(f"{topic.id}--key-figures"),
                            [ids(f"{topic.id}--figure-{cards + n}") for n in range(1, count + 1)])
            cards += count
        elif kind == "summary":
            names[order] = ids(f"{topic.id}--in-brief")
    return names


def _check_answer(block: etree._Element, locate: Locator, reporter: Reporter, fit: length.Fit) -> None:
    owner = t.block_ancestor(block)
    if owner is None or owner.get("data-block") not in ("question", "mcq"):
        reporter.error("an answer block must sit inside a question or mcq block "
                       "(indent it under '!!! question', or use an 'Answer:' line)", locate(block))
        _generic(block, fit)


def _replace_or_drop(block: etree._Element, replacement: etree._Element | None) -> None:
    if replacement is None:
        t.detach(block)
    else:
        t.replace_with(block, replacement)


def _summary(block: etree._Element, topic: Topic, box_id: str, locate: Locator, fit: length.Fit,
             labels: Labels) -> Summary:
    where = locate(block)
    title = block.get("data-title") or labels["in_brief"]
    for old in block.findall("p[@class='admonition-title']"):
        t.detach(old)
    box = _summary_box(box_id, title)
    html = t.inner_html(block)
    t.move_content(block, box)
    t.replace_with(block, box)
    return Summary(box.get("id"), topic.id, html, where, fit.mark(box))


def _summary_box(box_id: str, title: str) -> etree._Element:
    box = t.new("div", "summary-box", id=box_id, role="note")
    box.append(t.new("p", "summary-title", title))
    return box


def _front_matter_summary(topic: Topic, tree: etree._Element, ids: _Ids, blocks: list[Summary],
                          reporter: Reporter, fit: length.Fit, labels: Labels,
                          convert: Callable[[str], str]) -> list[Summary]:
    """`summary:` in the front matter: an "In brief" box at the top of the topic."""
    text = topic.meta.get("summary")
    if text is None or not str(text).strip():
        return []
    if blocks:
        reporter.warning("this topic has a summary block and 'summary:' in its front matter; "
                         "the block is used", blocks[0].location)
        return []
    html = convert(str(text))
    box = _summary_box(ids(f"{topic.id}--in-brief"), labels["in_brief"])
    t.move_content(fragment.parse(html), box)
    tree.insert(0, box)
    box.tail, tree.text = tree.text, None
    return [Summary(box.get("id"), topic.id, html, topic.location(None), fit.mark(box))]


def _summary_html(text: str) -> str:
    """A front matter's `summary:` as sanitised HTML (kept in the fragment cache, see `finish`).
    The extensions are made directly: named by string, Markdown looks each up among the installed
    distributions' entry points first, which costs more than the conversion."""
    import markdown   # here: a build whose summaries all come from the cache never loads it
    from markdown.extensions import smarty
    from pymdownx import mark, tilde

    return sanitize.clean(markdown.markdown(text, extensions=[smarty.makeExtension(), mark.makeExtension(),
                                                             tilde.makeExtension()]))


def _mindmap(block: etree._Element) -> None:
    """Mind maps belong to another feature: a plain `div.mindmap-block` holding the list."""
    line, title = block.get("data-line"), block.get("data-title")
    for old in block.findall("p[@class='admonition-title']"):
        t.detach(old)
    block.attrib.clear()
    block.set("class", "mindmap-block")
    if line:
        block.set("data-line", line)
    if title:
        block.set("data-title", title)


def _check_type(block: etree._Element, locate: Locator, reporter: Reporter) -> None:
    kind = block.get("data-block")
    if kind == "invalid":
        reporter.error(f"cannot read the block header '{block.get('data-title')}': write "
                       f"'!!! type \"title\"' (add 'multiple' after the title of an mcq with several "
                       f"right options) or '> [!type] title'", locate(block))
    elif kind not in KNOWN_TYPES and block.get("data-form") == "admonition":
        close = difflib.get_close_matches(kind, KNOWN_TYPES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        reporter.error(f"unknown block type '{kind}'; {hint}known types: {', '.join(KNOWN_TYPES[:6])}, "
                       f"and the callouts {', '.join(GENERIC_TYPES)}", locate(block))


def _generic(block: etree._Element, fit: length.Fit, labels: Labels | None = None) -> None:
    """Any other callout: a styled box with its title, marked if longer than a page. A box
    given no title is titled with its type, in the booklet's language (labels.yml)."""
    kind = block.get("data-block")
    default = labels.table.get(f"callout_{kind}") if labels else None
    if default and not block.get("data-title"):
        for title in block.findall("p[@class='admonition-title']"):
            title.text = default
    t.strip_internal(block)
    block.set("class", f"admonition {kind}" if kind != "invalid" else "admonition")
    fit.mark(block)


def _practice_section(tree: etree._Element, topic: Topic, ids: _Ids, elements: list[etree._Element],
                      title: str) -> None:
    section = t.new("section", "practice-questions")
    heading_id = ids(f"{topic.id}--practice-questions")
    heading = t.new("h2", "practice-title", title, id=heading_id)
    section.append(heading)
    emptied.drop(emptied.emptied_headings(tree, elements), heading)
    for element in elements:
        section.append(t.detach(element))
    footnotes = tree.xpath('./div[contains(concat(" ", @class, " "), " footnote ")]')
    if footnotes:
        footnotes[0].addprevious(section)
    else:
        tree.append(section)

