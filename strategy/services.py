"""Changes to the strategy and its outcomes."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cpboard.history import check_not_stale
from strategy.models import Outcome, Principle


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
