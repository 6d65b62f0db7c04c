"""Charts drawn on the server as SVG, so one chart shows in the browser, in print and in the PDF.

Each chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>`` give its text
alternative (WeasyPrint turns an inline SVG into a tagged Figure whose alternative text is the
``<title>``). The page puts the figures in a data table beside the chart; the chart itself is a
picture of that table.

Constraints that shape the markup:

- The site's Content-Security-Policy forbids inline styles, so there is no ``style=`` anywhere:
  colours, widths and dash patterns are presentation attributes.
- No CSS variables, scripts or web fonts, so WeasyPrint draws exactly what a browser draws; the
  font family is set on every ``<text>`` because WeasyPrint does not inherit the page's font
  into an SVG and would otherwise embed DejaVu beside it.
- Output is byte-identical for identical input (coordinates are rounded to one decimal place
  and nothing depends on set or dict order), so a compiled board pack can be reproduced.
- Series are told apart by dash pattern and marker shape as well as colour, and every colour
  used for data or text has at least 3:1 contrast against white (WCAG 2.2 SC 1.4.11).

Every piece of text goes through ``format_html``; the pieces, all already-escaped markup,
are joined as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "BREAK_LABEL",
    "FONT_FAMILY",
    "GRIDLINE_COLOUR",
    "SERIES_STYLES",
    "TEXT_COLOUR",
    "Series",
    "SeriesStyle",
    "sparkline",
    "trend_chart",
]

FONT_FAMILY = "Arial, 'Liberation Sans', sans-serif"
TEXT_COLOUR = "#0b0c0c"
# Gridlines only help the eye find a value (the axis labels and the data table carry the
# numbers), so they may be lighter than 3:1; everything that carries data is not.
GRIDLINE_COLOUR = "#b1b4b6"
BACKGROUND_COLOUR = "#ffffff"
BREAK_LABEL = "Definition changed"
TARGET_LABEL = "Target"


@dataclass(frozen=True)
class SeriesStyle:
    """How one kind of line is drawn: colour, width, dash pattern and point marker."""

    colour: str
    width: float
    dasharray: str | None
    marker: str
    """One of "circle", "square", "triangle", "diamond" or "none"."""
    marker_size: float


SERIES_STYLES: dict[str, SeriesStyle] = {
    # The council's own figure: GOV.UK blue, solid and thick, round points.
    "primary": SeriesStyle("#1d70b8", 3, None, "circle", 4.5),
    # England, region, statistical neighbours: thinner, each with its own dash and marker.
    "comparator-1": SeriesStyle("#505a5f", 2, "8 4", "square", 4),
    "comparator-2": SeriesStyle("#6f3c00", 2, "2 3", "triangle", 4.5),
    "comparator-3": SeriesStyle("#912b88", 2, "10 3 2 3", "diamond", 4.5),
}
TARGET_STYLE = SeriesStyle(TEXT_COLOUR, 2, "12 5", "none", 0)

_ID_PREFIX_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class Series:
    """One line on a trend chart: a name for the legend, one value per label, and a style.

    ``style`` is "primary" (the council's figure) or "comparator-1" to "comparator-3"
    (England, region, statistical neighbours). ``None`` is a quarter with no figure.
    """

    name: str
    values: list[Decimal | None]
    style: str

    def __post_init__(self) -> None:
        if self.style not in SERIES_STYLES:
            styles = ", ".join(SERIES_STYLES)
            raise ValueError(f"Unknown series style {self.style!r}: use one of {styles}.")


# Layout of a trend chart, in viewBox units (about CSS pixels when shown 640 wide).
_WIDTH = 640
_FONT_SIZE = 13
_SMALL_FONT_SIZE = 12
_LINE_HEIGHT = 16
_PLOT_HEIGHT = 220
_MARGIN = 12
_LEGEND_SAMPLE = 36
_LEGEND_ROW = 24
# Arial's average character is about 0.55 em; 0.6 overestimates a little so labels never touch.
_CHAR_WIDTH = 0.6


def trend_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    target: Sequence[Decimal | None] | None = None,
    value_format: Callable[[Decimal], str] = str,
    breaks: Iterable[int] = frozenset(),
    id_prefix: str = "chart",
) -> SafeString:
    """An SVG line chart of quarterly figures against a target and comparators.

    ``labels`` are the quarters along the x-axis, oldest first; each series and the target
    have one value per label. ``breaks`` are indexes of quarters from which the KPI's
    definition changed: no line joins the quarter before a break to the break, and a dotted
    marker labelled "Definition changed" stands between them. The y-axis runs from 0 (or
    below, for negative figures) to a round number above every value and target, with 4 to 6
    labelled gridlines formatted by ``value_format``. ``id_prefix`` must be unique on the page.

    Raises ``ValueError`` when the lengths do not match, a break is out of range, or the
    prefix cannot be used as an id.
    """
    _check_id_prefix(id_prefix)
    break_indexes = _checked_breaks(labels, series, target, breaks)
    layout = _TrendLayout.of(labels, series, target, value_format, break_indexes)
    if break_indexes:
        changed_at = ", ".join(labels[i] for i in break_indexes)
        change = (
            f"The definition of the measure changed from {changed_at}; "
            "figures before and after a change are not joined by a line."
        )
        description = f"{description} {change}" if description else change
    return _join(
        [
            *_chart_frame(id_prefix, title, description, layout.height),
            *_y_axis(layout),
            *_x_axis(layout),
            *_definition_breaks(layout),
            *_trend_lines(layout, series, target),
            *_legend(layout),
            mark_safe("</svg>"),
        ]
    )


def _checked_breaks(
    labels: Sequence[str],
    series: Sequence[Series],
    target: Sequence[Decimal | None] | None,
    breaks: Iterable[int],
) -> list[int]:
    """The quarters a definition change separates from the one before, after checking that
    every series and the target have one value per label."""
    count = len(labels)
    if count == 0:
        raise ValueError("A trend chart needs at least one quarter.")
    for one in series:
        if len(one.values) != count:
            raise ValueError(
                f"Series {one.name!r} has {len(one.values)} values for {count} labels."
            )
    if target is not None and len(target) != count:
        raise ValueError(f"The target has {len(target)} values for {count} labels.")
    break_indexes = sorted(set(breaks))
    for index in break_indexes:
        if not 0 <= index < count:
            raise ValueError(f"Break {index} is outside the {count} quarters shown.")
    # A change of definition at the first quarter shown separates nothing that is shown.
    return [index for index in break_indexes if index > 0]


@dataclass(frozen=True)
class _TrendLayout:
    """Where everything in a trend chart goes: the y scale and its ticks, the plot area, the
    quarters' slots, the rows of break labels above the plot and of the legend below."""

    labels: Sequence[str]
    label_lines: list[list[str]]
    ticks: list[Decimal]
    tick_texts: list[str]
    bottom: Decimal
    top: Decimal
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    slot: float
    break_indexes: list[int]
    break_rows: list[int]
    legend_entries: list[tuple[str, str, SeriesStyle]]
    legend_positions: list[tuple[float, int]]
    legend_top: float
    height: float

    @classmethod
    def of(
        cls,
        labels: Sequence[str],
        series: Sequence[Series],
        target: Sequence[Decimal | None] | None,
        value_format: Callable[[Decimal], str],
        break_indexes: list[int],
    ) -> _TrendLayout:
        count = len(labels)
        values = [_finite(v) for one in series for v in one.values if v is not None]
        if target is not None:
            values += [_finite(v) for v in target if v is not None]
        bottom, top, step = _y_scale(values)
        ticks = [_tidy(bottom + step * i) for i in range(int((top - bottom) / step) + 1)]
        tick_texts = [str(value_format(tick)) for tick in ticks]

        # Horizontal layout: the left margin fits the widest y-axis label; each quarter gets
        # an equal slot and its point sits in the middle of the slot.
        plot_left = _MARGIN + max(24.0, _text_width(max(tick_texts, key=len), _FONT_SIZE)) + 8
        plot_right = _WIDTH - _MARGIN
        slot = (plot_right - plot_left) / count

        # Vertical layout: break labels above the plot, two-line quarter labels below,
        # legend last.
        break_rows = _break_label_rows([plot_left + slot * i for i in break_indexes])
        plot_top = _MARGIN + _LINE_HEIGHT * (max(break_rows, default=-1) + 1) + 4
        plot_bottom = plot_top + _PLOT_HEIGHT
        label_lines = [label.split(" ", 1) for label in labels]
        line_count = max(len(lines) for lines in label_lines)
        axis_labels_bottom = plot_bottom + 6 + _LINE_HEIGHT * line_count

        legend_entries: list[tuple[str, str, SeriesStyle]] = [
            (one.name, one.style, SERIES_STYLES[one.style]) for one in _legend_order(series)
        ]
        if target is not None:
            legend_entries.append((TARGET_LABEL, "target", TARGET_STYLE))
        legend_positions = _legend_layout(
            [name for name, _, _ in legend_entries], left=plot_left, right=plot_right
        )
        legend_rows = max((row for _, row in legend_positions), default=-1) + 1
        legend_top = axis_labels_bottom + 14
        height = legend_top + legend_rows * _LEGEND_ROW + _MARGIN - 8
        return cls(
            labels=labels,
            label_lines=label_lines,
            ticks=ticks,
            tick_texts=tick_texts,
            bottom=bottom,
            top=top,
            plot_left=plot_left,
            plot_right=plot_right,
            plot_top=plot_top,
            plot_bottom=plot_bottom,
            slot=slot,
            break_indexes=break_indexes,
            break_rows=break_rows,
            legend_entries=legend_entries,
            legend_positions=legend_positions,
            legend_top=legend_top,
            height=height,
        )

    def x_at(self, index: int) -> float:
        """The middle of a quarter's slot, where its point sits."""
        return self.plot_left + self.slot * (index + 0.5)

    def x_boundary(self, index: int) -> float:
        """The left edge of a quarter's slot."""
        return self.plot_left + self.slot * index

    def y_at(self, value: Decimal) -> float:
        return self.plot_top + float((self.top - value) / (self.top - self.bottom)) * _PLOT_HEIGHT


def _chart_frame(id_prefix: str, title: str, description: str, height: float) -> list[SafeString]:
    """The opening tag, the title and description a screen reader reads, and the background."""
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="cpb-chart" role="img" '
            'aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" width="100%">',
            id_prefix,
            id_prefix,
            _WIDTH,
            _n(height),
        ),
        format_html('<title id="{}-title">{}</title>', id_prefix, title),
        format_html('<desc id="{}-desc">{}</desc>', id_prefix, description),
        format_html(
            '<rect x="0" y="0" width="{}" height="{}" fill="{}"/>',
            _WIDTH,
            _n(height),
            BACKGROUND_COLOUR,
        ),
    ]


