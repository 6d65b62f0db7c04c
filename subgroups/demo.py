"""Demo data: the Corporate Parenting Board and the six sub-groups of the Medway papers."""

from cpboard.demo import upsert
from subgroups.models import BoardGroup

BOARD = {
    "slug": "corporate-parenting-board",
    "name": "Corporate Parenting Board",
    "remit": (
        "Leads the council and its partners in their duties as corporate parents to children "
        "in care and care leavers. Monitors delivery of the Corporate Parenting Strategy and "
        "the Pledge, tracks performance against outcomes, challenges where progress is too "
        "slow, and makes sure the voice of children and young people shapes its decisions. "
        "Chaired by the Lead Member for Children's Services; reports to Council every year."
    ),
    "meeting_frequency": BoardGroup.Frequency.QUARTERLY,
}

SUBGROUPS = (
    (
        "feeling-safe-and-cared-for",
        "Feeling Safe and Cared For",
        "Oversees the safety and stability of children's homes: sufficiency of foster and "
        "residential homes, placement stability, missing episodes and exploitation, and the "
        "use of unregistered provision.",
        BoardGroup.Frequency.EVERY_TWO_MONTHS,
    ),
    (
        "listening-to-you",
        "Listening to You",
        "Participation and engagement. Works with the children in care council and the "
        "advocacy service so that what children and young people say is heard, acted on and "
        "fed back to them after every Board meeting.",
        BoardGroup.Frequency.EVERY_TWO_MONTHS,
    ),
    (
        "housing",
        "Housing",
        "Makes sure care leavers have suitable, safe homes: the housing protocol, supported "
        "accommodation, council tax exemption and preparation for independent living.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "health",
        "Health",
        "Physical, emotional and mental health of children in care and care leavers: initial "
        "and review health assessments, dental checks, access to mental health services and "
        "the care leavers' health pathway. Brings together the council and health partners.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "school-college-and-work",
        "School, College and Work",
        "Education, training and employment: the Virtual School, personal education plans, "
        "attainment, attendance and exclusions, and care leavers in education, employment or "
        "training, including apprenticeships with the council and its partners.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "corporate-parenting-delivery-group",
        "Corporate Parenting Delivery Group",
        "Officers across the council and partner agencies who turn the strategy into action: "
        "keeps the action plan and risk register up to date and prepares the Board's "
        "performance report.",
        BoardGroup.Frequency.MONTHLY,
    ),
)


def load_demo_groups() -> list[BoardGroup]:
    """Create or update the Board and its sub-groups; returns them in display order."""
    board = upsert(
        BoardGroup,
        {"slug": BOARD["slug"]},
        {
            "name": BOARD["name"],
            "kind": BoardGroup.Kind.BOARD,
            "reports_to": None,
            "remit": BOARD["remit"],
            "meeting_frequency": BOARD["meeting_frequency"],
            "position": 0,
        },
    )
    groups = [board]
    for position, (slug, name, remit, frequency) in enumerate(SUBGROUPS, start=1):
        group = upsert(
            BoardGroup,
            {"slug": slug},
            {
                "name": name,
                "kind": BoardGroup.Kind.SUBGROUP,
                "reports_to": board,
                "remit": remit,
                "meeting_frequency": frequency,
                "position": position,
            },
        )
        groups.append(group)
    return groups
