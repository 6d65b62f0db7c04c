"""The forward work plan: planning meetings and items, arranging a planned meeting puts its
items on the agenda, moving an item between meetings, the papers an officer owes, the
printable page and its export; and declarations of interest on the agenda and the minutes."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard.history import change_history
from subgroups import selectors, services
from subgroups.models import AgendaItem, Declaration, Meeting, Membership, PlannedItem
from subgroups.views.work_plan import PLANNED_ITEM_FIELDS
from tests.subgroups.conftest import pdf_upload, seat

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def plans(board, people):
    """Two coming Board meetings in the work plan, the first with a report the officer owes
    and a restricted item."""
    secretary = people["secretary"]
    first = services.planned_meeting_save(
        changed_by=secretary, group=board, planned_for=_day(30), theme="Health"
    )
    second = services.planned_meeting_save(
        changed_by=secretary, group=board, planned_for=_day(120), theme="Placement sufficiency"
    )
    report = services.planned_item_save(
        changed_by=secretary,
        planned_meeting=first,
        kind=PlannedItem.Kind.REPORT,
        title="Health of children in care: annual report",
        officer=people["officer"],
        paper_due_on=_day(20),
    )
    restricted = services.planned_item_save(
        changed_by=secretary,
        planned_meeting=first,
        kind=PlannedItem.Kind.DEEP_DIVE,
        title="Deep dive: a provider's placements",
        kpi_code="CLA-STAB-3PL",
        is_restricted=True,
    )
    return {"first": first, "second": second, "report": report, "restricted": restricted}


def _arrange(client: Client, plan) -> Meeting:
    response = client.post(
        reverse("subgroups:meeting-create") + f"?plan={plan.pk}",
        {
            "group": plan.group_id,
            "plan": plan.pk,
            "day": plan.planned_for.strftime("%d/%m/%Y"),
            "time": "18:00",
            "place": "Gun Wharf",
        },
    )
    assert response.status_code == 302, response.content
    return Meeting.objects.get(planned=plan)


def test_arranging_a_planned_meeting_puts_its_planned_items_on_the_agenda(board, people, plans):
    client = _signed_in(people["secretary"])

    meeting = _arrange(client, plans["first"])

    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles[-2:] == [
        "Health of children in care: annual report",
        "Deep dive: a provider's placements",
    ]
    restricted = meeting.agenda_items.get(title="Deep dive: a provider's placements")
    assert restricted.is_restricted
    report = meeting.agenda_items.get(title="Health of children in care: annual report")
    assert report.presenter == people["officer"].get_full_name()
    plans["report"].refresh_from_db()
    assert plans["report"].agenda_item == report
    page = client.get(reverse("subgroups:work-plan", args=[board.slug]))
    assert "Arranged" in page.text


def test_a_meeting_arranged_on_a_planned_day_takes_the_plan_without_being_told(
    board, people, plans
):
    starts_at = timezone.make_aware(
        datetime.datetime.combine(plans["second"].planned_for, datetime.time(10))
    )

    meeting = services.meeting_create(
        group=board, changed_by=people["secretary"], starts_at=starts_at, place="Gun Wharf"
    )

    plans["second"].refresh_from_db()
    assert plans["second"].meeting == meeting


def test_moving_a_planned_item_takes_it_to_the_other_meeting_and_its_agenda(board, people, plans):
    client = _signed_in(people["secretary"])
    first_meeting = _arrange(client, plans["first"])
    second_meeting = _arrange(client, plans["second"])
    item = plans["report"]

    response = client.post(
        reverse("subgroups:planned-item-move", args=[item.pk]), {"to": plans["second"].pk}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.planned_meeting == plans["second"]
    assert not first_meeting.agenda_items.filter(title=item.title).exists()
    assert second_meeting.agenda_items.filter(title=item.title).get() == item.agenda_item
    page = client.get(reverse("subgroups:work-plan", args=[board.slug]))
    second_section = page.text.split(f'id="plan-{plans["second"].pk}"')[1]
    assert item.title in second_section
    history = change_history(item, fields=("planned_meeting",))
    assert len(history) >= 2


def test_renaming_a_planned_item_renames_it_on_the_coming_meetings_agenda(board, people, plans):
    client = _signed_in(people["secretary"])
    meeting = _arrange(client, plans["first"])
    report, restricted = plans["report"], plans["restricted"]
    report.refresh_from_db()
    restricted.refresh_from_db()
    # The secretary rewords the deep dive on the agenda itself: that wording is theirs.
    services.agenda_item_update(
        item=restricted.agenda_item, changed_by=people["secretary"], title="Deep dive (closed)"
    )

    changes = {
        report: {"title": "Health annual report 2025-26", "officer": people["lead"]},
        restricted: {"title": "Deep dive: B"},
    }
    for item, changed in changes.items():
        services.planned_item_save(
            item=item,
            changed_by=people["secretary"],
            **{name: getattr(item, name) for name in PLANNED_ITEM_FIELDS} | changed,
        )

    titles = set(meeting.agenda_items.values_list("title", flat=True))
    assert "Health annual report 2025-26" in titles
    assert "Health of children in care: annual report" not in titles
    assert "Deep dive (closed)" in titles
    renamed = meeting.agenda_items.get(title="Health annual report 2025-26")
    assert renamed.presenter == people["lead"].get_full_name()
    assert change_history(renamed, fields=("title",))[0].who == people["secretary"].get_full_name()


def test_a_planned_item_renamed_after_its_meeting_leaves_the_agenda_as_it_was(board, people, plans):
    meeting = _arrange(_signed_in(people["secretary"]), plans["first"])
    services.meeting_update(meeting=meeting, changed_by=people["secretary"], status="held")
    report = plans["report"]

    services.planned_item_save(
        item=report, changed_by=people["secretary"], title="Renamed after the meeting"
    )

    assert meeting.agenda_items.filter(title="Health of children in care: annual report").exists()


def test_an_item_whose_paper_is_on_the_agenda_stays_and_the_form_says_why(board, people, plans):
    client = _signed_in(people["secretary"])
    meeting = _arrange(client, plans["first"])
    item = plans["report"]
    item.refresh_from_db()
    services.agenda_item_update(
        item=item.agenda_item, changed_by=people["secretary"], paper=pdf_upload()
    )

    response = client.post(
        reverse("subgroups:planned-item-move", args=[item.pk]), {"to": plans["second"].pk}
    )

    assert response.status_code == 200
    assert "has a paper or minutes" in response.text
    item.refresh_from_db()
    assert item.planned_meeting == plans["first"]
    assert meeting.agenda_items.filter(title=item.title).exists()


def test_moving_to_the_same_meeting_is_refused(people, plans):
    with pytest.raises(ValidationError):
        services.planned_item_move(
            item=plans["report"], to=plans["first"], changed_by=people["secretary"]
        )


def test_an_officer_sees_the_papers_they_owe_until_the_paper_is_in(people, plans):
    officer = _signed_in(people["officer"])

    page = officer.get(reverse("subgroups:papers-owed"))

    assert "Health of children in care: annual report" in page.text
    assert plans["first"].planned_for.strftime("%-d %B %Y") in page.text
    home = officer.get(reverse("reports:home"))
    assert f"Paper for {plans['first'].group.name}: Health of children in care" in home.text
    meeting = _arrange(_signed_in(people["secretary"]), plans["first"])
    item = meeting.agenda_items.get(title="Health of children in care: annual report")
    services.agenda_item_update(item=item, changed_by=people["secretary"], paper=pdf_upload())
    assert "annual report" not in officer.get(reverse("subgroups:papers-owed")).text


def test_young_people_do_not_see_restricted_planned_items(board, people, plans):
    young = _signed_in(people["young"]).get(reverse("subgroups:work-plan", args=[board.slug]))
    member = _signed_in(people["councillor"]).get(reverse("subgroups:work-plan", args=[board.slug]))

    assert "Health of children in care" in young.text
    assert "a provider&#x27;s placements" not in young.text
    assert "a provider&#x27;s placements" in member.text


def test_the_work_plan_downloads_as_csv_and_excel_with_text_escaped(board, people, plans):
    services.planned_item_save(
        changed_by=people["secretary"],
        planned_meeting=plans["second"],
        kind=PlannedItem.Kind.STANDING,
        title='=HYPERLINK("http://example.com")',
    )
    client = _signed_in(people["councillor"])
    url = reverse("subgroups:work-plan", args=[board.slug])

    rows = list(csv.reader(io.StringIO(client.get(url + "?_export=csv").content.decode())))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url + "?_export=xlsx").content))

    assert rows[0][:3] == ["Group", "Planned for", "Theme"]
    assert [row[4] for row in rows if row[4].startswith("Health")] == [
        "Health of children in care: annual report"
    ]
    assert '\'=HYPERLINK("http://example.com")' in [row[4] for row in rows]
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://example.com")' in cells


def test_a_planned_report_without_an_officer_is_refused_by_the_field(board, people, plans):
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:planned-item-add", args=[plans["second"].pk]),
        {"kind": "report", "title": "Virtual school report", "is_restricted": ""},
    )

    assert response.status_code == 200
    assert "Choose the officer who owes the report." in response.text
    assert not PlannedItem.objects.filter(title="Virtual school report").exists()


@pytest.mark.parametrize("meetings", [2, 6])
def test_the_work_plan_page_takes_a_fixed_number_of_queries(
    board, people, meetings, django_assert_num_queries
):
    for n in range(meetings):
        plan = services.planned_meeting_save(
            changed_by=people["secretary"], group=board, planned_for=_day(10 + n), theme=f"T{n}"
        )
        for kind in (PlannedItem.Kind.STANDING, PlannedItem.Kind.INSPECTION):
            services.planned_item_save(
                changed_by=people["secretary"], planned_meeting=plan, kind=kind, title=f"I{n}"
            )
    client = _signed_in(people["secretary"])
    client.get(reverse("subgroups:work-plan-all"))  # the session is read once signed in

    # session, user, roles, the group by slug and its sub-groups, the membership check for
    # restricted items, planned meetings with group and meeting, their items with officer
    # and agenda item
    with django_assert_num_queries(8):
        response = client.get(reverse("subgroups:work-plan", args=[board.slug]))

    assert response.text.count("Not arranged yet") == meetings


def test_a_declaration_shows_on_the_agenda_and_the_minutes_and_in_history(
    board, people, restricted_meeting
):
    member = seat(board, name="Cllr Nadia Farooq", role=Membership.Role.MEMBER)
    item = restricted_meeting.agenda_items.get(title="The pledge refresh")
    client = _signed_in(people["secretary"])

    response = client.post(
        reverse("subgroups:declaration-add", args=[restricted_meeting.pk]),
        {
            "agenda_item": item.pk,
            "membership": member.pk,
            "kind": Declaration.Kind.OTHER_REGISTRABLE,
            "interest": "Trustee of a young people's charity.",
        },
    )

    assert response.status_code == 302
    agenda = client.get(restricted_meeting.get_absolute_url()).text
    minutes = client.get(reverse("subgroups:minutes", args=[restricted_meeting.pk])).text
    for page in (agenda, minutes):
        assert "Cllr Nadia Farooq" in page
        assert "Trustee of a young people&#x27;s charity." in page
    declaration = Declaration.objects.get()
    assert declaration.history.get().history_user == people["secretary"]


def test_a_declaration_by_someone_not_on_the_group_is_refused(board, people, restricted_meeting):
    from tests.factories import SubgroupFactory

    outsider = seat(SubgroupFactory(reports_to=board), name="Someone else")
    item = AgendaItem.objects.filter(meeting=restricted_meeting).first()

    response = _signed_in(people["secretary"]).post(
        reverse("subgroups:declaration-add", args=[restricted_meeting.pk]),
        {"agenda_item": item.pk, "membership": outsider.pk, "kind": "pecuniary", "interest": "x"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Declaration.objects.exists()


def test_the_work_plan_selector_leaves_past_meetings_out(board, people, plans):
    services.planned_meeting_save(
        changed_by=people["secretary"], group=board, planned_for=_day(-5), theme="Past"
    )

    themes = [plan.theme for plan in selectors.work_plan(user=people["secretary"], group=board)]

    assert themes == ["Health", "Placement sufficiency"]


def test_a_deep_dive_names_its_kpi_by_code_and_links_to_it(board, people, plans):
    client = _signed_in(people["secretary"])
    url = reverse("subgroups:planned-item-add", args=[plans["second"].pk])

    refused = client.post(url, {"kind": "deep-dive", "title": "Deep dive", "kpi_code": "cla iha"})
    page = client.get(reverse("subgroups:work-plan", args=[board.slug]))

    assert "Use capital letters, digits and hyphens" in refused.text
    assert reverse("performance:kpi-detail", args=["CLA-STAB-3PL"]) in page.text
