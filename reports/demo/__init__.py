"""Demo reports: the published annual report and young people's summary for the last full
financial year, and a draft board pack for the latest quarter.

The narrative follows the shape and tone of a report to Council (seeds/000) for the fictional
Wealdbridge Borough Council. Compiling runs in-process; a report already published is left as
it is, so loading again compiles nothing and adds no history.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from cpboard.demo import demo_people, load_demo_users, read
from cpboard.quarters import FinancialQuarter, FinancialYear
from performance.demo import load_demo_kpis
from performance.models import Kpi
from performance.services import risks_flag_when_kpi_red
from performance.ssda903.demo import load_demo_ssda903
from reports import agenda_packs, services
from reports.models import AgendaPack, AgendaPackVersion, Report
from strategy.demo import load_demo_plan, load_demo_strategy
from strategy.models import Risk, Strategy
from subgroups.demo import load_demo_groups, load_demo_meetings
from subgroups.models import BoardGroup, Challenge, Meeting
from voice.demo import load_demo_voice

DATA = Path(__file__).parent

demo_loading = Signal()
"""load_demo_everything is starting. Sent with ``today`` (a date, or None for the real
today)."""

demo_loaded = Signal()
"""load_demo_everything has ended. Sent with ``today`` and ``complete`` (False when loading
failed), for higher apps to load their own demo rows."""
"""Where the demo's data files are: narratives.json holds each report's sections."""


def _fill(narrative: dict, year: FinancialYear) -> dict:
    names = {"year": str(year), "next_year": str(year.next())}
    return {key: text.format(**names) for key, text in narrative.items()}


def _ensure(*, kind: str, audience: str, narrative: dict, secretary, **period) -> Report:
    report = Report.objects.filter(kind=kind, audience=audience, **period).first()
    if report is None:
        report = services.report_create(
            kind=kind, audience=audience, narrative=narrative, created_by=secretary, **period
        )
    return report


def _compile_and_publish(report: Report, secretary) -> None:
    """Compile in this process and publish, unless a file has been published already."""
    if report.published_file_id is not None:
        return
    report = services.report_compile_request(report=report, requested_by=secretary, queue=False)
    services.report_compile(report_id=report.pk, run_token=report.run_token)
    report.refresh_from_db()
    if report.status == Report.Status.READY:
        services.report_publish(report=report, published_by=secretary)


def load_demo_reports(*, today: date | None = None) -> list[Report]:
    """Create, compile and publish the annual report (public) and the young people's summary
    for the last full financial year, and create a draft board-only pack for the latest
    quarter, with the narratives of narratives.json. Needs the demo users and the other
    apps' demo data. Idempotent."""
    today = today or timezone.localdate()
    secretary = demo_people("secretary")["secretary"]
    narratives = read(DATA / "narratives.json")
    year = FinancialYear.containing(today).previous()
    quarter = FinancialQuarter.containing(today).previous()
    annual = _ensure(
        kind=Report.Kind.ANNUAL,
        audience=Report.Audience.PUBLIC,
        narrative=_fill(narratives["annual"], year),
        secretary=secretary,
        year=year.start_year,
    )
    summary = _ensure(
        kind=Report.Kind.YOUNG_PEOPLE,
        audience=Report.Audience.PUBLIC,
        narrative=_fill(narratives["young_people"], year),
        secretary=secretary,
        year=year.start_year,
    )
    pack = _ensure(
        kind=Report.Kind.BOARD_PACK,
        audience=Report.Audience.BOARD,
        narrative=narratives["board_pack"],
        secretary=secretary,
        quarter=quarter,
    )
    for report in (annual, summary):
        _compile_and_publish(report, secretary)
    loaded = Report.objects.in_bulk([annual.pk, summary.pk, pack.pk])
    return [loaded[annual.pk], loaded[summary.pk], loaded[pack.pk]]


@dataclass(frozen=True)
class DemoLoaded:
    """What load_demo_everything loaded, for the command's summary."""

    groups: list[BoardGroup]
    strategy: Strategy
    kpis: list[Kpi]
    plan: dict[str, int]
    flagged: int
    """Risks flagged for re-rating because a KPI they watch is red."""
    meetings: dict[str, int]
    reports: list[Report]
    voice: dict[str, int] = dataclasses.field(default_factory=dict)
    """Young people's messages, Bright Spots surveys and celebrations (voice.demo)."""


def load_demo_data(*, today: date | None = None) -> DemoLoaded:
    """The demo's data, each app's loaded by its own loader down the apps' order (each
    higher app links its rows to the lower apps'), without the compiled reports: the users,
    the Board and its sub-groups with their meetings, the strategy and its plan and risk
    register, the KPIs with their figures, and the risks that red KPIs flag. Idempotent."""
    with transaction.atomic():
        load_demo_users()
        groups = load_demo_groups()
        meetings = load_demo_meetings(today=today)
        strategy = load_demo_strategy()
        plan = load_demo_plan(today=today)
        kpis = load_demo_kpis(today=today)
        # The latest quarter's SSDA903 return, whose counts are those KPIs' figures.
        load_demo_ssda903(today=today)
        for kpi in kpis:
            risks_flag_when_kpi_red(kpi)
        voice = load_demo_voice(today=today)
    meetings["challenges"] = Challenge.objects.count()
    flagged = Risk.objects.open().filter(rerating_flagged_on__isnull=False).count()
    return DemoLoaded(groups, strategy, kpis, plan, flagged, meetings, [], voice)


def load_demo_everything(*, today: date | None = None) -> DemoLoaded:
    """The whole demo, as `manage.py load_demo` (and so `make run`) loads it: the data of
    every app (load_demo_data), then the reports compiled from it. Idempotent."""
    # Higher apps (alerts) hear when the demo starts and ends loading: the demo's events are
    # history, not news to e-mail, and their own demo rows come once the rest is there.
    demo_loading.send(sender=DemoLoaded, today=today)
    complete = False
    try:
        demo = load_demo_data(today=today)
        # After the data is saved: the reports are compiled from it.
        demo = dataclasses.replace(demo, reports=load_demo_reports(today=today))
        load_demo_agenda_pack(today=today)
        complete = True
    finally:
        demo_loaded.send(sender=DemoLoaded, today=today, complete=complete)
    return demo


def load_demo_agenda_pack(*, today: date | None = None) -> AgendaPackVersion | None:
    """Send the agenda pack of the next Board meeting (compiled in this process), with the
    papers the subgroups demo gave its items; returns its latest version. A pack already
    sent is left as it is, so loading again compiles nothing."""
    today = today or timezone.localdate()
    secretary = demo_people("secretary")["secretary"]
    meeting = (
        Meeting.objects.filter(
            group=BoardGroup.objects.board(),
            status=Meeting.Status.PLANNED,
            starts_at__date__gte=today,
        )
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    pack = AgendaPack.objects.filter(meeting=meeting).first()
    if pack is None or not pack.versions.exists():
        pack = agenda_packs.agenda_pack_send(meeting=meeting, requested_by=secretary, queue=False)
        agenda_packs.agenda_pack_compile(pack_id=pack.pk, run_token=pack.run_token)
    return pack.versions.order_by("-version").first()