def _y_axis(layout: _TrendLayout) -> list[SafeString]:
    """Gridlines and y-axis labels; the zero (or lowest) line is drawn as the axis."""
    parts: list[SafeString] = []
    for tick, text in zip(layout.ticks, layout.tick_texts, strict=True):
        y = layout.y_at(tick)
        is_baseline = tick == 0 or tick == layout.bottom
        parts.append(
            format_html(
                '<line class="cpb-chart__{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1"/>',
                "axis" if is_baseline else "gridline",
                _n(layout.plot_left),
                _n(y),
                _n(layout.plot_right),
                _n(y),
                TEXT_COLOUR if is_baseline else GRIDLINE_COLOUR,
            )
        )
        parts.append(
            _text(
                text,
                layout.plot_left - 8,
                y + _FONT_SIZE * 0.35,
                css_class="cpb-chart__y-label",
                anchor="end",
            )
        )
    return parts


def _x_axis(layout: _TrendLayout) -> list[SafeString]:
    """Quarter labels: every one if they fit, otherwise every Nth counting back from the
    latest."""
    parts: list[SafeString] = []
    count = len(layout.labels)
    widest = max(_text_width(line, _FONT_SIZE) for lines in layout.label_lines for line in lines)
    every = 1
    while every * layout.slot < widest + 8:
        every += 1
    for index in sorted(range(count - 1, -1, -every)):
        x = layout.x_at(index)
        parts.append(
            format_html(
                '<line class="cpb-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1"/>',
                _n(x),
                _n(layout.plot_bottom),
                _n(x),
                _n(layout.plot_bottom + 4),
                TEXT_COLOUR,
            )
        )
        for line_number, line in enumerate(layout.label_lines[index]):
            baseline = layout.plot_bottom + 6 + _LINE_HEIGHT * (line_number + 1) - 3
            parts.append(_text(line, x, baseline, css_class="cpb-chart__x-label", anchor="middle"))
    return parts


