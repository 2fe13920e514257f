"""YAML loading that keeps the line of every key and value, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .errors import BookletError, SourceLocation

# Limits that no manifest, front matter or brand.yml comes near, but that stop hostile YAML:
# aliases make a small file expand exponentially ("billion laughs"), deep nesting exhausts the
# stack, and a 5,000-digit integer is refused by Python itself.
MAX_NODES = 100_000      # values after aliases are expanded
MAX_DEPTH = 40           # mappings and lists inside each other
MAX_DIGITS = 40          # an integer's digits


@dataclass(frozen=True)
class Node:
    """A YAML value with where it was written. Mappings keep their keys' locations too."""

    value: Any  # dict[str, Node] | list[Node] | scalar
    where: SourceLocation
    key_where: dict[str, SourceLocation] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        return "scalar"

    def plain(self) -> Any:
        """The value as ordinary Python data, locations dropped."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def parse(text: str, path: Path, first_line: int = 1) -> Node | None:
    """Parse one YAML document. `first_line` offsets lines (YAML front matter)."""
    try:
        root = _compose(text)
    except RecursionError:
        raise BookletError(f"YAML nested too deeply (more than {MAX_DEPTH} levels)", SourceLocation(path, first_line)) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path, first_line) from None
    except yaml.YAMLError as exc:
        raise BookletError(f"YAML error: {exc}", SourceLocation(path, first_line)) from None
    if root is None:
        return None
    return _Converter(path, first_line).convert(root, 0)


try:
    from yaml._yaml import CParser
except ImportError:   # PyYAML built without libyaml
    CParser = None


if CParser is not None:
    class _Fast(CParser, SafeConstructor, Resolver):
        """libyaml's scanner and parser (C), PyYAML's own composer (Python): the nodes SafeLoader
        composes, with their marks, about ten times faster (1 ms against 10 ms for the sample's
        manifest, front matter and labels). Not libyaml's composer: it recurses in C, where
        Python's recursion limit does not guard hostile nesting."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

    for _name in ("get_single_node", "compose_document", "compose_node", "compose_scalar_node",
                  "compose_sequence_node", "compose_mapping_node", "check_node", "get_node"):
        setattr(_Fast, _name, getattr(Composer, _name))


def _compose(text: str) -> yaml.Node | None:
    """One document's nodes. A text libyaml refuses is read again by SafeLoader, so every error
    (its message, its mark, RecursionError for deep nesting) is PyYAML's own, as before."""
    if CParser is not None:
        try:
            return yaml.compose(text, Loader=_Fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


# PyYAML's words for the slips people make, and what to do about each (matched at the start).
_HINTS = (
    ("found character '\\t'", "YAML indents with spaces, never tabs: replace the tab with spaces"),
    ("mapping values are not allowed", "a value that holds ': ' must be in quotes, "
                                       "as in title: \"India–Russia: an overview\""),
    ("expected <block end>, but found '<scalar>'", "text follows a closing quote: check the quotes on this line "
                                                  "and the line above"),
    ("expected <block end>", "this line is not indented like the lines above it at its level"),
)


def _syntax_error(exc: yaml.MarkedYAMLError, path: Path, first_line: int) -> BookletError:
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        # PyYAML reports where the file ended; the slip is the quote that was never closed.
        mark, problem = exc.context_mark, "this quote is never closed; end the value with the same quote mark"
    hint = next((hint for start, hint in _HINTS if problem.startswith(start)), "")
    where = SourceLocation(path, mark.line + first_line, mark.column + 1) if mark else SourceLocation(path, first_line)
    return BookletError(f"YAML syntax error: {problem}" + (f" ({hint})" if hint else ""), where)


class _Converter:
    """YAML nodes → `Node`s, counting values and depth so hostile YAML fails fast and clearly."""

    def __init__(self, path: Path, first_line: int):
        self.path, self.first_line, self.count = path, first_line, 0
        self.loader = yaml.SafeLoader("")

    def where(self, node: yaml.Node) -> SourceLocation:
        return SourceLocation(self.path, node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Node:
        where = self.where(node)
        self.count += 1
        if self.count > MAX_NODES:
            raise BookletError(f"YAML too large: more than {MAX_NODES} values once aliases (*name) are expanded", where)
        if depth > MAX_DEPTH:
            raise BookletError(f"YAML nested too deeply (more than {MAX_DEPTH} levels)", where)
        if isinstance(node, yaml.MappingNode):
            self._plain_tag(node, "map")
            return self._mapping(node, where, depth)
        if isinstance(node, yaml.SequenceNode):
            self._plain_tag(node, "seq")
            return Node([self.convert(item, depth + 1) for item in node.value], where)
        return Node(self.scalar(node), where)

    def _mapping(self, node: yaml.MappingNode, where: SourceLocation, depth: int) -> Node:
        try:
            self.loader.flatten_mapping(node)  # resolve `<<` merge keys
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, self.path, self.first_line) from None
        values: dict[str, Node] = {}
        keys: dict[str, SourceLocation] = {}
        for key_node, value_node in node.value:
            key_where = self.where(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise BookletError("a key must be plain text, not a list or mapping", key_where)
            key = str(self.scalar(key_node))
            if key in values:
                raise BookletError(f"duplicate key '{key}' (first given on line {keys[key].line})", key_where)
            values[key] = self.convert(value_node, depth + 1)
            keys[key] = key_where
        return Node(values, where, keys)

    def _plain_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != f"tag:yaml.org,2002:{kind}":
            raise BookletError(f"unsupported YAML tag '{node.tag}'; write plain values", self.where(node))

    def scalar(self, node: yaml.Node) -> Any:
        where = self.where(node)
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_DIGITS:
            raise BookletError(f"a number with {len(node.value)} digits; numbers are limited to {MAX_DIGITS}", where)
        if node.tag not in self.loader.yaml_constructors:
            raise BookletError(f"unsupported YAML tag '{node.tag}'; write plain values", where)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # 2026-02-30 matches YAML's date pattern
            what = "date" if "timestamp" in node.tag else "value"
            raise BookletError(f"'{node.value}' is not a valid {what} ({exc})", where) from None
        except yaml.MarkedYAMLError as exc:
            raise BookletError(f"cannot read this value: {exc.problem or exc}", where) from None

