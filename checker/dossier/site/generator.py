"""From a content tree to the site's pages and pictures: collect, guard, summarize, write.

This is the one function the MkDocs plugin and ``checker site export`` both call, so the
two cannot differ. It reads files (content, evidence pictures) but writes none.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker.core.evidence_files import check_path
from checker.core.findings import Finding
from checker.core.imagesize import DEFAULT_MAX_PIXELS
from checker.core.paths import BRANCHES_DIR
from checker.core.periods import default_today
from checker.core.pii import PII_CODES
from checker.core.site.media import image_kind, strip_metadata
from checker.core.site.stamp import Stamp, generation_date
from checker.core.standard_choice import choose_standard
from checker.core.standards import FOLDER_NAME, StandardsFolder
from checker.dossier.history import GitError, HistoryPoint, branch_history, repository
from checker.dossier.report.text import finding_line
from checker.dossier.results import DossierResult
from checker.dossier.site.aggregate import summarize
from checker.dossier.site.assessments import collect_assessments
from checker.dossier.site.collect import Branch, SiteData, collect
from checker.dossier.site.ledgers import collect_points
from checker.dossier.site.page_pool import make_in_workers
from checker.dossier.site.page_store import PageStore, Picture, StoredPage, page_key
from checker.dossier.site.pages import IMAGE_KINDS, PUBLIC, generate_pages
from checker.dossier.site.pages.branch import branch as branch_text
from checker.dossier.site.pages.common import Context, branch_page
from checker.dossier.site.pages.exemplars import CardFace, card_face
from checker.dossier.site.privacy import FAIL, Guard, protect_pages

MEDIA_DIR = "media"
CARD = "card"  # an exemplar's card face, kept with its page
SCHEMAS_DIR = "schemas"  # the JSON Schemas, published for editors (VS Code's YAML extension)


class PrivacyError(Exception):
    """Free text the site would publish holds personal data, and the site is set to fail."""

    def __init__(self, findings: list[Finding]) -> None:
        lines = "\n".join(finding_line(f) for f in findings)
        super().__init__(
            f"{len(findings)} 处公开内容含有个人信息，已停止生成站点：\n{lines}\n"
            "请删除这些内容；或在 mkdocs.yml 的 dossier 插件中设置 pii: redact 自动隐去。"
        )
        self.findings = findings


@dataclass(slots=True)
class SiteOptions:
    content: Path
    schemas: Path
    scope: str = PUBLIC
    pii: str = FAIL
    today: date | None = None
    jobs: int = 1
    cache_dir: Path | None = None
    history: bool = True  # each branch page shows its latest dossier's git history
    progress: Callable[[Iterator[DossierResult], int], Iterable[DossierResult]] | None = None
    # Renders a kept branch page (site path, file) as the build would and keeps that, for
    # the pages made in worker processes; None: the build renders them.
    render: Callable[[str, Path], object] | None = None


@dataclass(slots=True)
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)
    # Branch pages an earlier build (or this one) kept on disk: MkDocs reads them from there.
    stored: dict[str, Path] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    not_in_nav: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the build should not pass --strict
    notices: list[str] = field(default_factory=list)  # worth a line in the log
    data: SiteData | None = None
    stamp: Stamp | None = None  # the generation day and the standard, for every page


class MediaStore:
    """Pictures the pages use, checked like evidence and stripped of metadata."""

    def __init__(self, max_bytes: int, max_pixels: int = DEFAULT_MAX_PIXELS) -> None:
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.files: dict[str, bytes] = {}
        self._seen: dict[tuple[Path, str], str | None] = {}
        self.recording: list[Picture] | None = None  # what a page being made asks for

    def resolve(self, year_dir: Path, cited: str) -> str | None:
        key = (year_dir, cited)
        if key not in self._seen:
            self._seen[key] = self._add(year_dir, cited)
        if self.recording is not None:
            self.recording.append(Picture(str(year_dir), cited, self._seen[key]))
        return self._seen[key]

    def _add(self, year_dir: Path, cited: str) -> str | None:
        check = check_path(
            year_dir, cited, list(IMAGE_KINDS), self.max_bytes, ("", 0, 0, ""), None,
            self.max_pixels,
        )  # fmt: skip
        if not check.ok:
            return None
        try:
            raw = (year_dir / cited).read_bytes()
        except OSError:
            return None
        clean = strip_metadata(raw, self.max_pixels)
        kind = image_kind(clean) if clean else None
        if clean is None or kind is None:
            return None
        uri = f"{MEDIA_DIR}/{hashlib.sha256(clean).hexdigest()[:20]}.{kind}"
        self.files[uri] = clean
        return uri


def schemas_dir(config_dir: Path, configured: str | None, content: Path) -> Path:
    """`schemas` from the config, else `schemas/` beside mkdocs.yml, else a shipped standard,
    as ``content``'s organization.yaml pins it (PinError when it cannot be honoured)."""
    explicit = config_dir / configured if configured else None
    return choose_standard(content, explicit, repository=config_dir / FOLDER_NAME).folder


