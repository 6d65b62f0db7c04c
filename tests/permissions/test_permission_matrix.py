"""The permission matrix: every URL of the portal, asked by nobody signed in and by each role,
answers as the table in `access.py` says, and a refused answer shows nothing of the page and
changes nothing. Council data about children in care must never reach the wrong person."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.db.models import Model
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape
from django.views.static import serve as serve_media

from cpboard import roles
from tests.database import rolled_back
from tests.permissions.access import (
    ACCESS,
    AWAY,
    COLUMNS,
    KNOWN_GAPS,
    LOGIN,
    NO,
    OK,
    POST_ONLY,
    Access,
    Answer,
    Demo,
    load_demo,
)
from tests.permissions.access_admin import ADMIN_ACCESS, ADMIN_COLUMNS, PAGES, AdminAccess
from tests.permissions.access_subgroups import OPEN_ITEM, RESTRICTED

ACCESS_FILE = "tests/permissions/access.py"

# Django's admin site has its own sign-in and staff check and its own table, access_admin.py,
# tested below; static and media files are not pages.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_VIEWS = {serve_static, serve_media}


@dataclass(frozen=True)
class Route:
    name: str | None
    """Namespaced URL name, e.g. "subgroups:group-detail"; None if the pattern has no name."""
    route: str
    """The pattern as written, e.g. "board/<slug:slug>/", to say which URL a message means."""


def portal_routes(
    patterns: list | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    """Every URL pattern of the URLconf, walked recursively through each include()."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES and not namespace:
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from portal_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            if pattern.callback in SKIPPED_VIEWS:
                continue
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield Route(name=name, route=prefix + str(pattern.pattern))


ROUTES = list(portal_routes())
ROUTES_BY_NAME = {route.name: route for route in ROUTES if route.name}


def test_every_url_of_the_portal_has_an_entry_in_the_access_table():
    unnamed = [route.route for route in ROUTES if route.name is None]
    missing = [route for name, route in sorted(ROUTES_BY_NAME.items()) if name not in ACCESS]

    assert not unnamed, (
        f"URL patterns without a name cannot be listed in {ACCESS_FILE}: "
        f"{', '.join(unnamed)}. Give each one a name=."
    )
    assert not missing, (
        f"Nobody has said who may open these URLs. Add an entry to ACCESS in {ACCESS_FILE} "
        "for each (one row per method, a column per role, a sentinel the page shows):\n"
        + "\n".join(f"  {route.name}  (/{route.route})" for route in missing)
    )


def test_every_entry_of_the_access_table_names_a_url_that_exists():
    stale = sorted(set(ACCESS) - set(ROUTES_BY_NAME))

    assert not stale, (
        f"{ACCESS_FILE} has entries for URL names the URLconf no longer has: "
        f"{', '.join(stale)}. Remove them, or rename them to the view's new name."
    )


def test_the_access_table_has_a_column_for_each_role_of_the_portal():
    assert ("anonymous", *(role.slug for role in roles.ROLES)) == COLUMNS, (
        f"The columns of {ACCESS_FILE} must be anonymous and then cpboard.roles.ROLES in order; "
        "a role was added, removed or renamed: add, remove or rename its column in every row."
    )


