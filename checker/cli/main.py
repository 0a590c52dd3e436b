"""The `checker` command line: the group, its global options and its commands. It only
translates options; the work happens in the engine."""

from __future__ import annotations

import os
import sys

import click

from checker import __version__
from checker.cli import ci as ci_cli
from checker.cli import history, word
from checker.cli import ingest as ingest_cli
from checker.cli import init as init_cli
from checker.cli.assess import assess
from checker.cli.assess_word import assess_form, peer_form
from checker.cli.check import score, validate
from checker.cli.codes import codes
from checker.cli.common import EXIT_USAGE, echo, group
from checker.cli.merge import merge_command
from checker.cli.new import new
from checker.cli.points import points
from checker.cli.points_word import points_form, points_report
from checker.cli.session import Session, session_options
from checker.cli.site import site


@group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker", message="%(prog)s %(version)s")
@session_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """党支部标准化建设台账：校验、评分与报告。"""
    ctx.ensure_object(Session)  # the global options given before the command are in it


for command in (
    validate,
    score,
    merge_command,
    points,
    assess,
    assess_form,
    peer_form,
    points_form,
    points_report,
    new,
    codes,
    site,
    word.template,
    word.import_form,
    word.report,
    ingest_cli.ingest,
    ci_cli.ci,
    ci_cli.init_ci,
    history.history,
    init_cli.init,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: never show a traceback to a user; CHECKER_DEBUG=1 shows it."""
    try:
        cli(prog_name="checker")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence, not a way of handling errors
        if os.environ.get("CHECKER_DEBUG"):
            raise
        echo(
            f"checker 内部错误：{type(exc).__name__}: {exc}\n"
            "这是工具本身的问题，不是台账的问题。请把这段信息和所检查的文件报告给维护人员；"
            "设置环境变量 CHECKER_DEBUG=1 可查看详细信息。",
            err=True,
        )
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
