"""`checker assess-form` and `checker peer-form`, and the import of their filled sheets
(called by `checker import`): the members' 民主测评 ballot and the supervision group's tally,
and a zone's 定量互评 sheet and its summary, in Word. Only options are translated here; the
work is in checker/assessment/word/."""

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
    content_option,
    echo,
    fail,
    option,
    year_option,
)
from checker.cli.session import Session, session_options
from checker.core.codes import LEVEL_NAMES
from checker.core.findings import Finding
from checker.core.paths import display
from checker.dossier.report.text import finding_line


def _scheme(session: Session, content_dir: Path):
    from checker.assessment.scheme import SchemeError, load_scheme
    from checker.core.standards import StandardsFolder

    try:
        return load_scheme(StandardsFolder(session.choice(content_dir).folder))
    except SchemeError as exc:
        fail(f"无法使用考核方案：{exc.findings[0].message}")


@command("assess-form")
@click.argument("organization", metavar="党组织")
@year_option("考核年度。", required=True)
@content_option("内容根目录（其中 organization.yaml 列出党组织）。")
@option("-o", "--output", type=click.Path(path_type=Path), required=True,
        help="要生成的 Word 文件（.docx）。")  # fmt: skip
@session_options
@click.pass_obj
def assess_form(
    session: Session, organization: str, year: int, content_dir: Path, output: Path
) -> None:
    """生成一个党组织的党员民主测评票和督导组的测评统计表（Word）。

    测评票按考核方案的问题和等次排列，不记名；统计表填好后用 `checker import` 导入为该党组织
    考核输入中的票数。退出码：0 已生成，2 用法错误。
    """
    from checker.assessment.word.tally_form import write_ballot_form

    check_docx_output(output)
    scheme = _scheme(session, content_dir)
    engine = session.engine(content_dir)
    known = engine.organization(content_dir)
    orgs = known.organizations if known is not None else {}
    if organization not in orgs:
        listed = "、".join(orgs) or "（没有）"
        where = display(content_dir / "organization.yaml")
        fail(f"党组织 {organization} 不在 {where} 中；可选：{listed}")
    name = str(orgs[organization].get("name") or organization)
    try:
        write_ballot_form(output, scheme, organization, name, year)
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    echo(f"已生成 {display(output)}（依据 {scheme.id} {scheme.version}）")
    echo(f"计票后填写统计表，运行 `checker import {display(output)}` 导入")


def _organization(session: Session, content_dir: Path):
    engine = session.engine(content_dir)
    known = engine.organization(content_dir)
    if known is None or known.findings:
        where = display(content_dir / "organization.yaml")
        fail(f"{where} 不存在或有错误；先运行 `checker validate` 改正")
    return known


@command("peer-form")
@year_option("考核年度。", required=True)
@option("--zone", metavar="责任区",
        help="责任区编号（见 organization.yaml）；不写为全体党组织。")  # fmt: skip
@content_option("内容根目录（其中 organization.yaml 列出党组织和责任区）。")
@option("-o", "--output", type=click.Path(path_type=Path), required=True,
        help="要生成的 Word 文件（.docx）。")  # fmt: skip
@session_options
@click.pass_obj
def peer_form(
    session: Session, year: int, zone: str | None, content_dir: Path, output: Path
) -> None:
    """生成一个责任区的党组织定量互评表和督导组的互评汇总表（Word）。

    互评表列出该责任区的党组织，每个党组织填一份（只写代码，不写姓名）；汇总表每行是一个
    评分的党组织，每列是该责任区的一个被评党组织，填好后用 `checker import` 导入
    assessment/<年度>/peers.yaml。退出码：0 已生成，2 用法错误。
    """
    from checker.assessment.word.peer_form import write_peer_form
    from checker.assessment.word.peer_layout import peer_sheet

    check_docx_output(output)
    scheme = _scheme(session, content_dir)
    known = _organization(session, content_dir)
    try:
        sheet = peer_sheet(known, zone)
    except KeyError:
        listed = "、".join(known.zones) or "（没有）"
        fail(f"责任区 {zone} 不在 {known.file} 中；可选：{listed}")
    if not sheet.ratees:
        fail(f"责任区 {zone} 下没有党组织，{known.file} 中没有 zone 为 {zone} 的党组织")
    try:
        write_peer_form(output, scheme, sheet, year)
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    echo(f"已生成 {display(output)}（{len(sheet.ratees)} 个被评党组织，"
         f"{len(sheet.raters)} 个评分党组织；依据 {scheme.id} {scheme.version}）")  # fmt: skip
    echo(f"汇总后填写汇总表，运行 `checker import {display(output)}` 导入")


