"""click's own words in Chinese: help headings, usage errors, "Did you mean …?".

click marks every message it prints with gettext, so that an application can translate it.
A catalogue normally comes as a compiled .mo file found through the locale; ours is this
one small table, handed to click's modules as their ``_``/``ngettext`` so that it does not
depend on the user's locale. A message missing here stays in English, never breaks.

What click writes without gettext (the usage line's ``[OPTIONS]``, a heading's colon, a
range as ``1<=x<=64``) is written in Chinese by the classes of ``checker.cli.zh_help``.
"""

from __future__ import annotations

import gettext
import importlib

# click's message (the msgid, with its placeholders) -> ours (the same placeholders).
CATALOGUE: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "默认：{default}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 `{command} {option}` 查看用法。",
    "No such option {name!r}.": "没有 {name} 这个选项。",
    "No such option: {name}": "没有 {name} 这个选项。",
    "No such command {name!r}.": "没有 {name} 这个命令。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选的值中，可选：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能写值。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，这里要的是文件。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里要的是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 没有写入权限。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Aborted!": "已中断。",
    "required": "必填",
}

# The click modules that print messages; each imported gettext's functions under its own name.
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


class Catalogue(gettext.NullTranslations):
    """Translations from a dict: what a .mo file would give, without one."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Chinese (idempotent)."""
    catalogue = Catalogue(CATALOGUE)
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]
