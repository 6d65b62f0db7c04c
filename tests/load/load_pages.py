"""What the load check visits and saves: the one list to extend when a page or a form lands.

Both sides read it: the locustfile (the simulated people, under gevent) and run_load.py (which
prepares the database, then checks every acknowledged save against the change history). It
imports neither locust nor Django at module level, so either side can load it.

A URL may name parameters in braces; run_load.py fills each from the database through
URL_PARAMETERS before the run, and each request picks one of the values at random, except that
a person given records of their own (WRITER_RECORDS) always uses their own values.

A page or form that lands is one entry here and nothing else changes. A form that only the
owner of a record may save also names, in WRITER_RECORDS, how its writers are given records
of their own before the run.

The KPI data entry (performance:entry) is such a form: a formset of one group's KPIs for a
quarter, each row a value (or a numerator and denominator), a commentary and a hidden
version, with approved rows shown read-only. Officers save it for the KPIs they own
(Kpi.owner). Before the run, _kpis_to_enter gives each simulated officer a few KPIs of one
group, at least one of them with a figure of the quarter being collected that is entered but
not approved, so that a save has a row to write. Each save writes the token into that row's
commentary, keeps every other field as the page showed it (hidden versions too), presses
"Submit for sign-off" or "Save as draft", and is checked in Measurement's history by the
KPI's code.

Two people saving the same record at once is expected: the portal refuses the later save,
naming the change made since the form was opened (the group and outcome forms by their
hidden `seen_change`, KPI figures by their version). Such an answer, a 200 whose error
summary holds only the messages in STALE_REFUSALS, is counted as refused (stale), shown to
the person: neither an error nor an acknowledged save.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A page councillors and officers read; `weight` is how often, relative to the others."""

    name: str
    url: str
    weight: int = 1


@dataclass(frozen=True)
class SaveForm:
    """A data-entry form a board secretary (or, for KPI figures, an officer) saves.

    Each save keeps every other field as the form showed it and writes a unique token into
    `field`; a save is acknowledged when the answer is a redirect to `record`. Afterwards the
    token must be in the history of the model `history` (an "app_label.Model" with
    django-simple-history), on the row whose `history_key` equals the parameter's value
    (the record URL's first parameter), or, in a formset, the row's label."""

    name: str
    edit: str
    record: str
    field: str
    history: str
    history_key: str
    weight: int = 1
    by: str = "secretary"
    """Which kind of writer saves it: a key of WRITER_ROLES."""
    rows: str = ""
    """For a formset: the class of the element in each row (`<div id="form-N-row">`) whose
    text names the row's record as `history_key` does. The token goes into `form-N-<field>`
    of one row that has inputs and, if `row_needs_any` is given, one of those filled in."""
    row_needs_any: tuple[str, ...] = ()
    """Fields of which a row needs at least one filled in to be saved at all: the entry form
    saves only the rows with a figure and drops the others, commentary included."""
    buttons: tuple[str, ...] = ()
    """The names of the form's submit <button>s; each save presses one of them at random,
    and the browser sends that button's name and value."""


READ_PAGES: tuple[Page, ...] = (
    Page("home page", "/", weight=3),
    Page("board", "/board/"),
    Page("group page", "/board/{group}/", weight=2),
    Page("strategy", "/strategy/", weight=2),
    Page("outcome page", "/strategy/outcomes/{outcome}/", weight=3),
    Page("principles", "/strategy/principles/"),
    Page("KPI scorecard", "/performance/", weight=3),
    Page("KPI page", "/performance/kpis/{kpi}/", weight=3),
    Page("action plan", "/strategy/actions/", weight=2),
    Page("action page", "/strategy/actions/{action}/", weight=2),
    Page("pledge", "/strategy/pledge/"),
    Page("by exception", "/strategy/exceptions/"),
    Page("risk register", "/strategy/risks/", weight=2),
    Page("risk matrix", "/strategy/risks/matrix/"),
    Page("risk page", "/strategy/risks/{risk}/", weight=2),
    Page("meetings", "/board/meetings/"),
    Page("meeting page", "/board/meetings/{meeting}/", weight=2),
    Page("you said, we did", "/board/you-said-we-did/"),
    Page("action log", "/board/actions/"),
    Page("challenge log", "/board/challenges/"),
    Page("reports", "/reports/"),
    Page("report page", "/reports/{report}/", weight=2),
)

