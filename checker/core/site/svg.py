"""Inline SVG charts: readable without JavaScript, printable, styled by the site's CSS.

Each function takes plain numbers and labels and returns one ``<svg>`` element as text.
Every label and number is drawn as SVG text, so the chart says what it shows even where it
cannot be seen as a picture (screen readers get the ``aria-label`` and ``<title>``).
Colours come from CSS classes (``chart-*``), so the palette and the print style live in one
stylesheet.

The charts fill their container's width at any size without being scaled: an ``<svg>``
without a viewBox, ``width="100%"`` and a height in pixels, whose horizontal positions are
percentages and whose text has a fixed size in pixels. A phone shows the same 12–13 px text
as a desktop (a scaled 600-unit chart shrank it to 7 px), and a wide screen gets a chart
as wide as the card instead of one stretched or stranded in its left half. Labels sit on
their own line above a bar, value labels never share a place with threshold labels, so
nothing is cut and nothing collides at any width from 300 px up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

FONT = 13  # labels and values, in CSS pixels: at least 11 on every screen
SMALL = 12  # axes and legends
BAR = 14
LINE = 18  # a line of text


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    target: float | None = None
    css: str = ""
    note: str = ""  # drawn after the value, e.g. "12/15"


def _open(height: float, label: str, css: str, description: str = "") -> str:
    """The ``<svg>`` element: ``label`` is its title, ``description`` (else the label) what
    a screen reader announces."""
    return (
        f'<svg class="chart {css}" width="100%" height="{height:.1f}" role="img" '
        f'aria-label="{escape(description or label)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    )


def _pct(fraction: float) -> str:
    """A horizontal position as a share of the chart's width."""
    return f"{max(0.0, min(fraction, 1.0)) * 100:.2f}%"


def _text(x: str, y: float, text: str, css: str, size: int = FONT, anchor: str = "") -> str:
    where = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text class="{css}" x="{x}" y="{y:.1f}" font-size="{size}"{where}>{escape(text)}</text>'
    )


def percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def _lines(label: str, width: int = 16) -> list[str]:
    """A label in lines of at most ``width`` characters (CJK text has no spaces to break
    at): every character is shown, none replaced by an ellipsis."""
    return [label[i : i + width] for i in range(0, len(label), width)] or [""]


# Bars coloured by whether they reached their target get a legend that says which is which.
MET_LEGEND = (("bar-met", "达到目标"), ("bar-short", "未达到"))


def hbar_chart(
    bars: Sequence[Bar],
    title: str,
    max_value: float = 1.0,
    fmt: Callable[[float], str] = percent,
    target_label: str = "目标",
) -> str:
    """Horizontal bars across the full width, the label and the value on a line above each
    bar, with an optional target tick per bar and a legend."""
    legend = any(b.target is not None for b in bars)
    parts: list[str] = []
    y = 4.0
    for bar in bars:
        lines = _lines(bar.label)
        first = y + LINE
        for index, line in enumerate(lines):
            y += LINE
            hint = f"<title>{escape(bar.label)}</title>" if index == 0 else ""
            parts.append(
                f'<text class="chart-label" x="0" y="{y - 5:.1f}" font-size="{FONT}">'
                f"{escape(line)}{hint}</text>"
            )
        value = max(0.0, min(bar.value, max_value))
        share = value / max_value if max_value else 0.0
        top = y + 2
        parts.append(
            f'<rect class="chart-track" x="0" y="{top:.1f}" width="100%" height="{BAR}" rx="2"/>'
            f'<rect class="chart-bar {escape(bar.css)}" x="0" y="{top:.1f}" '
            f'width="{_pct(share)}" height="{BAR}" rx="2"/>'
        )
        text = fmt(bar.value) + (f" {bar.note}" if bar.note else "")
        parts.append(_text("100%", first - 5, text, "chart-value", anchor="end"))
        if bar.target is not None and max_value:
            x = _pct(min(bar.target, max_value) / max_value)
            parts.append(
                f'<line class="chart-target" x1="{x}" x2="{x}" y1="{top - 3:.1f}" '
                f'y2="{top + BAR + 3:.1f}" stroke-width="3"><title>{escape(target_label)} '
                f"{escape(fmt(bar.target))}</title></line>"
            )
        y = top + BAR + 8
    if legend:
        y += 4
        kinds = {b.css for b in bars}
        swatches = [(css, name) for css, name in MET_LEGEND if css in kinds] or [("", "实际")]
        x = 0
        for css, name in swatches:
            parts.append(
                f'<rect class="chart-bar {css}" x="{x:.1f}" y="{y:.1f}" width="14" height="10"/>'
                + _text(f"{x + 20:.1f}", y + 10, name, "chart-legend", SMALL)
            )
            x += 32 + SMALL * len(name)
        parts.append(
            f'<line class="chart-target" x1="{x + 2:.1f}" x2="{x + 2:.1f}" y1="{y - 2:.1f}" '
            f'y2="{y + 12:.1f}" stroke-width="3"/>'
            + _text(f"{x + 10:.1f}", y + 10, target_label, "chart-legend", SMALL)
        )
        y += 18
    return _open(y + 2, title, "chart-hbar") + "".join(parts) + "</svg>"


