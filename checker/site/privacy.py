"""Personal data and the site: a scanner for the free text the site publishes.

Two guarantees, kept apart:

- Structured personal data never reaches a page: the fields marked ``x-private: true`` in
  the JSON Schemas (members' names, ID numbers, phones, addresses, birth dates…) are read
  from the schemas (checker/private.py), and the page generator never renders them.
- Free text that the site does publish (narratives, review reasons, N/A reasons, evidence
  file names) is scanned before any page is generated: for ID numbers (18 characters with
  the GB 11643 check digit), mainland mobile numbers, and the values of the branch's own
  private fields (a member's name copied into a narrative, say). Each hit is a finding with
  its file and line; the build fails on it, or the text is redacted if the site says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.findings import Finding
from checker.pii import findings_for, line_of, redact, scan

if TYPE_CHECKING:
    from checker.site.collect import SiteData

# ---------------------------------------------------------------------------------------
# The guard the site runs before generating any page.

FAIL, REDACT = "fail", "redact"
MODES = (FAIL, REDACT)


def protect(data: SiteData, mode: str = FAIL) -> list[Finding]:
    """Scan every piece of free text the site will publish; redact it when ``mode`` says so.

    Returns one finding per hit (I001 ID number, I002 mobile number, I003 a private field's
    value), naming the file and the line. With ``redact`` the text is replaced in ``data``
    and the findings are for the record; with ``fail`` the caller refuses to build.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    findings: list[Finding] = []
    sources: dict[str, str | None] = {}

    def source(file: str) -> str | None:
        if file not in sources:
            try:
                sources[file] = Path(file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                sources[file] = None
        return sources[file]

    def check(text: str, private: list[str], file: str, what: str, line: int = 0) -> str:
        hits = scan(text, private)
        if not hits:
            return text
        if line:
            found = findings_for(text, hits, file, what, line - 1)
        else:
            found = [
                Finding(f.code, f.message, f.file, line_of(source(file), hit.text), 0)
                for f, hit in zip(findings_for(text, hits, file, what), hits, strict=True)
            ]
        findings.extend(found)
        return redact(text, hits) if mode == REDACT else text

    from checker.site.collect import Narrative  # imported here: collect imports this module

    for branch in data.branches:
        for year in branch.years.values():
            private = year.private
            result = year.result
            for name, narrative in list(year.narratives.items()):
                text = check(narrative.text, private, narrative.file, f"{name} ", 1)
                if text is not narrative.text:
                    year.narratives[name] = Narrative(narrative.name, narrative.file, text)
            if result.veto_reason:
                result.veto_reason = check(result.veto_reason, private, result.file, "否决理由")
            for item in result.items:
                if item.note:
                    where = item.findings[0].file if item.findings else result.file
                    item.note = check(item.note, private, where, f"条目 {item.id} 的说明")
                renewed = []
                for finding in item.findings:
                    message = check(
                        finding.message,
                        private,
                        finding.file,
                        f"条目 {item.id} 的失分原因",
                        finding.line,
                    )
                    if message is not finding.message:
                        finding = Finding(
                            finding.code,
                            message,
                            finding.file,
                            finding.line,
                            finding.column,
                            finding.path,
                            finding.hint,
                        )
                    renewed.append(finding)
                item.findings = renewed
            for index, evidence in enumerate(year.evidence):
                path = check(evidence.path, private, result.file, "佐证材料文件名", evidence.line)
                if path is not evidence.path:
                    year.evidence[index] = type(evidence)(
                        path, evidence.kind, evidence.cited_by, evidence.line
                    )
    findings.sort(key=Finding.sort_key)
    return findings
