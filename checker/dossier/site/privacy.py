"""Personal data and the site: a scanner for the free text the site publishes.

Two guarantees, kept apart:

- Structured personal data never reaches a page: the fields marked ``x-private: true`` in
  the JSON Schemas (members' names, ID numbers, phones, addresses, birth dates…) are read
  from the schemas (checker/core/private.py), and the page generator never renders them.
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

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.findings import Finding
from checker.core.paths import BRANCH_FILE, display
from checker.core.pii import findings_for, line_of, prepare, redact, scan
from checker.core.pii_fields import field_findings
from checker.dossier.layout import REVIEW_FILE
from checker.dossier.site.collect import Narrative

if TYPE_CHECKING:
    from checker.dossier.results import ItemResult
    from checker.dossier.site.collect import Branch, BranchYear, SiteData

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
    guard = Guard(data, mode)
    for branch in data.branches:
        guard.content(branch)
    return guard.findings()


class Guard:
    """The scan in two steps: the names every page shows (the committee, zones, levels,
    organizations, branch names and placements) at once, when made; a branch's own text
    (narratives, reasons, notes, file names) when a page about it is about to be written,
    so that a branch whose page an earlier build already wrote is not scanned again."""

    def __init__(self, data: SiteData, mode: str = FAIL) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self._scanner = _Scanner(mode)
        everyone = sorted(
            {value for b in data.branches for y in b.years.values() for value in y.private}
        )
        _protect_organization(data, everyone, mode, self._scanner.findings)
        prepared = prepare(everyone)  # once: the list is the same for every branch
        for branch in data.branches:
            _protect_names(self._scanner, branch, prepared)

    def content(self, branch: Branch) -> list[Finding]:
        """Scan (and in redact mode, clean) ``branch``'s own text; the findings it added.
        A result already scanned is not scanned again (one read again from the cache is)."""
        found = self._scanner.findings
        before = len(found)
        for year in branch.years.values():
            if not year.scanned:
                _protect_year(self._scanner, year)
                year.scanned = True
        return found[before:]

    def record(self, findings: list[Finding]) -> None:
        """Findings an earlier build made for a page it wrote (read with the page)."""
        self._scanner.findings.extend(findings)

    def findings(self) -> list[Finding]:
        found = sorted(self._scanner.findings, key=Finding.sort_key)
        return list(dict.fromkeys(found))  # a value seen in several places is reported once


class _Scanner:
    """One scan of the site's text: the findings so far, and the source files read to
    name a hit's line."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.findings: list[Finding] = []
        self._sources: dict[str, str | None] = {}
        self._placed: dict[str, str] = {}  # a placement name -> as published

    def _source(self, file: str) -> str | None:
        if file not in self._sources:
            try:
                self._sources[file] = Path(file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                self._sources[file] = None
        return self._sources[file]

    def check(self, text: str, private: list[str], file: str, what: str, line: int = 0) -> str:
        """Record the hits in ``text`` (at ``line`` of ``file``, or wherever the file has
        them when ``line`` is 0); the text, redacted if the mode says so."""
        hits = scan(text, private, prepared=True)  # prepared by the caller, or now
        if not hits:
            return text
        if line:
            found = findings_for(text, hits, file, what, line - 1)
        else:
            found = [
                Finding(f.code, f.message, f.file, line_of(self._source(file), hit.text), 0)
                for f, hit in zip(findings_for(text, hits, file, what), hits, strict=True)
            ]
        self.findings.extend(found)
        return redact(text, hits) if self.mode == REDACT else text

    def place(self, placement: dict[str, str], private: Sequence[str]) -> None:
        # Copies of organization.yaml's names: found (with their lines) by
        # _protect_organization, so here they are only redacted. ``private`` is the same
        # (prepared) list for every branch and the names are the same few for thousands
        # of branches: each distinct name is scanned once.
        if self.mode != REDACT:
            return
        for key, value in list(placement.items()):
            if key == "organization":
                continue
            if value not in self._placed:
                hits = scan(value, private, prepared=True)
                self._placed[value] = redact(value, hits) if hits else value
            placement[key] = self._placed[value]


def _protect_names(scanner: _Scanner, branch: Branch, everyone: Sequence[str]) -> None:
    """A branch's name and placement, as of each of its years."""
    mine = prepare(value for y in branch.years.values() for value in y.private)
    branch_file = display(branch.latest.year_dir.parent / BRANCH_FILE)
    branch.name = scanner.check(branch.name, mine, branch_file, "支部名称")
    scanner.place(branch.placement, everyone)
    for year in branch.years.values():
        brief = year.brief  # the full result takes its names from here when read
        brief.name = scanner.check(brief.name, mine, branch_file, "支部名称")
        scanner.place(brief.placement, everyone)
        year.sync_names()


def _protect_year(scanner: _Scanner, year: BranchYear) -> None:
    """A year's narratives, veto reason, items and evidence file names."""
    private = prepare(year.private)
    result = year.result
    texts = [n.text for n in year.narratives.values()]
    texts += [result.veto_reason, *(i.note for i in result.items)]
    texts += [f.message for i in result.items for f in i.findings]
    texts += [e.path for e in year.evidence]
    # Nearly always nothing is found: one scan of it all says so. Nothing matches across
    # the separator (numbers are runs of digits; names hold no NUL).
    if not scan("\n\0\n".join(texts), private, prepared=True):
        return
    for name, narrative in list(year.narratives.items()):
        text = scanner.check(narrative.text, private, narrative.file, f"{name} ", 1)
        if text is not narrative.text:
            year.narratives[name] = Narrative(narrative.name, narrative.file, text)
    if result.veto_reason:
        result.veto_reason = scanner.check(result.veto_reason, private, result.file, "否决理由")
    for item in result.items:
        _protect_item(scanner, item, year, private)
    for index, evidence in enumerate(year.evidence):
        path = scanner.check(evidence.path, private, result.file, "佐证材料文件名", evidence.line)
        if path is not evidence.path:
            year.evidence[index] = type(evidence)(
                path, evidence.kind, evidence.cited_by, evidence.line
            )


def _protect_item(
    scanner: _Scanner, item: ItemResult, year: BranchYear, private: Sequence[str]
) -> None:
    """An item's note and the messages of its findings."""
    result = year.result
    if item.note:
        if item.source == "review":  # the review's reason, from review.yaml
            where = display(year.year_dir / REVIEW_FILE)
        else:
            where = item.findings[0].file if item.findings else result.file
        item.note = scanner.check(item.note, private, where, f"条目 {item.id} 的说明")
    renewed = []
    for finding in item.findings:
        message = scanner.check(
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
