"""The pre-commit hook, defined once.

`.pre-commit-hooks.yaml` ships HOOK with `language: python`, for a dossier repository that
names this project as `repo:`; a repository whose `.pre-commit-config.yaml` declares it as a
`repo: local` hook uses the same fields with `language: system` (:func:`local_hook`), running
the `checker` already installed. A test holds the shipped file equal to HOOK.

pre-commit passes a hook only the files a commit adds or changes: `--staged` adds what the
index deletes or renames away, and `always_run` runs the hook for a commit that only deletes.
"""

from __future__ import annotations

HOOK: dict[str, str | bool] = {
    "id": "checker-validate",
    "name": "检查党支部台账",
    "description": "校验改动涉及的台账（格式、引用、日期和佐证材料），包括删除或改名的文件。",
    "entry": "checker validate --staged",
    # organization.yaml, a branch.yaml, and anything in a year folder, wherever the content
    # root sits in the repository (content/ or the top).
    "files": r"(^|/)(organization\.yaml|branches/[^/]+/(branch\.yaml|[^/]+/.+))$",
    "pass_filenames": True,
    "always_run": True,
}

SHIPPED_LANGUAGE = "python"  # pre-commit installs the package from this repository


def local_hook() -> dict[str, str | bool]:
    """HOOK as a `repo: local` hook in a dossier repository's .pre-commit-config.yaml."""
    return {**HOOK, "language": "system"}
