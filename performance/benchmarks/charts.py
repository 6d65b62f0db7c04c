"""Charts of "How we compare": every council's figure on one axis (a strip plot), and the
council against England, its region and its neighbours over the years.

Drawn on the server as SVG with a title and a description, as every chart of the portal,
and always shown beside a table of the same figures. The council, England, the region and
the neighbours each have a lane of their own with its name, a shape and a colour, so colour
is never the only signal."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cpboard.charts import FONT_FAMILY, SERIES_STYLES, TEXT_COLOUR, Series, trend_chart
from performance.benchmarks.selectors import Comparison, KpiBenchmark

_WIDTH = 640
_LEFT = 210
_RIGHT = 24
_LANE = 30
_DOT = 3.5
_STACK = 6.5
_NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
OTHER_COUNCILS = "#6f777b"


def _svg(template: str, *args) -> SafeString:
    """SVG markup: text arguments escaped, numbers formatted as the template says."""
    return mark_safe(template.format(*(escape(a) if isinstance(a, str) else a for a in args)))


def figure_text(value: Decimal | None, unit: str) -> str:
    """A DfE figure as pages print it: "14%", "72 per 10,000", "16.3", "495"."""
    if value is None:
        return "No figure"
    value = value.normalize()
    if value == value.to_integral_value():
        number = f"{int(value):,}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "percentage":
        return f"{number}%"
    if unit == "rate_per_10000":
        return f"{number} per 10,000"
    return number


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    low, high = min(values), max(values)
    if high <= low:
        high = low + 4
    exponent = ((high - low) / 6).adjusted()
    while True:
        for mantissa in _NICE:
            step = mantissa.scaleb(exponent)
            bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
            top = (high / step).to_integral_value(ROUND_CEILING) * step
            if top == bottom:
                top = bottom + step
            if (top - bottom) / step <= 6:
                return bottom, top, step
        exponent += 1


def _marker(shape: str, colour: str, x: float, y: float, size: float) -> SafeString:
    if shape == "square":
        return _svg(
            '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>',
            x - size,
            y - size,
            size * 2,
            size * 2,
            colour,
        )
    if shape == "triangle":
        corners = [(x, y - size * 1.2), (x + size, y + size * 0.8), (x - size, y + size * 0.8)]
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)
        return _svg('<polygon points="{}" fill="{}"/>', points, colour)
    if shape == "diamond":
        corners = [(x, y - size * 1.2), (x + size, y), (x, y + size * 1.2), (x - size, y)]
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)
        return _svg('<polygon points="{}" fill="{}"/>', points, colour)
    return _svg('<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}"/>', x, y, size, colour)


def _label(text: str, x: float, y: float, *, anchor: str = "end", size: int = 13) -> SafeString:
    return _svg(
        '<text x="{:.1f}" y="{:.1f}" font-family="{}" font-size="{}" fill="{}" '
        'text-anchor="{}">{}</text>',
        x,
        y,
        FONT_FAMILY,
        size,
        TEXT_COLOUR,
        anchor,
        text,
    )


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"


def strip_plot(found: Comparison, *, council_name: str, id_prefix: str) -> SafeString | None:
    """Every council's figure for the year as a dot on one axis, stacked where councils share
    a value, with the council, England, the region and each neighbour in lanes below."""
    unit = found.measure.unit
    values = [row.value for row in found.councils]
    if found.value is not None:
        values.append(found.value)
    if not values:
        return None
    extra = [r.value for r in (found.england, found.region) if r and r.value is not None]
    bottom, top, step = _scale(values + extra)
    span = float(top - bottom)

    def x_of(value: Decimal) -> float:
        return _LEFT + (float(value - bottom) / span) * (_WIDTH - _LEFT - _RIGHT)

    stacks = Counter(row.value for row in found.councils)
    tallest = max(stacks.values(), default=1)
    strip_height = max(_LANE, tallest * _STACK + 10)
    own_label = f"{council_name}{' (provisional)' if found.provisional else ''}"
    marked = [
        (council_name, "primary", [found.value] if found.value is not None else []),
        (
            "England",
            "comparator-1",
            [found.england.value] if found.england and found.england.value is not None else [],
        ),
        (
            found.region.name if found.region else "Region",
            "comparator-2",
            [found.region.value] if found.region and found.region.value is not None else [],
        ),
        (
            "Statistical neighbours",
            "comparator-3",
            [n.figure.value for n in found.neighbours if n.figure and n.figure.value is not None],
        ),
    ]
    top_margin = 12
    height = top_margin + strip_height + _LANE * len(marked) + 44
    year = found.published_financial_year
    title = f"{found.measure.name}: every council in {year}"
    description = (
        f"{len(found.councils)} councils' published figures for {year} on one axis from "
        f"{figure_text(bottom, unit)} to {figure_text(top, unit)}. "
        f"{own_label}: {figure_text(found.value, unit)}"
        + (f", {found.rank_words}" if found.rank_words else "")
        + f". England: {figure_text(found.england.value if found.england else None, unit)}. "
        f"The same figures are in the tables below the chart."
    )
    parts = [
        _svg(
            '<svg xmlns="http://www.w3.org/2000/svg" class="cpb-chart" role="img" '
            'aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2:.0f}" width="100%">',
            id_prefix,
            _WIDTH,
            height,
        ),
        _svg('<title id="{}-title">{}</title>', id_prefix, title),
        _svg('<desc id="{}-desc">{}</desc>', id_prefix, description),
        _svg('<rect x="0" y="0" width="{}" height="{:.0f}" fill="#ffffff"/>', _WIDTH, height),
    ]
    axis_y = top_margin + strip_height + _LANE * len(marked) + 6
    tick = bottom
    while tick <= top:
        x = x_of(tick)
        parts.append(
            _svg(
                '<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2:.1f}" stroke="#b1b4b6" '
                'stroke-width="1"/>',
                x,
                top_margin,
                axis_y,
            )
        )
        parts.append(_label(figure_text(tick, unit), x, axis_y + 18, anchor="middle", size=12))
        tick += step
    parts.append(
        _svg(
            '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1"/>',
            _LEFT,
            _WIDTH - _RIGHT,
            axis_y,
            axis_y,
            TEXT_COLOUR,
        )
    )
    # All councils: hollow dots, stacked upward where values are equal.
    base = top_margin + strip_height - 8
    parts.append(_label("All councils", _LEFT - 10, base + 4, size=12))
    height_at: Counter = Counter()
    for row in found.councils:
        level = height_at[row.value]
        height_at[row.value] += 1
        parts.append(
            _svg(
                '<circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="none" stroke="{}" '
                'stroke-width="1.2"/>',
                x_of(row.value),
                base - level * _STACK,
                _DOT - 0.8,
                OTHER_COUNCILS,
            )
        )
    y = top_margin + strip_height
    for name, style_name, lane_values in marked:
        style = SERIES_STYLES[style_name]
        centre = y + _LANE / 2
        parts.append(_label(_short(name), _LEFT - 10, centre + 4, size=12))
        # Neighbours with the same figure share a marker, with how many beside it.
        for value, count in Counter(lane_values).items():
            parts.append(_marker(style.marker, style.colour, x_of(value), centre, 6))
            if count > 1:
                parts.append(
                    _label(f"\u00d7{count}", x_of(value) + 8, centre - 5, anchor="start", size=11)
                )
        if not lane_values:
            parts.append(_label("no figure", _LEFT + 4, centre + 4, anchor="start", size=12))
        y += _LANE
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def years_chart(found: KpiBenchmark, *, council_name: str, id_prefix: str) -> SafeString | None:
    """The council's published figure, England, the region and the neighbours' mean over
    every year DfE has published; None with fewer than two years."""
    years = found.years
    if len(years) < 2:
        return None
    unit = found.latest.measure.unit
    labels = [str(c.financial_year) for c in years]
    series = [
        Series(name=council_name, values=[c.value for c in years], style="primary"),
        Series(
            name="England",
            values=[c.england.value if c.england else None for c in years],
            style="comparator-1",
        ),
        Series(
            name=years[-1].region.name if years[-1].region else "Region",
            values=[c.region.value if c.region else None for c in years],
            style="comparator-2",
        ),
        Series(
            name="Neighbours (mean)",
            values=[c.neighbours_mean for c in years],
            style="comparator-3",
        ),
    ]
    return trend_chart(
        title=f"{found.latest.measure.name}: {council_name} against England, region and "
        "neighbours by year",
        description=(
            f"DfE's published figures from {labels[0]} to {labels[-1]}. The same figures are in "
            "the table below the chart."
        ),
        labels=labels,
        series=series,
        value_format=lambda value: figure_text(value, unit),
        id_prefix=id_prefix,
    )
