"""The global options (--schemas, --today, --cache/--no-cache, --cache-dir) may stand before
the command or after it; given in both places, the one after the command wins."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from conftest import SCHEMAS, Tree

from checker.cli.main import cli

MID_YEAR = "2025-06-30"
LATE = "2026-11-29"


def checker(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def totals(stdout: str) -> list[float]:
    import json

    return [r["total"] for r in json.loads(stdout)["results"]]


def test_today_after_the_command_is_the_same_as_before_it(tree: Tree) -> None:
    schemas = ("--schemas", str(SCHEMAS), "--no-cache")
    before = checker(*schemas, "--today", MID_YEAR, "score", "content", "--format", "json")
    after = checker(*schemas, "score", "content", "--format", "json", "--today", MID_YEAR)
    late = checker(*schemas, "--today", LATE, "score", "content", "--format", "json")
    assert before == after
    assert totals(after[1]) != totals(late[1])  # the day does change the result


def test_the_option_after_the_command_wins(tree: Tree) -> None:
    late_then_mid = checker(
        "--schemas", str(SCHEMAS), "--no-cache", "--today", LATE,
        "score", "content", "--format", "json", "--today", MID_YEAR,
    )  # fmt: skip
    mid = checker(
        "--schemas", str(SCHEMAS), "--no-cache", "--today", MID_YEAR,
        "score", "content", "--format", "json",
    )  # fmt: skip
    assert late_then_mid == mid
    # A folder with no standard before the command, the real one after it: scored.
    missing = str(tree.base / "no-schemas")
    code, _, _ = checker(
        "--schemas", missing, "--no-cache", "score", "content", "--schemas", str(SCHEMAS)
    )
    assert code == 0
    # …and the other way round: the missing folder after the command is the one used.
    code, _, stderr = checker(
        "--schemas", str(SCHEMAS), "--no-cache", "score", "content", "--schemas", missing
    )
    assert code == 2 and "no-schemas" in stderr


def test_cache_options_after_the_command(tree: Tree) -> None:
    cache = tree.base / "cache"
    args = ("--schemas", str(SCHEMAS), "--today", LATE)
    checker(*args, "--no-cache", "score", "content", "--cache-dir", str(cache))
    assert not cache.exists()  # --no-cache before the command still holds
    checker(*args, "--no-cache", "score", "content", "--cache-dir", str(cache), "--cache")
    assert len(list(cache.rglob("*.json"))) == 1  # --cache after it wins
    other = tree.base / "other"
    checker(*args, "--cache-dir", str(other), "validate", "content", "--no-cache")
    assert not other.exists()


def test_a_bad_today_after_the_command_is_a_usage_error(tree: Tree) -> None:
    code, _, stderr = checker(
        "--schemas", str(SCHEMAS), "validate", "content", "--today", "2025-13-01"
    )
    assert code == 2
    assert "“2025-13-01”不是 YYYY-MM-DD 格式的日期" in stderr


def leaf_commands(group: click.Group) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += [(name, *rest) for rest in leaf_commands(command)]
        else:
            found.append((name,))
    return found


@pytest.mark.parametrize("path", leaf_commands(cli), ids=" ".join)
def test_every_command_lists_and_accepts_the_global_options(path: tuple[str, ...]) -> None:
    helped = CliRunner().invoke(cli, [*path, "--help"]).output
    for name in ("--schemas 目录", "--today YYYY-MM-DD", "--cache / --no-cache", "--cache-dir"):
        assert name in helped, (path, name)