@dataclass(frozen=True, slots=True)
class Segment:
    name: str
    count: int
    css: str


def stacked_chart(rows: Sequence[tuple[str, Sequence[Segment]]], title: str) -> str:
    """One 100% bar per row across the full width, its label above it, split into
    segments (e.g. the grades of one year) that carry their counts."""
    legend_items: list[tuple[str, str]] = []
    for _label, segments in rows:
        for segment in segments:
            if (segment.name, segment.css) not in legend_items:
                legend_items.append((segment.name, segment.css))
    parts: list[str] = []
    y = 4.0
    high = BAR + 6
    for label, segments in rows:
        total = sum(s.count for s in segments)
        y += LINE
        parts.append(_text("0", y - 5, f"{label}（{total} 个）", "chart-label"))
        top = y + 2
        x = 0.0
        for segment in segments:
            if not total or not segment.count:
                continue
            width = segment.count / total
            parts.append(
                f'<rect class="chart-seg {escape(segment.css)}" x="{_pct(x)}" y="{top:.1f}" '
                f'width="{_pct(width)}" height="{high}"><title>{escape(segment.name)} '
                f"{segment.count} 个</title></rect>"
            )
            if width >= 0.08:
                parts.append(
                    _text(_pct(x + width / 2), top + high - 6, str(segment.count),
                          "chart-seg-label", SMALL, "middle")
                )  # fmt: skip
            x += width
        y = top + high + 8
    y += 4
    x = 0
    for name, css in legend_items:
        parts.append(
            f'<rect class="chart-seg {escape(css)}" x="{x:.1f}" y="{y:.1f}" width="14" '
            'height="10"/>' + _text(f"{x + 20:.1f}", y + 10, name, "chart-legend", SMALL)
        )
        x += 30 + SMALL * len(name)
    y += 18
    return _open(y + 2, title, "chart-stacked") + "".join(parts) + "</svg>"


# Line charts: the columns (years, versions) spread over this share of the width; the grade
# names sit right of it and the axis numbers left of it, so no value label can meet them.
COLUMNS = (0.14, 0.76)


def _column_x(index: int, count: int, span: tuple[float, float] = COLUMNS) -> float:
    left, right = span
    return (left + right) / 2 if count < 2 else left + (right - left) * index / (count - 1)


