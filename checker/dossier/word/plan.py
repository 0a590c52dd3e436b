"""What importing a read form means for the files: the texts to write (YAML with its
comments), which of them differ from the files there now, the changes in words, and each
finding's place in the form.

Used through form_import.py, the one import workflow of `checker import` and the inbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.core import yamlwrite
from checker.core.findings import Finding
from checker.core.modeline import modeline
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR, display
from checker.core.standards import SCHEMA_FILES
from checker.core.yamlload import Loaded, parse_yaml
from checker.dossier.layout import DOSSIER_FILE
from checker.dossier.word import changes
from checker.dossier.word.importer import ImportResult
from checker.dossier.word.layout import FormLayout
from checker.dossier.word.structure import FormRefused


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def yaml_data(text: str | None) -> dict:
    if text is None:
        return {}
    loaded = parse_yaml(text, "")
    return loaded.data if isinstance(loaded.data, dict) else {}


@dataclass(slots=True)
class ImportPlan:
    """The files a form turns into: key ("branch", "dossier" or a narrative's file name)
    -> (path in the content tree, text); their texts now (None when missing)."""

    targets: dict[str, tuple[Path, str]]
    old: dict[str, str | None]

    @property
    def year_dir(self) -> Path:
        return self.targets["dossier"][0].parent

    def same(self, key: str) -> bool:
        """Whether the file ``key`` already holds what the form says."""
        before, after = self.old[key], self.targets[key][1]
        if before is None:
            return False
        if key == "branch":  # the data, not the formatting of a hand-made file
            return bool(yaml_data(before)) and yaml_data(before) == yaml_data(after)
        if key == "dossier":
            old_data = yaml_data(before)
            return bool(old_data) and changes.canonical(old_data) == changes.canonical(
                yaml_data(after)
            )
        return before.strip() == after.strip()

    @property
    def pending(self) -> list[str]:
        """The files to write: those that differ from the form."""
        return [key for key in self.targets if not self.same(key)]

    @property
    def conflicts(self) -> list[str]:
        """Files that exist and would change."""
        return [key for key in self.pending if self.old[key] is not None]

    def describe(self, layout: FormLayout, narratives: dict[str, str]) -> list[str]:
        """The changes in words (`修改 党员 M05 …`)."""
        old_narratives = {k: v for k, v in self.old.items() if k.endswith(".md") and v is not None}
        return changes.describe(
            layout,
            (yaml_data(self.old["dossier"]), yaml_data(self.old["branch"]), old_narratives),
            (
                yaml_data(self.targets["dossier"][1]),
                yaml_data(self.targets["branch"][1]),
                narratives,
            ),
        )


def plan_import(
    result: ImportResult,
    schemas: dict,
    layout: FormLayout,
    content_dir: Path,
    shown_name: str,
    file_name: str,
) -> ImportPlan:
    """The files of ``result`` under ``content_dir``. ``shown_name`` names the form in
    branch.yaml's header, ``file_name`` in dossier.yaml's. Raises FormRefused (W015) when a
    file would be over the size limit that validation applies to it."""
    branch_dir = content_dir / BRANCHES_DIR / result.code
    year_dir = branch_dir / str(result.year)
    branch_file, dossier_file = branch_dir / BRANCH_FILE, year_dir / DOSSIER_FILE
    targets = {
        "branch": (
            branch_file,
            branch_text(
                result,
                schemas["branch"],
                shown_name,
                modeline(branch_file, SCHEMA_FILES["branch"], content_dir),
            ),
        ),
        "dossier": (
            dossier_file,
            dossier_text(
                result,
                schemas["dossier"],
                layout,
                file_name,
                modeline(dossier_file, SCHEMA_FILES["dossier"], content_dir),
            ),
        ),
    }
    for narrative, text in result.narratives.items():
        targets[narrative] = (year_dir / narrative, text)
    _check_sizes(targets, layout)
    old = {key: _read(path) for key, (path, _text) in targets.items()}
    return ImportPlan(targets, old)


def _check_sizes(targets: dict[str, tuple[Path, str]], layout: FormLayout) -> None:
    """Refuse (W015) a form whose files validation would reject for their size (F002):
    better nothing written than a file that cannot be read back."""
    settings = layout.standard.settings
    for key, (path, text) in targets.items():
        limit = int(settings["max_markdown_bytes" if key.endswith(".md") else "max_yaml_bytes"])
        size = len(text.encode("utf-8"))
        if size > limit:
            raise FormRefused(
                "W015",
                f"表格的内容写成 {display(path)} 后有 {size / 1024:.0f} KB，"
                f"超过上限 {limit / 1024:.0f} KB",
            )


@dataclass(frozen=True, slots=True)
class PlacedFinding:
    """A finding of an import with its place in the form (`表5 第4行 第1列`, may be empty).

    ``of_form`` findings are about a cell of the form (its text could not be read);
    ``written_at`` is then where the text was written as typed (`file:line:col`)."""

    finding: Finding
    form_place: str
    of_form: bool
    written_at: str = ""


def place_findings(
    result: ImportResult,
    engine_findings: list[Finding],
    targets: dict[str, tuple[Path, str]],
) -> list[PlacedFinding]:
    """The form's findings and the engine's, each with its place in the form; an engine
    finding about a value that the form's own finding already reports is left out."""
    by_file = {display(path): key for key, (path, _text) in targets.items()}
    parsed: dict[str, Loaded] = {}

    def written_at(target: tuple[str, str] | None) -> str:
        if target is None or target[0] not in targets:
            return ""
        doc, ptr = target
        if doc not in parsed:
            parsed[doc] = parse_yaml(targets[doc][1], display(targets[doc][0]))
        parts = [int(p) if p.isdigit() else p for p in ptr.split("/")[1:]]
        line, column = parsed[doc].locate(parts)
        return f"{display(targets[doc][0])}:{line}:{column}"

    reported: set[tuple[str, str]] = set()
    placed: list[PlacedFinding] = []
    for item in result.findings:
        placed.append(PlacedFinding(item.finding, item.where, True, written_at(item.target)))
        if item.target:
            reported.add(item.target)
    for finding in engine_findings:
        doc = by_file.get(finding.file, "")
        if doc and any(
            doc == t_doc and (finding.path == t_ptr or finding.path.startswith(t_ptr + "/"))
            for t_doc, t_ptr in reported
        ):
            continue  # the form's own finding already says it, at the cell
        where = result.where(doc, finding.path) if doc and finding.path else ""
        if doc.endswith(".md"):
            where = result.locations.get((doc, ""), "")
        placed.append(PlacedFinding(finding, where, False))
    return placed


# A file name goes into a YAML comment: a CR, NEL or line separator there would end the
# comment and turn the rest of the name into YAML, and any control character makes the
# file one that validation refuses (F006).
_NOT_IN_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(name: str) -> str:
    return _NOT_IN_COMMENT.sub("\ufffd", name)


def branch_text(result: ImportResult, schema: dict, docx_name: str, first_line: str = "") -> str:
    """branch.yaml's text; ``first_line`` is its schema line for editors, if any."""
    data = yamlwrite.ordered(result.branch, schema)
    header = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# 由 checker import 从 {_shown(docx_name)} 导入。",
    ]
    return yamlwrite.document([(None, data)], header)


