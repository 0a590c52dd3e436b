"""The Markdown summary of `checker ci`: what the change did to each dossier's score, item by
item, and the findings to fix. Written for a pull request's job summary; deterministic."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from checker.core.cleantext import code_span
from checker.core.codes import LEVEL_NAMES
from checker.core.findings import Finding
from checker.dossier.ci import CiReport, DossierChange
from checker.dossier.report.markdown import cell
from checker.dossier.report.text import number, title_line
from checker.dossier.results import DossierResult

STATUS_NAMES = {"added": "新增", "removed": "已删除", "changed": "改动"}


def signed(value: Decimal) -> str:
    """+1.5, -0.2, 0: a change of points."""
    return f"+{number(value)}" if value > 0 else number(value)


def _grade(result: DossierResult | None) -> str:
    if result is None:
        return "—"
    if not result.scored:
        return "无法评分"
    return f"{result.grade}（一票否决）" if result.vetoed else result.grade


def _total(result: DossierResult | None) -> str:
    if result is None or not result.scored:
        return "—"
    return number(result.total)


def _change(change: DossierChange) -> str:
    base, now = change.base, change.current
    if base is None or now is None or not (base.scored and now.scored):
        return ""
    return signed(now.total - base.total)


def ci_summary(report: CiReport) -> str:
    return "\n".join(_lines(report)) + "\n"


def _lines(report: CiReport) -> Iterable[str]:
    plan = report.plan
    yield f"## 台账检查：相对于 {code_span(plan.ref)} 的改动"
    yield ""
    yield f"基线：{code_span(plan.ref)} 与当前提交的共同祖先 {code_span(report.base_short)}。"
    if plan.schemas_changed:
        yield "标准或 Schema 有改动，全部台账重新评分。"
    if report.base_note:
        yield f"注意：{cell(report.base_note)}。"
    yield ""
    errors = sum(f.is_error for f in report.findings)
    warnings = len(report.findings) - errors
    if not report.dossiers:
        yield "本次改动不涉及任何台账。"
    else:
        counts = {s: sum(d.status == s for d in report.dossiers) for s in STATUS_NAMES}
        yield (
            f"涉及 {len(report.dossiers)} 份台账（改动 {counts['changed']}，"
            f"新增 {counts['added']}，删除 {counts['removed']}）；"
            f"校验发现 {errors} 个错误、{warnings} 个警告。"
        )
        yield ""
        by_file = _by_file(report.findings)
        quiet = [c for c in report.dossiers if _quiet(c, by_file)]
        listed = report.dossiers
        if len(listed) > TABLE_ROWS:  # a standard change re-scores everything: keep it short
            listed = [c for c in listed if not _quiet(c, by_file)]
        yield "| 支部 | 名称 | 年度 | 状态 | 等次 | 总分 | 变化 |"
        yield "|---|---|---|---|---|---:|---:|"
        for change in listed:
            shown = change.shown
            total = _total(change.current)
            if change.base is not None and change.status != "removed":
                total = f"{_total(change.base)} → {total}"
            elif change.status == "removed":
                total = f"{_total(change.base)} → —"
            yield (
                f"| {cell(shown.branch)} | {cell(shown.name)} | {shown.year or ''} "
                f"| {STATUS_NAMES[change.status]} | {_grade(change.current or change.base)} "
                f"| {total} | {_change(change)} |"
            )
        if len(listed) < len(report.dossiers):
            yield ""
            hidden = len(report.dossiers) - len(listed)
            yield f"另有 {hidden} 份台账的等次和各条目得分都没有变化，未列出。"
        elif quiet:
            yield ""
            yield (
                f"其中 {len(quiet)} 份台账的等次和各条目得分都没有变化，也没有校验问题，"
                "下面不再逐一说明。"
            )
    yield ""
    by_file = _by_file(report.findings)
    for change in report.dossiers:
        if not _quiet(change, by_file):
            yield from _dossier(change, by_file)
    other = [f for file, fs in sorted(by_file.items()) for f in fs if not _belongs(file, report)]
    if other:
        yield "### 其他文件的问题"
        yield ""
        yield from _findings(other)


# Beyond this many dossiers, the table lists only those whose score, grade or findings moved.
TABLE_ROWS = 50


def _by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    return by_file


def _quiet(change: DossierChange, by_file: dict[str, list[Finding]]) -> bool:
    """A dossier re-scored with nothing to say: same grade, same item scores, no findings."""
    base, now = change.base, change.current
    if change.status != "changed" or base is None or now is None:
        return False
    if not (base.scored and now.scored) or change.items or change.points:
        return False
    if (base.grade, base.vetoed) != (now.grade, now.vetoed):
        return False
    return not any(_owned(file, change.path) for file in by_file)


def _belongs(file: str, report: CiReport) -> bool:
    return any(_owned(file, change.path) for change in report.dossiers)


def _owned(file: str, dossier: str) -> bool:
    year = dossier.rsplit("/", 1)[0] if "/" in dossier else ""
    return file == dossier or (bool(year) and file.startswith(year + "/"))


def _dossier(change: DossierChange, by_file: dict[str, list[Finding]]) -> Iterable[str]:
    shown = change.shown
    yield f"### {cell(title_line(shown))}"
    yield ""
    if change.status == "removed":
        before = f"原等次 {_grade(change.base)}，总分 {_total(change.base)}"
        yield f"{code_span(change.path)}：已删除（{before}）。"
        yield ""
        return
    base, now = change.base, change.current
    assert now is not None
    if base is None:
        yield f"{code_span(change.path)}：新增台账，等次 {_grade(now)}，总分 {_total(now)}。"
    else:
        delta = _change(change)
        tail = f"（{delta}）" if delta else ""
        yield (
            f"{code_span(change.path)}：等次 {_grade(base)} → {_grade(now)}，"
            f"总分 {_total(base)} → {_total(now)}{tail}。"
        )
    yield ""
    if base is not None and base.scored and now.scored:
        if change.items:
            yield "| 条目 | 名称 | 原得分 | 现得分 | 变化 | 原因 |"
            yield "|---|---|---:|---:|---:|---|"
            for delta in change.items:
                old = "—" if delta.base is None else number(delta.base)
                new = "—" if delta.score is None else number(delta.score)
                reasons = "<br>".join(cell(r) for r in delta.reasons)
                yield (
                    f"| {delta.id} | {cell(delta.title)} | {old} | {new} "
                    f"| {signed(delta.change)} | {reasons} |"
                )
        else:
            yield "各条目得分没有变化。"
        yield ""
    elif not now.scored:
        yield "**无法评分**，请先修正下列错误。"
        yield ""
    if change.points:
        yield from _points(change)
    mine = [f for file, fs in sorted(by_file.items()) if _owned(file, change.path) for f in fs]
    if mine:
        yield from _findings(mine)


def _points(change: DossierChange) -> Iterable[str]:
    """The points ledger's changes, member by member (ids only: no name reaches CI)."""
    yield "| 党员 | 原总分 | 现总分 | 按积分 | 定级 | 各月计入的变化 |"
    yield "|---|---:|---:|---|---|---|"
    for delta in change.points:
        old, new = delta.base, delta.current
        months = "、".join(f"{m} 月 {signed(c)}" for m, c in delta.months) or "—"
        grade = _moved(old.grade if old else None, new.grade if new else None)
        decided = _moved(old.decided if old else None, new.decided if new else None)
        yield (
            f"| {cell(delta.member)} | {_points_total(old)} | {_points_total(new)} "
            f"| {cell(grade)} | {cell(decided)} | {months} |"
        )
    yield ""


def _points_total(year) -> str:
    return "—" if year is None else number(year.total)


def _moved(old: str | None, new: str | None) -> str:
    old, new = old or "—", new or "—"
    return new if old == new else f"{old} → {new}"


# A job summary has a size limit (GitHub: 1 MiB); the full list is in SARIF, JUnit and JSON.
SHOWN_FINDINGS = 30


def _findings(findings: list[Finding]) -> Iterable[str]:
    errors = sum(f.is_error for f in findings)
    yield f"校验问题（{errors} 个错误，{len(findings) - errors} 个警告）："
    yield ""
    ordered = sorted(findings, key=lambda f: (not f.is_error, *f.sort_key()))
    for f in ordered[:SHOWN_FINDINGS]:
        place = f"{f.file}:{f.line}" if f.line > 0 else f.file
        yield f"- {code_span(place)} {f.code} {LEVEL_NAMES[f.level]}：{cell(f.message)}"
    if len(ordered) > SHOWN_FINDINGS:
        rest = len(ordered) - SHOWN_FINDINGS
        yield f"- ……另有 {rest} 个问题，运行 `checker validate` 查看全部"
    yield ""
