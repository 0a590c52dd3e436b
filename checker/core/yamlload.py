"""Safe YAML loading for untrusted files, with a line and column for every finding.

libyaml (through PyYAML's C parser) composes the node tree; we then build plain Python
values ourselves instead of using PyYAML's constructor, because that is where the traps are:

- duplicate keys, which PyYAML silently resolves to the last value, are reported;
- aliases are refused, so an alias bomb or a self-referencing alias never gets walked;
- explicit tags are refused;
- plain scalars follow a small, predictable schema (close to YAML 1.2 core): ``no``, ``on``,
  ``2017-09-13``, ``1:30`` and ``0755`` stay text, as the writer meant, instead of becoming
  false, a date, 90 or 493 as YAML 1.1 would have it; NaN and infinity are refused.

A file that cannot be read or parsed yields findings, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from checker.core.findings import Finding, pointer
from checker.core.gcpause import gc_paused
from checker.core.textfile import line_col, read_text
from checker.core.yaml_syntax import syntax_finding

try:  # libyaml is 7x faster; the pure-Python parser is the fallback where it is missing.
    from yaml.cyaml import CParser as _Parser

    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    WITH_LIBYAML = False

PLAIN_TAG = "tag:plain"
_STANDARD_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
MAX_DEPTH = 40


class _PlainResolver(BaseResolver):
    """Every untagged node gets a fixed tag; the builder resolves plain scalars itself.

    The composer calls these three methods once per node. Ours have no implicit or path
    resolvers, so the inherited versions only spend time finding that out.
    """

    DEFAULT_SCALAR_TAG = PLAIN_TAG
    _TAGS = {  # noqa: RUF012  (a class constant, read only)
        ScalarNode: PLAIN_TAG,
        SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
        MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
    }

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return self._TAGS[kind]


class _Composer(_Parser, _PlainResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _PlainResolver.__init__(self)


_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,14})\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*)(?:[eE][-+]?[0-9]+)?\Z")
_NAN_INF = re.compile(r"[-+]?\.(?:nan|NaN|NAN|inf|Inf|INF)\Z")
# C0 controls except tab, LF and CR; DEL; C1 controls. libyaml refuses these without a line.
# What a double-quoted escape can bring in on top: a CR (`"\\r"`) rewrites a terminal line
# and ends a Markdown table row. (The line separator U+2028 stays: Word text can hold it,
# and every output escapes it.)
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(slots=True)
class Loaded:
    """The outcome of loading one YAML file: data (None when unusable) and findings."""

    file: str
    data: Any = None
    root: Node | None = None
    findings: list[Finding] = field(default_factory=list)
    # A number such as `2025.0` passes JSON Schema's "integer"; validation looks closer then.
    whole_floats: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(f.is_error for f in self.findings)

    def locate(self, parts: tuple | list, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``parts``, or of its key."""
        node = self.root
        if node is None:
            return (1, 1)
        best = node.start_mark
        for part in parts:
            found = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == str(part):
                        found = (k, v)
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                found = (node.value[part], node.value[part])
            if found is None:
                break
            key_node, node = found
            best = key_node.start_mark if key and part is parts[-1] else node.start_mark
        return (best.line + 1, best.column + 1)


def load_yaml(path: Path, file: str, max_bytes: int) -> Loaded:
    """Load one YAML file whose top level must be a mapping."""
    result = Loaded(file)
    text = read_text(path, file, max_bytes, result.findings)
    if text is None:
        return result
    return parse_yaml(text, file, result)


def parse_yaml(text: str, file: str, result: Loaded | None = None) -> Loaded:
    # Composing and building make many small objects and no garbage cycles worth chasing
    # (the input's size is bounded): the cyclic collector only slows this down, by ~13%.
    with gc_paused():
        return _parse_yaml(text, file, result)


def _parse_yaml(text: str, file: str, result: Loaded | None) -> Loaded:
    result = result if result is not None else Loaded(file)
    try:
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        result.findings.append(syntax_finding(exc, file, text))
        return result
    except yaml.YAMLError as exc:  # e.g. a reader error, which carries an offset only
        position = getattr(exc, "position", 0) or 0
        line, column = line_col(text, position)
        result.findings.append(
            Finding("Y001", "无法解析：文件含有 YAML 不允许的字符", file, line, column)
        )
        return result
    except RecursionError:
        result.findings.append(Finding("Y006", f"嵌套超过 {MAX_DEPTH} 层", file, 1, 1))
        return result
    if root is None:
        result.findings.append(Finding("F003", "文件中没有任何内容", file, 1, 1))
        return result
    result.root = root
    if not isinstance(root, MappingNode):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        result.findings.append(Finding("Y009", "顶层不是 `键: 值` 结构", file, line, column))
        return result
    builder = _Builder(file)
    try:
        data = builder.build(root, (), 0)
    except _AliasFound:
        data = None
        _place_alias(builder, text)
    result.findings.extend(builder.findings)
    if builder.fatal:
        return result
    result.data = data
    result.whole_floats = builder.whole_floats
    return result


