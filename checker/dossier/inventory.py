"""What a checked dossier holds, in a form fit to publish: its evidence and its attendance.

A result carries these beside its scores, so that the site and the reports list a branch's
evidence and meetings from the result, without reading the dossier a second time. Only
counts are kept of attendance: who was absent, and why, stays in the dossier.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.core.private import PrivateField, private_values
from checker.dossier.bundle import Bundle, cited_paths
from checker.dossier.facts import Context
from checker.dossier.results import Attendance, BranchFacts, EvidenceRef


def evidence_list(bundle: Bundle) -> list[EvidenceRef]:
    """The evidence a dossier cites, each once, in the order first cited."""
    data = bundle.data
    listed: dict[str, tuple[str, int, list[str]]] = {}
    for path, parts in cited_paths(data):
        label = _citation(data, parts)
        entry = listed.get(path)
        if entry is None:
            line = bundle.cited_at.get(path) or bundle.dossier.locate(parts)[0]
            kind = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            listed[path] = (kind, line, [label])
        elif label not in entry[2]:
            entry[2].append(label)
    return [
        EvidenceRef(path, kind, tuple(labels), line)
        for path, (kind, line, labels) in listed.items()
    ]


def attendance_counts(bundle: Bundle) -> list[Attendance]:
    """Per meeting type: how many were held, and attendance summed where it was recorded."""
    rows: dict[str, list[int]] = {}
    for activity in bundle.data.get("activities") or []:
        row = rows.setdefault(str(activity.get("type", "")), [0, 0, 0])
        row[0] += 1
        if "expected" in activity and "present" in activity:
            row[1] += int(activity["expected"])
            row[2] += int(activity["present"])
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [Attendance(kind, *numbers) for kind, numbers in ordered]


def private_texts(bundle: Bundle, fields: Iterable[PrivateField]) -> list[str]:
    """The free-text values of the private fields of the dossier, the branch and the review."""
    fields = list(fields)
    found = set(private_values(fields, "dossier", bundle.data))
    for kind, loaded in (("branch", bundle.branch), ("review", bundle.review)):
        if loaded is not None and loaded.data is not None:
            found.update(private_values(fields, kind, loaded.data))
    return sorted(found)


def _citation(data: dict, parts: list) -> str:
    """What cites an evidence file, in words: "A3.2", "3月26日党课记录"."""
    if parts[0] == "items":
        return str(parts[1])
    if parts[0] == "committee":
        return "支委会换届批复"
    activity = (data.get("activities") or [])[parts[1]]
    day = str(activity.get("date", ""))
    when = f"{int(day[5:7])}月{int(day[8:10])}日" if len(day) == 10 and day[4] == "-" else day
    what = "记录" if parts[2] == "minutes" else "材料"
    return f"{when}{activity.get('type', '')}{what}"


def branch_facts(bundle: Bundle, record_types: Iterable[str]) -> BranchFacts:
    """The counts the Word report states, from the engine's own facts."""
    data, loaded = bundle.data, bundle.dossier
    ctx = Context(data, data["year"], bundle.reference, bundle.evidence_ok, loaded.locate, "")
    committee = data.get("committee") if isinstance(data.get("committee"), dict) else {}
    return BranchFacts(
        members=int(ctx.fact("members")),
        full_members=int(ctx.fact("full_members")),
        committee=int(ctx.fact("committee_size")),
        party_groups=int(ctx.fact("party_groups")),
        elected_on=str(committee.get("elected_on") or ""),
        records={t: len(ctx.records(t)) for t in record_types if ctx.records(t)},
    )