@dataclass(frozen=True, slots=True)
class PublishedSchema:
    uri: str  # under the site's root: schemas/dossier.schema.json
    title: str


def published_schemas(folder: Path) -> tuple[list[PublishedSchema], dict[str, bytes]]:
    """The JSON Schemas in ``folder``, as the site serves them: byte for byte."""
    listed: list[PublishedSchema] = []
    files: dict[str, bytes] = {}
    for path in sorted(StandardsFolder(folder).schema_documents()):
        raw = path.read_bytes()
        try:
            title = str(json.loads(raw).get("title") or path.name)
        except (ValueError, AttributeError):
            continue  # the engine has already said what is wrong with it
        uri = f"{SCHEMAS_DIR}/{path.name}"
        listed.append(PublishedSchema(uri, title))
        files[uri] = raw
    return listed, files


class HistoryReader:
    """The git history of a branch's latest dossier, for the branch pages that are written.

    Empty when the content is not in a git repository or history is turned off; a git
    failure becomes a warning, not a failed build.
    """

    def __init__(self, options: SiteOptions, warnings: list[str]) -> None:
        self.options = options
        self.warnings = warnings
        self.branches = self._with_history() if options.history else set()
        self._read_already: dict[tuple[str, int], list[HistoryPoint]] = {}

    def _with_history(self) -> set[str]:
        """The codes of the branches that git knows changes of: one `git log` for them all,
        so that a thousand branches do not cost a thousand calls to find out."""
        try:
            repo = repository(self.options.content)
            folder = repo.relative(self.options.content / BRANCHES_DIR)
            if folder is None:
                return set()
            touched = repo.changed_paths(folder) | set(repo.dirty_paths([folder]))
        except GitError:  # not a repository, or no git: nothing to show
            return set()
        prefix = "" if folder == "." else folder + "/"
        return {p[len(prefix) :].split("/", 1)[0] for p in touched if p.startswith(prefix)}

    def __call__(self, code: str, year: int) -> list[HistoryPoint]:
        """The history, read once for the page's key and its making (in a worker process,
        forked after the keys were worked out, too): a few points a branch, all kept."""
        if code not in self.branches:
            return []
        if (code, year) not in self._read_already:
            self._read_already[code, year] = self._read(code, year)
        return self._read_already[code, year]

    def _read(self, code: str, year: int) -> list[HistoryPoint]:
        options = self.options
        try:
            return branch_history(
                options.content,
                code,
                options.schemas,
                default_today(options.today),
                years=[year],
                cache_dir=options.cache_dir,
            )
        except (GitError, ValueError) as exc:
            self.warnings.append(f"{code}：无法读取台账的修改记录：{exc}")
            return []


class BranchPages:
    """Each published branch's page: the one an earlier build made from the same inputs
    (see page_store), else the branch's text scanned, the page made, netted and kept."""

    def __init__(
        self,
        options: SiteOptions,
        data: SiteData,
        guard: Guard,
        media: MediaStore,
        store: PageStore | None,
        notices: list[str] | None = None,
    ) -> None:
        self.options = options
        self.guard = guard
        self.media = media
        self.store = store
        self.base = (options.scope, options.pii, data.standard.digest)
        self._keys: dict[str, str] = {}  # by branch code, worked out before the pages
        self.notices = notices if notices is not None else []  # the build's log lines

    def prepare(self, site: Context, branches: list[Branch]) -> None:
        """Before the pages are asked for one by one: make those that the store lacks in
        worker processes (page_pool), each kept in the store, where ``__call__`` finds it."""
        if self.store is None:
            return
        self._keys = {b.code: self.key(site, b) for b in branches}
        missing = [b for b in branches if not self.store.has(self._keys[b.code])]
        made = make_in_workers(functools.partial(self._in_worker, site), missing, self.options.jobs)
        if made:
            self.notices.append(f"{self.options.jobs} 个进程生成了 {made} 个支部页")

    def _in_worker(self, site: Context, branch: Branch) -> None:
        made = self(site, branch)
        if isinstance(made, Path) and self.options.render is not None:
            self.options.render(branch_page(branch.code), made)

    def key(self, site: Context, branch: Branch) -> str:
        parts = [
            *self.base,
            branch.code,
            branch.name,
            site.org_name(branch),
            site.zone_name(branch.zone()),
            site.level_name(branch.level()),
            repr(site.history(branch.code, branch.latest.year)),
        ]
        for year, by in branch.years.items():
            ranks = site.summary.years[year].ranks.get(branch.code)
            parts += [str(year), by.fingerprint, by.brief.name, repr(ranks)]
        return page_key(*parts)

    def __call__(self, site: Context, branch: Branch) -> str | Path:
        try:
            return self._page(site, branch)
        finally:
            for year in branch.years.values():  # not needed again in this build
                year.release()

    def _page(self, site: Context, branch: Branch) -> str | Path:
        key = ""
        if self.store is not None:
            key = self._keys.get(branch.code) or self.key(site, branch)
            found = self.store.get(key)
            if found is not None and self._still(found, site, branch):
                self.guard.record(found.findings)
                return found.path
        findings = list(self.guard.content(branch))
        self.media.recording = pictures = []
        try:
            text = branch_text(site, branch)
            extra = {}
            if branch.code in site.exemplar_codes:
                face = site.faces[branch.code] = card_face(site, branch)
                extra[CARD] = [list(face.photo) if face.photo else None, face.excerpt]
        finally:
            self.media.recording = None
        page = {branch_page(branch.code): text}
        net = protect_pages(page, self.options.pii)
        self.guard.record(net)
        text = page[branch_page(branch.code)]
        if self.store is not None:
            kept = self.store.put(key, text, findings + net, pictures, extra)
            if kept is not None:
                return kept.path
        return text

    def _still(self, found: StoredPage, site: Context, branch: Branch) -> bool:
        """A stored page is used when its pictures are still what they were, and an
        exemplar's card face came with it."""
        if not all(self.media.resolve(Path(p.year_dir), p.cited) == p.uri for p in found.pictures):
            return False
        if branch.code not in site.exemplar_codes:
            return True
        try:
            photo, excerpt = found.extra[CARD]
            face = CardFace(tuple(photo) if photo else None, str(excerpt))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            return False
        site.faces[branch.code] = face
        return True


