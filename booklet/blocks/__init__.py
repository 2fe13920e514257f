"""Revision blocks: summaries, key figures, descriptive and multiple-choice questions, answer keys.

How the feature hooks into the pipeline (its `Feature` is declared in `pipeline.py`):

- `extensions(options)`: the Markdown syntax, both `!!! type` and `> [!type]` forms (`syntax.py`);
- `finish(topic, tree, reporter, context)`: each topic's final HTML and its data (`finisher.py`);
- `number_questions(rendered, layout, reporter)`: Q1…Qn through the booklet (`numbering.py`);
- `BACK_MATTER`: revision summary, key-figures index, answer key, previous-year table (`backmatter.py`).
"""

from __future__ import annotations

from ..model import Options
from .backmatter import PRODUCERS as BACK_MATTER
from .finisher import finish
from .model import KeyFigure, Option, Question, QuestionTags, Summary
from .numbering import number_questions, questions
from .syntax import BlocksExtension, KNOWN_TYPES


def extensions(options: Options) -> list:
    """Extension factory hook: a fresh extension for each topic."""
    return [BlocksExtension()]


__all__ = [
    "BACK_MATTER", "BlocksExtension", "KNOWN_TYPES", "KeyFigure", "Option", "Question", "QuestionTags",
    "Summary", "extensions", "finish", "number_questions", "questions",
]
