"""Data loaded once and shared by the tests of a module (or class), rolled back after them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """A transaction for data loaded once for a module or class, rolled back after its last
    test. Each test runs in a savepoint inside it (pytest-django's `db`), so what one test
    saves, the next never sees, and a load that takes seconds is paid once instead of once per
    test. The tests of a file run in one pytest-xdist process (tests/conftest.py), so the load
    is paid once in the run, not once per process.

    Not for tests whose Celery worker thread or live server reads the data on a connection of
    its own: they cannot see a transaction that is never committed."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