def _refuse(name: str, code: str, message: str, where: str = "") -> NoReturn:
    place = f"{name}:{where}" if where else name
    finding = Finding(code, message, place)
    echo(f"{place}: {code} {LEVEL_NAMES[finding.level]} {message} 〔{finding.full_hint()}〕",
         err=True)  # fmt: skip
    echo("未写入任何文件。", err=True)
    sys.exit(EXIT_USAGE)


def import_tally_sheet(
    session: Session, file: Path, content_dir: Path, force: bool, name: str
) -> NoReturn:
    """`checker import` of a tally sheet: refused whole on any unreadable count, never over
    different counts without --force; then the assessment's findings of that file."""
    from checker.assessment.word.tally_import import TallyRefused, read_tally_sheet

    scheme = _scheme(session, content_dir)
    try:
        sheet = read_tally_sheet(file, scheme, content_dir)
    except TallyRefused as exc:
        _refuse(name, exc.code, exc.message, exc.where)
    _problems(name, sheet.problems)
    target = display(sheet.target)
    if _put(sheet, content_dir, force, name, "票数", "统计表"):
        echo(f"已写入 {target}")
    sys.exit(_report(session, content_dir, sheet.year, sheet.organization, target))


def _put(sheet, content_dir: Path, force: bool, name: str, what: str, form: str) -> bool:
    """Write the sheet's values unless they are already there; never over different ones
    without --force (the changes listed). True when the file was written."""
    target = display(sheet.target)
    if sheet.conflict:
        echo(f"{target} 中已有不同的{what}：", err=not force)
        for line in sheet.changes():
            echo(f"  {line}", err=not force)
        if not force:
            _refuse(name, "W012", f"{target} 中已有{what}，未覆盖；确认用{form}覆盖请加 --force")
    if sheet.same:
        echo(f"{form}与现有的{what}相同，没有改动。")
        return False
    try:
        sheet.write(content_dir)
    except OSError as exc:
        fail(f"写入失败：{exc.strerror or exc}；考核输入未改动")
    return True


def _problems(name: str, problems) -> None:
    """Every unreadable cell of a sheet at once, then the refusal (nothing written)."""
    for p in problems:
        finding = Finding(p.code, p.message, name)
        echo(f"{name}:{p.where}: {p.code} {LEVEL_NAMES[finding.level]} {p.message} "
             f"〔{finding.full_hint()}〕", err=True)  # fmt: skip
    if problems:
        echo(f"表中有 {len(problems)} 处无法导入，请修改后重新导入。", err=True)
        echo("未写入任何文件。", err=True)
        sys.exit(EXIT_USAGE)


def import_peer_sheet(
    session: Session, file: Path, content_dir: Path, force: bool, name: str
) -> NoReturn:
    """`checker import` of a 互评 summary sheet: refused whole on any unreadable score,
    never over different scores without --force; then the findings of peers.yaml."""
    from checker.assessment.word.peer_import import PeerRefused, read_peer_sheet

    scheme = _scheme(session, content_dir)
    known = _organization(session, content_dir)
    try:
        sheet = read_peer_sheet(file, scheme, known, content_dir)
    except PeerRefused as exc:
        _refuse(name, exc.code, exc.message, exc.where)
    _problems(name, sheet.problems)
    target = display(sheet.target)
    if _put(sheet, content_dir, force, name, "互评分数", "汇总表"):
        raters = len(sheet.scores)
        echo(f"已写入 {target}（{raters} 个评分党组织给 {len(sheet.sheet.ratees)} 个党组织的分数）")
    sys.exit(_findings_of(session, content_dir, sheet.year, target)[0])


def _findings_of(session: Session, content_dir: Path, year: int, target: str):
    """Print the assessment's findings of the imported file; the exit code and the result."""
    from checker.assessment.engine import assess

    result = assess(content_dir, year, session.choice(content_dir).folder, session.today)
    mine = [f for f in result.findings if f.file == target]
    for finding in mine:
        echo(finding_line(finding))
    errors = sum(f.is_error for f in mine)
    summary = "没有发现问题" if not mine else f"{errors} 个错误，{len(mine) - errors} 个警告"
    echo(f"校验 {target}：{summary}。", err=True)
    return (EXIT_FINDINGS if errors else EXIT_OK), result


def _report(session: Session, content_dir: Path, year: int, org: str, target: str) -> int:
    """Print the assessment's findings of the imported file and the ballots' score."""
    code, result = _findings_of(session, content_dir, year, target)
    scored = next((o for o in result.organizations if o.organization == org), None)
    ballots = next((c for c in scored.components if c.id == "ballots"), None) if scored else None
    if ballots is not None and not ballots.missing:
        from checker.assessment.results import number

        echo(f"{ballots.name}：{number(ballots.score)} 分（满分 100 分）", err=True)
    return code
