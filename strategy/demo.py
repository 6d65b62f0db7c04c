"""Demo data: an approved strategy with the eight strategic outcomes of the Medway papers,
its action plan, the pledge, the care leaver offer, and the risk register of the papers."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cpboard.demo import upsert
from cpboard.quarters import FinancialQuarter
from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    OutcomeProgress,
    Principle,
    Risk,
    RiskReview,
    Status,
    Strategy,
)
from strategy.ratings import SCALES, Rating, current_scale
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


# -- The action plan, the pledge, the care leaver offer and the risk register ----------------
#
# Quarters follow the KPI demo: L is the last quarter that has ended, and every date is worked
# out from it, so the demo looks current whenever it is loaded. The plan has a year and a
# half of updates, L-5 to L (for a demo loaded in the autumn: every quarter of the last
# financial year and this one so far). Statuses over those six quarters are written as one
# letter each: N not started, O on track, R at risk, X off track, C complete. Risks are
# reviewed every quarter from L-9, early in the strategy, so the annual report shows how they
# moved over the last financial year.

STATUS_LETTERS = {
    "N": Status.NOT_STARTED,
    "O": Status.ON_TRACK,
    "R": Status.AT_RISK,
    "X": Status.OFF_TRACK,
    "C": Status.COMPLETE,
}
UPDATE_QUARTERS = 6

# Lead officer (demo username) and member champion of each outcome.
OUTCOME_LEADS = {
    1: ("performance", "Councillor Helen Ashworth"),
    2: ("officer", "Councillor Marcus Yeo"),
    3: ("officer", "Councillor Helen Ashworth"),
    4: ("officer", "Councillor Priya Nandra"),
    5: ("officer", "Councillor Marcus Yeo"),
    6: ("performance", "Councillor Priya Nandra"),
    7: ("officer", "Councillor Joan Ellery"),
    8: ("secretary", "Councillor Joan Ellery"),
}


@dataclass(frozen=True)
class DemoAction:
    kind: str
    reference: str
    outcome: int | None
    title: str
    owner: str
    due: int
    """Due at the end of quarter L + due (negative: already past)."""
    statuses: str
    """Six letters, L-5 to L."""
    principles: tuple[int, ...]
    doing: str
    """What an update says while it goes to plan."""
    trouble: str = ""
    """What an update says when it is at risk or off track."""


A = Action.Kind.ACTION
P = Action.Kind.PLEDGE
OFFER = Action.Kind.OFFER

ACTIONS: tuple[DemoAction, ...] = (
    DemoAction(
        A,
        "1.1",
        1,
        "Extend the edge of care service to weekends and evenings",
        "performance",
        -1,
        "NNOOOC",
        (1, 6),
        "Family support workers now cover evenings; weekend rota agreed with staff.",
    ),
    DemoAction(
        A,
        "1.2",
        1,
        "Review every child on a care order at home with their family",
        "officer",
        1,
        "OOOROO",
        (1, 6),
        "Reviews are being held in date order, oldest orders first.",
        "Two reviewing officer vacancies slowed the reviews this quarter.",
    ),
    DemoAction(
        A,
        "1.3",
        1,
        "Offer family group conferences before any child comes into care",
        "performance",
        2,
        "NNOOOO",
        (2, 6),
        "Conferences offered to most families at the point of a legal planning meeting.",
    ),
    DemoAction(
        A,
        "2.1",
        2,
        "Recruit 20 more foster carers through the regional hub",
        "officer",
        -1,
        "OOORXX",
        (6,),
        "Enquiries are up since the spring campaign.",
        "Only 9 new households approved so far; assessments are taking too long.",
    ),
    DemoAction(
        A,
        "2.2",
        2,
        "Open two small children's homes in the borough",
        "officer",
        3,
        "OOOOOR",
        (6,),
        "The first home is registered; staff recruitment for the second has begun.",
        "Ofsted registration of the second home is later than planned.",
    ),
    DemoAction(
        A,
        "2.3",
        2,
        "End the use of unregistered provision for children under 16",
        "officer",
        0,
        "ORXXXX",
        (1, 6),
        "Weekly panel reviews every child in unregistered provision.",
        "Four young people are still in unregistered provision while registered places are found.",
    ),
    DemoAction(
        A,
        "3.1",
        3,
        "Track permanence plans at the second review for every child",
        "officer",
        -2,
        "OOOCCC",
        (6,),
        "Permanence tracking meeting now monthly, chaired by the head of service.",
    ),
    DemoAction(
        A,
        "3.2",
        3,
        "Match more children with long-term foster carers",
        "officer",
        2,
        "OORXXR",
        (6,),
        "Matching panel now sits every fortnight.",
        "48% of children are in matched long-term fostering against a 60% aim.",
    ),
    DemoAction(
        A,
        "3.3",
        3,
        "Agree a regional adoption plan for brothers and sisters",
        "performance",
        4,
        "NNNOOO",
        (6,),
        "The regional adoption agency has agreed the sibling family-finding plan.",
    ),
    DemoAction(
        A,
        "4.1",
        4,
        "Give every child in care a personal education plan reviewed each term",
        "officer",
        1,
        "OOOOOO",
        (4, 5),
        "Personal education plans are reviewed every term by the virtual school.",
    ),
    DemoAction(
        A,
        "4.2",
        4,
        "Offer a paid apprenticeship at the council to every care leaver who wants one",
        "secretary",
        -1,
        "OOORRX",
        (5, 7),
        "Twelve apprenticeships ring-fenced across council services.",
        "Only four apprentices started; services have not released the posts.",
    ),
    DemoAction(
        A,
        "4.3",
        4,
        "Cut persistent absence with school attendance support",
        "officer",
        3,
        "NNOOOR",
        (4, 5),
        "Attendance officers follow up every child missing more than 10% of sessions.",
        "Persistent absence rose in the autumn term.",
    ),
    DemoAction(
        A,
        "5.1",
        5,
        "Hold initial health assessments within 20 working days",
        "officer",
        -1,
        "ORXXXX",
        (1, 4),
        "A weekly slot agreed with the looked-after children health team.",
        "55% held within 20 working days against 80%: paediatrician vacancies.",
    ),
    DemoAction(
        A,
        "5.2",
        5,
        "Open a fast track to emotional health support for children in care",
        "officer",
        2,
        "NNOOOO",
        (1, 4),
        "Children in care are now seen by the mental health team within 10 working days.",
    ),
    DemoAction(
        A,
        "5.3",
        5,
        "Make sure every child has a dental check every year",
        "officer",
        -2,
        "OOOOCC",
        (1, 4),
        "Two practices have agreed priority appointments for children in care.",
    ),
    DemoAction(
        A,
        "6.1",
        6,
        "Train all social workers in recognising exploitation",
        "performance",
        -3,
        "OOOCCC",
        (1, 6),
        "All social workers trained; refresher sessions booked for new starters.",
    ),
    DemoAction(
        A,
        "6.2",
        6,
        "Reduce social worker vacancies to under 15%",
        "performance",
        2,
        "RXXRRO",
        (6,),
        "Vacancy rate down to 16% since the recruitment and retention offer.",
        "Agency social workers still cover one post in five.",
    ),
    DemoAction(
        A,
        "6.3",
        6,
        "Hold a return home interview after every missing episode",
        "officer",
        1,
        "OOOOOO",
        (1, 6),
        "Return home interviews offered within 72 hours of every return.",
    ),
    DemoAction(
        A,
        "7.1",
        7,
        "Give every care leaver a pathway plan by their 16th birthday and 3 months",
        "officer",
        2,
        "OOOOOO",
        (7,),
        "Personal advisers are allocated at 16 and pathway plans reviewed every six months.",
    ),
    DemoAction(
        A,
        "7.2",
        7,
        "Open a supported lodgings scheme for care leavers",
        "officer",
        -1,
        "OORRXX",
        (7,),
        "Six hosts approved so far.",
        "Not enough hosts: the target of 15 is not yet in sight.",
    ),
    DemoAction(
        A,
        "7.3",
        7,
        "Offer independent living skills training to every 17-year-old",
        "secretary",
        2,
        "NNOOOO",
        (7,),
        "Budgeting, cooking and tenancy courses run each school holiday.",
    ),
    DemoAction(
        A,
        "8.1",
        8,
        "Hold a Children in Care Council meeting with the board every quarter",
        "secretary",
        4,
        "OOOOOO",
        (2, 3),
        "The Children in Care Council met the board and set two questions for officers.",
    ),
    DemoAction(
        A,
        "8.2",
        8,
        'Publish "You said, we did" after every board meeting',
        "secretary",
        4,
        "OOOROO",
        (3,),
        "Published on the young people's pages within two weeks of each meeting.",
        "Published late after the summer meeting.",
    ),
    DemoAction(
        A,
        "8.3",
        8,
        "Invite every child to take part in their review",
        "officer",
        1,
        "OOOOOO",
        (2, 3),
        "Independent reviewing officers meet each child before their review.",
    ),
    DemoAction(
        A,
        "8.4",
        8,
        "Refresh the strategy with children and young people in care",
        "secretary",
        -1,
        "NNNORX",
        (2, 3),
        "Consultation sessions planned with the Children in Care Council.",
        "The consultation has not started: waiting for partners to agree priorities.",
    ),
    # The pledge to children in care.
    DemoAction(
        P,
        "P1",
        None,
        "We will make sure you know who your social worker is and how to contact them",
        "officer",
        4,
        "OOOOOO",
        (1, 2),
        "Every child has been sent their social worker's name and phone number.",
    ),
    DemoAction(
        P,
        "P2",
        None,
        "We will help you keep in touch with your brothers, sisters and friends",
        "officer",
        4,
        "OOOROO",
        (1, 6),
        "Family time is planned with you at each review.",
        "Some family time was cancelled when contact workers were off sick.",
    ),
    DemoAction(
        P,
        "P3",
        None,
        "We will ask what you think before decisions are made about you",
        "secretary",
        4,
        "OOOOOO",
        (2, 3),
        "More children took part in their reviews this quarter.",
    ),
    DemoAction(
        P,
        "P4",
        None,
        "We will help you do well at school and have your own laptop",
        "officer",
        -1,
        "OORRXX",
        (4, 5),
        "Laptops are being handed out by the virtual school.",
        "Laptops have reached fewer than half of you; more are on order.",
    ),
    DemoAction(
        P,
        "P5",
        None,
        "We will celebrate what you achieve every year",
        "secretary",
        -2,
        "OOOCCC",
        (5,),
        "The celebration evening was held with more than 100 young people and carers.",
    ),
    # The care leaver offer.
    DemoAction(
        OFFER,
        "L1",
        None,
        "No council tax to pay until you are 25",
        "secretary",
        4,
        "OOOOOO",
        (7,),
        "Every care leaver living in the borough is exempt.",
    ),
    DemoAction(
        OFFER,
        "L2",
        None,
        "Free prescriptions and dental care until you are 25",
        "officer",
        1,
        "NNORRO",
        (1, 7),
        "The health partner has agreed to pay for prescriptions and dental care.",
        "Waiting for the health partner's board to agree the funding.",
    ),
    DemoAction(
        OFFER,
        "L3",
        None,
        "A setting-up-home grant of 3,000 pounds when you get your own place",
        "officer",
        4,
        "OOOOOO",
        (7,),
        "The grant was raised this year to keep up with prices.",
    ),
    DemoAction(
        OFFER,
        "L4",
        None,
        "A guaranteed interview for council jobs and apprenticeships",
        "secretary",
        -1,
        "OOOORX",
        (5, 7),
        "Every council vacancy now offers care leavers a guaranteed interview.",
        "Some services are not yet telling care leavers about vacancies.",
    ),
)

# Progress statements: what each outcome's lead officer says, quarter by quarter (cycled,
# so the last quarter of last year and the last quarter that ended say different things).
PROGRESS = {
    1: (
        "The edge of care service now works evenings and weekends, and more families are "
        "being supported to stay together safely.",
        "Family group conferences are offered earlier; fewer children came into care in an "
        "emergency this quarter.",
        "Reviews of children on care orders at home are nearly complete; two reviewing "
        "officer posts are still vacant.",
    ),
    2: (
        "Foster carer recruitment has not kept pace with need; we still rely on unregistered "
        "provision for a small number of older children.",
        "The first of our two small children's homes opened; fewer children live more than "
        "20 miles from home.",
        "Cabinet agreed the second small children's home; four young people are still in "
        "unregistered provision while registered homes are found.",
    ),
    3: (
        "Permanence plans are now tracked monthly; matching into long-term fostering remains "
        "below where we want it.",
        "More children were matched with long-term carers, and the sibling adoption plan was "
        "agreed with the regional agency.",
        "Matching panels now sit every fortnight, but fewer than half of the children who need "
        "it are in a matched long-term foster home.",
    ),
    4: (
        "Personal education plans are up to date for almost every child; attendance is our "
        "main worry.",
        "Key stage results were shared with the board; the apprenticeship offer has not "
        "delivered the places we promised.",
        "Persistent absence rose in the autumn term; attendance officers now follow up every "
        "child who misses more than one session in ten.",
    ),
    5: (
        "Initial health assessments are still too slow because of paediatrician vacancies; "
        "review health assessments and dental checks are good.",
        "Emotional health support is now quicker to reach; initial health assessments remain "
        "off track.",
        "Dental checks have recovered after the priority appointments were agreed; initial "
        "health assessments are still the Board's main health concern.",
    ),
    6: (
        "Every social worker is trained in recognising exploitation; vacancies have fallen "
        "but agency cover is still high.",
        "Return home interviews are offered after every missing episode; the recruitment and "
        "retention offer is working.",
        "Social worker vacancies are falling but two experienced staff left this quarter, and "
        "agency cover rose again.",
    ),
    7: (
        "Pathway plans are in place on time; finding enough supported lodgings hosts is hard.",
        "Most care leavers are in suitable accommodation; the independent living course is "
        "well attended.",
        "Six supported lodgings hosts are approved against an aim of 15; no care leaver was "
        "placed in bed and breakfast.",
    ),
    8: (
        "The Children in Care Council met the board and its questions shaped the agenda.",
        "More children took part in their reviews; the strategy refresh with young people is "
        "behind plan.",
        "The Children in Care Council designed the new welcome pack, and every Board meeting "
        'was followed by "You said, we did" within two weeks.',
    ),
}


@dataclass(frozen=True)
class DemoRisk:
    reference: str
    title: str
    description: str
    cause: str
    consequence: str
    mitigation: str
    owner: str
    outcome: int
    target: str
    reviews: tuple[str, ...]
    """Ratings at each quarterly review, oldest first, ending at L (or earlier, see
    `last_review`). The first review's quarter is when the risk was opened: L-9 for the
    papers' risks, early in the strategy."""
    last_review: int
    """The latest review's quarter: L + last_review (0 or negative)."""
    kpis: tuple[str, ...]
    actions: tuple[str, ...]
    notes: tuple[str, str]
    """What a review said: (when the rating held or fell, when it rose)."""
    review_due_in_days: int | None = None
    """Days from today to the next review, instead of three months after the last one."""


