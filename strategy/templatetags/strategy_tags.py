"""Tags that write a status or a rating as words in a GOV.UK tag (the colour only repeats
the word)."""

from django import template

from cpboard.roles import Capability, can
from strategy import tables

register = template.Library()


@register.filter
def status_tag(status: str):
    """ "on_track" -> <strong class="govuk-tag govuk-tag--green">On track</strong>."""
    return tables.status_tag(status) if status else ""


@register.simple_tag
def overdue_tag():
    return tables.overdue_tag()


@register.filter
def rating_tag(rating):
    """A Rating as its code in a tag shaded by its level, with its meaning and level in words."""
    if rating is None:
        return "Not rated"
    return tables.rating_tag(rating)


@register.filter
def may(user, capability: str) -> bool:
    """{% if request.user|may:"view_risks" %}: whether the user holds the capability."""
    return can(user, Capability(capability))
