"""Browser tests: Debian's Chromium, driven by Playwright, against a live server that holds the
demo board. One browser serves the whole session; each person gets a context of their own."""

import os
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from cpboard import roles
from cpboard.celery import app as celery_app
from cpboard.roles import Capability
from performance.models import Kpi, Polarity
from strategy.models import Outcome
from subgroups.models import BoardGroup, HighlightReport, Membership
from tests.browser.crawl import Coverage, Crawl, Crawler
from tests.browser.portal import SIGN_IN_URL, Portal, person_for
from tests.database import load_the_demo

# Playwright's sync API keeps an event loop running in the main thread, and Django refuses ORM
# calls from a thread with a running loop; the tests load data while the browser is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's chromium-headless-shell: the same Blink and V8 as the chromium package, without
# the desktop browser around them (what Playwright itself runs for headless tests). A walk of
# every page took 148 s in it against 168 s in the full browser, on the same machine.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A laptop screen, as councillors mostly use.
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator[Browser]:
    """Debian's Chromium; Playwright never downloads a browser of its own here."""
    # While Playwright's loop runs, Django looks up database connections per async context,
    # not per thread, and would open new ones beside those the tests have been using. Keep
    # this thread on the connections it already has.
    open_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in open_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def board_site(live_server, demo_board) -> str:
    """The live server's address, with the demo people, the Board, its sub-groups and the
    strategy: enough to sign in and use the forms.

    The live server answers from another thread, so the data must be committed: using
    live_server makes the test transactional, and after it the database is put back as
    migrations left it (tests/conftest.py)."""
    return live_server.url


@pytest.fixture
def demo_site(board_site) -> str:
    """The live server with the whole demo, as `make run` loads it (`load_demo`): also about
    30 KPIs with two years of figures, the action plan and risk register, a year of meetings
    with their papers, challenges and highlight reports, and the reports compiled into PDFs.
    Files go to the session's temporary MEDIA_ROOT (tests/conftest.py). Loaded once in the
    process, put back for each test after (tests/database.py, load_the_demo)."""
    load_the_demo()
    return board_site


@pytest.fixture
def tasks_answered() -> Iterator[None]:
    """Tasks are answered as in the demo (in-process), or, when REDIS_URL sends them to a
    real broker, by a worker thread started for the test."""
    if celery_app.conf.task_always_eager:
        yield
        return
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.fixture
def new_context(browser: Browser, board_site: str) -> Iterator[Callable[[], BrowserContext]]:
    """Make browser contexts (each a separate set of cookies) pointed at the live server;
    all are closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(base_url=board_site, viewport=VIEWPORT, locale="en-GB")
        # Generous: a compile or a busy 2-core machine can hold a page for seconds; a wait
        # that fails still fails, only later.
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def portal_as(new_context) -> Callable[[roles.Role], Portal]:
    """A signed-in portal for a role's demo person, through the real sign-in form. Asking
    twice for one role in a test gives the same signed-in context."""
    signed_in: dict[str, Portal] = {}

    def open_as(role: roles.Role) -> Portal:
        if role.slug not in signed_in:
            portal = Portal(new_context().new_page())
            portal.sign_in(person_for(role))
            signed_in[role.slug] = portal
        return signed_in[role.slug]

    return open_as


@pytest.fixture
def anonymous_page(new_context) -> Page:
    """A page in a fresh context: nobody signed in."""
    return new_context().new_page()


# Who walks the portal: someone signed out (the sign-in page), then each role's demo person.
SIGNED_OUT = "signed-out"
WALKERS = (SIGNED_OUT, *(role.slug for role in roles.ROLES))
# Pages no link leads to, with the status they answer: the error pages people meet.
EXTRA_PAGES = {
    roles.COUNCILLOR.slug: [("/this-page-does-not-exist/", 404)],
    roles.YOUNG_PERSON.slug: [("/system/status/", 403)],
}


def start_pages(role: roles.Role) -> list[str]:
    """Where a person's walk starts: the home page, then pages of their own work that hold the
    links to forms only they may open. The walk visits only a page or two of each kind (the
    first it meets: the home page's first KPI, the Board rather than a sub-group, the first
    outcome), so without these it would miss the forms that depend on which record is shown:

    - for those who manage KPIs, the first KPI with a target (the home page's first KPI is a
      context measure, a count with no target and so no "Set a target" button);
    - for those who update what they own, the first outcome they lead (its progress form);
    - for those who write highlight reports, the first sub-group they may write one for (its
      chair or lead officer; the board secretary, any sub-group);
    - for those who may not see staff names, the first submitted highlight report: one of the
      pages whose author's name is withheld, which the walk would otherwise reach only when no
      earlier walk of the session has used up its visits to meetings.
    """
    capabilities = role.capabilities
    user = get_user_model().objects.get(username=person_for(role).username)
    starts = ["/"]
    if Capability.MANAGE_KPIS in capabilities:
        kpi = Kpi.objects.exclude(polarity=Polarity.CONTEXT).order_by("code").first()
        starts.append(kpi.get_absolute_url())
    if Capability.UPDATE_OWN_ITEMS in capabilities:
        led = Outcome.objects.filter(lead_officer=user).order_by("number").first()
        if led is not None:
            starts.append(led.get_absolute_url())
    if Capability.WRITE_HIGHLIGHT_REPORTS in capabilities:
        subgroups = BoardGroup.objects.subgroups().order_by("pk")
        if Capability.RUN_MEETINGS not in capabilities:
            led_by = Membership.objects.current().filter(
                user=user, role__in=(Membership.Role.CHAIR, Membership.Role.LEAD_OFFICER)
            )
            subgroups = subgroups.filter(pk__in=led_by.values("group"))
        group = subgroups.first()
        if group is not None:
            starts.append(group.get_absolute_url())
    if not roles.may_see_staff_names(user):
        report = (
            HighlightReport.objects.filter(status=HighlightReport.Status.SUBMITTED)
            .order_by("pk")
            .first()
        )
        if report is not None:
            starts.append(report.get_absolute_url())
    return starts


@pytest.fixture(scope="session")
def crawls() -> dict[str, Crawl]:
    """Each walk's findings, kept for the session: the accessibility tests and the HTML
    check share one walk per person."""
    return {}


@pytest.fixture(scope="session")
def coverage() -> Coverage:
    """What the session's walks have checked, so that later walks need not repeat it."""
    return Coverage()


@pytest.fixture
def crawl_of(
    request, crawls, coverage, demo_site, portal_as, new_context
) -> Callable[[str], Crawl]:
    """The walk of the portal by `who` (a role's slug, or SIGNED_OUT), made on first use."""

    def crawl(who: str) -> Crawl:
        if who not in crawls:
            if who == SIGNED_OUT:
                page, starts = new_context().new_page(), [SIGN_IN_URL]
            else:
                role = next(role for role in roles.ROLES if role.slug == who)
                if roles.Capability.VIEW_SYSTEM_STATUS in role.capabilities:
                    request.getfixturevalue("tasks_answered")
                page, starts = portal_as(role).page, start_pages(role)
            walk = Crawler(page, who, demo_site, coverage).walk(starts, EXTRA_PAGES.get(who, []))
            crawls[who] = walk
        return crawls[who]

    return crawl
