"""The ballot and tally sheet's fixed parts: the marker on the cover and in the document
properties, the labels of the tally's head table, and a digest of what its columns and rows
depend on (the scheme's questions and rating names), so a sheet generated under another
scheme is refused rather than read into the wrong rows."""

from __future__ import annotations

import re

from checker.assessment.scheme import Scheme
from checker.core.word.marker import shape_digest

FORM_VERSION = "1"
MARKER_PREFIX = "checker-ballot-tally/"
MARKER = re.compile(
    r"checker-ballot-tally/(?P<form>[0-9]+);scheme=(?P<id>[^;\s]+);version=(?P<version>[^;\s]+);"
    r"organization=(?P<org>[A-Za-z0-9-]+);year=(?P<year>[0-9]{4});layout=(?P<layout>[0-9a-f]{12})"
)
HEAD_LABELS = ("党组织", "考核年度", "收回有效票（张）")
TALLY_FIXED = ("编号", "测评内容")  # before one column per rating; then 合计 (checked)


def digest(scheme: Scheme) -> str:
    shape = {"questions": scheme.questions, "ratings": list(scheme.ratings), "head": HEAD_LABELS}
    return shape_digest(shape)


def marker(scheme: Scheme, organization: str, year: int) -> str:
    return (
        f"{MARKER_PREFIX}{FORM_VERSION};scheme={scheme.id};version={scheme.version};"
        f"organization={organization};year={year};layout={digest(scheme)}"
    )
