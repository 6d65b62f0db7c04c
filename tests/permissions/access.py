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
    payload       a valid form for the POST: sent by someone allowed, it saves a change.
    state         reads from the database what the POST changes; compared before and after.
    redirects_to  where an allowed POST (and an AWAY answer) sends the browser.

The table below is aligned by hand so that it reads as a matrix (ruff's formatter is off for
it): keep each cell under its column heading.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.urls import reverse

from cpboard import roles
from strategy.demo import load_demo_strategy
from strategy.models import Outcome, Strategy
from subgroups.demo import load_demo_groups
from subgroups.models import BoardGroup
from tests.factories import PASSWORD, UserFactory

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
    users: dict[str, AbstractBaseUser]
    """One person per role, by role slug; each has the factories' test password."""


def load_demo() -> Demo:
    """Load the demo Board, sub-groups and strategy, and add one person per role."""
    groups = {group.slug: group for group in load_demo_groups()}
    strategy = load_demo_strategy()
    users = {
        role.slug: UserFactory(username=f"matrix-{role.slug}", role=role) for role in roles.ROLES
    }
    return Demo(
        board=groups["corporate-parenting-board"],
        subgroup=groups["listening-to-you"],
        strategy=strategy,
        outcome=strategy.outcomes.select_related("lead_group").get(number=8),
        users=users,
    )


@dataclass(frozen=True)
class Access:
    """One URL name's line of the matrix, and how to ask it."""

    get: Row
    post: Row | None = None
    kwargs: Callable[[Demo], dict] = lambda demo: {}
    sentinel: Callable[[Demo], str] | None = None
    payload: Callable[[Demo], dict] | None = None
    state: Callable[[Demo], object] | None = None
    redirects_to: Callable[[Demo], str] | None = None
    public: bool = False
    """Open to anyone, signed in or not: the anonymous column says OK, not LOGIN."""

    def rows(self) -> dict[str, Row]:
        """The rows this entry declares, by HTTP method."""
        return {"GET": self.get} | ({"POST": self.post} if self.post else {})


# What a POST changes, read from the database so that before and after can be compared.


def _group_state(demo: Demo) -> tuple:
    group = BoardGroup.objects.values("remit", "meeting_frequency").get(pk=demo.subgroup.pk)
    return group, BoardGroup.history.filter(id=demo.subgroup.pk).count()


def _outcome_state(demo: Demo) -> tuple:
    outcome = Outcome.objects.values("title", "description", "lead_group").get(pk=demo.outcome.pk)
    principles = sorted(
        Outcome.principles.through.objects.filter(outcome=demo.outcome.pk).values_list(
            "principle", flat=True
        )
    )
    return outcome, principles, Outcome.history.filter(id=demo.outcome.pk).count()


def _outcome_form(demo: Demo) -> dict:
    return {
        "title": "Changed by the permission matrix",
        "description": "",
        "lead_group": demo.outcome.lead_group_id,
        "principles": [principle.pk for principle in demo.outcome.principles.all()],
    }


def _passwords(demo: Demo) -> dict:
    return dict(get_user_model().objects.values_list("username", "password"))


def _last_sign_ins(demo: Demo) -> dict:
    return dict(get_user_model().objects.values_list("username", "last_login"))


def _sessions(demo: Demo) -> set:
    return set(Session.objects.values_list("session_key", flat=True))


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "reports:home": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.outcome.title,
    ),
    "subgroups:group-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.subgroup.name,
    ),
    "subgroups:group-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"slug": demo.subgroup.slug},
        sentinel=lambda demo: demo.subgroup.remit,
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
    "cpboard:system-status": Access(
        get=          (LOGIN,     NO,        NO,        NO,        NO,        NO,        OK),
        sentinel=lambda demo: "Task queue",
    ),
    "health": Access(
        public=True,
        get=          (OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ),
    "login": Access(
        public=True,
        get=          (OK,        AWAY,      AWAY,      AWAY,      AWAY,      AWAY,      AWAY),
        post=         (OK,        AWAY,      AWAY,      AWAY,      AWAY,      AWAY,      AWAY),
        payload=lambda demo: {"username": demo.users["councillor"].username,
                              "password": PASSWORD},
        state=_last_sign_ins,
        redirects_to=lambda demo: reverse("reports:home"),
    ),
    "logout": Access(
        get=          (LOGIN,     POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
        post=         (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        payload=lambda demo: {},
        state=_sessions,
        redirects_to=lambda demo: reverse("login"),
    ),
    "password_change": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        post=         (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        payload=lambda demo: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                              "new_password2": NEW_PASSWORD},
        state=_passwords,
        redirects_to=lambda demo: reverse("password_change_done"),
    ),
    "password_change_done": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
    ),
}
# fmt: on
