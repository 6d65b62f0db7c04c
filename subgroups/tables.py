import django_tables2 as tables

from subgroups.models import BoardGroup


class BoardGroupTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="Group", attrs={"a": {"class": "govuk-link"}})
    reports_to = tables.Column(verbose_name="Reports to", default="-")
    meeting_frequency = tables.Column(verbose_name="Meets")
    remit = tables.Column(verbose_name="Remit", orderable=False)

    class Meta:
        model = BoardGroup
        fields = ("name", "reports_to", "meeting_frequency", "remit")
        order_by = ("position",)
        empty_text = "There are no groups yet. An administrator can add them."

    def render_remit(self, value: str) -> str:
        first_sentence, _, rest = value.partition(". ")
        return first_sentence + ("." if rest else "")
