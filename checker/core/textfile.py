"""Reading a text file that comes from outside: never through a link out of the content
root, never more than a size limit, only UTF-8 (a BOM or UTF-16 is converted and said),
no NUL or control characters. Every failure is a finding with a line, never an exception.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from checker.core.findings import Finding
from checker.core.links import leaves_root

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def read_text(path: Path, file: str, max_bytes: int, findings: list[Finding]) -> str | None:
    """Read and decode a text file; on failure append a finding and return None.

    A file that is, or sits under, a link leading out of the content root is never read."""
    if leaves_root(path):
        findings.append(
            Finding("F007", "文件是指向内容目录之外的链接（符号链接），未读取", file, 0, 0)
        )
        return None
    try:
        size = path.stat().st_size
        if size > max_bytes:
            findings.append(
                Finding(
                    "F002",
                    f"文件大小 {human_size(size)}，超过上限 {human_size(max_bytes)}",
                    file,
                    1,
                    1,
                )
            )
            return None
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        findings.append(Finding("F001", f"无法读取文件：{os_reason(exc)}", file, 0, 0))
        return None
    return decode_text(raw, file, findings)


_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own text is English on most systems)."""
    return _OS_REASONS.get(exc.errno or 0, f"系统错误（errno {exc.errno}）")


def decode_text(raw: bytes, file: str, findings: list[Finding]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding("F005", "文件以 UTF-8 BOM 开头，已忽略 BOM", file, 1, 1))
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            findings.append(
                Finding("F004", "文件以 UTF-16 标记开头，但内容无法按 UTF-16 解码", file, 1, 1)
            )
            return None
        findings.append(Finding("F005", "文件是 UTF-16 编码，已按 UTF-16 读取", file, 1, 1))
        return _check_controls(text, file, findings)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        findings.append(Finding("F006", "文件含有 NUL 字节，不是文本文件", file, line, 1))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[: exc.start].rsplit(b"\n", 1)[-1]) + 1
        findings.append(Finding("F004", _encoding_message(raw), file, line, column))
        return None
    return _check_controls(text, file, findings)


def _encoding_message(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "文件不是 UTF-8 编码，也无法识别为 GBK/GB18030"
    return "文件似乎是 GBK/GB18030 编码（常见于 Windows 记事本的“ANSI”），请另存为 UTF-8"


def _check_controls(text: str, file: str, findings: list[Finding]) -> str | None:
    match = _CONTROL.search(text)
    if match is None:
        return text
    line, column = line_col(text, match.start())
    findings.append(
        Finding("F006", f"第 {line} 行含有控制字符 U+{ord(match.group()):04X}", file, line, column)
    )
    return None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def human_size(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.1f} KB"
    return f"{size} 字节"
