"""Demo data: thirty-one KPIs a corporate parenting board tracks, with two years of figures.

Needs the demo users, groups and strategy loaded first, in that order (``cpboard.demo``,
``subgroups.demo``, ``strategy.demo``). The figures follow the Health and Wellbeing Board
paper in ``seeds/002``: children in care 467, then 503, now 481 (75 per 10,000); 23
unaccompanied asylum-seeking children, up from 2 a year earlier; initial health assessments
55% against an 80% target; review health assessments 91%; dental checks 73%; 48% in matched
long-term fostering; 16 adoptions in the year (19 the year before); care leavers 184, now 178;
4 young people in unregistered provision. The comparators (England, region, statistical
neighbours) are illustrative values of the size DfE publishes, not quoted statistics.

Which quarters, and in what state
---------------------------------
L, the latest quarter, is the last one that has ended:
``FinancialQuarter.containing(today).previous()``. Every other date follows from L, so the
demo looks current whenever it is loaded.

- L-8 to L-1, the eight quarters before L: every figure approved (annual KPIs have a figure
  in Q4 only).
- L, the quarter being collected now: an open CollectionRound, due 20 days after L ends (10
  days after ``today`` if that date has passed). About two thirds of its figures are
  approved, so L is the scorecard's latest quarter and its mix of green, amber and red is the
  story councillors see; four are submitted and wait for the performance lead's sign-off; one
  has been returned to the officer with a reason; four are not entered yet, so the officer
  owes them. Nothing is ever entered for a quarter that has not ended.
- Targets and definitions apply from the base year, the financial year before L-8. From the
  break year, the year of L-3, missing episodes are counted under a new definition (earlier
  figures keep the old ``definition_year``, so the trend shows a break) and four targets
  change. The break always falls inside the eight-quarter trend.

Each figure is entered and submitted by its KPI's owner and signed off by the demo
performance lead; the change history names them, at the dates the figures were entered and
signed off. Nothing is random: loading again with the same ``today`` changes nothing and adds
no history. Loading in a later quarter moves the window on: figures inside the new window
are rewritten to fit the story (their history names the performance lead), earlier collection
rounds are closed, and figures from quarters that fall out of the window stay as they were.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cpboard.demo import upsert
from cpboard.quarters import FinancialQuarter, FinancialYear
from performance import judgement
from performance.judgement import Direction, Polarity, Rag, Unit
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from strategy.models import Strategy
from subgroups.models import BoardGroup

__all__ = ["load_demo_kpis"]

# L-8 .. L: the eight approved quarters and the one being collected.
WINDOW = 9
LATEST = WINDOW - 1

APPROVED = Measurement.Status.APPROVED
SUBMITTED = Measurement.Status.SUBMITTED
RETURNED = Measurement.Status.RETURNED
NOT_ENTERED = None

# Children in care at the end of each quarter, L-8 to L: 467 at the start of the papers' year,
# 503 at the peak after joining the National Transfer Scheme, 481 now.
CHILDREN_IN_CARE = (436, 444, 451, 458, 462, 467, 503, 492, 481)
CARE_LEAVERS = (176, 179, 181, 184, 184, 182, 180, 179, 178)
# Mid-year estimate of children under 18: 481 children in care is 75.0 per 10,000.
UNDER_18_POPULATION = 64_150
# Children in care for 12 months or more: the cohort for the annual health measures.
IN_CARE_12_MONTHS = (392, 398, 401, 404, 399, 405, 410, 402, 400)
SCHOOL_AGE = (318, 322, 309, 327, 331, 336, 352, 347, 340)
CARE_LEAVERS_19_TO_21 = (141, 144, 146, 149, 150, 148, 147, 145, 143)

SSDA903 = Kpi.Source.SSDA903
CHAT = Kpi.Source.CHAT
HEALTH = Kpi.Source.HEALTH
LOCAL = Kpi.Source.LOCAL

SAFE = "feeling-safe-and-cared-for"
LISTENING = "listening-to-you"
HOUSING = "housing"
HEALTH_GROUP = "health"
SCHOOL = "school-college-and-work"
DELIVERY = "corporate-parenting-delivery-group"

SSDA903_GUIDANCE = "DfE, Children looked after return (SSDA903): guidance"
HEALTH_GUIDANCE = (
    "DfE and DHSC, Promoting the health and wellbeing of looked-after children: statutory "
    "guidance (2015)"
)
CARE_LEAVER_GUIDANCE = "DfE, Children looked after in England including adoptions: care leavers"
WORKFORCE = "DfE, Children's social work workforce statistics"
OUTCOMES = "DfE, Outcomes for children in need, including children looked after"


@dataclass(frozen=True)
class DemoKpi:
    """One KPI and its figures for L-8 to L, oldest first (three yearly figures if annual).

    For a count or days, ``series`` holds the figures. For a percentage, either ``series``
    holds percentages, from which each numerator is worked out against ``denominators``, or
    ``numerators`` gives them outright, as it must for a rate."""

    code: str
    title: str
    definition: str
    reference: str
    source: str
    unit: str
    polarity: str
    group: str
    outcome: int
    actions: tuple[str, ...]
    """Said after the judgement of a figure, in turn from quarter to quarter."""
    series: tuple = ()
    numerators: tuple[int, ...] | None = None
    denominators: tuple[int, ...] | int | None = None
    latest_note: str = ""
    """The whole commentary on L's figure, where the papers say something about it."""
    target: tuple[str, str] | None = None
    """(target, amber threshold) from the base year."""
    target_from_break: tuple[str, str] | None = None
    comparators: tuple[tuple[str, str, str], tuple[str, str, str]] | None = None
    """(England, region, statistical neighbours) for last year and for L's year."""
    frequency: str = Kpi.Frequency.QUARTERLY
    owner: str = "officer"
    suppress_small_counts: bool = True
    latest_status: str | None = APPROVED
    """The state of L's figure; NOT_ENTERED when the officer still owes it."""
    return_reason: str = ""
    old_definition_scale: Decimal | None = None
    """Set on the KPI whose definition changes: earlier figures are this share of the series."""