RISKS: tuple[DemoRisk, ...] = (
    DemoRisk(
        "CP01",
        "Insufficient workforce (social workers)",
        "Insufficient workforce (social workers) to deliver statutory and non-statutory "
        "responsibilities.",
        "Unfilled posts and the difficulty of sourcing agency social workers to cover vacancies.",
        "High caseloads, drift in children's plans and changes of social worker for children.",
        "Additional recruitment resource. Effective workforce planning.",
        "performance",
        6,
        "CIII",
        ("BII", "AII", "AII", "AII", "AII", "AII", "BII", "BII", "BII", "BII"),
        0,
        ("SW-VACANCY", "SW-CASELOAD"),
        ("6.2", "6.1"),
        (
            "Vacancies are falling since the recruitment and retention offer; caseloads are "
            "still above 18.",
            "Two experienced social workers left; agency cover went up.",
        ),
    ),
    DemoRisk(
        "CP02",
        "Improvement is not sustained",
        "Risk that improvement is not sustained.",
        "Pressure on budgets and staff turnover pull attention away from the improvement plan.",
        "Services slip back and children's experience of care gets worse.",
        "Service planning with regular oversight from management team. Work of the Continuous "
        "Improvement Board.",
        "secretary",
        1,
        "DIII",
        ("CIII", "CII", "CII", "CII", "CII", "CII", "CII", "CII"),
        -2,
        ("CLA-STAB-3PL", "CLA-PEP"),
        ("1.2", "3.1"),
        (
            "The Continuous Improvement Board reviewed progress; the plan is on course.",
            "Two improvement milestones slipped.",
        ),
    ),
    DemoRisk(
        "CP03",
        "Sufficiency of homes for children in our care",
        "Challenge of finding the right homes for children in our care.",
        "Too few local foster carers and children's homes for children with complex needs.",
        "Children live far from home, in unregistered provision or move too often.",
        "Work with commissioning to manage the market. Support our foster carers to meet the "
        "more complex needs of our children.",
        "officer",
        2,
        "CII",
        ("CIII", "CII", "CII", "CII", "CII", "CII", "BII", "BII", "BII"),
        -1,
        ("CLA-UNREG", "CLA-PL-20MI", "FOST-HH"),
        ("2.1", "2.2", "2.3"),
        (
            "The first small children's home opened; use of unregistered provision is reviewed "
            "weekly.",
            "More children are placed more than 20 miles from home.",
        ),
        review_due_in_days=14,
    ),
    DemoRisk(
        "CP04",
        "Strategy not aligned with partners",
        "Corporate Parenting Strategy is not aligned with other council or partner priorities.",
        "Partners plan on different cycles and do not always see corporate parenting as theirs.",
        "Opportunities lost to sustain joined-up, efficient and effective prioritisation of "
        "corporate parenting responsibilities in collaboration with all our partners.",
        "Consultation with all key stakeholders including corporate and external partners.",
        "secretary",
        8,
        "DIII",
        ("BII", "BII", "BII", "BII", "CII", "CII", "CII", "CII", "CII"),
        -1,
        (),
        ("8.4",),
        (
            "Partners took part in the strategy workshop.",
            "Health partners have not yet agreed the shared priorities.",
        ),
    ),
    DemoRisk(
        "CP05",
        "Emotional health support for children in care comes too late",
        "Children in care wait too long for help with their mental health.",
        "Long waits for specialist services and too few clinicians trained in trauma.",
        "Placements break down and children's well-being suffers.",
        "A fast track to the mental health team for children in care, agreed with the "
        "health partner.",
        "officer",
        5,
        "DII",
        ("BIII", "BIII", "BIII", "CIII", "CIII"),
        0,
        ("CLA-MH-10WD", "CLA-SDQ"),
        ("5.2",),
        (
            "The fast track is working: most assessments are within 10 working days.",
            "Waits grew while the new pathway was set up.",
        ),
    ),
)


