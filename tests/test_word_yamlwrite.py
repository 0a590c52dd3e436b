"""The YAML the import writes: read back by the project's loader as exactly what was written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.core.yamlload import parse_yaml
from checker.core.yamlwrite import document, mapping_lines, ordered, plain_ok

TRICKY = [
    "no", "yes", "on", "off", "Y", "true", "null", "~", "", " lead", "trail ", "2025.1", "12",
    "0755", "1:30", "1e3", ".5", "-", "- item", "#注释", "a: b", "a #b", "key:", "[x]", "{y}",
    "*ref", "&anchor", "!tag", "|", ">", "'q'", '"q"', "%p", "@a", "`b`", "多行\n文字",
    "行尾空格 \n下一行", "\t制表", "2025-13-45", "2025-01-06", "M01", "379901-CZJ-01",
    "evidence/会议记录.pdf", "第一党小组", "A1.1", "0", "-1", "+1", "0x1F", "1_000", ".nan",
    "NaN", "\u2028分隔", "null值", "?", "? x",
]  # fmt: skip


def round_trip(data: dict) -> object:
    text = "\n".join(mapping_lines(data)) + "\n"
    loaded = parse_yaml(text, "t.yaml")
    assert loaded.findings == [], (text, loaded.findings)
    return loaded.data


def test_tricky_strings_read_back_as_written() -> None:
    data = {f"k{i}": value for i, value in enumerate(TRICKY)}
    assert round_trip(data) == data
    assert round_trip({"list": TRICKY}) == {"list": TRICKY}


def test_plain_only_where_every_reader_agrees() -> None:
    assert plain_ok("第一党小组") and plain_ok("M01") and plain_ok("2025-01-06")
    for text in ("no", "2025.1", "12", "1:30", "a: b", " x", "#x"):
        assert not plain_ok(text), text


def test_schema_order_and_sections() -> None:
    schema = {
        "type": "object",
        "properties": {"b": {"type": "string"}, "a": {"$ref": "#/$defs/x"}},
        "$defs": {"x": {"type": "object", "properties": {"z": {}, "y": {}}}},
    }
    data = ordered({"a": {"y": 1, "z": 2}, "extra": 3, "b": "x"}, schema)
    assert list(data) == ["b", "a", "extra"] and list(data["a"]) == ["z", "y"]
    text = document([(None, {"b": "x"}), ("注释", {"a": {"z": 2}})], ["# 头"])
    assert text == "# 头\nb: x\n\n# 注释\na:\n  z: 2\n"


values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=10), values, min_size=1, max_size=5))
def test_any_data_reads_back_unchanged(data: dict) -> None:
    # Control characters are refused by the loader in any file; the import never writes them.
    if any(ch in repr(data) for ch in ("\\x", "\\r", "\\u")):
        return
    assert round_trip(data) == data
