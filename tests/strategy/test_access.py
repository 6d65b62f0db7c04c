"""One rule per record (strategy.access): for an outcome, an action and a risk, an officer who
may see it but does not own it gets no change link on its page and 403 on the change page;
its owner (or lead officer) gets both."""

import pytest
from django.urls import reverse

from cpboard import roles
from tests.factories import OutcomeFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _outcome(owner):
    outcome = OutcomeFactory(lead_officer=owner)
    return outcome.get_absolute_url(), reverse("strategy:outcome-progress", args=[outcome.pk])


def _action(owner):
    action = ActionFactory(owner=owner)
    return action.get_absolute_url(), reverse("strategy:action-update", args=[action.pk])


def _risk(owner):
    risk = RiskFactory(owner=owner)
    return risk.get_absolute_url(), reverse("strategy:risk-review", args=[risk.pk])


@pytest.mark.parametrize("build", [_outcome, _action, _risk], ids=["outcome", "action", "risk"])
def test_another_officer_gets_no_link_and_403_and_the_owner_gets_both(client_as, build):
    owner = client_as(roles.OFFICER)
    other = client_as(roles.OFFICER)
    page, change = build(owner.user)

    other_page = other.get(page)
    owner_page = owner.get(page)

    assert (other_page.status_code, owner_page.status_code) == (200, 200)
    assert change not in other_page.text
    assert other.get(change).status_code == 403
    assert change in owner_page.text
    assert owner.get(change).status_code == 200
