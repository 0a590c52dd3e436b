"""Type into a cell of a Word file with LibreOffice, as a person would, and save it again.

Run with Debian's /usr/bin/python3 (python3-uno is built for it, not for the venv):

    /usr/bin/python3 tests/uno_typing.py IN.docx OUT.docx TABLE ROW COL TEXT [TABLE ROW COL TEXT …]

TABLE, ROW and COL count from 1, like the form's places (表3 第5行 第2列). Each text is
inserted at the cursor in the cell's first paragraph, so it takes the formatting there, the
way typed text does; then the document is saved as .docx by LibreOffice's Word filter.
Only the standard library and uno: the script starts its own headless soffice, with a
profile of its own, and stops it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str, soffice: subprocess.Popen) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if soffice.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _cell(document: object, table: int, row: int, col: int) -> object:
    # Tables are counted in document order, as python-docx and the form count them;
    # LibreOffice's getTextTables() does not promise that order, so go by anchor position.
    tables = document.getTextTables()
    ordered = sorted(
        (tables.getByIndex(i) for i in range(tables.getCount())),
        key=lambda t: _position(document, t),
    )
    return ordered[table - 1].getCellByPosition(col - 1, row - 1)


def _position(document: object, table: object) -> int:
    # The number of paragraphs and tables before the table's anchor.
    enum = document.getText().createEnumeration()
    index = 0
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.TextTable") and element.getName() == (
            table.getName()
        ):
            return index
        index += 1
    return index


def type_into(source: Path, target: Path, typing: list[tuple[int, int, int, str]]) -> None:
    pipe = f"checker-uno-{os.getpid()}"
    with tempfile.TemporaryDirectory() as profile:
        soffice = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            context = _connect(pipe, soffice)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
            document = desktop.loadComponentFromURL(
                source.resolve().as_uri(), "_blank", 0, (_property("Hidden", True),)
            )
            for table, row, col, text in typing:
                cell = _cell(document, table, row, col)
                cursor = cell.createTextCursor()
                cursor.gotoStart(False)
                cell.insertString(cursor, text, False)
            document.storeToURL(
                target.resolve().as_uri(), (_property("FilterName", "MS Word 2007 XML"),)
            )
            document.close(True)
            with contextlib.suppress(Exception):  # the bridge goes down with soffice
                desktop.terminate()
        finally:
            try:
                soffice.wait(timeout=30)
            except subprocess.TimeoutExpired:
                soffice.kill()
                soffice.wait()


if __name__ == "__main__":
    source, target, *rest = sys.argv[1:]
    groups = [rest[i : i + 4] for i in range(0, len(rest), 4)]
    type_into(Path(source), Path(target), [(int(t), int(r), int(c), x) for t, r, c, x in groups])
