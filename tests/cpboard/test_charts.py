"""Charts drawn on the server: what a reader, a screen reader and the PDF get from them.

The SVG is parsed with ElementTree, so every test also proves the markup is well-formed.
"""

import io
import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pikepdf
import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString
from weasyprint import HTML

from cpboard.charts import (
    BREAK_LABEL,
    FONT_FAMILY,
    GRIDLINE_COLOUR,
    Series,
    sparkline,
    trend_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
LABELS = [f"{year}-{year - 1999} Q{quarter}" for year in (2023, 2024) for quarter in (1, 2, 3, 4)]


def d(*figures) -> list[Decimal | None]:
    return [None if figure is None else Decimal(str(figure)) for figure in figures]


def chart(**overrides) -> SafeString:
    arguments = {
        "title": "Children in care with three or more placements",
        "description": "Percentage by quarter against target, England, region and neighbours.",
        "labels": LABELS,
        "series": [
            Series("Our council", d(9.5, 10.1, 11.2, 10.8, 10.4, 9.8, 9.2, 8.9), "primary"),
            Series("England", d(10, 10, 10, 10, 10.2, 10.2, 10.2, 10.2), "comparator-1"),
            Series("North West", d(11, 11, 11, 11, 10.8, 10.8, 10.8, 10.8), "comparator-2"),
            Series("Neighbours", d(9, 9, 9, 9, 9.4, 9.4, 9.4, 9.4), "comparator-3"),
        ],
        "target": d(10, 10, 10, 10, 9.5, 9.5, 9.5, 9.5),
        "value_format": lambda value: f"{value}%",
        "id_prefix": "placements",
    }
    arguments.update(overrides)
    return trend_chart(**arguments)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [element for element in root.iter() if css_class in element.get("class", "").split()]


def series_group(root: ET.Element, style: str) -> ET.Element:
    [group] = [
        group for group in by_class(root, "cpb-chart__series") if style in group.get("class")
    ]
    return group


def line_of(root: ET.Element, style: str) -> str:
    """The d attribute of a series' line."""
    return series_group(root, style).find(f"{SVG}path[@class='cpb-chart__line']").get("d")


def texts(root: ET.Element, css_class: str) -> list[str]:
    return ["".join(element.itertext()) for element in by_class(root, css_class)]


def contrast_with_white(colour: str) -> float:
    """WCAG 2.2 contrast ratio of a #rrggbb colour against white."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


# Text alternative ---------------------------------------------------------------------------


def test_the_chart_is_an_image_named_by_its_title_and_description():
    root = parse(chart())

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id == "placements-title"
    assert root.find(f"{SVG}desc").get("id") == desc_id == "placements-desc"
    assert root.find(f"{SVG}title").text == "Children in care with three or more placements"
    assert root.find(f"{SVG}desc").text.startswith("Percentage by quarter")
    # The title comes first, where browsers and WeasyPrint look for the text alternative.
    assert root[0].tag == f"{SVG}title"


def test_text_from_the_database_is_escaped_and_the_svg_still_parses():
    svg = chart(
        title='<script>alert("x")</script> & Q&A',
        description="Under 5's & <b>care leavers</b>",
        labels=["Q&A <1>", *LABELS[1:]],
        series=[Series("Ours <i>", d(1, 2, 3, 4, 5, 6, 7, 8), "primary")],
    )

    root = parse(svg)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & Q&A'
    assert root.find(f"{SVG}desc").text.startswith("Under 5's & <b>care leavers</b>")
    assert "Ours <i>" in texts(root, "cpb-chart__legend")
    assert "Q&A" in texts(root, "cpb-chart__x-label")


def test_the_chart_prints_as_is_in_a_template():
    rendered = Template("<figure>{{ chart }}</figure>").render(Context({"chart": chart()}))

    assert isinstance(chart(), SafeString)
    assert "<svg " in rendered
    assert "&lt;svg" not in rendered


# Lines --------------------------------------------------------------------------------------


def test_a_quarter_with_no_figure_leaves_a_gap_in_the_line():
    root = parse(chart(series=[Series("Ours", d(5, 6, None, 8, 9, 9, 9, 9), "primary")]))

    path = line_of(root, "primary")

    assert path.count("M") == 2
    # Both halves are drawn: two points before the gap, five after.
    assert path.count("L") == 1 + 4
    # Every figure still has its point marker.
    assert len(series_group(root, "primary").findall(f"{SVG}circle")) == 7


def test_a_change_of_definition_splits_the_line_and_is_labelled():
    series = [Series("Ours", d(5, 6, 7, 8, 20, 21, 22, 23), "primary")]

    joined = parse(chart(series=series))
    split = parse(chart(series=series, breaks={4}))

    assert line_of(joined, "primary").count("M") == 1
    assert line_of(split, "primary").count("M") == 2
    assert texts(split, "cpb-chart__break-label") == [BREAK_LABEL]
    assert texts(joined, "cpb-chart__break-label") == []
    [rule] = by_class(split, "cpb-chart__break")
    assert rule.get("stroke-dasharray")
    # A screen reader hears it too.
    assert "changed from 2024-25 Q1" in split.find(f"{SVG}desc").text


def test_the_target_is_a_dashed_step_named_in_the_legend():
    root = parse(chart())

    target = series_group(root, "target").find(f"{SVG}path")

    assert target.get("stroke-dasharray")
    # Level across each quarter: two points a quarter, one unbroken line.
    assert target.get("d").count("M") == 1
    assert target.get("d").count("L") == 2 * len(LABELS) - 1
    assert "Target" in texts(root, "cpb-chart__legend")


def test_no_target_means_no_target_line_or_legend_entry():
    root = parse(chart(target=None))

    assert by_class(root, "cpb-chart__target") == []
    assert "Target" not in texts(root, "cpb-chart__legend")


def test_a_change_of_definition_at_the_first_quarter_draws_nothing():
    root = parse(chart(breaks={0}))

    assert by_class(root, "cpb-chart__break") == []
    assert line_of(root, "primary").count("M") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"breaks": {8}}, "outside"),
        ({"target": d(1, 2)}, "target"),
        ({"series": [Series("Ours", d(1, 2, 3), "primary")]}, "Ours"),
        ({"id_prefix": "two words"}, "id"),
        ({"labels": [], "series": [], "target": None}, "at least one"),
    ],
)
def test_input_that_cannot_be_drawn_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        chart(**change)


def test_an_unknown_series_style_is_refused():
    with pytest.raises(ValueError, match="comparator-1"):
        Series("Ours", d(1), "rainbow")


# Axes ---------------------------------------------------------------------------------------


def y_axis(root: ET.Element) -> list[Decimal]:
    return [Decimal(text) for text in texts(root, "cpb-chart__y-label")]


def test_the_y_axis_runs_from_zero_to_a_round_number_above_every_figure_and_target():
    root = parse(
        chart(
            series=[Series("Ours", d(40, 52, 61, 58, 57, 55, 50, 49), "primary")],
            target=d(60, 60, 60, 60, 65, 65, 65, 65),
            value_format=str,
        )
    )

    axis = y_axis(root)

    assert axis[0] == 0
    assert axis[-1] > 65
    assert axis == [0, 20, 40, 60, 80]


@pytest.mark.parametrize(
    ("smallest", "largest"),
    [(Decimal(0), Decimal(n) / 4) for n in range(1, 600, 7)]
    + [(Decimal(-n) / 3, Decimal(n * n) / 7) for n in range(1, 60, 3)],
)
def test_the_y_axis_has_four_to_six_evenly_spaced_gridlines(smallest, largest):
    root = parse(
        chart(
            series=[Series("Ours", [smallest, largest] * 4, "primary")],
            target=None,
            value_format=str,
        )
    )

    axis = y_axis(root)

    assert axis[0] <= smallest
    assert axis[-1] > largest
    assert 4 <= len(axis) - 1 <= 6
    assert len({b - a for a, b in itertools.pairwise(axis)}) == 1


def test_a_measure_with_no_figures_yet_still_gets_axes_and_a_legend():
    root = parse(
        chart(series=[Series("Ours", [None] * 8, "primary")], target=[None] * 8, value_format=str)
    )

    assert y_axis(root)[0] == 0
    assert 4 <= len(y_axis(root)) - 1 <= 6
    assert series_group(root, "primary").find(f"{SVG}path") is None
    assert texts(root, "cpb-chart__legend") == ["Ours", "Target"]


def test_negative_figures_take_the_y_axis_below_zero():
    root = parse(
        chart(
            series=[Series("Change", d(-3, -1, 2, 4, 1, -2, 0, 3), "primary")],
            target=None,
            value_format=str,
        )
    )

    axis = y_axis(root)

    assert axis[0] <= -3
    assert axis[-1] > 4
    assert Decimal(0) in axis


def test_gridlines_are_labelled_through_value_format():
    root = parse(chart(value_format=lambda value: f"{value} per cent"))

    assert all(text.endswith(" per cent") for text in texts(root, "cpb-chart__y-label"))


def test_every_quarter_is_labelled_when_there_is_room():
    root = parse(
        chart(labels=LABELS[:4], series=[Series("Ours", d(1, 2, 3, 4), "primary")], target=None)
    )

    assert texts(root, "cpb-chart__x-label") == [
        part for label in LABELS[:4] for part in label.split(" ")
    ]


def test_many_quarters_are_thinned_out_but_the_latest_is_always_labelled():
    labels = [f"{year}-{year - 1999} Q{q}" for year in range(2010, 2025) for q in (1, 2, 3, 4)]
    root = parse(
        chart(labels=labels, series=[Series("Ours", [Decimal(5)] * 60, "primary")], target=None)
    )

    shown = texts(root, "cpb-chart__x-label")

    assert shown[-2:] == ["2024-25", "Q4"]
    assert 2 * 4 <= len(shown) < 2 * 60


# Legend and styles --------------------------------------------------------------------------


def test_the_legend_names_every_series_and_the_target_with_the_council_first():
    root = parse(chart())

    assert texts(root, "cpb-chart__legend") == [
        "Our council",
        "England",
        "North West",
        "Neighbours",
        "Target",
    ]
    # Each entry shows a sample of its line.
    for entry in by_class(root, "cpb-chart__legend-entry"):
        assert entry.find(f"{SVG}line") is not None


def test_lines_differ_by_dash_pattern_and_marker_not_colour_alone():
    root = parse(chart())
    styles = ["primary", "comparator-1", "comparator-2", "comparator-3", "target"]

    def marker_shape(style: str) -> frozenset:
        # A marker's element, and for a path its number of corners.
        group = series_group(root, style)
        return frozenset(
            (child.tag, child.get("d", "").count(","))
            for child in group
            if child.get("class") != "cpb-chart__line"
        )

    def line(style: str) -> ET.Element:
        return series_group(root, style).find(f"{SVG}path[@class='cpb-chart__line']")

    dashes = {style: line(style).get("stroke-dasharray") for style in styles}
    assert dashes["primary"] is None
    assert len(set(dashes.values())) == len(styles)
    assert len({marker_shape(style) for style in styles}) == len(styles)
    primary_width = float(line("primary").get("stroke-width"))
    assert all(float(line(style).get("stroke-width")) < primary_width for style in styles[1:])


def test_colours_for_data_and_text_have_three_to_one_contrast_against_white():
    root = parse(chart(breaks={4}))
    used = set()
    for element in root.iter():
        if "cpb-chart__gridline" in element.get("class", ""):
            assert element.get("stroke") == GRIDLINE_COLOUR
            continue
        for attribute in ("stroke", "fill"):
            colour = element.get(attribute)
            if colour and colour != "none":
                used.add(colour)
    used.discard("#ffffff")  # the background

    assert len(used) >= 5
    for colour in used:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)
        assert contrast_with_white(colour) >= 3, colour


def test_the_contrast_check_itself_is_right():
    assert contrast_with_white("#000000") == pytest.approx(21)
    assert contrast_with_white("#ffffff") == pytest.approx(1)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


# Markup that works everywhere ---------------------------------------------------------------


def test_there_are_no_inline_styles_scripts_or_css_variables():
    svg = chart(breaks={3}) + sparkline(title="x", values=d(1, 2, 3), id_prefix="s")

    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg
    assert "var(" not in svg
    assert "href" not in svg


def test_every_text_sets_its_font_family():
    root = parse(chart(breaks={3}))

    all_text = list(root.iter(f"{SVG}text"))

    assert len(all_text) > 10
    assert {element.get("font-family") for element in all_text} == {FONT_FAMILY}


def test_the_chart_scales_to_its_container():
    root = parse(chart())

    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 640 [0-9]+\.[0-9]", root.get("viewBox"))


def test_the_same_figures_give_the_same_bytes():
    first = chart(breaks={5, 3, 7})
    second = chart(breaks={7, 3, 5})

    assert first == second


def test_coordinates_are_rounded_to_one_decimal_place():
    page = "<div>{}{}</div>".format(
        chart(series=[Series("Ours", d(1, 2.333, 3.1, 4, 5, 6, 7, 8.55), "primary")]),
        sparkline(title="x", values=d(1, 2.333, 3.1), id_prefix="s"),
    )

    numbers = [
        number
        for element in parse(page).iter()
        for name, value in element.attrib.items()
        if name in {"d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}
        for number in re.findall(r"[0-9.]+", value)
    ]

    assert len(numbers) > 100
    assert all(re.fullmatch(r"[0-9]+(\.[0-9])?", number) for number in numbers)


def test_two_charts_on_one_page_share_no_id():
    page = "<div>{}{}{}</div>".format(
        chart(id_prefix="placements"),
        chart(id_prefix="stability"),
        sparkline(title="x", values=d(1, 2), id_prefix="stability-trend"),
    )

    ids = [element.get("id") for element in parse(page).iter() if element.get("id")]

    assert len(ids) == 5
    assert len(ids) == len(set(ids))


# Sparkline ----------------------------------------------------------------------------------


def test_the_sparkline_says_its_figures_in_words_and_which_is_latest():
    root = parse(
        sparkline(
            title="Placement stability",
            values=d(48, 50, 52, None, 55, 55, 53, 55),
            id_prefix="stability",
        )
    )

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "stability-title"
    assert root.find(f"{SVG}title").text == (
        "Placement stability. Trend over 8 quarters: 48, 50, 52, no figure, 55, 55, 53, 55 (latest)"
    )


def test_the_sparkline_gaps_at_a_missing_figure_and_marks_the_latest():
    root = parse(sparkline(title="", values=d(1, 2, None, 4, 5, None), id_prefix="s"))

    path = root.find(f"{SVG}path").get("d")
    [latest] = root.findall(f"{SVG}circle")

    assert path.count("M") == 2
    # The latest figure is the 5, the last point of the line, not the empty last quarter.
    assert path.endswith(f"{latest.get('cx')},{latest.get('cy')}")
    assert root.find(f"{SVG}title").text.endswith("4, 5 (latest), no figure")


def test_a_sparkline_figure_with_no_neighbours_still_shows():
    root = parse(sparkline(title="", values=d(1, None, 3, None, 5, 6), id_prefix="s"))

    # Two lone figures get dots; the latest gets its own.
    assert len(root.findall(f"{SVG}circle")) == 3


def test_the_sparkline_formats_figures_through_value_format():
    root = parse(
        sparkline(
            title="Care leavers in education",
            values=d(50, 52.5),
            id_prefix="s",
            value_format=lambda value: f"{value}%",
        )
    )

    assert root.find(f"{SVG}title").text.endswith("50%, 52.5% (latest)")


@pytest.mark.parametrize("values", [[], d(None, None), d(None, 7, None)])
def test_a_sparkline_with_fewer_than_two_figures_draws_nothing_and_says_so(values):
    root = parse(sparkline(title="Placement stability", values=values, id_prefix="s"))

    assert root.find(f"{SVG}title").text == "Placement stability. Not enough figures for a trend"
    assert root.find(f"{SVG}path") is None
    assert root.find(f"{SVG}circle") is None


def test_a_flat_sparkline_is_drawn_across_the_middle():
    root = parse(sparkline(title="", values=d(3, 3, 3), id_prefix="s"))

    assert set(re.findall(r",([0-9.]+)", root.find(f"{SVG}path").get("d"))) == {"12.0"}


# PDF ----------------------------------------------------------------------------------------


def test_the_chart_renders_into_a_tagged_pdf_with_its_title_as_alternative_text():
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pack</title>'
        f"<style>body {{ font-family: {FONT_FAMILY} }}</style></head>"
        f"<body><h1>Placements</h1>{chart(breaks={4})}"
        f"{sparkline(title='Stability', values=d(1, 2, 3), id_prefix='s')}</body></html>"
    )

    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")

    with pikepdf.open(io.BytesIO(pdf)) as document:
        figures = [
            str(element.get("/Alt"))
            for element in _structure_elements(document.Root.StructTreeRoot)
            if element.get("/S") == "/Figure"
        ]
        fonts = {
            str(thing.BaseFont)
            for thing in document.objects
            if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/Font"
        }
    assert "Children in care with three or more placements" in figures
    assert "Stability. Trend over 3 quarters: 1, 2, 3 (latest)" in figures
    # The chart's text is in the font asked for, with no DejaVu fallback embedded beside it.
    assert any("Liberation" in font for font in fonts)
    assert not any("DejaVu" in font for font in fonts)


def _structure_elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid
            yield from _structure_elements(kid)
