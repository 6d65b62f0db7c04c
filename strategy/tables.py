import django_tables2 as tables

from strategy.models import Outcome


class OutcomeTable(tables.Table):
    number = tables.Column(verbose_name="No.")
    title = tables.Column(
        linkify=True, verbose_name="Outcome", attrs={"a": {"class": "govuk-link"}}
    )
    lead_group = tables.Column(verbose_name="Lead group", default="Not assigned")
    principles = tables.ManyToManyColumn(
        verbose_name="Principles served",
        transform=lambda principle: str(principle.number),
        separator=", ",
        orderable=False,
    )

    class Meta:
        model = Outcome
        fields = ("number", "title", "lead_group", "principles")
        order_by = ("number",)
        empty_text = "The current strategy has no outcomes yet."
