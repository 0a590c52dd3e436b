"""Markdown: a table of scores and the reasons for lost points, for CI summaries and reports."""

from __future__ import annotations

from collections.abc import Iterable

from checker.core.cleantext import code_span, markdown
from checker.dossier.report.text import number, title_line
from checker.dossier.results import DossierResult
from checker.dossier.sources import score_source


def cell(text: str) -> str:
    """A value from content, shown literally on one line or in a table cell."""
    return markdown(text)


def score_markdown(result: DossierResult) -> Iterable[str]:
    yield f"## {cell(title_line(result))}"
    yield ""
    if not result.scored:
        yield "**无法评分**，请先修正以下错误："
        yield ""
        for finding in result.errors:
            place = code_span(f"{finding.file}:{finding.line}")
            yield f"- {place} {finding.code} {cell(finding.message)}"
        yield ""
        return
    veto = f"（一票否决：{cell(result.veto_reason)}）" if result.vetoed else ""
    yield f"总分 **{number(result.total)}** / {number(result.max)}，等次 **{result.grade}**{veto}"
    yield ""
    yield "| 方面 | 得分 | 满分 |"
    yield "|---|---:|---:|"
    for aspect in result.aspects:
        yield f"| {aspect.id} {cell(aspect.name)} | {number(aspect.score)} | {number(aspect.max)} |"
    yield ""
    lost = [i for i in result.items if i.score < i.max or i.findings]
    if lost:
        yield "| 条目 | 得分 | 满分 | 来源 | 怎样计分 | 失分原因 |"
        yield "|---|---:|---:|---|---|---|"
        for item in lost:
            reasons = "<br>".join(cell(f.message) for f in item.findings) or cell(item.note)
            yield (
                f"| {item.id} {cell(item.title)} | {number(item.score)} | {number(item.max)} "
                f"| {score_source(item.source).short} | {cell(item.explanation())} | {reasons} |"
            )
        yield ""
