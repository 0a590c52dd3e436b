"""`checker validate` and `checker score`, and the writers of their outputs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from checker import __version__
from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    echo,
    fail,
    format_option,
    jobs_option,
    option,
    root_of,
    write_json_list,
    year_option,
)
from checker.cli.session import Session, session_options
from checker.cli.targets import PATHS, refs_of, staged_refs
from checker.core.findings import Finding
from checker.core.jsonout import dumps
from checker.core.progress import track
from checker.dossier.engine import run
from checker.dossier.overview import Overview
from checker.dossier.report.markdown import score_markdown
from checker.dossier.report.text import finding_line, overview_lines, score_block
from checker.dossier.results import DossierResult
from checker.dossier.selection import SelectionError, select
from checker.dossier.shard import (
    SHARD_KEY,
    Shard,
    ShardError,
    parse_shard,
    pick,
    run_digest,
    trailer,
)
from checker.points.engine import ledger_findings

NOTHING_STAGED = "暂存区的改动不涉及任何台账，无需检查。"


@command()
@PATHS
@option(
    "--staged",
    is_flag=True,
    help="另外检查 git 暂存区删除或改名的文件所属的台账（供 pre-commit 使用）；"
    "不给路径时只检查这些。",
)
@format_option(["text", "json", "sarif", "junit"])
@jobs_option
@session_options
@click.pass_obj
def validate(session: Session, paths: tuple[Path, ...], staged: bool, fmt: str, jobs: int) -> None:
    """校验台账的格式、引用、日期和佐证材料。

    路径可以是台账文件、年度目录、支部目录或内容根目录，默认 content/（台账仓库中为当前
    目录）；也可以是台账目录中的其他文件，包括已删除的文件，检查它所属的台账。
    """
    engine = session.engine(root_of(paths))
    refs = staged_refs(paths) if staged else refs_of(paths, engine)
    findings = engine.organization_findings(refs)
    for result in track(run(engine, refs, jobs), len(refs)):
        findings.extend(result.findings)
    findings.extend(ledger_findings(session.choice(root_of(paths)).folder, session.today, refs))
    findings.sort(key=Finding.sort_key)
    if fmt == "json":
        payload = {"dossiers": len(refs), "findings": [f.to_dict() for f in findings]}
        click.echo(dumps(payload))
    elif fmt in ("sarif", "junit"):
        from checker.dossier.report import machine

        writer = machine.sarif if fmt == "sarif" else machine.junit
        click.echo(writer(findings, len(refs)))
    else:
        for finding in findings:
            echo(finding_line(finding))
        # Only --staged gets here with no dossier: a commit that touches none passes.
        echo(_summary(len(refs), findings) if refs else NOTHING_STAGED, err=True)
    sys.exit(EXIT_FINDINGS if any(f.is_error for f in findings) else EXIT_OK)


def _summary(count: int, findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {count} 份台账，没有发现问题。"
    return f"检查了 {count} 份台账：{errors} 个错误，{warnings} 个警告。"


@command()
@PATHS
@format_option(["text", "json", "markdown"])
@year_option("只列这一年度的台账。")
@option(
    "--grade",
    "grades",
    multiple=True,
    metavar="等次",
    help="只列评为这一等次的台账（可重复）；等次按标准，如 示范、达标、基本达标、不达标。",
)
@option(
    "--below",
    metavar="等次",
    help="只列未达到这一等次的台账：等次更低的（含一票否决评定的），以及无法评分的。",
)
@option(
    "--zone", metavar="责任区", help="只列这一责任区（organization.yaml 中的编号或名称）的台账。"
)
@option(
    "--organization",
    "parent",
    metavar="上级党组织",
    help="只列这一上级党组织（编号或名称）及其下属组织所属支部的台账。",
)
@option(
    "--shard",
    metavar="序号/总数",
    callback=lambda ctx, param, value: _shard(value),
    help="只评分其中一片，供 CI 矩阵分工：支部按编号分到各片，增删支部不改变其他支部所在的片；"
    "--format json 的输出末尾附有分片信息，各片的输出用 checker merge 合并。",
)
@jobs_option
@session_options
@click.pass_obj
def score(
    session: Session,
    paths: tuple[Path, ...],
    fmt: str,
    year: int | None,
    grades: tuple[str, ...],
    below: str | None,
    zone: str | None,
    parent: str | None,
    shard: Shard | None,
    jobs: int,
) -> None:
    """为每份台账逐条评分，说明每一处失分的原因；文字输出最后是总览和各等次的数量。

    筛选选项之间是“并且”，同一选项写多次是“或者”。--shard 序号/总数 只评分其中一片
    （如 2/4），合并各片的 JSON 输出与不分片的输出逐字节相同。
    """
    root = root_of(paths)
    engine = session.engine(root)
    try:
        chosen = select(
            engine.standard,
            engine.organization(root),
            year=year,
            grades=grades,
            below=below,
            zone=zone,
            parent=parent,
        )
    except SelectionError as exc:
        fail(f"{exc.option} 的值不对：{exc}")
    refs = refs_of(paths)
    picked = pick(refs, shard) if shard is not None else list(enumerate(refs))
    mine = [ref for _, ref in picked]
    overview = Overview(engine.standard)
    unscored = 0
    positions: list[int] = []  # where each listed result stands among all of refs

    def results() -> Iterator[DossierResult]:
        nonlocal unscored
        checked = track(run(engine, mine, jobs), len(mine), streaming=True)
        for (position, _), result in zip(picked, checked, strict=True):
            listed = chosen.admits(result)
            overview.add(result, listed)
            if listed:
                unscored += not result.scored
                positions.append(position)
                yield result

    def shard_part() -> dict:
        if shard is None:
            return {}
        standard = {"id": engine.standard.id, "version": engine.standard.version}
        # Everything that decides which results a shard lists, and how they are scored.
        options = repr((year, sorted(grades), below, zone, parent, shard.count))
        digest = run_digest(refs, __version__, engine.standard.digest, str(engine.today), options)
        part = trailer(
            shard,
            dossiers=len(refs),
            positions=positions,
            standard=standard,
            version=__version__,
            run=digest,
        )
        return {SHARD_KEY: part}

    writers: dict[str, Callable[[Iterator[DossierResult]], None]] = {
        "json": lambda rs: write_json(rs, shard_part),
        "markdown": lambda rs: _write_lines(line for r in rs for line in score_markdown(r)),
        "text": lambda rs: _write_lines(line for r in rs for line in (*score_block(r), "")),
    }
    writers[fmt](results())
    if fmt == "text":
        _write_lines(overview_lines(overview))
    sys.exit(EXIT_FINDINGS if unscored else EXIT_OK)


def _write_lines(lines: Iterator[str]) -> None:
    for line in lines:
        echo(line)


def write_json(results: Iterator[DossierResult], after: Callable[[], dict] | None = None) -> None:
    """Stream `{"results": [...]}` one result at a time, so memory stays flat; ``after()``
    adds members after the results (a shard's part)."""
    write_json_list("results", (r.encoded_for_list() for r in results), after, nested=True)


def _shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ShardError as exc:
        raise click.BadParameter(str(exc)) from None
