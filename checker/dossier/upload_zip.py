"""A .zip upload of one year folder: vetted, every member checked and placed, before a byte
of it is written anywhere.

The zip is first vetted like a .docx (``safezip.vet_zip``: size, member count, ratio, names,
encryption, symbolic links), with the U codes. Then the layout: the archive holds exactly
one `dossier.yaml`; the folder it is in is the year folder, and it may be

    dossier.yaml, summary.md, evidence/…           the year folder's contents
    <any name>/dossier.yaml, …                     the year folder itself (a four-digit
                                                   name must be the dossier's year)
    <code>/<year>/dossier.yaml, <code>/branch.yaml the branch folder
    branches/<code>/<year>/…, <root>/branches/…    a path out of a content tree

`branch.yaml` is taken from the folder above the year folder (or beside `dossier.yaml` when
that is at the top). Everything else must be inside the year folder: `dossier.yaml`, the
narratives, `review.yaml` (handled by the caller) and files under `evidence/` of a type the
standard allows, whose first bytes match their extension, and which are not archives.
Files that operating systems add on their own (`__MACOSX/`, `.DS_Store`, `Thumbs.db`,
`desktop.ini`) are left out and listed.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from checker.core import atomic, filenames
from checker.core.evidence_files import content_problem
from checker.core.findings import Finding
from checker.core.paths import BRANCH_FILE, BRANCHES_DIR
from checker.core.textfile import decode_text
from checker.core.word.safezip import Limits, Refused, ZipKind, member_name, read_limited, vet_zip
from checker.core.yamlload import parse_yaml
from checker.dossier.layout import DOSSIER_FILE, EVIDENCE_DIR, NARRATIVE_FILES, REVIEW_FILE

ZIP = ZipKind(
    not_zip="U002",
    corrupt="U002",
    too_big="U003",
    unsafe="U004",
    macro="U004",
    not_zip_message="文件内容不是 zip 压缩包：扩展名是 .zip，内容却是{what}",
    ole_message="文件内容不是 zip 压缩包，而是 Office 97-2003 文档或加密的文件",
)

_JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_JUNK_FOLDERS = {"__macosx"}
_ARCHIVE_KINDS = {"zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "zst", "cab", "iso", "jar"}
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"MSCF",
)
_OFFICE_KINDS = {"docx", "xlsx", "pptx"}  # zips by design, allowed as evidence
_WINDOWS_BAD = re.compile(r'[<>:"|?*]')
_YEAR = re.compile(r"^[0-9]{4}$")
HEAD_BYTES = 512
# ".checker-tmp-<host>-<pid>-<random>/content/branches/<code>/<year>/" and its separators
_STAGING_PATH_BYTES = 160


class Rejected(Exception):
    """The upload is refused; ``findings`` say why (the first one with a U code)."""

    def __init__(
        self, code: str, message: str, file: str, more: list[Finding] | None = None
    ) -> None:
        super().__init__(message)
        self.findings = [Finding(code, message, file), *(more or [])]


@dataclass(slots=True)
class DossierZip:
    """One year folder read from a zip: where it goes, and which member becomes which file."""

    name: str  # the upload's file name, for findings
    code: str
    year: int
    prefix: str  # the year folder inside the zip: "", "2025/", "T-01/2025/"
    data: bytes
    files: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # path in year folder
    branch: zipfile.ZipInfo | None = None
    review: zipfile.ZipInfo | None = None
    ignored: list[str] = field(default_factory=list)

    @property
    def branch_member(self) -> str:
        return member_name(self.branch) if self.branch is not None else ""

    def read(self, info: zipfile.ZipInfo) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return archive.read(info)

    def extract(self, year_dir: Path) -> None:
        """Write the year folder's files (not review.yaml) under ``year_dir``."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            for relative, info in self.files.items():
                atomic.write_bytes(year_dir.joinpath(*relative.split("/")), archive.read(info))
        (year_dir / EVIDENCE_DIR).mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True, slots=True)
class NameRoom:
    """How long a member's name may be, in bytes, to be written where it goes: one folder
    or file name, and the whole path inside the year folder (``room_in``)."""

    name: int = 255 - filenames.TEMP_OVERHEAD
    path: int = 3000


def room_in(content_dir: Path) -> NameRoom:
    """The room that the content root's filesystem leaves for a member's names: a staged
    file sits at ``<content>/.checker-tmp-…/content/branches/<code>/<year>/`` first."""
    depth = filenames.byte_length(os.path.abspath(content_dir)) + _STAGING_PATH_BYTES
    return NameRoom(
        filenames.writable_name_bytes(content_dir), filenames.path_max(content_dir) - depth
    )


