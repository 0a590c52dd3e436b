"""Re-runs find unchanged dossiers by the stat of their files, without reading them; any
change to a folder's files (content, a file added, removed or renamed) still misses, and a
file touched but unchanged still hits through its content hash.

Real files on disk: the good tree is copied, its times set an hour back (files written just
now are "racy" and never get a signature), and the engine checks it with a result cache.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import SCHEMAS, Tree

import checker.dossier.engine as engine_module
from checker.core.cache import RACY_NS, ResultCache, StatSignature
from checker.dossier.engine import Engine
from checker.dossier.layout import DossierRef

TODAY = date(2026, 11, 29)
HOUR_AGO = time.time() - 3600


class Counting:
    """The engine's two costly steps, counted: hashing a dossier's files, and checking it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hashed = 0
        self.checked = 0
        real_key, real_check = engine_module.cache_key, Engine._check

        def cache_key(*args, **kwargs):
            self.hashed += 1
            return real_key(*args, **kwargs)

        def check(engine, ref):
            self.checked += 1
            return real_check(engine, ref)

        monkeypatch.setattr(engine_module, "cache_key", cache_key)
        monkeypatch.setattr(Engine, "_check", check)

    def reset(self) -> tuple[int, int]:
        seen = (self.hashed, self.checked)
        self.hashed = self.checked = 0
        return seen


def age(root: Path, when: float = HOUR_AGO) -> None:
    """Every file and folder under ``root`` last modified at ``when``."""
    for path in [root, *root.rglob("*")]:
        os.utime(path, (when, when), follow_symlinks=False)


