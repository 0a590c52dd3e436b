"""Which fields hold personal data, read from the JSON Schemas, and their values in a document.

Fields marked ``x-private: true`` are listed here from the schemas, never by hand, so a new
private field in a schema is protected everywhere at once. The engine records the values of
a dossier's private free-text fields with its result (never in its public output), so that
whatever publishes text can make sure none of them slipped into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Free text of a private field is matched only from this length on: a two-character name
# is a name, but a two-character note ("退休") is an ordinary word.
SHORT_FIELD_MAX = 40
MIN_NAME_CHARS = 2
MIN_TEXT_CHARS = 6


@dataclass(frozen=True, slots=True)
class PrivateField:
    """One private field: where it sits in a document (``*`` for any key or index)."""

    kind: str  # dossier | branch | review | organization
    path: tuple[str, ...]
    title: str
    free_text: bool  # a string that is not an enum and not a date
    short: bool  # a name-sized string (maxLength <= SHORT_FIELD_MAX)

    @property
    def pointer(self) -> str:
        return "/" + "/".join(self.path)


def private_fields(schemas: Mapping[str, dict]) -> list[PrivateField]:
    """Every field marked ``x-private: true`` in ``schemas`` (kind -> JSON Schema), in order.

    Take them from :attr:`checker.core.standards.StandardsFolder.private_fields`."""
    fields: list[PrivateField] = []
    for kind, schema in schemas.items():
        fields.extend(_walk_schema(kind, schema, schema, (), False, frozenset()))
    return fields


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        merged = dict(target) if isinstance(target, dict) else {}
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


def _walk_schema(
    kind: str,
    root: dict,
    node: Any,
    path: tuple[str, ...],
    inherited: bool,
    refs: frozenset[str],
    title: str = "",
) -> Iterator[PrivateField]:
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in refs:  # a recursive definition: its fields were seen one level up
            return
        refs = refs | {ref}
    node = _resolve(root, node)
    private = inherited or node.get("x-private") is True
    title = str(node.get("title") or title or (path[-1] if path else kind))
    children = False
    for key, child in (node.get("properties") or {}).items():
        children = True
        yield from _walk_schema(kind, root, child, (*path, key), private, refs)
    for key in ("items", "additionalProperties"):
        child = node.get(key)
        if isinstance(child, dict):
            children = True
            yield from _walk_schema(kind, root, child, (*path, "*"), private, refs, title)
    if private and not children:
        is_text = node.get("type") == "string" and "enum" not in node and "format" not in node
        max_length = node.get("maxLength")
        yield PrivateField(
            kind,
            path,
            title,
            is_text,
            isinstance(max_length, int) and max_length <= SHORT_FIELD_MAX,
        )


def private_values(fields: Iterable[PrivateField], kind: str, data: Any) -> Iterator[str]:
    """The free-text values of the private fields of one document of ``kind``."""
    for field in fields:
        if field.kind != kind or not field.free_text:
            continue
        least = MIN_NAME_CHARS if field.short else MIN_TEXT_CHARS
        for value in _values_at(data, field.path):
            if isinstance(value, str) and len(value.strip()) >= least:
                yield value.strip()


def all_private_values(fields: Iterable[PrivateField], kind: str, data: Any) -> Iterator[Any]:
    """Every value, of any type, held by a private field (for tests and audits)."""
    for field in fields:
        if field.kind == kind:
            yield from _values_at(data, field.path)


def _values_at(data: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        if data is not None:
            yield data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for item in data:
                yield from _values_at(item, rest)
        elif isinstance(data, dict):
            for item in data.values():
                yield from _values_at(item, rest)
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest)