KPIS = (
    # Feeling Safe and Cared For
    DemoKpi(
        code="CLA-COUNT",
        title="Children in care",
        definition="The number of children looked after by the council on the last day of the "
        "quarter, including unaccompanied asylum-seeking children.",
        reference=SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.COUNT,
        polarity=Polarity.CONTEXT,
        group=SAFE,
        outcome=1,
        series=CHILDREN_IN_CARE,
        owner="performance",
        actions=(
            "Entries to care are reviewed weekly at the placement and resources panel.",
            "Children returning home or leaving care through special guardianship are "
            "tracked at the permanence panel.",
        ),
        latest_note="481 children in care at the end of the quarter, down from 492 last "
        "quarter and from the peak of 503 the quarter before. The number includes 23 "
        "unaccompanied asylum-seeking children placed through the National Transfer Scheme.",
    ),
    DemoKpi(
        code="CLA-RATE-10K",
        title="Children in care per 10,000 children",
        definition="Children in care on the last day of the quarter for every 10,000 children "
        "under 18 living in the borough (ONS mid-year population estimate).",
        reference="DfE, Children's Services Analysis Tool: children looked after rate",
        source=CHAT,
        unit=Unit.RATE_PER_10000,
        polarity=Polarity.CONTEXT,
        group=SAFE,
        outcome=1,
        numerators=CHILDREN_IN_CARE,
        denominators=UNDER_18_POPULATION,
        comparators=(("71", "55", "72"), ("70", "56", "73")),
        owner="performance",
        actions=(
            "Slightly higher than the England rate; the population estimate is updated each "
            "summer.",
        ),
    ),
    DemoKpi(
        code="CLA-UASC",
        title="Unaccompanied asylum-seeking children in care",
        definition="Children in care on the last day of the quarter who arrived in the UK "
        "without a parent or carer and claimed asylum.",
        reference=SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.COUNT,
        polarity=Polarity.CONTEXT,
        group=SAFE,
        outcome=2,
        series=(1, 2, 2, 2, 2, 9, 17, 22, 23),
        owner="performance",
        actions=(
            "All are aged 14 to 17 and live in supported homes close to college.",
            "Each young person has an advocate and help with their asylum claim.",
        ),
        latest_note="23 unaccompanied asylum-seeking children aged 14 to 17 are in our care, "
        "compared with 2 a year ago, since the council joined the National Transfer Scheme.",
    ),
    DemoKpi(
        code="CLA-STAB-3PL",
        title="Children with three or more placements in the year",
        definition="Of children in care at the end of the quarter, the percentage who have "
        "lived in three or more placements in the last 12 months. Lower is better.",
        reference="DfE, Children's Services Analysis Tool: short-term placement stability",
        source=CHAT,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER,
        group=SAFE,
        outcome=2,
        series=(9.1, 9.4, 8.8, 9.6, 10.1, 10.9, 11.3, 10.8, 10.4),
        denominators=CHILDREN_IN_CARE,
        target=("10", "12"),
        comparators=(("10", "10", "11"), ("10", "9", "10")),
        actions=(
            "A small cohort of children with complex needs has had several moves; each is "
            "reviewed at the stability meeting.",
            "Placement disruption meetings are held within five days of any unplanned end.",
        ),
    ),
    DemoKpi(
        code="CLA-STAB-2YR",
        title="Children in the same placement for two years or more",
        definition="Of children under 16 who have been in care for two and a half years or "
        "more, the percentage who have lived in the same placement for at least two years, or "
        "are placed for adoption.",
        reference="DfE, Children's Services Analysis Tool: long-term placement stability",
        source=CHAT,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SAFE,
        outcome=3,
        series=(68.2, 69.1, 70.1, 71.0, 70.3, 69.3, 68.2, 70.4, None),
        latest_status=NOT_ENTERED,
        denominators=(198, 201, 204, 207, 209, 212, 214, 216, 218),
        target=("70", "65"),
        comparators=(("71", "70", "69"), ("70", "70", "68")),
        actions=(
            "On a par with England and the region.",
            "Support for long-term foster carers is the focus of the fostering service plan.",
        ),
    ),
    DemoKpi(
        code="CLA-PL-20MI",
        title="Children placed more than 20 miles from home",
        definition="Of children in care at the end of the quarter, the percentage living "
        "outside the borough and more than 20 miles from the home they came into care from. "
        "Lower is better.",
        reference=SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER,
        group=SAFE,
        outcome=2,
        series=(17.2, 17.9, 18.4, 19.1, 19.8, 20.6, 21.3, 20.1, 19.3),
        denominators=CHILDREN_IN_CARE,
        target=("15", "18"),
        comparators=(("16", "18", "17"), ("16", "19", "18")),
        latest_status=SUBMITTED,
        actions=(
            "The national shortage of foster and residential homes means some children are "
            "placed further away.",
            "The new residential home in the borough is expected to bring children closer to home.",
        ),
        latest_note="Performance is above target but has improved for a second quarter; "
        "three children moved back into the borough when the new residential home opened.",
    ),
    DemoKpi(
        code="CLA-MISSING",
        title="Missing episodes",
        definition="The number of times in the quarter a child in our care was reported "
        "missing from their placement, including episodes reported by the council where the "
        "child lives when placed outside the borough. Lower is better.",
        reference="DfE, Statutory guidance on children who run away or go missing from home "
        "or care (2014); " + SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.COUNT,
        polarity=Polarity.LOWER,
        group=SAFE,
        outcome=6,
        series=(142, 150, 134, 155, 146, 139, 152, 141, 133),
        old_definition_scale=Decimal("0.78"),
        target=("110", "125"),
        target_from_break=("140", "155"),
        actions=(
            "Every child is offered a return home interview within 72 hours.",
            "A few young people account for many episodes; each has a safety plan agreed "
            "with the police.",
            "Patterns are shared with the exploitation panel every month.",
        ),
        latest_note="Performance is on target and has improved since last quarter; return "
        "home interviews were offered within 72 hours for 94% of episodes.",
    ),
    DemoKpi(
        code="CLA-UNREG",
        title="Children in unregistered provision",
        definition="Children under 16 in our care living on the last day of the quarter in a "
        "home that should be registered with Ofsted but is not. Lower is better.",
        reference="Ofsted, Unregistered children's homes: guidance for local authorities",
        source=LOCAL,
        unit=Unit.COUNT,
        polarity=Polarity.LOWER,
        group=SAFE,
        outcome=2,
        series=(0, 1, 1, 2, 2, 3, 5, 4, 4),
        target=("0", "2"),
        actions=(
            "Used only when no registered home can be found; the Director approves each "
            "arrangement.",
            "Each child is visited weekly by their social worker and the arrangement is "
            "reviewed weekly by a manager.",
        ),
        latest_note="Four young people live in unregistered arrangements because no "
        "registered home could be found. They are visited weekly by social workers, with "
        "weekly management review of each arrangement.",
    ),
    DemoKpi(
        code="CLA-LTF-MATCHED",
        title="Children in matched long-term fostering",
        definition="Of children in long-term foster care, the percentage formally matched "
        "with their foster carers by the fostering panel.",
        reference="Local measure: fostering panel records",
        source=LOCAL,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SAFE,
        outcome=3,
        series=(50.0, 50.7, 52.1, 52.7, 52.0, 51.3, 50.0, 49.0, 48.0),
        denominators=(140, 142, 144, 146, 148, 150, 152, 151, 150),
        target=("55", "50"),
        actions=(
            "Matches are tracked at the monthly permanence panel.",
            "Panel dates have been added to clear the backlog of matches.",
        ),
        latest_note="48% of children are in matched long-term fostering, down from 52% a "
        "year ago but above the 39% of two years before. Extra panel dates have been set to "
        "clear the matches waiting.",
    ),
    DemoKpi(
        code="FOST-HH",
        title="Approved fostering households",
        definition="The number of the council's own approved mainstream fostering households "
        "on the last day of the quarter.",
        reference="Ofsted, Fostering in England: local authority fostering data",
        source=LOCAL,
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER,
        group=SAFE,
        outcome=2,
        series=(146, 145, 147, 146, 145, 144, 146, 145, 144),
        target=("150", "140"),
        suppress_small_counts=False,
        actions=(
            "Recruitment is hard nationally, and the cost of living has eroded the increase "
            "in fees.",
            "The recruitment campaign brought 12 enquiries and two assessments this quarter.",
        ),
        latest_note="A net loss of one fostering household over the year, despite the "
        "improved payments and training offer. Three households are in assessment.",
    ),
    DemoKpi(
        code="ADOPT-COUNT",
        title="Children adopted",
        definition="The number of children who left care through an adoption order in the quarter.",
        reference=SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER,
        group=SAFE,
        outcome=3,
        series=(5, 4, 6, 4, 5, 3, 5, 4, 4),
        target=("4", "3"),
        actions=(
            "Delays in final hearings through the courts have held back some orders.",
            "Matching through the regional adoption agency is now quicker.",
        ),
        latest_note="16 children were adopted in the last year, compared with 19 the year "
        "before, largely because of delays in final hearings.",
    ),
    DemoKpi(
        code="ADOPT-DAYS",
        title="Average days from entering care to moving in with adopters",
        definition="For children adopted in the last three years, the average number of days "
        "between entering care and moving in with their adoptive family. Lower is better.",
        reference="DfE, Adoption scorecard: indicator A1",
        source=SSDA903,
        unit=Unit.DAYS,
        polarity=Polarity.LOWER,
        group=SAFE,
        outcome=3,
        series=(498, 476, 455, 441, 430, 418, 409, 402, 397),
        target=("426", "487"),
        comparators=(("475", "468", "492"), ("469", "471", "486")),
        suppress_small_counts=False,
        latest_status=SUBMITTED,
        actions=(
            "Strengthened panel processes mean children are matched sooner.",
            "Early permanence placements are considered for every child with a plan for adoption.",
        ),
    ),
    # Health
    DemoKpi(
        code="CLA-IHA-20WD",
        title="Initial health assessments within 20 working days",
        definition="Of children who entered care in the quarter, the percentage whose initial "
        "health assessment was done within 20 working days of entering care.",
        reference=HEALTH_GUIDANCE,
        source=HEALTH,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        numerators=(10, 7, 9, 12, 10, 7, 9, 10, 11),
        denominators=(16, 12, 14, 20, 18, 13, 19, 17, 20),
        target=("80", "70"),
        actions=(
            "{numerator} of the {denominator} children who entered care had their assessment "
            "in time.",
            "Children placed outside the borough wait longest; this is raised with NHS England.",
        ),
        latest_note="Performance is below target; bi-monthly meetings with health colleagues "
        "are tracking each child's assessment. 11 of the 20 children who entered care were "
        "seen in time, and most delays were for children placed outside the borough.",
    ),
    DemoKpi(
        code="CLA-RHA",
        title="Review health assessments up to date",
        definition="Of children in care for 12 months or more, the percentage whose review "
        "health assessment is up to date (every six months under 5, every year from 5).",
        reference=HEALTH_GUIDANCE,
        source=HEALTH,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        series=(88, 89, 90, 88, 89, 90, 91, 90, 91),
        denominators=IN_CARE_12_MONTHS,
        target=("85", "80"),
        target_from_break=("90", "85"),
        comparators=(("89", "90", "91"), ("89", "89", "90")),
        actions=(
            "Review assessments are booked by the children in care nurses two months before "
            "they are due.",
            "Young people who decline are offered a conversation with a nurse they know.",
        ),
        latest_note="Performance is on target: 91% of children have an up-to-date review "
        "health assessment.",
    ),
    DemoKpi(
        code="CLA-DENTAL",
        title="Dental checks in the last 12 months",
        definition="Of children in care for 12 months or more, the percentage who have had a "
        "dental check in the last 12 months.",
        reference=SSDA903_GUIDANCE,
        source=HEALTH,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        series=(64, 66, 69, 70, 71, 72, 74, 72, 73),
        denominators=IN_CARE_12_MONTHS,
        target=("75", "65"),
        target_from_break=("80", "70"),
        comparators=(("76", "78", "74"), ("79", "80", "77")),
        actions=(
            "Monitored through the monthly performance clinic.",
            "Additional dental sessions are available to children in care.",
        ),
        latest_note="73% of children have had a dental check in the last year, close to the "
        "raised target. Additional dental sessions are available, with support for any young "
        "person who is struggling to get an appointment.",
    ),
    DemoKpi(
        code="CLA-SDQ",
        title="Strengths and difficulties questionnaires completed",
        definition="Of children aged 4 to 16 who have been in care for 12 months or more, the "
        "percentage with a strengths and difficulties questionnaire completed in the last 12 "
        "months.",
        reference=SSDA903_GUIDANCE,
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        series=(76, 79, 81, 83, 80, 82, 84, 86, 85),
        denominators=(248, 252, 255, 259, 256, 262, 266, 264, 261),
        target=("85", "75"),
        comparators=(("78", "77", "80"), ("79", "79", "81")),
        latest_status=RETURNED,
        return_reason="The denominator (261) does not match the 268 children aged 4 to 16 in "
        "care for 12 months on the SSDA903 extract. Please check the cohort and resubmit.",
        actions=(
            "Scores of 17 or more lead to a referral to the emotional wellbeing service.",
            "Carers are reminded when a questionnaire is due.",
        ),
    ),
    DemoKpi(
        code="CLA-MH-10WD",
        title="Mental health assessments within 10 working days",
        definition="Of children in care referred for a non-urgent mental health assessment in "
        "the quarter, the percentage seen within 10 working days of referral.",
        reference="Local service specification: children and young people's mental health service",
        source=HEALTH,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        numerators=(7, 10, 6, 12, 8, 8, 12, 9, 11),
        denominators=(9, 12, 8, 14, 10, 9, 13, 11, 12),
        target=("90", "80"),
        latest_status=SUBMITTED,
        actions=(
            "{numerator} of the {denominator} children referred were seen in time.",
            "Urgent referrals are seen within 5 days and are not counted here.",
        ),
    ),
    DemoKpi(
        code="CLA-IMMS",
        title="Immunisations up to date",
        definition="Of children in care for 12 months or more, the percentage whose "
        "immunisations are up to date for their age.",
        reference=SSDA903_GUIDANCE,
        source=HEALTH,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HEALTH_GROUP,
        outcome=5,
        series=(84, 85, 87, 86, 87, 88, 89, 88, None),
        latest_status=NOT_ENTERED,
        denominators=IN_CARE_12_MONTHS,
        target=("90", "85"),
        comparators=(("83", "85", "84"), ("82", "84", "84")),
        actions=(
            "Records for children who arrived from abroad are checked with the GP at the "
            "initial health assessment.",
            "Catch-up sessions are run by the school nursing team.",
        ),
    ),
    # School, College and Work
    DemoKpi(
        code="CLA-PEP",
        title="Personal education plans up to date",
        definition="Of school-age children in care, the percentage whose personal education "
        "plan was reviewed in the current school term.",
        reference="DfE, Promoting the education of looked-after and previously looked-after "
        "children: statutory guidance (2018)",
        source=LOCAL,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SCHOOL,
        outcome=4,
        series=(91.2, 93.5, 89.0, 94.2, 92.1, 95.2, 96.0, 93.1, 92.4),
        denominators=SCHOOL_AGE,
        target=("95", "90"),
        actions=(
            "Each plan now sets SMART targets for reading, writing and maths.",
            "The Virtual School quality-assures a sample of plans every term.",
        ),
        latest_note="Performance is close to target but has slipped since last quarter, "
        "mostly for children who changed school in the summer. The Virtual School is "
        "following up each overdue plan.",
    ),
    DemoKpi(
        code="CLA-KS2-RWM",
        title="Key stage 2: expected standard in reading, writing and maths",
        definition="Of children in care for 12 months or more at the end of key stage 2, the "
        "percentage reaching the expected standard in reading, writing and maths combined.",
        reference=OUTCOMES,
        source=CHAT,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SCHOOL,
        outcome=4,
        frequency=Kpi.Frequency.ANNUAL,
        numerators=(6, 5, 6),
        denominators=(19, 23, 21),
        target=("35", "30"),
        comparators=(("32", "33", "30"), ("34", "35", "32")),
        actions=(
            "Children in care with special educational needs matched children in care "
            "nationally; the Virtual School is funding reading tuition for every child in "
            "year 6.",
        ),
    ),
    DemoKpi(
        code="CLA-KS4-EM4",
        title="Key stage 4: grade 4 or above in English and maths",
        definition="Of children in care for 12 months or more at the end of key stage 4, the "
        "percentage achieving grade 4 or above in both English and maths GCSE.",
        reference=OUTCOMES,
        source=CHAT,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SCHOOL,
        outcome=4,
        frequency=Kpi.Frequency.ANNUAL,
        numerators=(4, 6, 7),
        denominators=(36, 41, 38),
        target=("20", "15"),
        comparators=(("15.1", "16.0", "14.2"), ("16.0", "16.8", "15.0")),
        actions=(
            "The cohort is small and many young people joined care in year 10 or 11; "
            "post-16 English and maths resits are tracked by the Virtual School.",
        ),
    ),
    DemoKpi(
        code="CLA-PA",
        title="Persistent absence",
        definition="Of school-age children in care, the percentage who missed 10% or more of "
        "possible school sessions in the term. Lower is better.",
        reference="DfE, Pupil absence in schools in England: persistent absence",
        source=LOCAL,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER,
        group=SCHOOL,
        outcome=4,
        series=(24.2, 23.0, 25.6, 22.3, 21.5, 22.4, 20.2, 19.3, None),
        latest_status=NOT_ENTERED,
        denominators=SCHOOL_AGE,
        target=("18", "22"),
        comparators=(("21.5", "22.8", "23.1"), ("20.5", "21.9", "22.0")),
        actions=(
            "Attendance is checked daily through the Virtual School's monitoring service.",
            "Children with the lowest attendance have a plan agreed with their school.",
        ),
    ),
    DemoKpi(
        code="CL-EET",
        title="Care leavers in education, employment or training",
        definition="Of care leavers aged 19 to 21, the percentage in education, employment or "
        "training on their last birthday.",
        reference=CARE_LEAVER_GUIDANCE,
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=SCHOOL,
        outcome=4,
        series=(49, 51, 52, 54, 53, 55, 56, 57, None),
        latest_status=NOT_ENTERED,
        denominators=CARE_LEAVERS_19_TO_21,
        target=("55", "50"),
        target_from_break=("60", "55"),
        comparators=(("55", "54", "52"), ("56", "55", "53")),
        actions=(
            "Ring-fenced apprenticeships with the council and its partners are filled each "
            "September.",
            "Personal advisers meet every young person not in work or learning each month.",
        ),
    ),
    # Housing
    DemoKpi(
        code="CL-COUNT",
        title="Care leavers",
        definition="The number of care leavers aged 18 to 21, and those aged 21 to 25 who have "
        "asked for support, open to the leaving care service on the last day of the quarter.",
        reference=CARE_LEAVER_GUIDANCE,
        source=SSDA903,
        unit=Unit.COUNT,
        polarity=Polarity.CONTEXT,
        group=HOUSING,
        outcome=7,
        series=CARE_LEAVERS,
        actions=("Every care leaver has a personal adviser.",),
        latest_note="178 care leavers are supported by the leaving care service, down from "
        "184 a year ago.",
    ),
    DemoKpi(
        code="CL-IN-TOUCH",
        title="Care leavers in touch",
        definition="Of care leavers aged 19 to 21, the percentage the council was in touch "
        "with around their last birthday.",
        reference=CARE_LEAVER_GUIDANCE,
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HOUSING,
        outcome=7,
        series=(94, 95, 96, 95, 93, 94, 96, 97, 96),
        denominators=CARE_LEAVERS_19_TO_21,
        target=("95", "90"),
        comparators=(("92", "91", "93"), ("92", "92", "93")),
        actions=(
            "The leaving care team holds a weekly drop-in at the family hub.",
            "Personal advisers keep in touch by text as well as by visit.",
        ),
    ),
    DemoKpi(
        code="CL-SUIT-ACC",
        title="Care leavers in suitable accommodation",
        definition="Of care leavers aged 19 to 21, the percentage whose accommodation on their "
        "last birthday was judged suitable.",
        reference=CARE_LEAVER_GUIDANCE,
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HOUSING,
        outcome=7,
        series=(89, 90, 88, 87, 88, 86, 85, 84, 83),
        denominators=CARE_LEAVERS_19_TO_21,
        target=("90", "85"),
        comparators=(("88", "87", "88"), ("88", "88", "89")),
        actions=(
            "The housing protocol gives care leavers priority for social housing.",
            "Young people in unsuitable homes are reviewed each month with housing colleagues.",
        ),
        latest_note="Performance is below target and has slipped for a fourth quarter: more "
        "young people are in temporary accommodation while they wait for a tenancy. The "
        "housing sub-group is reviewing the housing protocol with the council's housing "
        "service.",
    ),
    DemoKpi(
        code="CL-PATHWAY",
        title="Care leavers with an up-to-date pathway plan",
        definition="Of care leavers open to the leaving care service, the percentage whose "
        "pathway plan was reviewed in the last six months.",
        reference="Local measure: leaving care service case records",
        source=LOCAL,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=HOUSING,
        outcome=7,
        series=(88, 90, 92, 93, 91, 94, 95, 93, 96),
        denominators=CARE_LEAVERS,
        target=("95", "90"),
        latest_status=SUBMITTED,
        actions=(
            "Plans are written with the young person and start from what they want to achieve.",
            "Managers audit a sample of plans every month.",
        ),
    ),
    # Listening to You
    DemoKpi(
        code="CLA-REVIEW-PART",
        title="Children taking part in their reviews",
        definition="Of children aged 4 and over whose care review was held in the quarter, the "
        "percentage who took part, in person, through an advocate or by sharing their views "
        "another way.",
        reference=SSDA903_GUIDANCE + " (participation codes PN1 to PN7)",
        source=SSDA903,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=LISTENING,
        outcome=8,
        series=(86, 88, 87, 90, 91, 89, 92, 93, 94),
        denominators=(372, 379, 385, 391, 394, 398, 421, 415, 409),
        target=("90", "85"),
        actions=(
            "Independent reviewing officers meet each child before their review.",
            "The children in care council designed the new 'my review' booklet.",
        ),
    ),
    DemoKpi(
        code="CLA-SETTLED",
        title="Children who feel settled where they live",
        definition="Of children in care who answered the annual survey, the percentage who "
        "said they feel settled where they live.",
        reference="Coram Voice, Bright Spots 'Your Life, Your Care' survey",
        source=LOCAL,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER,
        group=LISTENING,
        outcome=8,
        frequency=Kpi.Frequency.ANNUAL,
        series=(81, 84, 86),
        denominators=(88, 95, 102),
        target=("85", "80"),
        actions=(
            "Young people from the children in care council presented the survey results to "
            "the Board.",
        ),
    ),
    # Corporate Parenting Delivery Group
    DemoKpi(
        code="SW-CASELOAD",
        title="Social worker average caseload",
        definition="The average number of children allocated to each social worker in the "
        "children in care and leaving care teams on the last day of the quarter. Lower is "
        "better.",
        reference=WORKFORCE,
        source=CHAT,
        unit=Unit.COUNT,
        polarity=Polarity.LOWER,
        group=DELIVERY,
        outcome=6,
        series=(22, 21, 21, 20, 19, 19, 18, 19, 19),
        target=("18", "20"),
        comparators=(("16.6", "17.4", "17.0"), ("15.8", "16.9", "16.5")),
        suppress_small_counts=False,
        actions=(
            "Vacancies covered by agency social workers keep caseloads high.",
            "Newly qualified social workers have protected caseloads in their first year.",
        ),
    ),
    DemoKpi(
        code="SW-VACANCY",
        title="Social worker vacancy rate",
        definition="Vacant social worker posts as a percentage of all funded social worker "
        "posts (full-time equivalent) on the last day of the quarter. Lower is better.",
        reference=WORKFORCE,
        source=CHAT,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER,
        group=DELIVERY,
        outcome=6,
        series=(24.2, 23.1, 25.3, 22.0, 21.1, 20.0, 18.9, 17.9, 16.8),
        denominators=(186, 186, 186, 186, 190, 190, 190, 190, 190),
        target=("15", "20"),
        comparators=(("20.0", "21.4", "22.1"), ("17.8", "19.6", "20.3")),
        owner="performance",
        suppress_small_counts=False,
        actions=(
            "The additional recruitment resource is filling posts faster than last year.",
            "The workforce plan includes a social work academy for newly qualified staff.",
        ),
    ),
)


