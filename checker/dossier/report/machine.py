"""Formats for machines: SARIF 2.1.0 for code scanning, JUnit XML for GitLab and others."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from checker import __version__
from checker.core.cleantext import one_line, xml
from checker.core.codes import CODES
from checker.core.findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def default_root() -> Path:
    """The git work tree holding the working folder (what code scanning calls the
    repository root), else the working folder itself."""
    from checker.core.gitrepo import GitError, Repository

    try:
        return Repository(Path.cwd()).top
    except GitError:
        return Path(os.path.realpath(Path.cwd()))


def repo_relative(file: str, root: Path) -> str | None:
    """``file`` (as findings name it: relative to the working folder, or absolute) relative
    to ``root`` with forward slashes; None when it lies outside ``root``."""
    real = Path(os.path.realpath(file))
    return real.relative_to(root).as_posix() if real.is_relative_to(root) else None


def _artifact(file: str, root: Path) -> dict:
    """A SARIF artifactLocation: a percent-encoded URI relative to the repository root
    (RFC 3986, as the schema's uri-reference format and code scanning require)."""
    relative = repo_relative(file, root) if file else None
    if relative is None:
        return {"uri": Path(os.path.realpath(file or ".")).as_uri()}
    uri = quote(os.fsencode(relative), safe="/")
    if ":" in uri.split("/", 1)[0]:
        uri = "./" + uri  # a first segment with a colon would read as a URI scheme
    return {"uri": uri, "uriBaseId": SRCROOT}


def sarif(findings: list[Finding], dossiers: int, root: Path | None = None) -> str:
    """One rule per finding code, repo-relative paths with lines where known.

    ``root`` is the repository root the paths are relative to (default: the git work tree
    of the working folder)."""
    root = Path(os.path.realpath(root)) if root is not None else default_root()
    codes = sorted(CODES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": CODES[code].title},
            "fullDescription": {"text": CODES[code].title},
            "help": {"text": CODES[code].fix},
            "defaultConfiguration": {"level": CODES[code].level},
        }
        for code in codes
    ]
    results = []
    for finding in findings:
        location: dict = {"artifactLocation": _artifact(finding.file, root)}
        if finding.line > 0:
            location["region"] = {
                "startLine": finding.line,
                "startColumn": max(1, finding.column),
            }
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": index[finding.code],
                "level": finding.level,
                "message": {"text": one_line(f"{finding.message}。{finding.full_hint()}")},
                "locations": [{"physicalLocation": location}],
            }
        )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "checker", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "results": results,
                "properties": {"dossiers": dossiers},
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def junit(
    findings: list[Finding], dossiers: int, root: Path | None = None, name: str = "checker validate"
) -> str:
    """One test case per file with findings; each error is a failure.

    With ``root``, files are named relative to it (the repository root)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if root is not None:
            shown = repo_relative(finding.file, Path(os.path.realpath(root)))
            finding = replace(finding, file=shown or finding.file)
        by_file[finding.file].append(finding)
    failures = sum(any(f.is_error for f in fs) for fs in by_file.values())
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(max(dossiers, len(by_file))),
        failures=str(failures),
        errors="0",
    )
    for file in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname="dossier", name=xml(one_line(file)))
        errors = [f for f in by_file[file] if f.is_error]
        if errors:
            failure = ET.SubElement(
                case, "failure", message=f"{len(errors)} 个错误", type="findings"
            )
            failure.text = "\n".join(_line(f) for f in errors)
        warnings = [f for f in by_file[file] if not f.is_error]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in warnings)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def _line(finding: Finding) -> str:
    # Names and values from content may hold characters XML 1.0 cannot carry at all.
    line = f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return xml(one_line(line))