def entry_problems(name: str, entry: Access) -> list[str]:
    """What makes an entry unable to prove anything: wrong width, or a check with nothing to
    check against."""
    problems = []
    for method, row in entry.rows().items():
        if len(row) != len(COLUMNS) or not all(isinstance(cell, Answer) for cell in row):
            problems.append(f"{method} row needs one Answer for each of the {len(COLUMNS)} columns")
            continue
        if entry.public and row[0] is LOGIN:
            problems.append(f"marked public, but anonymous {method} says LOGIN")
        if not entry.public and row[0] is not LOGIN:
            problems.append(
                f"anonymous {method} says {row[0]}: only URLs marked public=True may answer "
                "anyone not signed in"
            )
        if NO in row and entry.sentinel is None:
            problems.append(f"{method} refuses someone, but there is no sentinel to look for")
        if (AWAY in row or (method == "POST" and OK in row)) and entry.redirects_to is None:
            problems.append(f"{method} redirects, but redirects_to does not say where")
    if entry.post and (entry.payload is None or entry.state is None):
        problems.append("POST row needs a payload to send and a state to compare")
    for part in entry.parts:
        if len(part.seen) != len(COLUMNS):
            problems.append(f"part {part.name!r} needs one Answer for each column")
            continue
        for column, page, seen in zip(COLUMNS, entry.get, part.seen, strict=False):
            if page is OK and seen not in (OK, NO):
                problems.append(f"part {part.name!r} as {column}: say OK or NO")
            if page is not OK and seen is not page:
                problems.append(f"part {part.name!r} as {column}: the page says {page}")
    return [f"{name}: {problem}" for problem in problems]


def test_every_entry_of_the_access_table_is_complete():
    problems = [
        problem for name, entry in ACCESS.items() for problem in entry_problems(name, entry)
    ]
    problems += [
        f"KNOWN_GAPS names {name} {method} as {column}, which the table does not have"
        for name, method, column in KNOWN_GAPS
        if column not in COLUMNS or method not in ACCESS.get(name, Access(get=())).rows()
    ]

    assert not problems, f"Fix in {ACCESS_FILE}:\n" + "\n".join(problems)


# The matrix itself.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Demo]:
    """The demo board and one person per role, loaded once for the whole matrix and rolled back
    after it; each test runs in a savepoint inside, so what one test saves, the next never
    sees."""
    with rolled_back(django_db_blocker):
        yield load_demo()


@pytest.fixture(autouse=True)
def status_page_tasks_in_process(tasks_in_process):
    """The status page sends a task through the queue; the matrix checks who sees the page, not
    the queue, so tasks run in-process whatever REDIS_URL says."""


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    column: str

    @property
    def expected(self) -> Answer:
        return dict(zip(COLUMNS, ACCESS[self.name].rows()[self.method], strict=True))[self.column]

    def __str__(self) -> str:
        return f"{self.method}-{self.name}-as-{self.column}"


MATRIX = [
    Case(name, method, column)
    for name in ROUTES_BY_NAME
    if name in ACCESS
    for method in ACCESS[name].rows()
    for column in COLUMNS
]


def matrix_params() -> list:
    """The matrix's cases; a known gap runs as a strict xfail that names the gap."""
    return [
        pytest.param(
            case,
            id=str(case),
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[key])]
            if (key := (case.name, case.method, case.column)) in KNOWN_GAPS
            else [],
        )
        for case in MATRIX
    ]


def client_for(demo: Demo, column: str) -> Client:
    client = Client()
    if column != "anonymous":
        client.force_login(demo.users[column])
    return client


def body_of(response: HttpResponseBase) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def difference(before: dict, after: dict) -> str:
    """What changed between two readings of an entry's state, key by key."""
    return "; ".join(
        f"{key}: {before.get(key)!r} -> {after.get(key)!r}"
        for key in sorted({*before, *after}, key=str)
        if before.get(key) != after.get(key)
    )


def shows(body: str, text: str) -> bool:
    return text in body or escape(text) in body