def load_demo_kpis(*, today: date | None = None) -> list[Kpi]:
    """Create or update the demo KPIs with their targets, comparators and figures for L-8 to
    L, and the collection round for L (see the module docstring); returns the KPIs in order.

    Needs the demo users, groups and strategy. Running it again with the same ``today``
    changes nothing and adds no history."""
    today = today or timezone.localdate()
    latest = FinancialQuarter.containing(today).previous()
    window = FinancialQuarter.range(latest - LATEST, latest)
    years = _Years(base=window[0].start_year - 1, definition_break=(latest - 3).start_year)
    people = _people()
    groups = {group.slug: group for group in BoardGroup.objects.all()}
    strategy = Strategy.objects.current()
    if strategy is None:
        raise ValueError("Load the demo strategy before the demo KPIs.")
    outcomes = {outcome.number: outcome for outcome in strategy.outcomes.all()}

    with transaction.atomic():
        kpis = []
        for spec in KPIS:
            kpi = _load_kpi(spec, groups=groups, outcomes=outcomes, people=people, years=years)
            _load_targets(kpi, spec, years)
            _load_comparators(kpi, spec, latest)
            kpis.append(kpi)
        existing = {
            (m.kpi_id, m.quarter): m
            for m in Measurement.objects.filter(kpi__in=kpis, quarter__in=window)
        }
        for position, (kpi, spec) in enumerate(zip(kpis, KPIS, strict=True)):
            for figure in _figures(spec, window, years):
                _load_measurement(
                    kpi,
                    figure,
                    existing=existing.get((kpi.pk, figure.quarter)),
                    timing=_timing(figure.quarter, spread=position, today=today),
                    officer=people[spec.owner],
                    lead=people["performance"],
                )
        _load_collection_round(latest, today=today, opened_by=people["performance"])
    return kpis


