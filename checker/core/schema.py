"""JSON Schema validation with Chinese findings.

jsonschema-rs answers "is it valid?" in a fraction of the parse time; only an invalid
document is handed to the reference implementation (python-jsonschema), whose detailed
errors we translate into findings with a line and column.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from checker.core.findings import Finding, pointer
from checker.core.yamlload import Loaded

if TYPE_CHECKING:  # the reference implementation is imported only to explain an error
    import jsonschema

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "object": "`键: 值` 结构",
    "array": "列表（每项以 `- ` 开头）",
    "null": "空值",
}


class SchemaSet:
    """The schemas of one standards folder by kind, each compiled once.

    Made by :class:`checker.core.standards.StandardsFolder`, which reads the files."""

    def __init__(self, folder: Path, raw: dict[str, dict]) -> None:
        self.folder = folder
        self.raw = raw
        self._fast: dict[str, Any] = {
            kind: jsonschema_rs.validator_for(schema, validate_formats=True)
            for kind, schema in raw.items()
        }
        self._full: dict[str, jsonschema.protocols.Validator] = {}  # built on first use

    def _explainer(self, kind: str) -> jsonschema.protocols.Validator:
        if kind not in self._full:
            import jsonschema

            self._full[kind] = _strict_validator()(
                self.raw[kind], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
        return self._full[kind]

    def validate(self, kind: str, loaded: Loaded) -> list[Finding]:
        """Findings for every schema violation in ``loaded.data``; empty when valid."""
        return self.check(kind, loaded).findings

    def check(self, kind: str, loaded: Loaded) -> SchemaCheck:
        """The findings and the parts of the document they make unusable."""
        try:
            # JSON Schema counts 2025.0 as an integer; the code that reads a year or a count
            # does not, so a document with such a number is explained by the strict checker.
            if self._fast[kind].is_valid(loaded.data) and not loaded.whole_floats:
                return SchemaCheck([], ())
        except (ValueError, OverflowError, TypeError):  # values Rust cannot take: explain below
            pass
        errors = sorted(
            self._explainer(kind).iter_errors(loaded.data),
            key=lambda e: (list(map(str, e.absolute_path)), e.validator),
        )
        findings: dict[tuple, Finding] = {}
        for error in errors:
            finding = _translate(error, loaded, self.raw[kind])
            # One finding per place: a bad date breaks both `format` and `pattern`.
            findings.setdefault((finding.path, finding.line), finding)
        damaged = tuple(d for d in map(damaged_path, errors) if d is not None)
        return SchemaCheck(sorted(findings.values(), key=Finding.sort_key), damaged)


@dataclass(frozen=True, slots=True)
class SchemaCheck:
    """What a schema says of one document: its findings, and where it cannot be trusted."""

    findings: list[Finding]
    damaged: tuple[tuple, ...]

    def sound(self, *parts: Any) -> bool:
        """Whether the value at ``parts`` and everything under it is as the schema says."""
        n = len(parts)
        return not any(d[:n] == parts or parts[: len(d)] == d for d in self.damaged)


@cache
def _strict_validator() -> type[jsonschema.protocols.Validator]:
    """Draft 2020-12 whose "integer" is a whole number written without a decimal point."""
    import jsonschema

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    return jsonschema.validators.extend(base, type_checker=checker)


_Translator = Callable[["jsonschema.ValidationError", Loaded, list, str], Finding]


def _translate(error: jsonschema.ValidationError, loaded: Loaded, root_schema: dict) -> Finding:
    parts = list(error.absolute_path)
    title = _title(root_schema, error, parts)
    where = f"“{title}”" if title else "此处"
    keyword = error.validator
    if keyword == "propertyNames" or (
        error.relative_schema_path and "propertyNames" in error.relative_schema_path
    ):
        return _property_name(error, loaded, parts, where)
    translate = _TRANSLATORS.get(keyword, _other)
    return translate(error, loaded, parts, where)


def _at(
    code: str, message: str, loaded: Loaded, parts: list, hint: str = "", key: bool = False
) -> Finding:
    line, column = loaded.locate(parts, key=key)
    return Finding(code, message, loaded.file, line, column, pointer(parts), hint)


def _unknown_field(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    extra = _unknown_keys(error)
    parts_key = [*parts, extra[0]] if extra else parts
    allowed = "、".join(sorted(error.schema.get("properties", {}))) or "无"
    return _at(
        "S002",
        f"未知字段 `{'`、`'.join(extra)}`",
        loaded,
        parts_key,
        f"检查拼写。此处允许的字段：{allowed}。",
        key=True,
    )


def _missing_field(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    missing = _missing_name(error)
    field_schema = error.schema.get("properties", {}).get(missing, {})
    label = field_schema.get("title", "") if isinstance(field_schema, dict) else ""
    described = f"`{missing}`（{label}）" if label else f"`{missing}`"
    return _at("S003", f"{where}缺少必填字段 {described}", loaded, parts)


def _wrong_type(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = "或".join(_TYPE_NAMES.get(n, n) for n in names)
    value = error.instance
    hint = ""
    if "boolean" in names and isinstance(value, str):
        hint = "是/否请写作 true 或 false（不加引号）。"
    elif isinstance(value, str) and value[:1] == "0" and value.isdigit():
        hint = "带前导零的数字会按文字处理；如果是数量，请去掉前导零。"
    elif "integer" in names and isinstance(value, float) and value.is_integer():
        hint = f"整数不要带小数点，写作 {int(value)}。"
    elif names == ["string"] and isinstance(value, int | float):
        hint = f'如果这是编号，请加引号，例如 "{value}"。'
    elif isinstance(value, str) and _FULL_WIDTH_SYNTAX.search(value):
        hint = _full_width_hint(value)
    return _at("S001", f"{where}应为{wanted}，实际是{_describe(value)}", loaded, parts, hint)


def _not_allowed(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    keyword = error.validator
    options = error.validator_value if keyword == "enum" else [error.validator_value]
    return _at(
        "S004",
        f"{where}的值 {_describe(error.instance)} 不在允许范围内",
        loaded,
        parts,
        "可选值：" + "、".join(str(o) for o in options) + "。",
    )


def _property_name(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    # The instance is the offending key; point at it, not at the mapping's first line.
    finding = _bad_format(error, loaded, parts, where)
    line, column = loaded.locate([*parts, str(error.instance)], key=True)
    return Finding(
        finding.code, finding.message, loaded.file, line, column, finding.path, finding.hint
    )


def _bad_format(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    value = error.instance
    if error.schema.get("format") == "date" or error.validator == "format":
        impossible = _impossible_date(value)
        if impossible:
            return _at("S005", impossible, loaded, parts, "按日历改为存在的日期。")
        return _at(
            "S005", f"{where}应为日期（如 2025-09-13），实际是{_describe(value)}", loaded, parts
        )
    return _at(
        "S005",
        f"{where}格式不正确：{_describe(value)}",
        loaded,
        parts,
        f"应符合格式 `{error.schema.get('pattern', '')}`。",
    )


_BOUNDS = {
    "minimum": "不能小于",
    "maximum": "不能大于",
    "exclusiveMinimum": "必须大于",
    "exclusiveMaximum": "必须小于",
}


def _out_of_range(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    bound = _BOUNDS[error.validator]
    return _at(
        "S006", f"{where}为 {error.instance}，{bound} {error.validator_value}", loaded, parts
    )


def _bad_length(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    bound = "至少" if error.validator == "minLength" else "最多"
    return _at(
        "S006",
        f"{where}长度为 {len(error.instance)} 个字，{bound} {error.validator_value} 个字",
        loaded,
        parts,
    )


def _bad_count(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    return _at("S007", f"{where}的条目数量不符合要求（{len(error.instance)} 项）", loaded, parts)


def _other(error: jsonschema.ValidationError, loaded: Loaded, parts: list, where: str):
    return _at("S008", f"{where}不符合格式要求", loaded, parts)


_TRANSLATORS: dict[str, _Translator] = {
    "additionalProperties": _unknown_field,
    "required": _missing_field,
    "type": _wrong_type,
    "enum": _not_allowed,
    "const": _not_allowed,
    "format": _bad_format,
    "pattern": _bad_format,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "exclusiveMinimum": _out_of_range,
    "exclusiveMaximum": _out_of_range,
    "minLength": _bad_length,
    "maxLength": _bad_length,
    "minItems": _bad_count,
    "maxItems": _bad_count,
    "uniqueItems": _bad_count,
}


def _missing_name(error: jsonschema.ValidationError) -> str:
    return error.message.split("'")[1] if "'" in error.message else ""


_DATE_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _impossible_date(value: Any) -> str:
    """'日期 2025-02-30 不存在：2025 年 2 月只有 28 天' for a well-shaped date that is not one."""
    if not isinstance(value, str):
        return ""
    shape = _DATE_SHAPE.fullmatch(value)
    if not shape:
        return ""
    year, month, day = (int(part) for part in shape.groups())
    if not 1 <= month <= 12:
        return f"日期 {value} 不存在：月份应在 1 到 12 之间"
    if year < 1:
        return f"日期 {value} 不存在：年份不能是 0000"
    last = calendar.monthrange(year, month)[1]
    if day < 1 or day > last:
        return f"日期 {value} 不存在：{year} 年 {month} 月只有 {last} 天"
    return ""


# Full-width characters that YAML reads as text where its own ASCII syntax was meant.
_FULL_WIDTH_SYNTAX = re.compile("[：，［］｛｝“”‘’]")
_ASCII_FOR = {
    "：": ":",
    "，": ",",
    "［": "[",
    "］": "]",
    "｛": "{",
    "｝": "}",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
}


def _full_width_hint(value: str) -> str:
    found = sorted(set(_FULL_WIDTH_SYNTAX.findall(value)), key=value.index)
    named = "、".join(f"“{c}”" for c in found)
    fixed = "、".join(f"“{c}”改为英文的 `{_ASCII_FOR[c]}`" for c in found)
    return f"这里用了全角符号 {named}，YAML 只认英文（半角）符号：把{fixed}。"


def damaged_path(error: jsonschema.ValidationError) -> tuple | None:
    """The part of the document an error makes unusable, or None when no check reads it.

    A missing field damages only that field and an unknown field nothing that a check
    reads, so the rest of the record is still checked."""
    parts = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        return None
    if error.validator == "required":
        return (*parts, _missing_name(error))
    if error.relative_schema_path and "propertyNames" in error.relative_schema_path:
        return (*parts, str(error.instance))  # the key itself, not the whole mapping
    return parts


def _unknown_keys(error: jsonschema.ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(k for k in instance if k not in allowed)


def _title(root: dict, error: jsonschema.ValidationError, parts: list) -> str:
    """The title of the innermost schema on the way to the error, following local $refs."""
    title = ""
    node: Any = root
    for step in error.absolute_schema_path:
        if isinstance(node, dict) and node.get("title"):
            title = str(node["title"])
        if isinstance(node, dict) and step == "$ref":
            node = _resolve_local(root, node["$ref"])
            continue
        # Recent jsonschema versions leave `$ref` out of the schema path: follow it here.
        while isinstance(node, dict) and step not in node and isinstance(node.get("$ref"), str):
            node = _resolve_local(root, node["$ref"])
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and node.get("title"):
        title = str(node["title"])
    return title or (str(parts[-1]) if parts else "")


def _resolve_local(root: dict, ref: str) -> Any:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:30] + "…"
        return f"文字“{short}”"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "`键: 值` 结构"
    return str(value)
