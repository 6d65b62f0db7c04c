"""The strategy in the administration site. Reviews of risks, updates of actions and
progress notes are records of what someone said in a quarter: read-only here, written on the
portal's pages; a risk's current rating changes only with a review."""

from django.contrib import admin

from cpboard.admin import PortalAdmin, PortalHistoryAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline
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
class StrategyAdmin(PortalHistoryAdmin):
    list_display = ("title", "starts", "ends", "status", "approved_by", "approved_on")
    list_filter = ("status",)
    inlines = [OutcomeInline]


@admin.register(Outcome)
class OutcomeAdmin(PortalHistoryAdmin):
    list_display = ("number", "title", "strategy", "lead_group")
    list_select_related = ("strategy", "lead_group")
    list_filter = ("strategy",)
    filter_horizontal = ("principles",)


@admin.register(Principle)
class PrincipleAdmin(PortalAdmin):
    list_display = ("number", "title")
    readonly_fields = ("number", "wording")


class ActionUpdateInline(ReadOnlyInline):
    model = ActionUpdate
    fields = ("quarter", "status", "note", "written_by", "written_on")


@admin.register(Action)
class ActionAdmin(PortalHistoryAdmin):
    list_display = ("reference", "title", "kind", "outcome", "owner", "due_on", "status")
    list_select_related = ("outcome", "owner")
    list_filter = ("kind", "status")
    search_fields = ("reference", "title")
    filter_horizontal = ("principles",)
    inlines = [ActionUpdateInline]


class RiskReviewInline(ReadOnlyInline):
    model = RiskReview
    fields = ("quarter", "reviewed_on", "likelihood", "impact", "note", "reviewed_by")


@admin.register(Risk)
class RiskAdmin(PortalHistoryAdmin):
    list_display = ("reference", "title", "owner", "likelihood", "impact", "review_on")
    list_select_related = ("owner",)
    search_fields = ("reference", "title")
    filter_horizontal = ("actions",)
    inlines = [RiskReviewInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return super().get_readonly_fields(request, obj)
        return (*super().get_readonly_fields(request, obj), "likelihood", "impact")


@admin.register(OutcomeProgress)
class OutcomeProgressAdmin(ReadOnlyHistoryAdmin):
    list_display = ("outcome", "quarter", "written_by")
    list_select_related = ("outcome", "written_by")
