"""The pre-commit hook, defined once: `.pre-commit-hooks.yaml` and `checker init` use it."""

from __future__ import annotations

from typing import Any

HOOK: dict[str, Any] = {
    "id": "checker-validate",
    "name": "检查党支部台账",
    "description": "校验改动涉及的台账（格式、引用、日期和佐证材料）。",
    "entry": "checker validate",
    "files": r"(^|/)(organization\.yaml|branches/[^/]+/(branch\.yaml|[^/]+/.+))$",
    "pass_filenames": True,
}
