"""Changes of the alerts app: people's choices, the alerts raised for an event, and the
e-mails that tell people about them (as it happens, or in a weekly digest).

Every e-mail carries only short neutral lines and links to sign in; what the line is about is
read on the portal, by the person's own rights there."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertPreference, Delivery, Kind
from cpboard.celery import TaskQueueUnavailable, enqueue
from cpboard.roles import Capability, capabilities_of
from cpboard.services import model_update
from strategy.models import Action, Risk, Status
from subgroups.models import MeetingAction

logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("alerts_muted", default=False)
"""While the demo loads, its events are history, not news: no alert is raised."""


def mute(muted: bool) -> None:
    """Stop (True) or resume (False) raising alerts in this thread."""
    _muted.set(muted)


_NEEDS: dict[str, tuple[Capability, ...]] = {
    Kind.AGENDA_PACK: (Capability.VIEW_BOARD,),
    Kind.REPORT_PUBLISHED: (Capability.VIEW_BOARD,),
    Kind.CHALLENGE: (Capability.RAISE_CHALLENGES, Capability.UPDATE_OWN_ITEMS),
    Kind.FIGURE_RETURNED: (Capability.ENTER_FIGURES,),
    Kind.REVIEW_DUE: (Capability.UPDATE_OWN_ITEMS,),
    Kind.INSPECTION: (Capability.VIEW_BOARD,),
}
"""Who can hear of each kind at all: anyone holding one of these capabilities."""


def kinds_for(user) -> list[Kind]:
    """The kinds of alert that can concern the user, in the order of Kind."""
    held = capabilities_of(user)
    return [kind for kind in Kind if any(c in held for c in _NEEDS[kind])]


def default_delivery(user, kind: str) -> str:
    """The sensible default for the user's role when they have not chosen: what they must act
    on (a challenge to answer, a returned figure, a new pack for their meeting) as it happens,
    what they should know about in the weekly digest, and nothing about what they do
    themselves (the secretary publishes the reports and logs the inspections)."""
    held = capabilities_of(user)
    if kind not in kinds_for(user) or Capability.ADMINISTER in held:
        return Delivery.NEVER
    if kind in (Kind.AGENDA_PACK, Kind.CHALLENGE, Kind.FIGURE_RETURNED):
        return Delivery.IMMEDIATELY
    if kind == Kind.REPORT_PUBLISHED:
        return Delivery.NEVER if Capability.PUBLISH_REPORTS in held else Delivery.WEEKLY
    if kind == Kind.INSPECTION:
        if Capability.RUN_MEETINGS in held or Capability.VIEW_BOARD_REPORTS not in held:
            return Delivery.NEVER
        return Delivery.WEEKLY
    return Delivery.WEEKLY


def preferences_of(user) -> dict[str, str]:
    """The user's delivery for each kind that can concern them: their choice, or the default
    for their role. One query."""
    chosen = dict(AlertPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind) or default_delivery(user, kind) for kind in kinds_for(user)}


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> int:
    """Record the user's choice for each kind (kind -> delivery); returns how many changed.
    Each change is kept in the preference's history."""
    existing = {p.kind: p for p in AlertPreference.objects.filter(user=user)}
    changed = 0
    for kind in kinds_for(user):
        delivery = choices.get(kind)
        if delivery is None:
            continue
        preference = existing.get(kind) or AlertPreference(user=user, kind=kind)
        if preference.pk is None and delivery == default_delivery(user, kind):
            continue
        _, did = model_update(
            instance=preference, fields={"delivery": delivery}, changed_by=user, lock=False
        )
        changed += did
    return changed


def _deliveries(users: Iterable, kind: str) -> dict[int, tuple[object, str]]:
    """Each user with an e-mail address who wants this kind, with how (two queries)."""
    users = [u for u in users if u.is_active and u.email]
    chosen = dict(
        AlertPreference.objects.filter(user__in=users, kind=kind).values_list("user", "delivery")
    )
    wanted = {}
    for user in users:
        if kind not in kinds_for(user):
            continue
        delivery = chosen.get(user.pk) or default_delivery(user, kind)
        if delivery != Delivery.NEVER:
            wanted[user.pk] = (user, delivery)
    return wanted


@transaction.atomic
def alerts_raise(*, kind: str, users: Iterable, line: str, path: str, key: str) -> list[Alert]:
    """Raise an alert of `kind` for each of `users` who wants it, once per event (`key`):
    those who want it as it happens are e-mailed once this is committed, the others wait for
    their weekly digest. Returns the alerts raised.

    Three queries however many people (a public report alerts everyone): who wants it, who
    has it already, and one insert. Two runs for one event at once can meet the unique
    constraint; the later fails whole, and the alerts are those of the earlier."""
    if _muted.get():
        return []
    wanted = _deliveries(users, kind)
    already = set(
        Alert.objects.filter(key=key, user__in=list(wanted)).values_list("user", flat=True)
    )
    raised = Alert.objects.bulk_create(
        Alert(user=user, key=key, kind=kind, delivery=delivery, line=line[:200], path=path)
        for pk, (user, delivery) in wanted.items()
        if pk not in already
    )
    for alert in raised:
        if alert.delivery == Delivery.IMMEDIATELY:
            transaction.on_commit(lambda pk=alert.pk: _send_soon(pk))
    return raised


