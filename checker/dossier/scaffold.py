"""`checker new`: a dossier skeleton that validates, with every item of the standard listed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from checker.core import atomic, yamlwrite
from checker.core.cleantext import one_line
from checker.core.modeline import modeline
from checker.core.organization import Organization
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, ORGANIZATION_FILE, display
from checker.core.staging import stage_branch
from checker.core.standards import SCHEMA_FILES
from checker.core.textfile import os_reason
from checker.core.yamlload import load_yaml
from checker.dossier.carry_over import ProbationDue, carried, probation_due
from checker.dossier.layout import DOSSIER_FILE, EVIDENCE_DIR
from checker.dossier.standard import Standard

if TYPE_CHECKING:
    from checker.dossier.engine import Engine

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def dossier_text(standard: Standard, code: str, year: int, first_line: str) -> str:
    """An empty dossier: every section with a commented example, every item listed."""
    return _dossier(standard, code, year, first_line, None)


def _dossier(
    standard: Standard,
    code: str,
    year: int,
    first_line: str,
    previous: tuple[int, dict[str, Any], list[ProbationDue]] | None,
) -> str:
    """``previous``: the year carried from, its dossier as carried, its members due."""
    lines = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# {year} 年度党支部标准化建设台账。填写说明见 README“台账格式”。",
        "standard:",
        f"  id: {standard.id}",
        f"  version: {_q(standard.version)}",
        f"branch: {code}",
        f"year: {year}",
        "",
        *(_blank_roster() if previous is None else _carried_roster(*previous)),
        "",
        "# 活动记录：三会一课、主题党日、集中学习等，每次一条。",
        "activities: []",
        "#  - type: 支委会",
        f"#    date: {year}-01-08",
        "#    topic: 研究部署年度党建工作",
        "#    expected: 5",
        "#    present: 5",
        f"#    minutes: {EVIDENCE_DIR}/{year}-01-08-支委会记录.pdf",
        "",
        "# 逐条自评：self_score 自评分，note 说明，evidence 佐证材料。",
        "items:",
    ]
    for aspect in standard.aspects:
        lines.append(f"  # {aspect.id} {aspect.name}")
        for item in aspect.items:
            lines.append(f"  # {item.id} {item.title}（{item.points} 分）：{item.requirement}")
            lines.append(f"  {item.id}: {{}}")
    return "\n".join(lines) + "\n"


def _blank_roster() -> list[str]:
    return [
        "# 党员名册：每名党员一条。姓名、身份证号、电话等个人信息不会公开。",
        "members: []",
        "#  - id: M01",
        "#    name: 张某某",
        "#    status: 正式党员      # 正式党员 / 预备党员",
        "#    role: 书记            # 书记 / 副书记 / 组织委员 / 宣传委员 / 纪检委员 / 委员 / 党员",
        "#    training_hours: 40",
        "#    dues_months: 12",
        "",
        "committee: {}",
        "#  elected_on: 2024-03-15   # 本届支部委员会选举日期",
        "",
        "party_groups: 0   # 党小组个数，未划分填 0",
    ]


def _carried_roster(year: int, previous: dict[str, Any], due: list[ProbationDue]) -> list[str]:
    lines = [
        f"# 党员名册：沿用 {year} 年度，本年度的学习培训学时、党费月数和评议等次已清空，",
        "# 请逐人填写；调入、调出和新发展的党员请增删。个人信息不会公开。",
        *(f"# 请注意：{note}" for note in probation_notes(due)),
    ]
    members = previous.get("members")
    lines += yamlwrite.mapping_lines({"members": members if isinstance(members, list) else []})
    lines += ["", f"# 支部委员会：沿用 {year} 年度；换届后改为新的选举日期。"]
    committee = previous.get("committee")
    committee = committee if isinstance(committee, dict) else {}
    lines += yamlwrite.mapping_lines({"committee": committee})
    lines.append("")
    lines += yamlwrite.mapping_lines({"party_groups": previous.get("party_groups", 0)})
    return lines


def probation_notes(due: list[ProbationDue]) -> list[str]:
    """One sentence per probationary member whose probation is over, for the secretary."""
    notes = []
    for entry in due:
        # The id comes from last year's file, unchecked: in a YAML comment a line break
        # would start a key of the new dossier, so it is written on one line.
        member = one_line(entry.member)
        if entry.ends_on is None:
            notes.append(
                f"{member} 是预备党员，名册中没有入党日期，"
                "无法判断预备期何时届满；请补填 joined_on。"
            )
        else:
            notes.append(
                f"{member} 的预备期于 {entry.ends_on.isoformat()} 届满："
                "支部党员大会讨论转正后，把 status 改为 正式党员；延长预备期的，在 note 中写明。"
            )
    return notes


@dataclass(frozen=True, slots=True)
class NewDossier:
    """What `checker new` was asked for."""

    code: str
    year: int
    name: str | None = None
    organization: str | None = None  # a parent organization's id or full name
    carry_from: int | None = None  # an earlier year of the same branch


@dataclass(slots=True)
class Scaffolded:
    written: list[Path]
    notes: list[str] = field(default_factory=list)  # what the secretary must see to


def scaffold(
    engine: Engine, content_dir: Path, request: NewDossier, fail: Callable[[str], NoReturn]
) -> Scaffolded:
    """Write the new files atomically; call ``fail`` (which exits) before writing anything
    that would not pass `checker validate`."""
    code, year = request.code, request.year
    if not _CODE.match(code):
        fail(f"支部编号“{code}”不合规：只能用字母、数字和横线，2 到 40 个字符")
    organization = _organization_file(engine, content_dir, fail)
    branch_dir = content_dir / BRANCHES_DIR / code
    dossier = branch_dir / str(year) / DOSSIER_FILE
    branch_file = branch_dir / BRANCH_FILE
    if dossier.exists():
        fail(f"{display(dossier)} 已存在，不会覆盖")
    pending: list[tuple[Path, str]] = []
    if not branch_file.exists():
        if not request.name or not request.organization:
            fail("这是一个新支部：请用 --name 和 --organization 给出支部名称和上级党组织编号")
        parent = parent_id(organization, request.organization, fail)
        pending.append(
            (
                branch_file,
                modeline(branch_file, SCHEMA_FILES["branch"], content_dir)
                + f"code: {code}\nname: {_q(request.name)}\norganization: {_q(parent)}\n",
            )
        )
    previous, due = None, []
    if request.carry_from is not None:
        data = _previous(engine, branch_dir, request, fail)
        due = probation_due(data.get("members"), year, _probation_years(engine))
        previous = (request.carry_from, data, due)
    first_line = modeline(dossier, SCHEMA_FILES["dossier"], content_dir)
    pending.append((dossier, _dossier(engine.standard, code, year, first_line, previous)))
    _write(content_dir, code, pending, dossier, fail)
    return Scaffolded([path for path, _ in pending], probation_notes(due))


def _write(
    content_dir: Path,
    code: str,
    pending: list[tuple[Path, str]],
    dossier: Path,
    fail: Callable[[str], NoReturn],
) -> None:
    # The files go in together: written into a staged copy of the branch folder, which
    # then takes the real one's place; a failure on the way leaves nothing behind.
    try:
        with stage_branch(content_dir, code) as stage:
            for path, text in pending:
                atomic.write_text(stage.staged(path), text)
            stage.staged(dossier.parent / EVIDENCE_DIR).mkdir(exist_ok=True)
            stage.commit()
    except OSError as exc:
        fail(f"写入 {display(dossier.parent.parent)} 失败：{os_reason(exc)}；没有生成任何文件")


def _organization_file(
    engine: Engine, content_dir: Path, fail: Callable[[str], NoReturn]
) -> Organization:
    """The content root's organization.yaml, which every dossier is checked against."""
    if not (content_dir / ORGANIZATION_FILE).is_file():
        fail(
            f"{display(content_dir)} 中没有 {ORGANIZATION_FILE}（工委、责任区和上级党组织的清单），"
            "新建的台账无法通过检查。请在台账仓库的根目录运行本命令或用 --content 指定它；"
            "还没有台账仓库的，先运行 `checker init 目录` 建立一个。"
        )
    organization = engine.organization(content_dir)
    if organization is None or any(f.is_error for f in organization.findings):
        fail(
            f"{display(content_dir / ORGANIZATION_FILE)} 有错误，先运行 "
            f"`checker validate {display(content_dir)}` 逐条改正，再新建台账"
        )
    return organization


