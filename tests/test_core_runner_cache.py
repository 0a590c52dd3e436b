"""The core's ordered parallel runner and content-hash result cache, on their own: every
kind of content checks its items through them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from conftest import REPO, SCHEMAS

from checker.core.cache import ContentKey, ResultCache
from checker.core.runner import Workers, run_in_order

_offset = 0  # set in each worker by _init, so the test sees the initialiser ran there


def _init(offset: int) -> None:
    global _offset
    _offset = offset


def _square(item: int) -> dict:
    return {"value": item * item + _offset, "pid": os.getpid()}


def _decode(payload: dict) -> tuple[int, int]:
    return payload["value"], payload["pid"]


def _here(item: int) -> tuple[int, int]:
    return item * item + 1000, os.getpid()


WORKERS = Workers(_init, (1000,), _square, _decode)


def test_results_come_in_the_order_of_the_items_in_one_process_or_several() -> None:
    items = list(range(200, 0, -1))
    alone = list(run_in_order(items, _here, WORKERS, jobs=1))
    shared = list(run_in_order(items, _here, WORKERS, jobs=2))
    assert [v for v, _ in alone] == [v for v, _ in shared] == [i * i + 1000 for i in items]
    assert {pid for _, pid in alone} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in shared}  # the workers did the checking


def test_too_few_items_to_share_are_checked_in_process() -> None:
    results = list(run_in_order([1, 2, 3], _here, WORKERS, jobs=2))
    assert results == [(1001, os.getpid()), (1004, os.getpid()), (1009, os.getpid())]


def test_results_stream() -> None:
    stream = run_in_order(list(range(100)), _here, WORKERS, jobs=2)
    assert next(stream)[0] == 1000  # the first result before the others are asked for
    stream.close()


def _key(folder: Path) -> str:
    return ContentKey("version", "standard").folder(folder).hexdigest()


def test_the_key_follows_text_by_content_and_other_files_by_size(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    text, other = tmp_path / "sub" / "a.yaml", tmp_path / "photo.png"
    text.write_text("x: 1\n", "utf-8")
    other.write_bytes(b"1234")
    first = _key(tmp_path)
    assert _key(tmp_path) == first
    assert ContentKey("version", "standard2").folder(tmp_path).hexdigest() != first
    text.write_text("x: 2\n", "utf-8")
    second = _key(tmp_path)
    assert second != first
    other.write_bytes(b"12345")
    assert _key(tmp_path) != second
    (tmp_path / "new.md").write_text("新\n", "utf-8")
    assert _key(tmp_path) not in (first, second)


def test_a_missing_file_and_an_unreadable_folder_still_give_a_key(tmp_path: Path) -> None:
    missing = ContentKey("v").file(tmp_path / "none.yaml").hexdigest()
    (tmp_path / "none.yaml").write_text("", "utf-8")
    assert ContentKey("v").file(tmp_path / "none.yaml").hexdigest() != missing
    assert ContentKey("v").folder(tmp_path / "absent").hexdigest() == ContentKey("v").hexdigest()


def test_the_cache_keeps_dicts_and_forgets_damaged_entries(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    key = ContentKey("k").hexdigest()
    assert cache.get(key) is None
    cache.put(key, {"total": 95.5, "名称": "支部"})
    assert cache.get(key) == {"total": 95.5, "名称": "支部"}
    assert cache.load(key, lambda d: d["total"]) == 95.5
    assert cache.load(key, lambda d: d["missing"]) is None  # another shape: checked again
    (entry,) = (tmp_path / "cache").rglob("*.json")
    for damaged in ("{cut sh", "[1, 2]", '"text"'):
        entry.write_text(damaged, "utf-8")
        assert cache.get(key) is None
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary left


def test_the_collector_is_paused_over_a_ledger_and_resumed_after(monkeypatch) -> None:
    import gc

    import checker.points.engine as points_engine
    from checker.core.gcpause import gc_paused
    from checker.points.engine import PointsEngine
    from checker.points.layout import discover_ledgers

    seen: list[bool] = []
    real = points_engine.load_ledger

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(points_engine, "load_ledger", spy)
    refs, _ = discover_ledgers([REPO / "content"])
    assert gc.isenabled()
    PointsEngine(SCHEMAS).check(refs[0])
    assert seen == [False] and gc.isenabled()
    with gc_paused():  # pauses nest: the inner one does not resume the outer one's pause
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


class _RecordingPool:
    """A pool that checks in this process and records the chunk size it was asked for."""

    chunks: ClassVar[list[int]] = []

    def __init__(self, jobs, initializer, initargs) -> None:
        initializer(*initargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def imap(self, func, items, chunksize):
        self.chunks.append(chunksize)
        return map(func, items)


class _Context:
    Pool = _RecordingPool


def test_ledgers_go_to_the_workers_one_at_a_time(monkeypatch) -> None:
    # A chunk of ledgers' results is held whole in both processes: with chunks that grew
    # with the run (up to 64), -j2's peak memory grew with the number of ledgers.
    import checker.core.runner as runner
    from checker.points.engine import PointsEngine, run
    from checker.points.layout import discover_ledgers

    monkeypatch.setattr(runner.multiprocessing, "get_context", lambda method=None: _Context)
    _RecordingPool.chunks.clear()
    list(run_in_order(list(range(1000)), _here, WORKERS, jobs=2))
    assert _RecordingPool.chunks == [62]  # small items: chunks amortise the pickling
    refs, _ = discover_ledgers([REPO / "content"])
    alone = [r.to_dict() for r in run(PointsEngine(SCHEMAS), refs)]
    shared = [r.to_dict() for r in run(PointsEngine(SCHEMAS), refs * 20, jobs=2)]
    assert _RecordingPool.chunks == [62, 1]
    assert shared == alone * 20
