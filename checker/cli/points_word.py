"""`checker points-form`, the import of a filled points form (called by `checker import`)
and `checker points-report`: the points ledger in Word. Only options are translated here;
the work is in checker/points/word/."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    check_docx_output,
    command,
    echo,
    fail,
    month_option,
    option,
)
from checker.cli.session import Session, session_options
from checker.core.codes import LEVEL_NAMES
from checker.core.findings import Finding
from checker.core.paths import display
from checker.dossier.layout import DossierRef, discover
from checker.dossier.report.text import finding_line
from checker.points.engine import PointsEngine
from checker.points.standard import PointsStandardError


def _engine(session: Session, path: Path) -> PointsEngine:
    from checker.cli.common import root_of

    try:
        return PointsEngine(session.choice(root_of([path])).folder, session.today)
    except PointsStandardError as exc:
        fail(f"无法使用党员积分标准：{exc.findings[0].message}")


def _year_dir(path: Path, what: str) -> DossierRef:
    if not path.exists():
        fail(f"路径 {display(path)} 不存在")
    refs, _ = discover([path])
    if len(refs) != 1:
        found = f"有 {len(refs)} 份台账" if refs else "没有台账"
        fail(f"{display(path)} 下{found}；{what}针对一个支部的一个年度，请指定年度目录")
    return refs[0]


@command("points-form")
@click.argument("path", metavar="年度目录", type=click.Path(path_type=Path))
@month_option("表格的月份，如 2025-03。", required=True)
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="要生成的 Word 文件（.docx）。",
)
@session_options
@click.pass_obj
def points_form(session: Session, path: Path, month: str, output: Path) -> None:
    """生成一个支部一个月的党员积分申报和审核表（Word）；已有该月的积分台账时预填。"""
    from checker.points.word.form import write_month_form
    from checker.points.word.source import load_month_source, month_file

    check_docx_output(output)
    ref = _year_dir(path, "积分表格")
    if ref.year_dir.name != month[:4]:
        fail(f"月份 {month} 不在 {display(ref.year_dir)} 的年度内")
    engine = _engine(session, path)
    source = load_month_source(ref.year_dir, month, engine.max_yaml_bytes)
    if not source.members:
        fail(f"{display(ref.dossier)} 中没有党员名册（members），无法生成积分表格")
    try:
        write_month_form(output, engine.standard, source)
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    existing = month_file(ref.year_dir, month)
    origin = f"，预填自 {display(existing)}" if source.month_data else ""
    standard = engine.standard
    echo(f"已生成 {display(output)}（依据 {standard.id} {standard.version}{origin}）")
    echo(f"填写后运行 `checker import {display(output)}` 导入")


def _refuse(name: str, code: str, message: str, where: str = "") -> NoReturn:
    place = f"{name}:{where}" if where else name
    hint = Finding(code, message, place).full_hint()
    echo(
        f"{place}: {code} {LEVEL_NAMES[Finding(code, message).level]} {message} 〔{hint}〕",
        err=True,
    )
    echo("未写入任何文件。", err=True)
    sys.exit(EXIT_USAGE)


def import_points_form(
    session: Session, file: Path, content_dir: Path, force: bool, name: str
) -> NoReturn:
    """`checker import` of a points form: refused whole on any unreadable cell, never over
    a different month file without --force; then the ledger's findings at their cells."""
    from checker.points.word.month_import import PointsFormRefused, read_points_form

    engine = _engine(session, content_dir)
    try:
        form = read_points_form(engine, file, content_dir, name)
    except PointsFormRefused as exc:
        _refuse(name, exc.code, exc.message, exc.where)
    if form.form.problems:
        for p in form.form.problems:
            finding = Finding(p.code, p.message, name, 0, 0, "", p.hint)
            level = LEVEL_NAMES[finding.level]
            echo(
                f"{name}:{p.where}: {p.code} {level} {p.message} 〔{finding.full_hint()}〕",
                err=True,
            )
        echo(f"表格中有 {len(form.form.problems)} 处无法导入，请修改后重新导入。", err=True)
        echo("未写入任何文件。", err=True)
        sys.exit(EXIT_USAGE)
    target = display(form.target)
    if form.conflict:
        out = not force
        echo(f"{target} 已存在，与表格内容不同：", err=out)
        for line in form.changes():
            echo(f"  {line}", err=out)
        if out:
            _refuse(name, "W012", f"{target} 已存在，未覆盖；确认用表格内容覆盖请加 --force")
    if form.same:
        echo("表格内容与现有积分台账相同，没有改动。")
    else:
        try:
            form.write(content_dir, engine.max_yaml_bytes)
        except OSError as exc:
            fail(f"写入失败：{exc.strerror or exc}；积分台账未改动")
        echo(f"已写入 {target}")
    placed, elsewhere = form.findings(engine)
    for finding, where in placed:
        line = finding_line(finding)
        echo(f"{line} [表格位置 {name}:{where}]" if where else line)
    errors = sum(f.is_error for f, _ in placed)
    summary = "没有发现问题" if not placed else f"{errors} 个错误，{len(placed) - errors} 个警告"
    echo(f"校验 {target}：{summary}。", err=True)
    if elsewhere:
        echo(f"积分台账的其他文件另有 {elsewhere} 个问题，用 `checker points` 查看。", err=True)
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


@command("points-report")
@click.argument("path", metavar="年度目录", type=click.Path(path_type=Path))
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="要生成的 Word 文件（.docx）。",
)
@session_options
@click.pass_obj
def points_report(session: Session, path: Path, output: Path) -> None:
    """生成一个支部一个年度的党员积分年度定级表（Word，公文格式）。

    退出码：0 已生成，1 积分台账无法计算（未生成），2 用法错误。
    """
    from checker.core import atomic
    from checker.core.word.documents import document_bytes
    from checker.points.layout import LedgerRef
    from checker.points.word.grading_table import build_grading_table
    from checker.points.word.source import branch_names, roster_names

    check_docx_output(output)
    ref = _year_dir(path, "定级表")
    ledger = LedgerRef(ref)
    if not ledger.folder.is_dir():
        fail(f"{display(ref.year_dir)} 中没有党员积分台账（points/ 目录）")
    engine = _engine(session, path)
    result = engine.check(ledger)
    if not result.computed:
        for finding in result.findings:
            echo("  " + finding_line(finding), err=True)
        fail(f"{display(ledger.folder)} 的积分无法计算，未生成定级表", EXIT_FINDINGS)
    _code, branch_name = branch_names(ref.year_dir, engine.max_yaml_bytes)
    names = dict(roster_names(ref.year_dir, engine.max_yaml_bytes))
    document = build_grading_table(result, engine.standard, branch_name, names)
    try:
        atomic.write_bytes(output, document_bytes(document))
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    echo(f"已生成 {display(output)}", err=True)
    if result.errors:
        shown = display(ref.year_dir)
        echo(f"积分台账有 {result.errors} 个错误，用 `checker points {shown}` 查看。", err=True)
    sys.exit(EXIT_OK)
