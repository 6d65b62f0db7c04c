"""What the council keeps about young people's voice in the administration site: the
safeguarding phrases, the Bright Spots results and the celebrations. Young people's messages
are not here: only their sender and the participation lead read them, in the portal."""

from django.contrib import admin

from cpboard.admin import PortalHistoryAdmin
from voice.models import BrightSpotsResult, BrightSpotsSurvey, Celebration, SafeguardingPhrase


@admin.register(SafeguardingPhrase)
class SafeguardingPhraseAdmin(PortalHistoryAdmin):
    list_display = ("phrase", "is_active", "reviewed_on")
    list_filter = ("is_active",)
    search_fields = ("phrase",)


class BrightSpotsResultInline(admin.TabularInline):
    model = BrightSpotsResult
    fields = ("order", "indicator", "said", "percent", "national_percent")
    extra = 1


@admin.register(BrightSpotsSurvey)
class BrightSpotsSurveyAdmin(PortalHistoryAdmin):
    list_display = ("__str__", "respondents", "national_source")
    list_filter = ("kind",)
    inlines = [BrightSpotsResultInline]


@admin.register(Celebration)
class CelebrationAdmin(PortalHistoryAdmin):
    list_display = ("title", "kind", "happened_on", "names_a_young_person")
    list_filter = ("kind",)
    search_fields = ("title", "story")
