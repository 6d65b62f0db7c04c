"""The action plan and the pledge: owners and the secretary update actions quarter by quarter,
overdue actions stand out, every change is kept, and the list exports."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from strategy import selectors, services
from strategy.models import Action, ActionUpdate, Status
from tests.factories import OutcomeFactory, StrategyFactory
from tests.strategy.factories import ActionFactory, ActionUpdateFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def update_url(action: Action) -> str:
    return reverse("strategy:action-update", args=[action.pk])


def update_form(**fields) -> dict:
    return {"quarter": "2024-25 Q3", "status": Status.AT_RISK, "note": "Carers withdrew."} | fields


# -- Overdue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "status", "overdue"),
    [
        (YESTERDAY, Status.ON_TRACK, True),
        (YESTERDAY, Status.OFF_TRACK, True),
        (YESTERDAY, Status.COMPLETE, False),
        (TODAY, Status.ON_TRACK, False),
        (None, Status.NOT_STARTED, False),
    ],
)
def test_an_action_is_overdue_when_its_due_date_passed_and_it_is_not_complete(
    due_on, status, overdue
):
    action = ActionFactory(due_on=due_on, status=status)

    assert action.is_overdue() is overdue
    assert Action.objects.overdue().filter(pk=action.pk).exists() is overdue


def test_overdue_actions_are_marked_with_a_word_on_the_action_plan(client_as):
    ActionFactory(title="Late action", due_on=YESTERDAY, status=Status.ON_TRACK)
    ActionFactory(title="Done action", due_on=YESTERDAY, status=Status.COMPLETE)

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:action-list"))

    rows = {row.record.title: row.get_cell("status") for row in response.context["table"].rows}
    assert "Overdue" in rows["Late action"]
    assert "Overdue" not in rows["Done action"]
    assert "Complete" in rows["Done action"]


def test_the_action_plan_filters_to_overdue_actions(client_as):
    ActionFactory(title="Late action", due_on=YESTERDAY)
    ActionFactory(title="Action in time")

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:action-list"), {"overdue": "yes"})

    assert [row.record.title for row in response.context["table"].rows] == ["Late action"]


def test_the_action_plan_filters_by_status_and_owner(client_as, make_user):
    owner = make_user(roles.OFFICER)
    ActionFactory(title="Mine and off track", owner=owner, status=Status.OFF_TRACK)
    ActionFactory(title="Mine on track", owner=owner)
    ActionFactory(title="Someone else's, off track", status=Status.OFF_TRACK)

    response = client_as(roles.COUNCILLOR).get(
        reverse("strategy:action-list"), {"owner": owner.pk, "status": Status.OFF_TRACK}
    )

    assert [row.record.title for row in response.context["table"].rows] == ["Mine and off track"]


def test_the_action_plan_exports_as_csv_and_xlsx_with_overdue_in_words(client_as):
    ActionFactory(reference="2.1", title="Recruit foster carers", due_on=YESTERDAY)
    client = client_as(roles.COUNCILLOR)

    csv = client.get(reverse("strategy:action-list"), {"_export": "csv"})
    xlsx = client.get(reverse("strategy:action-list"), {"_export": "xlsx"})

    text = csv.content.decode()
    assert "Recruit foster carers" in text
    assert "On track (overdue)" in text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Recruit foster carers" in values


def test_young_people_read_the_action_plan_and_its_csv_without_owners_names(client_as, make_user):
    owner = make_user(roles.OFFICER, first_name="Priya", last_name="Marsh")
    ActionFactory(reference="2.1", title="Recruit foster carers", owner=owner)
    young = client_as(roles.YOUNG_PERSON)
    councillor = client_as(roles.COUNCILLOR)
    url = reverse("strategy:action-list")

    page = young.get(url).text
    [header, *rows] = csv_rows(young.get(url, {"_export": "csv"}).content)

    assert "Recruit foster carers" in page
    assert "Priya Marsh" not in page  # neither in the table nor in the owner filter
    assert "Owner" not in header
    assert [row[header.index("Action")] for row in rows] == ["Recruit foster carers"]
    assert not any("Priya Marsh" in cell for row in rows for cell in row)
    assert "Priya Marsh" in councillor.get(url).text
    [header, *rows] = csv_rows(councillor.get(url, {"_export": "csv"}).content)
    assert rows[0][header.index("Owner")] == "Priya Marsh"


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_action_plan_takes_the_same_queries_however_many_actions(
    client_as, django_assert_max_num_queries
):
    outcome = OutcomeFactory()
    for number in range(25):
        ActionFactory(outcome=outcome, due_on=YESTERDAY if number % 3 else None)
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, actions with outcome and owner (count and page), summary: actions
    # and their updates, filter choices (outcomes, owners) and the current strategy
    with django_assert_max_num_queries(12):
        response = client.get(reverse("strategy:action-list"))
    assert len(response.context["table"].rows) == 25


# -- Updating an action ----------------------------------------------------------------------


def test_the_owner_updates_their_action_and_it_takes_the_new_status(client_as):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user)

    response = client.post(update_url(action), update_form(), follow=True)

    action.refresh_from_db()
    assert action.status == Status.AT_RISK
    update = action.updates.get()
    assert (str(update.quarter), update.note, update.written_by) == (
        "2024-25 Q3",
        "Carers withdrew.",
        client.user,
    )
    assert "update for 2024-25 Q3 saved" in response.text


def test_the_secretary_may_update_an_action_someone_else_owns(client_as):
    action = ActionFactory()

    client_as(roles.BOARD_SECRETARY).post(update_url(action), update_form())

    assert ActionUpdate.objects.filter(action=action).count() == 1


@pytest.mark.parametrize("role", [roles.OFFICER, roles.PERFORMANCE_LEAD, roles.COUNCILLOR])
def test_an_action_someone_else_owns_cannot_be_updated(client_as, role):
    action = ActionFactory(status=Status.ON_TRACK)
    client = client_as(role)

    page = client.get(action.get_absolute_url())
    response = client.post(update_url(action), update_form())

    assert response.status_code == 403
    assert "Update " + action.reference not in page.text
    action.refresh_from_db()
    assert action.status == Status.ON_TRACK
    assert not action.updates.exists()


def test_a_second_update_in_a_quarter_replaces_the_first_and_history_keeps_both(client_as):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user)
    client.post(update_url(action), update_form(note="First"))

    client.post(update_url(action), update_form(note="Second", status=Status.OFF_TRACK))

    update = action.updates.get()
    assert update.note == "Second"
    assert [h.note for h in update.history.order_by("history_id")] == ["First", "Second"]
    action.refresh_from_db()
    assert action.status == Status.OFF_TRACK
    statuses = [h.status for h in action.history.order_by("history_id")]
    assert statuses == [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"quarter": "2024-25 Q5"}, "quarter", "the quarter must be Q1, Q2, Q3 or Q4"),
        ({"quarter": ""}, "quarter", "Enter the quarter this update is for"),
        ({"status": "finished"}, "status", "Select a valid choice"),
        ({"note": ""}, "note", "Write the update"),
    ],
)
def test_a_bad_update_is_refused_next_to_the_field_and_nothing_is_saved(
    client_as, form, field, message
):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user)

    response = client.post(update_url(action), update_form(**form))

    assert response.status_code == 200
    assert f'href="#id_{field}' in response.text
    assert message in response.text
    assert not action.updates.exists()


def test_an_update_from_a_stale_form_is_refused(client_as):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user, status=Status.ON_TRACK)
    seen = client.get(update_url(action)).context["form"].initial["seen_change"]
    services.action_update_record(
        action=action,
        quarter=FinancialQuarter(2024, 3),
        status=Status.COMPLETE,
        note="Done by the secretary.",
        written_by=client_as(roles.BOARD_SECRETARY).user,
    )

    response = client.post(update_url(action), update_form(seen_change=seen))

    assert "your changes were not saved" in response.text
    action.refresh_from_db()
    assert action.status == Status.COMPLETE


def test_the_action_page_shows_each_quarters_update_and_the_change_history(client_as):
    action = ActionFactory()
    ActionUpdateFactory(action=action, quarter=FinancialQuarter(2024, 2), note="Planning.")
    ActionUpdateFactory(action=action, quarter=FinancialQuarter(2024, 3), note="Started.")

    staff = client_as(roles.COUNCILLOR).get(action.get_absolute_url())
    young = client_as(roles.YOUNG_PERSON).get(action.get_absolute_url())

    assert [str(u.quarter) for u in staff.context["action"].all_updates] == [
        "2024-25 Q3",
        "2024-25 Q2",
    ]
    assert "Planning." in young.text
    assert "Started." in young.text
    assert "Change history" in staff.text
    assert "Change history" not in young.text


# -- The pledge ----------------------------------------------------------------------------


def test_young_people_see_the_pledge_and_the_care_leaver_offer_with_the_latest_news(client_as):
    pledge = ActionFactory(
        kind=Action.Kind.PLEDGE, outcome=None, title="We will help you see your family"
    )
    ActionUpdateFactory(
        action=pledge,
        quarter=FinancialQuarter.current().previous(),
        note="Family time is planned at each review.",
    )
    ActionFactory(kind=Action.Kind.OFFER, outcome=None, title="No council tax until you are 25")

    response = client_as(roles.YOUNG_PERSON).get(reverse("strategy:pledge"))

    assert response.status_code == 200
    assert "We will help you see your family" in response.text
    assert "Family time is planned at each review." in response.text
    assert "No council tax until you are 25" in response.text


def test_an_action_of_the_plan_needs_an_outcome():
    from django.core.exceptions import ValidationError

    action = Action(kind=Action.Kind.ACTION, reference="1.9", title="No outcome")

    with pytest.raises(ValidationError, match="outcome"):
        action.full_clean()


def test_actions_due_for_lists_an_officers_open_actions_due_soon(make_user):
    officer = make_user(roles.OFFICER)
    soon = ActionFactory(owner=officer, due_on=TODAY + datetime.timedelta(days=10))
    late = ActionFactory(owner=officer, due_on=YESTERDAY)
    ActionFactory(owner=officer, due_on=TODAY + datetime.timedelta(days=90))
    ActionFactory(owner=officer, due_on=YESTERDAY, status=Status.COMPLETE)
    ActionFactory(due_on=YESTERDAY)

    assert selectors.actions_due_for(officer) == [late, soon]


def test_action_plan_summary_counts_statuses_as_they_stood_in_the_quarter():
    strategy = StrategyFactory()
    outcome = OutcomeFactory(strategy=strategy)
    quarter = FinancialQuarter(2024, 3)
    a = ActionFactory(outcome=outcome, status=Status.COMPLETE, due_on=datetime.date(2024, 12, 1))
    ActionUpdateFactory(action=a, quarter=quarter, status=Status.OFF_TRACK)
    ActionUpdateFactory(action=a, quarter=quarter.next(), status=Status.COMPLETE)
    b = ActionFactory(outcome=outcome, status=Status.ON_TRACK, due_on=datetime.date(2026, 1, 1))
    ActionUpdateFactory(action=b, quarter=quarter, status=Status.ON_TRACK, note="Fine.")
    pledge = ActionFactory(kind=Action.Kind.PLEDGE, outcome=None, status=Status.AT_RISK)

    summary = selectors.action_plan_summary(quarter)

    assert dict(summary.counts) == {
        "Not started": 0,
        "On track": 1,
        "At risk": 0,
        "Off track": 1,
        "Complete": 0,
    }
    assert summary.off_track == [a]
    # Due 1 December 2024 and off track at the end of the quarter (31 December 2024).
    assert summary.overdue == [a]
    assert [(row.commitment, row.status) for row in summary.pledges] == [(pledge, Status.AT_RISK)]


# -- The secretary adds and changes actions ------------------------------------------------


def new_action(for_outcome, **fields) -> dict:
    return {
        "kind": Action.Kind.ACTION,
        "outcome": for_outcome.pk,
        "reference": "2.4",
        "title": "Open a third children's home",
        "due_on": "2027-03-31",
    } | fields


def test_the_secretary_adds_an_action_and_its_history_names_them(client_as):
    outcome = OutcomeFactory()
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(reverse("strategy:action-create"), new_action(outcome), follow=True)

    action = Action.objects.get(reference="2.4")
    assert (action.outcome, action.due_on) == (outcome, datetime.date(2027, 3, 31))
    assert action.history.get().history_user == client.user
    assert "2.4 added." in response.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": ""}, "Choose the outcome this action delivers."),
        ({"reference": "1.1"}, "There is already one with this reference."),
        ({"due_on": "31/31/2027"}, "Enter a valid date."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_a_bad_new_action_is_refused_and_nothing_is_added(client_as, fields, message):
    outcome = OutcomeFactory()
    ActionFactory(reference="1.1")

    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:action-create"), new_action(outcome, **fields)
    )

    assert response.status_code == 200
    assert message in response.text
    assert list(Action.objects.values_list("reference", flat=True)) == ["1.1"]


def test_a_pledge_commitment_needs_no_outcome(client_as):
    client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:action-create"),
        new_action(OutcomeFactory(), kind=Action.Kind.PLEDGE, outcome="", reference="P9"),
    )

    assert Action.objects.get(reference="P9").kind == Action.Kind.PLEDGE


def test_the_secretary_changes_an_actions_owner_and_due_date_with_history(client_as, make_user):
    action = ActionFactory(reference="2.1", title="Recruit carers")
    new_owner = make_user(roles.OFFICER, first_name="Daniel", last_name="Okafor")
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("strategy:action-edit", args=[action.pk]),
        {
            "outcome": action.outcome_id,
            "reference": "2.1",
            "title": "Recruit carers",
            "owner": new_owner.pk,
            "due_on": "2027-06-30",
        },
        follow=True,
    )

    action.refresh_from_db()
    assert (action.owner, action.due_on) == (new_owner, datetime.date(2027, 6, 30))
    changes = {c.field: c.new for c in response.context["history"][0].changes}
    assert changes["Owner"] == str(new_owner)
    assert changes["Due"] == "2027-06-30"


def test_an_action_changed_from_a_stale_form_is_refused(client_as):
    action = ActionFactory(title="Original")
    client = client_as(roles.BOARD_SECRETARY)
    url = reverse("strategy:action-edit", args=[action.pk])
    seen = client.get(url).context["form"].initial["seen_change"]
    services.action_update_record(
        action=action,
        quarter=FinancialQuarter(2024, 3),
        status=Status.AT_RISK,
        note="Owner's update.",
        written_by=action.owner,
    )

    response = client.post(
        url,
        {
            "outcome": action.outcome_id,
            "reference": action.reference,
            "title": "Mine",
            "seen_change": seen,
        },
    )

    assert "your changes were not saved" in response.text
    action.refresh_from_db()
    assert action.title == "Original"


@pytest.mark.parametrize("role", [roles.OFFICER, roles.COUNCILLOR, roles.PERFORMANCE_LEAD])
def test_only_the_secretary_adds_or_changes_actions(client_as, role):
    action = ActionFactory(title="Kept")
    client = client_as(role)

    added = client.post(reverse("strategy:action-create"), new_action(action.outcome))
    changed = client.post(reverse("strategy:action-edit", args=[action.pk]), {"title": "No"})

    assert (added.status_code, changed.status_code) == (403, 403)
    assert Action.objects.count() == 1


def test_the_update_form_starts_from_where_the_action_stands(client_as):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user, status=Status.OFF_TRACK)

    form = client.get(update_url(action)).context["form"]

    assert form["status"].value() == Status.OFF_TRACK


def test_the_update_form_shows_this_quarters_update_which_saving_replaces(client_as):
    client = client_as(roles.OFFICER)
    action = ActionFactory(owner=client.user)
    ActionUpdateFactory(action=action, quarter=FinancialQuarter.current(), note="Panel met.")

    form = client.get(update_url(action)).context["form"]

    assert form["note"].value() == "Panel met."
