"""Demo data: an approved strategy with the eight strategic outcomes of the Medway papers."""

import datetime

from cpboard.demo import upsert
from strategy.models import Outcome, Principle, Strategy
from subgroups.models import BoardGroup

STRATEGY = {
    "title": "Corporate Parenting Strategy 2024 to 2027",
    "starts": 2024,
    "ends": 2027,
    "status": Strategy.Status.APPROVED,
    "approved_by": "Cabinet",
    "approved_on": datetime.date(2024, 1, 22),
    "vision": (
        "Every child in our care and every care leaver has a safe, stable and loving home, is "
        "healthy, achieves their potential and is ready for adult life, and is listened to in "
        "everything we do for them."
    ),
}

# (number, title, lead sub-group slug, principle numbers)
OUTCOMES = (
    (
        1,
        "Provide timely and high-quality intervention to help children remain with or return "
        "to their families, if it is safe to do so",
        "feeling-safe-and-cared-for",
        (1, 6),
    ),
    (2, "Provide and commission the right mix of placements", "feeling-safe-and-cared-for", (6,)),
    (
        3,
        "Promote timely permanence planning for all children to ensure they have the "
        "opportunity of a stable, permanent home and long-term relationships in a placement "
        "appropriate to their needs",
        "feeling-safe-and-cared-for",
        (1, 6),
    ),
    (
        4,
        "Ensure that children and young people in our care achieve their full potential and "
        "can access suitable education, employment or training",
        "school-college-and-work",
        (4, 5),
    ),
    (
        5,
        "Improve the health and emotional well-being of children and young people in care "
        "and care leavers",
        "health",
        (1, 4),
    ),
    (
        6,
        "Aim to keep young people in care and care leavers safe through the provision of "
        "trained, supported and motivated staff who understand and are alert to the potential "
        "for exploitation and abuse of young people and who take the right action at the "
        "right time",
        "corporate-parenting-delivery-group",
        (1, 6),
    ),
    (7, "Prepare young people for a successful transition to adulthood", "housing", (4, 7)),
    (
        8,
        "Ensure that children in care and care leavers' views and experiences inform current "
        "and future service delivery",
        "listening-to-you",
        (2, 3),
    ),
)


def load_demo_strategy() -> Strategy:
    """Create or update the demo strategy and its outcomes; needs the demo groups loaded."""
    strategy = upsert(Strategy, {"title": STRATEGY["title"]}, STRATEGY)
    groups = {group.slug: group for group in BoardGroup.objects.all()}
    principles = {principle.number: principle for principle in Principle.objects.all()}
    for number, title, lead_slug, principle_numbers in OUTCOMES:
        outcome = upsert(
            Outcome,
            {"strategy": strategy, "number": number},
            {"title": title, "lead_group": groups[lead_slug]},
        )
        wanted = {principles[n] for n in principle_numbers}
        if set(outcome.principles.all()) != wanted:
            outcome.principles.set(wanted)
    return strategy
