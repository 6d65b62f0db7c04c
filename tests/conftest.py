"""Fixtures shared by every test: people in each role, signed-in clients, the demo board."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connections
from django.test import Client, TransactionTestCase, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import blocking_manager_key
from xdist.scheduler import LoadGroupScheduling

from cpboard import roles
from cpboard.celery import app as celery_app
from cpboard.demo import load_demo_users
from performance.demo import load_demo_kpis
from strategy.demo import load_demo_plan, load_demo_strategy
from subgroups.demo import load_demo_groups, load_demo_meetings
from tests import celery_broker, database
from tests.database import (
    THE_DEMO,
    keep_what_migrations_loaded,
    left_holding_a_load,
    load_once,
    load_the_demo,
    put_back_before_a_test,
    put_back_for_the_next_test,
    rolled_back,
)
from tests.factories import UserFactory

# Property-based tests of the parsers of outside input: a bounded number of examples per test,
# so `make test` stays fast; no deadline, since a shared 2-core machine makes timings noisy;
# function-scoped fixtures (the database, a signed-in client) are shared across the examples
# on purpose, and every example leaves the database as it found it or asserts on that.
hypothesis_settings.register_profile(
    "cpboard",
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("cpboard")

BROWSER_TESTS = "tests/browser/"
# The browser tests that share the walks of the portal (tests/browser/conftest.py, crawl_of):
# one process makes the walks once for all of them.
BROWSER_WALKS = tuple(
    f"{BROWSER_TESTS}{name}.py"
    for name in ("test_accessibility", "test_html_validity", "test_staff_names")
)
# Files whose tests are shared out one by one: hundreds of quick cases on a demo loaded once
# per process.
SHARED_OUT_BY_TEST = ("tests/permissions/test_permission_matrix.py",)


class TestsOfAFileInOneProcess(LoadGroupScheduling):
    """pytest-xdist's `--dist loadgroup`, grouped by file: the tests of a file run in one
    process, so data a module loads once (tests/database.py) is loaded once in the run, not
    once in each process. The browser tests make two groups, each with its own Chromium and
    live server of the demo: the walks of the portal, and the journeys through it. A file in
    SHARED_OUT_BY_TEST is shared out test by test.

    The group is read from the test's path, not from an `xdist_group` mark: pytest-xdist 3.8
    records a mark's group by renaming the test, which pytest 9 no longer lets it do, so marks
    would be ignored."""

    _ordered = False

    def _assign_work_unit(self, node) -> None:
        """The browser groups first, then the files in the order collected, then the tests
        shared out one by one (see pytest_xdist_make_scheduler): quick cases, last, keep each
        process busy until the other finishes its last file."""
        if not self._ordered:
            for scope in [scope for scope in self.workqueue if "::" in scope]:
                self.workqueue.move_to_end(scope)
            for group in ("browser-journeys", "browser-walks"):
                if group in self.workqueue:
                    self.workqueue.move_to_end(group, last=False)
            self._ordered = True
        super()._assign_work_unit(node)

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.partition("::")[0]
        if path.startswith(BROWSER_WALKS):
            return "browser-walks"
        if path.startswith(BROWSER_TESTS):
            return "browser-journeys"
        if path in SHARED_OUT_BY_TEST:
            return nodeid
        return path


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The walks' tests are marked `walks`: CI's second pass, on PostgreSQL and Redis, leaves
    them out (.ci/run)."""
    for item in items:
        if item.nodeid.startswith(BROWSER_WALKS):
            item.add_marker(pytest.mark.walks)


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadgroup":
        # The browser tests first (TestsOfAFileInOneProcess._assign_work_unit), not the
        # largest file first: the two browser groups, the longest, start at once, one in
        # each process, and do not wait until the end.
        config.option.loadscopereorder = False
        return TestsOfAFileInOneProcess(config, log)
    return None


def pytest_configure(config):
    """Under pytest-xdist every process has its own test database (pytest-django names it per
    worker); give each its own Celery queue too, so that a worker thread started by one
    process never takes a task sent by another and runs it against the wrong database. And
    the folder where the run's processes leave each other the data they load
    (tests/database.py, load_once). Without Redis, tasks sent to a worker thread go through
    kombu's in-memory transport with its waits shortened (tests/celery_broker.py)."""
    celery_broker.use_for(celery_app)
    xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
    if xdist_worker:
        celery_app.conf.task_default_queue = f"cpboard-tests-{xdist_worker}"
        database.shared_folder = Path(config.workerinput[SHARED_FOLDER])


