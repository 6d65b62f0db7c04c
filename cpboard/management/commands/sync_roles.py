from django.core.management.base import BaseCommand

from cpboard.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create or update one group per role with the role's permissions (safe to re-run)."

    def handle(self, *args, **options) -> None:
        sync_roles()
        for role in ROLES:
            self.stdout.write(f"{role.name}: {role.summary}")
        self.stdout.write(self.style.SUCCESS(f"{len(ROLES)} roles are up to date."))
