"""Load one branch-year with everything around it, and check it before any scoring.

A bundle is the dossier, the branch profile, the optional review, the narratives and the
evidence the dossier cites, each loaded safely and checked against its schema, then the
checks a schema cannot express: folder names, references between files, dates inside the
year, evidence files that exist and are what they claim to be.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
from checker.core.schema import SchemaCheck, SchemaSet
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
    shape = _NOTHING_SOUND
    if dossier.data is not None:
        shape = schemas.check("dossier", dossier)
        found.extend(shape.findings)
    valid = dossier.data is not None and not shape.findings

    branch_path = ref.branch_dir / BRANCH_FILE
    branch_shape = _NOTHING_SOUND
    if branch_path.is_file():
        bundle.branch = load_yaml(branch_path, display(branch_path), max_yaml)
        found.extend(bundle.branch.findings)
        if bundle.branch.data is not None:
            branch_shape = schemas.check("branch", bundle.branch)
            found.extend(branch_shape.findings)
    else:
        found.append(Finding("R008", "支部目录下没有 branch.yaml", display(ref.branch_dir), 0, 0))

    review_path = ref.year_dir / REVIEW_FILE
    review_shape = _NOTHING_SOUND
    if review_path.is_file():
        bundle.review = load_yaml(review_path, display(review_path), max_yaml)
        found.extend(bundle.review.findings)
        if bundle.review.data is not None:
            review_shape = schemas.check("review", bundle.review)
            found.extend(review_shape.findings)
            valid = valid and not review_shape.findings
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

    # Every part whose shape is sound is checked, so one run lists every mistake.
    year = bundle.data.get("year") if isinstance(bundle.data, dict) else None
    if isinstance(year, int) and shape.sound("year"):
        bundle.reference = judging_day(year, today)
    if isinstance(dossier.data, dict):
        checks = _Checks(bundle, standard, today, shape)
        checks.folder_and_standard()
        checks.members_and_activities()
        checks.self_assessment()
        _check_evidence(bundle, standard, checks.report, shape)
    if bundle.branch is not None and isinstance(bundle.branch.data, dict):
        _check_branch(bundle, organization, branch_shape)
    if bundle.review is not None and isinstance(bundle.review.data, dict):
        _check_review(bundle, standard, review_shape)
    found.sort(key=Finding.sort_key)
    # A dossier with an error is listed in full but not scored.
    bundle.scoreable = valid and not any(f.code in _STOPS_SCORING for f in found)
    return bundle


_NOTHING_SOUND = SchemaCheck([], ((),))
# Errors the scoring cannot work around: a review score above the item's maximum.
_STOPS_SCORING = frozenset({"R011"})


def _reporter(bundle: Bundle, target: Loaded):
    def report(code: str, message: str, parts: list, hint: str = "", key: bool = False) -> None:
        line, column = target.locate(parts, key=key)
        bundle.findings.append(
            Finding(code, message, target.file, line, column, pointer(parts), hint)
        )

    return report


def _records(value: Any) -> list[tuple[int, dict]]:
    """The mappings of a list, with their index; nothing when the list is not one."""
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


class _Checks:
    """The checks a schema cannot express, each on the parts whose shape is sound."""

    def __init__(self, bundle: Bundle, standard: Standard, today: date, shape: SchemaCheck):
        self.bundle = bundle
        self.standard = standard
        self.today = today
        self.sound = shape.sound
        self.data = bundle.data
        self.report = _reporter(bundle, bundle.dossier)

    def folder_and_standard(self) -> None:
        data, ref, standard = self.data, self.bundle.ref, self.standard
        if self.sound("branch") and "branch" in data and data["branch"] != ref.branch_dir.name:
            self.report(
                "R004",
                f"支部编号为 {data['branch']}，但所在目录是 {ref.branch_dir.name}",
                ["branch"],
            )
        if self.sound("year") and "year" in data and str(data["year"]) != ref.year_dir.name:
            self.report(
                "R004", f"年度为 {data['year']}，但所在目录是 {ref.year_dir.name}", ["year"]
            )
        cited = data.get("standard")
        if not (self.sound("standard") and isinstance(cited, dict)):
            return
        if (cited["id"], cited["version"]) != (standard.id, standard.version):
            self.report(
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

    def members_and_activities(self) -> None:
        data, report = self.data, self.report
        # Every id in the roster counts as known, even in a record with other mistakes, so
        # a broken member does not turn each reference to it into a second finding.
        ids: set[str] = set()
        for index, member in _records(data.get("members")):
            member_id = member.get("id")
            if not isinstance(member_id, str):
                continue
            if member_id in ids:
                report("R002", f"党员编号 {member_id} 重复", ["members", index, "id"])
            ids.add(member_id)
        year = data.get("year") if self.sound("year") else None
        committee = data.get("committee")
        elected = committee.get("elected_on") if isinstance(committee, dict) else None
        if elected and self.sound("committee", "elected_on"):
            self._date(committee["elected_on"], ["committee", "elected_on"], None)
        for index, activity in _records(data.get("activities")):
            self._activity(index, activity, ids, year)

    def _activity(self, index: int, activity: dict, ids: set[str], year: Any) -> None:
        where, sound, report = ["activities", index], self.sound, self.report
        record_types = self.standard.record_types
        kind = activity.get("type")
        if sound(*where, "type") and kind is not None:
            if kind not in record_types:
                report(
                    "S004",
                    f"活动类型“{kind}”不是标准规定的记录类型",
                    [*where, "type"],
                    "可选值：" + "、".join(record_types) + "。",
                )
            elif record_types[kind]:
                for key, label in (("expected", "应到人数"), ("present", "实到人数")):
                    if key not in activity:
                        report("S003", f"{kind}记录缺少{label} `{key}`", where)
        if sound(*where, "date") and "date" in activity:
            self._date(activity["date"], [*where, "date"], year if isinstance(year, int) else None)
        counts_sound = sound(*where, "present") and sound(*where, "expected")
        if counts_sound and activity.get("present", 0) > activity.get("expected", 10**9):
            report(
                "R003",
                f"实到 {activity['present']} 人，超过应到 {activity['expected']} 人",
                [*where, "present"],
            )
        for key in ("chair", "recorder", "lecturer"):
            if key in activity and sound(*where, key) and activity[key] not in ids:
                report("R001", f"党员编号 {activity[key]} 不在党员名册中", [*where, key])
        participants = activity.get("participants")
        for p_index, member_id in enumerate(participants if isinstance(participants, list) else []):
            if sound(*where, "participants", p_index) and member_id not in ids:
                report(
                    "R001",
                    f"党员编号 {member_id} 不在党员名册中",
                    [*where, "participants", p_index],
                )

    def _date(self, value: str, parts: list, year: int | None) -> None:
        _check_date(self.report, value, parts, year, self.today)

    def self_assessment(self) -> None:
        items = self.data.get("items")
        if not isinstance(items, dict):
            return
        for item_id, entry in items.items():
            item = self.standard.items.get(item_id)
            if not self.sound("items", item_id):
                continue  # a key the schema refused is reported once, by the schema
            if item is None:
                self.report("R006", f"标准中没有条目 {item_id}", ["items", item_id], key=True)
                continue
            score = entry.get("self_score") if isinstance(entry, dict) else None
            score_sound = self.sound("items", item_id, "self_score")
            if score_sound and score is not None and score > item.points:
                self.report(
                    "R012",
                    f"条目 {item_id} 自评 {score} 分，超过满分 {item.points} 分",
                    ["items", item_id, "self_score"],
                )


def _check_branch(bundle: Bundle, organization: Organization | None, shape: SchemaCheck) -> None:
    branch, ref = bundle.branch.data, bundle.ref
    report = _reporter(bundle, bundle.branch)
    if shape.sound("code") and branch.get("code") != ref.branch_dir.name:
        report(
            "R004",
            f"branch.yaml 中的编号为 {branch.get('code')}，但目录是 {ref.branch_dir.name}",
            ["code"],
        )
    known = organization.organizations if organization is not None else {}
    if known and shape.sound("organization") and branch.get("organization") not in known:
        report(
            "R005",
            f"上级党组织编号“{branch.get('organization')}”不在 organization.yaml 中",
            ["organization"],
        )


def _check_review(bundle: Bundle, standard: Standard, shape: SchemaCheck) -> None:
    review = bundle.review.data
    report = _reporter(bundle, bundle.review)
    items = review.get("items")
    for item_id, entry in (items if isinstance(items, dict) else {}).items():
        item = standard.items.get(item_id)
        if item is None:
            report("R006", f"标准中没有条目 {item_id}", ["items", item_id], key=True)
        elif (
            shape.sound("items", item_id, "score")
            and isinstance(entry, dict)
            and entry.get("score", 0) > item.points
        ):
            report(
                "R011",
                f"条目 {item_id} 核定 {entry['score']} 分，超过满分 {item.points} 分",
                ["items", item_id, "score"],
                f"核定分不能超过满分 {item.points} 分；改正后本台账才能评分。",
            )
    veto = review.get("veto")
    veto_item = veto.get("item") if isinstance(veto, dict) and shape.sound("veto", "item") else None
    if veto_item and veto_item not in standard.items:
        report("R006", f"标准中没有条目 {veto_item}", ["veto", "item"])


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


def cited_paths(data: dict, sound: Callable[..., bool] | None = None) -> list[tuple[str, list]]:
    """Every evidence path a dossier cites, with where it is cited.

    With ``sound`` (a :meth:`SchemaCheck.sound`), only the citations whose shape is sound."""
    cited: list[tuple[str, list]] = []

    def cite(value: Any, parts: list) -> None:
        if isinstance(value, str) and value and (sound is None or sound(*parts)):
            cited.append((value, parts))

    committee = data.get("committee")
    if isinstance(committee, dict):
        cite(committee.get("approval"), ["committee", "approval"])
    for index, activity in _records(data.get("activities")):
        cite(activity.get("minutes"), ["activities", index, "minutes"])
        evidence = activity.get("evidence")
        for e_index, path in enumerate(evidence if isinstance(evidence, list) else []):
            cite(path, ["activities", index, "evidence", e_index])
    items = data.get("items")
    for item_id, entry in (items if isinstance(items, dict) else {}).items():
        evidence = entry.get("evidence") if isinstance(entry, dict) else None
        for e_index, path in enumerate(evidence if isinstance(evidence, list) else []):
            cite(path, ["items", item_id, "evidence", e_index])
    return cited


def _check_evidence(bundle: Bundle, standard: Standard, report: Any, shape: SchemaCheck) -> None:
    settings = standard.settings
    allowed = list(settings["evidence_types"])
    max_bytes = int(settings["max_evidence_bytes"])
    max_pixels = int(settings.get("max_image_pixels", DEFAULT_MAX_PIXELS))
    by_folded: dict[str, str] = {}
    root = os.path.realpath(bundle.ref.year_dir)
    for cited, parts in cited_paths(bundle.data, shape.sound):
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
