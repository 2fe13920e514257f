"""YAML loading that keeps the line of every key and value, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BookletError, SourceLocation


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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(path, mark.line + first_line, mark.column + 1) if mark else SourceLocation(path)
        problem = exc.problem or exc.context or "invalid YAML"
        raise BookletError(f"YAML syntax error: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise BookletError(f"YAML error: {exc}", SourceLocation(path)) from None
    if root is None:
        return None
    return _convert(root, path, first_line, yaml.SafeLoader(""))


def _convert(node: yaml.Node, path: Path, first_line: int, loader: yaml.SafeLoader) -> Node:
    where = SourceLocation(path, node.start_mark.line + first_line, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolve `<<` merge keys
        values: dict[str, Node] = {}
        keys: dict[str, SourceLocation] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            key_where = SourceLocation(path, key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            if key in values:
                raise BookletError(f"duplicate key '{key}' (first given on line {keys[key].line})", key_where)
            values[key] = _convert(value_node, path, first_line, loader)
            keys[key] = key_where
        return Node(values, where, keys)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, path, first_line, loader) for item in node.value], where)
    return Node(loader.construct_object(node, deep=True), where)
