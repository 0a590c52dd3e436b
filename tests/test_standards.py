"""The standards folder has one owner: one list of its documents, one digest of them."""

from __future__ import annotations

import ast
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from checker.core.standards import DOCUMENTS, SCHEMA_FILES, STANDARD_FILE, StandardsFolder
from checker.dossier.cache import base_digest
from checker.dossier.engine import Engine
from checker.dossier.history.states import BranchInRepository

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
CHECKER = ROOT / "checker"
OWNER = CHECKER / "core" / "standards.py"


def test_the_folder_lists_every_file_of_the_shipped_standard() -> None:
    assert {p.name for p in SCHEMAS.iterdir() if p.is_file()} == set(DOCUMENTS)
    assert StandardsFolder(SCHEMAS).documents() == [SCHEMAS / name for name in DOCUMENTS]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_digest_changes_with_any_document(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, folder)
    before = Engine(folder, date(2026, 12, 1)).standard.digest
    assert before == StandardsFolder(folder).digest
    with (folder / name).open("a", encoding="utf-8") as stream:
        stream.write("\n")  # still valid: the standard loads, only its bytes differ
    after = Engine(folder, date(2026, 12, 1)).standard.digest
    assert after != before
    assert after == StandardsFolder(folder).digest


def test_cache_and_history_key_on_the_one_digest(tmp_path: Path) -> None:
    engine = Engine(SCHEMAS, date(2026, 12, 1))
    digest = StandardsFolder(SCHEMAS).digest
    assert engine.standard.digest == digest
    assert base_digest("v", engine.standard.digest, None) == base_digest("v", digest, None)
    repo = SimpleNamespace(prefix="", relative=lambda _path: None)
    branch = BranchInRepository(repo, tmp_path, "B", SCHEMAS, False)  # type: ignore[arg-type]
    assert branch.current_schemas() == "current:" + digest


def _literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_only_the_standards_folder_names_its_documents() -> None:
    names = set(SCHEMA_FILES.values()) | {STANDARD_FILE}
    others = {}
    for path in sorted(CHECKER.rglob("*.py")):
        if path == OWNER:
            continue
        # A name written out, or a second list built from pieces ("{kind}.schema.json").
        found = {s for s in _literals(path) if s in names or s.endswith(".schema.json")}
        if found:
            others[str(path.relative_to(ROOT))] = sorted(found)
    assert others == {}, "use checker.core.standards (SCHEMA_FILES, STANDARD_FILE, DOCUMENTS)"
