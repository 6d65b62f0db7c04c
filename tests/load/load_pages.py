"""What the load check visits and saves: the one list to extend when a page or a form lands.

Both sides read it: the locustfile (the simulated people, under gevent) and run_load.py (which
prepares the database, then checks every acknowledged save against the change history). It
imports neither locust nor Django at module level, so either side can load it.

A URL may name placeholders in braces; run_load.py fills each from the database through
PLACEHOLDERS before the run, and each request picks one of the values at random.

When the KPI pages land (performance:scorecard, performance:kpi-detail, the quarterly data
entry form), add them here and nothing else changes, for example::

    Page("KPI scorecard", "/performance/", weight=3),
    Page("KPI page", "/performance/kpis/{kpi}/", weight=3),
    SaveForm(
        "KPI figures",
        edit="/performance/kpis/{kpi}/entry/",
        record="/performance/kpis/{kpi}/",
        field="commentary",
        history="performance.Measurement",
        history_key="kpi__slug",  # how a history row names the record, as the placeholder
    ),
    PLACEHOLDERS["kpi"] = _slugs("performance.KPI")
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


READ_PAGES: tuple[Page, ...] = (
    Page("home page", "/", weight=3),
    Page("board", "/board/"),
    Page("group page", "/board/{group}/", weight=2),
    Page("strategy", "/strategy/", weight=2),
    Page("outcome page", "/strategy/outcomes/{outcome}/", weight=3),
    Page("principles", "/strategy/principles/"),
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
}

# The simulated people: (role name in cpboard.roles, how many per 5 users, what they do).
# Readers visit READ_PAGES; writers save SAVE_FORMS (and look at the record they saved).
READER_ROLE = "COUNCILLOR"
WRITER_ROLE = "BOARD_SECRETARY"
READERS_PER_5 = 4
WRITERS_PER_5 = 1

# Written into a saved field, so that the history check can find every save of this run.
TOKEN_PREFIX = "load-check"
