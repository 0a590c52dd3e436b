"""`checker assess`: the year's composite of every party organization, ranked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.assessment.engine import assess as assess_year
from checker.assessment.report import markdown_lines, text_lines
from checker.assessment.scheme import SchemeError
from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    content_option,
    echo,
    fail,
    format_option,
    jobs_option,
    year_option,
)
from checker.cli.session import Session, session_options
from checker.core.jsonout import dumps


@command()
@year_option("考核年度。", required=True)
@content_option()
@format_option(["text", "json", "markdown"])
@jobs_option
@session_options
@click.pass_obj
def assess(session: Session, year: int, content_dir: Path, fmt: str, jobs: int) -> None:
    """党组织年度目标考核：各部分得分乘以权重、加减分、总分和排名（全部、责任区内、同层级），
    说明每一处未得分的原因。"""
    schemas = session.choice(content_dir).folder
    try:
        result = assess_year(content_dir, year, schemas, session.today, jobs)
    except SchemeError as exc:
        fail(f"无法考核：{exc.findings[0].message}")
    if fmt == "json":
        click.echo(dumps(result.to_dict()))
    else:
        for line in (markdown_lines if fmt == "markdown" else text_lines)(result):
            echo(line)
    sys.exit(EXIT_FINDINGS if result.errors else EXIT_OK)
