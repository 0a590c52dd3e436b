"""The pipeline for one dossier (load → check → score) and the runner for many.

The runner yields results in the order of the dossiers, whether it works in one process or
spreads the work over several, so every output is the same bytes for the same input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from checker import __version__
from checker.core.cache import ResultCache
from checker.core.findings import Finding
from checker.core.organization import Organization, load_organization
from checker.core.paths import ORGANIZATION_FILE, display
from checker.core.periods import default_today
from checker.core.pii import findings_for, scan
from checker.core.pii_fields import field_findings
from checker.core.runner import engine_workers, run_in_order, run_known_first
from checker.dossier.bundle import load_bundle
from checker.dossier.cache import base_digest, cache_key, signature
from checker.dossier.inventory import (
    attendance_counts,
    branch_facts,
    evidence_list,
    private_texts,
)
from checker.dossier.layout import DossierRef
from checker.dossier.results import DossierResult, result_from_dict, result_from_entry
from checker.dossier.scoring import score_bundle
from checker.dossier.standard import Standard, load_standard

# Bumped whenever the shape of a cached result changes, so old cache entries are not read.
# 6: the published dict as the body of the entry, encoded as `score --format json` lists it
RESULT_FORMAT = "result-6"  # 5: each item's score parts; 4: branch facts and narratives


class Engine:
    """Everything needed to check dossiers against one standard, loaded once."""

    def __init__(
        self, schemas_dir: Path, today: date | None = None, cache_dir: Path | None = None
    ) -> None:
        self.schemas_dir = schemas_dir
        self.standard: Standard = load_standard(schemas_dir)
        self.schemas = self.standard.source.schemas
        self.private_fields = self.standard.source.private_fields
        self.today = default_today(today)
        self.cache = ResultCache(cache_dir) if cache_dir else None
        self._organizations: dict[Path, Organization | None] = {}
        self._base_digests: dict[str, str] = {}  # by the folder above the branch folders

    def organization(self, root: Path | None) -> Organization | None:
        if root is None or not (root / ORGANIZATION_FILE).is_file():
            return None
        if root not in self._organizations:
            self._organizations[root] = load_organization(
                root, self.schemas, int(self.standard.settings["max_yaml_bytes"])
            )
        return self._organizations[root]

    def check(self, ref: DossierRef) -> DossierResult:
        if self.cache is None:
            return self._checked(ref)
        base = self._base(ref)
        # The stat first, the bytes after: a file changed in between misses next time.
        signed = signature(ref, base, self.today)
        key, cached = self.cache.lookup(
            signed, lambda: cache_key(ref, base, self.today), result_from_entry
        )
        if cached is not None:
            cached.key = key
            return cached
        try:
            result = self._check(ref)
        except Exception as exc:  # one dossier's defect must not stop the others
            return self._failed(ref, exc)
        head, body = result.to_cache_entry()
        self.cache.store(key, head, signed, body)
        result.key = key
        return result

    def signed_key(self, ref: DossierRef) -> str | None:
        """The cache key of an unchanged dossier, found by the stat of its files alone (no
        file read); None without a cache or when anything looks different."""
        if self.cache is None:
            return None
        return self.cache.signed(signature(ref, self._base(ref), self.today))

    def cached(self, ref: DossierRef, key: str) -> DossierResult:
        """The result under ``key`` (from ``signed_key``), or the dossier checked again when
        the entry has gone or is damaged."""
        found = self.cache.load_entry(key, result_from_entry) if self.cache else None
        if found is None:
            return self.check(ref)
        found.key = key
        return found

    def _base(self, ref: DossierRef) -> str:
        """What the keys of all the dossiers of one content root share."""
        # One content root for all the dossiers of a branches/ folder: found once. The root
        # is that folder's parent (or none): the path without its last three parts decides it.
        above = os.fspath(ref.dossier).rsplit(os.sep, 3)
        branches = above[0] if len(above) == 4 else os.fspath(ref.dossier)
        if branches not in self._base_digests:
            root = ref.root
            self._base_digests[branches] = base_digest(
                f"{__version__}/{RESULT_FORMAT}", self.standard.digest, root
            )
        return self._base_digests[branches]

    def _checked(self, ref: DossierRef) -> DossierResult:
        try:
            return self._check(ref)
        except Exception as exc:  # one dossier's defect must not stop the others
            return self._failed(ref, exc)

    def _check(self, ref: DossierRef) -> DossierResult:
        organization = self.organization(ref.root)
        bundle = load_bundle(ref, self.standard, self.schemas, organization, self.today)
        data = bundle.dossier.data if isinstance(bundle.dossier.data, dict) else {}
        branch = bundle.branch.data if bundle.branch and bundle.branch.data else {}
        year = data.get("year") if isinstance(data.get("year"), int) else _year_of(ref)
        result = DossierResult(
            branch=str(data.get("branch") or ref.branch_dir.name),
            year=year,
            file=display(ref.dossier),
            standard={"id": self.standard.id, "version": self.standard.version},
            scored=bundle.scoreable,
            name=str(branch.get("name", "")),
            findings=bundle.findings,
        )
        if organization is None:
            result.findings.append(
                Finding("R009", "找不到内容根目录下的 organization.yaml", result.file, 0, 0)
            )
        elif branch.get("organization"):
            result.placement = organization.placement(str(branch["organization"]))
        if bundle.scoreable:
            score_bundle(bundle, self.standard, result)
            result.evidence = evidence_list(bundle)
            result.attendance = attendance_counts(bundle)
            result.private = private_texts(bundle, self.private_fields)
            result.facts = branch_facts(bundle, self.standard.record_types)
        result.narratives = dict(bundle.narratives)
        # Narratives are published as they are: personal data in them is caught at commit
        # time, not only when the site is built.
        for name, text in bundle.narratives.items():
            hits = scan(text, result.private)
            if hits:
                file = display(ref.year_dir / name)
                result.findings.extend(findings_for(text, hits, file, f"{name} "))
        # So is every string of the YAML files that is not a private field: names, units,
        # reasons, evidence file names. ID and mobile numbers in organization.yaml are
        # reported once with its other findings; a roster's names only this dossier knows.
        for kind, loaded in (
            ("dossier", bundle.dossier),
            ("branch", bundle.branch),
            ("review", bundle.review),
        ):
            if loaded is not None:
                result.findings.extend(
                    field_findings(loaded, kind, self.private_fields, result.private)
                )
        if organization is not None and organization.loaded is not None and result.private:
            result.findings.extend(
                field_findings(
                    organization.loaded,
                    "organization",
                    self.private_fields,
                    result.private,
                    codes=("I003",),
                )
            )
        return result

    def _failed(self, ref: DossierRef, exc: Exception) -> DossierResult:
        file = display(ref.dossier)
        finding = Finding("F010", f"检查时出现内部错误（{type(exc).__name__}）", file, 0, 0)
        return DossierResult(
            branch=ref.branch_dir.name,
            year=_year_of(ref),
            file=file,
            standard={"id": self.standard.id, "version": self.standard.version},
            scored=False,
            findings=[finding],
        )

    def organization_findings(self, refs: Iterable[DossierRef]) -> list[Finding]:
        """Findings in the organization files of the content roots, reported once each."""
        findings: list[Finding] = []
        for root in sorted({r.root for r in refs if r.root is not None}):
            organization = self.organization(root)
            if organization is not None:
                findings.extend(organization.findings)
        return findings


def _year_of(ref: DossierRef) -> int | None:
    name = ref.year_dir.name
    return int(name) if name.isdigit() and len(name) == 4 else None


def run(engine: Engine, refs: list[DossierRef], jobs: int = 1) -> Iterator[DossierResult]:
    """Check every dossier, yielding results in the order of ``refs``. Unchanged dossiers
    are read from the cache here, found by their files' stat: only the others go to the
    worker processes (a cached result costs more to send back than to read)."""
    cache_dir = engine.cache.folder if engine.cache else None
    workers = engine_workers(
        Engine, (engine.schemas_dir, engine.today, cache_dir), result_from_dict
    )
    if engine.cache is None or jobs <= 1:
        return run_in_order(refs, engine.check, workers, jobs)
    return run_known_first(refs, engine.signed_key, engine.cached, engine.check, workers, jobs)
