"""Reads of DfE's published figures, shaped as the comparison every page, report and the
`benchmark` command show: one selector for all of them.

For a council and a year, per measure: the council's figure, England, the council's region
as DfE gives it on the council's own rows (and London as a whole beside Inner or Outer
London), the mean and the median of its ten statistical neighbours with how many have a
figure, its rank among the councils with a figure and its quartile band (`comparison`).

Before DfE publishes a year, a linked KPI's approved Q4 figure for that year is placed among
the other councils' latest published figures, and the rank and band are marked provisional.

Each function runs a fixed number of queries, whatever the number of councils and years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Max, Q

from cpboard.quarters import FinancialQuarter, FinancialYear
from performance.benchmarks import comparison
from performance.benchmarks.catalogue import Measure, catalogue
from performance.benchmarks.models import DfeFigure, Level, StatisticalNeighbour, Symbol
from performance.models import Kpi, Measurement

LONDON = "E12000007"
LONDON_PARTS = ("E13000001", "E13000002")  # Inner London, Outer London
ENGLAND = "E92000001"

_ROW_FIELDS = (
    "measure",
    "year",
    "level",
    "area_code",
    "name",
    "region_code",
    "region_name",
    "value",
    "symbol",
    "numerator",
    "denominator",
    "new_la_code",
)
_NUMBERS = ("value", "numerator", "denominator")
_NUMBER_INDEXES = [_ROW_FIELDS.index(name) for name in _NUMBERS]


class Row(NamedTuple):
    """A DfeFigure as the comparison reads it (values_list, no model instances: a page reads
    thousands of them)."""

    measure: str
    year: int
    level: str
    area_code: str
    name: str
    region_code: str
    region_name: str
    value: Decimal | None
    symbol: str
    numerator: Decimal | None
    denominator: Decimal | None
    new_la_code: str

    @property
    def symbol_meaning(self) -> str:
        return Symbol(self.symbol).label if self.symbol else ""


@dataclass(frozen=True)
class Neighbour:
    position: int
    code: str
    name: str
    closeness: str
    figure: Row | None


@dataclass
class Comparison:
    """Where a council stands on one measure in one year."""

    measure: Measure
    year: int
    la_code: str
    la_name: str
    own: Row | None
    """The council's published figure (None when DfE has no row for it)."""
    england: Row | None
    region: Row | None
    london: Row | None
    """London as a whole, beside Inner or Outer London; None for other regions."""
    neighbours: list[Neighbour]
    neighbours_mean: Decimal | None
    neighbours_median: Decimal | None
    neighbours_with_data: int
    rank: int | None
    of: int | None
    quartile: str | None
    councils: list[Row] = field(default_factory=list)
    """Every council's figure of the year with a number (for the strip plot), best first
    (by value, for a context measure)."""
    provisional: bool = False
    """The council's figure is its own approved Q4 figure, placed among the other councils'
    figures of `published_year` because DfE has not published `year` yet."""
    provisional_value: Decimal | None = None
    published_year: int | None = None
    """The year DfE's figures shown come from (the same as `year` unless provisional)."""
    published: Comparison | None = None
    """For a provisional comparison, DfE's own comparison of `published_year`."""

    @property
    def value(self) -> Decimal | None:
        if self.provisional:
            return self.provisional_value
        return self.own.value if self.own else None

    @property
    def symbol(self) -> str:
        if self.provisional or self.own is None:
            return "" if self.provisional else Symbol.BLANK
        return self.own.symbol

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def published_financial_year(self) -> FinancialYear:
        return FinancialYear(self.published_year or self.year)

    @property
    def rank_words(self) -> str:
        return comparison.rank_words(self.rank, self.of, self.quartile)

    @property
    def band_order(self) -> tuple:
        """Best band first, then best rank; unranked last."""
        return (self.quartile or "Z", self.rank or 10_000)


def council_code() -> str:
    """The council the portal serves, as DfE's old three-digit code (settings.DFE_LA_CODE)."""
    return settings.DFE_LA_CODE


