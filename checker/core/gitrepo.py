"""What git knows about a dossier repository, through the `git` command (`git -C`): its top
folder, the commits and changes of a path, a base commit, and files as they were at a commit.
Plain `git` through subprocess, no click; :class:`Repository` is the only way in.

One policy for every call:

- Read-only: nothing here writes to the repository, its index or its working tree
  (`--no-optional-locks` keeps `git status` and `git diff` from refreshing the index).
- Paths are passed literally (`GIT_LITERAL_PATHSPECS`), so a branch code or a file name is
  never taken as a glob; variables that would point git at another repository (git hooks,
  such as pre-commit's, set some of them) are dropped; no prompt, git's own messages in
  English (`LC_ALL=C`) so that they can be recognised. One exception: what the index stages
  (:meth:`Repository.staged_removals`) is read from the index a running `git commit` names
  in `GIT_INDEX_FILE`, when that index belongs to this repository: `git commit -a` and
  `git commit PATH…` stage into a temporary index that only that variable points to.
- Every failure is a :class:`GitError` whose message is in Chinese and says what to do.

The two sides of a comparison (`checker ci`) are fixed here: the base is the merge-base of
REF and HEAD (:meth:`Repository.merge_base`, the `REF...HEAD` of a pull request), and the new
side is the working tree (:meth:`Repository.changed_files`): what is committed since the
base, plus uncommitted changes and untracked files that are not ignored.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from checker.core.paths import display

_TIMEOUT = 300  # seconds; a local repository answers in far less
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_OID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
# Variables that would point git somewhere other than the folder we name with -C.
_REDIRECTS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")
_CHUNK = 200  # paths per ls-tree call, so that thousands of dossiers stay within arg limits


class GitError(Exception):
    """git failed; the message is in Chinese and says what to do."""


class NotARepository(GitError):
    """The folder is not inside a git working tree."""


class GitMissing(GitError):
    """The `git` command is not installed (or not on PATH)."""


class _Failed(GitError):
    """git ran and failed; callers that know why turn it into a GitError that says what to
    do, the others pass on git's own last line."""


@dataclass(frozen=True, slots=True)
class Commit:
    id: str
    short: str
    date: str  # ISO 8601 committer date, as git gives it
    subject: str


@dataclass(frozen=True, slots=True, order=True)
class Change:
    path: str  # relative to the top of the repository, forward slashes
    status: str  # A added, M modified, D deleted, T type changed, U unmerged


