"""The administration site's part of the permission table: for every model registered in
Django's admin site, what anonymous visitors, each role and a superuser get on its five pages
(the list, the add form, an object's change form, its delete page and its change history).

Only staff accounts get into the admin site: the administrator role and superusers. Everybody
else is sent to sign in, LOGIN here: to the portal's sign-in page when nobody is signed in,
to the admin's own when a signed-in person has no staff status. The other cells, per page:

    OK    200, and the page shows the entry's sentinel: the object's name on its own pages,
          a link to the object in the list, "Add <model>" on the add form.
    NO    403 or 404; the sentinel is nowhere in the answer.
    AWAY  302 to the admin's front page, which says the object does not exist: the admin's
          own answer for an object that its list leaves out (a restricted item's action).

`parts` say what only some columns find on an allowed page: the Save button of a change form
(who may change, not only view), the "Yes, I'm sure" button of a delete page (who may
delete), and restricted text that no column may find. `test_permission_matrix.py` fails when
a registered model has no entry here.

The rules the rows follow (cpboard/admin.py says how they are kept):
- The administrator changes accounts and gives roles, but cannot change a superuser's account
  and deletes no one; sees and changes what its role's model permissions allow.
- A superuser may do everything except what nobody may: change or delete figures, compiled
  reports and their files, progress statements; delete a meeting with restricted items
  they may not see; read a restricted item of a group they do not sit on.

Aligned by hand like the main table (ruff's formatter is off for it)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.db import models

from cpboard.quarters import FinancialQuarter
from strategy.models import OutcomeProgress, Principle
from subgroups.models import MeetingAction
from tests.factories import UserFactory
from tests.permissions.access import AWAY, COLUMNS, LOGIN, NO, OK, Demo, Part, Row
from voice.models import Celebration, SafeguardingPhrase

ADMIN_COLUMNS: tuple[str, ...] = (*COLUMNS, "superuser")
"""The portal's columns, then a superuser who holds no role and sits on no group."""

PAGES: tuple[str, ...] = ("changelist", "add", "change", "delete", "history")
"""The admin's pages of a model, by the suffix of their URL names (admin:<app>_<model>_<page>);
the change form, delete page and history are of the entry's object."""

RESTRICTED_ACTION = "Matrix restricted action: write to the provider about the dispute"
LOCKED_OUT = "matrix-locked-out"


