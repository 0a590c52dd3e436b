"""The direction of imports: the core knows no kind of content, and the CLI reaches a
domain only through its entry points.

Read from the source with `ast`, so an import inside a function counts as much as one at
the top of a module.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "checker"
DOMAINS = ("checker.dossier", "checker.points", "checker.assessment")


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every `import x` and `from x import y` in a file; for a
    `from package import module`, the module itself."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                found.append((node.lineno, inner if _is_module(inner) else node.module))
    return found


def modules_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_layout_has_a_core_a_domain_and_a_cli() -> None:
    for folder in ("core", "dossier", "cli"):
        assert (PACKAGE / folder / "__init__.py").is_file(), folder
    # Nothing of the engine is left beside the packages.
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py"], flat


@pytest.mark.parametrize("path", modules_under(PACKAGE / "core"), ids=lambda p: p.name)
def test_the_core_imports_no_domain_and_no_cli(path: Path) -> None:
    wrong = [
        f"{path.relative_to(REPO)}:{line}: {module}"
        for line, module in imports_of(path)
        if module.startswith((*DOMAINS, "checker.cli"))
    ]
    assert wrong == []


ALLOWED = tuple(
    f"{domain}.{name}"
    for domain in DOMAINS
    for name in importlib.import_module(domain).ENTRY_POINTS
)


def outside_entry_points(path: Path, own: str = "") -> list[str]:
    """The imports of ``path`` that reach into a domain (other than ``own``) past its entry
    points."""
    wrong = []
    for line, module in imports_of(path):
        domain = next((d for d in DOMAINS if module == d or module.startswith(d + ".")), None)
        if domain is None or domain == own or module == domain:
            continue
        if not any(module == name or module.startswith(name + ".") for name in ALLOWED):
            wrong.append(f"{path.name}:{line}: {module}")
    return wrong


def test_the_entry_points_are_modules_of_the_domain() -> None:
    for name in ALLOWED:
        assert _is_module(name), name


def test_the_cli_uses_only_the_entry_points_of_a_domain() -> None:
    wrong = [w for path in modules_under(PACKAGE / "cli") for w in outside_entry_points(path)]
    assert wrong == []


def test_a_domain_uses_only_the_entry_points_of_another() -> None:
    for domain in DOMAINS:
        package = PACKAGE / domain.split(".")[1]
        wrong = [w for path in modules_under(package) for w in outside_entry_points(path, domain)]
        assert wrong == [], domain


def test_the_checker_catches_a_wrong_import(tmp_path: Path) -> None:
    """The check above is not vacuous: a core module importing the domain is seen."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from checker.dossier.engine import Engine\n", "utf-8")
    assert (2, "checker.dossier.engine") in imports_of(module)


def test_the_checker_catches_a_cli_reaching_past_the_entry_points(tmp_path: Path) -> None:
    module = tmp_path / "cli.py"
    module.write_text(
        "from checker.dossier.engine import Engine\n"
        "from checker.dossier import bundle\n"
        "from checker.dossier.word.plan import plan_import\n",
        "utf-8",
    )
    assert outside_entry_points(module) == [
        "cli.py:2: checker.dossier.bundle",
        "cli.py:3: checker.dossier.word.plan",
    ]


def test_the_readme_names_every_folder_of_code() -> None:
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("## 代码结构") :]
    folders = sorted(
        p.parent.relative_to(REPO).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
    )
    missing = sorted({f for f in folders if f"`{f}/`" not in section})
    assert missing == []
