"""The portal as a person at a browser sees it: signing in and out, and the steps of the
journeys people take. A new journey (the secretary compiling the board pack, say) adds the
steps it needs here, so that tests read as what the person does."""

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

from cpboard import roles
from cpboard.demo import DEMO_PASSWORD, DEMO_PEOPLE

SIGN_IN_URL = "/accounts/login/"


@dataclass(frozen=True)
class Person:
    """A demo account: what they type to sign in and what the portal calls them."""

    username: str
    name: str
    role: roles.Role


def person_for(role: roles.Role) -> Person:
    """The demo person who holds `role` (cpboard.demo creates one per role)."""
    for username, first_name, last_name, person_role in DEMO_PEOPLE:
        if person_role == role:
            return Person(username, f"{first_name} {last_name}".strip(), role)
    raise LookupError(f"No demo person holds the role {role.name}")


class Portal:
    """One browser tab on the portal."""

    def __init__(self, page: Page):
        self.page = page

    # Signing in and out

    def sign_in(self, person: Person, password: str = DEMO_PASSWORD) -> None:
        """Sign in through the real form and wait for the home page."""
        self.page.goto(SIGN_IN_URL)
        self.page.get_by_label("Username or e-mail address", exact=True).fill(person.username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page).to_have_url(re.compile(r"^[^?]*://[^/]+/$"))

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page).to_have_url(re.compile(re.escape(SIGN_IN_URL) + "$"))

    @property
    def account_bar(self) -> Locator:
        """The line that says who is signed in, in which role."""
        return self.page.locator(".cpb-account-bar__who")

    # Finding one's way

    def go_home(self) -> None:
        self.page.goto("/")

    @property
    def navigation(self) -> Locator:
        return self.page.get_by_role("navigation", name="Menu")

    def follow_navigation(self, label: str) -> None:
        self.navigation.get_by_role("link", name=label, exact=True).click()
        self.page.wait_for_load_state()

    def follow_link(self, name: str | re.Pattern, within: Locator | None = None) -> None:
        (within or self.main).get_by_role("link", name=name).click()
        self.page.wait_for_load_state()

    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    @property
    def heading(self) -> Locator:
        return self.main.get_by_role("heading", level=1)

    def summary_value(self, key: str) -> Locator:
        """The value beside `key` in a GOV.UK summary list."""
        row = self.page.locator(".govuk-summary-list__row").filter(
            has=self.page.locator(".govuk-summary-list__key", has_text=key)
        )
        return row.locator(".govuk-summary-list__value")

    # Forms

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def press_button(self, name: str, *, timeout: float | None = None) -> None:
        """Press a button in the page's main content and wait for the page it leads to; a
        `timeout` (milliseconds) for a button whose answer is known to take long."""
        self.main.get_by_role("button", name=name).click(timeout=timeout)
        self.page.wait_for_load_state(timeout=timeout)

    def refresh_until_shown(self, locator: Locator, *, timeout: float = 90_000) -> None:
        """Refresh the page, as a page that says "Refresh this page in a moment" asks, until
        `locator` shows: work a Celery worker finishes while the page is open (a compile).
        In-process (the demo) it shows at once. `timeout` in milliseconds."""
        deadline = time.monotonic() + timeout / 1000
        while not locator.is_visible():
            if time.monotonic() > deadline:
                expect(locator).to_be_visible(timeout=1)  # fails, naming what never showed
            self.page.wait_for_timeout(1000)
            self.page.reload()

    @property
    def success_banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner--success")

    # Figures

    def figure_row(self, kpi_title: str) -> Locator:
        """One KPI's row on the page for entering a group's figures."""
        return self.main.locator(".cpb-figure-row").filter(has_text=kpi_title)

    def waiting_figure(self, kpi_code: str) -> Locator:
        """A figure's row on the sign-off page."""
        return self.main.get_by_role("row").filter(has_text=kpi_code)

    # Records

    @property
    def change_history(self) -> Locator:
        """The rows of the change history table."""
        return self.page.locator("#history + table tbody tr")
