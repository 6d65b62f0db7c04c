"""Reads of KPIs and their figures, shaped for the scorecard, the KPI page and reports.

Councillors and reports see approved figures only; the people who enter and sign off figures
also see drafts where a page says so. Every function here runs a fixed number of queries,
whatever the number of KPIs and quarters.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max, Q, QuerySet

from cpboard.quarters import FinancialQuarter
from performance import judgement
from performance.benchmarks.selectors import Comparison, comparisons_for, last_q4
from performance.judgement import Direction, Rag
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from subgroups.models import BoardGroup

TREND_QUARTERS = 8


class TargetRow(NamedTuple):
    """A target as the scorecard reads it (the fields of Target it needs)."""

    applies_from: int
    target: Decimal | None
    amber_threshold: Decimal | None


class PublishedFigure(NamedTuple):
    """A comparator as the scorecard reads it (the fields of Comparator it needs)."""

    kind: str
    value: Decimal
    published_for: str
    year: int


@dataclass(frozen=True)
class YearTarget:
    target: Decimal | None
    amber_threshold: Decimal | None


def target_for(targets: list[Target] | list[TargetRow], quarter: FinancialQuarter) -> YearTarget:
    """The target in force in `quarter`: the latest one applying from its year or before.
    `targets` must be one KPI's targets in `applies_from` order."""
    current = None
    for target in targets:
        if target.applies_from <= quarter.start_year:
            current = target
    if current is None:
        return YearTarget(None, None)
    return YearTarget(current.target, current.amber_threshold)


def comparator_for(published: list[Comparator], quarter: FinancialQuarter) -> Decimal | None:
    """The comparator value used for `quarter`: the latest published for its year or before,
    as the scorecard uses it. `published` is one KPI's comparators of one kind, by year."""
    value = None
    for comparator in published:
        if comparator.year <= quarter.start_year:
            value = comparator.value
    return value


@dataclass
class ScorecardRow:
    kpi: Kpi
    quarter: FinancialQuarter
    figure: Measurement | None
    previous: Measurement | None
    target: YearTarget
    rag: Rag | None
    direction: Direction | None
    trend: list[Decimal | None]
    """Approved values for the last TREND_QUARTERS quarters, oldest first; None for gaps."""
    comparators: dict[str, PublishedFigure] = field(default_factory=dict)
    trend_denominators: list[int | None] = field(default_factory=list)
    """The denominators of `trend`'s figures (None for a count or a gap), so a public report
    can hide a share of fewer than five children."""
    benchmark: Comparison | None = None
    """How we compare, for a KPI linked to a DfE measure: replaces `comparators`."""

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure else None

    @property
    def worsened(self) -> bool:
        """Worse than the quarter before. Only a KPI with a polarity can get worse: a context
        measure (children in care) has no better or worse, and a KPI with no target yet still
        can; `judgement.direction` decides."""
        return self.direction == Direction.WORSENED

    @property
    def is_exception(self) -> bool:
        """Off target or worse than last quarter: what a board pack reports by exception."""
        return self.rag == Rag.RED or self.worsened

    @property
    def small_cohort_note(self) -> str | None:
        if self.figure is None:
            return None
        return judgement.small_cohort_note(self.kpi.unit, self.figure.denominator)

    def comparison(self, kind: str) -> judgement.Comparison | None:
        comparator = self.comparators.get(kind)
        if comparator is None:
            return None
        return judgement.compare(self.value, comparator.value, polarity=self.kpi.polarity)


def latest_approved_quarter() -> FinancialQuarter | None:
    """The latest quarter with at least one approved figure (one query)."""
    return Measurement.objects.approved().aggregate(latest=Max("quarter"))["latest"]


def approved_quarters() -> list[FinancialQuarter]:
    """Every quarter with an approved figure, newest first (one query)."""
    return list(
        Measurement.objects.approved()
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .distinct()
    )


class _TrendPoint(NamedTuple):
    value: Decimal
    denominator: int | None


@dataclass
class _ScorecardData:
    """What the scorecard reads for a set of KPIs and a quarter, by KPI id."""

    figures: dict[int, dict[FinancialQuarter, Measurement]]
    trend: dict[int, dict[FinancialQuarter, _TrendPoint]]
    targets: dict[int, list[TargetRow]]
    comparators: dict[int, dict[str, PublishedFigure]]
    window: list[FinancialQuarter]
    """The trend's quarters, oldest first."""


