"""The home page a councillor lands on: the board's name, its sub-groups and outcomes."""

import pytest
from django.urls import reverse

from cpboard import roles

pytestmark = pytest.mark.django_db


def test_home_shows_the_board_its_six_subgroups_and_eight_outcomes(client_as, demo_board):
    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Corporate Parenting Board</h1>' in response.text
    assert "Wealdbridge Borough Council" in response.text
    overview = response.context["dashboard"].overview
    assert [g.name for g in overview.board.subgroups] == [
        "Feeling Safe and Cared For",
        "Listening to You",
        "Housing",
        "Health",
        "School, College and Work",
        "Corporate Parenting Delivery Group",
    ]
    assert [o.number for o in overview.strategy.outcomes] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert "Provide and commission the right mix of placements" in response.text
    assert "Approved by Cabinet, 22 January 2024" in response.text


def test_home_takes_a_fixed_number_of_queries(client_as, demo_board, django_assert_num_queries):
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, groups, current strategy, outcomes with lead groups, principles,
    # the latest approved quarter (none here, so no scorecard)
    with django_assert_num_queries(8):
        client.get(reverse("reports:home"))


def test_home_on_an_empty_installation_explains_what_is_missing(client_as):
    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert response.status_code == 200
    assert "There is no approved strategy yet" in response.text
    assert "No sub-groups have been set up yet." in response.text


def test_the_council_name_comes_from_settings(client_as, settings):
    settings.COUNCIL_NAME = "Northmoor County Council"

    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert "Northmoor County Council" in response.text
    assert "Wealdbridge" not in response.text
