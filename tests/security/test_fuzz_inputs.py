"""Property-based tests of everything that reads outside text: the quarter and year types,
risk ratings, the quarter in an address, and the query string of every page that takes no
address arguments. Whatever is typed or linked, the answer is a value or a plain-words
refusal (a message, a "not found"), never a server error.

The number of examples per test is bounded by the "cpboard" Hypothesis profile
(tests/conftest.py); the page tests ask for more, since each example tries one page.
"""

import re
import string

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from hypothesis import given, settings
from hypothesis import strategies as st

from cpboard import roles
from cpboard.converters import QuarterConverter
from cpboard.quarters import (
    FIRST_SUPPORTED_QUARTER,
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_QUARTER,
    LAST_SUPPORTED_YEAR,
    FinancialQuarter,
    FinancialYear,
    QuarterFormatError,
    neighbours,
)
from strategy.ratings import SCALES, Rating, RatingError

# Years at and either side of the edges of the supported and representable ones, as often as
# any other year: random digits would almost never land on 1999 or 2100.
EDGE_YEARS = (0, 1899, 1900, FIRST_SUPPORTED_YEAR - 1, FIRST_SUPPORTED_YEAR)
EDGE_YEARS += (LAST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1, 2999, 3000, 9999)
edge_years = st.sampled_from(EDGE_YEARS) | st.integers(0, 9999)


@st.composite
def nearly_years(draw) -> str:
    """Text that looks like a financial year: "2024-25", or one with the wrong second year."""
    year = draw(edge_years)
    second = (year + 1) % 100 if draw(st.booleans()) else draw(st.integers(0, 999))
    return f"{year:04d}-{second:02d}"


@st.composite
def nearly_quarters(draw, separators=(" Q", " q", "Q", "-Q", " ", "  Q")) -> str:
    """Text that looks like a quarter, so the examples reach past the first "wrong shape"
    check into the year, second-year and quarter-number checks."""
    space = draw(st.sampled_from(["", " ", "\t"]))
    number = draw(st.integers(0, 12))
    return f"{space}{draw(nearly_years())}{draw(st.sampled_from(separators))}{number}{space}"


supported_quarters = st.builds(
    FinancialQuarter,
    st.integers(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR),
    st.integers(1, 4),
)


def refusal_is_plain(message: str | None, text: str) -> bool:
    """Return whether a refusal names what was typed (or asks for something when nothing
    was); True when there was no refusal."""
    if message is None:
        return True
    return f'"{text.strip()}"' in message or message.startswith("A blank value")


# --- Quarters and years ------------------------------------------------------------------


@given(st.text() | nearly_quarters())
def test_any_text_is_a_supported_quarter_or_a_plain_refusal(text):
    refusal = None
    try:
        quarter = FinancialQuarter.parse(text)
    except QuarterFormatError as error:
        refusal = str(error)
    else:
        assert quarter.is_supported
        assert str(quarter).upper() == " ".join(text.split()).upper()
    assert refusal_is_plain(refusal, text)


@given(st.text() | nearly_years())
def test_any_text_is_a_supported_financial_year_or_a_plain_refusal(text):
    refusal = None
    try:
        year = FinancialYear.parse(text)
    except QuarterFormatError as error:
        refusal = str(error)
    else:
        assert year.is_supported
        assert str(year) == text.strip()
    assert refusal_is_plain(refusal, text)


@given(supported_quarters, st.sampled_from(["", " ", "\t", "\n "]), st.booleans())
def test_a_supported_quarter_reads_back_from_its_text(quarter, space, lowercase):
    text = str(quarter).replace("Q", "q") if lowercase else str(quarter)

    assert FinancialQuarter.parse(f"{space}{text}{space}") == quarter
    assert FinancialYear.parse(str(quarter.financial_year)) == quarter.financial_year