def _shown(count: int, most: int = 5) -> set[int]:
    """Which of ``count`` column labels to draw: all where they fit, else the first, the
    last and evenly spaced ones between (a phone has room for about five)."""
    if count <= most:
        return set(range(count))
    step = -(-(count - 1) // (most - 1))
    shown = list(range(0, count, step))
    if shown[-1] != count - 1:
        if count - 1 - shown[-1] < step / 2:
            shown[-1] = count - 1  # the last one, not two labels side by side
        else:
            shown.append(count - 1)
    return set(shown)


def _segments(coords: Sequence[tuple[float, float]], css: str, dash: str = "") -> str:
    """A polyline as separate lines: a polyline's points cannot be percentages."""
    return "".join(
        f'<line class="{css}" x1="{_pct(x1)}" y1="{y1:.1f}" x2="{_pct(x2)}" y2="{y2:.1f}"{dash}/>'
        for (x1, y1), (x2, y2) in pairwise(coords)
    )


def line_chart(
    points: Sequence[tuple[str, float]],
    title: str,
    max_value: float,
    guides: Sequence[tuple[str, float]] = (),
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    marked: Sequence[bool] = (),
    mark_label: str = "一票否决",
) -> str:
    """A line over labelled points (years) on a 0–``max_value`` axis with its numbers on
    the left, dashed horizontal guides (grade lines) named on the right, and a value label
    at each point. ``marked[i]`` marks point i (a vetoed year: a filled square and the
    words under it)."""
    top, bottom = 30, 34
    height = 250
    plot_h = height - top - bottom
    parts = [_open(height, title, "chart-line")]

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(value, max_value)) / max_value)

    lines = {v: "" for v in (0.0, float(max_value))} | {float(v): n for n, v in guides}
    for value, name in sorted(lines.items()):
        y = y_of(value)
        css, dash = ("chart-guide", ' stroke-dasharray="4 4"') if name else ("chart-axis", "")
        parts.append(
            f'<line class="{css}" x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}"{dash}/>'
            + _text("0", y - 3, fmt(value), "chart-guide-label", SMALL)
        )
        if name:
            parts.append(_text("100%", y - 3, name, "chart-guide-label", SMALL, "end"))
    count = len(points)
    shown = _shown(count)
    coords = [(_column_x(i, count), y_of(v)) for i, (_label, v) in enumerate(points)]
    for index, (label, _value) in enumerate(points):
        if index in shown:
            x = _pct(coords[index][0])
            parts.append(_text(x, height - 12, label, "chart-label", FONT, "middle"))
    parts.append(_segments(coords, "chart-trend"))
    values = [v for _label, v in points]
    for index, ((x, y), (label, value)) in enumerate(zip(coords, points, strict=True)):
        mark = index < len(marked) and marked[index]
        where = _pct(x)
        note = f"，{mark_label}" if mark else ""
        if mark:
            parts.append(
                f'<rect class="chart-mark" x="{x * 100:.2f}%" y="{y - 6:.1f}" width="12" '
                f'height="12" transform="translate(-6 0)"><title>{escape(label)}：'
                f"{escape(fmt(value))}{escape(note)}</title></rect>"
            )
            parts.append(_text(where, y + 22, mark_label, "chart-mark-label", SMALL, "middle"))
        else:
            parts.append(
                f'<circle class="chart-point" cx="{where}" cy="{y:.1f}" r="5">'
                f"<title>{escape(label)}：{escape(fmt(value))}</title></circle>"
            )
        changed = index == 0 or value != values[index - 1] or index == count - 1
        if (index in shown and changed) or mark:
            parts.append(_text(where, y - 10, fmt(value), "chart-value", FONT, "middle"))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Pair:
    """One column of a target-against-actual chart: a label (a year) and two shares, either
    of which may be missing (a year without a target, or without results yet)."""

    label: str
    target: float | None
    actual: float | None


TARGET_COLUMNS = (0.2, 0.84)


def target_chart(
    pairs: Sequence[Pair], title: str, description: str, fmt: Callable[[float], str] = percent
) -> str:
    """The target and the actual value per column, as two lines on a 0–100% scale: the
    target dashed, the actual solid, each point labelled (in each column the higher value's
    label above its point, the lower's below, so the two never meet). ``description`` is
    the same in words (the chart's accessible name), since the lines alone say nothing to a
    reader who cannot see them."""
    height = 254
    top, bottom = 40, 74
    plot_h = height - top - bottom
    parts = [_open(height, title, "chart-line chart-targets", description)]
    count = len(pairs)

    def x_of(index: int) -> float:
        return _column_x(index, count, TARGET_COLUMNS)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(value, 1.0)))

    for share in (0.0, 0.5, 1.0):
        y = y_of(share)
        parts.append(
            f'<line class="chart-axis" x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}"/>'
            + _text("0", y - 3, fmt(share), "chart-guide-label", SMALL)
        )
    for index, pair in enumerate(pairs):
        parts.append(
            _text(_pct(x_of(index)), top + plot_h + 40, pair.label, "chart-label", FONT, "middle")
        )
    series = (("目标", "chart-goal", ' stroke-dasharray="6 4"'), ("实际", "chart-trend", ""))
    for name, css, dash in series:
        values = [p.target if name == "目标" else p.actual for p in pairs]
        coords = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        parts.append(_segments(coords, css, dash))
    for index, pair in enumerate(pairs):
        x = _pct(x_of(index))
        present = [
            (n, v) for n, v in (("目标", pair.target), ("实际", pair.actual)) if v is not None
        ]
        # The higher value (the actual where they are equal) is labelled above its point.
        present.sort(key=lambda nv: (nv[1], nv[0] == "实际"), reverse=True)
        for rank, (name, value) in enumerate(present):
            css = "chart-goal" if name == "目标" else "chart-trend"
            y = y_of(value)
            parts.append(f'<circle class="{css}-point" cx="{x}" cy="{y:.1f}" r="4"/>')
            ty = y - 10 if rank == 0 else y + 20
            parts.append(_text(x, ty, f"{name} {fmt(value)}", "chart-value", SMALL, "middle"))
    y = height - 12
    parts.append(
        f'<line class="chart-goal" x1="0" x2="24" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
        f'stroke-dasharray="6 4"/>'
        + _text("30", y, "目标", "chart-legend", SMALL)
        + f'<line class="chart-trend" x1="80" x2="104" y1="{y - 4:.1f}" y2="{y - 4:.1f}"/>'
        + _text("110", y, "实际达标率", "chart-legend", SMALL)
    )
    parts.append("</svg>")
    return "".join(parts)
