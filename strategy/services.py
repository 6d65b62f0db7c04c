"""Changes to the strategy and its outcomes, the action plan and the risk register.

Every change runs in a transaction and is kept in the record's history against who made it.
"""

import calendar
import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cpboard.history import set_links
from cpboard.quarters import FinancialQuarter
from cpboard.services import lock_row, model_create, model_update
from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    OutcomeProgress,
    Principle,
    Risk,
    RiskReview,
    Strategy,
)
from strategy.ratings import Rating


@transaction.atomic
def outcome_update(
    *,
    outcome: Outcome,
    changed_by: AbstractBaseUser,
    principles: list[Principle] | None = None,
    seen_change: int | None = None,
    **fields,
) -> Outcome:
    """Save new values for an outcome, and its principles when given, in one transaction;
    the change is recorded in the outcome's history against `changed_by`. Raises StaleEdit
    if `seen_change` is given and someone saved the outcome since."""
    if principles is not None:
        fields["principles"] = principles
    model_update(
        instance=outcome,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return outcome


@transaction.atomic
def outcome_progress_record(
    *,
    outcome: Outcome,
    quarter: FinancialQuarter,
    statement: str,
    written_by: AbstractBaseUser,
) -> OutcomeProgress:
    """Record the outcome's progress statement for `quarter`, replacing that quarter's earlier
    statement if there is one (the old wording stays in its history)."""
    progress = (
        OutcomeProgress.objects.select_for_update().filter(outcome=outcome, quarter=quarter).first()
    )
    if progress is None:
        progress = OutcomeProgress(outcome=outcome, quarter=quarter)
    model_update(
        instance=progress,
        fields={"statement": statement, "written_by": written_by},
        changed_by=written_by,
        lock=False,  # locked above
        save_unchanged=True,
    )
    return progress


@transaction.atomic
def action_update_record(
    *,
    action: Action,
    quarter: FinancialQuarter,
    status: str,
    note: str,
    written_by: AbstractBaseUser,
    seen_change: int | None = None,
    written_on: datetime.date | None = None,
) -> ActionUpdate:
    """Record the owner's update for `quarter` (replacing that quarter's earlier update, whose
    wording stays in history) and set the action's status to it. Raises StaleEdit if
    `seen_change` is given and someone changed the action since."""
    # Lock and check the action before the update is written; its status is saved below.
    lock_row(action, seen_change=seen_change)
    update = ActionUpdate.objects.filter(action=action, quarter=quarter).first()
    if update is None:
        update = ActionUpdate(action=action, quarter=quarter)
    model_update(
        instance=update,
        fields={
            "status": status,
            "note": note,
            "written_by": written_by,
            "written_on": written_on or timezone.localdate(),
        },
        changed_by=written_by,
        lock=False,  # the action's lock covers its updates
        save_unchanged=True,
    )
    # The action's own history records every update, so a stale form opened before this one
    # is refused.
    model_update(
        instance=action,
        fields={"status": status},
        changed_by=written_by,
        lock=False,
        clean=False,
        save_unchanged=True,
    )
    return update


@transaction.atomic
def action_change(
    *,
    action: Action,
    changed_by: AbstractBaseUser,
    principles: list[Principle] | None = None,
    seen_change: int | None = None,
    **fields,
) -> Action:
    """Save new values for an action (and its principles when given) in one history record.
    Raises StaleEdit if someone changed it after `seen_change`."""
    if principles is not None:
        fields["principles"] = principles
    model_update(
        instance=action,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return action


@transaction.atomic
def risk_review_record(
    *,
    risk: Risk,
    quarter: FinancialQuarter,
    rating: Rating,
    note: str,
    reviewed_by: AbstractBaseUser,
    reviewed_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    seen_change: int | None = None,
) -> RiskReview:
    """Record a review of the risk for `quarter` (replacing that quarter's earlier review,
    kept in history): the risk takes the review's rating, its next review date (three months
    on unless given) and loses any flag for re-rating, since it has just been re-rated.
    Raises StaleEdit if `seen_change` is given and someone changed the risk since."""
    # Lock and check the risk before the review is written; its rating is saved below.
    lock_row(risk, seen_change=seen_change)
    reviewed_on = reviewed_on or timezone.localdate()
    review = RiskReview.objects.filter(risk=risk, quarter=quarter).first()
    if review is None:
        review = RiskReview(risk=risk, quarter=quarter)
    model_update(
        instance=review,
        fields={
            "reviewed_on": reviewed_on,
            "likelihood": rating.likelihood,
            "impact": rating.impact,
            "note": note,
            "reviewed_by": reviewed_by,
        },
        changed_by=reviewed_by,
        lock=False,  # the risk's lock covers its reviews
        save_unchanged=True,
    )
    if risk.reviews.filter(quarter__gt=quarter).exists():
        # A review of an earlier quarter, entered late, does not replace the current rating.
        return review
    model_update(
        instance=risk,
        fields={
            "likelihood": rating.likelihood,
            "impact": rating.impact,
            "review_on": next_review_on or _three_months_after(reviewed_on),
            "rerating_reason": "",
            "rerating_flagged_on": None,
        },
        changed_by=reviewed_by,
        lock=False,
        save_unchanged=True,
    )
    return review


def _three_months_after(day: datetime.date) -> datetime.date:
    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def risk_change(
    *,
    risk: Risk,
    changed_by: AbstractBaseUser,
    actions: list[Action] | None = None,
    kpis: list | None = None,
    seen_change: int | None = None,
    **fields,
) -> Risk:
    """Save new values for a risk (its mitigating actions when given) in one history record,
    and its KPIs when given (their links keep their own history: they belong to the KPIs).
    Raises StaleEdit if someone changed it after `seen_change`."""
    if actions is not None:
        fields["actions"] = actions
    # The KPIs' links keep their own history, recorded at the moment of the risk's own change
    # so that its page shows one change (cpboard.history.set_links).
    risk._history_date = timezone.now()
    model_update(
        instance=risk,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    if kpis is not None:
        set_links(risk.kpis, kpis, changed_by=changed_by)
    return risk


@transaction.atomic
def risk_flag_for_rerating(
    *,
    risk: Risk,
    reason: str,
    quarter: FinancialQuarter | None = None,
    on: datetime.date | None = None,
) -> bool:
    """Flag an open risk for re-rating (a KPI that would show it materialising has been red
    for two quarters in a row), saying why. Nothing changes, and False is returned, when the
    risk is closed, already flagged, or was reviewed for a quarter after `quarter` (the
    reviewer has seen the red figures). The next review clears the flag."""
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.closed_on is not None or risk.rerating_flagged_on is not None:
        return False
    if quarter is not None and risk.reviews.filter(quarter__gt=quarter).exists():
        return False
    risk.rerating_reason = reason
    risk.rerating_flagged_on = on or timezone.localdate()
    risk.save()
    return True


@transaction.atomic
def action_create(
    *, created_by: AbstractBaseUser, principles: list[Principle] | None = None, **fields
) -> Action:
    """Add an action (or a pledge or offer commitment); its history starts with who added
    it. Raises ValidationError for a reference already used or a plan action without an
    outcome."""
    return model_create(
        model=Action, fields={**fields, "principles": principles}, changed_by=created_by
    )


@transaction.atomic
def risk_create(
    *,
    created_by: AbstractBaseUser,
    actions: list[Action] | None = None,
    kpis: list | None = None,
    **fields,
) -> Risk:
    """Add a risk to the register with its first rating; its history starts with who added
    it."""
    risk = model_create(model=Risk, fields={**fields, "actions": actions}, changed_by=created_by)
    if kpis:
        set_links(risk.kpis, kpis, changed_by=created_by)
    return risk


@transaction.atomic
def strategy_create(*, created_by: AbstractBaseUser, **fields) -> Strategy:
    """Add a strategy (title, years, status, approval and vision); its history starts with
    who added it."""
    return model_create(model=Strategy, fields=fields, changed_by=created_by)


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, changed_by: AbstractBaseUser, seen_change: int | None = None, **fields
) -> Strategy:
    """Save new values for a strategy's fields in one history record against `changed_by`.
    Raises StaleEdit if `seen_change` is given and someone saved the strategy since."""
    model_update(instance=strategy, fields=fields, changed_by=changed_by, seen_change=seen_change)
    return strategy


@transaction.atomic
def outcome_create(
    *,
    strategy: Strategy,
    created_by: AbstractBaseUser,
    principles: list[Principle] | None = None,
    **fields,
) -> Outcome:
    """Add an outcome to a strategy, with the corporate parenting principles it serves; its
    history starts with who added it. Raises ValidationError for a number already used."""
    if principles:
        fields["principles"] = principles
    return model_create(
        model=Outcome, fields={"strategy": strategy, **fields}, changed_by=created_by
    )
