"""Councillors challenge an action or a risk from its own page, and the page keeps the
challenge and its answer in view."""

import datetime

import pytest
from django.urls import reverse

from cpboard import roles
from tests.factories import BoardFactory, UserFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answerer(db):
    return UserFactory(role=roles.OFFICER, first_name="Priya", last_name="Shah")


@pytest.mark.parametrize(
    ("factory", "label"), [(ActionFactory, "strategy.action"), (RiskFactory, "strategy.risk")]
)
def test_a_challenge_raised_from_an_item_page_is_listed_on_that_page(
    client_as, answerer, factory, label
):
    BoardFactory()
    item = factory()
    client = client_as(roles.COUNCILLOR)
    page = client.get(item.get_absolute_url())
    raise_url = f"{reverse('subgroups:challenge-raise')}?about={label}%3A{item.pk}"
    assert "No challenges have been raised about this yet." in page.text
    assert raise_url.replace("&", "&amp;") in page.text

    due = datetime.date.today() + datetime.timedelta(days=14)
    response = client.post(
        raise_url,
        {
            "question": "Why has this slipped two quarters running?",
            "owner": answerer.pk,
            "due_on": due.strftime("%d/%m/%Y"),
        },
    )

    assert response.status_code == 302
    page = client.get(item.get_absolute_url())
    assert "Why has this slipped two quarters running?" in page.text
    assert "Priya Shah to answer by" in page.text


def test_young_people_see_no_challenges_on_an_action_page(client_as):
    action = ActionFactory()

    page = client_as(roles.YOUNG_PERSON).get(action.get_absolute_url())

    assert page.status_code == 200
    assert "Raise a challenge" not in page.text
    assert "Challenges" not in page.text


def test_officers_read_challenges_but_only_members_who_challenge_may_raise_them(client_as):
    action = ActionFactory()

    page = client_as(roles.OFFICER).get(action.get_absolute_url())

    assert "No challenges have been raised about this yet." in page.text
    assert "Raise a challenge" not in page.text
