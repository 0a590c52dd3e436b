"""`checker ingest INBOX`: the command around checker/dossier/ingest.py, which does the work."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    command,
    content_option,
    echo,
    fail,
    option,
)
from checker.cli.session import session_options
from checker.core import lock
from checker.core.paths import ORGANIZATION_FILE, display
from checker.dossier.report.text import number

if TYPE_CHECKING:
    from checker.cli.session import Session
    from checker.dossier.ingest import UploadOutcome

EXIT_REJECTED = EXIT_FINDINGS  # an upload was sent back


@command()
@click.argument("inbox", metavar="收件箱", type=click.Path(path_type=Path))
@content_option("内容根目录，台账写入其中的 branches/<编号>/<年度>/。")
@option("--force", is_flag=True, help="上传的内容与现有台账不同时也替换（回执中列出改动）。")
@option(
    "--wait",
    "wait",
    type=click.FloatRange(min=0),
    default=lock.DEFAULT_WAIT,
    show_default=True,
    metavar="秒",
    help="另一个 checker ingest 正在写入同一内容根目录时最多等待的秒数；"
    "超时则不处理任何文件，退出码 2。",
)
@session_options
@click.pass_obj
def ingest(session: Session, inbox: Path, content_dir: Path, force: bool, wait: float) -> None:
    """接收收件箱中上传的 Word 表格和台账压缩包：校验、评分、写入台账，逐个写回执。

    接受的文件移入 收件箱/processed/，退回的移入 收件箱/rejected/，回执（文件名.回执.md）
    在原件旁边。退出码：0 全部接受，1 有文件被退回，2 用法错误、写入失败，
    或另一个 checker ingest 在等待时间内一直在写入同一内容根目录（什么也不改动）。
    """
    from checker.core.lock import LOCK_FILE, Busy
    from checker.dossier import inbox as inbox_folder
    from checker.dossier.ingest import NotAnInbox, Unfinished, ingest_inbox

    problem = inbox_folder.refusal(inbox)
    if problem is not None:
        fail(problem)
    if not (content_dir / ORGANIZATION_FILE).is_file():
        fail(f"{display(content_dir)} 不是内容根目录：其中没有 {ORGANIZATION_FILE}")
    engine = session.engine(content_dir)
    engine.cache = None  # staged dossiers live in scratch folders: nothing worth caching
    accepted = rejected = failed = 0
    lock_file = display(content_dir / LOCK_FILE)
    run = ingest_inbox(inbox, content_dir, engine, force, wait=wait, notice=_notice)
    try:
        for outcome in run:
            _report(outcome)
            if outcome.failure:
                failed += 1
            elif outcome.accepted:
                accepted += 1
            else:
                rejected += 1
    except Busy as busy:
        holder = f"（{busy.holder}）" if busy.holder else ""
        fail(
            f"内容根目录 {display(content_dir)} 正由另一个 checker{holder}写入，"
            f"等待 {number(wait)} 秒后仍未结束；本次没有处理任何文件，"
            f"收件箱和台账都没有改动。请等它结束后重新运行，或用 --wait 加长等待"
            f"（锁文件 {lock_file}，进程结束时自动释放）"
        )
    except (NotAnInbox, Unfinished) as exc:
        fail(str(exc))
    except OSError as exc:
        where = f"（{display(Path(exc.filename))}）" if exc.filename else ""
        fail(f"无法读取收件箱或锁定内容根目录{where}：{exc.strerror or exc}")
    total = accepted + rejected + failed
    if not total:
        echo(f"收件箱 {display(inbox)} 中没有待处理的文件。", err=True)
    else:
        tail = f"，{failed} 个未能处理（留在收件箱中）" if failed else ""
        echo(f"处理了 {total} 个文件：{accepted} 个接受，{rejected} 个退回{tail}。", err=True)
    sys.exit(EXIT_USAGE if failed else EXIT_REJECTED if rejected else EXIT_OK)


def _notice(text: str) -> None:
    echo(text, err=True)


def _report(outcome: UploadOutcome) -> None:
    name = display(outcome.upload)
    if outcome.failure:
        echo(f"未能处理 {name}：{outcome.failure}；文件留在收件箱中，台账未改动", err=True)
        return
    receipt = f"；回执 {display(outcome.receipt)}" if outcome.receipt else ""
    if outcome.accepted and outcome.result is not None:
        result = outcome.result
        where = display(outcome.year_dir) if outcome.year_dir else ""
        what = f"已写入 {where}" if outcome.changed else f"与 {where} 相同，没有改动"
        echo(
            f"接受 {name}：{what}，{number(result.total)}/{number(result.max)} 分，"
            f"{result.grade}{receipt}"
        )
        return
    errors = [p.finding for p in outcome.problems if p.finding.is_error]
    first = errors[0] if errors else None
    reason = f"{first.code} {first.message}" if first else ""
    more = f"等 {outcome.errors} 个错误" if outcome.errors > 1 else ""
    echo(f"退回 {name}：{reason}{more}{receipt}")
