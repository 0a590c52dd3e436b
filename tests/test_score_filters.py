"""`checker score` filters (--year, --grade, --below, --zone, --organization) and the
overview that ends its text output, on the sample content of this repository.

What a filter should list is worked out from `checker score --format json` (unfiltered) and
from the data files (the grades of schemas/standard.yaml, the zones of organization.yaml),
never from a list written here.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, Tree, run_cli

from checker.cli.main import cli

TODAY = "2026-12-01"
GRADES = [g["name"] for g in yaml.safe_load((REPO / "schemas/standard.yaml").read_text())["grades"]]
ORGANIZATION = yaml.safe_load((REPO / "content/organization.yaml").read_text("utf-8"))


def score(*args: str) -> tuple[int, str, str]:
    """`checker score content/ ARGS` on the sample content, in the repository."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        done = CliRunner().invoke(cli, ["--today", TODAY, "--no-cache", "score", "content/", *args])
    finally:
        os.chdir(cwd)
    assert "Traceback" not in done.output
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture(scope="module")
def everything() -> list[dict]:
    code, stdout, _ = score("--format", "json")
    assert code == 0
    return json.loads(stdout)["results"]


def overview_rows(stdout: str) -> list[list[str]]:
    """The rows of the overview table (支部, 年度, 总分, 等次, 较上年), header left out."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"总览：\d+ 份台账", line))
    assert lines[start + 1].split() == ["支部", "年度", "总分", "等次", "较上年"]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("  "):
            break
        rows.append(line.split())
    return rows


def count_lines(stdout: str) -> dict[str, int]:
    found = re.findall(r"^(\S+)：(\d+) 个$", stdout, re.M)
    return {grade: int(count) for grade, count in found}


def below(grade: str, result: dict) -> bool:
    return not result["scored"] or GRADES.index(result["grade"]) > GRADES.index(grade)


def test_below_lists_exactly_the_results_under_the_grade(everything: list[dict]) -> None:
    code, stdout, _ = score("--below", "达标", "--year", "2025")
    assert code == 0
    listed = {(row[0], row[1]) for row in overview_rows(stdout)}
    expected = {
        (r["branch"], str(r["year"])) for r in everything if r["year"] == 2025 and below("达标", r)
    }
    assert listed == expected and expected  # the sample has some, so the test can fail
    # Every listed dossier has its score block above the overview, and no other does.
    blocks = {
        line.split()[0] for line in stdout.splitlines() if re.match(r"\d{6}-\S+ .*分，", line)
    }
    assert blocks == {branch for branch, _ in expected}


def test_json_and_markdown_honour_the_filters(everything: list[dict]) -> None:
    _, stdout, _ = score("--format", "json", "--below", "达标", "--year", "2025")
    payload = json.loads(stdout)
    assert list(payload) == ["results"]  # the same shape, fewer results
    assert payload["results"] == [r for r in everything if r["year"] == 2025 and below("达标", r)]
    _, markdown, _ = score("--format", "markdown", "--grade", GRADES[0], "--year", "2024")
    wanted = {r["branch"] for r in everything if r["year"] == 2024 and r["grade"] == GRADES[0]}
    unwanted = {r["branch"] for r in everything} - wanted
    assert wanted and all(b in markdown for b in wanted)
    assert not any(b in markdown for b in unwanted)


def test_grade_may_repeat(everything: list[dict]) -> None:
    _, stdout, _ = score("--format", "json", "--grade", GRADES[1], "--grade", GRADES[2])
    got = json.loads(stdout)["results"]
    assert got == [r for r in everything if r["grade"] in GRADES[1:3]]
    assert {r["grade"] for r in got} == set(GRADES[1:3])


@pytest.mark.parametrize("by", ["id", "name"])
def test_zone_by_id_or_name(everything: list[dict], by: str) -> None:
    zone = ORGANIZATION["zones"][0]
    _, stdout, _ = score("--format", "json", "--zone", zone[by])
    got = json.loads(stdout)["results"]
    assert got and got == [r for r in everything if r["zone"] == zone["id"]]


def test_organization_takes_in_the_organizations_under_it(everything: list[dict]) -> None:
    children = [o for o in ORGANIZATION["organizations"] if o.get("parent")]
    assert children, "the sample organization.yaml has an organization with a parent"
    parent = children[0]["parent"]
    under = {parent} | {o["id"] for o in children if o["parent"] == parent}
    for given in (
        parent,
        next(o["name"] for o in ORGANIZATION["organizations"] if o["id"] == parent),
    ):
        _, stdout, _ = score("--format", "json", "--organization", given)
        got = json.loads(stdout)["results"]
        assert got == [r for r in everything if r["organization"] in under]
        assert {r["organization"] for r in got} == under


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--grade", "优秀", GRADES),
        ("--below", "合格", GRADES),
        ("--zone", "Z9", [f"{z['id']}（{z['name']}）" for z in ORGANIZATION["zones"]]),
        ("--organization", "无此组织", [o["id"] for o in ORGANIZATION["organizations"]]),
    ],
)
def test_an_unknown_value_is_a_usage_error_naming_the_valid_ones(
    option: str, value: str, listed: list[str]
) -> None:
    code, stdout, stderr = score(option, value)
    assert code == 2 and stdout == ""
    assert f"错误：{option} 的值不对：没有“{value}”这个" in stderr
    assert all(name in stderr for name in listed), stderr


def test_overview_counts_and_change_from_the_previous_year(everything: list[dict]) -> None:
    code, stdout, _ = score()
    assert code == 0
    rows = overview_rows(stdout)
    assert len(rows) == len(everything)
    counted = Counter(r["grade"] for r in everything)
    assert count_lines(stdout) == {grade: counted[grade] for grade in GRADES}
    assert list(count_lines(stdout)) == GRADES  # in the standard's order
    totals = {(r["branch"], r["year"]): r["total"] for r in everything}
    for branch, year, total, _, change in rows:
        before = totals.get((branch, int(year) - 1))
        if before is None:
            assert change == "—"
        else:
            assert float(change) == pytest.approx(float(total) - before), (branch, year)
    # Filtered to one year, the change still reads the year the filter leaves out.
    one_year = overview_rows(score("--year", "2025")[1])
    assert one_year and all(row[4] != "—" for row in one_year)
    assert "：" in stdout and "总览：" in stdout


def test_below_lists_a_dossier_that_could_not_be_scored_and_grade_does_not(tree: Tree) -> None:
    tree.write("branch: [unclosed\n")
    lowest = run_cli("score", "content", "--below", GRADES[0])
    assert lowest.code == 1  # it is listed, and it could not be scored
    assert [row[3] for row in overview_rows(lowest.stdout)] == ["未能评分"]
    assert count_lines(lowest.stdout)["未能评分"] == 1
    best = run_cli("score", "content", "--grade", GRADES[-1])
    assert best.code == 0 and overview_rows(best.stdout) == []


def test_the_overview_lines_up_on_a_terminal(everything: list[dict]) -> None:
    from checker.core.columns import width

    lines = score("--year", "2025")[1].splitlines()
    start = lines.index(next(line for line in lines if line.startswith("总览：")))
    table = [line for line in lines[start + 1 :] if line.startswith("  ")]
    # The fourth column (等次) starts at the same display column on every line.
    starts = {width(re.match(r"(\s*\S+\s+\S+\s+\S+\s+)", line).group(1)) for line in table}
    assert len(starts) == 1, table


def test_score_options_are_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for option in ("--year", "--grade", "--below", "--zone", "--organization", "较上年"):
        assert option in readme.split("## 历史趋势")[0], option
