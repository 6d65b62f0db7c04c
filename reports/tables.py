"""The list of reports. Status cells say their value in words; the tag colour repeats it."""

import django_tables2 as tables
from django.utils.html import format_html

from cpboard.tables import PortalTable
from reports.models import Report

STATUS_TAGS = {
    Report.Status.DRAFT: "govuk-tag--grey",
    Report.Status.COMPILING: "govuk-tag--blue",
    Report.Status.READY: "govuk-tag--turquoise",
    Report.Status.FAILED: "govuk-tag--red",
    Report.Status.PUBLISHED: "govuk-tag--green",
}


def status_tag(report: Report):
    tag = "govuk-tag--orange" if report.is_interrupted else STATUS_TAGS[report.status]
    return format_html('<strong class="govuk-tag {}">{}</strong>', tag, report.status_label)


class ReportTable(PortalTable):
    title = tables.Column(
        verbose_name="Report",
        accessor="pk",
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"class": "govuk-link"}},
        order_by=("kind", "quarter", "year"),
    )
    kind = tables.Column(verbose_name="Kind")
    audience = tables.Column(verbose_name="For")
    status = tables.Column(verbose_name="Status")
    file_count = tables.Column(verbose_name="Versions compiled")
    created_at = tables.DateColumn(verbose_name="Created", format="j M Y")

    class Meta:
        model = Report
        fields = ("title", "kind", "audience", "status", "file_count", "created_at")
        order_by = ("-created_at",)
        empty_text = "There are no reports yet."

    def render_title(self, record: Report):
        return record.title

    def render_status(self, record: Report):
        return status_tag(record)
