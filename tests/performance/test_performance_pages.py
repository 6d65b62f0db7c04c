"""The scorecard, the KPI page, data entry and sign-off, as the people who use them see them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from tests.factories import SubgroupFactory

pytestmark = pytest.mark.django_db

LATEST = FinancialQuarter.containing(timezone.localdate()).previous()


def make_kpi(code: str, *, owner=None, subgroup=None, unit="percentage", polarity="higher"):
    kpi = Kpi.objects.create(
        code=code,
        title=f"Title of {code}",
        definition="What is counted.",
        definition_year=2023,
        unit=unit,
        polarity=polarity,
        subgroup=subgroup or SubgroupFactory(),
        owner=owner,
    )
    if polarity != "context":
        Target.objects.create(kpi=kpi, applies_from=2020, target=80, amber_threshold=70)
    return kpi


def figure(kpi, quarter, numerator, denominator=20, status="approved", **fields):
    return Measurement.objects.create(
        kpi=kpi,
        quarter=quarter,
        numerator=numerator,
        denominator=denominator,
        value=Decimal(numerator * 100) / denominator,
        definition_year=2023,
        status=status,
        commentary=fields.pop("commentary", f"Commentary for {quarter}"),
        **fields,
    )


def test_councillors_see_only_approved_figures(client_as):
    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST.previous(), 15)
    figure(kpi, LATEST, 11, status="submitted", commentary="Not yet signed off")

    client = client_as(roles.COUNCILLOR)
    scorecard = client.get(reverse("performance:scorecard"))
    page = client.get(kpi.get_absolute_url())

    assert scorecard.context["quarter"] == LATEST.previous()
    assert "Not yet signed off" not in scorecard.text
    assert "Not yet signed off" not in page.text
    assert "75.0%" in page.text


def test_officers_see_unapproved_figures_on_the_kpi_page_marked_as_such(client_as):
    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST, 11, status="submitted", commentary="Not yet signed off")

    page = client_as(roles.OFFICER).get(kpi.get_absolute_url())

    assert "Not yet signed off" in page.text
    assert "Submitted</strong>" in page.text


def test_scorecard_shows_rag_in_words_direction_in_words_and_small_groups(client_as):
    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST.previous(), 15)
    figure(kpi, LATEST, 11)

    text = client_as(roles.COUNCILLOR).get(reverse("performance:scorecard")).text

    assert "Off target" in text
    assert "Down from 75.0%: worse than last quarter" in text
    assert "11 of 20" in text
    assert "1 child = 5 points" in text


def test_scorecard_filters_by_rag(client_as):
    green, red = make_kpi("KPI-GREEN"), make_kpi("KPI-RED")
    figure(green, LATEST, 18)
    figure(red, LATEST, 2)

    response = client_as(roles.COUNCILLOR).get(
        reverse("performance:scorecard"), {"period": str(LATEST), "rag": "red"}
    )

    assert [row.kpi.code for row in response.context["rows"]] == ["KPI-RED"]


def test_scorecard_exports_csv_with_the_agreed_columns(client_as):
    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST.previous(), 15)
    figure(kpi, LATEST, 11)

    response = client_as(roles.COUNCILLOR).get(reverse("performance:scorecard"), {"_export": "csv"})

    lines = response.content.decode().splitlines()
    header = lines[0].split(",")
    assert header[:8] == [
        "kpi_code",
        "period",
        "value",
        "target",
        "amber_threshold",
        "polarity",
        "rag",
        "direction",
    ]
    assert lines[1].split(",")[:8] == [
        "CLA-IHA-20WD",
        str(LATEST),
        "55.00",
        "80.00",
        "70.00",
        "higher",
        "red",
        "worsened",
    ]


@pytest.mark.parametrize("kpi_count", [5, 100])
def test_scorecard_runs_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, kpi_count
):
    group = SubgroupFactory()
    for number in range(kpi_count):
        kpi = make_kpi(f"KPI-{number}", subgroup=group)
        for back in range(3):
            figure(kpi, LATEST - back, 10 + back)
        Comparator.objects.create(kpi=kpi, year=2020, kind="england", value=60, published_for="x")
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, approved quarters, filter choices (groups, outcomes),
    # KPIs, figures shown, trend values, targets, comparators
    with django_assert_max_num_queries(11):
        response = client.get(reverse("performance:scorecard"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == kpi_count


@pytest.mark.parametrize("quarters", [4, 40])
def test_kpi_page_with_change_history_runs_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, quarters
):
    from performance import services

    client = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")
    for back in range(quarters):
        measurement = figure(kpi, LATEST - back, 10, status="submitted")
        services.measurement_approve(measurement=measurement, user=client.user)

    # session, user, roles, KPI, figures, targets, comparators, every figure's history rows,
    # challenges about the KPI
    with django_assert_max_num_queries(9):
        response = client.get(kpi.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["history"]) == quarters


@pytest.mark.parametrize("quarters", [4, 40])
def test_kpi_page_runs_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, quarters
):
    kpi = make_kpi("CLA-IHA-20WD")
    for back in range(quarters):
        figure(kpi, LATEST - back, 10)
    client = client_as(roles.YOUNG_PERSON)

    # session, user, roles, KPI, figures, targets, comparators
    with django_assert_max_num_queries(7):
        response = client.get(kpi.get_absolute_url())
    assert response.status_code == 200


def test_officer_enters_and_submits_a_quarter_on_one_page(client_as):
    client = client_as(roles.OFFICER)
    group = SubgroupFactory(slug="health")
    iha = make_kpi("CLA-IHA-20WD", owner=client.user, subgroup=group)
    count = make_kpi(
        "CLA-MISSING", owner=client.user, subgroup=group, unit="count", polarity="lower"
    )
    make_kpi("CLA-NOT-MINE", subgroup=group)
    url = reverse("performance:entry", args=["health", LATEST])

    page = client.get(url)
    assert "CLA-NOT-MINE" not in page.text
    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-numerator": "11",
            "form-0-denominator": "20",
            "form-0-commentary": "Two assessments were late.",
            "form-1-value": "7",
            "submit": "1",
        },
        follow=True,
    )

    assert "2 figures for" in response.text
    saved = {m.kpi.code: m for m in Measurement.objects.all()}
    assert saved["CLA-IHA-20WD"].value == Decimal("55.0")
    assert saved["CLA-MISSING"].value == Decimal("7")
    assert {m.status for m in saved.values()} == {"submitted"}
    assert iha.measurements.get().entered_by == client.user
    assert count.measurements.get().commentary == ""


def test_entry_errors_show_next_to_the_field_and_in_the_summary(client_as):
    client = client_as(roles.OFFICER)
    make_kpi("CLA-IHA-20WD", owner=client.user, subgroup=SubgroupFactory(slug="health"))
    url = reverse("performance:entry", args=["health", LATEST])

    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-numerator": "21",
            "form-0-denominator": "20",
        },
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_form-0-numerator"' in response.text
    assert "The numerator (21) cannot be more than the denominator (20)." in response.text
    assert not Measurement.objects.exists()


def test_an_approved_figure_shows_locked_on_the_entry_page(client_as):
    client = client_as(roles.OFFICER)
    kpi = make_kpi("CLA-IHA-20WD", owner=client.user, subgroup=SubgroupFactory(slug="health"))
    figure(kpi, LATEST, 11)

    page = client.get(reverse("performance:entry", args=["health", LATEST]))

    assert "Ask the performance lead to reopen it" in page.text
    assert 'name="form-0-numerator"' not in page.text  # shown, not offered for editing
    assert "11 of 20" in page.text


def test_councillors_cannot_enter_figures(client_as):
    make_kpi("CLA-IHA-20WD", subgroup=SubgroupFactory(slug="health"))
    client = client_as(roles.COUNCILLOR)

    assert client.get(reverse("performance:entry-index")).status_code == 403
    assert client.get(reverse("performance:entry", args=["health", LATEST])).status_code == 403


def test_performance_lead_approves_and_returns_from_the_review_queue(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi, other = make_kpi("CLA-IHA-20WD"), make_kpi("CLA-DENTAL")
    first = figure(kpi, LATEST, 11, status="submitted")
    second = figure(other, LATEST, 15, status="submitted")

    queue = lead.get(reverse("performance:review"))
    lead.post(reverse("performance:approve", args=[first.pk]), {"version": first.version})
    returned = lead.post(
        reverse("performance:return", args=[second.pk]),
        {"reason": "Check the denominator", "version": second.version},
        follow=True,
    )

    assert "2 figures waiting" in queue.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.approved_by) == ("approved", lead.user)
    assert (second.status, second.return_reason) == ("returned", "Check the denominator")
    assert "returned to the officer" in returned.text


def test_returning_without_a_reason_shows_an_error(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    waiting = figure(make_kpi("CLA-IHA-20WD"), LATEST, 11, status="submitted")

    response = lead.post(
        reverse("performance:return", args=[waiting.pk]), {"reason": "", "version": waiting.version}
    )

    assert 'href="#id_reason"' in response.text
    waiting.refresh_from_db()
    assert waiting.status == "submitted"


def test_officers_see_what_they_still_owe(client_as):
    client = client_as(roles.OFFICER)
    group = SubgroupFactory(name="Health")
    mine = make_kpi("CLA-IHA-20WD", owner=client.user, subgroup=group)
    make_kpi("CLA-DENTAL", owner=client.user, subgroup=group)
    figure(mine, LATEST, 11, status="submitted")
    CollectionRound.objects.create(quarter=LATEST, due_on=date(2099, 1, 1))

    response = client.get(reverse("performance:entry-index"))

    [progress] = response.context["overview"][0].groups
    assert (progress.kpis, progress.submitted, progress.missing) == (2, 1, 1)
    assert "1 figure still to submit." in response.text


def test_performance_lead_opens_a_quarter_for_entry(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)

    response = lead.post(
        reverse("performance:open-round"),
        {"quarter": str(LATEST), "due_on": "01/01/2099", "reminder_days": "5"},
        follow=True,
    )

    assert CollectionRound.objects.get().quarter == LATEST
    assert f"{LATEST} is open for entry." in response.text


def test_opening_a_quarter_that_has_not_ended_is_refused_next_to_the_field(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    current = FinancialQuarter.containing(timezone.localdate())

    response = lead.post(
        reverse("performance:open-round"),
        {"quarter": str(current), "due_on": "01/01/2099", "reminder_days": "5"},
    )

    assert 'href="#id_quarter"' in response.text
    assert "has not ended yet" in response.text
    assert not CollectionRound.objects.exists()


def test_performance_lead_sets_a_new_target_from_a_year(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")

    response = lead.post(
        reverse("performance:kpi-target", args=[kpi.code]),
        {"year": "2025-26", "target": "85", "amber_threshold": "75"},
        follow=True,
    )

    assert "CLA-IHA-20WD: target from 2025-26 set." in response.text
    assert list(kpi.targets.values_list("applies_from", "target")) == [
        (2020, Decimal("80.00")),
        (2025, Decimal("85.00")),
    ]


def test_an_amber_threshold_on_the_wrong_side_is_refused_next_to_the_field(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")

    response = lead.post(
        reverse("performance:kpi-target", args=[kpi.code]),
        {"year": "2025-26", "target": "85", "amber_threshold": "90"},
    )

    assert 'href="#id_amber_threshold"' in response.text
    assert "higher is better" in response.text
    assert kpi.targets.count() == 1


def test_a_malformed_year_is_refused_with_the_expected_shape(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")

    response = lead.post(
        reverse("performance:kpi-target", args=[kpi.code]), {"year": "2025/26", "target": "85"}
    )

    assert 'href="#id_year"' in response.text
    assert "2025/26" in response.text


def test_performance_lead_changes_a_definition_and_history_keeps_who(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD", subgroup=SubgroupFactory())

    lead.post(
        reverse("performance:kpi-edit", args=[kpi.code]),
        {
            "title": kpi.title,
            "definition": "New wording from the 2025 guidance.",
            "source": "ssda903",
            "definition_year": "2025",
            "polarity": "higher",
            "frequency": "quarterly",
            "subgroup": kpi.subgroup_id,
            "is_active": "on",
        },
    )

    kpi.refresh_from_db()
    assert (kpi.definition, kpi.definition_year) == ("New wording from the 2025 guidance.", 2025)
    assert kpi.history.first().history_user == lead.user


@pytest.mark.parametrize("role", [roles.OFFICER, roles.COUNCILLOR, roles.BOARD_SECRETARY])
def test_only_the_performance_lead_and_administrator_change_kpis(client_as, role):
    kpi = make_kpi("CLA-IHA-20WD")
    client = client_as(role)

    assert client.get(reverse("performance:kpi-edit", args=[kpi.code])).status_code == 403
    assert (
        client.post(
            reverse("performance:kpi-target", args=[kpi.code]), {"year": "2025-26", "target": "1"}
        ).status_code
        == 403
    )
    assert kpi.targets.count() == 1


def test_an_annual_kpi_shows_its_latest_yearly_figure_against_the_year_before(client_as):
    kpi = make_kpi("KS2-RWM")
    Kpi.objects.filter(pk=kpi.pk).update(frequency=Kpi.Frequency.ANNUAL)
    q4 = next(q for q in (LATEST - i for i in range(4)) if q.number == 4)
    figure(kpi, q4 - 4, 6)
    figure(kpi, q4, 8)
    figure(make_kpi("CLA-QUARTERLY"), LATEST, 10)  # the scorecard shows the latest quarter

    response = client_as(roles.COUNCILLOR).get(reverse("performance:scorecard"))

    [row] = [row for row in response.context["rows"] if row.kpi.code == "KS2-RWM"]
    assert row.figure.quarter == q4
    assert row.direction == "improved"
    assert f"Yearly figure, {q4}" in response.text
    assert "better than a year before" in response.text


def _entry_post(client, url, rows: dict, *, button="draft") -> object:
    """Post the entry form as the page showed it, with `rows` changes on top."""
    page = client.get(url)
    formset = page.context["formset"]
    data = {"form-TOTAL_FORMS": str(len(formset.forms)), "form-INITIAL_FORMS": "0", button: "1"}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name)
            if value is not None and not field.disabled:
                data[f"{form.prefix}-{name}"] = str(value)
    data.update(rows)
    return client.post(url, data, follow=True)


def test_commentary_without_a_figure_is_refused_not_lost(client_as):
    client = client_as(roles.OFFICER)
    make_kpi("CLA-IMMS", owner=client.user, subgroup=SubgroupFactory(slug="health"))

    response = _entry_post(
        client,
        reverse("performance:entry", args=["health", LATEST]),
        {"form-0-commentary": "Waiting for the GP data."},
    )

    assert "Enter the figure as well: commentary is saved with its figure." in response.text
    assert not Measurement.objects.exists()


def test_saving_one_row_leaves_the_others_and_their_status_alone(client_as):
    client = client_as(roles.OFFICER)
    group = SubgroupFactory(slug="health")
    first = make_kpi("CLA-A", owner=client.user, subgroup=group)
    second = make_kpi("CLA-B", owner=client.user, subgroup=group)
    figure(first, LATEST, 10, status="draft")
    returned = figure(second, LATEST, 12, status="returned", return_reason="Check it")

    _entry_post(
        client,
        reverse("performance:entry", args=["health", LATEST]),
        {"form-0-commentary": "Updated commentary"},
    )

    returned.refresh_from_db()
    assert (returned.status, returned.return_reason, returned.version) == (
        "returned",
        "Check it",
        1,
    )
    assert first.measurements.get().commentary == "Updated commentary"


def test_after_a_stale_refusal_saving_again_replaces_the_newer_figure(client_as):
    client = client_as(roles.OFFICER)
    kpi = make_kpi("CLA-A", owner=client.user, subgroup=SubgroupFactory(slug="health"))
    stored = figure(kpi, LATEST, 10, status="draft")
    url = reverse("performance:entry", args=["health", LATEST])
    Measurement.objects.filter(pk=stored.pk).update(version=2, numerator=11)  # someone else

    refused = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-numerator": "15",
            "form-0-denominator": "20",
            "form-0-version": "1",
            "draft": "1",
        },
    )
    assert "changed this figure after you opened the page" in refused.text
    assert refused.context["formset"].data["form-0-version"] == 2

    again = client.post(url, dict(refused.context["formset"].data.items()), follow=True)

    assert "1 figure for" in again.text
    assert kpi.measurements.get().numerator == 15


def test_annual_kpis_are_entered_in_q4_only(client_as):
    client = client_as(roles.OFFICER)
    group = SubgroupFactory(slug="school")
    annual = make_kpi("KS2-RWM", owner=client.user, subgroup=group)
    Kpi.objects.filter(pk=annual.pk).update(frequency=Kpi.Frequency.ANNUAL)
    make_kpi("PEP-DONE", owner=client.user, subgroup=group)
    q2 = FinancialQuarter.parse("2025-26 Q2")

    q2_page = client.get(reverse("performance:entry", args=["school", q2]))
    q4_page = client.get(reverse("performance:entry", args=["school", q2 + 2]))

    assert "KS2-RWM" not in q2_page.text
    assert "KS2-RWM" in q4_page.text


def test_scorecard_exports_xlsx_with_the_same_columns(client_as):
    import io

    from openpyxl import load_workbook

    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST, 11)

    response = client_as(roles.COUNCILLOR).get(
        reverse("performance:scorecard"), {"_export": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:8]) == [
        "kpi_code",
        "period",
        "value",
        "target",
        "amber_threshold",
        "polarity",
        "rag",
        "direction",
    ]
    assert rows[1][0] == "CLA-IHA-20WD"
    assert rows[1][6] == "red"


def test_performance_lead_adds_a_comparator_the_scorecard_then_shows(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")
    figure(kpi, LATEST, 11)

    response = lead.post(
        reverse("performance:kpi-comparator", args=[kpi.code]),
        {"kind": "england", "year": "2020-21", "value": "62", "published_for": "2019-20"},
        follow=True,
    )

    assert "CLA-IHA-20WD: England figure from 2020-21 saved." in response.text
    scorecard = lead.get(reverse("performance:scorecard")).text
    assert "England: 62.0%, ours 7.0 below" in scorecard


def test_a_comparator_without_a_figure_is_refused_next_to_the_field(client_as):
    lead = client_as(roles.PERFORMANCE_LEAD)
    kpi = make_kpi("CLA-IHA-20WD")

    response = lead.post(
        reverse("performance:kpi-comparator", args=[kpi.code]),
        {"kind": "england", "year": "2025-26", "value": "", "published_for": "2024-25"},
    )

    assert 'href="#id_value"' in response.text
    assert "Enter the published figure." in response.text
    assert not kpi.comparators.exists()
