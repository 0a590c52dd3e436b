"""What an existing dossier puts into the form: its branch.yaml, dossier.yaml and narratives,
read with the safe loader, or last year's rolled over into a new year."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.core.findings import Finding
from checker.core.paths import BRANCH_FILE, display
from checker.core.textfile import read_text
from checker.core.yamlload import load_yaml
from checker.dossier.carry_over import carried
from checker.dossier.layout import NARRATIVE_FILES, DossierRef


@dataclass(slots=True)
class Prefill:
    """What an existing dossier puts into the form."""

    branch: dict = field(default_factory=dict)
    dossier: dict = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # records the form has no place for


def load_prefill(ref: DossierRef, max_bytes: int) -> Prefill:
    """Read a dossier, its branch.yaml and narratives with the safe loader (no scoring)."""
    prefill = Prefill()
    loaded = load_yaml(ref.dossier, display(ref.dossier), max_bytes)
    prefill.findings.extend(loaded.findings)
    if isinstance(loaded.data, dict):
        prefill.dossier = loaded.data
    branch_path = ref.branch_dir / BRANCH_FILE
    if branch_path.is_file():
        branch = load_yaml(branch_path, display(branch_path), max_bytes)
        prefill.findings.extend(branch.findings)
        if isinstance(branch.data, dict):
            prefill.branch = branch.data
    for name in NARRATIVE_FILES:
        path = ref.year_dir / name
        if path.is_file():
            text = read_text(path, display(path), max_bytes, prefill.findings)
            if text is not None:
                prefill.narratives[name] = text
    return prefill


def rollover(prefill: Prefill, year: int) -> Prefill:
    """Last year's dossier as the start of ``year``'s (what `checker new --from` carries);
    the narratives start empty."""
    return Prefill(prefill.branch, carried(prefill.dossier, year), {}, prefill.findings)
