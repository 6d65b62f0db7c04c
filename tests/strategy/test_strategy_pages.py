"""The strategy pages: outcomes of the current strategy, an outcome, its edit form, and the
principles page that shows what the board does for each statutory principle."""

import pytest
from django.urls import reverse

from cpboard import roles
from strategy.models import Principle, Strategy
from tests.factories import OutcomeFactory, StrategyFactory, SubgroupFactory

pytestmark = pytest.mark.django_db


def principles(*numbers: int) -> list[Principle]:
    return list(Principle.objects.filter(number__in=numbers))


def test_the_seven_statutory_principles_are_in_every_database():
    assert list(Principle.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert Principle.objects.get(number=7).wording == (
        "to prepare those children and young people for adulthood and independent living"
    )


def test_outcome_list_shows_the_current_strategy_not_a_superseded_one(client_as):
    old = StrategyFactory(title="Old strategy", starts=2020, ends=2023, status="superseded")
    current = StrategyFactory(title="Strategy 2024 to 2027", starts=2024)
    OutcomeFactory(strategy=old, number=1, title="An old outcome")
    OutcomeFactory(strategy=current, number=1, title="Right mix of placements")

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:outcome-list"))

    assert "Strategy 2024 to 2027" in response.text
    assert "Right mix of placements" in response.text
    assert "An old outcome" not in response.text


def test_outcome_list_shows_the_principles_each_outcome_serves(client_as):
    OutcomeFactory(number=1, principles=principles(2, 3))

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:outcome-list"))

    row = response.context["table"].rows[0]
    assert row.get_cell("principles") == "2, 3"


def test_outcome_list_takes_the_same_number_of_queries_however_many_outcomes(
    client_as, django_assert_num_queries
):
    strategy = StrategyFactory()
    for number in range(1, 9):
        OutcomeFactory(strategy=strategy, number=number, principles=principles(1, number % 7 + 1))
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, current strategy, outcomes with lead groups, their principles
    with django_assert_num_queries(6):
        response = client.get(reverse("strategy:outcome-list"))
    assert len(response.context["table"].rows) == 8


def test_without_an_approved_strategy_the_page_says_so(client_as):
    StrategyFactory(status=Strategy.Status.DRAFT)

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:outcome-list"))

    assert "There is no approved corporate parenting strategy yet" in response.text


def test_secretary_changes_an_outcome_and_its_principles_and_history_names_them(client_as):
    housing = SubgroupFactory(name="Housing")
    outcome = OutcomeFactory(title="Old title", principles=principles(1))
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("strategy:outcome-edit", args=[outcome.pk]),
        {
            "title": "Prepare young people for adulthood",
            "description": "",
            "lead_group": housing.pk,
            "principles": [p.pk for p in principles(4, 7)],
        },
        follow=True,
    )

    outcome.refresh_from_db()
    assert outcome.title == "Prepare young people for adulthood"
    assert outcome.lead_group == housing
    assert sorted(p.number for p in outcome.principles.all()) == [4, 7]
    latest = response.context["history"][0]
    assert latest.who == client.user.get_full_name()
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["Title"] == ("Old title", "Prepare young people for adulthood")
    assert changes["Lead group"][1] == "Housing"
    assert changes["Principles"] == (
        "1. Best interests, health and well-being",
        "4. Access to services; 7. Preparing for adulthood",
    )


def test_a_blank_outcome_title_is_refused_next_to_the_field(client_as):
    outcome = OutcomeFactory(title="Kept title")

    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:outcome-edit", args=[outcome.pk]),
        {"title": "", "lead_group": "", "principles": []},
    )

    assert response.status_code == 200
    assert 'href="#id_title"' in response.text
    assert "This field is required" in response.text
    outcome.refresh_from_db()
    assert outcome.title == "Kept title"


@pytest.mark.parametrize("role", [roles.COUNCILLOR, roles.PERFORMANCE_LEAD, roles.YOUNG_PERSON])
def test_only_the_secretary_and_administrator_may_change_an_outcome(client_as, role):
    outcome = OutcomeFactory(title="Kept title")

    response = client_as(role).post(
        reverse("strategy:outcome-edit", args=[outcome.pk]), {"title": "Changed"}
    )

    assert response.status_code == 403
    outcome.refresh_from_db()
    assert outcome.title == "Kept title"


def test_an_unknown_outcome_is_not_found(client_as):
    assert client_as(roles.COUNCILLOR).get("/strategy/outcomes/999/").status_code == 404


def test_principles_page_lists_the_outcomes_serving_each_principle_and_shows_gaps(client_as):
    OutcomeFactory(number=8, title="Views inform services", principles=principles(2, 3))

    response = client_as(roles.YOUNG_PERSON).get(reverse("strategy:principle-list"))

    by_number = {item.principle.number: item for item in response.context["principles"]}
    assert [o.title for o in by_number[2].outcomes] == ["Views inform services"]
    assert by_number[5].outcomes == []
    assert response.text.count("No outcome of the current strategy says it serves") == 5


def test_principles_page_takes_a_fixed_number_of_queries(client_as, django_assert_num_queries):
    strategy = StrategyFactory()
    for number in range(1, 6):
        OutcomeFactory(strategy=strategy, number=number, principles=principles(number, 7))
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, current strategy, principles, their outcomes with lead groups,
    # their actions with outcomes
    with django_assert_num_queries(7):
        response = client.get(reverse("strategy:principle-list"))

    assert response.status_code == 200
    assert len(response.context["principles"]) == 7


@pytest.mark.parametrize("edits", [2, 12])
def test_outcome_page_queries_do_not_grow_with_its_history(
    client_as, django_assert_num_queries, edits
):
    from strategy.services import outcome_update

    client = client_as(roles.COUNCILLOR)
    outcome = OutcomeFactory(principles=principles(1))
    for number in range(edits):
        outcome_update(
            outcome=outcome,
            changed_by=client.user,
            principles=principles(1 + number % 7),
            title=f"Title {number}",
        )

    # session, user, roles, outcome with strategy, lead group and lead officer, its
    # principles, progress statements, KPIs, actions, risks, history rows with users,
    # historical principles, names of the principles that changed
    with django_assert_num_queries(12):
        response = client.get(outcome.get_absolute_url())
    # created, its principles set by the factory, then each edit
    assert len(response.context["history"]) == edits + 2


def test_an_outcome_saved_from_a_stale_form_is_refused(client_as):
    outcome = OutcomeFactory(title="Original")
    first, second = client_as(roles.BOARD_SECRETARY), client_as(roles.BOARD_SECRETARY)
    url = reverse("strategy:outcome-edit", args=[outcome.pk])
    seen = first.get(url).context["form"].initial["seen_change"]
    second.post(
        url,
        {
            "title": "Second's title",
            "seen_change": second.get(url).context["form"].initial["seen_change"],
        },
    )

    response = first.post(url, {"title": "First's title", "seen_change": seen})

    assert "your changes were not saved" in response.text
    outcome.refresh_from_db()
    assert outcome.title == "Second's title"
