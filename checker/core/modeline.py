"""The first line of a YAML file that tells editors (the YAML extension of VS Code) its schema.

The schema is found offline, relative to the file: in the `schemas/` folder beside the
content root (this project: content/ and schemas/ side by side) or inside it (a dossier
repository that keeps its own standard). A repository on the installed package's standard
has no such folder; its `.vscode/settings.json` maps the schemas, and a line pointing at
nothing would only make the editor complain, so none is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.core.standards import FOLDER_NAME as SCHEMAS_DIR


def modeline(target: Path, schema: str, content_root: Path) -> str:
    """``# yaml-language-server: $schema=…`` with its newline, or "" when no schemas folder."""
    for folder in (content_root / SCHEMAS_DIR, content_root.parent / SCHEMAS_DIR):
        if (folder / schema).is_file():
            relative = os.path.relpath(folder.absolute() / schema, target.parent.absolute())
            return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
    return ""
