"""Changes to the strategy and its outcomes."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from strategy.models import Outcome, Principle


@transaction.atomic
def outcome_update(
    *,
    outcome: Outcome,
    changed_by: AbstractBaseUser,
    principles: list[Principle] | None = None,
    **fields,
) -> Outcome:
    """Save new values for an outcome, and its principles when given, in one transaction;
    the change is recorded in the outcome's history against `changed_by`."""
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
