"""The demo's SSDA903 return: a generated return for the latest quarter whose counts are the
demo's own figures, uploaded by the performance lead, so that the demo's figures computed
from the return agree with each other (children in care, its rate, UASC, placement
stability, health and dental checks, care leavers in touch and in suitable accommodation).

The generator (`performance.ssda903.generator`) gives believable children; this module then
keeps as many of them, and sets as many health and care leaver answers, as the demo's
approved figures for the latest quarter say, so that the upload finds each approved figure
already there. Run after `performance.demo.load_demo_kpis`. Idempotent: the same day gives
the same return, and a return already uploaded is not uploaded again."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.utils import timezone

from cpboard.demo import demo_people
from cpboard.quarters import FinancialQuarter
from performance.judgement import Unit, compute_value
from performance.models import Kpi, Measurement
from performance.services import kpi_update
from performance.ssda903 import services
from performance.ssda903.generator import generate_return
from performance.ssda903.measures import _episodes, _placements_in_window, age_on, window_ending
from performance.ssda903.models import Ssda903Upload
from performance.ssda903.reader import Ssda903Return, read_return, to_csv

DEMO_LINKS = {
    "CLA-COUNT": "cla_at_date",
    "CLA-RATE-10K": "cla_rate_10000",
    "CLA-UASC": "uasc_at_date",
    "CLA-STAB-3PL": "placements_3_or_more",
    "CLA-RHA": "oc2_health_assessment",
    "CLA-DENTAL": "oc2_dental",
    "CL-IN-TOUCH": "oc3_in_touch_19_21",
    "CL-SUIT-ACC": "oc3_suitable_accommodation_19_21",
}
"""The demo KPIs whose definition is a measure of the return."""
CHILDREN = 2_000
SEED = 903


def _exact(target: Decimal, cohort: int) -> int | None:
    """How many of `cohort` give exactly `target` per cent, rounded as figures are; None when
    no count does."""
    count = int((target * cohort / 100).to_integral_value())
    for near in (count, count - 1, count + 1):
        if 0 <= near <= cohort and compute_value(Unit.PERCENTAGE, near, cohort) == target:
            return near
    return None


def _count_of(figure: Measurement, available: int) -> tuple[int, int]:
    """The (count, cohort) a figure was counted as: its numerator and denominator when it
    has them and the return has children enough, or else the largest cohort that gives its
    value exactly."""
    if figure.denominator is not None and figure.denominator <= available:
        return figure.numerator, figure.denominator
    return _share(figure.value, available)


def _share(target: Decimal, available: int) -> tuple[int, int]:
    """The largest cohort up to `available` with a count of it that gives exactly `target`
    per cent, as (count, cohort)."""
    for cohort in range(available, 0, -1):
        count = _exact(target, cohort)
        if count is not None:
            return count, cohort
    raise ValueError(f"No cohort gives {target}%")


def _keep(found: Ssda903Return, dropped: set[str]) -> None:
    for table in found.tables.values():
        child = table.index("CHILD")
        kept = [(row, line) for row, line in zip(table.rows, table.lines, strict=True)
                if row[child] not in dropped]  # fmt: skip
        table.rows = [row for row, _ in kept]
        table.lines = [line for _, line in kept]


def _set(table, rows: list[int], column: str, values: list[str]) -> None:
    at = table.index(column)
    for number, value in zip(rows, values, strict=True):
        row = list(table.rows[number])
        row[at] = value
        table.rows[number] = tuple(row)


def demo_return(
    targets: dict[str, Measurement], as_at: datetime.date
) -> tuple[dict[str, bytes], int | None]:
    """The return's files, and the population for the rate, giving the targets' figures."""
    rng = random.Random(SEED)
    files = generate_return(children=CHILDREN, as_at=as_at, seed=SEED)
    found = read_return([(name, io.BytesIO(data)) for name, data in files.items()])
    window = window_ending(as_at)
    by_child = _episodes(found.tables["episodes"])
    uasc = {row[0] for row in found.tables["uasc"].rows if row[3] is None or row[3] > as_at}
    in_care = sorted(c for c, eps in by_child.items() if any(e.open_on(as_at) for e in eps))
    moved = {c for c in in_care if _placements_in_window(by_child[c], window) >= 3}

    wanted = int(targets["CLA-COUNT"].value) if "CLA-COUNT" in targets else len(in_care)
    uasc_wanted = int(targets["CLA-UASC"].value) if "CLA-UASC" in targets else 0
    moved_wanted = len(moved)
    if "CLA-STAB-3PL" in targets:
        moved_wanted, _ = _count_of(targets["CLA-STAB-3PL"], wanted)
    chosen = [c for c in in_care if c in uasc and c not in moved][:uasc_wanted]
    chosen += [c for c in in_care if c in moved and c not in uasc][:moved_wanted]
    others = [c for c in in_care if c not in uasc and c not in moved]
    chosen += others[: wanted - len(chosen)]
    _keep(found, set(in_care) - set(chosen))

    oc2 = found.tables["oc2"]
    health = {c: targets[c] for c in ("CLA-RHA", "CLA-DENTAL") if c in targets}
    if health:
        cohort = min(_count_of(figure, len(oc2.rows))[1] for figure in health.values())
        del oc2.rows[cohort:], oc2.lines[cohort:]
        for code, column in (("CLA-RHA", "HEALTH_ASSESSMENT"), ("CLA-DENTAL", "TEETH_CHECK")):
            if code in health:
                count, _ = _count_of(health[code], cohort)
                order = list(range(cohort))
                rng.shuffle(order)
                _set(oc2, order, column, ["1"] * count + ["0"] * (cohort - count))

    oc3 = found.tables["oc3"]
    leavers = [
        n for n, row in enumerate(oc3.rows)
        if row[1] and 19 <= age_on(row[1], as_at) <= 21 and row[2] != "DIED"
    ]  # fmt: skip
    if "CL-IN-TOUCH" in targets:
        in_touch, cohort = _count_of(targets["CL-IN-TOUCH"], len(leavers))
        suitable = in_touch
        if "CL-SUIT-ACC" in targets:
            suitable = min(_count_of(targets["CL-SUIT-ACC"], cohort)[0], in_touch)
        dropped = {oc3.rows[n][0] for n in leavers[cohort:]}
        leavers = leavers[:cohort]
        rng.shuffle(leavers)
        _set(oc3, leavers, "IN_TOUCH", ["YES"] * in_touch + ["NO"] * (cohort - in_touch))
        accommodation = ["B1", "C1", "E1", "H1", "K1", "S1", "T1", "U1"]
        accom = [rng.choice(accommodation) for _ in range(suitable)]
        accom += ["B2"] * (in_touch - suitable) + ["0"] * (cohort - in_touch)
        _set(oc3, leavers, "ACCOM", accom)
        activities = [rng.choice(("F1", "P1", "F2", "P2", "G4", "G5", "G6")) for _ in leavers]
        _set(oc3, leavers, "ACTIV", activities[:in_touch] + ["0"] * (cohort - in_touch))
        _keep(found, dropped)

    population = None
    rate = targets.get("CLA-RATE-10K")
    if rate is not None and rate.denominator and rate.numerator == wanted:
        population = rate.denominator
    return {f"{name}.csv": to_csv(table) for name, table in found.tables.items()}, population


def load_demo_ssda903(*, today: datetime.date | None = None) -> Ssda903Upload | None:
    """Link the demo KPIs to their measures and upload, as the performance lead, a return
    for the latest quarter that gives their approved figures. Returns the upload (the one
    already there when the same return was uploaded before)."""
    today = today or timezone.localdate()
    lead = demo_people("performance")["performance"]
    quarter = FinancialQuarter.containing(today).previous()
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(code__in=DEMO_LINKS)}
    for code, kpi in kpis.items():
        if kpi.ssda903_measure != DEMO_LINKS[code]:
            kpi_update(kpi=kpi, user=lead, ssda903_measure=DEMO_LINKS[code])
    targets = {
        figure.kpi.code: figure
        for figure in Measurement.objects.approved()
        .filter(quarter=quarter, kpi__in=kpis.values())
        .select_related("kpi")
    }
    files, population = demo_return(targets, quarter.end)
    checksum = read_return([(n, io.BytesIO(d)) for n, d in files.items()]).checksum
    done = Ssda903Upload.objects.filter(
        quarter=quarter, checksum=checksum, status=Ssda903Upload.Status.DONE
    ).first()
    if done is not None:
        return done
    upload = services.upload_create(
        quarter=quarter,
        files=[(name, io.BytesIO(data)) for name, data in files.items()],
        user=lead,
        population=population,
        run_validation=False,
        queue=False,
    )
    return services.upload_run(upload_id=upload.pk, run_token=upload.run_token)
