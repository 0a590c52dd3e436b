"""Personal data and the site: a scanner for the free text the site publishes.

Two guarantees, kept apart:

- Structured personal data never reaches a page: the fields marked ``x-private: true`` in
  the JSON Schemas (members' names, ID numbers, phones, addresses, birth dates…) are read
  from the schemas (checker/private.py), and the page generator never renders them.
- Every string that the site does publish (narratives, branch names, the committee, zone,
  level and organization names, veto, review and N/A reasons, evidence file names) is
  scanned before any page is generated: for ID numbers (18 characters with
  the GB 11643 check digit), mainland mobile numbers, and the values of the branch's own
  private fields (a member's name copied into a narrative, say). Each hit is a finding with
  its file and line; the build fails on it, or the text is redacted if the site says so.
- As a last net, every generated page is scanned again for ID and mobile numbers, which
  nothing the site writes by itself contains: whatever a new field or the git history
  (past branch names, commit subjects) brings in is caught too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.paths import BRANCH_FILE, display
from checker.dossier.layout import REVIEW_FILE
from checker.core.findings import Finding
from checker.core.pii import findings_for, line_of, redact, scan
from checker.core.pii_fields import field_findings

if TYPE_CHECKING:
    from checker.dossier.site.collect import SiteData

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

    from checker.dossier.site.collect import Narrative  # imported here: collect imports this module

    everyone = sorted(
        {value for b in data.branches for y in b.years.values() for value in y.private}
    )
    _protect_organization(data, everyone, mode, findings)

    def place(placement: dict[str, str], private: list[str]) -> None:
        # Copies of organization.yaml's names: found (with their lines) above, so here
        # they are only redacted.
        if mode != REDACT:
            return
        for key, value in list(placement.items()):
            hits = scan(value, private) if key != "organization" else []
            if hits:
                placement[key] = redact(value, hits)

    for branch in data.branches:
        mine = sorted({value for y in branch.years.values() for value in y.private})
        branch_file = display(branch.latest.year_dir.parent / BRANCH_FILE)
        branch.name = check(branch.name, mine, branch_file, "支部名称")
        place(branch.placement, everyone)
        for year in branch.years.values():
            private = year.private
            result = year.result
            result.name = check(result.name, mine, branch_file, "支部名称")
            place(result.placement, everyone)
            for name, narrative in list(year.narratives.items()):
                text = check(narrative.text, private, narrative.file, f"{name} ", 1)
                if text is not narrative.text:
                    year.narratives[name] = Narrative(narrative.name, narrative.file, text)
            if result.veto_reason:
                result.veto_reason = check(result.veto_reason, private, result.file, "否决理由")
            for item in result.items:
                if item.note:
                    if item.source == "review":  # the review's reason, from review.yaml
                        where = display(year.year_dir / REVIEW_FILE)
                    else:
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
    return list(dict.fromkeys(findings))  # a value seen in several places is reported once


def _protect_organization(
    data: SiteData, private: list[str], mode: str, findings: list[Finding]
) -> None:
    """The committee, zones, levels and organizations: all published, all scanned."""
    org = data.organization
    if org.loaded is None:
        return
    found = field_findings(org.loaded, "organization", (), private)
    findings.extend(found)
    if not found or mode != REDACT:
        return

    def clean(text: str) -> str:
        hits = scan(text, private)
        return redact(text, hits) if hits else text

    org.committee = clean(org.committee)
    org.zones = {k: clean(v) for k, v in org.zones.items()}
    org.levels = {k: clean(v) for k, v in org.levels.items()}
    org.organizations = {
        k: {
            f: clean(v) if isinstance(v, str) and f not in ("id", "zone", "level", "parent") else v
            for f, v in record.items()
        }
        for k, record in org.organizations.items()
    }


def protect_pages(pages: dict[str, str], mode: str = FAIL) -> list[Finding]:
    """The last net: ID and mobile numbers in the generated pages, whatever brought them.

    One finding per hit, naming the page; with ``redact`` the pages are redacted in place.
    """
    findings: list[Finding] = []
    for uri, text in pages.items():
        hits = [h for h in scan(text) if h.code in ("I001", "I002")]
        if not hits:
            continue
        findings.extend(findings_for(text, hits, uri, "生成的页面 "))
        if mode == REDACT:
            pages[uri] = redact(text, hits)
    return findings
