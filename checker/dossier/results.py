"""The result of checking and scoring one dossier: the one object every output reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from checker.core.findings import Finding
from checker.core.jsonout import dumps_bytes, dumps_compact, loads, nested
from checker.dossier.layout import NARRATIVE_FILES


@dataclass(slots=True)
class ScorePart:
    """One rule's share of an item: what it measures, the points it carries and what it
    earned, exactly; the item's score is their sum to a tenth, so its points explain
    themselves. Outputs show them to the hundredth."""

    rule: str
    points: Decimal
    earned: Decimal

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "points": float(_hundredth(self.points)),
            "earned": float(_hundredth(self.earned)),
        }


@dataclass(slots=True)
class ItemResult:
    id: str
    title: str
    aspect: str
    score: Decimal
    max: Decimal
    source: str  # auto | self | review
    findings: list[Finding] = field(default_factory=list)
    na: bool = False
    note: str = ""  # the stated N/A reason, or the review's reason
    parts: list[ScorePart] = field(default_factory=list)
    # The explanation as published, for an item read back from its dict: its parts are
    # kept to the hundredth there, and their sum would no longer be the exact one.
    explained: str = field(default="", repr=False, compare=False)

    def explanation(self) -> str:
        """How the item's points add up, in one Chinese sentence."""
        if self.explained:
            return self.explained
        score, top = _shown(self.score), _shown(self.max)
        if self.na:
            return f"不适用，按满分 {top} 分计。"
        if self.source == "review":
            return f"督导组核定 {score} 分（满分 {top} 分），不再按自评和自动计分。"
        if not self.parts:
            return ""
        if len(self.parts) == 1:
            return f"{self.parts[0].rule}：{top} 分中得 {score} 分。"
        shares = "；".join(
            f"{p.rule} {_shown(_hundredth(p.points))} 分中得 {_shown(_hundredth(p.earned))} 分"
            for p in self.parts
        )
        total = _hundredth(sum((p.earned for p in self.parts), Decimal(0)))
        if total == self.score:
            return f"{shares}；合计 {score} 分。"
        return f"{shares}；合计 {_shown(total)} 分，按一位小数计 {score} 分。"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "aspect": self.aspect,
            "score": float(self.score),
            "max": float(self.max),
            "source": self.source,
            "na": self.na,
            "note": self.note,
            "parts": [p.to_dict() for p in self.parts],
            "explanation": self.explanation(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class AspectResult:
    id: str
    name: str
    score: Decimal
    max: Decimal

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "score": float(self.score),
            "max": float(self.max),
        }


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    path: str  # as cited, relative to the year folder
    kind: str  # the extension, lower case
    cited_by: tuple[str, ...]  # what cites it, in words: "A3.2", "3月26日党课记录"
    line: int  # the first citation's line in dossier.yaml

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "kind": self.kind,
            "cited_by": list(self.cited_by),
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Attendance:
    type: str
    count: int
    expected: int  # sums over the meetings of this type that record attendance
    present: int

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "count": self.count,
            "expected": self.expected,
            "present": self.present,
        }


@dataclass(frozen=True, slots=True)
class BranchFacts:
    """Counts about the branch that the Word report states: taken when the dossier is
    checked, so that no output reads the dossier again."""

    members: int = 0
    full_members: int = 0
    committee: int = 0
    party_groups: int = 0
    elected_on: str = ""  # the committee's election day as written, or ""
    records: dict[str, int] = field(default_factory=dict)  # record type -> count, if any

    def to_dict(self) -> dict:
        return {
            "members": self.members,
            "full_members": self.full_members,
            "committee": self.committee,
            "party_groups": self.party_groups,
            "elected_on": self.elected_on,
            "records": dict(self.records),
        }


