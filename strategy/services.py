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
    outcome._history_user = changed_by
    outcome.save()
    if principles is not None:
        outcome.principles.set(principles)
    return outcome
