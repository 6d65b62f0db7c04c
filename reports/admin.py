"""Reports in the administration site, read-only for everyone: a report is written,
compiled and published on the portal's pages, and a compiled version is kept as it is."""

from django.contrib import admin

from cpboard.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline
from reports.models import Report, ReportFile, ReportSection


class ReportSectionInline(ReadOnlyInline):
    model = ReportSection
    fields = ("position", "key", "heading", "body")


@admin.register(Report)
class ReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "audience", "status", "created_at")
    list_filter = ("kind", "audience", "status")
    inlines = [ReportSectionInline]


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    list_display = ("report", "version", "pages", "size", "sha256", "created_at")
    # The file itself is fetched through the portal's download page, which checks the
    # report's audience; the admin would link to a public media address instead.
    exclude = ("file",)
