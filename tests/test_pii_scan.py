"""The scanner's search for private values: every occurrence, short texts and long lists."""

from __future__ import annotations

from checker.core.pii import PRIVATE_LABEL, prepare, redact, scan


def test_overlapping_values_are_redacted_whole() -> None:
    # "王某" and "某某甲" overlap in "王某某甲": neither part may stay readable.
    text = "表扬王某某甲同志"
    hits = scan(text, ["王某", "某某甲"])
    assert [(h.start, h.end) for h in hits] == [(2, 6)]
    assert redact(text, hits) == f"表扬{PRIVATE_LABEL}同志"


def test_a_short_text_against_a_citys_rosters_finds_what_a_search_per_value_finds() -> None:
    everyone = prepare([f"党员{n:06d}" for n in range(20_000)] + ["张三", "李四四"])
    name = "第三责任区李四四张三党员000017组"
    assert len(name) * len(everyone.lengths) < len(everyone)  # the substring lookup path
    hits = scan(name, everyone, prepared=True)
    assert [h.text for h in hits] == ["李四四", "张三", "党员000017"]


def test_every_occurrence_is_found_also_when_hidden_by_full_width_or_zero_width() -> None:
    text = "张三发言，张\u200b三再发言，Ｍ０１不是名字"
    hits = scan(text, ["张三"])
    assert [h.text for h in hits] == ["张三", "张\u200b三"]


def test_numbers_are_found_wherever_they_stand() -> None:
    cases = {
        "手机13812345678": ["13812345678"],
        "+86 138-1234-5678。": ["+86 138-1234-5678"],
        "0086 13812345678": ["0086 13812345678"],
        "号码 138 1234 5678 已登记": ["138 1234 5678"],
        "11010519491231002X": ["11010519491231002X"],
        "身份证11010519491231002x，电话13912345678": ["11010519491231002x", "13912345678"],
        "编号 213812345678 不是手机号": [],
        "2025-06-30 12:00 得分 13.5": [],
    }
    for text, expected in cases.items():
        assert [h.text for h in scan(text)] == expected, text
