"""Meetings: arranging one puts the standing items on its agenda; attendance and the quorum;
minutes; the action log carried from meeting to meeting until closed; history; and pages
that take the same number of queries however much they show."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard.history import latest_change
from subgroups import selectors, services
from subgroups.models import AgendaItem, Attendance, Meeting, MeetingAction, Membership
from tests.factories import UserFactory
from tests.subgroups.conftest import make_meeting, seat

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_arranging_a_board_meeting_puts_the_standing_items_on_its_agenda(board, people):
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:meeting-create"),
        {"group": board.pk, "day": "18/02/2027", "time": "18:00", "place": "Gun Wharf"},
    )

    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 18
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == [
        "Voice of children and young people",
        "Performance report",
        "Sub-group highlight reports",
        "Risk register",
    ]
    page = client.get(meeting.get_absolute_url())
    assert "Voice of children and young people" in page.text


def test_a_meeting_form_with_a_bad_date_says_so_and_saves_nothing(board, people):
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:meeting-create"),
        {"group": board.pk, "day": "31/02/2027", "time": "6pm", "place": ""},
    )

    assert response.status_code == 200
    assert "Enter the date as day/month/year" in response.text
    assert "Enter the time like 18:00." in response.text
    assert not Meeting.objects.exists()


def _members(board, count: int, chair: bool = True) -> list[Membership]:
    members = [seat(board, name=f"Member {n}") for n in range(count)]
    if chair:
        members[0].role = Membership.Role.CHAIR
        members[0].save()
    seat(board, name="The clerk", role=Membership.Role.SECRETARY)
    return members


def test_a_meeting_is_quorate_with_a_third_of_members_including_the_chair(board):
    members = _members(board, 9)
    meeting = make_meeting(board)
    present = members[:3]  # the chair and two others: 3 of 9
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=m, status="present") for m in present
    )

    quorum = selectors.quorum_for(
        selectors.meeting_members(meeting), list(meeting.attendance.all())
    )

    assert (quorum.expected, quorum.present, quorum.needed) == (9, 3, 3)
    assert quorum.met


def test_a_meeting_without_the_chair_or_vice_chair_is_not_quorate(board):
    members = _members(board, 6)
    meeting = make_meeting(board)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership=m, status="present") for m in members[1:]
    )

    quorum = selectors.quorum_for(
        selectors.meeting_members(meeting), list(meeting.attendance.all())
    )

    assert quorum.present == 5
    assert not quorum.chair_present
    assert not quorum.met


def test_too_few_members_present_is_not_quorate_and_the_page_says_so(board, people):
    members = _members(board, 12)
    meeting = make_meeting(board)
    client = _signed_in(people["secretary"])
    statuses = ["present", "present"] + ["apologies"] * 10 + ["absent"]
    # The formset lists the members of the day: the clerk, the 12 members, and the
    # matrix people's Board seats, chair first.
    listed = selectors.meeting_members(meeting)
    form = {"form-TOTAL_FORMS": str(len(listed)), "form-INITIAL_FORMS": "0"}
    by_member = dict(zip([m.pk for m in members], statuses, strict=False))
    for index, member in enumerate(listed):
        form[f"form-{index}-status"] = by_member.get(member.pk, "absent")

    response = client.post(reverse("subgroups:attendance", args=[meeting.pk]), form)

    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url())
    assert "Not quorate" in page.text
    assert "a third of its members" in page.text


def test_attendance_left_blank_is_refused_next_to_the_member(board, people):
    _members(board, 2)
    meeting = make_meeting(board)
    client = _signed_in(people["secretary"])
    count = len(selectors.meeting_members(meeting))

    response = client.post(
        reverse("subgroups:attendance", args=[meeting.pk]),
        {"form-TOTAL_FORMS": str(count), "form-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Attendance.objects.exists()


def test_an_open_action_is_carried_to_the_next_meeting_until_it_is_closed(board, people):
    secretary = people["secretary"]
    first = make_meeting(board, days=-200, status="held")
    second = make_meeting(board, days=-100, status="held")
    third = make_meeting(board, days=-10, status="held")
    action = services.action_raise(
        meeting=first,
        changed_by=secretary,
        description="Write to NHS England",
        owner=people["councillor"],
        due_on=datetime.date(2030, 1, 1),
    )

    client = _signed_in(secretary)
    assert "Write to NHS England" in client.get(second.get_absolute_url()).text

    response = client.post(
        reverse("subgroups:action-edit", args=[action.pk]),
        {
            "status": "closed",
            "progress": "Letter sent.",
            "due_on": "01/01/2030",
            "closed_at": second.pk,
            "seen_change": "",
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.closed_at == second
    second_page = client.get(second.get_absolute_url()).text
    assert "Write to NHS England" in second_page
    assert "Closed at this meeting" in second_page
    assert "Write to NHS England" not in client.get(third.get_absolute_url()).text


def test_the_owner_may_update_their_own_action_but_not_someone_elses(board, people):
    meeting = make_meeting(board, days=-5, status="held")
    mine = services.action_raise(
        meeting=meeting,
        changed_by=people["secretary"],
        description="Officer's action",
        owner=people["officer"],
        due_on=datetime.date(2030, 1, 1),
    )
    theirs = services.action_raise(
        meeting=meeting,
        changed_by=people["secretary"],
        description="Councillor's action",
        owner=people["councillor"],
        due_on=datetime.date(2030, 1, 1),
    )
    client = _signed_in(people["officer"])

    assert client.get(reverse("subgroups:action-edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("subgroups:action-edit", args=[theirs.pk])).status_code == 403


def test_minutes_are_saved_per_item_and_kept_in_history(board, people):
    meeting = make_meeting(board, days=-1, status="held")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Performance report")
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:minutes", args=[meeting.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item_id": str(item.pk),
            "form-0-seen_change": str(latest_change(item)),
            "form-0-minutes": "The Board noted the scorecard.",
            "form-0-decisions": "Ask for a health assessment plan.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decisions == "Ask for a health assessment plan."
    assert item.history.count() == 2
    edit_page = client.get(reverse("subgroups:item-edit", args=[item.pk]))
    assert "Change history" in edit_page.text
    assert "The Board noted the scorecard." in edit_page.text


def test_the_secretary_reorders_the_agenda(board, people):
    meeting = make_meeting(board)
    first = AgendaItem.objects.create(meeting=meeting, position=1, title="First")
    second = AgendaItem.objects.create(meeting=meeting, position=2, title="Second")
    client = _signed_in(people["secretary"])

    client.post(reverse("subgroups:item-move", args=[second.pk]), {"direction": "up"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)


def _busy_meeting(board, people, size: int) -> Meeting:
    meeting = make_meeting(board, days=-3, status="held")
    for n in range(size):
        user = UserFactory()
        member = seat(board, user)
        Attendance.objects.create(meeting=meeting, membership=member, status="present")
        item = AgendaItem.objects.create(
            meeting=meeting, position=n + 1, title=f"Item {n}", is_restricted=n % 2 == 0
        )
        MeetingAction.objects.create(
            group=board,
            raised_at=meeting,
            agenda_item=item,
            description=f"Action {n}",
            owner=user,
            due_on="2030-01-01",
        )
    return meeting


@pytest.mark.parametrize("size", [3, 12])
def test_the_meeting_page_takes_the_same_number_of_queries_however_much_it_shows(
    board, people, size, django_assert_max_num_queries
):
    meeting = _busy_meeting(board, people, size)
    client = _signed_in(people["secretary"])

    # session, user, roles, the meeting with its latest change (and its work plan entry), the
    # items the user may see, their declarations of interest, members, attendance, highlight
    # reports (none here), open challenges, the action log, the membership check for the
    # restricted note, the meeting's history, the Board's previous meeting and the inspections
    # since it
    with django_assert_max_num_queries(15):
        response = client.get(meeting.get_absolute_url())

    assert response.text.count("Action ") >= size


@pytest.mark.parametrize("size", [3, 12])
def test_the_meeting_list_and_the_action_log_take_a_fixed_number_of_queries(
    board, people, size, django_assert_max_num_queries
):
    _busy_meeting(board, people, size)
    for n in range(size):
        make_meeting(board, days=n + 1)
    client = _signed_in(people["secretary"])

    # session, user, roles, planned meetings, past meetings with their item counts
    with django_assert_max_num_queries(6):
        meetings = client.get(reverse("subgroups:meeting-list"))
    # session, user, roles, count, actions with their group, meeting and owner
    with django_assert_max_num_queries(6):
        actions = client.get(reverse("subgroups:action-log") + "?status=all")

    assert meetings.status_code == 200
    assert actions.status_code == 200
    assert actions.text.count("Action ") >= size


def test_the_action_log_downloads_as_csv(board, people):
    meeting = make_meeting(board, days=-3, status="held")
    MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        description="Visit two homes",
        owner=people["secretary"],
        due_on="2030-01-31",
    )
    client = _signed_in(people["councillor"])

    response = client.get(reverse("subgroups:action-log") + "?_export=csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "Visit two homes" in response.content.decode()
    assert "2030-01-31" in response.content.decode()


def test_the_group_page_names_its_chair_and_lead_officer_from_its_members(board, people):
    seat(board, people["officer"], Membership.Role.LEAD_OFFICER)
    client = _signed_in(people["councillor"])

    response = client.get(board.get_absolute_url())

    chair, lead = response.context["chair"], response.context["lead_officer"]
    assert chair.user == people["councillor"]
    assert lead.user == people["officer"]
    assert people["officer"].get_full_name() in response.text


def test_an_item_saved_by_someone_else_since_the_form_opened_is_not_overwritten(board, people):
    meeting = make_meeting(board)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Pledge refresh")
    client = _signed_in(people["secretary"])
    page = client.get(reverse("subgroups:item-edit", args=[item.pk]))
    seen = page.context["form"].initial["seen_change"]
    services.agenda_item_update(item=item, changed_by=people["admin"], title="Pledge (final)")

    response = client.post(
        reverse("subgroups:item-edit", args=[item.pk]),
        {"title": "Pledge refresh, second look", "presenter": "", "seen_change": seen},
    )

    assert response.status_code == 200
    assert "so your changes were not saved" in response.text
    item.refresh_from_db()
    assert item.title == "Pledge (final)"


def _minutes_as_opened(client, meeting) -> dict:
    """The minutes form as the page gives it, every field as shown."""
    formset = client.get(reverse("subgroups:minutes", args=[meeting.pk])).context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.total_form_count()),
    }
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
    return data


def test_minutes_land_on_their_item_even_if_the_agenda_changed_meanwhile(board, people):
    meeting = make_meeting(board, days=-1, status="held")
    report = AgendaItem.objects.create(meeting=meeting, position=1, title="Performance report")
    client = _signed_in(people["secretary"])
    data = _minutes_as_opened(client, meeting)
    # Someone puts an item first on the agenda while the minutes page is open.
    AgendaItem.objects.filter(pk=report.pk).update(position=2)
    first = AgendaItem.objects.create(meeting=meeting, position=1, title="Apologies")

    data["form-0-minutes"] = "The Board noted the scorecard."
    response = client.post(reverse("subgroups:minutes", args=[meeting.pk]), data)

    assert response.status_code == 302
    report.refresh_from_db()
    first.refresh_from_db()
    assert report.minutes == "The Board noted the scorecard."
    assert first.minutes == ""


def test_minutes_saved_by_someone_else_meanwhile_are_not_overwritten(board, people):
    meeting = make_meeting(board, days=-1, status="held")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Performance report")
    other = AgendaItem.objects.create(meeting=meeting, position=2, title="Risk register")
    client = _signed_in(people["secretary"])
    data = _minutes_as_opened(client, meeting)
    services.minutes_record(
        items={
            item: {"minutes": "Their minutes.", "decisions": "", "seen_change": latest_change(item)}
        },
        changed_by=people["officer"],
    )

    data["form-0-minutes"] = "My minutes."
    data["form-1-minutes"] = "The register was reviewed."
    response = client.post(reverse("subgroups:minutes", args=[meeting.pk]), data)

    assert response.status_code == 200
    stale = "after you opened the page, so your changes were not saved"
    # Once in the error summary, once beside the item.
    assert response.text.count(stale) == 2
    assert "My minutes." in response.text  # what they typed is kept
    item.refresh_from_db()
    other.refresh_from_db()
    assert (item.minutes, other.minutes) == ("Their minutes.", "")

    # Saving again, knowingly, replaces the other version.
    again = response.context["formset"].data.copy()
    response = client.post(reverse("subgroups:minutes", args=[meeting.pk]), again)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "My minutes."


def test_a_minutes_form_sent_for_one_item_leaves_the_others_alone(board, people):
    meeting = make_meeting(board, days=-1, status="held")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Performance report")
    kept = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Risk register", minutes="Reviewed."
    )
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:minutes", args=[meeting.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-item_id": str(item.pk),
            "form-0-seen_change": str(latest_change(item)),
            "form-0-minutes": "Noted.",
            "form-0-decisions": "",
        },
    )

    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.minutes == "Reviewed."