def answer_problems(
    *,
    entry: Access,
    method: str,
    column: str,
    path: str,
    response: HttpResponseBase,
    demo: Demo,
    before: dict | None = None,
    after: dict | None = None,
) -> list[str]:
    """How the response differs from what the entry's row says `column` gets; empty if it
    matches."""
    expected = dict(zip(COLUMNS, entry.rows()[method], strict=True))[column]
    problems = []
    status = response.status_code
    location = response.get("Location", "")
    answered = f"answered {status}" + (f" to {location}" if location else "")
    body = body_of(response)
    sentinel = entry.sentinel(demo) if entry.sentinel else None

    if expected is OK and method == "GET":
        if status != 200:
            problems.append(f"{answered}, expected 200")
        elif sentinel and escape(sentinel) not in body:
            problems.append(f"the page does not show its sentinel {sentinel!r}")
        for part in entry.parts if status == 200 else ():
            seen = dict(zip(COLUMNS, part.seen, strict=True))[column]
            text = part.text(demo)
            if seen is OK and escape(text) not in body:
                problems.append(f"the page does not show the {part.name} ({text!r})")
            if seen is NO and shows(body, text):
                problems.append(f"the page shows the {part.name} ({text!r}) to {column}")
    elif expected is OK:
        wanted = entry.redirects_to(demo)
        if (status, location) != (302, wanted):
            problems.append(f"{answered}, expected 302 to {wanted}")
        if before == after:
            problems.append("the POST changed nothing that `state` reads")
    elif expected is NO:
        if status not in (403, 404):
            problems.append(f"{answered}, expected 403 or 404")
    elif expected is LOGIN:
        url = urlsplit(location)
        if (status, url.path, parse_qs(url.query).get("next")) != (
            302,
            reverse("account_login"),
            [path],
        ):
            problems.append(f"{answered}, expected 302 to {reverse('account_login')}?next={path}")
    elif expected is AWAY:
        to = entry.redirects_to
        if column == "anonymous" and entry.anonymous_redirects_to is not None:
            to = entry.anonymous_redirects_to
        wanted = to(demo)
        if (status, location) != (302, wanted):
            problems.append(f"{answered}, expected 302 to {wanted}")
    elif expected is POST_ONLY and status != 405:
        problems.append(f"{answered}, expected 405")

    if expected is not OK:
        restricted = [sentinel] if sentinel else []
        restricted += [part.text(demo) for part in entry.parts]
        problems += [
            f"the refused answer shows the restricted text {text!r}"
            for text in restricted
            if shows(body, text)
        ]
        if before != after:
            problems.append(f"the data changed: {difference(before or {}, after or {})}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("case", matrix_params())
def test_permission_matrix(case: Case, demo: Demo):
    entry = ACCESS[case.name]
    path = reverse(case.name, kwargs=entry.kwargs(demo))
    client = client_for(demo, case.column)
    state: Callable[[Demo], dict] = entry.state or (lambda demo: {})

    before = state(demo)
    response = client.post(path, entry.payload(demo)) if case.method == "POST" else client.get(path)
    after = state(demo)

    problems = answer_problems(
        entry=entry,
        method=case.method,
        column=case.column,
        path=path,
        response=response,
        demo=demo,
        before=before,
        after=after,
    )
    assert not problems, (
        f"{case.method} {path} ({case.name}) as {case.column}: {ACCESS_FILE} says "
        f"{case.expected}, but\n  - " + "\n  - ".join(problems)
    )


# The checker must be able to fail: a table that is wrong, or a view that leaks, is reported.


@pytest.mark.django_db
def test_the_checker_reports_a_table_that_refuses_a_page_the_role_can_open(demo: Demo):
    wrong = replace(ACCESS["reports:home"], get=(LOGIN, NO, OK, OK, OK, OK, OK))
    response = client_for(demo, "councillor").get("/")

    problems = answer_problems(
        entry=wrong, method="GET", column="councillor", path="/", response=response, demo=demo
    )

    assert response.status_code == 200
    assert problems == [
        "answered 200, expected 403 or 404",
        f"the refused answer shows the restricted text {demo.extra['you_said'].you_said!r}",
    ]


@pytest.mark.django_db
def test_the_checker_reports_a_table_that_lets_in_a_role_the_view_refuses(demo: Demo):
    wrong = replace(ACCESS["strategy:outcome-edit"], get=(LOGIN, NO, NO, NO, OK, OK, OK))
    path = reverse("strategy:outcome-edit", kwargs=wrong.kwargs(demo))
    response = client_for(demo, "young-person").get(path)

    problems = answer_problems(
        entry=wrong, method="GET", column="young-person", path=path, response=response, demo=demo
    )

    assert response.status_code == 403
    assert problems == ["answered 403, expected 200"]


@pytest.mark.django_db
def test_the_checker_reports_a_page_that_shows_unapproved_figures_to_a_councillor(demo: Demo):
    entry = ACCESS["performance:kpi-detail"]
    path = reverse("performance:kpi-detail", kwargs=entry.kwargs(demo))
    # What a councillor would get if the view forgot to hide figures waiting for sign-off.
    officers_page = client_for(demo, "officer").get(path)

    problems = answer_problems(
        entry=entry,
        method="GET",
        column="councillor",
        path=path,
        response=officers_page,
        demo=demo,
    )

    assert problems == [
        f"the page shows the unapproved figures ({demo.submitted.commentary!r}) to councillor"
    ]


def test_the_checker_reports_a_refusal_that_shows_the_page_or_still_saves(demo: Demo):
    leaky = HttpResponse(f"<p>Forbidden</p><p>{escape(demo.subgroup.remit)}</p>", status=403)

    problems = answer_problems(
        entry=ACCESS["subgroups:group-edit"],
        method="POST",
        column="councillor",
        path="/board/listening-to-you/edit/",
        response=leaky,
        demo=demo,
        before={"remit": "Old remit.", "meeting_frequency": "quarterly"},
        after={"remit": "Taken over.", "meeting_frequency": "quarterly"},
    )

    assert problems == [
        f"the refused answer shows the restricted text {demo.subgroup.remit!r}",
        "the data changed: remit: 'Old remit.' -> 'Taken over.'",
    ]


def test_the_checker_reports_a_page_that_does_not_send_anonymous_visitors_to_sign_in(
    demo: Demo,
):
    problems = answer_problems(
        entry=ACCESS["reports:home"],
        method="GET",
        column="anonymous",
        path="/",
        response=HttpResponse(escape(demo.extra["you_said"].you_said)),
        demo=demo,
    )

    assert problems == [
        "answered 200, expected 302 to /accounts/login/?next=/",
        f"the refused answer shows the restricted text {demo.extra['you_said'].you_said!r}",
    ]


# Django's admin site: staff accounts only, which is the administrator role.

ADMIN_PAGES = ["admin:index", "admin:auth_user_changelist", "admin:subgroups_boardgroup_changelist"]


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.slug)
def test_only_the_administrator_gets_into_the_admin_site(client_as, role, url_name):
    path = reverse(url_name)

    response = client_as(role).get(path)

    if role is roles.ADMINISTRATOR:
        assert response.status_code == 200
        assert "Corporate Parenting Board administration" in response.text
    else:
        assert response.status_code == 302
        assert response.url == f"{reverse('admin:login')}?next={path}"


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_the_admin_site_sends_someone_not_signed_in_to_sign_in(client, url_name):
    path = reverse(url_name)

    response = client.get(path)

    # The admin's front page has its own sign-in form; its other pages are behind the portal's.
    assert response.status_code == 302
    url = urlsplit(response.url)
    assert url.path in (reverse("admin:login"), reverse("account_login"))
    assert parse_qs(url.query)["next"] == [path]


