"""What each role may do, and the groups and permissions written to the database."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from cpboard import roles
from cpboard.roles import Capability, can, capabilities_of, sync_roles

pytestmark = pytest.mark.django_db

EVERY_ROLE = pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.slug)


@EVERY_ROLE
def test_every_role_can_read_the_board(make_user, role):
    assert can(make_user(role), Capability.VIEW_BOARD)


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (roles.COUNCILLOR, Capability.EDIT_GROUPS, False),
        (roles.OFFICER, Capability.EDIT_STRATEGY, False),
        (roles.PERFORMANCE_LEAD, Capability.EDIT_STRATEGY, False),
        (roles.BOARD_SECRETARY, Capability.EDIT_GROUPS, True),
        (roles.BOARD_SECRETARY, Capability.EDIT_STRATEGY, True),
        (roles.BOARD_SECRETARY, Capability.VIEW_SYSTEM_STATUS, False),
        (roles.YOUNG_PERSON, Capability.VIEW_CHANGE_HISTORY, False),
        (roles.COUNCILLOR, Capability.VIEW_CHANGE_HISTORY, True),
        (roles.ADMINISTRATOR, Capability.VIEW_SYSTEM_STATUS, True),
        (roles.ADMINISTRATOR, Capability.ADMINISTER, True),
    ],
)
def test_role_capabilities(make_user, role, capability, allowed):
    assert can(make_user(role), capability) is allowed


def test_a_person_with_two_roles_may_do_what_either_allows(make_user):
    person = make_user(roles.COUNCILLOR)
    roles.assign_role(person, roles.BOARD_SECRETARY)

    assert can(person, Capability.EDIT_GROUPS)
    assert [role.name for role in roles.roles_of(person)] == ["Councillor", "Board secretary"]


def test_nobody_signed_in_may_do_nothing():
    assert capabilities_of(AnonymousUser()) == frozenset()


def test_a_user_without_a_role_may_do_nothing(make_user):
    assert capabilities_of(make_user(None)) == frozenset()


def test_a_switched_off_account_may_do_nothing(make_user):
    person = make_user(roles.ADMINISTRATOR, is_active=False)

    assert not can(person, Capability.VIEW_BOARD)


def test_a_superuser_may_do_everything(make_user):
    assert capabilities_of(make_user(None, is_superuser=True)) == frozenset(Capability)


def test_administrator_role_gives_access_to_the_admin_site(make_user):
    assert make_user(roles.ADMINISTRATOR).is_staff
    assert not make_user(roles.BOARD_SECRETARY).is_staff


def test_sync_roles_creates_one_group_per_role_with_its_permissions():
    sync_roles()

    secretary = Group.objects.get(name="Board secretary")
    codenames = set(secretary.permissions.values_list("codename", flat=True))
    assert {"change_boardgroup", "change_outcome", "view_principle"} <= codenames
    assert "add_user" not in codenames
    assert Group.objects.filter(name__in=[role.name for role in roles.ROLES]).count() == 6


def test_sync_roles_takes_away_permissions_a_role_no_longer_has():
    sync_roles()
    councillor = Group.objects.get(name="Councillor")
    councillor.permissions.add(*Group.objects.get(name="Administrator").permissions.all())

    sync_roles()

    assert not councillor.permissions.filter(codename="add_user").exists()


def test_django_permissions_follow_the_role(make_user):
    secretary = make_user(roles.BOARD_SECRETARY)
    councillor = make_user(roles.COUNCILLOR)

    assert secretary.has_perm("strategy.change_outcome")
    assert councillor.has_perm("strategy.view_outcome")
    assert not councillor.has_perm("strategy.change_outcome")
