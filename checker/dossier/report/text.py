"""Plain text for a terminal: one line per finding, `file:line:col: CODE level message`."""

from __future__ import annotations

from collections.abc import Iterable

from checker.core.cleantext import one_line
from checker.core.codes import LEVEL_NAMES
from checker.core.columns import table
from checker.core.findings import Finding
from checker.dossier.overview import Overview, Row
from checker.dossier.results import DossierResult
from checker.dossier.sources import score_source


def finding_line(finding: Finding) -> str:
    hint = finding.full_hint()
    tail = f" 〔{hint}〕" if hint else ""
    return one_line(
        f"{finding.file}:{finding.line}:{finding.column}: "
        f"{finding.code} {LEVEL_NAMES[finding.level]} {finding.message}{tail}"
    )


def number(value) -> str:
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def title_line(result: DossierResult) -> str:
    name = f" {result.name}" if result.name else ""
    year = f" {result.year}年度" if result.year else ""
    return one_line(f"{result.branch}{name}{year}")


def score_block(result: DossierResult) -> Iterable[str]:
    if not result.scored:
        yield f"{title_line(result)}：无法评分，请先修正以下错误"
        for finding in result.errors:
            yield "  " + finding_line(finding)
        return
    veto = f"（一票否决：{result.veto_reason}）" if result.vetoed else ""
    total = f"{number(result.total)}/{number(result.max)} 分"
    yield f"{title_line(result)}：{total}，{result.grade}{veto}"
    by_aspect: dict[str, list] = {}
    for item in result.items:
        by_aspect.setdefault(item.aspect, []).append(item)
    for aspect in result.aspects:
        yield f"  {aspect.id} {aspect.name} {number(aspect.score)}/{number(aspect.max)}"
        for item in by_aspect.get(aspect.id, []):
            if item.score >= item.max and not item.findings:
                continue
            source = score_source(item.source).short
            yield f"    {item.id} {item.title} {number(item.score)}/{number(item.max)} [{source}]"
            explanation = item.explanation()
            if explanation:
                yield f"      计分：{explanation}"
            for finding in item.findings:
                yield f"      - {finding.message}({finding.file}:{finding.line})"
    errors = result.errors
    if errors:
        yield f"  另有 {len(errors)} 个校验错误，用 `checker validate {result.file}` 查看"


def _change(row: Row) -> str:
    if row.change is None:
        return "—"
    if row.change == 0:
        return "0"
    return f"+{number(row.change)}" if row.change > 0 else f"-{number(-row.change)}"


def overview_lines(overview: Overview) -> Iterable[str]:
    """The table that ends `checker score` (支部, 年度, 总分, 等次, 较上年), then one line
    per grade with its count."""
    rows = overview.rows()
    yield f"总览：{len(rows)} 份台账"
    cells = [["支部", "年度", "总分", "等次", "较上年"]]
    for row in rows:
        total = number(row.total) if row.total is not None else "—"
        year = str(row.year) if row.year is not None else "—"
        grade = f"{row.grade}（一票否决）" if row.vetoed else row.grade
        cells.append([one_line(row.branch), year, total, grade, _change(row)])
    yield from table(cells)
    for grade, count in overview.counts():
        yield f"{grade}：{count} 个"
