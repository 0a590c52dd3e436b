"""The site's inline SVG charts (checker/core/site/svg.py): they fill their card without being
scaled (no viewBox, positions across the width in percent, text in pixels of at least 11),
no label is cut, a vetoed year is marked, and in the target chart the two labels of a year
sit on either side of the two points, so they cannot meet. The browser test measures the
same on the built home page at 390 px."""

from __future__ import annotations

import re

from checker.core.site import svg


def _texts(chart: str) -> list[str]:
    return [
        re.sub(r"<title>.*?</title>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", chart)
    ]


def _sizes(chart: str) -> list[int]:
    return [int(n) for n in re.findall(r'font-size="(\d+)"', chart)]


def test_a_bar_chart_fills_its_card_and_shows_whole_labels() -> None:
    label = "A6.3 党务干部配备和业务培训落实情况"
    chart = svg.hbar_chart([svg.Bar(label, 0.25, None, "bar-weak", "3个")], "失分")
    assert "viewBox" not in chart and 'width="100%"' in chart
    assert "…" not in chart
    assert "".join(_texts(chart)[:-1]) == label  # in lines, every character kept
    assert "25% 3个" in _texts(chart)
    assert min(_sizes(chart)) >= 11


def test_bars_coloured_by_met_or_short_say_which_colour_is_which() -> None:
    bars = [svg.Bar("第一责任区", 1.0, 0.8, "bar-met", "达到"),
            svg.Bar("第二责任区", 0.5, 0.8, "bar-short", "差1个")]  # fmt: skip
    texts = _texts(svg.hbar_chart(bars, "对照目标"))
    assert "达到目标" in texts and "未达到" in texts and "目标" in texts


def test_the_trend_marks_a_vetoed_year_and_names_the_grade_lines() -> None:
    chart = svg.line_chart(
        [("2024年", 91.0), ("2025年", 58.0)], "历年总分", 100.0,
        [("示范", 90.0), ("达标", 80.0), ("基本达标", 60.0)], marked=[False, True],
    )  # fmt: skip
    texts = _texts(chart)
    assert texts.count("一票否决") == 1
    assert chart.count('class="chart-mark"') == 1 and chart.count('class="chart-point"') == 1
    assert {"示范", "达标", "基本达标", "0", "100"} <= set(texts)  # the axis and the lines
    assert "viewBox" not in chart and min(_sizes(chart)) >= 11


def test_many_versions_do_not_crowd_their_labels() -> None:
    points = [(f"第{n}版", 90.0 + (n % 2)) for n in range(1, 12)]
    texts = _texts(svg.line_chart(points, "各版本", 100.0))
    shown = [t for t in texts if t.startswith("第")]
    assert shown[0] == "第1版" and shown[-1] == "第11版" and len(shown) <= 5


def test_the_target_chart_puts_the_higher_label_above_and_the_lower_below() -> None:
    pairs = [svg.Pair("2024年", 0.5, 0.571), svg.Pair("2025年", 0.8, 0.786)]
    chart = svg.target_chart([*pairs, svg.Pair("2026年", 1.0, None)], "历年目标与实际", "说明")
    where = {
        m[3]: float(m[2])
        for m in re.finditer(
            r'<text class="chart-value" x="([^"]+)" y="([^"]+)"[^>]*>([^<]+)<', chart
        )
    }
    points = {
        (css, float(y))
        for css, y in re.findall(
            r'<circle class="chart-(goal|trend)-point" cx="[^"]+" cy="([^"]+)"', chart
        )
    }
    assert len(points) == 5
    assert where["实际 57.1%"] < where["目标 50%"]  # the actual is higher: its label on top
    assert where["目标 80%"] < where["实际 78.6%"]  # the target is higher: its label on top
    assert "目标 100%" in where