def load(demo: Demo) -> None:
    """A superuser, an action raised on the restricted item, an outcome's progress statement
    and a sign-in that was refused, for the admin's pages to show."""
    demo.extra["superuser"] = UserFactory(
        username="matrix-superuser", is_superuser=True, is_staff=True
    )
    demo.extra["restricted_action"] = MeetingAction.objects.create(
        group=demo.board,
        raised_at=demo.extra["meeting"],
        agenda_item=demo.extra["restricted"],
        description=RESTRICTED_ACTION,
        due_on=datetime.date(2030, 1, 31),
    )
    demo.extra["progress"] = OutcomeProgress.objects.create(
        outcome=demo.outcome,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        statement="Matrix progress: the pledge was refreshed.",
        written_by=demo.users["officer"],
    )
    sign_in = {
        "user_agent": "matrix",
        "ip_address": "192.0.2.7",
        "username": LOCKED_OUT,
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    demo.extra["attempt"] = AccessAttempt.objects.create(
        **sign_in, get_data="", post_data="", failures_since_start=1
    )
    demo.extra["access_log"] = AccessLog.objects.create(**sign_in)
    demo.extra["failure_log"] = AccessFailureLog.objects.create(**sign_in)


@dataclass(frozen=True)
class AdminAccess:
    """One registered model's lines of the admin matrix, and the object its pages are of."""

    obj: Callable[[Demo], models.Model]
    changelist: Row | None
    add: Row | None
    change: Row
    delete: Row
    history: Row
    sentinel: Callable[[Demo], str] = lambda demo: ""
    """Text the object's allowed pages show; by default the object's name (str)."""
    parts: tuple[tuple[str, Part], ...] = ()
    """(page, part): text a page shows only to some columns."""

    def rows(self) -> dict[str, Row]:
        """The rows this entry declares, by page; an entry for a second object of a model
        already listed asks only its object's pages."""
        pages = {page: getattr(self, page) for page in PAGES}
        return {page: row for page, row in pages.items() if row is not None}

    def sentinel_of(self, demo: Demo) -> str:
        return self.sentinel(demo) or str(self.obj(demo))


def _x(name: str) -> Callable[[Demo], models.Model]:
    return lambda demo: demo.extra[name]


def _saves(row: Row) -> tuple[str, Part]:
    return ("change", Part("the Save button", lambda demo: 'name="_save"', row))


CONFIRM_DELETE = "Yes, I\N{RIGHT SINGLE QUOTATION MARK}m sure"
"""The delete page's button, there only when the deletion may go ahead."""


def _deletes(row: Row) -> tuple[str, Part]:
    return ("delete", Part("the delete button", lambda demo: CONFIRM_DELETE, row))


def _never(page: str, name: str, text: Callable[[Demo], str], row: Row) -> tuple[str, Part]:
    return (page, Part(name, text, row))


def _restricted_title(demo: Demo) -> str:
    return demo.extra["restricted"].title


_L = LOGIN

# fmt: off
ADMIN_ACCESS: dict[str, AdminAccess] = {
    #                  anon.  council officer lead   secr.  young  admin  superuser
    "auth.user": AdminAccess(
        obj=lambda demo: demo.users["young-person"],
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _never("change", "the superuser box", lambda demo: 'name="is_superuser"',
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _never("change", "the staff box", lambda demo: 'name="is_staff"',
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    # A superuser's account: the administrator may look, not change.
    "auth.user (superuser)": AdminAccess(
        obj=_x("superuser"),
        changelist=None,
        add=None,
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "auth.group": AdminAccess(
        obj=lambda demo: Group.objects.get(name="Councillor"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "axes.accessattempt": AdminAccess(
        obj=_x("attempt"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "axes.accesslog": AdminAccess(
        obj=_x("access_log"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "axes.accessfailurelog": AdminAccess(
        obj=_x("failure_log"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "subgroups.boardgroup": AdminAccess(
        obj=lambda demo: demo.subgroup,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
        ),
    ),
    "subgroups.membership": AdminAccess(
        obj=_x("partner"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    # The Board meeting with an open and a restricted item: no one here sits on the Board.
    "subgroups.meeting": AdminAccess(
        obj=_x("meeting"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _never("change", "the open item", lambda demo: demo.extra["open_item"].title,
                      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _never("change", "the restricted item", _restricted_title,
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
            _never("delete", "the restricted item", _restricted_title,
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
            _never("delete", "the restricted action", lambda demo: RESTRICTED_ACTION,
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    "subgroups.meetingaction": AdminAccess(
        obj=_x("action"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
            _never("changelist", "the restricted action", lambda demo: RESTRICTED_ACTION,
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    # The action raised on the restricted item: the admin's list leaves it out for everyone
    # here, so its pages answer as for an object that does not exist.
    "subgroups.meetingaction (restricted)": AdminAccess(
        obj=_x("restricted_action"),
        sentinel=lambda demo: RESTRICTED_ACTION,
        changelist=None,
        add=None,
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    AWAY,  AWAY),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    AWAY),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
    ),
    "subgroups.challenge": AdminAccess(
        obj=_x("challenge"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "subgroups.highlightreport": AdminAccess(
        obj=_x("report"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "subgroups.yousaidwedid": AdminAccess(
        obj=_x("you_said"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    # The council keeps its safeguarding phrases, Bright Spots results and celebrations here.
    "voice.safeguardingphrase": AdminAccess(
        obj=lambda demo: SafeguardingPhrase.objects.get(phrase="hurt me"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "voice.brightspotssurvey": AdminAccess(
        obj=_x("survey"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "voice.celebration": AdminAccess(
        obj=lambda demo: Celebration.objects.get(),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "strategy.strategy": AdminAccess(
        obj=lambda demo: demo.strategy,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
        ),
    ),
    "strategy.outcome": AdminAccess(
        obj=lambda demo: demo.outcome,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
        ),
    ),
    "strategy.principle": AdminAccess(
        obj=lambda demo: Principle.objects.order_by("number").first(),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "strategy.action": AdminAccess(
        obj=_x("plan_action"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
        ),
    ),
    "strategy.risk": AdminAccess(
        obj=_x("plan_risk"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            # The rating now changes only with a review, on the portal's page.
            _never("change", "the rating box", lambda demo: 'name="likelihood"',
                      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "strategy.outcomeprogress": AdminAccess(
        obj=_x("progress"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    "performance.kpi": AdminAccess(
        obj=lambda demo: demo.kpi,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            # Deleting a KPI takes its figures, which nobody deletes here.
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    "performance.measurement": AdminAccess(
        obj=lambda demo: demo.approved,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    "performance.collectionround": AdminAccess(
        obj=lambda demo: demo.collection_round,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    OK,    OK)),
            _deletes( (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK)),
        ),
    ),
    "reports.report": AdminAccess(
        obj=_x("public_report"),
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
    # The published version of the public summary: kept as it is, whoever asks.
    "reports.reportfile": AdminAccess(
        obj=lambda demo: demo.extra["public_report"].published_file,
        changelist=   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        add=          (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        change=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        delete=       (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO),
        history=      (_L,    _L,    _L,    _L,    _L,    _L,    NO,    OK),
        parts=(
            _saves(   (_L,    _L,    _L,    _L,    _L,    _L,    NO,    NO)),
        ),
    ),
}
# fmt: on
