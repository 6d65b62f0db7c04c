"""Demo data: thirty-one KPIs a corporate parenting board tracks, with two years of figures.

The content is in the JSON files beside this module: kpis.json (the KPIs, their targets and
comparators, and their figures for L-8 to L, each series named once under "cohorts" where
several KPIs share it), risk_kpis.json (the risks each KPI would show materialising) and
challenges.json (the councillors' challenges about KPIs). Every row is written through
`performance.services` as the pages write it, by the person who would, and only where the
content differs from what is stored. The links from KPIs to the strategy's risks and to the
sub-groups' highlight reports, and the challenges about KPIs, are this app's to write.

Needs the demo users, groups and strategy loaded first, in that order (``cpboard.demo``,
``subgroups.demo``, ``strategy.demo``). The figures follow the Health and Wellbeing Board
paper in ``seeds/002``: children in care 467, then 503, now 481 (75 per 10,000); 23
unaccompanied asylum-seeking children, up from 2 a year earlier; initial health assessments
55% against an 80% target; review health assessments 91%; dental checks 73%; 48% in matched
long-term fostering; 16 adoptions in the year (19 the year before); care leavers 184, now 178;
4 young people in unregistered provision. The comparators (England, region, statistical
neighbours) are illustrative values of the size DfE publishes, not quoted statistics.

Which quarters, and in what state
---------------------------------
L, the latest quarter, is the last one that has ended:
``FinancialQuarter.containing(today).previous()``. Every other date follows from L, so the
demo looks current whenever it is loaded.

- L-8 to L-1, the eight quarters before L: every figure approved (annual KPIs have a figure
  in Q4 only).
- L, the quarter being collected now: an open CollectionRound, due 20 days after L ends (10
  days after ``today`` if that date has passed). About two thirds of its figures are
  approved, so L is the scorecard's latest quarter and its mix of green, amber and red is the
  story councillors see; four are submitted and wait for the performance lead's sign-off; one
  has been returned to the officer with a reason; four are not entered yet, so the officer
  owes them. Nothing is ever entered for a quarter that has not ended.
- Targets and definitions apply from the base year, the financial year before L-8. From the
  break year, the year of L-3, missing episodes are counted under a new definition (earlier
  figures keep the old ``definition_year``, so the trend shows a break) and four targets
  change. The break always falls inside the eight-quarter trend.

Each figure is entered and submitted by its KPI's owner and signed off by the demo
performance lead; the change history names them, at the dates the figures were entered and
signed off. Nothing is random: loading again with the same ``today`` changes nothing and adds
no history. Loading in a later quarter moves the window on: figures inside the new window
are rewritten to fit the story (their history names the performance lead), earlier collection
rounds are closed, and figures from quarters that fall out of the window stay as they were.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.demo import DemoDataError, Row, changes, demo_people, read, rows
from cpboard.quarters import FinancialQuarter, FinancialYear
from performance import judgement, services
from performance.benchmarks.demo import load_demo_statistics
from performance.judgement import Direction, Polarity, Rag, Unit
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from performance.services import FigureInput
from strategy.models import Risk, Strategy
from subgroups.demo import BOARD_SLUG, challenge_load
from subgroups.models import BoardGroup, HighlightReport

__all__ = ["load_demo_kpis"]

DATA = Path(__file__).parent
"""Where the demo's data files are; a test may point it at others."""

# L-8 .. L: the eight approved quarters and the one being collected.
WINDOW = 9
LATEST = WINDOW - 1

APPROVED = Measurement.Status.APPROVED
SUBMITTED = Measurement.Status.SUBMITTED
RETURNED = Measurement.Status.RETURNED
NOT_ENTERED = None
"""How a DemoKpi says the officer still owes L's figure ("not entered" in kpis.json)."""

HIGHLIGHT_REPORT_KPIS = 4
"""How many of a sub-group's KPIs its highlight reports name."""


