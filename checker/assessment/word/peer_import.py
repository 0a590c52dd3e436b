"""`checker import` of a filled 互评 summary sheet: its scores read into
`assessment/<year>/peers.yaml`, the rows of the organizations it covers.

The sheet is found by the marker on its cover and checked against organization.yaml as it
is now (the same raters and rated organizations, in the same order); a sheet of another
scheme or zone layout, or whose tables were changed, is refused whole, and so is one with
a score that cannot be read or lies outside the scheme's range (half a matrix would be
averaged as the whole). The sheet decides its own columns: for each rater, the scores it
gave the zone's organizations are replaced by the sheet's, its scores for other zones are
kept, and nothing is written over different scores without --force."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from checker.assessment.inputs import RATING_FILES, year_folder
from checker.assessment.scheme import Scheme
from checker.assessment.word import peer_layout as lay
from checker.assessment.word.peer_layout import PeerSheet
from checker.assessment.word.sheet import Problem, scheme_marker
from checker.assessment.word.sheet import SheetRefused as PeerRefused
from checker.core import atomic, lock, yamlwrite
from checker.core.organization import Organization
from checker.core.word import normalize as n
from checker.core.word.cells import row_texts
from checker.core.word.marker import carries_marker
from checker.core.word.safezip import Refused, open_docx

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["PeerImport", "PeerRefused", "Problem", "is_peer_sheet", "read_peer_sheet"]

COVER_PARAGRAPHS = 120  # the marker's line follows the slip
Scores = dict[str, dict[str, int | float]]  # rater -> rated organization -> score


@dataclass(slots=True)
class PeerImport:
    year: int
    sheet: PeerSheet
    scores: Scores  # what the sheet holds, per rater, for the sheet's columns only
    target: Path
    existing: list[dict[str, Any]] = field(default_factory=list)  # peers.yaml's raters
    problems: list[Problem] = field(default_factory=list)

    def _before(self) -> Scores:
        columns = set(self.sheet.ratees)
        before: Scores = {}
        for entry in self.existing:
            mine = {k: v for k, v in entry["scores"].items() if k in columns}
            if mine:
                before.setdefault(entry["rater"], {}).update(mine)
        return before

    @property
    def same(self) -> bool:
        return self._before() == self.scores

    @property
    def conflict(self) -> bool:
        return bool(self._before()) and not self.same

    def changes(self) -> list[str]:
        before, lines = self._before(), []
        for rater in self.sheet.raters:
            old, new = before.get(rater, {}), self.scores.get(rater, {})
            for ratee in self.sheet.ratees:
                if old.get(ratee) != new.get(ratee):
                    lines.append(
                        f"{rater} 给 {ratee}：{_show(old.get(ratee))} → {_show(new.get(ratee))}"
                    )
        return lines

    def merged(self) -> list[dict[str, Any]]:
        """peers.yaml's raters with the sheet's columns replaced; raters in the order of
        the file, new ones after them in the order of organization.yaml."""
        columns = set(self.sheet.ratees)
        order = {org: i for i, org in enumerate(self.sheet.raters)}
        result, seen = [], set()
        for entry in self.existing:
            rater = entry["rater"]
            kept = {k: v for k, v in entry["scores"].items() if k not in columns}
            if rater not in seen:
                kept.update(self.scores.get(rater, {}))
                seen.add(rater)
            result.append({"rater": rater, "scores": _ordered(kept, order)})
        for rater in self.sheet.raters:
            if rater not in seen and self.scores.get(rater):
                result.append({"rater": rater, "scores": _ordered(self.scores[rater], order)})
        return [entry for entry in result if entry["scores"]]

    def write(self, content_dir: Path) -> None:
        with lock.content_lock(content_dir, lock.DEFAULT_WAIT):
            self.target.parent.mkdir(parents=True, exist_ok=True)
            old = self.target.read_text("utf-8") if self.target.is_file() else None
            atomic.write_text(self.target, peers_text(old, self.year, self.merged()))


def _show(value: int | float | None) -> str:
    return "（空）" if value is None else str(value)


def _ordered(scores: dict, order: dict[str, int]) -> dict:
    return dict(sorted(scores.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def is_peer_sheet(path: Path) -> bool:
    """Whether ``path`` is a 互评 summary sheet (by its marker); False for anything unreadable."""
    return carries_marker(path, lay.MARKER, COVER_PARAGRAPHS)


def _sheet(document: Document, scheme: Scheme, organization: Organization) -> tuple:
    match = scheme_marker(document, lay.MARKER, COVER_PARAGRAPHS, scheme, "互评汇总表", "peer-form")
    zone = None if match["zone"] == lay.ALL_ZONES else match["zone"]
    try:
        sheet = lay.peer_sheet(organization, zone)
    except KeyError:
        raise PeerRefused("W007", f"责任区 {zone} 已不在 organization.yaml 中") from None
    if match["form"] != lay.FORM_VERSION or match["layout"] != lay.digest(scheme, sheet):
        raise PeerRefused(
            "W007", "汇总表生成后，organization.yaml 中的党组织或考核方案的分数范围有改动；"
            "请用 `checker peer-form` 重新生成汇总表，把分数誊入新表",
        )  # fmt: skip
    return sheet, int(match["year"])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", n.halfwidth(text))


def _tables(document: Document, sheet: PeerSheet) -> list[list[list[str]]]:
    blocks = sheet.blocks()
    if len(document.tables) != 1 + len(blocks):
        raise PeerRefused(
            "W008", f"应有 {1 + len(blocks)} 张表格（互评表和 {len(blocks)} 张汇总表），"
            f"现有 {len(document.tables)} 张",
        )  # fmt: skip
    found = []
    for index in range(1, len(document.tables)):
        try:
            found.append([row_texts(row) for row in document.tables[index].rows])
        except ValueError:
            where = f"表{index + 1}"
            raise PeerRefused("W008", f"{where}的单元格被合并或拆分", where) from None
    return found


def _score(text: str, where: str, scheme: Scheme, problems: list[Problem]) -> int | float | None:
    if n.is_blank(text):
        return None
    try:
        value = n.parse_number(re.sub(r"\s*分\s*$", "", text.strip()) or text)
    except n.Unreadable as exc:
        problems.append(Problem(exc.code, exc.message, where))
        return None
    if not scheme.rating_min <= Decimal(str(value)) <= scheme.rating_max:
        low, high = scheme.rating_min.normalize(), scheme.rating_max.normalize()
        problems.append(
            Problem("W011", f"分数“{text.strip()}”不在 {low:f} 到 {high:f} 之间", where)
        )
        return None
    return value


def _read_block(
    rows: list[list[str]], table: int, block: tuple[str, ...], sheet: PeerSheet,
    scheme: Scheme, scores: Scores, problems: list[Problem],
) -> None:  # fmt: skip
    expected = [lay.RATER_HEADER, *(lay.header_text(sheet, ratee) for ratee in block)]
    if [_squash(c) for c in rows[0]] != [_squash(h) for h in expected]:
        raise PeerRefused("W008", f"表{table}的表头被改动", f"表{table} 第1行")
    codes = [(n.halfwidth(row[0]).split() or [""])[0] for row in rows[1:]]
    if len(rows) - 1 != len(sheet.raters) or codes != list(sheet.raters):
        raise PeerRefused("W008", f"表{table}的评分党组织行被删除、增加或调换", f"表{table}")
    for number, (rater, row) in enumerate(zip(sheet.raters, rows[1:], strict=True), 2):
        for col, ratee in enumerate(block, 2):
            where = f"表{table} 第{number}行 第{col}列"
            text = row[col - 1]
            if rater == ratee:
                if n.compact(text) not in ("", lay.SELF_CELL, "-", "/", "——"):
                    problems.append(Problem(
                        "W011", f"{rater} 不给本组织打分，“—”格应留空（现为“{text.strip()}”）",
                        where,
                    ))  # fmt: skip
                continue
            value = _score(text, where, scheme, problems)
            if value is not None:
                scores.setdefault(rater, {})[ratee] = value


def read_peer_sheet(
    path: Path, scheme: Scheme, organization: Organization, root: Path
) -> PeerImport:
    """The filled sheet's scores and where they go; raises PeerRefused."""
    try:
        document = open_docx(path)
    except Refused as exc:
        raise PeerRefused(exc.code, exc.message) from None
    sheet, year = _sheet(document, scheme, organization)
    problems: list[Problem] = []
    scores: Scores = {}
    matrices = zip(_tables(document, sheet), sheet.blocks(), strict=True)
    for index, (rows, block) in enumerate(matrices, 2):
        _read_block(rows, index, block, sheet, scheme, scores, problems)
    if not scores and not problems:
        problems.append(Problem("W010", "汇总表中没有填写任何分数", "表2"))
    order = {org: i for i, org in enumerate(sheet.ratees)}
    scores = {rater: _ordered(scores[rater], order) for rater in sheet.raters if rater in scores}
    target = year_folder(root, year) / RATING_FILES["peers"]
    found = PeerImport(year, sheet, scores, target, _existing(target), problems)
    return found


