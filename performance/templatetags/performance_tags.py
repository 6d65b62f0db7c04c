"""Template filters for figures: thin wrappers over performance.judgement."""

from django import template

from performance import judgement

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    """A figure as people read it: "55.0%", "75.3 per 10,000", "481"."""
    return judgement.format_value(value, unit)


@register.filter
def small_cohort(denominator, unit: str) -> str:
    """ "1 child = 9 points" when one child moves the figure by 5 points or more."""
    return judgement.small_cohort_note(unit, denominator) or ""
