"""The administrator's People and roles page: inviting someone, who then joins and signs in;
changing a role; switching accounts off and on; councillors whose seats ended. Every change
names who made it."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountChange, Invitation
from cpboard import roles
from cpboard.roles import roles_of
from subgroups.models import Membership
from tests.factories import BoardFactory

NEW_PASSWORD = "a-long-passphrase-for-nadia"


@pytest.fixture
def admin_client(client_as) -> Client:
    return client_as(roles.ADMINISTRATOR)


def invite(client: Client, email="nadia.okafor@wealdbridge.example", role="councillor"):
    return client.post(
        reverse("accounts:invite"),
        {"first_name": "Nadia", "last_name": "Okafor", "email": email, "role": role},
    )


def invitation_path() -> str:
    (message,) = [m for m in mail.outbox if "invited" in m.subject]
    link = re.search(r"http://\S+/invitation/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].partition("/")[2]


def test_an_invited_councillor_joins_with_the_role_and_the_link_then_stops_working(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client)
    assert response.url == reverse("accounts:people")
    assert "Nadia Okafor" in admin_client.get(reverse("accounts:people")).text
    path = invitation_path()

    newcomer = Client()
    page = newcomer.get(path)
    assert "you are invited to join as Councillor" in page.text
    joined = newcomer.post(
        path, {"username": "nadia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert joined.url == reverse("reports:home")
    nadia = get_user_model().objects.get(username="nadia")
    assert [role.slug for role in roles_of(nadia)] == ["councillor"]
    assert nadia.email == "nadia.okafor@wealdbridge.example"
    assert newcomer.get(reverse("reports:home")).status_code == 200
    assert Client().get(path).status_code == 404
    change = AccountChange.objects.get(person=nadia)
    assert change.changed_by == nadia
    assert admin_client.user.get_full_name() in change.detail


def test_an_expired_invitation_says_to_ask_for_a_new_one(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    page = Client().get(invitation_path())

    assert page.status_code == 404
    assert "This invitation no longer works" in page.text


def test_inviting_an_address_that_has_an_account_is_refused_beside_the_field(
    admin_client, make_user
):
    make_user(roles.OFFICER, email="omar@wealdbridge.example")

    response = invite(admin_client, email="omar@wealdbridge.example")

    assert response.status_code == 200
    assert "Someone already has an account with this e-mail address" in response.text
    assert not Invitation.objects.exists()


def test_the_administrator_changes_a_role_and_the_history_says_who(admin_client, make_user):
    person = make_user(roles.OFFICER, username="omar")

    response = admin_client.post(
        reverse("accounts:person", args=[person.pk]), {"role": "performance-lead"}
    )

    assert response.url == reverse("accounts:person", args=[person.pk])
    person = get_user_model().objects.get(pk=person.pk)
    assert [role.slug for role in roles_of(person)] == ["performance-lead"]
    assert not person.is_superuser
    assert not person.user_permissions.exists()
    page = admin_client.get(reverse("accounts:person", args=[person.pk]))
    assert "Officer → Performance lead" in page.text
    assert admin_client.user.get_full_name() in page.text


def test_the_people_page_offers_no_superuser_flag_or_raw_permissions(admin_client, make_user):
    person = make_user(roles.OFFICER)

    page = admin_client.get(reverse("accounts:person", args=[person.pk])).text

    assert "superuser" not in page.lower()
    assert "permission" not in page.lower()
    admin_client.post(
        reverse("accounts:person", args=[person.pk]),
        {"role": "administrator", "is_superuser": "on"},
    )
    person.refresh_from_db()
    assert not person.is_superuser


def test_a_superuser_is_not_found_on_the_administrators_pages(admin_client, make_user):
    boss = make_user(None, is_superuser=True, is_staff=True)

    assert admin_client.get(reverse("accounts:person", args=[boss.pk])).status_code == 404


def test_a_deactivated_person_cannot_sign_in_and_can_be_switched_back_on(admin_client, make_user):
    person = make_user(roles.OFFICER, username="omar")
    their = Client()
    their.force_login(person)

    admin_client.post(reverse("accounts:person-active", args=[person.pk]), {"active": "0"})

    assert their.get(reverse("reports:home")).status_code == 302
    assert AccountChange.objects.filter(person=person, kind="deactivated").exists()
    admin_client.post(reverse("accounts:person-active", args=[person.pk]), {"active": "1"})
    person.refresh_from_db()
    assert person.is_active


def test_the_administrator_cannot_switch_off_their_own_account(admin_client):
    response = admin_client.post(
        reverse("accounts:person-active", args=[admin_client.user.pk]), {"active": "0"}, follow=True
    )

    admin_client.user.refresh_from_db()
    assert admin_client.user.is_active
    assert "You cannot switch off your own account" in response.text


def test_councillors_whose_seats_ended_are_listed_and_switched_off_together(
    admin_client, make_user
):
    board = BoardFactory()
    today = timezone.localdate()
    gone = make_user(roles.COUNCILLOR, first_name="Gone", last_name="Member")
    staying = make_user(roles.COUNCILLOR, first_name="Staying", last_name="Member")
    Membership.objects.create(
        group=board,
        user=gone,
        starts_on=today.replace(year=today.year - 4),
        ends_on=today - datetime.timedelta(days=3),
    )
    Membership.objects.create(
        group=board, user=staying, starts_on=today.replace(year=today.year - 4)
    )

    page = admin_client.get(reverse("accounts:seats-ended"))
    assert "Gone Member" in page.text
    assert "Staying Member" not in page.text
    admin_client.post(reverse("accounts:seats-ended"), {"person": [str(gone.pk)]})

    gone.refresh_from_db()
    staying.refresh_from_db()
    assert not gone.is_active
    assert staying.is_active


def test_the_people_page_shows_roles_seats_and_two_step_in_constant_queries(
    admin_client, make_user, django_assert_max_num_queries
):
    board = BoardFactory()
    for number in range(6):
        person = make_user(roles.COUNCILLOR, username=f"councillor{number}")
        Membership.objects.create(group=board, user=person, starts_on=datetime.date(2024, 5, 1))

    # session, user, roles of the viewer (navigation); people with their two-step flag;
    # their groups; their current seats with the group; open invitations; seats ended.
    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("accounts:people"))

    assert page.status_code == 200
    assert page.text.count("Member, Corporate Parenting Board") >= 6
