"""A standards folder: the one owner of what it holds and of who reads it.

A standards folder (``schemas/`` in a repository, or one shipped with the tool) holds the
standard as YAML and the JSON Schemas of every content file. Everything that reads such a
folder goes through :class:`StandardsFolder`: the list of its documents is written once
(:data:`DOCUMENTS`), the schemas are read and compiled once, the private fields are found
in them once, and the folder has one digest, the one that the result cache, history and ci
key on. Which folder is in force for a content root is decided in
:mod:`checker.core.standard_choice`.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, cached_property
from pathlib import Path

from checker.core.paths import display
from checker.core.private import PrivateField, private_fields
from checker.core.schema import SchemaSet
from checker.core.yamlload import Loaded, load_yaml

FOLDER_NAME = "schemas"  # a repository's own standards folder, beside or inside its content
STANDARD_FILE = "standard.yaml"
POINTS_FILE = "points.yaml"  # the party-member points standard (checker.points)
ASSESSMENT_FILE = "assessment.yaml"  # the yearly assessment scheme (checker.assessment)
STANDARD_MAX_BYTES = 4 << 20
# The JSON Schema of each kind of document, by kind: the folder's table of contents. A new
# kind of content adds its schemas here, and the digest, the site and `init` follow.
SCHEMA_FILES: dict[str, str] = {
    "standard": "standard.schema.json",
    "dossier": "dossier.schema.json",
    "branch": "branch.schema.json",
    "review": "review.schema.json",
    "organization": "organization.schema.json",
    "points": "points.schema.json",
    "points_month": "points-month.schema.json",
    "points_quarter": "points-quarter.schema.json",
    "points_grading": "points-grading.schema.json",
    "assessment": "assessment.schema.json",
    "assessment_organization": "assessment-organization.schema.json",
    "assessment_ratings": "assessment-ratings.schema.json",
}
# Kinds a folder may lack: a repository's own copy of the standard, made before the points
# ledger existed, still scores dossiers (and `checker points` says what is missing).
OPTIONAL_KINDS: frozenset[str] = frozenset(
    {
        "points", "points_month", "points_quarter", "points_grading",
        "assessment", "assessment_organization", "assessment_ratings",
    }
)  # fmt: skip
DOCUMENTS: tuple[str, ...] = (
    STANDARD_FILE, POINTS_FILE, ASSESSMENT_FILE, *SCHEMA_FILES.values()
)  # fmt: skip


class StandardsFolder:
    """One standards folder. Cheap to make; what it reads is read on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"StandardsFolder({str(self.path)!r})"

    @property
    def standard_path(self) -> Path:
        return self.path / STANDARD_FILE

    def schema_path(self, kind: str) -> Path:
        return self.path / SCHEMA_FILES[kind]

    def documents(self) -> list[Path]:
        """The folder's documents that exist, in the order of :data:`DOCUMENTS`."""
        return [self.path / name for name in DOCUMENTS if (self.path / name).is_file()]

    def schema_documents(self) -> list[Path]:
        """The folder's JSON Schemas that exist, in the order of :data:`SCHEMA_FILES`."""
        return [p for p in map(self.schema_path, SCHEMA_FILES) if p.is_file()]

    def read_standard(self) -> Loaded:
        """standard.yaml, parsed with its line marks (findings when it cannot be read)."""
        return load_yaml(self.standard_path, display(self.standard_path), STANDARD_MAX_BYTES)

    def read_document(self, name: str) -> Loaded:
        """One of the folder's YAML documents (e.g. points.yaml), parsed with line marks."""
        path = self.path / name
        return load_yaml(path, display(path), STANDARD_MAX_BYTES)

    @property
    def raw_schemas(self) -> dict[str, dict]:
        """Each kind's JSON Schema as parsed JSON (OSError or ValueError when one is broken)."""
        return self.schemas.raw

    @property
    def schemas(self) -> SchemaSet:
        """The schemas compiled, once per folder in a process (compiling is the slow part)."""
        return _compiled(self.path)

    @cached_property
    def private_fields(self) -> list[PrivateField]:
        """Every field marked ``x-private: true`` in the folder's schemas."""
        return private_fields(self.raw_schemas)

    @cached_property
    def digest(self) -> str:
        """The content of every document, by name: equal digests score alike."""
        digest = hashlib.sha256()
        for name in DOCUMENTS:
            digest.update(name.encode() + b"\0")
            try:
                digest.update(hashlib.sha256((self.path / name).read_bytes()).digest())
            except OSError:
                digest.update(b"<missing>")
        return digest.hexdigest()


def _read_schemas(folder: Path) -> dict[str, dict]:
    return {
        kind: json.loads((folder / name).read_text(encoding="utf-8"))
        for kind, name in SCHEMA_FILES.items()
        if kind not in OPTIONAL_KINDS or (folder / name).is_file()
    }


@cache
def _compiled(folder: Path) -> SchemaSet:
    return SchemaSet(folder, _read_schemas(folder))
