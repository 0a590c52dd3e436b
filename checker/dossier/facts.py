"""Facts extracted from a dossier once, then judged by rules.

A fact is a number about the branch (members, full members, the share of members with
enough training hours…). The standard names facts; this module knows how to compute them.
Each fact also says, in Chinese, what it is and which members or records fall short, so that
a rule can explain every point lost, and where in the dossier its data lives, so that a
finding about it points there. What a fact is lives here, once; rules and their texts ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

COMMITTEE_ROLES = frozenset({"书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员"})
GRADED = frozenset({"优秀", "合格", "基本合格", "不合格"})


class Context:
    """What rules need to know about one dossier, computed once and shared by all rules."""

    def __init__(
        self,
        data: dict,
        year: int,
        reference: date,
        evidence_ok: Callable[[str, tuple[str, ...] | None], bool],
        locate: Callable[[list], tuple[int, int]],
        file: str,
        settings: dict[str, Any] | None = None,
        decided_grades: dict[str, str] | None = None,
    ) -> None:
        self.data = data
        # The points ledger's yearly grading, where the branch keeps one: it decides the
        # share of 优秀 instead of the roster's appraisals.
        self.decided_grades = decided_grades
        self.settings = settings or {}
        self.year = year
        self.reference = reference  # the day the dossier is judged at: year end or today
        self.evidence_ok = evidence_ok
        self.locate = locate
        self.file = file
        self.members: list[dict] = data.get("members") or []
        self.by_type: dict[str, list[tuple[int, dict, date]]] = {}
        for index, activity in enumerate(data.get("activities") or []):
            day = _date(activity.get("date"))
            if day is None or day.year != year or day > reference:
                continue  # out-of-year and future records are reported elsewhere, not counted
            self.by_type.setdefault(activity.get("type", ""), []).append((index, activity, day))
        self._cache: dict[tuple, float] = {}

    def records(self, record_type: str) -> list[tuple[int, dict, date]]:
        return self.by_type.get(record_type, [])

    def fact(self, name: str, args: dict[str, Any] | None = None) -> float:
        args = args or {}
        key = (name, tuple(sorted((k, str(v)) for k, v in args.items())))
        if key not in self._cache:
            self._cache[key] = float(FACTS[name].compute(self, args))
        return self._cache[key]

    def detail(self, name: str, args: dict[str, Any] | None = None) -> str:
        explain = FACTS[name].explain
        return explain(self, args or {}) if explain else ""

    def item_entry(self, item_id: str) -> dict:
        return (self.data.get("items") or {}).get(item_id) or {}


def _date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Fact:
    label: str  # what the fact is, in Chinese
    unit: str
    compute: Callable[[Context, dict], float]
    explain: Callable[[Context, dict], str] | None = None  # which members or records fall short
    ratio: bool = False  # shown as a percentage
    where: tuple[str, ...] = ("members",)  # the part of dossier.yaml the fact is computed from
    # A yes/no fact (1 when met) says what it requires in full, and what it is when not met,
    # instead of "label is value, wanted at least bound".
    requirement: Callable[[dict], str] | None = None
    failed: str = ""
    # An unfilled section is a true absence (no violations to report), not missing data: the
    # fact counts as 0 and the item says it was not filled in (P014).
    absent_means_none: bool = False
    # A share of nobody is no data: how many the share is taken of, and who they are.
    population: Callable[[Context, dict], int] | None = None
    population_label: str = ""


# The parts of dossier.yaml facts are computed from, as a secretary calls them.
SECTION_NAMES = {
    "members": "党员名册",
    "activities": "活动记录",
    "party_groups": "党小组个数",
    "funds": "党建工作经费",
    "discipline": "违纪违规情况",
}


def empty_section(ctx: Context, fact: str) -> str | None:
    """The first part of the dossier ``fact`` is computed from that holds nothing, if any."""
    for section in FACTS[fact].where:
        value = ctx.data.get(section)
        if value is None or value == [] or value == {}:
            return section
    return None


def _listing(label: str, listed: str) -> str:
    """`label：a、b`, or nothing when nothing is listed (no dangling colon)."""
    return f"{label}：{listed}" if listed else ""


def _full(ctx: Context) -> list[dict]:
    return [m for m in ctx.members if m.get("status") == "正式党员"]


def _committee(ctx: Context) -> list[dict]:
    return [m for m in ctx.members if m.get("role") in COMMITTEE_ROLES]


def _share(selected: list[dict], population: list[dict]) -> float:
    return len(selected) / len(population) if population else 0.0


def _ids(members: list[dict], limit: int = 10) -> str:
    ids = [str(m.get("id")) for m in members]
    shown = "、".join(ids[:limit])
    return shown + (f" 等 {len(ids)} 人" if len(ids) > limit else "")


def _short_of_hours(population: Callable[[Context], list[dict]]) -> Callable:
    def short(ctx: Context, args: dict) -> list[dict]:
        hours = float(args.get("hours", 0))
        return [m for m in population(ctx) if float(m.get("training_hours") or 0) < hours]

    return short


_members_short = _short_of_hours(lambda ctx: ctx.members)
_committee_short = _short_of_hours(_committee)


def _months_due(ctx: Context, member: dict, months: int) -> int:
    """Months of dues owed to this branch this year: from joining or transferring in (if
    this year) to the judging day, or to the month of leaving; the months before a
    transfer and after leaving are paid to the other branch."""
    last = ctx.reference.month if ctx.reference.year == ctx.year else 12
    left = _date(member.get("left_on"))
    if left is not None and left.year <= ctx.year:
        last = min(last, left.month if left.year == ctx.year else 0)
    first = 1
    for key in ("joined_on", "transferred_in_on"):
        day = _date(member.get(key))
        if day is not None and day.year == ctx.year:
            first = max(first, day.month)
    return max(0, min(months, last - first + 1))


def _dues_short(ctx: Context, args: dict) -> list[dict]:
    months = int(args.get("months", 12))
    return [m for m in ctx.members if int(m.get("dues_months") or 0) < _months_due(ctx, m, months)]


def _talked(ctx: Context, args: dict) -> set[str]:
    seen: set[str] = set()
    for _, record, _day in ctx.records(str(args.get("type", "谈心谈话"))):
        seen.update(str(p) for p in record.get("participants") or [])
    return seen


def _not_talked(ctx: Context, args: dict) -> list[dict]:
    talked = _talked(ctx, args)
    return [m for m in ctx.members if str(m.get("id")) not in talked]


def _minutes_missing(ctx: Context, args: dict) -> list[tuple[dict, date]]:
    missing = []
    for record_type in args.get("types", []):
        for _, record, day in ctx.records(record_type):
            minutes = record.get("minutes")
            if not minutes or not ctx.evidence_ok(minutes, None):
                missing.append((record, day))
    return sorted(missing, key=lambda pair: pair[1])


def _minutes_share(ctx: Context, args: dict) -> float:
    total = sum(len(ctx.records(t)) for t in args.get("types", []))
    if not total:
        return 0.0
    return (total - len(_minutes_missing(ctx, args))) / total


def _committee_required(ctx: Context, args: dict) -> float:
    return float(len(_full(ctx)) >= int(args.get("committee_from", 7)))


def _committee_fits(ctx: Context, args: dict) -> float:
    size = len(_committee(ctx))
    if _committee_required(ctx, args):
        return float(int(args.get("committee_min", 3)) <= size <= int(args.get("committee_max", 7)))
    # Without a committee a branch has a secretary and at most a deputy.
    has_secretary = any(m.get("role") == "书记" for m in ctx.members)
    return float(has_secretary and size <= int(args.get("secretary_only_max", 2)))


def _committee_fits_detail(ctx: Context, args: dict) -> str:
    return f"正式党员 {len(_full(ctx))} 人，支部委员 {len(_committee(ctx))} 人"


def _committee_fits_requirement(args: dict) -> str:
    return (
        f"正式党员 {args.get('committee_from', 7)} 人以上的设支部委员会"
        f"（{args.get('committee_min', 3)} 至 {args.get('committee_max', 7)} 人），"
        "不足的设书记。"
    )


def _secretary_lectures(ctx: Context, args: dict) -> float:
    secretaries = {str(m.get("id")) for m in ctx.members if m.get("role") == "书记"}
    return sum(1 for _, r, _d in ctx.records("党课") if str(r.get("lecturer")) in secretaries)


def _graded(ctx: Context) -> list[dict]:
    if ctx.decided_grades is not None:
        return [{"appraisal": grade} for grade in ctx.decided_grades.values()]
    return [m for m in ctx.members if m.get("appraisal") in GRADED]


def _excellent_share(ctx: Context, args: dict) -> float:
    graded = _graded(ctx)
    return _share([m for m in graded if m.get("appraisal") == "优秀"], graded)


def _graded_by(ctx: Context, args: dict) -> str:
    if ctx.decided_grades is not None:
        return "按党员积分的年度定级（points/grading.yaml）计算"
    return "按党员名册中的民主评议等次计算"


def _dates(pairs: list[tuple[dict, date]], limit: int = 8) -> str:
    shown = "、".join(f"{d.month}月{d.day}日{r.get('type', '')}" for r, d in pairs[:limit])
    return shown + (f" 等 {len(pairs)} 次" if len(pairs) > limit else "")


FACTS: dict[str, Fact] = {
    "members": Fact("党员人数", "人", lambda ctx, a: len(ctx.members)),
    "full_members": Fact("正式党员人数", "人", lambda ctx, a: len(_full(ctx))),
    "committee_size": Fact("支部委员人数", "人", lambda ctx, a: len(_committee(ctx))),
    "party_groups": Fact(
        "党小组个数",
        "个",
        lambda ctx, a: ctx.data.get("party_groups") or 0,
        where=("party_groups",),
    ),
    "committee_required": Fact("须设支部委员会", "", _committee_required, _committee_fits_detail),
    "committee_fits": Fact(
        "支部委员会设置符合规定",
        "",
        _committee_fits,
        _committee_fits_detail,
        requirement=_committee_fits_requirement,
        failed="支部委员会设置不符合规定",
    ),
    "members_training_share": Fact(
        "学时达标的党员比例",
        "",
        lambda ctx, a: 1 - _share(_members_short(ctx, a), ctx.members) if ctx.members else 0.0,
        lambda ctx, a: _listing(f"学时不足 {a.get('hours')} 的党员", _ids(_members_short(ctx, a))),
        ratio=True,
    ),
    "committee_training_share": Fact(
        "学时达标的支部委员比例",
        "",
        lambda ctx, a: (
            1 - _share(_committee_short(ctx, a), _committee(ctx)) if _committee(ctx) else 0.0
        ),
        lambda ctx, a: _listing(
            f"学时不足 {a.get('hours')} 的支部委员", _ids(_committee_short(ctx, a))
        ),
        ratio=True,
    ),
    "dues_full_share": Fact(
        "按月足额交纳党费的党员比例",
        "",
        lambda ctx, a: 1 - _share(_dues_short(ctx, a), ctx.members) if ctx.members else 0.0,
        lambda ctx, a: _listing("未交满的党员", _ids(_dues_short(ctx, a))),
        ratio=True,
    ),
    "talk_coverage": Fact(
        "谈心谈话覆盖的党员比例",
        "",
        lambda ctx, a: 1 - _share(_not_talked(ctx, a), ctx.members) if ctx.members else 0.0,
        lambda ctx, a: _listing("未谈话的党员", _ids(_not_talked(ctx, a))),
        ratio=True,
        where=("activities",),
    ),
    "excellent_share": Fact(
        "评为优秀的党员比例",
        "",
        _excellent_share,
        _graded_by,
        ratio=True,
        population=lambda ctx, a: len(_graded(ctx)),
        population_label="党员的民主评议等次",
    ),
    "minutes_share": Fact(
        "有会议记录的会议比例",
        "",
        _minutes_share,
        lambda ctx, a: _listing("缺少会议记录", _dates(_minutes_missing(ctx, a))),
        ratio=True,
        where=("activities",),
    ),
    "secretary_lectures": Fact(
        "支部书记讲党课次数", "次", _secretary_lectures, where=("activities",)
    ),
    "discipline_violations": Fact(
        "违反中央八项规定精神问题数",
        "个",
        lambda ctx, a: (ctx.data.get("discipline") or {}).get("violations") or 0,
        where=("discipline",),
        absent_means_none=True,
    ),
    "funds_budget": Fact(
        "党建工作经费预算",
        "元",
        lambda ctx, a: (ctx.data.get("funds") or {}).get("budget_yuan") or 0,
        where=("funds",),
    ),
    "records": Fact(
        "记录次数",
        "次",
        lambda ctx, a: len(ctx.records(str(a.get("type", "")))),
        where=("activities",),
    ),
}


def format_value(fact: str, value: float) -> str:
    spec = FACTS[fact]
    if spec.ratio:
        return f"{value * 100:.0f}%"
    if value == int(value):
        return f"{int(value)}{spec.unit}"
    return f"{value:g}{spec.unit}"


def fact_label(fact: str) -> str:
    """The fact's Chinese name; an unknown name as written (the standard's schema names them)."""
    spec = FACTS.get(fact)
    return spec.label if spec else fact


def show_value(fact: str, value: object) -> str:
    """A bound from the standard as the fact shows its values (`90%`, `3人`)."""
    if fact in FACTS and isinstance(value, int | float):
        return format_value(fact, float(value))
    return plain(value)


def plain(value: object) -> str:
    """A number as people write it: `2`, not `2.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def args_text(args: dict) -> str:
    """What a fact's arguments add to its name: `（每人不少于 32 学时）`."""
    if "hours" in args:
        return f"（每人不少于 {args['hours']} 学时）"
    if "months" in args:
        return f"（{args['months']} 个月）"
    if "types" in args:
        return "(" + "、".join(args["types"]) + ")"
    return ""
