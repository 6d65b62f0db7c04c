"""Who may see and who may change a KPI and its figures: the one place.

What a role may do is `cpboard.roles` (capabilities); this module joins a capability to one
record, as healthchecks' `_get_check_for_user` does: `get_<record>_for_user(user, ...)`
returns the record with whether the user may change it (`rw`), or raises Http404 for one the
user may not see; `get_rw_<record>_for_user` also raises PermissionDenied unless they may.
Which KPIs an officer may enter figures for is the entry page's own rule (their own KPIs,
or any with ENTER_ANY_FIGURE)."""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cpboard.roles import Capability, can
from performance import selectors
from performance.models import Kpi, Measurement

User = AbstractBaseUser | AnonymousUser
Record = TypeVar("Record")


def may_manage_kpi(user: User) -> bool:
    """Whoever keeps the KPI library: definitions, targets and comparators."""
    return can(user, Capability.MANAGE_KPIS)


def may_see_unapproved(user: User) -> bool:
    """Figures before sign-off are for officers and the performance lead, not councillors."""
    return can(user, Capability.VIEW_UNAPPROVED_FIGURES)


def may_sign_off(user: User) -> bool:
    """Whoever approves, returns and reopens figures."""
    return can(user, Capability.APPROVE_FIGURES)


def _rw_only(found: tuple[Record, bool]) -> Record:
    """The record of a (record, rw) answer; PermissionDenied unless rw."""
    record, rw = found
    if not rw:
        raise PermissionDenied
    return record


def get_kpi_for_user(user: User, code: str) -> tuple[selectors.KpiDetail, bool]:
    """The KPI's page data with the figures the user may see (approved ones only unless
    they may see unapproved figures), and whether they may change the KPI."""
    try:
        detail = selectors.kpi_detail(code, include_unapproved=may_see_unapproved(user))
    except Kpi.DoesNotExist:
        raise Http404("No such KPI") from None
    return detail, may_manage_kpi(user)


def get_rw_kpi_for_user(user: User, code: str) -> Kpi:
    """The KPI, for its edit pages; PermissionDenied unless the user may change it."""
    try:
        kpi = selectors.kpi_record(code)
    except Kpi.DoesNotExist:
        raise Http404("No such KPI") from None
    return _rw_only((kpi, may_manage_kpi(user)))


def get_figure_for_user(user: User, pk: int) -> tuple[Measurement, bool]:
    """A quarter's figure if the user may see it (approved, or they may see unapproved
    figures), and whether they may sign it off, return it or reopen it."""
    try:
        figure = selectors.figure_detail(pk)
    except Measurement.DoesNotExist:
        raise Http404("No such figure") from None
    if figure.status != Measurement.Status.APPROVED and not may_see_unapproved(user):
        raise Http404("No such figure")
    return figure, may_sign_off(user)


def get_rw_figure_for_user(user: User, pk: int) -> Measurement:
    return _rw_only(get_figure_for_user(user, pk))
