"""The shape of a report's snapshot: what `reports.snapshot.build_snapshot` writes, what is
stored as JSON on each ReportFile, and what the PDF templates and `reports.rendering` read.

Typed as healthchecks types its API dicts (`hc/api/models.py` `CheckDict`): a field renamed
on one side and not the other fails the type checker and `tests/reports/test_snapshot_types.py`
(which checks every compiled snapshot against these types), not silently in a PDF. Values are
JSON: strings, numbers, booleans, lists and dicts; enums are stored as their values ("green",
"worsened", "board_pack") and turned back into enums by `reports.rendering`.

A stored snapshot is read again when an old file is explained, so a field is only ever added
as NotRequired, and `SNAPSHOT_VERSION` goes up when one changes meaning.
"""

from typing import NotRequired, TypedDict


class FigureDict(TypedDict):
    """A KPI figure as a report prints it (`reports.snapshot.figure`)."""

    text: str
    value: str | None
    """The Decimal as a string; None for no figure or a suppressed one."""
    fraction: str
    suppressed: bool


class TrendPointDict(FigureDict):
    quarter: str


class ComparatorDict(TypedDict):
    kind: str
    """A `performance.models.Comparator.Kind` value."""
    label: str
    text: str
    value: str
    published_for: str


class BenchmarkDict(TypedDict):
    """How we compare for a KPI linked to a DfE measure (`reports.snapshot.benchmark`), from
    `performance.benchmarks.selectors`, the same selector as the pages."""

    measure: str
    measure_name: str
    year: str
    published_year: str
    provisional: bool
    value_text: str
    england_text: str
    region_name: str
    region_text: str
    london_text: str | None
    neighbours_mean_text: str | None
    neighbours_median_text: str | None
    neighbours_with_data: int
    rank: int | None
    of: int | None
    quartile: str | None
    rank_words: str


class ScorecardRowDict(TypedDict):
    """One KPI in the scorecard (`reports.snapshot.scorecard_row`)."""

    code: str
    title: str
    group: str
    group_slug: str
    outcome_id: int | None
    unit: str
    """A `performance.judgement.Unit` value."""
    polarity: str
    """A `performance.judgement.Polarity` value."""
    polarity_label: str
    figure: FigureDict
    figure_quarter: str | None
    previous: FigureDict | None
    target: str | None
    target_value: str | None
    rag: str | None
    """A `performance.judgement.Rag` value, or None with no rating."""
    rag_word: str | None
    direction: str | None
    """A `performance.judgement.Direction` value, or None when not compared."""
    direction_phrase: str | None
    direction_arrow: str | None
    comparators: list[ComparatorDict]
    commentary: str
    small_cohort_note: str | None
    trend: list[TrendPointDict]
    is_context: bool
    worsened: bool
    benchmark: NotRequired[BenchmarkDict | None]
    """Added in December 2026: None for a KPI not linked to a DfE measure."""


class RagCountsDict(TypedDict):
    green: int
    amber: int
    red: int
    unrated: int


class ScorecardDict(TypedDict):
    """The scorecard part (`reports.snapshot.scorecard_part`)."""

    quarter: str
    quarter_label: str
    year: str
    window: list[str]
    counts: RagCountsDict
    worsened: int
    exception_codes: list[str]
    rows: list[ScorecardRowDict]
    dfe_source: NotRequired[str]
    """The source line DfE's licence asks for (with the demo's note), where a row has a
    benchmark."""


class OutcomeProgressDict(TypedDict):
    statement: str
    statement_quarter: str
    actions: int
    complete: int
    off_track: int
    overdue: int


class OutcomeDict(TypedDict):
    id: int
    number: int
    title: str
    lead_group: str
    principles: list[int]
    kpis: RagCountsDict
    progress: OutcomeProgressDict | None
    """None for an outcome with no progress recorded in the period."""


class PrincipleDict(TypedDict):
    number: int
    title: str
    wording: str
    plain_english: str
    outcomes: list[int]
    kpis: RagCountsDict
    actions: int


class ReportInfoDict(TypedDict):
    kind: str
    """A `reports.models.Report.Kind` value."""
    kind_label: str
    title: str
    period: str
    audience: str
    """A `reports.models.Report.Audience` value."""
    audience_label: str
    public: bool
    council: str
    board: str


class SectionDict(TypedDict):
    key: str
    heading: str
    paragraphs: list[str]


# --- The Board's work (`reports.activity`) ----------------------------------------------------


class HighlightReportDict(TypedDict):
    group: str
    quarter: str
    is_current: bool
    status: str
    went_well: str
    concerns: str
    asks: str
    outcomes: list[str]
    kpis: list[str]


class YouSaidDict(TypedDict):
    raised_on: str
    source: str
    you_said: str
    we_did: str
    status: str


class MeetingActionDict(TypedDict):
    description: str
    owner: str
    due_on: str
    status: str
    progress: str


class ActionLogDict(TypedDict):
    meeting: str | None
    actions: list[MeetingActionDict]


class ChallengeDict(TypedDict):
    subject: str
    question: str
    group: str
    raised_by: str
    owner: str
    raised_on: str
    due_on: str


class ActionDict(TypedDict):
    reference: str
    title: str
    outcome: int | None
    owner: str
    due_on: str
    status: str


