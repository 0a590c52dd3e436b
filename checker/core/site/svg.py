"""Inline SVG charts: readable without JavaScript, printable, styled by the site's CSS.

Each function takes plain numbers and labels and returns one ``<svg>`` element as text.
Every label and number is drawn as SVG text, so the chart says what it shows even where it
cannot be seen as a picture (screen readers get the ``aria-label`` and ``<title>``).
Colours come from CSS classes (``chart-*``), so the palette and the print style live in one
stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 600
LABEL_WIDTH = 160
ROW = 30
BAR = 18
FONT = 14
VALUE_WIDTH = 100


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    target: float | None = None
    css: str = ""
    note: str = ""  # drawn after the value, e.g. "12/15"


def _short(label: str, limit: int = 11) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _open(height: float, label: str, css: str, description: str = "") -> str:
    """The ``<svg>`` element: ``label`` is its title, ``description`` (else the label) what
    a screen reader announces."""
    return (
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-label="{escape(description or label)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(label)}</title>"
    )


def percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def hbar_chart(
    bars: Sequence[Bar],
    title: str,
    max_value: float = 1.0,
    fmt: Callable[[float], str] = percent,
    target_label: str = "目标",
) -> str:
    """Horizontal bars, one row each, with an optional target tick per row."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = 8
    legend = any(b.target is not None for b in bars)
    height = top + ROW * len(bars) + (26 if legend else 8)
    parts = [_open(height, title, "chart-hbar")]
    scale = plot / max_value if max_value else 0
    for index, bar in enumerate(bars):
        y = top + index * ROW
        value = max(0.0, min(bar.value, max_value))
        width = value * scale
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" '
            f'text-anchor="end" font-size="{FONT}">{escape(_short(bar.label))}'
            f"<title>{escape(bar.label)}</title></text>"
            f'<rect class="chart-track" x="{LABEL_WIDTH}" y="{y}" width="{plot}" '
            f'height="{BAR}" rx="2"/>'
            f'<rect class="chart-bar {escape(bar.css)}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{width:.1f}" height="{BAR}" rx="2"/>'
        )
        text = fmt(bar.value) + (f" {bar.note}" if bar.note else "")
        parts.append(
            f'<text class="chart-value" x="{LABEL_WIDTH + plot + 6}" y="{y + BAR - 4}" '
            f'font-size="{FONT}">{escape(text)}</text>'
        )
        if bar.target is not None:
            x = LABEL_WIDTH + min(bar.target, max_value) * scale
            parts.append(
                f'<line class="chart-target" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" '
                f'y2="{y + BAR + 3}" stroke-width="3"><title>{escape(target_label)} '
                f"{escape(fmt(bar.target))}</title></line>"
            )
    if legend:
        y = top + ROW * len(bars) + 8
        parts.append(
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="14" height="10"/>'
            f'<text class="chart-legend" x="{LABEL_WIDTH + 20}" y="{y + 10}" '
            f'font-size="12">实际</text>'
            f'<line class="chart-target" x1="{LABEL_WIDTH + 72}" x2="{LABEL_WIDTH + 72}" '
            f'y1="{y - 2}" y2="{y + 12}" stroke-width="3"/>'
            f'<text class="chart-legend" x="{LABEL_WIDTH + 80}" y="{y + 10}" '
            f'font-size="12">{escape(target_label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Segment:
    name: str
    count: int
    css: str


def stacked_chart(rows: Sequence[tuple[str, Sequence[Segment]]], title: str) -> str:
    """One 100% bar per row, split into segments (e.g. the grades of one year)."""
    plot = WIDTH - LABEL_WIDTH - 16
    top = 8
    legend_items = []
    for _label, segments in rows:
        for segment in segments:
            if (segment.name, segment.css) not in legend_items:
                legend_items.append((segment.name, segment.css))
    height = top + ROW * len(rows) + 30
    parts = [_open(height, title, "chart-stacked")]
    for index, (label, segments) in enumerate(rows):
        y = top + index * ROW
        total = sum(s.count for s in segments)
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" '
            f'text-anchor="end" font-size="{FONT}">{escape(_short(label))}</text>'
        )
        x = float(LABEL_WIDTH)
        for segment in segments:
            if not total or not segment.count:
                continue
            width = plot * segment.count / total
            parts.append(
                f'<rect class="chart-seg {escape(segment.css)}" x="{x:.1f}" y="{y}" '
                f'width="{width:.1f}" height="{BAR}"><title>{escape(segment.name)} '
                f"{segment.count} 个</title></rect>"
            )
            if width >= 22:
                parts.append(
                    f'<text class="chart-seg-label" x="{x + width / 2:.1f}" y="{y + BAR - 5}" '
                    f'text-anchor="middle" font-size="12">{segment.count}</text>'
                )
            x += width
    y = top + ROW * len(rows) + 6
    x = LABEL_WIDTH
    for name, css in legend_items:
        parts.append(
            f'<rect class="chart-seg {escape(css)}" x="{x}" y="{y}" width="14" height="10"/>'
            f'<text class="chart-legend" x="{x + 20}" y="{y + 10}" font-size="12">'
            f"{escape(name)}</text>"
        )
        x += 28 + 14 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[str, float]],
    title: str,
    max_value: float,
    guides: Sequence[tuple[str, float]] = (),
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    """A line over labelled points (years), with dashed horizontal guides (grade lines)."""
    height = 230
    left, right, top, bottom = 40, 110, 30, 36
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    parts = [_open(height, title, "chart-line")]

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(value, max_value)) / max_value)

    parts.append(
        f'<line class="chart-axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}"/>'
    )
    for name, value in guides:
        y = y_of(value)
        parts.append(
            f'<line class="chart-guide" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke-dasharray="4 4"/>'
            f'<text class="chart-guide-label" x="{left + plot_w + 6}" y="{y + 4:.1f}" '
            f'font-size="12">{escape(name)} {escape(fmt(value))}</text>'
        )
    count = len(points)
    step = plot_w / (count - 1) if count > 1 else 0
    coords = []
    for index, (label, value) in enumerate(points):
        x = left + (index * step if count > 1 else plot_w / 2)
        y = y_of(value)
        coords.append((x, y))
        parts.append(
            f'<text class="chart-label" x="{x:.1f}" y="{top + plot_h + 20}" '
            f'text-anchor="middle" font-size="{FONT}">{escape(label)}</text>'
        )
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="chart-trend" points="{path}" fill="none"/>')
    for (x, y), (label, value) in zip(coords, points, strict=True):
        parts.append(
            f'<circle class="chart-point" cx="{x:.1f}" cy="{y:.1f}" r="5">'
            f"<title>{escape(label)}:{escape(fmt(value))}</title></circle>"
            f'<text class="chart-value" x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" '
            f'font-size="{FONT}">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Pair:
    """One column of a target-against-actual chart: a label (a year) and two shares, either
    of which may be missing (a year without a target, or without results yet)."""

    label: str
    target: float | None
    actual: float | None


def target_chart(
    pairs: Sequence[Pair], title: str, description: str, fmt: Callable[[float], str] = percent
) -> str:
    """The target and the actual value per column, as two lines on a 0–100% scale: the
    target dashed, the actual solid, each point labelled. ``description`` is the same in
    words (the chart's accessible name), since the lines alone say nothing to a reader
    who cannot see them."""
    height = 240
    left, right, top, bottom = 48, 48, 34, 56
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    parts = [_open(height, title, "chart-line chart-targets", description)]
    count = len(pairs)
    step = plot_w / (count - 1) if count > 1 else 0

    def x_of(index: int) -> float:
        return left + (index * step if count > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(value, 1.0)))

    for share in (0.0, 0.5, 1.0):
        y = y_of(share)
        parts.append(
            f'<line class="chart-axis" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="chart-guide-label" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="12">{escape(fmt(share))}</text>'
        )
    for index, pair in enumerate(pairs):
        parts.append(
            f'<text class="chart-label" x="{x_of(index):.1f}" y="{top + plot_h + 20}" '
            f'text-anchor="middle" font-size="{FONT}">{escape(pair.label)}</text>'
        )
    for name, css, dash, above in (
        ("目标", "chart-goal", ' stroke-dasharray="6 4"', False),
        ("实际", "chart-trend", "", True),
    ):
        values = [p.target if name == "目标" else p.actual for p in pairs]
        coords = [(x_of(i), y_of(v), v) for i, v in enumerate(values) if v is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in coords)
            parts.append(f'<polyline class="{css}" points="{path}" fill="none"{dash}/>')
        for x, y, value in coords:
            ty = y - 10 if above else y + 20
            parts.append(
                f'<circle class="{css}-point" cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
                f'<text class="chart-value" x="{x:.1f}" y="{ty:.1f}" text-anchor="middle" '
                f'font-size="12">{escape(name)} {escape(fmt(value))}</text>'
            )
    y = height - 14
    parts.append(
        f'<line class="chart-goal" x1="{left}" x2="{left + 24}" y1="{y}" y2="{y}" '
        f'stroke-dasharray="6 4"/><text class="chart-legend" x="{left + 30}" y="{y + 4}" '
        f'font-size="12">目标</text>'
        f'<line class="chart-trend" x1="{left + 80}" x2="{left + 104}" y1="{y}" y2="{y}"/>'
        f'<text class="chart-legend" x="{left + 110}" y="{y + 4}" font-size="12">实际达标率</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
