"""What a YAML syntax error means, in Chinese and at the right place.

The parser reports where it gave up, in English; the mistake is often a line or two
earlier (a full-width colon typed by a Chinese input method is text to YAML). This module
finds the real place where it can and says what to type instead.
"""

from __future__ import annotations

import re

import yaml

from checker.core.findings import Finding


def syntax_finding(exc: yaml.MarkedYAMLError, file: str, text: str) -> Finding:
    """The Y finding for a parser error: where it is, and what it means in Chinese."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    if "expected a single document" in (exc.context or ""):
        return Finding("Y005", "文件中有多个 YAML 文档（多处 `---`）", file, line, column)
    if "maximum nesting depth" in problem:
        return Finding("Y006", "嵌套层级超过解析器的上限", file, line, column)
    if "found undefined alias" in (exc.context or "") or "undefined alias" in problem:
        return Finding("Y003", "使用了未定义的别名（*）", file, line, column)
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Finding("Y001", "此处有 Tab 字符，YAML 缩进只能用空格", file, line, column)
    first = (exc.context_mark or mark).line if (exc.context_mark or mark) else 0
    wide = _full_width(text, max(0, first - 1), line)
    if wide is not None:
        wide_line, wide_column, message = wide
        return Finding("Y001", message, file, wide_line, wide_column)
    return Finding("Y001", f"YAML 语法错误：{_translate(exc)}", file, line, column)


# Full-width punctuation where YAML needs the ASCII sign: typed by a Chinese input method,
# it is text to the parser, which then fails a line or two later with a misleading message.
_WIDE_KEY_COLON = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#\"'][^:：#]*?)\s*：")
_WIDE_DASH = re.compile(r"^(\s*)[－—–]\s")


def _full_width(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(line, column, message) of the first full-width colon or list dash in YAML's place
    on lines ``start + 1`` to ``end`` (1-based), if any."""
    lines = text.split("\n")
    for number in range(start, min(end, len(lines))):
        content = lines[number]
        key = _WIDE_KEY_COLON.match(content)
        if key and ": " not in content[: key.end()]:
            column = content.index("：", key.start(2)) + 1
            name = key.group(2).strip()
            return (
                number + 1,
                column,
                f"第 {number + 1} 行用了全角冒号“：”；键和值之间要用半角冒号加一个空格，"
                f"例如 `{name}: …`",
            )
        dash = _WIDE_DASH.match(content)
        if dash:
            return (
                number + 1,
                dash.end(1) + 1,
                f"第 {number + 1} 行的列表项用了全角的“{content[dash.end(1)]}”；"
                "列表项要以半角的 `- `（减号加空格）开头",
            )
    return None


_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现 `键: 值`；文字中含冒号时请加引号，或检查缩进",
    "could not find expected ':'": "缺少冒号 `:`",
    "did not find expected key": "缩进不一致，或列表项与键混在同一层",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected end of stream": "文件意外结束，可能缺少右引号或右括号",
    "found undefined tag handle": "使用了未定义的标签",
    "did not find expected node content": "此处缺少内容",
    "found unexpected ':'": "多了一个冒号",
    "while scanning a quoted scalar": "引号没有闭合",
    "did not find expected ',' or ']'": "方括号列表 `[...]` 中缺少逗号，或缺少右方括号 `]`",
    "did not find expected ',' or '}'": "花括号 `{...}` 中缺少逗号，或缺少右花括号 `}`",
    "found character that cannot start any token": (
        "此处的字符（如 @、`、%）不能作为内容的开头；文字请加引号"
    ),
    "found unknown escape character": "双引号中的反斜杠 `\\` 转义无效；路径请用 `/`，或改用单引号",
    "did not find expected hexdecimal number": "双引号中的转义序列无效",
    "did not find expected alphabetic or numeric character": "`&` 或 `*` 后缺少名称",
    "did not find expected comment or line break": "此处应换行；`|` 或 `>` 后只能跟注释",
    "block sequence entries are not allowed": "此处不能出现列表项 `- `，请检查缩进",
    "found a tab character": "此处有 Tab 字符，YAML 缩进只能用空格",
    "found duplicate %YAML directive": "`%YAML` 指令重复",
    "found incompatible YAML document": "不支持该 YAML 版本",
    "found unknown directive name": "未知的 `%` 指令",
    "expected <document start>": "文档结束标记 `...` 之后还有内容",
    "found unexpected document indicator": "文字中出现了 `---` 或 `...`；请加引号",
    "could not find expected": "缺少必要的符号，请检查缩进、冒号和引号",
}


def _translate(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for english, chinese in _PROBLEMS.items():
        if english in text:
            return chinese
    original = (exc.problem or exc.context or "").strip()
    return f"无法解析此处的内容（解析器提示：{original}）" if original else "无法解析此处的内容"