class StatusCountDict(TypedDict):
    status: str
    """The status's label, e.g. "Complete"."""
    count: int


class PledgeDict(TypedDict):
    reference: str
    title: str
    kind: str
    status: str
    update: str


class ActionPlanDict(TypedDict):
    total: int
    counts: list[StatusCountDict]
    overdue: list[ActionDict]
    off_track: list[ActionDict]
    pledges: list[PledgeDict]


class RatingDict(TypedDict):
    code: str
    words: str
    level: str


class CodeWordDict(TypedDict):
    code: str
    word: str


class RiskDict(TypedDict):
    reference: str
    title: str
    mitigation: str
    owner: str
    rating: RatingDict | None
    target: RatingDict | None
    review_overdue: bool
    needs_rerating: bool


class MatrixCellDict(TypedDict):
    code: str
    level: str
    references: list[str]


class MatrixRowDict(TypedDict):
    likelihood: str
    likelihood_word: str
    cells: list[MatrixCellDict]


class RiskRegisterDict(TypedDict):
    as_of: str
    likelihoods: list[CodeWordDict]
    impacts: list[CodeWordDict]
    risks: list[RiskDict]
    matrix: list[MatrixRowDict]


class RiskMovementDict(TypedDict):
    reference: str
    title: str
    start: RatingDict | None
    end: RatingDict | None
    movement: str


class MeetingsDict(TypedDict):
    group: str
    is_board: bool
    held: int
    cancelled: int
    planned: int
    attendance: str


class InspectionDict(TypedDict):
    service: str
    kind: str
    provision: str
    inspected_on: str
    judgement: str
    """In Ofsted's words: "Requires improvement to be good"."""
    children_in_care: str
    care_leavers: str
    report_url: str
    recommendations: int
    closed: int


class TrainingDict(TypedDict):
    course: str
    sessions: int
    completed: int
    """Places taken by members on the course's sessions in the year."""
    dates: list[str]


class VisitDict(TypedDict):
    service: str
    kind: str
    visit_on: str
    visitors: int


class VisitKindDict(TypedDict):
    kind: str
    count: int


class VisitsDict(TypedDict):
    made: list[VisitDict]
    by_kind: list[VisitKindDict]


class BoardPackActivityDict(TypedDict):
    """The Board's work in a quarterly pack (`reports.activity.board_pack`)."""

    highlight_reports: list[HighlightReportDict]
    you_said_we_did: list[YouSaidDict]
    action_log: ActionLogDict
    challenges: list[ChallengeDict]
    action_plan: ActionPlanDict
    risks: RiskRegisterDict
    outcome_progress: dict[int, OutcomeProgressDict]


class AnnualActivityDict(TypedDict):
    """The Board's work over a year (`reports.activity.annual`)."""

    meetings: list[MeetingsDict]
    you_said_we_did: list[YouSaidDict]
    action_plan: ActionPlanDict
    risks: RiskRegisterDict
    risk_movement: list[RiskMovementDict]
    outcome_progress: dict[int, OutcomeProgressDict]
    principle_actions: dict[int, int]
    inspections: list[InspectionDict]
    training: list[TrainingDict]
    visits: VisitsDict


class PlainFigureDict(TypedDict):
    """A figure of the young people's summary in plain words (`voice.plain`)."""

    code: str
    title: str
    """The KPI's plain title (`Kpi.title_for_young_people`)."""
    text: str


class SurveyResultDict(TypedDict):
    indicator: str
    in_words: str
    percent: str
    national_percent: str | None


class SurveyDict(TypedDict):
    """A Bright Spots survey's latest run (`voice.selectors.latest_surveys`)."""

    kind_label: str
    year: int
    summary: str
    national_source: str
    results: list[SurveyResultDict]


class SnapshotDict(TypedDict):
    """Everything a report prints. The parts after `outcomes` depend on the report's kind:
    a board pack has the highlight reports, the action log and the challenges; an annual
    report and a young people's summary have the principles, the meetings and the risks'
    movement; a young people's summary also has its headline figures."""

    version: int
    report: ReportInfoDict
    as_of: str
    as_of_label: str
    note: str
    sections: list[SectionDict]
    period_label: str
    scorecard: ScorecardDict
    outcomes: list[OutcomeDict]
    you_said_we_did: list[YouSaidDict]
    action_plan: ActionPlanDict
    risks: RiskRegisterDict
    highlight_reports: NotRequired[list[HighlightReportDict]]
    action_log: NotRequired[ActionLogDict]
    challenges: NotRequired[list[ChallengeDict]]
    principles: NotRequired[list[PrincipleDict]]
    meetings: NotRequired[list[MeetingsDict]]
    risk_movement: NotRequired[list[RiskMovementDict]]
    headlines: NotRequired[list[ScorecardRowDict]]
    plain_figures: NotRequired[list[PlainFigureDict]]
    """The young people's summary: its figures told in sentences."""
    bright_spots: NotRequired[list[SurveyDict]]
    """The annual report and the young people's summary: what young people told us."""
    inspections: NotRequired[list[InspectionDict]]
    training: NotRequired[list[TrainingDict]]
    visits: NotRequired[VisitsDict]
