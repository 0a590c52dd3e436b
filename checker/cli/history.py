"""`checker history BRANCH`: a branch's scores across the git history of its dossiers.

Like main.py, this only translates options; the work is in checker/dossier/history/ and the
output in checker/dossier/report/history.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from checker.cli.common import (
    command,
    content_option,
    echo,
    fail,
    format_option,
    option,
    year_option,
)
from checker.cli.session import session_options
from checker.core.jsonout import dumps
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, display
from checker.core.progress import track
from checker.dossier import history as hist
from checker.dossier.report.history import history_document, history_markdown, history_text

if TYPE_CHECKING:
    from checker.cli.session import Session


def _locate(branch: str, content_dir: Path) -> tuple[Path, str]:
    """(content root, branch code) from a branch code or a branch folder."""
    path = Path(branch)
    if path.is_dir() and ((path / BRANCH_FILE).is_file() or "/" in branch or "\\" in branch):
        folder = path.resolve()
        if folder.parent.name != BRANCHES_DIR:
            fail(
                f"{display(path)} 不是支部目录；支部目录应为 <内容根目录>/branches/<支部编号>，"
                "也可以直接写支部编号"
            )
        return folder.parent.parent, folder.name
    if any(c in branch for c in "/\\") or branch in ("", ".", ".."):
        folder = path.absolute()
        if folder.parent.name == BRANCHES_DIR and folder.parent.parent.is_dir():
            return folder.parent.parent, folder.name  # a branch folder since deleted
        fail(f"路径 {branch} 不存在；请给出支部编号或支部目录")
    if not content_dir.is_dir():
        fail(f"内容根目录 {display(content_dir)} 不存在；请用 --content 指定")
    return content_dir, branch


@command("history")
@click.argument("branch", metavar="支部")
@content_option("内容根目录（“支部”为支部编号时）。")
@year_option("只看这一年度（可重复；默认为支部的全部年度）。", "years", multiple=True)
@option("--limit", type=click.IntRange(1), metavar="个数", help="每个年度只列最近的若干个版本。")
@format_option(["text", "json", "markdown"])
@option(
    "--standard",
    type=click.Choice(["commit", "current"]),
    default="commit",
    show_default=True,
    help="commit：按每个提交当时的标准评分（标准目录在同一仓库中时）；current：都按当前标准评分。",
)
@option(
    "--worktree/--no-worktree",
    default=True,
    show_default=True,
    help="有未提交的改动时，在最后列出工作区的得分。",
)
@session_options
@click.pass_obj
def history(
    session: Session,
    branch: str,
    content_dir: Path,
    years: tuple[int, ...],
    limit: int | None,
    fmt: str,
    standard: str,
    worktree: bool,
) -> None:
    """按 git 历史逐个版本重新评分一个支部的台账，列出每个条目的得分变化。

    “支部”是支部编号（在 --content 下查找）或支部目录。不需要数据库：历史就是 git。
    """
    root, code = _locate(branch, content_dir)
    schemas = session.choice(root).folder  # as root's organization.yaml pins it
    if standard == "current":
        session.engine(root)  # a broken standard is reported as by every other command
    try:
        hist.repository(root)
    except hist.NotARepository:
        fail(
            f"{display(root)} 不在 git 仓库中，没有可以读取的历史；"
            "请在台账所在的 git 仓库中运行，或先用 git init、git add、git commit 提交台账"
        )
    except hist.GitError as exc:
        fail(str(exc))
    try:
        points = hist.branch_history(
            root,
            code,
            schemas,
            session.today,
            years=years or None,
            limit=limit,
            cache_dir=session.cache_dir,
            standard_at_commit=standard == "commit",
            worktree=worktree,
            progress=lambda items, count: track(items, count, "评分历史版本"),
        )
    except hist.GitError as exc:
        fail(str(exc))
    if not points:
        _nothing(root, code, years)
    if fmt == "json":
        document = history_document(
            code, points, standard=standard, today=session.today.isoformat()
        )
        click.echo(dumps(document))
        return
    lines = history_markdown(code, points) if fmt == "markdown" else history_text(code, points)
    for line in lines:
        echo(line)


def _nothing(root: Path, code: str, years: tuple[int, ...]) -> NoReturn:
    folder = root / BRANCHES_DIR / code
    if not folder.is_dir():
        fail(
            f"未找到支部 {code}：{display(folder)} 不存在，git 历史中也没有它的台账；"
            "请检查支部编号，或用 --content 指定内容根目录"
        )
    if years:
        listed = "、".join(str(y) for y in years)
        fail(f"支部 {code} 在 git 历史中没有 {listed} 年度的台账；去掉 --year 可查看全部年度")
    fail(
        f"支部 {code} 在 git 历史中还没有台账（{display(folder)}/<年度>/dossier.yaml）；"
        "请先提交台账再查看历史"
    )