@dataclass(frozen=True)
class _Years:
    base: int
    """Targets and definitions apply from this year."""
    definition_break: int
    """Missing episodes follow the new definition, and four targets change, from this year."""


@dataclass(frozen=True)
class _Figure:
    quarter: FinancialQuarter
    value: Decimal
    numerator: int | None
    denominator: int | None
    definition_year: int
    status: str
    commentary: str
    return_reason: str


@dataclass(frozen=True)
class _Timing:
    entered_at: datetime
    submitted_at: datetime
    signed_off_at: datetime


def _people() -> dict:
    usernames = {"officer", "performance"}
    people = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    if set(people) != usernames:
        raise ValueError("Load the demo users before the demo KPIs.")
    return people


def _load_kpi(spec: DemoKpi, *, groups: dict, outcomes: dict, people: dict, years: _Years) -> Kpi:
    values = {
        "title": spec.title,
        "definition": spec.definition,
        "definition_reference": spec.reference,
        "source": spec.source,
        "definition_year": years.definition_break if spec.old_definition_scale else years.base,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "frequency": spec.frequency,
        "owner": people[spec.owner],
        "subgroup": groups[spec.group],
        "outcome": outcomes[spec.outcome],
        "suppress_small_counts": spec.suppress_small_counts,
        "is_active": True,
    }
    # The row may exist already: its uniqueness is upsert's business, not the check's.
    Kpi(code=spec.code, **values).full_clean(validate_unique=False, validate_constraints=False)
    return upsert(Kpi, {"code": spec.code}, values)


