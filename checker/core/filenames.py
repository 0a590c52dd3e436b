"""How long a file name may be where the tool writes it, and how to shorten one that is not.

Filesystems count a name's bytes (255 on ext4, APFS and NTFS as seen from Linux), and
``atomic.write_bytes`` first writes ``.NAME.XXXXXXXX.tmp`` beside the target, 14 bytes more
than the name itself. A Chinese name of 80 characters is already 240 bytes, so an upload's
name plus `.回执.md`, or a member of a zip, can be too long to write although it came in
fine. These are technical bounds of the machine, not rules of the standard.
"""

from __future__ import annotations

import os
from pathlib import Path

TEMP_OVERHEAD = 16  # ".NAME.XXXXXXXX.tmp" adds 14 bytes; two spare
_FALLBACK_NAME_MAX = 255
_FALLBACK_PATH_MAX = 4096
ELLIPSIS = "…"


def byte_length(name: str) -> int:
    return len(os.fsencode(name))


def _conf(folder: Path, key: str, fallback: int) -> int:
    try:
        value = os.pathconf(folder, key)
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows), or no such key
        return fallback
    return value if value and value > 0 else fallback


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, that ``folder``'s filesystem takes."""
    return _conf(folder, "PC_NAME_MAX", _FALLBACK_NAME_MAX)


def path_max(folder: Path) -> int:
    return _conf(folder, "PC_PATH_MAX", _FALLBACK_PATH_MAX)


def writable_name_bytes(folder: Path) -> int:
    """The longest name that an atomic write can create in ``folder``."""
    return name_max(folder) - TEMP_OVERHEAD


def fit(text: str, budget: int) -> str:
    """``text`` cut at a character boundary to at most ``budget`` bytes, marked with “…”
    when it was cut; unchanged when it fits."""
    if byte_length(text) <= budget:
        return text
    room = budget - byte_length(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for char in text:
        size = byte_length(char)
        if used + size > room:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS
