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
from .model import KNOWN_TYPES, KeyFigure, Option, Question, QuestionTags, Summary
from .numbering import number_questions, questions


def extensions(options: Options) -> list:
    """Extension factory hook: a fresh extension for each topic (Markdown is loaded only for a
    conversion the fragment cache cannot answer)."""
    from .syntax import BlocksExtension

    return [BlocksExtension()]


def __getattr__(name: str):
    if name == "BlocksExtension":   # exported, but loaded only when asked for: it needs Markdown
        from .syntax import BlocksExtension

        return BlocksExtension
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BACK_MATTER", "BlocksExtension", "KNOWN_TYPES", "KeyFigure", "Option", "Question", "QuestionTags",
    "Summary", "extensions", "finish", "number_questions", "questions",
]
