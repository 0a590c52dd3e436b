"""Chinese text uses full-width punctuation, in messages, the standard, schemas and content.

Half-width `,:;()` in Chinese looks fine in a code editor and wrong on paper; this keeps every
string a user reads (outside code spans, regular expressions and docstrings) in step.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
import yaml

from checker.core.typography import needs_fullwidth, to_fullwidth
from checker.core.yamlload import _Composer

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        ("文件大小 3 MB,超过上限", "文件大小 3 MB\uff0c超过上限"),
        ("提示: 改正后重试", "提示\uff1a改正后重试"),
        ("佐证材料 0 份(JPG/PNG)", "佐证材料 0 份\uff08JPG/PNG\uff09"),
        ("(应有 12 个周期,缺 1 个)", "\uff08应有 12 个周期\uff0c缺 1 个\uff09"),
        ("填报日期:    年  月  日", "填报日期\uff1a    年  月  日"),
        ("见 http://intranet.example:8080/a", "见 http://intranet.example:8080/a"),
        ("会议 14:30 开始", "会议 14:30 开始"),
        ("见[首页](index.md)页面", "见[首页](index.md)页面"),
        ("f(x, y) and a: b", "f(x, y) and a: b"),
    ],
)
def test_to_fullwidth(written: str, typeset: str) -> None:
    assert to_fullwidth(written) == typeset
    assert to_fullwidth(typeset) == typeset  # idempotent


def _python_strings(path: Path):
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline))
    previous = None
    for index, token in enumerate(tokens):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        follows = tokens[index + 1].type if index + 1 < len(tokens) else None
        docstring = (
            previous is None or previous.type in (tokenize.INDENT, tokenize.NEWLINE)
        ) and follows == tokenize.NEWLINE
        prefix = re.match(r"[A-Za-z]*", token.string).group(0).lower()
        previous = token
        if token.type == tokenize.STRING and not docstring and "r" not in prefix:
            yield token.start[0], token.string


def _yaml_scalars(path: Path):
    text = path.read_text("utf-8")
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    finally:
        composer.dispose()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node.start_mark.line + 1, node.value
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)


def _markdown_prose(path: Path):
    fenced = False
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def _places() -> list[tuple[str, int, str]]:
    places = []
    for path in sorted((ROOT / "checker").rglob("*.py")):
        if path.name != "typography.py":
            places += [(str(path), n, s) for n, s in _python_strings(path)]
    for path in sorted((ROOT / "schemas").glob("*.json")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            places += [(str(path), n, s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', line)]
    for path in [ROOT / "schemas" / "standard.yaml", *sorted((ROOT / "content").rglob("*.yaml"))]:
        places += [(str(path), n, s) for n, s in _yaml_scalars(path)]
    for path in [ROOT / "README.md", *sorted((ROOT / "content").rglob("*.md"))]:
        places += [(str(path), n, s) for n, s in _markdown_prose(path)]
    return places


def test_user_facing_chinese_uses_fullwidth_punctuation() -> None:
    offenders = [
        f"{Path(file).relative_to(ROOT)}:{line}: {text[:60]}"
        for file, line, text in _places()
        if needs_fullwidth(re.sub(r"`[^`]*`", "x", text))
    ]
    assert offenders == [], "run checker.typography.to_fullwidth over these:\n" + "\n".join(
        offenders[:30]
    )


def test_command_help_uses_fullwidth_punctuation() -> None:
    """`checker --help` shows the commands' docstrings and the options' help to users."""
    import click

    from checker.cli.main import cli

    def walk(command: click.Command, name: str):
        yield name, command.help or ""
        for param in command.params:
            yield f"{name} {param.name}", getattr(param, "help", None) or ""
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield from walk(sub, f"{name} {sub_name}")

    offending = [where for where, text in walk(cli, "checker") if needs_fullwidth(text)]
    assert offending == []
