"""`checker import` of a filled 民主测评 tally sheet: the counts read back into the `ballots:`
section of `assessment/<year>/organizations/<org>.yaml`.

The sheet is found by the marker on its cover; one of another scheme, or whose tables were
changed, is refused whole, and so is one with a count that cannot be read (half a tally
would be scored as the whole). The other sections of the file and its comments are kept;
the file is written atomically under the content lock, never over different counts without
--force."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from checker.assessment.inputs import ORGANIZATIONS_DIR, year_folder
from checker.assessment.scheme import Scheme
from checker.assessment.word import tally_layout as lay
from checker.assessment.word.sheet import Problem, scheme_marker
from checker.assessment.word.sheet import SheetRefused as TallyRefused
from checker.core import atomic, lock, yamlwrite
from checker.core.word import normalize as n
from checker.core.word.cells import row_texts
from checker.core.word.marker import carries_marker
from checker.core.word.safezip import Refused, open_docx

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["Problem", "TallyImport", "TallyRefused", "is_tally_sheet", "read_tally_sheet"]

COVER_PARAGRAPHS = 80  # the marker's line follows the ballot


@dataclass(slots=True)
class TallyImport:
    organization: str
    year: int
    ballots: dict[str, Any]  # the `ballots:` section
    target: Path
    existing: dict[str, Any] | None = None  # the file's `ballots:` as it is
    problems: list[Problem] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return self.existing == self.ballots

    @property
    def conflict(self) -> bool:
        return self.existing is not None and not self.same

    def changes(self) -> list[str]:
        old = self.existing or {}
        lines = []
        if old.get("ballots") != self.ballots["ballots"]:
            lines.append(f"收回有效票：{old.get('ballots', '（空）')} → {self.ballots['ballots']}")
        before, after = old.get("questions") or {}, self.ballots["questions"]
        for qid in sorted(set(before) | set(after)):
            if before.get(qid) != after.get(qid):
                lines.append(f"{qid}：{_tally(before.get(qid))} → {_tally(after.get(qid))}")
        return lines

    def write(self, content_dir: Path) -> None:
        with lock.content_lock(content_dir, lock.DEFAULT_WAIT):
            self.target.parent.mkdir(parents=True, exist_ok=True)
            old = self.target.read_text("utf-8") if self.target.is_file() else None
            atomic.write_text(self.target, merged_text(old, self))


def _tally(counts: dict | None) -> str:
    return "（空）" if not counts else "、".join(f"{k} {v}" for k, v in counts.items())


def is_tally_sheet(path: Path) -> bool:
    """Whether ``path`` is a tally sheet (by its marker); False for anything unreadable."""
    return carries_marker(path, lay.MARKER, COVER_PARAGRAPHS)


def _check_marker(document: Document, scheme: Scheme) -> re.Match:
    match = scheme_marker(
        document, lay.MARKER, COVER_PARAGRAPHS, scheme, "测评统计表", "assess-form"
    )
    if match["form"] != lay.FORM_VERSION or match["layout"] != lay.digest(scheme):
        raise TallyRefused(
            "W007", "统计表的测评问题或等次与当前考核方案不一致（方案在生成后有改动）"
        )
    return match


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", n.halfwidth(text))


def _rows(document: Document, index: int) -> list[list[str]]:
    if len(document.tables) != 3:
        raise TallyRefused(
            "W008", f"应有 3 张表格（测评票、统计表表头、统计表），现有 {len(document.tables)} 张"
        )
    try:
        return [row_texts(row) for row in document.tables[index].rows]
    except ValueError:
        raise TallyRefused("W008", f"表{index + 1}的单元格被合并或拆分", f"表{index + 1}") from None


def _count(text: str, where: str, problems: list[Problem]) -> int | None:
    if n.is_blank(text):
        return None
    try:
        # Counts are written as people say them: 20, ２０, 二十, 20 张, 20票.
        value = n.parse_number(re.sub(r"\s*[张票]\s*$", "", text.strip()) or text, integer=True)
    except n.Unreadable as exc:
        problems.append(Problem(exc.code, exc.message, where))
        return None
    if value < 0:
        problems.append(Problem("W010", f"票数“{text.strip()}”不能是负数", where))
        return None
    return int(value)


def _questions(rows: list[list[str]], scheme: Scheme, problems: list[Problem]) -> dict:
    header = [*lay.TALLY_FIXED, *scheme.ratings, "合计"]
    if [_squash(c) for c in rows[0]] != [_squash(h) for h in header]:
        raise TallyRefused("W008", "表3的表头被改动", "表3 第1行")
    if [r[0].strip() for r in rows[1:]] != list(scheme.questions):
        raise TallyRefused("W008", "表3的测评问题行被删除、增加或调换", "表3")
    questions: dict[str, dict[str, int]] = {}
    for number, row in enumerate(rows[1:], 2):
        counts = {}
        for col, rating in enumerate(scheme.ratings, 3):
            value = _count(row[col - 1], f"表3 第{number}行 第{col}列", problems)
            if value is not None:
                counts[rating] = value
        total = _count(row[-1], f"表3 第{number}行 第{len(row)}列", problems)
        if total is not None and total != sum(counts.values()):
            message = (
                f"{row[0].strip()} 的合计 {total} 张与各等次票数之和 {sum(counts.values())} 张不符"
            )
            problems.append(Problem("W010", message, f"表3 第{number}行 第{len(row)}列"))
        if counts:  # a row left blank: the question was not counted
            questions[row[0].strip()] = {r: counts.get(r, 0) for r in scheme.ratings}
    return questions


def read_tally_sheet(path: Path, scheme: Scheme, root: Path) -> TallyImport:
    """The filled sheet's `ballots:` section and where it goes; raises TallyRefused."""
    try:
        document = open_docx(path)
    except Refused as exc:
        raise TallyRefused(exc.code, exc.message) from None
    match = _check_marker(document, scheme)
    head = _rows(document, 1)
    if [_squash(r[0]) for r in head] != [_squash(x) for x in lay.HEAD_LABELS]:
        raise TallyRefused("W008", "表2的固定行被改动", "表2")
    problems: list[Problem] = []
    where = "表2 第3行 第2列"
    count = _count(head[2][1], where, problems)
    if count is None and not problems:
        problems.append(Problem("W010", "没有填写收回的有效票数", where))
    questions = _questions(_rows(document, 2), scheme, problems)
    org, year = match["org"], int(match["year"])
    target = year_folder(root, year) / ORGANIZATIONS_DIR / f"{org}.yaml"
    found = TallyImport(org, year, {"ballots": count or 0, "questions": questions}, target)
    found.problems = problems
    found.existing = _existing(target)
    return found