def _send_soon(alert_id: int) -> None:
    """Queue the e-mail of one alert; if the queue is down, the daily run sends it."""
    from alerts.tasks import send_alert

    try:
        enqueue(send_alert, alert_id)
    except TaskQueueUnavailable:
        logger.warning("Alert %s waits for the daily run: the task queue is down.", alert_id)


def sign_in_link(path: str) -> str:
    """The full address of the sign-in page that leads on to `path`."""
    return f"{settings.SITE_URL}{reverse('account_login')}?{urlencode({'next': path})}"


def _mail(user, *, subject: str, template: str, context: dict) -> None:
    send_mail(
        subject=f"{settings.BOARD_NAME}: {subject}",
        message=render_to_string(
            template,
            {
                "user": user,
                "board_name": settings.BOARD_NAME,
                "preferences_url": sign_in_link(reverse("alerts:preferences")),
                **context,
            },
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def alert_send(*, alert_id: int) -> bool:
    """E-mail one alert that is to go as it happens, unless it has gone already (a task may
    run twice). Returns whether an e-mail was sent."""
    alert = Alert.objects.select_for_update().select_related("user").filter(pk=alert_id).first()
    if alert is None or alert.sent_at is not None or not alert.user.email:
        return False
    _mail(
        alert.user,
        subject=alert.line.rstrip("."),
        template="alerts/email/alert.txt",
        context={"alert": alert, "link": sign_in_link(alert.path)},
    )
    alert.sent_at = timezone.now()
    alert.save(update_fields=["sent_at"])
    return True


@transaction.atomic
def waiting_alerts_send() -> int:
    """Send every alert meant to go as it happens that has not gone (the queue was down).
    Returns how many were sent."""
    waiting = Alert.objects.filter(delivery=Delivery.IMMEDIATELY, sent_at__isnull=True)
    return sum(alert_send(alert_id=pk) for pk in waiting.values_list("pk", flat=True))


@transaction.atomic
def digests_send() -> int:
    """E-mail each person one digest of their alerts waiting for the weekly digest, and mark
    them sent. Returns the number of digests sent. Safe to run twice: a sent alert is never
    sent again."""
    waiting = (
        Alert.objects.select_for_update()
        .filter(delivery=Delivery.WEEKLY, sent_at__isnull=True)
        .select_related("user")
        .order_by("user", "created_at", "pk")
    )
    by_user: dict[int, list[Alert]] = defaultdict(list)
    for alert in waiting:
        by_user[alert.user_id].append(alert)
    now = timezone.now()
    sent = 0
    for alerts in by_user.values():
        user = alerts[0].user
        if user.email and user.is_active:
            _mail(
                user,
                subject=f"your weekly digest ({len(alerts)} new)",
                template="alerts/email/digest.txt",
                context={
                    "items": [(alert.line, sign_in_link(alert.path)) for alert in alerts],
                },
            )
            sent += 1
        Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(sent_at=now)
    return sent


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def due_reviews_raise(*, today: datetime.date | None = None, within_days: int = 7) -> int:
    """Raise a "due" alert for each action (of the action plan or a meeting's action log)
    not done and each open risk whose review falls due within `within_days` days, overdue
    ones included, for its owner, once per due date. Returns how many were raised."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=within_days)
    owners = get_user_model().objects.filter(is_active=True).exclude(email="")
    by_owner: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for action in Action.objects.filter(owner__in=owners, due_on__lte=until).exclude(
        status=Status.COMPLETE
    ):
        by_owner[action.owner_id].append(
            (
                f"An action you own on the action plan is due on {_day(action.due_on)}.",
                action.get_absolute_url(),
                f"action-due:{action.pk}:{action.due_on}",
            )
        )
    for action in MeetingAction.objects.open().filter(owner__in=owners, due_on__lte=until):
        by_owner[action.owner_id].append(
            (
                f"An action you own on a meeting's action log is due on {_day(action.due_on)}.",
                action.get_absolute_url(),
                f"meeting-action-due:{action.pk}:{action.due_on}",
            )
        )
    for risk in Risk.objects.open().filter(owner__in=owners, review_on__lte=until):
        by_owner[risk.owner_id].append(
            (
                f"A risk you own is due for review on {_day(risk.review_on)}.",
                risk.get_absolute_url(),
                f"risk-review-due:{risk.pk}:{risk.review_on}",
            )
        )
    people = owners.in_bulk(list(by_owner))
    raised = 0
    for owner_id, items in by_owner.items():
        for line, path, key in items:
            raised += len(
                alerts_raise(
                    kind=Kind.REVIEW_DUE, users=[people[owner_id]], line=line, path=path, key=key
                )
            )
    return raised
