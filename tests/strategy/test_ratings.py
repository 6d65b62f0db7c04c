"""Risk ratings are read as the papers write them ("BII") and anything else is refused with
a message that says what to write."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from strategy.ratings import SCALES, Rating, RatingError, current_scale

FOUR = SCALES["4x4"]
FIVE = SCALES["5x5"]


@pytest.mark.parametrize(
    ("text", "likelihood", "impact"),
    [
        ("BII", "B", "II"),
        ("AI", "A", "I"),
        ("DIV", "D", "IV"),
        ("CIII", "C", "III"),
        (" bii ", "B", "II"),
        ("B II", "B", "II"),
    ],
)
def test_a_rating_is_read_as_likelihood_letter_then_impact_numeral(text, likelihood, impact):
    rating = Rating.parse(text, FOUR)

    assert (rating.likelihood, rating.impact, rating.code) == (
        likelihood,
        impact,
        likelihood + impact,
    )


def test_a_rating_says_what_it_means_in_words():
    assert Rating.parse("BII", FOUR).words == "likely, major"
    assert Rating.parse("DIV", FOUR).words == "rare, minor"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "B",
        "II",
        "EII",
        "BV",
        "IIB",
        "B2",
        "BIIII",
        "BIIV",
        "AB",
        "B-II",
        "ZZ",
        "BII.",
        "1x1",
    ],
)
def test_a_malformed_rating_is_refused_with_what_to_write(text):
    with pytest.raises(RatingError, match="BII"):
        Rating.parse(text, FOUR)


def test_a_value_that_is_not_text_is_refused():
    with pytest.raises(RatingError):
        Rating.parse(None, FOUR)


def test_likelihood_and_impact_codes_are_checked_when_built_directly():
    with pytest.raises(RatingError, match="likelihood"):
        Rating("E", "II", FOUR)
    with pytest.raises(RatingError, match="impact"):
        Rating("B", "V", FOUR)


def test_high_risks_are_a_or_b_likelihood_with_i_or_ii_impact():
    high = {code for code in ("AI", "AII", "BI", "BII") if Rating.parse(code, FOUR).is_high}
    not_high = [c for c in ("AIII", "CII", "CI", "BIII", "DIV") if Rating.parse(c, FOUR).is_high]

    assert high == {"AI", "AII", "BI", "BII"}
    assert not_high == []


def test_scores_order_ratings_from_worst_to_least():
    codes = ["CII", "AI", "DIV", "BII"]

    ordered = sorted(codes, key=lambda code: -Rating.parse(code, FOUR).score)

    assert ordered == ["AI", "BII", "CII", "DIV"]


def test_the_scale_is_4x4_unless_the_council_configures_5x5(settings):
    assert current_scale().key == "4x4"

    settings.RISK_SCALE = "5x5"

    assert current_scale().key == "5x5"
    rating = Rating.parse("4x3")
    assert (rating.likelihood, rating.impact, rating.words) == ("4", "3", "likely, moderate")
    with pytest.raises(RatingError, match="4x3"):
        Rating.parse("BII")


@pytest.mark.parametrize("text", ["6x1", "0x3", "43", "4x", "x3"])
def test_a_5x5_rating_out_of_range_is_refused(text):
    with pytest.raises(RatingError):
        Rating.parse(text, FIVE)


def test_an_unknown_scale_setting_is_a_configuration_error(settings):
    settings.RISK_SCALE = "3x3"

    with pytest.raises(ImproperlyConfigured, match="RISK_SCALE"):
        current_scale()


def test_the_legend_reads_as_in_the_papers():
    assert FOUR.legend == (
        "Likelihood: A very likely, B likely, C unlikely, D rare. "
        "Impact: I catastrophic, II major, III moderate, IV minor."
    )
