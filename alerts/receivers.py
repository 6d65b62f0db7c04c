"""The events the lower apps signal, turned into alerts for the people they concern.

Each receiver runs once the change is committed (the senders use transaction.on_commit) and
never lets an error reach the person whose change it was: their change is saved whatever
happens to the e-mails about it."""

import functools
import logging

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.urls import reverse

from alerts import services
from alerts.demo import load_demo_alerts
from alerts.models import Kind
from cpboard.roles import Capability, people_who_can
from performance.signals import figure_returned
from reports.demo import demo_loaded, demo_loading
from reports.models import Report
from reports.publication import report_published
from reports.signals import agenda_pack_published
from subgroups.models import Membership
from subgroups.signals import challenge_answered, challenge_raised, inspection_logged

logger = logging.getLogger(__name__)


def never_fails(handler):
    """Log, rather than raise, an error in turning an event into alerts."""

    @functools.wraps(handler)
    def wrapped(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("Alerts for %s were not raised.", handler.__name__)

    return wrapped


@receiver(agenda_pack_published, dispatch_uid="alerts-agenda-pack")
@never_fails
def on_agenda_pack(sender, meeting, version: int, url: str, **kwargs) -> None:
    """The current members of the meeting's group with an account."""
    members = get_user_model().objects.filter(
        pk__in=Membership.objects.current().filter(group=meeting.group_id).values("user")
    )
    line = (
        "An agenda pack is ready for a meeting of a group you sit on."
        if version == 1
        else f"A new version (version {version}) of an agenda pack is ready for a meeting "
        "of a group you sit on."
    )
    services.alerts_raise(
        kind=Kind.AGENDA_PACK,
        users=members,
        line=line,
        path=url,
        key=f"agenda-pack:{meeting.pk}:{version}",
    )


@receiver(report_published, dispatch_uid="alerts-report-published")
@never_fails
def on_report_published(sender, report: Report, **kwargs) -> None:
    """A board-only report: those who may read board reports; a public one: everyone."""
    needed = Capability.VIEW_BOARD if report.is_public else Capability.VIEW_BOARD_REPORTS
    services.alerts_raise(
        kind=Kind.REPORT_PUBLISHED,
        users=people_who_can(needed, get_user_model()),
        line=f"A report has been published: {report.get_kind_display()}.",
        path=report.get_absolute_url(),
        key=f"report:{report.pk}:{report.published_file_id}",
    )


@receiver(challenge_raised, dispatch_uid="alerts-challenge-raised")
@never_fails
def on_challenge_raised(sender, challenge, **kwargs) -> None:
    services.alerts_raise(
        kind=Kind.CHALLENGE,
        users=[challenge.owner],
        line="A challenge has been put to you to answer.",
        path=challenge.get_absolute_url(),
        key=f"challenge-raised:{challenge.pk}",
    )


@receiver(challenge_answered, dispatch_uid="alerts-challenge-answered")
@never_fails
def on_challenge_answered(sender, challenge, **kwargs) -> None:
    services.alerts_raise(
        kind=Kind.CHALLENGE,
        users=[challenge.raised_by],
        line="A challenge you raised has been answered.",
        path=challenge.get_absolute_url(),
        key=f"challenge-answered:{challenge.pk}:{challenge.answered_on}",
    )


@receiver(figure_returned, dispatch_uid="alerts-figure-returned")
@never_fails
def on_figure_returned(sender, measurement, **kwargs) -> None:
    """The officer who entered the figure, or the KPI's owner if nobody is recorded."""
    officer = measurement.entered_by or measurement.kpi.owner
    if officer is None:
        return
    services.alerts_raise(
        kind=Kind.FIGURE_RETURNED,
        users=[officer],
        line="A figure you entered has been returned to you to check.",
        path=reverse(
            "performance:entry",
            kwargs={"slug": measurement.kpi.subgroup.slug, "quarter": measurement.quarter},
        ),
        key=f"figure-returned:{measurement.pk}:{measurement.version}",
    )


@receiver(inspection_logged, dispatch_uid="alerts-inspection-logged")
@never_fails
def on_inspection_logged(sender, inspection, **kwargs) -> None:
    services.alerts_raise(
        kind=Kind.INSPECTION,
        users=people_who_can(Capability.VIEW_BOARD, get_user_model()),
        line="An inspection has been added to the Board's log.",
        path=inspection.get_absolute_url(),
        key=f"inspection:{inspection.pk}",
    )


@receiver(demo_loading, dispatch_uid="alerts-demo-loading")
def on_demo_loading(sender, **kwargs) -> None:
    """The demo's events are history, not news: nobody is e-mailed while it loads."""
    services.mute(True)


@receiver(demo_loaded, dispatch_uid="alerts-demo-loaded")
def on_demo_loaded(sender, complete: bool = True, **kwargs) -> None:
    """Alerts again; and the demo people's alert choices, once the rest of the demo is in."""
    services.mute(False)
    if complete:
        load_demo_alerts()
