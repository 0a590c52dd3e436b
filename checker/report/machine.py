"""Formats for machines: SARIF 2.1.0 for code scanning, JUnit XML for GitLab and others."""

from __future__ import annotations

import json
from collections import defaultdict
from xml.etree import ElementTree as ET

from checker import __version__
from checker.codes import CODES
from checker.findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(findings: list[Finding], dossiers: int) -> str:
    """One rule per finding code, repo-relative paths with lines where known."""
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
        location: dict = {"artifactLocation": {"uri": finding.file}}
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
                "message": {"text": f"{finding.message}。{finding.full_hint()}"},
                "locations": [{"physicalLocation": location}],
            }
        )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "checker", "version": __version__, "rules": rules}},
                "results": results,
                "properties": {"dossiers": dossiers},
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def junit(findings: list[Finding], dossiers: int) -> str:
    """One test case per file with findings; each error is a failure."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    failures = sum(any(f.is_error for f in fs) for fs in by_file.values())
    suite = ET.Element(
        "testsuite",
        name="checker validate",
        tests=str(max(dossiers, len(by_file))),
        failures=str(failures),
        errors="0",
    )
    for file in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname="dossier", name=file)
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
    return f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
