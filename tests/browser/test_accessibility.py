"""Every page each person can reach passes axe-core's WCAG 2.2 A and AA checks, and so does
each form in its error state. With CPBOARD_SCREENSHOTS=1 (`make screenshots`) each page is
photographed too, into tests/screenshots/<who>/."""

import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.navigation import SECTIONS
from tests.browser.conftest import SIGNED_OUT, WALKERS
from tests.browser.crawl import AFTER_EMPTY_SUBMIT, SKIPPED_PREFIXES, Crawl, page_kind

pytestmark = pytest.mark.browser

Capability = roles.Capability

# The forms a person can open, by URL pattern, and what lets them; each one, submitted empty,
# must come back with its error summary (but see NO_ERROR_STATE).
FORMS = {
    "accounts/password/change/": None,
    "people/invite/": Capability.ADMINISTER,
    "board/<slug:slug>/edit/": Capability.EDIT_GROUPS,
    "strategy/outcomes/<int:pk>/edit/": Capability.EDIT_STRATEGY,
    "performance/import/": Capability.ENTER_FIGURES,
    "performance/import/kpis/": Capability.MANAGE_KPIS,
    "performance/entry/open/": Capability.MANAGE_KPIS,
    "performance/kpis/<str:code>/edit/": Capability.MANAGE_KPIS,
    "performance/kpis/<str:code>/target/": Capability.MANAGE_KPIS,
    "performance/review/<int:pk>/return/": Capability.APPROVE_FIGURES,
    "performance/review/<int:pk>/reopen/": Capability.APPROVE_FIGURES,
    # The action plan, the pledge and the risk register. Updating an action, reviewing a risk
    # and writing an outcome's progress are for its owner or lead officer (or EDIT_STRATEGY):
    # the demo officer and performance lead own actions and risks and lead outcomes.
    "strategy/actions/<int:pk>/update/": Capability.UPDATE_OWN_ITEMS,
    "strategy/risks/<int:pk>/review/": Capability.UPDATE_OWN_ITEMS,
    "strategy/outcomes/<int:pk>/progress/": Capability.UPDATE_OWN_ITEMS,
    "strategy/actions/new/": Capability.EDIT_STRATEGY,
    "strategy/actions/<int:pk>/edit/": Capability.EDIT_STRATEGY,
    "strategy/risks/new/": Capability.EDIT_STRATEGY,
    "strategy/risks/<int:pk>/edit/": Capability.EDIT_STRATEGY,
    "strategy/risks/import/": Capability.EDIT_STRATEGY,
    # Meetings, members, challenges, highlight reports and "You said, we did".
    "board/meetings/new/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/edit/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/items/add/": Capability.RUN_MEETINGS,
    "board/items/<int:pk>/edit/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/attendance/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/minutes/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/feedback/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/actions/add/": Capability.RUN_MEETINGS,
    "board/actions/<int:pk>/": Capability.RUN_MEETINGS,
    "board/challenges/raise/": Capability.RAISE_CHALLENGES,
    # Not listed: answering a challenge (board/challenges/<int:pk>/answer/) is for its owner or
    # RUN_MEETINGS, and only open challenges offer it. The officer's and the performance lead's
    # walks reach it from their to-do lists and check its error state; the board secretary owns
    # none and meets only answered ones, so no capability says who reaches it.
    "board/you-said-we-did/add/": Capability.RUN_MEETINGS,
    "board/you-said-we-did/<int:pk>/edit/": Capability.RUN_MEETINGS,
    "board/<slug:slug>/members/add/": Capability.RUN_MEETINGS,
    "board/members/<int:pk>/edit/": Capability.RUN_MEETINGS,
    # A sub-group's chair or lead officer writes its report: the demo officer and performance
    # lead are lead officers of sub-groups.
    "board/<slug:slug>/reports/new/": Capability.WRITE_HIGHLIGHT_REPORTS,
    "board/reports/<int:pk>/edit/": Capability.WRITE_HIGHLIGHT_REPORTS,
    # Board reports.
    "reports/new/": Capability.COMPILE_REPORTS,
    "reports/<int:pk>/sections/<slug:key>/": Capability.COMPILE_REPORTS,
    # The board's year: the work plan, declarations, inspections and member development are
    # the secretary's. Not listed: a visit's plan, report and actions are for the members who
    # go on it (or RUN_MEETINGS), so no capability says who reaches them.
    "board/<slug:slug>/work-plan/add/": Capability.RUN_MEETINGS,
    "board/work-plan/<int:pk>/edit/": Capability.RUN_MEETINGS,
    "board/work-plan/<int:pk>/items/add/": Capability.RUN_MEETINGS,
    "board/work-plan/items/<int:pk>/": Capability.RUN_MEETINGS,
    "board/work-plan/items/<int:pk>/move/": Capability.RUN_MEETINGS,
    "board/meetings/<int:pk>/declarations/add/": Capability.RUN_MEETINGS,
    "board/visits/plan/": Capability.VISIT_SERVICES,
    "board/inspections/log/": Capability.RUN_MEETINGS,
    "board/inspections/<int:pk>/edit/": Capability.RUN_MEETINGS,
    "board/inspections/<int:pk>/recommendations/add/": Capability.RUN_MEETINGS,
    "board/training/sessions/add/": Capability.RUN_MEETINGS,
    "board/training/sessions/<int:pk>/": Capability.RUN_MEETINGS,
    "board/training/courses/add/": Capability.RUN_MEETINGS,
    "board/training/courses/<int:pk>/": Capability.RUN_MEETINGS,
    "alerts/": Capability.VIEW_BOARD,
    # Young people's messages to the Board, and the participation lead's answers.
    "your-say/": Capability.SPEAK_TO_BOARD,
    "your-say/inbox/<int:pk>/": Capability.HEAR_YOUNG_PEOPLE,
}

