"""Text from content made safe for each kind of output.

Values, folder names and upload names come from outside. Validation refuses control
characters where it can (in YAML values and keys), but names on disk and messages that
quote them still reach the outputs, so each output escapes what its readers would act on:

- a terminal: C0/C1 controls (an ESC starts a colour or cursor sequence, a CR overwrites
  the line) and the bidirectional overrides that reorder what is shown;
- XML (JUnit, Word): the characters XML 1.0 does not allow at all;
- Markdown (CI summary, receipts, Markdown reports): the controls above plus the marks
  that start links, images, HTML, emphasis, code and table cells, so a value is shown as the
  text it is and never becomes markup, a request for an image or a link.

Escaped characters are shown as ``\\xNN`` or ``\\uNNNN``, so a reader can still see that
something was there and where.
"""

from __future__ import annotations

import re

# C0 controls but tab and LF, DEL, C1 controls; line and paragraph separators; bidi
# embeddings, overrides and isolates (the "Trojan Source" characters).
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
# What XML 1.0 refuses outright (its Char production), plus the bidi controls above.
_XML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
# ASCII marks that can start Markdown or HTML constructs; a backslash makes each literal.
_MARKDOWN_MARKS = re.compile(r"([\\`*_\[\]<>!|~#&$])")
_ADDRESS = re.compile(r"(?i)(?<=[a-z0-9]):(?=//)|(?<=www)\.")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Text for a terminal: controls and bidi marks shown as escapes; tab and LF stay."""
    return _TERMINAL_UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """As `terminal`, and LF shown as an escape too, so one value cannot forge a new line."""
    return terminal(text).replace("\n", "\\n")


def xml(text: str) -> str:
    """Text XML 1.0 can hold: refused characters and CR shown as escapes (tab and LF stay)."""
    return _XML_UNSAFE.sub(_escape, text).replace("\r", "\\r")


def markdown(text: str) -> str:
    """A value shown literally inside a Markdown line or table cell.

    Besides the marks, ``://`` and ``www.`` are broken up with an escape, so that
    renderers which turn bare addresses into links (GitHub does) see no address.
    """
    escaped = _MARKDOWN_MARKS.sub(r"\\\1", one_line(text))
    return _ADDRESS.sub(lambda m: "\\" + m.group(), escaped)


def code_span(text: str, in_table: bool = False) -> str:
    """A Markdown code span that holds ``text`` whatever backticks it contains.

    In a GFM table a ``|`` ends the cell even inside a code span unless escaped."""
    shown = one_line(text)
    if in_table:
        shown = shown.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") or longest else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
