"""THE table of who may do what: for every named URL of the portal, what anonymous visitors and
each role get when they open it (GET) and, where the view changes data, when they send its
form (POST).

`test_permission_matrix.py` walks every URL pattern in the URLconf and fails when a URL name
has no entry here, when an entry names a URL that no longer exists, and when any answer differs
from the table. A new view therefore means one new entry in ACCESS, in the shape of the others.

Each row lists the answer for the columns in COLUMNS order, which is the order of
`cpboard.roles.ROLES` after anonymous:

    OK         GET: 200 and the page shows its sentinel text.
               POST: 302 to `redirects_to`, and the data `state` reads has changed.
    NO         403 or 404; the sentinel is nowhere in the answer; a POST changed nothing.
    LOGIN      302 to the sign-in page with ?next=<this URL>; nothing shown, nothing changed.
               Every URL that is not marked `public=True` answers anonymous visitors this way.
    AWAY       302 to `redirects_to` without doing anything (a signed-in person opening the
               sign-in page is sent to the home page).
    POST_ONLY  405: the URL does not answer this method (signing out is a POST).

The rest of an entry says how to ask, from the demo board loaded once by `load_demo()`:

    kwargs        the URL's parameters.
    sentinel      text the allowed page shows and that must never appear in a refused answer:
                  an object's title or a field value the page renders. Required when any
                  cell says NO.
    parts         parts of an allowed page that only some roles see (unapproved figures,
                  change history, staff names): a text and a row saying who sees it, OK, and
                  who must not find it on the page, NO.
    payload       a valid form for the POST: sent by someone allowed, it saves a change.
    state         reads from the database what the POST changes, as a dict; compared before
                  and after.
    redirects_to  where an allowed POST (and an AWAY answer) sends the browser.

A case the portal does not yet answer as the table says is listed in KNOWN_GAPS with the reason
and the fix; it runs as a strict xfail, so it is reported in every run and fails once fixed.

The table below is aligned by hand so that it reads as a matrix (ruff's formatter is off for
it): keep each cell under its column heading.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.demo import DEMO_PEOPLE, load_demo_users
from cpboard.quarters import FinancialQuarter
from performance.models import CollectionRound, Kpi, Measurement, Target
from strategy.demo import load_demo_strategy
from strategy.models import Outcome, Strategy
from subgroups.demo import load_demo_groups
from subgroups.models import BoardGroup
from tests.factories import UserFactory

COLUMNS: tuple[str, ...] = (
    "anonymous",
    "councillor",
    "officer",
    "performance-lead",
    "board-secretary",
    "young-person",
    "administrator",
)
"""Who asks: nobody signed in, then one person per role, by `cpboard.roles.ROLES` slug."""

NEW_PASSWORD = "matrix-changed-this-passphrase"


class Answer(StrEnum):
    OK = "allowed"
    NO = "forbidden"
    LOGIN = "sent to sign in"
    AWAY = "redirected away"
    POST_ONLY = "405 method not allowed"


OK, NO, LOGIN, AWAY, POST_ONLY = Answer

Row = tuple[Answer, ...]


@dataclass(frozen=True)
class Demo:
    """The demo board as the matrix loads it, and one signed-in person per role."""

    board: BoardGroup
    subgroup: BoardGroup
    """A sub-group whose page, form and remit the matrix asks for."""
    strategy: Strategy
    outcome: Outcome
    """An outcome of the current strategy whose page and form the matrix asks for."""
    kpi: Kpi
    """A KPI of the Health sub-group, owned by the officer."""
    approved: Measurement
    """The KPI's approved 2024-25 Q1 figure: everybody with a role sees it."""
    submitted: Measurement
    """The KPI's 2024-25 Q2 figure, waiting for sign-off: councillors must not see it."""
    collection_round: CollectionRound
    """2024-25 Q3, open for entry, with no figure yet."""
    users: dict[str, AbstractBaseUser]
    """One person per role, by role slug, named as in the demo; the factories' password."""
    extra: dict[str, object] = field(default_factory=dict)
    """What each app's own part of the table (access_<app>.py) loads for its entries, by
    name: `demo.extra["risk"]`. Each part's `load` adds its records after the base demo."""


