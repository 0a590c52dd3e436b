"""`checker merge`: the JSON outputs of `checker score --shard I/N` as one result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    fail,
    json_list_chunks,
    option,
    write_json_list,
)
from checker.cli.session import session_options
from checker.core import atomic
from checker.core.paths import display
from checker.core.textfile import os_reason
from checker.dossier.merge import RESULTS_KEY, MergeError, merge


@command("merge")
@click.argument(
    "files", metavar="文件...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="文件",
    help="写入这个文件（先写临时文件再改名，不会留下写了一半的文件）；默认输出到标准输出。",
)
@session_options  # accepted like every command's; merging reads no dossier and no standard
def merge_command(files: tuple[Path, ...], output: Path | None) -> None:
    """把 checker score --shard 序号/总数 --format json 各片的输出合并为一份。

    合并的结果与不分片运行 checker score --format json 的输出逐字节相同：结果按不分片时的
    顺序排列。分片有重复或缺少、不是同一次评分的（所查的台账、筛选条件或判定日不同）、所用
    的标准或 checker 版本不同时拒绝合并，退出码 2。所列台账中有无法评分的，退出码 1。
    """
    documents = []
    for file in files:
        try:
            documents.append((display(file), file.read_bytes()))
        except OSError as exc:
            fail(f"无法读取分片 {display(file)}：{os_reason(exc)}")
    try:
        merged = merge(documents)
    except MergeError as exc:
        fail(f"无法合并：{exc}")
    if output is None:
        write_json_list(RESULTS_KEY, merged.results)
    else:
        if output.is_dir():
            fail(f"{display(output)} 是一个目录")
        try:
            atomic.write_chunks(output, json_list_chunks(RESULTS_KEY, merged.results))
        except OSError as exc:
            fail(f"无法写入 {display(output)}：{os_reason(exc)}")
    sys.exit(EXIT_FINDINGS if merged.unscored else EXIT_OK)
