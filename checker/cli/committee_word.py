"""`checker report --naming` and `--assessment`: the committee's naming decision and its
assessment bulletin as blocks. Only translates options; the work is in checker/assessment/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.cli.common import echo, fail
from checker.core.paths import display, find_root
from checker.dossier.report.text import finding_line

if TYPE_CHECKING:
    from checker.cli.session import Session
    from checker.dossier.engine import Engine
    from checker.dossier.word.report import Block


def committee_document(
    session: Session, engine: Engine, path: Path, year: int, naming: bool
) -> tuple[list[Block], bool]:
    """(blocks, whether something went wrong that the user should see) of the naming
    decision (``naming``) or the assessment bulletin."""
    root = find_root(path) if path.exists() else None
    what = "命名决定" if naming else "考核通报"
    if root is None:
        fail(f"{display(path)} 不是内容根目录：{what}需要 organization.yaml")
    organization = engine.organization(root)
    if organization is None or not organization.committee:
        for finding in organization.findings if organization else []:
            echo(finding_line(finding), err=True)
        fail(f"{display(root / 'organization.yaml')} 有错误，无法生成{what}")
    if naming:
        from checker.assessment.naming import name_year
        from checker.assessment.word.decision import decision

        named = name_year(engine, root, organization, year)
        blocks = decision(named, engine.today)
        return blocks, _public(blocks, named.private, what)
    from checker.assessment.engine import assess
    from checker.assessment.scheme import SchemeError
    from checker.assessment.word.bulletin import assessment_bulletin

    try:
        result = assess(root, year, session.choice(root).folder, engine.today)
    except SchemeError as exc:
        fail(f"无法考核：{exc.findings[0].message}")
    if not result.organizations:
        fail(f"{display(root)} 的 organization.yaml 中没有党组织")
    for finding in result.findings:
        if finding.is_error:
            echo(finding_line(finding), err=True)
    blocks = assessment_bulletin(result, organization, engine.today)
    return blocks, _public(blocks, set(), what) or bool(result.errors)


def _public(blocks: list[Block], private: set[str], what: str) -> bool:
    """Both are published: an ID or mobile number, or a roster's name, that came in with a
    branch's or an organization's name is taken out (in place), and the user told where to
    look. Whether anything was."""
    from checker.dossier.word.report import redact_blocks

    removed = redact_blocks(blocks, private)
    for message in removed:
        echo(f"{message}，已在{what}中隐去；用 `checker validate` 查看出处并删除", err=True)
    return bool(removed)
