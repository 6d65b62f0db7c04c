"""The board's measures, counted from an SSDA903 return over the 12 months ending on an
as-at date. Each measure's definition is written here once, in `MEASURES`, and shown on the
KPI page of every KPI computed from it.

Only counts leave this module: a numerator, a denominator where there is one, and the
value. Percentages and rates are rounded half up to one decimal place by
`performance.judgement.compute_value`, as typed figures are."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from performance.judgement import Unit, compute_value
from performance.ssda903.reader import Ssda903Return, Table


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    unit: Unit
    definition: str
    reference: str
    """Which DfE definition the measure follows."""


WINDOW_NOTE = (
    "The window is the 12 months ending on the as-at date: it starts the day after the same "
    "date a year earlier. Episodes with legal status (LS) V3 or V4 (short breaks) are left out "
    "of every measure. An episode is open on a date when DECOM is on or before the date and DEC "
    "is blank or after it."
)
_CLA_GUIDANCE = "DfE, Children looked after in England including adoptions (SSDA903 guidance)"
_OUTCOMES = "DfE, Outcomes for children in need, including children looked after (OC2)"
_CARE_LEAVERS = "DfE, Care leavers aged 19 to 21 (OC3), Children looked after in England"
_ACTIVITIES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")

MEASURES: tuple[Measure, ...] = (
    Measure(
        "cla_at_date",
        "Children looked after on the as-at date",
        Unit.COUNT,
        "Children with an open episode on the as-at date.",
        _CLA_GUIDANCE + ": children looked after at 31 March.",
    ),
    Measure(
        "cla_rate_10000",
        "Children looked after per 10,000 children aged 0 to 17",
        Unit.RATE_PER_10000,
        "Children looked after on the as-at date (cla_at_date) per 10,000 children aged 0 to 17 "
        "living in the area, from the ONS mid-year estimate the performance lead gives with "
        "the return.",
        _CLA_GUIDANCE + ": rate per 10,000 children aged under 18.",
    ),
    Measure(
        "cla_started",
        "Children who started to be looked after in the window",
        Unit.COUNT,
        "Children with an episode whose RNE is S (started a new period of care) and whose DECOM "
        "is in the window.",
        _CLA_GUIDANCE + ": children who started to be looked after during the year.",
    ),
    Measure(
        "cla_ceased",
        "Children who ceased to be looked after in the window",
        Unit.COUNT,
        "Children with an episode whose DEC is in the window and whose REC is not X1 (an X1 "
        "episode ends but care continues).",
        _CLA_GUIDANCE + ": children who ceased to be looked after during the year.",
    ),
    Measure(
        "adopted",
        "Children adopted in the window",
        Unit.COUNT,
        "Children with an episode whose DEC is in the window and whose REC is E11 or E12 "
        "(adopted).",
        _CLA_GUIDANCE + ": children looked after who were adopted during the year.",
    ),
    Measure(
        "uasc_at_date",
        "Unaccompanied asylum-seeking children looked after on the as-at date",
        Unit.COUNT,
        "Children counted in cla_at_date who are in the uasc file with DUC (the date they "
        "ceased to be UASC) blank or after the as-at date.",
        _CLA_GUIDANCE + ": unaccompanied asylum-seeking children looked after at 31 March.",
    ),
    Measure(
        "placements_3_or_more",
        "Children looked after with 3 or more placements in the window",
        Unit.PERCENTAGE,
        "Of the children counted in cla_at_date, those with 3 or more placements in the window. "
        "A child's placements in the window are its episodes that overlap the window (DECOM on "
        "or before the as-at date and DEC blank or after the window's first day), not counting "
        "an episode whose RNE is L (a change of legal status only) unless it is the child's "
        "first episode in the window.",
        "DfE placement stability indicator: children looked after at 31 March with three or "
        "more placements during the year.",
    ),
    Measure(
        "oc2_health_assessment",
        "Children looked after for a year whose health assessment is up to date",
        Unit.PERCENTAGE,
        "Of the rows of the oc2 file (children looked after continuously for 12 months), those "
        "with HEALTH_ASSESSMENT equal to 1.",
        _OUTCOMES + ": health assessments up to date.",
    ),
    Measure(
        "oc2_dental",
        "Children looked after for a year whose teeth were checked by a dentist",
        Unit.PERCENTAGE,
        "Of the rows of the oc2 file, those with TEETH_CHECK equal to 1.",
        _OUTCOMES + ": teeth checked by a dentist.",
    ),
    Measure(
        "oc2_immunisations",
        "Children looked after for a year whose immunisations are up to date",
        Unit.PERCENTAGE,
        "Of the rows of the oc2 file, those with IMMUNISATIONS equal to 1.",
        _OUTCOMES + ": immunisations up to date.",
    ),
    Measure(
        "oc3_in_touch_19_21",
        "Care leavers aged 19 to 21 the council is in touch with",
        Unit.PERCENTAGE,
        "Of the oc3 rows whose age on the as-at date (from DOB) is 19, 20 or 21 and whose "
        "IN_TOUCH is not DIED: those whose IN_TOUCH is YES.",
        _CARE_LEAVERS + ": in touch with the local authority.",
    ),
    Measure(
        "oc3_eet_19_21",
        "Care leavers aged 19 to 21 in education, employment or training",
        Unit.PERCENTAGE,
        "Of the oc3 rows whose age on the as-at date is 19, 20 or 21 and whose IN_TOUCH is not "
        "DIED: those whose ACTIV is one of " + ", ".join(_ACTIVITIES) + ".",
        _CARE_LEAVERS + ": in education, employment or training.",
    ),
    Measure(
        "oc3_suitable_accommodation_19_21",
        "Care leavers aged 19 to 21 in suitable accommodation",
        Unit.PERCENTAGE,
        "Of the oc3 rows whose age on the as-at date is 19, 20 or 21 and whose IN_TOUCH is not "
        "DIED: those whose ACCOM is two characters ending in 1 (suitable).",
        _CARE_LEAVERS + ": in suitable accommodation.",
    ),
    Measure(
        "missing_episodes",
        "Missing episodes that started in the window",
        Unit.COUNT,
        "Rows of the missing file whose MISSING is M (missing, not A: away without "
        "authorisation) and whose MIS_START is in the window.",
        _CLA_GUIDANCE + ": missing incidents during the year.",
    ),
    Measure(
        "children_missing",
        "Children who went missing in the window",
        Unit.COUNT,
        "Children with a row of the missing file whose MISSING is M and whose MIS_START is in "
        "the window.",
        _CLA_GUIDANCE + ": children looked after who had a missing incident during the year.",
    ),
    Measure(
        "adoption_days_a1",
        "Average days from entering care to moving in with adopters (A1)",
        Unit.DAYS,
        "For the children counted in adopted: the days from the start of the period of care "
        "that ended in adoption (the DECOM of its episode whose RNE is S, or of the child's "
        "first episode) to the DECOM of the period's first episode placed for adoption (PLACE "
        "A3, A4, A5 or A6), or of the adoption episode when there is none; averaged and rounded "
        "half up to one decimal place. The numerator is the days added up, the denominator the "
        "children.",
        "DfE adoption scorecard, indicator A1.",
    ),
    Measure(
        "sw_changes_2_or_more",
        "Children looked after whose social worker changed twice or more in the window",
        Unit.PERCENTAGE,
        "Only when the sw_episodes file is given. Of the children counted in cla_at_date who "
        "have a row in the sw_episodes file, those whose social worker changed 2 or more times "
        "in the window: a change is a social worker episode that starts (SW_DECOM) in the "
        "window with a different SW_ID from the child's episode before it.",
        _CLA_GUIDANCE + ": children's social worker changes (from 2023-24).",
    ),
)

MEASURES_BY_CODE: dict[str, Measure] = {measure.code: measure for measure in MEASURES}


MEASURE_CHOICES: list[tuple[str, str]] = [
    (measure.code, f"{measure.code}: {measure.title}") for measure in MEASURES
]
"""The measures a KPI in the library may be computed from, as a model field's choices."""


