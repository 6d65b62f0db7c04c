"""Walk the portal as one person would, checking every page reached with axe-core.

Breadth-first from the start pages, following same-origin links; each page is checked with
axe (WCAG 2.2 A and AA), photographed, and its HTML as the server sent it is kept for the Nu
Html Checker. A form page is checked a second time after submitting it empty, so that the
error state (error summary, messages beside the fields) is checked too.

Pages of one kind (one URL pattern: every outcome, every group) share a view and a template,
so only the first few of each kind are visited: the walk's cost grows with the kinds of page
the portal has, not with the number of records, and a list of two hundred KPIs cannot use up
the page budget before the walk reaches the other sections.
"""

import re
import shutil
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, Response

ROOT = Path(__file__).parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = (
    "async (tags) => await axe.run(document, "
    "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
)

PAGE_LIMIT = 80
SAME_KIND_LIMIT = 3

# Not part of the portal's own pages: Django's admin site has its own templates, signing out
# ends the walk, and static and media files are not pages.
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", settings.STATIC_URL, settings.MEDIA_URL)

# Text boxes a person can empty; submitting them empty shows the form's error state.
EMPTIABLE = (
    "textarea, input:not([type]), input[type=text], input[type=password], input[type=email], "
    "input[type=number], input[type=search], input[type=tel], input[type=url], input[type=date]"
)
AFTER_EMPTY_SUBMIT = "after submitting its form empty"


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    selectors: tuple[str, ...]


@dataclass
class PageCheck:
    """One page as the walk saw it."""

    url: str
    """Path and query string of the page shown (after any redirect)."""
    name: str
    status: int
    expected_status: int = 200
    linked_from: str | None = None
    state: str = ""
    """What was done to the page before checking it, if anything."""
    violations: list[Violation] = field(default_factory=list)
    html: Path | None = None
    screenshot: Path | None = None
    shows_errors: bool = False


@dataclass
class Crawl:
    """Everything one person's walk checked."""

    who: str
    pages: list[PageCheck] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    """Links not followed because their kind of page, or the walk, reached its limit."""

    def page(self, url: str, state: str = "") -> PageCheck | None:
        return next((p for p in self.pages if p.url == url and p.state == state), None)

    def violation_lines(self) -> list[str]:
        """One line per axe violation and element: who, where, which rule, how bad, why."""
        lines = []
        for page in self.pages:
            where = page.url + (f" ({page.state})" if page.state else "")
            for v in page.violations:
                lines.append(f"{self.who} {where}: {v.rule} [{v.impact}] {v.help} ({v.help_url})")
                lines.extend(f"    at {selector}" for selector in v.selectors)
        return lines

    def unexpected_statuses(self) -> list[str]:
        return [
            f"{self.who} {p.url}: HTTP {p.status}, expected {p.expected_status}"
            + (f" (linked from {p.linked_from})" if p.linked_from else "")
            for p in self.pages
            if p.status != p.expected_status
        ]


def page_name(url: str) -> str:
    """A file name for a page: '/board/health/edit/?x=1' -> 'board-health-edit--x-1'."""
    parts = urlsplit(url)
    name = parts.path.strip("/").replace("/", "-") or "home"
    if parts.query:
        name += "--" + parts.query
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name)


def page_kind(path: str) -> str:
    """The URL pattern a path matches: the pages of one kind share a view and template."""
    try:
        return resolve(path).route or path
    except Resolver404:
        return path


