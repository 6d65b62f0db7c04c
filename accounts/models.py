"""Invitations to the portal and the record of every change the administrator makes to a
person's account."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_digest(token: str) -> str:
    """What is stored of an invitation's secret: its SHA-256, so the table gives no link away."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None) -> "InvitationQuerySet":
        """Invitations not yet accepted, withdrawn or expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An e-mail inviting a person to the portal in a role. Its link works once, until it
    expires; accepting it makes the account (or, under single sign-on, lets the person's
    first sign-in with that address through)."""

    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32)
    """A role slug of cpboard.roles."""
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="The account made when the invitation was accepted.",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"

    @property
    def role_name(self) -> str:
        from accounts.oidc import ROLES_BY_SLUG

        role = ROLES_BY_SLUG.get(self.role)
        return role.name if role else self.role

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )


class AccountChange(models.Model):
    """One change to a person's account: who made it, when, and what it was. The people page
    shows them; nothing edits or deletes them."""

    class Kind(models.TextChoices):
        INVITED = "invited", "Invited"
        JOINED = "joined", "Accepted the invitation"
        ROLE = "role", "Role changed"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        ROLE_FROM_PROVIDER = "provider-role", "Role set from the council's directory"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_changes_made",
        help_text="Empty when the council's directory made the change at sign-in.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"