@pytest.fixture
def setup(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> tuple[Tree, Engine, DossierRef, Counting]:
    age(tree.content)
    engine = Engine(SCHEMAS, TODAY, tree.base / "cache")
    ref = DossierRef(Path("content/branches/T-01/2025/dossier.yaml"))
    counting = Counting(monkeypatch)
    first = engine.check(ref)
    assert first.scored and counting.reset() == (1, 1)
    return tree, engine, ref, counting


def signatures(tree: Tree) -> list[Path]:
    return sorted((tree.base / "cache" / "signatures").rglob("*.key"))


def test_an_unchanged_dossier_is_found_without_reading_its_files(setup) -> None:
    tree, engine, ref, counting = setup
    assert len(signatures(tree)) == 1
    again = engine.check(ref)
    assert counting.reset() == (0, 0)  # neither hashed nor checked
    assert again.to_dict() == Engine(SCHEMAS, TODAY).check(ref).to_dict()


def test_a_touched_but_identical_file_hits_by_content_and_is_signed_again(setup) -> None:
    tree, engine, ref, counting = setup
    os.utime(tree.dossier, (HOUR_AGO + 60, HOUR_AGO + 60))
    engine.check(ref)
    assert counting.reset() == (1, 0)  # hashed, found, not checked
    (record,) = signatures(tree)  # one per dossier: the new look of the same files replaces it
    assert StatSignature.holds(json.loads(record.read_bytes()))
    engine.check(ref)
    assert counting.reset() == (0, 0)


def test_a_change_of_the_same_size_misses_even_with_the_old_modification_time(setup) -> None:
    tree, engine, ref, counting = setup
    branch = tree.content / "branches" / "T-01" / "branch.yaml"
    before = branch.stat()
    text = branch.read_text("utf-8")
    assert "第一党支部" in text
    changed = text.replace("第一党支部", "第二党支部")  # the same number of bytes
    assert len(changed.encode()) == before.st_size
    with open(branch, "r+b") as stream:  # in place: the inode stays
        stream.write(changed.encode())
    os.utime(branch, ns=(before.st_atime_ns, before.st_mtime_ns))  # and so does the mtime
    after = branch.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    # Only the change time tells: it cannot be set back, so the edit still misses.
    result = engine.check(ref)
    assert counting.reset() == (1, 1)
    assert result.name == "市财政局第二党支部"


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename", "add_folder"])
def test_any_change_to_the_year_folder_misses(setup, change: str) -> None:
    tree, engine, ref, counting = setup
    evidence = sorted(tree.evidence.iterdir())
    if change == "edit":
        tree.write(tree.text().replace("branch: T-01\n", "branch: T-01 \n"))
    elif change == "add":
        (tree.year_dir / "summary.md").write_text("# 年度工作总结\n\n新写的总结。\n", "utf-8")
    elif change == "remove":
        evidence[0].unlink()
    elif change == "rename":
        evidence[0].rename(evidence[0].with_name("改名-" + evidence[0].name))
    else:
        (tree.evidence / "新目录").mkdir()
        (tree.evidence / "新目录" / "照片.png").write_bytes(b"\x89PNG")
    age(tree.content, HOUR_AGO + 120)  # the new times are settled too: no racy fallback
    fresh = Engine(SCHEMAS, TODAY).check(ref)  # what a run without the cache says
    counting.reset()
    result = engine.check(ref)
    hashed, checked = counting.reset()
    assert hashed == 1 and checked == 1
    assert result.to_dict() == fresh.to_dict()


def test_a_different_standard_or_tool_version_misses(setup, monkeypatch) -> None:
    tree, _engine, ref, counting = setup
    folder = tree.edit_standard("args: {hours: 32}", "args: {hours: 35}")
    Engine(folder, TODAY, tree.base / "cache").check(ref)
    assert counting.reset() == (1, 1)
    monkeypatch.setattr(engine_module, "__version__", "99.0")
    Engine(SCHEMAS, TODAY, tree.base / "cache").check(ref)
    assert counting.reset() == (1, 1)
    # A different day of judging is another key as well.
    Engine(SCHEMAS, date(2025, 6, 30), tree.base / "cache").check(ref)
    assert counting.reset() == (1, 1)


def test_files_written_just_now_get_no_signature_until_they_settle(tree, monkeypatch) -> None:
    tree.write(tree.text())  # written just now (a copy keeps the times of the originals)
    engine = Engine(SCHEMAS, TODAY, tree.base / "cache")
    ref = DossierRef(Path("content/branches/T-01/2025/dossier.yaml"))
    counting = Counting(monkeypatch)
    engine.check(ref)
    engine.check(ref)
    # Written by the fixture a moment ago: a second write within the same tick of the
    # file system's clock could keep the stat, so the content is hashed each time.
    assert counting.reset() == (2, 1)
    assert signatures(tree) == []
    os.utime(tree.dossier, (HOUR_AGO, HOUR_AGO))  # the same bytes, settled
    engine.check(ref)
    assert counting.reset() == (1, 0)
    assert len(signatures(tree)) == 1
    engine.check(ref)
    assert counting.reset() == (0, 0)


def test_a_signature_is_taken_when_settled_and_holds_until_anything_changes(
    tmp_path: Path,
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text("x: 1\n", "utf-8")
    (tmp_path / "sub" / "b.png").write_bytes(b"1234")
    assert StatSignature("p").folder(tmp_path).take() is None  # written just now
    age(tmp_path)
    record = StatSignature("p").folder(tmp_path).take()
    assert record is not None and StatSignature.holds(record)
    assert [row[0] for row in record["files"]] == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "sub" / "b.png"),
    ]
    assert StatSignature("p").folder(tmp_path).slot != StatSignature("q").folder(tmp_path).slot
    # A file added to a subfolder, its folder's time put back: the change time still tells.
    (tmp_path / "sub" / "c.png").write_bytes(b"")
    os.utime(tmp_path / "sub", (HOUR_AGO, HOUR_AGO))
    assert not StatSignature.holds(record)
    (tmp_path / "sub" / "c.png").unlink()
    assert not StatSignature.holds(record)
    recent = time.time() - RACY_NS / 1e9 / 2
    age(tmp_path)
    os.utime(tmp_path / "a.yaml", (recent, recent))
    assert StatSignature("p").folder(tmp_path).take() is None
    assert not StatSignature.holds({"folders": [["nowhere"]], "files": []})


