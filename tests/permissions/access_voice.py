"""The voice app's part of the permission table; see access.py for what each cell means.

A young person sends messages and sees only their own: another person's message is a 404 for
everyone, staff included. The participation lead (the board secretary, Capability
HEAR_YOUNG_PEOPLE) reads and answers every message; the administrator does not. The Bright
Spots results and the celebrations are for everyone who reads the board.

Aligned by hand like the main table (ruff's formatter is off for it)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from cpboard import roles
from tests.factories import UserFactory
from tests.permissions.access import LOGIN, NO, OK, Access, Demo
from voice import services
from voice.models import BrightSpotsResult, BrightSpotsSurvey, Celebration, Message

MESSAGE_TEXT = "Matrix message: the bus to college is too early."
OTHER_TEXT = "Matrix message of another young person: more trips, please."
CELEBRATION = "Matrix celebration: the choir sang at the town hall"
INDICATOR = "Matrix indicator: trusts their carer"


def load(demo: Demo) -> None:
    """A message from the matrix's young person, one from another young person, a Bright
    Spots survey and a celebration."""
    mine = services.message_send(
        sender=demo.users["young-person"], topic="school", text=MESSAGE_TEXT
    )
    other = services.message_send(
        sender=UserFactory(username="matrix-other-young-person", role=roles.YOUNG_PERSON),
        topic="other",
        text=OTHER_TEXT,
    )
    survey = BrightSpotsSurvey.objects.create(
        kind=BrightSpotsSurvey.Kind.YOUR_LIFE_YOUR_CARE, year=2024, respondents=120
    )
    BrightSpotsResult.objects.create(
        survey=survey,
        indicator=INDICATOR,
        said="trust their carer",
        percent=Decimal("88.0"),
        national_percent=Decimal("90.0"),
    )
    Celebration.objects.create(
        title=CELEBRATION,
        kind=Celebration.Kind.GROUP,
        happened_on=datetime.date(2024, 6, 1),
        story="The children in care council's choir sang for the mayor.",
    )
    demo.extra.update(message=mine, other_message=other, survey=survey)


def _message(demo: Demo) -> Message:
    return demo.extra["message"]


def _message_state(demo: Demo) -> dict:
    message = Message.objects.get(pk=_message(demo).pk)
    return {"status": message.status, "answer": message.answer, "notices": message.notices.count()}


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "voice:send": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        OK,        NO),
        sentinel=lambda demo: "If you are not safe, talk to someone now",
    ),
    "voice:my-messages": Access(
        get=          (LOGIN,     NO,        NO,        NO,        NO,        OK,        NO),
        sentinel=lambda demo: "Messages you sent",
    ),
    "voice:message-detail": Access(
        get=          (LOGIN,     NO,        NO,        NO,        NO,        OK,        NO),
        kwargs=lambda demo: {"pk": _message(demo).pk},
        sentinel=lambda demo: MESSAGE_TEXT,
    ),
    "voice:inbox": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        sentinel=lambda demo: f": read message {_message(demo).pk}",
    ),
    "voice:moderate": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        kwargs=lambda demo: {"pk": _message(demo).pk},
        sentinel=lambda demo: MESSAGE_TEXT,
        payload=lambda demo: {"action": "answer", "outcome": "not-possible",
                              "answer": "Matrix answer: the bus company sets the times."},
        state=_message_state,
        redirects_to=lambda demo: reverse("voice:inbox"),
    ),
    "voice:bright-spots": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: INDICATOR,
    ),
    "voice:celebrations": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: CELEBRATION,
    ),
}
# fmt: on
