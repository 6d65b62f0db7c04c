"""Quarters in addresses and query strings: outside the supported years a page is not found,
never a server error, and "previous quarter" links stop where the board's records start."""

import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.quarters import FIRST_SUPPORTED_QUARTER, LAST_SUPPORTED_QUARTER, FinancialQuarter
from performance.models import Kpi
from tests.factories import SubgroupFactory
from tests.strategy.factories import ActionUpdateFactory, RiskReviewFactory

pytestmark = pytest.mark.django_db

EXCEPTIONS = "/strategy/exceptions/"


@pytest.fixture
def housing_kpi():
    """A sub-group "housing" with one quarterly KPI, so its entry page has something to show."""
    return Kpi.objects.create(
        code="CL-SUITABLE",
        title="Care leavers in suitable accommodation",
        definition="What is counted.",
        definition_year=2023,
        unit="percentage",
        polarity="higher",
        subgroup=SubgroupFactory(slug="housing"),
    )


@pytest.mark.parametrize("role", [roles.COUNCILLOR, roles.OFFICER, roles.YOUNG_PERSON])
@pytest.mark.parametrize("quarter", ["1900-01 Q1", "1999-00 Q4", "2100-01 Q1", "2999-00 Q4"])
def test_exceptions_for_a_quarter_outside_the_supported_years_is_not_found(
    client_as, role, quarter
):
    response = client_as(role).get(EXCEPTIONS, {"quarter": quarter})

    assert response.status_code == 404


@pytest.mark.parametrize("quarter", ["1900-01-Q1", "1999-00-Q4", "2100-01-Q1"])
def test_figure_entry_for_a_quarter_outside_the_supported_years_is_not_found(
    client_as, housing_kpi, quarter
):
    response = client_as(roles.PERFORMANCE_LEAD).get(f"/performance/entry/housing/{quarter}/")

    assert response.status_code == 404


def test_figure_entry_opens_for_the_first_and_last_supported_quarters(client_as, housing_kpi):
    client = client_as(roles.PERFORMANCE_LEAD)

    for quarter in (FIRST_SUPPORTED_QUARTER, LAST_SUPPORTED_QUARTER):
        response = client.get(reverse("performance:entry", args=["housing", quarter]))
        assert response.status_code == 200
        assert "CL-SUITABLE" in response.text


def test_exceptions_for_the_first_supported_quarter_has_no_previous_quarter_link(client_as):
    response = client_as(roles.COUNCILLOR).get(EXCEPTIONS, {"quarter": "2000-01 Q1"})

    assert response.status_code == 200
    assert "Previous quarter" not in response.text
    assert "Next quarter, 2000-01 Q2" in response.text


def test_exceptions_with_no_records_at_all_offers_no_previous_quarter(client_as):
    response = client_as(roles.COUNCILLOR).get(EXCEPTIONS)

    assert response.status_code == 200
    assert "Previous quarter" not in response.text


def test_previous_quarter_links_stop_at_the_first_quarter_with_records(client_as):
    first = FinancialQuarter(2024, 2)
    ActionUpdateFactory(quarter=first)
    ActionUpdateFactory(quarter=first + 2)
    client = client_as(roles.COUNCILLOR)

    at_first = client.get(EXCEPTIONS, {"quarter": str(first)})
    after_first = client.get(EXCEPTIONS, {"quarter": str(first + 1)})
    before_first = client.get(EXCEPTIONS, {"quarter": str(first - 1)})

    assert "Previous quarter" not in at_first.text
    assert "Next quarter, 2024-25 Q3" in at_first.text
    assert "Previous quarter, 2024-25 Q2" in after_first.text
    assert "Previous quarter" not in before_first.text
    assert "Next quarter, 2024-25 Q2" in before_first.text


def test_a_risk_review_counts_as_a_record_for_those_who_see_risks(client_as):
    RiskReviewFactory(quarter=FinancialQuarter(2023, 4))
    ActionUpdateFactory(quarter=FinancialQuarter(2024, 2))

    councillor = client_as(roles.COUNCILLOR).get(EXCEPTIONS, {"quarter": "2024-25 Q1"})
    young_person = client_as(roles.YOUNG_PERSON).get(EXCEPTIONS, {"quarter": "2024-25 Q2"})

    assert "Previous quarter, 2023-24 Q4" in councillor.text
    # Young people do not see risks, so the first quarter they can look back to is the
    # first with an action update.
    assert "Previous quarter" not in young_person.text