SAVE_FORMS: tuple[SaveForm, ...] = (
    SaveForm(
        "group",
        edit="/board/{group}/edit/",
        record="/board/{group}/",
        field="remit",
        history="subgroups.BoardGroup",
        history_key="slug",
    ),
    SaveForm(
        "outcome",
        edit="/strategy/outcomes/{outcome}/edit/",
        record="/strategy/outcomes/{outcome}/",
        field="description",
        history="strategy.Outcome",
        history_key="id",
    ),
    SaveForm(
        "action update",
        edit="/strategy/actions/{action}/update/",
        record="/strategy/actions/{action}/",
        field="note",
        history="strategy.ActionUpdate",
        history_key="action_id",
    ),
    SaveForm(
        "risk review",
        edit="/strategy/risks/{risk}/review/",
        record="/strategy/risks/{risk}/",
        field="note",
        history="strategy.RiskReview",
        history_key="risk_id",
    ),
    SaveForm(
        "meeting feedback",
        edit="/board/meetings/{meeting}/feedback/",
        record="/board/meetings/{meeting}/",
        field="feedback",
        history="subgroups.Meeting",
        history_key="id",
    ),
    SaveForm(
        "report section",
        edit="/reports/{report}/sections/summary/",
        record="/reports/{report}/",
        field="body",
        history="reports.ReportSection",
        history_key="report_id",
    ),
    SaveForm(
        "KPI figures",
        # A save answers with a redirect back to the same page, showing the success message.
        edit="/performance/entry/{group}/{quarter}/",
        record="/performance/entry/{group}/{quarter}/",
        field="commentary",
        history="performance.Measurement",
        history_key="kpi__code",
        by="officer",
        rows="cpb-kpi-code",
        row_needs_any=("value", "numerator", "denominator"),
        buttons=("submit", "draft"),
    ),
)

# What the portal says when it refuses a save made from a page opened before someone else's
# change: the group and outcome forms, then a KPI figure.
STALE_REFUSALS = (
    "after you opened the page, so your changes were not saved",
    "changed this figure after you opened the page, so your change was not saved",
)


def _values(label: str, field: str) -> Callable[[], list]:
    def values() -> list:
        from django.apps import apps

        return [str(v) for v in apps.get_model(label).objects.values_list(field, flat=True)]

    return values


def _open_quarters() -> list[str]:
    """The quarters being collected (an open collection round), as URLs write them."""
    from cpboard.converters import QuarterConverter
    from performance.models import CollectionRound

    rounds = CollectionRound.objects.filter(is_open=True).order_by("quarter")
    return [QuarterConverter().to_url(r.quarter) for r in rounds]


def _annual_reports() -> list[str]:
    """Annual reports, the ones with a "summary" section for the report section form."""
    from reports.models import Report

    return [str(pk) for pk in Report.objects.filter(kind="annual").values_list("pk", flat=True)]


# Parameter name -> what fills it, read from the database after load_demo (Django set up).
URL_PARAMETERS: dict[str, Callable[[], list[str]]] = {
    "group": _values("subgroups.BoardGroup", "slug"),
    "outcome": _values("strategy.Outcome", "pk"),
    "kpi": _values("performance.Kpi", "code"),
    "action": _values("strategy.Action", "pk"),
    "risk": _values("strategy.Risk", "pk"),
    "meeting": _values("subgroups.Meeting", "pk"),
    "report": _annual_reports,
    "quarter": _open_quarters,
}


