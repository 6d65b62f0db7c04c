"""Who may see and who may change each record of the strategy: the one place.

What a role may do is `cpboard.roles` (capabilities); this module joins a capability to one
record (its owner or lead officer), as healthchecks' `_get_check_for_user` does:
`get_<record>_for_user(user, pk)` returns the record with whether the user may change it
(`rw`: update an action, review a risk, write an outcome's progress), or raises Http404 for
one the user may not see; `get_rw_<record>_for_user` also raises PermissionDenied unless
they may. Changing a record's own fields (title, owner, rating) is EDIT_STRATEGY, which
includes `rw`. Views and services ask here; templates read the answer."""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cpboard.roles import Capability, can
from strategy import selectors
from strategy.models import Action, Outcome, Risk

User = AbstractBaseUser | AnonymousUser
Record = TypeVar("Record")


# --- The rules ------------------------------------------------------------------------------


def _may_change_owned(user: User, owner_id: int | None) -> bool:
    """Whoever keeps the strategy, or the record's owner if they may update what they own."""
    return can(user, Capability.EDIT_STRATEGY) or (
        can(user, Capability.UPDATE_OWN_ITEMS) and owner_id is not None and owner_id == user.pk
    )


def may_update_action(user: User, action: Action) -> bool:
    """The action's owner (who may update what they own) or the board secretary."""
    return _may_change_owned(user, action.owner_id)


def may_see_risks(user: User) -> bool:
    """Risks are for staff and councillors, not young people."""
    return can(user, Capability.VIEW_RISKS)


def may_review_risk(user: User, risk: Risk) -> bool:
    """The risk's owner (who may review what they own) or the board secretary."""
    return may_see_risks(user) and _may_change_owned(user, risk.owner_id)


def may_write_progress(user: User, outcome: Outcome) -> bool:
    """The outcome's lead officer or the board secretary."""
    return _may_change_owned(user, outcome.lead_officer_id)


# --- Records for a user ---------------------------------------------------------------------


def _rw_only(found: tuple[Record, bool]) -> Record:
    """The record of a (record, rw) answer; PermissionDenied unless rw."""
    record, rw = found
    if not rw:
        raise PermissionDenied
    return record


def get_outcome_for_user(user: User, pk: int) -> tuple[Outcome, bool]:
    """The outcome, and whether the user may write its progress statements."""
    try:
        outcome = selectors.outcome_detail(pk)
    except Outcome.DoesNotExist:
        raise Http404("No such outcome") from None
    return outcome, may_write_progress(user, outcome)


def get_rw_outcome_for_user(user: User, pk: int) -> Outcome:
    return _rw_only(get_outcome_for_user(user, pk))


def get_action_for_user(user: User, pk: int) -> tuple[Action, bool]:
    """The action (or pledge commitment), and whether the user may update it."""
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist:
        raise Http404("No such action") from None
    return action, may_update_action(user, action)


def get_rw_action_for_user(user: User, pk: int) -> Action:
    return _rw_only(get_action_for_user(user, pk))


def get_risk_for_user(user: User, pk: int) -> tuple[Risk, bool]:
    """The risk, and whether the user may review it; to anyone who may not see risks, a
    risk does not exist."""
    if not may_see_risks(user):
        raise Http404("No such risk")
    try:
        risk = selectors.risk_detail(pk)
    except Risk.DoesNotExist:
        raise Http404("No such risk") from None
    return risk, may_review_risk(user, risk)


def get_rw_risk_for_user(user: User, pk: int) -> Risk:
    return _rw_only(get_risk_for_user(user, pk))