class Crawler:
    """Walks the portal in one browser tab and checks each page reached."""

    def __init__(self, page: Page, who: str, site: str, *, page_limit: int = PAGE_LIMIT):
        self.page = page
        # An init script, not a script tag: the portal's Content-Security-Policy rightly
        # refuses inline scripts, and the tests should not switch it off.
        page.context.add_init_script(path=AXE_SCRIPT)
        self.origin = _origin(site)
        self.crawl = Crawl(who)
        self.page_limit = page_limit
        self.out_dir = SCREENSHOTS / who
        shutil.rmtree(self.out_dir, ignore_errors=True)
        self.out_dir.mkdir(parents=True)
        self._queued: set[str] = set()
        self._kinds: Counter = Counter()
        self._query_variants: set[str] = set()
        self._forms_checked: set[str] = set()

    def walk(self, starts: list[str], extras: list[tuple[str, int]] = ()) -> Crawl:
        """Visit `extras` (path, expected status) as they are, then walk from `starts`."""
        for url, status in extras:
            self._visit(url, linked_from=None, expected_status=status, follow=False)
        queue = deque((url, None) for url in starts)
        self._queued.update(starts)
        while queue:
            url, linked_from = queue.popleft()
            if len(self.crawl.pages) >= self.page_limit:
                self.crawl.left_out["(page limit)"] += 1
                continue
            for link in self._visit(url, linked_from):
                queue.append((link, url))
        return self.crawl

    def _visit(
        self, url: str, linked_from: str | None, expected_status: int = 200, follow: bool = True
    ) -> list[str]:
        response = self.page.goto(url)
        shown = _path_and_query(self.page.url)
        if shown != url and shown in self._queued and self.crawl.page(shown):
            return []  # a redirect to a page already checked
        check = self._check(shown, response, linked_from, expected_status)
        if check is None:
            return []
        self._check_form_error_state(shown, check)
        return self._new_links() if follow else []

    def _check(
        self,
        url: str,
        response: Response | None,
        linked_from: str | None,
        expected_status: int,
        state: str = "",
    ) -> PageCheck | None:
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return None
        name = page_name(url) + ("--error" if state else "")
        check = PageCheck(
            url=url,
            name=name,
            status=response.status,
            expected_status=expected_status,
            linked_from=linked_from,
            state=state,
        )
        result = self.page.evaluate(RUN_AXE, WCAG_TAGS)
        check.violations = [_violation(v) for v in result["violations"]]
        check.html = self.out_dir / f"{name}.html"
        check.html.write_text(response.text(), encoding="utf-8")
        check.screenshot = self.out_dir / f"{name}.png"
        self.page.screenshot(path=check.screenshot, full_page=True)
        check.shows_errors = self.page.locator(".govuk-error-summary").count() > 0
        self.crawl.pages.append(check)
        return check

    def _check_form_error_state(self, url: str, check: PageCheck) -> None:
        """Submit the page's form with its text boxes emptied and check the result, once per
        kind of page."""
        form = self.page.locator("main form[method=post i]").first
        kind = page_kind(urlsplit(url).path)
        if check.state or kind in self._forms_checked or form.count() == 0:
            return
        self._forms_checked.add(kind)
        for box in form.locator(EMPTIABLE).all():
            box.fill("")
        submit = form.locator("button[type=submit], input[type=submit], button:not([type])")
        with self.page.expect_navigation() as navigation:
            submit.first.click()
        self._check(
            _path_and_query(self.page.url),
            navigation.value,
            linked_from=url,
            expected_status=200,
            state=AFTER_EMPTY_SUBMIT,
        )

    def _new_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "links => links.map(a => [a.getAttribute('href'), a.href])"
        )
        found = []
        for raw, absolute in hrefs:
            url = self._followable(raw, absolute)
            if url is None or url in self._queued:
                continue
            self._queued.add(url)
            path, _, query = url.partition("?")
            # One sorted or paged variant of a table page is enough.
            if query:
                if path in self._query_variants:
                    continue
                self._query_variants.add(path)
            kind = page_kind(path)
            if self._kinds[kind] >= SAME_KIND_LIMIT:
                self.crawl.left_out[kind] += 1
                continue
            self._kinds[kind] += 1
            found.append(url)
        return found

    def _followable(self, raw: str, absolute: str) -> str | None:
        if raw.startswith("#"):
            return None
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or _origin(absolute) != self.origin:
            return None
        if parts.path.startswith(SKIPPED_PREFIXES):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _violation(result: dict) -> Violation:
    return Violation(
        rule=result["id"],
        impact=result.get("impact") or "",
        help=result["help"],
        help_url=result["helpUrl"],
        selectors=tuple(" ".join(map(str, node["target"])) for node in result["nodes"]),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
