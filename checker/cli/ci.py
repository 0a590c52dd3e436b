"""`checker ci` and `checker init-ci`: scoring on every change, and the CI files for it.

Like main.py, this only translates options; the work is in checker/dossier/ci.py and
checker/dossier/initci.py.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    echo,
    fail,
    jobs_option,
    option,
    root_of,
)
from checker.cli.session import session_options
from checker.cli.targets import PATHS
from checker.core import atomic
from checker.core.paths import default_root, display
from checker.core.progress import track
from checker.core.textfile import os_reason

if TYPE_CHECKING:
    from checker.cli.session import Session
    from checker.dossier.ci import CiReport


OUTPUT = click.Path(dir_okay=False, path_type=Path)


@command("ci")
@PATHS
@option(
    "--base",
    "base_ref",
    required=True,
    metavar="基线",
    help="对比的基线：目标分支或提交（如 origin/main），从它与 HEAD 的共同祖先算起。",
)
@option("--sarif", "sarif_file", type=OUTPUT, help="把问题写成 SARIF 2.1.0（代码扫描）。")
@option("--junit", "junit_file", type=OUTPUT, help="把问题写成 JUnit XML（GitLab）。")
@option("--json", "json_file", type=OUTPUT, help="把对比结果写成 JSON。")
@jobs_option
@session_options
@click.pass_obj
def ci(
    session: Session,
    paths: tuple[Path, ...],
    base_ref: str,
    sarif_file: Path | None,
    junit_file: Path | None,
    json_file: Path | None,
    jobs: int,
) -> None:
    """检查并评分自基线（--base）以来改动涉及的台账，与基线逐条对比得分。

    改动包括基线与 HEAD 的共同祖先之后的提交、未提交的改动和未被忽略的新文件。
    路径限定范围，默认 content/（台账仓库中为当前目录）。摘要（Markdown）写到标准输出，
    设置了 GITHUB_STEP_SUMMARY 时同时追加到该文件。
    """
    from checker.core.gitrepo import GitError
    from checker.dossier.ci import compare, plan
    from checker.dossier.report.ci_summary import ci_summary

    targets = list(paths) or [default_root()]
    for target in targets:
        if not target.exists():
            fail(f"路径 {display(target)} 不存在：请在台账仓库的根目录运行，或指定内容目录")
    root = root_of(targets)
    choice = session.choice(root)
    engine = session.engine(root)
    try:
        the_plan = plan(targets, base_ref, choice.folder)
        shipped = choice.source == "shipped"
        report = compare(the_plan, engine, choice.folder, session.today, jobs, track, shipped)
    except GitError as exc:
        fail(str(exc))
    summary = ci_summary(report)
    click.echo(summary, nl=False)
    _append_step_summary(summary)
    _write_outputs(report, sarif_file, junit_file, json_file)
    sys.exit(EXIT_FINDINGS if report.has_errors else EXIT_OK)


def _append_step_summary(summary: str) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(summary + "\n")
    except OSError as exc:
        echo(f"警告：无法写入 GITHUB_STEP_SUMMARY（{target}）：{os_reason(exc)}", err=True)


def _write_outputs(
    report: CiReport, sarif_file: Path | None, junit_file: Path | None, json_file: Path | None
) -> None:
    from checker.core.jsonout import dumps
    from checker.dossier.report import machine

    root = report.plan.root
    # The findings name files relative to the repository root; the writers want real paths.
    located = [replace(f, file=str(root / f.file)) if f.file else f for f in report.findings]
    dossiers = sum(d.current is not None for d in report.dossiers)
    outputs = [
        (sarif_file, lambda: machine.sarif(located, dossiers, root)),
        (junit_file, lambda: machine.junit(located, dossiers, root, name="checker ci")),
        (json_file, lambda: dumps(report.to_dict()) + "\n"),
    ]
    for path, render in outputs:
        if path is None:
            continue
        try:
            atomic.write_text(path, render())
        except OSError as exc:
            fail(f"无法写入 {display(path)}：{os_reason(exc)}；请检查目录是否存在、是否有写权限")


@command("init-ci")
@click.argument(
    "directory",
    metavar="[目录]",
    default=Path("."),
    type=click.Path(file_okay=False, path_type=Path),
)
@option("--github", is_flag=True, help="写入 GitHub Actions 工作流 .github/workflows/dossier.yml。")
@option("--gitlab", is_flag=True, help="写入 GitLab CI 配置 .gitlab-ci.yml。")
@option("--force", is_flag=True, help="覆盖已有的文件。")
@session_options
def init_ci(directory: Path, github: bool, gitlab: bool, force: bool) -> None:
    """在台账仓库的目录（默认当前目录）中写入现成的 CI 配置。

    不指定 --github 或 --gitlab 时两者都写。
    """
    from checker.dossier.initci import ExistsError, write_ci_files

    kinds = [k for k, wanted in (("github", github), ("gitlab", gitlab)) if wanted]
    kinds = kinds or ["github", "gitlab"]
    if not directory.is_dir():
        fail(f"目录 {display(directory)} 不存在：请先建立台账仓库，或指定正确的目录")
    try:
        written = write_ci_files(directory, kinds, force)
    except ExistsError as exc:
        names = "、".join(display(p) for p in exc.paths)
        fail(f"{names} 已存在，未写入任何文件；确认要覆盖时加 --force 重新运行")
    except OSError as exc:
        fail(f"无法写入 {display(directory)}：{os_reason(exc)}")
    for path in written:
        echo(f"已生成 {display(path)}")
    echo("下一步：把文件中的 CHECKER_PACKAGE 改为 checker 的安装地址，然后提交并推送。")