@dataclass(slots=True)
class DossierResult:
    branch: str
    year: int | None
    file: str
    standard: dict[str, str]
    scored: bool
    name: str = ""
    placement: dict[str, str] = field(default_factory=dict)
    total: Decimal = Decimal(0)
    max: Decimal = Decimal(0)
    grade: str = ""
    compliant: bool = False
    vetoed: bool = False
    veto_reason: str = ""
    aspects: list[AspectResult] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    # Three things outputs read that the JSON of `checker score` does not carry (it is a
    # published format, the same bytes release after release): they travel only in
    # to_payload(), for the cache and worker processes.
    # The values of the private fields of the dossier and its branch, so that whatever
    # publishes free text can check that none of them slipped in.
    private: list[str] = field(default_factory=list, repr=False, compare=False)
    # The counts the Word report states (None when the dossier could not be scored).
    facts: BranchFacts | None = field(default=None, repr=False, compare=False)
    # The narratives as loading read them (summary.md, highlights.md -> text), for the site.
    narratives: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # The dict this result was rebuilt from (cache, worker process): to_dict gives it back
    # as it is instead of building it again.
    source: dict | None = field(default=None, repr=False, compare=False)
    # to_dict() as encoded in the list of `checker score --format json` (jsonout.nested), when
    # this result was read from the cache: a JSON output copies it out as it is.
    encoded: bytes | None = field(default=None, repr=False, compare=False)
    # The result cache's key of the files this result was made from (empty without a cache):
    # equal keys, equal results.
    key: str = field(default="", repr=False, compare=False)
    # Read from the cache: what the site's overview pages read of the lists (each item's
    # score and codes, the narratives' findings), kept apart so that they need not decode
    # the rest (see to_cache_entry).
    brief_source: dict | None = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> object:
        """A list that a result rebuilt from a dict has not decoded yet (see
        :func:`result_from_dict`): decoded from ``source`` when first read, then kept."""
        if name == "source":  # read from the cache: the published dict is its encoding
            value = loads(object.__getattribute__(self, "encoded"))
            object.__setattr__(self, name, value)
            return value
        decode = _LAZY.get(name)
        if decode is None:
            raise AttributeError(name)
        value = decode(self.source[name])
        object.__setattr__(self, name, value)
        return value

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    def to_dict(self) -> dict:
        if self.source is not None:
            return self.source
        return {
            "branch": self.branch,
            "name": self.name,
            "year": self.year,
            "file": self.file,
            **self.placement,
            "standard": self.standard,
            "scored": self.scored,
            "total": float(self.total),
            "max": float(self.max),
            "grade": self.grade,
            "compliant": self.compliant,
            "vetoed": self.vetoed,
            "veto_reason": self.veto_reason,
            "aspects": [a.to_dict() for a in self.aspects],
            "items": [i.to_dict() for i in self.items],
            "findings": [f.to_dict() for f in self.findings],
            "evidence": [e.to_dict() for e in self.evidence],
            "attendance": [a.to_dict() for a in self.attendance],
        }

    def detach(self) -> DossierResult:
        """Decode every list and forget the dict and bytes this result was rebuilt from, so
        that to_dict() and the JSON output show edits made to its fields afterwards."""
        for name in _LAZY:
            getattr(self, name)
        self.source = None
        self.encoded = None
        return self

    def encoded_for_list(self) -> bytes:
        """to_dict() as an item of the `{"results": [...]}` list (indented for its place)."""
        if self.encoded is not None:
            return self.encoded
        return nested(dumps_bytes(self.to_dict()))

    def fingerprint(self) -> str:
        """A digest of everything this result holds (the published dict, private values,
        facts, narratives): what is made from it alone can be kept by this digest. The
        cache's key where there is one: it names the inputs, so it names the result."""
        if self.key:
            return "key:" + self.key
        digest = hashlib.blake2b(self.encoded_for_list(), digest_size=20)
        rest = {
            PRIVATE_KEY: self.private,
            FACTS_KEY: None if self.facts is None else self.facts.to_dict(),
            NARRATIVES_KEY: self.narratives,
        }
        digest.update(dumps_compact(rest))
        return digest.hexdigest()

    def to_cache_entry(self) -> tuple[dict, bytes]:
        """The cache's form: the headline and what only outputs read (as in to_payload) as a
        dict, and the published dict encoded as a JSON output lists it, as the body."""
        payload = self.to_payload()
        head = {k: v for k, v in payload.items() if k not in _LAZY}
        head[BRIEF_KEY] = {
            "items": [
                [i["id"], i["score"], i["max"], i["source"], [f["code"] for f in i["findings"]],
                 i["na"]]
                for i in payload["items"]
            ],
            "narrative_findings": [
                f for f in payload["findings"] if f["file"].endswith(_NARRATIVE_ENDINGS)
            ],
        }  # fmt: skip
        return head, self.encoded_for_list()

    def narrative_findings(self) -> list[Finding]:
        """The findings in the narrative files (summary.md, highlights.md), in order; from
        the cache without decoding the others."""
        if self.brief_source is not None:
            return [Finding.from_dict(f) for f in self.brief_source["narrative_findings"]]
        return [f for f in self.findings if f.file.endswith(_NARRATIVE_ENDINGS)]

    def headline(self) -> dict:
        """The score without the details: a side of a CI comparison."""
        return {
            "scored": self.scored,
            "total": float(self.total),
            "max": float(self.max),
            "grade": self.grade,
            "vetoed": self.vetoed,
        }

    def to_payload(self) -> dict:
        """to_dict() with what only the outputs read (private values, facts, narratives):
        for the cache and worker processes, never for publishing."""
        payload = self.to_dict()
        if self.private:
            payload = {**payload, PRIVATE_KEY: self.private}
        if self.facts is not None:
            payload = {**payload, FACTS_KEY: self.facts.to_dict()}
        if self.narratives:
            payload = {**payload, NARRATIVES_KEY: dict(self.narratives)}
        if self.key:
            payload = {**payload, KEY_KEY: self.key}
        return payload


