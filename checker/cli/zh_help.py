"""click's help, laid out for Chinese: what click writes without gettext, in Chinese.

The usage line's ``[OPTIONS]`` and ``COMMAND [ARGS]...``, a heading's ASCII colon, a range
as ``1<=x<=64``, a default in ASCII parentheses, notes joined by ``; `` — and the columns:
click measures text in characters, a terminal shows a Chinese character two columns wide,
so its option list would not line up once a metavar is Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import click

from checker.core.columns import width

# Printable ASCII runs stay whole (an option, a file name); other characters break anywhere.
_TOKEN = re.compile(r"[!-~]+|\s+|.")
# Punctuation a Chinese line does not begin with; it hangs past the margin instead.
_NO_LINE_START = set("，。、；：？！）》」』”’】")


def unbreak(text: str) -> str:
    """One line of a paragraph broken over source lines: a break beside a Chinese character
    goes away (Chinese puts no space between words), any other becomes one space."""
    parts = [part.strip() for part in text.splitlines() if part.strip()]
    joined = parts[:1]
    for part in parts[1:]:
        wide = width(joined[-1][-1]) == 2 or width(part[0]) == 2
        joined.append(part if wide else " " + part)
    return "".join(joined)


def wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines of at most ``limit`` columns (a hanging punctuation mark aside)."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(unbreak(text)):
        if line and width(line) + width(token) > limit and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class Formatter(click.HelpFormatter):
    """Headings end with a full-width colon (选项：), and the option list lines up."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        limit = max(self.width - self.current_indent, 20)
        for number, paragraph in enumerate(re.split(r"\n\s*\n", text)):
            if number:
                self.write("\n")
            for line in wrap(paragraph, limit):
                self.write(f"{indent}{line}\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        text_width = max(self.width - first_col - 2, 10)
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            lines = wrap(second, text_width)
            if not lines:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first_col}{line}\n")


class Context(click.Context):
    formatter_class = Formatter


class Option(click.Option):
    """An option whose help notes read as Chinese: 2000～2100, 至少 1, a default as given."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        extra = super().get_help_extra(ctx)
        if isinstance(self.show_default, str):
            extra["default"] = self.show_default  # click would wrap it in ASCII parentheses
        elif self.is_bool_flag and self.secondary_opts and "default" in extra:
            # click names the flag without its dashes (cache); the user types --cache.
            extra["default"] = (self.opts if self.default else self.secondary_opts)[0]
        if "range" in extra and isinstance(self.type, (click.IntRange, click.FloatRange)):
            extra["range"] = describe_range(self.type.min, self.type.max)
        return extra

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None or not record[1].endswith("]"):
            return record
        spec, text = record
        notes = text.rfind("[")
        return spec, text[:notes] + text[notes:].replace("; ", "；")  # click joins notes so


def describe_range(low: float | None, high: float | None) -> str:
    """A closed range as a user reads it (the command line's ranges are all closed)."""
    if low is not None and high is not None:
        return f"{low}～{high}"
    return f"至少 {low}" if low is not None else f"至多 {high}"


class Command(click.Command):
    """A command whose usage line and help headings are Chinese."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A group like :class:`Command`, whose commands and subgroups are made alike."""

    context_class = Context
    command_class = Command
    group_class = type  # a subgroup is a Group too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
