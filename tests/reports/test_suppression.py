"""Public reports never show a count from 1 to 4, nor a share of fewer than 5 children."""

from decimal import Decimal

import pytest

from reports.snapshot import SUPPRESSED_COUNT, SUPPRESSED_SHARE, figure


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_public_counts_from_1_to_4_read_fewer_than_5(count):
    shown = figure(Decimal(count), unit="count", public=True)

    assert shown == {"text": SUPPRESSED_COUNT, "value": None, "fraction": "", "suppressed": True}


@pytest.mark.parametrize("count", [0, 5, 17])
def test_public_counts_of_0_or_5_and_more_are_shown(count):
    shown = figure(Decimal(count), unit="count", public=True)

    assert shown["text"] == str(count)
    assert not shown["suppressed"]


def test_board_versions_show_small_counts():
    assert figure(Decimal(3), unit="count", public=False)["text"] == "3"


def test_a_kpi_that_does_not_suppress_shows_its_small_counts_in_public():
    shown = figure(Decimal(3), unit="count", suppress_small_counts=False, public=True)

    assert shown["text"] == "3"


def test_public_percentages_of_fewer_than_5_children_are_not_shown():
    shown = figure(Decimal("75.0"), unit="percentage", numerator=3, denominator=4, public=True)

    assert shown == {"text": SUPPRESSED_SHARE, "value": None, "fraction": "", "suppressed": True}


def test_public_percentages_of_5_or_more_children_are_shown_without_the_fraction():
    shown = figure(Decimal("60.0"), unit="percentage", numerator=3, denominator=5, public=True)

    assert shown["text"] == "60.0%"
    assert shown["fraction"] == ""


def test_board_percentages_show_how_many_children_they_count():
    shown = figure(Decimal("75.0"), unit="percentage", numerator=3, denominator=4)

    assert shown["text"] == "75.0%"
    assert shown["fraction"] == "3 of 4"


def test_a_missing_figure_reads_no_figure():
    assert figure(None, unit="count", public=True)["text"] == "No figure"
