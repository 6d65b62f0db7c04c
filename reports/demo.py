"""Demo reports: the published annual report and young people's summary for the last full
financial year, and a draft board pack for the latest quarter.

The narrative follows the shape and tone of a report to Council (seeds/000) for the fictional
Wealdbridge Borough Council. Compiling runs in-process; a report already published is left as
it is, so loading again compiles nothing and adds no history.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cpboard.demo import load_demo_users
from cpboard.quarters import FinancialQuarter, FinancialYear
from performance.demo import load_demo_kpis
from performance.models import Kpi
from performance.services import risks_flag_when_kpi_red
from reports import services
from reports.models import Report
from strategy.demo import load_demo_plan, load_demo_strategy
from strategy.models import Strategy
from subgroups.demo import load_demo_groups, load_demo_meetings
from subgroups.models import BoardGroup

ANNUAL_NARRATIVE = {
    "summary": (
        "The Corporate Parenting Board Annual Report summarises the work of the Board over "
        "{year}, sets out progress against the Corporate Parenting Strategy and the priorities "
        "for {next_year}."
    ),
    "recommendation": (
        "The Council is asked to note the progress made against the Corporate Parenting "
        "Strategy as set out in this report, and to support the Board's priorities for "
        "{next_year}."
    ),
    "budget-policy": (
        "The Children and Social Work Act 2017 set out in law, for the first time, the "
        "responsibility of corporate parents to ensure, as far as possible, secure, nurturing "
        "and positive experiences for children in our care and care leavers. The Council must "
        "have regard to the seven corporate parenting principles whenever it exercises a "
        "function in relation to them.\n\nThe strategy supports the Council Plan priority "
        '"Giving every child in Wealdbridge the best start" and is consistent with the '
        "Children and Young People's Plan."
    ),
    "background": (
        "The Board meets quarterly and is chaired by the Lead Member for Children's Services. "
        "Six sub-groups report into it, each led by a senior officer with an elected member "
        "as champion. Representatives of the Wealdbridge Children in Care Council attend each "
        "meeting, share their news and challenge the Board's work plan.\n\nThis year the Board "
        "moved its performance reporting onto the portal, so that members see the same "
        "approved figures in their dashboards as in this report."
    ),
    "vision": (
        "Our vision is that every child in our care and every care leaver has the same chances "
        "as any other young person in Wealdbridge: a stable home, good health, an education "
        "that lets them achieve their potential and someone who stays in their life. The "
        "progress against each of the strategy's eight outcomes and the seven principles is "
        "set out below."
    ),
    "governance": (
        "Progress on the strategy is overseen by the Board, supported by the Children's "
        "Services Management Team. Key measures are also reported quarterly through the "
        "Council Plan, and this annual report goes to Council and to the Children and Young "
        "People Overview and Scrutiny Committee."
    ),
    "performance": (
        "The number of children in care rose during the year, largely because Wealdbridge now "
        "receives unaccompanied asylum-seeking children through the National Transfer Scheme. "
        "Placement stability remains close to the national and regional picture. Initial "
        "health assessments within 20 working days remain below target and are the Board's "
        "main health concern; review health assessments and dental checks are stronger.\n\n"
        "The year-end figures, against target and against England, the region and our "
        "statistical neighbours, follow, with the trend for each measure."
    ),
    "risk-management": (
        "The main risks to delivering the strategy are the sufficiency of local homes for "
        "children in care and the recruitment and retention of social workers. Each risk is "
        "rated by likelihood (A very likely to D rare) and impact (I catastrophic to IV "
        "minor); the register and the movement of each risk over the year follow."
    ),
    "consultation": (
        "Young people in care and care leavers were consulted on progress and on the refreshed "
        "priorities through the Children in Care Council and the advocacy service. What they "
        'told the Board, and what it did in response, is set out under "You said, we did".'
    ),
    "climate-change": "There are no implications as a direct result of this report.",
    "financial": "There are no implications as a direct result of this report.",
    "legal": "There are no implications as a direct result of this report.",
    "priorities": (
        "In {next_year} the Board will focus on timely initial health assessments, more foster "
        "homes within the borough, and making care experience a protected characteristic in "
        "Wealdbridge. It will keep translating what young people tell it into actions that "
        "make a difference they can see."
    ),
    "lead-officer": (
        "Amira Begum, Corporate Parenting Board Secretary, Wealdbridge Borough Council, "
        "corporate.parenting@wealdbridge.example"
    ),
    "appendices": "None.",
}

YOUNG_PEOPLE_NARRATIVE = {
    "introduction": (
        "The Corporate Parenting Board is a group of councillors, council staff, health "
        "services and young people. Its job is to make sure the council looks after children "
        "in care and care leavers as a good parent would.\n\nThis summary tells you how "
        "children in care in Wealdbridge were doing in {year}, what the Board did, and what it "
        "changed because of what you told us."
    ),
    "what-next": (
        "Next year the Board wants more children to have their first health check on time, "
        "more foster homes close to where children already live, and care experience to be "
        "treated fairly across the council. Tell your Children in Care Council "
        "representative what you think."
    ),
}

PACK_NARRATIVE = {
    "chair-introduction": (
        "Welcome to this quarter's Board pack. The scorecard shows the exceptions first: "
        "please read the commentary on initial health assessments before the meeting, as the "
        "health sub-group will ask the Board to support its recovery plan."
    ),
    "notes": "",
}


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
    quarter. Needs the demo users and the other apps' demo data. Idempotent."""
    today = today or timezone.localdate()
    secretary = get_user_model().objects.get(username="secretary")
    year = FinancialYear.containing(today).previous()
    quarter = FinancialQuarter.containing(today).previous()
    annual = _ensure(
        kind=Report.Kind.ANNUAL,
        audience=Report.Audience.PUBLIC,
        narrative=_fill(ANNUAL_NARRATIVE, year),
        secretary=secretary,
        year=year.start_year,
    )
    summary = _ensure(
        kind=Report.Kind.YOUNG_PEOPLE,
        audience=Report.Audience.PUBLIC,
        narrative=_fill(YOUNG_PEOPLE_NARRATIVE, year),
        secretary=secretary,
        year=year.start_year,
    )
    pack = _ensure(
        kind=Report.Kind.BOARD_PACK,
        audience=Report.Audience.BOARD,
        narrative=PACK_NARRATIVE,
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
    """Risks newly flagged because a KPI they watch is red."""
    meetings: dict[str, int]
    reports: list[Report]


def load_demo_everything() -> DemoLoaded:
    """The whole demo, as `manage.py load_demo` (and so `make run`) loads it: the users, the
    Board and its sub-groups, the strategy, the KPIs, the action plan and risk register, the
    risks red KPIs flag, the meetings, and then the reports compiled from all of it.
    Idempotent."""
    with transaction.atomic():
        load_demo_users()
        groups = load_demo_groups()
        strategy = load_demo_strategy()
        kpis = load_demo_kpis()
        plan = load_demo_plan()
        flagged = sum(risks_flag_when_kpi_red(kpi) for kpi in kpis)
        meetings = load_demo_meetings()
    # After the data is saved: the reports are compiled from it.
    reports = load_demo_reports()
    return DemoLoaded(groups, strategy, kpis, plan, flagged, meetings, reports)
