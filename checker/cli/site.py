"""`checker site export`: the site's pages written to a folder, for mkdocs or properdocs."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import EXIT_FINDINGS, echo, fail, group, jobs_option, option
from checker.cli.session import Session, session_options
from checker.core.paths import display
from checker.core.progress import track
from checker.core.standard_choice import PinError
from checker.dossier.report.text import finding_line
from checker.dossier.standard import StandardError


@group()
def site() -> None:
    """展示站点（MkDocs）：生成的页面。"""


@site.command("export")
@click.argument("directory", metavar="目录", type=click.Path(file_okay=False, path_type=Path))
@option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="站点配置文件；插件设置从其中的 dossier 插件读取。",
)
@option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="内容根目录（默认取配置中的设置）。",
)
@option(
    "--scope",
    type=click.Choice(["public", "internal"]),
    help="公开范围：public 只含示范党支部和汇总，internal 含全部党支部。",
)
@option(
    "--pii",
    type=click.Choice(["fail", "redact"]),
    help="公开文字中有个人信息时：fail 停止，redact 自动隐去。",
)
@jobs_option
@session_options
@click.pass_obj
def site_export(
    session: Session,
    directory: Path,
    config_file: Path,
    content_dir: Path | None,
    scope: str | None,
    pii: str | None,
    jobs: int,
) -> None:
    """把站点页面写入目录（与插件生成的页面相同），可用 mkdocs 或 properdocs 构建。"""
    from checker.dossier.site.export import (
        CollectError,
        ExportError,
        export,
        options_from,
        read_config,
    )
    from checker.dossier.site.generator import PrivacyError

    try:
        settings = read_config(config_file)
        options = options_from(
            settings,
            content=content_dir,
            scope=scope,
            pii=pii,
            schemas=session.explicit,
            today=session.given_today,  # --today overrides the plugin's setting, --schemas too
            jobs=jobs,
            cache_dir=session.cache_dir,
        )
        options.progress = track
        generated = export(settings, options, directory)
    except PrivacyError as exc:
        for finding in exc.findings:
            echo(finding_line(finding), err=True)
        fail(f"{len(exc.findings)} 处公开内容含有个人信息，未导出", EXIT_FINDINGS)
        return
    except (ExportError, CollectError, PinError) as exc:
        fail(str(exc))
        return
    except StandardError as exc:
        for finding in exc.findings:
            echo(finding_line(finding), err=True)
        fail("标准文件有错误，无法生成站点")
        return
    for message in generated.warnings:
        echo(f"警告：{message}", err=True)
    for message in generated.notices:
        echo(message, err=True)
    echo(
        f"已导出 {len(generated.pages)} 个页面、{len(generated.media)} 张图片"
        f"到 {display(directory)}；"
        f"构建：cd {display(directory)} && mkdocs build（或 properdocs build）"
    )
    data = generated.data
    left_out = len(data.unresolved) if data is not None else 0
    left_out += sum(1 for f in data.findings if f.code == "F008") if data is not None else 0
    if left_out:
        # Written without them, as a non-strict build would be; CI stops here all the same.
        fail(f"{left_out} 处内容有错误（见上方警告），未列入站点", EXIT_FINDINGS)
