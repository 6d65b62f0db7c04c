"""Walk the portal as one person would, checking every page reached with axe-core.

Breadth-first from the start pages, following same-origin links; each page is checked with
axe (WCAG 2.2 A and AA), photographed, and its HTML as the server sent it is kept for the Nu
Html Checker. A form page is checked a second time after submitting it empty, so that the
error state (error summary, messages beside the fields) is checked too.

Pages of one kind (one URL pattern: every outcome, every KPI) share a view and a template, so
only a few of each kind are visited (see SAME_KIND_LIMIT): the walk's cost grows with the
kinds of page the portal has, not with the number of records, and a list of thirty KPIs
cannot use up the page budget before the walk reaches the other sections. Of the links that
only sort, filter or page a table, the first that leads to a page is visited (by the first
walk to reach that kind of page); links to files (exports) are not pages.
"""

import base64
import os
import re
import shutil
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Response

ROOT = Path(__file__).parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"
# Photographing every page is for people to look through (`make screenshots`); the checks
# do not need the pictures, and taking them is a good share of a walk's time.
TAKE_SCREENSHOTS = os.environ.get("CPBOARD_SCREENSHOTS") == "1"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = (
    "async (tags) => await axe.run(document, "
    "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
)

PAGE_LIMIT = 200
# Two pages of each kind, taken from different pages (the home page's list, the section's
# table), so that the examples vary: the Board's own page, say, besides a sub-group.
SAME_KIND_LIMIT = 2
SAME_KIND_FROM_ONE_PAGE = 1
# A later walk, by someone in another role, checks one page of each kind already checked: the
# role changes the page's navigation and buttons, not which record is shown.
SAME_KIND_LIMIT_SEEN_BEFORE = 1

# Not part of the portal's own pages: Django's admin site has its own templates, signing out
# ends the walk, and static and media files are not pages.
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", settings.STATIC_URL, settings.MEDIA_URL)

# Text boxes a person can empty; submitting them empty shows the form's error state.
EMPTIABLE = (
    "textarea, input:not([type]), input[type=text], input[type=password], input[type=email], "
    "input[type=number], input[type=search], input[type=tel], input[type=url], input[type=date]"
)
# A form is filled in if it has a field a person types into or chooses a file for; a form of
# hidden fields and a button (Approve, Sign out) does something at once and is left alone.
FILLED_IN = f"{EMPTIABLE}, input[type=file]"
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
class Coverage:
    """What the walks of one test session have checked so far."""

    kinds: set[str] = field(default_factory=set)
    """Kinds of page checked."""
    forms: set[str] = field(default_factory=set)
    """Kinds of form page whose error state was checked: a form's error state is the same
    whoever submits it."""