def _existing(target: Path) -> dict | None:
    if not target.is_file():
        return None
    try:
        data = yaml.safe_load(target.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    ballots = data.get("ballots") if isinstance(data, dict) else None
    return ballots if isinstance(ballots, dict) else None


_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def merged_text(old: str | None, tally: TallyImport) -> str:
    """The file with its `ballots:` section replaced (or added), everything else as it was;
    when the file cannot be edited in place, the whole mapping written anew."""
    block = yamlwrite.mapping_lines({"ballots": tally.ballots})
    if old is None:
        head = [f"organization: {tally.organization}", f"year: {tally.year}"]
        return "\n".join([*head, *block]) + "\n"
    lines = old.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("ballots:")), None)
    if start is None:
        kept = [*lines, *block]
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines)
        )
        kept = [*lines[:start], *block, *lines[end:]]
    text = "\n".join(kept) + "\n"
    try:
        before, after = yaml.safe_load(old), yaml.safe_load(text)
    except yaml.YAMLError:
        before, after = None, None
    if isinstance(before, dict) and after == {**before, "ballots": tally.ballots}:
        return text
    data = before if isinstance(before, dict) else {}
    data = {"organization": tally.organization, "year": tally.year, **data}
    return "\n".join(yamlwrite.mapping_lines({**data, "ballots": tally.ballots})) + "\n"
