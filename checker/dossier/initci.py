"""`checker init-ci`: write the ready-made CI files into a dossier repository."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from checker.core import atomic

# kind -> (template in checker/ci_templates, where it goes in the repository)
TARGETS: dict[str, tuple[str, str]] = {
    "github": ("github.yml", ".github/workflows/dossier.yml"),
    "gitlab": ("gitlab.yml", ".gitlab-ci.yml"),
}


class ExistsError(Exception):
    """Files that would be overwritten; nothing has been written."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(p.as_posix() for p in paths))
        self.paths = paths


def template(kind: str) -> str:
    """The text of one CI template."""
    name = TARGETS[kind][0]
    folder = resources.files("checker.dossier.ci_templates")
    return folder.joinpath(name).read_text(encoding="utf-8")


def write_ci_files(directory: Path, kinds: list[str], force: bool = False) -> list[Path]:
    """Write the CI files of ``kinds`` into ``directory``; refuse, writing none, when one of
    them exists already and ``force`` is not given."""
    targets = [(kind, directory / TARGETS[kind][1]) for kind in kinds]
    existing = [path for _, path in targets if path.exists()]
    if existing and not force:
        raise ExistsError(existing)
    for kind, path in targets:
        atomic.write_text(path, template(kind))
    return [path for _, path in targets]
