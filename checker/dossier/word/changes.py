"""What an import would change in files that exist: in words, by member, record and item."""

from __future__ import annotations

import json
from typing import Any

from checker.dossier.word.layout import FormLayout

MAX_LINES = 60
# What a change says when two files hold the same facts written differently.
SAME_BUT_WRITTEN_DIFFERENTLY = "（内容相同，只是写法不同）"


def canonical(dossier: dict) -> dict:
    """A dossier with what the form does not distinguish evened out: the order of the
    activities (an import writes them by date) and empty item entries (an import lists
    every item). Two dossiers equal in this form hold the same facts."""
    data = json.loads(json.dumps(dossier, ensure_ascii=False, sort_keys=True))
    if isinstance(data.get("items"), dict):
        data["items"] = {k: v for k, v in data["items"].items() if v}
    if isinstance(data.get("activities"), list):
        data["activities"] = sorted(
            data["activities"], key=lambda a: json.dumps(a, ensure_ascii=False, sort_keys=True)
        )
    return data


def _show(value: Any) -> str:
    if isinstance(value, list):
        text = "、".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


def _labels(layout: FormLayout) -> dict[str, dict[str, str]]:
    """Chinese labels of the keys of each kind of entity, from the layout."""
    labels: dict[str, dict[str, str]] = {"members": {}, "activities": {}, "items": {}, "": {}}
    for _, spec in layout.by_kind("roster"):
        labels["members"].update({c.path[0]: c.label for c in spec.columns})
    for _, spec in layout.by_kind("activities"):
        labels["activities"].update({c.path[0]: c.label for c in spec.columns})
    for kind in ("cover", "facts", "item"):
        for _, spec in layout.by_kind(kind):
            for row in spec.rows:
                if row.field is None:
                    continue
                f = row.field
                if kind == "item":
                    labels["items"][f.path[-1]] = f.label
                else:
                    labels[""]["/".join(f.path)] = row.label
    return labels


def _entities(doc: dict, branch: dict) -> dict[str, dict[str, Any]]:
    """name of the entity -> {key: value}; entities are the branch profile, the year's facts,
    each member, each record and each item."""
    out: dict[str, dict[str, Any]] = {}
    out["支部基本信息"] = _flat(branch)
    out["年度基本情况"] = _flat(
        {k: v for k, v in doc.items() if k not in ("members", "activities", "items")}
    )
    for member in doc.get("members") or []:
        if isinstance(member, dict):
            out[f"党员 {member.get('id', '?')}"] = member
    seen: dict[str, int] = {}
    for record in doc.get("activities") or []:
        if not isinstance(record, dict):
            continue
        name = f"活动记录 {record.get('date', '?')} {record.get('type', '')}"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}（第{seen[name]}条）"
        out[name] = record
    for item_id, entry in (doc.get("items") or {}).items():
        if isinstance(entry, dict) and entry:
            out[f"条目 {item_id}"] = entry
    return out


def _flat(data: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            flat.update(_flat(value, path))
        else:
            flat[path] = value
    return flat


def describe(
    layout: FormLayout,
    old: tuple[dict, dict, dict[str, str]],
    new: tuple[dict, dict, dict[str, str]],
) -> list[str]:
    """Lines such as `修改 党员 M05 学习培训学时:40 → 42`; empty when nothing changes.

    ``old`` and ``new`` are (dossier, branch, narratives).
    """
    labels = _labels(layout)
    before, after = _entities(old[0], old[1]), _entities(new[0], new[1])
    lines: list[str] = []
    for name in after:
        if name not in before:
            lines.append(f"新增 {name}")
    for name in before:
        if name not in after:
            lines.append(f"删除 {name}")
    for name, fields in after.items():
        if name not in before:
            continue
        kind = name.split(" ")[0]
        table = {"党员": "members", "活动记录": "activities", "条目": "items"}.get(kind, "")
        previous = before[name]
        for key in [*previous, *(k for k in fields if k not in previous)]:
            a, b = previous.get(key), fields.get(key)
            if a == b:
                continue
            label = labels[table].get(key, key)
            if a is None:
                lines.append(f"修改 {name} {label}：（空） → {_show(b)}")
            elif b is None:
                lines.append(f"修改 {name} {label}：{_show(a)} → （空）")
            else:
                lines.append(f"修改 {name} {label}：{_show(a)} → {_show(b)}")
    for file in sorted(set(old[2]) | set(new[2])):
        a, b = old[2].get(file), new[2].get(file)
        if a == b or b is None:
            continue  # a narrative left empty in the form does not delete the file
        lines.append(f"{'修改' if a else '新增'} {file}")
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES
        lines = [*lines[:MAX_LINES], f"……另有 {rest} 处改动"]
    return lines
