"""The KPI library in the administration site. Figures are read-only here: they change
only through the portal's entry and sign-off pages, which keep draft, submitted, approved."""

from django.contrib import admin

from cpboard.admin import PortalHistoryAdmin, ReadOnlyHistoryAdmin
from performance.models import CollectionRound, Comparator, Kpi, KpiRisk, Measurement, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ComparatorInline(admin.TabularInline):
    model = Comparator
    extra = 0


class KpiRiskInline(admin.TabularInline):
    """The risks this KPI would show materialising (`risk.kpis`: the link is the KPI's)."""

    model = KpiRisk
    extra = 0
    verbose_name = "risk this KPI would show"
    verbose_name_plural = "risks this KPI would show"


@admin.register(Kpi)
class KpiAdmin(PortalHistoryAdmin):
    list_display = ("code", "title", "unit", "polarity", "subgroup", "owner", "is_active")
    list_filter = ("subgroup", "unit", "polarity", "source", "is_active")
    list_select_related = ("subgroup", "owner")
    search_fields = ("code", "title")
    inlines = [TargetInline, ComparatorInline, KpiRiskInline]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("kpi", "quarter", "value", "numerator", "denominator", "status", "approved_by")
    list_filter = ("status", "quarter", "kpi__subgroup")
    list_select_related = ("kpi", "approved_by")
    search_fields = ("kpi__code", "kpi__title")


@admin.register(CollectionRound)
class CollectionRoundAdmin(PortalHistoryAdmin):
    list_display = ("quarter", "due_on", "reminder_days", "reminder_sent_on", "is_open")
