"""A finding: one thing wrong (or worth a warning) at one place in one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.core.codes import CODES, Level


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    hint: str = field(default="")

    @property
    def level(self) -> Level:
        return CODES[self.code].level

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def full_hint(self) -> str:
        return self.hint or CODES[self.code].fix

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.full_hint(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(
            code=data["code"],
            message=data["message"],
            file=data["file"],
            line=data["line"],
            column=data["column"],
            path=data["path"],
            hint=data.get("hint", ""),
        )

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)


def pointer(parts: tuple | list) -> str:
    """JSON pointer (RFC 6901) for a path of keys and indices."""
    if not parts:
        return ""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class FindingsError(Exception):
    """Something every later step needs is broken (a standard, a scheme): raised with the
    findings that say why, for the front end to print."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(f.message for f in findings))
        self.findings = findings
