"""What every test finds in its database: what migrations load, whatever ran before it.

A transactional test (a live server, a Celery worker thread) commits, so it cannot end by
rolling back: it puts back what migrations loaded (tests/conftest.py). pytest-django runs a
file's tests that use the database in a transaction first, then its transactional tests in
the file's order, then the rest; and a pytest-xdist process then runs the next file's tests,
of any kind. These tests run in one process (tests/conftest.py) in that order."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from strategy.models import Principle

migration_data: dict[str, object] = {}


def what_migrations_loaded() -> dict[str, object]:
    return {
        "principles": list(Principle.objects.order_by("number").values_list("number", "pk")),
        "content types": sorted(ContentType.objects.values_list("app_label", "model", "pk")),
        "permissions": Permission.objects.count(),
        "wording of principle 7": Principle.objects.get(number=7).wording,
    }


@pytest.mark.django_db
def test_a_test_finds_what_migrations_loaded():
    migration_data.update(what_migrations_loaded())
    assert [number for number, _ in migration_data["principles"]] == [1, 2, 3, 4, 5, 6, 7]
    assert migration_data["permissions"] > 0


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_saves_and_commits():
    Principle.objects.filter(number=7).update(wording="Changed and committed")
    assert Principle.objects.get(number=7).wording == "Changed and committed"


def test_the_next_transactional_test_finds_what_migrations_loaded(transactional_db):
    assert what_migrations_loaded() == migration_data


def test_so_does_a_test_that_reads_the_database_outside_a_test_transaction(django_db_blocker):
    """As a module's fixture that loads data once for its tests does (tests/database.py)."""
    with django_db_blocker.unblock():
        assert what_migrations_loaded() == migration_data
