"""The administration site keeps the portal's rules: an administrator manages accounts and
roles but cannot make anyone a superuser or staff, set other people's passwords or change a
superuser's account; nobody reads a restricted item there that the portal would refuse them;
nobody changes figures behind sign-off, rewrites a record through "revert", or deletes or
changes a report file that was compiled."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import Kpi, Measurement
from reports import services as report_services
from reports.models import Report, ReportFile
from subgroups.models import AgendaItem, Meeting, MeetingAction, Membership
from tests.factories import PASSWORD, BoardFactory

pytestmark = pytest.mark.django_db

RESTRICTED = "Placement provider dispute (restricted)"
RESTRICTED_ACTION = "Write to the provider about the dispute"
OPEN_ITEM = "The pledge refresh"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator(make_user):
    return make_user(roles.ADMINISTRATOR, username="aisha")


@pytest.fixture
def superuser(make_user):
    return make_user(None, username="root", is_superuser=True, is_staff=True)


def user_form(user, **changes) -> dict:
    """The administrator's change form for `user` as the browser would send it, with
    `changes`: the Administrator role is not on that form, so it is not sent."""
    form = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.exclude(name=roles.ADMINISTRATOR.name)],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    return form | changes


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


class TestAccounts:
    def test_a_forged_post_does_not_make_the_administrator_a_superuser(self, administrator):
        every_permission = list(Permission.objects.values_list("pk", flat=True)[:5])
        form = user_form(
            administrator,
            first_name="Aisha-changed",
            is_superuser="on",
            user_permissions=every_permission,
        )

        response = signed_in(administrator).post(change_url(administrator), form)

        administrator.refresh_from_db()
        assert response.status_code == 302
        assert administrator.first_name == "Aisha-changed"
        assert not administrator.is_superuser
        assert not administrator.user_permissions.exists()

    def test_the_administrator_cannot_give_staff_status(self, administrator, make_user):
        councillor = make_user(roles.COUNCILLOR)

        signed_in(administrator).post(change_url(councillor), user_form(councillor, is_staff="on"))

        councillor.refresh_from_db()
        assert not councillor.is_staff
        assert not councillor.is_superuser

    def test_the_superuser_and_permission_boxes_are_not_on_the_administrators_form(
        self, administrator, make_user
    ):
        councillor = make_user(roles.COUNCILLOR)

        response = signed_in(administrator).get(change_url(councillor))

        assert response.status_code == 200
        assert 'name="is_superuser"' not in response.text
        assert 'name="is_staff"' not in response.text
        assert 'name="user_permissions"' not in response.text

    def test_the_administrator_gives_and_takes_away_roles(self, administrator, make_user):
        person = make_user(roles.COUNCILLOR)
        officer = Group.objects.get_or_create(name=roles.OFFICER.name)[0]

        response = signed_in(administrator).post(
            change_url(person), user_form(person, groups=[officer.pk])
        )

        assert response.status_code == 302
        assert list(person.groups.values_list("name", flat=True)) == [roles.OFFICER.name]

    def test_the_administrator_cannot_give_a_group_that_is_not_a_role(
        self, administrator, make_user
    ):
        person = make_user(roles.COUNCILLOR)
        backstage = Group.objects.create(name="Backstage")
        backstage.permissions.set(Permission.objects.all())

        response = signed_in(administrator).post(
            change_url(person), user_form(person, groups=[backstage.pk])
        )

        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not person.groups.filter(name="Backstage").exists()

    def test_only_a_superuser_gives_the_administrator_role(self, administrator, make_user):
        person = make_user(roles.COUNCILLOR)
        admins = Group.objects.get(name=roles.ADMINISTRATOR.name)

        response = signed_in(administrator).post(
            change_url(person), user_form(person, groups=[admins.pk])
        )

        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not person.groups.filter(pk=admins.pk).exists()

    def test_roles_the_administrator_may_not_give_are_kept_when_others_change(
        self, administrator, make_user
    ):
        colleague = make_user(roles.ADMINISTRATOR)
        councillors = Group.objects.get_or_create(name=roles.COUNCILLOR.name)[0]

        response = signed_in(administrator).post(
            change_url(colleague), user_form(colleague, groups=[councillors.pk])
        )

        assert response.status_code == 302
        assert set(colleague.groups.values_list("name", flat=True)) == {
            roles.ADMINISTRATOR.name,
            roles.COUNCILLOR.name,
        }

    def test_the_administrator_cannot_set_another_persons_password(self, administrator, make_user):
        person = make_user(roles.COUNCILLOR)
        url = reverse("admin:auth_user_password_change", args=[person.pk])
        new = {"password1": "taken-over-passphrase", "password2": "taken-over-passphrase"}

        assert signed_in(administrator).get(url).status_code == 403
        response = signed_in(administrator).post(url, new)

        person.refresh_from_db()
        assert response.status_code == 403
        assert person.check_password(PASSWORD)

    def test_the_administrators_own_password_is_changed_on_the_portals_page(self, administrator):
        url = reverse("admin:auth_user_password_change", args=[administrator.pk])

        response = signed_in(administrator).post(
            url, {"password1": "no-old-passphrase-1", "password2": "no-old-passphrase-1"}
        )

        administrator.refresh_from_db()
        assert response.status_code == 302
        assert response.url == reverse("account_change_password")
        assert administrator.check_password(PASSWORD)

    def test_the_administrator_cannot_change_a_superusers_account(self, administrator, superuser):
        response = signed_in(administrator).post(
            change_url(superuser), user_form(superuser, is_active="", first_name="Locked out")
        )

        superuser.refresh_from_db()
        assert response.status_code == 403
        assert superuser.is_active
        assert superuser.first_name != "Locked out"

    def test_a_superuser_still_grants_superuser_and_sets_passwords(self, superuser, make_user):
        person = make_user(roles.ADMINISTRATOR)
        client = signed_in(superuser)

        client.post(change_url(person), user_form(person, is_staff="on", is_superuser="on"))
        client.post(
            reverse("admin:auth_user_password_change", args=[person.pk]),
            {"password1": "a-new-passphrase-9", "password2": "a-new-passphrase-9"},
        )

        person.refresh_from_db()
        assert person.is_superuser
        assert person.check_password("a-new-passphrase-9")


@pytest.fixture
def restricted_meeting(db):
    """A Board meeting with an open item and a restricted one, and an action on each."""
    board = BoardFactory()
    meeting = Meeting.objects.create(
        group=board, starts_at=timezone.now() + datetime.timedelta(days=7), place="Room 7"
    )
    open_item = AgendaItem.objects.create(meeting=meeting, position=1, title=OPEN_ITEM)
    restricted = AgendaItem.objects.create(
        meeting=meeting, position=2, title=RESTRICTED, is_restricted=True
    )
    MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        agenda_item=open_item,
        description="Send the pledge to the council",
        due_on=datetime.date(2030, 1, 1),
    )
    action = MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        agenda_item=restricted,
        description=RESTRICTED_ACTION,
        due_on=datetime.date(2030, 1, 1),
    )
    return {"meeting": meeting, "restricted": restricted, "action": action, "board": board}


class TestRestrictedItems:
    def test_the_meeting_page_hides_restricted_items_from_a_non_member(
        self, administrator, restricted_meeting
    ):
        url = reverse("admin:subgroups_meeting_change", args=[restricted_meeting["meeting"].pk])

        response = signed_in(administrator).get(url)

        assert response.status_code == 200
        assert OPEN_ITEM in response.text
        assert RESTRICTED not in response.text

    def test_a_superuser_who_does_not_sit_on_the_group_does_not_see_them_either(
        self, superuser, restricted_meeting
    ):
        url = reverse("admin:subgroups_meeting_change", args=[restricted_meeting["meeting"].pk])

        response = signed_in(superuser).get(url)

        assert OPEN_ITEM in response.text
        assert RESTRICTED not in response.text

    def test_a_member_of_the_group_sees_them(self, administrator, restricted_meeting):
        Membership.objects.create(
            group=restricted_meeting["board"],
            user=administrator,
            role=Membership.Role.MEMBER,
            starts_on=datetime.date(2024, 1, 1),
        )
        url = reverse("admin:subgroups_meeting_change", args=[restricted_meeting["meeting"].pk])

        response = signed_in(administrator).get(url)

        assert RESTRICTED in response.text

    def test_saving_the_meeting_leaves_the_hidden_items_alone(
        self, administrator, restricted_meeting
    ):
        meeting = restricted_meeting["meeting"]
        open_item = meeting.agenda_items.get(title=OPEN_ITEM)
        prefix = "agenda_items"
        form = {
            "group": meeting.group_id,
            "starts_at_0": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime(meeting.starts_at).strftime("%H:%M:%S"),
            "place": "Room 8",
            "status": "planned",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": open_item.pk,
            f"{prefix}-0-meeting": meeting.pk,
            f"{prefix}-0-position": "1",
            f"{prefix}-0-title": OPEN_ITEM,
        }

        response = signed_in(administrator).post(
            reverse("admin:subgroups_meeting_change", args=[meeting.pk]), form
        )

        assert response.status_code == 302
        assert Meeting.objects.get(pk=meeting.pk).place == "Room 8"
        assert AgendaItem.objects.get(pk=restricted_meeting["restricted"].pk).title == RESTRICTED

    @pytest.mark.parametrize("page", ["change", "history", "delete"])
    def test_an_action_of_a_restricted_item_is_not_in_the_admin(
        self, administrator, superuser, restricted_meeting, page
    ):
        action = restricted_meeting["action"]
        url = reverse(f"admin:subgroups_meetingaction_{page}", args=[action.pk])

        for person in (administrator, superuser):
            response = signed_in(person).get(url, follow=True)

            assert RESTRICTED_ACTION not in response.text
            assert RESTRICTED not in response.text

    def test_nor_in_the_action_list(self, administrator, restricted_meeting):
        response = signed_in(administrator).get(reverse("admin:subgroups_meetingaction_changelist"))

        assert "Send the pledge to the council" in response.text
        assert RESTRICTED_ACTION not in response.text

    def test_nor_in_an_old_version_of_the_action(self, superuser, restricted_meeting):
        action = restricted_meeting["action"]
        version = action.history.latest("history_id").history_id
        url = reverse("admin:subgroups_meetingaction_simple_history", args=[action.pk, version])

        response = signed_in(superuser).get(url, follow=True)

        assert RESTRICTED_ACTION not in response.text

    def test_deleting_a_meeting_does_not_list_its_hidden_items(self, superuser, restricted_meeting):
        meeting = restricted_meeting["meeting"]
        MeetingAction.objects.filter(raised_at=meeting).delete()
        url = reverse("admin:subgroups_meeting_delete", args=[meeting.pk])

        page = signed_in(superuser).get(url)
        response = signed_in(superuser).post(url, {"post": "yes"})

        assert RESTRICTED not in page.text
        assert "restricted agenda items you may not see" in page.text
        assert response.status_code == 403
        assert AgendaItem.objects.filter(pk=restricted_meeting["restricted"].pk).exists()


@pytest.fixture
def published(db, make_user):
    """A published report and its compiled file."""
    secretary = make_user(roles.BOARD_SECRETARY)
    report = report_services.report_create(
        kind=Report.Kind.YOUNG_PEOPLE,
        audience=Report.Audience.PUBLIC,
        year=2024,
        created_by=secretary,
    )
    report_file = ReportFile(
        report=report, version=1, sha256="0" * 64, size=9, pages=1, snapshot={}
    )
    report_file.file.save("summary.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report_file.save()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.PUBLISHED, published_file=report_file
    )
    return report_file


class TestRecordsTheAdminCannotRewrite:
    def test_nobody_deletes_a_published_report_file(self, superuser, published):
        url = reverse("admin:reports_reportfile_delete", args=[published.pk])

        page = signed_in(superuser).get(url)
        response = signed_in(superuser).post(url, {"post": "yes"})

        assert page.status_code == 403
        assert response.status_code == 403
        assert ReportFile.objects.filter(pk=published.pk).exists()
        assert published.file.storage.exists(published.file.name)

    def test_nobody_changes_a_report_file(self, superuser, published):
        url = reverse("admin:reports_reportfile_change", args=[published.pk])

        response = signed_in(superuser).post(url, {"version": "7"})

        assert response.status_code == 403
        assert ReportFile.objects.get(pk=published.pk).version == 1

    def test_nobody_unpublishes_a_report_in_the_admin(self, superuser, published):
        report = published.report
        url = reverse("admin:reports_report_change", args=[report.pk])

        response = signed_in(superuser).post(
            url, {"kind": report.kind, "audience": report.audience, "status": "draft"}
        )

        assert response.status_code == 403
        assert Report.objects.get(pk=report.pk).status == Report.Status.PUBLISHED

    def test_figures_change_only_through_the_portals_sign_off(self, superuser, administrator):
        kpi = Kpi.objects.create(
            code="CLA-DENTAL",
            title="Dental checks",
            definition="Children who saw a dentist.",
            definition_year=2024,
            unit="count",
            polarity="higher",
            subgroup=BoardFactory(),
        )
        figure = Measurement.objects.create(
            kpi=kpi,
            definition_year=2024,
            quarter=FinancialQuarter.parse("2024-25 Q1"),
            value=27,
            status=Measurement.Status.SUBMITTED,
        )
        url = reverse("admin:performance_measurement_change", args=[figure.pk])
        form = {
            "kpi": kpi.pk,
            "definition_year": "2024",
            "quarter": "2024-25 Q1",
            "value": "40",
            "status": "approved",
        }

        for person in (superuser, administrator):
            response = signed_in(person).post(url, form)

            assert response.status_code == 403
        figure.refresh_from_db()
        assert (figure.value, figure.status) == (27, Measurement.Status.SUBMITTED)

    def test_an_old_version_cannot_be_restored_over_the_current_one(self, superuser, make_user):
        board = BoardFactory(remit="The remit the Board agreed.")
        board.remit = "The remit as it is now."
        board.save()
        first = board.history.earliest("history_id").history_id
        url = reverse("admin:subgroups_boardgroup_simple_history", args=[board.pk, first])
        client = signed_in(superuser)

        page = client.get(url)
        response = client.post(url, {"name": board.name, "slug": board.slug})

        assert page.status_code == 200
        assert 'name="_save"' not in page.text
        assert response.status_code == 403
        board.refresh_from_db()
        assert board.remit == "The remit as it is now."
