"""Write clean, human-readable YAML that the project's own loader reads back unchanged.

Block style, Chinese unescaped, keys in the order of the JSON Schema, a comment before each
top-level section. A string is written plain only when every YAML reader takes it as the
same text; otherwise it is double-quoted (or, for text over several lines, a literal block).
ISO dates stay plain, as in every hand-written file of this project: our loader reads them
as text, which is what the schemas want.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")
# Words YAML 1.1 readers (editors, other tools) turn into booleans or null.
_YAML11_WORDS = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
}  # fmt: skip
_NUMBERISH = re.compile(r"[-+]?[0-9][0-9_.:eExXoObBa-fA-F+-]*\Z|[-+]?\.[0-9a-zA-Z]+\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
MAX_FLOW = 96


def plain_ok(text: str, flow: bool = False) -> bool:
    """Whether ``text`` can be written without quotes and read back as the same string."""
    if not text or text != text.strip() or "\n" in text or _CONTROL.search(text):
        return False
    if text[0] in _INDICATORS or text.lower() in _YAML11_WORDS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and (_FLOW_UNSAFE & set(text)):
        return False
    return not (_NUMBERISH.match(text) and not _ISO_DATE.match(text))


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON escaping is valid YAML), line separators escaped."""
    body = json.dumps(text, ensure_ascii=False)
    return body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:.1f}"
        text = repr(value)
        return text if "e" not in text and "n" not in text else f"{value:.6f}".rstrip("0")
    text = str(value)
    return text if plain_ok(text, flow) else quoted(text)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        len(lines) > 1
        and not _CONTROL.search(text)
        and "\r" not in text
        and "\t" not in text
        and not text.startswith((" ", "\n"))
        and not text.endswith(("\n", " "))
        and all(line == line.rstrip() for line in lines)
    )


def _value_lines(key_prefix: str, value: Any, indent: int) -> list[str]:
    """Lines for ``key_prefix`` (e.g. ``"name:"`` or ``"-"``) followed by ``value``."""
    pad = " " * indent
    if isinstance(value, Mapping):
        if not value:
            return [f"{pad}{key_prefix} {{}}"]
        return [f"{pad}{key_prefix}", *mapping_lines(value, indent + 2)]
    if isinstance(value, Sequence) and not isinstance(value, str):
        if not value:
            return [f"{pad}{key_prefix} []"]
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            items = [scalar(v, flow=True) for v in value]
            flow = f"{pad}{key_prefix} [{', '.join(items)}]"
            if len(flow) <= MAX_FLOW and not any("\n" in str(v) for v in value):
                return [flow]
        return [f"{pad}{key_prefix}", *sequence_lines(value, indent + 2)]
    if isinstance(value, str) and "\n" in value and _literal_ok(value):
        body = [f"{pad}  {line}" if line else "" for line in value.split("\n")]
        return [f"{pad}{key_prefix} |-", *body]
    return [f"{pad}{key_prefix} {scalar(value)}"]


def mapping_lines(data: Mapping[str, Any], indent: int = 0) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines.extend(_value_lines(f"{scalar(str(key))}:", value, indent))
    return lines


def sequence_lines(data: Sequence[Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for value in data:
        if isinstance(value, Mapping) and value:
            body = mapping_lines(value, indent + 2)
            lines.append(f"{pad}- {body[0][indent + 2 :]}")
            lines.extend(body[1:])
        else:
            lines.extend(_value_lines("-", value, indent))
    return lines


def ordered(value: Any, schema: dict, root: dict | None = None) -> Any:
    """``value`` with the keys of every mapping in the order the schema lists them.

    Keys the schema does not name keep their order after the known ones, so nothing is lost.
    """
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if isinstance(value, Mapping):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        keys = [k for k in properties if k in value] + [k for k in value if k not in properties]
        result = {}
        for key in keys:
            sub = properties.get(key, extra if isinstance(extra, dict) else {})
            result[key] = ordered(value[key], sub, root)
        return result
    if isinstance(value, list):
        return [ordered(v, schema.get("items", {}), root) for v in value]
    return value


def _resolve(schema: dict, root: dict) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return {}
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        seen += 1
    return schema if isinstance(schema, dict) else {}


def document(
    sections: Sequence[tuple[str | None, Mapping[str, Any]]], header: Sequence[str] = ()
) -> str:
    """A YAML file: header comment lines, then each (comment, {key: value}) section,
    separated by blank lines."""
    lines = [f"# {line}" if not line.startswith("#") else line for line in header]
    for index, (comment, data) in enumerate(sections):
        if index and (comment or len(data) > 1 or _is_block(data)):
            lines.append("")
        if comment:
            lines.append(f"# {comment}")
        lines.extend(mapping_lines(data))
    return "\n".join(lines) + "\n"


def _is_block(data: Mapping[str, Any]) -> bool:
    return any(isinstance(v, Mapping | list) and v for v in data.values())