def parent_id(organization: Organization, given: str, fail: Callable[[str], NoReturn]) -> str:
    """The id of the parent organization ``given`` names (its id, or its full name)."""
    records = organization.organizations
    if given in records:
        return given
    for org_id, record in records.items():
        if record.get("name") == given:
            return org_id
    near = [
        org_id
        for org_id, record in records.items()
        if given and (given in str(record.get("name", "")) or given.lower() in org_id.lower())
    ]
    listed = "、".join(f"{i}（{records[i].get('name', '')}）" for i in (near or list(records)))
    if near:
        fail(f"organization.yaml 中没有编号或名称为“{given}”的上级党组织。是不是：{listed}？")
    fail(f"organization.yaml 中没有编号或名称为“{given}”的上级党组织。可用的有：{listed}")


def _previous(
    engine: Engine, branch_dir: Path, request: NewDossier, fail: Callable[[str], NoReturn]
) -> dict[str, Any]:
    """The earlier year's dossier, read as data (its mistakes come with it, and `validate`
    names them in the new file)."""
    source = branch_dir / str(request.carry_from) / DOSSIER_FILE
    if request.carry_from is not None and request.carry_from >= request.year:
        fail(f"--from 应是 {request.year} 年以前的年度，而不是 {request.carry_from}")
    if not source.is_file():
        fail(f"找不到 {display(source)}：--from 要沿用的年度台账不存在")
    loaded = load_yaml(source, display(source), int(engine.standard.settings["max_yaml_bytes"]))
    if not isinstance(loaded.data, dict):
        first = loaded.findings[0].message if loaded.findings else "不是键值结构"
        fail(f"无法读取 {display(source)}（{first}）；先运行 `checker validate` 改正它")
    return carried(loaded.data, request.year)


def _probation_years(engine: Engine) -> int:
    return int(engine.standard.settings.get("probation_years", 1))
