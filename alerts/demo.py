"""Demo data of the alerts app: a few people's own choices, beside their role's defaults
(loaded when the rest of the demo is, on reports.demo.demo_loaded). Idempotent."""

from alerts import services
from alerts.models import Delivery, Kind
from cpboard.demo import demo_people

DEMO_CHOICES = {
    "councillor": {Kind.INSPECTION: Delivery.IMMEDIATELY, Kind.REPORT_PUBLISHED: Delivery.WEEKLY},
    "officer": {Kind.REVIEW_DUE: Delivery.IMMEDIATELY},
    "youngperson": {Kind.REPORT_PUBLISHED: Delivery.IMMEDIATELY},
    "secretary": {Kind.CHALLENGE: Delivery.WEEKLY},
}
"""The demo people's own choices, where they differ from their role's default."""


def load_demo_alerts() -> int:
    """Record the demo people's choices; returns how many changed."""
    people = demo_people(*DEMO_CHOICES)
    return sum(
        services.preferences_save(user=people[username], choices=choices)
        for username, choices in DEMO_CHOICES.items()
    )