def _scorecard_kpis(kpis: QuerySet[Kpi]) -> list[Kpi]:
    """The KPIs with the fields the scorecard and the reports show (one query)."""
    return list(
        kpis.select_related("subgroup")
        .only(
            "code",
            "title",
            "unit",
            "polarity",
            "frequency",
            "suppress_small_counts",
            "outcome_id",
            "dfe_measure",
            "subgroup__name",
            "subgroup__slug",
            "subgroup__position",
        )
        .order_by("subgroup__position", "code")
    )


def _scorecard_data(kpis: QuerySet[Kpi], quarter: FinancialQuarter) -> _ScorecardData:
    """Figures, trend, targets and comparators of `kpis` for `quarter` (four queries)."""
    first = quarter - (TREND_QUARTERS - 1)
    in_window = Measurement.objects.approved().filter(
        kpi__in=kpis, quarter__gte=first, quarter__lte=quarter
    )
    # Whole figures only where the row shows one (this quarter and the one it is compared
    # with; any quarter for annual KPIs); the trend needs just the values.
    figures: dict[int, dict[FinancialQuarter, Measurement]] = defaultdict(dict)
    for measurement in in_window.filter(
        Q(quarter__in=[quarter, quarter.previous()]) | Q(kpi__frequency=Kpi.Frequency.ANNUAL)
    ):
        figures[measurement.kpi_id][measurement.quarter] = measurement
    trend: dict[int, dict[FinancialQuarter, _TrendPoint]] = defaultdict(dict)
    for kpi_id, figure_quarter, *point in in_window.values_list(
        "kpi_id", "quarter", "value", "denominator"
    ):
        trend[kpi_id][figure_quarter] = _TrendPoint(*point)
    # Targets and comparators as plain rows: a hundred KPIs have several hundred of them, and
    # the page only reads their values.
    targets: dict[int, list[TargetRow]] = defaultdict(list)
    for kpi_id, *target in (
        Target.objects.filter(kpi__in=kpis)
        .order_by("applies_from")
        .values_list("kpi_id", "applies_from", "target", "amber_threshold")
    ):
        targets[kpi_id].append(TargetRow(*target))
    comparators: dict[int, dict[str, PublishedFigure]] = defaultdict(dict)
    for kpi_id, *published in (
        Comparator.objects.filter(kpi__in=kpis, year__lte=quarter.start_year)
        .order_by("year")
        .values_list("kpi_id", "kind", "value", "published_for", "year")
    ):
        # Later years replace earlier ones: the most recent published figure is used.
        figure = PublishedFigure(*published)
        comparators[kpi_id][figure.kind] = figure
    return _ScorecardData(
        figures=figures,
        trend=trend,
        targets=targets,
        comparators=comparators,
        window=FinancialQuarter.range(first, quarter),
    )


def _figure_and_previous(
    kpi: Kpi, own: dict[FinancialQuarter, Measurement], quarter: FinancialQuarter
) -> tuple[Measurement | None, Measurement | None]:
    """The figure a row shows for `quarter` and the one it is compared with."""
    if kpi.frequency == Kpi.Frequency.ANNUAL:
        # An annual KPI shows its latest yearly figure, compared with the year before.
        figure = next((own[q] for q in (quarter - i for i in range(4)) if q in own), None)
        return figure, own.get(figure.quarter - 4) if figure else None
    return own.get(quarter), own.get(quarter.previous())


def _scorecard_row(kpi: Kpi, quarter: FinancialQuarter, data: _ScorecardData) -> ScorecardRow:
    figure, previous = _figure_and_previous(kpi, data.figures.get(kpi.pk, {}), quarter)
    year_target = target_for(data.targets.get(kpi.pk, []), quarter)
    value = figure.value if figure else None
    trend = data.trend.get(kpi.pk, {})
    points = [trend.get(q) for q in data.window]
    return ScorecardRow(
        kpi=kpi,
        quarter=quarter,
        figure=figure,
        previous=previous,
        target=year_target,
        rag=judgement.rag(
            value,
            polarity=kpi.polarity,
            target=year_target.target,
            amber_threshold=year_target.amber_threshold,
        ),
        direction=judgement.direction(
            value, previous.value if previous else None, polarity=kpi.polarity
        ),
        trend=[point.value if point else None for point in points],
        trend_denominators=[point.denominator if point else None for point in points],
        comparators=data.comparators.get(kpi.pk, {}),
    )


