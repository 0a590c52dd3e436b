"""Open an uploaded .docx (or any zip) only after vetting it, before any XML is parsed.

A .docx is a zip of XML parts. Before python-docx or any XML parser sees a byte we check:
the file is a zip at all (and not an old .doc or an encrypted document); the number of
members; each member's name (no ``..``, no absolute path, no drive letter, no duplicates);
the sizes the zip declares and the sizes it really inflates to, in total and as a ratio
per member (a zip bomb inflates a few kilobytes into gigabytes); macros (``vbaProject.bin``,
macro-enabled content types, ``.docm``); and a DOCTYPE or ENTITY declaration in any XML part
(entity expansion, external entities). Each refusal is a ``Refused`` with a finding code.
``open_docx`` then has parts.py check what the parts hold (embedded objects, external links,
paragraphs and characters past bounds) before python-docx builds anything.

``vet_zip`` is independent of Word: `checker ingest` checks .zip uploads of whole dossiers
with it too, passing a ``ZipKind`` with its own finding codes and words. Member names that an
old Windows zip tool wrote in the local code page (GBK) without the UTF-8 flag are read as
such (``member_name``), and symbolic links or other special members are refused.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from checker.core import sniff

if TYPE_CHECKING:
    from docx.document import Document

MAX_FILE_BYTES = 50 << 20  # the .docx on disk
MAX_TOTAL_BYTES = 200 << 20  # all members inflated
MAX_MEMBER_BYTES = 100 << 20  # one member inflated
MAX_MEMBERS = 2000
MAX_RATIO = 200  # inflated / compressed, for members big enough to matter
RATIO_FLOOR = 1 << 20  # members under 1 MB cannot hurt whatever their ratio
CHUNK = 1 << 16

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and encrypted .docx
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"ms-office.activex")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATIONS = re.compile(rb"<!\s*(doctype|entity)", re.I)
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class ZipKind:
    """The finding codes, and the words, for one kind of upload that is a zip inside."""

    not_zip: str
    corrupt: str
    too_big: str
    unsafe: str
    macro: str
    not_zip_message: str
    ole_message: str


WORD = ZipKind(
    not_zip="W001",
    corrupt="W002",
    too_big="W003",
    unsafe="W005",
    macro="W004",
    not_zip_message="文件内容不是 Word 文档：扩展名是 .docx，内容却是{what}",
    ole_message=(
        "这是旧版 Word 97-2003 文档（.doc）或加密的文档；请去掉密码后“另存为”Word 文档（*.docx）"
    ),
)


class Refused(Exception):
    """The file is refused; ``code`` is the finding code, ``message`` says why in Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = MAX_FILE_BYTES
    total_bytes: int = MAX_TOTAL_BYTES
    member_bytes: int = MAX_MEMBER_BYTES
    members: int = MAX_MEMBERS
    ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR


