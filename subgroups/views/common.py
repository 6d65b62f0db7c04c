"""What several sections' pages share: the change history panel and the "next" address."""

from django.db import models
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from cpboard.history import change_history
from cpboard.roles import Capability, can


def history_for(request: HttpRequest, obj: models.Model, fields: tuple[str, ...]):
    """The record's change history for those who may see it; None for the others."""
    if can(request.user, Capability.VIEW_CHANGE_HISTORY):
        return change_history(obj, fields=fields)
    return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ?next= address (or the form's) if it is on this site; `fallback` otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
