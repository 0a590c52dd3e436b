"""Whether a cache folder may be used: only one this machine filled, never one a commit brought.

The result cache, the kept site pages and the kept search index are trusted as they are read:
a result is not scored again, a page is not scanned or escaped again. A folder whose files git
tracks came with a checkout (a pull request can `git add -f` past `.gitignore`), and what is in
it may have been written by hand to raise a score or to put markup on the site; such a folder
is not used, and the run checks everything again. A folder outside any git working tree, or
one that git ignores and tracks nothing of, is the machine's own.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.core.cleantext import one_line
from checker.core.gitrepo import GitError, Repository
from checker.core.paths import display


def refusal(folder: Path) -> str | None:
    """Why ``folder`` must not be used as a cache, in Chinese; None when it may be."""
    if not os.path.lexists(folder):
        return None  # nothing in it yet: what this run writes is its own
    try:
        repository = Repository(folder.parent)
    except GitError:
        return None  # not in a working tree (or no git): nothing was checked out into it
    # The folder as named and as its links resolve: a committed link into tracked files counts.
    places = {
        repository.relative(Path(os.path.realpath(folder.parent)) / folder.name),
        repository.relative(folder),
    }
    count, first = 0, []
    for place in sorted(p for p in places if p is not None):
        try:
            found, names = repository.tracked(place)
        except GitError:
            continue
        count, first = count + found, first or names
    if not count:
        return None
    name = display(folder)
    example = one_line(first[0])  # a committed file's name: no control reaches the terminal
    return (
        f"缓存目录 {name} 中有 {count} 个文件已提交进 git（如 {example}）：缓存只应由本机运行"
        "生成，随提交带来的缓存可能被人改过，本次不使用缓存，全部重新检查。"
        f"请运行 git rm -r --cached {name} 并提交，并在 .gitignore 中写上 {name}/"
    )
