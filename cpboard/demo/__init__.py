"""Demo accounts: one person per role, all with the published demo password; and what every
app's demo loader shares: reading its data files and refusing a bad row by name.

Each app keeps its demo's content in JSON files beside its loader (``<app>/demo/*.json``)
and loads only its own rows, through the app's services, so that the demo's history names
the demo people and loading it proves the services. ``reports.demo.load_demo_everything``
calls the loaders down the apps' order."""

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models

from cpboard import roles

M = TypeVar("M", bound=models.Model)
V = TypeVar("V")

DEMO_PASSWORD = "cpboard-demo"

DATA = Path(__file__).parent


class DemoDataError(ValueError):
    """A row of a demo data file that cannot be loaded, named by file and row."""

    def __init__(self, path: Path, row: int | None, message: str):
        where = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.row = row


def read(path: Path) -> Any:
    """The content of a demo data file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DemoDataError(path, None, f"not valid JSON ({error})") from error


def rows(path: Path, content: list | None = None) -> Iterator[tuple["Row", dict]]:
    """Each row of a file that holds a list (or of `content`, a list read from it), with a
    `Row` that names it in errors. Rows are counted from 1."""
    content = read(path) if content is None else content
    if not isinstance(content, list):
        raise DemoDataError(path, None, "expected a list of rows")
    for number, row in enumerate(content, start=1):
        if not isinstance(row, dict):
            raise DemoDataError(path, number, "expected an object")
        yield Row(path, number), row


class Row:
    """Where a row came from, to name it when it is refused."""

    def __init__(self, path: Path, number: int):
        self.path = path
        self.number = number

    def error(self, message: str) -> DemoDataError:
        return DemoDataError(self.path, self.number, message)

    def find(self, known: Mapping[Any, V], key: Any, what: str) -> V:
        """`known[key]`, or a DemoDataError naming this row and the unknown `what`."""
        try:
            return known[key]
        except (KeyError, TypeError):
            raise self.error(f"unknown {what} {key!r}") from None


def changes(instance: models.Model, values: dict) -> dict:
    """The entries of `values` that differ from the instance's fields (a foreign key compared
    by id, so comparing runs no query): what a service must be asked to change, so that
    loading the demo again saves nothing and adds no history."""
    changed = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_one:
            current = getattr(instance, field.attname)
            wanted = value.pk if value is not None else None
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            changed[name] = value
    return changed


def upsert(model: type[M], lookup: dict, values: dict) -> M:
    """Create the row matching `lookup`, or update it only where `values` differ, so that
    loading the demo twice leaves the same data and adds no change history. For accounts,
    which have no service: every other demo row goes through its app's services."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**{**values, **lookup})
    changed = list(changes(instance, values))
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance


def _people() -> tuple[tuple[str, str, str, roles.Role], ...]:
    path = DATA / "people.json"
    by_slug = {role.slug: role for role in roles.ROLES}
    return tuple(
        (
            row["username"],
            row["first_name"],
            row["last_name"],
            at.find(by_slug, row["role"], "role"),
        )
        for at, row in rows(path)
    )


DEMO_PEOPLE = _people()
"""(username, first name, last name, role) of each demo account."""


def demo_people(*usernames: str) -> dict:
    """The demo accounts with these usernames, by username; refuses to go on without them."""
    people = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    missing = set(usernames) - set(people)
    if missing:
        raise ValueError(f"Load the demo users first: {', '.join(sorted(missing))} missing.")
    return people


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
