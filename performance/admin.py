from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ComparatorInline(admin.TabularInline):
    model = Comparator
    extra = 0


@admin.register(Kpi)
class KpiAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "unit", "polarity", "subgroup", "owner", "is_active")
    list_filter = ("subgroup", "unit", "polarity", "source", "is_active")
    list_select_related = ("subgroup", "owner")
    search_fields = ("code", "title")
    inlines = [TargetInline, ComparatorInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ("kpi", "quarter", "value", "numerator", "denominator", "status", "approved_by")
    list_filter = ("status", "quarter", "kpi__subgroup")
    list_select_related = ("kpi", "approved_by")
    search_fields = ("kpi__code", "kpi__title")
    readonly_fields = ("version",)


@admin.register(CollectionRound)
class CollectionRoundAdmin(SimpleHistoryAdmin):
    list_display = ("quarter", "due_on", "reminder_days", "reminder_sent_on", "is_open")
