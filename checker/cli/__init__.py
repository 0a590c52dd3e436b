"""The `checker` command line."""

from checker.cli import zh

# Before any command is built: click names some things (a Path's 目录, 文件) as it builds them.
zh.install()