@dataclass(frozen=True)
class MeasureResult:
    code: str
    numerator: int
    denominator: int | None
    value: Decimal

    @property
    def measure(self) -> Measure:
        return MEASURES_BY_CODE[self.code]


@dataclass(frozen=True)
class Window:
    as_at: datetime.date
    start: datetime.date

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.as_at


def window_ending(as_at: datetime.date) -> Window:
    """The 12 months ending on `as_at`: from the day after the same date a year earlier (28
    February standing for 29 February)."""
    try:
        year_before = as_at.replace(year=as_at.year - 1)
    except ValueError:
        year_before = as_at.replace(year=as_at.year - 1, day=28)
    return Window(as_at=as_at, start=year_before + datetime.timedelta(days=1))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _count(code: str, children: int) -> MeasureResult:
    return MeasureResult(code, children, None, Decimal(children))


def _share(code: str, numerator: int, denominator: int) -> MeasureResult | None:
    if not denominator:
        return None
    unit = MEASURES_BY_CODE[code].unit
    return MeasureResult(code, numerator, denominator, compute_value(unit, numerator, denominator))


@dataclass
class _Episode:
    child: str
    decom: datetime.date | None
    dec: datetime.date | None
    rne: str
    rec: str
    place: str

    def open_on(self, day: datetime.date) -> bool:
        return self.decom is not None and self.decom <= day and (self.dec is None or self.dec > day)