def scorecard(quarter: FinancialQuarter, kpis: QuerySet[Kpi] | None = None) -> list[ScorecardRow]:
    """One row per active KPI for `quarter`: its approved figure, the previous quarter's, the
    target of its year, RAG, direction, the last eight quarters and the comparators of the
    year. Five queries: KPIs with their sub-groups, figures, trend values, targets,
    comparators; and, where a KPI is linked to a DfE measure, four for How we compare."""
    kpis = (kpis if kpis is not None else Kpi.objects.all()).active()
    kpi_list = _scorecard_kpis(kpis)
    data = _scorecard_data(kpis, quarter)
    rows = [_scorecard_row(kpi, quarter, data) for kpi in kpi_list]
    _add_benchmarks(rows, quarter, data)
    return rows


def _add_benchmarks(rows: list[ScorecardRow], quarter: FinancialQuarter, data) -> None:
    """How we compare for the rows of KPIs linked to a DfE measure (none, or four queries:
    see benchmarks.selectors.comparisons_for), placing each one's approved Q4 figure (from
    the trend already read) provisionally where DfE has not published its year."""
    links = {row.kpi.pk: row.kpi.dfe_measure for row in rows if row.kpi.dfe_measure}
    if not links:
        return
    q4 = last_q4(quarter)
    approved_q4 = {
        kpi_id: data.trend[kpi_id][q4].value for kpi_id in links if q4 in data.trend.get(kpi_id, {})
    }
    found = comparisons_for(links, quarter=quarter, approved_q4=approved_q4)
    for row in rows:
        row.benchmark = found.get(row.kpi.pk)
        if row.benchmark is not None:
            # DfE's England, region and neighbours' mean stand in for typed comparators
            # everywhere a comparator is read (home page, charts, reports, downloads).
            row.comparators = _published_figures(row.benchmark)


def _published_figures(found: Comparison) -> dict[str, PublishedFigure]:
    published_for = str(found.published_financial_year)
    year = found.published_year or found.year
    values = {
        Comparator.Kind.ENGLAND: found.england.value if found.england else None,
        Comparator.Kind.REGION: found.region.value if found.region else None,
        Comparator.Kind.NEIGHBOURS: found.neighbours_mean,
    }
    return {
        kind.value: PublishedFigure(kind.value, value, published_for, year)
        for kind, value in values.items()
        if value is not None
    }


_SEVERITY = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, None: 3}


@dataclass(frozen=True)
class ScorecardSummary:
    """Everything the scorecard page, the home page and the compiled reports say about a
    quarter's KPIs, worked out once (`scorecard_summary`)."""

    quarter: FinancialQuarter | None
    """None when no figure has been approved yet."""
    rows: list[ScorecardRow]
    """Every KPI shown, by sub-group and code."""
    counts: dict[Rag, int]
    """KPIs rated green, amber and red, by Rag (a context measure or a KPI with no target or
    no figure has no rating)."""
    unrated: int
    worsened: list[ScorecardRow]
    """Every KPI worse than last quarter (`ScorecardRow.worsened`), red first, then amber,
    green and those with no rating, by code within each."""
    exceptions: list[ScorecardRow]
    """Off target or worse than last quarter, in the order of `rows`."""
    headlines: list[ScorecardRow]
    """The figures a reader asks first (settings.HEADLINE_KPIS, in that order), where the KPI
    has a figure this quarter."""
    for_young_people: list[ScorecardRow]
    """The figures the young people's summary tells in plain words (settings.YOUNG_PEOPLE_KPIS,
    in that order), where the KPI has a figure this quarter."""

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


def summarise(quarter: FinancialQuarter | None, rows: list[ScorecardRow]) -> ScorecardSummary:
    """The counts, what got worse, the exceptions and the headlines of these rows."""
    by_code = {row.kpi.code: row for row in rows}
    return ScorecardSummary(
        quarter=quarter,
        rows=rows,
        counts={rag: sum(1 for row in rows if row.rag == rag) for rag in Rag},
        unrated=sum(1 for row in rows if row.rag is None),
        worsened=sorted(
            (row for row in rows if row.worsened),
            key=lambda row: (_SEVERITY[row.rag], row.kpi.code),
        ),
        exceptions=[row for row in rows if row.is_exception],
        headlines=_with_figures(by_code, settings.HEADLINE_KPIS),
        for_young_people=_with_figures(by_code, settings.YOUNG_PEOPLE_KPIS),
    )


def _with_figures(by_code: dict[str, ScorecardRow], codes: list[str]) -> list[ScorecardRow]:
    return [by_code[code] for code in codes if code in by_code and by_code[code].figure]


