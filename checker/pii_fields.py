"""Personal data in the YAML fields that get published: every string, with its line.

Names, units, zones, the committee, N/A and review reasons, evidence file names, group
names… all reach the site or a public report. Rather than list them (and miss the next one
added), every string value of a content document is scanned, except the fields marked
``x-private`` in the schemas: those hold personal data by design and are never published.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker.findings import Finding, pointer
from checker.pii import findings_for, prepare, scan
from checker.private import PrivateField
from checker.yamlload import Loaded


def published_strings(
    loaded: Loaded, kind: str, fields: Iterable[PrivateField]
) -> Iterator[tuple[tuple, str, Node]]:
    """(path, value, node) of every string in the document that is not a private field."""
    if loaded.data is None or loaded.root is None:
        return
    # The private paths as a tree of keys ("*" for any key or index; None marks a field),
    # walked along with the document: a dossier has thousands of strings.
    tree: dict = {}
    for field in fields:
        if field.kind == kind:
            node = tree
            for part in field.path:
                node = node.setdefault(part, {})
            node[None] = True
    yield from _walk(loaded.root, loaded.data, (), [tree])


def _walk(node: Node, data: Any, path: tuple, private: list[dict]) -> Iterator:
    if isinstance(node, MappingNode) and isinstance(data, dict):
        by_text = {str(k): v for k, v in data.items()}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value in by_text:
                key = key_node.value
                inner = _descend(private, key)
                if inner is not None:
                    yield from _walk(value_node, by_text[key], (*path, key), inner)
    elif isinstance(node, SequenceNode) and isinstance(data, list):
        for index, (item_node, item) in enumerate(zip(node.value, data, strict=False)):
            inner = _descend(private, str(index))
            if inner is not None:
                yield from _walk(item_node, item, (*path, index), inner)
    elif isinstance(node, ScalarNode) and isinstance(data, str):
        yield path, data, node


def _descend(private: list[dict], key: str) -> list[dict] | None:
    """The private subtrees under ``key``; None when ``key`` is itself a private field."""
    if not private:
        return private
    inner = [n[k] for n in private for k in (key, "*") if k in n]
    return None if any(None in n for n in inner) else inner


def field_findings(
    loaded: Loaded,
    kind: str,
    fields: Iterable[PrivateField],
    private_values: Iterable[str] = (),
    codes: tuple[str, ...] = ("I001", "I002", "I003"),
) -> list[Finding]:
    """I001–I003 findings for the published strings of one loaded document, at their lines."""
    values = prepare(private_values)
    findings: list[Finding] = []
    for path, text, node in published_strings(loaded, kind, fields):
        hits = [h for h in scan(text, values, prepared=True) if h.code in codes]
        if not hits:
            continue
        where = pointer(list(path))
        # A block scalar (| or >) starts on the line after its indicator; its lines are the
        # text's lines. Any other scalar is reported at the line it starts on.
        block = node.style in ("|", ">")
        line = node.start_mark.line + (1 if block else 0)
        for found in findings_for(text, hits, loaded.file, f"字段 {where} ", line):
            if block:
                line_no, column = found.line, found.column
            else:
                line_no, column = node.start_mark.line + 1, node.start_mark.column + 1
            findings.append(Finding(found.code, found.message, found.file, line_no, column, where))
    return findings
