"""`checker new`: a new yearly dossier, from the standard's items or from an earlier year."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import command, content_option, echo, fail, option, year_option
from checker.cli.session import Session, session_options
from checker.core.paths import display
from checker.dossier.scaffold import NewDossier, scaffold


@command()
@click.argument("code", metavar="支部编号")
@year_option("考核年度。", required=True)
@content_option()
@option("--name", metavar="名称", help="支部名称（新建支部时必填）。")
@option(
    "--organization",
    metavar="编号",
    help="上级党组织的编号或全称，须是 organization.yaml 中的（新建支部时必填）。",
)
@option(
    "--from",
    "carry_from",
    type=click.IntRange(2000, 2100),
    metavar="年度",
    help="沿用本支部这一年度台账的党员名册、支部委员会和党小组。",
)
@session_options
@click.pass_obj
def new(
    session: Session,
    code: str,
    year: int,
    content_dir: Path,
    name: str | None,
    organization: str | None,
    carry_from: int | None,
) -> None:
    """新建一份年度台账（以及尚不存在的支部基本信息）。"""
    engine = session.engine(content_dir)
    request = NewDossier(code, year, name, organization, carry_from)
    made = scaffold(engine, content_dir, request, fail)
    for path in made.written:
        echo(f"已生成 {display(path)}")
    for note in made.notes:
        echo(f"请注意：{note}")
    echo(f"下一步：填写后运行 `checker validate {display(made.written[-1].parent)}`")