def scorecard_summary(
    quarter: FinancialQuarter | None = None,
    kpis: QuerySet[Kpi] | None = None,
    *,
    rag: Rag | None = None,
) -> ScorecardSummary:
    """The scorecard of `quarter` (the latest approved one by default) for `kpis` (every
    active KPI by default), only the rows rated `rag` if given, with its counts, what got
    worse, the exceptions and the headline figures. The scorecard's five queries, and one
    more to find the latest quarter when none is given."""
    quarter = quarter or latest_approved_quarter()
    if quarter is None:
        return summarise(None, [])
    rows = scorecard(quarter, kpis)
    if rag is not None:
        rows = [row for row in rows if row.rag == rag]
    return summarise(quarter, rows)


@dataclass
class KpiQuarter:
    quarter: FinancialQuarter
    figure: Measurement
    target: YearTarget
    rag: Rag | None
    direction: Direction | None
    definition_changed: bool
    """The figure follows a different definition from the quarter before it."""


@dataclass
class KpiDetail:
    kpi: Kpi
    quarters: list[KpiQuarter]
    """Every quarter with a figure the viewer may see, oldest first."""
    comparators: list[Comparator]
    targets: list[Target]


def kpi_detail(code: str, *, include_unapproved: bool = False) -> KpiDetail:
    """A KPI with every figure the viewer may see, judged against the target of its year,
    its targets and its comparators (four queries). Raises Kpi.DoesNotExist."""
    kpi = Kpi.objects.select_related("subgroup", "outcome", "owner").get(code=code)
    measurements = kpi.measurements.select_related("entered_by", "approved_by").order_by("quarter")
    if not include_unapproved:
        measurements = measurements.approved()
    targets = list(kpi.targets.order_by("applies_from"))
    comparators = list(kpi.comparators.order_by("year", "kind"))
    quarters = []
    previous = None
    for measurement in measurements:
        year_target = target_for(targets, measurement.quarter)
        adjacent = (
            previous if previous and previous.quarter == measurement.quarter.previous() else None
        )
        quarters.append(
            KpiQuarter(
                quarter=measurement.quarter,
                figure=measurement,
                target=year_target,
                rag=judgement.rag(
                    measurement.value,
                    polarity=kpi.polarity,
                    target=year_target.target,
                    amber_threshold=year_target.amber_threshold,
                ),
                direction=judgement.direction(
                    measurement.value,
                    adjacent.value if adjacent else None,
                    polarity=kpi.polarity,
                ),
                definition_changed=previous is not None
                and previous.definition_year != measurement.definition_year,
            )
        )
        previous = measurement
    return KpiDetail(kpi=kpi, quarters=quarters, comparators=comparators, targets=targets)


@dataclass
class EntryPage:
    quarter: FinancialQuarter
    current: dict[int, Measurement]
    """This quarter's figures by KPI id, whatever their status."""
    previous: dict[int, Measurement]
    """Last quarter's approved figures by KPI id."""
    target_text: dict[int, str]
    collection_round: CollectionRound | None


def group_by_slug(slug: str) -> BoardGroup | None:
    return BoardGroup.objects.filter(slug=slug).first()


def kpis_to_enter(group: BoardGroup, quarter: FinancialQuarter, *, owner=None) -> list[Kpi]:
    """The group's active KPIs whose figures for `quarter` are entered on its form, with their
    targets: only those `owner` owns, when given (someone who may not enter any figure);
    annual KPIs only in Q4, when they report."""
    kpis = group.kpis.active().order_by("code").prefetch_related("targets")
    if quarter.number != 4:
        kpis = kpis.exclude(frequency=Kpi.Frequency.ANNUAL)
    if owner is not None:
        kpis = kpis.filter(owner=owner)
    return list(kpis)


def entry_page(kpis: list[Kpi], quarter: FinancialQuarter) -> EntryPage:
    """What the data entry page needs for these KPIs (with targets prefetched): this
    quarter's figures, last quarter's approved ones and the target text (three queries)."""
    current = {
        m.kpi_id: m
        for m in Measurement.objects.filter(kpi__in=kpis, quarter=quarter).select_related(
            "approved_by"
        )
    }
    previous = {
        m.kpi_id: m
        for m in Measurement.objects.approved().filter(kpi__in=kpis, quarter=quarter.previous())
    }
    target_text = {}
    for kpi in kpis:
        year_target = target_for(list(kpi.targets.all()), quarter)
        target_text[kpi.pk] = (
            judgement.format_value(year_target.target, kpi.unit)
            if year_target.target is not None
            else "none set"
        )
    return EntryPage(
        quarter=quarter,
        current=current,
        previous=previous,
        target_text=target_text,
        collection_round=CollectionRound.objects.filter(quarter=quarter).first(),
    )


