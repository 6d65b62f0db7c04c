"""What the People and roles page reads."""

import datetime
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils import timezone

from accounts.models import AccountChange, Invitation
from cpboard.roles import COUNCILLOR, ROLES, Role
from subgroups.models import Membership


@dataclass(frozen=True)
class PersonRow:
    person: AbstractBaseUser
    roles: list[Role]
    seats: list[Membership]
    """Their current seats on the Board and its sub-groups."""
    two_factor: bool


def people_list() -> list[PersonRow]:
    """Everyone with an account, active first then by name, with their roles, current seats
    and whether two-step sign-in is on (four queries, whatever the number of people)."""
    today = timezone.localdate()
    people = (
        get_user_model()
        .objects.annotate(
            two_factor=Exists(
                Authenticator.objects.filter(
                    user=OuterRef("pk"),
                    type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
                )
            )
        )
        .prefetch_related(
            "groups",
            Prefetch(
                "memberships",
                queryset=Membership.objects.current(today).select_related("group"),
                to_attr="current_seats",
            ),
        )
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    rows = []
    for person in people:
        names = {group.name for group in person.groups.all()}
        rows.append(
            PersonRow(
                person=person,
                roles=[role for role in ROLES if role.name in names],
                seats=person.current_seats,
                two_factor=person.two_factor,
            )
        )
    return rows


def open_invitations() -> list[Invitation]:
    """Invitations still waiting to be accepted, newest first."""
    return list(Invitation.objects.open().select_related("invited_by"))


def person_changes(person: AbstractBaseUser) -> list[AccountChange]:
    """The changes made to a person's account, newest first."""
    return list(person.account_changes.select_related("changed_by"))


def seats_ended(on: datetime.date | None = None) -> list[AbstractBaseUser]:
    """Active councillors whose seats have all ended: they had a seat on the Board or a
    sub-group, and none is in force on `on` (today by default). After May's elections these
    are the accounts to switch off together."""
    on = on or timezone.localdate()
    current = Membership.objects.current(on).filter(user=OuterRef("pk"))
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=COUNCILLOR.name, memberships__isnull=False)
        .filter(~Exists(current))
        .annotate(last_seat_ended=Max("memberships__ends_on"))
        .order_by("first_name", "last_name", "username")
    )


def person_roles(person: AbstractBaseUser) -> list[Role]:
    names = set(person.groups.values_list("name", flat=True))
    return [role for role in ROLES if role.name in names]


def person_seats(person: AbstractBaseUser) -> list[Membership]:
    """The person's seats on the Board and its sub-groups, current and past, newest first."""
    return list(person.memberships.select_related("group").order_by("-starts_on"))


def has_two_factor(person: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(
        user=person, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
