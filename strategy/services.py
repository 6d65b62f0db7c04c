"""Changes to the strategy and its outcomes, the action plan and the risk register.

Every change runs in a transaction and is kept in the record's history against who made it.
"""

import calendar
import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cpboard.history import check_not_stale
from cpboard.quarters import FinancialQuarter
from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    OutcomeProgress,
    Principle,
    Risk,
    RiskReview,
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
    # Lock the row so that two saves at once are checked for staleness one after the other.
    Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
    if seen_change is not None:
        check_not_stale(outcome, seen_change)
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.full_clean()
    if principles is not None:
        # One history record per edit: the save below records the new principles with the
        # other fields, instead of the many-to-many change adding a record of its own.
        outcome.skip_history_when_saving = True
        try:
            outcome.principles.set(principles)
        finally:
            del outcome.skip_history_when_saving
    outcome._history_user = changed_by
    outcome.save()
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
    progress.statement = statement
    progress.written_by = written_by
    progress.full_clean()
    progress._history_user = written_by
    progress.save()
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
    Action.objects.select_for_update().filter(pk=action.pk).first()
    if seen_change is not None:
        check_not_stale(action, seen_change)
    update = ActionUpdate.objects.filter(action=action, quarter=quarter).first()
    if update is None:
        update = ActionUpdate(action=action, quarter=quarter)
    update.status = status
    update.note = note
    update.written_by = written_by
    update.written_on = written_on or timezone.localdate()
    update.full_clean()
    update._history_user = written_by
    update.save()
    # The action's own history records every update, so a stale form opened before this one
    # is refused.
    action.status = status
    action._history_user = written_by
    action.save()
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
    Action.objects.select_for_update().filter(pk=action.pk).first()
    if seen_change is not None:
        check_not_stale(action, seen_change)
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    if principles is not None:
        action.skip_history_when_saving = True
        try:
            action.principles.set(principles)
        finally:
            del action.skip_history_when_saving
    action._history_user = changed_by
    action.save()
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
    Risk.objects.select_for_update().filter(pk=risk.pk).first()
    if seen_change is not None:
        check_not_stale(risk, seen_change)
    reviewed_on = reviewed_on or timezone.localdate()
    review = RiskReview.objects.filter(risk=risk, quarter=quarter).first()
    if review is None:
        review = RiskReview(risk=risk, quarter=quarter)
    review.reviewed_on = reviewed_on
    review.likelihood = rating.likelihood
    review.impact = rating.impact
    review.note = note
    review.reviewed_by = reviewed_by
    review.full_clean()
    review._history_user = reviewed_by
    review.save()
    if risk.reviews.filter(quarter__gt=quarter).exists():
        # A review of an earlier quarter, entered late, does not replace the current rating.
        return review
    risk.likelihood = rating.likelihood
    risk.impact = rating.impact
    risk.review_on = next_review_on or _three_months_after(reviewed_on)
    risk.rerating_reason = ""
    risk.rerating_flagged_on = None
    risk.full_clean()
    risk._history_user = reviewed_by
    risk.save()
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
    """Save new values for a risk (its mitigating actions and KPIs when given) in one history
    record. Raises StaleEdit if someone changed it after `seen_change`."""
    Risk.objects.select_for_update().filter(pk=risk.pk).first()
    if seen_change is not None:
        check_not_stale(risk, seen_change)
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean()
    risk.skip_history_when_saving = True
    try:
        if actions is not None:
            risk.actions.set(actions)
        if kpis is not None:
            risk.kpis.set(kpis)
    finally:
        del risk.skip_history_when_saving
    risk._history_user = changed_by
    risk.save()
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
    action = Action(**fields)
    action.full_clean()
    action._history_user = created_by
    action.save()
    if principles:
        action.principles.set(principles)
    return action


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
    risk = Risk(**fields)
    risk.full_clean()
    risk._history_user = created_by
    risk.save()
    if actions:
        risk.actions.set(actions)
    if kpis:
        risk.kpis.set(kpis)
    return risk