@dataclass(frozen=True)
class DemoKpi:
    """One KPI and its figures for L-8 to L, oldest first (three yearly figures if annual).

    For a count or days, ``series`` holds the figures. For a percentage, either ``series``
    holds percentages, from which each numerator is worked out against ``denominators``, or
    ``numerators`` gives them outright, as it must for a rate."""

    code: str
    title: str
    definition: str
    reference: str
    source: str
    unit: str
    polarity: str
    group: str
    outcome: int
    actions: list[str]
    """Said after the judgement of a figure, in turn from quarter to quarter."""
    series: list = dataclasses.field(default_factory=list)
    numerators: list[int] | None = None
    denominators: list[int] | int | None = None
    latest_note: str = ""
    """The whole commentary on L's figure, where the papers say something about it."""
    target: list[str] | None = None
    """(target, amber threshold) from the base year."""
    target_from_break: list[str] | None = None
    comparators: list[list[str]] | None = None
    """(England, region, statistical neighbours) for last year and for L's year."""
    frequency: str = Kpi.Frequency.QUARTERLY
    owner: str = "officer"
    suppress_small_counts: bool = True
    latest_status: str | None = APPROVED
    """The state of L's figure; NOT_ENTERED when the officer still owes it."""
    return_reason: str = ""
    old_definition_scale: Decimal | None = None
    plain_title: str = ""
    """The title young people's pages use (settings.YOUNG_PEOPLE_KPIS have one)."""
    dfe_measure: str = ""
    """The DfE catalogue measure the KPI is compared with (How we compare)."""
    """Set on the KPI whose definition changes: earlier figures are this share of the series."""


_CHOICES = {
    "source": Kpi.Source,
    "unit": Unit,
    "polarity": Polarity,
    "frequency": Kpi.Frequency,
}


def _kpi_spec(row: Row, spec: dict, cohorts: dict) -> DemoKpi:
    """A row of kpis.json as a DemoKpi: a series given by name is the cohort's, a status of
    "not entered" is NOT_ENTERED, and an unknown field or choice is refused by name."""
    names = {field.name for field in dataclasses.fields(DemoKpi)}
    unknown = set(spec) - names
    if unknown:
        raise row.error(f"unknown field {sorted(unknown)[0]!r}")
    values = dict(spec)
    for name in ("series", "numerators", "denominators"):
        if isinstance(values.get(name), str):
            values[name] = row.find(cohorts, values[name], "cohort")
    for name, choices in _CHOICES.items():
        if name in values and values[name] not in choices.values:
            raise row.error(f"unknown {name} {values[name]!r}")
    status = values.get("latest_status", APPROVED)
    values["latest_status"] = NOT_ENTERED if status == "not entered" else status
    if values["latest_status"] not in (NOT_ENTERED, APPROVED, SUBMITTED, RETURNED):
        raise row.error(f"unknown status {status!r}")
    if values.get("old_definition_scale") is not None:
        values["old_definition_scale"] = Decimal(values["old_definition_scale"])
    try:
        return DemoKpi(**values)
    except TypeError as error:
        raise row.error(str(error)) from None


def _kpis_data() -> list[tuple[Row, DemoKpi]]:
    path = DATA / "kpis.json"
    content = read(path)
    return [
        (row, _kpi_spec(row, spec, content["cohorts"])) for row, spec in rows(path, content["kpis"])
    ]


KPIS = tuple(spec for _, spec in _kpis_data())


