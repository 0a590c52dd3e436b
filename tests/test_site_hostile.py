"""Hostile values in every string the site publishes: no attribute, tag or URL from content.

Markup-ish strings go into every field that reaches a page (branch name and unit, the
committee, zone, level and organization names, review reasons, N/A reasons, notes, evidence
file names, narratives). The site is built for real in public and internal scope and every
HTML file is parsed back: no event-handler attribute, no script but the site's own, no
href or src that leaves the site (a narrative's sanitized link excepted), no id or class
that a value put there. A reference that does not resolve (a branch's organization, an
organization's zone) keeps the branch off the site: `--strict` fails naming R005, a plain
build leaves it out, and `checker site export` exits 1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
import search_index
from points_ledger import Ledger
from site_tree import SCHEMAS, build_tree, write_config

from checker.core.site.sanitize import render_narrative

# Each short enough for the shortest field (a branch's name: 60 characters).
CHUNKS = [
    '"><script>x()</script> {: onclick=x} <img src=x onerror=y>',
    "' onmouseover=y javascript:y ``x`` [x](http://evil.example/)",
    "![x](http://evil.example/t.png) {#x .y} &lt;b&gt; \\<marquee>",
]
ALL = " ".join(CHUNKS)
EVIDENCE_NAME = "' onmouseover=y {: onclick=x}`x`[x](javascript:y)&amp;"
NARRATIVE = f"""\
# 标题 {{: onclick=x}}

## {CHUNKS[0]} {{#x .y}}

- {CHUNKS[1]}
- {CHUNKS[2]}

正文 <img src=x onerror=y> <a href="javascript:y">j</a> <a href="//evil.example/">p</a>
[rel](branch.yaml) [up](../2024/summary.md) [ev](evidence/{EVIDENCE_NAME}.pdf)
<span onmouseover="y">s</span> `code` ```x``` <script>x()</script>

{ALL}
"""
OWN_SCRIPTS = re.compile(
    r"^(/|(\.\./)*)(assets/javascripts/bundle\.[0-9a-f]+\.min\.js|assets/dossier/[a-z-]+\.js)$"
)
SANITIZED_REL = "noopener noreferrer nofollow"


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        self.text.append(data)


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _q(value: str) -> str:
    """A YAML single-quoted scalar: no escapes at all, only '' for '."""
    return "'" + value.replace("'", "''") + "'"


def hostile_tree(base: Path, turn: int) -> Path:
    """The site tree with a hostile value in every published string; ``turn`` rotates which
    chunk each branch's name and unit get, so the exemplar T-01 shows each in some tree."""
    content = build_tree(base)
    org = content / "organization.yaml"
    _set(org, "committee: 某市直机关工委", f"committee: {_q('工委' + ALL)}")
    _set(org, "    name: 市直部门", f"    name: {_q('层级' + ALL)}")
    _set(org, "    name: 第一责任区", f"    name: {_q('一区' + ALL)}")
    _set(org, "    name: 第二责任区", f"    name: {_q('二区' + CHUNKS[turn])}")
    _set(org, "    name: 市财政局机关党委", f"    name: {_q('机关党委' + ALL)}")
    _set(org, "    name: 市交通运输局机关党委", f"    name: {_q('党委' + CHUNKS[turn - 1])}")
    for index, code in enumerate(("T-01", "T-02", "T-03")):
        branch = content / "branches" / code
        chunk = CHUNKS[(turn + index) % len(CHUNKS)]
        text = (branch / "branch.yaml").read_text(encoding="utf-8")
        text = re.sub(r"^name: .*$", f"name: {_q(chunk)}", text, count=1, flags=re.M)
        text = re.sub(r"^unit: .*$", f"unit: {_q(chunk)}", text, count=1, flags=re.M)
        (branch / "branch.yaml").write_text(text, encoding="utf-8")
        for year in ("2024", "2025"):
            folder = branch / year
            dossier = folder / "dossier.yaml"
            pdf = next((folder / "evidence").glob("*.pdf"))
            shutil.copy(pdf, folder / "evidence" / f"{EVIDENCE_NAME}.pdf")
            text = dossier.read_text(encoding="utf-8")
            text = re.sub(r"  - type: 发展党员\n(?:    .*\n)*", "", text)
            text = re.sub(
                r"^  A2\.7:\n(?:    .*\n)*",
                f"  A2.7:\n    na_reason: {_q('无发展对象' + ALL)}\n",
                text,
                count=1,
                flags=re.M,
            )
            text = text.replace(
                "    evidence: [evidence/责任清单.pdf]",
                f"    evidence: [evidence/责任清单.pdf, {_q('evidence/' + EVIDENCE_NAME + '.pdf')}]"
                f"\n    note: {_q('说明' + ALL)}",
                1,
            )
            dossier.write_text(text, encoding="utf-8")
            (folder / "review.yaml").write_text(
                f"group: 第一督导组\nreviewed_on: {year}-12-20\nitems:\n"
                f"  A3.2:\n    score: {4 if code == 'T-01' else 1}\n"
                f"    reason: {_q('核定' + ALL)}\n",
                encoding="utf-8",
            )
            for name in ("highlights.md", "summary.md"):
                (folder / name).write_text(NARRATIVE, encoding="utf-8")
    # A ledger, so that the 党员积分 page names T-01, its zone and its level.
    Ledger(types.SimpleNamespace(year_dir=content / "branches" / "T-01" / "2025")).write()
    return content