PRIVATE_KEY = "private"
FACTS_KEY = "branch_facts"
NARRATIVES_KEY = "narratives"
KEY_KEY = "cache_key"
BRIEF_KEY = "site_brief"
_NARRATIVE_ENDINGS = tuple(f"/{name}" for name in NARRATIVE_FILES)


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


def item_from_dict(data: dict) -> ItemResult:
    return ItemResult(
        id=data["id"],
        title=data["title"],
        aspect=data["aspect"],
        score=_dec(data["score"]),
        max=_dec(data["max"]),
        source=data["source"],
        findings=[Finding.from_dict(f) for f in data["findings"]],
        na=data["na"],
        note=data["note"],
        parts=[
            ScorePart(p["rule"], _dec(p["points"]), _dec(p["earned"]))
            for p in data.get("parts", ())
        ],
        explained=data.get("explanation", ""),
    )


PLACEMENT_KEYS = (
    "organization",
    "organization_name",
    "zone",
    "zone_name",
    "level",
    "level_name",
)


def result_from_dict(data: dict) -> DossierResult:
    """The inverse of DossierResult.to_payload, for the cache and for worker processes.

    The headline (branch, year, placement, total, grade…) is decoded at once; the lists
    (aspects, items, findings, evidence, attendance) when an output first reads them, since
    most re-runs only copy the result out as the JSON it came from. Their shape is checked
    here, so an entry of another shape is still refused before it is used."""
    data = dict(data)
    for name in _LAZY:
        if not isinstance(data[name], list):
            raise TypeError(f"{name} is not a list")
    return _rebuilt(data, {"source": data})


def result_from_entry(head: dict, body: bytes) -> DossierResult:
    """The inverse of DossierResult.to_cache_entry: the published dict is decoded from the
    body only when an output other than the JSON list reads it."""
    if not body.startswith(b"{"):
        raise ValueError("not an encoded result")
    return _rebuilt(dict(head), {"encoded": body})


def _rebuilt(data: dict, rest: dict) -> DossierResult:
    private: list[str] = data.pop(PRIVATE_KEY, [])
    facts = data.pop(FACTS_KEY, None)
    narratives: dict[str, str] = data.pop(NARRATIVES_KEY, {})
    key: str = data.pop(KEY_KEY, "")
    brief_source = data.pop(BRIEF_KEY, None)
    result = object.__new__(DossierResult)
    fields = {
        "branch": data["branch"],
        "year": data["year"],
        "file": data["file"],
        "standard": data["standard"],
        "scored": data["scored"],
        "name": data["name"],
        "placement": {k: data[k] for k in PLACEMENT_KEYS if k in data},
        "total": _dec(data["total"]),
        "max": _dec(data["max"]),
        "grade": data["grade"],
        "compliant": data["compliant"],
        "vetoed": data["vetoed"],
        "veto_reason": data["veto_reason"],
        "private": private,
        "facts": None if facts is None else BranchFacts(**facts),
        "narratives": narratives,
        "encoded": None,
        "key": key,
        "brief_source": brief_source if isinstance(brief_source, dict) else None,
        **rest,
    }
    for name, value in fields.items():
        object.__setattr__(result, name, value)
    return result


_LAZY = {
    "aspects": lambda raw: [
        AspectResult(a["id"], a["name"], _dec(a["score"]), _dec(a["max"])) for a in raw
    ],
    "items": lambda raw: [item_from_dict(i) for i in raw],
    "findings": lambda raw: [Finding.from_dict(f) for f in raw],
    "evidence": lambda raw: [
        EvidenceRef(e["path"], e["kind"], tuple(e["cited_by"]), e["line"]) for e in raw
    ],
    "attendance": lambda raw: [Attendance(**a) for a in raw],
}


def _hundredth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _shown(value: Decimal) -> str:
    """3.0 → 3, 2.50 → 2.5: points as people write them."""
    return format(value.normalize(), "f")