def load_demo_kpis(*, today: date | None = None) -> list[Kpi]:
    """Create or update the demo KPIs with their targets, comparators and figures for L-8 to
    L, and the collection round for L (see the module docstring); link the KPIs to the risks
    and highlight reports loaded already, and raise the challenges about KPIs. Returns the
    KPIs in order.

    Needs the demo users, groups and strategy (and, for the links, the demo plan and
    meetings). Running it again with the same ``today`` changes nothing and adds no
    history."""
    today = today or timezone.localdate()
    latest = FinancialQuarter.containing(today).previous()
    window = FinancialQuarter.range(latest - LATEST, latest)
    years = _Years(base=window[0].start_year - 1, definition_break=(latest - 3).start_year)
    people = demo_people("councillor", "officer", "performance")
    lead = people["performance"]
    groups = {group.slug: group for group in BoardGroup.objects.all()}
    strategy = Strategy.objects.current()
    if strategy is None:
        raise DemoDataError(DATA / "kpis.json", None, "load the demo strategy first")
    outcomes = {outcome.number: outcome for outcome in strategy.outcomes.all()}

    with transaction.atomic():
        specs = _kpis_data()
        stored = {kpi.code: kpi for kpi in Kpi.objects.all()}
        targets = {(t.kpi_id, t.applies_from): t for t in Target.objects.all()}
        comparators = {(c.kpi_id, c.year, c.kind): c for c in Comparator.objects.all()}
        kpis = []
        for row, spec in specs:
            kpi = _load_kpi(
                row,
                spec,
                stored.get(spec.code),
                groups=groups,
                outcomes=outcomes,
                people=people,
                years=years,
            )
            _load_targets(kpi, spec, years, stored=targets, lead=lead)
            _load_comparators(kpi, spec, latest, stored=comparators, lead=lead)
            kpis.append(kpi)
        existing = {
            (m.kpi_id, m.quarter): m
            for m in Measurement.objects.filter(kpi__in=kpis, quarter__in=window)
        }
        for position, (kpi, (_, spec)) in enumerate(zip(kpis, specs, strict=True)):
            for figure in _figures(spec, window, years):
                _load_measurement(
                    kpi,
                    figure,
                    existing=existing.get((kpi.pk, figure.quarter)),
                    timing=_timing(figure.quarter, spread=position, today=today),
                    officer=people[spec.owner],
                    lead=lead,
                    today=today,
                )
        _load_collection_round(latest, today=today, lead=lead)
        # After the figures: a risk is flagged by the red figures it would have seen, which
        # load_demo_everything asks for once they are all approved.
        _link_risks(kpis)
        _link_highlight_reports(kpis)
        _challenges(kpis, groups, today=today, people=people)
        # DfE's published figures the linked KPIs are compared with (How we compare).
        load_demo_statistics()
    return kpis


@dataclass(frozen=True)
class _Years:
    base: int
    """Targets and definitions apply from this year."""
    definition_break: int
    """Missing episodes follow the new definition, and four targets change, from this year."""


@dataclass(frozen=True)
class _Figure:
    quarter: FinancialQuarter
    value: Decimal
    numerator: int | None
    denominator: int | None
    definition_year: int
    status: str
    commentary: str
    return_reason: str


@dataclass(frozen=True)
class _Timing:
    entered_at: datetime
    submitted_at: datetime
    signed_off_at: datetime


def _figures(spec: DemoKpi, window: list[FinancialQuarter], years: _Years) -> list[_Figure]:
    """The KPI's figures in the window, oldest first, each with its commentary."""
    latest = window[-1]
    annual = spec.frequency == Kpi.Frequency.ANNUAL
    quarters = [quarter for quarter in window if quarter.number == 4] if annual else window
    length = len(spec.numerators or spec.series)
    if length != (3 if annual else WINDOW):
        raise ValueError(f"{spec.code} has {length} figures.")
    figures: list[_Figure] = []
    for place, quarter in enumerate(quarters, start=length - len(quarters)):
        status = spec.latest_status if quarter == latest else APPROVED
        if status is NOT_ENTERED:
            continue
        numerator, denominator, value = _numbers(spec, place)
        definition_year = years.base
        if spec.old_definition_scale:
            definition_year = years.definition_break
            if quarter.start_year < years.definition_break:
                definition_year = years.base
                value = (value * spec.old_definition_scale).quantize(Decimal(1), ROUND_HALF_UP)
        figures.append(
            _Figure(
                quarter=quarter,
                value=value,
                numerator=numerator,
                denominator=denominator,
                definition_year=definition_year,
                status=status,
                commentary=_commentary(
                    spec,
                    quarter=quarter,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    definition_year=definition_year,
                    previous=figures[-1] if figures else None,
                    years=years,
                    is_latest=quarter == latest,
                ),
                return_reason=spec.return_reason if status == RETURNED else "",
            )
        )
    return figures


