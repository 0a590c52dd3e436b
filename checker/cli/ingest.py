"""`checker ingest INBOX`: the command around checker/ingest.py, which does the work."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, content_option, echo, fail
from checker.content import ORGANIZATION_FILE, display
from checker.report.text import number

if TYPE_CHECKING:
    from checker.cli.main import Session
    from checker.ingest import Outcome

EXIT_REJECTED = EXIT_FINDINGS  # an upload was sent back


@click.command()
@click.argument("inbox", metavar="收件箱", type=click.Path(path_type=Path))
@content_option("内容根目录，台账写入其中的 branches/<编号>/<年度>/。")
@click.option("--force", is_flag=True, help="上传的内容与现有台账不同时也替换（回执中列出改动）。")
@click.pass_obj
def ingest(session: Session, inbox: Path, content_dir: Path, force: bool) -> None:
    """接收收件箱中上传的 Word 表格和台账压缩包：校验、评分、写入台账，逐个写回执。

    接受的文件移入 收件箱/processed/，退回的移入 收件箱/rejected/，回执（文件名.回执.md）
    在原件旁边。退出码：0 全部接受，1 有文件被退回，2 用法错误或写入失败。
    """
    from checker.ingest import ingest_inbox

    if not inbox.is_dir():
        fail(f"收件箱 {display(inbox)} 不存在或不是目录")
    if not (content_dir / ORGANIZATION_FILE).is_file():
        fail(f"{display(content_dir)} 不是内容根目录：其中没有 {ORGANIZATION_FILE}")
    engine = session.engine()
    engine.cache = None  # staged dossiers live in scratch folders: nothing worth caching
    accepted = rejected = failed = 0
    try:
        for outcome in ingest_inbox(inbox, content_dir, engine, force):
            _report(outcome)
            if outcome.failure:
                failed += 1
            elif outcome.accepted:
                accepted += 1
            else:
                rejected += 1
    except OSError as exc:
        fail(f"无法读取收件箱 {display(inbox)}：{exc.strerror or exc}")
    total = accepted + rejected + failed
    if not total:
        echo(f"收件箱 {display(inbox)} 中没有待处理的文件。", err=True)
    else:
        tail = f"，{failed} 个未能处理（留在收件箱中）" if failed else ""
        echo(f"处理了 {total} 个文件：{accepted} 个接受，{rejected} 个退回{tail}。", err=True)
    sys.exit(EXIT_USAGE if failed else EXIT_REJECTED if rejected else EXIT_OK)


def _report(outcome: Outcome) -> None:
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