def _load_targets(kpi: Kpi, spec: DemoKpi, years: _Years) -> None:
    rows = []
    if spec.target:
        rows.append((years.base, spec.target))
    if spec.target_from_break:
        rows.append((years.definition_break, spec.target_from_break))
    for applies_from, (target, amber_threshold) in rows:
        values = {"target": Decimal(target), "amber_threshold": Decimal(amber_threshold)}
        # Target.clean checks that the amber threshold is on the right side for the polarity.
        Target(kpi=kpi, applies_from=applies_from, **values).full_clean(
            validate_unique=False, validate_constraints=False
        )
        upsert(Target, {"kpi": kpi, "applies_from": applies_from}, values)


def _load_comparators(kpi: Kpi, spec: DemoKpi, latest: FinancialQuarter) -> None:
    if not spec.comparators:
        return
    # A year is compared with the latest figures published by then: the year before's.
    for year, published in zip(
        (latest.start_year - 1, latest.start_year), spec.comparators, strict=True
    ):
        for kind, value in zip(Comparator.Kind.values, published, strict=True):
            values = {"value": Decimal(value), "published_for": str(FinancialYear(year - 1))}
            Comparator(kpi=kpi, year=year, kind=kind, **values).full_clean(
                validate_unique=False, validate_constraints=False
            )
            upsert(Comparator, {"kpi": kpi, "year": year, "kind": kind}, values)