# Django's admin site: every registered model's pages, by the table in access_admin.py.

ADMIN_ACCESS_FILE = "tests/permissions/access_admin.py"
STAFF_COLUMNS = {
    "superuser",
    *(role.slug for role in roles.ROLES if roles.Capability.ADMINISTER in role.capabilities),
}
"""Who gets past the admin site's sign-in: staff status comes with the administrator role."""


def registered_models() -> dict[str, type[Model]]:
    """The admin site's models by label: "subgroups.meeting"."""
    return {model._meta.label_lower: model for model in admin.site._registry}


def model_of(name: str) -> type[Model]:
    """The model an entry of the admin table is about: "auth.user (superuser)" -> User."""
    return registered_models()[name.split(" ")[0]]


def test_every_model_of_the_admin_site_has_an_entry_in_the_admin_table():
    labels = {name.split(" ")[0] for name in ADMIN_ACCESS}

    missing = sorted(set(registered_models()) - labels)
    stale = sorted(labels - set(registered_models()))

    assert not missing, (
        f"Nobody has said who may open these models' admin pages. Add an entry to ADMIN_ACCESS "
        f"in {ADMIN_ACCESS_FILE} for each: {', '.join(missing)}"
    )
    assert not stale, f"{ADMIN_ACCESS_FILE} names models the admin site does not have: {stale}"