@dataclass(frozen=True, slots=True)
class _Entry:
    mode: str
    kind: str
    oid: str
    path: str


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTS}
    env.update(GIT_LITERAL_PATHSPECS="1", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    return env


def _command(folder: Path, args: list[str]) -> list[str]:
    return [
        "git",
        "--no-optional-locks",
        "-c",
        "core.quotepath=off",
        "-c",
        "log.showSignature=false",
        "-C",
        str(folder),
        *args,
    ]


_GIT_MISSING = "找不到 git 命令；请安装 git 并确认它在 PATH 中，然后重试"


def _not_a_repository(folder: Path) -> NotARepository:
    return NotARepository(
        f"{display(folder.absolute())} 不在 git 仓库中：请在台账仓库的目录中运行，"
        "或先用 git init 建立仓库并提交"
    )


def _run(
    folder: Path,
    args: list[str],
    stdin: bytes | None = None,
    stdout: BinaryIO | None = None,
    index: str | None = None,
) -> bytes:
    """git's stdout (or b"" when it goes to ``stdout``); a GitError when git fails.
    ``index``: the index file to read instead of the repository's own."""
    env = _environment()
    if index is not None:
        env["GIT_INDEX_FILE"] = index
    try:
        done = subprocess.run(
            _command(folder, args),
            input=stdin,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitMissing(_GIT_MISSING) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {_TIMEOUT} 秒没有完成；请检查仓库后重试") from None
    except OSError as exc:
        raise GitError(f"无法运行 git：{exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        text = reason[-1] if reason else f"退出码 {done.returncode}"
        if "not a git repository" in text.lower():
            raise _not_a_repository(folder)
        raise _Failed(f"git {args[0]} 失败：{text}；请检查仓库是否完好")
    return done.stdout or b""


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


class Repository:
    """A git working tree, found from any folder (or file) inside it."""

    def __init__(self, start: Path) -> None:
        """Raise NotARepository when ``start`` is not inside a working tree, GitMissing when
        there is no git, GitError when ``start`` does not exist or git refuses the folder."""
        folder = start if start.is_dir() or not start.exists() else start.parent
        if not folder.is_dir():
            raise GitError(f"目录 {display(folder)} 不存在")
        try:
            lines = _text(_run(folder, ["rev-parse", "--show-toplevel", "--show-prefix"]))
        except _Failed as exc:
            if "safe.directory" in str(exc):
                raise GitError(
                    f"git 拒绝读取 {display(folder.absolute())}（仓库属于另一个用户）：请运行 "
                    f"git config --global --add safe.directory {folder.absolute().as_posix()}"
                ) from None
            raise _not_a_repository(folder) from None
        top, _, prefix = lines.rstrip("\n").partition("\n")
        if not top:
            raise _not_a_repository(folder)
        self.top = Path(os.path.realpath(top))  # the top folder, links resolved
        self.prefix = prefix  # ``start``'s folder relative to the top, with a trailing "/", or ""

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the top (POSIX), or None when it lies outside."""
        real = Path(os.path.realpath(path))
        return real.relative_to(self.top).as_posix() if real.is_relative_to(self.top) else None

    # --- commits -------------------------------------------------------------------------

    def _is_commit(self, revision: str) -> bool:
        try:
            _run(self.top, ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"])
        except _Failed:
            return False
        return True

    def has_commits(self) -> bool:
        return self._is_commit("HEAD")

    def short(self, commit: str) -> str:
        """The abbreviated id of ``commit``."""
        return _text(_run(self.top, ["rev-parse", "--short", commit])).strip()

    def merge_base(self, ref: str) -> str:
        """The commit where HEAD branched off REF (`git merge-base REF HEAD`)."""
        if not ref or ref.startswith("-"):
            raise GitError(f"基线“{ref}”不是有效的分支名或提交")
        if not self.has_commits():
            raise GitError("仓库中还没有任何提交：请先提交一次，再运行 checker ci")
        if not self._is_commit(ref):
            raise GitError(
                f"找不到基线“{ref}”：请检查分支名或提交号；在 CI 中请先获取完整历史"
                "（GitHub Actions 的 actions/checkout 设置 fetch-depth: 0，"
                "GitLab 设置 GIT_DEPTH: 0），并确认已 git fetch 该分支"
            )
        try:
            out = _run(self.top, ["merge-base", ref, "HEAD"])
        except _Failed:
            raise GitError(
                f"“{ref}”与当前提交没有共同的历史：请确认基线分支正确；"
                "浅克隆时请获取完整历史（fetch-depth: 0）"
            ) from None
        return _text(out).strip()

    def commits(self, paths: list[str]) -> list[Commit]:
        """Commits on the first-parent line of HEAD that changed any of ``paths``, oldest
        first."""
        if not self.has_commits():
            return []
        log = ["log", "--first-parent", "--reverse", "-z", "--format=%H%x1f%h%x1f%cI%x1f%s"]
        out = _run(self.top, [*log, "--", *paths])
        commits = []
        for record in _text(out).split("\0"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) == 4:
                subject = _CONTROL.sub(" ", fields[3])  # no terminal escapes from a message
                commits.append(Commit(fields[0], fields[1], fields[2], subject))
        return commits

    def last_commit_date(self, path: str) -> str | None:
        """The ISO 8601 committer date of the last commit on HEAD that changed ``path``
        (relative to the top), or None when none did or there are no commits."""
        if not self.has_commits():
            return None
        out = _text(_run(self.top, ["log", "-1", "--format=%cI", "--", path])).strip()
        return out or None

    # --- changes -------------------------------------------------------------------------

    def changed_paths(self, path: str) -> set[str]:
        """Every path under ``path`` that any commit reachable from HEAD changed."""
        if not self.has_commits():
            return set()
        out = _run(self.top, ["log", "-z", "--format=", "--name-only", "--no-renames", "--", path])
        return {p.strip("\n") for p in _text(out).split("\0") if p.strip("\n")}

    def changed_files(self, base: str) -> list[Change]:
        """Files that differ between ``base`` and the working tree, untracked ones included
        (not ignored ones)."""
        changes: dict[str, str] = {}
        out = _run(self.top, ["diff", "--name-status", "--no-renames", "-z", base, "--"])
        fields = out.split(b"\0")
        for status, name in zip(fields[0::2], fields[1::2], strict=False):
            if status:
                changes[_text(name)] = status.decode("ascii")[:1]
        out = _run(self.top, ["ls-files", "--others", "--exclude-standard", "-z"])
        for name in out.split(b"\0"):
            if name:
                changes.setdefault(_text(name), "A")
        return sorted(Change(path, status) for path, status in changes.items())

    def staged_removals(self) -> list[str]:
        """Paths that the index deletes or renames away from, against HEAD: the files the
        next commit takes out of the tree (`git diff --cached -M`), sorted."""
        if not self.has_commits():
            return []  # a first commit removes nothing
        args = ["diff", "--cached", "--name-status", "-M", "--diff-filter=DR", "-z", "HEAD", "--"]
        fields = _text(_run(self.top, args, index=self._committing_index())).split("\0")
        removed: set[str] = set()
        at = 0
        while at + 1 < len(fields) and fields[at]:
            # "D\0path" or "R<score>\0from\0to": either way the first path leaves the tree.
            renamed = fields[at].startswith("R")
            removed.add(fields[at + 1])
            at += 3 if renamed else 2
        return sorted(removed)

    def _committing_index(self) -> str | None:
        """The index of a `git commit` in progress (its hooks get it in GIT_INDEX_FILE, a path
        relative to the top, where hooks run, or absolute), if it is this repository's; None
        to read the repository's own index. One of another repository (a hook of the project
        that runs these tests, say) is ignored, as every other redirect is."""
        named = os.environ.get("GIT_INDEX_FILE")
        if not named:
            return None
        git_dir = _text(_run(self.top, ["rev-parse", "--absolute-git-dir"])).strip()
        index = os.path.realpath(named)
        return index if os.path.dirname(index) == os.path.realpath(git_dir) else None

    def tracked(self, path: str, limit: int = 3) -> tuple[int, list[str]]:
        """How many files under ``path`` (relative to the top) the index holds, and the first
        ``limit`` of them: what a checkout or a pull request brings into that folder."""
        names = [n for n in _text(_run(self.top, ["ls-files", "-z", "--", path])).split("\0") if n]
        return len(names), names[:limit]

    def dirty_paths(self, paths: list[str]) -> list[str]:
        """Paths under ``paths`` that differ from HEAD in the working tree (untracked too)."""
        out = _run(
            self.top,
            ["status", "--porcelain", "-z", "--untracked-files=all", "--", *paths],
        )
        found: list[str] = []
        for entry in _text(out).split("\0"):
            if len(entry) > 3 and entry[2] == " ":
                found.append(entry[3:])
            elif entry:  # the original path of a rename
                found.append(entry)
        return found

    # --- files at a commit ---------------------------------------------------------------

    def objects(self, names: list[str]) -> list[str | None]:
        """The object id of each ``COMMIT:path`` name, or None where it does not exist."""
        if not names:
            return []
        data = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
        out = _text(_run(self.top, ["cat-file", "--batch-check=%(objectname)"], stdin=data))
        lines = out.splitlines()
        if len(lines) != len(names):
            raise GitError("git cat-file 的输出与请求不一致；请检查仓库是否完好")
        return [line if _OID.fullmatch(line) else None for line in lines]

    def files_at(self, commit: str, paths: Iterable[str]) -> list[str]:
        """Which of ``paths`` (files or folders, relative to the top) hold files at
        ``commit``: the files, sorted."""
        return sorted({e.path for e in self._tree(commit, paths)})

    def _tree(self, commit: str, paths: Iterable[str]) -> list[_Entry]:
        wanted = sorted(set(paths))
        entries: list[_Entry] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            out = _run(self.top, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *chunk])
            for record in out.split(b"\0"):
                if not record:
                    continue
                meta, _, name = record.partition(b"\t")
                mode, kind, oid = meta.decode("ascii").split()
                entries.append(_Entry(mode, kind, oid, _text(name)))
        return entries

    def extract(self, commit: str, paths: Iterable[str], target: Path) -> int:
        """Write the files under ``paths`` (those missing at ``commit`` are skipped) as they
        were at ``commit`` into ``target``, keeping their place relative to the top. Returns
        how many were written.

        Symbolic links stay links, wherever they point, and are never followed here: the
        engine then judges a link in an old commit exactly as in a working tree (F007, E006),
        so history, ci and validate agree on the same files."""
        entries = [e for e in self._tree(commit, paths) if e.kind == "blob"]
        if not entries:
            return 0
        try:
            process = subprocess.Popen(
                _command(self.top, ["cat-file", "--batch"]),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except FileNotFoundError:
            raise GitMissing(_GIT_MISSING) from None
        with process:
            assert process.stdin is not None and process.stdout is not None
            for entry in entries:
                # One object at a time: memory holds one file, and the pipes never fill up.
                process.stdin.write(entry.oid.encode("ascii") + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().split()
                if len(header) != 3:
                    raise GitError(f"无法从 git 读取 {entry.path}；请检查仓库是否完好（git fsck）")
                data = process.stdout.read(int(header[2]))
                process.stdout.read(1)  # the newline after the object
                _write(target, entry, data)
            process.stdin.close()
        return len(entries)


def _write(target: Path, entry: _Entry, data: bytes) -> None:
    parts = PurePosixPath(entry.path).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or entry.path.startswith("/"):
        return  # git never stores such names; refuse them all the same
    path = target.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    if entry.mode == "120000":
        os.symlink(os.fsdecode(data), path)
    else:
        path.write_bytes(data)
