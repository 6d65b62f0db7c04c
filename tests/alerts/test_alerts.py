"""E-mail alerts: each person hears of what they chose, as it happens or in a weekly digest;
every e-mail is a short neutral line with a link to sign in, never a title or a figure."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import Alert, AlertPreference, Delivery, Kind
from alerts.tasks import send_due_alerts, send_weekly_digests
from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import Kpi, Measurement
from performance.services import measurement_return
from reports import services as report_services
from reports.demo import demo_loaded, demo_loading
from reports.models import Report, ReportFile
from reports.signals import agenda_pack_published
from strategy.models import Risk
from subgroups import services as subgroup_services
from subgroups.models import Inspection, Meeting, MeetingAction, Membership
from tests.factories import BoardFactory, SubgroupFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

SECRET = "Placement dispute with Horizon Homes"


@pytest.fixture
def board(db):
    return BoardFactory()


@pytest.fixture
def people(board):
    people = {
        "councillor": UserFactory(username="cllr", role=roles.COUNCILLOR),
        "officer": UserFactory(username="off", role=roles.OFFICER),
        "secretary": UserFactory(username="sec", role=roles.BOARD_SECRETARY),
        "young": UserFactory(username="yp", role=roles.YOUNG_PERSON),
    }
    for key in ("councillor", "young", "secretary"):
        Membership.objects.create(
            group=board, user=people[key], role="member", starts_on=datetime.date(2020, 1, 1)
        )
    return people


def only_neutral(message, *, to: str) -> None:
    """The e-mail goes to one person, leads to the sign-in page and says nothing secret."""
    assert message.to == [to]
    assert "/accounts/login/?next=" in message.body
    assert SECRET not in message.body
    assert SECRET not in message.subject


def test_members_hear_of_a_new_agenda_pack_for_their_group_at_once(
    board, people, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(group=board, starts_at=timezone.now(), place="Room 1")

    with django_capture_on_commit_callbacks(execute=True):
        agenda_pack_published.send(sender=Meeting, meeting=meeting, version=2, url="/packs/9/")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "cllr@example.org",
        "sec@example.org",
        "yp@example.org",
    ]
    message = mail.outbox[0]
    only_neutral(message, to=message.to[0])
    assert "new version (version 2) of an agenda pack" in message.body
    assert "next=%2Fpacks%2F9%2F" in message.body
    assert "off@example.org" not in {m.to[0] for m in mail.outbox}  # not a member


def test_an_agenda_pack_sent_again_is_not_alerted_twice(
    board, people, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(group=board, starts_at=timezone.now(), place="Room 1")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            agenda_pack_published.send(sender=Meeting, meeting=meeting, version=1, url="/p/")

    assert len(mail.outbox) == 3


def test_a_challenge_raised_reaches_its_owner_and_its_answer_the_raiser(
    board, people, django_capture_on_commit_callbacks
):
    subject = Meeting.objects.create(group=board, starts_at=timezone.now(), place="Room 1")
    with django_capture_on_commit_callbacks(execute=True):
        challenge = subgroup_services.challenge_raise(
            subject=subject,
            group=board,
            raised_by=people["councillor"],
            owner=people["officer"],
            due_on=timezone.localdate(),
            question=SECRET,
        )
    [raised] = mail.outbox
    only_neutral(raised, to="off@example.org")
    assert "A challenge has been put to you to answer." in raised.body

    with django_capture_on_commit_callbacks(execute=True):
        subgroup_services.challenge_answer(
            challenge=challenge, answer=SECRET, answered_by=people["officer"]
        )

    answered = mail.outbox[1]
    only_neutral(answered, to="cllr@example.org")
    assert "A challenge you raised has been answered." in answered.body
    assert challenge.get_absolute_url().replace("/", "%2F") in answered.body


def test_a_returned_figure_reaches_the_officer_who_entered_it(
    people, django_capture_on_commit_callbacks
):
    lead = UserFactory(username="lead", role=roles.PERFORMANCE_LEAD)
    kpi = Kpi.objects.create(
        code="CLA-DENTAL",
        title=SECRET,
        definition="x",
        definition_year=2024,
        unit="count",
        polarity="higher",
        subgroup=SubgroupFactory(),
        owner=people["officer"],
    )
    figure = Measurement.objects.create(
        kpi=kpi,
        quarter=FinancialQuarter.parse("2024-25 Q2"),
        value=Decimal(7),
        definition_year=2024,
        status="submitted",
        entered_by=people["officer"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        measurement_return(measurement=figure, user=lead, reason=SECRET)

    [message] = mail.outbox
    only_neutral(message, to="off@example.org")
    assert "A figure you entered has been returned to you to check." in message.body
    assert "CLA-DENTAL" not in message.body


def test_a_published_board_report_reaches_staff_and_never_young_people(
    people, django_capture_on_commit_callbacks
):
    report = report_services.report_create(
        kind=Report.Kind.BOARD_PACK,
        audience=Report.Audience.BOARD,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        created_by=people["secretary"],
    )
    report_file = ReportFile(
        report=report, version=1, sha256="0" * 64, size=9, pages=1, snapshot={}
    )
    report_file.file.save("pack.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report_file.save()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.READY)
    AlertPreference.objects.create(
        user=people["councillor"], kind=Kind.REPORT_PUBLISHED, delivery=Delivery.IMMEDIATELY
    )

    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_publish(report=report, published_by=people["secretary"])

    # The councillor asked to hear at once; the officer waits for the digest; the secretary
    # published it; the young person may not read a board-only pack.
    [message] = mail.outbox
    only_neutral(message, to="cllr@example.org")
    assert "A report has been published: Quarterly board pack." in message.body
    waiting = Alert.objects.filter(sent_at__isnull=True).values_list("user__username", flat=True)
    assert list(waiting) == ["off"]


def test_an_inspection_logged_reaches_those_who_chose_to_hear_and_the_digest(
    people, django_capture_on_commit_callbacks
):
    AlertPreference.objects.create(
        user=people["young"], kind=Kind.INSPECTION, delivery=Delivery.IMMEDIATELY
    )
    with django_capture_on_commit_callbacks(execute=True):
        subgroup_services.inspection_log(
            changed_by=people["secretary"],
            kind=Inspection.Kind.CHILDRENS_HOME,
            service_name=SECRET,
            inspected_on=timezone.localdate(),
            judgement="good",
            report_url="https://reports.ofsted.gov.uk/provider/2/1",
        )

    [message] = mail.outbox
    only_neutral(message, to="yp@example.org")
    assert "An inspection has been added to the Board's log." in message.body
    # The councillor's and the officer's default is the weekly digest.
    sent = send_weekly_digests.delay().get(timeout=10)

    assert sent == 2
    digests = sorted(mail.outbox[1:], key=lambda message: message.to)
    only_neutral(digests[0], to="cllr@example.org")
    only_neutral(digests[1], to="off@example.org")
    assert "weekly digest (1 new)" in digests[0].subject
    assert send_weekly_digests.delay().get(timeout=10) == 0  # nothing is sent twice


def test_actions_and_risk_reviews_falling_due_are_alerted_once(people):
    officer = people["officer"]
    AlertPreference.objects.create(
        user=officer, kind=Kind.REVIEW_DUE, delivery=Delivery.IMMEDIATELY
    )
    meeting = Meeting.objects.create(group=BoardFactory(), starts_at=timezone.now(), place="Room 1")
    soon = timezone.localdate() + datetime.timedelta(days=3)
    MeetingAction.objects.create(
        group=meeting.group, raised_at=meeting, description=SECRET, owner=officer, due_on=soon
    )
    MeetingAction.objects.create(
        group=meeting.group,
        raised_at=meeting,
        description="Later",
        owner=officer,
        due_on=soon + datetime.timedelta(days=30),
    )
    Risk.objects.create(
        reference="R1",
        title=SECRET,
        owner=officer,
        review_on=soon,
        likelihood="B",
        impact="II",
        target_likelihood="C",
        target_impact="III",
    )

    assert send_due_alerts.delay().get(timeout=10) == 2
    assert send_due_alerts.delay().get(timeout=10) == 0

    for message in mail.outbox:
        only_neutral(message, to="off@example.org")
    assert sorted(message.body.split("\n\n")[1] for message in mail.outbox) == [
        f"A risk you own is due for review on {soon.day} {soon:%B %Y}.",
        f"An action you own on a meeting's action log is due on {soon.day} {soon:%B %Y}.",
    ]


def test_defaults_follow_the_role_and_the_page_saves_choices(people):
    officer = people["officer"]
    assert services.preferences_of(officer) == {
        Kind.AGENDA_PACK: Delivery.IMMEDIATELY,
        Kind.REPORT_PUBLISHED: Delivery.WEEKLY,
        Kind.CHALLENGE: Delivery.IMMEDIATELY,
        Kind.FIGURE_RETURNED: Delivery.IMMEDIATELY,
        Kind.REVIEW_DUE: Delivery.WEEKLY,
        Kind.INSPECTION: Delivery.WEEKLY,
    }
    assert list(services.preferences_of(people["young"])) == [
        Kind.AGENDA_PACK,
        Kind.REPORT_PUBLISHED,
        Kind.INSPECTION,
    ]
    client = Client()
    client.force_login(officer)
    choices = services.preferences_of(officer) | {Kind.INSPECTION: Delivery.NEVER}

    response = client.post(reverse("alerts:preferences"), choices)

    assert response["Location"] == reverse("alerts:preferences")
    assert services.preferences_of(officer)[Kind.INSPECTION] == Delivery.NEVER
    assert AlertPreference.objects.get(user=officer).history.first().history_user == officer
    page = client.get(reverse("alerts:preferences")).content.decode()
    assert "off@example.org" in page


def test_a_choice_that_is_not_offered_is_refused_by_the_field(people):
    client = Client()
    client.force_login(people["young"])

    response = client.post(reverse("alerts:preferences"), {Kind.AGENDA_PACK: "hourly"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AlertPreference.objects.exists()


def test_nobody_is_emailed_while_the_demo_loads(board, people, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(group=board, starts_at=timezone.now(), place="Room 1")

    demo_loading.send(sender=None, today=None)
    with django_capture_on_commit_callbacks(execute=True):
        agenda_pack_published.send(sender=Meeting, meeting=meeting, version=1, url="/p/")
    demo_loaded.send(sender=None, today=None, complete=False)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        agenda_pack_published.send(sender=Meeting, meeting=meeting, version=2, url="/p/")

    assert len(mail.outbox) == 3
