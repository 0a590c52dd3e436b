"""From the PATHS a user gives to the dossiers they name: a path without a dossier is an R010
finding (and its organization.yaml is still checked), a missing one is said so."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import EXIT_FINDINGS, EXIT_USAGE, echo, fail
from checker.core.findings import Finding
from checker.core.paths import ORGANIZATION_FILE, default_root, display
from checker.dossier.engine import Engine
from checker.dossier.layout import DossierRef, discover
from checker.dossier.report.text import finding_line

PATHS = click.argument("paths", metavar="[路径]...", nargs=-1, type=click.Path(path_type=Path))


def refs_of(paths: tuple[Path, ...], engine: Engine | None = None) -> list[DossierRef]:
    """The dossiers of ``paths`` (default: the content root); stops the command when a path
    holds none. With ``engine``, a root without dossiers still has its organization.yaml
    checked."""
    targets = list(paths) or [default_root()]
    refs, empty = discover(targets)
    broken = False
    for path in targets:
        if path not in empty and not path.exists() and not path.is_symlink():
            echo(f"说明：{display(path)} 不存在，检查了它所属的台账。", err=True)
    for path in empty:
        if not path.exists():
            echo(f"错误：路径 {display(path)} 不存在", err=True)
            continue
        if engine is not None:
            # A new repository has no dossier yet, but its organization.yaml can be wrong.
            broken |= _report_organization(engine, path)
        finding = Finding("R010", f"在 {display(path)} 下未找到台账", display(path), 0, 0)
        echo(finding_line(finding), err=True)
    if not refs or empty:
        sys.exit(EXIT_FINDINGS if broken else EXIT_USAGE)
    return refs


def _report_organization(engine: Engine, path: Path) -> bool:
    """Print the findings of the organization.yaml at ``path`` (a root or the file itself);
    True when one of them is an error."""
    root = path.parent if path.name == ORGANIZATION_FILE else path
    if not (root / ORGANIZATION_FILE).is_file():
        return False
    organization = engine.organization(root)
    findings = organization.findings if organization is not None else []
    for finding in sorted(findings, key=Finding.sort_key):
        echo(finding_line(finding))
    return any(f.is_error for f in findings)


def staged_refs(paths: tuple[Path, ...]) -> list[DossierRef]:
    """The dossiers of PATHS (none by default) and those the git index takes a file from."""
    from checker.core.gitrepo import GitError, NotARepository
    from checker.dossier.staged import dossiers_losing_files

    try:
        losing = dossiers_losing_files(Path("."))
    except NotARepository:
        fail(
            f"--staged 检查 git 暂存区，但当前目录 {Path.cwd().as_posix()} 不在 git 仓库中："
            "请在台账仓库中运行，或去掉 --staged"
        )
    except GitError as exc:
        fail(f"--staged 检查 git 暂存区，但{exc}")
    given = refs_of(paths) if paths else []
    return sorted({*given, *losing})
