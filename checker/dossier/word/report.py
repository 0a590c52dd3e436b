"""The branch-year report and the committee's annual bulletin, in Word and in Markdown: the
entry point the command line uses.

Both are built once as a list of blocks from the engine's result objects (branch_report.py,
bulletin.py), then rendered by one of two views in blocks.py. Neither computes a score nor
reads a dossier: they read DossierResult.
"""

from __future__ import annotations

from checker.dossier.word.blocks import (
    Block,
    cn_number,
    docx_bytes,
    redact_blocks,
    to_docx,
    to_markdown,
)
from checker.dossier.word.branch_report import branch_report
from checker.dossier.word.bulletin import Entry, bulletin, bulletin_entries

__all__ = [
    "Block",
    "Entry",
    "branch_report",
    "bulletin",
    "bulletin_entries",
    "cn_number",
    "docx_bytes",
    "redact_blocks",
    "to_docx",
    "to_markdown",
]
