"""Fixtures of the reports tests: the demo board's data, and report files kept in a
temporary folder."""

import datetime

import pytest

from cpboard.demo import load_demo_users
from performance.demo import load_demo_kpis
from strategy.demo import load_demo_plan, load_demo_strategy
from subgroups.demo import load_demo_groups, load_demo_meetings
from tests.database import load_once, rolled_back

# The demo's dates follow "today"; fixing it keeps the figures the tests read the same.
DEMO_TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    """Compiled PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _load_board_data() -> None:
    load_demo_users()
    load_demo_groups()
    # Each app's loader in the apps' order: a higher app links its rows to the lower ones'.
    load_demo_meetings(today=DEMO_TODAY)
    load_demo_strategy()
    load_demo_plan(today=DEMO_TODAY)
    load_demo_kpis(today=DEMO_TODAY)


def _the_board_data() -> None:
    """Loaded the first time a process asks (seconds: the slowest set-up of these tests), put
    back from what that load left every time after (tests/database.py, load_once)."""
    load_once("the demo board", _load_board_data)


@pytest.fixture(scope="module")
def _board_data_for_the_module(django_db_setup, django_db_blocker):
    """The demo board, in a transaction rolled back after the module's last test."""
    with rolled_back(django_db_blocker):
        _the_board_data()
        yield


@pytest.fixture
def board_data(_board_data_for_the_module, db):
    """The demo board without its demo reports: groups, strategy and plan, KPIs with two
    years of figures, meetings, highlight reports and "You said, we did"."""


@pytest.fixture
def board_data_committed(transactional_db):
    """The same board committed, for tests whose worker thread reads it on a connection of
    its own (and so cannot see a transaction that is never committed)."""
    _the_board_data()
