"""Template filters for KPIs computed from the SSDA903 return."""

from django import template

from performance.ssda903.measures import MEASURES_BY_CODE, WINDOW_NOTE, Measure

register = template.Library()


@register.filter
def ssda903_measure(code: str) -> Measure | None:
    """The measure a KPI names (`kpi.ssda903_measure|ssda903_measure`), with its definition."""
    return MEASURES_BY_CODE.get(code or "")


@register.simple_tag
def ssda903_window_note() -> str:
    """What every measure shares: the window, short breaks left out, an open episode."""
    return WINDOW_NOTE