def load_demo() -> Demo:
    """Load the demo Board, sub-groups and strategy, one person per role, and a KPI with an
    approved and a submitted figure and a quarter open for entry."""
    load_demo_users()  # the demo's groups and strategy are set up by its secretary
    groups = {group.slug: group for group in load_demo_groups()}
    strategy = load_demo_strategy()
    names = {role.slug: (first, last) for _, first, last, role in DEMO_PEOPLE}
    users = {
        role.slug: UserFactory(
            username=f"matrix-{role.slug}",
            first_name=names[role.slug][0],
            last_name=names[role.slug][1],
            role=role,
        )
        for role in roles.ROLES
    }
    officer, lead = users["officer"], users["performance-lead"]
    # Until the performance app has demo data of its own, the matrix makes one KPI.
    kpi = Kpi.objects.create(
        code="CLA-DENTAL",
        title="Children in care who had a dental check in the quarter",
        definition="Children looked after on the last day of the quarter who saw a dentist.",
        definition_year=2024,
        unit="count",
        polarity="higher",
        owner=officer,
        subgroup=groups["health"],
        outcome=strategy.outcomes.get(number=5),
    )
    Target.objects.create(kpi=kpi, applies_from=2024, target=30, amber_threshold=25)
    figure = {"kpi": kpi, "definition_year": 2024, "entered_by": officer}
    approved = Measurement.objects.create(
        **figure,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        value=32,
        commentary="Back on track after the spring backlog at the community dental service.",
        status=Measurement.Status.APPROVED,
        approved_by=lead,
        approved_at=timezone.now(),
    )
    submitted = Measurement.objects.create(
        **figure,
        quarter=FinancialQuarter.parse("2024-25 Q2"),
        value=27,
        commentary="Two dentists left the practice in August; waiting lists are growing.",
        status=Measurement.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    collection_round = CollectionRound.objects.create(
        quarter=FinancialQuarter.parse("2024-25 Q3"),
        due_on=datetime.date(2025, 1, 20),
        opened_by=lead,
    )
    demo = Demo(
        board=groups["corporate-parenting-board"],
        subgroup=groups["listening-to-you"],
        strategy=strategy,
        outcome=strategy.outcomes.select_related("lead_group").get(number=8),
        kpi=kpi,
        approved=approved,
        submitted=submitted,
        collection_round=collection_round,
        users=users,
    )
    # The admin site's table (access_admin.py) loads its records after the portal's parts.
    for part in (*_PARTS, access_admin):
        part.load(demo)
    return demo


@dataclass(frozen=True)
class Part:
    """A part of an allowed page that only some roles may see."""

    name: str
    text: Callable[[Demo], str]
    """Text that is on the page only when this part is shown."""
    seen: Row
    """OK: the text is on the page; NO: it must not be. Anonymous: as the page's GET row."""


@dataclass(frozen=True)
class Access:
    """One URL name's line of the matrix, and how to ask it."""

    get: Row
    post: Row | None = None
    kwargs: Callable[[Demo], dict] = lambda demo: {}
    sentinel: Callable[[Demo], str] | None = None
    parts: tuple[Part, ...] = ()
    payload: Callable[[Demo], dict] | None = None
    state: Callable[[Demo], dict] | None = None
    redirects_to: Callable[[Demo], str] | None = None
    anonymous_redirects_to: Callable[[Demo], str] | None = None
    """Where an AWAY answer sends someone not signed in, when not to `redirects_to` (a step
    of signing in that has not begun sends them to sign in, a signed-in person home)."""
    public: bool = False
    """Open to anyone, signed in or not: the anonymous column says OK, not LOGIN."""

    def rows(self) -> dict[str, Row]:
        """The rows this entry declares, by HTTP method."""
        return {"GET": self.get} | ({"POST": self.post} if self.post else {})


# What a POST changes, read from the database so that before and after can be compared.


def _group_state(demo: Demo) -> dict:
    group = BoardGroup.objects.values("remit", "meeting_frequency").get(pk=demo.subgroup.pk)
    return group | {"history rows": BoardGroup.history.filter(id=demo.subgroup.pk).count()}


def _outcome_state(demo: Demo) -> dict:
    outcome = Outcome.objects.values("title", "description", "lead_group").get(pk=demo.outcome.pk)
    principles = Outcome.principles.through.objects.filter(outcome=demo.outcome.pk)
    return outcome | {
        "principles": sorted(principles.values_list("principle", flat=True)),
        "history rows": Outcome.history.filter(id=demo.outcome.pk).count(),
    }


def _outcome_form(demo: Demo) -> dict:
    return {
        "title": "Changed by the permission matrix",
        "description": "",
        "lead_group": demo.outcome.lead_group_id,
        "principles": [principle.pk for principle in demo.outcome.principles.all()],
    }


def _figures(demo: Demo) -> dict:
    """Every field a figure's workflow changes, for each of the KPI's quarters."""
    fields = ("value", "commentary", "status", "return_reason", "version")
    return {
        f"{figure['quarter']} {field}": figure[field]
        for figure in Measurement.objects.filter(kpi=demo.kpi).values("quarter", *fields)
        for field in fields
    }


def _kpi_state(demo: Demo) -> dict:
    fields = ("title", "definition", "owner", "subgroup", "outcome", "is_active")
    kpi = Kpi.objects.values(*fields).get(pk=demo.kpi.pk)
    return kpi | {"history rows": Kpi.history.filter(id=demo.kpi.pk).count()}


def _kpi_form(demo: Demo) -> dict:
    kpi = demo.kpi
    return {
        "title": kpi.title,
        "definition": "Changed by the permission matrix.",
        "definition_reference": "",
        "source": kpi.source,
        "definition_year": kpi.definition_year,
        "polarity": kpi.polarity,
        "frequency": kpi.frequency,
        "owner": kpi.owner_id,
        "subgroup": kpi.subgroup_id,
        "outcome": kpi.outcome_id,
        "suppress_small_counts": "on",
        "is_active": "on",
    }


def _comparators(demo: Demo) -> dict:
    return {"comparators": list(demo.kpi.comparators.values_list("kind", "year", "value"))}


def _targets(demo: Demo) -> dict:
    return {
        target.applies_from: (target.target, target.amber_threshold)
        for target in Target.objects.filter(kpi=demo.kpi)
    }


def _entry_form(demo: Demo) -> dict:
    """The data entry formset for the Health group's one KPI: a draft figure for the quarter."""
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-value": "29",
        "form-0-commentary": "Entered by the permission matrix.",
        "form-0-version": "",
        "draft": "1",
    }


