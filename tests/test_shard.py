"""`checker score --shard I/N` and `checker merge`: the shards of a CI matrix, merged, are
the unsharded run byte for byte; shards that do not make one run are refused.

Over the sample content (`content/`) and over a generated tree of 30 branches (two years
each, bench/generate.py), in a temporary folder, through the real command line.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SCHEMAS, TODAY

from checker.cli.main import cli
from checker.dossier.shard import ShardError, parse_shard, shard_of

sys.path.insert(0, str(REPO / "bench"))
import generate


def checker(*args: str, cache: Path | None = None) -> tuple[int, bytes, str]:
    """`checker --schemas … --today … ARGS` in process: exit code, stdout bytes, stderr."""
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    result = CliRunner().invoke(
        cli, ["--schemas", str(SCHEMAS), "--today", TODAY, *caching, *args], prog_name="checker"
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("shards")
    sample = base / "sample"
    shutil.copytree(REPO / "content", sample)
    generated = base / "generated"
    generate.generate(generated, 60, "shard")
    assert len(list((generated / "branches").iterdir())) == 30
    return {"sample": sample, "generated": generated}


def shards(tree: Path, count: int, folder: Path, *options: str) -> list[Path]:
    """Each shard's JSON output, written to a file as a CI job would."""
    files = []
    for index in range(1, count + 1):
        code, out, err = checker(
            "score", str(tree), "--format", "json", "--shard", f"{index}/{count}", *options,
            cache=folder / "cache",
        )  # fmt: skip
        assert code in (0, 1), err
        files.append(folder / f"shard-{index}.json")
        files[-1].write_bytes(out)
    return files


@pytest.mark.parametrize("count", [1, 2, 7])
@pytest.mark.parametrize("name", ["sample", "generated"])
def test_merged_shards_are_the_unsharded_run_byte_for_byte(
    trees: dict[str, Path], tmp_path: Path, name: str, count: int
) -> None:
    tree = trees[name]
    code, whole, _ = checker("score", str(tree), "--format", "json")
    files = shards(tree, count, tmp_path)
    # Every shard holds whole branches, and together they hold every dossier once.
    seen: list[str] = []
    for file in files:
        document = json.loads(file.read_bytes())
        branches = {r["branch"] for r in document["results"]}
        assert all(shard_of(b, count) == document["shard"]["index"] for b in branches)
        seen += [r["file"] for r in document["results"]]
    assert sorted(seen) == sorted(r["file"] for r in json.loads(whole)["results"])
    merged_code, merged, err = checker("merge", *map(str, reversed(files)))
    assert merged == whole, err
    assert merged_code == code
    # -o writes the same bytes into a file, and nothing else beside it.
    out = tmp_path / "out" / "results.json"
    assert checker("merge", *map(str, files), "-o", str(out))[:2] == (code, b"")
    assert out.read_bytes() == whole
    assert os.listdir(out.parent) == ["results.json"]


def test_filters_shard_and_merge_like_the_unsharded_listing(
    trees: dict[str, Path], tmp_path: Path
) -> None:
    tree = trees["generated"]
    options = ("--year", "2025", "--below", "达标")
    _, whole, _ = checker("score", str(tree), "--format", "json", *options)
    assert 0 < len(json.loads(whole)["results"]) < 30
    files = shards(tree, 3, tmp_path, *options)
    assert checker("merge", *map(str, files))[1] == whole


