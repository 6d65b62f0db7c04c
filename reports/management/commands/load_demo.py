from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cpboard.demo import DEMO_PASSWORD, DEMO_PEOPLE, load_demo_users
from performance.demo import load_demo_kpis
from strategy.demo import load_demo_strategy
from subgroups.demo import load_demo_groups


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
        with transaction.atomic():
            load_demo_users()
            groups = load_demo_groups()
            strategy = load_demo_strategy()
            kpis = load_demo_kpis()
        self.stdout.write(
            f"{settings.COUNCIL_NAME}: {len(groups) - 1} sub-groups, "
            f"{strategy.outcomes.count()} outcomes in {strategy.title}, {len(kpis)} KPIs "
            "with two years of figures."
        )
        usernames = ", ".join(username for username, *_ in DEMO_PEOPLE)
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts {usernames}; password {DEMO_PASSWORD!r}.")
        )
