"""Scoring the history's states: each distinct state taken out of git into a temporary
folder and checked by the ordinary Engine, once, however often it recurs; with a cache
folder the scores are kept on disk by the state's object ids."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker import __version__
from checker.core.cache import ResultCache
from checker.core.periods import judging_day
from checker.dossier.engine import Engine
from checker.dossier.history.points import HistoryPoint
from checker.dossier.history.states import BranchInRepository, StateSpec, digest
from checker.dossier.layout import DOSSIER_FILE, DossierRef
from checker.dossier.results import DossierResult, item_from_dict
from checker.dossier.standard import StandardError

# A wrapper around the states being scored, e.g. a progress bar: (items, count) -> items.
Progress = Callable[[Iterable[Any], int], Iterable[Any]]


class StateScorer:
    """Scores a branch's states, every one judged at the same day ``today``."""

    def __init__(self, branch: BranchInRepository, today: date) -> None:
        self.branch = branch
        self.today = today
        self._engines: dict[str, Engine | str] = {}  # schemas key -> engine, or why not

    def score(
        self, specs: list[StateSpec], cache_dir: Path | None, progress: Progress | None
    ) -> list[HistoryPoint]:
        cache = ResultCache(cache_dir) if cache_dir else None
        scores: dict[str, dict] = {}
        jobs: list[StateSpec] = []
        pending: set[str] = set()
        for spec in specs:
            if spec.commit is None:
                jobs.append(spec)
                continue
            if spec.state in scores or spec.state in pending:
                continue
            cached = cache.get(self._cache_key(spec)) if cache else None
            if cached is not None:
                scores[spec.state] = cached
            else:
                jobs.append(spec)
                pending.add(spec.state)
        worktree: dict[int, dict] = {}
        if jobs:
            with tempfile.TemporaryDirectory(prefix="checker-history-") as folder:
                work = Path(folder)
                steps = progress(jobs, len(jobs)) if progress else jobs
                for number, spec in enumerate(steps):
                    if spec.commit is None:
                        worktree[spec.year] = self._score_worktree(spec, cache_dir)
                        continue
                    score, keep = self._score_commit(spec, work, number)
                    scores[spec.state] = score
                    if cache is not None and keep:
                        cache.put(self._cache_key(spec), score)
        return [
            _point(spec, worktree[spec.year] if spec.commit is None else scores[spec.state])
            for spec in specs
        ]

    def _cache_key(self, spec: StateSpec) -> str:
        judged = judging_day(spec.year, self.today).isoformat()
        # "history-2": the items are ItemResult dicts (they were positional lists).
        return digest("history-2", __version__, self.branch.code, judged, spec.state)

    def _engine(self, spec: StateSpec, work: Path) -> Engine | str:
        """The engine for the standard of ``spec``, or why there is none."""
        branch = self.branch
        key = spec.schemas or branch.current_schemas()
        if key not in self._engines:
            folder = branch.schemas_dir
            if spec.schemas and branch.schemas_rel and spec.commit:
                target = work / f"standard-{spec.schemas[:12]}"
                branch.repo.extract(spec.commit, [branch.schemas_rel], target)
                folder = target / branch.schemas_rel
            self._engines[key] = _engine_or_reason(folder, self.today, None, "该版本的")
        return self._engines[key]

    def _score_commit(self, spec: StateSpec, work: Path, number: int) -> tuple[dict, bool]:
        """The score of one committed state, and whether it may be cached."""
        assert spec.commit is not None
        engine = self._engine(spec, work)
        if isinstance(engine, str):
            return _unscored(engine), True
        target = work / f"state-{number}"
        try:
            self.branch.repo.extract(spec.commit, spec.paths, target)
            dossier = target / self.branch.branch_rel / str(spec.year) / DOSSIER_FILE
            return _summary(engine.check(DossierRef(dossier))), True
        finally:
            shutil.rmtree(target, ignore_errors=True)

    def _score_worktree(self, spec: StateSpec, cache_dir: Path | None) -> dict:
        key = "worktree"
        if key not in self._engines:
            self._engines[key] = _engine_or_reason(
                self.branch.schemas_dir, self.today, cache_dir, "当前的"
            )
        engine = self._engines[key]
        if isinstance(engine, str):
            return _unscored(engine)
        dossier = self.branch.branch_dir / str(spec.year) / DOSSIER_FILE
        return _summary(engine.check(DossierRef(dossier)))


def _engine_or_reason(
    folder: Path, today: date, cache_dir: Path | None, which: str
) -> Engine | str:
    """An engine for the standard in ``folder``, or why there is none (``which`` standard:
    "该版本的" or "当前的")."""
    try:
        return Engine(folder, today, cache_dir)
    except StandardError as exc:
        first = exc.findings[0].message if exc.findings else ""
        return f"{which}标准有错误，无法评分：{first}"
    except OSError as exc:
        return f"无法读取{which}标准：{exc.strerror or exc}"


def _summary(result: DossierResult) -> dict:
    """What a history point keeps of a result, for the cache: scores, not findings (nor
    temporary paths). The items are serialized as results serialize them."""
    return {
        "scored": result.scored,
        "name": result.name,
        "total": str(result.total),
        "max": str(result.max),
        "grade": result.grade,
        "vetoed": result.vetoed,
        "errors": len(result.errors),
        "note": "" if result.scored else "台账有错误，无法评分",
        "items": [replace(i, findings=[]).to_dict() for i in result.items],
    }


def _unscored(note: str) -> dict:
    return {
        "scored": False,
        "name": "",
        "total": "0",
        "max": "0",
        "grade": "",
        "vetoed": False,
        "errors": 0,
        "note": note,
        "items": [],
    }


def _point(spec: StateSpec, score: dict) -> HistoryPoint:
    return HistoryPoint(
        year=spec.year,
        commit=spec.commit,
        short=spec.short,
        date=spec.date,
        subject=spec.subject,
        state=spec.state,
        scored=bool(score["scored"]),
        name=str(score["name"]),
        total=Decimal(score["total"]),
        max=Decimal(score["max"]),
        grade=str(score["grade"]),
        vetoed=bool(score["vetoed"]),
        errors=int(score["errors"]),
        items=tuple(item_from_dict(i) for i in score["items"]),
        note=str(score["note"]),
    )