def test_adding_a_branch_moves_no_other_branch(trees: dict[str, Path], tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(trees["sample"], tree)

    def branches_by_shard() -> dict[int, set[str]]:
        found = {}
        for index in (1, 2, 3):
            out = checker("score", str(tree), "--format", "json", "--shard", f"{index}/3")[1]
            found[index] = {r["branch"] for r in json.loads(out)["results"]}
        return found

    before = branches_by_shard()
    source = next((tree / "branches").iterdir())
    shutil.copytree(source, tree / "branches" / "379999-NEW-01")
    after = branches_by_shard()
    assert all(before[i] <= after[i] for i in before)
    assert sum(len(b) for b in after.values()) == sum(len(b) for b in before.values()) + 1


@pytest.mark.parametrize("value", ["0/3", "4/3", "x", "3", "1/0", "-1/3", "1/3/4", ""])
def test_a_bad_shard_is_a_chinese_usage_error(trees: dict[str, Path], value: str) -> None:
    code, out, err = checker("score", str(trees["sample"]), "--shard", value)
    assert code == 2 and out == b""
    assert "错误：'--shard' 的值不对：" in err
    assert "分片" in err
    with pytest.raises(ShardError):
        parse_shard(value)


def test_the_text_listing_of_a_shard_lists_only_its_branches(trees: dict[str, Path]) -> None:
    code, out, _ = checker("score", str(trees["sample"]), "--shard", "1/2")
    assert code == 0
    text = out.decode()
    codes = {p.name for p in (trees["sample"] / "branches").iterdir()}
    mine = {c for c in codes if shard_of(c, 2) == 1}
    assert mine and all(c in text for c in mine)
    assert not any(c in text for c in codes - mine)


def test_merge_refuses_shards_that_are_not_one_run(
    trees: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = trees["sample"]
    one, two, three = shards(tree, 3, tmp_path / "a")

    def refused(*files: Path) -> str:
        code, out, err = checker("merge", *map(str, files))
        assert code == 2 and out == b"", err
        assert err.startswith("错误："), err
        return err

    assert "错误：无法合并：缺少分片 2/3（共 3 片，给出的是 1/3、3/3）" in refused(one, three)
    assert "分片 1/3 给了两次" in refused(one, one, two, three)
    other_count = shards(tree, 2, tmp_path / "b")
    assert "分片总数不同" in refused(one, other_count[1], three)
    year = shards(tree, 3, tmp_path / "c", "--year", "2025")
    assert "不是同一次评分的" in refused(one, year[1], three)
    _, plain, _ = checker("score", str(tree), "--format", "json")
    (tmp_path / "plain.json").write_bytes(plain)
    assert "没有分片信息" in refused(one, tmp_path / "plain.json", three)
    (tmp_path / "cut.json").write_bytes(two.read_bytes()[:-100])
    assert "不是 JSON" in refused(one, tmp_path / "cut.json", three)
    assert "无法读取分片" in refused(one, tmp_path / "none.json", three)
    # Positions that do not match the results: a hand-edited shard.
    edited = json.loads(two.read_bytes())
    edited["shard"]["positions"] = edited["shard"]["positions"][:-1]
    (tmp_path / "edited.json").write_text(json.dumps(edited, ensure_ascii=False), "utf-8")
    assert "与其中的结果不符" in refused(one, tmp_path / "edited.json", three)
    # Another standard: a copy of schemas/ with another version.
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    standard = schemas / "standard.yaml"
    text = standard.read_text("utf-8")
    standard.write_text(text.replace('version: "2025.1"', 'version: "2025.9"', 1), "utf-8")
    result = CliRunner().invoke(
        cli,
        ["--schemas", str(schemas), "--today", TODAY, "--no-cache", "score", str(tree),
         "--format", "json", "--shard", "2/3"],
    )  # fmt: skip
    (tmp_path / "other-standard.json").write_bytes(result.stdout_bytes)
    err = refused(one, tmp_path / "other-standard.json", three)
    assert "分片所用的标准不同" in err and "2025.9" in err
    # Another checker version.
    import checker.cli.check as check_cli

    monkeypatch.setattr(check_cli, "__version__", "99.0.0")
    newer = shards(tree, 3, tmp_path / "d")
    assert "分片由不同版本的 checker 生成" in refused(one, newer[1], three)


def test_merge_exits_1_like_score_when_a_dossier_cannot_be_scored(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "content", tree)
    broken = sorted((tree / "branches").glob("*/2025/dossier.yaml"))[0]
    broken.write_text("branch: [\n", "utf-8")
    code, whole, _ = checker("score", str(tree), "--format", "json")
    assert code == 1
    files = shards(tree, 2, tmp_path)
    assert checker("merge", *map(str, files))[:2] == (1, whole)


def test_the_site_is_built_from_the_shards_merged_caches_without_scoring_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each CI job scores its shard into its own cache; the merge job copies the caches into
    one folder, and the plugin (which collects with an absolute content root, as mkdocs.yml
    names it) finds every dossier there."""
    from checker.dossier.engine import Engine
    from checker.dossier.site.collect import collect

    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    for index in (1, 2, 3):
        code, _, err = checker(
            "score", "--format", "json", "--shard", f"{index}/3", cache=tmp_path / f"job-{index}"
        )
        assert code == 0, err
    merged = tmp_path / ".checker-cache"
    for index in (1, 2, 3):
        shutil.copytree(tmp_path / f"job-{index}", merged, dirs_exist_ok=True)
    checked = []
    real = Engine._check
    monkeypatch.setattr(Engine, "_check", lambda e, ref: checked.append(ref) or real(e, ref))
    from datetime import date

    data = collect(
        (tmp_path / "content").absolute(), SCHEMAS, today=date.fromisoformat(TODAY),
        cache_dir=merged,
    )  # fmt: skip
    assert checked == []
    assert sum(len(b.years) for b in data.branches) == 28
