"""What a branch does about each reason for lost points, in the words of its work.

A finding's ``fix`` (checker/core/codes.py) tells whoever edits the dossier what to change in
the files; a printed report goes to the branch and its parent committee, who act in their
work, not in YAML. So each P code has its action here, and the printed documents use it.
"""

from __future__ import annotations

import re

ACTIONS: dict[str, str] = {
    "P001": "按标准规定的频次开展会议和活动，每次都如实记录，不漏记。",
    "P002": "会前确认应到人员，确保过半数到会；因故缺席的记明原因，会后及时传达。",
    "P003": "对照标准要求补齐差距（人数、比例、学时、次数等），数据记录有误的据实更正。",
    "P004": "补充能证明这项工作已开展的材料（记录、照片、文件），并归入台账。",
    "P005": "补齐这项工作的佐证材料，使自评有据可查。",
    "P006": "对照标准要求逐项自查，给出自评分并写明自评说明。",
    "P007": "立即整改一票否决事项，整改到位并经上级党组织认定后方可参加评定等次。",
    "P008": "该条目不属于不适用的情形，应按标准要求开展这项工作。",
    "P009": "确属不适用情形的，在台账中写明不适用的理由，供督导组确认。",
    "P010": "按期进行支部委员会换届选举；确需延期的，报上级党组织批准。",
    "P011": "按督导组核定意见逐项整改，整改情况记入台账。",
    "P012": "对照标准查找自评失分的原因，补齐工作和佐证后再如实自评。",
    "P013": "把这项工作依据的党员名册、活动记录等内容如实填写完整。",
    "P014": "本年度确实没有这类问题的，也在台账中如实写明，不要留空。",
}

GENERIC_ACTION = "对照标准要求查找差距，补齐工作和佐证材料。"

# Field names and commands written as code in a message (`committee.elected_on`).
_CODE_SPAN = re.compile(r"\s*`[^`]*`\s*")


def action_for(code: str) -> str:
    return ACTIONS.get(code, GENERIC_ACTION)


def plain_words(message: str) -> str:
    """A finding's message without the field names and commands written as code, for a
    printed document: `未填写选举日期 `committee.elected_on`` → `未填写选举日期`."""
    return _CODE_SPAN.sub("", message).strip()
