"""The year's assessment inputs under the content root, read with the safe loader and
checked against their schemas; every finding placed at its file and line.

assessment/<year>/
  organizations/<id>.yaml   one per party organization: 述职, target scores, ballots, claims
  peers.yaml                the organizations' peer ratings (rater: an organization id)
  committee.yaml            the committee members' ratings (rater: a code, never a name)
  evidence/                 the files bonus claims cite
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.core.findings import Finding, pointer
from checker.core.paths import display
from checker.core.schema import SchemaSet
from checker.core.yamlload import Loaded, load_yaml

ASSESSMENT_DIR = "assessment"
ORGANIZATIONS_DIR = "organizations"
RATING_FILES = {"peers": "peers.yaml", "committee": "committee.yaml"}
EVIDENCE_DIR = "evidence"


@dataclass(slots=True)
class Document:
    """One input file: its data where its shape is sound, and how to place a finding."""

    file: str
    data: dict[str, Any]
    loaded: Loaded
    sound: Any  # SchemaCheck.sound

    def finding(self, code: str, message: str, *parts: Any) -> Finding:
        line, column = self.loaded.locate(list(parts))
        return Finding(code, message, self.file, line, column, pointer(list(parts)))


@dataclass(slots=True)
class Inputs:
    year_dir: Path
    organizations: dict[str, Document] = field(default_factory=dict)
    ratings: dict[str, Document] = field(default_factory=dict)  # peers | committee
    findings: list[Finding] = field(default_factory=list)


def year_folder(root: Path, year: int) -> Path:
    return root / ASSESSMENT_DIR / str(year)


def load_inputs(root: Path, year: int, schemas: SchemaSet, max_bytes: int) -> Inputs:
    folder = year_folder(root, year)
    inputs = Inputs(folder)
    if folder.is_symlink() or not folder.is_dir():
        return inputs
    orgs = folder / ORGANIZATIONS_DIR
    for path in _files(orgs, inputs):
        document = _read(path, "assessment_organization", schemas, max_bytes, inputs)
        if document is None:
            continue
        if not _placed(document, "organization", path.stem, year, inputs):
            continue
        inputs.organizations[path.stem] = document
    for kind, name in RATING_FILES.items():
        path = folder / name
        if path.is_symlink():
            inputs.findings.append(_link(path))
        elif path.is_file():
            document = _read(path, "assessment_ratings", schemas, max_bytes, inputs)
            if document is not None and _placed(document, None, None, year, inputs):
                inputs.ratings[kind] = document
    for path in sorted(folder.iterdir()):
        known = {ORGANIZATIONS_DIR, EVIDENCE_DIR, *RATING_FILES.values()}
        if path.name not in known and not path.name.startswith("."):
            message = (
                f"考核目录中的“{path.name}”不是考核的输入：组织的输入放在 {ORGANIZATIONS_DIR}/ 中，"
                f"互评为 peers.yaml，量化测评为 committee.yaml，佐证材料放在 {EVIDENCE_DIR}/ 中"
            )
            inputs.findings.append(Finding("K013", message, display(path), 0, 0))
    return inputs


def _files(folder: Path, inputs: Inputs) -> list[Path]:
    if folder.is_symlink():
        inputs.findings.append(_link(folder))
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            inputs.findings.append(_link(path))
        elif path.is_file() and path.suffix == ".yaml":
            found.append(path)
        else:
            message = f"“{path.name}”不是党组织的考核输入：文件名应为 党组织编号.yaml"
            inputs.findings.append(Finding("K013", message, display(path), 0, 0))
    return found


def _link(path: Path) -> Finding:
    message = f"“{path.name}”是链接，不读取：考核的输入要直接放在考核目录中"
    return Finding("K013", message, display(path), 0, 0)


def _read(
    path: Path, kind: str, schemas: SchemaSet, max_bytes: int, inputs: Inputs
) -> Document | None:
    file = display(path)
    loaded = load_yaml(path, file, max_bytes)
    inputs.findings.extend(loaded.findings)
    if not isinstance(loaded.data, dict):
        return None
    check = schemas.check(kind, loaded)
    inputs.findings.extend(check.findings)
    return Document(file, loaded.data, loaded, check.sound)


def _placed(
    document: Document, key: str | None, expected: str | None, year: int, inputs: Inputs
) -> bool:
    """Whether the file says what its place says: its year, and its organization."""
    data = document.data
    if document.sound("year") and data.get("year") != year:
        message = f"year 写的是“{data.get('year')}”，与所在的年度目录（{year}）不一致"
        inputs.findings.append(document.finding("K012", message, "year"))
        return False
    if key is not None and document.sound(key) and data.get(key) != expected:
        message = f"{key} 写的是“{data.get(key)}”，与文件名（{expected}）不一致"
        inputs.findings.append(document.finding("K012", message, key))
        return False
    return True