def _existing(target: Path) -> list[dict[str, Any]]:
    """peers.yaml's raters as they are; [] when there is no readable file (import then
    writes a new one, and `checker assess` reports what was wrong with the old)."""
    if not target.is_file():
        return []
    try:
        data = yaml.safe_load(target.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    raters = data.get("raters") if isinstance(data, dict) else None
    if not isinstance(raters, list):
        return []
    return [
        {"rater": str(e["rater"]), "scores": dict(e["scores"])}
        for e in raters
        if isinstance(e, dict) and isinstance(e.get("scores"), dict) and "rater" in e
    ]


def _flow(entry: dict[str, Any]) -> str:
    scores = ", ".join(f"{yamlwrite.scalar(k, flow=True)}: {yamlwrite.scalar(v, flow=True)}"
                       for k, v in entry["scores"].items())  # fmt: skip
    return f"  - {{rater: {yamlwrite.scalar(entry['rater'], flow=True)}, scores: {{{scores}}}}}"


def peers_text(old: str | None, year: int, raters: list[dict[str, Any]]) -> str:
    """peers.yaml with one line per rater, as the sample writes it; the comments at the
    top of the old file kept."""
    head = []
    for line in (old or "").splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    if not head:
        head = [f"# {year} 年度党组织定量互评（由互评汇总表导入）"]
    return "\n".join([*head, f"year: {year}", "raters:", *map(_flow, raters)]) + "\n"
