"""What the load check visits and saves: the one list to extend when a page or a form lands.

Both sides read it: the locustfile (the simulated people, under gevent) and run_load.py (which
prepares the database, then checks every acknowledged save against the change history). It
imports neither locust nor Django at module level, so either side can load it.

A URL may name placeholders in braces; run_load.py fills each from the database through
PLACEHOLDERS before the run, and each request picks one of the values at random.

A page or form that lands is one entry here and nothing else changes. Not here yet: the
quarterly KPI data entry (performance:entry, a formset of one group's KPIs for a quarter, saved
by the officer who owns them). Its SaveForm would write the token into one KPI's commentary
(`input_name` such as "form-0-commentary", `field` "commentary"), check
`history="performance.Measurement"` with a `history_key` that names the record as the record
URL's first placeholder does, and need a "quarter" placeholder and the owning role in
WRITER_ROLES.
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
    """A data-entry form the board secretary (or, for KPI figures, an officer) saves.

    Each save keeps every other field as the form showed it and writes a unique token into
    `field`; a save is acknowledged when the answer is a redirect to `record`. Afterwards the
    token must be in the history of the model `history` (an "app_label.Model" with
    django-simple-history), on the row whose `history_key` equals the placeholder's value."""

    name: str
    edit: str
    record: str
    field: str
    history: str
    history_key: str
    weight: int = 1
    input_name: str = ""
    """The field's name in the HTML form when it differs, e.g. "form-0-commentary" in a
    formset of a quarter's figures."""


READ_PAGES: tuple[Page, ...] = (
    Page("home page", "/", weight=3),
    Page("board", "/board/"),
    Page("group page", "/board/{group}/", weight=2),
    Page("strategy", "/strategy/", weight=2),
    Page("outcome page", "/strategy/outcomes/{outcome}/", weight=3),
    Page("principles", "/strategy/principles/"),
    Page("KPI scorecard", "/performance/", weight=3),
    Page("KPI page", "/performance/kpis/{kpi}/", weight=3),
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
)


def _values(label: str, field: str) -> Callable[[], list]:
    def values() -> list:
        from django.apps import apps

        return [str(v) for v in apps.get_model(label).objects.values_list(field, flat=True)]

    return values


# Placeholder name -> what fills it, read from the database after load_demo (Django set up).
PLACEHOLDERS: dict[str, Callable[[], list[str]]] = {
    "group": _values("subgroups.BoardGroup", "slug"),
    "outcome": _values("strategy.Outcome", "pk"),
    "kpi": _values("performance.Kpi", "code"),
}

# The simulated people, by the names of their roles in cpboard.roles. Readers visit
# READ_PAGES, taking the reader roles in turn (councillor, officer, councillor, ...); writers
# save SAVE_FORMS and look at the record they saved, and each holds every writer role, so
# that when officers may enter KPI figures, adding "OFFICER" here lets them save that form.
READER_ROLES = ("COUNCILLOR", "OFFICER")
WRITER_ROLES = ("BOARD_SECRETARY",)
# Of every 5 people, 4 read and 1 writes: 40 and 10 of 50.
READERS_PER_5 = 4
WRITERS_PER_5 = 1

# Written into a saved field, so that the history check can find every save of this run.
TOKEN_PREFIX = "load-check"
