"""Demo data of the voice app: young people's messages in each state (received, passed to the
Board, we did this, we could not), a Bright Spots survey of each kind with the national
comparison, and celebrations.

The content is in the JSON files beside this module; dates are counted back from `today`.
Messages are sent by the demo young person (or, for a group session, the secretary) and moved
on by the secretary, the demo's participation lead, through `voice.services`, so a second run
finds each one and changes nothing."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cpboard.demo import demo_people, read
from cpboard.services import model_create
from voice import services
from voice.models import BrightSpotsResult, BrightSpotsSurvey, Celebration, Message

DATA = Path(__file__).parent


@transaction.atomic
def load_demo_voice(*, today: datetime.date | None = None) -> dict[str, int]:
    """Add what is missing of the demo's messages, surveys and celebrations; returns how many
    of each the demo has."""
    today = today or timezone.localdate()
    people = demo_people("youngperson", "secretary", "councillor")
    lead = people["secretary"]
    for row in read(DATA / "messages.json"):
        sender = people[row.get("sender", "youngperson")]
        if Message.objects.filter(sender=sender, text=row["text"]).exists():
            continue
        message = services.message_send(
            sender=sender,
            topic=row["topic"],
            text=row["text"],
            anonymous=row["anonymous"],
            for_group=row["for_group"],
        )
        sent_at = timezone.now() - datetime.timedelta(days=row["days_ago"])
        Message.objects.filter(pk=message.pk).update(sent_at=sent_at)
        message.refresh_from_db()
        if "pass" in row:
            services.message_pass_to_board(
                message=message,
                you_said=row["pass"]["you_said"],
                owner=people["councillor"],
                reply_by=today + datetime.timedelta(days=row["pass"]["reply_in_days"]),
                changed_by=lead,
            )
        if "answer" in row:
            services.message_answer(
                message=message,
                done=row["answer"]["done"],
                answer=row["answer"]["text"],
                changed_by=lead,
            )
    for row in read(DATA / "bright_spots.json"):
        year = today.year - row["years_ago"]
        if BrightSpotsSurvey.objects.filter(kind=row["kind"], year=year).exists():
            continue
        survey = model_create(
            model=BrightSpotsSurvey,
            fields={
                "kind": row["kind"],
                "year": year,
                "respondents": row["respondents"],
                "asked": row["asked"],
                "national_source": row["national_source"],
            },
            changed_by=lead,
        )
        for order, (indicator, said, percent, national) in enumerate(row["results"]):
            model_create(
                model=BrightSpotsResult,
                fields={
                    "survey": survey,
                    "order": order,
                    "indicator": indicator,
                    "said": said,
                    "percent": Decimal(percent),
                    "national_percent": Decimal(national),
                },
                changed_by=lead,
            )
    for row in read(DATA / "celebrations.json"):
        if Celebration.objects.filter(title=row["title"]).exists():
            continue
        model_create(
            model=Celebration,
            fields={
                "title": row["title"],
                "kind": row["kind"],
                "happened_on": today - datetime.timedelta(days=30 * row["months_ago"]),
                "story": row["story"],
                "names_a_young_person": row["names_a_young_person"],
            },
            changed_by=lead,
        )
    return {
        "messages": Message.objects.count(),
        "surveys": BrightSpotsSurvey.objects.count(),
        "celebrations": Celebration.objects.count(),
    }
