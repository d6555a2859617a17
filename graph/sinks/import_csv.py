"""The fields and lines of the import tool's CSV files (neo4j_import.py writes the files).

Strings are always quoted (an empty quoted field is the empty string, an unquoted empty field
no property); list elements are separated by U+001F (never in plan text: refused if it is).
Apart from neo4j_import.py for its size, and because every row of the bulk path goes
through here: the common fields are written inline.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ARRAY_DELIMITER = "\x1f"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        inner = {_kind(item) for item in value}
        if len(inner) == 1 and inner <= {"string", "long", "double", "boolean"}:
            return inner.pop() + "[]"
        raise ValueError(f"a list of mixed or nested values: {value[:3]!r}")
    raise ValueError(f"no import type for {type(value).__name__}")


def field(value: Any) -> str:
    """One CSV field: strings quoted, quotes doubled; lists joined by U+001F."""
    if value is None:
        return ""
    if isinstance(value, list):
        items = [field(item) if not isinstance(item, str) else checked(item) for item in value]
        return quote(ARRAY_DELIMITER.join(items)) if value and isinstance(value[0], str) \
            else ARRAY_DELIMITER.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return quote(checked(value))


def checked(value: str) -> str:
    if ARRAY_DELIMITER in value:
        raise ValueError(f"U+001F in a property value: {value[:40]!r}")
    return value


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def importable(value: Any) -> bool:
    """Whether the import tool can hold the value: not an empty list, nor a list of one empty
    string (both are an empty field, which it reads as no property)."""
    return not (isinstance(value, list) and (not value or value == [""]))


_SCALAR_KINDS = {bool: "boolean", int: "long", float: "double", str: "string"}
_ABSENT = object()


def _column_kinds(rows: list[tuple[list[str], dict[str, Any]]]) -> dict[str, set[str]]:
    """Each property's kinds: the scalars' from the distinct (name, type) pairs, found without
    a Python step per value; a list (or anything else) looked at value by value."""
    pairs: set[tuple[str, type]] = set()
    for _, props in rows:
        pairs.update(zip(props.keys(), map(type, props.values()), strict=True))
    kinds: dict[str, set[str]] = {}
    others = set()
    for name, value_type in pairs:
        kind = _SCALAR_KINDS.get(value_type)
        if kind is None:
            others.add(name)
        else:
            kinds.setdefault(name, set()).add(kind)
    for _, props in rows:
        for name in others:
            value = props.get(name, _ABSENT)
            if value is _ABSENT or type(value) in _SCALAR_KINDS or not importable(value):
                continue
            kinds.setdefault(name, set()).add(_kind(value))
    return kinds


def _cell(value: Any) -> str:
    """A field that is not a plain string, int or absent: what field() writes, empty for a
    value the import tool cannot hold."""
    if type(value) is str:
        return quote(checked(value))    # refuses U+001F
    return field(value) if importable(value) else ""


def table(rows: list[tuple[list[str], dict[str, Any]]],
           lead: list[str]) -> tuple[str, str, dict[str, str]]:
    """(header, data, column types) of rows given as (lead fields, properties): property
    columns sorted. One pass finds the columns and their kinds, one writes the lines, the
    common fields (plain strings, ints, absent) inline (this writer was a quarter of the
    bulk path's CPU)."""
    kinds = _column_kinds(rows)
    names = sorted(kinds)
    types = {}
    for name in names:
        if len(kinds[name]) != 1:
            raise ValueError(f"property {name!r}: values of kinds {sorted(kinds[name])} in "
                             "one column")
        types[name] = next(iter(kinds[name]))
    header = ",".join([*lead, *(f"{name}:{types[name]}" for name in names)]) + "\n"
    lines = []
    for fields, props in rows:
        lines.append(",".join([*fields, *[
            '"' + value.replace('"', '""') + '"'
            if type(value) is str and ARRAY_DELIMITER not in value
            else "" if value is None else repr(value) if type(value) is int else _cell(value)
            for value in map(props.get, names)]]))
    return header, "\n".join(lines) + "\n" if lines else "", types


def quoted(texts: Iterable[str]) -> list[str]:
    """quote(checked(text)) of each text (a column of keys), in one step."""
    return ['"' + text.replace('"', '""') + '"' if ARRAY_DELIMITER not in text
            else quote(checked(text)) for text in texts]


def holds_empty(props: dict[str, Any]) -> bool:
    """Whether a value of ``props`` is not importable(): only a list can be one, and most
    rows hold none."""
    return list in map(type, props.values()) and not all(map(importable, props.values()))