def _numbers(spec: DemoKpi, place: int) -> tuple[int | None, int | None, Decimal]:
    """The numerator, denominator and value of the figure at ``place`` in the series."""
    if spec.denominators is None:
        return None, None, Decimal(spec.series[place])
    if isinstance(spec.denominators, int):
        denominator = spec.denominators
    else:
        denominator = spec.denominators[place]
    if spec.numerators is not None:
        numerator = spec.numerators[place]
    else:
        share = Decimal(str(spec.series[place])) * denominator / 100
        numerator = int(share.quantize(Decimal(1), ROUND_HALF_UP))
    return numerator, denominator, judgement.compute_value(spec.unit, numerator, denominator)


def _commentary(
    spec: DemoKpi,
    *,
    quarter: FinancialQuarter,
    value: Decimal,
    numerator: int | None,
    denominator: int | None,
    definition_year: int,
    previous: _Figure | None,
    years: _Years,
    is_latest: bool,
) -> str:
    """One or two sentences in the tone of the board's papers: how the figure stands against
    its target and last time, then what is being done."""
    if is_latest and spec.latest_note:
        return spec.latest_note
    # Counted from a fixed quarter, so a quarter keeps its words when the window moves on.
    turn = (quarter - FinancialQuarter(2000, 1)) % len(spec.actions)
    action = spec.actions[turn].format(numerator=numerator, denominator=denominator)
    if previous is not None and previous.definition_year != definition_year:
        return (
            f"Counted under the {FinancialYear(definition_year)} definition from this quarter, "
            "which adds episodes reported by other councils for children placed in their "
            f"area, so the figure cannot be compared with earlier quarters. {action}"
        )
    previous_value = previous.value if previous else None
    since = "last year" if spec.frequency == Kpi.Frequency.ANNUAL else "last quarter"

    if spec.polarity == Polarity.CONTEXT:
        shown = judgement.format_value(value, spec.unit)
        moved = judgement.movement(value, previous_value)
        if moved is None:
            return f"{shown} at the end of the quarter. {action}"
        if moved == "same":
            return f"{shown} at the end of the quarter, the same as {since}. {action}"
        was = judgement.format_value(previous_value, spec.unit)
        return f"{shown} at the end of the quarter, {moved} from {was}. {action}"

    target, amber_threshold = spec.target
    if spec.target_from_break and quarter.start_year >= years.definition_break:
        target, amber_threshold = spec.target_from_break
    rating = judgement.rag(
        value,
        polarity=spec.polarity,
        target=Decimal(target),
        amber_threshold=Decimal(amber_threshold),
    )
    shown_target = judgement.format_value(Decimal(target), spec.unit)
    if rating == Rag.GREEN:
        situation = f"Performance meets the target of {shown_target}"
    elif rating == Rag.AMBER:
        situation = f"Performance is close to the target of {shown_target}"
    elif spec.polarity == Polarity.HIGHER:
        situation = f"Performance is below the target of {shown_target}"
    else:
        situation = f"Performance is worse than the target of {shown_target}"
    trend = judgement.direction(value, previous_value, polarity=spec.polarity)
    if trend == Direction.IMPROVED:
        situation += f" and has improved since {since}"
    elif trend == Direction.WORSENED:
        situation += f" {'but' if rating == Rag.GREEN else 'and'} has slipped since {since}"
    elif trend == Direction.UNCHANGED:
        situation += f" and is unchanged since {since}"
    return f"{situation}. {action}"


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _timing(quarter: FinancialQuarter, *, spread: int, today: date) -> _Timing:
    """When a figure was entered, submitted and signed off: one to two weeks after the quarter
    ended, never after ``today``. ``spread`` staggers the KPIs over the days and hours."""
    entered_on = min(quarter.end + timedelta(days=7 + spread % 7), today)
    signed_off_on = min(entered_on + timedelta(days=2 + spread % 3), today)
    entered_at = _at(entered_on, 9, spread % 60)
    return _Timing(
        entered_at=entered_at,
        submitted_at=entered_at + timedelta(hours=1, minutes=30),
        signed_off_at=_at(signed_off_on, 15, spread % 60),
    )


