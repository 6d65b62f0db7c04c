"""The sub-groups' records in the administration site. Restricted agenda items, and the
actions raised on them, are shown only to whom the portal shows them: the models'
`visible_to(user)` decides, here as on the portal's pages."""

from django.contrib import admin

from cpboard.admin import PortalHistoryAdmin
from subgroups.models import (
    AgendaItem,
    BoardGroup,
    Challenge,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
)


@admin.register(BoardGroup)
class BoardGroupAdmin(PortalHistoryAdmin):
    list_display = ("name", "kind", "reports_to", "meeting_frequency", "position")
    list_select_related = ("reports_to",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "remit")


@admin.register(Membership)
class MembershipAdmin(PortalHistoryAdmin):
    list_display = ("__str__", "group", "role", "starts_on", "ends_on")
    list_filter = ("group", "role")
    list_select_related = ("group", "user")
    search_fields = ("name", "organisation", "user__first_name", "user__last_name")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    # Papers are uploaded and read through the portal's pages, which check who may see them;
    # the admin site would link to a public media address instead.
    fields = ("position", "title", "presenter", "is_restricted", "standing")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Meeting)
class MeetingAdmin(PortalHistoryAdmin):
    list_display = ("__str__", "place", "status")
    list_filter = ("group", "status")
    list_select_related = ("group",)
    inlines = [AgendaItemInline]


@admin.register(MeetingAction)
class MeetingActionAdmin(PortalHistoryAdmin):
    list_display = ("description", "group", "owner", "due_on", "status")
    list_filter = ("group", "status")
    list_select_related = ("group", "owner")
    raw_id_fields = ("raised_at", "closed_at")
    # An id typed into a raw-id box would print the item's title beside it, restricted or
    # not; the portal raises an action from its item on the meeting's page.
    readonly_fields = ("agenda_item",)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Challenge)
class ChallengeAdmin(PortalHistoryAdmin):
    list_display = ("subject_label", "owner", "due_on", "answered_on")
    list_select_related = ("owner",)
    search_fields = ("subject_label", "question", "answer")


@admin.register(HighlightReport)
class HighlightReportAdmin(PortalHistoryAdmin):
    list_display = ("group", "quarter", "status", "author")
    list_filter = ("group", "status")
    list_select_related = ("group", "author")


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(PortalHistoryAdmin):
    list_display = ("you_said", "source", "raised_on", "status", "told_on")
    list_filter = ("source", "status")
