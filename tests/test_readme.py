"""README is part of the interface: its code table and commands must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from checker.core.codes import CODES, FAMILIES, markdown_block

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_code_legend_and_table_are_generated_from_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- codes:start -->\n(.*?)\n<!-- codes:end -->", text, re.S)
    assert block is not None, "README lacks the codes markers"
    assert block.group(1) == markdown_block(), "run `checker codes --format markdown`"
    listed = re.findall(r"^\| ([A-Z][0-9]{3}) \|", block.group(1), re.M)
    assert listed == list(CODES)
    legend = re.findall(r"^\| ([A-Z]) \| ([^|]+) \|", block.group(1), re.M)
    assert legend == [(f.letter, f.name) for f in FAMILIES.values()]
    # The legend is generated too: no hand-written family list is left outside the markers.
    section = text[text.index("## 问题代码") : text.index("<!-- codes:start -->")]
    assert "F 开头" not in section


def test_every_code_is_raised_somewhere_in_the_engine() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (README.parent / "checker").rglob("*.py")
        if p.name != "codes.py"
    )
    unused = [code for code in CODES if f'"{code}"' not in source]
    assert unused == []


def test_vscode_settings_in_readme_name_real_schemas_and_match_real_files() -> None:
    import json

    text = README.read_text(encoding="utf-8")
    block = re.search(r"```json\n(\{\n  \"yaml\.schemas\".*?)\n```", text, re.S)
    assert block is not None, "README lacks the VS Code settings"
    mapping = json.loads(block.group(1))["yaml.schemas"]
    root = README.parent
    for schema, pattern in mapping.items():
        assert (root / schema).is_file(), schema
        assert list(root.glob(pattern)), f"{pattern} matches no file"
    assert {Path(s).name for s in mapping} == {p.name for p in root.glob("schemas/*.schema.json")}
