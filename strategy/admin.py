from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    OutcomeProgress,
    Principle,
    Risk,
    RiskReview,
    Strategy,
)


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


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ("quarter", "status", "note", "written_by", "written_on")
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "kind", "outcome", "owner", "due_on", "status")
    list_select_related = ("outcome", "owner")
    list_filter = ("kind", "status")
    search_fields = ("reference", "title")
    filter_horizontal = ("principles",)
    inlines = [ActionUpdateInline]


class RiskReviewInline(admin.TabularInline):
    model = RiskReview
    fields = ("quarter", "reviewed_on", "likelihood", "impact", "note", "reviewed_by")
    extra = 0


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "owner", "likelihood", "impact", "review_on")
    list_select_related = ("owner",)
    search_fields = ("reference", "title")
    filter_horizontal = ("actions", "kpis")
    inlines = [RiskReviewInline]


@admin.register(OutcomeProgress)
class OutcomeProgressAdmin(SimpleHistoryAdmin):
    list_display = ("outcome", "quarter", "written_by")
    list_select_related = ("outcome", "written_by")
