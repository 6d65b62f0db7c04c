"""Change history names each changed field as the page's form does."""

import datetime

import pytest
from django.utils import timezone

from cpboard.history import change_history, set_links
from strategy.models import Risk
from tests.factories import UserFactory
from tests.performance.factories import KpiFactory
from tests.strategy.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_a_field_named_with_capitals_keeps_them_in_the_history():
    # The risk's KPIs are linked from the KPI's side (performance.KpiRisk); set_links writes
    # the links so that their history is recorded (`risk.kpis.add()` records none).
    risk = RiskFactory()
    set_links(risk.kpis, [KpiFactory()], changed_by=None)

    entries = change_history(risk, fields=("kpis",))

    assert [change.field for entry in entries for change in entry.changes] == ["KPIs"]


def test_links_kept_by_a_higher_app_show_in_the_records_history_with_who_changed_them():
    secretary = UserFactory(first_name="Sam", last_name="Secretary")
    risk = RiskFactory()
    first, second = KpiFactory(code="KPI-A"), KpiFactory(code="KPI-B")
    set_links(risk.kpis, [first], changed_by=secretary)
    set_links(risk.kpis, [first, second], changed_by=secretary)
    set_links(risk.kpis, [second], changed_by=None)

    entries = change_history(risk, fields=("title", "kpis"))

    assert [
        (entry.who, [(change.old, change.new) for change in entry.changes])
        for entry in entries
        if entry.action == "Changed"
    ] == [
        ("System", [(f"{first}; {second}", str(second))]),
        ("Sam Secretary", [(str(first), f"{first}; {second}")]),
        ("Sam Secretary", [("(none)", str(first))]),
    ]


def test_links_saved_with_the_record_show_as_one_change():
    secretary = UserFactory()
    risk = RiskFactory(title="Old title")
    kpi = KpiFactory()
    risk.title = "New title"
    risk._history_user = secretary
    risk._history_date = timezone.now() + datetime.timedelta(seconds=1)
    risk.save()
    set_links(risk.kpis, [kpi], changed_by=secretary)

    latest = change_history(Risk.objects.get(pk=risk.pk), fields=("title", "kpis"))[0]

    assert [(change.field, change.new) for change in latest.changes] == [
        ("Title", "New title"),
        ("KPIs", str(kpi)),
    ]