# The papers rate on the 4 x 4 scale; a council configured for 5 x 5 gets the nearest rating.
_TO_5X5 = {"A": "5", "B": "4", "C": "2", "D": "1", "I": "5", "II": "4", "III": "3", "IV": "2"}


def _rating(code: str) -> Rating:
    paper = Rating.parse(code, SCALES["4x4"])
    scale = current_scale()
    if scale.key == "4x4":
        return paper
    return Rating(_TO_5X5[paper.likelihood], _TO_5X5[paper.impact], scale)


def _review_day(quarter: FinancialQuarter, today: datetime.date, spread: int) -> datetime.date:
    """A believable day after the quarter ends, never after today."""
    return min(quarter.end + datetime.timedelta(days=10 + spread), today)


def _three_months_on(day: datetime.date) -> datetime.date:
    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def _demo_people() -> dict:
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
    if set(people) != set(PEOPLE):
        raise ValueError("Load the demo users before the demo action plan.")
    return people


PEOPLE = ("officer", "performance", "secretary")


def _set_if_changed(related, wanted: set) -> None:
    if set(related.all()) != wanted:
        related.set(wanted)


def load_demo_plan(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create or update the outcomes' leads and progress statements, the action plan, the
    pledge, the care leaver offer and the risk register, with six quarters of updates and
    progress statements (L-5 to L, L being the last quarter that has ended) and quarterly
    risk reviews since each risk was opened (from L-9). Needs the demo users, the strategy
    and the demo KPIs. Running it again with the same `today` changes nothing and adds no
    history. Returns how many of each it holds."""
    today = today or timezone.localdate()
    latest = FinancialQuarter.containing(today).previous()
    quarters = FinancialQuarter.range(latest - (UPDATE_QUARTERS - 1), latest)
    people = _demo_people()
    strategy = Strategy.objects.current()
    if strategy is None:
        raise ValueError("Load the demo strategy before the demo action plan.")
    outcomes = {outcome.number: outcome for outcome in strategy.outcomes.all()}
    principles = {principle.number: principle for principle in Principle.objects.all()}

    with transaction.atomic():
        for number, (lead, champion) in OUTCOME_LEADS.items():
            upsert(
                Outcome,
                {"pk": outcomes[number].pk},
                {"lead_officer": people[lead], "member_champion": champion},
            )
            for index, quarter in enumerate(quarters):
                upsert(
                    OutcomeProgress,
                    {"outcome": outcomes[number], "quarter": quarter},
                    {
                        "statement": PROGRESS[number][index % len(PROGRESS[number])],
                        "written_by": people[lead],
                    },
                )

        actions = {}
        for spec in ACTIONS:
            statuses = [STATUS_LETTERS[letter] for letter in spec.statuses]
            action = upsert(
                Action,
                {"kind": spec.kind, "reference": spec.reference},
                {
                    "outcome": outcomes[spec.outcome] if spec.outcome else None,
                    "title": spec.title,
                    "owner": people[spec.owner],
                    "due_on": (latest + spec.due).end,
                    "status": statuses[-1],
                },
            )
            _set_if_changed(action.principles, {principles[n] for n in spec.principles})
            actions[spec.reference] = action
            for index, (quarter, status) in enumerate(zip(quarters, statuses, strict=True)):
                if status == Status.NOT_STARTED:
                    note = "Not started yet: planned to begin next quarter."
                elif status in (Status.AT_RISK, Status.OFF_TRACK) and spec.trouble:
                    note = spec.trouble
                elif status == Status.COMPLETE:
                    note = "Complete. " + spec.doing
                else:
                    note = spec.doing
                upsert(
                    ActionUpdate,
                    {"action": action, "quarter": quarter},
                    {
                        "status": status,
                        "note": note,
                        "written_by": people[spec.owner],
                        "written_on": _review_day(quarter, today, index),
                    },
                )

        # Through the app registry: strategy does not import performance.
        kpis = {kpi.code: kpi for kpi in apps.get_model("performance", "Kpi").objects.all()}
        for position, spec in enumerate(RISKS):
            review_quarters = FinancialQuarter.range(
                latest + spec.last_review - (len(spec.reviews) - 1), latest + spec.last_review
            )
            ratings = [_rating(code) for code in spec.reviews]
            target = _rating(spec.target)
            last_day = _review_day(review_quarters[-1], today, position)
            if spec.review_due_in_days is not None:
                review_on = today + datetime.timedelta(days=spec.review_due_in_days)
            elif spec.last_review < 0:
                # Not reviewed since: the review date has passed.
                review_on = (latest + spec.last_review).next().end
            else:
                review_on = _three_months_on(last_day)
            risk = upsert(
                Risk,
                {"reference": spec.reference},
                {
                    "title": spec.title,
                    "description": spec.description,
                    "cause": spec.cause,
                    "consequence": spec.consequence,
                    "mitigation": spec.mitigation,
                    "owner": people[spec.owner],
                    "outcome": outcomes[spec.outcome],
                    "likelihood": ratings[-1].likelihood,
                    "impact": ratings[-1].impact,
                    "target_likelihood": target.likelihood,
                    "target_impact": target.impact,
                    "review_on": review_on,
                    "opened_on": review_quarters[0].start,
                    "closed_on": None,
                },
            )
            _set_if_changed(risk.kpis, {kpis[code] for code in spec.kpis if code in kpis})
            _set_if_changed(risk.actions, {actions[ref] for ref in spec.actions})
            previous = None
            for index, (quarter, rating) in enumerate(zip(review_quarters, ratings, strict=True)):
                rose = previous is not None and rating.score > previous.score
                upsert(
                    RiskReview,
                    {"risk": risk, "quarter": quarter},
                    {
                        "reviewed_on": _review_day(quarter, today, position + index),
                        "likelihood": rating.likelihood,
                        "impact": rating.impact,
                        "note": spec.notes[1] if rose else spec.notes[0],
                        "reviewed_by": people[spec.owner],
                    },
                )
                previous = rating
    return {
        "actions": Action.objects.plan().count(),
        "commitments": Action.objects.commitments().count(),
        "risks": Risk.objects.open().count(),
    }