SHARED_FOLDER = "cpboard_shared_folder"
_run_folder = pytest.StashKey[Path]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist's controller, as it starts each process: the run's shared folder."""
    if _run_folder not in node.config.stash:
        node.config.stash[_run_folder] = Path(tempfile.mkdtemp(prefix="cpboard-tests-"))
    node.workerinput[SHARED_FOLDER] = str(node.config.stash[_run_folder])


def pytest_unconfigure(config):
    if _run_folder in config.stash:
        shutil.rmtree(config.stash[_run_folder], ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and what its migrations loaded kept, to be put back
    after each transactional test (below)."""
    with django_db_blocker.unblock():
        for alias in connections:
            keep_what_migrations_loaded(alias)


def _put_back_for_the_next_test(test_case: TransactionTestCase) -> None:
    """What a transactional test (a live server, a Celery worker thread) does at its end in
    place of Django's emptying of every table: it leaves the database as migrations left it,
    so that whatever runs next in the process finds what migrations load (pytest-xdist runs
    the files of a process one after another, of any kind: tests/test_database_between_tests.py)
    under the same keys; or, if the next test starts from the demo, the demo
    (tests/database.py, put_back_for_the_next_test). Django's emptying took the seven
    principles with it, and its serialized rollback puts migration data back only as the next
    such test starts, object by object; this rewrites only the tables the test changed
    (tests/database.py, put_back)."""
    for alias in test_case._databases_names(include_mirrors=False):
        put_back_for_the_next_test(_next_test_starts_from, alias)


TransactionTestCase._fixture_teardown = _put_back_for_the_next_test

# The fixture of the browser tests that starts a test from the demo (tests/browser/conftest.py).
DEMO_SITE = "demo_site"
_next_test_starts_from: str | None = None


def _starts_from(item: pytest.Item | None) -> str | None:
    """The load, made once in the process, that the test starts from, if any."""
    return THE_DEMO if item is not None and DEMO_SITE in item.fixturenames else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if left_holding_a_load():
        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                put_back_before_a_test(_starts_from(item), alias)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    global _next_test_starts_from
    _next_test_starts_from = _starts_from(nextitem)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file of the run, not memory. A Celery worker thread and
    the browser tests' live server use connections of their own, and SQLite shared in memory
    locks whole tables between connections without waiting ("database table is locked");
    on a file, with the portal's settings (WAL, a busy timeout), they wait their turn, as two
    people saving at once on the demo do."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


@pytest.fixture
def make_user(db):
    """A user holding the given role (or none), with the factories' test password."""

    def make(role: roles.Role | None = None, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def client_as(db, make_user):
    """A test client signed in as a new user holding `role`."""

    def sign_in(role: roles.Role | None) -> Client:
        user = make_user(role)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return sign_in


def _load_demo_board() -> dict:
    load_demo_users()
    groups = load_demo_groups()
    strategy = load_demo_strategy()
    return {"groups": groups, "strategy": strategy}


@pytest.fixture
def demo_board(db):
    """The demo data: the Board, six sub-groups, the strategy's eight outcomes, demo users."""
    return _load_demo_board()


def _load_demo_records() -> None:
    _load_demo_board()
    load_demo_meetings()
    load_demo_plan()
    load_demo_kpis()


@pytest.fixture(scope="module")
def _demo_records_for_the_module(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        load_once("the demo records", _load_demo_records)
        yield


@pytest.fixture
def demo_records(_demo_records_for_the_module, db):
    """The demo board with its KPIs and figures, action plan, risks and meetings, in a
    transaction of the test module's own: loaded the first time a process asks, put back from
    what that load left every time after (tests/database.py, load_once). Lists have rows to
    sort and pages to turn."""


@pytest.fixture(scope="module")
def _demo_loaded_for_the_module(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker), override_settings(DEBUG=True):
        load_the_demo()
        yield


@pytest.fixture
def demo_loaded(_demo_loaded_for_the_module, db, settings):
    """All that `python manage.py load_demo` loads, its compiled reports too, loaded once for
    the test module (tests/database.py). Demo mode stays on, so a test may run it again."""
    settings.DEBUG = True


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Hashing passwords at production strength takes half a second a password: the demo's
    accounts alone cost six seconds a load. The tests check who may sign in, not the hasher.
    Session-wide, so that module and session fixtures that load the demo use it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded board papers go to a folder of the test run, never into the checkout; so do
    uploaded SSDA903 returns and their lists of errors."""
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        SSDA903_TMP_DIR=tmp_path_factory.mktemp("ssda903"),
    ):
        yield


@pytest.fixture(scope="module")
def celery_worker():
    """A Celery worker thread answering this module's tasks through the real broker (Redis
    when REDIS_URL is set, kombu's in-memory transport otherwise): nothing is eager."""
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield celery_app
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def tasks_in_process():
    """Tasks run as they are sent, in this process, as in the demo, whatever this run's
    REDIS_URL: for tests of what a task does, not of the queue (tests of the real worker
    start one)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before