def _mb(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"


def read_limited(path: Path, limits: Limits = Limits(), kind: ZipKind = WORD) -> bytes:
    """The bytes of ``path``, refusing a file over the size limit without reading it all."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.file_bytes + 1)
    except OSError:
        raise Refused(kind.not_zip, "无法读取文件") from None
    if len(data) > limits.file_bytes:
        raise Refused(kind.too_big, f"文件超过大小上限 {_mb(limits.file_bytes)}")
    return data


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it. Without the UTF-8 flag, zipfile reads names
    as code page 437; Windows' own zip tool writes them in the local code page (GBK in
    China), other tools in UTF-8 without saying so. The bytes are the same either way."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def vet_zip(data: bytes, limits: Limits = Limits(), kind: ZipKind = WORD) -> list[str]:
    """Check a zip archive (its bytes) without extracting it; return its member names.

    Raises Refused. Reads every member once, in chunks, counting the bytes it really
    inflates to, so a zip that understates its sizes is caught as well. The caller opens
    the same bytes afterwards, so what was checked is what gets parsed.
    """
    if len(data) > limits.file_bytes:
        raise Refused(kind.too_big, f"文件大小 {_mb(len(data))}，超过上限 {_mb(limits.file_bytes)}")
    if data.startswith(_OLE_MAGIC):
        raise Refused(kind.not_zip, kind.ole_message)
    if not data.startswith(b"PK"):
        raise Refused(kind.not_zip, kind.not_zip_message.format(what=sniff.describe(data[:4096])))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(kind.corrupt, "zip 结构已损坏，无法打开") from None
    with archive:
        infos = archive.infolist()
        _vet_entries(infos, limits, kind)
        for info in infos:
            _vet_content(archive, info, limits, kind)
        return [member_name(info) for info in infos]


def _vet_entries(infos: list[zipfile.ZipInfo], limits: Limits, kind: ZipKind) -> None:
    if len(infos) > limits.members:
        raise Refused(kind.too_big, f"压缩包中有 {len(infos)} 个文件，超过上限 {limits.members} 个")
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = member_name(info)
        _vet_name(name, kind)
        folded = name.casefold()
        if folded in seen:
            other = seen[folded]
            if other == name:
                raise Refused(kind.unsafe, f"压缩包中有重名的文件“{name}”")
            raise Refused(
                kind.unsafe,
                f"压缩包中的“{other}”和“{name}”仅大小写不同，在 Windows 和 macOS 上是同一个文件",
            )
        seen[folded] = name
        mode = info.external_attr >> 16 if info.create_system == 3 else 0  # Unix modes
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            what = "符号链接" if stat.S_ISLNK(mode) else "特殊文件"
            raise Refused(kind.unsafe, f"压缩包中的“{name}”是{what}，不是普通文件")
        if info.flag_bits & 0x1:
            raise Refused(kind.unsafe, f"“{name}”已加密；请去掉密码后再导入")
        if info.file_size > limits.member_bytes:
            raise Refused(
                kind.too_big,
                f"“{name}”解压后 {_mb(info.file_size)}，超过上限 {_mb(limits.member_bytes)}",
            )
        total += info.file_size
        if total > limits.total_bytes:
            raise Refused(kind.too_big, f"解压后总大小超过上限 {_mb(limits.total_bytes)}")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and ratio > limits.ratio:
            raise Refused(
                kind.too_big, f"“{name}”的压缩比为 {ratio:.0f}:1，超过上限 {limits.ratio}:1"
            )
        base = PurePosixPath(name).name.casefold()
        if base in _MACRO_NAMES:
            raise Refused(kind.macro, f"文件中含有宏代码（{name}）")


def _vet_name(name: str, kind: ZipKind) -> None:
    posix = name.replace("\\", "/")
    parts = posix.split("/")
    if (
        "\\" in name
        or posix.startswith("/")
        or _DRIVE.match(posix)
        or ".." in parts
        or "\x00" in name
        or any(ord(ch) < 32 for ch in name)
    ):
        shown = "".join(ch if ord(ch) >= 32 else "\ufffd" for ch in name)
        raise Refused(kind.unsafe, f"压缩包中的路径“{shown}”指向包外")


def _vet_content(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, kind: ZipKind
) -> None:
    """Inflate one member in chunks: real size, real ratio, and no DOCTYPE or ENTITY."""
    if info.is_dir():
        return
    name = member_name(info)
    xml = name.lower().endswith(_XML_SUFFIXES) or name == "[Content_Types].xml"
    inflated = 0
    tail = b""
    utf16 = False
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                inflated += len(chunk)
                if inflated > info.file_size or inflated > limits.member_bytes:
                    raise Refused(kind.too_big, f"“{name}”解压后比声明的大，疑似压缩炸弹")
                if not xml:
                    continue
                if inflated == len(chunk):  # the first chunk: UTF-16 parts hide ASCII
                    utf16 = chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00"))
                window = tail + chunk
                text = window.replace(b"\x00", b"") if utf16 else window
                if _DECLARATIONS.search(text):
                    raise Refused(
                        kind.unsafe,
                        f"“{name}”中有 DOCTYPE 或 ENTITY 声明（可被用于实体扩展攻击）",
                    )
                if name == "[Content_Types].xml" and any(t in text.lower() for t in _MACRO_TYPES):
                    raise Refused(kind.macro, "文件声明了启用宏或 ActiveX 控件的内容类型")
                tail = window[-64:]
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise Refused(kind.corrupt, f"“{name}”已损坏，无法解压") from None
    except NotImplementedError:
        raise Refused(kind.corrupt, f"“{name}”使用了不支持的压缩方式") from None
    if inflated != info.file_size:
        raise Refused(kind.corrupt, f"“{name}”的大小与声明不符")


def open_docx(path: Path, limits: Limits = Limits()) -> Document:
    """A python-docx Document for ``path``, opened only after every check has passed."""
    suffix = path.suffix.lower()
    if suffix in (".docm", ".dotm"):
        raise Refused("W004", "这是启用宏的 Word 文档（.docm），不能导入")
    if suffix != ".docx":
        raise Refused("W001", f"只能导入 .docx 文件，这是“{path.suffix or '无扩展名'}”文件")
    data = read_limited(path, limits)
    names = vet_zip(data, limits)
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise Refused("W001", "压缩包中没有 Word 文档的正文（word/document.xml）")
    from checker.core.word.parts import vet_parts

    vet_parts(data)  # embedded objects, external links, and the body's size in structure
    import docx
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        raise Refused("W002", "文档的内部结构已损坏，无法读取") from None
    except Exception as exc:  # python-docx raises its own types for broken packages
        if type(exc).__module__.startswith("docx"):
            raise Refused("W002", "文档的内部结构已损坏，无法读取") from None
        raise
