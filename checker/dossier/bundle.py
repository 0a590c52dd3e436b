"""Load one branch-year with everything around it, and check it before any scoring.

A bundle is the dossier, the branch profile, the optional review, the narratives and the
evidence the dossier cites, each loaded safely and checked against its schema, then the
checks a schema cannot express: folder names, references between files, dates inside the
year, evidence files that exist and are what they claim to be.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from checker.core import narrative_limits
from checker.core.evidence_files import EvidenceCheck, check_path
from checker.core.findings import Finding, pointer
from checker.core.imagesize import DEFAULT_MAX_PIXELS
from checker.core.organization import Organization
from checker.core.paths import BRANCH_FILE, display
from checker.core.periods import judging_day, official_date
from checker.core.schema import SchemaSet
from checker.core.textfile import read_text
from checker.core.yamlload import Loaded, load_yaml
from checker.dossier.layout import NARRATIVE_FILES, REVIEW_FILE, DossierRef
from checker.dossier.standard import Standard


@dataclass(slots=True)
class Bundle:
    ref: DossierRef
    dossier: Loaded
    branch: Loaded | None = None
    review: Loaded | None = None
    narratives: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, EvidenceCheck] = field(default_factory=dict)
    cited_at: dict[str, int] = field(default_factory=dict)  # line of each path's first citation
    findings: list[Finding] = field(default_factory=list)
    scoreable: bool = False
    reference: date | None = None

    @property
    def data(self) -> dict:
        return self.dossier.data or {}

    def evidence_ok(self, cited: str, types: tuple[str, ...] | None) -> bool:
        check = self.evidence.get(cited)
        return bool(check and check.ok and (types is None or check.kind in types))


def load_bundle(
    ref: DossierRef,
    standard: Standard,
    schemas: SchemaSet,
    organization: Organization | None,
    today: date,
) -> Bundle:
    settings = standard.settings
    max_yaml = int(settings["max_yaml_bytes"])
    dossier = load_yaml(ref.dossier, display(ref.dossier), max_yaml)
    bundle = Bundle(ref, dossier)
    found = bundle.findings
    found.extend(dossier.findings)
    valid = dossier.data is not None
    if valid:
        schema_findings = schemas.validate("dossier", dossier)
        found.extend(schema_findings)
        valid = not schema_findings

    branch_path = ref.branch_dir / BRANCH_FILE
    if branch_path.is_file():
        bundle.branch = load_yaml(branch_path, display(branch_path), max_yaml)
        found.extend(bundle.branch.findings)
        if bundle.branch.data is not None:
            found.extend(schemas.validate("branch", bundle.branch))
    else:
        found.append(Finding("R008", "支部目录下没有 branch.yaml", display(ref.branch_dir), 0, 0))

    review_path = ref.year_dir / REVIEW_FILE
    if review_path.is_file():
        bundle.review = load_yaml(review_path, display(review_path), max_yaml)
        found.extend(bundle.review.findings)
        if bundle.review.data is not None:
            review_findings = schemas.validate("review", bundle.review)
            found.extend(review_findings)
            valid = valid and not review_findings
        else:
            valid = False

    max_md = int(settings["max_markdown_bytes"])
    for name in NARRATIVE_FILES:
        path = ref.year_dir / name
        if path.is_file():
            text = read_text(path, display(path), max_md, found)
            if text is not None:
                bundle.narratives[name] = text
                found.extend(narrative_limits.check(text, display(path), settings))

    if valid:
        year = dossier.data["year"]
        bundle.reference = judging_day(year, today)
        _check_dossier(bundle, standard, organization, today)
    found.sort(key=Finding.sort_key)
    bundle.scoreable = valid
    return bundle


def _check_dossier(
    bundle: Bundle, standard: Standard, organization: Organization | None, today: date
) -> None:
    data = bundle.data
    loaded = bundle.dossier
    ref = bundle.ref

    def report(
        code: str,
        message: str,
        parts: list,
        hint: str = "",
        target: Loaded = loaded,
        key: bool = False,
    ):
        line, column = target.locate(parts, key=key)
        bundle.findings.append(
            Finding(code, message, target.file, line, column, pointer(parts), hint)
        )

    # Folder and standard.
    if data["branch"] != ref.branch_dir.name:
        report(
            "R004", f"支部编号为 {data['branch']}，但所在目录是 {ref.branch_dir.name}", ["branch"]
        )
    if str(data["year"]) != ref.year_dir.name:
        report("R004", f"年度为 {data['year']}，但所在目录是 {ref.year_dir.name}", ["year"])
    cited = data["standard"]
    if (cited["id"], cited["version"]) != (standard.id, standard.version):
        report(
            "R007",
            f"台账按标准 {cited['id']} {cited['version']} 填写，"
            f"当前标准是 {standard.id} {standard.version}",
            ["standard"],
            # Which standard is in force is the repository's choice (organization.yaml),
            # so the hint names both ways: follow it, or change it.
            f"把台账的 standard 改为 {standard.id} {standard.version}；"
            f"若整个仓库应按 {cited['id']} {cited['version']} 评分，"
            "改内容根目录下 organization.yaml 中的 standard（checker 须带有这一版标准）。",
        )
    branch = bundle.branch.data if bundle.branch and bundle.branch.data else None
    if branch is not None:
        if branch.get("code") != ref.branch_dir.name:
            report(
                "R004",
                f"branch.yaml 中的编号为 {branch.get('code')}，但目录是 {ref.branch_dir.name}",
                ["code"],
                target=bundle.branch,
            )
        known = organization.organizations if organization is not None else {}
        if known and branch.get("organization") not in known:
            report(
                "R005",
                f"上级党组织编号“{branch.get('organization')}”不在 organization.yaml 中",
                ["organization"],
                target=bundle.branch,
            )

    # Members and references to them.
    ids: set[str] = set()
    for index, member in enumerate(data["members"]):
        if member["id"] in ids:
            report("R002", f"党员编号 {member['id']} 重复", ["members", index, "id"])
        ids.add(member["id"])

    year = data["year"]
    if data["committee"].get("elected_on"):
        _check_date(
            report, data["committee"]["elected_on"], ["committee", "elected_on"], None, today
        )
    for index, activity in enumerate(data["activities"]):
        where = ["activities", index]
        if activity["type"] not in standard.record_types:
            report(
                "S004",
                f"活动类型“{activity['type']}”不是标准规定的记录类型",
                [*where, "type"],
                "可选值：" + "、".join(standard.record_types) + "。",
            )
        elif standard.record_types[activity["type"]]:
            for key, label in (("expected", "应到人数"), ("present", "实到人数")):
                if key not in activity:
                    report("S003", f"{activity['type']}记录缺少{label} `{key}`", where)
        _check_date(report, activity["date"], [*where, "date"], year, today)
        if activity.get("present", 0) > activity.get("expected", 10**9):
            report(
                "R003",
                f"实到 {activity['present']} 人，超过应到 {activity['expected']} 人",
                [*where, "present"],
            )
        for key in ("chair", "recorder", "lecturer"):
            if key in activity and activity[key] not in ids:
                report("R001", f"党员编号 {activity[key]} 不在党员名册中", [*where, key])
        for p_index, member_id in enumerate(activity.get("participants") or []):
            if member_id not in ids:
                report(
                    "R001",
                    f"党员编号 {member_id} 不在党员名册中",
                    [*where, "participants", p_index],
                )

    for item_id, entry in data["items"].items():
        item = standard.items.get(item_id)
        if item is None:
            report("R006", f"标准中没有条目 {item_id}", ["items", item_id], key=True)
            continue
        score = entry.get("self_score")
        if score is not None and score > item.points:
            report(
                "R012",
                f"条目 {item_id} 自评 {score} 分，超过满分 {item.points} 分",
                ["items", item_id, "self_score"],
            )

    review = bundle.review.data if bundle.review else None
    if review is not None:
        for item_id, entry in review["items"].items():
            item = standard.items.get(item_id)
            if item is None:
                report(
                    "R006",
                    f"标准中没有条目 {item_id}",
                    ["items", item_id],
                    target=bundle.review,
                    key=True,
                )
            elif entry["score"] > item.points:
                report(
                    "R011",
                    f"条目 {item_id} 核定 {entry['score']} 分，超过满分 {item.points} 分",
                    ["items", item_id, "score"],
                    target=bundle.review,
                )
        veto_item = (review.get("veto") or {}).get("item")
        if veto_item and veto_item not in standard.items:
            report("R006", f"标准中没有条目 {veto_item}", ["veto", "item"], target=bundle.review)

    _check_evidence(bundle, standard, report)


def _check_date(report, value: str, parts: list, year: int | None, today: date) -> None:
    try:
        day = date.fromisoformat(value)  # the schema has checked the format already…
    except ValueError:  # …but JSON Schema's dates include year 0000, Python's do not
        report("S005", f"日期 {value} 不存在", parts)
        return
    if day > today:
        report("D002", f"日期 {official_date(day)} 晚于今天（{official_date(today)}）", parts)
    elif year is not None and day.year != year:
        report("D001", f"日期 {official_date(day)} 不在 {year} 年度内", parts)


def cited_paths(data: dict) -> list[tuple[str, list]]:
    """Every evidence path a (schema-valid) dossier cites, with where it is cited."""
    cited: list[tuple[str, list]] = []
    approval = data["committee"].get("approval")
    if approval:
        cited.append((approval, ["committee", "approval"]))
    for index, activity in enumerate(data["activities"]):
        if activity.get("minutes"):
            cited.append((activity["minutes"], ["activities", index, "minutes"]))
        for e_index, path in enumerate(activity.get("evidence") or []):
            cited.append((path, ["activities", index, "evidence", e_index]))
    for item_id, entry in data["items"].items():
        for e_index, path in enumerate(entry.get("evidence") or []):
            cited.append((path, ["items", item_id, "evidence", e_index]))
    return cited


def _check_evidence(bundle: Bundle, standard: Standard, report: Any) -> None:
    settings = standard.settings
    allowed = list(settings["evidence_types"])
    max_bytes = int(settings["max_evidence_bytes"])
    max_pixels = int(settings.get("max_image_pixels", DEFAULT_MAX_PIXELS))
    by_folded: dict[str, str] = {}
    root = os.path.realpath(bundle.ref.year_dir)
    for cited, parts in cited_paths(bundle.data):
        if cited in bundle.evidence:
            continue
        line, column = bundle.dossier.locate(parts)
        bundle.cited_at[cited] = line
        check = check_path(
            bundle.ref.year_dir,
            cited,
            allowed,
            max_bytes,
            (bundle.dossier.file, line, column, pointer(parts)),
            root,
            max_pixels,
        )
        bundle.evidence[cited] = check
        bundle.findings.extend(check.findings)
        folded = cited.casefold()
        if folded in by_folded and by_folded[folded] != cited:
            report(
                "E008",
                f"“{cited}”与“{by_folded[folded]}”只有大小写不同",
                parts,
            )
        by_folded.setdefault(folded, cited)
