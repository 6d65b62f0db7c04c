"""The narrative sections each kind of report has, in order.

The annual report follows the fixed shape of a report to Council (seed paper 000); the data
the portal holds is printed after the section it belongs to (`SectionSpec.data_after`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    guidance: str
    """What the secretary should write here, shown on the edit form."""
    data_after: str = ""
    """The template of the portal's data printed after the section's text, if any."""


ANNUAL_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", "Summary", "Two or three sentences: what the report covers."),
    SectionSpec("recommendation", "Recommendation", "What the Council is asked to do."),
    SectionSpec(
        "budget-policy",
        "Budget and policy framework",
        "The duties the report answers to and the council priorities it serves.",
    ),
    SectionSpec("background", "Background", "How the Board works and what changed this year."),
    SectionSpec(
        "vision",
        "Vision and strategic outcomes",
        "The strategy's vision; the outcomes and their progress are printed after it.",
        data_after="reports/pdf/annual/_vision.html",
    ),
    SectionSpec(
        "governance",
        "Governance",
        "Who oversees the strategy and how often.",
        data_after="reports/pdf/annual/_governance.html",
    ),
    SectionSpec(
        "performance",
        "Performance",
        "What the year-end figures say; the figures and charts are printed after it.",
        data_after="reports/pdf/annual/_performance.html",
    ),
    SectionSpec(
        "risk-management",
        "Risk management",
        "The main risks; the register, its A-D / I-IV legend and movement follow.",
        data_after="reports/pdf/annual/_risk_management.html",
    ),
    SectionSpec(
        "consultation",
        "Consultation",
        "Who was consulted, including young people.",
        data_after="reports/pdf/annual/_consultation.html",
    ),
    SectionSpec("climate-change", "Climate change implications", "Usually: none directly."),
    SectionSpec("financial", "Financial implications", "Usually: none directly."),
    SectionSpec("legal", "Legal implications", "Usually: none directly."),
    SectionSpec(
        "priorities",
        "Priorities for next year",
        "The Board's aims for the coming year.",
        data_after="reports/pdf/annual/_priorities.html",
    ),
    SectionSpec("lead-officer", "Lead officer contact", "Name, post and e-mail address."),
    SectionSpec("appendices", "Appendices", "Papers attached, or 'None'."),
)

BOARD_PACK_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "chair-introduction",
        "Chair's introduction",
        "A short welcome from the chair: what this quarter's papers ask of the Board.",
    ),
    SectionSpec("notes", "Notes for members", "Anything members should read before the meeting."),
)

YOUNG_PEOPLE_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "introduction",
        "Hello",
        "Plain words for young people: who the Board is and what this summary tells them.",
    ),
    SectionSpec(
        "what-next", "What happens next", "What the Board will work on next, in plain words."
    ),
)

SECTIONS = {
    "annual": ANNUAL_SECTIONS,
    "board_pack": BOARD_PACK_SECTIONS,
    "young_people": YOUNG_PEOPLE_SECTIONS,
}

GUIDANCE = {spec.key: spec.guidance for specs in SECTIONS.values() for spec in specs}

DATA_AFTER = {
    kind: {spec.key: spec.data_after for spec in specs if spec.data_after}
    for kind, specs in SECTIONS.items()
}
"""Per kind of report, the template printed after each section that has one."""
