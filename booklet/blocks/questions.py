"""Questions: descriptive (`question`) and multiple-choice (`mcq`) blocks, answers kept apart."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from ..errors import Reporter
from . import tags as tags_mod
from . import tree as t
from .model import Option, Question
from .model import FLAGS

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A question's number is not known while its topic renders: its place holds this token (private-use
# characters, never in notes) until numbering.py puts the label in, as text, without parsing HTML.
_NUMBER_OPEN, _NUMBER_CLOSE = "\ue010", "\ue011"
ANSWER_PARTS = ("answer", "explanation")


def number_token(question_id: str) -> str:
    return f"{_NUMBER_OPEN}{question_id}{_NUMBER_CLOSE}"


def build(block: etree._Element, topic_id: str, question_id: str, answer_id: str, locate,
          reporter: Reporter, answer_link: str | None = "See answer") -> tuple[etree._Element, Question]:
    """The question element that replaces `block` (numbered later), and its data; `answer_link`:
    the text of the link to its answer (None when the booklet prints no answer key)."""
    where = locate(block)
    kind = "mcq" if block.get("data-block") == "mcq" else "descriptive"
    tags, problems = tags_mod.parse(block.get("data-title", ""))
    for problem in problems:
        reporter.warning(problem, where)
    flags = block.get("data-flags", "").split()
    for flag in flags:
        if flag not in FLAGS or kind != "mcq":
            reporter.warning(f"unknown flag '{flag}' after the title; the only flag is 'multiple', "
                             f"on an mcq", where)
    multiple = "multiple" in flags
    empty = _is_empty(block)
    if empty:  # one error that says how to write the body, not "no options" as well
        reporter.error(f"this {block.get('data-block')} block is empty: {_BODY_HINT[block.get('data-form', '')]}",
                       where)
    answer_html, explanation_html = _take_answers(block, kind)
    options = _take_options(block, kind, multiple, where, reporter) if kind == "mcq" and not empty else ()
    for title in block.findall("p[@class='admonition-title']"):
        t.detach(title)
    stem_html = t.inner_html(block)
    question = Question(question_id, answer_id, topic_id, kind, tags, stem_html, where, options,
                        multiple, answer_html, explanation_html)
    return _element(block, question, answer_link), question


# Where a block's body goes; a body left unindented (or without `>`) is read as text after the block.
_INDENT_HINT = "indent its lines by four spaces under the '!!!' line"
_BODY_HINT = {"admonition": _INDENT_HINT, "": _INDENT_HINT,
              "callout": "start each line of its body with '>', blank lines too"}


def _is_empty(block: etree._Element) -> bool:
    """No stem: nothing in the block but its title."""
    return not any("".join(child.itertext()).strip() for child in block
                   if child.get("class") != "admonition-title") and not (block.text or "").strip()


def _take_answers(block: etree._Element, kind: str) -> tuple[str, str]:
    """Remove answer and explanation parts from the question; answers never sit beside it."""
    answers: list[str] = []
    explanations: list[str] = []
    for part in [e for e in block.iter("div") if e.get("data-block") in ANSWER_PARTS]:
        if t.block_ancestor(part) is not block:
            continue
        for title in part.findall("p[@class='admonition-title']"):
            t.detach(title)
        html = t.inner_html(t.detach(part))
        is_explanation = part.get("data-block") == "explanation" or kind == "mcq"
        (explanations if is_explanation else answers).append(html)
    return "\n".join(answers), "\n".join(explanations)


def _take_options(block: etree._Element, kind: str, multiple: bool, where, reporter: Reporter) -> tuple[Option, ...]:
    task_list = next((c for c in block if c.tag in ("ul", "ol") and "task-list" in c.get("class", "")), None)
    if task_list is None:
        reporter.error("this mcq has no options: write them as a task list, '- [ ] wrong' and '- [x] right'",
                       where)
        return ()
    options = []
    for letter, item in zip(LETTERS, [li for li in task_list if li.tag == "li"]):
        boxes = item.xpath(".//input[@type='checkbox']")
        correct = any(box.get("checked") is not None for box in boxes)
        for box in boxes:
            t.detach(box)
        if item.text:
            item.text = item.text.lstrip()
        options.append(Option(letter, _option_html(item), correct))
    t.detach(task_list)
    ticked = [o.label for o in options if o.correct]
    if not ticked:
        reporter.error("this mcq has no ticked option: mark the right one with '- [x]'", where)
    elif len(ticked) > 1 and not multiple:
        reporter.error(f"this mcq has {len(ticked)} ticked options ({', '.join(ticked)}) but no 'multiple' "
                       f"flag: tick one, or write 'multiple' after the title "
                       f"('!!! mcq \"…\" multiple' or '> [!mcq|multiple] …')", where)
    return tuple(options)


def _option_html(item: etree._Element) -> str:
    # A loose list wraps each option in <p>: keep the text inline beside its letter.
    if len(item) == 1 and item[0].tag == "p" and not (item.text or "").strip():
        return t.inner_html(item[0])
    return t.inner_html(item)


def _element(block: etree._Element, question: Question, answer_link: str | None) -> etree._Element:
    element = t.new("div", f"question question-{question.kind}", id=question.id)
    head = t.new("p", "question-head")
    number = t.new("span", "question-number", number_token(question.id))
    head.append(number)
    if question.tags.raw:
        number.tail = " "  # text readers and screen readers need the space CSS margins do not give
        head.append(t.new("span", "question-tags", question.tags.raw))
    element.append(head)
    stem = t.new("div", "question-stem")
    t.move_content(block, stem)
    element.append(stem)
    if question.options:
        options = t.new("ol", "mcq-options")
        for option in question.options:
            li = _fragment(f'<li><span class="option-letter">{option.label}</span> {option.html}</li>')
            options.append(li)
        element.append(options)
    if question.has_answer and answer_link is not None:
        foot = t.new("p", "question-foot")
        foot.append(t.new("a", "answer-link", answer_link, href=f"#{question.answer_id}"))
        element.append(foot)
    return element


def _fragment(html: str) -> etree._Element:
    return lxml_html.fragment_fromstring(html)