@dataclass
class GroupProgress:
    group: BoardGroup
    kpis: int
    approved: int
    submitted: int
    in_progress: int
    """Drafts, and figures returned to the officer."""

    @property
    def missing(self) -> int:
        return self.kpis - self.approved - self.submitted - self.in_progress

    @property
    def owed(self) -> int:
        return self.kpis - self.approved - self.submitted


@dataclass
class RoundProgress:
    collection_round: CollectionRound
    groups: list[GroupProgress]

    @property
    def owed(self) -> int:
        return sum(group.owed for group in self.groups)


def collection_overview(*, user, every_kpi: bool) -> list[RoundProgress]:
    """For each open collection round, progress per sub-group over the KPIs the user enters
    (all KPIs for those who may enter any figure). Three queries."""
    rounds = list(CollectionRound.objects.filter(is_open=True).order_by("-quarter"))
    kpis = Kpi.objects.active()
    if not every_kpi:
        kpis = kpis.filter(owner=user)
    kpi_rows = list(kpis.values_list("pk", "subgroup_id", "frequency"))
    kpi_groups = {pk: group_id for pk, group_id, _ in kpi_rows}
    annual = {pk for pk, _, frequency in kpi_rows if frequency == Kpi.Frequency.ANNUAL}
    groups = {g.pk: g for g in BoardGroup.objects.filter(pk__in=set(kpi_groups.values()))}
    statuses = Measurement.objects.filter(
        kpi_id__in=kpi_groups, quarter__in=[r.quarter for r in rounds]
    ).values_list("kpi_id", "quarter", "status")
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kpi_id, quarter, status in statuses:
        if kpi_id in annual and quarter.number != 4:
            continue
        counts[(quarter, kpi_groups[kpi_id])][status] += 1
    overview = []
    for collection_round in rounds:
        # Annual KPIs report once a year, in Q4.
        due = [pk for pk in kpi_groups if collection_round.quarter.number == 4 or pk not in annual]
        per_group_total: dict[int, int] = defaultdict(int)
        for pk in due:
            per_group_total[kpi_groups[pk]] += 1
        progress = []
        for group in sorted(groups.values(), key=lambda g: (g.position, g.name)):
            if not per_group_total[group.pk]:
                continue
            done = counts[(collection_round.quarter, group.pk)]
            progress.append(
                GroupProgress(
                    group=group,
                    kpis=per_group_total[group.pk],
                    approved=done[Measurement.Status.APPROVED],
                    submitted=done[Measurement.Status.SUBMITTED],
                    in_progress=done[Measurement.Status.DRAFT] + done[Measurement.Status.RETURNED],
                )
            )
        overview.append(RoundProgress(collection_round=collection_round, groups=progress))
    return overview


def figures_awaiting_sign_off() -> list[Measurement]:
    """Submitted figures, oldest quarter first, with KPI, sub-group and officer (one query)."""
    return list(
        Measurement.objects.filter(status=Measurement.Status.SUBMITTED)
        .select_related("kpi", "kpi__subgroup", "entered_by")
        .order_by("quarter", "kpi__subgroup__position", "kpi__code")
    )


def officers_owing_figures(quarter: FinancialQuarter) -> dict:
    """Officers who own active KPIs with no submitted or approved figure for `quarter`,
    mapped to those KPIs (two queries). For the reminder e-mails."""
    done = Measurement.objects.filter(
        quarter=quarter,
        status__in=[Measurement.Status.SUBMITTED, Measurement.Status.APPROVED],
    ).values("kpi_id")
    owing: dict = defaultdict(list)
    kpis = Kpi.objects.active()
    if quarter.number != 4:
        kpis = kpis.exclude(frequency=Kpi.Frequency.ANNUAL)
    for kpi in (
        kpis.filter(owner__isnull=False, owner__is_active=True)
        .exclude(pk__in=done)
        .select_related("owner")
        .order_by("code")
    ):
        owing[kpi.owner].append(kpi)
    return dict(owing)


def kpi_record(code: str) -> Kpi:
    """One KPI with its sub-group, outcome and owner, for its edit pages. Raises
    Kpi.DoesNotExist."""
    return Kpi.objects.select_related("subgroup", "outcome", "owner").get(code=code)


def figure_detail(pk: int) -> Measurement:
    """One quarter's figure with its KPI and who entered it. Raises Measurement.DoesNotExist."""
    return Measurement.objects.select_related("kpi", "entered_by").get(pk=pk)
