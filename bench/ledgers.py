"""Seeded generator of party-member points ledgers (党员积分台账), for the sample content
and for benchmarks.

    python bench/ledgers.py sample    # the ledgers of six sample branches in content/
    python bench/ledgers.py OUT_DIR   # a ledger for every branch-year of a bench/generate.py tree

A ledger is written for the roster of a branch-year's dossier.yaml: twelve monthly files of
declarations with the branch's review, four quarterly tallies of the public evaluation, and
the year's grading. The sample's members declare about three times a month, each habit on
one line with its count; a benchmark's are busier (``busy``): about eight declarations a
member-month, one line for each occasion, as a secretary records them over the month,
with the occasional meetings too (``OCCASIONAL``). The grading follows from the points as
`checker points` computes them (the engine is run once, then grading.yaml is written), so a
ledger is consistent unless a scenario breaks it on purpose. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import calendar
import functools
import random
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# What members declare, with the notes a secretary would accept: (standard, count range,
# how often a diligent member declares it in a month, notes).
HABITS = [
    (
        "P01",
        (1, 2),
        0.9,
        [
            "参加支部集中学习，学习党的二十届三中全会精神",
            "参加集中学习《中国共产党纪律处分条例》",
            "参加支部集中学习，交流学习体会",
        ],
    ),
    (
        "P02",
        (1, 1),
        0.85,
        [
            "参加主题党日活动",
            "参加主题党日，开展“我为群众办实事”活动",
            "参加主题党日，重温入党誓词",
        ],
    ),
    ("P04", (1, 2), 0.7, ["参加党小组会，交流学习心得", "参加党小组会，讨论本月工作"]),
    ("P07", (1, 1), 0.8, ["完成本月“学习强国”学习任务", "完成本月线上学习任务"]),
    ("P13", (1, 1), 0.95, ["按时足额交纳本月党费"]),
    ("P31", (1, 1), 0.85, ["按时完成本月岗位工作任务", "完成本月业务工作目标"]),
    ("P36", (1, 1), 0.5, ["在党员先锋岗履职", "在窗口示范岗值守"]),
    ("P37", (1, 2), 0.4, ["办结群众来电诉求", "协调解决群众反映的问题"]),
    ("P23", (1, 1), 0.35, ["到居住地社区报到，参加环境整治", "到社区参加志愿巡逻"]),
    ("P28", (1, 1), 0.3, ["参加文明城市创建志愿活动", "参加文明交通劝导"]),
]
# A busy branch's members also declare the meetings that come a few times a year.
OCCASIONAL = [
    ("P03", (1, 1), 0.35, ["参加支部党员大会", "参加党员大会，讨论发展党员"]),
    ("P05", (1, 1), 0.35, ["听支部书记讲党课", "参加上级党组织的专题党课"]),
    ("P12", (1, 1), 0.3, ["参加重温入党誓词仪式", "参加集体政治生日活动"]),
]
# (standard, notes, a word the evidence file's name should hold)
EVIDENCED = [
    ("P22", ["参加“学雷锋”志愿服务", "参加社区志愿服务"], "志愿"),
    ("P08", ["撰写学习心得体会"], "学习"),
    ("P40", ["受到单位通报表扬"], "考核"),
]
QUARTER_RATINGS = ("好", "较好", "一般", "差")


def _day(rng: random.Random, year: int, month: int) -> date:
    last = calendar.monthrange(year, month)[1]
    while True:
        day = date(year, month, rng.randint(1, last))
        if day.weekday() < 5:
            return day


def _months_of(member: dict, year: int) -> range:
    first, last = 1, 12
    for key in ("joined_on", "transferred_in_on"):
        value = member.get(key)
        if value and str(value)[:4] == str(year):
            first = max(first, int(str(value)[5:7]))
    left = member.get("left_on")
    if left and str(left)[:4] == str(year):
        last = int(str(left)[5:7])
    return range(first, last + 1)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class YearCaps:
    """What each member has declared of each standard so far this year, against its cap."""

    def __init__(self) -> None:
        self.rules = _points_standard().rules
        self.used: dict[tuple[str, str], float] = {}

    def take(self, member: str, standard: str, count: int) -> bool:
        rule = self.rules[standard]
        points = float(rule.points) * count
        used = self.used.get((member, standard), 0.0)
        if rule.year_cap is not None and used + points > float(rule.year_cap):
            return False
        self.used[(member, standard)] = used + points
        return True


@functools.cache
def _points_standard():
    from checker.core.standards import StandardsFolder
    from checker.points.standard import load_points_standard

    return load_points_standard(StandardsFolder(REPO / "schemas"))


@functools.cache
def _engine(year: int):
    """One engine a year, judged after the year: loading the standards costs more than a
    ledger."""
    from checker.points.engine import PointsEngine

    return PointsEngine(REPO / "schemas", date(year + 1, 1, 31))


def month_text(
    rng: random.Random, members: list[dict], year: int, month: int, evidence: list[str],
    *, late: bool = False, diligence: dict[str, float], caps: YearCaps, split: bool = False,
) -> str:  # fmt: skip
    lines = [
        f"# {year} 年 {month} 月党员积分申报和支部审核",
        f"month: {year}-{month:02d}",
        "declarations:",
    ]
    for member in members:
        mid = member["id"]
        if month not in _months_of(member, year):
            continue
        for standard, (low, high), often, notes in HABITS + (OCCASIONAL if split else []):
            if rng.random() < often * diligence[mid]:
                count = rng.randint(low, high)
                if not caps.take(mid, standard, count):
                    continue  # a secretary stops declaring what the year no longer counts
                if split:  # one line an occasion, each on its own day
                    lines.extend(
                        _declaration(rng, mid, standard, year, month, 1, notes)
                        for _ in range(count)
                    )
                else:
                    lines.append(_declaration(rng, mid, standard, year, month, count, notes))
        if evidence and rng.random() < 0.15 * diligence[mid]:
            standard, notes, word = rng.choice(EVIDENCED)
            cited = next((e for e in evidence if word in e), rng.choice(evidence))
            lines.append(_declaration(rng, mid, standard, year, month, 1, notes, f"[{_q(cited)}]"))
    end = date(year, month, calendar.monthrange(year, month)[1])
    reviewed = end + timedelta(days=rng.randint(25, 40) if late else rng.randint(3, 10))
    lines += [f"reviewed_on: {reviewed.isoformat()}", "reviewed_by: 支部委员会", ""]
    return "\n".join(lines)


def _declaration(rng, member, standard, year, month, count, notes, evidence="") -> str:
    day = _day(rng, year, month).isoformat()
    extra = f", evidence: {evidence}" if evidence else ""
    return (
        f"  - {{member: {member}, standard: {standard}, date: {day}, count: {count}, "
        f"note: {_q(rng.choice(notes))}{extra}, result: 通过}}"
    )


def quarter_text(rng: random.Random, members: list[dict], year: int, quarter: int) -> str:
    end_month = 3 * quarter
    last = calendar.monthrange(year, end_month)[1]
    lines = [
        f"# {year} 年第 {quarter} 季度群众评议：每名党员只记各档票数和参加评议的人数",
        f"quarter: {year}-Q{quarter}",
        f"evaluated_on: {date(year, end_month, last - rng.randint(2, 8)).isoformat()}",
        "tallies:",
    ]
    raters = len(members) + rng.randint(4, 10)  # members and the masses' representatives
    for member in members:
        if not set(range(end_month - 2, end_month + 1)) & set(_months_of(member, year)):
            continue
        good = rng.randint(raters // 3, raters)
        fair = rng.randint(0, raters - good)
        so_so = rng.randint(0, raters - good - fair) if rng.random() < 0.4 else 0
        ratings = dict(zip(QUARTER_RATINGS, (good, fair, so_so, 0), strict=True))
        shown = ", ".join(f"{k}: {v}" for k, v in ratings.items())
        lines.append(f"  - {{member: {member['id']}, raters: {raters}, ratings: {{{shown}}}}}")
    return "\n".join(lines) + "\n"


def write_ledger(
    year_dir: Path, seed: str, *, late_month: int | None = None, eager: bool = False,
    extra: dict[int, list[str]] | None = None, busy: bool = False,
) -> Path:  # fmt: skip
    """Write months and quarters for the roster of ``year_dir``; returns the points folder.
    ``busy``: the benchmark's volume (see the module's docstring)."""
    from checker.core.yamlload import load_yaml

    rng = random.Random(seed)
    year = int(year_dir.name)
    members = load_yaml(year_dir / "dossier.yaml", "dossier", 1 << 22).data["members"]
    folder = year_dir / "points"
    folder.mkdir(exist_ok=True)
    evidence = sorted(
        f"evidence/{p.name}" for p in (year_dir / "evidence").glob("*") if p.is_file()
    )
    low, high = (0.85, 1.0) if busy else (0.5, 0.7) if eager else (0.38, 0.62)
    diligence = {m["id"]: rng.uniform(low, high) for m in members}
    caps = YearCaps()
    for month in range(1, 13):
        text = month_text(
            rng, members, year, month, evidence,
            late=month == late_month, diligence=diligence, caps=caps, split=busy,
        )  # fmt: skip
        if extra and month in extra:
            head, tail = text.split("\nreviewed_on:")
            text = head + "\n" + "\n".join(extra[month]) + "\nreviewed_on:" + tail
        (folder / f"{year}-{month:02d}.yaml").write_text(text, "utf-8")
    for quarter in range(1, 5):
        (folder / f"{year}-Q{quarter}.yaml").write_text(
            quarter_text(rng, members, year, quarter), "utf-8"
        )
    return folder


def write_grading(year_dir: Path, *, keep_quota: bool = True) -> None:
    """grading.yaml as the points give it: 优秀 cut to a third (the rest 合格) unless
    ``keep_quota`` is False; probationary members not graded, with the reason."""
    from checker.dossier.layout import DossierRef
    from checker.points.layout import LedgerRef

    year = int(year_dir.name)
    engine = _engine(year)
    result = engine.check(LedgerRef(DossierRef(year_dir / "dossier.yaml")))
    standard = engine.standard
    roster = {m.member: m for m in result.members}
    from checker.core.yamlload import load_yaml

    statuses = {
        m["id"]: m.get("status")
        for m in load_yaml(year_dir / "dossier.yaml", "d", 1 << 22).data["members"]
    }
    graded = [m for m in roster.values() if m.months_in_branch and statuses[m.member] != "预备党员"]
    excellent = sorted((m for m in graded if m.grade == standard.excellent), key=lambda m: -m.total)
    allowed = int(len(graded) * standard.excellent_share_max) if keep_quota else len(excellent)
    demoted = {m.member for m in excellent[allowed:]}
    lines = [
        f"# {year} 年度党员积分定级：经支部党员大会讨论决定",
        f"year: {year}",
        f"decided_on: {year + 1}-01-16",
        "grades:",
    ]
    for member in graded:
        grade = standard.grades[1].name if member.member in demoted else member.grade
        lines.append(f"  - {{member: {member.member}, grade: {grade}}}")
    probationary = [m for m in roster.values() if statuses[m.member] == "预备党员"]
    if probationary:
        lines.append("not_graded:")
        for member in probationary:
            lines.append(
                f"  - {{member: {member.member}, category: probationary, "
                "reason: 预备期内的预备党员，参加积分，不参加年度定级}"
            )
    (year_dir / "points" / "grading.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    decided = {
        m.member: (standard.grades[1].name if m.member in demoted else m.grade) for m in graded
    }
    _align_roster(year_dir / "dossier.yaml", decided)


def _align_roster(dossier: Path, decided: dict[str, str]) -> None:
    """The roster's 民主评议等次 as the branch meeting decided it (J022 otherwise); members
    not graded keep theirs. Edits the flow-style member lines of the sample in place."""
    import re

    lines = dossier.read_text("utf-8").split("\n")
    for index, line in enumerate(lines):
        found = re.match(r"^  - \{id: (M[0-9]+),", line)
        if found and found[1] in decided and "appraisal: " in line:
            lines[index] = re.sub(r"appraisal: [^,}]+", f"appraisal: {decided[found[1]]}", line)
    dossier.write_text("\n".join(lines), "utf-8")


def _line(member: str, standard: str, day: str, count: int, note: str, tail: str) -> str:
    return (
        f"  - {{member: {member}, standard: {standard}, date: {day}, count: {count}, "
        f"note: {_q(note)}, {tail}}}"
    )


# Six sample branches across zones and levels, each showing something a supervision group
# meets in practice.
SAMPLE = {
    "379901-CZJ-01": {
        "extra": {
            3: [
                _line(
                    "M05",
                    "P09",
                    "2025-03-20",
                    1,
                    "为支部党员讲专题党课",
                    'evidence: ["evidence/党员活动室.png"], result: 调整, approved: 0, '
                    "reason: 所附照片不能证明授课，请补充课件",
                ),
                _line(
                    "M07",
                    "P32",
                    "2025-03-12",
                    2,
                    "参加两次防汛值守",
                    'evidence: ["evidence/党建工作责任清单.docx"], result: 调整, approved: 1, '
                    "reason: 经核实其中一次为正常值班",
                ),
                _line(
                    "M11",
                    "P26",
                    "2025-03-26",
                    1,
                    "参加慈善一日捐",
                    "result: 不通过, reason: 本月支部未组织捐助活动，请核实日期",
                ),
            ],
        },
    },
    "379901-RSJ-01": {
        "late_month": 5,
        "extra": {
            7: [_line("M12", "P44", "2025-07-15", 1, "无故缺席 7 月主题党日", "result: 通过")]
        },
    },
    "379901-JTJ-01": {
        "extra": {
            9: [
                _line(
                    "M08", "P49", "2025-09-30", 1, "3 月至 8 月连续六个月未交纳党费", "result: 通过"
                )
            ]
        },
    },
    "379902-RSJ-01": {
        "extra": {4: [_line("M03", "P01", "2025-04-25", 3, "参加三次集中学习", "result: 通过")]},
    },
    "379902-HBJ-01": {},
    "379921-LTZ-01": {"eager": True, "keep_quota": False},
}


def sample(content: Path) -> None:
    for code, scenario in SAMPLE.items():
        year_dir = content / "branches" / code / "2025"
        write_ledger(
            year_dir,
            f"sample/{code}",
            late_month=scenario.get("late_month"),
            eager=scenario.get("eager", False),
            extra=scenario.get("extra"),
        )
        write_grading(year_dir, keep_quota=scenario.get("keep_quota", True))
        print(f"wrote {year_dir / 'points'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="sample, or a tree written by bench/generate.py")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()
    if args.target == "sample":
        sample(REPO / "content")
        return
    print(f"wrote {write_tree(Path(args.target), args.seed)} ledgers in {args.target}")


def write_tree(tree: Path, seed: str) -> int:
    """A busy ledger for every branch-year of a bench/generate.py tree; how many."""
    dossiers = sorted(tree.glob("branches/*/*/dossier.yaml"))
    for dossier in dossiers:
        write_ledger(dossier.parent, f"{seed}/{dossier.parent.as_posix()}", busy=True)
        write_grading(dossier.parent)
    return len(dossiers)


if __name__ == "__main__":
    main()