def _figures(spec: DemoKpi, window: list[FinancialQuarter], years: _Years) -> list[_Figure]:
    """The KPI's figures in the window, oldest first, each with its commentary."""
    latest = window[-1]
    annual = spec.frequency == Kpi.Frequency.ANNUAL
    quarters = [quarter for quarter in window if quarter.number == 4] if annual else window
    length = len(spec.numerators or spec.series)
    if length != (3 if annual else WINDOW):
        raise ValueError(f"{spec.code} has {length} figures.")
    figures: list[_Figure] = []
    for place, quarter in enumerate(quarters, start=length - len(quarters)):
        status = spec.latest_status if quarter == latest else APPROVED
        if status is NOT_ENTERED:
            continue
        numerator, denominator, value = _numbers(spec, place)
        definition_year = years.base
        if spec.old_definition_scale:
            definition_year = years.definition_break
            if quarter.start_year < years.definition_break:
                definition_year = years.base
                value = (value * spec.old_definition_scale).quantize(Decimal(1), ROUND_HALF_UP)
        figures.append(
            _Figure(
                quarter=quarter,
                value=value,
                numerator=numerator,
                denominator=denominator,
                definition_year=definition_year,
                status=status,
                commentary=_commentary(
                    spec,
                    quarter=quarter,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    definition_year=definition_year,
                    previous=figures[-1] if figures else None,
                    years=years,
                    is_latest=quarter == latest,
                ),
                return_reason=spec.return_reason if status == RETURNED else "",
            )
        )
    return figures


