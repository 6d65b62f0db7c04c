"""Reads of the voice app, shaped for a page or a report."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from voice.models import BrightSpotsResult, BrightSpotsSurvey, Celebration, Message, Notice
from voice.plain import count_in_words, survey_in_words


def messages_of(user) -> list[Message]:
    """The messages the user sent, newest first, each with its unread notices counted."""
    return list(
        Message.objects.sent_by(user).annotate(
            unread=Count("notices", filter=Q(notices__read_at__isnull=True))
        )
    )


def unread_notices(user) -> list[Notice]:
    """What has happened to the user's messages since they last looked, newest first."""
    return list(
        Notice.objects.filter(message__sender=user, read_at__isnull=True).select_related("message")
    )


def inbox() -> QuerySet[Message]:
    """Every message for the participation lead: safeguarding concerns and new ones first,
    then those passed to the Board, then closed ones; sender, owner and entry preloaded."""
    stage = Case(
        When(status=Message.Status.RECEIVED, then=Value(0)),
        When(status=Message.Status.PASSED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Message.objects.select_related("sender", "owner", "you_said").order_by(
        "-safeguarding_concern", stage, "-sent_at", "-pk"
    )


@dataclass(frozen=True)
class SurveyLine:
    result: BrightSpotsResult
    in_words: str


@dataclass(frozen=True)
class SurveyGlance:
    survey: BrightSpotsSurvey
    lines: list[SurveyLine]

    @property
    def summary(self) -> str:
        """One sentence above the results, in plain words."""
        who = count_in_words(self.survey.respondents)
        return f"{who[:1].upper()}{who[1:]} {self.survey.who} answered in {self.survey.year}."


def latest_surveys() -> list[SurveyGlance]:
    """The latest run of each Bright Spots survey with its results (two queries)."""
    surveys = BrightSpotsSurvey.objects.prefetch_related(
        Prefetch("results", queryset=BrightSpotsResult.objects.order_by("order", "pk"))
    ).order_by("kind", "-year")
    latest: dict[str, BrightSpotsSurvey] = {}
    for survey in surveys:
        latest.setdefault(survey.kind, survey)
    return [
        SurveyGlance(
            survey=survey,
            lines=[
                SurveyLine(
                    result,
                    survey_in_words(
                        said=result.said,
                        percent=result.percent,
                        national_percent=result.national_percent,
                        who=survey.who,
                    ),
                )
                for result in survey.results.all()
            ],
        )
        for survey in sorted(latest.values(), key=lambda s: s.kind, reverse=True)
    ]


def celebrations(*, limit: int | None = None) -> list[Celebration]:
    """What the Board celebrates, newest first."""
    rows = Celebration.objects.all()
    return list(rows[:limit] if limit else rows)
