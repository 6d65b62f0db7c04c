"""Demo data: an approved strategy with the eight strategic outcomes of the Medway papers,
its action plan, the pledge, the care leaver offer, and the risk register of the papers.

The content is in the JSON files beside this module (strategy.json, actions.json,
risks.json). Every row is written through `strategy.services` by the demo person who would
write it (the board secretary sets up the strategy, the plan and the register; each owner
writes their updates and reviews), and only where the content differs from what is stored,
so a second run with the same `today` changes nothing and adds no history.

Quarters follow the KPI demo: L is the last quarter that has ended, and every date is worked
out from it, so the demo looks current whenever it is loaded. The plan has a year and a half
of updates, L-5 to L. Statuses over those six quarters are written as one letter each: N not
started, O on track, R at risk, X off track, C complete. Risks are reviewed every quarter
from when they were opened, so the annual report shows how they moved."""

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cpboard.demo import DemoDataError, Row, changes, demo_people, read, rows
from cpboard.quarters import FinancialQuarter
from strategy import services
from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    OutcomeProgress,
    Principle,
    Risk,
    RiskReview,
    Status,
    Strategy,
)
from strategy.ratings import SCALES, Rating, current_scale
from subgroups.models import BoardGroup, HighlightReport

DATA = Path(__file__).parent
"""Where the demo's data files are; a test may point it at others."""

STATUS_LETTERS = {
    "N": Status.NOT_STARTED,
    "O": Status.ON_TRACK,
    "R": Status.AT_RISK,
    "X": Status.OFF_TRACK,
    "C": Status.COMPLETE,
}
UPDATE_QUARTERS = 6

PEOPLE = ("officer", "performance", "secretary")


@dataclass(frozen=True)
class DemoAction:
    """A row of actions.json."""

    kind: str
    reference: str
    outcome: int | None
    title: str
    owner: str
    due: int
    """Due at the end of quarter L + due (negative: already past)."""
    statuses: str
    """Six letters, L-5 to L."""
    principles: list[int]
    doing: str
    """What an update says while it goes to plan."""
    trouble: str = ""
    """What an update says when it is at risk or off track."""


@dataclass(frozen=True)
class DemoRisk:
    """A row of risks.json."""

    reference: str
    title: str
    description: str
    cause: str
    consequence: str
    mitigation: str
    owner: str
    outcome: int
    target: str
    reviews: list[str]
    """Ratings at each quarterly review, oldest first, ending at L + last_review. The first
    review's quarter is when the risk was opened."""
    last_review: int
    """The latest review's quarter: L + last_review (0 or negative)."""
    actions: list[str]
    notes: dict[str, str]
    """What a review said: "held_or_fell" and "rose"."""
    review_due_in_days: int | None = None
    """Days from today to the next review, instead of three months after the last one."""


def _parse(row: Row, spec: dict, kind: type):
    names = {field.name for field in dataclasses.fields(kind)}
    unknown = set(spec) - names
    if unknown:
        raise row.error(f"unknown field {sorted(unknown)[0]!r}")
    try:
        return kind(**spec)
    except TypeError as error:
        raise row.error(str(error)) from None


def _actions_data() -> list[tuple[Row, DemoAction]]:
    return [(row, _parse(row, spec, DemoAction)) for row, spec in rows(DATA / "actions.json")]


def _risks_data() -> list[tuple[Row, DemoRisk]]:
    return [(row, _parse(row, spec, DemoRisk)) for row, spec in rows(DATA / "risks.json")]


def _strategy_data() -> dict:
    return read(DATA / "strategy.json")


OUTCOMES = tuple(
    (o["number"], o["title"], o["lead_group"], tuple(o["principles"]))
    for o in _strategy_data()["outcomes"]
)
"""(number, title, lead sub-group slug, principle numbers) of each outcome."""
ACTIONS = tuple(action for _, action in _actions_data())
RISKS = tuple(risk for _, risk in _risks_data())