def admin_entry_problems(name: str, entry: AdminAccess) -> list[str]:
    """What makes an admin entry unable to prove anything."""
    problems = []
    rows = entry.rows()
    if " " not in name and set(rows) != set(PAGES):
        problems.append(f"needs a row for each of the pages {', '.join(PAGES)}")
    for page, row in rows.items():
        if len(row) != len(ADMIN_COLUMNS) or not all(isinstance(cell, Answer) for cell in row):
            problems.append(f"{page} row needs one Answer for each of {len(ADMIN_COLUMNS)} columns")
            continue
        for column, cell in zip(ADMIN_COLUMNS, row, strict=True):
            if column not in STAFF_COLUMNS and cell is not LOGIN:
                problems.append(f"{page} as {column} says {cell}: only staff get past sign-in")
            if column in STAFF_COLUMNS and cell not in (OK, NO, AWAY):
                problems.append(f"{page} as {column}: say OK, NO or AWAY")
    for page, part in entry.parts:
        if page not in rows or len(part.seen) != len(ADMIN_COLUMNS):
            problems.append(f"part {part.name!r} needs a page of the entry and one Answer a column")
            continue
        for column, answer, seen in zip(ADMIN_COLUMNS, rows[page], part.seen, strict=True):
            if answer is OK and seen not in (OK, NO):
                problems.append(f"part {part.name!r} as {column}: say OK or NO")
            if answer is not OK and seen is not answer and seen is not NO:
                problems.append(f"part {part.name!r} as {column}: the {page} page says {answer}")
    return [f"{name}: {problem}" for problem in problems]


def test_every_entry_of_the_admin_table_is_complete():
    problems = [
        problem
        for name, entry in ADMIN_ACCESS.items()
        for problem in admin_entry_problems(name, entry)
    ]

    assert not problems, f"Fix in {ADMIN_ACCESS_FILE}:\n" + "\n".join(problems)


@dataclass(frozen=True)
class AdminCase:
    name: str
    page: str
    column: str

    def __str__(self) -> str:
        return f"admin-{self.page}-{self.name.replace(' ', '-')}-as-{self.column}"


ADMIN_MATRIX = [
    AdminCase(name, page, column)
    for name, entry in ADMIN_ACCESS.items()
    for page in entry.rows()
    for column in ADMIN_COLUMNS
]


def admin_path(demo: Demo, name: str, page: str) -> str:
    opts = model_of(name)._meta
    url_name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    if page in ("changelist", "add"):
        return reverse(url_name)
    return reverse(url_name, args=[ADMIN_ACCESS[name].obj(demo).pk])


def admin_client_for(demo: Demo, column: str) -> Client:
    if column != "superuser":
        return client_for(demo, column)
    client = Client()
    client.force_login(demo.extra["superuser"])
    return client