class _AliasFound(Exception):
    """Raised by the builder at the first alias: the file is refused there and then."""


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, reporting what it refuses."""

    __slots__ = ("fatal", "file", "findings", "seen", "whole_floats")

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.seen: set[int] = set()
        self.fatal = False
        self.whole_floats = False

    def _alias(self, node: Node, parts: tuple) -> None:
        # One alias is enough to refuse the file; walking on would visit a bomb's expansion.
        self._fail("Y003", "此处使用了别名（*），引用了前面的内容", node, parts)
        raise _AliasFound

    def _fail(self, code: str, message: str, node: Node, parts: tuple) -> None:
        mark = node.start_mark
        self.findings.append(
            Finding(code, message, self.file, mark.line + 1, mark.column + 1, pointer(parts))
        )
        self.fatal = True

    def _escaped_control(self, node: ScalarNode, parts: tuple) -> bool:
        """Refuse a control character that a double-quoted escape (`"\\x1b"`) brought in."""
        found = _ESCAPED_CONTROL.search(node.value)
        if found is None:
            return False
        char = ord(found.group())
        self._fail("F006", f"文字中含有控制字符 U+{char:04X}（转义写法）", node, parts)
        return True

    def build(self, node: Node, parts: tuple, depth: int) -> Any:
        # Composed aliases are the very same node object: a repeat means an alias.
        if id(node) in self.seen:
            self._alias(node, parts)
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail("Y006", f"嵌套超过 {MAX_DEPTH} 层", node, parts)
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, parts)
        if node.tag not in _STANDARD_COLLECTION_TAGS:
            self._fail("Y004", f"不支持标签 `{node.tag}`", node, parts)
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*parts, i), depth + 1) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != PLAIN_TAG:
                self._fail("Y008", "键不是普通文字", key_node, parts)
                continue
            if id(key_node) in self.seen:  # an alias used as a key
                self._alias(key_node, (*parts, key_node.value))
                continue
            self.seen.add(id(key_node))
            if key_node.style == '"' and self._escaped_control(key_node, parts):
                continue
            key = key_node.value
            if key in mapping:
                mark = key_node.start_mark
                self.findings.append(
                    Finding(
                        "Y002",
                        f"键 `{key}` 重复出现，前面已有同名的键",
                        self.file,
                        mark.line + 1,
                        mark.column + 1,
                        pointer((*parts, key)),
                    )
                )
                self.fatal = True
                continue
            mapping[key] = self.build(value_node, (*parts, key), depth + 1)
        return mapping

    def _scalar(self, node: ScalarNode, parts: tuple) -> Any:
        value = node.value
        if node.tag != PLAIN_TAG:
            if node.tag == "tag:yaml.org,2002:str":
                return value
            self._fail("Y004", f"不支持标签 `{node.tag}`", node, parts)
            return None
        if node.style:  # quoted or block scalars are always text
            if node.style == '"' and self._escaped_control(node, parts):
                return None
            return value
        if value in _NULLS:
            return None
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            number = float(value)
            if number in (float("inf"), float("-inf")):
                self._fail("Y007", f"数字 `{value}` 超出范围", node, parts)
                return None
            self.whole_floats = self.whole_floats or number.is_integer()
            return number
        if _NAN_INF.match(value):
            self._fail("Y007", f"`{value}` 不是一个具体数字", node, parts)
            return None
        return value


def _place_alias(builder: _Builder, text: str) -> None:
    """Move the alias finding to the alias (`*name`) itself.

    A composed alias is the anchored node, so its mark is the anchor's. The builder walks in
    document order and anchors come before their aliases, so the alias it met is the first
    alias event in the stream. Only refused files pay for this second pass.
    """
    parser = _Parser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                old = builder.findings[-1]
                mark = event.start_mark
                builder.findings[-1] = Finding(
                    old.code, old.message, old.file, mark.line + 1, mark.column + 1, old.path
                )
                return
    except yaml.YAMLError:  # pragma: no cover - the text was composed once already
        return
    finally:
        parser.dispose()