def load_demo_strategy() -> Strategy:
    """Create or update the demo strategy and its outcomes (strategy.json); needs the demo
    users and groups loaded."""
    path = DATA / "strategy.json"
    content = read(path)
    secretary = demo_people("secretary")["secretary"]
    values = {name: content[name] for name in ("starts", "ends", "approved_by", "vision")}
    values["status"] = content["status"]
    values["approved_on"] = datetime.date.fromisoformat(content["approved_on"])
    strategy = Strategy.objects.filter(title=content["title"]).first()
    if strategy is None:
        strategy = services.strategy_create(created_by=secretary, title=content["title"], **values)
    elif changed := changes(strategy, values):
        services.strategy_update(strategy=strategy, changed_by=secretary, **changed)
    groups = {group.slug: group for group in BoardGroup.objects.all()}
    principles = {principle.number: principle for principle in Principle.objects.all()}
    existing = {outcome.number: outcome for outcome in strategy.outcomes.all()}
    for row, spec in rows(path, content["outcomes"]):
        values = {
            "title": spec["title"],
            "lead_group": row.find(groups, spec["lead_group"], "group"),
        }
        wanted = [row.find(principles, n, "principle") for n in spec["principles"]]
        outcome = existing.get(spec["number"])
        if outcome is None:
            services.outcome_create(
                strategy=strategy,
                created_by=secretary,
                principles=wanted,
                number=spec["number"],
                **values,
            )
            continue
        changed = changes(outcome, values)
        if {p.pk for p in wanted} != {p.pk for p in outcome.principles.all()}:
            changed["principles"] = wanted
        if changed:
            services.outcome_update(outcome=outcome, changed_by=secretary, **changed)
    return strategy


def _rating(code: str) -> Rating:
    """The papers rate on the 4 x 4 scale; a council configured for 5 x 5 gets the nearest
    rating."""
    paper = Rating.parse(code, SCALES["4x4"])
    scale = current_scale()
    if scale.key == "4x4":
        return paper
    return Rating(_TO_5X5[paper.likelihood], _TO_5X5[paper.impact], scale)


_TO_5X5 = {"A": "5", "B": "4", "C": "2", "D": "1", "I": "5", "II": "4", "III": "3", "IV": "2"}


def _review_day(quarter: FinancialQuarter, today: datetime.date, spread: int) -> datetime.date:
    """A believable day after the quarter ends, never after today."""
    return min(quarter.end + datetime.timedelta(days=10 + spread), today)


def _three_months_on(day: datetime.date) -> datetime.date:
    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def _outcomes(strategy: Strategy, quarters, people: dict) -> dict[int, Outcome]:
    """Each outcome's lead officer, member champion and progress statements."""
    path = DATA / "strategy.json"
    outcomes = {outcome.number: outcome for outcome in strategy.outcomes.all()}
    secretary = people["secretary"]
    stored = {(p.outcome_id, p.quarter): p for p in OutcomeProgress.objects.all()}
    for row, spec in rows(path, read(path)["outcomes"]):
        outcome = row.find(outcomes, spec["number"], "outcome")
        lead = row.find(people, spec["lead_officer"], "lead officer")
        values = {"lead_officer": lead, "member_champion": spec["member_champion"]}
        if changed := changes(outcome, values):
            services.outcome_update(outcome=outcome, changed_by=secretary, **changed)
        statements = spec["progress"]
        for index, quarter in enumerate(quarters):
            statement = statements[index % len(statements)]
            progress = stored.get((outcome.pk, quarter))
            if progress and progress.statement == statement and progress.written_by_id == lead.pk:
                continue
            services.outcome_progress_record(
                outcome=outcome, quarter=quarter, statement=statement, written_by=lead
            )
    return outcomes


