"""Declarative checks for YAML mappings (manifest, brand packs) with file:line messages."""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass
from typing import Any, Callable

from .errors import Reporter
from .yamlsrc import Node

_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping (key: value lines)", _dt.date: "a date"}


@dataclass(frozen=True)
class Field:
    """One key of a mapping. `check` returns an error message for a bad value, or None."""

    types: tuple[type, ...]
    required: bool = False
    default: Any = None
    choices: tuple = ()
    check: Callable[[Any], str | None] | None = None
    schema: "Schema | None" = None  # for nested mappings
    help: str = ""
    if_empty: str = ""  # an error to give when the key has no value (else the default is used)


@dataclass(frozen=True)
class Schema:
    fields: dict[str, Field]
    what: str = "key"  # used in "unknown <what>" messages


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    if value is None:
        return "nothing"
    return type(value).__name__


def expected(types: tuple[type, ...]) -> str:
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def type_ok(value: Any, types: tuple[type, ...]) -> bool:
    # bool is an int in Python; YAML `yes` must not pass for a number, nor 1 for a flag.
    if isinstance(value, bool):
        return bool in types
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


def validate(node: Node | None, schema: Schema, reporter: Reporter, context: str = "") -> dict[str, Any]:
    """Check a mapping node; report every problem; return plain values with defaults filled in.

    Keys with bad values are left out of the result, so callers can go on and find
    more problems before the reporter aborts the build.
    """
    if node is None:
        node_value: dict[str, Node] = {}
    elif not isinstance(node.value, dict):
        reporter.error(f"{context or 'this'} must be {expected((dict,))}, not {describe(node.plain())}", node.where)
        return {}
    else:
        node_value = node.value
    result: dict[str, Any] = {}
    for key, child in node_value.items():
        if key not in schema.fields:
            reporter.error(_unknown(key, schema, context), node.key_where[key] if node else None)
            continue
        value = _check_value(key, child, schema.fields[key], reporter, context)
        if value is not _INVALID:
            result[key] = value
    for key, spec in schema.fields.items():
        if key in result or key in node_value:
            continue
        if spec.required:
            where = node.where if node is not None else None
            reporter.error(f"missing required key '{_qualified(context, key)}'", where)
        else:
            result[key] = spec.default
    return result


_INVALID = object()


def _check_value(key: str, child: Node, spec: Field, reporter: Reporter, context: str) -> Any:
    name = _qualified(context, key)
    if spec.schema is not None and isinstance(child.value, dict):
        return validate(child, spec.schema, reporter, name)
    value = child.plain()
    if value is None and spec.if_empty:
        reporter.error(f"'{name}' has no value; {spec.if_empty}", child.where)
        return _INVALID
    if value is None and not spec.required:
        return spec.default
    if not type_ok(value, spec.types):
        reporter.error(f"'{name}' must be {expected(spec.types)}, not {describe(value)}", child.where)
        return _INVALID
    if spec.choices and value not in spec.choices:
        options = ", ".join(repr(c) for c in spec.choices)
        reporter.error(f"'{name}' must be one of {options}, not {value!r}", child.where)
        return _INVALID
    if spec.check is not None and (problem := spec.check(value)):
        reporter.error(f"'{name}': {problem}", child.where)
        return _INVALID
    return value


def _qualified(context: str, key: str) -> str:
    return f"{context}.{key}" if context else key


def _unknown(key: str, schema: Schema, context: str) -> str:
    message = f"unknown {schema.what} '{_qualified(context, key)}'"
    close = difflib.get_close_matches(key, list(schema.fields), n=1, cutoff=0.6)
    if close:
        message += f"; did you mean '{close[0]}'?"
    else:
        message += f"; known keys: {', '.join(schema.fields)}"
    return message
