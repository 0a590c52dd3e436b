"""Score a checked bundle: rules per item, review overrides, N/A, aspect sums, grade, veto."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from checker.core.findings import Finding, pointer
from checker.dossier.bundle import Bundle
from checker.dossier.facts import Context
from checker.dossier.results import AspectResult, DossierResult, ItemResult, ScorePart
from checker.dossier.rules import KINDS
from checker.dossier.standard import Item, Standard
from checker.points.layout import decided_grades

TENTH = Decimal("0.1")


def score_bundle(bundle: Bundle, standard: Standard, result: DossierResult) -> None:
    """Fill ``result`` with item, aspect and total scores for a scoreable bundle."""
    data = bundle.data
    loaded = bundle.dossier
    ctx = Context(
        data,
        data["year"],
        bundle.reference,
        bundle.evidence_ok,
        loaded.locate,
        loaded.file,
        standard.settings,
        decided_grades(bundle.ref.year_dir, int(standard.settings["max_yaml_bytes"])),
    )
    review = bundle.review.data if bundle.review and bundle.review.data else {}
    reviewed = review.get("items") or {}
    vetoes: list[str] = []
    for aspect in standard.aspects:
        aspect_score = Decimal(0)
        for item in aspect.items:
            item_result, veto = _scored(item, ctx, standard)
            if veto:  # a review may change points, never lift a veto: that needs its own act
                vetoes.append(veto)
            if item.id in reviewed:
                item_result = _reviewed(item, reviewed[item.id], bundle)
            result.items.append(item_result)
            aspect_score += item_result.score
        result.aspects.append(AspectResult(aspect.id, aspect.name, aspect_score, aspect.points))
    if review.get("veto"):
        vetoes.append(f"督导组核定：{review['veto']['reason']}")
    result.total = sum((a.score for a in result.aspects), Decimal(0))
    result.max = standard.total
    result.vetoed = bool(vetoes)
    result.veto_reason = ";".join(vetoes)
    result.grade = standard.grade_for(result.total, result.vetoed)
    result.compliant = standard.is_compliant(result.grade)


def _round(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    """3.0 → 3, 2.50 → 2.5: numbers in messages as people write them."""
    return format(value.normalize(), "f")


def _reviewed(item: Item, entry: dict, bundle: Bundle) -> ItemResult:
    score = min(_round(Decimal(str(entry["score"]))), item.points)
    result = ItemResult(
        item.id, item.title, item.aspect, score, item.points, "review", note=entry["reason"]
    )
    result.parts.append(ScorePart("督导组核定", item.points, score))
    if score < item.points:
        review = bundle.review
        parts = ["items", item.id, "score"]
        line, column = review.locate(parts)
        result.findings.append(
            Finding(
                "P011",
                f"督导组核定 {_plain(score)} 分（满分 {_plain(item.points)}）：{entry['reason']}",
                review.file,
                line,
                column,
                pointer(parts),
            )
        )
    return result


def _scored(item: Item, ctx: Context, standard: Standard) -> tuple[ItemResult, str | None]:
    entry = ctx.item_entry(item.id)
    na_reason = entry.get("na_reason")
    result = ItemResult(item.id, item.title, item.aspect, Decimal(0), item.points, "auto")
    na = item.not_applicable
    if na is not None and ctx.fact(na.fact, na.args) == na.equals:
        if na_reason:
            result.score, result.na, result.note = item.points, True, na_reason
            result.parts.append(ScorePart("不适用", item.points, item.points))
            return result, None
        result.findings.append(_finding(ctx, "P009", f"{na.description}，但未填写不适用理由", item))
    elif na_reason:
        why = na.description if na else "该条目不允许不适用"
        result.findings.append(
            _finding(ctx, "P008", f"填写了不适用理由，但不符合不适用情形（{why}）", item)
        )
    weights = sum((rule.weight for rule in item.rules), Decimal(0))
    veto = None
    for rule in item.rules:
        outcome = KINDS[rule.kind].evaluate(rule, item, ctx)
        share = item.points * rule.weight / weights
        label = KINDS.label(rule.kind, rule.params, standard)
        result.parts.append(ScorePart(label, share, share * outcome.fraction))
        result.findings.extend(outcome.findings)
        if outcome.source == "self":
            result.source = "self"
        veto = veto or outcome.veto
    result.score = _round(sum((p.earned for p in result.parts), Decimal(0)))
    return result, veto


def _finding(ctx: Context, code: str, message: str, item: Item) -> Finding:
    parts = ["items", item.id] if ctx.item_entry(item.id) else ["items"]
    line, column = ctx.locate(parts)
    return Finding(code, message, ctx.file, line, column, pointer(parts))
