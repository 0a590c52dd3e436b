"""`checker init DIR`: write a dossier repository that works from the installed package."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import command, echo, fail, option
from checker.cli.session import Session, session_options
from checker.core.paths import display
from checker.core.textfile import os_reason


def _region(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from checker.dossier.init_repo import REGION

    if value is not None and not REGION.match(value):
        raise click.BadParameter(f"“{value}”不是 6 位或 9 位数字的行政区划代码")
    return value


def _url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(("https://", "http://")):
        raise click.BadParameter(f"“{value}”不是以 https:// 或 http:// 开头的网址")
    return value


@command("init")
@click.argument("directory", metavar="目录", type=click.Path(file_okay=False, path_type=Path))
@option(
    "--name", metavar="名称", help="工委全称，如“中共××市直属机关工作委员会”（不给时留待填写）。"
)
@option("--region", callback=_region, metavar="代码", help="行政区划代码（6 位或 9 位数字）。")
@option("--example", is_flag=True, help="同时写入一个完整的示例支部（两个年度的台账）。")
@option(
    "--own-standard",
    is_flag=True,
    help="把标准和 JSON Schema 复制到仓库的 schemas/，以后按这份标准评分（可自行修改）。",
)
@option(
    "--schema-url",
    callback=_url,
    metavar="网址",
    help="展示站点的地址；VS Code 从站点的 /schemas/ 读取 Schema（默认用本机安装的副本）。",
)
@option("--force", is_flag=True, help="目录不是空的也写入（同名文件被覆盖）。")
@session_options
@click.pass_obj
def init(
    session: Session,
    directory: Path,
    name: str | None,
    region: str | None,
    example: bool,
    own_standard: bool,
    schema_url: str | None,
    force: bool,
) -> None:
    """在目录中建立一个台账仓库：组织结构、站点配置、CI、提交前检查和说明。

    目录须是空目录（或不存在）；只有 .git 的目录也算空。写入的仓库只依赖安装的 checker。
    """
    from checker.dossier.init_repo import FolderNotEmpty, Options, plan, write

    if directory.exists() and not directory.is_dir():
        fail(f"{display(directory)} 已存在且不是目录")
    # The new repository's pin decides (none yet: the current standard), not the one of
    # whatever repository the command happens to run in.
    standard = session.engine(directory).standard
    options = Options(name, region, example, own_standard, schema_url, session.today)
    the_plan = plan(standard, options)
    try:
        written = write(directory, the_plan, force)
    except FolderNotEmpty as exc:
        shown = "、".join(exc.entries[:5]) + ("等" if len(exc.entries) > 5 else "")
        fail(
            f"{display(directory)} 不是空目录（其中有 {shown}），未写入任何文件；"
            "请换一个空目录，或确认要写入（同名文件会被覆盖）时加 --force"
        )
    except OSError as exc:
        fail(f"无法写入 {display(directory)}：{os_reason(exc)}")
    echo(
        f"已在 {display(directory)} 建立台账仓库（{len(written)} 个文件），使用标准 "
        f"{standard.id} {standard.version}。"
    )
    steps = [
        "修改 organization.yaml：填写工委名称、行政区划代码、责任区和上级党组织",
        "在 .github/workflows/dossier.yml 或 .gitlab-ci.yml 中把 CHECKER_PACKAGE "
        "改为 checker 的安装来源",
        f"在 {display(directory)} 中运行 checker validate 检查，然后 git add . 并提交",
    ]
    if the_plan.example_code:
        steps.insert(1, f"示例支部 branches/{the_plan.example_code} 可用来试用，正式使用前删除")
    echo("下一步：")
    for number, step in enumerate(steps, 1):
        echo(f"  {number}. {step}")
