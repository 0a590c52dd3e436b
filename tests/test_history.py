"""`checker history`: a branch re-scored across the git history of its dossier.

Every test builds a real git repository in tmp_path from the good tree (organization.yaml,
branch T-01, and a copy of schemas/), makes real commits with fixed dates, and reads the
history back through checker.history or the command line.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SCHEMAS, TODAY, Tree, isolate_git, run_cli

from checker.dossier import history
from checker.dossier.engine import Engine

D = Decimal


class Repo:
    """The good tree under git, with helpers to commit changes to it."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.base = tree.base
        self.schemas = tree.schemas_copy()
        self.day = 0
        self.git("init", "-q", "-b", "main")
        self.original = tree.text()
        self.commit("建立 2025 年度台账")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.base), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout.strip()

    def commit(self, subject: str) -> str:
        """Commit everything; returns the abbreviated commit id."""
        self.day += 1
        stamp = f"2025-12-{self.day:02d}T10:00:00+08:00"
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = stamp
        self.git("add", "-A")
        self.git("commit", "-q", "-m", subject)
        return self.git("rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate_git(monkeypatch)
    # Repo.commit sets the dates; monkeypatch puts them back afterwards.
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2025-12-01T10:00:00+08:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-12-01T10:00:00+08:00")
    return Repo(tree)


@pytest.fixture
def story(repo: Repo) -> list[str]:
    """Four versions of the dossier and one unrelated commit; the abbreviated ids."""
    shorts = [repo.git("rev-parse", "--short", "HEAD")]
    repo.tree.remove_activity("支委会", "2025-03-06")
    shorts.append(repo.commit("删去 3 月支委会"))
    repo.tree.write(repo.original)
    shorts.append(repo.commit("补回 3 月支委会"))
    (repo.base / "说明.txt").write_text("与台账无关的文件\n", "utf-8")
    repo.commit("与台账无关的提交")
    repo.tree.set_member("M07", "training_hours", "20")
    shorts.append(repo.commit("M07 学时改为 20"))
    return shorts


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every dossier the engine checks, in order."""
    seen: list[Path] = []
    original = Engine.check

    def counting(self: Engine, ref):  # type: ignore[no-untyped-def]
        seen.append(ref.dossier)
        return original(self, ref)

    monkeypatch.setattr(Engine, "check", counting)
    return seen


def points_of(repo: Repo, **options) -> list[history.HistoryPoint]:
    options.setdefault("schemas_dir", repo.schemas)
    return history.branch_history(
        repo.tree.content, "T-01", today=date.fromisoformat(TODAY), **options
    )


# --- the history, through the Python interface --------------------------------------------


def test_trend_names_the_item_the_points_and_the_commit(
    repo: Repo, story: list[str], checks: list[Path]
) -> None:
    points = points_of(repo)
    assert [(p.year, p.short, p.subject) for p in points] == [
        (2025, story[0], "建立 2025 年度台账"),
        (2025, story[1], "删去 3 月支委会"),
        (2025, story[2], "补回 3 月支委会"),
        (2025, story[3], "M07 学时改为 20"),
    ]  # the unrelated commit is not a point
    assert [p.date for p in points] == [f"2025-12-0{d}T10:00:00+08:00" for d in (1, 2, 3, 5)]
    assert [p.total for p in points] == [D("100"), D("99.8"), D("100"), D("99.7")]
    assert [p.grade for p in points] == ["示范"] * 4
    assert history.changes(points) == [
        {},
        {"A2.3": D("-0.2")},
        {"A2.3": D("0.2")},
        {"A1.4": D("-0.3")},
    ]
    trends = history.trend(points)
    assert [(t.id, t.title, t.max, t.scores) for t in trends] == [
        ("A1.4", "党员教育培训", D(3), (D(3), D(3), D(3), D("2.7"))),
        ("A2.3", "支委会", D(3), (D(3), D("2.8"), D(3), D(3))),
    ]
    # The third version is the first one again: it is not scored a second time.
    assert len(checks) == 3
    assert points[0].state == points[2].state != points[1].state


def test_scores_are_cached_by_state_across_calls(
    repo: Repo, story: list[str], checks: list[Path]
) -> None:
    cache = repo.base / "cache"
    first = points_of(repo, cache_dir=cache)
    assert len(checks) == 3
    again = points_of(repo, cache_dir=cache)
    assert len(checks) == 3  # nothing was checked again
    assert again == first
    # A new commit is the only state that needs scoring.
    repo.tree.set_member("M08", "training_hours", "20")
    repo.commit("M08 学时改为 20")
    latest = points_of(repo, cache_dir=cache)
    assert len(checks) == 4
    assert history.changes(latest)[-1] == {"A1.4": D("-0.4")}


def test_points_are_the_same_as_scoring_a_checkout(repo: Repo, story: list[str]) -> None:
    last = points_of(repo)[-1]
    scored = run_cli("score", "--format", "json", "content", schemas=repo.schemas)
    (result,) = scored.json["results"]
    assert float(last.total) == result["total"]
    assert {k: float(v) for k, v in last.scores().items()} == {
        i["id"]: i["score"] for i in result["items"]
    }


def test_limit_and_years(repo: Repo, story: list[str]) -> None:
    assert [p.short for p in points_of(repo, limit=2)] == story[2:]
    assert points_of(repo, years=[2024]) == []
    assert len(points_of(repo, years=[2025])) == 4


def test_uncommitted_changes_are_the_last_point(repo: Repo, story: list[str]) -> None:
    repo.tree.remove_activity("支委会", "2025-06-06")
    points = points_of(repo)
    last = points[-1]
    assert (last.commit, last.short, last.date, last.subject) == (None, "", "", "工作区（未提交）")
    assert last.worktree and last.total == D("99.5")
    assert history.changes(points)[-1] == {"A2.3": D("-0.2")}
    assert len(points_of(repo, worktree=False)) == 4
    # Nothing uncommitted: no such point.
    repo.commit("删去 6 月支委会")
    assert [p.subject for p in points_of(repo)][-1] == "删去 6 月支委会"


def test_a_change_of_the_tracked_standard_is_a_point(repo: Repo, story: list[str]) -> None:
    repo.tree.edit_standard("args: {hours: 32}", "args: {hours: 35}")
    short = repo.commit("标准：学时要求改为 35")
    points = points_of(repo)
    assert [p.short for p in points] == [*story, short]
    # M07 (20), M08 (32) and M09 (33) are below 35: 6 of 9 members.
    assert history.changes(points)[-1] == {"A1.4": D("-0.7")}
    assert points[0].total == D("100")  # the old versions keep the old standard
    # With the current standard for every version, the standard's commit is no point.
    current = points_of(repo, standard_at_commit=False)
    assert [p.short for p in current] == story
    assert current[0].scores()["A1.4"] == D("2.0")


def test_unscoreable_version_is_a_point_with_a_note(repo: Repo, story: list[str]) -> None:
    repo.tree.write("branch: [\n")
    broken = repo.commit("误删台账内容")
    points = points_of(repo)
    last = points[-1]
    assert (last.short, last.scored, last.note) == (broken, False, "台账有错误，无法评分")
    assert last.errors == 1
    assert history.trend(points)[0].scores[-1] is None


def test_not_a_repository_gives_an_empty_history(tree: Tree) -> None:
    assert history.branch_history(tree.content, "T-01", tree.schemas_copy(), date.today()) == []


def test_git_missing_gives_an_empty_history(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert points_of(repo) == []


# --- the command --------------------------------------------------------------------------


def test_cli_text(repo: Repo, story: list[str]) -> None:
    run = run_cli("history", "T-01", schemas=repo.schemas)
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    a, b, c, d = story
    assert run.stdout.splitlines() == [
        "T-01 市财政局第一党支部 2025年度：4 个版本",
        "  日期        提交     总分  等次  说明",
        f"  2025-12-01  {a}  100   示范  建立 2025 年度台账",
        f"  2025-12-02  {b}  99.8  示范  删去 3 月支委会",
        f"  2025-12-03  {c}  100   示范  补回 3 月支委会",
        f"  2025-12-05  {d}  99.7  示范  M07 学时改为 20",
        "  得分变化（只列有变化的条目）：",
        f"    A1.4 党员教育培训（满分 3）：3 → 2.7（{d}）",
        f"    A2.3 支委会（满分 3）：3 → 2.8（{b}）→ 3（{c}）",
        f"    总分（满分 100）：100 → 99.8（{b}）→ 100（{c}）→ 99.7（{d}）",
    ]


def test_cli_json_is_structured_and_deterministic(repo: Repo, story: list[str]) -> None:
    first = run_cli("history", "T-01", "--format", "json", schemas=repo.schemas)
    second = run_cli("history", "T-01", "--format", "json", schemas=repo.schemas)
    assert first.code == 0 and first.stdout == second.stdout
    document = first.json
    assert (document["branch"], document["standard"], document["today"]) == (
        "T-01",
        "commit",
        TODAY,
    )
    (year,) = document["years"]
    assert year["year"] == 2025
    assert [p["short"] for p in year["points"]] == story
    assert [p["changes"] for p in year["points"]] == [
        {},
        {"A2.3": -0.2},
        {"A2.3": 0.2},
        {"A1.4": -0.3},
    ]
    assert year["totals"] == [100.0, 99.8, 100.0, 99.7]
    assert [(t["id"], t["scores"]) for t in year["trend"]] == [
        ("A1.4", [3.0, 3.0, 3.0, 2.7]),
        ("A2.3", [3.0, 2.8, 3.0, 3.0]),
    ]
    assert len(year["points"][0]["items"]) == 30


def test_cli_markdown(repo: Repo, story: list[str]) -> None:
    run = run_cli("history", "T-01", "--format", "markdown", schemas=repo.schemas)
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "## T-01 市财政局第一党支部 2025年度"
    assert f"| 2025-12-02 | `{story[1]}` | 删去 3 月支委会 | 99.8 | 示范 |" in lines
    columns = " | ".join(f"`{s}`" for s in story)
    assert f"| 条目 | 满分 | {columns} |" in lines
    assert "| A2.3 支委会 | 3 | 3 | 2.8 | 3 | 3 |" in lines
    assert "| **总分** | 100 | 100 | 99.8 | 100 | 99.7 |" in lines


def test_cli_branch_folder_and_code_agree(repo: Repo, story: list[str]) -> None:
    by_code = run_cli("history", "T-01", "--format", "json", schemas=repo.schemas)
    by_path = run_cli("history", "content/branches/T-01", "--format", "json", schemas=repo.schemas)
    assert by_path.code == 0 and by_path.stdout == by_code.stdout


def test_cli_worktree_point_and_its_switch(repo: Repo, story: list[str]) -> None:
    repo.tree.remove_activity("支委会", "2025-06-06")
    run = run_cli("history", "T-01", schemas=repo.schemas)
    assert "  —           工作区   99.5  示范  工作区（未提交）" in run.stdout.splitlines()
    quiet = run_cli("history", "T-01", "--no-worktree", schemas=repo.schemas)
    assert "工作区" not in quiet.stdout


def test_cli_outside_git_is_a_usage_error(tree: Tree) -> None:
    run = run_cli("history", "T-01")
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("错误：content 不在 git 仓库中，没有可以读取的历史；")


def test_cli_unknown_branch(repo: Repo) -> None:
    run = run_cli("history", "T-99", schemas=repo.schemas)
    assert run.code == 2
    assert run.stderr.startswith("错误：未找到支部 T-99：content/branches/T-99 不存在")


def test_cli_year_without_dossier(repo: Repo) -> None:
    run = run_cli("history", "T-01", "--year", "2024", schemas=repo.schemas)
    assert run.code == 2
    assert "支部 T-01 在 git 历史中没有 2024 年度的台账" in run.stderr


def test_cli_folder_that_is_not_a_branch(repo: Repo) -> None:
    run = run_cli("history", "content/", schemas=repo.schemas)
    assert run.code == 2
    assert run.stderr.startswith("错误：content 不是支部目录；")


def test_cli_git_missing(repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    run = run_cli("history", "T-01", schemas=repo.schemas)
    assert run.code == 2
    assert run.stderr.strip() == "错误：找不到 git 命令；请安装 git 并确认它在 PATH 中，然后重试"


def test_cli_does_not_touch_the_repository(repo: Repo, story: list[str]) -> None:
    status = repo.git("status", "--porcelain")
    head = repo.git("rev-parse", "HEAD")
    index = (repo.base / ".git" / "index").read_bytes()
    run_cli("history", "T-01", schemas=repo.schemas)
    assert repo.git("status", "--porcelain") == status
    assert repo.git("rev-parse", "HEAD") == head
    assert (repo.base / ".git" / "index").read_bytes() == index


def test_progress_wraps_the_states_being_scored(repo: Repo, story: list[str]) -> None:
    counts: list[int] = []

    def progress(items, count):  # type: ignore[no-untyped-def]
        counts.append(count)
        return items

    cache = repo.base / "cache"
    points_of(repo, cache_dir=cache, progress=progress)
    assert counts == [3]  # four points, three distinct states
    points_of(repo, cache_dir=cache, progress=progress)
    assert counts == [3]  # all cached: nothing to wait for


def test_standard_outside_the_repository_is_used_for_every_version(
    repo: Repo, story: list[str]
) -> None:
    repo.tree.edit_standard("args: {hours: 32}", "args: {hours: 35}")
    repo.commit("标准：学时要求改为 35")
    points = points_of(repo, schemas_dir=SCHEMAS)  # the project's, not the repository's
    assert [p.short for p in points] == story  # the standard's commit is no point
    assert [p.total for p in points] == [D("100"), D("99.8"), D("100"), D("99.7")]
