"""Changes to people's accounts: invitations, roles, switching accounts off and on. Each
change is recorded as an AccountChange naming who made it."""

import datetime
import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountChange, Invitation, token_digest
from accounts.oidc import ROLES_BY_SLUG
from cpboard.roles import ROLES, Capability, Role, assign_role

ROLE_NAMES = [role.name for role in ROLES]


def _record(person, kind: str, changed_by=None, detail: str = "") -> None:
    AccountChange.objects.create(person=person, changed_by=changed_by, kind=kind, detail=detail)


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token})


@transaction.atomic
def invitation_create(
    *, email: str, first_name: str, last_name: str, role: Role, invited_by: AbstractBaseUser
) -> tuple[Invitation, str]:
    """Make an invitation, e-mail its link to the person, and return it with its secret
    (kept only as a digest). An open invitation to the same address is withdrawn."""
    now = timezone.now()
    Invitation.objects.open(now).filter(email__iexact=email).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role.slug,
        token_hash=token_digest(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    context = {
        "invitation": invitation,
        "role": role,
        "link": invitation_link(token),
        "single_sign_on": bool(settings.OIDC_ISSUER),
        "board_name": settings.BOARD_NAME,
        "council_name": settings.COUNCIL_NAME,
        "days": settings.INVITATION_DAYS,
    }
    transaction.on_commit(
        lambda: send_mail(
            f"{settings.BOARD_NAME}: you are invited to the portal",
            render_to_string("accounts/email/invitation.txt", context),
            None,
            [invitation.email],
        )
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation whose link holds `token`, or None."""
    return Invitation.objects.open().filter(token_hash=token_digest(token)).first()


def invitation_for_email(email: str) -> Invitation | None:
    """The newest open invitation to `email`, or None."""
    if not email:
        return None
    return Invitation.objects.open().filter(email__iexact=email).first()


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, username: str, password: str | None
) -> AbstractBaseUser:
    """Make the invited person's account with the role they were invited to, and close the
    invitation; `password` None makes an account that signs in only through single sign-on."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    user = get_user_model().objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    _join(invitation, user)
    return user


def invitation_accept_by_provider(*, invitation: Invitation, user: AbstractBaseUser) -> None:
    """Close the invitation of someone whose first single sign-on made their account."""
    _join(invitation, user)


def _join(invitation: Invitation, user: AbstractBaseUser) -> None:
    # Under single sign-on allauth has recorded the provider's address already (perhaps in
    # other capitals): the invitation to it proves it.
    addresses = EmailAddress.objects.filter(user=user)
    if addresses.filter(email__iexact=invitation.email).exists():
        addresses.filter(email__iexact=invitation.email).update(verified=True)
    else:
        EmailAddress.objects.create(
            user=user,
            email=invitation.email,
            primary=not addresses.filter(primary=True).exists(),
            verified=True,
        )
    _set_role(user, _role(invitation.role))
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    inviter = invitation.invited_by.get_full_name() or invitation.invited_by.get_username()
    _record(
        user,
        AccountChange.Kind.JOINED,
        user,
        f"invited by {inviter} as {_role(invitation.role).name}",
    )


def _role(slug: str) -> Role:
    return ROLES_BY_SLUG[slug]


def _set_role(person: AbstractBaseUser, role: Role) -> None:
    person.groups.remove(*Group.objects.filter(name__in=ROLE_NAMES))
    if (
        Capability.ADMINISTER not in role.capabilities
        and person.is_staff
        and not person.is_superuser
    ):
        person.is_staff = False
        person.save(update_fields=["is_staff"])
    person.__dict__.pop("_cpboard_roles", None)
    assign_role(person, role)


@transaction.atomic
def person_set_role(*, person: AbstractBaseUser, role: Role, changed_by: AbstractBaseUser) -> bool:
    """Give the person this one role in place of any they had; False if they had it already."""
    held = set(person.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    if held == {role.name}:
        return False
    _set_role(person, role)
    before = ", ".join(sorted(held)) or "no role"
    _record(person, AccountChange.Kind.ROLE, changed_by, f"{before} → {role.name}")
    return True


def person_set_role_from_provider(*, person: AbstractBaseUser, role: Role) -> None:
    """The role the council's directory gives at sign-in, recorded when it changes."""
    held = set(person.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    if held != {role.name}:
        _set_role(person, role)
        _record(person, AccountChange.Kind.ROLE_FROM_PROVIDER, None, role.name)


@transaction.atomic
def people_set_active(
    *, people: Iterable[AbstractBaseUser], active: bool, changed_by: AbstractBaseUser
) -> int:
    """Switch accounts off (their sessions end at their next request) or on again; returns
    how many changed. Nobody switches their own account off."""
    changed = 0
    kind = AccountChange.Kind.REACTIVATED if active else AccountChange.Kind.DEACTIVATED
    for person in people:
        if person.pk == changed_by.pk or person.is_active == active:
            continue
        person.is_active = active
        person.save(update_fields=["is_active"])
        _record(person, kind, changed_by)
        changed += 1
    return changed
