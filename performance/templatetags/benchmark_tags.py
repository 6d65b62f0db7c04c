"""Template filters for DfE figures: thin wrappers over performance.benchmarks.charts."""

from django import template

from performance.benchmarks.charts import figure_text
from performance.benchmarks.models import Symbol

register = template.Library()


@register.filter
def dfe_value(value, unit: str) -> str:
    """A number as pages print DfE figures ("14%", "72 per 10,000")."""
    return figure_text(value, unit)


@register.filter
def dfe_figure(row, unit: str) -> str:
    """A published figure, or DfE's symbol with its meaning ("c: suppressed to protect
    confidentiality"); "No figure" where DfE has no row at all."""
    if row is None:
        return "No figure"
    if row.value is not None:
        return figure_text(row.value, unit)
    if row.symbol == Symbol.BLANK:
        return "Not published"
    return f"{row.symbol}: {Symbol(row.symbol).label}"


BAND_TAGS = {
    "A": "govuk-tag--green",
    "B": "govuk-tag--light-blue",
    "C": "govuk-tag--yellow",
    "D": "govuk-tag--red",
}


@register.filter
def band_tag(quartile: str | None) -> str:
    """The GOV.UK tag colour of a band; the words beside it carry the meaning too."""
    return BAND_TAGS.get(quartile or "", "govuk-tag--grey")


@register.filter
def any_compared(rows) -> bool:
    """Whether any scorecard row shows DfE's figures (How we compare)."""
    return any(getattr(row, "benchmark", None) for row in rows)


@register.simple_tag
def dfe_source() -> str:
    """The demo's note (if any) and the source line DfE's licence asks for."""
    from django.conf import settings

    from performance.benchmarks import SOURCE_LINE

    note = settings.DFE_DEMO_NOTE
    return f"{note} {SOURCE_LINE}" if note else SOURCE_LINE