@given(supported_quarters)
def test_the_quarters_either_side_of_a_supported_one_always_exist(quarter):
    assert quarter.next() - quarter == 1
    assert quarter - quarter.previous() == 1
    assert quarter.financial_year.next().start_year == quarter.start_year + 1
    assert quarter.financial_year.previous().start_year == quarter.start_year - 1


@given(supported_quarters, st.none() | supported_quarters, st.none() | supported_quarters)
def test_previous_and_next_links_stay_within_the_records_and_the_supported_years(
    quarter, first, last
):
    previous, following = neighbours(quarter, first=first, last=last)

    if previous is not None:
        assert previous == quarter.previous()
        assert first is not None
        assert first <= previous
        assert previous.is_supported
    else:
        assert first is None or quarter <= first or quarter == FIRST_SUPPORTED_QUARTER
    if following is not None:
        assert following == quarter.next()
        assert last is None or following <= last
        assert following.is_supported
    else:
        assert quarter == LAST_SUPPORTED_QUARTER or (last is not None and quarter >= last)


# --- The quarter in an address -----------------------------------------------------------


@given(supported_quarters)
def test_a_supported_quarter_round_trips_through_its_address(quarter):
    converter = QuarterConverter()

    assert converter.to_python(converter.to_url(quarter)) == quarter
    match = resolve(reverse("performance:entry", args=["housing", quarter]))
    assert match.kwargs["quarter"] == quarter


@given(st.from_regex(QuarterConverter.regex, fullmatch=True) | nearly_quarters(separators=("-Q",)))
def test_text_the_converter_pattern_lets_through_is_a_quarter_or_not_found(text):
    refusal = None
    try:
        quarter = QuarterConverter().to_python(text)
    except ValueError as error:
        # Django answers 404 for a ValueError from a converter.
        refusal = str(error)
    else:
        assert quarter.is_supported
    assert refusal is None or refusal


@given(st.text(min_size=1) | nearly_quarters(separators=("-Q", "-q", "Q")))
def test_any_quarter_segment_in_an_address_resolves_to_a_supported_quarter_or_not_found(text):
    segment = text.replace("/", "")
    try:
        match = resolve(f"/performance/entry/housing/{segment}/")
    except Resolver404:
        return
    assert match.kwargs["quarter"].is_supported


# --- Risk ratings -------------------------------------------------------------------------


scales = st.sampled_from(list(SCALES.values()))


@given(st.text() | st.none() | st.integers(), scales)
def test_any_text_is_a_rating_on_the_scale_or_a_refusal_with_the_scales_help(text, scale):
    refusal = None
    try:
        rating = Rating.parse(text, scale)
    except RatingError as error:  # a ValueError, which a form shows next to the field
        refusal = str(error)
    else:
        assert Rating.parse(str(rating), scale) == rating
        assert rating.scale == scale
    assert refusal is None or scale.example in refusal


@given(scales.flatmap(lambda s: st.tuples(st.just(s), st.sampled_from(s.likelihoods))), st.data())
def test_every_rating_on_a_scale_reads_back_from_its_code(scale_and_likelihood, data):
    scale, (likelihood, _) = scale_and_likelihood
    impact, _ = data.draw(st.sampled_from(scale.impacts))
    code = scale.code(likelihood, impact)
    padding = data.draw(st.sampled_from(["", " ", "  "]))

    rating = Rating.parse(f"{padding}{code.lower()}{padding}", scale)

    assert (rating.likelihood, rating.impact) == (likelihood, impact)
    assert str(rating) == code


# --- Query strings of every page ----------------------------------------------------------

