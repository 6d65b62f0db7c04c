"""Demo accounts: one person per role, all with the published demo password."""

from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import models

from cpboard import roles

M = TypeVar("M", bound=models.Model)

DEMO_PASSWORD = "cpboard-demo"

# (username, first name, last name, role)
DEMO_PEOPLE = (
    ("councillor", "Helen", "Ashworth", roles.COUNCILLOR),
    ("officer", "Daniel", "Okafor", roles.OFFICER),
    ("performance", "Ruth", "Kendal", roles.PERFORMANCE_LEAD),
    ("secretary", "Amira", "Begum", roles.BOARD_SECRETARY),
    ("youngperson", "Jay", "", roles.YOUNG_PERSON),
    ("admin", "Sam", "Whitfield", roles.ADMINISTRATOR),
)


def upsert(model: type[M], lookup: dict, values: dict) -> M:
    """Create the row matching `lookup`, or update it only where `values` differ, so that
    loading the demo twice leaves the same data and adds no change history."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**{**values, **lookup})
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance


def load_demo_users() -> list:
    """Create or update the demo accounts and their roles; returns the users."""
    roles.sync_roles()
    User = get_user_model()
    users = []
    for username, first_name, last_name, role in DEMO_PEOPLE:
        user = upsert(
            User,
            {"username": username},
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if roles.roles_of(user) != [role]:
            user.groups.clear()
            roles.assign_role(user, role)
        users.append(user)
    return users
