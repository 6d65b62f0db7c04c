"""The daily reminder to officers who still owe figures for an open quarter."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import CollectionRound, Kpi, Measurement
from performance.services import figure_reminders_send
from performance.tasks import send_figure_reminders
from tests.factories import SubgroupFactory

pytestmark = pytest.mark.django_db

Q3 = FinancialQuarter.parse("2024-25 Q3")


@pytest.fixture
def setting(make_user):
    owing = make_user(roles.OFFICER, email="owing@example.org")
    done = make_user(roles.OFFICER, email="done@example.org")
    group = SubgroupFactory()
    kpis = {}
    for code, owner in (("CLA-DENTAL", owing), ("CLA-SDQ", owing), ("CL-NEET", done)):
        kpis[code] = Kpi.objects.create(
            code=code,
            title=code,
            definition="x",
            definition_year=2024,
            unit="count",
            polarity="lower",
            subgroup=group,
            owner=owner,
        )
    Measurement.objects.create(
        kpi=kpis["CL-NEET"],
        quarter=Q3,
        value=Decimal(3),
        definition_year=2024,
        status="submitted",
    )
    Measurement.objects.create(
        kpi=kpis["CLA-SDQ"], quarter=Q3, value=Decimal(3), definition_year=2024, status="draft"
    )
    CollectionRound.objects.create(quarter=Q3, due_on=date(2025, 1, 20), reminder_days=5)
    return owing


def test_officers_owing_figures_are_reminded_on_the_reminder_day(setting):
    sent = figure_reminders_send(today=date(2025, 1, 15))

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["owing@example.org"]
    assert "Figures for 2024-25 Q3 are due by 20 January 2025" in message.subject
    assert "CLA-DENTAL" in message.body
    assert "CLA-SDQ" in message.body  # a draft is still owed
    assert "CL-NEET" not in message.body
    assert "/performance/entry/" in message.body


def test_no_reminder_before_the_reminder_day(setting):
    assert figure_reminders_send(today=date(2025, 1, 14)) == 0
    assert mail.outbox == []


def test_reminders_go_once_however_often_the_job_runs(setting):
    figure_reminders_send(today=date(2025, 1, 15))
    figure_reminders_send(today=date(2025, 1, 16))

    assert len(mail.outbox) == 1


def test_the_beat_task_sends_through_the_same_service(setting, settings):
    assert "remind-officers-of-figures-due" in settings.CELERY_BEAT_SCHEDULE
    result = send_figure_reminders.apply()

    assert result.successful()
