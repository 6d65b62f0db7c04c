from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import Report, ReportFile, ReportSection


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0
    fields = ("position", "key", "heading", "body")


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "audience", "status", "created_at")
    list_filter = ("kind", "audience", "status")
    readonly_fields = ("run_token", "task_id", "progress", "heartbeat_at", "published_file")
    inlines = [ReportSectionInline]


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ("report", "version", "pages", "size", "sha256", "created_at")
    readonly_fields = ("report", "version", "file", "sha256", "size", "pages", "snapshot")
