"""Checks on the evidence files a dossier cites: safe path, real file, allowed type, sane size.

A cited path is untrusted text. It must be a relative path inside the year folder: no `..`,
no absolute path, no drive letter or backslash, no URL, no control character, no symlink
leading out. The file's first bytes must match its extension, so an executable or an HTML
page renamed `.pdf` is caught, and an SVG must not carry script.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from checker.core import imagesize, sniff
from checker.core.findings import Finding
from checker.core.textfile import os_reason

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f<>\"|?*]")
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
_PICTURES = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
_SVG_DANGER = re.compile(
    rb"<\s*script|\bon[a-z]+\s*=|javascript:|<\s*foreignObject|(?:href|src)\s*=\s*[\"']?\s*(?:https?:|//|data:)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class EvidenceCheck:
    ok: bool
    kind: str  # the extension, lower case
    findings: list[Finding] = field(default_factory=list)


def check_path(
    year_dir: Path,
    cited: str,
    allowed: list[str],
    max_bytes: int,
    where: tuple[str, int, int, str],
    resolved_year_dir: str | None = None,
    max_pixels: int | None = None,
) -> EvidenceCheck:
    """Check one cited evidence path. ``where`` is (file, line, column, pointer).

    ``resolved_year_dir`` is ``os.path.realpath(year_dir)``, for callers that check many
    files of one year folder and need not resolve it for each. ``max_pixels``, when given,
    bounds the pixel size a picture declares (E011).
    """
    file, line, column, at = where
    kind = PurePosixPath(cited).suffix.lower().lstrip(".")
    shown = cited if len(cited) <= 80 else cited[:80] + "…"
    problem = _name_problem(cited, shown, kind, allowed) or _file_problem(
        year_dir, cited, shown, kind, max_bytes, resolved_year_dir, max_pixels
    )
    if problem is None:
        return EvidenceCheck(True, kind)
    code, message, hint = problem
    return EvidenceCheck(False, kind, [Finding(code, message, file, line, column, at, hint)])


# (code, message, hint) of what is wrong with a cited file, or None.
Problem = tuple[str, str, str]


def _name_problem(cited: str, shown: str, kind: str, allowed: list[str]) -> Problem | None:
    """What is wrong with the name as written, before any file is looked at."""
    if _BAD_CHARS.search(cited):
        return "E007", f'文件名“{_printable(shown)}”含有控制字符或 <>"|?* 等字符', ""
    if _URL.match(cited) and not re.match(r"^[A-Za-z]:", cited):  # `C:` is a drive, not a scheme
        return "E002", f"“{shown}”是网址；佐证材料必须是本目录中的文件", ""
    if "\\" in cited or re.match(r"^[A-Za-z]:", cited):
        return (
            "E002",
            f"“{shown}”使用了 Windows 路径（盘符或反斜杠）",
            "把 `\\` 换成 `/`，并写相对于本年度目录的路径，例如 `evidence/会议记录.pdf`。",
        )
    if cited.startswith("/") or ".." in PurePosixPath(cited).parts:
        return "E002", f"“{shown}”指向本年度目录之外", ""
    if kind not in allowed:
        return (
            "E003",
            f"“{shown}”的类型 .{kind or '（无扩展名）'} 不允许",
            "允许的类型：" + "、".join(t.upper() for t in allowed) + "。",
        )
    return None


def _file_problem(
    year_dir: Path,
    cited: str,
    shown: str,
    kind: str,
    max_bytes: int,
    resolved_year_dir: str | None,
    max_pixels: int | None,
) -> Problem | None:
    """What is wrong with the file itself: missing, a link out, too big, empty, or its
    content not what its name says."""
    parts = PurePosixPath(cited).parts
    target = year_dir.joinpath(*parts)
    try:
        info = os.lstat(target)
    except OSError:
        return "E001", f"找不到文件“{shown}”", _case_hint(year_dir, parts)
    # Resolve every component, not just the last: `evidence/sub/a.png` where `sub` is a
    # link to another folder leaves the year folder as surely as a linked file does.
    root = resolved_year_dir or os.path.realpath(year_dir)
    try:
        resolved = os.path.realpath(target, strict=True)
        inside = resolved.startswith(root.rstrip(os.sep) + os.sep)
    except (OSError, RuntimeError):  # dangling link, or a loop
        inside = False
    if not inside:
        return "E006", f"“{shown}”是指向本年度目录之外的链接", ""
    if stat.S_ISLNK(info.st_mode):
        info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        return "E001", f"“{shown}”不是普通文件", ""
    if info.st_size > max_bytes:
        size_mb = f"{info.st_size / (1 << 20):.1f} MB"
        return "E005", f"“{shown}”大小 {size_mb}，超过上限 {max_bytes >> 20} MB", ""
    if info.st_size == 0:
        return "E010", f"“{shown}”是空文件", ""
    size = None
    try:
        with open(target, "rb") as stream:
            head = stream.read(max_bytes if kind == "svg" else 512)
            if max_pixels is not None and kind in _PICTURES:
                stream.seek(0)
                size = imagesize.file_size(stream)
    except OSError as exc:
        return "E001", f"无法读取“{shown}”：{os_reason(exc)}", ""
    problem = _content_problem(kind, head)
    if problem:
        code, message = problem
        return code, f"“{shown}”{message}", ""
    if max_pixels is not None and size is not None and size[0] * size[1] > max_pixels:
        return (
            "E011",
            f"“{shown}”声明的尺寸为 {imagesize.describe(size)}，"
            f"超过上限 {max_pixels / 10_000:.0f} 万像素（打开时会耗尽浏览器的内存）",
            "",
        )
    return None


def _content_problem(kind: str, head: bytes) -> tuple[str, str] | None:
    if kind == "svg":
        if b"<svg" not in head[:4096].lower():
            return ("E004", "扩展名是 .svg，但内容不是 SVG 图片")
        if _SVG_DANGER.search(head):
            return ("E009", "含有脚本、事件属性或外部引用")
        return None
    if kind == "txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a cut multi-byte character at the end is fine
                return ("E004", "扩展名是 .txt，但内容不是 UTF-8 文本")
        return None
    signatures = _SIGNATURES.get(kind)
    if signatures and not head.startswith(signatures):
        return ("E004", f"扩展名是 .{kind}，但内容是{sniff.describe(head)}")
    return None


def _case_hint(year_dir: Path, parts: tuple[str, ...]) -> str:
    folder = year_dir.joinpath(*parts[:-1])
    try:
        names = os.listdir(folder)
    except OSError:
        return ""
    for name in names:
        if name.lower() == parts[-1].lower():
            return f"目录中有“{name}”，文件名大小写不同；请改成一致。"
    return ""


def _printable(text: str) -> str:
    return _BAD_CHARS.sub("�", text)


def content_problem(kind: str, head: bytes) -> tuple[str, str] | None:
    """Whether a file's first bytes (all of it for SVG) fit its extension ``kind``: None,
    or the finding code and what the content really is. Used for uploads as well."""
    return _content_problem(kind, head)
