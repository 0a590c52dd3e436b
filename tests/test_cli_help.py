"""Every help page of the command line is Chinese: a branch secretary reads no English.

Each command of the group, subcommands included, is asked for `--help` in process; what may
stay ASCII is what a user types or reads as a name: option names, command names, the values
of a choice (format names), file and folder names, and a few product names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from checker.cli.main import cli

# Names of things, not English prose: formats, products and standards a help text mentions.
NAMES = {
    *("checker", "dossier", "git", "HEAD", "mkdocs", "properdocs", "MkDocs"),
    *("JSON", "Schema", "YAML", "Word", "Markdown", "SARIF", "JUnit", "XML", "CI"),
    *("GitHub", "Actions", "GitLab", "VS", "Code", "GB", "T", "YYYY", "MM", "DD"),
}
# A token holding a dash, dot, slash or underscore is an option, a file, a path or an
# environment variable (--jobs, mkdocs.yml, content/, GITHUB_STEP_SUMMARY, pre-commit).
NAMED = re.compile(r"[A-Za-z0-9]*[-./_<>][-./_<>A-Za-z0-9\u4e00-\u9fff]*")
WORD = re.compile(r"[A-Za-z]+")


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def allowed_words(group: click.Group) -> set[str]:
    """Command names and the values of every choice, in the whole tree."""
    words = set(NAMES)
    stack: list[click.Command] = [group]
    while stack:
        command = stack.pop()
        words.update(WORD.findall(command.name or ""))
        for param in command.params:
            if isinstance(param.type, click.Choice):
                words.update(str(c) for c in param.type.choices)
        if isinstance(command, click.Group):
            stack.extend(command.commands.values())
    return words


def english_in(text: str, allowed: set[str]) -> list[str]:
    return [w for w in WORD.findall(NAMED.sub(" ", text)) if w not in allowed]


def test_the_allow_list_still_catches_click_english() -> None:
    allowed = allowed_words(cli)
    text = "用法： checker new [OPTIONS] CODE\n  --year INTEGER RANGE  考核年度。  [required]"
    assert english_in(text, allowed) == ["OPTIONS", "CODE", "INTEGER", "RANGE", "required"]
    assert english_in("--cache-dir 目录  缓存在 .checker-cache/ 中", allowed) == []


@pytest.mark.parametrize("path", list(commands(cli)), ids=lambda p: " ".join(p) or "checker")
def test_help_has_no_english(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="checker")
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output
    assert english_in(result.output, allowed_words(cli)) == [], result.output


def test_help_headings_and_defaults_read_as_chinese() -> None:
    result = CliRunner().invoke(cli, ["new", "--help"], prog_name="checker")
    assert "[选项]" in result.output and "选项：" in result.output
    assert "[默认：content/（台账仓库中为当前目录）]" in result.output  # no ASCII parentheses
    assert "必填" in result.output and "2000～2100" in result.output
    top = CliRunner().invoke(cli, ["--help"], prog_name="checker").output
    assert "命令 [参数]..." in top and "[默认：--cache]" in top


def test_option_descriptions_line_up_on_a_terminal() -> None:
    """click counts characters; a Chinese metavar takes two columns, so the column of
    descriptions is placed by display width."""
    from checker.core.columns import width

    output = CliRunner().invoke(cli, ["init", "--help"], prog_name="checker").output
    rows = [line for line in output.splitlines() if line.startswith("  -")]
    starts = {width(re.match(r"\s*\S.*?\s{2,}", row).group()) for row in rows}
    assert len(rows) >= 5 and len(starts) == 1, rows


def test_a_paragraph_broken_between_chinese_characters_gets_no_space() -> None:
    from checker.cli.zh_help import wrap

    assert wrap("改动包括未被忽略的新文件。\n    路径限定范围，默认 content/。", 80) == [
        "改动包括未被忽略的新文件。路径限定范围，默认 content/。"
    ]
    assert wrap("一二三四五，六", 10) == ["一二三四五，", "六"]  # the comma hangs
