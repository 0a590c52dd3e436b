"""Personal data in the YAML fields that get published: every string, with its line.

Names, units, zones, the committee, N/A and review reasons, evidence file names, group
names… all reach the site or a public report. Rather than list them (and miss the next one
added), every string value of a content document is scanned, except the fields marked
``x-private`` in the schemas: those hold personal data by design and are never published.
"""

from __future__ import annotations

from collections.abc import Iterable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker.core.findings import Finding, pointer
from checker.core.pii import findings_for, prepare, scan
from checker.core.private import PrivateField
from checker.core.yamlload import Loaded


def published_strings(
    loaded: Loaded, kind: str, fields: Iterable[PrivateField], *, paths: bool = True
) -> list:
    """(path, value) of every string in the document that is not a private field; with
    ``paths=False`` the values alone, which is all the scan of a clean document needs."""
    if loaded.data is None:
        return []
    # The private paths as a tree of keys ("*" for any key or index; None marks a field),
    # walked along with the data: a dossier has thousands of strings.
    tree: dict = {}
    for field in fields:
        if field.kind == kind:
            node = tree
            for part in field.path:
                node = node.setdefault(part, {})
            node[None] = True
    out: list = []
    if isinstance(loaded.data, str):
        return [((), loaded.data)] if paths else [loaded.data]
    _collect(loaded.data, (), tree, out, paths)
    return out


def _collect(data: dict | list, path: tuple, private: dict, out: list, paths: bool) -> None:
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if private:
            exact, wild = private.get(str(key)), private.get("*")
            if (exact and None in exact) or (wild and None in wild):
                continue  # a private field: never published, never scanned
            inner = {**(wild or {}), **(exact or {})}
        else:
            inner = private
        if isinstance(value, str):
            out.append(((*path, key), value) if paths else value)
        elif isinstance(value, dict | list):
            _collect(value, (*path, key) if paths else path, inner, out, paths)


def _node_at(root: Node | None, path: tuple) -> Node | None:
    node = root
    for part in path:
        if isinstance(node, MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)),
                None,
            )
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


# Between the joined strings: neither a number nor a name runs across a blank line.
_JOIN = "\n\n"


def field_findings(
    loaded: Loaded,
    kind: str,
    fields: Iterable[PrivateField],
    private_values: Iterable[str] = (),
    codes: tuple[str, ...] = ("I001", "I002", "I003"),
) -> list[Finding]:
    """I001–I003 findings for the published strings of one loaded document, at their lines."""
    values = prepare(private_values)
    strings = published_strings(loaded, kind, fields)
    # One scan over all the strings at once; the common case, no hit, ends here.
    if not any(
        h.code in codes for h in scan(_JOIN.join(t for _, t in strings), values, prepared=True)
    ):
        return []
    findings: list[Finding] = []
    for path, text in strings:
        hits = [h for h in scan(text, values, prepared=True) if h.code in codes]
        if not hits:
            continue
        where = pointer(list(path))
        node = _node_at(loaded.root, path)
        start = (node.start_mark.line, node.start_mark.column) if node is not None else (-1, -1)
        # A block scalar (| or >) starts on the line after its indicator; its lines are the
        # text's lines. Any other scalar is reported at the line it starts on.
        block = node is not None and getattr(node, "style", None) in ("|", ">")
        line = start[0] + (1 if block else 0)
        for found in findings_for(text, hits, loaded.file, f"字段 {where} ", line):
            if block:
                line_no, column = found.line, found.column
            else:
                line_no, column = start[0] + 1, start[1] + 1
            findings.append(Finding(found.code, found.message, found.file, line_no, column, where))
    return findings