def _numbers(spec: DemoKpi, place: int) -> tuple[int | None, int | None, Decimal]:
    """The numerator, denominator and value of the figure at ``place`` in the series."""
    if spec.denominators is None:
        return None, None, Decimal(spec.series[place])
    if isinstance(spec.denominators, int):
        denominator = spec.denominators
    else:
        denominator = spec.denominators[place]
    if spec.numerators is not None:
        numerator = spec.numerators[place]
    else:
        share = Decimal(str(spec.series[place])) * denominator / 100
        numerator = int(share.quantize(Decimal(1), ROUND_HALF_UP))
    return numerator, denominator, judgement.compute_value(spec.unit, numerator, denominator)


def _commentary(
    spec: DemoKpi,
    *,
    quarter: FinancialQuarter,
    value: Decimal,
    numerator: int | None,
    denominator: int | None,
    definition_year: int,
    previous: _Figure | None,
    years: _Years,
    is_latest: bool,
) -> str:
    """One or two sentences in the tone of the board's papers: how the figure stands against
    its target and last time, then what is being done."""
    if is_latest and spec.latest_note:
        return spec.latest_note
    # Counted from a fixed quarter, so a quarter keeps its words when the window moves on.
    turn = (quarter - FinancialQuarter(2000, 1)) % len(spec.actions)
    action = spec.actions[turn].format(numerator=numerator, denominator=denominator)
    if previous is not None and previous.definition_year != definition_year:
        return (
            f"Counted under the {FinancialYear(definition_year)} definition from this quarter, "
            "which adds episodes reported by other councils for children placed in their "
            f"area, so the figure cannot be compared with earlier quarters. {action}"
        )
    previous_value = previous.value if previous else None
    since = "last year" if spec.frequency == Kpi.Frequency.ANNUAL else "last quarter"

    if spec.polarity == Polarity.CONTEXT:
        shown = judgement.format_value(value, spec.unit)
        moved = judgement.movement(value, previous_value)
        if moved is None:
            return f"{shown} at the end of the quarter. {action}"
        if moved == "same":
            return f"{shown} at the end of the quarter, the same as {since}. {action}"
        was = judgement.format_value(previous_value, spec.unit)
        return f"{shown} at the end of the quarter, {moved} from {was}. {action}"

    target, amber_threshold = spec.target
    if spec.target_from_break and quarter.start_year >= years.definition_break:
        target, amber_threshold = spec.target_from_break
    rating = judgement.rag(
        value,
        polarity=spec.polarity,
        target=Decimal(target),
        amber_threshold=Decimal(amber_threshold),
    )
    shown_target = judgement.format_value(Decimal(target), spec.unit)
    if rating == Rag.GREEN:
        situation = f"Performance meets the target of {shown_target}"
    elif rating == Rag.AMBER:
        situation = f"Performance is close to the target of {shown_target}"
    elif spec.polarity == Polarity.HIGHER:
        situation = f"Performance is below the target of {shown_target}"
    else:
        situation = f"Performance is worse than the target of {shown_target}"
    trend = judgement.direction(value, previous_value, polarity=spec.polarity)
    if trend == Direction.IMPROVED:
        situation += f" and has improved since {since}"
    elif trend == Direction.WORSENED:
        situation += f" {'but' if rating == Rag.GREEN else 'and'} has slipped since {since}"
    elif trend == Direction.UNCHANGED:
        situation += f" and is unchanged since {since}"
    return f"{situation}. {action}"


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _timing(quarter: FinancialQuarter, *, spread: int, today: date) -> _Timing:
    """When a figure was entered, submitted and signed off: one to two weeks after the quarter
    ended, never after ``today``. ``spread`` staggers the KPIs over the days and hours."""
    entered_on = min(quarter.end + timedelta(days=7 + spread % 7), today)
    signed_off_on = min(entered_on + timedelta(days=2 + spread % 3), today)
    entered_at = _at(entered_on, 9, spread % 60)
    return _Timing(
        entered_at=entered_at,
        submitted_at=entered_at + timedelta(hours=1, minutes=30),
        signed_off_at=_at(signed_off_on, 15, spread % 60),
    )


