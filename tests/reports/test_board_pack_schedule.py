"""The beat task: a draft board pack compiled on the first working day after a quarter."""

import datetime

import pytest
from django.conf import settings

from cpboard.quarters import FinancialQuarter
from reports.models import Report
from reports.services import bank_holidays, board_pack_compile_due, first_working_day_after
from reports.tasks import compile_due_board_pack


@pytest.mark.parametrize(
    ("quarter_end", "working_day"),
    [
        (datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)),  # a Tuesday
        (datetime.date(2025, 9, 30), datetime.date(2025, 10, 1)),
        (datetime.date(2023, 9, 30), datetime.date(2023, 10, 2)),  # Sunday 1st: Monday
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 2)),  # New Year's Day
        (datetime.date(2022, 12, 31), datetime.date(2023, 1, 3)),  # its substitute Monday
        (datetime.date(2024, 3, 31), datetime.date(2024, 4, 2)),  # Easter Monday
    ],
)
def test_the_first_working_day_skips_weekends_and_bank_holidays(quarter_end, working_day):
    assert first_working_day_after(quarter_end) == working_day


def test_bank_holidays_are_englands_with_substitute_and_one_off_days():
    days = bank_holidays(2022)

    assert datetime.date(2022, 12, 27) in days  # Boxing Day's substitute (Christmas: the 26th)
    assert datetime.date(2022, 9, 19) in days  # the State Funeral of Queen Elizabeth II
    assert datetime.date(2022, 8, 1) not in days  # Scotland's summer holiday, not England's


def test_beat_runs_the_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["compile-board-pack-after-quarter-end"]

    assert entry["task"] == compile_due_board_pack.name


@pytest.mark.django_db
def test_it_creates_and_compiles_the_pack_once(
    board_data, django_capture_on_commit_callbacks, tasks_in_process
):
    day = datetime.date(2026, 10, 1)

    with django_capture_on_commit_callbacks(execute=True):
        report = board_pack_compile_due(today=day)
    with django_capture_on_commit_callbacks(execute=True):
        again = board_pack_compile_due(today=day)

    assert report.quarter == FinancialQuarter.parse("2026-27 Q2")
    assert again is None
    pack = Report.objects.get()
    assert (pack.audience, pack.status) == ("board", "ready")
    assert pack.files.count() == 1


@pytest.mark.django_db
def test_it_does_nothing_on_other_days(board_data):
    assert board_pack_compile_due(today=datetime.date(2026, 10, 2)) is None
    assert not Report.objects.exists()
