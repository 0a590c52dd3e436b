"""Limits on a narrative's Markdown structure, so rendering stays linear in its size.

Python-Markdown recurses once per level of list or quote nesting and per definition in a
definition list (a few hundred levels raise RecursionError), and its inline patterns scan
from every ``[``, ``<`` and backtick run to the end of the paragraph, so their cost grows
with (openers in a paragraph) × (paragraph length); runs of character entities grow faster
than linearly within one paragraph. Bounding the nesting depth and the number of each
opener *per paragraph* makes the cost per kilobyte a constant: see ``bench/narrative_bombs.py``
for the measurements behind the defaults.

The scan itself is one linear pass over the lines. ``checker validate`` reports F008 for a
narrative over the limits (so CI and pre-commit stop it before a build) and the site leaves
such a narrative out instead of rendering it. A committee can tune the limits in
``settings.narrative_limits`` of the standard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from checker.core.findings import Finding

# Defaults, used where the standard does not set a limit (e.g. an older copy of it).
DEFAULTS: dict[str, int] = {
    "depth": 16,  # lists and quotes inside each other
    "brackets": 64,  # `[` in one paragraph (links, images)
    "angles": 256,  # `<` in one paragraph (HTML tags, autolinks)
    "backtick_runs": 128,  # runs of ` in one paragraph (inline code)
    "entities": 1000,  # character entities such as &#106; in one paragraph
    "definitions": 64,  # definition lines (`: …`) in one paragraph
    "unclosed_tags": 32,  # `<tag` without its `>`, in the whole narrative
}

_WHAT = {
    "brackets": "个“[”",
    "angles": "个“<”",
    "backtick_runs": "处反引号“`”",
    "entities": "个字符实体（如 `&#106;`）",
    "definitions": "行定义列表（以 `: ` 开头）",
}
PER_PARAGRAPH = tuple(_WHAT)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKER = re.compile(r"(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$))[ \t]?")
_BACKTICKS = re.compile(r"`+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]")
# An HTML tag or autolink opened and not closed before the next `<` or the paragraph's end:
# the raw-HTML parser then looks for its end through the rest of the narrative.
_UNCLOSED = re.compile(r"<[A-Za-z/!?][^<>]*(?=<|\Z)")


@dataclass(frozen=True, slots=True)
class Excess:
    """One limit a narrative goes past: which, by how much, and where (1-based line)."""

    limit: str
    found: int
    allowed: int
    line: int


def limits_from(settings: Mapping[str, object]) -> dict[str, int]:
    """The limits a standard's settings give, completed with the defaults."""
    configured = settings.get("narrative_limits")
    merged = dict(DEFAULTS)
    if isinstance(configured, Mapping):
        merged.update({k: int(v) for k, v in configured.items() if k in DEFAULTS})
    return merged


def depth(line: str) -> int:
    """How deep a line is nested: every 4 columns of indentation, `>` and list marker."""
    expanded = line.expandtabs(4)
    stripped = expanded.lstrip(" ")
    level = (len(expanded) - len(stripped)) // 4
    position = 0
    while True:
        match = _MARKER.match(stripped, position)
        if match is None:
            return level
        level += 1
        position = match.end()
        while position < len(stripped) and stripped[position] == " ":
            position += 1


def scan(text: str, limits: Mapping[str, int]) -> list[Excess]:
    """Every limit ``text`` exceeds, at most one finding per limit (the first place)."""
    found: dict[str, Excess] = {}
    fence: str | None = None
    counts = dict.fromkeys(PER_PARAGRAPH, 0)
    start = 0  # first line of the current paragraph
    lines: list[str] = []  # of the current paragraph
    unclosed = 0  # in the whole narrative

    def close() -> None:
        nonlocal unclosed
        for name, count in counts.items():
            if count > limits[name] and name not in found:
                found[name] = Excess(name, count, limits[name], start)
            counts[name] = 0
        if lines:
            unclosed += len(_UNCLOSED.findall("\n".join(lines)))
            lines.clear()
            if unclosed > limits["unclosed_tags"] and "unclosed_tags" not in found:
                found["unclosed_tags"] = Excess(
                    "unclosed_tags", unclosed, limits["unclosed_tags"], start
                )

    for number, line in enumerate(text.splitlines(), 1):
        fenced = _FENCE.match(line)
        if fence is not None:  # inside fenced code nothing is parsed as Markdown
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = None
            continue
        if fenced:
            close()
            fence = fenced.group(1)
            continue
        if not line.strip():
            close()
            start = 0
            continue
        if not start:
            start = number
        lines.append(line)
        level = depth(line)
        if level > limits["depth"] and "depth" not in found:
            found["depth"] = Excess("depth", level, limits["depth"], number)
        counts["brackets"] += line.count("[")
        counts["angles"] += line.count("<")
        counts["backtick_runs"] += len(_BACKTICKS.findall(line))
        counts["entities"] += len(_ENTITY.findall(line))
        counts["definitions"] += 1 if _DEFINITION.match(line) else 0
    close()
    return sorted(found.values(), key=lambda x: (x.line, x.limit))


def message(excess: Excess) -> str:
    if excess.limit == "unclosed_tags":
        return (
            f"到第 {excess.line} 行起的段落为止，有 {excess.found} 处“<”开头的标签或链接没有写完"
            f"（缺少“>”），超过上限 {excess.allowed}，站点无法安全生成该叙述；"
            "请补上“>”，或把不是标签的“<”写成 `&lt;`"
        )
    if excess.limit == "depth":
        return (
            f"列表或引用嵌套了 {excess.found} 层，超过上限 {excess.allowed} 层，"
            "站点无法安全生成该叙述"
        )
    return (
        f"第 {excess.line} 行起的段落中有 {excess.found} {_WHAT[excess.limit]}，"
        f"超过每段上限 {excess.allowed}，站点无法安全生成该叙述；"
        "请把段落拆开（空一行）或删去多余的符号"
    )


def check(text: str, file: str, settings: Mapping[str, object]) -> list[Finding]:
    """F008 findings for a narrative over the limits (none for a normal one)."""
    return [Finding("F008", message(x), file, x.line, 1) for x in scan(text, limits_from(settings))]
