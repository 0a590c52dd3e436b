"""The receipt of one upload to the inbox, in Chinese Markdown: accepted with its grade, score
and aspects, or rejected with every finding, where it is and how to fix it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.cleantext import code_span, markdown
from checker.core.codes import LEVEL_NAMES
from checker.core.paths import display
from checker.dossier.report.markdown import score_markdown
from checker.dossier.report.text import number

if TYPE_CHECKING:
    from checker.dossier.ingest import Problem, UploadOutcome

FORM = "Word 填报表格"
ZIP = "台账压缩包"
_LEGENDS = {
    FORM: "位置一栏中，`表格文件名:表N 第N行 第N列`是 Word 表格中的单元格，"
    "其余是台账仓库中的文件。",
    ZIP: "位置一栏中，`压缩包名:路径:行:列`是压缩包中的文件和行列，其余是台账仓库中已有的文件。",
}
_FORM_EVIDENCE = (
    "Word 表格中只写佐证材料的文件名，不含文件本身：表格列出的佐证材料须已在台账仓库中"
    "（通过网页上传到 {folder}/），或者改为上传包含 evidence/ 目录的年度台账压缩包。"
)


def _cell(text: str) -> str:
    return markdown(text.strip())


def _size(path: Path) -> str:
    try:
        size = path.lstat().st_size  # an upload that is a link: never what it points to
    except OSError:
        return ""
    if size < 1 << 20:
        return f"，{max(1, round(size / 1024))} KB"
    return f"，{size / (1 << 20):.1f} MB"


def render(outcome: UploadOutcome, stored: Path, received: datetime) -> str:
    """The receipt's text; ``stored`` is where the upload is kept from now on."""
    upload = outcome.upload
    result = outcome.result
    lines = [f"# 上传回执：{_cell(upload.name)}", ""]
    verdict = "**已接受**" if outcome.accepted else "**未接受**（退回）"
    kind = outcome.kind or "无法识别的文件"
    rows = [
        ("结果", verdict),
        ("收到的文件", f"{_cell(upload.name)}（{kind}{_size(upload)}）"),
        ("处理时间", received.strftime("%Y-%m-%d %H:%M:%S")),
        ("原件保存为", code_span(display(stored), in_table=True)),
    ]
    if result is not None:
        name = f" {result.name}" if result.name else ""
        rows.append(("党支部", _cell(f"{result.branch}{name}")))
        rows.append(("考核年度", str(result.year or "")))
    if outcome.year_dir is not None:
        rows.append(("台账位置", code_span(display(outcome.year_dir) + "/", in_table=True)))
    lines += ["| 项目 | 内容 |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in rows]  # values escaped above
    lines.append("")
    if outcome.accepted:
        lines += _accepted(outcome)
    else:
        lines += _rejected(outcome)
    if outcome.ignored:
        shown = "、".join(code_span(name) for name in outcome.ignored[:10]) + (
            "……" if len(outcome.ignored) > 10 else ""
        )
        lines += [f"压缩包中操作系统自动生成的文件未导入：{shown}。", ""]
    lines.append("本回执由 `checker ingest` 生成。")
    return "\n".join(lines) + "\n"


def _accepted(outcome: UploadOutcome) -> list[str]:
    result = outcome.result
    assert result is not None
    lines: list[str] = []
    if outcome.changed:
        lines += [f"台账已写入 {display(outcome.year_dir)}/，并通过校验。", ""]  # type: ignore[arg-type]
    else:
        lines += ["上传的内容与现有台账相同，台账没有改动。", ""]
    lines += ["## 评分", ""]
    lines += list(score_markdown(result))[2:]  # without its title: the table above has it
    if outcome.changes:
        lines += ["## 改动", ""]
        lines += [f"- {_cell(line)}" for line in outcome.changes]
        lines.append("")
    warnings = [p for p in outcome.problems if not p.finding.is_error]
    if warnings:
        lines += [f"## 提醒（{len(warnings)} 个警告，不影响接受）", ""]
        lines += _table(warnings)
    return lines


def _rejected(outcome: UploadOutcome) -> list[str]:
    errors = outcome.errors
    warnings = len(outcome.problems) - errors
    counts = f"{errors} 个错误" + (f"、{warnings} 个警告" if warnings else "")
    lines = [
        f"发现 {counts}，上传的内容**没有写入台账**，现有台账保持不变。"
        "请按下表逐条修改后重新上传。",
        "",
    ]
    if outcome.result is not None and outcome.result.scored and outcome.errors:
        result = outcome.result
        lines += [
            f"（参考：按上传的内容，得分为 {number(result.total)} / {number(result.max)} 分，"
            f"等次为{result.grade}。）",
            "",
        ]
    legend = _LEGENDS.get(outcome.kind)
    if legend and outcome.problems:
        lines += [legend, ""]
    missing = any(p.finding.code == "E001" for p in outcome.problems)
    if outcome.kind == FORM and missing and outcome.year_dir is not None:
        lines += [_FORM_EVIDENCE.format(folder=display(outcome.year_dir / "evidence")), ""]
    lines += ["## 问题", ""]
    lines += _table(outcome.problems)
    if outcome.changes:
        lines += ["## 与现有台账相比的改动", ""]
        lines += [f"- {_cell(line)}" for line in outcome.changes]
        lines.append("")
    return lines


def _table(problems: list[Problem]) -> list[str]:
    lines = ["| 位置 | 代码 | 级别 | 说明 | 怎样修改 |", "|---|---|---|---|---|"]
    for problem in problems:
        f = problem.finding
        place = code_span(problem.place, in_table=True)
        if problem.also:
            place += f"<br>{_cell(problem.also)}"
        lines.append(
            f"| {place} | {f.code} | {LEVEL_NAMES[f.level]} | {_cell(f.message)} "
            f"| {_cell(f.full_hint())} |"
        )
    lines.append("")
    return lines