def read_dossier_zip(
    path: Path, settings: dict, limits: Limits | None = None, room: NameRoom | None = None
) -> DossierZip:
    """Read and check the zip at ``path``. Raises Rejected."""
    limits = limits or Limits()
    room = room or NameRoom()
    name = path.name
    try:
        data = read_limited(path, limits, ZIP)
        vet_zip(data, limits, ZIP)
    except Refused as exc:
        raise Rejected(exc.code, exc.message, name) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(member_name(info), info) for info in archive.infolist()]
        upload = DossierZip(name, "", 0, "", data)
        files = _usable(members, upload, room)
        prefix = _year_folder(files, name)
        upload.prefix = prefix
        upload.code, upload.year = _destination(archive, files[prefix + DOSSIER_FILE], upload)
        _place(files, upload, settings, archive)
    return upload


def _usable(
    members: list[tuple[str, zipfile.ZipInfo]], upload: DossierZip, room: NameRoom
) -> dict[str, zipfile.ZipInfo]:
    """The files of the zip by name, without folders and system clutter; names checked."""
    files: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    for name, info in members:
        parts = name.rstrip("/").split("/")
        if parts[0].casefold() in _JUNK_FOLDERS or parts[-1].casefold() in _JUNK_FILES:
            if not info.is_dir():
                upload.ignored.append(name)
            continue
        if any(part in ("", ".") for part in parts):
            raise Rejected("U004", f"压缩包中的路径“{name}”含有空的或“.”目录名", upload.name)
        for part in parts:
            if _WINDOWS_BAD.search(part) or part != part.rstrip(" ."):
                raise Rejected(
                    "U004",
                    f"压缩包中的文件名“{name}”含有 Windows 不允许的字符"
                    '（<>:"|?* 或结尾的空格、点）',
                    upload.name,
                )
        _check_length(name, parts, room, upload.name)
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        if info.is_dir():
            folders.add("/".join(parts))
        else:
            files[name] = info
    clash = sorted(set(files) & folders)
    if clash:
        raise Rejected("U004", f"压缩包中的“{clash[0]}”既是文件又是目录，无法解压", upload.name)
    return files


def _check_length(name: str, parts: list[str], room: NameRoom, upload: str) -> None:
    """Refuse a name that the filesystem could not take, before anything is written: it
    would fail on every run (ENAMETOOLONG) instead of going back with a receipt."""
    for part in parts:
        size = filenames.byte_length(part)
        if size > room.name:
            raise Rejected(
                "U010",
                f"压缩包中的“{filenames.fit(name, 120)}”名称过长："
                f"“{filenames.fit(part, 60)}”有 {size} 字节（一个汉字 3 字节），"
                f"超过上限 {room.name} 字节",
                upload,
            )
    size = filenames.byte_length(name)
    if size > room.path:
        raise Rejected(
            "U010",
            f"压缩包中的路径“{filenames.fit(name, 120)}”过长：{size} 字节，"
            f"超过上限 {room.path} 字节",
            upload,
        )


def _year_folder(files: dict[str, zipfile.ZipInfo], upload: str) -> str:
    """The path of the year folder in the zip ("" or ending in "/")."""
    dossiers = sorted(n for n in files if PurePosixPath(n).name == DOSSIER_FILE)
    if not dossiers:
        near = [n for n in files if PurePosixPath(n).name.casefold() == DOSSIER_FILE]
        hint = f"（有“{near[0]}”，文件名应全部小写）" if near else ""
        forms = [n for n in files if n.lower().endswith((".docx", ".docm"))]
        if not near and forms and len(files) == len(forms):
            hint = "；Word 填报表格请直接上传 .docx 文件，不要压缩"
        raise Rejected("U007", f"压缩包中没有 {DOSSIER_FILE}{hint}", upload)
    if len(dossiers) > 1:
        shown = "、".join(dossiers[:4])
        raise Rejected(
            "U007",
            f"压缩包中有 {len(dossiers)} 份台账（{shown}）；一个压缩包只放一个年度的台账",
            upload,
        )
    return dossiers[0][: -len(DOSSIER_FILE)]