def generate_site(options: SiteOptions) -> GeneratedSite:
    """Every page and picture of the site; raises PrivacyError (fail mode) on personal data."""
    data = collect(
        options.content,
        options.schemas,
        today=options.today,
        jobs=options.jobs,
        cache_dir=options.cache_dir,
        progress=options.progress,
    )
    std = data.standard
    stamp = Stamp(generation_date(options.content), std.id, std.version, std.title)
    site = GeneratedSite(data=data, stamp=stamp)
    schemas, site.media = published_schemas(options.schemas)
    for result in data.unscored:
        errors = len(result.errors)
        site.warnings.append(
            f"{result.file}:有 {errors} 个错误，无法评分，未列入站点；"
            f"用 `checker validate {result.file}` 查看"
        )
    for result, findings in data.unresolved:
        site.warnings.append(
            f"{result.file}：引用的上级党组织、责任区或层级不存在，{result.branch} 未列入站点："
            + "；".join(finding_line(f) for f in findings)
        )
    for finding in data.findings:
        # Personal data is the privacy guard's: it fails or redacts below, as configured.
        if finding.is_error and finding.code not in PII_CODES:
            site.warnings.append(finding_line(finding))
    if not data.branches:
        site.warnings.append("没有可以评分的台账，站点只有标准和问题代码页")
    guard = Guard(data, options.pii)
    if options.pii == FAIL and guard.findings():  # the names every page shows
        raise PrivacyError(guard.findings())
    if not data.branches:
        return site
    summary = summarize(data)
    settings = data.standard.settings
    store = MediaStore(
        int(settings["max_evidence_bytes"]),
        int(settings.get("max_image_pixels", DEFAULT_MAX_PIXELS)),
    )
    history = HistoryReader(options, site.warnings)
    points = collect_points(options.schemas, options.today, data, site.warnings)
    assessed = collect_assessments(
        options.content, options.schemas, data, site.warnings, site.notices
    )
    pages_store = PageStore(options.cache_dir) if options.cache_dir is not None else None
    maker = BranchPages(options, data, guard, store, pages_store, site.notices)
    generated = generate_pages(
        data, summary, options.scope, store.resolve, schemas, history, points, assessed,
        make_branch=maker,
    )  # fmt: skip
    # The scripts' data files get the same last net as the pages (branch pages had theirs).
    data_files = {uri: raw.decode("utf-8") for uri, raw in generated.files.items()}
    others = {u: t for u, t in generated.pages.items() if u not in generated.branch_pages}
    net = protect_pages(others, options.pii) + protect_pages(data_files, options.pii)
    hits = guard.findings() + net
    if hits and options.pii == FAIL:
        raise PrivacyError(hits)
    for finding in hits:
        site.notices.append("已隐去：" + finding_line(finding))
    site.pages = {**generated.pages, **others}
    site.stored = generated.stored
    site.nav = generated.nav
    site.not_in_nav = generated.not_in_nav
    site.media.update(store.files)
    site.media.update({uri: text.encode("utf-8") for uri, text in data_files.items()})
    return site
