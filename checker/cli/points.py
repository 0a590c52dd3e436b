"""`checker points`: each member's points for the year (or one month), with the reasons."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    echo,
    fail,
    format_option,
    jobs_option,
    month_option,
    root_of,
    write_json_list,
)
from checker.cli.session import Session, session_options
from checker.cli.targets import PATHS
from checker.core.jsonout import dumps_bytes
from checker.core.paths import default_root, display
from checker.core.progress import track
from checker.points.engine import PointsEngine, run
from checker.points.layout import discover_ledgers
from checker.points.report import markdown_lines, text_lines
from checker.points.results import LedgerResult
from checker.points.standard import PointsStandardError


@command()
@PATHS
@format_option(["text", "json", "markdown"])
@month_option("只看这个月（如 2025-03）的申报和审核。")
@jobs_option
@session_options
@click.pass_obj
def points(
    session: Session,
    paths: tuple[Path, ...],
    fmt: str,
    month: str | None,
    jobs: int,
) -> None:
    """计算党员积分：每名党员每月、全年的积分和定级，说明每一处不计分的原因。

    路径与 validate 相同；只计算有 points/ 目录的年度台账。
    """
    schemas = session.choice(root_of(paths)).folder
    try:
        engine = PointsEngine(schemas, session.today, session.cache_dir)
    except PointsStandardError as exc:
        fail(f"无法计算党员积分：{exc.findings[0].message}")
    targets = list(paths) or [default_root()]
    refs, _ = discover_ledgers(targets)
    if month is not None:
        refs = [r for r in refs if r.year == int(month[:4])]
    if not refs:
        shown = "、".join(display(p) for p in targets)
        fail(f"在 {shown} 下没有找到党员积分台账（年度目录中的 points/ 目录）")
    errors = 0

    def results() -> Iterator[LedgerResult]:
        nonlocal errors
        for result in track(run(engine, refs, jobs), len(refs), "计算党员积分", streaming=True):
            errors += result.errors
            yield result

    # One ledger at a time, in the order of the ledgers: memory stays flat however many.
    if fmt == "json":
        write_json_list("ledgers", (dumps_bytes(r.to_dict()) for r in results()))
    else:
        month_number = int(month[5:]) if month else None
        for result in results():
            lines = (
                markdown_lines(result) if fmt == "markdown" else text_lines(result, month_number)
            )
            for line in lines:
                echo(line)
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)
