"""`checker new`: a new yearly dossier, from the standard's items."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import command, content_option, echo, fail, option, year_option
from checker.cli.session import Session, session_options
from checker.core.paths import display
from checker.dossier.scaffold import scaffold


@command()
@click.argument("code", metavar="支部编号")
@year_option("考核年度。", required=True)
@content_option()
@option("--name", metavar="名称", help="支部名称（新建支部时必填）。")
@option("--organization", metavar="编号", help="上级党组织编号（新建支部时必填）。")
@session_options
@click.pass_obj
def new(
    session: Session,
    code: str,
    year: int,
    content_dir: Path,
    name: str | None,
    organization: str | None,
) -> None:
    """新建一份年度台账（以及尚不存在的支部基本信息）。"""
    engine = session.engine(content_dir)
    written = scaffold(engine.standard, content_dir, code, year, name, organization, fail)
    for path in written:
        echo(f"已生成 {display(path)}")
    echo(f"下一步：填写后运行 `checker validate {display(written[-1].parent)}`")