def resolve_la_code(code: str) -> str | None:
    """The old three-digit code of a council given by its old or new code (one query when a
    new code is given); None if DfE's figures do not know it."""
    code = code.strip()
    if len(code) == 3 and code.isdigit():
        return code
    found = (
        DfeFigure.objects.councils()
        .filter(new_la_code__iexact=code)
        .values_list("area_code", flat=True)
        .first()
    )
    return found


def _decimal(number) -> Decimal | None:
    if number is None or isinstance(number, Decimal):
        return number
    # SQLite gives an int or a float: repr is the shortest text that reads back as the same
    # float, the figure as stored (DfE publishes a few decimal places at most).
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _rows(queryset) -> list[Row]:
    """The figures as Rows, read through the database's own cursor: Django's conversion of
    each of thousands of rows costs more than the query, and the numbers are made Decimals
    here the same way on SQLite and PostgreSQL."""
    sql, params = queryset.values_list(*_ROW_FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = []
    for values in found:
        row = list(values)
        for index in _NUMBER_INDEXES:
            row[index] = _decimal(row[index])
        rows.append(Row._make(row))
    return rows


def _council_values(queryset) -> dict[tuple[str, int], list[tuple[str, Decimal]]]:
    """Every council's number by (measure, year), through the database's cursor as _rows."""
    sql, params = queryset.values_list(
        "measure", "year", "area_code", "value"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    values: dict[tuple[str, int], list[tuple[str, Decimal]]] = defaultdict(list)
    for measure, year, code, number in found:
        values[(measure, year)].append((code, _decimal(number)))
    return values


def _neighbour_model(la_code: str) -> list[tuple[int, str, str]]:
    """(position, code, closeness) of the council's ten neighbours in the latest model (one
    query)."""
    rows = list(
        StatisticalNeighbour.objects.filter(la_code=la_code)
        .order_by("-model", "position")
        .values_list("model", "position", "neighbour_code", "closeness")
    )
    latest = rows[0][0] if rows else None
    return [(pos, code, closeness) for model, pos, code, closeness in rows if model == latest]


def _by_year(rows: list[Row]) -> dict[tuple[str, int], list[Row]]:
    grouped: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        grouped[(row.measure, row.year)].append(row)
    return grouped


def compare(
    measure: Measure,
    year: int,
    la_code: str,
    rows: list[Row],
    neighbour_model: list[tuple[int, str, str]],
    *,
    provisional_value: Decimal | None = None,
    provisional_year: int | None = None,
    council_values: list[tuple[str, Decimal]] | None = None,
) -> Comparison:
    """The comparison of one measure's figures of one year (`rows`: England, regions and
    councils), for council `la_code`. With `provisional_value`, the council's figure is
    that value (its approved Q4 figure of `provisional_year`) placed among the others.

    `council_values`, every council's (code, number), ranks the council when `rows` hold
    only the councils shown (the council and its neighbours); the comparison then has no
    `councils` for a strip plot."""
    councils = {row.area_code: row for row in rows if row.level == Level.LOCAL_AUTHORITY}
    regions = {row.area_code: row for row in rows if row.level == Level.REGIONAL}
    england = next((row for row in rows if row.level == Level.NATIONAL), None)
    own = councils.get(la_code)
    region = regions.get(own.region_code) if own else None
    london = regions.get(LONDON) if own and own.region_code in LONDON_PARTS else None
    neighbours = [
        Neighbour(
            position,
            code,
            councils[code].name if code in councils else code,
            closeness,
            councils.get(code),
        )
        for position, code, closeness in neighbour_model
    ]
    mean, middle, with_data = comparison.mean_and_median(
        n.figure.value for n in neighbours if n.figure and n.figure.value is not None
    )
    numbers = [row for row in councils.values() if row.value is not None]
    if council_values is None:
        council_values = [(row.area_code, row.value) for row in numbers]
    else:
        numbers = []
    provisional = provisional_value is not None
    value = provisional_value if provisional else (own.value if own else None)
    if provisional:
        # The council's own published figure of the older year gives way to its new one.
        others = [number for code, number in council_values if code != la_code] + [value]
    else:
        others = [number for _, number in council_values]
    position = of = quartile = None
    if not measure.is_context and value is not None:
        position, of = comparison.rank(value, others, polarity=measure.polarity)
        quartile = comparison.band(position, of)
    reverse = measure.polarity == "higher"
    numbers.sort(key=lambda row: (row.value, row.name), reverse=reverse)
    published = (
        compare(measure, year, la_code, rows, neighbour_model, council_values=council_values)
        if provisional
        else None
    )
    return Comparison(
        measure=measure,
        year=provisional_year if provisional else year,
        la_code=la_code,
        la_name=own.name if own else la_code,
        own=own,
        england=england,
        region=region,
        london=london,
        neighbours=neighbours,
        neighbours_mean=mean,
        neighbours_median=middle,
        neighbours_with_data=with_data,
        rank=position,
        of=of,
        quartile=quartile,
        councils=numbers,
        provisional=provisional,
        provisional_value=provisional_value,
        published_year=year,
        published=published,
    )


def benchmark(la_code: str, year: int, keys: list[str] | None = None) -> list[Comparison]:
    """The comparison of every measure (or those of `keys`) that DfE published for the year,
    for any council, from the published figures alone, in the catalogue's order. Two
    queries."""
    measures = [m for m in catalogue().values() if keys is None or m.key in keys]
    rows = _by_year(
        _rows(DfeFigure.objects.filter(measure__in=[m.key for m in measures], year=year))
    )
    model = _neighbour_model(la_code)
    return [
        compare(m, year, la_code, rows[(m.key, year)], model)
        for m in measures
        if (m.key, year) in rows
    ]


@dataclass
class KpiBenchmark:
    """What a KPI page shows under "How we compare"."""

    latest: Comparison
    """The latest year: DfE's, or the council's own Q4 figure placed provisionally."""
    years: list[Comparison]
    """Every published year, oldest first."""
    published_latest: Comparison | None
    """DfE's latest published year (the same as `latest` unless that is provisional)."""


def kpi_benchmark(
    measure_key: str, approved_q4: dict[int, Decimal], *, la_code: str | None = None
) -> KpiBenchmark | None:
    """The comparison over every published year of one measure for the council, with a
    provisional placing of the latest approved Q4 figure (`approved_q4`: value by financial
    year's start) if DfE has not published that year; None if DfE has published nothing.
    Two queries."""
    measure = catalogue().get(measure_key)
    if measure is None:
        return None
    la_code = la_code or council_code()
    by_year = _by_year(_rows(DfeFigure.objects.filter(measure=measure_key)))
    model = _neighbour_model(la_code)
    years = sorted(
        year
        for (_, year), rows in by_year.items()
        if any(row.level == Level.LOCAL_AUTHORITY for row in rows)
    )
    if not years:
        return None
    history = [
        compare(measure, year, la_code, by_year[(measure_key, year)], model) for year in years
    ]
    latest = history[-1]
    if approved_q4:
        own_year = max(approved_q4)
        if own_year > years[-1]:
            latest = compare(
                measure,
                years[-1],
                la_code,
                by_year[(measure_key, years[-1])],
                model,
                provisional_value=approved_q4[own_year],
                provisional_year=own_year,
            )
    return KpiBenchmark(latest=latest, years=history, published_latest=history[-1])


def last_q4(quarter: FinancialQuarter) -> FinancialQuarter:
    """The latest Q4 at or before `quarter`: the end of the latest financial year whose
    figures can be set beside DfE's yearly ones."""
    return quarter if quarter.number == 4 else FinancialQuarter(quarter.start_year - 1, 4)


def comparisons_for(
    links: dict[int, str],
    *,
    quarter: FinancialQuarter | None,
    approved_q4: dict[int, Decimal],
    la_code: str | None = None,
) -> dict[int, Comparison]:
    """The latest comparison for each linked KPI (`links`: measure key by KPI id), at
    `quarter` (DfE's latest year up to the quarter's year; every year if None), placing a
    KPI's approved Q4 figure (`approved_q4`, by KPI id, of the year of last_q4(quarter))
    provisionally where DfE has not published that year. Four queries, whatever the number
    of KPIs, councils and years: the latest year of each measure, the council's neighbours,
    the figures shown and every council's number."""
    keys = sorted({key for key in links.values() if key in catalogue()})
    if not keys:
        return {}
    la_code = la_code or council_code()
    published = DfeFigure.objects.councils().filter(measure__in=keys)
    if quarter is not None:
        published = published.filter(year__lte=quarter.start_year)
    latest = dict(
        published.values("measure").annotate(latest=Max("year")).values_list("measure", "latest")
    )
    if not latest:
        return {}
    wanted = Q()
    for key, year in latest.items():
        wanted |= Q(measure=key, year=year)
    model = _neighbour_model(la_code)
    shown = [la_code, *(code for _, code, _ in model)]
    # Whole rows only for what is shown (England, the regions, the council and its
    # neighbours); every other council's number alone, to rank by.
    rows = _by_year(
        _rows(
            DfeFigure.objects.filter(wanted).filter(
                ~Q(level=Level.LOCAL_AUTHORITY) | Q(area_code__in=shown)
            )
        )
    )
    values = _council_values(DfeFigure.objects.councils().filter(wanted, value__isnull=False))
    own_year = last_q4(quarter).start_year if quarter is not None else None
    found = {}
    # KPIs linked to one measure with the same figure share one comparison.
    worked_out: dict[tuple, Comparison] = {}
    for kpi_id, key in links.items():
        if key not in latest:
            continue
        measure, year = catalogue()[key], latest[key]
        q4 = approved_q4.get(kpi_id)
        provisional = q4 is not None and own_year is not None and own_year > year
        cache_key = (key, q4 if provisional else None)
        if cache_key not in worked_out:
            worked_out[cache_key] = compare(
                measure,
                year,
                la_code,
                rows.get((key, year), []),
                model,
                provisional_value=q4 if provisional else None,
                provisional_year=own_year if provisional else None,
                council_values=values.get((key, year), []),
            )
        found[kpi_id] = worked_out[cache_key]
    return found


@dataclass
class LinkedComparison:
    kpi_id: int
    kpi_code: str
    kpi_title: str
    comparison: Comparison


def how_we_compare(*, quarter: FinancialQuarter | None = None) -> list[LinkedComparison]:
    """Every active KPI linked to a DfE measure with its latest comparison (provisional
    where the council's approved Q4 figure is for a year DfE has not published), best band
    first, then best rank; context measures last. Seven queries: the linked KPIs, the latest
    approved quarter, the Q4 figures, then comparisons_for's four."""
    kpis = list(
        Kpi.objects.active()
        .exclude(dfe_measure="")
        .order_by("code")
        .values_list("pk", "code", "title", "dfe_measure")
    )
    if not kpis:
        return []
    if quarter is None:
        quarter = Measurement.objects.approved().aggregate(latest=Max("quarter"))["latest"]
    approved_q4 = {}
    if quarter is not None:
        approved_q4 = dict(
            Measurement.objects.approved()
            .filter(kpi_id__in=[pk for pk, *_ in kpis], quarter=last_q4(quarter))
            .values_list("kpi_id", "value")
        )
    found = comparisons_for(
        {pk: key for pk, _, _, key in kpis}, quarter=quarter, approved_q4=approved_q4
    )
    linked = [
        LinkedComparison(pk, code, title, found[pk]) for pk, code, title, _ in kpis if pk in found
    ]
    linked.sort(key=lambda item: item.comparison.band_order)
    return linked
