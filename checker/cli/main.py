"""The `checker` command line. It only translates options; the work happens in the engine."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import click

from checker import __version__
from checker.cli import ci as ci_cli
from checker.cli import history, word, zh
from checker.cli import ingest as ingest_cli
from checker.cli import init as init_cli
from checker.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    content_option,
    echo,
    fail,
    format_option,
    jobs_option,
    root_of,
)
from checker.core.findings import Finding
from checker.core.jsonout import dumps, dumps_bytes
from checker.core.paths import ORGANIZATION_FILE, default_root, display
from checker.core.periods import default_today
from checker.core.progress import track
from checker.core.standard_choice import PinError, StandardChoice, choose_standard
from checker.core.standards import StandardsFolder
from checker.core.textfile import os_reason
from checker.dossier.engine import Engine, run
from checker.dossier.layout import DossierRef, discover
from checker.dossier.report.markdown import score_markdown
from checker.dossier.report.text import finding_line, score_block
from checker.dossier.results import DossierResult
from checker.dossier.scaffold import NewDossier, scaffold
from checker.dossier.standard import StandardError

zh.install()  # click's own messages (usage errors, help headings) in Chinese


def _today(value: str | None) -> date:
    if not value:
        return default_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


class Session:
    """Options shared by every command, and the engine they build."""

    def __init__(
        self, schemas: Path | None, today: str | None, cache: bool, cache_dir: Path
    ) -> None:
        self.explicit = schemas  # --schemas; None: chosen per content root (standard_choice)
        self.today = _today(today)
        self.cache_dir = cache_dir if cache else None
        self._choices: dict[Path, StandardChoice] = {}

    def choice(self, content_root: Path | None = None) -> StandardChoice:
        """The standard in force for ``content_root`` (default: the default content root),
        as its organization.yaml pins it; a pin that cannot be honoured stops the command."""
        root = content_root if content_root is not None else default_root()
        if root not in self._choices:
            try:
                self._choices[root] = choose_standard(root, self.explicit)
            except PinError as exc:
                fail(str(exc))
        return self._choices[root]

    def engine(self, content_root: Path | None = None) -> Engine:
        schemas = self.choice(content_root).folder
        try:
            return Engine(schemas, self.today, self.cache_dir)
        except StandardError as exc:
            for finding in exc.findings:
                echo(finding_line(finding), err=True)
            fail(f"标准文件 {display(StandardsFolder(schemas).standard_path)} 有错误，无法检查台账")
        except OSError as exc:
            fail(f"无法读取标准目录 {display(schemas)}：{os_reason(exc)}")
        raise AssertionError("unreachable")


def _refs(paths: tuple[Path, ...], engine: Engine | None = None) -> list[DossierRef]:
    targets = list(paths) or [default_root()]
    refs, empty = discover(targets)
    broken = False
    for path in targets:
        if path not in empty and not path.exists() and not path.is_symlink():
            echo(f"说明：{display(path)} 不存在，检查了它所属的台账。", err=True)
    for path in empty:
        if not path.exists():
            echo(f"错误：路径 {display(path)} 不存在", err=True)
            continue
        if engine is not None:
            # A new repository has no dossier yet, but its organization.yaml can be wrong.
            broken |= _report_organization(engine, path)
        finding = Finding("R010", f"在 {display(path)} 下未找到台账", display(path), 0, 0)
        echo(finding_line(finding), err=True)
    if not refs or empty:
        sys.exit(EXIT_FINDINGS if broken else EXIT_USAGE)
    return refs


def _report_organization(engine: Engine, path: Path) -> bool:
    """Print the findings of the organization.yaml at ``path`` (a root or the file itself);
    True when one of them is an error."""
    root = path.parent if path.name == ORGANIZATION_FILE else path
    if not (root / ORGANIZATION_FILE).is_file():
        return False
    organization = engine.organization(root)
    findings = organization.findings if organization is not None else []
    for finding in sorted(findings, key=Finding.sort_key):
        echo(finding_line(finding))
    return any(f.is_error for f in findings)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker", message="%(prog)s %(version)s")
@click.option(
    "--schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help=(
        "标准和 JSON Schema 所在目录（默认：当前目录的 schemas/，"
        "否则用内置标准中 organization.yaml 指定的一版）。"
    ),
)
@click.option("--today", metavar="YYYY-MM-DD", help="按指定日期判断“今天”，用于复核往期结果。")
@click.option("--cache/--no-cache", default=True, show_default=True, help="复用未改动台账的结果。")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".checker-cache"),
    show_default=True,
    help="结果缓存目录。",
)
@click.pass_context
def cli(
    ctx: click.Context, schemas: Path | None, today: str | None, cache: bool, cache_dir: Path
) -> None:
    """党支部标准化建设台账：校验、评分与报告。"""
    ctx.obj = Session(schemas, today, cache, cache_dir)


PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _staged_refs(paths: tuple[Path, ...]) -> list[DossierRef]:
    """The dossiers of PATHS (none by default) and those the git index takes a file from."""
    from checker.core.gitrepo import GitError, NotARepository
    from checker.dossier.staged import dossiers_losing_files

    try:
        losing = dossiers_losing_files(Path("."))
    except NotARepository:
        fail(
            f"--staged 检查 git 暂存区，但当前目录 {Path.cwd().as_posix()} 不在 git 仓库中："
            "请在台账仓库中运行，或去掉 --staged"
        )
    except GitError as exc:
        fail(f"--staged 检查 git 暂存区，但{exc}")
    given = _refs(paths) if paths else []
    return sorted({*given, *losing})


NOTHING_STAGED = "暂存区的改动不涉及任何台账，无需检查。"


@cli.command()
@PATHS
@click.option(
    "--staged",
    is_flag=True,
    help="另外检查 git 暂存区删除或改名的文件所属的台账（供 pre-commit 使用）；"
    "不给 PATHS 时只检查这些。",
)
@format_option(["text", "json", "sarif", "junit"])
@jobs_option
@click.pass_obj
def validate(session: Session, paths: tuple[Path, ...], staged: bool, fmt: str, jobs: int) -> None:
    """校验台账的格式、引用、日期和佐证材料。

    PATHS 可以是台账文件、年度目录、支部目录或内容根目录，默认 content/（台账仓库中为当前
    目录）；也可以是台账目录中的其他文件，包括已删除的文件，检查它所属的台账。
    """
    engine = session.engine(root_of(paths))
    refs = _staged_refs(paths) if staged else _refs(paths, engine)
    findings = engine.organization_findings(refs)
    for result in track(run(engine, refs, jobs), len(refs)):
        findings.extend(result.findings)
    findings.sort(key=Finding.sort_key)
    if fmt == "json":
        payload = {"dossiers": len(refs), "findings": [f.to_dict() for f in findings]}
        click.echo(dumps(payload))
    elif fmt in ("sarif", "junit"):
        from checker.dossier.report import machine

        writer = machine.sarif if fmt == "sarif" else machine.junit
        click.echo(writer(findings, len(refs)))
    else:
        for finding in findings:
            echo(finding_line(finding))
        # Only --staged gets here with no dossier: a commit that touches none passes.
        echo(_summary(len(refs), findings) if refs else NOTHING_STAGED, err=True)
    sys.exit(EXIT_FINDINGS if any(f.is_error for f in findings) else EXIT_OK)


def _summary(count: int, findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"检查了 {count} 份台账，没有发现问题。"
    return f"检查了 {count} 份台账：{errors} 个错误，{warnings} 个警告。"


@cli.command()
@PATHS
@format_option(["text", "json", "markdown"])
@jobs_option
@click.pass_obj
def score(session: Session, paths: tuple[Path, ...], fmt: str, jobs: int) -> None:
    """为每份台账逐条评分，说明每一处失分的原因。"""
    engine = session.engine(root_of(paths))
    refs = _refs(paths)
    unscored = 0

    def results() -> Iterator[DossierResult]:
        nonlocal unscored
        for result in track(run(engine, refs, jobs), len(refs), streaming=True):
            unscored += not result.scored
            yield result

    writers: dict[str, Callable[[Iterator[DossierResult]], None]] = {
        "json": _write_json,
        "markdown": lambda rs: _write_lines(line for r in rs for line in score_markdown(r)),
        "text": lambda rs: _write_lines(line for r in rs for line in (*score_block(r), "")),
    }
    writers[fmt](results())
    sys.exit(EXIT_FINDINGS if unscored else EXIT_OK)


def _write_lines(lines: Iterator[str]) -> None:
    for line in lines:
        echo(line)


def _write_json(results: Iterator[DossierResult]) -> None:
    """Stream `{"results": [...]}` one result at a time, so memory stays flat."""
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    write = out.write if out is not None else (lambda b: sys.stdout.write(b.decode("utf-8")))
    write(b'{\n  "results": [')
    first = True
    for result in results:
        text = dumps_bytes(result.to_dict()).replace(b"\n", b"\n    ")
        write((b"\n    " if first else b",\n    ") + text)
        first = False
    write(b"\n  ]\n}\n" if not first else b"]\n}\n")
    if out is not None:
        out.flush()


@cli.command()
@click.argument("code")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="考核年度。")
@content_option()
@click.option("--name", help="支部名称（新建支部时必填）。")
@click.option(
    "--organization", help="上级党组织的编号或全称，须是 organization.yaml 中的（新建支部时必填）。"
)
@click.option(
    "--from",
    "carry_from",
    type=click.IntRange(2000, 2100),
    help="沿用本支部这一年度台账的党员名册、支部委员会和党小组。",
)
@click.pass_obj
def new(
    session: Session,
    code: str,
    year: int,
    content_dir: Path,
    name: str | None,
    organization: str | None,
    carry_from: int | None,
) -> None:
    """新建一份年度台账（以及尚不存在的支部基本信息）。"""
    engine = session.engine(content_dir)
    request = NewDossier(code, year, name, organization, carry_from)
    made = scaffold(engine, content_dir, request, fail)
    for path in made.written:
        echo(f"已生成 {display(path)}")
    for note in made.notes:
        echo(f"请注意：{note}")
    echo(f"下一步：填写后运行 `checker validate {display(made.written[-1].parent)}`")


@cli.command()
@format_option(["text", "markdown"])
def codes(fmt: str) -> None:
    """列出全部问题代码：类别、级别、含义、为什么要改和修改方法。"""
    from checker.core.codes import DOMAINS, FAMILIES, codes_of, markdown_block

    if fmt == "markdown":
        echo(markdown_block())
        return
    for family in FAMILIES.values():
        echo(f"{family.letter} {family.name}（{DOMAINS[family.domain]}）——{family.description}")
        for row in codes_of(family):
            echo(f"  {row.code} {row.level:7} {row.title}：{row.why}{row.fix}")


@cli.group()
def site() -> None:
    """展示站点（MkDocs）：生成的页面。"""


@site.command("export")
@click.argument("directory", metavar="目录", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="站点配置文件；插件设置从其中的 dossier 插件读取。",
)
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="内容根目录（默认取配置中的设置）。",
)
@click.option(
    "--scope",
    type=click.Choice(["public", "internal"]),
    help="公开范围：public 只含示范党支部和汇总，internal 含全部党支部。",
)
@click.option(
    "--pii",
    type=click.Choice(["fail", "redact"]),
    help="公开文字中有个人信息时：fail 停止，redact 自动隐去。",
)
@jobs_option
@click.pass_context
def site_export(
    ctx: click.Context,
    directory: Path,
    config_file: Path,
    content_dir: Path | None,
    scope: str | None,
    pii: str | None,
    jobs: int,
) -> None:
    """把站点页面写入目录（与插件生成的页面相同），可用 mkdocs 或 properdocs 构建。"""
    from checker.dossier.site.export import (
        CollectError,
        ExportError,
        export,
        options_from,
        read_config,
    )
    from checker.dossier.site.generator import PrivacyError

    session: Session = ctx.obj
    given = ctx.find_root().params  # --today overrides the plugin's setting, --schemas too
    try:
        settings = read_config(config_file)
        options = options_from(
            settings,
            content=content_dir,
            scope=scope,
            pii=pii,
            schemas=session.explicit,
            today=session.today if given.get("today") else None,
            jobs=jobs,
            cache_dir=session.cache_dir,
        )
        options.progress = track
        generated = export(settings, options, directory)
    except PrivacyError as exc:
        for finding in exc.findings:
            echo(finding_line(finding), err=True)
        fail(f"{len(exc.findings)} 处公开内容含有个人信息，未导出", EXIT_FINDINGS)
        return
    except (ExportError, CollectError, PinError) as exc:
        fail(str(exc))
        return
    except StandardError as exc:
        for finding in exc.findings:
            echo(finding_line(finding), err=True)
        fail("标准文件有错误，无法生成站点")
        return
    for message in generated.warnings:
        echo(f"警告：{message}", err=True)
    for message in generated.notices:
        echo(message, err=True)
    echo(
        f"已导出 {len(generated.pages)} 个页面、{len(generated.media)} 张图片"
        f"到 {display(directory)}；"
        f"构建：cd {display(directory)} && mkdocs build（或 properdocs build）"
    )
    data = generated.data
    left_out = len(data.unresolved) if data is not None else 0
    left_out += sum(1 for f in data.findings if f.code == "F008") if data is not None else 0
    if left_out:
        # Written without them, as a non-strict build would be; CI stops here all the same.
        fail(f"{left_out} 处内容有错误（见上方警告），未列入站点", EXIT_FINDINGS)


cli.add_command(word.template)
cli.add_command(word.import_form)
cli.add_command(word.report)
cli.add_command(ingest_cli.ingest)
cli.add_command(ci_cli.ci)
cli.add_command(ci_cli.init_ci)
cli.add_command(history.history)
cli.add_command(init_cli.init)


def main() -> None:
    """Entry point: never show a traceback to a user; CHECKER_DEBUG=1 shows it."""
    try:
        cli(prog_name="checker")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence, not a way of handling errors
        if os.environ.get("CHECKER_DEBUG"):
            raise
        echo(
            f"checker 内部错误：{type(exc).__name__}: {exc}\n"
            "这是工具本身的问题，不是台账的问题。请把这段信息和所检查的文件报告给维护人员；"
            "设置环境变量 CHECKER_DEBUG=1 可查看详细信息。",
            err=True,
        )
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