# Forms that, submitted empty, are saved rather than refused, so they have no error state: the
# attendance register, the choice of e-mail alerts and the move of a planned item are radios
# and lists only (nothing to empty), and a meeting's minutes, decisions and feedback to young
# people, like a report's sections, may be left blank until written.
NO_ERROR_STATE = {
    "board/meetings/<int:pk>/attendance/",
    "alerts/",
    "board/work-plan/items/<int:pk>/move/",
    "board/meetings/<int:pk>/minutes/",
    "board/meetings/<int:pk>/feedback/",
    "reports/<int:pk>/sections/<slug:key>/",
}


def expected_sections(who: str) -> set[str]:
    """The navigation sections the person has, except Django's admin site."""
    if who == SIGNED_OUT:
        return set()
    capabilities = _role(who).capabilities
    urls = {reverse(s.url_name) for s in SECTIONS if s.capability in capabilities}
    return {url for url in urls if not url.startswith(SKIPPED_PREFIXES)}


def expected_forms(who: str) -> set[str]:
    if who == SIGNED_OUT:
        return {"accounts/login/"}
    capabilities = _role(who).capabilities
    return {form for form, needs in FORMS.items() if needs is None or needs in capabilities}


def _role(slug: str) -> roles.Role:
    return next(role for role in roles.ROLES if role.slug == slug)


def _summary(crawl: Crawl) -> str:
    left_out = ", ".join(f"{kind} {n}" for kind, n in sorted(crawl.left_out.items())) or "none"
    return f"{crawl.who}: {len(crawl.pages)} pages checked; pages of a kind not visited: {left_out}"


def test_every_page_each_person_reaches_passes_axe(crawl_of, crawls, subtests):
    # One test with a subtest per person: the demo data is loaded once for all the walks.
    for who in WALKERS:
        with subtests.test(who=who):
            crawl = crawl_of(who)
            print(_summary(crawl))
            assert_walk_went_everywhere(crawl, crawls)

            problems = crawl.unexpected_statuses() + crawl.violation_lines()
            assert not problems, "\n".join([f"{len(problems)} problems:", *problems])


def assert_walk_went_everywhere(crawl: Crawl, crawls: dict[str, Crawl]) -> None:
    """A walk that stopped early would pass axe: it must reach every section and every kind
    of form the person can open, and each form's error state must have been checked (in this
    walk or, as it is the same whoever submits it, an earlier one)."""
    who = crawl.who
    reached = {page.url for page in crawl.pages}
    assert expected_sections(who) <= reached, f"{who} did not reach every section: {reached}"
    forms_reached = {page_kind(page.url.partition("?")[0]) for page in crawl.pages}
    assert expected_forms(who) <= forms_reached, f"{who} reached only {forms_reached}"
    error_states = {
        page_kind(page.url.partition("?")[0])
        for walk in crawls.values()
        for page in walk.pages
        if page.state == AFTER_EMPTY_SUBMIT and page.shows_errors
    }
    assert expected_forms(who) - NO_ERROR_STATE <= error_states, f"error states: {error_states}"
