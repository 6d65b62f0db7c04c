"""Entering, submitting, signing off, returning and reopening quarterly figures."""

from datetime import date
from decimal import Decimal

import pytest

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance import services
from performance.models import Kpi, Measurement
from performance.services import FigureErrors, FigureInput
from tests.factories import SubgroupFactory

pytestmark = pytest.mark.django_db

Q3 = FinancialQuarter.parse("2024-25 Q3")
TODAY = date(2025, 1, 15)


def make_kpi(code="CLA-IHA-20WD", unit="percentage", polarity="higher", **fields) -> Kpi:
    return Kpi.objects.create(
        code=code,
        title=fields.pop("title", "Initial health assessments within 20 working days"),
        definition="Children entering care whose assessment happened within 20 working days.",
        definition_year=2023,
        unit=unit,
        polarity=polarity,
        subgroup=fields.pop("subgroup", None) or SubgroupFactory(),
        **fields,
    )


def save(kpi, *, user, today=TODAY, quarter=Q3, submit=False, **figure):
    return services.measurements_save(
        quarter=quarter,
        figures=[FigureInput(kpi=kpi, **figure)],
        user=user,
        submit=submit,
        today=today,
    )


def refusals(excinfo) -> list[tuple[str | None, str]]:
    return [(error.field, error.message) for error in excinfo.value.errors]


@pytest.fixture
def officer(make_user):
    return make_user(roles.OFFICER)


@pytest.fixture
def lead(make_user):
    return make_user(roles.PERFORMANCE_LEAD)


def test_a_percentage_is_worked_out_from_numerator_and_denominator(officer):
    [figure] = save(make_kpi(), user=officer, numerator=11, denominator=20)

    assert figure.value == Decimal("55.0")
    assert (figure.status, figure.entered_by) == ("draft", officer)


def test_submitting_sends_the_figure_for_sign_off(officer):
    [figure] = save(make_kpi(), user=officer, numerator=11, denominator=20, submit=True)

    assert figure.status == "submitted"
    assert figure.submitted_at is not None


@pytest.mark.parametrize(
    ("unit", "figure", "field", "message"),
    [
        ("percentage", {"value": Decimal("101")}, "value", "between 0 and 100"),
        ("percentage", {"numerator": 21, "denominator": 20}, "numerator", "cannot be more than"),
        ("percentage", {"numerator": 3, "denominator": 0}, "denominator", "more than 0"),
        ("percentage", {"numerator": 3}, "denominator", "Enter the denominator"),
        ("count", {"value": Decimal("-1")}, "value", "cannot be negative"),
        ("count", {"value": Decimal("2.5")}, "value", "whole number"),
        ("count", {}, "value", "Enter a figure"),
        ("count", {"numerator": 1, "denominator": 2}, "value", "enter one value"),
    ],
    ids=[
        "percentage-over-100",
        "numerator-above-denominator",
        "zero-denominator",
        "numerator-without-denominator",
        "negative-count",
        "fractional-count",
        "nothing-entered",
        "fraction-for-a-count",
    ],
)
def test_invalid_figures_are_refused_next_to_the_field(officer, unit, figure, field, message):
    kpi = make_kpi(unit=unit, polarity="lower")

    with pytest.raises(FigureErrors) as excinfo:
        save(kpi, user=officer, **figure)

    [(refused_field, text)] = refusals(excinfo)
    assert refused_field == field
    assert message in text
    assert not Measurement.objects.exists()


def test_a_figure_for_a_quarter_that_has_not_ended_is_refused(officer):
    with pytest.raises(FigureErrors) as excinfo:
        save(make_kpi(), user=officer, numerator=1, denominator=2, today=date(2024, 12, 31))

    assert "2024-25 Q3 has not ended yet. Enter its figures from 1 January 2025." in str(
        excinfo.value
    )


def test_one_bad_figure_saves_none_of_the_form(officer):
    good, bad = make_kpi(), make_kpi(code="CLA-DENTAL", title="Dental checks")

    with pytest.raises(FigureErrors):
        services.measurements_save(
            quarter=Q3,
            figures=[
                FigureInput(kpi=good, numerator=5, denominator=10),
                FigureInput(kpi=bad, numerator=11, denominator=10),
            ],
            user=officer,
            today=TODAY,
        )

    assert not Measurement.objects.exists()


def test_a_second_figure_for_the_same_kpi_and_quarter_is_refused(officer, make_user):
    kpi = make_kpi()
    save(kpi, user=officer, numerator=5, denominator=10)

    with pytest.raises(FigureErrors) as excinfo:
        # A second form opened before the first figure existed carries no version.
        save(kpi, user=make_user(roles.OFFICER), numerator=6, denominator=10)

    assert "There is already a 2024-25 Q3 figure for CLA-IHA-20WD" in str(excinfo.value)
    assert Measurement.objects.get().numerator == 5


def test_the_second_of_two_officers_editing_the_same_figure_is_refused(officer, make_user):
    kpi = make_kpi()
    [figure] = save(kpi, user=officer, numerator=5, denominator=10)
    opened_version = figure.version
    save(kpi, user=officer, numerator=6, denominator=10, version=opened_version)

    with pytest.raises(FigureErrors) as excinfo:
        save(
            kpi, user=make_user(roles.OFFICER), numerator=7, denominator=10, version=opened_version
        )

    assert "changed this figure after you opened the page" in str(excinfo.value)
    assert Measurement.objects.get().numerator == 6


def test_an_approved_figure_cannot_be_edited_until_reopened(officer, lead):
    kpi = make_kpi()
    [figure] = save(kpi, user=officer, numerator=5, denominator=10, submit=True)
    services.measurement_approve(measurement=figure, user=lead)

    with pytest.raises(FigureErrors) as excinfo:
        save(kpi, user=officer, numerator=6, denominator=10, version=figure.version)
    assert "is approved. Ask the performance lead to reopen it" in str(excinfo.value)

    services.measurement_reopen(measurement=figure, user=lead, reason="Late assessments found")
    [changed] = save(kpi, user=officer, numerator=6, denominator=10, version=figure.version)
    assert changed.value == Decimal("60.0")


def test_approving_records_who_and_when(officer, lead):
    [figure] = save(make_kpi(), user=officer, numerator=5, denominator=10, submit=True)

    services.measurement_approve(measurement=figure, user=lead)

    figure.refresh_from_db()
    assert (figure.status, figure.approved_by) == ("approved", lead)
    assert figure.approved_at is not None


def test_a_draft_cannot_be_approved(officer, lead):
    [figure] = save(make_kpi(), user=officer, numerator=5, denominator=10)

    with pytest.raises(services.FigureError, match="is draft, so it cannot be approved"):
        services.measurement_approve(measurement=figure, user=lead)


def test_returning_needs_a_reason_and_the_officer_sees_it(officer, lead):
    [figure] = save(make_kpi(), user=officer, numerator=5, denominator=10, submit=True)

    with pytest.raises(services.FigureError, match="Say why"):
        services.measurement_return(measurement=figure, user=lead, reason="  ")
    services.measurement_return(measurement=figure, user=lead, reason="Check the denominator")

    figure.refresh_from_db()
    assert (figure.status, figure.return_reason) == ("returned", "Check the denominator")


def test_every_change_is_kept_in_history_with_who_made_it(officer, lead):
    [figure] = save(make_kpi(), user=officer, numerator=5, denominator=10, submit=True)
    services.measurement_approve(measurement=figure, user=lead)

    history = list(figure.history.order_by("history_date"))

    assert [(h.status, h.history_user) for h in history] == [
        ("submitted", officer),
        ("approved", lead),
    ]
