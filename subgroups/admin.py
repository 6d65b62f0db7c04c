from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from subgroups.models import BoardGroup


@admin.register(BoardGroup)
class BoardGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "reports_to", "meeting_frequency", "position")
    list_select_related = ("reports_to",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "remit")