def _definition_breaks(layout: _TrendLayout) -> list[SafeString]:
    """Changes of definition: a dotted rule between the two quarters, labelled above the
    plot."""
    parts: list[SafeString] = []
    for index, row in zip(layout.break_indexes, layout.break_rows, strict=True):
        x = layout.x_boundary(index)
        parts.append(
            format_html(
                '<line class="cpb-chart__break" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="2 3"/>',
                _n(x),
                _n(layout.plot_top - 2),
                _n(x),
                _n(layout.plot_bottom),
                TEXT_COLOUR,
            )
        )
        label_x = _clamp_label(x, _text_width(BREAK_LABEL, _SMALL_FONT_SIZE))
        baseline = _MARGIN + _LINE_HEIGHT * (row + 1) - 4
        parts.append(
            _text(
                BREAK_LABEL,
                label_x,
                baseline,
                css_class="cpb-chart__break-label",
                anchor="middle",
                size=_SMALL_FONT_SIZE,
            )
        )
    return parts


def _trend_lines(
    layout: _TrendLayout,
    series: Sequence[Series],
    target: Sequence[Decimal | None] | None,
) -> list[SafeString]:
    """The target under the comparators, the council's own line on top of everything."""
    parts: list[SafeString] = []
    if target is not None:
        parts.append(format_html('<g class="cpb-chart__series cpb-chart__{}">', "target"))
        parts.append(_stepped_path(target, layout.break_indexes, layout.x_boundary, layout.y_at))
        parts.append(mark_safe("</g>"))
    for one in reversed(_legend_order(series)):
        style = SERIES_STYLES[one.style]
        points = [
            None if value is None else (layout.x_at(i), layout.y_at(_finite(value)))
            for i, value in enumerate(one.values)
        ]
        parts.append(format_html('<g class="cpb-chart__series cpb-chart__{}">', one.style))
        parts.append(_line_path(points, layout.break_indexes, style, "cpb-chart__line"))
        parts.extend(_marker(style, *point) for point in points if point is not None)
        parts.append(mark_safe("</g>"))
    return parts