def _note(spec: DemoAction, status: str) -> str:
    if status == Status.NOT_STARTED:
        return "Not started yet: planned to begin next quarter."
    if status in (Status.AT_RISK, Status.OFF_TRACK) and spec.trouble:
        return spec.trouble
    if status == Status.COMPLETE:
        return "Complete. " + spec.doing
    return spec.doing


def _plan(outcomes, principles, quarters, latest, today, people) -> dict[str, Action]:
    """The action plan, the pledge and the care leaver offer, with the owners' updates."""
    secretary = people["secretary"]
    existing = {(a.kind, a.reference): a for a in Action.objects.prefetch_related("principles")}
    stored = {(u.action_id, u.quarter): u for u in ActionUpdate.objects.all()}
    actions = {}
    for row, spec in _actions_data():
        if spec.kind not in Action.Kind.values:
            raise row.error(f"unknown kind {spec.kind!r}")
        statuses = [row.find(STATUS_LETTERS, letter, "status") for letter in spec.statuses]
        if len(statuses) != len(quarters):
            raise row.error(f"{len(statuses)} statuses for {len(quarters)} quarters")
        owner = row.find(people, spec.owner, "owner")
        values = {
            "outcome": row.find(outcomes, spec.outcome, "outcome") if spec.outcome else None,
            "title": spec.title,
            "owner": owner,
            "due_on": (latest + spec.due).end,
        }
        wanted = [row.find(principles, n, "principle") for n in spec.principles]
        action = existing.get((spec.kind, spec.reference))
        if action is None:
            action = services.action_create(
                created_by=secretary,
                principles=wanted,
                kind=spec.kind,
                reference=spec.reference,
                status=statuses[0],
                **values,
            )
        else:
            changed = changes(action, values)
            if {p.pk for p in wanted} != {p.pk for p in action.principles.all()}:
                changed["principles"] = wanted
            if changed:
                services.action_change(action=action, changed_by=secretary, **changed)
        actions[spec.reference] = action
        for index, (quarter, status) in enumerate(zip(quarters, statuses, strict=True)):
            update = stored.get((action.pk, quarter))
            wanted_update = {
                "status": status,
                "note": _note(spec, status),
                "written_by": owner,
                "written_on": _review_day(quarter, today, index),
            }
            if update is None or changes(update, wanted_update):
                services.action_update_record(action=action, quarter=quarter, **wanted_update)
        if action.status != statuses[-1]:
            # An earlier quarter's update was rewritten: the action keeps the latest status.
            services.action_change(action=action, changed_by=owner, status=statuses[-1])
    return actions