def _destination(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, upload: DossierZip
) -> tuple[str, int]:
    """Branch code and year: from dossier.yaml, checked against the folder names."""
    shown = member_name(info)
    label = f"{upload.name}:{shown}"  # findings name the file inside the upload
    findings: list[Finding] = []
    text = decode_text(archive.read(info), label, findings) if info.file_size < 1 << 22 else None
    loaded = parse_yaml(text, label) if text is not None else None
    data = loaded.data if loaded is not None and isinstance(loaded.data, dict) else {}
    code, year = data.get("branch"), data.get("year")
    parts = [p for p in upload.prefix.split("/") if p]
    if not isinstance(code, str) or not code or not isinstance(year, int):
        if len(parts) >= 2 and _YEAR.match(parts[-1]):
            code, year = parts[-2], int(parts[-1])  # the engine reports what is wrong inside
        else:
            raise Rejected(
                "U007",
                f"无法确定台账属于哪个支部和年度：{shown} 中的 branch 或 year 无法读取",
                upload.name,
                findings + (loaded.findings if loaded is not None else []),
            )
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$", code) or not 2000 <= year <= 2100:
        raise Rejected("U007", f"{shown} 中的支部编号“{code}”或年度“{year}”不合规", upload.name)
    if parts and _YEAR.match(parts[-1]) and parts[-1] != str(year):
        raise Rejected(
            "U007", f"年度目录名为 {parts[-1]}，{shown} 中的年度却是 {year}", upload.name
        )
    if len(parts) >= 2:
        outer = parts[:-2]
        if parts[-2] != code:
            raise Rejected(
                "U007",
                f"支部目录名为 {parts[-2]}，{shown} 中的支部编号却是 {code}；"
                f"请只压缩年度目录，或压缩“{code}/{year}/”",
                upload.name,
            )
        if outer not in ([], [BRANCHES_DIR]) and outer[1:] != [BRANCHES_DIR]:
            raise Rejected("U007", f"台账在压缩包中的位置“{upload.prefix}”层次过深", upload.name)
    return code, year


def _place(
    files: dict[str, zipfile.ZipInfo],
    upload: DossierZip,
    settings: dict,
    archive: zipfile.ZipFile,
) -> None:
    """Decide what each member becomes; refuse what belongs nowhere or is unsafe."""
    prefix = upload.prefix
    parent = str(PurePosixPath(prefix).parent) if prefix else ""
    branch_name = f"{parent}/{BRANCH_FILE}" if parent not in ("", ".") else BRANCH_FILE
    allowed = {str(t).lower() for t in settings.get("evidence_types", [])}
    max_evidence = int(settings.get("max_evidence_bytes", 20 << 20))
    for name, info in sorted(files.items()):
        if name == branch_name:
            upload.branch = info
            continue
        if not name.startswith(prefix):
            raise Rejected(
                "U007",
                f"“{name}”不在年度目录“{prefix.rstrip('/')}”中；一个压缩包只放一个年度的台账",
                upload.name,
            )
        relative = name[len(prefix) :]
        if relative == REVIEW_FILE:
            upload.review = info
        elif relative in (DOSSIER_FILE, *NARRATIVE_FILES):
            upload.files[relative] = info
        elif relative.startswith(EVIDENCE_DIR + "/"):
            _check_evidence(name, info, archive, allowed, max_evidence, upload.name)
            upload.files[relative] = info
        else:
            raise Rejected(
                "U007",
                f"“{name}”不是台账文件：年度目录中只能有 {DOSSIER_FILE}、"
                f"{'、'.join(NARRATIVE_FILES)} 和 {EVIDENCE_DIR}/ 目录，"
                f"佐证材料请放入 {EVIDENCE_DIR}/",
                upload.name,
            )


def _check_evidence(
    name: str,
    info: zipfile.ZipInfo,
    archive: zipfile.ZipFile,
    allowed: set[str],
    max_bytes: int,
    upload: str,
) -> None:
    kind = PurePosixPath(name).suffix.lower().lstrip(".")
    with archive.open(info) as stream:
        head = stream.read(max_bytes if kind == "svg" else HEAD_BYTES)
    packed = kind not in _OFFICE_KINDS and head.startswith(_ARCHIVE_MAGIC)
    if kind in _ARCHIVE_KINDS or packed or head[257:262] == b"ustar":
        raise Rejected("U006", f"“{name}”是压缩包；压缩包中不能再放压缩包", upload)
    if kind not in allowed:
        shown = "、".join(t.upper() for t in sorted(allowed))
        raise Rejected(
            "U005", f"“{name}”的类型 .{kind or '（无扩展名）'} 不允许；允许：{shown}", upload
        )
    if info.file_size > max_bytes:
        raise Rejected(
            "U003",
            f"“{name}”解压后 {info.file_size / (1 << 20):.1f} MB，"
            f"超过佐证材料上限 {max_bytes >> 20} MB",
            upload,
        )
    problem = content_problem(kind, head) if head else None
    if problem is not None:  # content that is not what its extension says, or unsafe SVG
        raise Rejected("U005", f"“{name}”{problem[1]}", upload)