def _legend(layout: _TrendLayout) -> list[SafeString]:
    """A sample of each line with its marker, then its name."""
    parts: list[SafeString] = []
    for (name, key, style), (x, row) in zip(
        layout.legend_entries, layout.legend_positions, strict=True
    ):
        y = layout.legend_top + row * _LEGEND_ROW + _LEGEND_ROW / 2
        parts.append(format_html('<g class="cpb-chart__legend-entry cpb-chart__{}">', key))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}"{}/>',
                _n(x),
                _n(y),
                _n(x + _LEGEND_SAMPLE),
                _n(y),
                _stroke_attributes(style),
            )
        )
        if style.marker != "none":
            parts.append(_marker(style, x + _LEGEND_SAMPLE / 2, y))
        parts.append(
            _text(
                name, x + _LEGEND_SAMPLE + 6, y + _FONT_SIZE * 0.35, css_class="cpb-chart__legend"
            )
        )
        parts.append(mark_safe("</g>"))
    return parts


def sparkline(
    *,
    title: str,
    values: Sequence[Decimal | None],
    id_prefix: str,
    value_format: Callable[[Decimal], str] = str,
) -> SafeString:
    """A small SVG line (100 by 24) for a table cell, with its latest figure marked.

    The ``<title>`` says the figures in words, oldest first, so a screen reader hears the
    trend: "Placement stability. Trend over 8 quarters: 48, 50, no figure, 55 (latest)".
    ``title`` names what is shown and may be empty. ``None`` is a quarter with no figure and
    leaves a gap. With fewer than two figures nothing is drawn and the title says so.
    """
    _check_id_prefix(id_prefix)
    width, height, pad = 100, 24, 3.5
    known = [(i, _finite(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        words = "Not enough figures for a trend"
    else:
        latest = known[-1][0]
        words_for = [
            "no figure"
            if value is None
            else str(value_format(value)) + (" (latest)" if i == latest else "")
            for i, value in enumerate(values)
        ]
        words = f"Trend over {len(values)} quarters: " + ", ".join(words_for)
    full_title = f"{title}. {words}" if title else words

    # Built with f-strings: a scorecard draws one per KPI, and every value here is a number
    # or the validated id prefix except the title, which is escaped.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cpb-sparkline" role="img" '
        f'aria-labelledby="{id_prefix}-title" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}">',
        f'<title id="{id_prefix}-title">{escape(full_title)}</title>',
    ]
    if len(known) >= 2:
        low = min(v for _, v in known)
        high = max(v for _, v in known)
        span = high - low
        step = (width - 2 * pad) / max(len(values) - 1, 1)

        def y_at(value: Decimal) -> float:
            if span == 0:
                return height / 2
            return pad + float((high - value) / span) * (height - 2 * pad)

        points = [
            None if value is None else (pad + step * i, y_at(_finite(value)))
            for i, value in enumerate(values)
        ]
        style = SeriesStyle(SERIES_STYLES["primary"].colour, 1.5, None, "circle", 1.75)
        parts.append(_line_path(points, [], style, "cpb-sparkline__line"))
        # A figure with no neighbour has no line to show it, so it gets a dot of its own.
        for i, point in enumerate(points):
            if point is None or i == known[-1][0]:
                continue
            before = points[i - 1] if i > 0 else None
            after = points[i + 1] if i + 1 < len(points) else None
            if before is None and after is None:
                parts.append(_marker(style, *point))
        x, y = points[known[-1][0]]
        parts.append(_marker(SeriesStyle(style.colour, 0, None, "circle", 2.5), x, y))
    parts.append("</svg>")
    return mark_safe("\n".join(part for part in parts if part))


# Scale ------------------------------------------------------------------------------------

_NICE_MANTISSAS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
_MAX_INTERVALS = 6


def _y_scale(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """The axis's bottom, top and step: a round top above every value, 4 to 6 steps.

    The axis starts at 0 unless a value is negative. Consecutive candidate steps differ by a
    factor of at most 2, so the first step that needs no more than 6 intervals needs at least
    4 (the one before it needed 7 or more).
    """
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    if high <= low:
        # Nothing but zeros (or nothing at all): any round scale will do.
        high = low + 4
    exponent = ((high - low) / _MAX_INTERVALS).adjusted()
    while True:
        for mantissa in _NICE_MANTISSAS:
            step = mantissa.scaleb(exponent)
            bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
            top = ((high / step).to_integral_value(ROUND_FLOOR) + 1) * step
            if (top - bottom) / step <= _MAX_INTERVALS:
                return bottom, top, step
        exponent += 1


def _tidy(value: Decimal) -> Decimal:
    """20 rather than 2.0E+1 or 20.0; 2.5 rather than 2.50."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + 0
    return value.normalize()


def _finite(value: Decimal | int) -> Decimal:
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"A chart cannot show {value}.")
    return value


# Drawing ----------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate rounded to one decimal place, the same text on every run."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _text(
    content: str,
    x: float,
    y: float,
    *,
    css_class: str,
    anchor: str = "start",
    size: int = _FONT_SIZE,
) -> SafeString:
    return format_html(
        '<text class="{}" x="{}" y="{}" font-family="{}" font-size="{}" fill="{}" '
        'text-anchor="{}">{}</text>',
        css_class,
        _n(x),
        _n(y),
        FONT_FAMILY,
        size,
        TEXT_COLOUR,
        anchor,
        content,
    )


def _stroke_attributes(style: SeriesStyle) -> SafeString:
    dash = format_html(' stroke-dasharray="{}"', style.dasharray) if style.dasharray else ""
    return format_html(
        ' fill="none" stroke="{}" stroke-width="{}"{} stroke-linejoin="round"',
        style.colour,
        style.width,
        dash,
    )


def _line_path(
    points: Sequence[tuple[float, float] | None],
    break_indexes: Sequence[int],
    style: SeriesStyle,
    css_class: str,
) -> SafeString:
    """One path; a new subpath ("M") after each missing figure and at each break."""
    commands: list[str] = []
    previous = None
    for index, point in enumerate(points):
        if point is None:
            previous = None
            continue
        joined = previous is not None and index not in break_indexes
        commands.append(f"{'L' if joined else 'M'}{_n(point[0])},{_n(point[1])}")
        previous = point
    if not commands:
        return mark_safe("")
    return format_html(
        '<path class="{}" d="{}"{}/>',
        css_class,
        " ".join(commands),
        _stroke_attributes(style),
    )


def _stepped_path(
    values: Sequence[Decimal | None],
    break_indexes: Sequence[int],
    x_boundary: Callable[[int], float],
    y_at: Callable[[Decimal], float],
) -> SafeString:
    """The target as steps: level across each quarter's slot, rising or falling between."""
    commands: list[str] = []
    previous_y = None
    for index, value in enumerate(values):
        if value is None:
            previous_y = None
            continue
        y = y_at(_finite(value))
        left, right = x_boundary(index), x_boundary(index + 1)
        if previous_y is None or index in break_indexes:
            commands.append(f"M{_n(left)},{_n(y)}")
        else:
            commands.append(f"L{_n(left)},{_n(y)}")
        commands.append(f"L{_n(right)},{_n(y)}")
        previous_y = y
    if not commands:
        return mark_safe("")
    return format_html(
        '<path class="cpb-chart__line" d="{}"{}/>',
        " ".join(commands),
        _stroke_attributes(TARGET_STYLE),
    )


def _marker(style: SeriesStyle, x: float, y: float) -> SafeString:
    size = style.marker_size
    if style.marker == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"/>', _n(x), _n(y), _n(size), style.colour
        )
    if style.marker == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            _n(x - size),
            _n(y - size),
            _n(2 * size),
            _n(2 * size),
            style.colour,
        )
    if style.marker == "triangle":
        corners = [(x, y - size * 1.15), (x + size, y + size * 0.75), (x - size, y + size * 0.75)]
    elif style.marker == "diamond":
        corners = [(x, y - size * 1.2), (x + size, y), (x, y + size * 1.2), (x - size, y)]
    else:
        raise ValueError(f"Unknown marker {style.marker!r}.")
    d = "M" + " L".join(f"{_n(cx)},{_n(cy)}" for cx, cy in corners) + " Z"
    return format_html('<path d="{}" fill="{}"/>', d, style.colour)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * _CHAR_WIDTH


def _clamp_label(x: float, width: float) -> float:
    """A centred label's x, moved in so that it stays inside the chart."""
    return min(max(x, _MARGIN + width / 2), _WIDTH - _MARGIN - width / 2)


def _break_label_rows(xs: Sequence[float]) -> list[int]:
    """A row for each break label, so that labels of nearby breaks do not overlap."""
    width = _text_width(BREAK_LABEL, _SMALL_FONT_SIZE) + 8
    row_ends: list[float] = []
    rows = []
    for x in xs:
        left = _clamp_label(x, width) - width / 2
        for row, end in enumerate(row_ends):
            if left >= end:
                row_ends[row] = left + width
                rows.append(row)
                break
        else:
            row_ends.append(left + width)
            rows.append(len(row_ends) - 1)
    return rows


def _legend_order(series: Sequence[Series]) -> list[Series]:
    """The council's figure first, then the comparators in the order given."""
    return sorted(series, key=lambda one: one.style != "primary")


def _legend_layout(names: Sequence[str], *, left: float, right: float) -> list[tuple[float, int]]:
    """Where each legend entry starts (x, row), wrapping onto new rows when a row is full."""
    positions = []
    x, row = left, 0
    for name in names:
        width = _LEGEND_SAMPLE + 6 + _text_width(name, _FONT_SIZE)
        if x > left and x + width > right:
            x, row = left, row + 1
        positions.append((x, row))
        x += width + 20
    return positions


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID_PREFIX_RE.match(id_prefix):
        raise ValueError(
            f"{id_prefix!r} cannot start an id: use a letter, then letters, digits, - or _."
        )


def _join(parts: Sequence[SafeString]) -> SafeString:
    # Every part is already escaped markup (SafeString), so joining needs no escaping; a
    # sparkline per scorecard row makes this the hot path.
    return mark_safe("\n".join(part for part in parts if part))
