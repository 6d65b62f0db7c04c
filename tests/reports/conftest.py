"""Fixtures of the reports tests: the demo board's data, and report files kept in a
temporary folder."""

import datetime

import pytest

from cpboard.demo import load_demo_users
from performance.demo import load_demo_kpis
from strategy.demo import load_demo_plan, load_demo_strategy
from subgroups.demo import load_demo_groups, load_demo_meetings

# The demo's dates follow "today"; fixing it keeps the figures the tests read the same.
DEMO_TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    """Compiled PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def board_data(db):
    """The demo board without its demo reports: groups, strategy and plan, KPIs with two
    years of figures, meetings, highlight reports and "You said, we did"."""
    load_demo_users()
    load_demo_groups()
    load_demo_strategy()
    load_demo_kpis(today=DEMO_TODAY)
    load_demo_plan(today=DEMO_TODAY)
    load_demo_meetings(today=DEMO_TODAY)