def test_a_damaged_signature_entry_falls_back_to_the_content_hash(setup) -> None:
    tree, engine, ref, counting = setup
    (entry,) = signatures(tree)
    for damaged in (b"", b"not a key", b"0" * 63, b"../" * 30):
        entry.write_bytes(damaged)
        result = engine.check(ref)
        assert result.scored
        assert counting.reset() == (1, 0)
    # A signature pointing at an entry that is gone: hashed, checked and cached again.
    cache = ResultCache(tree.base / "cache")
    for stored in (tree.base / "cache").rglob("*.json"):
        stored.unlink()
    assert cache.signed(StatSignature("nothing").folder(tree.year_dir)) is None
    engine.check(ref)
    assert counting.reset() == (1, 1)
    assert len(list((tree.base / "cache").rglob("*.json"))) == 1


def test_a_points_ledger_is_found_by_its_signature_and_misses_when_a_month_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from conftest import REPO

    from checker.points.engine import PointsEngine
    from checker.points.layout import discover_ledgers

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    age(content)
    (ref, *_) = discover_ledgers([content])[0]
    engine = PointsEngine(SCHEMAS, TODAY, tmp_path / "cache")
    hashed = []
    real = PointsEngine.cache_key
    monkeypatch.setattr(PointsEngine, "cache_key", lambda e, r: hashed.append(r) or real(e, r))
    first = engine.check(ref).to_dict()
    assert engine.check(ref).to_dict() == first
    assert len(hashed) == 1  # the second run read no file
    month = sorted((ref.year_dir / "points").rglob("*.yaml"))[0]
    month.write_text(month.read_text("utf-8") + "\n", "utf-8")
    engine.check(ref)
    assert len(hashed) == 2


def test_a_cached_result_is_copied_out_as_encoded_and_decoded_only_when_read(setup) -> None:
    from checker.dossier.results import result_from_entry

    tree, engine, ref, counting = setup
    fresh = Engine(SCHEMAS, TODAY).check(ref)
    counting.reset()
    (entry,) = (tree.base / "cache").rglob("*.json")
    length, head, body = entry.read_bytes().split(b"\n", 2)
    assert int(length) == len(body) and body == fresh.encoded_for_list()
    # The headline, private values and the site's brief of the items: not the lists.
    kept = json.loads(head)
    assert not {"items", "aspects", "findings", "evidence"} & kept.keys()
    assert len(kept["site_brief"]["items"]) == len(fresh.items)
    carried = result_from_entry(json.loads(head), body)
    assert carried.encoded_for_list() == body and carried.total == fresh.total

    def items(result):
        return [(i.id, i.score, i.max, i.source, i.findings) for i in result.items]

    assert items(carried) == items(fresh)  # decoded from the body when first read
    assert [a.to_dict() for a in carried.aspects] == [a.to_dict() for a in fresh.aspects]
    assert carried.errors == fresh.errors and carried.evidence == fresh.evidence
    assert carried.attendance == fresh.attendance and carried.to_dict() == fresh.to_dict()
    with pytest.raises(AttributeError):
        carried.nothing  # noqa: B018
    whole = entry.read_bytes()
    damaged = {
        "cut short": whole[:-10],
        "longer": whole + b" ",
        "no length": whole.split(b"\n", 1)[1],
        "head of another shape": b"%d\n{}\n" % len(body) + body,
        "body not a result": b"2\n" + head + b"\n[]",
    }
    for what, raw in damaged.items():
        entry.write_bytes(raw)
        assert engine.check(ref).to_dict() == fresh.to_dict(), what
        assert counting.reset() == (1, 1), what  # refused: hashed and checked again


def test_a_detached_result_from_the_cache_shows_edits_to_its_fields(setup) -> None:
    """`checker ci` cleans the temporary folder out of a base result's file names: a result
    read from the cache must then encode its edited fields, not the cached bytes."""
    from checker.dossier.results import result_from_dict

    _tree, engine, ref, counting = setup
    cached = engine.check(ref)
    assert counting.reset() == (0, 0) and cached.encoded is not None
    for result in (cached, result_from_dict(cached.to_payload())):
        result.detach()
        result.file = "elsewhere/dossier.yaml"
        result.findings = []
        assert result.to_dict()["file"] == "elsewhere/dossier.yaml"
        assert b"elsewhere/dossier.yaml" in result.encoded_for_list()
        assert result.to_dict()["items"]  # the lists were decoded before the source went