# Every query parameter a page of the portal reads, and django-tables2's sort and page.
PARAMETERS = [
    "quarter",
    "year",
    "period",
    "sort",
    "page",
    "per_page",
    "status",
    "group",
    "subgroup",
    "outcome",
    "owner",
    "overdue",
    "attention",
    "rag",
    "kind",
    "about",
    "q",
    "next",
    "_export",
]
# Well-formed quarters at and around the edges of the supported years.
edge_quarters = st.builds(
    lambda year, number: f"{year:04d}-{(year + 1) % 100:02d} Q{number}",
    edge_years,
    st.integers(1, 4),
)
# What a person might type or a link might carry: anything, and the near misses.
values = (
    st.text(max_size=40)
    | edge_quarters
    | nearly_quarters()
    | nearly_years()
    | st.integers(-(10**20), 10**20).map(str)
    | st.sampled_from(["csv", "xlsx", "json", "ods", "open", "all", "-title", "0", "-1", "1e9"])
    | st.text(alphabet=string.printable, max_size=400)
)
query_strings = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=5)
ANSWERS = {200, 302, 400, 404}

# Pages outside the portal's own: Django's admin and django-allauth's sign-in views.
NOT_OURS = ("admin:", "account_", "mfa_", "socialaccount_", "openid_connect_")
LIST_PAGES = [
    "performance:scorecard",
    "strategy:exceptions",
    "strategy:action-list",
    "strategy:risk-list",
    "subgroups:meeting-list",
    "subgroups:challenge-log",
    "subgroups:action-log",
    "subgroups:you-said",
    "reports:report-list",
    "subgroups:search",
]


def pages_without_arguments() -> list[str]:
    """The names of every page in the URLconf whose address takes no arguments."""

    def takes_none(route: str) -> bool:
        return "<" not in route and "(?P" not in route

    def walk(patterns, route: str, namespace: str):
        for pattern in patterns:
            here = route + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, here, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and takes_none(here):
                yield namespace + pattern.name

    names = sorted(set(walk(get_resolver().url_patterns, "", "")))
    return [name for name in names if not name.startswith(NOT_OURS)]


def readable_pages(client: Client) -> list[str]:
    """The argument-free pages that answer `client` with a page (not a refusal or a form
    that only takes a POST)."""
    return [
        name for name in pages_without_arguments() if client.get(reverse(name)).status_code == 200
    ]


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.COUNCILLOR, roles.YOUNG_PERSON])
def test_every_query_string_gets_a_page_or_a_plain_refusal(client_as, demo_records, role):
    client = client_as(role)
    pages = readable_pages(client)
    if role == roles.ADMINISTRATOR:
        assert set(LIST_PAGES) <= set(pages)

    @settings(max_examples=150)
    @given(st.sampled_from(pages), query_strings)
    def query(page, parameters):
        response = client.get(reverse(page), parameters)
        assert response.status_code in ANSWERS, (page, parameters, response.status_code)

    query()


@pytest.mark.parametrize("per_page", ["-1", "0", "100000000000000000000"])
@pytest.mark.parametrize("page", ["reports:report-list", "subgroups:action-log"])
def test_a_page_size_out_of_bounds_in_the_address_shows_the_usual_page(
    client_as, demo_records, page, per_page
):
    # Found by the test above: ?per_page=-1 left no valid page number, a server error.
    response = client_as(roles.ADMINISTRATOR).get(reverse(page), {"per_page": per_page})

    assert response.status_code == 200


@pytest.mark.filterwarnings("error::DeprecationWarning")
@pytest.mark.parametrize("sort", ["title.x", "-a.b", "owner,.", "\x00.y"])
@pytest.mark.parametrize("page", ["reports:report-list", "subgroups:action-log"])
def test_a_sort_naming_no_column_shows_the_usual_order(client_as, demo_records, page, sort):
    # Found by the test above: a sort with a dot in it reached django-tables2's reading of
    # dotted paths, which it warns will change, before it was found to name no column.
    client = client_as(roles.ADMINISTRATOR)
    usual = client.get(reverse(page))

    response = client.get(reverse(page), {"sort": sort})

    assert response.status_code == 200
    assert _body_rows(response) == _body_rows(usual)


def _body_rows(response) -> list[str]:
    body = re.search(r"<tbody.*?</tbody>", response.content.decode(), re.S)
    return re.findall(r"<tr[^>]*>.*?</tr>", body.group(0), re.S)