def _load_kpi(
    row: Row,
    spec: DemoKpi,
    kpi: Kpi | None,
    *,
    groups: dict,
    outcomes: dict,
    people: dict,
    years: _Years,
) -> Kpi:
    """The KPI, added or brought up to date by the performance lead."""
    values = {
        "title": spec.title,
        "plain_title": spec.plain_title,
        "definition": spec.definition,
        "definition_reference": spec.reference,
        "source": spec.source,
        "definition_year": years.definition_break if spec.old_definition_scale else years.base,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "frequency": spec.frequency,
        "owner": row.find(people, spec.owner, "owner"),
        "subgroup": row.find(groups, spec.group, "group"),
        "outcome": row.find(outcomes, spec.outcome, "outcome"),
        "suppress_small_counts": spec.suppress_small_counts,
        "is_active": True,
        "dfe_measure": spec.dfe_measure,
    }
    lead = people["performance"]
    try:
        if kpi is None:
            return services.kpi_create(user=lead, code=spec.code, **values)
        if changed := changes(kpi, values):
            return services.kpi_update(kpi=kpi, user=lead, **changed)
    except ValidationError as error:
        raise row.error("; ".join(error.messages)) from None
    return kpi


def _load_targets(kpi: Kpi, spec: DemoKpi, years: _Years, *, stored: dict, lead) -> None:
    rows = []
    if spec.target:
        rows.append((years.base, spec.target))
    if spec.target_from_break:
        rows.append((years.definition_break, spec.target_from_break))
    for applies_from, (target, amber_threshold) in rows:
        values = {"target": Decimal(target), "amber_threshold": Decimal(amber_threshold)}
        record = stored.get((kpi.pk, applies_from))
        if record is None or changes(record, values):
            # Target.clean checks that the amber threshold is on the right side.
            services.target_set(kpi=kpi, applies_from=applies_from, user=lead, **values)


def _load_comparators(
    kpi: Kpi, spec: DemoKpi, latest: FinancialQuarter, *, stored: dict, lead
) -> None:
    if not spec.comparators:
        return
    # A year is compared with the latest figures published by then: the year before's.
    for year, published in zip(
        (latest.start_year - 1, latest.start_year), spec.comparators, strict=True
    ):
        for kind, value in zip(Comparator.Kind.values, published, strict=True):
            values = {"value": Decimal(value), "published_for": str(FinancialYear(year - 1))}
            record = stored.get((kpi.pk, year, kind))
            if record is None or changes(record, values):
                services.comparator_set(kpi=kpi, kind=kind, year=year, user=lead, **values)