SHORT = '"><i onclick=x>{#x}'  # for the standard's names, at most 40 characters


def hostile_points_standard(base: Path) -> Path:
    """The standards folder with hostile text in every string of points.yaml the site shows."""
    folder = base / "schemas"
    shutil.copytree(SCHEMAS, folder)
    path = folder / "points.yaml"
    _set(path, "title: 市直机关党员积分管理标准", f"title: {_q('积分标准' + ALL)}")
    _set(path, "title: 参加集中学习", f"title: {_q('集中学习' + SHORT)}")
    _set(path, "requirement: 按时参加支部组织的集中学习", f"requirement: {_q('学习' + ALL)}")
    _set(path, "evidence_hint: 培训通知或结业证明", f"evidence_hint: {_q('结业' + SHORT)}")
    _set(path, "name: 讲政治、有信念", f"name: {_q('讲政治' + SHORT)}")
    _set(path, "    name: 日常积分", f"    name: {_q('日常' + SHORT)}")
    _set(path, "name: 离退休党员", f"name: {_q('离退休' + SHORT)}")
    _set(path, "description: 预备期内参加积分，不参加年度定级", f"description: {_q('预备' + ALL)}")
    return folder


def build(
    config: Path, cwd: Path, strict: bool = True, schemas: Path = SCHEMAS
) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CHECKER_SCHEMAS": str(schemas)}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    flags = ["--strict"] if strict else []
    return subprocess.run(
        [*command, "build", *flags, "-f", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_inert(site: Path) -> int:
    """Every built HTML file holds nothing that a content value could have made."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    for path in pages:
        where = path.relative_to(site)
        parsed = Tags(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, (where, tag, attrs)
            assert attrs.get("id") not in {"x", "y"}, (where, tag, attrs)
            assert not {"x", "y"} & set(attrs.get("class", "").split()), (where, tag, attrs)
            assert tag not in {"marquee", "iframe", "object", "embed", "base"}, (where, tag, attrs)
            if tag == "img":
                assert attrs.get("src") != "x", (where, attrs)
            for name in ("href", "src", "action", "data", "formaction"):
                value = attrs.get(name)
                if value is None:
                    continue
                outside = value.startswith("//") or re.match(r"^\s*[A-Za-z][\w+.-]*:", value)
                if tag == "a" and name == "href" and attrs.get("rel") == SANITIZED_REL:
                    assert re.match(r"^(https?|mailto):", value), (where, attrs)
                    continue  # a narrative's own link, sanitized (see test_site_sanitize)
                assert not outside, (where, tag, attrs)
                assert "branch.yaml" not in value and "summary.md" not in value, (where, attrs)
        for attrs, body in parsed.scripts:
            if attrs.get("type") == "application/json":
                assert attrs.get("id") == "__config", (where, attrs)
                continue
            assert not body.strip(), (where, "inline script", body[:200])
            assert OWN_SCRIPTS.match(attrs.get("src", "")), (where, attrs)
    return len(pages)


def assert_search_index_inert(site: Path) -> None:
    """The index holds each page's text as a reader saw it: markup-like text in it is text
    the page showed escaped, never a tag of the page (the search box escapes it again)."""
    docs = search_index.documents(site)
    assert docs
    for doc in docs:
        page = site / doc["url"].strip("/") / "index.html"
        if not page.is_file():
            continue
        shown = "".join(Tags(page.read_text("utf-8")).text)
        for text in (doc.get("content", ""), *map(str, doc.get("meta", {}).values())):
            for found in re.finditer(r"<\s*(script|img|marquee|iframe)\b[^>]*>?", text):
                assert found.group(0) in shown, (doc["url"], found.group(0))


@pytest.fixture(scope="module", params=[0, 1])
def hostile(request, tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp(f"hostile{request.param}")
    return base, hostile_tree(base, request.param)


def test_validate_accepts_the_hostile_tree(hostile) -> None:
    """The values are odd but valid: the site, not validation, must make them harmless."""
    from conftest import run_cli

    _base, content = hostile
    result = run_cli("validate", str(content), "--format", "json")
    # R007: the tree's 2024 year is a copy that names the 2024 standard; nothing else.
    errors = [f for f in result.findings if f["level"] == "error" and f["code"] != "R007"]
    assert not errors, errors


@pytest.mark.parametrize("scope", ["public", "internal"])
def test_no_value_becomes_markup_on_any_page(hostile, scope: str) -> None:
    base, content = hostile
    config = write_config(base, content, scope, "fail")
    schemas = base / "schemas"
    if not schemas.is_dir():
        hostile_points_standard(base)
    result = build(config, base, strict=True, schemas=schemas)
    assert result.returncode == 0, result.stderr
    site = base / f"site-{scope}-fail"
    assert assert_inert(site) > 5
    assert_search_index_inert(site)
    points = "".join(Tags((site / "credits" / "index.html").read_text("utf-8")).text)
    assert "一区" + ALL in points and "层级" + ALL in points
    standard = "".join(Tags((site / "credits/standard/index.html").read_text("utf-8")).text)
    for shown in ("集中学习" + SHORT, "学习" + ALL, "结业" + SHORT, "讲政治" + SHORT):
        assert shown in standard
    for shown in ("日常" + SHORT, "离退休" + SHORT, "预备" + ALL):
        assert shown in standard
    # A heading keeps md()'s backslashes where Markdown does not take them away (\:).
    assert ("积分标准" + ALL).replace("\\", "") in standard.replace("\\", "")
    page = Tags((site / "branches" / "T-01" / "index.html").read_text(encoding="utf-8"))
    text = "".join(page.text)
    turn = 0 if CHUNKS[0] in text else 1
    name = CHUNKS[turn]
    assert name in text  # shown as text, escaped, not dropped
    assert "机关党委" + ALL in text and "层级" + ALL in text
    if scope == "internal":
        assert "核定" + ALL in text and "无发展对象" + ALL in text
        assert f"{EVIDENCE_NAME}.pdf" in text


def _unresolved_tree(base: Path) -> Path:
    content = build_tree(base)
    _set(
        content / "branches" / "T-02" / "branch.yaml",
        "organization: ORG-01",
        "organization: 'ORG-01 onmouseover=alert(1)'",
    )
    _set(
        content / "organization.yaml",
        "targets:\n",
        "  - id: ORG-03\n    name: 第三机关党委\n    level: city\n"
        "    zone: 'Z1 onmouseover=alert(2)'\ntargets:\n",
    )
    _set(
        content / "branches" / "T-03" / "branch.yaml",
        "organization: ORG-02",
        "organization: ORG-03",
    )
    return content


@pytest.fixture(scope="module")
def unresolved(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("unresolved")
    return base, _unresolved_tree(base)


def test_unresolved_reference_fails_the_strict_build_naming_the_finding(unresolved) -> None:
    base, content = unresolved
    result = build(write_config(base, content, "internal", "fail"), base, strict=True)
    assert result.returncode != 0
    assert "R005" in result.stderr and "T-02" in result.stderr and "T-03" in result.stderr
    assert "Traceback" not in result.stderr


def test_unresolved_reference_leaves_the_branch_out_of_a_plain_build(unresolved) -> None:
    base, content = unresolved
    result = build(write_config(base, content, "internal", "fail"), base, strict=False)
    assert result.returncode == 0, result.stderr
    assert "未列入站点" in result.stderr
    site = base / "site-internal-fail"
    assert (site / "branches" / "T-01" / "index.html").is_file()
    assert not (site / "branches" / "T-02").exists()
    assert not (site / "branches" / "T-03").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json"}:
            assert "onmouseover" not in path.read_text(encoding="utf-8"), path
    assert_inert(site)


def test_site_export_exits_1_on_an_unresolved_reference_and_writes_no_handler(
    unresolved, tmp_path: Path
) -> None:
    from conftest import run_cli

    base, content = unresolved
    config = write_config(base, content, "internal", "fail")
    target = tmp_path / "export"
    result = run_cli("site", "export", str(target), "--config", str(config))
    assert result.code == 1, result.stdout + result.stderr
    assert "R005" in result.stderr and "未列入站点" in result.stderr
    assert not (target / "docs" / "branches" / "T-02").exists()
    for path in (target / "docs").rglob("*.md"):
        assert "onmouseover" not in path.read_text(encoding="utf-8"), path
    validate = run_cli("validate", str(content))
    assert validate.code == 1 and "R005" in validate.stdout


# --- the sanitizer's links ------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "[年度总结](summary.md)",
        "[上一年](../2024/summary.md)",
        "[支部信息](../branch.yaml)",
        "[材料](evidence/会议记录.pdf)",
        "[根](/content/organization.yaml)",
        '<a href="dossier.yaml">台账</a>',
        '<a href="./evidence/x.pdf">材料</a>',
        "[协议相对](//evil.example/x)",
    ],
)
def test_relative_links_into_the_content_tree_are_dropped(link: str) -> None:
    """The content tree is not published: a relative link would be broken or leak a path."""
    html = render_narrative(f"见{link}。")
    hrefs = [attrs.get("href") for tag, attrs in Tags(html).tags if tag == "a"]
    assert all(href is None for href in hrefs), html
    assert "见" in html  # the text stays


def test_anchor_links_within_the_page_are_kept() -> None:
    html = render_narrative("[回到顶部](#top)")
    assert [a.get("href") for t, a in Tags(html).tags if t == "a"] == ["#top"]


@pytest.mark.parametrize(
    "link",
    [
        "[共产党员网](https://www.12371.cn/)",
        '<a href="http://example.org/a">a</a>',
        '<a href="https://example.org/" rel="opener" target="_blank">b</a>',
        "<https://example.org/auto>",
        "[信箱](mailto:dangjian@example.org)",
    ],
)
def test_every_outside_link_gets_noopener_noreferrer(link: str) -> None:
    html = render_narrative(link)
    anchors = [attrs for tag, attrs in Tags(html).tags if tag == "a" and attrs.get("href")]
    assert anchors, html
    for attrs in anchors:
        assert {"noopener", "noreferrer"} <= set(attrs.get("rel", "").split()), html
        assert "opener" not in attrs.get("rel", "").split(), html
        assert "target" not in attrs, html


@pytest.mark.parametrize(
    "value", ["CZJ onmouseover=alert(1)", "Z1}{: onclick=x}", '"><b>', "a b", "", "ORG-01"]
)
def test_ids_and_anchors_are_codes_or_hashes_never_the_raw_value(value: str) -> None:
    from checker.core.site.html import anchor, safe_id
    from checker.dossier.site.pages import branch_page

    made = anchor("org", value)
    assert re.fullmatch(r"org-(none|[A-Za-z0-9][A-Za-z0-9_.-]*)", made), made
    if value == "ORG-01":
        assert made == "org-ORG-01"  # a validated code keeps its readable anchor
    elif value:
        assert made.startswith("org-x") and value not in made
    assert re.fullmatch(r"branches/[A-Za-z0-9_.-]+/index\.md", branch_page(value or "x"))
    assert safe_id(value or "x") == safe_id(value or "x")  # stable: links find their target