def _entry_path(demo: Demo) -> str:
    return reverse("performance:entry", kwargs=_entry_kwargs(demo))


def _entry_kwargs(demo: Demo) -> dict:
    return {"slug": demo.kpi.subgroup.slug, "quarter": demo.collection_round.quarter}


def _open_round_form(demo: Demo) -> dict:
    today = timezone.localdate()
    quarter = FinancialQuarter.current(today).previous()
    if quarter == demo.collection_round.quarter:
        quarter = quarter.previous()
    return {
        "quarter": str(quarter),
        "due_on": (today + datetime.timedelta(days=30)).isoformat(),
        "reminder_days": "5",
    }


def _collection_rounds(demo: Demo) -> dict:
    return {str(r.quarter): r.due_on for r in CollectionRound.objects.all()}


def _passwords(demo: Demo) -> dict:
    return dict(get_user_model().objects.values_list("username", "password"))


def _last_sign_ins(demo: Demo) -> dict:
    return dict(get_user_model().objects.values_list("username", "last_login"))


def _sessions(demo: Demo) -> dict:
    return {key: "open" for key in Session.objects.values_list("session_key", flat=True)}


def _figure_caption(figure: Measurement) -> str:
    """How the sign-off forms name the figure they are about: "CLA-DENTAL, 2024-25 Q2"."""
    return f"{figure.kpi.code}, {figure.quarter}"


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    # Young people have a home page of their own (reports/young_people.py): what both pages
    # show is "You said, we did".
    "reports:home": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.extra["you_said"].you_said,
    ),
    "subgroups:group-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.subgroup.name,
    ),
    "subgroups:group-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"slug": demo.subgroup.slug},
        sentinel=lambda demo: demo.subgroup.remit,
        parts=(
            Part("change history", lambda demo: "Change history",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:group-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"slug": demo.subgroup.slug},
        sentinel=lambda demo: demo.subgroup.remit,
        payload=lambda demo: {"remit": "Changed by the permission matrix.",
                              "meeting_frequency": BoardGroup.Frequency.MONTHLY},
        state=_group_state,
        redirects_to=lambda demo: demo.subgroup.get_absolute_url(),
    ),
    "strategy:outcome-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.outcome.title,
    ),
    "strategy:outcome-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"pk": demo.outcome.pk},
        sentinel=lambda demo: demo.outcome.title,
        parts=(
            Part("change history", lambda demo: "Change history",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "strategy:outcome-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": demo.outcome.pk},
        sentinel=lambda demo: demo.outcome.title,
        payload=_outcome_form,
        state=_outcome_state,
        redirects_to=lambda demo: demo.outcome.get_absolute_url(),
    ),
    "strategy:principle-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.outcome.title,
    ),
    "performance:scorecard": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.approved.commentary,
        parts=(
            Part("unapproved figures", lambda demo: demo.submitted.commentary,
                      (LOGIN,     NO,        NO,        NO,        NO,        NO,        NO)),
        ),
    ),
    "performance:kpi-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"code": demo.kpi.code},
        sentinel=lambda demo: demo.approved.commentary,
        parts=(
            Part("unapproved figures", lambda demo: demo.submitted.commentary,
                      (LOGIN,     NO,        OK,        OK,        NO,        NO,        OK)),
            Part("change history", lambda demo: "Change history",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
            Part("staff names", lambda demo: demo.kpi.owner.get_full_name(),
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "performance:kpi-edit": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"code": demo.kpi.code},
        sentinel=lambda demo: demo.kpi.definition,
        payload=_kpi_form,
        state=_kpi_state,
        redirects_to=lambda demo: demo.kpi.get_absolute_url(),
    ),
    "performance:kpi-target": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"code": demo.kpi.code},
        sentinel=lambda demo: demo.kpi.title,
        payload=lambda demo: {"year": "2025-26", "target": "31", "amber_threshold": "26"},
        state=_targets,
        redirects_to=lambda demo: demo.kpi.get_absolute_url(),
    ),
    "performance:kpi-comparator": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"code": demo.kpi.code},
        sentinel=lambda demo: demo.kpi.title,
        payload=lambda demo: {"kind": "england", "year": "2025-26", "value": "31",
                              "published_for": "2024-25"},
        state=_comparators,
        redirects_to=lambda demo: demo.kpi.get_absolute_url(),
    ),
    "performance:entry-index": Access(
        get=          (LOGIN,     NO,        OK,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: f"Progress for {demo.collection_round.quarter} by sub-group",
    ),
    "performance:entry": Access(
        get=          (LOGIN,     NO,        OK,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        OK,        NO,        NO,        OK),
        kwargs=_entry_kwargs,
        sentinel=lambda demo: demo.kpi.title,
        payload=_entry_form,
        state=_figures,
        redirects_to=_entry_path,
    ),
    "performance:open-round": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: "Open a quarter for entry",
        payload=_open_round_form,
        state=_collection_rounds,
        redirects_to=lambda demo: reverse("performance:entry-index"),
    ),
    "performance:import-figures": Access(
        get=          (LOGIN,     NO,        OK,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: "Import figures from a spreadsheet",
    ),
    "performance:import-kpis": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: "Import the KPI library",
    ),
    "performance:export-kpis": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"fmt": "csv"},
        sentinel=lambda demo: demo.kpi.code,
    ),
    "performance:review": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: demo.submitted.commentary,
    ),
    "performance:approve": Access(
        get=          (LOGIN,     NO,        NO,        AWAY,      NO,        NO,        AWAY),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"pk": demo.submitted.pk},
        sentinel=lambda demo: demo.submitted.commentary,
        payload=lambda demo: {"version": demo.submitted.version},
        state=_figures,
        redirects_to=lambda demo: reverse("performance:review"),
    ),
    "performance:return": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"pk": demo.submitted.pk},
        sentinel=lambda demo: _figure_caption(demo.submitted),
        payload=lambda demo: {"reason": "Check August against the practice's list.",
                              "version": demo.submitted.version},
        state=_figures,
        redirects_to=lambda demo: reverse("performance:review"),
    ),
    "performance:reopen": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        kwargs=lambda demo: {"pk": demo.approved.pk},
        sentinel=lambda demo: _figure_caption(demo.approved),
        payload=lambda demo: {"reason": "The dental service recounted April.",
                              "version": demo.approved.version},
        state=_figures,
        redirects_to=lambda demo: reverse("performance:review"),
    ),
    "cpboard:system-status": Access(
        get=          (LOGIN,     NO,        NO,        NO,        NO,        NO,        OK),
        sentinel=lambda demo: "Task queue",
    ),
    "health": Access(
        public=True,
        get=          (OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ),
}
# fmt: on

# Each app with many pages keeps its entries in a part of the table of its own, in the same
# shape: tests/permissions/access_<app>.py with `load(demo)` and `ACCESS: dict[str, Access]`.
# They import this module's names, so they are imported here, after those names exist.
from tests.permissions import (  # noqa: E402
    access_accounts,
    access_admin,
    access_oversight,
    access_performance,
    access_reports,
    access_strategy,
    access_subgroups,
    access_voice,
)

_PARTS = (
    access_strategy,
    access_subgroups,
    access_oversight,
    access_performance,
    access_voice,
    access_reports,
    access_accounts,
)
for _part in _PARTS:
    _clash = set(ACCESS) & set(_part.ACCESS)
    assert not _clash, f"{_part.__name__} repeats entries of the table: {sorted(_clash)}"
    ACCESS |= _part.ACCESS

KNOWN_GAPS: dict[tuple[str, str, str], str] = {}
"""(URL name, method, column) where the portal does not yet answer as the table says, and why.
Each runs as a strict xfail: the gap shows in every run, and the case fails once the view is
fixed, as a reminder to delete its line here."""
