from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from strategy.models import Outcome, Principle, Strategy


class OutcomeInline(admin.TabularInline):
    model = Outcome
    fields = ("number", "title", "lead_group")
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ("title", "starts", "ends", "status", "approved_by", "approved_on")
    list_filter = ("status",)
    inlines = [OutcomeInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "strategy", "lead_group")
    list_select_related = ("strategy", "lead_group")
    list_filter = ("strategy",)
    filter_horizontal = ("principles",)


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "title")
    readonly_fields = ("number", "wording")