def _kpis_to_enter(usernames: list[str]) -> dict[str, dict[str, str]]:
    """Make the simulated officers the owners of KPIs to enter for the open quarter.

    Why officers who own a few KPIs, and not everyone as performance lead: that is how the
    portal is used. Each KPI has one owner who enters its figures; the performance lead is
    one person, who signs figures off rather than entering them. Fifty leads able to change
    any figure would mostly measure their refusing one another, which no day in the portal
    looks like; owners sharing a group's page, each seeing only their own rows, is what
    collection week looks like, and checks that one officer's save never refuses or
    overwrites another's.

    Figures of the open quarter that are entered and not approved (submitted or returned)
    are the ones an officer can save; they are shared out first, then the group's other
    KPIs (approved ones shown read-only, ones not entered yet shown empty), so each page
    looks like an officer's real page. Each officer works in one group; groups get officers
    in turn, most saveable figures first, and no group gets more officers than it has
    saveable figures. Officers beyond the saveable figures get nothing and are not returned.

    Returns each officer given KPIs, by username, with their own parameter values (the
    group whose page they use)."""
    from django.contrib.auth import get_user_model

    from cpboard.converters import QuarterConverter
    from performance.models import Kpi, Measurement
    from subgroups.models import BoardGroup

    quarters = _open_quarters()
    if not quarters:
        raise SystemExit("The demo data has no open collection round: no figures to enter.")
    quarter = QuarterConverter().to_python(quarters[-1])
    saveable = set(
        Measurement.objects.filter(quarter=quarter)
        .exclude(status=Measurement.Status.APPROVED)
        .exclude(value=None)
        .values_list("kpi_id", flat=True)
    )
    by_group: dict[str, tuple[list, list]] = {}
    for group in BoardGroup.objects.order_by("slug"):
        kpis = list(Kpi.objects.active().filter(subgroup=group).order_by("code"))
        open_ = [kpi for kpi in kpis if kpi.pk in saveable]
        if open_:
            by_group[group.slug] = (open_, [kpi for kpi in kpis if kpi.pk not in saveable])
    # Officers per group: one each in turn, most saveable figures first, while any remain.
    order = sorted(by_group, key=lambda slug: (-len(by_group[slug][0]), slug))
    officers: dict[str, list[str]] = {slug: [] for slug in order}
    remaining = list(usernames)
    while remaining and any(len(officers[s]) < len(by_group[s][0]) for s in order):
        for slug in order:
            if remaining and len(officers[slug]) < len(by_group[slug][0]):
                officers[slug].append(remaining.pop(0))
    users = get_user_model().objects.in_bulk(usernames, field_name="username")
    own: dict[str, dict[str, str]] = {}
    for slug, names in officers.items():
        if not names:
            continue
        open_, others = by_group[slug]
        for index, name in enumerate(names):
            # Dealt in turn, saveable figures first: each officer gets at least one of those.
            dealt = [kpi.pk for kpi in [*open_, *others][index :: len(names)]]
            Kpi.objects.filter(pk__in=dealt).update(owner=users[name])
        own.update({name: {"group": slug, "quarter": quarters[-1]} for name in names})
    return {name: own[name] for name in usernames if name in own}


# Before the run, each kind of writer named here is given records of their own: the function
# takes their usernames and returns, for each one it could give records to, their own
# parameter values. run_load.py makes the others readers instead.
WRITER_RECORDS: dict[str, Callable[[list[str]], dict[str, dict[str, str]]]] = {
    "officer": _kpis_to_enter,
}

# The simulated people, by the names of their roles in cpboard.roles. Readers visit
# READ_PAGES, taking the reader roles in turn (councillor, officer, councillor, ...). Writers
# save the SAVE_FORMS that name their kind in `by`, and look at the record they saved.
READER_ROLES = ("COUNCILLOR", "OFFICER")
WRITER_ROLES = {"secretary": ("BOARD_SECRETARY",), "officer": ("OFFICER",)}
# Of every 10 people, 8 read, 1 is a board secretary and 1 an officer entering figures: 40, 5
# and 5 of 50. With 3 people or more there is at least one of each kind.
PER_10 = {"reader": 8, "secretary": 1, "officer": 1}

# Written into a saved field, so that the history check can find every save of this run.
TOKEN_PREFIX = "load-check"
