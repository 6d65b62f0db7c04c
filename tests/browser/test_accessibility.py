"""Every page each person can reach passes axe-core's WCAG 2.2 A and AA checks, and so does
each form in its error state. Screenshots land in tests/screenshots/<who>/."""

import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.navigation import SECTIONS
from tests.browser.conftest import SIGNED_OUT, WALKERS
from tests.browser.crawl import AFTER_EMPTY_SUBMIT, SKIPPED_PREFIXES, Crawl, page_kind

pytestmark = pytest.mark.browser


def _role(slug: str) -> roles.Role:
    return next(role for role in roles.ROLES if role.slug == slug)


def expected_sections(who: str) -> set[str]:
    """The navigation sections the person has, except Django's admin site."""
    if who == SIGNED_OUT:
        return set()
    capabilities = _role(who).capabilities
    urls = {reverse(s.url_name) for s in SECTIONS if s.capability in capabilities}
    return {url for url in urls if not url.startswith(SKIPPED_PREFIXES)}


def expected_forms(who: str) -> set[str]:
    """The URL patterns of the forms the person can open."""
    if who == SIGNED_OUT:
        return {"accounts/login/"}
    capabilities = _role(who).capabilities
    forms = {"accounts/password/"}
    if roles.Capability.EDIT_GROUPS in capabilities:
        forms.add("board/<slug:slug>/edit/")
    if roles.Capability.EDIT_STRATEGY in capabilities:
        forms.add("strategy/outcomes/<int:pk>/edit/")
    return forms


def _summary(crawl: Crawl) -> str:
    left_out = ", ".join(f"{kind} {n}" for kind, n in sorted(crawl.left_out.items())) or "none"
    return f"{crawl.who}: {len(crawl.pages)} pages checked; links not followed: {left_out}"


@pytest.mark.parametrize("who", WALKERS)
def test_every_page_a_person_reaches_passes_axe(crawl_of, who):
    crawl = crawl_of(who)
    print(_summary(crawl))

    # A walk that stopped early would pass axe: it must reach every section and check each
    # form the person can open in its error state.
    reached = {page.url for page in crawl.pages}
    assert expected_sections(who) <= reached, f"{who} did not reach every section: {reached}"
    error_states = {
        page_kind(page.linked_from.partition("?")[0])
        for page in crawl.pages
        if page.state == AFTER_EMPTY_SUBMIT and page.shows_errors
    }
    assert expected_forms(who) <= error_states, f"{who}: error states seen {error_states}"

    problems = crawl.unexpected_statuses() + crawl.violation_lines()
    assert not problems, "\n".join([f"{len(problems)} problems:", *problems])
