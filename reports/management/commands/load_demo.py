from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cpboard.demo import DEMO_PASSWORD, DEMO_PEOPLE
from reports.demo import load_demo_everything


class Command(BaseCommand):
    help = (
        "Load a believable fictional board: the Board and its sub-groups, the current "
        "strategy and its outcomes, about 30 KPIs with two years of figures, and one demo "
        "account per role. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs in demo mode (DJANGO_DEBUG on): it creates accounts "
                "with a published password, which must never exist in production."
            )
        demo = load_demo_everything()
        groups, strategy, kpis, plan = demo.groups, demo.strategy, demo.kpis, demo.plan
        flagged, meetings, reports = demo.flagged, demo.meetings, demo.reports
        self.stdout.write(
            f"{settings.COUNCIL_NAME}: {len(groups) - 1} sub-groups, "
            f"{strategy.outcomes.count()} outcomes in {strategy.title}, {len(kpis)} KPIs "
            "with two years of figures."
        )
        self.stdout.write(
            f"{meetings['members']} memberships, {meetings['meetings']} Board meetings, "
            f"{meetings['reports']} highlight reports, {meetings['challenges']} challenges, "
            f'{meetings["you_said"]} "You said, we did" entries.'
        )
        self.stdout.write(
            f"{meetings['visits']} visits, {meetings['inspections']} inspections, "
            f"{meetings['training_sessions']} training sessions."
        )
        self.stdout.write(
            f"{plan['actions']} actions, {plan['commitments']} pledge and care leaver offer "
            f"commitments, {plan['risks']} risks ({flagged} flagged by red KPIs)."
        )
        self.stdout.write(
            f"{demo.voice['messages']} messages from young people, {demo.voice['surveys']} "
            f"Bright Spots surveys, {demo.voice['celebrations']} celebrations."
        )
        self.stdout.write(
            "Reports: "
            + "; ".join(f"{r.title} ({r.get_status_display().lower()})" for r in reports)
        )
        usernames = ", ".join(username for username, *_ in DEMO_PEOPLE)
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts {usernames}; password {DEMO_PASSWORD!r}.")
        )
