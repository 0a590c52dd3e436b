"""`checker template`, `checker import` and `checker report`: the Word round trip and reports.

Like main.py, this only translates options; the work is in checker/dossier/word/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

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
    format_option,
    option,
    root_of,
    year_option,
)
from checker.cli.session import session_options
from checker.core import atomic
from checker.core.codes import LEVEL_NAMES
from checker.core.findings import Finding
from checker.core.paths import default_root, display, find_root
from checker.dossier.layout import DOSSIER_FILE, EVIDENCE_DIR, DossierRef, discover
from checker.dossier.report.text import finding_line, number

if TYPE_CHECKING:
    from checker.cli.session import Session
    from checker.dossier.engine import Engine
    from checker.dossier.word.form_import import PlacedFinding


def _refuse(file: str, code: str, message: str, where: str = "") -> NoReturn:
    """A refused file: the finding, and the promise that nothing was written."""
    place = f"{file}:{where}" if where else file
    finding = Finding(code, message, place)
    echo(
        f"{place}: {code} {LEVEL_NAMES[finding.level]} {message} 〔{finding.full_hint()}〕",
        err=True,
    )
    echo("未写入任何文件。", err=True)
    sys.exit(EXIT_USAGE)


def _one_dossier(path: Path, what: str) -> DossierRef:
    if not path.exists():
        fail(f"路径 {display(path)} 不存在")
    refs, _ = discover([path])
    if not refs:
        fail(f"在 {display(path)} 下未找到台账（branches/<编号>/<年度>/dossier.yaml）")
    if len(refs) > 1:
        fail(
            f"{display(path)} 下有 {len(refs)} 份台账；{what}只针对一份，"
            f"请指定年度目录，例如 {display(refs[-1].year_dir)}"
        )
    return refs[0]


# --- checker template --------------------------------------------------------------------


@command()
@option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    help="用已有台账（年度目录或 dossier.yaml，例如去年的）预填表格。",
)
@year_option("表格的考核年度；与 --from 的年度不同时，只带入支部信息、党员名册和支委会。")
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="要生成的 Word 文件（.docx）。",
)
@session_options
@click.pass_obj
def template(session: Session, source: Path | None, year: int | None, output: Path) -> None:
    """按标准生成 Word 填报表格（可用已有台账预填）。"""
    from checker.dossier.word.form import form_layout, write_form
    from checker.dossier.word.prefill import load_prefill, rollover

    check_docx_output(output)
    engine = session.engine(root_of([source] if source is not None else []))
    layout = form_layout(engine)
    prefill = None
    organization = None
    if source is not None:
        ref = _one_dossier(source, "预填")
        prefill = load_prefill(ref, int(engine.standard.settings["max_yaml_bytes"]))
        if not prefill.dossier:
            for finding in prefill.findings:
                echo(finding_line(finding), err=True)
            fail(f"无法读取 {display(ref.dossier)}，不能用它预填表格")
        source_year = prefill.dossier.get("year")
        if year is not None and year != source_year:
            prefill = rollover(prefill, year)
        organization = engine.organization(ref.root)
    elif (root := find_root(default_root())) is not None:
        organization = engine.organization(root)
    try:
        prefill = write_form(output, layout, prefill, organization, year)
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    for record in prefill.skipped:
        echo(f"警告：活动记录“{record.strip()}”的类型不在标准中，未填入表格", err=True)
    origin = f"，预填自 {display(source)}" if source is not None else ""
    standard = engine.standard
    echo(f"已生成 {display(output)}（依据 {standard.id} {standard.version}{origin}）")
    echo(f"填写后运行 `checker import {display(output)}` 导入")


# --- checker import ----------------------------------------------------------------------


@command("import")
@click.argument("file", metavar="文件", type=click.Path(path_type=Path))
@content_option("内容根目录，台账写入其中的 branches/<编号>/<年度>/。")
@option("--force", is_flag=True, help="覆盖已有的台账（先列出改动）。")
@session_options
@click.pass_obj
def import_form(session: Session, file: Path, content_dir: Path, force: bool) -> None:
    """把填好的 Word 表格导入为台账（YAML 和叙述），然后校验。

    党员积分申报和审核表（checker points-form 生成）导入为该月的积分台账 points/年-月.yaml；
    民主测评统计表（checker assess-form 生成）导入为该党组织考核输入中的票数；
    互评汇总表（checker peer-form 生成）导入为该年度的 peers.yaml 中该责任区的分数。

    退出码：0 已导入且没有错误，1 已导入但有错误，2 拒绝导入（未写入任何文件）。
    """
    from checker.core.staging import stage_branch
    from checker.dossier.word.form_import import FormRefused, read_filled_form

    name = display(file)
    if not file.is_file():
        fail(f"文件 {name} 不存在" if not file.exists() else f"{name} 不是文件")
    from checker.points.word.month_import import is_points_form

    if is_points_form(file):  # a monthly points form: it becomes points/YYYY-MM.yaml
        from checker.cli.points_word import import_points_form

        import_points_form(session, file, content_dir, force, name)
    from checker.assessment.word.tally_import import is_tally_sheet

    if is_tally_sheet(file):  # a 民主测评 tally: it becomes the organization's ballots
        from checker.cli.assess_word import import_tally_sheet

        import_tally_sheet(session, file, content_dir, force, name)
    from checker.assessment.word.peer_import import is_peer_sheet

    if is_peer_sheet(file):  # a zone's 互评 summary: its scores go into peers.yaml
        from checker.cli.assess_word import import_peer_sheet

        import_peer_sheet(session, file, content_dir, force, name)
    engine = session.engine(content_dir)
    try:
        form = read_filled_form(engine, file, content_dir, name)
    except FormRefused as exc:
        _refuse(name, exc.code, exc.message, exc.where)

    if form.conflicts:
        files = form.conflicting_files()
        if not force:
            echo(f"{files} 已存在，与表格内容不同：", err=True)
            for line in form.changes():
                echo(f"  {line}", err=True)
            _refuse(name, "W012", f"{files} 已存在，未覆盖；确认用表格内容覆盖请加 --force")
        echo(f"覆盖 {files}，改动如下：")
        for line in form.changes():
            echo(f"  {line}")
    year_dir = form.year_dir
    written = form.written()
    try:
        if form.pending:
            # All files of the form at once: staged in a copy of the branch folder, then
            # swapped in; a failure on the way leaves the branch as it was.
            with stage_branch(content_dir, form.code) as stage:
                form.stage(stage)
                stage.commit()
        else:
            (year_dir / EVIDENCE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"写入失败：{exc.strerror or exc}；台账未改动")
    for path in written:
        echo(f"已写入 {display(path)}")
    if not written:
        echo("表格内容与现有台账相同，没有改动。")

    check = engine.check(DossierRef(year_dir / DOSSIER_FILE))
    findings = _report_import(form.place(check.findings), name)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    summary = "没有发现问题" if not findings else f"{errors} 个错误，{warnings} 个警告"
    echo(f"校验：{summary}。", err=True)
    if check.scored:
        veto = "（一票否决）" if check.vetoed else ""
        echo(f"评分：{number(check.total)}/{number(check.max)} 分，{check.grade}{veto}", err=True)
    if not (year_dir / EVIDENCE_DIR).exists() or not any((year_dir / EVIDENCE_DIR).iterdir()):
        echo(
            f"提示：佐证材料文件请放入 {display(year_dir / EVIDENCE_DIR)}/，然后运行 "
            f"`checker validate {display(year_dir)}`",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


def _report_import(placed: list[PlacedFinding], docx_name: str) -> list[Finding]:
    """Print the form's findings and the engine's, each with both places; return them all."""
    shown: list[Finding] = []
    for item in placed:
        f = item.finding
        if item.of_form:
            place = f"{docx_name}:{item.form_place}" if item.form_place else docx_name
            tail = f"（已按原文写入 {item.written_at}）" if item.written_at else ""
            echo(f"{place}: {f.code} {LEVEL_NAMES[f.level]} {f.message}{tail} 〔{f.full_hint()}〕")
        else:
            line = finding_line(f)
            if item.form_place:
                hint = f" 〔{f.full_hint()}〕"
                base = line[: -len(hint)] if line.endswith(hint) else line
                line = f"{base}[表格位置 {docx_name}:{item.form_place}]{hint}"
            echo(line)
        shown.append(f)
    return shown


# --- checker report ----------------------------------------------------------------------


@command()
@click.argument("path", metavar="[路径]", type=click.Path(path_type=Path), default=default_root)
@format_option(["docx", "markdown"])
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件；Markdown 不指定时输出到屏幕。",
)
@option("--summary", is_flag=True, help="生成工委年度通报（路径为内容根目录）。")
@option("--naming", is_flag=True, help="生成七一命名决定（草案）（路径为内容根目录）。")
@option("--assessment", is_flag=True, help="生成党组织年度考核结果通报（路径为内容根目录）。")
@year_option("通报或命名的年度（与 --summary、--naming、--assessment 同用）。")
@session_options
@click.pass_obj
def report(
    session: Session,
    path: Path,
    fmt: str,
    output: Path | None,
    summary: bool,
    naming: bool,
    assessment: bool,
    year: int | None,
) -> None:
    """生成一个支部一个年度的检查报告，或工委的年度通报（--summary）、七一命名决定草案
    （--naming）、党组织年度考核结果通报（--assessment）。

    Word 报告按 GB/T 9704 公文格式排版。退出码：0 已生成，1 有台账无法评分（考核有错误），
    2 用法错误。
    """
    from checker.dossier.word import report as r

    if fmt == "docx":
        if output is None:
            fail("Word 格式须用 -o 指定输出文件")
        check_docx_output(output)
    if summary + naming + assessment > 1:
        fail("--summary、--naming 和 --assessment 只能选一个")
    if (naming or assessment) and year is None:
        fail(f"{'--naming' if naming else '--assessment'} 须同时指定 --year")
    engine = session.engine(root_of([path]))
    if naming or assessment:
        from checker.cli.committee_word import committee_document

        blocks, problems = committee_document(session, engine, path, year, naming)
        _write_report(r.docx_bytes(blocks) if fmt == "docx" else r.to_markdown(blocks).encode(),
                      output)  # fmt: skip
        sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
    if summary:
        if year is None:
            fail("--summary 须同时指定 --year")
        blocks, unscored, redacted = _bulletin(engine, path, year)
    else:
        if year is not None:
            fail("--year 只用于 --summary、--naming 和 --assessment；单个支部请指定年度目录")
        ref = _one_dossier(path, "报告")
        result = engine.check(ref)
        if not result.scored:
            echo(f"{display(ref.dossier)} 无法评分，请先修正以下错误：", err=True)
            for finding in result.errors:
                echo("  " + finding_line(finding), err=True)
            fail("未生成报告", EXIT_FINDINGS)
        blocks = r.branch_report(result, engine.standard, engine.today)
        unscored, redacted = [], []
    data = r.docx_bytes(blocks) if fmt == "docx" else r.to_markdown(blocks).encode("utf-8")
    _write_report(data, output)
    for result in unscored:
        echo(f"{result.file} 无法评分，在通报中列为“未能评分”：", err=True)
        for finding in result.errors:
            echo("  " + finding_line(finding), err=True)
    for message in redacted:
        echo(f"{message}，已在通报中隐去；用 `checker validate` 查看出处并删除", err=True)
    sys.exit(EXIT_FINDINGS if unscored or redacted else EXIT_OK)


def _write_report(data: bytes, output: Path | None) -> None:
    if output is None:
        echo(data.decode("utf-8"), nl=False)
        return
    try:
        atomic.write_bytes(output, data)
    except OSError as exc:
        fail(f"无法写入 {display(output)}：{exc.strerror or exc}")
    echo(f"已生成 {display(output)}", err=True)


def _bulletin(engine: Engine, path: Path, year: int):
    from checker.core.progress import track
    from checker.dossier.engine import run
    from checker.dossier.word import report as r

    root = find_root(path) if path.exists() else None
    if root is None:
        fail(f"{display(path)} 不是内容根目录：通报需要 organization.yaml（责任区、层级和目标）")
    organization = engine.organization(root)
    if organization is None or not organization.committee:
        for finding in organization.findings if organization else []:
            echo(finding_line(finding), err=True)
        fail(f"{display(root / 'organization.yaml')} 有错误，无法生成通报")
    refs, _ = discover([root])
    refs = [ref for ref in refs if ref.year_dir.name == str(year)]
    results = list(track(run(engine, refs), len(refs)))
    entries = r.bulletin_entries(
        root, results, organization, int(engine.standard.settings["max_yaml_bytes"])
    )
    if not entries:
        fail(f"{display(root)} 下没有党支部")
    blocks = r.bulletin(entries, engine.standard, organization, year, engine.today)
    # The bulletin is public: personal data that came in with the names is taken out.
    redacted = r.redact_blocks(blocks, {value for res in results for value in res.private})
    return blocks, [res for res in results if not res.scored], redacted