def _load_measurement(
    kpi: Kpi,
    figure: _Figure,
    *,
    existing: Measurement | None,
    timing: _Timing,
    officer,
    lead,
    today: date,
) -> None:
    """Record a figure as its owner entered and submitted it and the performance lead signed
    it off or returned it, through the services the entry and sign-off pages use, so that
    its history names each of them at the time they acted. A stored figure that differs is
    reopened if it was approved, entered again and signed off again."""
    entered = {
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "commentary": figure.commentary,
        "definition_year": figure.definition_year,
        "entered_by": officer,
    }
    measurement = existing
    same_figure = existing is not None and not changes(existing, entered)
    if (
        same_figure
        and existing.status == figure.status
        and existing.return_reason == figure.return_reason
    ):
        return
    if existing is not None and existing.status == APPROVED:
        measurement = services.measurement_reopen(
            measurement=existing, user=lead, reason="The demo's figures moved on a quarter."
        )
    if not same_figure or measurement.status != SUBMITTED:
        (measurement,) = services.measurements_save(
            quarter=figure.quarter,
            figures=[
                FigureInput(
                    kpi=kpi,
                    value=None if figure.denominator else figure.value,
                    numerator=figure.numerator,
                    denominator=figure.denominator,
                    commentary=figure.commentary,
                    version=measurement.version if measurement else None,
                    definition_year=figure.definition_year,
                )
            ],
            user=officer,
            submit=True,
            today=today,
            now=timing.submitted_at,
        )
    if figure.status == APPROVED:
        services.measurement_approve(measurement=measurement, user=lead, now=timing.signed_off_at)
    elif figure.status == RETURNED:
        services.measurement_return(
            measurement=measurement,
            user=lead,
            reason=figure.return_reason,
            now=timing.signed_off_at,
        )


def _load_collection_round(latest: FinancialQuarter, *, today: date, lead) -> None:
    due_on = latest.end + timedelta(days=20)
    if due_on < today:
        due_on = today + timedelta(days=10)
    # Loaded again in a later quarter, the demo has approved every figure of earlier rounds.
    for earlier in CollectionRound.objects.filter(quarter__lt=latest, is_open=True):
        services.collection_round_update(collection_round=earlier, user=lead, is_open=False)
    current = CollectionRound.objects.filter(quarter=latest).first()
    if current is None:
        services.collection_round_open(quarter=latest, due_on=due_on, user=lead, today=today)
    elif changed := changes(current, {"due_on": due_on, "is_open": True}):
        services.collection_round_update(collection_round=current, user=lead, **changed)


def _link_risks(kpis: list[Kpi]) -> None:
    """Each risk watches the KPIs that would show it materialising (risk_kpis.json). The
    link belongs to performance; without the demo plan there is no risk to link."""
    path = DATA / "risk_kpis.json"
    content = read(path)
    risks = {risk.reference: risk for risk in Risk.objects.prefetch_related("kpis")}
    if not risks:
        return
    by_code = {kpi.code: kpi for kpi in kpis}
    for number, (reference, codes) in enumerate(content.items(), start=1):
        row = Row(path, number)
        risk = row.find(risks, reference, "risk")
        wanted = {row.find(by_code, code, "KPI").pk for code in codes}
        if {kpi.pk for kpi in risk.kpis.all()} != wanted:
            risk.kpis.set(wanted)


def _link_highlight_reports(kpis: list[Kpi]) -> None:
    """A sub-group's highlight reports name the first few of the KPIs it leads on."""
    by_group: dict[int, list[int]] = {}
    for kpi in Kpi.objects.filter(pk__in=[kpi.pk for kpi in kpis]):
        by_group.setdefault(kpi.subgroup_id, []).append(kpi.pk)
    for report in HighlightReport.objects.prefetch_related("kpis"):
        wanted = set(by_group.get(report.group_id, [])[:HIGHLIGHT_REPORT_KPIS])
        if {kpi.pk for kpi in report.kpis.all()} != wanted:
            report.kpis.set(wanted)


def _challenges(kpis: list[Kpi], groups: dict, *, today: date, people: dict) -> None:
    """The councillors' challenges about KPIs (challenges.json), raised at the Board."""
    path = DATA / "challenges.json"
    board = groups.get(BOARD_SLUG)
    if board is None:
        raise DemoDataError(path, None, f"the Board {BOARD_SLUG!r} is not loaded")
    by_code = {kpi.code: kpi for kpi in kpis}
    for row, spec in rows(path):
        subject = row.find(by_code, spec["kpi"], "KPI")
        challenge_load(row, spec, subject=subject, board=board, today=today, users=people)