def _episodes(table: Table) -> dict[str, list[_Episode]]:
    """Each child's episodes in DECOM order, short breaks (LS V3, V4) left out."""
    child, decom, dec = table.index("CHILD"), table.index("DECOM"), table.index("DEC")
    rne, rec, ls, place = (table.index(c) for c in ("RNE", "REC", "LS", "PLACE"))
    by_child: dict[str, list[_Episode]] = defaultdict(list)
    for row in table.rows:
        if row[ls].upper() in ("V3", "V4"):
            continue
        by_child[row[child]].append(
            _Episode(
                row[child], row[decom], row[dec], row[rne].upper(), row[rec].upper(),
                row[place].upper(),
            )
        )  # fmt: skip
    for episodes in by_child.values():
        episodes.sort(key=lambda e: e.decom or datetime.date.min)
    return by_child


def _placements_in_window(episodes: list[_Episode], window: Window) -> int:
    overlapping = [
        e
        for e in episodes
        if e.decom is not None
        and e.decom <= window.as_at
        and (e.dec is None or e.dec > window.start)
    ]
    return sum(1 for n, e in enumerate(overlapping) if n == 0 or e.rne != "L")


def _adoption_days(episodes: list[_Episode], window: Window) -> int | None:
    """Days from entering care to moving in with adopters, for a child adopted in the window."""
    adoption = next(
        (n for n, e in enumerate(episodes) if e.dec in window and e.rec in ("E11", "E12")),
        None,
    )
    if adoption is None:
        return None
    start = 0
    for n in range(adoption, -1, -1):
        if episodes[n].rne == "S":
            start = n
            break
    period = episodes[start : adoption + 1]
    placed = next((e for e in period if e.place in ("A3", "A4", "A5", "A6")), episodes[adoption])
    if period[0].decom is None or placed.decom is None:
        return None
    return max((placed.decom - period[0].decom).days, 0)


def _yes(value: str) -> bool:
    return value.strip() == "1"