@dataclass
class Crawl:
    """Everything one person's walk checked."""

    who: str
    pages: list[PageCheck] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    """Pages not visited, by kind, because their kind of page or the walk reached its
    limit."""

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
    """Walks the portal in one signed-in tab and checks each page reached."""

    def __init__(
        self,
        page: Page,
        who: str,
        site: str,
        coverage: Coverage | None = None,
        *,
        page_limit: int = PAGE_LIMIT,
    ):
        # An init script, not a script tag: the portal's Content-Security-Policy rightly
        # refuses inline scripts, and the tests should not switch it off.
        page.context.add_init_script(path=AXE_SCRIPT)
        self.page = page
        self.origin = _origin(site)
        self.crawl = Crawl(who)
        self.page_limit = page_limit
        self.out_dir = SCREENSHOTS / who
        shutil.rmtree(self.out_dir, ignore_errors=True)
        self.out_dir.mkdir(parents=True)
        self._cdp = page.context.new_cdp_session(page)
        self._queued: set[str] = set()
        self._kinds: Counter = Counter()
        self._query_variants: set[str] = set()
        self._coverage = coverage or Coverage()
        self._seen_before = set(self._coverage.kinds)
        self._not_followed: set[str] = set()

    def walk(self, starts: list[str], extras: list[tuple[str, int]] = ()) -> Crawl:
        """Visit `extras` (path, expected status) without following their links, then walk
        breadth-first from `starts`."""
        for url, status in extras:
            self._visit(url, linked_from=None, expected_status=status, follow=False)
        self._queued.update(starts)
        waiting = deque((url, None) for url in starts)
        while waiting:
            if len(self.crawl.pages) >= self.page_limit:
                self._not_followed.update(url for url, _ in waiting)
                break
            url, linked_from = waiting.popleft()
            waiting.extend((link, url) for link in self._visit(url, linked_from))
        self._cdp.detach()
        self._coverage.kinds.update(page_kind(urlsplit(page.url).path) for page in self.crawl.pages)
        self.crawl.left_out = Counter(
            page_kind(url.partition("?")[0]) for url in self._not_followed
        )
        return self.crawl

    def _visit(
        self, url: str, linked_from: str | None, expected_status: int = 200, follow: bool = True
    ) -> list[str]:
        """Check the page at `url` and, once per kind of page, its form's error state;
        return the links to follow from it."""
        path, _, query = url.partition("?")
        if query and path in self._query_variants:
            return []  # one sorted, filtered or paged variant of a page is enough
        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                return []  # a file to download (an export), not a page
            raise
        shown = _path_and_query(self.page.url)
        if shown != url:  # redirected
            if shown in self._queued:
                return []
            self._queued.add(shown)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return []
        if query:
            self._query_variants.add(path)
        check = self._check(shown, response, linked_from, expected_status)
        self._check_form_error_state(check)
        return self._new_links() if follow else []

    def _check(
        self,
        url: str,
        response: Response,
        linked_from: str | None,
        expected_status: int,
        state: str = "",
    ) -> PageCheck:
        name = page_name(url) + ("--error" if state else "")
        check = PageCheck(
            url=url,
            name=name,
            status=response.status,
            expected_status=expected_status,
            linked_from=linked_from,
            state=state,
        )
        results = self.page.evaluate(RUN_AXE, WCAG_TAGS)
        check.violations = [_violation(v) for v in results["violations"]]
        check.html = self.out_dir / f"{name}.html"
        check.html.write_text(response.text(), encoding="utf-8")
        if TAKE_SCREENSHOTS:
            check.screenshot = self.out_dir / f"{name}.png"
            check.screenshot.write_bytes(self._full_page_png())
        check.shows_errors = self.page.locator(".govuk-error-summary").count() > 0
        self.crawl.pages.append(check)
        return check

    def _check_form_error_state(self, check: PageCheck) -> None:
        """Submit the page's form with its text boxes emptied and check the page that comes
        back; once per kind of page."""
        form = (
            self.page.locator("main form[method=post i]")
            .filter(has=self.page.locator(FILLED_IN))
            .first
        )
        kind = page_kind(urlsplit(check.url).path)
        if kind in self._coverage.forms or form.count() == 0:
            return
        self._coverage.forms.add(kind)
        for box in form.locator(EMPTIABLE).all():
            box.fill("")
        submit = form.locator("button[type=submit], input[type=submit], button:not([type])")
        with self.page.expect_navigation() as navigation:
            submit.first.click()
        shown = _path_and_query(self.page.url)
        self._check(shown, navigation.value, check.url, 200, state=AFTER_EMPTY_SUBMIT)

    def _full_page_png(self) -> bytes:
        """A screenshot of the whole page. Chromium's own capture with its fast PNG encoder
        takes about half the time of Playwright's full-page screenshot, which adds up over a
        hundred pages."""
        size = self._cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        options = {"format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True}
        shot = self._cdp.send("Page.captureScreenshot", {**options, "clip": clip})
        return base64.b64decode(shot["data"])

    def _new_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "links => links.map(a => [a.getAttribute('href'), a.href])"
        )
        found = []
        from_here: Counter = Counter()
        for raw, absolute in hrefs:
            url = self._followable(raw, absolute)
            if url is None or url in self._queued:
                continue
            path, _, query = url.partition("?")
            if query and path in self._queued:  # the same page sorted, filtered or paged
                kind = page_kind(path)
                if path not in self._query_variants and kind not in self._seen_before:
                    self._queued.add(url)
                    found.append(url)
                continue
            kind = page_kind(path)
            limit = SAME_KIND_LIMIT_SEEN_BEFORE if kind in self._seen_before else SAME_KIND_LIMIT
            if self._kinds[kind] >= limit or from_here[kind] >= SAME_KIND_FROM_ONE_PAGE:
                self._not_followed.add(url)
                continue
            self._queued.add(url)
            self._not_followed.discard(url)
            self._kinds[kind] += 1
            from_here[kind] += 1
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