def admin_answer_problems(
    *, name: str, page: str, column: str, path: str, response: HttpResponseBase, demo: Demo
) -> list[str]:
    """How the response differs from what the admin table says `column` gets on `page`."""
    entry = ADMIN_ACCESS[name]
    expected = dict(zip(ADMIN_COLUMNS, entry.rows()[page], strict=True))[column]
    status = response.status_code
    location = response.get("Location", "")
    answered = f"answered {status}" + (f" to {location}" if location else "")
    body = body_of(response)
    if page == "add":
        sentinel = f"Add {model_of(name)._meta.verbose_name}"
    elif page == "changelist":
        # The list links each row it shows to the row's own page.
        sentinel = admin_path(demo, name, "change")
    else:
        sentinel = entry.sentinel_of(demo)
    parts = [part for part_page, part in entry.parts if part_page == page]
    problems = []

    if expected is OK:
        if status != 200:
            problems.append(f"{answered}, expected 200")
        elif not shows(body, sentinel):
            problems.append(f"the page does not show its sentinel {sentinel!r}")
        for part in parts if status == 200 else ():
            seen = dict(zip(ADMIN_COLUMNS, part.seen, strict=True))[column]
            if seen is OK and not shows(body, part.text(demo)):
                problems.append(f"the page does not show {part.name} ({part.text(demo)!r})")
            if seen is NO and shows(body, part.text(demo)):
                problems.append(f"the page shows {part.name} ({part.text(demo)!r}) to {column}")
    elif expected is NO and status not in (403, 404):
        problems.append(f"{answered}, expected 403 or 404")
    elif expected is LOGIN:
        # Nobody signed in meets the portal's sign-in first; a signed-in person without staff
        # status, the admin's own sign-in page.
        url = urlsplit(location)
        wanted = reverse("account_login" if column == "anonymous" else "admin:login")
        if (status, url.path, parse_qs(url.query).get("next")) != (302, wanted, [path]):
            problems.append(f"{answered}, expected 302 to {wanted}?next={path}")
    elif expected is AWAY and (status, location) != (302, reverse("admin:index")):
        problems.append(f"{answered}, expected 302 to {reverse('admin:index')}")

    if expected is not OK:
        problems += [
            f"the refused answer shows {text!r}"
            for text in [sentinel, *(part.text(demo) for part in parts)]
            if shows(body, text)
        ]
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("case", ADMIN_MATRIX, ids=str)
def test_admin_matrix(case: AdminCase, demo: Demo):
    path = admin_path(demo, case.name, case.page)

    response = admin_client_for(demo, case.column).get(path)

    problems = admin_answer_problems(
        name=case.name,
        page=case.page,
        column=case.column,
        path=path,
        response=response,
        demo=demo,
    )
    expected = dict(zip(ADMIN_COLUMNS, ADMIN_ACCESS[case.name].rows()[case.page], strict=True))
    assert not problems, (
        f"GET {path} ({case.name} {case.page}) as {case.column}: {ADMIN_ACCESS_FILE} says "
        f"{expected[case.column]}, but\n  - " + "\n  - ".join(problems)
    )


def test_the_admin_checker_reports_a_meeting_page_that_shows_a_restricted_item(demo: Demo):
    meeting = demo.extra["meeting"]
    # What the meeting's page would be if its agenda forgot who sits on the Board.
    leaky = HttpResponse(
        f'<h2>{escape(str(meeting))}</h2><input name="_save"><p>{escape(OPEN_ITEM)}</p>'
        f"<p>{escape(RESTRICTED)}</p>"
    )

    problems = admin_answer_problems(
        name="subgroups.meeting",
        page="change",
        column="superuser",
        path="/admin/subgroups/meeting/1/change/",
        response=leaky,
        demo=demo,
    )

    assert problems == [f"the page shows the restricted item ({RESTRICTED!r}) to superuser"]


def test_the_admin_checker_reports_a_delete_page_for_a_published_report_file(demo: Demo):
    report_file = demo.extra["public_report"].published_file
    confirm = HttpResponse(f"<p>Are you sure?</p><p>{escape(str(report_file))}</p>")

    problems = admin_answer_problems(
        name="reports.reportfile",
        page="delete",
        column="superuser",
        path="/admin/reports/reportfile/1/delete/",
        response=confirm,
        demo=demo,
    )

    assert problems == [
        "answered 200, expected 403 or 404",
        f"the refused answer shows {str(report_file)!r}",
    ]