def _load_measurement(
    kpi: Kpi,
    figure: _Figure,
    *,
    existing: Measurement | None,
    timing: _Timing,
    officer,
    lead,
) -> None:
    """Record a figure as its owner entered and submitted it and the performance lead signed
    it off or returned it, so that its history names each of them at the time they acted."""
    signed_off = figure.status == APPROVED
    # Foreign keys by id, so that comparing an existing row runs no query.
    values = {
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "commentary": figure.commentary,
        "definition_year": figure.definition_year,
        "status": figure.status,
        "return_reason": figure.return_reason,
        "entered_by_id": officer.pk,
        "entered_at": timing.entered_at,
        "submitted_at": timing.submitted_at,
        "approved_by_id": lead.pk if signed_off else None,
        "approved_at": timing.signed_off_at if signed_off else None,
    }
    if existing is not None:
        # As cpboard.demo.upsert does, but the history must say who made the change.
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            existing.version += 1
            existing._history_user = lead
            existing.save(
                update_fields=[name.removesuffix("_id") for name in changed] + ["version"]
            )
        return

    measurement = Measurement(
        kpi=kpi,
        quarter=figure.quarter,
        **{
            **values,
            "status": SUBMITTED,
            "return_reason": "",
            "approved_by_id": None,
            "approved_at": None,
        },
    )
    measurement._history_user = officer
    measurement._history_date = timing.submitted_at
    measurement.save()
    if figure.status == SUBMITTED:
        return
    for name in ("status", "return_reason", "approved_by_id", "approved_at"):
        setattr(measurement, name, values[name])
    measurement.version += 1
    measurement._history_user = lead
    measurement._history_date = timing.signed_off_at
    measurement.save()


def _load_collection_round(latest: FinancialQuarter, *, today: date, opened_by) -> None:
    due_on = latest.end + timedelta(days=20)
    if due_on < today:
        due_on = today + timedelta(days=10)
    # Loaded again in a later quarter, the demo has approved every figure of earlier rounds.
    for earlier in CollectionRound.objects.filter(quarter__lt=latest, is_open=True):
        earlier.is_open = False
        earlier._history_user = opened_by
        earlier.save(update_fields=["is_open"])
    values = {"due_on": due_on, "is_open": True, "opened_by": opened_by}
    if CollectionRound.objects.filter(quarter=latest).exists():
        upsert(CollectionRound, {"quarter": latest}, values)
        return
    collection_round = CollectionRound(quarter=latest, **values)
    collection_round._history_user = opened_by
    collection_round.save()