def _register(outcomes, actions, latest, today, people) -> None:
    """The risk register, reviewed by each risk's owner every quarter since it opened."""
    secretary = people["secretary"]
    existing = {r.reference: r for r in Risk.objects.prefetch_related("actions")}
    stored = {(r.risk_id, r.quarter): r for r in RiskReview.objects.all()}
    for position, (row, spec) in enumerate(_risks_data()):
        review_quarters = FinancialQuarter.range(
            latest + spec.last_review - (len(spec.reviews) - 1), latest + spec.last_review
        )
        try:
            ratings = [_rating(code) for code in spec.reviews]
            target = _rating(spec.target)
        except ValueError as error:
            raise row.error(str(error)) from None
        owner = row.find(people, spec.owner, "owner")
        last_day = _review_day(review_quarters[-1], today, position)
        if spec.review_due_in_days is not None:
            review_on = today + datetime.timedelta(days=spec.review_due_in_days)
        elif spec.last_review < 0:
            # Not reviewed since: the review date has passed.
            review_on = (latest + spec.last_review).next().end
        else:
            review_on = _three_months_on(last_day)
        values = {
            "title": spec.title,
            "description": spec.description,
            "cause": spec.cause,
            "consequence": spec.consequence,
            "mitigation": spec.mitigation,
            "owner": owner,
            "outcome": row.find(outcomes, spec.outcome, "outcome"),
            "target_likelihood": target.likelihood,
            "target_impact": target.impact,
            "opened_on": review_quarters[0].start,
            "closed_on": None,
        }
        wanted = [row.find(actions, reference, "action") for reference in spec.actions]
        risk = existing.get(spec.reference)
        if risk is None:
            risk = services.risk_create(
                created_by=secretary,
                actions=wanted,
                reference=spec.reference,
                likelihood=ratings[0].likelihood,
                impact=ratings[0].impact,
                review_on=review_on,
                **values,
            )
        else:
            changed = changes(risk, values)
            if {a.pk for a in wanted} != {a.pk for a in risk.actions.all()}:
                changed["actions"] = wanted
            if changed:
                services.risk_change(risk=risk, changed_by=secretary, **changed)
        previous = None
        for index, (quarter, rating) in enumerate(zip(review_quarters, ratings, strict=True)):
            rose = previous is not None and rating.score > previous.score
            previous = rating
            review = {
                "reviewed_on": _review_day(quarter, today, position + index),
                "likelihood": rating.likelihood,
                "impact": rating.impact,
                "note": spec.notes["rose"] if rose else spec.notes["held_or_fell"],
                "reviewed_by": owner,
            }
            review_row = stored.get((risk.pk, quarter))
            if review_row is not None and not changes(review_row, review):
                continue
            services.risk_review_record(
                risk=risk,
                quarter=quarter,
                rating=rating,
                note=review["note"],
                reviewed_by=owner,
                reviewed_on=review["reviewed_on"],
                next_review_on=review_on if quarter == review_quarters[-1] else None,
            )
        latest_rating = {
            "likelihood": ratings[-1].likelihood,
            "impact": ratings[-1].impact,
            "review_on": review_on,
        }
        if changed := changes(risk, latest_rating):
            # An earlier review was rewritten: the risk keeps the latest rating.
            services.risk_change(risk=risk, changed_by=owner, **changed)


def _highlight_report_outcomes(strategy: Strategy) -> None:
    """Each sub-group's highlight reports name the outcomes the group leads. The link
    belongs to strategy, so this demo writes it once the sub-groups' reports exist."""
    led: dict[int, set[int]] = {}
    for outcome in strategy.outcomes.all():
        led.setdefault(outcome.lead_group_id, set()).add(outcome.pk)
    for report in HighlightReport.objects.prefetch_related("outcomes"):
        wanted = led.get(report.group_id, set())
        if {outcome.pk for outcome in report.outcomes.all()} != wanted:
            report.outcomes.set(wanted)


def load_demo_plan(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create or update the outcomes' leads and progress statements, the action plan, the
    pledge, the care leaver offer and the risk register, with six quarters of updates and
    progress statements (L-5 to L, L being the last quarter that has ended) and quarterly
    risk reviews since each risk was opened; and link the sub-groups' highlight reports to
    the outcomes they lead. Needs the demo users, the strategy and (for the links) the demo
    meetings. Running it again with the same `today` changes nothing and adds no history.
    Returns how many of each it holds."""
    today = today or timezone.localdate()
    latest = FinancialQuarter.containing(today).previous()
    quarters = FinancialQuarter.range(latest - (UPDATE_QUARTERS - 1), latest)
    people = demo_people(*PEOPLE)
    strategy = Strategy.objects.current()
    if strategy is None:
        raise DemoDataError(DATA / "strategy.json", None, "load the demo strategy first")
    principles = {principle.number: principle for principle in Principle.objects.all()}

    with transaction.atomic():
        outcomes = _outcomes(strategy, quarters, people)
        actions = _plan(outcomes, principles, quarters, latest, today, people)
        _register(outcomes, actions, latest, today, people)
        _highlight_report_outcomes(strategy)
    return {
        "actions": Action.objects.plan().count(),
        "commitments": Action.objects.commitments().count(),
        "risks": Risk.objects.open().count(),
    }