def dossier_text(
    result: ImportResult, schema: dict, layout: FormLayout, docx_name: str, first_line: str = ""
) -> str:
    data = yamlwrite.ordered(result.dossier, schema)
    standard = layout.standard
    private = [c.label for c in layout.by_kind("roster")[0][1].columns if c.private]
    header = [
        *([first_line.rstrip("\n")] if first_line else []),
        f"# {result.year} 年度党支部标准化建设台账，"
        f"由 checker import 从 {_shown(docx_name)} 导入。",
    ]
    sections: list[tuple[str | None, dict]] = [
        (None, {k: data[k] for k in ("standard", "branch", "year")}),
        (f"党员名册（{'、'.join(private)}不公开）", {"members": data["members"]}),
    ]
    fixed = ("standard", "branch", "year", "members", "activities", "items")
    facts = {k: v for k, v in data.items() if k not in fixed}
    if facts:
        sections.append(("支部基本情况", facts))
    sections.append(("活动记录：每次一条，按日期排列", {"activities": data["activities"]}))
    text = yamlwrite.document(sections, header)
    lines = ["", "# 逐条自评：self_score 自评分，note 自评说明，evidence 佐证材料。", "items:"]
    for item_id, entry in data["items"].items():
        item = standard.items.get(item_id)
        if item is not None:
            points = format(item.points.normalize(), "f")
            lines.append(f"  # {item.id} {item.title}（{points} 分）")
        lines.extend(yamlwrite.mapping_lines({item_id: entry}, indent=2))
    return text + "\n".join(lines) + "\n"
