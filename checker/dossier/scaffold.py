"""`checker new`: a dossier skeleton that validates, with every item of the standard listed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from checker.core import atomic
from checker.core.modeline import modeline
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR
from checker.core.staging import stage_branch
from checker.core.standards import SCHEMA_FILES
from checker.core.textfile import os_reason
from checker.dossier.layout import DOSSIER_FILE, EVIDENCE_DIR
from checker.dossier.standard import Standard

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def dossier_text(standard: Standard, code: str, year: int, first_line: str) -> str:
    lines = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# {year} 年度党支部标准化建设台账。填写说明见 README“台账格式”。",
        "standard:",
        f"  id: {standard.id}",
        f"  version: {_q(standard.version)}",
        f"branch: {code}",
        f"year: {year}",
        "",
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


def scaffold(
    standard: Standard,
    content_dir: Path,
    code: str,
    year: int,
    name: str | None,
    organization: str | None,
    fail: Callable[[str], None],
) -> list[Path]:
    """Write the new files atomically; call ``fail`` (which exits) before writing anything."""
    if not _CODE.match(code):
        fail(f"支部编号“{code}”不合规：只能用字母、数字和横线，2 到 40 个字符")
    branch_dir = content_dir / BRANCHES_DIR / code
    dossier = branch_dir / str(year) / DOSSIER_FILE
    branch_file = branch_dir / BRANCH_FILE
    if dossier.exists():
        fail(f"{dossier.as_posix()} 已存在，不会覆盖")
    pending: list[tuple[Path, str]] = []
    if not branch_file.exists():
        if not name or not organization:
            fail("这是一个新支部：请用 --name 和 --organization 给出支部名称和上级党组织编号")
        pending.append(
            (
                branch_file,
                modeline(branch_file, SCHEMA_FILES["branch"], content_dir)
                + f"code: {code}\nname: {_q(name)}\norganization: {_q(organization)}\n",
            )
        )
    pending.append(
        (
            dossier,
            dossier_text(
                standard, code, year, modeline(dossier, SCHEMA_FILES["dossier"], content_dir)
            ),
        )
    )
    # The files go in together: written into a staged copy of the branch folder, which
    # then takes the real one's place; a failure on the way leaves nothing behind.
    try:
        with stage_branch(content_dir, code) as stage:
            for path, text in pending:
                atomic.write_text(stage.staged(path), text)
            stage.staged(dossier.parent / EVIDENCE_DIR).mkdir(exist_ok=True)
            stage.commit()
    except OSError as exc:
        fail(f"写入 {branch_dir.as_posix()} 失败：{os_reason(exc)}；没有生成任何文件")
    return [path for path, _ in pending]