def compute_measures(
    found: Ssda903Return, as_at: datetime.date, *, population: int | None = None
) -> list[MeasureResult]:
    """Every measure the return allows on `as_at`, in the order of MEASURES. A percentage
    with no children to count (an empty oc2 or oc3, no social worker episodes), and the rate
    without a population, are left out rather than shown as 0."""
    window = window_ending(as_at)
    by_child = _episodes(found.tables["episodes"])
    results: dict[str, MeasureResult | None] = {}

    in_care = {
        child for child, episodes in by_child.items() if any(e.open_on(as_at) for e in episodes)
    }
    results["cla_at_date"] = _count("cla_at_date", len(in_care))
    if population:
        results["cla_rate_10000"] = _share("cla_rate_10000", len(in_care), population)
    started, ceased, adopted, adoption_days = set(), set(), set(), []
    stable_not = 0
    for child, episodes in by_child.items():
        if any(e.rne == "S" and e.decom in window for e in episodes):
            started.add(child)
        if any(e.dec in window and e.rec != "X1" for e in episodes):
            ceased.add(child)
        if any(e.dec in window and e.rec in ("E11", "E12") for e in episodes):
            adopted.add(child)
            days = _adoption_days(episodes, window)
            if days is not None:
                adoption_days.append(days)
        if child in in_care and _placements_in_window(episodes, window) >= 3:
            stable_not += 1
    results["cla_started"] = _count("cla_started", len(started))
    results["cla_ceased"] = _count("cla_ceased", len(ceased))
    results["adopted"] = _count("adopted", len(adopted))

    uasc = found.table("uasc")
    uasc_children = set()
    if uasc is not None:
        child, duc = uasc.index("CHILD"), uasc.index("DUC")
        uasc_children = {row[child] for row in uasc.rows if row[duc] is None or row[duc] > as_at}
    results["uasc_at_date"] = _count("uasc_at_date", len(in_care & uasc_children))
    results["placements_3_or_more"] = _share("placements_3_or_more", stable_not, len(in_care))

    oc2 = found.table("oc2")
    if oc2 is not None:
        for code, column in (
            ("oc2_health_assessment", "HEALTH_ASSESSMENT"),
            ("oc2_dental", "TEETH_CHECK"),
            ("oc2_immunisations", "IMMUNISATIONS"),
        ):
            at = oc2.index(column)
            results[code] = _share(code, sum(_yes(row[at]) for row in oc2.rows), len(oc2.rows))

    oc3 = found.table("oc3")
    if oc3 is not None:
        dob, touch = oc3.index("DOB"), oc3.index("IN_TOUCH")
        activ, accom = oc3.index("ACTIV"), oc3.index("ACCOM")
        cohort = [
            row
            for row in oc3.rows
            if row[dob] is not None
            and 19 <= age_on(row[dob], as_at) <= 21
            and row[touch].upper() != "DIED"
        ]
        results["oc3_in_touch_19_21"] = _share(
            "oc3_in_touch_19_21", sum(row[touch].upper() == "YES" for row in cohort), len(cohort)
        )
        results["oc3_eet_19_21"] = _share(
            "oc3_eet_19_21", sum(row[activ].upper() in _ACTIVITIES for row in cohort), len(cohort)
        )
        results["oc3_suitable_accommodation_19_21"] = _share(
            "oc3_suitable_accommodation_19_21",
            sum(len(row[accom]) == 2 and row[accom].endswith("1") for row in cohort),
            len(cohort),
        )

    missing = found.table("missing")
    if missing is not None:
        child, kind, start = (
            missing.index("CHILD"),
            missing.index("MISSING"),
            missing.index("MIS_START"),
        )
        rows = [row for row in missing.rows if row[kind].upper() == "M" and row[start] in window]
        results["missing_episodes"] = _count("missing_episodes", len(rows))
        results["children_missing"] = _count("children_missing", len({row[child] for row in rows}))

    if adoption_days:
        total = sum(adoption_days)
        average = (Decimal(total) / len(adoption_days)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        results["adoption_days_a1"] = MeasureResult(
            "adoption_days_a1", total, len(adoption_days), average
        )

    sw = found.table("sw_episodes")
    if sw is not None and sw.rows:
        child, sw_id, sw_start = sw.index("CHILD"), sw.index("SW_ID"), sw.index("SW_DECOM")
        workers: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
        for row in sw.rows:
            if row[sw_start] is not None:
                workers[row[child]].append((row[sw_start], row[sw_id].upper()))
        cohort = [c for c in workers if c in in_care]
        changed = 0
        for c in cohort:
            spells = sorted(workers[c])
            changes = sum(
                1
                for before, after in itertools.pairwise(spells)
                if after[0] in window and after[1] != before[1]
            )
            changed += changes >= 2
        results["sw_changes_2_or_more"] = _share("sw_changes_2_or_more", changed, len(cohort))

    return [results[m.code] for m in MEASURES if results.get(m.code) is not None]
